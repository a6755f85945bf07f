#include "crawler/frontier.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <string>
#include <vector>

#include "base/url.h"

namespace shouhu::crawler {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

FrontierEntry E(const std::string& path, UrlPriority p = UrlPriority::kOther, int depth = 0,
                const std::string& host = "http://a.test") {
  FrontierEntry e;
  e.url = host + path;
  e.host = host;
  e.depth = depth;
  e.priority = p;
  return e;
}

class FrontierTest : public ::testing::Test {
 protected:
  Frontier::TimePoint t0_ = Frontier::Clock::now();
};

TEST_F(FrontierTest, DuplicateCanonicalUrlIsRejected) {
  Frontier f;
  EXPECT_EQ(f.Add(E("/x")), Frontier::AddOutcome::kAdded);
  EXPECT_EQ(f.Add(E("/x")), Frontier::AddOutcome::kDuplicate);
  ASSERT_TRUE(f.NextReady(t0_));
  f.Release("http://a.test");
  EXPECT_EQ(f.Add(E("/x")), Frontier::AddOutcome::kDuplicate);  // still seen after fetching
  f.MarkSeen("http://a.test/y");
  EXPECT_EQ(f.Add(E("/y")), Frontier::AddOutcome::kDuplicate);
}

TEST_F(FrontierTest, ShopPagesBeforeItemPages) {
  // A shop's licence data must be known when its item pages are evaluated.
  Frontier f;
  f.SetHostPolicy("http://a.test", {1, 0});
  f.Add(E("/item/1", UrlPriority::kItem));
  f.Add(E("/shop/1", UrlPriority::kShop));
  auto first = f.NextReady(t0_);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->url, "http://a.test/shop/1");
}

TEST_F(FrontierTest, ItemPagesBeforeListPagesBeforeOthers) {
  Frontier f;
  f.SetHostPolicy("http://a.test", {1, 0});
  f.Add(E("/other"));
  f.Add(E("/list", UrlPriority::kList));
  f.Add(E("/item", UrlPriority::kItem));
  std::vector<std::string> order;
  while (auto e = f.NextReady(t0_)) {
    order.push_back(e->url);
    f.Release(e->host);
  }
  EXPECT_EQ(order, (std::vector<std::string>{"http://a.test/item", "http://a.test/list",
                                             "http://a.test/other"}));
}

TEST_F(FrontierTest, DepthAndPageCapsBoundTheSite) {
  Frontier f;
  f.SetSiteLimits(0, {2, 3});
  EXPECT_EQ(f.Add(E("/d3", UrlPriority::kOther, 3)), Frontier::AddOutcome::kTooDeep);
  EXPECT_EQ(f.Add(E("/1")), Frontier::AddOutcome::kAdded);
  EXPECT_EQ(f.Add(E("/2")), Frontier::AddOutcome::kAdded);
  EXPECT_EQ(f.Add(E("/sitemap.xml", UrlPriority::kSitemap), false), Frontier::AddOutcome::kAdded);
  EXPECT_EQ(f.Add(E("/3")), Frontier::AddOutcome::kAdded);
  EXPECT_EQ(f.Add(E("/4")), Frontier::AddOutcome::kPageCapReached);
}

TEST_F(FrontierTest, PerHostConcurrencyCap) {
  Frontier f;
  f.SetHostPolicy("http://a.test", {2, 0});
  for (int i = 0; i < 5; ++i) f.Add(E("/" + std::to_string(i)));
  EXPECT_TRUE(f.NextReady(t0_));
  EXPECT_TRUE(f.NextReady(t0_));
  EXPECT_FALSE(f.NextReady(t0_));
  EXPECT_FALSE(f.NextWakeup());  // waiting on a completion, not on time
  f.Release("http://a.test");
  EXPECT_TRUE(f.NextReady(t0_));
}

