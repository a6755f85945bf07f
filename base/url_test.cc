#include "base/url.h"

#include <gtest/gtest.h>

namespace shouhu {
namespace {

std::string Canon(std::string_view u, const std::vector<std::string>& tracking = {}) {
  Result<std::string> r = CanonicalizeUrl(u, tracking);
  return r.ok() ? *r : "ERROR: " + r.status().message();
}

std::string Resolve(std::string_view base, std::string_view ref) {
  Result<Url> b = ParseUrl(base);
  if (!b.ok()) return "BAD BASE";
  Result<Url> r = ResolveUrl(*b, ref);
  return r.ok() ? r->ToString() : "ERROR";
}

TEST(Url, ParsesComponents) {
  Result<Url> u = ParseUrl("HTTPS://user@Mall.Tiantu.TEST:8443/item/1.html?a=1&b=2#frag");
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(u->scheme, "https");
  EXPECT_EQ(u->userinfo, "user");
  EXPECT_EQ(u->host, "mall.tiantu.test");
  EXPECT_EQ(u->port, 8443);
  EXPECT_EQ(u->path, "/item/1.html");
  EXPECT_EQ(u->query, "a=1&b=2");
  EXPECT_EQ(u->fragment, "frag");
  EXPECT_EQ(u->EffectivePort(), 8443);
  EXPECT_EQ(u->PathAndQuery(), "/item/1.html?a=1&b=2");
  EXPECT_EQ(u->Origin(), "https://mall.tiantu.test:8443");
}

TEST(Url, ParsesIpv6LiteralAndEmptyPath) {
  Result<Url> u = ParseUrl("http://[::1]:8080");
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(u->host, "[::1]");
  EXPECT_EQ(u->port, 8080);
  EXPECT_EQ(u->path, "/");
}

TEST(Url, RejectsBadInput) {
  EXPECT_FALSE(ParseUrl("/relative/path").ok());
  EXPECT_FALSE(ParseUrl("http:///nohost").ok());
  EXPECT_FALSE(ParseUrl("http://host:99999/").ok());
  EXPECT_FALSE(ParseUrl("http://host:12a/").ok());
  EXPECT_FALSE(ParseUrl("http://ho st/").ok());
  EXPECT_FALSE(ParseUrl("http://h/" + std::string(kMaxUrlLength, 'a')).ok());
}

TEST(Url, TrimsWhitespaceAndDropsNewlines) {
  Result<Url> u = ParseUrl("  http://a.test/x\n/y\t \r\n");
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(u->path, "/x/y");
}

// RFC 3986 §5.4.1 normal examples.
TEST(Url, Rfc3986_5_4_1_NormalExamples) {
  const char* base = "http://a/b/c/d;p?q";
  EXPECT_EQ(Resolve(base, "g:h"), "g:h");
  EXPECT_EQ(Resolve(base, "g"), "http://a/b/c/g");
  EXPECT_EQ(Resolve(base, "./g"), "http://a/b/c/g");
  EXPECT_EQ(Resolve(base, "g/"), "http://a/b/c/g/");
  EXPECT_EQ(Resolve(base, "/g"), "http://a/g");
  EXPECT_EQ(Resolve(base, "//g"), "http://g/");
  EXPECT_EQ(Resolve(base, "?y"), "http://a/b/c/d;p?y");
  EXPECT_EQ(Resolve(base, "g?y"), "http://a/b/c/g?y");
  EXPECT_EQ(Resolve(base, "#s"), "http://a/b/c/d;p?q#s");
  EXPECT_EQ(Resolve(base, "g#s"), "http://a/b/c/g#s");
  EXPECT_EQ(Resolve(base, "g?y#s"), "http://a/b/c/g?y#s");
  EXPECT_EQ(Resolve(base, ";x"), "http://a/b/c/;x");
  EXPECT_EQ(Resolve(base, "g;x"), "http://a/b/c/g;x");
  EXPECT_EQ(Resolve(base, "g;x?y#s"), "http://a/b/c/g;x?y#s");
  EXPECT_EQ(Resolve(base, ""), "http://a/b/c/d;p?q");
  EXPECT_EQ(Resolve(base, "."), "http://a/b/c/");
  EXPECT_EQ(Resolve(base, "./"), "http://a/b/c/");
  EXPECT_EQ(Resolve(base, ".."), "http://a/b/");
  EXPECT_EQ(Resolve(base, "../"), "http://a/b/");
  EXPECT_EQ(Resolve(base, "../g"), "http://a/b/g");
  EXPECT_EQ(Resolve(base, "../.."), "http://a/");
  EXPECT_EQ(Resolve(base, "../../"), "http://a/");
  EXPECT_EQ(Resolve(base, "../../g"), "http://a/g");
}

// RFC 3986 §5.4.2 abnormal examples.
TEST(Url, Rfc3986_5_4_2_AbnormalExamples) {
  const char* base = "http://a/b/c/d;p?q";
  EXPECT_EQ(Resolve(base, "../../../g"), "http://a/g");
  EXPECT_EQ(Resolve(base, "../../../../g"), "http://a/g");
  EXPECT_EQ(Resolve(base, "/./g"), "http://a/g");
  EXPECT_EQ(Resolve(base, "/../g"), "http://a/g");
  EXPECT_EQ(Resolve(base, "g."), "http://a/b/c/g.");
  EXPECT_EQ(Resolve(base, ".g"), "http://a/b/c/.g");
  EXPECT_EQ(Resolve(base, "g.."), "http://a/b/c/g..");
  EXPECT_EQ(Resolve(base, "..g"), "http://a/b/c/..g");
  EXPECT_EQ(Resolve(base, "./../g"), "http://a/b/g");
  EXPECT_EQ(Resolve(base, "./g/."), "http://a/b/c/g/");
  EXPECT_EQ(Resolve(base, "g/./h"), "http://a/b/c/g/h");
  EXPECT_EQ(Resolve(base, "g/../h"), "http://a/b/c/h");
  EXPECT_EQ(Resolve(base, "g;x=1/./y"), "http://a/b/c/g;x=1/y");
  EXPECT_EQ(Resolve(base, "g;x=1/../y"), "http://a/b/c/y");
  EXPECT_EQ(Resolve(base, "g?y/./x"), "http://a/b/c/g?y/./x");
  EXPECT_EQ(Resolve(base, "g#s/../x"), "http://a/b/c/g#s/../x");
  EXPECT_EQ(Resolve(base, "http:g"), "ERROR");  // strict parsing; http needs a host
}

TEST(Url, ResolveKeepsBasePort) {
  EXPECT_EQ(Resolve("http://m.kuaigou.test:18080/s?kw=x", "/goods/detail?id=7"),
            "http://m.kuaigou.test:18080/goods/detail?id=7");
  EXPECT_EQ(Resolve("http://a.test/x/", "..\\y"), "http://a.test/y");
}

TEST(Url, CanonicalLowercasesSchemeAndHostDropsDefaultPortAndFragment) {
  EXPECT_EQ(Canon("HTTP://Mall.TianTu.test:80/Item/1.html#top"),
            "http://mall.tiantu.test/Item/1.html");
  EXPECT_EQ(Canon("https://a.test:443"), "https://a.test/");
  EXPECT_EQ(Canon("http://a.test:8080/"), "http://a.test:8080/");
  EXPECT_EQ(Canon("http://a.test./x"), "http://a.test/x");
}

TEST(Url, CanonicalRemovesTrackingParamsAndSortsQuery) {
  std::vector<std::string> tracking = {"spm", "utm_source", "from"};
  EXPECT_EQ(Canon("http://a.test/item/1.html?spm=a1.b2&utm_source=x&from=home", tracking),
            "http://a.test/item/1.html");
  EXPECT_EQ(Canon("http://a.test/s?q=1&spm=x&page=2", tracking), "http://a.test/s?page=2&q=1");
  EXPECT_EQ(Canon("http://a.test/s?page=2&q=1"), Canon("http://a.test/s?q=1&page=2"));
  EXPECT_EQ(Canon("http://a.test/s?&&q=1&"), "http://a.test/s?q=1");
  EXPECT_EQ(Canon("http://a.test/s?"), "http://a.test/s");
}

TEST(Url, CanonicalNormalisesPercentEncoding) {
  EXPECT_EQ(Canon("http://a.test/%7euser/%e4%b8%ad?q=%41%2f"),
            "http://a.test/~user/%E4%B8%AD?q=A%2F");
  EXPECT_EQ(Canon("http://a.test/中文 x?q=儿童"),
            "http://a.test/%E4%B8%AD%E6%96%87%20x?q=%E5%84%BF%E7%AB%A5");
  EXPECT_EQ(Canon("http://a.test/100%"), "http://a.test/100%25");
  EXPECT_EQ(Canon("http://a.test/a/./b/../c"), "http://a.test/a/c");
}

// Found by url_fuzzer: canonicalisation must be idempotent.
TEST(Url, CanonicalFormIsAFixedPoint) {
  EXPECT_EQ(Canon("http://a.test/x/%2e%2E/y/%2e/z"), "http://a.test/y/z");
  EXPECT_FALSE(ParseUrl("http://..../").ok());
  EXPECT_FALSE(ParseUrl("http://a..test/").ok());
  EXPECT_FALSE(ParseUrl("http://thh4::/").ok());
  EXPECT_EQ(Canon("mailto:shop@a.test#x"), "mailto:shop@a.test");
  for (const char* u : {"http://a.test/%7e/./%2e%2e/x?b=%zz&a=%41", "HTTP://A.test:80/中?q=儿 童#f",
                        "http://a.test/a//b/../c/."}) {
    std::string once = Canon(u);
    EXPECT_EQ(Canon(once), once) << u;
  }
}

TEST(Url, FingerprintIsStableAndDistinguishes) {
  EXPECT_EQ(UrlFingerprint("http://a.test/"), UrlFingerprint("http://a.test/"));
  EXPECT_NE(UrlFingerprint("http://a.test/1"), UrlFingerprint("http://a.test/2"));
  // A fixed value: fingerprints are stored, so they must not change between builds.
  EXPECT_EQ(UrlFingerprint(""), UrlFingerprint(std::string_view()));
  EXPECT_EQ(UrlFingerprint(Canon("http://A.test:80/x?b=2&a=1#f")),
            UrlFingerprint(Canon("http://a.test/x?a=1&b=2")));
}

}  // namespace
}  // namespace shouhu
