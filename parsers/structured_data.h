// Structured data on a page: JSON-LD, an embedded script state object, microdata
// and <meta>/OpenGraph, plus the JSON path reader site profiles use.
//
// JSON-LD, embedded state and <meta> are found on the raw (UTF-8) text without a
// DOM; only microdata needs the tree. JSON from pages is parsed leniently: comments,
// trailing commas, raw control characters inside strings and the JavaScript
// literals undefined / NaN are tolerated. Nothing here throws.
//
// Thread-safety: pure functions.
#ifndef SHOUHU_PARSERS_STRUCTURED_DATA_H_
#define SHOUHU_PARSERS_STRUCTURED_DATA_H_

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/status.h"
#include "parsers/dom.h"

namespace shouhu::parsers {

// ---- lenient JSON ---------------------------------------------------------

// Parses JSON as found on pages; nullopt if it still cannot be parsed.
std::optional<nlohmann::json> ParseLenientJson(std::string_view text);

// Reads exactly one JSON value starting at text[pos] (leading white space skipped):
// an object or array by a balanced-bracket scan that respects strings, or a scalar
// up to the next ',' ';' or line end. Returns the value's text, or nullopt.
std::optional<std::string_view> ScanJsonValue(std::string_view text, size_t pos);

// ---- JSON-LD ----------------------------------------------------------------

// The text of every <script type="application/ld+json"> in page order.
std::vector<std::string_view> FindJsonLdScripts(std::string_view html);

// Every JSON-LD node on the page: top-level objects, elements of top-level arrays
// and members of "@graph", in page order. Unparsable scripts are skipped.
std::vector<nlohmann::json> ParseJsonLd(std::string_view html);

// The first node whose "@type" is `type` (or an array containing it); `type` ""
// returns the first node. nullptr when none.
const nlohmann::json* FindJsonLdNode(const std::vector<nlohmann::json>& nodes,
                                     std::string_view type);

// ---- embedded state -----------------------------------------------------------

// Locates `pattern` (an RE2, e.g. "window\\.__INIT_STATE__\\s*=") and parses the
// JSON value that follows its match. nullopt when the pattern is absent or the
// value cannot be parsed; kInvalidArgument when the pattern does not compile.
Result<std::optional<nlohmann::json>> FindEmbeddedState(std::string_view html,
                                                        const std::string& pattern);

// ---- JSON paths -------------------------------------------------------------

// Path syntax: dotted keys with optional indexes, e.g. "item.props",
// "offers.price", "a[0].b", "image[*]". A key applied to an array maps over its
// elements, so "offers.price" works whether offers is an object or an array.
struct JsonPathStep {
  std::string key;  // "" for a pure index step
  int index = -1;   // -1 none, -2 [*]
};
Result<std::vector<JsonPathStep>> ParseJsonPath(std::string_view path);

// All values the path reaches, in order (empty when none). REQUIRES: valid path.
std::vector<const nlohmann::json*> ResolveJsonPath(const nlohmann::json& root,
                                                   std::string_view path);

// Scalar JSON as text: strings as is, numbers in shortest form, booleans
// "true"/"false"; arrays flatten to their scalar elements; objects contribute
// their "name" (or "@value") member if it is a scalar; null contributes nothing.
void JsonToStrings(const nlohmann::json& v, std::vector<std::string>* out);

// ---- meta / OpenGraph -----------------------------------------------------

// (name-or-property, content) of every <meta> with content, in page order; keys lower-cased.
std::vector<std::pair<std::string, std::string>> FindMetaTags(std::string_view html);

// ---- microdata ----------------------------------------------------------------

// Values of itemprop `path` ("name", "offers.price": nested itemscopes) within the
// first item (top-level or nested, in document order) whose itemtype ends with
// `type` ("" = every element of the document with that itemprop, items ignored;
// nested segments then follow the itemscope tree). Typed lookups use the items of
// ExtractMicrodataItems, so itemref is followed. Values are white-space normalised;
// empty ones are dropped.
std::vector<std::string> FindMicrodata(const Document& doc, std::string_view path,
                                       std::string_view type = "Product");

// ---- W3C microdata items and JSON-LD documents ------------------------------
//
// The whole structured data of a page in the JSON shapes the conformance fixtures
// (tests/testdata/extruct/) use, so our output can be compared with another
// implementation's.

struct MicrodataOptions {
  bool strict = false;            // "type" and every property value always a list
  bool nested = true;             // nested items inline; false: {"iid_ref": n} and "iid"
  bool add_text_content = false;  // each item's "textContent" (LayoutText)
  bool node_ids = false;          // each item's "_nodeId_": its element's id attribute
  std::string base_url;           // resolves src/href/data URLs; "" keeps them as written
  // Text values as LayoutText (lines, a space between inline fragments, as the
  // conformance fixtures expect) or, when false, as Document::Text (inline
  // fragments joined as written: "<b>积木</b>玩具" is "积木玩具").
  bool layout_text = true;
};

// Every top-level item of the document as {"type", "id", "properties"} following the
// HTML microdata algorithm: nested itemscope, itemref (properties of other elements,
// by id), several names in one itemprop, several types in one itemtype, property
// values from content / src / href / data / value / datetime or the text. An item
// with no property has a "value" instead. Items are top-level unless reached as a
// property value; a cycle of itemrefs yields null where the item repeats. Budgets
// (hostile pages): items nest at most 64 deep, an item follows at most 64 itemref
// ids, and at most 200 000 element visits are spent per document, after which
// properties stop being collected.
nlohmann::json ExtractMicrodataItems(const Document& doc,
                                     const MicrodataOptions& options = MicrodataOptions());

// The JSON value of every JSON-LD script in page order, leniently parsed; a
// top-level array contributes its elements and "@graph" is kept as written (unlike
// ParseJsonLd, which flattens to nodes). Empty and unparsable scripts are skipped.
std::vector<nlohmann::json> ParseJsonLdDocuments(std::string_view html);

// Text of a subtree laid out as a reader sees it: block elements on their own lines
// (one blank line around paragraphs, headings and lists), white space collapsed
// inside a line, no space put before closing punctuation; script and style skipped.
std::string LayoutText(const Document& doc, Document::NodeId id);

}  // namespace shouhu::parsers

#endif  // SHOUHU_PARSERS_STRUCTURED_DATA_H_
