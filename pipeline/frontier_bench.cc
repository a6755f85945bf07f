// Memory of the frontier with N queued URLs (doc/design.md §8, issue 3 benchmark):
// adds N distinct, realistic canonical URLs spread over ~30 origins (item, list
// and shop pages in the three demo platforms' URL styles, some with query
// strings) to a crawler::Frontier, then reports the process's peak RSS (VmHWM
// from /proc/self/status), the RSS after each quarter of the URLs, and the
// bytes each queued URL costs (RSS growth / N). The URLs are generated one at a
// time into a reused buffer, so the growth is the frontier's own.
//
// Two modes, run as separate processes so each has its own RSS:
//   --mode=memory  the in-memory frontier (queued entries + fingerprint set);
//   --mode=db      the sweep's frontier: each URL written down through the
//                  real storage writer into a SQLite file (SweepJournal), a
//                  window per origin in memory, the seen-set in the file behind
//                  a Bloom filter — what `shouhu sweep` runs. Afterwards it
//                  hands out --drain=K URLs, read back from the file.
//
//   frontier_bench [--mode=memory|db] [--urls=N] [--hosts=H] [--window=W] [--dir=D] [--drain=K]
// Prints one machine-readable line:
//   frontier mode=M urls=N hosts=H queued=Q in_memory=I seen=S baseline_kb=B rss_kb=R vmhwm_kb=P
//            bytes_per_url=X seconds=T rss_quarters_kb=a,b,c,d drained=K drain_seconds=T2
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "crawler/frontier.h"
#include "pipeline/sweep_journal.h"
#include "storage/database.h"
#include "storage/frontier_reader.h"
#include "storage/writer_thread.h"

