#include "parsers/page_extractor.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <string>

#include "parsers/dom.h"

namespace shouhu::parsers {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using V = std::vector<std::string>;

const std::string kRoot = SHOUHU_SOURCE_DIR;

const SiteProfile& Profile(const std::string& site) {
  static std::map<std::string, SiteProfile> cache;
  auto it = cache.find(site);
  if (it == cache.end()) {
    Result<SiteProfile> p = LoadSiteProfile(kRoot + "/config/sites/" + site + ".toml");
    EXPECT_TRUE(p.ok()) << p.status().ToString();
    it = cache.emplace(site, p.ok() ? *p : SiteProfile{}).first;
  }
  return it->second;
}

std::string ReadFixture(const std::string& rel) {
  std::ifstream in(kRoot + "/tests/testdata/sites/" + rel, std::ios::binary);
  EXPECT_TRUE(in.good()) << rel;
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

PageExtract Extract(const std::string& site, const std::string& url, const std::string& body,
                    const std::string& content_type = "") {
  FetchedPage page{url, content_type, body, "2026-11-11T00:00:00Z"};
  Result<PageExtract> r = ExtractPage(Profile(site), page);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? *r : PageExtract{};
}

std::string Prov(const Listing& l, const std::string& field) {
  auto it = l.provenance.find(field);
  return it == l.provenance.end() ? "" : it->second.source + ":" + it->second.path;
}

// ---- 天图商城: JSON-LD + parameter list -------------------------------------

TEST(TiantuProfile, ItemPageFieldByField) {
  PageExtract x =
      Extract("tiantu", "http://mall.tiantu.test/item/6012345678.html?spm=a.b&utm_source=x#top",
              ReadFixture("tiantu/item_6012345678.html"), "text/html; charset=utf-8");
  EXPECT_EQ(x.kind, PageKind::kItem);
  EXPECT_EQ(x.charset, "UTF-8");
  ASSERT_TRUE(x.listing.has_value());
  const Listing& l = *x.listing;
  EXPECT_EQ(l.site, "tiantu");
  EXPECT_EQ(l.item_id, "6012345678");
  EXPECT_EQ(l.url, "http://mall.tiantu.test/item/6012345678.html");
  EXPECT_EQ(l.fetched_at, "2026-11-11T00:00:00Z");
  EXPECT_EQ(l.title, "益智磁力片积木 儿童拼装玩具");
  EXPECT_EQ(Prov(l, "title"), "jsonld:name");
  ASSERT_TRUE(l.price.has_value());
  EXPECT_DOUBLE_EQ(l.price->amount, 59.0);
  EXPECT_EQ(l.price->currency, "CNY");
  EXPECT_EQ(Prov(l, "price"), "jsonld:offers.price");
  EXPECT_EQ(l.category_path, (V{"玩具", "益智玩具"}));
  EXPECT_EQ(l.brand, "乐思童");
  EXPECT_EQ(Prov(l, "brand"), "jsonld:brand.name");
  EXPECT_EQ(l.model, "LS-2024A");
  EXPECT_EQ(l.images, (V{"http://img.tiantu.test/6012345678/1.jpg",
                         "http://img.tiantu.test/6012345678/2.jpg"}));
  EXPECT_EQ(l.description, "彩色磁力片，自由拼搭，锻炼动手能力。");
  EXPECT_EQ(l.shop.name, "乐思童玩具旗舰店");
  EXPECT_EQ(l.shop.url, "http://mall.tiantu.test/shop/s1001");
  EXPECT_EQ(l.shop.id, "s1001");
  EXPECT_EQ(l.manufacturer.name, "宁波乐思童玩具有限公司");
  EXPECT_EQ(Prov(l, "manufacturer.name"), "table:生产厂家");
  EXPECT_EQ(l.manufacturer.address, "浙江省宁波市北仑区新碶街道玩具路88号");
  EXPECT_EQ(l.standards, (V{"GB 6675.1-2014", "GB 6675.2-2014", "GB/T 26701-2011"}));
  EXPECT_EQ(Prov(l, "standards"), "table:产品标准");
  EXPECT_EQ(l.age_range, "3-6岁");
  EXPECT_EQ(l.materials, "ABS塑料 磁铁");
  EXPECT_EQ(l.ccc, (V{"2021012202123456"}));
  EXPECT_EQ(l.warnings, (V{"警告：内含小零件，不适合3岁以下儿童使用", "请在成人监护下使用"}));
  EXPECT_FALSE(l.safety_category.has_value());  // not on the page: absent, never defaulted
  ASSERT_EQ(l.attributes.size(), 9u);
  EXPECT_EQ(l.attributes[0], (std::pair<std::string, std::string>{"品牌", "乐思童"}));
  EXPECT_EQ(l.attributes[4].first, "产品标准");
  EXPECT_THAT(x.links, Contains("/item/6012345679.html?spm=a1.b2&from=rec"));
  EXPECT_THAT(x.links, Contains("/shop/s1001"));
  EXPECT_EQ(x.base_url, "http://mall.tiantu.test/item/6012345678.html?spm=a.b&utm_source=x#top");
}

TEST(TiantuProfile, ShopPageGivesSellerLicenceData) {
  PageExtract x = Extract("tiantu", "http://mall.tiantu.test/shop/s1001",
                          ReadFixture("tiantu/shop_s1001.html"));
  EXPECT_EQ(x.kind, PageKind::kShop);
  EXPECT_EQ(x.shop_id, "s1001");
  ASSERT_TRUE(x.seller.has_value());
  EXPECT_EQ(x.seller->company, "宁波乐思童玩具有限公司");
  EXPECT_EQ(x.seller->address, "福建省福州市鼓楼区五四路100号");
  EXPECT_EQ(x.seller->credit_code, "91350102MA2XYW123C");
  EXPECT_EQ(x.seller->region_code, "350102");
  EXPECT_EQ(x.seller->license_no, "350102100012345");  // first of the synonyms in page order
  EXPECT_FALSE(x.listing.has_value());
}

TEST(TiantuProfile, SearchPageIsAListWithRawLinks) {
  PageExtract x = Extract("tiantu", "http://mall.tiantu.test/search?q=%E5%84%BF%E7%AB%A5&page=1",
                          ReadFixture("tiantu/search_page1.html"));
  EXPECT_EQ(x.kind, PageKind::kList);
  EXPECT_THAT(x.links, ElementsAre("/search?q=%E5%84%BF%E7%AB%A5&page=2", "/item/6012345678.html",
                                   "/item/6012345681.html?spm=s.1&utm_source=search",
                                   "/search?q=%E5%84%BF%E7%AB%A5&page=2"));
}

// ---- 快购: embedded state only -------------------------------------------

TEST(KuaigouProfile, ItemPageFieldByField) {
  PageExtract x = Extract("kuaigou", "http://m.kuaigou.test/goods/detail?id=6023456789&spm=abc",
                          ReadFixture("kuaigou/goods_6023456789.html"));
  EXPECT_EQ(x.kind, PageKind::kItem);
  ASSERT_TRUE(x.listing.has_value());
  const Listing& l = *x.listing;
  EXPECT_EQ(l.item_id, "6023456789");
  EXPECT_EQ(l.url, "http://m.kuaigou.test/goods/detail?id=6023456789");
  EXPECT_EQ(l.title, "儿童校服套装 小学生春秋运动服");
  EXPECT_EQ(Prov(l, "title"), "embedded:item.title");
  ASSERT_TRUE(l.price.has_value());
  EXPECT_DOUBLE_EQ(l.price->amount, 129.5);
  EXPECT_EQ(l.price->currency, "CNY");
  EXPECT_EQ(l.category_path, (V{"童装", "校服"}));
  EXPECT_EQ(l.brand, "校园星");
  EXPECT_EQ(l.model, "XY-8801");
  EXPECT_EQ(Prov(l, "model"), "embedded:item.props[name=货号]");
  EXPECT_EQ(l.manufacturer.name, "泉州校园星服饰有限公司");
  EXPECT_EQ(l.manufacturer.address, "福建省泉州市晋江市陈埭镇服装城2号");
  EXPECT_EQ(l.standards, (V{"GB/T 31888-2015", "GB 31701-2015"}));
  EXPECT_EQ(l.safety_category, "B类");
  EXPECT_EQ(l.materials, "棉65% 聚酯纤维35%");
  EXPECT_EQ(l.warnings, (V{"不可漂白", "低温熨烫"}));
  EXPECT_FALSE(l.age_range.has_value());
  EXPECT_TRUE(l.ccc.empty());
  EXPECT_EQ(l.images.size(), 2u);
  EXPECT_EQ(l.description, "透气舒适，适合学校日常穿着。");
  EXPECT_EQ(l.shop.id, "k2002");
  EXPECT_EQ(l.shop.name, "校园星官方店");
  EXPECT_EQ(l.shop.url, "http://m.kuaigou.test/store/k2002");
  ASSERT_EQ(l.attributes.size(), 9u);
  EXPECT_EQ(l.attributes[7], (std::pair<std::string, std::string>{"适用身高", "120-170cm"}));
}

TEST(KuaigouProfile, StoreAndSearchPages) {
  PageExtract s = Extract("kuaigou", "http://m.kuaigou.test/store/k2002",
                          ReadFixture("kuaigou/store_k2002.html"));
  EXPECT_EQ(s.kind, PageKind::kShop);
  EXPECT_EQ(s.shop_id, "k2002");
  ASSERT_TRUE(s.seller.has_value());
  EXPECT_EQ(s.seller->company, "泉州校园星服饰有限公司");
  EXPECT_EQ(s.seller->credit_code, "92350103MA31ABCD50");
  EXPECT_EQ(s.seller->region_code, "350103");
  EXPECT_EQ(s.seller->license_no, "JY23501030054321");
  PageExtract l = Extract("kuaigou", "http://m.kuaigou.test/s?kw=%E7%AB%A5%E8%A3%85&p=1",
                          ReadFixture("kuaigou/search_p1.html"));
  EXPECT_EQ(l.kind, PageKind::kList);
  EXPECT_THAT(l.links, Contains("/goods/detail?id=6023456792&spm=x.y"));
}

// ---- 蓝猫网: GBK, spec table ---------------------------------------------

TEST(LanmaoProfile, GbkItemPageFieldByField) {
  for (const char* ct : {"text/html; charset=GBK", ""}) {
    PageExtract x = Extract("lanmao", "http://www.lanmao.test/product/6034567890.htm",
                            ReadFixture("lanmao/product_6034567890.htm"), ct);
    EXPECT_EQ(x.kind, PageKind::kItem);
    EXPECT_EQ(x.charset, "GB18030");
    ASSERT_TRUE(x.listing.has_value());
    const Listing& l = *x.listing;
    EXPECT_EQ(l.item_id, "6034567890");
    EXPECT_EQ(l.title, "婴儿连体衣 纯棉 0-3个月");
    EXPECT_EQ(Prov(l, "title"), "selector:h1.prod-title");
    ASSERT_TRUE(l.price.has_value());
    EXPECT_DOUBLE_EQ(l.price->amount, 59.0);
    EXPECT_EQ(l.price->currency, "CNY");
    EXPECT_EQ(l.category_path, (V{"首页", "童装", "婴儿服"}));
    EXPECT_EQ(l.brand, "小蓝猫");
    EXPECT_EQ(l.model, "LM-0366");
    EXPECT_EQ(l.manufacturer.name, "福州小蓝猫服饰有限公司");
    EXPECT_EQ(Prov(l, "manufacturer.name"), "table:生产企业");
    EXPECT_EQ(l.manufacturer.address, "福建省福州市仓山区建新镇工业园3号");
    EXPECT_EQ(l.standards, (V{"GB 31701-2015", "GB 18401-2010"}));
    EXPECT_EQ(l.safety_category, "A类 婴幼儿用品");
    EXPECT_EQ(l.materials, "棉95% 氨纶5%");
    EXPECT_EQ(l.age_range, "0-3个月");
    EXPECT_TRUE(l.ccc.empty());
    EXPECT_EQ(l.warnings, (V{"请远离火源", "洗涤时反面清洗"}));
    EXPECT_EQ(l.description, "A类婴幼儿用品， 柔软透气。");
    EXPECT_EQ(l.images, (V{"http://www.lanmao.test/img/6034567890_1.jpg"}));
    EXPECT_EQ(l.shop.name, "福州小蓝猫服饰有限公司");
    EXPECT_EQ(l.shop.url, "http://www.lanmao.test/company/m3003.htm");
    EXPECT_EQ(l.shop.id, "m3003");
    ASSERT_EQ(l.attributes.size(), 10u);
    EXPECT_EQ(l.attributes[2].first, "生产企业");
    EXPECT_EQ(l.attributes[9], (std::pair<std::string, std::string>{"尺码", "59cm"}));
  }
}

TEST(LanmaoProfile, CompanyAndListPages) {
  PageExtract s = Extract("lanmao", "http://www.lanmao.test/company/m3003.htm",
                          ReadFixture("lanmao/company_m3003.htm"), "text/html; charset=GBK");
  EXPECT_EQ(s.kind, PageKind::kShop);
  EXPECT_EQ(s.shop_id, "m3003");
  ASSERT_TRUE(s.seller.has_value());
  EXPECT_EQ(s.seller->company, "福州小蓝猫服饰有限公司");
  EXPECT_EQ(s.seller->address, "福建省福州市仓山区建新镇工业园3号");
  EXPECT_EQ(s.seller->credit_code, "91350104MA8RTY4561");
  EXPECT_EQ(s.seller->license_no, "350104100012345");
  PageExtract l = Extract("lanmao", "http://www.lanmao.test/list/clothing_1.htm",
                          ReadFixture("lanmao/list_clothing_1.htm"), "text/html; charset=GBK");
  EXPECT_EQ(l.kind, PageKind::kList);
  EXPECT_THAT(l.links, ElementsAre("/product/6034567890.htm", "/list/clothing_2.htm"));
  PageExtract o = Extract("lanmao", "http://www.lanmao.test/",
                          "<a href='/list/toy_1.htm'>玩具</a><!-- <a href='/hidden'> -->"
                          "<script>document.write('<a href=\"/js\">')</script>"
                          "<noscript><a href=/list/shoes_1.htm>童鞋</a></noscript>");
  EXPECT_EQ(o.kind, PageKind::kOther);
  EXPECT_THAT(o.links, ElementsAre("/list/toy_1.htm", "/list/shoes_1.htm"));
}

TEST(PageExtractor, BaseHrefIsReported) {
  PageExtract x =
      Extract("lanmao", "http://www.lanmao.test/list/toy_1.htm",
              "<head><base href=\"http://www.lanmao.test/x/\"></head><a href=\"a.htm\">a</a>");
  EXPECT_EQ(x.base_url, "http://www.lanmao.test/x/");
}

// ---- sources not used by the shipped profiles ----------------------------------

TEST(PageExtractor, MetaMicrodataAndJsonLdTypeSources) {
  Result<SiteProfile> p = ParseSiteProfile(R"(
id = "md"
hosts = ["md.test"]
item_url_pattern = '^/p/(\d+)'
[[fields.title]]
microdata = "name"
[[fields.description]]
meta = "og:description"
[[fields.price]]
microdata = "offers.price"
[[fields."price.currency"]]
microdata = "offers.priceCurrency"
[[fields.category_path]]
jsonld = "itemListElement.name"
type = "BreadcrumbList"
[[fields.brand]]
jsonld = "additionalProperty"
keys = ["品牌"]
[[fields.item_id]]
selector = "[data-sku]"
attr = "data-sku"
)",
                                           "md.toml");
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  FetchedPage page{"http://md.test/p/77", "", R"(<html><head>
<meta property="og:description" content="  描述  文字 ">
<script type="application/ld+json">{"@type":"BreadcrumbList","itemListElement":[{"name":"玩具"},{"name":"积木"}]}</script>
<script type="application/ld+json">{"@type":"Product","additionalProperty":[{"name":"品牌","value":"乐思童"}]}</script>
</head><body><div itemscope itemtype="https://schema.org/Product" data-sku="X1">
<h1 itemprop="name">积木</h1><div itemprop="offers" itemscope itemtype="https://schema.org/Offer">
<meta itemprop="price" content="1,299.50"><meta itemprop="priceCurrency" content="USD"></div></div></body></html>)",
                   ""};
  Result<PageExtract> r = ExtractPage(*p, page);
  ASSERT_TRUE(r.ok());
  ASSERT_TRUE(r->listing.has_value());
  const Listing& l = *r->listing;
  EXPECT_EQ(l.item_id, "77");  // the URL pattern wins over the field
  EXPECT_EQ(l.title, "积木");
  EXPECT_EQ(Prov(l, "title"), "microdata:name");
  EXPECT_EQ(l.description, "描述 文字");
  EXPECT_EQ(Prov(l, "description"), "meta:og:description");
  ASSERT_TRUE(l.price.has_value());
  EXPECT_DOUBLE_EQ(l.price->amount, 1299.5);
  EXPECT_EQ(l.price->currency, "USD");
  EXPECT_EQ(l.category_path, (V{"玩具", "积木"}));
  EXPECT_EQ(l.brand, "乐思童");
}

