// Lifetimes follow the Beast examples: each connection is a Session owned by its
// pending handlers (shared_from_this) on its own strand. A request is read with a
// request_parser so that the header and body limits apply before the bytes are
// buffered; a request over a limit is answered (431 / 413) and the connection
// closed.
#include "review/http_server.h"

#include <atomic>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <optional>
#include <thread>

#include "base/strings.h"

namespace shouhu::review {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

struct Shared {
  HttpHandler handler;
  HttpServerOptions options;
  std::atomic<int> in_flight{0};
};

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, std::shared_ptr<Shared> shared)
      : stream_(std::move(socket)), shared_(std::move(shared)) {}

  void Start() {
    asio::dispatch(stream_.get_executor(),
                   beast::bind_front_handler(&Session::Read, shared_from_this()));
  }

 private:
  void Read() {
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(shared_->options.max_header_bytes));
    parser_->body_limit(shared_->options.max_body_bytes);
    // The idle deadline until the request starts; the read deadline after.
    stream_.expires_after(first_ ? shared_->options.read_timeout : shared_->options.idle_timeout);
    first_ = false;
    http::async_read(stream_, buffer_, *parser_,
                     beast::bind_front_handler(&Session::OnRead, shared_from_this()));
  }

  void OnRead(beast::error_code ec, size_t) {
    if (ec == http::error::end_of_stream || ec == beast::error::timeout) return Close();
    if (ec == http::error::header_limit) return Refuse(431, "request header too large\n");
    if (ec == http::error::body_limit) return Refuse(413, "request body too large\n");
    if (ec) return Refuse(400, "bad request\n");
    http::request<http::string_body> req = parser_->release();
    HttpRequest r;
    r.method = std::string(req.method_string());
    r.target = std::string(req.target());
    size_t q = r.target.find('?');
    r.path = PercentDecode(r.target.substr(0, q), false);
    if (q != std::string::npos) r.query = r.target.substr(q + 1);
    for (const auto& f : req) {
      std::string name(f.name_string());
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      r.headers.emplace(std::move(name), std::string(f.value()));
    }
    r.body = std::move(req.body());
    beast::error_code ignored;
    auto ep = stream_.socket().remote_endpoint(ignored);
    if (!ignored) r.remote = ep.address().to_string();
    HttpResponse out;
    ++shared_->in_flight;
    try {
      out = shared_->handler(r);
    } catch (const std::exception&) {
      out = HttpResponse{500, {{"Content-Type", "text/plain; charset=utf-8"}}, "internal error\n"};
    }
    --shared_->in_flight;
    Respond(std::move(out), req.version(), req.keep_alive(), req.method() == http::verb::head);
  }

  void Refuse(int status, std::string body) {
    Respond(HttpResponse{status, {{"Content-Type", "text/plain; charset=utf-8"}}, std::move(body)},
            11, false, false);
  }

  void Respond(HttpResponse r, unsigned version, bool keep_alive, bool head) {
    res_ = {};
    res_.version(version);
    res_.result(static_cast<unsigned>(r.status));
    res_.set(http::field::server, shared_->options.server_name);
    for (auto& [k, v] : r.headers) res_.insert(k, v);
    res_.keep_alive(keep_alive);
    const size_t length = r.body.size();
    if (!head) res_.body() = std::move(r.body);
    res_.content_length(length);
    stream_.expires_after(shared_->options.read_timeout);
    http::async_write(stream_, res_,
                      beast::bind_front_handler(&Session::OnWrite, shared_from_this()));
  }

  void OnWrite(beast::error_code ec, size_t) {
    if (ec) return Close();
    if (!res_.keep_alive()) return Close();
    Read();
  }

  void Close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
  }

  beast::tcp_stream stream_;
  std::shared_ptr<Shared> shared_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  http::response<http::string_body> res_;
  bool first_ = true;
};

}  // namespace

struct HttpServer::Impl {
  std::shared_ptr<Shared> shared = std::make_shared<Shared>();
  asio::io_context ioc;
  // The acceptor lives on a strand: accept completions and the close posted by Stop
  // run on different threads otherwise, and an acceptor is not thread-safe.
  tcp::acceptor acceptor{asio::make_strand(ioc)};
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work;
  std::vector<std::thread> threads;
  uint16_t port = 0;
  bool stopped = false;

  void Accept() {
    acceptor.async_accept(asio::make_strand(ioc), [this](beast::error_code ec, tcp::socket s) {
      if (!acceptor.is_open()) return;
      if (!ec) std::make_shared<Session>(std::move(s), shared)->Start();
      Accept();
    });
  }
};

std::string HttpRequest::Header(std::string_view name) const {
  auto it = headers.find(std::string(name));
  return it == headers.end() ? std::string() : it->second;
}

HttpServer::HttpServer(HttpHandler handler, HttpServerOptions options)
    : impl_(std::make_unique<Impl>()) {
  impl_->shared->handler = std::move(handler);
  impl_->shared->options = std::move(options);
}

