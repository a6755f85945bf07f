#include "evidence/case_builder.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "base/digest.h"
#include "base/strings.h"
#include "base/time.h"
#include "evidence/case_format.h"
#include "evidence/case_html.h"
#include "evidence/ledger.h"
#include "evidence/review_evidence.h"
#include "evidence/warc_reader.h"
#include "evidence/warc_writer.h"
#include "evidence/zip_archive.h"
#include "storage/ledger_rows.h"
#include "storage/listing_history.h"
#include "storage/review_log.h"

namespace shouhu::evidence {
namespace fs = std::filesystem;
using nlohmann::json;
using storage::Database;
using storage::GoneSweep;
using storage::ListingHistory;
using storage::ListingSighting;
using storage::ListingVersionRecord;
using storage::ReviewDecision;
using storage::StoredFinding;

namespace {

std::string Hostname() {
  char buf[256] = {};
  if (gethostname(buf, sizeof buf - 1) != 0) return "unknown";
  return buf;
}

Result<std::string> ReadRange(const std::string& path, int64_t offset, int64_t length) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return StorageError(path + ": " + std::strerror(errno));
  std::string buf(static_cast<size_t>(length), '\0');
  size_t done = 0;
  while (done < buf.size()) {
    ssize_t n =
        ::pread(fd, buf.data() + done, buf.size() - done, static_cast<off_t>(offset + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    done += static_cast<size_t>(n);
  }
  ::close(fd);
  if (done != buf.size()) {
    return StorageError(path + ": record at offset " + std::to_string(offset) +
                        " is cut off (file truncated)");
  }
  return buf;
}

// Finds the files' directory: an explicit override, the recorded one, then
// next to the database.
std::string WarcPath(Database& db, const CaseExportOptions& o, const std::string& file) {
  std::vector<std::string> candidates;
  if (!o.warc_dir.empty()) candidates.push_back(o.warc_dir);
  auto recorded = storage::WarcFileDir(db, file);
  if (recorded.ok() && *recorded) candidates.push_back(**recorded);  // else: the guesses below
  fs::path db_dir = fs::path(db.path()).parent_path();
  candidates.push_back((db_dir / "warc").string());
  candidates.push_back(db_dir.empty() ? "." : db_dir.string());
  std::error_code ec;
  for (const std::string& d : candidates) {
    fs::path p = fs::path(d) / file;
    if (fs::is_regular_file(p, ec)) return p.string();
  }
  return (fs::path(candidates.front()) / file).string();
}

// The capture of one sighting: the ledger entries around its response record
// (the EvidenceStore ledgers request, response, metadata consecutively).
// The capture of one sighting: the ledger entries around its response record
// (the EvidenceStore ledgers request, response, metadata consecutively).
Result<CaseCapture> LoadCapture(Database& db, const CaseExportOptions& o,
                                const ListingSighting& s) {
  CaseCapture c;
  c.sweep_id = s.sweep_id;
  c.sweep_name = s.sweep_name;
  c.version_id = s.version_id;
  std::vector<LedgerEntry> entries;
  auto response_or = storage::LedgerEntryAt(db, s.warc_file, s.response_offset);
  if (!response_or.ok()) return response_or.status();
  if (!*response_or) {
    return StorageError(s.warc_file + " @" + std::to_string(s.response_offset) +
                        ": the capture of sweep " + std::to_string(s.sweep_id) +
                        " has no ledger entry");
  }
  const LedgerEntry response = **response_or;
  if (response.record_id != s.response_record_id || response.record_type != "response") {
    return StorageError(s.warc_file + " @" + std::to_string(s.response_offset) +
                        ": ledger entry is not the sighting's response record");
  }
  auto around = storage::LedgerEntriesBySeq(db, {response.seq - 1, response.seq + 1});
  if (!around.ok()) return around.status();
  LedgerEntry request, metadata;
  for (const LedgerEntry& e : *around) {
    if (e.file != response.file) continue;
    if (e.seq == response.seq - 1 && e.record_type == "request") request = e;
    if (e.seq == response.seq + 1 && e.record_type == "metadata") metadata = e;
  }
  if (request.seq != 0) entries.push_back(request);
  entries.push_back(response);
  if (metadata.seq != 0) entries.push_back(metadata);

  // The operator and software of the capture, from its file's warcinfo record.
  auto info = storage::LedgerEntryAt(db, s.warc_file, 0);
  if (!info.ok()) return info.status();
  if (*info) {
    const LedgerEntry& e = **info;
    const std::string path = WarcPath(db, o, e.file);
    auto bytes = ReadRange(path, e.offset, e.length);
    if (bytes.ok() && Sha256Hex(*bytes) == e.sha256) {
      auto recs = ReadWarcRecords(*bytes);
      if (recs.ok() && recs->size() == 1) {
        // warc-fields: "name: value" lines.
        std::istringstream lines((*recs)[0].block);
        std::string line;
        while (std::getline(lines, line)) {
          if (!line.empty() && line.back() == '\r') line.pop_back();
          if (line.rfind("operator: ", 0) == 0) c.operator_name = line.substr(10);
          if (line.rfind("software: ", 0) == 0) c.software = line.substr(10);
        }
      }
    }
  }
  for (const LedgerEntry& e : entries) {
    const std::string path = WarcPath(db, o, e.file);
    auto bytes = ReadRange(path, e.offset, e.length);
    if (!bytes.ok()) return bytes.status();
    if (Sha256Hex(*bytes) != e.sha256) {
      return StorageError(path + ": record " + e.record_id + " at offset " +
                          std::to_string(e.offset) + " does not match its ledger entry " +
                          std::to_string(e.seq) +
                          " (file altered); run `shouhu evidence verify --db`");
    }
    auto recs = ReadWarcRecords(*bytes);
    if (!recs.ok() || recs->size() != 1) {
      return StorageError(path + ": record at offset " + std::to_string(e.offset) +
                          " does not parse");
    }
    c.records.push_back({e, std::move(bytes).value(), std::move((*recs)[0])});
  }
  return c;
}

json FileList(const std::map<std::string, std::string>& files, const std::set<std::string>& skip) {
  json list = json::array();
  for (const auto& [name, bytes] : files) {
    if (skip.count(name)) continue;
    list.push_back({{"path", name}, {"sha256", Sha256Hex(bytes)}, {"bytes", bytes.size()}});
  }
  return list;
}

Status WriteFileDurably(const fs::path& path, const std::string& bytes) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return IoError(path.string() + ": " + std::strerror(errno));
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      std::string err = std::strerror(errno);
      ::close(fd);
      return IoError(path.string() + ": " + err);
    }
    done += static_cast<size_t>(n);
  }
  int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) return IoError(path.string() + ": fsync failed");
  return Status::Ok();
}

}  // namespace

