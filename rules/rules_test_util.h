// Helpers shared by the rules/ unit tests: the normaliser they fold with, and
// a scratch TOML file whose load error a test checks.
#ifndef SHOUHU_RULES_RULES_TEST_UTIL_H_
#define SHOUHU_RULES_RULES_TEST_UTIL_H_

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "config/toml_doc.h"
#include "rules/normalizer.h"

namespace shouhu::rules::testing_util {

inline const Normalizer& TestNormalizer() {
  static const std::shared_ptr<const Normalizer> n = [] {
    auto r = Normalizer::Create();
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.value();
  }();
  return *n;
}

// A TOML file in the temp folder, removed afterwards.
class ScratchToml {
 public:
  explicit ScratchToml(const std::string& text) {
    static std::atomic<int> seq{0};
    path_ = std::filesystem::temp_directory_path() /
            ("shouhu_rules_scratch_" + std::to_string(::getpid()) + "_" + std::to_string(seq++) +
             ".toml");
    std::ofstream(path_, std::ios::binary) << text;
  }
  ~ScratchToml() {
    std::error_code ec;
    std::filesystem::remove(path_, ec);
  }
  ScratchToml(const ScratchToml&) = delete;
  ScratchToml& operator=(const ScratchToml&) = delete;
  std::string path() const { return path_.string(); }

  // The message of `load(parsed document)`'s error, or "<loaded>".
  template <typename Loader>
  std::string LoadError(Loader load) const {
    auto doc = config::LoadTomlFile(path());
    if (!doc.ok()) return "<parse error> " + doc.status().ToString();
    auto r = load(doc.value());
    return r.ok() ? "<loaded>" : r.status().message();
  }

 private:
  std::filesystem::path path_;
};

}  // namespace shouhu::rules::testing_util

#endif  // SHOUHU_RULES_RULES_TEST_UTIL_H_
