#include "evidence/review_evidence.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "base/digest.h"
#include "evidence/evidence_test_util.h"
#include "evidence/evidence_verify.h"
#include "evidence/ledger.h"
#include "evidence/warc_writer.h"
#include "storage/listing_history.h"
#include "storage/migrations.h"
#include "storage/review_log.h"

namespace shouhu::evidence {
namespace {

using namespace testing_util;  // NOLINT(google-build-using-namespace): test helpers
using namespace storage;       // NOLINT(google-build-using-namespace): the layer below

int64_t FirstFindingId(EvidenceWorld& w, int64_t listing_id) {
  auto h = LoadListingHistory(w.db(), listing_id);
  EXPECT_TRUE(h.ok());
  return h->versions.back().findings.at(0).id;
}

TEST(ReviewLog, DecisionIsStoredAndLedgeredAndVerifyPasses) {
  EvidenceWorld w;
  StoredListing l =
      w.Capture(w.Sweep(), SampleListing("1", "水晶泥"), {SampleFinding("N-01", "novelty")});
  const int64_t fid = FirstFindingId(w, l.listing_id);
  auto d = RecordReviewDecision(w.db(), fid, "confirm", "李检查员", "标签缺失，已截图",
                                "2026-11-24T08:00:00Z");
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_EQ(d->listing_version_id, l.version_id);
  EXPECT_GT(d->ledger_seq, 0);

  EvidenceLedger ledger(w.db());
  auto entries = ledger.Entries();
  ASSERT_TRUE(entries.ok());
  const LedgerEntry& last = entries->back();
  EXPECT_EQ(last.seq, d->ledger_seq);
  EXPECT_EQ(last.record_type, "review-decision");
  EXPECT_EQ(last.file, "");
  EXPECT_EQ(last.record_id, DecisionLedgerRecordId(d->id));
  EXPECT_EQ(last.sha256, Sha256Hex(CanonicalDecisionJson(*d)));

  // A capture after the decision chains on from it.
  w.Capture(w.Sweep(), SampleListing("2", "积木"), {});
  auto report = VerifyEvidence(w.db());
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->ok()) << report->problem->reason;

  auto got = GetReviewDecision(w.db(), d->id);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->note, "标签缺失，已截图");
  EXPECT_EQ(got->ledger_seq, d->ledger_seq);
}

TEST(ReviewLog, DecisionsCannotBeEditedOrDeleted) {
  EvidenceWorld w;
  StoredListing l =
      w.Capture(w.Sweep(), SampleListing("1", "水晶泥"), {SampleFinding("N-01", "novelty")});
  auto d = RecordReviewDecision(w.db(), FirstFindingId(w, l.listing_id), "dismiss", "王", "误报");
  ASSERT_TRUE(d.ok());
  EXPECT_THROW(w.db().sqlite().exec("UPDATE review_decisions SET decision = 'confirm'"),
               SQLite::Exception);
  EXPECT_THROW(w.db().sqlite().exec("DELETE FROM review_decisions"), SQLite::Exception);
  // A changed verdict is a new decision; the queue shows the latest.
  ASSERT_TRUE(RecordReviewDecision(w.db(), d->finding_id, "test-purchase", "王", "送检").ok());
  auto q = ListReviewQueue(w.db(), {});
  ASSERT_TRUE(q.ok());
  ASSERT_EQ(q->size(), 1u);
  ASSERT_TRUE((*q)[0].last_decision);
  EXPECT_EQ((*q)[0].last_decision->decision, "test-purchase");
  auto all = DecisionsForListing(w.db(), l.listing_id);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), 2u);
}