HttpServer::~HttpServer() { Stop(std::chrono::milliseconds(0)); }

Status HttpServer::Listen(const std::string& host, uint16_t port) {
  beast::error_code ec;
  asio::ip::address addr = asio::ip::make_address(host, ec);
  if (ec) return InvalidArgument("listen address '" + host + "': " + ec.message());
  tcp::endpoint ep(addr, port);
  impl_->acceptor.open(ep.protocol(), ec);
  if (!ec) impl_->acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) impl_->acceptor.bind(ep, ec);
  if (!ec) impl_->acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return IoError("listen on " + host + ":" + std::to_string(port) + ": " + ec.message());
  }
  impl_->port = impl_->acceptor.local_endpoint().port();
  return Status::Ok();
}

uint16_t HttpServer::port() const { return impl_->port; }

void HttpServer::Start() {
  impl_->work.emplace(asio::make_work_guard(impl_->ioc));
  impl_->Accept();
  int n = std::max(1, impl_->shared->options.threads);
  for (int i = 0; i < n; ++i) impl_->threads.emplace_back([this] { impl_->ioc.run(); });
}

void HttpServer::Stop(std::chrono::milliseconds grace) {
  if (impl_->stopped) return;
  impl_->stopped = true;
  asio::post(impl_->acceptor.get_executor(), [this] {
    beast::error_code ec;
    impl_->acceptor.close(ec);
  });
  // Requests being handled finish and are answered; then everything stops.
  auto deadline = std::chrono::steady_clock::now() + grace;
  while (impl_->shared->in_flight.load() > 0 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  if (grace.count() > 0) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  impl_->work.reset();
  impl_->ioc.stop();
  for (auto& t : impl_->threads) t.join();
  impl_->threads.clear();
}

Result<std::pair<std::string, uint16_t>> ParseListenAddress(std::string_view text) {
  std::string host;
  std::string_view port_text;
  if (!text.empty() && text.front() == '[') {
    size_t close = text.find(']');
    if (close == std::string_view::npos || close + 1 >= text.size() || text[close + 1] != ':')
      return InvalidArgument("listen address '" + std::string(text) + "': expected [host]:port");
    host = std::string(text.substr(1, close - 1));
    port_text = text.substr(close + 2);
  } else {
    size_t colon = text.rfind(':');
    if (colon == std::string_view::npos)
      return InvalidArgument("listen address '" + std::string(text) + "': expected host:port");
    host = std::string(text.substr(0, colon));
    port_text = text.substr(colon + 1);
  }
  if (host.empty() || port_text.empty() || port_text.size() > 5)
    return InvalidArgument("listen address '" + std::string(text) + "': expected host:port");
  unsigned port = 0;
  for (char c : port_text) {
    if (c < '0' || c > '9')
      return InvalidArgument("listen address '" + std::string(text) + "': bad port");
    port = port * 10 + static_cast<unsigned>(c - '0');
  }
  if (port > 65535) return InvalidArgument("listen address '" + std::string(text) + "': bad port");
  return std::make_pair(host, static_cast<uint16_t>(port));
}

std::string PercentDecode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '+' && plus_is_space) {
      out.push_back(' ');
    } else if (c == '%' && i + 2 < text.size() && HexValue(text[i + 1]) >= 0 &&
               HexValue(text[i + 2]) >= 0) {
      out.push_back(static_cast<char>(HexValue(text[i + 1]) * 16 + HexValue(text[i + 2])));
      i += 2;
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string PercentEncode(std::string_view text) {
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      AppendPercentEscaped(out, c);
    }
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> ParseFormPairs(std::string_view body) {
  std::vector<std::pair<std::string, std::string>> out;
  size_t i = 0;
  while (i <= body.size()) {
    size_t e = body.find('&', i);
    if (e == std::string_view::npos) e = body.size();
    std::string_view part = body.substr(i, e - i);
    if (!part.empty()) {
      size_t eq = part.find('=');
      std::string name = PercentDecode(part.substr(0, eq), true);
      std::string value =
          eq == std::string_view::npos ? std::string() : PercentDecode(part.substr(eq + 1), true);
      out.emplace_back(std::move(name), std::move(value));
    }
    i = e + 1;
  }
  return out;
}

std::map<std::string, std::string> ParseForm(std::string_view body) {
  std::map<std::string, std::string> out;
  for (auto& [k, v] : ParseFormPairs(body)) out.emplace(std::move(k), std::move(v));
  return out;
}

std::map<std::string, std::string> ParseCookies(std::string_view header) {
  std::map<std::string, std::string> out;
  size_t i = 0;
  while (i < header.size()) {
    size_t e = header.find(';', i);
    if (e == std::string_view::npos) e = header.size();
    std::string_view part = header.substr(i, e - i);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    size_t eq = part.find('=');
    if (eq != std::string_view::npos && eq > 0)
      out.emplace(std::string(part.substr(0, eq)), std::string(part.substr(eq + 1)));
    i = e + 1;
  }
  return out;
}

}  // namespace shouhu::review
