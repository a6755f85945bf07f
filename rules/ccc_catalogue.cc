#include "rules/ccc_catalogue.h"

#include "config/toml_doc.h"

namespace shouhu::rules {

Result<CccCatalogue> CccCatalogue::Load(const std::string& path) {
  auto root = config::LoadTomlFile(path);
  if (!root.ok()) return root.status();
  const config::Node& r = root.value();
  CccCatalogue cat;
  cat.file = path;
  if (Status s = r.CheckKeys({"catalogue", "product"}); !s.ok()) return s;
  const config::Node* head = r.Find("catalogue");
  if (head == nullptr || !head->is_table())
    return ConfigInvalid(path + ":1: missing [catalogue] table");
  if (Status s = head->CheckKeys({"source", "fields"}); !s.ok()) return s;
  auto fields = head->GetStringList("fields");
  if (!fields.ok()) return fields.status();
  cat.fields = std::move(fields).value();
  if (cat.fields.empty())
    return head->Error(StatusCode::kConfigInvalid, "fields = [...] names no field");
  const config::Node* products = r.Find("product");
  if (products == nullptr || !products->is_array())
    return ConfigInvalid(path + ":1: missing [[product]] tables");
  for (const config::Node& p : products->items) {
    if (Status s = p.CheckKeys({"name", "rule_ref", "groups", "keywords", "exclude", "rules"});
        !s.ok())
      return s;
    CccProduct prod;
    prod.where = p.Where();
    auto name = p.GetString("name");
    if (!name.ok()) return name.status();
    prod.name = name.value();
    auto ref = p.GetOptString("rule_ref");
    if (!ref.ok()) return ref.status();
    prod.rule_ref = ref.value().value_or("");
    for (auto [key, slot] :
         {std::pair<std::string_view, std::vector<std::string>*>{"groups", &prod.groups},
          {"keywords", &prod.keywords},
          {"exclude", &prod.exclude},
          {"rules", &prod.rules}}) {
      auto v = p.GetStringList(key);
      if (!v.ok()) return v.status();
      *slot = std::move(v).value();
    }
    if (prod.groups.empty()) return p.Error(StatusCode::kConfigInvalid, "product names no groups");
    cat.products.push_back(std::move(prod));
  }
  return cat;
}

}  // namespace shouhu::rules
