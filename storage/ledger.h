// EvidenceLedger: the append-only hash chain over every WARC record written
// (DESIGN §5.4), kept in the evidence_ledger table of the project database.
//
// Each entry holds (seq, file, offset, length, record_id, record_type, sha256
// of the gzip member, prev_hash, entry_hash) with
//   entry_hash = SHA-256(prev_hash || every other column, in a fixed encoding)
// and prev_hash the previous entry's entry_hash (64 zeros for the first). Any
// edited, deleted, inserted or reordered row breaks the chain; any changed byte
// in a WARC file breaks that record's sha256.
//
// Entries that are not WARC records (file "", offset 0, length 0) carry the
// SHA-256 of a database row instead: review decisions (record_type
// "review-decision", storage/review_log.h), so a decision is chained in the
// same order as the captures around it.
//
// Crash safety (the order the EvidenceStore follows): a record is appended and
// fsynced first, then its ledger row is committed. So after a crash a WARC file
// may hold bytes past its last ledger entry, never the reverse. Recover() cuts
// those tails off; Verify() reports them as an error (they may also be a
// deleted last row).
//
// Thread-safety: not thread-safe; use from the thread that owns the Database.
#ifndef SHOUHU_STORAGE_LEDGER_H_
#define SHOUHU_STORAGE_LEDGER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "storage/database.h"
#include "storage/warc_writer.h"

namespace shouhu {

struct LedgerEntry {
  int64_t seq = 0;
  std::string file;
  int64_t offset = 0;
  int64_t length = 0;
  std::string record_id;
  std::string record_type;
  std::string sha256;
  std::string prev_hash;
  std::string entry_hash;
};

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

class EvidenceLedger {
 public:
  static constexpr const char* kGenesisHash =
      "0000000000000000000000000000000000000000000000000000000000000000";

  // `db` must outlive the ledger.
  explicit EvidenceLedger(Database& db) : db_(db) {}

  // Records that `file` lives in `dir` (idempotent). Verify reads files from there.
  Status RegisterFile(const std::string& file, const std::string& dir,
                      const std::string& created_at);
  // Adds one entry for a record already written and flushed. The row commits with
  // the enclosing Database::Batch, or at once outside one.
  Status Append(const WarcRecordLocation& record);
  // Adds one entry that is not a WARC record (file "", offset 0, length 0):
  // `sha256` is over the thing recorded, e.g. a review decision's canonical
  // JSON (record_type "review-decision", see storage/review_log.h). Returns the
  // entry as stored. Commits like Append.
  Result<LedgerEntry> AppendNonWarc(const std::string& record_type, const std::string& record_id,
                                    const std::string& sha256);

  // For every "<prefix>-*.warc.gz" file in `dir`: cuts bytes after the end of the
  // file's last ledger entry (a half-written tail from a crash); removes a file
  // with no ledger entry at all. Call before writing, outside a Batch.
  Status Recover(const std::string& dir, const std::string& prefix);

  // Walks the chain in seq order, re-reads and re-hashes every record, checks
  // each file is contiguous and has nothing past its last entry. A
  // "review-decision" entry is checked against the review_decisions row it
  // names (its canonical JSON re-hashed), and every decision row must have one. `dir_override`
  // reads the files from another directory (a copied evidence folder).
  Result<VerifyReport> Verify(const std::string& dir_override = "");

  Result<std::vector<LedgerEntry>> Entries();

  // The hashed encoding: every field as "<decimal length>:<bytes>\n", in column order.
  static std::string EntryHash(const LedgerEntry& e);

 private:
  Result<LedgerEntry> Insert(LedgerEntry e);

  Database& db_;
};

}  // namespace shouhu

#endif  // SHOUHU_STORAGE_LEDGER_H_
