#include "storage/listing_history.h"

#include <gtest/gtest.h>

#include "evidence/evidence_test_util.h"

namespace shouhu::evidence {
namespace {

using namespace testing_util;  // NOLINT(google-build-using-namespace): test helpers
using namespace storage;       // NOLINT(google-build-using-namespace): the layer below

const FieldChange* Change(const std::vector<FieldChange>& changes, const std::string& field) {
  for (const FieldChange& c : changes) {
    if (c.field == field) return &c;
  }
  return nullptr;
}

TEST(ListingHistory, CertificateAddedAfterAFlagShowsAsANewVersionAndFieldChange) {
  EvidenceWorld w;
  Listing l = SampleListing("1001", "儿童水晶泥套装");
  const int64_t s1 = w.Sweep("week 1");
  w.Capture(s1, l, {SampleFinding("C-01", "ccc.missing")});
  const int64_t s2 = w.Sweep("week 2");
  w.Capture(s2, l, {SampleFinding("C-01", "ccc.missing")});  // unchanged: no new version
  l.ccc = {"2023010000000001"};
  l.standards = {"GB 6675.2-2014"};
  const int64_t s3 = w.Sweep("week 3");
  StoredListing stored = w.Capture(s3, l, {});

  auto h = LoadListingHistory(w.db(), stored.listing_id);
  ASSERT_TRUE(h.ok()) << h.status().ToString();
  ASSERT_EQ(h->versions.size(), 2u);
  ASSERT_EQ(h->sightings.size(), 3u);
  EXPECT_EQ(h->sightings[0].version_id, h->sightings[1].version_id);
  EXPECT_NE(h->sightings[1].version_id, h->sightings[2].version_id);
  EXPECT_EQ(h->versions[0].findings.size(), 1u);
  EXPECT_GT(h->versions[0].findings[0].id, 0);
  EXPECT_TRUE(h->versions[1].findings.empty());
  EXPECT_FALSE(h->sightings[2].warc_file.empty());
  EXPECT_TRUE(h->gone.empty());

  auto changes = DiffListingVersions(h->versions[0].json, h->versions[1].json);
  ASSERT_EQ(changes.size(), 2u);
  ASSERT_TRUE(Change(changes, "ccc"));
  EXPECT_EQ(Change(changes, "ccc")->before, "");
  EXPECT_EQ(Change(changes, "ccc")->after, R"(["2023010000000001"])");
  ASSERT_TRUE(Change(changes, "standards"));
  EXPECT_EQ(Change(changes, "standards")->before, R"(["GB 6675.1-2014"])");
}

TEST(ListingHistory, LaterSweepOfTheSiteWithoutTheListingIsGone) {
  EvidenceWorld w;
  const int64_t s1 = w.Sweep("week 1");
  StoredListing a = w.Capture(s1, SampleListing("2001", "盲盒"), {});
  w.Capture(s1, SampleListing("2002", "积木"), {});
  const int64_t s2 = w.Sweep("week 2");
  w.Capture(s2, SampleListing("2002", "积木"), {});
  w.Sweep("other site, empty");  // saw nothing of this site: not evidence of removal

  auto h = LoadListingHistory(w.db(), a.listing_id);
  ASSERT_TRUE(h.ok());
  ASSERT_EQ(h->gone.size(), 1u);
  EXPECT_EQ(h->gone[0].sweep_id, s2);
}

TEST(ListingHistory, ResolvesIdOrSiteSlashItem) {
  EvidenceWorld w;
  StoredListing a = w.Capture(w.Sweep(), SampleListing("3001", "x"), {});
  EXPECT_EQ(*ResolveListing(w.db(), std::to_string(a.listing_id)), a.listing_id);
  EXPECT_EQ(*ResolveListing(w.db(), "tiantu/3001"), a.listing_id);
  EXPECT_EQ(ResolveListing(w.db(), "tiantu/9999").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(ResolveListing(w.db(), "999").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(ResolveListing(w.db(), "no-slash").status().code(), StatusCode::kInvalidArgument);
}

TEST(ListingHistory, DiffOfIdenticalVersionsIsEmptyAndIgnoresFetchedAt) {
  EXPECT_TRUE(
      DiffListingVersions(R"({"a":1,"fetched_at":"x"})", R"({"a":1,"fetched_at":"y"})").empty());
  auto bad = DiffListingVersions("not json", "{}");
  ASSERT_EQ(bad.size(), 1u);
  EXPECT_EQ(bad[0].field, "(json)");
}

}  // namespace
}  // namespace shouhu::evidence
