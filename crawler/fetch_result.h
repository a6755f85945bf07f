// FetchResult: everything known about one completed fetch (after redirects),
// enough to store the exchange as WARC request/response records.
#ifndef SHOUHU_CRAWLER_FETCH_RESULT_H_
#define SHOUHU_CRAWLER_FETCH_RESULT_H_

#include <string>
#include <vector>

#include "config/status.h"

namespace shouhu::crawler {

struct FetchResult {
  std::string url;            // the URL asked for (canonical form from the frontier)
  std::string final_url;      // after redirects
  int depth = 0;              // link depth from a seed
  int http_status = 0;        // 0 when no response arrived
  std::string request_head;   // request line + headers as sent on the last hop (CRLF-separated)
  std::string response_head;  // status line + headers as received on the last hop
  std::string body;           // payload with content- and transfer-encoding removed
  std::string content_type;
  std::string remote_ip;      // address actually connected to (CURLINFO_PRIMARY_IP)
  std::string fetched_at;     // RFC 3339 UTC, when the response completed
  int redirects = 0;
  int attempts = 1;
  double elapsed_ms = 0;
  Status error;               // ok when an HTTP response (any status) arrived
};

}  // namespace shouhu::crawler

#endif  // SHOUHU_CRAWLER_FETCH_RESULT_H_
