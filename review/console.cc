#include "review/console.h"

#include <deque>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>

#include "base/digest.h"
#include "base/strings.h"
#include "base/time.h"
#include "evidence/review_evidence.h"
#include "review/console_assets.h"
#include "storage/console_accounts.h"
#include "storage/console_queue.h"
#include "storage/database.h"
#include "storage/listing_history.h"

namespace shouhu::review {
namespace {

constexpr const char* kSessionCookie = "shouhu_session";
constexpr const char* kLoginCookie = "shouhu_login";  // the login form's CSRF token

// Console pages: nothing but the console's own stylesheet; no script, no frame,
// forms only to the console itself.
constexpr const char* kPageCsp =
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'";

int RoleRank(std::string_view role) {
  if (role == "admin") return 3;
  if (role == "supervisor") return 2;
  if (role == "inspector") return 1;
  return 0;
}

std::string RoleLabel(std::string_view role) {
  if (role == "admin") return "管理员 admin";
  if (role == "supervisor") return "科长 supervisor";
  return "执法人员 inspector";
}

// Why a finding is dismissed: a fixed list, so the reports can count them.
constexpr std::pair<const char*, const char*> kDismissReasons[] = {
    {"not-children", "非儿童用品 not a children's product"},
    {"label-complete", "标识齐全 the label is complete"},
    {"certificate-valid", "证书有效 the certificate is valid"},
    {"duplicate", "重复 duplicate"},
    {"rule-misfire", "规则误报 the rule misfired"},
    {"other", "其他 other (say why in the note)"}};

std::optional<int64_t> PositiveId(const std::string& v) {
  if (v.empty() || v.size() > 18 || v.find_first_not_of("0123456789") != std::string::npos)
    return std::nullopt;
  int64_t id = std::stoll(v);
  return id > 0 ? std::optional<int64_t>(id) : std::nullopt;
}

struct Caller {
  storage::ConsoleUser user;
  storage::ConsoleSession session;
};

HttpResponse Page(int status, std::string body) {
  HttpResponse r{status, {}, std::move(body)};
  r.Set("Content-Type", "text/html; charset=utf-8");
  return r;
}

HttpResponse Text(int status, std::string body) {
  HttpResponse r{status, {}, std::move(body)};
  r.Set("Content-Type", "text/plain; charset=utf-8");
  return r;
}

HttpResponse Redirect(const std::string& to) {
  HttpResponse r{303, {}, ""};
  r.Set("Location", to);
  return r;
}

// The console's pages: one layout, escaped content.
std::string Layout(const std::string& title, const std::optional<Caller>& caller,
                   const std::string& content) {
  std::ostringstream h;
  h << "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
    << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
    << "<title>" << HtmlEscape(title) << " · 守护 shouhu</title>"
    << "<link rel=\"stylesheet\" href=\"/static/console.css\"></head><body>"
    << "<header><span class=\"brand\">守护 shouhu</span>";
  if (caller) {
    h << "<nav><a href=\"/\">审核队列 Queue</a>";
    if (RoleRank(caller->user.role) >= 2) h << "<a href=\"/audit\">审计日志 Audit</a>";
    if (RoleRank(caller->user.role) >= 3) h << "<a href=\"/admin/users\">用户 Users</a>";
    h << "</nav><span class=\"who\">" << HtmlEscape(caller->user.name) << " · "
      << HtmlEscape(RoleLabel(caller->user.role)) << "</span>"
      << "<form method=\"post\" action=\"/logout\" class=\"inline\">"
      << "<input type=\"hidden\" name=\"csrf\" value=\"" << HtmlEscape(caller->session.csrf_token)
      << "\"><button type=\"submit\">退出 Log out</button></form>";
  }
  h << "</header><main>" << content << "</main></body></html>";
  return h.str();
}

std::string Cookie(const std::string& name, const std::string& value, bool secure,
                   std::optional<int64_t> max_age_s) {
  std::string c = name + "=" + value + "; Path=/; HttpOnly; SameSite=Strict";
  if (secure) c += "; Secure";
  if (max_age_s) c += "; Max-Age=" + std::to_string(*max_age_s);
  return c;
}

}  // namespace

struct Console::Impl {
  ConsoleOptions o;
  std::mutex db_mu;  // one connection; the sweep writes through its own
  std::unique_ptr<storage::Database> db;
  std::mutex limit_mu;
  std::map<std::string, std::deque<WallTime>> failures;  // "user:NAME" / "addr:IP"

  WallTime Now() const { return o.now ? o.now() : std::chrono::system_clock::now(); }
  std::string NowText() const { return FormatRfc3339(Now()); }

  void Audit(const std::string& user, const std::string& action, const std::string& target,
             const std::string& detail, const std::string& remote) {
    // Best effort under the caller's lock: a failed audit write is reported on stderr
    // by the server log, never shown to the user as success of something else.
    (void)storage::AppendConsoleAudit(*db, {0, NowText(), user, action, target, detail, remote});
  }

