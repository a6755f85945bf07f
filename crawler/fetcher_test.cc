#include "crawler/fetcher.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <functional>

#include "crawler/test_http_server.h"

namespace shouhu::crawler {
namespace {

using testing::TestHttpServer;
using testing::TestRequest;
using testing::TestResponse;

std::string Gzip(const std::string& in) {
  z_stream zs{};
  deflateInit2(&zs, 9, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
  std::string out(compressBound(static_cast<uLong>(in.size())) + 64, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

TestResponse Route(const TestRequest& req) {
  TestResponse r;
  const std::string& t = req.target;
  if (t == "/ok") {
    r.headers = {{"Content-Type", "text/html; charset=utf-8"}};
    r.body = "hello " + req.host;
  } else if (t == "/r/1") {
    r.status = 302;
    r.headers = {{"Location", "/r/2"}};
  } else if (t == "/r/2") {
    r.status = 301;
    r.headers = {{"Location", "/ok"}};
  } else if (t == "/loop/a" || t == "/loop/b") {
    r.status = 302;
    r.headers = {{"Location", t == "/loop/a" ? "/loop/b" : "/loop/a"}};
  } else if (t == "/big" || t == "/big-close") {
    r.body.assign(1 << 20, 'x');
    r.omit_content_length = t == "/big-close";
  } else if (t == "/slow") {
    r.delay_ms = 2000;
    r.body = "late";
  } else if (t.starts_with("/delay50")) {
    r.delay_ms = 50;
    r.body = t;
  } else if (t == "/gzip" || t == "/bomb") {
    r.headers = {{"Content-Encoding", "gzip"}};
    r.body =
        Gzip(t == "/gzip" ? std::string("童装 children's clothing") : std::string(4 << 20, 'a'));
  } else if (t == "/429") {
    r.status = 429;
    r.headers = {{"Retry-After", "1"}};
  } else {
    r.status = 404;
  }
  return r;
}

class FetcherTest : public ::testing::Test {
 protected:
  FetcherTest() : server_(Route) {}

  FetchRequest Req(const std::string& path) {
    FetchRequest q;
    q.url = "http://127.0.0.1:" + std::to_string(server_.port()) + path;
    q.allow_private = true;
    return q;
  }

  std::vector<FetchResult> FetchAll(std::vector<FetchRequest> reqs) {
    boost::asio::io_context io;
    CurlFetcher fetcher(io, Clock::System());
    std::vector<FetchResult> out(reqs.size());
    size_t left = reqs.size();
    for (size_t i = 0; i < reqs.size(); ++i) {
      fetcher.Fetch(reqs[i], [&, i](FetchResult r) {
        out[i] = std::move(r);
        if (--left == 0) io.stop();
      });
    }
    io.run_for(std::chrono::seconds(30));
    EXPECT_EQ(left, 0u) << "not every callback ran";
    return out;
  }
  FetchResult FetchOne(FetchRequest q) { return FetchAll({std::move(q)})[0]; }

  TestHttpServer server_;
};

TEST_F(FetcherTest, Ok200FillsTheWholeResult) {
  FetchResult r = FetchOne(Req("/ok"));
  ASSERT_TRUE(r.error.ok()) << r.error.ToString();
  EXPECT_EQ(r.http_status, 200);
  EXPECT_EQ(r.body, "hello 127.0.0.1");
  EXPECT_EQ(r.content_type, "text/html; charset=utf-8");
  EXPECT_EQ(r.remote_ip, "127.0.0.1");
  EXPECT_EQ(r.final_url, r.url);
  EXPECT_EQ(r.redirects, 0);
  EXPECT_TRUE(r.request_head.starts_with("GET /ok HTTP/1.1\r\n")) << r.request_head;
  EXPECT_NE(r.request_head.find("User-Agent: shouhu/0.1"), std::string::npos);
  EXPECT_NE(r.request_head.find("Accept-Encoding: "), std::string::npos);
  EXPECT_TRUE(r.request_head.ends_with("\r\n\r\n"));
  EXPECT_TRUE(r.response_head.starts_with("HTTP/1.1 200")) << r.response_head;
  EXPECT_TRUE(r.response_head.ends_with("\r\n\r\n"));
  EXPECT_EQ(r.fetched_at.size(), 24u) << r.fetched_at;
  EXPECT_EQ(r.error_kind, FetchErrorKind::kNone);
}

TEST_F(FetcherTest, RedirectChainIsFollowedAndLastHopRecorded) {
  FetchResult r = FetchOne(Req("/r/1"));
  ASSERT_TRUE(r.error.ok()) << r.error.ToString();
  EXPECT_EQ(r.http_status, 200);
  EXPECT_EQ(r.redirects, 2);
  EXPECT_TRUE(r.final_url.ends_with("/ok")) << r.final_url;
  EXPECT_TRUE(r.request_head.starts_with("GET /ok ")) << r.request_head;
  EXPECT_TRUE(r.response_head.starts_with("HTTP/1.1 200")) << r.response_head;
  EXPECT_EQ(r.response_head.find("Location"), std::string::npos);
}

TEST_F(FetcherTest, RedirectLoopIsDetectedWhenItComesBack) {
  FetchRequest q = Req("/loop/a");
  q.max_redirects = 10;
  FetchResult r = FetchOne(q);
  EXPECT_EQ(r.error_kind, FetchErrorKind::kRedirectLoop) << r.error.ToString();
  EXPECT_EQ(r.error.code(), StatusCode::kFetchFailed);
  EXPECT_NE(r.error.message().find("redirect_loop"), std::string::npos);
  EXPECT_EQ(server_.requests(), 2);  // a → b, and b's Location names a again: stop
  EXPECT_EQ(r.redirects, 1);
  EXPECT_TRUE(r.redirect_url.ends_with("/loop/a")) << r.redirect_url;
}

TEST_F(FetcherTest, RedirectLimitStopsALongChain) {
  FetchRequest q = Req("/r/1");
  q.max_redirects = 1;
  FetchResult r = FetchOne(q);
  EXPECT_EQ(r.error_kind, FetchErrorKind::kTooManyRedirects) << r.error.ToString();
  EXPECT_NE(r.error.message().find("more than 1 redirects"), std::string::npos)
      << r.error.ToString();
  EXPECT_EQ(r.http_status, 301);
  EXPECT_TRUE(r.final_url.ends_with("/r/2")) << r.final_url;
  EXPECT_TRUE(r.redirect_url.ends_with("/ok")) << r.redirect_url;
}

TEST_F(FetcherTest, RedirectCheckSeesEveryHopAndCanRefuseOne) {
  std::vector<std::string> seen;
  FetchRequest q = Req("/r/1");
  q.redirect_check = [&seen](const std::string& next) {
    seen.push_back(next);
    if (next.ends_with("/ok"))
      return Status(StatusCode::kFetchFailed, "robots.txt disallows " + next);
    return Status::Ok();
  };
  FetchResult r = FetchOne(q);
  EXPECT_EQ(r.error_kind, FetchErrorKind::kRedirectRefused) << r.error.ToString();
  EXPECT_NE(r.error.message().find("robots.txt disallows"), std::string::npos)
      << r.error.ToString();
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_TRUE(seen[0].ends_with("/r/2"));
  EXPECT_TRUE(seen[1].ends_with("/ok"));
  EXPECT_EQ(server_.requests(), 2);  // /ok was never asked for
  EXPECT_EQ(r.redirects, 1);

  q.redirect_check = [](const std::string&) { return Status::Ok(); };
  FetchResult followed = FetchOne(q);
  ASSERT_TRUE(followed.error.ok()) << followed.error.ToString();
  EXPECT_EQ(followed.redirects, 2);
}

TEST_F(FetcherTest, BodyCapAbortsWithAndWithoutContentLength) {
  FetchRequest a = Req("/big"), b = Req("/big-close");
  a.max_body_bytes = b.max_body_bytes = 100 * 1024;
  std::vector<FetchResult> r = FetchAll({a, b});
  for (const FetchResult& x : r) {
    EXPECT_EQ(x.error_kind, FetchErrorKind::kBodyTooLarge) << x.error.ToString();
    EXPECT_EQ(x.body.size(), 100u * 1024);  // the first max_body_bytes are kept
  }
}

TEST_F(FetcherTest, TotalTimeoutEndsSlowResponse) {
  FetchRequest q = Req("/slow");
  q.total_timeout_ms = 300;
  auto t0 = std::chrono::steady_clock::now();
  FetchResult r = FetchOne(q);
  EXPECT_EQ(r.error_kind, FetchErrorKind::kTimeout) << r.error.ToString();
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::milliseconds(1500));
}

TEST_F(FetcherTest, PrivateAddressRefusedUnlessAllowed) {
  FetchRequest q = Req("/ok");
  q.allow_private = false;
  FetchResult r = FetchOne(q);
  EXPECT_EQ(r.error_kind, FetchErrorKind::kAddressRefused) << r.error.ToString();
  EXPECT_EQ(server_.requests(), 0);

  // A public-looking name mapped inward is refused after resolution too.
  FetchRequest named;
  named.url = "http://mall.tiantu.test:" + std::to_string(server_.port()) + "/ok";
  named.resolve = {"mall.tiantu.test:" + std::to_string(server_.port()) + ":127.0.0.1"};
  EXPECT_EQ(FetchOne(named).error_kind, FetchErrorKind::kAddressRefused);
  EXPECT_EQ(server_.requests(), 0);

  named.allow_private = true;
  FetchResult ok = FetchOne(named);
  ASSERT_TRUE(ok.error.ok()) << ok.error.ToString();
  EXPECT_EQ(ok.body, "hello mall.tiantu.test");
}

TEST_F(FetcherTest, ConnectionRefusedIsConnectError) {
  FetchRequest q;
  q.url = "http://127.0.0.1:1/";
  q.allow_private = true;
  EXPECT_EQ(FetchOne(q).error_kind, FetchErrorKind::kConnect);
}

TEST_F(FetcherTest, RetryAfterHeaderCaptured) {
  FetchResult r = FetchOne(Req("/429"));
  ASSERT_TRUE(r.error.ok());
  EXPECT_EQ(r.http_status, 429);
  EXPECT_EQ(r.retry_after, "1");
}

TEST_F(FetcherTest, ManyConcurrentRequestsOnOneThread) {
  std::vector<FetchRequest> reqs;
  for (int i = 0; i < 200; ++i) reqs.push_back(Req("/delay50/" + std::to_string(i)));
  auto t0 = std::chrono::steady_clock::now();
  std::vector<FetchResult> r = FetchAll(reqs);
  auto elapsed = std::chrono::steady_clock::now() - t0;
  for (size_t i = 0; i < r.size(); ++i) {
    ASSERT_TRUE(r[i].error.ok()) << i << " " << r[i].error.ToString();
    EXPECT_EQ(r[i].body, "/delay50/" + std::to_string(i));
  }
  EXPECT_GT(server_.max_concurrent(), 10);
  // Sequentially this would take 10 s.
  EXPECT_LT(elapsed, std::chrono::seconds(5));
}

TEST_F(FetcherTest, ContentEncodingIsRemovedAndBombsCapped) {
  FetchResult r = FetchOne(Req("/gzip"));
  ASSERT_TRUE(r.error.ok()) << r.error.ToString();
  EXPECT_EQ(r.body, "童装 children's clothing");
  FetchRequest bomb = Req("/bomb");
  bomb.max_body_bytes = 1 << 20;  // 4 MiB inflated from a few KiB
  EXPECT_EQ(FetchOne(bomb).error_kind, FetchErrorKind::kBodyTooLarge);
}

// curl 7.87 had a multi_socket latency regression (transfers waiting for a
// timeout instead of socket readiness): sequential fetches must stay fast.
TEST_F(FetcherTest, SequentialFetchLatencyStaysLow) {
  boost::asio::io_context io;
  CurlFetcher fetcher(io, Clock::System());
  int left = 50;
  std::function<void()> next = [&] {
    fetcher.Fetch(Req("/ok"), [&](FetchResult r) {
      EXPECT_TRUE(r.error.ok());
      if (--left == 0)
        io.stop();
      else
        next();
    });
  };
  auto t0 = std::chrono::steady_clock::now();
  next();
  io.run_for(std::chrono::seconds(20));
  EXPECT_EQ(left, 0);
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(2));  // < 40 ms each
}

TEST(FetcherAddress, RestrictedRanges) {
  for (const char* ip :
       {"127.0.0.1", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1", "169.254.169.254",
        "100.64.0.1", "0.0.0.0", "224.0.0.1", "255.255.255.255", "::1", "::", "fe80::1", "fd00::1",
        "::ffff:127.0.0.1", "::ffff:10.0.0.1", "[::1]", "ff02::1", "not-an-ip"})
    EXPECT_TRUE(IsRestrictedAddress(ip)) << ip;
  for (const char* ip : {"8.8.8.8", "172.32.0.1", "1.1.1.1", "2001:4860:4860::8888",
                         "::ffff:8.8.8.8", "100.128.0.1"})
    EXPECT_FALSE(IsRestrictedAddress(ip)) << ip;
}

}  // namespace
}  // namespace shouhu::crawler
