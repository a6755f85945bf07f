// SweepRunner against a FakeWeb serving three "sites" under different host
// names, on a SimulatedClock: politeness delays, Retry-After waits and parking
// run in virtual time, so the assertions name exact times and nothing sleeps.
// One test crawls over real HTTP (loopback, CurlFetcher) with the default env.
#include "crawler/sweep_runner.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <sstream>

#include "base/url.h"
#include "crawler/fake_fetcher.h"
#include "crawler/simulated_clock.h"
#include "crawler/test_http_server.h"

namespace shouhu::crawler {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

const char kTiantu[] = "mall.tiantu.test";
const char kKuaigou[] = "m.kuaigou.test";
const char kLanmao[] = "www.lanmao.test";

std::string Origin(const std::string& host) { return "http://" + host; }

// Bodies are lists of "LINK <href>" lines; the test processor reads them.
std::string Links(std::initializer_list<std::string> hrefs) {
  std::string out;
  for (const std::string& h : hrefs) out += "LINK " + h + "\n";
  return out;
}

// The three sites: robots.txt rules, a sitemap index, tracking-parameter
// duplicates, redirects (a loop, into robots-disallowed, out-of-scope,
// same-site and other-site targets), an endless calendar, a 429 with
// Retry-After, a 404; kuaigou has no robots.txt, lanmao's never answers.
FakeResponse Market(const FakeHit& req, int* flaky_calls) {
  FakeResponse r;
  r.content_type = "text/plain";
  const std::string& t = req.target;
  if (req.host == kTiantu) {
    if (t == "/robots.txt") {
      r.body = "User-agent: *\nDisallow: /cart/\n\nSitemap: " + Origin(kTiantu) + "/sitemap.xml\n";
    } else if (t == "/sitemap.xml") {
      r.body = "<sitemapindex><sitemap><loc>" + Origin(kTiantu) +
               "/sitemap-0.xml</loc></sitemap></sitemapindex>";
    } else if (t == "/sitemap-0.xml") {
      r.body = "<urlset><url><loc>" + Origin(kTiantu) + "/item/100.html</loc></url></urlset>";
    } else if (t == "/") {
      r.body = Links({"/cart/1", "/item/1.html?spm=a.b&utm_source=x", "item/1.html?from=home",
                      "/item/1.html", "HTTP://MALL.TIANTU.TEST/item/1.html#reviews",
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
      r.status = 302;
      const std::string where = t.substr(7);
      std::string to = where == "cart"   ? "/cart/9"
                       : where == "out"  ? "http://external.test/x"
                       : where == "item" ? "/item/5.html"
                       : where == "kg"   ? Origin(kKuaigou) + "/promo/8"
                                         : Origin(kLanmao) + "/product/9.htm";
      r.headers = {{"Location", to}};
    } else if (t.rfind("/calendar/", 0) == 0) {
      r.body = Links({"/calendar/" + std::to_string(std::stoi(t.substr(10)) + 1)});
    } else if (t == "/flaky") {
      if (++*flaky_calls == 1) {
        r.status = 429;
        r.headers = {{"Retry-After", "7"}};
      } else {
        r.body = "ok";
      }
    } else {
      r.status = 404;
    }
  } else if (req.host == kKuaigou) {
    if (t == "/robots.txt") {
      r.status = 404;  // no robots.txt: everything allowed
    } else if (t == "/") {
      r.body = Links({"/goods/detail?id=7", "/goods/detail?id=7&spm=q"});
    } else if (t.rfind("/goods/detail", 0) == 0 || t == "/promo/8") {
      r.body = Links({"/"});
    } else if (t.rfind("/calendar/", 0) == 0) {
      r.body = Links({"/calendar/" + std::to_string(std::stoi(t.substr(10)) + 1)});
    } else {
      r.status = 404;
    }
  } else if (req.host == kLanmao) {
    if (t == "/robots.txt") {
      r.status = 500;  // never reachable: disallow all
    } else {
      r.body = Links({"/product/1.htm"});
    }
  } else {
    r.error = FetchErrorKind::kDns;
  }
  return r;
}

config::CrawlScope Site(const std::string& id, const std::string& host) {
  config::CrawlScope s;
  s.id = id;
  s.hosts = {host};
  s.seeds = {Origin(host) + "/"};
  s.tracking_params = {"spm", "utm_source", "from"};
  s.item_url_pattern = R"(^/item/(\d+)\.html)";
  s.list_url_pattern = R"(^/category/)";
  s.max_depth = 5;
  s.concurrency = 4;
  return s;
}

CrawlOptions Options() {
  CrawlOptions o;
  o.workers = 2;
  o.retry_backoff_base_s = 2;
  return o;
}

struct Recorder {
  std::mutex mu;
  std::map<std::string, int> calls;  // url -> processor calls
  std::map<std::string, FetchResult> results;
  std::function<void()> on_page;

  PageProcessor Processor() {
    return [this](int, const FetchResult& r) {
      {
        std::lock_guard<std::mutex> lock(mu);
        ++calls[r.url];
        results[r.url] = r;
      }
      if (on_page) on_page();
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

// A web, a simulated clock and the env that joins them to a runner.
struct Sim {
  int flaky_calls = 0;
  SimulatedClock clock;
  FakeWeb web{[this](const FakeHit& h) { return Market(h, &flaky_calls); }};
  CrawlEnv env() { return CrawlEnv{web.Factory(), &clock}; }
  double Elapsed() const {
    return std::chrono::duration<double>(clock.Now() - clock.Start()).count();
  }
};

TEST(SweepRunner, CrawlsThreeSitesPolitelyAndCompletely) {
  Sim sim;
  Recorder rec;
  std::vector<config::CrawlScope> sites = {Site("tiantu", kTiantu), Site("kuaigou", kKuaigou),
                                           Site("lanmao", kLanmao)};
  sites[1].seeds.clear();  // reached through a link from tiantu
  SweepRunner runner(Options(), sites, rec.Processor(), sim.env());
  Status st = runner.Run();
  ASSERT_TRUE(st.ok()) << st.ToString();
  CrawlStats stats = runner.stats();
  const FakeWeb& m = sim.web;
  const std::string tt = Origin(kTiantu), kg = Origin(kKuaigou), lm = Origin(kLanmao);

  // The processor is called exactly once per page.
  for (const auto& [url, n] : rec.calls) EXPECT_EQ(n, 1) << url;

  // robots.txt Disallow honoured.
  EXPECT_EQ(m.Requests(kTiantu, "/cart/"), 0);
  EXPECT_GE(stats.robots_blocked, 1u);
  EXPECT_EQ(m.Requests(kTiantu, "/robots.txt"), 1);
  // robots.txt is asked before anything else of the origin.
  EXPECT_EQ(m.hits().front().target, "/robots.txt");

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

  // 429 + Retry-After: 7: the retry came exactly when the host said (plus
  // nothing: the clock is simulated), and the processor saw only the 200.
  std::vector<Clock::TimePoint> flaky = m.Times(kTiantu, "/flaky");
  ASSERT_EQ(flaky.size(), 2u);
  EXPECT_GE(flaky[1] - flaky[0], seconds(7));
  EXPECT_LT(flaky[1] - flaky[0], seconds(8));
  ASSERT_EQ(rec.results.count(tt + "/flaky"), 1u);
  EXPECT_EQ(rec.results[tt + "/flaky"].http_status, 200);
  EXPECT_EQ(rec.results[tt + "/flaky"].attempts, 2);
  EXPECT_GE(stats.retries, 1u);
  // Retry-After holds the whole host back, not only the URL that got the 429:
  // nothing starts between the answer (20 ms of latency after the request) and
  // the end of the wait.
  const Clock::TimePoint answered = flaky[0] + milliseconds(20);
  for (const FakeHit& h : m.hits()) {
    if (h.host == kTiantu && h.at > answered && h.at < answered + seconds(7))
      ADD_FAILURE() << h.target;
  }

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
  // Unreachable robots.txt (500): retried with backoff, then the whole host stays disallowed.
  std::vector<Clock::TimePoint> lm_robots = m.Times(kLanmao, "/robots.txt");
  EXPECT_EQ(static_cast<int>(lm_robots.size()), 1 + Options().max_retries);
  for (size_t i = 1; i < lm_robots.size(); ++i)
    EXPECT_GE(lm_robots[i] - lm_robots[i - 1], seconds(1)) << i;
  EXPECT_EQ(m.Requests(kLanmao, "/product"), 0);
  EXPECT_EQ(m.Requests(kLanmao, "/"), 1 + Options().max_retries);  // only robots.txt
  EXPECT_EQ(rec.calls.count(lm + "/"), 0u);

  // 404 reaches the processor as a final result; out-of-scope links are dropped.
  EXPECT_EQ(rec.results[tt + "/gone"].http_status, 404);
  EXPECT_GE(stats.out_of_scope, 2u);

  // Stats add up.
  EXPECT_EQ(stats.pages, rec.calls.size());
  EXPECT_EQ(stats.status_counts[200] + stats.status_counts[404] + stats.status_counts[0],
            stats.pages);
  EXPECT_GT(stats.per_host[tt].pages, 10u);
  EXPECT_EQ(stats.per_host[kg].pages, 2u + promo_queued);
  EXPECT_GE(stats.per_host[lm].robots_blocked, 1u);
  EXPECT_GT(stats.bytes, 0u);
  // The crawl waited out the Retry-After, so virtual time passed; nothing slept.
  EXPECT_GE(sim.Elapsed(), 7.0);
}

TEST(SweepRunner, PageCapBoundsALinkTrap) {
  Sim sim;
  Recorder rec;
  config::CrawlScope s = Site("tiantu", kTiantu);
  s.seeds = {Origin(kTiantu) + "/calendar/0"};
  s.max_depth = 1000;
  s.max_pages = 7;
  SweepRunner runner(Options(), {s}, rec.Processor(), sim.env());
  ASSERT_TRUE(runner.Run().ok());
  EXPECT_EQ(rec.calls.size(), 7u);
  EXPECT_GE(runner.stats().over_page_cap, 1u);
}

TEST(SweepRunner, MinDelaySpacesRequestsToAHost) {
  config::CrawlScope s = Site("kuaigou", kKuaigou);  // no robots.txt, so no sitemap either
  s.seeds = {Origin(kKuaigou) + "/calendar/0"};
  s.max_depth = 3;  // 4 pages
  s.min_delay_s = 1.5;
  s.concurrency = 1;
  {
    Sim sim;
    Recorder rec;
    SweepRunner runner(Options(), {s}, rec.Processor(), sim.env());
    ASSERT_TRUE(runner.Run().ok());
    EXPECT_EQ(rec.calls.size(), 4u);
    std::vector<Clock::TimePoint> t = sim.web.Times(kKuaigou, "/calendar/");
    ASSERT_EQ(t.size(), 4u);
    for (size_t i = 1; i < t.size(); ++i) EXPECT_GE(t[i] - t[i - 1], milliseconds(1500)) << i;
  }
  // politeness=false ignores the delay (benchmarks): the pages follow each
  // other at the pace of the responses (20 ms of simulated latency).
  Sim sim;
  Recorder fast;
  CrawlOptions o = Options();
  o.politeness = false;
  SweepRunner runner(o, {s}, fast.Processor(), sim.env());
  ASSERT_TRUE(runner.Run().ok());
  EXPECT_EQ(fast.calls.size(), 4u);
  std::vector<Clock::TimePoint> t = sim.web.Times(kKuaigou, "/calendar/");
  ASSERT_EQ(t.size(), 4u);
  EXPECT_LT(t.back() - t.front(), milliseconds(200));
}

TEST(SweepRunner, StopFinishesInFlightAndReturns) {
  Sim sim;
  Recorder rec;
  config::CrawlScope s = Site("tiantu", kTiantu);
  s.seeds = {Origin(kTiantu) + "/calendar/0"};
  s.max_depth = 1000000;
  s.min_delay_s = 0.5;
  SweepRunner runner(Options(), {s}, rec.Processor(), sim.env());
  int pages = 0;
  rec.on_page = [&] {
    if (++pages == 5) runner.Stop();  // from a worker thread, as a signal watcher would
  };
  Status st = runner.Run();
  EXPECT_EQ(st.code(), StatusCode::kCancelled);
  EXPECT_GE(rec.calls.size(), 5u);
  EXPECT_LE(rec.calls.size(), 6u);  // at most the one fetch in flight when Stop came
  EXPECT_EQ(runner.stats().pages, rec.calls.size());
}

TEST(SweepRunner, BadPatternIsConfigError) {
  Sim sim;
  config::CrawlScope s = Site("tiantu", kTiantu);
  s.deny = {"(unclosed"};
  SweepRunner runner(
      Options(), {s}, [](int, const FetchResult&) { return ProcessOutcome{}; }, sim.env());
  Status st = runner.Run();
  EXPECT_EQ(st.code(), StatusCode::kConfigInvalid);
  EXPECT_NE(st.message().find("(unclosed"), std::string::npos);
  EXPECT_TRUE(sim.web.hits().empty());
}

TEST(SweepRunner, HostThatKeepsFailingIsParkedAndEveryRequestIsLogged) {
  SimulatedClock clock;
  FakeWeb web([](const FakeHit& h) {
    FakeResponse r;
    r.status = h.target == "/robots.txt" ? 404 : 500;
    return r;
  });
  config::CrawlScope s;
  s.id = "broken";
  s.hosts = {kLanmao};
  for (int i = 0; i < 6; ++i) s.seeds.push_back(Origin(kLanmao) + "/p" + std::to_string(i));
  s.concurrency = 1;
  CrawlOptions o;
  o.max_retries = 0;
  o.park_after_failures = 3;
  o.park_base_s = 40;
  o.adaptive_delay = false;
  const std::string log_path = ::testing::TempDir() + "/sweep_runner_requests.jsonl";
  std::remove(log_path.c_str());
  o.log_path = log_path;
  Recorder rec;
  SweepRunner runner(o, {s}, rec.Processor(), CrawlEnv{web.Factory(), &clock});
  ASSERT_TRUE(runner.Run().ok());
  CrawlStats stats = runner.stats();
  EXPECT_EQ(stats.hosts_parked, 2u);  // after the 3rd and the 6th failure in a row
  // The 4th request waited out the parking instead of following the 3rd at once.
  std::vector<Clock::TimePoint> hits = web.Times(kLanmao, "/p");
  ASSERT_EQ(hits.size(), 6u);
  EXPECT_GE(hits[3] - hits[2], seconds(40));
  EXPECT_LT(hits[2] - hits[1], seconds(1));

  std::ifstream log(log_path);
  std::string line;
  int lines = 0, with_500 = 0;
  while (std::getline(log, line)) {
    ++lines;
    if (line.find("\"status\":500") != std::string::npos) ++with_500;
  }
  EXPECT_EQ(lines, 7);  // robots.txt and 6 pages
  EXPECT_EQ(with_500, 6);
}

// Seven pages of a host that takes 2 s per response, at most 4 at once.
std::vector<Clock::TimePoint> SlowHostRequestTimes(bool adaptive) {
  SimulatedClock clock;
  FakeWeb web([](const FakeHit& h) {
    FakeResponse r;
    if (h.target == "/robots.txt") {
      r.status = 404;
    } else {
      r.latency = milliseconds(2000);
    }
    return r;
  });
  config::CrawlScope s = Site("kuaigou", kKuaigou);
  s.seeds.clear();
  for (int i = 0; i < 7; ++i) s.seeds.push_back(Origin(kKuaigou) + "/p/" + std::to_string(i));
  s.concurrency = 4;
  CrawlOptions o = Options();
  o.adaptive_delay = adaptive;
  o.target_concurrency = 1.0;  // delay = latency
  Recorder rec;
  SweepRunner runner(o, {s}, rec.Processor(), CrawlEnv{web.Factory(), &clock});
  EXPECT_TRUE(runner.Run().ok());
  EXPECT_EQ(rec.calls.size(), 7u);
  return web.Times(kKuaigou, "/p/");
}

TEST(SweepRunner, AdaptiveDelayFollowsASlowHost) {
  // Without it: four at once, then the other three as soon as slots free up.
  std::vector<Clock::TimePoint> fixed = SlowHostRequestTimes(false);
  ASSERT_EQ(fixed.size(), 7u);
  EXPECT_EQ(fixed[3], fixed[0]);
  EXPECT_LT(fixed[6] - fixed[0], milliseconds(2100));
  // With it: once the host is known to take 2 s, requests start 2 s apart.
  std::vector<Clock::TimePoint> adaptive = SlowHostRequestTimes(true);
  ASSERT_EQ(adaptive.size(), 7u);
  for (size_t i = 5; i < 7; ++i) EXPECT_GE(adaptive[i] - adaptive[i - 1], milliseconds(2000)) << i;
  EXPECT_GE(adaptive[6] - adaptive[0], milliseconds(6000));
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
  Sim sim;
  Recorder rec;
  std::vector<config::CrawlScope> sites = {Site("tiantu", kTiantu), Site("kuaigou", kKuaigou)};
  CrawlOptions o = Options();
  o.frontier_window = 2;
  SweepRunner runner(o, sites, rec.Processor(), sim.env());
  MemoryJournal journal(-1);
  runner.SetJournal(&journal);
  ASSERT_TRUE(runner.Run().ok());
  for (const auto& [url, n] : rec.calls) EXPECT_EQ(n, 1) << url;
  EXPECT_EQ(rec.calls.count(Origin(kTiantu) + "/item/100.html"), 1u);  // from the sitemap
  EXPECT_EQ(rec.calls.count(Origin(kTiantu) + "/item/3.html"), 1u);
  CrawlStats stats = runner.stats();
  EXPECT_GT(stats.peak_queued, stats.peak_queued_in_memory);
  EXPECT_EQ(stats.queued, 0u);
}

TEST(SweepRunner, AFailingJournalStopsTheSweepWithItsError) {
  Sim sim;
  Recorder rec;
  CrawlOptions o = Options();
  o.frontier_window = 2;
  SweepRunner runner(o, {Site("tiantu", kTiantu)}, rec.Processor(), sim.env());
  MemoryJournal journal(3);
  runner.SetJournal(&journal);
  Status st = runner.Run();
  EXPECT_EQ(st.code(), StatusCode::kStorage) << st.ToString();
  EXPECT_NE(st.message().find("disk full"), std::string::npos) << st.ToString();
  EXPECT_LT(rec.calls.size(), 10u);  // stopped early instead of crawling on
}

TEST(SweepRunner, ResumeWithoutAJournalIsAnError) {
  Sim sim;
  Recorder rec;
  SweepRunner runner(Options(), {Site("tiantu", kTiantu)}, rec.Processor(), sim.env());
  runner.Resume({});
  EXPECT_EQ(runner.Run().code(), StatusCode::kInvalidArgument);
}

// The default env: libcurl over loopback and real time. No timing is asserted.
TEST(SweepRunner, CrawlsOverRealHttpWithTheDefaultEnv) {
  using testing::TestHttpServer;
  using testing::TestRequest;
  using testing::TestResponse;
  TestHttpServer server([](const TestRequest& req) {
    TestResponse r;
    r.headers = {{"Content-Type", "text/plain"}};
    if (req.target == "/robots.txt") {
      r.body = "User-agent: *\nDisallow: /private/\n";
    } else if (req.target == "/") {
      r.body = Links({"/item/1.html", "/item/2.html?spm=x", "/item/2.html", "/private/x", "/old"});
    } else if (req.target == "/old") {
      r.status = 301;
      r.headers.emplace_back("Location", "/item/3.html");
    } else {
      r.body = Links({"/"});
    }
    return r;
  });
  const std::string origin = "http://" + std::string(kTiantu) + ":" + std::to_string(server.port());
  config::CrawlScope s = Site("tiantu", kTiantu);
  s.seeds = {origin + "/"};
  CrawlOptions o = Options();
  o.resolve = {std::string(kTiantu) + ":" + std::to_string(server.port()) + ":127.0.0.1"};
  o.allow_private = true;
  o.retry_backoff_base_s = 0.02;
  Recorder rec;
  SweepRunner runner(o, {s}, rec.Processor());
  ASSERT_TRUE(runner.Run().ok());
  EXPECT_EQ(rec.calls.size(), 4u);  // /, item 1, item 2, /old (followed to item 3)
  EXPECT_EQ(server.count(kTiantu, "/item/2.html"), 1);
  EXPECT_EQ(server.count(kTiantu, "/private/x"), 0);
  EXPECT_EQ(rec.results[origin + "/old"].final_url, origin + "/item/3.html");
  EXPECT_EQ(rec.results[origin + "/old"].remote_ip, "127.0.0.1");
  EXPECT_EQ(runner.stats().robots_blocked, 1u);
}

}  // namespace
}  // namespace shouhu::crawler
