// The crawler's frontier over the sweep database (pipeline::SweepJournal): a real
// SQLite file written by the real storage writer thread, read back through the
// read-only connection while the writer is still committing. Checks what the
// flat-memory mode promises: every accepted URL handed out exactly once, in
// priority and acceptance order per origin, with at most a window per origin in
// memory, duplicates caught after their rows left memory, and a resume that
// reads an interrupted frontier back from the file.
#include "pipeline/sweep_journal.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "base/url.h"
#include "crawler/frontier.h"
#include "storage/database.h"
#include "storage/frontier_reader.h"
#include "storage/writer_thread.h"

namespace shouhu::pipeline {
namespace {
namespace fs = std::filesystem;
using crawler::Frontier;
using crawler::FrontierEntry;
using crawler::UrlPriority;

class FrontierStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(SHOUHU_BINARY_DIR) / "test-output" /
           ("frontier-store-" +
            std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    db_path_ = (dir_ / "sweep.db").string();
  }

  // Opens the database, a sweep, the writer and the journal, as RunSweep does.
  void Open(bool resume) {
    auto db = storage::Database::Open(db_path_);
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    if (!resume) {
      auto id = (*db)->BeginSweep("frontier-store", "2026-11-24T00:00:00Z");
      ASSERT_TRUE(id.ok());
      sweep_ = *id;
    }
    auto reader = storage::FrontierReader::Open(db_path_, sweep_);
    ASSERT_TRUE(reader.ok()) << reader.status().ToString();
    if (resume) {
      auto state = SweepJournal::ResumeFrom(**reader);
      ASSERT_TRUE(state.ok()) << state.status().ToString();
      resume_ = *state;
    }
    storage::StorageWriter::Options wo;
    wo.queue_capacity = 64;
    writer_ = std::make_unique<storage::StorageWriter>(std::move(db).value(), wo);
    journal_ = std::make_unique<SweepJournal>(*writer_, sweep_, std::move(reader).value(),
                                              resume_.last_seq);
  }
  void Close() {
    journal_->Flush();
    ASSERT_TRUE(writer_->Flush().ok());
    journal_.reset();
    ASSERT_TRUE(writer_->Stop().ok());
    writer_.reset();
  }

  // As the sweep runner: accepted entries are written down with their seq.
  Frontier::AddOutcome Add(Frontier& f, FrontierEntry e) {
    Frontier::AddOutcome out = f.Add(e);
    if (out == Frontier::AddOutcome::kAdded) {
      e.seq = f.last_seq();
      journal_->Accepted(e);
    }
    return out;
  }

  static FrontierEntry Entry(const std::string& host, const std::string& path, UrlPriority p) {
    FrontierEntry e;
    e.host = host;
    e.url = host + path;
    e.priority = p;
    return e;
  }

