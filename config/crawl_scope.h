// CrawlScope: how one site is crawled — which URLs belong to it, which of them
// are item, list and shop pages, how deep and how many, and how politely.
//
// The crawl half of a site profile (config/sites/*.toml, doc/sites.md): the
// crawler needs only this, the extractor adds its field sources on top
// (parsers/site_profile.h). The file format is one flat table; this reads the
// crawl keys of it.
//
// Thread-safety: immutable after loading.
#ifndef SHOUHU_CONFIG_CRAWL_SCOPE_H_
#define SHOUHU_CONFIG_CRAWL_SCOPE_H_

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "config/toml_doc.h"

namespace shouhu::config {

struct CrawlScope {
  std::string id;    // "tiantu": lower-case letters, digits, '_' or '-'
  std::string name;  // "天图商城" (the id when not given)
  std::string file;  // path it was loaded from

  std::vector<std::string> hosts;     // host names served by this site (no port)
  std::vector<std::string> seeds;     // absolute URLs (port may be rewritten by the sweep)
  std::vector<std::string> sitemaps;  // absolute URLs of sitemaps to read besides robots.txt's
  std::vector<std::string> allow;     // RE2 over path+query; empty = everything on the hosts
  std::vector<std::string> deny;      // RE2 over path+query; wins over allow
  std::string item_url_pattern;       // RE2 over path+query with one group: the item id
  std::string list_url_pattern;       // RE2 over path+query: search / category pages
  std::string shop_url_pattern;       // RE2 over path+query with one group: the shop id
  std::vector<std::string> tracking_params;  // query parameters dropped by canonicalisation
  int max_depth = 8;
  int max_pages = 0;       // 0 = no cap
  double min_delay_s = 0;  // politeness: minimum delay between requests to a host
  int concurrency = 2;     // politeness: in-flight requests per host
};

// The keys ReadCrawlScope reads, for the profile's CheckKeys.
const std::vector<std::string_view>& CrawlScopeKeys();

// Reads the crawl keys of a profile's root table into *out. Errors name file,
// line and key; patterns are compiled to check them.
Status ReadCrawlScope(const Node& root, CrawlScope* out);

// Checks that `pattern` is a valid RE2 with between min_groups and max_groups
// capturing groups (-1 = no bound); the error names `where`.
Status CheckRegex(const Node& where, const std::string& pattern, int min_groups = -1,
                  int max_groups = -1);

}  // namespace shouhu::config

#endif  // SHOUHU_CONFIG_CRAWL_SCOPE_H_
