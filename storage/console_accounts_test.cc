#include "storage/console_accounts.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include "storage/storage_test_util.h"

namespace shouhu::storage {
namespace {

using testing_util::FreshDir;

TEST(ConsoleAccounts, UsersRolesAndUniqueNames) {
  auto db = Database::Open(FreshDir() + "/s.db");
  ASSERT_TRUE(db.ok()) << db.status().ToString();
  ConsoleUser u{0, "wang", "inspector", "$argon2id$x", "2026-06-01T00:00:00Z", false};
  Result<int64_t> id = InsertConsoleUser(**db, u);
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  EXPECT_FALSE(InsertConsoleUser(**db, u).ok());  // the name is taken
  u.name = "li";
  u.role = "janitor";
  EXPECT_EQ(InsertConsoleUser(**db, u).status().code(), StatusCode::kInvalidArgument);
  auto found = FindConsoleUser(**db, "wang");
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->role, "inspector");
  EXPECT_EQ((*found)->id, *id);
  EXPECT_FALSE(FindConsoleUser(**db, "nobody")->has_value());
  ASSERT_TRUE(SetConsolePassword(**db, "wang", "$argon2id$y").ok());
  EXPECT_EQ((*FindConsoleUserById(**db, *id))->password_hash, "$argon2id$y");
  EXPECT_EQ(SetConsolePassword(**db, "nobody", "h").code(), StatusCode::kNotFound);
}

TEST(ConsoleAccounts, SessionsExpireAndTheAuditLogIsAppendOnly) {
  auto db = Database::Open(FreshDir() + "/s.db");
  ASSERT_TRUE(db.ok());
  ConsoleUser u{0, "zhao", "admin", "h", "2026-06-01T00:00:00Z", false};
  int64_t id = *InsertConsoleUser(**db, u);
  ASSERT_TRUE(InsertConsoleSession(
                  **db, {"aa", id, "csrf1", "2026-06-01T00:00:00Z", "2026-06-01T08:00:00Z"})
                  .ok());
  ASSERT_TRUE(InsertConsoleSession(
                  **db, {"bb", id, "csrf2", "2026-06-01T09:00:00Z", "2026-06-01T17:00:00Z"})
                  .ok());
  EXPECT_EQ((*FindConsoleSession(**db, "aa"))->csrf_token, "csrf1");
  EXPECT_EQ(*DeleteExpiredConsoleSessions(**db, "2026-06-01T10:00:00Z"), 1);
  EXPECT_FALSE(FindConsoleSession(**db, "aa")->has_value());
  ASSERT_TRUE(DeleteConsoleSession(**db, "bb").ok());
  EXPECT_FALSE(FindConsoleSession(**db, "bb")->has_value());

  ASSERT_TRUE(
      AppendConsoleAudit(**db, {0, "2026-06-01T00:00:01Z", "zhao", "login", "", "", "127.0.0.1"})
          .ok());
  ASSERT_TRUE(
      AppendConsoleAudit(**db, {0, "2026-06-01T00:00:02Z", "zhao", "logout", "", "", ""}).ok());
  auto audit = ListConsoleAudit(**db, 10);
  ASSERT_TRUE(audit.ok());
  ASSERT_EQ(audit->size(), 2u);
  EXPECT_EQ((*audit)[0].action, "logout");  // newest first
  EXPECT_THROW((**db).sqlite().exec("UPDATE console_audit SET user = 'x'"), SQLite::Exception);
  EXPECT_THROW((**db).sqlite().exec("DELETE FROM console_audit"), SQLite::Exception);
}

TEST(ConsoleClaims, OneHolderUntilExpiryExtendOrForce) {
  auto db = Database::Open(FreshDir() + "/c.db");
  ASSERT_TRUE(db.ok());
  int64_t a = *InsertConsoleUser(**db, {0, "a", "inspector", "h", "t", false});
  int64_t b = *InsertConsoleUser(**db, {0, "b", "inspector", "h", "t", false});
  int64_t sweep = *(*db)->BeginSweep("s", "2026-06-01T00:00:00Z");
  auto stored = (*db)->StoreListing(sweep, testing_util::SampleListing("1", "积木"),
                                    {testing_util::SampleFinding("N-01", "novelty")}, {"toy"}, {});
  ASSERT_TRUE(stored.ok());
  int64_t listing = stored->listing_id;
  auto c1 =
      ClaimListing(**db, listing, a, "2026-06-01T10:00:00Z", "2026-06-01T10:30:00Z", false, "");
  ASSERT_TRUE(c1.ok()) << c1.status().ToString();
  EXPECT_EQ(c1->user_id, a);
  EXPECT_EQ(c1->user_name, "a");
  // b cannot take it while it holds; a extends it.
  EXPECT_EQ(
      ClaimListing(**db, listing, b, "2026-06-01T10:10:00Z", "2026-06-01T10:40:00Z", false, "")
          ->user_id,
      a);
  EXPECT_EQ(
      ClaimListing(**db, listing, a, "2026-06-01T10:20:00Z", "2026-06-01T10:50:00Z", false, "")
          ->expires_at,
      "2026-06-01T10:50:00Z");
  // After expiry it is free; a supervisor may force it at any time.
  EXPECT_EQ(
      ClaimListing(**db, listing, b, "2026-06-01T11:00:00Z", "2026-06-01T11:30:00Z", false, "")
          ->user_id,
      b);
  auto forced =
      ClaimListing(**db, listing, a, "2026-06-01T11:01:00Z", "2026-06-01T11:31:00Z", true, "zhou");
  EXPECT_EQ(forced->user_id, a);
  EXPECT_EQ(forced->assigned_by, "zhou");
  ASSERT_TRUE(ReleaseClaim(**db, listing).ok());
  EXPECT_FALSE(FindClaim(**db, listing, "2026-06-01T11:02:00Z")->has_value());
  EXPECT_EQ(ClaimListing(**db, 999, a, "t", "u", false, "").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(*ListingOfFinding(**db, 1), listing);
}

}  // namespace
}  // namespace shouhu::storage
