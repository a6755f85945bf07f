// The rows behind the evidence ledger (doc/design.md §5.4): the evidence_ledger
// table (one row per ledgered record, a hash chain) and warc_files (where each
// WARC file lives). Plain reads and writes; the chain's rules — hashing,
// appending in order, verifying — are evidence/ledger.h's.
//
// Thread-safety: as Database (one owner thread).
#ifndef SHOUHU_STORAGE_LEDGER_ROWS_H_
#define SHOUHU_STORAGE_LEDGER_ROWS_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "storage/database.h"

namespace shouhu::storage {

// One row of evidence_ledger. A WARC record has file/offset/length; an entry
// that is not a WARC record has file "" and offset 0, length 0.
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

// The last entry's seq and entry_hash; empty for an empty ledger.
struct LedgerTip {
  int64_t seq = 0;
  std::string entry_hash;
};

// How much of one WARC file the ledger covers.
struct LedgerFileExtent {
  int64_t entries = 0;
  int64_t end = 0;  // offset + length of its last entry; 0 when none
};

// Records that WARC file `name` lives in `dir` (idempotent: the first dir wins).
Status RegisterWarcFile(Database& db, const std::string& name, const std::string& dir,
                        const std::string& created_at);
// name -> dir of every registered WARC file.
Result<std::map<std::string, std::string>> WarcFileDirs(Database& db);
// The registered dir of `name`; empty when not registered.
Result<std::optional<std::string>> WarcFileDir(Database& db, const std::string& name);

Result<std::optional<LedgerTip>> LastLedgerEntry(Database& db);
// Inserts `e` as given (the caller chose seq, prev_hash and entry_hash).
Status InsertLedgerEntry(Database& db, const LedgerEntry& e);
// Every entry in seq order.
Result<std::vector<LedgerEntry>> LedgerEntries(Database& db);
// The entry of the record at `offset` in `file`.
Result<std::optional<LedgerEntry>> LedgerEntryAt(Database& db, const std::string& file,
                                                 int64_t offset);
// The entries with these seqs that exist, in seq order.
Result<std::vector<LedgerEntry>> LedgerEntriesBySeq(Database& db, const std::vector<int64_t>& seqs);
Result<LedgerFileExtent> LedgerExtentOf(Database& db, const std::string& file);

}  // namespace shouhu::storage

#endif  // SHOUHU_STORAGE_LEDGER_ROWS_H_
