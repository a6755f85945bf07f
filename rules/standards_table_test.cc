// Standard codes read from normalised text, and the shipped standards-fit
// tables (config/groups/standards.toml): which codes fit a product group,
// which mandatory ones are missing, and which versions are superseded from
// when (doc/rules.md "Standards tables").
#include "rules/standards_table.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>

#include "rules/rules_test_util.h"

namespace shouhu::rules {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

// ---------------------------------------------------------------- parsing

// A run of parts (~4) is one code: the first part and the year.
TEST(ParseStandardCodes, PartRunIsOneCode) {
  const std::vector<StandardCode> c = ParseStandardCodes("gb 6675.1~4-2014");
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].prefix, "gb");
  EXPECT_EQ(c[0].number, "6675");
  EXPECT_EQ(c[0].part, "1");
  EXPECT_EQ(c[0].year, 2014);
  EXPECT_EQ(c[0].text, "gb 6675.1~4-2014");
}

TEST(ParseStandardCodes, TwoCodesWithoutSpaces) {
  const std::vector<StandardCode> c = ParseStandardCodes("gb6675.1-2014、gb6675.2-2014");
  ASSERT_EQ(c.size(), 2u);
  EXPECT_EQ(c[0].number, "6675");
  EXPECT_EQ(c[0].part, "1");
  EXPECT_EQ(c[0].year, 2014);
  EXPECT_EQ(c[1].number, "6675");
  EXPECT_EQ(c[1].part, "2");
  EXPECT_EQ(c[1].year, 2014);
}

TEST(ParseStandardCodes, TwoDifferentStandardsWithAClass) {
  const std::vector<StandardCode> c = ParseStandardCodes("gb 6675.1~4-2014、gb 31701-2015 b类");
  ASSERT_EQ(c.size(), 2u);
  EXPECT_EQ(c[0].number, "6675");
  EXPECT_EQ(c[1].number, "31701");
  EXPECT_EQ(c[1].part, "");
  EXPECT_EQ(c[1].year, 2015);
}

// The /T of a recommended standard is dropped: GB/T and GB compare by number.
TEST(ParseStandardCodes, RecommendedStandardKeepsItsPrefix) {
  const std::vector<StandardCode> gbt = ParseStandardCodes("gb/t 38880-2020");
  ASSERT_EQ(gbt.size(), 1u);
  EXPECT_EQ(gbt[0].prefix, "gb");
  EXPECT_EQ(gbt[0].number, "38880");
  EXPECT_EQ(gbt[0].part, "");
  EXPECT_EQ(gbt[0].year, 2020);

  const std::vector<StandardCode> qbt = ParseStandardCodes("qb/t 4735-2014");
  ASSERT_EQ(qbt.size(), 1u);
  EXPECT_EQ(qbt[0].prefix, "qb");
  EXPECT_EQ(qbt[0].number, "4735");
  EXPECT_EQ(qbt[0].year, 2014);
}

TEST(ParseStandardCodes, YearIsZeroWhenNotWritten) {
  const std::vector<StandardCode> c = ParseStandardCodes("gb 6675");
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].number, "6675");
  EXPECT_EQ(c[0].year, 0);
}

// Enterprise (Q/…) and association (T/…) standards: the kind only, no number.
TEST(ParseStandardCodes, EnterpriseAndAssociationStandards) {
  const std::vector<StandardCode> q = ParseStandardCodes("q/abc 001-2020");
  ASSERT_EQ(q.size(), 1u);
  EXPECT_EQ(q[0].prefix, "q");
  EXPECT_EQ(q[0].number, "");

  const std::vector<StandardCode> t = ParseStandardCodes("t/cnta 1-2021");
  ASSERT_EQ(t.size(), 1u);
  EXPECT_EQ(t[0].prefix, "t");
  EXPECT_EQ(t[0].number, "");
}

TEST(ParseStandardCodes, NoCodeInWords) {
  EXPECT_THAT(ParseStandardCodes("执行标准:国标"), IsEmpty());
  EXPECT_THAT(ParseStandardCodes(""), IsEmpty());
}

// ---------------------------------------------------------------- shipped table

const StandardsTable& Shipped() {
  static const StandardsTable t = [] {
    auto doc =
        config::LoadTomlFile(std::string(SHOUHU_SOURCE_DIR) + "/config/groups/standards.toml");
    EXPECT_TRUE(doc.ok()) << doc.status().ToString();
    auto r = StandardsTable::Load(doc.value());
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return std::move(r).value();
  }();
  return t;
}

std::vector<StandardCode> Codes(std::string_view folded) { return ParseStandardCodes(folded); }

