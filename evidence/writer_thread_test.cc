#include "storage/writer_thread.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "evidence/evidence_store.h"
#include "evidence/evidence_verify.h"
#include "evidence/warc_test_util.h"

namespace shouhu::evidence {
namespace {

using namespace testing_util;  // NOLINT(google-build-using-namespace): test helpers
using namespace storage;       // NOLINT(google-build-using-namespace): the layer below

struct Opened {
  std::unique_ptr<Database> db;
  std::unique_ptr<EvidenceStore> store;
};

Opened OpenAll(const std::string& dir) {
  Opened o;
  auto db = Database::Open(dir + "/shouhu.db");
  EXPECT_TRUE(db.ok());
  o.db = std::move(db).value();
  EvidenceStore::Options eo;
  eo.dir = dir + "/warc";
  eo.sync_each_capture = false;  // the writer syncs once per batch
  auto store = EvidenceStore::Open(*o.db, eo);
  EXPECT_TRUE(store.ok());
  o.store = std::move(store).value();
  return o;
}

// The pipeline's per-listing task: capture, then listing with its evidence.
StorageWriter::Task StoreTask(EvidenceStore* ev, int64_t sweep, int i) {
  return [ev, sweep, i](Database& db) -> Status {
    auto ref = ev->WriteCapture(SampleCapture(std::to_string(i)));
    if (!ref.ok()) return ref.status();
    return db
        .StoreListing(sweep, SampleListing(std::to_string(i), "儿童玩具"),
                      {SampleFinding("N-01", "novelty")}, {}, *ref)
        .status();
  };
}

TEST(StorageWriter, CommitsEverythingPushedInBatchesAndFlushWaits) {
  const std::string dir = FreshDir();
  Opened o = OpenAll(dir);
  int64_t sweep = *o.db->BeginSweep("s", "t");
  StorageWriter::Options opt;
  opt.max_batch_tasks = 50;
  opt.queue_capacity = 16;
  opt.hook = o.store.get();
  StorageWriter w(std::move(o.db), opt);
  for (int i = 0; i < 300; ++i) ASSERT_TRUE(w.Push(StoreTask(o.store.get(), sweep, i)));
  ASSERT_TRUE(w.Flush().ok());
  EXPECT_EQ(w.tasks_committed(), 300u);
  EXPECT_LT(w.batches_committed(), 300u);  // batched, not one commit per task
  ASSERT_TRUE(w.Stop().ok());

  // Committed means visible to another connection, and the evidence verifies.
  Opened again = OpenAll(dir);
  EXPECT_EQ(*again.db->CountListingsInSweep(sweep), 300);
  EXPECT_EQ(again.db->FindingCountsByCategory(sweep)->at("novelty"), 300);
  auto report = VerifyEvidence(*again.db);
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->ok()) << report->problem->reason;
  EXPECT_EQ(report->entries_checked, 1 + 300 * 3);
}

TEST(StorageWriter, FlushReturnsTheFirstTaskErrorAndKeepsGoing) {
  Opened o = OpenAll(FreshDir());
  StorageWriter::Options with_hook;
  with_hook.hook = o.store.get();
  StorageWriter w(std::move(o.db), with_hook);
  w.Push([](Database&) { return StorageError("first"); });
  w.Push([](Database&) { return StorageError("second"); });
  std::atomic<bool> ran{false};
  w.Push([&](Database&) {
    ran = true;
    return Status::Ok();
  });
  Status s = w.Flush();
  EXPECT_EQ(s.message(), "first");
  EXPECT_TRUE(ran);
  EXPECT_TRUE(w.Flush().ok());  // cleared
}

TEST(StorageWriter, FlushCommitsAPartialBatchWithoutWaitingForItsDeadline) {
  Opened o = OpenAll(FreshDir());
  StorageWriter::Options opt;
  opt.max_batch_delay = std::chrono::milliseconds(60000);
  opt.hook = o.store.get();
  StorageWriter w(std::move(o.db), opt);
  int64_t sweep = 0;
  w.Push([&](Database& db) {
    auto id = db.BeginSweep("s", "t");
    sweep = id.ok() ? *id : -1;
    return id.status();
  });
  auto start = std::chrono::steady_clock::now();
  ASSERT_TRUE(w.Flush().ok());
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
  EXPECT_EQ(sweep, 1);
}

TEST(StorageWriter, PushBlocksWhileTheQueueIsFull) {
  Opened o = OpenAll(FreshDir());
  StorageWriter::Options opt;
  opt.queue_capacity = 2;
  opt.hook = o.store.get();
  StorageWriter w(std::move(o.db), opt);
  std::atomic<bool> release{false};
  std::atomic<int> pushed{0};
  auto blocker = [&](Database&) {
    while (!release) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    return Status::Ok();
  };
  std::thread producer([&] {
    for (int i = 0; i < 6; ++i) {
      w.Push(blocker);
      ++pushed;
    }
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  // One task running on the writer, two queued, the producer blocked on the fourth.
  EXPECT_LE(pushed.load(), 3);
  release = true;
  producer.join();
  EXPECT_TRUE(w.Flush().ok());
  EXPECT_EQ(w.tasks_committed(), 6u);
}

TEST(StorageWriter, PushTicketNumbersTasksAndTheyCommitInThatOrder) {
  Opened o = OpenAll(FreshDir());
  StorageWriter::Options opt;
  opt.max_batch_tasks = 2;  // several batches
  opt.hook = o.store.get();
  StorageWriter w(std::move(o.db), opt);
  std::atomic<bool> release{false};
  std::atomic<int> ran{0};
  auto task = [&](Database&) {
    while (!release) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    ++ran;
    return Status::Ok();
  };
  EXPECT_EQ(w.PushTicket(task), 1u);
  EXPECT_TRUE(w.Push(task));  // Push counts too
  EXPECT_EQ(w.PushTicket(task), 3u);
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_EQ(w.tasks_committed(), 0u);  // the first task holds its batch open
  release = true;
  const uint64_t last = w.PushTicket(task);
  EXPECT_EQ(last, 4u);
  // Committed once tasks_committed() reaches the ticket, without Flush().
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (w.tasks_committed() < last && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  EXPECT_GE(w.tasks_committed(), last);
  EXPECT_EQ(ran.load(), 4);
  ASSERT_TRUE(w.Stop().ok());
  EXPECT_EQ(w.PushTicket(task), 0u);  // after Stop
}

TEST(StorageWriter, PushAfterStopIsRefusedAndStopIsIdempotent) {
  Opened o = OpenAll(FreshDir());
  StorageWriter::Options with_hook;
  with_hook.hook = o.store.get();
  StorageWriter w(std::move(o.db), with_hook);
  ASSERT_TRUE(w.Stop().ok());
  EXPECT_FALSE(w.Push([](Database&) { return Status::Ok(); }));
  EXPECT_TRUE(w.Stop().ok());
  EXPECT_TRUE(w.Flush().ok());
}

TEST(StorageWriter, VoidTasksAndRunAndWaitReturnTheTaskResult) {
  Opened o = OpenAll(FreshDir());
  StorageWriter::Options with_hook;
  with_hook.hook = o.store.get();
  StorageWriter w(std::move(o.db), with_hook);
  int64_t sweep = 0;
  w.Push([&](Database& db) { sweep = *db.BeginSweep("s", "t"); });
  int64_t fetches = -1;
  Status s = w.RunAndWait([&](Database& db) -> Status {
    if (Status st = db.StoreFetch(sweep, {"https://a/1", "", 200, 1, "", "t", 1, 1}); !st.ok())
      return st;
    auto n = db.CountFetches(sweep);
    if (!n.ok()) return n.status();
    fetches = *n;
    return Status::Ok();
  });
  EXPECT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(fetches, 1);
  Status bad = w.RunAndWait([](Database& db) { return db.FinishSweep(777, "t", "x", ""); });
  EXPECT_EQ(bad.code(), StatusCode::kNotFound);
  ASSERT_TRUE(w.Stop().ok());
  EXPECT_EQ(w.RunAndWait([](Database&) { return Status::Ok(); }).code(), StatusCode::kCancelled);
}

}  // namespace
}  // namespace shouhu::evidence
