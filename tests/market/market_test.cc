#include "tests/market/market.h"

#include <gtest/gtest.h>
#include <iconv.h>

#include <algorithm>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <thread>

#include "tests/market/catalog.h"
#include "tests/market/credit_code.h"

namespace shouhu::market {
namespace {

MarketOptions Opts(int64_t n, uint64_t seed = 20261111, FaultOptions f = FaultOptions::None()) {
  MarketOptions o;
  o.seed = seed;
  o.listings = n;
  o.faults = f;
  return o;
}

const std::string& Host(int p) { return Platforms()[static_cast<size_t>(p)].host; }

bool Contains(std::string_view hay, std::string_view needle) {
  return hay.find(needle) != std::string_view::npos;
}

// GBK → UTF-8; returns false on any invalid sequence.
bool FromGbk(const std::string& gbk, std::string& utf8) {
  iconv_t cd = iconv_open("UTF-8", "GBK");
  if (cd == reinterpret_cast<iconv_t>(-1)) return false;
  utf8.assign(gbk.size() * 2 + 16, '\0');
  char* in = const_cast<char*>(gbk.data());
  size_t in_left = gbk.size();
  char* out = utf8.data();
  size_t out_left = utf8.size();
  size_t rc = iconv(cd, &in, &in_left, &out, &out_left);
  iconv_close(cd);
  utf8.resize(utf8.size() - out_left);
  return rc != static_cast<size_t>(-1) && in_left == 0;
}

std::string Between(const std::string& s, std::string_view open, std::string_view close) {
  size_t a = s.find(open);
  if (a == std::string::npos) return {};
  a += open.size();
  size_t b = s.find(close, a);
  return b == std::string::npos ? std::string() : s.substr(a, b - a);
}

// The synonyms the generator picks among (doc/market.md "Parameter names").
const std::vector<std::vector<std::string_view>>& Synonyms() {
  static const std::vector<std::vector<std::string_view>> k = {
      {"执行标准", "产品标准", "标准号", "产品执行标准", "执行标准号"},
      {"生产企业", "生产厂家", "制造商", "生产厂商", "厂家名称"},
      {"生产地址", "厂址", "厂家地址", "企业地址", "生产厂址"},
      {"适用年龄", "适用年龄段", "年龄范围", "年龄段", "推荐年龄"},
      {"3C证书编号", "CCC证书编号", "认证编号", "3C证书", "认证证书编号"},
      {"安全类别", "安全技术类别", "安全等级"},
      {"面料成分", "成分含量", "材质成分", "成分", "面料材质"},
      {"警示", "警示语", "注意事项", "警告语", "安全警示"},
      {"尺码", "适用身高", "参考身高"}};
  return k;
}

// A label's value: from the parameters, or from the description's
// "【产品信息】名称：值；名称：值。" block; any synonym of `names` counts.
std::string ParamValue(const Listing& l, std::initializer_list<std::string_view> names) {
  std::vector<std::string_view> all(names);
  for (const auto& group : Synonyms())
    for (std::string_view n : names)
      if (std::find(group.begin(), group.end(), n) != group.end())
        all.insert(all.end(), group.begin(), group.end());
  for (const Param& p : l.params)
    for (std::string_view n : all)
      if (p.name == n) return p.value;
  const std::string_view block_tag = "【产品信息】";
  const size_t block = l.description.find(block_tag);
  if (block == std::string::npos) return {};
  std::string_view rest = std::string_view(l.description).substr(block + block_tag.size());
  rest = rest.substr(0, rest.find("。"));
  while (!rest.empty()) {
    const size_t end = rest.find("；");
    const std::string_view item = rest.substr(0, end);
    const size_t colon = item.find("：");
    if (colon != std::string_view::npos) {
      const std::string_view key = item.substr(0, colon);
      for (std::string_view n : all)
        if (key == n) return std::string(item.substr(colon + std::string_view("：").size()));
    }
    if (end == std::string_view::npos) break;
    rest.remove_prefix(end + std::string_view("；").size());
  }
  return {};
}

TEST(CreditCode, KnownValidCodeAndCorruptedCheckCharacter) {
  EXPECT_TRUE(IsValidCreditCode("91350100M000100Y43"));
  EXPECT_EQ(CreditCodeCheckChar("91350100M000100Y4"), '3');
  EXPECT_FALSE(IsValidCreditCode("91350100M000100Y44"));
  EXPECT_FALSE(IsValidCreditCode("91350100M000100Y4"));
  EXPECT_FALSE(IsValidCreditCode("91350100I000100Y43"));  // I is not in the charset
  for (uint64_t k = 0; k < 200; ++k) EXPECT_TRUE(IsValidCreditCode(MakeCreditCode("350102", k)));
}

TEST(CreditCode, ShopsCarryValidFujianCodes) {
  for (int p = 0; p < 3; ++p) {
    for (int64_t n = 0; n < 20; ++n) {
      Shop s = MakeShop(7, p, n);
      EXPECT_TRUE(IsValidCreditCode(s.credit_code)) << s.credit_code;
      EXPECT_EQ(s.credit_code.substr(2, 6), s.region);
      EXPECT_EQ(s.region.substr(0, 2), "35");
    }
  }
}

TEST(Watchlist, CsvAgreesWithCode) {
  std::ifstream in(std::string(SHOUHU_SOURCE_DIR) + "/config/watchlist/demo.csv");
  ASSERT_TRUE(in.good());
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line, "name,credit_code,failed_items,failed_on");
  size_t row = 0;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    ASSERT_LT(row, Watchlist().size());
    const WatchlistEntry& w = Watchlist()[row++];
    EXPECT_EQ(line, w.name + "," + w.credit_code + "," + w.failed_items + "," + w.failed_on);
    EXPECT_TRUE(IsValidCreditCode(w.credit_code)) << w.credit_code;
  }
  EXPECT_EQ(row, Watchlist().size());
}

