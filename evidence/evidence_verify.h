// Verifying a whole evidence store: the ledger with a verifier for every kind
// of non-WARC record the project writes (today: review decisions). What
// `shouhu evidence verify` and the tests call.
//
// Thread-safety: as Database (one owner thread).
#ifndef SHOUHU_EVIDENCE_EVIDENCE_VERIFY_H_
#define SHOUHU_EVIDENCE_EVIDENCE_VERIFY_H_

#include <string>

#include "base/status.h"
#include "evidence/ledger.h"
#include "evidence/review_evidence.h"
#include "storage/database.h"

namespace shouhu::evidence {

// `dir_override` as EvidenceLedger::Verify.
inline Result<VerifyReport> VerifyEvidence(storage::Database& db,
                                           const std::string& dir_override = "") {
  ReviewDecisionVerifier decisions(db);
  LedgerRecordVerifier* verifiers[] = {&decisions};
  return EvidenceLedger(db).Verify(dir_override, verifiers);
}

}  // namespace shouhu::evidence

#endif  // SHOUHU_EVIDENCE_EVIDENCE_VERIFY_H_
