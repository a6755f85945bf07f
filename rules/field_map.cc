#include "rules/field_map.h"

#include <re2/re2.h>

#include <algorithm>
#include <tuple>

namespace shouhu::rules {
namespace {

// Listing members a field may read. Kept in one table so the vocabulary is
// checked against it at load time.
const std::vector<std::string>* ListMember(const Listing& l, std::string_view m) {
  if (m == "standards") return &l.standards;
  if (m == "ccc") return &l.ccc;
  if (m == "warnings") return &l.warnings;
  if (m == "images") return &l.images;
  return nullptr;
}

const std::optional<std::string>* OptMember(const Listing& l, std::string_view m) {
  if (m == "title") return &l.title;
  if (m == "description") return &l.description;
  if (m == "brand") return &l.brand;
  if (m == "model") return &l.model;
  if (m == "age_range") return &l.age_range;
  if (m == "materials") return &l.materials;
  if (m == "safety_category") return &l.safety_category;
  if (m == "manufacturer.name") return &l.manufacturer.name;
  if (m == "manufacturer.address") return &l.manufacturer.address;
  if (m == "seller.company") return &l.seller.company;
  if (m == "seller.address") return &l.seller.address;
  if (m == "seller.credit_code") return &l.seller.credit_code;
  if (m == "seller.license_no") return &l.seller.license_no;
  if (m == "shop.name") return &l.shop.name;
  return nullptr;
}

bool IsKnownMember(std::string_view m) {
  static const Listing kEmpty;
  return m == "category_path" || ListMember(kEmpty, m) != nullptr ||
         OptMember(kEmpty, m) != nullptr;
}

std::string_view TrimBlankAndColon(std::string_view s) {
  auto blank = [](std::string_view t, bool front) {
    if (t.empty()) return false;
    const unsigned char c = static_cast<unsigned char>(front ? t.front() : t.back());
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ':';
  };
  while (blank(s, true)) s.remove_prefix(1);
  while (blank(s, false)) s.remove_suffix(1);
  // A full-width colon closing a parameter name ("生产企业：").
  constexpr std::string_view kFullColon = "\xEF\xBC\x9A";
  while (s.size() >= kFullColon.size() && s.substr(s.size() - kFullColon.size()) == kFullColon) {
    s.remove_suffix(kFullColon.size());
  }
  return s;
}

bool IsBlank(std::string_view s) { return TrimBlankAndColon(s).empty(); }

}  // namespace

struct FieldMap::Impl {
  struct Def {
    std::string name;
    std::vector<std::string> members;
    std::vector<std::string> attributes;
    bool all_attributes = false;
    std::unique_ptr<RE2> value_pattern;
    std::unique_ptr<RE2> description_pattern;  // its first group, in the description
  };
  std::vector<Def> defs;
  std::vector<std::string> names;

