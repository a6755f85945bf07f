#include "rules/rule_pack.h"

#include <cctype>
#include <functional>
#include <utility>

#include "model/finding.h"

namespace shouhu::rules {
namespace {

using config::Node;

// Every error leaves this file as kRuleInvalid carrying the rule id, so a broken
// rule is reported, never skipped.
Status WithRule(const Status& s, const std::string& rule_id) {
  std::string m = s.message();
  if (!rule_id.empty()) m += " (rule '" + rule_id + "')";
  return RuleInvalid(std::move(m));
}

Status Bad(const Node& n, const std::string& rule_id, std::string_view what) {
  return WithRule(n.Error(StatusCode::kRuleInvalid, what), rule_id);
}

bool IsDate(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  }
  return true;
}

// A date value: TOML local date (2026-11-01) or the same as a string.
Result<std::string> GetDate(const Node& table, std::string_view key, const std::string& rule_id) {
  const Node* n = table.Find(key);
  if (n == nullptr) return std::string();
  if ((n->kind != Node::Kind::kDate && n->kind != Node::Kind::kString) || !IsDate(n->text)) {
    return Bad(*n, rule_id, "expected a date YYYY-MM-DD");
  }
  return n->text;
}

Result<std::vector<std::string>> GetList(const Node& table, std::string_view key,
                                         const std::string& rule_id) {
  auto r = table.GetStringList(key);
  if (!r.ok()) return WithRule(r.status(), rule_id);
  return std::move(r).value();
}

Result<std::optional<double>> GetNumber(const Node& table, std::string_view key,
                                        const std::string& rule_id) {
  auto r = table.GetOptNumber(key);
  if (!r.ok()) return WithRule(r.status(), rule_id);
  return r.value();
}

constexpr std::string_view kKindKeys[] = {
    "all",         "any",           "not",       "keyword",      "pattern",      "absent",
    "present",     "format",        "age",       "measure",      "group",        "date_from",
    "date_before", "ccc_catalogue", "watchlist", "ccc_registry", "standards_fit"};

Result<Condition> ParseCondition(const Node& n, const std::string& rule_id, int depth) {
  // Budget: a condition tree deeper than this is a mistake, not a rule.
  constexpr int kMaxDepth = 16;
  if (depth > kMaxDepth) return Bad(n, rule_id, "condition nested too deeply");
  if (!n.is_table())
    return Bad(n, rule_id,
               "expected a condition table, e.g. { keyword = [\"...\"], in = [\"title\"] }");
  Condition c;
  c.where = n.Where();
  std::string kind;
  for (const auto& [k, v] : n.members) {
    for (std::string_view kk : kKindKeys) {
      if (k != kk) continue;
      if (k == "date_from" || k == "date_before") {
        if (kind == "date") continue;
        if (!kind.empty())
          return Bad(n, rule_id, "condition has two kinds: '" + kind + "' and '" + k + "'");
        kind = "date";
        continue;
      }
      if (!kind.empty())
        return Bad(n, rule_id, "condition has two kinds: '" + kind + "' and '" + k + "'");
      kind = k;
    }
  }
  if (kind.empty()) {
    return Bad(
        n, rule_id,
        "condition names no kind (all, any, not, keyword, pattern, absent, present, format, age, "
        "measure, group, date_from/date_before, ccc_catalogue, watchlist, ccc_registry)");
  }
  auto check = [&](std::initializer_list<std::string_view> keys) -> Status {
    Status s = n.CheckKeys(keys);
    return s.ok() ? s : WithRule(s, rule_id);
  };
  auto fields_of = [&](std::string_view key) -> Status {
    auto f = GetList(n, key, rule_id);
    if (!f.ok()) return f.status();
    c.fields = std::move(f).value();
    if (c.fields.empty()) return Bad(n, rule_id, "'" + std::string(key) + "' names no field");
    return Status::Ok();
  };
  auto bounds = [&]() -> Status {
    std::pair<std::string_view, std::optional<double>*> bs[] = {
        {"lower_below", &c.lower_below},
        {"lower_at_most", &c.lower_at_most},
        {"lower_at_least", &c.lower_at_least},
        {"upper_at_most", &c.upper_at_most},
        {"upper_above", &c.upper_above}};
    bool any = false;
    for (auto& [k, slot] : bs) {
      auto v = GetNumber(n, k, rule_id);
      if (!v.ok()) return v.status();
      *slot = v.value();
      any = any || slot->has_value();
    }
    if (!any)
      return Bad(n, rule_id,
                 "needs a bound: lower_below, lower_at_most, lower_at_least, upper_at_most or "
                 "upper_above");
    return Status::Ok();
  };

  if (kind == "all" || kind == "any") {
    c.kind = kind == "all" ? Condition::Kind::kAll : Condition::Kind::kAny;
    if (Status s = check({"all", "any"}); !s.ok()) return s;
    const Node* list = n.Find(kind);
    if (!list->is_array() || list->items.empty())
      return Bad(*list, rule_id, "expected a non-empty array of conditions");
    for (const Node& item : list->items) {
      auto child = ParseCondition(item, rule_id, depth + 1);
      if (!child.ok()) return child.status();
      c.children.push_back(std::move(child).value());
    }
  } else if (kind == "not") {
    c.kind = Condition::Kind::kNot;
    if (Status s = check({"not"}); !s.ok()) return s;
    auto child = ParseCondition(*n.Find("not"), rule_id, depth + 1);
    if (!child.ok()) return child.status();
    c.children.push_back(std::move(child).value());
  } else if (kind == "keyword") {
    c.kind = Condition::Kind::kKeyword;
    if (Status s = check({"keyword", "aliases", "in"}); !s.ok()) return s;
    auto w = GetList(n, "keyword", rule_id);
    if (!w.ok()) return w.status();
    auto a = GetList(n, "aliases", rule_id);
    if (!a.ok()) return a.status();
    c.words = std::move(w).value();
    for (auto& alias : a.value()) c.words.push_back(alias);
    if (c.words.empty()) return Bad(n, rule_id, "keyword list is empty");
    for (const auto& word : c.words) {
      if (word.empty()) return Bad(n, rule_id, "empty keyword");
    }
    if (Status s = fields_of("in"); !s.ok()) return s;
  } else if (kind == "pattern") {
    c.kind = Condition::Kind::kPattern;
    if (Status s = check({"pattern", "in"}); !s.ok()) return s;
    auto p = n.GetString("pattern");
    if (!p.ok()) return WithRule(p.status(), rule_id);
    c.pattern = p.value();
    if (c.pattern.empty()) return Bad(n, rule_id, "empty pattern");
    if (Status s = fields_of("in"); !s.ok()) return s;
  } else if (kind == "absent" || kind == "present") {
    c.kind = kind == "absent" ? Condition::Kind::kAbsent : Condition::Kind::kPresent;
    if (Status s = check({kind}); !s.ok()) return s;
    if (Status s = fields_of(kind); !s.ok()) return s;
  } else if (kind == "format") {
    c.kind = Condition::Kind::kFormat;
    if (Status s = check({"format", "in"}); !s.ok()) return s;
    auto f = n.GetString("format");
    if (!f.ok()) return WithRule(f.status(), rule_id);
    c.format = f.value();
    if (c.format != "ccc" && c.format != "credit_code" && c.format != "standard_code") {
      return Bad(*n.Find("format"), rule_id,
                 "unknown format '" + c.format + "' (ccc, credit_code, standard_code)");
    }
    if (Status s = fields_of("in"); !s.ok()) return s;
  } else if (kind == "age" || kind == "measure") {
    c.kind = kind == "age" ? Condition::Kind::kAge : Condition::Kind::kMeasure;
    if (Status s = check({kind, "lower_below", "lower_at_most", "lower_at_least", "upper_at_most",
                          "upper_above"});
        !s.ok()) {
      return s;
    }
    if (Status s = fields_of(kind); !s.ok()) return s;
    if (Status s = bounds(); !s.ok()) return s;
  } else if (kind == "group") {
    c.kind = Condition::Kind::kGroup;
    if (Status s = check({"group"}); !s.ok()) return s;
    auto g = GetList(n, "group", rule_id);
    if (!g.ok()) return g.status();
    c.groups = std::move(g).value();
    if (c.groups.empty()) return Bad(n, rule_id, "'group' names no group");
  } else if (kind == "date") {
    c.kind = Condition::Kind::kDate;
    if (Status s = check({"date_from", "date_before"}); !s.ok()) return s;
    auto f = GetDate(n, "date_from", rule_id);
    if (!f.ok()) return f.status();
    auto b = GetDate(n, "date_before", rule_id);
    if (!b.ok()) return b.status();
    c.date_from = f.value();
    c.date_before = b.value();
  } else if (kind == "ccc_catalogue") {
    c.kind = Condition::Kind::kCccCatalogue;
    if (Status s = check({"ccc_catalogue"}); !s.ok()) return s;
    auto v = n.GetOptBool("ccc_catalogue");
    if (!v.ok()) return WithRule(v.status(), rule_id);
    if (!v.value().value_or(false))
      return Bad(*n.Find("ccc_catalogue"), rule_id, "write ccc_catalogue = true");
  } else if (kind == "ccc_registry") {
    c.kind = Condition::Kind::kCccRegistry;
    if (Status s = check({"ccc_registry", "in"}); !s.ok()) return s;
    auto v = n.GetString("ccc_registry");
    if (!v.ok()) return WithRule(v.status(), rule_id);
    c.registry_check = v.value();
    if (c.registry_check != "status" && c.registry_check != "holder" &&
        c.registry_check != "scope" && c.registry_check != "reused") {
      return Bad(
          *n.Find("ccc_registry"), rule_id,
          "unknown ccc_registry check '" + c.registry_check + "' (status, holder, scope, reused)");
    }
    if (Status s = fields_of("in"); !s.ok()) return s;
  } else if (kind == "standards_fit") {
    c.kind = Condition::Kind::kStandardsFit;
    if (Status s = check({"standards_fit", "in"}); !s.ok()) return s;
    auto v = n.GetString("standards_fit");
    if (!v.ok()) return WithRule(v.status(), rule_id);
    c.fit_check = v.value();
    if (c.fit_check != "unfit" && c.fit_check != "mandatory_missing" &&
        c.fit_check != "superseded") {
      return Bad(*n.Find("standards_fit"), rule_id,
                 "unknown standards_fit check '" + c.fit_check +
                     "' (unfit, mandatory_missing, superseded)");
    }
    if (n.Find("in") != nullptr) {
      if (Status s = fields_of("in"); !s.ok()) return s;
    } else {
      c.fields = {"standards"};
    }
  } else if (kind == "watchlist") {
    c.kind = Condition::Kind::kWatchlist;
    if (Status s = check({"watchlist"}); !s.ok()) return s;
    if (Status s = fields_of("watchlist"); !s.ok()) return s;
  }
  return c;
}

// Example fields are realistic listing fields; see doc/rules.md "Examples".
Result<RuleExample> ParseExample(const Node& n, const std::string& rule_id) {
  RuleExample ex;
  ex.file = n.file;
  ex.line = n.line;
  if (!n.is_table()) return Bad(n, rule_id, "expected an example table");
  Status keys =
      n.CheckKeys({"expect",     "title",       "description", "category",  "brand",
                   "model",      "age_range",   "materials",   "standards", "safety_category",
                   "ccc",        "warnings",    "attributes",  "producer",  "producer_address",
                   "seller",     "credit_code", "shop",        "at",        "watchlist",
                   "prior_uses", "note"});
  if (!keys.ok()) return WithRule(keys, rule_id);
  auto expect = n.GetString("expect");
  if (!expect.ok()) return WithRule(expect.status(), rule_id);
  if (expect.value() != "hit" && expect.value() != "miss") {
    return Bad(*n.Find("expect"), rule_id, "expect must be \"hit\" or \"miss\"");
  }
  ex.expect_hit = expect.value() == "hit";
  Listing& l = ex.listing;
  l.site = "example";
  l.item_id = rule_id + "@" + std::to_string(n.line);

  struct Opt {
    std::string_view key;
    std::optional<std::string>* slot;
  };
  const Opt opts[] = {{"title", &l.title},
                      {"description", &l.description},
                      {"brand", &l.brand},
                      {"model", &l.model},
                      {"age_range", &l.age_range},
                      {"materials", &l.materials},
                      {"safety_category", &l.safety_category},
                      {"producer", &l.manufacturer.name},
                      {"producer_address", &l.manufacturer.address},
                      {"seller", &l.seller.company},
                      {"credit_code", &l.seller.credit_code},
                      {"shop", &l.shop.name}};
  for (const auto& o : opts) {
    auto v = n.GetOptString(o.key);
    if (!v.ok()) return WithRule(v.status(), rule_id);
    *o.slot = v.value();
  }
  struct List {
    std::string_view key;
    std::vector<std::string>* slot;
  };
  const List lists[] = {{"standards", &l.standards},
                        {"ccc", &l.ccc},
                        {"warnings", &l.warnings},
                        {"watchlist", &ex.watchlist}};
  for (const auto& li : lists) {
    auto v = GetList(n, li.key, rule_id);
    if (!v.ok()) return v.status();
    *li.slot = std::move(v).value();
  }
  // category: "玩具 > 益智玩具" or ["玩具", "益智玩具"].
  if (const Node* cat = n.Find("category"); cat != nullptr && cat->is_string()) {
    std::string_view s = cat->text;
    while (!s.empty()) {
      size_t gt = s.find('>');
      std::string_view part = s.substr(0, gt);
      while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
      while (!part.empty() && part.back() == ' ') part.remove_suffix(1);
      if (!part.empty()) l.category_path.emplace_back(part);
      if (gt == std::string_view::npos) break;
      s.remove_prefix(gt + 1);
    }
  } else {
    auto v = GetList(n, "category", rule_id);
    if (!v.ok()) return v.status();
    l.category_path = std::move(v).value();
  }
  if (const Node* attrs = n.Find("attributes"); attrs != nullptr) {
    if (!attrs->is_table())
      return Bad(*attrs, rule_id, "attributes must be a table { 名称 = \"值\" }");
    for (const auto& [k, v] : attrs->members) {
      if (!v.is_string()) return Bad(v, rule_id, "attribute values must be strings");
      l.attributes.emplace_back(k, v.text);
    }
  }
  auto at = GetDate(n, "at", rule_id);
  if (!at.ok()) return at.status();
  ex.at = at.value();
  // prior_uses = [{ ccc = "…", seller = "…", producer = "…" }]: certificate
  // uses seen before this example (earlier sweeps, other sellers).
  if (const Node* pu = n.Find("prior_uses"); pu != nullptr) {
    if (!pu->is_array()) return Bad(*pu, rule_id, "prior_uses must be an array of tables");
    for (const Node& u : pu->items) {
      if (!u.is_table()) return Bad(u, rule_id, "prior_uses entries are { ccc, seller, producer }");
      Status k = u.CheckKeys({"ccc", "seller", "producer"});
      if (!k.ok()) return WithRule(k, rule_id);
      PriorUse use;
      for (auto [key, slot] : {std::pair<std::string_view, std::string*>{"ccc", &use.ccc},
                               {"seller", &use.seller},
                               {"producer", &use.producer}}) {
        auto v = u.GetOptString(key);
        if (!v.ok()) return WithRule(v.status(), rule_id);
        *slot = v.value().value_or("");
      }
      if (use.ccc.empty()) return Bad(u, rule_id, "prior_uses entry without ccc");
      ex.prior_uses.push_back(std::move(use));
    }
  }
  if (!l.title && l.category_path.empty()) {
    return Bad(n, rule_id, "an example needs at least a title or a category");
  }
  return ex;
}

Result<Rule> ParseRule(const Node& n) {
  Rule r;
  r.where = n.Where();
  if (!n.is_table()) return Bad(n, "", "expected a [[rule]] table");
  auto id = n.GetString("id");
  if (!id.ok()) return WithRule(id.status(), "");
  r.id = id.value();
  const std::string& rid = r.id;
  if (r.id.empty()) return Bad(*n.Find("id"), rid, "empty rule id");
  Status keys = n.CheckKeys({"id", "version", "category", "severity", "groups", "message", "basis",
                             "effective_from", "effective_to", "report", "when", "example"});
  if (!keys.ok()) return WithRule(keys, rid);
  auto version = n.GetOptInt("version");
  if (!version.ok()) return WithRule(version.status(), rid);
  if (!version.value()) return Bad(n, rid, "missing required key 'version'");
  if (*version.value() < 1) return Bad(*n.Find("version"), rid, "version must be >= 1");
  r.version = static_cast<int>(*version.value());
  for (auto [key, slot] : {std::pair<std::string_view, std::string*>{"category", &r.category},
                           {"severity", &r.severity},
                           {"message", &r.message},
                           {"basis", &r.basis}}) {
    auto v = n.GetString(key);
    if (!v.ok()) return WithRule(v.status(), rid);
    *slot = v.value();
    if (slot->empty()) return Bad(*n.Find(key), rid, "must not be empty");
  }
  if (!IsFindingCategory(r.category)) {
    return Bad(
        *n.Find("category"), rid,
        "unknown category '" + r.category +
            "' (label.missing, label.invalid, ccc.missing, ccc.invalid, ccc.mismatch, novelty, "
            "blind_box, claims, hazard, watchlist)");
  }
  if (r.severity != "high" && r.severity != "medium" && r.severity != "low") {
    return Bad(*n.Find("severity"), rid, "severity must be high, medium or low");
  }
  auto groups = GetList(n, "groups", rid);
  if (!groups.ok()) return groups.status();
  r.groups = std::move(groups).value();
  if (r.groups.empty()) return Bad(n, rid, "missing 'groups' (product groups, or [\"any\"])");
  auto from = GetDate(n, "effective_from", rid);
  if (!from.ok()) return from.status();
  auto to = GetDate(n, "effective_to", rid);
  if (!to.ok()) return to.status();
  r.effective_from = from.value();
  r.effective_to = to.value();
  if (!r.effective_from.empty() && !r.effective_to.empty() && r.effective_to <= r.effective_from) {
    return Bad(*n.Find("effective_to"), rid, "effective_to must be after effective_from");
  }
  auto report = n.GetOptString("report");
  if (!report.ok()) return WithRule(report.status(), rid);
  r.report = report.value().value_or("");
  const Node* when = n.Find("when");
  if (when == nullptr) return Bad(n, rid, "missing condition 'when'");
  auto cond = ParseCondition(*when, rid, 0);
  if (!cond.ok()) return cond.status();
  r.when = std::move(cond).value();
  const Node* examples = n.Find("example");
  if (examples == nullptr || !examples->is_array()) {
    return Bad(n, rid,
               "missing examples: add [[rule.example]] tables (at least one hit and one miss)");
  }
  int hits = 0, misses = 0;
  for (const Node& e : examples->items) {
    auto ex = ParseExample(e, rid);
    if (!ex.ok()) return ex.status();
    (ex.value().expect_hit ? hits : misses)++;
    r.examples.push_back(std::move(ex).value());
  }
  if (hits == 0 || misses == 0)
    return Bad(*examples, rid, "needs at least one hit and one miss example");
  return r;
}

}  // namespace

