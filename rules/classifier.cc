#include "rules/classifier.h"

#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>
#include <unordered_map>

#include "rules/normalizer.h"

namespace shouhu::rules {
namespace {

// An age range starting here or later is an adult cue (GB 6675 covers under 14).
constexpr double kAdultAge = 14;

Result<Classifier::Words> FoldedList(const config::Node& n, std::string_view key,
                                     const Normalizer& norm) {
  auto list = n.GetStringList(key);
  if (!list.ok()) return list.status();
  Classifier::Words out;
  for (const auto& w : list.value()) {
    std::string f = norm.Fold(w);
    if (f.empty()) {
      const config::Node* at = n.Find(key);
      return (at != nullptr ? *at : n)
          .Error(StatusCode::kConfigInvalid, "empty word in '" + std::string(key) + "'");
    }
    out.w.push_back(std::move(f));
  }
  return out;
}

}  // namespace

std::pair<std::string, std::string> Classifier::SplitAsides(std::string_view text) {
  std::string main, aside;
  int depth = 0;
  for (size_t i = 0; i < text.size();) {
    const std::string_view rest(text.data() + i, text.size() - i);
    size_t len = 1;
    if (rest.rfind("（", 0) == 0 || rest.front() == '(') {
      len = rest.front() == '(' ? 1 : std::string_view("（").size();
      ++depth;
      aside += ' ';
      i += len;
      continue;
    } else if ((rest.rfind("）", 0) == 0 || rest.front() == ')') && depth > 0) {
      len = rest.front() == ')' ? 1 : std::string_view("）").size();
      --depth;
      aside += ' ';
      i += len;
      continue;
    }
    (depth > 0 ? aside : main).append(text.substr(i, len));
    i += len;
  }
  return {main, aside};
}

Result<Classifier> Classifier::Load(const config::Node& root, const Normalizer& normalizer) {
  Classifier c;
  const std::string& file = root.file;
  if (Status s = root.CheckKeys({"classify", "scope", "out_of_scope", "group"}); !s.ok()) return s;

  const config::Node* classify = root.Find("classify");
  if (classify == nullptr || !classify->is_table())
    return ConfigInvalid(file + ":1: missing [classify] table");
  SHOUHU_RETURN_IF_ERROR(classify->CheckKeys({"weights", "bundle", "bundle_ratio"}));
  const config::Node* weights = classify->Find("weights");
  if (weights == nullptr || !weights->is_table() || weights->members.empty())
    return classify->Error(StatusCode::kConfigInvalid, "needs weights = { field = N, … }");
  for (const auto& [field, w] : weights->members) {
    if (w.kind != config::Node::Kind::kInteger || w.integer <= 0)
      return w.Error(StatusCode::kConfigInvalid, "weight must be a positive integer");
    c.weights_.emplace_back(field, static_cast<int>(w.integer));
  }
  SHOUHU_ASSIGN_OR_RETURN(c.bundle_, FoldedList(*classify, "bundle", normalizer));
  auto ratio = classify->GetOptNumber("bundle_ratio");
  if (!ratio.ok()) return ratio.status();
  c.bundle_ratio_ = ratio.value().value_or(0.5);
  if (c.bundle_ratio_ <= 0 || c.bundle_ratio_ > 1)
    return classify->Find("bundle_ratio")
        ->Error(StatusCode::kConfigInvalid, "bundle_ratio must be in (0, 1]");

  const config::Node* scope = root.Find("scope");
  if (scope == nullptr || !scope->is_table())
    return ConfigInvalid(file + ":1: missing [scope] table");
  SHOUHU_RETURN_IF_ERROR(scope->CheckKeys(
      {"children", "not_children", "weak_children", "adult", "standards", "fields"}));
  SHOUHU_ASSIGN_OR_RETURN(c.weak_children_, FoldedList(*scope, "weak_children", normalizer));
  SHOUHU_ASSIGN_OR_RETURN(c.not_children_, FoldedList(*scope, "not_children", normalizer));
  SHOUHU_ASSIGN_OR_RETURN(c.children_, FoldedList(*scope, "children", normalizer));
  SHOUHU_ASSIGN_OR_RETURN(c.adult_, FoldedList(*scope, "adult", normalizer));
  SHOUHU_ASSIGN_OR_RETURN(c.standards_, FoldedList(*scope, "standards", normalizer));
  SHOUHU_ASSIGN_OR_RETURN(c.scope_fields_, scope->GetStringList("fields"));
  if (c.children_.w.empty() || c.scope_fields_.empty())
    return scope->Error(StatusCode::kConfigInvalid, "needs children = [...] and fields = [...]");

  if (const config::Node* oos = root.Find("out_of_scope"); oos != nullptr) {
    if (!oos->is_array())
      return oos->Error(StatusCode::kConfigInvalid, "expected [[out_of_scope]]");
    for (const config::Node& o : oos->items) {
      SHOUHU_RETURN_IF_ERROR(o.CheckKeys({"id", "name", "words", "unless"}));
      OutOfScope cls;
      SHOUHU_ASSIGN_OR_RETURN(cls.id, o.GetString("id"));
      SHOUHU_ASSIGN_OR_RETURN(cls.words, FoldedList(o, "words", normalizer));
      SHOUHU_ASSIGN_OR_RETURN(cls.unless, FoldedList(o, "unless", normalizer));
      if (cls.words.w.empty()) return o.Error(StatusCode::kConfigInvalid, "class has no words");
      c.out_of_scope_.push_back(std::move(cls));
    }
  }

  const config::Node* groups = root.Find("group");
  if (groups == nullptr || !groups->is_array() || groups->items.empty())
    return ConfigInvalid(file + ":1: missing [[group]] tables");
  for (const config::Node& g : groups->items) {
    SHOUHU_RETURN_IF_ERROR(
        g.CheckKeys({"id", "name", "words", "category", "exclude", "scope_words",
                     "implies_children", "exclusive", "any", "always_in_scope", "weight"}));
    Group grp;
    SHOUHU_ASSIGN_OR_RETURN(grp.id, g.GetString("id"));
    if (c.HasGroup(grp.id) || grp.id == "any")
      return g.Error(StatusCode::kConfigInvalid, "duplicate or reserved group id '" + grp.id + "'");
    SHOUHU_ASSIGN_OR_RETURN(grp.words, FoldedList(g, "words", normalizer));
    if (grp.words.w.empty()) return g.Error(StatusCode::kConfigInvalid, "group has no words");
    SHOUHU_ASSIGN_OR_RETURN(grp.category_words, FoldedList(g, "category", normalizer));
    SHOUHU_ASSIGN_OR_RETURN(grp.exclude, FoldedList(g, "exclude", normalizer));
    SHOUHU_ASSIGN_OR_RETURN(grp.scope_words, FoldedList(g, "scope_words", normalizer));
    for (auto [key, out] :
         {std::pair<std::string_view, bool*>{"implies_children", &grp.implies_children},
          {"exclusive", &grp.exclusive},
          {"always_in_scope", &grp.always_in_scope},
          {"any", &grp.any}}) {
      auto b = g.GetOptBool(key);
      if (!b.ok()) return b.status();
      if (b.value()) *out = *b.value();
    }
    auto gw = g.GetOptInt("weight");
    if (!gw.ok()) return gw.status();
    grp.weight = static_cast<int>(gw.value().value_or(1));
    if (grp.weight <= 0)
      return g.Find("weight")->Error(StatusCode::kConfigInvalid, "weight must be positive");
    c.groups_.push_back(std::move(grp));
  }
  SHOUHU_RETURN_IF_ERROR(c.Index());
  return c;
}

struct Classifier::WordSet {
  std::unique_ptr<RE2::Set> set;
};

Status Classifier::Index() {
  std::unordered_map<std::string, int> ids;
  auto index = [&](Words& l) {
    l.id.clear();
    for (const std::string& w : l.w) l.id.push_back(ids.emplace(w, ids.size()).first->second);
  };
  for (Words* l : {&bundle_, &children_, &not_children_, &weak_children_, &adult_, &standards_})
    index(*l);
  for (OutOfScope& o : out_of_scope_) {
    index(o.words);
    index(o.unless);
  }
  for (Group& g : groups_) {
    for (Words* l : {&g.words, &g.category_words, &g.exclude, &g.scope_words}) index(*l);
  }
  std::vector<const std::string*> by_id(ids.size());
  for (const auto& [w, id] : ids) by_id[static_cast<size_t>(id)] = &w;
  RE2::Options opt;
  opt.set_log_errors(false);
  opt.set_literal(true);
  auto set = std::make_unique<RE2::Set>(opt, RE2::UNANCHORED);
  for (const std::string* w : by_id) {
    std::string error;
    if (set->Add(*w, &error) < 0) return ConfigInvalid("group word '" + *w + "': " + error);
  }
  if (!set->Compile()) return ConfigInvalid("group words do not compile into one set");
  auto ws = std::make_shared<WordSet>();
  ws->set = std::move(set);
  set_ = std::move(ws);
  dict_size_ = ids.size();
  return Status::Ok();
}

Classifier::Probe Classifier::ProbeText(std::string_view text) const {
  Probe p(dict_size_, 0);
  if (text.empty()) return p;
  std::vector<int> hits;
  set_->set->Match(text, &hits);
  for (int h : hits) p[static_cast<size_t>(h)] = 1;
  return p;
}

const std::string* Classifier::FindAny(const Probe& p, const Words& l) {
  for (size_t k = 0; k < l.id.size(); ++k) {
    if (p[static_cast<size_t>(l.id[k])]) return &l.w[k];
  }
  return nullptr;
}

bool Classifier::HasGroup(std::string_view id) const {
  return std::any_of(groups_.begin(), groups_.end(), [&](const Group& g) { return g.id == id; });
}

bool Classifier::CoveredByAny(std::string_view id) const {
  for (const Group& g : groups_) {
    if (g.id == id) return g.any;
  }
  return false;
}

std::vector<std::string> Classifier::fields() const {
  std::vector<std::string> out = scope_fields_;
  for (const auto& [f, w] : weights_) {
    if (std::find(out.begin(), out.end(), f) == out.end()) out.push_back(f);
  }
  return out;
}

Classification Classifier::ClassifyText(std::string_view folded_text) const {
  ClassifierInput in;
  in.fields.emplace_back("title", std::string(folded_text));
  return Classify(in);
}

Classification Classifier::Classify(const ClassifierInput& in) const {
  Classification out;
  auto text_of = [&](std::string_view field) {
    std::string t;
    for (const auto& [f, v] : in.fields) {
      if (f == field) t += v + "\n";
    }
    return t;
  };
  // Every field's text is probed once (its main part and its asides); the
  // scope text's probe is their union.
  struct FieldProbe {
    std::string field;
    Probe main, aside, all;
  };
  std::vector<FieldProbe> probes;
  probes.reserve(scope_fields_.size() + weights_.size());
  auto probe_of = [&](std::string_view field) -> const FieldProbe& {
    for (const FieldProbe& p : probes) {
      if (p.field == field) return p;
    }
    std::string aside;
    for (const auto& [f, v] : in.asides) {
      if (f == field) aside += v + "\n";
    }
    FieldProbe p{std::string(field), ProbeText(text_of(field)), ProbeText(aside), {}};
    p.all = p.main;
    for (size_t k = 0; k < dict_size_; ++k) p.all[k] = static_cast<char>(p.all[k] | p.aside[k]);
    probes.push_back(std::move(p));
    return probes.back();
  };
  for (const auto& f : scope_fields_) probe_of(f);
  for (const auto& [f, w] : weights_) probe_of(f);
  const Probe& title = probe_of("title").main;
  const Probe& category = probe_of("category").all;

  // 1. Out-of-scope classes, read in the title and the category path.
  for (const OutOfScope& cls : out_of_scope_) {
    const std::string* w = FindAny(title, cls.words);
    if (w == nullptr) w = FindAny(category, cls.words);
    if (w == nullptr || FindAny(title, cls.unless) != nullptr ||
        FindAny(category, cls.unless) != nullptr)
      continue;
    out.out_of_scope = cls.id;
    out.evidence.push_back("out_of_scope:" + cls.id + ":" + *w);
    return out;
  }

  // 2. Score every group.
  std::vector<GroupMatch> scored;
  std::vector<const Group*> scored_group;
  // Text in parentheses is an aside ("（店内另售3C标签）", "(送收纳袋)"): its words
  // count half, so the product the title names outweighs what it mentions.
  std::vector<std::pair<const Probe*, const Probe*>> texts;  // per weighted field: main, aside
  std::vector<bool> has_text;
  for (const auto& [field, weight] : weights_) {
    const FieldProbe& p = probe_of(field);
    has_text.push_back(std::find(p.all.begin(), p.all.end(), 1) != p.all.end());
    texts.emplace_back(&p.main, &p.aside);
  }
  std::vector<int> main_hits_of;  // per scored group: words found outside asides
  for (const Group& g : groups_) {
    GroupMatch m;
    m.group = g.id;
    int main_hits = 0;
    for (size_t fi = 0; fi < weights_.size(); ++fi) {
      const auto& [field, weight] = weights_[fi];
      const Probe& main = *texts[fi].first;
      const Probe& aside = *texts[fi].second;
      if (!has_text[fi]) continue;
      for (const Words* list : {&g.words, &g.category_words}) {
        if (list == &g.category_words && field != "category") continue;
        for (size_t k = 0; k < list->w.size(); ++k) {
          const std::string& w = list->w[k];
          const size_t id = static_cast<size_t>(list->id[k]);
          int add = 0;
          if (main[id]) {
            add = weight;
            ++main_hits;
          } else if (aside[id]) {
            add = std::max(1, weight / 2);
          } else {
            continue;
          }
          const std::string tag = field + ":" + w;
          if (std::find(m.words.begin(), m.words.end(), tag) != m.words.end()) continue;
          m.words.push_back(tag);
          m.score += add * g.weight;
        }
      }
    }
    if (m.score == 0) continue;
    if (const std::string* x = FindAny(title, g.exclude)) {
      m.excluded_by = "title:" + *x;
    } else if (const std::string* y = FindAny(category, g.exclude)) {
      m.excluded_by = "category:" + *y;
    }
    scored.push_back(std::move(m));
    scored_group.push_back(&g);
    main_hits_of.push_back(main_hits);
  }
  std::vector<size_t> order(scored.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  // Best first; on a tie the group with the longer (more specific) word wins
  // ("激光笔" over "笔"), then file order.
  auto longest = [&](size_t i) {
    size_t n = 0;
    for (const auto& w : scored[i].words) n = std::max(n, w.size() - w.find(':') - 1);
    return n;
  };
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    const bool xa = !scored[a].excluded_by.empty(), xb = !scored[b].excluded_by.empty();
    if (xa != xb) return !xa;
    if (scored[a].score != scored[b].score) return scored[a].score > scored[b].score;
    return longest(a) > longest(b);
  });

