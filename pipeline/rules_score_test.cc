// `rules score` counting: per category and listing, a flag the label expects is
// a true positive, one it does not a false positive, an expected category
// without a flag a false negative; every disagreement names the listing, the
// rule and the page text.
#include "pipeline/rules_score.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "pipeline/rules_context.h"

namespace shouhu::pipeline {
namespace {
namespace fs = std::filesystem;

class RulesScore : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("shouhu_score_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    auto engine = rules::RuleEngine::LoadDir(std::string(SHOUHU_SOURCE_DIR) + "/config/rules");
    ASSERT_TRUE(engine.ok()) << engine.status().ToString();
    engine_ = std::move(engine).value();
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Write(const std::string& name, const std::string& text) {
    const std::string path = (dir_ / name).string();
    std::ofstream(path) << text;
    return path;
  }
  Result<ScoreReport> Score(const std::vector<std::string>& files) {
    auto context = SweepRulesContext::FromFiles("", "", *engine_);
    EXPECT_TRUE(context.ok()) << context.status().ToString();
    if (!context.ok()) return context.status();
    return ScoreListingsFiles(files, *engine_, (*context)->context(), std::string("2026-06-01"));
  }
  static const CategoryScore& Of(const ScoreReport& r, std::string_view c) {
    for (const CategoryScore& s : r.categories) {
      if (s.category == c) return s;
    }
    static const CategoryScore kNone;
    ADD_FAILURE() << "no category " << c;
    return kNone;
  }

  fs::path dir_;
  std::unique_ptr<rules::RuleEngine> engine_;
};

// A toy with full labels, in the CCC-free part of the catalogue (plush).
constexpr const char* kCompliantPlush =
    R"({"site":"t","item_id":"ok","title":"儿童毛绒玩具熊 公仔","category_path":["玩具","毛绒玩具"],)"
    R"("manufacturer":{"name":"扬州市某某玩具有限公司","address":"江苏省扬州市邗江区杭集镇1号"},)"
    R"("age_range":"3岁以上","materials":"短毛绒、PP棉","standards":["GB 6675.1-2014"],)"
    R"("warnings":["请在成人监护下使用"])";

TEST_F(RulesScore, CountsTruePositivesFalsePositivesAndMisses) {
  // 1: compliant, labelled [] -> nothing. 2: no producer, labelled label.missing -> TP.
  // 3: compliant but labelled novelty -> FN. 4: no producer, labelled [] -> FP.
  // 5: unlabelled -> judged, not scored.
  std::string compliant = kCompliantPlush;
  std::string no_producer = compliant;
  no_producer.replace(no_producer.find(R"("manufacturer")"),
                      std::string(R"("manufacturer":{"name":"扬州市某某玩具有限公司",)"
                                  R"("address":"江苏省扬州市邗江区杭集镇1号"},)")
                          .size(),
                      "");
  auto with = [](std::string line, const std::string& id, const std::string& tail) {
    line.replace(line.find(R"("item_id":"ok")"), std::string(R"("item_id":"ok")").size(),
                 R"("item_id":")" + id + R"(")");
    return line + tail + "\n";
  };
  const std::string file = Write(
      "a.jsonl", with(compliant, "1", R"(,"expected":[]})") +
                     with(no_producer, "2", R"(,"expected":["label.missing"]})") +
                     with(compliant, "3", R"(,"expected":["novelty"],"note":"n3"})") +
                     with(no_producer, "4", R"(,"expected":[]})") + with(compliant, "5", "}"));
  auto r = Score({file});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->listings, 4);
  EXPECT_EQ(r->unlabelled, 1);
  const CategoryScore& missing = Of(*r, "label.missing");
  EXPECT_EQ(missing.true_positive, 1);
  EXPECT_EQ(missing.false_positive, 1);
  EXPECT_EQ(missing.false_negative, 0);
  EXPECT_DOUBLE_EQ(missing.precision(), 0.5);
  const CategoryScore& novelty = Of(*r, "novelty");
  EXPECT_EQ(novelty.false_negative, 1);
  EXPECT_DOUBLE_EQ(novelty.recall(), 0.0);
  EXPECT_EQ(r->micro.true_positive, 1);
  EXPECT_EQ(r->micro.false_positive, 1);
  EXPECT_EQ(r->micro.false_negative, 1);
  ASSERT_EQ(r->disagreements.size(), 2u);
  const Disagreement& fn = r->disagreements[0];
  EXPECT_EQ(fn.item_id, "3");
  EXPECT_FALSE(fn.false_positive);
  EXPECT_EQ(fn.note, "n3");
  EXPECT_EQ(fn.where, file + ":3");
  const Disagreement& fp = r->disagreements[1];
  EXPECT_EQ(fp.item_id, "4");
  EXPECT_TRUE(fp.false_positive);
  EXPECT_EQ(fp.groups, std::vector<std::string>{"toy"});
  ASSERT_FALSE(fp.findings.empty());
  EXPECT_EQ(fp.findings[0].rfind("G-01 producer", 0), 0u) << fp.findings[0];
}

TEST_F(RulesScore, ExpectedMustBeAnArrayOfKnownCategories) {
  const std::string file =
      Write("b.jsonl", std::string(kCompliantPlush) + R"(,"expected":["label.missng"]})" + "\n");
  auto r = Score({file});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kParseError);
  EXPECT_NE(r.status().message().find(file + ":1"), std::string::npos) << r.status().ToString();
  EXPECT_NE(r.status().message().find("label.missng"), std::string::npos);
  const std::string file2 =
      Write("c.jsonl", std::string(kCompliantPlush) + R"(,"expected":"novelty"})" + "\n");
  auto r2 = Score({file2});
  ASSERT_FALSE(r2.ok());
  EXPECT_NE(r2.status().message().find("'expected'"), std::string::npos);
}

}  // namespace
}  // namespace shouhu::pipeline
