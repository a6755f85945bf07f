#include "parsers/charset.h"

#include <gtest/gtest.h>

#include <string>

namespace shouhu::parsers {
namespace {

// "儿童玩具" in GBK and in UTF-8.
const std::string kGbk = "\xB6\xF9\xCD\xAF\xCD\xE6\xBE\xDF";
const std::string kUtf8 = "儿童玩具";

DecodedText Decode(const std::string& body, const std::string& ct = "",
                   const std::string& def = "") {
  return DecodeToUtf8(body, ct, def);
}

TEST(Charset, GbkWithoutAnyDeclarationFallsBackToGb18030) {
  DecodedText d = Decode("<html><body>" + kGbk + "</body></html>");
  EXPECT_EQ(d.charset, "GB18030");
  EXPECT_EQ(d.text, "<html><body>" + kUtf8 + "</body></html>");
  EXPECT_EQ(d.replaced, 0u);
}

TEST(Charset, GbkHeaderIsDecodedAsGb18030) {
  DecodedText d = Decode("<p>" + kGbk + "</p>", "text/html; charset=GBK");
  EXPECT_EQ(d.charset, "GB18030");
  EXPECT_EQ(d.source, "header");
  EXPECT_EQ(d.text, "<p>" + kUtf8 + "</p>");
}

TEST(Charset, WrongGbkHeaderOverValidUtf8BytesGivesUtf8) {
  DecodedText d = Decode("<meta charset=\"gbk\"><p>" + kUtf8 + "</p>", "text/html; charset=gbk");
  EXPECT_EQ(d.charset, "UTF-8");
  EXPECT_EQ(d.text, "<meta charset=\"gbk\"><p>" + kUtf8 + "</p>");
}

TEST(Charset, MetaPrescanInFirst1024Bytes) {
  DecodedText d = Decode(
      "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\">"
      "</head><body>" +
          kGbk + "</body></html>",
      "", "windows-1252");
  EXPECT_EQ(d.charset, "GB18030");
  EXPECT_EQ(d.source, "meta");
}

TEST(Charset, LateMetaAfterScriptCharsetIsFound) {
  // The first charset= is on a <script> (ignored); the real <meta> sits far beyond 1024 bytes.
  std::string body = "<html><head><script charset=\"utf-8\" src=\"/a.js\"></script>" +
                     std::string(4000, ' ') + "<meta charset=\"gbk\"></head><body>" + kGbk +
                     "</body></html>";
  DecodedText d = Decode(body, "", "windows-1252");
  EXPECT_EQ(d.charset, "GB18030");
  EXPECT_EQ(d.source, "late-meta");
  EXPECT_NE(d.text.find(kUtf8), std::string::npos);
}

TEST(Charset, ScriptCharsetInPrescanIsIgnored) {
  DecodedText d = Decode("<script charset=\"utf-8\"></script><p>" + kGbk + "</p>");
  EXPECT_EQ(d.charset, "GB18030");
}

TEST(Charset, MixedDeclarationsUtf8HeaderGbkMetaGbkBytes) {
  DecodedText d = Decode("<meta charset=\"gbk\"><p>" + kGbk + "</p>", "text/html; charset=utf-8");
  EXPECT_EQ(d.charset, "GB18030");
  EXPECT_EQ(d.text, "<meta charset=\"gbk\"><p>" + kUtf8 + "</p>");
}

TEST(Charset, MixedDeclarationsGbkHeaderUtf8MetaGbkBytes) {
  DecodedText d =
      Decode("<meta charset=\"utf-8\"><p>" + kGbk + "</p>", "text/html;charset=\"GBK\"");
  EXPECT_EQ(d.charset, "GB18030");
  EXPECT_EQ(d.source, "header");
  EXPECT_EQ(d.replaced, 0u);
}

TEST(Charset, Utf8BomIsStripped) {
  DecodedText d = Decode("\xEF\xBB\xBF<p>" + kUtf8 + "</p>");
  EXPECT_EQ(d.charset, "UTF-8");
  EXPECT_EQ(d.text, "<p>" + kUtf8 + "</p>");
}

TEST(Charset, ValidUtf8WithoutDeclaration) {
  DecodedText d = Decode("<p>" + kUtf8 + "</p>", "", "gbk");
  EXPECT_EQ(d.charset, "UTF-8");
  EXPECT_EQ(d.source, "utf8");
}

TEST(Charset, InvalidBytesBecomeReplacementCharacters) {
  DecodedText d = Decode(std::string("abc\xFF\xFE"
                                     "def",
                                     8),
                         "text/html; charset=utf-8");
  EXPECT_EQ(d.text,
            "abc\xEF\xBF\xBD\xEF\xBF\xBD"
            "def");
  EXPECT_GT(d.replaced, 0u);
  DecodedText g = Decode(kGbk + "\xFF" + kGbk, "text/html; charset=gbk");
  EXPECT_EQ(g.text, kUtf8 + "\xEF\xBF\xBD" + kUtf8);
}

TEST(Charset, NulBytesSurvive) {
  std::string body("a\0b", 3);
  DecodedText d = Decode(body, "text/html; charset=gbk");
  EXPECT_EQ(d.text.size(), 3u);
}

TEST(Charset, LabelsAndContentType) {
  EXPECT_EQ(CanonicalCharset("GB2312"), "GB18030");
  EXPECT_EQ(CanonicalCharset(" gbk "), "GB18030");
  EXPECT_EQ(CanonicalCharset("utf8"), "UTF-8");
  EXPECT_EQ(CanonicalCharset("no-such-charset-x"), "");
  EXPECT_EQ(CharsetFromContentType("text/html; Charset=\"GBK\""), "GBK");
  EXPECT_EQ(CharsetFromContentType("text/html"), "");
  EXPECT_TRUE(IsValidUtf8(kUtf8));
  EXPECT_FALSE(IsValidUtf8(kGbk));
}

}  // namespace
}  // namespace shouhu::parsers

namespace shouhu::parsers {
namespace {

TEST(Charset, WrongUtf8HeaderOverGbkBytesWithoutMetaFallsBackToGb18030) {
  DecodedText d =
      DecodeToUtf8("<html><body><p>" + kGbk + "</p></body></html>", "text/html; charset=utf-8", "");
  EXPECT_EQ(d.charset, "GB18030");
  EXPECT_EQ(d.text, "<html><body><p>" + kUtf8 + "</p></body></html>");
  EXPECT_EQ(d.replaced, 0u);
}

// IsValidUtf8 skips ASCII eight bytes at a time: invalid bytes and sequences that
// straddle an eight-byte boundary must still be seen.
TEST(Charset, Utf8ValidityAcrossEightByteBoundaries) {
  for (size_t pos = 0; pos < 20; ++pos) {
    std::string s(24, 'a');
    s[pos] = '\xFF';
    EXPECT_FALSE(IsValidUtf8(s)) << pos;
    std::string t(24, 'a');
    t.replace(pos, 3, "中");
    EXPECT_TRUE(IsValidUtf8(t)) << pos;
    t[pos + 2] = 'a';  // truncated sequence
    EXPECT_FALSE(IsValidUtf8(t)) << pos;
  }
}

}  // namespace
}  // namespace shouhu::parsers
