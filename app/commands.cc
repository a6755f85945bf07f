#include "app/commands.h"

#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "app/market_process.h"
#include "app/progress.h"
#include "app/rules_commands.h"
#include "app/summary.h"
#include "base/time.h"
#include "crawler/robots.h"
#include "evidence/evidence_verify.h"
#include "evidence/ledger.h"
#include "parsers/charset.h"
#include "parsers/page_extractor.h"
#include "parsers/profile_check.h"
#include "parsers/site_profile.h"
#include "pipeline/ground_truth.h"
#include "pipeline/registry_import.h"
#include "pipeline/rules_context.h"
#include "pipeline/rules_run.h"
#include "pipeline/rules_score.h"
#include "pipeline/sweep.h"
#include "review/console.h"
#include "review/http_server.h"
#include "rules/rule_engine.h"
#include "storage/database.h"

namespace shouhu::app {
namespace fs = std::filesystem;

namespace {

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return IoError(path + ": cannot open file");
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// SIGINT/SIGTERM: blocked in every thread (set before any thread starts) and
// taken by one watcher thread with sigwait, which only flips a flag — so no
// signal handler ever runs inside the crawler, the writer or a library.
class SignalWatcher {
 public:
  SignalWatcher() {
    sigemptyset(&set_);
    sigaddset(&set_, SIGINT);
    sigaddset(&set_, SIGTERM);
    sigaddset(&set_, SIGUSR1);  // used only to wake the watcher at exit
    pthread_sigmask(SIG_BLOCK, &set_, nullptr);
    thread_ = std::thread([this] {
      for (;;) {
        int sig = 0;
        if (sigwait(&set_, &sig) != 0) continue;
        if (sig == SIGUSR1 && done_.load()) return;
        if (sig == SIGINT || sig == SIGTERM) {
          if (!stop_.exchange(true)) {
            std::cerr << "\nshouhu: stopping — finishing in-flight pages and flushing (Ctrl-C "
                         "again to wait)\n";
          }
        }
      }
    });
  }
  ~SignalWatcher() {
    done_ = true;
    pthread_kill(thread_.native_handle(), SIGUSR1);
    thread_.join();
  }
  std::atomic<bool>* flag() { return &stop_; }

