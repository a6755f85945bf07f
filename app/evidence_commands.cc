#include "app/evidence_commands.h"

#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "app/commands.h"
#include "evidence/case_builder.h"
#include "evidence/case_verify.h"
#include "storage/database.h"
#include "storage/listing_history.h"

namespace shouhu::app {
namespace fs = std::filesystem;

int RunCaseExportCommand(const CaseExportArgs& args) {
  auto db = storage::Database::OpenExisting(args.db);
  if (!db.ok()) return ReportError(db.status());
  auto id = storage::ResolveListing(**db, args.listing);
  if (!id.ok()) return ReportError(id.status());
  evidence::CaseExportOptions o;
  o.out = args.out;
  o.zip = args.zip;
  o.warc_dir = args.warc_dir;
  o.exported_by = args.operator_name;
  if (o.exported_by.empty()) {
    if (const char* user = std::getenv("USER")) o.exported_by = user;
  }
  auto r = evidence::ExportCase(**db, *id, o);
  if (!r.ok()) return ReportError(r.status());
  std::cout << "case exported: " << r->path << "\n"
            << "  " << r->captures << " captures, " << r->versions << " versions, " << r->findings
            << " findings, " << r->decisions << " review decisions\n"
            << "  manifest.json SHA-256 " << r->manifest_sha256 << "\n"
            << "  verify: shouhu evidence verify --case " << r->path << "\n";
  return kExitOk;
}

int RunEvidenceVerifyCaseCommand(const std::string& case_path) {
  auto report = evidence::VerifyCase(case_path);
  if (!report.ok()) return ReportError(report.status());
  if (report->ok()) {
    std::cout << "case OK: " << report->files_checked << " files hashed, "
              << report->records_checked << " WARC records with their digests\n";
    return kExitOk;
  }
  std::cout << "case FAILED at " << report->bad_item << ": " << report->reason << "\n";
  return kExitNegative;
}

int RunListingShowCommand(const std::string& db_path, const std::string& listing) {
  auto db = storage::Database::OpenExisting(db_path);
  if (!db.ok()) return ReportError(db.status());
  auto id = storage::ResolveListing(**db, listing);
  if (!id.ok()) return ReportError(id.status());
  auto h = storage::LoadListingHistory(**db, *id);
  if (!h.ok()) return ReportError(h.status());
  std::cout << "listing " << h->listing_id << "  " << h->site << "/" << h->item_id << "\n  "
            << h->url << "\n  first seen " << h->first_seen << ", last seen " << h->last_seen
            << ", " << h->versions.size() << " versions, " << h->sightings.size()
            << " captures\n\n";
  std::cout << "captures:\n";
  int64_t prev_version = 0;
  std::string prev_json;
  for (const storage::ListingSighting& s : h->sightings) {
    std::cout << "  sweep " << s.sweep_id << " (" << s.sweep_name << ")  " << s.fetched_at
              << "  version " << s.version_id << "  content " << s.content_hash.substr(0, 16)
              << "\n"
              << "    evidence "
              << (s.warc_file.empty() ? "(none)"
                                      : s.warc_file + " @" + std::to_string(s.response_offset) +
                                            " " + s.response_record_id)
              << "\n";
    std::string this_json;
    size_t findings = 0;
    for (const storage::ListingVersionRecord& v : h->versions) {
      if (v.version_id == s.version_id) {
        this_json = v.json;
        findings = v.findings.size();
      }
    }
    if (prev_version == 0) {
      std::cout << "    first capture, " << findings << " findings\n";
    } else if (s.version_id == prev_version) {
      std::cout << "    unchanged\n";
    } else {
      std::cout << "    changed since the previous capture (" << findings << " findings now):\n";
      for (const storage::FieldChange& c : storage::DiffListingVersions(prev_json, this_json)) {
        std::cout << "      " << c.field << ": "
                  << (c.before.empty() ? "(none)" : ShortenUtf8(c.before, 120)) << " -> "
                  << (c.after.empty() ? "(none)" : ShortenUtf8(c.after, 120)) << "\n";
      }
    }
    prev_version = s.version_id;
    prev_json = std::move(this_json);
  }
  for (const storage::GoneSweep& g : h->gone) {
    std::cout << "  sweep " << g.sweep_id << " (" << g.name << ")  " << g.started_at
              << "  GONE: not seen any more\n";
  }
  std::cout << "\nfindings by version:\n";
  for (const storage::ListingVersionRecord& v : h->versions) {
    std::cout << "  version " << v.version_id << " (sweep " << v.sweep_id
              << "):" << (v.findings.empty() ? " none" : "") << "\n";
    for (const storage::StoredFinding& f : v.findings) {
      std::cout << "    #" << f.id << " " << f.finding.rule_id << " " << f.finding.category << " "
                << f.finding.severity << " " << f.finding.field << ": "
                << ShortenUtf8(f.finding.snippet, 80) << "\n";
    }
  }
  return kExitOk;
}

}  // namespace shouhu::app
