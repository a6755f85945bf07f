// Database: the project's SQLite store (doc/design.md §5.5) — sweeps, fetches, versioned
// listings and their findings, shops, the evidence ledger's table, review decisions.
//
// One file, WAL mode, one writer. The schema is versioned by migrations (see
// storage/migrations.h); Open() upgrades an older database in place and refuses a
// newer one.
//
// Listings are versioned: StoreListing() adds a listing_versions row only when the
// canonical listing JSON (without fetched_at) differs from the listing's current
// version, so an unchanged page adds no row; every sweep that sees the listing adds
// a sighting (listing, sweep, version, evidence). A seller who later fixes or
// deletes a flagged listing therefore leaves its history.
//
// Thread-safety: a Database is not thread-safe. One thread (the StorageWriter's)
// owns it. Errors come back as Status (code kStorage); SQLite exceptions never
// leave storage/.
#ifndef SHOUHU_STORAGE_DATABASE_H_
#define SHOUHU_STORAGE_DATABASE_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "model/finding.h"
#include "model/listing.h"
#include "storage/evidence_ref.h"

namespace SQLite {
class Database;
}

namespace shouhu::storage {

// One fetch attempt's outcome, for crawl statistics and resume.
struct FetchRecord {
  std::string url;
  std::string final_url;
  int http_status = 0;  // 0 when no response arrived
  int64_t bytes = 0;
  std::string error;  // empty on success; Status::ToString() otherwise
  std::string fetched_at;
  double elapsed_ms = 0;
  int attempts = 1;
};

// A shop page's seller data (licence, company), latest per (site, shop_id).
struct ShopRecord {
  std::string site;
  std::string shop_id;
  std::string name;
  std::string url;
  std::string data_json;  // seller data as extracted, a JSON object
  std::string fetched_at;
};

struct StoredListing {
  int64_t listing_id = 0;
  int64_t version_id = 0;    // the listing's current version after the call
  bool new_version = false;  // false when the page was unchanged since the current version
};

// One URL of a sweep's frontier (migrations v3, v4).
struct FrontierRow {
  uint64_t fp = 0;  // fingerprint of the canonical URL
  std::string url, origin;
  int site = 0, depth = 0, priority = 0;
  int state = 0;  // bit set: kFrontierLinksRecorded | kFrontierStored
  // The order the crawler accepted the URL in: per sweep, increasing, assigned
  // by the crawler. FrontierReader::LoadQueue reads an origin's queue in it.
  uint64_t seq = 0;
};
inline constexpr int kFrontierLinksRecorded = 1;
inline constexpr int kFrontierStored = 2;
inline constexpr int kFrontierFinished = kFrontierLinksRecorded | kFrontierStored;

struct SweepInfo {
  int64_t id = 0;
  std::string name, started_at, finished_at, status, stats_json;
};

// A listing seen in a sweep whose version carries findings (ground-truth scoring).
struct ListingFindingSummary {
  std::string site;
  std::string item_id;
  std::vector<std::string> categories;  // distinct, sorted
};

class Database {
 public:
  // REQUIRES: the directory of `path` exists. Creates the file if missing.
  static Result<std::unique_ptr<Database>> Open(const std::string& path);
  // As Open, but a missing file is kNotFound instead of a new empty database
  // (for readers such as `shouhu evidence verify --db FILE`).
  static Result<std::unique_ptr<Database>> OpenExisting(const std::string& path);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  const std::string& path() const { return path_; }
  Result<int> SchemaVersion();

  // An IMMEDIATE transaction: everything written through this Database until
  // Commit() is committed at once (the writer thread's batching). Destroying an
  // uncommitted Batch rolls it back. At most one Batch at a time.
  // REQUIRES: a Batch is destroyed before its Database.
  class Batch {
   public:
    ~Batch();
    Batch(const Batch&) = delete;
    Batch& operator=(const Batch&) = delete;
    Status Commit();

   private:
    friend class Database;
    explicit Batch(Database* db) : db_(db) {}
    Database* db_;
    bool done_ = false;
  };
  Result<std::unique_ptr<Batch>> BeginBatch();
  bool InBatch() const { return in_batch_; }

  // Sweeps.
  Result<int64_t> BeginSweep(std::string name, std::string started_at);
  Status FinishSweep(int64_t id, std::string finished_at, std::string status,
                     std::string stats_json);
  Result<SweepInfo> GetSweep(int64_t id);
  // The most recent sweep of that name that did not finish — still "running"
  // (the process died) or "interrupted" (stopped by a signal) — for resuming.
  Result<std::optional<SweepInfo>> LatestRunningSweep(const std::string& name);

  Status StoreFetch(int64_t sweep, const FetchRecord& fetch);

  // The sweep's frontier: URLs are added once (a known fingerprint is left as
  // it is) and finished by setting state bits; FrontierReader reads them.
  Status AddFrontierUrls(int64_t sweep, const std::vector<FrontierRow>& rows);
  Status MarkFrontier(int64_t sweep, uint64_t fp, int state_bits);
  // Sets a sweep back to "running" (a resumed sweep).
  Status ReopenSweep(int64_t id);

  // Stores the listing as seen in `sweep` with its findings (attached to the new
  // version; an unchanged page keeps its current version and findings), its
  // product groups and the evidence of this capture. Atomic (a savepoint).
  Result<StoredListing> StoreListing(int64_t sweep, const Listing& listing,
                                     const std::vector<Finding>& findings,
                                     const std::vector<std::string>& groups,
                                     const EvidenceRef& evidence);
  Status StoreShop(int64_t sweep, const ShopRecord& shop);
  // The shops a sweep stored (a resumed sweep knows them without fetching again).
  Result<std::vector<ShopRecord>> ShopsOfSweep(int64_t sweep);

  // Summary queries.
  Result<int64_t> CountListings();  // distinct listings ever seen
  Result<int64_t> CountListingVersions();
  Result<int64_t> CountListingsInSweep(int64_t sweep);
  Result<int64_t> CountFetches(int64_t sweep);
  // category -> number of findings on the versions seen in the sweep.
  Result<std::map<std::string, int64_t>> FindingCountsByCategory(int64_t sweep);
  Result<std::vector<ListingFindingSummary>> ListingsWithFindings(int64_t sweep);
  Result<std::vector<Finding>> FindingsForVersion(int64_t version_id);
  // The canonical listing JSON of a version.
  Result<std::string> VersionJson(int64_t version_id);

  // The canonical form versions are compared by: ListingToJson without
  // fetched_at, serialised compactly with sorted keys.
  static std::string CanonicalListingJson(const Listing& listing);

  // Runs `body` inside SAVEPOINT `name`: released when it returns Ok, rolled
  // back (then released) when it fails or throws, so its writes land together
  // or not at all. Nests inside a Batch. `name` is an SQL identifier.
  Status InSavepoint(const std::string& name, const std::function<Status()>& body);

  // For storage/ only: repositories share this connection. Tests may use it to
  // tamper with rows.
  SQLite::Database& sqlite() { return *db_; }

 private:
  Database(std::string path, std::unique_ptr<SQLite::Database> db);
  Status Migrate();

  std::string path_;
  std::unique_ptr<SQLite::Database> db_;
  bool in_batch_ = false;
};

}  // namespace shouhu::storage

#endif  // SHOUHU_STORAGE_DATABASE_H_
