// Classifier on the shipped config/groups/groups.toml: what a listing is (its
// product group), whether it is a children's product at all, and the load
// errors of a broken groups file (doc/rules.md "Product groups").
#include "rules/classifier.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <optional>

#include "rules/normalizer.h"
#include "rules/rules_test_util.h"

namespace shouhu::rules {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

const Normalizer& Norm() { return testing_util::TestNormalizer(); }

const Classifier& Shipped() {
  static const Classifier c = [] {
    auto doc = config::LoadTomlFile(std::string(SHOUHU_SOURCE_DIR) + "/config/groups/groups.toml");
    EXPECT_TRUE(doc.ok()) << doc.status().ToString();
    auto r = Classifier::Load(doc.value(), Norm());
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return std::move(r).value();
  }();
  return c;
}

// A listing as the rule engine hands it over: the title split into its main
// part and its parenthesised asides, each folded, and as written; the category
// path's leaf folded, the levels above it as asides; type folded.
Classification Classify(std::string_view title, std::string_view category = "",
                        std::optional<double> age_lower = std::nullopt,
                        std::string_view type = "") {
  ClassifierInput in;
  auto [main_part, aside_part] = Classifier::SplitAsides(title);
  in.fields.emplace_back("title", Norm().Fold(main_part));
  if (!aside_part.empty()) in.asides.emplace_back("title", Norm().Fold(aside_part));
  in.raw_title = std::string(title);
  if (const size_t leaf = category.rfind(" > "); leaf != std::string_view::npos) {
    in.fields.emplace_back("category", Norm().Fold(category.substr(leaf + 3)));
    in.asides.emplace_back("category", Norm().Fold(category.substr(0, leaf)));
  } else if (!category.empty()) {
    in.fields.emplace_back("category", Norm().Fold(category));
  }
  if (!type.empty()) in.fields.emplace_back("type", Norm().Fold(type));
  in.age_lower = age_lower;
  return Shipped().Classify(in);
}

const GroupMatch* MatchOf(const Classification& c, std::string_view group) {
  for (const GroupMatch& m : c.matches) {
    if (m.group == group) return &m;
  }
  return nullptr;
}

bool HasEvidence(const Classification& c, std::string_view e) {
  return std::find(c.evidence.begin(), c.evidence.end(), e) != c.evidence.end();
}

// ---------------------------------------------------------------- groups

// Children's vehicles are a group of their own, not toys, and need no
// children's word to be in scope (the group implies children).
TEST(Classifier, BicycleStrollerAndWalkerAreVehiclesNotToys) {
  const Classification bike =
      Classify("童骑儿童自行车 14寸 带辅助轮 男女童单车", "童车童床 > 儿童自行车");
  EXPECT_THAT(bike.groups, ElementsAre("vehicle"));
  EXPECT_TRUE(bike.in_scope);

  const Classification stroller =
      Classify("贝安婴儿推车 轻便折叠 可坐可躺 0-3岁", "童车童床 > 婴儿推车");
  EXPECT_THAT(stroller.groups, ElementsAre("vehicle"));
  EXPECT_TRUE(stroller.in_scope);

  const Classification walker = Classify(
      "婴儿学步车防O型腿多功能防侧翻可折叠宝宝学步车 6-18个月 可推可坐", "童车童床 > 学步车");
  EXPECT_THAT(walker.groups, ElementsAre("vehicle"));
  EXPECT_TRUE(walker.in_scope);
}

// A bicycle in the platform's combined toy category (玩具/童车/益智/积木/模型)
// still goes to vehicle: its own words outweigh the category's toy words.
TEST(Classifier, BicycleInTheCombinedToyCategoryIsStillAVehicle) {
  const Classification c =
      Classify("儿童自行车 男女孩单车 3-6岁", "玩具/童车/益智/积木/模型 > 儿童自行车");
  EXPECT_THAT(c.groups, ElementsAre("vehicle"));
  const GroupMatch* toy = MatchOf(c, "toy");
  ASSERT_NE(toy, nullptr);  // the toy words did score, and lost
  EXPECT_LT(toy->score, c.matches.front().score);
}

// A baby walker in that combined category is a vehicle too.
TEST(Classifier, WalkerInTheCombinedToyCategoryIsAVehicle) {
  const Classification c = Classify("婴儿学步车防O型腿多功能防侧翻可折叠宝宝学步车 6-18个月",
                                    "玩具/童车/益智/积木/模型 > 学步车");
  EXPECT_THAT(c.groups, ElementsAre("vehicle"));
}

// An electric ride-on car is a toy (GB 6675, GB 19865): 电动 rules vehicle out.
TEST(Classifier, ElectricRideOnCarIsAToy) {
  const Classification c = Classify("儿童电动童车 四轮可坐人 遥控 3-6岁", "玩具 > 电动童车");
  EXPECT_THAT(c.groups, ElementsAre("toy"));
  EXPECT_TRUE(c.in_scope);
  const GroupMatch* vehicle = MatchOf(c, "vehicle");
  ASSERT_NE(vehicle, nullptr);
  EXPECT_EQ(vehicle->excluded_by, "title:电动");
}

// A reading lamp whose title names the desk it stands on is a lamp; furniture
// scored on 书桌/学习桌 but is ruled out by 台灯.
TEST(Classifier, ReadingLampNamingTheDeskIsALampOnly) {
  const Classification c =
      Classify("LED护眼台灯 学习桌书桌用 儿童读写灯 充电款", "灯具/照明 > 台灯");
  EXPECT_THAT(c.groups, ElementsAre("lamp"));
  EXPECT_TRUE(c.in_scope);
  const GroupMatch* furniture = MatchOf(c, "furniture");
  ASSERT_NE(furniture, nullptr);
  EXPECT_EQ(furniture->excluded_by, "title:台灯");
  EXPECT_THAT(furniture->words, UnorderedElementsAre("title:学习桌", "title:书桌"));
  // Ruled-out groups come after the chosen one.
  EXPECT_EQ(c.matches.front().group, "lamp");
  EXPECT_TRUE(c.matches.front().excluded_by.empty());
}

TEST(Classifier, DeskAndChairSetIsFurniture) {
  const Classification c =
      Classify("学优儿童学习桌椅套装 可升降 写字桌 3岁+", "儿童家具 > 学习桌椅");
  EXPECT_THAT(c.groups, ElementsAre("furniture"));
  EXPECT_TRUE(c.in_scope);
}

// ---------------------------------------------------------------- out of scope

TEST(Classifier, PetToysAreOutOfScope) {
  const Classification dog = Classify("狗狗玩具 耐咬磨牙 发声球", "宠物 > 狗玩具");
  EXPECT_EQ(dog.out_of_scope, "pet");
  EXPECT_FALSE(dog.in_scope);
  EXPECT_THAT(dog.groups, IsEmpty());
  EXPECT_TRUE(HasEvidence(dog, "out_of_scope:pet:狗狗")) << ::testing::PrintToString(dog.evidence);

  const Classification cat = Classify("猫咪逗猫棒 羽毛铃铛 自嗨解闷");
  EXPECT_EQ(cat.out_of_scope, "pet");
  EXPECT_FALSE(cat.in_scope);
  EXPECT_THAT(cat.groups, IsEmpty());
}

// 电子宠物 is an `unless` word of the pet class: a children's toy stays in.
TEST(Classifier, ElectronicPetToyIsNotPetGoods) {
  const Classification c = Classify("儿童电子宠物玩具 养成机", "玩具 > 电子玩具");
  EXPECT_EQ(c.out_of_scope, "");
  EXPECT_THAT(c.groups, ElementsAre("toy"));
  EXPECT_TRUE(c.in_scope);
}

// 花瓶 is décor, unless the title says 玩具 (water beads sold with a vase).
TEST(Classifier, CrystalVaseIsDecorButAWaterBeadToyWithAVaseStaysIn) {
  const Classification vase = Classify("欧式水晶花瓶 客厅摆件 插花");
  EXPECT_EQ(vase.out_of_scope, "decor");
  EXPECT_FALSE(vase.in_scope);
  EXPECT_TRUE(HasEvidence(vase, "out_of_scope:decor:水晶花瓶"))
      << ::testing::PrintToString(vase.evidence);

  const Classification beads = Classify("儿童吸水珠玩具 海洋宝宝 花瓶装饰 彩色", "玩具 > 益智玩具");
  EXPECT_EQ(beads.out_of_scope, "");
  EXPECT_THAT(beads.groups, ElementsAre("toy"));
  EXPECT_TRUE(beads.in_scope);
}

// ---------------------------------------------------------------- certification marks

// CCC stickers sold on their own: the exclusive group alone, in scope without
// a children's cue, and not covered by rules for "any" group.
TEST(Classifier, CccStickersSoldAloneAreOnlyTheMarkGroup) {
  const Classification c = Classify("3C认证标志贴纸 CCC标签");
  EXPECT_THAT(c.groups, ElementsAre("ccc_mark"));
  EXPECT_TRUE(c.in_scope);
  EXPECT_FALSE(Shipped().CoveredByAny("ccc_mark"));
  EXPECT_TRUE(Shipped().CoveredByAny("toy"));
  EXPECT_FALSE(Shipped().CoveredByAny("no_such_group"));
}

// Stickers offered in an aside of a toy's title: the toy comes first, the mark
// group is kept beside it.
TEST(Classifier, ToyOfferingCccStickersInAnAsideIsToyThenMark) {
  const Classification c =
      Classify("儿童积木拼装玩具 益智男孩（店内另售3C认证标志贴纸 CCC标签）", "玩具 > 积木");
  EXPECT_THAT(c.groups, ElementsAre("toy", "ccc_mark"));
  EXPECT_TRUE(c.in_scope);
  // Aside words count half: the mark group's words were all in the aside.
  const GroupMatch* mark = MatchOf(c, "ccc_mark");
  ASSERT_NE(mark, nullptr);
  EXPECT_LT(mark->score, MatchOf(c, "toy")->score);
}

TEST(Classifier, SplitAsidesSeparatesParenthesisedParts) {
  const auto [main_part, aside] =
      Classifier::SplitAsides("儿童积木（店内另售3C标签）玩具(送收纳袋)");
  EXPECT_EQ(main_part, "儿童积木玩具");
  EXPECT_THAT(aside, HasSubstr("店内另售3C标签"));
  EXPECT_THAT(aside, HasSubstr("送收纳袋"));
  EXPECT_EQ(main_part.find("（"), std::string::npos);
  EXPECT_EQ(main_part.find(")"), std::string::npos);

  const auto [plain, none] = Classifier::SplitAsides("儿童积木玩具");
  EXPECT_EQ(plain, "儿童积木玩具");
  EXPECT_EQ(none, "");
}

// ---------------------------------------------------------------- bundles

// A desk sold with a lamp is a genuine bundle: both groups.
TEST(Classifier, DeskPlusLampBundleKeepsTwoGroups) {
  const Classification c = Classify("儿童书桌+护眼台灯");
  EXPECT_THAT(c.groups, UnorderedElementsAre("lamp", "furniture"));
}

// The same bundle with a bundle word that survives folding (搭配).
TEST(Classifier, DeskWithLampBundleWordKeepsTwoGroups) {
  const Classification c = Classify("儿童书桌搭配护眼台灯");
  EXPECT_THAT(c.groups, UnorderedElementsAre("lamp", "furniture"));
}

// "+" is a bundle word of groups.toml.
TEST(Classifier, PlusIsABundleWord) {
  const Classification c = Classify("小学生文具套装+益智拼图玩具 铅笔 橡皮");
  EXPECT_THAT(c.groups, ElementsAre("stationery", "toy"));
}

// A second group that scores enough is kept only with a bundle word in the
// title: 套装 is not one, 搭配 is.
TEST(Classifier, SetWithoutBundleWordKeepsOneGroup) {
  const Classification set = Classify("小学生文具套装 铅笔 橡皮 益智拼图玩具");
  EXPECT_THAT(set.groups, ElementsAre("stationery"));
  const GroupMatch* toy = MatchOf(set, "toy");
  ASSERT_NE(toy, nullptr);
  EXPECT_GE(toy->score * 2, set.matches.front().score);  // it would pass bundle_ratio 0.5

  const Classification bundle = Classify("小学生文具套装搭配益智拼图玩具 铅笔 橡皮");
  EXPECT_THAT(bundle.groups, ElementsAre("stationery", "toy"));
}

// Below bundle_ratio of the best score a second group is dropped, bundle word or not.
TEST(Classifier, BundleSecondGroupNeedsHalfTheBestScore) {
  const Classification c = Classify("小学生文具套装搭配拼图 铅笔 橡皮 笔袋");
  EXPECT_THAT(c.groups, ElementsAre("stationery"));
  const GroupMatch* toy = MatchOf(c, "toy");
  ASSERT_NE(toy, nullptr);
  EXPECT_LT(toy->score * 2, c.matches.front().score);
}

// ---------------------------------------------------------------- scope

// An age range starting at 14 is an adult cue unless a children's word is present.
TEST(Classifier, AgeFromFourteenIsAdultUnlessAChildrensWordIsPresent) {
  const Classification adult = Classify("1000片木质拼图 风景油画 高难度", "玩具 > 拼图", 14);
  EXPECT_THAT(adult.groups, ElementsAre("toy"));
  EXPECT_FALSE(adult.in_scope);
  EXPECT_TRUE(HasEvidence(adult, "adult:适用年龄≥14")) << ::testing::PrintToString(adult.evidence);

  const Classification child = Classify("儿童拼图 1000片 益智", "玩具 > 拼图", 14);
  EXPECT_THAT(child.groups, ElementsAre("toy"));
  EXPECT_TRUE(child.in_scope);
  EXPECT_TRUE(HasEvidence(child, "scope:儿童")) << ::testing::PrintToString(child.evidence);

  // The same adult jigsaw with a younger age range is a children's product.
  EXPECT_TRUE(Classify("1000片木质拼图 风景油画 高难度", "玩具 > 拼图", 6).in_scope);
}

// 童话 contains 童 but is no children's cue; 18+ is an adult one.
TEST(Classifier, DarkFairyTaleCollectibleIsOutOfScope) {
  const Classification c = Classify("暗黑童话 潮玩手办 18+", "潮玩 > 手办");
  EXPECT_THAT(c.groups, ElementsAre("toy"));
  EXPECT_FALSE(c.in_scope);
  EXPECT_TRUE(HasEvidence(c, "adult:18+")) << ::testing::PrintToString(c.evidence);
  for (const auto& e : c.evidence) EXPECT_EQ(e.rfind("scope:", 0), std::string::npos) << e;
}

// A lamp's scope words (护眼) are a weak cue: 办公 beats them, 学生 does not lose.
TEST(Classifier, OfficeLampIsOutButStudentLampIsIn) {
  const Classification office = Classify("办公台灯 护眼");
  EXPECT_THAT(office.groups, ElementsAre("lamp"));
  EXPECT_FALSE(office.in_scope);
  EXPECT_TRUE(HasEvidence(office, "adult:办公")) << ::testing::PrintToString(office.evidence);

  const Classification student = Classify("学生护眼台灯");
  EXPECT_THAT(student.groups, ElementsAre("lamp"));
  EXPECT_TRUE(student.in_scope);

  // With no adult word the scope word alone puts a lamp in scope.
  const Classification plain = Classify("护眼台灯 LED 充电款");
  EXPECT_TRUE(plain.in_scope);
  EXPECT_TRUE(HasEvidence(plain, "scope:护眼")) << ::testing::PrintToString(plain.evidence);
}

// A group that does not imply children needs a children's cue.
TEST(Classifier, ClothingWithoutChildrensCueIsOutOfScope) {
  EXPECT_FALSE(Classify("纯棉圆领t恤 短袖").in_scope);
  EXPECT_TRUE(Classify("儿童纯棉圆领t恤 短袖").in_scope);
}

// ---------------------------------------------------------------- evidence

// Each word adds its field's weight (category 3, title 2, type 1); matches and
// evidence name the words with their field.
TEST(Classifier, EvidenceAndMatchesCarryScoreAndFieldWords) {
  const Classification c = Classify("儿童积木", "玩具", std::nullopt, "塑料积木");
  ASSERT_THAT(c.groups, ElementsAre("toy"));
  ASSERT_FALSE(c.matches.empty());
  const GroupMatch& toy = c.matches.front();
  EXPECT_EQ(toy.group, "toy");
  EXPECT_EQ(toy.score, 3 + 2 + 1);
  EXPECT_THAT(toy.words, UnorderedElementsAre("category:玩具", "title:积木", "type:积木"));
  EXPECT_TRUE(toy.excluded_by.empty());
  EXPECT_TRUE(HasEvidence(c, "title:积木"));
  EXPECT_TRUE(HasEvidence(c, "category:玩具"));
  EXPECT_TRUE(HasEvidence(c, "scope:儿童"));
}

// A group's weight multiplies its score (ccc_mark has weight 2).
TEST(Classifier, GroupWeightMultipliesScore) {
  const Classification c = Classify("ccc标签");
  ASSERT_FALSE(c.matches.empty());
  EXPECT_EQ(c.matches.front().group, "ccc_mark");
  EXPECT_EQ(c.matches.front().score, 2 * 2);
}

// On a tie the longer word wins over file order: 镭射笔 (novelty goods) over
// 笔 (stationery, earlier in the file).
TEST(Classifier, TiePrefersTheLongerWord) {
  const Classification c = Classify("镭射笔 充电款");
  EXPECT_THAT(c.groups, ElementsAre("novelty_goods"));
  const GroupMatch* stationery = MatchOf(c, "stationery");
  ASSERT_NE(stationery, nullptr);
  EXPECT_EQ(stationery->score, c.matches.front().score);  // it was a tie
}

// ClassifyText reads a bare product text as a title.
TEST(Classifier, ClassifyTextReadsATitle) {
  const Classification c = Shipped().ClassifyText(Norm().Fold("儿童自行车"));
  EXPECT_THAT(c.groups, ElementsAre("vehicle"));
  ASSERT_FALSE(c.matches.empty());
  EXPECT_THAT(c.matches.front().words, ::testing::Contains("title:自行车"));
}

TEST(Classifier, ShippedGroupsAndFields) {
  for (const char* g :
       {"ccc_mark", "vehicle", "toy", "lamp", "furniture", "stationery", "novelty_goods"})
    EXPECT_TRUE(Shipped().HasGroup(g)) << g;
  EXPECT_FALSE(Shipped().HasGroup("any"));
  const std::vector<std::string> fields = Shipped().fields();
  for (const char* f : {"title", "category", "age", "safety_class", "type"})
    EXPECT_NE(std::find(fields.begin(), fields.end(), f), fields.end()) << f;
}

// ---------------------------------------------------------------- load errors

// A scratch file and its load error.
struct GroupsFile : testing_util::ScratchToml {
  using ScratchToml::ScratchToml;
  std::string LoadError() const {
    return ScratchToml::LoadError(
        [](const config::Node& n) { return Classifier::Load(n, Norm()); });
  }
};

// Line 1..9; the [[group]] starts on line 6.
constexpr const char* kClassify =
    "[classify]\n"
    "weights = { title = 2 }\n";
constexpr const char* kScope =
    "[scope]\n"
    "fields = [\"title\"]\n"
    "children = [\"儿童\"]\n";
constexpr const char* kGroup =
    "[[group]]\n"
    "id = \"toy\"\n"
    "words = [\"玩具\"]\n";

TEST(ClassifierLoad, MinimalFileLoads) {
  GroupsFile f(std::string(kClassify) + kScope + kGroup);
  EXPECT_EQ(f.LoadError(), "<loaded>");
}

TEST(ClassifierLoad, UnknownKeyInGroupNamesFileLineAndKey) {
  GroupsFile f(std::string(kClassify) + kScope + kGroup + "wrods = [\"积木\"]\n");
  const std::string err = f.LoadError();
  EXPECT_THAT(err, HasSubstr(f.path() + ":9"));
  EXPECT_THAT(err, HasSubstr("group[0].wrods"));
  EXPECT_THAT(err, HasSubstr("unknown key"));
}

TEST(ClassifierLoad, EmptyWordNamesFileLineAndKey) {
  GroupsFile f(std::string(kClassify) + kScope +
               "[[group]]\n"
               "id = \"toy\"\n"
               "words = [\"玩具\", \"\"]\n");
  const std::string err = f.LoadError();
  EXPECT_THAT(err, HasSubstr(f.path() + ":8"));
  EXPECT_THAT(err, HasSubstr("group[0].words"));
  EXPECT_THAT(err, HasSubstr("empty word"));
}

TEST(ClassifierLoad, ZeroWeightNamesFileLineAndKey) {
  GroupsFile f(std::string(kClassify) + kScope + kGroup + "weight = 0\n");
  const std::string err = f.LoadError();
  EXPECT_THAT(err, HasSubstr(f.path() + ":9"));
  EXPECT_THAT(err, HasSubstr("group[0].weight"));
  EXPECT_THAT(err, HasSubstr("weight must be positive"));
}

TEST(ClassifierLoad, BundleRatioAboveOneNamesFileLineAndKey) {
  GroupsFile f(std::string(kClassify) + "bundle_ratio = 2\n" + kScope + kGroup);
  const std::string err = f.LoadError();
  EXPECT_THAT(err, HasSubstr(f.path() + ":3"));
  EXPECT_THAT(err, HasSubstr("classify.bundle_ratio"));
  EXPECT_THAT(err, HasSubstr("bundle_ratio must be in (0, 1]"));
}

}  // namespace
}  // namespace shouhu::rules
