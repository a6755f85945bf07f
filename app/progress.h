// The live progress of a sweep: one line rewritten in place on a terminal
// (about four times a second), plain lines every few seconds otherwise (logs, CI).
// Thread-safety: Update() and Finish() from one thread (the sweep's watcher).
#ifndef SHOUHU_APP_PROGRESS_H_
#define SHOUHU_APP_PROGRESS_H_

#include <chrono>
#include <cstdio>
#include <string>

#include "crawler/sweep_runner.h"

namespace shouhu::app {

class ProgressLine {
 public:
  // `out` is written with fputs; `terminal` selects in-place rewriting.
  ProgressLine(std::FILE* out, bool terminal);
  // Prints when the last print is old enough; `elapsed_s` since the sweep began.
  void Update(const crawler::CrawlStats& stats, double elapsed_s);
  // Ends the in-place line so the summary starts on a fresh line.
  void Finish();

  // "done 120 | queued 35 | in flight 4 | 41.2 pages/s | errors: timeout 1, http_5xx 2"
  static std::string Format(const crawler::CrawlStats& stats, double elapsed_s);

 private:
  std::FILE* out_;
  bool terminal_;
  bool printed_ = false;
  std::chrono::steady_clock::time_point last_{};
  size_t last_width_ = 0;
};

}  // namespace shouhu::app

#endif  // SHOUHU_APP_PROGRESS_H_
