// Loading rule packs: every broken pack is an error naming file, line and rule
// id (doc/design.md §5.3), and every condition kind evaluates as documented in
// doc/rules.md.
#include "rules/rule_pack.h"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>

#include "rules/rule_engine.h"

namespace shouhu::rules {
namespace {

namespace fs = std::filesystem;

// A scratch rule folder holding the shipped vocabulary and CCC catalogue, a
// small watchlist, and one pack written by the test.
class PackDir {
 public:
  PackDir() {
    static std::atomic<int> seq{0};
    root_ = fs::temp_directory_path() /
            ("shouhu_rules_test_" + std::to_string(::getpid()) + "_" + std::to_string(seq++));
    fs::create_directories(root_ / "rules");
    fs::create_directories(root_ / "ccc");
    fs::create_directories(root_ / "watchlist");
    fs::create_directories(root_ / "groups");
    const fs::path src = fs::path(SHOUHU_SOURCE_DIR) / "config";
    for (const char* f : {"groups.toml", "standards.toml"})
      fs::copy_file(src / "groups" / f, root_ / "groups" / f);
    fs::copy_file(src / "rules" / "vocabulary.toml", root_ / "rules" / "vocabulary.toml");
    fs::copy_file(src / "ccc" / "catalogue.toml", root_ / "ccc" / "catalogue.toml");
    Write("watchlist/test.csv",
          "name,credit_code,failed_items,failed_on\n"
          "泉州劣质玩具厂,91350500MA31ABCD0W,塑胶玩具（邻苯超标）,2025-05-01\n");
  }
  ~PackDir() {
    std::error_code ec;
    fs::remove_all(root_, ec);
  }
  void Write(const std::string& rel, const std::string& text) {
    std::ofstream(root_ / rel, std::ios::binary) << text;
  }
  std::string rules_dir() const { return (root_ / "rules").string(); }
  std::string pack_path() const { return (root_ / "rules" / "test.toml").string(); }

  // Writes a pack with the standard header and `rules`, then loads the folder.
  Result<std::unique_ptr<RuleEngine>> Load(const std::string& rules) {
    Write("rules/test.toml", std::string(kHeader) + rules);
    return RuleEngine::LoadDir(rules_dir());
  }

  static constexpr const char* kHeader =
      "[pack]\n"
      "id = \"test\"\n"
      "version = 1\n"
      "vocabulary = \"vocabulary.toml\"\n"
      "ccc_catalogue = \"../ccc/catalogue.toml\"\n"
      "watchlist = [\"../watchlist/test.csv\"]\n"
      "example_date = 2026-06-01\n";  // 7 lines: the first rule starts on line 8

