// Pages and helpers shared by the platforms: static filler, charset
// conversion, list links with faults, robots.txt, sitemaps, the calendar trap,
// redirect chains, and the dispatch by Host.
//
// Filler blocks (navigation, inline scripts, reviews, footer) are built once
// per process and copied into each page, so an item page of ~100 KB costs one
// listing generation plus a few memcpy's. Their text is neutral on purpose: no
// novelty, blind-box, claim or hazard word, so an extractor that strays
// outside the listing's own fields still finds nothing to flag.
#include <iconv.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <functional>

#include "base/strings.h"
#include "tests/market/pages.h"
#include "tests/market/rng.h"

namespace shouhu::market {
namespace {

constexpr const char* kNavTop[] = {"童装童鞋", "玩具乐器", "母婴用品", "学生文具",
                                   "家居家纺", "运动户外", "图书音像", "数码家电",
                                   "食品生鲜", "个护清洁", "汽车用品", "箱包配饰"};
constexpr const char* kNavSub[] = {
    "新品上市", "热销榜单", "品牌专区", "秋冬上新", "开学季",   "亲子活动", "会员专享", "限时折扣",
    "满减专区", "以旧换新", "企业采购", "海外直购", "品质好店", "口碑推荐", "每日特价", "积分兑换"};
constexpr const char* kReviewText[] = {
    "质量很好，做工精细，孩子很喜欢。", "物流很快，包装完好，没有异味。",
    "和描述的一样，性价比很高。",       "第二次购买了，一如既往的好。",
    "客服态度很好，耐心解答问题。",     "尺码标准，按平时的买就可以。",
    "颜色很正，实物比图片还好看。",     "送给朋友家孩子的，朋友说很满意。",
    "用了一段时间才来评价，没有问题。", "细节处理得不错，值得推荐。",
    "价格实惠，活动期间买的很划算。",   "包装很用心，还送了小卡片。"};
constexpr const char* kRecommendNames[] = {"儿童纯色针织开衫",    "卡通印花儿童袜子五双装",
                                           "学生双肩书包 大容量", "儿童保温水杯 316不锈钢",
                                           "儿童雨衣 带书包位",   "木质绘本收纳架",
                                           "儿童防滑拖鞋",        "学生笔记本 A5 十本装",
                                           "儿童卡通毛巾 三条装", "宝宝辅食碗勺套装",
                                           "儿童棉质家居服",      "学生美术颜料套装",
                                           "儿童帆布收纳箱",      "儿童围巾手套套装",
                                           "卡通造型夜光贴纸",    "儿童运动护膝",
                                           "学生错题本",          "儿童软底室内鞋",
                                           "儿童绘画板 磁性",     "亲子装 秋季款"};

// A large minified-looking script, as real pages inline their bundles.
std::string MakeScript(int platform, int blocks, uint64_t salt) {
  std::string s;
  s.reserve(static_cast<size_t>(blocks) * 130 + 512);
  s += "!function(w,d){\"use strict\";var cfg={env:\"prod\",site:" + std::to_string(platform) +
       ",ver:\"4.18.2\",cdn:\"/static/\",report:\"/log/r.gif\"};";
  for (int i = 0; i < blocks; ++i) {
    uint64_t h = Mix64(salt + static_cast<uint64_t>(i));
    std::string n = std::to_string(h % 100000);
    s += "function m" + std::to_string(i) + "(a,b){var c=(a|0)*" + std::to_string(h % 97 + 3) +
         "+(b|0)^" + n + ";if(c>" + std::to_string(h % 9999) + "){return m" +
         std::to_string(i > 0 ? i - 1 : 0) + "?c%" + std::to_string(h % 31 + 2) + ":0}return c};";
  }
  s += "w.__APP_CFG__=cfg}(window,document);";
  return s;
}

std::string MakeNav(int platform) {
  std::string s = "<div class=\"site-nav\"><ul class=\"mega-menu\">";
  for (size_t t = 0; t < std::size(kNavTop); ++t) {
    s += "<li class=\"menu-top\"><a href=\"javascript:;\" data-cid=\"" + std::to_string(100 + t) +
         "\">";
    s += kNavTop[t];
    s += "</a><div class=\"menu-panel\">";
    for (size_t k = 0; k < std::size(kNavSub); ++k) {
      s += "<a class=\"menu-sub\" href=\"javascript:;\" data-spm=\"nav." +
           std::to_string(platform) + "." + std::to_string(t) + "." + std::to_string(k) + "\">";
      s += kNavTop[t];
      s += "·";
      s += kNavSub[k];
      s += "</a>";
    }
    s += "</div></li>";
  }
  s += "</ul></div>";
  return s;
}

std::string MakeFooter(const std::string& platform_name) {
  std::string s = "<footer class=\"site-footer\"><div class=\"footer-links\">";
  static constexpr const char* kHelp[] = {"购物指南",     "配送方式", "支付方式", "售后服务",
                                          "商家入驻",     "隐私政策", "用户协议", "消费者权益保障",
                                          "知识产权保护", "廉正举报", "联系我们", "关于我们"};
  for (const char* h : kHelp) s += std::string("<a href=\"javascript:;\">") + h + "</a>";
  s += "<a class=\"calendar-link\" href=\"/calendar/2026/11\">活动日历</a>";
  s += "</div><p class=\"copyright\">Copyright &copy; 2014-2026 " + platform_name +
       " 版权所有 | 增值电信业务经营许可证：闽B2-20140001 | 营业执照 | 网络文化经营许可证</p>";
  for (int i = 0; i < 8; ++i)
    s += "<p "
         "class=\"notice\">"
         "平台提醒：请通过官方渠道付款，谨防诈骗。商品信息由商家发布，如有疑问请咨询在线客服或拨打"
         "客服热线。</p>";
  s += "</footer>";
  return s;
}

std::vector<std::string> MakeReviewLines(int block) {
  std::vector<std::string> lines;
  for (int r = 0; r < 30; ++r) {
    uint64_t h = Mix64(static_cast<uint64_t>(block) * 1000 + static_cast<uint64_t>(r));
    std::string text;
    for (int k = 0; k < 3; ++k) text += kReviewText[(h >> (k * 8)) % std::size(kReviewText)];
    lines.push_back(std::move(text));
  }
  return lines;
}

Filler MakeFiller(int platform) {
  Filler f;
  f.head_script = MakeScript(platform, 260, 0xA11CE + static_cast<uint64_t>(platform));
  f.tail_script = MakeScript(platform, 120, 0xB0B + static_cast<uint64_t>(platform));
  f.nav = MakeNav(platform);
  f.footer = MakeFooter(Platforms()[static_cast<size_t>(platform)].name);
  for (int b = 0; b < 6; ++b) {
    std::vector<std::string> lines = MakeReviewLines(b);
    std::string html = "<div class=\"review-list\">";
    std::string json = "[";
    for (size_t r = 0; r < lines.size(); ++r) {
      std::string user =
          std::string(1, static_cast<char>('a' + (r * 7 + static_cast<size_t>(b)) % 26)) + "***" +
          std::to_string(r % 10);
      std::string date =
          "2026-10-" + std::string(r % 28 + 1 < 10 ? "0" : "") + std::to_string(r % 28 + 1);
      html += "<div class=\"review\"><span class=\"user\">" + user +
              "</span><span class=\"date\">" + date + "</span><p class=\"content\">" + lines[r] +
              "</p><div class=\"stars\" data-score=\"5\"></div></div>";
      if (r > 0) json += ",";
      json += "{\"user\":\"" + user + "\",\"date\":\"" + date + "\",\"score\":5,\"content\":\"" +
              lines[r] + "\"}";
    }
    f.reviews.push_back(html + "</div>");
    f.reviews_json.push_back(json + "]");
  }
  return f;
}

// One iconv descriptor per thread: iconv_t carries conversion state.
struct GbkConverter {
  iconv_t cd = iconv_open("GBK", "UTF-8");
  ~GbkConverter() {
    if (cd != reinterpret_cast<iconv_t>(-1)) iconv_close(cd);
  }
};

std::string CalendarPage(const PageContext& ctx) {
  // /calendar/YYYY/MM
  std::string_view rest = ctx.path.substr(std::strlen("/calendar/"));
  size_t slash = rest.find('/');
  if (slash == std::string_view::npos || slash == 0 || slash > 9) return {};
  int64_t year = 0, month = 0;
  auto [p1, e1] = std::from_chars(rest.data(), rest.data() + slash, year);
  auto [p2, e2] = std::from_chars(rest.data() + slash + 1, rest.data() + rest.size(), month);
  if (e1 != std::errc() || e2 != std::errc() || p1 != rest.data() + slash ||
      p2 != rest.data() + rest.size() || year < 1 || month < 1 || month > 12)
    return {};
  auto link = [](int64_t y, int64_t m) {
    return "/calendar/" + std::to_string(y) + "/" + std::to_string(m);
  };
  std::string body = "<h1 class=\"calendar-title\">" + std::to_string(year) + "年" +
                     std::to_string(month) + "月 活动日历</h1><table class=\"calendar\"><tr>";
  for (int d = 1; d <= 28; ++d) {
    body += "<td>" + std::to_string(d) + "</td>";
    if (d % 7 == 0) body += "</tr><tr>";
  }
  body += "</tr></table>";
  if (ctx.options.faults.trap) {
    int64_t py = month == 1 ? year - 1 : year, pm = month == 1 ? 12 : month - 1;
    int64_t ny = month == 12 ? year + 1 : year, nm = month == 12 ? 1 : month + 1;
    if (py >= 1) body += "<a class=\"prev-month\" href=\"" + link(py, pm) + "\">上个月</a>";
    body += "<a class=\"next-month\" href=\"" + link(ny, nm) + "\">下个月</a>";
  }
  return body;
}

std::string Page(int platform, std::string_view title, std::string_view body) {
  std::string s = "<!DOCTYPE html><html lang=\"zh-CN\"><head>";
  s += platform == 2 ? "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=gbk\">"
                     : "<meta charset=\"utf-8\">";
  s += "<title>";
  s += title;
  s += "</title></head><body>";
  s += body;
  s += "</body></html>";
  return s;
}

Response Finish(int platform, int status, std::string html) {
  return HtmlResponse(status, platform == 2 ? ToGbk(html) : std::move(html), platform == 2);
}

Response Redirect(std::string location) {
  Response r;
  r.status = 302;
  r.headers.push_back({"Location", std::move(location)});
  r.headers.push_back({"Content-Type", "text/html; charset=utf-8"});
  r.body = "<html><body>302 Found</body></html>";
  return r;
}

Response Text(std::string content_type, std::string body) {
  Response r;
  r.headers.push_back({"Content-Type", std::move(content_type)});
  r.body = std::move(body);
  return r;
}

Response Robots(const PageContext& ctx) {
  static constexpr const char* kExtra[] = {"/buy/", "/trade/", "/member/"};
  std::string s =
      "# robots.txt for " + Platforms()[static_cast<size_t>(ctx.platform)].host +
      "\nUser-agent: *\nDisallow: /cart/\nDisallow: /user/\nDisallow: /api/\nDisallow: ";
  s += kExtra[ctx.platform];
  s += "\n\nSitemap: http://" + std::string(ctx.host) + "/sitemap.xml\n";
  return Text("text/plain; charset=utf-8", std::move(s));
}

constexpr int64_t kSitemapSize = 1000;

Response Sitemap(const PageContext& ctx) {
  const int64_t count = PlatformCount(ctx.options.listings, ctx.platform);
  const std::string base = "http://" + std::string(ctx.host);
  if (ctx.path == "/sitemap.xml") {
    std::string s =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
    for (int64_t k = 1; (k - 1) * kSitemapSize < count; ++k)
      s += "<sitemap><loc>" + base + "/sitemap-" + std::to_string(k) + ".xml</loc></sitemap>\n";
    s += "</sitemapindex>\n";
    return Text("application/xml", std::move(s));
  }
  std::string_view num = ctx.path.substr(std::strlen("/sitemap-"));
  num.remove_suffix(std::strlen(".xml"));
  int64_t k = PageNumber(num);
  if (k < 1 || (k - 1) * kSitemapSize >= count) return NotFound(ctx.platform);
  std::string s =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
  for (int64_t j = (k - 1) * kSitemapSize; j < std::min(count, k * kSitemapSize); ++j) {
    int64_t index = ctx.platform + kPlatformCount * j;
    s += "<url><loc>" + base + HtmlEscape(ItemPath(ctx.platform, ItemId(ctx.options.seed, index))) +
         "</loc><changefreq>daily</changefreq></url>\n";
  }
  s += "</urlset>\n";
  return Text("application/xml", std::move(s));
}

}  // namespace

const Filler& FillerFor(int platform) {
  static const Filler kFillers[kPlatformCount] = {MakeFiller(0), MakeFiller(1), MakeFiller(2)};
  return kFillers[platform];
}

const Filler& GbkFillerFor(int platform) {
  static const Filler kGbk = [] {
    Filler f = FillerFor(2);
    f.head_script = ToGbk(f.head_script);
    f.tail_script = ToGbk(f.tail_script);
    f.nav = ToGbk(f.nav);
    f.footer = ToGbk(f.footer);
    for (std::string& r : f.reviews) r = ToGbk(r);
    f.reviews_json.clear();
    return f;
  }();
  return platform == 2 ? kGbk : FillerFor(platform);
}

void AppendGbk(std::string& out, std::string_view utf8) {
  thread_local GbkConverter conv;
  if (conv.cd == reinterpret_cast<iconv_t>(-1)) {
    out.append(utf8);  // no GBK module installed: keep the bytes
    return;
  }
  iconv(conv.cd, nullptr, nullptr, nullptr, nullptr);
  size_t start = out.size();
  out.resize(start + utf8.size() + 16);  // GBK is never longer than UTF-8 for CJK/ASCII
  char* in = const_cast<char*>(utf8.data());
  size_t in_left = utf8.size();
  char* dst = out.data() + start;
  size_t out_left = out.size() - start;
  while (in_left > 0) {
    size_t rc = iconv(conv.cd, &in, &in_left, &dst, &out_left);
    if (rc != static_cast<size_t>(-1)) break;
    if (errno == E2BIG) {
      size_t used = static_cast<size_t>(dst - out.data());
      out.resize(out.size() + in_left * 2 + 16);
      dst = out.data() + used;
      out_left = out.size() - used;
      continue;
    }
    // Unmappable or malformed: emit '?' and skip one UTF-8 character.
    if (out_left == 0) {
      size_t used = static_cast<size_t>(dst - out.data());
      out.resize(out.size() + 16);
      dst = out.data() + used;
      out_left = out.size() - used;
    }
    *dst++ = '?';
    --out_left;
    size_t skip = 1;
    while (skip < in_left && (static_cast<unsigned char>(in[skip]) & 0xC0) == 0x80) ++skip;
    in += skip;
    in_left -= skip;
  }
  out.resize(static_cast<size_t>(dst - out.data()));
}

std::string ToGbk(std::string_view utf8) {
  std::string out;
  AppendGbk(out, utf8);
  return out;
}

std::string PriceText(int64_t cents) {
  std::string s = std::to_string(cents / 100) + ".";
  if (cents % 100 < 10) s += '0';
  return s + std::to_string(cents % 100);
}

std::string_view QueryParam(std::string_view query, std::string_view key) {
  while (!query.empty()) {
    size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    size_t eq = pair.find('=');
    if (pair.substr(0, eq) == key)
      return eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1);
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return {};
}

int64_t PageNumber(std::string_view text) {
  if (text.empty() || text.size() > 9) return 0;
  int64_t v = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || p != text.data() + text.size() || v < 1) return 0;
  return v;
}

