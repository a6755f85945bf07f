// The HTTP/1.1 server: Boost.Beast on one io_context run by N threads.
//
// Lifetimes follow the Beast examples: each connection is a Session owned by
// its pending handlers (shared_from_this) and runs on its own strand, so a
// session's handlers never run concurrently. Slow answers wait on a
// steady_timer, never on a sleeping thread. Stop() stops the io_context and
// joins; sessions still queued are destroyed with the io_context.
//
// "First request of a URL" (429/500 faults) is counted in a fixed table of
// atomic 64-bit tags (open addressing, 8 probes): memory stays bounded at any
// crawl size, and only chosen URLs are ever recorded. If the probe window is
// full the URL simply gets no fault.
#include <atomic>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <memory>
#include <thread>
#include <vector>

#include "tests/market/market.h"
#include "tests/market/rng.h"

namespace shouhu::market {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

// Budget: 2^16 slots × 8 bytes = 512 KiB, enough for the chosen URLs of a
// 100 000-listing crawl at demo rates (a few thousand).
class FirstRequestTable {
 public:
  static constexpr size_t kSlots = size_t{1} << 16;
  static constexpr size_t kProbes = 8;

  FirstRequestTable() : slots_(new std::atomic<uint64_t>[kSlots]) {
    for (size_t i = 0; i < kSlots; ++i) slots_[i].store(0, std::memory_order_relaxed);
  }
  // True exactly once per key (unless the probe window is full).
  bool First(uint64_t key) {
    key |= 1;  // 0 marks an empty slot
    for (size_t p = 0; p < kProbes; ++p) {
      std::atomic<uint64_t>& slot = slots_[((key >> 16) + p) & (kSlots - 1)];
      uint64_t cur = slot.load(std::memory_order_acquire);
      if (cur == key) return false;
      if (cur == 0) {
        if (slot.compare_exchange_strong(cur, key, std::memory_order_acq_rel)) return true;
        if (cur == key) return false;
      }
    }
    return false;
  }

 private:
  std::unique_ptr<std::atomic<uint64_t>[]> slots_;
};

struct ServerState {
  explicit ServerState(MarketOptions options) : site(std::move(options)) {}
  MarketSite site;
  FirstRequestTable first;
  std::atomic<uint64_t> served{0};