TEST_F(FrontierTest, SecondUrlForSameHostWaitsForMinDelay) {
  Frontier f;
  f.SetHostPolicy("http://a.test", {4, 0.5});
  f.Add(E("/1"));
  f.Add(E("/2"));
  f.Add(E("/b", UrlPriority::kOther, 0, "http://b.test"));
  ASSERT_TRUE(f.NextReady(t0_));
  auto other = f.NextReady(t0_);  // another host is not delayed
  ASSERT_TRUE(other);
  EXPECT_EQ(other->host, "http://b.test");
  EXPECT_FALSE(f.NextReady(t0_ + milliseconds(499)));
  ASSERT_TRUE(f.NextWakeup());
  EXPECT_EQ(*f.NextWakeup(), t0_ + milliseconds(500));
  EXPECT_TRUE(f.NextReady(t0_ + milliseconds(500)));
}

TEST_F(FrontierTest, SecondUrlForSameHostWaitsForCrawlDelay) {
  Frontier f;
  f.SetHostPolicy("http://a.test", {4, 0.1});
  f.SetCrawlDelay("http://a.test", 2);
  f.Add(E("/1"));
  f.Add(E("/2"));
  ASSERT_TRUE(f.NextReady(t0_));
  EXPECT_FALSE(f.NextReady(t0_ + seconds(1)));
  EXPECT_TRUE(f.NextReady(t0_ + seconds(2)));
}

TEST_F(FrontierTest, RetryAfterDelaysHostAndRequeues) {
  Frontier f;
  f.Add(E("/1"));
  auto e = f.NextReady(t0_);
  ASSERT_TRUE(e);
  f.Release(e->host);
  f.DelayHost(e->host, t0_ + seconds(1));
  f.Retry(*e, t0_ + seconds(1));
  EXPECT_FALSE(f.Empty());
  EXPECT_FALSE(f.NextReady(t0_ + milliseconds(999)));
  EXPECT_EQ(*f.NextWakeup(), t0_ + seconds(1));
  auto again = f.NextReady(t0_ + seconds(1));
  ASSERT_TRUE(again);
  EXPECT_EQ(again->attempt, 2);
  EXPECT_EQ(again->url, "http://a.test/1");
}

TEST_F(FrontierTest, HeldHostHandsOutNothing) {
  Frontier f;
  f.Hold("http://a.test");
  f.Add(E("/1"));
  EXPECT_FALSE(f.NextReady(t0_));
  EXPECT_FALSE(f.NextWakeup());
  f.Unhold("http://a.test");
  EXPECT_TRUE(f.NextReady(t0_));
}

TEST_F(FrontierTest, RejectedByAdmitDoesNotClaimHost) {
  Frontier f;
  f.SetHostPolicy("http://a.test", {1, 10});
  f.Add(E("/cart/1"));
  f.Add(E("/ok"));
  int rejected = 0;
  auto e = f.NextReady(t0_, [&](const FrontierEntry& x) {
    bool ok = x.url.find("/cart/") == std::string::npos;
    rejected += !ok;
    return ok;
  });
  ASSERT_TRUE(e);
  EXPECT_EQ(e->url, "http://a.test/ok");
  EXPECT_EQ(rejected, 1);
  EXPECT_EQ(f.queued(), 0u);
}

TEST_F(FrontierTest, BackoffGrowsExponentiallyWithJitterAndCap) {
  std::mt19937_64 rng(1);
  for (int i = 0; i < 50; ++i) {
    auto b1 = Frontier::Backoff(1, milliseconds(100), seconds(60), rng);
    auto b3 = Frontier::Backoff(3, milliseconds(100), seconds(60), rng);
    EXPECT_GE(b1, milliseconds(50));
    EXPECT_LT(b1, milliseconds(150));
    EXPECT_GE(b3, milliseconds(200));
    EXPECT_LT(b3, milliseconds(600));
    EXPECT_LE(Frontier::Backoff(30, milliseconds(100), seconds(60), rng), seconds(60));
  }
}

TEST_F(FrontierTest, RoundRobinAcrossHosts) {
  Frontier f;
  for (int i = 0; i < 3; ++i) {
    f.Add(E("/" + std::to_string(i), UrlPriority::kOther, 0, "http://a.test"));
    f.Add(E("/" + std::to_string(i), UrlPriority::kOther, 0, "http://b.test"));
  }
  std::string hosts;
  while (auto e = f.NextReady(t0_)) {
    hosts += e->host.substr(7, 1);
    f.Release(e->host);
  }
  EXPECT_EQ(hosts, "ababab");
}

