// Review decisions (doc/design.md §5.5): an inspector's verdict on one finding —
// confirm, dismiss, or test-purchase (buy a sample for laboratory testing) —
// the rows and the queries over them.
//
// Append-only twice over: the review_decisions table refuses UPDATE and DELETE
// (triggers), and every decision is also an entry in the evidence ledger
// (record_type "review-decision", no WARC file). Recording a decision with its
// ledger entry, and verifying them, is evidence/review_evidence.h's job; this
// file only reads and writes rows. A changed verdict is a new decision; the
// latest one per finding is the current state.
//
// Thread-safety: as Database (one owner thread).
#ifndef SHOUHU_STORAGE_REVIEW_LOG_H_
#define SHOUHU_STORAGE_REVIEW_LOG_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "model/finding.h"
#include "storage/database.h"

namespace shouhu::storage {

inline constexpr std::string_view kReviewDecisionEntryType = "review-decision";

struct ReviewDecision {
  int64_t id = 0;
  int64_t finding_id = 0;
  int64_t listing_version_id = 0;
  std::string decision;   // confirm | dismiss | test-purchase
  std::string inspector;  // who decided
  std::string note;
  std::string decided_at;  // RFC 3339 UTC
  // The ledger entry recording it (0 / empty when none: Verify reports that).
  int64_t ledger_seq = 0;
  std::string ledger_entry_hash;
};

bool IsReviewDecisionKind(std::string_view decision);
// The ledger's record_id for decision `id`: "urn:shouhu:review-decision:<id>".
std::string DecisionLedgerRecordId(int64_t id);
// The decision id in such a record id; 0 when it is not one.
int64_t DecisionIdFromLedgerRecordId(std::string_view record_id);

// Inserts the row of `d` (finding_id, decision, inspector, note, decided_at
// set; finding_id must exist, else kNotFound) and sets its id and
// listing_version_id. No ledger entry: see evidence::RecordReviewDecision.
Status InsertReviewDecision(Database& db, ReviewDecision* d);

// One decision by id (kNotFound when absent).
Result<ReviewDecision> GetReviewDecision(Database& db, int64_t id);
// Every decision on the findings of any version of `listing_id`, oldest first.
Result<std::vector<ReviewDecision>> DecisionsForListing(Database& db, int64_t listing_id);
// Every decision id in the table (for Verify's completeness check).
Result<std::vector<int64_t>> AllDecisionIds(Database& db);

// A finding of a listing's current version, as the review queue shows it.
struct ReviewItem {
  int64_t finding_id = 0;
  int64_t listing_id = 0;
  int64_t version_id = 0;
  std::string site, item_id, url, title;
  Finding finding;
  std::optional<ReviewDecision> last_decision;
};

struct ReviewFilter {
  std::optional<std::string> category, severity, site;
  bool undecided_only = false;
};

// Findings of every listing's current version matching the filter, by listing then finding.
Result<std::vector<ReviewItem>> ListReviewQueue(Database& db, const ReviewFilter& filter);

}  // namespace shouhu::storage

#endif  // SHOUHU_STORAGE_REVIEW_LOG_H_