  // 3. Choose the best. An exclusive group that wins is alone; one that loses,
  // or is named only in an aside (and is not the only group that scored), stays
  // beside the winner: a toy whose title also offers CCC stickers. Otherwise a
  // bundle keeps a second group.
  std::stable_partition(order.begin(), order.end(), [&](size_t i) {
    return !(scored_group[i]->exclusive && main_hits_of[i] == 0) || scored.size() == 1;
  });
  std::vector<size_t> chosen;
  if (!order.empty() && scored[order[0]].excluded_by.empty()) {
    chosen.push_back(order[0]);
  }
  if (!chosen.empty() && !scored_group[chosen[0]]->exclusive) {
    for (size_t k = 1; k < order.size(); ++k) {
      if (scored[order[k]].excluded_by.empty() && scored_group[order[k]]->exclusive) {
        chosen.push_back(order[k]);
        break;
      }
    }
  }
  if (chosen.size() == 1 && !scored_group[chosen[0]]->exclusive) {
    // The raw title too: folding drops a "+" between Han characters.
    bool bundle = FindAny(title, bundle_) != nullptr;
    for (size_t k = 0; !bundle && k < bundle_.w.size(); ++k)
      bundle = in.raw_title.find(bundle_.w[k]) != std::string::npos;
    // In a bundle the second product's group stands even where a word of the
    // first rules it out ("儿童书桌+护眼台灯": the lamp does not rule out the desk).
    for (size_t k = 1; bundle && k < order.size(); ++k) {
      const GroupMatch& m = scored[order[k]];
      if (!scored_group[order[k]]->exclusive && m.score >= bundle_ratio_ * scored[order[0]].score) {
        scored[order[k]].excluded_by.clear();
        chosen.push_back(order[k]);
        break;
      }
    }
  }
  bool implied = false, always = false;
  const std::string* group_cue = nullptr;
  Probe scope(dict_size_, 0);
  for (const auto& f : scope_fields_) {
    const Probe& p = probe_of(f).all;
    for (size_t k = 0; k < dict_size_; ++k) scope[k] = static_cast<char>(scope[k] | p[k]);
  }
  for (size_t i : chosen) {
    out.groups.push_back(scored[i].group);
    for (const auto& w : scored[i].words) out.evidence.push_back(w);
    implied = implied || scored_group[i]->implies_children;
    always = always || (i == chosen.front() && scored_group[i]->always_in_scope);
    if (group_cue == nullptr) group_cue = FindAny(scope, scored_group[i]->scope_words);
  }
  for (size_t i : chosen) out.matches.push_back(scored[i]);
  for (size_t i : order) {
    if (std::find(chosen.begin(), chosen.end(), i) == chosen.end())
      out.matches.push_back(scored[i]);
  }

