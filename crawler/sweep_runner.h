// SweepRunner: one crawl over a set of sites, from seeds and sitemaps to every
// in-scope page, politely.
//
// Threading: Run() turns the calling thread into the crawl loop's io thread
// (an Asio io_context driving the Fetcher, the Frontier and every scheduling
// decision) and starts `workers` worker threads. Each completed
// page fetch (the final result, after retries) goes to a worker through a
// bounded queue, where the PageProcessor runs; the links it returns are
// resolved, canonicalised and scope-filtered on the worker, then posted back
// to the io thread, which alone touches the frontier. When the queue is full
// no new fetch starts (backpressure).
//
// Per origin, robots.txt is fetched before any other URL: 2xx → parsed,
// 4xx (and > max redirects) → allow all, 5xx / 429 / unreachable → disallow
// all while retrying with backoff (up to max_retries; then the origin stays
// disallowed for this sweep). Disallowed URLs are never fetched (counted as
// robots_blocked). Sitemap: lines and the profile's sitemaps (index and
// urlset, gzip ok, size-capped) seed the frontier besides the profile's seeds.
//
// Retries: 429/503 wait for Retry-After (capped) or backoff, other 5xx and
// transient network errors back off exponentially with jitter; the processor
// sees only the final result (with FetchResult::attempts).
//
// Seams (doc/design.md §3.4): the fetcher and the clock come from a CrawlEnv — the real
// network (CurlFetcher) and time by default, a FakeWeb on a SimulatedClock in
// tests, where every politeness delay, Retry-After and parking runs in virtual
// time. The loop reads nothing of time but its Clock.
//
// The parts the loop is made of: CrawlScopes (crawler/scope.h, which URLs are
// in), RobotsCache (crawler/robots_cache.h), Frontier (crawler/frontier.h),
// RequestLog (crawler/request_log.h) and a WorkerPool.
//
// Thread-safety: Stop() and stats() may be called from any thread; Run() once.
#ifndef SHOUHU_CRAWLER_SWEEP_RUNNER_H_
#define SHOUHU_CRAWLER_SWEEP_RUNNER_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "base/status.h"
#include "config/crawl_scope.h"
#include "crawler/clock.h"
#include "crawler/fetch_result.h"
#include "crawler/fetcher.h"
#include "crawler/frontier.h"

