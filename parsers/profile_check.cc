#include "parsers/profile_check.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "parsers/dom.h"
#include "parsers/selector.h"

namespace shouhu::parsers {
namespace {

using nlohmann::json;
using NodeId = Document::NodeId;

// At most `max_bytes` of UTF-8, cut at a character boundary, with "…" when cut.
std::string Shorten(const std::string& s, size_t max_bytes = 72) {
  if (s.size() <= max_bytes) return s;
  size_t cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return s.substr(0, cut) + "\xE2\x80\xA6";
}

std::string Quote(const std::string& s) { return "\"" + s + "\""; }

// A listing field's value as the Listing JSON shows it ("shop.url" -> j.shop.url).
const json* FieldValue(const json& listing, const std::string& field) {
  const json* cur = &listing;
  size_t start = 0;
  while (start <= field.size()) {
    size_t dot = field.find('.', start);
    std::string part =
        field.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    if (!cur->is_object()) return nullptr;
    auto it = cur->find(part);
    if (it == cur->end()) return nullptr;
    cur = &*it;
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return cur;
}

std::string Display(const json& v) {
  if (v.is_string()) return Quote(Shorten(v.get<std::string>()));
  return Shorten(v.dump());
}

std::string SourceLabel(const SourceTrace& t) {
  std::string prefix =
      t.field.rfind("shop:", 0) == 0 ? "shop.fields." + t.field.substr(5) : "fields." + t.field;
  return prefix + "[" + std::to_string(t.index) + "] line " + std::to_string(t.line) + " " +
         t.kind + " " + Quote(t.where);
}

}  // namespace

std::string FormatProfileCheck(const SiteProfile& profile, const PageExtract& extract,
                               const ExtractTrace& trace) {
  std::ostringstream out;
  const char* kind = extract.kind == PageKind::kItem   ? "item"
                     : extract.kind == PageKind::kShop ? "shop"
                     : extract.kind == PageKind::kList ? "list"
                                                       : "other";
  out << "page: " << kind << " page of site '" << profile.id << "', decoded as " << extract.charset
      << "\n";
  std::map<std::string, const SourceTrace*> used;
  std::set<std::string> traced;
  for (const SourceTrace& t : trace.sources) {
    traced.insert(t.field);
    if (t.outcome == SourceTrace::Outcome::kUsed && !used.count(t.field)) used[t.field] = &t;
  }

  std::vector<std::string> names;
  json values = json::object();
  if (extract.listing) {
    out << "item id: " << extract.listing->item_id << "\n";
    names = ListingFieldNames();
    values = ListingToJson(*extract.listing);
  } else if (extract.seller) {
    for (const std::string& n : SellerFieldNames()) names.push_back("shop:" + n);
    const SellerInfo& s = *extract.seller;
    auto put = [&](const char* k, const std::optional<std::string>& v) {
      if (v) values[std::string("shop:") + k] = *v;
    };
    put("company", s.company);
    put("address", s.address);
    put("credit_code", s.credit_code);
    put("license_no", s.license_no);
    put("region_code", s.region_code);
    put("shop_name", extract.shop_name);
  } else {
    out << "not an item or shop page: the URL matches neither item_url_pattern nor "
           "shop_url_pattern, so no fields are read\n";
    return out.str();
  }
  auto value_of = [&](const std::string& field) -> const json* {
    if (field.rfind("shop:", 0) == 0) {
      auto it = values.find(field);
      return it == values.end() ? nullptr : &*it;
    }
    return FieldValue(values, field);
  };

  std::vector<std::string> empty, unprofiled;
  out << "\nfields found:\n";
  for (const std::string& field : names) {
    const json* v = value_of(field);
    auto u = used.find(field);
    if (v == nullptr && u != used.end() && (field == "price.min" || field == "price.max")) {
      // Equal low and high values make a single price, not a range.
      out << "  " << field << "  <- " << SourceLabel(*u->second) << "\n      folded into price: "
          << Quote(u->second->values.empty() ? "" : Shorten(u->second->values.front())) << "\n";
      continue;
    }
    if (v == nullptr) {
      (traced.count(field) ? empty : unprofiled).push_back(field);
      continue;
    }
    std::string from;
    if (u != used.end()) {
      from = SourceLabel(*u->second);
    } else if (field == "item_id") {
      from = "item_url_pattern";
    } else if (extract.listing) {
      auto p = extract.listing->provenance.find(field);
      from = p != extract.listing->provenance.end()
                 ? "derived: " + p->second.source + " " + p->second.path
                 : "derived from other fields";
    } else {
      from = "derived from other fields";
    }
    std::string shown =
        field == "attributes"
            ? std::to_string(v->size()) + " names"
            : (v->is_array() ? std::to_string(v->size()) + " values " : "") + Display(*v);
    out << "  " << field << "  <- " << from << "\n      " << shown << "\n";
  }
  auto list = [&](const char* title, const std::vector<std::string>& fields) {
    if (fields.empty()) return;
    out << "\n" << title << ":";
    for (const auto& f : fields) out << " " << f;
    out << "\n";
  };
  list("fields left empty (the profile has sources; none gave a value)", empty);
  list("fields the profile does not read", unprofiled);

  auto outcome = [&](SourceTrace::Outcome o, const char* title) {
    bool any = false;
    for (const SourceTrace& t : trace.sources) {
      if (t.outcome != o) continue;
      if (!any) out << "\n" << title << ":\n";
      any = true;
      out << "  " << SourceLabel(t);
      if (!t.values.empty()) out << "  -> " << Quote(Shorten(t.values.front()));
      out << "\n";
    }
  };
  outcome(SourceTrace::Outcome::kNothing, "sources that matched nothing");
  outcome(SourceTrace::Outcome::kCleanedOut,
          "sources that matched, but capture / split / number parsing left nothing");
  outcome(SourceTrace::Outcome::kFallback,
          "fallback sources that would also give a value (an earlier source won)");

  if (extract.listing) {
    const auto& rows = extract.listing->attribute_rows;
    out << "\nattribute rows (" << rows.size() << "):\n";
    for (const AttributeRow& r : rows) {
      out << "  " << (r.group.empty() ? "" : "[" + r.group + "] ") << r.name << " = "
          << Shorten(r.value) << "\n";
    }
  }
  return out.str();
}

// ---- suggestions ----------------------------------------------------------------

namespace {

constexpr size_t kMaxCandidates = 200;

bool SimpleIdent(std::string_view s) {
  if (s.empty() || (s[0] >= '0' && s[0] <= '9')) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_';
  });
}

// tag#id, else tag.class (the first class that reads as a name), else tag.
std::string Compound(const Document& doc, NodeId id) {
  const Document::Node& n = doc.node(id);
  if (const std::string* v = doc.Attr(id, "id"); v != nullptr && SimpleIdent(*v))
    return n.tag + "#" + *v;
  if (const std::string* c = doc.Attr(id, "class")) {
    std::istringstream words(*c);
    std::string w;
    while (words >> w) {
      if (SimpleIdent(w) && w != "clearfix" && w != "clear") return n.tag + "." + w;
    }
  }
  return n.tag;
}

// Compound, prefixed by the nearest ancestor with an id when the compound alone
// also matches elsewhere.
std::string ScopedSelector(const Document& doc, NodeId id, size_t expected_matches) {
  std::string c = Compound(doc, id);
  if (c.find('#') != std::string::npos) return c;
  Result<Selector> sel = Selector::Parse(c);
  if (sel.ok() && sel->SelectAll(doc).size() <= expected_matches) return c;
  for (NodeId a = doc.node(id).parent; a > 0; a = doc.node(a).parent) {
    if (const std::string* v = doc.Attr(a, "id"); v != nullptr && SimpleIdent(*v))
      return doc.node(a).tag + "#" + *v + " " + c;
  }
  return c;
}

std::vector<NodeId> ElementChildren(const Document& doc, NodeId id) {
  std::vector<NodeId> out;
  for (NodeId c : doc.node(id).children) {
    if (doc.node(c).type == Document::Node::Type::kElement) out.push_back(c);
  }
  return out;
}

std::optional<NodeId> NextElementSibling(const Document& doc, NodeId id) {
  NodeId parent = doc.node(id).parent;
  if (parent < 0) return std::nullopt;
  bool seen = false;
  for (NodeId c : doc.node(parent).children) {
    if (c == id) {
      seen = true;
    } else if (seen && doc.node(c).type == Document::Node::Type::kElement) {
      return c;
    }
  }
  return std::nullopt;
}

std::optional<NodeId> PreviousElementSibling(const Document& doc, NodeId id) {
  NodeId parent = doc.node(id).parent;
  if (parent < 0) return std::nullopt;
  std::optional<NodeId> prev;
  for (NodeId c : doc.node(parent).children) {
    if (c == id) return prev;
    if (doc.node(c).type == Document::Node::Type::kElement) prev = c;
  }
  return std::nullopt;
}

bool IsHeading(const std::string& tag) {
  return tag.size() == 2 && tag[0] == 'h' && tag[1] >= '1' && tag[1] <= '6';
}

std::string TomlString(const std::string& s) {
  if (s.find('"') == std::string::npos && s.find('\\') == std::string::npos) return Quote(s);
  return "'" + s + "'";
}

std::string ToToml(const FieldSource& src) {
  std::string kind = SourceKindName(src.kind);
  std::string body;
  auto add = [&](const char* k, const std::string& v) {
    if (v.empty()) return;
    body += (body.empty() ? "" : ", ") + std::string(k) + " = " + TomlString(v);
  };
  if (src.kind == FieldSource::Kind::kPairs) {
    add("container", src.selector);
  } else {
    add("rows", src.selector);
  }
  if (src.kind != FieldSource::Kind::kItems) {
    add("key", src.key_selector);
    add("value", src.value_selector);
  }
  add("skip", src.skip_selector);
  add("group", src.group_selector);
  return "[[fields.attributes]]\n" + kind + " = { " + body + " }\n";
}

}  // namespace

