// SweepJournal: the crawler's frontier written to the sweep's database through
// the single storage writer, so a killed sweep can be resumed (Database::
// LoadFrontier). Each URL row is finished by two bits set by separate tasks:
// kFrontierLinksRecorded once the page's links are rows themselves (queued
// before the mark, so the writer's FIFO order commits them no later), and
// kFrontierStored once the page's results are committed — for item pages in the
// same transaction as the listing. On resume, every row short of both is fetched
// again: a page is fetched twice only if it was in flight (fetched but not yet
// committed) when the sweep died.
//
// Thread-safety: the journal methods run on the crawler's loop thread;
// StoredTask() may be called from any thread (it touches no journal state).
#ifndef SHOUHU_APP_SWEEP_JOURNAL_H_
#define SHOUHU_APP_SWEEP_JOURNAL_H_

#include <cstdint>
#include <string>
#include <vector>

#include "crawler/sweep_runner.h"
#include "storage/writer_thread.h"

namespace shouhu::app {

class SweepJournal : public crawler::FrontierJournal {
 public:
  SweepJournal(StorageWriter& writer, int64_t sweep) : writer_(writer), sweep_(sweep) {}

  void Accepted(const crawler::FrontierEntry& entry) override;
  void Seen(const crawler::FrontierEntry& like, const std::string& canonical_url) override;
  void LinksRecorded(const std::string& url, bool to_processor) override;
  // Queues the rows accepted since the last call (the end of a crawl).
  void Flush();

  // Marks `url` stored, inside a storage task (call from within the task that
  // commits the page's results).
  static Status MarkStored(Database& db, int64_t sweep, const std::string& url);

  // The state an interrupted sweep left: finished URLs and URLs to fetch again.
  static crawler::ResumeState ResumeFrom(const std::vector<FrontierRow>& rows);

 private:
  void Queue(FrontierRow row);

  StorageWriter& writer_;
  const int64_t sweep_;
  std::vector<FrontierRow> pending_;  // accepted rows not yet handed to the writer
};

}  // namespace shouhu::app

#endif  // SHOUHU_APP_SWEEP_JOURNAL_H_
