// Scoring a sweep against a ground truth (the demo marketplace writes one; a
// hand-labelled set is the same format): precision and recall per finding
// category, over the listings the sweep stored.
#ifndef SHOUHU_PIPELINE_GROUND_TRUTH_H_
#define SHOUHU_PIPELINE_GROUND_TRUTH_H_

#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "base/status.h"

namespace shouhu::pipeline {

// (site, item_id) -> expected categories, as the market wrote them.
struct GroundTruth {
  std::map<std::pair<std::string, std::string>, std::set<std::string>> expected;
  std::map<std::pair<std::string, std::string>, bool> in_scope;
};

Result<GroundTruth> LoadGroundTruth(const std::string& path);

struct CategoryScore {
  std::string category;
  int true_positive = 0, false_positive = 0, false_negative = 0;
  double precision() const;  // 1.0 when nothing was flagged
  double recall() const;     // 1.0 when nothing was expected
};

struct Score {
  std::vector<CategoryScore> categories;  // doc/design.md §5.2 order
  int listings_scored = 0;                // stored listings found in the ground truth
  int listings_expected = 0;              // listings in the ground truth
  int listings_unknown = 0;               // stored listings absent from the ground truth
};

// `found`: (site, item_id) -> categories flagged, for every stored listing
// (listings with no finding included, with an empty set). A ground-truth listing
// absent from `found` counts as missed for each category it expects.
Score ScoreAgainst(
    const GroundTruth& truth,
    const std::map<std::pair<std::string, std::string>, std::set<std::string>>& found);

// (site, item_id) -> categories flagged, for every listing of the sweep that has
// findings (a listing without findings is simply absent, which scores the same).
Result<std::map<std::pair<std::string, std::string>, std::set<std::string>>> LoadFoundCategories(
    const std::string& db_path, int64_t sweep_id);

}  // namespace shouhu::pipeline

#endif  // SHOUHU_PIPELINE_GROUND_TRUTH_H_
