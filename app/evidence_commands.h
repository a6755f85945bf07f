// The evidence commands beyond `evidence verify --db` (doc/design.md §5.4, §6): case
// export, case verification without the database, and a listing's history.
// Each returns the process exit code: 0 success, 1 a negative verdict (case or
// source evidence does not verify), 2 bad usage or bad input.
#ifndef SHOUHU_APP_EVIDENCE_COMMANDS_H_
#define SHOUHU_APP_EVIDENCE_COMMANDS_H_

#include <string>

namespace shouhu::app {

// The database the demo writes; the default of every command that reads one.
inline constexpr const char* kDefaultDb = "out/demo/shouhu.db";

struct CaseExportArgs {
  std::string db = kDefaultDb;
  std::string listing;  // listing id or SITE/ITEM_ID
  std::string out;
  bool zip = false;
  std::string operator_name;  // 提取人; default $USER
  std::string warc_dir;       // where the sweep's WARC files are, if moved
};
int RunCaseExportCommand(const CaseExportArgs& args);

// `shouhu evidence verify --case DIR|FILE.zip`
int RunEvidenceVerifyCaseCommand(const std::string& case_path);

// `shouhu listing show ID`
int RunListingShowCommand(const std::string& db, const std::string& listing);

}  // namespace shouhu::app

#endif  // SHOUHU_APP_EVIDENCE_COMMANDS_H_
