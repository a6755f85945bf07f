#include "app/review_commands.h"

#include <iostream>
#include <nlohmann/json.hpp>

#include "app/commands.h"
#include "evidence/review_evidence.h"
#include "storage/database.h"
#include "storage/review_log.h"

namespace shouhu::app {

int RunReviewListCommand(const ReviewListArgs& args) {
  if (args.category && !IsFindingCategory(*args.category)) {
    return ReportError(
        InvalidArgument("--category '" + *args.category + "': not a finding category"));
  }
  if (args.severity && *args.severity != "high" && *args.severity != "medium" &&
      *args.severity != "low") {
    return ReportError(
        InvalidArgument("--severity '" + *args.severity + "': expected high, medium or low"));
  }
  auto db = storage::Database::OpenExisting(args.db);
  if (!db.ok()) return ReportError(db.status());
  storage::ReviewFilter filter;
  filter.category = args.category;
  filter.severity = args.severity;
  filter.site = args.site;
  filter.undecided_only = args.undecided;
  auto items = storage::ListReviewQueue(**db, filter);
  if (!items.ok()) return ReportError(items.status());
  int64_t undecided = 0;
  for (const storage::ReviewItem& it : *items) {
    if (!it.last_decision) ++undecided;
    if (args.json) {
      nlohmann::json j = {{"finding_id", it.finding_id},
                          {"listing_id", it.listing_id},
                          {"version_id", it.version_id},
                          {"site", it.site},
                          {"item_id", it.item_id},
                          {"rule_id", it.finding.rule_id},
                          {"category", it.finding.category},
                          {"severity", it.finding.severity},
                          {"field", it.finding.field},
                          {"snippet", it.finding.snippet},
                          {"status", it.last_decision ? it.last_decision->decision : "open"}};
      if (it.last_decision) {
        j["inspector"] = it.last_decision->inspector;
        j["decided_at"] = it.last_decision->decided_at;
      }
      std::cout << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
      continue;
    }
    std::cout << "#" << it.finding_id << "  " << it.site << "/" << it.item_id << " (listing "
              << it.listing_id << ")  " << it.finding.rule_id << " " << it.finding.category << " "
              << it.finding.severity << "  "
              << (it.last_decision
                      ? it.last_decision->decision + " by " + it.last_decision->inspector + " " +
                            it.last_decision->decided_at
                      : std::string("open"))
              << "\n    " << it.finding.field << ": " << ShortenUtf8(it.finding.snippet, 80)
              << "  — " << ShortenUtf8(it.title, 60) << "\n";
  }
  if (!args.json) {
    std::cout << items->size() << " findings, " << undecided << " without a decision\n";
  }
  return kExitOk;
}

int RunReviewDecideCommand(const ReviewDecideArgs& args) {
  if (!storage::IsReviewDecisionKind(args.decision)) {
    return ReportError(InvalidArgument("decision '" + args.decision +
                                       "': expected confirm, dismiss or test-purchase"));
  }
  if (args.inspector.empty()) return ReportError(InvalidArgument("--inspector: required"));
  auto db = storage::Database::OpenExisting(args.db);
  if (!db.ok()) return ReportError(db.status());
  auto d = evidence::RecordReviewDecision(**db, args.finding_id, args.decision, args.inspector,
                                          args.note);
  if (!d.ok()) return ReportError(d.status());
  std::cout << "decision " << d->id << " recorded: finding " << d->finding_id << " " << d->decision
            << " by " << d->inspector << " at " << d->decided_at << "\n  ledger entry "
            << d->ledger_seq << " " << d->ledger_entry_hash << "\n";
  return kExitOk;
}

}  // namespace shouhu::app
