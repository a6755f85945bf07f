#include "crawler/fake_fetcher.h"

#include <algorithm>

#include "base/strings.h"
#include "base/time.h"
#include "base/url.h"

namespace shouhu::crawler {

struct FakeFetcher::Transfer {
  FetchRequest request;
  FetchCallback done;
  FetchResult result;
  std::vector<std::string> chain;  // every URL asked for, first to current
  std::unique_ptr<Timer> timer;
  std::chrono::milliseconds spent{0};
};

FetcherFactory FakeWeb::Factory() {
  return [this](boost::asio::io_context& io, Clock& clock) -> std::unique_ptr<Fetcher> {
    return std::make_unique<FakeFetcher>(io, clock, *this);
  };
}

FakeResponse FakeWeb::Serve(const FakeHit& hit) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    hits_.push_back(hit);
  }
  return handler_(hit);
}

std::vector<FakeHit> FakeWeb::hits() const {
  std::lock_guard<std::mutex> lock(mu_);
  return hits_;
}

int FakeWeb::Requests(const std::string& host, const std::string& prefix) const {
  return static_cast<int>(Times(host, prefix).size());
}

std::vector<Clock::TimePoint> FakeWeb::Times(const std::string& host,
                                             const std::string& prefix) const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<Clock::TimePoint> out;
  for (const FakeHit& h : hits_) {
    if (h.host == host && h.target.starts_with(prefix)) out.push_back(h.at);
  }
  return out;
}

FakeFetcher::FakeFetcher(boost::asio::io_context& io, Clock& clock, FakeWeb& web)
    : io_(io), clock_(clock), web_(web) {}

FakeFetcher::~FakeFetcher() = default;

void FakeFetcher::Fetch(FetchRequest request, FetchCallback done) {
  auto owned = std::make_unique<Transfer>();
  Transfer* t = owned.get();
  t->request = std::move(request);
  t->done = std::move(done);
  t->result.url = t->request.url;
  t->result.final_url = t->request.url;
  t->result.depth = t->request.depth;
  t->result.attempts = t->request.attempt;
  t->chain.push_back(t->request.url);
  t->timer = clock_.NewTimer(io_);
  transfers_.emplace(t, std::move(owned));
  Hop(t);
}

void FakeFetcher::Hop(Transfer* t) {
  const std::string& url = t->chain.back();
  FakeHit hit;
  hit.url = url;
  hit.at = clock_.Now();
  hit.attempt = t->request.attempt;
  if (Result<Url> u = ParseUrl(url); u.ok()) {
    hit.host = u->host;
    hit.target = u->PathAndQuery();
  }
  FakeResponse response = web_.Serve(hit);
  FetchResult& r = t->result;
  r.request_head = "GET " + (hit.target.empty() ? std::string("/") : hit.target) +
                   " HTTP/1.1\r\nHost: " + hit.host + "\r\nUser-Agent: " + t->request.user_agent +
                   "\r\n\r\n";
  const auto budget = std::chrono::milliseconds(t->request.total_timeout_ms) - t->spent;
  const auto wait = std::min(response.latency, std::max(budget, std::chrono::milliseconds(0)));
  const bool timed_out = response.latency > budget;
  t->timer->WaitUntil(clock_.Now() + wait,
                      [this, t, response = std::move(response), timed_out, wait]() mutable {
                        t->spent += wait;
                        if (timed_out) {
                          response.error = FetchErrorKind::kTimeout;
                        }
                        Arrived(t, std::move(response));
                      });
}

void FakeFetcher::Arrived(Transfer* t, FakeResponse response) {
  FetchResult& r = t->result;
  r.elapsed_ms = static_cast<double>(t->spent.count());
  r.fetched_at = FormatRfc3339Millis(clock_.WallNow());
  r.remote_ip = "192.0.2.1";  // TEST-NET-1: nothing real was reached
  if (response.error != FetchErrorKind::kNone) {
    r.error_kind = response.error;
    r.error = Status(StatusCode::kFetchFailed, std::string(FetchErrorKindName(response.error)) +
                                                   ": simulated (" + r.url + ")");
    Complete(t);
    return;
  }
  r.http_status = response.status;
  r.response_head = "HTTP/1.1 " + std::to_string(response.status) + " FAKE\r\n";
  r.retry_after.clear();
  std::string location;
  bool has_content_type = false;
  for (const auto& [name, value] : response.headers) {
    r.response_head += name + ": " + value + "\r\n";
    if (IEquals(name, "Location")) location = value;
    if (IEquals(name, "Retry-After")) r.retry_after = value;
    if (IEquals(name, "Content-Type")) {
      r.content_type = value;
      has_content_type = true;
    }
  }
  if (!has_content_type) {
    r.content_type = response.content_type;
    r.response_head += "Content-Type: " + response.content_type + "\r\n";
  }
  r.response_head += "\r\n";
  if (response.status >= 300 && response.status < 400 && !location.empty()) {
    std::string next = location;
    if (Result<Url> base = ParseUrl(t->chain.back()); base.ok()) {
      if (Result<Url> resolved = ResolveUrl(*base, location); resolved.ok())
        next = resolved->ToString();
    }
    r.redirect_url = next;
    std::string detail;
    FetchErrorKind refused = CheckRedirectHop(t->request, t->chain, r.redirects, next, &detail);
    if (refused == FetchErrorKind::kNone) {
      ++r.redirects;
      t->chain.push_back(next);
      r.final_url = next;
      r.redirect_url.clear();
      r.response_head.clear();
      r.body.clear();
      Hop(t);
      return;
    }
    r.error_kind = refused;
    r.error = Status(StatusCode::kFetchFailed,
                     std::string(FetchErrorKindName(refused)) + ": " + detail + " (" + r.url + ")");
    Complete(t);
    return;
  }
  r.body = std::move(response.body);
  if (r.body.size() > t->request.max_body_bytes) {
    r.body.resize(t->request.max_body_bytes);
    r.error_kind = FetchErrorKind::kBodyTooLarge;
    r.error = Status(StatusCode::kFetchFailed, "body_too_large: body larger than " +
                                                   std::to_string(t->request.max_body_bytes) +
                                                   " bytes (" + r.url + ")");
  }
  Complete(t);
}

void FakeFetcher::Complete(Transfer* t) {
  FetchCallback done = std::move(t->done);
  FetchResult result = std::move(t->result);
  transfers_.erase(t);  // the timer that called us is this transfer's: it is done with its handler
  if (done) done(std::move(result));
}

}  // namespace shouhu::crawler