namespace shouhu::crawler {

struct CrawlOptions {
  std::vector<std::string> resolve;  // "host:port:addr" entries, as curl --resolve
  bool allow_private = false;        // the demo marketplace on loopback needs true
  std::string user_agent = "shouhu/0.1 (+market supervision)";
  std::string proxy;  // "" = direct
  int workers = 2;
  int max_in_flight = 16;  // fetches in flight over all hosts
  int max_retries = 3;     // retries after the first attempt
  long connect_timeout_ms = 5000, total_timeout_ms = 30000;
  size_t max_body_bytes = 8 << 20;
  int max_redirects = 5;
  bool politeness = true;  // false: ignore min delay, Crawl-delay and per-host caps
                           // (benchmarks); robots.txt rules are still honoured
  // Budgets of the loop itself:
  int queue_capacity = 0;             // pages waiting for a worker; 0 = 4 × workers
  double retry_backoff_base_s = 1.0;  // first backoff (× 2 each retry, ±50% jitter)
  double retry_backoff_max_s = 60.0;
  double max_retry_after_s = 120.0;  // longer Retry-After values are cut to this
  double max_crawl_delay_s = 60.0;   // a hostile Crawl-delay cannot stall the sweep
  int max_sitemaps_per_site = 1000;  // sitemap files read per site (index fan-out)
  // Politeness that adapts to the host (see Frontier::HostPolicy); only with politeness on.
  bool adaptive_delay = true;  // delay ≈ latency / target_concurrency, smoothed
  double target_concurrency = 2.0;
  double max_adaptive_delay_s = 10.0;
  int park_after_failures = 5;  // failures in a row before a host is parked; 0 = never
  double park_base_s = 30.0;    // first parking; doubles up to park_max_s
  double park_max_s = 600.0;
  // With a journal (SetJournal), the frontier lives in the journal's store and
  // each origin keeps at most this many queued entries in memory.
  size_t frontier_window = 2048;
  // A JSON Lines log of every request (time, origin, url, status, bytes,
  // latency, attempt, error class), written on the loop thread; "" = none.
  std::string log_path;
};

// What the processor found on a page: the URL relative links resolve against
// (normally the final URL, or a <base href>), and the raw hrefs.
struct ProcessOutcome {
  std::string base_url;
  std::vector<std::string> links;
};

// Called on a worker thread, exactly once for every page's final fetch result
// (success or failure, after retries; not for robots.txt or sitemaps). `site`
// is the index of the page's site in the runner's sites. Must be thread-safe
// across workers. Exceptions are caught and counted.
using PageProcessor = std::function<ProcessOutcome(int site, const FetchResult& result)>;

// What the loop talks to besides its caller: the network and time.
struct CrawlEnv {
  FetcherFactory fetcher;  // empty: CurlFetcherFactory()
  Clock* clock = nullptr;  // null: Clock::System(); must outlive Run()
};

struct HostStats {
  uint64_t requests = 0;  // fetches completed (robots, sitemaps, pages, retries)
  uint64_t pages = 0;     // final page results
  uint64_t bytes = 0;     // body bytes received
  uint64_t errors = 0;    // final page results with a fetch error or status >= 400
  uint64_t retries = 0;
  uint64_t robots_blocked = 0;
};

struct CrawlStats {
  uint64_t pages = 0;     // final page results handed to the processor
  uint64_t requests = 0;  // every completed fetch
  uint64_t bytes = 0;
  uint64_t retries = 0;
  uint64_t robots_blocked = 0;  // URLs not fetched because robots.txt disallows them
  uint64_t robots_fetches = 0;
  uint64_t sitemap_fetches = 0;
  uint64_t sitemap_urls = 0;   // <loc> page URLs read from sitemaps
  uint64_t links_found = 0;    // hrefs returned by the processor
  uint64_t out_of_scope = 0;   // links dropped by scheme, host, allow/deny
  uint64_t duplicates = 0;     // links already seen (after canonicalisation)
  uint64_t too_deep = 0;       // links beyond max_depth
  uint64_t over_page_cap = 0;  // links beyond the site's max_pages
  uint64_t processor_errors = 0;
  uint64_t hosts_parked = 0;              // times a failing host was parked
  uint64_t queued = 0;                    // URLs waiting in the frontier (a snapshot)
  uint64_t queued_in_memory = 0;          // of those, held in memory (the rest are in the store)
  uint64_t resumed_known = 0;             // URLs a resumed sweep had written down, finished or not
  uint64_t store_waits = 0;               // times the frontier waited for the journal's commits
  uint64_t peak_queued = 0;               // the largest `queued` seen
  uint64_t peak_queued_in_memory = 0;     // the largest `queued_in_memory` seen
  uint64_t in_flight = 0;                 // fetches under way (a snapshot)
  std::map<int, uint64_t> status_counts;  // final page HTTP status (0 = none)
  std::map<std::string, uint64_t> errors_by_class;  // FetchErrorKindName of final failures
  std::map<std::string, HostStats> per_host;        // by origin ("http://host:port")
};

// Where a resumable sweep writes its frontier down (doc/design.md §8: a sweep killed at
// any point and run again completes it) and, as a FrontierStore, reads it back:
// the frontier keeps only a window per origin in memory. Called on the loop
// thread, in order; an implementation queues the writes and must keep their
// order (CommittedSeq relies on it).
class FrontierJournal : public FrontierStore {
 public:
  // The frontier accepted the URL (queued, not fetched yet); entry.seq is set.
  virtual void Accepted(const FrontierEntry& entry) = 0;
  // A URL known without being queued (a redirect's final URL): never fetch it
  // again. like.seq is the URL's own seq.
  virtual void Seen(const FrontierEntry& like, const std::string& canonical_url) = 0;
  // Every link of the page fetched for `url` has been offered to the frontier
  // (and Accepted() was called for each one taken). `to_processor` is false
  // when the URL never reaches the PageProcessor (a sitemap that was read, a URL
  // robots.txt disallows): nothing else will finish it.
  virtual void LinksRecorded(const std::string& url, bool to_processor) = 0;
};

// What an interrupted sweep left in its journal: the queues with URLs to fetch
// (again), summarised — the URLs themselves are read from the journal as the
// frontier needs them, and its Bloom filter learns every known fingerprint.
struct ResumeState {
  struct Queue {
    std::string origin;
    int site = 0;
    UrlPriority priority = UrlPriority::kOther;
    uint64_t count = 0;    // URLs not finished
    uint64_t max_seq = 0;  // the largest seq among them
  };
  std::vector<Queue> queues;
  uint64_t last_seq = 0;        // the largest seq written down
  std::map<int, int> accepted;  // per site: URLs counted toward its page cap
};

class SweepRunner {
 public:
  SweepRunner(CrawlOptions options, std::vector<config::CrawlScope> sites, PageProcessor processor,
              CrawlEnv env = {});
  ~SweepRunner();
  SweepRunner(const SweepRunner&) = delete;
  SweepRunner& operator=(const SweepRunner&) = delete;

  // Blocks until the frontier is exhausted (Ok) or Stop() was called and the
  // in-flight work finished (kCancelled). When the journal's Health() fails the
  // sweep stops the same way and returns that error (kStorage): its unfinished
  // rows are left for a resume. kConfigInvalid for an allow/deny or
  // URL pattern that does not compile (the message names the site and pattern).
  Status Run();
  // Before Run(): write the frontier down as it grows and keep it there (not
  // owned; must outlive Run). Without a journal the frontier is in memory only.
  void SetJournal(FrontierJournal* journal);
  // Before Run(), after SetJournal: continue an interrupted sweep — finished
  // URLs are known and never fetched, queued ones are fetched; seeds already
  // known are skipped.
  void Resume(ResumeState state);
  // Thread-safe; also before or after Run(). Stops starting fetches, lets
  // in-flight fetches and processing finish, then Run() returns.
  void Stop();
  CrawlStats stats() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace shouhu::crawler

#endif  // SHOUHU_CRAWLER_SWEEP_RUNNER_H_
