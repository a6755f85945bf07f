// Rule engine throughput (scripts/bench.d/rules.sh):
//
//  - BM_WholePack: listings/s for the shipped pack on one core, normalisation,
//    classification, the set pass and every rule included, over listings the
//    demo market's catalog generates (all groups, compliant and violating).
//  - BM_Corpus: the same over the hand-written labelled corpus
//    (tests/testdata/listings/*.jsonl): longer descriptions, label lines in
//    prose, more parameter rows.
//  - BM_SetPass/K vs BM_EachRegex/K: the cost as the rule count grows from 10
//    to 500 — K synthetic keyword rules matched over the same normalised
//    listing texts as one RE2::Set pass, or as K regexes one by one.
//  - BM_SyntheticPack/K: the whole engine with a pack of K synthetic rules.
#include <benchmark/benchmark.h>
#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "model/listing.h"
#include "rules/normalizer.h"
#include "rules/rule_engine.h"
#include "tests/market/catalog.h"

namespace shouhu::rules {
namespace {
namespace fs = std::filesystem;

constexpr uint64_t kSeed = 20261111;
constexpr int kListings = 2000;
constexpr const char* kAt = "2026-11-24";

shouhu::Listing FromMarket(const market::Listing& m) {
  shouhu::Listing l;
  l.site = "bench";
  l.item_id = m.item_id;
  l.title = m.title;
  l.brand = m.brand;
  l.model = m.model;
  l.description = m.description;
  std::string_view path = m.category_path;
  while (!path.empty()) {
    const size_t gt = path.find(" > ");
    l.category_path.emplace_back(path.substr(0, gt));
    if (gt == std::string_view::npos) break;
    path.remove_prefix(gt + 3);
  }
  for (const auto& p : m.params) l.attributes.emplace_back(p.name, p.value);
  return l;
}

const std::vector<shouhu::Listing>& Listings() {
  static const std::vector<shouhu::Listing> listings = [] {
    std::vector<shouhu::Listing> v;
    for (int i = 0; i < kListings; ++i) v.push_back(FromMarket(market::MakeListing(kSeed, i)));
    return v;
  }();
  return listings;
}

// Deterministic pseudo-words from a pool of common listing characters, so the
// synthetic patterns look like real keyword lists without matching everything.
std::vector<std::string> SyntheticWords(int rules, int per_rule) {
  static const char* kChars[] = {"儿", "童", "玩", "具", "磁", "珠", "泥", "笔", "刀",
                                 "盒", "球", "车", "灯", "鞋", "帽", "绳", "胶", "水",
                                 "晶", "宝", "贴", "纸", "书", "包", "粉", "蓝", "红",
                                 "金", "银", "星", "月", "云", "熊", "兔", "猫", "龙"};
  constexpr uint64_t kN = sizeof(kChars) / sizeof(kChars[0]);
  std::vector<std::string> patterns;
  uint64_t x = 0x9E3779B97F4A7C15ull;
  for (int r = 0; r < rules; ++r) {
    std::string alt;
    for (int w = 0; w < per_rule; ++w) {
      std::string word;
      for (int c = 0; c < 3; ++c) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        word += kChars[x % kN];
      }
      alt += (alt.empty() ? "" : "|") + word;
    }
    patterns.push_back(alt);
  }
  return patterns;
}

const std::vector<std::string>& FoldedTexts() {
  static const std::vector<std::string> texts = [] {
    auto norm = Normalizer::Create();
    std::vector<std::string> v;
    for (const auto& l : Listings())
      v.push_back(norm.value()->Fold(*l.title + "\n" + *l.description));
    return v;
  }();
  return texts;
}

void BM_WholePack(benchmark::State& state) {
  static auto engine = RuleEngine::LoadDir(std::string(SHOUHU_SOURCE_DIR) + "/config/rules");
  if (!engine.ok()) {
    state.SkipWithError(engine.status().ToString().c_str());
    return;
  }
  const auto& listings = Listings();
  size_t i = 0, findings = 0;
  for (auto _ : state) {
    Evaluation ev = (*engine)->Evaluate(listings[i++ % listings.size()], kAt);
    findings += ev.findings.size();
    benchmark::DoNotOptimize(ev);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
  state.counters["rules"] = static_cast<double>((*engine)->rule_count());
  state.counters["findings_per_listing"] =
      static_cast<double>(findings) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_WholePack);

const std::vector<shouhu::Listing>& CorpusListings() {
  static const std::vector<shouhu::Listing> listings = [] {
    std::vector<shouhu::Listing> v;
    const fs::path dir = fs::path(SHOUHU_SOURCE_DIR) / "tests/testdata/listings";
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(dir))
      if (e.path().extension() == ".jsonl") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
      std::ifstream in(f);
      std::string line;
      while (std::getline(in, line)) {
        auto j = nlohmann::json::parse(line, nullptr, false);
        if (j.is_discarded()) continue;
        auto l = ListingFromJson(j, f.string());
        if (l.ok()) v.push_back(std::move(l).value());
      }
    }
    return v;
  }();
  return listings;
}

