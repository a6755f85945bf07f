// Helpers for the evidence tests: an independent WARC reader (zlib + OpenSSL
// directly, not the code under test) that inflates one gzip member and splits a
// record into headers and block, and a sample capture.
#ifndef SHOUHU_EVIDENCE_WARC_TEST_UTIL_H_
#define SHOUHU_EVIDENCE_WARC_TEST_UTIL_H_

#include <openssl/evp.h>
#include <zlib.h>

#include <cstdio>
#include <map>
#include <sstream>
#include <string>

#include "evidence/capture_record.h"
#include "storage/storage_test_util.h"

namespace shouhu::evidence::testing_util {

using namespace shouhu::storage::testing_util;  // FreshDir, ReadFile, samples

// Inflates the single gzip member starting at `offset`; *consumed gets its
// compressed length. Empty on error.
inline std::string GunzipMember(const std::string& file_bytes, size_t offset, size_t* consumed) {
  z_stream zs{};
  if (inflateInit2(&zs, 31) != Z_OK) return "";
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(file_bytes.data() + offset));
  zs.avail_in = static_cast<uInt>(file_bytes.size() - offset);
  std::string out;
  char buf[16384];
  int rc = Z_OK;
  while (rc == Z_OK) {
    zs.next_out = reinterpret_cast<Bytef*>(buf);
    zs.avail_out = sizeof buf;
    rc = inflate(&zs, Z_NO_FLUSH);
    out.append(buf, sizeof buf - zs.avail_out);
  }
  if (consumed) *consumed = zs.total_in;
  inflateEnd(&zs);
  return rc == Z_STREAM_END ? out : "";
}

struct ParsedRecord {
  std::string version;
  std::map<std::string, std::string> headers;  // names as written
  std::string block;
  bool ok = false;
};

inline ParsedRecord ParseRecord(const std::string& rec) {
  ParsedRecord p;
  size_t end = rec.find("\r\n\r\n");
  if (end == std::string::npos) return p;
  std::istringstream head(rec.substr(0, end));
  std::string line;
  std::getline(head, line);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  p.version = line;
  while (std::getline(head, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    size_t c = line.find(": ");
    if (c == std::string::npos) return p;
    p.headers[line.substr(0, c)] = line.substr(c + 2);
  }
  size_t len = std::stoul(p.headers["Content-Length"]);
  if (rec.size() != end + 4 + len + 4) return p;
  p.block = rec.substr(end + 4, len);
  p.ok = rec.compare(end + 4 + len, 4, "\r\n\r\n") == 0;
  return p;
}

// Base32 and digests written separately from base/digest.cc on purpose.
inline std::string IndependentSha1Base32(const std::string& data) {
  unsigned char md[20];
  unsigned int n = 0;
  EVP_Digest(data.data(), data.size(), md, &n, EVP_sha1(), nullptr);
  const char* abc = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  std::string out;
  for (int i = 0; i < 160; i += 5) {  // 160 bits → 32 symbols
    int v = 0;
    for (int b = 0; b < 5; ++b) v = (v << 1) | ((md[(i + b) / 8] >> (7 - (i + b) % 8)) & 1);
    out.push_back(abc[v]);
  }
  return "sha1:" + out;
}

inline std::string IndependentSha256Hex(const std::string& data) {
  unsigned char md[32];
  unsigned int n = 0;
  EVP_Digest(data.data(), data.size(), md, &n, EVP_sha256(), nullptr);
  char hex[65];
  for (int i = 0; i < 32; ++i) std::snprintf(hex + 2 * i, 3, "%02x", md[i]);
  return std::string(hex, 64);
}

inline CaptureRecord SampleCapture(const std::string& item, const std::string& body_extra = "") {
  CaptureRecord c;
  c.url = "https://tiantu.example/item/" + item;
  c.remote_ip = "127.0.0.1";
  c.fetched_at = "2026-11-24T06:40:19Z";
  c.request_head =
      "GET /item/" + item + " HTTP/1.1\r\nHost: tiantu.example\r\nUser-Agent: shouhu\r\n\r\n";
  c.response_head =
      "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
      "Transfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n\r\n";
  c.body = "<html><body><h1>儿童水晶泥 " + item + "</h1>" + body_extra + "</body></html>";
  c.metadata_json = R"({"listing":{"site":"tiantu","item_id":")" + item + R"("},"findings":[]})";
  return c;
}

}  // namespace shouhu::evidence::testing_util

#endif  // SHOUHU_EVIDENCE_WARC_TEST_UTIL_H_
