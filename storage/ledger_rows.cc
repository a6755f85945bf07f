#include "storage/ledger_rows.h"

#include <SQLiteCpp/SQLiteCpp.h>

#include <algorithm>
#include <exception>

namespace shouhu::storage {
namespace {

constexpr const char* kEntryColumns =
    "SELECT seq, warc_file, offset, length, record_id, record_type, sha256, prev_hash, entry_hash "
    "FROM evidence_ledger ";

LedgerEntry ReadEntry(SQLite::Statement& st) {
  LedgerEntry e;
  e.seq = st.getColumn(0).getInt64();
  e.file = st.getColumn(1).getString();
  e.offset = st.getColumn(2).getInt64();
  e.length = st.getColumn(3).getInt64();
  e.record_id = st.getColumn(4).getString();
  e.record_type = st.getColumn(5).getString();
  e.sha256 = st.getColumn(6).getString();
  e.prev_hash = st.getColumn(7).getString();
  e.entry_hash = st.getColumn(8).getString();
  return e;
}

Status Failed(const std::string& what, const std::exception& e) {
  return StorageError("ledger " + what + ": " + e.what());
}

}  // namespace

Status RegisterWarcFile(Database& db, const std::string& name, const std::string& dir,
                        const std::string& created_at) {
  try {
    SQLite::Statement st(db.sqlite(),
                         "INSERT OR IGNORE INTO warc_files(name, dir, created_at) VALUES (?,?,?)");
    st.bind(1, name);
    st.bind(2, dir);
    st.bind(3, created_at);
    st.exec();
    return Status::Ok();
  } catch (const std::exception& e) {
    return Failed("register " + name, e);
  }
}

Result<std::map<std::string, std::string>> WarcFileDirs(Database& db) {
  try {
    std::map<std::string, std::string> dirs;
    SQLite::Statement st(db.sqlite(), "SELECT name, dir FROM warc_files");
    while (st.executeStep()) dirs[st.getColumn(0).getString()] = st.getColumn(1).getString();
    return dirs;
  } catch (const std::exception& e) {
    return Failed("warc files", e);
  }
}

Result<std::optional<std::string>> WarcFileDir(Database& db, const std::string& name) {
  try {
    SQLite::Statement st(db.sqlite(), "SELECT dir FROM warc_files WHERE name = ?");
    st.bind(1, name);
    if (!st.executeStep()) return std::optional<std::string>();
    return std::optional<std::string>(st.getColumn(0).getString());
  } catch (const std::exception& e) {
    return Failed("warc file " + name, e);
  }
}

Result<std::optional<LedgerTip>> LastLedgerEntry(Database& db) {
  try {
    SQLite::Statement st(db.sqlite(),
                         "SELECT seq, entry_hash FROM evidence_ledger ORDER BY seq DESC LIMIT 1");
    if (!st.executeStep()) return std::optional<LedgerTip>();
    return std::optional<LedgerTip>(
        LedgerTip{st.getColumn(0).getInt64(), st.getColumn(1).getString()});
  } catch (const std::exception& e) {
    return Failed("tip", e);
  }
}

Status InsertLedgerEntry(Database& db, const LedgerEntry& e) {
  try {
    SQLite::Statement ins(db.sqlite(),
                          "INSERT INTO evidence_ledger(seq, warc_file, offset, length, record_id, "
                          "record_type, sha256, prev_hash, entry_hash) VALUES (?,?,?,?,?,?,?,?,?)");
    ins.bind(1, e.seq);
    ins.bind(2, e.file);
    ins.bind(3, e.offset);
    ins.bind(4, e.length);
    ins.bind(5, e.record_id);
    ins.bind(6, e.record_type);
    ins.bind(7, e.sha256);
    ins.bind(8, e.prev_hash);
    ins.bind(9, e.entry_hash);
    ins.exec();
    return Status::Ok();
  } catch (const std::exception& ex) {
    return Failed("append " + e.record_type + " " + e.record_id, ex);
  }
}

Result<std::vector<LedgerEntry>> LedgerEntries(Database& db) {
  try {
    std::vector<LedgerEntry> out;
    SQLite::Statement st(db.sqlite(), std::string(kEntryColumns) + "ORDER BY seq");
    while (st.executeStep()) out.push_back(ReadEntry(st));
    return out;
  } catch (const std::exception& e) {
    return Failed("entries", e);
  }
}

Result<std::optional<LedgerEntry>> LedgerEntryAt(Database& db, const std::string& file,
                                                 int64_t offset) {
  try {
    SQLite::Statement st(db.sqlite(),
                         std::string(kEntryColumns) + "WHERE warc_file = ? AND offset = ?");
    st.bind(1, file);
    st.bind(2, offset);
    if (!st.executeStep()) return std::optional<LedgerEntry>();
    return std::optional<LedgerEntry>(ReadEntry(st));
  } catch (const std::exception& e) {
    return Failed("lookup " + file + " @" + std::to_string(offset), e);
  }
}

Result<std::vector<LedgerEntry>> LedgerEntriesBySeq(Database& db,
                                                    const std::vector<int64_t>& seqs) {
  try {
    std::vector<LedgerEntry> out;
    SQLite::Statement st(db.sqlite(), std::string(kEntryColumns) + "WHERE seq = ?");
    for (int64_t seq : seqs) {
      st.reset();
      st.bind(1, seq);
      if (st.executeStep()) out.push_back(ReadEntry(st));
    }
    std::sort(out.begin(), out.end(),
              [](const LedgerEntry& a, const LedgerEntry& b) { return a.seq < b.seq; });
    return out;
  } catch (const std::exception& e) {
    return Failed("lookup by seq", e);
  }
}

Result<LedgerFileExtent> LedgerExtentOf(Database& db, const std::string& file) {
  try {
    SQLite::Statement st(db.sqlite(),
                         "SELECT COUNT(*), IFNULL(MAX(offset + length), 0) FROM evidence_ledger "
                         "WHERE warc_file = ?");
    st.bind(1, file);
    st.executeStep();
    return LedgerFileExtent{st.getColumn(0).getInt64(), st.getColumn(1).getInt64()};
  } catch (const std::exception& e) {
    return Failed("extent of " + file, e);
  }
}

}  // namespace shouhu::storage
