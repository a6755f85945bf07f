// Verifying a case (doc/design.md §5.4): reads a case folder or zip back,
// recomputes every manifest hash, every WARC record's block and payload
// digests and gzip-member SHA-256, each claimed ledger row's entry hash, each
// review decision's hash, and the extraction record's file hashes; names the
// first file or record that fails. Needs no database.
//
// Thread-safety: pure functions of the files.
#ifndef SHOUHU_EVIDENCE_CASE_VERIFY_H_
#define SHOUHU_EVIDENCE_CASE_VERIFY_H_

#include <cstdint>
#include <map>
#include <string>

#include "base/status.h"

namespace shouhu::evidence {

struct CaseVerifyReport {
  int64_t files_checked = 0;
  int64_t records_checked = 0;
  std::string bad_item;  // file name, or "evidence.warc.gz record N (offset X)"
  std::string reason;
  bool ok() const { return bad_item.empty(); }
};

// `path` is a case folder or a .zip. A non-ok Status only when `path` cannot be
// read at all (kNotFound / kIoError); anything wrong inside is a failed report.
Result<CaseVerifyReport> VerifyCase(const std::string& path);
CaseVerifyReport VerifyCaseFiles(const std::map<std::string, std::string>& files);

}  // namespace shouhu::evidence

#endif  // SHOUHU_EVIDENCE_CASE_VERIFY_H_
