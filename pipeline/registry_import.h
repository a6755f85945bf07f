// Imports of what the rules consult besides the listing: the CCC certificate
// registry (CSV: number,holder,manufacturer,product,models,status,issued_on,
// expires_on) and the watchlist of enterprises with earlier spot-check failures
// (CSV: name,credit_code,failed_items,failed_on), into the database's
// `certificates` and `watchlist` tables.
//
// A bad row fails the whole import with file:line:field, and nothing is
// stored; a re-import replaces certificates by number.
#ifndef SHOUHU_PIPELINE_REGISTRY_IMPORT_H_
#define SHOUHU_PIPELINE_REGISTRY_IMPORT_H_

#include <cstddef>
#include <string>

#include "base/status.h"
#include "storage/database.h"

namespace shouhu::pipeline {

// Returns the number of rows imported.
Result<size_t> ImportCertificates(const std::string& csv_file, storage::Database& db);
Result<size_t> ImportWatchlist(const std::string& csv_file, storage::Database& db);
// The same, opening (creating) the database at `db_path`.
Result<size_t> ImportCertificates(const std::string& csv_file, const std::string& db_path);
Result<size_t> ImportWatchlist(const std::string& csv_file, const std::string& db_path);

}  // namespace shouhu::pipeline

#endif  // SHOUHU_PIPELINE_REGISTRY_IMPORT_H_
