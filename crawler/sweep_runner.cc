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

#include <algorithm>
#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <ctime>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <unordered_map>

#include "base/url.h"
#include "crawler/fetcher.h"
#include "crawler/frontier.h"
#include "crawler/request_log.h"
#include "crawler/robots_cache.h"
#include "crawler/scope.h"
#include "crawler/sitemap.h"
#include "crawler/worker_pool.h"

namespace shouhu::crawler {

namespace asio = boost::asio;

namespace {

using TimePoint = Clock::TimePoint;

Clock::TimePoint::duration Seconds(double s) {
  return std::chrono::duration_cast<Clock::TimePoint::duration>(std::chrono::duration<double>(s));
}

// Retry-After is delta-seconds or an HTTP-date (RFC 9110 §10.2.3), the latter
// read against the loop's wall clock.
std::optional<double> ParseRetryAfter(const std::string& v, Clock::WallTime now) {
  if (v.empty()) return std::nullopt;
  bool digits = std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (digits) return v.size() > 9 ? 1e9 : static_cast<double>(std::stol(v));
  time_t when = curl_getdate(v.c_str(), nullptr);
  if (when < 0) return std::nullopt;
  double delta = std::difftime(when, std::chrono::system_clock::to_time_t(now));
  return delta < 0 ? 0 : delta;
}

}  // namespace

struct SweepRunner::Impl {
  Impl(CrawlOptions o, std::vector<config::CrawlScope> s, PageProcessor p, CrawlEnv e)
      : options(std::move(o)),
        site_list(std::move(s)),
        processor(std::move(p)),
        env(std::move(e)),
        clock(env.clock != nullptr ? env.clock : &Clock::System()),
        robots(options.user_agent, options.max_retries),
        rng(std::random_device{}()) {
    if (options.queue_capacity <= 0) options.queue_capacity = 4 * std::max(1, options.workers);
    if (options.max_in_flight < 1) options.max_in_flight = 1;
    if (!env.fetcher) env.fetcher = CurlFetcherFactory();
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

  // How long a 429/503 (or an unreachable robots.txt) asks us to wait.
  std::optional<TimePoint::duration> RetryAfter(const FetchResult& r) const {
    if (auto ra = ParseRetryAfter(r.retry_after, clock->WallNow())) {
      return Seconds(std::min(*ra, options.max_retry_after_s));
    }
    return std::nullopt;
  }

  template <typename F>
  void WithStats(F&& f) {
    std::lock_guard<std::mutex> lock(stats_mu);
    f(stats);
  }

  // ---- the loop (io thread) ----

  struct HostState {
    int site = 0;
    std::unique_ptr<Timer> robots_timer;
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
          if (q.site < 0 || static_cast<size_t>(q.site) >= scopes->sites().size()) continue;
          EnsureHost(q.origin, q.site);
          frontier.RestoreQueue(q.origin, q.priority, q.count, q.max_seq);
        }
        for (const auto& [site, n] : resume->accepted) frontier.RestoreAccepted(site, n);
      }
    }
    resume.reset();
    for (size_t i = 0; i < scopes->sites().size(); ++i) {
      const config::CrawlScope& s = scopes->site(static_cast<int>(i));
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
    std::optional<ScopedUrl> c;
    if (u.ok()) c = scopes->Classify(*u, /*apply_patterns=*/false, site);
    if (!c) {
      WithStats([](CrawlStats& s) { ++s.out_of_scope; });
      return;
    }
    if (kind == UrlPriority::kSitemap) c->priority = kind;
    AddCandidate(*c, 0);
  }

  void AddCandidate(const ScopedUrl& c, int depth) {
    EnsureHost(c.origin, c.site);
    FrontierEntry e;
    e.url = c.url;
    e.host = c.origin;
    e.depth = depth;
    e.priority = c.priority;
    e.site = c.site;
    Frontier::AddOutcome out = frontier.Add(e, c.priority != UrlPriority::kSitemap);
    if (out == Frontier::AddOutcome::kAdded) {
      e.seq = frontier.last_seq();
      if (journal != nullptr) journal->Accepted(e);
      return;
    }
    WithStats([out](CrawlStats& s) {
      if (out == Frontier::AddOutcome::kDuplicate) {
        ++s.duplicates;
      } else if (out == Frontier::AddOutcome::kTooDeep) {
        ++s.too_deep;
      } else {
        ++s.over_page_cap;
      }
    });
  }

