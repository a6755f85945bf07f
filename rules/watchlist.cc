#include "rules/watchlist.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>

#include "rules/csv.h"
#include "rules/formats.h"
#include "rules/normalizer.h"

namespace shouhu::rules {
namespace {

// RFC 4180 fields of one line (quoted fields may hold commas and "" escapes;
// a quoted line break is not supported: the list is one enterprise per line).
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

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::string TrimCopy(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return std::string(s);
}

}  // namespace

Status Watchlist::LoadCsv(const std::string& path, const Normalizer& normalizer) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return IoError(path + ": cannot read watchlist");
  std::string line;
  int line_no = 0;
  std::vector<std::string> cols;
  int i_name = -1, i_code = -1, i_items = -1, i_on = -1;
  while (std::getline(in, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line_no == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);  // UTF-8 BOM
    if (TrimCopy(line).empty()) continue;
    const std::string where = path + ":" + std::to_string(line_no);
    if (!SplitCsvLine(line, &cols)) return ParseError(where + ": unterminated quoted field");
    if (i_name < 0) {
      for (size_t k = 0; k < cols.size(); ++k) {
        const std::string h = TrimCopy(cols[k]);
        if (h == "name") i_name = static_cast<int>(k);
        if (h == "credit_code") i_code = static_cast<int>(k);
        if (h == "failed_items") i_items = static_cast<int>(k);
        if (h == "failed_on") i_on = static_cast<int>(k);
      }
      if (i_name < 0 || i_code < 0) {
        return ParseError(where +
                          ": header must name the columns name,credit_code,failed_items,failed_on");
      }
      continue;
    }
    auto col = [&](int k) {
      return k >= 0 && static_cast<size_t>(k) < cols.size() ? TrimCopy(cols[k]) : std::string();
    };
    WatchlistEntry e;
    e.name = col(i_name);
    e.credit_code = Upper(col(i_code));
    e.failed_items = col(i_items);
    e.failed_on = col(i_on);
    e.source = where;
    if (e.name.empty() && e.credit_code.empty())
      return ParseError(where + ": row has neither name nor credit_code");
    e.folded_name = normalizer.Fold(e.name);
    entries_.push_back(std::move(e));
  }
  if (i_name < 0) return ParseError(path + ":1: empty watchlist (no header)");
  return Status::Ok();
}

const WatchlistEntry* Watchlist::Match(std::string_view raw_value,
                                       std::string_view folded_value) const {
  const std::string upper = Upper(raw_value);
  for (const auto& e : entries_) {
    if (!e.folded_name.empty() && e.folded_name == folded_value) return &e;
    if (e.credit_code.size() == 18 && upper.find(e.credit_code) != std::string::npos) return &e;
  }
  return nullptr;
}

Result<std::vector<WatchlistEntry>> ParseWatchlistCsv(const std::string& path) {
  auto rows = ReadCsvFile(path, {"name", "credit_code", "failed_items", "failed_on"});
  if (!rows.ok()) return rows.status();
  std::vector<WatchlistEntry> out;
  for (const CsvRow& row : rows.value()) {
    const std::string where = path + ":" + std::to_string(row.line);
    auto bad = [&](std::string_view field, const std::string& what) {
      return ParseError(where + ": field '" + std::string(field) + "': " + what);
    };
    WatchlistEntry e;
    e.name = row.fields.at("name");
    e.credit_code = Upper(row.fields.at("credit_code"));
    e.failed_items = row.fields.at("failed_items");
    e.failed_on = row.fields.at("failed_on");
    e.source = where;
    if (e.name.empty() && e.credit_code.empty()) return bad("name", "neither name nor credit_code");
    if (!e.credit_code.empty() && !IsValidCreditCode(e.credit_code))
      return bad("credit_code",
                 "'" + e.credit_code + "' is not a valid unified social credit code");
    if (!e.failed_on.empty()) {
      const std::string& d = e.failed_on;
      bool ok = d.size() == 10 && d[4] == '-' && d[7] == '-';
      for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
        ok = ok && i < d.size() && std::isdigit(static_cast<unsigned char>(d[i]));
      if (!ok) return bad("failed_on", "'" + d + "' is not a date (YYYY-MM-DD)");
    }
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace shouhu::rules
