#include "parsers/charset.h"

#include <iconv.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <optional>
#include <vector>

#include "base/strings.h"
#include "parsers/html_scan.h"

namespace shouhu::parsers {
namespace {

constexpr size_t kPrescanBytes = 1024;  // HTML "prescan a byte stream" window
constexpr char kReplacement[] = "\xEF\xBF\xBD";

// A charset label or http-equiv value without the quotes, spaces and trailing
// ";" that pages put around it.
std::string UnquoteLabel(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t' || s[b] == '"' || s[b] == '\'')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '"' || s[e - 1] == '\'' ||
                   s[e - 1] == ';'))
    --e;
  return std::string(s.substr(b, e - b));
}

// Length of a valid UTF-8 sequence at `i`, or 0.
size_t Utf8SeqLen(std::string_view s, size_t i) {
  auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = b(i);
  if (c < 0x80) return 1;
  size_t len;
  unsigned char lo = 0x80, hi = 0xBF;
  if (c >= 0xC2 && c <= 0xDF) {
    len = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    len = 3;
    if (c == 0xE0) lo = 0xA0;
    if (c == 0xED) hi = 0x9F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  if (b(i + 1) < lo || b(i + 1) > hi) return 0;
  for (size_t k = 2; k < len; ++k) {
    if (b(i + k) < 0x80 || b(i + k) > 0xBF) return 0;
  }
  return len;
}

bool HasNonAscii(std::string_view s) {
  for (char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) return true;
  }
  return false;
}

// The charset declared by one <meta> tag, or "".
std::string MetaCharset(const html::RawTag& tag) {
  if (const std::string* cs = tag.Attr("charset")) return UnquoteLabel(*cs);
  const std::string* equiv = tag.Attr("http-equiv");
  const std::string* content = tag.Attr("content");
  if (equiv != nullptr && content != nullptr &&
      AsciiLower(UnquoteLabel(*equiv)) == "content-type") {
    return CharsetFromContentType(*content);
  }
  return "";
}

// First supported <meta> charset in bytes [from, to) (tags starting in the range).
std::string FindMetaCharset(std::string_view bytes, size_t from, size_t to) {
  std::string found;
  html::ScanStartTags(bytes.substr(0, to), [&](const html::RawTag& tag) {
    if (tag.begin < from || tag.name != "meta") return true;
    std::string cs = CanonicalCharset(MetaCharset(tag));
    if (!cs.empty()) {
      found = cs;
      return false;
    }
    return true;
  });
  return found;
}

struct Candidate {
  std::string charset;
  const char* source;
};

bool Decode(std::string_view bytes, const std::string& charset, std::string* out,
            size_t* replaced) {
  *replaced = 0;
  if (charset == "UTF-8") {
    // The usual case is valid UTF-8: a plain copy is several times cheaper than the
    // byte-by-byte sanitising copy (measured by parsers_bench).
    if (IsValidUtf8(bytes))
      out->assign(bytes);
    else
      *out = SanitizeUtf8(bytes, replaced);
    return true;
  }
  return ConvertToUtf8(bytes, charset, out, replaced);
}

}  // namespace

std::string CharsetFromContentType(std::string_view content_type) {
  std::string lower = AsciiLower(content_type);
  size_t p = lower.find("charset");
  while (p != std::string::npos) {
    size_t q = p + 7;
    while (q < lower.size() && (lower[q] == ' ' || lower[q] == '\t')) ++q;
    if (q < lower.size() && lower[q] == '=') {
      ++q;
      size_t e = q;
      while (e < content_type.size() && content_type[e] != ';' && content_type[e] != ',') ++e;
      return UnquoteLabel(content_type.substr(q, e - q));
    }
    p = lower.find("charset", p + 7);
  }
  return "";
}

std::string CanonicalCharset(std::string_view label) {
  std::string l = AsciiLower(UnquoteLabel(label));
  if (l.empty()) return "";
  if (l == "utf-8" || l == "utf8" || l == "unicode-1-1-utf-8") return "UTF-8";
  if (l == "gbk" || l == "gb2312" || l == "gb18030" || l == "x-gbk" || l == "gb_2312-80" ||
      l == "gb_2312" || l == "cp936" || l == "windows-936" || l == "chinese" || l == "csgb2312" ||
      l == "euc-cn" || l == "x-euc-cn" || l == "iso-ir-58" || l == "hz-gb-2312")
    return "GB18030";
  if (l == "big5" || l == "big5-hkscs" || l == "x-x-big5" || l == "cn-big5") return "BIG5-HKSCS";
  if (l == "iso-8859-1" || l == "latin1" || l == "us-ascii" || l == "ascii" ||
      l == "windows-1252" || l == "cp1252" || l == "l1" || l == "iso8859-1")
    return "WINDOWS-1252";
  if (l == "shift_jis" || l == "sjis" || l == "x-sjis" || l == "ms_kanji" || l == "windows-31j")
    return "CP932";
  if (l == "euc-jp") return "EUC-JP";
  if (l == "euc-kr" || l == "ks_c_5601-1987" || l == "windows-949") return "CP949";
  if (l == "utf-16le" || l == "utf-16") return "UTF-16LE";
  if (l == "utf-16be") return "UTF-16BE";
  // Other labels are passed to iconv as written (upper-cased); unsupported ones fail there.
  for (char c : l) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
              c == '.' || c == ':';
    if (!ok) return "";
  }
  if (l.size() > 40) return "";
  std::string upper = l;
  for (char& c : upper) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  iconv_t cd = iconv_open("UTF-8", upper.c_str());
  if (cd == reinterpret_cast<iconv_t>(-1)) return "";
  iconv_close(cd);
  return upper;
}