std::string ListItemHref(const PageContext& ctx, int64_t index, std::string_view source) {
  const uint64_t seed = ctx.options.seed;
  std::string href = ItemPath(ctx.platform, ItemId(seed, index));
  const FaultOptions& f = ctx.options.faults;
  if (f.tracking) {
    uint64_t h = HashString(seed, 0x7AC, href + std::string(source));
    if (UnitFromHash(h) < 0.3) {
      static constexpr const char* kSources[] = {"search", "category", "home", "push", "wechat"};
      href += href.find('?') == std::string::npos ? '?' : '&';
      href += "spm=a2" + std::to_string(ctx.platform) + "." + std::string(source) + "." +
              std::to_string(h % 1000) +
              "&utm_source=" + kSources[(h >> 20) % std::size(kSources)] +
              "&from=" + std::string(source);
    }
  }
  if (f.redirects && UnitFromHash(HashString(seed, 0x3ED, href)) < 0.05) {
    href = "/r/" + std::to_string(2 + HashString(seed, 0x3EE, href) % 2) + href;
  }
  return href;
}

std::vector<std::pair<std::string, std::string>> DeadLinks(const PageContext& ctx,
                                                           const std::vector<int64_t>& shown) {
  std::vector<std::pair<std::string, std::string>> out;
  if (ctx.options.faults.rate_404 <= 0) return out;
  for (int64_t index : shown) {
    if (UnitFromHash(HashString(ctx.options.seed, 0x404, std::to_string(index))) <
        ctx.options.faults.rate_404) {
      // An index past the end decodes to no listing, so the item page is a 404.
      int64_t dead = ctx.options.listings + index;
      out.push_back(
          {ItemPath(ctx.platform, ItemId(ctx.options.seed, dead)), "限时特惠 已下架商品"});
    }
  }
  return out;
}

