// SweepRunner: the scheduling loop. Everything in Impl except the worker
// pool, the stats (under stats_mu) and stop_requested is touched only on the
// io thread, so the loop needs no locks of its own.
//
// Termination: the loop finishes when nothing can produce more work: no fetch
// in flight, no page waiting for or inside a worker, no robots.txt pending,
// and an empty frontier (or, after Stop(), regardless of the frontier).
// A work guard keeps io.run() alive while workers hold the only outstanding
// work; Finish() stops the io_context explicitly, because libcurl may keep
// idle connections and timers registered.
#include "crawler/sweep_runner.h"

#include <curl/curl.h>
#include <re2/re2.h>

#include <algorithm>
#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <condition_variable>
#include <ctime>
#include <deque>
#include <fstream>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "crawler/fetcher.h"
#include "crawler/frontier.h"
#include "crawler/robots.h"
#include "crawler/sitemap.h"
#include "crawler/url.h"

namespace shouhu::crawler {

namespace asio = boost::asio;

namespace {

using Clock = Frontier::Clock;
using TimePoint = Frontier::TimePoint;

Clock::duration Seconds(double s) {
  return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(s));
}

// Retry-After is delta-seconds or an HTTP-date (RFC 9110 §10.2.3).
std::optional<double> ParseRetryAfter(const std::string& v) {
  if (v.empty()) return std::nullopt;
  bool digits = std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (digits) return v.size() > 9 ? 1e9 : static_cast<double>(std::stol(v));
  time_t when = curl_getdate(v.c_str(), nullptr);
  if (when < 0) return std::nullopt;
  double delta = std::difftime(when, std::time(nullptr));
  return delta < 0 ? 0 : delta;
}

// Fixed worker threads over an unbounded queue; the bound is enforced by the
// loop, which stops starting fetches when enough pages are outstanding.
class WorkerPool {
 public:
  explicit WorkerPool(int threads) {
    for (int i = 0; i < std::max(1, threads); ++i) threads_.emplace_back([this] { Loop(); });
  }
  ~WorkerPool() { Shutdown(); }
  void Submit(std::function<void()> job) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      jobs_.push_back(std::move(job));
    }
    cv_.notify_one();
  }
  // Runs the queued jobs to completion, then joins.
  void Shutdown() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      closing_ = true;
    }
    cv_.notify_all();
    for (std::thread& t : threads_)
      if (t.joinable()) t.join();
  }

 private:
  void Loop() {
    while (true) {
      std::function<void()> job;
      {
        std::unique_lock<std::mutex> lock(mu_);
        cv_.wait(lock, [this] { return closing_ || !jobs_.empty(); });
        if (jobs_.empty()) return;
        job = std::move(jobs_.front());
        jobs_.pop_front();
      }
      job();
    }
  }
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> jobs_;
  bool closing_ = false;
  std::vector<std::thread> threads_;
};

struct SiteRules {
  std::vector<std::unique_ptr<RE2>> allow, deny;
  std::unique_ptr<RE2> item, list, shop;
};

// A link that passed the scope filter, ready for the frontier.
struct Candidate {
  std::string url;     // canonical
  std::string origin;  // frontier host key
  int site = 0;
  int depth = 0;
  UrlPriority priority = UrlPriority::kOther;
};

enum class ScopeResult { kIn, kOutOfScope };

}  // namespace

struct SweepRunner::Impl {
  Impl(CrawlOptions o, std::vector<SiteProfile> s, PageProcessor p)
      : options(std::move(o)),
        sites(std::move(s)),
        processor(std::move(p)),
        rng(std::random_device{}()) {
    if (options.queue_capacity <= 0) options.queue_capacity = 4 * std::max(1, options.workers);
    if (options.max_in_flight < 1) options.max_in_flight = 1;
  }

  // ---- configuration (immutable during Run, read from any thread) ----