  // ---- rate limit ----
  // An address gets four times an account's allowance: one office behind one NAT
  // must not be locked out by one colleague's typos.
  bool LockedOut(const std::string& key) {
    std::lock_guard<std::mutex> lock(limit_mu);
    auto& q = failures[key];
    WallTime cutoff = Now() - o.login_window;
    while (!q.empty() && q.front() < cutoff) q.pop_front();
    const int allowed = key.rfind("addr:", 0) == 0 ? 4 * o.login_failures : o.login_failures;
    return static_cast<int>(q.size()) >= allowed;
  }
  void Failed(const std::string& key) {
    std::lock_guard<std::mutex> lock(limit_mu);
    failures[key].push_back(Now());
  }
  void Succeeded(const std::string& key) {
    std::lock_guard<std::mutex> lock(limit_mu);
    failures.erase(key);
  }

  // ---- sessions ----
  std::optional<Caller> CurrentCaller(const HttpRequest& req) {
    auto cookies = ParseCookies(req.Header("cookie"));
    auto it = cookies.find(kSessionCookie);
    if (it == cookies.end() || it->second.size() != 64) return std::nullopt;
    std::string key = Sha256Hex(it->second);
    std::lock_guard<std::mutex> lock(db_mu);
    auto s = storage::FindConsoleSession(*db, key);
    if (!s.ok() || !s->has_value()) return std::nullopt;
    if ((*s)->expires_at <= NowText()) {
      (void)storage::DeleteConsoleSession(*db, key);
      return std::nullopt;
    }
    auto u = storage::FindConsoleUserById(*db, (*s)->user_id);
    if (!u.ok() || !u->has_value() || (*u)->disabled) return std::nullopt;
    return Caller{**u, **s};
  }

  bool CsrfOk(const Caller& c, const std::map<std::string, std::string>& form) {
    auto it = form.find("csrf");
    return it != form.end() && SameSecret(it->second, c.session.csrf_token);
  }

  HttpResponse Secure(HttpResponse r) {
    r.Set("Content-Security-Policy", kPageCsp);
    r.Set("X-Content-Type-Options", "nosniff");
    r.Set("Referrer-Policy", "no-referrer");
    r.Set("X-Frame-Options", "DENY");
    r.Set("Cache-Control", "no-store");
    return r;
  }

  // ---- pages ----
  HttpResponse LoginPage(const HttpRequest& req, int status, const std::string& message) {
    auto cookies = ParseCookies(req.Header("cookie"));
    std::string token = cookies.count(kLoginCookie) && cookies[kLoginCookie].size() == 64
                            ? cookies[kLoginCookie]
                            : RandomToken();
    std::ostringstream c;
    c << "<section class=\"login\"><h1>登录 Log in</h1>";
    if (!message.empty())
      c << "<p class=\"error\" role=\"alert\">" << HtmlEscape(message) << "</p>";
    c << "<form method=\"post\" action=\"/login\">"
      << "<input type=\"hidden\" name=\"csrf\" value=\"" << token << "\">"
      << "<label>用户名 Name <input name=\"name\" autocomplete=\"username\" required></label>"
      << "<label>密码 Password <input name=\"password\" type=\"password\" "
         "autocomplete=\"current-password\" required></label>"
      << "<button type=\"submit\">登录 Log in</button></form></section>";
    HttpResponse r = Page(status, Layout("登录 Log in", std::nullopt, c.str()));
    r.Set("Set-Cookie", Cookie(kLoginCookie, token, o.secure_cookies, std::nullopt));
    return r;
  }

