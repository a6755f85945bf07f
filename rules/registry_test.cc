// The certificate registry and watchlist imports, the registry-backed checks
// (T-04, T-05, T-06) with and without an EvaluationContext, and the rules
// added with them (G-07, C-01, S-01, ST-01, ST-02, F-01, T-09, T-10, B-04):
// evasive spellings still hit, look-alikes do not.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include "rules/certificate_registry.h"
#include "rules/rule_engine.h"
#include "rules/watchlist.h"

namespace shouhu::rules {
namespace {
namespace fs = std::filesystem;

constexpr const char* kAt = "2026-11-24";
constexpr const char* kHeader =
    "number,holder,manufacturer,product,models,status,issued_on,expires_on\n";

const RuleEngine& Engine() {
  static const std::unique_ptr<RuleEngine> engine = [] {
    auto r = RuleEngine::LoadDir(std::string(SHOUHU_SOURCE_DIR) + "/config/rules");
    if (!r.ok()) ADD_FAILURE() << r.status().ToString();
    return r.ok() ? std::move(r).value() : nullptr;
  }();
  return *engine;
}

std::string WriteFile(const std::string& name, const std::string& text) {
  const fs::path dir = fs::temp_directory_path() / "shouhu-registry-test";
  fs::create_directories(dir);
  const fs::path p = dir / name;
  std::ofstream(p, std::ios::binary) << text;
  return p.string();
}

std::set<std::string> RuleIds(const Listing& l, const EvaluationContext* ctx = nullptr) {
  std::set<std::string> out;
  for (const auto& f : Engine().Evaluate(l, kAt, ctx).findings) out.insert(f.rule_id);
  return out;
}

Listing Toy(const std::string& ccc, const std::string& producer, const std::string& seller) {
  Listing l;
  l.site = "tiantu";
  l.item_id = seller + ccc;
  l.title = "儿童电动遥控越野车 四驱 可充电";
  l.category_path = {"玩具", "遥控玩具"};
  l.attributes = {{"执行标准", "GB 6675.1-2014"},
                  {"适用年龄", "6岁以上"},
                  {"型号", "RC-2201"},
                  {"3C证书编号", ccc},
                  {"警示", "警告：内含小零件，不适合3岁以下儿童使用"},
                  {"生产企业", producer},
                  {"生产地址", "福建省泉州市丰泽区东海街道1号"}};
  l.seller.company = seller;
  return l;
}

CertificateRegistry Registry() {
  const std::string path = WriteFile(
      "reg.csv",
      std::string(kHeader) +
          "2021012202100001,泉州童趣玩具有限公司,泉州童趣玩具有限公司,电动遥控越野车,"
          "RC-2201;RC-2202,有效,2021-03-15,2031-03-14\n"
          "2020012203100002,汕头宏达玩具厂,汕头宏达玩具厂,塑胶积木,KB-1,撤销,2020-05-10,"
          "2030-05-09\n"
          "2020011109100004,福州安途儿童用品有限公司,福州安途儿童用品有限公司,儿童安全座椅,"
          "AT-360,有效,2020-06-01,2030-05-31\n"
          "2018012202100005,泉州童趣玩具有限公司,泉州童趣玩具有限公司,电动遥控越野车,"
          "RC-2201,有效,2018-04-01,2023-03-31\n");
  auto recs = ParseCertificateCsv(path);
  EXPECT_TRUE(recs.ok()) << recs.status().ToString();
  return CertificateRegistry(recs.ok() ? std::move(recs).value()
                                       : std::vector<CertificateRecord>{});
}

// ---------------------------------------------------------------- import

TEST(CertificateCsv, ParsesAndNormalises) {
  const std::string path = WriteFile(
      "ok.csv",
      "\xEF\xBB\xBF" + std::string(kHeader) +
          "\"2021 0122 0210 0001\",\"泉州童趣玩具有限公司\",泉州童趣玩具有限公司,\"遥控车, 越野\","
          "RC-1,有效,2021/03/15,\n");
  auto recs = ParseCertificateCsv(path);
  ASSERT_TRUE(recs.ok()) << recs.status().ToString();
  ASSERT_EQ(recs->size(), 1u);
  EXPECT_EQ((*recs)[0].number, "2021012202100001");
  EXPECT_EQ((*recs)[0].product, "遥控车, 越野");
  EXPECT_EQ((*recs)[0].issued_on, "2021-03-15");
  EXPECT_EQ((*recs)[0].expires_on, "");
  EXPECT_EQ((*recs)[0].source, path + ":2");
}

TEST(CertificateCsv, BadRowsNameFileLineAndField) {
  struct Case {
    std::string row, field;
  };
  const Case cases[] = {
      {"20210122021000,甲,甲,玩具,M,有效,2021-03-15,2026-03-14", "number"},
      {"2035012202100001,甲,甲,玩具,M,有效,2021-03-15,2026-03-14", "number"},
      {"2021012202100001,,甲,玩具,M,有效,2021-03-15,2026-03-14", "holder"},
      {"2021012202100001,甲,甲,玩具,M,valid,2021-03-15,2026-03-14", "status"},
      {"2021012202100001,甲,甲,玩具,M,有效,2021-13-15,2026-03-14", "issued_on"},
      {"2021012202100001,甲,甲,玩具,M,有效,2021-03-15,tomorrow", "expires_on"},
      {"2021012202100001,甲,甲,玩具,M,有效,2021-03-15,2020-03-14", "expires_on"},
  };
  for (const Case& c : cases) {
    const std::string path = WriteFile("bad.csv", std::string(kHeader) + "\n" + c.row + "\n");
    auto recs = ParseCertificateCsv(path);
    ASSERT_FALSE(recs.ok()) << c.row;
    EXPECT_EQ(recs.status().code(), StatusCode::kParseError);
    EXPECT_NE(recs.status().message().find(path + ":3: field '" + c.field + "'"), std::string::npos)
        << recs.status().message();
  }
  const std::string dup = WriteFile(
      "dup.csv", std::string(kHeader) + "2021012202100001,甲,甲,玩具,M,有效,2021-03-15,\n" +
                     "2021012202100001,乙,乙,玩具,M,有效,2021-03-15,\n");
  auto d = ParseCertificateCsv(dup);
  ASSERT_FALSE(d.ok());
  EXPECT_NE(d.status().message().find(":3: field 'number'"), std::string::npos);
  auto no_header = ParseCertificateCsv(WriteFile("nohdr.csv", "number,holder\n"));
  ASSERT_FALSE(no_header.ok());
  EXPECT_NE(no_header.status().message().find(":1: header lacks column 'manufacturer'"),
            std::string::npos);
  EXPECT_EQ(ParseCertificateCsv("/nonexistent/reg.csv").status().code(), StatusCode::kIoError);
}

TEST(WatchlistCsv, ImportValidatesCreditCodeAndDate) {
  auto ok = ParseWatchlistCsv(WriteFile(
      "w.csv",
      "name,credit_code,failed_items,failed_on\n晋江市鸿泰鞋服有限公司,91350582806074842R,"
      "儿童运动鞋（耐折性能不合格）,2025-06-12\n,91350581625292306L,,\n"));
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(ok->size(), 2u);
  auto bad = ParseWatchlistCsv(WriteFile(
      "wb.csv", "name,credit_code,failed_items,failed_on\n某公司,91350582806074842X,,\n"));
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find(":2: field 'credit_code'"), std::string::npos);
  auto bad_date = ParseWatchlistCsv(
      WriteFile("wd.csv", "name,credit_code,failed_items,failed_on\n某公司,,童鞋,去年\n"));
  ASSERT_FALSE(bad_date.ok());
  EXPECT_NE(bad_date.status().message().find(":2: field 'failed_on'"), std::string::npos);
}

TEST(CertificateNumberKey, AcceptsGroupedDigitsOnly) {
  EXPECT_EQ(CertificateNumberKey("2021 0122 0210 0001"), "2021012202100001");
  EXPECT_EQ(CertificateNumberKey("CCC: 2021-0122-0210-0001"), "2021012202100001");
  EXPECT_EQ(CertificateNumberKey("200201220001"), "200201220001");
  EXPECT_EQ(CertificateNumberKey("20210122021000011"), "");
  EXPECT_EQ(CertificateNumberKey("无"), "");
}

// ---------------------------------------------------------------- T-04/T-05/T-06

TEST(RegistryChecks, WithoutARegistryT04AndT05NeverFire) {
  const Listing unknown = Toy("2023012202999999", "汕头某玩具厂", "某店");
  EXPECT_EQ(RuleIds(unknown).count("T-04"), 0u);
  EXPECT_EQ(RuleIds(unknown).count("T-05"), 0u);
  EvaluationContext empty;  // a context without a registry is the same
  EXPECT_EQ(RuleIds(unknown, &empty).count("T-04"), 0u);
}

TEST(RegistryChecks, T04UnknownSuspendedRevokedOrExpired) {
  const CertificateRegistry reg = Registry();
  EvaluationContext ctx;
  ctx.registry = &reg;
  EXPECT_EQ(RuleIds(Toy("2021012202100001", "泉州童趣玩具有限公司", "a"), &ctx).count("T-04"), 0u);
  EXPECT_EQ(RuleIds(Toy("2023012202999999", "泉州童趣玩具有限公司", "a"), &ctx).count("T-04"), 1u);
  EXPECT_EQ(RuleIds(Toy("2020012203100002", "汕头宏达玩具厂", "a"), &ctx).count("T-04"), 1u);
  EXPECT_EQ(RuleIds(Toy("2018012202100005", "泉州童趣玩具有限公司", "a"), &ctx).count("T-04"), 1u);
  // Malformed numbers are T-02's alone.
  const auto malformed = RuleIds(Toy("202101220210001", "泉州童趣玩具有限公司", "a"), &ctx);
  EXPECT_EQ(malformed.count("T-04"), 0u);
  EXPECT_EQ(malformed.count("T-02"), 1u);
  // The finding quotes the number as the page wrote it.
  Evaluation ev =
      Engine().Evaluate(Toy("2023 0122 0299 9999", "泉州童趣玩具有限公司", "a"), kAt, &ctx);
  bool quoted = false;
  for (const auto& f : ev.findings)
    quoted =
        quoted || (f.rule_id == "T-04" && f.field == "ccc" && f.snippet == "2023 0122 0299 9999");
  EXPECT_TRUE(quoted);
}

TEST(RegistryChecks, T05HolderAndScopeMismatch) {
  const CertificateRegistry reg = Registry();
  EvaluationContext ctx;
  ctx.registry = &reg;
  EXPECT_EQ(RuleIds(Toy("2021012202100001", "泉州童趣玩具有限公司", "a"), &ctx).count("T-05"), 0u);
  EXPECT_EQ(RuleIds(Toy("2021012202100001", "泉州童趣玩具有限責任公司", "a"), &ctx).count("T-05"),
            0u)
      << "legal-form suffix and traditional script";
  EXPECT_EQ(RuleIds(Toy("2021012202100001", "汕头市澄海区宏达玩具厂", "a"), &ctx).count("T-05"),
            1u);
  // A car-seat certificate on a toy; the holder's own name does not save it.
  EXPECT_EQ(RuleIds(Toy("2020011109100004", "福州安途儿童用品有限公司", "a"), &ctx).count("T-05"),
            1u);
  // A model the certificate does not cover.
  Listing other_model = Toy("2021012202100001", "泉州童趣玩具有限公司", "a");
  other_model.attributes[2].second = "RC-9900";
  EXPECT_EQ(RuleIds(other_model, &ctx).count("T-05"), 1u);
  // No producer shown: G-01 speaks, not T-05.
  Listing no_producer = Toy("2021012202100001", "", "a");
  no_producer.attributes.pop_back();
  no_producer.attributes.erase(no_producer.attributes.end() - 1);
  EXPECT_EQ(RuleIds(no_producer, &ctx).count("T-05"), 0u);
}

TEST(RegistryChecks, T06ReuseWithinAndAcrossSweeps) {
  // Sweep 1: the holder's own shop and a distributor of its product.
  CertificateUsage usage;
  Engine().RecordCertificateUses(Toy("2021012202100001", "泉州童趣玩具有限公司", "童趣旗舰店"),
                                 &usage);
  EXPECT_EQ(usage.numbers(), 1u);
  // Sweep 2: the same evaluation context is built from what sweep 1 stored.
  EvaluationContext ctx;
  ctx.usage = &usage;
  EXPECT_EQ(
      RuleIds(Toy("2021012202100001", "泉州童趣玩具有限公司", "母婴专营店"), &ctx).count("T-06"),
      0u)
      << "a distributor names the same producer";
  EXPECT_EQ(
      RuleIds(Toy("2021012202100001", "泉州童趣玩具有限公司", "童趣旗舰店"), &ctx).count("T-06"),
      0u)
      << "the same seller again";
  EXPECT_EQ(RuleIds(Toy("2021012202100001", "汕头宏达玩具厂", "乐乐玩具商行"), &ctx).count("T-06"),
            1u);
  // Within one sweep: a later unrelated seller is flagged, whichever came first.
  CertificateUsage fresh;
  EvaluationContext within;
  within.usage = &fresh;
  EXPECT_EQ(RuleIds(Toy("2022012202100009", "甲玩具有限公司", "甲店"), &within).count("T-06"), 0u);
  EXPECT_EQ(RuleIds(Toy("2022012202100009", "乙玩具有限公司", "乙店"), &within).count("T-06"), 1u);
  // No usage index: never.
  EXPECT_EQ(RuleIds(Toy("2022012202100009", "丙玩具有限公司", "丙店")).count("T-06"), 0u);
}

TEST(RegistryChecks, UsageIndexIsThreadSafe) {
  CertificateUsage usage;
  EvaluationContext ctx;
  ctx.usage = &usage;
  const CertificateRegistry reg = Registry();
  ctx.registry = &reg;
  std::atomic<int> t06{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i) {
        const std::string who = std::to_string(t) + "-" + std::to_string(i);
        for (const auto& f :
             Engine()
                 .Evaluate(Toy("2021012202100001", "玩具厂" + who, "店" + who), kAt, &ctx)
                 .findings)
          t06 += f.rule_id == "T-06" ? 1 : 0;
      }
    });
  }
  for (auto& th : threads) th.join();
  // 200 unrelated uses of one number: every one but the first is flagged.
  EXPECT_EQ(t06.load(), 199);
}

