// Watchlist: enterprises with earlier spot-check failures (跟踪抽查), loaded from
// CSV with the header `name,credit_code,failed_items,failed_on`. Names are
// compared after normalisation (so full-width or traditional spellings match),
// credit codes exactly (case-insensitive).
#ifndef SHOUHU_RULES_WATCHLIST_H_
#define SHOUHU_RULES_WATCHLIST_H_

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace shouhu::rules {

class Normalizer;

struct WatchlistEntry {
  std::string name, credit_code, failed_items, failed_on;
  std::string folded_name;  // normalised, for matching
  std::string source;       // file:line
};

// Parses a watchlist CSV for import (`shouhu watchlist import`), stricter than
// LoadCsv: every row needs a name or a credit code; a credit code must be a
// valid GB 32100 code, failed_on a date (YYYY-MM-DD) when given. Errors:
// kParseError "file:line: field 'name': what". folded_name is left empty.
Result<std::vector<WatchlistEntry>> ParseWatchlistCsv(const std::string& path);

class Watchlist {
 public:
  // Appends the entries of one CSV file. Errors name file and line.
  Status LoadCsv(const std::string& path, const Normalizer& normalizer);
  void Add(WatchlistEntry entry) { entries_.push_back(std::move(entry)); }

  // The entry whose name (folded) equals `folded_value` or whose credit code
  // appears in `raw_value`; nullptr if none.
  const WatchlistEntry* Match(std::string_view raw_value, std::string_view folded_value) const;
  size_t size() const { return entries_.size(); }
  const std::vector<WatchlistEntry>& entries() const { return entries_; }

 private:
  std::vector<WatchlistEntry> entries_;
};

}  // namespace shouhu::rules

#endif  // SHOUHU_RULES_WATCHLIST_H_
