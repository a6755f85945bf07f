#include "parsers/structured_data.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "base/url.h"

namespace shouhu::parsers {
namespace {

using nlohmann::json;

std::vector<std::string> Strings(const json& root, const std::string& path) {
  std::vector<std::string> out;
  for (const json* v : ResolveJsonPath(root, path)) JsonToStrings(*v, &out);
  return out;
}

using V = std::vector<std::string>;

TEST(LenientJson, CommentsTrailingCommasControlCharsAndJsLiterals) {
  auto j = ParseLenientJson(
      "{ // a comment\n \"a\": [1, 2, 3,], /* block */ \"b\": \"line1\nline2\ttab\",\n"
      " c: 'single \"q\"', \"d\": undefined, }");
  ASSERT_TRUE(j.has_value());
  EXPECT_EQ((*j)["a"].size(), 3u);
  EXPECT_EQ((*j)["b"], "line1\nline2\ttab");
  EXPECT_EQ((*j)["c"], "single \"q\"");
  EXPECT_TRUE((*j)["d"].is_null());
  EXPECT_FALSE(ParseLenientJson("{\"a\": ").has_value());
  EXPECT_FALSE(ParseLenientJson("").has_value());
}

TEST(LenientJson, UrlsInsideStringsAreNotComments) {
  auto j = ParseLenientJson(R"({"u": "http://x.test/a//b", "v": "/* no */"})");
  ASSERT_TRUE(j.has_value());
  EXPECT_EQ((*j)["u"], "http://x.test/a//b");
  EXPECT_EQ((*j)["v"], "/* no */");
}

TEST(LenientJson, DeepNestingIsRejectedNotCrashed) {
  std::string deep(100000, '[');
  deep += std::string(100000, ']');
  EXPECT_FALSE(ParseLenientJson(deep).has_value());
}

TEST(ScanJsonValue, BalancedScanRespectsStrings) {
  std::string text = R"(x = {"a": "}{", "b": {"c": "\"}"}}; var y = 2;)";
  auto v = ScanJsonValue(text, 3);
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ(*v, R"({"a": "}{", "b": {"c": "\"}"}})");
  EXPECT_FALSE(ScanJsonValue("{\"a\": 1", 0).has_value());
  EXPECT_EQ(*ScanJsonValue("  42;", 0), "42");
}

TEST(JsonLd, AllScriptsGraphAndArraysAreFlattened) {
  std::string html = R"(<html><head>
<script type="application/ld+json">{"@context":"https://schema.org","@graph":[
  {"@type":"BreadcrumbList","itemListElement":[{"name":"玩具"},{"name":"益智玩具"}]},
  {"@type":"Organization","name":"店"}]}</script>
<script type="text/javascript">var a = "<script type='application/ld+json'>";</script>
<script type="application/ld+json; charset=utf-8">[{"@type":"WebPage"},
  {"@type":["Product","Thing"],"name":"积木", "offers":[{"price":"59.00"},{"price":"69.00"}],}]
</script></head></html>)";
  auto scripts = FindJsonLdScripts(html);
  EXPECT_EQ(scripts.size(), 2u);
  auto nodes = ParseJsonLd(html);
  ASSERT_EQ(nodes.size(), 4u);
  const json* product = FindJsonLdNode(nodes, "Product");
  ASSERT_NE(product, nullptr);
  EXPECT_EQ(Strings(*product, "name"), (V{"积木"}));
  EXPECT_EQ(Strings(*product, "offers.price"), (V{"59.00", "69.00"}));
  EXPECT_EQ(Strings(*product, "offers[1].price"), (V{"69.00"}));
  const json* crumbs = FindJsonLdNode(nodes, "BreadcrumbList");
  ASSERT_NE(crumbs, nullptr);
  EXPECT_EQ(Strings(*crumbs, "itemListElement.name"), (V{"玩具", "益智玩具"}));
  EXPECT_EQ(FindJsonLdNode(nodes, "Recipe"), nullptr);
}

TEST(JsonLd, SchemaOrgUrlTypesMatch) {
  auto nodes = ParseJsonLd(
      R"(<script type="application/ld+json">{"@type":"http://schema.org/Product","name":"x"}</script>)");
  EXPECT_NE(FindJsonLdNode(nodes, "Product"), nullptr);
}

TEST(EmbeddedState, ReadsExactlyOneValueAfterThePattern) {
  std::string html =
      R"(<script>window.__INIT_STATE__ = {"item": {"title": "a};b", "props": [{"name":"品牌","value":"乐思童"}]},
  "n": 1,};window.other = {"x": 1};</script>)";
  auto st = FindEmbeddedState(html, R"(window\.__INIT_STATE__\s*=\s*)");
  ASSERT_TRUE(st.ok());
  ASSERT_TRUE(st->has_value());
  EXPECT_EQ(Strings(**st, "item.title"), (V{"a};b"}));
  EXPECT_EQ(Strings(**st, "item.props[0].value"), (V{"乐思童"}));
  EXPECT_FALSE((**st).contains("x"));
}

