// The database's local CCC certificate registry (`certificates`) and imported
// watchlist (`watchlist`), and what earlier sweeps showed, for the registry
// checks (T-04 to T-06) and W-01. Plain rows in, plain rows out: parsing and
// validating the CSV files is the rules layer's work.
//
// Thread-safety: as Database (one thread at a time per Database).
#ifndef SHOUHU_STORAGE_CERTIFICATE_STORE_H_
#define SHOUHU_STORAGE_CERTIFICATE_STORE_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "base/status.h"
#include "storage/database.h"

namespace shouhu::storage {

struct CertificateRow {
  std::string number, holder, manufacturer, product, models;
  std::string status;  // as in the registry: 有效 | 暂停 | 撤销 | 注销 | 过期
  std::string issued_on, expires_on;  // YYYY-MM-DD
  std::string source;                 // file:line of the import
};

// Inserts or replaces (by number) every row in one transaction. The table's
// status column holds valid | suspended | revoked | cancelled | expired.
Status StoreCertificates(Database& db, const std::vector<CertificateRow>& rows);
Result<std::vector<CertificateRow>> LoadCertificates(Database& db);

struct WatchlistRow {
  std::string name, credit_code, failed_items, failed_on;
  std::string source;  // file:line of the import
};

// Inserts or updates one `watchlist` row per name (kind 'manufacturer') and per
// credit code (kind 'credit_code'); the failing items and date go to `note`
// as JSON. One transaction.
Status StoreWatchlist(Database& db, const std::vector<WatchlistRow>& rows);
// One row per stored name or credit code (the other member left empty).
Result<std::vector<WatchlistRow>> LoadWatchlist(Database& db);

// One certificate number shown by a stored listing (table certificate_uses).
struct CertificateUseRow {
  std::string number;    // CertificateNumberKey form
  std::string seller;    // "code:…" or "name:…"
  std::string producer;  // folded company core
  std::string listing;   // "site/item_id" where it was first seen
  int64_t version_id = 0;
};

// The last listing version whose certificate uses are in the table (0: none).
Result<int64_t> CertificateUsesIndexedUpTo(Database& db);
// Streams the listing JSON (ListingToJson) of every version with id > after_id,
// oldest first: fn(version_id, json).
Status ForEachListingJsonAfter(Database& db, int64_t after_id,
                               const std::function<void(int64_t, const std::string&)>& fn);
// Adds uses (a known (number, seller, producer) keeps its first listing) and
// records that versions up to `upto` are indexed. One transaction.
Status AddCertificateUses(Database& db, const std::vector<CertificateUseRow>& rows, int64_t upto);
// Streams every recorded use.
Status ForEachCertificateUse(Database& db, const std::function<void(const CertificateUseRow&)>& fn);

}  // namespace shouhu::storage

#endif  // SHOUHU_STORAGE_CERTIFICATE_STORE_H_
