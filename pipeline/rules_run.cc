#include "pipeline/rules_run.h"

#include <fstream>
#include <nlohmann/json.hpp>

#include "base/time.h"

namespace shouhu::pipeline {

nlohmann::json GroupScoresJson(const rules::Evaluation& ev) {
  nlohmann::json out = nlohmann::json::array();
  for (const rules::GroupMatch& m : ev.group_matches) {
    nlohmann::json g = {{"group", m.group}, {"score", m.score}, {"words", m.words}};
    if (!m.excluded_by.empty()) g["excluded_by"] = m.excluded_by;
    out.push_back(std::move(g));
  }
  return out;
}

std::string JudgeDate(const std::optional<std::string>& at, const std::string& fetched_at) {
  if (at) return *at;
  return fetched_at.size() >= 10 ? fetched_at.substr(0, 10) : TodayUtc();
}

Status JudgeListingsFile(
    const std::string& listings_file, const rules::RuleEngine& engine,
    const rules::EvaluationContext* context, const std::optional<std::string>& at,
    const std::function<void(const Listing&, const rules::Evaluation&)>& judged) {
  return JudgeListingLines(listings_file, engine, context, at,
                           [&](const std::string&, const nlohmann::json&, const Listing& listing,
                               const rules::Evaluation& ev) {
                             judged(listing, ev);
                             return Status::Ok();
                           });
}

Status JudgeListingLines(
    const std::string& listings_file, const rules::RuleEngine& engine,
    const rules::EvaluationContext* context, const std::optional<std::string>& at,
    const std::function<Status(const std::string& where, const nlohmann::json& line, const Listing&,
                               const rules::Evaluation&)>& judged) {
  std::ifstream in(listings_file);
  if (!in) return IoError(listings_file + ": cannot open file");
  std::string line;
  int line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    const std::string where = listings_file + ":" + std::to_string(line_no);
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded()) return ParseError(where + ": not valid JSON");
    auto listing = ListingFromJson(j, where);
    if (!listing.ok()) return listing.status();
    const std::string date = JudgeDate(at, listing->fetched_at);
    rules::Evaluation ev = engine.Evaluate(*listing, date, context);
    SHOUHU_RETURN_IF_ERROR(judged(where, j, *listing, ev));
  }
  return Status::Ok();
}

}  // namespace shouhu::pipeline
