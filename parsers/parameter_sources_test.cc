// Parameter lists as platforms write them (pairs, items, tables with groups and
// tooltips), URL resolution, price ranges, seller data on the item page and the
// decoded charset: each on a small inline page and profile.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "parsers/page_extractor.h"
#include "parsers/site_profile.h"

namespace shouhu::parsers {
namespace {

using Rows = std::vector<AttributeRow>;
using V = std::vector<std::string>;

const std::string kHead = R"(id = "t"
hosts = ["shop.example.test"]
item_url_pattern = '^/item/(\d+)\.html'
)";

SiteProfile MustParse(const std::string& fields) {
  Result<SiteProfile> p = ParseSiteProfile(kHead + fields, "t.toml");
  EXPECT_TRUE(p.ok()) << p.status().ToString();
  return p.ok() ? *p : SiteProfile{};
}

Listing ExtractWith(const std::string& fields, const std::string& html,
                    const std::string& url = "https://shop.example.test/item/42.html",
                    const std::string& content_type = "text/html; charset=utf-8") {
  SiteProfile p = MustParse(fields);
  Result<PageExtract> x =
      ExtractPage(p, FetchedPage{url, content_type, html, "2026-06-01T00:00:00Z"});
  EXPECT_TRUE(x.ok()) << x.status().ToString();
  if (!x.ok() || !x->listing) {
    ADD_FAILURE() << "no listing";
    return Listing{};
  }
  return *x->listing;
}

// JD-like: one dl per group of consecutive dt/dd, a tooltip dd before the value,
// and in the second group each pair in its own nested dl.
const char kJdSpec[] = R"(<html><body>
<ul class="parameter2"><li title="乐高">品牌：乐高</li><li>商品编号: 100042</li><li>无冒号的条目</li></ul>
<div class="Ptable">
 <div class="Ptable-item"><h3>主体</h3>
  <dl><dt>品牌</dt><dd>乐高</dd>
      <dt>型号</dt><dd class="Ptable-tips"><a href="#"><i></i></a><div class="tips"><p>型号是厂家给的编号</p></div></dd><dd>LG-10698</dd>
      <dt>适用年龄</dt><dd>4-99岁</dd></dl></div>
 <div class="Ptable-item"><h3>安全信息</h3>
  <dl><dl class="clearfix"><dt>执行标准</dt><dd>GB 6675.1-2014</dd></dl>
      <dl class="clearfix"><dt>3C证书编号</dt><dd class="Ptable-tips"><p>见包装</p></dd><dd>2021012207123456</dd></dl>
      <dl class="clearfix"><dt>品牌</dt><dd>LEGO</dd></dl></dl></div>
</div>
<div class="recommend"><dl><dt>品牌</dt><dd>别家</dd></dl></div>
</body></html>)";

TEST(PairsSource, ReadsConsecutivePairsGroupsAndSkipsTooltips) {
  Listing l = ExtractWith(R"(
[[fields.attributes]]
pairs = { container = "div.Ptable-item", key = "dt", value = "dd", skip = "dd.Ptable-tips", group = "div.Ptable-item h3" }
[[fields.model]]
pairs = { container = "div.Ptable-item", skip = "dd.Ptable-tips" }
keys = ["型号"]
)",
                          kJdSpec);
  EXPECT_EQ(l.attribute_rows, (Rows{{"主体", "品牌", "乐高"},
                                    {"主体", "型号", "LG-10698"},
                                    {"主体", "适用年龄", "4-99岁"},
                                    {"安全信息", "执行标准", "GB 6675.1-2014"},
                                    {"安全信息", "3C证书编号", "2021012207123456"},
                                    {"安全信息", "品牌", "LEGO"}}));
  // A repeated name keeps its first value in attributes; every row stays in attribute_rows.
  ASSERT_EQ(l.attributes.size(), 5u);
  EXPECT_EQ(l.attributes[0], (std::pair<std::string, std::string>{"品牌", "乐高"}));
  EXPECT_EQ(l.model, "LG-10698");
  EXPECT_EQ(l.provenance["model"].source, "pairs");
  EXPECT_EQ(l.provenance["model"].path, "型号");
  // The CCC number in the table reaches the ccc field through normalisation.
  EXPECT_EQ(l.ccc, V{"2021012207123456"});
}

TEST(PairsSource, WithoutSkipTheTooltipIsTakenAsTheValue) {
  Listing l = ExtractWith(R"(
[[fields.model]]
pairs = { container = "div.Ptable-item" }
keys = ["型号"]
)",
                          kJdSpec);
  EXPECT_EQ(l.model, "型号是厂家给的编号");
}