TEST(EmbeddedState, AbsentMalformedAndBadPattern) {
  auto none = FindEmbeddedState("<p>nothing</p>", R"(window\.__INIT_STATE__\s*=)");
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
  auto broken =
      FindEmbeddedState("window.__INIT_STATE__ = {\"a\": [1, 2", R"(window\.__INIT_STATE__\s*=)");
  ASSERT_TRUE(broken.ok());
  EXPECT_FALSE(broken->has_value());
  EXPECT_FALSE(FindEmbeddedState("x", "(unclosed").ok());
}

TEST(JsonPath, SyntaxAndErrors) {
  EXPECT_TRUE(ParseJsonPath("item.props").ok());
  EXPECT_TRUE(ParseJsonPath("a[0].b").ok());
  EXPECT_TRUE(ParseJsonPath("image[*]").ok());
  EXPECT_TRUE(ParseJsonPath("@graph[1].name").ok());
  for (const char* bad : {"", ".a", "a.", "a..b", "a[", "a[x]", "a[0]b"}) {
    EXPECT_FALSE(ParseJsonPath(bad).ok()) << bad;
  }
  json j = json::parse(R"({"a":[{"b":1},{"b":2.5}],"t":true,"o":{"name":"N"},"z":null})");
  EXPECT_EQ(Strings(j, "a[0].b"), (V{"1"}));
  EXPECT_EQ(Strings(j, "a.b"), (V{"1", "2.5"}));
  EXPECT_EQ(Strings(j, "t"), (V{"true"}));
  EXPECT_EQ(Strings(j, "o"), (V{"N"}));
  EXPECT_TRUE(Strings(j, "z").empty());
  EXPECT_TRUE(Strings(j, "missing.x").empty());
}

TEST(Meta, OpenGraphAndNamedMeta) {
  auto metas = FindMetaTags(
      R"(<head><meta property="og:title" content="标题"><meta name="Keywords" content="k">
<meta charset="utf-8"></head><body><meta name="late" content="no"></body>)");
  ASSERT_EQ(metas.size(), 2u);
  EXPECT_EQ(metas[0], (std::pair<std::string, std::string>{"og:title", "标题"}));
  EXPECT_EQ(metas[1].first, "keywords");
}

TEST(Microdata, NestedItemscopes) {
  Document doc = Document::Parse(R"(<div itemscope itemtype="https://schema.org/Product">
  <h1 itemprop="name">积木</h1><img itemprop="image" src="/a.jpg">
  <div itemprop="offers" itemscope itemtype="https://schema.org/Offer">
    <meta itemprop="price" content="59.00"><span itemprop="priceCurrency">CNY</span>
    <div itemprop="seller" itemscope><span itemprop="name">店</span></div>
  </div>
  <div itemprop="brand" itemscope><span itemprop="name">乐思童</span></div>
</div>)");
  EXPECT_EQ(FindMicrodata(doc, "name"), (V{"积木"}));
  EXPECT_EQ(FindMicrodata(doc, "image"), (V{"/a.jpg"}));
  EXPECT_EQ(FindMicrodata(doc, "offers.price"), (V{"59.00"}));
  EXPECT_EQ(FindMicrodata(doc, "offers.seller.name"), (V{"店"}));
  EXPECT_EQ(FindMicrodata(doc, "brand.name"), (V{"乐思童"}));
  EXPECT_TRUE(FindMicrodata(doc, "name", "Recipe").empty());
}

}  // namespace
}  // namespace shouhu::parsers

