// Page extraction: one fetched page + its site profile -> the page's kind, its
// Listing (item pages), its seller data (shop pages) and its raw links.
//
// Pure and synchronous over bytes: no I/O, safe to call from any worker thread.
// Hostile input (broken markup, huge or deeply nested pages, invalid bytes) gives a
// bounded result or a kParseError, never a crash or a hang.
#ifndef SHOUHU_PARSERS_PAGE_EXTRACTOR_H_
#define SHOUHU_PARSERS_PAGE_EXTRACTOR_H_

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "model/listing.h"
#include "parsers/site_profile.h"

namespace shouhu::parsers {

struct FetchedPage {
  std::string url;           // final URL (after redirects), absolute
  std::string content_type;  // Content-Type header value, may be empty
  std::string body;          // bytes as received (content-encoding already removed)
  std::string fetched_at;    // RFC 3339 UTC
};

enum class PageKind { kItem, kList, kShop, kOther };

struct PageExtract {
  PageKind kind = PageKind::kOther;
  std::optional<Listing> listing;    // kItem only
  std::optional<SellerInfo> seller;  // kShop only: licence data shown on the shop page
  std::optional<std::string> shop_id;
  std::string charset;             // the charset the page was decoded from
  std::string base_url;            // <base href> if present, else the page URL
  std::vector<std::string> links;  // raw href values of <a>/<link rel=next>, in page order
};

// Standard codes from the pieces a profile's `split` produced: re-joins "GB/T",
// "QB/T"… split at their '/', and separates several codes written in one value
// ("GB 30585-2014 QB/T 2880-2016" -> two codes). Codes are otherwise kept as written.
std::vector<std::string> NormalizeStandardCodes(const std::vector<std::string>& pieces);

// Budget: a body above this many bytes is not extracted at all (kParseError naming
// its size). Marketplace item pages are 150-200 KB and the fetcher stops at 8 MiB, so
// only a trap gets here; decoding and scanning it would cost seconds for nothing.
inline constexpr size_t kMaxPageBytes = 16u << 20;

// What a URL is on a site, by the profile's URL patterns alone (no fetch needed):
// the page kind and the item or shop id its pattern captures.
struct PageTarget {
  PageKind kind = PageKind::kOther;
  std::string id;  // item id (kItem) or shop id (kShop); empty otherwise
};
PageTarget ClassifyUrl(const SiteProfile& profile, const std::string& url);

// REQUIRES: profile loaded by LoadSiteProfile.
// kParseError when the body is above kMaxPageBytes.
Result<PageExtract> ExtractPage(const SiteProfile& profile, const FetchedPage& page);

}  // namespace shouhu::parsers

#endif  // SHOUHU_PARSERS_PAGE_EXTRACTOR_H_
