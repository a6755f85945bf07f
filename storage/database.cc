#include "storage/database.h"

#include <SQLiteCpp/SQLiteCpp.h>

#include <algorithm>
#include <exception>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <utility>

#include "base/digest.h"
#include "storage/migrations.h"

namespace shouhu::storage {
namespace {

// Writers wait this long for a lock held by another connection (a reader, or
// `shouhu evidence verify` running beside a sweep) before reporting an error.
constexpr int kBusyTimeoutMs = 5000;

Status FromException(const char* what, const std::exception& e) {
  return StorageError(std::string(what) + ": " + e.what());
}

// Runs `f` and converts any exception (SQLiteCpp, json, bad_alloc) into a Status,
// so exceptions stop inside storage/.
template <typename T, typename F>
Result<T> Guard(const char* what, F&& f) {
  try {
    return f();
  } catch (const std::exception& e) {
    return FromException(what, e);
  }
}

// A savepoint: nests inside a Batch's transaction, or is its own transaction
// outside one. Rolled back on destruction unless released.
class Savepoint {
 public:
  explicit Savepoint(SQLite::Database& db) : db_(db) { db_.exec("SAVEPOINT store_op"); }
  ~Savepoint() {
    if (released_) return;
    try {
      db_.exec("ROLLBACK TO store_op");
      db_.exec("RELEASE store_op");
    } catch (...) {  // NOLINT(bugprone-empty-catch): destructor must not throw
    }
  }
  void Release() {
    db_.exec("RELEASE store_op");
    released_ = true;
  }