  Status Compile() {
    RE2::Options re_opts;
    re_opts.set_log_errors(false);
    auto compile = [&](const SiteProfile& site, const std::string& what, const std::string& pattern,
                       std::unique_ptr<RE2>* out) -> Status {
      auto re = std::make_unique<RE2>(pattern, re_opts);
      if (!re->ok())
        return ConfigInvalid(site.file + ": site '" + site.id + "': " + what + " pattern '" +
                             pattern + "': " + re->error());
      *out = std::move(re);
      return Status::Ok();
    };
    rules.clear();
    rules.resize(sites.size());
    for (size_t i = 0; i < sites.size(); ++i) {
      const SiteProfile& s = sites[i];
      SiteRules& r = rules[i];
      for (const std::string& p : s.allow) {
        Status st = compile(s, "allow", p, &r.allow.emplace_back());
        if (!st.ok()) return st;
      }
      for (const std::string& p : s.deny) {
        Status st = compile(s, "deny", p, &r.deny.emplace_back());
        if (!st.ok()) return st;
      }
      if (!s.item_url_pattern.empty()) {
        Status st = compile(s, "item_url_pattern", s.item_url_pattern, &r.item);
        if (!st.ok()) return st;
      }
      if (!s.list_url_pattern.empty()) {
        Status st = compile(s, "list_url_pattern", s.list_url_pattern, &r.list);
        if (!st.ok()) return st;
      }
      if (!s.shop_url_pattern.empty()) {
        Status st = compile(s, "shop_url_pattern", s.shop_url_pattern, &r.shop);
        if (!st.ok()) return st;
      }
      for (const std::string& h : s.hosts) {
        std::string host = h;
        for (char& c : host) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        host_to_site.emplace(host, static_cast<int>(i));
      }
    }
    return Status::Ok();
  }

  // Scope filter: scheme, host → site, allow/deny over path+query; sets
  // candidate's canonical URL, origin, site and priority. Thread-safe.
  ScopeResult Scope(const Url& url, bool apply_patterns, int fallback_site, Candidate* c) const {
    if (url.scheme != "http" && url.scheme != "https") return ScopeResult::kOutOfScope;
    auto it = host_to_site.find(url.host);
    if (it == host_to_site.end()) {
      if (fallback_site < 0) return ScopeResult::kOutOfScope;
      c->site = fallback_site;
    } else {
      c->site = it->second;
    }
    const SiteProfile& site = sites[static_cast<size_t>(c->site)];
    const SiteRules& r = rules[static_cast<size_t>(c->site)];
    c->url = Canonicalize(url, site.tracking_params);
    c->origin = url.Origin();
    std::string pq = RobotsPathFromUrl(c->url);
    if (apply_patterns) {
      for (const auto& re : r.deny)
        if (RE2::PartialMatch(pq, *re)) return ScopeResult::kOutOfScope;
      if (!r.allow.empty()) {
        bool any = false;
        for (const auto& re : r.allow)
          if (RE2::PartialMatch(pq, *re)) {
            any = true;
            break;
          }
        if (!any) return ScopeResult::kOutOfScope;
      }
    }
    if (r.item && RE2::PartialMatch(pq, *r.item))
      c->priority = UrlPriority::kItem;
    else if (r.shop && RE2::PartialMatch(pq, *r.shop))
      c->priority = UrlPriority::kShop;
    else if (r.list && RE2::PartialMatch(pq, *r.list))
      c->priority = UrlPriority::kList;
    else
      c->priority = UrlPriority::kOther;
    return ScopeResult::kIn;
  }

  FetchRequest BaseRequest(const std::string& url) const {
    FetchRequest q;
    q.url = url;
    q.resolve = options.resolve;
    q.user_agent = options.user_agent;
    q.proxy = options.proxy;
    q.allow_private = options.allow_private;
    q.connect_timeout_ms = options.connect_timeout_ms;
    q.total_timeout_ms = options.total_timeout_ms;
    q.max_body_bytes = options.max_body_bytes;
    q.max_redirects = options.max_redirects;
    return q;
  }

