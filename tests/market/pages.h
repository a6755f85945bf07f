// Page rendering shared by the three platforms (internal to shouhu_market).
//
// Every function is pure: the same (options, host, target) gives the same bytes.
#ifndef SHOUHU_TESTS_MARKET_PAGES_H_
#define SHOUHU_TESTS_MARKET_PAGES_H_

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "base/strings.h"
#include "tests/market/catalog.h"
#include "tests/market/market.h"

namespace shouhu::market {

// Listing indices per (platform, group), built once per MarketSite.
struct SiteIndex {
  std::vector<std::vector<int64_t>> by_group;  // [platform * groups + group]
  const std::vector<int64_t>& Of(int platform, int group) const {
    return by_group[static_cast<size_t>(platform) * GroupNames().size() +
                    static_cast<size_t>(group)];
  }
};
SiteIndex BuildSiteIndex(const MarketOptions& options);

struct PageContext {
  const MarketOptions& options;
  const SiteIndex& index;
  int platform;
  std::string_view host;   // as sent, with any port (for absolute URLs)
  std::string_view path;   // target before '?'
  std::string_view query;  // after '?', may be empty
};

// Static blocks built once per platform (UTF-8; lanmao's also in GBK).
struct Filler {
  std::string head_script;                // large inline script in <head>
  std::string nav;                        // header navigation
  std::string footer;                     // footer incl. the calendar link
  std::string tail_script;                // inline script before </body>
  std::vector<std::string> reviews;       // review blocks (HTML), one is picked per page
  std::vector<std::string> reviews_json;  // the same reviews as JSON arrays (kuaigou)
};
const Filler& FillerFor(int platform);     // UTF-8
const Filler& GbkFillerFor(int platform);  // lanmao blocks converted to GBK

// UTF-8 → GBK (glibc iconv); an unmappable character becomes '?'.
std::string ToGbk(std::string_view utf8);
void AppendGbk(std::string& out, std::string_view utf8);

std::string PriceText(int64_t cents);  // "59.00"
// Value of `key` in a query string ("" if absent; no percent-decoding).
std::string_view QueryParam(std::string_view query, std::string_view key);
int64_t PageNumber(std::string_view text);  // >= 1, or 0 when not a number

// An item link on a list page, with the tracking and redirect faults applied.
std::string ListItemHref(const PageContext& ctx, int64_t index, std::string_view source);
// Links to non-existent items added under the 404 fault, as (href, title) pairs.
std::vector<std::pair<std::string, std::string>> DeadLinks(const PageContext& ctx,
                                                           const std::vector<int64_t>& shown);
// Recommendation entries for an item page: (index, title, price cents).
struct Recommendation {
  int64_t index;
  std::string title;
  int64_t price_cents;
};
std::vector<Recommendation> Recommend(const MarketOptions& options, int64_t index, int count);

Response HtmlResponse(int status, std::string body, bool gbk = false);
Response NotFound(int platform);

// Per-platform pages. Each returns nullopt-like 404 via NotFound() when the
// path is not one of its own.
Response RenderTiantu(const PageContext& ctx);
Response RenderKuaigou(const PageContext& ctx);
Response RenderLanmao(const PageContext& ctx);

// A list page body: item cards for `shown` (with faults), dead links, and the
// pager (上一页, page numbers, 下一页 with class "next").
std::string ListBlock(const PageContext& ctx, const std::vector<int64_t>& shown, int64_t page,
                      int64_t last_page, const std::function<std::string(int64_t)>& page_href,
                      std::string_view source);

// Shop licence block (same markup on every platform).
std::string ShopLicenceHtml(const Shop& shop);

}  // namespace shouhu::market

#endif  // SHOUHU_TESTS_MARKET_PAGES_H_