Frontier::HostPolicy Adaptive(double target = 2.0, double max_delay = 10.0) {
  Frontier::HostPolicy p;
  p.concurrency = 4;
  p.adaptive = true;
  p.target_concurrency = target;
  p.max_adaptive_delay_s = max_delay;
  return p;
}

TEST_F(FrontierTest, AdaptiveDelayFollowsLatencyOverTargetConcurrency) {
  Frontier f;
  f.SetHostPolicy("http://a.test", Adaptive(2.0));
  // A host answering in 1 s with target concurrency 2: the delay climbs
  // halfway each time towards (and never below) 0.5 s.
  EXPECT_FALSE(f.ObserveResponse("http://a.test", 1.0, true, t0_));
  EXPECT_DOUBLE_EQ(f.EffectiveDelay("http://a.test"), 0.5);
  f.ObserveResponse("http://a.test", 3.0, true, t0_);  // slower: target 1.5
  EXPECT_DOUBLE_EQ(f.EffectiveDelay("http://a.test"), 1.5);
  f.ObserveResponse("http://a.test", 0.2, true, t0_);  // faster: halfway down to 0.1
  EXPECT_DOUBLE_EQ(f.EffectiveDelay("http://a.test"), 0.8);
  f.Add(E("/1"));
  f.Add(E("/2"));
  ASSERT_TRUE(f.NextReady(t0_));
  EXPECT_FALSE(f.NextReady(t0_ + milliseconds(799)));
  EXPECT_TRUE(f.NextReady(t0_ + milliseconds(800)));
}

TEST_F(FrontierTest, AdaptiveDelayIsNeverLoweredByAnErrorAndIsCapped) {
  Frontier f;
  f.SetHostPolicy("http://a.test", Adaptive(1.0, 2.0));
  f.ObserveResponse("http://a.test", 1.0, true, t0_);
  f.ObserveResponse("http://a.test", 0.01, false, t0_);  // a fast 500 says nothing
  EXPECT_DOUBLE_EQ(f.EffectiveDelay("http://a.test"), 1.0);
  f.ObserveResponse("http://a.test", 60.0, true, t0_);
  EXPECT_DOUBLE_EQ(f.EffectiveDelay("http://a.test"), 2.0);
}

TEST_F(FrontierTest, AdaptiveDelayOffLeavesMinDelayAlone) {
  Frontier f;
  f.SetHostPolicy("http://a.test", {4, 0.25});
  f.ObserveResponse("http://a.test", 5.0, true, t0_);
  EXPECT_DOUBLE_EQ(f.EffectiveDelay("http://a.test"), 0.25);
}

TEST_F(FrontierTest, HostThatKeepsFailingIsParkedWithDoublingPauses) {
  Frontier f;
  Frontier::HostPolicy p;
  p.concurrency = 4;
  p.park_after_failures = 3;
  p.park_base_s = 30;
  p.park_max_s = 45;
  f.SetHostPolicy("http://a.test", p);
  f.Add(E("/1"));
  EXPECT_FALSE(f.ObserveResponse("http://a.test", 0.1, false, t0_));
  EXPECT_FALSE(f.ObserveResponse("http://a.test", 0.1, false, t0_));
  EXPECT_TRUE(f.ObserveResponse("http://a.test", 0.1, false, t0_));  // third in a row: parked 30 s
  EXPECT_FALSE(f.NextReady(t0_ + seconds(29)));
  for (int i = 0; i < 2; ++i) f.ObserveResponse("http://a.test", 0.1, false, t0_ + seconds(30));
  EXPECT_TRUE(
      f.ObserveResponse("http://a.test", 0.1, false, t0_ + seconds(30)));  // 60 s, capped at 45
  EXPECT_FALSE(f.NextReady(t0_ + seconds(74)));
  EXPECT_TRUE(f.NextReady(t0_ + seconds(75)));
}

TEST_F(FrontierTest, ServedResponseResetsTheFailureCount) {
  Frontier f;
  Frontier::HostPolicy p;
  p.park_after_failures = 2;
  f.SetHostPolicy("http://a.test", p);
  EXPECT_FALSE(f.ObserveResponse("http://a.test", 0.1, false, t0_));
  EXPECT_FALSE(f.ObserveResponse("http://a.test", 0.1, true, t0_));
  EXPECT_FALSE(f.ObserveResponse("http://a.test", 0.1, false, t0_));
  EXPECT_TRUE(f.ObserveResponse("http://a.test", 0.1, false, t0_));
}

