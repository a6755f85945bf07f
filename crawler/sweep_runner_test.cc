// SweepRunner end to end against a loopback server serving three "sites"
// under different host names, mapped to 127.0.0.1 with resolve entries.
#include "crawler/sweep_runner.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>

#include "crawler/test_http_server.h"
#include "crawler/url.h"

namespace shouhu::crawler {
namespace {

using testing::TestHttpServer;
using testing::TestRequest;
using testing::TestResponse;
using Clock = std::chrono::steady_clock;

const char kTiantu[] = "mall.tiantu.test";
const char kKuaigou[] = "m.kuaigou.test";
const char kLanmao[] = "www.lanmao.test";

// Bodies are lists of "LINK <href>" lines; the test processor reads them.
std::string Links(std::initializer_list<std::string> hrefs) {
  std::string out;
  for (const std::string& h : hrefs) out += "LINK " + h + "\n";
  return out;
}

class Market {
 public:
  Market() : server_([this](const TestRequest& r) { return Serve(r); }) {}
  int port() const { return server_.port(); }
  std::string Origin(const std::string& host) const {
    return "http://" + host + ":" + std::to_string(port());
  }
  const TestHttpServer& server() const { return server_; }
  std::vector<Clock::time_point> flaky_times() {
    std::lock_guard<std::mutex> lock(mu_);
    return flaky_times_;
  }
  // Requests whose target starts with the prefix, on a host.
  int Requests(const std::string& host, const std::string& prefix) {
    std::lock_guard<std::mutex> lock(mu_);
    int n = 0;
    for (const auto& [k, v] : seen_)
      if (k.rfind(host + " " + prefix, 0) == 0) n += v;
    return n;
  }

 private:
  TestResponse Serve(const TestRequest& req) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      ++seen_[req.host + " " + req.target];
    }
    TestResponse r;
    r.headers = {{"Content-Type", "text/plain"}};
    const std::string& t = req.target;
    if (req.host == kTiantu) {
      if (t == "/robots.txt") {
        r.body =
            "User-agent: *\nDisallow: /cart/\n\nSitemap: " + Origin(kTiantu) + "/sitemap.xml\n";
      } else if (t == "/sitemap.xml") {
        r.body = "<sitemapindex><sitemap><loc>" + Origin(kTiantu) +
                 "/sitemap-0.xml</loc></sitemap></sitemapindex>";
      } else if (t == "/sitemap-0.xml") {
        r.body = "<urlset><url><loc>" + Origin(kTiantu) + "/item/100.html</loc></url></urlset>";
      } else if (t == "/") {
        r.body =
            Links({"/cart/1", "/item/1.html?spm=a.b&utm_source=x", "item/1.html?from=home",
                   "/item/1.html",
                   "HTTP://MALL.TIANTU.TEST:" + std::to_string(port()) + "/item/1.html#reviews",
                   "/category/toy", "/loop/a", "/calendar/0", "/flaky", "/gone", "/moved/cart",
                   "/moved/out", "/moved/item", "/moved/kg", "/moved/lm", Origin(kKuaigou) + "/",
                   "http://external.test/", "mailto:shop@example.com"});
      } else if (t == "/category/toy") {
        r.body = Links({"/item/2.html", "/item/3.html?spm=z", "/"});
      } else if (t.rfind("/item/", 0) == 0) {
        r.body = Links({"/", "/category/toy"});
      } else if (t == "/loop/a" || t == "/loop/b") {
        r.status = 302;
        r.headers = {{"Location", t == "/loop/a" ? "/loop/b" : "/loop/a"}};
      } else if (t.rfind("/moved/", 0) == 0) {
        // Redirects into robots-disallowed, out-of-scope, same-site and other-site targets.
        r.status = 302;
        const std::string where = t.substr(7);
        std::string to = where == "cart"   ? "/cart/9"
                         : where == "out"  ? "http://external.test/x"
                         : where == "item" ? "/item/5.html"
                         : where == "kg"   ? Origin(kKuaigou) + "/promo/8"
                                           : Origin(kLanmao) + "/product/9.htm";
        r.headers = {{"Location", to}};
      } else if (t.rfind("/calendar/", 0) == 0) {
        int n = std::stoi(t.substr(10));
        r.body = Links({"/calendar/" + std::to_string(n + 1)});
      } else if (t == "/flaky") {
        std::lock_guard<std::mutex> lock(mu_);
        flaky_times_.push_back(Clock::now());
        if (flaky_times_.size() == 1) {
          r.status = 429;
          r.headers.emplace_back("Retry-After", "1");
        } else {
          r.body = "ok";
        }
      } else {
        r.status = 404;
      }
    } else if (req.host == kKuaigou) {
      if (t == "/robots.txt")
        r.status = 404;  // no robots.txt: everything allowed
      else if (t == "/")
        r.body = Links({"/goods/detail?id=7", "/goods/detail?id=7&spm=q"});
      else if (t.rfind("/goods/detail", 0) == 0 || t == "/promo/8")
        r.body = Links({"/"});
      else if (t.rfind("/calendar/", 0) == 0)
        r.body = Links({"/calendar/" + std::to_string(std::stoi(t.substr(10)) + 1)});
      else
        r.status = 404;
    } else if (req.host == kLanmao) {
      if (t == "/robots.txt")
        r.status = 500;  // never reachable: disallow all
      else
        r.body = Links({"/product/1.htm"});
    } else {
      r.status = 404;
    }
    return r;
  }

