// shouhu: the command line. Parses arguments, calls one command, returns its exit
// code: 0 success, 1 a negative verdict, 2 bad usage or bad input (doc/design.md §6).
#include <CLI/CLI.hpp>
#include <iostream>

#include "app/commands.h"
#include "app/evidence_commands.h"
#include "app/review_commands.h"
#include "app/rules_commands.h"

int main(int argc, char** argv) {
  using namespace shouhu::app;
  CLI::App app{
      "shouhu 守护 — sweeps online marketplaces for unsafe children's and student products,\n"
      "flags listings against a rule pack and fixes the pages as WARC evidence.\n"
      "Exit codes: 0 success, 1 negative verdict, 2 bad usage or bad input.",
      "shouhu"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "shouhu 0.1.0");

  DemoArgs demo;
  auto* demo_cmd = app.add_subcommand(
      "demo",
      "Start the demo marketplace on loopback, sweep it, print a summary with precision/recall");
  demo_cmd->add_option("--listings", demo.listings, "listings in the demo market")
      ->capture_default_str();
  demo_cmd->add_option("--seed", demo.seed, "generator seed")->capture_default_str();
  demo_cmd->add_option("--out", demo.out_dir, "output folder (database, WARC files, ground truth)")
      ->capture_default_str();
  demo_cmd->add_option("--config-dir", demo.config_dir, "folder holding sites/ and rules/");
  demo_cmd->add_option("--workers", demo.workers, "parser/rule worker threads")
      ->capture_default_str();
  bool no_faults = false;
  demo_cmd->add_flag("--no-faults", no_faults, "serve without 429/500/slow/redirect/trap faults");

  MarketArgs market;
  auto* market_cmd = app.add_subcommand("market", "Run the demo marketplace alone (loopback)");
  market_cmd->add_option("--port", market.port, "port on 127.0.0.1 (0 = any free port)")
      ->capture_default_str();
  market_cmd->add_option("--listings", market.listings, "listings")->capture_default_str();
  market_cmd->add_option("--seed", market.seed, "generator seed")->capture_default_str();
  market_cmd->add_option("--threads", market.threads, "server threads")->capture_default_str();
  market_cmd->add_option("--ground-truth", market.ground_truth,
                         "write the ground truth (JSON Lines) here");
  bool market_no_faults = false;
  market_cmd->add_flag("--no-faults", market_no_faults, "serve without faults");

  SweepArgs sweep;
  auto* sweep_cmd = app.add_subcommand("sweep", "Run one sweep from a sweep file");
  sweep_cmd->add_option("--config", sweep.config, "sweep file (TOML)")->required();
  sweep_cmd->add_option("--db", sweep.db, "database file (overrides the sweep file)");
  sweep_cmd->add_option("--site", sweep.site, "only this site id");
  sweep_cmd->add_option("--at", sweep.at, "evaluate rules at this date (YYYY-MM-DD)");
  sweep_cmd->add_flag("--resume", sweep.resume,
                      "continue the interrupted sweep of this name (re-running does so too); "
                      "bad input if there is none");

  std::string profile, html_file, url, content_type;
  auto* extract_cmd = app.add_subcommand("extract", "Print the Listing JSON for one saved page");
  extract_cmd->add_option("--site", profile, "site profile (TOML)")->required();
  extract_cmd->add_option("--html", html_file, "saved page")->required();
  extract_cmd->add_option("--url", url, "the page's URL")->required();
  extract_cmd->add_option("--content-type", content_type,
                          "the Content-Type header it was served with");

  std::string check_profile, check_html, check_url, check_content_type;
  bool check_suggest = false;
  auto* profile_cmd = app.add_subcommand("profile", "Help writing site profiles");
  profile_cmd->require_subcommand(1);
  auto* profile_check = profile_cmd->add_subcommand(
      "check",
      "Show what each field's sources find on one saved page (or, with --suggest, the page's "
      "candidate parameter containers)");
  profile_check->add_option("--site", check_profile, "site profile (TOML)")->required();
  profile_check->add_option("--html", check_html, "saved page")->required();
  profile_check->add_option("--url", check_url, "the page's URL (decides the page kind)");
  profile_check->add_option("--content-type", check_content_type,
                            "Content-Type the page was served with (charset)");
  profile_check->add_flag("--suggest", check_suggest,
                          "list candidate parameter containers with ready-to-paste sources");
  profile_check->callback([&] {
    if (!check_suggest && check_url.empty())
      throw CLI::RequiredError("--url (needed unless --suggest)");
  });

  ConsoleArgs console_args;
  auto* console_cmd = app.add_subcommand(
      "console", "Serve the inspectors' review console (doc/console.md) until Ctrl-C");
  console_cmd->add_option("--db", console_args.db, "database file")->capture_default_str();
  console_cmd->add_option("--listen", console_args.listen, "address:port to listen on")
      ->capture_default_str();
  console_cmd->add_flag("--secure-cookies", console_args.secure_cookies,
                        "mark cookies Secure (behind a TLS reverse proxy)");
  console_cmd
      ->add_option("--session-minutes", console_args.session_minutes, "session lifetime in minutes")
      ->capture_default_str();
  console_cmd->add_option("--threads", console_args.threads, "server threads")
      ->capture_default_str();
  auto* console_user = console_cmd->add_subcommand("user", "Console accounts");
  console_user->require_subcommand(1);
  std::string user_name, user_role, user_password_file;
  auto* console_user_add = console_user->add_subcommand(
      "add", "Add an account; the password is read from --password-file or standard input");
  console_user_add->add_option("name", user_name, "user name")->required();
  console_user_add->add_option("--role", user_role, "inspector, supervisor or admin")->required();
  console_user_add->add_option("--db", console_args.db, "database file")->capture_default_str();
  console_user_add->add_option("--password-file", user_password_file,
                               "file whose first line is the password");

  auto* rules_cmd = app.add_subcommand("rules", "Run or test the rule pack");
  rules_cmd->require_subcommand(1);
  std::string rules_dir = "config/rules";
  auto* rules_run =
      rules_cmd->add_subcommand("run", "Evaluate listings (JSON Lines) and print findings");
  RulesRunArgs rules_run_args;
  rules_run
      ->add_option("--listings", rules_run_args.listings_files,
                   "listings, one JSON object per line (repeat for several files, judged as one "
                   "batch in order)")
      ->required();
  rules_run->add_option("--rules", rules_run_args.rules_dir, "rule pack folder")
      ->capture_default_str();
  rules_run->add_option("--at", rules_run_args.at,
                        "evaluate at this date (YYYY-MM-DD) instead of each capture date");
  auto* run_db = rules_run->add_option(
      "--db", rules_run_args.db,
      "judge as a sweep into this database would: its certificate registry, watchlist and "
      "certificate uses (the use index is brought up to date, as at a sweep's start)");
  rules_run
      ->add_option("--registry", rules_run_args.registry,
                   "certificate registry CSV (as `shouhu certs import` reads it)")
      ->excludes(run_db);
  rules_run
      ->add_option("--watchlist", rules_run_args.watchlist,
                   "watchlist CSV (as `shouhu watchlist import` reads it)")
      ->excludes(run_db);
  auto* rules_score = rules_cmd->add_subcommand(
      "score", "Judge labelled listings and score the findings against their `expected` lists");
  RulesScoreArgs score_args;
  rules_score
      ->add_option("--listings", score_args.run.listings_files,
                   "labelled listings (JSON Lines with `expected`; repeat for several files)")
      ->required();
  rules_score->add_option("--rules", score_args.run.rules_dir, "rule pack folder")
      ->capture_default_str();
  rules_score->add_option("--at", score_args.run.at, "evaluate at this date (YYYY-MM-DD)");
  auto* score_db =
      rules_score->add_option("--db", score_args.run.db, "judge with this database's context");
  rules_score->add_option("--registry", score_args.run.registry, "certificate registry CSV")
      ->excludes(score_db);
  rules_score->add_option("--watchlist", score_args.run.watchlist, "watchlist CSV")
      ->excludes(score_db);
  rules_score->add_option("--min-precision", score_args.min_precision,
                          "exit 1 when a category's precision is lower");
  rules_score->add_option("--min-recall", score_args.min_recall,
                          "exit 1 when a category's recall is lower");
  rules_score->add_flag("--json", score_args.json, "print the report as JSON");
  auto* rules_test = rules_cmd->add_subcommand("test", "Run every rule's hit and miss examples");
  rules_test->add_option("--rules", rules_dir, "rule pack folder")->capture_default_str();
  // Pack check and registry imports (app/rules_commands.h).
  auto* rules_check =
      rules_cmd->add_subcommand("check", "Load and validate the rule pack; rule counts");
  rules_check->add_option("--rules", rules_dir, "rule pack folder")->capture_default_str();
  std::string import_file, import_db = kDefaultDb;
  auto* certs_cmd = app.add_subcommand("certs", "Local CCC certificate registry");
  certs_cmd->require_subcommand(1);
  auto* certs_import = certs_cmd->add_subcommand("import", "Import a certificate registry CSV");
  certs_import
      ->add_option("FILE", import_file,
                   "CSV: number,holder,manufacturer,product,models,status,issued_on,expires_on")
      ->required();
  certs_import->add_option("--db", import_db, "database file")->capture_default_str();
  auto* watchlist_cmd =
      app.add_subcommand("watchlist", "Enterprises with earlier spot-check failures");
  watchlist_cmd->require_subcommand(1);
  auto* watchlist_import = watchlist_cmd->add_subcommand("import", "Import a watchlist CSV");
  watchlist_import->add_option("FILE", import_file, "CSV: name,credit_code,failed_items,failed_on")
      ->required();
  watchlist_import->add_option("--db", import_db, "database file")->capture_default_str();

  std::string robots_file, user_agent, robots_url;
  auto* robots_cmd = app.add_subcommand(
      "robots-check", "Check a URL against a robots.txt file (exit 0 allowed, 1 disallowed)");
  robots_cmd->add_option("ROBOTS_FILE", robots_file)->required();
  robots_cmd->add_option("USER_AGENT", user_agent)->required();
  robots_cmd->add_option("URL", robots_url)->required();

  auto* evidence_cmd = app.add_subcommand("evidence", "Verify fixed evidence");
  evidence_cmd->require_subcommand(1);
  std::string db;
  auto* verify_cmd =
      evidence_cmd->add_subcommand("verify", "Walk the ledger and re-hash every WARC record");
  std::string case_path;
  auto* verify_db_opt =
      verify_cmd->add_option("--db", db, "database file: walk the ledger, re-hash every record");
  verify_cmd->add_option("--case", case_path, "case folder or .zip: verify without the database")
      ->excludes(verify_db_opt);

  // Case export, listing history, review (app/evidence_commands.h, app/review_commands.h).
  auto* case_cmd = app.add_subcommand("case", "Export the evidence of one listing");
  case_cmd->require_subcommand(1);
  CaseExportArgs case_export;
  auto* case_export_cmd = case_cmd->add_subcommand(
      "export", "Write a case folder (or zip) verifiable without the database");
  case_export_cmd->add_option("--listing", case_export.listing, "listing id or SITE/ITEM_ID")
      ->required();
  case_export_cmd->add_option("--out", case_export.out, "case folder (or zip path with --zip)")
      ->required();
  case_export_cmd->add_flag("--zip", case_export.zip, "write one .zip instead of a folder");
  case_export_cmd->add_option("--db", case_export.db, "database file")->capture_default_str();
  case_export_cmd->add_option("--operator", case_export.operator_name,
                              "who exports (default $USER)");
  case_export_cmd->add_option("--warc-dir", case_export.warc_dir,
                              "where the sweep's WARC files are, if moved");
  auto* listing_cmd = app.add_subcommand("listing", "Inspect stored listings");
  listing_cmd->require_subcommand(1);
  std::string listing_db = kDefaultDb, listing_ref;
  auto* listing_show =
      listing_cmd->add_subcommand("show", "Every captured version and what changed between sweeps");
  listing_show->add_option("ID", listing_ref, "listing id or SITE/ITEM_ID")->required();
  listing_show->add_option("--db", listing_db, "database file")->capture_default_str();
  auto* review_cmd = app.add_subcommand("review", "Review findings from the command line");
  review_cmd->require_subcommand(1);
  ReviewListArgs review_list;
  auto* review_list_cmd = review_cmd->add_subcommand(
      "list", "Findings of current listing versions with their last decision");
  review_list_cmd->add_option("--category", review_list.category, "only this finding category");
  review_list_cmd->add_option("--severity", review_list.severity,
                              "only this severity (high, medium, low)");
  review_list_cmd->add_option("--site", review_list.site, "only this site id");
  review_list_cmd->add_flag("--undecided", review_list.undecided,
                            "only findings without a decision");
  review_list_cmd->add_flag("--json", review_list.json, "one JSON object per line");
  review_list_cmd->add_option("--db", review_list.db, "database file")->capture_default_str();
  ReviewDecideArgs review_decide;
  auto* review_decide_cmd =
      review_cmd->add_subcommand("decide", "Record a decision (append-only, ledgered)");
  review_decide_cmd
      ->add_option("FINDING_ID", review_decide.finding_id, "finding id (from review list)")
      ->required();
  review_decide_cmd
      ->add_option("DECISION", review_decide.decision, "confirm | dismiss | test-purchase")
      ->required();
  review_decide_cmd->add_option("--inspector", review_decide.inspector, "inspector name")
      ->required();
  review_decide_cmd->add_option("--note", review_decide.note, "note kept with the decision");
  review_decide_cmd->add_option("--db", review_decide.db, "database file")->capture_default_str();

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);  // prints help or the error
    return code == 0 ? kExitOk : kExitBadInput;
  }

  if (*demo_cmd) {
    demo.faults = !no_faults;
    return RunDemoCommand(demo);
  }
  if (*market_cmd) {
    market.faults = !market_no_faults;
    return RunMarketCommand(market);
  }
  if (*sweep_cmd) return RunSweepCommand(sweep);
  if (*extract_cmd) return RunExtractCommand(profile, html_file, url, content_type);
  if (*console_user_add) {
    return RunConsoleUserAddCommand(console_args.db, user_name, user_role, user_password_file);
  }
  if (*console_cmd) return RunConsoleCommand(console_args);
  if (*profile_check) {
    return RunProfileCheckCommand(check_profile, check_html, check_url, check_content_type,
                                  check_suggest);
  }
  if (*rules_run) return RunRulesRunCommand(rules_run_args);
  if (*rules_score) return RunRulesScoreCommand(score_args);
  if (*rules_test) return RunRulesTestCommand(rules_dir);
  if (*rules_check) return RunRulesCheckCommand(rules_dir);
  if (*certs_import) return RunCertsImportCommand(import_file, import_db);
  if (*watchlist_import) return RunWatchlistImportCommand(import_file, import_db);
  if (*robots_cmd) return RunRobotsCheckCommand(robots_file, user_agent, robots_url);
  if (*verify_cmd && !case_path.empty()) return RunEvidenceVerifyCaseCommand(case_path);
  if (*verify_cmd && db.empty()) {
    std::cerr << "shouhu: evidence verify: give --db FILE or --case DIR\n";
    return kExitBadInput;
  }
  if (*verify_cmd) return RunEvidenceVerifyCommand(db);
  if (*case_export_cmd) return RunCaseExportCommand(case_export);
  if (*listing_show) return RunListingShowCommand(listing_db, listing_ref);
  if (*review_list_cmd) return RunReviewListCommand(review_list);
  if (*review_decide_cmd) return RunReviewDecideCommand(review_decide);
  std::cerr << app.help();
  return kExitBadInput;
}
