#include "parsers/structured_data.h"

#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <map>
#include <set>
#include <unordered_map>

#include "base/strings.h"
#include "base/url.h"
#include "parsers/html_scan.h"
#include "parsers/regex_cache.h"

namespace shouhu::parsers {
namespace {

using nlohmann::json;

// Budget: JSON nested deeper than this is rejected before nlohmann sees it, because
// copying and serialising a json value recurses per level. Real page state nests
// under 30 levels.
constexpr int kMaxJsonDepth = 200;

// Budget: microdata items nested deeper than this (by itemscope or itemref) are cut off.
constexpr int kMaxItemDepth = 64;
// Budget: elements visited while collecting microdata properties. itemref lets every
// item pull in the same subtree, so a hostile page could ask for items x subtree
// visits; real pages need a few thousand.
constexpr size_t kMaxMicrodataVisits = 200000;
// Budget: itemref ids followed per item (real items name a handful).
constexpr size_t kMaxItemRefs = 64;

bool IsIdentStart(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$';
}
bool IsIdentChar(char c) { return IsIdentStart(c) || (c >= '0' && c <= '9'); }
bool IsWs(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

// The first position at or after `i` that is neither white space nor inside a // or
// /* */ comment.
size_t SkipSpaceAndComments(std::string_view t, size_t i) {
  while (i < t.size()) {
    if (IsWs(t[i])) {
      ++i;
    } else if (t.substr(i, 2) == "//") {
      size_t e = t.find('\n', i);
      i = e == std::string_view::npos ? t.size() : e + 1;
    } else if (t.substr(i, 2) == "/*") {
      size_t e = t.find("*/", i + 2);
      i = e == std::string_view::npos ? t.size() : e + 2;
    } else {
      break;
    }
  }
  return i;
}

// A script body without the HTML comment or CDATA section some pages wrap it in
// (a comment that closes before the JSON is left to the lenient parser).
std::string_view UnwrapScript(std::string_view s) {
  auto trim = [](std::string_view v) {
    while (!v.empty() && IsWs(v.front())) v.remove_prefix(1);
    while (!v.empty() && IsWs(v.back())) v.remove_suffix(1);
    return v;
  };
  s = trim(s);
  if (s.substr(0, 4) == "<!--" && s.find("-->") == s.size() - 3)
    s = trim(s.substr(4, s.size() - 7));
  if (s.substr(0, 9) == "<![CDATA[" && s.size() >= 12 && s.substr(s.size() - 3) == "]]>") {
    s = trim(s.substr(9, s.size() - 12));
  }
  return s;
}

// Rewrites page JSON into strict JSON: comments dropped, trailing commas dropped,
// single-quoted strings and bare keys quoted, raw control characters inside strings
// escaped, undefined/NaN/Infinity as null. nullopt when nested beyond the budget.
std::optional<std::string> CleanJson(std::string_view t) {
  std::string out;
  out.reserve(t.size() + 16);
  int depth = 0;
  size_t i = 0;
  const size_t n = t.size();
  while (i < n) {
    char c = t[i];
    if (c == '"' || c == '\'') {
      const char q = c;
      out.push_back('"');
      ++i;
      while (i < n && t[i] != q) {
        char d = t[i];
        if (d == '\\' && i + 1 < n) {
          if (q == '\'' && t[i + 1] == '\'') {
            out.push_back('\'');
          } else {
            out.push_back('\\');
            out.push_back(t[i + 1]);
          }
          i += 2;
          continue;
        }
        if (q == '\'' && d == '"') {
          out += "\\\"";
        } else if (static_cast<unsigned char>(d) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x",
                        static_cast<unsigned>(static_cast<unsigned char>(d)));
          out += buf;
        } else {
          out.push_back(d);
        }
        ++i;
      }
      out.push_back('"');
      ++i;
      continue;
    }
    if (c == '/' && i + 1 < n && t[i + 1] == '/') {
      while (i < n && t[i] != '\n') ++i;
      continue;
    }
    if (c == '/' && i + 1 < n && t[i + 1] == '*') {
      size_t e = t.find("*/", i + 2);
      i = e == std::string_view::npos ? n : e + 2;
      continue;
    }
    if (c == '<' && t.substr(i, 4) == "<!--") {  // an HTML comment on one line, or its opener
      size_t e = t.find("-->", i + 4);
      size_t nl = t.find('\n', i + 4);
      i = (e != std::string_view::npos && (nl == std::string_view::npos || e < nl)) ? e + 3 : i + 4;
      continue;
    }
    if (c == '-' && t.substr(i, 3) == "-->") {
      i += 3;
      continue;
    }
    if (c == ',') {
      size_t k = SkipSpaceAndComments(t, i + 1);
      if (k < n && (t[k] == '}' || t[k] == ']')) {
        i = k;
        continue;
      }
    }
    if (c == '{' || c == '[') {
      if (++depth > kMaxJsonDepth) return std::nullopt;
    } else if (c == '}' || c == ']') {
      --depth;
    }
    if (IsIdentStart(c)) {
      size_t b = i;
      while (i < n && IsIdentChar(t[i])) ++i;
      std::string_view word = t.substr(b, i - b);
      size_t k = i;
      while (k < n && IsWs(t[k])) ++k;
      if (k < n && t[k] == ':') {
        out.push_back('"');
        out.append(word);
        out.push_back('"');
      } else if (word == "undefined" || word == "NaN" || word == "Infinity") {
        out += "null";
      } else {
        out.append(word);
      }
      continue;
    }
    out.push_back(c);
    ++i;
  }
  return out;
}

bool TypeMatches(const json& t, std::string_view type) {
  auto one = [&](const json& v) {
    if (!v.is_string()) return false;
    const std::string& s = v.get_ref<const std::string&>();
    if (s == type) return true;
    return s.size() > type.size() && s.compare(s.size() - type.size(), type.size(), type) == 0 &&
           (s[s.size() - type.size() - 1] == '/' || s[s.size() - type.size() - 1] == ':');
  };
  if (t.is_array()) {
    for (const auto& v : t) {
      if (one(v)) return true;
    }
    return false;
  }
  return one(t);
}

void AddLdNodes(const json& v, std::vector<json>* out, int depth) {
  if (depth > 3) return;
  if (v.is_array()) {
    for (const auto& e : v) AddLdNodes(e, out, depth + 1);
    return;
  }
  if (!v.is_object()) return;
  auto g = v.find("@graph");
  if (g != v.end()) {
    if (v.contains("@type")) out->push_back(v);
    AddLdNodes(*g, out, depth + 1);
    return;
  }
  out->push_back(v);
}

std::string MicrodataValue(const Document& doc, Document::NodeId id) {
  const std::string& tag = doc.node(id).tag;
  const char* attr = nullptr;
  if (tag == "meta")
    attr = "content";
  else if (tag == "img" || tag == "audio" || tag == "video" || tag == "source" || tag == "embed" ||
           tag == "iframe" || tag == "track")
    attr = "src";
  else if (tag == "a" || tag == "link" || tag == "area")
    attr = "href";
  else if (tag == "object")
    attr = "data";
  else if (tag == "data" || tag == "meter")
    attr = "value";
  else if (tag == "time")
    attr = "datetime";
  if (attr != nullptr) {
    if (const std::string* v = doc.Attr(id, attr)) return html::NormalizeSpace(*v);
    if (tag != "time") return "";
  }
  if (const std::string* c = doc.Attr(id, "content")) return html::NormalizeSpace(*c);
  return doc.Text(id);
}

bool HasWord(const std::string& list, std::string_view word) {
  size_t i = 0;
  while (i < list.size()) {
    while (i < list.size() && IsWs(list[i])) ++i;
    size_t e = i;
    while (e < list.size() && !IsWs(list[e])) ++e;
    if (e > i && std::string_view(list).substr(i, e - i) == word) return true;
    i = e;
  }
  return false;
}

// The nearest ancestor of `id` carrying itemscope, or kRoot.
Document::NodeId ItemScopeOf(const Document& doc, Document::NodeId id) {
  for (Document::NodeId p = doc.node(id).parent; p > 0; p = doc.node(p).parent) {
    if (doc.Attr(p, "itemscope") != nullptr) return p;
  }
  return Document::kRoot;
}

}  // namespace

std::optional<json> ParseLenientJson(std::string_view text) {
  std::optional<std::string> clean = CleanJson(text);
  if (!clean) return std::nullopt;
  json j = json::parse(*clean, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return std::nullopt;
  return j;
}

std::optional<std::string_view> ScanJsonValue(std::string_view text, size_t pos) {
  while (pos < text.size() && IsWs(text[pos])) ++pos;
  if (pos >= text.size()) return std::nullopt;
  char c = text[pos];
  if (c != '{' && c != '[') {
    size_t e = pos;
    if (c == '"' || c == '\'') {
      e = pos + 1;
      while (e < text.size() && text[e] != c) e += (text[e] == '\\') ? 2 : 1;
      if (e >= text.size()) return std::nullopt;
      return text.substr(pos, e + 1 - pos);
    }
    while (e < text.size() && text[e] != ',' && text[e] != ';' && text[e] != '\n' && text[e] != '<')
      ++e;
    if (e == pos) return std::nullopt;
    return text.substr(pos, e - pos);
  }
  int depth = 0;
  size_t i = pos;
  while (i < text.size()) {
    char d = text[i];
    if (d == '"' || d == '\'') {
      ++i;
      while (i < text.size() && text[i] != d) {
        if (text[i] == '\\') ++i;
        ++i;
      }
      ++i;
      continue;
    }
    if (d == '{' || d == '[') {
      ++depth;
    } else if (d == '}' || d == ']') {
      if (--depth == 0) return text.substr(pos, i + 1 - pos);
    }
    ++i;
  }
  return std::nullopt;  // unbalanced: the value never ends
}

std::vector<std::string_view> FindJsonLdScripts(std::string_view html) {
  std::vector<std::string_view> out;
  html::ScanStartTags(html, [&](const html::RawTag& tag) {
    if (tag.name != "script") return true;
    const std::string* type = tag.Attr("type");
    // "application/ld+json", possibly with parameters ("; charset=utf-8").
    if (type != nullptr && AsciiLower(html::NormalizeSpace(type->substr(0, type->find(';')))) ==
                               "application/ld+json") {
      out.push_back(tag.content);
    }
    return true;
  });
  return out;
}

std::vector<json> ParseJsonLd(std::string_view html) {
  std::vector<json> nodes;
  for (std::string_view script : FindJsonLdScripts(html)) {
    if (std::optional<json> j = ParseLenientJson(UnwrapScript(script))) AddLdNodes(*j, &nodes, 0);
  }
  return nodes;
}

const json* FindJsonLdNode(const std::vector<json>& nodes, std::string_view type) {
  for (const json& n : nodes) {
    if (type.empty()) return &n;
    auto t = n.find("@type");
    if (t != n.end() && TypeMatches(*t, type)) return &n;
  }
  return nullptr;
}

Result<std::optional<json>> FindEmbeddedState(std::string_view html, const std::string& pattern) {
  std::shared_ptr<const RE2> re = CachedRegex(pattern);
  if (re == nullptr) {
    RE2::Options opts;
    opts.set_log_errors(false);
    RE2 bad(pattern, opts);
    return InvalidArgument("embedded state pattern '" + pattern + "': " + bad.error());
  }
  re2::StringPiece text(html.data(), html.size());
  re2::StringPiece m;
  if (!re->Match(text, 0, text.size(), RE2::UNANCHORED, &m, 1)) return std::optional<json>();
  size_t end = static_cast<size_t>(m.data() - html.data()) + m.size();
  std::optional<std::string_view> value = ScanJsonValue(html, end);
  if (!value) return std::optional<json>();
  return ParseLenientJson(*value);
}

Result<std::vector<JsonPathStep>> ParseJsonPath(std::string_view path) {
  std::vector<JsonPathStep> steps;
  auto bad = [&](std::string_view what) {
    return InvalidArgument("JSON path '" + std::string(path) + "': " + std::string(what));
  };
  if (path.empty()) return bad("empty path");
  size_t i = 0;
  while (i < path.size()) {
    size_t b = i;
    while (i < path.size() && path[i] != '.' && path[i] != '[') ++i;
    if (i == b && (i >= path.size() || path[i] != '[')) return bad("key expected");
    if (i > b) steps.push_back({std::string(path.substr(b, i - b)), -1});
    while (i < path.size() && path[i] == '[') {
      size_t e = path.find(']', i);
      if (e == std::string_view::npos) return bad("']' expected");
      std::string_view idx = path.substr(i + 1, e - i - 1);
      JsonPathStep st;
      if (idx == "*") {
        st.index = -2;
      } else {
        if (idx.empty() || idx.size() > 6) return bad("bad index");
        int v = 0;
        for (char c : idx) {
          if (c < '0' || c > '9') return bad("bad index");
          v = v * 10 + (c - '0');
        }
        st.index = v;
      }
      steps.push_back(st);
      i = e + 1;
    }
    if (i < path.size()) {
      if (path[i] != '.') return bad("'.' expected");
      ++i;
      if (i >= path.size() || path[i] == '.' || path[i] == '[')
        return bad("key expected after '.'");
    } else if (b == i && steps.empty()) {
      return bad("key expected");
    }
  }
  if (steps.empty()) return bad("key expected");
  return steps;
}

std::vector<const json*> ResolveJsonPath(const json& root, std::string_view path) {
  Result<std::vector<JsonPathStep>> steps = ParseJsonPath(path);
  std::vector<const json*> cur{&root};
  if (!steps.ok()) return {};
  for (const JsonPathStep& st : *steps) {
    std::vector<const json*> next;
    for (const json* v : cur) {
      if (!st.key.empty()) {
        if (v->is_object()) {
          auto it = v->find(st.key);
          if (it != v->end()) next.push_back(&*it);
        } else if (v->is_array()) {
          for (const json& e : *v) {
            if (!e.is_object()) continue;
            auto it = e.find(st.key);
            if (it != e.end()) next.push_back(&*it);
          }
        }
      } else if (v->is_array()) {
        if (st.index == -2) {
          for (const json& e : *v) next.push_back(&e);
        } else if (st.index >= 0 && static_cast<size_t>(st.index) < v->size()) {
          next.push_back(&(*v)[static_cast<size_t>(st.index)]);
        }
      }
    }
    cur = std::move(next);
    if (cur.empty()) break;
  }
  return cur;
}

void JsonToStrings(const json& v, std::vector<std::string>* out) {
  switch (v.type()) {
    case json::value_t::string:
      out->push_back(v.get<std::string>());
      break;
    case json::value_t::number_integer:
      out->push_back(std::to_string(v.get<int64_t>()));
      break;
    case json::value_t::number_unsigned:
      out->push_back(std::to_string(v.get<uint64_t>()));
      break;
    case json::value_t::number_float: {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.15g", v.get<double>());
      out->push_back(buf);
      break;
    }
    case json::value_t::boolean:
      out->push_back(v.get<bool>() ? "true" : "false");
      break;
    case json::value_t::array:
      for (const auto& e : v) {
        if (!e.is_array()) JsonToStrings(e, out);
      }
      break;
    case json::value_t::object: {
      for (const char* key : {"name", "@value"}) {
        auto it = v.find(key);
        if (it != v.end() && (it->is_string() || it->is_number())) {
          JsonToStrings(*it, out);
          break;
        }
      }
      break;
    }
    default:
      break;
  }
}

std::vector<std::pair<std::string, std::string>> FindMetaTags(std::string_view html) {
  std::vector<std::pair<std::string, std::string>> out;
  html::ScanStartTags(html, [&](const html::RawTag& tag) {
    if (tag.name == "body") return false;  // <meta> belongs in <head>; stop scanning there
    if (tag.name != "meta") return true;
    const std::string* content = tag.Attr("content");
    if (content == nullptr) return true;
    for (const char* key : {"property", "name", "itemprop"}) {
      if (const std::string* k = tag.Attr(key)) {
        out.emplace_back(AsciiLower(*k), *content);
        break;
      }
    }
    return true;
  });
  return out;
}

namespace {

// String values of property `name` of a (strict) microdata item.
std::vector<std::string> FindMicrodataValues(const json& item, const std::string& name) {
  std::vector<std::string> out;
  auto p = item.find("properties");
  if (p == item.end() || !p->is_object()) return out;
  auto v = p->find(name);
  if (v == p->end() || !v->is_array()) return out;
  for (const json& e : *v) {
    if (e.is_string()) {
      std::string t = html::NormalizeSpace(e.get_ref<const std::string&>());
      if (!t.empty()) out.push_back(std::move(t));
    }
  }
  return out;
}

std::vector<std::string> FindMicrodataUntyped(const Document& doc, std::string_view path,
                                              std::string_view type) {
  std::vector<std::string> out;
  Document::NodeId scope = Document::kRoot;
  if (!type.empty()) {
    bool found = false;
    for (Document::NodeId id : doc.Descendants(Document::kRoot)) {
      const std::string* it = doc.Attr(id, "itemtype");
      if (doc.Attr(id, "itemscope") != nullptr && it != nullptr && it->size() >= type.size() &&
          it->compare(it->size() - type.size(), type.size(), type) == 0) {
        scope = id;
        found = true;
        break;
      }
    }
    if (!found) return out;
  }
  std::vector<std::string_view> segs;
  size_t b = 0;
  while (b <= path.size()) {
    size_t e = path.find('.', b);
    if (e == std::string_view::npos) e = path.size();
    segs.push_back(path.substr(b, e - b));
    b = e + 1;
  }
  for (size_t k = 0; k < segs.size(); ++k) {
    bool last = k + 1 == segs.size();
    std::optional<Document::NodeId> next_scope;
    for (Document::NodeId id : doc.Descendants(scope)) {
      const std::string* prop = doc.Attr(id, "itemprop");
      if (prop == nullptr || !HasWord(*prop, segs[k])) continue;
      if (scope != Document::kRoot && ItemScopeOf(doc, id) != scope) continue;
      if (last) {
        std::string v = MicrodataValue(doc, id);
        if (!v.empty()) out.push_back(std::move(v));
      } else if (doc.Attr(id, "itemscope") != nullptr) {
        next_scope = id;
        break;
      }
    }
    if (last) break;
    if (!next_scope) return out;
    scope = *next_scope;
  }
  return out;
}

}  // namespace

namespace {

// Depth-first, in document order: the first item (nested ones included) one of whose
// types ends with `type`.
const json* FindItemOfType(const json& items, std::string_view type, int depth) {
  if (depth > kMaxItemDepth) return nullptr;
  auto check = [&](const json& item) -> const json* {
    if (!item.is_object()) return nullptr;
    auto t = item.find("type");
    if (t != item.end() && t->is_array()) {
      for (const json& v : *t) {
        if (!v.is_string()) continue;
        const std::string& s = v.get_ref<const std::string&>();
        if (s.size() >= type.size() && s.compare(s.size() - type.size(), type.size(), type) == 0)
          return &item;
      }
    }
    auto p = item.find("properties");
    if (p == item.end()) return nullptr;
    for (const auto& [name, values] : p->items()) {
      if (const json* hit = FindItemOfType(values, type, depth + 1)) return hit;
    }
    return nullptr;
  };
  if (items.is_array()) {
    for (const json& item : items) {
      if (const json* hit = check(item)) return hit;
    }
    return nullptr;
  }
  return check(items);
}

}  // namespace

std::vector<std::string> FindMicrodata(const Document& doc, std::string_view path,
                                       std::string_view type) {
  if (type.empty()) return FindMicrodataUntyped(doc, path, type);
  std::vector<std::string> out;
  MicrodataOptions opt;
  opt.strict = true;
  opt.layout_text = false;
  json items = ExtractMicrodataItems(doc, opt);
  const json* item = FindItemOfType(items, type, 0);
  if (item == nullptr) return out;
  size_t b = 0;
  while (item != nullptr) {
    size_t e = path.find('.', b);
    const bool last = e == std::string_view::npos;
    std::string seg(path.substr(b, last ? std::string_view::npos : e - b));
    auto props = item->find("properties");
    if (props == item->end()) return out;
    auto values = props->find(seg);
    if (values == props->end()) return out;
    if (last) {
      for (const json& v : *values) {
        std::string text;
        if (v.is_string()) {
          text = html::NormalizeSpace(v.get_ref<const std::string&>());
        } else if (v.is_object()) {
          std::vector<std::string> names = FindMicrodataValues(v, "name");
          if (!names.empty()) text = names.front();
        }
        if (!text.empty()) out.push_back(std::move(text));
      }
      return out;
    }
    const json* next = nullptr;
    for (const json& v : *values) {
      if (v.is_object() && v.contains("properties")) {
        next = &v;
        break;
      }
    }
    item = next;
    b = e + 1;
  }
  return out;
}

}  // namespace shouhu::parsers

// ---- W3C microdata items, JSON-LD documents, layout text -------------------------

namespace shouhu::parsers {
namespace {

using nlohmann::json;

// White space as the layout text understands it: ASCII, U+00A0, U+3000.
size_t SpaceAt(std::string_view s, size_t i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') return 1;
  if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0) return 2;
  if (c == 0xE3 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
      static_cast<unsigned char>(s[i + 2]) == 0x80)
    return 3;
  return 0;
}

bool EndsWithSpace(std::string_view s) {
  if (s.empty()) return false;
  for (size_t len : {size_t{1}, size_t{2}, size_t{3}}) {
    if (s.size() >= len && SpaceAt(s, s.size() - len) == len) return true;
  }
  return false;
}

bool IsNewlineTag(std::string_view t) {
  for (std::string_view x :
       {"article", "aside", "br", "dd", "details", "div", "dt", "fieldset", "figcaption", "footer",
        "form", "header", "hr", "legend", "li", "main", "nav", "table", "tr"}) {
    if (t == x) return true;
  }
  return false;
}

bool IsDoubleNewlineTag(std::string_view t) {
  for (std::string_view x : {"blockquote", "dl", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "ol",
                             "p", "pre", "title", "ul"}) {
    if (t == x) return true;
  }
  return false;
}

class LayoutWriter {
 public:
  explicit LayoutWriter(const Document& doc) : doc_(doc) {}