  HttpResponse Login(const HttpRequest& req) {
    auto form = ParseForm(req.body);
    auto cookies = ParseCookies(req.Header("cookie"));
    // Login CSRF: the form must carry the token of this browser's login cookie.
    if (!cookies.count(kLoginCookie) || !SameSecret(form["csrf"], cookies[kLoginCookie]))
      return Text(403, "forbidden: the login form's token is missing or wrong; reload the page\n");
    const std::string name = form["name"];
    const std::string user_key = "user:" + name, addr_key = "addr:" + req.remote;
    if (LockedOut(user_key) || LockedOut(addr_key)) {
      std::lock_guard<std::mutex> lock(db_mu);
      Audit(name, "login-refused", "", "rate limit", req.remote);
      return LoginPage(req, 429, "登录失败次数过多，请稍后再试 Too many failed logins; try later");
    }
    std::optional<storage::ConsoleUser> user;
    {
      std::lock_guard<std::mutex> lock(db_mu);
      auto u = storage::FindConsoleUser(*db, name);
      if (u.ok() && u->has_value() && !(*u)->disabled) user = **u;
    }
    // Verify outside the lock: the KDF takes a while and must not stall other pages.
    bool ok = user && VerifyPassword(user->password_hash, form["password"]);
    if (!ok) {
      Failed(user_key);
      Failed(addr_key);
      std::lock_guard<std::mutex> lock(db_mu);
      Audit(name, "login-failed", "", "", req.remote);
      return LoginPage(req, 401, "用户名或密码错误 Wrong name or password");
    }
    Succeeded(user_key);
    std::string token = RandomToken();
    storage::ConsoleSession s{Sha256Hex(token), user->id, RandomToken(), NowText(),
                              FormatRfc3339(Now() + o.session_ttl)};
    {
      std::lock_guard<std::mutex> lock(db_mu);
      (void)storage::DeleteExpiredConsoleSessions(*db, NowText());
      if (Status st = storage::InsertConsoleSession(*db, s); !st.ok())
        return Text(500, "session: " + st.ToString() + "\n");
      Audit(name, "login", "", "", req.remote);
    }
    HttpResponse r = Redirect("/");
    r.Set("Set-Cookie",
          Cookie(kSessionCookie, token, o.secure_cookies,
                 std::chrono::duration_cast<std::chrono::seconds>(o.session_ttl).count()));
    r.Set("Set-Cookie", Cookie(kLoginCookie, "", o.secure_cookies, 0));
    return r;
  }

  HttpResponse Logout(const HttpRequest& req, const Caller& c) {
    std::lock_guard<std::mutex> lock(db_mu);
    (void)storage::DeleteConsoleSession(*db, c.session.token_sha256);
    Audit(c.user.name, "logout", "", "", req.remote);
    HttpResponse r = Redirect("/login");
    r.Set("Set-Cookie", Cookie(kSessionCookie, "", o.secure_cookies, 0));
    return r;
  }

  HttpResponse Queue(const HttpRequest& req, const Caller& c) {
    // Filters by name, in the order the form shows them.
    static const std::pair<const char*, const char*> kFilters[] = {
        {"category", "类别 Category"}, {"severity", "严重 Severity"}, {"rule", "规则 Rule"},
        {"site", "平台 Site"},         {"group", "品类 Group"},       {"sweep", "批次 Sweep"},
        {"status", "状态 Status"},     {"q", "搜索 Search"}};
    auto q = ParseForm(req.query);
    storage::QueueQuery query;
    auto opt = [&](const char* k) -> std::optional<std::string> {
      return q[k].empty() ? std::nullopt : std::optional<std::string>(q[k]);
    };
    query.category = opt("category");
    query.severity = opt("severity");
    query.rule = opt("rule");
    query.site = opt("site");
    query.group = opt("group");
    query.status = opt("status");
    query.text = opt("q");
    auto number = [&](const char* k) -> std::optional<int64_t> {
      const std::string& v = q[k];
      if (v.empty() || v.size() > 18 || v.find_first_not_of("0123456789") != std::string::npos)
        return std::nullopt;
      return std::stoll(v);
    };
    query.sweep = number("sweep");
    query.before_id = number("before");
    query.limit = 50;
    Result<storage::QueuePage> page = [&] {
      std::lock_guard<std::mutex> lock(db_mu);
      return storage::QueryQueue(*db, query);
    }();
    if (!page.ok()) {
      if (page.status().code() == StatusCode::kInvalidArgument)
        return Page(400,
                    Layout("审核队列 Queue", c,
                           "<p class=\"error\">" + HtmlEscape(page.status().message()) + "</p>"));
      return Text(500, page.status().ToString() + "\n");
    }
    // The filter as a query string (without the page position), for links.
    std::string filter_qs;
    for (const auto& [k, label] : kFilters) {
      if (!q[k].empty())
        filter_qs += (filter_qs.empty() ? "" : "&") + std::string(k) + "=" + PercentEncode(q[k]);
    }
    std::ostringstream h;
    h << "<h1>审核队列 Review queue</h1><form method=\"get\" action=\"/\" class=\"filters\">";
    for (const auto& [k, label] : kFilters) {
      h << "<label>" << label << " <input name=\"" << k << "\" value=\"" << HtmlEscape(q[k])
        << "\"></label>";
    }
    h << "<button type=\"submit\">筛选 Filter</button></form><p class=\"count\">" << page->total
      << " findings";
    for (const auto& [cat, n] : page->by_category) {
      h << " · <a href=\"/?category=" << PercentEncode(cat) << "\">" << HtmlEscape(cat) << " " << n
        << "</a>";
    }
    for (const auto& [sev, n] : page->by_severity) h << " · " << HtmlEscape(sev) << " " << n;
    h << "</p><table class=\"queue\"><thead><tr><th>#</th><th>平台 Site</th><th>商品 Listing</th>"
         "<th>规则 Rule</th><th>类别 Category</th><th>严重 Severity</th><th>摘录 Snippet</th>"
         "<th>状态 Status</th><th>认领与决定 Claim and decide</th></tr></thead><tbody>";
    std::map<int64_t, std::optional<storage::ConsoleClaim>> claims;  // by listing
    {
      std::lock_guard<std::mutex> lock(db_mu);
      for (const storage::ReviewItem& it : page->items) {
        if (claims.count(it.listing_id)) continue;
        auto held = storage::FindClaim(*db, it.listing_id, NowText());
        claims[it.listing_id] = held.ok() ? *held : std::nullopt;
      }
    }
    for (const storage::ReviewItem& it : page->items) {
      h << "<tr><td>" << it.finding_id << "</td><td>" << HtmlEscape(it.site)
        << "</td><td class=\"title\"><a href=\"/listing?id=" << it.listing_id << "\">"
        << HtmlEscape(it.title) << "</a><br><small>" << HtmlEscape(it.item_id)
        << "</small></td><td>" << HtmlEscape(it.finding.rule_id) << "</td><td>"
        << HtmlEscape(it.finding.category) << "</td><td class=\"sev-"
        << HtmlEscape(it.finding.severity) << "\">" << HtmlEscape(it.finding.severity)
        << "</td><td><q>" << HtmlEscape(it.finding.snippet) << "</q></td><td>"
        << (it.last_decision ? HtmlEscape(it.last_decision->decision) : std::string("待审 pending"))
        << "</td><td>" << ClaimCell(c, it, claims[it.listing_id]) << "</td></tr>";
    }
    h << "</tbody></table>";
    if (page->next_before_id) {
      h << "<p class=\"pager\"><a rel=\"next\" href=\"/?" << HtmlEscape(filter_qs)
        << (filter_qs.empty() ? "" : "&amp;") << "before=" << *page->next_before_id
        << "\">下一页 Next page</a></p>";
    }
    return Page(200, Layout("审核队列 Queue", c, h.str()));
  }

