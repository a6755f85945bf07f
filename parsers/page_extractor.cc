#include "parsers/page_extractor.h"

#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <memory>
#include <unordered_map>

#include "base/strings.h"
#include "base/url.h"
#include "parsers/charset.h"
#include "parsers/dom.h"
#include "parsers/html_scan.h"
#include "parsers/label_values.h"
#include "parsers/regex_cache.h"
#include "parsers/selector.h"
#include "parsers/structured_data.h"

namespace shouhu::parsers {
namespace {

using nlohmann::json;

// What one source produced: values (scalar and list fields) or name/value pairs
// (attributes), with where they came from.
struct Found {
  std::vector<std::string> values;
  std::vector<AttributeRow> rows;
  Provenance prov;
};

// The first ':' or '：' in `text`, npos if none.
size_t FirstColon(std::string_view text) {
  size_t ascii = text.find(':');
  size_t wide = text.find("\xEF\xBC\x9A");
  return std::min(ascii, wide);
}

// Table keys compare without surrounding space and a trailing colon ("执行标准：").
std::string NormalizeKey(std::string_view k) {
  std::string s = html::NormalizeSpace(k);
  for (std::string_view colon : {":", "\xEF\xBC\x9A"}) {  // ':' and full-width '：'
    while (s.size() >= colon.size() &&
           s.compare(s.size() - colon.size(), colon.size(), colon) == 0) {
      s.resize(s.size() - colon.size());
      s = html::NormalizeSpace(s);
    }
  }
  return s;
}

// REQUIRES: `keys` already normalised.
bool KeyMatches(const std::string& key, const std::vector<std::string>& keys) {
  for (const auto& k : keys) {
    if (k == key) return true;
  }
  return false;
}

std::vector<std::string> NormalizeKeys(const std::vector<std::string>& keys) {
  std::vector<std::string> out;
  out.reserve(keys.size());
  for (const auto& k : keys) out.push_back(NormalizeKey(k));
  return out;
}

// "http://h:1/p/a?x=1#f" -> "/p/a?x=1".
std::string PathAndQuery(const std::string& url) {
  size_t start = 0;
  size_t scheme = url.find("://");
  if (scheme != std::string::npos) {
    size_t p = url.find_first_of("/?#", scheme + 3);
    start = p == std::string::npos ? url.size() : p;
  }
  std::string rest = url.substr(start);
  size_t hash = rest.find('#');
  if (hash != std::string::npos) rest.resize(hash);
  if (rest.empty() || rest[0] != '/') rest.insert(0, "/");
  return rest;
}

// The page URL without its fragment and without the profile's tracking parameters.
std::string CanonicalUrl(const std::string& url, const std::vector<std::string>& tracking) {
  std::string u = url.substr(0, url.find('#'));
  size_t q = u.find('?');
  if (q == std::string::npos) return u;
  std::string query = u.substr(q + 1);
  std::string kept;
  size_t i = 0;
  while (i <= query.size()) {
    size_t e = query.find('&', i);
    if (e == std::string::npos) e = query.size();
    std::string part = query.substr(i, e - i);
    std::string name = part.substr(0, part.find('='));
    bool drop = part.empty();
    for (const auto& t : tracking) drop = drop || name == t;
    if (!drop) kept += (kept.empty() ? "" : "&") + part;
    i = e + 1;
  }
  return kept.empty() ? u.substr(0, q) : u.substr(0, q + 1) + kept;
}

// The first decimal number in `text` from `pos` ("¥1,299.00" -> 1299); `end` gets the
// position after it. nullopt if none.
std::optional<double> NumberAt(std::string_view text, size_t pos, size_t* end) {
  std::string digits;
  bool seen_digit = false, seen_dot = false;
  size_t i = pos;
  for (; i < text.size(); ++i) {
    char c = text[i];
    if (c >= '0' && c <= '9') {
      digits.push_back(c);
      seen_digit = true;
    } else if (c == '.' && seen_digit && !seen_dot) {
      digits.push_back(c);
      seen_dot = true;
    } else if (c == ',' && seen_digit && !seen_dot) {
      continue;
    } else if (seen_digit) {
      break;
    }
    if (digits.size() > 24) return std::nullopt;
  }
  *end = i;
  if (!seen_digit) return std::nullopt;
  if (digits.back() == '.') digits.pop_back();
  return std::strtod(digits.c_str(), nullptr);
}

// A price or a price range as written: "¥89.00", "5499.00-6799.00", "¥89 ~ ¥129",
// "89元至129元". max is set only for a range whose second number is the larger.
struct PriceValue {
  double amount = 0;
  std::optional<double> max;
};
std::optional<PriceValue> ParsePrice(std::string_view text) {
  size_t end = 0;
  std::optional<double> first = NumberAt(text, 0, &end);
  if (!first) return std::nullopt;
  PriceValue out{*first, std::nullopt};
  // A range separator, with currency signs, "元" and spaces around it.
  static const std::string_view kSkip[] = {" ", "\xC2\xA5", "\xEF\xBF\xA5", "\xE5\x85\x83"};
  static const std::string_view kSep[] = {
      "-", "~", "\xEF\xBD\x9E", "\xE2\x80\x93", "\xE2\x80\x94", "\xE8\x87\xB3"};  // ～ – — 至
  auto skip_fill = [&](size_t i) {
    for (bool more = true; more;) {
      more = false;
      for (std::string_view k : kSkip) {
        if (text.substr(i, k.size()) == k) {
          i += k.size();
          more = true;
        }
      }
    }
    return i;
  };
  size_t i = skip_fill(end);
  bool sep = false;
  for (std::string_view k : kSep) {
    if (text.substr(i, k.size()) == k) {
      i += k.size();
      sep = true;
      break;
    }
  }
  if (!sep) return out;
  i = skip_fill(i);
  if (i >= text.size() || text[i] < '0' || text[i] > '9') return out;
  std::optional<double> second = NumberAt(text, i, &end);
  if (second && *second > *first) out.max = *second;
  return out;
}

bool IsUpperAscii(char c) { return c >= 'A' && c <= 'Z'; }

// Standards: "GB/T" must survive a '/' separator, and several codes written in one
// value ("GB 31701-2015 GB 18401-2010") become separate entries. Codes are kept as
// written otherwise.
}  // namespace

std::vector<std::string> NormalizeStandardCodes(const std::vector<std::string>& in) {
  // 1. Re-join "GB" + "T 31888-2015" split at the '/' of "GB/T".
  std::vector<std::string> joined;
  for (const std::string& v : in) {
    if (!joined.empty() && !v.empty()) {
      // The prefix is the previous piece's last word: "GB" alone, or the "QB" of
      // "GB 30585-2014 QB" when two codes share one value.
      const std::string& whole = joined.back();
      size_t space = whole.find_last_of(' ');
      std::string_view prev = space == std::string::npos
                                  ? std::string_view(whole)
                                  : std::string_view(whole).substr(space + 1);
      bool prev_is_prefix = prev.size() >= 2 && prev.size() <= 4 &&
                            std::all_of(prev.begin(), prev.end(), IsUpperAscii);
      if (prev_is_prefix && (v[0] == 'T' || v[0] == 'Z') &&
          (v.size() == 1 || !IsUpperAscii(v[1]))) {
        joined.back() += "/" + v;
        continue;
      }
    }
    joined.push_back(v);
  }
  // 2. Split a value at every later code start: 2-4 capitals, optional /T or /Z,
  //    optional space, a digit.
  std::vector<std::string> out;
  for (const std::string& v : joined) {
    size_t start = 0;
    for (size_t i = 1; i < v.size(); ++i) {
      if (!IsUpperAscii(v[i]) || IsUpperAscii(v[i - 1])) continue;
      size_t k = i;
      while (k < v.size() && IsUpperAscii(v[k]) && k - i < 5) ++k;
      size_t letters = k - i;
      if (letters < 2 || letters > 4) continue;
      if (k + 1 < v.size() && v[k] == '/' && (v[k + 1] == 'T' || v[k + 1] == 'Z')) k += 2;
      while (k < v.size() && v[k] == ' ') ++k;
      if (k >= v.size() || v[k] < '0' || v[k] > '9') continue;
      // Only split after a separator-like character (space or CJK punctuation/letters).
      char before = v[i - 1];
      if (!(before == ' ' || static_cast<unsigned char>(before) >= 0x80 || before == '+')) continue;
      std::string piece = html::NormalizeSpace(v.substr(start, i - start));
      while (!piece.empty() && piece.back() == '+')
        piece = html::NormalizeSpace(piece.substr(0, piece.size() - 1));
      if (!piece.empty()) out.push_back(piece);
      start = i;
    }
    std::string piece = html::NormalizeSpace(v.substr(start));
    if (!piece.empty()) out.push_back(piece);
  }
  return out;
}

namespace {

class Extraction {
 public:
  Extraction(const SiteProfile& profile, std::string_view html) : profile_(profile), html_(html) {}

