#include "crawler/robots_cache.h"

#include <gtest/gtest.h>

namespace shouhu::crawler {
namespace {

FetchResult Answer(int status, std::string body = "") {
  FetchResult r;
  r.http_status = status;
  r.body = std::move(body);
  return r;
}

FetchResult Failure(FetchErrorKind kind) {
  FetchResult r;
  r.error = Status(StatusCode::kFetchFailed, "x");
  r.error_kind = kind;
  return r;
}

const char kO[] = "http://shop.test";

TEST(RobotsCache, TwoHundredIsParsed) {
  RobotsCache c("shouhu", 3);
  EXPECT_EQ(c.StartFetch(kO), 1);
  EXPECT_FALSE(c.Known(kO));
  ASSERT_TRUE(c.Record(
      kO,
      Answer(200,
             "User-agent: *\nDisallow: /cart/\nCrawl-delay: 2\nSitemap: http://shop.test/s.xml\n"),
      true));
  EXPECT_TRUE(c.Known(kO));
  EXPECT_FALSE(c.Allowed(kO, "http://shop.test/cart/1"));
  EXPECT_TRUE(c.Allowed(kO, "http://shop.test/item/1"));
  EXPECT_EQ(c.CrawlDelay(kO), 2.0);
  ASSERT_EQ(c.Sitemaps(kO).size(), 1u);
}

// RFC 9309 §2.3.1.3: 4xx is "unavailable" — allow all; so are redirect
// loops and chains that are too long (§2.3.1.2).
TEST(RobotsCache, UnavailableAllowsAll) {
  for (const FetchResult& r : {Answer(404), Answer(401), Failure(FetchErrorKind::kRedirectLoop),
                               Failure(FetchErrorKind::kTooManyRedirects)}) {
    RobotsCache c("shouhu", 3);
    c.StartFetch(kO);
    ASSERT_TRUE(c.Record(kO, r, true));
    EXPECT_TRUE(c.Allowed(kO, "http://shop.test/anything"));
  }
}

// §2.3.1.4: 5xx, 429 and no answer are "unreachable": retried, then disallow all.
TEST(RobotsCache, UnreachableIsRetriedThenDisallowsAll) {
  for (const FetchResult& r : {Answer(500), Answer(429), Failure(FetchErrorKind::kTimeout)}) {
    RobotsCache c("shouhu", 2);
    c.StartFetch(kO);
    EXPECT_FALSE(c.Record(kO, r, true));  // attempt 1: retry
    c.StartFetch(kO);
    EXPECT_FALSE(c.Record(kO, r, true));  // attempt 2: retry
    EXPECT_EQ(c.StartFetch(kO), 3);
    ASSERT_TRUE(c.Record(kO, r, true));  // out of retries
    EXPECT_FALSE(c.Allowed(kO, "http://shop.test/"));
  }
}

TEST(RobotsCache, AStoppingCrawlDoesNotRetry) {
  RobotsCache c("shouhu", 5);
  c.StartFetch(kO);
  ASSERT_TRUE(c.Record(kO, Answer(503), /*may_retry=*/false));
  EXPECT_FALSE(c.Allowed(kO, "http://shop.test/"));
}

TEST(RobotsCache, UnknownOriginIsNeverAllowed) {
  RobotsCache c("shouhu", 1);
  EXPECT_FALSE(c.Allowed("http://never.test", "http://never.test/"));
  EXPECT_TRUE(c.Sitemaps("http://never.test").empty());
}

}  // namespace
}  // namespace shouhu::crawler
