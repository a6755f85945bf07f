#include "crawler/simulated_clock.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

namespace shouhu::crawler {

// A wait whose handler is posted but has not finished holds a token; the
// token's end (the handler ran, or the io_context dropped it unrun) lets time
// move on.
class DispatchToken {
 public:
  DispatchToken(SimulatedClock* clock, void (SimulatedClock::*done)(bool))
      : clock_(clock), done_(done) {}
  ~DispatchToken() { (clock_->*done_)(ran); }
  DispatchToken(const DispatchToken&) = delete;
  DispatchToken& operator=(const DispatchToken&) = delete;
  bool ran = false;

 private:
  SimulatedClock* clock_;
  void (SimulatedClock::*done_)(bool);
};

class SimulatedClock::SimTimer final : public Timer {
 public:
  SimTimer(SimulatedClock* clock, boost::asio::io_context* io) : clock_(clock), io_(io) {}
  ~SimTimer() override { Cancel(); }

  void WaitUntil(TimePoint when, std::function<void()> fn) override {
    Cancel();
    // The handler checks it is still this timer's current wait: a wait that was
    // already posted when the timer was cancelled or re-armed does not run.
    auto current = current_;
    const uint64_t id = clock_->Arm(io_, when,
                                    [current_weak = std::weak_ptr<uint64_t>(current),
                                     fn = std::move(fn), self_id = ++serial_]() {
                                      auto c = current_weak.lock();
                                      if (!c || *c != self_id) return;
                                      *c = 0;
                                      fn();
                                    });
    *current_ = serial_;
    armed_ = id;
  }

  void Cancel() override {
    *current_ = 0;
    if (armed_ != 0) clock_->Disarm(armed_);
    armed_ = 0;
  }

 private:
  SimulatedClock* clock_;
  boost::asio::io_context* io_;
  std::shared_ptr<uint64_t> current_ = std::make_shared<uint64_t>(0);
  uint64_t serial_ = 0;
  uint64_t armed_ = 0;
};

SimulatedClock::SimulatedClock(WallTime wall_start)
    : start_(TimePoint(std::chrono::hours(1000))), wall_start_(wall_start), now_(start_) {}

SimulatedClock::~SimulatedClock() = default;

Clock::TimePoint SimulatedClock::Now() const {
  std::lock_guard<std::mutex> lock(mu_);
  return now_;
}

Clock::WallTime SimulatedClock::WallNow() const {
  std::lock_guard<std::mutex> lock(mu_);
  return wall_start_ +
         std::chrono::duration_cast<std::chrono::system_clock::duration>(now_ - start_);
}

std::unique_ptr<Timer> SimulatedClock::NewTimer(boost::asio::io_context& io) {
  return std::make_unique<SimTimer>(this, &io);
}

void SimulatedClock::Idle() {
  std::lock_guard<std::mutex> lock(mu_);
  idle_ = true;
  AdvanceIfIdleLocked();
}

void SimulatedClock::Busy() {
  std::lock_guard<std::mutex> lock(mu_);
  idle_ = false;
}

void SimulatedClock::AdvanceIfIdleLocked() {
  if (!idle_ || in_dispatch_ > 0 || waits_.empty()) return;
  if (waits_.begin()->first > now_) now_ = waits_.begin()->first;
  PostDueLocked();
}

void SimulatedClock::Advance(std::chrono::steady_clock::duration d) {
  std::lock_guard<std::mutex> lock(mu_);
  now_ += d;
  PostDueLocked();
}

size_t SimulatedClock::pending_timers() const {
  std::lock_guard<std::mutex> lock(mu_);
  return waits_.size();
}

uint64_t SimulatedClock::Arm(boost::asio::io_context* io, TimePoint when,
                             std::function<void()> fn) {
  std::lock_guard<std::mutex> lock(mu_);
  const uint64_t id = next_id_++;
  if (when <= now_) {
    PostLocked(Wait{io, id, std::move(fn)});
    return id;
  }
  waits_.emplace(when, Wait{io, id, std::move(fn)});
  deadline_of_[id] = when;
  return id;
}

void SimulatedClock::Disarm(uint64_t id) {
  std::lock_guard<std::mutex> lock(mu_);
  auto d = deadline_of_.find(id);
  if (d == deadline_of_.end()) return;  // already posted (the handler checks itself)
  auto [lo, hi] = waits_.equal_range(d->second);
  for (auto it = lo; it != hi; ++it) {
    if (it->second.id == id) {
      waits_.erase(it);
      break;
    }
  }
  deadline_of_.erase(d);
}

void SimulatedClock::PostDueLocked() {
  while (!waits_.empty() && waits_.begin()->first <= now_) {
    Wait w = std::move(waits_.begin()->second);
    deadline_of_.erase(w.id);
    waits_.erase(waits_.begin());
    PostLocked(std::move(w));
  }
}

void SimulatedClock::PostLocked(Wait w) {
  ++in_dispatch_;
  auto token = std::make_shared<DispatchToken>(this, &SimulatedClock::DispatchDone);
  boost::asio::post(*w.io, [token = std::move(token), fn = std::move(w.fn)]() mutable {
    fn();
    token->ran = true;
    token.reset();  // time moves on now if the loop is (still) idle
  });
}

void SimulatedClock::DispatchDone(bool ran) {
  std::lock_guard<std::mutex> lock(mu_);
  --in_dispatch_;
  // A handler dropped unrun belongs to an io_context that is going away:
  // posting more to it would be wrong, so only a handler that ran moves time.
  if (ran) AdvanceIfIdleLocked();
}

}  // namespace shouhu::crawler
