#include "parsers/dom.h"

#include <gumbo.h>

#include <algorithm>
#include <memory>

#include "base/strings.h"
#include "parsers/html_scan.h"

namespace shouhu::parsers {
namespace {

// Frees the gumbo output with the options it was parsed with (gumbo's contract).
struct GumboDeleter {
  void operator()(GumboOutput* out) const { gumbo_destroy_output(&kGumboDefaultOptions, out); }
};
using GumboPtr = std::unique_ptr<GumboOutput, GumboDeleter>;

bool IsVoid(std::string_view t) {
  return t == "area" || t == "base" || t == "br" || t == "col" || t == "embed" || t == "hr" ||
         t == "img" || t == "input" || t == "link" || t == "meta" || t == "param" ||
         t == "source" || t == "track" || t == "wbr" || t == "keygen";
}

// Elements whose end tag is optional (and <a>): they are closed implicitly by
// their siblings, so counting them would overestimate depth on ordinary pages.
bool IsOptionalEnd(std::string_view t) {
  return t == "p" || t == "li" || t == "td" || t == "th" || t == "tr" || t == "dt" || t == "dd" ||
         t == "option" || t == "optgroup" || t == "tbody" || t == "thead" || t == "tfoot" ||
         t == "colgroup" || t == "rp" || t == "rt" || t == "html" || t == "head" || t == "body" ||
         t == "a";  // a new <a> closes an open one (adoption agency), so <a> never nests
}

bool IsBlock(std::string_view t) {
  return t == "p" || t == "div" || t == "br" || t == "li" || t == "ul" || t == "ol" || t == "tr" ||
         t == "td" || t == "th" || t == "table" || t == "h1" || t == "h2" || t == "h3" ||
         t == "h4" || t == "h5" || t == "h6" || t == "section" || t == "article" || t == "dt" ||
         t == "dd" || t == "dl" || t == "header" || t == "footer" || t == "nav" ||
         t == "blockquote" || t == "pre" || t == "hr" || t == "option" || t == "figcaption" ||
         t == "address";
}

// Returns the byte offset where the estimated nesting depth first exceeds
// `max_depth`, or html.size(). The estimate counts start and end tags on the raw
// text (void, self-closed and optional-end elements excluded); it is linear and
// needs no tree.
size_t DepthCutOffset(std::string_view html, int max_depth) {
  int depth = 0;
  const size_t n = html.size();
  size_t i = 0;
  while (i < n) {
    size_t lt = html.find('<', i);
    if (lt == std::string_view::npos || lt + 1 >= n) break;
    char c = html[lt + 1];
    bool closing = c == '/';
    size_t p = lt + (closing ? 2 : 1);
    if (p >= n || !((html[p] >= 'a' && html[p] <= 'z') || (html[p] >= 'A' && html[p] <= 'Z'))) {
      if (html.substr(lt, 4) == "<!--") {
        size_t e = html.find("-->", lt + 4);
        if (e == std::string_view::npos) break;
        i = e + 3;
      } else {
        i = lt + 1;
      }
      continue;
    }
    std::string name;
    while (p < n && name.size() < 16 && html[p] != '>' && html[p] != '/' && html[p] != ' ' &&
           html[p] != '\t' && html[p] != '\n' && html[p] != '\r') {
      char ch = html[p++];
      name.push_back((ch >= 'A' && ch <= 'Z') ? static_cast<char>(ch - 'A' + 'a') : ch);
    }
    size_t gt = html.find('>', p);
    if (gt == std::string_view::npos) break;
    bool self_closed = gt > 0 && html[gt - 1] == '/';
    i = gt + 1;
    if (name == "script" || name == "style" || name == "textarea" || name == "title") {
      if (!closing) {
        size_t e = html.find("</", i);
        while (e != std::string_view::npos && AsciiLower(html.substr(e + 2, name.size())) != name) {
          e = html.find("</", e + 2);
        }
        if (e == std::string_view::npos) break;
        i = e;
      }
      continue;
    }
    if (IsVoid(name) || IsOptionalEnd(name)) continue;
    if (closing) {
      if (depth > 0) --depth;
    } else if (!self_closed) {
      if (++depth > max_depth) return lt;
    }
  }
  return n;
}

std::string TagName(const GumboElement& el) {
  if (el.tag != GUMBO_TAG_UNKNOWN) return gumbo_normalized_tagname(el.tag);
  GumboStringPiece piece = el.original_tag;
  gumbo_tag_from_original_text(&piece);
  return AsciiLower(std::string_view(piece.data, piece.length));
}

}  // namespace

Document Document::Parse(std::string_view html, const DomLimits& limits) {
  Document doc;
  if (html.size() > limits.max_input_bytes) {
    html = html.substr(0, limits.max_input_bytes);
    doc.truncated_ = true;
  }
  size_t cut = DepthCutOffset(html, limits.max_depth);
  if (cut < html.size()) {
    html = html.substr(0, cut);
    doc.truncated_ = true;
  }
  GumboOptions options = kGumboDefaultOptions;
  options.max_errors = 0;  // error records cost memory and are not used
  GumboPtr out(gumbo_parse_with_options(&options, html.data(), html.size()));

  Node root;
  root.type = Node::Type::kDocument;
  doc.nodes_.push_back(std::move(root));
  if (!out || out->document == nullptr) return doc;

  // Iterative copy (no recursion: depth is bounded, but the stack need not be).
  struct Item {
    const GumboNode* g;
    NodeId parent;
  };
  std::vector<Item> stack;
  std::vector<int> element_counts{0};  // per node: element children so far
  const GumboVector& top = out->document->v.document.children;
  for (unsigned i = top.length; i > 0; --i) {
    stack.push_back({static_cast<const GumboNode*>(top.data[i - 1]), kRoot});
  }
  while (!stack.empty()) {
    Item it = stack.back();
    stack.pop_back();
    if (doc.nodes_.size() >= limits.max_nodes) {
      doc.truncated_ = true;
      break;
    }
    const GumboNode* g = it.g;
    Node n;
    n.parent = it.parent;
    n.depth = doc.nodes_[static_cast<size_t>(it.parent)].depth + 1;
    if (g->type == GUMBO_NODE_ELEMENT || g->type == GUMBO_NODE_TEMPLATE) {
      if (n.depth > limits.max_depth) {
        doc.truncated_ = true;
        continue;
      }
      const GumboElement& el = g->v.element;
      n.type = Node::Type::kElement;
      n.tag = TagName(el);
      for (unsigned a = 0; a < el.attributes.length; ++a) {
        const auto* attr = static_cast<const GumboAttribute*>(el.attributes.data[a]);
        n.attrs.emplace_back(AsciiLower(attr->name), attr->value);
      }
      NodeId id = static_cast<NodeId>(doc.nodes_.size());
      Node& parent = doc.nodes_[static_cast<size_t>(it.parent)];
      n.element_index = ++element_counts[static_cast<size_t>(it.parent)];
      parent.children.push_back(id);
      doc.nodes_.push_back(std::move(n));
      element_counts.push_back(0);
      // Template contents are element children of the template node in gumbo.
      const GumboVector& kids = el.children;
      for (unsigned i = kids.length; i > 0; --i) {
        stack.push_back({static_cast<const GumboNode*>(kids.data[i - 1]), id});
      }
    } else if (g->type == GUMBO_NODE_TEXT || g->type == GUMBO_NODE_WHITESPACE ||
               g->type == GUMBO_NODE_CDATA) {
      n.type = Node::Type::kText;
      n.text = g->v.text.text;
      NodeId id = static_cast<NodeId>(doc.nodes_.size());
      doc.nodes_[static_cast<size_t>(it.parent)].children.push_back(id);
      doc.nodes_.push_back(std::move(n));
      element_counts.push_back(0);
    }
  }
  return doc;
}

const std::string* Document::Attr(NodeId id, std::string_view name) const {
  for (const auto& [k, v] : node(id).attrs) {
    if (k == name) return &v;
  }
  return nullptr;
}

bool Document::HasClass(NodeId id, std::string_view cls) const {
  const std::string* c = Attr(id, "class");
  if (c == nullptr || cls.empty()) return false;
  std::string_view s = *c;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() &&
           (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r' || s[i] == '\f'))
      ++i;
    size_t e = i;
    while (e < s.size() &&
           !(s[e] == ' ' || s[e] == '\t' || s[e] == '\n' || s[e] == '\r' || s[e] == '\f'))
      ++e;
    if (e > i && s.substr(i, e - i) == cls) return true;
    i = e;
  }
  return false;
}

std::string Document::Text(NodeId id) const {
  static const std::vector<NodeId> kNone;
  return Text(id, kNone);
}

Document::NodeId Document::SubtreeEnd(NodeId id) const {
  NodeId cur = id;
  while (!node(cur).children.empty()) cur = node(cur).children.back();
  return cur;
}

std::string Document::Text(NodeId id, const std::vector<NodeId>& skip) const {
  std::string raw;
  std::vector<NodeId> stack{id};
  while (!stack.empty()) {
    NodeId cur = stack.back();
    stack.pop_back();
    if (cur < 0) {  // closing marker of a block element
      raw.push_back(' ');
      continue;
    }
    const Node& n = node(cur);
    if (n.type == Node::Type::kText) {
      raw += n.text;
      continue;
    }
    if (n.tag == "script" || n.tag == "style" || n.tag == "noscript") continue;
    if (!skip.empty() && std::binary_search(skip.begin(), skip.end(), cur)) continue;
    bool block = IsBlock(n.tag);
    if (block) {
      raw.push_back(' ');
      stack.push_back(-1);
    }
    for (size_t i = n.children.size(); i > 0; --i) stack.push_back(n.children[i - 1]);
  }
  return html::NormalizeSpace(raw);
}

std::vector<Document::NodeId> Document::Descendants(NodeId scope) const {
  std::vector<NodeId> out;
  std::vector<NodeId> stack;
  const Node& s = node(scope);
  for (size_t i = s.children.size(); i > 0; --i) stack.push_back(s.children[i - 1]);
  while (!stack.empty()) {
    NodeId cur = stack.back();
    stack.pop_back();
    const Node& n = node(cur);
    if (n.type != Node::Type::kElement) continue;
    out.push_back(cur);
    for (size_t i = n.children.size(); i > 0; --i) stack.push_back(n.children[i - 1]);
  }
  return out;
}

}  // namespace shouhu::parsers
