#include "storage/certificate_store.h"

#include <SQLiteCpp/SQLiteCpp.h>

#include <exception>
#include <nlohmann/json.hpp>
#include <string_view>
#include <utility>

namespace shouhu::storage {
namespace {

// The registry's Chinese statuses and the table's column values.
constexpr std::pair<std::string_view, std::string_view> kStatuses[] = {{"有效", "valid"},
                                                                       {"暂停", "suspended"},
                                                                       {"撤销", "revoked"},
                                                                       {"注销", "cancelled"},
                                                                       {"过期", "expired"}};

std::string ToColumn(std::string_view status) {
  for (auto [cn, col] : kStatuses) {
    if (cn == status) return std::string(col);
  }
  return std::string(status);
}

std::string FromColumn(std::string_view column) {
  for (auto [cn, col] : kStatuses) {
    if (col == column) return std::string(cn);
  }
  return std::string(column);
}

std::string Text(const SQLite::Column& c) { return c.isNull() ? std::string() : c.getString(); }

// SQLiteCpp reports by exception; they stop here.
template <typename F>
Status Guarded(const char* what, F&& f) {
  try {
    f();
    return Status::Ok();
  } catch (const std::exception& e) {
    return StorageError(std::string(what) + ": " + e.what());
  }
}

}  // namespace

Status StoreCertificates(Database& db, const std::vector<CertificateRow>& rows) {
  return Guarded("store certificates", [&] {
    SQLite::Transaction tx(db.sqlite());
    SQLite::Statement st(db.sqlite(),
                         "INSERT INTO certificates(number, holder, manufacturer, product, model, "
                         "status, valid_from, valid_to, data) VALUES (?,?,?,?,?,?,?,?,?) "
                         "ON CONFLICT(number) DO UPDATE SET holder = excluded.holder, "
                         "manufacturer = excluded.manufacturer, product = excluded.product, "
                         "model = excluded.model, status = excluded.status, "
                         "valid_from = excluded.valid_from, valid_to = excluded.valid_to, "
                         "data = excluded.data");
    for (const CertificateRow& r : rows) {
      st.reset();
      st.bind(1, r.number);
      st.bind(2, r.holder);
      st.bind(3, r.manufacturer);
      st.bind(4, r.product);
      st.bind(5, r.models);
      st.bind(6, ToColumn(r.status));
      st.bind(7, r.issued_on);
      st.bind(8, r.expires_on);
      st.bind(9, nlohmann::json{{"source", r.source}}.dump());
      st.exec();
    }
    tx.commit();
  });
}

Result<std::vector<CertificateRow>> LoadCertificates(Database& db) {
  std::vector<CertificateRow> out;
  Status s = Guarded("load certificates", [&] {
    SQLite::Statement st(db.sqlite(),
                         "SELECT number, holder, manufacturer, product, model, status, "
                         "valid_from, valid_to, data FROM certificates ORDER BY id");
    while (st.executeStep()) {
      CertificateRow r;
      r.number = Text(st.getColumn(0));
      r.holder = Text(st.getColumn(1));
      r.manufacturer = Text(st.getColumn(2));
      r.product = Text(st.getColumn(3));
      r.models = Text(st.getColumn(4));
      r.status = FromColumn(Text(st.getColumn(5)));
      r.issued_on = Text(st.getColumn(6));
      r.expires_on = Text(st.getColumn(7));
      auto data = nlohmann::json::parse(Text(st.getColumn(8)), nullptr, false);
      if (data.is_object() && data.contains("source") && data["source"].is_string())
        r.source = data["source"].get<std::string>();
      out.push_back(std::move(r));
    }
  });
  if (!s.ok()) return s;
  return out;
}

Status StoreWatchlist(Database& db, const std::vector<WatchlistRow>& rows) {
  return Guarded("store watchlist", [&] {
    SQLite::Transaction tx(db.sqlite());
    SQLite::Statement st(db.sqlite(),
                         "INSERT INTO watchlist(kind, value, source, note, added_at) "
                         "VALUES (?,?,?,?,?) ON CONFLICT(kind, value) DO UPDATE SET "
                         "source = excluded.source, note = excluded.note, "
                         "added_at = excluded.added_at");
    for (const WatchlistRow& r : rows) {
      const std::string note = nlohmann::json{
          {"name", r.name},
          {"credit_code", r.credit_code},
          {"failed_items", r.failed_items},
          {"failed_on",
           r.failed_on}}.dump();
      for (auto [kind, value] :
           {std::pair<const char*, const std::string*>{"manufacturer", &r.name},
            {"credit_code", &r.credit_code}}) {
        if (value->empty()) continue;
        st.reset();
        st.bind(1, kind);
        st.bind(2, *value);
        st.bind(3, r.source);
        st.bind(4, note);
        st.bind(5, r.failed_on);
        st.exec();
      }
    }
    tx.commit();
  });
}

Result<std::vector<WatchlistRow>> LoadWatchlist(Database& db) {
  std::vector<WatchlistRow> out;
  Status s = Guarded("load watchlist", [&] {
    SQLite::Statement st(db.sqlite(),
                         "SELECT kind, value, source, note FROM watchlist ORDER BY id");
    while (st.executeStep()) {
      WatchlistRow r;
      const std::string kind = Text(st.getColumn(0));
      (kind == "credit_code" ? r.credit_code : r.name) = Text(st.getColumn(1));
      r.source = Text(st.getColumn(2));
      auto note = nlohmann::json::parse(Text(st.getColumn(3)), nullptr, false);
      if (note.is_object()) {
        r.failed_items = note.value("failed_items", "");
        r.failed_on = note.value("failed_on", "");
      }
      out.push_back(std::move(r));
    }
  });
  if (!s.ok()) return s;
  return out;
}

Result<int64_t> CertificateUsesIndexedUpTo(Database& db) {
  int64_t upto = 0;
  Status s = Guarded("read certificate index state", [&] {
    SQLite::Statement st(db.sqlite(),
                         "SELECT value FROM derived_state WHERE name = 'certificate_uses_upto'");
    if (st.executeStep()) upto = st.getColumn(0).getInt64();
  });
  if (!s.ok()) return s;
  return upto;
}

Status ForEachListingJsonAfter(Database& db, int64_t after_id,
                               const std::function<void(int64_t, const std::string&)>& fn) {
  return Guarded("read listing versions", [&] {
    SQLite::Statement st(db.sqlite(),
                         "SELECT id, json FROM listing_versions WHERE id > ? ORDER BY id");
    st.bind(1, after_id);
    while (st.executeStep()) fn(st.getColumn(0).getInt64(), Text(st.getColumn(1)));
  });
}

Status AddCertificateUses(Database& db, const std::vector<CertificateUseRow>& rows, int64_t upto) {
  return Guarded("store certificate uses", [&] {
    SQLite::Transaction tx(db.sqlite());
    SQLite::Statement st(
        db.sqlite(),
        "INSERT OR IGNORE INTO certificate_uses(number, seller, producer, listing, version_id) "
        "VALUES (?,?,?,?,?)");
    for (const CertificateUseRow& r : rows) {
      st.reset();
      st.bind(1, r.number);
      st.bind(2, r.seller);
      st.bind(3, r.producer);
      st.bind(4, r.listing);
      st.bind(5, r.version_id);
      st.exec();
    }
    SQLite::Statement mark(
        db.sqlite(),
        "UPDATE derived_state SET value = MAX(value, ?) WHERE name = 'certificate_uses_upto'");
    mark.bind(1, upto);
    mark.exec();
    tx.commit();
  });
}

Status ForEachCertificateUse(Database& db,
                             const std::function<void(const CertificateUseRow&)>& fn) {
  return Guarded("read certificate uses", [&] {
    SQLite::Statement st(
        db.sqlite(),
        "SELECT number, seller, producer, listing, version_id FROM certificate_uses "
        "ORDER BY version_id, number");
    CertificateUseRow r;
    while (st.executeStep()) {
      r.number = Text(st.getColumn(0));
      r.seller = Text(st.getColumn(1));
      r.producer = Text(st.getColumn(2));
      r.listing = Text(st.getColumn(3));
      r.version_id = st.getColumn(4).getInt64();
      fn(r);
    }
  });
}

}  // namespace shouhu::storage
