// The console over real HTTP on a loopback port, against a real SQLite file:
// login, CSRF, sessions and their expiry, the login rate limit, authorisation
// per role, escaping of seller-controlled text, security headers.
#include "review/console.h"

#include <gtest/gtest.h>

#include <atomic>
#include <memory>

#include "model/listing.h"
#include "review/http_server.h"
#include "review/http_test_client.h"
#include "storage/console_accounts.h"
#include "storage/database.h"
#include "storage/review_log.h"
#include "storage/storage_test_util.h"

namespace shouhu::review {
namespace {

using testing_util::HiddenInput;
using testing_util::TestClient;

constexpr const char* kPassword = "correct horse battery";

class ConsoleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_path_ = storage::testing_util::FreshDir() + "/shouhu.db";
    {
      auto db = storage::Database::Open(db_path_);
      ASSERT_TRUE(db.ok()) << db.status().ToString();
      int64_t sweep = *(*db)->BeginSweep("s", "2026-06-18T00:00:00Z");
      Listing hostile =
          storage::testing_util::SampleListing("7", "<script>alert(1)</script>水晶泥");
      auto stored = (*db)->StoreListing(
          sweep, hostile, {storage::testing_util::SampleFinding("N-01", "novelty")}, {"toy"}, {});
      ASSERT_TRUE(stored.ok()) << stored.status().ToString();
    }
    for (auto [name, role] : {std::pair{"wang", "inspector"}, std::pair{"zhou", "supervisor"},
                              std::pair{"root", "admin"}}) {
      ASSERT_TRUE(AddConsoleUser(db_path_, name, role, kPassword, KdfStrength::kTestOnly).ok());
    }
    ConsoleOptions o;
    o.db_path = db_path_;
    o.kdf = KdfStrength::kTestOnly;
    o.session_ttl = std::chrono::minutes(30);
    o.now = [this] {
      return std::chrono::system_clock::time_point(std::chrono::seconds(now_s_.load()));
    };
    auto console = Console::Open(o);
    ASSERT_TRUE(console.ok()) << console.status().ToString();
    console_ = std::move(*console);
    server_ =
        std::make_unique<HttpServer>([this](const HttpRequest& r) { return console_->Handle(r); });
    ASSERT_TRUE(server_->Listen("127.0.0.1", 0).ok());
    server_->Start();
  }
  void TearDown() override {
    if (server_) server_->Stop();
  }

  // Logs `name` in on `c`; returns the session's CSRF token (from the queue page).
  std::string LogIn(TestClient& c, const std::string& name,
                    const std::string& password = kPassword) {
    auto page = c.Get("/login");
    EXPECT_EQ(page.status, 200);
    auto r = c.Post("/login", "csrf=" + HiddenInput(page.body, "csrf") + "&name=" + name +
                                  "&password=" + PercentEncode(password));
    if (r.status != 303) return "";
    auto queue = c.Get("/");
    EXPECT_EQ(queue.status, 200);
    return HiddenInput(queue.body, "csrf");
  }

  std::string db_path_;
  std::atomic<int64_t> now_s_{1781740800};  // 2026-06-18T00:00:00Z
  std::unique_ptr<Console> console_;
  std::unique_ptr<HttpServer> server_;
};

TEST_F(ConsoleTest, LoginSetsAStrictHttpOnlySessionAndLogoutEndsIt) {
  TestClient c(server_->port());
  EXPECT_EQ(c.Get("/").status, 303);  // not logged in: to the login page
  auto login = c.Get("/login");
  ASSERT_EQ(login.status, 200);
  auto wrong = c.Post(
      "/login", "csrf=" + HiddenInput(login.body, "csrf") + "&name=wang&password=wrong+password");
  EXPECT_EQ(wrong.status, 401);
  EXPECT_NE(wrong.body.find("用户名或密码错误"), std::string::npos);
  auto ok = c.Post("/login", "csrf=" + HiddenInput(login.body, "csrf") +
                                 "&name=wang&password=" + PercentEncode(kPassword));
  ASSERT_EQ(ok.status, 303);
  EXPECT_EQ(ok.Header("location"), "/");
  bool session_cookie = false;
  for (const std::string& sc : ok.All("set-cookie")) {
    if (sc.rfind("shouhu_session=", 0) != 0) continue;
    session_cookie = true;
    EXPECT_NE(sc.find("HttpOnly"), std::string::npos) << sc;
    EXPECT_NE(sc.find("SameSite=Strict"), std::string::npos) << sc;
    EXPECT_EQ(sc.find("Secure"), std::string::npos) << sc;  // not behind TLS here
  }
  EXPECT_TRUE(session_cookie);
  auto queue = c.Get("/");
  ASSERT_EQ(queue.status, 200);
  std::string csrf = HiddenInput(queue.body, "csrf");
  ASSERT_EQ(csrf.size(), 64u);
  // Logout needs the CSRF token too.
  EXPECT_EQ(c.Post("/logout", "").status, 403);
  EXPECT_EQ(c.Post("/logout", "csrf=" + csrf).status, 303);
  EXPECT_EQ(c.Get("/").status, 303);
}

