#include "crawler/scope.h"

#include <re2/re2.h>

#include <tuple>
#include <unordered_map>

#include "base/strings.h"

namespace shouhu::crawler {

struct CrawlScopes::Compiled {
  struct Site {
    std::vector<std::unique_ptr<RE2>> allow, deny;
    std::unique_ptr<RE2> item, list, shop;
  };
  std::vector<Site> sites;
  std::unordered_map<std::string, int> host_to_site;  // lower-case host -> site
};

CrawlScopes::CrawlScopes(CrawlScopes&&) noexcept = default;
CrawlScopes& CrawlScopes::operator=(CrawlScopes&&) noexcept = default;
CrawlScopes::~CrawlScopes() = default;

Result<CrawlScopes> CrawlScopes::Compile(std::vector<config::CrawlScope> sites) {
  RE2::Options re_opts;
  re_opts.set_log_errors(false);
  CrawlScopes out;
  out.compiled_ = std::make_unique<Compiled>();
  Compiled& c = *out.compiled_;
  c.sites.resize(sites.size());
  auto compile = [&](const config::CrawlScope& site, const std::string& what,
                     const std::string& pattern, std::unique_ptr<RE2>* re_out) -> Status {
    auto re = std::make_unique<RE2>(pattern, re_opts);
    if (!re->ok()) {
      return ConfigInvalid(site.file + ": site '" + site.id + "': " + what + " pattern '" +
                           pattern + "': " + re->error());
    }
    *re_out = std::move(re);
    return Status::Ok();
  };
  for (size_t i = 0; i < sites.size(); ++i) {
    const config::CrawlScope& s = sites[i];
    Compiled::Site& r = c.sites[i];
    for (const std::string& p : s.allow) {
      if (Status st = compile(s, "allow", p, &r.allow.emplace_back()); !st.ok()) return st;
    }
    for (const std::string& p : s.deny) {
      if (Status st = compile(s, "deny", p, &r.deny.emplace_back()); !st.ok()) return st;
    }
    for (auto [what, pattern, re] :
         {std::tuple{"item_url_pattern", &s.item_url_pattern, &r.item},
          std::tuple{"list_url_pattern", &s.list_url_pattern, &r.list},
          std::tuple{"shop_url_pattern", &s.shop_url_pattern, &r.shop}}) {
      if (pattern->empty()) continue;
      if (Status st = compile(s, what, *pattern, re); !st.ok()) return st;
    }
    for (const std::string& h : s.hosts) c.host_to_site.emplace(AsciiLower(h), static_cast<int>(i));
  }
  out.sites_ = std::move(sites);
  return out;
}

std::optional<ScopedUrl> CrawlScopes::Classify(const Url& url, bool apply_patterns,
                                               int fallback_site) const {
  if (url.scheme != "http" && url.scheme != "https") return std::nullopt;
  ScopedUrl out;
  auto it = compiled_->host_to_site.find(url.host);
  if (it != compiled_->host_to_site.end()) {
    out.site = it->second;
  } else if (fallback_site >= 0) {
    out.site = fallback_site;
  } else {
    return std::nullopt;
  }
  const config::CrawlScope& site = sites_[static_cast<size_t>(out.site)];
  const Compiled::Site& r = compiled_->sites[static_cast<size_t>(out.site)];
  out.url = Canonicalize(url, site.tracking_params);
  out.origin = url.Origin();
  const std::string pq = RobotsPathFromUrl(out.url);
  if (apply_patterns) {
    for (const auto& re : r.deny) {
      if (RE2::PartialMatch(pq, *re)) return std::nullopt;
    }
    if (!r.allow.empty()) {
      bool any = false;
      for (const auto& re : r.allow) {
        if (RE2::PartialMatch(pq, *re)) {
          any = true;
          break;
        }
      }
      if (!any) return std::nullopt;
    }
  }
  if (r.item && RE2::PartialMatch(pq, *r.item)) {
    out.priority = UrlPriority::kItem;
  } else if (r.shop && RE2::PartialMatch(pq, *r.shop)) {
    out.priority = UrlPriority::kShop;
  } else if (r.list && RE2::PartialMatch(pq, *r.list)) {
    out.priority = UrlPriority::kList;
  } else {
    out.priority = UrlPriority::kOther;
  }
  return out;
}

}  // namespace shouhu::crawler