Result<std::map<std::string, std::string>> BuildCaseFiles(Database& db, int64_t listing_id,
                                                          const CaseExportOptions& o) {
  CaseData c;
  auto history = storage::LoadListingHistory(db, listing_id);
  if (!history.ok()) return history.status();
  c.history = std::move(history).value();
  auto decisions = storage::DecisionsForListing(db, listing_id);
  if (!decisions.ok()) return decisions.status();
  c.decisions = std::move(decisions).value();
  std::set<std::string> seen_responses;
  for (const ListingSighting& s : c.history.sightings) {
    if (s.warc_file.empty() || !seen_responses.insert(s.response_record_id).second) continue;
    auto cap = LoadCapture(db, o, s);
    if (!cap.ok()) return cap.status();
    c.captures.push_back(std::move(cap).value());
  }
  const std::string now = o.now.empty() ? NowRfc3339Seconds() : o.now;
  const ListingHistory& h = c.history;
  std::map<std::string, std::string> files;

  // evidence.warc.gz: a fresh warcinfo, then the members as they are in the sweep's files.
  std::string info =
      "software: " + o.tool_name + "/" + o.tool_version +
      "\r\nformat: WARC File Format 1.1\r\n"
      "conformsTo: "
      "http://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/\r\n"
      "hostname: " +
      Hostname() + "\r\n";
  if (!o.exported_by.empty()) info += "operator: " + o.exported_by + "\r\n";
  info += "description: case export of listing " + h.site + "/" + h.item_id +
          "; the records after this one are copied unchanged from the sweep WARC files\r\n";
  for (char& ch : info) {  // header-safe: no stray CR/LF inside values came from outside
    if (ch == '\0') ch = ' ';
  }
  std::string info_record =
      "WARC/1.1\r\nWARC-Type: warcinfo\r\nWARC-Record-ID: " + NewWarcRecordId() +
      "\r\nWARC-Date: " + now + "\r\nWARC-Filename: " + kCaseWarcName +
      "\r\nContent-Type: application/warc-fields\r\nWARC-Block-Digest: " + WarcSha1Digest(info) +
      "\r\nContent-Length: " + std::to_string(info.size()) + "\r\n\r\n" + info + "\r\n\r\n";
  auto info_member = GzipMember(info_record);
  if (!info_member.ok()) return info_member.status();
  std::string warc = *info_member;
  json warc_records = json::array();
  json captures = json::array();
  for (const CaseCapture& cap : c.captures) {
    json cj = {{"sweep_id", cap.sweep_id},
               {"sweep_name", cap.sweep_name},
               {"version_id", cap.version_id},
               {"operator", cap.operator_name},
               {"capture_software", cap.software}};
    for (const CopiedRecord& r : cap.records) {
      warc_records.push_back({{"case_offset", warc.size()},
                              {"length", r.bytes.size()},
                              {"record_id", r.entry.record_id},
                              {"type", r.entry.record_type},
                              {"sha256", r.entry.sha256},
                              {"ledger",
                               {{"seq", r.entry.seq},
                                {"warc_file", r.entry.file},
                                {"offset", r.entry.offset},
                                {"length", r.entry.length},
                                {"record_type", r.entry.record_type},
                                {"prev_hash", r.entry.prev_hash},
                                {"entry_hash", r.entry.entry_hash}}}});
      warc += r.bytes;
      cj[r.entry.record_type + "_record_id"] = r.entry.record_id;
      if (r.entry.record_type == "response") {
        cj["url"] = r.parsed.Header("WARC-Target-URI");
        cj["resolved_ip"] = r.parsed.Header("WARC-IP-Address");
        cj["captured_at"] = r.parsed.Header("WARC-Date");
        cj["warc_file"] = r.entry.file;
        cj["response_sha256"] = r.entry.sha256;
        cj["payload_digest"] = r.parsed.Header("WARC-Payload-Digest");
      }
    }
    captures.push_back(std::move(cj));
  }
  files[kCaseWarcName] = std::move(warc);

  json listing_meta = {
      {"listing_id", h.listing_id}, {"site", h.site}, {"item_id", h.item_id}, {"url", h.url}};
  json versions = json::array();
  json findings = json::array();
  int64_t finding_count = 0;
  for (const ListingVersionRecord& v : h.versions) {
    json parsed = json::parse(v.json, nullptr, false);
    versions.push_back({{"version_id", v.version_id},
                        {"sweep_id", v.sweep_id},
                        {"content_hash", v.content_hash},
                        {"fetched_at", v.fetched_at},
                        {"current", v.version_id == h.current_version_id},
                        {"listing", parsed.is_discarded() ? json(v.json) : parsed}});
    json fs_json = json::array();
    for (const StoredFinding& f : v.findings) {
      fs_json.push_back({{"finding_id", f.id},
                         {"rule_id", f.finding.rule_id},
                         {"rule_version", f.finding.rule_version},
                         {"category", f.finding.category},
                         {"severity", f.finding.severity},
                         {"field", f.finding.field},
                         {"snippet", f.finding.snippet},
                         {"message", f.finding.message},
                         {"basis", f.finding.basis}});
      ++finding_count;
    }
    findings.push_back({{"version_id", v.version_id}, {"findings", std::move(fs_json)}});
  }
  json sightings = json::array();
  for (const ListingSighting& s : h.sightings) {
    sightings.push_back({{"sweep_id", s.sweep_id},
                         {"sweep_name", s.sweep_name},
                         {"version_id", s.version_id},
                         {"fetched_at", s.fetched_at},
                         {"content_hash", s.content_hash},
                         {"response_record_id", s.response_record_id}});
  }
  json gone = json::array();
  for (const GoneSweep& g : h.gone)
    gone.push_back({{"sweep_id", g.sweep_id}, {"name", g.name}, {"started_at", g.started_at}});
  json listing_doc = listing_meta;
  listing_doc["first_seen"] = h.first_seen;
  listing_doc["last_seen"] = h.last_seen;
  listing_doc["versions"] = std::move(versions);
  listing_doc["sightings"] = std::move(sightings);
  listing_doc["gone_in_sweeps"] = std::move(gone);
  files["listing.json"] = DumpCaseJson(listing_doc);
  files["findings.json"] =
      DumpCaseJson({{"listing", listing_meta}, {"versions", std::move(findings)}});

  json reviews = json::array();
  for (const ReviewDecision& d : c.decisions) {
    reviews.push_back({{"decision", json::parse(CanonicalDecisionJson(d))},
                       {"sha256", Sha256Hex(CanonicalDecisionJson(d))},
                       {"ledger",
                        {{"seq", d.ledger_seq},
                         {"entry_hash", d.ledger_entry_hash},
                         {"record_id", storage::DecisionLedgerRecordId(d.id)}}}});
  }
  files["reviews.json"] =
      DumpCaseJson({{"listing", listing_meta},
                    {"note",
                     "decision.sha256 is SHA-256 of the decision's canonical JSON (keys "
                     "sorted, compact); it is the sha256 of the ledger entry named"},
                    {"decisions", std::move(reviews)}});
  files["summary.html"] = SummaryHtml(c, now);

  json record = {
      {"title", "电子数据提取笔录"},
      {"format", kCaseFormat},
      {"listing", listing_meta},
      {"tool", {{"name", o.tool_name}, {"version", o.tool_version}}},
      {"export", {{"exported_at", now}, {"exported_by", o.exported_by}, {"hostname", Hostname()}}},
      {"method",
       "网页由 shouhu 爬虫经 HTTP(S) 抓取，原始请求与响应以 WARC/1.1 格式固定，每条记录的 SHA-256 "
       "写入哈希链账本；本案件文件中的 WARC 记录逐字节复制自原始 WARC 文件，复制前已与账本核对。"},
      {"captures", captures},
      {"files", FileList(files, {})}};
  files["extraction_record.json"] = DumpCaseJson(record);
  files["extraction_record.html"] = ExtractionRecordHtml(record);

  json manifest = {{"format", kCaseFormat},
                   {"created_at", now},
                   {"tool", o.tool_name + " " + o.tool_version},
                   {"listing", listing_meta},
                   {"files", FileList(files, {})},
                   {"warc_records", std::move(warc_records)}};
  files[kCaseManifest] = DumpCaseJson(manifest);
  return files;
}

