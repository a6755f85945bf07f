#include "crawler/sitemap.h"

#include <gtest/gtest.h>
#include <zlib.h>

namespace shouhu::crawler {
namespace {

std::string Gzip(const std::string& in) {
  z_stream zs{};
  deflateInit2(&zs, 9, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
  std::string out(compressBound(in.size()) + 64, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

TEST(Sitemap, UrlsetLocsAreDecoded) {
  Result<Sitemap> s = ParseSitemap(
      "<?xml version=\"1.0\"?><urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"
      "<url><loc> http://a.test/item/1.html </loc><lastmod>2026-11-01</lastmod></url>"
      "<url><loc>http://a.test/s?a=1&amp;b=2</loc></url>"
      "<url><loc><![CDATA[http://a.test/c]]></loc></url></urlset>");
  ASSERT_TRUE(s.ok());
  EXPECT_FALSE(s->is_index);
  EXPECT_EQ(s->locs, (std::vector<std::string>{"http://a.test/item/1.html",
                                               "http://a.test/s?a=1&b=2", "http://a.test/c"}));
}

TEST(Sitemap, IndexIsRecognised) {
  Result<Sitemap> s = ParseSitemap(
      "<sitemapindex><sitemap><loc>http://a.test/sitemap-0.xml</loc></sitemap></sitemapindex>");
  ASSERT_TRUE(s.ok());
  EXPECT_TRUE(s->is_index);
  EXPECT_EQ(s->locs.size(), 1u);
}

TEST(Sitemap, GzippedSitemapIsInflated) {
  Result<Sitemap> s = ParseSitemap(Gzip("<urlset><url><loc>http://a.test/x</loc></url></urlset>"));
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->locs, std::vector<std::string>{"http://a.test/x"});
}

TEST(Sitemap, DecompressionBombIsRefused) {
  std::string bomb = Gzip(std::string(4 << 20, 'a'));
  Result<Sitemap> s = ParseSitemap(bomb, kMaxSitemapUrls, 1 << 20);
  EXPECT_FALSE(s.ok());
  EXPECT_FALSE(ParseSitemap(bomb.substr(0, bomb.size() / 2)).ok());  // truncated
}

TEST(Sitemap, UrlCountIsCapped) {
  std::string xml = "<urlset>";
  for (int i = 0; i < 10; ++i)
    xml += "<url><loc>http://a.test/" + std::to_string(i) + "</loc></url>";
  Result<Sitemap> s = ParseSitemap(xml + "</urlset>", 4);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->locs.size(), 4u);
  EXPECT_TRUE(s->truncated);
}

}  // namespace
}  // namespace shouhu::crawler
