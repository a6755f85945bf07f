#include "rules/rule_engine.h"

#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>
#include <ctime>
#include <filesystem>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>

#include "base/time.h"
#include "config/toml_doc.h"
#include "parsers/label_values.h"
#include "rules/ccc_catalogue.h"
#include "rules/certificate_registry.h"
#include "rules/classifier.h"
#include "rules/field_map.h"
#include "rules/formats.h"
#include "rules/normalizer.h"
#include "rules/rule_pack.h"
#include "rules/standards_table.h"
#include "rules/watchlist.h"

namespace shouhu::rules {
namespace fs = std::filesystem;
namespace {

// Regex memory budgets. RE2's default (8 MiB) per pattern is ample for a
// keyword list; the set holds every pattern of every pack, and its DFA is what
// a hostile 1 MB description runs through, so it gets a larger, still bounded,
// budget. Exhausting it is reported (Evaluation::error), never taken as "no match".
constexpr int64_t kPatternMaxMem = 8 << 20;
constexpr int64_t kSetMaxMem = 64 << 20;

// GB 6675 and GB 21027 cover children up to 14: an age range starting below
// this is a children's product cue.

// Capture date used by examples when neither the example nor the pack gives one.
constexpr const char* kDefaultExampleDate = "2026-06-01";

RE2::Options PatternOptions(int64_t max_mem) {
  RE2::Options o;
  o.set_log_errors(false);
  o.set_case_sensitive(false);  // text is case-folded; patterns may say "GB" or "gb"
  o.set_max_mem(max_mem);
  return o;
}

bool IsDate(std::string_view s) {
  if (s.size() < 10 || s[4] != '-' || s[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  return true;
}

// The evidence a true condition rests on.
struct Evidence {
  std::string field;
  std::string snippet;
};

// A pattern in the set: a keyword/pattern condition, or a catalogue product's keywords.
struct Leaf {
  std::string rule_id;  // empty for catalogue products
  std::string where;
  std::vector<std::string> fields;
  std::unique_ptr<RE2> re;
  int m_group = 0;  // capture group quoted as evidence (named "m"), 0 = whole match
};

struct FieldText {
  std::string field;
  std::vector<NormalizedText> values;
};

struct LeafHit {
  int field = -1;  // index into Context::fields
  int value = -1;
};

}  // namespace

struct RuleEngine::Impl {
  std::shared_ptr<const Normalizer> norm;
  FieldMap fields;
  std::optional<Classifier> classifier;
  std::optional<StandardsTable> standards;
  std::optional<CccCatalogue> catalogue;
  std::vector<int> product_leaf;          // per catalogue product: leaf index or -1
  std::vector<int> product_exclude_leaf;  // per catalogue product: its exclude words, or -1
  Watchlist watchlist;
  std::optional<CertificateRegistry> example_registry;  // for RunExamples only
  std::vector<Rule> rules;
  std::vector<std::string> rule_example_date;
  std::vector<Leaf> leaves;
  std::unordered_map<const Condition*, int> leaf_of;
  std::unique_ptr<RE2::Set> set;
  std::vector<std::string> set_fields;  // fields some leaf reads

  struct Context {
    const Listing* listing;
    std::string at;
    int at_year;
    std::vector<FieldText> fields;
    std::vector<LeafHit> hits;
    std::vector<std::string> groups;
    const std::vector<std::string>* extra_watch = nullptr;
    const EvaluationContext* ectx = nullptr;
    const Rule* rule = nullptr;
    // Declared standard codes per field, parsed on first use.
    std::vector<std::pair<std::string, std::vector<std::pair<StandardCode, int>>>> codes;

    const FieldText* Find(std::string_view f) const {
      for (const auto& ft : fields) {
        if (ft.field == f) return &ft;
      }
      return nullptr;
    }
  };

  Status AddLeaf(Leaf leaf, const std::string& pattern, int* index);
  Status Compile(const Condition& c, const Rule& r);
  Status CheckNames(const Condition& c, const Rule& r) const;
  bool Eval(const Condition& c, Context& ctx, std::vector<Evidence>* ev) const;
  bool LeafEvidence(int leaf, const Context& ctx, std::vector<Evidence>* ev) const;
  bool RegistryCheck(const Condition& c, const Context& ctx, std::vector<Evidence>* ev) const;
  bool StandardsFit(const Condition& c, Context& ctx, std::vector<Evidence>* ev) const;
  CertificateUse UseOf(const Context& ctx) const;
  Evaluation Run(const Listing& listing, std::string_view at_date,
                 const std::vector<std::string>* extra_watch, const EvaluationContext* ectx) const;
};

Status RuleEngine::Impl::AddLeaf(Leaf leaf, const std::string& pattern, int* index) {
  const std::string who = leaf.rule_id.empty() ? "" : " (rule '" + leaf.rule_id + "')";
  leaf.re = std::make_unique<RE2>(pattern, PatternOptions(kPatternMaxMem));
  if (!leaf.re->ok())
    return RuleInvalid(leaf.where + ": invalid pattern: " + leaf.re->error() + who);
  const auto& names = leaf.re->NamedCapturingGroups();
  if (auto it = names.find("m"); it != names.end()) leaf.m_group = it->second;
  std::string err;
  const int k = set->Add(pattern, &err);
  if (k < 0) return RuleInvalid(leaf.where + ": invalid pattern: " + err + who);
  if (k != static_cast<int>(leaves.size()))
    return RuleInvalid(leaf.where + ": internal: set index out of step" + who);
  for (const auto& f : leaf.fields) {
    if (std::find(set_fields.begin(), set_fields.end(), f) == set_fields.end())
      set_fields.push_back(f);
  }
  leaves.push_back(std::move(leaf));
  *index = k;
  return Status::Ok();
}

// Declared standards against the groups' tables (config/groups/standards.toml).
// Evidence: the value that declares the offending (or the only) codes.
bool RuleEngine::Impl::StandardsFit(const Condition& c, Context& ctx,
                                    std::vector<Evidence>* ev) const {
  for (const auto& f : c.fields) {
    const FieldText* ft = ctx.Find(f);
    if (ft == nullptr || ft->values.empty()) continue;
    auto cached = std::find_if(ctx.codes.begin(), ctx.codes.end(),
                               [&](const auto& e) { return e.first == f; });
    if (cached == ctx.codes.end()) {
      std::vector<std::pair<StandardCode, int>> parsed;
      for (size_t vi = 0; vi < ft->values.size(); ++vi) {
        for (auto& code : ParseStandardCodes(ft->values[vi].text))
          parsed.emplace_back(std::move(code), static_cast<int>(vi));
      }
      ctx.codes.emplace_back(f, std::move(parsed));
      cached = ctx.codes.end() - 1;
    }
    const auto& coded = cached->second;
    if (coded.empty()) continue;
    std::vector<StandardCode> declared;
    for (const auto& [code, vi] : coded) declared.push_back(code);
    if (c.fit_check == "superseded") {
      for (const auto& [code, vi] : coded) {
        if (standards->SupersededAt(code, ctx.at) != nullptr) {
          ev->push_back({f, ft->values[static_cast<size_t>(vi)].original});
          return true;
        }
      }
      continue;
    }
    const bool hit = c.fit_check == "unfit" ? standards->Unfit(declared, ctx.groups)
                                            : standards->MandatoryMissing(declared, ctx.groups);
    if (hit) {
      ev->push_back({f, ft->values[static_cast<size_t>(coded.front().second)].original});
      return true;
    }
  }
  return false;
}

Status RuleEngine::Impl::CheckNames(const Condition& c, const Rule& r) const {
  const std::string who = " (rule '" + r.id + "')";
  for (const auto& f : c.fields) {
    if (!fields.Has(f)) {
      std::string known;
      for (const auto& n : fields.names()) known += (known.empty() ? "" : ", ") + n;
      return RuleInvalid(c.where + ": unknown field '" + f + "' (fields: " + known + ")" + who);
    }
  }
  for (const auto& g : c.groups) {
    if (!classifier->HasGroup(g)) return RuleInvalid(c.where + ": unknown group '" + g + "'" + who);
  }
  if (c.kind == Condition::Kind::kCccRegistry) {
    for (const char* f : {"producer", "seller", "credit_code", "model", "title"}) {
      if (!fields.Has(f))
        return RuleInvalid(c.where + ": ccc_registry needs the vocabulary field '" + f + "'" + who);
    }
  }
  if (c.kind == Condition::Kind::kStandardsFit && !standards) {
    return RuleInvalid(c.where + ": standards_fit used but the vocabulary names no standards file" +
                       who);
  }
  if (c.kind == Condition::Kind::kCccCatalogue && !catalogue) {
    return RuleInvalid(c.where + ": ccc_catalogue used but the pack names no ccc_catalogue file" +
                       who);
  }
  for (const auto& child : c.children) {
    if (Status s = CheckNames(child, r); !s.ok()) return s;
  }
  return Status::Ok();
}

Status RuleEngine::Impl::Compile(const Condition& c, const Rule& r) {
  if (c.kind == Condition::Kind::kKeyword || c.kind == Condition::Kind::kPattern) {
    std::string pattern;
    if (c.kind == Condition::Kind::kPattern) {
      pattern = c.pattern;
    } else {
      // Keywords are folded like the text they are matched against, so a pack
      // may write them in any script or width.
      for (const auto& w : c.words) {
        const std::string folded = norm->Fold(w);
        if (folded.empty())
          return RuleInvalid(c.where + ": keyword '" + w +
                             "' is empty after normalisation (rule '" + r.id + "')");
        pattern += (pattern.empty() ? "" : "|") + RE2::QuoteMeta(folded);
      }
    }
    Leaf leaf;
    leaf.rule_id = r.id;
    leaf.where = c.where;
    leaf.fields = c.fields;
    int k = -1;
    if (Status s = AddLeaf(std::move(leaf), pattern, &k); !s.ok()) return s;
    leaf_of[&c] = k;
  }
  for (const auto& child : c.children) {
    if (Status s = Compile(child, r); !s.ok()) return s;
  }
  return Status::Ok();
}

bool RuleEngine::Impl::LeafEvidence(int leaf, const Context& ctx, std::vector<Evidence>* ev) const {
  const LeafHit& h = ctx.hits[static_cast<size_t>(leaf)];
  if (h.field < 0) return false;
  const FieldText& ft = ctx.fields[static_cast<size_t>(h.field)];
  const NormalizedText& nt = ft.values[static_cast<size_t>(h.value)];
  const Leaf& l = leaves[static_cast<size_t>(leaf)];
  re2::StringPiece groups[10];
  const int n = std::min(l.m_group + 1, 10);
  std::string snippet;
  if (l.re->Match(nt.text, 0, nt.text.size(), RE2::UNANCHORED, groups, n) &&
      groups[l.m_group].data() != nullptr) {
    const size_t b = static_cast<size_t>(groups[l.m_group].data() - nt.text.data());
    snippet = std::string(nt.Original(b, b + groups[l.m_group].size()));
  }
  ev->push_back({ft.field, std::move(snippet)});
  return true;
}

bool RuleEngine::Impl::Eval(const Condition& c, Context& ctx, std::vector<Evidence>* ev) const {
  using K = Condition::Kind;
  switch (c.kind) {
    case K::kAll: {
      std::vector<Evidence> local;
      for (const auto& child : c.children) {
        if (!Eval(child, ctx, &local)) return false;
      }
      ev->insert(ev->end(), local.begin(), local.end());
      return true;
    }
    case K::kAny:
      for (const auto& child : c.children) {
        if (Eval(child, ctx, ev)) return true;
      }
      return false;
    case K::kNot: {
      std::vector<Evidence> scratch;
      return !Eval(c.children.front(), ctx, &scratch);
    }
    case K::kKeyword:
    case K::kPattern:
      return LeafEvidence(leaf_of.at(&c), ctx, ev);
    case K::kAbsent:
      for (const auto& f : c.fields) {
        const FieldText* ft = ctx.Find(f);
        if (ft != nullptr && !ft->values.empty()) return false;
      }
      ev->push_back({c.fields.front(), ""});
      return true;
    case K::kPresent:
      for (const auto& f : c.fields) {
        const FieldText* ft = ctx.Find(f);
        if (ft != nullptr && !ft->values.empty()) {
          ev->push_back({f, ft->values.front().original});
          return true;
        }
      }
      return false;
    case K::kFormat:
      for (const auto& f : c.fields) {
        const FieldText* ft = ctx.Find(f);
        if (ft == nullptr) continue;
        for (const auto& v : ft->values) {
          bool valid = true;
          if (c.format == "ccc") {
            valid = IsValidCccNumber(v.text, ctx.at_year);
          } else if (c.format == "credit_code") {
            const std::string code = parsers::FindCreditCode(v.text);
            valid = !code.empty() && parsers::IsValidCreditCode(code);
          } else if (c.format == "standard_code") {
            valid = HasStandardCode(v.text);
          }
          if (!valid) {
            ev->push_back({f, v.original});
            return true;
          }
        }
      }
      return false;
    case K::kAge:
    case K::kMeasure:
      for (const auto& f : c.fields) {
        const FieldText* ft = ctx.Find(f);
        if (ft == nullptr) continue;
        for (const auto& v : ft->values) {
          const std::optional<AgeRange> r =
              c.kind == K::kAge ? ParseAgeRange(v.text) : ParseMeasure(v.text);
          if (!r) continue;
          bool ok = true;
          if (c.lower_below) ok = ok && r->lower < *c.lower_below;
          if (c.lower_at_most) ok = ok && r->lower <= *c.lower_at_most;
          if (c.lower_at_least) ok = ok && r->lower >= *c.lower_at_least;
          if (c.upper_at_most) ok = ok && r->upper <= *c.upper_at_most;
          if (c.upper_above) ok = ok && r->upper > *c.upper_above;
          if (ok) {
            ev->push_back({f, v.original});
            return true;
          }
        }
      }
      return false;
    case K::kGroup:
      for (const auto& g : c.groups) {
        if (std::find(ctx.groups.begin(), ctx.groups.end(), g) != ctx.groups.end()) return true;
      }
      return false;
    case K::kDate:
      return (c.date_from.empty() || ctx.at >= c.date_from) &&
             (c.date_before.empty() || ctx.at < c.date_before);
    case K::kCccCatalogue:
      for (size_t p = 0; p < catalogue->products.size(); ++p) {
        const CccProduct& prod = catalogue->products[p];
        if (!prod.rules.empty() &&
            std::find(prod.rules.begin(), prod.rules.end(), ctx.rule->id) == prod.rules.end()) {
          continue;
        }
        const bool in_group =
            std::any_of(prod.groups.begin(), prod.groups.end(), [&](const std::string& g) {
              return std::find(ctx.groups.begin(), ctx.groups.end(), g) != ctx.groups.end();
            });
        if (!in_group) continue;
        if (const int x = product_exclude_leaf[p];
            x >= 0 && ctx.hits[static_cast<size_t>(x)].field >= 0)
          continue;
        if (product_leaf[p] < 0) {
          ev->push_back({"category", ""});
          return true;
        }
        if (LeafEvidence(product_leaf[p], ctx, ev)) return true;
      }
      return false;
    case K::kCccRegistry:
      return RegistryCheck(c, ctx, ev);
    case K::kStandardsFit:
      return StandardsFit(c, ctx, ev);
    case K::kWatchlist:
      for (const auto& f : c.fields) {
        const FieldText* ft = ctx.Find(f);
        if (ft == nullptr) continue;
        for (const auto& v : ft->values) {
          // The folded text also carries a full-width credit code in plain form.
          bool hit = watchlist.Match(v.original, v.text) != nullptr ||
                     watchlist.Match(v.text, v.text) != nullptr;
          if (!hit && ctx.ectx != nullptr && ctx.ectx->watchlist != nullptr) {
            hit = ctx.ectx->watchlist->Match(v.original, v.text) != nullptr ||
                  ctx.ectx->watchlist->Match(v.text, v.text) != nullptr;
          }
          if (!hit && ctx.extra_watch != nullptr) {
            for (const auto& w : *ctx.extra_watch)
              hit = hit || norm->Fold(w) == v.text || w == v.original;
          }
          if (hit) {
            ev->push_back({f, v.original});
            return true;
          }
        }
      }
      return false;
  }
  return false;
}

namespace {

// Company names as written on listings and certificates differ in legal-form
// suffixes ("有限公司", "有限责任公司"); the distinctive part must agree.
std::string CompanyCore(std::string folded) {
  for (std::string_view suffix : {"股份有限公司", "有限责任公司", "有限公司", "公司", "厂"}) {
    if (folded.size() > suffix.size() &&
        folded.compare(folded.size() - suffix.size(), suffix.size(), suffix) == 0) {
      folded.resize(folded.size() - suffix.size());
      break;
    }
  }
  return folded;
}

bool SameCompany(const std::string& a, const std::string& b) {
  const std::string ca = CompanyCore(a), cb = CompanyCore(b);
  if (ca.empty() || cb.empty()) return false;
  return ca.find(cb) != std::string::npos || cb.find(ca) != std::string::npos;
}

}  // namespace

CertificateUse RuleEngine::Impl::UseOf(const Context& ctx) const {
  CertificateUse use;
  if (const FieldText* cc = ctx.Find("credit_code")) {
    for (const auto& v : cc->values) {
      const std::string code = parsers::FindCreditCode(v.text);
      if (!code.empty() && parsers::IsValidCreditCode(code)) {
        use.seller = "code:" + code;
        break;
      }
    }
  }
  if (use.seller.empty()) {
    if (const FieldText* s = ctx.Find("seller"); s != nullptr && !s->values.empty())
      use.seller = "name:" + CompanyCore(s->values.front().text);
  }
  if (const FieldText* p = ctx.Find("producer"); p != nullptr && !p->values.empty())
    use.producer = CompanyCore(p->values.front().text);
  use.listing = ctx.listing->site + "/" + ctx.listing->item_id;
  return use;
}

bool RuleEngine::Impl::RegistryCheck(const Condition& c, const Context& ctx,
                                     std::vector<Evidence>* ev) const {
  const EvaluationContext* e = ctx.ectx;
  if (e == nullptr) return false;
  const bool reused = c.registry_check == "reused";
  if (reused ? e->usage == nullptr : e->registry == nullptr) return false;
  for (const auto& f : c.fields) {
    const FieldText* ft = ctx.Find(f);
    if (ft == nullptr) continue;
    for (const auto& v : ft->values) {
      // Malformed numbers are T-02's; the registry speaks only of well-formed ones.
      if (!IsValidCccNumber(v.text, ctx.at_year)) continue;
      const std::string key = CertificateNumberKey(v.text);
      if (key.empty()) continue;
      bool hit = false;
      if (reused) {
        const CertificateUse use = UseOf(ctx);
        hit = e->usage->RecordAndFindUnrelated(key, use, nullptr);
        // With a registry, the holder's own listings are the legitimate use:
        // the unrelated ones are flagged, not them.
        if (hit && e->registry != nullptr && !use.producer.empty()) {
          if (const CertificateRecord* rec = e->registry->Find(key)) {
            hit = !SameCompany(use.producer, CompanyCore(norm->Fold(rec->holder))) &&
                  !SameCompany(use.producer, CompanyCore(norm->Fold(rec->manufacturer)));
          }
        }
      } else {
        const CertificateRecord* rec = e->registry->Find(key);
        if (c.registry_check == "status") {
          hit = rec == nullptr || rec->status != "有效" ||
                (!rec->expires_on.empty() && rec->expires_on < ctx.at);
        } else if (rec != nullptr && c.registry_check == "holder") {
          const FieldText* p = ctx.Find("producer");
          if (p != nullptr && !p->values.empty()) {
            const std::string& producer = p->values.front().text;
            hit = !SameCompany(producer, norm->Fold(rec->holder)) &&
                  !SameCompany(producer, norm->Fold(rec->manufacturer));
          }
        } else if (rec != nullptr && c.registry_check == "scope") {
          // The certificate's product must fall in one of the listing's groups
          // (when the vocabulary can tell its group at all) ...
          if (!rec->product.empty()) {
            const Classification pc = classifier->ClassifyText(norm->Fold(rec->product));
            hit = !pc.groups.empty() &&
                  std::none_of(pc.groups.begin(), pc.groups.end(), [&](const std::string& g) {
                    return std::find(ctx.groups.begin(), ctx.groups.end(), g) != ctx.groups.end();
                  });
          }
          // ... and the listing's model be one the certificate covers.
          const FieldText* m = ctx.Find("model");
          if (!hit && !rec->models.empty() && m != nullptr && !m->values.empty()) {
            const std::string models = norm->Fold(rec->models);
            const std::string& model = m->values.front().text;
            bool covered = models.find(model) != std::string::npos;
            std::string token;
            for (size_t i = 0; i <= models.size() && !covered; ++i) {
              const char ch = i < models.size() ? models[i] : ',';
              if (ch == ',' || ch == ';' || ch == '/' || ch == ' ') {
                covered = token.size() >= 3 && model.find(token) != std::string::npos;
                token.clear();
              } else {
                token.push_back(ch);
              }
            }
            hit = !covered;
          }
        }
      }
      if (hit) {
        ev->push_back({f, v.original});
        return true;
      }
    }
  }
  return false;
}

Evaluation RuleEngine::Impl::Run(const Listing& listing, std::string_view at_date,
                                 const std::vector<std::string>* extra_watch,
                                 const EvaluationContext* ectx) const {
  Evaluation out;
  Context ctx;
  ctx.listing = &listing;
  ctx.extra_watch = extra_watch;
  ctx.ectx = ectx;
  if (IsDate(at_date)) {
    ctx.at = std::string(at_date.substr(0, 10));
  } else if (IsDate(listing.fetched_at)) {
    ctx.at = listing.fetched_at.substr(0, 10);
  } else {
    ctx.at = TodayUtc();
  }
  ctx.at_year = std::stoi(ctx.at.substr(0, 4));

  const FieldMap::Labels labels = FieldMap::DescriptionLabels(
      listing.description ? std::string_view(*listing.description) : std::string_view());
  // Several fields read the same value (materials is also fibre and type):
  // each distinct value is normalised once.
  std::vector<const NormalizedText*> done;
  ctx.fields.reserve(fields.names().size());  // `done` points into it
  for (const auto& name : fields.names()) {
    FieldText ft;
    ft.field = name;
    for (const auto& v : fields.Values(listing, name, labels)) {
      auto same = std::find_if(done.begin(), done.end(),
                               [&](const NormalizedText* n) { return n->original == v; });
      ft.values.push_back(same != done.end() ? **same : norm->Normalize(v));
    }
    ctx.fields.push_back(std::move(ft));
    for (const auto& nt : ctx.fields.back().values) done.push_back(&nt);
  }

  ClassifierInput cin;
  for (const auto& f : classifier->fields()) {
    if (const FieldText* ft = ctx.Find(f)) {
      std::string text, aside;
      for (const auto& v : ft->values) {
        if (f == "title") cin.raw_title += v.original + "\n";
        if (f == "title" && (v.original.find('(') != std::string::npos ||
                             v.original.find("（") != std::string::npos)) {
          auto [main_part, aside_part] = Classifier::SplitAsides(v.original);
          text += norm->Fold(main_part) + "\n";
          aside += norm->Fold(aside_part) + "\n";
        } else if (const size_t leaf = v.original.rfind(" > ");
                   f == "category" && leaf != std::string::npos) {
          // The leaf of a category path is what the platform says the product
          // is; the levels above it ("玩具/童车/益智/积木/模型") count as asides.
          text += norm->Fold(std::string_view(v.original).substr(leaf + 3)) + "\n";
          aside += norm->Fold(std::string_view(v.original).substr(0, leaf)) + "\n";
        } else {
          text += v.text + "\n";
        }
      }
      cin.fields.emplace_back(f, std::move(text));
      if (!aside.empty()) cin.asides.emplace_back(f, std::move(aside));
    }
  }
  // The stated age range is a scope cue of its own (under 14: a child's;
  // 14 and over: an adult's).
  if (const FieldText* age = ctx.Find("age")) {
    for (const auto& v : age->values) {
      if (const std::optional<AgeRange> r = ParseAgeRange(v.text)) {
        cin.age_lower = r->lower;
        break;
      }
    }
  }
  if (const FieldText* st = ctx.Find("standards")) {
    for (const auto& v : st->values) cin.standards += v.text + "\n";
  }
  Classification cls = classifier->Classify(cin);
  out.groups = cls.groups;
  out.group_evidence = cls.evidence;
  out.group_matches = cls.matches;
  out.in_scope = cls.in_scope;
  if (!cls.in_scope) return out;
  ctx.groups = cls.groups;

  // One set pass per field text; a leaf counts only in the fields it names.
  ctx.hits.assign(leaves.size(), LeafHit{});
  std::vector<int> matched;
  std::vector<std::pair<const std::string*, std::vector<int>>> scanned;
  for (size_t fi = 0; fi < ctx.fields.size(); ++fi) {
    const FieldText& ft = ctx.fields[fi];
    if (std::find(set_fields.begin(), set_fields.end(), ft.field) == set_fields.end()) continue;
    for (size_t vi = 0; vi < ft.values.size(); ++vi) {
      // A value several fields read is scanned once.
      auto seen = std::find_if(scanned.begin(), scanned.end(),
                               [&](const auto& e) { return *e.first == ft.values[vi].text; });
      if (seen != scanned.end()) {
        matched = seen->second;
      } else {
        matched.clear();
      }
      RE2::Set::ErrorInfo info{};
      if (seen == scanned.end() && !set->Match(ft.values[vi].text, &matched, &info) &&
          info.kind != RE2::Set::kNoError) {
        out.error = "pattern set failed on field '" + ft.field + "' (" +
                    (info.kind == RE2::Set::kOutOfMemory ? "regex memory budget exhausted"
                                                         : "set not usable") +
                    "): findings incomplete";
        continue;
      }
      if (seen == scanned.end()) scanned.emplace_back(&ft.values[vi].text, matched);
      for (int k : matched) {
        LeafHit& h = ctx.hits[static_cast<size_t>(k)];
        const Leaf& leaf = leaves[static_cast<size_t>(k)];
        if (h.field >= 0 ||
            std::find(leaf.fields.begin(), leaf.fields.end(), ft.field) == leaf.fields.end())
          continue;
        h.field = static_cast<int>(fi);
        h.value = static_cast<int>(vi);
      }
    }
  }

  for (const Rule& r : rules) {
    if (!r.effective_from.empty() && ctx.at < r.effective_from) continue;
    if (!r.effective_to.empty() && ctx.at >= r.effective_to) continue;
    const bool applies = std::any_of(r.groups.begin(), r.groups.end(), [&](const std::string& g) {
      if (g == "any") {
        return std::any_of(ctx.groups.begin(), ctx.groups.end(),
                           [&](const std::string& lg) { return classifier->CoveredByAny(lg); });
      }
      return std::find(ctx.groups.begin(), ctx.groups.end(), g) != ctx.groups.end();
    });
    if (!applies) continue;
    ctx.rule = &r;
    std::vector<Evidence> ev;
    if (!Eval(r.when, ctx, &ev)) continue;
    Finding f;
    f.rule_id = r.id;
    f.rule_version = r.version;
    f.category = r.category;
    f.severity = r.severity;
    f.message = r.message;
    f.basis = r.basis;
    const Evidence* chosen = ev.empty() ? nullptr : &ev.front();
    if (!r.report.empty()) {
      chosen = nullptr;
      for (const auto& e : ev) {
        if (e.field == r.report) {
          chosen = &e;
          break;
        }
      }
      f.field = r.report;
    }
    if (chosen != nullptr) {
      f.field = chosen->field;
      f.snippet = chosen->snippet;
    }
    out.findings.push_back(std::move(f));
  }
  return out;
}

RuleEngine::RuleEngine(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
RuleEngine::~RuleEngine() = default;

Result<std::unique_ptr<RuleEngine>> RuleEngine::LoadDir(const std::string& dir) {
  auto impl = std::make_unique<Impl>();
  auto norm = Normalizer::Create();
  if (!norm.ok()) return norm.status();
  impl->norm = norm.value();

  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return NotFound(dir + ": rule folder not found");
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    if (e.is_regular_file() && e.path().extension() == ".toml") files.push_back(e.path());
  }
  if (ec) return IoError(dir + ": " + ec.message());
  std::sort(files.begin(), files.end());

  std::vector<RulePack> packs;
  for (const auto& path : files) {
    auto root = config::LoadTomlFile(path.string());
    if (!root.ok()) return root.status();
    if (!IsRulePack(root.value())) {
      if (root.value().Find("vocabulary") != nullptr || root.value().Find("scope") != nullptr)
        continue;  // a vocabulary or groups file, loaded when a pack names it
      return RuleInvalid(path.string() +
                         ":1: neither a rule pack ([pack]) nor a vocabulary ([vocabulary])");
    }
    auto pack = LoadRulePack(root.value());
    if (!pack.ok()) return pack.status();
    packs.push_back(std::move(pack).value());
  }
  if (packs.empty()) return RuleInvalid(dir + ": no rule pack (*.toml with a [pack] table)");

  // Files named by the packs, relative to the pack file. One vocabulary and one
  // catalogue for the whole engine; watchlists add up.
  std::string vocab_path, catalogue_path;
  std::set<std::string> watch_paths;
  for (const auto& p : packs) {
    const fs::path base = fs::path(p.file).parent_path();
    const std::string v = fs::weakly_canonical(base / p.vocabulary, ec).string();
    if (!vocab_path.empty() && v != vocab_path) {
      return RuleInvalid(p.file + ": names vocabulary " + v + " but another pack names " +
                         vocab_path);
    }
    vocab_path = v;
    if (!p.ccc_catalogue.empty()) {
      const std::string c = fs::weakly_canonical(base / p.ccc_catalogue, ec).string();
      if (!catalogue_path.empty() && c != catalogue_path) {
        return RuleInvalid(p.file + ": names CCC catalogue " + c + " but another pack names " +
                           catalogue_path);
      }
      catalogue_path = c;
    }
    for (const auto& w : p.watchlists)
      watch_paths.insert(fs::weakly_canonical(base / w, ec).string());
  }
  auto vocab = config::LoadTomlFile(vocab_path);
  if (!vocab.ok()) return vocab.status();
  auto fmap = FieldMap::Load(vocab.value());
  if (!fmap.ok()) return fmap.status();
  impl->fields = std::move(fmap).value();
  // The product groups: the file the vocabulary names ([vocabulary] groups).
  const config::Node* vtable = vocab.value().Find("vocabulary");
  auto groups_name =
      vtable != nullptr
          ? vtable->GetString("groups")
          : Result<std::string>(ConfigInvalid(vocab_path + ":1: missing [vocabulary] table"));
  if (!groups_name.ok()) return groups_name.status();
  const std::string groups_path =
      fs::weakly_canonical(fs::path(vocab_path).parent_path() / *groups_name, ec).string();
  auto groups_doc = config::LoadTomlFile(groups_path);
  if (!groups_doc.ok()) return groups_doc.status();
  auto cls = Classifier::Load(groups_doc.value(), *impl->norm);
  if (!cls.ok()) return cls.status();
  if (auto std_name = vtable->GetOptString("standards"); !std_name.ok()) {
    return std_name.status();
  } else if (std_name.value()) {
    const std::string std_path =
        fs::weakly_canonical(fs::path(vocab_path).parent_path() / *std_name.value(), ec).string();
    auto std_doc = config::LoadTomlFile(std_path);
    if (!std_doc.ok()) return std_doc.status();
    auto table = StandardsTable::Load(std_doc.value());
    if (!table.ok()) return table.status();
    for (const std::string& g : table->Groups()) {
      if (!cls->HasGroup(g))
        return ConfigInvalid(std_path + ": table for unknown group '" + g +
                             "' (groups: " + groups_path + ")");
    }
    impl->standards = std::move(table).value();
  }
  if (!cls.ok()) return cls.status();
  impl->classifier = std::move(cls).value();
  for (const auto& f : impl->classifier->fields()) {
    if (!impl->fields.Has(f))
      return ConfigInvalid(groups_path + ": [scope] or [classify] names unknown field '" + f + "'");
  }
  if (!catalogue_path.empty()) {
    auto cat = CccCatalogue::Load(catalogue_path);
    if (!cat.ok()) return cat.status();
    impl->catalogue = std::move(cat).value();
    for (const auto& f : impl->catalogue->fields) {
      if (!impl->fields.Has(f))
        return ConfigInvalid(catalogue_path + ": fields names unknown field '" + f + "'");
    }
  }
  for (const auto& w : watch_paths) {
    if (Status s = impl->watchlist.LoadCsv(w, *impl->norm); !s.ok()) return s;
  }
  std::vector<CertificateRecord> example_certs;
  bool has_example_registry = false;
  for (const auto& p : packs) {
    if (p.example_registry.empty()) continue;
    const fs::path path = fs::path(p.file).parent_path() / p.example_registry;
    auto recs = ParseCertificateCsv(path.string());
    if (!recs.ok()) return recs.status();
    has_example_registry = true;
    for (auto& r : recs.value()) example_certs.push_back(std::move(r));
  }
  if (has_example_registry) impl->example_registry.emplace(std::move(example_certs));

  for (size_t i = 0; i < packs.size(); ++i) {
    for (auto& r : packs[i].rules) {
      for (const auto& prev : impl->rules) {
        if (prev.id == r.id)
          return RuleInvalid(r.where + ": duplicate rule id (first at " + prev.where + ") (rule '" +
                             r.id + "')");
      }
      for (const auto& g : r.groups) {
        if (g != "any" && !impl->classifier->HasGroup(g)) {
          return RuleInvalid(r.where + ": unknown group '" + g + "' (rule '" + r.id + "')");
        }
      }
      if (!r.report.empty() && !impl->fields.Has(r.report)) {
        return RuleInvalid(r.where + ": report names unknown field '" + r.report + "' (rule '" +
                           r.id + "')");
      }
      impl->rule_example_date.push_back(packs[i].example_date.empty() ? kDefaultExampleDate
                                                                      : packs[i].example_date);
      impl->rules.push_back(std::move(r));
    }
  }

  // Compile: every keyword and pattern of every pack, and the catalogue's
  // keyword lists, into one set. Rule addresses are stable from here on.
  impl->set = std::make_unique<RE2::Set>(PatternOptions(kSetMaxMem), RE2::UNANCHORED);
  for (const Rule& r : impl->rules) {
    if (Status s = impl->CheckNames(r.when, r); !s.ok()) return s;
    if (Status s = impl->Compile(r.when, r); !s.ok()) return s;
  }
  if (impl->catalogue) {
    for (const CccProduct& p : impl->catalogue->products) {
      for (const auto& g : p.groups) {
        if (!impl->classifier->HasGroup(g))
          return ConfigInvalid(p.where + ": unknown group '" + g + "'");
      }
      // A word list of the entry as one leaf of the set (-1 when empty).
      auto words_leaf = [&](const std::vector<std::string>& words, int* index) -> Status {
        *index = -1;
        if (words.empty()) return Status::Ok();
        std::string pattern;
        for (const auto& w : words)
          pattern += (pattern.empty() ? "" : "|") + RE2::QuoteMeta(impl->norm->Fold(w));
        Leaf leaf;
        leaf.where = p.where;
        leaf.fields = impl->catalogue->fields;
        return impl->AddLeaf(std::move(leaf), pattern, index);
      };
      int k = -1, x = -1;
      SHOUHU_RETURN_IF_ERROR(words_leaf(p.keywords, &k));
      SHOUHU_RETURN_IF_ERROR(words_leaf(p.exclude, &x));
      impl->product_leaf.push_back(k);
      impl->product_exclude_leaf.push_back(x);
    }
  }
  if (!impl->set->Compile()) {
    return RuleInvalid(dir + ": the pattern set does not compile within its memory budget (" +
                       std::to_string(impl->leaves.size()) + " patterns)");
  }
  return std::unique_ptr<RuleEngine>(new RuleEngine(std::move(impl)));
}

Evaluation RuleEngine::Evaluate(const Listing& listing, std::string_view at_date) const {
  return impl_->Run(listing, at_date, nullptr, nullptr);
}

Evaluation RuleEngine::Evaluate(const Listing& listing, std::string_view at_date,
                                const EvaluationContext* context) const {
  return impl_->Run(listing, at_date, nullptr, context);
}

void RuleEngine::RecordCertificateUses(const Listing& listing, CertificateUsage* usage) const {
  for (auto& [key, use] : CertificateUsesOf(listing)) usage->Seed(key, std::move(use));
}

std::vector<std::pair<std::string, CertificateUse>> RuleEngine::CertificateUsesOf(
    const Listing& listing) const {
  std::vector<std::pair<std::string, CertificateUse>> out;
  Impl::Context ctx;
  ctx.listing = &listing;
  const FieldMap::Labels labels = FieldMap::DescriptionLabels(
      listing.description ? std::string_view(*listing.description) : std::string_view());
  for (const char* name : {"ccc", "seller", "credit_code", "producer"}) {
    if (!impl_->fields.Has(name)) continue;
    FieldText ft;
    ft.field = name;
    for (const auto& v : impl_->fields.Values(listing, name, labels))
      ft.values.push_back(impl_->norm->Normalize(v));
    ctx.fields.push_back(std::move(ft));
  }
  const FieldText* ccc = ctx.Find("ccc");
  if (ccc == nullptr) return out;
  const CertificateUse use = impl_->UseOf(ctx);
  if (use.seller.empty() && use.producer.empty()) return out;
  for (const auto& v : ccc->values) {
    std::string key = CertificateNumberKey(v.text);
    if (!key.empty()) out.emplace_back(std::move(key), use);
  }
  return out;
}

ExampleReport RuleEngine::RunExamples() const {
  ExampleReport report;
  for (size_t i = 0; i < impl_->rules.size(); ++i) {
    const Rule& r = impl_->rules[i];
    for (const RuleExample& ex : r.examples) {
      const std::string at = ex.at.empty() ? impl_->rule_example_date[i] : ex.at;
      // Each example sees the pack's example registry and only its own prior uses.
      CertificateUsage usage;
      for (const PriorUse& u : ex.prior_uses) {
        CertificateUse use;
        const std::string seller = impl_->norm->Fold(u.seller);
        const std::string code = parsers::FindCreditCode(seller);
        use.seller =
            !code.empty() && code.size() == seller.size() && parsers::IsValidCreditCode(code)
                ? "code:" + code
                : "name:" + CompanyCore(seller);
        use.producer = CompanyCore(impl_->norm->Fold(u.producer));
        use.listing = "example";
        usage.Seed(CertificateNumberKey(u.ccc), std::move(use));
      }
      EvaluationContext ectx;
      ectx.registry = impl_->example_registry ? &*impl_->example_registry : nullptr;
      ectx.usage = &usage;
      Evaluation ev = impl_->Run(ex.listing, at, &ex.watchlist, &ectx);
      const Finding* hit = nullptr;
      for (const auto& f : ev.findings) {
        if (f.rule_id == r.id) hit = &f;
      }
      if ((hit != nullptr) == ex.expect_hit && ev.error.empty()) {
        ++report.passed;
        continue;
      }
      ++report.failed;
      ExampleFailure fail{r.id, ex.file, ex.line, ex.expect_hit ? "hit" : "miss", ""};
      if (!ev.error.empty()) {
        fail.detail = ev.error;
      } else if (ex.expect_hit) {
        std::string groups;
        for (const auto& g : ev.groups) groups += (groups.empty() ? "" : ",") + g;
        fail.detail = std::string("no hit at ") + at +
                      "; in_scope=" + (ev.in_scope ? "true" : "false") + " groups=[" + groups + "]";
      } else {
        fail.detail = "unexpected hit on field '" + hit->field + "': \"" + hit->snippet + "\"";
      }
      report.failures.push_back(std::move(fail));
    }
  }
  return report;
}

size_t RuleEngine::rule_count() const { return impl_->rules.size(); }

std::vector<RuleInfo> RuleEngine::Rules() const {
  std::vector<RuleInfo> out;
  for (const Rule& r : impl_->rules) {
    RuleInfo info{r.id, r.category, r.severity, r.groups, r.where, 0, 0};
    for (const RuleExample& ex : r.examples)
      ++(ex.expect_hit ? info.hit_examples : info.miss_examples);
    out.push_back(std::move(info));
  }
  return out;
}

std::string RuleEngine::Fold(std::string_view text) const { return impl_->norm->Fold(text); }

}  // namespace shouhu::rules
