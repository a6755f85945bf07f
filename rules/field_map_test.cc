// "名称：值" labels read from descriptions, and field values read from a Listing
// with the shipped vocabulary (config/rules/vocabulary.toml; doc/rules.md
// "Fields").
#include "rules/field_map.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "model/listing.h"

namespace shouhu::rules {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Pair;

// ---------------------------------------------------------------- description labels

// Full-width colons; a value runs to ；, and to the comma before the next label.
TEST(DescriptionLabels, FullWidthColonLabels) {
  EXPECT_THAT(FieldMap::DescriptionLabels(
                  "执行标准：GB 6675.1-2014；生产厂家：汕头市某某玩具厂，地址：广东省汕头市"),
              ElementsAre(Pair("执行标准", "GB 6675.1-2014"), Pair("生产厂家", "汕头市某某玩具厂"),
                          Pair("地址", "广东省汕头市")));
}

// 【名称】值: the bracket closes the name; a value stops at a newline and at
// the next opening bracket.
TEST(DescriptionLabels, BracketLabels) {
  EXPECT_THAT(FieldMap::DescriptionLabels(
                  "【3C证书编号】2023012202150917\n【生产企业】甲公司 【地址】乙地"),
              ElementsAre(Pair("3C证书编号", "2023012202150917"), Pair("生产企业", "甲公司"),
                          Pair("地址", "乙地")));
}

TEST(DescriptionLabels, AsciiColon) {
  EXPECT_THAT(FieldMap::DescriptionLabels("品牌:乐高\n适用年龄: 3岁以上"),
              ElementsAre(Pair("品牌", "乐高"), Pair("适用年龄", "3岁以上")));
}

// A value ends at 。 ; | and a newline; the next name starts after them.
TEST(DescriptionLabels, ValueStopsAtSentenceAndListSeparators) {
  EXPECT_THAT(
      FieldMap::DescriptionLabels("材质：ABS塑料。颜色:红色;尺寸:大号|重量：500g\n产地：汕头"),
      ElementsAre(Pair("材质", "ABS塑料"), Pair("颜色", "红色"), Pair("尺寸", "大号"),
                  Pair("重量", "500g"), Pair("产地", "汕头")));
}

// A colon with no name before it (at the start, or right after a stop) is no label.
TEST(DescriptionLabels, ColonWithoutNameIsNoLabel) {
  EXPECT_THAT(FieldMap::DescriptionLabels("：没有名称的值"), IsEmpty());
  EXPECT_THAT(FieldMap::DescriptionLabels("适合三岁以上。：没有名称"), IsEmpty());
  EXPECT_THAT(FieldMap::DescriptionLabels("材质：\n"), IsEmpty());  // nor with no value
}

TEST(DescriptionLabels, ProseWithoutColonsGivesNothing) {
  std::string text;
  for (int i = 0; i < 20; ++i)
    text += "这款积木采用环保材料制作，边角圆润不伤手，适合三岁以上的儿童在家长陪同下玩耍。";
  EXPECT_THAT(FieldMap::DescriptionLabels(text), IsEmpty());
  EXPECT_THAT(FieldMap::DescriptionLabels(""), IsEmpty());
}

// ---------------------------------------------------------------- values

const FieldMap& Shipped() {
  static const FieldMap m = [] {
    auto doc =
        config::LoadTomlFile(std::string(SHOUHU_SOURCE_DIR) + "/config/rules/vocabulary.toml");
    EXPECT_TRUE(doc.ok()) << doc.status().ToString();
    auto r = FieldMap::Load(doc.value());
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return std::move(r).value();
  }();
  return m;
}

TEST(FieldMapValues, ShippedVocabularyHasTheFieldsRulesUse) {
  for (const char* f : {"title", "category", "standards", "producer", "producer_address", "ccc"})
    EXPECT_TRUE(Shipped().Has(f)) << f;
  EXPECT_FALSE(Shipped().Has("no_such_field"));
}

// Producer and standards named only in description labels.
TEST(FieldMapValues, ProducerAndStandardsFromDescriptionLabels) {
  Listing l;
  l.description = "执行标准：GB 6675.1-2014；生产厂家：汕头市某某玩具厂，地址：广东省汕头市";
  EXPECT_THAT(Shipped().Values(l, "producer"), ElementsAre("汕头市某某玩具厂"));
  EXPECT_THAT(Shipped().Values(l, "producer_address"), ElementsAre("广东省汕头市"));
  // The description pattern and the label find the same code: kept once.
  EXPECT_THAT(Shipped().Values(l, "standards"), ElementsAre("GB 6675.1-2014"));
}

// Listing members first, then parameter rows, then the description; duplicates dropped.
TEST(FieldMapValues, MembersThenRowsThenDescription) {
  Listing l;
  l.manufacturer.name = "甲玩具厂";
  l.attributes = {{"生产企业", "乙玩具厂"}, {"生产厂家：", "甲玩具厂"}};
  l.description = "生产厂家：丙玩具厂";
  EXPECT_THAT(Shipped().Values(l, "producer"), ElementsAre("甲玩具厂", "乙玩具厂", "丙玩具厂"));
}

// A code declared in prose, found by the field's description_pattern.
TEST(FieldMapValues, StandardFromDescriptionProse) {
  Listing l;
  l.description = "本品严格按照国家要求生产，产品执行GB/T 38880-2020，适合3-12岁儿童佩戴。";
  EXPECT_THAT(FieldMap::DescriptionLabels(*l.description), IsEmpty());
  EXPECT_THAT(Shipped().Values(l, "standards"), ElementsAre("GB/T 38880-2020"));
}

// "3C认证: 有" names the certificate field but carries no number: not a ccc value.
TEST(FieldMapValues, CccValueNeedsDigits) {
  Listing row;
  row.attributes = {{"3C认证", "有"}};
  EXPECT_THAT(Shipped().Values(row, "ccc"), IsEmpty());

  Listing label;
  label.description = "3C认证: 有";
  EXPECT_THAT(Shipped().Values(label, "ccc"), IsEmpty());

  Listing number;
  number.attributes = {{"3C认证", "2023012202150917"}};
  EXPECT_THAT(Shipped().Values(number, "ccc"), ElementsAre("2023012202150917"));
}

}  // namespace
}  // namespace shouhu::rules