  const Def* Find(std::string_view n) const {
    for (const Def& d : defs) {
      if (d.name == n) return &d;
    }
    return nullptr;
  }
};

Result<FieldMap> FieldMap::Load(const config::Node& vocabulary) {
  auto impl = std::make_shared<Impl>();
  const config::Node* fields = vocabulary.Find("fields");
  if (fields == nullptr || !fields->is_table()) {
    return ConfigInvalid(vocabulary.file + ":1: missing [fields.NAME] tables");
  }
  for (const auto& [name, n] : fields->members) {
    if (!n.is_table()) return n.Error(StatusCode::kConfigInvalid, "expected a table");
    if (Status s = n.CheckKeys({"listing", "attributes", "value_pattern", "description_pattern"});
        !s.ok())
      return s;
    Impl::Def d;
    d.name = name;
    auto members = n.GetStringList("listing");
    if (!members.ok()) return members.status();
    for (const auto& m : members.value()) {
      if (!IsKnownMember(m))
        return n.Find("listing")->Error(StatusCode::kConfigInvalid,
                                        "unknown listing member '" + m + "'");
    }
    d.members = std::move(members).value();
    auto attrs = n.GetStringList("attributes");
    if (!attrs.ok()) return attrs.status();
    for (const auto& a : attrs.value()) {
      if (a == "*") {
        d.all_attributes = true;
      } else {
        d.attributes.push_back(a);
      }
    }
    // value_pattern: a value must contain it; description_pattern: its first
    // group is a value found in the description's prose.
    for (auto [key, slot, groups] : {std::tuple<std::string_view, std::unique_ptr<RE2>*, int>{
                                         "value_pattern", &d.value_pattern, 0},
                                     {"description_pattern", &d.description_pattern, 1}}) {
      auto text = n.GetOptString(key);
      if (!text.ok()) return text.status();
      if (!text.value()) continue;
      RE2::Options opt;
      opt.set_log_errors(false);
      opt.set_case_sensitive(false);
      *slot = std::make_unique<RE2>(*text.value(), opt);
      if (!(*slot)->ok() || (*slot)->NumberOfCapturingGroups() < groups) {
        return n.Find(key)->Error(StatusCode::kConfigInvalid,
                                  "invalid pattern" +
                                      std::string(groups > 0 ? " (it needs one capturing group, "
                                                               "the value)"
                                                             : "") +
                                      ": " + (*slot)->error());
      }
    }
    if (d.members.empty() && d.attributes.empty() && !d.all_attributes) {
      return n.Error(StatusCode::kConfigInvalid,
                     "field reads nothing: give listing = [...] or attributes = [...]");
    }
    impl->names.push_back(d.name);
    impl->defs.push_back(std::move(d));
  }
  FieldMap map;
  map.impl_ = std::move(impl);
  return map;
}

bool FieldMap::Has(std::string_view name) const { return impl_ && impl_->Find(name) != nullptr; }

const std::vector<std::string>& FieldMap::names() const {
  static const std::vector<std::string> kNone;
  return impl_ ? impl_->names : kNone;
}

FieldMap::Labels FieldMap::DescriptionLabels(std::string_view d) {
  Labels out;
  constexpr std::string_view kFullColon = "\xEF\xBC\x9A";  // ：
  constexpr std::string_view kOpenBracket = "【", kCloseBracket = "】";
  // Separators that end a label's name (looking back) or its value (forward).
  static constexpr std::string_view kNameStops[] = {
      "\n", "\r", "\t", " ", "。", "；", ";", "，", ",",  "、", "|",
      "【", "】", "[",  "]", "（", "）", "(", ")",  "！", "!",  "\xE3\x80\x80"};
  static constexpr std::string_view kValueStops[] = {"\n", "\r", "。", "；", ";",           "|",
                                                     "  ", "【", "！", "!",  "\xE3\x80\x80"};
  size_t pos = 0;
  while (pos < d.size()) {
    const size_t colon = d.find(':', pos), full = d.find(kFullColon, pos),
                 bracket = d.find(kCloseBracket, pos);
    const size_t at = std::min({colon, full, bracket});
    if (at == std::string_view::npos) break;
    const size_t colon_len = at == colon ? 1 : kFullColon.size();  // ： and 】 are 3 bytes
    // The name: back to the nearest stop, at most 24 bytes (8 Han characters);
    // for "【名称】值", back to the opening bracket.
    size_t name_start = at > 24 ? at - 24 : 0;
    const std::string_view name_window = d.substr(name_start, at - name_start);
    if (at == bracket) {
      const size_t open = name_window.rfind(kOpenBracket);
      if (open == std::string_view::npos) {
        pos = at + colon_len;
        continue;
      }
      name_start += open + kOpenBracket.size();
    } else {
      size_t cut = 0;
      for (std::string_view stop : kNameStops) {
        const size_t s2 = name_window.rfind(stop);
        if (s2 != std::string_view::npos) cut = std::max(cut, s2 + stop.size());
      }
      name_start += cut;
    }
    // Keep whole UTF-8 characters: skip continuation bytes a byte cut left.
    while (name_start < at && (static_cast<unsigned char>(d[name_start]) & 0xC0) == 0x80)
      ++name_start;
    // The value: forward to the nearest stop, at most 240 bytes.
    const size_t value_start = at + colon_len;
    size_t value_end = std::min(d.size(), value_start + 240);
    while (value_end < d.size() && value_end > value_start &&
           (static_cast<unsigned char>(d[value_end]) & 0xC0) == 0x80)
      --value_end;
    const std::string_view value_window = d.substr(value_start, value_end - value_start);
    for (std::string_view stop : kValueStops) {
      const size_t e = value_window.find(stop);
      if (e != std::string_view::npos) value_end = std::min(value_end, value_start + e);
    }
    // A value that runs into the next label ("生产厂家：甲，地址：乙") ends at the
    // separator before that label's name.
    const std::string_view rest = d.substr(value_start, value_end - value_start);
    const size_t next_colon = std::min(rest.find(':'), rest.find(kFullColon));
    if (next_colon != std::string_view::npos) {
      size_t sep = std::string_view::npos;
      for (std::string_view comma : {"，", ",", " ", "、"}) {
        const size_t c = rest.rfind(comma, next_colon);
        if (c != std::string_view::npos && (sep == std::string_view::npos || c > sep)) sep = c;
      }
      if (sep != std::string_view::npos) value_end = value_start + sep;
    }
    std::string_view name = TrimBlankAndColon(d.substr(name_start, at - name_start));
    std::string_view value = TrimBlankAndColon(d.substr(value_start, value_end - value_start));
    if (!name.empty() && !value.empty()) out.emplace_back(name, value);
    pos = value_start;
  }
  return out;
}

std::vector<std::string> FieldMap::Values(const Listing& l, std::string_view name) const {
  return Values(
      l, name,
      DescriptionLabels(l.description ? std::string_view(*l.description) : std::string_view()));
}

std::vector<std::string> FieldMap::Values(const Listing& l, std::string_view name,
                                          const Labels& description_labels) const {
  std::vector<std::string> out;
  const Impl::Def* d = impl_ ? impl_->Find(name) : nullptr;
  if (d == nullptr) return out;
  auto add = [&](std::string_view v) {
    if (IsBlank(v)) return;
    if (d->value_pattern && !RE2::PartialMatch(v, *d->value_pattern)) return;
    if (std::find(out.begin(), out.end(), v) == out.end()) out.emplace_back(v);
  };
  for (const auto& m : d->members) {
    if (m == "category_path") {
      std::string joined;
      for (const auto& c : l.category_path) joined += (joined.empty() ? "" : " > ") + c;
      add(joined);
    } else if (const auto* list = ListMember(l, m)) {
      for (const auto& v : *list) add(v);
    } else if (const auto* opt = OptMember(l, m); opt != nullptr && opt->has_value()) {
      add(**opt);
    }
  }
  // The whole table is one value, a row per line: one scan for all rows.
  std::string table;
  for (const auto& [k, v] : l.attributes) {
    if (d->all_attributes) {
      if (!IsBlank(v)) table += (table.empty() ? "" : "\n") + k + ":" + v;
      continue;
    }
    const std::string_view key = TrimBlankAndColon(k);
    for (const auto& a : d->attributes) {
      if (key == a) {
        add(v);
        break;
      }
    }
  }
  if (!table.empty()) add(table);
  if (d->description_pattern && l.description) {
    re2::StringPiece in(*l.description), value;
    while (RE2::FindAndConsume(&in, *d->description_pattern, &value)) {
      if (!value.empty()) add(std::string_view(value.data(), value.size()));
      if (value.empty() && in.empty()) break;
    }
  }
  if (!d->all_attributes) {
    for (const auto& [k, v] : description_labels) {
      for (const auto& a : d->attributes) {
        if (k == a) {
          add(v);
          break;
        }
      }
    }
  }
  return out;
}

}  // namespace shouhu::rules
