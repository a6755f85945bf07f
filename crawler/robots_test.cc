// RobotsTxt unit tests, named after the RFC 9309 section they exercise.
#include "crawler/robots.h"

#include <gtest/gtest.h>

namespace shouhu::crawler {
namespace {

bool IsUserAgentAllowed(std::string_view robots, std::string_view agent, std::string_view url) {
  return RobotsTxt::Parse(robots).Allowed(agent, RobotsPathFromUrl(url));
}

TEST(Robots, Rfc9309_2_1_GroupsStartWithUserAgentLines) {
  const char* txt =
      "user-agent: a\nuser-agent: b\ndisallow: /x\n"
      "user-agent: c\ndisallow: /y\n";
  EXPECT_FALSE(IsUserAgentAllowed(txt, "a", "http://h/x"));
  EXPECT_FALSE(IsUserAgentAllowed(txt, "b", "http://h/x"));
  EXPECT_TRUE(IsUserAgentAllowed(txt, "c", "http://h/x"));
  EXPECT_FALSE(IsUserAgentAllowed(txt, "c", "http://h/y"));
}

TEST(Robots, Rfc9309_2_1_RulesBeforeAnyUserAgentAreIgnored) {
  EXPECT_TRUE(IsUserAgentAllowed("disallow: /\nuser-agent: a\nallow: /z\n", "a", "http://h/x"));
}

TEST(Robots, Rfc9309_2_2_1_ProductTokenMatchesCaseInsensitively) {
  const char* txt = "User-Agent: SHOUHU\nDisallow: /cart/\n";
  EXPECT_FALSE(IsUserAgentAllowed(txt, "shouhu/0.1 (+market supervision)", "http://h/cart/1"));
  EXPECT_TRUE(IsUserAgentAllowed(txt, "otherbot", "http://h/cart/1"));
}

TEST(Robots, Rfc9309_2_2_1_SpecificGroupReplacesGlobal) {
  const char* txt = "user-agent: *\ndisallow: /\nuser-agent: shouhu\nallow: /item\n";
  EXPECT_TRUE(IsUserAgentAllowed(txt, "shouhu", "http://h/anything"));
  EXPECT_FALSE(IsUserAgentAllowed(txt, "other", "http://h/item"));
}

TEST(Robots, Rfc9309_2_2_1_GroupsForOneAgentAreMerged) {
  const char* txt =
      "user-agent: a\ndisallow: /x\nuser-agent: b\ndisallow: /z\nuser-agent: a\ndisallow: /y\n";
  EXPECT_FALSE(IsUserAgentAllowed(txt, "a", "http://h/x"));
  EXPECT_FALSE(IsUserAgentAllowed(txt, "a", "http://h/y"));
  EXPECT_TRUE(IsUserAgentAllowed(txt, "a", "http://h/z"));
}

TEST(Robots, Rfc9309_2_2_2_LongestMatchWins) {
  const char* txt = "user-agent: *\ndisallow: /item\nallow: /item/ok\n";
  EXPECT_FALSE(IsUserAgentAllowed(txt, "x", "http://h/item/1"));
  EXPECT_TRUE(IsUserAgentAllowed(txt, "x", "http://h/item/ok.html"));
}

TEST(Robots, Rfc9309_2_2_2_AllowWinsTie) {
  EXPECT_TRUE(IsUserAgentAllowed("user-agent: *\ndisallow: /a\nallow: /a\n", "x", "http://h/a"));
}

TEST(Robots, Rfc9309_2_2_2_EmptyDisallowAllowsAll) {
  EXPECT_TRUE(IsUserAgentAllowed("user-agent: *\ndisallow:\n", "x", "http://h/a"));
}

TEST(Robots, Rfc9309_2_2_2_PercentEncodingNormalisedInPatterns) {
  EXPECT_FALSE(IsUserAgentAllowed("user-agent: *\ndisallow: /中\n", "x", "http://h/%E4%B8%AD"));
  EXPECT_FALSE(
      IsUserAgentAllowed("user-agent: *\ndisallow: /%e4%b8%ad\n", "x", "http://h/%E4%B8%AD"));
}

TEST(Robots, Rfc9309_2_2_3_WildcardAndEndAnchor) {
  const char* txt = "user-agent: *\ndisallow: /*.php$\ndisallow: /s*q=\n";
  EXPECT_FALSE(IsUserAgentAllowed(txt, "x", "http://h/a/b.php"));
  EXPECT_TRUE(IsUserAgentAllowed(txt, "x", "http://h/a/b.php?x=1"));
  EXPECT_FALSE(IsUserAgentAllowed(txt, "x", "http://h/search?q=1"));
  EXPECT_TRUE(RobotsPatternMatches("/anything", "/*"));
  EXPECT_TRUE(RobotsPatternMatches("/", "/$"));
  EXPECT_FALSE(RobotsPatternMatches("/a", "/$"));
}

TEST(Robots, Rfc9309_2_2_4_OtherRecordsAndInvalidLinesIgnored) {
  const char* txt =
      "user-agent: *\nfoo: bar\nthis line is junk\n\xff\xfe\ndisallow: /x # comment\n";
  EXPECT_FALSE(IsUserAgentAllowed(txt, "a", "http://h/x"));
  EXPECT_TRUE(IsUserAgentAllowed(txt, "a", "http://h/y"));
}

TEST(Robots, Rfc9309_2_2_4_SitemapAndCrawlDelayExposed) {
  RobotsTxt r = RobotsTxt::Parse(
      "Sitemap: http://h/sitemap.xml\nuser-agent: *\ncrawl-delay: 2.5\n"
      "user-agent: shouhu\ncrawl-delay: 1\ndisallow: /cart/\nsitemap: http://h/s2.xml\n");
  ASSERT_EQ(r.sitemaps().size(), 2u);
  EXPECT_EQ(r.sitemaps()[0], "http://h/sitemap.xml");
  EXPECT_EQ(r.CrawlDelay("shouhu/0.1"), 1.0);
  EXPECT_EQ(r.CrawlDelay("other"), 2.5);
}

TEST(Robots, Rfc9309_2_2_LineEndingsAndBom) {
  EXPECT_FALSE(IsUserAgentAllowed("\xEF\xBB\xBFuser-agent: *\rdisallow: /x\r", "a", "http://h/x"));
  EXPECT_FALSE(IsUserAgentAllowed("user-agent: *\r\ndisallow: /x\r\n", "a", "http://h/x"));
}

TEST(Robots, Rfc9309_2_5_ContentBeyondSizeLimitIgnored) {
  std::string txt = "user-agent: *\n";
  while (txt.size() < kMaxRobotsBytes) txt += "allow: /padding\n";
  txt += "disallow: /\n";
  EXPECT_TRUE(IsUserAgentAllowed(txt, "a", "http://h/x"));
}

TEST(Robots, Rfc9309_2_3_1_FetchPolicyHelpers) {
  EXPECT_TRUE(RobotsTxt::AllowAll().Allowed("a", "/x"));
  EXPECT_FALSE(RobotsTxt::DisallowAll().Allowed("a", "/x"));
  EXPECT_FALSE(RobotsTxt::DisallowAll().Allowed("a", "/"));
}

TEST(Robots, VerdictNamesTheDecidingLine) {
  RobotsTxt r = RobotsTxt::Parse("user-agent: *\nallow: /a\ndisallow: /a/b\n");
  EXPECT_EQ(r.Check("x", "/a/b/c").line, 3);
  EXPECT_EQ(r.Check("x", "/a/c").line, 2);
  EXPECT_EQ(r.Check("x", "/z").line, 0);
}

TEST(Robots, HostilePatternStaysLinear) {
  std::string txt = "user-agent: *\ndisallow: /" + std::string(2000, '*') + "x$\n";
  EXPECT_TRUE(IsUserAgentAllowed(txt, "a", "http://h/" + std::string(4000, 'a')));
}

TEST(Robots, PathFromUrl) {
  EXPECT_EQ(RobotsPathFromUrl("http://h"), "/");
  EXPECT_EQ(RobotsPathFromUrl("http://h/a;b?c#d"), "/a;b?c");
  EXPECT_EQ(RobotsPathFromUrl("http://h?x"), "/?x");
}

}  // namespace
}  // namespace shouhu::crawler
