// SweepConfig: what one sweep is — its name, where it stores (database, WARC
// folder), which rule pack judges it, which sites it crawls and how — loaded
// from a sweep file (doc/design.md "Sweep files") or made for the demo.
//
// Thread-safety: a loaded config is a value; share it read-only.
#ifndef SHOUHU_PIPELINE_SWEEP_CONFIG_H_
#define SHOUHU_PIPELINE_SWEEP_CONFIG_H_

#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "crawler/sweep_runner.h"
#include "parsers/site_profile.h"

namespace shouhu::pipeline {

struct SweepConfig {
  std::string name = "sweep";  // a sweep of the same name still running is continued
  std::string db_path = "shouhu.db";
  std::string warc_dir = "warc";
  std::string rules_dir = "config/rules";
  std::optional<std::string> at_date;  // evaluate rules at this date instead of the capture date
  std::string operator_name = "shouhu";
  bool require_resume = false;  // fail (kNotFound) unless there is an interrupted sweep to continue
  std::vector<parsers::SiteProfile> sites;
  crawler::CrawlOptions crawl;

  // The sites' crawl halves, in order (what the SweepRunner takes).
  std::vector<config::CrawlScope> Scopes() const { return {sites.begin(), sites.end()}; }
};

// Loads a sweep file: [sweep] name/db/warc_dir/rules/operator/at, [crawl]
// options, [[site]] profile paths (relative to the sweep file) with optional
// seed, sitemap and cap overrides. Errors name file, line and key.
Result<SweepConfig> LoadSweepConfig(const std::string& path);

// Loads every *.toml profile in `sites_dir`, sorted by file name.
Result<std::vector<parsers::SiteProfile>> LoadProfilesIn(const std::string& sites_dir);

// "http://host/path" -> "http://host:port/path" (a URL that names a port is kept).
std::string WithPort(const std::string& url, int port);

// The demo sweep (`shouhu demo`, the integration tests): every profile in
// <config_dir>/sites with seeds and sitemaps moved to the loopback market's
// port, the platforms' host names mapped to 127.0.0.1, private addresses
// allowed (the target is loopback by design); database and WARC files in out_dir.
Result<SweepConfig> MakeDemoSweepConfig(const std::string& config_dir, int port,
                                        const std::string& out_dir, int workers);

}  // namespace shouhu::pipeline

#endif  // SHOUHU_PIPELINE_SWEEP_CONFIG_H_