  std::optional<Found> Run(const FieldSource& src, const std::string& field) {
    Found f;
    f.prov.source = SourceKindName(src.kind);
    const bool want_pairs = field == "attributes";
    switch (src.kind) {
      case FieldSource::Kind::kJsonLd: {
        const json* node = FindJsonLdNode(JsonLd(), src.type);
        if (node == nullptr) return std::nullopt;
        FromJson(*node, src, field, want_pairs, &f);
        break;
      }
      case FieldSource::Kind::kEmbedded: {
        const json* state = State();
        if (state == nullptr) return std::nullopt;
        FromJson(*state, src, field, want_pairs, &f);
        break;
      }
      case FieldSource::Kind::kMeta: {
        std::string key = AsciiLower(src.path);
        for (const auto& [k, v] : Metas()) {
          if (k == key) f.values.push_back(v);
        }
        f.prov.path = src.path;
        break;
      }
      case FieldSource::Kind::kMicrodata:
        f.values = FindMicrodata(Dom(), src.path, src.type);
        f.prov.path = src.path;
        break;
      case FieldSource::Kind::kSelector: {
        Result<Selector> sel = Selector::Parse(src.selector);
        if (!sel.ok()) return std::nullopt;
        const Document& doc = Dom();
        for (Document::NodeId id : sel->SelectAll(doc)) {
          if (src.attrs.empty()) {
            f.values.push_back(doc.Text(id));
            continue;
          }
          for (const std::string& a : src.attrs) {
            const std::string* v = doc.Attr(id, a);
            if (v != nullptr && !html::NormalizeSpace(*v).empty()) {
              f.values.push_back(*v);
              break;
            }
          }
        }
        f.prov.path = src.selector;
        for (size_t i = 0; i < src.attrs.size(); ++i)
          f.prov.path += (i ? "|" : " @") + src.attrs[i];
        break;
      }
      case FieldSource::Kind::kTable:
      case FieldSource::Kind::kPairs:
      case FieldSource::Kind::kItems: {
        const std::vector<AttributeRow>* rows = Rows(src);
        if (rows == nullptr) return std::nullopt;
        if (want_pairs && src.keys.empty()) {
          f.rows = *rows;
        } else {
          // A scalar field takes the first matching row; a list field every one
          // (执行标准 and 安全标准 rows both give standards).
          const std::vector<std::string> keys = NormalizeKeys(src.keys);
          for (const AttributeRow& row : *rows) {
            if (KeyMatches(row.name, keys)) {
              f.values.push_back(row.value);
              if (f.prov.path.empty()) f.prov.path = row.name;
              if (!IsListField(field)) break;
            }
          }
        }
        if (f.prov.path.empty()) f.prov.path = src.selector;
        break;
      }
    }
    return f;
  }