 private:
  fs::path root_;
};

// A rule with valid metadata and examples; `when` and extra lines vary.
std::string Rule(const std::string& id, const std::string& when, const std::string& extra = "") {
  return "\n[[rule]]\n"
         "id = \"" +
         id +
         "\"\n"
         "version = 1\n"
         "category = \"novelty\"\n"
         "severity = \"high\"\n"
         "groups = [\"any\"]\n"
         "message = \"测试\"\n"
         "basis = \"测试依据\"\n" +
         extra + "when = " + when + "\n" +
         "[[rule.example]]\nexpect = \"hit\"\ntitle = \"儿童水晶泥\"\ncategory = \"玩具\"\n"
         "[[rule.example]]\nexpect = \"miss\"\ntitle = \"儿童积木\"\ncategory = \"玩具\"\n";
}

std::string LoadError(PackDir& dir, const std::string& rules) {
  auto r = dir.Load(rules);
  if (r.ok()) return "<loaded>";
  return r.status().message();
}

TEST(RulePack, BadRegexNamesFileLineAndRuleId) {
  PackDir dir;
  const std::string err = LoadError(dir, Rule("X-01", "{ pattern = 'a(b', in = \"title\" }"));
  EXPECT_NE(err.find(dir.pack_path() + ":17"), std::string::npos) << err;
  EXPECT_NE(err.find("rule 'X-01'"), std::string::npos) << err;
  EXPECT_NE(err.find("invalid pattern"), std::string::npos) << err;
}

TEST(RulePack, UnknownCategoryIsAnError) {
  PackDir dir;
  std::string rule = Rule("X-02", "{ keyword = \"水晶泥\", in = \"title\" }");
  rule.replace(rule.find("novelty"), 7, "bogus");
  const std::string err = LoadError(dir, rule);
  EXPECT_NE(err.find(dir.pack_path() + ":12"), std::string::npos) << err;
  EXPECT_NE(err.find("rule 'X-02'"), std::string::npos) << err;
  EXPECT_NE(err.find("unknown category"), std::string::npos) << err;
}

TEST(RulePack, UnknownFieldIsAnError) {
  PackDir dir;
  const std::string err = LoadError(dir, Rule("X-03", "{ keyword = \"水晶泥\", in = \"titel\" }"));
  EXPECT_NE(err.find(dir.pack_path() + ":17"), std::string::npos) << err;
  EXPECT_NE(err.find("unknown field 'titel'"), std::string::npos) << err;
  EXPECT_NE(err.find("rule 'X-03'"), std::string::npos) << err;
}

TEST(RulePack, UnknownGroupIsAnError) {
  PackDir dir;
  const std::string err = LoadError(dir, Rule("X-04", "{ group = \"toys\" }"));
  EXPECT_NE(err.find("unknown group 'toys'"), std::string::npos) << err;
  EXPECT_NE(err.find("rule 'X-04'"), std::string::npos) << err;
}

TEST(RulePack, MisspeltKeyIsAnErrorNotIgnored) {
  PackDir dir;
  const std::string err = LoadError(
      dir, Rule("X-05", "{ keyword = \"水晶泥\", in = \"title\" }", "severty = \"low\"\n"));
  EXPECT_NE(err.find(dir.pack_path() + ":17"), std::string::npos) << err;
  EXPECT_NE(err.find("unknown key"), std::string::npos) << err;
  EXPECT_NE(err.find("rule 'X-05'"), std::string::npos) << err;
}

TEST(RulePack, ConditionWithTwoKindsIsAnError) {
  PackDir dir;
  const std::string err =
      LoadError(dir, Rule("X-06", "{ keyword = \"水晶泥\", pattern = \"x\", in = \"title\" }"));
  EXPECT_NE(err.find("two kinds"), std::string::npos) << err;
  EXPECT_NE(err.find("rule 'X-06'"), std::string::npos) << err;
}

TEST(RulePack, RuleWithoutMissExampleIsAnError) {
  PackDir dir;
  std::string rule = Rule("X-07", "{ keyword = \"水晶泥\", in = \"title\" }");
  rule = rule.substr(0, rule.find("[[rule.example]]\nexpect = \"miss\""));
  const std::string err = LoadError(dir, rule);
  EXPECT_NE(err.find("at least one hit and one miss"), std::string::npos) << err;
  EXPECT_NE(err.find("rule 'X-07'"), std::string::npos) << err;
}

TEST(RulePack, DuplicateRuleIdIsAnError) {
  PackDir dir;
  const std::string r = Rule("X-08", "{ keyword = \"水晶泥\", in = \"title\" }");
  const std::string err = LoadError(dir, r + r);
  EXPECT_NE(err.find("duplicate rule id"), std::string::npos) << err;
  EXPECT_NE(err.find("rule 'X-08'"), std::string::npos) << err;
}

TEST(RulePack, TomlSyntaxErrorNamesFileAndLine) {
  PackDir dir;
  const std::string err = LoadError(dir, "\n[[rule]]\nid = \"X-09\nversion = 1\n");
  EXPECT_NE(err.find(dir.pack_path() + ":10"), std::string::npos) << err;
}

TEST(RulePack, MissingNamedWatchlistIsAnError) {
  PackDir dir;
  std::string header = PackDir::kHeader;
  dir.Write("rules/test.toml",
            std::string(header).replace(header.find("test.csv"), 8, "absent.csv") +
                Rule("X-10", "{ keyword = \"水晶泥\", in = \"title\" }"));
  auto r = RuleEngine::LoadDir(dir.rules_dir());
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("absent.csv"), std::string::npos) << r.status().message();
}

TEST(RulePack, BadDateIsAnError) {
  PackDir dir;
  const std::string err = LoadError(dir, Rule("X-11", "{ keyword = \"水晶泥\", in = \"title\" }",
                                              "effective_from = \"2026-13\"\n"));
  EXPECT_NE(err.find("expected a date"), std::string::npos) << err;
  EXPECT_NE(err.find("rule 'X-11'"), std::string::npos) << err;
}

TEST(RulePack, ValidPackLoads) {
  PackDir dir;
  auto r = dir.Load(Rule("X-12", "{ keyword = \"水晶泥\", in = \"title\" }"));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r.value()->rule_count(), 1u);
  ExampleReport rep = r.value()->RunExamples();
  EXPECT_EQ(rep.passed, 2);
  EXPECT_EQ(rep.failed, 0);
}

