#include "model/listing.h"

#include <nlohmann/json.hpp>

namespace shouhu {
namespace {

using nlohmann::json;

void PutOpt(json& j, const char* key, const std::optional<std::string>& v) {
  if (v) j[key] = *v;
}

void PutList(json& j, const char* key, const std::vector<std::string>& v) {
  if (!v.empty()) j[key] = v;
}

// Reads an optional string member; a non-string value is an error naming the key.
Status GetOpt(const json& j, const char* key, std::optional<std::string>* out,
              const std::string& where) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return Status::Ok();
  if (!it->is_string()) return ParseError(where + ": field '" + key + "': expected a string");
  *out = it->get<std::string>();
  return Status::Ok();
}

Status GetList(const json& j, const char* key, std::vector<std::string>* out,
               const std::string& where) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return Status::Ok();
  if (!it->is_array())
    return ParseError(where + ": field '" + key + "': expected an array of strings");
  for (const auto& v : *it) {
    if (!v.is_string())
      return ParseError(where + ": field '" + key + "': expected an array of strings");
    out->push_back(v.get<std::string>());
  }
  return Status::Ok();
}

}  // namespace

nlohmann::json ListingToJson(const Listing& l) {
  json j = json::object();
  j["site"] = l.site;
  j["item_id"] = l.item_id;
  j["url"] = l.url;
  j["fetched_at"] = l.fetched_at;
  PutOpt(j, "title", l.title);
  if (l.price) {
    json price = {{"amount", l.price->amount}, {"currency", l.price->currency}};
    if (l.price->min) price["min"] = *l.price->min;
    if (l.price->max) price["max"] = *l.price->max;
    if (!l.price->text.empty()) price["text"] = l.price->text;
    j["price"] = price;
  }
  PutList(j, "category_path", l.category_path);
  json shop = json::object();
  PutOpt(shop, "name", l.shop.name);
  PutOpt(shop, "url", l.shop.url);
  PutOpt(shop, "id", l.shop.id);
  if (!shop.empty()) j["shop"] = shop;
  json seller = json::object();
  PutOpt(seller, "company", l.seller.company);
  PutOpt(seller, "address", l.seller.address);
  PutOpt(seller, "credit_code", l.seller.credit_code);
  PutOpt(seller, "license_no", l.seller.license_no);
  PutOpt(seller, "region_code", l.seller.region_code);
  if (!seller.empty()) j["seller"] = seller;
  json mf = json::object();
  PutOpt(mf, "name", l.manufacturer.name);
  PutOpt(mf, "address", l.manufacturer.address);
  if (!mf.empty()) j["manufacturer"] = mf;
  PutOpt(j, "brand", l.brand);
  PutOpt(j, "model", l.model);
  PutOpt(j, "age_range", l.age_range);
  PutOpt(j, "materials", l.materials);
  if (l.age_months) {
    json am = json::object();
    if (l.age_months->min) am["min"] = *l.age_months->min;
    if (l.age_months->max) am["max"] = *l.age_months->max;
    j["age_months"] = am;
  }
  PutList(j, "standards", l.standards);
  PutOpt(j, "safety_category", l.safety_category);
  PutList(j, "ccc", l.ccc);
  PutList(j, "warnings", l.warnings);
  if (!l.attributes.empty()) {
    // An object keeps the contract's {name: value} shape; a repeated name keeps its first value.
    json attrs = json::object();
    for (const auto& [k, v] : l.attributes) {
      if (!attrs.contains(k)) attrs[k] = v;
    }
    j["attributes"] = attrs;
  }
  if (!l.attribute_rows.empty()) {
    json rows = json::array();
    for (const AttributeRow& r : l.attribute_rows) {
      json row = json::object();
      if (!r.group.empty()) row["group"] = r.group;
      row["name"] = r.name;
      row["value"] = r.value;
      rows.push_back(std::move(row));
    }
    j["attribute_rows"] = std::move(rows);
  }
  PutOpt(j, "description", l.description);
  PutList(j, "images", l.images);
  if (!l.provenance.empty()) {
    json prov = json::object();
    for (const auto& [field, p] : l.provenance)
      prov[field] = {{"source", p.source}, {"path", p.path}};
    j["provenance"] = prov;
  }
  if (!l.fetched_charset.empty()) j["fetched_charset"] = l.fetched_charset;
  return j;
}

