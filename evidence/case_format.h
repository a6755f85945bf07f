// The case format's names and the helpers its builder and verifier share
// (doc/design.md §5.4, doc/evidence.md). A case is a folder or a .zip of:
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
// Built by evidence/case_builder.h, rendered by evidence/case_html.h, checked
// by evidence/case_verify.h.
#ifndef SHOUHU_EVIDENCE_CASE_FORMAT_H_
#define SHOUHU_EVIDENCE_CASE_FORMAT_H_

#include <nlohmann/json_fwd.hpp>
#include <string>

#include "base/status.h"

namespace shouhu::evidence {

inline constexpr const char* kCaseFormat = "shouhu-case/1";
inline constexpr const char* kCaseWarcName = "evidence.warc.gz";
inline constexpr const char* kCaseManifest = "manifest.json";

// Pretty JSON (indent >= 0: with a final newline) or compact (indent -1).
// Seller text may hold invalid UTF-8: replaced, so the dump never throws, and
// the same way on writing and verifying.
std::string DumpCaseJson(const nlohmann::json& j, int indent = 2);

// The whole file; kIoError when it cannot be opened.
Result<std::string> ReadWholeFile(const std::string& path);

}  // namespace shouhu::evidence

#endif  // SHOUHU_EVIDENCE_CASE_FORMAT_H_
