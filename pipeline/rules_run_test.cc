// Offline judging gives a sweep's findings: the demo market swept over a
// FakeWeb with a certificate registry and a watchlist imported, then the
// listings it stored judged again from a JSON Lines file — with the rules
// context read from CSV files, and from a fresh database holding the same
// imports.
#include "pipeline/rules_run.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "base/url.h"
#include "crawler/fake_fetcher.h"
#include "crawler/simulated_clock.h"
#include "pipeline/registry_import.h"
#include "pipeline/rules_context.h"
#include "pipeline/sweep.h"
#include "storage/certificate_store.h"
#include "storage/database.h"
#include "tests/market/market.h"
#include "tests/market_web.h"

namespace shouhu::pipeline {
namespace {
namespace fs = std::filesystem;

// What a finding says, without its database id.
std::string Key(const Finding& f) { return f.rule_id + "|" + f.field + "|" + f.snippet; }

using Judged = std::map<std::string, std::vector<std::string>>;  // site/item -> finding keys

Judged JudgeFile(const std::string& listings, const rules::RuleEngine& engine,
                 const SweepRulesContext& context, const std::string& at) {
  Judged out;
  Status s = JudgeListingsFile(listings, engine, context.context(), at,
                               [&](const Listing& l, const rules::Evaluation& ev) {
                                 auto& keys = out[l.site + "/" + l.item_id];
                                 for (const Finding& f : ev.findings) keys.push_back(Key(f));
                               });
  EXPECT_TRUE(s.ok()) << s.ToString();
  return out;
}

// The listings on which `got` differs from `want`, with both sides.
std::string Differences(const Judged& got, const Judged& want) {
  std::string out;
  for (const auto& [item, keys] : want) {
    auto it = got.find(item);
    if (it == got.end()) {
      out += item + ": not judged\n";
    } else if (it->second != keys) {
      out += item + ": swept {";
      for (const std::string& k : keys) out += " " + k;
      out += " } judged {";
      for (const std::string& k : it->second) out += " " + k;
      out += " }\n";
    }
  }
  if (got.size() != want.size()) out += "judged " + std::to_string(got.size()) + " listings\n";
  return out;
}

TEST(RulesRun, OfflineJudgingGivesTheSweepsFindings) {
  const fs::path dir = fs::path(SHOUHU_BINARY_DIR) / "test-output" / "rules-run";
  fs::remove_all(dir);
  fs::create_directories(dir);
  market::MarketOptions m;
  m.seed = 11;
  m.listings = 120;
  m.faults = market::FaultOptions::None();
  // The market's registry says every certificate is valid and its own; make a
  // few revoked and a few someone else's, so T-04 and T-05 have work.
  const std::string registry = (dir / "registry.csv").string();
  ASSERT_TRUE(market::WriteCccRegistry(m, registry + ".orig").ok());
  std::set<std::string> untouched;  // numbers left valid and the producer's own
  {
    std::ifstream in(registry + ".orig");
    std::ofstream out(registry);
    std::string line;
    for (int i = 0; std::getline(in, line); ++i) {
      if (i > 0 && i % 4 != 1 && i % 4 != 3) untouched.insert(line.substr(0, line.find(',')));
      std::vector<std::string> cells;
      for (size_t start = 0;;) {
        size_t comma = line.find(',', start);
        cells.push_back(line.substr(start, comma - start));
        if (comma == std::string::npos) break;
        start = comma + 1;
      }
      if (i > 0 && cells.size() == 8 && i % 4 == 1) cells[5] = "撤销";
      if (i > 0 && cells.size() == 8 && i % 4 == 3) cells[1] = cells[2] = "某某无关电器有限公司";
      for (size_t c = 0; c < cells.size(); ++c) out << (c ? "," : "") << cells[c];
      out << "\n";
    }
  }
  const std::string watchlist = std::string(SHOUHU_SOURCE_DIR) + "/config/watchlist/demo.csv";

  testing_util::MarketWeb market_web(m);

  crawler::SimulatedClock clock;
  // One worker: pages are judged in the order they are stored, so the stored
  // order is the order certificate reuse was counted in.
  auto config = MakeDemoSweepConfig(std::string(SHOUHU_SOURCE_DIR) + "/config", 8080,
                                    (dir / "sweep").string(), 1);
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  config->crawl.allow_private = false;
  config->at_date = "2026-11-24";
  fs::create_directories(fs::path(config->db_path).parent_path());
  ASSERT_TRUE(ImportCertificates(registry, config->db_path).ok());
  ASSERT_TRUE(ImportWatchlist(watchlist, config->db_path).ok());
  SweepEnv env;
  env.crawl = crawler::CrawlEnv{market_web.web.Factory(), &clock};
  auto report = RunSweep(*config, nullptr, env);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  ASSERT_EQ(report->listings, 120);

  // The sweep's findings, and its listings as JSON Lines in the order stored.
  Judged swept;
  std::set<std::string> rules_hit;
  const std::string listings = (dir / "listings.jsonl").string();
  {
    auto db = storage::Database::Open(config->db_path);
    ASSERT_TRUE(db.ok());
    std::ofstream out(listings);
    std::vector<std::pair<int64_t, std::string>> versions;
    ASSERT_TRUE(storage::ForEachListingJsonAfter(**db, 0, [&](int64_t v, const std::string& text) {
                  versions.emplace_back(v, text);
                }).ok());
    for (const auto& [v, text] : versions) {
      out << text << "\n";
      auto j = nlohmann::json::parse(text);
      auto& keys = swept[j["site"].get<std::string>() + "/" + j["item_id"].get<std::string>()];
      auto findings = (*db)->FindingsForVersion(v);
      ASSERT_TRUE(findings.ok());
      for (const Finding& f : *findings) {
        keys.push_back(Key(f));
        rules_hit.insert(f.rule_id);
      }
    }
  }
  ASSERT_EQ(swept.size(), 120u);
  // The comparison means something only if the registry and reuse rules fired.
  EXPECT_TRUE(rules_hit.count("T-04")) << "no revoked-certificate finding";
  EXPECT_TRUE(rules_hit.count("T-05")) << "no other-holder finding";
  EXPECT_TRUE(rules_hit.count("W-01")) << "no watchlist finding";

  auto engine = rules::RuleEngine::LoadDir(config->rules_dir);
  ASSERT_TRUE(engine.ok());

  // 1. From the CSV files (`shouhu rules run --registry --watchlist`).
  auto files = SweepRulesContext::FromFiles(registry, watchlist, **engine);
  ASSERT_TRUE(files.ok()) << files.status().ToString();
  EXPECT_EQ(Differences(JudgeFile(listings, **engine, **files, "2026-11-24"), swept), "");

  // 2. From a database holding the same imports (`shouhu rules run --db`).
  const std::string fresh = (dir / "fresh.db").string();
  ASSERT_TRUE(ImportCertificates(registry, fresh).ok());
  ASSERT_TRUE(ImportWatchlist(watchlist, fresh).ok());
  auto db = storage::Database::Open(fresh);
  ASSERT_TRUE(db.ok());
  auto loaded = SweepRulesContext::Load(**db, **engine);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_EQ(Differences(JudgeFile(listings, **engine, **loaded, "2026-11-24"), swept), "");

  // Reuse is counted across the batch in file order: a listing showing another
  // seller's certificate number, added at the end, is flagged (T-06); the
  // listings before it are judged as before.
  {
    std::ifstream in(listings);
    std::string line, with_ccc;
    while (std::getline(in, line)) {
      auto j = nlohmann::json::parse(line);
      if (with_ccc.empty() && j.contains("ccc") && j["ccc"].is_array() && j["ccc"].size() == 1 &&
          untouched.count(j["ccc"][0].get<std::string>()) && j.contains("manufacturer"))
        with_ccc = line;
    }
    ASSERT_FALSE(with_ccc.empty());
    auto copy = nlohmann::json::parse(with_ccc);
    copy["item_id"] = "copy-1";
    copy["seller"] = {{"company", "某某无关商贸有限公司"}};
    copy["shop"] = {{"name", "某某无关网店"}, {"id", "copy-shop"}};
    copy["manufacturer"] = {{"name", "某某无关玩具厂"}};
    if (copy.contains("attributes") && copy["attributes"].is_object())
      copy["attributes"].erase("生产企业");  // the producer also reads the parameter table
    const std::string extended = (dir / "extended.jsonl").string();
    std::ofstream(extended) << std::ifstream(listings).rdbuf() << copy.dump() << "\n";
    auto fresh_files = SweepRulesContext::FromFiles(registry, watchlist, **engine);
    ASSERT_TRUE(fresh_files.ok());
    Judged judged = JudgeFile(extended, **engine, **fresh_files, "2026-11-24");
    const auto& keys = judged[copy["site"].get<std::string>() + "/copy-1"];
    EXPECT_TRUE(std::any_of(keys.begin(), keys.end(),
                            [](const std::string& k) { return k.rfind("T-06|", 0) == 0; }))
        << [&] {
             std::string k;
             for (const auto& x : keys) k += x + " ";
             return k;
           }();
    judged.erase(copy["site"].get<std::string>() + "/copy-1");
    EXPECT_EQ(Differences(judged, swept), "");
  }

  // Without the registry the registry rules stay quiet: the files mattered.
  auto bare = SweepRulesContext::FromFiles("", "", **engine);
  ASSERT_TRUE(bare.ok());
  EXPECT_NE(Differences(JudgeFile(listings, **engine, **bare, "2026-11-24"), swept), "");
}

TEST(RulesRun, ABadLineNamesFileAndLine) {
  const fs::path dir = fs::path(SHOUHU_BINARY_DIR) / "test-output" / "rules-run-bad";
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string path = (dir / "bad.jsonl").string();
  std::ofstream(path) << R"({"site":"a","item_id":"1","title":"积木"})"
                      << "\n\n{not json\n";
  auto engine = rules::RuleEngine::LoadDir(std::string(SHOUHU_SOURCE_DIR) + "/config/rules");
  ASSERT_TRUE(engine.ok());
  int judged = 0;
  Status s = JudgeListingsFile(path, **engine, nullptr, std::nullopt,
                               [&](const Listing&, const rules::Evaluation&) { ++judged; });
  EXPECT_EQ(s.code(), StatusCode::kParseError);
  EXPECT_NE(s.message().find("bad.jsonl:3"), std::string::npos) << s.message();
  EXPECT_EQ(judged, 1);
}

TEST(RulesRun, ARegistryFileWithAnErrorNamesIt) {
  const fs::path dir = fs::path(SHOUHU_BINARY_DIR) / "test-output" / "rules-run-registry";
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string path = (dir / "registry.csv").string();
  std::ofstream(path) << "number,holder\n1,2\n";
  auto engine = rules::RuleEngine::LoadDir(std::string(SHOUHU_SOURCE_DIR) + "/config/rules");
  ASSERT_TRUE(engine.ok());
  auto ctx = SweepRulesContext::FromFiles(path, "", **engine);
  ASSERT_FALSE(ctx.ok());
  EXPECT_NE(ctx.status().message().find("registry.csv"), std::string::npos)
      << ctx.status().message();
}

}  // namespace
}  // namespace shouhu::pipeline