  std::mutex mu_;
  std::map<std::string, int> seen_;
  std::vector<Clock::time_point> flaky_times_;
  TestHttpServer server_;
};

SiteProfile Site(const std::string& id, const std::string& host, const Market& m) {
  SiteProfile s;
  s.id = id;
  s.hosts = {host};
  s.seeds = {m.Origin(host) + "/"};
  s.tracking_params = {"spm", "utm_source", "from"};
  s.item_url_pattern = R"(^/item/(\d+)\.html)";
  s.list_url_pattern = R"(^/category/)";
  s.max_depth = 5;
  s.concurrency = 4;
  return s;
}

CrawlOptions Options(const Market& m) {
  CrawlOptions o;
  for (const char* h : {kTiantu, kKuaigou, kLanmao})
    o.resolve.push_back(std::string(h) + ":" + std::to_string(m.port()) + ":127.0.0.1");
  o.allow_private = true;
  o.workers = 2;
  o.retry_backoff_base_s = 0.02;
  o.total_timeout_ms = 5000;
  return o;
}

struct Recorder {
  std::mutex mu;
  std::map<std::string, int> calls;  // url -> processor calls
  std::map<std::string, FetchResult> results;

  PageProcessor Processor() {
    return [this](const SiteProfile&, const FetchResult& r) {
      {
        std::lock_guard<std::mutex> lock(mu);
        ++calls[r.url];
        results[r.url] = r;
      }
      ProcessOutcome out;
      out.base_url = r.final_url;
      std::istringstream in(r.body);
      std::string line;
      while (std::getline(in, line))
        if (line.rfind("LINK ", 0) == 0) out.links.push_back(line.substr(5));
      return out;
    };
  }
};

