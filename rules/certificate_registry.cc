#include "rules/certificate_registry.h"

#include <algorithm>
#include <cctype>

#include "rules/csv.h"
#include "rules/formats.h"

namespace shouhu::rules {
namespace {

// YYYY-MM-DD or YYYY/MM/DD with a plausible month and day; "" if not a date.
std::string NormalDate(std::string_view s) {
  if (s.size() != 10 || (s[4] != '-' && s[4] != '/') || s[7] != s[4]) return "";
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return "";
  }
  const int month = (s[5] - '0') * 10 + (s[6] - '0');
  const int day = (s[8] - '0') * 10 + (s[9] - '0');
  if (month < 1 || month > 12 || day < 1 || day > 31) return "";
  std::string out(s);
  out[4] = out[7] = '-';
  return out;
}

}  // namespace

std::string CertificateNumberKey(std::string_view text) {
  std::string digits;
  for (char c : text) {
    if (std::isdigit(static_cast<unsigned char>(c))) {
      digits.push_back(c);
    } else if (c != ' ' && c != '-') {
      // Only spaces and hyphens may group the digits of one number.
      if (!digits.empty()) break;
    }
  }
  return digits.size() == 16 || digits.size() == 12 ? digits : std::string();
}

Result<std::vector<CertificateRecord>> ParseCertificateCsv(const std::string& path) {
  auto rows = ReadCsvFile(path, {"number", "holder", "manufacturer", "product", "models", "status",
                                 "issued_on", "expires_on"});
  if (!rows.ok()) return rows.status();
  std::vector<CertificateRecord> out;
  std::unordered_map<std::string, int> seen;
  for (const CsvRow& row : rows.value()) {
    const std::string where = path + ":" + std::to_string(row.line);
    auto bad = [&](std::string_view field, const std::string& what) {
      return ParseError(where + ": field '" + std::string(field) + "': " + what);
    };
    const auto& f = row.fields;
    CertificateRecord r;
    r.source = where;
    const std::string& number = f.at("number");
    r.number = CertificateNumberKey(number);
    if (r.number.empty() || r.number.size() != [&] {
          size_t n = 0;
          for (char c : number) n += std::isdigit(static_cast<unsigned char>(c)) ? 1 : 0;
          return n;
        }())
      return bad("number", "'" + number + "' is not a 16-digit (or old 12-digit) CCC number");
    if (auto it = seen.find(r.number); it != seen.end())
      return bad("number", r.number + " repeats line " + std::to_string(it->second));
    seen[r.number] = row.line;
    r.holder = f.at("holder");
    r.manufacturer = f.at("manufacturer");
    r.product = f.at("product");
    r.models = f.at("models");
    if (r.holder.empty()) return bad("holder", "empty");
    r.status = f.at("status");
    if (std::find(std::begin(kCertificateStatuses), std::end(kCertificateStatuses), r.status) ==
        std::end(kCertificateStatuses))
      return bad("status", "'" + r.status + "' is not one of 有效/暂停/撤销/注销/过期");
    r.issued_on = NormalDate(f.at("issued_on"));
    if (r.issued_on.empty())
      return bad("issued_on", "'" + f.at("issued_on") + "' is not a date (YYYY-MM-DD)");
    if (!f.at("expires_on").empty()) {
      r.expires_on = NormalDate(f.at("expires_on"));
      if (r.expires_on.empty())
        return bad("expires_on", "'" + f.at("expires_on") + "' is not a date (YYYY-MM-DD)");
      if (r.expires_on < r.issued_on) return bad("expires_on", "before issued_on");
    }
    if (r.number.size() == 16 && !IsValidCccNumber(r.number, std::stoi(r.issued_on.substr(0, 4))))
      return bad("number",
                 "year " + r.number.substr(0, 4) + " is impossible (issued " + r.issued_on + ")");
    out.push_back(std::move(r));
  }
  return out;
}

CertificateRegistry::CertificateRegistry(std::vector<CertificateRecord> records)
    : records_(std::move(records)) {
  for (size_t i = 0; i < records_.size(); ++i) by_number_[records_[i].number] = i;
}

const CertificateRecord* CertificateRegistry::Find(std::string_view number) const {
  const std::string key = CertificateNumberKey(number);
  if (key.empty()) return nullptr;
  auto it = by_number_.find(key);
  return it == by_number_.end() ? nullptr : &records_[it->second];
}

bool CertificateUsage::RecordAndFindUnrelated(const std::string& number, const CertificateUse& use,
                                              CertificateUse* earlier) {
  if (number.empty() || (use.seller.empty() && use.producer.empty())) return false;
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<CertificateUse>& list = uses_[number];
  const CertificateUse* found = nullptr;
  bool known = false;
  for (const CertificateUse& u : list) {
    const bool same_seller = !use.seller.empty() && u.seller == use.seller;
    const bool same_producer = !use.producer.empty() && u.producer == use.producer;
    if (same_seller && same_producer) known = true;
    if (!same_seller && !same_producer && found == nullptr) found = &u;
  }
  const bool hit = found != nullptr;
  if (hit && earlier != nullptr) *earlier = *found;
  if (!known && list.size() < kMaxUsesPerNumber) list.push_back(use);
  return hit;
}

void CertificateUsage::Seed(const std::string& number, CertificateUse use) {
  if (number.empty()) return;
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<CertificateUse>& list = uses_[number];
  for (const CertificateUse& u : list) {
    if (u.seller == use.seller && u.producer == use.producer) return;
  }
  if (list.size() < kMaxUsesPerNumber) list.push_back(std::move(use));
}

size_t CertificateUsage::numbers() const {
  std::lock_guard<std::mutex> lock(mu_);
  return uses_.size();
}

}  // namespace shouhu::rules
