// CrawlScopes: which site a URL belongs to, whether the site wants it, and what
// kind of page it is — the scope filter every link, seed, sitemap entry and
// redirect hop passes before it reaches the frontier.
//
// Per site: the host names it serves, allow/deny patterns over path+query
// (deny wins; no allow = everything), and item/shop/list URL patterns that set
// the frontier priority (shop before item before list, see UrlPriority).
//
// Thread-safety: immutable after Compile; Classify may run on any thread (the
// runner's workers filter the links they find).
#ifndef SHOUHU_CRAWLER_SCOPE_H_
#define SHOUHU_CRAWLER_SCOPE_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "base/url.h"
#include "config/crawl_scope.h"
#include "crawler/frontier.h"
#include "crawler/robots.h"

namespace shouhu::crawler {

// A URL that passed the filter.
struct ScopedUrl {
  std::string url;     // canonical (the site's tracking parameters dropped)
  std::string origin;  // the frontier's host key
  int site = 0;        // index of the site
  UrlPriority priority = UrlPriority::kOther;
};

class CrawlScopes {
 public:
  // Compiles every site's patterns; kConfigInvalid naming the file, site and
  // pattern for one that does not compile.
  static Result<CrawlScopes> Compile(std::vector<config::CrawlScope> sites);

  CrawlScopes(CrawlScopes&&) noexcept;
  CrawlScopes& operator=(CrawlScopes&&) noexcept;
  ~CrawlScopes();

  // The URL as the frontier would hold it, or nullopt when it is out of scope:
  // a scheme other than http(s), a host no site serves (unless fallback_site
  // >= 0 names the site it belongs to anyway), or — with apply_patterns — a
  // path the site's allow/deny patterns exclude. Seeds and configured sitemaps
  // are classified without patterns: the operator named them.
  std::optional<ScopedUrl> Classify(const Url& url, bool apply_patterns,
                                    int fallback_site = -1) const;

  const config::CrawlScope& site(int index) const { return sites_[static_cast<size_t>(index)]; }
  const std::vector<config::CrawlScope>& sites() const { return sites_; }

 private:
  struct Compiled;
  CrawlScopes() = default;

  std::vector<config::CrawlScope> sites_;
  std::unique_ptr<Compiled> compiled_;
};

}  // namespace shouhu::crawler

#endif  // SHOUHU_CRAWLER_SCOPE_H_