TEST(SweepRunner, CrawlsTwoSitesPolitelyAndCompletely) {
  Market m;
  Recorder rec;
  std::vector<SiteProfile> sites = {Site("tiantu", kTiantu, m), Site("kuaigou", kKuaigou, m),
                                    Site("lanmao", kLanmao, m)};
  sites[1].seeds.clear();  // reached through a link from tiantu
  SweepRunner runner(Options(m), sites, rec.Processor());
  auto t0 = Clock::now();
  Status st = runner.Run();
  ASSERT_TRUE(st.ok()) << st.ToString();
  EXPECT_LT(Clock::now() - t0, std::chrono::seconds(10));
  CrawlStats stats = runner.stats();
  const std::string tt = m.Origin(kTiantu), kg = m.Origin(kKuaigou), lm = m.Origin(kLanmao);

  // The processor is called exactly once per page.
  for (const auto& [url, n] : rec.calls) EXPECT_EQ(n, 1) << url;

  // robots.txt Disallow honoured.
  EXPECT_EQ(m.Requests(kTiantu, "/cart/"), 0);
  EXPECT_GE(stats.robots_blocked, 1u);
  EXPECT_EQ(m.Requests(kTiantu, "/robots.txt"), 1);

  // Tracking-parameter and spelling duplicates collapse to one fetch.
  EXPECT_EQ(m.Requests(kTiantu, "/item/1.html"), 1);
  EXPECT_EQ(rec.calls.count(tt + "/item/1.html"), 1u);
  EXPECT_EQ(m.Requests(kTiantu, "/item/3.html"), 1);
  EXPECT_EQ(m.Requests(kKuaigou, "/goods/detail"), 1);
  EXPECT_GE(stats.duplicates, 4u);

  // Sitemap index → sitemap → item.
  EXPECT_EQ(rec.calls.count(tt + "/item/100.html"), 1u);
  EXPECT_GE(stats.sitemap_fetches, 2u);
  EXPECT_GE(stats.sitemap_urls, 1u);

  // 429 + Retry-After: waited, retried, and the processor saw only the 200.
  std::vector<Clock::time_point> flaky = m.flaky_times();
  ASSERT_EQ(flaky.size(), 2u);
  EXPECT_GE(flaky[1] - flaky[0], std::chrono::milliseconds(950));
  ASSERT_EQ(rec.results.count(tt + "/flaky"), 1u);
  EXPECT_EQ(rec.results[tt + "/flaky"].http_status, 200);
  EXPECT_EQ(rec.results[tt + "/flaky"].attempts, 2);
  EXPECT_GE(stats.retries, 1u);

  // Redirect loop stopped with a named error, processed once.
  ASSERT_EQ(rec.results.count(tt + "/loop/a"), 1u);
  EXPECT_EQ(rec.results[tt + "/loop/a"].error_kind, FetchErrorKind::kRedirectLoop);
  EXPECT_EQ(stats.errors_by_class["redirect_loop"], 1u);

  // Each redirect hop is checked as a link would be: robots.txt and scope refuse
  // it before anything is requested; a same-site hop is followed; a hop to
  // another origin is followed only once its robots.txt is known — otherwise the
  // target is queued and fetched on its own — and never twice.
  EXPECT_EQ(rec.results[tt + "/moved/cart"].error_kind, FetchErrorKind::kRedirectRefused);
  EXPECT_NE(rec.results[tt + "/moved/cart"].error.message().find("robots.txt"), std::string::npos);
  EXPECT_EQ(m.Requests(kTiantu, "/cart/"), 0);
  EXPECT_EQ(rec.results[tt + "/moved/out"].error_kind, FetchErrorKind::kRedirectRefused);
  EXPECT_NE(rec.results[tt + "/moved/out"].error.message().find("out of scope"), std::string::npos);
  EXPECT_EQ(m.Requests("external.test", "/"), 0);
  EXPECT_TRUE(rec.results[tt + "/moved/item"].error.ok());
  EXPECT_EQ(rec.results[tt + "/moved/item"].redirects, 1);
  EXPECT_EQ(m.Requests(kKuaigou, "/promo/8"), 1);
  const size_t promo_queued = rec.calls.count(kg + "/promo/8");
  EXPECT_EQ(promo_queued + (rec.results[tt + "/moved/kg"].error.ok() ? 1u : 0u), 1u);
  EXPECT_EQ(m.Requests(kLanmao, "/product/9.htm"), 0);  // lanmao's robots.txt never answers
  EXPECT_GE(stats.errors_by_class["redirect_refused"], 3u);

  // Depth cap bounds the infinite calendar chain: "/" is depth 0, /calendar/0
  // depth 1, ..., /calendar/4 depth 5 = max_depth.
  EXPECT_EQ(rec.calls.count(tt + "/calendar/4"), 1u);
  EXPECT_EQ(m.Requests(kTiantu, "/calendar/5"), 0);
  EXPECT_GE(stats.too_deep, 1u);

  // Other site reached through a cross-site link; its missing robots.txt allows all.
  EXPECT_EQ(rec.calls.count(kg + "/goods/detail?id=7"), 1u);
  // Unreachable robots.txt (500): retried, then the whole host stays disallowed.
  EXPECT_EQ(m.Requests(kLanmao, "/robots.txt"), 1 + Options(m).max_retries);
  EXPECT_EQ(m.Requests(kLanmao, "/product"), 0);
  EXPECT_EQ(m.Requests(kLanmao, "/"), 1 + Options(m).max_retries);  // only robots.txt
  EXPECT_EQ(rec.calls.count(lm + "/"), 0u);

  // 404 reaches the processor as a final result; out-of-scope links are dropped.
  EXPECT_EQ(rec.results[tt + "/gone"].http_status, 404);
  EXPECT_EQ(m.Requests("external.test", "/"), 0);
  EXPECT_GE(stats.out_of_scope, 2u);

  // Stats add up.
  EXPECT_EQ(stats.pages, rec.calls.size());
  EXPECT_EQ(stats.status_counts[200] + stats.status_counts[404] + stats.status_counts[0],
            stats.pages);
  EXPECT_GT(stats.per_host[tt].pages, 10u);
  EXPECT_EQ(stats.per_host[kg].pages, 2u + promo_queued);
  EXPECT_GE(stats.per_host[lm].robots_blocked, 1u);
  EXPECT_GT(stats.bytes, 0u);
}

