// Status and Result<T>: recoverable errors as values at module edges.
//
// Codes name the domain, so "skipped by policy" (kBlockedByRobots, kOutOfScope)
// never looks like "broken" (kFetchFailed, kParseError). Messages for bad input
// name the file, the line and the field, e.g. "config/sites/tiantu.toml:12: key
// 'fields.title': expected an array of tables".
#ifndef SHOUHU_BASE_STATUS_H_
#define SHOUHU_BASE_STATUS_H_

#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace shouhu {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,  // bad usage or bad input (CLI exit code 2)
  kNotFound,
  kIoError,
  kParseError,       // malformed page, config or data file
  kConfigInvalid,    // config file loads but a value is wrong
  kRuleInvalid,      // a rule pack that cannot be loaded
  kStorage,          // database or WARC failure
  kBlockedByRobots,  // policy: robots.txt disallows the URL
  kOutOfScope,       // policy: host, pattern, depth or page cap
  kFetchFailed,      // network or HTTP failure after retries
  kCancelled,
};

const char* StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}
  static Status Ok() { return Status(); }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  // "parse_error: file.toml:3: key 'x': ..." (or "ok").
  std::string ToString() const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

inline Status InvalidArgument(std::string m) {
  return {StatusCode::kInvalidArgument, std::move(m)};
}
inline Status NotFound(std::string m) { return {StatusCode::kNotFound, std::move(m)}; }
inline Status IoError(std::string m) { return {StatusCode::kIoError, std::move(m)}; }
inline Status ParseError(std::string m) { return {StatusCode::kParseError, std::move(m)}; }
inline Status ConfigInvalid(std::string m) { return {StatusCode::kConfigInvalid, std::move(m)}; }
inline Status RuleInvalid(std::string m) { return {StatusCode::kRuleInvalid, std::move(m)}; }
inline Status StorageError(std::string m) { return {StatusCode::kStorage, std::move(m)}; }

// Either a value or a non-ok Status.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}         // NOLINT: implicit by design
  Result(Status status) : v_(std::move(status)) {}  // NOLINT: implicit by design

  bool ok() const { return std::holds_alternative<T>(v_); }
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(v_);
  }
  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace shouhu

// Inside a function returning Status or Result<U>: evaluates a Result-returning
// `expr`; on failure returns its status, else moves the value into `lhs`.
#define SHOUHU_ASSIGN_OR_RETURN(lhs, expr)          \
  do {                                              \
    auto shouhu_r_ = (expr);                        \
    if (!shouhu_r_.ok()) return shouhu_r_.status(); \
    lhs = std::move(shouhu_r_).value();             \
  } while (0)

// Evaluates a Status-returning `expr`; returns it when not ok.
#define SHOUHU_RETURN_IF_ERROR(expr)       \
  do {                                     \
    ::shouhu::Status shouhu_s_ = (expr);   \
    if (!shouhu_s_.ok()) return shouhu_s_; \
  } while (0)

#endif  // SHOUHU_BASE_STATUS_H_