  std::chrono::milliseconds Backoff(int attempt) {
    return Frontier::Backoff(
        attempt,
        std::chrono::milliseconds(static_cast<int64_t>(options.retry_backoff_base_s * 1000)),
        std::chrono::milliseconds(static_cast<int64_t>(options.retry_backoff_max_s * 1000)), rng);
  }

  template <typename F>
  void WithStats(F&& f) {
    std::lock_guard<std::mutex> lock(stats_mu);
    f(stats);
  }

  // ---- the loop (io thread) ----

  struct HostState {
    int site = 0;
    bool robots_known = false;
    int robots_attempts = 0;
    RobotsTxt robots;
    std::unique_ptr<asio::steady_timer> robots_timer;
    int sitemaps_read = 0;
  };

  void Start() {
    if (journal != nullptr) {
      frontier.AttachStore(journal, options.frontier_window, resume ? resume->last_seq : 0);
      if (resume) {
        // An interrupted sweep's frontier first, so its seeds and sitemaps count as known.
        const uint64_t known = frontier.RestoreKnown();
        WithStats([known](CrawlStats& s) { s.resumed_known = known; });
        for (const ResumeState::Queue& q : resume->queues) {
          if (q.site < 0 || static_cast<size_t>(q.site) >= sites.size()) continue;
          EnsureHost(q.origin, q.site);
          frontier.RestoreQueue(q.origin, q.priority, q.count, q.max_seq);
        }
        for (const auto& [site, n] : resume->accepted) frontier.RestoreAccepted(site, n);
      }
    }
    resume.reset();
    for (size_t i = 0; i < sites.size(); ++i) {
      const SiteProfile& s = sites[i];
      frontier.SetSiteLimits(static_cast<int>(i), {s.max_depth, s.max_pages});
      for (const std::string& sm : s.sitemaps)
        AddConfigured(sm, static_cast<int>(i), UrlPriority::kSitemap);
      for (const std::string& seed : s.seeds)
        AddConfigured(seed, static_cast<int>(i), UrlPriority::kOther);
    }
    Pump();
  }

  // Seeds and configured sitemaps: the site is the profile's; patterns are
  // not applied (the operator named the URL).
  void AddConfigured(const std::string& text, int site, UrlPriority kind) {
    Result<Url> u = ParseUrl(text);
    if (!u.ok()) {
      WithStats([](CrawlStats& s) { ++s.out_of_scope; });
      return;
    }
    Candidate c;
    if (Scope(*u, /*apply_patterns=*/false, site, &c) != ScopeResult::kIn) {
      WithStats([](CrawlStats& s) { ++s.out_of_scope; });
      return;
    }
    if (kind == UrlPriority::kSitemap) c.priority = kind;
    AddCandidate(c);
  }

  void AddCandidate(const Candidate& c) {
    EnsureHost(c.origin, c.site);
    FrontierEntry e;
    e.url = c.url;
    e.host = c.origin;
    e.depth = c.depth;
    e.priority = c.priority;
    e.site = c.site;
    Frontier::AddOutcome out = frontier.Add(e, c.priority != UrlPriority::kSitemap);
    if (out == Frontier::AddOutcome::kAdded) {
      e.seq = frontier.last_seq();
      if (journal != nullptr) journal->Accepted(e);
      return;
    }
    WithStats([out](CrawlStats& s) {
      if (out == Frontier::AddOutcome::kDuplicate)
        ++s.duplicates;
      else if (out == Frontier::AddOutcome::kTooDeep)
        ++s.too_deep;
      else
        ++s.over_page_cap;
    });
  }

  HostState& EnsureHost(const std::string& origin, int site) {
    auto [it, inserted] = hosts.try_emplace(origin);
    if (inserted) {
      HostState& hs = it->second;
      hs.site = site;
      const SiteProfile& s = sites[static_cast<size_t>(site)];
      Frontier::HostPolicy policy;
      policy.concurrency = options.politeness ? std::max(1, s.concurrency) : options.max_in_flight;
      policy.min_delay_s = options.politeness ? s.min_delay_s : 0;
      policy.adaptive = options.politeness && options.adaptive_delay;
      policy.target_concurrency = options.target_concurrency;
      policy.max_adaptive_delay_s = options.max_adaptive_delay_s;
      policy.park_after_failures = options.park_after_failures;
      policy.park_base_s = options.park_base_s;
      policy.park_max_s = options.park_max_s;
      frontier.SetHostPolicy(origin, policy);
      frontier.Hold(origin);
      ++robots_pending;
      FetchRobots(origin);
    }
    return it->second;
  }