// ---- Store mode: the frontier over a store, memory bounded per origin ------

// A store as the sweep's journal behaves: what the frontier accepted is written
// in seq order but readable only after a commit; finished rows are not loaded.
class MemoryStore : public FrontierStore {
 public:
  void Write(const FrontierEntry& e) { pending_.push_back(e); }
  void Commit() {
    for (FrontierEntry& e : pending_) {
      committed_seq_ = std::max(committed_seq_, e.seq);
      rows_.push_back({std::move(e), false});
    }
    pending_.clear();
  }
  void Finish(const std::string& url) {
    for (Row& r : rows_)
      if (r.entry.url == url) r.finished = true;
  }
  uint64_t CommittedSeq() override { return committed_seq_; }
  void Sync() override {
    ++syncs;
    if (commit_on_sync) Commit();
  }
  bool Known(uint64_t fp) override {
    ++known_queries;
    for (const Row& r : rows_)
      if (UrlFingerprint(r.entry.url) == fp) return true;
    return false;
  }
  bool Load(const std::string& origin, UrlPriority priority, uint64_t after_seq, size_t limit,
            std::vector<FrontierEntry>* out) override {
    ++loads;
    if (unreadable) return false;
    for (const Row& r : rows_) {
      if (out->size() >= limit) break;
      if (!r.finished && r.entry.host == origin && r.entry.priority == priority &&
          r.entry.seq > after_seq)
        out->push_back(r.entry);
    }
    return true;
  }
  Status Health() override {
    return unreadable ? StorageError("test store unreadable") : Status::Ok();
  }
  void ForEachKnown(const std::function<void(uint64_t)>& fn) override {
    for (const Row& r : rows_) fn(UrlFingerprint(r.entry.url));
  }

  int syncs = 0, known_queries = 0, loads = 0;
  bool commit_on_sync = false;
  bool unreadable = false;

 private:
  struct Row {
    FrontierEntry entry;
    bool finished = false;
  };
  std::vector<FrontierEntry> pending_;
  std::vector<Row> rows_;  // in seq order
  uint64_t committed_seq_ = 0;
};

class StoreFrontierTest : public FrontierTest {
 protected:
  // Adds as the sweep runner does: on kAdded the journal writes the entry down.
  Frontier::AddOutcome Add(Frontier& f, FrontierEntry e) {
    Frontier::AddOutcome out = f.Add(e);
    if (out == Frontier::AddOutcome::kAdded) {
      e.seq = f.last_seq();
      store_.Write(e);
    }
    return out;
  }
  std::vector<std::string> DrainUrls(Frontier& f) {
    std::vector<std::string> order;
    while (auto e = f.NextReady(t0_)) {
      order.push_back(e->url);
      f.Release(e->host);
    }
    return order;
  }
  MemoryStore store_;
};

TEST_F(StoreFrontierTest, KeepsAWindowPerOriginInMemoryAndReadsTheRestBackInOrder) {
  Frontier f;
  f.AttachStore(&store_, 4);
  f.SetHostPolicy("http://a.test", {100, 0});
  std::vector<std::string> added;
  for (int i = 0; i < 20; ++i) {
    ASSERT_EQ(Add(f, E("/item/" + std::to_string(i), UrlPriority::kItem)),
              Frontier::AddOutcome::kAdded);
    added.push_back("http://a.test/item/" + std::to_string(i));
  }
  EXPECT_EQ(f.queued(), 20u);
  EXPECT_EQ(f.in_memory(), 4u);
  store_.Commit();
  EXPECT_EQ(DrainUrls(f), added);
  EXPECT_GT(store_.loads, 0);
  EXPECT_EQ(f.queued(), 0u);
  EXPECT_EQ(f.in_memory(), 0u);
  EXPECT_TRUE(f.Empty());
}

