// The two human-readable pages of a case (evidence/case_format.h): the
// offline summary (summary.html) and the extraction record
// (extraction_record.html, 电子数据提取笔录). No scripts, no external resources:
// they open on an offline machine and print as they show.
//
// Thread-safety: pure functions.
#ifndef SHOUHU_EVIDENCE_CASE_HTML_H_
#define SHOUHU_EVIDENCE_CASE_HTML_H_

#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "evidence/warc_reader.h"
#include "storage/ledger_rows.h"
#include "storage/listing_history.h"
#include "storage/review_log.h"

namespace shouhu::evidence {

// One WARC record copied into the case: its ledger row, its gzip member, parsed.
struct CopiedRecord {
  storage::LedgerEntry entry;
  std::string bytes;  // the gzip member
  WarcRecordRead parsed;
};

// One capture of the listing: request, response and metadata records.
struct CaseCapture {
  int64_t sweep_id = 0;
  std::string sweep_name;
  int64_t version_id = 0;
  std::vector<CopiedRecord> records;    // request, response, metadata
  std::string operator_name, software;  // from the source file's warcinfo
};

// Everything a case is made of, loaded from the database and the WARC files.
struct CaseData {
  storage::ListingHistory history;
  std::vector<CaseCapture> captures;
  std::vector<storage::ReviewDecision> decisions;
};

// `text` HTML-escaped, with every occurrence of each snippet wrapped in <mark>
// (the longest wins where two start at the same byte).
std::string HighlightSnippets(std::string_view text, const std::vector<std::string>& snippets);

std::string SummaryHtml(const CaseData& c, const std::string& exported_at);
// From extraction_record.json's object.
std::string ExtractionRecordHtml(const nlohmann::json& record);

}  // namespace shouhu::evidence

#endif  // SHOUHU_EVIDENCE_CASE_HTML_H_
