// The review console's accounts, sessions and audit log (migration v6): rows
// and the queries over them. Password hashing and the session policy (lifetime,
// cookie attributes) are review/'s; this file only reads and writes rows.
//
// Thread-safety: as Database (one owner thread).
#ifndef SHOUHU_STORAGE_CONSOLE_ACCOUNTS_H_
#define SHOUHU_STORAGE_CONSOLE_ACCOUNTS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "storage/database.h"

namespace shouhu::storage {

struct ConsoleUser {
  int64_t id = 0;
  std::string name;
  std::string role;  // inspector | supervisor | admin
  std::string password_hash;
  std::string created_at;
  bool disabled = false;
};

bool IsConsoleRole(std::string_view role);

// kInvalidArgument on a bad role, an empty name or a name already taken.
Result<int64_t> InsertConsoleUser(Database& db, const ConsoleUser& user);
// Sets a user's password hash (kNotFound when there is no such user).
Status SetConsolePassword(Database& db, std::string_view name, std::string_view password_hash);
// nullopt when there is no such user.
Result<std::optional<ConsoleUser>> FindConsoleUser(Database& db, std::string_view name);
Result<std::optional<ConsoleUser>> FindConsoleUserById(Database& db, int64_t id);
Result<std::vector<ConsoleUser>> ListConsoleUsers(Database& db);

struct ConsoleSession {
  std::string token_sha256;  // the cookie token's SHA-256, hex
  int64_t user_id = 0;
  std::string csrf_token;
  std::string created_at, expires_at;  // RFC 3339 UTC
};

Status InsertConsoleSession(Database& db, const ConsoleSession& session);
// The session, whether or not it has expired (the caller compares expires_at).
Result<std::optional<ConsoleSession>> FindConsoleSession(Database& db,
                                                         std::string_view token_sha256);
Status DeleteConsoleSession(Database& db, std::string_view token_sha256);
// Removes sessions that expired before `now` (RFC 3339); returns how many.
Result<int64_t> DeleteExpiredConsoleSessions(Database& db, std::string_view now);

// A listing locked to one user until expires_at (migration v8).
struct ConsoleClaim {
  int64_t listing_id = 0;
  int64_t user_id = 0;
  std::string user_name;
  std::string claimed_at, expires_at;  // RFC 3339 UTC
  std::string assigned_by;             // the supervisor who assigned it; "" = taken
};

// Takes `listing_id` for `user_id` until `expires_at` when it is free, its claim
// has expired (before `now`), it is already the user's (extended), or `force`
// (a supervisor assigning). Returns the claim in force afterwards: the caller
// compares its user_id to see whether it got it. kNotFound for no such listing.
Result<ConsoleClaim> ClaimListing(Database& db, int64_t listing_id, int64_t user_id,
                                  std::string_view now, std::string_view expires_at, bool force,
                                  std::string_view assigned_by);
// The unexpired claim on a listing, if any.
Result<std::optional<ConsoleClaim>> FindClaim(Database& db, int64_t listing_id,
                                              std::string_view now);
Status ReleaseClaim(Database& db, int64_t listing_id);
// The listing a finding belongs to (kNotFound when no such finding).
Result<int64_t> ListingOfFinding(Database& db, int64_t finding_id);

struct AuditEntry {
  int64_t id = 0;
  std::string at, user, action, target, detail, remote;
};
Status AppendConsoleAudit(Database& db, const AuditEntry& entry);
// Newest first, at most `limit`.
Result<std::vector<AuditEntry>> ListConsoleAudit(Database& db, int limit);

}  // namespace shouhu::storage

#endif  // SHOUHU_STORAGE_CONSOLE_ACCOUNTS_H_
