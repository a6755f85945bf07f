// A review decision as evidence (doc/design.md §5.5): the decision row
// (storage/review_log.h) and its evidence-ledger entry, recorded in one
// transaction, and the verifier the ledger checks those entries with.
//
// The entry is not a WARC record: record_type "review-decision", record_id
// "urn:shouhu:review-decision:<id>", sha256 over the decision's canonical JSON.
// So an edited, removed or unledgered decision fails EvidenceLedger::Verify
// like any other tampering.
//
// Thread-safety: as Database (one owner thread).
#ifndef SHOUHU_EVIDENCE_REVIEW_EVIDENCE_H_
#define SHOUHU_EVIDENCE_REVIEW_EVIDENCE_H_

#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "base/status.h"
#include "evidence/ledger.h"
#include "storage/database.h"
#include "storage/review_log.h"

namespace shouhu::evidence {

using storage::ReviewDecision;

// The hashed form: a JSON object with id, finding_id, listing_version_id,
// decision, inspector, note, decided_at; keys sorted, compact, UTF-8.
std::string CanonicalDecisionJson(const ReviewDecision& d);

// Records a decision on `finding_id` (which must exist) and its ledger entry in
// one transaction. `decided_at` empty = now. REQUIRES: not inside a Batch of
// another writer; inspector non-empty.
Result<ReviewDecision> RecordReviewDecision(storage::Database& db, int64_t finding_id,
                                            const std::string& decision,
                                            const std::string& inspector, const std::string& note,
                                            const std::string& decided_at = "");

// Checks "review-decision" entries against the rows they name, and that every
// decision row has an entry. One instance per Verify call.
class ReviewDecisionVerifier : public LedgerRecordVerifier {
 public:
  explicit ReviewDecisionVerifier(storage::Database& db) : db_(db) {}
  std::string_view record_type() const override { return storage::kReviewDecisionEntryType; }
  Result<std::string> Check(const LedgerEntry& entry) override;
  Result<std::optional<LedgerProblem>> FindUnledgered() override;

 private:
  storage::Database& db_;
  std::set<int64_t> ledgered_;
};

}  // namespace shouhu::evidence

#endif  // SHOUHU_EVIDENCE_REVIEW_EVIDENCE_H_
