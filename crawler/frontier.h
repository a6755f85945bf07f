// Frontier: the URLs still to fetch, deduplicated, queued per host, released
// only when the host is ready (politeness).
//
// In memory for now; the interface is kept narrow (Add / NextReady / Release /
// Retry / NextWakeup) so a database-backed frontier with leases can replace it.
// Dedupe keeps only 64-bit fingerprints of canonical URLs.
//
// A "host" here is an origin key ("http://mall.tiantu.test:8080"): robots.txt,
// delays and concurrency apply per origin.
//
// Thread-safety: none; owned and used by one thread (the crawl loop's io
// thread). Time is passed in, so tests drive it without sleeping.
#ifndef SHOUHU_CRAWLER_FRONTIER_H_
#define SHOUHU_CRAWLER_FRONTIER_H_

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace shouhu::crawler {

// Lower value = fetched first. Shop pages come before item pages so a shop's
// seller licence data is known when its item pages are evaluated (the sweep
// holds an item page back until its shop page arrives; fetching shops first
// keeps that wait, and the memory it costs, to about one round trip).
enum class UrlPriority : int { kSitemap = 0, kShop = 1, kItem = 2, kList = 3, kOther = 4 };
inline constexpr int kPriorityLevels = 5;

struct FrontierEntry {
  std::string url;   // canonical
  std::string host;  // origin key, see above
  int depth = 0;
  UrlPriority priority = UrlPriority::kOther;
  int site = 0;      // index of the site profile
  int attempt = 1;   // 1 for the first try; Retry() increments it
};

class Frontier {
 public:
  using Clock = std::chrono::steady_clock;
  using TimePoint = Clock::time_point;

  struct HostPolicy {
    int concurrency = 2;   // requests in flight to the host
    double min_delay_s = 0;  // between request starts
    // Adaptive delay (Scrapy's AutoThrottle, Heritrix's delay factor): aim at
    // `target_concurrency` requests being served at once by the host, i.e. a
    // delay of latency / target_concurrency, smoothed, never lowered by an
    // error response, capped at max_adaptive_delay_s. Default: on, 2, 10 s.
    bool adaptive = false;
    double target_concurrency = 2.0;
    double max_adaptive_delay_s = 10.0;
    // A host whose requests keep failing (5xx, 429, timeouts, refused
    // connections) is parked: after park_after_failures failures in a row it
    // gets nothing for park_base_s, doubling with each parking up to
    // park_max_s, instead of being hammered by every queued URL's retries.
    // Default: 5 failures, 30 s, 10 min; 0 failures = never park.
    int park_after_failures = 5;
    double park_base_s = 30.0;
    double park_max_s = 600.0;
  };
  struct SiteLimits {
    int max_depth = 8;
    int max_pages = 0;  // 0 = no cap; counts every URL accepted for the site
  };
  enum class AddOutcome { kAdded, kDuplicate, kTooDeep, kPageCapReached };

  Frontier() = default;

  void SetSiteLimits(int site, SiteLimits limits) { sites_[site].limits = limits; }
  void SetHostPolicy(const std::string& host, HostPolicy policy);
  // robots.txt Crawl-delay; the larger of it and min_delay_s applies.
  void SetCrawlDelay(const std::string& host, double seconds);
  // A held host hands out nothing (e.g. until its robots.txt is known).
  void Hold(const std::string& host);
  void Unhold(const std::string& host);
  // No request to the host before `until` (Retry-After, backoff).
  void DelayHost(const std::string& host, TimePoint until);

  // Dedupes by fingerprint of entry.url, then checks depth and the site's page
  // cap. count_toward_cap=false for sitemaps.
  AddOutcome Add(const FrontierEntry& entry, bool count_toward_cap = true);
  // Marks a URL as seen without queueing it (e.g. a redirect's final URL).
  void MarkSeen(const std::string& canonical_url);

  // The next entry whose host is ready at `now`: not held, under its
  // concurrency cap, past its delay. Entries the admit predicate rejects are
  // dropped without claiming the host (robots-blocked URLs cost no delay).
  // Claims a slot on the host; Release() returns it.
  template <typename Admit>
  std::optional<FrontierEntry> NextReady(TimePoint now, Admit&& admit);
  std::optional<FrontierEntry> NextReady(TimePoint now) {
    return NextReady(now, [](const FrontierEntry&) { return true; });
  }
  // A fetch to the host finished (any outcome).
  void Release(const std::string& host);
  // What a response says about the host: its latency (seconds, request start
  // to completion) and whether the host served it (false for 5xx, 429 and
  // network failures). Adjusts the adaptive delay and parks a failing host.
  // Returns true when this call parked the host.
  bool ObserveResponse(const std::string& host, double latency_s, bool served, TimePoint now);
  // The delay currently applied between request starts to the host (the
  // largest of min_delay_s, Crawl-delay and the adaptive delay).
  double EffectiveDelay(const std::string& host) const;
  // Re-queues an entry (attempt+1) for no earlier than not_before; bypasses
  // dedupe and caps.
  void Retry(FrontierEntry entry, TimePoint not_before);

  // When a currently blocked host may become ready (for the loop's timer).
  // nullopt when nothing is waiting on time (idle, or only on completions).
  std::optional<TimePoint> NextWakeup() const;

  size_t queued() const { return queued_; }
  size_t in_flight() const { return in_flight_; }
  size_t seen() const { return seen_.size(); }
  bool Empty() const { return queued_ == 0 && in_flight_ == 0; }
  // Whether the host still has queued entries (used to drop them when a
  // host's robots.txt stays unreachable).
  size_t QueuedFor(const std::string& host) const;
  // Removes every queued entry of the host; returns them.
  std::vector<FrontierEntry> Drain(const std::string& host);

  // Exponential backoff with jitter for retry `attempt` (1-based):
  // base × 2^(attempt-1) × U[0.5, 1.5), capped at max.
  static std::chrono::milliseconds Backoff(int attempt, std::chrono::milliseconds base,
                                           std::chrono::milliseconds max, std::mt19937_64& rng);

 private:
  struct HostQueue {
    std::array<std::deque<FrontierEntry>, kPriorityLevels> queues;
    std::multimap<TimePoint, FrontierEntry> retries;  // by not-before time
    HostPolicy policy;
    double crawl_delay_s = 0;
    double adaptive_delay_s = 0;
    int consecutive_failures = 0;
    int times_parked = 0;
    int in_flight = 0;
    bool held = false;
    TimePoint next_allowed{};
    size_t size() const {
      size_t n = retries.size();
      for (const auto& q : queues) n += q.size();
      return n;
    }
  };
  struct SiteState {
    SiteLimits limits;
    int accepted = 0;
  };

  bool Ready(const HostQueue& h, TimePoint now) const;
  static double DelayOf(const HostQueue& h) {
    return std::max({h.policy.min_delay_s, h.crawl_delay_s, h.adaptive_delay_s});
  }
  HostQueue& HostFor(const std::string& host) {
    auto [it, inserted] = hosts_.try_emplace(host);
    if (inserted) host_order_.push_back(host);
    return it->second;
  }

  std::unordered_map<std::string, HostQueue> hosts_;
  std::vector<std::string> host_order_;  // round-robin over hosts
  size_t cursor_ = 0;
  std::unordered_map<int, SiteState> sites_;
  std::unordered_set<uint64_t> seen_;
  size_t queued_ = 0;
  size_t in_flight_ = 0;
};

template <typename Admit>
std::optional<FrontierEntry> Frontier::NextReady(TimePoint now, Admit&& admit) {
  const size_t n = host_order_.size();
  for (size_t step = 0; step < n; ++step) {
    size_t idx = (cursor_ + step) % n;
    HostQueue& h = hosts_[host_order_[idx]];
    while (Ready(h, now)) {
      FrontierEntry e;
      auto due = h.retries.begin();
      if (due != h.retries.end() && due->first <= now) {
        e = std::move(due->second);
        h.retries.erase(due);
      } else {
        bool found = false;
        for (auto& q : h.queues) {
          if (q.empty()) continue;
          e = std::move(q.front());
          q.pop_front();
          found = true;
          break;
        }
        if (!found) break;
      }
      --queued_;
      if (!admit(e)) continue;
      ++h.in_flight;
      ++in_flight_;
      double delay = DelayOf(h);
      h.next_allowed = now + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(delay));
      cursor_ = (idx + 1) % n;
      return e;
    }
  }
  return std::nullopt;
}

}  // namespace shouhu::crawler

#endif  // SHOUHU_CRAWLER_FRONTIER_H_
