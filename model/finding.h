// Finding: one rule hit on one listing (doc/design.md §5.2). Carries everything an
// inspector needs to judge it without re-running the rule: which rule and version,
// the field and the exact page text it rests on, the message and the legal basis.
#ifndef SHOUHU_MODEL_FINDING_H_
#define SHOUHU_MODEL_FINDING_H_

#include <array>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace shouhu {

// The fixed set of finding categories (doc/design.md §5.2), so results can be counted.
inline constexpr std::array<std::string_view, 10> kFindingCategories = {
    "label.missing", "label.invalid", "ccc.missing", "ccc.invalid", "ccc.mismatch",
    "novelty",       "blind_box",     "claims",      "hazard",      "watchlist"};

inline bool IsFindingCategory(std::string_view c) {
  for (auto k : kFindingCategories) {
    if (k == c) return true;
  }
  return false;
}

struct Finding {
  std::string rule_id;  // e.g. "G-01"
  int rule_version = 1;
  std::string category;  // one of kFindingCategories
  std::string severity;  // high | medium | low
  std::string field;     // Listing field the finding rests on ("title", "standards", ...)
  std::string snippet;   // the matched page text, quoted exactly (empty for "absent" findings)
  std::string message;   // Chinese, for the inspector
  std::string basis;     // the law or standard clause
};

// JSON form of doc/design.md §5.2, one object per finding, in order.
nlohmann::json FindingsToJson(const std::vector<Finding>& findings);

}  // namespace shouhu

#endif  // SHOUHU_MODEL_FINDING_H_