TEST(RulePack, FailingExampleIsReportedWithFileAndLine) {
  PackDir dir;
  std::string rule = Rule("X-13", "{ keyword = \"水晶泥\", in = \"title\" }");
  rule.replace(rule.find("title = \"儿童积木\""), std::string("title = \"儿童积木\"").size(),
               "title = \"儿童水晶泥积木\"");
  auto r = dir.Load(rule);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ExampleReport rep = r.value()->RunExamples();
  EXPECT_EQ(rep.passed, 1);
  ASSERT_EQ(rep.failed, 1);
  ASSERT_EQ(rep.failures.size(), 1u);
  EXPECT_EQ(rep.failures[0].rule_id, "X-13");
  EXPECT_EQ(rep.failures[0].file, dir.pack_path());
  EXPECT_EQ(rep.failures[0].line, 22);
  EXPECT_EQ(rep.failures[0].expectation, "miss");
  EXPECT_NE(rep.failures[0].detail.find("水晶泥"), std::string::npos) << rep.failures[0].detail;
}

// ---------------------------------------------------------------- condition kinds

class ConditionKinds : public ::testing::Test {
 protected:
  // Loads one rule "K-01" with condition `when` and returns whether it hits `l`.
  bool Hits(const std::string& when, const Listing& l, std::string at = "2026-06-01",
            Finding* out = nullptr) {
    PackDir dir;
    auto engine = dir.Load(Rule("K-01", when));
    EXPECT_TRUE(engine.ok()) << engine.status().ToString();
    if (!engine.ok()) return false;
    Evaluation ev = engine.value()->Evaluate(l, at);
    for (const auto& f : ev.findings) {
      if (f.rule_id == "K-01") {
        if (out) *out = f;
        return true;
      }
    }
    return false;
  }
  static Listing Toy(const std::string& title) {
    Listing l;
    l.title = title;
    l.category_path = {"玩具", "益智玩具"};
    return l;
  }
};

TEST_F(ConditionKinds, KeywordMatchesNormalisedTextAndQuotesThePage) {
  Finding f;
  EXPECT_TRUE(Hits("{ keyword = [\"水晶泥\"], in = \"title\" }", Toy("网红 水*晶*泥 套装"),
                   "2026-06-01", &f));
  EXPECT_EQ(f.field, "title");
  EXPECT_EQ(f.snippet, "水*晶*泥");
  EXPECT_FALSE(Hits("{ keyword = [\"水晶泥\"], in = \"description\" }", Toy("水晶泥")));
}

TEST_F(ConditionKinds, AliasMatchesPinyin) {
  Finding f;
  EXPECT_TRUE(Hits("{ keyword = [\"水晶泥\"], aliases = [\"shuijingni\"], in = \"title\" }",
                   Toy("儿童 ShuiJingNi 套装"), "2026-06-01", &f));
  EXPECT_EQ(f.snippet, "ShuiJingNi");
}

