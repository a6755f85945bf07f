// RuleEngine: loads the rule packs of a folder and evaluates listings against
// them (doc/design.md §5.3). Pipeline per listing: normalise the named fields, classify
// product groups and scope, run every keyword/pattern of every pack in one
// RE2::Set pass per field text, then evaluate each rule's condition tree and
// emit a Finding with the exact page text it rests on.
//
// Thread-safety: a loaded engine is immutable; Evaluate and RunExamples may be
// called from several threads at once.
#ifndef SHOUHU_RULES_RULE_ENGINE_H_
#define SHOUHU_RULES_RULE_ENGINE_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "model/finding.h"
#include "model/listing.h"
#include "rules/certificate_registry.h"
#include "rules/classifier.h"

namespace shouhu::rules {

struct Evaluation {
  std::vector<std::string> groups;  // the product group (two for a bundle): toy, clothing, …
  // The words that decided the group and the scope ("title:积木", "scope:儿童",
  // "out_of_scope:pet:狗狗"), and every group's score with its words.
  std::vector<std::string> group_evidence;
  std::vector<GroupMatch> group_matches;
  bool in_scope = false;  // a children's/student product
  std::vector<Finding> findings;
  // Non-empty when evaluation could not complete (e.g. the regex memory budget
  // was exhausted on this text); findings are then incomplete.
  std::string error;
};

struct ExampleFailure {
  std::string rule_id, file;
  int line = 0;
  std::string expectation;  // "hit" or "miss"
  std::string detail;
};

struct ExampleReport {
  int passed = 0, failed = 0;
  std::vector<ExampleFailure> failures;
};

// What `shouhu rules check` reports of a loaded rule.
struct RuleInfo {
  std::string id, category, severity;
  std::vector<std::string> groups;
  std::string where;  // file:line
  int hit_examples = 0, miss_examples = 0;
};

class RuleEngine {
 public:
  // Loads every *.toml rule pack in `dir` (files with a [pack] table), plus the
  // vocabulary, CCC catalogue and watchlist files the packs name (paths relative
  // to the pack file). Any error — syntax, unknown key, bad regex, unknown field
  // or group, missing named file — fails the whole load with kRuleInvalid (or
  // kIoError/kParseError for named files) naming file, line and rule id.
  static Result<std::unique_ptr<RuleEngine>> LoadDir(const std::string& dir);

  ~RuleEngine();
  RuleEngine(const RuleEngine&) = delete;
  RuleEngine& operator=(const RuleEngine&) = delete;

  // `at_date` (YYYY-MM-DD) decides which rules and date conditions apply; empty
  // means the listing's fetched_at date (or today when that is absent too).
  Evaluation Evaluate(const Listing& listing, std::string_view at_date) const;
  // The same with per-sweep data: the certificate registry snapshot (without
  // it, ccc_registry status/holder/scope conditions are false), the
  // certificate-usage index (filled as listings are evaluated, for "reused";
  // thread-safe) and imported watchlist entries. `context` may be null.
  Evaluation Evaluate(const Listing& listing, std::string_view at_date,
                      const EvaluationContext* context) const;

  // The certificate numbers `listing` shows (CertificateNumberKey form) and who
  // showed them, as the reuse check records them. Thread-safe.
  std::vector<std::pair<std::string, CertificateUse>> CertificateUsesOf(
      const Listing& listing) const;
  // Seeds `usage` with CertificateUsesOf(listing) (listings of earlier sweeps).
  void RecordCertificateUses(const Listing& listing, CertificateUsage* usage) const;

  // Runs every rule's hit/miss examples; a failure names rule, file and line.
  ExampleReport RunExamples() const;

  size_t rule_count() const;
  std::vector<RuleInfo> Rules() const;

  // Text folded as rules see it (NFKC, simplified, case-folded), e.g. to build
  // a Watchlist from imported entries. Thread-safe.
  std::string Fold(std::string_view text) const;

 private:
  struct Impl;
  explicit RuleEngine(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace shouhu::rules

#endif  // SHOUHU_RULES_RULE_ENGINE_H_
