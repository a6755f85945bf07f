#include "app/summary.h"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <iomanip>
#include <nlohmann/json.hpp>

#include "model/finding.h"

namespace shouhu::app {

namespace {

// Display width of UTF-8 text in a terminal: CJK characters take two columns.
size_t DisplayWidth(const std::string& s) {
  size_t w = 0;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    w += len >= 3 ? 2 : 1;
    i += len;
  }
  return w;
}

std::string Pad(const std::string& s, size_t width) {
  size_t w = DisplayWidth(s);
  return w >= width ? s : s + std::string(width - w, ' ');
}

std::string Fixed(double v, int digits) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

}  // namespace

void PrintSweepSummary(std::ostream& out, const pipeline::SweepReport& r) {
  const auto& c = r.crawl;
  out << "\nsweep " << r.sweep_id << (r.interrupted ? " (interrupted — run again to resume)" : "")
      << "\n";
  if (r.resumed) {
    out << "  " << Pad("resumed", 22) << r.resumed_finished << " URLs already finished, "
        << r.resumed_queued << " fetched again or for the first time\n";
  }
  out << "  " << Pad("pages fetched", 22) << r.pages << "  (items " << r.item_pages << ", of them "
      << r.listings_with_shop << " joined with their shop's licence data; shops " << r.shops
      << ")\n";
  out << "  " << Pad("listings stored", 22) << r.listings << "  (new versions " << r.new_versions
      << ")\n";
  out << "  " << Pad("findings", 22) << r.findings << "\n";
  out << "  " << Pad("elapsed", 22) << Fixed(r.elapsed_s, 1) << " s  ("
      << Fixed(r.elapsed_s > 0 ? r.pages / r.elapsed_s : 0, 1) << " pages/s)\n";
  out << "  " << Pad("retries", 22) << c.retries << "   robots-blocked " << c.robots_blocked
      << "   out of scope " << c.out_of_scope << "   duplicates " << c.duplicates << "\n";
  uint64_t errors = 0;
  for (const auto& [kind, n] : c.errors_by_class) errors += n;
  out << "  " << Pad("fetch errors", 22) << errors;
  for (const auto& [kind, n] : c.errors_by_class) out << " " << kind << "×" << n;
  out << "   parse errors " << r.parse_errors << "   storage errors " << r.storage_errors << "\n";
  if (!c.status_counts.empty()) {
    out << "  " << Pad("HTTP status", 22);
    for (const auto& [code, n] : c.status_counts) out << code << "×" << n << "  ";
    out << "\n";
  }
  if (c.hosts_parked > 0) out << "  " << Pad("hosts parked", 22) << c.hosts_parked << "\n";
  out << "  " << Pad("frontier", 22) << "peak " << c.peak_queued << " queued, at most "
      << c.peak_queued_in_memory << " of them in memory (the rest in the database); "
      << c.store_waits << " waits for the writer\n";
  if (!c.per_host.empty()) {
    out << "\n  " << Pad("host", 34) << std::right << std::setw(9) << "requests" << std::setw(7)
        << "pages" << std::setw(11) << "MB" << std::setw(8) << "errors" << std::setw(9) << "retries"
        << std::setw(8) << "robots"
        << "\n";
    for (const auto& [origin, h] : c.per_host) {
      out << "  " << std::left << Pad(origin, 34) << std::right << std::setw(9) << h.requests
          << std::setw(7) << h.pages << std::setw(11) << Fixed(h.bytes / 1e6, 2) << std::setw(8)
          << h.errors << std::setw(9) << h.retries << std::setw(8) << h.robots_blocked << "\n";
    }
    out << std::left;
  }
  out << "\n  " << Pad("category", 16) << std::right << std::setw(9) << "findings"
      << "\n";
  for (auto cat : kFindingCategories) {
    auto it = r.findings_by_category.find(std::string(cat));
    out << "  " << Pad(std::string(cat), 16) << std::setw(9)
        << (it == r.findings_by_category.end() ? 0 : it->second) << "\n";
  }
  out << std::left;
}

void PrintScoreTable(std::ostream& out, const pipeline::Score& score) {
  out << "\nagainst the ground truth (" << score.listings_expected
      << " listings; a listing the sweep did not store counts as missed)\n";
  out << "  " << Pad("category", 16) << std::right << std::setw(6) << "TP" << std::setw(6) << "FP"
      << std::setw(6) << "FN" << std::setw(11) << "precision" << std::setw(8) << "recall"
      << "\n";
  for (const auto& c : score.categories) {
    out << "  " << Pad(c.category, 16) << std::setw(6) << c.true_positive << std::setw(6)
        << c.false_positive << std::setw(6) << c.false_negative << std::setw(11)
        << Fixed(c.precision(), 3) << std::setw(8) << Fixed(c.recall(), 3) << "\n";
  }
  out << std::left;
}

Status WriteScoreJson(const pipeline::Score& score, const pipeline::SweepReport& r,
                      const std::string& path) {
  nlohmann::json j;
  j["sweep_id"] = r.sweep_id;
  j["pages"] = r.pages;
  j["listings"] = r.listings;
  j["findings"] = r.findings;
  j["elapsed_s"] = r.elapsed_s;
  j["listings_scored"] = score.listings_scored;
  j["listings_expected"] = score.listings_expected;
  j["listings_unknown"] = score.listings_unknown;
  for (const auto& c : score.categories) {
    j["categories"][c.category] = {{"tp", c.true_positive},
                                   {"fp", c.false_positive},
                                   {"fn", c.false_negative},
                                   {"precision", c.precision()},
                                   {"recall", c.recall()}};
  }
  std::ofstream out(path);
  if (!out) return IoError(path + ": cannot write");
  out << j.dump(2) << "\n";
  return out ? Status::Ok() : IoError(path + ": write failed");
}

}  // namespace shouhu::app
