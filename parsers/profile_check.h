// Profile check: what a site profile does on one saved page, for the staff member
// writing the profile (`shouhu profile check`): every field with the source that
// gave it, the fields left empty, the sources that matched nothing, the attribute
// rows found; and, for a page nobody has profiled yet, the page's candidate
// parameter containers (repeated key/value shapes) with ready-to-paste sources.
//
// Thread-safety: pure functions.
#ifndef SHOUHU_PARSERS_PROFILE_CHECK_H_
#define SHOUHU_PARSERS_PROFILE_CHECK_H_

#include <string>
#include <string_view>
#include <vector>

#include "parsers/page_extractor.h"
#include "parsers/site_profile.h"

namespace shouhu::parsers {

// The human-readable report of one extraction with its trace (see SourceTrace).
std::string FormatProfileCheck(const SiteProfile& profile, const PageExtract& extract,
                               const ExtractTrace& trace);

// One candidate parameter list found on a page.
struct ContainerSuggestion {
  FieldSource source;              // a table / pairs / items source reading it
  std::string toml;                // that source as a profile entry
  std::vector<AttributeRow> rows;  // what it reads on this page
};

// Candidate parameter containers of a decoded page: `dl` groups of dt/dd pairs
// (one dl per group or one pair per nested dl, tooltips between key and value),
// lists whose items read "key：value", tables of th/td or td/td rows (with group
// header rows), and repeated two-cell rows of divs or spans. Ordered by rows
// found, most first; each reads at least 3 rows.
std::vector<ContainerSuggestion> SuggestParameterContainers(std::string_view html);

std::string FormatSuggestions(const std::vector<ContainerSuggestion>& suggestions);

}  // namespace shouhu::parsers

#endif  // SHOUHU_PARSERS_PROFILE_CHECK_H_
