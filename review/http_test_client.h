// A blocking HTTP/1.1 client for the console's tests (Boost.Beast): one
// keep-alive connection to a loopback port, cookies kept like a browser's.
#ifndef SHOUHU_REVIEW_HTTP_TEST_CLIENT_H_
#define SHOUHU_REVIEW_HTTP_TEST_CLIENT_H_

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <map>
#include <string>
#include <vector>

namespace shouhu::review::testing_util {

struct ClientResponse {
  int status = 0;
  std::multimap<std::string, std::string> headers;  // lower-case names
  std::string body;
  std::string Header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
  }
  std::vector<std::string> All(const std::string& name) const {
    std::vector<std::string> out;
    auto [a, b] = headers.equal_range(name);
    for (auto it = a; it != b; ++it) out.push_back(it->second);
    return out;
  }
};

class TestClient {
 public:
  explicit TestClient(uint16_t port) : port_(port) {}

  ClientResponse Get(const std::string& target) { return Send("GET", target, ""); }
  ClientResponse Post(const std::string& target, const std::string& form) {
    return Send("POST", target, form);
  }

  ClientResponse Send(const std::string& method, const std::string& target, const std::string& body,
                      const std::string& raw_cookie = "") {
    namespace beast = boost::beast;
    namespace http = beast::http;
    if (!stream_) Connect();
    http::request<http::string_body> req{http::string_to_verb(method), target, 11};
    req.set(http::field::host, "127.0.0.1:" + std::to_string(port_));
    std::string cookie = raw_cookie;
    for (const auto& [k, v] : cookies_) cookie += (cookie.empty() ? "" : "; ") + k + "=" + v;
    if (!cookie.empty()) req.set(http::field::cookie, cookie);
    if (method == "POST") req.set(http::field::content_type, "application/x-www-form-urlencoded");
    req.body() = body;
    req.prepare_payload();
    req.keep_alive(true);
    beast::error_code ec;
    http::write(*stream_, req, ec);
    beast::flat_buffer buf;
    http::response<http::string_body> res;
    if (!ec) http::read(*stream_, buf, res, ec);
    if (ec) {  // the server closed the kept-alive connection: one retry on a new one
      stream_.reset();
      Connect();
      http::write(*stream_, req);
      http::read(*stream_, buf, res);
    }
    ClientResponse out;
    out.status = static_cast<int>(res.result_int());
    for (const auto& f : res) {
      std::string name(f.name_string());
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      out.headers.emplace(name, std::string(f.value()));
      if (name == "set-cookie") Remember(std::string(f.value()));
    }
    out.body = res.body();
    if (!res.keep_alive()) stream_.reset();
    return out;
  }

  std::map<std::string, std::string>& cookies() { return cookies_; }

 private:
  void Connect() {
    namespace asio = boost::asio;
    stream_ = std::make_unique<boost::beast::tcp_stream>(ioc_);
    stream_->connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), port_));
  }
  void Remember(const std::string& set_cookie) {
    size_t eq = set_cookie.find('=');
    size_t semi = set_cookie.find(';');
    if (eq == std::string::npos) return;
    std::string name = set_cookie.substr(0, eq);
    std::string value =
        set_cookie.substr(eq + 1, semi == std::string::npos ? std::string::npos : semi - eq - 1);
    if (value.empty() || set_cookie.find("Max-Age=0") != std::string::npos)
      cookies_.erase(name);
    else
      cookies_[name] = value;
  }

  boost::asio::io_context ioc_;
  std::unique_ptr<boost::beast::tcp_stream> stream_;
  uint16_t port_;
  std::map<std::string, std::string> cookies_;
};

// The value of the first hidden input named `name` in an HTML page.
inline std::string HiddenInput(const std::string& html, const std::string& name) {
  std::string key = "name=\"" + name + "\" value=\"";
  size_t p = html.find(key);
  if (p == std::string::npos) return "";
  p += key.size();
  return html.substr(p, html.find('"', p) - p);
}

}  // namespace shouhu::review::testing_util

#endif  // SHOUHU_REVIEW_HTTP_TEST_CLIENT_H_
