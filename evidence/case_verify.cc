#include "evidence/case_verify.h"

#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>

#include "base/digest.h"
#include "evidence/case_format.h"
#include "evidence/ledger.h"
#include "evidence/review_evidence.h"
#include "evidence/warc_reader.h"
#include "evidence/zip_archive.h"

namespace shouhu::evidence {
namespace fs = std::filesystem;
using nlohmann::json;

CaseVerifyReport VerifyCaseFiles(const std::map<std::string, std::string>& files) {
  CaseVerifyReport rep;
  auto fail = [&rep](std::string item, std::string reason) {
    rep.bad_item = std::move(item);
    rep.reason = std::move(reason);
    return rep;
  };
  auto mit = files.find(kCaseManifest);
  if (mit == files.end()) return fail(kCaseManifest, "missing (not a case folder?)");
  json manifest = json::parse(mit->second, nullptr, false);
  if (!manifest.is_object() || manifest.value("format", "") != kCaseFormat ||
      !manifest.contains("files") || !manifest["files"].is_array()) {
    return fail(kCaseManifest,
                "not a shouhu case manifest (format " + std::string(kCaseFormat) + ")");
  }
  std::set<std::string> listed;
  for (const json& f : manifest["files"]) {
    if (!f.is_object() || !f.contains("path") || !f["path"].is_string() || !f.contains("sha256") ||
        !f["sha256"].is_string()) {
      return fail(kCaseManifest, "malformed entry in \"files\"");
    }
    const std::string path = f["path"].get<std::string>();
    listed.insert(path);
    auto it = files.find(path);
    if (it == files.end()) return fail(path, "listed in the manifest but missing (file removed)");
    ++rep.files_checked;
    if (Sha256Hex(it->second) != f["sha256"].get<std::string>()) {
      return fail(path, "SHA-256 does not match the manifest (file altered)");
    }
    if (f.contains("bytes") && f["bytes"].is_number_unsigned() &&
        f["bytes"].get<uint64_t>() != it->second.size()) {
      return fail(path, "size does not match the manifest");
    }
  }
  for (const auto& [name, bytes] : files) {
    if (name != kCaseManifest && listed.count(name) == 0)
      return fail(name, "not listed in the manifest (file added)");
  }

  // Every WARC record: parses, digests hold, and the copied ones match their ledger rows.
  auto wit = files.find(kCaseWarcName);
  if (wit == files.end()) return fail(kCaseWarcName, "missing");
  auto records = ReadWarcRecords(wit->second);
  if (!records.ok()) return fail(kCaseWarcName, records.status().message());
  std::map<int64_t, const WarcRecordRead*> by_offset;
  for (size_t i = 0; i < records->size(); ++i) {
    const WarcRecordRead& r = (*records)[i];
    ++rep.records_checked;
    std::string why = CheckWarcDigests(r);
    if (!why.empty()) {
      return fail(std::string(kCaseWarcName) + " record " + std::to_string(i + 1) + " (offset " +
                      std::to_string(r.offset) + ", " + r.Header("WARC-Record-ID") + ")",
                  why);
    }
    by_offset[r.offset] = &r;
  }
  if (manifest.contains("warc_records") && manifest["warc_records"].is_array()) {
    size_t n = 0;
    for (const json& w : manifest["warc_records"]) {
      ++n;
      const std::string item = std::string(kCaseWarcName) + " record " + std::to_string(n + 1);
      if (!w.is_object() || !w.contains("ledger") || !w["case_offset"].is_number_integer()) {
        return fail(kCaseManifest, "malformed entry in \"warc_records\"");
      }
      auto rit = by_offset.find(w["case_offset"].get<int64_t>());
      if (rit == by_offset.end()) return fail(item, "no record at the offset the manifest gives");
      const WarcRecordRead& r = *rit->second;
      if (r.member_sha256 != w.value("sha256", "") ||
          r.Header("WARC-Record-ID") != w.value("record_id", "")) {
        return fail(item + " (" + w.value("record_id", "") + ")",
                    "gzip member does not match its ledger SHA-256");
      }
      const json& l = w["ledger"];
      LedgerEntry e;
      e.seq = l.value("seq", int64_t{0});
      e.file = l.value("warc_file", "");
      e.offset = l.value("offset", int64_t{0});
      e.length = l.value("length", int64_t{0});
      e.record_id = w.value("record_id", "");
      e.record_type = l.value("record_type", "");
      e.sha256 = w.value("sha256", "");
      e.prev_hash = l.value("prev_hash", "");
      if (EvidenceLedger::EntryHash(e) != l.value("entry_hash", "")) {
        return fail(item + " (" + e.record_id + ")",
                    "ledger row's entry_hash does not match its fields");
      }
    }
  }

  // Review decisions: each one's hash is what its ledger entry holds.
  if (auto rit = files.find("reviews.json"); rit != files.end()) {
    json reviews = json::parse(rit->second, nullptr, false);
    if (!reviews.is_object() || !reviews["decisions"].is_array())
      return fail("reviews.json", "malformed");
    for (const json& d : reviews["decisions"]) {
      if (!d.is_object() || !d.contains("decision") || !d["decision"].is_object()) {
        return fail("reviews.json", "malformed decision");
      }
      const json& dj = d["decision"];
      ReviewDecision rd;
      rd.id = dj.value("id", int64_t{0});
      rd.finding_id = dj.value("finding_id", int64_t{0});
      rd.listing_version_id = dj.value("listing_version_id", int64_t{0});
      rd.decision = dj.value("decision", "");
      rd.inspector = dj.value("inspector", "");
      rd.note = dj.value("note", "");
      rd.decided_at = dj.value("decided_at", "");
      if (Sha256Hex(CanonicalDecisionJson(rd)) != d.value("sha256", "")) {
        return fail("reviews.json decision " + std::to_string(rd.id),
                    "hash does not match the decision");
      }
    }
  }

  // The extraction record's own list of hashes.
  if (auto eit = files.find("extraction_record.json"); eit != files.end()) {
    json rec = json::parse(eit->second, nullptr, false);
    if (!rec.is_object() || !rec["files"].is_array())
      return fail("extraction_record.json", "malformed");
    for (const json& f : rec["files"]) {
      const std::string path = f.value("path", "");
      auto it = files.find(path);
      if (it == files.end()) return fail(path, "named in the extraction record but missing");
      if (Sha256Hex(it->second) != f.value("sha256", "")) {
        return fail(path, "SHA-256 does not match the extraction record");
      }
    }
  }
  return rep;
}

Result<CaseVerifyReport> VerifyCase(const std::string& path) {
  std::error_code ec;
  std::map<std::string, std::string> files;
  if (fs::is_directory(path, ec)) {
    for (auto it = fs::recursive_directory_iterator(path, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (it->is_directory(ec)) continue;
      std::string rel = fs::relative(it->path(), path, ec).generic_string();
      if (!it->is_regular_file(ec)) {
        CaseVerifyReport rep;
        rep.bad_item = rel;
        rep.reason = "not a regular file";
        return rep;
      }
      auto bytes = ReadWholeFile(it->path().string());
      if (!bytes.ok()) return bytes.status();
      files[rel] = std::move(bytes).value();
    }
    if (ec) return IoError(path + ": " + ec.message());
  } else if (fs::is_regular_file(path, ec)) {
    auto bytes = ReadWholeFile(path);
    if (!bytes.ok()) return bytes.status();
    auto entries = ReadZip(*bytes);
    if (!entries.ok()) {
      CaseVerifyReport rep;
      rep.bad_item = fs::path(path).filename().string();
      rep.reason = entries.status().message();
      return rep;
    }
    for (ZipEntry& e : *entries) {
      if (e.name.ends_with("/")) continue;
      if (files.count(e.name)) {
        CaseVerifyReport rep;
        rep.bad_item = e.name;
        rep.reason = "appears twice in the archive";
        return rep;
      }
      files[e.name] = std::move(e.data);
    }
  } else {
    return NotFound(path + ": no such case folder or zip");
  }
  return VerifyCaseFiles(files);
}

}  // namespace shouhu::evidence