TEST(Catalog, ItemIdsAreTenDigitsAndMapBack) {
  std::set<std::string> seen;
  for (int64_t i = 0; i < 5000; i += 7) {
    std::string id = ItemId(42, i);
    EXPECT_EQ(id.size(), 10u);
    EXPECT_EQ(IndexOfItemId(42, id), i);
    EXPECT_TRUE(seen.insert(id).second);
  }
  EXPECT_NE(ItemId(42, 5), ItemId(43, 5));
  EXPECT_FALSE(IndexOfItemId(42, "12345").has_value());
}

TEST(Render, SameSeedSameBytesOtherSeedOtherBytes) {
  for (int p = 0; p < 3; ++p) {
    MarketOptions a = Opts(300), b = Opts(300, 99);
    std::string path_a = ItemPath(p, ItemId(a.seed, p + 30));
    Response r1 = Render(a, Host(p), path_a), r2 = Render(a, Host(p), path_a);
    ASSERT_EQ(r1.status, 200);
    EXPECT_EQ(r1.body, r2.body);
    Response r3 = Render(b, Host(p), ItemPath(p, ItemId(b.seed, p + 30)));
    ASSERT_EQ(r3.status, 200);
    EXPECT_NE(r1.body, r3.body);
  }
  EXPECT_EQ(TruthFor(Opts(300), 17).expected, TruthFor(Opts(300), 17).expected);
}

TEST(Render, ItemPagesAreFiftyToTwoHundredKilobytesForEveryPlatformAndGroup) {
  MarketOptions o = Opts(3000);
  for (int p = 0; p < 3; ++p)
    for (const std::string& g : GroupNames()) {
      int found = 0;
      for (int64_t i = p; i < o.listings && found < 3; i += 3) {
        if (GroupNames()[static_cast<size_t>(GroupOf(o.seed, i))] != g) continue;
        ++found;
        Response r = Render(o, Host(p), ItemPath(p, ItemId(o.seed, i)));
        ASSERT_EQ(r.status, 200);
        EXPECT_GE(r.body.size(), 50u * 1024) << Platforms()[p].id << " " << g;
        EXPECT_LE(r.body.size(), 200u * 1024) << Platforms()[p].id << " " << g;
      }
      EXPECT_EQ(found, 3) << g;
    }
  // And every item page of the first 900 listings.
  MarketSite site(o);
  size_t lo = SIZE_MAX, hi = 0;
  for (int64_t i = 0; i < 900; ++i) {
    int p = static_cast<int>(i % 3);
    size_t n = site.Render(Host(p), ItemPath(p, ItemId(o.seed, i))).body.size();
    lo = std::min(lo, n);
    hi = std::max(hi, n);
  }
  std::printf("[ size     ] item pages %zu..%zu bytes\n", lo, hi);
  EXPECT_GE(lo, 50u * 1024);
  EXPECT_LE(hi, 200u * 1024);
}