  std::string Run(Document::NodeId id) {
    Visit(id, 0);
    std::string s = std::move(out_);
    size_t b = 0, e = s.size();
    while (b < e && SpaceAt(s, b) > 0) b += SpaceAt(s, b);
    while (e > b) {
      size_t n = 0;
      for (size_t len : {size_t{1}, size_t{2}, size_t{3}}) {
        if (e - b >= len && SpaceAt(s, e - len) == len) n = len;
      }
      if (n == 0) break;
      e -= n;
    }
    return s.substr(b, e - b);
  }

 private:
  enum class Prev { kText, kNewline, kDoubleNewline };

  void Newlines(const std::string& tag) {
    if (prev_ == Prev::kDoubleNewline) return;
    if (IsDoubleNewlineTag(tag)) {
      out_ += prev_ == Prev::kNewline ? "\n" : "\n\n";
      prev_ = Prev::kDoubleNewline;
    } else if (IsNewlineTag(tag)) {
      if (prev_ != Prev::kNewline) out_ += "\n";
      prev_ = Prev::kNewline;
    }
  }

  void Text(const std::string& raw) {
    std::string text = html::NormalizeSpace(raw);
    if (text.empty()) return;
    bool space = prev_ == Prev::kText;
    if (space && !EndsWithSpace(prev_text_)) {
      const char c = text[0];
      if (c == ',' || c == ':' || c == ';' || c == '.' || c == '!' || c == '?' || c == '"' ||
          c == ')' || (!prev_text_.empty() && prev_text_.back() == '(')) {
        space = false;
      }
    }
    if (space) out_.push_back(' ');
    out_ += text;
    prev_ = Prev::kText;
    prev_text_ = raw;
  }

