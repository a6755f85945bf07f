// In-memory frontier. Invariants: queued_ equals the sum of every host's
// queued and retry entries; in_flight_ the sum of hosts' in_flight; a
// fingerprint is in seen_ for every URL ever accepted (so a URL that was
// fetched and left the queue is still a duplicate).
#include "crawler/frontier.h"

#include <cmath>

#include "crawler/url.h"

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

Frontier::AddOutcome Frontier::Add(const FrontierEntry& entry, bool count_toward_cap) {
  uint64_t fp = UrlFingerprint(entry.url);
  if (seen_.count(fp)) return AddOutcome::kDuplicate;
  SiteState& site = sites_[entry.site];
  if (entry.depth > site.limits.max_depth) return AddOutcome::kTooDeep;
  if (count_toward_cap && site.limits.max_pages > 0 && site.accepted >= site.limits.max_pages)
    return AddOutcome::kPageCapReached;
  seen_.insert(fp);
  if (count_toward_cap) ++site.accepted;
  HostQueue& h = HostFor(entry.host);
  int p = std::clamp(static_cast<int>(entry.priority), 0, kPriorityLevels - 1);
  h.queues[static_cast<size_t>(p)].push_back(entry);
  ++queued_;
  return AddOutcome::kAdded;
}

void Frontier::MarkSeen(const std::string& canonical_url) { seen_.insert(UrlFingerprint(canonical_url)); }

void Frontier::Release(const std::string& host) {
  HostQueue& h = HostFor(host);
  if (h.in_flight > 0) {
    --h.in_flight;
    --in_flight_;
  }
}

bool Frontier::ObserveResponse(const std::string& host, double latency_s, bool served, TimePoint now) {
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
  if (h.policy.park_after_failures <= 0 || ++h.consecutive_failures < h.policy.park_after_failures) return false;
  double park_s = std::min(h.policy.park_max_s, h.policy.park_base_s * std::pow(2.0, h.times_parked));
  ++h.times_parked;
  h.consecutive_failures = 0;
  h.next_allowed = std::max(h.next_allowed,
                            now + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(park_s)));
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

bool Frontier::Ready(const HostQueue& h, TimePoint now) const {
  if (h.held || h.in_flight >= h.policy.concurrency || now < h.next_allowed) return false;
  for (const auto& q : h.queues)
    if (!q.empty()) return true;
  return !h.retries.empty() && h.retries.begin()->first <= now;
}

std::optional<Frontier::TimePoint> Frontier::NextWakeup() const {
  std::optional<TimePoint> best;
  for (const auto& [name, h] : hosts_) {
    if (h.held || h.in_flight >= h.policy.concurrency) continue;
    std::optional<TimePoint> work;
    for (const auto& q : h.queues)
      if (!q.empty()) work = TimePoint::min();
    if (!work && !h.retries.empty()) work = h.retries.begin()->first;
    if (!work) continue;
    TimePoint t = std::max(*work, h.next_allowed);
    if (!best || t < *best) best = t;
  }
  return best;
}

size_t Frontier::QueuedFor(const std::string& host) const {
  auto it = hosts_.find(host);
  return it == hosts_.end() ? 0 : it->second.size();
}

std::vector<FrontierEntry> Frontier::Drain(const std::string& host) {
  std::vector<FrontierEntry> out;
  auto it = hosts_.find(host);
  if (it == hosts_.end()) return out;
  HostQueue& h = it->second;
  for (auto& q : h.queues) {
    for (auto& e : q) out.push_back(std::move(e));
    q.clear();
  }
  for (auto& [t, e] : h.retries) out.push_back(std::move(e));
  h.retries.clear();
  queued_ -= out.size();
  return out;
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
