// Zip archives and gzip members for case exports (doc/design.md §5.4), with zlib only.
//
// WriteZip builds a plain PKZIP archive (APPNOTE 6.3.x, no ZIP64, no
// encryption): each entry deflated (method 8) with its CRC-32, UTF-8 names
// (general-purpose flag bit 11) so Chinese file names survive. ReadZip reads
// such archives back for `shouhu evidence verify --case FILE.zip`; it accepts
// stored (0) and deflated (8) entries, checks each CRC-32 and size, and refuses
// anything it cannot check (ZIP64, encryption, names with ".." or a leading
// "/"), since a case archive is input from outside.
//
// Stateless functions; thread-safe.
#ifndef SHOUHU_EVIDENCE_ZIP_ARCHIVE_H_
#define SHOUHU_EVIDENCE_ZIP_ARCHIVE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace shouhu::evidence {

struct ZipEntry {
  std::string name;  // path inside the archive, '/' separated
  std::string data;  // uncompressed bytes
};

// Default: 1 GiB of uncompressed data per archive — a case holds a handful of
// captures (a few MB); the cap stops a decompression bomb posing as a case.
inline constexpr int64_t kMaxZipUncompressedBytes = int64_t{1} << 30;

// The archive's bytes. `dos_time`/`dos_date` are the MS-DOS timestamp stored for
// every entry (fixed so an export's bytes depend only on its content).
Result<std::string> WriteZip(const std::vector<ZipEntry>& entries, uint16_t dos_time = 0,
                             uint16_t dos_date = (2026 - 1980) << 9 | 1 << 5 | 1);

// Every entry, in central-directory order. Errors name the entry.
Result<std::vector<ZipEntry>> ReadZip(std::string_view archive);

// One gzip member (RFC 1952) holding `data` (zlib, default level): a WARC
// record is compressed on its own so it can be read at its ledger offset.
Result<std::string> GzipMember(std::string_view data);

}  // namespace shouhu::evidence

#endif  // SHOUHU_EVIDENCE_ZIP_ARCHIVE_H_