TEST(Render, TiantuJsonLdIsAProductAndParamsAreInTheList) {
  MarketOptions o = Opts(300);
  for (int64_t i = 0; i < 60; i += 3) {
    Listing l = MakeListing(o.seed, i);
    Response r = Render(o, Host(0), ItemPath(0, l.item_id));
    ASSERT_EQ(r.status, 200);
    auto ld = nlohmann::json::parse(
        Between(r.body, "<script type=\"application/ld+json\">", "</script>"));
    EXPECT_EQ(ld["@type"], "Product");
    EXPECT_EQ(ld["name"], l.title);
    EXPECT_EQ(ld["sku"], l.item_id);
    EXPECT_EQ(ld["brand"]["name"], l.brand);
    EXPECT_EQ(ld["category"], l.category_path);
    EXPECT_TRUE(ld["offers"]["seller"]["url"].get<std::string>().starts_with("/shop/"));
    EXPECT_TRUE(Contains(r.body, "<ul class=\"param-list\">"));
    EXPECT_TRUE(Contains(r.body, "<nav class=\"breadcrumb\">"));
    EXPECT_TRUE(Contains(r.body, "<div id=\"description\">"));
    for (const Param& p : l.params)
      EXPECT_TRUE(Contains(r.body, "<span class=\"param-k\">" + p.name +
                                       "</span><span class=\"param-v\">" + p.value));
  }
}

TEST(Render, KuaigouStateParsesAndListingIsNotInMarkup) {
  MarketOptions o = Opts(300);
  for (int64_t i = 1; i < 60; i += 3) {
    Listing l = MakeListing(o.seed, i);
    Response r = Render(o, Host(1), ItemPath(1, l.item_id));
    ASSERT_EQ(r.status, 200);
    std::string state = Between(r.body, "window.__INIT_STATE__ = ", ";</script>");
    auto j = nlohmann::json::parse(state);
    EXPECT_EQ(j["item"]["itemId"], l.item_id);
    EXPECT_EQ(j["item"]["title"], l.title);
    EXPECT_EQ(j["item"]["price"]["currency"], "CNY");
    EXPECT_EQ(j["item"]["props"].size(), l.params.size());
    EXPECT_EQ(j["recommend"].size(), 24u);
    EXPECT_TRUE(j["item"]["shop"]["url"].get<std::string>().starts_with("/store/"));
    // The title occurs once: inside the state.
    std::string markup = r.body;
    markup.erase(markup.find(state), state.size());
    EXPECT_FALSE(Contains(markup, l.title));
    EXPECT_TRUE(Contains(r.body, "<div id=\"app\"></div>"));
  }
}

TEST(Render, LanmaoIsGbkAndDeclaresIt) {
  MarketOptions o = Opts(300);
  for (int64_t i = 2; i < 90; i += 3) {
    Listing l = MakeListing(o.seed, i);
    Response r = Render(o, Host(2), ItemPath(2, l.item_id));
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(r.Header("Content-Type"), "text/html; charset=GBK");
    EXPECT_TRUE(
        Contains(r.body, "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=gbk\">"));
    std::string utf8;
    ASSERT_TRUE(FromGbk(r.body, utf8));
    EXPECT_FALSE(Contains(r.body, l.title));  // not UTF-8 bytes
    EXPECT_TRUE(Contains(utf8, "<h1 class=\"prod-title\">" + l.title + "</h1>"));
    EXPECT_TRUE(Contains(utf8, "<span class=\"price\">￥"));
    EXPECT_TRUE(Contains(utf8, "<table class=\"spec-table\""));
    EXPECT_TRUE(Contains(utf8, "<div class=\"crumbs\">"));
    EXPECT_TRUE(Contains(utf8, "<a class=\"company-link\" href=\"/company/"));
    for (const Param& p : l.params)
      EXPECT_TRUE(Contains(utf8, "<tr><th>" + p.name + "</th><td>" + p.value + "</td></tr>"));
    EXPECT_FALSE(Contains(utf8, "?</")) << "unmappable character";
  }
  Response list = Render(o, Host(2), "/list/toy_1.htm");
  EXPECT_EQ(list.Header("Content-Type"), "text/html; charset=GBK");
  Response shop = Render(o, Host(2), "/company/10001.htm");
  std::string utf8;
  ASSERT_TRUE(FromGbk(shop.body, utf8));
  EXPECT_TRUE(Contains(utf8, "统一社会信用代码"));
}

