// Classifier: which product group a listing belongs to (toy, clothing, vehicle …)
// and whether it is a children's or student product at all (doc/design.md §2
// "classify product group"; doc/rules.md "Product groups"). Everything it
// knows is data — config/groups/groups.toml, named by the vocabulary: each
// group's words and category-path words, the words that exclude it, explicit
// out-of-scope classes (pet goods, décor, tools …) and the scope cues.
// Matching is on normalised text, so 玩具 in traditional or spaced form counts
// the same.
//
// Groups are decided by what the product is, not by every word of the title:
// words score by the field they are found in (the category path most), an
// exclusion word rules a group out, and a listing gets one group — two only
// for a genuine bundle.
//
// Thread-safety: immutable after Load; Classify is const and safe to share.
#ifndef SHOUHU_RULES_CLASSIFIER_H_
#define SHOUHU_RULES_CLASSIFIER_H_

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/status.h"
#include "config/toml_doc.h"

namespace shouhu::rules {

class Normalizer;

// One group's score on a listing and the words that made it ("title:积木").
struct GroupMatch {
  std::string group;
  int score = 0;
  std::vector<std::string> words;
  std::string excluded_by;  // "title:台灯" when an exclusion word ruled it out
};

struct Classification {
  std::vector<std::string> groups;  // the chosen group (two for a bundle)
  // Every group that scored, chosen ones first, then the rest by score (and
  // those an exclusion word ruled out, with excluded_by set).
  std::vector<GroupMatch> matches;
  // The words that decided: the chosen groups' words, then the scope cue
  // ("scope:儿童", "adult:成人", "out_of_scope:pet:狗狗").
  std::vector<std::string> evidence;
  std::string out_of_scope;  // the out-of-scope class that decided, if any
  bool in_scope = false;
};

// What a listing offers the classifier: folded text per vocabulary field.
struct ClassifierInput {
  std::vector<std::pair<std::string, std::string>> fields;  // (field name, folded text)
  // Parenthesised parts of a field's text ("（店内另售3C标签）"), folded, kept
  // apart from `fields`: their words count half (SplitAsides).
  std::vector<std::pair<std::string, std::string>> asides;
  // The title as on the page (bundle marks such as "+" do not survive folding).
  std::string raw_title;
  std::string standards;  // folded declared standards
  // The lower end of the stated age range in years, if one was read.
  std::optional<double> age_lower;
};

class Classifier {
 public:
  // A word list, folded, with each word's index in the one set of all words.
  struct Words {
    std::vector<std::string> w;
    std::vector<int> id;
  };
  // Reads [classify], [scope], [[out_of_scope]] and [[group]] of a groups file;
  // words are folded with `normalizer`. Errors name file, line and key.
  static Result<Classifier> Load(const config::Node& groups, const Normalizer& normalizer);

  Classification Classify(const ClassifierInput& input) const;
  // A bare product text (a certificate's product name) read as a title.
  Classification ClassifyText(std::string_view folded_text) const;

  // `text` (as on the page, before folding: folding drops punctuation between
  // Han characters) without its parenthesised parts, and those parts.
  static std::pair<std::string, std::string> SplitAsides(std::string_view text);

  bool HasGroup(std::string_view id) const;
  // Whether rules for "any" group apply to a listing of group `id` (false for
  // special groups such as certification-mark goods).
  bool CoveredByAny(std::string_view id) const;
  // The listing fields read: scope fields and weighted fields (FieldMap names).
  std::vector<std::string> fields() const;

 private:
  // Which words of the set occur in a text (one RE2::Set pass).
  using Probe = std::vector<char>;
  Probe ProbeText(std::string_view text) const;
  static const std::string* FindAny(const Probe& p, const Words& l);

  struct Group {
    std::string id;
    Words words, category_words, exclude, scope_words;
    bool implies_children = false, exclusive = false, any = true;
    bool always_in_scope = false;  // scope cues do not matter (certification marks)
    int weight = 1;                // multiplies the group's score (specific vocabularies)
  };
  struct OutOfScope {
    std::string id;
    Words words, unless;
  };
  std::vector<Group> groups_;
  std::vector<OutOfScope> out_of_scope_;
  std::vector<std::pair<std::string, int>> weights_;  // field -> weight
  Words bundle_;
  double bundle_ratio_ = 0.5;
  Words children_, not_children_, weak_children_, adult_, standards_;
  // Every word of every list, compiled once; lists refer to it by index.
  struct WordSet;  // the compiled RE2::Set (classifier.cc)
  std::shared_ptr<const WordSet> set_;
  size_t dict_size_ = 0;
  Status Index();
  std::vector<std::string> scope_fields_;
};

}  // namespace shouhu::rules

#endif  // SHOUHU_RULES_CLASSIFIER_H_
