#include "storage/console_queue.h"

#include <gtest/gtest.h>

#include <set>

#include "storage/storage_test_util.h"

namespace shouhu::storage {
namespace {

using testing_util::FreshDir;
using testing_util::SampleFinding;
using testing_util::SampleListing;

// 120 listings with 2 findings each (novelty + label.missing on odd items), in
// two sweeps; listing 0 is stored again with a changed title (a new current version).
std::unique_ptr<Database> Populated() {
  auto db = Database::Open(FreshDir() + "/q.db");
  EXPECT_TRUE(db.ok());
  int64_t s1 = *(*db)->BeginSweep("s1", "2026-06-01T00:00:00Z");
  int64_t s2 = *(*db)->BeginSweep("s2", "2026-06-18T00:00:00Z");
  for (int i = 0; i < 120; ++i) {
    Listing l = SampleListing(std::to_string(i), i % 10 == 0 ? "儿童水晶泥套装" : "积木");
    Finding a = SampleFinding("N-01", "novelty");
    Finding b = SampleFinding("G-01", "label.missing");
    b.severity = i % 2 ? "medium" : "low";
    b.snippet = "";
    EXPECT_TRUE(
        (*db)->StoreListing(i < 60 ? s1 : s2, l, {a, b}, {i % 3 ? "toy" : "stationery"}, {}).ok());
  }
  Listing changed = SampleListing("0", "儿童水晶泥套装 新款");
  EXPECT_TRUE(
      (*db)->StoreListing(s2, changed, {SampleFinding("N-01", "novelty")}, {"toy"}, {}).ok());
  return std::move(*db);
}

TEST(ConsoleQueue, KeysetPagesCoverEveryCurrentFindingOnce) {
  auto db = Populated();
  QueueQuery q;
  q.limit = 100;
  std::set<int64_t> seen;
  int pages = 0;
  int64_t previous = INT64_MAX;
  for (;;) {
    auto page = QueryQueue(*db, q);
    ASSERT_TRUE(page.ok()) << page.status().ToString();
    ++pages;
    EXPECT_EQ(page->total, 239);  // 119 × 2 + the changed listing's one
    for (const auto& it : page->items) {
      EXPECT_LT(it.finding_id, previous);  // newest first
      previous = it.finding_id;
      EXPECT_TRUE(seen.insert(it.finding_id).second);
    }
    if (!page->next_before_id) break;
    q.before_id = page->next_before_id;
  }
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(seen.size(), 239u);
}

TEST(ConsoleQueue, FiltersAndCounts) {
  auto db = Populated();
  QueueQuery q;
  auto all = QueryQueue(*db, q);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->by_category["novelty"], 120);
  EXPECT_EQ(all->by_category["label.missing"], 119);
  EXPECT_EQ(all->by_severity["high"], 120);
  auto count = [&](QueueQuery f) { return QueryQueue(*db, f)->total; };
  QueueQuery c;
  c.category = "label.missing";
  c.severity = "medium";
  EXPECT_EQ(count(c), 60);
  QueueQuery r;
  r.rule = "N-01";
  EXPECT_EQ(count(r), 120);
  QueueQuery g;
  g.group = "stationery";
  EXPECT_EQ(count(g), 78);  // 40 listings with i % 3 == 0, less listing 0 (now "toy")
  QueueQuery t;
  t.text = "水晶泥";  // in the title of every tenth listing, and in every novelty snippet
  EXPECT_EQ(count(t), 120 + 11);
  QueueQuery sw;
  sw.sweep = 1;
  EXPECT_EQ(count(sw), 59 * 2);  // listing 0's current version is from sweep 2
  QueueQuery pending;
  pending.status = "pending";
  EXPECT_EQ(count(pending), 239);
  QueueQuery bad;
  bad.status = "maybe";
  EXPECT_EQ(QueryQueue(*db, bad).status().code(), StatusCode::kInvalidArgument);
  bad = QueueQuery{};
  bad.limit = 0;
  EXPECT_FALSE(QueryQueue(*db, bad).ok());
}

}  // namespace
}  // namespace shouhu::storage
