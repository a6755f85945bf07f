#include "evidence/warc_reader.h"

#include <zlib.h>

#include <algorithm>

#include "base/digest.h"
#include "base/strings.h"

namespace shouhu::evidence {
namespace {

// Inflates the gzip member at the start of `in`; *consumed gets its compressed size.
Result<std::string> GunzipOne(std::string_view in, size_t* consumed, const std::string& where) {
  z_stream zs{};
  if (inflateInit2(&zs, 31) != Z_OK) return ParseError(where + ": inflateInit2 failed");
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(std::min<size_t>(in.size(), 0xffffffffu));
  std::string out;
  char buf[65536];
  int rc = Z_OK;
  while (rc == Z_OK) {
    zs.next_out = reinterpret_cast<Bytef*>(buf);
    zs.avail_out = sizeof buf;
    rc = inflate(&zs, Z_NO_FLUSH);
    out.append(buf, sizeof buf - zs.avail_out);
    if (static_cast<int64_t>(out.size()) > kMaxWarcRecordBytes) {
      inflateEnd(&zs);
      return ParseError(where + ": record larger than the 512 MiB budget");
    }
    if (rc == Z_BUF_ERROR && zs.avail_in == 0) break;
  }
  *consumed = zs.total_in;
  inflateEnd(&zs);
  if (rc != Z_STREAM_END) return ParseError(where + ": gzip member is corrupt or cut off");
  return out;
}

Status ParseRecord(const std::string& rec, WarcRecordRead* r, const std::string& where) {
  size_t head_end = rec.find("\r\n\r\n");
  if (head_end == std::string::npos) return ParseError(where + ": no end of the WARC header");
  size_t pos = 0;
  bool first = true;
  while (pos < head_end) {
    size_t eol = rec.find("\r\n", pos);
    if (eol == std::string::npos || eol > head_end) eol = head_end;
    std::string_view line(rec.data() + pos, eol - pos);
    pos = eol + 2;
    if (first) {
      if (!line.starts_with("WARC/"))
        return ParseError(where + ": does not start with a WARC version");
      r->version = std::string(line);
      first = false;
      continue;
    }
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) return ParseError(where + ": malformed header line");
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
      value.remove_prefix(1);
    r->headers.emplace_back(std::string(line.substr(0, colon)), std::string(value));
  }
  std::string len_text = r->Header("Content-Length");
  if (len_text.empty() || len_text.size() > 18 ||
      len_text.find_first_not_of("0123456789") != std::string::npos) {
    return ParseError(where + ": missing or bad Content-Length");
  }
  size_t len = std::stoull(len_text);
  if (rec.size() != head_end + 4 + len + 4 || rec.compare(head_end + 4 + len, 4, "\r\n\r\n") != 0) {
    return ParseError(where + ": Content-Length does not match the record (block cut or padded)");
  }
  r->block = rec.substr(head_end + 4, len);
  return Status::Ok();
}

}  // namespace

std::string WarcRecordRead::Header(std::string_view name) const {
  for (const auto& [n, v] : headers) {
    if (IEquals(n, name)) return v;
  }
  return "";
}

Result<std::vector<WarcRecordRead>> ReadWarcRecords(std::string_view file) {
  std::vector<WarcRecordRead> out;
  size_t at = 0;
  while (at < file.size()) {
    const std::string where = "record at offset " + std::to_string(at);
    size_t consumed = 0;
    auto rec = GunzipOne(file.substr(at), &consumed, where);
    if (!rec.ok()) return rec.status();
    WarcRecordRead r;
    r.offset = static_cast<int64_t>(at);
    r.length = static_cast<int64_t>(consumed);
    r.member_sha256 = Sha256Hex(file.substr(at, consumed));
    if (Status s = ParseRecord(*rec, &r, where); !s.ok()) return s;
    out.push_back(std::move(r));
    at += consumed;
  }
  return out;
}

std::string CheckWarcDigests(const WarcRecordRead& r) {
  const std::string type = r.Header("WARC-Type");
  const std::string block_digest = r.Header("WARC-Block-Digest");
  if (block_digest.empty()) return "no WARC-Block-Digest";
  if (block_digest.rfind("sha1:", 0) != 0) return "WARC-Block-Digest is not sha1";
  if (WarcSha1Digest(r.block) != block_digest) return "WARC-Block-Digest does not match the block";
  if (type == "response" && r.Header("Content-Type").rfind("application/http", 0) == 0) {
    const std::string payload_digest = r.Header("WARC-Payload-Digest");
    if (payload_digest.empty()) return "response has no WARC-Payload-Digest";
    size_t head_end = r.block.find("\r\n\r\n");
    if (head_end == std::string::npos) return "response block has no end of the HTTP head";
    if (WarcSha1Digest(std::string_view(r.block).substr(head_end + 4)) != payload_digest) {
      return "WARC-Payload-Digest does not match the payload";
    }
  }
  return "";
}

}  // namespace shouhu::evidence
