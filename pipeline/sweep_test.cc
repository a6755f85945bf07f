// RunSweep end to end without sockets: the demo market's pages served by a
// FakeWeb on a SimulatedClock, through the real session, processor, storage,
// evidence and rules — the whole pipeline in virtual time.
#include "pipeline/sweep.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "base/url.h"
#include "crawler/fake_fetcher.h"
#include "crawler/simulated_clock.h"
#include "pipeline/ground_truth.h"
#include "tests/market/market.h"
#include "tests/market_web.h"

namespace shouhu::pipeline {
namespace {
namespace fs = std::filesystem;

using testing_util::MarketWeb;

TEST(RunSweep, TheDemoMarketOverAFakeWebInVirtualTime) {
  const fs::path dir = fs::path(SHOUHU_BINARY_DIR) / "test-output" / "sweep-fake-web";
  fs::remove_all(dir);
  market::MarketOptions m;
  m.seed = 5;
  m.listings = 90;
  m.faults = market::FaultOptions::None();
  m.faults.redirects = true;
  m.faults.trap = true;
  m.faults.tracking = true;
  const std::string truth_path = (dir / "truth.jsonl").string();
  fs::create_directories(dir);
  ASSERT_TRUE(market::WriteGroundTruth(m, truth_path).ok());
  MarketWeb web(m);
  crawler::SimulatedClock clock;
  auto config =
      MakeDemoSweepConfig(std::string(SHOUHU_SOURCE_DIR) + "/config", 8080, dir.string(), 2);
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  // Politeness on as shipped, plus a delay of our own: the clock is simulated.
  for (parsers::SiteProfile& s : config->sites) s.min_delay_s = 0.5;
  config->crawl.allow_private = false;  // the fake web has no addresses to refuse
  SweepEnv env;
  env.crawl = crawler::CrawlEnv{web.web.Factory(), &clock};
  auto report = RunSweep(*config, nullptr, env);
  ASSERT_TRUE(report.ok()) << report.status().ToString();

  EXPECT_EQ(report->listings, 90);
  EXPECT_EQ(report->listings_with_shop, report->item_pages);
  EXPECT_FALSE(report->interrupted);
  // Every item page of a platform at least 0.5 s after the one before: the
  // crawl took that long in virtual time, and nothing slept.
  for (size_t k = 0; k < 3; ++k) {
    const market::Platform& p = market::Platforms()[k];
    // The platform's item URLs, up to the item id.
    const std::string path = market::TruthFor(m, static_cast<int64_t>(k)).url_path;
    const std::string item_prefix = path.substr(0, path.find_first_of("0123456789"));
    std::vector<crawler::Clock::TimePoint> t = web.web.Times(p.host, item_prefix);
    ASSERT_GE(t.size(), 30u) << p.host;
    for (size_t i = 1; i < t.size(); ++i)
      ASSERT_GE(t[i] - t[i - 1], std::chrono::milliseconds(500)) << p.host;
    EXPECT_GE(report->elapsed_s, 0.5 * static_cast<double>(t.size() - 1));
  }

  auto truth = LoadGroundTruth(truth_path);
  ASSERT_TRUE(truth.ok());
  auto found = LoadFoundCategories(config->db_path, report->sweep_id);
  ASSERT_TRUE(found.ok());
  Score score = ScoreAgainst(*truth, *found);
  EXPECT_EQ(score.listings_unknown, 0);
  for (const CategoryScore& c : score.categories) {
    if (c.category.rfind("ccc.", 0) == 0) continue;  // no registry imported here
    SCOPED_TRACE(c.category);
    EXPECT_GE(c.precision(), 0.9);
    EXPECT_GE(c.recall(), 0.9);
  }

  // Running it again starts a new sweep: the first one finished.
  auto again = RunSweep(*config, nullptr, env);
  ASSERT_TRUE(again.ok());
  EXPECT_NE(again->sweep_id, report->sweep_id);
  EXPECT_FALSE(again->resumed);
  EXPECT_EQ(again->new_versions, 0);  // the pages did not change
}

TEST(RunSweep, AStopBeforeTheFirstFetchLeavesAResumableSweep) {
  const fs::path dir = fs::path(SHOUHU_BINARY_DIR) / "test-output" / "sweep-stop";
  fs::remove_all(dir);
  market::MarketOptions m;
  m.seed = 5;
  m.listings = 12;
  m.faults = market::FaultOptions::None();
  MarketWeb web(m);
  crawler::SimulatedClock clock;
  auto config =
      MakeDemoSweepConfig(std::string(SHOUHU_SOURCE_DIR) + "/config", 8080, dir.string(), 1);
  ASSERT_TRUE(config.ok());
  SweepEnv env;
  env.crawl = crawler::CrawlEnv{web.web.Factory(), &clock};
  std::atomic<bool> stop{true};
  auto stopped = RunSweep(*config, &stop, env);
  ASSERT_TRUE(stopped.ok()) << stopped.status().ToString();
  EXPECT_TRUE(stopped->interrupted);
  config->require_resume = true;
  auto resumed = RunSweep(*config, nullptr, env);
  ASSERT_TRUE(resumed.ok()) << resumed.status().ToString();
  EXPECT_TRUE(resumed->resumed);
  EXPECT_EQ(resumed->sweep_id, stopped->sweep_id);
  EXPECT_EQ(resumed->listings, 12);
}

}  // namespace
}  // namespace shouhu::pipeline