  // Splits `text` at every non-empty match of `pattern`.
  bool Split(const std::string& pattern, const std::string& text, std::vector<std::string>* out) {
    std::shared_ptr<const RE2> re = Regex(pattern);
    if (re == nullptr) return false;
    re2::StringPiece input(text);
    re2::StringPiece m;
    size_t last = 0, pos = 0;
    while (pos <= text.size() && re->Match(input, pos, text.size(), RE2::UNANCHORED, &m, 1)) {
      size_t mb = static_cast<size_t>(m.data() - text.data());
      if (m.empty()) {
        pos = mb + 1;
        continue;
      }
      out->push_back(text.substr(last, mb - last));
      last = mb + m.size();
      pos = last;
    }
    out->push_back(text.substr(last));
    return true;
  }

  std::optional<std::string> Capture(const std::string& pattern, const std::string& text) {
    std::shared_ptr<const RE2> re = Regex(pattern);
    if (re == nullptr || re->NumberOfCapturingGroups() < 1) return std::nullopt;
    std::string out;
    if (!RE2::PartialMatch(text, *re, &out)) return std::nullopt;
    return out;
  }

  // The rows of a table / pairs / items source, computed once per source shape: a
  // profile reads a dozen fields from the same parameter list.
  const std::vector<AttributeRow>* Rows(const FieldSource& src) {
    std::string id = std::string(SourceKindName(src.kind)) + '\x01' + src.selector + '\x01' +
                     src.key_selector + '\x01' + src.value_selector + '\x01' + src.skip_selector +
                     '\x01' + src.group_selector;
    auto it = rows_.find(id);
    if (it != rows_.end()) return &it->second;
    std::optional<std::vector<AttributeRow>> rows = ReadRows(src);
    if (!rows) return nullptr;
    return &rows_.emplace(std::move(id), std::move(*rows)).first->second;
  }

