// A small evidence world for the case-export, review and history tests: a
// database and evidence folder, with helpers that store a capture of a listing
// in a sweep the way the sweep pipeline does (WriteCapture, then StoreListing).
#ifndef SHOUHU_EVIDENCE_EVIDENCE_TEST_UTIL_H_
#define SHOUHU_EVIDENCE_EVIDENCE_TEST_UTIL_H_

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "evidence/evidence_store.h"
#include "evidence/warc_test_util.h"
#include "storage/database.h"

namespace shouhu::evidence::testing_util {

class EvidenceWorld {
 public:
  EvidenceWorld() : dir_(FreshDir()) {
    auto db = storage::Database::Open(dir_ + "/shouhu.db");
    EXPECT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(db).value();
    auto store = EvidenceStore::Open(*db_, dir_ + "/warc", "检查员甲");
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(store).value();
  }

  storage::Database& db() { return *db_; }
  EvidenceStore& store() { return *store_; }
  const std::string& dir() const { return dir_; }

  int64_t Sweep(const std::string& name = "weekly") {
    auto id = db_->BeginSweep(name, "2026-11-24T06:00:00Z");
    EXPECT_TRUE(id.ok());
    return *id;
  }

  // Captures `listing` in `sweep` with a page whose body mentions `body_extra`.
  storage::StoredListing Capture(int64_t sweep, const Listing& listing,
                                 const std::vector<Finding>& findings,
                                 const std::string& body_extra = "") {
    CaptureRecord c = SampleCapture(listing.item_id, body_extra);
    c.url = listing.url;
    c.remote_ip = "203.0.113.7";
    auto ref = store_->WriteCapture(c);
    EXPECT_TRUE(ref.ok()) << ref.status().ToString();
    auto stored = db_->StoreListing(sweep, listing, findings, {"toy"}, *ref);
    EXPECT_TRUE(stored.ok()) << stored.status().ToString();
    return *stored;
  }

 private:
  std::string dir_;
  std::unique_ptr<storage::Database> db_;
  std::unique_ptr<EvidenceStore> store_;
};

}  // namespace shouhu::evidence::testing_util

#endif  // SHOUHU_EVIDENCE_EVIDENCE_TEST_UTIL_H_
