#include "parsers/label_values.h"

#include <gtest/gtest.h>

#include <chrono>
#include <nlohmann/json.hpp>

namespace shouhu::parsers {
namespace {

using V = std::vector<std::string>;

TEST(StandardCode, PrefixNumberPartYear) {
  std::optional<StandardCode> c = ParseStandardCode("GB 6675.1-2014");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->prefix, "GB");
  EXPECT_EQ(c->number, "6675");
  EXPECT_EQ(c->part, "1");
  EXPECT_EQ(c->year, 2014);
  EXPECT_FALSE(c->recommended());
  c = ParseStandardCode("ＧＢ／Ｔ３１８８８—２０１５");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->text, "GB/T 31888-2015");
  EXPECT_TRUE(c->recommended());
  EXPECT_FALSE(c->part);
  c = ParseStandardCode("qb/t 2880-2016");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->prefix, "QB/T");
  c = ParseStandardCode("GB 6675-93");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->year, 1993);
  c = ParseStandardCode("T/CTCA 7-2019");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->prefix, "T/CTCA");
  c = ParseStandardCode("GB 28007");
  ASSERT_TRUE(c);
  EXPECT_FALSE(c->year);
  EXPECT_FALSE(ParseStandardCode("执行标准：无"));
  EXPECT_FALSE(ParseStandardCode("ABC"));
  std::vector<StandardCode> all =
      FindStandardCodes("执行标准：GB 31701-2015 GB 18401-2010，QB/T 2880-2016");
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[2].text, "QB/T 2880-2016");
}

TEST(AgeMonths, UnitsRangesAndOpenEnds) {
  auto age = [](std::string_view t) { return ParseAgeMonths(t); };
  EXPECT_EQ(age("3-6岁"), (AgeMonths{36, 72}));
  EXPECT_EQ(age("3～6岁"), (AgeMonths{36, 72}));
  EXPECT_EQ(age("0-36个月"), (AgeMonths{0, 36}));
  EXPECT_EQ(age("6个月-3岁"), (AgeMonths{6, 36}));
  EXPECT_EQ(age("3岁以上"), (AgeMonths{36, std::nullopt}));
  EXPECT_EQ(age("3岁及以上"), (AgeMonths{36, std::nullopt}));
  EXPECT_EQ(age("8岁+"), (AgeMonths{96, std::nullopt}));
  EXPECT_EQ(age("14周岁以下"), (AgeMonths{0, 168}));
  EXPECT_EQ(age("适合14周岁以下（含14周岁）的学生使用"), (AgeMonths{0, 168}));
  EXPECT_EQ(age("1.5岁"), (AgeMonths{18, 18}));
  EXPECT_EQ(age("３岁至６岁"), (AgeMonths{36, 72}));
  EXPECT_FALSE(age("均码"));
  EXPECT_FALSE(age(""));
}

TEST(Ccc, NumbersNearCccWordsOnly) {
  EXPECT_EQ(FindCccNumbers("3C证书编号：2021011601123456"), (V{"2021011601123456"}));
  EXPECT_EQ(FindCccNumbers("已通过CCC认证，证书号 2021 0116 0112 3456。"),
            (V{"2021 0116 0112 3456"}));
  EXPECT_EQ(FindCccNumbers("ccc: 202101160112345"), (V{"202101160112345"}));  // malformed kept
  EXPECT_EQ(FindCccNumbers("2021011601123456 2022011601123457（3C认证）"),
            (V{"2021011601123456", "2022011601123457"}));
  EXPECT_TRUE(FindCccNumbers("订单号 2021011601123456").empty());  // no CCC word
  EXPECT_TRUE(FindCccNumbers("3C认证标志贴纸 CCC标签").empty());   // no number
  EXPECT_TRUE(FindCccNumbers("认证 电话 13800138000").empty());    // too short
  EXPECT_EQ(FindCccNumbers("2021011601123456", false, 8), (V{"2021011601123456"}));
  EXPECT_TRUE(MentionsCcc("3C证书编号"));
  EXPECT_TRUE(MentionsCcc("ｃｃｃ"));
  EXPECT_FALSE(MentionsCcc("执行标准"));
}

