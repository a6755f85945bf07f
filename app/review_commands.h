// Review from the command line (until the web console exists): the queue of
// findings on listings' current versions, and append-only decisions that are
// also entries in the evidence ledger (evidence/review_evidence.h). Exit codes as in
// app/commands.h.
#ifndef SHOUHU_APP_REVIEW_COMMANDS_H_
#define SHOUHU_APP_REVIEW_COMMANDS_H_

#include <cstdint>
#include <optional>
#include <string>

#include "app/evidence_commands.h"

namespace shouhu::app {

struct ReviewListArgs {
  std::string db = kDefaultDb;
  std::optional<std::string> category, severity, site;
  bool undecided = false;
  bool json = false;  // one JSON object per line instead of the table
};
int RunReviewListCommand(const ReviewListArgs& args);

struct ReviewDecideArgs {
  std::string db = kDefaultDb;
  int64_t finding_id = 0;
  std::string decision;  // confirm | dismiss | test-purchase
  std::string inspector;
  std::string note;
};
int RunReviewDecideCommand(const ReviewDecideArgs& args);

}  // namespace shouhu::app

#endif  // SHOUHU_APP_REVIEW_COMMANDS_H_