namespace shouhu::parsers {
namespace {

TEST(Microdata, UrlValuesResolveAgainstTheBase) {
  EXPECT_EQ(ResolveReference("http://www.example.com/microdata/", "foo"),
            "http://www.example.com/microdata/foo");
  EXPECT_EQ(ResolveReference("http://some-example.com", "a.jpg"), "http://some-example.com/a.jpg");
  EXPECT_EQ(ResolveReference("http://h/x/y?q=1", "../z"), "http://h/z");
  EXPECT_EQ(ResolveReference("http://h/x/y", "//cdn.h/i.png"), "http://cdn.h/i.png");
  EXPECT_EQ(ResolveReference("http://h/x/y", "/p?a=b#f"), "http://h/p?a=b#f");
  EXPECT_EQ(ResolveReference("http://h/x/y", "https://o/"), "https://o/");
  EXPECT_EQ(ResolveReference("", "rel.jpg"), "rel.jpg");
}

TEST(Microdata, ItemrefNestedAndMultipleTypes) {
  Document doc = Document::Parse(
      R"(<div itemscope itemtype="http://schema.org/Product http://x/Toy" itemref="extra">
  <span itemprop="name brand">积木</span>
  <div itemprop="offers" itemscope itemtype="http://schema.org/Offer" itemid=" urn:o1 ">
    <time itemprop="validFrom" datetime="2026-01-01">元旦</time><data itemprop="price" value="59">¥59</data>
  </div></div>
<p id="extra"><a itemprop="url" href="/item/1"> 链接 </a><img itemprop="image" src="a.jpg"></p>)");
  MicrodataOptions opt;
  opt.base_url = "http://mall.tiantu.test/item/1.html";
  nlohmann::json items = ExtractMicrodataItems(doc, opt);
  ASSERT_EQ(items.size(), 1u) << items.dump();
  const nlohmann::json& p = items[0]["properties"];
  EXPECT_EQ(items[0]["type"], nlohmann::json({"http://schema.org/Product", "http://x/Toy"}));
  EXPECT_EQ(p["name"], "积木");
  EXPECT_EQ(p["brand"], "积木");
  EXPECT_EQ(p["offers"]["id"], "urn:o1");
  EXPECT_EQ(p["offers"]["properties"]["validFrom"], "2026-01-01");
  EXPECT_EQ(p["offers"]["properties"]["price"], "59");
  EXPECT_EQ(p["url"], "http://mall.tiantu.test/item/1");
  EXPECT_EQ(p["image"], "http://mall.tiantu.test/item/a.jpg");
  EXPECT_EQ(FindMicrodata(doc, "image"), (V{"a.jpg"}));         // untyped: the element's own value
  EXPECT_EQ(FindMicrodata(doc, "url", "Toy"), (V{"/item/1"}));  // typed: itemref followed
  EXPECT_EQ(FindMicrodata(doc, "offers.price", "Product"), (V{"59"}));
}

TEST(Microdata, ItemrefCycleIsBounded) {
  Document doc = Document::Parse(R"(<div id="a" itemscope itemref="b"><i itemprop="x">1</i></div>
<div id="b" itemprop="loop" itemscope itemref="a"><i itemprop="y">2</i></div>)");
  nlohmann::json items = ExtractMicrodataItems(doc);
  ASSERT_FALSE(items.empty());
  EXPECT_EQ(items[0]["properties"]["x"], "1");
}

}  // namespace
}  // namespace shouhu::parsers

namespace shouhu::parsers {
namespace {

TEST(Microdata, ProfileValuesJoinInlineTextAsWritten) {
  Document doc = Document::Parse(
      R"(<div itemscope itemtype="https://schema.org/Product"><h1 itemprop="name"><b>积木</b>玩具</h1></div>)");
  EXPECT_EQ(FindMicrodata(doc, "name"), (V{"积木玩具"}));
  EXPECT_EQ(FindMicrodata(doc, "name", "Product"), (V{"积木玩具"}));
  EXPECT_EQ(ExtractMicrodataItems(doc)[0]["properties"]["name"], "积木 玩具");  // layout text
}

}  // namespace
}  // namespace shouhu::parsers

namespace shouhu::parsers {
namespace {

// Every item pulling in the same big subtree by itemref, and one item with many
// distinct property names: both bounded by budgets, not items x subtree.
TEST(Microdata, HostileItemrefFanOutIsBounded) {
  std::string html = "<div id=\"big\">";
  for (int i = 0; i < 20000; ++i) html += "<i itemprop=\"p" + std::to_string(i) + "\">v</i>";
  html += "</div>";
  for (int i = 0; i < 20000; ++i) html += "<b itemscope itemref=\"big big big\"></b>";
  Document doc = Document::Parse(html);
  auto start = std::chrono::steady_clock::now();
  nlohmann::json items = ExtractMicrodataItems(doc);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(20));
  ASSERT_FALSE(items.empty());
  EXPECT_EQ(items[0]["properties"].size(), 20000u);
}

}  // namespace
}  // namespace shouhu::parsers
