#include "app/sweep.h"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "app/progress.h"
#include "app/rules_commands.h"
#include "app/shop_directory.h"
#include "app/summary.h"
#include "app/sweep_journal.h"
#include "crawler/fetcher.h"
#include "parsers/page_extractor.h"
#include "rules/rule_engine.h"
#include "storage/database.h"
#include "storage/evidence_store.h"
#include "storage/writer_thread.h"

namespace shouhu::app {
namespace fs = std::filesystem;

namespace {

// Counters the workers and the writer update while the sweep runs.
struct Counters {
  std::atomic<int64_t> pages{0}, item_pages{0}, shops{0}, parse_errors{0}, storage_errors{0},
      new_versions{0}, listings_with_shop{0};
};

// The first few problems of each kind go to stderr; the rest are only counted,
// so a broken site cannot flood the terminal.
class ProblemLog {
 public:
  void Report(const std::string& what) {
    std::lock_guard<std::mutex> lock(mu_);
    if (++count_ <= kMaxLines) std::cerr << "shouhu: " << what << "\n";
    if (count_ == kMaxLines) std::cerr << "shouhu: (further problems are counted, not printed)\n";
  }

 private:
  static constexpr int kMaxLines = 20;
  std::mutex mu_;
  int count_ = 0;
};

std::string CaptureDate(const SweepConfig& config, const std::string& fetched_at) {
  if (config.at_date) return *config.at_date;
  return fetched_at.size() >= 10 ? fetched_at.substr(0, 10) : TodayUtc();
}

// Marks a page whose results need no storage of their own (list pages, failures).
void MarkStoredLater(StorageWriter& writer, int64_t sweep, const std::string& url) {
  writer.Push([sweep, url](Database& db) { return SweepJournal::MarkStored(db, sweep, url); });
}

CaptureRecord ToCapture(const crawler::FetchResult& r, std::string metadata_json) {
  CaptureRecord c;
  c.url = r.final_url.empty() ? r.url : r.final_url;
  c.remote_ip = r.remote_ip;
  c.fetched_at = r.fetched_at;
  c.request_head = r.request_head;
  c.response_head = r.response_head;
  c.body = r.body;
  c.metadata_json = std::move(metadata_json);
  return c;
}

}  // namespace

Result<SweepReport> RunSweep(const SweepConfig& config, std::atomic<bool>* stop) {
  const auto started = std::chrono::steady_clock::now();
  if (config.sites.empty()) return InvalidArgument("sweep '" + config.name + "': no sites");
  std::error_code ec;
  if (fs::path db_dir = fs::path(config.db_path).parent_path(); !db_dir.empty())
    fs::create_directories(db_dir, ec);
  fs::create_directories(config.warc_dir, ec);
  if (ec) return IoError(config.warc_dir + ": " + ec.message());

  // Everything that can fail on bad input fails here, before the first fetch.
  auto engine_or = rules::RuleEngine::LoadDir(config.rules_dir);
  if (!engine_or.ok()) return engine_or.status();
  std::shared_ptr<const rules::RuleEngine> engine = std::move(engine_or).value();
  auto opened = Database::Open(config.db_path);
  if (!opened.ok()) return opened.status();
  // Running the same sweep again continues it where it was interrupted: the
  // newest sweep of this name still marked running, with the frontier it wrote.
  Result<int64_t> sweep_id = int64_t{0};
  crawler::ResumeState resume;
  std::vector<ShopRecord> resumed_shops;  // shop pages the interrupted run already stored
  auto interrupted = (*opened)->LatestRunningSweep(config.name);
  if (!interrupted.ok()) return interrupted.status();
  if (*interrupted) {
    sweep_id = (*interrupted)->id;
    if (Status st = (*opened)->ReopenSweep(*sweep_id); !st.ok()) return st;
    auto stored_shops = (*opened)->ShopsOfSweep(*sweep_id);
    if (!stored_shops.ok()) return stored_shops.status();
    resumed_shops = std::move(stored_shops).value();
  } else if (config.require_resume) {
    return NotFound(config.db_path + ": no interrupted sweep named '" + config.name +
                    "' to resume");
  } else {
    sweep_id = (*opened)->BeginSweep(config.name, NowRfc3339());
    if (!sweep_id.ok()) return sweep_id.status();
  }
  // The frontier's read side: a second connection, read-only, for the crawl loop.
  auto frontier_reader = FrontierReader::Open(config.db_path, *sweep_id);
  if (!frontier_reader.ok()) return frontier_reader.status();
  if (*interrupted) {
    auto state = SweepJournal::ResumeFrom(**frontier_reader);
    if (!state.ok()) return state.status();
    resume = std::move(state).value();
  }
  // Rules context (registry snapshot, certificate usage of earlier sweeps, imported watchlist).
  auto rules_context = SweepRulesContext::Load(**opened, *engine);
  if (!rules_context.ok()) return rules_context.status();
  std::shared_ptr<const SweepRulesContext> rules_ctx = std::move(rules_context).value();
  EvidenceStore::Options evidence_options;
  evidence_options.dir = config.warc_dir;
  evidence_options.operator_name = config.operator_name;
  evidence_options.sync_each_capture = false;  // the writer syncs once per batch, before it commits
  auto store = EvidenceStore::Open(**opened, evidence_options);
  if (!store.ok()) return store.status();
  // 256 queued tasks: each may hold a page (~100-200 KB), so the writer's backlog
  // stays under ~50 MB; a slower disk holds the workers back instead of growing memory.
  StorageWriter::Options writer_options;
  writer_options.queue_capacity = 256;
  std::unique_ptr<EvidenceStore> evidence_store = std::move(store).value();
  EvidenceStore* evidence_ptr = evidence_store.get();
  writer_options.hook = evidence_ptr;
  StorageWriter writer(std::move(opened).value(), writer_options);

  SweepReport report;
  report.sweep_id = *sweep_id;
  report.resumed = static_cast<bool>(*interrupted);
  for (const crawler::ResumeState::Queue& q : resume.queues)
    report.resumed_queued += static_cast<int64_t>(q.count);
  report.db_path = config.db_path;
  report.warc_dir = config.warc_dir;
  auto counters = std::make_shared<Counters>();
  auto problems = std::make_shared<ProblemLog>();
  const int64_t sweep = *sweep_id;

  // Runs on the crawler's worker threads: extraction and rules are pure; every
  // write goes to the single writer thread (Push blocks when it falls behind).
  // Seller licence data from shop pages, joined into each listing before its rules run.
  auto shops = std::make_shared<ShopDirectory>();
  for (const ShopRecord& stored : resumed_shops) {
    auto j = nlohmann::json::parse(stored.data_json, nullptr, /*allow_exceptions=*/false);
    if (!j.is_object()) continue;
    ShopData data;
    data.url = stored.url;
    auto text = [&](const char* key) -> std::optional<std::string> {
      auto it = j.find(key);
      if (it == j.end() || !it->is_string()) return std::nullopt;
      return it->get<std::string>();
    };
    data.seller.company = text("company");
    data.seller.address = text("address");
    data.seller.credit_code = text("credit_code");
    data.seller.license_no = text("license_no");
    data.seller.region_code = text("region_code");
    shops->Publish(stored.site, stored.shop_id, std::move(data));
  }

  crawler::PageProcessor processor =
      [&config, &writer, evidence_ptr, engine, rules_ctx, shops, counters, problems, sweep](
          int site_index, const crawler::FetchResult& r) -> crawler::ProcessOutcome {
    const SiteProfile& site = config.sites[static_cast<size_t>(site_index)];
    ++counters->pages;
    FetchRecord fetch;
    fetch.url = r.url;
    fetch.final_url = r.final_url;
    fetch.http_status = r.http_status;
    fetch.bytes = static_cast<int64_t>(r.body.size());
    fetch.error = r.error.ok() ? "" : r.error.ToString();
    fetch.fetched_at = r.fetched_at;
    fetch.elapsed_ms = r.elapsed_ms;
    fetch.attempts = r.attempts;
    writer.Push([fetch, counters, problems, sweep](Database& db) {
      if (Status st = db.StoreFetch(sweep, fetch); !st.ok()) {
        ++counters->storage_errors;
        problems->Report(st.ToString());
      }
    });
    if (!r.error.ok() || r.http_status < 200 || r.http_status >= 300) {
      // A shop page that failed for good releases the item pages waiting on it.
      PageTarget target = ClassifyUrl(site, r.url);
      if (target.kind == PageKind::kShop && !target.id.empty())
        shops->Publish(site.id, target.id, std::nullopt);
      MarkStoredLater(writer, sweep, r.url);
      return {};
    }

    FetchedPage page;
    page.url = r.final_url.empty() ? r.url : r.final_url;
    page.content_type = r.content_type;
    page.body = r.body;
    page.fetched_at = r.fetched_at;
    auto extracted = ExtractPage(site, page);
    if (!extracted.ok()) {
      ++counters->parse_errors;
      problems->Report(page.url + ": " + extracted.status().ToString());
      MarkStoredLater(writer, sweep, r.url);
      return {};
    }
    crawler::ProcessOutcome out;
    out.base_url = extracted->base_url.empty() ? page.url : extracted->base_url;
    out.links = std::move(extracted->links);

    if (extracted->kind == PageKind::kItem && extracted->listing) {
      ++counters->item_pages;
      const std::optional<std::string> shop_id = extracted->listing->shop.id;
      // The shop page is where the licence data is: follow the listing's shop
      // link even when the page only names it in script data (the frontier dedupes).
      if (const auto& shop_url = extracted->listing->shop.url; shop_url && !shop_url->empty()) {
        out.links.push_back(*shop_url);
      }
      // Evaluate and store once the shop's licence data is known (or known to be
      // unavailable): the task owns the listing and the exchange it archives.
      auto finish = [&config, &writer, evidence_ptr, engine, rules_ctx, counters, problems, sweep,
                     listing = std::move(*extracted->listing),
                     exchange = std::make_shared<const crawler::FetchResult>(r)](
                        const ShopData* shop) mutable {
        if (shop != nullptr) {
          JoinSeller(&listing, *shop);
          ++counters->listings_with_shop;
        }
        rules::Evaluation ev = engine->Evaluate(listing, CaptureDate(config, exchange->fetched_at),
                                                rules_ctx->context());
        nlohmann::json meta = {{"listing", ListingToJson(listing)},
                               {"product_groups", ev.groups},
                               {"in_scope", ev.in_scope},
                               {"findings", FindingsToJson(ev.findings)}};
        CaptureRecord capture = ToCapture(*exchange, meta.dump());
        writer.Push([evidence_ptr, capture = std::move(capture), listing = std::move(listing),
                     ev = std::move(ev), counters, problems, sweep,
                     frontier_url = exchange->url](Database& db) {
          EvidenceStore& evidence = *evidence_ptr;
          auto ref = evidence.WriteCapture(capture);
          if (!ref.ok()) {
            ++counters->storage_errors;
            problems->Report(capture.url + ": " + ref.status().ToString());
            return;
          }
          auto stored = db.StoreListing(sweep, listing, ev.findings, ev.groups, *ref);
          if (!stored.ok()) {
            ++counters->storage_errors;
            problems->Report(capture.url + ": " + stored.status().ToString());
            return;
          }
          if (stored->new_version) ++counters->new_versions;
          // In the listing's transaction: a resumed sweep never loses this page.
          if (Status st = SweepJournal::MarkStored(db, sweep, frontier_url); !st.ok())
            problems->Report(st.ToString());
        });
      };
      if (shop_id && !shop_id->empty()) {
        shops->WithShop(site.id, *shop_id, std::move(finish));
      } else {
        finish(nullptr);
      }
    } else if (extracted->kind == PageKind::kShop && extracted->seller) {
      ++counters->shops;
      const SellerInfo& s = *extracted->seller;
      nlohmann::json seller = nlohmann::json::object();
      if (s.company) seller["company"] = *s.company;
      if (s.address) seller["address"] = *s.address;
      if (s.credit_code) seller["credit_code"] = *s.credit_code;
      if (s.license_no) seller["license_no"] = *s.license_no;
      if (s.region_code) seller["region_code"] = *s.region_code;
      ShopRecord shop;
      shop.site = site.id;
      shop.shop_id = extracted->shop_id.value_or("");
      shop.name = s.company.value_or("");
      shop.url = page.url;
      shop.data_json = seller.dump();
      shop.fetched_at = r.fetched_at;
      if (extracted->shop_id) shops->Publish(site.id, *extracted->shop_id, ShopData{s, page.url});
      CaptureRecord capture = ToCapture(r, nlohmann::json({{"shop", seller}}).dump());
      writer.Push([evidence_ptr, capture = std::move(capture), shop = std::move(shop), counters,
                   problems, sweep, frontier_url = r.url](Database& db) {
        EvidenceStore& evidence = *evidence_ptr;
        if (auto ref = evidence.WriteCapture(capture); !ref.ok()) {
          ++counters->storage_errors;
          problems->Report(capture.url + ": " + ref.status().ToString());
        }
        if (Status st = db.StoreShop(sweep, shop); !st.ok()) {
          ++counters->storage_errors;
          problems->Report(shop.url + ": " + st.ToString());
          return;
        }
        if (Status st = SweepJournal::MarkStored(db, sweep, frontier_url); !st.ok())
          problems->Report(st.ToString());
      });
    } else {
      MarkStoredLater(writer, sweep, r.url);
    }
    return out;
  };

  // The request log sits next to the database unless the sweep names one.
  crawler::CrawlOptions crawl = config.crawl;
  if (crawl.log_path.empty()) {
    fs::path db = fs::path(config.db_path);
    crawl.log_path = (db.parent_path() /
                      (db.stem().string() + "-sweep-" + std::to_string(sweep) + ".requests.jsonl"))
                         .string();
  }
  report.log_path = crawl.log_path;
  crawler::SweepRunner runner(crawl, {config.sites.begin(), config.sites.end()}, processor);
  SweepJournal journal(writer, sweep, std::move(frontier_reader).value(), resume.last_seq);
  runner.SetJournal(&journal);
  if (report.resumed) runner.Resume(std::move(resume));
  ProgressLine progress(stderr, isatty(STDERR_FILENO) != 0);
  std::atomic<bool> finished{false};
  std::thread stop_watcher([&] {
    while (!finished.load()) {
      if (stop != nullptr && stop->load()) {
        runner.Stop();
        report.interrupted = true;
        return;
      }
      if (config.progress) {
        progress.Update(
            runner.stats(),
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  });
  Status crawled = runner.Run();
  journal.Flush();
  if (Status health = journal.Health(); !health.ok()) problems->Report(health.ToString());
  // Item pages whose shop page never came (out of scope, robots, caps, a stop).
  shops->ReleaseAll();
  finished = true;
  stop_watcher.join();
  if (config.progress) progress.Finish();
  // Task errors were counted and reported as they happened; Flush only waits here.
  (void)writer.Flush();

  report.crawl = runner.stats();
  if (report.resumed)
    report.resumed_finished =
        static_cast<int64_t>(report.crawl.resumed_known) - report.resumed_queued;
  report.pages = counters->pages;
  report.item_pages = counters->item_pages;
  report.shops = counters->shops;
  report.parse_errors = counters->parse_errors;
  report.storage_errors = counters->storage_errors;
  report.new_versions = counters->new_versions;
  report.listings_with_shop = counters->listings_with_shop;
  report.elapsed_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  // Final numbers come from what was committed, not from what was attempted.
  Status summarised = writer.RunAndWait([&](Database& db) -> Status {
    auto listings = db.CountListingsInSweep(sweep);
    if (!listings.ok()) return listings.status();
    report.listings = *listings;
    auto by_cat = db.FindingCountsByCategory(sweep);
    if (!by_cat.ok()) return by_cat.status();
    report.findings_by_category = *by_cat;
    for (const auto& [cat, n] : *by_cat) report.findings += n;
    nlohmann::json stats = {{"pages", report.pages},         {"item_pages", report.item_pages},
                            {"listings", report.listings},   {"findings", report.findings},
                            {"elapsed_s", report.elapsed_s}, {"parse_errors", report.parse_errors}};
    return db.FinishSweep(sweep, NowRfc3339(),
                          report.interrupted || !crawled.ok() ? "interrupted" : "finished",
                          stats.dump());
  });
  Status stopped = writer.Stop();
  if (!summarised.ok()) return summarised;
  if (!stopped.ok()) return stopped;
  if (!crawled.ok() && crawled.code() != StatusCode::kCancelled) return crawled;

  for (const auto& e : fs::directory_iterator(config.warc_dir, ec)) {
    if (e.path().string().ends_with(".warc.gz")) report.warc_files.push_back(e.path().string());
  }
  std::sort(report.warc_files.begin(), report.warc_files.end());
  return report;
}

}  // namespace shouhu::app
