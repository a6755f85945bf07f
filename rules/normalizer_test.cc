#include "rules/normalizer.h"

#include <gtest/gtest.h>

#include <atomic>
#include <limits>
#include <thread>

namespace shouhu::rules {
namespace {

const Normalizer& Norm() {
  static const std::shared_ptr<const Normalizer> n = [] {
    auto r = Normalizer::Create();
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.value();
  }();
  return *n;
}

std::string Fold(std::string_view s) { return Norm().Fold(s); }

// The page text behind the first occurrence of `needle` in the normalised text.
std::string QuoteOf(std::string_view page, std::string_view needle) {
  NormalizedText nt = Norm().Normalize(page);
  const size_t at = nt.text.find(needle);
  if (at == std::string::npos) return "<not found in '" + nt.text + "'>";
  return std::string(nt.Original(at, at + needle.size()));
}

TEST(Normalizer, NfkcFoldsFullWidthLatinAndDigits) {
  EXPECT_EQ(Fold("ｓｌｉｍｅ"), "slime");
  EXPECT_EQ(Fold("ＧＢ　６６７５．１－２０１４"), "gb 6675.1-2014");
  EXPECT_EQ(Fold("3～6岁"), "3~6岁");
}

TEST(Normalizer, TraditionalBecomesSimplified) {
  EXPECT_EQ(Fold("史萊姆"), "史莱姆");
  EXPECT_EQ(Fold("兒童玩具"), "儿童玩具");
  EXPECT_EQ(Fold("海洋寶寶"), "海洋宝宝");
  EXPECT_EQ(Fold("蘿蔔刀"), "萝卜刀");
}

// Conversion is skipped for text with no character OpenCC's dictionaries
// change; the result must be the same as converting it: simplified text stays,
// one traditional character anywhere (or a phrase-only change) still converts.
TEST(Normalizer, SimplifiedTextIsLeftAsItIsAndOneTraditionalCharacterStillConverts) {
  EXPECT_EQ(Fold("儿童水晶泥套装 24色"), "儿童水晶泥套装 24色");
  EXPECT_EQ(Fold("儿童水晶泥套装 24色 史萊姆"), "儿童水晶泥套装 24色史莱姆");
  EXPECT_EQ(Fold("兒童"), "儿童");
  EXPECT_EQ(Fold("頭髮"), "头发");
}

TEST(Normalizer, CaseIsFolded) { EXPECT_EQ(Fold("SLIME Slime"), "slime slime"); }

TEST(Normalizer, SpacesAndSymbolsBetweenHanAreRemoved) {
  EXPECT_EQ(Fold("水 晶 泥"), "水晶泥");
  EXPECT_EQ(Fold("水*晶*泥"), "水晶泥");
  EXPECT_EQ(Fold("水　晶　泥"), "水晶泥");  // ideographic space
  EXPECT_EQ(Fold("水❤晶❤泥"), "水晶泥");    // emoji symbol
  EXPECT_EQ(Fold("水.晶_泥"), "水晶泥");
  EXPECT_EQ(Fold("水-晶 - 泥"), "水晶泥");
  EXPECT_EQ(Fold("水\u200b晶\u200d泥"), "水晶泥");  // zero-width characters
}

TEST(Normalizer, SeparatorsNotBetweenHanAreKept) {
  EXPECT_EQ(Fold("GB 6675.1-2014"), "gb 6675.1-2014");
  EXPECT_EQ(Fold("儿童 slime"), "儿童 slime");
  EXPECT_EQ(Fold("3-6岁"), "3-6岁");
}

TEST(Normalizer, OffsetMapQuotesThePageExactly) {
  EXPECT_EQ(QuoteOf("网红 水*晶*泥 套装", "水晶泥"), "水*晶*泥");
  EXPECT_EQ(QuoteOf("【热卖】史 萊 姆 起泡膠", "史莱姆"), "史 萊 姆");
  EXPECT_EQ(QuoteOf("儿童ｓｌｉｍｅ彩泥", "slime"), "ｓｌｉｍｅ");
  EXPECT_EQ(QuoteOf("ABC 水晶泥", "abc"), "ABC");
}

TEST(Normalizer, OffsetMapCoversEveryByte) {
  NormalizedText nt = Norm().Normalize("儿童 ｓｌｉｍｅ 水*晶*泥 GB 6675");
  ASSERT_EQ(nt.begin.size(), nt.text.size());
  ASSERT_EQ(nt.end.size(), nt.text.size());
  for (size_t i = 0; i < nt.text.size(); ++i) {
    EXPECT_LT(nt.begin[i], nt.end[i]);
    EXPECT_LE(nt.end[i], nt.original.size());
    if (i > 0) {
      EXPECT_LE(nt.begin[i - 1], nt.begin[i]);
    }
  }
  EXPECT_EQ(nt.Original(0, nt.text.size()), nt.original);
}

TEST(Normalizer, InvalidUtf8BecomesReplacementCharacter) {
  NormalizedText nt = Norm().Normalize("\xff\xfe水晶泥");
  EXPECT_NE(nt.text.find("水晶泥"), std::string::npos);
  EXPECT_EQ(nt.text.find('\xff'), std::string::npos);
}

TEST(Normalizer, EmptyText) {
  NormalizedText nt = Norm().Normalize("");
  EXPECT_TRUE(nt.text.empty());
  EXPECT_EQ(nt.Original(0, 0), "");
}

TEST(Normalizer, SafeFromSeveralThreads) {
  std::vector<std::thread> threads;
  std::atomic<int> bad{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 200; ++i) {
        if (Fold("史萊姆 水 晶 泥 ｓｌｉｍｅ") != "史莱姆水晶泥 slime") ++bad;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(bad.load(), 0);
}

TEST(Normalizer, MissingOpenCcConfigIsAnError) {
  auto r = Normalizer::Create("/nonexistent/t2s.json");
  EXPECT_FALSE(r.ok());
}

}  // namespace
}  // namespace shouhu::rules
