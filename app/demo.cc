#include "app/demo.h"

#include <algorithm>
#include <filesystem>

namespace shouhu::app {
namespace fs = std::filesystem;

std::string WithPort(const std::string& url, int port) {
  auto scheme_end = url.find("://");
  if (scheme_end == std::string::npos) return url;
  auto host_begin = scheme_end + 3;
  auto host_end = url.find_first_of(":/?#", host_begin);
  if (host_end == std::string::npos) host_end = url.size();
  if (host_end < url.size() && url[host_end] == ':') return url;
  return url.substr(0, host_end) + ":" + std::to_string(port) + url.substr(host_end);
}

Result<std::vector<SiteProfile>> LoadProfilesIn(const std::string& sites_dir) {
  std::vector<std::string> files;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(sites_dir, ec)) {
    if (e.path().extension() == ".toml") files.push_back(e.path().string());
  }
  if (ec) return IoError(sites_dir + ": " + ec.message());
  std::sort(files.begin(), files.end());
  std::vector<SiteProfile> out;
  for (const auto& f : files) {
    auto p = LoadSiteProfile(f);
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
  for (SiteProfile& p : *profiles) {
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

}  // namespace shouhu::app
