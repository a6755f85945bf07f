// The demo market served by a FakeWeb: the whole-sweep fixture of the pipeline
// tests, no sockets (crawler/fake_fetcher.h, tests/market/market.h).
#ifndef SHOUHU_TESTS_MARKET_WEB_H_
#define SHOUHU_TESTS_MARKET_WEB_H_

#include <string>
#include <utility>

#include "base/url.h"
#include "crawler/fake_fetcher.h"
#include "tests/market/market.h"

namespace shouhu::pipeline::testing_util {

struct MarketWeb {
  explicit MarketWeb(market::MarketOptions options)
      : site(options), web([this](const crawler::FakeHit& h) {
          // The market writes absolute links with the host (and port) it was asked for.
          Result<Url> u = ParseUrl(h.url);
          const std::string host =
              u.ok() && u->port > 0 ? h.host + ":" + std::to_string(u->port) : h.host;
          market::Response page = site.Render(host, h.target);
          crawler::FakeResponse r;
          r.status = page.status;
          r.headers = page.headers;
          r.body = std::move(page.body);
          return r;
        }) {}
  market::MarketSite site;
  crawler::FakeWeb web;
};

}  // namespace shouhu::pipeline::testing_util

#endif  // SHOUHU_TESTS_MARKET_WEB_H_