TEST_F(ConsoleTest, TheSessionTokenIsStoredOnlyAsItsHash) {
  TestClient c(server_->port());
  ASSERT_FALSE(LogIn(c, "wang").empty());
  std::string token = c.cookies()["shouhu_session"];
  ASSERT_EQ(token.size(), 64u);
  auto db = storage::Database::Open(db_path_);
  ASSERT_TRUE(db.ok());
  EXPECT_FALSE(storage::FindConsoleSession(**db, token)->has_value());
}

TEST_F(ConsoleTest, LoginWithoutTheFormTokenIsRefused) {
  TestClient c(server_->port());
  (void)c.Get("/login");
  auto r = c.Post("/login", "csrf=forged&name=wang&password=" + PercentEncode(kPassword));
  EXPECT_EQ(r.status, 403);
  TestClient fresh(server_->port());  // no login cookie at all
  EXPECT_EQ(fresh.Post("/login", "name=wang&password=x").status, 403);
}

TEST_F(ConsoleTest, SessionsExpire) {
  TestClient c(server_->port());
  ASSERT_FALSE(LogIn(c, "wang").empty());
  now_s_ += 29 * 60;
  EXPECT_EQ(c.Get("/").status, 200);
  now_s_ += 2 * 60;  // past the 30-minute lifetime
  EXPECT_EQ(c.Get("/").status, 303);
}

TEST_F(ConsoleTest, RepeatedFailuresLockTheAccountOutForAWhile) {
  TestClient c(server_->port());
  auto page = c.Get("/login");
  std::string csrf = HiddenInput(page.body, "csrf");
  for (int i = 0; i < 5; ++i)
    EXPECT_EQ(
        c.Post("/login", "csrf=" + csrf + "&name=zhou&password=guess" + std::to_string(i)).status,
        401);
  // Locked: even the right password is refused now.
  EXPECT_EQ(
      c.Post("/login", "csrf=" + csrf + "&name=zhou&password=" + PercentEncode(kPassword)).status,
      429);
  // Another account from the same address still logs in: the address allows more.
  TestClient other(server_->port());
  EXPECT_FALSE(LogIn(other, "wang").empty());
  now_s_ += 16 * 60;
  EXPECT_EQ(
      c.Post("/login", "csrf=" + csrf + "&name=zhou&password=" + PercentEncode(kPassword)).status,
      303);
  // Guessing across many names from one address locks the address out.
  csrf = HiddenInput(c.Get("/login").body, "csrf");  // the login cookie went with the login
  for (int i = 0; i < 20; ++i)
    (void)c.Post("/login", "csrf=" + csrf + "&name=user" + std::to_string(i) + "&password=guess");
  TestClient same_address(server_->port());
  EXPECT_TRUE(LogIn(same_address, "root").empty());
}

TEST_F(ConsoleTest, RolesDecideWhatOpens) {
  TestClient inspector(server_->port());
  std::string csrf = LogIn(inspector, "wang");
  ASSERT_FALSE(csrf.empty());
  EXPECT_EQ(inspector.Get("/admin/users").status, 403);
  EXPECT_EQ(inspector.Get("/audit").status, 403);
  EXPECT_EQ(inspector
                .Post("/admin/users",
                      "csrf=" + csrf + "&name=evil&role=admin&password=" + PercentEncode(kPassword))
                .status,
            403);
  TestClient supervisor(server_->port());
  ASSERT_FALSE(LogIn(supervisor, "zhou").empty());
  EXPECT_EQ(supervisor.Get("/audit").status, 200);
  EXPECT_EQ(supervisor.Get("/admin/users").status, 403);
  TestClient admin(server_->port());
  std::string admin_csrf = LogIn(admin, "root");
  EXPECT_EQ(admin.Get("/admin/users").status, 200);
  // An admin adds a user, with the CSRF token; without it the request is refused.
  EXPECT_EQ(
      admin.Post("/admin/users", "name=li&role=inspector&password=" + PercentEncode(kPassword))
          .status,
      403);
  EXPECT_EQ(admin
                .Post("/admin/users", "csrf=" + admin_csrf + "&name=li&role=inspector&password=" +
                                          PercentEncode(kPassword))
                .status,
            303);
  TestClient li(server_->port());
  EXPECT_FALSE(LogIn(li, "li").empty());
  // The audit log saw all of it.
  auto audit = supervisor.Get("/audit");
  EXPECT_NE(audit.body.find("user-add"), std::string::npos);
  EXPECT_NE(audit.body.find("forbidden"), std::string::npos);
  EXPECT_NE(audit.body.find("csrf-rejected"), std::string::npos);
  EXPECT_NE(audit.body.find("login"), std::string::npos);
}

