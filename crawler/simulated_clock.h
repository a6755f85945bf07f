// SimulatedClock: virtual time for the crawl loop (see crawler/clock.h).
//
// Time stands still until the loop reports Idle(): then it jumps to the
// earliest armed timer and runs every timer due at that instant (posted to
// their io_contexts, in deadline order). Once those handlers have run, it
// moves on to the next timer unless the loop said Busy() in the meantime — a
// handler that only re-arms a timer (a redirect hop of a FakeFetcher, a stale
// wake-up) leaves the loop as idle as it was. A timer armed for a time already
// reached is posted at once, as an expired asio timer completes at once.
// Advance() moves time by hand (a test between two runs, or a scheduler
// simulation stepping through a campaign).
//
// Determinism holds when everything the loop waits for is a timer of this
// clock — e.g. a FakeFetcher (crawler/fake_fetcher.h) delivering responses
// after a simulated latency — or work the loop itself counts (its workers).
//
// Thread-safety: every method may be called from any thread.
#ifndef SHOUHU_CRAWLER_SIMULATED_CLOCK_H_
#define SHOUHU_CRAWLER_SIMULATED_CLOCK_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>

#include "crawler/clock.h"

namespace shouhu::crawler {

class SimulatedClock final : public Clock {
 public:
  // Starts at `wall_start` (wall time) and an arbitrary steady epoch.
  explicit SimulatedClock(WallTime wall_start = WallTime(std::chrono::hours(24 * 20780)));
  ~SimulatedClock() override;

  TimePoint Now() const override;
  WallTime WallNow() const override;
  std::unique_ptr<Timer> NewTimer(boost::asio::io_context& io) override;
  void Idle() override;
  void Busy() override;

  // Moves time forward and posts the timers that became due.
  void Advance(std::chrono::steady_clock::duration d);
  // The steady time point `d` after the clock's start.
  TimePoint Start() const { return start_; }
  // Timers armed and not yet run.
  size_t pending_timers() const;

 private:
  class SimTimer;
  struct Wait {
    boost::asio::io_context* io;
    uint64_t id;
    std::function<void()> fn;
  };
  // Arms a wait and returns its id; a wait already due is posted at once.
  uint64_t Arm(boost::asio::io_context* io, TimePoint when, std::function<void()> fn);
  void Disarm(uint64_t id);
  // REQUIRES: mu_ held. Posts every wait due at now_.
  void PostDueLocked();
  void PostLocked(Wait w);
  // A posted wait's handler ran (or was dropped unrun when its io_context went away).
  void DispatchDone(bool ran);
  // REQUIRES: mu_ held. If nothing is being dispatched and the loop is idle,
  // jumps to the next wait and posts what is due then.
  void AdvanceIfIdleLocked();

  const TimePoint start_;
  const WallTime wall_start_;
  mutable std::mutex mu_;
  TimePoint now_;
  uint64_t next_id_ = 1;
  std::multimap<TimePoint, Wait> waits_;       // by deadline, FIFO among equals
  std::map<uint64_t, TimePoint> deadline_of_;  // id -> key in waits_
  // Waits posted whose handlers have not run (or been dropped): time does not
  // jump while any is pending, so each handler runs at the instant it was due.
  int in_dispatch_ = 0;
  bool idle_ = false;  // the loop's last word: Idle() (true) or Busy() (false)
};

}  // namespace shouhu::crawler

#endif  // SHOUHU_CRAWLER_SIMULATED_CLOCK_H_
