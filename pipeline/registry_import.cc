#include "pipeline/registry_import.h"

#include <vector>

#include "rules/certificate_registry.h"
#include "rules/watchlist.h"
#include "storage/certificate_store.h"

namespace shouhu::pipeline {

Result<size_t> ImportCertificates(const std::string& csv_file, storage::Database& db) {
  auto parsed = rules::ParseCertificateCsv(csv_file);
  if (!parsed.ok()) return parsed.status();
  std::vector<storage::CertificateRow> rows;
  for (const auto& r : parsed.value()) {
    rows.push_back({r.number, r.holder, r.manufacturer, r.product, r.models, r.status, r.issued_on,
                    r.expires_on, r.source});
  }
  if (Status s = storage::StoreCertificates(db, rows); !s.ok()) return s;
  return rows.size();
}

Result<size_t> ImportWatchlist(const std::string& csv_file, storage::Database& db) {
  auto parsed = rules::ParseWatchlistCsv(csv_file);
  if (!parsed.ok()) return parsed.status();
  std::vector<storage::WatchlistRow> rows;
  for (const auto& e : parsed.value())
    rows.push_back({e.name, e.credit_code, e.failed_items, e.failed_on, e.source});
  if (Status s = storage::StoreWatchlist(db, rows); !s.ok()) return s;
  return rows.size();
}

Result<size_t> ImportCertificates(const std::string& csv_file, const std::string& db_path) {
  auto db = storage::Database::Open(db_path);
  if (!db.ok()) return db.status();
  return ImportCertificates(csv_file, **db);
}

Result<size_t> ImportWatchlist(const std::string& csv_file, const std::string& db_path) {
  auto db = storage::Database::Open(db_path);
  if (!db.ok()) return db.status();
  return ImportWatchlist(csv_file, **db);
}

}  // namespace shouhu::pipeline
