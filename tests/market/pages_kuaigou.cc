// 快购 (m.kuaigou.test): a client-rendered app. The listing exists only in
// `window.__INIT_STATE__`, so an extractor that reads markup finds nothing;
// list and shop pages are server-rendered so a crawler can discover items.
#include <algorithm>
#include <cstring>
#include <nlohmann/json.hpp>

#include "tests/market/pages.h"
#include "tests/market/rng.h"

namespace shouhu::market {
namespace {

constexpr int kPlatform = 1;
constexpr std::string_view kSearchWord = "%E7%AB%A5%E8%A3%85";  // 童装

std::string Head(std::string_view title) {
  std::string s;
  s.reserve(160 * 1024);
  s += "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>";
  s += title;
  s += "</title><meta name=\"viewport\" "
       "content=\"width=device-width,initial-scale=1,maximum-scale=1,user-scalable=no\">"
       "<script>";
  s += FillerFor(kPlatform).head_script;
  s += "</script></head><body>";
  return s;
}

void Tail(std::string& s) {
  const Filler& f = FillerFor(kPlatform);
  s += f.footer;
  s += "<script>";
  s += f.tail_script;
  s += "</script></body></html>";
}

std::string SearchHref(int64_t page) {
  return "/s?kw=" + std::string(kSearchWord) + "&p=" + std::to_string(page);
}

Response Home(const PageContext& ctx) {
  std::string s = Head("快购 - 好物快人一步");
  s += "<div class=\"m-header\"><a href=\"/\">快购</a><a class=\"cart-link\" "
       "href=\"/cart/\">购物车</a></div>";
  s += FillerFor(kPlatform).nav;
  s += "<div class=\"m-entry\"><a class=\"search-link\" href=\"" + HtmlEscape(SearchHref(1)) +
       "\">童装 热卖</a>";
  if (ctx.options.faults.redirects) s += "<a class=\"promo-link\" href=\"/loop/a\">限时活动</a>";
  s += "</div>";
  Tail(s);
  return HtmlResponse(200, std::move(s));
}

Response Item(const PageContext& ctx, const Listing& l) {
  const Filler& f = FillerFor(kPlatform);
  const Shop shop = MakeShop(ctx.options.seed, kPlatform,
                             ShopNumberOf(ctx.options.seed, ctx.options.listings, l.index));
  nlohmann::json props = nlohmann::json::array();
  for (const Param& p : l.params) props.push_back({{"name", p.name}, {"value", p.value}});
  nlohmann::json categories = nlohmann::json::array();
  for (size_t start = 0;;) {
    size_t sep = l.category_path.find(" > ", start);
    categories.push_back(
        l.category_path.substr(start, sep == std::string::npos ? std::string::npos : sep - start));
    if (sep == std::string::npos) break;
    start = sep + 3;
  }
  nlohmann::json recommend = nlohmann::json::array();
  for (const Recommendation& r : Recommend(ctx.options, l.index, 24)) {
    std::string id = ItemId(ctx.options.seed, r.index);
    recommend.push_back({{"itemId", id},
                         {"title", r.title},
                         {"price", PriceText(r.price_cents)},
                         {"url", ItemPath(kPlatform, id)}});
  }
  nlohmann::json state = {
      {"page", "detail"},
      {"item",
       {{"itemId", l.item_id},
        {"title", l.title},
        {"price", {{"value", PriceText(l.price_cents)}, {"currency", "CNY"}}},
        {"brand", l.brand},
        {"categories", categories},
        {"props", props},
        {"images", {l.image, "/img/" + l.item_id + "_2.jpg", "/img/" + l.item_id + "_3.jpg"}},
        {"desc", l.description},
        {"shop", {{"shopId", shop.id}, {"name", shop.name}, {"url", "/store/" + shop.id}}}}},
      {"recommend", recommend},
  };
  std::string json = state.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  // Reviews are static blocks spliced in as pre-serialised JSON arrays.
  uint64_t h = Mix64(ctx.options.seed ^ static_cast<uint64_t>(l.index) * 31);
  size_t blocks = 3 + h % (f.reviews_json.size() - 2);
  json.pop_back();
  json += ",\"comments\":[";
  for (size_t b = 0; b < blocks; ++b) {
    const std::string& arr = f.reviews_json[(h / 7 + b) % f.reviews_json.size()];
    if (b > 0) json += ",";
    json.append(arr, 1, arr.size() - 2);
  }
  json += "]}";

  std::string s = Head("快购 - 商品详情");
  s += "<div "
       "id=\"app\"></div><noscript>请开启JavaScript以浏览本页面</"
       "noscript><script>window.__INIT_STATE__ = ";
  s += json;
  s += ";</script>";
  Tail(s);
  return HtmlResponse(200, std::move(s));
}

}  // namespace

Response RenderKuaigou(const PageContext& ctx) {
  const std::string_view path = ctx.path;
  const uint64_t seed = ctx.options.seed;
  if (path == "/") return Home(ctx);
  if (path == "/s") {
    std::string_view p = QueryParam(ctx.query, "p");
    int64_t page = p.empty() ? 1 : PageNumber(p);
    const int64_t total = PlatformCount(ctx.options.listings, kPlatform);
    const int64_t last = std::max<int64_t>(1, (total + kPageSize - 1) / kPageSize);
    if (page < 1 || page > last) return NotFound(kPlatform);
    std::vector<int64_t> shown;
    for (int64_t j = (page - 1) * kPageSize; j < std::min(total, page * kPageSize); ++j)
      shown.push_back(kPlatform + kPlatformCount * j);
    std::string s = Head("童装 - 快购搜索");
    s += "<div class=\"m-header\"><a href=\"/\">快购</a></div><div class=\"search-result\">";
    s += ListBlock(ctx, shown, page, last, SearchHref, "search");
    s += "</div>";
    Tail(s);
    return HtmlResponse(200, std::move(s));
  }
  if (path == "/goods/detail") {
    auto index = IndexOfItemId(seed, QueryParam(ctx.query, "id"));
    if (!index || *index >= ctx.options.listings || *index % kPlatformCount != kPlatform)
      return NotFound(kPlatform);
    return Item(ctx, MakeListing(seed, *index));
  }
  if (path.starts_with("/store/")) {
    int64_t n = PageNumber(path.substr(7)) - 10001;
    if (n < 0 || n >= ShopCount(ctx.options.listings, kPlatform)) return NotFound(kPlatform);
    Shop shop = MakeShop(seed, kPlatform, n);
    std::string s = Head(HtmlEscape(shop.name) + " - 快购");
    s += ShopLicenceHtml(shop);
    Tail(s);
    return HtmlResponse(200, std::move(s));
  }
  return NotFound(kPlatform);
}

}  // namespace shouhu::market
