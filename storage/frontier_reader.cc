#include "storage/frontier_reader.h"

#include <SQLiteCpp/SQLiteCpp.h>

#include <algorithm>
#include <exception>
#include <filesystem>
#include <limits>
#include <utility>

namespace shouhu::storage {
namespace {

// A reader waits this long for a lock (WAL readers rarely need one: opening,
// or while another connection recovers the WAL) before reporting an error.
constexpr int kBusyTimeoutMs = 5000;

// The first schema version with frontier.seq and the frontier_queue index.
constexpr int kFrontierQueueVersion = 4;

// The SQL condition for an unfinished row.
std::string UnfinishedSql() { return "state != " + std::to_string(kFrontierFinished); }

// Resets a statement when the scope ends, also when it ends by an exception: a
// statement left mid-step keeps its read snapshot (see the header).
class ResetOnExit {
 public:
  explicit ResetOnExit(SQLite::Statement& st) : st_(st) {}
  ~ResetOnExit() { (void)st_.tryReset(); }  // tryReset: a destructor must not throw
  ResetOnExit(const ResetOnExit&) = delete;
  ResetOnExit& operator=(const ResetOnExit&) = delete;

 private:
  SQLite::Statement& st_;
};

// Columns in the order ReadRow expects.
constexpr const char* kRowColumns = "fp, url, origin, site, depth, priority, state, seq";

FrontierRow ReadRow(SQLite::Statement& st) {
  FrontierRow r;
  r.fp = static_cast<uint64_t>(st.getColumn(0).getInt64());  // stored as its two's-complement bits
  r.url = st.getColumn(1).getString();
  r.origin = st.getColumn(2).getString();
  r.site = st.getColumn(3).getInt();
  r.depth = st.getColumn(4).getInt();
  r.priority = st.getColumn(5).getInt();
  r.state = st.getColumn(6).getInt();
  r.seq = static_cast<uint64_t>(st.getColumn(7).getInt64());
  return r;
}

// SQLite integers are signed 64-bit; seq and limits beyond that are clamped.
int64_t ToSqlInt(uint64_t v) {
  return static_cast<int64_t>(std::min<uint64_t>(v, std::numeric_limits<int64_t>::max()));
}

}  // namespace

FrontierReader::FrontierReader(std::string path, int64_t sweep,
                               std::unique_ptr<SQLite::Database> db)
    : path_(std::move(path)), sweep_(sweep), db_(std::move(db)) {}

FrontierReader::~FrontierReader() = default;

Status FrontierReader::Error(const char* what, const char* detail) const {
  return StorageError(path_ + ": frontier reader: " + what + ": " + detail);
}

Result<std::unique_ptr<FrontierReader>> FrontierReader::Open(const std::string& path,
                                                             int64_t sweep) {
  // SQLite's own error for a missing file is "unable to open database file";
  // say which file, and never create one (this connection is read-only).
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    return NotFound(path + ": frontier reader: no such database");
  }
  try {
    auto db = std::make_unique<SQLite::Database>(path, SQLite::OPEN_READONLY, kBusyTimeoutMs);
    const int version =
        db->execAndGet("SELECT IFNULL(MAX(version), 0) FROM schema_version").getInt();
    if (version < kFrontierQueueVersion) {
      return StorageError(path + ": frontier reader: schema version " + std::to_string(version) +
                          " has no frontier queue order (v" +
                          std::to_string(kFrontierQueueVersion) +
                          "); open it read-write with Database::Open first");
    }
    std::unique_ptr<FrontierReader> r(new FrontierReader(path, sweep, std::move(db)));
    // The sweep is bound once: reset() keeps bindings.
    r->known_ = std::make_unique<SQLite::Statement>(
        *r->db_, "SELECT 1 FROM frontier WHERE sweep_id = ?1 AND fp = ?2");
    r->known_->bind(1, sweep);
    r->load_queue_ = std::make_unique<SQLite::Statement>(
        *r->db_, std::string("SELECT ") + kRowColumns +
                     " FROM frontier WHERE sweep_id = ?1 AND origin = ?2 AND priority = ?3"
                     " AND seq > ?4 AND " +
                     UnfinishedSql() + " ORDER BY seq LIMIT ?5");
    r->load_queue_->bind(1, sweep);
    return r;
  } catch (const std::exception& e) {
    return StorageError(path + ": frontier reader: open: " + e.what());
  }
}

