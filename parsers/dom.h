// Document: an HTML tree parsed by gumbo and copied into a compact, immutable
// node table (no gumbo types leak out of dom.cc; the gumbo output is freed before
// Parse returns).
//
// Budgets bound hostile pages: the input size, the nesting depth (estimated on
// the raw text before parsing, because tree construction is quadratic in the depth
// of the open-element stack), and the node count. Content beyond a budget is
// dropped and `truncated()` says so; parsing never fails.
//
// Thread-safety: immutable after Parse; may be shared between threads.
#ifndef SHOUHU_PARSERS_DOM_H_
#define SHOUHU_PARSERS_DOM_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace shouhu::parsers {

struct DomLimits {
  // Default: 16 MiB. Marketplace item pages are 150-200 KB; bigger is a trap.
  size_t max_input_bytes = 16u << 20;
  // Default: 1024. Real pages nest 30-60 deep; gumbo's tree construction scans the
  // open-element stack per tag (quadratic in depth), so depth is capped on the raw
  // text before parsing and again on the tree.
  int max_depth = 1024;
  // Default: 1 000 000 nodes (about 100 MB of tree in the worst case).
  size_t max_nodes = 1000000;
};

class Document {
 public:
  using NodeId = int;
  static constexpr NodeId kRoot = 0;

  struct Node {
    enum class Type : uint8_t { kDocument, kElement, kText };
    Type type = Type::kElement;
    NodeId parent = -1;
    int depth = 0;
    int element_index = 0;  // 1-based position among element siblings (for :nth-child)
    std::string tag;        // lower-case tag name (custom tags as written, lower-cased)
    std::vector<std::pair<std::string, std::string>> attrs;
    std::string text;  // kText: the text (UTF-8)
    std::vector<NodeId> children;
  };

  // REQUIRES: `html` is UTF-8 (decode with DecodeToUtf8 first).
  static Document Parse(std::string_view html, const DomLimits& limits = DomLimits());

  const Node& node(NodeId id) const { return nodes_[static_cast<size_t>(id)]; }
  size_t size() const { return nodes_.size(); }
  bool truncated() const { return truncated_; }

  // The attribute's value or nullptr.
  const std::string* Attr(NodeId id, std::string_view name) const;
  bool HasClass(NodeId id, std::string_view cls) const;
  // Visible text of the subtree: script/style contents skipped, block elements
  // separated by a space, white space normalised (NormalizeSpace).
  std::string Text(NodeId id) const;
  // As Text, leaving out the subtrees rooted at `skip` (sorted ascending): tooltips,
  // help icons.
  std::string Text(NodeId id, const std::vector<NodeId>& skip) const;
  // The last node of the subtree of `id` (ids are in document pre-order, so the
  // subtree is exactly the ids id..SubtreeEnd(id)).
  NodeId SubtreeEnd(NodeId id) const;
  // All element ids in document (pre-)order, optionally restricted to the subtree of `scope`
  // (scope itself excluded).
  std::vector<NodeId> Descendants(NodeId scope) const;

 private:
  std::vector<Node> nodes_;
  bool truncated_ = false;
};

}  // namespace shouhu::parsers

#endif  // SHOUHU_PARSERS_DOM_H_
