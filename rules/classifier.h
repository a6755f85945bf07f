// Classifier: which product groups a listing belongs to (toy, clothing, …) and
// whether it is a children's or student product at all (doc/design.md §2 "classify
// product group"). Vocabulary is data ([scope] and [[group]] in the vocabulary
// file); matching is on normalised text, so 玩具 in traditional or spaced form
// counts the same.
//
// Adult goods (成人, 女装, 男士 … with no children's word) are out of scope, and
// rules never run on them.
//
// Thread-safety: immutable after Load; Classify is const and safe to share.
#ifndef SHOUHU_RULES_CLASSIFIER_H_
#define SHOUHU_RULES_CLASSIFIER_H_

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "config/toml_doc.h"

namespace shouhu::rules {

class Normalizer;

struct Classification {
  std::vector<std::string> groups;    // in vocabulary order
  std::vector<std::string> evidence;  // the words that decided groups and scope
  bool in_scope = false;
};

class Classifier {
 public:
  // Reads [scope] (children, adult, standards, fields) and [[group]] (id, words,
  // scope_words, implies_children) from a vocabulary file; words are folded
  // with `normalizer`.
  static Result<Classifier> Load(const config::Node& vocabulary, const Normalizer& normalizer);

  // `folded_text`: the listing's classification fields, already normalised.
  // `folded_standards`: its declared standards, normalised; a children's
  // product standard (GB 6675, GB 40070 … from [scope] standards) is a
  // children's cue. `child_age`: the listing states an age range starting below
  // 14 years, also a cue ("适用年龄 6-14岁" on a pen with no other word).
  Classification Classify(std::string_view folded_text, std::string_view folded_standards = {},
                          bool child_age = false) const;

  bool HasGroup(std::string_view id) const;
  // The listing fields whose text is classified (names from the FieldMap).
  const std::vector<std::string>& fields() const { return fields_; }

 private:
  struct Group {
    std::string id;
    std::vector<std::string> words;        // folded
    std::vector<std::string> scope_words;  // folded; with this group, a children's cue
    bool implies_children = false;
  };
  std::vector<Group> groups_;
  std::vector<std::string> children_, adult_, standards_;  // folded
  std::vector<std::string> fields_;
};

}  // namespace shouhu::rules

#endif  // SHOUHU_RULES_CLASSIFIER_H_
