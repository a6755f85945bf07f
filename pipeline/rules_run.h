// Judging a batch of listings outside a sweep (`shouhu rules run`): a platform
// export or a colleague's sweep, as JSON Lines of Listing objects (doc/design.md
// §5.1), evaluated in file order with the same rules context a sweep uses —
// the registry, the imported watchlist and the certificate-use index, which
// fills as the batch is evaluated — so the findings are the sweep's.
//
// Thread-safety: one call at a time per context (the use index is shared).
#ifndef SHOUHU_PIPELINE_RULES_RUN_H_
#define SHOUHU_PIPELINE_RULES_RUN_H_

#include <functional>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>

#include "base/status.h"
#include "model/listing.h"
#include "rules/rule_engine.h"

namespace shouhu::pipeline {

// Calls `judged` for each listing of `listings_file` in order. `at` (YYYY-MM-DD)
// overrides each listing's capture date, as a sweep's `at` does. A line that
// is not a listing stops the run with kParseError naming file and line.
Status JudgeListingsFile(
    const std::string& listings_file, const rules::RuleEngine& engine,
    const rules::EvaluationContext* context, const std::optional<std::string>& at,
    const std::function<void(const Listing&, const rules::Evaluation&)>& judged);

// The same, with each line's JSON object and its "file:line" too (for the keys
// a Listing does not read, such as a labelled corpus's `expected`). A callback
// returning an error stops the run with it.
Status JudgeListingLines(
    const std::string& listings_file, const rules::RuleEngine& engine,
    const rules::EvaluationContext* context, const std::optional<std::string>& at,
    const std::function<Status(const std::string& where, const nlohmann::json& line, const Listing&,
                               const rules::Evaluation&)>& judged);

// Why a listing got its group: every scored group with its score, the words
// that scored and the exclusion that ruled it out ([{"group", "score",
// "words", "excluded_by"?}], chosen groups first). In `rules run` output and a
// capture's metadata record, beside "groups" and "group_evidence".
nlohmann::json GroupScoresJson(const rules::Evaluation& ev);

// The date a listing is judged at: `at`, else its capture date, else today
// (the rule a sweep applies too).
std::string JudgeDate(const std::optional<std::string>& at, const std::string& fetched_at);

}  // namespace shouhu::pipeline

#endif  // SHOUHU_PIPELINE_RULES_RUN_H_
