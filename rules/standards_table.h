// StandardsTable: which standards fit which product group, and which
// standards are superseded from when (doc/rules.md "Standards tables"). Data
// from config/groups/standards.toml, named by the vocabulary; the
// `standards_fit` condition (G-04, G-05, S-01 …) reads it, so a new standard
// or a cut-over date is a data change.
//
// Thread-safety: immutable after Load; share freely.
#ifndef SHOUHU_RULES_STANDARDS_TABLE_H_
#define SHOUHU_RULES_STANDARDS_TABLE_H_

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "config/toml_doc.h"

namespace shouhu::rules {

// One declared standard code, as parsed from (normalised) text.
struct StandardCode {
  // "gb", "qb", "fz", "yy" … (the /T of a recommended standard dropped: sellers
  // write GB/T and GB interchangeably); "q" an enterprise standard, "t" an
  // association (group) standard — for these two `number` is empty;
  // "foreign:en", "foreign:astm" … a foreign or international standard (EN 71,
  // ASTM F963): a declaration, but one no Chinese group table lists.
  std::string prefix;
  std::string number;  // "6675"
  std::string part;    // "1" of GB 6675.1; empty when none
  int year = 0;        // 0 when not written
  std::string text;    // the code as found
};

// Every standard code in `folded` ("gb 6675.1~4-2014、gb 31701-2015 b类" -> two).
std::vector<StandardCode> ParseStandardCodes(std::string_view folded);

class StandardsTable {
 public:
  struct Superseded {
    StandardCode code;
    std::string replaced_by;
    std::string effective;     // YYYY-MM-DD the replacement took effect
    std::string flagged_from;  // end of the transition (= effective when none)
    std::string where;         // file:line
  };

  static Result<StandardsTable> Load(const config::Node& root);

  bool HasGroup(std::string_view group) const;
  std::vector<std::string> Groups() const;
  // Some group of `groups` that has a table and that no code of `declared`
  // fits (mandatory, recommended, product; Q/… or T/… where the group allows
  // them). False when nothing is declared.
  bool Unfit(const std::vector<StandardCode>& declared,
             const std::vector<std::string>& groups) const;
  // Some group of `groups` with mandatory standards, none of which is
  // declared. False when nothing is declared (a missing standard is G-03's).
  bool MandatoryMissing(const std::vector<StandardCode>& declared,
                        const std::vector<std::string>& groups) const;
  // The superseded entry `code` matches on `at` (after its transition), or null.
  const Superseded* SupersededAt(const StandardCode& code, std::string_view at) const;

 private:
  struct GroupTable {
    std::string group;
    std::vector<StandardCode> mandatory, fitting;  // fitting: mandatory + recommended + product
    bool enterprise = false, association = false;
  };
  const GroupTable* Find(std::string_view group) const;
  std::vector<GroupTable> groups_;
  std::vector<Superseded> superseded_;
};

}  // namespace shouhu::rules

#endif  // SHOUHU_RULES_STANDARDS_TABLE_H_
