#include "storage/database.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <map>

#include "storage/frontier_reader.h"
#include "storage/migrations.h"
#include "storage/storage_test_util.h"

namespace shouhu::storage {
namespace {

using testing_util::FreshDir;
using testing_util::SampleFinding;
using testing_util::SampleListing;

std::unique_ptr<Database> OpenOrDie(const std::string& path) {
  auto db = Database::Open(path);
  EXPECT_TRUE(db.ok()) << db.status().ToString();
  return db.ok() ? std::move(db).value() : nullptr;
}

TEST(Database, FreshDatabaseHasCurrentSchemaWalAndForeignKeys) {
  const std::string path = FreshDir() + "/shouhu.db";
  auto db = OpenOrDie(path);
  ASSERT_TRUE(db);
  EXPECT_EQ(*db->SchemaVersion(), CurrentSchemaVersion());
  SQLite::Database& sq = db->sqlite();
  EXPECT_EQ(sq.execAndGet("PRAGMA journal_mode").getString(), "wal");
  EXPECT_EQ(sq.execAndGet("PRAGMA foreign_keys").getInt(), 1);
  EXPECT_EQ(sq.execAndGet("PRAGMA synchronous").getInt(), 1);  // NORMAL
  for (const char* t : {"sweeps", "fetches", "listings", "listing_versions", "listing_sightings",
                        "findings", "shops", "warc_files", "evidence_ledger", "review_decisions",
                        "certificates", "watchlist", "schema_version"}) {
    EXPECT_TRUE(sq.tableExists(t)) << t;
  }
}

TEST(Database, FrontierRowsAreAddedOnceAndFinishedByStateBits) {
  const std::string path = FreshDir() + "/shouhu.db";
  auto db = Database::Open(path);
  ASSERT_TRUE(db.ok()) << db.status().ToString();
  auto sweep = (*db)->BeginSweep("s", "2026-11-24T00:00:00Z");
  ASSERT_TRUE(sweep.ok());
  FrontierRow a{0xF00DFACECAFEBEEFull, "http://a.test/item/1.html", "http://a.test", 0, 2, 2, 0, 2};
  FrontierRow b{42, "http://a.test/", "http://a.test", 0, 0, 4, 0, 1};
  ASSERT_TRUE((*db)->AddFrontierUrls(*sweep, {a, b}).ok());
  FrontierRow again = a;
  again.depth = 7;
  again.seq = 9;
  ASSERT_TRUE((*db)->AddFrontierUrls(*sweep, {again}).ok());  // known: left as it is
  ASSERT_TRUE((*db)->MarkFrontier(*sweep, a.fp, kFrontierStored).ok());
  ASSERT_TRUE((*db)->MarkFrontier(*sweep, a.fp, kFrontierLinksRecorded).ok());
  auto reader = FrontierReader::Open(path, *sweep);
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  auto rows = (*reader)->LoadAll();
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  ASSERT_EQ(rows->size(), 2u);
  for (const FrontierRow& r : *rows) {
    if (r.fp == a.fp) {
      EXPECT_EQ(r.state, kFrontierFinished);
      EXPECT_EQ(r.depth, 2);  // 64-bit fingerprint round-trips through SQLite's signed integer
      EXPECT_EQ(r.seq, 2u);
    } else {
      EXPECT_EQ(r.fp, 42u);
      EXPECT_EQ(r.state, 0);
      EXPECT_EQ(r.seq, 1u);
    }
  }
}

TEST(Database, ReopenIsIdempotent) {
  const std::string path = FreshDir() + "/shouhu.db";
  { ASSERT_TRUE(OpenOrDie(path)); }
  auto db = OpenOrDie(path);
  ASSERT_TRUE(db);
  EXPECT_EQ(db->sqlite().execAndGet("SELECT COUNT(*) FROM schema_version").getInt(),
            static_cast<int>(Migrations().size()));
}

// A database created at v1 (by the migration's own SQL, as an old build would
// have) upgrades in place to the current version and keeps its rows.
TEST(Database, MigratesVersion1DatabaseInPlace) {
  const std::string path = FreshDir() + "/old.db";
  {
    SQLite::Database old(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    old.exec(
        "CREATE TABLE schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
        " applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')))");
    ASSERT_EQ(Migrations().front().version, 1);
    old.exec(std::string(Migrations().front().sql));
    old.exec("INSERT INTO schema_version(version, name) VALUES (1, 'initial schema')");
    old.exec("INSERT INTO sweeps(name, started_at) VALUES ('old sweep', '2026-01-01T00:00:00Z')");
  }
  auto db = OpenOrDie(path);
  ASSERT_TRUE(db);
  EXPECT_EQ(*db->SchemaVersion(), CurrentSchemaVersion());
  auto sweep = db->GetSweep(1);
  ASSERT_TRUE(sweep.ok());
  EXPECT_EQ(sweep->name, "old sweep");
  EXPECT_EQ(sweep->status, "running");
}

// A v3 database with frontier rows (an interrupted sweep of an older build)
// gains seq numbered per sweep in fingerprint order, and the queue index.
TEST(Database, MigratesVersion3FrontierNumberingItsRowsPerSweep) {
  const std::string path = FreshDir() + "/v3.db";
  {
    SQLite::Database old(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    old.exec(
        "CREATE TABLE schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
        " applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')))");
    for (const Migration& m : Migrations()) {
      if (m.version > 3) break;
      old.exec(std::string(m.sql));
      SQLite::Statement ins(old, "INSERT INTO schema_version(version, name) VALUES (?, ?)");
      ins.bind(1, m.version);
      ins.bind(2, std::string(m.name));
      ins.exec();
    }
    old.exec("INSERT INTO sweeps(name, started_at) VALUES ('a', 't'), ('b', 't')");
    // fp as stored: the signed view of the fingerprint (-5 is 2^64 - 5).
    old.exec(
        "INSERT INTO frontier(sweep_id, fp, url, origin, site, depth, priority, state) VALUES"
        " (1, 30, 'http://a.test/3', 'http://a.test', 0, 1, 1, 0),"
        " (1, -5, 'http://a.test/x', 'http://a.test', 0, 1, 1, 3),"
        " (1, 10, 'http://a.test/1', 'http://a.test', 0, 1, 1, 1),"
        " (2, 20, 'http://b.test/2', 'http://b.test', 1, 0, 0, 0),"
        " (2, 15, 'http://b.test/1', 'http://b.test', 1, 0, 0, 0)");
  }
  auto db = OpenOrDie(path);
  ASSERT_TRUE(db);
  EXPECT_EQ(*db->SchemaVersion(), CurrentSchemaVersion());
  auto seq_of = [&](int64_t sweep) {
    std::map<int64_t, uint64_t> out;  // signed fp -> seq
    auto reader = FrontierReader::Open(path, sweep);
    EXPECT_TRUE(reader.ok()) << reader.status().ToString();
    auto rows = (*reader)->LoadAll();
    EXPECT_TRUE(rows.ok()) << rows.status().ToString();
    for (const FrontierRow& r : *rows) out[static_cast<int64_t>(r.fp)] = r.seq;
    return out;
  };
  EXPECT_EQ(seq_of(1), (std::map<int64_t, uint64_t>{{-5, 1}, {10, 2}, {30, 3}}));
  EXPECT_EQ(seq_of(2), (std::map<int64_t, uint64_t>{{15, 1}, {20, 2}}));
  EXPECT_EQ(db->sqlite()
                .execAndGet("SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND"
                            " name = 'frontier_queue' AND tbl_name = 'frontier'")
                .getInt(),
            1);
  // Rows added after the upgrade keep the seq the crawler gave them.
  FrontierRow r{99, "http://a.test/9", "http://a.test", 0, 1, 1, 0, 4};
  ASSERT_TRUE(db->AddFrontierUrls(1, {r}).ok());
  EXPECT_EQ(seq_of(1).at(99), 4u);
}

TEST(Database, RefusesDatabaseFromNewerBuild) {
  const std::string path = FreshDir() + "/new.db";
  {
    auto db = OpenOrDie(path);
    db->sqlite().exec("INSERT INTO schema_version(version, name) VALUES (999, 'future')");
  }
  auto db = Database::Open(path);
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.status().code(), StatusCode::kStorage);
  EXPECT_NE(db.status().message().find("newer"), std::string::npos);
}

TEST(Database, MigrationListIsOrderedAndContiguous) {
  int expect = 1;
  for (const Migration& m : Migrations()) EXPECT_EQ(m.version, expect++);
}

TEST(Database, SweepLifecycle) {
  auto db = OpenOrDie(FreshDir() + "/shouhu.db");
  auto id = db->BeginSweep("demo", "2026-11-24T06:00:00Z");
  ASSERT_TRUE(id.ok());
  auto running = db->LatestRunningSweep("demo");
  ASSERT_TRUE(running.ok() && running->has_value());
  EXPECT_EQ((*running)->id, *id);
  ASSERT_TRUE(db->FinishSweep(*id, "2026-11-24T07:00:00Z", "finished", R"({"pages":3})").ok());
  auto s = db->GetSweep(*id);
  EXPECT_EQ(s->status, "finished");
  EXPECT_EQ(s->stats_json, R"({"pages":3})");
  EXPECT_FALSE(db->LatestRunningSweep("demo")->has_value());
  EXPECT_EQ(db->FinishSweep(12345, "x", "finished", "").code(), StatusCode::kNotFound);
}

TEST(Database, SameListingTwiceAddsOneVersion) {
  auto db = OpenOrDie(FreshDir() + "/shouhu.db");
  int64_t sweep1 = *db->BeginSweep("s1", "t1");
  int64_t sweep2 = *db->BeginSweep("s2", "t2");
  Listing l = SampleListing("1001", "儿童水晶泥");
  auto a = db->StoreListing(sweep1, l, {SampleFinding("N-01", "novelty")}, {"toys"}, {});
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_TRUE(a->new_version);
  l.fetched_at = "2026-11-25T00:00:00Z";  // a later fetch of the same page
  auto b = db->StoreListing(sweep2, l, {SampleFinding("N-01", "novelty")}, {"toys"}, {});
  ASSERT_TRUE(b.ok());
  EXPECT_FALSE(b->new_version);
  EXPECT_EQ(a->listing_id, b->listing_id);
  EXPECT_EQ(a->version_id, b->version_id);
  EXPECT_EQ(*db->CountListings(), 1);
  EXPECT_EQ(*db->CountListingVersions(), 1);
  // Both sweeps saw it, with the same version and its finding.
  EXPECT_EQ(*db->CountListingsInSweep(sweep2), 1);
  EXPECT_EQ(db->FindingCountsByCategory(sweep2)->at("novelty"), 1);
}

TEST(Database, ChangedListingAddsSecondVersionAndKeepsHistory) {
  auto db = OpenOrDie(FreshDir() + "/shouhu.db");
  int64_t s1 = *db->BeginSweep("s1", "t1");
  int64_t s2 = *db->BeginSweep("s2", "t2");
  auto a = db->StoreListing(s1, SampleListing("1001", "儿童水晶泥"),
                            {SampleFinding("N-01", "novelty")}, {}, {});
  auto b = db->StoreListing(s2, SampleListing("1001", "儿童彩泥"), {}, {}, {});
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_TRUE(b->new_version);
  EXPECT_NE(a->version_id, b->version_id);
  EXPECT_EQ(*db->CountListingVersions(), 2);
  EXPECT_EQ(*db->CountListings(), 1);
  // The old version and its finding stay; the seller's fix shows in sweep 2.
  EXPECT_EQ(db->FindingsForVersion(a->version_id)->size(), 1u);
  EXPECT_EQ(db->FindingCountsByCategory(s1)->at("novelty"), 1);
  EXPECT_TRUE(db->FindingCountsByCategory(s2)->empty());
  EXPECT_NE(db->VersionJson(a->version_id)->find("水晶泥"), std::string::npos);
}

TEST(Database, FindingsAreStoredWithEveryField) {
  auto db = OpenOrDie(FreshDir() + "/shouhu.db");
  int64_t s = *db->BeginSweep("s", "t");
  Finding f = SampleFinding("C-02", "ccc.missing");
  f.rule_version = 3;
  EvidenceRef ev;
  ev.warc_file = "shouhu-1-00000.warc.gz";
  ev.response_record_id = "<urn:uuid:x>";
  ev.response_offset = 10;
  ev.response_length = 20;
  auto r = db->StoreListing(s, SampleListing("7", "儿童滑板车"),
                            {f, SampleFinding("L-01", "label.missing")}, {"ride_on"}, ev);
  ASSERT_TRUE(r.ok());
  auto got = db->FindingsForVersion(r->version_id);
  ASSERT_EQ(got->size(), 2u);
  const Finding& g = (*got)[0];
  EXPECT_EQ(g.rule_id, "C-02");
  EXPECT_EQ(g.rule_version, 3);
  EXPECT_EQ(g.category, "ccc.missing");
  EXPECT_EQ(g.severity, "high");
  EXPECT_EQ(g.field, "title");
  EXPECT_EQ(g.snippet, "水晶泥");
  EXPECT_EQ(g.message, f.message);
  EXPECT_EQ(g.basis, f.basis);
  auto summary = db->ListingsWithFindings(s);
  ASSERT_EQ(summary->size(), 1u);
  EXPECT_EQ((*summary)[0].item_id, "7");
  EXPECT_EQ((*summary)[0].categories, (std::vector<std::string>{"ccc.missing", "label.missing"}));
  EXPECT_EQ(db->sqlite().execAndGet("SELECT warc_offset FROM listing_versions").getInt(), 10);
}

TEST(Database, FetchesAndShopsAreStored) {
  auto db = OpenOrDie(FreshDir() + "/shouhu.db");
  int64_t s = *db->BeginSweep("s", "t");
  FetchRecord f{"https://a/1", "https://a/1?x", 200, 1234, "", "t", 12.5, 1};
  ASSERT_TRUE(db->StoreFetch(s, f).ok());
  ASSERT_TRUE(
      db->StoreFetch(s, {"https://a/2", "", 0, 0, "fetch_failed: timeout", "t", 0, 3}).ok());
  EXPECT_EQ(*db->CountFetches(s), 2);
  ASSERT_TRUE(
      db->StoreShop(s, {"tiantu", "S1", "童趣店", "https://a/shop/S1", R"({"company":"甲"})", "t"})
          .ok());
  ASSERT_TRUE(
      db->StoreShop(s, {"tiantu", "S1", "童趣店", "https://a/shop/S1", R"({"company":"乙"})", "t2"})
          .ok());
  EXPECT_EQ(db->sqlite().execAndGet("SELECT COUNT(*) FROM shops").getInt(), 1);
  EXPECT_EQ(db->sqlite().execAndGet("SELECT data FROM shops").getString(), R"({"company":"乙"})");
  // Unknown sweep: the foreign key refuses it.
  EXPECT_FALSE(db->StoreFetch(999, f).ok());
}

TEST(Database, BatchCommitsAllOrRollsBackAll) {
  const std::string path = FreshDir() + "/shouhu.db";
  auto db = OpenOrDie(path);
  int64_t s = *db->BeginSweep("s", "t");
  {
    auto batch = db->BeginBatch();
    ASSERT_TRUE(batch.ok());
    EXPECT_FALSE(db->BeginBatch().ok());  // one at a time
    for (int i = 0; i < 50; ++i) {
      ASSERT_TRUE(db->StoreListing(s, SampleListing(std::to_string(i), "t"), {}, {}, {}).ok());
    }
    ASSERT_TRUE((*batch)->Commit().ok());
  }
  {
    auto batch = db->BeginBatch();
    ASSERT_TRUE(db->StoreListing(s, SampleListing("rolled-back", "t"), {}, {}, {}).ok());
  }  // destroyed without Commit
  EXPECT_EQ(*db->CountListings(), 50);
  EXPECT_FALSE(db->InBatch());
}

TEST(Database, ReviewDecisionsAreAppendOnly) {
  auto db = OpenOrDie(FreshDir() + "/shouhu.db");
  SQLite::Database& sq = db->sqlite();
  sq.exec(
      "INSERT INTO review_decisions(decision, reviewer, decided_at) VALUES ('confirm','a','t')");
  EXPECT_THROW(sq.exec("UPDATE review_decisions SET decision = 'reject'"), SQLite::Exception);
  EXPECT_THROW(sq.exec("DELETE FROM review_decisions"), SQLite::Exception);
}

TEST(Database, CanonicalJsonIgnoresFetchTime) {
  Listing a = SampleListing("1", "x"), b = a;
  b.fetched_at = "2030-01-01T00:00:00Z";
  EXPECT_EQ(Database::CanonicalListingJson(a), Database::CanonicalListingJson(b));
  EXPECT_EQ(Database::CanonicalListingJson(a).find("fetched_at"), std::string::npos);
}

TEST(Database, OpenExistingDoesNotCreateADatabase) {
  const std::string path = FreshDir() + "/missing.db";
  auto db = Database::OpenExisting(path);
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.status().code(), StatusCode::kNotFound);
  EXPECT_FALSE(std::filesystem::exists(path));
  { ASSERT_TRUE(Database::Open(path).ok()); }
  EXPECT_TRUE(Database::OpenExisting(path).ok());
}

TEST(Database, OpenFailsCleanlyOnUnwritablePath) {
  auto db = Database::Open("/nonexistent-dir/sub/shouhu.db");
  EXPECT_FALSE(db.ok());
  EXPECT_EQ(db.status().code(), StatusCode::kStorage);
}

}  // namespace
}  // namespace shouhu::storage
