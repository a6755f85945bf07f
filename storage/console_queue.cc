#include "storage/console_queue.h"

#include <SQLiteCpp/SQLiteCpp.h>

#include <exception>

namespace shouhu::storage {
namespace {

constexpr const char* kLatestDecision =
    "(SELECT d.id FROM review_decisions d WHERE d.finding_id = f.id ORDER BY d.id DESC LIMIT 1)";

// FROM and WHERE of every query over the filter (the page, the counts).
std::string FilteredFrom(const QueueQuery& q) {
  std::string sql =
      " FROM findings f JOIN listing_versions v ON v.id = f.listing_version_id "
      "JOIN listings l ON l.current_version_id = v.id WHERE 1 = 1";
  if (q.category) sql += " AND f.category = :category";
  if (q.severity) sql += " AND f.severity = :severity";
  if (q.rule) sql += " AND f.rule_id = :rule";
  if (q.site) sql += " AND l.site = :site";
  if (q.sweep) sql += " AND v.sweep_id = :sweep";
  if (q.group) sql += " AND EXISTS (SELECT 1 FROM json_each(v.groups) g WHERE g.value = :grp)";
  if (q.text) {
    sql +=
        " AND (instr(IFNULL(json_extract(v.json, '$.title'), ''), :text) > 0 "
        "OR instr(IFNULL(f.snippet, ''), :text) > 0)";
  }
  if (q.status) {
    if (*q.status == "pending") {
      sql += " AND NOT EXISTS (SELECT 1 FROM review_decisions d WHERE d.finding_id = f.id)";
    } else {
      sql += std::string(" AND (SELECT decision FROM review_decisions WHERE id = ") +
             kLatestDecision + ") = :status";
    }
  }
  return sql;
}

void Bind(SQLite::Statement& st, const QueueQuery& q) {
  if (q.category) st.bind(":category", *q.category);
  if (q.severity) st.bind(":severity", *q.severity);
  if (q.rule) st.bind(":rule", *q.rule);
  if (q.site) st.bind(":site", *q.site);
  if (q.sweep) st.bind(":sweep", *q.sweep);
  if (q.group) st.bind(":grp", *q.group);
  if (q.text) st.bind(":text", *q.text);
  if (q.status && *q.status != "pending") st.bind(":status", *q.status);
}

}  // namespace

Result<QueuePage> QueryQueue(Database& db, const QueueQuery& q) {
  if (q.limit < 1 || q.limit > 500) return InvalidArgument("queue: limit must be 1..500");
  if (q.status && *q.status != "pending" && !IsReviewDecisionKind(*q.status)) {
    return InvalidArgument("queue: status '" + *q.status +
                           "' (pending, confirm, dismiss or test-purchase)");
  }
  try {
    QueuePage page;
    const std::string from = FilteredFrom(q);
    {
      std::string sql =
          "SELECT f.id, l.id, v.id, l.site, l.item_id, IFNULL(l.url, ''), "
          "IFNULL(json_extract(v.json, '$.title'), ''), f.rule_id, f.rule_version, f.category, "
          "f.severity, IFNULL(f.field, ''), IFNULL(f.snippet, ''), IFNULL(f.message, ''), "
          "IFNULL(f.basis, ''), " +
          std::string(kLatestDecision) + from;
      if (q.before_id) sql += " AND f.id < :before";
      sql += " ORDER BY f.id DESC LIMIT :limit";
      SQLite::Statement st(db.sqlite(), sql);
      Bind(st, q);
      if (q.before_id) st.bind(":before", *q.before_id);
      st.bind(":limit", q.limit + 1);  // one more: is there a next page?
      std::vector<int64_t> last_ids;
      while (st.executeStep()) {
        if (static_cast<int>(page.items.size()) == q.limit) {
          page.next_before_id = page.items.back().finding_id;
          break;
        }
        ReviewItem it;
        it.finding_id = st.getColumn(0).getInt64();
        it.listing_id = st.getColumn(1).getInt64();
        it.version_id = st.getColumn(2).getInt64();
        it.site = st.getColumn(3).getString();
        it.item_id = st.getColumn(4).getString();
        it.url = st.getColumn(5).getString();
        it.title = st.getColumn(6).getString();
        it.finding.rule_id = st.getColumn(7).getString();
        it.finding.rule_version = st.getColumn(8).getInt();
        it.finding.category = st.getColumn(9).getString();
        it.finding.severity = st.getColumn(10).getString();
        it.finding.field = st.getColumn(11).getString();
        it.finding.snippet = st.getColumn(12).getString();
        it.finding.message = st.getColumn(13).getString();
        it.finding.basis = st.getColumn(14).getString();
        last_ids.push_back(st.getColumn(15).isNull() ? 0 : st.getColumn(15).getInt64());
        page.items.push_back(std::move(it));
      }
      for (size_t i = 0; i < page.items.size(); ++i) {
        if (last_ids[i] == 0) continue;
        auto d = GetReviewDecision(db, last_ids[i]);
        if (!d.ok()) return d.status();
        page.items[i].last_decision = std::move(d).value();
      }
    }
    for (const char* column : {"category", "severity"}) {
      SQLite::Statement st(db.sqlite(), std::string("SELECT f.") + column + ", COUNT(*)" + from +
                                            " GROUP BY f." + column);
      Bind(st, q);
      auto& counts = std::string(column) == "category" ? page.by_category : page.by_severity;
      while (st.executeStep()) {
        counts[st.getColumn(0).getString()] = st.getColumn(1).getInt64();
        if (std::string(column) == "category") page.total += st.getColumn(1).getInt64();
      }
    }
    return page;
  } catch (const std::exception& e) {
    return StorageError(std::string("review queue: ") + e.what());
  }
}

}  // namespace shouhu::storage
