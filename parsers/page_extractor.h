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
#include <string_view>
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
  std::optional<std::string> shop_name;  // kShop only: the shop's display name (shop_name)
  std::string charset;                   // the charset the page was decoded from
  std::string base_url;            // <base href> resolved against the page URL, else the page URL
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

// What every source of a profile did on one page, for whoever writes a profile
// (`shouhu profile check`). With a trace, every source of a field is run, not only
// up to the first that gives a value.
struct SourceTrace {
  enum class Outcome {
    kUsed,       // gave the field its value
    kFallback,   // would give a value, but an earlier source won
    kNothing,    // matched nothing on the page
    kCleanedOut  // matched, but capture / split / number parsing left nothing
  };
  std::string field;  // "title", "seller.company"; shop pages: "shop:company"
  size_t index = 0;   // position among the field's sources
  int line = 0;       // line in the profile
  std::string kind;   // "pairs", "jsonld", ...
  std::string where;  // selector, path or container as written
  Outcome outcome = Outcome::kNothing;
  std::vector<std::string> values;  // what it gave after cleaning (attributes: "name=value")
};
struct ExtractTrace {
  std::vector<SourceTrace> sources;
};

// The rows each table / pairs / items source reads from a decoded (UTF-8) page, as
// the `attributes` field would get them; the page is parsed once. For `shouhu
// profile check --suggest`.
std::vector<std::vector<AttributeRow>> ReadParameterRows(std::string_view html,
                                                         const std::vector<FieldSource>& sources);

// REQUIRES: profile loaded by LoadSiteProfile.
// kParseError when the body is above kMaxPageBytes. `trace` may be null.
Result<PageExtract> ExtractPage(const SiteProfile& profile, const FetchedPage& page,
                                ExtractTrace* trace = nullptr);

}  // namespace shouhu::parsers

#endif  // SHOUHU_PARSERS_PAGE_EXTRACTOR_H_
