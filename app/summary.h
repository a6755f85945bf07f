// What a sweep prints and writes about itself: the summary table, the ground-truth
// score table, score.json, and small shared helpers for the commands.
#ifndef SHOUHU_APP_SUMMARY_H_
#define SHOUHU_APP_SUMMARY_H_

#include <map>
#include <nlohmann/json.hpp>
#include <ostream>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "app/ground_truth.h"
#include "app/sweep.h"
#include "base/time.h"
#include "model/finding.h"

namespace shouhu::app {

// (site, item_id) -> categories flagged, for every listing of the sweep that has
// findings (a listing without findings is simply absent, which scores the same).
Result<std::map<std::pair<std::string, std::string>, std::set<std::string>>> LoadFoundCategories(
    const std::string& db_path, int64_t sweep_id);

void PrintSweepSummary(std::ostream& out, const SweepReport& report);
void PrintScoreTable(std::ostream& out, const Score& score);
Status WriteScoreJson(const Score& score, const SweepReport& report, const std::string& path);

}  // namespace shouhu::app

#endif  // SHOUHU_APP_SUMMARY_H_