TEST(SweepRunner, PageCapBoundsALinkTrap) {
  Market m;
  Recorder rec;
  SiteProfile s = Site("tiantu", kTiantu, m);
  s.seeds = {m.Origin(kTiantu) + "/calendar/0"};
  s.max_depth = 1000;
  s.max_pages = 7;
  SweepRunner runner(Options(m), {s}, rec.Processor());
  ASSERT_TRUE(runner.Run().ok());
  EXPECT_EQ(rec.calls.size(), 7u);
  EXPECT_GE(runner.stats().over_page_cap, 1u);
}

TEST(SweepRunner, MinDelaySpacesRequestsToAHost) {
  Market m;
  Recorder rec;
  SiteProfile s = Site("kuaigou", kKuaigou, m);  // no robots.txt, so no sitemap either
  s.seeds = {m.Origin(kKuaigou) + "/calendar/0"};
  s.max_depth = 3;  // 4 pages
  s.min_delay_s = 0.15;
  s.concurrency = 1;
  CrawlOptions o = Options(m);
  auto t0 = Clock::now();
  {
    SweepRunner runner(o, {s}, rec.Processor());
    ASSERT_TRUE(runner.Run().ok());
  }
  EXPECT_EQ(rec.calls.size(), 4u);
  EXPECT_GE(Clock::now() - t0, std::chrono::milliseconds(3 * 150));

  // politeness=false ignores the delay (benchmarks).
  Recorder fast;
  o.politeness = false;
  t0 = Clock::now();
  SweepRunner runner(o, {s}, fast.Processor());
  ASSERT_TRUE(runner.Run().ok());
  EXPECT_EQ(fast.calls.size(), 4u);
  EXPECT_LT(Clock::now() - t0, std::chrono::milliseconds(400));
}

TEST(SweepRunner, StopFinishesInFlightAndReturns) {
  Market m;
  Recorder rec;
  SiteProfile s = Site("tiantu", kTiantu, m);
  s.seeds = {m.Origin(kTiantu) + "/calendar/0"};
  s.max_depth = 1000000;
  s.min_delay_s = 0.02;
  SweepRunner runner(Options(m), {s}, rec.Processor());
  std::thread stopper([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    runner.Stop();
  });
  auto t0 = Clock::now();
  Status st = runner.Run();
  stopper.join();
  EXPECT_EQ(st.code(), StatusCode::kCancelled);
  EXPECT_LT(Clock::now() - t0, std::chrono::seconds(3));
  EXPECT_GT(rec.calls.size(), 2u);
  EXPECT_EQ(runner.stats().pages, rec.calls.size());
}

TEST(SweepRunner, BadPatternIsConfigError) {
  Market m;
  SiteProfile s = Site("tiantu", kTiantu, m);
  s.deny = {"(unclosed"};
  SweepRunner runner(Options(m), {s},
                     [](const SiteProfile&, const FetchResult&) { return ProcessOutcome{}; });
  Status st = runner.Run();
  EXPECT_EQ(st.code(), StatusCode::kConfigInvalid);
  EXPECT_NE(st.message().find("(unclosed"), std::string::npos);
}

TEST(SweepRunner, HostThatKeepsFailingIsParkedAndEveryRequestIsLogged) {
  std::mutex mu;
  std::vector<Clock::time_point> page_hits;
  TestHttpServer server([&](const TestRequest& req) {
    TestResponse r;
    if (req.target == "/robots.txt") {
      r.status = 404;
      return r;
    }
    std::lock_guard<std::mutex> lock(mu);
    page_hits.push_back(Clock::now());
    r.status = 500;
    return r;
  });
  SiteProfile s;
  s.id = "broken";
  s.hosts = {kLanmao};
  for (int i = 0; i < 6; ++i)
    s.seeds.push_back("http://www.lanmao.test:" + std::to_string(server.port()) + "/p" +
                      std::to_string(i));
  s.concurrency = 1;
  CrawlOptions o;
  o.resolve = {std::string(kLanmao) + ":" + std::to_string(server.port()) + ":127.0.0.1"};
  o.allow_private = true;
  o.max_retries = 0;
  o.park_after_failures = 3;
  o.park_base_s = 0.4;
  const std::string log_path = ::testing::TempDir() + "/sweep_runner_requests.jsonl";
  std::remove(log_path.c_str());
  o.log_path = log_path;
  Recorder rec;
  SweepRunner runner(o, {s}, rec.Processor());
  ASSERT_TRUE(runner.Run().ok());
  CrawlStats stats = runner.stats();
  EXPECT_EQ(stats.hosts_parked, 2u);  // after the 3rd and the 6th failure in a row
  // The 4th request waited out the parking instead of following the 3rd at once.
  ASSERT_EQ(page_hits.size(), 6u);
  EXPECT_GE(page_hits[3] - page_hits[2], std::chrono::milliseconds(380));

  std::ifstream log(log_path);
  std::string line;
  int lines = 0, with_500 = 0;
  while (std::getline(log, line)) {
    ++lines;
    if (line.find("\"status\":500") != std::string::npos) ++with_500;
  }
  EXPECT_EQ(lines, 7);  // robots.txt is fetched by its own path; 6 pages
  EXPECT_EQ(with_500, 6);
}

