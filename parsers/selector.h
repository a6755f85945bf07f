// Selector: the CSS selector subset site profiles use.
//
//   type  #id  .class  [attr]  [attr=v]  [attr*=v]  [attr^=v]  [attr$=v]  [attr~=v]
//   descendant (space), child (>), :nth-child(n | odd | even), :first-child,
//   :last-child, groups (a, b), and * .
//
// Parse errors are values (site profiles are validated when loaded). Matching is
// right-to-left over a Document; results are in document order without duplicates.
// Thread-safety: immutable after Parse.
#ifndef SHOUHU_PARSERS_SELECTOR_H_
#define SHOUHU_PARSERS_SELECTOR_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "parsers/dom.h"

namespace shouhu::parsers {

class Selector {
 public:
  // kParseError naming the position on bad syntax.
  static Result<Selector> Parse(std::string_view text);

  // Matching elements among the descendants of `scope` (ancestors used by the
  // descendant/child combinators may lie outside it, as in querySelectorAll).
  std::vector<Document::NodeId> SelectAll(const Document& doc,
                                          Document::NodeId scope = Document::kRoot) const;
  std::optional<Document::NodeId> SelectFirst(const Document& doc,
                                              Document::NodeId scope = Document::kRoot) const;
  bool Matches(const Document& doc, Document::NodeId id) const;

  const std::string& text() const { return text_; }

  struct AttrTest {
    enum class Op { kExists, kEquals, kContains, kPrefix, kSuffix, kWord };
    std::string name;
    Op op = Op::kExists;
    std::string value;
  };
  struct Compound {
    std::string tag;  // "" or "*" = any
    std::vector<std::string> ids, classes;
    std::vector<AttrTest> attrs;
    int nth_a = 0, nth_b = 0;  // :nth-child(a*n+b); both 0 = none
    bool last_child = false;
  };
  struct Complex {
    std::vector<Compound> parts;    // left to right
    std::vector<char> combinators;  // between parts[i] and parts[i+1]: ' ' or '>'
  };

 private:
  std::string text_;
  std::vector<Complex> groups_;
};

}  // namespace shouhu::parsers

#endif  // SHOUHU_PARSERS_SELECTOR_H_
