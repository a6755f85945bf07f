#include "parsers/html_scan.h"

#include <cstdint>

#include "base/strings.h"

namespace shouhu::parsers::html {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }
bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// Case-insensitive search for an ASCII needle (given in lower case).
size_t FindCI(std::string_view hay, std::string_view needle, size_t from) {
  if (needle.empty()) return from;
  for (size_t i = from; i + needle.size() <= hay.size(); ++i) {
    if (AsciiLowerChar(hay[i]) != needle[0]) continue;
    size_t k = 1;
    while (k < needle.size() && AsciiLowerChar(hay[i + k]) == needle[k]) ++k;
    if (k == needle.size()) return i;
  }
  return std::string_view::npos;
}

bool IsRawText(std::string_view name) {
  return name == "script" || name == "style" || name == "textarea" || name == "title" ||
         name == "xmp" || name == "iframe" || name == "noembed" || name == "noframes" ||
         name == "plaintext";
}

void AppendUtf8(uint32_t cp, std::string* out) {
  if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

}  // namespace

const std::string* RawTag::Attr(std::string_view attr_name) const {
  for (const auto& [k, v] : attrs) {
    if (k == attr_name) return &v;
  }
  return nullptr;
}

void ScanStartTags(std::string_view html, const std::function<bool(const RawTag&)>& fn) {
  const size_t n = html.size();
  size_t i = 0;
  while (i < n) {
    size_t lt = html.find('<', i);
    if (lt == std::string_view::npos || lt + 1 >= n) return;
    char c = html[lt + 1];
    if (c == '!') {
      if (html.substr(lt, 4) == "<!--") {
        size_t e = html.find("-->", lt + 4);
        if (e == std::string_view::npos) return;
        i = e + 3;
      } else {
        size_t e = html.find('>', lt + 2);
        if (e == std::string_view::npos) return;
        i = e + 1;
      }
      continue;
    }
    if (c == '?' || c == '/') {
      size_t e = html.find('>', lt + 2);
      if (e == std::string_view::npos) return;
      i = e + 1;
      continue;
    }
    if (!IsAlpha(c)) {
      i = lt + 1;
      continue;
    }
    RawTag tag;
    tag.begin = lt;
    size_t p = lt + 1;
    while (p < n && !IsSpace(html[p]) && html[p] != '>' && html[p] != '/')
      tag.name.push_back(AsciiLowerChar(html[p++]));
    // Attributes.
    while (p < n) {
      while (p < n && (IsSpace(html[p]) || html[p] == '/')) {
        if (html[p] == '/' && p + 1 < n && html[p + 1] == '>') tag.self_closing = true;
        ++p;
      }
      if (p >= n || html[p] == '>') break;
      std::string name;
      while (p < n && !IsSpace(html[p]) && html[p] != '>' && html[p] != '=' &&
             !(html[p] == '/' && !name.empty())) {
        name.push_back(AsciiLowerChar(html[p++]));
      }
      while (p < n && IsSpace(html[p])) ++p;
      std::string value;
      if (p < n && html[p] == '=') {
        ++p;
        while (p < n && IsSpace(html[p])) ++p;
        if (p < n && (html[p] == '"' || html[p] == '\'')) {
          char q = html[p++];
          size_t e = html.find(q, p);
          if (e == std::string_view::npos) e = n;
          value = DecodeEntities(html.substr(p, e - p));
          p = e < n ? e + 1 : n;
        } else {
          size_t s = p;
          while (p < n && !IsSpace(html[p]) && html[p] != '>') ++p;
          value = DecodeEntities(html.substr(s, p - s));
        }
      }
      if (!name.empty()) tag.attrs.emplace_back(std::move(name), std::move(value));
    }
    tag.end = p < n ? p + 1 : n;
    i = tag.end;
    if (IsRawText(tag.name) && !tag.self_closing) {
      std::string closing = "</" + tag.name;
      size_t e = FindCI(html, closing, i);
      if (e == std::string_view::npos) e = n;
      tag.content = html.substr(i, e - i);
      i = e;  // the closing tag itself is skipped by the '/' branch above
    }
    if (!fn(tag)) return;
  }
}

std::string DecodeEntities(std::string_view text) {
  if (text.find('&') == std::string_view::npos) return std::string(text);
  static const std::pair<std::string_view, uint32_t> kNamed[] = {
      {"amp", '&'},      {"lt", '<'},        {"gt", '>'},       {"quot", '"'},
      {"apos", '\''},    {"nbsp", 0xA0},     {"yen", 0xA5},     {"copy", 0xA9},
      {"reg", 0xAE},     {"middot", 0xB7},   {"times", 0xD7},   {"mdash", 0x2014},
      {"ndash", 0x2013}, {"hellip", 0x2026}, {"ldquo", 0x201C}, {"rdquo", 0x201D},
      {"lsquo", 0x2018}, {"rsquo", 0x2019},  {"deg", 0xB0},     {"plusmn", 0xB1},
      {"le", 0x2264},    {"ge", 0x2265},
  };
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    char c = text[i];
    if (c != '&') {
      out.push_back(c);
      ++i;
      continue;
    }
    size_t semi = text.find(';', i + 1);
    if (semi == std::string_view::npos || semi - i > 12) {
      out.push_back(c);
      ++i;
      continue;
    }
    std::string_view ref = text.substr(i + 1, semi - i - 1);
    bool done = false;
    if (!ref.empty() && ref[0] == '#') {
      uint32_t cp = 0;
      bool hex = ref.size() > 1 && (ref[1] == 'x' || ref[1] == 'X');
      size_t k = hex ? 2 : 1;
      bool ok = k < ref.size();
      for (; k < ref.size() && ok; ++k) {
        char d = ref[k];
        uint32_t v;
        if (d >= '0' && d <= '9')
          v = static_cast<uint32_t>(d - '0');
        else if (hex && d >= 'a' && d <= 'f')
          v = static_cast<uint32_t>(d - 'a' + 10);
        else if (hex && d >= 'A' && d <= 'F')
          v = static_cast<uint32_t>(d - 'A' + 10);
        else {
          ok = false;
          break;
        }
        cp = cp * (hex ? 16 : 10) + v;
        if (cp > 0x10FFFF) cp = 0x110000;
      }
      if (ok) {
        AppendUtf8(cp, &out);
        done = true;
      }
    } else {
      for (const auto& [name, cp] : kNamed) {
        if (ref == name) {
          AppendUtf8(cp, &out);
          done = true;
          break;
        }
      }
    }
    if (done) {
      i = semi + 1;
    } else {
      out.push_back(c);
      ++i;
    }
  }
  return out;
}

std::string NormalizeSpace(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool pending = false;
  size_t i = 0;
  while (i < text.size()) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    size_t len = 0;
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      len = 1;
    } else if (c == 0xC2 && i + 1 < text.size() &&
               static_cast<unsigned char>(text[i + 1]) == 0xA0) {
      len = 2;  // U+00A0
    } else if (c == 0xE3 && i + 2 < text.size() &&
               static_cast<unsigned char>(text[i + 1]) == 0x80 &&
               static_cast<unsigned char>(text[i + 2]) == 0x80) {
      len = 3;  // U+3000 ideographic space
    }
    if (len > 0) {
      pending = !out.empty();
      i += len;
      continue;
    }
    if (pending) out.push_back(' ');
    pending = false;
    out.push_back(static_cast<char>(c));
    ++i;
  }
  return out;
}

}  // namespace shouhu::parsers::html
