// The crawler's behaviours against the demo marketplace itself (not a fixture
// server): robots.txt honoured, 429 + Retry-After waited and retried, the calendar
// trap bounded, tracking-parameter duplicates collapsed, a redirect loop stopped,
// and a private address refused when the sweep does not allow it.
#include <gtest/gtest.h>

#include <map>
#include <mutex>
#include <set>
#include <string>

#include "crawler/sweep_runner.h"
#include "parsers/page_extractor.h"
#include "pipeline/sweep_config.h"
#include "tests/market/market.h"

namespace shouhu {
namespace {

struct Crawl {
  crawler::CrawlStats stats;
  std::vector<crawler::FetchResult> pages;  // every result handed to the processor
  uint64_t served = 0;                      // requests the market answered
};

Crawl CrawlMarket(market::FaultOptions faults, bool allow_private, int64_t listings = 90) {
  market::MarketOptions m;
  m.seed = 11;
  m.listings = listings;
  m.faults = faults;
  market::MarketServer server(m);
  EXPECT_TRUE(server.Start(0, 2).ok());
  auto config = pipeline::MakeDemoSweepConfig(std::string(SHOUHU_SOURCE_DIR) + "/config",
                                              server.port(), ::testing::TempDir(), 2);
  EXPECT_TRUE(config.ok()) << config.status().ToString();
  crawler::CrawlOptions options = config->crawl;
  options.allow_private = allow_private;
  options.retry_backoff_base_s = 0.05;
  options.max_retries = 1;  // private-address refusals are not retried for long
  std::mutex mu;
  Crawl crawl;
  crawler::SweepRunner runner(
      options, {config->sites.begin(), config->sites.end()},
      [&](int site_index, const crawler::FetchResult& r) {
        const parsers::SiteProfile& site = config->sites[static_cast<size_t>(site_index)];
        {
          std::lock_guard<std::mutex> lock(mu);
          crawl.pages.push_back(r);
        }
        crawler::ProcessOutcome out;
        if (!r.error.ok() || r.http_status != 200) return out;
        parsers::FetchedPage page{r.final_url, r.content_type, r.body, r.fetched_at};
        auto extracted = parsers::ExtractPage(site, page);
        if (!extracted.ok()) return out;
        out.base_url = extracted->base_url.empty() ? r.final_url : extracted->base_url;
        out.links = extracted->links;
        if (extracted->listing && extracted->listing->shop.url)
          out.links.push_back(*extracted->listing->shop.url);
        return out;
      });
  EXPECT_TRUE(runner.Run().ok());
  crawl.stats = runner.stats();
  crawl.served = server.requests_served();
  server.Stop();
  return crawl;
}

// item id -> how many times the processor saw a page of it (the platforms' item
// URLs: /item/ID.html, /goods/detail?id=ID, /product/ID.htm — doc/market.md).
std::map<std::string, int> ItemPages(const Crawl& crawl) {
  std::map<std::string, int> items;
  for (const auto& r : crawl.pages) {
    const std::string& url = r.final_url.empty() ? r.url : r.final_url;
    for (const char* marker : {"/item/", "id=", "/product/"}) {
      auto at = url.find(marker);
      if (at == std::string::npos) continue;
      std::string id;
      for (size_t i = at + std::string(marker).size();
           i < url.size() && isdigit(static_cast<unsigned char>(url[i])); ++i)
        id += url[i];
      if (!id.empty()) ++items[id];
      break;
    }
  }
  return items;
}

TEST(CrawlMarket, RobotsRetryAfterTrapAndTrackingDuplicates) {
  market::FaultOptions f;
  f.rate_429 = 0.1;
  f.trap = true;
  f.tracking = true;
  Crawl crawl = CrawlMarket(f, /*allow_private=*/true);

  // robots.txt: every platform disallows /cart/, which every home page links to.
  EXPECT_GT(crawl.stats.robots_blocked, 0u);
  for (const auto& r : crawl.pages) EXPECT_EQ(r.url.find("/cart/"), std::string::npos) << r.url;

  // 429 + Retry-After: retried after the wait, never handed on as a final result.
  EXPECT_GT(crawl.stats.retries, 0u);
  for (const auto& r : crawl.pages) EXPECT_NE(r.http_status, 429) << r.url;

  // The calendar trap links month to month forever; depth caps it.
  int calendar = 0;
  for (const auto& r : crawl.pages) calendar += r.url.find("/calendar/") != std::string::npos;
  EXPECT_GT(calendar, 0);
  EXPECT_LE(calendar, 3 * 2 * 9);  // 3 platforms, both directions, depth ≤ 8 from a seed

  // Tracking-parameter variants of an item collapse to one fetch; every item is reached.
  std::map<std::string, int> items = ItemPages(crawl);
  EXPECT_EQ(items.size(), 90u);
  for (const auto& [id, n] : items) EXPECT_EQ(n, 1) << "item " << id;
  EXPECT_GT(crawl.stats.duplicates, 0u);
}

TEST(CrawlMarket, RedirectLoopIsStoppedAndChainsAreFollowed) {
  market::FaultOptions f;
  f.redirects = true;
  Crawl crawl = CrawlMarket(f, /*allow_private=*/true, 60);
  EXPECT_GE(crawl.stats.errors_by_class["redirect_loop"], 1u);
  bool followed_chain = false;
  for (const auto& r : crawl.pages) {
    if (r.url.find("/r/") != std::string::npos && r.http_status == 200 && r.redirects > 0)
      followed_chain = true;
  }
  EXPECT_TRUE(followed_chain);
  EXPECT_EQ(ItemPages(crawl).size(), 60u);
}

TEST(CrawlMarket, LoopbackMarketIsRefusedUnlessTheSweepAllowsPrivateAddresses) {
  Crawl crawl = CrawlMarket(market::FaultOptions::None(), /*allow_private=*/false, 30);
  EXPECT_EQ(crawl.served, 0u) << "not one request may reach a loopback address";
  EXPECT_TRUE(crawl.pages.empty());
  EXPECT_GT(crawl.stats.robots_fetches, 0u);
}

}  // namespace
}  // namespace shouhu
