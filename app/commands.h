// The shouhu commands, one function each, called by main.cc after CLI11 has
// parsed the arguments. Each returns the process exit code (doc/design.md §6):
// 0 success, 1 a negative verdict, 2 bad usage or bad input.
#ifndef SHOUHU_APP_COMMANDS_H_
#define SHOUHU_APP_COMMANDS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"

namespace shouhu::app {

inline constexpr int kExitOk = 0;
inline constexpr int kExitNegative = 1;
inline constexpr int kExitBadInput = 2;

struct DemoArgs {
  int64_t listings = 300;
  uint64_t seed = 20261111;
  std::string out_dir = "out/demo";
  std::string config_dir;  // empty: ./config, else the source tree's config/
  bool faults = true;
  int workers = 2;
};
int RunDemoCommand(const DemoArgs& args);

struct MarketArgs {
  int port = 8080;
  int64_t listings = 300;
  uint64_t seed = 20261111;
  bool faults = true;
  int threads = 2;
  std::string ground_truth;  // write the ground truth here when set
};
int RunMarketCommand(const MarketArgs& args);

struct SweepArgs {
  std::string config;
  std::optional<std::string> db;
  std::optional<std::string> site;
  std::optional<std::string> at;
  bool resume = false;
};
int RunSweepCommand(const SweepArgs& args);

int RunExtractCommand(const std::string& profile, const std::string& html_file,
                      const std::string& url, const std::string& content_type);
// `shouhu console`: the review console (doc/console.md) until SIGINT/SIGTERM.
struct ConsoleArgs {
  std::string db = "out/shouhu.db";
  std::string listen = "127.0.0.1:8080";
  bool secure_cookies = false;
  int session_minutes = 8 * 60;
  int threads = 4;
};
int RunConsoleCommand(const ConsoleArgs& args);
// `shouhu console user add NAME --role R`: the password from --password-file, else
// the first line of standard input.
int RunConsoleUserAddCommand(const std::string& db, const std::string& name,
                             const std::string& role, const std::string& password_file);

// `shouhu profile check`: what each field's sources did on one saved page; with
// `suggest`, the page's candidate parameter containers instead.
int RunProfileCheckCommand(const std::string& profile, const std::string& html_file,
                           const std::string& url, const std::string& content_type, bool suggest);
// `shouhu rules run`: judges listings (JSON Lines) with the rules context of a
// database (--db) or of CSV files (--registry, --watchlist), as a sweep would.
struct RulesRunArgs {
  std::vector<std::string> listings_files;  // judged in order, as one batch
  std::string rules_dir = "config/rules";
  std::optional<std::string> at;
  std::optional<std::string> db;  // excludes registry and watchlist
  std::optional<std::string> registry, watchlist;
};
int RunRulesRunCommand(const RulesRunArgs& args);
// `shouhu rules score`: the same judging, scored against each listing's
// `expected` categories (pipeline/rules_score.h). Exit 1 when a category is
// under `min_precision` or `min_recall`.
struct RulesScoreArgs {
  RulesRunArgs run;
  double min_precision = 0, min_recall = 0;
  bool json = false;
};
int RunRulesScoreCommand(const RulesScoreArgs& args);
int RunRulesTestCommand(const std::string& rules_dir);
int RunRobotsCheckCommand(const std::string& robots_file, const std::string& user_agent,
                          const std::string& url);
int RunEvidenceVerifyCommand(const std::string& db);

// Prints "shouhu: <message>" on stderr and returns the exit code for the
// status: 2 for bad input (invalid argument, parse, config or rule errors, a
// missing or unreadable file), 1 otherwise (a negative verdict or a failure).
int ReportError(const Status& status);

// At most max_bytes of s, cut at a UTF-8 character boundary, with "…" when cut.
std::string ShortenUtf8(const std::string& s, size_t max_bytes);

// The config folder: `explicit_dir` if set, else ./config if it holds sites/,
// else the source tree's config/ (for a binary run from elsewhere).
std::string FindConfigDir(const std::string& explicit_dir);

}  // namespace shouhu::app

#endif  // SHOUHU_APP_COMMANDS_H_
