#include "base/status.h"

namespace shouhu {

const char* StatusCodeName(StatusCode code) {
  switch (code) {
    case StatusCode::kOk:
      return "ok";
    case StatusCode::kInvalidArgument:
      return "invalid_argument";
    case StatusCode::kNotFound:
      return "not_found";
    case StatusCode::kIoError:
      return "io_error";
    case StatusCode::kParseError:
      return "parse_error";
    case StatusCode::kConfigInvalid:
      return "config_invalid";
    case StatusCode::kRuleInvalid:
      return "rule_invalid";
    case StatusCode::kStorage:
      return "storage";
    case StatusCode::kBlockedByRobots:
      return "blocked_by_robots";
    case StatusCode::kOutOfScope:
      return "out_of_scope";
    case StatusCode::kFetchFailed:
      return "fetch_failed";
    case StatusCode::kCancelled:
      return "cancelled";
  }
  return "unknown";
}

std::string Status::ToString() const {
  if (ok()) return "ok";
  return std::string(StatusCodeName(code_)) + ": " + message_;
}

}  // namespace shouhu