  std::string Hidden(const Caller& c) {
    return "<input type=\"hidden\" name=\"csrf\" value=\"" + HtmlEscape(c.session.csrf_token) +
           "\">";
  }

  // Claim / release, and the decision form for a claimed listing.
  std::string ClaimCell(const Caller& c, const storage::ReviewItem& it,
                        const std::optional<storage::ConsoleClaim>& claim) {
    const std::string lid = std::to_string(it.listing_id);
    std::ostringstream h;
    if (!claim) {
      h << "<form method=\"post\" action=\"/claim\">" << Hidden(c)
        << "<input type=\"hidden\" name=\"listing\" value=\"" << lid
        << "\"><button type=\"submit\">认领 Claim</button></form>";
      return h.str();
    }
    h << "<span class=\"claim\">" << HtmlEscape(claim->user_name) << " · "
      << HtmlEscape(claim->expires_at) << "</span>";
    const bool mine = claim->user_id == c.user.id;
    if (mine || RoleRank(c.user.role) >= 2) {
      h << "<form method=\"post\" action=\"/release\">" << Hidden(c)
        << "<input type=\"hidden\" name=\"listing\" value=\"" << lid
        << "\"><button type=\"submit\">释放 Release</button></form>";
    }
    if (mine) {
      h << "<form method=\"post\" action=\"/decide\" class=\"decide\">" << Hidden(c)
        << "<input type=\"hidden\" name=\"finding\" value=\"" << it.finding_id << "\">"
        << "<select name=\"decision\"><option value=\"confirm\">确认 confirm</option>"
           "<option value=\"dismiss\">驳回 dismiss</option><option value=\"test-purchase\">"
           "网上抽查 test purchase</option></select><select name=\"reason\"><option value=\"\">"
           "驳回理由 reason</option>";
      for (const auto& [k, label] : kDismissReasons)
        h << "<option value=\"" << k << "\">" << HtmlEscape(label) << "</option>";
      h << "</select><input name=\"note\" placeholder=\"备注 note\"><button type=\"submit\">"
           "决定 Decide</button></form>";
    }
    return h.str();
  }

  HttpResponse Conflict(const Caller& c, int status, const std::string& message) {
    return Page(status, Layout("冲突 Conflict", c,
                               "<p class=\"error\" role=\"alert\">" + HtmlEscape(message) +
                                   "</p><p><a href=\"/\">返回队列 Back to the queue</a></p>"));
  }

