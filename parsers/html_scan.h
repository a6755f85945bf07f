// Raw-text HTML scanning: start tags and their attributes found without building a
// DOM. Used for what does not need a tree (JSON-LD and state scripts, <meta>,
// <a href>, <base>, the charset prescan), because parsing the DOM is the crawler's
// cost centre (doc/design.md §2).
//
// The scanner follows the HTML tokenizer closely enough for these uses: comments,
// doctype and processing instructions are skipped, the contents of raw-text
// elements (script, style, textarea, title, xmp, iframe) are not scanned for tags
// (<noscript> is: its links are real fallbacks), and attribute values are
// entity-decoded. It is linear in the input and never fails: malformed markup
// ends a tag at the next '>' or at the end.
#ifndef SHOUHU_PARSERS_HTML_SCAN_H_
#define SHOUHU_PARSERS_HTML_SCAN_H_

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace shouhu::parsers::html {

struct RawTag {
  std::string name;                                        // lower-case tag name
  std::vector<std::pair<std::string, std::string>> attrs;  // lower-case name, decoded value
  size_t begin = 0;                                        // offset of '<'
  size_t end = 0;                                          // offset just past '>'
  bool self_closing = false;
  std::string_view content;  // raw-text elements only: text up to the closing tag

  // The attribute's value, or nullptr when absent (first occurrence wins, as in HTML).
  const std::string* Attr(std::string_view attr_name) const;
};

// Calls `fn` for every start tag in document order; `fn` returns false to stop.
void ScanStartTags(std::string_view html, const std::function<bool(const RawTag&)>& fn);

// Decodes character references (&amp; &#20013; &#x4e2d; and the common named ones).
std::string DecodeEntities(std::string_view text);

// Collapses runs of white space (ASCII, U+00A0, U+3000) to one ASCII space and trims.
std::string NormalizeSpace(std::string_view text);

}  // namespace shouhu::parsers::html

#endif  // SHOUHU_PARSERS_HTML_SCAN_H_
