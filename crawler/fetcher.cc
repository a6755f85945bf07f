// CurlFetcher: libcurl multi_socket driven by Boost.Asio.
//
// Shape (libcurl's multi_socket API driven by Asio):
//  - CURLMOPT_SOCKETFUNCTION: curl tells which fd to wait on and for what.
//    Each fd is wrapped in a posix::stream_descriptor held by a SocketState
//    that is attached to curl's socket entry with curl_multi_assign, so state
//    is keyed by curl's entry and not by fd number (the threaded resolver's
//    wake-up fd is reported first and its number is reused for the real
//    connection). Waits are one-shot async_wait(wait_read / wait_write),
//    re-armed after curl has acted on them. On CURL_POLL_REMOVE the descriptor
//    is release()d, never closed: curl owns and closes its fds, and release()
//    deregisters from the reactor before curl closes the fd.
//  - CURLMOPT_TIMERFUNCTION: re-arms one steady_timer. The timer's handler
//    runs from the io_context, outside curl, so calling socket_action there is
//    not a recursive call (calling it from inside the timer callback would
//    return CURLM_RECURSIVE_API_CALL in 7.88); a 0 ms timeout is simply a timer
//    that is already due, i.e. a post.
//  - After every socket_action, finished transfers are drained from
//    curl_multi_info_read; their callbacks run after the drain, so a callback
//    that starts new fetches never re-enters curl.
// Lifetime: handlers hold a weak_ptr to Impl and a shared_ptr to their
// SocketState; after the fetcher is gone they find nothing and return.
#include "crawler/fetcher.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstring>
#include <ctime>
#include <mutex>
#include <unordered_map>
#include <unordered_set>

#include "base/strings.h"
#include "base/time.h"

namespace shouhu::crawler {

namespace asio = boost::asio;

const char* FetchErrorKindName(FetchErrorKind kind) {
  switch (kind) {
    case FetchErrorKind::kNone:
      return "none";
    case FetchErrorKind::kBadUrl:
      return "bad_url";
    case FetchErrorKind::kDns:
      return "dns";
    case FetchErrorKind::kConnect:
      return "connect";
    case FetchErrorKind::kTimeout:
      return "timeout";
    case FetchErrorKind::kTls:
      return "tls";
    case FetchErrorKind::kTooManyRedirects:
      return "too_many_redirects";
    case FetchErrorKind::kRedirectLoop:
      return "redirect_loop";
    case FetchErrorKind::kRedirectRefused:
      return "redirect_refused";
    case FetchErrorKind::kBodyTooLarge:
      return "body_too_large";
    case FetchErrorKind::kAddressRefused:
      return "address_refused";
    case FetchErrorKind::kNetwork:
      return "network";
    case FetchErrorKind::kCancelled:
      return "cancelled";
  }
  return "unknown";
}

namespace {

bool RestrictedV4(uint32_t a) {  // host byte order
  auto in = [a](uint32_t net, int bits) { return (a >> (32 - bits)) == (net >> (32 - bits)); };
  return in(0x00000000, 8) ||   // 0.0.0.0/8 "this network"
         in(0x0A000000, 8) ||   // 10/8
         in(0x64400000, 10) ||  // 100.64/10 CGNAT
         in(0x7F000000, 8) ||   // loopback
         in(0xA9FE0000, 16) ||  // link-local
         in(0xAC100000, 12) ||  // 172.16/12
         in(0xC0000000, 24) ||  // 192.0.0/24 IETF protocol assignments
         in(0xC0000200, 24) ||  // TEST-NET-1
         in(0xC0A80000, 16) ||  // 192.168/16
         in(0xC6120000, 15) ||  // 198.18/15 benchmarking
         in(0xC6336400, 24) ||  // TEST-NET-2
         in(0xCB007100, 24) ||  // TEST-NET-3
         in(0xE0000000, 4) ||   // multicast
         in(0xF0000000, 4);     // reserved + broadcast
}

bool RestrictedV6(const unsigned char* b) {
  static constexpr unsigned char kZero[16] = {};
  if (std::memcmp(b, kZero, 15) == 0 && (b[15] == 0 || b[15] == 1)) return true;  // :: and ::1
  static constexpr unsigned char kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  static constexpr unsigned char kNat64[12] = {0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0};
  if (std::memcmp(b, kMapped, 12) == 0 || std::memcmp(b, kNat64, 12) == 0 ||
      std::memcmp(b, kZero, 12) == 0) {  // mapped, NAT64, deprecated compatible
    uint32_t v4 =
        (uint32_t{b[12]} << 24) | (uint32_t{b[13]} << 16) | (uint32_t{b[14]} << 8) | b[15];
    return RestrictedV4(v4);
  }
  if ((b[0] & 0xfe) == 0xfc) return true;                  // fc00::/7 unique local
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) return true;  // fe80::/10 link-local
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0) return true;  // fec0::/10 site-local (deprecated)
  if (b[0] == 0xff) return true;                           // multicast
  if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8) return true;  // documentation
  return false;
}