TEST(Render, PaginationHasTwentyPerPageAndNextLinks) {
  MarketOptions o = Opts(300);  // 100 per platform -> 5 search pages
  Response p1 = Render(o, Host(0), "/search?q=%E5%84%BF%E7%AB%A5&page=1");
  ASSERT_EQ(p1.status, 200);
  size_t cards = 0;
  for (size_t pos = 0; (pos = p1.body.find("class=\"item-card\"", pos)) != std::string::npos; ++pos)
    ++cards;
  EXPECT_EQ(cards, 20u);
  EXPECT_TRUE(Contains(p1.body, "&amp;page=2\">下一页</a>"));
  Response p5 = Render(o, Host(0), "/search?q=%E5%84%BF%E7%AB%A5&page=5");
  ASSERT_EQ(p5.status, 200);
  EXPECT_FALSE(Contains(p5.body, "下一页"));
  EXPECT_EQ(Render(o, Host(0), "/search?q=x&page=6").status, 404);
  EXPECT_EQ(Render(o, Host(1), "/s?kw=%E7%AB%A5%E8%A3%85&p=1").status, 200);
  EXPECT_TRUE(Contains(Render(o, Host(1), "/s?kw=x&p=1").body, "下一页"));
  EXPECT_EQ(Render(o, Host(0), "/category/toy?page=1").status, 200);
  EXPECT_EQ(Render(o, Host(0), "/category/nosuch?page=1").status, 404);
}

TEST(Render, ShopPagesCarryLicenceData) {
  MarketOptions o = Opts(300);
  Response r = Render(o, Host(0), "/shop/10002");
  ASSERT_EQ(r.status, 200);
  for (const char* k : {"企业名称", "住所", "统一社会信用代码", "营业执照注册号"})
    EXPECT_TRUE(Contains(r.body, k));
  std::string code = Between(r.body, "<th>统一社会信用代码</th><td>", "</td>");
  EXPECT_TRUE(IsValidCreditCode(code)) << code;
  EXPECT_EQ(Render(o, Host(1), "/store/10001").status, 200);
  EXPECT_EQ(Render(o, Host(0), "/shop/99999").status, 404);
}

TEST(Render, RobotsSitemapAndUnknownHost) {
  MarketOptions o = Opts(2500);
  Response robots = Render(o, "mall.tiantu.test:8080", "/robots.txt");
  EXPECT_TRUE(Contains(robots.body, "Disallow: /cart/"));
  EXPECT_TRUE(Contains(robots.body, "Disallow: /api/"));
  EXPECT_TRUE(Contains(robots.body, "Sitemap: http://mall.tiantu.test:8080/sitemap.xml"));
  Response index = Render(o, Host(1), "/sitemap.xml");
  EXPECT_TRUE(Contains(index.body, "<sitemapindex"));
  EXPECT_TRUE(Contains(index.body, "/sitemap-1.xml"));
  Response sm = Render(o, Host(1), "/sitemap-1.xml");
  EXPECT_TRUE(Contains(sm.body, "/goods/detail?id=" + ItemId(o.seed, 1)));
  EXPECT_EQ(Render(o, "www.example.com", "/").status, 404);
  EXPECT_TRUE(Contains(Render(o, Host(0), "/").body, "href=\"/cart/\""));
  EXPECT_EQ(Render(o, Host(0), "/item/" + ItemId(o.seed, 1) + ".html").status,
            404);  // listing 1 is on kuaigou
}