  void FetchRobots(const std::string& origin) {
    HostState& hs = hosts.at(origin);
    ++hs.robots_attempts;
    FetchRequest q = BaseRequest(origin + "/robots.txt");
    q.max_body_bytes = kMaxRobotsBytes;  // the rest would be ignored anyway (RFC 9309 §2.5)
    q.attempt = hs.robots_attempts;
    ++fetches_in_flight;
    fetcher->Fetch(std::move(q), [this, origin](FetchResult r) { OnRobots(origin, std::move(r)); });
  }

  void OnRobots(const std::string& origin, FetchResult r) {
    --fetches_in_flight;
    HostState& hs = hosts.at(origin);
    CountRequest(origin, r);
    LogRequest(origin, origin + "/robots.txt", hs.robots_attempts, r);
    WithStats([](CrawlStats& s) { ++s.robots_fetches; });
    const bool response = r.error.ok() || r.error_kind == FetchErrorKind::kBodyTooLarge;
    const int status = r.http_status;
    std::optional<RobotsTxt> robots;
    bool unreachable = false;
    if (response && status >= 200 && status < 300) {
      robots = RobotsTxt::Parse(r.body);  // a body cut at the cap is parsed as far as it goes
    } else if (r.error_kind == FetchErrorKind::kTooManyRedirects ||
               r.error_kind == FetchErrorKind::kRedirectLoop) {
      robots = RobotsTxt::AllowAll();  // RFC 9309 §2.3.1.2: treat as unavailable
    } else if (response && status == 429) {
      unreachable = true;
    } else if (response && status >= 400 && status < 500) {
      robots = RobotsTxt::AllowAll();  // §2.3.1.3 "unavailable"
    } else {
      unreachable = true;  // 5xx, 3xx without location, network failure (§2.3.1.4)
    }
    if (unreachable && !stop_requested && hs.robots_attempts <= options.max_retries) {
      auto wait = std::chrono::duration_cast<Clock::duration>(Backoff(hs.robots_attempts));
      if (auto ra = ParseRetryAfter(r.retry_after))
        wait = Seconds(std::min(*ra, options.max_retry_after_s));
      hs.robots_timer = std::make_unique<asio::steady_timer>(*io, wait);
      hs.robots_timer->async_wait([this, origin](const boost::system::error_code& ec) {
        if (ec || finished) return;
        FetchRobots(origin);
      });
      Pump();
      return;
    }
    if (!robots) robots = RobotsTxt::DisallowAll();  // unreachable after every retry
    hs.robots = std::move(*robots);
    hs.robots_known = true;
    --robots_pending;
    if (options.politeness) {
      if (std::optional<double> delay = hs.robots.CrawlDelay(options.user_agent))
        frontier.SetCrawlDelay(origin, std::min(*delay, options.max_crawl_delay_s));
    }
    for (const std::string& sm : hs.robots.sitemaps()) {
      Result<Url> u = ParseUrl(sm);
      if (!u.ok()) continue;
      Candidate c;
      if (Scope(*u, false, -1, &c) != ScopeResult::kIn) continue;  // only sitemaps on our hosts
      c.priority = UrlPriority::kSitemap;
      AddCandidate(c);
    }
    frontier.Unhold(origin);
    Pump();
  }

  void CountRobotsBlocked(const std::string& origin) {
    WithStats([&](CrawlStats& s) {
      ++s.robots_blocked;
      ++s.per_host[origin].robots_blocked;
    });
  }

