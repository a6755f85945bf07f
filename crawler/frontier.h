// Frontier: the URLs still to fetch, deduplicated, queued per host, released
// only when the host is ready (politeness).
//
// Two modes:
//  - in memory (no store attached): every queued entry and a set of the 64-bit
//    fingerprints of every accepted canonical URL live in RAM (~250 B per URL);
//    for tests and one-off crawls.
//  - over a FrontierStore (a sweep's database): memory stays flat as the
//    frontier grows. Each origin keeps at most `window` entries in RAM; the
//    rest stay in the store only ("spilled") and are read back, in order, when
//    the origin's in-memory part drains. The seen-set is the store itself,
//    fronted by a fixed-size Bloom filter (a "no" skips the store; a "maybe"
//    asks it) and by the fingerprints accepted but not yet committed.
//
// Every accepted URL gets a sequence number (seq, increasing); within one
// (origin, priority) queue, entries are handed out in seq order. A URL handed
// out is "leased": it is in flight until Release(), and a killed sweep fetches
// every leased URL whose results were not stored again (see FrontierJournal).
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
#include <functional>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "base/status.h"

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
  uint64_t seq = 0;  // order of acceptance, set by Frontier::Add / MarkSeen
};

// Where a frontier keeps what is not in memory: the entries the frontier's
// owner writes down (FrontierJournal::Accepted, in seq order, asynchronously)
// read back once they are committed. Called on the frontier's thread only.
class FrontierStore {
 public:
  virtual ~FrontierStore() = default;
  // Every entry with seq <= the returned value is committed: Known and Load
  // see it. Non-decreasing.
  virtual uint64_t CommittedSeq() = 0;
  // Hand what is buffered to storage now (the frontier waits for an entry).
  virtual void Sync() = 0;
  // Whether a URL with this fingerprint is written down (any state).
  virtual bool Known(uint64_t fp) = 0;
  // Entries of one (origin, priority) queue still to fetch with seq > after_seq,
  // in seq order, at most `limit`, into *out. False when the store could not be
  // read (nothing is concluded from that; see Health).
  virtual bool Load(const std::string& origin, UrlPriority priority, uint64_t after_seq,
                    size_t limit, std::vector<FrontierEntry>* out) = 0;
  // The first failure reading or writing the frontier. Once it is not ok the
  // store cannot be trusted to hold what was spilled: the owner should stop the
  // crawl (whatever is unfinished stays unfinished for a resume).
  virtual Status Health() = 0;
  // Every fingerprint written down (to rebuild the Bloom filter on resume).
  virtual void ForEachKnown(const std::function<void(uint64_t)>& fn) = 0;
};

class Frontier {
 public:
  using Clock = std::chrono::steady_clock;
  using TimePoint = Clock::time_point;

  struct HostPolicy {
    int concurrency = 2;     // requests in flight to the host
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

  // Switches to the flat-memory mode over `store` (not owned; outlives the
  // frontier). REQUIRES: nothing added yet. `window`: entries per origin kept in
  // memory (at least 2); `last_seq`: the largest seq the store already holds (a
  // resumed sweep), so new entries continue after it.
  void AttachStore(FrontierStore* store, size_t window, uint64_t last_seq = 0);
  // Resume over a store: the Bloom filter learns every stored fingerprint, and
  // restored queues are read back from the store as they are needed.
  // RestoreKnown returns how many fingerprints the store holds.
  uint64_t RestoreKnown();
  void RestoreQueue(const std::string& host, UrlPriority priority, uint64_t count,
                    uint64_t max_seq);
  void RestoreAccepted(int site, int accepted) { sites_[site].accepted = accepted; }

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
  // cap. count_toward_cap=false for sitemaps. On kAdded the entry's seq is
  // last_seq().
  AddOutcome Add(const FrontierEntry& entry, bool count_toward_cap = true);
  // Marks a URL as seen without queueing it (e.g. a redirect's final URL).
  // Returns its new seq, or 0 when the URL was already known.
  uint64_t MarkSeen(const std::string& canonical_url);
  uint64_t last_seq() const { return last_seq_; }

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