TEST(Faults, RedirectChainsLoopsAndTrap) {
  FaultOptions f = FaultOptions::None();
  f.redirects = true;
  f.trap = true;
  MarketOptions o = Opts(300, 1, f);
  std::string item = "/item/" + ItemId(1, 0) + ".html";
  Response r3 = Render(o, Host(0), "/r/3" + item);
  EXPECT_EQ(r3.status, 302);
  EXPECT_EQ(r3.Header("Location"), "/r/2" + item);
  EXPECT_EQ(Render(o, Host(0), "/r/1" + item).Header("Location"), item);
  EXPECT_EQ(Render(o, Host(0), "/loop/a").Header("Location"), "/loop/b");
  EXPECT_EQ(Render(o, Host(0), "/loop/b").Header("Location"), "/loop/a");
  std::string month = "/calendar/2026/11";
  for (int k = 0; k < 40; ++k) {
    Response c = Render(o, Host(k % 3), month);
    ASSERT_EQ(c.status, 200) << month;
    std::string body = c.body;
    if (k % 3 == 2) {
      ASSERT_TRUE(FromGbk(c.body, body));
    }
    std::string next = Between(body, "<a class=\"next-month\" href=\"", "\"");
    ASSERT_FALSE(next.empty());
    month = next;
  }
  EXPECT_EQ(month, "/calendar/2030/3");
  MarketOptions off = Opts(300, 1);
  EXPECT_EQ(Render(off, Host(0), "/loop/a").status, 404);
  EXPECT_FALSE(Contains(Render(off, Host(0), "/calendar/2026/11").body, "next-month"));
}

TEST(Faults, TrackingVariantsAndDeadLinksOnListPages) {
  FaultOptions f = FaultOptions::None();
  f.tracking = true;
  f.rate_404 = 0.2;
  MarketOptions o = Opts(600, 5, f);
  Response list = Render(o, Host(0), "/search?q=x&page=1");
  EXPECT_TRUE(Contains(list.body, "?spm=a20.search."));
  EXPECT_TRUE(Contains(list.body, "&amp;utm_source="));
  size_t mark = list.body.find("\"><span class=\"item-name\">限时特惠");
  ASSERT_NE(mark, std::string::npos);
  size_t href = list.body.rfind("href=\"", mark) + 6;
  std::string dead = list.body.substr(href, mark - href);
  ASSERT_TRUE(dead.starts_with("/item/")) << dead;
  EXPECT_EQ(Render(o, Host(0), dead).status, 404);
  Response tracked =
      Render(o, Host(0), "/item/" + ItemId(5, 0) + ".html?spm=a.b.c&utm_source=x&from=y");
  EXPECT_EQ(tracked.status, 200);
  EXPECT_FALSE(Contains(Render(Opts(600, 5), Host(0), "/search?q=x&page=1").body, "?spm="));
}

struct Shares {
  std::map<std::string, int> category;
  std::map<std::string, int> group;
  int in_scope = 0, adult = 0, total = 0;
};

Shares Count(const MarketOptions& o) {
  Shares s;
  for (int64_t i = 0; i < o.listings; ++i) {
    ListingTruth t = TruthFor(o, i);
    ++s.total;
    ++s.group[t.group];
    if (!t.in_scope) {
      ++s.adult;
      EXPECT_TRUE(t.expected.empty());
      EXPECT_TRUE(t.injected.empty());
      continue;
    }
    ++s.in_scope;
    for (const std::string& c : t.expected) ++s.category[c];
  }
  return s;
}

TEST(GroundTruth, EveryCategoryAtSixToTenPercentOfInScope) {
  Shares s = Count(Opts(3000));
  EXPECT_EQ(s.total, 3000);
  EXPECT_NEAR(s.adult / 3000.0, 0.12, 0.025);
  for (const std::string& g : GroupNames()) EXPECT_GT(s.group[g], 0) << g;
  for (const char* c : {"label.missing", "label.invalid", "ccc.missing", "ccc.invalid",
                        "ccc.mismatch", "novelty", "blind_box", "claims", "hazard", "watchlist"}) {
    double share = s.category[c] / static_cast<double>(s.in_scope);
    std::printf("[ share    ] %-14s %.1f%%\n", c, 100 * share);
    EXPECT_GE(share, 0.05) << c;
    EXPECT_LE(share, 0.11) << c;
  }
}