  bool Admit(const FrontierEntry& e) {
    if (e.priority == UrlPriority::kSitemap) return true;  // sitemaps are read whatever the rules
    const HostState& hs = hosts.at(e.host);
    if (hs.robots.Allowed(options.user_agent, RobotsPathFromUrl(e.url))) return true;
    CountRobotsBlocked(e.host);
    if (journal != nullptr) journal->LinksRecorded(e.url, /*to_processor=*/false);
    return false;
  }

  void Pump() {
    if (finished) return;
    if (journal != nullptr && store_error.ok() && !stop_requested) {
      // The frontier's store lost or cannot read rows: stop rather than finish
      // a sweep that silently skipped them; a resume fetches what is unfinished.
      if (Status health = journal->Health(); !health.ok()) {
        store_error = health;
        stop_requested = true;
      }
    }
    bool capped = false;
    TimePoint now = Clock::now();
    while (!stop_requested) {
      if (fetches_in_flight >= static_cast<size_t>(options.max_in_flight) ||
          jobs_outstanding >= static_cast<size_t>(options.queue_capacity)) {
        capped = true;  // a completion will pump again
        break;
      }
      std::optional<FrontierEntry> e =
          frontier.NextReady(now, [this](const FrontierEntry& x) { return Admit(x); });
      if (!e) break;
      StartFetch(std::move(*e));
    }
    WithStats([this](CrawlStats& st) {
      st.queued = frontier.queued();
      st.queued_in_memory = frontier.in_memory();
      st.store_waits = frontier.store_waits();
      st.peak_queued = std::max<uint64_t>(st.peak_queued, st.queued);
      st.peak_queued_in_memory = std::max<uint64_t>(st.peak_queued_in_memory, st.queued_in_memory);
      st.in_flight = fetches_in_flight;
    });
    if (MaybeFinish()) return;
    if (!capped && !stop_requested) ArmWake();
  }

  // One JSON line per completed request (the structured log); written on the
  // loop thread, buffered, flushed when the sweep ends.
  void LogRequest(const std::string& origin, const std::string& url, int attempt,
                  const FetchResult& r) {
    if (!log) return;
    nlohmann::json j = {{"time", r.fetched_at},
                        {"origin", origin},
                        {"url", url},
                        {"attempt", attempt},
                        {"status", r.http_status},
                        {"bytes", r.body.size()},
                        {"ms", r.elapsed_ms},
                        {"redirects", r.redirects},
                        {"delay_s", frontier.EffectiveDelay(origin)}};
    if (!r.final_url.empty() && r.final_url != url) j["final_url"] = r.final_url;
    if (!r.redirect_url.empty()) j["redirect_not_followed"] = r.redirect_url;
    if (!r.error.ok()) {
      j["error"] = FetchErrorKindName(r.error_kind);
      j["message"] = r.error.message();
    }
    *log << j.dump() << '\n';
  }

  void ArmWake() {
    std::optional<TimePoint> next = frontier.NextWakeup();
    if (!next) return;
    if (wake_armed && *wake_armed <= *next) return;  // an earlier wake-up will pump anyway
    wake_armed = *next;
    wake_timer->expires_at(*next);
    wake_timer->async_wait([this](const boost::system::error_code& ec) {
      if (ec) return;
      wake_armed.reset();
      Pump();
    });
  }