TEST(RegistryChecks, ImportedWatchlistFeedsW01) {
  Listing l = Toy("2021012202100001", "福州新禾玩具有限公司", "新禾玩具店");
  EXPECT_EQ(RuleIds(l).count("W-01"), 0u);
  Watchlist imported;
  WatchlistEntry e;
  e.name = "福州新禾玩具有限公司";
  e.folded_name = Engine().Fold(e.name);
  imported.Add(e);
  WatchlistEntry code;
  code.credit_code = "91350100M000100Y43";
  imported.Add(code);
  EvaluationContext ctx;
  ctx.watchlist = &imported;
  EXPECT_EQ(RuleIds(l, &ctx).count("W-01"), 1u);
  Listing by_code = Toy("2021012202100001", "别的公司", "别的店");
  by_code.seller.credit_code = "91350100M000100Y43";
  EXPECT_EQ(RuleIds(by_code, &ctx).count("W-01"), 1u);
  Listing full_width = Toy("2021012202100001", "福州新禾玩具有限公司", "店");
  full_width.seller.credit_code = "９１３５０１００Ｍ０００１００Ｙ４３";
  full_width.attributes.pop_back();
  full_width.attributes.pop_back();
  EXPECT_EQ(RuleIds(full_width, &ctx).count("W-01"), 1u) << "a full-width credit code";
}

