#include "storage/listing_history.h"

#include <SQLiteCpp/SQLiteCpp.h>

#include <exception>
#include <nlohmann/json.hpp>
#include <set>

namespace shouhu::storage {

Result<int64_t> ResolveListing(Database& db, const std::string& ref) {
  try {
    if (!ref.empty() && ref.find_first_not_of("0123456789") == std::string::npos &&
        ref.size() <= 18) {
      SQLite::Statement st(db.sqlite(), "SELECT id FROM listings WHERE id = ?");
      st.bind(1, static_cast<int64_t>(std::stoll(ref)));
      if (!st.executeStep()) return NotFound("listing " + ref + ": no such listing");
      return st.getColumn(0).getInt64();
    }
    size_t slash = ref.find('/');
    if (slash == std::string::npos || slash == 0 || slash + 1 == ref.size()) {
      return InvalidArgument("listing '" + ref + "': expected a listing id or SITE/ITEM_ID");
    }
    SQLite::Statement st(db.sqlite(), "SELECT id FROM listings WHERE site = ? AND item_id = ?");
    st.bind(1, ref.substr(0, slash));
    st.bind(2, ref.substr(slash + 1));
    if (!st.executeStep()) return NotFound("listing " + ref + ": no such listing");
    return st.getColumn(0).getInt64();
  } catch (const std::exception& e) {
    return StorageError("listing " + ref + ": " + e.what());
  }
}

Result<ListingHistory> LoadListingHistory(Database& db, int64_t listing_id) {
  try {
    SQLite::Database& sq = db.sqlite();
    ListingHistory h;
    {
      SQLite::Statement st(sq,
                           "SELECT id, site, item_id, IFNULL(url, ''), IFNULL(first_seen, ''), "
                           "IFNULL(last_seen, ''), IFNULL(current_version_id, 0) FROM listings "
                           "WHERE id = ?");
      st.bind(1, listing_id);
      if (!st.executeStep())
        return NotFound("listing " + std::to_string(listing_id) + ": no such listing");
      h.listing_id = st.getColumn(0).getInt64();
      h.site = st.getColumn(1).getString();
      h.item_id = st.getColumn(2).getString();
      h.url = st.getColumn(3).getString();
      h.first_seen = st.getColumn(4).getString();
      h.last_seen = st.getColumn(5).getString();
      h.current_version_id = st.getColumn(6).getInt64();
    }
    {
      SQLite::Statement st(sq,
                           "SELECT id, sweep_id, content_hash, IFNULL(fetched_at, ''), json "
                           "FROM listing_versions WHERE listing_id = ? ORDER BY id");
      st.bind(1, listing_id);
      while (st.executeStep()) {
        ListingVersionRecord v;
        v.version_id = st.getColumn(0).getInt64();
        v.sweep_id = st.getColumn(1).getInt64();
        v.content_hash = st.getColumn(2).getString();
        v.fetched_at = st.getColumn(3).getString();
        v.json = st.getColumn(4).getString();
        h.versions.push_back(std::move(v));
      }
    }
    SQLite::Statement fq(
        sq,
        "SELECT id, rule_id, rule_version, category, severity, IFNULL(field, ''), "
        "IFNULL(snippet, ''), IFNULL(message, ''), IFNULL(basis, '') FROM findings "
        "WHERE listing_version_id = ? ORDER BY id");
    for (ListingVersionRecord& v : h.versions) {
      fq.reset();
      fq.bind(1, v.version_id);
      while (fq.executeStep()) {
        StoredFinding f;
        f.id = fq.getColumn(0).getInt64();
        f.finding.rule_id = fq.getColumn(1).getString();
        f.finding.rule_version = fq.getColumn(2).getInt();
        f.finding.category = fq.getColumn(3).getString();
        f.finding.severity = fq.getColumn(4).getString();
        f.finding.field = fq.getColumn(5).getString();
        f.finding.snippet = fq.getColumn(6).getString();
        f.finding.message = fq.getColumn(7).getString();
        f.finding.basis = fq.getColumn(8).getString();
        v.findings.push_back(std::move(f));
      }
    }
    {
      SQLite::Statement st(
          sq,
          "SELECT s.sweep_id, IFNULL(w.name, ''), s.version_id, IFNULL(s.fetched_at, ''), "
          "v.content_hash, IFNULL(s.warc_file, ''), IFNULL(s.warc_record_id, ''), "
          "IFNULL(s.warc_offset, -1), IFNULL(s.warc_length, 0) "
          "FROM listing_sightings s JOIN listing_versions v ON v.id = s.version_id "
          "LEFT JOIN sweeps w ON w.id = s.sweep_id "
          "WHERE s.listing_id = ? ORDER BY s.sweep_id");
      st.bind(1, listing_id);
      while (st.executeStep()) {
        ListingSighting s;
        s.sweep_id = st.getColumn(0).getInt64();
        s.sweep_name = st.getColumn(1).getString();
        s.version_id = st.getColumn(2).getInt64();
        s.fetched_at = st.getColumn(3).getString();
        s.content_hash = st.getColumn(4).getString();
        s.warc_file = st.getColumn(5).getString();
        s.response_record_id = st.getColumn(6).getString();
        s.response_offset = st.getColumn(7).getInt64();
        s.response_length = st.getColumn(8).getInt64();
        h.sightings.push_back(std::move(s));
      }
    }
    if (!h.sightings.empty()) {
      // Gone: a later sweep that saw other listings of the same site but not this one.
      SQLite::Statement st(
          sq,
          "SELECT w.id, w.name, w.started_at FROM sweeps w WHERE w.id > ? "
          "AND EXISTS (SELECT 1 FROM listing_sightings s JOIN listings l ON "
          "l.id = s.listing_id WHERE s.sweep_id = w.id AND l.site = ?) "
          "AND NOT EXISTS (SELECT 1 FROM listing_sightings s WHERE s.sweep_id = w.id "
          "AND s.listing_id = ?) ORDER BY w.id");
      st.bind(1, h.sightings.front().sweep_id);
      st.bind(2, h.site);
      st.bind(3, listing_id);
      while (st.executeStep()) {
        h.gone.push_back(
            {st.getColumn(0).getInt64(), st.getColumn(1).getString(), st.getColumn(2).getString()});
      }
    }
    return h;
  } catch (const std::exception& e) {
    return StorageError("listing history " + std::to_string(listing_id) + ": " + e.what());
  }
}

std::vector<FieldChange> DiffListingVersions(const std::string& before_json,
                                             const std::string& after_json) {
  nlohmann::json a = nlohmann::json::parse(before_json, nullptr, false);
  nlohmann::json b = nlohmann::json::parse(after_json, nullptr, false);
  if (!a.is_object() || !b.is_object()) {
    if (before_json == after_json) return {};
    return {{"(json)", before_json, after_json}};
  }
  std::set<std::string> keys;
  for (const auto& [k, v] : a.items()) keys.insert(k);
  for (const auto& [k, v] : b.items()) keys.insert(k);
  std::vector<FieldChange> out;
  auto text = [](const nlohmann::json& o, const std::string& k) -> std::string {
    auto it = o.find(k);
    if (it == o.end() || it->is_null()) return "";
    if (it->is_string()) return it->get<std::string>();
    return it->dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  };
  for (const std::string& k : keys) {
    if (k == "fetched_at") continue;
    std::string x = text(a, k), y = text(b, k);
    if (x != y) out.push_back({k, std::move(x), std::move(y)});
  }
  return out;
}

}  // namespace shouhu::storage