TEST(ItemsSource, SplitsKeyValueTextAtTheFirstColon) {
  Listing l2 = ExtractWith(R"(
[[fields.attributes]]
items = { rows = "ul.parameter2 li" }
)",
                           "<ul class=parameter2><li>品牌：乐高</li><li>商品编号: 100042</li>"
                           "<li>无冒号的条目</li><li>时间：10:30</li><li>：空名</li>"
                           "<li>材质&nbsp;:&nbsp;ABS塑料</li></ul>");
  EXPECT_EQ(l2.attribute_rows, (Rows{{"", "品牌", "乐高"},
                                     {"", "商品编号", "100042"},
                                     {"", "时间", "10:30"},
                                     {"", "材质", "ABS塑料"}}));
}

TEST(TableSource, GroupHeaderRowsNameTheRowsBelow) {
  Listing l = ExtractWith(R"(
[[fields.attributes]]
table = { rows = "table.tm-tableAttr tr", group = "tr.tm-tableAttrSub" }
[[fields.brand]]
table = { rows = "table.tm-tableAttr tr", group = "tr.tm-tableAttrSub" }
keys = ["品牌"]
)",
                          R"(<table class="tm-tableAttr"><tbody>
<tr class="tm-tableAttrSub"><th colspan="2">基本信息</th></tr>
<tr><th>品牌</th><td>&nbsp;小熊</td></tr><tr><th>货号</th><td>XB-01</td></tr>
<tr class="tm-tableAttrSub"><th colspan="2">安全信息</th></tr>
<tr><th>安全类别</th><td>B类</td></tr></tbody></table>)");
  EXPECT_EQ(l.attribute_rows, (Rows{{"基本信息", "品牌", "小熊"},
                                    {"基本信息", "货号", "XB-01"},
                                    {"安全信息", "安全类别", "B类"}}));
  EXPECT_EQ(l.brand, "小熊");
}

TEST(AttributesField, EverySourceAddsItsRows) {
  Listing l = ExtractWith(R"(
[[fields.attributes]]
items = { rows = "ul.parameter2 li" }
[[fields.attributes]]
pairs = { container = "div.Ptable-item", skip = "dd.Ptable-tips", group = "h3" }
)",
                          kJdSpec);
  ASSERT_EQ(l.attribute_rows.size(), 8u);
  EXPECT_EQ(l.attribute_rows[0], (AttributeRow{"", "品牌", "乐高"}));
  EXPECT_EQ(l.attribute_rows[2], (AttributeRow{"主体", "品牌", "乐高"}));
  EXPECT_EQ(l.provenance["attributes"].source, "items");
}

TEST(EmbeddedSource, MapsAndValuePathsAsNameValueLists) {
  const std::string page = R"(<script>window.__STATE__ = {"goods": {
    "props": {"品牌": "小熊", "适用年龄": "3-6岁"},
    "specs": [{"name": "材质", "message": [{"desc": "棉"}, {"desc": "涤纶"}]}],
    "minPrice": 2990, "maxPrice": 3990}};</script>)";
  Listing l = ExtractWith(R"(
embedded_state_pattern = 'window\.__STATE__\s*=\s*'
[[fields.attributes]]
embedded = "goods.props"
[[fields.attributes]]
embedded = "goods.specs"
value_key = "message.desc"
[[fields.age_range]]
embedded = "goods.props"
keys = ["适用年龄"]
[[fields."price.min"]]
embedded = "goods.minPrice"
scale = 0.01
[[fields."price.max"]]
embedded = "goods.maxPrice"
scale = 0.01
)",
                          page);
  EXPECT_EQ(l.attribute_rows,
            (Rows{{"", "品牌", "小熊"}, {"", "适用年龄", "3-6岁"}, {"", "材质", "棉 涤纶"}}));
  EXPECT_EQ(l.age_range, "3-6岁");
  ASSERT_TRUE(l.price.has_value());
  EXPECT_DOUBLE_EQ(l.price->amount, 29.9);
  EXPECT_DOUBLE_EQ(*l.price->min, 29.9);
  EXPECT_DOUBLE_EQ(*l.price->max, 39.9);
  EXPECT_EQ(l.provenance["price"].path, "goods.minPrice");
  // Scaled values are rounded: 2990 fen is 29.9, not 29.900000000000002.
  EXPECT_EQ(ListingToJson(l)["price"].dump(),
            R"({"amount":29.9,"currency":"CNY","max":39.9,"min":29.9,"text":"2990"})");
}

