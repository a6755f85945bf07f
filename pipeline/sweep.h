// RunSweep: one sweep end to end (doc/design.md §2) — a SweepSession (storage side:
// database, journal, rules, evidence, the PageProcessor) joined to a
// crawler::SweepRunner (fetching on its event loop, the processor on its
// workers). The library call behind `shouhu sweep`, `shouhu demo`, and what
// a scheduler or console runs.
//
// Thread-safety: RunSweep blocks its caller; `stop` may be set from any thread.
#ifndef SHOUHU_PIPELINE_SWEEP_H_
#define SHOUHU_PIPELINE_SWEEP_H_

#include <atomic>
#include <functional>

#include "base/status.h"
#include "crawler/sweep_runner.h"
#include "pipeline/page_processor.h"
#include "pipeline/sweep_config.h"
#include "pipeline/sweep_report.h"

namespace shouhu::pipeline {

// What a sweep talks to besides its files; the defaults are the real ones.
struct SweepEnv {
  crawler::CrawlEnv crawl;  // fetcher and clock (CurlFetcher, the system clock)
  // Called about twenty times a second from a watcher thread with the crawl's
  // counters and the elapsed seconds on the sweep's clock.
  std::function<void(const crawler::CrawlStats&, double elapsed_s)> progress;
  ProblemSink problems;  // empty: the first problems on stderr
};

// Runs one sweep to completion, or until *stop becomes true (in-flight work is
// finished and flushed; the report says interrupted, and running the sweep
// again continues it). A sweep of the same name still marked running in the
// database is continued from its recorded frontier. `stop` may be null.
Result<SweepReport> RunSweep(const SweepConfig& config, std::atomic<bool>* stop, SweepEnv env = {});

}  // namespace shouhu::pipeline

#endif  // SHOUHU_PIPELINE_SWEEP_H_