TEST(GroundTruth, AThirdOfNoveltyTermsAreEvasive) {
  static const char* kPlain[] = {"水晶泥", "史莱姆",   "起泡胶",   "假水",   "磁力珠",
                                 "巴克球", "水宝宝",   "海洋宝宝", "激光笔", "鼻吸能量棒",
                                 "萝卜刀", "圆珠笔刀", "火漆印章"};
  int novelty = 0, evasive = 0;
  for (int64_t i = 0; i < 3000; ++i) {
    Listing l = MakeListing(20261111, i);
    if (std::find(l.expected.begin(), l.expected.end(), "novelty") == l.expected.end()) continue;
    ++novelty;
    bool plain = false;
    for (const char* t : kPlain) plain = plain || Contains(l.title + l.description, t);
    evasive += plain ? 0 : 1;
  }
  ASSERT_GT(novelty, 100);
  EXPECT_NEAR(evasive / static_cast<double>(novelty), 1.0 / 3, 0.1);
}

TEST(GroundTruth, WatchlistNamesOnlyOnW01Listings) {
  std::set<std::string> names;
  for (const WatchlistEntry& w : Watchlist()) names.insert(w.name);
  for (int64_t i = 0; i < 3000; ++i) {
    Listing l = MakeListing(20261111, i);
    std::string producer = ParamValue(l, {"生产企业", "生产厂家", "制造商"});
    bool w01 = std::find(l.injected.begin(), l.injected.end(), "W-01") != l.injected.end();
    EXPECT_EQ(names.count(producer) == 1, w01) << i << " " << producer;
  }
}

TEST(GroundTruth, CompliantListingsShowEveryRequiredLabel) {
  static const char* kTriggers[] = {"水晶泥",   "史莱姆",   "起泡胶",     "假水",    "磁力珠",
                                    "巴克球",   "水宝宝",   "海洋宝宝",   "激光笔",  "萝卜刀",
                                    "盲盒",     "盲袋",     "抽盒",       "隐藏款",  "随机",
                                    "恢复视力", "近视",     "降低度数",   "帽绳",    "抽绳",
                                    "系带",     "安全坐垫", "3C认证标志", "CCC标签", "14岁以上"};
  int compliant = 0;
  for (int64_t i = 0; i < 3000; ++i) {
    Listing l = MakeListing(20261111, i);
    if (!l.in_scope || !l.injected.empty()) continue;
    ++compliant;
    EXPECT_FALSE(ParamValue(l, {"生产企业", "生产厂家", "制造商"}).empty()) << i;
    EXPECT_FALSE(ParamValue(l, {"生产地址", "厂址", "厂家地址"}).empty()) << i;
    std::string standard = ParamValue(l, {"执行标准", "产品标准", "标准号"});
    std::string age = ParamValue(l, {"适用年龄", "适用年龄段", "年龄范围"});
    std::string ccc = ParamValue(l, {"3C证书编号", "CCC证书编号", "认证编号"});
    std::string text = l.title + l.description;
    for (const char* t : kTriggers)
      EXPECT_FALSE(Contains(text, t)) << i << " " << t << " " << l.title;
    if (!ccc.empty()) {
      EXPECT_EQ(ccc.size(), 16u) << ccc;
      int year = std::stoi(ccc.substr(0, 4));
      EXPECT_TRUE(year >= 2016 && year <= 2025) << ccc;
      EXPECT_EQ(ccc.substr(4, 2), "01");
    }
    if (l.group == "toy") {
      EXPECT_TRUE(Contains(standard, "GB 6675")) << standard;
      EXPECT_FALSE(age.empty());
      EXPECT_FALSE(ParamValue(l, {"警示", "警示语", "注意事项"}).empty());
    } else if (l.group == "clothing") {
      EXPECT_TRUE(Contains(standard, "GB 31701-2015") && Contains(standard, "GB 18401-2010"));
      EXPECT_FALSE(ParamValue(l, {"面料成分", "成分含量", "材质成分"}).empty());
      std::string klass = ParamValue(l, {"安全类别", "安全技术类别"});
      if (Contains(age, "个月")) {
        EXPECT_TRUE(Contains(klass, "A类"));
      }
    } else if (l.group == "lamp" || l.group == "car_seat") {
      EXPECT_FALSE(ccc.empty()) << i;
    } else if (l.group == "stationery") {
      EXPECT_EQ(standard, "GB 21027-2020");
    } else if (l.group == "furniture") {
      EXPECT_EQ(standard, "GB 28007-2024");
    }
  }
  EXPECT_GT(compliant, 1000);
}

