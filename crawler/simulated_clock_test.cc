#include "crawler/simulated_clock.h"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <vector>

namespace shouhu::crawler {
namespace {

using std::chrono::seconds;

// Runs what is ready. An io_context that ran out of work stops; restart it
// first, as a loop with a work guard never needs to.
void Poll(boost::asio::io_context& io) {
  io.restart();
  io.poll();
}

TEST(SimulatedClock, TimeMovesOnlyWhenTheLoopIsIdle) {
  SimulatedClock clock;
  boost::asio::io_context io;
  std::vector<std::pair<int, double>> fired;
  auto at = [&](int id) {
    return [&, id] {
      fired.emplace_back(id, std::chrono::duration<double>(clock.Now() - clock.Start()).count());
    };
  };
  auto a = clock.NewTimer(io), b = clock.NewTimer(io), c = clock.NewTimer(io);
  a->WaitUntil(clock.Start() + seconds(5), at(1));
  b->WaitUntil(clock.Start() + seconds(2), at(2));
  c->WaitUntil(clock.Start() + seconds(2), at(3));
  Poll(io);
  EXPECT_TRUE(fired.empty());
  EXPECT_EQ(clock.Now(), clock.Start());
  clock.Idle();  // jumps to 2 s, runs both timers due then in arming order, then on to 5 s
  Poll(io);
  ASSERT_EQ(fired.size(), 3u);
  EXPECT_EQ(fired[0], std::make_pair(2, 2.0));
  EXPECT_EQ(fired[1], std::make_pair(3, 2.0));
  EXPECT_EQ(fired[2], std::make_pair(1, 5.0));
  EXPECT_EQ(clock.pending_timers(), 0u);
}

TEST(SimulatedClock, BusyHoldsTimeUntilTheLoopIsIdleAgain) {
  SimulatedClock clock;
  boost::asio::io_context io;
  std::vector<double> fired;
  auto now = [&] { return std::chrono::duration<double>(clock.Now() - clock.Start()).count(); };
  auto a = clock.NewTimer(io), b = clock.NewTimer(io);
  a->WaitUntil(clock.Start() + seconds(1), [&] {
    fired.push_back(now());
    clock.Busy();  // e.g. a page went to a worker
  });
  b->WaitUntil(clock.Start() + seconds(3), [&] { fired.push_back(now()); });
  clock.Idle();
  Poll(io);
  ASSERT_EQ(fired.size(), 1u);
  EXPECT_EQ(now(), 1.0);
  clock.Idle();  // the worker's result came back and the loop has nothing to do
  Poll(io);
  ASSERT_EQ(fired.size(), 2u);
  EXPECT_EQ(fired[1], 3.0);
}

TEST(SimulatedClock, CancelledAndReArmedWaitsDoNotRun) {
  SimulatedClock clock;
  boost::asio::io_context io;
  int runs = 0, rearmed = 0;
  auto t = clock.NewTimer(io);
  t->WaitUntil(clock.Start() + seconds(1), [&] { ++runs; });
  t->Cancel();
  clock.Advance(seconds(2));
  Poll(io);
  EXPECT_EQ(runs, 0);
  // A due wait (posted at once) replaced before it ran does not run either.
  t->WaitUntil(clock.Now(), [&] { ++runs; });
  t->WaitUntil(clock.Now() + seconds(1), [&] { ++rearmed; });
  Poll(io);
  EXPECT_EQ(runs, 0);
  clock.Idle();
  Poll(io);
  EXPECT_EQ(rearmed, 1);
  // Destroying a timer drops its wait.
  t->WaitUntil(clock.Now() + seconds(1), [&] { ++runs; });
  t.reset();
  clock.Idle();
  Poll(io);
  EXPECT_EQ(runs, 0);
}

TEST(SimulatedClock, WallTimeFollowsSteadyTime) {
  SimulatedClock clock;
  const auto wall0 = clock.WallNow();
  clock.Advance(seconds(90));
  EXPECT_EQ(clock.WallNow() - wall0, seconds(90));
}

TEST(SimulatedClock, ADispatchDroppedUnrunLetsTimeMoveOn) {
  SimulatedClock clock;
  {
    boost::asio::io_context io;
    auto t = clock.NewTimer(io);
    t->WaitUntil(clock.Start() + seconds(1), [] {});
    clock.Idle();  // posted, never run: the io_context goes away
  }
  boost::asio::io_context io;
  bool ran = false;
  auto t = clock.NewTimer(io);
  t->WaitUntil(clock.Now() + seconds(3), [&] { ran = true; });
  clock.Idle();
  Poll(io);
  EXPECT_TRUE(ran);
}

}  // namespace
}  // namespace shouhu::crawler
