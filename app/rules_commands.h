// Rule-pack and registry commands: `shouhu rules check`, `shouhu certs import`,
// `shouhu watchlist import`, and the per-sweep rules context a sweep loads
// from its database (certificate registry snapshot, certificate usage of
// earlier sweeps, imported watchlist).
#ifndef SHOUHU_APP_RULES_COMMANDS_H_
#define SHOUHU_APP_RULES_COMMANDS_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "base/status.h"
#include "rules/certificate_registry.h"
#include "rules/rule_engine.h"
#include "rules/watchlist.h"
#include "storage/database.h"

namespace shouhu::app {

// Loads and validates the packs of `rules_dir`; prints the rule count per
// category and per product group. Exit 0, or 2 with "file:line: … (rule 'ID')".
// A rule with fewer than two hit or two miss examples is reported and fails too.
int RunRulesCheckCommand(const std::string& rules_dir);

// Imports a certificate registry CSV (number,holder,manufacturer,product,
// models,status,issued_on,expires_on) into the database's `certificates`
// table. Exit 0, or 2 naming file:line:field of the first bad row (nothing
// is stored then).
int RunCertsImportCommand(const std::string& csv_file, const std::string& db_path);
// Imports a watchlist CSV (name,credit_code,failed_items,failed_on) into the
// database's `watchlist` table. Same exit codes.
int RunWatchlistImportCommand(const std::string& csv_file, const std::string& db_path);

// Parses and stores a registry CSV; returns the number of certificates.
Result<size_t> ImportCertificates(const std::string& csv_file, Database& db);
Result<size_t> ImportWatchlist(const std::string& csv_file, Database& db);
// The same, opening (creating) the database at `db_path`.
Result<size_t> ImportCertificates(const std::string& csv_file, const std::string& db_path);

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
  static Result<std::unique_ptr<SweepRulesContext>> Load(Database& db,
                                                         const rules::RuleEngine& engine);
  const rules::EvaluationContext* context() const { return &context_; }
  size_t certificates() const { return registry_ ? registry_->size() : 0; }
  size_t earlier_numbers() const { return usage_.numbers(); }
  // Listing versions this Load added to the certificate-use index.
  int64_t indexed_versions() const { return indexed_versions_; }

 private:
  std::optional<rules::CertificateRegistry> registry_;
  rules::Watchlist watchlist_;
  rules::CertificateUsage usage_;
  rules::EvaluationContext context_;
  int64_t indexed_versions_ = 0;
};

}  // namespace shouhu::app

#endif  // SHOUHU_APP_RULES_COMMANDS_H_