bool RestrictedSockaddr(const sockaddr* sa, std::string* text) {
  char buf[INET6_ADDRSTRLEN] = {};
  if (sa->sa_family == AF_INET) {
    const auto* in = reinterpret_cast<const sockaddr_in*>(sa);
    inet_ntop(AF_INET, &in->sin_addr, buf, sizeof buf);
    *text = buf;
    return RestrictedV4(ntohl(in->sin_addr.s_addr));
  }
  if (sa->sa_family == AF_INET6) {
    const auto* in6 = reinterpret_cast<const sockaddr_in6*>(sa);
    inet_ntop(AF_INET6, &in6->sin6_addr, buf, sizeof buf);
    *text = buf;
    return RestrictedV6(in6->sin6_addr.s6_addr);
  }
  *text = "non-IP address";
  return true;
}

void GlobalInitOnce() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct SocketState {
  SocketState(asio::io_context& io, curl_socket_t s) : sd(io), fd(s) {}
  asio::posix::stream_descriptor sd;
  curl_socket_t fd;
  int what = 0;  // CURL_POLL_IN / OUT / INOUT as last asked by curl
  bool read_pending = false;
  bool write_pending = false;
  bool removed = false;
};

struct Transfer {
  CURL* easy = nullptr;
  curl_slist* resolve = nullptr;
  FetchRequest request;
  FetchCallback done;
  FetchResult result;
  char errbuf[CURL_ERROR_SIZE] = {};
  bool body_too_large = false;
  bool address_refused = false;
  std::string refused_ip;
  std::chrono::steady_clock::time_point start;
  std::vector<std::string> chain;  // every URL requested so far, the first one first
  FetchErrorKind redirect_error = FetchErrorKind::kNone;
  std::string redirect_detail;
};

bool IsRedirectStatus(long status) {
  return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

}  // namespace

FetchErrorKind CheckRedirectHop(const FetchRequest& q, const std::vector<std::string>& chain,
                                int redirects, const std::string& next, std::string* detail) {
  if (std::find(chain.begin(), chain.end(), next) != chain.end()) {
    *detail = "redirect back to " + next + " after " + std::to_string(redirects) + " hops";
    return FetchErrorKind::kRedirectLoop;
  }
  if (redirects >= q.max_redirects) {
    *detail = "more than " + std::to_string(q.max_redirects) + " redirects";
    return FetchErrorKind::kTooManyRedirects;
  }
  if (!next.starts_with("http://") && !next.starts_with("https://")) {
    *detail = "redirect to a scheme other than http(s): " + next;
    return FetchErrorKind::kRedirectRefused;
  }
  if (q.redirect_check) {
    if (Status allowed = q.redirect_check(next); !allowed.ok()) {
      *detail = allowed.message();
      return FetchErrorKind::kRedirectRefused;
    }
  }
  return FetchErrorKind::kNone;
}

FetcherFactory CurlFetcherFactory() {
  return [](asio::io_context& io, Clock& clock) -> std::unique_ptr<Fetcher> {
    return std::make_unique<CurlFetcher>(io, clock);
  };
}

bool IsRestrictedAddress(std::string_view ip) {
  std::string s(ip);
  if (s.size() >= 2 && s.front() == '[' && s.back() == ']') s = s.substr(1, s.size() - 2);
  in_addr v4{};
  if (inet_pton(AF_INET, s.c_str(), &v4) == 1) return RestrictedV4(ntohl(v4.s_addr));
  in6_addr v6{};
  if (inet_pton(AF_INET6, s.c_str(), &v6) == 1) return RestrictedV6(v6.s6_addr);
  return true;
}

