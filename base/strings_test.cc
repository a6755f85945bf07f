#include "base/strings.h"

#include <gtest/gtest.h>

namespace shouhu {
namespace {

TEST(Strings, TrimAsciiDropsAsciiWhiteSpaceOnly) {
  EXPECT_EQ(TrimAscii(" \t\r\n x y \f\v"), "x y");
  EXPECT_EQ(TrimAscii(""), "");
  EXPECT_EQ(TrimAscii("   "), "");
  // U+3000 (ideographic space) is text, not ASCII white space: the normaliser's job.
  EXPECT_EQ(TrimAscii("\u3000x"), "\u3000x");
  EXPECT_EQ(TrimSpaceTab(" \tx\r\n"), "x\r\n");
}

TEST(Strings, CaseIsAsciiOnly) {
  EXPECT_EQ(AsciiLower("Content-TYPE 儿童"), "content-type 儿童");
  EXPECT_EQ(AsciiUpper("91350100m0001xu43t"), "91350100M0001XU43T");
  EXPECT_TRUE(IEquals("Retry-After", "retry-after"));
  EXPECT_FALSE(IEquals("Retry-After", "Retry-Afte"));
  EXPECT_TRUE(StartsWithNoCase("RETRY-AFTER: 5", "retry-after:"));
  EXPECT_FALSE(StartsWithNoCase("Ret", "retry-after:"));
}

TEST(Strings, HtmlEscapeCoversTextAndAttributes) {
  EXPECT_EQ(HtmlEscape("<a href=\"x\">&'"), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
  EXPECT_EQ(HtmlEscape("水晶泥"), "水晶泥");
}

TEST(Strings, PercentEscapesAreUpperCaseHex) {
  std::string out;
  AppendPercentEscaped(out, 0xE5);
  AppendPercentEscaped(out, ' ');
  EXPECT_EQ(out, "%E5%20");
  EXPECT_EQ(HexValue('b'), 11);
  EXPECT_EQ(HexValue('F'), 15);
  EXPECT_EQ(HexValue('g'), -1);
  EXPECT_TRUE(IsHexDigit('9'));
}

}  // namespace
}  // namespace shouhu
