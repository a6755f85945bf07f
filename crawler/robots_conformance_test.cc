// Runs every case of the robots.txt conformance suite in
// tests/testdata/robotstxt-spec-test (see its README for the origin).
// STANDARD cases must all pass; GOOGLE_SPECIFIC cases describe the reference
// implementation's extensions and are reported, not required.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "crawler/robots.h"

namespace shouhu::crawler {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<std::string> SplitTabs(const std::string& line) {
  std::vector<std::string> out;
  size_t i = 0;
  while (true) {
    size_t j = line.find('\t', i);
    out.push_back(line.substr(i, j == std::string::npos ? std::string::npos : j - i));
    if (j == std::string::npos) break;
    i = j + 1;
  }
  return out;
}

TEST(RobotsConformance, AllStandardCasesPass) {
  const std::string dir = std::string(SHOUHU_SOURCE_DIR) + "/tests/testdata/robotstxt-spec-test/";
  std::ifstream cases(dir + "cases.tsv");
  ASSERT_TRUE(cases.good()) << "missing " << dir << "cases.tsv";
  std::string line;
  int standard = 0, standard_passed = 0, google = 0, google_passed = 0;
  while (std::getline(cases, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> f = SplitTabs(line);
    ASSERT_GE(f.size(), 6u) << line;
    RobotsTxt robots = RobotsTxt::Parse(ReadFile(dir + f[0]));
    bool allowed = robots.Allowed(f[1], RobotsPathFromUrl(f[2]));
    bool pass = allowed == (f[3] == "ALLOWED");
    if (f[4] == "STANDARD") {
      ++standard;
      standard_passed += pass;
      EXPECT_TRUE(pass) << f[5] << " " << f[0] << " agent='" << f[1] << "' url=" << f[2]
                        << " expected " << f[3];
    } else {
      ++google;
      google_passed += pass;
      if (!pass)
        std::printf("google-specific case differs: %s agent='%s' url=%s expected %s\n",
                    f[5].c_str(), f[1].c_str(), f[2].c_str(), f[3].c_str());
    }
  }
  std::printf("robots conformance: STANDARD %d/%d passed, GOOGLE_SPECIFIC %d/%d passed\n",
              standard_passed, standard, google_passed, google);
  EXPECT_EQ(standard, 378);
  EXPECT_EQ(standard_passed, standard);
}

}  // namespace
}  // namespace shouhu::crawler