  // 4. Scope.
  if (always) {
    out.in_scope = true;
    return out;
  }
  // Children's words are looked for after blanking words that contain one
  // but are not one (海洋宝宝, 童话).
  Probe child_probe;
  if (FindAny(scope, not_children_) != nullptr) {
    std::string child_text;
    for (const auto& f : scope_fields_) {
      child_text += text_of(f);
      for (const auto& [af, v] : in.asides) {
        if (af == f) child_text += v + "\n";
      }
    }
    for (const std::string& w : not_children_.w) {
      for (size_t p = child_text.find(w); p != std::string::npos; p = child_text.find(w, p))
        child_text.replace(p, w.size(), " ");
    }
    child_probe = ProbeText(child_text);
  }
  const Probe& child_p = child_probe.empty() ? scope : child_probe;
  const std::string* adult_word = FindAny(scope, adult_);
  const std::string* child = FindAny(child_p, children_);
  // A group's scope words ("护眼" for a lamp) are a weak cue: an adult word beats them.
  if (child == nullptr && adult_word == nullptr) child = group_cue;
  if (child == nullptr && adult_word == nullptr) child = FindAny(scope, weak_children_);
  if (child == nullptr) child = FindAny(ProbeText(in.standards), standards_);
  std::string child_cue = child != nullptr ? *child : "";
  if (child_cue.empty() && in.age_lower && *in.age_lower < kAdultAge) child_cue = "适用年龄<14";
  std::string adult_cue;
  if (adult_word != nullptr) adult_cue = *adult_word;
  if (adult_cue.empty() && in.age_lower && *in.age_lower >= kAdultAge) adult_cue = "适用年龄≥14";
  // An adult cue wins only when no children's cue is present: "亲子装 成人款"
  // sold with a children's size is still a children's product.
  if (!adult_cue.empty() && child_cue.empty()) {
    out.evidence.push_back("adult:" + adult_cue);
    out.in_scope = false;
    return out;
  }
  if (!child_cue.empty()) out.evidence.push_back("scope:" + child_cue);
  out.in_scope = !out.groups.empty() && (!child_cue.empty() || implied);
  return out;
}

}  // namespace shouhu::rules
