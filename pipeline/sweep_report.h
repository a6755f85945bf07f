// SweepReport: what one sweep did, as its session finishes it — the numbers
// counted while it ran and, for listings and findings, what was committed.
#ifndef SHOUHU_PIPELINE_SWEEP_REPORT_H_
#define SHOUHU_PIPELINE_SWEEP_REPORT_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "crawler/sweep_runner.h"

namespace shouhu::pipeline {

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
  double elapsed_s = 0;  // on the sweep's clock
  crawler::CrawlStats crawl;
  std::string db_path, warc_dir;
  std::string log_path;  // JSON Lines, one per request (crawl.log_path or next to the database)
  std::vector<std::string> warc_files;
  bool interrupted = false;
};

}  // namespace shouhu::pipeline

#endif  // SHOUHU_PIPELINE_SWEEP_REPORT_H_
