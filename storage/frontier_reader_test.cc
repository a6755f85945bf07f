#include "storage/frontier_reader.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <map>
#include <set>
#include <thread>

#include "storage/storage_test_util.h"
#include "storage/writer_thread.h"

namespace shouhu::storage {
namespace {

using testing_util::FreshDir;

FrontierRow Row(uint64_t fp, const std::string& origin, int priority, uint64_t seq, int state = 0,
                int site = 0) {
  FrontierRow r;
  r.fp = fp;
  r.url = origin + "/page/" + std::to_string(fp);
  r.origin = origin;
  r.site = site;
  r.depth = 1;
  r.priority = priority;
  r.state = state;
  r.seq = seq;
  return r;
}

std::vector<uint64_t> Seqs(const std::vector<FrontierRow>& rows) {
  std::vector<uint64_t> out;
  for (const FrontierRow& r : rows) out.push_back(r.seq);
  return out;
}

// A database with two sweeps; `rows` go into the first, one decoy row (same
// origin, fp 7) into the second. The writer connection is closed on return.
struct Fixture {
  std::string path;
  int64_t sweep = 0, other_sweep = 0;
};

Fixture MakeDb(const std::vector<FrontierRow>& rows) {
  Fixture f;
  f.path = FreshDir() + "/shouhu.db";
  auto db = Database::Open(f.path);
  EXPECT_TRUE(db.ok()) << db.status().ToString();
  if (!db.ok()) return f;
  f.sweep = *(*db)->BeginSweep("s", "t");
  f.other_sweep = *(*db)->BeginSweep("other", "t");
  EXPECT_TRUE((*db)->AddFrontierUrls(f.sweep, rows).ok());
  EXPECT_TRUE((*db)->AddFrontierUrls(f.other_sweep, {Row(7, "http://a.test", 1, 99)}).ok());
  return f;
}

std::unique_ptr<FrontierReader> OpenReader(const std::string& path, int64_t sweep) {
  auto r = FrontierReader::Open(path, sweep);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? std::move(r).value() : nullptr;
}

TEST(FrontierReader, OpenOnAMissingFileIsNotFoundNamingThePathAndCreatesNothing) {
  const std::string path = FreshDir() + "/missing.db";
  auto r = FrontierReader::Open(path, 1);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
  EXPECT_NE(r.status().message().find(path), std::string::npos) << r.status().message();
  EXPECT_FALSE(std::filesystem::exists(path));
}

TEST(FrontierReader, OpenRefusesADatabaseWithoutTheQueueOrder) {
  const std::string path = FreshDir() + "/v3.db";
  {
    SQLite::Database sq(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    sq.exec("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL)");
    sq.exec("INSERT INTO schema_version VALUES (3, 'persistent frontier for resumable sweeps')");
  }
  auto r = FrontierReader::Open(path, 1);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kStorage);
  EXPECT_NE(r.status().message().find(path), std::string::npos);
  EXPECT_NE(r.status().message().find("schema version 3"), std::string::npos)
      << r.status().message();
}

TEST(FrontierReader, KnownFindsRowsOfItsSweepInAnyState) {
  const uint64_t big = 0xF00DFACECAFEBEEFull;  // negative as SQLite's signed integer
  Fixture f =
      MakeDb({Row(big, "http://a.test", 1, 1), Row(2, "http://a.test", 1, 2, kFrontierFinished)});
  auto reader = OpenReader(f.path, f.sweep);
  ASSERT_TRUE(reader);
  for (int round = 0; round < 3; ++round) {  // the prepared statement is reused
    EXPECT_TRUE(*reader->Known(big));
    EXPECT_TRUE(*reader->Known(2));
    EXPECT_FALSE(*reader->Known(3));
    EXPECT_FALSE(*reader->Known(7));  // the other sweep's row
  }
  auto other = OpenReader(f.path, f.other_sweep);
  ASSERT_TRUE(other);
  EXPECT_TRUE(*other->Known(7));
  EXPECT_FALSE(*other->Known(big));
}

TEST(FrontierReader, LoadQueueReturnsOneQueuesUnfinishedRowsInSeqOrder) {
  const std::string a = "http://a.test", b = "http://b.test";
  Fixture f = MakeDb({
      Row(10, a, 1, 5), Row(11, a, 1, 1),
      Row(12, a, 1, 3, kFrontierLinksRecorded),  // half done: still unfinished
      Row(13, a, 1, 2, kFrontierFinished), Row(14, a, 1, 4, kFrontierStored),
      Row(15, a, 2, 6),  // same origin, other priority
      Row(16, b, 1, 7),  // other origin
  });
  auto reader = OpenReader(f.path, f.sweep);
  ASSERT_TRUE(reader);

  auto all = reader->LoadQueue(a, 1, 0, 100);
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  EXPECT_EQ(Seqs(*all), (std::vector<uint64_t>{1, 3, 4, 5}));
  const FrontierRow& first = (*all)[0];
  EXPECT_EQ(first.fp, 11u);
  EXPECT_EQ(first.url, a + "/page/11");
  EXPECT_EQ(first.origin, a);
  EXPECT_EQ(first.depth, 1);
  EXPECT_EQ(first.priority, 1);
  EXPECT_EQ((*all)[1].state, kFrontierLinksRecorded);

  EXPECT_EQ(Seqs(*reader->LoadQueue(a, 1, 0, 2)), (std::vector<uint64_t>{1, 3}));
  EXPECT_EQ(Seqs(*reader->LoadQueue(a, 1, 3, 2)), (std::vector<uint64_t>{4, 5}));
  EXPECT_TRUE(reader->LoadQueue(a, 1, 5, 2)->empty());
  EXPECT_TRUE(reader->LoadQueue(a, 1, 0, 0)->empty());
  EXPECT_EQ(Seqs(*reader->LoadQueue(a, 2, 0, 100)), (std::vector<uint64_t>{6}));
  EXPECT_EQ(Seqs(*reader->LoadQueue(b, 1, 0, 100)), (std::vector<uint64_t>{7}));
  EXPECT_TRUE(reader->LoadQueue("http://c.test", 1, 0, 100)->empty());
  // After a partial read the statement was reset: the same query again starts over.
  EXPECT_EQ(Seqs(*reader->LoadQueue(a, 1, 0, 100)), (std::vector<uint64_t>{1, 3, 4, 5}));
}

// The crawler's situation: the StorageWriter owns the writing connection; the
// reader sees a task's rows once its batch has committed, not before.
TEST(FrontierReader, SeesRowsTheStorageWriterCommitsWhileOpen) {
  const std::string dir = FreshDir();
  auto db = Database::Open(dir + "/shouhu.db");
  ASSERT_TRUE(db.ok());
  const int64_t sweep = *(*db)->BeginSweep("s", "t");
  StorageWriter writer(std::move(db).value());
  auto reader = OpenReader(dir + "/shouhu.db", sweep);
  ASSERT_TRUE(reader);
  const std::string a = "http://a.test";
  EXPECT_FALSE(*reader->Known(1));
  EXPECT_TRUE(reader->LoadQueue(a, 1, 0, 10)->empty());

  // The task writes, then holds its batch open until released.
  std::atomic<bool> written{false}, release{false};
  const uint64_t ticket = writer.PushTicket([&](Database& d) {
    Status s = d.AddFrontierUrls(sweep, {Row(1, a, 1, 1), Row(2, a, 1, 2)});
    written = true;
    while (!release) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    return s;
  });
  ASSERT_NE(ticket, 0u);
  while (!written) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  EXPECT_FALSE(*reader->Known(1));  // written but not committed
  EXPECT_TRUE(reader->LoadQueue(a, 1, 0, 10)->empty());
  EXPECT_LT(writer.tasks_committed(), ticket);
  release = true;

  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (writer.tasks_committed() < ticket && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ASSERT_GE(writer.tasks_committed(), ticket);
  EXPECT_TRUE(*reader->Known(1));
  EXPECT_EQ(Seqs(*reader->LoadQueue(a, 1, 0, 10)), (std::vector<uint64_t>{1, 2}));

  // Finishing a row and adding another show up the same way.
  ASSERT_TRUE(writer
                  .RunAndWait([&](Database& d) {
                    if (Status s = d.MarkFrontier(sweep, 1, kFrontierFinished); !s.ok()) return s;
                    return d.AddFrontierUrls(sweep, {Row(3, a, 1, 3)});
                  })
                  .ok());
  EXPECT_EQ(Seqs(*reader->LoadQueue(a, 1, 0, 10)), (std::vector<uint64_t>{2, 3}));
  EXPECT_EQ(*reader->MaxSeq(), 3u);
  ASSERT_TRUE(writer.Stop().ok());
}

TEST(FrontierReader, ForEachFingerprintVisitsEveryRowOfTheSweep) {
  const uint64_t big = ~uint64_t{0};
  Fixture f =
      MakeDb({Row(big, "http://a.test", 1, 1), Row(5, "http://b.test", 0, 2, kFrontierFinished),
              Row(6, "http://a.test", 2, 3, kFrontierStored)});
  auto reader = OpenReader(f.path, f.sweep);
  ASSERT_TRUE(reader);
  std::set<uint64_t> seen;
  int calls = 0;
  ASSERT_TRUE(reader
                  ->ForEachFingerprint([&](uint64_t fp) {
                    seen.insert(fp);
                    ++calls;
                  })
                  .ok());
  EXPECT_EQ(seen, (std::set<uint64_t>{big, 5, 6}));
  EXPECT_EQ(calls, 3);

  auto empty = OpenReader(f.path, 12345);  // no such sweep: nothing to visit
  ASSERT_TRUE(empty);
  ASSERT_TRUE(empty->ForEachFingerprint([&](uint64_t) { ++calls; }).ok());
  EXPECT_EQ(calls, 3);
}

TEST(FrontierReader, UnfinishedQueuesGroupsByOriginAndPriority) {
  const std::string a = "http://a.test", b = "http://b.test", c = "http://c.test";
  Fixture f = MakeDb({
      Row(1, b, 1, 1, 0, 4), Row(2, a, 2, 2, 0, 3), Row(3, a, 1, 3, kFrontierStored, 3),
      Row(4, a, 1, 4, 0, 2),                  // MIN(site) is reported
      Row(5, a, 1, 9, kFrontierFinished, 3),  // finished: not counted, nor its seq
      Row(6, a, 0, 5, 0, 3), Row(7, c, 1, 6, kFrontierFinished, 5),  // a queue with nothing left
  });
  auto reader = OpenReader(f.path, f.sweep);
  ASSERT_TRUE(reader);
  auto queues = reader->UnfinishedQueues();
  ASSERT_TRUE(queues.ok()) << queues.status().ToString();
  ASSERT_EQ(queues->size(), 4u);
  auto expect = [&](size_t i, const std::string& origin, int priority, int site, uint64_t count,
                    uint64_t max_seq) {
    const FrontierQueueSummary& q = (*queues)[i];
    EXPECT_EQ(q.origin, origin) << i;
    EXPECT_EQ(q.priority, priority) << i;
    EXPECT_EQ(q.site, site) << i;
    EXPECT_EQ(q.count, count) << i;
    EXPECT_EQ(q.max_seq, max_seq) << i;
  };
  expect(0, a, 0, 3, 1, 5);
  expect(1, a, 1, 2, 2, 4);
  expect(2, a, 2, 3, 1, 2);
  expect(3, b, 1, 4, 1, 1);
}

TEST(FrontierReader, MaxSeqCountsEveryStateAndIsZeroWhenEmpty) {
  Fixture f =
      MakeDb({Row(1, "http://a.test", 1, 4), Row(2, "http://a.test", 1, 8, kFrontierFinished)});
  auto reader = OpenReader(f.path, f.sweep);
  ASSERT_TRUE(reader);
  EXPECT_EQ(*reader->MaxSeq(), 8u);
  auto empty = OpenReader(f.path, 12345);
  ASSERT_TRUE(empty);
  EXPECT_EQ(*empty->MaxSeq(), 0u);
}

TEST(FrontierReader, AcceptedPerSiteLeavesOutSitemaps) {
  Fixture f = MakeDb({
      Row(1, "http://a.test", 0, 1, 0, 0),  // sitemap
      Row(2, "http://a.test", 1, 2, 0, 0), Row(3, "http://a.test", 2, 3, kFrontierFinished, 0),
      Row(4, "http://b.test", 1, 4, 0, 1),
      Row(5, "http://c.test", 0, 5, 0, 2),  // only sitemaps: not listed
      Row(6, "http://a.test", -1, 6, kFrontierFinished,
          0),  // known, never queued (a redirect's target)
  });
  auto reader = OpenReader(f.path, f.sweep);
  ASSERT_TRUE(reader);
  auto per_site = reader->AcceptedPerSite();
  ASSERT_TRUE(per_site.ok()) << per_site.status().ToString();
  EXPECT_EQ(*per_site, (std::map<int, uint64_t>{{0, 2}, {1, 1}}));
}

// The hot queries must be index lookups, not scans of the sweep. Checks the
// schema against the statements of frontier_reader.cc (copied here).
TEST(FrontierReader, HotQueriesUseTheFrontierIndexes) {
  Fixture f = MakeDb({Row(1, "http://a.test", 1, 1)});
  SQLite::Database sq(f.path, SQLite::OPEN_READONLY);
  auto plan = [&](const std::string& sql) {
    SQLite::Statement st(sq, "EXPLAIN QUERY PLAN " + sql);
    std::string out;
    while (st.executeStep()) out += st.getColumn(3).getString() + "\n";
    return out;
  };
  std::string known = plan("SELECT 1 FROM frontier WHERE sweep_id = ?1 AND fp = ?2");
  EXPECT_NE(known.find("USING PRIMARY KEY (sweep_id=? AND fp=?)"), std::string::npos) << known;
  std::string queue = plan(
      "SELECT fp, url, origin, site, depth, priority, state, seq FROM frontier WHERE sweep_id = ?1"
      " AND origin = ?2 AND priority = ?3 AND seq > ?4 AND state != 3 ORDER BY seq LIMIT ?5");
  EXPECT_NE(
      queue.find("USING INDEX frontier_queue (sweep_id=? AND origin=? AND priority=? AND seq>?)"),
      std::string::npos)
      << queue;
  EXPECT_EQ(queue.find("TEMP B-TREE"), std::string::npos) << queue;  // no sort
}

}  // namespace
}  // namespace shouhu::storage