// ---- hostile input ----------------------------------------------------------

using Clock = std::chrono::steady_clock;
// Generous bound: these guard against hangs and blow-ups, not speed.
constexpr auto kBudget = std::chrono::seconds(30);

TEST(PageExtractorHostile, HundredThousandDeepNestingReturns) {
  std::string body = "<html><body><h1 class=\"prod-title\">深</h1>";
  for (int i = 0; i < 100000; ++i) body += "<div>";
  body += "<table class=\"spec-table\"><tr><th>品牌</th><td>x</td></tr></table>";
  auto start = Clock::now();
  PageExtract x =
      Extract("lanmao", "http://www.lanmao.test/product/1.htm", body, "text/html; charset=utf-8");
  EXPECT_LT(Clock::now() - start, kBudget);
  ASSERT_TRUE(x.listing.has_value());
  EXPECT_EQ(x.listing->title, "深");
}

TEST(PageExtractorHostile, DeeplyNestedStateAndJsonLd) {
  std::string deep(100000, '[');
  std::string body = "<script type=\"application/ld+json\">" + deep +
                     "</script><script>window.__INIT_STATE__ = " + deep + "</script>";
  PageExtract k = Extract("kuaigou", "http://m.kuaigou.test/goods/detail?id=1", body);
  ASSERT_TRUE(k.listing.has_value());
  EXPECT_FALSE(k.listing->title.has_value());
  PageExtract t = Extract("tiantu", "http://mall.tiantu.test/item/1.html", body);
  ASSERT_TRUE(t.listing.has_value());
  EXPECT_FALSE(t.listing->title.has_value());
}