// ---------------------------------------------------------------- new rules: evasion, look-alikes

Listing Stationery(const std::string& title, const std::string& warning) {
  Listing l;
  l.site = "lanmao";
  l.item_id = "1";
  l.title = title;
  l.category_path = {"学生文具", "手工工具"};
  l.attributes = {{"执行标准", "GB 21027-2020"},
                  {"适用年龄", "6-14岁"},
                  {"生产企业", "宁德晨光文具有限公司"},
                  {"生产地址", "福建省宁德市蕉城区工业路8号"}};
  if (!warning.empty()) l.attributes.emplace_back("警示", warning);
  return l;
}

TEST(NewRules, ST02SharpToolsInEveryForm) {
  for (const char* title : {"儿童手工剪刀 学生用", "儿童手工剪 刀 学生用", "兒童手工剪刀 學生用",
                            "学生美*工*刀 开箱", "学生 圆 规 套装"}) {
    EXPECT_EQ(RuleIds(Stationery(title, "")).count("ST-02"), 1u) << title;
    EXPECT_EQ(RuleIds(Stationery(title, "注意锋利部位，需在成人指导下使用")).count("ST-02"), 0u)
        << title;
  }
  // Look-alikes: a knife-shaped eraser is not a sharp tool; 剪纸 is not 剪刀.
  EXPECT_EQ(RuleIds(Stationery("儿童剪纸书 手工折纸", "")).count("ST-02"), 0u);
}