TEST_F(StoreFrontierTest, MemoryStaysBoundedAsTheFrontierGrows) {
  Frontier f;
  f.AttachStore(&store_, 8);
  const std::vector<std::string> hosts = {"http://a.test", "http://b.test", "http://c.test"};
  for (int i = 0; i < 3000; ++i) {
    const std::string& host = hosts[static_cast<size_t>(i) % hosts.size()];
    Add(f, E("/p/" + std::to_string(i), static_cast<UrlPriority>(1 + i % 4), 0, host));
    if (i % 100 == 0) store_.Commit();
  }
  EXPECT_EQ(f.queued(), 3000u);
  EXPECT_LE(f.in_memory(), 3u * 8u);
  store_.Commit();
  size_t fetched = 0;
  size_t peak = 0;
  while (auto e = f.NextReady(t0_)) {
    ++fetched;
    peak = std::max(peak, f.in_memory());
    f.Release(e->host);
  }
  EXPECT_EQ(fetched, 3000u);
  // A window plus one read-back batch (window / 2) per priority lane, per origin.
  EXPECT_LE(peak, 3u * (8u + 4u * kPriorityLevels));
}

TEST_F(StoreFrontierTest, SpilledShopPagesStillComeBeforeItemsInMemory) {
  Frontier f;
  f.AttachStore(&store_, 4);
  f.SetHostPolicy("http://a.test", {100, 0});
  for (int i = 0; i < 6; ++i) Add(f, E("/item/" + std::to_string(i), UrlPriority::kItem));
  Add(f, E("/shop/1", UrlPriority::kShop));  // the window is full: spilled
  Add(f, E("/shop/2", UrlPriority::kShop));
  EXPECT_EQ(f.in_memory(), 4u);
  store_.Commit();
  std::vector<std::string> order = DrainUrls(f);
  ASSERT_EQ(order.size(), 8u);
  EXPECT_EQ(order[0], "http://a.test/shop/1");
  EXPECT_EQ(order[1], "http://a.test/shop/2");
  EXPECT_EQ(order[2], "http://a.test/item/0");
  EXPECT_EQ(order[7], "http://a.test/item/5");
}

TEST_F(StoreFrontierTest, WaitsForTheJournalsCommitInsteadOfLosingSpilledEntries) {
  Frontier f;
  f.AttachStore(&store_, 2);
  f.SetHostPolicy("http://a.test", {100, 0});
  for (int i = 0; i < 5; ++i) Add(f, E("/" + std::to_string(i)));
  EXPECT_EQ(DrainUrls(f).size(), 2u);  // the window; the rest is not committed yet
  EXPECT_EQ(f.queued(), 3u);
  EXPECT_FALSE(f.Empty());
  EXPECT_GE(store_.syncs, 1);  // asked the journal to hand its rows over
  EXPECT_GE(f.store_waits(), 1u);
  auto wake = f.NextWakeup();
  ASSERT_TRUE(wake);  // polls for the commit
  EXPECT_FALSE(f.NextReady(t0_));
  store_.Commit();
  EXPECT_EQ(DrainUrls(f),
            (std::vector<std::string>{"http://a.test/2", "http://a.test/3", "http://a.test/4"}));
  EXPECT_TRUE(f.Empty());
}

TEST_F(StoreFrontierTest, DuplicatesAreFoundInTheStoreAndAmongUncommittedEntries) {
  Frontier f;
  f.AttachStore(&store_, 4);
  EXPECT_EQ(Add(f, E("/x")), Frontier::AddOutcome::kAdded);
  EXPECT_EQ(Add(f, E("/x")), Frontier::AddOutcome::kDuplicate);  // not committed yet
  store_.Commit();
  EXPECT_EQ(Add(f, E("/x")), Frontier::AddOutcome::kDuplicate);  // committed: the store answers
  EXPECT_GE(store_.known_queries, 1);
  const int queries = store_.known_queries;
  for (int i = 0; i < 50; ++i)
    EXPECT_EQ(Add(f, E("/new/" + std::to_string(i))), Frontier::AddOutcome::kAdded);
  EXPECT_LE(store_.known_queries - queries,
            1);  // new URLs: the Bloom filter says no without asking
  uint64_t seq = f.MarkSeen("http://a.test/final");
  EXPECT_NE(seq, 0u);
  EXPECT_EQ(f.MarkSeen("http://a.test/final"), 0u);
  EXPECT_EQ(Add(f, E("/final")), Frontier::AddOutcome::kDuplicate);
}