StandardCode One(std::string_view folded) {
  const std::vector<StandardCode> c = ParseStandardCodes(folded);
  EXPECT_EQ(c.size(), 1u) << folded;
  return c.empty() ? StandardCode{} : c[0];
}

TEST(StandardsTable, ToyWithGb6675Fits) {
  EXPECT_FALSE(Shipped().Unfit(Codes("gb 6675.1~4-2014"), {"toy"}));
  EXPECT_FALSE(Shipped().MandatoryMissing(Codes("gb 6675.1~4-2014"), {"toy"}));
}

TEST(StandardsTable, ToyWithOnlyTheChildrensTextileStandardIsUnfitAndMissingGb6675) {
  EXPECT_TRUE(Shipped().Unfit(Codes("gb 31701-2015"), {"toy"}));
  EXPECT_TRUE(Shipped().MandatoryMissing(Codes("gb 31701-2015"), {"toy"}));
  // The same code fits clothing.
  EXPECT_FALSE(Shipped().Unfit(Codes("gb 31701-2015"), {"clothing"}));
}

TEST(StandardsTable, VehicleWithGb14746Fits) {
  EXPECT_FALSE(Shipped().Unfit(Codes("gb 14746-2006"), {"vehicle"}));
  EXPECT_FALSE(Shipped().MandatoryMissing(Codes("gb 14746-2006"), {"vehicle"}));
}

// Glasses have no mandatory standard: a recommended one fits and nothing is missing.
TEST(StandardsTable, GlassesFrameWithGbt14214Fits) {
  EXPECT_FALSE(Shipped().Unfit(Codes("gb/t 14214-2019"), {"glasses"}));
  EXPECT_FALSE(Shipped().MandatoryMissing(Codes("gb/t 14214-2019"), {"glasses"}));
}

// A product standard fits, but the mandatory GB 30585 is still missing.
TEST(StandardsTable, ShoesWithOnlyAProductStandardFitButMissTheMandatoryOne) {
  EXPECT_FALSE(Shipped().Unfit(Codes("qb/t 2880-2016"), {"shoes"}));
  EXPECT_TRUE(Shipped().MandatoryMissing(Codes("qb/t 2880-2016"), {"shoes"}));
  EXPECT_FALSE(Shipped().MandatoryMissing(Codes("gb 30585-2014、qb/t 2880-2016"), {"shoes"}));
}

// A missing standard is G-03's finding, not unfit or mandatory-missing.
TEST(StandardsTable, NothingDeclaredIsNeitherUnfitNorMissing) {
  EXPECT_FALSE(Shipped().Unfit({}, {"toy"}));
  EXPECT_FALSE(Shipped().MandatoryMissing({}, {"toy"}));
}

// A group without a table is never unfit.
TEST(StandardsTable, GroupWithoutTableIsNeverUnfit) {
  EXPECT_FALSE(Shipped().HasGroup("novelty_goods"));
  EXPECT_FALSE(Shipped().Unfit(Codes("gb 31701-2015"), {"novelty_goods"}));
  EXPECT_FALSE(Shipped().MandatoryMissing(Codes("gb 31701-2015"), {"novelty_goods"}));
}

// A part-specific entry (GB 39552.1) needs that part.
TEST(StandardsTable, PartEntryNeedsThatPart) {
  EXPECT_FALSE(Shipped().MandatoryMissing(Codes("gb 39552.1-2020"), {"sunglasses"}));
  EXPECT_TRUE(Shipped().MandatoryMissing(Codes("gb/t 39552.2-2020"), {"sunglasses"}));
}

// Enterprise standards fit where the group allows them.
TEST(StandardsTable, EnterpriseStandardFitsToyButNotSunglasses) {
  EXPECT_FALSE(Shipped().Unfit(Codes("q/abc 001-2020"), {"toy"}));
  EXPECT_TRUE(Shipped().Unfit(Codes("q/abc 001-2020"), {"sunglasses"}));
  // Association standards: the mask table allows them, the glasses one not.
  EXPECT_FALSE(Shipped().Unfit(Codes("t/cnta 1-2021"), {"mask"}));
  EXPECT_TRUE(Shipped().Unfit(Codes("t/cnta 1-2021"), {"glasses"}));
}

TEST(StandardsTable, SupersededFromItsEffectiveDate) {
  const StandardCode old = One("gb 28007-2011");
  EXPECT_EQ(Shipped().SupersededAt(old, "2025-12-31"), nullptr);
  const StandardsTable::Superseded* s = Shipped().SupersededAt(old, "2026-01-01");
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->replaced_by, "GB 28007-2024");
  EXPECT_EQ(s->effective, "2026-01-01");
  EXPECT_EQ(s->flagged_from, "2026-01-01");
  EXPECT_THAT(s->where, HasSubstr("standards.toml:"));
  // The replacement itself is not superseded.
  EXPECT_EQ(Shipped().SupersededAt(One("gb 28007-2024"), "2026-06-01"), nullptr);
}