std::vector<ContainerSuggestion> SuggestParameterContainers(std::string_view html) {
  Document doc = Document::Parse(html);
  std::vector<FieldSource> candidates;
  auto make = [](FieldSource::Kind kind, std::string selector) {
    FieldSource s;
    s.kind = kind;
    s.selector = std::move(selector);
    s.key_selector.clear();
    s.value_selector.clear();
    return s;
  };

  // 1. dt followed by dd: the container is the dt's parent, or the parent's parent
  //    when each pair sits in its own dl.
  std::map<std::string, std::vector<NodeId>> pair_containers;  // compound -> containers
  std::map<std::string, std::string> tooltip;                  // compound -> skip selector
  for (NodeId id = 1; id < static_cast<NodeId>(doc.size()); ++id) {
    const Document::Node& n = doc.node(id);
    if (n.type != Document::Node::Type::kElement || n.tag != "dt") continue;
    std::optional<NodeId> next = NextElementSibling(doc, id);
    if (!next || doc.node(*next).tag != "dd") continue;
    NodeId c = n.parent;
    int dts = 0;
    for (NodeId k : ElementChildren(doc, c)) dts += doc.node(k).tag == "dt" ? 1 : 0;
    if (dts == 1 && doc.node(c).parent > 0) c = doc.node(c).parent;
    if (doc.node(c).tag == "dl" && doc.node(c).parent > 0) {
      // A dl of nested dls: read from the group element around it, which also
      // holds the group heading.
      NodeId p = doc.node(c).parent;
      for (NodeId k : ElementChildren(doc, p)) {
        if (IsHeading(doc.node(k).tag)) {
          c = p;
          break;
        }
      }
    }
    std::string key = Compound(doc, c);
    auto& list = pair_containers[key];
    if (list.empty() || list.back() != c) list.push_back(c);
    std::optional<NodeId> after = NextElementSibling(doc, *next);
    if (after && doc.node(*after).tag == "dd") {
      std::string cls = Compound(doc, *next);
      if (cls != "dd") tooltip[key] = cls;
    }
  }
  for (const auto& [compound, containers] : pair_containers) {
    FieldSource s =
        make(FieldSource::Kind::kPairs, ScopedSelector(doc, containers.front(), containers.size()));
    s.key_selector = "dt";
    s.value_selector = "dd";
    if (auto t = tooltip.find(compound); t != tooltip.end()) s.skip_selector = t->second;
    for (NodeId k : ElementChildren(doc, containers.front())) {
      if (IsHeading(doc.node(k).tag)) {
        s.group_selector = s.selector + " " + Compound(doc, k);
        break;
      }
    }
    if (s.group_selector.empty()) {
      if (auto prev = PreviousElementSibling(doc, containers.front());
          prev && IsHeading(doc.node(*prev).tag)) {
        s.group_selector = Compound(doc, *prev);
      }
    }
    candidates.push_back(std::move(s));
  }

  const Result<Selector> tr_sel = Selector::Parse("tr");
  for (NodeId id = 1; id < static_cast<NodeId>(doc.size()); ++id) {
    const Document::Node& n = doc.node(id);
    if (n.type != Document::Node::Type::kElement) continue;
    const std::vector<NodeId> kids = ElementChildren(doc, id);
    // 2. Tables of two-cell rows.
    if (n.tag == "table") {
      int th_td = 0, td_td = 0;
      bool colspan_th = false, colspan_td = false;
      for (NodeId tr : tr_sel->SelectAll(doc, id)) {
        std::vector<NodeId> cells = ElementChildren(doc, tr);
        if (cells.size() == 2) {
          if (doc.node(cells[0]).tag == "th" && doc.node(cells[1]).tag == "td") ++th_td;
          if (doc.node(cells[0]).tag == "td" && doc.node(cells[1]).tag == "td") ++td_td;
        } else if (cells.size() == 1 && doc.Attr(cells[0], "colspan") != nullptr) {
          (doc.node(cells[0]).tag == "th" ? colspan_th : colspan_td) = true;
        }
      }
      if (th_td >= 2 || td_td >= 2) {
        std::string table = ScopedSelector(doc, id, 1);
        FieldSource s = make(FieldSource::Kind::kTable, table + " tr");
        s.key_selector = th_td >= td_td ? "th" : "td:first-child";
        s.value_selector = th_td >= td_td ? "td" : "td:nth-child(2)";
        if (colspan_th) s.group_selector = table + " th[colspan]";
        if (colspan_td) s.group_selector = table + " td[colspan]";
        candidates.push_back(std::move(s));
      }
      continue;
    }
    if (kids.size() < 3) continue;
    // 3. Items whose text reads "key：value", and 4. repeated two-element rows.
    std::map<std::string, int> colon_items, two_cell;
    for (NodeId k : kids) {
      std::string text = doc.Text(k);
      size_t colon = std::min(text.find(':'), text.find("\xEF\xBC\x9A"));
      if (colon != std::string::npos && colon > 0 && colon <= 40 && text.size() < 400)
        ++colon_items[doc.node(k).tag];
      std::vector<NodeId> cells = ElementChildren(doc, k);
      if (cells.size() == 2 && doc.Text(cells[0]).size() <= 40 && !doc.Text(cells[0]).empty())
        ++two_cell[Compound(doc, k) + "\x01" + Compound(doc, cells[0]) + "\x01" +
                   Compound(doc, cells[1])];
    }
    std::string scope;
    auto scope_of = [&] {
      if (scope.empty()) scope = ScopedSelector(doc, id, 1);
      return scope;
    };
    for (const auto& [tag, count] : colon_items) {
      if (count >= 3 && count * 10 >= static_cast<int>(kids.size()) * 6 && tag != "dl")
        candidates.push_back(make(FieldSource::Kind::kItems, scope_of() + " > " + tag));
    }
    for (const auto& [shape, count] : two_cell) {
      if (count < 3 || n.tag == "tr" || n.tag == "tbody" || n.tag == "table") continue;
      size_t a = shape.find('\x01'), b = shape.find('\x01', a + 1);
      std::string row = shape.substr(0, a), key = shape.substr(a + 1, b - a - 1),
                  value = shape.substr(b + 1);
      if (key == "dt" || key == value) continue;  // dt/dd: the pairs above
      FieldSource s = make(FieldSource::Kind::kTable, scope_of() + " > " + row);
      s.key_selector = key;
      s.value_selector = value;
      candidates.push_back(std::move(s));
    }
  }

  // Bounded: a hostile page with thousands of tables gets the first candidates only.
  // Selectors built from class names that the selector grammar does not take are dropped.
  auto parses = [](const std::string& sel) { return sel.empty() || Selector::Parse(sel).ok(); };
  std::erase_if(candidates, [&](const FieldSource& s) {
    return s.selector.empty() || !parses(s.selector) || !parses(s.key_selector) ||
           !parses(s.value_selector) || !parses(s.group_selector) || !parses(s.skip_selector);
  });
  if (candidates.size() > kMaxCandidates) candidates.resize(kMaxCandidates);
  std::vector<std::vector<AttributeRow>> read = ReadParameterRows(html, candidates);
  std::vector<ContainerSuggestion> out;
  for (size_t i = 0; i < candidates.size(); ++i) {
    FieldSource& s = candidates[i];
    std::vector<AttributeRow>& rows = read[i];
    if (rows.size() < 3) continue;
    bool same = std::any_of(out.begin(), out.end(),
                            [&](const ContainerSuggestion& o) { return o.rows == rows; });
    if (same) continue;
    ContainerSuggestion c;
    c.toml = ToToml(s);
    c.source = std::move(s);
    c.rows = std::move(rows);
    out.push_back(std::move(c));
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const auto& a, const auto& b) { return a.rows.size() > b.rows.size(); });
  if (out.size() > 12) out.resize(12);
  return out;
}

std::string FormatSuggestions(const std::vector<ContainerSuggestion>& suggestions) {
  std::ostringstream out;
  out << "candidate parameter containers: " << suggestions.size() << "\n";
  int i = 0;
  for (const ContainerSuggestion& s : suggestions) {
    out << "\n"
        << ++i << ". " << SourceKindName(s.source.kind) << ", " << s.rows.size() << " rows:";
    for (size_t r = 0; r < s.rows.size() && r < 6; ++r) {
      const AttributeRow& row = s.rows[r];
      out << (r ? "; " : " ") << (row.group.empty() ? "" : "[" + row.group + "] ") << row.name
          << "=" << Shorten(row.value, 24);
    }
    if (s.rows.size() > 6) out << "; \xE2\x80\xA6";
    out << "\n" << s.toml;
  }
  return out.str();
}

}  // namespace shouhu::parsers