std::vector<Recommendation> Recommend(const MarketOptions& options, int64_t index, int count) {
  std::vector<Recommendation> out;
  const int platform = static_cast<int>(index % kPlatformCount);
  const int64_t n = PlatformCount(options.listings, platform);
  if (n <= 1) return out;
  for (int k = 0; k < count; ++k) {
    uint64_t h =
        Mix64(options.seed ^ Mix64(static_cast<uint64_t>(index) * 64 + static_cast<uint64_t>(k)));
    int64_t j = static_cast<int64_t>(h % static_cast<uint64_t>(n));
    out.push_back({platform + kPlatformCount * j,
                   kRecommendNames[(h >> 32) % std::size(kRecommendNames)],
                   static_cast<int64_t>((h >> 16) % 300 + 9) * 100 + 90});
  }
  return out;
}

Response HtmlResponse(int status, std::string body, bool gbk) {
  Response r;
  r.status = status;
  r.headers.push_back(
      {"Content-Type", gbk ? "text/html; charset=GBK" : "text/html; charset=utf-8"});
  r.body = std::move(body);
  return r;
}

Response NotFound(int platform) {
  return Finish(platform, 404,
                Page(platform, "页面不存在",
                     "<div class=\"error\">抱歉，您访问的页面不存在或已下架。<a "
                     "href=\"/\">返回首页</a></div>"));
}

