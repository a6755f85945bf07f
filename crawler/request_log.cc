#include "crawler/request_log.h"

#include <nlohmann/json.hpp>

namespace shouhu::crawler {

Result<std::unique_ptr<RequestLog>> RequestLog::Open(const std::string& path) {
  std::ofstream out(path, std::ios::app);
  if (!out) return IoError(path + ": cannot open the request log");
  return std::unique_ptr<RequestLog>(new RequestLog(std::move(out)));
}

void RequestLog::Write(const std::string& origin, const std::string& url, int attempt,
                       const FetchResult& r, double delay_s) {
  nlohmann::json j = {{"time", r.fetched_at}, {"origin", origin},         {"url", url},
                      {"attempt", attempt},   {"status", r.http_status},  {"bytes", r.body.size()},
                      {"ms", r.elapsed_ms},   {"redirects", r.redirects}, {"delay_s", delay_s}};
  if (!r.final_url.empty() && r.final_url != url) j["final_url"] = r.final_url;
  if (!r.redirect_url.empty()) j["redirect_not_followed"] = r.redirect_url;
  if (!r.error.ok()) {
    j["error"] = FetchErrorKindName(r.error_kind);
    j["message"] = r.error.message();
  }
  out_ << j.dump() << '\n';
}

void RequestLog::Flush() { out_.flush(); }

}  // namespace shouhu::crawler