  std::shared_ptr<const RE2> Regex(const std::string& pattern) { return CachedRegex(pattern); }

 private:
  const Document& Dom() {
    if (!dom_) dom_ = Document::Parse(html_);
    return *dom_;
  }
  const std::vector<json>& JsonLd() {
    if (!jsonld_) jsonld_ = ParseJsonLd(html_);
    return *jsonld_;
  }
  const json* State() {
    if (!state_tried_) {
      state_tried_ = true;
      if (!profile_.embedded_state_pattern.empty()) {
        Result<std::optional<json>> st = FindEmbeddedState(html_, profile_.embedded_state_pattern);
        if (st.ok() && st->has_value()) state_ = std::move(**st);
      }
    }
    return state_ ? &*state_ : nullptr;
  }
  const std::vector<std::pair<std::string, std::string>>& Metas() {
    if (!metas_) metas_ = FindMetaTags(html_);
    return *metas_;
  }

  // Sorted ids of the elements matching `text` ("" = none).
  std::vector<Document::NodeId> SelectIds(const std::string& text) {
    if (text.empty()) return {};
    Result<Selector> sel = Selector::Parse(text);
    if (!sel.ok()) return {};
    return sel->SelectAll(Dom());
  }

  std::optional<std::vector<AttributeRow>> ReadRows(const FieldSource& src) {
    Result<Selector> scope = Selector::Parse(src.selector);
    if (!scope.ok()) return std::nullopt;
    const Document& doc = Dom();
    const std::vector<Document::NodeId> skip = SelectIds(src.skip_selector);
    const std::vector<Document::NodeId> groups = SelectIds(src.group_selector);
    std::vector<bool> skipped;  // per node: inside a skipped subtree
    if (!skip.empty()) {
      skipped.assign(doc.size(), false);
      for (Document::NodeId s : skip) {
        for (Document::NodeId n = s, e = doc.SubtreeEnd(s); n <= e; ++n)
          skipped[static_cast<size_t>(n)] = true;
      }
    }
    auto is_skipped = [&](Document::NodeId n) {
      return !skipped.empty() && skipped[static_cast<size_t>(n)];
    };
    // A row that is, or holds, a group heading is a heading, not a row.
    auto is_heading = [&](Document::NodeId r) {
      auto g = std::lower_bound(groups.begin(), groups.end(), r);
      return g != groups.end() && *g <= doc.SubtreeEnd(r);
    };
    // The nearest heading before the row in page order that does not contain it.
    auto group_of = [&](Document::NodeId r) -> std::string {
      auto g = std::lower_bound(groups.begin(), groups.end(), r);
      while (g != groups.begin()) {
        --g;
        if (doc.SubtreeEnd(*g) < r) return NormalizeKey(doc.Text(*g, skip));
      }
      return "";
    };
    // The first cell outside a skipped subtree; without `skip`, simply the first cell
    // (the hot path of the demo tables, which have no tooltips).
    auto first_kept = [&](const Selector& sel, Document::NodeId row) {
      if (skipped.empty()) return sel.SelectFirst(doc, row);
      std::optional<Document::NodeId> out;
      for (Document::NodeId n : sel.SelectAll(doc, row)) {
        if (!is_skipped(n)) return std::optional<Document::NodeId>(n);
      }
      return out;
    };

    std::vector<AttributeRow> rows;
    switch (src.kind) {
      case FieldSource::Kind::kTable: {
        Result<Selector> ks = Selector::Parse(src.key_selector);
        Result<Selector> vs = Selector::Parse(src.value_selector);
        if (!ks.ok() || !vs.ok()) return std::nullopt;
        for (Document::NodeId row : scope->SelectAll(doc)) {
          if (is_skipped(row) || is_heading(row)) continue;
          std::optional<Document::NodeId> k = first_kept(*ks, row);
          if (!k) continue;
          std::string key = NormalizeKey(doc.Text(*k, skip));
          if (key.empty()) continue;
          std::optional<Document::NodeId> v = first_kept(*vs, row);
          rows.push_back({group_of(row), std::move(key), v ? doc.Text(*v, skip) : std::string()});
        }
        break;
      }
      case FieldSource::Kind::kItems: {
        for (Document::NodeId row : scope->SelectAll(doc)) {
          if (is_skipped(row) || is_heading(row)) continue;
          std::string text = doc.Text(row, skip);
          size_t colon = FirstColon(text);
          if (colon == std::string::npos) continue;
          std::string key = NormalizeKey(text.substr(0, colon));
          if (key.empty()) continue;
          size_t after = colon + (text[colon] == ':' ? 1 : 3);
          rows.push_back({group_of(row), std::move(key), html::NormalizeSpace(text.substr(after))});
        }
        break;
      }
      case FieldSource::Kind::kPairs: {
        const std::vector<Document::NodeId> key_ids = SelectIds(src.key_selector);
        const std::vector<Document::NodeId> value_ids = SelectIds(src.value_selector);
        auto in = [](const std::vector<Document::NodeId>& ids, Document::NodeId n) {
          return std::binary_search(ids.begin(), ids.end(), n);
        };
        Document::NodeId covered_until = -1;  // nested containers are read once
        for (Document::NodeId c : scope->SelectAll(doc)) {
          if (c <= covered_until || is_skipped(c)) continue;
          covered_until = doc.SubtreeEnd(c);
          std::optional<Document::NodeId> pending;  // a key waiting for its value
          std::string pending_key;
          auto flush = [&](std::string value) {
            if (pending && !pending_key.empty())
              rows.push_back({group_of(*pending), std::move(pending_key), std::move(value)});
            pending.reset();
            pending_key.clear();
          };
          std::vector<Document::NodeId> stack;
          const Document::Node& cn = doc.node(c);
          for (size_t i = cn.children.size(); i > 0; --i) stack.push_back(cn.children[i - 1]);
          while (!stack.empty()) {
            Document::NodeId n = stack.back();
            stack.pop_back();
            const Document::Node& node = doc.node(n);
            if (node.type != Document::Node::Type::kElement || is_skipped(n)) continue;
            if (in(groups, n)) {
              flush("");
            } else if (in(key_ids, n)) {
              flush("");
              pending = n;
              pending_key = NormalizeKey(doc.Text(n, skip));
            } else if (in(value_ids, n)) {
              if (pending) flush(doc.Text(n, skip));  // a value without a key is dropped
            } else {
              for (size_t i = node.children.size(); i > 0; --i)
                stack.push_back(node.children[i - 1]);
            }
          }
          flush("");
        }
        break;
      }
      default:
        break;
    }
    return rows;
  }

