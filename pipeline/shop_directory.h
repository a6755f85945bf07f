// ShopDirectory: the seller licence data of each shop page, joined into the
// listings of that shop before the rules run (a listing page rarely shows the
// seller's company, address and unified social credit code; the shop page does).
//
// An item page whose shop page has not arrived yet is parked here and finished
// when it does; the crawler fetches shop pages before item pages, so that is
// about one round trip. The wait is bounded: past `max_parked` pages, or when
// the shop page fails or never comes (ReleaseAll at the end of the crawl), the
// listing is evaluated with what its own page shows.
//
// Thread-safety: every method may be called from any worker thread; tasks run
// outside the lock, on the thread that releases them.
#ifndef SHOUHU_PIPELINE_SHOP_DIRECTORY_H_
#define SHOUHU_PIPELINE_SHOP_DIRECTORY_H_

#include <cstddef>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "model/listing.h"

namespace shouhu::pipeline {

struct ShopData {
  SellerInfo seller;
  std::string url;                  // the shop page the data came from
  std::optional<std::string> name;  // the shop's display name, when the profile reads it
};

class ShopDirectory {
 public:
  // `shop` is null when the shop's data is not (or will not be) available.
  using Task = std::function<void(const ShopData* shop)>;

  explicit ShopDirectory(size_t max_parked = 1000) : max_parked_(max_parked) {}

  // Runs `task` now when the shop's page has been seen (or failed), or when too
  // many pages are parked already; otherwise parks it until Publish.
  void WithShop(const std::string& site, const std::string& shop_id, Task task);
  // The shop page arrived (`shop` empty: it failed); runs the tasks parked on it.
  void Publish(const std::string& site, const std::string& shop_id, std::optional<ShopData> shop);
  // Runs every parked task without shop data (the end of the crawl).
  void ReleaseAll();
  size_t parked() const;

 private:
  struct Entry {
    bool published = false;
    std::optional<ShopData> shop;
    std::vector<Task> waiting;
  };
  mutable std::mutex mu_;
  std::map<std::pair<std::string, std::string>, Entry> shops_;
  size_t parked_ = 0;
  const size_t max_parked_;
};

// Fills the listing's absent seller fields (and shop name and URL) from the shop
// page and records their provenance as {source: "shop", path: shop URL}. What the
// item page itself shows is kept.
void JoinSeller(Listing* listing, const ShopData& shop);

}  // namespace shouhu::pipeline

#endif  // SHOUHU_PIPELINE_SHOP_DIRECTORY_H_