TEST(ReviewLog, RejectsUnknownDecisionMissingInspectorAndMissingFinding) {
  EvidenceWorld w;
  StoredListing l =
      w.Capture(w.Sweep(), SampleListing("1", "水晶泥"), {SampleFinding("N-01", "novelty")});
  const int64_t fid = FirstFindingId(w, l.listing_id);
  EXPECT_EQ(RecordReviewDecision(w.db(), fid, "approve", "王", "").status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(RecordReviewDecision(w.db(), fid, "confirm", "", "").status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(RecordReviewDecision(w.db(), 9999, "confirm", "王", "").status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(*AllDecisionIds(w.db()), std::vector<int64_t>{});
}

TEST(ReviewLog, EditedDecisionRowIsNamedByVerify) {
  EvidenceWorld w;
  StoredListing l =
      w.Capture(w.Sweep(), SampleListing("1", "水晶泥"), {SampleFinding("N-01", "novelty")});
  auto d = RecordReviewDecision(w.db(), FirstFindingId(w, l.listing_id), "dismiss", "王", "误报");
  ASSERT_TRUE(d.ok());
  // Someone with file access drops the trigger and rewrites the verdict.
  w.db().sqlite().exec("DROP TRIGGER review_decisions_no_update");
  w.db().sqlite().exec("UPDATE review_decisions SET decision = 'confirm'");
  auto report = VerifyEvidence(w.db());
  ASSERT_TRUE(report.ok());
  ASSERT_FALSE(report->ok());
  EXPECT_EQ(report->problem->seq, d->ledger_seq);
  EXPECT_NE(report->problem->reason.find("review decision"), std::string::npos)
      << report->problem->reason;
}

TEST(ReviewLog, DecisionInsertedBehindTheLedgerIsNamedByVerify) {
  EvidenceWorld w;
  StoredListing l =
      w.Capture(w.Sweep(), SampleListing("1", "水晶泥"), {SampleFinding("N-01", "novelty")});
  w.db().sqlite().exec(
      "INSERT INTO review_decisions(listing_version_id, finding_id, decision, reviewer, "
      "decided_at) "
      "VALUES (" +
      std::to_string(l.version_id) + ", " + std::to_string(FirstFindingId(w, l.listing_id)) +
      ", 'dismiss', 'x', '2026-11-24T00:00:00Z')");
  auto report = VerifyEvidence(w.db());
  ASSERT_TRUE(report.ok());
  ASSERT_FALSE(report->ok());
  EXPECT_NE(report->problem->reason.find("has no ledger entry"), std::string::npos)
      << report->problem->reason;
}

TEST(ReviewLog, QueueFiltersByCategorySeverityAndSite) {
  EvidenceWorld w;
  const int64_t s = w.Sweep();
  Finding low = SampleFinding("L-01", "label.missing");
  low.severity = "low";
  w.Capture(s, SampleListing("1", "水晶泥"), {SampleFinding("N-01", "novelty"), low});
  Listing other = SampleListing("2", "积木");
  other.site = "lanmao";
  w.Capture(s, other, {SampleFinding("N-01", "novelty")});
  ReviewFilter f;
  EXPECT_EQ(ListReviewQueue(w.db(), f)->size(), 3u);
  f.category = "novelty";
  EXPECT_EQ(ListReviewQueue(w.db(), f)->size(), 2u);
  f.site = "lanmao";
  EXPECT_EQ(ListReviewQueue(w.db(), f)->size(), 1u);
  ReviewFilter g;
  g.severity = "low";
  auto q = ListReviewQueue(w.db(), g);
  ASSERT_EQ(q->size(), 1u);
  EXPECT_EQ((*q)[0].finding.rule_id, "L-01");
  EXPECT_EQ((*q)[0].title, "水晶泥");
}

// Migration v1 -> v2: a database created by the v1 SQL (as an old build left it)
// gains the lookup indexes, and decisions can be recorded and verified after.
TEST(ReviewLog, MigratesVersion1ToVersion2) {
  const std::string dir = FreshDir();
  const std::string path = dir + "/old.db";
  {
    SQLite::Database old(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    old.exec(
        "CREATE TABLE schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
        " applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')))");
    old.exec(std::string(Migrations()[0].sql));
    old.exec("INSERT INTO schema_version(version, name) VALUES (1, 'initial schema')");
  }
  ASSERT_GE(CurrentSchemaVersion(), 2);
  auto db = Database::Open(path);
  ASSERT_TRUE(db.ok()) << db.status().ToString();
  EXPECT_EQ(*(*db)->SchemaVersion(), CurrentSchemaVersion());
  EXPECT_EQ((*db)
                ->sqlite()
                .execAndGet("SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name IN "
                            "('evidence_ledger_by_record', 'review_decisions_by_finding')")
                .getInt(),
            2);
  auto store = EvidenceStore::Open(**db, dir + "/warc", "");
  ASSERT_TRUE(store.ok());
  auto ref = (*store)->WriteCapture(SampleCapture("1"));
  ASSERT_TRUE(ref.ok());
  auto sweep = (*db)->BeginSweep("s", "2026-11-24T00:00:00Z");
  ASSERT_TRUE(sweep.ok());
  auto stored = (*db)->StoreListing(*sweep, SampleListing("1", "水晶泥"),
                                    {SampleFinding("N-01", "novelty")}, {}, *ref);
  ASSERT_TRUE(stored.ok()) << stored.status().ToString();
  auto h = LoadListingHistory(**db, stored->listing_id);
  ASSERT_TRUE(RecordReviewDecision(**db, h->versions[0].findings[0].id, "confirm", "王", "").ok());
  auto report = VerifyEvidence(**db);
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->ok());
}

// A v1 database with captures already ledgered (rows written as a v1 build
// wrote them) upgrades in place and its chain still verifies.
TEST(ReviewLog, Version1DatabaseWithEvidenceUpgradesAndVerifies) {
  const std::string dir = FreshDir();
  const std::string path = dir + "/shouhu.db";
  std::filesystem::create_directories(dir + "/warc");
  {
    SQLite::Database old(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    old.exec(
        "CREATE TABLE schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
        " applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')))");
    old.exec(std::string(Migrations()[0].sql));
    old.exec("INSERT INTO schema_version(version, name) VALUES (1, 'initial schema')");
    WarcWriter::Options wo;
    wo.dir = dir + "/warc";
    auto writer = WarcWriter::Open(wo);
    ASSERT_TRUE(writer.ok());
    LedgerEntry e;
    e.prev_hash = EvidenceLedger::kGenesisHash;
    for (int i = 0; i < 3; ++i) {
      auto written = (*writer)->WriteCapture(SampleCapture(std::to_string(i)));
      ASSERT_TRUE(written.ok());
      for (const WarcRecordLocation& r : *written) {
        if (r.type == "warcinfo") {
          SQLite::Statement f(old,
                              "INSERT INTO warc_files(name, dir, created_at) VALUES (?, ?, 'x')");
          f.bind(1, r.file);
          f.bind(2, dir + "/warc");
          f.exec();
        }
        e.seq += 1;
        e.file = r.file;
        e.offset = r.offset;
        e.length = r.length;
        e.record_id = r.record_id;
        e.record_type = r.type;
        e.sha256 = r.sha256;
        e.entry_hash = EvidenceLedger::EntryHash(e);
        SQLite::Statement ins(
            old,
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
        e.prev_hash = e.entry_hash;
      }
    }
    ASSERT_TRUE((*writer)->Close().ok());
  }
  auto db = Database::Open(path);
  ASSERT_TRUE(db.ok()) << db.status().ToString();
  EXPECT_EQ(*(*db)->SchemaVersion(), CurrentSchemaVersion());
  auto report = VerifyEvidence(**db);
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->ok()) << report->problem->reason;
  EXPECT_EQ(report->entries_checked, 1 + 3 * 3);
}

}  // namespace
}  // namespace shouhu::evidence