TEST(PageExtractorHostile, FiveMegabytePageReturns) {
  std::string body = "<html><body><h1 class=\"prod-title\">大</h1><table class=\"spec-table\">";
  while (body.size() < 5u * 1024 * 1024) body += "<tr><th>参数</th><td>值值值值值值</td></tr>\n";
  body += "<tr><th>执行标准</th><td>GB 6675.1-2014</td></tr></table></body></html>";
  auto start = Clock::now();
  PageExtract x =
      Extract("lanmao", "http://www.lanmao.test/product/2.htm", body, "text/html; charset=utf-8");
  EXPECT_LT(Clock::now() - start, kBudget);
  ASSERT_TRUE(x.listing.has_value());
  EXPECT_EQ(x.listing->standards, (V{"GB 6675.1-2014"}));
}

TEST(PageExtractorHostile, NulBytesAndGarbage) {
  std::string body = ReadFixture("tiantu/item_6012345678.html");
  for (size_t i = 0; i < body.size(); i += 97) body[i] = '\0';
  body += std::string("\0\xFF\xFE<\0<<a href=\0", 16);
  PageExtract x = Extract("tiantu", "http://mall.tiantu.test/item/6012345678.html", body);
  EXPECT_EQ(x.kind, PageKind::kItem);
  for (const char* s :
       {"", "<", "<a", "<a href=", "<!--", "<script>", "</", "<<<>>>", "&#x110000;&#0;"}) {
    PageExtract y = Extract("lanmao", "http://www.lanmao.test/product/3.htm", s);
    EXPECT_EQ(y.kind, PageKind::kItem);
  }
}

}  // namespace
}  // namespace shouhu::parsers

