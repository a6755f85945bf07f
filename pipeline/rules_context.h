// SweepRulesContext: what one sweep's evaluations consult besides the listing —
// the CCC certificate registry snapshot, the imported watchlist, and the
// certificate numbers earlier sweeps' listings showed (for reuse across sellers,
// T-06) — read from the sweep's database once, at sweep start, or from CSV
// files for judging a batch of listings offline (`shouhu rules run`).
#ifndef SHOUHU_PIPELINE_RULES_CONTEXT_H_
#define SHOUHU_PIPELINE_RULES_CONTEXT_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "rules/certificate_registry.h"
#include "rules/rule_engine.h"
#include "rules/watchlist.h"
#include "storage/database.h"

namespace shouhu::pipeline {

// What one sweep's evaluations consult besides the listing. Built once at
// sweep start; context() is then shared by the worker threads (the registry
// and watchlist are immutable, the usage index locks itself).
class SweepRulesContext {
 public:
  // Reads the database: certificates (no rows = no registry, so T-04/T-05 stay
  // quiet), watchlist, and the certificate numbers shown by stored listings
  // (table certificate_uses, first brought up to date with the listing
  // versions stored since it was last updated — this writes to `db`).
  // A resumed sweep's own earlier pages count as earlier uses (a page seen
  // again is related to itself, so it raises nothing).
  static Result<std::unique_ptr<SweepRulesContext>> Load(storage::Database& db,
                                                         const rules::RuleEngine& engine);
  // For judging listings outside a sweep (`shouhu rules run --registry/
  // --watchlist`): the registry and the watchlist from CSV files as `shouhu
  // certs import` and `shouhu watchlist import` read them (an empty path = none),
  // and an empty certificate-use index that fills as listings are evaluated,
  // in order — certificate reuse counted across the batch, as in a sweep.
  static Result<std::unique_ptr<SweepRulesContext>> FromFiles(const std::string& registry_csv,
                                                              const std::string& watchlist_csv,
                                                              const rules::RuleEngine& engine);
  const rules::EvaluationContext* context() const { return &context_; }
  size_t certificates() const { return registry_ ? registry_->size() : 0; }
  size_t earlier_numbers() const { return usage_.numbers(); }
  // Listing versions this Load added to the certificate-use index.
  int64_t indexed_versions() const { return indexed_versions_; }

 private:
  void SetWatchlist(std::vector<rules::WatchlistEntry> entries, const rules::RuleEngine& engine);

  std::optional<rules::CertificateRegistry> registry_;
  rules::Watchlist watchlist_;
  rules::CertificateUsage usage_;
  rules::EvaluationContext context_;
  int64_t indexed_versions_ = 0;
};

}  // namespace shouhu::pipeline

#endif  // SHOUHU_PIPELINE_RULES_CONTEXT_H_
