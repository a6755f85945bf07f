#include "rules/watchlist.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>

#include "base/strings.h"
#include "parsers/label_values.h"
#include "rules/csv.h"
#include "rules/normalizer.h"

namespace shouhu::rules {
namespace {}  // namespace

Status Watchlist::LoadCsv(const std::string& path, const Normalizer& normalizer) {
  auto rows = ReadCsvFile(path, {"name", "credit_code"});
  if (!rows.ok()) return rows.status();
  for (const CsvRow& row : *rows) {
    auto field = [&](const char* key) {
      auto it = row.fields.find(key);
      return it == row.fields.end() ? std::string() : it->second;
    };
    WatchlistEntry e;
    e.name = field("name");
    e.credit_code = AsciiUpper(field("credit_code"));
    e.failed_items = field("failed_items");
    e.failed_on = field("failed_on");
    e.source = path + ":" + std::to_string(row.line);
    if (e.name.empty() && e.credit_code.empty())
      return ParseError(e.source + ": row has neither name nor credit_code");
    e.folded_name = normalizer.Fold(e.name);
    entries_.push_back(std::move(e));
  }
  return Status::Ok();
}

const WatchlistEntry* Watchlist::Match(std::string_view raw_value,
                                       std::string_view folded_value) const {
  const std::string upper = AsciiUpper(raw_value);
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
    e.credit_code = AsciiUpper(row.fields.at("credit_code"));
    e.failed_items = row.fields.at("failed_items");
    e.failed_on = row.fields.at("failed_on");
    e.source = where;
    if (e.name.empty() && e.credit_code.empty()) return bad("name", "neither name nor credit_code");
    if (!e.credit_code.empty() && !parsers::IsValidCreditCode(e.credit_code))
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