Result<CaseExportResult> ExportCase(Database& db, int64_t listing_id, const CaseExportOptions& o) {
  if (o.out.empty()) return InvalidArgument("--out: an output path is required");
  auto files = BuildCaseFiles(db, listing_id, o);
  if (!files.ok()) return files.status();
  CaseExportResult r;
  auto manifest = json::parse((*files)[kCaseManifest], nullptr, false);
  r.manifest_sha256 = Sha256Hex((*files)[kCaseManifest]);
  auto listing = json::parse((*files)["listing.json"], nullptr, false);
  r.versions = static_cast<int64_t>(listing["versions"].size());
  auto rec = json::parse((*files)["extraction_record.json"], nullptr, false);
  r.captures = static_cast<int64_t>(rec["captures"].size());
  auto fnd = json::parse((*files)["findings.json"], nullptr, false);
  for (const auto& v : fnd["versions"]) r.findings += static_cast<int64_t>(v["findings"].size());
  auto rev = json::parse((*files)["reviews.json"], nullptr, false);
  r.decisions = static_cast<int64_t>(rev["decisions"].size());
  for (const auto& [name, bytes] : *files) r.files.push_back(name);

  std::error_code ec;
  if (o.zip) {
    std::string path = o.out;
    if (!path.ends_with(".zip")) path += ".zip";
    if (fs::exists(path, ec)) return InvalidArgument(path + ": already exists");
    std::vector<ZipEntry> entries;
    for (const auto& [name, bytes] : *files) entries.push_back({name, bytes});
    auto zip = WriteZip(entries);
    if (!zip.ok()) return zip.status();
    if (fs::path parent = fs::path(path).parent_path(); !parent.empty())
      fs::create_directories(parent, ec);
    if (Status s = WriteFileDurably(path, *zip); !s.ok()) return s;
    r.path = path;
    return r;
  }
  if (fs::exists(o.out, ec) && !fs::is_empty(o.out, ec)) {
    return InvalidArgument(o.out +
                           ": exists and is not empty (a case is never written over another)");
  }
  fs::create_directories(o.out, ec);
  if (ec) return IoError(o.out + ": " + ec.message());
  for (const auto& [name, bytes] : *files) {
    if (Status s = WriteFileDurably(fs::path(o.out) / name, bytes); !s.ok()) return s;
  }
  r.path = o.out;
  return r;
}

}  // namespace shouhu::evidence