TEST(ListFields, TakeEveryMatchingRowAndEntry) {
  Listing l = ExtractWith(
      R"(
embedded_state_pattern = 'window\.__STATE__\s*=\s*'
[[fields.standards]]
pairs = { container = "dl.spec" }
keys = ["执行标准", "安全标准"]
[[fields.warnings]]
embedded = "props"
keys = ["警示语"]
[[fields.brand]]
pairs = { container = "dl.spec" }
keys = ["品牌"]
)",
      R"(<dl class="spec"><dt>品牌</dt><dd>小熊</dd><dt>执行标准</dt><dd>QB/T 1333-2018</dd>
<dt>品牌</dt><dd>别名</dd><dt>安全标准</dt><dd>GB 21027-2020</dd></dl>
<script>window.__STATE__ = {"props": [{"name": "警示语", "value": "请在成人监护下使用"},
  {"name": "材质", "value": "棉"}, {"name": "警示语", "value": "含小零件"}]};</script>)");
  EXPECT_EQ(l.standards, (V{"QB/T 1333-2018", "GB 21027-2020"}));
  EXPECT_EQ(l.warnings, (V{"请在成人监护下使用", "含小零件"}));
  EXPECT_EQ(l.brand, "小熊");  // a scalar: the first row
}

TEST(SelectorAttr, AListTakesTheFirstAttributePresentPerElement) {
  Listing l = ExtractWith(
      R"(
[[fields.images]]
selector = "ul#thumbs img"
attr = ["data-src", "src"]
)",
      R"(<ul id="thumbs"><img src="//img.test/1.jpg"><img src="//img.test/s.gif" data-src="//img.test/2.jpg">
<img data-src="" src="//img.test/3.jpg"><img alt="none"></ul>)");
  EXPECT_EQ(l.images,
            (V{"https://img.test/1.jpg", "https://img.test/2.jpg", "https://img.test/3.jpg"}));
  EXPECT_EQ(l.provenance["images"].path, "ul#thumbs img @data-src|src");
}

TEST(Price, RangesKeepMinMaxAndTheText) {
  auto price = [](const std::string& text) {
    Listing l = ExtractWith("[[fields.price]]\nselector = \"span.p\"\n",
                            "<span class=p>" + text + "</span>");
    return l.price;
  };
  auto r = price("5499.00-6799.00");
  ASSERT_TRUE(r);
  EXPECT_DOUBLE_EQ(r->amount, 5499);
  EXPECT_DOUBLE_EQ(*r->min, 5499);
  EXPECT_DOUBLE_EQ(*r->max, 6799);
  EXPECT_EQ(r->text, "5499.00-6799.00");
  EXPECT_EQ(r->currency, "CNY");
  r = price("¥89 ~ ¥129");
  ASSERT_TRUE(r && r->max);
  EXPECT_DOUBLE_EQ(*r->max, 129);
  r = price("89元至129元");
  ASSERT_TRUE(r && r->max);
  EXPECT_DOUBLE_EQ(*r->max, 129);
  r = price("￥1,299.00");
  ASSERT_TRUE(r);
  EXPECT_DOUBLE_EQ(r->amount, 1299);
  EXPECT_FALSE(r->min || r->max);
  // Not a range: a date or a model number after the price, or a falling pair.
  r = price("59.00 - 满200减20");
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->max);
  r = price("99-59");
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->max);
}

TEST(Urls, ResolvedAgainstThePageAndBase) {
  const std::string fields = R"(
[[fields."shop.url"]]
selector = "a.shop"
attr = "href"
[[fields.images]]
selector = "ul.gallery img"
attr = "src"
)";
  Listing l = ExtractWith(fields,
                          R"(<a class=shop href="//mall.example.test/index-1000123.html">店</a>
<ul class=gallery><img src="//img.example.test/a.jpg"><img src="/b.jpg"><img src="c.jpg?x=1">
<img src="https://cdn.example.test/d.jpg"></ul>)",
                          "https://shop.example.test/item/42.html");
  EXPECT_EQ(l.shop.url, "https://mall.example.test/index-1000123.html");
  EXPECT_EQ(l.images,
            (V{"https://img.example.test/a.jpg", "https://shop.example.test/b.jpg",
               "https://shop.example.test/item/c.jpg?x=1", "https://cdn.example.test/d.jpg"}));
  // <base href> (itself relative) decides, as in a browser.
  Listing b =
      ExtractWith(fields, R"(<base href="/static/"><ul class=gallery><img src="e.jpg"></ul>)",
                  "http://shop.example.test/item/42.html");
  EXPECT_EQ(b.images, V{"http://shop.example.test/static/e.jpg"});
}