Result<bool> FrontierReader::Known(uint64_t fp) {
  try {
    ResetOnExit reset(*known_);
    known_->bind(2, static_cast<int64_t>(fp));
    return known_->executeStep();
  } catch (const std::exception& e) {
    return Error("known", e.what());
  }
}

Result<std::vector<FrontierRow>> FrontierReader::LoadQueue(const std::string& origin, int priority,
                                                           uint64_t after_seq, size_t limit) {
  try {
    std::vector<FrontierRow> rows;
    ResetOnExit reset(*load_queue_);
    load_queue_->bind(2, origin);
    load_queue_->bind(3, priority);
    load_queue_->bind(4, ToSqlInt(after_seq));
    load_queue_->bind(5, ToSqlInt(limit));
    while (load_queue_->executeStep()) rows.push_back(ReadRow(*load_queue_));
    return rows;
  } catch (const std::exception& e) {
    return Error("load queue", e.what());
  }
}

Status FrontierReader::ForEachFingerprint(const std::function<void(uint64_t)>& fn) {
  try {
    SQLite::Statement st(*db_, "SELECT fp FROM frontier WHERE sweep_id = ?");
    st.bind(1, sweep_);
    while (st.executeStep()) fn(static_cast<uint64_t>(st.getColumn(0).getInt64()));
    return Status::Ok();
  } catch (const std::exception& e) {
    return Error("fingerprints", e.what());
  }
}

Result<std::vector<FrontierRow>> FrontierReader::LoadAll() {
  try {
    std::vector<FrontierRow> rows;
    SQLite::Statement st(*db_, std::string("SELECT ") + kRowColumns +
                                   " FROM frontier WHERE sweep_id = ? ORDER BY seq");
    st.bind(1, sweep_);
    while (st.executeStep()) rows.push_back(ReadRow(st));
    return rows;
  } catch (const std::exception& e) {
    return Error("load all", e.what());
  }
}

Result<std::vector<FrontierQueueSummary>> FrontierReader::UnfinishedQueues() {
  try {
    std::vector<FrontierQueueSummary> out;
    SQLite::Statement st(*db_,
                         "SELECT origin, MIN(site), priority, COUNT(*), MAX(seq) FROM frontier "
                         "WHERE sweep_id = ? AND " +
                             UnfinishedSql() +
                             " GROUP BY origin, priority ORDER BY origin, priority");
    st.bind(1, sweep_);
    while (st.executeStep()) {
      FrontierQueueSummary q;
      q.origin = st.getColumn(0).getString();
      q.site = st.getColumn(1).getInt();
      q.priority = st.getColumn(2).getInt();
      q.count = static_cast<uint64_t>(st.getColumn(3).getInt64());
      q.max_seq = static_cast<uint64_t>(st.getColumn(4).getInt64());
      out.push_back(std::move(q));
    }
    return out;
  } catch (const std::exception& e) {
    return Error("unfinished queues", e.what());
  }
}

Result<uint64_t> FrontierReader::MaxSeq() {
  try {
    SQLite::Statement st(*db_, "SELECT IFNULL(MAX(seq), 0) FROM frontier WHERE sweep_id = ?");
    st.bind(1, sweep_);
    st.executeStep();
    return static_cast<uint64_t>(st.getColumn(0).getInt64());
  } catch (const std::exception& e) {
    return Error("max seq", e.what());
  }
}

Result<std::map<int, uint64_t>> FrontierReader::AcceptedPerSite() {
  try {
    std::map<int, uint64_t> out;
    SQLite::Statement st(*db_,
                         "SELECT site, COUNT(*) FROM frontier WHERE sweep_id = ? AND priority > 0 "
                         "GROUP BY site");
    st.bind(1, sweep_);
    while (st.executeStep()) {
      out[st.getColumn(0).getInt()] = static_cast<uint64_t>(st.getColumn(1).getInt64());
    }
    return out;
  } catch (const std::exception& e) {
    return Error("accepted per site", e.what());
  }
}

}  // namespace shouhu::storage
