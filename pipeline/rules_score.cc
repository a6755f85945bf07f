#include "pipeline/rules_score.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "pipeline/rules_run.h"

namespace shouhu::pipeline {
namespace {

// The `expected` categories of a labelled line; nullopt when it has none.
Result<std::optional<std::vector<std::string>>> ExpectedOf(const nlohmann::json& line,
                                                           const std::string& where) {
  auto it = line.find("expected");
  if (it == line.end()) return std::optional<std::vector<std::string>>();
  if (!it->is_array()) return ParseError(where + ": field 'expected': expected an array");
  std::vector<std::string> out;
  for (const auto& c : *it) {
    if (!c.is_string() || !IsFindingCategory(c.get<std::string>())) {
      return ParseError(where + ": field 'expected': " + c.dump() +
                        " is not a finding category (doc/design.md §5.2)");
    }
    out.push_back(c.get<std::string>());
  }
  return std::optional<std::vector<std::string>>(std::move(out));
}

bool Contains(const std::vector<std::string>& v, std::string_view s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

}  // namespace

Result<ScoreReport> ScoreListingsFiles(const std::vector<std::string>& files,
                                       const rules::RuleEngine& engine,
                                       const rules::EvaluationContext* context,
                                       const std::optional<std::string>& at) {
  ScoreReport report;
  for (auto c : kFindingCategories) report.categories.push_back({std::string(c)});
  for (const std::string& file : files) {
    Status s = JudgeListingLines(
        file, engine, context, at,
        [&](const std::string& where, const nlohmann::json& line, const Listing& listing,
            const rules::Evaluation& ev) -> Status {
          auto labelled = ExpectedOf(line, where);
          if (!labelled.ok()) return labelled.status();
          const std::optional<std::vector<std::string>>& expected = labelled.value();
          if (!ev.error.empty()) report.errors.push_back(where + ": " + ev.error);
          if (!expected) {
            ++report.unlabelled;
            return Status::Ok();
          }
          ++report.listings;
          std::vector<std::string> flagged;
          for (const Finding& f : ev.findings) {
            if (!Contains(flagged, f.category)) flagged.push_back(f.category);
          }
          for (CategoryScore& cs : report.categories) {
            const bool want = Contains(*expected, cs.category);
            const bool got = Contains(flagged, cs.category);
            if (want && got) ++cs.true_positive;
            if (want == got) continue;
            (got ? cs.false_positive : cs.false_negative)++;
            Disagreement d;
            d.where = where;
            d.item_id = listing.item_id;
            d.category = cs.category;
            d.false_positive = got;
            d.groups = ev.groups;
            d.in_scope = ev.in_scope;
            d.group_evidence = ev.group_evidence;
            for (const Finding& f : ev.findings) {
              if (f.category == cs.category)
                d.findings.push_back(f.rule_id + " " + f.field + ": " + f.snippet);
            }
            if (auto n = line.find("note"); n != line.end() && n->is_string())
              d.note = n->get<std::string>();
            report.disagreements.push_back(std::move(d));
          }
          return Status::Ok();
        });
    if (!s.ok()) return s;
  }
  for (const CategoryScore& cs : report.categories) {
    report.micro.true_positive += cs.true_positive;
    report.micro.false_positive += cs.false_positive;
    report.micro.false_negative += cs.false_negative;
  }
  report.micro.category = "micro";
  return report;
}

}  // namespace shouhu::pipeline
