// Rendering cost of the demo marketplace's pages, so a crawl benchmark can tell
// how much of its time the fixture itself takes. Bytes/s via SetBytesProcessed.
#include <benchmark/benchmark.h>

#include "tests/market/catalog.h"
#include "tests/market/market.h"

namespace shouhu::market {
namespace {

void BM_RenderItemPage(benchmark::State& state) {
  const int platform = static_cast<int>(state.range(0));
  MarketOptions options;
  options.listings = 20000;
  MarketSite site(options);
  const std::string& host = Platforms()[static_cast<size_t>(platform)].host;
  int64_t k = 0;
  int64_t bytes = 0;
  for (auto _ : state) {
    int64_t index = platform + 3 * ((k++ * 17) % 6000);
    auto page = site.Render(host, ItemPath(platform, ItemId(options.seed, index)));
    bytes += static_cast<int64_t>(page.body.size());
    benchmark::DoNotOptimize(page.body.data());
  }
  state.SetBytesProcessed(bytes);
  state.SetLabel(Platforms()[static_cast<size_t>(platform)].id);
}
BENCHMARK(BM_RenderItemPage)->Arg(0)->Arg(1)->Arg(2);

void BM_RenderListPage(benchmark::State& state) {
  MarketOptions options;
  options.listings = 20000;
  MarketSite site(options);
  for (auto _ : state) {
    auto page = site.Render(Platforms()[0].host, "/category/toy?page=2");
    benchmark::DoNotOptimize(page.body.data());
  }
}
BENCHMARK(BM_RenderListPage);

}  // namespace
}  // namespace shouhu::market

BENCHMARK_MAIN();
