// Extraction cost on the demo marketplace's item pages (scripts/bench.d/extract.sh).
//
//   BM_Extract/<platform>   ExtractPage (decode, link scan, every profile field):
//                           bytes/s and pages/s (items_per_second)
//   BM_DomParse/<platform>  Document::Parse alone on the same (already decoded)
//                           pages: the gumbo share of BM_Extract
//
// `parsers_bench --dump_pages=DIR` writes the same pages to DIR/<platform>/NNN.html
// with DIR/pages.tsv (platform, file, URL, Content-Type) for the Python peer, and exits.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "parsers/charset.h"
#include "parsers/dom.h"
#include "parsers/page_extractor.h"
#include "parsers/site_profile.h"
#include "tests/market/market.h"

namespace shouhu::parsers {
namespace {

// Pages per platform (listing i is on platform i % 3).
constexpr int64_t kPagesPerPlatform = 100;

struct Page {
  FetchedPage fetched;
  std::string decoded;  // UTF-8, for BM_DomParse
};

struct Corpus {
  std::vector<SiteProfile> profiles;     // in market::Platforms() order
  std::vector<std::vector<Page>> pages;  // per platform
};

const Corpus& GetCorpus() {
  static const Corpus corpus = [] {
    Corpus c;
    market::MarketOptions options;
    options.listings = kPagesPerPlatform * 3;
    market::MarketSite site(options);
    const auto& platforms = market::Platforms();
    c.pages.resize(platforms.size());
    for (const auto& p : platforms) {
      Result<SiteProfile> profile =
          LoadSiteProfile(std::string(SHOUHU_SOURCE_DIR) + "/config/sites/" + p.id + ".toml");
      if (!profile.ok()) {
        std::cerr << profile.status().ToString() << "\n";
        std::exit(1);
      }
      c.profiles.push_back(*profile);
    }
    for (int64_t i = 0; i < options.listings; ++i) {
      market::ListingTruth truth = market::TruthFor(options, i);
      const size_t platform = static_cast<size_t>(i % 3);
      market::Response r = site.Render(platforms[platform].host, truth.url_path);
      if (r.status != 200) continue;
      Page page;
      page.fetched.url = "http://" + platforms[platform].host + truth.url_path;
      page.fetched.content_type = std::string(r.Header("Content-Type"));
      page.fetched.body = std::move(r.body);
      page.fetched.fetched_at = "2026-11-11T00:00:00Z";
      page.decoded = DecodeToUtf8(page.fetched.body, page.fetched.content_type,
                                  c.profiles[platform].default_charset)
                         .text;
      c.pages[platform].push_back(std::move(page));
    }
    return c;
  }();
  return corpus;
}

void BM_Extract(benchmark::State& state) {
  const Corpus& c = GetCorpus();
  const auto platform = static_cast<size_t>(state.range(0));
  const std::vector<Page>& pages = c.pages[platform];
  int64_t bytes = 0, n = 0;
  for (auto _ : state) {
    for (const Page& p : pages) {
      Result<PageExtract> x = ExtractPage(c.profiles[platform], p.fetched);
      if (!x.ok() || !x->listing || !x->listing->title) {
        state.SkipWithError("extraction failed");
        return;
      }
      benchmark::DoNotOptimize(x);
      bytes += static_cast<int64_t>(p.fetched.body.size());
      ++n;
    }
  }
  state.SetBytesProcessed(bytes);
  state.SetItemsProcessed(n);
  state.SetLabel(market::Platforms()[platform].id);
}

void BM_DomParse(benchmark::State& state) {
  const Corpus& c = GetCorpus();
  const auto platform = static_cast<size_t>(state.range(0));
  const std::vector<Page>& pages = c.pages[platform];
  int64_t bytes = 0, n = 0;
  for (auto _ : state) {
    for (const Page& p : pages) {
      Document doc = Document::Parse(p.decoded);
      benchmark::DoNotOptimize(doc.size());
      bytes += static_cast<int64_t>(p.fetched.body.size());
      ++n;
    }
  }
  state.SetBytesProcessed(bytes);
  state.SetItemsProcessed(n);
  state.SetLabel(market::Platforms()[platform].id);
}

BENCHMARK(BM_Extract)->DenseRange(0, 2)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_DomParse)->DenseRange(0, 2)->Unit(benchmark::kMillisecond);

int DumpPages(const std::string& dir) {
  const Corpus& c = GetCorpus();
  std::filesystem::create_directories(dir);
  std::ofstream index(dir + "/pages.tsv");
  for (size_t platform = 0; platform < c.pages.size(); ++platform) {
    const std::string id = market::Platforms()[platform].id;
    std::filesystem::create_directories(dir + "/" + id);
    for (size_t k = 0; k < c.pages[platform].size(); ++k) {
      const Page& p = c.pages[platform][k];
      const std::string file = id + "/" + std::to_string(k) + ".html";
      std::ofstream(dir + "/" + file, std::ios::binary) << p.fetched.body;
      index << id << '\t' << file << '\t' << p.fetched.url << '\t' << p.fetched.content_type
            << '\n';
    }
  }
  return index ? 0 : 1;
}

}  // namespace
}  // namespace shouhu::parsers

int main(int argc, char** argv) {
  const std::string flag = "--dump_pages=";
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a.rfind(flag, 0) == 0) return shouhu::parsers::DumpPages(a.substr(flag.size()));
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