  void Visit(Document::NodeId id, int depth) {
    const Document::Node& n = doc_.node(id);
    if (n.type == Document::Node::Type::kText) {
      Text(n.text);
      return;
    }
    if (n.tag == "script" || n.tag == "style" || depth > 2048) return;
    Newlines(n.tag);
    for (Document::NodeId c : n.children) Visit(c, depth + 1);
    Newlines(n.tag);
  }

  const Document& doc_;
  std::string out_;
  Prev prev_ = Prev::kDoubleNewline;
  std::string prev_text_;
};

// HTML "strip leading and trailing ASCII whitespace".
std::string_view StripAsciiSpace(std::string_view s) {
  while (!s.empty() && IsWs(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsWs(s.back())) s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> SplitWords(std::string_view s) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && IsWs(s[i])) ++i;
    size_t e = i;
    while (e < s.size() && !IsWs(s[e])) ++e;
    if (e > i) out.push_back(s.substr(i, e - i));
    i = e;
  }
  return out;
}

class MicrodataBuilder {
 public:
  MicrodataBuilder(const Document& doc, const MicrodataOptions& opt) : doc_(doc), opt_(opt) {
    for (Document::NodeId id : doc.Descendants(Document::kRoot)) {
      if (doc.Attr(id, "itemscope") != nullptr)
        item_index_.emplace(id, static_cast<int>(scopes_.size()) + 1);
      if (doc.Attr(id, "itemscope") != nullptr) scopes_.push_back(id);
      if (const std::string* v = doc.Attr(id, "id")) ids_.emplace(*v, id);
    }
  }

