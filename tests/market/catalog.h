// The listing generator: listing i of a seed, computed on demand from
// (seed, i) alone, so no page is ever stored.
//
// Compliant listings satisfy doc/market.md "Compliant listings"; each injected
// rule id changes exactly what that rule looks at, and the label data always
// sits in the parameter list every platform renders.
#ifndef SHOUHU_TESTS_MARKET_CATALOG_H_
#define SHOUHU_TESTS_MARKET_CATALOG_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tests/market/market.h"

namespace shouhu::market {

inline constexpr int kPlatformCount = 3;
inline constexpr int kPageSize = 20;  // listings per list page

// The product groups (doc/rules.md) in a fixed order, then "adult".
const std::vector<std::string>& GroupNames();
// Chinese label of a group ("玩具", "童装", …, "家居百货").
std::string_view GroupLabel(std::string_view group);

struct Param {
  std::string name, value;
};

struct Listing {
  int64_t index = 0;
  int platform = 0;
  std::string item_id, shop_id, group;
  bool in_scope = false;
  std::string title, brand, model, category_path, description;
  std::string image;  // absolute path on the platform
  int64_t price_cents = 0;
  std::vector<Param> params;
  // The producer behind the listing even when a label is removed, and the
  // valid CCC number shown ("" when none is shown or it is malformed).
  std::string producer, address, ccc;
  // What the market's certificate registry says of `ccc`: its status (有效
  // unless T-04 is injected) and its holder (the producer unless T-05 is).
  std::string ccc_status = "有效", ccc_holder;
  std::vector<std::string> injected;  // rule ids
  std::vector<std::string> expected;  // categories
};

// The group of listing i (cheap: no text is generated).
int GroupOf(uint64_t seed, int64_t index);

Listing MakeListing(uint64_t seed, int64_t index);

// Item ids: 10 decimal digits, a bijection of the index (so a page request
// maps back to its listing without a table).
std::string ItemId(uint64_t seed, int64_t index);
// The index for an item id, or nullopt if the id names no index < 2^30.
std::optional<int64_t> IndexOfItemId(uint64_t seed, std::string_view id);

// Item page path on the listing's platform.
std::string ItemPath(int platform, std::string_view item_id);

// Shops: platform p has ShopCount(listings, p) shops with ids "10001", "10002" …
int64_t ShopCount(int64_t listings, int platform);
int64_t ShopNumberOf(uint64_t seed, int64_t listings, int64_t index);  // 0-based
std::string ShopId(int64_t shop_number);

struct Shop {
  std::string id, name, company, address, credit_code, licence_no, permit_no, region;
};
Shop MakeShop(uint64_t seed, int platform, int64_t shop_number);

// Listings on platform p: index = p + 3 * j for j in [0, PlatformCount).
int64_t PlatformCount(int64_t listings, int platform);

}  // namespace shouhu::market

#endif  // SHOUHU_TESTS_MARKET_CATALOG_H_
