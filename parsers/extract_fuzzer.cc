// libFuzzer target: extraction of a page with a site profile must never crash, hang
// or leak, whatever the bytes.
//
// Input: either "TOML\n" + a site profile + "\n----\n" + the page (a fuzzed profile:
// the loader must reject it cleanly or the extractor must cope with what it allows),
// or the page alone, with the first byte choosing one of the shipped profiles and the
// second the Content-Type. The page is also run through the structured-data readers
// and the label-value parsers directly.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "parsers/charset.h"
#include "parsers/dom.h"
#include "parsers/label_values.h"
#include "parsers/page_extractor.h"
#include "parsers/profile_check.h"
#include "parsers/site_profile.h"
#include "parsers/structured_data.h"

namespace {

struct Shipped {
  shouhu::parsers::SiteProfile profile;
  std::string url;
};

const std::vector<Shipped>& ShippedProfiles() {
  static const std::vector<Shipped> profiles = [] {
    std::vector<Shipped> out;
    const std::pair<const char*, const char*> sites[] = {
        {"tiantu", "http://mall.tiantu.test/item/6012345678.html"},
        {"kuaigou", "http://m.kuaigou.test/goods/detail?id=6023456789"},
        {"lanmao", "http://www.lanmao.test/product/6034567890.htm"},
        {"tiantu", "http://mall.tiantu.test/shop/s1001"},
        // Profiles of the unseen layouts: pairs, items, groups, skips, maps, scale.
        {"unseen/jd", "https://item.jd.com/100047216583.html"},
        {"unseen/tmall", "https://detail.tmall.com/item.htm?id=680123456789"},
        {"unseen/pdd", "https://mobile.yangkeduo.com/goods.html?goods_id=389217654032"},
        {"unseen/douyin",
         "https://haohuo.jinritemai.com/views/product/item2?id=3612345678901234567"},
    };
    for (const auto& [id, url] : sites) {
      std::string_view name = id;
      std::string path =
          name.rfind("unseen/", 0) == 0
              ? std::string(SHOUHU_SOURCE_DIR) + "/tests/testdata/" + id + "/profile.toml"
              : std::string(SHOUHU_SOURCE_DIR) + "/config/sites/" + id + ".toml";
      auto p = shouhu::parsers::LoadSiteProfile(path);
      if (p.ok()) out.push_back({*p, url});
    }
    return out;
  }();
  return profiles;
}

void Extract(const shouhu::parsers::SiteProfile& profile, const std::string& url,
             std::string_view content_type, std::string_view body) {
  shouhu::parsers::FetchedPage page{url, std::string(content_type), std::string(body),
                                    "2026-11-11T00:00:00Z"};
  shouhu::parsers::ExtractTrace trace;
  auto x = shouhu::parsers::ExtractPage(profile, page, &trace);
  if (x.ok()) (void)shouhu::parsers::FormatProfileCheck(profile, *x, trace);
  if (x.ok() && x->listing) (void)shouhu::ListingToJson(*x->listing).dump();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  if (in.substr(0, 5) == "TOML\n") {
    size_t sep = in.find("\n----\n");
    std::string_view toml =
        in.substr(5, sep == std::string_view::npos ? std::string_view::npos : sep - 5);
    std::string_view body = sep == std::string_view::npos ? std::string_view() : in.substr(sep + 6);
    auto profile = shouhu::parsers::ParseSiteProfile(toml, "fuzz.toml");
    if (profile.ok()) {
      Extract(*profile, "http://x.test/item/1.html", "", body);
      Extract(*profile, "http://x.test/shop/1", "", body);
    }
    return 0;
  }
  const auto& shipped = ShippedProfiles();
  if (size < 2 || shipped.empty()) return 0;
  const Shipped& s = shipped[data[0] % shipped.size()];
  static constexpr std::string_view kTypes[] = {
      "", "text/html; charset=utf-8", "text/html; charset=GBK", "text/html; charset=latin1"};
  std::string_view body = in.substr(2);
  Extract(s.profile, s.url, kTypes[data[1] % 4], body);

  // The readers on their own, over the decoded page.
  shouhu::parsers::DecodedText text = shouhu::parsers::DecodeToUtf8(body, "", "");
  shouhu::parsers::DomLimits limits;
  limits.max_depth = 256;
  shouhu::parsers::Document doc = shouhu::parsers::Document::Parse(text.text, limits);
  shouhu::parsers::MicrodataOptions opt;
  opt.add_text_content = (data[1] & 4) != 0;
  opt.nested = (data[1] & 8) == 0;
  opt.base_url = "http://x.test/a/b";
  (void)shouhu::parsers::ExtractMicrodataItems(doc, opt).dump();
  (void)shouhu::parsers::FindMicrodata(doc, "offers.price");
  for (const auto& j : shouhu::parsers::ParseJsonLdDocuments(text.text)) (void)j.dump();
  (void)shouhu::parsers::FindStandardCodes(text.text);
  (void)shouhu::parsers::ParseAgeMonths(text.text);
  (void)shouhu::parsers::FindCccNumbers(text.text);
  (void)shouhu::parsers::FindCreditCode(text.text);
  (void)shouhu::parsers::CleanSafetyCategory(text.text.substr(0, 256));
  (void)shouhu::parsers::FormatSuggestions(shouhu::parsers::SuggestParameterContainers(text.text));
  return 0;
}