TEST_F(ConsoleTest, SellerTextIsEscapedAndPagesCarryAStrictPolicy) {
  TestClient c(server_->port());
  ASSERT_FALSE(LogIn(c, "wang").empty());
  auto queue = c.Get("/?category=novelty");
  ASSERT_EQ(queue.status, 200);
  EXPECT_EQ(queue.body.find("<script>"), std::string::npos);
  EXPECT_NE(queue.body.find("&lt;script&gt;alert(1)&lt;/script&gt;水晶泥"), std::string::npos);
  // A filter value is escaped in the form it is echoed into.
  auto echoed = c.Get("/?site=%22%3E%3Cscript%3E");
  EXPECT_EQ(echoed.body.find("\"><script>"), std::string::npos);
  std::string csp = queue.Header("content-security-policy");
  EXPECT_NE(csp.find("default-src 'none'"), std::string::npos);
  EXPECT_EQ(csp.find("script-src"), std::string::npos);  // no script may run at all
  EXPECT_EQ(queue.Header("x-content-type-options"), "nosniff");
  EXPECT_EQ(queue.Header("cache-control"), "no-store");
  auto css = c.Get("/static/console.css");
  EXPECT_EQ(css.status, 200);
  EXPECT_EQ(css.Header("content-type"), "text/css; charset=utf-8");
}

TEST_F(ConsoleTest, TheQueuePagesByKeysetAndCountsPerCategory) {
  {
    // A sweep writing while the console serves: its own connection, as in production.
    auto db = storage::Database::Open(db_path_);
    ASSERT_TRUE(db.ok());
    int64_t sweep = *(*db)->BeginSweep("s2", "2026-06-19T00:00:00Z");
    for (int i = 0; i < 60; ++i) {
      auto stored = (*db)->StoreListing(
          sweep, storage::testing_util::SampleListing("p" + std::to_string(i), "积木"),
          {storage::testing_util::SampleFinding("G-01", "label.missing")}, {"toy"}, {});
      ASSERT_TRUE(stored.ok());
    }
  }
  TestClient c(server_->port());
  ASSERT_FALSE(LogIn(c, "wang").empty());
  auto first = c.Get("/");
  ASSERT_EQ(first.status, 200);
  EXPECT_NE(first.body.find("61 findings"), std::string::npos);
  EXPECT_NE(first.body.find("label.missing 60"), std::string::npos);
  EXPECT_NE(first.body.find("novelty 1"), std::string::npos);
  size_t at = first.body.find("rel=\"next\" href=\"");
  ASSERT_NE(at, std::string::npos);
  at += std::string("rel=\"next\" href=\"").size();
  std::string next = first.body.substr(at, first.body.find('"', at) - at);
  EXPECT_EQ(next.rfind("/?before=", 0), 0u) << next;
  auto second = c.Get(next);
  ASSERT_EQ(second.status, 200);
  EXPECT_NE(second.body.find("水晶泥"), std::string::npos);  // the oldest finding, last
  EXPECT_EQ(second.body.find("rel=\"next\""), std::string::npos);
  // A filter keeps to its findings and its link keeps the filter.
  auto novelty = c.Get("/?category=novelty");
  EXPECT_NE(novelty.body.find("1 findings"), std::string::npos);
  EXPECT_EQ(c.Get("/?status=maybe").status, 400);
}

