// HttpServer: the review console's HTTP/1.1 server, Boost.Beast on one Asio
// io_context run by a few threads. Keep-alive; bounded header and body sizes;
// a read deadline per request and an idle deadline between requests; graceful
// stop (the acceptor closes, requests in flight finish, then the threads join).
//
// The handler runs on an I/O thread and may block briefly (a database query);
// it must be thread-safe, as several connections are served at once.
//
// Thread-safety: Listen/Start/Stop from one controlling thread.
#ifndef SHOUHU_REVIEW_HTTP_SERVER_H_
#define SHOUHU_REVIEW_HTTP_SERVER_H_

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/status.h"

namespace shouhu::review {

struct HttpRequest {
  std::string method;                          // "GET", "POST", ...
  std::string target;                          // as sent: path and query
  std::string path;                            // percent-decoded path, without the query
  std::string query;                           // raw query, without '?'
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  std::string remote;  // peer address

  // "" when absent.
  std::string Header(std::string_view lower_case_name) const;
};

struct HttpResponse {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  HttpResponse& Set(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
    return *this;
  }
};

using HttpHandler = std::function<HttpResponse(const HttpRequest&)>;

struct HttpServerOptions {
  size_t max_header_bytes = 16 * 1024;  // a larger request head gets 431
  size_t max_body_bytes = 1 << 20;      // a larger body gets 413
  // Deadline to read the first request of a connection and to write any answer;
  // a slow client is cut off when it passes.
  std::chrono::seconds read_timeout{20};
  std::chrono::seconds idle_timeout{60};  // keep-alive: to read each later request
  int threads = 4;
  std::string server_name = "shouhu-console";
};

class HttpServer {
 public:
  HttpServer(HttpHandler handler, HttpServerOptions options = {});
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds `host:port` (port 0 = any free port). kInvalidArgument on a bad address,
  // kIoError when the port cannot be bound.
  Status Listen(const std::string& host, uint16_t port);
  uint16_t port() const;
  // Starts the threads. REQUIRES: Listen succeeded.
  void Start();
  // Stops accepting, lets requests in flight finish (at most `grace`), joins.
  // Idempotent.
  void Stop(std::chrono::milliseconds grace = std::chrono::milliseconds(2000));

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Splits "host:port" ("127.0.0.1:8080", "[::1]:8080").
Result<std::pair<std::string, uint16_t>> ParseListenAddress(std::string_view text);

// application/x-www-form-urlencoded (also a query string): '+' is a space,
// percent escapes decoded; the first value of a repeated name wins in the map.
std::map<std::string, std::string> ParseForm(std::string_view body);
// Every value of every name, in order (bulk selections: id=1&id=2).
std::vector<std::pair<std::string, std::string>> ParseFormPairs(std::string_view body);
// A Cookie header's name=value pairs.
std::map<std::string, std::string> ParseCookies(std::string_view header);
std::string PercentDecode(std::string_view text, bool plus_is_space);
std::string PercentEncode(std::string_view text);

}  // namespace shouhu::review

#endif  // SHOUHU_REVIEW_HTTP_SERVER_H_