  // Whether a page's (or sitemap's) redirect may be followed to `next`: its host
  // must be one of a site's and, for pages, pass the allow/deny patterns and the
  // target origin's robots.txt. A target origin whose robots.txt is not known
  // yet is not followed now: the target joins the frontier, which fetches that
  // robots.txt first and applies the origin's politeness. Called on the io thread.
  Status CheckRedirect(const FrontierEntry& e, const std::string& next) {
    const bool page = e.priority != UrlPriority::kSitemap;
    Result<Url> u = ParseUrl(next);
    Candidate c;
    if (!u.ok() || Scope(*u, /*apply_patterns=*/page, -1, &c) != ScopeResult::kIn) {
      WithStats([](CrawlStats& s) { ++s.out_of_scope; });
      return Status(StatusCode::kFetchFailed, "redirect out of scope: " + next);
    }
    if (!page) return Status::Ok();  // sitemaps are read whatever robots.txt says
    auto it = hosts.find(c.origin);
    if (it == hosts.end() || !it->second.robots_known) {
      c.depth = e.depth;
      AddCandidate(c);
      return Status(
          StatusCode::kFetchFailed,
          "redirect to " + c.origin + ", whose robots.txt is not known yet; queued " + c.url);
    }
    if (!it->second.robots.Allowed(options.user_agent, RobotsPathFromUrl(c.url))) {
      CountRobotsBlocked(c.origin);
      return Status(StatusCode::kFetchFailed, "robots.txt of " + c.origin + " disallows " + c.url);
    }
    return Status::Ok();
  }

  void StartFetch(FrontierEntry e) {
    FetchRequest q = BaseRequest(e.url);
    q.depth = e.depth;
    q.attempt = e.attempt;
    q.redirect_check = [this, e](const std::string& next) { return CheckRedirect(e, next); };
    ++fetches_in_flight;
    fetcher->Fetch(std::move(q), [this, e = std::move(e)](FetchResult r) mutable {
      OnFetched(std::move(e), std::move(r));
    });
  }

  void CountRequest(const std::string& origin, const FetchResult& r) {
    WithStats([&](CrawlStats& s) {
      ++s.requests;
      s.bytes += r.body.size();
      HostStats& h = s.per_host[origin];
      ++h.requests;
      h.bytes += r.body.size();
    });
  }

  void OnFetched(FrontierEntry e, FetchResult r) {
    --fetches_in_flight;
    frontier.Release(e.host);
    CountRequest(e.host, r);
    TimePoint now = Clock::now();
    LogRequest(e.host, e.url, e.attempt, r);
    // Served = the host answered with something other than "overloaded" or
    // "broken"; 4xx counts as served (the host is fine, the URL is not).
    const bool served = r.error.ok() && r.http_status != 429 && r.http_status < 500;
    const bool host_failure = !served && (r.error.ok() || IsTransient(r.error_kind));
    if ((served || host_failure) &&
        frontier.ObserveResponse(e.host, r.elapsed_ms / 1000.0, served, now)) {
      WithStats([](CrawlStats& s) { ++s.hosts_parked; });
    }

    std::optional<Clock::duration> wait;
    if (r.error.ok()) {
      if (r.http_status == 429 || r.http_status == 503) {
        if (auto ra = ParseRetryAfter(r.retry_after)) {
          wait = Seconds(std::min(*ra, options.max_retry_after_s));
          frontier.DelayHost(e.host, now + *wait);  // the host asked everyone to wait
        } else {
          wait = Backoff(e.attempt);
        }
      } else if (r.http_status >= 500) {
        wait = Backoff(e.attempt);
      }
    } else if (IsTransient(r.error_kind)) {
      wait = Backoff(e.attempt);
    }
    if (wait && e.attempt <= options.max_retries && !stop_requested) {
      WithStats([&](CrawlStats& s) {
        ++s.retries;
        ++s.per_host[e.host].retries;
      });
      frontier.Retry(std::move(e), now + *wait);
      Pump();
      return;
    }

    if (!r.final_url.empty() && r.final_url != r.url) {
      if (Result<Url> f = ParseUrl(r.final_url); f.ok()) {
        std::string seen = Canonicalize(*f, sites[static_cast<size_t>(e.site)].tracking_params);
        if (uint64_t seq = frontier.MarkSeen(seen); seq != 0 && journal != nullptr) {
          FrontierEntry like = e;
          like.seq = seq;
          journal->Seen(like, seen);
        }
      }
    }
    if (e.priority == UrlPriority::kSitemap) {
      OnSitemap(e, r);
    } else {
      SubmitPage(e, std::move(r));
    }
    Pump();
  }

  void OnSitemap(const FrontierEntry& e, const FetchResult& r) {
    ReadSitemap(e, r);
    if (journal != nullptr) journal->LinksRecorded(e.url, /*to_processor=*/false);
  }

