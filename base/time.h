// UTC timestamps as the project writes them: RFC 3339 with a "Z" (WARC-Date,
// fetched_at, ledger and review times), plain dates for rule effective ranges,
// and compact stamps for file names.
//
// The functions that read "now" read the system clock; code that must be
// testable against a controlled time takes a time_point instead (the crawler's
// Clock, crawler/clock.h, supplies one).
//
// Thread-safety: pure functions (gmtime_r).
#ifndef SHOUHU_BASE_TIME_H_
#define SHOUHU_BASE_TIME_H_

#include <chrono>
#include <string>

namespace shouhu {

using WallTime = std::chrono::system_clock::time_point;

// "2026-11-24T06:40:19Z"
std::string FormatRfc3339(WallTime t);
// "2026-11-24T06:40:19.123Z"
std::string FormatRfc3339Millis(WallTime t);
// "2026-11-24"
std::string FormatDate(WallTime t);
// strftime over the UTC calendar time of `t` (e.g. "%Y%m%d%H%M%S" for file names).
std::string FormatUtc(WallTime t, const char* strftime_format);

// The same, now (system clock).
std::string NowRfc3339();         // with milliseconds
std::string NowRfc3339Seconds();  // without
std::string TodayUtc();

}  // namespace shouhu

#endif  // SHOUHU_BASE_TIME_H_