struct CurlFetcher::Impl : std::enable_shared_from_this<Impl> {
  Impl(asio::io_context& io_context, Clock& c) : io(io_context), clock(c), timer(io_context) {
    GlobalInitOnce();
    multi = curl_multi_init();
    curl_multi_setopt(multi, CURLMOPT_SOCKETFUNCTION, &Impl::OnSocket);
    curl_multi_setopt(multi, CURLMOPT_SOCKETDATA, this);
    curl_multi_setopt(multi, CURLMOPT_TIMERFUNCTION, &Impl::OnTimer);
    curl_multi_setopt(multi, CURLMOPT_TIMERDATA, this);
  }

  ~Impl() {
    for (Transfer* t : transfers) {
      curl_multi_remove_handle(multi, t->easy);
      curl_easy_cleanup(t->easy);
      curl_slist_free_all(t->resolve);
      delete t;
    }
    transfers.clear();
    // Deregister every fd from the reactor before curl closes them.
    for (auto& [ptr, sp] : sockets) RemoveSocket(ptr, /*erase=*/false);
    curl_multi_cleanup(multi);
    sockets.clear();
    timer.cancel();
  }

  // --- curl callbacks (called from inside curl, on the io thread) ---

  static int OnSocket(CURL*, curl_socket_t s, int what, void* userp, void* socketp) {
    auto* self = static_cast<Impl*>(userp);
    auto* st = static_cast<SocketState*>(socketp);
    if (what == CURL_POLL_REMOVE) {
      if (st != nullptr) self->RemoveSocket(st, /*erase=*/true);
      return 0;
    }
    if (st == nullptr) {
      auto sp = std::make_shared<SocketState>(self->io, s);
      boost::system::error_code ec;
      sp->sd.assign(s, ec);
      if (ec) return -1;
      st = sp.get();
      self->sockets.emplace(st, std::move(sp));
      curl_multi_assign(self->multi, s, st);
    }
    st->what = what;
    self->Arm(st);
    return 0;
  }

  static int OnTimer(CURLM*, long timeout_ms, void* userp) {
    auto* self = static_cast<Impl*>(userp);
    if (timeout_ms < 0) {
      self->timer.cancel();
      return 0;
    }
    self->timer.expires_after(std::chrono::milliseconds(timeout_ms));
    std::weak_ptr<Impl> weak = self->weak_from_this();
    self->timer.async_wait([weak](const boost::system::error_code& ec) {
      if (ec) return;  // cancelled or re-armed
      if (auto me = weak.lock()) me->SocketAction(CURL_SOCKET_TIMEOUT, 0);
    });
    return 0;
  }

  static size_t OnWrite(char* data, size_t size, size_t n, void* userp) {
    auto* t = static_cast<Transfer*>(userp);
    size_t len = size * n;
    std::string& body = t->result.body;
    if (body.size() + len > t->request.max_body_bytes) {
      body.append(data, t->request.max_body_bytes - body.size());
      t->body_too_large = true;
      return 0;  // aborts the transfer with CURLE_WRITE_ERROR
    }
    body.append(data, len);
    return len;
  }

  static size_t OnHeader(char* data, size_t size, size_t n, void* userp) {
    auto* t = static_cast<Transfer*>(userp);
    size_t len = size * n;
    std::string_view line(data, len);
    if (line.starts_with("HTTP/")) {  // a new hop (or interim response) starts
      t->result.response_head.clear();
      t->result.retry_after.clear();
      t->result.body.clear();
    } else if (StartsWithNoCase(line, "retry-after:")) {
      t->result.retry_after = std::string(TrimAscii(line.substr(12)));
    }
    t->result.response_head.append(data, len);
    return len;
  }

  static int OnDebug(CURL*, curl_infotype type, char* data, size_t size, void* userp) {
    if (type != CURLINFO_HEADER_OUT) return 0;
    auto* t = static_cast<Transfer*>(userp);
    std::string& head = t->result.request_head;
    if (head.ends_with("\r\n\r\n") || head.empty())
      head.assign(data, size);  // a new request
    else
      head.append(data, size);
    return 0;
  }

