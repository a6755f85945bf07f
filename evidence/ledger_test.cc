#include "evidence/ledger.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string_view>

#include "base/digest.h"
#include "evidence/evidence_store.h"
#include "evidence/warc_test_util.h"

namespace shouhu::evidence {
namespace {

using namespace testing_util;  // NOLINT(google-build-using-namespace): test helpers
using namespace storage;       // NOLINT(google-build-using-namespace): the layer below

// A database and evidence directory with `captures` captures written.
class LedgerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = FreshDir();
    Reopen();
  }

  void Reopen(int64_t max_file_bytes = int64_t{1} << 30) {
    store_.reset();
    db_.reset();
    auto db = Database::Open(dir_ + "/shouhu.db");
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(db).value();
    EvidenceStore::Options o;
    o.dir = dir_ + "/warc";
    o.max_file_bytes = max_file_bytes;
    auto store = EvidenceStore::Open(*db_, o);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(store).value();
  }

  std::vector<EvidenceRef> Write(int captures) {
    std::vector<EvidenceRef> refs;
    for (int i = 0; i < captures; ++i) {
      auto ref = store_->WriteCapture(SampleCapture(std::to_string(i)));
      EXPECT_TRUE(ref.ok()) << ref.status().ToString();
      if (ref.ok()) refs.push_back(*ref);
    }
    return refs;
  }

  VerifyReport Verify() {
    auto r = store_->ledger().Verify();
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : VerifyReport{};
  }

  std::string WarcPath(const std::string& file) { return dir_ + "/warc/" + file; }
  SQLite::Database& sq() { return db_->sqlite(); }

  std::string dir_;
  std::unique_ptr<Database> db_;
  std::unique_ptr<EvidenceStore> store_;
};

TEST_F(LedgerTest, WriteCaptureReturnsRefsThatPointAtTheResponse) {
  auto refs = Write(2);
  ASSERT_EQ(refs.size(), 2u);
  const EvidenceRef& r = refs[1];
  std::string bytes = ReadFile(WarcPath(r.warc_file));
  size_t used = 0;
  ParsedRecord rec =
      ParseRecord(GunzipMember(bytes, static_cast<size_t>(r.response_offset), &used));
  ASSERT_TRUE(rec.ok);
  EXPECT_EQ(rec.headers["WARC-Type"], "response");
  EXPECT_EQ(rec.headers["WARC-Record-ID"], r.response_record_id);
  EXPECT_EQ(static_cast<int64_t>(used), r.response_length);
  ParsedRecord meta =
      ParseRecord(GunzipMember(bytes, static_cast<size_t>(r.metadata_offset), &used));
  EXPECT_EQ(meta.headers["WARC-Concurrent-To"], r.response_record_id);
  EXPECT_EQ(meta.headers["WARC-Record-ID"], r.metadata_record_id);
  EXPECT_LT(r.request_offset, r.response_offset);
}

TEST_F(LedgerTest, EveryRecordIncludingWarcinfoIsLedgeredInFileOrder) {
  auto refs = Write(3);
  auto entries = store_->ledger().Entries();
  ASSERT_TRUE(entries.ok());
  ASSERT_EQ(entries->size(), 1u + 3 * 3);
  EXPECT_EQ((*entries)[0].record_type, "warcinfo");
  EXPECT_EQ((*entries)[0].prev_hash, EvidenceLedger::kGenesisHash);
  std::string bytes = ReadFile(WarcPath(refs[0].warc_file));
  int64_t expect_offset = 0;
  for (size_t i = 0; i < entries->size(); ++i) {
    const LedgerEntry& e = (*entries)[i];
    EXPECT_EQ(e.seq, static_cast<int64_t>(i + 1));
    EXPECT_EQ(e.offset, expect_offset);
    if (i > 0) {
      EXPECT_EQ(e.prev_hash, (*entries)[i - 1].entry_hash);
    }
    EXPECT_EQ(e.sha256, IndependentSha256Hex(bytes.substr(e.offset, e.length)));
    size_t used = 0;
    EXPECT_FALSE(GunzipMember(bytes, static_cast<size_t>(e.offset), &used).empty());
    EXPECT_EQ(static_cast<int64_t>(used), e.length);
    expect_offset += e.length;
  }
  EXPECT_EQ(expect_offset, static_cast<int64_t>(bytes.size()));
}

TEST_F(LedgerTest, VerifyPassesOnUntouchedEvidenceAcrossRotatedFiles) {
  Reopen(/*max_file_bytes=*/1200);
  Write(8);
  VerifyReport r = Verify();
  EXPECT_TRUE(r.ok()) << r.problem->reason;
  EXPECT_EQ(r.entries_checked, static_cast<int64_t>(store_->ledger().Entries()->size()));
  EXPECT_GT(r.files_checked, 1);
  // Reopening (recovery included) changes nothing on clean evidence.
  Reopen(1200);
  EXPECT_TRUE(Verify().ok());
}

