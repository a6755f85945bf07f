// A process-wide cache of compiled RE2 patterns for site-profile patterns (URL
// patterns, embedded-state locators, capture and split patterns), so a page
// extraction does not recompile the same dozen patterns for every page.
//
// Thread-safety: safe from any thread; RE2 objects are immutable and thread-safe
// for matching. Internal to shouhu_parsers (RE2 is a private dependency).
#ifndef SHOUHU_PARSERS_REGEX_CACHE_H_
#define SHOUHU_PARSERS_REGEX_CACHE_H_

#include <memory>
#include <string>

namespace re2 {
class RE2;
}

namespace shouhu::parsers {

// The compiled pattern (log_errors off), or nullptr if it does not compile.
// Beyond a budget of distinct patterns, new patterns are compiled uncached.
std::shared_ptr<const re2::RE2> CachedRegex(const std::string& pattern);

}  // namespace shouhu::parsers

#endif  // SHOUHU_PARSERS_REGEX_CACHE_H_