std::string ListBlock(const PageContext& ctx, const std::vector<int64_t>& shown, int64_t page,
                      int64_t last_page, const std::function<std::string(int64_t)>& page_href,
                      std::string_view source) {
  const char* yuan = ctx.platform == 2 ? "￥" : "¥";
  std::string s = "<ul class=\"item-list\">";
  for (int64_t index : shown) {
    Listing l = MakeListing(ctx.options.seed, index);
    s += "<li class=\"item-card\"><a class=\"item-link\" href=\"" +
         HtmlEscape(ListItemHref(ctx, index, source)) + "\"><img src=\"" + l.image +
         "\" alt=\"\"><span class=\"item-name\">" + HtmlEscape(l.title) +
         "</span></a><span class=\"price\">" + yuan + PriceText(l.price_cents) + "</span></li>";
  }
  for (const auto& [href, title] : DeadLinks(ctx, shown))
    s += "<li class=\"item-card\"><a class=\"item-link\" href=\"" + HtmlEscape(href) +
         "\"><span class=\"item-name\">" + title + "</span></a></li>";
  s += "</ul><div class=\"pager\">";
  if (page > 1)
    s += "<a class=\"prev\" href=\"" + HtmlEscape(page_href(page - 1)) + "\">上一页</a>";
  for (int64_t p = std::max<int64_t>(1, page - 4); p <= std::min(last_page, page + 4); ++p) {
    if (p == page)
      s += "<span class=\"current\">" + std::to_string(p) + "</span>";
    else
      s += "<a class=\"page\" href=\"" + HtmlEscape(page_href(p)) + "\">" + std::to_string(p) +
           "</a>";
  }
  if (page < last_page)
    s += "<a class=\"next\" href=\"" + HtmlEscape(page_href(page + 1)) + "\">下一页</a>";
  s += "<span class=\"total\">共" + std::to_string(last_page) + "页</span></div>";
  return s;
}

