#include "rules/classifier.h"

#include <algorithm>

#include "rules/normalizer.h"

namespace shouhu::rules {
namespace {

Result<std::vector<std::string>> FoldedList(const config::Node& n, std::string_view key,
                                            const Normalizer& norm) {
  auto list = n.GetStringList(key);
  if (!list.ok()) return list.status();
  std::vector<std::string> out;
  for (const auto& w : list.value()) {
    std::string f = norm.Fold(w);
    if (f.empty())
      return n.Error(StatusCode::kConfigInvalid, "empty word in '" + std::string(key) + "'");
    out.push_back(std::move(f));
  }
  return out;
}

// First word of `words` found in `text`, or nullptr.
const std::string* FindAny(std::string_view text, const std::vector<std::string>& words) {
  for (const auto& w : words) {
    if (text.find(w) != std::string_view::npos) return &w;
  }
  return nullptr;
}

}  // namespace

Result<Classifier> Classifier::Load(const config::Node& vocabulary, const Normalizer& normalizer) {
  Classifier c;
  const config::Node* scope = vocabulary.Find("scope");
  if (scope == nullptr || !scope->is_table())
    return ConfigInvalid(vocabulary.file + ":1: missing [scope] table");
  if (Status s = scope->CheckKeys({"children", "adult", "standards", "fields"}); !s.ok()) return s;
  auto children = FoldedList(*scope, "children", normalizer);
  if (!children.ok()) return children.status();
  auto adult = FoldedList(*scope, "adult", normalizer);
  if (!adult.ok()) return adult.status();
  auto standards = FoldedList(*scope, "standards", normalizer);
  if (!standards.ok()) return standards.status();
  c.standards_ = std::move(standards).value();
  auto fields = scope->GetStringList("fields");
  if (!fields.ok()) return fields.status();
  c.children_ = std::move(children).value();
  c.adult_ = std::move(adult).value();
  c.fields_ = std::move(fields).value();
  if (c.children_.empty() || c.fields_.empty()) {
    return scope->Error(StatusCode::kConfigInvalid, "needs children = [...] and fields = [...]");
  }
  const config::Node* groups = vocabulary.Find("group");
  if (groups == nullptr || !groups->is_array() || groups->items.empty()) {
    return ConfigInvalid(vocabulary.file + ":1: missing [[group]] tables");
  }
  for (const config::Node& g : groups->items) {
    if (Status s = g.CheckKeys({"id", "words", "scope_words", "implies_children"}); !s.ok())
      return s;
    Group grp;
    auto id = g.GetString("id");
    if (!id.ok()) return id.status();
    grp.id = id.value();
    if (c.HasGroup(grp.id) || grp.id == "any")
      return g.Error(StatusCode::kConfigInvalid, "duplicate or reserved group id '" + grp.id + "'");
    auto words = FoldedList(g, "words", normalizer);
    if (!words.ok()) return words.status();
    grp.words = std::move(words).value();
    if (grp.words.empty()) return g.Error(StatusCode::kConfigInvalid, "group has no words");
    auto scope_words = FoldedList(g, "scope_words", normalizer);
    if (!scope_words.ok()) return scope_words.status();
    grp.scope_words = std::move(scope_words).value();
    auto implies = g.GetOptBool("implies_children");
    if (!implies.ok()) return implies.status();
    grp.implies_children = implies.value().value_or(false);
    c.groups_.push_back(std::move(grp));
  }
  return c;
}

bool Classifier::HasGroup(std::string_view id) const {
  return std::any_of(groups_.begin(), groups_.end(), [&](const Group& g) { return g.id == id; });
}

Classification Classifier::Classify(std::string_view text, std::string_view standards,
                                    bool child_age) const {
  Classification out;
  bool implied = false;
  const std::string* group_cue = nullptr;
  for (const Group& g : groups_) {
    if (const std::string* w = FindAny(text, g.words)) {
      out.groups.push_back(g.id);
      out.evidence.push_back(*w);
      implied = implied || g.implies_children;
      if (group_cue == nullptr) group_cue = FindAny(text, g.scope_words);
    }
  }
  static const std::string kChildAge = "适用年龄<14";
  const std::string* child = FindAny(text, children_);
  if (child == nullptr) child = group_cue;
  if (child == nullptr) child = FindAny(standards, standards_);
  if (child == nullptr && child_age) child = &kChildAge;
  const std::string* adult = FindAny(text, adult_);
  if (child != nullptr) out.evidence.push_back(*child);
  // An adult word wins only when no children's cue is present: "亲子装 成人款"
  // sold with a children's size is still a children's product.
  if (adult != nullptr && child == nullptr) {
    out.evidence.push_back(*adult);
    out.in_scope = false;
    return out;
  }
  out.in_scope = !out.groups.empty() && (child != nullptr || implied);
  return out;
}

}  // namespace shouhu::rules
