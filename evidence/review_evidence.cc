#include "evidence/review_evidence.h"

#include <nlohmann/json.hpp>

#include "base/digest.h"
#include "base/time.h"

namespace shouhu::evidence {

std::string CanonicalDecisionJson(const ReviewDecision& d) {
  nlohmann::json j = {{"id", d.id},
                      {"finding_id", d.finding_id},
                      {"listing_version_id", d.listing_version_id},
                      {"decision", d.decision},
                      {"inspector", d.inspector},
                      {"note", d.note},
                      {"decided_at", d.decided_at}};
  // Objects are key-sorted; invalid UTF-8 is replaced rather than thrown on, the
  // same way on writing and verifying.
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Result<ReviewDecision> RecordReviewDecision(storage::Database& db, int64_t finding_id,
                                            const std::string& decision,
                                            const std::string& inspector, const std::string& note,
                                            const std::string& decided_at) {
  if (!storage::IsReviewDecisionKind(decision)) {
    return InvalidArgument("decision '" + decision +
                           "': expected confirm, dismiss or test-purchase");
  }
  if (inspector.empty()) return InvalidArgument("--inspector: an inspector name is required");
  ReviewDecision d;
  d.finding_id = finding_id;
  d.decision = decision;
  d.inspector = inspector;
  d.note = note;
  d.decided_at = decided_at.empty() ? NowRfc3339Seconds() : decided_at;
  // The decision row and its ledger entry commit together or not at all.
  Status s = db.InSavepoint("review_decision", [&]() -> Status {
    if (Status ins = storage::InsertReviewDecision(db, &d); !ins.ok()) return ins;
    EvidenceLedger ledger(db);
    auto entry = ledger.AppendNonWarc(std::string(storage::kReviewDecisionEntryType),
                                      storage::DecisionLedgerRecordId(d.id),
                                      Sha256Hex(CanonicalDecisionJson(d)));
    if (!entry.ok()) return entry.status();
    d.ledger_seq = entry->seq;
    d.ledger_entry_hash = entry->entry_hash;
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return d;
}

Result<std::string> ReviewDecisionVerifier::Check(const LedgerEntry& e) {
  const int64_t id = storage::DecisionIdFromLedgerRecordId(e.record_id);
  if (id <= 0) return std::string("the record id is not a review decision's");
  auto d = storage::GetReviewDecision(db_, id);
  if (!d.ok()) {
    if (d.status().code() != StatusCode::kNotFound) return d.status();
    return "the review decision it records is missing (" + d.status().message() + ")";
  }
  if (Sha256Hex(CanonicalDecisionJson(*d)) != e.sha256) {
    return "SHA-256 of review decision " + std::to_string(id) +
           " does not match (decision row altered)";
  }
  ledgered_.insert(id);
  return std::string();
}

Result<std::optional<LedgerProblem>> ReviewDecisionVerifier::FindUnledgered() {
  auto ids = storage::AllDecisionIds(db_);
  if (!ids.ok()) return ids.status();
  for (int64_t id : *ids) {
    if (ledgered_.count(id) == 0) {
      return std::optional<LedgerProblem>(
          LedgerProblem{0, "", 0, storage::DecisionLedgerRecordId(id),
                        "review decision " + std::to_string(id) +
                            " has no ledger entry (row inserted behind the ledger)"});
    }
  }
  return std::optional<LedgerProblem>();
}

}  // namespace shouhu::evidence