TEST(CreditCode, ChecksumFindAndRegion) {
  EXPECT_TRUE(IsValidCreditCode("91350100M000100Y43"));
  EXPECT_TRUE(IsValidCreditCode("91350100m000100y43"));
  EXPECT_FALSE(IsValidCreditCode("91350100M000100Y44"));
  EXPECT_FALSE(IsValidCreditCode("91350100M000100Y4"));
  EXPECT_FALSE(IsValidCreditCode("9135010OM000100Y43"));  // O is not in the alphabet
  EXPECT_EQ(FindCreditCode("统一社会信用代码：91350100m000100y43。"), "91350100M000100Y43");
  EXPECT_EQ(FindCreditCode("9135010000000100Y43X"), "");  // 20 characters: no code
  EXPECT_EQ(RegionCodeOf("91350100M000100Y43"), "350100");
  EXPECT_FALSE(RegionCodeOf("91ABCDEFM000100Y43"));
}

TEST(Cleaning, LabelsPunctuationAndSafetyCategory) {
  EXPECT_EQ(CleanLabelValue(" 生产企业：乐思童玩具厂。", {"生产企业"}), "乐思童玩具厂");
  EXPECT_EQ(CleanLabelValue("“浙江省义乌市”；", {}), "浙江省义乌市");
  EXPECT_EQ(CleanLabelValue("地址: 福建省福州市", {"地址"}), "福建省福州市");
  EXPECT_EQ(CleanLabelValue("备注: 无", {"地址"}), "备注: 无");
  EXPECT_EQ(CleanSafetyCategory("Ａ 类"), "A类");
  EXPECT_EQ(CleanSafetyCategory("安全类别：b类"), "B类");
  EXPECT_EQ(CleanSafetyCategory("A类 婴幼儿用品"), "A类 婴幼儿用品");
  EXPECT_EQ(CleanSafetyCategory("婴幼儿用品"), "婴幼儿用品");
}

TEST(NormalizeListing, AddsAgeMonthsAndCccFromOtherFields) {
  Listing l;
  l.title = "遥控汽车 3C认证 2020011601000001";
  l.age_range = "3-6岁";
  l.attributes = {{"认证编号", "2021011601123456"}, {"材质", "塑料"}};
  l.safety_category = "ｃ类";
  l.manufacturer.name = "生产企业：某某玩具厂。";
  l.seller.credit_code = "91350100m000100y43";
  NormalizeListing(&l);
  EXPECT_EQ(l.age_months, (AgeMonths{36, 72}));
  EXPECT_EQ(l.ccc, (V{"2021011601123456", "2020011601000001"}));
  EXPECT_EQ(l.provenance["ccc"].source, "text");
  EXPECT_EQ(l.provenance["ccc"].path, "attributes.认证编号");
  EXPECT_EQ(l.safety_category, "C类");
  EXPECT_EQ(l.manufacturer.name, "某某玩具厂");
  EXPECT_EQ(l.seller.credit_code, "91350100M000100Y43");
  EXPECT_EQ(l.seller.region_code, "350100");
  nlohmann::json j = ListingToJson(l);
  EXPECT_EQ(j["age_months"], (nlohmann::json{{"min", 36}, {"max", 72}}));
  Result<Listing> back = ListingFromJson(j, "test");
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->age_months, l.age_months);

  // A number the profile's field already gave (split into groups) is not repeated.
  Listing m;
  m.ccc = {"2021", "0116", "0112", "3456"};
  m.description = "本品已通过3C认证，证书编号2021 0116 0112 3456";
  NormalizeListing(&m);
  EXPECT_EQ(m.ccc.size(), 4u);
  Listing open;
  open.age_range = "3岁以上";
  NormalizeListing(&open);
  EXPECT_EQ(ListingToJson(open)["age_months"], (nlohmann::json{{"min", 36}}));
}

}  // namespace
}  // namespace shouhu::parsers

namespace shouhu::parsers {
namespace {

// Many CCC words and many numbers in one description: near-word lookup is by
// binary search, not words x numbers.
TEST(Ccc, ManyWordsAndNumbersStayLinearLog) {
  std::string text;
  for (int i = 0; i < 100000; ++i) text += "认证 202101160112345" + std::to_string(i % 10) + " ";
  auto start = std::chrono::steady_clock::now();
  std::vector<std::string> found = FindCccNumbers(text);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  EXPECT_EQ(found.size(), 100000u);
}

}  // namespace
}  // namespace shouhu::parsers
