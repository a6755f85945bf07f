// TestHttpServer: a tiny HTTP/1.1 server on 127.0.0.1 for crawler tests.
// Test-only (never linked into the library). One connection per request
// ("Connection: close"); the handler runs on the server's own thread.
#ifndef SHOUHU_CRAWLER_TEST_HTTP_SERVER_H_
#define SHOUHU_CRAWLER_TEST_HTTP_SERVER_H_

#include <atomic>
#include <boost/asio.hpp>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace shouhu::crawler::testing {

struct TestRequest {
  std::string method;
  std::string target;  // path and query as sent
  std::string host;    // Host header without port
  std::string head;    // the whole request head
};

struct TestResponse {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  int delay_ms = 0;                  // wait before answering
  bool omit_content_length = false;  // body delimited by connection close
};

class TestHttpServer {
 public:
  using Handler = std::function<TestResponse(const TestRequest&)>;

  explicit TestHttpServer(Handler handler)
      : handler_(std::move(handler)),
        acceptor_(io_,
                  boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0)) {
    port_ = acceptor_.local_endpoint().port();
    Accept();
    thread_ = std::thread([this] { io_.run(); });
  }
  ~TestHttpServer() {
    io_.stop();
    thread_.join();
  }

  int port() const { return port_; }
  int requests() const { return requests_.load(); }
  // Requests seen for "host target".
  int count(const std::string& host, const std::string& target) const {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = counts_.find(host + " " + target);
    return it == counts_.end() ? 0 : it->second;
  }
  int max_concurrent() const { return max_open_.load(); }

 private:
  struct Conn : std::enable_shared_from_this<Conn> {
    explicit Conn(boost::asio::io_context& io) : socket(io), timer(io) {}
    boost::asio::ip::tcp::socket socket;
    boost::asio::steady_timer timer;
    boost::asio::streambuf in;
    std::string out;
  };

  void Accept() {
    auto conn = std::make_shared<Conn>(io_);
    acceptor_.async_accept(conn->socket, [this, conn](boost::system::error_code ec) {
      if (!ec) Read(conn);
      Accept();
    });
  }

  void Read(const std::shared_ptr<Conn>& conn) {
    int open = ++open_;
    int prev = max_open_.load();
    while (open > prev && !max_open_.compare_exchange_weak(prev, open)) {
    }
    boost::asio::async_read_until(
        conn->socket, conn->in, "\r\n\r\n", [this, conn](boost::system::error_code ec, size_t n) {
          if (ec) {
            --open_;
            return;
          }
          std::string head(
              boost::asio::buffers_begin(conn->in.data()),
              boost::asio::buffers_begin(conn->in.data()) + static_cast<std::ptrdiff_t>(n));
          TestRequest req;
          req.head = head;
          size_t sp1 = head.find(' '), sp2 = head.find(' ', sp1 + 1);
          req.method = head.substr(0, sp1);
          req.target = head.substr(sp1 + 1, sp2 - sp1 - 1);
          size_t h = head.find("\r\nHost: ");
          if (h != std::string::npos) {
            size_t e = head.find("\r\n", h + 2);
            req.host = head.substr(h + 8, e - h - 8);
            size_t colon = req.host.rfind(':');
            if (colon != std::string::npos) req.host.resize(colon);
          }
          ++requests_;
          {
            std::lock_guard<std::mutex> lock(mu_);
            ++counts_[req.host + " " + req.target];
          }
          TestResponse resp = handler_(req);
          std::string& out = conn->out;
          out = "HTTP/1.1 " + std::to_string(resp.status) + " X\r\nConnection: close\r\n";
          for (auto& [k, v] : resp.headers) out += k + ": " + v + "\r\n";
          if (!resp.omit_content_length)
            out += "Content-Length: " + std::to_string(resp.body.size()) + "\r\n";
          out += "\r\n";
          if (req.method != "HEAD") out += resp.body;
          conn->timer.expires_after(std::chrono::milliseconds(resp.delay_ms));
          conn->timer.async_wait([this, conn](boost::system::error_code) {
            boost::asio::async_write(conn->socket, boost::asio::buffer(conn->out),
                                     [this, conn](boost::system::error_code, size_t) {
                                       boost::system::error_code ignored;
                                       conn->socket.shutdown(
                                           boost::asio::ip::tcp::socket::shutdown_both, ignored);
                                       conn->socket.close(ignored);
                                       --open_;
                                     });
          });
        });
  }

  Handler handler_;
  boost::asio::io_context io_;
  boost::asio::ip::tcp::acceptor acceptor_;
  int port_ = 0;
  std::thread thread_;
  std::atomic<int> requests_{0};
  std::atomic<int> open_{0};
  std::atomic<int> max_open_{0};
  mutable std::mutex mu_;
  std::map<std::string, int> counts_;
};

}  // namespace shouhu::crawler::testing

#endif  // SHOUHU_CRAWLER_TEST_HTTP_SERVER_H_
