// RulePack: one config/rules/*.toml file as plain data — rules, their
// conditions and their examples (doc/design.md §5.3; the language is doc/rules.md).
//
// Loading checks the shape of every value (kinds, categories, severities, dates,
// example fields) and fails with kRuleInvalid naming file, line, key and rule id.
// It does not compile patterns or resolve field and group names: RuleEngine does
// that against the vocabulary, with the same error format.
#ifndef SHOUHU_RULES_RULE_PACK_H_
#define SHOUHU_RULES_RULE_PACK_H_

#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "config/toml_doc.h"
#include "model/listing.h"

namespace shouhu::rules {

// A condition tree. Leaves test one thing about a listing; all/any/not combine.
struct Condition {
  enum class Kind {
    kAll,
    kAny,
    kNot,           // children
    kKeyword,       // words (+ aliases) in fields, on normalised text
    kPattern,       // RE2 pattern in fields, on normalised text
    kAbsent,        // none of `fields` has a value
    kPresent,       // some field of `fields` has a value
    kFormat,        // a value of `fields` fails `format`
    kAge,           // age range parsed from `fields` compared with bounds
    kMeasure,       // numbers (cm) in `fields` compared with bounds
    kGroup,         // listing classified into one of `groups`
    kDate,          // capture date in [date_from, date_before)
    kCccCatalogue,  // listing matches a CCC catalogue product
    kWatchlist,     // a value of `fields` is on the watchlist
    kCccRegistry,   // a certificate number in `fields` fails `registry_check`
    kStandardsFit,  // declared standards fail `fit_check` against the group's table
  };
  Kind kind = Kind::kAll;
  std::string where;  // "file:line: key '...'" of the condition, for errors
  std::vector<Condition> children;
  std::vector<std::string> fields;
  std::vector<std::string> words;      // kKeyword: words and aliases as written
  std::string pattern;                 // kPattern: RE2 syntax
  std::string format;                  // kFormat: ccc | credit_code | standard_code
  std::string registry_check;          // kCccRegistry: status | holder | scope | reused
  std::string fit_check;               // kStandardsFit: unfit | mandatory_missing | superseded
  std::vector<std::string> groups;     // kGroup
  std::string date_from, date_before;  // kDate (YYYY-MM-DD; empty = open)
  // kAge (years) and kMeasure (numbers): a bound left unset is not tested.
  std::optional<double> lower_below, lower_at_most, lower_at_least, upper_at_most, upper_above;
};

// A certificate use an example treats as seen before it (ccc_registry = "reused").
struct PriorUse {
  std::string ccc, seller, producer;
};

// A listing written in the pack that the rule must hit (or must not hit).
struct RuleExample {
  bool expect_hit = true;
  std::string file;
  int line = 0;
  Listing listing;
  std::string at;  // capture date for the example ("" = the pack's example_date)
  std::vector<std::string> watchlist;  // names/codes treated as watchlisted for this example only
  std::vector<PriorUse> prior_uses;    // certificate uses seen before this example
};

struct Rule {
  std::string id;
  int version = 1;
  std::string category;             // one of kFindingCategories
  std::string severity;             // high | medium | low
  std::vector<std::string> groups;  // product groups, or {"any"}
  std::string message, basis;
  std::string effective_from, effective_to;  // [from, to), YYYY-MM-DD, empty = open
  std::string report;  // field whose evidence the finding quotes (empty = first evidence)
  Condition when;
  std::vector<RuleExample> examples;
  std::string where;  // "file:line: key 'rule[i]'"
};

struct RulePack {
  std::string file;
  std::string id;
  int version = 1;
  // Files the pack names, as written (relative to the pack file).
  std::string vocabulary, ccc_catalogue;
  // Certificate registry CSV the examples are evaluated against ("" = none).
  std::string example_registry;
  std::vector<std::string> watchlists;
  std::string example_date;  // default capture date of examples
  std::vector<Rule> rules;
};

// True when `root` (a parsed TOML file) is a rule pack (has a [pack] table).
bool IsRulePack(const config::Node& root);
// Builds a RulePack from a parsed file. Errors: kRuleInvalid, "file:line: key '...': what (rule
// 'ID')".
Result<RulePack> LoadRulePack(const config::Node& root);

}  // namespace shouhu::rules

#endif  // SHOUHU_RULES_RULE_PACK_H_