  HostState& EnsureHost(const std::string& origin, int site) {
    auto [it, inserted] = hosts.try_emplace(origin);
    if (inserted) {
      HostState& hs = it->second;
      hs.site = site;
      const config::CrawlScope& s = scopes->site(site);
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
    FetchRequest q = BaseRequest(origin + "/robots.txt");
    q.max_body_bytes = kMaxRobotsBytes;  // the rest would be ignored anyway (RFC 9309 §2.5)
    q.attempt = robots.StartFetch(origin);
    ++fetches_in_flight;
    fetcher->Fetch(std::move(q), [this, origin](FetchResult r) { OnRobots(origin, std::move(r)); });
  }

  void OnRobots(const std::string& origin, FetchResult r) {
    --fetches_in_flight;
    HostState& hs = hosts.at(origin);
    CountRequest(origin, r);
    LogRequest(origin, origin + "/robots.txt", robots.attempts(origin), r);
    WithStats([](CrawlStats& s) { ++s.robots_fetches; });
    if (!robots.Record(origin, r, /*may_retry=*/!stop_requested)) {
      TimePoint::duration wait = RetryAfter(r).value_or(Backoff(robots.attempts(origin)));
      if (!hs.robots_timer) hs.robots_timer = clock->NewTimer(*io);
      hs.robots_timer->WaitUntil(clock->Now() + wait, [this, origin] {
        if (!finished) FetchRobots(origin);
      });
      Pump();
      return;
    }
    --robots_pending;
    if (options.politeness) {
      if (std::optional<double> delay = robots.CrawlDelay(origin))
        frontier.SetCrawlDelay(origin, std::min(*delay, options.max_crawl_delay_s));
    }
    for (const std::string& sm : robots.Sitemaps(origin)) {
      Result<Url> u = ParseUrl(sm);
      if (!u.ok()) continue;
      std::optional<ScopedUrl> c = scopes->Classify(*u, false);  // only sitemaps on our hosts
      if (!c) continue;
      c->priority = UrlPriority::kSitemap;
      AddCandidate(*c, 0);
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
    if (robots.Allowed(e.host, e.url)) return true;
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
    TimePoint now = clock->Now();
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
    // Nothing but the clock can make progress: no worker result is on its way
    // (fetches complete through the fetcher, whose waits a simulated clock
    // owns). A simulated clock moves to its next timer.
    if (jobs_outstanding == 0) clock->Idle();
  }

  void LogRequest(const std::string& origin, const std::string& url, int attempt,
                  const FetchResult& r) {
    if (log) log->Write(origin, url, attempt, r, frontier.EffectiveDelay(origin));
  }

  void ArmWake() {
    std::optional<TimePoint> next = frontier.NextWakeup();
    if (!next) return;
    if (wake_armed && *wake_armed <= *next) return;  // an earlier wake-up will pump anyway
    wake_armed = *next;
    wake_timer->WaitUntil(*next, [this] {
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
    std::optional<ScopedUrl> c;
    if (u.ok()) c = scopes->Classify(*u, /*apply_patterns=*/page);
    if (!c) {
      WithStats([](CrawlStats& s) { ++s.out_of_scope; });
      return Status(StatusCode::kFetchFailed, "redirect out of scope: " + next);
    }
    if (!page) return Status::Ok();  // sitemaps are read whatever robots.txt says
    if (!robots.Known(c->origin)) {
      AddCandidate(*c, e.depth);
      return Status(
          StatusCode::kFetchFailed,
          "redirect to " + c->origin + ", whose robots.txt is not known yet; queued " + c->url);
    }
    if (!robots.Allowed(c->origin, c->url)) {
      CountRobotsBlocked(c->origin);
      return Status(StatusCode::kFetchFailed,
                    "robots.txt of " + c->origin + " disallows " + c->url);
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
    TimePoint now = clock->Now();
    LogRequest(e.host, e.url, e.attempt, r);
    // Served = the host answered with something other than "overloaded" or
    // "broken"; 4xx counts as served (the host is fine, the URL is not).
    const bool served = r.error.ok() && r.http_status != 429 && r.http_status < 500;
    const bool host_failure = !served && (r.error.ok() || IsTransient(r.error_kind));
    if ((served || host_failure) &&
        frontier.ObserveResponse(e.host, r.elapsed_ms / 1000.0, served, now)) {
      WithStats([](CrawlStats& s) { ++s.hosts_parked; });
    }

    std::optional<TimePoint::duration> wait;
    if (r.error.ok()) {
      if (r.http_status == 429 || r.http_status == 503) {
        if (auto ra = RetryAfter(r)) {
          wait = *ra;
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
        std::string seen = Canonicalize(*f, scopes->site(e.site).tracking_params);
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
      std::optional<ScopedUrl> c = scopes->Classify(*u, /*apply_patterns=*/!sm->is_index);
      if (!c) {
        WithStats([](CrawlStats& s) { ++s.out_of_scope; });
        continue;
      }
      int depth = 0;
      if (sm->is_index) {
        if (e.depth >= 2) continue;  // index → sitemap → urls; no deeper nesting
        c->priority = UrlPriority::kSitemap;
        depth = e.depth + 1;
      } else {
        WithStats([](CrawlStats& s) { ++s.sitemap_urls; });
      }
      AddCandidate(*c, depth);
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
    clock->Busy();  // a result will come from a worker, not from the clock
    pool->Submit([this, site = e.site, origin = e.host, r = std::move(r)]() mutable {
      Process(site, origin, std::move(r));
    });
  }

  // Worker thread.
  void Process(int site, const std::string& origin, FetchResult r) {
    ProcessOutcome out;
    bool ok = true;
    try {
      out = processor(site, r);
    } catch (...) {
      ok = false;
    }
    std::vector<std::pair<ScopedUrl, int>> found;  // with their depth
    uint64_t out_of_scope = 0;
    if (ok) {
      std::string base_text =
          !out.base_url.empty() ? out.base_url : (!r.final_url.empty() ? r.final_url : r.url);
      Result<Url> base = ParseUrl(base_text);
      if (base.ok()) {
        for (const std::string& href : out.links) {
          Result<Url> u = ResolveUrl(*base, href);
          std::optional<ScopedUrl> c;
          if (u.ok()) c = scopes->Classify(*u, true);
          if (!c) {
            ++out_of_scope;
            continue;
          }
          found.emplace_back(std::move(*c), r.depth + 1);
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
        for (const auto& [c, depth] : found) AddCandidate(c, depth);
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
    wake_timer->Cancel();
    for (auto& [origin, hs] : hosts)
      if (hs.robots_timer) hs.robots_timer->Cancel();
    io->stop();
    return true;
  }

  CrawlOptions options;
  std::vector<config::CrawlScope> site_list;  // until Run() compiles them into `scopes`
  PageProcessor processor;
  CrawlEnv env;
  Clock* clock;
  std::optional<CrawlScopes> scopes;

  std::atomic<bool> stop_requested{false};
  std::mutex io_mu;  // guards `io` for Stop()
  asio::io_context* io = nullptr;
  bool ran = false;

  // io thread only:
  Fetcher* fetcher = nullptr;
  WorkerPool* pool = nullptr;
  Timer* wake_timer = nullptr;
  std::optional<TimePoint> wake_armed;
  Frontier frontier;
  RobotsCache robots;
  FrontierJournal* journal = nullptr;  // SetJournal; used on the loop thread only
  std::optional<ResumeState> resume;   // Resume; consumed by Start
  Status store_error;                  // the journal's Health() once it failed
  std::unique_ptr<RequestLog> log;     // CrawlOptions::log_path, opened by Run()
  std::unordered_map<std::string, HostState> hosts;
  size_t fetches_in_flight = 0;
  size_t jobs_outstanding = 0;  // pages submitted whose results are not yet back on the io thread
  size_t robots_pending = 0;    // origins whose robots.txt is not yet decided
  bool finished = false;
  std::mt19937_64 rng;

  mutable std::mutex stats_mu;
  CrawlStats stats;
};

SweepRunner::SweepRunner(CrawlOptions options, std::vector<config::CrawlScope> sites,
                         PageProcessor processor, CrawlEnv env)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(sites), std::move(processor),
                                   std::move(env))) {}

SweepRunner::~SweepRunner() = default;

Status SweepRunner::Run() {
  Impl& m = *impl_;
  if (m.ran) return InvalidArgument("SweepRunner::Run called twice");
  m.ran = true;
  Result<CrawlScopes> compiled = CrawlScopes::Compile(std::move(m.site_list));
  if (!compiled.ok()) return compiled.status();
  m.scopes.emplace(std::move(compiled).value());
  if (m.stop_requested) return Status(StatusCode::kCancelled, "sweep stopped before it started");
  if (m.resume && m.journal == nullptr) {
    return InvalidArgument("SweepRunner::Resume needs a journal (SetJournal)");
  }
  if (!m.options.log_path.empty()) {
    auto log = RequestLog::Open(m.options.log_path);
    if (!log.ok()) return log.status();
    m.log = std::move(log).value();
  }
  asio::io_context io;
  auto guard = asio::make_work_guard(io);
  std::unique_ptr<Fetcher> fetcher = m.env.fetcher(io, *m.clock);
  std::unique_ptr<Timer> wake = m.clock->NewTimer(io);
  WorkerPool pool(m.options.workers);
  m.fetcher = fetcher.get();
  m.pool = &pool;
  m.wake_timer = wake.get();
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
  wake.reset();
  fetcher.reset();
  if (m.log) m.log->Flush();
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
