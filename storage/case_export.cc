#include "storage/case_export.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <exception>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "base/strings.h"
#include "base/time.h"
#include "storage/digest.h"
#include "storage/ledger.h"
#include "storage/listing_history.h"
#include "storage/review_log.h"
#include "storage/warc_reader.h"
#include "storage/zip_archive.h"

namespace shouhu {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr const char* kManifest = "manifest.json";

std::string Hostname() {
  char buf[256] = {};
  if (gethostname(buf, sizeof buf - 1) != 0) return "unknown";
  return buf;
}

// Seller text may hold invalid UTF-8; replacement keeps the dump from throwing.
std::string Dump(const json& j, int indent = 2) {
  return j.dump(indent, ' ', false, json::error_handler_t::replace) + (indent >= 0 ? "\n" : "");
}

Result<std::string> ReadWhole(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return IoError(path + ": cannot open file");
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
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

// ---- ledger lookups ----------------------------------------------------------

LedgerEntry ReadEntry(SQLite::Statement& st) {
  LedgerEntry e;
  e.seq = st.getColumn(0).getInt64();
  e.file = st.getColumn(1).getString();
  e.offset = st.getColumn(2).getInt64();
  e.length = st.getColumn(3).getInt64();
  e.record_id = st.getColumn(4).getString();
  e.record_type = st.getColumn(5).getString();
  e.sha256 = st.getColumn(6).getString();
  e.prev_hash = st.getColumn(7).getString();
  e.entry_hash = st.getColumn(8).getString();
  return e;
}

constexpr const char* kEntryColumns =
    "SELECT seq, warc_file, offset, length, record_id, record_type, sha256, prev_hash, entry_hash "
    "FROM evidence_ledger ";

// Finds the files' directory: an explicit override, the recorded one, then
// next to the database.
std::string WarcPath(Database& db, const CaseExportOptions& o, const std::string& file) {
  std::vector<std::string> candidates;
  if (!o.warc_dir.empty()) candidates.push_back(o.warc_dir);
  try {
    SQLite::Statement st(db.sqlite(), "SELECT dir FROM warc_files WHERE name = ?");
    st.bind(1, file);
    if (st.executeStep()) candidates.push_back(st.getColumn(0).getString());
  } catch (const std::exception&) {  // NOLINT(bugprone-empty-catch): fall back to the guesses below
  }
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

struct CopiedRecord {
  LedgerEntry entry;
  std::string bytes;  // the gzip member
  WarcRecordRead parsed;
};

struct Capture {
  int64_t sweep_id = 0;
  std::string sweep_name;
  int64_t version_id = 0;
  std::vector<CopiedRecord> records;    // request, response, metadata
  std::string operator_name, software;  // from the source file's warcinfo
};

// The capture of one sighting: the ledger entries around its response record
// (the EvidenceStore ledgers request, response, metadata consecutively).
Result<Capture> LoadCapture(Database& db, const CaseExportOptions& o, const ListingSighting& s) {
  Capture c;
  c.sweep_id = s.sweep_id;
  c.sweep_name = s.sweep_name;
  c.version_id = s.version_id;
  std::vector<LedgerEntry> entries;
  try {
    SQLite::Statement st(db.sqlite(),
                         std::string(kEntryColumns) + "WHERE warc_file = ? AND offset = ?");
    st.bind(1, s.warc_file);
    st.bind(2, s.response_offset);
    if (!st.executeStep()) {
      return StorageError(s.warc_file + " @" + std::to_string(s.response_offset) +
                          ": the capture of sweep " + std::to_string(s.sweep_id) +
                          " has no ledger entry");
    }
    LedgerEntry response = ReadEntry(st);
    if (response.record_id != s.response_record_id || response.record_type != "response") {
      return StorageError(s.warc_file + " @" + std::to_string(s.response_offset) +
                          ": ledger entry is not the sighting's response record");
    }
    SQLite::Statement around(db.sqlite(),
                             std::string(kEntryColumns) + "WHERE seq IN (?, ?) ORDER BY seq");
    around.bind(1, response.seq - 1);
    around.bind(2, response.seq + 1);
    LedgerEntry request, metadata;
    while (around.executeStep()) {
      LedgerEntry e = ReadEntry(around);
      if (e.file != response.file) continue;
      if (e.seq == response.seq - 1 && e.record_type == "request") request = e;
      if (e.seq == response.seq + 1 && e.record_type == "metadata") metadata = e;
    }
    if (request.seq != 0) entries.push_back(request);
    entries.push_back(response);
    if (metadata.seq != 0) entries.push_back(metadata);

    SQLite::Statement info(db.sqlite(),
                           std::string(kEntryColumns) + "WHERE warc_file = ? AND offset = 0");
    info.bind(1, s.warc_file);
    if (info.executeStep()) {
      LedgerEntry e = ReadEntry(info);
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
  } catch (const std::exception& e) {
    return StorageError("ledger lookup for " + s.warc_file + ": " + e.what());
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

// ---- HTML --------------------------------------------------------------------

// Wraps every occurrence of each snippet in <mark>, escaping everything.
std::string Highlight(std::string_view text, const std::vector<std::string>& snippets) {
  std::string out;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t best = std::string_view::npos, best_len = 0;
    for (const std::string& s : snippets) {
      if (s.empty()) continue;
      size_t at = text.find(s, pos);
      if (at != std::string_view::npos && (at < best || (at == best && s.size() > best_len))) {
        best = at;
        best_len = s.size();
      }
    }
    if (best == std::string_view::npos) {
      out += HtmlEscape(text.substr(pos));
      break;
    }
    out += HtmlEscape(text.substr(pos, best - pos));
    out += "<mark>" + HtmlEscape(text.substr(best, best_len)) + "</mark>";
    pos = best + best_len;
  }
  return out;
}

std::string FieldText(const json& listing, const std::string& field) {
  auto it = listing.find(field);
  if (it == listing.end() || it->is_null()) return "";
  if (it->is_string()) return it->get<std::string>();
  if (it->is_object()) {  // manufacturer, price, attributes by name: one "key: value" line each
    std::string out;
    for (const auto& [k, v] : it->items()) {
      if (!out.empty()) out += "\n";
      out += k + ": " + (v.is_string() ? v.get<std::string>() : Dump(v, -1));
    }
    return out;
  }
  if (it->is_array()) {
    std::string out;
    for (const auto& v : *it) {
      if (!out.empty()) out += "\n";
      if (v.is_string()) {
        out += v.get<std::string>();
      } else if (v.is_array()) {  // attributes: [name, value]
        std::string row;
        for (const auto& x : v)
          row += (row.empty() ? "" : ": ") + (x.is_string() ? x.get<std::string>() : Dump(x, -1));
        out += row;
      } else {
        out += Dump(v, -1);
      }
    }
    return out;
  }
  return Dump(*it, -1);
}

// No scripts, no external resources: the policy forbids everything but the inline style.
constexpr const char* kHtmlHead =
    "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
    "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src "
    "'unsafe-inline'\">\n"
    "<style>body{font-family:sans-serif;margin:2em;max-width:70em}table{border-collapse:collapse;"
    "margin-bottom:1.5em}td,th{border:1px solid #999;padding:.3em "
    ".5em;vertical-align:top;text-align:left}"
    "td{white-space:pre-wrap}mark{background:#fd6}code{font-size:90%}</style>\n";

struct CaseData {
  ListingHistory history;
  std::vector<Capture> captures;
  std::vector<ReviewDecision> decisions;
};

std::string DecisionCell(const std::vector<ReviewDecision>& decisions, int64_t finding_id) {
  const ReviewDecision* last = nullptr;
  for (const ReviewDecision& d : decisions) {
    if (d.finding_id == finding_id) last = &d;
  }
  if (!last) return "未复核";
  return HtmlEscape(last->decision + " — " + last->inspector + " " + last->decided_at);
}

std::string SummaryHtml(const CaseData& c, const std::string& exported_at) {
  const ListingHistory& h = c.history;
  std::string o = kHtmlHead;
  o += "<title>案件摘要 " + HtmlEscape(h.site + "/" + h.item_id) + "</title>\n</head>\n<body>\n";
  o += "<h1>案件摘要 Case summary: " + HtmlEscape(h.site + "/" + h.item_id) + "</h1>\n";
  o += "<p>URL: <code>" + HtmlEscape(h.url) +
       "</code><br>首次发现 first seen: " + HtmlEscape(h.first_seen) +
       "<br>最后发现 last seen: " + HtmlEscape(h.last_seen) +
       "<br>导出时间 exported: " + HtmlEscape(exported_at) + "</p>\n";

  const ListingVersionRecord* current = h.versions.empty() ? nullptr : &h.versions.back();
  for (const ListingVersionRecord& v : h.versions) {
    if (v.version_id == h.current_version_id) current = &v;
  }
  if (current) {
    json listing = json::parse(current->json, nullptr, false);
    std::vector<std::string> snippets;
    for (const StoredFinding& f : current->findings) snippets.push_back(f.finding.snippet);
    o += "<h2>商品信息 Listing fields (version " + std::to_string(current->version_id) +
         ", matched text highlighted)</h2>\n<table>\n<tr><th>field</th><th>value</th></tr>\n";
    if (listing.is_object()) {
      for (const auto& [k, v] : listing.items()) {
        o += "<tr><th>" + HtmlEscape(k) + "</th><td>" + Highlight(FieldText(listing, k), snippets) +
             "</td></tr>\n";
      }
    }
    o += "</table>\n";
  }

  o += "<h2>发现 Findings</h2>\n";
  for (const ListingVersionRecord& v : h.versions) {
    json listing = json::parse(v.json, nullptr, false);
    o += "<h3>Version " + std::to_string(v.version_id) + " (sweep " + std::to_string(v.sweep_id) +
         ", " + HtmlEscape(v.fetched_at) + ")</h3>\n";
    if (v.findings.empty()) {
      o += "<p>无发现 no findings</p>\n";
      continue;
    }
    o += "<table>\n<tr><th>id</th><th>rule</th><th>category</th><th>severity</th><th>field / page "
         "text</th>"
         "<th>message</th><th>basis</th><th>review</th></tr>\n";
    for (const StoredFinding& f : v.findings) {
      std::string field = f.finding.field;
      std::string text = listing.is_object() ? FieldText(listing, field) : "";
      // The rule names the field it rests on; when the quoted text sits in another
      // field (a rule reading the whole page), show where it actually is.
      if (!f.finding.snippet.empty() && text.find(f.finding.snippet) == std::string::npos &&
          listing.is_object()) {
        for (const auto& item : listing.items()) {
          std::string other = FieldText(listing, item.key());
          if (other.find(f.finding.snippet) != std::string::npos) {
            field = f.finding.field + " → " + item.key();
            text = std::move(other);
            break;
          }
        }
      }
      std::string shown = text.empty()
                              ? "(" + HtmlEscape(field) + ": 缺失 absent)"
                              : HtmlEscape(field) + ": " + Highlight(text, {f.finding.snippet});
      o += "<tr><td>" + std::to_string(f.id) + "</td><td>" + HtmlEscape(f.finding.rule_id) + " v" +
           std::to_string(f.finding.rule_version) + "</td><td>" + HtmlEscape(f.finding.category) +
           "</td><td>" + HtmlEscape(f.finding.severity) + "</td><td>" + shown + "</td><td>" +
           HtmlEscape(f.finding.message) + "</td><td>" + HtmlEscape(f.finding.basis) + "</td><td>" +
           DecisionCell(c.decisions, f.id) + "</td></tr>\n";
    }
    o += "</table>\n";
  }

  o += "<h2>抓取记录 Capture history</h2>\n<table>\n<tr><th>sweep</th><th>captured "
       "at</th><th>version</th>"
       "<th>content hash</th><th>resolved IP</th><th>response record</th><th>changed since the "
       "previous version</th></tr>\n";
  int64_t prev_version = 0;
  std::string prev_json;
  for (const ListingSighting& s : h.sightings) {
    std::string ip;
    for (const Capture& cap : c.captures) {
      if (cap.sweep_id != s.sweep_id) continue;
      for (const CopiedRecord& r : cap.records) {
        if (r.entry.record_type == "response") ip = r.parsed.Header("WARC-IP-Address");
      }
    }
    std::string changes;
    std::string this_json;
    for (const ListingVersionRecord& v : h.versions) {
      if (v.version_id == s.version_id) this_json = v.json;
    }
    if (prev_version != 0 && s.version_id != prev_version) {
      for (const FieldChange& fc : DiffListingVersions(prev_json, this_json)) {
        changes += HtmlEscape(fc.field) + ": " +
                   HtmlEscape(fc.before.empty() ? "(none)" : fc.before) + " → " +
                   HtmlEscape(fc.after.empty() ? "(none)" : fc.after) + "\n";
      }
    } else if (prev_version != 0) {
      changes = "unchanged";
    }
    prev_version = s.version_id;
    prev_json = this_json;
    o += "<tr><td>" + std::to_string(s.sweep_id) + " " + HtmlEscape(s.sweep_name) + "</td><td>" +
         HtmlEscape(s.fetched_at) + "</td><td>" + std::to_string(s.version_id) + "</td><td><code>" +
         HtmlEscape(s.content_hash.substr(0, 16)) + "…</code></td><td>" + HtmlEscape(ip) +
         "</td><td><code>" + HtmlEscape(s.response_record_id) + "</code></td><td>" + changes +
         "</td></tr>\n";
  }
  for (const GoneSweep& g : h.gone) {
    o += "<tr><td>" + std::to_string(g.sweep_id) + " " + HtmlEscape(g.name) + "</td><td>" +
         HtmlEscape(g.started_at) +
         "</td><td colspan=\"5\">不再出现 not seen any more (gone)</td></tr>\n";
  }
  o += "</table>\n";

  o += "<h2>复核决定 Review decisions</h2>\n";
  if (c.decisions.empty()) {
    o += "<p>无 none</p>\n";
  } else {
    o += "<table>\n<tr><th>id</th><th>finding</th><th>decision</th><th>inspector</th><th>note</"
         "th><th>decided at</th>"
         "<th>ledger entry</th></tr>\n";
    for (const ReviewDecision& d : c.decisions) {
      o += "<tr><td>" + std::to_string(d.id) + "</td><td>" + std::to_string(d.finding_id) +
           "</td><td>" + HtmlEscape(d.decision) + "</td><td>" + HtmlEscape(d.inspector) +
           "</td><td>" + HtmlEscape(d.note) + "</td><td>" + HtmlEscape(d.decided_at) + "</td><td>" +
           std::to_string(d.ledger_seq) + "</td></tr>\n";
    }
    o += "</table>\n";
  }
  o += "</body>\n</html>\n";
  return o;
}

json FileList(const std::map<std::string, std::string>& files, const std::set<std::string>& skip) {
  json list = json::array();
  for (const auto& [name, bytes] : files) {
    if (skip.count(name)) continue;
    list.push_back({{"path", name}, {"sha256", Sha256Hex(bytes)}, {"bytes", bytes.size()}});
  }
  return list;
}

std::string ExtractionRecordHtml(const json& rec) {
  std::string o = kHtmlHead;
  o += "<title>电子数据提取笔录</title>\n</head>\n<body>\n<h1>电子数据提取笔录</h1>\n";
  const json& l = rec["listing"];
  auto row = [](const std::string& k, const std::string& v) {
    return "<tr><th>" + HtmlEscape(k) + "</th><td>" + HtmlEscape(v) + "</td></tr>\n";
  };
  auto str = [](const json& j, const char* k) -> std::string {
    auto it = j.find(k);
    if (it == j.end() || it->is_null()) return "";
    return it->is_string() ? it->get<std::string>() : Dump(*it, -1);
  };
  o += "<table>\n" + row("提取对象 Listing", str(l, "site") + "/" + str(l, "item_id")) +
       row("网址 URL", str(l, "url")) +
       row("提取工具 Tool", str(rec["tool"], "name") + " " + str(rec["tool"], "version")) +
       row("提取人 Exported by", str(rec["export"], "exported_by")) +
       row("导出时间 Exported at", str(rec["export"], "exported_at")) +
       row("导出主机 Host", str(rec["export"], "hostname")) +
       row("提取方法 Method", str(rec, "method")) + "</table>\n";
  o += "<h2>抓取 Captures</h2>\n<table>\n<tr><th>sweep</th><th>URL</th><th>解析IP resolved IP</th>"
       "<th>抓取时间 capture time</th><th>操作人 operator</th><th>软件 software</th><th>WARC "
       "record</th></tr>\n";
  for (const json& c : rec["captures"]) {
    o += "<tr><td>" + HtmlEscape(str(c, "sweep_id") + " " + str(c, "sweep_name")) + "</td><td>" +
         HtmlEscape(str(c, "url")) + "</td><td>" + HtmlEscape(str(c, "resolved_ip")) + "</td><td>" +
         HtmlEscape(str(c, "captured_at")) + "</td><td>" + HtmlEscape(str(c, "operator")) +
         "</td><td>" + HtmlEscape(str(c, "capture_software")) + "</td><td><code>" +
         HtmlEscape(str(c, "response_record_id")) + "</code></td></tr>\n";
  }
  o += "</table>\n<h2>文件校验值 SHA-256 of every "
       "file</h2>\n<table>\n<tr><th>file</th><th>bytes</th><th>SHA-256</th></tr>\n";
  for (const json& f : rec["files"]) {
    o += "<tr><td>" + HtmlEscape(str(f, "path")) + "</td><td>" + str(f, "bytes") +
         "</td><td><code>" + HtmlEscape(str(f, "sha256")) + "</code></td></tr>\n";
  }
  o += "</table>\n<p>extraction_record.json holds the same record; manifest.json holds the SHA-256 "
       "of "
       "this file and every other. Verify with <code>shouhu evidence verify --case</code>.</p>\n"
       "<p>提取人签名 Signature: ____________　　见证人 Witness: "
       "____________</p>\n</body>\n</html>\n";
  return o;
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
  auto history = LoadListingHistory(db, listing_id);
  if (!history.ok()) return history.status();
  c.history = std::move(history).value();
  auto decisions = DecisionsForListing(db, listing_id);
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
  for (const Capture& cap : c.captures) {
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
  files["listing.json"] = Dump(listing_doc);
  files["findings.json"] = Dump({{"listing", listing_meta}, {"versions", std::move(findings)}});

  json reviews = json::array();
  for (const ReviewDecision& d : c.decisions) {
    reviews.push_back({{"decision", json::parse(CanonicalDecisionJson(d))},
                       {"sha256", Sha256Hex(CanonicalDecisionJson(d))},
                       {"ledger",
                        {{"seq", d.ledger_seq},
                         {"entry_hash", d.ledger_entry_hash},
                         {"record_id", DecisionLedgerRecordId(d.id)}}}});
  }
  files["reviews.json"] =
      Dump({{"listing", listing_meta},
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
  files["extraction_record.json"] = Dump(record);
  files["extraction_record.html"] = ExtractionRecordHtml(record);

  json manifest = {{"format", kCaseFormat},
                   {"created_at", now},
                   {"tool", o.tool_name + " " + o.tool_version},
                   {"listing", listing_meta},
                   {"files", FileList(files, {})},
                   {"warc_records", std::move(warc_records)}};
  files[kManifest] = Dump(manifest);
  return files;
}

Result<CaseExportResult> ExportCase(Database& db, int64_t listing_id, const CaseExportOptions& o) {
  if (o.out.empty()) return InvalidArgument("--out: an output path is required");
  auto files = BuildCaseFiles(db, listing_id, o);
  if (!files.ok()) return files.status();
  CaseExportResult r;
  auto manifest = json::parse((*files)[kManifest], nullptr, false);
  r.manifest_sha256 = Sha256Hex((*files)[kManifest]);
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

// ---- verification ---------------------------------------------------------------

CaseVerifyReport VerifyCaseFiles(const std::map<std::string, std::string>& files) {
  CaseVerifyReport rep;
  auto fail = [&rep](std::string item, std::string reason) {
    rep.bad_item = std::move(item);
    rep.reason = std::move(reason);
    return rep;
  };
  auto mit = files.find(kManifest);
  if (mit == files.end()) return fail(kManifest, "missing (not a case folder?)");
  json manifest = json::parse(mit->second, nullptr, false);
  if (!manifest.is_object() || manifest.value("format", "") != kCaseFormat ||
      !manifest.contains("files") || !manifest["files"].is_array()) {
    return fail(kManifest, "not a shouhu case manifest (format " + std::string(kCaseFormat) + ")");
  }
  std::set<std::string> listed;
  for (const json& f : manifest["files"]) {
    if (!f.is_object() || !f.contains("path") || !f["path"].is_string() || !f.contains("sha256") ||
        !f["sha256"].is_string()) {
      return fail(kManifest, "malformed entry in \"files\"");
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
    if (name != kManifest && listed.count(name) == 0)
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
        return fail(kManifest, "malformed entry in \"warc_records\"");
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
      auto bytes = ReadWhole(it->path().string());
      if (!bytes.ok()) return bytes.status();
      files[rel] = std::move(bytes).value();
    }
    if (ec) return IoError(path + ": " + ec.message());
  } else if (fs::is_regular_file(path, ec)) {
    auto bytes = ReadWhole(path);
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

}  // namespace shouhu
