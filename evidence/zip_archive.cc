#include "evidence/zip_archive.h"

#include <zlib.h>

#include <algorithm>

namespace shouhu::evidence {
namespace {

// Local file header, central directory header and end-of-central-directory
// record signatures (APPNOTE 4.3.7, 4.3.12, 4.3.16).
constexpr uint32_t kLocalSig = 0x04034b50;
constexpr uint32_t kCentralSig = 0x02014b50;
constexpr uint32_t kEndSig = 0x06054b50;
constexpr uint16_t kUtf8Flag = 1 << 11;
constexpr uint16_t kVersion = 20;  // 2.0: deflate

void Put16(std::string* out, uint16_t v) {
  out->push_back(static_cast<char>(v & 0xff));
  out->push_back(static_cast<char>(v >> 8));
}
void Put32(std::string* out, uint32_t v) {
  Put16(out, static_cast<uint16_t>(v & 0xffff));
  Put16(out, static_cast<uint16_t>(v >> 16));
}
uint16_t Get16(std::string_view s, size_t at) {
  return static_cast<uint16_t>(static_cast<unsigned char>(s[at]) |
                               static_cast<unsigned char>(s[at + 1]) << 8);
}
uint32_t Get32(std::string_view s, size_t at) {
  return static_cast<uint32_t>(Get16(s, at)) | static_cast<uint32_t>(Get16(s, at + 2)) << 16;
}

uint32_t Crc32(std::string_view data) {
  uLong crc = crc32(0L, Z_NULL, 0);
  // crc32() takes uInt lengths; feed large inputs in pieces.
  size_t done = 0;
  while (done < data.size()) {
    uInt n = static_cast<uInt>(std::min<size_t>(data.size() - done, 1u << 30));
    crc = crc32(crc, reinterpret_cast<const Bytef*>(data.data() + done), n);
    done += n;
  }
  return static_cast<uint32_t>(crc);
}

// windowBits: -15 raw deflate (zip), 31 gzip wrapper.
Result<std::string> Deflate(std::string_view data, int window_bits) {
  z_stream zs{};
  if (deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, window_bits, 8, Z_DEFAULT_STRATEGY) !=
      Z_OK) {
    return StorageError("deflateInit2 failed");
  }
  std::string out(deflateBound(&zs, static_cast<uLong>(data.size())) + 32, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&zs, Z_FINISH);
  size_t produced = zs.total_out;
  deflateEnd(&zs);
  if (rc != Z_STREAM_END)
    return StorageError("deflate did not finish (" + std::to_string(rc) + ")");
  out.resize(produced);
  return out;
}

Result<std::string> InflateRaw(std::string_view data, uint64_t expected_size,
                               const std::string& name) {
  z_stream zs{};
  if (inflateInit2(&zs, -15) != Z_OK) return ParseError(name + ": inflateInit2 failed");
  std::string out(static_cast<size_t>(expected_size), '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  int rc = inflate(&zs, Z_FINISH);
  size_t produced = zs.total_out;
  inflateEnd(&zs);
  // Z_BUF_ERROR with avail_out == 0: more output than the header declared.
  if (rc != Z_STREAM_END || produced != expected_size) {
    return ParseError(name + ": deflate data does not inflate to the declared size");
  }
  return out;
}

bool SafeName(std::string_view n) {
  if (n.empty() || n.front() == '/' || n.find('\\') != std::string_view::npos) return false;
  size_t pos = 0;
  while (pos <= n.size()) {
    size_t slash = n.find('/', pos);
    std::string_view part = n.substr(pos, slash == std::string_view::npos ? n.npos : slash - pos);
    if (part == ".." || part == ".") return false;
    if (slash == std::string_view::npos) break;
    pos = slash + 1;
  }
  return n.find('\0') == std::string_view::npos;
}

}  // namespace

Result<std::string> GzipMember(std::string_view data) { return Deflate(data, 31); }

Result<std::string> WriteZip(const std::vector<ZipEntry>& entries, uint16_t dos_time,
                             uint16_t dos_date) {
  std::string out, central;
  for (const ZipEntry& e : entries) {
    if (!SafeName(e.name))
      return InvalidArgument("zip entry name '" + e.name + "' is not a plain path");
    if (e.data.size() >= 0xffffffffu || out.size() >= 0xffffffffu) {
      return InvalidArgument("zip entry " + e.name + ": archive would need ZIP64");
    }
    auto packed = Deflate(e.data, -15);
    if (!packed.ok()) return packed.status();
    const uint32_t crc = Crc32(e.data);
    const uint32_t offset = static_cast<uint32_t>(out.size());
    auto common = [&](std::string* h) {
      Put16(h, kVersion);  // version needed
      Put16(h, kUtf8Flag);
      Put16(h, 8);  // deflate
      Put16(h, dos_time);
      Put16(h, dos_date);
      Put32(h, crc);
      Put32(h, static_cast<uint32_t>(packed->size()));
      Put32(h, static_cast<uint32_t>(e.data.size()));
      Put16(h, static_cast<uint16_t>(e.name.size()));
      Put16(h, 0);  // extra field length
    };
    Put32(&out, kLocalSig);
    common(&out);
    out += e.name;
    out += *packed;

    Put32(&central, kCentralSig);
    Put16(&central, 3 << 8 | kVersion);  // made by: Unix, 2.0
    common(&central);
    Put16(&central, 0);               // comment length
    Put16(&central, 0);               // disk number
    Put16(&central, 0);               // internal attributes
    Put32(&central, 0100644u << 16);  // external: Unix mode rw-r--r--
    Put32(&central, offset);
    central += e.name;
  }
  if (entries.size() >= 0xffff) return InvalidArgument("zip: too many entries");
  const uint32_t cd_offset = static_cast<uint32_t>(out.size());
  out += central;
  Put32(&out, kEndSig);
  Put16(&out, 0);
  Put16(&out, 0);
  Put16(&out, static_cast<uint16_t>(entries.size()));
  Put16(&out, static_cast<uint16_t>(entries.size()));
  Put32(&out, static_cast<uint32_t>(central.size()));
  Put32(&out, cd_offset);
  Put16(&out, 0);  // comment length
  return out;
}

Result<std::vector<ZipEntry>> ReadZip(std::string_view a) {
  // The end record is the last 22 bytes plus a comment of up to 65535 bytes.
  if (a.size() < 22) return ParseError("zip: too short to be an archive");
  size_t end = std::string_view::npos;
  const size_t lowest = a.size() > 22 + 0xffff ? a.size() - 22 - 0xffff : 0;
  for (size_t i = a.size() - 22 + 1; i-- > lowest;) {
    if (Get32(a, i) == kEndSig) {
      end = i;
      break;
    }
  }
  if (end == std::string_view::npos) return ParseError("zip: no end of central directory record");
  const uint16_t count = Get16(a, end + 10);
  const uint32_t cd_size = Get32(a, end + 12);
  const uint32_t cd_offset = Get32(a, end + 16);
  if (count == 0xffff || cd_offset == 0xffffffffu)
    return ParseError("zip: ZIP64 archives are not supported");
  if (uint64_t{cd_offset} + cd_size > end)
    return ParseError("zip: central directory out of bounds");

  std::vector<ZipEntry> out;
  int64_t total = 0;
  size_t p = cd_offset;
  for (uint16_t i = 0; i < count; ++i) {
    if (p + 46 > end || Get32(a, p) != kCentralSig) {
      return ParseError("zip: central directory entry " + std::to_string(i) + " is malformed");
    }
    const uint16_t flags = Get16(a, p + 8);
    const uint16_t method = Get16(a, p + 10);
    const uint32_t crc = Get32(a, p + 16);
    const uint32_t csize = Get32(a, p + 20);
    const uint32_t usize = Get32(a, p + 24);
    const uint16_t nlen = Get16(a, p + 28), xlen = Get16(a, p + 30), clen = Get16(a, p + 32);
    const uint32_t local = Get32(a, p + 42);
    if (p + 46 + nlen > end) return ParseError("zip: entry name out of bounds");
    ZipEntry e;
    e.name = std::string(a.substr(p + 46, nlen));
    p += 46 + size_t{nlen} + xlen + clen;
    if (!SafeName(e.name))
      return ParseError("zip: entry name '" + e.name + "' is not a plain path");
    if (flags & 1) return ParseError("zip: " + e.name + ": encrypted entries are not supported");
    if (csize == 0xffffffffu || usize == 0xffffffffu || local == 0xffffffffu) {
      return ParseError("zip: " + e.name + ": ZIP64 entries are not supported");
    }
    total += usize;
    if (total > kMaxZipUncompressedBytes)
      return ParseError("zip: more than the 1 GiB budget uncompressed");
    if (uint64_t{local} + 30 > cd_offset || Get32(a, local) != kLocalSig) {
      return ParseError("zip: " + e.name + ": local header missing");
    }
    const size_t data_at = local + 30 + size_t{Get16(a, local + 26)} + Get16(a, local + 28);
    if (data_at + uint64_t{csize} > cd_offset)
      return ParseError("zip: " + e.name + ": data out of bounds");
    std::string_view packed = a.substr(data_at, csize);
    if (method == 0) {
      if (csize != usize) return ParseError("zip: " + e.name + ": stored sizes differ");
      e.data = std::string(packed);
    } else if (method == 8) {
      auto data = InflateRaw(packed, usize, "zip: " + e.name);
      if (!data.ok()) return data.status();
      e.data = std::move(data).value();
    } else {
      return ParseError("zip: " + e.name + ": compression method " + std::to_string(method) +
                        " is not supported");
    }
    if (Crc32(e.data) != crc) return ParseError("zip: " + e.name + ": CRC-32 does not match");
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace shouhu::evidence
