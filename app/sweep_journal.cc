#include "app/sweep_journal.h"

#include "crawler/url.h"

namespace shouhu::app {
namespace {

// Rows are handed to the writer in groups: one task per URL would cost a task
// (and a queue slot) per link found.
constexpr size_t kRowsPerTask = 256;

FrontierRow RowOf(const crawler::FrontierEntry& e, int state) {
  FrontierRow r;
  r.fp = crawler::UrlFingerprint(e.url);
  r.url = e.url;
  r.origin = e.host;
  r.site = e.site;
  r.depth = e.depth;
  r.priority = static_cast<int>(e.priority);
  r.state = state;
  return r;
}

}  // namespace

void SweepJournal::Queue(FrontierRow row) {
  pending_.push_back(std::move(row));
  if (pending_.size() >= kRowsPerTask) Flush();
}

void SweepJournal::Flush() {
  if (pending_.empty()) return;
  writer_.Push([rows = std::move(pending_), sweep = sweep_](Database& db, EvidenceStore&) {
    return db.AddFrontierUrls(sweep, rows);
  });
  pending_.clear();
}

void SweepJournal::Accepted(const crawler::FrontierEntry& entry) { Queue(RowOf(entry, 0)); }

void SweepJournal::Seen(const crawler::FrontierEntry& like, const std::string& canonical_url) {
  crawler::FrontierEntry e = like;
  e.url = canonical_url;
  Queue(RowOf(e, kFrontierFinished));
}

void SweepJournal::LinksRecorded(const std::string& url, bool to_processor) {
  Flush();  // the page's links are rows before the page is marked
  const int bits = to_processor ? kFrontierLinksRecorded : kFrontierFinished;
  writer_.Push([fp = crawler::UrlFingerprint(url), bits, sweep = sweep_](Database& db, EvidenceStore&) {
    return db.MarkFrontier(sweep, fp, bits);
  });
}

Status SweepJournal::MarkStored(Database& db, int64_t sweep, const std::string& url) {
  return db.MarkFrontier(sweep, crawler::UrlFingerprint(url), kFrontierStored);
}

crawler::ResumeState SweepJournal::ResumeFrom(const std::vector<FrontierRow>& rows) {
  crawler::ResumeState state;
  for (const FrontierRow& r : rows) {
    if (r.state == kFrontierFinished) {
      state.finished.push_back(r.url);
      continue;
    }
    crawler::FrontierEntry e;
    e.url = r.url;
    e.host = r.origin;
    e.site = r.site;
    e.depth = r.depth;
    e.priority = static_cast<crawler::UrlPriority>(r.priority);
    state.queued.push_back(std::move(e));
  }
  return state;
}

}  // namespace shouhu::app
