#include "base/time.h"

#include <cstdio>
#include <ctime>

namespace shouhu {

std::string FormatUtc(WallTime t, const char* strftime_format) {
  std::time_t secs = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[80];
  size_t n = std::strftime(buf, sizeof buf, strftime_format, &tm);
  return std::string(buf, n);
}

std::string FormatRfc3339(WallTime t) { return FormatUtc(t, "%Y-%m-%dT%H:%M:%SZ"); }

std::string FormatRfc3339Millis(WallTime t) {
  // to_time_t truncates toward the epoch for times after it, so the
  // milliseconds are the remainder of the same second.
  auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count() % 1000;
  if (ms < 0) ms += 1000;
  char frac[8];
  std::snprintf(frac, sizeof frac, ".%03dZ", static_cast<int>(ms));
  return FormatUtc(t, "%Y-%m-%dT%H:%M:%S") + frac;
}

std::string FormatDate(WallTime t) { return FormatUtc(t, "%Y-%m-%d"); }

std::string NowRfc3339() { return FormatRfc3339Millis(std::chrono::system_clock::now()); }
std::string NowRfc3339Seconds() { return FormatRfc3339(std::chrono::system_clock::now()); }
std::string TodayUtc() { return FormatDate(std::chrono::system_clock::now()); }

}  // namespace shouhu
