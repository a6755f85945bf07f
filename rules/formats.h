// Field formats and quantities read from listing text: CCC certificate numbers,
// standard codes, age ranges and sizes. Pure functions over (normalised) text;
// no state. Unified social credit codes (GB 32100-2015) are the extractor's:
// IsValidCreditCode / FindCreditCode in parsers/label_values.h.
#ifndef SHOUHU_RULES_FORMATS_H_
#define SHOUHU_RULES_FORMATS_H_

#include <optional>
#include <string_view>

namespace shouhu::rules {

// A CCC certificate number as written ("2021012202123456", "CCC: 2021 0122 …").
// Valid: 16 digits whose first four are a year from 2002 (start of CCC) to
// `capture_year`, or the 12-digit form of older certificates. Every run of 8+
// digits in the text must be valid, and there must be at least one.
bool IsValidCccNumber(std::string_view text, int capture_year);

// The text declares at least one standard code of the usual shape:
// GB / GB/T / QB/T / FZ/T … number[.part]-year (case-insensitive).
bool HasStandardCode(std::string_view text);

// Age range in years from text such as "3-6岁", "0-36个月", "3岁以上",
// "14周岁以下", "3～6岁". Upper bound is +inf for "以上". nullopt when no age.
struct AgeRange {
  double lower = 0, upper = 0;
};
std::optional<AgeRange> ParseAgeRange(std::string_view text);

// Smallest and largest number in text ("110cm", "100/110/120"). nullopt when none.
std::optional<AgeRange> ParseMeasure(std::string_view text);

}  // namespace shouhu::rules

#endif  // SHOUHU_RULES_FORMATS_H_
