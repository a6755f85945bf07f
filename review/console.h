// Console: the inspectors' web application (doc/console.md) — accounts and
// sessions, the review queue, the audit log and user administration — as an
// HttpHandler over the project's database. Pages are rendered on the server
// (no script is needed to use them); every seller-controlled string is escaped;
// every response carries a strict Content-Security-Policy.
//
// Sessions: a random 256-bit token in an HttpOnly, SameSite=Strict cookie
// (Secure when the console runs behind TLS), stored as its SHA-256; a CSRF
// token per session, required on every POST; sessions expire. Logins are
// rate-limited per account and per remote address.
//
// Thread-safety: Handle may be called from several threads at once; database
// access is serialised on one connection.
#ifndef SHOUHU_REVIEW_CONSOLE_H_
#define SHOUHU_REVIEW_CONSOLE_H_

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "base/status.h"
#include "review/http_server.h"
#include "review/password.h"

namespace shouhu::review {

struct ConsoleOptions {
  std::string db_path;
  std::chrono::minutes session_ttl{8 * 60};     // a working day
  bool secure_cookies = false;                  // set behind a TLS reverse proxy (doc/console.md)
  KdfStrength kdf = KdfStrength::kInteractive;  // for passwords set in the console
  // Login rate limit: this many failures within `login_window` lock the account
  // out until the window has passed; four times as many lock the remote address out.
  int login_failures = 5;
  // How long a claim locks a listing to its inspector (renewed by claiming again).
  std::chrono::minutes claim_ttl{30};
  std::chrono::minutes login_window{15};
  // The clock (tests move it to expire sessions); default: the system clock.
  std::function<std::chrono::system_clock::time_point()> now;
};

class Console {
 public:
  // Opens (and migrates) the database. kStorage / kNotFound as Database::Open.
  static Result<std::unique_ptr<Console>> Open(ConsoleOptions options);
  ~Console();

  HttpResponse Handle(const HttpRequest& request);

 private:
  struct Impl;
  explicit Console(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// `shouhu console user add`: creates an account (kInvalidArgument on a bad role,
// a taken name or a short password).
Status AddConsoleUser(const std::string& db_path, const std::string& name, const std::string& role,
                      const std::string& password, KdfStrength strength);

}  // namespace shouhu::review

#endif  // SHOUHU_REVIEW_CONSOLE_H_
