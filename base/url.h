// Url: parsing, reference resolution and canonicalisation of URLs (crawl
// links, microdata values, shop links found on pages).
//
// The frontier deduplicates by the fingerprint of the canonical form, so two
// spellings of one page (host case, default port, fragment, tracking
// parameters, parameter order, percent-encoding case) are fetched once.
//
// Thread-safety: free functions over values; safe from any thread.
#ifndef SHOUHU_BASE_URL_H_
#define SHOUHU_BASE_URL_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace shouhu {

// Longest URL accepted, in bytes. Browsers and servers commonly stop between
// 2 KiB and 8 KiB; longer URLs on a marketplace are session junk or traps.
// Default: 4096.
inline constexpr size_t kMaxUrlLength = 4096;

// An absolute URL split into its RFC 3986 components. Host is lower-cased,
// without brackets for IPv6 literals kept as written ("[::1]" stays bracketed).
struct Url {
  std::string scheme;    // lower-case, without ':'
  std::string userinfo;  // rarely present; kept so ToString() round-trips
  std::string host;      // lower-case
  int port = -1;         // -1: not given
  std::string path;      // "/" at least for http(s)
  std::string query;     // without '?'
  bool has_query = false;
  std::string fragment;  // without '#'
  bool has_fragment = false;

  // The port actually used: the explicit one or the scheme's default (80/443).
  int EffectivePort() const;
  // "scheme://host[:port]" with the port only when explicit and not default.
  std::string Origin() const;
  // Path plus "?query" when present: what robots.txt rules match against.
  std::string PathAndQuery() const;
  std::string ToString() const;
};

// Parses an absolute URL. Leading/trailing spaces and control characters are
// trimmed, tabs and newlines inside are removed (as browsers do). Fails on a
// missing scheme, a missing host for http(s), a bad port or a URL longer than
// kMaxUrlLength.
Result<Url> ParseUrl(std::string_view text);

// Resolves a reference (relative or absolute) against a base (RFC 3986 §5.2,
// including remove_dot_segments).
Result<Url> ResolveUrl(const Url& base, std::string_view reference);

// ResolveUrl over text: the absolute form of `reference` against `base`, or
// `reference` as written when either does not parse (a microdata value that is
// not a URL stays as the page wrote it).
std::string ResolveReference(std::string_view base, std::string_view reference);

// The canonical form used for deduplication: lower-case scheme and host,
// default port dropped, fragment dropped, dot segments removed, the named
// tracking parameters removed, remaining query parameters sorted, percent
// encoding normalised (upper-case hex, unreserved characters decoded, unsafe
// bytes encoded), empty path → "/".
std::string Canonicalize(const Url& url, const std::vector<std::string>& tracking_params = {});

// Parse + Canonicalize in one step.
Result<std::string> CanonicalizeUrl(std::string_view text,
                                    const std::vector<std::string>& tracking_params = {});

// A stable 64-bit hash of a canonical URL (FNV-1a with a final avalanche);
// the same value across runs and machines, so it can be stored.
uint64_t UrlFingerprint(std::string_view canonical_url);

// Normalises percent-encoding of one URL component: valid escapes get upper-case
// hex, escapes of unreserved characters are decoded, a stray '%' and bytes that
// may not appear literally (space, controls, non-ASCII, "<>\"{}|\\^`") are
// encoded. Exposed for robots.txt matching and tests.
std::string NormalizePercentEncoding(std::string_view component);

}  // namespace shouhu

#endif  // SHOUHU_BASE_URL_H_