  json Items() {
    json out = json::array();
    for (Document::NodeId id : scopes_) {
      json item = Item(id, 0);
      if (!item.is_null()) out.push_back(std::move(item));
    }
    return out;
  }

  // Items in document order including nested ones (for typed lookups), built nested.
  const std::vector<Document::NodeId>& scopes() const { return scopes_; }

  json Item(Document::NodeId node, int depth) {
    if (opt_.nested) {
      if (!seen_.insert(node).second) return json();
    }
    json item = json::object();
    if (!opt_.nested) item["iid"] = item_index_[node];
    std::vector<std::string_view> types;
    if (const std::string* t = doc_.Attr(node, "itemtype")) types = SplitWords(*t);
    if (!types.empty()) {
      if (!opt_.strict && types.size() == 1) {
        item["type"] = std::string(types[0]);
      } else {
        json arr = json::array();
        for (std::string_view t : types) arr.push_back(std::string(t));
        item["type"] = std::move(arr);
      }
      if (const std::string* iid = doc_.Attr(node, "itemid")) {
        std::string_view v = StripAsciiSpace(*iid);
        if (!v.empty()) item["id"] = std::string(v);
      }
    }
    // Property names in first-appearance order, as the fixtures' dicts keep them.
    std::vector<std::pair<std::string, json>> props;
    std::unordered_map<std::string, size_t> prop_index;
    auto add = [&](Document::NodeId prop) {
      const std::string* names = doc_.Attr(prop, "itemprop");
      if (names == nullptr) return;
      json value = Value(prop, depth, false);
      for (std::string_view name : SplitWords(*names)) {
        auto [it, inserted] = prop_index.emplace(std::string(name), props.size());
        if (inserted) props.emplace_back(std::string(name), json::array());
        props[it->second].second.push_back(value);
      }
    };
    if (depth < kMaxItemDepth) {
      for (Document::NodeId prop : PropsIn(node)) add(prop);
      if (const std::string* refs = doc_.Attr(node, "itemref")) {
        std::vector<std::string_view> ref_ids = SplitWords(*refs);
        if (ref_ids.size() > kMaxItemRefs) ref_ids.resize(kMaxItemRefs);
        for (std::string_view ref : ref_ids) {
          auto r = ids_.find(std::string(ref));
          if (r == ids_.end()) continue;
          Document::NodeId ref_node = r->second;
          if (doc_.Attr(ref_node, "itemprop") != nullptr &&
              doc_.Attr(ref_node, "itemscope") != nullptr) {
            add(ref_node);
            continue;
          }
          std::optional<Document::NodeId> base = NearestScope(ref_node, true);
          if (visits_ > kMaxMicrodataVisits) break;
          std::vector<Document::NodeId> cands{ref_node};
          for (Document::NodeId d : doc_.Descendants(ref_node)) cands.push_back(d);
          visits_ += cands.size();
          for (Document::NodeId p : cands) {
            if (doc_.Attr(p, "itemprop") == nullptr) continue;
            if (NearestScope(p, false) == base) add(p);
          }
        }
      }
    }
    if (!props.empty()) {
      json pj = json::object();
      for (auto& [name, values] : props) {
        if (!opt_.strict && values.size() == 1)
          pj[name] = std::move(values[0]);
        else
          pj[name] = std::move(values);
      }
      item["properties"] = std::move(pj);
    } else {
      item["value"] = Value(node, depth, true);
    }
    if (opt_.add_text_content) {
      std::string text = LayoutText(doc_, node);
      if (!text.empty()) item["textContent"] = std::move(text);
    }
    if (opt_.node_ids) {
      const std::string* id = doc_.Attr(node, "id");
      item["_nodeId_"] = id != nullptr ? json(*id) : json();
    }
    return item;
  }