TEST(NewRules, ST01AgeStatementAnywhereOnTheLabel) {
  Listing l = Stationery("学生中性笔 0.5mm", "请勿将笔帽放入口中");
  l.attributes.erase(l.attributes.begin() + 1);
  EXPECT_EQ(RuleIds(l).count("ST-01"), 1u);
  l.attributes.emplace_back("警示语",
                            "适合１４周岁以下（含１４周岁）的学生使用");  // full-width digits
  EXPECT_EQ(RuleIds(l).count("ST-01"), 0u);
}

TEST(NewRules, G07CottonClaimEvasionsAndTolerance) {
  for (const char* title : {"男童纯棉T恤", "男童純棉T恤", "男童１００％棉T恤", "男童 全 棉 T恤"}) {
    Listing l;
    l.title = title;
    l.category_path = {"童装", "T恤"};
    l.attributes = {{"面料成分", "棉60% 聚酯纤维40%"}};
    EXPECT_EQ(RuleIds(l).count("G-07"), 1u) << title;
    l.attributes = {{"面料成分", "棉95% 氨纶5%"}};
    EXPECT_EQ(RuleIds(l).count("G-07"), 0u) << title << " with 5% elastane";
    l.attributes = {{"面料成分", "棉100%"}};
    EXPECT_EQ(RuleIds(l).count("G-07"), 0u) << title;
  }
}

