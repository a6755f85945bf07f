// Case export (DESIGN §5.4): everything an inspector hands over about one
// listing, verifiable without the database.
//
// A case is a folder (or a .zip of the same files):
//   evidence.warc.gz          a fresh warcinfo record, then the request, response
//                             and metadata records of every capture, copied byte
//                             for byte (gzip member by member) from the sweep's
//                             WARC files after checking them against the ledger
//   listing.json              every version of the listing, oldest first
//   findings.json             the findings of every version, with their ids
//   reviews.json              review decisions with their ledger entries
//   summary.html              offline summary: fields, findings with the matched
//                             snippets highlighted, capture history, decisions
//   extraction_record.json    电子数据提取笔录: URL, resolved IP, capture time,
//   extraction_record.html      tool and version, operator, SHA-256 of every file
//   manifest.json             SHA-256 and size of every other file, and the
//                             ledger rows of every copied WARC record
//
// VerifyCase reads a case folder or zip back, recomputes every manifest hash,
// every WARC record's block and payload digests and gzip-member SHA-256, each
// claimed ledger row's entry hash, each review decision's hash, and the
// extraction record's file hashes; it names the first file or record that fails.
//
// Thread-safety: ExportCase as Database (one owner thread); VerifyCase is a pure
// function of the files.
#ifndef SHOUHU_STORAGE_CASE_EXPORT_H_
#define SHOUHU_STORAGE_CASE_EXPORT_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "base/status.h"
#include "base/strings.h"
#include "storage/database.h"

namespace shouhu {

inline constexpr const char* kCaseFormat = "shouhu-case/1";
inline constexpr const char* kCaseWarcName = "evidence.warc.gz";

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
Result<CaseExportResult> ExportCase(Database& db, int64_t listing_id,
                                    const CaseExportOptions& options);

// The case's files in memory, name -> bytes (exposed for tests).
Result<std::map<std::string, std::string>> BuildCaseFiles(Database& db, int64_t listing_id,
                                                          const CaseExportOptions& options);

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

}  // namespace shouhu

#endif  // SHOUHU_STORAGE_CASE_EXPORT_H_
