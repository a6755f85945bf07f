#include "model/finding.h"

#include <nlohmann/json.hpp>

namespace shouhu {

nlohmann::json FindingsToJson(const std::vector<Finding>& findings) {
  nlohmann::json arr = nlohmann::json::array();
  for (const Finding& f : findings) {
    arr.push_back({{"rule_id", f.rule_id},
                   {"rule_version", f.rule_version},
                   {"category", f.category},
                   {"severity", f.severity},
                   {"field", f.field},
                   {"snippet", f.snippet},
                   {"message", f.message},
                   {"basis", f.basis}});
  }
  return arr;
}

}  // namespace shouhu