Result<Listing> ListingFromJson(const nlohmann::json& j, const std::string& where) {
  if (!j.is_object()) return ParseError(where + ": expected a JSON object");
  Listing l;
  std::optional<std::string> s;
  for (const char* key : {"site", "item_id", "url", "fetched_at"}) {
    s.reset();
    if (Status st = GetOpt(j, key, &s, where); !st.ok()) return st;
    std::string v = s.value_or("");
    if (std::string_view(key) == "site")
      l.site = v;
    else if (std::string_view(key) == "item_id")
      l.item_id = v;
    else if (std::string_view(key) == "url")
      l.url = v;
    else
      l.fetched_at = v;
  }
  Status st;
  auto chain = [&](Status s2) {
    if (st.ok() && !s2.ok()) st = std::move(s2);
  };
  chain(GetOpt(j, "title", &l.title, where));
  if (auto it = j.find("price"); it != j.end() && it->is_object()) {
    Price p;
    if (auto a = it->find("amount"); a != it->end() && a->is_number()) p.amount = a->get<double>();
    if (auto c = it->find("currency"); c != it->end() && c->is_string())
      p.currency = c->get<std::string>();
    if (auto m = it->find("min"); m != it->end() && m->is_number()) p.min = m->get<double>();
    if (auto m = it->find("max"); m != it->end() && m->is_number()) p.max = m->get<double>();
    if (auto t = it->find("text"); t != it->end() && t->is_string()) p.text = t->get<std::string>();
    l.price = p;
  }
  chain(GetList(j, "category_path", &l.category_path, where));
  if (auto it = j.find("shop"); it != j.end() && it->is_object()) {
    chain(GetOpt(*it, "name", &l.shop.name, where));
    chain(GetOpt(*it, "url", &l.shop.url, where));
    chain(GetOpt(*it, "id", &l.shop.id, where));
  }
  if (auto it = j.find("seller"); it != j.end() && it->is_object()) {
    chain(GetOpt(*it, "company", &l.seller.company, where));
    chain(GetOpt(*it, "address", &l.seller.address, where));
    chain(GetOpt(*it, "credit_code", &l.seller.credit_code, where));
    chain(GetOpt(*it, "license_no", &l.seller.license_no, where));
    chain(GetOpt(*it, "region_code", &l.seller.region_code, where));
  }
  if (auto it = j.find("manufacturer"); it != j.end() && it->is_object()) {
    chain(GetOpt(*it, "name", &l.manufacturer.name, where));
    chain(GetOpt(*it, "address", &l.manufacturer.address, where));
  }
  chain(GetOpt(j, "brand", &l.brand, where));
  chain(GetOpt(j, "model", &l.model, where));
  chain(GetOpt(j, "age_range", &l.age_range, where));
  chain(GetOpt(j, "materials", &l.materials, where));
  if (auto it = j.find("age_months"); it != j.end() && it->is_object()) {
    AgeMonths am;
    for (const char* key : {"min", "max"}) {
      auto v = it->find(key);
      if (v == it->end() || v->is_null()) continue;
      if (!v->is_number_integer()) {
        chain(ParseError(where + ": field 'age_months." + key + "': expected an integer"));
        continue;
      }
      (std::string_view(key) == "min" ? am.min : am.max) = v->get<int>();
    }
    l.age_months = am;
  }
  chain(GetList(j, "standards", &l.standards, where));
  chain(GetOpt(j, "safety_category", &l.safety_category, where));
  chain(GetList(j, "ccc", &l.ccc, where));
  chain(GetList(j, "warnings", &l.warnings, where));
  if (auto it = j.find("attributes"); it != j.end() && it->is_object()) {
    for (const auto& [k, v] : it->items()) {
      if (v.is_string())
        l.attributes.emplace_back(k, v.get<std::string>());
      else
        l.attributes.emplace_back(k, v.dump());
    }
  }
  if (auto it = j.find("attribute_rows"); it != j.end() && !it->is_null()) {
    if (!it->is_array()) {
      chain(ParseError(where + ": field 'attribute_rows': expected an array of objects"));
    } else {
      for (const auto& r : *it) {
        if (!r.is_object() || !r.contains("name") || !r["name"].is_string()) {
          chain(ParseError(where + ": field 'attribute_rows': expected {group, name, value}"));
          break;
        }
        AttributeRow row;
        row.name = r["name"].get<std::string>();
        if (auto g = r.find("group"); g != r.end() && g->is_string())
          row.group = g->get<std::string>();
        if (auto v = r.find("value"); v != r.end() && v->is_string())
          row.value = v->get<std::string>();
        l.attribute_rows.push_back(std::move(row));
      }
    }
  }
  chain(GetOpt(j, "description", &l.description, where));
  chain(GetList(j, "images", &l.images, where));
  if (auto it = j.find("fetched_charset"); it != j.end() && it->is_string())
    l.fetched_charset = it->get<std::string>();
  if (auto it = j.find("provenance"); it != j.end() && it->is_object()) {
    for (const auto& [field, p] : it->items()) {
      Provenance pv;
      if (p.is_object()) {
        pv.source = p.value("source", "");
        pv.path = p.value("path", "");
      }
      l.provenance[field] = pv;
    }
  }
  if (!st.ok()) return st;
  return l;
}

}  // namespace shouhu
