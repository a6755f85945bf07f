// RequestLog: a JSON Lines log of every completed request of a crawl — time,
// origin, URL, attempt, status, bytes, latency, redirects, the politeness delay
// then applied to the origin, and the error class of a failure — for the
// operator reading why a host was slow or refused.
//
// Thread-safety: none; written on the crawl loop's thread, buffered, flushed
// by Flush() and when destroyed.
#ifndef SHOUHU_CRAWLER_REQUEST_LOG_H_
#define SHOUHU_CRAWLER_REQUEST_LOG_H_

#include <fstream>
#include <memory>
#include <string>

#include "base/status.h"
#include "crawler/fetch_result.h"

namespace shouhu::crawler {

class RequestLog {
 public:
  // Opens `path` for appending (a resumed sweep continues its log).
  static Result<std::unique_ptr<RequestLog>> Open(const std::string& path);

  // One line for the final (or retried) result of a request for `url`.
  void Write(const std::string& origin, const std::string& url, int attempt, const FetchResult& r,
             double delay_s);
  void Flush();

 private:
  explicit RequestLog(std::ofstream out) : out_(std::move(out)) {}
  std::ofstream out_;
};

}  // namespace shouhu::crawler

#endif  // SHOUHU_CRAWLER_REQUEST_LOG_H_
