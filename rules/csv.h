// Minimal RFC 4180 reading for the registry and watchlist imports: one record
// per line (a quoted line break is not supported), a header naming the
// columns, a UTF-8 BOM skipped.
#ifndef SHOUHU_RULES_CSV_H_
#define SHOUHU_RULES_CSV_H_

#include <map>
#include <string>
#include <vector>

#include "base/status.h"

namespace shouhu::rules {

struct CsvRow {
  int line = 0;                               // 1-based line in the file
  std::map<std::string, std::string> fields;  // header name → trimmed value
};

// Reads `path`; every header column in `required` must be present (others are
// kept too). Errors: kIoError, kParseError "file:line: what".
Result<std::vector<CsvRow>> ReadCsvFile(const std::string& path,
                                        const std::vector<std::string>& required);

}  // namespace shouhu::rules

#endif  // SHOUHU_RULES_CSV_H_
