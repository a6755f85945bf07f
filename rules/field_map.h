// FieldMap: the named fields rules speak of ("producer", "standards", "age" …)
// and where each is found on a Listing: listing members and parameter-table
// names (生产企业 / 生产厂家 / 制造商 …). Data from the vocabulary file, so a new
// platform's synonym is a config change (doc/rules.md "Fields").
//
// Thread-safety: immutable after Load; share freely.
#ifndef SHOUHU_RULES_FIELD_MAP_H_
#define SHOUHU_RULES_FIELD_MAP_H_

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/status.h"
#include "config/toml_doc.h"
#include "model/listing.h"

namespace shouhu::rules {

class FieldMap {
 public:
  // Loads the [fields.NAME] tables of a vocabulary file: listing = [...] members,
  // attributes = [...] parameter names ("*" = the whole table as one value, a
  // "名称:值" line per row),
  // value_pattern = RE2 a value must contain to count (e.g. a percentage for fibre content).
  static Result<FieldMap> Load(const config::Node& vocabulary);

  bool Has(std::string_view name) const;
  const std::vector<std::string>& names() const;
  // "名称：值" label lines of a description ("执行标准：GB 6675-2014；生产厂家：…"):
  // sellers often write the label there instead of in the parameter table. A
  // value runs to the end of the line or sentence (。；;|, two spaces).
  using Labels = std::vector<std::pair<std::string_view, std::string_view>>;
  static Labels DescriptionLabels(std::string_view description);

  // Non-empty values of `name` on the listing, page text as is, duplicates
  // dropped: listing members, parameter rows, then description labels whose
  // name is one of the field's parameter names.
  std::vector<std::string> Values(const Listing& listing, std::string_view name,
                                  const Labels& description_labels) const;
  std::vector<std::string> Values(const Listing& listing, std::string_view name) const;

 private:
  struct Impl;
  std::shared_ptr<const Impl> impl_;
};

}  // namespace shouhu::rules

#endif  // SHOUHU_RULES_FIELD_MAP_H_
