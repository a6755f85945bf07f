// Scoring the rule pack against labelled listings (`shouhu rules score`): each
// listing carries `expected`, the finding categories an inspector would raise
// on it; the engine's findings are compared category by category (a listing
// counts once per category, however many rules of it fire). Units use it to
// check a rule-pack change before a campaign; the project's own test runs it on
// the hand-written corpus in tests/testdata/listings/ (doc/rules.md).
//
// Thread-safety: one call at a time per context (as JudgeListingsFile).
#ifndef SHOUHU_PIPELINE_RULES_SCORE_H_
#define SHOUHU_PIPELINE_RULES_SCORE_H_

#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "pipeline/ground_truth.h"
#include "rules/rule_engine.h"

namespace shouhu::pipeline {

// True when a category has neither flags nor labels (nothing to score).
inline bool Unscored(const CategoryScore& c) {
  return c.true_positive + c.false_positive + c.false_negative == 0;
}

// One listing and category where the engine and the label differ.
struct Disagreement {
  std::string where;  // file:line
  std::string item_id, category;
  bool false_positive = false;  // flagged but not expected (else expected but not flagged)
  std::vector<std::string> groups;
  bool in_scope = false;
  std::vector<std::string> group_evidence;
  // For a false positive: the findings of the category, "RULE field: snippet".
  std::vector<std::string> findings;
  std::string note;  // the label's `note`, if any
};

struct ScoreReport {
  std::vector<CategoryScore> categories;  // kFindingCategories order
  CategoryScore micro;                    // summed over categories
  int listings = 0;                       // labelled listings scored
  int unlabelled = 0;                     // listings without `expected` (judged, not scored)
  std::vector<Disagreement> disagreements;
  std::vector<std::string> errors;  // listings whose evaluation did not complete
};

// Judges every listing of `files` in order (one shared context, so certificate
// reuse counts across the files as across one batch) and scores those with an
// `expected` array. Categories use ground_truth.h's CategoryScore. A line that is not a listing, or
// an `expected` that is not an array of known categories, fails with kParseError naming file and
// line.
Result<ScoreReport> ScoreListingsFiles(const std::vector<std::string>& files,
                                       const rules::RuleEngine& engine,
                                       const rules::EvaluationContext* context,
                                       const std::optional<std::string>& at);

}  // namespace shouhu::pipeline

#endif  // SHOUHU_PIPELINE_RULES_SCORE_H_
