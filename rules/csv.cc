#include "rules/csv.h"

#include <cctype>
#include <fstream>
#include <string_view>

#include "base/strings.h"

namespace shouhu::rules {
namespace {

bool SplitCsvLine(std::string_view line, std::vector<std::string>* out) {
  out->clear();
  std::string cur;
  bool quoted = false, was_quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        cur.push_back('"');
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        cur.push_back(c);
      }
    } else if (c == '"' && cur.empty() && !was_quoted) {
      quoted = was_quoted = true;
    } else if (c == ',') {
      out->push_back(std::move(cur));
      cur.clear();
      was_quoted = false;
    } else {
      cur.push_back(c);
    }
  }
  out->push_back(std::move(cur));
  return !quoted;
}

}  // namespace

Result<std::vector<CsvRow>> ReadCsvFile(const std::string& path,
                                        const std::vector<std::string>& required) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return IoError(path + ": cannot read");
  std::vector<CsvRow> rows;
  std::vector<std::string> header, cols;
  std::string line;
  int line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line_no == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);
    if (TrimAscii(line).empty()) continue;
    const std::string where = path + ":" + std::to_string(line_no);
    if (!SplitCsvLine(line, &cols)) return ParseError(where + ": unterminated quoted field");
    if (header.empty()) {
      for (const auto& c : cols) header.push_back(std::string(TrimAscii(c)));
      for (const auto& r : required) {
        bool found = false;
        for (const auto& h : header) found = found || h == r;
        if (!found) {
          std::string want;
          for (const auto& x : required) want += (want.empty() ? "" : ",") + x;
          return ParseError(where + ": header lacks column '" + r + "' (expected " + want + ")");
        }
      }
      continue;
    }
    if (cols.size() > header.size())
      return ParseError(where + ": " + std::to_string(cols.size()) + " fields, header has " +
                        std::to_string(header.size()));
    CsvRow row;
    row.line = line_no;
    for (size_t k = 0; k < header.size(); ++k)
      row.fields[header[k]] = k < cols.size() ? std::string(TrimAscii(cols[k])) : std::string();
    rows.push_back(std::move(row));
  }
  if (header.empty()) return ParseError(path + ":1: empty file (no header)");
  return rows;
}

}  // namespace shouhu::rules
