// FetchResult: everything known about one completed fetch (after redirects),
// enough to store the exchange as WARC request/response records.
#ifndef SHOUHU_CRAWLER_FETCH_RESULT_H_
#define SHOUHU_CRAWLER_FETCH_RESULT_H_

#include <string>
#include <vector>

#include "base/status.h"

namespace shouhu::crawler {

// Why a fetch produced no usable response; named so statistics and retry
// policy can tell a policy refusal from a network failure.
enum class FetchErrorKind {
  kNone = 0,
  kBadUrl,            // malformed URL or a scheme other than http(s)
  kDns,               // host name did not resolve
  kConnect,           // connection refused or unreachable
  kTimeout,           // connect, total or low-speed timeout
  kTls,               // handshake or certificate verification failed
  kTooManyRedirects,  // redirect limit reached
  kRedirectLoop,      // a redirect led back to a URL already in the chain
  kRedirectRefused,   // FetchRequest::redirect_check refused a hop (scope, robots.txt)
  kBodyTooLarge,      // body (after decompression) exceeded the cap
  kAddressRefused,    // target resolved to a private/loopback/link-local address
  kNetwork,           // any other transfer failure (reset, bad encoding, ...)
  kCancelled,
};

// "timeout", "too_many_redirects", ... (stable names for stats and logs).
const char* FetchErrorKindName(FetchErrorKind kind);

// Transient failures worth retrying with backoff.
inline bool IsTransient(FetchErrorKind kind) {
  return kind == FetchErrorKind::kDns || kind == FetchErrorKind::kConnect ||
         kind == FetchErrorKind::kTimeout || kind == FetchErrorKind::kNetwork;
}

struct FetchResult {
  std::string url;            // the URL asked for (canonical form from the frontier)
  std::string final_url;      // after redirects
  int depth = 0;              // link depth from a seed
  int http_status = 0;        // 0 when no response arrived
  std::string request_head;   // request line + headers as sent on the last hop (CRLF-separated)
  std::string response_head;  // status line + headers as received on the last hop
  std::string body;           // payload with content- and transfer-encoding removed
  std::string content_type;
  std::string remote_ip;     // address actually connected to (CURLINFO_PRIMARY_IP)
  std::string fetched_at;    // RFC 3339 UTC, when the response completed
  int redirects = 0;         // hops followed
  std::string redirect_url;  // a hop not followed (refused, loop, limit): where it pointed
  int attempts = 1;
  double elapsed_ms = 0;
  Status error;  // ok when an HTTP response (any status) arrived
  FetchErrorKind error_kind = FetchErrorKind::kNone;
  std::string retry_after;  // the Retry-After header value of the last hop, if any
};

}  // namespace shouhu::crawler

#endif  // SHOUHU_CRAWLER_FETCH_RESULT_H_
