// The facade: platforms, fault presets and the ground truth.
#include "tests/market/market.h"

#include <fstream>
#include <nlohmann/json.hpp>

#include "tests/market/catalog.h"

namespace shouhu::market {

FaultOptions FaultOptions::None() { return FaultOptions{}; }

FaultOptions FaultOptions::Demo() {
  FaultOptions f;
  f.rate_429 = 0.02;
  f.rate_500 = 0.02;
  f.rate_slow = 0.03;
  f.rate_404 = 0.02;
  f.slow_ms = 150;
  f.redirects = true;
  f.trap = true;
  f.tracking = true;
  return f;
}

const std::vector<Platform>& Platforms() {
  static const std::vector<Platform> kPlatforms = {
      {"tiantu", "mall.tiantu.test", "天图商城"},
      {"kuaigou", "m.kuaigou.test", "快购"},
      {"lanmao", "www.lanmao.test", "蓝猫网"},
  };
  return kPlatforms;
}

ListingTruth TruthFor(const MarketOptions& options, int64_t index) {
  Listing l = MakeListing(options.seed, index);
  ListingTruth t;
  t.site = Platforms()[static_cast<size_t>(l.platform)].id;
  t.item_id = l.item_id;
  t.url_path = ItemPath(l.platform, l.item_id);
  t.group = l.group;
  t.index = index;
  t.in_scope = l.in_scope;
  t.expected = std::move(l.expected);
  t.injected = std::move(l.injected);
  return t;
}

Status WriteGroundTruth(const MarketOptions& options, const std::string& path) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return IoError(path + ": cannot open for writing");
  for (int64_t i = 0; i < options.listings; ++i) {
    ListingTruth t = TruthFor(options, i);
    nlohmann::ordered_json line = {
        {"site", t.site},         {"item_id", t.item_id},   {"index", t.index},
        {"url_path", t.url_path}, {"group", t.group},       {"in_scope", t.in_scope},
        {"expected", t.expected}, {"injected", t.injected},
    };
    out << line.dump(-1, ' ', false) << '\n';
  }
  out.flush();
  if (!out) return IoError(path + ": write failed");
  return Status::Ok();
}

Status WriteCccRegistry(const MarketOptions& options, const std::string& path) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return IoError(path + ": cannot open for writing");
  out << "number,holder,manufacturer,product,models,status,issued_on,expires_on\n";
  for (int64_t i = 0; i < options.listings; ++i) {
    Listing l = MakeListing(options.seed, i);
    if (l.ccc.empty()) continue;
    // Certificates are renewed every 5 years and keep their first-issue year.
    const std::string year = l.ccc.substr(0, 4);
    const int expires = 2027 + static_cast<int>(i % 4);
    std::string product = l.title.substr(l.brand.size() + 1);
    for (char& c : product)
      if (c == ',') c = ' ';
    const std::string& holder = l.ccc_holder.empty() ? l.producer : l.ccc_holder;
    out << l.ccc << ',' << holder << ',' << holder << ',' << product << ',' << l.model << ','
        << l.ccc_status << ',' << year << "-03-15," << expires << "-03-14\n";
  }
  out.flush();
  if (!out) return IoError(path + ": write failed");
  return Status::Ok();
}

}  // namespace shouhu::market
