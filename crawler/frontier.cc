// Frontier. Invariants: queued_ equals the sum over hosts of their lanes'
// in-memory and spilled entries plus their retries; in_memory_ the sum of the
// hosts' in_memory; in_flight_ the sum of hosts' in_flight. Every URL ever
// accepted or marked seen is known (so a URL that was fetched and left the
// queue is still a duplicate): in seen_ in memory mode; in the store, or in
// uncommitted_ until its seq is committed, in store mode.
#include "crawler/frontier.h"

#include <cmath>

#include "base/url.h"

namespace shouhu::crawler {

void Frontier::SetHostPolicy(const std::string& host, HostPolicy policy) {
  HostQueue& h = HostFor(host);
  h.policy = policy;
  if (h.policy.concurrency < 1) h.policy.concurrency = 1;
}

void Frontier::SetCrawlDelay(const std::string& host, double seconds) {
  HostFor(host).crawl_delay_s = seconds < 0 ? 0 : seconds;
}

void Frontier::Hold(const std::string& host) { HostFor(host).held = true; }
void Frontier::Unhold(const std::string& host) { HostFor(host).held = false; }

void Frontier::DelayHost(const std::string& host, TimePoint until) {
  HostQueue& h = HostFor(host);
  h.next_allowed = std::max(h.next_allowed, until);
}

namespace {

// Bloom filter over fingerprints (already 64-bit hashes of canonical URLs):
// 2^25 bits = 4 MiB, 4 probes by double hashing. False positives only cost a
// store lookup: about 1 in 6 000 new URLs at 1 M known, 1 in 50 at 5 M.
constexpr uint64_t kBloomBits = uint64_t{1} << 25;
constexpr int kBloomProbes = 4;

uint64_t Remix(uint64_t x) {  // splitmix64 finaliser: a second, independent hash
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

template <typename Fn>
void ForEachProbe(uint64_t fp, Fn&& fn) {
  const uint64_t step = Remix(fp) | 1;
  for (int i = 0; i < kBloomProbes; ++i)
    fn((fp + static_cast<uint64_t>(i) * step) & (kBloomBits - 1));
}

}  // namespace

void Frontier::AttachStore(FrontierStore* store, size_t window, uint64_t last_seq) {
  store_ = store;
  window_ = std::max<size_t>(window, 2);
  last_seq_ = std::max(last_seq_, last_seq);
  bloom_.assign(kBloomBits / 64, 0);
  seen_.clear();
}

uint64_t Frontier::RestoreKnown() {
  if (store_ == nullptr) return 0;
  uint64_t known = 0;
  store_->ForEachKnown([this, &known](uint64_t fp) {
    ++known;
    ForEachProbe(fp, [this](uint64_t bit) { bloom_[bit / 64] |= uint64_t{1} << (bit % 64); });
  });
  return known;
}

void Frontier::RestoreQueue(const std::string& host, UrlPriority priority, uint64_t count,
                            uint64_t max_seq) {
  if (store_ == nullptr || count == 0) return;
  Lane& lane = HostFor(host).lanes[static_cast<size_t>(
      std::clamp(static_cast<int>(priority), 0, kPriorityLevels - 1))];
  lane.spilled += count;
  lane.last_spilled = std::max(lane.last_spilled, max_seq);
  queued_ += count;
}

bool Frontier::KnownFp(uint64_t fp) {
  if (store_ == nullptr) return seen_.count(fp) != 0;
  bool maybe = true;
  ForEachProbe(fp, [&](uint64_t bit) {
    if ((bloom_[bit / 64] & (uint64_t{1} << (bit % 64))) == 0) maybe = false;
  });
  if (!maybe) return false;
  // Accepted but not committed yet: the store cannot answer for these.
  const uint64_t committed = store_->CommittedSeq();
  while (!uncommitted_.empty() && uncommitted_.front().first <= committed) {
    uncommitted_fps_.erase(uncommitted_.front().second);
    uncommitted_.pop_front();
  }
  if (uncommitted_fps_.count(fp) != 0) return true;
  return store_->Known(fp);
}

void Frontier::Remember(uint64_t fp, uint64_t seq) {
  ++seen_count_;
  if (store_ == nullptr) {
    seen_.insert(fp);
    return;
  }
  ForEachProbe(fp, [this](uint64_t bit) { bloom_[bit / 64] |= uint64_t{1} << (bit % 64); });
  uncommitted_.emplace_back(seq, fp);
  uncommitted_fps_.insert(fp);
}

Frontier::AddOutcome Frontier::Add(const FrontierEntry& entry, bool count_toward_cap) {
  uint64_t fp = UrlFingerprint(entry.url);
  if (KnownFp(fp)) return AddOutcome::kDuplicate;
  SiteState& site = sites_[entry.site];
  if (entry.depth > site.limits.max_depth) return AddOutcome::kTooDeep;
  if (count_toward_cap && site.limits.max_pages > 0 && site.accepted >= site.limits.max_pages)
    return AddOutcome::kPageCapReached;
  const uint64_t seq = ++last_seq_;
  Remember(fp, seq);
  if (count_toward_cap) ++site.accepted;
  HostQueue& h = HostFor(entry.host);
  Lane& lane = h.lanes[static_cast<size_t>(
      std::clamp(static_cast<int>(entry.priority), 0, kPriorityLevels - 1))];
  ++queued_;
  if (store_ != nullptr && (lane.spilled > 0 || h.in_memory >= window_)) {
    ++lane.spilled;  // the journal writes it down; Refill reads it back
    lane.last_spilled = seq;
    return AddOutcome::kAdded;
  }
  FrontierEntry& e = lane.mem.emplace_back(entry);
  e.seq = seq;
  lane.cursor = seq;
  ++h.in_memory;
  ++in_memory_;
  return AddOutcome::kAdded;
}

uint64_t Frontier::MarkSeen(const std::string& canonical_url) {
  uint64_t fp = UrlFingerprint(canonical_url);
  if (KnownFp(fp)) return 0;
  const uint64_t seq = ++last_seq_;
  Remember(fp, seq);
  return seq;
}

void Frontier::Release(const std::string& host) {
  HostQueue& h = HostFor(host);
  if (h.in_flight > 0) {
    --h.in_flight;
    --in_flight_;
  }
}

bool Frontier::ObserveResponse(const std::string& host, double latency_s, bool served,
                               TimePoint now) {
  HostQueue& h = HostFor(host);
  if (h.policy.adaptive && latency_s >= 0) {
    // AutoThrottle: move halfway towards latency / target, never below the
    // target; an error answer may raise the delay but never lower it (a fast
    // 500 says nothing about how much load the host can take).
    double target = latency_s / std::max(0.1, h.policy.target_concurrency);
    double next = std::max(target, (h.adaptive_delay_s + target) / 2);
    next = std::min(next, h.policy.max_adaptive_delay_s);
    if (served || next > h.adaptive_delay_s) h.adaptive_delay_s = next;
  }
  if (served) {
    h.consecutive_failures = 0;
    h.times_parked = 0;
    return false;
  }
  if (h.policy.park_after_failures <= 0 || ++h.consecutive_failures < h.policy.park_after_failures)
    return false;
  double park_s =
      std::min(h.policy.park_max_s, h.policy.park_base_s * std::pow(2.0, h.times_parked));
  ++h.times_parked;
  h.consecutive_failures = 0;
  h.next_allowed = std::max(h.next_allowed, now + std::chrono::duration_cast<Clock::duration>(
                                                      std::chrono::duration<double>(park_s)));
  return true;
}

double Frontier::EffectiveDelay(const std::string& host) const {
  auto it = hosts_.find(host);
  return it == hosts_.end() ? 0 : DelayOf(it->second);
}

void Frontier::Retry(FrontierEntry entry, TimePoint not_before) {
  ++entry.attempt;
  HostQueue& h = HostFor(entry.host);
  h.retries.emplace(not_before, std::move(entry));
  ++queued_;
}

bool Frontier::Refillable(const Lane& lane) const {
  return lane.spilled > 0 && store_ != nullptr && store_->CommittedSeq() > lane.wait_above;
}

bool Frontier::HasWork(const HostQueue& h) const {
  if (h.in_memory > 0) return true;
  for (const Lane& lane : h.lanes)
    if (Refillable(lane)) return true;
  return false;
}

bool Frontier::Ready(const HostQueue& h, TimePoint now) const {
  if (h.held || h.in_flight >= h.policy.concurrency || now < h.next_allowed) return false;
  return HasWork(h) || (!h.retries.empty() && h.retries.begin()->first <= now);
}

bool Frontier::Refill(const std::string& host, HostQueue& h, size_t priority) {
  Lane& lane = h.lanes[priority];
  const size_t want = std::max<size_t>(window_ / 2, 1);
  size_t taken = 0;
  for (int attempt = 0; attempt < 2 && taken == 0; ++attempt) {
    // Read CommittedSeq before the query: every row up to it is visible to it.
    const uint64_t committed = store_->CommittedSeq();
    std::vector<FrontierEntry> rows;
    if (!store_->Load(host, static_cast<UrlPriority>(priority), lane.cursor, want, &rows)) {
      // Unreadable: keep counting the entries and try again after the next
      // commit; the store's Health() tells the owner to stop.
      lane.wait_above = committed;
      lane.sync_asked = false;
      break;
    }
    for (FrontierEntry& e : rows) {
      if (e.seq <= lane.cursor || e.seq > lane.last_spilled || taken == lane.spilled)
        continue;  // not ours
      lane.cursor = e.seq;
      lane.mem.push_back(std::move(e));
      ++taken;
    }
    lane.spilled -= std::min<uint64_t>(taken, lane.spilled);
    if (lane.spilled == 0 || (taken > 0 && rows.size() >= want))
      break;  // the rest is read next time
    // A short read, or nothing usable in it.
    if (committed >= lane.last_spilled) {
      // Everything spilled is committed and the store has no more: the rest
      // was finished some other way. Stop counting it.
      queued_ -= static_cast<size_t>(lane.spilled);
      lane.spilled = 0;
      break;
    }
    // The store has not caught up with the journal: ask it to hand its rows
    // over, and read again once more is committed (at once if it already is).
    lane.wait_above = committed;
    lane.sync_asked = true;
    ++store_waits_;
    store_->Sync();
    if (store_->CommittedSeq() <= committed) break;
  }
  h.in_memory += taken;
  in_memory_ += taken;
  return taken > 0;
}

void Frontier::SyncIfWaiting() {
  if (store_ == nullptr) return;
  const uint64_t committed = store_->CommittedSeq();
  bool sync = false;
  for (auto& [name, h] : hosts_) {
    for (Lane& lane : h.lanes) {
      if (lane.spilled > 0 && committed <= lane.wait_above && !lane.sync_asked) {
        lane.sync_asked = true;  // once per wait: the rows it needs are handed over now
        ++store_waits_;
        sync = true;
      }
    }
  }
  if (sync) store_->Sync();  // spilled rows not committed yet: the journal may be holding them
}

bool Frontier::Take(const std::string& host, HostQueue& h, TimePoint now, FrontierEntry* out) {
  auto due = h.retries.begin();
  if (due != h.retries.end() && due->first <= now) {
    *out = std::move(due->second);
    h.retries.erase(due);
    --queued_;
    return true;
  }
  for (size_t p = 0; p < h.lanes.size(); ++p) {
    Lane& lane = h.lanes[p];
    if (lane.mem.empty() && !(Refillable(lane) && Refill(host, h, p))) continue;
    *out = std::move(lane.mem.front());
    lane.mem.pop_front();
    --h.in_memory;
    --in_memory_;
    --queued_;
    return true;
  }
  return false;
}

std::optional<Frontier::TimePoint> Frontier::NextWakeup() const {
  // Spilled entries waiting for the store's commit: poll soon.
  constexpr auto kStorePoll = std::chrono::milliseconds(20);
  std::optional<TimePoint> best;
  for (const auto& [name, h] : hosts_) {
    if (h.held || h.in_flight >= h.policy.concurrency) continue;
    std::optional<TimePoint> work;
    if (HasWork(h)) {
      work = TimePoint::min();
    } else if (!h.retries.empty()) {
      work = h.retries.begin()->first;
    }
    for (const Lane& lane : h.lanes) {
      if (lane.spilled > 0 && !Refillable(lane)) {
        TimePoint poll = Clock::now() + kStorePoll;
        if (!work || poll < *work) work = poll;
      }
    }
    if (!work) continue;
    TimePoint t = std::max(*work, h.next_allowed);
    if (!best || t < *best) best = t;
  }
  return best;
}

std::chrono::milliseconds Frontier::Backoff(int attempt, std::chrono::milliseconds base,
                                            std::chrono::milliseconds max, std::mt19937_64& rng) {
  int shift = std::clamp(attempt - 1, 0, 20);
  double ms = static_cast<double>(base.count()) * static_cast<double>(1ULL << shift);
  std::uniform_real_distribution<double> jitter(0.5, 1.5);
  ms *= jitter(rng);
  ms = std::min(ms, static_cast<double>(max.count()));
  return std::chrono::milliseconds(static_cast<int64_t>(ms));
}

}  // namespace shouhu::crawler