std::string ShopLicenceHtml(const Shop& shop) {
  std::string s =
      "<div class=\"shop-header\"><h1 class=\"shop-name\">" + HtmlEscape(shop.name) +
      "</h1></div><div class=\"licence\"><h2>营业执照信息</h2><table class=\"licence-table\">";
  auto row = [&](const char* k, const std::string& v) {
    s += std::string("<tr><th>") + k + "</th><td>" + HtmlEscape(v) + "</td></tr>";
  };
  row("企业名称", shop.company);
  row("住所", shop.address);
  row("统一社会信用代码", shop.credit_code);
  row("营业执照注册号", shop.licence_no);
  row("许可证编号", shop.permit_no);
  row("法定代表人", "林**");
  row("经营范围", "玩具、服装鞋帽、文具用品、日用百货的批发和零售");
  s += "</table></div>";
  return s;
}

SiteIndex BuildSiteIndex(const MarketOptions& options) {
  SiteIndex idx;
  const size_t groups = GroupNames().size();
  idx.by_group.resize(kPlatformCount * groups);
  for (int64_t i = 0; i < options.listings; ++i)
    idx.by_group[static_cast<size_t>(i % kPlatformCount) * groups +
                 static_cast<size_t>(GroupOf(options.seed, i))]
        .push_back(i);
  return idx;
}

