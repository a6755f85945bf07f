#include "pipeline/rules_context.h"

#include <nlohmann/json.hpp>
#include <vector>

#include "model/listing.h"
#include "storage/certificate_store.h"

namespace shouhu::pipeline {

void SweepRulesContext::SetWatchlist(std::vector<rules::WatchlistEntry> entries,
                                     const rules::RuleEngine& engine) {
  for (rules::WatchlistEntry& e : entries) {
    e.folded_name = e.name.empty() ? std::string() : engine.Fold(e.name);
    watchlist_.Add(std::move(e));
  }
  if (watchlist_.size() > 0) context_.watchlist = &watchlist_;
}

Result<std::unique_ptr<SweepRulesContext>> SweepRulesContext::FromFiles(
    const std::string& registry_csv, const std::string& watchlist_csv,
    const rules::RuleEngine& engine) {
  std::unique_ptr<SweepRulesContext> out(new SweepRulesContext());
  if (!registry_csv.empty()) {
    auto records = rules::ParseCertificateCsv(registry_csv);
    if (!records.ok()) return records.status();
    if (!records->empty()) {  // as Load: no rows = no registry
      out->registry_.emplace(std::move(records).value());
      out->context_.registry = &*out->registry_;
    }
  }
  if (!watchlist_csv.empty()) {
    auto entries = rules::ParseWatchlistCsv(watchlist_csv);
    if (!entries.ok()) return entries.status();
    out->SetWatchlist(std::move(entries).value(), engine);
  }
  out->context_.usage = &out->usage_;
  return out;
}

Result<std::unique_ptr<SweepRulesContext>> SweepRulesContext::Load(
    storage::Database& db, const rules::RuleEngine& engine) {
  std::unique_ptr<SweepRulesContext> out(new SweepRulesContext());
  auto certs = storage::LoadCertificates(db);
  if (!certs.ok()) return certs.status();
  if (!certs->empty()) {
    std::vector<rules::CertificateRecord> records;
    for (const storage::CertificateRow& r : *certs) {
      records.push_back({r.number, r.holder, r.manufacturer, r.product, r.models, r.status,
                         r.issued_on, r.expires_on, r.source});
    }
    out->registry_.emplace(std::move(records));
    out->context_.registry = &*out->registry_;
  }
  auto watch = storage::LoadWatchlist(db);
  if (!watch.ok()) return watch.status();
  std::vector<rules::WatchlistEntry> entries;
  for (const storage::WatchlistRow& w : *watch) {
    rules::WatchlistEntry e;
    e.name = w.name;
    e.credit_code = w.credit_code;
    e.failed_items = w.failed_items;
    e.failed_on = w.failed_on;
    e.source = w.source;
    entries.push_back(std::move(e));
  }
  out->SetWatchlist(std::move(entries), engine);
  // Certificate numbers earlier listings showed: index the versions stored
  // since the last sweep started (the only listing JSON read), then seed from
  // the index.
  auto upto = storage::CertificateUsesIndexedUpTo(db);
  if (!upto.ok()) return upto.status();
  std::vector<storage::CertificateUseRow> rows;
  int64_t last = *upto;
  Status read =
      storage::ForEachListingJsonAfter(db, *upto, [&](int64_t version, const std::string& text) {
        last = version;
        auto j = nlohmann::json::parse(text, nullptr, false);
        if (j.is_discarded())
          return;  // stored by this program; a bad row is not this sweep's input
        auto listing = ListingFromJson(j, "listing_versions");
        if (!listing.ok()) return;
        for (auto& [key, use] : engine.CertificateUsesOf(*listing))
          rows.push_back({std::move(key), std::move(use.seller), std::move(use.producer),
                          std::move(use.listing), version});
      });
  if (!read.ok()) return read;
  if (last > *upto) {
    if (Status st = storage::AddCertificateUses(db, rows, last); !st.ok()) return st;
  }
  out->indexed_versions_ = last - *upto;
  Status seeded = storage::ForEachCertificateUse(db, [&](const storage::CertificateUseRow& r) {
    out->usage_.Seed(r.number, rules::CertificateUse{r.seller, r.producer, r.listing});
  });
  if (!seeded.ok()) return seeded;
  out->context_.usage = &out->usage_;
  return out;
}

}  // namespace shouhu::pipeline
