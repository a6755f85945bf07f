// Helpers for the storage and evidence tests: temp directories, file I/O,
// sample listings and findings.
#ifndef SHOUHU_STORAGE_STORAGE_TEST_UTIL_H_
#define SHOUHU_STORAGE_STORAGE_TEST_UTIL_H_

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "model/finding.h"
#include "model/listing.h"

namespace shouhu::storage::testing_util {

// A fresh directory under the test's own temp path, named after the running test.
inline std::string FreshDir() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  std::filesystem::path p = std::filesystem::path(::testing::TempDir()) /
                            ("shouhu_storage_" + std::to_string(getpid())) /
                            (std::string(info->test_suite_name()) + "." + info->name());
  std::filesystem::remove_all(p);
  std::filesystem::create_directories(p);
  return p.string();
}

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline void WriteFile(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
}

inline Listing SampleListing(const std::string& item, const std::string& title) {
  Listing l;
  l.site = "tiantu";
  l.item_id = item;
  l.url = "https://tiantu.example/item/" + item;
  l.fetched_at = "2026-11-24T06:40:19Z";
  l.title = title;
  l.standards = {"GB 6675.1-2014"};
  return l;
}

inline Finding SampleFinding(const std::string& rule, const std::string& category) {
  Finding f;
  f.rule_id = rule;
  f.category = category;
  f.severity = "high";
  f.field = "title";
  f.snippet = "水晶泥";
  f.message = "高风险新奇特产品";
  f.basis = "国市监质监发〔2021〕号";
  return f;
}

}  // namespace shouhu::storage::testing_util

#endif  // SHOUHU_STORAGE_STORAGE_TEST_UTIL_H_
