// RobotsTxt: an RFC 9309 robots.txt parser and matcher.
//
// Semantics follow RFC 9309 and the reference matcher google/robotstxt:
// groups of user-agent lines, product tokens matched case-insensitively, the
// longest matching rule wins, Allow wins a tie, '*' and a trailing '$' in
// patterns, non-ASCII and lower-case percent escapes normalised before
// comparison, invalid lines ignored, at most kMaxRobotsBytes parsed.
//
// The fetch-outcome policy (4xx → allow all, 5xx or unreachable → disallow all
// until fetched) is the sweep runner's: it builds AllowAll()/DisallowAll().
//
// Thread-safety: immutable after construction; const methods are safe from any
// thread.
#ifndef SHOUHU_CRAWLER_ROBOTS_H_
#define SHOUHU_CRAWLER_ROBOTS_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace shouhu::crawler {

// RFC 9309 §2.5: crawlers MUST parse at least 500 KiB; content after the
// limit is ignored. Default: 500 KiB.
inline constexpr size_t kMaxRobotsBytes = 500 * 1024;
// Longest line considered (google/robotstxt: 8 × the 2083-byte URL limit of
// old browsers); longer lines are truncated.
inline constexpr size_t kMaxRobotsLineLength = 2083 * 8;

class RobotsTxt {
 public:
  // Why a URL is allowed or not, for logs and evidence.
  struct Verdict {
    bool allowed = true;
    int line = 0;  // 1-based line of the deciding rule; 0 when no rule matched
  };

  // An empty robots.txt: everything allowed.
  RobotsTxt() = default;
  static RobotsTxt Parse(std::string_view body);
  static RobotsTxt AllowAll() { return RobotsTxt(); }
  static RobotsTxt DisallowAll();

  // user_agent: a product name ("shouhu") or a full User-Agent header value
  // ("shouhu/0.1 (+...)"), of which the name before '/', ';', '(' or a space
  // is compared case-insensitively with each group's product token.
  // path_and_query: "/path;params?query" (see RobotsPathFromUrl).
  bool Allowed(std::string_view user_agent, std::string_view path_and_query) const {
    return Check(user_agent, path_and_query).allowed;
  }
  Verdict Check(std::string_view user_agent, std::string_view path_and_query) const;

  // Crawl-delay (seconds) of the group that applies to user_agent, if any.
  std::optional<double> CrawlDelay(std::string_view user_agent) const;
  // Sitemap lines (absolute URLs as written), in file order.
  const std::vector<std::string>& sitemaps() const { return sitemaps_; }

 private:
  struct Rule {
    bool allow = false;
    std::string pattern;  // percent-normalised
    int line = 0;
  };
  struct Group {
    std::vector<std::string> agents;  // lower-case product tokens; "*" = any
    std::vector<Rule> rules;
    std::optional<double> crawl_delay;
  };
  // Groups whose agents name the token (specific) or, failing that, "*".
  std::vector<const Group*> GroupsFor(std::string_view user_agent, bool* specific) const;

  std::vector<Group> groups_;
  std::vector<std::string> sitemaps_;
};

// The product token of a User-Agent value: its leading [A-Za-z_-] characters.
std::string_view RobotsProductToken(std::string_view user_agent);

// The part of a URL robots.txt rules match against: path, params and query,
// without the fragment; "/" when the URL has no path (google/robotstxt's
// GetPathParamsQuery).
std::string RobotsPathFromUrl(std::string_view url);

// Whether a path matches a robots.txt pattern ('*' any run, trailing '$' end).
// Both are compared byte-wise as given.
bool RobotsPatternMatches(std::string_view path, std::string_view pattern);

}  // namespace shouhu::crawler

#endif  // SHOUHU_CRAWLER_ROBOTS_H_
