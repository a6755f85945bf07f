#include "pipeline/ground_truth.h"

#include <fstream>
#include <nlohmann/json.hpp>

#include "model/finding.h"
#include "storage/database.h"

namespace shouhu::pipeline {

double CategoryScore::precision() const {
  int flagged = true_positive + false_positive;
  return flagged == 0 ? 1.0 : static_cast<double>(true_positive) / flagged;
}

double CategoryScore::recall() const {
  int expected = true_positive + false_negative;
  return expected == 0 ? 1.0 : static_cast<double>(true_positive) / expected;
}

Result<GroundTruth> LoadGroundTruth(const std::string& path) {
  std::ifstream in(path);
  if (!in) return IoError(path + ": cannot open ground truth");
  GroundTruth truth;
  std::string line;
  int line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.empty()) continue;
    auto j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded() || !j.is_object()) {
      return ParseError(path + ":" + std::to_string(line_no) + ": not a JSON object");
    }
    if (!j.contains("site") || !j.contains("item_id") || !j.contains("expected")) {
      return ParseError(path + ":" + std::to_string(line_no) +
                        ": field 'site', 'item_id' or 'expected' missing");
    }
    auto key = std::make_pair(j["site"].get<std::string>(), j["item_id"].get<std::string>());
    std::set<std::string> cats;
    for (const auto& c : j["expected"]) cats.insert(c.get<std::string>());
    truth.expected[key] = std::move(cats);
    truth.in_scope[key] = j.value("in_scope", true);
  }
  return truth;
}

Score ScoreAgainst(
    const GroundTruth& truth,
    const std::map<std::pair<std::string, std::string>, std::set<std::string>>& found) {
  Score score;
  score.listings_expected = static_cast<int>(truth.expected.size());
  std::map<std::string, CategoryScore> by_cat;
  for (auto c : kFindingCategories) by_cat[std::string(c)].category = std::string(c);
  for (const auto& [key, flagged] : found) {
    auto it = truth.expected.find(key);
    if (it == truth.expected.end()) {
      ++score.listings_unknown;
      continue;
    }
    ++score.listings_scored;
    const std::set<std::string>& expected = it->second;
    for (auto& [cat, s] : by_cat) {
      bool e = expected.count(cat) > 0;
      bool f = flagged.count(cat) > 0;
      if (e && f)
        ++s.true_positive;
      else if (f)
        ++s.false_positive;
      else if (e)
        ++s.false_negative;
    }
  }
  // A listing the sweep never stored misses every category it should have had:
  // recall measures the crawl as well as the rules.
  for (const auto& [key, expected] : truth.expected) {
    if (found.count(key)) continue;
    for (const auto& cat : expected) {
      auto it = by_cat.find(cat);
      if (it != by_cat.end()) ++it->second.false_negative;
    }
  }
  for (auto c : kFindingCategories) score.categories.push_back(by_cat[std::string(c)]);
  return score;
}

Result<std::map<std::pair<std::string, std::string>, std::set<std::string>>> LoadFoundCategories(
    const std::string& db_path, int64_t sweep_id) {
  auto db = storage::Database::Open(db_path);
  if (!db.ok()) return db.status();
  auto rows = (*db)->ListingsWithFindings(sweep_id);
  if (!rows.ok()) return rows.status();
  std::map<std::pair<std::string, std::string>, std::set<std::string>> found;
  for (auto& r : *rows)
    found[{r.site, r.item_id}] = std::set<std::string>(r.categories.begin(), r.categories.end());
  return found;
}

}  // namespace shouhu::pipeline