namespace shouhu::parsers {
namespace {

// Regression: "GB 30585-2014 QB/T 2880-2016" split at '/' by a profile gave
// "GB 30585-2014 QB" and "T 2880-2016", and every compliant children's shoe was
// flagged for an unrecognisable standard.
TEST(NormalizeStandardCodes, RejoinsSlashPrefixAfterAnotherCodeInTheSameValue) {
  EXPECT_EQ(NormalizeStandardCodes({"GB 30585-2014 QB", "T 2880-2016"}),
            (std::vector<std::string>{"GB 30585-2014", "QB/T 2880-2016"}));
  EXPECT_EQ(NormalizeStandardCodes({"GB", "T 31888-2015"}),
            (std::vector<std::string>{"GB/T 31888-2015"}));
  EXPECT_EQ(NormalizeStandardCodes({"GB 31701-2015 GB 18401-2010"}),
            (std::vector<std::string>{"GB 31701-2015", "GB 18401-2010"}));
  EXPECT_EQ(NormalizeStandardCodes({"GB 6675.1-2014", "Toy"}),
            (std::vector<std::string>{"GB 6675.1-2014", "Toy"}));
}

}  // namespace
}  // namespace shouhu::parsers

namespace shouhu::parsers {
namespace {

using Clock2 = std::chrono::steady_clock;

// A 50 MB page is refused by the input budget before any decoding or scanning.
TEST(PageExtractorHostile, FiftyMegabytePageIsRefusedByTheBudget) {
  std::string body = "<html><body><h1 class=\"prod-title\">大</h1><table class=\"spec-table\">";
  const std::string row = "<tr><th>参数</th><td>值值值值值值</td></tr>\n";
  body.reserve(50u * 1000 * 1000 + row.size());
  while (body.size() < 50u * 1000 * 1000) body += row;
  auto start = Clock2::now();
  FetchedPage page{"http://www.lanmao.test/product/5.htm", "text/html; charset=utf-8",
                   std::move(body), "2026-11-11T00:00:00Z"};
  Result<PageExtract> r = ExtractPage(Profile("lanmao"), page);
  EXPECT_LT(Clock2::now() - start, std::chrono::seconds(1));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kParseError);
  EXPECT_NE(r.status().message().find("budget"), std::string::npos) << r.status().ToString();
}

// The DOM's own input budget, when a caller parses a big page directly.
TEST(PageExtractorHostile, DomInputBudgetTruncatesBigInputQuickly) {
  std::string body = "<html><body><p>头</p>";
  while (body.size() < 50u * 1000 * 1000) body += "<div>填充填充填充填充</div>";
  DomLimits limits;
  limits.max_input_bytes = 1u << 20;
  auto start = Clock2::now();
  Document doc = Document::Parse(body, limits);
  EXPECT_LT(Clock2::now() - start, std::chrono::seconds(5));
  EXPECT_TRUE(doc.truncated());
  EXPECT_LT(doc.size(), 200000u);
}

// 100 000 unclosed formatting elements exercise the parser's active-formatting list
// (adoption agency), which is not covered by the plain <div> nesting test.
TEST(PageExtractorHostile, HundredThousandFormattingElements) {
  std::string body = "<html><body><h1 class=\"prod-title\">格</h1>";
  for (int i = 0; i < 100000; ++i)
    body += (i % 3 == 0) ? "<b>" : (i % 3 == 1) ? "<i><a href=#>" : "<table><td>";
  body += "</a></p></b>";
  auto start = Clock2::now();
  PageExtract x =
      Extract("lanmao", "http://www.lanmao.test/product/6.htm", body, "text/html; charset=utf-8");
  EXPECT_LT(Clock2::now() - start, std::chrono::seconds(30));
  ASSERT_TRUE(x.listing.has_value());
  EXPECT_EQ(x.listing->title, "格");
}

TEST(PageExtractorHostile, BrokenTags) {
  const std::string head =
      "<html><body><h1 class=\"prod-title\">断</h1><table class=\"spec-table\">";
  const std::string row = "<tr><th>执行标准</th><td>GB 6675.1-2014</td></tr>";
  for (const std::string& junk :
       {std::string("<div class=\"a"), std::string("</p></p></td></tr></table></table>"),
        std::string("<tr><td><th>"), std::string("<a href='x\" <b <i =>"),
        std::string("<!-- never closed"), std::string("<script>var a = '</scr' + 'ipt>';"),
        std::string("<![CDATA[ x"), std::string("</html></body>"), std::string("<td <tr <th"),
        std::string("<\x01\x02\x7f>")}) {
    std::string body = head + row + junk + row + "</table>";
    PageExtract x =
        Extract("lanmao", "http://www.lanmao.test/product/7.htm", body, "text/html; charset=utf-8");
    ASSERT_TRUE(x.listing.has_value()) << junk;
    EXPECT_EQ(x.listing->title, "断") << junk;
    EXPECT_THAT(x.listing->standards, Contains("GB 6675.1-2014")) << junk;
    // And the junk alone, at the start of a page.
    PageExtract y = Extract("tiantu", "http://mall.tiantu.test/item/7.html", junk);
    EXPECT_EQ(y.kind, PageKind::kItem) << junk;
  }
}

}  // namespace
}  // namespace shouhu::parsers

