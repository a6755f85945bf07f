// URL handling per RFC 3986. Inputs are hostile (hrefs from marketplace pages),
// so every path is bounded by kMaxUrlLength and nothing here allocates more
// than a small multiple of the input.
#include "base/url.h"

#include <algorithm>
#include <cctype>

#include "base/strings.h"

namespace shouhu {
namespace {

bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsUnreserved(unsigned char c) {
  return IsAlpha(static_cast<char>(c)) || IsDigit(static_cast<char>(c)) || c == '-' || c == '.' ||
         c == '_' || c == '~';
}
// Bytes that must be escaped wherever they appear in a component.
bool NeedsEscape(unsigned char c) {
  if (c <= 0x20 || c >= 0x7f) return true;
  switch (c) {
    case '"':
    case '<':
    case '>':
    case '\\':
    case '^':
    case '`':
    case '{':
    case '|':
    case '}':
      return true;
    default:
      return false;
  }
}

int DefaultPort(std::string_view scheme) {
  if (scheme == "http") return 80;
  if (scheme == "https") return 443;
  return -1;
}
bool IsSpecial(std::string_view scheme) { return scheme == "http" || scheme == "https"; }

// Trims C0 controls and space at both ends, drops tab/CR/LF inside (WHATWG
// URL parsing does the same; hrefs often carry line breaks).
std::string Clean(std::string_view text) {
  size_t b = 0, e = text.size();
  while (b < e && static_cast<unsigned char>(text[b]) <= 0x20) ++b;
  while (e > b && static_cast<unsigned char>(text[e - 1]) <= 0x20) --e;
  std::string out;
  out.reserve(e - b);
  for (size_t i = b; i < e; ++i) {
    char c = text[i];
    if (c == '\t' || c == '\n' || c == '\r') continue;
    out.push_back(c);
  }
  return out;
}

// RFC 3986 §5.2.4.
std::string RemoveDotSegments(std::string_view input) {
  std::vector<std::string_view> out;
  bool absolute = !input.empty() && input[0] == '/';
  size_t i = absolute ? 1 : 0;
  bool trailing_slash = false;
  while (i <= input.size()) {
    size_t j = input.find('/', i);
    if (j == std::string_view::npos) j = input.size();
    std::string_view seg = input.substr(i, j - i);
    bool last = j == input.size();
    if (seg == ".") {
      trailing_slash = last;
    } else if (seg == "..") {
      if (!out.empty()) out.pop_back();
      trailing_slash = last;
    } else {
      out.push_back(seg);
      trailing_slash = false;
    }
    i = j + 1;
  }
  std::string result;
  if (absolute) result.push_back('/');
  for (size_t k = 0; k < out.size(); ++k) {
    if (k) result.push_back('/');
    result.append(out[k]);
  }
  if (trailing_slash && !result.empty() && result.back() != '/') result.push_back('/');
  return result;
}

struct Reference {
  std::string scheme;
  bool has_scheme = false;
  bool has_authority = false;
  std::string authority;
  std::string path;
  std::string query;
  bool has_query = false;
  std::string fragment;
  bool has_fragment = false;
};

// Splits a reference by the RFC 3986 Appendix B grammar. For http(s) a
// backslash is read as '/' (browsers do; marketplaces emit such hrefs).
Reference SplitReference(std::string s, std::string_view base_scheme) {
  Reference r;
  size_t p = 0;
  // scheme
  if (!s.empty() && IsAlpha(s[0])) {
    size_t k = 1;
    while (k < s.size() &&
           (IsAlpha(s[k]) || IsDigit(s[k]) || s[k] == '+' || s[k] == '-' || s[k] == '.'))
      ++k;
    if (k < s.size() && s[k] == ':') {
      r.scheme = AsciiLower(std::string_view(s).substr(0, k));
      r.has_scheme = true;
      p = k + 1;
    }
  }
  std::string_view scheme = r.has_scheme ? std::string_view(r.scheme) : base_scheme;
  if (IsSpecial(scheme)) {
    size_t stop = s.find_first_of("?#", p);
    if (stop == std::string::npos) stop = s.size();
    for (size_t k = p; k < stop; ++k)
      if (s[k] == '\\') s[k] = '/';
  }
  // fragment
  size_t hash = s.find('#', p);
  if (hash != std::string::npos) {
    r.fragment = s.substr(hash + 1);
    r.has_fragment = true;
    s.resize(hash);
  }
  size_t q = s.find('?', p);
  if (q != std::string::npos) {
    r.query = s.substr(q + 1);
    r.has_query = true;
    s.resize(q);
  }
  if (s.compare(p, 2, "//") == 0) {
    size_t a = p + 2;
    size_t end = s.find('/', a);
    if (end == std::string::npos) end = s.size();
    r.authority = s.substr(a, end - a);
    r.has_authority = true;
    p = end;
  }
  r.path = s.substr(p);
  return r;
}

Status SetAuthority(std::string_view authority, Url* url) {
  size_t at = authority.rfind('@');
  if (at != std::string_view::npos) {
    url->userinfo = std::string(authority.substr(0, at));
    authority.remove_prefix(at + 1);
  }
  std::string_view host = authority, port;
  if (!authority.empty() && authority[0] == '[') {
    size_t close = authority.find(']');
    if (close == std::string_view::npos) return InvalidArgument("url: unterminated IPv6 literal");
    host = authority.substr(0, close + 1);
    std::string_view rest = authority.substr(close + 1);
    if (!rest.empty()) {
      if (rest[0] != ':') return InvalidArgument("url: junk after IPv6 literal");
      port = rest.substr(1);
    }
  } else {
    size_t colon = authority.rfind(':');
    if (colon != std::string_view::npos) {
      host = authority.substr(0, colon);
      port = authority.substr(colon + 1);
    }
  }
  if (!host.empty() && host.back() == '.') host.remove_suffix(1);  // "a.test." is "a.test"
  if (!host.empty() && host[0] != '[' &&
      (host[0] == '.' || host.back() == '.' || host.find("..") != std::string_view::npos))
    return InvalidArgument("url: empty label in host");
  for (char c : host) {
    auto u = static_cast<unsigned char>(c);
    bool bracketed = !host.empty() && host[0] == '[';
    if (u <= 0x20 || u >= 0x7f || c == '/' || c == '\\' || c == '<' || c == '>' || c == '"' ||
        c == '%' || (c == ':' && !bracketed))
      return InvalidArgument("url: invalid character in host");
  }
  url->host = AsciiLower(host);
  if (!port.empty()) {
    if (port.size() > 5) return InvalidArgument("url: bad port");
    int v = 0;
    for (char c : port) {
      if (!IsDigit(c)) return InvalidArgument("url: bad port");
      v = v * 10 + (c - '0');
    }
    if (v > 65535) return InvalidArgument("url: bad port");
    url->port = v;
  }
  return Status::Ok();
}

Result<Url> FromReference(const Reference& r) {
  Url url;
  url.scheme = r.scheme;
  if (r.has_authority) {
    Status s = SetAuthority(r.authority, &url);
    if (!s.ok()) return s;
  }
  if (IsSpecial(url.scheme) && url.host.empty()) return InvalidArgument("url: missing host");
  url.path = RemoveDotSegments(r.path);
  if (url.path.empty() && IsSpecial(url.scheme)) url.path = "/";
  url.query = r.query;
  url.has_query = r.has_query;
  url.fragment = r.fragment;
  url.has_fragment = r.has_fragment;
  return url;
}

std::string MergePaths(const Url& base, std::string_view ref_path) {
  if (!base.host.empty() && base.path.empty()) return "/" + std::string(ref_path);
  size_t slash = base.path.rfind('/');
  if (slash == std::string::npos) return std::string(ref_path);
  return base.path.substr(0, slash + 1) + std::string(ref_path);
}

}  // namespace

int Url::EffectivePort() const { return port >= 0 ? port : DefaultPort(scheme); }

std::string Url::Origin() const {
  std::string out = scheme + "://" + host;
  if (port >= 0 && port != DefaultPort(scheme)) out += ":" + std::to_string(port);
  return out;
}

std::string Url::PathAndQuery() const {
  std::string out = path.empty() ? std::string("/") : path;
  if (has_query) out += "?" + query;
  return out;
}

std::string Url::ToString() const {
  std::string out = scheme + ":";
  if (!host.empty() || IsSpecial(scheme)) {
    out += "//";
    if (!userinfo.empty()) out += userinfo + "@";
    out += host;
    if (port >= 0) out += ":" + std::to_string(port);
  }
  out += path;
  if (has_query) out += "?" + query;
  if (has_fragment) out += "#" + fragment;
  return out;
}

Result<Url> ParseUrl(std::string_view text) {
  if (text.size() > kMaxUrlLength) return InvalidArgument("url: longer than kMaxUrlLength");
  Reference r = SplitReference(Clean(text), "");
  if (!r.has_scheme) return InvalidArgument("url: not absolute");
  return FromReference(r);
}

Result<Url> ResolveUrl(const Url& base, std::string_view reference) {
  if (reference.size() > kMaxUrlLength) return InvalidArgument("url: longer than kMaxUrlLength");
  Reference r = SplitReference(Clean(reference), base.scheme);
  // RFC 3986 §5.2.2 (strict: a reference with the base's scheme is absolute).
  Reference t;
  if (r.has_scheme) {
    t = r;
  } else {
    t.scheme = base.scheme;
    t.has_scheme = true;
    if (r.has_authority) {
      t.has_authority = true;
      t.authority = r.authority;
      t.path = r.path;
      t.query = r.query;
      t.has_query = r.has_query;
    } else {
      t.has_authority = true;
      t.authority = base.userinfo.empty() ? base.host : base.userinfo + "@" + base.host;
      if (base.port >= 0) t.authority += ":" + std::to_string(base.port);
      if (r.path.empty()) {
        t.path = base.path;
        if (r.has_query) {
          t.query = r.query;
          t.has_query = true;
        } else {
          t.query = base.query;
          t.has_query = base.has_query;
        }
      } else {
        t.path = r.path[0] == '/' ? r.path : MergePaths(base, r.path);
        t.query = r.query;
        t.has_query = r.has_query;
      }
    }
  }
  t.fragment = r.fragment;
  t.has_fragment = r.has_fragment;
  Result<Url> out = FromReference(t);
  if (out.ok() && out->ToString().size() > kMaxUrlLength)
    return InvalidArgument("url: longer than kMaxUrlLength");
  return out;
}

std::string ResolveReference(std::string_view base, std::string_view reference) {
  Result<Url> b = ParseUrl(base);
  if (!b.ok()) return std::string(reference);
  Result<Url> r = ResolveUrl(*b, reference);
  if (!r.ok()) return std::string(reference);
  return r->ToString();
}

std::string NormalizePercentEncoding(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    auto c = static_cast<unsigned char>(in[i]);
    if (c == '%') {
      if (i + 2 < in.size() && IsHexDigit(in[i + 1]) && IsHexDigit(in[i + 2])) {
        auto v = static_cast<unsigned char>(HexValue(in[i + 1]) * 16 + HexValue(in[i + 2]));
        if (IsUnreserved(v)) {
          out.push_back(static_cast<char>(v));
        } else {
          AppendPercentEscaped(out, v);
        }
        i += 2;
      } else {
        out += "%25";
      }
    } else if (NeedsEscape(c)) {
      AppendPercentEscaped(out, c);
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  return out;
}

std::string Canonicalize(const Url& url, const std::vector<std::string>& tracking_params) {
  if (!IsSpecial(url.scheme)) {  // mailto:, javascript:, ... are never crawled; keep as written
    Url copy = url;
    copy.has_fragment = false;
    copy.fragment.clear();
    return copy.ToString();
  }
  std::string out = url.scheme + "://" + url.host;
  if (url.port >= 0 && url.port != DefaultPort(url.scheme)) out += ":" + std::to_string(url.port);
  // RFC 3986 §6.2.2: percent-encoding first, so "%2E%2E" becomes a dot segment.
  std::string path = RemoveDotSegments(NormalizePercentEncoding(url.path));
  if (path.empty()) path = "/";
  out += path;
  if (url.has_query) {
    std::vector<std::string> params;
    size_t i = 0;
    std::string_view q = url.query;
    while (i <= q.size()) {
      size_t j = q.find('&', i);
      if (j == std::string_view::npos) j = q.size();
      std::string_view p = q.substr(i, j - i);
      i = j + 1;
      if (p.empty()) continue;
      std::string norm = NormalizePercentEncoding(p);
      std::string_view name = std::string_view(norm).substr(0, norm.find('='));
      bool tracking = std::any_of(tracking_params.begin(), tracking_params.end(),
                                  [&](const std::string& t) { return t == name; });
      if (!tracking) params.push_back(std::move(norm));
    }
    std::stable_sort(params.begin(), params.end());
    for (size_t k = 0; k < params.size(); ++k) {
      out.push_back(k == 0 ? '?' : '&');
      out += params[k];
    }
  }
  return out;
}

Result<std::string> CanonicalizeUrl(std::string_view text,
                                    const std::vector<std::string>& tracking_params) {
  Result<Url> url = ParseUrl(text);
  if (!url.ok()) return url.status();
  return Canonicalize(*url, tracking_params);
}

uint64_t UrlFingerprint(std::string_view canonical_url) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (char c : canonical_url) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  // splitmix64 finaliser: spreads FNV's weak high bits.
  h ^= h >> 30;
  h *= 0xbf58476d1ce4e5b9ULL;
  h ^= h >> 27;
  h *= 0x94d049bb133111ebULL;
  h ^= h >> 31;
  return h;
}

}  // namespace shouhu
