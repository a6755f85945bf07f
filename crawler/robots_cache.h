// RobotsCache: what each origin's robots.txt says for this crawl, and how a
// robots.txt fetch result is read (RFC 9309 §2.3.1).
//
//  - 2xx: parsed (a body cut at the size cap is parsed as far as it goes);
//  - 4xx, too many redirects, a redirect loop: "unavailable", allow all;
//  - 5xx, 429, no response: "unreachable", disallow all while the fetch is
//    retried (the caller waits Retry-After or a backoff); after the last retry
//    the origin stays disallowed for the crawl.
//
// Until an origin's robots.txt is decided nothing of it is known: Allowed()
// must not be asked (the frontier holds the origin's URLs back).
//
// Thread-safety: none; used on the crawl loop's thread.
#ifndef SHOUHU_CRAWLER_ROBOTS_CACHE_H_
#define SHOUHU_CRAWLER_ROBOTS_CACHE_H_

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "crawler/fetch_result.h"
#include "crawler/robots.h"

namespace shouhu::crawler {

class RobotsCache {
 public:
  RobotsCache(std::string user_agent, int max_retries)
      : user_agent_(std::move(user_agent)), max_retries_(max_retries) {}

  // A fetch of the origin's robots.txt starts; returns its attempt number (1-based).
  int StartFetch(const std::string& origin);
  // Reads the fetch result. Returns true when the origin's rules are decided,
  // false when the fetch should be retried (unreachable, attempts left, and
  // `may_retry` — false once the crawl is stopping).
  bool Record(const std::string& origin, const FetchResult& result, bool may_retry);

  bool Known(const std::string& origin) const;
  // REQUIRES: Known(origin). Whether the crawl's user agent may fetch the
  // canonical URL.
  bool Allowed(const std::string& origin, const std::string& canonical_url) const;
  // The origin's Crawl-delay for our user agent, if it sets one.
  std::optional<double> CrawlDelay(const std::string& origin) const;
  // The Sitemap: lines of the origin's robots.txt (empty until known).
  const std::vector<std::string>& Sitemaps(const std::string& origin) const;
  int attempts(const std::string& origin) const;

 private:
  struct Entry {
    int attempts = 0;
    bool known = false;
    RobotsTxt robots;
  };
  std::string user_agent_;
  int max_retries_;
  std::unordered_map<std::string, Entry> origins_;
};

}  // namespace shouhu::crawler

#endif  // SHOUHU_CRAWLER_ROBOTS_CACHE_H_
