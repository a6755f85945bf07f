// WorkerPool: fixed worker threads over an unbounded job queue. The crawl loop
// bounds it itself (it stops starting fetches while enough pages are
// outstanding), so Submit never blocks the loop.
//
// Thread-safety: Submit and Shutdown from any thread; jobs run on the workers.
#ifndef SHOUHU_CRAWLER_WORKER_POOL_H_
#define SHOUHU_CRAWLER_WORKER_POOL_H_

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace shouhu::crawler {

class WorkerPool {
 public:
  explicit WorkerPool(int threads);
  ~WorkerPool() { Shutdown(); }
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  void Submit(std::function<void()> job);
  // Runs the queued jobs to completion, then joins. Idempotent.
  void Shutdown();

 private:
  void Loop();

  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> jobs_;
  bool closing_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace shouhu::crawler

#endif  // SHOUHU_CRAWLER_WORKER_POOL_H_