// GB 6675-2014 (any part) is flagged only after its transition ends.
TEST(StandardsTable, SupersededOnlyAfterTheTransition) {
  const StandardCode part1 = One("gb 6675.1-2014");
  EXPECT_EQ(Shipped().SupersededAt(part1, "2026-11-02"), nullptr);
  const StandardsTable::Superseded* s = Shipped().SupersededAt(part1, "2028-11-01");
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->effective, "2026-11-01");
  EXPECT_EQ(s->flagged_from, "2028-11-01");
  EXPECT_EQ(s->replaced_by, "GB 6675.x-2025");
}

// ---------------------------------------------------------------- load errors

// A scratch file and its load error.
struct StandardsFile : testing_util::ScratchToml {
  using ScratchToml::ScratchToml;
  std::string LoadError() const {
    return ScratchToml::LoadError([](const config::Node& n) { return StandardsTable::Load(n); });
  }
};

// Lines 1-3.
constexpr const char* kToy =
    "[[group]]\n"
    "id = \"toy\"\n"
    "mandatory = [\"GB 6675\"]\n";

TEST(StandardsTableLoad, MinimalFileLoads) {
  StandardsFile f(std::string(kToy) +
                  "[[superseded]]\n"
                  "code = \"GB 6675-2003\"\n"
                  "replaced_by = \"GB 6675.1~4-2014\"\n"
                  "effective = 2016-01-01\n");
  EXPECT_EQ(f.LoadError(), "<loaded>");
}

TEST(StandardsTableLoad, SupersededCodeWithoutYearNamesFileAndLine) {
  StandardsFile f(std::string(kToy) +
                  "[[superseded]]\n"
                  "code = \"GB 6675\"\n"
                  "replaced_by = \"GB 6675.1~4-2014\"\n"
                  "effective = 2016-01-01\n");
  const std::string err = f.LoadError();
  EXPECT_THAT(err, HasSubstr(f.path() + ":5"));
  EXPECT_THAT(err, HasSubstr("superseded[0].code"));
  EXPECT_THAT(err, HasSubstr("needs its year"));
}

TEST(StandardsTableLoad, EntryThatIsNotAStandardCodeNamesFileAndLine) {
  StandardsFile f(
      "[[group]]\n"
      "id = \"toy\"\n"
      "mandatory = [\"GB 6675\"]\n"
      "recommended = [\"国标\"]\n");
  const std::string err = f.LoadError();
  EXPECT_THAT(err, HasSubstr(f.path() + ":4"));
  EXPECT_THAT(err, HasSubstr("group[0].recommended"));
  EXPECT_THAT(err, HasSubstr("'国标' is not one standard code"));
}

// Two codes in one entry are not one standard code either.
TEST(StandardsTableLoad, EntryWithTwoCodesIsAnError) {
  StandardsFile f(
      "[[group]]\n"
      "id = \"toy\"\n"
      "mandatory = [\"GB 6675 GB 31701\"]\n");
  EXPECT_THAT(f.LoadError(), HasSubstr("is not one standard code"));
}

TEST(StandardsTableLoad, DuplicateGroupNamesFileAndLine) {
  StandardsFile f(std::string(kToy) + "\n" + kToy);
  const std::string err = f.LoadError();
  EXPECT_THAT(err, HasSubstr(f.path() + ":5"));
  EXPECT_THAT(err, HasSubstr("duplicate group 'toy'"));
}

// A foreign standard is a declaration that fits no Chinese table: beside
// GB 6675 a toy fits; alone, GB 6675 is missing.
TEST(StandardsTable, ForeignStandardAloneIsUnfitBesideGbItFits) {
  const std::vector<StandardCode> en = ParseStandardCodes("en 71-1:2014+a1:2018、astm f963-17");
  ASSERT_EQ(en.size(), 2u);
  EXPECT_EQ(en[0].prefix, "foreign:en");
  EXPECT_EQ(en[0].number, "71");
  EXPECT_EQ(en[1].prefix, "foreign:astm");
  const StandardsTable& t = Shipped();
  EXPECT_TRUE(t.Unfit(en, {"toy"}));
  EXPECT_TRUE(t.MandatoryMissing(en, {"toy"}));
  std::vector<StandardCode> both = ParseStandardCodes("gb 6675.1-2014 en 71-1:2014");
  EXPECT_FALSE(t.Unfit(both, {"toy"}));
  EXPECT_FALSE(t.MandatoryMissing(both, {"toy"}));
}

}  // namespace
}  // namespace shouhu::rules
