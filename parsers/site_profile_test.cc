#include "parsers/site_profile.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

namespace shouhu::parsers {
namespace {

using ::testing::HasSubstr;

const std::string kSites = std::string(SHOUHU_SOURCE_DIR) + "/config/sites/";

// The error message of loading `toml` as "t.toml" (empty when it loads).
std::string LoadError(const std::string& toml) {
  Result<SiteProfile> p = ParseSiteProfile(toml, "t.toml");
  return p.ok() ? "" : p.status().message();
}

const std::string kHead =
    "id = \"demo\"\n"                               // 1
    "hosts = [\"x.test\"]\n"                        // 2
    "item_url_pattern = '^/item/(\\d+)\\.html'\n";  // 3

TEST(SiteProfile, ShippedProfilesLoad) {
  for (const char* site : {"tiantu", "kuaigou", "lanmao"}) {
    Result<SiteProfile> p = LoadSiteProfile(kSites + site + ".toml");
    ASSERT_TRUE(p.ok()) << p.status().ToString();
    EXPECT_EQ(p->id, site);
    EXPECT_EQ(p->concurrency, 4);
    EXPECT_EQ(p->min_delay_s, 0);
    EXPECT_EQ(p->tracking_params, (std::vector<std::string>{"spm", "utm_source", "utm_medium",
                                                            "utm_campaign", "from"}));
    EXPECT_FALSE(p->seeds.empty());
    EXPECT_EQ(p->seeds[0], "http://" + p->hosts[0] + "/");
    EXPECT_TRUE(p->fields.count("title"));
    EXPECT_TRUE(p->fields.count("standards"));
    EXPECT_TRUE(p->fields.count("manufacturer.name"));
    EXPECT_TRUE(p->shop_fields.count("credit_code"));
  }
}

TEST(SiteProfile, FieldSourcesInOrder) {
  Result<SiteProfile> p =
      ParseSiteProfile(kHead +
                           "[[fields.title]]\n"
                           "jsonld = \"name\"\n"
                           "[[fields.title]]\n"
                           "selector = \"h1.t\"\n"
                           "[[fields.standards]]\n"
                           "table = { rows = \"ul li\", key = \".k\", value = \".v\" }\n"
                           "keys = [\"执行标准\", \"产品标准\"]\n"
                           "split = \"[、,]\"\n"
                           "[[fields.shop.name]]\n"
                           "selector = \"a.shop\"\n",
                       "t.toml");
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  ASSERT_EQ(p->fields["title"].size(), 2u);
  EXPECT_EQ(p->fields["title"][0].kind, FieldSource::Kind::kJsonLd);
  EXPECT_EQ(p->fields["title"][1].selector, "h1.t");
  const FieldSource& st = p->fields["standards"][0];
  EXPECT_EQ(st.kind, FieldSource::Kind::kTable);
  EXPECT_EQ(st.selector, "ul li");
  EXPECT_EQ(st.key_selector, ".k");
  EXPECT_EQ(st.keys.size(), 2u);
  EXPECT_EQ(st.line, 8);
  EXPECT_TRUE(p->fields.count("shop.name"));
}

TEST(SiteProfile, BadRegexNamesFileLineAndKey) {
  std::string e = LoadError(kHead + "list_url_pattern = '^/list/(('\n");
  EXPECT_THAT(e, HasSubstr("t.toml:4: key 'list_url_pattern'"));
  EXPECT_THAT(e, HasSubstr("regular expression"));
  e = LoadError(kHead + "[[fields.ccc]]\nselector = \"td\"\nsplit = \"[\"\n");
  EXPECT_THAT(e, HasSubstr("t.toml:6: key 'fields.ccc[0].split'"));
  e = LoadError(kHead + "deny = ['^/ok', '(?<x']\n");
  EXPECT_THAT(e, HasSubstr("t.toml:4: key 'deny[1]'"));
}

TEST(SiteProfile, ItemPatternNeedsOneCaptureGroup) {
  std::string e =
      LoadError("id = \"demo\"\nhosts = [\"x.test\"]\nitem_url_pattern = '^/item/\\d+'\n");
  EXPECT_THAT(e, HasSubstr("t.toml:3: key 'item_url_pattern'"));
  EXPECT_THAT(e, HasSubstr("capturing group"));
  e = LoadError(kHead + "shop_url_pattern = '^/(shop)/(\\w+)'\n");
  EXPECT_THAT(e, HasSubstr("t.toml:4: key 'shop_url_pattern'"));
}

TEST(SiteProfile, BadSelectorNamesFileLineAndKey) {
  std::string e = LoadError(kHead + "[[fields.title]]\nselector = \"h1 >\"\n");
  EXPECT_THAT(e, HasSubstr("t.toml:5: key 'fields.title[0].selector'"));
  EXPECT_THAT(e, HasSubstr("selector 'h1 >'"));
  e = LoadError(
      kHead +
      "[[fields.brand]]\ntable = { rows = \"tr\", key = \"th:hover\" }\nkeys = [\"品牌\"]\n");
  EXPECT_THAT(e, HasSubstr("t.toml:5: key 'fields.brand[0].table.key'"));
}

TEST(SiteProfile, UnknownKeysAndFieldsAreRejected) {
  EXPECT_THAT(LoadError(kHead + "max_dept = 3\n"),
              HasSubstr("t.toml:4: key 'max_dept': unknown key"));
  EXPECT_THAT(LoadError(kHead + "[[fields.title]]\nselektor = \"h1\"\n"),
              HasSubstr("t.toml:5: key 'fields.title[0].selektor': unknown key"));
  EXPECT_THAT(LoadError(kHead + "[[fields.colour]]\nselector = \"h1\"\n"),
              HasSubstr("key 'fields.colour': unknown field 'colour'"));
  EXPECT_THAT(LoadError(kHead + "[[shop.fields.owner]]\nselector = \"h1\"\n"),
              HasSubstr("unknown field 'owner'"));
}

TEST(SiteProfile, WrongTypesAreRejected) {
  EXPECT_THAT(LoadError(kHead + "concurrency = \"4\"\n"),
              HasSubstr("t.toml:4: key 'concurrency': expected an integer"));
  EXPECT_THAT(LoadError(kHead + "hosts2 = 1\n"), HasSubstr("unknown key"));
  EXPECT_THAT(LoadError("id = \"demo\"\nhosts = 3\nitem_url_pattern = '(x)'\n"),
              HasSubstr("t.toml:2: key 'hosts': expected a string or an array of strings"));
  EXPECT_THAT(LoadError(kHead + "[fields]\ntitle = \"h1\"\n"),
              HasSubstr("t.toml:5: key 'fields.title': expected an array of tables"));
  EXPECT_THAT(LoadError(kHead + "[[fields.title]]\njsonld = 3\n"),
              HasSubstr("t.toml:5: key 'fields.title[0].jsonld': expected a string"));
  EXPECT_THAT(LoadError(kHead + "min_delay_s = -1\n"), HasSubstr("key 'min_delay_s'"));
  EXPECT_THAT(LoadError(kHead + "default_charset = \"klingon\"\n"),
              HasSubstr("key 'default_charset'"));
}

TEST(SiteProfile, SourceShapeErrors) {
  EXPECT_THAT(LoadError(kHead + "[[fields.title]]\njsonld = \"name\"\nselector = \"h1\"\n"),
              HasSubstr("needs exactly one of"));
  EXPECT_THAT(LoadError(kHead + "[[fields.brand]]\ntable = { rows = \"tr\" }\n"),
              HasSubstr("needs 'keys'"));
  EXPECT_THAT(LoadError(kHead + "[[fields.title]]\njsonld = \"a..b\"\n"),
              HasSubstr("key 'fields.title[0].jsonld': JSON path"));
  EXPECT_THAT(LoadError(kHead + "[[fields.title]]\nembedded = \"item.title\"\n"),
              HasSubstr("embedded_state_pattern"));
  EXPECT_THAT(LoadError(kHead + "[[fields.title]]\nselector = \"h1\"\ncapture = \"x\"\n"),
              HasSubstr("capturing group"));
}

TEST(SiteProfile, ExampleInDocSitesMdLoads) {
  std::ifstream in(std::string(SHOUHU_SOURCE_DIR) + "/doc/sites.md");
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string doc = ss.str();
  size_t b = doc.find("   ```toml\n   id = \"tongle\"");
  ASSERT_NE(b, std::string::npos);
  b = doc.find('\n', b) + 1;
  size_t e = doc.find("   ```", b);
  ASSERT_NE(e, std::string::npos);
  std::string toml;
  std::istringstream lines(doc.substr(b, e - b));
  for (std::string line; std::getline(lines, line);)
    toml += (line.rfind("   ", 0) == 0 ? line.substr(3) : line) + "\n";
  Result<SiteProfile> p = ParseSiteProfile(toml, "sites.md");
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ(p->id, "tongle");
  EXPECT_EQ(p->fields.count("price.currency"), 1u);
}

TEST(SiteProfile, MissingFileAndSyntaxError) {
  Result<SiteProfile> p = LoadSiteProfile(kSites + "no-such-site.toml");
  EXPECT_EQ(p.status().code(), StatusCode::kIoError);
  EXPECT_THAT(LoadError("id = \n"), HasSubstr("t.toml:1"));
  EXPECT_THAT(LoadError("hosts = [\"x\"]\nitem_url_pattern = '(x)'\n"),
              HasSubstr("missing required key 'id'"));
}

}  // namespace
}  // namespace shouhu::parsers