TEST_F(LedgerTest, FlippedByteInWarcFileNamesTheRecord) {
  auto refs = Write(3);
  std::string path = WarcPath(refs[1].warc_file);
  std::string bytes = ReadFile(path);
  bytes[static_cast<size_t>(refs[1].response_offset) + 20] ^= 0x01;
  WriteFile(path, bytes);
  VerifyReport r = Verify();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.problem->record_id, refs[1].response_record_id);
  EXPECT_EQ(r.problem->offset, refs[1].response_offset);
  EXPECT_NE(r.problem->reason.find("SHA-256"), std::string::npos) << r.problem->reason;
}

TEST_F(LedgerTest, DeletedLedgerRowIsNamed) {
  Write(3);
  sq().exec("DELETE FROM evidence_ledger WHERE seq = 4");
  VerifyReport r = Verify();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.problem->seq, 5);
  EXPECT_NE(r.problem->reason.find("deleted"), std::string::npos) << r.problem->reason;
}

TEST_F(LedgerTest, DeletedLastRowLeavesUnledgeredBytes) {
  Write(2);
  sq().exec("DELETE FROM evidence_ledger WHERE seq = (SELECT MAX(seq) FROM evidence_ledger)");
  VerifyReport r = Verify();
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.problem->reason.find("after the last ledger entry"), std::string::npos)
      << r.problem->reason;
}

TEST_F(LedgerTest, EditedRowIsNamed) {
  Write(3);
  // Point entry 6 at other bytes with a matching digest: the entry hash still breaks.
  sq().exec("UPDATE evidence_ledger SET record_id = '<urn:uuid:forged>' WHERE seq = 6");
  VerifyReport r = Verify();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.problem->seq, 6);
  EXPECT_NE(r.problem->reason.find("edited"), std::string::npos) << r.problem->reason;
}

TEST_F(LedgerTest, EditedRowWithRecomputedHashBreaksTheChainAfterIt) {
  Write(3);
  auto entries = *store_->ledger().Entries();
  LedgerEntry e = entries[5];  // seq 6
  e.sha256 = std::string(64, 'a');
  e.entry_hash = EvidenceLedger::EntryHash(e);
  SQLite::Statement up(sq(), "UPDATE evidence_ledger SET sha256 = ?, entry_hash = ? WHERE seq = 6");
  up.bind(1, e.sha256);
  up.bind(2, e.entry_hash);
  up.exec();
  VerifyReport r = Verify();
  ASSERT_FALSE(r.ok());
  // Either the re-hashed row's bytes or its successor's link fails; the first is row 6.
  EXPECT_EQ(r.problem->seq, 6);
}

TEST_F(LedgerTest, ReorderedPairIsNamed) {
  Write(3);
  sq().exec("UPDATE evidence_ledger SET seq = -1 WHERE seq = 5");
  sq().exec("UPDATE evidence_ledger SET seq = 5 WHERE seq = 6");
  sq().exec("UPDATE evidence_ledger SET seq = 6 WHERE seq = -1");
  VerifyReport r = Verify();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.problem->seq, 5);
  EXPECT_NE(r.problem->reason.find("reordered"), std::string::npos) << r.problem->reason;
}

TEST_F(LedgerTest, TruncatedFileIsNamed) {
  auto refs = Write(3);
  std::string path = WarcPath(refs[0].warc_file);
  std::filesystem::resize_file(path, static_cast<uintmax_t>(refs[2].response_offset + 5));
  VerifyReport r = Verify();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.problem->record_id, refs[2].response_record_id);
  EXPECT_NE(r.problem->reason.find("truncated"), std::string::npos) << r.problem->reason;
  // Recovery never "repairs" a file shorter than its ledger.
  Reopen();
  EXPECT_FALSE(Verify().ok());
}

TEST_F(LedgerTest, MissingFileIsNamed) {
  auto refs = Write(1);
  std::filesystem::remove(WarcPath(refs[0].warc_file));
  VerifyReport r = Verify();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.problem->seq, 1);
}

TEST_F(LedgerTest, RestartCutsHalfWrittenTailAndVerifyPasses) {
  auto refs = Write(2);
  std::string path = WarcPath(refs[0].warc_file);
  auto committed_size = std::filesystem::file_size(path);
  // A crash mid-append: bytes (here, part of a gzip member) past the last committed entry.
  {
    std::ofstream out(path, std::ios::binary | std::ios::app);
    out << std::string("\x1f\x8b\x08\x00garbage-tail", 16);
  }
  EXPECT_FALSE(Verify().ok());
  Reopen();
  EXPECT_EQ(std::filesystem::file_size(path), committed_size);
  VerifyReport r = Verify();
  EXPECT_TRUE(r.ok()) << r.problem->reason;
  // Writing continues in a fresh file and the chain still holds.
  auto more = Write(1);
  EXPECT_NE(more[0].warc_file, refs[0].warc_file);
  EXPECT_TRUE(Verify().ok());
}

TEST_F(LedgerTest, RestartSetsAsideAFileWhoseWarcinfoNeverCommitted) {
  Write(1);
  std::string orphan = dir_ + "/warc/shouhu-20260101000000-00042.warc.gz";
  WriteFile(orphan, "half a warcinfo");
  Reopen();
  EXPECT_FALSE(std::filesystem::exists(orphan));
  EXPECT_TRUE(std::filesystem::exists(orphan + ".orphan"));
  EXPECT_TRUE(Verify().ok());
}

