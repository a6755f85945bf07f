// EvidenceStore: the pipeline's one call per capture (doc/design.md §5.4). Writes the
// capture's WARC records (and a warcinfo record when a file opens), makes them
// durable, ledgers each one, and returns where they are.
//
// Order per capture: records appended → fsync (unless sync_each_capture is off
// and the caller calls Sync() before committing) → ledger rows inserted in one
// savepoint, committed with the caller's Database::Batch or at once. Open() first
// runs EvidenceLedger::Recover, so a half-written tail from a crash is cut off.
//
// Thread-safety: not thread-safe. The pipeline calls it from the single storage
// writer thread (StorageWriter), which also owns the Database.
#ifndef SHOUHU_EVIDENCE_EVIDENCE_STORE_H_
#define SHOUHU_EVIDENCE_EVIDENCE_STORE_H_

#include <memory>
#include <string>

#include "base/status.h"
#include "evidence/capture_record.h"
#include "evidence/ledger.h"
#include "evidence/warc_writer.h"
#include "storage/database.h"
#include "storage/evidence_ref.h"
#include "storage/writer_thread.h"

namespace shouhu::evidence {

// As the StorageWriter's CommitHook it syncs before each batch commits and
// abandons the file when a commit fails.
class EvidenceStore final : public storage::CommitHook {
 public:
  struct Options {
    std::string dir;  // created if missing
    std::string prefix = "shouhu";
    int64_t max_file_bytes = int64_t{1} << 30;  // Default: 1 GB, see WarcWriter::Options
    std::string software = "shouhu/0.1.0";
    std::string operator_name;  // warcinfo "operator" (who ran the sweep); omitted when empty
    // true: fsync after every capture. false: the caller calls Sync() before each
    // commit (StorageWriter does, once per batch) — same guarantee, fewer fsyncs.
    bool sync_each_capture = true;
  };

  // `db` must outlive the store.
  static Result<std::unique_ptr<EvidenceStore>> Open(storage::Database& db, Options options);
  // Default options with this directory and operator.
  static Result<std::unique_ptr<EvidenceStore>> Open(storage::Database& db, const std::string& dir,
                                                     const std::string& operator_name);

  Result<storage::EvidenceRef> WriteCapture(const CaptureRecord& capture);
  // Makes every record written so far durable. REQUIRES: called before the
  // transaction holding their ledger rows commits (when sync_each_capture is off).
  Status Sync();
  // Stops writing to the current file (e.g. after a failed commit left records
  // without ledger rows); the next capture opens a new file.
  Status AbandonFile();

  // CommitHook: Sync(); AbandonFile().
  Status BeforeCommit() override { return Sync(); }
  void CommitFailed() override { (void)AbandonFile(); }

  EvidenceLedger& ledger() { return ledger_; }
  const std::string& dir() const { return options_.dir; }

 private:
  EvidenceStore(storage::Database& db, Options options, std::unique_ptr<WarcWriter> writer)
      : db_(db), options_(std::move(options)), writer_(std::move(writer)), ledger_(db) {}

  storage::Database& db_;
  Options options_;
  std::unique_ptr<WarcWriter> writer_;
  EvidenceLedger ledger_;
};

}  // namespace shouhu::evidence

#endif  // SHOUHU_EVIDENCE_EVIDENCE_STORE_H_
