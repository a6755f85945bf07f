// FrontierReader: a read-only second connection to the sweep database, for the
// crawler's loop thread to read one sweep's frontier (migrations v3, v4) while
// the StorageWriter writes it. WAL lets the two run at once: each statement reads
// the latest committed data when it starts, and never waits for the writer.
//
// The frontier is kept in the database rather than in memory: the crawler asks
// Known() before accepting a URL and pages each (origin, priority) queue in with
// LoadQueue(). Rows the writer has not committed yet are invisible here; the
// crawler learns when they are committed from StorageWriter::PushTicket().
//
// Known() and LoadQueue() run thousands of times a second, so their statements
// are prepared once. Every statement is reset after use, also on errors: a
// statement left mid-step would pin its read snapshot, so later reads would miss
// new commits and the WAL could not be checkpointed past it.
//
// Thread-safety: a FrontierReader is not thread-safe; one thread owns it. Errors
// come back as Status (code kStorage, or kNotFound for a missing file) naming the
// file; SQLite exceptions never leave storage/.
#ifndef SHOUHU_STORAGE_FRONTIER_READER_H_
#define SHOUHU_STORAGE_FRONTIER_READER_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "base/status.h"
#include "storage/database.h"

namespace SQLite {
class Database;
class Statement;
}  // namespace SQLite

namespace shouhu::storage {

// One (origin, priority) queue's unfinished rows.
struct FrontierQueueSummary {
  std::string origin;
  int site = 0;  // MIN(site) of the rows
  int priority = 0;
  uint64_t count = 0;    // unfinished rows (state != kFrontierFinished)
  uint64_t max_seq = 0;  // largest seq among those rows
};

class FrontierReader {
 public:
  // Opens `path` (must exist; a missing file is kNotFound) read-only for one
  // sweep's frontier. REQUIRES: the database is at schema v4 or later (the
  // writer's Database::Open has migrated it).
  static Result<std::unique_ptr<FrontierReader>> Open(const std::string& path, int64_t sweep);
  ~FrontierReader();
  FrontierReader(const FrontierReader&) = delete;
  FrontierReader& operator=(const FrontierReader&) = delete;

  const std::string& path() const { return path_; }
  int64_t sweep() const { return sweep_; }

  // Whether the sweep's frontier has a row with this fingerprint (any state).
  Result<bool> Known(uint64_t fp);
  // Unfinished rows (state != kFrontierFinished) of one (origin, priority) queue
  // with seq > after_seq, in seq order, at most `limit`.
  Result<std::vector<FrontierRow>> LoadQueue(const std::string& origin, int priority,
                                             uint64_t after_seq, size_t limit);
  // Calls `fn` with every fingerprint of the sweep's frontier (any state),
  // streamed: memory stays constant however large the frontier. The read
  // snapshot is held until the last call returns.
  Status ForEachFingerprint(const std::function<void(uint64_t)>& fn);
  // Every row of the sweep's frontier, in seq order (tests and diagnostics: a
  // large sweep's frontier does not belong in memory).
  Result<std::vector<FrontierRow>> LoadAll();
  // Unfinished rows grouped by (origin, priority), ordered by origin, priority.
  Result<std::vector<FrontierQueueSummary>> UnfinishedQueues();
  // Largest seq of the sweep's rows, any state (0 when none).
  Result<uint64_t> MaxSeq();
  // site -> rows (any state) whose priority > 0. Priority 0 is sitemaps, which
  // do not count toward a site's page cap; -1 marks URLs known without being
  // queued (a redirect's final URL), which do not either.
  Result<std::map<int, uint64_t>> AcceptedPerSite();

 private:
  FrontierReader(std::string path, int64_t sweep, std::unique_ptr<SQLite::Database> db);
  Status Error(const char* what, const char* detail) const;

  std::string path_;
  int64_t sweep_;
  // Declared before the statements: they are finalized before the connection closes.
  std::unique_ptr<SQLite::Database> db_;
  std::unique_ptr<SQLite::Statement> known_;
  std::unique_ptr<SQLite::Statement> load_queue_;
};

}  // namespace shouhu::storage

#endif  // SHOUHU_STORAGE_FRONTIER_READER_H_
