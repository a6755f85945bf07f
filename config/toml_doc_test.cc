#include "config/toml_doc.h"

#include <gtest/gtest.h>

namespace shouhu::config {
namespace {

TEST(TomlDoc, ErrorsNameFileLineAndKey) {
  auto doc = ParseToml("id = \"a\"\n\n[limits]\ndepth = \"deep\"\n", "site.toml");
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  const Node* limits = doc->Find("limits");
  ASSERT_NE(limits, nullptr);
  auto depth = limits->GetOptInt("depth");
  ASSERT_FALSE(depth.ok());
  EXPECT_EQ(depth.status().message(),
            "site.toml:4: key 'limits.depth': expected an integer, found a string");
}

TEST(TomlDoc, SyntaxErrorNamesLineAndColumn) {
  auto doc = ParseToml("a = 1\nb = = 2\n", "bad.toml");
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.status().code(), StatusCode::kParseError);
  EXPECT_NE(doc.status().message().find("bad.toml:2:"), std::string::npos)
      << doc.status().message();
}

TEST(TomlDoc, MissingRequiredKeyIsNamed) {
  auto doc = ParseToml("[site]\nname = \"x\"\n", "s.toml");
  ASSERT_TRUE(doc.ok());
  auto id = doc->Find("site")->GetString("id");
  ASSERT_FALSE(id.ok());
  EXPECT_NE(id.status().message().find("missing required key 'site.id'"), std::string::npos);
}

TEST(TomlDoc, UnknownKeyIsReportedNotIgnored) {
  auto doc = ParseToml("id = \"a\"\nseeds = []\nsedes = []\n", "s.toml");
  ASSERT_TRUE(doc.ok());
  Status st = doc->CheckKeys({"id", "seeds"});
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.message(), "s.toml:3: key 'sedes': unknown key");
}

TEST(TomlDoc, MembersKeepFileOrderAndArraysHavePaths) {
  auto doc = ParseToml("z = 1\na = [\"x\", 2]\nd = 2026-11-01\n", "o.toml");
  ASSERT_TRUE(doc.ok());
  ASSERT_EQ(doc->members.size(), 3u);
  EXPECT_EQ(doc->members[0].first, "z");
  EXPECT_EQ(doc->members[2].second.text, "2026-11-01");
  auto list = doc->GetStringList("a");
  ASSERT_FALSE(list.ok());
  EXPECT_NE(list.status().message().find("key 'a[1]'"), std::string::npos);
}

}  // namespace
}  // namespace shouhu::config
