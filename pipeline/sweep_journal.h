// SweepJournal: the crawler's frontier kept in the sweep's database. Writes go
// through the single storage writer; reads (the frontier's spilled queues and
// its seen-set) go through a second, read-only connection on the crawl loop's
// thread, which WAL lets read while the writer commits.
//
// Each URL row is finished by two bits set by separate tasks:
// kFrontierLinksRecorded once the page's links are rows themselves (queued
// before the mark, so the writer's FIFO order commits them no later), and
// kFrontierStored once the page's results are committed — for item pages in the
// same transaction as the listing. On resume, every row short of both is fetched
// again: a page is fetched twice only if it was in flight (fetched but not yet
// committed) when the sweep died.
//
// CommittedSeq: rows are handed to the writer in seq order, in tasks whose
// tickets say when they are committed (StorageWriter::PushTicket).
//
// Thread-safety: the journal methods run on the crawler's loop thread;
// MarkStored() may be called from any storage task (it touches no journal state).
#ifndef SHOUHU_PIPELINE_SWEEP_JOURNAL_H_
#define SHOUHU_PIPELINE_SWEEP_JOURNAL_H_

#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "crawler/sweep_runner.h"
#include "storage/frontier_reader.h"
#include "storage/writer_thread.h"

namespace shouhu::pipeline {

class SweepJournal : public crawler::FrontierJournal {
 public:
  // `last_seq`: the largest seq already in the database for this sweep (0 for
  // a new sweep); everything up to it is committed.
  SweepJournal(storage::StorageWriter& writer, int64_t sweep,
               std::unique_ptr<storage::FrontierReader> reader, uint64_t last_seq)
      : writer_(writer), sweep_(sweep), reader_(std::move(reader)), committed_seq_(last_seq) {}

  // FrontierJournal (writes).
  void Accepted(const crawler::FrontierEntry& entry) override;
  void Seen(const crawler::FrontierEntry& like, const std::string& canonical_url) override;
  void LinksRecorded(const std::string& url, bool to_processor) override;
  // FrontierStore (reads).
  uint64_t CommittedSeq() override;
  void Sync() override { Flush(); }
  bool Known(uint64_t fp) override;
  bool Load(const std::string& origin, crawler::UrlPriority priority, uint64_t after_seq,
            size_t limit, std::vector<crawler::FrontierEntry>* out) override;
  void ForEachKnown(const std::function<void(uint64_t)>& fn) override;
  // Not ok after a read failed, a batch of frontier rows failed to be written,
  // or a writer commit failed: rows the frontier spilled may be missing.
  Status Health() override;

  // Queues the rows accepted since the last call (also the end of a crawl).
  void Flush();

  // Marks `url` stored, inside a storage task (call from within the task that
  // commits the page's results).
  static Status MarkStored(storage::Database& db, int64_t sweep, const std::string& url);

  // Rows known without being queued (Seen) are written with this priority: they
  // count toward no queue and no page cap.
  static constexpr int kSeenPriority = -1;

  // What an interrupted sweep left: its unfinished queues, summarised.
  static Result<crawler::ResumeState> ResumeFrom(storage::FrontierReader& reader);

 private:
  void Queue(storage::FrontierRow row);
  void NoteReadError(const Status& s) {
    if (read_error_.ok()) read_error_ = s;
  }

  storage::StorageWriter& writer_;
  const int64_t sweep_;
  std::unique_ptr<storage::FrontierReader> reader_;
  std::vector<storage::FrontierRow> pending_;  // accepted rows not yet handed to the writer
  // Tasks handed to the writer and not known to be committed: (ticket, max seq).
  std::deque<std::pair<uint64_t, uint64_t>> in_writer_;
  uint64_t committed_seq_;
  Status read_error_;
  // Set by a writer task whose frontier rows could not be written.
  std::shared_ptr<std::atomic<bool>> write_failed_ = std::make_shared<std::atomic<bool>>(false);
};

}  // namespace shouhu::pipeline

#endif  // SHOUHU_PIPELINE_SWEEP_JOURNAL_H_