TEST(SellerOnItemPage, LicenceBlockFillsSellerWithProvenance) {
  Listing l = ExtractWith(R"(
[[fields.seller.company]]
items = { rows = "div.license li" }
keys = ["企业名称"]
[[fields.seller.credit_code]]
items = { rows = "div.license li" }
keys = ["统一社会信用代码"]
[[fields."seller.license_no"]]
selector = "div.license span.no"
)",
                          R"(<div class="license"><h4>店铺证照信息</h4><ul>
<li>企业名称：福州童乐玩具有限公司</li><li>统一社会信用代码：91350100 ma2xy1234k</li></ul>
<span class=no>营业执照注册号：350100100012345</span></div>)");
  EXPECT_EQ(l.seller.company, "福州童乐玩具有限公司");
  EXPECT_EQ(l.seller.credit_code, "91350100MA2XY1234K");
  EXPECT_EQ(l.seller.region_code, "350100");
  EXPECT_EQ(l.seller.license_no, "350100100012345");
  EXPECT_EQ(l.provenance["seller.company"].source, "items");
  EXPECT_EQ(l.provenance["seller.license_no"].source, "selector");
}

TEST(ShopPage, ShopNameBesideTheLicenceData) {
  Result<SiteProfile> p = ParseSiteProfile(kHead + R"(shop_url_pattern = '^/shop/(\w+)'
[[shop.fields.shop_name]]
selector = "h1.shop-name"
[[shop.fields.company]]
items = { rows = "ul.license li" }
keys = ["企业名称"]
)",
                                           "t.toml");
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  Result<PageExtract> x = ExtractPage(
      *p,
      FetchedPage{
          "https://shop.example.test/shop/s9", "",
          "<h1 class=shop-name>童趣旗舰店</h1><ul class=license><li>企业名称：童趣公司</li></ul>",
          ""});
  ASSERT_TRUE(x.ok());
  EXPECT_EQ(x->kind, PageKind::kShop);
  EXPECT_EQ(x->shop_id, "s9");
  EXPECT_EQ(x->shop_name, "童趣旗舰店");
  ASSERT_TRUE(x->seller.has_value());
  EXPECT_EQ(x->seller->company, "童趣公司");
}

TEST(Charset, TheListingSaysWhatThePageWasDecodedWith) {
  Listing u = ExtractWith("[[fields.title]]\nselector = \"h1\"\n", "<h1>童装</h1>");
  EXPECT_EQ(u.fetched_charset, "UTF-8");
  // "玩具" in GBK (bytes that are not valid UTF-8).
  Listing g = ExtractWith("[[fields.title]]\nselector = \"h1\"\n", "<h1>\xCD\xE6\xBE\xDF</h1>",
                          "https://shop.example.test/item/42.html", "text/html; charset=gbk");
  EXPECT_EQ(g.fetched_charset, "GB18030");
  EXPECT_EQ(g.title, "玩具");
}

TEST(ParameterSourceErrors, NameFileLineAndKey) {
  auto error = [](const std::string& fields) {
    Result<SiteProfile> p = ParseSiteProfile(kHead + fields, "t.toml");
    return p.ok() ? std::string("ok") : p.status().message();
  };
  EXPECT_NE(error("[[fields.brand]]\npairs = { container = \"dl\" }\n").find("needs 'keys'"),
            std::string::npos);
  EXPECT_NE(error("[[fields.attributes]]\npairs = { key = \"dt\" }\n").find("container"),
            std::string::npos);
  EXPECT_NE(error("[[fields.attributes]]\nitems = { rows = \"li\", key = \"b\" }\n")
                .find("t.toml:5: key 'fields.attributes[0].items.key'"),
            std::string::npos)
      << error("[[fields.attributes]]\nitems = { rows = \"li\", key = \"b\" }\n");
  EXPECT_NE(error("[[fields.attributes]]\npairs = { container = \"dl\", skip = \"dd >\" }\n")
                .find("skip"),
            std::string::npos);
  EXPECT_NE(error("[[fields.title]]\nselector = \"h1\"\nscale = 0.01\n").find("price fields"),
            std::string::npos);
  EXPECT_NE(error("[[fields.price]]\nselector = \"h1\"\nscale = 0\n").find("above 0"),
            std::string::npos);
  EXPECT_EQ(error("[[fields.\"seller.company\"]]\nselector = \"h1\"\n"), "ok");
  EXPECT_NE(error("[[fields.images]]\nselector = \"img\"\nattr = []\n").find("attribute name"),
            std::string::npos);
  EXPECT_NE(error("[[fields.images]]\ntable = { rows = \"tr\" }\nkeys = [\"x\"]\nattr = \"src\"\n")
                .find("selector sources only"),
            std::string::npos);
}

}  // namespace
}  // namespace shouhu::parsers
