// Unified social credit codes (统一社会信用代码, GB 32100-2015).
//
// 18 characters: registering department (1) + organisation type (1) + region
// code (6, GB/T 2260) + organisation code body (9, GB 11714 incl. its own check
// character) + check character (1) over the first 17, from the charset
// "0123456789ABCDEFGHJKLMNPQRTUWXY" (31 symbols: no I, O, S, V, Z) with weights
// 3^i mod 31 and check = 31 - (sum mod 31), 31 mapping to '0'.
#ifndef SHOUHU_TESTS_MARKET_CREDIT_CODE_H_
#define SHOUHU_TESTS_MARKET_CREDIT_CODE_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace shouhu::market {

// The check character for the first 17 characters; '\0' if any is outside the charset.
char CreditCodeCheckChar(std::string_view first17);

// True if `code` has 18 characters from the charset and a matching check character.
bool IsValidCreditCode(std::string_view code);

// A valid code for a company (type "91") registered at `region` (6 digits),
// derived from `key` (deterministic).
std::string MakeCreditCode(std::string_view region, uint64_t key);

}  // namespace shouhu::market

#endif  // SHOUHU_TESTS_MARKET_CREDIT_CODE_H_
