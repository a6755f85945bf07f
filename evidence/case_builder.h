// Building a case (doc/design.md §5.4): everything an inspector hands over
// about one listing, verifiable without the database. The files are listed in
// evidence/case_format.h; evidence/case_verify.h checks them.
//
// The builder copies each capture's WARC records byte for byte from the
// sweep's files after checking each against its ledger row, and refuses to
// package evidence that does not match.
//
// Thread-safety: as Database (one owner thread).
#ifndef SHOUHU_EVIDENCE_CASE_BUILDER_H_
#define SHOUHU_EVIDENCE_CASE_BUILDER_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "base/status.h"
#include "storage/database.h"

namespace shouhu::evidence {

struct CaseExportOptions {
  std::string out;   // folder (must not exist or be empty); with zip, the archive path
  bool zip = false;  // write one .zip instead of a folder (".zip" appended when missing)
  std::string tool_name = "shouhu";
  std::string tool_version = "0.1.0";
  std::string exported_by;  // who exported (the extraction record's 提取人); may be empty
  // Where the sweep's WARC files are when not at the directory recorded in
  // warc_files (a database moved with its evidence folder). Empty: recorded
  // directory, then <database dir>/warc, then the database's directory.
  std::string warc_dir;
  std::string now;  // RFC 3339; empty = the current time (tests pin it)
};

struct CaseExportResult {
  std::string path;  // folder or zip written
  int64_t captures = 0;
  int64_t versions = 0;
  int64_t findings = 0;
  int64_t decisions = 0;
  std::string manifest_sha256;  // to write on the paper record
  std::vector<std::string> files;
};

// kNotFound: no such listing. kStorage: the sweep's WARC bytes do not match the
// ledger (the export refuses to package altered evidence) or cannot be read.
// kInvalidArgument: `out` exists and is not empty.
Result<CaseExportResult> ExportCase(storage::Database& db, int64_t listing_id,
                                    const CaseExportOptions& options);

// The case's files in memory, name -> bytes (exposed for tests).
Result<std::map<std::string, std::string>> BuildCaseFiles(storage::Database& db, int64_t listing_id,
                                                          const CaseExportOptions& options);

}  // namespace shouhu::evidence

#endif  // SHOUHU_EVIDENCE_CASE_BUILDER_H_
