// CaptureRecord: one HTTP exchange to archive, as the pipeline hands it to storage.
// A plain value type, so storage does not depend on the crawler (a higher layer):
// the crawler copies its FetchResult fields in.
#ifndef SHOUHU_EVIDENCE_CAPTURE_RECORD_H_
#define SHOUHU_EVIDENCE_CAPTURE_RECORD_H_

#include <string>

namespace shouhu::evidence {

struct CaptureRecord {
  std::string url;            // WARC-Target-URI: the URL of the last hop (after redirects)
  std::string remote_ip;      // WARC-IP-Address; may be empty
  std::string fetched_at;     // RFC 3339 UTC ("2026-11-24T06:40:19Z"); empty = now
  std::string request_head;   // request line + headers as sent (CRLF or LF separated)
  std::string response_head;  // status line + headers as received
  std::string body;           // payload with content- and transfer-encoding removed
  std::string metadata_json;  // the extracted listing and findings, stored as a metadata record
};

}  // namespace shouhu::evidence

#endif  // SHOUHU_EVIDENCE_CAPTURE_RECORD_H_
