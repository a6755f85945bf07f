// The demo marketplace is a program of its own (shouhu-market, built from
// tests/market/): the shouhu binary never links it. `shouhu market` replaces
// itself with it; `shouhu demo` runs it as a child for the length of a sweep.
#ifndef SHOUHU_APP_MARKET_PROCESS_H_
#define SHOUHU_APP_MARKET_PROCESS_H_

#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

#include "base/status.h"

namespace shouhu::app {

// $SHOUHU_MARKET if set, else shouhu-market next to this executable, else
// "shouhu-market" (found on PATH).
std::string MarketBinary();

// Replaces the process with the market program; returns only on failure.
int ExecMarket(const std::vector<std::string>& args);

class MarketProcess {
 public:
  // Starts the market with `args` (plus --port 0) and waits until it says
  // which port it listens on. kNotFound when the program cannot be run.
  static Result<std::unique_ptr<MarketProcess>> Start(std::vector<std::string> args);
  ~MarketProcess();  // Stop()
  MarketProcess(const MarketProcess&) = delete;
  MarketProcess& operator=(const MarketProcess&) = delete;

  int port() const { return port_; }
  // SIGTERM, then waits for it to exit. Idempotent.
  void Stop();

 private:
  MarketProcess(pid_t pid, int port, int output_fd)
      : pid_(pid), port_(port), output_fd_(output_fd) {}
  pid_t pid_;
  int port_;
  int output_fd_;  // the read end of the market's stdout
};

}  // namespace shouhu::app

#endif  // SHOUHU_APP_MARKET_PROCESS_H_
