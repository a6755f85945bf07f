#include "pipeline/shop_directory.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

namespace shouhu::pipeline {
namespace {

ShopData Shop(const std::string& company) {
  ShopData d;
  d.seller.company = company;
  d.seller.credit_code = "91350100M000100Y43";
  d.url = "http://mall.tiantu.test/shop/10001";
  return d;
}

TEST(ShopDirectory, ItemPageWaitsForItsShopPageThenGetsItsData) {
  ShopDirectory dir;
  std::string seen = "not run";
  dir.WithShop("tiantu", "10001",
               [&](const ShopData* s) { seen = s ? *s->seller.company : "none"; });
  EXPECT_EQ(seen, "not run");
  EXPECT_EQ(dir.parked(), 1u);
  dir.Publish("tiantu", "10001", Shop("泉州市童趣玩具有限公司"));
  EXPECT_EQ(seen, "泉州市童趣玩具有限公司");
  EXPECT_EQ(dir.parked(), 0u);
  // Known now: later pages of the shop run at once.
  dir.WithShop("tiantu", "10001", [&](const ShopData* s) { seen = s ? "again" : "none"; });
  EXPECT_EQ(seen, "again");
}

TEST(ShopDirectory, SameShopIdOnAnotherSiteIsAnotherShop) {
  ShopDirectory dir;
  dir.Publish("tiantu", "10001", Shop("A"));
  bool parked = true;
  dir.WithShop("lanmao", "10001", [&](const ShopData*) { parked = false; });
  EXPECT_TRUE(parked);
}

TEST(ShopDirectory, FailedShopPageReleasesWaitersWithoutData) {
  ShopDirectory dir;
  int none = 0;
  for (int i = 0; i < 3; ++i)
    dir.WithShop("tiantu", "7", [&](const ShopData* s) { none += s == nullptr; });
  dir.Publish("tiantu", "7", std::nullopt);
  EXPECT_EQ(none, 3);
}

TEST(ShopDirectory, ParkingIsBoundedAndReleaseAllEmptiesIt) {
  ShopDirectory dir(/*max_parked=*/2);
  int ran_without = 0;
  for (int i = 0; i < 3; ++i)
    dir.WithShop("tiantu", std::to_string(i), [&](const ShopData* s) { ran_without += !s; });
  EXPECT_EQ(ran_without, 1);  // the third ran at once, over budget
  dir.ReleaseAll();
  EXPECT_EQ(ran_without, 3);
  EXPECT_EQ(dir.parked(), 0u);
}

TEST(ShopDirectory, ConcurrentPublishAndWaitRunEveryTaskOnce) {
  ShopDirectory dir(100000);
  std::atomic<int> runs{0};
  std::thread waiters([&] {
    for (int i = 0; i < 2000; ++i)
      dir.WithShop("s", std::to_string(i % 50), [&](const ShopData*) { ++runs; });
  });
  std::thread publisher([&] {
    for (int i = 0; i < 50; ++i) dir.Publish("s", std::to_string(i), Shop("x"));
  });
  waiters.join();
  publisher.join();
  dir.ReleaseAll();
  EXPECT_EQ(runs.load(), 2000);
}

TEST(JoinSeller, FillsOnlyAbsentFieldsAndRecordsTheShopAsSource) {
  Listing l;
  l.seller.company = "页面上写的公司";
  JoinSeller(&l, Shop("店铺执照上的公司"));
  EXPECT_EQ(*l.seller.company, "页面上写的公司");
  EXPECT_EQ(*l.seller.credit_code, "91350100M000100Y43");
  EXPECT_EQ(l.provenance.at("seller.credit_code").source, "shop");
  EXPECT_EQ(l.provenance.count("seller.company"), 0u);
}

TEST(JoinSeller, ShopNameAndUrlFromTheShopPageWhenTheItemPageHasNone) {
  ShopData shop = Shop("公司");
  shop.name = "童趣玩具旗舰店";
  Listing bare;
  JoinSeller(&bare, shop);
  EXPECT_EQ(bare.shop.name, "童趣玩具旗舰店");
  EXPECT_EQ(bare.shop.url, "http://mall.tiantu.test/shop/10001");
  EXPECT_EQ(bare.provenance.at("shop.name").source, "shop");
  Listing named;
  named.shop.name = "页面上的店名";
  named.shop.url = "http://mall.tiantu.test/shop/10001?from=item";
  JoinSeller(&named, shop);
  EXPECT_EQ(named.shop.name, "页面上的店名");
  EXPECT_EQ(named.shop.url, "http://mall.tiantu.test/shop/10001?from=item");
  EXPECT_EQ(named.provenance.count("shop.name"), 0u);
}

}  // namespace
}  // namespace shouhu::pipeline
