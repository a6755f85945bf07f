// FakeWeb and FakeFetcher: a Fetcher that serves from a function instead of
// the network, on the crawl loop's Clock (a fixture-serving fake).
//
// A FakeWeb is a handler from request to response plus a log of every request
// it answered (each redirect hop is a request, as on the wire), stamped with
// the clock's time. A FakeFetcher made by FakeWeb::Factory() serves one loop:
// each hop's response arrives after its simulated latency as a timer of the
// loop's clock, so with a SimulatedClock a whole crawl — politeness delays,
// Retry-After waits, parking — runs in virtual time, deterministically.
//
// Redirects are followed hop by hop with the CurlFetcher's own rules
// (CheckRedirectHop: loop, limit, scheme, FetchRequest::redirect_check). A
// body over max_body_bytes ends as kBodyTooLarge with the body cut at the cap;
// a latency over total_timeout_ms ends as kTimeout at the timeout.
//
// Thread-safety: the handler is called on the loop's thread; hits() and
// Requests() from any thread.
#ifndef SHOUHU_CRAWLER_FAKE_FETCHER_H_
#define SHOUHU_CRAWLER_FAKE_FETCHER_H_

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "crawler/clock.h"
#include "crawler/fetcher.h"

namespace shouhu::crawler {

struct FakeResponse {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;  // e.g. {"Location", "/x"}
  std::string body;
  std::string content_type = "text/html; charset=utf-8";
  std::chrono::milliseconds latency{20};
  // Not kNone: no response, this transport failure instead (after latency).
  FetchErrorKind error = FetchErrorKind::kNone;
};

// One request the web answered.
struct FakeHit {
  std::string url;
  std::string host;    // lower-case host name
  std::string target;  // path and query, as in the request line
  Clock::TimePoint at;
  int attempt = 1;
};

class FakeWeb {
 public:
  using Handler = std::function<FakeResponse(const FakeHit& request)>;

  explicit FakeWeb(Handler handler) : handler_(std::move(handler)) {}

  // FakeFetchers serving from this web (which must outlive them).
  FetcherFactory Factory();

  std::vector<FakeHit> hits() const;
  // Requests to `host` whose target starts with `prefix`.
  int Requests(const std::string& host, const std::string& prefix) const;
  // Their times, in order.
  std::vector<Clock::TimePoint> Times(const std::string& host, const std::string& prefix) const;

 private:
  friend class FakeFetcher;
  FakeResponse Serve(const FakeHit& hit);

  Handler handler_;
  mutable std::mutex mu_;
  std::vector<FakeHit> hits_;
};

class FakeFetcher final : public Fetcher {
 public:
  FakeFetcher(boost::asio::io_context& io, Clock& clock, FakeWeb& web);
  ~FakeFetcher() override;

  void Fetch(FetchRequest request, FetchCallback done) override;

 private:
  struct Transfer;
  // Asks the web for the transfer's current URL; its answer arrives after the latency.
  void Hop(Transfer* t);
  void Arrived(Transfer* t, FakeResponse response);
  void Complete(Transfer* t);

  boost::asio::io_context& io_;
  Clock& clock_;
  FakeWeb& web_;
  // Transfers under way; destroying the fetcher drops them (and their timers).
  std::map<Transfer*, std::unique_ptr<Transfer>> transfers_;
};

}  // namespace shouhu::crawler

#endif  // SHOUHU_CRAWLER_FAKE_FETCHER_H_
