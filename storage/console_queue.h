// The review console's queue: findings of every listing's current version, with
// filters, keyset pagination (newest finding first; a page starts after the last
// finding id of the previous one, so a page costs the same at any depth) and
// counts per category and severity for the same filter.
//
// Thread-safety: as Database (one owner thread).
#ifndef SHOUHU_STORAGE_CONSOLE_QUEUE_H_
#define SHOUHU_STORAGE_CONSOLE_QUEUE_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "storage/database.h"
#include "storage/review_log.h"

namespace shouhu::storage {

struct QueueQuery {
  std::optional<std::string> category, severity, rule, site, group;
  std::optional<int64_t> sweep;  // the sweep that captured the current version
  // pending (no decision yet) | confirm | dismiss | test-purchase (the latest decision)
  std::optional<std::string> status;
  std::optional<std::string> text;   // in the title or the snippet
  std::optional<int64_t> before_id;  // keyset: findings with a smaller id
  int limit = 50;                    // 1..500
};

struct QueuePage {
  std::vector<ReviewItem> items;
  std::optional<int64_t> next_before_id;  // set when there is a next page
  int64_t total = 0;                      // findings matching the filter
  std::map<std::string, int64_t> by_category, by_severity;
};

// kInvalidArgument on a bad status or limit.
Result<QueuePage> QueryQueue(Database& db, const QueueQuery& query);

}  // namespace shouhu::storage

#endif  // SHOUHU_STORAGE_CONSOLE_QUEUE_H_
