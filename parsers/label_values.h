// Label values read from listing text: standard codes, age ranges, CCC certificate
// numbers, unified social credit codes, safety categories and producer data, and
// the normalisation pass that applies them to an extracted Listing.
//
// Values stay as written on the page in the Listing's raw fields (the rule engine
// judges what the seller wrote); parsed forms are added beside them (age_months)
// or used to find what a profile's configured field missed (CCC numbers in the
// title, the description or another parameter).
//
// Thread-safety: pure functions.
#ifndef SHOUHU_PARSERS_LABEL_VALUES_H_
#define SHOUHU_PARSERS_LABEL_VALUES_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/listing.h"

namespace shouhu::parsers {

// ---- standard codes -----------------------------------------------------------

// "GB/T 31888-2015", "GB 6675.1-2014", "QB/T 2880-2016", "T/CTCA 7-2019".
struct StandardCode {
  std::string prefix;               // "GB", "GB/T", "GB/Z", "QB/T", "T/CTCA" (upper case)
  std::string number;               // "6675"
  std::optional<std::string> part;  // "1" of "6675.1", "1.2" of "6675.1.2"
  std::optional<int> year;          // 2014; two-digit years ("-93") become 19xx / 20xx
  std::string text;                 // canonical form: "GB 6675.1-2014"
  bool recommended() const {
    return prefix.size() > 2 && prefix.compare(prefix.size() - 2, 2, "/T") == 0;
  }
};

// The code at the start of `text` (leading space ignored; full-width letters,
// digits and punctuation accepted; "GB/T31888—2015" reads as "GB/T 31888-2015").
// nullopt when the text does not start with a code.
std::optional<StandardCode> ParseStandardCode(std::string_view text);
// Every code in the text, in order.
std::vector<StandardCode> FindStandardCodes(std::string_view text);

// ---- age ranges ---------------------------------------------------------------

// "3-6岁" -> {36, 72}; "0-36个月" -> {0, 36}; "3岁以上" / "3岁+" -> {36, none};
// "14周岁以下" -> {0, 168}; "6个月-3岁" -> {6, 36}; "3岁" -> {36, 36}. Several
// ranges in one text give their union. nullopt when no age is written.
std::optional<AgeMonths> ParseAgeMonths(std::string_view text);

// ---- CCC certificate numbers ---------------------------------------------------

// True when the text names a CCC certificate: 3C, CCC (any case, full-width too),
// 认证, 证书.
bool MentionsCcc(std::string_view text);

// Certificate-number candidates in `text` as written: runs of digits (groups may be
// separated by one space or hyphen) with at least `min_digits` digits, which lie
// near a CCC word (within 24 characters after it or 8 before it) unless
// `need_word` is false. Malformed numbers (15 or 17 digits) are kept: judging them
// is the rule engine's job.
std::vector<std::string> FindCccNumbers(std::string_view text, bool need_word = true,
                                        size_t min_digits = 12);

// ---- unified social credit code (GB 32100-2015) ---------------------------------

// 18 characters of the code alphabet (no I, O, S, V, Z) with a correct check
// character. Lower case accepted; surrounding text is not.
bool IsValidCreditCode(std::string_view code);
// The first credit-code-shaped token (18 characters of the alphabet, not part of a
// longer run) in the text, upper-cased; "" when none. The check character is not verified.
std::string FindCreditCode(std::string_view text);
// The administrative region code (characters 3-8) of an 18-character code whose
// region part is 6 digits; nullopt otherwise.
std::optional<std::string> RegionCodeOf(std::string_view credit_code);

// ---- cleaning -------------------------------------------------------------------

// A label value without its own label ("生产企业：乐思童玩具厂" -> "乐思童玩具厂" when
// the text before the colon is one of `labels`), surrounding space, quotes and
// trailing punctuation (。；;，,).
std::string CleanLabelValue(std::string_view value, const std::vector<std::string_view>& labels);
// "安全类别：Ａ 类" -> "A类"; "b类" -> "B类"; other values only cleaned as above.
std::string CleanSafetyCategory(std::string_view value);

// ---- the Listing -----------------------------------------------------------------

// Applies the above to an extracted listing: age_months from age_range; CCC numbers
// found near CCC words in the parameter table, the title and the description added
// after those of the profile's field (provenance source "text" naming where, when
// the field found none); safety category, producer name and address cleaned;
// seller credit code upper-cased and its region code filled in.
void NormalizeListing(Listing* listing);
// The seller part of the above, for seller data from item and shop pages alike:
// labels dropped from company, address and licence number; credit code upper-cased
// without spaces; region code from it when none was given.
void NormalizeSeller(SellerInfo* seller);

}  // namespace shouhu::parsers

#endif  // SHOUHU_PARSERS_LABEL_VALUES_H_
