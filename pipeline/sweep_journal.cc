#include "pipeline/sweep_journal.h"

#include <algorithm>

#include "base/url.h"

namespace shouhu::pipeline {
namespace {

// Rows are handed to the writer in groups: one task per URL would cost a task
// (and a queue slot) per link found.
constexpr size_t kRowsPerTask = 256;

storage::FrontierRow RowOf(const crawler::FrontierEntry& e, int state) {
  storage::FrontierRow r;
  r.fp = UrlFingerprint(e.url);
  r.url = e.url;
  r.origin = e.host;
  r.site = e.site;
  r.depth = e.depth;
  r.priority = static_cast<int>(e.priority);
  r.state = state;
  r.seq = e.seq;
  return r;
}

}  // namespace

void SweepJournal::Queue(storage::FrontierRow row) {
  pending_.push_back(std::move(row));
  if (pending_.size() >= kRowsPerTask) Flush();
}

void SweepJournal::Flush() {
  if (pending_.empty()) return;
  uint64_t max_seq = 0;
  for (const storage::FrontierRow& r : pending_) max_seq = std::max(max_seq, r.seq);
  uint64_t ticket = writer_.PushTicket(
      [rows = std::move(pending_), sweep = sweep_, failed = write_failed_](storage::Database& db) {
        Status st = db.AddFrontierUrls(sweep, rows);
        if (!st.ok()) failed->store(true);
        return st;
      });
  pending_.clear();
  if (ticket != 0) in_writer_.emplace_back(ticket, max_seq);
}

void SweepJournal::Accepted(const crawler::FrontierEntry& entry) { Queue(RowOf(entry, 0)); }

void SweepJournal::Seen(const crawler::FrontierEntry& like, const std::string& canonical_url) {
  crawler::FrontierEntry e = like;
  e.url = canonical_url;
  storage::FrontierRow row = RowOf(e, storage::kFrontierFinished);
  row.priority = kSeenPriority;
  Queue(std::move(row));
}

void SweepJournal::LinksRecorded(const std::string& url, bool to_processor) {
  Flush();  // the page's links are rows before the page is marked
  const int bits = to_processor ? storage::kFrontierLinksRecorded : storage::kFrontierFinished;
  writer_.Push([fp = UrlFingerprint(url), bits, sweep = sweep_](storage::Database& db) {
    return db.MarkFrontier(sweep, fp, bits);
  });
}

uint64_t SweepJournal::CommittedSeq() {
  if (!in_writer_.empty()) {
    const uint64_t done = writer_.tasks_committed();
    while (!in_writer_.empty() && in_writer_.front().first <= done) {
      committed_seq_ = std::max(committed_seq_, in_writer_.front().second);
      in_writer_.pop_front();
    }
  }
  return committed_seq_;
}

bool SweepJournal::Known(uint64_t fp) {
  Result<bool> known = reader_->Known(fp);
  if (known.ok()) return *known;
  NoteReadError(known.status());
  return false;
}

bool SweepJournal::Load(const std::string& origin, crawler::UrlPriority priority,
                        uint64_t after_seq, size_t limit,
                        std::vector<crawler::FrontierEntry>* out) {
  Result<std::vector<storage::FrontierRow>> rows =
      reader_->LoadQueue(origin, static_cast<int>(priority), after_seq, limit);
  if (!rows.ok()) {
    NoteReadError(rows.status());
    return false;
  }
  out->reserve(out->size() + rows->size());
  for (storage::FrontierRow& r : *rows) {
    crawler::FrontierEntry& e = out->emplace_back();
    e.url = std::move(r.url);
    e.host = std::move(r.origin);
    e.site = r.site;
    e.depth = r.depth;
    e.priority = static_cast<crawler::UrlPriority>(r.priority);
    e.seq = r.seq;
  }
  return true;
}

Status SweepJournal::Health() {
  if (!read_error_.ok()) return read_error_;
  if (write_failed_->load())
    return StorageError("the sweep's frontier rows could not all be written");
  if (writer_.batches_failed() > 0)
    return StorageError("a storage commit failed; frontier rows may be missing");
  return Status::Ok();
}

void SweepJournal::ForEachKnown(const std::function<void(uint64_t)>& fn) {
  if (Status st = reader_->ForEachFingerprint(fn); !st.ok()) NoteReadError(st);
}

Status SweepJournal::MarkStored(storage::Database& db, int64_t sweep, const std::string& url) {
  return db.MarkFrontier(sweep, UrlFingerprint(url), storage::kFrontierStored);
}

Result<crawler::ResumeState> SweepJournal::ResumeFrom(storage::FrontierReader& reader) {
  crawler::ResumeState state;
  auto queues = reader.UnfinishedQueues();
  if (!queues.ok()) return queues.status();
  for (const storage::FrontierQueueSummary& q : *queues) {
    crawler::ResumeState::Queue& out = state.queues.emplace_back();
    out.origin = q.origin;
    out.site = q.site;
    out.priority = static_cast<crawler::UrlPriority>(q.priority);
    out.count = q.count;
    out.max_seq = q.max_seq;
  }
  auto last = reader.MaxSeq();
  if (!last.ok()) return last.status();
  state.last_seq = *last;
  auto accepted = reader.AcceptedPerSite();
  if (!accepted.ok()) return accepted.status();
  for (const auto& [site, n] : *accepted) state.accepted[site] = static_cast<int>(n);
  return state;
}

}  // namespace shouhu::pipeline