 private:
  sigset_t set_;
  std::atomic<bool> stop_{false};
  std::atomic<bool> done_{false};
  std::thread thread_;
};

}  // namespace

int ReportError(const Status& st) {
  std::cerr << "shouhu: " << st.message() << "\n";
  switch (st.code()) {
    case StatusCode::kInvalidArgument:
    case StatusCode::kParseError:
    case StatusCode::kConfigInvalid:
    case StatusCode::kRuleInvalid:
    case StatusCode::kNotFound:
    case StatusCode::kIoError:
      return kExitBadInput;
    default:
      return kExitNegative;
  }
}

std::string ShortenUtf8(const std::string& s, size_t max_bytes) {
  if (s.size() <= max_bytes) return s;
  size_t cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;  // a UTF-8 boundary
  return s.substr(0, cut) + "…";
}

std::string FindConfigDir(const std::string& explicit_dir) {
  if (!explicit_dir.empty()) return explicit_dir;
  if (fs::is_directory("config/sites")) return "config";
  return std::string(SHOUHU_SOURCE_DIR) + "/config";
}

namespace {

// The sweep's progress on stderr, in place on a terminal.
pipeline::SweepEnv ProgressEnv(ProgressLine* progress) {
  pipeline::SweepEnv env;
  env.progress = [progress](const crawler::CrawlStats& stats, double elapsed_s) {
    progress->Update(stats, elapsed_s);
  };
  return env;
}

}  // namespace

int RunDemoCommand(const DemoArgs& args) {
  SignalWatcher signals;
  const std::string config_dir = FindConfigDir(args.config_dir);
  std::error_code ec;
  fs::create_directories(args.out_dir, ec);
  if (ec) return ReportError(IoError(args.out_dir + ": " + ec.message()));
  // The demo starts from nothing each time: a previous run's files would mix two markets.
  for (const char* name : {"shouhu.db", "shouhu.db-wal", "shouhu.db-shm"})
    fs::remove(fs::path(args.out_dir) / name, ec);
  fs::remove_all(fs::path(args.out_dir) / "warc", ec);

  // The market writes its ground truth and its CCC registry (imported below so
  // the registry checks T-04/T-05 run in the demo), then serves on a free port.
  const std::string truth_path = (fs::path(args.out_dir) / "ground_truth.jsonl").string();
  const std::string registry_path = (fs::path(args.out_dir) / "ccc_registry.csv").string();
  std::vector<std::string> market_args = {"--listings",     std::to_string(args.listings),
                                          "--seed",         std::to_string(args.seed),
                                          "--threads",      "2",
                                          "--ground-truth", truth_path,
                                          "--ccc-registry", registry_path};
  if (!args.faults) market_args.push_back("--no-faults");
  auto market = MarketProcess::Start(market_args);
  if (!market.ok()) return ReportError(market.status());
  const int port = (*market)->port();

  auto config = pipeline::MakeDemoSweepConfig(config_dir, port, args.out_dir, args.workers);
  if (!config.ok()) return ReportError(config.status());
  if (auto n = pipeline::ImportCertificates(registry_path, config->db_path); !n.ok())
    return ReportError(n.status());

  std::cout << "shouhu demo: marketplace on 127.0.0.1:" << port << " (" << args.listings
            << " listings, seed " << args.seed << ", faults " << (args.faults ? "on" : "off")
            << "), sweeping " << config->sites.size() << " platforms…\n"
            << std::flush;
  ProgressLine progress(stderr, isatty(STDERR_FILENO) != 0);
  auto report = pipeline::RunSweep(*config, signals.flag(), ProgressEnv(&progress));
  progress.Finish();
  (*market)->Stop();
  if (!report.ok()) return ReportError(report.status());

  auto truth = pipeline::LoadGroundTruth(truth_path);
  if (!truth.ok()) return ReportError(truth.status());
  auto found = pipeline::LoadFoundCategories(config->db_path, report->sweep_id);
  if (!found.ok()) return ReportError(found.status());
  pipeline::Score score = pipeline::ScoreAgainst(*truth, *found);
  const std::string score_path = (fs::path(args.out_dir) / "score.json").string();
  if (Status st = WriteScoreJson(score, *report, score_path); !st.ok()) return ReportError(st);
  PrintSweepSummary(std::cout, *report);
  PrintScoreTable(std::cout, score);
  std::cout << "\n  database      " << config->db_path << "\n  WARC files    " << config->warc_dir
            << "/ (" << report->warc_files.size() << " files)\n  request log   " << report->log_path
            << "\n  ground truth  " << truth_path << "\n  scores        " << score_path << "\n"
            << "\nreview the flags in the console (doc/console.md):\n"
            << "  shouhu console user add NAME --role inspector --db " << config->db_path << "\n"
            << "  shouhu console --db " << config->db_path << " --listen 127.0.0.1:8080\n";
  return kExitOk;
}

int RunMarketCommand(const MarketArgs& args) {
  if (args.port < 0 || args.port > 65535)
    return ReportError(InvalidArgument("--port: out of range"));
  std::vector<std::string> market_args = {
      "--port", std::to_string(args.port), "--listings", std::to_string(args.listings),
      "--seed", std::to_string(args.seed), "--threads",  std::to_string(args.threads)};
  if (!args.faults) market_args.push_back("--no-faults");
  if (!args.ground_truth.empty()) {
    market_args.push_back("--ground-truth");
    market_args.push_back(args.ground_truth);
  }
  const int err = ExecMarket(market_args);
  return ReportError(NotFound(MarketBinary() + ": cannot run the demo marketplace program: " +
                              std::strerror(err) + " (set SHOUHU_MARKET to its path)"));
}

int RunSweepCommand(const SweepArgs& args) {
  SignalWatcher signals;
  auto config = pipeline::LoadSweepConfig(args.config);
  if (!config.ok()) return ReportError(config.status());
  if (args.db) config->db_path = *args.db;
  if (args.at) config->at_date = *args.at;
  config->require_resume = args.resume;
  if (args.site) {
    std::vector<parsers::SiteProfile> keep;
    for (auto& s : config->sites) {
      if (s.id == *args.site) keep.push_back(s);
    }
    if (keep.empty())
      return ReportError(
          InvalidArgument("--site " + *args.site + ": no such site in " + args.config));
    config->sites = std::move(keep);
  }
  ProgressLine progress(stderr, isatty(STDERR_FILENO) != 0);
  auto report = pipeline::RunSweep(*config, signals.flag(), ProgressEnv(&progress));
  progress.Finish();
  if (!report.ok()) return ReportError(report.status());
  PrintSweepSummary(std::cout, *report);
  std::cout << "\n  database      " << report->db_path << "\n  WARC files    " << report->warc_dir
            << "/\n  request log   " << report->log_path << "\n";
  return kExitOk;
}

int RunExtractCommand(const std::string& profile_path, const std::string& html_file,
                      const std::string& url, const std::string& content_type) {
  auto profile = parsers::LoadSiteProfile(profile_path);
  if (!profile.ok()) return ReportError(profile.status());
  auto body = ReadFile(html_file);
  if (!body.ok()) return ReportError(body.status());
  parsers::FetchedPage page;
  page.url = url;
  page.content_type = content_type;
  page.body = std::move(body).value();
  page.fetched_at = NowRfc3339();
  auto extracted = parsers::ExtractPage(*profile, page);
  if (!extracted.ok()) return ReportError(extracted.status());
  if (!extracted->listing) {
    return ReportError(InvalidArgument(html_file + ": not an item page of site '" + profile->id +
                                       "' (the URL does not match item_url_pattern)"));
  }
  std::cout << ListingToJson(*extracted->listing).dump(2) << "\n";
  return kExitOk;
}

int RunConsoleCommand(const ConsoleArgs& args) {
  Result<std::pair<std::string, uint16_t>> addr = review::ParseListenAddress(args.listen);
  if (!addr.ok()) return ReportError(addr.status());
  if (!std::filesystem::exists(args.db)) {
    return ReportError(
        NotFound(args.db + ": no such database (run a sweep or `shouhu demo` first)"));
  }
  review::ConsoleOptions o;
  o.db_path = args.db;
  o.secure_cookies = args.secure_cookies;
  o.session_ttl = std::chrono::minutes(std::max(1, args.session_minutes));
  auto console = review::Console::Open(o);
  if (!console.ok()) return ReportError(console.status());
  SignalWatcher signals;  // before the server's threads start, so they inherit the mask
  review::HttpServerOptions so;
  so.threads = std::max(1, args.threads);
  review::HttpServer server([&](const review::HttpRequest& r) { return (*console)->Handle(r); },
                            so);
  if (Status st = server.Listen(addr->first, addr->second); !st.ok()) return ReportError(st);
  server.Start();
  std::cout << "shouhu console: http://" << args.listen.substr(0, args.listen.rfind(':')) << ":"
            << server.port() << "/ on " << args.db << " (Ctrl-C stops)" << std::endl;
  while (!signals.flag()->load()) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  server.Stop();
  std::cout << "shouhu console: stopped" << std::endl;
  return kExitOk;
}

int RunConsoleUserAddCommand(const std::string& db, const std::string& name,
                             const std::string& role, const std::string& password_file) {
  std::string password;
  if (!password_file.empty()) {
    auto text = ReadFile(password_file);
    if (!text.ok()) return ReportError(text.status());
    password = text->substr(0, text->find('\n'));
  } else {
    std::getline(std::cin, password);
  }
  if (!password.empty() && password.back() == '\r') password.pop_back();
  Status st = review::AddConsoleUser(db, name, role, password, review::KdfStrength::kInteractive);
  if (!st.ok()) return ReportError(st);
  std::cout << "console user '" << name << "' (" << role << ") added to " << db << "\n";
  return kExitOk;
}

int RunProfileCheckCommand(const std::string& profile_path, const std::string& html_file,
                           const std::string& url, const std::string& content_type, bool suggest) {
  auto profile = parsers::LoadSiteProfile(profile_path);
  if (!profile.ok()) return ReportError(profile.status());
  auto body = ReadFile(html_file);
  if (!body.ok()) return ReportError(body.status());
  if (suggest) {
    parsers::DecodedText decoded =
        parsers::DecodeToUtf8(*body, content_type, profile->default_charset);
    std::cout << "page " << html_file << ", decoded as " << decoded.charset << "\n"
              << parsers::FormatSuggestions(parsers::SuggestParameterContainers(decoded.text));
    return kExitOk;
  }
  parsers::FetchedPage page;
  page.url = url;
  page.content_type = content_type;
  page.body = std::move(body).value();
  page.fetched_at = NowRfc3339();
  parsers::ExtractTrace trace;
  auto extracted = parsers::ExtractPage(*profile, page, &trace);
  if (!extracted.ok()) return ReportError(extracted.status());
  std::cout << parsers::FormatProfileCheck(*profile, *extracted, trace);
  return kExitOk;
}

// The rules context `args` asks for: a database's (its registry, watchlist and
// certificate uses) or CSV files'; either way certificate reuse is counted
// across the batch in file order. `db` keeps the database open.
namespace {
Result<std::unique_ptr<pipeline::SweepRulesContext>> OpenRulesContext(
    const RulesRunArgs& args, const rules::RuleEngine& engine,
    std::unique_ptr<storage::Database>* db) {
  if (args.db) {
    auto opened = storage::Database::OpenExisting(*args.db);
    if (!opened.ok()) return opened.status();
    *db = std::move(opened).value();
    return pipeline::SweepRulesContext::Load(**db, engine);
  }
  return pipeline::SweepRulesContext::FromFiles(args.registry.value_or(""),
                                                args.watchlist.value_or(""), engine);
}
}  // namespace

int RunRulesRunCommand(const RulesRunArgs& args) {
  auto engine = rules::RuleEngine::LoadDir(args.rules_dir);
  if (!engine.ok()) return ReportError(engine.status());
  std::unique_ptr<storage::Database> db;
  auto context = OpenRulesContext(args, **engine, &db);
  if (!context.ok()) return ReportError(context.status());
  for (const std::string& file : args.listings_files) {
    Status s = pipeline::JudgeListingsFile(file, **engine, (*context)->context(), args.at,
                                           [](const Listing& listing, const rules::Evaluation& ev) {
                                             nlohmann::json out = {
                                                 {"site", listing.site},
                                                 {"item_id", listing.item_id},
                                                 {"groups", ev.groups},
                                                 {"group_evidence", ev.group_evidence},
                                                 {"group_scores", pipeline::GroupScoresJson(ev)},
                                                 {"in_scope", ev.in_scope},
                                                 {"findings", FindingsToJson(ev.findings)}};
                                             if (!ev.error.empty()) out["error"] = ev.error;
                                             std::cout << out.dump() << "\n";
                                           });
    if (!s.ok()) return ReportError(s);
  }
  return kExitOk;
}

int RunRulesScoreCommand(const RulesScoreArgs& args) {
  auto engine = rules::RuleEngine::LoadDir(args.run.rules_dir);
  if (!engine.ok()) return ReportError(engine.status());
  std::unique_ptr<storage::Database> db;
  auto context = OpenRulesContext(args.run, **engine, &db);
  if (!context.ok()) return ReportError(context.status());
  auto report = pipeline::ScoreListingsFiles(args.run.listings_files, **engine,
                                             (*context)->context(), args.run.at);
  if (!report.ok()) return ReportError(report.status());
  bool under = false;
  for (const pipeline::CategoryScore& c : report->categories) {
    under = under || (!pipeline::Unscored(c) &&
                      (c.precision() < args.min_precision || c.recall() < args.min_recall));
  }
  if (args.json) {
    nlohmann::json out = {{"listings", report->listings}, {"unlabelled", report->unlabelled}};
    for (const pipeline::CategoryScore& c : report->categories) {
      out["categories"].push_back({{"category", c.category},
                                   {"tp", c.true_positive},
                                   {"fp", c.false_positive},
                                   {"fn", c.false_negative},
                                   {"precision", c.precision()},
                                   {"recall", c.recall()}});
    }
    out["micro"] = {{"tp", report->micro.true_positive},
                    {"fp", report->micro.false_positive},
                    {"fn", report->micro.false_negative},
                    {"precision", report->micro.precision()},
                    {"recall", report->micro.recall()}};
    out["disagreements"] = nlohmann::json::array();
    for (const pipeline::Disagreement& d : report->disagreements) {
      out["disagreements"].push_back({{"where", d.where},
                                      {"item_id", d.item_id},
                                      {"category", d.category},
                                      {"kind", d.false_positive ? "FP" : "FN"},
                                      {"groups", d.groups},
                                      {"in_scope", d.in_scope},
                                      {"group_evidence", d.group_evidence},
                                      {"findings", d.findings},
                                      {"note", d.note}});
    }
    std::cout << out.dump(1) << "\n";
    return under ? kExitNegative : kExitOk;
  }
  std::printf("%d labelled listings (%d unlabelled judged, not scored)\n\n", report->listings,
              report->unlabelled);
  std::printf("%-14s %5s %5s %5s %9s %7s\n", "category", "TP", "FP", "FN", "precision", "recall");
  auto row = [](const pipeline::CategoryScore& c) {
    if (pipeline::Unscored(c)) {
      std::printf("%-14s %5d %5d %5d %9s %7s\n", c.category.c_str(), 0, 0, 0, "-", "-");
      return;
    }
    std::printf("%-14s %5d %5d %5d %9.3f %7.3f\n", c.category.c_str(), c.true_positive,
                c.false_positive, c.false_negative, c.precision(), c.recall());
  };
  for (const pipeline::CategoryScore& c : report->categories) row(c);
  row(report->micro);
  if (!report->disagreements.empty()) std::printf("\ndisagreements\n");
  for (const pipeline::Disagreement& d : report->disagreements) {
    std::string groups;
    for (const auto& g : d.groups) groups += (groups.empty() ? "" : ",") + g;
    std::string why;
    for (const auto& w : d.group_evidence) why += (why.empty() ? "" : " ") + w;
    std::printf("%s %s %s %s  groups=[%s]%s  by: %s\n", d.false_positive ? "FP" : "FN",
                d.category.c_str(), d.item_id.c_str(), d.where.c_str(), groups.c_str(),
                d.in_scope ? "" : " OUT-OF-SCOPE", why.c_str());
    for (const auto& f : d.findings) std::printf("    %s\n", ShortenUtf8(f, 160).c_str());
    if (!d.note.empty()) std::printf("    note: %s\n", ShortenUtf8(d.note, 240).c_str());
  }
  for (const auto& e : report->errors) std::printf("error: %s\n", e.c_str());
  if (under) {
    std::fprintf(stderr, "shouhu: a category is under precision %.2f or recall %.2f\n",
                 args.min_precision, args.min_recall);
  }
  return under ? kExitNegative : kExitOk;
}

int RunRulesTestCommand(const std::string& rules_dir) {
  auto engine = rules::RuleEngine::LoadDir(rules_dir);
  if (!engine.ok()) return ReportError(engine.status());
  rules::ExampleReport report = (*engine)->RunExamples();
  for (const auto& f : report.failures) {
    std::cout << "FAIL " << f.rule_id << " " << f.file << ":" << f.line << " expected "
              << f.expectation << ": " << f.detail << "\n";
  }
  std::cout << (*engine)->rule_count() << " rules; examples: " << report.passed << " passed, "
            << report.failed << " failed\n";
  return report.failed == 0 ? kExitOk : kExitNegative;
}

}  // namespace shouhu::app

