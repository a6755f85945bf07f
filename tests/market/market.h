// The demo marketplace (doc/market.md, doc/design.md §7): three Chinese marketplaces
// served on loopback, generated deterministically from a seed, with the ground
// truth of every listing's expected findings.
//
// A test fixture and the target of `shouhu demo`; never a stand-in inside the
// product. Every page is a pure function of (options, host, target) except the
// per-URL "first request" faults (429, 500), which the server counts.
#ifndef SHOUHU_TESTS_MARKET_MARKET_H_
#define SHOUHU_TESTS_MARKET_MARKET_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/status.h"

namespace shouhu::market {

// Which awkwardness the server adds (doc/market.md "Fault modes"). A URL is
// "chosen" for a rate when a hash of (seed, mode, URL target) falls below it.
struct FaultOptions {
  double rate_429 = 0;   // first request of a chosen URL: 429 + Retry-After: 1
  double rate_500 = 0;   // first request of a chosen URL: 500
  double rate_slow = 0;  // chosen URLs answer after slow_ms (timer, never a sleep)
  double rate_404 = 0;   // list pages add links to items that do not exist
  int slow_ms = 300;
  bool redirects = false;  // /r/{hops}/… 302 chains on some list links; /loop/a <-> /loop/b
  bool trap = false;       // /calendar/YYYY/MM links to the previous and next month forever
  bool tracking = false;   // list pages link items with ?spm=…&utm_source=…&from=… variants
  static FaultOptions None();
  static FaultOptions Demo();  // everything on at a low rate, slow_ms 150
};

struct MarketOptions {
  uint64_t seed = 20261111;
  int64_t listings = 300;  // listing i lives on platform i % 3; REQUIRES: 0 <= listings < 2^29
  FaultOptions faults;
};

struct Platform {
  std::string id;    // "tiantu", "kuaigou", "lanmao"
  std::string host;  // "mall.tiantu.test", "m.kuaigou.test", "www.lanmao.test"
  std::string name;  // "天图商城", "快购", "蓝猫网"
};
// The three platforms in index order (listing i is on Platforms()[i % 3]).
const std::vector<Platform>& Platforms();

// Expected findings for one listing (one line of the ground truth).
struct ListingTruth {
  std::string site, item_id, url_path, group;  // group: toy … car_seat, or "adult"
  int64_t index = 0;
  bool in_scope = false;
  std::vector<std::string> expected;  // finding categories (doc/design.md §5.2), sorted, unique
  std::vector<std::string> injected;  // rule ids (config/rules/), sorted, unique
};
// REQUIRES: 0 <= index < options.listings.
ListingTruth TruthFor(const MarketOptions& options, int64_t index);

// Writes the ground truth as JSON Lines, one listing per line, in index order.
Status WriteGroundTruth(const MarketOptions& options, const std::string& path);

// Writes the CCC certificate registry of the listings (doc/rules.md, Certificate registry) as CSV:
// header `number,holder,manufacturer,product,models,status,issued_on,expires_on`,
// one row per format-valid number shown, status 有效 and holder = manufacturer =
// the listing's producer — except where T-04 (status 撤销/暂停/注销) or T-05
// (another company holds it) is injected. Malformed numbers (T-02) are not in
// it. Numbers are unique per listing, so the registry-backed rules raise
// nothing on compliant listings.
Status WriteCccRegistry(const MarketOptions& options, const std::string& path);

// One enterprise of config/watchlist/demo.csv; W-01 listings name these as producer.
struct WatchlistEntry {
  std::string name, credit_code, failed_items, failed_on;
};
const std::vector<WatchlistEntry>& Watchlist();

// A rendered answer. `headers` excludes Content-Length (the server adds it).
struct Response {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::string_view Header(std::string_view name) const;  // "" if absent
};

// Renders one page without a socket, exactly as the server would answer the
// first time apart from the stateful faults (429, 500, slow). `host` may carry
// a port; `target` is the request target ("/item/6012345678.html?spm=…").
// Builds the category index (O(listings)); repeated callers use MarketSite.
Response Render(const MarketOptions& options, std::string_view host, std::string_view target);

// The same with the category index built once. Thread-safe (const).
class MarketSite {
 public:
  explicit MarketSite(MarketOptions options);
  ~MarketSite();
  MarketSite(const MarketSite&) = delete;
  MarketSite& operator=(const MarketSite&) = delete;
  Response Render(std::string_view host, std::string_view target) const;
  const MarketOptions& options() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The HTTP/1.1 server (Boost.Beast, keep-alive) on 127.0.0.1. Thread-safe.
class MarketServer {
 public:
  explicit MarketServer(MarketOptions options);
  ~MarketServer();  // stops
  MarketServer(const MarketServer&) = delete;
  MarketServer& operator=(const MarketServer&) = delete;

  // Binds 127.0.0.1:port (0 = a free port) and runs `threads` threads on one
  // io_context. REQUIRES: not started.
  Status Start(uint16_t port = 0, int threads = 1);
  uint16_t port() const;
  void Stop();  // idempotent; joins the threads
  uint64_t requests_served() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace shouhu::market

#endif  // SHOUHU_TESTS_MARKET_MARKET_H_
