// Pages in layouts the project was never tuned to (tests/testdata/unseen/): each
// layout folder holds hand-written item pages, the Listing a reader expects from
// each (NAME.expected.json) and a profile written from doc/sites.md alone
// (profile.toml). Scored field by field; a decoy (a struck price, a recommended
// product's title) taken into any value fails the test.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "base/url.h"
#include "parsers/page_extractor.h"
#include "parsers/site_profile.h"

namespace shouhu::parsers {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const fs::path kUnseen = fs::path(SHOUHU_SOURCE_DIR) / "tests/testdata/unseen";

std::string ReadAll(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

struct Score {
  int right = 0, total = 0;
  std::vector<std::string> misses;
  std::vector<std::string> decoys_taken;
  void Add(bool ok, const std::string& what) {
    ++total;
    if (ok) {
      ++right;
    } else {
      misses.push_back(what);
    }
  }
};

std::string Show(const json* v) { return v == nullptr ? "(absent)" : v->dump(); }

// Order-insensitive list comparison (standards, ccc, warnings).
bool SameSet(const json& a, const json& b) {
  if (!a.is_array() || !b.is_array() || a.size() != b.size()) return false;
  std::vector<std::string> x, y;
  for (const auto& v : a) x.push_back(v.dump());
  for (const auto& v : b) y.push_back(v.dump());
  std::sort(x.begin(), x.end());
  std::sort(y.begin(), y.end());
  return x == y;
}

bool SameNumber(const json* a, const json& b) {
  return a != nullptr && a->is_number() && b.is_number() &&
         std::abs(a->get<double>() - b.get<double>()) < 0.005;
}

// Every string value in the Listing JSON, for the decoy check.
void Strings(const json& j, std::vector<std::string>* out) {
  if (j.is_string()) {
    out->push_back(j.get<std::string>());
  } else if (j.is_array() || j.is_object()) {
    for (const auto& [k, v] : j.items()) {
      if (j.is_object()) out->push_back(k);
      Strings(v, out);
    }
  }
}

// URL fields compare as RFC 3986 equivalents ("https://a.test" = "https://a.test/").
json CanonicalUrls(json v) {
  auto one = [](json& u) {
    if (!u.is_string()) return;
    Result<std::string> c = CanonicalizeUrl(u.get<std::string>());
    if (c.ok()) u = *c;
  };
  if (v.is_array()) {
    for (json& u : v) one(u);
  } else {
    one(v);
  }
  return v;
}

void ScorePage(json want, json got, const json& decoys, Score* s) {
  for (json* j : {&want, &got}) {
    if (j->contains("images")) (*j)["images"] = CanonicalUrls((*j)["images"]);
    if (j->contains("shop") && (*j)["shop"].contains("url"))
      (*j)["shop"]["url"] = CanonicalUrls((*j)["shop"]["url"]);
  }
  static const std::vector<std::string> kScalars = {
      "item_id",   "title",           "brand",       "model",          "age_range",
      "materials", "safety_category", "description", "fetched_charset"};
  static const std::vector<std::string> kOrdered = {"category_path", "images"};
  static const std::vector<std::string> kSets = {"standards", "ccc", "warnings"};
  auto find = [](const json& j, const std::string& k) -> const json* {
    auto it = j.find(k);
    return it == j.end() ? nullptr : &*it;
  };
  for (const std::string& k : kScalars) {
    const json* w = find(want, k);
    const json* g = find(got, k);
    if (w == nullptr && g == nullptr) continue;
    s->Add(w != nullptr && g != nullptr && *w == *g, k + ": want " + Show(w) + ", got " + Show(g));
  }
  for (const std::string& k : kOrdered) {
    const json* w = find(want, k);
    const json* g = find(got, k);
    if (w == nullptr && g == nullptr) continue;
    s->Add(w != nullptr && g != nullptr && *w == *g, k + ": want " + Show(w) + ", got " + Show(g));
  }
  for (const std::string& k : kSets) {
    const json* w = find(want, k);
    const json* g = find(got, k);
    if (w == nullptr && g == nullptr) continue;
    s->Add(w != nullptr && g != nullptr && SameSet(*w, *g),
           k + ": want " + Show(w) + ", got " + Show(g));
  }
  // Price: amount, currency and the range ends, each a field.
  const json* wp = find(want, "price");
  const json* gp = find(got, "price");
  for (const char* k : {"amount", "currency", "min", "max"}) {
    const json* w = wp ? find(*wp, k) : nullptr;
    const json* g = gp ? find(*gp, k) : nullptr;
    if (w == nullptr && g == nullptr) continue;
    bool ok = w != nullptr && g != nullptr && (w->is_number() ? SameNumber(g, *w) : *w == *g);
    s->Add(ok, std::string("price.") + k + ": want " + Show(w) + ", got " + Show(g));
  }
  for (const char* obj : {"shop", "seller", "manufacturer"}) {
    const json* w = find(want, obj);
    const json* g = find(got, obj);
    std::vector<std::string> keys;
    if (w) {
      for (const auto& [k, v] : w->items()) keys.push_back(k);
    }
    if (g) {
      for (const auto& [k, v] : g->items()) {
        // The region code is derived from the credit code; scored only when expected.
        if (std::string(obj) == "seller" && k == "region_code") continue;
        if (std::find(keys.begin(), keys.end(), k) == keys.end()) keys.push_back(k);
      }
    }
    for (const std::string& k : keys) {
      const json* wv = w ? find(*w, k) : nullptr;
      const json* gv = g ? find(*g, k) : nullptr;
      s->Add(wv != nullptr && gv != nullptr && *wv == *gv,
             std::string(obj) + "." + k + ": want " + Show(wv) + ", got " + Show(gv));
    }
  }
  // Attribute rows: each expected row found (as a multiset), each extra row a miss.
  std::vector<json> got_rows;
  if (const json* g = find(got, "attribute_rows")) got_rows.assign(g->begin(), g->end());
  auto norm = [](json r) {
    if (!r.contains("group")) r["group"] = "";
    return r;
  };
  for (json& r : got_rows) r = norm(r);
  if (const json* w = find(want, "attribute_rows")) {
    for (const json& row : *w) {
      json r = norm(row);
      auto it = std::find(got_rows.begin(), got_rows.end(), r);
      bool ok = it != got_rows.end();
      if (ok) got_rows.erase(it);
      s->Add(ok, "attribute row " + r.dump() + " not found");
    }
  }
  for (const json& extra : got_rows) s->Add(false, "attribute row " + extra.dump() + " unexpected");

  // Decoys: no extracted string holds one; no price is one.
  json values = got;
  values.erase("provenance");
  values.erase("url");
  std::vector<std::string> strings;
  Strings(values, &strings);
  if (const json* text = find(decoys, "text")) {
    for (const json& d : *text) {
      const std::string decoy = d.get<std::string>();
      for (const std::string& v : strings) {
        if (v.find(decoy) != std::string::npos) s->decoys_taken.push_back(decoy + " in " + v);
      }
    }
  }
  if (const json* prices = find(decoys, "price")) {
    for (const json& d : *prices) {
      for (const char* k : {"amount", "min", "max"}) {
        const json* g = gp ? find(*gp, k) : nullptr;
        if (SameNumber(g, d)) s->decoys_taken.push_back("price." + std::string(k) + " " + d.dump());
      }
    }
  }
}

TEST(UnseenLayouts, ProfilesFromTheDocumentationGetNinetyFivePercentOfFieldsAndNoDecoy) {
  ASSERT_TRUE(fs::is_directory(kUnseen)) << kUnseen;
  Score all;
  int pages = 0, layouts = 0;
  std::vector<fs::path> dirs;
  for (const auto& e : fs::directory_iterator(kUnseen)) {
    if (e.is_directory() && fs::exists(e.path() / "profile.toml")) dirs.push_back(e.path());
  }
  std::sort(dirs.begin(), dirs.end());
  for (const fs::path& dir : dirs) {
    Result<SiteProfile> profile = LoadSiteProfile((dir / "profile.toml").string());
    ASSERT_TRUE(profile.ok()) << profile.status().ToString();
    ++layouts;
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(dir)) {
      const std::string name = e.path().filename().string();
      if (name.size() > 14 && name.ends_with(".expected.json")) files.push_back(e.path());
    }
    std::sort(files.begin(), files.end());
    for (const fs::path& exp : files) {
      std::string stem = exp.filename().string();
      stem.resize(stem.size() - std::string(".expected.json").size());
      fs::path html = dir / (stem + ".html");
      ASSERT_TRUE(fs::exists(html)) << html;
      json e = json::parse(ReadAll(exp));
      FetchedPage page{e.at("url").get<std::string>(), e.value("content_type", ""), ReadAll(html),
                       "2026-06-18T00:00:00Z"};
      Result<PageExtract> x = ExtractPage(*profile, page);
      ASSERT_TRUE(x.ok()) << html << ": " << x.status().ToString();
      ASSERT_TRUE(x->listing.has_value()) << html << ": not classified as an item page";
      Score s;
      ScorePage(e.at("expected"), ListingToJson(*x->listing), e.value("decoys", json::object()),
                &s);
      ++pages;
      std::printf("  %-40s %3d/%3d fields%s\n", (dir.filename().string() + "/" + stem).c_str(),
                  s.right, s.total, s.decoys_taken.empty() ? "" : "  DECOY TAKEN");
      for (const std::string& m : s.misses) std::printf("      miss: %s\n", m.c_str());
      for (const std::string& d : s.decoys_taken) {
        std::printf("      decoy: %s\n", d.c_str());
        ADD_FAILURE() << html << ": decoy taken: " << d;
      }
      all.right += s.right;
      all.total += s.total;
    }
  }
  const double share = all.total == 0 ? 0 : static_cast<double>(all.right) / all.total;
  std::printf("unseen layouts: %d layouts, %d pages, %d/%d fields right (%.1f%%)\n", layouts, pages,
              all.right, all.total, 100 * share);
  EXPECT_GE(layouts, 4);
  EXPECT_GE(pages, 12);
  EXPECT_GE(share, 0.95);
}

}  // namespace
}  // namespace shouhu::parsers
