#include "rules/formats.h"

#include <gtest/gtest.h>

#include <limits>
#include <string>

namespace shouhu::rules {
namespace {

TEST(CccNumber, SixteenDigitsWithPlausibleYearIsValid) {
  EXPECT_TRUE(IsValidCccNumber("2021012202345678", 2026));
  EXPECT_TRUE(IsValidCccNumber("CCC: 2019 0111 0612 3456", 2026));
  EXPECT_TRUE(IsValidCccNumber("2016-0122-0200-0001", 2026));
  EXPECT_TRUE(IsValidCccNumber("200801220123", 2026));  // older 12-digit form
}

TEST(CccNumber, WrongLengthOrImpossibleYearIsInvalid) {
  EXPECT_FALSE(IsValidCccNumber("202101220234567", 2026));    // 15 digits
  EXPECT_FALSE(IsValidCccNumber("20210122023456789", 2026));  // 17 digits
  EXPECT_FALSE(IsValidCccNumber("1987012202345678", 2026));   // before CCC existed
  EXPECT_FALSE(IsValidCccNumber("2035012202345678", 2026));   // in the future
  EXPECT_FALSE(IsValidCccNumber("2027012202345678", 2026));
  EXPECT_FALSE(IsValidCccNumber("已认证", 2026));  // no number at all
}

TEST(StandardCode, Shapes) {
  EXPECT_TRUE(HasStandardCode("GB 6675.1-2014"));
  EXPECT_TRUE(HasStandardCode("gb/t 38880-2020"));
  EXPECT_TRUE(HasStandardCode("QB/T 2880-2016"));
  EXPECT_TRUE(HasStandardCode("GB31701—2015 B类"));
  EXPECT_TRUE(HasStandardCode("GB 6675.1~4-2014"));  // parts 1 to 4
  EXPECT_FALSE(HasStandardCode("国标"));
  EXPECT_FALSE(HasStandardCode("详见包装"));
  EXPECT_FALSE(HasStandardCode("GB 6675"));
}

void ExpectAge(std::string_view text, double lower, double upper) {
  auto r = ParseAgeRange(text);
  ASSERT_TRUE(r.has_value()) << text;
  EXPECT_DOUBLE_EQ(r->lower, lower) << text;
  EXPECT_DOUBLE_EQ(r->upper, upper) << text;
}

TEST(AgeRange, CommonForms) {
  const double inf = std::numeric_limits<double>::infinity();
  ExpectAge("3-6岁", 3, 6);
  ExpectAge("3~6岁", 3, 6);
  ExpectAge("0-36个月", 0, 3);
  ExpectAge("6-12个月", 0.5, 1);
  ExpectAge("3岁以上", 3, inf);
  ExpectAge("3岁及以上", 3, inf);
  ExpectAge("12个月以上", 1, inf);
  ExpectAge("14周岁以下", 0, 14);
  ExpectAge("适合14周岁以下(含14周岁)的学生使用", 0, 14);
  ExpectAge("8岁+", 8, inf);
  EXPECT_FALSE(ParseAgeRange("均码").has_value());
}

TEST(AgeRange, HostileDigitRunsStayBounded) {
  const std::string many(5000, '9');
  auto r = ParseAgeRange(many + "岁");
  ASSERT_TRUE(r.has_value());
  EXPECT_LE(r->upper, 9999);
  auto m = ParseMeasure(many);
  ASSERT_TRUE(m.has_value());
}

TEST(Measure, MinAndMax) {
  auto r = ParseMeasure("100/110/120cm");
  ASSERT_TRUE(r.has_value());
  EXPECT_DOUBLE_EQ(r->lower, 100);
  EXPECT_DOUBLE_EQ(r->upper, 120);
  EXPECT_FALSE(ParseMeasure("S/M/L").has_value());
}

}  // namespace
}  // namespace shouhu::rules