TEST_F(ConsoleTest, ClaimsLockAListingToOneInspectorAndDecisionsAreLedgered) {
  ASSERT_TRUE(AddConsoleUser(db_path_, "li", "inspector", kPassword, KdfStrength::kTestOnly).ok());
  TestClient wang(server_->port()), li(server_->port()), zhou(server_->port());
  std::string wang_csrf = LogIn(wang, "wang"), li_csrf = LogIn(li, "li"),
              zhou_csrf = LogIn(zhou, "zhou");
  auto queue = wang.Get("/");
  std::string listing = HiddenInput(queue.body, "listing");
  ASSERT_FALSE(listing.empty());
  // No claim: no decision.
  auto finding_at = queue.body.find("<tr><td>");
  ASSERT_NE(finding_at, std::string::npos);
  std::string finding =
      queue.body.substr(finding_at + 8, queue.body.find('<', finding_at + 8) - finding_at - 8);
  EXPECT_EQ(wang.Post("/decide", "csrf=" + wang_csrf + "&finding=" + finding + "&decision=confirm")
                .status,
            409);
  EXPECT_EQ(wang.Post("/claim", "csrf=" + wang_csrf + "&listing=" + listing).status, 303);
  // Locked to wang: li can neither take it, nor decide it, nor release it.
  EXPECT_EQ(li.Post("/claim", "csrf=" + li_csrf + "&listing=" + listing).status, 409);
  EXPECT_EQ(
      li.Post("/decide", "csrf=" + li_csrf + "&finding=" + finding + "&decision=confirm").status,
      409);
  EXPECT_EQ(li.Post("/release", "csrf=" + li_csrf + "&listing=" + listing).status, 403);
  // A dismissal needs a reason from the list.
  EXPECT_EQ(wang.Post("/decide", "csrf=" + wang_csrf + "&finding=" + finding + "&decision=dismiss")
                .status,
            400);
  EXPECT_EQ(wang.Post("/decide", "csrf=" + wang_csrf + "&finding=" + finding +
                                     "&decision=dismiss&reason=made-up")
                .status,
            400);
  EXPECT_EQ(wang.Post("/decide", "csrf=" + wang_csrf + "&finding=" + finding +
                                     "&decision=dismiss&reason=not-children&note=%E7%AE%A1")
                .status,
            303);
  {
    auto db = storage::Database::Open(db_path_);
    ASSERT_TRUE(db.ok());
    auto decisions = storage::DecisionsForListing(**db, std::stoll(listing));
    ASSERT_TRUE(decisions.ok());
    ASSERT_EQ(decisions->size(), 1u);
    EXPECT_EQ((*decisions)[0].decision, "dismiss");
    EXPECT_EQ((*decisions)[0].inspector, "wang");
    EXPECT_EQ((*decisions)[0].note, "reason: not-children; 管");
    EXPECT_GT((*decisions)[0].ledger_seq, 0);  // in the evidence ledger
  }
  EXPECT_NE(wang.Get("/").body.find("<td>dismiss</td>"), std::string::npos);
  // A supervisor assigns it to li: now li decides and wang may not.
  EXPECT_EQ(li.Post("/assign", "csrf=" + li_csrf + "&listing=" + listing + "&user=li").status, 403);
  EXPECT_EQ(zhou.Post("/assign", "csrf=" + zhou_csrf + "&listing=" + listing + "&user=li").status,
            303);
  EXPECT_EQ(wang.Post("/decide", "csrf=" + wang_csrf + "&finding=" + finding + "&decision=confirm")
                .status,
            409);
  EXPECT_EQ(
      li.Post("/decide", "csrf=" + li_csrf + "&finding=" + finding + "&decision=test-purchase")
          .status,
      303);
  // The claim expires: anyone may take it again.
  now_s_ += 31 * 60;  // past the claim (and the sessions: log in again)
  wang_csrf = LogIn(wang, "wang");
  zhou_csrf = LogIn(zhou, "zhou");
  EXPECT_EQ(wang.Post("/claim", "csrf=" + wang_csrf + "&listing=" + listing).status, 303);
  auto audit = zhou.Get("/audit");
  for (const char* action : {"claim", "assign", "decide", "decide-refused"})
    EXPECT_NE(audit.body.find(std::string("<td>") + action + "</td>"), std::string::npos) << action;
}

