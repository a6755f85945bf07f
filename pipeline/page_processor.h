// PageProcessor: one fetched page of a sweep in, its stored results out
// (doc/design.md §2, the worker side of the pipeline).
//
// For every page's final fetch result it stores a fetch row; for an item page
// it extracts the Listing (parsers/), joins the seller licence data of the
// listing's shop page (ShopDirectory; an item page whose shop page is not in
// yet waits for it, about one round trip), evaluates the rule pack (rules/)
// and hands the writer one task that writes the WARC records (evidence) and
// stores the listing version with its findings and evidence reference; for a
// shop page it stores the shop and its capture. Every page is also marked
// stored in the sweep's frontier journal — for item pages in the same
// transaction as the listing, so a resumed sweep neither loses nor repeats it.
// It returns the page's links for the frontier.
//
// Extraction and rules are pure and run on the calling (worker) thread; every
// write goes through the single StorageWriter, whose bounded queue holds the
// workers back when the disk falls behind. No network: a test feeds it
// FetchResults and reads the database.
//
// Thread-safety: Process() from any number of threads at once.
#ifndef SHOUHU_PIPELINE_PAGE_PROCESSOR_H_
#define SHOUHU_PIPELINE_PAGE_PROCESSOR_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "crawler/fetch_result.h"
#include "crawler/sweep_runner.h"
#include "evidence/evidence_store.h"
#include "parsers/site_profile.h"
#include "pipeline/rules_context.h"
#include "pipeline/shop_directory.h"
#include "rules/rule_engine.h"
#include "storage/writer_thread.h"

namespace shouhu::pipeline {

// What the processor (and the writer tasks it queues) counted.
struct SweepCounters {
  std::atomic<int64_t> pages{0};         // final fetch results processed
  std::atomic<int64_t> item_pages{0};    // of them, item pages with a listing
  std::atomic<int64_t> shops{0};         // shop pages with seller data
  std::atomic<int64_t> parse_errors{0};  // pages the extractor refused
  std::atomic<int64_t> storage_errors{0};
  std::atomic<int64_t> new_versions{0};        // listing versions added
  std::atomic<int64_t> listings_with_shop{0};  // evaluated with their shop's licence data
};

// Where problems (a page the extractor refuses, a write that fails) are
// reported as they happen; they are counted either way.
using ProblemSink = std::function<void(const std::string& problem)>;
// The first `max_lines` problems on stderr, then a note that the rest are only counted.
ProblemSink StderrProblems(int max_lines = 20);

class PageProcessor {
 public:
  struct Context {
    const std::vector<parsers::SiteProfile>* sites = nullptr;  // the sweep's, by runner site index
    std::optional<std::string> at_date;  // rules date instead of the capture date
    int64_t sweep = 0;
    storage::StorageWriter* writer = nullptr;
    evidence::EvidenceStore* evidence =
        nullptr;  // touched only by writer tasks (the writer thread)
    std::shared_ptr<const rules::RuleEngine> engine;
    std::shared_ptr<const SweepRulesContext> rules;
    ShopDirectory* shops = nullptr;
    ProblemSink problems;  // empty: StderrProblems()
  };

  // REQUIRES: every pointer in `context` outlives the processor and its queued tasks.
  explicit PageProcessor(Context context);

  crawler::ProcessOutcome Process(int site, const crawler::FetchResult& result);
  // As a crawler::PageProcessor for the SweepRunner.
  crawler::PageProcessor AsCallback();

  const SweepCounters& counters() const { return *counters_; }

 private:
  void StoreFetch(const crawler::FetchResult& r);
  // A page whose results need no storage of their own (list pages, failures).
  void MarkStoredLater(const std::string& frontier_url);
  void ProcessItem(const parsers::SiteProfile& site, const crawler::FetchResult& r,
                   Listing listing);
  void ProcessShop(const parsers::SiteProfile& site, const crawler::FetchResult& r,
                   const std::string& page_url, const std::optional<std::string>& shop_id,
                   const std::optional<std::string>& shop_name, const SellerInfo& seller);
  void Problem(const std::string& what) const;

  Context ctx_;
  std::shared_ptr<SweepCounters> counters_ = std::make_shared<SweepCounters>();
};

}  // namespace shouhu::pipeline

#endif  // SHOUHU_PIPELINE_PAGE_PROCESSOR_H_