namespace shouhu::app {

int RunRobotsCheckCommand(const std::string& robots_file, const std::string& user_agent,
                          const std::string& url) {
  // A robots.txt that cannot be read is bad input (exit 2), not a verdict.
  auto body = ReadFile(robots_file);
  if (!body.ok()) return ReportError(body.status());
  crawler::RobotsTxt robots = crawler::RobotsTxt::Parse(*body);
  crawler::RobotsTxt::Verdict v = robots.Check(user_agent, crawler::RobotsPathFromUrl(url));
  std::cout << "user-agent '" << user_agent << "' with URL '" << url
            << "': " << (v.allowed ? "ALLOWED" : "DISALLOWED");
  if (v.line > 0) std::cout << " (line " << v.line << ")";
  std::cout << "\n";
  return v.allowed ? kExitOk : kExitNegative;
}

int RunEvidenceVerifyCommand(const std::string& db_path) {
  // Database::Open creates a missing file; verifying nothing must be an error instead.
  if (!fs::exists(db_path)) return ReportError(NotFound(db_path + ": no such database"));
  auto db = storage::Database::Open(db_path);
  if (!db.ok()) return ReportError(db.status());
  auto report = evidence::VerifyEvidence(**db);
  if (!report.ok()) return ReportError(report.status());
  if (report->ok()) {
    std::cout << "evidence OK: " << report->entries_checked << " ledger entries, "
              << report->files_checked << " WARC files, " << report->bytes_checked
              << " bytes re-hashed\n";
    return kExitOk;
  }
  const evidence::LedgerProblem& p = *report->problem;
  std::cout << "evidence FAILED at ledger entry " << p.seq << " (" << p.file << " offset "
            << p.offset;
  if (!p.record_id.empty()) std::cout << ", record " << p.record_id;
  std::cout << "): " << p.reason << "\n"
            << "  (" << report->entries_checked << " entries before it held)\n";
  return kExitNegative;
}

}  // namespace shouhu::app
