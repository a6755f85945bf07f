// WarcWriter: appends captures to WARC/1.1 files (doc/design.md §5.4).
//
// Files are `<prefix>-<YYYYMMDDhhmmss>-<serial>.warc.gz` in one directory, each
// starting with a `warcinfo` record. Each record is its own gzip member, so a
// (file, offset, length) triple reads one record back without the rest of the
// file. A capture is written as `request`, `response` and `metadata` records
// in the same file (the request and metadata carry WARC-Concurrent-To the
// response). A new file is started when the current one has reached
// max_file_bytes (checked before each capture, so captures never straddle files).
//
// The response record is written as received but without transfer and content
// encoding, because the crawler hands over decoded bodies: see warc_writer.cc
// and doc/evidence.md for how the headers are rewritten.
//
// Durability: Write*() hands bytes to the kernel (write(2)); Sync() fsyncs the
// current file. The EvidenceStore calls Sync() before the ledger rows commit.
//
// Thread-safety: not thread-safe; one owner thread.
#ifndef SHOUHU_EVIDENCE_WARC_WRITER_H_
#define SHOUHU_EVIDENCE_WARC_WRITER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "base/status.h"
#include "evidence/capture_record.h"

namespace shouhu::evidence {

// Where one record landed.
struct WarcRecordLocation {
  std::string file;       // file name inside the directory
  int64_t offset = 0;     // of the gzip member
  int64_t length = 0;     // of the gzip member (compressed bytes)
  std::string record_id;  // "<urn:uuid:...>"
  std::string type;       // warcinfo | request | response | metadata
  std::string sha256;     // hex SHA-256 of the gzip member bytes
};

class WarcWriter {
 public:
  struct Options {
    std::string dir;  // REQUIRES: exists
    std::string prefix = "shouhu";
    // Default: 1 GB, the customary WARC file size (Heritrix, wget); small values in tests.
    int64_t max_file_bytes = int64_t{1} << 30;
    std::string software = "shouhu/0.1.0";
    std::string operator_name;  // warcinfo "operator"; omitted when empty
  };

  static Result<std::unique_ptr<WarcWriter>> Open(Options options);
  ~WarcWriter();
  WarcWriter(const WarcWriter&) = delete;
  WarcWriter& operator=(const WarcWriter&) = delete;

  // Writes the capture's request, response and metadata records, preceded by a
  // warcinfo record when a new file had to be opened. Returns every record
  // written, in file order (the response is the one with type "response").
  Result<std::vector<WarcRecordLocation>> WriteCapture(const CaptureRecord& capture);

  // fsync()s the current file.
  Status Sync();
  // Closes the current file (fsynced); the next capture opens a new one.
  Status Close();

  const std::string& current_file() const { return file_name_; }
  const std::string& dir() const { return options_.dir; }

  // The response head as archived: Transfer-Encoding and Content-Encoding
  // renamed to X-Archive-Orig-*, Content-Length set to body_size (the original
  // kept as X-Archive-Orig-Content-Length), CRLF line ends, ending in CRLF CRLF.
  static std::string RewriteResponseHead(const std::string& head, size_t body_size);

 private:
  explicit WarcWriter(Options options) : options_(std::move(options)) {}
  Status OpenNewFile(std::vector<WarcRecordLocation>* written);
  Result<WarcRecordLocation> Append(const std::string& type, const std::string& record_id,
                                    const std::string& record_bytes);

  Options options_;
  int serial_ = 0;
  int fd_ = -1;
  std::string file_name_;
  int64_t size_ = 0;
};

}  // namespace shouhu::evidence

#endif  // SHOUHU_EVIDENCE_WARC_WRITER_H_