  void FromJson(const json& root, const FieldSource& src, const std::string& field, bool want_pairs,
                Found* f) {
    std::vector<const json*> hits = ResolveJsonPath(root, src.path);
    f->prov.path = src.path;
    const bool name_value = !src.keys.empty() || want_pairs;
    if (!name_value) {
      for (const json* h : hits) JsonToStrings(*h, &f->values);
      return;
    }
    // A name/value list ([{name, value}, ...]) or a map ({"品牌": "…"}) addressed by
    // key and synonyms. value_key may be a path ("message.desc").
    const std::vector<std::string> keys = NormalizeKeys(src.keys);
    const bool list_field = IsListField(field);
    auto take = [&](const std::string& raw_key, const std::vector<const json*>& values) {
      std::string key = NormalizeKey(raw_key);
      if (key.empty()) return false;
      std::vector<std::string> vals;
      for (const json* v : values) JsonToStrings(*v, &vals);
      if (src.keys.empty()) {
        std::string joined;
        for (const auto& s : vals) joined += (joined.empty() ? "" : " ") + s;
        f->rows.push_back({"", key, html::NormalizeSpace(joined)});
        return false;
      }
      if (!KeyMatches(key, keys)) return false;
      if (f->values.empty()) f->prov.path = src.path + "[" + src.name_key + "=" + key + "]";
      for (auto& v : vals) f->values.push_back(std::move(v));
      return !list_field;  // a list field takes every matching entry
    };
    auto entry = [&](const json& o) {
      auto n = o.find(src.name_key);
      if (n == o.end()) return false;
      std::string name;
      if (n->is_string()) {
        name = n->get<std::string>();
      } else if (n->is_number()) {
        name = n->dump();
      } else {
        return false;
      }
      std::vector<const json*> values = ResolveJsonPath(o, src.value_key);
      if (values.empty()) return false;
      return take(name, values);
    };
    for (const json* h : hits) {
      if (h->is_array()) {
        for (const json& e : *h) {
          if (e.is_object() && entry(e)) return;
        }
      } else if (h->is_object()) {
        if (h->contains(src.name_key)) {
          if (entry(*h)) return;
          continue;
        }
        for (const auto& [k, v] : h->items()) {
          if (take(k, {&v})) return;
        }
      }
    }
  }

