#include "app/rules_commands.h"

#include <iostream>
#include <map>
#include <nlohmann/json.hpp>

#include "app/commands.h"
#include "pipeline/registry_import.h"

namespace shouhu::app {
namespace {

// Rules need this many examples each way (issue: "at least two hit and two
// miss examples").
constexpr int kMinExamples = 2;

}  // namespace

int RunRulesCheckCommand(const std::string& rules_dir) {
  auto engine = rules::RuleEngine::LoadDir(rules_dir);
  if (!engine.ok()) return ReportError(engine.status());
  std::map<std::string, int> by_category, by_group;
  int thin = 0;
  const std::vector<rules::RuleInfo> infos = (*engine)->Rules();
  for (const rules::RuleInfo& r : infos) {
    ++by_category[r.category];
    for (const auto& g : r.groups) ++by_group[g];
    if (r.hit_examples < kMinExamples || r.miss_examples < kMinExamples) {
      std::cerr << "shouhu: " << r.where << ": " << r.hit_examples << " hit and " << r.miss_examples
                << " miss examples; at least " << kMinExamples << " of each are needed (rule '"
                << r.id << "')\n";
      ++thin;
    }
  }
  std::cout << rules_dir << ": " << infos.size() << " rules\n\nby category\n";
  for (const auto& [c, n] : by_category) std::cout << "  " << c << "  " << n << "\n";
  std::cout << "\nby product group\n";
  for (const auto& [g, n] : by_group) std::cout << "  " << g << "  " << n << "\n";
  return thin == 0 ? kExitOk : kExitBadInput;
}

int RunCertsImportCommand(const std::string& csv_file, const std::string& db_path) {
  auto n = pipeline::ImportCertificates(csv_file, db_path);
  if (!n.ok()) return ReportError(n.status());
  std::cout << "imported " << *n << " certificates from " << csv_file << " into " << db_path
            << "\n";
  return kExitOk;
}

int RunWatchlistImportCommand(const std::string& csv_file, const std::string& db_path) {
  auto n = pipeline::ImportWatchlist(csv_file, db_path);
  if (!n.ok()) return ReportError(n.status());
  std::cout << "imported " << *n << " watchlist entries from " << csv_file << " into " << db_path
            << "\n";
  return kExitOk;
}

}  // namespace shouhu::app