TEST(NewRules, T10DisclaimerOnlyWhenMarketedToChildren) {
  Listing l;
  l.title = "六一儿童节礼物 合金枪模型 僅供收藏";
  l.category_path = {"玩具", "模型玩具"};
  EXPECT_EQ(RuleIds(l).count("T-10"), 1u) << "traditional 僅供收藏";
  l.title = "儿童玩具 加入收藏 优先发货";
  EXPECT_EQ(RuleIds(l).count("T-10"), 0u) << "收藏 (bookmark the shop) is no disclaimer";
  l.title = "儿童合金车模型";
  l.attributes = {{"警示", "须在成人监护下使用"}};
  EXPECT_EQ(RuleIds(l).count("T-10"), 0u);
}

TEST(NewRules, T09SpacedMagnetWordsStillNeedAWarning) {
  Listing l;
  l.title = "儿童 强 磁 磁力棒 积木";
  l.category_path = {"玩具", "积木"};
  l.attributes = {{"适用年龄", "6岁以上"}};
  EXPECT_EQ(RuleIds(l).count("T-09"), 1u);
  l.attributes.emplace_back("警示", "警告：内含磁铁，误吞有危险");
  EXPECT_EQ(RuleIds(l).count("T-09"), 0u);
  Listing none;
  none.title = "婴儿布书 无小零件";
  none.category_path = {"玩具", "早教玩具"};
  EXPECT_EQ(RuleIds(none).count("T-09"), 0u);
}

TEST(NewRules, AdultGoodsStayOutOfScope) {
  for (const auto& [title, cat] :
       std::vector<std::pair<std::string, std::string>>{{"成人纯棉T恤 男士", "男装"},
                                                        {"办公剪刀 不锈钢", "办公用品"},
                                                        {"女士运动鞋 40码", "女鞋"}}) {
    Listing l;
    l.title = title;
    l.category_path = {cat};
    l.attributes = {{"面料成分", "棉60% 聚酯纤维40%"}};
    Evaluation ev = Engine().Evaluate(l, kAt);
    EXPECT_FALSE(ev.in_scope) << title;
    EXPECT_TRUE(ev.findings.empty()) << title;
  }
}

}  // namespace
}  // namespace shouhu::rules
