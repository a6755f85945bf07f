// warc_sample: writes a few sample captures through EvidenceStore into DIR, and a
// case export of one listing captured twice (across rotated files) into DIR/case,
// for the independent reader check (tests/warc_check/check.mjs, warcio.js).
// Usage: warc_sample DIR    Exit: 0 written, 1 storage error, 2 bad usage.
#include <cstdio>
#include <filesystem>
#include <string>

#include "evidence/case_builder.h"
#include "evidence/case_verify.h"
#include "evidence/evidence_store.h"
#include "evidence/evidence_verify.h"
#include "model/listing.h"
#include "storage/database.h"

namespace {

shouhu::evidence::CaptureRecord Capture(int i, std::string status_line, std::string body) {
  shouhu::evidence::CaptureRecord c;
  c.url = "https://tiantu.example/item/" + std::to_string(1000 + i) + ".html?spm=a1";
  c.remote_ip = "127.0.0.1";
  c.fetched_at = "2026-11-24T06:40:" + std::to_string(10 + i) + "Z";
  c.request_head = "GET /item/" + std::to_string(1000 + i) +
                   ".html?spm=a1 HTTP/1.1\r\nHost: tiantu.example\r\nUser-Agent: shouhu/0.1.0\r\n"
                   "Accept-Encoding: gzip, br\r\n\r\n";
  c.response_head = status_line +
                    "\r\nServer: market\r\nContent-Type: text/html; charset=utf-8\r\n"
                    "Transfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n\r\n";
  c.body = std::move(body);
  c.metadata_json =
      R"({"listing":{"site":"tiantu","item_id":")" + std::to_string(1000 + i) +
      R"(","title":"儿童水晶泥"},"findings":[{"rule_id":"N-01","category":"novelty"}]})";
  return c;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: warc_sample DIR\n");
    return 2;
  }
  const std::string dir = argv[1];
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
  std::filesystem::create_directories(dir, ec);
  auto db = shouhu::storage::Database::Open(dir + "/sample.db");
  if (!db.ok()) {
    std::fprintf(stderr, "%s\n", db.status().ToString().c_str());
    return 1;
  }
  shouhu::evidence::EvidenceStore::Options o;
  o.dir = dir;
  o.prefix = "sample";
  o.max_file_bytes = 4096;  // several files, so rotation is covered too
  auto store = shouhu::evidence::EvidenceStore::Open(**db, o);
  if (!store.ok()) {
    std::fprintf(stderr, "%s\n", store.status().ToString().c_str());
    return 1;
  }
  std::string binary;
  for (int b = 0; b < 3000; ++b) binary.push_back(static_cast<char>((b * 37) & 0xff));
  const shouhu::evidence::CaptureRecord captures[] = {
      Capture(0, "HTTP/1.1 200 OK", "<html><body><h1>儿童水晶泥 无毒</h1></body></html>"),
      Capture(1, "HTTP/1.1 404 Not Found", ""),
      Capture(2, "HTTP/1.1 200 OK", binary),
      Capture(3, "HTTP/1.1 200 OK", std::string(5000, 'a') + "\r\n\r\n" + "tail"),
      Capture(4, "HTTP/1.1 200 OK", "<p>GB 6675.1-2014</p>"),
  };
  auto sweep = (*db)->BeginSweep("sample", "2026-11-24T06:40:00Z");
  if (!sweep.ok()) return 1;
  int n = 0;
  for (const auto& c : captures) {
    auto ref = (*store)->WriteCapture(c);
    if (!ref.ok()) {
      std::fprintf(stderr, "%s\n", ref.status().ToString().c_str());
      return 1;
    }
    if (n == 0 || n == 4) {  // one listing, seen in captures 0 and 4 with a changed title
      shouhu::Listing l;
      l.site = "tiantu";
      l.item_id = "1000";
      l.url = c.url;
      l.fetched_at = c.fetched_at;
      l.title = n == 0 ? "儿童水晶泥 无毒" : "儿童水晶泥 GB 6675.1-2014";
      auto stored = (*db)->StoreListing(*sweep, l, {}, {}, *ref);
      if (!stored.ok()) {
        std::fprintf(stderr, "%s\n", stored.status().ToString().c_str());
        return 1;
      }
    }
    ++n;
  }
  auto report = shouhu::evidence::VerifyEvidence(**db);
  if (!report.ok() || !report->ok()) {
    std::fprintf(stderr, "ledger does not verify\n");
    return 1;
  }
  shouhu::evidence::CaseExportOptions co;
  co.out = dir + "/case";
  co.now = "2026-11-24T07:00:00Z";
  auto exported = shouhu::evidence::ExportCase(**db, 1, co);
  if (!exported.ok()) {
    std::fprintf(stderr, "case export: %s\n", exported.status().ToString().c_str());
    return 1;
  }
  std::printf("wrote %lld records in %lld files to %s\n",
              static_cast<long long>(report->entries_checked),
              static_cast<long long>(report->files_checked), dir.c_str());
  return 0;
}
