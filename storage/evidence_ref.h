// EvidenceRef: where the WARC records of one capture sit (doc/design.md §5.4). Stored with
// each listing version and sighting, so the console and case exports can go from a
// finding straight to the archived bytes the inspector judged.
#ifndef SHOUHU_STORAGE_EVIDENCE_REF_H_
#define SHOUHU_STORAGE_EVIDENCE_REF_H_

#include <cstdint>
#include <string>

namespace shouhu::storage {

struct EvidenceRef {
  std::string warc_file;           // file name inside the evidence directory; empty = no capture
  std::string response_record_id;  // "<urn:uuid:...>"
  std::string metadata_record_id;  // "<urn:uuid:...>"
  // Offsets and lengths of the gzip members (one per record) in warc_file.
  int64_t request_offset = -1;
  int64_t response_offset = -1;
  int64_t response_length = 0;
  int64_t metadata_offset = -1;
  int64_t metadata_length = 0;

  bool empty() const { return warc_file.empty(); }
};

}  // namespace shouhu::storage

#endif  // SHOUHU_STORAGE_EVIDENCE_REF_H_