TEST(GroundTruth, WritesOneJsonLinePerListing) {
  std::string path = testing::TempDir() + "/market_truth.jsonl";
  ASSERT_TRUE(WriteGroundTruth(Opts(90), path).ok());
  std::ifstream in(path);
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    auto j = nlohmann::json::parse(line);
    EXPECT_EQ(j["index"], n);
    EXPECT_EQ(j["site"], Platforms()[static_cast<size_t>(n % 3)].id);
    EXPECT_TRUE(j.contains("expected") && j.contains("injected") && j.contains("url_path"));
    ++n;
  }
  EXPECT_EQ(n, 90);
  std::remove(path.c_str());
}

TEST(GroundTruth, CccRegistryListsEveryValidNumberOnce) {
  std::string path = testing::TempDir() + "/market_ccc.csv";
  MarketOptions o = Opts(3000);
  ASSERT_TRUE(WriteCccRegistry(o, path).ok());
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line, "number,holder,manufacturer,product,models,status,issued_on,expires_on");
  std::set<std::string> numbers;
  while (std::getline(in, line)) {
    std::string number = line.substr(0, line.find(','));
    EXPECT_EQ(number.size(), 16u);
    EXPECT_TRUE(numbers.insert(number).second) << "reused " << number;
  }
  int shown = 0;
  for (int64_t i = 0; i < o.listings; ++i) {
    Listing l = MakeListing(o.seed, i);
    std::string ccc = ParamValue(l, {"3C证书编号", "CCC证书编号", "认证编号"});
    bool t02 = std::find(l.injected.begin(), l.injected.end(), "T-02") != l.injected.end();
    if (ccc.empty()) continue;
    ++shown;
    EXPECT_EQ(numbers.count(ccc) == 1, !t02) << ccc;
  }
  EXPECT_GT(shown, 300);
  std::remove(path.c_str());
}

// T-04 listings' numbers are in the registry as not valid, T-05 listings' as
// another company's; every other row is valid and held by the producer.
TEST(GroundTruth, CccRegistryCarriesTheInjectedRegistryViolations) {
  std::string path = testing::TempDir() + "/market_ccc_violations.csv";
  MarketOptions o = Opts(3000);
  ASSERT_TRUE(WriteCccRegistry(o, path).ok());
  std::map<std::string, std::pair<std::string, std::string>> rows;  // number -> holder, status
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line)) {
    std::vector<std::string> cols;
    for (size_t at = 0;;) {
      const size_t comma = line.find(',', at);
      cols.push_back(line.substr(at, comma - at));
      if (comma == std::string::npos) break;
      at = comma + 1;
    }
    ASSERT_EQ(cols.size(), 8u) << line;
    rows[cols[0]] = {cols[1], cols[5]};
  }
  int t04 = 0, t05 = 0;
  for (int64_t i = 0; i < o.listings; ++i) {
    Listing l = MakeListing(o.seed, i);
    if (l.ccc.empty()) continue;
    auto has = [&](const char* r) {
      return std::find(l.injected.begin(), l.injected.end(), r) != l.injected.end();
    };
    ASSERT_EQ(rows.count(l.ccc), 1u) << l.ccc;
    const auto& [holder, status] = rows[l.ccc];
    EXPECT_EQ(status != "有效", has("T-04")) << l.ccc << " " << status;
    EXPECT_EQ(holder != l.producer, has("T-05")) << l.ccc << " " << holder;
    if (has("T-05")) {
      EXPECT_FALSE(has("G-01")) << "T-05 needs the producer shown";
    }
    t04 += has("T-04");
    t05 += has("T-05");
  }
  EXPECT_GT(t04, 10);
  EXPECT_GT(t05, 10);
  std::remove(path.c_str());
}

