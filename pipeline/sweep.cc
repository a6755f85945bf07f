#include "pipeline/sweep.h"

#include <chrono>
#include <thread>

#include "pipeline/sweep_session.h"

namespace shouhu::pipeline {

Result<SweepReport> RunSweep(const SweepConfig& config, std::atomic<bool>* stop, SweepEnv env) {
  crawler::Clock& clock = env.crawl.clock != nullptr ? *env.crawl.clock : crawler::Clock::System();
  const crawler::Clock::TimePoint started = clock.Now();
  auto session = SweepSession::Open(config, clock, env.problems);
  if (!session.ok()) return session.status();
  SweepSession& s = **session;

  crawler::SweepRunner runner(s.crawl_options(), config.Scopes(), s.processor().AsCallback(),
                              env.crawl);
  runner.SetJournal(s.journal());
  if (std::optional<crawler::ResumeState> resume = s.TakeResume())
    runner.Resume(std::move(*resume));

  // The watcher turns a stop request into runner.Stop() and reports progress;
  // it polls, so nothing signal-related ever runs inside the crawl.
  std::atomic<bool> crawl_over{false};
  std::atomic<bool> interrupted{false};
  std::thread watcher([&] {
    while (!crawl_over.load()) {
      if (stop != nullptr && stop->load()) {
        interrupted = true;
        runner.Stop();
        return;
      }
      if (env.progress)
        env.progress(runner.stats(), std::chrono::duration<double>(clock.Now() - started).count());
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  });
  Status crawled = runner.Run();
  crawl_over = true;
  watcher.join();
  return s.Finish(runner.stats(), crawled, interrupted);
}

}  // namespace shouhu::pipeline