  // POST /claim (listing), /release (listing), /assign (listing, user: supervisors).
  HttpResponse Claim(const HttpRequest& req, const Caller& c,
                     const std::map<std::string, std::string>& form, const std::string& action) {
    auto field = [&](const char* k) {
      auto it = form.find(k);
      return it == form.end() ? std::string() : it->second;
    };
    std::optional<int64_t> listing = PositiveId(field("listing"));
    if (!listing) return Conflict(c, 400, "listing: expected a listing id");
    const bool supervisor = RoleRank(c.user.role) >= 2;
    std::lock_guard<std::mutex> lock(db_mu);
    auto held = storage::FindClaim(*db, *listing, NowText());
    if (!held.ok()) return Text(500, held.status().ToString() + "\n");
    if (action == "release") {
      if (*held && (*held)->user_id != c.user.id && !supervisor)
        return Conflict(c, 403,
                        "只有认领人或科长可以释放 Only the holder or a supervisor may release");
      (void)storage::ReleaseClaim(*db, *listing);
      Audit(c.user.name, "release", "listing " + std::to_string(*listing),
            *held ? (*held)->user_name : "", req.remote);
      return Redirect("/");
    }
    int64_t for_user = c.user.id;
    std::string assigned_by;
    if (action == "assign") {
      if (!supervisor) return Conflict(c, 403, "只有科长可以分配 Only supervisors assign");
      auto target = storage::FindConsoleUser(*db, field("user"));
      if (!target.ok() || !target->has_value())
        return Conflict(c, 400, "user '" + field("user") + "': no such user");
      for_user = (*target)->id;
      assigned_by = c.user.name;
    }
    auto got =
        storage::ClaimListing(*db, *listing, for_user, NowText(),
                              FormatRfc3339(Now() + o.claim_ttl), action == "assign", assigned_by);
    if (!got.ok())
      return Conflict(c, got.status().code() == StatusCode::kNotFound ? 404 : 500,
                      got.status().message());
    if (got->user_id != for_user) {
      return Conflict(c, 409,
                      "已被 " + got->user_name + " 认领至 " + got->expires_at +
                          " Claimed by another inspector");
    }
    Audit(c.user.name, action, "listing " + std::to_string(*listing),
          action == "assign" ? got->user_name : "", req.remote);
    return Redirect("/");
  }

  // POST /decide (finding, decision, reason, note): the caller must hold the claim
  // on the finding's listing. Recorded with its evidence-ledger entry.
  HttpResponse Decide(const HttpRequest& req, const Caller& c,
                      const std::map<std::string, std::string>& form) {
    auto field = [&](const char* k) {
      auto it = form.find(k);
      return it == form.end() ? std::string() : it->second;
    };
    std::optional<int64_t> finding = PositiveId(field("finding"));
    const std::string decision = field("decision");
    if (!finding) return Conflict(c, 400, "finding: expected a finding id");
    if (!storage::IsReviewDecisionKind(decision))
      return Conflict(c, 400, "decision: confirm, dismiss or test-purchase");
    const std::string reason = field("reason");
    bool known_reason = reason.empty();
    for (const auto& [k, label] : kDismissReasons) known_reason = known_reason || reason == k;
    if (!known_reason) return Conflict(c, 400, "reason '" + reason + "': not in the list");
    if (decision == "dismiss" && reason.empty())
      return Conflict(c, 400, "驳回需要理由 A dismissal needs a reason from the list");
    if (reason == "other" && field("note").empty())
      return Conflict(c, 400, "理由为其他时需要备注 Reason 'other' needs a note");
    std::lock_guard<std::mutex> lock(db_mu);
    auto listing = storage::ListingOfFinding(*db, *finding);
    if (!listing.ok()) return Conflict(c, 404, listing.status().message());
    auto held = storage::FindClaim(*db, *listing, NowText());
    if (!held.ok()) return Text(500, held.status().ToString() + "\n");
    if (!*held || (*held)->user_id != c.user.id) {
      Audit(c.user.name, "decide-refused", "finding " + std::to_string(*finding),
            *held ? "claimed by " + (*held)->user_name : "not claimed", req.remote);
      return Conflict(c, 409,
                      *held ? "已被 " + (*held)->user_name + " 认领 Claimed by another"
                            : "请先认领 Claim the listing first");
    }
    std::string note =
        reason.empty() ? field("note")
                       : "reason: " + reason + (field("note").empty() ? "" : "; " + field("note"));
    auto d = evidence::RecordReviewDecision(*db, *finding, decision, c.user.name, note);
    if (!d.ok()) return Text(500, d.status().ToString() + "\n");
    Audit(c.user.name, "decide", "finding " + std::to_string(*finding),
          decision + (reason.empty() ? "" : " (" + reason + ")") + " ledger " +
              std::to_string(d->ledger_seq),
          req.remote);
    return Redirect("/");
  }

  // The text of a listing field in the stored JSON ("shop.name" → j.shop.name; a
  // list joined by "；"); "" when absent.
  static std::string FieldText(const nlohmann::json& j, const std::string& field) {
    const nlohmann::json* cur = &j;
    size_t start = 0;
    for (;;) {
      size_t dot = field.find('.', start);
      std::string part = field.substr(start, dot == std::string::npos ? dot : dot - start);
      if (!cur->is_object() || !cur->contains(part)) return "";
      cur = &(*cur)[part];
      if (dot == std::string::npos) break;
      start = dot + 1;
    }
    if (cur->is_string()) return cur->get<std::string>();
    if (cur->is_array()) {
      std::string out;
      for (const auto& v : *cur)
        out += (out.empty() ? "" : "；") + (v.is_string() ? v.get<std::string>() : v.dump());
      return out;
    }
    if (cur->is_object() && field == "attributes") {
      std::string out;
      for (const auto& [k, v] : cur->items())
        out += (out.empty() ? "" : "；") + k + "：" +
               (v.is_string() ? v.get<std::string>() : v.dump());
      return out;
    }
    return cur->dump();
  }

