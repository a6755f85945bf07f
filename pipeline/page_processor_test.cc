// The PageProcessor without a network: pages rendered by the demo market
// (tests/market, as the server would send them) become FetchResults, go
// through a SweepSession's processor and are read back from the database.
#include "pipeline/page_processor.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <set>

#include "base/time.h"
#include "base/url.h"
#include "crawler/simulated_clock.h"
#include "evidence/evidence_verify.h"
#include "evidence/ledger.h"
#include "pipeline/ground_truth.h"
#include "pipeline/sweep_session.h"
#include "storage/database.h"
#include "tests/market/market.h"

namespace shouhu::pipeline {
namespace {
namespace fs = std::filesystem;

constexpr int kPort = 18080;  // only in URLs: nothing is fetched

struct Fixture {
  fs::path dir;
  market::MarketOptions market;
  std::unique_ptr<market::MarketSite> site;
  crawler::SimulatedClock clock;
  SweepConfig config;
  std::unique_ptr<SweepSession> session;
  std::vector<std::string> problems;

  explicit Fixture(const std::string& name) {
    dir = fs::path(SHOUHU_BINARY_DIR) / "test-output" / name;
    fs::remove_all(dir);
    fs::create_directories(dir);
    market.seed = 11;
    market.listings = 30;
    market.faults = market::FaultOptions::None();
    site = std::make_unique<market::MarketSite>(market);
    auto c =
        MakeDemoSweepConfig(std::string(SHOUHU_SOURCE_DIR) + "/config", kPort, dir.string(), 1);
    EXPECT_TRUE(c.ok()) << c.status().ToString();
    config = std::move(c).value();
    auto s =
        SweepSession::Open(config, clock, [this](const std::string& p) { problems.push_back(p); });
    EXPECT_TRUE(s.ok()) << s.status().ToString();
    session = std::move(s).value();
  }

  int SiteIndex(const std::string& id) const {
    for (size_t i = 0; i < config.sites.size(); ++i) {
      if (config.sites[i].id == id) return static_cast<int>(i);
    }
    ADD_FAILURE() << "no site " << id;
    return 0;
  }

  // The page as the market serves it, as a fetch result.
  crawler::FetchResult Fetch(const std::string& url) const {
    Result<Url> u = ParseUrl(url);
    EXPECT_TRUE(u.ok()) << url;
    market::Response page = site->Render(u->host, u->PathAndQuery());
    crawler::FetchResult r;
    r.url = url;
    r.final_url = url;
    r.http_status = page.status;
    r.body = page.body;
    r.content_type = std::string(page.Header("Content-Type"));
    r.remote_ip = "127.0.0.1";
    r.fetched_at = FormatRfc3339Millis(clock.WallNow());
    r.request_head = "GET " + u->PathAndQuery() + " HTTP/1.1\r\nHost: " + u->host + "\r\n\r\n";
    r.response_head = "HTTP/1.1 " + std::to_string(page.status) +
                      " OK\r\nContent-Type: " + r.content_type + "\r\n\r\n";
    return r;
  }

  std::string ItemUrl(int64_t index) const {
    market::ListingTruth t = market::TruthFor(market, index);
    return "http://" + market::Platforms()[static_cast<size_t>(index % 3)].host + ":" +
           std::to_string(kPort) + t.url_path;
  }
};

// A listing whose expected categories do not depend on the CCC registry
// (none is imported here), with at least one of them.
int64_t ListingWithFindings(const market::MarketOptions& m, int platform) {
  for (int64_t i = platform; i < m.listings; i += 3) {
    market::ListingTruth t = market::TruthFor(m, i);
    bool registry = false;
    for (const std::string& c : t.expected) registry = registry || c.rfind("ccc.", 0) == 0;
    if (t.in_scope && !t.expected.empty() && !registry) return i;
  }
  ADD_FAILURE() << "no such listing";
  return platform;
}

TEST(PageProcessor, ItemAndShopPageBecomeAStoredListingWithFindingsAndEvidence) {
  Fixture f("page-processor-item");
  const int64_t index = ListingWithFindings(f.market, 0);
  const market::ListingTruth truth = market::TruthFor(f.market, index);
  const int site = f.SiteIndex(truth.site);
  PageProcessor& p = f.session->processor();

  crawler::ProcessOutcome item = p.Process(site, f.Fetch(f.ItemUrl(index)));
  // The listing's shop page is among the links, so the crawler fetches it.
  ASSERT_FALSE(item.links.empty());
  const std::string shop_url = ResolveReference(item.base_url, item.links.back());
  EXPECT_NE(shop_url.find("shop"), std::string::npos) << shop_url;
  // The item page waits for its shop page's licence data...
  EXPECT_EQ(p.counters().listings_with_shop.load(), 0);
  p.Process(site, f.Fetch(shop_url));
  // ...and is evaluated with it once it comes.
  EXPECT_EQ(p.counters().listings_with_shop.load(), 1);
  EXPECT_EQ(p.counters().shops.load(), 1);

  auto report = f.session->Finish({}, Status::Ok(), /*interrupted=*/false);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->listings, 1);
  EXPECT_EQ(report->new_versions, 1);
  EXPECT_EQ(report->item_pages, 1);
  EXPECT_EQ(report->storage_errors, 0);
  EXPECT_TRUE(f.problems.empty()) << f.problems.front();
  ASSERT_EQ(report->warc_files.size(), 1u);