  void ReadSitemap(const FrontierEntry& e, const FetchResult& r) {
    WithStats([](CrawlStats& s) { ++s.sitemap_fetches; });
    if (!r.error.ok() || r.http_status < 200 || r.http_status >= 300) return;
    HostState& hs = hosts.at(e.host);
    if (++hs.sitemaps_read > options.max_sitemaps_per_site) return;
    Result<Sitemap> sm =
        ParseSitemap(r.body, kMaxSitemapUrls, std::max(options.max_body_bytes, size_t{1} << 20));
    if (!sm.ok()) return;
    for (const std::string& loc : sm->locs) {
      Result<Url> u = ParseUrl(loc);
      if (!u.ok()) continue;
      Candidate c;
      if (Scope(*u, /*apply_patterns=*/!sm->is_index, -1, &c) != ScopeResult::kIn) {
        WithStats([](CrawlStats& s) { ++s.out_of_scope; });
        continue;
      }
      if (sm->is_index) {
        if (e.depth >= 2) continue;  // index → sitemap → urls; no deeper nesting
        c.priority = UrlPriority::kSitemap;
        c.depth = e.depth + 1;
      } else {
        c.depth = 0;
        WithStats([](CrawlStats& s) { ++s.sitemap_urls; });
      }
      AddCandidate(c);
    }
  }

  void SubmitPage(const FrontierEntry& e, FetchResult r) {
    const bool failed = !r.error.ok() || r.http_status >= 400;
    WithStats([&](CrawlStats& s) {
      ++s.status_counts[r.error.ok() ? r.http_status : 0];
      if (!r.error.ok()) ++s.errors_by_class[FetchErrorKindName(r.error_kind)];
      HostStats& h = s.per_host[e.host];
      if (failed) ++h.errors;
    });
    ++jobs_outstanding;
    pool->Submit([this, site = e.site, origin = e.host, r = std::move(r)]() mutable {
      Process(site, origin, std::move(r));
    });
  }

  // Worker thread.
  void Process(int site, const std::string& origin, FetchResult r) {
    ProcessOutcome out;
    bool ok = true;
    try {
      out = processor(sites[static_cast<size_t>(site)], r);
    } catch (...) {
      ok = false;
    }
    std::vector<Candidate> found;
    uint64_t out_of_scope = 0;
    if (ok) {
      std::string base_text =
          !out.base_url.empty() ? out.base_url : (!r.final_url.empty() ? r.final_url : r.url);
      Result<Url> base = ParseUrl(base_text);
      if (base.ok()) {
        for (const std::string& href : out.links) {
          Result<Url> u = ResolveUrl(*base, href);
          Candidate c;
          if (!u.ok() || Scope(*u, true, -1, &c) != ScopeResult::kIn) {
            ++out_of_scope;
            continue;
          }
          c.depth = r.depth + 1;
          found.push_back(std::move(c));
        }
      }
    }
    WithStats([&](CrawlStats& s) {
      ++s.pages;
      ++s.per_host[origin].pages;
      if (!ok) ++s.processor_errors;
      s.links_found += out.links.size();
      s.out_of_scope += out_of_scope;
    });
    asio::post(*io, [this, found = std::move(found), url = r.url]() {
      --jobs_outstanding;
      if (!finished) {
        for (const Candidate& c : found) AddCandidate(c);
        if (journal != nullptr) journal->LinksRecorded(url, /*to_processor=*/true);
      }
      Pump();
    });
  }

  bool MaybeFinish() {
    if (finished) return true;
    bool idle = fetches_in_flight == 0 && jobs_outstanding == 0;
    if (!idle) return false;
    if (!stop_requested && (robots_pending > 0 || frontier.queued() > 0)) return false;
    finished = true;
    wake_timer->cancel();
    for (auto& [origin, hs] : hosts)
      if (hs.robots_timer) hs.robots_timer->cancel();
    io->stop();
    return true;
  }