// A journal kept in memory whose writes commit at once; its Health() fails
// after `fail_after` accepted URLs, as a disk that stops taking writes would.
class MemoryJournal : public FrontierJournal {
 public:
  explicit MemoryJournal(int fail_after) : fail_after_(fail_after) {}
  void Accepted(const FrontierEntry& e) override {
    rows_.push_back(e);
    ++accepted;
  }
  void Seen(const FrontierEntry& like, const std::string& url) override {
    FrontierEntry e = like;
    e.url = url;
    finished_.insert(url);
    rows_.push_back(e);
  }
  void LinksRecorded(const std::string& url, bool) override { finished_.insert(url); }
  uint64_t CommittedSeq() override { return rows_.empty() ? 0 : rows_.back().seq; }
  void Sync() override {}
  bool Known(uint64_t fp) override {
    for (const FrontierEntry& e : rows_)
      if (UrlFingerprint(e.url) == fp) return true;
    return false;
  }
  bool Load(const std::string& origin, UrlPriority p, uint64_t after, size_t limit,
            std::vector<FrontierEntry>* out) override {
    for (const FrontierEntry& e : rows_)
      if (out->size() < limit && e.host == origin && e.priority == p && e.seq > after &&
          !finished_.count(e.url))
        out->push_back(e);
    return true;
  }
  void ForEachKnown(const std::function<void(uint64_t)>& fn) override {
    for (const FrontierEntry& e : rows_) fn(UrlFingerprint(e.url));
  }
  Status Health() override {
    return fail_after_ >= 0 && accepted > fail_after_ ? StorageError("disk full") : Status::Ok();
  }
  int accepted = 0;

 private:
  int fail_after_;
  std::vector<FrontierEntry> rows_;
  std::set<std::string> finished_;
};

TEST(SweepRunner, OverAJournalWithATinyWindowEveryPageIsProcessedOnce) {
  Market m;
  Recorder rec;
  std::vector<SiteProfile> sites = {Site("tiantu", kTiantu, m), Site("kuaigou", kKuaigou, m)};
  CrawlOptions o = Options(m);
  o.frontier_window = 2;
  SweepRunner runner(o, sites, rec.Processor());
  MemoryJournal journal(-1);
  runner.SetJournal(&journal);
  ASSERT_TRUE(runner.Run().ok());
  for (const auto& [url, n] : rec.calls) EXPECT_EQ(n, 1) << url;
  EXPECT_EQ(rec.calls.count(m.Origin(kTiantu) + "/item/100.html"), 1u);  // from the sitemap
  EXPECT_EQ(rec.calls.count(m.Origin(kTiantu) + "/item/3.html"), 1u);
  CrawlStats stats = runner.stats();
  EXPECT_GT(stats.peak_queued, stats.peak_queued_in_memory);
  EXPECT_EQ(stats.queued, 0u);
}

TEST(SweepRunner, AFailingJournalStopsTheSweepWithItsError) {
  Market m;
  Recorder rec;
  CrawlOptions o = Options(m);
  o.frontier_window = 2;
  SweepRunner runner(o, {Site("tiantu", kTiantu, m)}, rec.Processor());
  MemoryJournal journal(3);
  runner.SetJournal(&journal);
  Status st = runner.Run();
  EXPECT_EQ(st.code(), StatusCode::kStorage) << st.ToString();
  EXPECT_NE(st.message().find("disk full"), std::string::npos) << st.ToString();
  EXPECT_LT(rec.calls.size(), 10u);  // stopped early instead of crawling on
}

TEST(SweepRunner, ResumeWithoutAJournalIsAnError) {
  Market m;
  Recorder rec;
  SweepRunner runner(Options(m), {Site("tiantu", kTiantu, m)}, rec.Processor());
  runner.Resume({});
  EXPECT_EQ(runner.Run().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace shouhu::crawler
