// Sitemap: reading sitemaps.org XML (urlset and sitemapindex), plain or
// gzipped, within size caps. A scanner, not a full XML parser: it collects the
// text of every <loc> element, which is all the crawler needs.
//
// Thread-safety: free functions over values.
#ifndef SHOUHU_CRAWLER_SITEMAP_H_
#define SHOUHU_CRAWLER_SITEMAP_H_

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace shouhu::crawler {

// The sitemaps.org protocol limits a file to 50 000 URLs and 50 MB
// uncompressed; more is either a mistake or hostile. Default: those limits.
inline constexpr size_t kMaxSitemapUrls = 50000;
inline constexpr size_t kMaxSitemapBytes = 50u << 20;

struct Sitemap {
  bool is_index = false;          // <sitemapindex>: locs are further sitemaps
  std::vector<std::string> locs;  // <loc> values, entity-decoded, trimmed
  bool truncated = false;         // more than max_urls entries were present
};

// `body` may be gzip-compressed (detected by its magic bytes); it is inflated
// up to max_bytes. Fails on corrupt gzip or an inflated size above max_bytes.
Result<Sitemap> ParseSitemap(std::string_view body, size_t max_urls = kMaxSitemapUrls,
                             size_t max_bytes = kMaxSitemapBytes);

// Inflates gzip data, refusing to produce more than `cap` bytes (bombs).
Result<std::string> GunzipCapped(std::string_view in, size_t cap);

}  // namespace shouhu::crawler

#endif  // SHOUHU_CRAWLER_SITEMAP_H_