  CrawlOptions options;
  std::vector<SiteProfile> sites;
  PageProcessor processor;
  std::vector<SiteRules> rules;
  std::unordered_map<std::string, int> host_to_site;

  std::atomic<bool> stop_requested{false};
  std::mutex io_mu;  // guards `io` for Stop()
  asio::io_context* io = nullptr;
  bool ran = false;

  // io thread only:
  Fetcher* fetcher = nullptr;
  WorkerPool* pool = nullptr;
  asio::steady_timer* wake_timer = nullptr;
  std::optional<TimePoint> wake_armed;
  Frontier frontier;
  FrontierJournal* journal = nullptr;  // SetJournal; used on the loop thread only
  std::optional<ResumeState> resume;   // Resume; consumed by Start
  Status store_error;                  // the journal's Health() once it failed
  std::unique_ptr<std::ofstream> log;  // CrawlOptions::log_path, opened by Run()
  std::unordered_map<std::string, HostState> hosts;
  size_t fetches_in_flight = 0;
  size_t jobs_outstanding = 0;  // pages submitted whose results are not yet back on the io thread
  size_t robots_pending = 0;    // origins whose robots.txt is not yet decided
  bool finished = false;
  std::mt19937_64 rng;

  mutable std::mutex stats_mu;
  CrawlStats stats;
};

SweepRunner::SweepRunner(CrawlOptions options, std::vector<SiteProfile> sites,
                         PageProcessor processor)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(sites), std::move(processor))) {}

SweepRunner::~SweepRunner() = default;

Status SweepRunner::Run() {
  Impl& m = *impl_;
  if (m.ran) return InvalidArgument("SweepRunner::Run called twice");
  m.ran = true;
  Status compiled = m.Compile();
  if (!compiled.ok()) return compiled;
  if (m.stop_requested) return Status(StatusCode::kCancelled, "sweep stopped before it started");
  if (m.resume && m.journal == nullptr)
    return InvalidArgument("SweepRunner::Resume needs a journal (SetJournal)");

  if (!m.options.log_path.empty()) {
    m.log = std::make_unique<std::ofstream>(m.options.log_path, std::ios::app);
    if (!*m.log) return IoError(m.options.log_path + ": cannot open the request log");
  }
  asio::io_context io;
  auto guard = asio::make_work_guard(io);
  CurlFetcher fetcher(io);
  asio::steady_timer wake(io);
  WorkerPool pool(m.options.workers);
  m.fetcher = &fetcher;
  m.pool = &pool;
  m.wake_timer = &wake;
  {
    std::lock_guard<std::mutex> lock(m.io_mu);
    m.io = &io;
  }
  asio::post(io, [&m] { m.Start(); });
  io.run();
  pool.Shutdown();  // workers may still post to io until here; those handlers never run
  {
    std::lock_guard<std::mutex> lock(m.io_mu);
    m.io = nullptr;
  }
  for (auto& [origin, hs] : m.hosts) hs.robots_timer.reset();
  if (m.log) m.log->flush();
  m.fetcher = nullptr;
  m.pool = nullptr;
  m.wake_timer = nullptr;
  if (!m.store_error.ok()) {
    return Status(m.store_error.code(),
                  "sweep stopped: its frontier store failed: " + m.store_error.message());
  }
  if (m.stop_requested) return Status(StatusCode::kCancelled, "sweep stopped");
  return Status::Ok();
}

void SweepRunner::SetJournal(FrontierJournal* journal) { impl_->journal = journal; }

void SweepRunner::Resume(ResumeState state) { impl_->resume = std::move(state); }

void SweepRunner::Stop() {
  impl_->stop_requested = true;
  std::lock_guard<std::mutex> lock(impl_->io_mu);
  if (impl_->io != nullptr) asio::post(*impl_->io, [m = impl_.get()] { m->Pump(); });
}

CrawlStats SweepRunner::stats() const {
  std::lock_guard<std::mutex> lock(impl_->stats_mu);
  return impl_->stats;
}

}  // namespace shouhu::crawler
