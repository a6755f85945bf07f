// Listing: one product listing as extracted from a marketplace page
// (doc/design.md §5.1). The parser's output and the rule engine's input.
//
// Values are as found on the page (Chinese text kept as is). An absent optional
// or an empty list means "not found on the page" — the rule engine relies on
// that distinction, so extraction must never fill in defaults.
#ifndef SHOUHU_MODEL_LISTING_H_
#define SHOUHU_MODEL_LISTING_H_

#include <map>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/status.h"

namespace shouhu {

struct Price {
  double amount = 0;     // the selling price; the lowest of a range
  std::string currency;  // "CNY"
  // A range as the page shows it ("5499.00-6799.00", or separate low and high
  // values): both set, min == amount. Absent for a single price.
  std::optional<double> min, max;
  std::string text;  // the value the price was read from, as written ("" = not kept)
};

struct ShopRef {
  std::optional<std::string> name, url, id;
};

struct SellerInfo {
  std::optional<std::string> company, address, credit_code, license_no, region_code;
};

struct Manufacturer {
  std::optional<std::string> name, address;
};

// An age range in months, parsed from age_range ("3-6岁" -> {36, 72}); max absent
// for an open range ("3岁以上").
struct AgeMonths {
  std::optional<int> min, max;
  bool operator==(const AgeMonths&) const = default;
};

// Where a field's value came from: source is
// jsonld|microdata|embedded|selector|table|pairs|items|meta for the item page itself,
// "shop" for seller data joined from the shop page (path: its URL), or "text" for a value the
// normalisation found in other fields (path: "title", "description", "attributes.<key>"); path is
// the JSON path, selector or table key that produced it.
struct Provenance {
  std::string source;
  std::string path;
};

// One row of a parameter list, in page order: the group heading it sits under
// ("主体", "基本信息"; "" when the page has none), its name and its value.
struct AttributeRow {
  std::string group, name, value;
  bool operator==(const AttributeRow&) const = default;
};

struct Listing {
  std::string site;        // site profile id, e.g. "tiantu"
  std::string item_id;     // the platform's item id
  std::string url;         // canonical item URL
  std::string fetched_at;  // RFC 3339 UTC

  std::optional<std::string> title;
  std::optional<Price> price;
  std::vector<std::string> category_path;
  ShopRef shop;
  SellerInfo seller;
  Manufacturer manufacturer;
  std::optional<std::string> brand, model, age_range, materials;
  std::optional<AgeMonths> age_months;  // parsed from age_range (not a profile field)
  std::vector<std::string> standards;   // as written, e.g. "GB 6675.1-2014"
  std::optional<std::string> safety_category;
  std::vector<std::string> ccc;  // certificate numbers as written
  std::vector<std::string> warnings;
  std::vector<std::pair<std::string, std::string>>
      attributes;  // the parameter table, in page order; a repeated name keeps its first value
  std::vector<AttributeRow> attribute_rows;  // every row as found (duplicates, groups)
  std::optional<std::string> description;
  std::vector<std::string> images;
  std::map<std::string, Provenance> provenance;  // field name -> where it came from
  std::string fetched_charset;  // the charset the page was decoded from ("UTF-8", "GB18030")
};

// JSON form of doc/design.md §5.1 (keys fixed; absent values omitted).
nlohmann::json ListingToJson(const Listing& listing);
// Inverse of ListingToJson. `where` prefixes errors (e.g. "listings.jsonl:7").
Result<Listing> ListingFromJson(const nlohmann::json& j, const std::string& where);

}  // namespace shouhu

#endif  // SHOUHU_MODEL_LISTING_H_
