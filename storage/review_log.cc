#include "storage/review_log.h"

#include <SQLiteCpp/SQLiteCpp.h>

#include <exception>

namespace shouhu::storage {
namespace {

constexpr std::string_view kRecordIdPrefix = "urn:shouhu:review-decision:";

// The latest ledger entry naming each decision, joined in by record_id.
constexpr const char* kDecisionSelect =
    "SELECT d.id, IFNULL(d.finding_id, 0), IFNULL(d.listing_version_id, 0), d.decision, "
    "d.reviewer, IFNULL(d.note, ''), d.decided_at, IFNULL(l.seq, 0), IFNULL(l.entry_hash, '') "
    "FROM review_decisions d LEFT JOIN evidence_ledger l "
    "ON l.record_type = 'review-decision' AND l.record_id = 'urn:shouhu:review-decision:' || d.id ";

ReviewDecision ReadDecision(SQLite::Statement& st) {
  ReviewDecision d;
  d.id = st.getColumn(0).getInt64();
  d.finding_id = st.getColumn(1).getInt64();
  d.listing_version_id = st.getColumn(2).getInt64();
  d.decision = st.getColumn(3).getString();
  d.inspector = st.getColumn(4).getString();
  d.note = st.getColumn(5).getString();
  d.decided_at = st.getColumn(6).getString();
  d.ledger_seq = st.getColumn(7).getInt64();
  d.ledger_entry_hash = st.getColumn(8).getString();
  return d;
}

}  // namespace

bool IsReviewDecisionKind(std::string_view d) {
  return d == "confirm" || d == "dismiss" || d == "test-purchase";
}

std::string DecisionLedgerRecordId(int64_t id) {
  return std::string(kRecordIdPrefix) + std::to_string(id);
}

int64_t DecisionIdFromLedgerRecordId(std::string_view record_id) {
  if (!record_id.starts_with(kRecordIdPrefix)) return 0;
  std::string_view digits = record_id.substr(kRecordIdPrefix.size());
  if (digits.empty() || digits.size() > 18) return 0;
  int64_t id = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return 0;
    id = id * 10 + (c - '0');
  }
  return id;
}

Status InsertReviewDecision(Database& db, ReviewDecision* d) {
  try {
    SQLite::Database& sq = db.sqlite();
    {
      SQLite::Statement f(sq, "SELECT listing_version_id FROM findings WHERE id = ?");
      f.bind(1, d->finding_id);
      if (!f.executeStep())
        return NotFound("finding " + std::to_string(d->finding_id) + ": no such finding");
      d->listing_version_id = f.getColumn(0).getInt64();
    }
    SQLite::Statement ins(sq,
                          "INSERT INTO review_decisions(listing_version_id, finding_id, decision, "
                          "reviewer, note, decided_at) VALUES (?,?,?,?,?,?)");
    ins.bind(1, d->listing_version_id);
    ins.bind(2, d->finding_id);
    ins.bind(3, d->decision);
    ins.bind(4, d->inspector);
    ins.bind(5, d->note);
    ins.bind(6, d->decided_at);
    ins.exec();
    d->id = sq.getLastInsertRowid();
    return Status::Ok();
  } catch (const std::exception& e) {
    return StorageError("review decision on finding " + std::to_string(d->finding_id) + ": " +
                        e.what());
  }
}

Result<ReviewDecision> GetReviewDecision(Database& db, int64_t id) {
  try {
    SQLite::Statement st(db.sqlite(), std::string(kDecisionSelect) + "WHERE d.id = ?");
    st.bind(1, id);
    if (!st.executeStep()) return NotFound("review decision " + std::to_string(id));
    return ReadDecision(st);
  } catch (const std::exception& e) {
    return StorageError("review decision " + std::to_string(id) + ": " + e.what());
  }
}

Result<std::vector<ReviewDecision>> DecisionsForListing(Database& db, int64_t listing_id) {
  try {
    std::vector<ReviewDecision> out;
    SQLite::Statement st(
        db.sqlite(), std::string(kDecisionSelect) +
                         "WHERE d.listing_version_id IN "
                         "(SELECT id FROM listing_versions WHERE listing_id = ?) ORDER BY d.id");
    st.bind(1, listing_id);
    while (st.executeStep()) out.push_back(ReadDecision(st));
    return out;
  } catch (const std::exception& e) {
    return StorageError("review decisions of listing " + std::to_string(listing_id) + ": " +
                        e.what());
  }
}

Result<std::vector<int64_t>> AllDecisionIds(Database& db) {
  try {
    std::vector<int64_t> out;
    SQLite::Statement st(db.sqlite(), "SELECT id FROM review_decisions ORDER BY id");
    while (st.executeStep()) out.push_back(st.getColumn(0).getInt64());
    return out;
  } catch (const std::exception& e) {
    return StorageError(std::string("review decision ids: ") + e.what());
  }
}

Result<std::vector<ReviewItem>> ListReviewQueue(Database& db, const ReviewFilter& filter) {
  try {
    std::string sql =
        "SELECT f.id, l.id, v.id, l.site, l.item_id, IFNULL(l.url, ''), "
        "IFNULL(json_extract(v.json, '$.title'), ''), f.rule_id, f.rule_version, f.category, "
        "f.severity, IFNULL(f.field, ''), IFNULL(f.snippet, ''), IFNULL(f.message, ''), "
        "IFNULL(f.basis, ''), "
        "(SELECT MAX(d.id) FROM review_decisions d WHERE d.finding_id = f.id) "
        "FROM listings l JOIN listing_versions v ON v.id = l.current_version_id "
        "JOIN findings f ON f.listing_version_id = v.id WHERE 1 = 1";
    if (filter.category) sql += " AND f.category = :category";
    if (filter.severity) sql += " AND f.severity = :severity";
    if (filter.site) sql += " AND l.site = :site";
    sql += " ORDER BY l.id, f.id";
    SQLite::Statement st(db.sqlite(), sql);
    if (filter.category) st.bind(":category", *filter.category);
    if (filter.severity) st.bind(":severity", *filter.severity);
    if (filter.site) st.bind(":site", *filter.site);
    std::vector<ReviewItem> out;
    std::vector<int64_t> last_ids;
    while (st.executeStep()) {
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
      int64_t last = st.getColumn(15).isNull() ? 0 : st.getColumn(15).getInt64();
      if (filter.undecided_only && last != 0) continue;
      out.push_back(std::move(it));
      last_ids.push_back(last);
    }
    for (size_t i = 0; i < out.size(); ++i) {
      if (last_ids[i] == 0) continue;
      auto d = GetReviewDecision(db, last_ids[i]);
      if (!d.ok()) return d.status();
      out[i].last_decision = std::move(d).value();
    }
    return out;
  } catch (const std::exception& e) {
    return StorageError(std::string("review queue: ") + e.what());
  }
}

}  // namespace shouhu::storage