  // The field's text with the snippet marked where it occurs (all escaped); the
  // snippet alone when the field does not contain it verbatim.
  static std::string Highlighted(const std::string& text, const std::string& snippet) {
    if (snippet.empty()) return HtmlEscape(text.empty() ? "（无 absent）" : text);
    size_t at = text.find(snippet);
    if (at == std::string::npos) return "<mark>" + HtmlEscape(snippet) + "</mark>";
    return HtmlEscape(text.substr(0, at)) + "<mark>" + HtmlEscape(snippet) + "</mark>" +
           HtmlEscape(text.substr(at + snippet.size()));
  }

  HttpResponse ListingPage(const HttpRequest& req, const Caller& c) {
    auto q = ParseForm(req.query);
    std::optional<int64_t> id = PositiveId(q["id"]);
    if (!id) return Conflict(c, 400, "id: expected a listing id");
    Result<storage::ListingHistory> history = NotFound("");
    Result<std::vector<storage::ReviewDecision>> decisions = std::vector<storage::ReviewDecision>();
    Result<std::optional<storage::ConsoleClaim>> claim = std::optional<storage::ConsoleClaim>();
    {
      std::lock_guard<std::mutex> lock(db_mu);
      history = storage::LoadListingHistory(*db, *id);
      if (history.ok()) {
        decisions = storage::DecisionsForListing(*db, *id);
        claim = storage::FindClaim(*db, *id, NowText());
        Audit(c.user.name, "view", "listing " + std::to_string(*id), "", req.remote);
      }
    }
    if (!history.ok()) {
      return Conflict(c, history.status().code() == StatusCode::kNotFound ? 404 : 500,
                      history.status().message());
    }
    if (!decisions.ok() || !claim.ok()) return Text(500, "listing: database error\n");
    const storage::ListingVersionRecord* current = nullptr;
    for (const auto& v : history->versions) {
      if (v.version_id == history->current_version_id) current = &v;
    }
    if (current == nullptr) return Conflict(c, 500, "listing without a current version");
    nlohmann::json j = nlohmann::json::parse(current->json, nullptr, false);
    if (!j.is_object()) j = nlohmann::json::object();
    std::ostringstream h;
    h << "<h1 class=\"title\">" << HtmlEscape(j.value("title", std::string("(无标题)")))
      << "</h1><p class=\"meta\">" << HtmlEscape(history->site) << " · "
      << HtmlEscape(history->item_id) << " · <span class=\"url\">" << HtmlEscape(history->url)
      << "</span> · 首次 first seen " << HtmlEscape(history->first_seen) << " · 最近 last seen "
      << HtmlEscape(history->last_seen) << "</p>";
    storage::ReviewItem any;
    any.listing_id = *id;
    h << "<h2>发现 Findings</h2><table class=\"findings\"><thead><tr><th>#</th><th>规则 Rule</th>"
         "<th>类别 Category</th><th>严重 Severity</th><th>字段 Field</th><th>页面原文 On the "
         "page</th>"
         "<th>说明 Message</th><th>依据 Basis</th><th>决定 Decide</th></tr></thead><tbody>";
    for (const storage::StoredFinding& f : current->findings) {
      any.finding_id = f.id;
      h << "<tr><td>" << f.id << "</td><td>" << HtmlEscape(f.finding.rule_id) << " v"
        << f.finding.rule_version << "</td><td>" << HtmlEscape(f.finding.category)
        << "</td><td class=\"sev-" << HtmlEscape(f.finding.severity) << "\">"
        << HtmlEscape(f.finding.severity) << "</td><td>" << HtmlEscape(f.finding.field)
        << "</td><td class=\"snippet\">"
        << Highlighted(FieldText(j, f.finding.field), f.finding.snippet) << "</td><td>"
        << HtmlEscape(f.finding.message) << "</td><td>" << HtmlEscape(f.finding.basis)
        << "</td><td>" << ClaimCell(c, any, *claim) << "</td></tr>";
    }
    h << "</tbody></table><h2>字段 Fields</h2><table class=\"fields\"><thead><tr><th>字段 "
         "Field</th>"
         "<th>值 Value</th><th>来源 Provenance</th></tr></thead><tbody>";
    const nlohmann::json prov = j.value("provenance", nlohmann::json::object());
    for (const auto& [k, v] : j.items()) {
      if (k == "provenance") continue;
      std::string source;
      if (prov.contains(k) && prov[k].is_object())
        source = prov[k].value("source", "") + " " + prov[k].value("path", "");
      h << "<tr><td>" << HtmlEscape(k) << "</td><td>" << HtmlEscape(FieldText(j, k)) << "</td><td>"
        << HtmlEscape(source) << "</td></tr>";
    }
    h << "</tbody></table><h2>抓取历史 Capture history</h2><ol class=\"history\">";
    const std::string* previous = nullptr;
    for (const auto& v : history->versions) {
      h << "<li>version " << v.version_id << " · sweep " << v.sweep_id << " · "
        << HtmlEscape(v.fetched_at) << " · " << v.findings.size() << " findings";
      if (previous != nullptr) {
        h << "<ul>";
        for (const auto& change : storage::DiffListingVersions(*previous, v.json))
          h << "<li>" << HtmlEscape(change.field) << ": " << HtmlEscape(change.before) << " → "
            << HtmlEscape(change.after) << "</li>";
        h << "</ul>";
      }
      h << "</li>";
      previous = &v.json;
    }
    for (const auto& g : history->gone)
      h << "<li class=\"gone\">sweep " << g.sweep_id << " (" << HtmlEscape(g.started_at)
        << "): 已下架 no longer on the site</li>";
    h << "</ol><h2>决定 Decisions</h2><ul class=\"decisions\">";
    for (const auto& d : *decisions)
      h << "<li>" << HtmlEscape(d.decided_at) << " · finding " << d.finding_id << " · "
        << HtmlEscape(d.decision) << " · " << HtmlEscape(d.inspector) << " · " << HtmlEscape(d.note)
        << " · ledger " << d.ledger_seq << "</li>";
    h << "</ul>";
    return Page(200, Layout("商品 Listing", c, h.str()));
  }

