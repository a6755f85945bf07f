#include "app/progress.h"

#include <cstdio>

namespace shouhu::app {

ProgressLine::ProgressLine(std::FILE* out, bool terminal) : out_(out), terminal_(terminal) {}

std::string ProgressLine::Format(const crawler::CrawlStats& s, double elapsed_s) {
  char buf[160];
  std::snprintf(buf, sizeof buf, "done %llu | queued %llu | in flight %llu | %.1f pages/s",
                static_cast<unsigned long long>(s.pages), static_cast<unsigned long long>(s.queued),
                static_cast<unsigned long long>(s.in_flight),
                elapsed_s > 0 ? s.pages / elapsed_s : 0.0);
  std::string line = buf;
  // Fetch errors by class, then what politeness held back.
  std::string errors;
  for (const auto& [kind, n] : s.errors_by_class) {
    errors += (errors.empty() ? "" : ", ") + kind + " " + std::to_string(n);
  }
  if (!errors.empty()) line += " | errors: " + errors;
  if (s.retries > 0) line += " | retries " + std::to_string(s.retries);
  if (s.robots_blocked > 0) line += " | robots-blocked " + std::to_string(s.robots_blocked);
  if (s.hosts_parked > 0) line += " | parked " + std::to_string(s.hosts_parked);
  return line;
}

void ProgressLine::Update(const crawler::CrawlStats& stats, double elapsed_s) {
  auto now = std::chrono::steady_clock::now();
  auto interval = terminal_ ? std::chrono::milliseconds(250) : std::chrono::milliseconds(5000);
  if (printed_ && now - last_ < interval) return;
  last_ = now;
  printed_ = true;
  std::string line = Format(stats, elapsed_s);
  if (terminal_) {
    // Pad over the previous line's tail; \r returns to the line's start.
    std::string padded = "\r  " + line;
    if (line.size() < last_width_) padded += std::string(last_width_ - line.size(), ' ');
    last_width_ = line.size();
    std::fputs(padded.c_str(), out_);
  } else {
    char stamp[32];
    std::snprintf(stamp, sizeof stamp, "[%7.1fs] ", elapsed_s);
    std::fputs((std::string(stamp) + line + "\n").c_str(), out_);
  }
  std::fflush(out_);
}

void ProgressLine::Finish() {
  if (terminal_ && printed_) std::fputs("\n", out_);
  std::fflush(out_);
}

}  // namespace shouhu::app
