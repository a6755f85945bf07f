#include "parsers/structured_data.h"

#include <re2/re2.h>

#include <cstdio>

#include "parsers/html_scan.h"
#include "parsers/regex_cache.h"

namespace shouhu {
namespace {

using nlohmann::json;

// Budget: JSON nested deeper than this is rejected before nlohmann sees it, because
// copying and serialising a json value recurses per level. Real page state nests
// under 30 levels.
constexpr int kMaxJsonDepth = 200;

bool IsIdentStart(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$';
}
bool IsIdentChar(char c) { return IsIdentStart(c) || (c >= '0' && c <= '9'); }
bool IsWs(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

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
          std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(static_cast<unsigned char>(d)));
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
    if (c == ',') {
      size_t k = i + 1;
      while (k < n && IsWs(t[k])) ++k;
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
  if (tag == "meta") attr = "content";
  else if (tag == "img" || tag == "audio" || tag == "video" || tag == "source" || tag == "embed" ||
           tag == "iframe" || tag == "track")
    attr = "src";
  else if (tag == "a" || tag == "link" || tag == "area") attr = "href";
  else if (tag == "object") attr = "data";
  else if (tag == "data" || tag == "meter") attr = "value";
  else if (tag == "time") attr = "datetime";
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
    while (e < text.size() && text[e] != ',' && text[e] != ';' && text[e] != '\n' && text[e] != '<') ++e;
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
    if (type != nullptr &&
        html::AsciiLower(html::NormalizeSpace(type->substr(0, type->find(';')))) == "application/ld+json") {
      out.push_back(tag.content);
    }
    return true;
  });
  return out;
}

std::vector<json> ParseJsonLd(std::string_view html) {
  std::vector<json> nodes;
  for (std::string_view script : FindJsonLdScripts(html)) {
    // Some pages wrap the script body in an HTML comment or CDATA section.
    std::string_view s = script;
    while (!s.empty() && IsWs(s.front())) s.remove_prefix(1);
    while (!s.empty() && IsWs(s.back())) s.remove_suffix(1);
    if (s.substr(0, 4) == "<!--") s.remove_prefix(4);
    if (s.size() >= 3 && s.substr(s.size() - 3) == "-->") s.remove_suffix(3);
    if (s.substr(0, 9) == "<![CDATA[") s.remove_prefix(9);
    if (s.size() >= 3 && s.substr(s.size() - 3) == "]]>") s.remove_suffix(3);
    if (std::optional<json> j = ParseLenientJson(s)) AddLdNodes(*j, &nodes, 0);
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
      if (i >= path.size() || path[i] == '.' || path[i] == '[') return bad("key expected after '.'");
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
    case json::value_t::string: out->push_back(v.get<std::string>()); break;
    case json::value_t::number_integer: out->push_back(std::to_string(v.get<int64_t>())); break;
    case json::value_t::number_unsigned: out->push_back(std::to_string(v.get<uint64_t>())); break;
    case json::value_t::number_float: {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.15g", v.get<double>());
      out->push_back(buf);
      break;
    }
    case json::value_t::boolean: out->push_back(v.get<bool>() ? "true" : "false"); break;
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
    default: break;
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
        out.emplace_back(html::AsciiLower(*k), *content);
        break;
      }
    }
    return true;
  });
  return out;
}

std::vector<std::string> FindMicrodata(const Document& doc, std::string_view path, std::string_view type) {
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

}  // namespace shouhu
