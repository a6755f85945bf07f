#include "rules/standards_table.h"

#include <re2/re2.h>

#include <algorithm>

namespace shouhu::rules {
namespace {

bool Matches(const StandardCode& entry, const StandardCode& declared) {
  if (entry.prefix != declared.prefix || entry.number != declared.number) return false;
  if (!entry.part.empty() && entry.part != declared.part) return false;
  return entry.year == 0 || entry.year == declared.year;
}

bool AnyMatch(const std::vector<StandardCode>& entries, const StandardCode& declared) {
  return std::any_of(entries.begin(), entries.end(),
                     [&](const StandardCode& e) { return Matches(e, declared); });
}

// Parses one table entry ("GB 6675", "GB/T 5296.5", "GB 28007-2011"): exactly one code.
Result<StandardCode> EntryCode(const config::Node& at, const std::string& text) {
  std::string lower;
  for (char ch : text) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  std::vector<StandardCode> codes = ParseStandardCodes(lower);
  if (codes.size() != 1 || codes[0].number.empty())
    return at.Error(StatusCode::kConfigInvalid,
                    "'" + text + "' is not one standard code like 'GB 6675' or 'GB 28007-2011'");
  return codes[0];
}

Result<std::vector<StandardCode>> EntryList(const config::Node& n, std::string_view key) {
  auto list = n.GetStringList(key);
  if (!list.ok()) return list.status();
  std::vector<StandardCode> out;
  for (const auto& t : list.value()) {
    auto c = EntryCode(*n.Find(key), t);
    if (!c.ok()) return c.status();
    out.push_back(std::move(c).value());
  }
  return out;
}

}  // namespace

std::vector<StandardCode> ParseStandardCodes(std::string_view text) {
  // National and industry codes; a run of further parts ("~4", "、2") and the
  // year after a dash. Text is normalised (lower case, NFKC).
  static const RE2 kCode(
      "((gb|qb|fz|yy|jy|bb|hg|sn|ga|wb|cb|lb|jg|sb)\\s*(?:/"
      "\\s*[tz])?\\s*(\\d{3,6})(?:\\.(\\d{1,3}))?"
      "(?:\\s*[~、,/]\\s*\\.?\\d{1,2}(?:\\.\\d{1,3})?)*(?:\\s*[-—–]\\s*((?:19|20)\\d{2}))?)");
  static const RE2 kOther("(?:^|[^a-z])([qt])\\s*/\\s*[a-z0-9]+");
  // Foreign and international standards (EN 71, ASTM F963, ECE R129, JIS S 6006,
  // EN ISO 12312-1): declared, but in no Chinese group's table.
  static const RE2 kForeign(
      "(?:^|[^a-z])(en|iso|iec|astm|jis|din|bs|ansi|ece\\s*r|as/"
      "nzs)\\s*(?:iso\\s*|en\\s*)*[a-z]?\\s*(\\d{2,6})");
  std::vector<StandardCode> out;
  re2::StringPiece in(text.data(), text.size());
  re2::StringPiece whole, prefix, number, part, year;
  while (RE2::FindAndConsume(&in, kCode, &whole, &prefix, &number, &part, &year)) {
    StandardCode c;
    c.prefix = std::string(prefix);
    c.number = std::string(number);
    c.part = std::string(part);
    c.year = year.empty() ? 0 : std::stoi(std::string(year));
    c.text = std::string(whole);
    out.push_back(std::move(c));
  }
  re2::StringPiece foreign(text.data(), text.size());
  re2::StringPiece body, digits;
  while (RE2::FindAndConsume(&foreign, kForeign, &body, &digits)) {
    StandardCode c;
    c.prefix = "foreign:" + std::string(body);
    c.number = std::string(digits);
    c.text = std::string(body) + " " + std::string(digits);
    out.push_back(std::move(c));
  }
  re2::StringPiece rest(text.data(), text.size());
  re2::StringPiece kind;
  while (RE2::FindAndConsume(&rest, kOther, &kind)) {
    StandardCode c;
    c.prefix = std::string(kind);
    c.text = std::string(kind) + "/…";
    out.push_back(std::move(c));
  }
  return out;
}

Result<StandardsTable> StandardsTable::Load(const config::Node& root) {
  StandardsTable t;
  SHOUHU_RETURN_IF_ERROR(root.CheckKeys({"standards", "group", "superseded"}));
  const config::Node* groups = root.Find("group");
  if (groups == nullptr || !groups->is_array())
    return ConfigInvalid(root.file + ":1: missing [[group]] tables");
  for (const config::Node& g : groups->items) {
    SHOUHU_RETURN_IF_ERROR(g.CheckKeys(
        {"id", "mandatory", "recommended", "product", "enterprise", "association", "note"}));
    GroupTable gt;
    SHOUHU_ASSIGN_OR_RETURN(gt.group, g.GetString("id"));
    if (t.Find(gt.group) != nullptr)
      return g.Error(StatusCode::kConfigInvalid, "duplicate group '" + gt.group + "'");
    SHOUHU_ASSIGN_OR_RETURN(gt.mandatory, EntryList(g, "mandatory"));
    gt.fitting = gt.mandatory;
    for (std::string_view key : {"recommended", "product"}) {
      auto more = EntryList(g, key);
      if (!more.ok()) return more.status();
      for (auto& c : more.value()) gt.fitting.push_back(std::move(c));
    }
    for (auto [key, out] : {std::pair<std::string_view, bool*>{"enterprise", &gt.enterprise},
                            {"association", &gt.association}}) {
      auto b = g.GetOptBool(key);
      if (!b.ok()) return b.status();
      *out = b.value().value_or(false);
    }
    if (gt.fitting.empty() && !gt.enterprise && !gt.association)
      return g.Error(StatusCode::kConfigInvalid, "group table lists no standard");
    t.groups_.push_back(std::move(gt));
  }
  if (const config::Node* sup = root.Find("superseded"); sup != nullptr) {
    if (!sup->is_array()) return sup->Error(StatusCode::kConfigInvalid, "expected [[superseded]]");
    for (const config::Node& s : sup->items) {
      SHOUHU_RETURN_IF_ERROR(
          s.CheckKeys({"code", "replaced_by", "effective", "transition_until", "note"}));
      Superseded e;
      auto code = s.GetString("code");
      if (!code.ok()) return code.status();
      SHOUHU_ASSIGN_OR_RETURN(e.code, EntryCode(*s.Find("code"), *code));
      if (e.code.year == 0)
        return s.Find("code")->Error(StatusCode::kConfigInvalid,
                                     "a superseded code needs its year ('GB 28007-2011')");
      SHOUHU_ASSIGN_OR_RETURN(e.replaced_by, s.GetString("replaced_by"));
      const config::Node* eff = s.Find("effective");
      if (eff == nullptr || eff->kind != config::Node::Kind::kDate)
        return s.Error(StatusCode::kConfigInvalid, "needs effective = YYYY-MM-DD");
      e.effective = eff->text.substr(0, 10);
      e.flagged_from = e.effective;
      if (const config::Node* tr = s.Find("transition_until"); tr != nullptr) {
        if (tr->kind != config::Node::Kind::kDate)
          return tr->Error(StatusCode::kConfigInvalid, "expected a date");
        e.flagged_from = tr->text.substr(0, 10);
      }
      e.where = s.file + ":" + std::to_string(s.line);
      t.superseded_.push_back(std::move(e));
    }
  }
  return t;
}

const StandardsTable::GroupTable* StandardsTable::Find(std::string_view group) const {
  for (const GroupTable& g : groups_) {
    if (g.group == group) return &g;
  }
  return nullptr;
}

bool StandardsTable::HasGroup(std::string_view group) const { return Find(group) != nullptr; }

std::vector<std::string> StandardsTable::Groups() const {
  std::vector<std::string> out;
  for (const GroupTable& g : groups_) out.push_back(g.group);
  return out;
}

bool StandardsTable::Unfit(const std::vector<StandardCode>& declared,
                           const std::vector<std::string>& groups) const {
  if (declared.empty()) return false;
  for (const std::string& id : groups) {
    const GroupTable* g = Find(id);
    if (g == nullptr) continue;
    const bool fits = std::any_of(declared.begin(), declared.end(), [&](const StandardCode& c) {
      if (c.prefix == "q") return g->enterprise;
      if (c.prefix == "t") return g->association;
      return AnyMatch(g->fitting, c);
    });
    if (!fits) return true;
  }
  return false;
}

bool StandardsTable::MandatoryMissing(const std::vector<StandardCode>& declared,
                                      const std::vector<std::string>& groups) const {
  if (declared.empty()) return false;
  for (const std::string& id : groups) {
    const GroupTable* g = Find(id);
    if (g == nullptr || g->mandatory.empty()) continue;
    const bool has = std::any_of(declared.begin(), declared.end(),
                                 [&](const StandardCode& c) { return AnyMatch(g->mandatory, c); });
    if (!has) return true;
  }
  return false;
}

const StandardsTable::Superseded* StandardsTable::SupersededAt(const StandardCode& code,
                                                               std::string_view at) const {
  for (const Superseded& s : superseded_) {
    if (Matches(s.code, code) && at >= s.flagged_from) return &s;
  }
  return nullptr;
}

}  // namespace shouhu::rules
