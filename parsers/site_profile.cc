#include "parsers/site_profile.h"

#include <algorithm>

#include "config/toml_doc.h"
#include "parsers/charset.h"
#include "parsers/selector.h"
#include "parsers/structured_data.h"

namespace shouhu::parsers {
namespace {

using config::Node;

Status CheckPattern(const Node& where, const std::string& pattern, int min_groups, int max_groups) {
  return config::CheckRegex(where, pattern, min_groups, max_groups);
}

Status CheckSelector(const Node& where, const std::string& text) {
  Result<Selector> sel = Selector::Parse(text);
  if (!sel.ok()) return where.Error(StatusCode::kConfigInvalid, sel.status().message());
  return Status::Ok();
}

Status CheckJsonPath(const Node& where, const std::string& path) {
  Result<std::vector<JsonPathStep>> steps = ParseJsonPath(path);
  if (!steps.ok()) return where.Error(StatusCode::kConfigInvalid, steps.status().message());
  return Status::Ok();
}

// The inline table of a table / pairs / items source: its element selector
// (`scope_key`), the cell selectors named in `cells`, and skip / group.
Status ReadRowSource(const Node& t, const char* kind, const char* scope_key,
                     std::vector<std::string_view> cells, FieldSource* src) {
  if (!t.is_table()) {
    return t.Error(StatusCode::kConfigInvalid, std::string("expected a table, e.g. ") + kind +
                                                   " = { " + scope_key + " = \"...\" }");
  }
  std::vector<std::string_view> allowed = cells;
  allowed.insert(allowed.end(), {scope_key, "skip", "group"});
  SHOUHU_RETURN_IF_ERROR(t.CheckKeys(allowed));
  SHOUHU_ASSIGN_OR_RETURN(src->selector, t.GetString(scope_key));
  SHOUHU_RETURN_IF_ERROR(CheckSelector(*t.Find(scope_key), src->selector));
  auto read = [&](const char* key, std::string* out) -> Status {
    std::optional<std::string> v;
    SHOUHU_ASSIGN_OR_RETURN(v, t.GetOptString(key));
    if (!v) return Status::Ok();
    if (v->empty()) return t.Find(key)->Error(StatusCode::kConfigInvalid, "empty selector");
    *out = *v;
    return CheckSelector(*t.Find(key), *out);
  };
  for (std::string_view c : cells) {
    SHOUHU_RETURN_IF_ERROR(
        read(c == "key" ? "key" : "value", c == "key" ? &src->key_selector : &src->value_selector));
  }
  SHOUHU_RETURN_IF_ERROR(read("skip", &src->skip_selector));
  SHOUHU_RETURN_IF_ERROR(read("group", &src->group_selector));
  return Status::Ok();
}

// One [[fields.X]] entry.
Result<FieldSource> ParseSource(const Node& n, const std::string& field) {
  if (!n.is_table())
    return n.Error(StatusCode::kConfigInvalid, "expected a table (use [[fields." + field + "]])");
  SHOUHU_RETURN_IF_ERROR(
      n.CheckKeys({"jsonld", "embedded", "microdata", "meta", "selector", "table", "pairs", "items",
                   "attr", "keys", "capture", "split", "type", "name_key", "value_key", "scale"}));
  FieldSource src;
  src.line = n.line;
  int kinds = 0;
  for (const char* k :
       {"jsonld", "embedded", "microdata", "meta", "selector", "table", "pairs", "items"}) {
    if (n.Find(k) != nullptr) ++kinds;
  }
  if (kinds != 1) {
    return n.Error(
        StatusCode::kConfigInvalid,
        "needs exactly one of jsonld, embedded, microdata, meta, selector, table, pairs, items");
  }
  std::optional<std::string> s;
  if (const Node* v = n.Find("jsonld")) {
    SHOUHU_ASSIGN_OR_RETURN(s, n.GetOptString("jsonld"));
    src.kind = FieldSource::Kind::kJsonLd;
    src.path = *s;
    SHOUHU_RETURN_IF_ERROR(CheckJsonPath(*v, src.path));
  } else if (const Node* e = n.Find("embedded")) {
    SHOUHU_ASSIGN_OR_RETURN(s, n.GetOptString("embedded"));
    src.kind = FieldSource::Kind::kEmbedded;
    src.path = *s;
    SHOUHU_RETURN_IF_ERROR(CheckJsonPath(*e, src.path));
  } else if (n.Find("microdata") != nullptr) {
    SHOUHU_ASSIGN_OR_RETURN(s, n.GetOptString("microdata"));
    src.kind = FieldSource::Kind::kMicrodata;
    src.path = *s;
    if (src.path.empty())
      return n.Find("microdata")->Error(StatusCode::kConfigInvalid, "empty itemprop");
  } else if (n.Find("meta") != nullptr) {
    SHOUHU_ASSIGN_OR_RETURN(s, n.GetOptString("meta"));
    src.kind = FieldSource::Kind::kMeta;
    src.path = *s;
    if (src.path.empty())
      return n.Find("meta")->Error(StatusCode::kConfigInvalid, "empty meta name");
  } else if (const Node* sel = n.Find("selector")) {
    SHOUHU_ASSIGN_OR_RETURN(s, n.GetOptString("selector"));
    src.kind = FieldSource::Kind::kSelector;
    src.selector = *s;
    SHOUHU_RETURN_IF_ERROR(CheckSelector(*sel, src.selector));
  } else if (const Node* t = n.Find("table")) {
    src.kind = FieldSource::Kind::kTable;
    SHOUHU_RETURN_IF_ERROR(ReadRowSource(*t, "table", "rows", {"key", "value"}, &src));
  } else if (const Node* pr = n.Find("pairs")) {
    src.kind = FieldSource::Kind::kPairs;
    src.key_selector = "dt";
    src.value_selector = "dd";
    SHOUHU_RETURN_IF_ERROR(ReadRowSource(*pr, "pairs", "container", {"key", "value"}, &src));
  } else if (const Node* it = n.Find("items")) {
    src.kind = FieldSource::Kind::kItems;
    SHOUHU_RETURN_IF_ERROR(ReadRowSource(*it, "items", "rows", {}, &src));
  }
  if (const Node* a = n.Find("attr")) {
    if (src.kind != FieldSource::Kind::kSelector) {
      return a->Error(StatusCode::kConfigInvalid, "'attr' applies to selector sources only");
    }
    if (a->is_string()) {
      src.attrs = {a->text};
    } else {
      SHOUHU_ASSIGN_OR_RETURN(src.attrs, n.GetStringList("attr"));
    }
    if (src.attrs.empty() ||
        std::any_of(src.attrs.begin(), src.attrs.end(), [](const auto& x) { return x.empty(); })) {
      return a->Error(StatusCode::kConfigInvalid, "expected an attribute name or a list of them");
    }
  }
  SHOUHU_ASSIGN_OR_RETURN(src.keys, n.GetStringList("keys"));
  const bool rows_kind = src.kind == FieldSource::Kind::kTable ||
                         src.kind == FieldSource::Kind::kPairs ||
                         src.kind == FieldSource::Kind::kItems;
  if (!src.keys.empty() && !rows_kind && src.kind != FieldSource::Kind::kJsonLd &&
      src.kind != FieldSource::Kind::kEmbedded) {
    return n.Find("keys")->Error(
        StatusCode::kConfigInvalid,
        "'keys' applies to table, pairs, items, jsonld and embedded sources");
  }
  if (rows_kind && src.keys.empty() && field != "attributes") {
    return n.Error(StatusCode::kConfigInvalid, std::string("a ") + SourceKindName(src.kind) +
                                                   " source needs 'keys' (except for field "
                                                   "'attributes')");
  }
  if (const Node* sc = n.Find("scale")) {
    if (field != "price" && field != "price.min" && field != "price.max") {
      return sc->Error(StatusCode::kConfigInvalid, "'scale' applies to price fields only");
    }
    std::optional<double> scale;
    SHOUHU_ASSIGN_OR_RETURN(scale, n.GetOptNumber("scale"));
    src.scale = scale.value_or(1);
    if (!(src.scale > 0)) return sc->Error(StatusCode::kConfigInvalid, "must be above 0");
  }
  SHOUHU_ASSIGN_OR_RETURN(s, n.GetOptString("capture"));
  if (s) {
    src.capture = *s;
    SHOUHU_RETURN_IF_ERROR(CheckPattern(*n.Find("capture"), src.capture, 1, -1));
  }
  SHOUHU_ASSIGN_OR_RETURN(s, n.GetOptString("split"));
  if (s) {
    src.split = *s;
    SHOUHU_RETURN_IF_ERROR(CheckPattern(*n.Find("split"), src.split, -1, -1));
  }
  SHOUHU_ASSIGN_OR_RETURN(s, n.GetOptString("type"));
  if (s) {
    if (src.kind != FieldSource::Kind::kJsonLd && src.kind != FieldSource::Kind::kMicrodata) {
      return n.Find("type")->Error(StatusCode::kConfigInvalid,
                                   "'type' applies to jsonld and microdata sources");
    }
    src.type = *s;
  } else if (src.kind == FieldSource::Kind::kMicrodata) {
    src.type = "";  // microdata: the whole document unless a type is named
  }
  SHOUHU_ASSIGN_OR_RETURN(s, n.GetOptString("name_key"));
  if (s) src.name_key = *s;
  SHOUHU_ASSIGN_OR_RETURN(s, n.GetOptString("value_key"));
  if (s) {
    src.value_key = *s;
    SHOUHU_RETURN_IF_ERROR(CheckJsonPath(*n.Find("value_key"), src.value_key));
  }
  return src;
}

// A [fields] table: members are field names (arrays of source tables) or groups
// ("shop", "manufacturer", "price") whose members are field names.
Status ParseFields(const Node& table, const std::vector<std::string>& known,
                   const std::string& prefix,
                   std::map<std::string, std::vector<FieldSource>>* out) {
  if (!table.is_table()) return table.Error(StatusCode::kConfigInvalid, "expected a table");
  for (const auto& [key, value] : table.members) {
    std::string name = prefix.empty() ? key : prefix + "." + key;
    bool is_field = std::find(known.begin(), known.end(), name) != known.end();
    if (!is_field) {
      bool is_group =
          value.is_table() && std::any_of(known.begin(), known.end(), [&](const std::string& k) {
            return k.rfind(name + ".", 0) == 0;
          });
      if (is_group) {
        SHOUHU_RETURN_IF_ERROR(ParseFields(value, known, name, out));
        continue;
      }
      return value.Error(StatusCode::kConfigInvalid, "unknown field '" + name + "'");
    }
    if (!value.is_array()) {
      return value.Error(StatusCode::kConfigInvalid,
                         "expected an array of tables (write [[" + table.path + "." + key + "]])");
    }
    std::vector<FieldSource>& list = (*out)[name];
    for (const Node& item : value.items) {
      FieldSource src;
      SHOUHU_ASSIGN_OR_RETURN(src, ParseSource(item, name));
      list.push_back(std::move(src));
    }
  }
  return Status::Ok();
}

Result<SiteProfile> FromNode(const Node& root) {
  std::vector<std::string_view> keys = config::CrawlScopeKeys();
  keys.insert(keys.end(), {"default_charset", "embedded_state_pattern", "fields", "shop"});
  SHOUHU_RETURN_IF_ERROR(root.CheckKeys(keys));
  SiteProfile p;
  SHOUHU_RETURN_IF_ERROR(config::ReadCrawlScope(root, &p));
  std::optional<std::string> s;
  SHOUHU_ASSIGN_OR_RETURN(s, root.GetOptString("embedded_state_pattern"));
  if (s) {
    p.embedded_state_pattern = *s;
    SHOUHU_RETURN_IF_ERROR(CheckPattern(*root.Find("embedded_state_pattern"), *s, -1, -1));
  }
  SHOUHU_ASSIGN_OR_RETURN(s, root.GetOptString("default_charset"));
  if (s) {
    if (CanonicalCharset(*s).empty()) {
      return root.Find("default_charset")
          ->Error(StatusCode::kConfigInvalid, "unknown charset '" + *s + "'");
    }
    p.default_charset = *s;
  }
  if (const Node* f = root.Find("fields")) {
    SHOUHU_RETURN_IF_ERROR(ParseFields(*f, ListingFieldNames(), "", &p.fields));
  }
  if (const Node* shop = root.Find("shop")) {
    if (!shop->is_table()) return shop->Error(StatusCode::kConfigInvalid, "expected a table");
    SHOUHU_RETURN_IF_ERROR(shop->CheckKeys({"fields"}));
    if (const Node* f = shop->Find("fields")) {
      SHOUHU_RETURN_IF_ERROR(ParseFields(*f, SellerFieldNames(), "", &p.shop_fields));
    }
  }
  bool needs_state = false;
  for (const auto& [name, list] : p.fields) {
    for (const auto& src : list)
      needs_state = needs_state || src.kind == FieldSource::Kind::kEmbedded;
  }
  if (needs_state && p.embedded_state_pattern.empty()) {
    return root.Error(StatusCode::kConfigInvalid, "embedded sources need 'embedded_state_pattern'");
  }
  return p;
}

}  // namespace

const std::vector<std::string>& ListingFieldNames() {
  static const std::vector<std::string> kNames = {"item_id",
                                                  "title",
                                                  "price",
                                                  "price.currency",
                                                  "price.min",
                                                  "price.max",
                                                  "category_path",
                                                  "shop.name",
                                                  "shop.url",
                                                  "shop.id",
                                                  "seller.company",
                                                  "seller.address",
                                                  "seller.credit_code",
                                                  "seller.license_no",
                                                  "seller.region_code",
                                                  "manufacturer.name",
                                                  "manufacturer.address",
                                                  "brand",
                                                  "model",
                                                  "age_range",
                                                  "materials",
                                                  "standards",
                                                  "safety_category",
                                                  "ccc",
                                                  "warnings",
                                                  "attributes",
                                                  "description",
                                                  "images"};
  return kNames;
}

const std::vector<std::string>& SellerFieldNames() {
  static const std::vector<std::string> kNames = {"company",    "address",     "credit_code",
                                                  "license_no", "region_code", "shop_name"};
  return kNames;
}

bool IsUrlField(const std::string& name) { return name == "shop.url" || name == "images"; }

const char* SourceKindName(FieldSource::Kind k) {
  switch (k) {
    case FieldSource::Kind::kJsonLd:
      return "jsonld";
    case FieldSource::Kind::kMicrodata:
      return "microdata";
    case FieldSource::Kind::kEmbedded:
      return "embedded";
    case FieldSource::Kind::kSelector:
      return "selector";
    case FieldSource::Kind::kTable:
      return "table";
    case FieldSource::Kind::kPairs:
      return "pairs";
    case FieldSource::Kind::kItems:
      return "items";
    case FieldSource::Kind::kMeta:
      return "meta";
  }
  return "";
}

bool IsListField(const std::string& name) {
  return name == "category_path" || name == "standards" || name == "ccc" || name == "warnings" ||
         name == "images";
}

Result<SiteProfile> ParseSiteProfile(std::string_view toml_text, const std::string& source_name) {
  Result<Node> root = config::ParseToml(toml_text, source_name);
  if (!root.ok()) return root.status();
  return FromNode(*root);
}

Result<SiteProfile> LoadSiteProfile(const std::string& path) {
  Result<Node> root = config::LoadTomlFile(path);
  if (!root.ok()) return root.status();
  return FromNode(*root);
}

}  // namespace shouhu::parsers
