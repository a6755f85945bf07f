#include "parsers/selector.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace shouhu::parsers {
namespace {

const char kHtml[] = R"(<html><body>
<div id="main" class="page wide">
  <ul class="param-list">
    <li data-k="brand"><span class="param-k">品牌</span><span class="param-v">乐思童</span></li>
    <li data-k="model"><span class="param-k">型号</span><span class="param-v">LS-1</span></li>
    <li data-k="std"><span class="param-k">执行标准</span><span class="param-v">GB 6675.1-2014</span></li>
  </ul>
  <a class="shop-link" href="/shop/s1">店</a>
  <p><a href="http://x.test/item/1.html">x</a></p>
</div>
<template id="tpl"><span class="inside">模板</span></template>
</body></html>)";

// Texts of the matches of `sel` in kHtml, in document order.
std::vector<std::string> Texts(const std::string& sel) {
  static const Document doc = Document::Parse(kHtml);
  Result<Selector> s = Selector::Parse(sel);
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  std::vector<std::string> out;
  if (!s.ok()) return out;
  for (auto id : s->SelectAll(doc)) out.push_back(doc.Text(id));
  return out;
}

using V = std::vector<std::string>;

TEST(Selector, TypeIdClass) {
  EXPECT_EQ(Texts("li").size(), 3u);
  EXPECT_EQ(Texts("#main").size(), 1u);
  EXPECT_EQ(Texts(".param-k"), (V{"品牌", "型号", "执行标准"}));
  EXPECT_EQ(Texts("div.page.wide").size(), 1u);
  EXPECT_TRUE(Texts("div.narrow").empty());
}

TEST(Selector, Attributes) {
  EXPECT_EQ(Texts("[data-k]").size(), 3u);
  EXPECT_EQ(Texts("li[data-k=std] .param-v"), (V{"GB 6675.1-2014"}));
  EXPECT_EQ(Texts("li[data-k='model'] .param-v"), (V{"LS-1"}));
  EXPECT_EQ(Texts("a[href*=\"/item/\"]"), (V{"x"}));
  EXPECT_EQ(Texts("a[href^=/shop/]"), (V{"店"}));
  EXPECT_EQ(Texts("a[href$=\".html\"]"), (V{"x"}));
  EXPECT_EQ(Texts("div[class~=wide]").size(), 1u);
}

TEST(Selector, Combinators) {
  EXPECT_EQ(Texts("ul.param-list li .param-v").size(), 3u);
  EXPECT_EQ(Texts("#main > a"), (V{"店"}));
  EXPECT_EQ(Texts("div > p > a"), (V{"x"}));
  EXPECT_TRUE(Texts("ul > span").empty());
  EXPECT_EQ(Texts("body a").size(), 2u);
}

TEST(Selector, StructuralPseudoClasses) {
  EXPECT_EQ(Texts("li:nth-child(2) .param-v"), (V{"LS-1"}));
  EXPECT_EQ(Texts("li:first-child .param-k"), (V{"品牌"}));
  EXPECT_EQ(Texts("li:last-child .param-k"), (V{"执行标准"}));
  EXPECT_EQ(Texts("li:nth-child(odd) .param-k"), (V{"品牌", "执行标准"}));
  EXPECT_EQ(Texts("li span:nth-child(2)"), (V{"乐思童", "LS-1", "GB 6675.1-2014"}));
}

TEST(Selector, GroupsInDocumentOrderWithoutDuplicates) {
  EXPECT_EQ(Texts(".param-v, .param-k").size(), 6u);
  EXPECT_EQ(Texts("a.shop-link, #main > a, a.shop-link"), (V{"店"}));
  EXPECT_EQ(Texts("li:first-child .param-k, a.shop-link"), (V{"品牌", "店"}));
}

TEST(Selector, TemplateContentsAreIncluded) { EXPECT_EQ(Texts("template .inside"), (V{"模板"})); }

TEST(Selector, ScopedSelection) {
  Document doc = Document::Parse(kHtml);
  Result<Selector> rows = Selector::Parse("li");
  Result<Selector> v = Selector::Parse(".param-v");
  ASSERT_TRUE(rows.ok() && v.ok());
  auto ids = rows->SelectAll(doc);
  ASSERT_EQ(ids.size(), 3u);
  auto cell = v->SelectFirst(doc, ids[1]);
  ASSERT_TRUE(cell.has_value());
  EXPECT_EQ(doc.Text(*cell), "LS-1");
}

TEST(Selector, ParseErrorsAreValues) {
  for (const char* bad : {"", "  ", "div >", "[", "[href", "a[href=]", "a:hover", "li:nth-child(x)",
                          "a + b", ",", "div,", ".", "#", "a[href='x]", "li:nth-child(0)"}) {
    Result<Selector> s = Selector::Parse(bad);
    EXPECT_FALSE(s.ok()) << "accepted: '" << bad << "'";
    if (!s.ok()) {
      EXPECT_EQ(s.status().code(), StatusCode::kParseError);
    }
  }
}

TEST(Dom, TextIsWhitespaceNormalisedAndSkipsScripts) {
  Document doc = Document::Parse(
      "<div id=d>  a\n\t b<script>var x=1;</script><p>c</p>\xE3\x80\x80"
      "d&nbsp;e</div>");
  Result<Selector> s = Selector::Parse("#d");
  ASSERT_TRUE(s.ok());
  auto id = s->SelectFirst(doc);
  ASSERT_TRUE(id.has_value());
  EXPECT_EQ(doc.Text(*id), "a b c d e");
}

TEST(Dom, DepthBudgetTruncates) {
  std::string deep;
  for (int i = 0; i < 100000; ++i) deep += "<div>";
  DomLimits limits;
  Document doc = Document::Parse(deep, limits);
  EXPECT_TRUE(doc.truncated());
  int max_depth = 0;
  for (size_t i = 0; i < doc.size(); ++i)
    max_depth = std::max(max_depth, doc.node(static_cast<int>(i)).depth);
  EXPECT_LE(max_depth, limits.max_depth);
}

TEST(Dom, NodeBudgetTruncates) {
  std::string many;
  for (int i = 0; i < 5000; ++i) many += "<span>x</span>";
  DomLimits limits;
  limits.max_nodes = 1000;
  Document doc = Document::Parse(many, limits);
  EXPECT_TRUE(doc.truncated());
  EXPECT_LE(doc.size(), 1000u);
}

}  // namespace
}  // namespace shouhu::parsers
