#include "storage/writer_thread.h"

#include <exception>
#include <memory>
#include <utility>
#include <vector>

namespace shouhu::storage {

StorageWriter::StorageWriter(std::unique_ptr<Database> db, Options options)
    : db_(std::move(db)), options_(options) {
  thread_ = std::thread([this] { Run(); });
}

StorageWriter::~StorageWriter() { (void)Stop(); }

bool StorageWriter::Push(Task task) { return PushTicket(std::move(task)) != 0; }

uint64_t StorageWriter::PushTicket(Task task) {
  std::unique_lock lock(mu_);
  not_full_.wait(lock, [&] { return stopping_ || queue_.size() < options_.queue_capacity; });
  if (stopping_) return 0;
  queue_.push_back(std::move(task));
  const uint64_t ticket = ++pushed_;
  not_empty_.notify_one();
  return ticket;
}

Status StorageWriter::RunAndWait(Task fn) {
  auto result = std::make_shared<Status>();
  bool pushed = Push([fn = std::move(fn), result](Database& db) {
    *result = fn(db);
    return *result;
  });
  if (!pushed) return Status(StatusCode::kCancelled, "storage writer stopped");
  // Flush reports the first error of any task since the last Flush; ours wins
  // when it failed, otherwise a commit failure still surfaces.
  Status flushed = Flush();
  if (!result->ok()) return *result;
  return flushed;
}

Status StorageWriter::Flush() {
  std::unique_lock lock(mu_);
  const uint64_t target = pushed_;
  ++flush_waiters_;
  not_empty_.notify_one();  // an open batch commits now instead of at its deadline
  committed_cv_.wait(lock, [&] { return committed_ >= target; });
  --flush_waiters_;
  Status s = std::move(first_error_);
  first_error_ = Status::Ok();
  return s;
}

Status StorageWriter::Stop() {
  {
    std::lock_guard lock(mu_);
    if (stopping_) return Status::Ok();
    stopping_ = true;
  }
  not_empty_.notify_all();
  not_full_.notify_all();
  thread_.join();
  std::lock_guard lock(mu_);
  Status s = std::move(first_error_);
  first_error_ = Status::Ok();
  return s;
}

uint64_t StorageWriter::tasks_committed() const {
  std::lock_guard lock(mu_);
  return committed_;
}

uint64_t StorageWriter::batches_committed() const {
  std::lock_guard lock(mu_);
  return batches_;
}

uint64_t StorageWriter::batches_failed() const {
  std::lock_guard lock(mu_);
  return batches_failed_;
}

void StorageWriter::RecordError(const Status& s) {
  std::lock_guard lock(mu_);
  if (first_error_.ok()) first_error_ = s;
}

void StorageWriter::Run() {
  using Clock = std::chrono::steady_clock;
  for (;;) {
    Task first;
    {
      std::unique_lock lock(mu_);
      not_empty_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping and drained
      first = std::move(queue_.front());
      queue_.pop_front();
      not_full_.notify_one();
    }

    auto batch = db_->BeginBatch();
    if (!batch.ok()) RecordError(batch.status());
    const auto deadline = Clock::now() + options_.max_batch_delay;
    size_t ran = 0;
    Task task = std::move(first);
    for (;;) {
      try {
        if (Status s = task(*db_); !s.ok()) RecordError(s);
      } catch (const std::exception& e) {
        RecordError(StorageError(std::string("storage task threw: ") + e.what()));
      }
      ++ran;
      if (ran >= options_.max_batch_tasks) break;
      std::unique_lock lock(mu_);
      // Keep the batch open for more work until its deadline, unless someone
      // waits in Flush() or we are stopping with an empty queue.
      not_empty_.wait_until(lock, deadline,
                            [&] { return !queue_.empty() || flush_waiters_ > 0 || stopping_; });
      if (queue_.empty()) break;
      task = std::move(queue_.front());
      queue_.pop_front();
      not_full_.notify_one();
    }

    bool failed = false;
    if (batch.ok()) {
      // Files durable before the rows that name them commit.
      Status s = options_.hook != nullptr ? options_.hook->BeforeCommit() : Status::Ok();
      if (s.ok()) s = (*batch)->Commit();
      if (!s.ok()) {
        failed = true;
        RecordError(s);
        // What the batch wrote outside the database now has no rows (the
        // evidence store starts a new file; its next Recover cuts the tail).
        if (options_.hook != nullptr) options_.hook->CommitFailed();
      }
    }
    std::lock_guard lock(mu_);
    committed_ += ran;
    ++batches_;
    if (failed) ++batches_failed_;
    committed_cv_.notify_all();
  }
}

}  // namespace shouhu::storage
