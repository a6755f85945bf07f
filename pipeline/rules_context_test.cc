// The certificate registry and watchlist through the database: the imports
// (`certs import`, `watchlist import`) store what the CSV says, a bad file stores nothing,
// and a sweep's rules context sees the registry, the imported watchlist and
// the certificate numbers of earlier sweeps (T-04, T-05, T-06, W-01).
#include "pipeline/rules_context.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "pipeline/registry_import.h"
#include "rules/rule_engine.h"
#include "storage/certificate_store.h"
#include "storage/database.h"

namespace shouhu::pipeline {
namespace {
namespace fs = std::filesystem;

constexpr const char* kAt = "2026-11-24";

fs::path FreshDir(const std::string& name = "registry-sweep") {
  fs::path dir = fs::path(SHOUHU_BINARY_DIR) / "test-output" / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

std::string Write(const fs::path& p, const std::string& text) {
  std::ofstream(p, std::ios::binary) << text;
  return p.string();
}

Listing Toy(const std::string& item, const std::string& ccc, const std::string& producer,
            const std::string& seller) {
  Listing l;
  l.site = "tiantu";
  l.item_id = item;
  l.title = "儿童电动遥控越野车 四驱 可充电";
  l.category_path = {"玩具", "遥控玩具"};
  l.attributes = {{"执行标准", "GB 6675.1-2014"},
                  {"适用年龄", "6岁以上"},
                  {"3C证书编号", ccc},
                  {"警示", "警告：内含小零件，不适合3岁以下儿童使用"},
                  {"生产企业", producer},
                  {"生产地址", "福建省泉州市丰泽区东海街道1号"}};
  l.seller.company = seller;
  l.fetched_at = std::string(kAt) + "T08:00:00Z";
  return l;
}

std::set<std::string> RuleIds(const rules::RuleEngine& engine, const Listing& l,
                              const rules::EvaluationContext* ctx) {
  std::set<std::string> out;
  for (const auto& f : engine.Evaluate(l, kAt, ctx).findings) out.insert(f.rule_id);
  return out;
}

TEST(RegistrySweep, ImportsAndChecksAcrossTwoSweeps) {
  const fs::path dir = FreshDir();
  const std::string db_path = (dir / "shouhu.db").string();
  auto engine_or = rules::RuleEngine::LoadDir(std::string(SHOUHU_SOURCE_DIR) + "/config/rules");
  ASSERT_TRUE(engine_or.ok()) << engine_or.status().ToString();
  const rules::RuleEngine& engine = **engine_or;

  // A bad registry file stores nothing and names file:line:field.
  const std::string bad =
      Write(dir / "bad.csv",
            "number,holder,manufacturer,product,models,status,issued_on,expires_on\n"
            "2021012202100001,泉州童趣玩具有限公司,泉州童趣玩具有限公司,遥控车,RC-1,有效,"
            "2021-03-15,2031-03-14\n"
            "2020012203100002,汕头宏达玩具厂,汕头宏达玩具厂,积木,KB-1,失效,2020-05-10,\n");
  auto failed = pipeline::ImportCertificates(bad, db_path);
  ASSERT_FALSE(failed.ok());
  EXPECT_NE(failed.status().message().find(bad + ":3: field 'status'"), std::string::npos)
      << failed.status().message();

  const std::string good =
      Write(dir / "registry.csv",
            "number,holder,manufacturer,product,models,status,issued_on,expires_on\n"
            "2021012202100001,泉州童趣玩具有限公司,泉州童趣玩具有限公司,电动遥控越野车,"
            "RC-2201,有效,2021-03-15,2031-03-14\n"
            "2020012203100002,汕头宏达玩具厂,汕头宏达玩具厂,塑胶积木,KB-1,撤销,2020-05-10,\n");
  ASSERT_EQ(*pipeline::ImportCertificates(good, db_path), 2u);
  ASSERT_EQ(*pipeline::ImportCertificates(good, db_path), 2u) << "re-import replaces by number";
  const std::string watch =
      Write(dir / "watch.csv",
            "name,credit_code,failed_items,failed_on\n"
            "福州新禾玩具有限公司,91350100M000100Y43,电玩具（安全性能不合格）,2025-09-01\n");
  ASSERT_EQ(*pipeline::ImportWatchlist(watch, db_path), 1u);

  auto db = storage::Database::Open(db_path);
  ASSERT_TRUE(db.ok()) << db.status().ToString();
  auto certs = storage::LoadCertificates(**db);
  ASSERT_TRUE(certs.ok());
  ASSERT_EQ(certs->size(), 2u);
  EXPECT_EQ((*certs)[1].status, "撤销");
  auto wl = storage::LoadWatchlist(**db);
  ASSERT_TRUE(wl.ok());
  EXPECT_EQ(wl->size(), 2u);  // the name and the credit code

  // Sweep 1 stores a listing showing the holder's certificate.
  auto s1 = (*db)->BeginSweep("one", "2026-11-01T00:00:00Z");
  ASSERT_TRUE(s1.ok());
  auto ctx1 = pipeline::SweepRulesContext::Load(**db, engine);
  ASSERT_TRUE(ctx1.ok()) << ctx1.status().ToString();
  EXPECT_EQ((*ctx1)->certificates(), 2u);
  const Listing own = Toy("1", "2021012202100001", "泉州童趣玩具有限公司", "童趣旗舰店");
  EXPECT_TRUE(RuleIds(engine, own, (*ctx1)->context()).empty());
  ASSERT_TRUE((*db)->StoreListing(*s1, own, {}, {"toy"}, storage::EvidenceRef{}).ok());

  // Sweep 2: the number again, from an unrelated seller naming another producer.
  auto s2 = (*db)->BeginSweep("two", "2026-11-24T00:00:00Z");
  ASSERT_TRUE(s2.ok());
  auto ctx2 = pipeline::SweepRulesContext::Load(**db, engine);
  ASSERT_TRUE(ctx2.ok()) << ctx2.status().ToString();
  EXPECT_EQ((*ctx2)->earlier_numbers(), 1u);
  EXPECT_EQ((*ctx2)->indexed_versions(), 1);  // sweep 1's listing, read once into certificate_uses
  {
    // The next start reads no listing JSON again: the index is up to date.
    auto again = pipeline::SweepRulesContext::Load(**db, engine);
    ASSERT_TRUE(again.ok()) << again.status().ToString();
    EXPECT_EQ((*again)->indexed_versions(), 0);
    EXPECT_EQ((*again)->earlier_numbers(), 1u);
  }
  const auto borrowed =
      RuleIds(engine, Toy("2", "2021012202100001", "汕头市澄海区宏达玩具厂", "乐乐玩具商行"),
              (*ctx2)->context());
  EXPECT_EQ(borrowed.count("T-05"), 1u);
  EXPECT_EQ(borrowed.count("T-06"), 1u);
  EXPECT_EQ(borrowed.count("T-04"), 0u);
  EXPECT_TRUE(RuleIds(engine, own, (*ctx2)->context()).empty()) << "the same listing seen again";
  EXPECT_EQ(
      RuleIds(engine, Toy("3", "2020012203100002", "汕头宏达玩具厂", "宏达店"), (*ctx2)->context())
          .count("T-04"),
      1u);
  EXPECT_EQ(RuleIds(engine, Toy("4", "2021012202100001", "福州新禾玩具有限公司", "新禾店"),
                    (*ctx2)->context())
                .count("W-01"),
            1u);
}

TEST(RegistrySweep, CertificateUseIndexKeepsTheFirstSightingAndOnlyGrows) {
  const fs::path dir = FreshDir("certificate-uses");
  auto db = storage::Database::Open((dir / "shouhu.db").string());
  ASSERT_TRUE(db.ok()) << db.status().ToString();
  auto sweep = (*db)->BeginSweep("one", "2026-11-01T00:00:00Z");
  ASSERT_TRUE(sweep.ok());
  for (const char* item : {"1", "2", "3"})
    ASSERT_TRUE((*db)
                    ->StoreListing(
                        *sweep, Toy(item, "2021012202100001", "泉州童趣玩具有限公司", "童趣旗舰店"),
                        {}, {"toy"}, storage::EvidenceRef{})
                    .ok());
  std::vector<int64_t> versions;
  ASSERT_TRUE(storage::ForEachListingJsonAfter(**db, 0, [&](int64_t id, const std::string& json) {
                versions.push_back(id);
                EXPECT_NE(json.find("2021012202100001"), std::string::npos);
              }).ok());
  ASSERT_EQ(versions.size(), 3u);
  EXPECT_LT(versions[0], versions[1]);
  std::vector<int64_t> after_first;
  ASSERT_TRUE(
      storage::ForEachListingJsonAfter(**db, versions[0], [&](int64_t id, const std::string&) {
        after_first.push_back(id);
      }).ok());
  EXPECT_EQ(after_first, (std::vector<int64_t>{versions[1], versions[2]}));

  EXPECT_EQ(*storage::CertificateUsesIndexedUpTo(**db), 0);
  ASSERT_TRUE(
      storage::AddCertificateUses(
          **db, {{"2021012202100001", "name:童趣", "童趣", "tiantu/1", versions[0]}}, versions[0])
          .ok());
  // The same (number, seller, producer) again keeps where it was first seen; a
  // lower mark never moves the index back.
  ASSERT_TRUE(storage::AddCertificateUses(
                  **db,
                  {{"2021012202100001", "name:童趣", "童趣", "tiantu/3", versions[2]},
                   {"2021012202100001", "name:宏达", "宏达", "tiantu/2", versions[1]}},
                  versions[2])
                  .ok());
  ASSERT_TRUE(storage::AddCertificateUses(**db, {}, versions[1]).ok());
  EXPECT_EQ(*storage::CertificateUsesIndexedUpTo(**db), versions[2]);
  std::vector<std::string> seen;
  ASSERT_TRUE(storage::ForEachCertificateUse(**db, [&](const storage::CertificateUseRow& r) {
                seen.push_back(r.seller + "@" + r.listing);
              }).ok());
  EXPECT_EQ(seen, (std::vector<std::string>{"name:童趣@tiantu/1", "name:宏达@tiantu/2"}));
}

}  // namespace
}  // namespace shouhu::pipeline