TEST_F(ConsoleTest, TheListingViewShowsFieldsProvenanceMarkedSnippetsAndHistory) {
  int64_t listing_id = 0;
  {
    auto db = storage::Database::Open(db_path_);
    ASSERT_TRUE(db.ok());
    int64_t sweep = *(*db)->BeginSweep("s2", "2026-06-25T00:00:00Z");
    Listing l = storage::testing_util::SampleListing("7", "<script>alert(1)</script>水晶泥 新款");
    l.provenance["title"] = {"jsonld", "name"};
    Finding f = storage::testing_util::SampleFinding("N-01", "novelty");
    auto stored = (*db)->StoreListing(sweep, l, {f}, {"toy"}, {});
    ASSERT_TRUE(stored.ok());
    listing_id = stored->listing_id;
  }
  TestClient c(server_->port());
  ASSERT_FALSE(LogIn(c, "wang").empty());
  auto page = c.Get("/listing?id=" + std::to_string(listing_id));
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_EQ(page.body.find("<script>"), std::string::npos);
  // The snippet marked inside the escaped title it was found in.
  EXPECT_NE(page.body.find("&lt;script&gt;alert(1)&lt;/script&gt;<mark>水晶泥</mark> 新款"),
            std::string::npos)
      << page.body;
  EXPECT_NE(page.body.find("jsonld name"), std::string::npos);  // provenance
  // Two versions: the change between them is listed.
  EXPECT_NE(page.body.find("version"), std::string::npos);
  EXPECT_NE(page.body.find("title: "), std::string::npos);
  EXPECT_NE(page.body.find("action=\"/claim\""), std::string::npos);
  EXPECT_EQ(c.Get("/listing?id=999").status, 404);
  EXPECT_EQ(c.Get("/listing?id=abc").status, 400);
}

TEST(ConsoleCookies, SecureBehindTls) {
  std::string db = storage::testing_util::FreshDir() + "/c.db";
  ASSERT_TRUE(AddConsoleUser(db, "wang", "inspector", kPassword, KdfStrength::kTestOnly).ok());
  ConsoleOptions o;
  o.db_path = db;
  o.secure_cookies = true;
  auto console = Console::Open(o);
  ASSERT_TRUE(console.ok());
  HttpRequest get{"GET", "/login", "/login", "", {}, "", "10.0.0.1"};
  HttpResponse page = (*console)->Handle(get);
  std::string login_cookie;
  for (const auto& [k, v] : page.headers) {
    if (k == "Set-Cookie") login_cookie = v;
  }
  EXPECT_NE(login_cookie.find("; Secure"), std::string::npos) << login_cookie;
  std::string token = login_cookie.substr(login_cookie.find('=') + 1, 64);
  HttpRequest post{"POST",
                   "/login",
                   "/login",
                   "",
                   {{"cookie", "shouhu_login=" + token}},
                   "csrf=" + token + "&name=wang&password=" + PercentEncode(kPassword),
                   "10.0.0.1"};
  HttpResponse r = (*console)->Handle(post);
  EXPECT_EQ(r.status, 303);
  bool secure_session = false;
  for (const auto& [k, v] : r.headers) {
    if (k == "Set-Cookie" && v.rfind("shouhu_session=", 0) == 0)
      secure_session = v.find("; Secure") != std::string::npos;
  }
  EXPECT_TRUE(secure_session);
}

TEST(ConsoleUsers, AddRefusesBadRolesShortPasswordsAndTakenNames) {
  std::string db = storage::testing_util::FreshDir() + "/u.db";
  EXPECT_EQ(AddConsoleUser(db, "a", "boss", kPassword, KdfStrength::kTestOnly).code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(AddConsoleUser(db, "a", "admin", "short", KdfStrength::kTestOnly).code(),
            StatusCode::kInvalidArgument);
  EXPECT_TRUE(AddConsoleUser(db, "a", "admin", kPassword, KdfStrength::kTestOnly).ok());
  EXPECT_EQ(AddConsoleUser(db, "a", "admin", kPassword, KdfStrength::kTestOnly).code(),
            StatusCode::kInvalidArgument);
}

TEST(Password, HashesAreSaltedAndVerify) {
  auto a = HashPassword(kPassword, KdfStrength::kTestOnly);
  auto b = HashPassword(kPassword, KdfStrength::kTestOnly);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(*a, *b);
  EXPECT_EQ(a->rfind("$argon2id$", 0), 0u) << *a;
  EXPECT_TRUE(VerifyPassword(*a, kPassword));
  EXPECT_FALSE(VerifyPassword(*a, "correct horse battery!"));
  EXPECT_FALSE(VerifyPassword("garbage", kPassword));
  EXPECT_EQ(RandomToken().size(), 64u);
  EXPECT_NE(RandomToken(), RandomToken());
}

}  // namespace
}  // namespace shouhu::review
