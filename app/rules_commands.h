// Rule-pack and registry commands: `shouhu rules check`, `shouhu certs import`,
// `shouhu watchlist import` (the imports themselves: pipeline/registry_import.h).
#ifndef SHOUHU_APP_RULES_COMMANDS_H_
#define SHOUHU_APP_RULES_COMMANDS_H_

#include <string>

#include "base/status.h"
#include "rules/rule_engine.h"

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

}  // namespace shouhu::app

#endif  // SHOUHU_APP_RULES_COMMANDS_H_
