#include "parsers/page_extractor.h"

#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <memory>
#include <unordered_map>

#include "base/strings.h"
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
  std::vector<std::pair<std::string, std::string>> pairs;
  Provenance prov;
};

const char* SourceName(FieldSource::Kind k) {
  switch (k) {
    case FieldSource::Kind::kJsonLd:
      return "jsonld";
    case FieldSource::Kind::kMicrodata:
      return "microdata";
    case FieldSource::Kind::kEmbedded:
      return "embedded";
    case FieldSource::Kind::kSelector:
      return "selector";
    case FieldSource::Kind::kTable:
      return "table";
    case FieldSource::Kind::kMeta:
      return "meta";
  }
  return "";
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

// First decimal number in the text ("¥1,299.00" -> 1299), nullopt if none.
std::optional<double> ParsePrice(std::string_view text) {
  std::string digits;
  bool seen_digit = false, seen_dot = false;
  for (char c : text) {
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
  if (!seen_digit) return std::nullopt;
  if (digits.back() == '.') digits.pop_back();
  return std::strtod(digits.c_str(), nullptr);
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
    f.prov.source = SourceName(src.kind);
    const bool want_pairs = field == "attributes";
    switch (src.kind) {
      case FieldSource::Kind::kJsonLd: {
        const json* node = FindJsonLdNode(JsonLd(), src.type);
        if (node == nullptr) return std::nullopt;
        FromJson(*node, src, want_pairs, &f);
        break;
      }
      case FieldSource::Kind::kEmbedded: {
        const json* state = State();
        if (state == nullptr) return std::nullopt;
        FromJson(*state, src, want_pairs, &f);
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
          if (src.attr.empty()) {
            f.values.push_back(doc.Text(id));
          } else if (const std::string* v = doc.Attr(id, src.attr)) {
            f.values.push_back(*v);
          }
        }
        f.prov.path = src.selector + (src.attr.empty() ? "" : " @" + src.attr);
        break;
      }
      case FieldSource::Kind::kTable: {
        const std::vector<std::pair<std::string, std::string>>* pairs = TablePairs(src);
        if (pairs == nullptr) return std::nullopt;
        if (want_pairs && src.keys.empty()) {
          f.pairs = *pairs;
        } else {
          const std::vector<std::string> keys = NormalizeKeys(src.keys);
          for (const auto& [key, value] : *pairs) {
            if (KeyMatches(key, keys)) {
              f.values.push_back(value);
              f.prov.path = key;
              break;
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

  // The (key, value) rows of a table source, computed once per (rows, key, value)
  // selector triple: a profile reads a dozen fields from the same table.
  const std::vector<std::pair<std::string, std::string>>* TablePairs(const FieldSource& src) {
    std::string id = src.selector + '\x01' + src.key_selector + '\x01' + src.value_selector;
    auto it = tables_.find(id);
    if (it != tables_.end()) return &it->second;
    Result<Selector> rows = Selector::Parse(src.selector);
    Result<Selector> ks = Selector::Parse(src.key_selector);
    Result<Selector> vs = Selector::Parse(src.value_selector);
    if (!rows.ok() || !ks.ok() || !vs.ok()) return nullptr;
    std::vector<std::pair<std::string, std::string>> pairs;
    const Document& doc = Dom();
    for (Document::NodeId row : rows->SelectAll(doc)) {
      std::optional<Document::NodeId> k = ks->SelectFirst(doc, row);
      if (!k) continue;
      std::string key = NormalizeKey(doc.Text(*k));
      if (key.empty()) continue;
      std::optional<Document::NodeId> v = vs->SelectFirst(doc, row);
      pairs.emplace_back(std::move(key), v ? doc.Text(*v) : std::string());
    }
    return &tables_.emplace(std::move(id), std::move(pairs)).first->second;
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

  void FromJson(const json& root, const FieldSource& src, bool want_pairs, Found* f) {
    std::vector<const json*> hits = ResolveJsonPath(root, src.path);
    f->prov.path = src.path;
    const bool name_value = !src.keys.empty() || want_pairs;
    if (!name_value) {
      for (const json* h : hits) JsonToStrings(*h, &f->values);
      return;
    }
    // A name/value list ([{name, value}, ...]) addressed by key and synonyms.
    std::vector<const json*> objects;
    for (const json* h : hits) {
      if (h->is_array()) {
        for (const json& e : *h) {
          if (e.is_object()) objects.push_back(&e);
        }
      } else if (h->is_object()) {
        objects.push_back(h);
      }
    }
    const std::vector<std::string> keys = NormalizeKeys(src.keys);
    for (const json* o : objects) {
      auto n = o->find(src.name_key);
      auto v = o->find(src.value_key);
      if (n == o->end() || !n->is_string() || v == o->end()) continue;
      std::string key = NormalizeKey(n->get<std::string>());
      std::vector<std::string> vals;
      JsonToStrings(*v, &vals);
      if (src.keys.empty()) {
        std::string joined;
        for (const auto& s : vals) joined += (joined.empty() ? "" : " ") + s;
        f->pairs.emplace_back(key, joined);
      } else if (KeyMatches(key, keys)) {
        f->values = std::move(vals);
        f->prov.path = src.path + "[" + src.name_key + "=" + key + "]";
        return;
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
  std::unordered_map<std::string, std::vector<std::pair<std::string, std::string>>> tables_;
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

void ExtractListing(const SiteProfile& profile, Extraction* ex, Listing* l) {
  std::optional<std::string> currency;
  for (const auto& [field, sources] : profile.fields) {
    if (field == "item_id" && !l->item_id.empty()) continue;  // the URL pattern gave it
    for (const FieldSource& src : sources) {
      std::optional<Found> f = ex->Run(src, field);
      if (!f) continue;
      bool got = false;
      if (field == "attributes") {
        for (auto& [k, v] : f->pairs) {
          std::string key = html::NormalizeSpace(k);
          if (!key.empty()) l->attributes.emplace_back(std::move(key), html::NormalizeSpace(v));
        }
        got = !l->attributes.empty();
      } else {
        std::vector<std::string> vals = Clean(ex, src, field, f->values);
        if (vals.empty()) continue;
        if (field == "price") {
          for (const auto& v : vals) {
            if (std::optional<double> amount = ParsePrice(v)) {
              l->price = Price{*amount, ""};
              got = true;
              break;
            }
          }
        } else if (field == "price.currency") {
          currency = vals.front();
          got = true;
        } else if (field == "item_id") {
          l->item_id = vals.front();
          got = true;
        } else if (auto* list = ListSlot(l, field)) {
          *list = std::move(vals);
          got = true;
        } else if (auto* slot = ScalarSlot(l, field)) {
          *slot = vals.front();
          got = true;
        }
      }
      if (got) {
        l->provenance[field] = f->prov;
        break;
      }
    }
  }
  // The currency belongs to the price: CNY unless the page says otherwise.
  if (l->price) l->price->currency = currency.value_or("CNY");
  NormalizeListing(l);
}

SellerInfo ExtractSeller(const SiteProfile& profile, Extraction* ex) {
  SellerInfo s;
  for (const auto& [field, sources] : profile.shop_fields) {
    std::optional<std::string>* slot = SellerSlot(&s, field);
    if (slot == nullptr) continue;
    for (const FieldSource& src : sources) {
      std::optional<Found> f = ex->Run(src, field);
      if (!f) continue;
      std::vector<std::string> vals = Clean(ex, src, field, f->values);
      if (vals.empty()) continue;
      *slot = vals.front();
      break;
    }
  }
  // The region code is characters 3-8 of an 18-character unified social credit code
  // (GB 32100-2015), so it is on the page whenever the code is.
  if (s.credit_code) {
    std::string code = html::NormalizeSpace(*s.credit_code);
    code.erase(std::remove(code.begin(), code.end(), ' '), code.end());
    s.credit_code = AsciiUpper(code);
  }
  if (!s.region_code && s.credit_code) {
    if (std::optional<std::string> r = RegionCodeOf(*s.credit_code)) s.region_code = *r;
  }
  return s;
}

}  // namespace

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

Result<PageExtract> ExtractPage(const SiteProfile& profile, const FetchedPage& page) {
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
        out.base_url = *href;
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
    ExtractListing(profile, &ex, &l);
    out.listing = std::move(l);
  } else if (target.kind == PageKind::kShop) {
    if (!target.id.empty()) out.shop_id = target.id;
    out.seller = ExtractSeller(profile, &ex);
  }
  return out;
}

}  // namespace shouhu::parsers