TEST_F(ConditionKinds, PatternNamedGroupIsTheEvidence) {
  Finding f;
  EXPECT_TRUE(Hits("{ pattern = '(?:^|[^防])(?P<m>水宝宝)', in = \"title\" }", Toy("儿童水宝宝"),
                   "2026-06-01", &f));
  EXPECT_EQ(f.snippet, "水宝宝");
  EXPECT_FALSE(
      Hits("{ pattern = '(?:^|[^防])(?P<m>水宝宝)', in = \"title\" }", Toy("儿童防水宝宝鞋")));
}

TEST_F(ConditionKinds, AbsentAndPresentReadAttributeSynonyms) {
  Listing l = Toy("儿童积木");
  EXPECT_TRUE(Hits("{ absent = \"producer\" }", l));
  l.attributes = {{"生产厂家", "泉州童趣玩具有限公司"}};
  EXPECT_FALSE(Hits("{ absent = \"producer\" }", l));
  Finding f;
  EXPECT_TRUE(Hits("{ present = \"producer\" }", l, "2026-06-01", &f));
  EXPECT_EQ(f.snippet, "泉州童趣玩具有限公司");
  Listing blank = Toy("儿童积木");
  blank.manufacturer.name = "  ";
  EXPECT_TRUE(Hits("{ absent = \"producer\" }", blank));
}

TEST_F(ConditionKinds, FormatCccCreditCodeStandardCode) {
  Listing l = Toy("儿童电动车");
  l.ccc = {"202101220234567"};
  EXPECT_TRUE(Hits("{ format = \"ccc\", in = \"ccc\" }", l));
  l.ccc = {"2021012202345678"};
  EXPECT_FALSE(Hits("{ format = \"ccc\", in = \"ccc\" }", l));
  EXPECT_TRUE(Hits("{ format = \"ccc\", in = \"ccc\" }", l,
                   "2020-06-01"));  // issued after the capture date
  l.seller.credit_code = "91350500MA31ABCD0X";
  EXPECT_TRUE(Hits("{ format = \"credit_code\", in = \"credit_code\" }", l));
  l.seller.credit_code = "91350500MA31ABCD0W";
  EXPECT_FALSE(Hits("{ format = \"credit_code\", in = \"credit_code\" }", l));
  l.standards = {"国标"};
  EXPECT_TRUE(Hits("{ format = \"standard_code\", in = \"standards\" }", l));
  l.standards = {"ＧＢ　６６７５．１－２０１４"};
  EXPECT_FALSE(Hits("{ format = \"standard_code\", in = \"standards\" }", l));
}

TEST_F(ConditionKinds, AgeBounds) {
  Listing l = Toy("婴儿摇铃");
  l.age_range = "0-36个月";
  EXPECT_TRUE(Hits("{ age = \"age\", lower_below = 3 }", l));
  EXPECT_TRUE(Hits("{ age = \"age\", upper_at_most = 3 }", l));
  l.age_range = "3岁以上";
  EXPECT_FALSE(Hits("{ age = \"age\", lower_below = 3 }", l));
  EXPECT_FALSE(Hits("{ age = \"age\", upper_at_most = 3 }", l));
  EXPECT_TRUE(Hits("{ age = \"age\", lower_at_least = 3 }", l));
  l.age_range.reset();
  EXPECT_FALSE(Hits("{ age = \"age\", lower_below = 3 }", l));
}

TEST_F(ConditionKinds, MeasureBounds) {
  Listing l;
  l.title = "男童卫衣";
  l.category_path = {"童装"};
  l.attributes = {{"尺码", "100/110/120cm"}};
  EXPECT_TRUE(Hits("{ measure = \"size\", lower_at_most = 130 }", l));
  EXPECT_FALSE(Hits("{ measure = \"size\", upper_at_most = 80 }", l));
}

TEST_F(ConditionKinds, GroupAndDate) {
  EXPECT_TRUE(Hits("{ group = \"toy\" }", Toy("儿童积木")));
  EXPECT_FALSE(Hits("{ group = [\"clothing\", \"shoes\"] }", Toy("儿童积木")));
  EXPECT_TRUE(Hits("{ date_from = 2026-01-01 }", Toy("儿童积木"), "2026-01-01"));
  EXPECT_FALSE(Hits("{ date_from = 2026-01-01 }", Toy("儿童积木"), "2025-12-31"));
  EXPECT_FALSE(Hits("{ date_before = 2026-01-01 }", Toy("儿童积木"), "2026-01-01"));
}

