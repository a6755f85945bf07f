#include "crawler/scope.h"

#include <gtest/gtest.h>

namespace shouhu::crawler {
namespace {

config::CrawlScope Tiantu() {
  config::CrawlScope s;
  s.id = "tiantu";
  s.file = "tiantu.toml";
  s.hosts = {"Mall.Tiantu.Test"};
  s.deny = {"^/api/"};
  s.tracking_params = {"spm"};
  s.item_url_pattern = R"(^/item/(\d+)\.html)";
  s.shop_url_pattern = R"(^/shop/(\w+))";
  s.list_url_pattern = R"(^/category/)";
  return s;
}

std::optional<ScopedUrl> Classify(const CrawlScopes& scopes, const std::string& url,
                                  bool patterns = true, int fallback = -1) {
  return scopes.Classify(*ParseUrl(url), patterns, fallback);
}

TEST(CrawlScopes, HostsPatternsAndPriorities) {
  auto scopes = CrawlScopes::Compile({Tiantu()});
  ASSERT_TRUE(scopes.ok()) << scopes.status().ToString();
  auto item = Classify(*scopes, "http://mall.tiantu.test/item/7.html?spm=x&b=1");
  ASSERT_TRUE(item);
  EXPECT_EQ(item->url, "http://mall.tiantu.test/item/7.html?b=1");
  EXPECT_EQ(item->origin, "http://mall.tiantu.test");
  EXPECT_EQ(item->priority, UrlPriority::kItem);
  EXPECT_EQ(Classify(*scopes, "http://mall.tiantu.test/shop/s1")->priority, UrlPriority::kShop);
  EXPECT_EQ(Classify(*scopes, "http://mall.tiantu.test/category/toy")->priority,
            UrlPriority::kList);
  EXPECT_EQ(Classify(*scopes, "http://mall.tiantu.test/help")->priority, UrlPriority::kOther);
  // deny wins; unknown host, other schemes out.
  EXPECT_FALSE(Classify(*scopes, "http://mall.tiantu.test/api/x"));
  EXPECT_FALSE(Classify(*scopes, "http://other.test/item/7.html"));
  EXPECT_FALSE(Classify(*scopes, "ftp://mall.tiantu.test/item/7.html"));
}

TEST(CrawlScopes, OperatorNamedUrlsSkipPatternsAndMayNameAnotherHost) {
  auto scopes = CrawlScopes::Compile({Tiantu()});
  ASSERT_TRUE(scopes.ok());
  EXPECT_TRUE(Classify(*scopes, "http://mall.tiantu.test/api/seed", /*patterns=*/false));
  auto cdn = Classify(*scopes, "http://cdn.tiantu.test/sitemap.xml", false, /*fallback=*/0);
  ASSERT_TRUE(cdn);
  EXPECT_EQ(cdn->site, 0);
}

TEST(CrawlScopes, AllowListLimitsTheSite) {
  config::CrawlScope s = Tiantu();
  s.allow = {"^/item/", "^/$"};
  auto scopes = CrawlScopes::Compile({s});
  ASSERT_TRUE(scopes.ok());
  EXPECT_TRUE(Classify(*scopes, "http://mall.tiantu.test/"));
  EXPECT_TRUE(Classify(*scopes, "http://mall.tiantu.test/item/1.html"));
  EXPECT_FALSE(Classify(*scopes, "http://mall.tiantu.test/category/toy"));
}

TEST(CrawlScopes, ABadPatternNamesFileSiteAndPattern) {
  config::CrawlScope s = Tiantu();
  s.allow = {"(open"};
  auto scopes = CrawlScopes::Compile({s});
  ASSERT_FALSE(scopes.ok());
  EXPECT_EQ(scopes.status().code(), StatusCode::kConfigInvalid);
  EXPECT_NE(scopes.status().message().find("tiantu.toml: site 'tiantu': allow pattern '(open'"),
            std::string::npos)
      << scopes.status().message();
}

}  // namespace
}  // namespace shouhu::crawler
