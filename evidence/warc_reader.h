// WarcReader: reads a gzip-per-record WARC file back and re-checks each record's
// digests, without the database (for `shouhu evidence verify --case`, doc/design.md §5.4).
//
// Input is untrusted (a case folder comes back from outside): every gzip member
// is inflated with a budget, every header line and Content-Length is checked,
// and problems come back as Status naming the byte offset of the member.
//
// Stateless functions; thread-safe.
#ifndef SHOUHU_EVIDENCE_WARC_READER_H_
#define SHOUHU_EVIDENCE_WARC_READER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/status.h"

namespace shouhu::evidence {

// Default: 512 MiB per record uncompressed — above the crawler's largest body
// budget, low enough that a gzip bomb in a case file cannot exhaust memory.
inline constexpr int64_t kMaxWarcRecordBytes = int64_t{512} << 20;

struct WarcRecordRead {
  int64_t offset = 0;         // of the gzip member in the file
  int64_t length = 0;         // compressed bytes
  std::string member_sha256;  // hex SHA-256 of the gzip member bytes (what the ledger holds)
  std::string version;        // "WARC/1.1"
  std::vector<std::pair<std::string, std::string>> headers;  // in file order
  std::string block;

  // The first header of that name (case-insensitive), or "".
  std::string Header(std::string_view name) const;
};

// Splits `file` into its gzip members and parses each as one WARC record.
Result<std::vector<WarcRecordRead>> ReadWarcRecords(std::string_view file);

// Recomputes WARC-Block-Digest and, for response records of HTTP, the
// WARC-Payload-Digest (the bytes after the HTTP head). Empty when both hold (or
// are absent on a record type that needs none); otherwise the reason.
std::string CheckWarcDigests(const WarcRecordRead& record);

}  // namespace shouhu::evidence

#endif  // SHOUHU_EVIDENCE_WARC_READER_H_
