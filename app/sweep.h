// A sweep: crawl the configured sites, extract listings, evaluate the rule pack,
// store listings and findings and fix every item and shop page as WARC evidence.
//
// This is the wiring of DESIGN §2: the crawler's SweepRunner fetches on its event
// loop and calls the page processor on its worker pool; the processor extracts and
// evaluates (pure functions) and hands storage work to the single StorageWriter
// thread, whose bounded queue pushes back on the workers when the disk falls behind.
#ifndef SHOUHU_APP_SWEEP_H_
#define SHOUHU_APP_SWEEP_H_

#include <atomic>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "crawler/sweep_runner.h"
#include "parsers/site_profile.h"

namespace shouhu::app {

struct SweepConfig {
  std::string name = "sweep";
  std::string db_path = "shouhu.db";
  std::string warc_dir = "warc";
  std::string rules_dir = "config/rules";
  std::optional<std::string> at_date;  // evaluate rules at this date instead of the capture date
  std::string operator_name = "shouhu";
  bool progress = false;
  bool require_resume = false;  // fail (kNotFound) unless there is an interrupted sweep to continue
                                // // a live progress line on stderr (in place on a terminal)
  std::vector<SiteProfile> sites;
  crawler::CrawlOptions crawl;
};

// Loads a sweep file (doc/design.md "Sweep files"): [sweep] name/db/warc_dir/rules,
// [crawl] options, [[site]] profile paths (relative to the sweep file) with optional
// seed overrides. Errors name file, line and key.
Result<SweepConfig> LoadSweepConfig(const std::string& path);

struct SweepReport {
  int64_t sweep_id = 0;
  bool resumed = false;          // continued an interrupted sweep of the same name
  int64_t resumed_finished = 0;  // URLs it had finished
  int64_t resumed_queued = 0;    // URLs it had still to fetch
  int64_t pages = 0;             // completed fetches handed to the processor
  int64_t item_pages = 0;
  int64_t listings = 0;      // distinct listings stored in this sweep
  int64_t new_versions = 0;  // listing versions added (unchanged pages add none)
  int64_t shops = 0;
  int64_t listings_with_shop = 0;  // item pages evaluated with their shop page's licence data
  int64_t parse_errors = 0;
  int64_t storage_errors = 0;
  std::map<std::string, int64_t> findings_by_category;  // findings stored in this sweep
  int64_t findings = 0;
  double elapsed_s = 0;
  crawler::CrawlStats crawl;
  std::string db_path, warc_dir;
  std::string log_path;  // JSON Lines, one per request (crawl.log_path or next to the database)
  std::vector<std::string> warc_files;
  bool interrupted = false;
};

// Runs one sweep to completion or until *stop becomes true. A sweep of the same
// name that is still marked running in the database (killed, or stopped) is
// continued from its recorded frontier instead of starting a new one.
// Stops early when *stop becomes true (checked by a watcher;
// in-flight work is finished and flushed). stop may be null.
Result<SweepReport> RunSweep(const SweepConfig& config, std::atomic<bool>* stop);

}  // namespace shouhu::app

#endif  // SHOUHU_APP_SWEEP_H_
