#include "evidence/evidence_store.h"

#include <ctime>
#include <exception>
#include <filesystem>

#include "base/time.h"

namespace shouhu::evidence {

using storage::Database;
using storage::EvidenceRef;

Result<std::unique_ptr<EvidenceStore>> EvidenceStore::Open(Database& db, Options options) {
  std::error_code ec;
  std::filesystem::create_directories(options.dir, ec);
  if (ec) return StorageError("evidence directory " + options.dir + ": " + ec.message());
  // Stored absolute in warc_files, so `evidence verify --db` finds the files
  // from any working directory.
  auto abs = std::filesystem::absolute(options.dir, ec);
  if (!ec) options.dir = abs.lexically_normal().string();
  while (options.dir.size() > 1 && options.dir.back() == '/') options.dir.pop_back();

  EvidenceLedger ledger(db);
  if (Status s = ledger.Recover(options.dir, options.prefix); !s.ok()) return s;

  WarcWriter::Options wo;
  wo.dir = options.dir;
  wo.prefix = options.prefix;
  wo.max_file_bytes = options.max_file_bytes;
  wo.software = options.software;
  wo.operator_name = options.operator_name;
  auto writer = WarcWriter::Open(wo);
  if (!writer.ok()) return writer.status();
  return std::unique_ptr<EvidenceStore>(
      new EvidenceStore(db, std::move(options), std::move(writer).value()));
}

Result<std::unique_ptr<EvidenceStore>> EvidenceStore::Open(Database& db, const std::string& dir,
                                                           const std::string& operator_name) {
  Options o;
  o.dir = dir;
  o.operator_name = operator_name;
  return Open(db, std::move(o));
}

Status EvidenceStore::Sync() { return writer_->Sync(); }

Status EvidenceStore::AbandonFile() { return writer_->Close(); }

Result<EvidenceRef> EvidenceStore::WriteCapture(const CaptureRecord& capture) {
  auto written = writer_->WriteCapture(capture);
  if (!written.ok()) return written.status();
  if (options_.sync_each_capture) {
    if (Status s = writer_->Sync(); !s.ok()) {
      (void)writer_->Close();
      return s;
    }
  }

  // All ledger rows of the capture or none: a gap in a file's ledger would make
  // every later record in it unverifiable, so on failure the file is abandoned
  // and its unledgered tail is cut off by the next Recover.
  Status s = db_.InSavepoint("evidence_capture", [&]() -> Status {
    for (const WarcRecordLocation& loc : *written) {
      if (loc.type == "warcinfo") {
        if (Status r = ledger_.RegisterFile(loc.file, options_.dir, NowRfc3339Seconds()); !r.ok())
          return r;
      }
      if (Status a = ledger_.Append(loc); !a.ok()) return a;
    }
    return Status::Ok();
  });
  if (!s.ok()) {
    (void)writer_->Close();
    return s;
  }

  EvidenceRef ref;
  for (const WarcRecordLocation& loc : *written) {
    if (loc.type == "request") {
      ref.request_offset = loc.offset;
    } else if (loc.type == "response") {
      ref.warc_file = loc.file;
      ref.response_record_id = loc.record_id;
      ref.response_offset = loc.offset;
      ref.response_length = loc.length;
    } else if (loc.type == "metadata") {
      ref.metadata_record_id = loc.record_id;
      ref.metadata_offset = loc.offset;
      ref.metadata_length = loc.length;
    }
  }
  return ref;
}

}  // namespace shouhu::evidence