TEST_F(LedgerTest, CaptureInsideARolledBackBatchLeavesNoLedgerRows) {
  Write(1);
  size_t before = store_->ledger().Entries()->size();
  {
    auto batch = db_->BeginBatch();
    ASSERT_TRUE(batch.ok());
    Write(1);
  }  // rolled back: the WARC bytes of that capture are unledgered
  EXPECT_EQ(store_->ledger().Entries()->size(), before);
  Reopen();  // recovery cuts them
  EXPECT_TRUE(Verify().ok());
}

TEST_F(LedgerTest, VerifyCanReadACopiedEvidenceFolder) {
  auto refs = Write(2);
  std::string copy = dir_ + "/copy";
  std::filesystem::create_directories(copy);
  std::filesystem::copy_file(WarcPath(refs[0].warc_file), copy + "/" + refs[0].warc_file);
  std::filesystem::remove(WarcPath(refs[0].warc_file));
  auto r = store_->ledger().Verify(copy);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->ok());
}

// A verifier for a made-up non-WARC record kind: "note" entries whose sha256
// is over a string the test keeps, and which must all be ledgered.
class NoteVerifier : public LedgerRecordVerifier {
 public:
  explicit NoteVerifier(std::map<std::string, std::string> notes) : notes_(std::move(notes)) {}
  std::string_view record_type() const override { return "note"; }
  Result<std::string> Check(const LedgerEntry& e) override {
    ++checked;
    auto it = notes_.find(e.record_id);
    if (it == notes_.end()) return std::string("no such note");
    if (Sha256Hex(it->second) != e.sha256) return std::string("note altered");
    seen_.insert(e.record_id);
    return std::string();
  }
  Result<std::optional<LedgerProblem>> FindUnledgered() override {
    for (const auto& [id, text] : notes_) {
      if (!seen_.count(id))
        return std::optional<LedgerProblem>(LedgerProblem{0, "", 0, id, id + " has no entry"});
    }
    return std::optional<LedgerProblem>();
  }
  int checked = 0;

 private:
  std::map<std::string, std::string> notes_;
  std::set<std::string> seen_;
};

TEST_F(LedgerTest, NonWarcEntryOfATypeNoVerifierKnowsFailsVerify) {
  Write(1);
  ASSERT_TRUE(store_->ledger().AppendNonWarc("note", "urn:note:1", Sha256Hex("hello")).ok());
  Write(1);
  VerifyReport r = Verify();  // no verifiers passed
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.problem->record_id, "urn:note:1");
  EXPECT_NE(r.problem->reason.find("record type no verifier knows"), std::string::npos)
      << r.problem->reason;
}

TEST_F(LedgerTest, NonWarcEntriesAreCheckedByTheVerifierOfTheirType) {
  Write(1);
  ASSERT_TRUE(store_->ledger().AppendNonWarc("note", "urn:note:1", Sha256Hex("hello")).ok());
  Write(1);

  NoteVerifier good(std::map<std::string, std::string>{{"urn:note:1", "hello"}});
  LedgerRecordVerifier* verifiers[] = {&good};
  auto ok = store_->ledger().Verify("", verifiers);
  ASSERT_TRUE(ok.ok());
  EXPECT_TRUE(ok->ok()) << ok->problem->reason;
  EXPECT_EQ(good.checked, 1);

  NoteVerifier altered(std::map<std::string, std::string>{{"urn:note:1", "hello!"}});
  verifiers[0] = &altered;
  auto bad = store_->ledger().Verify("", verifiers);
  ASSERT_TRUE(bad.ok());
  ASSERT_FALSE(bad->ok());
  EXPECT_NE(bad->problem->reason.find("note altered"), std::string::npos) << bad->problem->reason;

  NoteVerifier extra({{"urn:note:1", "hello"}, {"urn:note:2", "unledgered"}});
  verifiers[0] = &extra;
  auto missing = store_->ledger().Verify("", verifiers);
  ASSERT_TRUE(missing.ok());
  ASSERT_FALSE(missing->ok());
  EXPECT_EQ(missing->problem->record_id, "urn:note:2");
}

TEST(EvidenceStore, WarcinfoNamesTheOperator) {
  const std::string dir = FreshDir();
  auto db = Database::Open(dir + "/shouhu.db");
  ASSERT_TRUE(db.ok());
  auto store = EvidenceStore::Open(**db, dir + "/warc", "市场监管局 张三");
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  auto ref = (*store)->WriteCapture(SampleCapture("1"));
  ASSERT_TRUE(ref.ok());
  std::string bytes = ReadFile(dir + "/warc/" + ref->warc_file);
  ParsedRecord info = ParseRecord(GunzipMember(bytes, 0, nullptr));
  ASSERT_TRUE(info.ok);
  EXPECT_NE(info.block.find("operator: 市场监管局 张三\r\n"), std::string::npos) << info.block;
}

}  // namespace
}  // namespace shouhu::evidence
