// SweepSession: one sweep's storage side, from opening to its summary.
//
// Open() does everything that can fail on bad input before the first fetch:
// loads the rule pack, opens the database (a sweep of the same name still
// marked running is continued: its frontier, its shop pages), loads the rules
// context (registry, watchlist, earlier certificate uses), opens the evidence
// store (cutting a crashed run's half-written WARC tail), starts the single
// storage writer and the frontier journal, and builds the PageProcessor.
// A crawler then runs with journal(), TakeResume() and processor(); Finish()
// flushes everything, counts what was committed and marks the sweep finished
// or interrupted.
//
// Ownership: the session owns the database (through its writer), the evidence
// store, the journal, the shop directory and the processor; the crawl must be
// over before Finish() or the destructor.
//
// Thread-safety: Open, Finish and the accessors on one thread; processor()
// is called from the crawler's workers, journal() from its loop thread.
#ifndef SHOUHU_PIPELINE_SWEEP_SESSION_H_
#define SHOUHU_PIPELINE_SWEEP_SESSION_H_

#include <memory>
#include <optional>
#include <string>

#include "base/status.h"
#include "crawler/clock.h"
#include "crawler/sweep_runner.h"
#include "evidence/evidence_store.h"
#include "pipeline/page_processor.h"
#include "pipeline/shop_directory.h"
#include "pipeline/sweep_config.h"
#include "pipeline/sweep_journal.h"
#include "pipeline/sweep_report.h"
#include "storage/writer_thread.h"

namespace shouhu::pipeline {

class SweepSession {
 public:
  // `clock` stamps the sweep's start and end and measures its elapsed time;
  // it must outlive the session. `problems` empty: StderrProblems().
  static Result<std::unique_ptr<SweepSession>> Open(const SweepConfig& config,
                                                    crawler::Clock& clock,
                                                    ProblemSink problems = {});
  ~SweepSession();
  SweepSession(const SweepSession&) = delete;
  SweepSession& operator=(const SweepSession&) = delete;

  int64_t sweep_id() const { return sweep_id_; }
  bool resumed() const { return resumed_; }
  const SweepConfig& config() const { return config_; }

  // The crawl options with the request log path filled in (next to the
  // database unless the sweep names one).
  const crawler::CrawlOptions& crawl_options() const { return crawl_; }
  crawler::FrontierJournal* journal() { return journal_.get(); }
  // The interrupted sweep's frontier (once; nullopt for a new sweep).
  std::optional<crawler::ResumeState> TakeResume();
  PageProcessor& processor() { return *processor_; }
  storage::StorageWriter& writer() { return *writer_; }

  // After the crawl: flushes the journal, evaluates item pages still waiting
  // for a shop page that never came, waits for every write, records the
  // sweep's end ("interrupted" when `interrupted` or the crawl failed) and
  // returns the report. An error of the crawl other than a stop is returned
  // after everything is stored.
  Result<SweepReport> Finish(const crawler::CrawlStats& stats, const Status& crawled,
                             bool interrupted);

 private:
  SweepSession(SweepConfig config, crawler::Clock& clock)
      : config_(std::move(config)), clock_(clock) {}

  SweepConfig config_;
  crawler::Clock& clock_;
  crawler::Clock::TimePoint started_;
  int64_t sweep_id_ = 0;
  bool resumed_ = false;
  int64_t resumed_queued_ = 0;
  std::optional<crawler::ResumeState> resume_;
  crawler::CrawlOptions crawl_;
  ProblemSink problems_;
  std::shared_ptr<const SweepRulesContext> rules_;
  // Declaration order is destruction order reversed: the writer (which owns
  // the database and calls the evidence store's commit hook) stops before the
  // evidence store, the shop directory and the journal go.
  std::unique_ptr<evidence::EvidenceStore> evidence_;
  std::unique_ptr<ShopDirectory> shops_;
  std::unique_ptr<storage::StorageWriter> writer_;
  std::unique_ptr<SweepJournal> journal_;
  std::unique_ptr<PageProcessor> processor_;
  bool finished_ = false;
};

}  // namespace shouhu::pipeline

#endif  // SHOUHU_PIPELINE_SWEEP_SESSION_H_
