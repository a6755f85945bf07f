// shouhu: the command line. Parses arguments, calls one command, returns its exit
// code: 0 success, 1 a negative verdict, 2 bad usage or bad input (DESIGN §6).
#include <CLI/CLI.hpp>
#include <iostream>

#include "app/commands.h"

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
      "demo", "Start the demo marketplace on loopback, sweep it, print a summary with precision/recall");
  demo_cmd->add_option("--listings", demo.listings, "listings in the demo market")->capture_default_str();
  demo_cmd->add_option("--seed", demo.seed, "generator seed")->capture_default_str();
  demo_cmd->add_option("--out", demo.out_dir, "output folder (database, WARC files, ground truth)")
      ->capture_default_str();
  demo_cmd->add_option("--config-dir", demo.config_dir, "folder holding sites/ and rules/");
  demo_cmd->add_option("--workers", demo.workers, "parser/rule worker threads")->capture_default_str();
  bool no_faults = false;
  demo_cmd->add_flag("--no-faults", no_faults, "serve without 429/500/slow/redirect/trap faults");

  MarketArgs market;
  auto* market_cmd = app.add_subcommand("market", "Run the demo marketplace alone (loopback)");
  market_cmd->add_option("--port", market.port, "port on 127.0.0.1 (0 = any free port)")->capture_default_str();
  market_cmd->add_option("--listings", market.listings, "listings")->capture_default_str();
  market_cmd->add_option("--seed", market.seed, "generator seed")->capture_default_str();
  market_cmd->add_option("--threads", market.threads, "server threads")->capture_default_str();
  market_cmd->add_option("--ground-truth", market.ground_truth, "write the ground truth (JSON Lines) here");
  bool market_no_faults = false;
  market_cmd->add_flag("--no-faults", market_no_faults, "serve without faults");

  SweepArgs sweep;
  auto* sweep_cmd = app.add_subcommand("sweep", "Run one sweep from a sweep file");
  sweep_cmd->add_option("--config", sweep.config, "sweep file (TOML)")->required();
  sweep_cmd->add_option("--db", sweep.db, "database file (overrides the sweep file)");
  sweep_cmd->add_option("--site", sweep.site, "only this site id");
  sweep_cmd->add_option("--at", sweep.at, "evaluate rules at this date (YYYY-MM-DD)");

  std::string profile, html_file, url, content_type;
  auto* extract_cmd = app.add_subcommand("extract", "Print the Listing JSON for one saved page");
  extract_cmd->add_option("--site", profile, "site profile (TOML)")->required();
  extract_cmd->add_option("--html", html_file, "saved page")->required();
  extract_cmd->add_option("--url", url, "the page's URL")->required();
  extract_cmd->add_option("--content-type", content_type, "the Content-Type header it was served with");

  auto* rules_cmd = app.add_subcommand("rules", "Run or test the rule pack");
  rules_cmd->require_subcommand(1);
  std::string listings_file, rules_dir = "config/rules";
  std::optional<std::string> at;
  auto* rules_run = rules_cmd->add_subcommand("run", "Evaluate listings (JSON Lines) and print findings");
  rules_run->add_option("--listings", listings_file, "listings, one JSON object per line")->required();
  rules_run->add_option("--rules", rules_dir, "rule pack folder")->capture_default_str();
  rules_run->add_option("--at", at, "evaluate at this date (YYYY-MM-DD) instead of each capture date");
  auto* rules_test = rules_cmd->add_subcommand("test", "Run every rule's hit and miss examples");
  rules_test->add_option("--rules", rules_dir, "rule pack folder")->capture_default_str();

  std::string robots_file, user_agent, robots_url;
  auto* robots_cmd = app.add_subcommand("robots-check",
                                        "Check a URL against a robots.txt file (exit 0 allowed, 1 disallowed)");
  robots_cmd->add_option("ROBOTS_FILE", robots_file)->required();
  robots_cmd->add_option("USER_AGENT", user_agent)->required();
  robots_cmd->add_option("URL", robots_url)->required();

  auto* evidence_cmd = app.add_subcommand("evidence", "Verify fixed evidence");
  evidence_cmd->require_subcommand(1);
  std::string db;
  auto* verify_cmd = evidence_cmd->add_subcommand("verify", "Walk the ledger and re-hash every WARC record");
  verify_cmd->add_option("--db", db, "database file")->required();

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
  if (*rules_run) return RunRulesRunCommand(listings_file, rules_dir, at);
  if (*rules_test) return RunRulesTestCommand(rules_dir);
  if (*robots_cmd) return RunRobotsCheckCommand(robots_file, user_agent, robots_url);
  if (*verify_cmd) return RunEvidenceVerifyCommand(db);
  std::cerr << app.help();
  return kExitBadInput;
}
