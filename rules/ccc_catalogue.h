// CccCatalogue: the products of the CCC catalogue (SAMR 2023 No. 36) that this
// work covers, as data (config/ccc/catalogue.toml): which product groups and
// which words put a listing in the catalogue, and which rules use each entry.
#ifndef SHOUHU_RULES_CCC_CATALOGUE_H_
#define SHOUHU_RULES_CCC_CATALOGUE_H_

#include <string>
#include <vector>

#include "base/status.h"

namespace shouhu::rules {

struct CccProduct {
  std::string name;                 // 塑胶玩具, 机动车儿童乘员用约束系统 …
  std::string rule_ref;             // implementation rule, e.g. CNCA-C22-02:2020
  std::vector<std::string> groups;  // product groups it applies to
  std::vector<std::string>
      keywords;  // any of these (in `fields`) puts the listing in; empty = whole group
  // Any of these (in `fields`) takes the listing out of this entry: a plush
  // doll is not a plastic toy, a wooden xylophone with metal keys not a metal toy.
  std::vector<std::string> exclude;
  std::vector<std::string> rules;  // rule ids using this entry; empty = every catalogue rule
  std::string where;               // file:line, for errors
};

struct CccCatalogue {
  std::string file;
  std::vector<std::string> fields;  // listing fields searched for keywords
  std::vector<CccProduct> products;

  // Reads a catalogue file: [catalogue] fields = [...], [[product]] tables.
  static Result<CccCatalogue> Load(const std::string& path);
};

}  // namespace shouhu::rules

#endif  // SHOUHU_RULES_CCC_CATALOGUE_H_