 private:
  // The elements carrying itemprop under `node`, not looking inside nested items.
  std::vector<Document::NodeId> PropsIn(Document::NodeId node) {
    std::vector<Document::NodeId> out;
    std::vector<Document::NodeId> stack;
    const auto& kids = doc_.node(node).children;
    for (size_t i = kids.size(); i > 0; --i) stack.push_back(kids[i - 1]);
    while (!stack.empty()) {
      Document::NodeId cur = stack.back();
      stack.pop_back();
      const Document::Node& n = doc_.node(cur);
      if (n.type != Document::Node::Type::kElement) continue;
      if (++visits_ > kMaxMicrodataVisits) break;
      if (doc_.Attr(cur, "itemprop") != nullptr) out.push_back(cur);
      if (doc_.Attr(cur, "itemscope") != nullptr) continue;
      for (size_t i = n.children.size(); i > 0; --i) stack.push_back(n.children[i - 1]);
    }
    return out;
  }

  std::optional<Document::NodeId> NearestScope(Document::NodeId id, bool or_self) const {
    if (or_self && doc_.Attr(id, "itemscope") != nullptr) return id;
    for (Document::NodeId p = doc_.node(id).parent; p > 0; p = doc_.node(p).parent) {
      if (doc_.Attr(p, "itemscope") != nullptr) return p;
    }
    return std::nullopt;
  }

