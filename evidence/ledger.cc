#include "evidence/ledger.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <exception>
#include <map>

#include "base/digest.h"

namespace shouhu::evidence {
namespace {

void Put(std::string* out, std::string_view field) {
  out->append(std::to_string(field.size()));
  out->push_back(':');
  out->append(field);
  out->push_back('\n');
}

std::string Where(const LedgerEntry& e) {
  return "entry " + std::to_string(e.seq) + " (" + e.file + " @" + std::to_string(e.offset) + ", " +
         e.record_type + " " + e.record_id + ")";
}

LedgerProblem ProblemAt(const LedgerEntry& e, std::string reason) {
  return LedgerProblem{e.seq, e.file, e.offset, e.record_id, Where(e) + ": " + std::move(reason)};
}

// Reads exactly `length` bytes at `offset`; a short read means the file was cut.
Result<std::string> ReadAt(int fd, int64_t offset, int64_t length) {
  std::string buf(static_cast<size_t>(length), '\0');
  size_t done = 0;
  while (done < buf.size()) {
    ssize_t n =
        ::pread(fd, buf.data() + done, buf.size() - done, static_cast<off_t>(offset + done));
    if (n < 0) {
      if (errno == EINTR) continue;
      return IoError(std::strerror(errno));
    }
    if (n == 0) break;
    done += static_cast<size_t>(n);
  }
  buf.resize(done);
  return buf;
}

}  // namespace

std::string EvidenceLedger::EntryHash(const LedgerEntry& e) {
  // prev_hash first, then the columns in table order; length-prefixed so no two
  // different rows can encode to the same bytes.
  std::string enc = "shouhu-ledger-v1\n";
  Put(&enc, e.prev_hash);
  Put(&enc, std::to_string(e.seq));
  Put(&enc, e.file);
  Put(&enc, std::to_string(e.offset));
  Put(&enc, std::to_string(e.length));
  Put(&enc, e.record_id);
  Put(&enc, e.record_type);
  Put(&enc, e.sha256);
  return Sha256Hex(enc);
}

Status EvidenceLedger::RegisterFile(const std::string& file, const std::string& dir,
                                    const std::string& created_at) {
  return storage::RegisterWarcFile(db_, file, dir, created_at);
}

Result<LedgerEntry> EvidenceLedger::Insert(LedgerEntry e) {
  auto tip = storage::LastLedgerEntry(db_);
  if (!tip.ok()) return tip.status();
  e.seq = *tip ? (*tip)->seq + 1 : 1;
  e.prev_hash = *tip ? (*tip)->entry_hash : kGenesisHash;
  e.entry_hash = EntryHash(e);
  if (Status s = storage::InsertLedgerEntry(db_, e); !s.ok()) return s;
  return e;
}

Status EvidenceLedger::Append(const WarcRecordLocation& r) {
  LedgerEntry e;
  e.file = r.file;
  e.offset = r.offset;
  e.length = r.length;
  e.record_id = r.record_id;
  e.record_type = r.type;
  e.sha256 = r.sha256;
  return Insert(std::move(e)).status();
}

Result<LedgerEntry> EvidenceLedger::AppendNonWarc(const std::string& record_type,
                                                  const std::string& record_id,
                                                  const std::string& sha256) {
  LedgerEntry e;
  e.record_id = record_id;
  e.record_type = record_type;
  e.sha256 = sha256;
  return Insert(std::move(e));
}

Result<std::vector<LedgerEntry>> EvidenceLedger::Entries() { return storage::LedgerEntries(db_); }

Status EvidenceLedger::Recover(const std::string& dir, const std::string& prefix) {
  if (db_.InBatch()) return StorageError("ledger recover: must not run inside a batch");
  std::vector<std::string> names;
  if (DIR* d = opendir(dir.c_str())) {
    const std::string head = prefix + "-";
    const std::string tail = ".warc.gz";
    while (dirent* ent = readdir(d)) {
      std::string n = ent->d_name;
      if (n.size() > head.size() + tail.size() && n.compare(0, head.size(), head) == 0 &&
          n.compare(n.size() - tail.size(), tail.size(), tail) == 0) {
        names.push_back(n);
      }
    }
    closedir(d);
  } else {
    return StorageError("ledger recover: cannot read " + dir + ": " + std::strerror(errno));
  }
  {
    for (const std::string& name : names) {
      auto extent = storage::LedgerExtentOf(db_, name);
      if (!extent.ok()) return extent.status();
      const int64_t entries = extent->entries;
      const int64_t end = extent->end;
      const std::string path = dir + "/" + name;
      struct stat st {};
      if (stat(path.c_str(), &st) != 0) continue;
      if (entries == 0) {
        // Created but not even its warcinfo was committed. Set aside rather than
        // deleted, so a wiped ledger can never make recovery destroy evidence.
        std::string aside = path + ".orphan";
        if (::rename(path.c_str(), aside.c_str()) != 0) {
          return StorageError("ledger recover: rename " + path + ": " + std::strerror(errno));
        }
        continue;
      }
      if (st.st_size > end) {
        // Bytes past the last committed entry: a record written (maybe half) whose
        // ledger row never committed. Cut back, then make the cut durable.
        int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
        if (fd < 0 || ::ftruncate(fd, static_cast<off_t>(end)) != 0 || ::fsync(fd) != 0) {
          std::string err = std::strerror(errno);
          if (fd >= 0) ::close(fd);
          return StorageError("ledger recover: truncate " + path + ": " + err);
        }
        ::close(fd);
      }
      // A file shorter than its ledger is tampering or media loss, not a crash
      // tail: left alone for Verify() to report.
    }
    return Status::Ok();
  }
}

Result<VerifyReport> EvidenceLedger::Verify(const std::string& dir_override,
                                            std::span<LedgerRecordVerifier* const> verifiers) {
  auto entries = Entries();
  if (!entries.ok()) return entries.status();
  auto dirs_or = storage::WarcFileDirs(db_);
  if (!dirs_or.ok()) return dirs_or.status();
  const std::map<std::string, std::string>& dirs = *dirs_or;
  std::map<std::string_view, LedgerRecordVerifier*> by_type;
  for (LedgerRecordVerifier* v : verifiers) by_type[v->record_type()] = v;

  VerifyReport report;
  struct OpenFile {
    int fd = -1;
    int64_t size = 0;
    int64_t end = 0;  // end of the last entry seen so far
  };
  std::map<std::string, OpenFile> files;
  auto close_all = [&files] {
    for (auto& [name, f] : files) {
      if (f.fd >= 0) ::close(f.fd);
    }
  };

  std::string prev_hash = kGenesisHash;
  int64_t prev_seq = 0;
  for (const LedgerEntry& e : *entries) {
    ++report.entries_checked;
    // Chain first, so a moved or removed row is named as such, not as "edited".
    if (e.prev_hash != prev_hash) {
      std::string why =
          e.seq != prev_seq + 1
              ? "sequence jumps from " + std::to_string(prev_seq) + " (row deleted or renumbered)"
              : "prev_hash does not match entry " + std::to_string(prev_seq) +
                    " (rows deleted, inserted or reordered)";
      report.problem = ProblemAt(e, why);
      break;
    }
    if (e.seq != prev_seq + 1) {
      report.problem = ProblemAt(e, "sequence jumps from " + std::to_string(prev_seq));
      break;
    }
    if (EntryHash(e) != e.entry_hash) {
      report.problem = ProblemAt(e, "entry_hash does not match the row (row edited)");
      break;
    }
    prev_hash = e.entry_hash;
    prev_seq = e.seq;

    if (e.file.empty()) {
      // Not a WARC record: the verifier of its type knows what it is over.
      auto v = by_type.find(e.record_type);
      if (v == by_type.end()) {
        report.problem = ProblemAt(e, "entry has no WARC file and a record type no verifier knows");
        break;
      }
      auto why = v->second->Check(e);
      if (!why.ok()) {
        close_all();
        return why.status();
      }
      if (!why->empty()) {
        report.problem = ProblemAt(e, *why);
        break;
      }
      continue;
    }

    auto it = files.find(e.file);
    if (it == files.end()) {
      std::string dir = dir_override;
      if (dir.empty()) {
        auto d = dirs.find(e.file);
        if (d == dirs.end()) {
          report.problem = ProblemAt(e, "file is not registered in warc_files");
          break;
        }
        dir = d->second;
      }
      std::string path = dir + "/" + e.file;
      OpenFile f;
      f.fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
      if (f.fd < 0) {
        report.problem = ProblemAt(e, "cannot open " + path + ": " + std::strerror(errno));
        break;
      }
      struct stat st {};
      fstat(f.fd, &st);
      f.size = st.st_size;
      it = files.emplace(e.file, f).first;
      ++report.files_checked;
    }
    OpenFile& f = it->second;
    if (e.offset != f.end) {
      report.problem =
          ProblemAt(e, "offset does not follow the previous record in the file (expected " +
                           std::to_string(f.end) + ")");
      break;
    }
    if (e.offset + e.length > f.size) {
      report.problem =
          ProblemAt(e, "file truncated: record ends at " + std::to_string(e.offset + e.length) +
                           " but the file has " + std::to_string(f.size) + " bytes");
      break;
    }
    auto bytes = ReadAt(f.fd, e.offset, e.length);
    if (!bytes.ok() || static_cast<int64_t>(bytes->size()) != e.length) {
      report.problem = ProblemAt(e, "cannot read the record's bytes");
      break;
    }
    if (Sha256Hex(*bytes) != e.sha256) {
      report.problem = ProblemAt(e, "SHA-256 of the WARC bytes does not match (file altered)");
      break;
    }
    f.end = e.offset + e.length;
    report.bytes_checked += e.length;
  }

  if (!report.problem) {
    for (auto& [name, f] : files) {
      if (f.size != f.end) {
        report.problem = LedgerProblem{0, name, f.end, "",
                                       name + ": " + std::to_string(f.size - f.end) +
                                           " bytes after the last ledger entry (a deleted last "
                                           "row, or an unrecovered crash tail)"};
        break;
      }
    }
  }
  if (!report.problem) {
    for (const auto& [name, dir] : dirs) {
      if (files.count(name) == 0) {
        report.problem =
            LedgerProblem{0, name, 0, "", name + ": registered WARC file has no ledger entries"};
        break;
      }
    }
  }
  for (LedgerRecordVerifier* v : verifiers) {
    if (report.problem) break;
    auto missing = v->FindUnledgered();
    if (!missing.ok()) {
      close_all();
      return missing.status();
    }
    report.problem = std::move(missing).value();
  }
  close_all();
  return report;
}

}  // namespace shouhu::evidence
