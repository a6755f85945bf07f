// 天图商城 (mall.tiantu.test): schema.org Product in JSON-LD plus a parameter
// list, UTF-8. The label data lives only in ul.param-list, as on real
// platforms whose structured data carries no regulatory fields.
#include <algorithm>
#include <cstring>
#include <nlohmann/json.hpp>

#include "tests/market/pages.h"
#include "tests/market/rng.h"

namespace shouhu::market {
namespace {

constexpr int kPlatform = 0;
constexpr std::string_view kSearchWord = "%E5%84%BF%E7%AB%A5";  // 儿童

std::string Head(std::string_view title) {
  const Filler& f = FillerFor(kPlatform);
  std::string s;
  s.reserve(160 * 1024);
  s += "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>";
  s += title;
  s += "</title><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
       "<link rel=\"stylesheet\" href=\"/static/css/mall.4.18.2.css\"><script>";
  s += f.head_script;
  s += "</script>";
  return s;
}

void Chrome(std::string& s) {
  s += "</head><body><header class=\"site-header\"><a class=\"logo\" href=\"/\">天图商城</a>"
       "<form class=\"search-box\" action=\"/search\"><input name=\"q\" "
       "value=\"儿童\"><button>搜索</button></form>"
       "<a class=\"cart-link\" href=\"/cart/\">购物车</a></header>";
  s += FillerFor(kPlatform).nav;
}

void Tail(std::string& s) {
  const Filler& f = FillerFor(kPlatform);
  s += f.footer;
  s += "<script>";
  s += f.tail_script;
  s += "</script></body></html>";
}

std::string SearchHref(int64_t page) {
  return "/search?q=" + std::string(kSearchWord) + "&page=" + std::to_string(page);
}

Response Home(const PageContext& ctx) {
  std::string s = Head("天图商城 - 儿童用品 放心购");
  Chrome(s);
  s += "<div class=\"home-categories\"><h2>商品分类</h2><ul>";
  for (const std::string& g : GroupNames())
    s += "<li><a class=\"category-link\" href=\"/category/" + g + "?page=1\">" +
         std::string(GroupLabel(g)) + "</a></li>";
  s += "</ul><a class=\"search-link\" href=\"" + HtmlEscape(SearchHref(1)) + "\">全部儿童用品</a>";
  if (ctx.options.faults.redirects) s += "<a class=\"promo-link\" href=\"/loop/a\">限时活动</a>";
  s += "</div>";
  Tail(s);
  return HtmlResponse(200, std::move(s));
}

Response ListPage(const PageContext& ctx, const std::string& heading,
                  const std::vector<int64_t>& all_indices, int64_t total, bool by_formula,
                  int64_t page, const std::function<std::string(int64_t)>& href,
                  std::string_view source) {
  const int64_t last = std::max<int64_t>(1, (total + kPageSize - 1) / kPageSize);
  if (page < 1 || page > last) return NotFound(kPlatform);
  std::vector<int64_t> shown;
  for (int64_t j = (page - 1) * kPageSize; j < std::min(total, page * kPageSize); ++j)
    shown.push_back(by_formula ? kPlatform + kPlatformCount * j
                               : all_indices[static_cast<size_t>(j)]);
  std::string s = Head(heading + " - 天图商城");
  Chrome(s);
  s += "<h1 class=\"list-title\">" + heading + "</h1>";
  s += ListBlock(ctx, shown, page, last, href, source);
  Tail(s);
  return HtmlResponse(200, std::move(s));
}

Response Item(const PageContext& ctx, const Listing& l) {
  const Filler& f = FillerFor(kPlatform);
  const Shop shop = MakeShop(ctx.options.seed, kPlatform,
                             ShopNumberOf(ctx.options.seed, ctx.options.listings, l.index));
  std::string s = Head(HtmlEscape(l.title) + " - 天图商城");

  nlohmann::json ld = {
      {"@context", "https://schema.org"},
      {"@type", "Product"},
      {"name", l.title},
      {"sku", l.item_id},
      {"brand", {{"@type", "Brand"}, {"name", l.brand}}},
      {"model", l.model},
      {"category", l.category_path},
      {"image", "http://" + std::string(ctx.host) + l.image},
      {"description", l.description},
      {"offers",
       {{"@type", "Offer"},
        {"price", PriceText(l.price_cents)},
        {"priceCurrency", "CNY"},
        {"availability", "https://schema.org/InStock"},
        {"seller", {{"@type", "Organization"}, {"name", shop.name}, {"url", "/shop/" + shop.id}}}}},
  };
  s += "<script type=\"application/ld+json\">";
  s += ld.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  s += "</script>";
  Chrome(s);

  std::string_view group_label = GroupLabel(l.group);
  std::string_view leaf = l.category_path.substr(l.category_path.rfind("> ") + 2);
  s += "<nav class=\"breadcrumb\"><a href=\"/\">首页</a> &gt; <a href=\"/category/" + l.group +
       "?page=1\">" + std::string(group_label) + "</a> &gt; <span>" + HtmlEscape(leaf) +
       "</span></nav>";
  s += "<div class=\"item-main\"><div class=\"gallery\"><img class=\"main-img\" src=\"" + l.image +
       "\" alt=\"\"></div><div class=\"item-info\"><h1 class=\"item-title\">" +
       HtmlEscape(l.title) + "</h1><div class=\"price-box\"><span class=\"price\">¥" +
       PriceText(l.price_cents) +
       "</span></div><div class=\"shop-box\"><a class=\"shop-link\" href=\"/shop/" + shop.id +
       "\">" + HtmlEscape(shop.name) + "</a></div><ul class=\"param-list\">";
  for (const Param& p : l.params)
    s += "<li><span class=\"param-k\">" + HtmlEscape(p.name) + "</span><span class=\"param-v\">" +
         HtmlEscape(p.value) + "</span></li>";
  s += "</ul></div></div><div id=\"description\"><p>" + HtmlEscape(l.description) + "</p></div>";

  uint64_t h = Mix64(ctx.options.seed ^ static_cast<uint64_t>(l.index) * 31);
  size_t blocks = 1 + h % f.reviews.size();
  s += "<div class=\"reviews\"><h2>商品评价</h2>";
  for (size_t b = 0; b < blocks; ++b) s += f.reviews[(h / 7 + b) % f.reviews.size()];
  s += "</div><div class=\"recommend\"><h2>看了又看</h2><ul>";
  for (const Recommendation& r : Recommend(ctx.options, l.index, 24))
    s += "<li><a class=\"rec-link\" href=\"" +
         ItemPath(kPlatform, ItemId(ctx.options.seed, r.index)) + "\">" + r.title +
         "</a><span class=\"price\">¥" + PriceText(r.price_cents) + "</span></li>";
  s += "</ul></div>";
  Tail(s);
  return HtmlResponse(200, std::move(s));
}

}  // namespace

Response RenderTiantu(const PageContext& ctx) {
  const std::string_view path = ctx.path;
  const uint64_t seed = ctx.options.seed;
  if (path == "/") return Home(ctx);
  if (path == "/search") {
    int64_t page = ctx.query.empty() || QueryParam(ctx.query, "page").empty()
                       ? 1
                       : PageNumber(QueryParam(ctx.query, "page"));
    return ListPage(ctx, "儿童 搜索结果", {}, PlatformCount(ctx.options.listings, kPlatform), true,
                    page, SearchHref, "search");
  }
  if (path.starts_with("/category/")) {
    std::string_view group = path.substr(std::strlen("/category/"));
    const auto& names = GroupNames();
    auto it = std::find(names.begin(), names.end(), group);
    if (it == names.end()) return NotFound(kPlatform);
    int g = static_cast<int>(it - names.begin());
    std::string_view page_text = QueryParam(ctx.query, "page");
    int64_t page = page_text.empty() ? 1 : PageNumber(page_text);
    const std::vector<int64_t>& all = ctx.index.Of(kPlatform, g);
    std::string gname(group);
    return ListPage(
        ctx, std::string(GroupLabel(group)), all, static_cast<int64_t>(all.size()), false, page,
        [gname](int64_t p) { return "/category/" + gname + "?page=" + std::to_string(p); },
        "category");
  }
  if (path.starts_with("/item/") && path.ends_with(".html")) {
    std::string_view id = path.substr(6, path.size() - 6 - 5);
    auto index = IndexOfItemId(seed, id);
    if (!index || *index >= ctx.options.listings || *index % kPlatformCount != kPlatform)
      return NotFound(kPlatform);
    return Item(ctx, MakeListing(seed, *index));
  }
  if (path.starts_with("/shop/")) {
    int64_t n = PageNumber(path.substr(6)) - 10001;
    if (n < 0 || n >= ShopCount(ctx.options.listings, kPlatform)) return NotFound(kPlatform);
    Shop shop = MakeShop(seed, kPlatform, n);
    std::string s = Head(HtmlEscape(shop.name) + " - 天图商城");
    Chrome(s);
    s += ShopLicenceHtml(shop);
    Tail(s);
    return HtmlResponse(200, std::move(s));
  }
  return NotFound(kPlatform);
}

}  // namespace shouhu::market
