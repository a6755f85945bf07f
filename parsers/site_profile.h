// SiteProfile: how one marketplace is crawled and how its pages become Listings.
// Loaded from config/sites/*.toml (documented in doc/sites.md). New platforms and
// layout changes are handled by editing a profile, not by writing C++.
//
// Thread-safety: immutable after loading; shared by all workers.
#ifndef SHOUHU_PARSERS_SITE_PROFILE_H_
#define SHOUHU_PARSERS_SITE_PROFILE_H_

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "config/crawl_scope.h"

namespace shouhu::parsers {

// One way of finding a field's value. A field has an ordered list of these; the
// first that yields a non-empty value wins and is recorded as the provenance.
struct FieldSource {
  enum class Kind { kJsonLd, kMicrodata, kEmbedded, kSelector, kTable, kPairs, kItems, kMeta };
  Kind kind = Kind::kSelector;
  std::string path;                // jsonld / embedded: JSON path ("offers.price", "item.props");
                                   // microdata: itemprop; meta: name or property
  std::string selector;            // selector: CSS selector; table / items: the rows;
                                   // pairs: the containers
  std::vector<std::string> attrs;  // selector: attributes to read, the first present and
                                   // non-empty per element (empty = normalised text)
  std::vector<std::string> keys;   // table / embedded name-value lists: key and synonyms
  std::string capture;             // optional RE2 with one group applied to the value
  std::string split;               // optional RE2 separator for list fields
  int line = 0;                    // line in the profile file (for error messages)

  // table: cell selectors inside each row ("th" / "td" by default); pairs: the key
  // and value elements inside a container ("dt" / "dd" by default).
  std::string key_selector = "th";
  std::string value_selector = "td";
  // table / pairs / items: elements left out with their subtrees (tooltips, help
  // icons), and group headings (a row's group is the nearest heading before it).
  std::string skip_selector;
  std::string group_selector;
  // price fields: factor applied to the number read (0.01 for prices in fen).
  double scale = 1;
  // jsonld / microdata: the node type the path starts from ("" = the first node / document).
  std::string type = "Product";
  // jsonld / embedded name-value lists ([{name, value}]): the member names.
  std::string name_key = "name";
  std::string value_key = "value";
};

// A site profile is its crawl scope (config/crawl_scope.h: id, hosts, seeds,
// URL patterns, politeness) plus how its pages become Listings.
struct SiteProfile : config::CrawlScope {
  std::string default_charset;         // used when nothing on the page declares one
  std::string embedded_state_pattern;  // RE2 locating the start of the JSON state value
  std::map<std::string, std::vector<FieldSource>> fields;  // Listing field -> fallbacks
  // Shop pages -> SellerInfo: company, address, credit_code, license_no, region_code;
  // shop_name: the shop's display name.
  std::map<std::string, std::vector<FieldSource>> shop_fields;
};

// Listing field names a profile may fill ("title", "shop.name", "seller.company",
// "standards", ...).
const std::vector<std::string>& ListingFieldNames();
// Field names of [shop.fields]: SellerInfo's, and shop_name.
const std::vector<std::string>& SellerFieldNames();
// Fields holding a list of strings (category_path, standards, ccc, warnings, images).
bool IsListField(const std::string& name);
// Fields holding URLs, resolved against the page URL (shop.url, images).
bool IsUrlField(const std::string& name);
// The source kind's name as written in profiles and provenance ("jsonld", "pairs", ...).
const char* SourceKindName(FieldSource::Kind kind);

// Errors name file, line and key: "config/sites/x.toml:12: key 'fields.title[0].selector': ...".
Result<SiteProfile> LoadSiteProfile(const std::string& path);
// As LoadSiteProfile, from TOML text; `source_name` stands for the file in errors.
Result<SiteProfile> ParseSiteProfile(std::string_view toml_text, const std::string& source_name);

}  // namespace shouhu::parsers

#endif  // SHOUHU_PARSERS_SITE_PROFILE_H_
