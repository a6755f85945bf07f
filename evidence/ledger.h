// EvidenceLedger: the append-only hash chain over every WARC record written
// (doc/design.md §5.4), kept in the evidence_ledger table of the project database.
//
// Each entry holds (seq, file, offset, length, record_id, record_type, sha256
// of the gzip member, prev_hash, entry_hash) with
//   entry_hash = SHA-256(prev_hash || every other column, in a fixed encoding)
// and prev_hash the previous entry's entry_hash (64 zeros for the first). Any
// edited, deleted, inserted or reordered row breaks the chain; any changed byte
// in a WARC file breaks that record's sha256.
//
// Entries that are not WARC records (file "", offset 0, length 0) carry the
// SHA-256 of something else, e.g. a database row: review decisions (record_type
// "review-decision", evidence/review_evidence.h), so a decision is chained in
// the same order as the captures around it. The ledger does not know what those
// records are: Verify checks each through the LedgerRecordVerifier its client
// passes for that record type, and fails on a type nobody verifies.
//
// Crash safety (the order the EvidenceStore follows): a record is appended and
// fsynced first, then its ledger row is committed. So after a crash a WARC file
// may hold bytes past its last ledger entry, never the reverse. Recover() cuts
// those tails off; Verify() reports them as an error (they may also be a
// deleted last row).
//
// Thread-safety: not thread-safe; use from the thread that owns the Database.
#ifndef SHOUHU_EVIDENCE_LEDGER_H_
#define SHOUHU_EVIDENCE_LEDGER_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "evidence/warc_writer.h"
#include "storage/database.h"
#include "storage/ledger_rows.h"

namespace shouhu::evidence {

using storage::LedgerEntry;

// The first entry that does not hold, and why.
struct LedgerProblem {
  int64_t seq = 0;  // 0 when the problem is a file, not an entry
  std::string file;
  int64_t offset = 0;
  std::string record_id;
  std::string reason;  // e.g. "sha256 of WARC bytes does not match (file edited)"
};

struct VerifyReport {
  int64_t entries_checked = 0;
  int64_t files_checked = 0;
  int64_t bytes_checked = 0;
  std::optional<LedgerProblem> problem;  // empty = the chain and every record hold
  bool ok() const { return !problem.has_value(); }
};

// Verifies the ledger entries of one record type that is not a WARC record.
// Implemented by the ledger's clients (evidence/review_evidence.h).
class LedgerRecordVerifier {
 public:
  virtual ~LedgerRecordVerifier() = default;
  virtual std::string_view record_type() const = 0;
  // One entry of record_type(), its chain already checked: empty when the
  // record it names holds, else why not.
  virtual Result<std::string> Check(const LedgerEntry& entry) = 0;
  // Called once after every entry held: a record of this kind that has no
  // ledger entry (inserted behind the ledger's back), if any.
  virtual Result<std::optional<LedgerProblem>> FindUnledgered() = 0;
};

class EvidenceLedger {
 public:
  static constexpr const char* kGenesisHash =
      "0000000000000000000000000000000000000000000000000000000000000000";

  // `db` must outlive the ledger.
  explicit EvidenceLedger(storage::Database& db) : db_(db) {}

  // Records that `file` lives in `dir` (idempotent). Verify reads files from there.
  Status RegisterFile(const std::string& file, const std::string& dir,
                      const std::string& created_at);
  // Adds one entry for a record already written and flushed. The row commits with
  // the enclosing Database::Batch, or at once outside one.
  Status Append(const WarcRecordLocation& record);
  // Adds one entry that is not a WARC record (file "", offset 0, length 0):
  // `sha256` is over the thing recorded, e.g. a review decision's canonical
  // JSON (record_type "review-decision", see evidence/review_evidence.h). Returns the
  // entry as stored. Commits like Append.
  Result<LedgerEntry> AppendNonWarc(const std::string& record_type, const std::string& record_id,
                                    const std::string& sha256);

  // For every "<prefix>-*.warc.gz" file in `dir`: cuts bytes after the end of the
  // file's last ledger entry (a half-written tail from a crash); removes a file
  // with no ledger entry at all. Call before writing, outside a Batch.
  Status Recover(const std::string& dir, const std::string& prefix);

  // Walks the chain in seq order, re-reads and re-hashes every record, checks
  // each file is contiguous and has nothing past its last entry. An entry
  // with no WARC file is checked by the verifier of its record type (none =
  // a problem), and each verifier then looks for records with no entry.
  // `dir_override` reads the files from another directory (a copied evidence
  // folder). evidence/evidence_verify.h passes every verifier the project has.
  Result<VerifyReport> Verify(const std::string& dir_override = "",
                              std::span<LedgerRecordVerifier* const> verifiers = {});

  Result<std::vector<LedgerEntry>> Entries();

  // The hashed encoding: every field as "<decimal length>:<bytes>\n", in column order.
  static std::string EntryHash(const LedgerEntry& e);

 private:
  Result<LedgerEntry> Insert(LedgerEntry e);

  storage::Database& db_;
};

}  // namespace shouhu::evidence

#endif  // SHOUHU_EVIDENCE_LEDGER_H_