namespace shouhu::parsers {
namespace {

TEST(ClassifyUrl, NamesPageKindAndCapturedIdFromTheProfilePatterns) {
  SiteProfile p;
  p.item_url_pattern = R"(^/item/(\d+)\.html)";
  p.shop_url_pattern = R"(^/shop/([A-Za-z0-9_-]+))";
  p.list_url_pattern = R"(^/(?:search\?|category/))";
  PageTarget item = ClassifyUrl(p, "http://mall.tiantu.test:8080/item/6012345678.html?spm=x");
  EXPECT_EQ(item.kind, PageKind::kItem);
  EXPECT_EQ(item.id, "6012345678");
  PageTarget shop = ClassifyUrl(p, "http://mall.tiantu.test/shop/10001");
  EXPECT_EQ(shop.kind, PageKind::kShop);
  EXPECT_EQ(shop.id, "10001");
  EXPECT_EQ(ClassifyUrl(p, "http://mall.tiantu.test/category/toy?page=2").kind, PageKind::kList);
  PageTarget other = ClassifyUrl(p, "http://mall.tiantu.test/calendar/2026/11");
  EXPECT_EQ(other.kind, PageKind::kOther);
  EXPECT_TRUE(other.id.empty());
}

}  // namespace
}  // namespace shouhu::parsers