TEST_F(ConditionKinds, CccCatalogueByKeywordAndGroup) {
  // Catalogue entries name the rules using them; this test's rule is K-01, so
  // it borrows a pack where the entries list no rules.
  PackDir dir;
  dir.Write(
      "ccc/catalogue.toml",
      "[catalogue]\nfields = [\"title\", \"type\"]\n"
      "[[product]]\nname = \"塑胶玩具\"\ngroups = [\"toy\"]\nkeywords = [\"塑料\", \"塑胶\"]\n"
      "[[product]]\nname = \"灯具\"\ngroups = [\"lamp\"]\nkeywords = []\n");
  auto engine =
      dir.Load(Rule("K-01", "{ all = [{ ccc_catalogue = true }, { absent = \"ccc\" }] }"));
  ASSERT_TRUE(engine.ok()) << engine.status().ToString();
  auto hits = [&](const Listing& l) {
    for (const auto& f : engine.value()->Evaluate(l, "2026-06-01").findings) {
      if (f.rule_id == "K-01") return true;
    }
    return false;
  };
  Listing plastic = Toy("儿童塑料积木");
  EXPECT_TRUE(hits(plastic));
  plastic.ccc = {"2021012202345678"};
  EXPECT_FALSE(hits(plastic));
  EXPECT_FALSE(hits(Toy("儿童榉木积木")));
  Listing lamp;
  lamp.title = "儿童护眼台灯";
  lamp.category_path = {"灯具"};
  EXPECT_TRUE(hits(lamp));
}

TEST_F(ConditionKinds, WatchlistByNameAndCreditCode) {
  Listing l = Toy("儿童积木");
  l.manufacturer.name = "泉州劣质玩具厂";
  EXPECT_TRUE(Hits("{ watchlist = [\"producer\", \"credit_code\"] }", l));
  l.manufacturer.name = "泉州优质玩具厂";
  EXPECT_FALSE(Hits("{ watchlist = [\"producer\", \"credit_code\"] }", l));
  l.seller.credit_code = "91350500ma31abcd0w";
  EXPECT_TRUE(Hits("{ watchlist = [\"producer\", \"credit_code\"] }", l));
}

TEST_F(ConditionKinds, AllAnyNotCombine) {
  const std::string small_parts_for_under_3 =
      "{ all = [{ group = \"toy\" }, { age = \"age\", lower_below = 3 }, "
      "{ any = [{ keyword = \"小零件\", in = \"title\" }, { keyword = \"小珠子\", in = \"title\" "
      "}] }, "
      "{ not = { keyword = \"无小零件\", in = \"title\" } }] }";
  Listing l = Toy("宝宝串珠 含小珠子");
  l.age_range = "0-3岁";
  EXPECT_TRUE(Hits(small_parts_for_under_3, l));
  l.age_range = "3-6岁";
  EXPECT_FALSE(Hits(small_parts_for_under_3, l));
  Listing safe = Toy("宝宝布书 无小零件");
  safe.age_range = "0-3岁";
  EXPECT_FALSE(Hits(small_parts_for_under_3, safe));
}

TEST_F(ConditionKinds, EffectiveDateRangeOfRule) {
  PackDir dir;
  auto engine = dir.Load(Rule("K-01", "{ keyword = \"水晶泥\", in = \"title\" }",
                              "effective_from = 2026-01-01\neffective_to = 2027-01-01\n"));
  ASSERT_TRUE(engine.ok()) << engine.status().ToString();
  auto count = [&](const char* at) {
    return engine.value()->Evaluate(Toy("儿童水晶泥"), at).findings.size();
  };
  EXPECT_EQ(count("2025-12-31"), 0u);
  EXPECT_EQ(count("2026-01-01"), 1u);
  EXPECT_EQ(count("2026-12-31"), 1u);
  EXPECT_EQ(count("2027-01-01"), 0u);
}

}  // namespace
}  // namespace shouhu::rules
