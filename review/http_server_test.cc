#include "review/http_server.h"

#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>

#include "review/http_test_client.h"

namespace shouhu::review {
namespace {

using testing_util::TestClient;

TEST(HttpServer, KeepAliveLimitsAndGracefulStop) {
  std::atomic<int> handled{0};
  HttpServerOptions o;
  o.max_body_bytes = 1000;
  o.max_header_bytes = 2000;
  HttpServer server(
      [&](const HttpRequest& r) {
        ++handled;
        HttpResponse out{
            200, {{"Content-Type", "text/plain"}}, r.method + " " + r.path + "?" + r.query};
        return out;
      },
      o);
  ASSERT_TRUE(server.Listen("127.0.0.1", 0).ok());
  server.Start();
  TestClient c(server.port());
  EXPECT_EQ(c.Get("/a%20b?x=1").body, "GET /a b?x=1");
  EXPECT_EQ(c.Post("/p", "k=v").body, "POST /p?");  // the same connection, kept alive
  EXPECT_EQ(c.Post("/big", std::string(2000, 'x')).status, 413);
  TestClient c2(server.port());
  EXPECT_EQ(c2.Send("GET", "/", "", std::string(4000, 'c') + "=1").status, 431);
  EXPECT_EQ(handled.load(), 2);

  // A malformed request gets 400, not a crash.
  boost::asio::io_context ioc;
  boost::asio::ip::tcp::socket s(ioc);
  s.connect({boost::asio::ip::make_address("127.0.0.1"), server.port()});
  boost::asio::write(s, boost::asio::buffer(std::string("NOT HTTP AT ALL\r\n\r\n")));
  std::string reply(12, '\0');
  boost::system::error_code ec;
  boost::asio::read(s, boost::asio::buffer(reply), ec);
  EXPECT_EQ(reply.substr(0, 12), "HTTP/1.1 400");
  server.Stop();
  server.Stop();  // idempotent
}

TEST(HttpServer, ListenErrorsAreValues) {
  HttpServer a([](const HttpRequest&) { return HttpResponse{}; });
  EXPECT_EQ(a.Listen("not an address", 0).code(), StatusCode::kInvalidArgument);
  HttpServer b([](const HttpRequest&) { return HttpResponse{}; });
  ASSERT_TRUE(b.Listen("127.0.0.1", 0).ok());
  HttpServer c([](const HttpRequest&) { return HttpResponse{}; });
  EXPECT_EQ(c.Listen("127.0.0.1", b.port()).code(), StatusCode::kIoError);
}

TEST(HttpForms, FormsCookiesAndAddresses) {
  auto f = ParseForm("a=1&b=%E6%B0%B4+%E6%99%B6&a=2&flag&c=%zz");
  EXPECT_EQ(f["a"], "1");
  EXPECT_EQ(f["b"], "水 晶");
  EXPECT_EQ(f["flag"], "");
  EXPECT_EQ(f["c"], "%zz");
  EXPECT_EQ(ParseFormPairs("id=1&id=2").size(), 2u);
  auto c = ParseCookies("a=1; shouhu_session=abc; b=x=y");
  EXPECT_EQ(c["shouhu_session"], "abc");
  EXPECT_EQ(c["b"], "x=y");
  EXPECT_EQ(PercentEncode("水 a&b"), "%E6%B0%B4%20a%26b");
  auto l = ParseListenAddress("127.0.0.1:8080");
  ASSERT_TRUE(l.ok());
  EXPECT_EQ(l->second, 8080);
  EXPECT_EQ(ParseListenAddress("[::1]:9")->first, "::1");
  EXPECT_FALSE(ParseListenAddress("localhost").ok());
  EXPECT_FALSE(ParseListenAddress("h:99999").ok());
}

}  // namespace
}  // namespace shouhu::review
