#include "evidence/case_format.h"

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace shouhu::evidence {

std::string DumpCaseJson(const nlohmann::json& j, int indent) {
  return j.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace) +
         (indent >= 0 ? "\n" : "");
}

Result<std::string> ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return IoError(path + ": cannot open file");
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace shouhu::evidence
