#include "pipeline/shop_directory.h"

namespace shouhu::pipeline {

void ShopDirectory::WithShop(const std::string& site, const std::string& shop_id, Task task) {
  std::optional<ShopData> known;
  {
    std::lock_guard<std::mutex> lock(mu_);
    Entry& e = shops_[{site, shop_id}];
    if (!e.published) {
      if (parked_ < max_parked_) {
        e.waiting.push_back(std::move(task));
        ++parked_;
        return;
      }
      // Over budget: evaluate with what the page shows rather than hold more pages.
    } else {
      known = e.shop;
    }
  }
  task(known ? &*known : nullptr);
}

void ShopDirectory::Publish(const std::string& site, const std::string& shop_id,
                            std::optional<ShopData> shop) {
  std::vector<Task> ready;
  {
    std::lock_guard<std::mutex> lock(mu_);
    Entry& e = shops_[{site, shop_id}];
    e.published = true;
    if (shop || !e.shop)
      e.shop = std::move(shop);  // a later failure does not erase data already seen
    ready.swap(e.waiting);
    parked_ -= ready.size();
    shop = e.shop;
  }
  for (Task& t : ready) t(shop ? &*shop : nullptr);
}

void ShopDirectory::ReleaseAll() {
  std::vector<Task> ready;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (auto& [key, e] : shops_) {
      for (Task& t : e.waiting) ready.push_back(std::move(t));
      e.waiting.clear();
    }
    parked_ = 0;
  }
  for (Task& t : ready) t(nullptr);
}

size_t ShopDirectory::parked() const {
  std::lock_guard<std::mutex> lock(mu_);
  return parked_;
}

void JoinSeller(Listing* l, const ShopData& shop) {
  auto fill = [&](std::optional<std::string>* field, const std::optional<std::string>& value,
                  const char* name) {
    if (field->has_value() || !value) return;
    *field = value;
    l->provenance[std::string("seller.") + name] = Provenance{"shop", shop.url};
  };
  fill(&l->seller.company, shop.seller.company, "company");
  fill(&l->seller.address, shop.seller.address, "address");
  fill(&l->seller.credit_code, shop.seller.credit_code, "credit_code");
  fill(&l->seller.license_no, shop.seller.license_no, "license_no");
  fill(&l->seller.region_code, shop.seller.region_code, "region_code");
  if (!l->shop.name && shop.name) {
    l->shop.name = shop.name;
    l->provenance["shop.name"] = Provenance{"shop", shop.url};
  }
  if (!l->shop.url && !shop.url.empty()) {
    l->shop.url = shop.url;
    l->provenance["shop.url"] = Provenance{"shop", shop.url};
  }
}

}  // namespace shouhu::pipeline