bool IsValidUtf8(std::string_view bytes) {
  size_t i = 0;
  while (i < bytes.size()) {
    // Pages are mostly ASCII markup: skip eight ASCII bytes at a time.
    if (i + 8 <= bytes.size()) {
      uint64_t w;
      std::memcpy(&w, bytes.data() + i, 8);
      if ((w & 0x8080808080808080ull) == 0) {
        i += 8;
        continue;
      }
    }
    size_t len = Utf8SeqLen(bytes, i);
    if (len == 0) return false;
    i += len;
  }
  return true;
}

std::string SanitizeUtf8(std::string_view bytes, size_t* replaced) {
  std::string out;
  out.reserve(bytes.size());
  size_t i = 0;
  while (i < bytes.size()) {
    size_t len = Utf8SeqLen(bytes, i);
    if (len == 0) {
      out += kReplacement;
      if (replaced != nullptr) ++*replaced;
      ++i;
    } else {
      out.append(bytes.substr(i, len));
      i += len;
    }
  }
  return out;
}

bool ConvertToUtf8(std::string_view bytes, const std::string& charset, std::string* out,
                   size_t* replaced) {
  iconv_t cd = iconv_open("UTF-8", charset.c_str());
  if (cd == reinterpret_cast<iconv_t>(-1)) return false;
  out->clear();
  out->reserve(bytes.size() * 3 / 2 + 16);
  std::vector<char> buf(64 * 1024);
  char* in = const_cast<char*>(bytes.data());  // iconv's signature; the input is not modified
  size_t in_left = bytes.size();
  size_t count = 0;
  while (in_left > 0) {
    char* o = buf.data();
    size_t o_left = buf.size();
    size_t r = iconv(cd, &in, &in_left, &o, &o_left);
    out->append(buf.data(), buf.size() - o_left);
    if (r != static_cast<size_t>(-1)) break;
    if (errno == E2BIG) continue;
    // EILSEQ (invalid) or EINVAL (truncated at the end): replace one byte and resync.
    *out += kReplacement;
    ++count;
    ++in;
    --in_left;
    iconv(cd, nullptr, nullptr, nullptr, nullptr);
  }
  // Flush any shift state.
  char* o = buf.data();
  size_t o_left = buf.size();
  iconv(cd, nullptr, nullptr, &o, &o_left);
  out->append(buf.data(), buf.size() - o_left);
  iconv_close(cd);
  // iconv may pass NUL and other bytes through untouched; the result is UTF-8 by construction.
  if (replaced != nullptr) *replaced = count;
  return true;
}

DecodedText DecodeToUtf8(std::string_view bytes, std::string_view content_type,
                         std::string_view default_charset) {
  std::vector<Candidate> candidates;
  std::string header = CanonicalCharset(CharsetFromContentType(content_type));
  if (!header.empty()) candidates.push_back({header, "header"});

  std::string_view body = bytes;
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") {
    candidates.push_back({"UTF-8", "bom"});
    if (header.empty() || header == "UTF-8") body = bytes.substr(3);
  } else if (bytes.substr(0, 2) == "\xFF\xFE") {
    candidates.push_back({"UTF-16LE", "bom"});
    if (header.empty()) body = bytes.substr(2);
  } else if (bytes.substr(0, 2) == "\xFE\xFF") {
    candidates.push_back({"UTF-16BE", "bom"});
    if (header.empty()) body = bytes.substr(2);
  }

  std::string meta = FindMetaCharset(bytes, 0, std::min(bytes.size(), kPrescanBytes));
  if (!meta.empty()) candidates.push_back({meta, "meta"});

  const bool valid_utf8 = IsValidUtf8(body);
  const bool non_ascii = HasNonAscii(body);
  if (valid_utf8) candidates.push_back({"UTF-8", "utf8"});

  // A late <meta> (e.g. 155 KB in, after a <script charset=utf-8>) is only worth a scan
  // of the whole page when the prescan found nothing and the bytes are not UTF-8.
  if (meta.empty() && !valid_utf8 && bytes.size() > kPrescanBytes) {
    std::string late = FindMetaCharset(bytes, kPrescanBytes, bytes.size());
    if (!late.empty()) candidates.push_back({late, "late-meta"});
  }
  std::string def = CanonicalCharset(default_charset);
  if (!def.empty()) candidates.push_back({def, "default"});
  candidates.push_back({"GB18030", "default"});

  DecodedText result;
  const Candidate& first = candidates.front();
  // A declared non-UTF-8 charset over bytes that are valid, non-ASCII UTF-8: the
  // declaration is stale (valid multi-byte UTF-8 is very unlikely to be real GBK text).
  if (first.charset != "UTF-8" && first.charset.rfind("UTF-16", 0) != 0 && valid_utf8 &&
      non_ascii) {
    result.text = std::string(body);
    result.charset = "UTF-8";
    result.source = "utf8-override";
    return result;
  }
  // The first candidate that decodes cleanly wins; if none does, the first one is used
  // with replacement characters.
  std::optional<DecodedText> fallback;
  for (const Candidate& c : candidates) {
    std::string text;
    size_t replaced = 0;
    if (!Decode(body, c.charset, &text, &replaced)) continue;
    if (replaced == 0) {
      result.text = std::move(text);
      result.charset = c.charset;
      result.source = c.source;
      return result;
    }
    if (!fallback) fallback = DecodedText{std::move(text), c.charset, c.source, replaced};
  }
  if (fallback) return *fallback;
  result.text = SanitizeUtf8(body, &result.replaced);
  result.charset = "UTF-8";
  result.source = "utf8";
  return result;
}

}  // namespace shouhu::parsers