 private:
  SQLite::Database& db_;
  bool released_ = false;
};

void BindOptionalText(SQLite::Statement& st, int index, const std::string& v) {
  if (v.empty()) {
    st.bind(index);  // NULL
  } else {
    st.bind(index, v);
  }
}

}  // namespace

Database::Database(std::string path, std::unique_ptr<SQLite::Database> db)
    : path_(std::move(path)), db_(std::move(db)) {}

Database::~Database() = default;

Result<std::unique_ptr<Database>> Database::Open(const std::string& path) {
  try {
    auto sq = std::make_unique<SQLite::Database>(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE,
                                                 kBusyTimeoutMs);
    // journal_mode returns a row, so it cannot go through exec().
    std::string mode = sq->execAndGet("PRAGMA journal_mode=WAL").getString();
    if (mode != "wal" && path != ":memory:") {
      return StorageError(path + ": cannot switch to WAL (journal_mode=" + mode + ")");
    }
    // NORMAL in WAL mode: a crash loses at most the last transactions, never
    // corrupts; the evidence ledger's ordering (WARC fsync before commit) holds.
    sq->exec("PRAGMA synchronous=NORMAL");
    sq->exec("PRAGMA foreign_keys=ON");
    std::unique_ptr<Database> db(new Database(path, std::move(sq)));
    if (Status s = db->Migrate(); !s.ok()) return s;
    return db;
  } catch (const std::exception& e) {
    return StorageError(path + ": " + e.what());
  }
}

Result<std::unique_ptr<Database>> Database::OpenExisting(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return NotFound(path + ": no such database");
  return Open(path);
}

Status Database::Migrate() {
  try {
    db_->exec(
        "CREATE TABLE IF NOT EXISTS schema_version ("
        " version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
        " applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')))");
    int have = db_->execAndGet("SELECT IFNULL(MAX(version), 0) FROM schema_version").getInt();
    if (have > CurrentSchemaVersion()) {
      return StorageError(path_ + ": schema version " + std::to_string(have) +
                          " is newer than this build knows (" +
                          std::to_string(CurrentSchemaVersion()) + ")");
    }
    for (const Migration& m : Migrations()) {
      if (m.version <= have) continue;
      SQLite::Transaction tx(*db_, SQLite::TransactionBehavior::IMMEDIATE);
      db_->exec(std::string(m.sql));
      SQLite::Statement ins(*db_, "INSERT INTO schema_version(version, name) VALUES (?, ?)");
      ins.bind(1, m.version);
      ins.bind(2, std::string(m.name));
      ins.exec();
      tx.commit();
    }
    return Status::Ok();
  } catch (const std::exception& e) {
    return StorageError(path_ + ": migration failed: " + e.what());
  }
}

Result<int> Database::SchemaVersion() {
  return Guard<int>("schema version", [&] {
    return db_->execAndGet("SELECT IFNULL(MAX(version), 0) FROM schema_version").getInt();
  });
}

// ---- Batch -----------------------------------------------------------------

Result<std::unique_ptr<Database::Batch>> Database::BeginBatch() {
  if (in_batch_) return StorageError("BeginBatch: a batch is already open");
  try {
    // IMMEDIATE takes the write lock up front: with WAL, a deferred transaction
    // that later upgrades can fail with SQLITE_BUSY instead of waiting.
    db_->exec("BEGIN IMMEDIATE");
  } catch (const std::exception& e) {
    return FromException("begin batch", e);
  }
  in_batch_ = true;
  return std::unique_ptr<Batch>(new Batch(this));
}

Status Database::Batch::Commit() {
  if (done_) return StorageError("batch already finished");
  done_ = true;
  db_->in_batch_ = false;
  try {
    db_->db_->exec("COMMIT");
    return Status::Ok();
  } catch (const std::exception& e) {
    try {
      db_->db_->exec("ROLLBACK");
    } catch (...) {  // NOLINT(bugprone-empty-catch): the transaction may already be gone
    }
    return FromException("commit batch", e);
  }
}

Database::Batch::~Batch() {
  if (done_) return;
  db_->in_batch_ = false;
  try {
    db_->db_->exec("ROLLBACK");
  } catch (...) {  // NOLINT(bugprone-empty-catch): destructor must not throw
  }
}

// ---- Sweeps and fetches -----------------------------------------------------

Result<int64_t> Database::BeginSweep(std::string name, std::string started_at) {
  return Guard<int64_t>("begin sweep", [&] {
    SQLite::Statement st(*db_,
                         "INSERT INTO sweeps(name, started_at, status) VALUES (?, ?, 'running')");
    st.bind(1, name);
    st.bind(2, started_at);
    st.exec();
    return db_->getLastInsertRowid();
  });
}

Status Database::FinishSweep(int64_t id, std::string finished_at, std::string status,
                             std::string stats_json) {
  auto r = Guard<bool>("finish sweep", [&] {
    SQLite::Statement st(*db_,
                         "UPDATE sweeps SET finished_at = ?, status = ?, stats = ? WHERE id = ?");
    st.bind(1, finished_at);
    st.bind(2, status);
    BindOptionalText(st, 3, stats_json);
    st.bind(4, id);
    return st.exec() == 1;
  });
  if (!r.ok()) return r.status();
  if (!*r) return NotFound("sweep " + std::to_string(id));
  return Status::Ok();
}

namespace {
SweepInfo ReadSweep(SQLite::Statement& st) {
  SweepInfo s;
  s.id = st.getColumn(0).getInt64();
  s.name = st.getColumn(1).getString();
  s.started_at = st.getColumn(2).getString();
  s.finished_at = st.getColumn(3).getString();
  s.status = st.getColumn(4).getString();
  s.stats_json = st.getColumn(5).getString();
  return s;
}
constexpr const char* kSweepColumns =
    "SELECT id, name, started_at, finished_at, status, stats FROM sweeps ";
}  // namespace

Result<SweepInfo> Database::GetSweep(int64_t id) {
  try {
    SQLite::Statement st(*db_, std::string(kSweepColumns) + "WHERE id = ?");
    st.bind(1, id);
    if (!st.executeStep()) return NotFound("sweep " + std::to_string(id));
    return ReadSweep(st);
  } catch (const std::exception& e) {
    return FromException("get sweep", e);
  }
}

Result<std::optional<SweepInfo>> Database::LatestRunningSweep(const std::string& name) {
  return Guard<std::optional<SweepInfo>>("latest running sweep", [&]() -> std::optional<SweepInfo> {
    SQLite::Statement st(
        *db_,
        std::string(kSweepColumns) +
            "WHERE name = ? AND status IN ('running', 'interrupted') ORDER BY id DESC LIMIT 1");
    st.bind(1, name);
    if (!st.executeStep()) return std::nullopt;
    return ReadSweep(st);
  });
}

Status Database::AddFrontierUrls(int64_t sweep, const std::vector<FrontierRow>& rows) {
  return Guard<bool>("add frontier urls",
                     [&] {
                       SQLite::Statement st(
                           *db_,
                           "INSERT OR IGNORE INTO frontier(sweep_id, fp, url, origin, site, "
                           "depth, priority, state, seq) VALUES (?,?,?,?,?,?,?,?,?)");
                       for (const FrontierRow& r : rows) {
                         st.bind(1, sweep);
                         st.bind(
                             2, static_cast<int64_t>(r.fp));  // stored as its two's-complement bits
                         st.bind(3, r.url);
                         st.bind(4, r.origin);
                         st.bind(5, r.site);
                         st.bind(6, r.depth);
                         st.bind(7, r.priority);
                         st.bind(8, r.state);
                         st.bind(9, static_cast<int64_t>(r.seq));
                         st.exec();
                         st.reset();
                       }
                       return true;
                     })
      .status();
}

Status Database::MarkFrontier(int64_t sweep, uint64_t fp, int state_bits) {
  return Guard<bool>("mark frontier url",
                     [&] {
                       SQLite::Statement st(
                           *db_,
                           "UPDATE frontier SET state = state | ? WHERE sweep_id = ? AND fp = ?");
                       st.bind(1, state_bits);
                       st.bind(2, sweep);
                       st.bind(3, static_cast<int64_t>(fp));
                       st.exec();
                       return true;
                     })
      .status();
}

Status Database::ReopenSweep(int64_t id) {
  return Guard<bool>("reopen sweep",
                     [&] {
                       SQLite::Statement st(
                           *db_,
                           "UPDATE sweeps SET status = 'running', finished_at = NULL WHERE id = ?");
                       st.bind(1, id);
                       st.exec();
                       return true;
                     })
      .status();
}

Status Database::StoreFetch(int64_t sweep, const FetchRecord& f) {
  return Guard<bool>("store fetch",
                     [&] {
                       SQLite::Statement st(
                           *db_,
                           "INSERT INTO fetches(sweep_id, url, final_url, http_status, bytes, "
                           "error, fetched_at, elapsed_ms, attempts) VALUES (?,?,?,?,?,?,?,?,?)");
                       st.bind(1, sweep);
                       st.bind(2, f.url);
                       BindOptionalText(st, 3, f.final_url);
                       st.bind(4, f.http_status);
                       st.bind(5, f.bytes);
                       BindOptionalText(st, 6, f.error);
                       BindOptionalText(st, 7, f.fetched_at);
                       st.bind(8, f.elapsed_ms);
                       st.bind(9, f.attempts);
                       st.exec();
                       return true;
                     })
      .status();
}

// ---- Listings ---------------------------------------------------------------

std::string Database::CanonicalListingJson(const Listing& listing) {
  nlohmann::json j = ListingToJson(listing);
  j.erase("fetched_at");
  // nlohmann::json objects are std::map-ordered, so dump() is key-sorted and
  // stable; ensure_ascii=false keeps Chinese text as UTF-8.
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Result<StoredListing> Database::StoreListing(int64_t sweep, const Listing& listing,
                                             const std::vector<Finding>& findings,
                                             const std::vector<std::string>& groups,
                                             const EvidenceRef& ev) {
  try {
    const std::string canonical = CanonicalListingJson(listing);
    const std::string hash = Sha256Hex(canonical);
    Savepoint sp(*db_);
    StoredListing out;

    // The listing row (insert or touch).
    int64_t current_version = 0;
    std::string current_hash;
    {
      SQLite::Statement q(*db_,
                          "SELECT l.id, l.current_version_id, v.content_hash FROM listings l "
                          "LEFT JOIN listing_versions v ON v.id = l.current_version_id "
                          "WHERE l.site = ? AND l.item_id = ?");
      q.bind(1, listing.site);
      q.bind(2, listing.item_id);
      if (q.executeStep()) {
        out.listing_id = q.getColumn(0).getInt64();
        current_version = q.getColumn(1).isNull() ? 0 : q.getColumn(1).getInt64();
        current_hash = q.getColumn(2).getString();
      }
    }
    if (out.listing_id == 0) {
      SQLite::Statement ins(*db_,
                            "INSERT INTO listings(site, item_id, url, first_seen, last_seen) "
                            "VALUES (?, ?, ?, ?, ?)");
      ins.bind(1, listing.site);
      ins.bind(2, listing.item_id);
      ins.bind(3, listing.url);
      ins.bind(4, listing.fetched_at);
      ins.bind(5, listing.fetched_at);
      ins.exec();
      out.listing_id = db_->getLastInsertRowid();
    } else {
      SQLite::Statement up(*db_, "UPDATE listings SET last_seen = ?, url = ? WHERE id = ?");
      up.bind(1, listing.fetched_at);
      up.bind(2, listing.url);
      up.bind(3, out.listing_id);
      up.exec();
    }

    if (current_version != 0 && current_hash == hash) {
      out.version_id = current_version;
      out.new_version = false;
    } else {
      nlohmann::json full = ListingToJson(listing);
      nlohmann::json groups_json = groups;
      SQLite::Statement ins(
          *db_,
          "INSERT INTO listing_versions(listing_id, sweep_id, content_hash, json, groups, "
          "fetched_at, "
          "warc_file, warc_record_id, warc_offset, warc_length, metadata_record_id, "
          "metadata_offset, metadata_length) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)");
      ins.bind(1, out.listing_id);
      ins.bind(2, sweep);
      ins.bind(3, hash);
      ins.bind(4, full.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
      ins.bind(5, groups_json.dump());
      BindOptionalText(ins, 6, listing.fetched_at);
      if (ev.empty()) {
        for (int i = 7; i <= 13; ++i) ins.bind(i);
      } else {
        ins.bind(7, ev.warc_file);
        ins.bind(8, ev.response_record_id);
        ins.bind(9, ev.response_offset);
        ins.bind(10, ev.response_length);
        BindOptionalText(ins, 11, ev.metadata_record_id);
        ins.bind(12, ev.metadata_offset);
        ins.bind(13, ev.metadata_length);
      }
      ins.exec();
      out.version_id = db_->getLastInsertRowid();
      out.new_version = true;

      SQLite::Statement fi(
          *db_,
          "INSERT INTO findings(listing_version_id, rule_id, rule_version, category, "
          "severity, field, snippet, message, basis) VALUES (?,?,?,?,?,?,?,?,?)");
      for (const Finding& f : findings) {
        fi.reset();
        fi.bind(1, out.version_id);
        fi.bind(2, f.rule_id);
        fi.bind(3, f.rule_version);
        fi.bind(4, f.category);
        fi.bind(5, f.severity);
        fi.bind(6, f.field);
        fi.bind(7, f.snippet);
        fi.bind(8, f.message);
        fi.bind(9, f.basis);
        fi.exec();
      }
      SQLite::Statement up(*db_, "UPDATE listings SET current_version_id = ? WHERE id = ?");
      up.bind(1, out.version_id);
      up.bind(2, out.listing_id);
      up.exec();
    }

    // The sighting: a re-store within the same sweep (a resumed sweep refetching
    // the page) replaces the earlier one.
    SQLite::Statement si(
        *db_,
        "INSERT OR REPLACE INTO listing_sightings(listing_id, sweep_id, version_id, "
        "fetched_at, warc_file, warc_record_id, warc_offset, warc_length) "
        "VALUES (?,?,?,?,?,?,?,?)");
    si.bind(1, out.listing_id);
    si.bind(2, sweep);
    si.bind(3, out.version_id);
    BindOptionalText(si, 4, listing.fetched_at);
    if (ev.empty()) {
      for (int i = 5; i <= 8; ++i) si.bind(i);
    } else {
      si.bind(5, ev.warc_file);
      si.bind(6, ev.response_record_id);
      si.bind(7, ev.response_offset);
      si.bind(8, ev.response_length);
    }
    si.exec();
    sp.Release();
    return out;
  } catch (const std::exception& e) {
    return StorageError("store listing " + listing.site + "/" + listing.item_id + ": " + e.what());
  }
}

Status Database::StoreShop(int64_t sweep, const ShopRecord& s) {
  return Guard<bool>(
             "store shop",
             [&] {
               SQLite::Statement st(
                   *db_,
                   "INSERT INTO shops(site, shop_id, name, url, data, sweep_id, fetched_at) "
                   "VALUES (?,?,?,?,?,?,?) ON CONFLICT(site, shop_id) DO UPDATE SET "
                   "name = excluded.name, url = excluded.url, data = excluded.data, "
                   "sweep_id = excluded.sweep_id, fetched_at = excluded.fetched_at");
               st.bind(1, s.site);
               st.bind(2, s.shop_id);
               BindOptionalText(st, 3, s.name);
               BindOptionalText(st, 4, s.url);
               st.bind(5, s.data_json.empty() ? std::string("{}") : s.data_json);
               st.bind(6, sweep);
               BindOptionalText(st, 7, s.fetched_at);
               st.exec();
               return true;
             })
      .status();
}

Result<std::vector<ShopRecord>> Database::ShopsOfSweep(int64_t sweep) {
  return Guard<std::vector<ShopRecord>>("shops of sweep", [&] {
    std::vector<ShopRecord> out;
    SQLite::Statement st(
        *db_, "SELECT site, shop_id, name, url, data, fetched_at FROM shops WHERE sweep_id = ?");
    st.bind(1, sweep);
    while (st.executeStep()) {
      ShopRecord r;
      r.site = st.getColumn(0).getString();
      r.shop_id = st.getColumn(1).getString();
      r.name = st.getColumn(2).getString();
      r.url = st.getColumn(3).getString();
      r.data_json = st.getColumn(4).getString();
      r.fetched_at = st.getColumn(5).getString();
      out.push_back(std::move(r));
    }
    return out;
  });
}

// ---- Queries ----------------------------------------------------------------

namespace {
int64_t CountQuery(SQLite::Database& db, const char* sql, std::optional<int64_t> arg) {
  SQLite::Statement st(db, sql);
  if (arg) st.bind(1, *arg);
  st.executeStep();
  return st.getColumn(0).getInt64();
}
}  // namespace

Result<int64_t> Database::CountListings() {
  return Guard<int64_t>("count listings",
                        [&] { return CountQuery(*db_, "SELECT COUNT(*) FROM listings", {}); });
}

Result<int64_t> Database::CountListingVersions() {
  return Guard<int64_t>("count versions", [&] {
    return CountQuery(*db_, "SELECT COUNT(*) FROM listing_versions", {});
  });
}

Result<int64_t> Database::CountListingsInSweep(int64_t sweep) {
  return Guard<int64_t>("count listings in sweep", [&] {
    return CountQuery(*db_, "SELECT COUNT(*) FROM listing_sightings WHERE sweep_id = ?", sweep);
  });
}

Result<int64_t> Database::CountFetches(int64_t sweep) {
  return Guard<int64_t>("count fetches", [&] {
    return CountQuery(*db_, "SELECT COUNT(*) FROM fetches WHERE sweep_id = ?", sweep);
  });
}

Result<std::map<std::string, int64_t>> Database::FindingCountsByCategory(int64_t sweep) {
  return Guard<std::map<std::string, int64_t>>("finding counts", [&] {
    std::map<std::string, int64_t> out;
    SQLite::Statement st(*db_,
                         "SELECT f.category, COUNT(*) FROM listing_sightings s "
                         "JOIN findings f ON f.listing_version_id = s.version_id "
                         "WHERE s.sweep_id = ? GROUP BY f.category");
    st.bind(1, sweep);
    while (st.executeStep()) out[st.getColumn(0).getString()] = st.getColumn(1).getInt64();
    return out;
  });
}

Result<std::vector<ListingFindingSummary>> Database::ListingsWithFindings(int64_t sweep) {
  return Guard<std::vector<ListingFindingSummary>>("listings with findings", [&] {
    std::vector<ListingFindingSummary> out;
    SQLite::Statement st(*db_,
                         "SELECT DISTINCT l.site, l.item_id, f.category FROM listing_sightings s "
                         "JOIN listings l ON l.id = s.listing_id "
                         "JOIN findings f ON f.listing_version_id = s.version_id "
                         "WHERE s.sweep_id = ? ORDER BY l.site, l.item_id, f.category");
    st.bind(1, sweep);
    while (st.executeStep()) {
      std::string site = st.getColumn(0).getString();
      std::string item = st.getColumn(1).getString();
      if (out.empty() || out.back().site != site || out.back().item_id != item) {
        out.push_back({site, item, {}});
      }
      out.back().categories.push_back(st.getColumn(2).getString());
    }
    return out;
  });
}

Result<std::vector<Finding>> Database::FindingsForVersion(int64_t version_id) {
  return Guard<std::vector<Finding>>("findings for version", [&] {
    std::vector<Finding> out;
    SQLite::Statement st(*db_,
                         "SELECT rule_id, rule_version, category, severity, field, snippet, "
                         "message, basis FROM findings WHERE listing_version_id = ? ORDER BY id");
    st.bind(1, version_id);
    while (st.executeStep()) {
      Finding f;
      f.rule_id = st.getColumn(0).getString();
      f.rule_version = st.getColumn(1).getInt();
      f.category = st.getColumn(2).getString();
      f.severity = st.getColumn(3).getString();
      f.field = st.getColumn(4).getString();
      f.snippet = st.getColumn(5).getString();
      f.message = st.getColumn(6).getString();
      f.basis = st.getColumn(7).getString();
      out.push_back(std::move(f));
    }
    return out;
  });
}

Result<std::string> Database::VersionJson(int64_t version_id) {
  try {
    SQLite::Statement st(*db_, "SELECT json FROM listing_versions WHERE id = ?");
    st.bind(1, version_id);
    if (!st.executeStep()) return NotFound("listing version " + std::to_string(version_id));
    return st.getColumn(0).getString();
  } catch (const std::exception& e) {
    return FromException("version json", e);
  }
}

Status Database::InSavepoint(const std::string& name, const std::function<Status()>& body) {
  try {
    db_->exec("SAVEPOINT " + name);
  } catch (const std::exception& e) {
    return StorageError("savepoint " + name + ": " + e.what());
  }
  Status s = Status::Ok();
  try {
    s = body();
  } catch (const std::exception& e) {
    s = StorageError(name + ": " + e.what());
  }
  try {
    if (!s.ok()) db_->exec("ROLLBACK TO " + name);
    db_->exec("RELEASE " + name);
  } catch (const std::exception& e) {
    if (s.ok()) s = StorageError("release " + name + ": " + e.what());
  }
  return s;
}

}  // namespace shouhu::storage
