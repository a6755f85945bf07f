#include "pipeline/sweep_session.h"

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "base/time.h"
#include "rules/rule_engine.h"
#include "storage/database.h"
#include "storage/frontier_reader.h"

namespace shouhu::pipeline {
namespace fs = std::filesystem;

namespace {

// Seller licence data of the shop pages an interrupted run already stored, so
// its remaining item pages are joined as they would have been.
void PublishStoredShops(const std::vector<storage::ShopRecord>& stored_shops,
                        ShopDirectory* shops) {
  for (const storage::ShopRecord& stored : stored_shops) {
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
    data.name = text("shop_name");
    shops->Publish(stored.site, stored.shop_id, std::move(data));
  }
}

}  // namespace

Result<std::unique_ptr<SweepSession>> SweepSession::Open(const SweepConfig& config,
                                                         crawler::Clock& clock,
                                                         ProblemSink problems) {
  if (config.sites.empty()) return InvalidArgument("sweep '" + config.name + "': no sites");
  std::unique_ptr<SweepSession> s(new SweepSession(config, clock));
  s->started_ = clock.Now();
  s->problems_ = problems ? std::move(problems) : StderrProblems();
  std::error_code ec;
  if (fs::path db_dir = fs::path(config.db_path).parent_path(); !db_dir.empty())
    fs::create_directories(db_dir, ec);
  fs::create_directories(config.warc_dir, ec);
  if (ec) return IoError(config.warc_dir + ": " + ec.message());

  auto engine_or = rules::RuleEngine::LoadDir(config.rules_dir);
  if (!engine_or.ok()) return engine_or.status();
  std::shared_ptr<const rules::RuleEngine> engine = std::move(engine_or).value();
  auto opened = storage::Database::Open(config.db_path);
  if (!opened.ok()) return opened.status();
  storage::Database& db = **opened;
  // Running the same sweep again continues it where it was interrupted: the
  // newest sweep of this name still marked running, with the frontier it wrote.
  std::vector<storage::ShopRecord> resumed_shops;
  auto interrupted = db.LatestRunningSweep(config.name);
  if (!interrupted.ok()) return interrupted.status();
  if (*interrupted) {
    s->sweep_id_ = (*interrupted)->id;
    s->resumed_ = true;
    if (Status st = db.ReopenSweep(s->sweep_id_); !st.ok()) return st;
    auto stored_shops = db.ShopsOfSweep(s->sweep_id_);
    if (!stored_shops.ok()) return stored_shops.status();
    resumed_shops = std::move(stored_shops).value();
  } else if (config.require_resume) {
    return NotFound(config.db_path + ": no interrupted sweep named '" + config.name +
                    "' to resume");
  } else {
    auto id = db.BeginSweep(config.name, FormatRfc3339Millis(clock.WallNow()));
    if (!id.ok()) return id.status();
    s->sweep_id_ = *id;
  }
  // The frontier's read side: a second connection, read-only, for the crawl loop.
  auto frontier_reader = storage::FrontierReader::Open(config.db_path, s->sweep_id_);
  if (!frontier_reader.ok()) return frontier_reader.status();
  uint64_t last_seq = 0;
  if (s->resumed_) {
    auto state = SweepJournal::ResumeFrom(**frontier_reader);
    if (!state.ok()) return state.status();
    for (const crawler::ResumeState::Queue& q : state->queues)
      s->resumed_queued_ += static_cast<int64_t>(q.count);
    last_seq = state->last_seq;
    s->resume_ = std::move(state).value();
  }
  auto rules_context = SweepRulesContext::Load(db, *engine);
  if (!rules_context.ok()) return rules_context.status();
  s->rules_ = std::move(rules_context).value();
  evidence::EvidenceStore::Options evidence_options;
  evidence_options.dir = config.warc_dir;
  evidence_options.operator_name = config.operator_name;
  evidence_options.sync_each_capture = false;  // the writer syncs once per batch, before it commits
  auto store = evidence::EvidenceStore::Open(db, evidence_options);
  if (!store.ok()) return store.status();
  s->evidence_ = std::move(store).value();

  // 256 queued tasks: each may hold a page (~100-200 KB), so the writer's backlog
  // stays under ~50 MB; a slower disk holds the workers back instead of growing memory.
  storage::StorageWriter::Options writer_options;
  writer_options.queue_capacity = 256;
  writer_options.hook = s->evidence_.get();
  s->writer_ = std::make_unique<storage::StorageWriter>(std::move(opened).value(), writer_options);
  s->journal_ = std::make_unique<SweepJournal>(*s->writer_, s->sweep_id_,
                                               std::move(frontier_reader).value(), last_seq);
  s->shops_ = std::make_unique<ShopDirectory>();
  PublishStoredShops(resumed_shops, s->shops_.get());

  PageProcessor::Context pc;
  pc.sites = &s->config_.sites;
  pc.at_date = config.at_date;
  pc.sweep = s->sweep_id_;
  pc.writer = s->writer_.get();
  pc.evidence = s->evidence_.get();
  pc.engine = std::move(engine);
  pc.rules = s->rules_;
  pc.shops = s->shops_.get();
  pc.problems = s->problems_;
  s->processor_ = std::make_unique<PageProcessor>(std::move(pc));

  s->crawl_ = config.crawl;
  if (s->crawl_.log_path.empty()) {
    fs::path dbp = fs::path(config.db_path);
    s->crawl_.log_path = (dbp.parent_path() / (dbp.stem().string() + "-sweep-" +
                                               std::to_string(s->sweep_id_) + ".requests.jsonl"))
                             .string();
  }
  return s;
}

SweepSession::~SweepSession() {
  if (!finished_ && writer_) {
    // Never finished (an error between Open and Finish): keep what was queued.
    if (journal_) journal_->Flush();
    if (shops_) shops_->ReleaseAll();
    (void)writer_->Stop();
  }
}

std::optional<crawler::ResumeState> SweepSession::TakeResume() {
  std::optional<crawler::ResumeState> out = std::move(resume_);
  resume_.reset();
  return out;
}

Result<SweepReport> SweepSession::Finish(const crawler::CrawlStats& stats, const Status& crawled,
                                         bool interrupted) {
  finished_ = true;
  journal_->Flush();
  if (Status health = journal_->Health(); !health.ok()) problems_(health.ToString());
  // Item pages whose shop page never came (out of scope, robots, caps, a stop).
  shops_->ReleaseAll();
  // Task errors were counted and reported as they happened; Flush only waits here.
  (void)writer_->Flush();

  SweepReport report;
  report.sweep_id = sweep_id_;
  report.resumed = resumed_;
  report.resumed_queued = resumed_queued_;
  report.db_path = config_.db_path;
  report.warc_dir = config_.warc_dir;
  report.log_path = crawl_.log_path;
  report.interrupted = interrupted;
  report.crawl = stats;
  if (resumed_)
    report.resumed_finished = static_cast<int64_t>(stats.resumed_known) - resumed_queued_;
  const SweepCounters& c = processor_->counters();
  report.pages = c.pages;
  report.item_pages = c.item_pages;
  report.shops = c.shops;
  report.parse_errors = c.parse_errors;
  report.storage_errors = c.storage_errors;
  report.new_versions = c.new_versions;
  report.listings_with_shop = c.listings_with_shop;
  report.elapsed_s = std::chrono::duration<double>(clock_.Now() - started_).count();

  // Final numbers come from what was committed, not from what was attempted.
  const std::string ended_at = FormatRfc3339Millis(clock_.WallNow());
  Status summarised = writer_->RunAndWait([&](storage::Database& db) -> Status {
    auto listings = db.CountListingsInSweep(sweep_id_);
    if (!listings.ok()) return listings.status();
    report.listings = *listings;
    auto by_cat = db.FindingCountsByCategory(sweep_id_);
    if (!by_cat.ok()) return by_cat.status();
    report.findings_by_category = *by_cat;
    for (const auto& [cat, n] : *by_cat) report.findings += n;
    nlohmann::json summary = {
        {"pages", report.pages},         {"item_pages", report.item_pages},
        {"listings", report.listings},   {"findings", report.findings},
        {"elapsed_s", report.elapsed_s}, {"parse_errors", report.parse_errors}};
    return db.FinishSweep(sweep_id_, ended_at,
                          interrupted || !crawled.ok() ? "interrupted" : "finished",
                          summary.dump());
  });
  Status stopped = writer_->Stop();
  if (!summarised.ok()) return summarised;
  if (!stopped.ok()) return stopped;
  if (!crawled.ok() && crawled.code() != StatusCode::kCancelled) return crawled;

  std::error_code ec;
  for (const auto& e : fs::directory_iterator(config_.warc_dir, ec)) {
    if (e.path().string().ends_with(".warc.gz")) report.warc_files.push_back(e.path().string());
  }
  std::sort(report.warc_files.begin(), report.warc_files.end());
  return report;
}

}  // namespace shouhu::pipeline