// A minimal synchronous HTTP/1.1 client over one keep-alive connection.
class Client {
 public:
  explicit Client(uint16_t port) : socket_(ioc_) {
    socket_.connect({boost::asio::ip::make_address("127.0.0.1"), port});
  }
  boost::beast::http::response<boost::beast::http::string_body> Get(const std::string& host,
                                                                    const std::string& target) {
    namespace http = boost::beast::http;
    http::request<http::empty_body> req{http::verb::get, target, 11};
    req.set(http::field::host, host);
    req.keep_alive(true);
    http::write(socket_, req);
    http::response<http::string_body> res;
    http::read(socket_, buffer_, res);
    return res;
  }

 private:
  boost::asio::io_context ioc_;
  boost::asio::ip::tcp::socket socket_;
  boost::beast::flat_buffer buffer_;
};

TEST(Server, ServesOverLoopbackWith429ThenOk) {
  FaultOptions f = FaultOptions::None();
  f.rate_429 = 1.0;  // every URL answers 429 on its first request
  f.trap = true;
  MarketServer server(Opts(300, 20261111, f));
  ASSERT_TRUE(server.Start(0, 2).ok());
  ASSERT_NE(server.port(), 0);
  Client c(server.port());
  std::string item = ItemPath(0, ItemId(20261111, 3));
  auto first = c.Get("mall.tiantu.test:" + std::to_string(server.port()), item);
  EXPECT_EQ(first.result_int(), 429);
  EXPECT_EQ(first[boost::beast::http::field::retry_after], "1");
  auto second = c.Get("mall.tiantu.test", item);
  EXPECT_EQ(second.result_int(), 200);
  EXPECT_TRUE(Contains(second.body(), "application/ld+json"));
  auto robots = c.Get("www.lanmao.test", "/robots.txt");
  EXPECT_EQ(robots.result_int(), 200);  // robots.txt is never faulted
  EXPECT_TRUE(Contains(robots.body(), "Disallow: /cart/"));
  c.Get("www.lanmao.test", "/");
  auto home = c.Get("www.lanmao.test", "/");
  EXPECT_EQ(home.result_int(), 200);
  EXPECT_EQ(home[boost::beast::http::field::content_type], "text/html; charset=GBK");
  EXPECT_EQ(c.Get("nosuch.test", "/").result_int(), 404);
  // The calendar trap over the wire: every month links to the next (after its 429).
  std::string month = "/calendar/2026/11";
  for (int k = 0; k < 10; ++k) {
    auto page = c.Get("m.kuaigou.test", month);
    if (page.result_int() == 429) page = c.Get("m.kuaigou.test", month);
    ASSERT_EQ(page.result_int(), 200);
    month = Between(page.body(), "<a class=\"next-month\" href=\"", "\"");
    ASSERT_FALSE(month.empty());
  }
  EXPECT_EQ(month, "/calendar/2027/9");
  EXPECT_EQ(server.requests_served(), 26u);
  server.Stop();
  server.Stop();  // idempotent
}

TEST(Server, SlowAnswersDoNotBlockOtherConnections) {
  FaultOptions f = FaultOptions::None();
  f.rate_slow = 1.0;
  f.slow_ms = 300;
  MarketServer server(Opts(30, 1, f));
  ASSERT_TRUE(server.Start(0, 1).ok());
  auto start = std::chrono::steady_clock::now();
  std::thread slow([&] {
    Client c(server.port());
    EXPECT_EQ(c.Get("m.kuaigou.test", "/").result_int(), 200);
  });
  Client c2(server.port());
  EXPECT_EQ(c2.Get("m.kuaigou.test", "/robots.txt").result_int(), 200);
  slow.join();
  double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  // Both answers wait 300 ms on timers of the single server thread, concurrently.
  EXPECT_GE(ms, 290);
  EXPECT_LT(ms, 550);
}

}  // namespace
}  // namespace shouhu::market