  // Fills `out`; returns the delay in milliseconds before answering.
  int Handle(std::string_view host, std::string_view target, Response& out) {
    const MarketOptions& o = site.options();
    const FaultOptions& f = o.faults;
    std::string url =
        std::string(host.substr(0, host.find(':'))) + std::string(target);  // port ignored
    int delay = 0;
    std::string_view bare = host.substr(0, host.find(':'));
    bool known = false;
    for (const Platform& p : Platforms()) known = known || p.host == bare;
    // Faults apply to the platforms' own URLs; robots.txt is always answered.
    if (known && target != "/robots.txt") {
      uint64_t k429 = HashString(o.seed, 0x429, url);
      uint64_t k500 = HashString(o.seed, 0x500, url);
      if (f.rate_slow > 0 && UnitFromHash(HashString(o.seed, 0x510, url)) < f.rate_slow)
        delay = f.slow_ms;
      if (f.rate_429 > 0 && UnitFromHash(k429) < f.rate_429 && first.First(k429)) {
        out = Response{429,
                       {{"Content-Type", "text/plain; charset=utf-8"}, {"Retry-After", "1"}},
                       "too many requests\n"};
        return delay;
      }
      if (f.rate_500 > 0 && UnitFromHash(k500) < f.rate_500 && first.First(k500)) {
        out = Response{
            500, {{"Content-Type", "text/plain; charset=utf-8"}}, "internal server error\n"};
        return delay;
      }
    }
    out = site.Render(host, target);
    return delay;
  }
};

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, ServerState& state)
      : stream_(std::move(socket)), timer_(stream_.get_executor()), state_(state) {}

  void Start() {
    asio::dispatch(stream_.get_executor(),
                   beast::bind_front_handler(&Session::Read, shared_from_this()));
  }

 private:
  void Read() {
    req_ = {};
    stream_.expires_after(std::chrono::seconds(30));  // idle keep-alive budget
    http::async_read(stream_, buffer_, req_,
                     beast::bind_front_handler(&Session::OnRead, shared_from_this()));
  }

  void OnRead(beast::error_code ec, size_t) {
    if (ec) return Close();
    Response r;
    auto host = req_[http::field::host];
    int delay = state_.Handle(std::string_view(host.data(), host.size()),
                              std::string_view(req_.target().data(), req_.target().size()), r);
    res_ = {};
    res_.version(req_.version());
    res_.result(static_cast<unsigned>(r.status));
    res_.set(http::field::server, "shouhu-market");
    for (const auto& [k, v] : r.headers) res_.set(k, v);
    res_.keep_alive(req_.keep_alive());
    const size_t length = r.body.size();
    if (req_.method() != http::verb::head) res_.body() = std::move(r.body);
    res_.content_length(length);
    if (delay > 0) {
      timer_.expires_after(std::chrono::milliseconds(delay));
      timer_.async_wait([self = shared_from_this()](beast::error_code tec) {
        if (!tec) self->Write();
      });
      return;
    }
    Write();
  }

  void Write() {
    state_.served.fetch_add(1, std::memory_order_relaxed);
    http::async_write(stream_, res_,
                      beast::bind_front_handler(&Session::OnWrite, shared_from_this()));
  }

  void OnWrite(beast::error_code ec, size_t) {
    if (ec) return;
    if (!res_.keep_alive()) return Close();
    Read();
  }

  void Close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
  }

  beast::tcp_stream stream_;
  asio::steady_timer timer_;
  beast::flat_buffer buffer_;
  http::request<http::string_body> req_;
  http::response<http::string_body> res_;
  ServerState& state_;
};

}  // namespace

struct MarketServer::Impl {
  explicit Impl(MarketOptions options) : state(std::move(options)) {}

  void Accept() {
    acceptor.async_accept(asio::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) {
      if (!ec) std::make_shared<Session>(std::move(socket), state)->Start();
      if (acceptor.is_open()) Accept();
    });
  }

  ServerState state;
  asio::io_context ioc;
  tcp::acceptor acceptor{ioc};
  std::vector<std::thread> threads;
  uint16_t port = 0;
  bool started = false;
  bool stopped = false;
};

MarketServer::MarketServer(MarketOptions options)
    : impl_(std::make_unique<Impl>(std::move(options))) {}

MarketServer::~MarketServer() { Stop(); }

Status MarketServer::Start(uint16_t port, int threads) {
  if (impl_->started) return InvalidArgument("market server already started");
  beast::error_code ec;
  tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), port);
  auto& acc = impl_->acceptor;
  if (acc.open(endpoint.protocol(), ec); ec) return IoError("market: open: " + ec.message());
  if (acc.set_option(asio::socket_base::reuse_address(true), ec); ec)
    return IoError("market: reuse_address: " + ec.message());
  if (acc.bind(endpoint, ec); ec)
    return IoError("market: bind 127.0.0.1:" + std::to_string(port) + ": " + ec.message());
  if (acc.listen(asio::socket_base::max_listen_connections, ec); ec)
    return IoError("market: listen: " + ec.message());
  impl_->port = acc.local_endpoint().port();
  impl_->started = true;
  impl_->Accept();
  for (int t = 0; t < std::max(1, threads); ++t)
    impl_->threads.emplace_back([this] { impl_->ioc.run(); });
  return Status::Ok();
}

uint16_t MarketServer::port() const { return impl_->port; }

void MarketServer::Stop() {
  if (!impl_->started || impl_->stopped) return;
  impl_->stopped = true;
  impl_->ioc.stop();
  for (std::thread& t : impl_->threads) t.join();
  impl_->threads.clear();
  beast::error_code ec;
  impl_->acceptor.close(ec);
}

uint64_t MarketServer::requests_served() const {
  return impl_->state.served.load(std::memory_order_relaxed);
}

}  // namespace shouhu::market
