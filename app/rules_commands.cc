#include "app/rules_commands.h"

#include <iostream>
#include <map>
#include <nlohmann/json.hpp>

#include "app/commands.h"
#include "model/listing.h"
#include "storage/certificate_store.h"

namespace shouhu::app {
namespace {

// Rules need this many examples each way (issue: "at least two hit and two
// miss examples").
constexpr int kMinExamples = 2;

}  // namespace

int RunRulesCheckCommand(const std::string& rules_dir) {
  auto engine = rules::RuleEngine::LoadDir(rules_dir);
  if (!engine.ok()) return ReportError(engine.status());
  std::map<std::string, int> by_category, by_group;
  int thin = 0;
  const std::vector<rules::RuleInfo> infos = (*engine)->Rules();
  for (const rules::RuleInfo& r : infos) {
    ++by_category[r.category];
    for (const auto& g : r.groups) ++by_group[g];
    if (r.hit_examples < kMinExamples || r.miss_examples < kMinExamples) {
      std::cerr << "shouhu: " << r.where << ": " << r.hit_examples << " hit and " << r.miss_examples
                << " miss examples; at least " << kMinExamples << " of each are needed (rule '"
                << r.id << "')\n";
      ++thin;
    }
  }
  std::cout << rules_dir << ": " << infos.size() << " rules\n\nby category\n";
  for (const auto& [c, n] : by_category) std::cout << "  " << c << "  " << n << "\n";
  std::cout << "\nby product group\n";
  for (const auto& [g, n] : by_group) std::cout << "  " << g << "  " << n << "\n";
  return thin == 0 ? kExitOk : kExitBadInput;
}

Result<size_t> ImportCertificates(const std::string& csv_file, Database& db) {
  auto parsed = rules::ParseCertificateCsv(csv_file);
  if (!parsed.ok()) return parsed.status();
  std::vector<CertificateRow> rows;
  for (const auto& r : parsed.value()) {
    rows.push_back({r.number, r.holder, r.manufacturer, r.product, r.models, r.status, r.issued_on,
                    r.expires_on, r.source});
  }
  if (Status s = StoreCertificates(db, rows); !s.ok()) return s;
  return rows.size();
}

Result<size_t> ImportWatchlist(const std::string& csv_file, Database& db) {
  auto parsed = rules::ParseWatchlistCsv(csv_file);
  if (!parsed.ok()) return parsed.status();
  std::vector<WatchlistRow> rows;
  for (const auto& e : parsed.value())
    rows.push_back({e.name, e.credit_code, e.failed_items, e.failed_on, e.source});
  if (Status s = StoreWatchlist(db, rows); !s.ok()) return s;
  return rows.size();
}

Result<size_t> ImportCertificates(const std::string& csv_file, const std::string& db_path) {
  auto db = Database::Open(db_path);
  if (!db.ok()) return db.status();
  return ImportCertificates(csv_file, **db);
}

int RunCertsImportCommand(const std::string& csv_file, const std::string& db_path) {
  auto n = ImportCertificates(csv_file, db_path);
  if (!n.ok()) return ReportError(n.status());
  std::cout << "imported " << *n << " certificates from " << csv_file << " into " << db_path
            << "\n";
  return kExitOk;
}

int RunWatchlistImportCommand(const std::string& csv_file, const std::string& db_path) {
  auto db = Database::Open(db_path);
  if (!db.ok()) return ReportError(db.status());
  auto n = ImportWatchlist(csv_file, **db);
  if (!n.ok()) return ReportError(n.status());
  std::cout << "imported " << *n << " watchlist entries from " << csv_file << " into " << db_path
            << "\n";
  return kExitOk;
}

Result<std::unique_ptr<SweepRulesContext>> SweepRulesContext::Load(
    Database& db, const rules::RuleEngine& engine) {
  std::unique_ptr<SweepRulesContext> out(new SweepRulesContext());
  auto certs = LoadCertificates(db);
  if (!certs.ok()) return certs.status();
  if (!certs->empty()) {
    std::vector<rules::CertificateRecord> records;
    for (const CertificateRow& r : *certs) {
      records.push_back({r.number, r.holder, r.manufacturer, r.product, r.models, r.status,
                         r.issued_on, r.expires_on, r.source});
    }
    out->registry_.emplace(std::move(records));
    out->context_.registry = &*out->registry_;
  }
  auto watch = LoadWatchlist(db);
  if (!watch.ok()) return watch.status();
  for (const WatchlistRow& w : *watch) {
    rules::WatchlistEntry e;
    e.name = w.name;
    e.credit_code = w.credit_code;
    e.failed_items = w.failed_items;
    e.failed_on = w.failed_on;
    e.source = w.source;
    e.folded_name = w.name.empty() ? std::string() : engine.Fold(w.name);
    out->watchlist_.Add(std::move(e));
  }
  if (out->watchlist_.size() > 0) out->context_.watchlist = &out->watchlist_;
  // Certificate numbers earlier listings showed: index the versions stored
  // since the last sweep started (the only listing JSON read), then seed from
  // the index.
  auto upto = CertificateUsesIndexedUpTo(db);
  if (!upto.ok()) return upto.status();
  std::vector<CertificateUseRow> rows;
  int64_t last = *upto;
  Status read = ForEachListingJsonAfter(db, *upto, [&](int64_t version, const std::string& text) {
    last = version;
    auto j = nlohmann::json::parse(text, nullptr, false);
    if (j.is_discarded()) return;  // stored by this program; a bad row is not this sweep's input
    auto listing = ListingFromJson(j, "listing_versions");
    if (!listing.ok()) return;
    for (auto& [key, use] : engine.CertificateUsesOf(*listing))
      rows.push_back({std::move(key), std::move(use.seller), std::move(use.producer),
                      std::move(use.listing), version});
  });
  if (!read.ok()) return read;
  if (last > *upto) {
    if (Status st = AddCertificateUses(db, rows, last); !st.ok()) return st;
  }
  out->indexed_versions_ = last - *upto;
  Status seeded = ForEachCertificateUse(db, [&](const CertificateUseRow& r) {
    out->usage_.Seed(r.number, rules::CertificateUse{r.seller, r.producer, r.listing});
  });
  if (!seeded.ok()) return seeded;
  out->context_.usage = &out->usage_;
  return out;
}

}  // namespace shouhu::app