  HttpResponse AuditPage(const Caller& c) {
    Result<std::vector<storage::AuditEntry>> rows = [&] {
      std::lock_guard<std::mutex> lock(db_mu);
      return storage::ListConsoleAudit(*db, 500);
    }();
    if (!rows.ok()) return Text(500, rows.status().ToString() + "\n");
    std::ostringstream h;
    h << "<h1>审计日志 Audit log</h1><table class=\"audit\"><thead><tr><th>时间 When</th>"
         "<th>用户 Who</th><th>操作 What</th><th>对象 Target</th><th>详情 Detail</th>"
         "<th>地址 From</th></tr></thead><tbody>";
    for (const auto& e : *rows) {
      h << "<tr><td>" << HtmlEscape(e.at) << "</td><td>" << HtmlEscape(e.user) << "</td><td>"
        << HtmlEscape(e.action) << "</td><td>" << HtmlEscape(e.target) << "</td><td>"
        << HtmlEscape(e.detail) << "</td><td>" << HtmlEscape(e.remote) << "</td></tr>";
    }
    h << "</tbody></table>";
    return Page(200, Layout("审计日志 Audit", c, h.str()));
  }

  HttpResponse UsersPage(const Caller& c, int status, const std::string& message) {
    Result<std::vector<storage::ConsoleUser>> users = [&] {
      std::lock_guard<std::mutex> lock(db_mu);
      return storage::ListConsoleUsers(*db);
    }();
    if (!users.ok()) return Text(500, users.status().ToString() + "\n");
    std::ostringstream h;
    h << "<h1>用户 Users</h1>";
    if (!message.empty())
      h << "<p class=\"error\" role=\"alert\">" << HtmlEscape(message) << "</p>";
    h << "<table class=\"users\"><thead><tr><th>用户名 Name</th><th>角色 Role</th>"
         "<th>创建 Created</th></tr></thead><tbody>";
    for (const auto& u : *users) {
      h << "<tr><td>" << HtmlEscape(u.name) << "</td><td>" << HtmlEscape(u.role) << "</td><td>"
        << HtmlEscape(u.created_at) << "</td></tr>";
    }
    h << "</tbody></table><h2>新用户 New user</h2><form method=\"post\" action=\"/admin/users\">"
      << "<input type=\"hidden\" name=\"csrf\" value=\"" << HtmlEscape(c.session.csrf_token)
      << "\">"
      << "<label>用户名 Name <input name=\"name\" required></label>"
      << "<label>角色 Role <select name=\"role\"><option value=\"inspector\">inspector</option>"
         "<option value=\"supervisor\">supervisor</option><option value=\"admin\">admin</option>"
         "</select></label>"
      << "<label>密码 Password <input name=\"password\" type=\"password\" "
         "autocomplete=\"new-password\" required></label>"
      << "<button type=\"submit\">添加 Add</button></form>";
    return Page(status, Layout("用户 Users", c, h.str()));
  }

