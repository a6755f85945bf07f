#include "parsers/profile_check.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

namespace shouhu::parsers {
namespace {

bool Has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(ProfileCheck, ReportsSourcesUsedEmptyFieldsAndRows) {
  Result<SiteProfile> p = ParseSiteProfile(R"(id = "t"
hosts = ["shop.example.test"]
item_url_pattern = '^/item/(\d+)\.html'
[[fields.title]]
selector = "h1.missing"
[[fields.title]]
selector = "h1"
[[fields.brand]]
items = { rows = "ul.p li" }
keys = ["品牌"]
[[fields.price]]
selector = "span.price"
[[fields.attributes]]
items = { rows = "ul.p li" }
)",
                                           "t.toml");
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  FetchedPage page{"https://shop.example.test/item/7.html", "",
                   "<h1>积木</h1><span class=price>暂无报价</span><ul class=p><li>品牌：小熊</li>"
                   "<li>材质：ABS</li></ul>",
                   ""};
  ExtractTrace trace;
  Result<PageExtract> x = ExtractPage(*p, page, &trace);
  ASSERT_TRUE(x.ok());
  std::string report = FormatProfileCheck(*p, *x, trace);
  EXPECT_TRUE(Has(report, "title  <- fields.title[1] line 6 selector \"h1\"")) << report;
  EXPECT_TRUE(Has(report, "fields.title[0] line 4 selector \"h1.missing\"")) << report;
  EXPECT_TRUE(Has(report, "item_id  <- item_url_pattern")) << report;
  // A price source that matched text with no number in it.
  EXPECT_TRUE(Has(report, "number parsing left nothing:\n  fields.price[0] line 11")) << report;
  EXPECT_TRUE(Has(report, "fields left empty (the profile has sources; none gave a value): price"))
      << report;
  EXPECT_TRUE(Has(report, "attribute rows (2):\n  品牌 = 小熊\n  材质 = ABS")) << report;
  EXPECT_TRUE(Has(report, "fields the profile does not read:")) << report;
  // Without a trace nothing changes in the extraction itself.
  Result<PageExtract> plain = ExtractPage(*p, page);
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(ListingToJson(*plain->listing), ListingToJson(*x->listing));
}

TEST(ProfileCheck, SuggestFindsPairsItemsAndTables) {
  const std::string html = R"(<html><body><div id="detail">
<ul class="parameter2"><li>品牌：乐高</li><li>商品编号：100042</li><li>适用年龄：6岁以上</li><li>材质：ABS</li></ul>
<div class="Ptable">
 <div class="Ptable-item"><h3>主体</h3><dl><dt>品牌</dt><dd>乐高</dd><dt>型号</dt>
   <dd class="Ptable-tips">提示</dd><dd>LG-1</dd><dt>颜色</dt><dd>红</dd></dl></div>
 <div class="Ptable-item"><h3>安全信息</h3><dl><dt>执行标准</dt><dd>GB 6675.1-2014</dd>
   <dt>警示</dt><dd>小零件</dd></dl></div></div>
<table class="spec"><tr><th colspan=2>基本信息</th></tr><tr><th>品牌</th><td>乐高</td></tr>
 <tr><th>货号</th><td>X1</td></tr><tr><th>产地</th><td>广东</td></tr></table>
<div class="props"><div class="row"><span class="k">品牌</span><span class="v">乐高</span></div>
 <div class="row"><span class="k">型号</span><span class="v">Y</span></div>
 <div class="row"><span class="k">重量</span><span class="v">1kg</span></div></div>
</div></body></html>)";
  std::vector<ContainerSuggestion> s = SuggestParameterContainers(html);
  std::string text = FormatSuggestions(s);
  EXPECT_TRUE(Has(
      text,
      R"(pairs = { container = "div.Ptable-item", key = "dt", value = "dd", skip = "dd.Ptable-tips", group = "div.Ptable-item h3" })"))
      << text;
  EXPECT_TRUE(Has(text, R"(items = { rows = "ul.parameter2 > li" })")) << text;
  EXPECT_TRUE(Has(
      text,
      R"(table = { rows = "table.spec tr", key = "th", value = "td", group = "table.spec th[colspan]" })"))
      << text;
  EXPECT_TRUE(
      Has(text, R"(table = { rows = "div.props > div.row", key = "span.k", value = "span.v" })"))
      << text;
  // Each suggestion reads what it says, groups and tooltips handled.
  for (const ContainerSuggestion& c : s) {
    if (c.source.kind != FieldSource::Kind::kPairs) continue;
    ASSERT_EQ(c.rows.size(), 5u);
    EXPECT_EQ(c.rows[1], (AttributeRow{"主体", "型号", "LG-1"}));
    EXPECT_EQ(c.rows[3], (AttributeRow{"安全信息", "执行标准", "GB 6675.1-2014"}));
  }
  // The most rows first.
  ASSERT_FALSE(s.empty());
  EXPECT_EQ(s.front().source.kind, FieldSource::Kind::kPairs);
  EXPECT_TRUE(SuggestParameterContainers("<p>nothing here</p>").empty());
}

}  // namespace
}  // namespace shouhu::parsers