struct MarketSite::Impl {
  MarketOptions options;
  SiteIndex index;
};

MarketSite::MarketSite(MarketOptions options) : impl_(std::make_unique<Impl>()) {
  impl_->options = options;
  impl_->index = BuildSiteIndex(options);
}
MarketSite::~MarketSite() = default;
const MarketOptions& MarketSite::options() const { return impl_->options; }

Response MarketSite::Render(std::string_view host, std::string_view target) const {
  std::string_view bare = host.substr(0, host.find(':'));
  int platform = -1;
  for (size_t p = 0; p < Platforms().size(); ++p) {
    const std::string& h = Platforms()[p].host;
    if (IEquals(bare, h)) platform = static_cast<int>(p);
  }
  if (platform < 0) {
    Response r = Text("text/plain; charset=utf-8", "unknown host\n");
    r.status = 404;
    return r;
  }
  size_t q = target.find('?');
  PageContext ctx{impl_->options,
                  impl_->index,
                  platform,
                  host,
                  target.substr(0, q),
                  q == std::string_view::npos ? std::string_view() : target.substr(q + 1)};
  const std::string_view path = ctx.path;
  const FaultOptions& f = impl_->options.faults;
  if (path == "/robots.txt") return Robots(ctx);
  if (path == "/sitemap.xml" || (path.starts_with("/sitemap-") && path.ends_with(".xml")))
    return Sitemap(ctx);
  if (path.starts_with("/cart/")) {
    return Finish(platform, 200,
                  Page(platform, "购物车",
                       "<div class=\"cart\">购物车是空的，<a href=\"/\">去逛逛</a></div>"));
  }
  if (path.starts_with("/calendar/")) {
    std::string body = CalendarPage(ctx);
    if (body.empty()) return NotFound(platform);
    return Finish(platform, 200, Page(platform, "活动日历", body));
  }
  if (f.redirects && (path == "/loop/a" || path == "/loop/b"))
    return Redirect(path == "/loop/a" ? "/loop/b" : "/loop/a");
  if (f.redirects && path.starts_with("/r/") && path.size() > 4 && path[3] >= '1' &&
      path[3] <= '9' && path[4] == '/') {
    std::string_view rest = target.substr(4);  // "/item/…" including any query
    if (rest.starts_with("//")) return NotFound(platform);
    int hops = path[3] - '0';
    return Redirect(hops > 1 ? "/r/" + std::to_string(hops - 1) + std::string(rest)
                             : std::string(rest));
  }
  switch (platform) {
    case 0:
      return RenderTiantu(ctx);
    case 1:
      return RenderKuaigou(ctx);
    default:
      return RenderLanmao(ctx);
  }
}

Response Render(const MarketOptions& options, std::string_view host, std::string_view target) {
  return MarketSite(options).Render(host, target);
}

std::string_view Response::Header(std::string_view name) const {
  for (const auto& [k, v] : headers)
    if (IEquals(k, name)) return v;
  return {};
}

}  // namespace shouhu::market
