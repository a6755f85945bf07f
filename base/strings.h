// Small ASCII string helpers shared by every folder: trimming, case, escaping.
//
// Everything here is ASCII-only on purpose: marketplace text is UTF-8 Chinese,
// and "lower-casing" or "trimming" it is the rule engine's normaliser's job
// (rules/normalizer.h, NFKC and friends). These helpers are for protocol text —
// header names, charset labels, tags, CSV cells, config keys — where only ASCII
// has case and only ASCII white space separates.
//
// Thread-safety: pure functions.
#ifndef SHOUHU_BASE_STRINGS_H_
#define SHOUHU_BASE_STRINGS_H_

#include <string>
#include <string_view>

namespace shouhu {

// ' ', '\t', '\n', '\v', '\f', '\r'.
constexpr bool IsAsciiSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}
constexpr char AsciiLowerChar(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}
constexpr char AsciiUpperChar(char c) {
  return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
}

// Without leading and trailing ASCII white space (IsAsciiSpace).
std::string_view TrimAscii(std::string_view s);
// Without leading and trailing spaces and tabs only (header values, robots.txt lines).
std::string_view TrimSpaceTab(std::string_view s);

std::string AsciiLower(std::string_view s);
std::string AsciiUpper(std::string_view s);

// ASCII case-insensitive comparisons.
bool IEquals(std::string_view a, std::string_view b);
bool StartsWithNoCase(std::string_view s, std::string_view prefix);

// Escapes & < > " ' for HTML text and attribute values.
std::string HtmlEscape(std::string_view text);

// Appends "%XX" (upper-case hex) for one byte.
void AppendPercentEscaped(std::string& out, unsigned char byte);
bool IsHexDigit(char c);
// 0-15 for a hex digit, -1 otherwise.
int HexValue(char c);

}  // namespace shouhu

#endif  // SHOUHU_BASE_STRINGS_H_
