// The demo sweep's configuration: every profile in config/sites/, seeds and
// sitemaps moved to the loopback market's port, the platforms' host names mapped
// to 127.0.0.1, private addresses allowed (the target is loopback by design).
#ifndef SHOUHU_APP_DEMO_H_
#define SHOUHU_APP_DEMO_H_

#include <string>
#include <vector>

#include "app/sweep.h"

namespace shouhu::app {

// Loads every *.toml profile in `sites_dir`, sorted by file name.
Result<std::vector<SiteProfile>> LoadProfilesIn(const std::string& sites_dir);

// "http://host/path" -> "http://host:port/path" (a URL that names a port is kept).
std::string WithPort(const std::string& url, int port);

Result<SweepConfig> MakeDemoSweepConfig(const std::string& config_dir, int port,
                                        const std::string& out_dir, int workers);

}  // namespace shouhu::app

#endif  // SHOUHU_APP_DEMO_H_