namespace {

// A field of /proc/self/status in kB ("VmHWM", "VmRSS"), -1 if unavailable.
long StatusKb(const char* field) {
  std::ifstream in("/proc/self/status");
  std::string line;
  const size_t n = std::strlen(field);
  while (std::getline(in, line)) {
    if (line.compare(0, n, field) == 0 && line.size() > n && line[n] == ':') {
      return std::strtol(line.c_str() + n + 1, nullptr, 10);
    }
  }
  return -1;
}

uint64_t Mix(uint64_t x) {  // splitmix64: distinct inputs give distinct outputs
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

}  // namespace

int main(int argc, char** argv) {
  long urls = 1'000'000;
  int host_count = 30;
  long window = 2048;
  long drain = 100'000;
  std::string mode = "memory";
  std::string dir = "frontier-bench";
  for (int i = 1; i < argc; ++i) {
    if (std::strncmp(argv[i], "--urls=", 7) == 0)
      urls = std::strtol(argv[i] + 7, nullptr, 10);
    else if (std::strncmp(argv[i], "--hosts=", 8) == 0)
      host_count = static_cast<int>(std::strtol(argv[i] + 8, nullptr, 10));
    else if (std::strncmp(argv[i], "--window=", 9) == 0)
      window = std::strtol(argv[i] + 9, nullptr, 10);
    else if (std::strncmp(argv[i], "--drain=", 8) == 0)
      drain = std::strtol(argv[i] + 8, nullptr, 10);
    else if (std::strncmp(argv[i], "--mode=", 7) == 0)
      mode = argv[i] + 7;
    else if (std::strncmp(argv[i], "--dir=", 6) == 0)
      dir = argv[i] + 6;
    else {
      std::cerr << "usage: frontier_bench [--mode=memory|db] [--urls=N] [--hosts=H] [--window=W] "
                   "[--dir=D] [--drain=K]\n";
      return 2;
    }
  }
  if (urls <= 0 || host_count <= 0 || window < 2 || drain < 0 || (mode != "memory" && mode != "db"))
    return 2;

  // --mode=db: the sweep database, its writer thread and the journal, as RunSweep opens them.
  std::unique_ptr<shouhu::storage::StorageWriter> writer;
  std::unique_ptr<shouhu::pipeline::SweepJournal> journal;
  if (mode == "db") {
    namespace fs = std::filesystem;
    fs::remove_all(dir);
    fs::create_directories(dir);
    const std::string db_path = (fs::path(dir) / "frontier-bench.db").string();
    auto db = shouhu::storage::Database::Open(db_path);
    if (!db.ok()) return std::cerr << db.status().ToString() << "\n", 1;
    auto sweep = (*db)->BeginSweep("frontier-bench", "2026-01-01T00:00:00Z");
    if (!sweep.ok()) return std::cerr << sweep.status().ToString() << "\n", 1;
    auto reader = shouhu::storage::FrontierReader::Open(db_path, *sweep);
    if (!reader.ok()) return std::cerr << reader.status().ToString() << "\n", 1;
    shouhu::storage::StorageWriter::Options wo;
    wo.queue_capacity = 256;  // as the sweep
    writer = std::make_unique<shouhu::storage::StorageWriter>(std::move(db).value(), wo);
    journal = std::make_unique<shouhu::pipeline::SweepJournal>(*writer, *sweep,
                                                               std::move(reader).value(), 0);
  }

  // ~30 origins in the demo platforms' styles (port kept: an origin key as the
  // crawler builds it, e.g. "http://mall.tiantu.test:8080").
  static const char* const kPlatforms[] = {"mall.tiantu.test", "m.kuaigou.test", "www.lanmao.test"};
  std::vector<std::string> origins;
  for (int h = 0; h < host_count; ++h) {
    std::string host = kPlatforms[h % 3];
    if (h >= 3) host = "shop" + std::to_string(h) + "." + host;  // sub-shops / mirrors
    origins.push_back((h % 2 == 0 ? "http://" : "https://") + host + (h % 2 == 0 ? ":8080" : ""));
  }

  shouhu::crawler::Frontier frontier;
  if (journal) frontier.AttachStore(journal.get(), static_cast<size_t>(window));
  for (int s = 0; s < 3; ++s) frontier.SetSiteLimits(s, {.max_depth = 100, .max_pages = 0});
  for (const std::string& o : origins) frontier.SetHostPolicy(o, {.concurrency = 1 << 20});
  std::vector<long> quarters;

  const long baseline_kb = StatusKb("VmRSS");
  const auto start = std::chrono::steady_clock::now();
  shouhu::crawler::FrontierEntry e;
  long added = 0;
  for (long i = 0; i < urls; ++i) {
    const uint64_t r = Mix(static_cast<uint64_t>(i));
    const int h = static_cast<int>(i % host_count);
    const int platform = h % 3;
    // Distinct per i: the id carries i itself (plus a hash-looking prefix).
    const std::string id =
        std::to_string(6'000'000'000ULL + static_cast<uint64_t>(i) * 7 + (r % 7));
    e.host = origins[static_cast<size_t>(h)];
    e.url = e.host;
    e.site = platform;
    e.depth = static_cast<int>(r % 8);
    const int kind = static_cast<int>((r >> 8) % 20);  // 80% items, 15% lists, 5% shops
    if (kind < 16) {
      e.priority = shouhu::crawler::UrlPriority::kItem;
      if (platform == 0)
        e.url += "/item/" + id + ".html";
      else if (platform == 1)
        e.url += "/goods/detail?id=" + id + "&sku=" + std::to_string(r % 100000);
      else
        e.url += "/product/" + id + ".htm";
    } else if (kind < 19) {
      e.priority = shouhu::crawler::UrlPriority::kList;
      static const char* const kGroups[] = {"toy",        "clothing", "uniform", "shoes",
                                            "stationery", "lamp",     "mask",    "furniture",
                                            "glasses",    "car_seat"};
      const char* g = kGroups[(r >> 16) % 10];
      if (platform == 0)
        e.url += std::string("/category/") + g + "?page=" + std::to_string(i) + "&sort=sales";
      else if (platform == 1)
        e.url += "/s?kw=%E7%AB%A5%E8%A3%85&p=" + std::to_string(i);
      else
        e.url += std::string("/list/") + g + "_" + std::to_string(i) + ".htm";
    } else {
      e.priority = shouhu::crawler::UrlPriority::kShop;
      if (platform == 0)
        e.url += "/shop/" + std::to_string(10000 + i);
      else if (platform == 1)
        e.url += "/store/" + std::to_string(10000 + i);
      else
        e.url += "/company/" + std::to_string(10000 + i) + ".htm";
    }
    if (frontier.Add(e) == shouhu::crawler::Frontier::AddOutcome::kAdded) {
      ++added;
      if (journal) {
        e.seq = frontier.last_seq();
        journal->Accepted(e);
      }
    }
    if ((i + 1) % (urls / 4 > 0 ? urls / 4 : 1) == 0) quarters.push_back(StatusKb("VmRSS"));
  }
  if (journal) {
    journal->Flush();
    (void)writer->Flush();
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const long rss_kb = StatusKb("VmRSS");
  const size_t queued = frontier.queued();
  const size_t in_memory = frontier.in_memory();
  const double bytes_per_url =
      added > 0 ? (rss_kb - baseline_kb) * 1024.0 / static_cast<double>(added) : 0;

  // Hand out URLs as a crawl would (each origin's queue read back from the file in db mode).
  const auto drain_start = std::chrono::steady_clock::now();
  long drained = 0;
  while (drained < drain) {
    auto next = frontier.NextReady(shouhu::crawler::Frontier::Clock::now());
    if (!next) {
      if (frontier.queued() == 0) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(1));  // the writer's commit
      continue;
    }
    frontier.Release(next->host);
    ++drained;
  }
  const double drain_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - drain_start).count();
  const long hwm_kb = StatusKb("VmHWM");

  std::string q;
  for (long kb : quarters) q += (q.empty() ? "" : ",") + std::to_string(kb);
  std::printf(
      "frontier mode=%s urls=%ld hosts=%d queued=%zu in_memory=%zu seen=%llu baseline_kb=%ld "
      "rss_kb=%ld "
      "vmhwm_kb=%ld bytes_per_url=%.1f seconds=%.2f rss_quarters_kb=%s drained=%ld "
      "drain_seconds=%.2f\n",
      mode.c_str(), added, host_count, queued, in_memory,
      static_cast<unsigned long long>(frontier.seen()), baseline_kb, rss_kb, hwm_kb, bytes_per_url,
      seconds, q.c_str(), drained, drain_seconds);
  if (writer) (void)writer->Stop();
  return added == urls ? 0 : 1;
}