  HttpResponse AddUser(const HttpRequest& req, const Caller& c,
                       const std::map<std::string, std::string>& form) {
    auto get = [&](const char* k) {
      auto it = form.find(k);
      return it == form.end() ? std::string() : it->second;
    };
    Result<std::string> hash = HashPassword(get("password"), o.kdf);
    if (!hash.ok()) return UsersPage(c, 400, hash.status().message());
    storage::ConsoleUser u{0, get("name"), get("role"), *hash, NowText(), false};
    Status added = [&] {
      std::lock_guard<std::mutex> lock(db_mu);
      Result<int64_t> id = storage::InsertConsoleUser(*db, u);
      if (id.ok()) Audit(c.user.name, "user-add", u.name, u.role, req.remote);
      return id.status();
    }();
    if (!added.ok()) return UsersPage(c, 400, added.message());
    return Redirect("/admin/users");
  }

  HttpResponse Route(const HttpRequest& req) {
    if (req.path == "/static/console.css") {
      HttpResponse r{200, {}, std::string(kConsoleCss)};
      r.Set("Content-Type", "text/css; charset=utf-8");
      r.Set("Cache-Control", "max-age=3600");
      r.Set("X-Content-Type-Options", "nosniff");
      return r;
    }
    const bool get = req.method == "GET" || req.method == "HEAD";
    const bool post = req.method == "POST";
    if (!get && !post) {
      HttpResponse r = Text(405, "method not allowed\n");
      r.Set("Allow", "GET, HEAD, POST");
      return r;
    }
    if (req.path == "/login") return get ? LoginPage(req, 200, "") : Login(req);
    std::optional<Caller> caller = CurrentCaller(req);
    if (!caller) {
      if (get) return Redirect("/login");
      return Text(403, "forbidden: log in first\n");
    }
    std::map<std::string, std::string> form;
    if (post) {
      // Every form carries the session's CSRF token; SameSite=Strict is the second wall.
      form = ParseForm(req.body);
      if (!CsrfOk(*caller, form)) {
        std::lock_guard<std::mutex> lock(db_mu);
        Audit(caller->user.name, "csrf-rejected", req.path, "", req.remote);
        return Text(403, "forbidden: missing or wrong CSRF token\n");
      }
    }
    const int rank = RoleRank(caller->user.role);
    auto forbidden = [&] {
      std::lock_guard<std::mutex> lock(db_mu);
      Audit(caller->user.name, "forbidden", req.path, caller->user.role, req.remote);
      return Page(403,
                  Layout("禁止访问 Forbidden", caller,
                         "<h1>禁止访问 Forbidden</h1><p>Your role may not open this page.</p>"));
    };
    if (req.path == "/logout" && post) return Logout(req, *caller);
    if (req.path == "/" && get) return Queue(req, *caller);
    if (req.path == "/listing" && get) return ListingPage(req, *caller);
    if (post && (req.path == "/claim" || req.path == "/release" || req.path == "/assign"))
      return Claim(req, *caller, form, req.path.substr(1));
    if (post && req.path == "/decide") return Decide(req, *caller, form);
    if (req.path == "/audit" && get) return rank >= 2 ? AuditPage(*caller) : forbidden();
    if (req.path == "/admin/users") {
      if (rank < 3) return forbidden();
      return get ? UsersPage(*caller, 200, "") : AddUser(req, *caller, form);
    }
    return Page(404, Layout("未找到 Not found", caller, "<h1>未找到 Not found</h1>"));
  }
};

Console::Console(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Console::~Console() = default;

Result<std::unique_ptr<Console>> Console::Open(ConsoleOptions options) {
  Result<std::unique_ptr<storage::Database>> db = storage::Database::Open(options.db_path);
  if (!db.ok()) return db.status();
  auto impl = std::make_unique<Impl>();
  impl->o = std::move(options);
  impl->db = std::move(*db);
  return std::unique_ptr<Console>(new Console(std::move(impl)));
}

HttpResponse Console::Handle(const HttpRequest& request) {
  return impl_->Secure(impl_->Route(request));
}

Status AddConsoleUser(const std::string& db_path, const std::string& name, const std::string& role,
                      const std::string& password, KdfStrength strength) {
  if (!storage::IsConsoleRole(role)) {
    return InvalidArgument("role '" + role + "': expected inspector, supervisor or admin");
  }
  Result<std::string> hash = HashPassword(password, strength);
  if (!hash.ok()) return hash.status();
  Result<std::unique_ptr<storage::Database>> db = storage::Database::Open(db_path);
  if (!db.ok()) return db.status();
  storage::ConsoleUser u{0, name, role, *hash, NowRfc3339Seconds(), false};
  Result<int64_t> id = storage::InsertConsoleUser(**db, u);
  if (!id.ok()) return id.status();
  return storage::AppendConsoleAudit(
      **db, {0, NowRfc3339Seconds(), "(command line)", "user-add", name, role, ""});
}

}  // namespace shouhu::review
