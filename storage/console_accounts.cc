#include "storage/console_accounts.h"

#include <SQLiteCpp/SQLiteCpp.h>

#include <exception>

namespace shouhu::storage {
namespace {

constexpr const char* kUserSelect =
    "SELECT id, name, role, password_hash, created_at, disabled FROM console_users ";

ConsoleUser ReadUser(SQLite::Statement& st) {
  ConsoleUser u;
  u.id = st.getColumn(0).getInt64();
  u.name = st.getColumn(1).getString();
  u.role = st.getColumn(2).getString();
  u.password_hash = st.getColumn(3).getString();
  u.created_at = st.getColumn(4).getString();
  u.disabled = st.getColumn(5).getInt() != 0;
  return u;
}

}  // namespace

bool IsConsoleRole(std::string_view role) {
  return role == "inspector" || role == "supervisor" || role == "admin";
}

Result<int64_t> InsertConsoleUser(Database& db, const ConsoleUser& user) {
  if (user.name.empty()) return InvalidArgument("console user: empty name");
  if (!IsConsoleRole(user.role)) {
    return InvalidArgument("console user '" + user.name + "': unknown role '" + user.role +
                           "' (inspector, supervisor or admin)");
  }
  try {
    Result<std::optional<ConsoleUser>> existing = FindConsoleUser(db, user.name);
    if (!existing.ok()) return existing.status();
    if (existing->has_value())
      return InvalidArgument("console user '" + user.name + "' already exists");
    SQLite::Statement ins(db.sqlite(),
                          "INSERT INTO console_users(name, role, password_hash, created_at, "
                          "disabled) VALUES (?,?,?,?,?)");
    ins.bind(1, user.name);
    ins.bind(2, user.role);
    ins.bind(3, user.password_hash);
    ins.bind(4, user.created_at);
    ins.bind(5, user.disabled ? 1 : 0);
    ins.exec();
    return db.sqlite().getLastInsertRowid();
  } catch (const std::exception& e) {
    return StorageError("console user '" + user.name + "': " + e.what());
  }
}

Status SetConsolePassword(Database& db, std::string_view name, std::string_view password_hash) {
  try {
    SQLite::Statement st(db.sqlite(), "UPDATE console_users SET password_hash = ? WHERE name = ?");
    st.bind(1, std::string(password_hash));
    st.bind(2, std::string(name));
    if (st.exec() == 0) return NotFound("console user '" + std::string(name) + "': no such user");
    return Status::Ok();
  } catch (const std::exception& e) {
    return StorageError("console user '" + std::string(name) + "': " + e.what());
  }
}

Result<std::optional<ConsoleUser>> FindConsoleUser(Database& db, std::string_view name) {
  try {
    SQLite::Statement st(db.sqlite(), std::string(kUserSelect) + "WHERE name = ?");
    st.bind(1, std::string(name));
    if (!st.executeStep()) return std::optional<ConsoleUser>();
    return std::optional<ConsoleUser>(ReadUser(st));
  } catch (const std::exception& e) {
    return StorageError("console user '" + std::string(name) + "': " + e.what());
  }
}

Result<std::optional<ConsoleUser>> FindConsoleUserById(Database& db, int64_t id) {
  try {
    SQLite::Statement st(db.sqlite(), std::string(kUserSelect) + "WHERE id = ?");
    st.bind(1, id);
    if (!st.executeStep()) return std::optional<ConsoleUser>();
    return std::optional<ConsoleUser>(ReadUser(st));
  } catch (const std::exception& e) {
    return StorageError("console user " + std::to_string(id) + ": " + e.what());
  }
}

Result<std::vector<ConsoleUser>> ListConsoleUsers(Database& db) {
  try {
    std::vector<ConsoleUser> out;
    SQLite::Statement st(db.sqlite(), std::string(kUserSelect) + "ORDER BY name");
    while (st.executeStep()) out.push_back(ReadUser(st));
    return out;
  } catch (const std::exception& e) {
    return StorageError(std::string("console users: ") + e.what());
  }
}

Status InsertConsoleSession(Database& db, const ConsoleSession& s) {
  try {
    SQLite::Statement ins(db.sqlite(),
                          "INSERT INTO console_sessions(token_sha256, user_id, csrf_token, "
                          "created_at, expires_at) VALUES (?,?,?,?,?)");
    ins.bind(1, s.token_sha256);
    ins.bind(2, s.user_id);
    ins.bind(3, s.csrf_token);
    ins.bind(4, s.created_at);
    ins.bind(5, s.expires_at);
    ins.exec();
    return Status::Ok();
  } catch (const std::exception& e) {
    return StorageError(std::string("console session: ") + e.what());
  }
}

Result<std::optional<ConsoleSession>> FindConsoleSession(Database& db,
                                                         std::string_view token_sha256) {
  try {
    SQLite::Statement st(db.sqlite(),
                         "SELECT token_sha256, user_id, csrf_token, created_at, expires_at "
                         "FROM console_sessions WHERE token_sha256 = ?");
    st.bind(1, std::string(token_sha256));
    if (!st.executeStep()) return std::optional<ConsoleSession>();
    ConsoleSession s;
    s.token_sha256 = st.getColumn(0).getString();
    s.user_id = st.getColumn(1).getInt64();
    s.csrf_token = st.getColumn(2).getString();
    s.created_at = st.getColumn(3).getString();
    s.expires_at = st.getColumn(4).getString();
    return std::optional<ConsoleSession>(std::move(s));
  } catch (const std::exception& e) {
    return StorageError(std::string("console session: ") + e.what());
  }
}

Status DeleteConsoleSession(Database& db, std::string_view token_sha256) {
  try {
    SQLite::Statement st(db.sqlite(), "DELETE FROM console_sessions WHERE token_sha256 = ?");
    st.bind(1, std::string(token_sha256));
    st.exec();
    return Status::Ok();
  } catch (const std::exception& e) {
    return StorageError(std::string("console session: ") + e.what());
  }
}

Result<int64_t> DeleteExpiredConsoleSessions(Database& db, std::string_view now) {
  try {
    SQLite::Statement st(db.sqlite(), "DELETE FROM console_sessions WHERE expires_at < ?");
    st.bind(1, std::string(now));
    return static_cast<int64_t>(st.exec());
  } catch (const std::exception& e) {
    return StorageError(std::string("console sessions: ") + e.what());
  }
}

Result<std::optional<ConsoleClaim>> FindClaim(Database& db, int64_t listing_id,
                                              std::string_view now) {
  try {
    SQLite::Statement st(db.sqlite(),
                         "SELECT c.listing_id, c.user_id, IFNULL(u.name, ''), c.claimed_at, "
                         "c.expires_at, c.assigned_by FROM console_claims c LEFT JOIN "
                         "console_users u ON u.id = c.user_id WHERE c.listing_id = ? AND "
                         "c.expires_at > ?");
    st.bind(1, listing_id);
    st.bind(2, std::string(now));
    if (!st.executeStep()) return std::optional<ConsoleClaim>();
    ConsoleClaim c;
    c.listing_id = st.getColumn(0).getInt64();
    c.user_id = st.getColumn(1).getInt64();
    c.user_name = st.getColumn(2).getString();
    c.claimed_at = st.getColumn(3).getString();
    c.expires_at = st.getColumn(4).getString();
    c.assigned_by = st.getColumn(5).getString();
    return std::optional<ConsoleClaim>(std::move(c));
  } catch (const std::exception& e) {
    return StorageError("claim on listing " + std::to_string(listing_id) + ": " + e.what());
  }
}

Result<ConsoleClaim> ClaimListing(Database& db, int64_t listing_id, int64_t user_id,
                                  std::string_view now, std::string_view expires_at, bool force,
                                  std::string_view assigned_by) {
  try {
    {
      SQLite::Statement l(db.sqlite(), "SELECT 1 FROM listings WHERE id = ?");
      l.bind(1, listing_id);
      if (!l.executeStep()) return NotFound("listing " + std::to_string(listing_id));
    }
    // One statement: the conflict test and the write are atomic even against
    // another console process on the same database.
    SQLite::Statement up(db.sqlite(),
                         "INSERT INTO console_claims(listing_id, user_id, claimed_at, expires_at, "
                         "assigned_by) VALUES (?1, ?2, ?3, ?4, ?6) ON CONFLICT(listing_id) DO "
                         "UPDATE SET user_id = excluded.user_id, claimed_at = excluded.claimed_at, "
                         "expires_at = excluded.expires_at, assigned_by = excluded.assigned_by "
                         "WHERE console_claims.expires_at <= ?3 OR console_claims.user_id = ?2 "
                         "OR ?5");
    up.bind(1, listing_id);
    up.bind(2, user_id);
    up.bind(3, std::string(now));
    up.bind(4, std::string(expires_at));
    up.bind(5, force ? 1 : 0);
    up.bind(6, std::string(assigned_by));
    up.exec();
    Result<std::optional<ConsoleClaim>> held = FindClaim(db, listing_id, now);
    if (!held.ok()) return held.status();
    if (!held->has_value())
      return StorageError("claim on listing " + std::to_string(listing_id) + ": lost");
    return **held;
  } catch (const std::exception& e) {
    return StorageError("claim on listing " + std::to_string(listing_id) + ": " + e.what());
  }
}

Status ReleaseClaim(Database& db, int64_t listing_id) {
  try {
    SQLite::Statement st(db.sqlite(), "DELETE FROM console_claims WHERE listing_id = ?");
    st.bind(1, listing_id);
    st.exec();
    return Status::Ok();
  } catch (const std::exception& e) {
    return StorageError("claim on listing " + std::to_string(listing_id) + ": " + e.what());
  }
}

Result<int64_t> ListingOfFinding(Database& db, int64_t finding_id) {
  try {
    SQLite::Statement st(db.sqlite(),
                         "SELECT v.listing_id FROM findings f JOIN listing_versions v ON v.id = "
                         "f.listing_version_id WHERE f.id = ?");
    st.bind(1, finding_id);
    if (!st.executeStep()) return NotFound("finding " + std::to_string(finding_id));
    return st.getColumn(0).getInt64();
  } catch (const std::exception& e) {
    return StorageError("finding " + std::to_string(finding_id) + ": " + e.what());
  }
}

Status AppendConsoleAudit(Database& db, const AuditEntry& e) {
  try {
    SQLite::Statement ins(db.sqlite(),
                          "INSERT INTO console_audit(at, user, action, target, detail, remote) "
                          "VALUES (?,?,?,?,?,?)");
    ins.bind(1, e.at);
    ins.bind(2, e.user);
    ins.bind(3, e.action);
    ins.bind(4, e.target);
    ins.bind(5, e.detail);
    ins.bind(6, e.remote);
    ins.exec();
    return Status::Ok();
  } catch (const std::exception& ex) {
    return StorageError(std::string("console audit: ") + ex.what());
  }
}

Result<std::vector<AuditEntry>> ListConsoleAudit(Database& db, int limit) {
  try {
    std::vector<AuditEntry> out;
    SQLite::Statement st(db.sqlite(),
                         "SELECT id, at, user, action, target, detail, remote FROM console_audit "
                         "ORDER BY id DESC LIMIT ?");
    st.bind(1, limit);
    while (st.executeStep()) {
      AuditEntry e;
      e.id = st.getColumn(0).getInt64();
      e.at = st.getColumn(1).getString();
      e.user = st.getColumn(2).getString();
      e.action = st.getColumn(3).getString();
      e.target = st.getColumn(4).getString();
      e.detail = st.getColumn(5).getString();
      e.remote = st.getColumn(6).getString();
      out.push_back(std::move(e));
    }
    return out;
  } catch (const std::exception& ex) {
    return StorageError(std::string("console audit: ") + ex.what());
  }
}

}  // namespace shouhu::storage