bool IsRulePack(const config::Node& root) { return root.Find("pack") != nullptr; }

Result<RulePack> LoadRulePack(const config::Node& root) {
  RulePack pack;
  pack.file = root.file;
  Status keys = root.CheckKeys({"pack", "rule"});
  if (!keys.ok()) return WithRule(keys, "");
  const Node* p = root.Find("pack");
  if (p == nullptr || !p->is_table()) return RuleInvalid(root.file + ":1: missing [pack] table");
  keys = p->CheckKeys({"id", "version", "vocabulary", "ccc_catalogue", "watchlist", "example_date",
                       "description", "example_registry"});
  if (!keys.ok()) return WithRule(keys, "");
  auto id = p->GetString("id");
  if (!id.ok()) return WithRule(id.status(), "");
  pack.id = id.value();
  auto version = p->GetOptInt("version");
  if (!version.ok()) return WithRule(version.status(), "");
  pack.version = static_cast<int>(version.value().value_or(1));
  auto vocab = p->GetString("vocabulary");
  if (!vocab.ok()) return WithRule(vocab.status(), "");
  pack.vocabulary = vocab.value();
  auto cat = p->GetOptString("ccc_catalogue");
  if (!cat.ok()) return WithRule(cat.status(), "");
  pack.ccc_catalogue = cat.value().value_or("");
  auto reg = p->GetOptString("example_registry");
  if (!reg.ok()) return WithRule(reg.status(), "");
  pack.example_registry = reg.value().value_or("");
  auto wl = GetList(*p, "watchlist", "");
  if (!wl.ok()) return wl.status();
  pack.watchlists = std::move(wl).value();
  auto ed = GetDate(*p, "example_date", "");
  if (!ed.ok()) return ed.status();
  pack.example_date = ed.value();
  const Node* rules = root.Find("rule");
  if (rules == nullptr) return pack;
  if (!rules->is_array()) return Bad(*rules, "", "expected [[rule]] tables");
  for (const Node& rn : rules->items) {
    auto r = ParseRule(rn);
    if (!r.ok()) return r.status();
    for (const Rule& prev : pack.rules) {
      if (prev.id == r.value().id)
        return Bad(rn, r.value().id, "duplicate rule id (first at " + prev.where + ")");
    }
    pack.rules.push_back(std::move(r).value());
  }
  return pack;
}

}  // namespace shouhu::rules
