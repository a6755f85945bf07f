// Loading sweep files (TOML) and the demo's sweep. Paths inside a sweep file are
// relative to the file.
#include "pipeline/sweep_config.h"

#include <algorithm>
#include <filesystem>

#include "config/toml_doc.h"

namespace shouhu::pipeline {
namespace fs = std::filesystem;

namespace {

std::string RelativeTo(const std::string& file, const std::string& path) {
  if (path.empty() || fs::path(path).is_absolute()) return path;
  return (fs::path(file).parent_path() / path).lexically_normal().string();
}

template <typename T, typename U>
void SetIf(const std::optional<U>& v, T* out) {
  if (v) *out = static_cast<T>(*v);
}

}  // namespace

Result<SweepConfig> LoadSweepConfig(const std::string& path) {
  auto doc = config::LoadTomlFile(path);
  if (!doc.ok()) return doc.status();
  const config::Node& root = *doc;
  if (Status st = root.CheckKeys({"sweep", "crawl", "site"}); !st.ok()) return st;
  SweepConfig cfg;

  if (const config::Node* s = root.Find("sweep")) {
    if (Status st = s->CheckKeys({"name", "db", "warc_dir", "rules", "operator", "at"}); !st.ok())
      return st;
    std::optional<std::string> v;
    SHOUHU_ASSIGN_OR_RETURN(v, s->GetOptString("name"));
    if (v) cfg.name = *v;
    SHOUHU_ASSIGN_OR_RETURN(v, s->GetOptString("db"));
    if (v) cfg.db_path = RelativeTo(path, *v);
    SHOUHU_ASSIGN_OR_RETURN(v, s->GetOptString("warc_dir"));
    if (v) cfg.warc_dir = RelativeTo(path, *v);
    SHOUHU_ASSIGN_OR_RETURN(v, s->GetOptString("rules"));
    if (v) cfg.rules_dir = RelativeTo(path, *v);
    SHOUHU_ASSIGN_OR_RETURN(v, s->GetOptString("operator"));
    if (v) cfg.operator_name = *v;
    SHOUHU_ASSIGN_OR_RETURN(cfg.at_date, s->GetOptString("at"));
  }

  if (const config::Node* c = root.Find("crawl")) {
    if (Status st =
            c->CheckKeys({"user_agent", "workers", "max_in_flight", "max_retries", "allow_private",
                          "resolve", "politeness", "connect_timeout_ms", "total_timeout_ms",
                          "max_body_bytes", "max_redirects", "frontier_window"});
        !st.ok()) {
      return st;
    }
    std::optional<std::string> ua;
    SHOUHU_ASSIGN_OR_RETURN(ua, c->GetOptString("user_agent"));
    if (ua) cfg.crawl.user_agent = *ua;
    std::optional<int64_t> i;
    SHOUHU_ASSIGN_OR_RETURN(i, c->GetOptInt("workers"));
    SetIf(i, &cfg.crawl.workers);
    SHOUHU_ASSIGN_OR_RETURN(i, c->GetOptInt("max_in_flight"));
    SetIf(i, &cfg.crawl.max_in_flight);
    SHOUHU_ASSIGN_OR_RETURN(i, c->GetOptInt("max_retries"));
    SetIf(i, &cfg.crawl.max_retries);
    SHOUHU_ASSIGN_OR_RETURN(i, c->GetOptInt("connect_timeout_ms"));
    SetIf(i, &cfg.crawl.connect_timeout_ms);
    SHOUHU_ASSIGN_OR_RETURN(i, c->GetOptInt("total_timeout_ms"));
    SetIf(i, &cfg.crawl.total_timeout_ms);
    SHOUHU_ASSIGN_OR_RETURN(i, c->GetOptInt("max_body_bytes"));
    SetIf(i, &cfg.crawl.max_body_bytes);
    SHOUHU_ASSIGN_OR_RETURN(i, c->GetOptInt("max_redirects"));
    SetIf(i, &cfg.crawl.max_redirects);
    SHOUHU_ASSIGN_OR_RETURN(i, c->GetOptInt("frontier_window"));
    if (i && (*i < 2 || *i > 10'000'000)) {
      return c->Find("frontier_window")
          ->Error(StatusCode::kConfigInvalid, "must be between 2 and 10000000");
    }
    SetIf(i, &cfg.crawl.frontier_window);
    std::optional<bool> b;
    SHOUHU_ASSIGN_OR_RETURN(b, c->GetOptBool("allow_private"));
    SetIf(b, &cfg.crawl.allow_private);
    SHOUHU_ASSIGN_OR_RETURN(b, c->GetOptBool("politeness"));
    SetIf(b, &cfg.crawl.politeness);
    SHOUHU_ASSIGN_OR_RETURN(cfg.crawl.resolve, c->GetStringList("resolve"));
    if (cfg.crawl.workers < 1 || cfg.crawl.workers > 64) {
      return c->Find("workers")->Error(StatusCode::kConfigInvalid, "must be between 1 and 64");
    }
  }

  const config::Node* sites = root.Find("site");
  if (sites == nullptr || !sites->is_array() || sites->items.empty()) {
    return ConfigInvalid(path + ":1: key 'site': at least one [[site]] table is required");
  }
  for (const config::Node& s : sites->items) {
    if (!s.is_table()) return s.Error(StatusCode::kConfigInvalid, "expected a [[site]] table");
    if (Status st = s.CheckKeys({"profile", "seeds", "sitemaps", "max_pages", "max_depth"});
        !st.ok())
      return st;
    std::string profile_path;
    SHOUHU_ASSIGN_OR_RETURN(profile_path, s.GetString("profile"));
    auto profile = parsers::LoadSiteProfile(RelativeTo(path, profile_path));
    if (!profile.ok()) {
      return Status(profile.status().code(),
                    s.Find("profile")->Where() + ": " + profile.status().message());
    }
    std::vector<std::string> seeds;
    SHOUHU_ASSIGN_OR_RETURN(seeds, s.GetStringList("seeds"));
    if (!seeds.empty()) profile->seeds = seeds;
    if (s.Find("sitemaps") != nullptr) {  // present, even empty, replaces the profile's
      SHOUHU_ASSIGN_OR_RETURN(profile->sitemaps, s.GetStringList("sitemaps"));
    }
    std::optional<int64_t> i;
    SHOUHU_ASSIGN_OR_RETURN(i, s.GetOptInt("max_pages"));
    SetIf(i, &profile->max_pages);
    SHOUHU_ASSIGN_OR_RETURN(i, s.GetOptInt("max_depth"));
    SetIf(i, &profile->max_depth);
    cfg.sites.push_back(std::move(profile).value());
  }
  return cfg;
}

std::string WithPort(const std::string& url, int port) {
  auto scheme_end = url.find("://");
  if (scheme_end == std::string::npos) return url;
  auto host_begin = scheme_end + 3;
  auto host_end = url.find_first_of(":/?#", host_begin);
  if (host_end == std::string::npos) host_end = url.size();
  if (host_end < url.size() && url[host_end] == ':') return url;
  return url.substr(0, host_end) + ":" + std::to_string(port) + url.substr(host_end);
}

Result<std::vector<parsers::SiteProfile>> LoadProfilesIn(const std::string& sites_dir) {
  std::vector<std::string> files;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(sites_dir, ec)) {
    if (e.path().extension() == ".toml") files.push_back(e.path().string());
  }
  if (ec) return IoError(sites_dir + ": " + ec.message());
  std::sort(files.begin(), files.end());
  std::vector<parsers::SiteProfile> out;
  for (const auto& f : files) {
    auto p = parsers::LoadSiteProfile(f);
    if (!p.ok()) return p.status();
    out.push_back(std::move(p).value());
  }
  if (out.empty()) return NotFound(sites_dir + ": no site profiles (*.toml)");
  return out;
}

Result<SweepConfig> MakeDemoSweepConfig(const std::string& config_dir, int port,
                                        const std::string& out_dir, int workers) {
  SweepConfig config;
  config.name = "demo";
  config.db_path = (fs::path(out_dir) / "shouhu.db").string();
  config.warc_dir = (fs::path(out_dir) / "warc").string();
  config.rules_dir = config_dir + "/rules";
  auto profiles = LoadProfilesIn(config_dir + "/sites");
  if (!profiles.ok()) return profiles.status();
  for (parsers::SiteProfile& p : *profiles) {
    for (auto& s : p.seeds) s = WithPort(s, port);
    for (auto& s : p.sitemaps) s = WithPort(s, port);
    for (const auto& h : p.hosts)
      config.crawl.resolve.push_back(h + ":" + std::to_string(port) + ":127.0.0.1");
  }
  config.sites = std::move(profiles).value();
  config.crawl.allow_private = true;
  config.crawl.workers = workers;
  return config;
}

}  // namespace shouhu::pipeline