  // Queued entries, in memory or spilled to the store.
  size_t queued() const { return queued_; }
  // Queued entries held in memory (at most window + a refill per queue, per origin).
  size_t in_memory() const { return in_memory_; }
  size_t in_flight() const { return in_flight_; }
  // URLs accepted or marked seen since the frontier was made.
  uint64_t seen() const { return seen_count_; }
  bool Empty() const { return queued_ == 0 && in_flight_ == 0; }
  // Times the frontier needed spilled entries the store had not committed yet
  // (and asked it to Sync).
  uint64_t store_waits() const { return store_waits_; }

  // Exponential backoff with jitter for retry `attempt` (1-based):
  // base × 2^(attempt-1) × U[0.5, 1.5), capped at max.
  static std::chrono::milliseconds Backoff(int attempt, std::chrono::milliseconds base,
                                           std::chrono::milliseconds max, std::mt19937_64& rng);

 private:
  // One (origin, priority) queue: a prefix in memory, the rest in the store.
  // Entries enter memory directly only while nothing is spilled, so every
  // spilled entry has seq > cursor and Load(cursor) returns them in order.
  struct Lane {
    std::deque<FrontierEntry> mem;
    uint64_t spilled = 0;       // entries in the store only
    uint64_t cursor = 0;        // largest seq that went to memory
    uint64_t last_spilled = 0;  // largest seq spilled
    uint64_t wait_above = 0;    // a short read: read again once CommittedSeq() > this
    bool sync_asked = false;    // Sync() already asked for this wait
  };
  struct HostQueue {
    std::array<Lane, kPriorityLevels> lanes;
    std::multimap<TimePoint, FrontierEntry> retries;  // by not-before time
    size_t in_memory = 0;                             // Σ lanes' mem
    HostPolicy policy;
    double crawl_delay_s = 0;
    double adaptive_delay_s = 0;
    int consecutive_failures = 0;
    int times_parked = 0;
    int in_flight = 0;
    bool held = false;
    TimePoint next_allowed{};
  };
  struct SiteState {
    SiteLimits limits;
    int accepted = 0;
  };

  bool Ready(const HostQueue& h, TimePoint now) const;
  bool HasWork(const HostQueue& h) const;
  bool Refillable(const Lane& lane) const;
  // Reads the lane's next entries from the store; false when none came.
  bool Refill(const std::string& host, HostQueue& h, size_t priority);
  // Takes the host's next entry (a due retry, else by priority); false if none.
  bool Take(const std::string& host, HostQueue& h, TimePoint now, FrontierEntry* out);
  bool KnownFp(uint64_t fp);
  // Store mode: a lane waits for rows the journal has not committed; ask for them.
  void SyncIfWaiting();
  void Remember(uint64_t fp, uint64_t seq);
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
  std::unordered_set<uint64_t> seen_;  // in-memory mode only
  size_t queued_ = 0;
  size_t in_memory_ = 0;
  size_t in_flight_ = 0;
  uint64_t seen_count_ = 0;
  uint64_t last_seq_ = 0;
  // Store mode:
  FrontierStore* store_ = nullptr;
  size_t window_ = 0;
  std::vector<uint64_t> bloom_;                            // fixed size, see frontier.cc
  std::deque<std::pair<uint64_t, uint64_t>> uncommitted_;  // (seq, fp) not yet committed, by seq
  std::unordered_set<uint64_t> uncommitted_fps_;
  uint64_t store_waits_ = 0;
};

template <typename Admit>
std::optional<FrontierEntry> Frontier::NextReady(TimePoint now, Admit&& admit) {
  SyncIfWaiting();
  const size_t n = host_order_.size();
  for (size_t step = 0; step < n; ++step) {
    size_t idx = (cursor_ + step) % n;
    const std::string& name = host_order_[idx];
    HostQueue& h = hosts_[name];
    FrontierEntry e;
    while (Ready(h, now) && Take(name, h, now, &e)) {
      if (!admit(e)) continue;
      ++h.in_flight;
      ++in_flight_;
      double delay = DelayOf(h);
      h.next_allowed =
          now + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(delay));
      cursor_ = (idx + 1) % n;
      return e;
    }
  }
  return std::nullopt;
}

}  // namespace shouhu::crawler

#endif  // SHOUHU_CRAWLER_FRONTIER_H_
