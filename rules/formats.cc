#include "rules/formats.h"

#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <limits>
#include <string>

namespace shouhu::rules {
namespace {

const RE2& StandardRe() {
  static const RE2 re(
      R"((?i)\b(gb|gb/t|gb/z|qb/t|fz/t|hg/t|jb/t|sn/t|t/[a-z0-9]+)\s*\d+(\.\d+)*(\s*[~～/、,]\s*\d+)*\s*[-—–]\s*(19|20)\d\d)");
  return re;
}

const RE2& AgeRe() {
  // number [unit] [- number] unit [以上|以下|+]
  static const RE2 re(
      R"((\d{1,4}(?:\.\d{1,2})?)\s*(周岁|岁|个月|月)?\s*(?:(?:-|~|—|–|至|到)\s*(\d{1,4}(?:\.\d{1,2})?)\s*)?(周岁|岁|个月|月)\s*(及以上|以上|及以下|以下|\+)?)");
  return re;
}

double ToYears(double v, std::string_view unit) {
  return unit == "个月" || unit == "月" ? v / 12.0 : v;
}

}  // namespace

bool IsValidCccNumber(std::string_view text, int capture_year) {
  // Sellers write the number with spaces or hyphens between groups.
  std::string digits_only;
  for (char c : text) {
    if (c == ' ' || c == '-') continue;
    digits_only.push_back(c);
  }
  int runs = 0;
  for (size_t i = 0; i < digits_only.size();) {
    if (!std::isdigit(static_cast<unsigned char>(digits_only[i]))) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < digits_only.size() && std::isdigit(static_cast<unsigned char>(digits_only[j]))) ++j;
    const std::string_view run(digits_only.data() + i, j - i);
    i = j;
    if (run.size() < 8) continue;  // "3C", dates, counts: not a certificate number
    ++runs;
    if (run.size() == 12) continue;
    if (run.size() != 16) return false;
    const int year = std::stoi(std::string(run.substr(0, 4)));
    if (year < 2002 || year > capture_year) return false;
  }
  return runs > 0;
}

bool HasStandardCode(std::string_view text) { return RE2::PartialMatch(text, StandardRe()); }

std::optional<AgeRange> ParseAgeRange(std::string_view text) {
  re2::StringPiece in(text.data(), text.size());
  std::string a, unit_a, b, unit, qual;
  bool found = false;
  AgeRange r{std::numeric_limits<double>::infinity(), 0};
  while (RE2::FindAndConsume(&in, AgeRe(), &a, &unit_a, &b, &unit, &qual)) {
    found = true;
    const double lo = ToYears(std::stod(a), unit_a.empty() ? unit : unit_a);
    double hi = b.empty() ? lo : ToYears(std::stod(b), unit);
    double from = lo;
    if (b.empty()) {
      if (qual == "以上" || qual == "及以上" || qual == "+")
        hi = std::numeric_limits<double>::infinity();
      if (qual == "以下" || qual == "及以下") from = 0;
    }
    r.lower = std::min(r.lower, std::min(from, hi));
    r.upper = std::max(r.upper, std::max(from, hi));
  }
  if (!found) return std::nullopt;
  return r;
}

std::optional<AgeRange> ParseMeasure(std::string_view text) {
  // Bounded digit counts keep std::stod in range on hostile input.
  static const RE2 re(R"((\d{1,6}(?:\.\d{1,3})?))");
  re2::StringPiece in(text.data(), text.size());
  std::string n;
  bool found = false;
  AgeRange r{std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity()};
  while (RE2::FindAndConsume(&in, re, &n)) {
    found = true;
    const double v = std::stod(n);
    r.lower = std::min(r.lower, v);
    r.upper = std::max(r.upper, v);
  }
  if (!found) return std::nullopt;
  return r;
}

}  // namespace shouhu::rules
