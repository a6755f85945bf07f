// What a sweep prints and writes about itself: the summary table, the ground-truth
// score table, score.json.
#ifndef SHOUHU_APP_SUMMARY_H_
#define SHOUHU_APP_SUMMARY_H_

#include <ostream>
#include <string>

#include "pipeline/ground_truth.h"
#include "pipeline/sweep_report.h"

namespace shouhu::app {

void PrintSweepSummary(std::ostream& out, const pipeline::SweepReport& report);
void PrintScoreTable(std::ostream& out, const pipeline::Score& score);
Status WriteScoreJson(const pipeline::Score& score, const pipeline::SweepReport& report,
                      const std::string& path);

}  // namespace shouhu::app

#endif  // SHOUHU_APP_SUMMARY_H_