  std::string Url(const std::string* v) const {
    std::string_view s = v != nullptr ? StripAsciiSpace(*v) : std::string_view();
    return opt_.base_url.empty() ? std::string(s) : ResolveReference(opt_.base_url, s);
  }

  json Value(Document::NodeId node, int depth, bool force) {
    const std::string& tag = doc_.node(node).tag;
    if (!force && doc_.Attr(node, "itemscope") != nullptr) {
      if (opt_.nested) return Item(node, depth + 1);
      return json{{"iid_ref", item_index_[node]}};
    }
    auto attr = [&](const char* name) {
      const std::string* v = doc_.Attr(node, name);
      return v != nullptr ? *v : std::string();
    };
    if (tag == "meta") return attr("content");
    if (tag == "audio" || tag == "embed" || tag == "iframe" || tag == "img" || tag == "source" ||
        tag == "track" || tag == "video")
      return Url(doc_.Attr(node, "src"));
    if (tag == "a" || tag == "area" || tag == "link") return Url(doc_.Attr(node, "href"));
    if (tag == "object") return Url(doc_.Attr(node, "data"));
    if (tag == "data" || tag == "meter") return attr("value");
    if (tag == "input" && HasWord(attr("itemprop"), "query-input")) {
      // schema.org's short form of a PropertyValueSpecification (SearchAction).
      return json{{"valueName", attr("name")},
                  {"valueRequired", doc_.Attr(node, "required") != nullptr}};
    }
    if (tag == "time") return attr("datetime");
    if (const std::string* c = doc_.Attr(node, "content"); c != nullptr && !c->empty()) return *c;
    return opt_.layout_text ? LayoutText(doc_, node) : doc_.Text(node);
  }

  const Document& doc_;
  const MicrodataOptions& opt_;
  std::vector<Document::NodeId> scopes_;
  std::map<Document::NodeId, int> item_index_;
  std::unordered_map<std::string, Document::NodeId> ids_;
  std::set<Document::NodeId> seen_;
  size_t visits_ = 0;
};

}  // namespace

std::string LayoutText(const Document& doc, Document::NodeId id) {
  return LayoutWriter(doc).Run(id);
}

json ExtractMicrodataItems(const Document& doc, const MicrodataOptions& options) {
  return MicrodataBuilder(doc, options).Items();
}

std::vector<json> ParseJsonLdDocuments(std::string_view html) {
  std::vector<json> out;
  for (std::string_view script : FindJsonLdScripts(html)) {
    std::string_view s = UnwrapScript(script);
    if (s.empty()) continue;
    std::optional<json> j = ParseLenientJson(s);
    if (!j) continue;
    if (j->is_array()) {
      for (auto& e : *j) out.push_back(std::move(e));
    } else if (j->is_object()) {
      out.push_back(std::move(*j));
    }
  }
  return out;
}

}  // namespace shouhu::parsers
