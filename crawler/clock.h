// Clock: the crawl loop's time, a seam so tests and simulations drive it
// (as leveldb's Env is).
//
// The loop reads Now() for every scheduling decision (politeness delays,
// Retry-After, backoff, parking) and WallNow() for what it records (fetched_at)
// and for HTTP dates; it waits with Timers made by the clock on the loop's
// io_context. SystemClock is the real thing: steady_clock, system_clock and
// asio steady_timers. SimulatedClock (crawler/simulated_clock.h) is a virtual
// time that moves only when the loop has nothing to do but wait, so a test of
// a ten-minute politeness schedule runs in milliseconds and asserts exact times.
//
// Thread-safety: Now() and WallNow() from any thread; NewTimer() and Idle() on
// the loop's thread. A Timer is used on its io_context's thread only.
#ifndef SHOUHU_CRAWLER_CLOCK_H_
#define SHOUHU_CRAWLER_CLOCK_H_

#include <chrono>
#include <functional>
#include <memory>

namespace boost::asio {
class io_context;
}  // namespace boost::asio

namespace shouhu::crawler {

class Timer {
 public:
  virtual ~Timer() = default;
  // Runs `fn` on the io_context's thread once the clock reaches `when`;
  // replaces a wait already armed (which then never runs). Destroying the
  // timer or Cancel() drops the wait.
  virtual void WaitUntil(std::chrono::steady_clock::time_point when, std::function<void()> fn) = 0;
  virtual void Cancel() = 0;
};

class Clock {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;
  using WallTime = std::chrono::system_clock::time_point;

  virtual ~Clock() = default;
  virtual TimePoint Now() const = 0;
  virtual WallTime WallNow() const = 0;
  // A timer on `io` (which must outlive it).
  virtual std::unique_ptr<Timer> NewTimer(boost::asio::io_context& io) = 0;
  // The caller's loop can make no progress before one of this clock's timers
  // fires — until it says Busy(). Real time just passes; a simulated clock
  // jumps to the earliest timer (and on to the next while the loop stays idle).
  virtual void Idle() {}
  // The loop waits for work the clock does not drive (its worker threads): a
  // simulated clock must not move until the loop reports Idle() again.
  virtual void Busy() {}

  // The process-wide real clock.
  static Clock& System();
};

}  // namespace shouhu::crawler

#endif  // SHOUHU_CRAWLER_CLOCK_H_
