// shouhu-market: the demo marketplace as a program of its own (doc/market.md).
// `shouhu market` and `shouhu demo` start it; the product binary never links
// the market. Serves on 127.0.0.1 until SIGINT or SIGTERM.
//
// The first line on stdout is "listening 127.0.0.1:PORT" (a caller that asked
// for --port 0 reads the port from it); then the host names to map.
// Exit codes: 0 stopped by a signal, 2 bad usage or a file that cannot be written.
#include <signal.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>

#include "tests/market/market.h"

int main(int argc, char** argv) {
  using namespace shouhu;
  CLI::App app{"shouhu-market — the demo marketplace on loopback (three platforms, ground truth)",
               "shouhu-market"};
  int port = 8080;
  int threads = 2;
  int64_t listings = 300;
  uint64_t seed = 20261111;
  bool no_faults = false;
  std::string ground_truth, registry;
  app.add_option("--port", port, "port on 127.0.0.1 (0 = any free port)")->capture_default_str();
  app.add_option("--listings", listings, "listings")->capture_default_str();
  app.add_option("--seed", seed, "generator seed")->capture_default_str();
  app.add_option("--threads", threads, "server threads")->capture_default_str();
  app.add_flag("--no-faults", no_faults, "serve without 429/500/slow/redirect/trap faults");
  app.add_option("--ground-truth", ground_truth, "write the ground truth (JSON Lines) here");
  app.add_option("--ccc-registry", registry,
                 "write the listings' CCC certificate registry (CSV) here");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  if (port < 0 || port > 65535) {
    std::cerr << "shouhu-market: --port: out of range\n";
    return 2;
  }
  if (listings < 0 || listings >= (int64_t{1} << 29)) {
    std::cerr << "shouhu-market: --listings: out of range\n";
    return 2;
  }
  // Blocked before any thread starts, so only sigwait below sees them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  signal(SIGPIPE, SIG_IGN);  // a caller that stopped reading our stdout must not kill us

  market::MarketOptions options;
  options.seed = seed;
  options.listings = listings;
  options.faults = no_faults ? market::FaultOptions::None() : market::FaultOptions::Demo();
  for (const auto& [path, write] : {std::pair{ground_truth, &market::WriteGroundTruth},
                                    std::pair{registry, &market::WriteCccRegistry}}) {
    if (path.empty()) continue;
    if (Status st = write(options, path); !st.ok()) {
      std::cerr << "shouhu-market: " << st.message() << "\n";
      return 2;
    }
  }
  market::MarketServer server(options);
  if (Status st = server.Start(static_cast<uint16_t>(port), threads); !st.ok()) {
    std::cerr << "shouhu-market: " << st.message() << "\n";
    return 2;
  }
  std::cout << "listening 127.0.0.1:" << server.port() << "\n";
  std::cout << "demo marketplace: " << listings << " listings, seed " << seed << ", faults "
            << (no_faults ? "off" : "on") << "; hosts:";
  for (const auto& p : market::Platforms()) std::cout << " " << p.host;
  std::cout << "\n(map them to 127.0.0.1, e.g. curl --resolve " << market::Platforms()[0].host
            << ":" << server.port() << ":127.0.0.1 http://" << market::Platforms()[0].host << ":"
            << server.port() << "/ ; Ctrl-C stops)\n"
            << std::flush;
  int sig = 0;
  sigwait(&stop_signals, &sig);
  server.Stop();
  std::cout << "served " << server.requests_served() << " requests\n";
  return 0;
}