void BM_Corpus(benchmark::State& state) {
  static auto engine = RuleEngine::LoadDir(std::string(SHOUHU_SOURCE_DIR) + "/config/rules");
  const auto& listings = CorpusListings();
  if (!engine.ok() || listings.empty()) {
    state.SkipWithError("engine or corpus not loaded");
    return;
  }
  size_t i = 0;
  for (auto _ : state) {
    Evaluation ev = (*engine)->Evaluate(listings[i++ % listings.size()], kAt);
    benchmark::DoNotOptimize(ev);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
  state.counters["listings"] = static_cast<double>(listings.size());
}
BENCHMARK(BM_Corpus);

void BM_Normalize(benchmark::State& state) {
  static auto norm = Normalizer::Create();
  const auto& listings = Listings();
  size_t i = 0;
  for (auto _ : state) {
    const auto& l = listings[i++ % listings.size()];
    benchmark::DoNotOptimize(norm.value()->Normalize(*l.title));
    benchmark::DoNotOptimize(norm.value()->Normalize(*l.description));
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(BM_Normalize);

RE2::Options Options() {
  RE2::Options o;
  o.set_log_errors(false);
  o.set_max_mem(64 << 20);
  return o;
}

void BM_SetPass(benchmark::State& state) {
  const auto patterns = SyntheticWords(static_cast<int>(state.range(0)), 4);
  RE2::Set set(Options(), RE2::UNANCHORED);
  for (const auto& p : patterns) set.Add(p, nullptr);
  if (!set.Compile()) {
    state.SkipWithError("set does not compile");
    return;
  }
  const auto& texts = FoldedTexts();
  std::vector<int> hits;
  size_t i = 0;
  for (auto _ : state) {
    hits.clear();
    set.Match(texts[i++ % texts.size()], &hits);
    benchmark::DoNotOptimize(hits);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(BM_SetPass)->Arg(10)->Arg(50)->Arg(100)->Arg(250)->Arg(500);

void BM_EachRegex(benchmark::State& state) {
  const auto patterns = SyntheticWords(static_cast<int>(state.range(0)), 4);
  std::vector<std::unique_ptr<RE2>> res;
  for (const auto& p : patterns) res.push_back(std::make_unique<RE2>(p, Options()));
  const auto& texts = FoldedTexts();
  size_t i = 0;
  for (auto _ : state) {
    const std::string& t = texts[i++ % texts.size()];
    int hits = 0;
    for (const auto& re : res) hits += RE2::PartialMatch(t, *re) ? 1 : 0;
    benchmark::DoNotOptimize(hits);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(BM_EachRegex)->Arg(10)->Arg(50)->Arg(100)->Arg(250)->Arg(500);

// A pack of K keyword rules (title/description) over the shipped vocabulary.
void BM_SyntheticPack(benchmark::State& state) {
  const int k = static_cast<int>(state.range(0));
  const fs::path dir = fs::temp_directory_path() / ("shouhu-rules-bench-" + std::to_string(k));
  fs::create_directories(dir);
  {
    std::ofstream out(dir / "synthetic.toml");
    out << "[pack]\nid = \"synthetic\"\nversion = 1\nvocabulary = \"" << SHOUHU_SOURCE_DIR
        << "/config/rules/vocabulary.toml\"\n";
    const auto patterns = SyntheticWords(k, 4);
    for (int r = 0; r < k; ++r) {
      out << "\n[[rule]]\nid = \"S-" << r << "\"\nversion = 1\ncategory = \"novelty\"\n"
          << "severity = \"low\"\ngroups = [\"any\"]\nmessage = \"合成规则\"\nbasis = "
             "\"基准测试\"\n"
          << "when = { pattern = '" << patterns[static_cast<size_t>(r)]
          << "', in = [\"title\", \"description\"] }\n";
      const std::string word =
          patterns[static_cast<size_t>(r)].substr(0, patterns[static_cast<size_t>(r)].find('|'));
      for (const char* expect : {"hit", "hit", "miss", "miss"}) {
        out << "\n[[rule.example]]\nexpect = \"" << expect << "\"\ntitle = \"儿童玩具 "
            << (expect[0] == 'h' ? word : std::string("木制积木")) << "\"\n";
      }
    }
  }
  auto engine = RuleEngine::LoadDir(dir.string());
  if (!engine.ok()) {
    state.SkipWithError(engine.status().ToString().c_str());
    return;
  }
  const auto& listings = Listings();
  size_t i = 0;
  for (auto _ : state)
    benchmark::DoNotOptimize((*engine)->Evaluate(listings[i++ % listings.size()], kAt));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
  fs::remove_all(dir);
}
BENCHMARK(BM_SyntheticPack)->Arg(10)->Arg(100)->Arg(500);

}  // namespace
}  // namespace shouhu::rules

BENCHMARK_MAIN();
