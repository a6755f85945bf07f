// Charset detection and decoding to UTF-8 for fetched pages.
//
// Order: HTTP Content-Type charset -> BOM ->
// <meta> prescan of the first 1024 bytes -> UTF-8 if the bytes are valid UTF-8 ->
// a later <meta charset> -> the profile's default -> GB18030. GBK and GB2312 labels
// are decoded as GB18030 (a superset). A declared charset loses to UTF-8 when the
// bytes are valid, non-ASCII UTF-8 (pages re-saved by a browser keep their old
// GBK declaration). Invalid bytes become U+FFFD; decoding never fails.
//
// Thread-safety: pure functions.
#ifndef SHOUHU_PARSERS_CHARSET_H_
#define SHOUHU_PARSERS_CHARSET_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace shouhu::parsers {

struct DecodedText {
  std::string text;     // valid UTF-8
  std::string charset;  // canonical name of the charset used, e.g. "UTF-8", "GB18030"
  std::string
      source;  // why: "header", "bom", "meta", "utf8", "late-meta", "default", "utf8-override"
  size_t replaced = 0;  // invalid sequences replaced by U+FFFD
};

// Decodes a page body. `default_charset` may be empty (then GB18030).
DecodedText DecodeToUtf8(std::string_view bytes, std::string_view content_type,
                         std::string_view default_charset);

// The charset parameter of a Content-Type value ("" when absent), as written.
std::string CharsetFromContentType(std::string_view content_type);

// Canonical iconv name for a label ("gbk" -> "GB18030", "utf8" -> "UTF-8",
// "latin1" -> "WINDOWS-1252"); "" for an empty or unknown label.
std::string CanonicalCharset(std::string_view label);

bool IsValidUtf8(std::string_view bytes);

// Copies UTF-8, replacing each invalid byte by U+FFFD; counts replacements.
std::string SanitizeUtf8(std::string_view bytes, size_t* replaced);

// Converts `bytes` in `charset` (canonical name) to UTF-8 with U+FFFD for invalid
// input. Returns false when the charset is not supported.
bool ConvertToUtf8(std::string_view bytes, const std::string& charset, std::string* out,
                   size_t* replaced);

}  // namespace shouhu::parsers

#endif  // SHOUHU_PARSERS_CHARSET_H_
