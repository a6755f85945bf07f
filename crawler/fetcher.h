// Fetcher: the seam between the crawl loop and the network.
//
// CurlFetcher drives libcurl's multi_socket API from a Boost.Asio io_context
// that the caller owns and runs: sockets are waited on by the io_context, one
// steady_timer carries curl's timeouts; there is no polling loop and no thread
// per request.
//
// Thread-safety: Fetch() may be called from any thread (the start is posted to
// the io_context). `done` is always invoked on the io_context's thread, exactly
// once per Fetch() — unless the fetcher is destroyed first, in which case
// pending callbacks are dropped.
// Lifetime: destroy the CurlFetcher on the io_context's thread or while the
// io_context is not running, and before the io_context itself.
#ifndef SHOUHU_CRAWLER_FETCHER_H_
#define SHOUHU_CRAWLER_FETCHER_H_

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "crawler/clock.h"
#include "crawler/fetch_result.h"

namespace boost::asio {
class io_context;
}  // namespace boost::asio

namespace shouhu::crawler {

struct FetchRequest {
  std::string url;
  int depth = 0;    // copied into the result
  int attempt = 1;  // copied into the result (FetchResult::attempts)
  // "host:port:addr" entries, as `curl --resolve`.
  std::vector<std::string> resolve;
  std::string user_agent = "shouhu/0.1 (+market supervision)";
  std::string proxy;  // "" = direct; e.g. "http://proxy:3128"
  // Refuse targets whose resolved address is private, loopback, link-local,
  // multicast or reserved, on every hop. Checked after DNS on the socket
  // address, so a public name pointing inward is caught too. Not applied to
  // the proxy connection when a proxy is set (the proxy is trusted).
  bool allow_private = false;
  // Budgets, each with its reason:
  long connect_timeout_ms = 5000;    // Default: 5 s; a healthy server accepts in ms
  long total_timeout_ms = 30000;     // Default: 30 s; a page is 100-300 KB
  long low_speed_bytes_per_s = 64;   // abort a transfer slower than this ...
  long low_speed_time_s = 15;        // ... for this long (slow-loris bodies)
  size_t max_body_bytes = 8u << 20;  // Default: 8 MiB after decompression (bombs)
  int max_redirects = 5;             // Default: 5 (RFC 9309 asks robots to follow 5)
  // Redirects are followed by the fetcher, hop by hop (GET, the same budgets;
  // the total timeout covers the whole chain): a hop back to a URL already in
  // the chain ends as kRedirectLoop, one past max_redirects as
  // kTooManyRedirects, and each hop's target is first shown to this check (on
  // the io thread); a non-ok Status ends the fetch as kRedirectRefused with
  // that message. Empty = follow every hop (the address check still applies).
  std::function<Status(const std::string& next_url)> redirect_check;
};

using FetchCallback = std::function<void(FetchResult)>;

class Fetcher {
 public:
  virtual ~Fetcher() = default;
  virtual void Fetch(FetchRequest request, FetchCallback done) = 0;
};

// Makes the fetcher a crawl loop uses, on the loop's io_context and clock
// (both outlive the fetcher). The SweepRunner takes one (crawler/sweep_runner.h):
// CurlFetcherFactory() for the network, FakeWeb::Factory() in tests.
using FetcherFactory =
    std::function<std::unique_ptr<Fetcher>(boost::asio::io_context& io, Clock& clock)>;

class CurlFetcher final : public Fetcher {
 public:
  // `clock` stamps fetched_at; libcurl keeps its own (real) timeouts.
  CurlFetcher(boost::asio::io_context& io, Clock& clock);
  ~CurlFetcher() override;
  CurlFetcher(const CurlFetcher&) = delete;
  CurlFetcher& operator=(const CurlFetcher&) = delete;

  void Fetch(FetchRequest request, FetchCallback done) override;
  // Transfers started and not yet completed. Read on the io thread.
  size_t in_flight() const;

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

// Whether a textual IPv4/IPv6 address is one the crawler must not reach
// without allow_private: loopback, RFC 1918 / unique-local, link-local,
// CGNAT, unspecified, multicast, reserved, and IPv4-mapped forms of these.
// Unparseable text counts as restricted.
bool IsRestrictedAddress(std::string_view ip);

FetcherFactory CurlFetcherFactory();

// Whether a fetch may follow a redirect hop to `next` (absolute), after
// `redirects` hops along `chain` (every URL asked for so far): kRedirectLoop,
// kTooManyRedirects, kRedirectRefused (a scheme other than http(s), or the
// request's redirect_check said no), each with *detail; kNone to follow.
// Shared by every Fetcher, so fakes refuse what the real one refuses.
FetchErrorKind CheckRedirectHop(const FetchRequest& request, const std::vector<std::string>& chain,
                                int redirects, const std::string& next, std::string* detail);

}  // namespace shouhu::crawler

#endif  // SHOUHU_CRAWLER_FETCHER_H_