  static curl_socket_t OnOpenSocket(void* userp, curlsocktype purpose, curl_sockaddr* addr) {
    auto* t = static_cast<Transfer*>(userp);
    if (purpose == CURLSOCKTYPE_IPCXN && !t->request.allow_private && t->request.proxy.empty()) {
      std::string ip;
      if (RestrictedSockaddr(&addr->addr, &ip)) {
        t->address_refused = true;
        t->refused_ip = ip;
        return CURL_SOCKET_BAD;
      }
    }
    return ::socket(addr->family, addr->socktype | SOCK_CLOEXEC, addr->protocol);
  }

  // --- io_context side ---

  void Arm(SocketState* st) {
    std::shared_ptr<SocketState> sp = sockets.at(st);
    if ((st->what & CURL_POLL_IN) && !st->read_pending) {
      st->read_pending = true;
      st->sd.async_wait(asio::posix::stream_descriptor::wait_read,
                        [weak = weak_from_this(), sp](const boost::system::error_code& ec) {
                          sp->read_pending = false;
                          OnReady(weak, sp, ec, CURL_POLL_IN, CURL_CSELECT_IN);
                        });
    }
    if ((st->what & CURL_POLL_OUT) && !st->write_pending) {
      st->write_pending = true;
      st->sd.async_wait(asio::posix::stream_descriptor::wait_write,
                        [weak = weak_from_this(), sp](const boost::system::error_code& ec) {
                          sp->write_pending = false;
                          OnReady(weak, sp, ec, CURL_POLL_OUT, CURL_CSELECT_OUT);
                        });
    }
  }

  static void OnReady(const std::weak_ptr<Impl>& weak, const std::shared_ptr<SocketState>& sp,
                      const boost::system::error_code& ec, int poll_flag, int select_flag) {
    if (ec == asio::error::operation_aborted || sp->removed) return;
    auto me = weak.lock();
    if (!me) return;
    if (!(sp->what & poll_flag)) return;  // curl no longer wants this direction
    me->SocketAction(sp->fd, ec ? CURL_CSELECT_ERR : select_flag);
    if (!sp->removed && me->sockets.count(sp.get())) me->Arm(sp.get());
  }

  void RemoveSocket(SocketState* st, bool erase) {
    if (!st->removed) {
      st->removed = true;
      st->sd.release();  // cancels waits; curl closes the fd itself
    }
    if (erase) sockets.erase(st);
  }

  void SocketAction(curl_socket_t fd, int flags) {
    auto keep = shared_from_this();
    int running = 0;
    curl_multi_socket_action(multi, fd, flags, &running);
    DrainFinished();
  }