TEST_F(StoreFrontierTest, ResumeReadsTheInterruptedQueuesBackAndKnowsEveryStoredUrl) {
  {
    Frontier first;
    first.AttachStore(&store_, 2);
    first.SetHostPolicy("http://a.test", {100, 0});
    for (int i = 0; i < 6; ++i) Add(first, E("/" + std::to_string(i), UrlPriority::kItem));
    store_.Commit();
    auto e = first.NextReady(t0_);  // fetched and finished before the kill
    ASSERT_TRUE(e);
    store_.Finish(e->url);
  }
  Frontier f;
  f.AttachStore(&store_, 2, /*last_seq=*/6);
  f.SetHostPolicy("http://a.test", {100, 0});
  f.RestoreKnown();
  f.RestoreQueue("http://a.test", UrlPriority::kItem, 5, 6);
  EXPECT_EQ(f.queued(), 5u);
  EXPECT_EQ(Add(f, E("/0", UrlPriority::kItem)), Frontier::AddOutcome::kDuplicate);  // finished
  EXPECT_EQ(Add(f, E("/3", UrlPriority::kItem)), Frontier::AddOutcome::kDuplicate);  // still queued
  EXPECT_EQ(Add(f, E("/6", UrlPriority::kItem)), Frontier::AddOutcome::kAdded);
  EXPECT_EQ(f.last_seq(), 7u);
  store_.commit_on_sync = true;
  EXPECT_EQ(DrainUrls(f),
            (std::vector<std::string>{"http://a.test/1", "http://a.test/2", "http://a.test/3",
                                      "http://a.test/4", "http://a.test/5", "http://a.test/6"}));
  EXPECT_TRUE(f.Empty());
}

TEST_F(StoreFrontierTest, SpilledEntriesFinishedElsewhereDoNotKeepTheFrontierBusy) {
  Frontier f;
  f.AttachStore(&store_, 2);
  f.SetHostPolicy("http://a.test", {100, 0});
  for (int i = 0; i < 4; ++i) Add(f, E("/" + std::to_string(i)));
  store_.Commit();
  store_.Finish("http://a.test/2");
  store_.Finish("http://a.test/3");
  EXPECT_EQ(DrainUrls(f).size(), 2u);
  EXPECT_EQ(f.queued(), 0u);
  EXPECT_TRUE(f.Empty());
  EXPECT_FALSE(f.NextWakeup());
}

TEST_F(StoreFrontierTest, AnUnreadableStoreLosesNothingAndWaitsInsteadOfSpinning) {
  Frontier f;
  f.AttachStore(&store_, 2);
  f.SetHostPolicy("http://a.test", {100, 0});
  for (int i = 0; i < 6; ++i) Add(f, E("/" + std::to_string(i)));
  store_.Commit();
  store_.unreadable = true;
  EXPECT_EQ(DrainUrls(f).size(), 2u);  // the window only
  EXPECT_EQ(f.queued(), 4u);           // still counted: nothing was concluded from the failure
  const int loads = store_.loads;
  EXPECT_FALSE(f.NextReady(t0_));
  EXPECT_EQ(store_.loads, loads);  // no new read until something more is committed
  EXPECT_FALSE(store_.Health().ok());
  store_.unreadable = false;
  Add(f, E("/6"));
  store_.Commit();
  EXPECT_EQ(DrainUrls(f).size(), 5u);
  EXPECT_TRUE(f.Empty());
}

TEST_F(StoreFrontierTest, AsksTheJournalToSyncOncePerWait) {
  Frontier f;
  f.AttachStore(&store_, 2);
  f.SetHostPolicy("http://a.test", {100, 0});
  for (int i = 0; i < 5; ++i) Add(f, E("/" + std::to_string(i)));
  DrainUrls(f);
  for (int i = 0; i < 10; ++i) EXPECT_FALSE(f.NextReady(t0_));
  EXPECT_EQ(store_.syncs, 1);
}

}  // namespace
}  // namespace shouhu::crawler