  const SiteProfile& profile_;
  std::string_view html_;
  std::optional<Document> dom_;
  std::optional<std::vector<json>> jsonld_;
  bool state_tried_ = false;
  std::optional<json> state_;
  std::optional<std::vector<std::pair<std::string, std::string>>> metas_;
  std::unordered_map<std::string, std::vector<AttributeRow>> rows_;
};

// Normalises what a source found: white space, the capture pattern, the split
// pattern; drops empties. Returns the cleaned values.
std::vector<std::string> Clean(Extraction* ex, const FieldSource& src, const std::string& field,
                               const std::vector<std::string>& raw) {
  std::vector<std::string> out;
  for (const std::string& r : raw) {
    std::string v = html::NormalizeSpace(r);
    if (!src.capture.empty()) {
      std::optional<std::string> c = ex->Capture(src.capture, v);
      if (!c) continue;
      v = html::NormalizeSpace(*c);
    }
    if (!src.split.empty()) {
      std::vector<std::string> parts;
      if (ex->Split(src.split, v, &parts)) {
        for (auto& p : parts) {
          std::string t = html::NormalizeSpace(p);
          if (!t.empty()) out.push_back(std::move(t));
        }
        continue;
      }
    }
    if (!v.empty()) out.push_back(std::move(v));
  }
  if (field == "standards") out = NormalizeStandardCodes(out);
  return out;
}

std::optional<std::string>* ScalarSlot(Listing* l, const std::string& field) {
  if (field == "title") return &l->title;
  if (field == "shop.name") return &l->shop.name;
  if (field == "shop.url") return &l->shop.url;
  if (field == "shop.id") return &l->shop.id;
  if (field == "seller.company") return &l->seller.company;
  if (field == "seller.address") return &l->seller.address;
  if (field == "seller.credit_code") return &l->seller.credit_code;
  if (field == "seller.license_no") return &l->seller.license_no;
  if (field == "seller.region_code") return &l->seller.region_code;
  if (field == "manufacturer.name") return &l->manufacturer.name;
  if (field == "manufacturer.address") return &l->manufacturer.address;
  if (field == "brand") return &l->brand;
  if (field == "model") return &l->model;
  if (field == "age_range") return &l->age_range;
  if (field == "materials") return &l->materials;
  if (field == "safety_category") return &l->safety_category;
  if (field == "description") return &l->description;
  return nullptr;
}

std::vector<std::string>* ListSlot(Listing* l, const std::string& field) {
  if (field == "category_path") return &l->category_path;
  if (field == "standards") return &l->standards;
  if (field == "ccc") return &l->ccc;
  if (field == "warnings") return &l->warnings;
  if (field == "images") return &l->images;
  return nullptr;
}

std::optional<std::string>* SellerSlot(SellerInfo* s, const std::string& field) {
  if (field == "company") return &s->company;
  if (field == "address") return &s->address;
  if (field == "credit_code") return &s->credit_code;
  if (field == "license_no") return &s->license_no;
  if (field == "region_code") return &s->region_code;
  return nullptr;
}

bool IsPriceField(const std::string& field) {
  return field == "price" || field == "price.min" || field == "price.max";
}

// Tries a field's sources in order and hands the first usable result to `take`
// (which returns false when it cannot use the values, e.g. no number in a price).
// With a trace, the remaining sources run too and are recorded as fallbacks.
template <typename Take>
void RunField(Extraction* ex, const std::string& field, const std::string& trace_name,
              const std::vector<FieldSource>& sources, ExtractTrace* trace, Take take) {
  bool done = false;
  for (size_t i = 0; i < sources.size(); ++i) {
    const FieldSource& src = sources[i];
    if (done && trace == nullptr) break;
    std::optional<Found> f = ex->Run(src, field);
    SourceTrace t;
    if (trace != nullptr) {
      t.field = trace_name;
      t.index = i;
      t.line = src.line;
      t.kind = SourceKindName(src.kind);
      t.where = src.path.empty() ? src.selector : src.path;
      if (!src.keys.empty()) {
        t.where += " keys=";
        for (size_t k = 0; k < src.keys.size(); ++k) t.where += (k ? "|" : "") + src.keys[k];
      }
    }
    bool raw = f && (!f->values.empty() || !f->rows.empty());
    std::vector<std::string> vals;
    if (f && !f->values.empty()) vals = Clean(ex, src, field, f->values);
    bool usable = f && (!f->rows.empty() || !vals.empty());
    if (usable && IsPriceField(field)) {
      usable = std::any_of(vals.begin(), vals.end(),
                           [](const std::string& v) { return ParsePrice(v).has_value(); });
    }
    if (trace != nullptr) {
      t.outcome = !raw      ? SourceTrace::Outcome::kNothing
                  : !usable ? SourceTrace::Outcome::kCleanedOut
                  : done    ? SourceTrace::Outcome::kFallback
                            : SourceTrace::Outcome::kUsed;
      if (usable) {
        t.values = vals;
        for (const AttributeRow& r : f->rows) t.values.push_back(r.name + "=" + r.value);
      }
      trace->sources.push_back(std::move(t));
    }
    if (done || !usable) continue;
    // attributes: every source adds its rows (a page may show a short list and a
    // full table); other fields: the first usable source wins.
    take(src, *f, std::move(vals));
    if (field != "attributes") done = true;
  }
}

void ExtractListing(const SiteProfile& profile, Extraction* ex, Listing* l, ExtractTrace* trace) {
  std::optional<std::string> currency;
  std::optional<double> low, high;
  std::string low_text;
  for (const auto& entry : profile.fields) {
    // Named, not structured bindings: the lambda below captures them.
    const std::string& field = entry.first;
    const std::vector<FieldSource>& sources = entry.second;
    if (field == "item_id" && !l->item_id.empty()) continue;  // the URL pattern gave it
    RunField(ex, field, field, sources, trace,
             [&](const FieldSource& src, Found& f, std::vector<std::string> vals) {
               if (field == "attributes") {
                 for (AttributeRow& r : f.rows) {
                   r.name = html::NormalizeSpace(r.name);
                   if (r.name.empty()) continue;
                   r.value = html::NormalizeSpace(r.value);
                   r.group = html::NormalizeSpace(r.group);
                   bool seen = std::any_of(l->attributes.begin(), l->attributes.end(),
                                           [&](const auto& kv) { return kv.first == r.name; });
                   if (!seen) l->attributes.emplace_back(r.name, r.value);
                   l->attribute_rows.push_back(std::move(r));
                 }
                 if (!l->provenance.count(field)) l->provenance[field] = f.prov;
                 return;
               }
               l->provenance[field] = f.prov;
               if (IsPriceField(field)) {
                 for (const auto& v : vals) {
                   std::optional<PriceValue> p = ParsePrice(v);
                   if (!p) continue;
                   // Rounded to 6 decimals so that 2990 fen x 0.01 is 29.9, not 29.900000000000002.
                   auto scaled = [&](double x) {
                     return src.scale == 1 ? x : std::round(x * src.scale * 1e6) / 1e6;
                   };
                   p->amount = scaled(p->amount);
                   if (p->max) *p->max = scaled(*p->max);
                   if (field == "price") {
                     Price price;
                     price.amount = p->amount;
                     price.text = v;
                     if (p->max) {
                       price.min = p->amount;
                       price.max = *p->max;
                     }
                     l->price = price;
                   } else if (field == "price.min") {
                     low = p->amount;
                     low_text = v;
                   } else {
                     high = p->max.value_or(p->amount);
                   }
                   break;
                 }
               } else if (field == "price.currency") {
                 currency = vals.front();
               } else if (field == "item_id") {
                 l->item_id = vals.front();
               } else if (auto* list = ListSlot(l, field)) {
                 *list = std::move(vals);
               } else if (auto* slot = ScalarSlot(l, field)) {
                 *slot = vals.front();
               }
             });
  }
  // Separate low and high values make a range (PDD-style minGroupPrice/maxGroupPrice);
  // the low value stands for the price when no price field gave one.
  if (low && !l->price) {
    l->price = Price{*low, "", std::nullopt, std::nullopt, low_text};
    l->provenance["price"] = l->provenance["price.min"];
  }
  if (l->price && !l->price->max && (low || high)) {
    double lo = low.value_or(l->price->amount), hi = high.value_or(l->price->amount);
    if (hi > lo) {
      l->price->amount = lo;
      l->price->min = lo;
      l->price->max = hi;
    }
  }
  l->provenance.erase("price.min");
  l->provenance.erase("price.max");
  // The currency belongs to the price: CNY unless the page says otherwise.
  if (l->price) l->price->currency = currency.value_or("CNY");
  NormalizeListing(l);
}

SellerInfo ExtractSeller(const SiteProfile& profile, Extraction* ex, ExtractTrace* trace,
                         std::optional<std::string>* shop_name) {
  SellerInfo s;
  for (const auto& entry : profile.shop_fields) {
    const std::string& field = entry.first;
    const std::vector<FieldSource>& sources = entry.second;
    std::optional<std::string>* slot = field == "shop_name" ? shop_name : SellerSlot(&s, field);
    if (slot == nullptr) continue;
    RunField(
        ex, field, "shop:" + field, sources, trace,
        [&](const FieldSource&, Found&, std::vector<std::string> vals) { *slot = vals.front(); });
  }
  NormalizeSeller(&s);
  return s;
}

// URL fields as absolute URLs (RFC 3986 reference resolution against the page's
// base): protocol-relative shop links and relative gallery paths.
void ResolveUrls(const std::string& base, Listing* l) {
  if (l->shop.url) l->shop.url = ResolveReference(base, *l->shop.url);
  for (std::string& img : l->images) img = ResolveReference(base, img);
}

}  // namespace

std::vector<std::vector<AttributeRow>> ReadParameterRows(std::string_view html,
                                                         const std::vector<FieldSource>& sources) {
  SiteProfile none;
  Extraction ex(none, html);
  std::vector<std::vector<AttributeRow>> out;
  for (const FieldSource& src : sources) {
    const std::vector<AttributeRow>* rows = ex.Rows(src);
    out.push_back(rows == nullptr ? std::vector<AttributeRow>() : *rows);
  }
  return out;
}

PageTarget ClassifyUrl(const SiteProfile& profile, const std::string& url) {
  // Item before shop before list: a profile's patterns may overlap, and the
  // more specific page kind wins.
  const std::string target = PathAndQuery(url);
  PageTarget out;
  auto match = [&](const std::string& pattern, PageKind kind) {
    if (pattern.empty()) return false;
    std::shared_ptr<const RE2> re = CachedRegex(pattern);
    if (re == nullptr || !RE2::PartialMatch(target, *re)) return false;
    out.kind = kind;
    if (re->NumberOfCapturingGroups() >= 1) RE2::PartialMatch(target, *re, &out.id);
    return true;
  };
  if (!match(profile.item_url_pattern, PageKind::kItem) &&
      !match(profile.shop_url_pattern, PageKind::kShop)) {
    match(profile.list_url_pattern, PageKind::kList);
  }
  return out;
}

Result<PageExtract> ExtractPage(const SiteProfile& profile, const FetchedPage& page,
                                ExtractTrace* trace) {
  if (page.body.size() > kMaxPageBytes) {
    return ParseError(page.url + ": page of " + std::to_string(page.body.size()) +
                      " bytes is above the " + std::to_string(kMaxPageBytes >> 20) +
                      " MiB extraction budget");
  }
  PageExtract out;
  DecodedText decoded = DecodeToUtf8(page.body, page.content_type, profile.default_charset);
  out.charset = decoded.charset;
  const std::string& html = decoded.text;

  // Links and <base> by a raw scan: no DOM needed.
  out.base_url = page.url;
  bool have_base = false;
  html::ScanStartTags(html, [&](const html::RawTag& tag) {
    if (tag.name == "a") {
      if (const std::string* href = tag.Attr("href")) out.links.push_back(*href);
    } else if (tag.name == "link") {
      const std::string* rel = tag.Attr("rel");
      const std::string* href = tag.Attr("href");
      if (rel != nullptr && href != nullptr && AsciiLower(*rel).find("next") != std::string::npos) {
        out.links.push_back(*href);
      }
    } else if (tag.name == "base" && !have_base) {
      if (const std::string* href = tag.Attr("href"); href != nullptr && !href->empty()) {
        out.base_url = ResolveReference(page.url, *href);
        have_base = true;
      }
    }
    return true;
  });

  Extraction ex(profile, html);
  PageTarget target = ClassifyUrl(profile, page.url);
  out.kind = target.kind;
  if (target.kind == PageKind::kItem) {
    Listing l;
    l.site = profile.id;
    l.item_id = target.id;
    l.url = CanonicalUrl(page.url, profile.tracking_params);
    l.fetched_at = page.fetched_at;
    l.fetched_charset = decoded.charset;
    ExtractListing(profile, &ex, &l, trace);
    ResolveUrls(out.base_url, &l);
    out.listing = std::move(l);
  } else if (target.kind == PageKind::kShop) {
    if (!target.id.empty()) out.shop_id = target.id;
    out.seller = ExtractSeller(profile, &ex, trace, &out.shop_name);
  }
  return out;
}

}  // namespace shouhu::parsers
