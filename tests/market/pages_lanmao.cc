// 蓝猫网 (www.lanmao.test): plain HTML with a parameter table, served in GBK
// like many older Chinese sites. Static blocks are converted to GBK once;
// only the listing's own text goes through iconv per request.
#include <algorithm>
#include <cstring>

#include "tests/market/pages.h"
#include "tests/market/rng.h"

namespace shouhu::market {
namespace {

constexpr int kPlatform = 2;

// Builds a GBK page from UTF-8 pieces and pre-encoded static blocks.
class GbkPage {
 public:
  GbkPage() { out_.reserve(128 * 1024); }
  GbkPage& Text(std::string_view utf8) {
    AppendGbk(out_, utf8);
    return *this;
  }
  GbkPage& Raw(std::string_view gbk) {
    out_.append(gbk);
    return *this;
  }
  std::string Take() { return std::move(out_); }

 private:
  std::string out_;
};

void Head(GbkPage& page, std::string_view title_utf8) {
  const Filler& g = GbkFillerFor(kPlatform);
  page.Text(
          "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Transitional//EN\" "
          "\"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd\"><html><head>"
          "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=gbk\"><title>")
      .Text(title_utf8)
      .Text(
          "</title><link rel=\"stylesheet\" type=\"text/css\" href=\"/css/style2013.css\"><script "
          "type=\"text/javascript\">")
      .Raw(g.head_script)
      .Text(
          "</script></head><body><div id=\"top\"><a href=\"/\">蓝猫网首页</a> | <a "
          "href=\"/cart/\">我的购物车</a></div>")
      .Raw(g.nav);
}

void Tail(GbkPage& page) {
  const Filler& g = GbkFillerFor(kPlatform);
  page.Raw(g.footer)
      .Text("<script type=\"text/javascript\">")
      .Raw(g.tail_script)
      .Text("</script></body></html>");
}

Response Done(GbkPage& page, int status = 200) { return HtmlResponse(status, page.Take(), true); }

std::string ListHref(const std::string& group, int64_t page) {
  return "/list/" + group + "_" + std::to_string(page) + ".htm";
}

Response Home(const PageContext& ctx) {
  GbkPage page;
  Head(page, "蓝猫网 - 儿童用品批发零售");
  std::string s = "<div class=\"cat-box\"><h2>商品分类</h2><ul>";
  for (const std::string& g : GroupNames())
    s += "<li><a class=\"category-link\" href=\"" + ListHref(g, 1) + "\">" +
         std::string(GroupLabel(g)) + "</a></li>";
  s += "</ul>";
  if (ctx.options.faults.redirects) s += "<a class=\"promo-link\" href=\"/loop/a\">限时活动</a>";
  s += "</div>";
  page.Text(s);
  Tail(page);
  return Done(page);
}

Response Item(const PageContext& ctx, const Listing& l) {
  const Filler& g = GbkFillerFor(kPlatform);
  const Shop shop = MakeShop(ctx.options.seed, kPlatform,
                             ShopNumberOf(ctx.options.seed, ctx.options.listings, l.index));
  GbkPage page;
  Head(page, HtmlEscape(l.title) + "_蓝猫网");
  std::string_view leaf = l.category_path.substr(l.category_path.rfind("> ") + 2);
  std::string s = "<div class=\"crumbs\"><a href=\"/\">首页</a> &gt; <a href=\"" +
                  ListHref(l.group, 1) + "\">" + std::string(GroupLabel(l.group)) + "</a> &gt; " +
                  HtmlEscape(leaf) + "</div>";
  s += "<div class=\"prod-main\"><div class=\"prod-img\"><img src=\"" + l.image +
       "\" width=\"400\" height=\"400\"></div>";
  s += "<div class=\"prod-info\"><h1 class=\"prod-title\">" + HtmlEscape(l.title) + "</h1>";
  s += "<div class=\"price-box\">价格：<span class=\"price\">￥" + PriceText(l.price_cents) +
       "</span></div>";
  s += "<div class=\"company\">供应商：<a class=\"company-link\" href=\"/company/" + shop.id +
       ".htm\">" + HtmlEscape(shop.company) + "</a></div></div></div>";
  s += "<h2 class=\"spec-head\">规格参数</h2><table class=\"spec-table\" cellspacing=\"0\" "
       "cellpadding=\"0\">";
  for (const Param& p : l.params)
    s += "<tr><th>" + HtmlEscape(p.name) + "</th><td>" + HtmlEscape(p.value) + "</td></tr>";
  s += "</table><div class=\"prod-desc\"><p>" + HtmlEscape(l.description) + "</p></div>";
  page.Text(s);
  uint64_t h = Mix64(ctx.options.seed ^ static_cast<uint64_t>(l.index) * 31);
  size_t blocks = 2 + h % (g.reviews.size() - 1);
  page.Text("<div class=\"comments\"><h2>买家评论</h2>");
  for (size_t b = 0; b < blocks; ++b) page.Raw(g.reviews[(h / 7 + b) % g.reviews.size()]);
  s = "</div><div class=\"related\"><h2>相关商品</h2><ul>";
  for (const Recommendation& r : Recommend(ctx.options, l.index, 24))
    s += "<li><a class=\"rel-link\" href=\"" +
         ItemPath(kPlatform, ItemId(ctx.options.seed, r.index)) + "\">" + r.title +
         "</a> <span class=\"price\">￥" + PriceText(r.price_cents) + "</span></li>";
  s += "</ul></div>";
  page.Text(s);
  Tail(page);
  return Done(page);
}

}  // namespace

Response RenderLanmao(const PageContext& ctx) {
  const std::string_view path = ctx.path;
  const uint64_t seed = ctx.options.seed;
  if (path == "/") return Home(ctx);
  if (path.starts_with("/list/") && path.ends_with(".htm")) {
    std::string_view rest = path.substr(6, path.size() - 6 - 4);
    size_t us = rest.rfind('_');
    if (us == std::string_view::npos) return NotFound(kPlatform);
    std::string group(rest.substr(0, us));
    const auto& names = GroupNames();
    auto it = std::find(names.begin(), names.end(), group);
    int64_t pg = PageNumber(rest.substr(us + 1));
    if (it == names.end() || pg < 1) return NotFound(kPlatform);
    const std::vector<int64_t>& all = ctx.index.Of(kPlatform, static_cast<int>(it - names.begin()));
    const int64_t total = static_cast<int64_t>(all.size());
    const int64_t last = std::max<int64_t>(1, (total + kPageSize - 1) / kPageSize);
    if (pg > last) return NotFound(kPlatform);
    std::vector<int64_t> shown(all.begin() + (pg - 1) * kPageSize,
                               all.begin() + std::min(total, pg * kPageSize));
    GbkPage page;
    Head(page, std::string(GroupLabel(group)) + "_蓝猫网");
    page.Text("<div class=\"list-head\"><h1>" + std::string(GroupLabel(group)) + "</h1></div>");
    page.Text(ListBlock(
        ctx, shown, pg, last, [group](int64_t p) { return ListHref(group, p); }, "list"));
    Tail(page);
    return Done(page);
  }
  if (path.starts_with("/product/") && path.ends_with(".htm")) {
    std::string_view id = path.substr(9, path.size() - 9 - 4);
    auto index = IndexOfItemId(seed, id);
    if (!index || *index >= ctx.options.listings || *index % kPlatformCount != kPlatform)
      return NotFound(kPlatform);
    return Item(ctx, MakeListing(seed, *index));
  }
  if (path.starts_with("/company/") && path.ends_with(".htm")) {
    int64_t n = PageNumber(path.substr(9, path.size() - 9 - 4)) - 10001;
    if (n < 0 || n >= ShopCount(ctx.options.listings, kPlatform)) return NotFound(kPlatform);
    Shop shop = MakeShop(seed, kPlatform, n);
    GbkPage page;
    Head(page, HtmlEscape(shop.company) + "_蓝猫网");
    page.Text(ShopLicenceHtml(shop));
    Tail(page);
    return Done(page);
  }
  return NotFound(kPlatform);
}

}  // namespace shouhu::market
