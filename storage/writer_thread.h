// StorageWriter: the single storage writer (doc/design.md §5.5). One thread owns the
// Database; the pipeline hands it tasks through a bounded queue, and it commits
// them in batches (one IMMEDIATE transaction per batch).
//
// Backpressure: Push() blocks while the queue is full, so a fast crawler waits
// for the disk instead of growing memory.
//
// Durability: before each commit the writer calls its CommitHook, if any — the
// evidence store (evidence/evidence_store.h) fsyncs its WARC files there, so
// WARC bytes are on disk before the ledger rows naming them are committed.
//
// Errors: a task returning a non-ok Status does not stop the writer; its own
// writes are atomic (StoreListing, WriteCapture use savepoints). The first error
// since the last Flush() is returned by the next Flush().
//
// Thread-safety: Push(), PushTicket(), Flush() and Stop() may be called from any
// thread. Tasks run on the writer thread and must not call back into the
// StorageWriter.
#ifndef SHOUHU_STORAGE_WRITER_THREAD_H_
#define SHOUHU_STORAGE_WRITER_THREAD_H_

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <type_traits>

#include "base/status.h"
#include "storage/database.h"

namespace shouhu::storage {

// What a batch's commit depends on besides the database: files the batch's
// tasks wrote that must be durable before the rows naming them commit.
// Called on the writer thread.
class CommitHook {
 public:
  virtual ~CommitHook() = default;
  // Before each commit; a failure fails the batch (it is rolled back).
  virtual Status BeforeCommit() = 0;
  // The batch did not commit: what its tasks wrote outside the database has
  // no rows now.
  virtual void CommitFailed() = 0;
};

class StorageWriter {
 public:
  using Task = std::function<Status(Database&)>;

  struct Options {
    // Default: 4096 tasks. A task holds one page (≈200 KB), so ≈800 MB worst case
    // queued; lower it for small machines.
    size_t queue_capacity = 4096;
    // Default: 200 tasks or 200 ms per transaction: amortises fsync and commit
    // while bounding what a crash can lose to well under a second of work.
    size_t max_batch_tasks = 200;
    std::chrono::milliseconds max_batch_delay{200};
    // Not owned; outlives the writer. Tasks that write files the hook makes
    // durable reach that store themselves (it is used on the writer thread only).
    CommitHook* hook = nullptr;
  };

  // Takes ownership of the database. Starts the thread.
  StorageWriter(std::unique_ptr<Database> db, Options options);
  explicit StorageWriter(std::unique_ptr<Database> db) : StorageWriter(std::move(db), Options()) {}
  ~StorageWriter();  // Stop()
  StorageWriter(const StorageWriter&) = delete;
  StorageWriter& operator=(const StorageWriter&) = delete;

  // Queues a task; blocks while the queue is full. Returns false after Stop().
  bool Push(Task task);
  // As Push, and returns the task's ticket: the 1-based number of tasks pushed
  // so far, this one included (0 after Stop()). Tasks run and commit in FIFO
  // order, so the task's batch has committed (or failed) once
  // tasks_committed() >= ticket — a way to learn that a write is visible to
  // other connections without blocking in Flush().
  uint64_t PushTicket(Task task);
  // A task that reports its own errors (returns void).
  template <typename F>
  requires std::is_void_v<std::invoke_result_t<F&, Database&>>
  bool Push(F f) {
    return Push(Task([f = std::move(f)](Database& db) mutable {
      f(db);
      return Status::Ok();
    }));
  }
  // Runs `fn` on the writer thread, waits until its batch has committed, and
  // returns fn's Status (or the commit's error). For queries and final updates
  // from other threads (e.g. the sweep's summary). Returns kCancelled after Stop().
  Status RunAndWait(Task fn);
  // Waits until every task pushed before the call has run and been committed.
  // Returns the first error since the previous Flush() (and clears it).
  Status Flush();
  // Runs and commits what is queued, then ends the thread. Idempotent.
  Status Stop();

  uint64_t tasks_committed() const;
  uint64_t batches_committed() const;
  // Batches whose commit failed: their tasks count in tasks_committed() but
  // what they wrote is gone.
  uint64_t batches_failed() const;

 private:
  void Run();
  void RecordError(const Status& s);

  std::unique_ptr<Database> db_;
  const Options options_;

  mutable std::mutex mu_;
  std::condition_variable not_empty_;
  std::condition_variable not_full_;
  std::condition_variable committed_cv_;
  std::deque<Task> queue_;
  uint64_t pushed_ = 0;     // tasks ever pushed
  uint64_t committed_ = 0;  // tasks whose batch has committed (or failed)
  uint64_t batches_ = 0;
  uint64_t batches_failed_ = 0;
  int flush_waiters_ = 0;
  bool stopping_ = false;
  Status first_error_;
  std::thread thread_;
};

}  // namespace shouhu::storage

#endif  // SHOUHU_STORAGE_WRITER_THREAD_H_