  fs::path dir_;
  std::string db_path_;
  int64_t sweep_ = 0;
  crawler::ResumeState resume_;
  std::unique_ptr<storage::StorageWriter> writer_;
  std::unique_ptr<SweepJournal> journal_;
};

const std::vector<std::string> kHosts = {"http://a.test", "http://b.test", "http://c.test"};

TEST_F(FrontierStoreTest, HandsOutEveryUrlOnceInOrderWithABoundedWindow) {
  Open(false);
  constexpr size_t kWindow = 16;
  constexpr int kUrls = 6000;
  Frontier f;
  f.AttachStore(journal_.get(), kWindow);
  for (const std::string& h : kHosts) f.SetHostPolicy(h, {1000, 0});
  // The order each origin's URLs must come out in: by priority, then as accepted.
  std::map<std::string, std::vector<std::pair<int, std::string>>> expected;
  size_t peak = 0;
  std::vector<std::string> out;
  auto take = [&](int n) {
    for (int i = 0; i < n; ++i) {
      auto e = f.NextReady(Frontier::Clock::now());
      if (!e) return;
      out.push_back(e->url);
      f.Release(e->host);
    }
  };
  for (int i = 0; i < kUrls; ++i) {
    const std::string& host = kHosts[static_cast<size_t>(i) % kHosts.size()];
    auto p = static_cast<UrlPriority>(1 + (i / 7) % 3);  // shop, item, list, in runs
    FrontierEntry e = Entry(host, "/p/" + std::to_string(i), p);
    ASSERT_EQ(Add(f, e), Frontier::AddOutcome::kAdded);
    // A link found again later (tracking duplicates, list pages): caught whether
    // its row is in memory, uncommitted, or only in the database by now.
    if (i >= 50 && i % 10 == 0) {
      EXPECT_EQ(Add(f, Entry(kHosts[static_cast<size_t>(i - 50) % kHosts.size()],
                             "/p/" + std::to_string(i - 50), UrlPriority::kItem)),
                Frontier::AddOutcome::kDuplicate);
    }
    peak = std::max(peak, f.in_memory());
    if (i % 500 == 499) take(200);  // fetching while the frontier grows
  }
  EXPECT_LE(f.in_memory(), kHosts.size() * (kWindow + kWindow / 2 * crawler::kPriorityLevels));
  // Drain everything, waiting for the writer's commits where needed.
  for (int spins = 0; !f.Empty() && spins < 20000; ++spins) {
    size_t before = out.size();
    take(1000);
    peak = std::max(peak, f.in_memory());
    if (out.size() == before) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  EXPECT_TRUE(f.Empty()) << f.queued() << " still queued";
  EXPECT_LE(peak, kHosts.size() * (kWindow + kWindow / 2 * crawler::kPriorityLevels));
  ASSERT_EQ(out.size(), static_cast<size_t>(kUrls));
  EXPECT_EQ(std::set<std::string>(out.begin(), out.end()).size(), out.size())
      << "a URL came out twice";
  // Per origin and priority, acceptance order is kept across memory and database.
  std::map<std::string, int> last_by_lane;
  for (const std::string& url : out) {
    int n = std::stoi(url.substr(url.rfind('/') + 1));
    std::string lane = url.substr(0, url.find("/p/")) + "#" + std::to_string((n / 7) % 3);
    auto it = last_by_lane.find(lane);
    if (it != last_by_lane.end()) {
      EXPECT_LT(it->second, n) << lane;
    }
    last_by_lane[lane] = n;
  }
  EXPECT_TRUE(journal_->Health().ok()) << journal_->Health().ToString();
  Close();
}

TEST_F(FrontierStoreTest, ResumeReadsTheUnfinishedQueuesBackFromTheFile) {
  Open(false);
  std::set<std::string> fetched;
  {
    Frontier f;
    f.AttachStore(journal_.get(), 4);
    f.SetHostPolicy("http://a.test", {1000, 0});
    for (int i = 0; i < 40; ++i)
      Add(f, Entry("http://a.test", "/p/" + std::to_string(i), UrlPriority::kItem));
    journal_->Flush();
    ASSERT_TRUE(writer_->Flush().ok());
    // Ten pages fetched and finished, as the sweep marks them.
    for (int i = 0; i < 10; ++i) {
      auto e = f.NextReady(Frontier::Clock::now());
      ASSERT_TRUE(e);
      fetched.insert(e->url);
      journal_->LinksRecorded(e->url, /*to_processor=*/false);
      f.Release(e->host);
    }
  }
  Close();  // the process dies here; only the file remains

  Open(true);
  uint64_t queued = 0;
  for (const auto& q : resume_.queues) queued += q.count;
  EXPECT_EQ(queued, 30u);
  EXPECT_EQ(resume_.last_seq, 40u);
  Frontier f;
  f.AttachStore(journal_.get(), 4, resume_.last_seq);
  f.SetHostPolicy("http://a.test", {1000, 0});
  EXPECT_EQ(f.RestoreKnown(), 40u);  // every URL written down, finished or not
  for (const auto& q : resume_.queues) f.RestoreQueue(q.origin, q.priority, q.count, q.max_seq);
  EXPECT_EQ(Add(f, Entry("http://a.test", "/p/3", UrlPriority::kItem)),
            Frontier::AddOutcome::kDuplicate);
  EXPECT_EQ(Add(f, Entry("http://a.test", "/p/33", UrlPriority::kItem)),
            Frontier::AddOutcome::kDuplicate);
  EXPECT_EQ(Add(f, Entry("http://a.test", "/p/new", UrlPriority::kItem)),
            Frontier::AddOutcome::kAdded);
  std::vector<std::string> out;
  for (int spins = 0; !f.Empty() && spins < 5000; ++spins) {
    auto e = f.NextReady(Frontier::Clock::now());
    if (!e) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
      continue;
    }
    out.push_back(e->url);
    f.Release(e->host);
  }
  ASSERT_EQ(out.size(), 31u);
  for (const std::string& url : out)
    EXPECT_EQ(fetched.count(url), 0u) << url << " was finished before the kill";
  EXPECT_EQ(out.front(), "http://a.test/p/10");
  EXPECT_EQ(out.back(), "http://a.test/p/new");
  Close();
}

}  // namespace
}  // namespace shouhu::pipeline
