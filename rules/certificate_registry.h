// CCC certificate data for the registry checks (doc/rules.md, Certificate registry; T-04, T-05,
// T-06):
//
//  - CertificateRegistry: an immutable snapshot of the local certificate
//    registry a unit maintains through its authorised channel (the official
//    query is behind a captcha). Imported from CSV by `shouhu certs import`,
//    stored in the database, loaded once per sweep.
//  - CertificateUsage: which sellers and producers showed which certificate
//    number, seeded from earlier sweeps and filled while a sweep runs, so one
//    number reused by unrelated sellers is seen within and across sweeps.
//  - EvaluationContext: what RuleEngine::Evaluate may consult beyond the
//    listing; every member may be null (the checks that need it then stay quiet).
//
// Thread-safety: CertificateRegistry is immutable after construction;
// CertificateUsage is internally locked and may be shared by worker threads.
#ifndef SHOUHU_RULES_CERTIFICATE_REGISTRY_H_
#define SHOUHU_RULES_CERTIFICATE_REGISTRY_H_

#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/status.h"

namespace shouhu::rules {

class Watchlist;

// The statuses of the CNCA registry, as written there.
inline constexpr std::string_view kCertificateStatuses[] = {"有效", "暂停", "撤销", "注销", "过期"};

struct CertificateRecord {
  std::string number;  // digits only (16, or 12 for old certificates)
  std::string holder, manufacturer, product, models;
  std::string status;                 // one of kCertificateStatuses
  std::string issued_on, expires_on;  // YYYY-MM-DD; expires_on may be empty
  std::string source;                 // file:line it was imported from
};

// The digits of a certificate number as written ("2021 0122 0312 3456" →
// "2021012203123456"); empty unless 12 or 16 digits remain.
std::string CertificateNumberKey(std::string_view text);

// Parses a registry CSV with the header
// `number,holder,manufacturer,product,models,status,issued_on,expires_on`
// (columns in any order; a UTF-8 BOM is skipped). Every bad row fails the
// whole file with kParseError "file:line: field 'name': what". Dates may be
// written YYYY-MM-DD or YYYY/MM/DD; they are returned as YYYY-MM-DD.
Result<std::vector<CertificateRecord>> ParseCertificateCsv(const std::string& path);

class CertificateRegistry {
 public:
  CertificateRegistry() = default;
  explicit CertificateRegistry(std::vector<CertificateRecord> records);

  // nullptr when the number (any spelling CertificateNumberKey accepts) is unknown.
  const CertificateRecord* Find(std::string_view number) const;
  size_t size() const { return records_.size(); }

 private:
  std::vector<CertificateRecord> records_;
  std::unordered_map<std::string, size_t> by_number_;
};

// One listing's use of a certificate number. `seller` identifies the seller
// (credit code, else company, else shop name), `producer` the producer the
// listing names (folded); `listing` says where it was seen ("site/item_id").
struct CertificateUse {
  std::string seller, producer, listing;
};

class CertificateUsage {
 public:
  // Records `use` of `number` (a CertificateNumberKey) and returns an earlier
  // use of the same number by an unrelated party: another seller whose listing
  // names another producer (a distributor selling the holder's own product is
  // related through the producer). Empty `seller` and `producer` together
  // record nothing. Returns false when there is none.
  bool RecordAndFindUnrelated(const std::string& number, const CertificateUse& use,
                              CertificateUse* earlier);
  // Adds an earlier use without looking (seeding from earlier sweeps).
  void Seed(const std::string& number, CertificateUse use);
  size_t numbers() const;

 private:
  // A number shown by this many distinct (seller, producer) pairs is already
  // flagged on every new one; keeping more only costs memory on hostile data.
  static constexpr size_t kMaxUsesPerNumber = 64;
  mutable std::mutex mu_;
  std::unordered_map<std::string, std::vector<CertificateUse>> uses_;  // GUARDED_BY(mu_)
};

// Per-sweep data an evaluation may consult. Owned by the caller, outliving
// every Evaluate call that uses it.
struct EvaluationContext {
  // The registry snapshot; nullptr = no registry loaded, so T-04/T-05-style
  // registry checks (ccc_registry = "status" | "holder" | "scope") never fire.
  const CertificateRegistry* registry = nullptr;
  // Certificate numbers seen so far; nullptr = reuse is not checked.
  CertificateUsage* usage = nullptr;
  // Watchlist entries beyond the packs' CSV files (the imported table).
  const Watchlist* watchlist = nullptr;
};

}  // namespace shouhu::rules

#endif  // SHOUHU_RULES_CERTIFICATE_REGISTRY_H_