  // The stored findings are the listing's expected categories.
  auto found = LoadFoundCategories(f.config.db_path, report->sweep_id);
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  ASSERT_EQ(found->count({truth.site, truth.item_id}), 1u);
  EXPECT_EQ(found->at({truth.site, truth.item_id}),
            std::set<std::string>(truth.expected.begin(), truth.expected.end()));

  // Item and shop captures are in the WARC file and the ledger holds.
  auto db = storage::Database::Open(f.config.db_path);
  ASSERT_TRUE(db.ok());
  auto verified = evidence::VerifyEvidence(**db);
  ASSERT_TRUE(verified.ok()) << verified.status().ToString();
  EXPECT_TRUE(verified->ok()) << verified->problem->reason;
  EXPECT_EQ(verified->entries_checked,
            1 + 3 + 3);  // warcinfo, item and shop request/response/metadata
}

TEST(PageProcessor, AnItemPageWhoseShopPageNeverComesIsStoredAtTheEnd) {
  Fixture f("page-processor-no-shop");
  const int64_t index = ListingWithFindings(f.market, 0);
  PageProcessor& p = f.session->processor();
  p.Process(f.SiteIndex(market::TruthFor(f.market, index).site), f.Fetch(f.ItemUrl(index)));
  auto report = f.session->Finish({}, Status::Ok(), false);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->listings, 1);
  EXPECT_EQ(report->listings_with_shop, 0);
}

TEST(PageProcessor, FailedFetchesAndListPagesStoreNoListing) {
  Fixture f("page-processor-failures");
  PageProcessor& p = f.session->processor();
  const int site = f.SiteIndex("tiantu");
  crawler::FetchResult gone = f.Fetch(f.ItemUrl(0));
  gone.http_status = 404;
  gone.body.clear();
  EXPECT_TRUE(p.Process(site, gone).links.empty());
  crawler::FetchResult refused;
  refused.url = "http://mall.tiantu.test:" + std::to_string(kPort) + "/item/1.html";
  refused.error = Status(StatusCode::kFetchFailed, "timeout: simulated");
  refused.error_kind = crawler::FetchErrorKind::kTimeout;
  p.Process(site, refused);
  // The home page is a list of links, not a listing.
  crawler::ProcessOutcome home =
      p.Process(site, f.Fetch("http://mall.tiantu.test:" + std::to_string(kPort) + "/"));
  EXPECT_GT(home.links.size(), 5u);
  auto report = f.session->Finish({}, Status::Ok(), false);
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->pages, 3);
  EXPECT_EQ(report->listings, 0);
  EXPECT_EQ(report->item_pages, 0);
}

TEST(SweepSession, OpenFailsOnABadRulePackBeforeAnyStorage) {
  const fs::path dir = fs::path(SHOUHU_BINARY_DIR) / "test-output" / "session-bad-rules";
  fs::remove_all(dir);
  auto config =
      MakeDemoSweepConfig(std::string(SHOUHU_SOURCE_DIR) + "/config", kPort, dir.string(), 1);
  ASSERT_TRUE(config.ok());
  config->rules_dir = (dir / "no-such-rules").string();
  crawler::SimulatedClock clock;
  auto s = SweepSession::Open(*config, clock);
  ASSERT_FALSE(s.ok());
  EXPECT_FALSE(fs::exists(config->db_path));
  config->rules_dir = std::string(SHOUHU_SOURCE_DIR) + "/config/rules";
  config->require_resume = true;
  auto resumed = SweepSession::Open(*config, clock);
  ASSERT_FALSE(resumed.ok());
  EXPECT_EQ(resumed.status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace shouhu::pipeline
