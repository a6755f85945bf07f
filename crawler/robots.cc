// robots.txt per RFC 9309 (https://www.rfc-editor.org/rfc/rfc9309), matching
// the behaviour of google/robotstxt where the RFC leaves room:
//  - a group is one or more user-agent lines followed by rules; a user-agent
//    line after a rule starts a new group (§2.1);
//  - rules before any user-agent line are ignored; unknown keys are ignored;
//  - "key value" without a colon is accepted when there are exactly two
//    tokens (a common mistake the reference parser tolerates);
//  - if any group names the crawler, only those groups apply (§2.2.1), even
//    when none of their rules match; otherwise the "*" groups apply;
//  - the longest matching pattern wins, Allow wins a tie (§2.2.2);
//  - empty patterns never match (an empty Disallow allows everything).
// The file is hostile input: it is cut at kMaxRobotsBytes, lines at
// kMaxRobotsLineLength, and matching is O(|path| × |pattern|) per rule.
#include "crawler/robots.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "base/strings.h"

namespace shouhu::crawler {
namespace {

// Non-ASCII bytes become %XX and existing escapes get upper-case hex (§2.2.2);
// escapes are not decoded, so "%62" does not match "b".
std::string EscapePattern(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    auto c = static_cast<unsigned char>(in[i]);
    if (c == '%' && i + 2 < in.size() && IsHexDigit(in[i + 1]) && IsHexDigit(in[i + 2])) {
      out.push_back('%');
      out.push_back(AsciiUpperChar(in[i + 1]));
      out.push_back(AsciiUpperChar(in[i + 2]));
      i += 2;
    } else if (c >= 0x80) {
      AppendPercentEscaped(out, c);
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  return out;
}

enum class Key { kUserAgent, kAllow, kDisallow, kSitemap, kCrawlDelay, kUnknown };

Key ClassifyKey(std::string_view raw) {
  std::string k = AsciiLower(raw);
  if (k == "user-agent" || k == "useragent" || k == "user agent") return Key::kUserAgent;
  if (k == "allow") return Key::kAllow;
  if (k == "disallow" || k == "dissallow" || k == "dissalow" || k == "disalow" || k == "diasllow" ||
      k == "disallaw")
    return Key::kDisallow;
  if (k == "sitemap" || k == "site-map") return Key::kSitemap;
  if (k == "crawl-delay" || k == "crawldelay" || k == "crawl delay") return Key::kCrawlDelay;
  return Key::kUnknown;
}

// Splits "key: value" (or "key value" with exactly two tokens). Returns false
// for lines that carry no directive.
bool SplitLine(std::string_view line, std::string_view* key, std::string_view* value) {
  size_t hash = line.find('#');
  if (hash != std::string_view::npos) line = line.substr(0, hash);
  line = TrimSpaceTab(line);
  if (line.empty()) return false;
  size_t sep = line.find(':');
  if (sep == std::string_view::npos) {
    size_t ws = line.find_first_of(" \t");
    if (ws == std::string_view::npos) return false;
    std::string_view rest = TrimSpaceTab(line.substr(ws));
    if (rest.find_first_of(" \t") != std::string_view::npos) return false;
    *key = TrimSpaceTab(line.substr(0, ws));
    *value = rest;
    return !key->empty();
  }
  *key = TrimSpaceTab(line.substr(0, sep));
  *value = TrimSpaceTab(line.substr(sep + 1));
  return !key->empty();
}

}  // namespace

std::string_view RobotsProductToken(std::string_view user_agent) {
  size_t n = 0;
  while (n < user_agent.size() && (std::isalpha(static_cast<unsigned char>(user_agent[n])) ||
                                   user_agent[n] == '-' || user_agent[n] == '_'))
    ++n;
  return user_agent.substr(0, n);
}

bool RobotsPatternMatches(std::string_view path, std::string_view pattern) {
  // Positions in path reachable after consuming a prefix of the pattern
  // (google/robotstxt's Matches): linear memory, no backtracking blow-up.
  const size_t n = path.size();
  std::vector<size_t> pos;
  pos.reserve(n + 1);
  pos.push_back(0);
  for (size_t k = 0; k < pattern.size(); ++k) {
    char pc = pattern[k];
    if (pc == '$' && k + 1 == pattern.size()) return pos.back() == n;
    if (pc == '*') {
      size_t first = pos.front();
      pos.clear();
      for (size_t p = first; p <= n; ++p) pos.push_back(p);
    } else {
      size_t w = 0;
      for (size_t p : pos)
        if (p < n && path[p] == pc) pos[w++] = p + 1;
      pos.resize(w);
      if (pos.empty()) return false;
    }
  }
  return true;
}

RobotsTxt RobotsTxt::DisallowAll() {
  RobotsTxt r;
  Group g;
  g.agents.push_back("*");
  g.rules.push_back(Rule{false, "/", 0});
  r.groups_.push_back(std::move(g));
  return r;
}

RobotsTxt RobotsTxt::Parse(std::string_view body) {
  RobotsTxt out;
  if (body.size() > kMaxRobotsBytes) body = body.substr(0, kMaxRobotsBytes);
  // Skip a UTF-8 byte-order mark, or as much of one as is present.
  static constexpr unsigned char kBom[] = {0xEF, 0xBB, 0xBF};
  size_t bom = 0;
  while (bom < 3 && bom < body.size() && static_cast<unsigned char>(body[bom]) == kBom[bom]) ++bom;
  body.remove_prefix(bom);

  Group* current = nullptr;  // group receiving rules
  bool group_has_rules = false;
  int line_no = 0;
  size_t i = 0;
  while (i < body.size()) {
    size_t end = body.find_first_of("\r\n", i);
    if (end == std::string_view::npos) end = body.size();
    std::string_view line = body.substr(i, end - i);
    ++line_no;
    // Lines end with LF, CR or CRLF (§2.2).
    i = end + 1;
    if (end + 1 < body.size() && body[end] == '\r' && body[end + 1] == '\n') ++i;
    if (line.size() > kMaxRobotsLineLength) line = line.substr(0, kMaxRobotsLineLength);

    std::string_view key, value;
    if (!SplitLine(line, &key, &value)) continue;
    switch (ClassifyKey(key)) {
      case Key::kUserAgent: {
        if (current == nullptr || group_has_rules) {
          out.groups_.emplace_back();
          current = &out.groups_.back();
          group_has_rules = false;
        }
        if (!value.empty() && value[0] == '*' &&
            (value.size() == 1 || value[1] == ' ' || value[1] == '\t')) {
          current->agents.push_back("*");
        } else {
          std::string_view token = RobotsProductToken(value);
          if (!token.empty()) current->agents.push_back(AsciiLower(token));
        }
        break;
      }
      case Key::kAllow:
      case Key::kDisallow:
        if (current == nullptr) break;
        group_has_rules = true;
        if (value.empty()) break;  // matches nothing
        current->rules.push_back(
            Rule{ClassifyKey(key) == Key::kAllow, EscapePattern(value), line_no});
        break;
      case Key::kCrawlDelay: {
        if (current == nullptr) break;
        group_has_rules = true;  // a record of the group, like a rule
        std::string v(value);
        char* endp = nullptr;
        double d = std::strtod(v.c_str(), &endp);
        if (endp != v.c_str() && d >= 0 && d < 86400 * 30) current->crawl_delay = d;
        break;
      }
      case Key::kSitemap:
        if (!value.empty()) out.sitemaps_.emplace_back(value);
        break;
      case Key::kUnknown:
        break;
    }
  }
  return out;
}

std::vector<const RobotsTxt::Group*> RobotsTxt::GroupsFor(std::string_view user_agent,
                                                          bool* specific) const {
  // The caller's product name is taken whole (up to '/', ';', '(' or a
  // space), so "AB42bot" does not match a "User-agent: AB42bot" line, whose
  // product token is only "AB" (§2.2.1 limits tokens to [A-Za-z_-]).
  size_t stop = user_agent.find_first_of("/;( \t");
  std::string token = AsciiLower(user_agent.substr(0, stop));
  std::vector<const Group*> named, global;
  for (const Group& g : groups_) {
    bool is_named = false, is_global = false;
    for (const std::string& a : g.agents) {
      if (a == "*")
        is_global = true;
      else if (!token.empty() && a == token)
        is_named = true;
    }
    if (is_named)
      named.push_back(&g);
    else if (is_global)
      global.push_back(&g);
  }
  *specific = !named.empty();
  return *specific ? named : global;
}

RobotsTxt::Verdict RobotsTxt::Check(std::string_view user_agent,
                                    std::string_view path_and_query) const {
  bool specific = false;
  std::string path = path_and_query.empty() ? std::string("/") : std::string(path_and_query);
  int best_allow = -1, best_disallow = -1, allow_line = 0, disallow_line = 0;
  for (const Group* g : GroupsFor(user_agent, &specific)) {
    for (const Rule& r : g->rules) {
      if (!RobotsPatternMatches(path, r.pattern)) continue;
      int len = static_cast<int>(r.pattern.size());
      if (r.allow && len > best_allow) {
        best_allow = len;
        allow_line = r.line;
      } else if (!r.allow && len > best_disallow) {
        best_disallow = len;
        disallow_line = r.line;
      }
    }
  }
  if (best_disallow > best_allow) return Verdict{false, disallow_line};
  return Verdict{true, best_allow >= 0 ? allow_line : 0};
}

std::optional<double> RobotsTxt::CrawlDelay(std::string_view user_agent) const {
  bool specific = false;
  for (const Group* g : GroupsFor(user_agent, &specific))
    if (g->crawl_delay) return g->crawl_delay;
  return std::nullopt;
}

std::string RobotsPathFromUrl(std::string_view url) {
  size_t search_start = 0;
  if (url.size() >= 2 && url[0] == '/' && url[1] == '/') search_start = 2;
  size_t early_path = url.find_first_of("/?;", search_start);
  size_t protocol_end = url.find("://", search_start);
  if (early_path < protocol_end) protocol_end = std::string_view::npos;
  protocol_end = protocol_end == std::string_view::npos ? search_start : protocol_end + 3;
  size_t path_start = url.find_first_of("/?;", protocol_end);
  if (path_start == std::string_view::npos) return "/";
  size_t hash_pos = url.find('#', search_start);
  if (hash_pos < path_start) return "/";
  size_t path_end = hash_pos == std::string_view::npos ? url.size() : hash_pos;
  std::string out(url.substr(path_start, path_end - path_start));
  if (out[0] != '/') out.insert(out.begin(), '/');
  return out;
}

}  // namespace shouhu::crawler
