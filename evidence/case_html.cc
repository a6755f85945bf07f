#include "evidence/case_html.h"

#include <nlohmann/json.hpp>

#include "base/strings.h"
#include "evidence/case_format.h"

namespace shouhu::evidence {
using nlohmann::json;
using storage::FieldChange;
using storage::GoneSweep;
using storage::ListingHistory;
using storage::ListingSighting;
using storage::ListingVersionRecord;
using storage::ReviewDecision;
using storage::StoredFinding;

std::string HighlightSnippets(std::string_view text, const std::vector<std::string>& snippets) {
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

namespace {

std::string FieldText(const json& listing, const std::string& field) {
  auto it = listing.find(field);
  if (it == listing.end() || it->is_null()) return "";
  if (it->is_string()) return it->get<std::string>();
  if (it->is_object()) {  // manufacturer, price, attributes by name: one "key: value" line each
    std::string out;
    for (const auto& [k, v] : it->items()) {
      if (!out.empty()) out += "\n";
      out += k + ": " + (v.is_string() ? v.get<std::string>() : DumpCaseJson(v, -1));
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
          row += (row.empty() ? "" : ": ") +
                 (x.is_string() ? x.get<std::string>() : DumpCaseJson(x, -1));
        out += row;
      } else {
        out += DumpCaseJson(v, -1);
      }
    }
    return out;
  }
  return DumpCaseJson(*it, -1);
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

std::string DecisionCell(const std::vector<ReviewDecision>& decisions, int64_t finding_id) {
  const ReviewDecision* last = nullptr;
  for (const ReviewDecision& d : decisions) {
    if (d.finding_id == finding_id) last = &d;
  }
  if (!last) return "未复核";
  return HtmlEscape(last->decision + " — " + last->inspector + " " + last->decided_at);
}

}  // namespace

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
        o += "<tr><th>" + HtmlEscape(k) + "</th><td>" +
             HighlightSnippets(FieldText(listing, k), snippets) + "</td></tr>\n";
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
      std::string shown =
          text.empty() ? "(" + HtmlEscape(field) + ": 缺失 absent)"
                       : HtmlEscape(field) + ": " + HighlightSnippets(text, {f.finding.snippet});
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
    for (const CaseCapture& cap : c.captures) {
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
      for (const FieldChange& fc : storage::DiffListingVersions(prev_json, this_json)) {
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
    return it->is_string() ? it->get<std::string>() : DumpCaseJson(*it, -1);
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

}  // namespace shouhu::evidence