  void DrainFinished() {
    std::vector<std::pair<Transfer*, CURLcode>> finished;
    int pending = 0;
    while (CURLMsg* msg = curl_multi_info_read(multi, &pending)) {
      if (msg->msg != CURLMSG_DONE) continue;
      Transfer* t = nullptr;
      curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, reinterpret_cast<char**>(&t));
      finished.emplace_back(t, msg->data.result);
    }
    for (auto& [t, code] : finished) Complete(t, code);
  }

  // A 3xx hop: follow it on the same handle (its connection stays in the
  // multi's cache) or decide why not. Returns true when the transfer goes on.
  bool FollowRedirect(Transfer* t, long status) {
    if (!IsRedirectStatus(status)) return false;
    char* loc = nullptr;
    if (curl_easy_getinfo(t->easy, CURLINFO_REDIRECT_URL, &loc) != CURLE_OK || loc == nullptr)
      return false;
    std::string next = loc;
    FetchResult& r = t->result;
    r.redirect_url = next;
    const FetchRequest& q = t->request;
    t->redirect_error = CheckRedirectHop(q, t->chain, r.redirects, next, &t->redirect_detail);
    if (t->redirect_error != FetchErrorKind::kNone) return false;
    const long elapsed_ms = static_cast<long>(
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t->start)
            .count());
    const long left_ms = q.total_timeout_ms - elapsed_ms;
    if (left_ms <= 0) {
      t->redirect_error = FetchErrorKind::kTimeout;
      t->redirect_detail = "the redirect chain used up the total timeout";
      return false;
    }
    ++r.redirects;
    t->chain.push_back(next);
    r.final_url = next;
    r.redirect_url.clear();
    // Nothing of this hop may be taken for the next one's, should that one fail
    // before it answers.
    r.body.clear();
    r.response_head.clear();
    r.retry_after.clear();
    t->address_refused = false;
    t->refused_ip.clear();
    curl_multi_remove_handle(multi, t->easy);
    curl_easy_setopt(t->easy, CURLOPT_URL, next.c_str());
    curl_easy_setopt(t->easy, CURLOPT_TIMEOUT_MS, left_ms);
    if (curl_multi_add_handle(multi, t->easy) != CURLM_OK) {
      t->redirect_error = FetchErrorKind::kNetwork;
      t->redirect_detail = "curl_multi_add_handle failed for a redirect";
      return false;
    }
    return true;
  }

  void Complete(Transfer* t, CURLcode code) {
    FetchResult& r = t->result;
    CURL* e = t->easy;
    long status = 0;
    curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &status);
    if (code == CURLE_OK && FollowRedirect(t, status)) return;
    r.http_status = static_cast<int>(status);
    char* s = nullptr;
    if (curl_easy_getinfo(e, CURLINFO_EFFECTIVE_URL, &s) == CURLE_OK && s) r.final_url = s;
    s = nullptr;
    if (curl_easy_getinfo(e, CURLINFO_PRIMARY_IP, &s) == CURLE_OK && s) r.remote_ip = s;
    s = nullptr;
    if (curl_easy_getinfo(e, CURLINFO_CONTENT_TYPE, &s) == CURLE_OK && s) r.content_type = s;
    r.elapsed_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t->start)
            .count();
    r.fetched_at = FormatRfc3339Millis(clock.WallNow());

    FetchErrorKind kind = FetchErrorKind::kNone;
    switch (code) {
      case CURLE_OK:
        break;
      case CURLE_COULDNT_RESOLVE_HOST:
      case CURLE_COULDNT_RESOLVE_PROXY:
        kind = FetchErrorKind::kDns;
        break;
      case CURLE_COULDNT_CONNECT:
        kind = FetchErrorKind::kConnect;
        break;
      case CURLE_OPERATION_TIMEDOUT:
        kind = FetchErrorKind::kTimeout;
        break;
      case CURLE_SSL_CONNECT_ERROR:
      case CURLE_PEER_FAILED_VERIFICATION:
      case CURLE_SSL_CERTPROBLEM:
      case CURLE_SSL_CIPHER:
      case CURLE_SSL_CACERT_BADFILE:
      case CURLE_SSL_ISSUER_ERROR:
      case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
      case CURLE_SSL_INVALIDCERTSTATUS:
        kind = FetchErrorKind::kTls;
        break;
      case CURLE_TOO_MANY_REDIRECTS:
        kind = FetchErrorKind::kTooManyRedirects;
        break;
      case CURLE_FILESIZE_EXCEEDED:
        kind = FetchErrorKind::kBodyTooLarge;
        break;
      case CURLE_URL_MALFORMAT:
      case CURLE_UNSUPPORTED_PROTOCOL:
        kind = FetchErrorKind::kBadUrl;
        break;
      default:
        kind = FetchErrorKind::kNetwork;
        break;
    }
    if (code != CURLE_OK && t->body_too_large) kind = FetchErrorKind::kBodyTooLarge;
    if (code != CURLE_OK && t->address_refused) kind = FetchErrorKind::kAddressRefused;
    if (code == CURLE_OK && t->redirect_error != FetchErrorKind::kNone) kind = t->redirect_error;
    r.error_kind = kind;
    if (kind != FetchErrorKind::kNone) {
      std::string detail = t->errbuf[0] ? t->errbuf : curl_easy_strerror(code);
      if (t->redirect_error == kind) detail = t->redirect_detail;
      if (kind == FetchErrorKind::kAddressRefused)
        detail = "refused restricted address " + t->refused_ip;
      if (kind == FetchErrorKind::kBodyTooLarge)
        detail = "body larger than " + std::to_string(t->request.max_body_bytes) + " bytes";
      r.error = Status(StatusCode::kFetchFailed,
                       std::string(FetchErrorKindName(kind)) + ": " + detail + " (" + r.url + ")");
    }

    curl_multi_remove_handle(multi, e);
    curl_easy_cleanup(e);
    curl_slist_free_all(t->resolve);
    transfers.erase(t);
    FetchCallback done = std::move(t->done);
    FetchResult result = std::move(t->result);
    delete t;
    --in_flight;
    if (done) done(std::move(result));
  }

  void Start(FetchRequest req, FetchCallback done) {
    auto* t = new Transfer;
    t->request = std::move(req);
    t->done = std::move(done);
    t->start = std::chrono::steady_clock::now();
    FetchResult& r = t->result;
    r.url = t->request.url;
    r.final_url = t->request.url;
    r.depth = t->request.depth;
    r.attempts = t->request.attempt;
    t->chain.push_back(t->request.url);

    CURL* e = curl_easy_init();
    t->easy = e;
    transfers.insert(t);
    const FetchRequest& q = t->request;
    curl_easy_setopt(e, CURLOPT_URL, q.url.c_str());
    curl_easy_setopt(e, CURLOPT_PRIVATE, t);
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_ERRORBUFFER, t->errbuf);
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, &Impl::OnWrite);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, t);
    curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, &Impl::OnHeader);
    curl_easy_setopt(e, CURLOPT_HEADERDATA, t);
    curl_easy_setopt(e, CURLOPT_DEBUGFUNCTION, &Impl::OnDebug);
    curl_easy_setopt(e, CURLOPT_DEBUGDATA, t);
    curl_easy_setopt(e, CURLOPT_VERBOSE, 1L);  // routes HEADER_OUT to OnDebug; nothing is printed
    curl_easy_setopt(e, CURLOPT_OPENSOCKETFUNCTION, &Impl::OnOpenSocket);
    curl_easy_setopt(e, CURLOPT_OPENSOCKETDATA, t);
    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);  // FollowRedirect, hop by hop
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, q.connect_timeout_ms);
    curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, q.total_timeout_ms);
    if (q.low_speed_time_s > 0) {
      curl_easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT, q.low_speed_bytes_per_s);
      curl_easy_setopt(e, CURLOPT_LOW_SPEED_TIME, q.low_speed_time_s);
    }
    curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");  // every encoding curl was built with
    curl_easy_setopt(e, CURLOPT_USERAGENT, q.user_agent.c_str());
    curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L);
    curl_easy_setopt(e, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_2TLS));
    if (!q.proxy.empty()) curl_easy_setopt(e, CURLOPT_PROXY, q.proxy.c_str());
    for (const std::string& entry : q.resolve)
      t->resolve = curl_slist_append(t->resolve, entry.c_str());
    if (t->resolve) curl_easy_setopt(e, CURLOPT_RESOLVE, t->resolve);

    if (curl_multi_add_handle(multi, e) != CURLM_OK) {
      std::snprintf(t->errbuf, sizeof t->errbuf, "curl_multi_add_handle failed");
      Complete(t, CURLE_FAILED_INIT);
    }
  }

  asio::io_context& io;
  Clock& clock;  // fetched_at (wall time); curl keeps its own timeouts
  asio::steady_timer timer;
  CURLM* multi = nullptr;
  std::unordered_map<SocketState*, std::shared_ptr<SocketState>> sockets;
  std::unordered_set<Transfer*> transfers;
  std::atomic<size_t> in_flight{0};
};

CurlFetcher::CurlFetcher(asio::io_context& io, Clock& clock)
    : impl_(std::make_shared<Impl>(io, clock)) {}

CurlFetcher::~CurlFetcher() = default;

void CurlFetcher::Fetch(FetchRequest request, FetchCallback done) {
  ++impl_->in_flight;
  asio::post(impl_->io, [weak = std::weak_ptr<Impl>(impl_), req = std::move(request),
                         cb = std::move(done)]() mutable {
    if (auto me = weak.lock()) me->Start(std::move(req), std::move(cb));
  });
}

size_t CurlFetcher::in_flight() const { return impl_->in_flight.load(); }

}  // namespace shouhu::crawler
