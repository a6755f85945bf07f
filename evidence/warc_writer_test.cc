#include "evidence/warc_writer.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <regex>

#include "base/digest.h"
#include "evidence/warc_test_util.h"

namespace shouhu::evidence {
namespace {

using namespace testing_util;  // NOLINT(google-build-using-namespace): test helpers
using namespace storage;       // NOLINT(google-build-using-namespace): the layer below

std::unique_ptr<WarcWriter> NewWriter(const std::string& dir,
                                      int64_t max_bytes = int64_t{1} << 30) {
  WarcWriter::Options o;
  o.dir = dir;
  o.max_file_bytes = max_bytes;
  auto w = WarcWriter::Open(o);
  EXPECT_TRUE(w.ok()) << w.status().ToString();
  return std::move(w).value();
}

TEST(Digest, Base32MatchesRfc4648Vectors) {
  EXPECT_EQ(Base32Encode(""), "");
  EXPECT_EQ(Base32Encode("f"), "MY======");
  EXPECT_EQ(Base32Encode("fo"), "MZXQ====");
  EXPECT_EQ(Base32Encode("foo"), "MZXW6===");
  EXPECT_EQ(Base32Encode("foob"), "MZXW6YQ=");
  EXPECT_EQ(Base32Encode("fooba"), "MZXW6YTB");
  EXPECT_EQ(Base32Encode("foobar"), "MZXW6YTBOI======");
}

TEST(Digest, WarcSha1OfEmptyIsTheWellKnownValue) {
  EXPECT_EQ(WarcSha1Digest(""), "sha1:3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ");
}

TEST(Digest, RecordIdsAreV4Uuids) {
  std::regex re("<urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}>");
  std::string a = NewWarcRecordId(), b = NewWarcRecordId();
  EXPECT_TRUE(std::regex_match(a, re)) << a;
  EXPECT_NE(a, b);
}

TEST(WarcWriter, ResponseHeadDropsEncodingsAndStatesStoredLength) {
  std::string head =
      "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\ntransfer-encoding: chunked\r\n"
      "Content-Encoding: br\r\nContent-Length: 99\r\n\r\n";
  EXPECT_EQ(WarcWriter::RewriteResponseHead(head, 5),
            "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
            "X-Archive-Orig-transfer-encoding: chunked\r\n"
            "X-Archive-Orig-Content-Encoding: br\r\nX-Archive-Orig-Content-Length: 99\r\n"
            "Content-Length: 5\r\n\r\n");
  // Bare LF heads are normalised to CRLF.
  EXPECT_EQ(WarcWriter::RewriteResponseHead("HTTP/1.1 404 Not Found\nServer: x\n", 0),
            "HTTP/1.1 404 Not Found\r\nServer: x\r\nContent-Length: 0\r\n\r\n");
}

// Reads every member of the file with zlib, checks each record's framing and
// digests independently, and that members start exactly at the returned offsets.
void CheckFile(const std::string& path, const std::vector<WarcRecordLocation>& locs) {
  std::string bytes = ReadFile(path);
  size_t pos = 0;
  size_t i = 0;
  std::string response_id;
  while (pos < bytes.size()) {
    size_t used = 0;
    std::string rec = GunzipMember(bytes, pos, &used);
    ASSERT_FALSE(rec.empty()) << "member at " << pos;
    ASSERT_LT(i, locs.size());
    EXPECT_EQ(static_cast<int64_t>(pos), locs[i].offset);
    EXPECT_EQ(static_cast<int64_t>(used), locs[i].length);
    EXPECT_EQ(IndependentSha256Hex(bytes.substr(pos, used)), locs[i].sha256);
    ParsedRecord r = ParseRecord(rec);
    ASSERT_TRUE(r.ok) << rec.substr(0, 200);
    EXPECT_EQ(r.version, "WARC/1.1");
    EXPECT_EQ(r.headers["WARC-Type"], locs[i].type);
    EXPECT_EQ(r.headers["WARC-Record-ID"], locs[i].record_id);
    EXPECT_FALSE(r.headers["WARC-Date"].empty());
    EXPECT_EQ(r.headers["WARC-Block-Digest"], IndependentSha1Base32(r.block));
    const std::string& type = r.headers["WARC-Type"];
    if (i == 0) {
      EXPECT_EQ(type, "warcinfo");
      EXPECT_EQ(r.headers.count("WARC-Target-URI"), 0u);
      EXPECT_NE(r.block.find("software: shouhu/"), std::string::npos);
      EXPECT_NE(r.block.find("format: WARC File Format 1.1"), std::string::npos);
      EXPECT_NE(r.block.find("hostname: "), std::string::npos);
    } else {
      EXPECT_NE(type, "warcinfo");
      EXPECT_FALSE(r.headers["WARC-Target-URI"].empty());
    }
    if (type == "request") {
      EXPECT_EQ(r.headers["Content-Type"], "application/http;msgtype=request");
      EXPECT_EQ(r.headers["WARC-IP-Address"], "127.0.0.1");
    }
    if (type == "response") {
      response_id = r.headers["WARC-Record-ID"];
      EXPECT_EQ(r.headers["Content-Type"], "application/http;msgtype=response");
      size_t split = r.block.find("\r\n\r\n");
      ASSERT_NE(split, std::string::npos);
      std::string http_head = r.block.substr(0, split + 4);
      std::string payload = r.block.substr(split + 4);
      EXPECT_EQ(r.headers["WARC-Payload-Digest"], IndependentSha1Base32(payload));
      EXPECT_NE(http_head.find("X-Archive-Orig-Transfer-Encoding: chunked"), std::string::npos);
      EXPECT_NE(http_head.find("\r\nContent-Length: " + std::to_string(payload.size()) + "\r\n"),
                std::string::npos);
      EXPECT_EQ(http_head.find("\r\nTransfer-Encoding"), std::string::npos);
    }
    if (type == "metadata") {
      EXPECT_EQ(r.headers["Content-Type"], "application/json");
      EXPECT_EQ(r.headers["WARC-Concurrent-To"], response_id);
      EXPECT_EQ(r.block.rfind("{\"listing\"", 0), 0u);
    }
    pos += used;
    ++i;
  }
  EXPECT_EQ(i, locs.size());
}

TEST(WarcWriter, CaptureRecordsReadBackWithValidDigestsAtTheirOffsets) {
  const std::string dir = FreshDir();
  auto w = NewWriter(dir);
  std::vector<WarcRecordLocation> all;
  for (int i = 0; i < 3; ++i) {
    auto locs = w->WriteCapture(SampleCapture(std::to_string(i)));
    ASSERT_TRUE(locs.ok()) << locs.status().ToString();
    all.insert(all.end(), locs->begin(), locs->end());
  }
  ASSERT_TRUE(w->Sync().ok());
  ASSERT_EQ(all.size(), 1u + 3 * 3);
  EXPECT_EQ(all[0].type, "warcinfo");
  EXPECT_EQ(all[1].type, "request");
  EXPECT_EQ(all[2].type, "response");
  EXPECT_EQ(all[3].type, "metadata");
  std::regex name_re("shouhu-[0-9]{14}-00000\\.warc\\.gz");
  EXPECT_TRUE(std::regex_match(all[0].file, name_re)) << all[0].file;
  CheckFile(dir + "/" + all[0].file, all);
}

TEST(WarcWriter, RotatesBySizeAndEveryFileStartsWithWarcinfo) {
  const std::string dir = FreshDir();
  auto w = NewWriter(dir, /*max_bytes=*/1500);
  std::map<std::string, std::vector<WarcRecordLocation>> by_file;
  for (int i = 0; i < 12; ++i) {
    auto locs = w->WriteCapture(SampleCapture(std::to_string(i), std::string(400, 'x')));
    ASSERT_TRUE(locs.ok());
    // A capture never straddles files.
    for (const auto& l : *locs) {
      EXPECT_EQ(l.file, locs->back().file);
      by_file[l.file].push_back(l);
    }
  }
  ASSERT_TRUE(w->Close().ok());
  EXPECT_GT(by_file.size(), 2u);
  int n = 0;
  for (const auto& [file, locs] : by_file) {
    SCOPED_TRACE(file);
    EXPECT_EQ(locs.front().type, "warcinfo");
    EXPECT_NE(
        file.find("-" + std::string(n < 10 ? "0000" : "000") + std::to_string(n) + ".warc.gz"),
        std::string::npos);
    ++n;
    CheckFile(dir + "/" + file, locs);
  }
}

TEST(WarcWriter, NewWriterContinuesSerialsAfterExistingFiles) {
  const std::string dir = FreshDir();
  std::string first;
  {
    auto w = NewWriter(dir);
    first = (*w->WriteCapture(SampleCapture("1")))[0].file;
  }
  auto w = NewWriter(dir);
  std::string second = (*w->WriteCapture(SampleCapture("2")))[0].file;
  EXPECT_NE(first, second);
  EXPECT_NE(second.find("-00001.warc.gz"), std::string::npos);
}

TEST(WarcWriter, HeaderInjectionThroughUrlIsNeutralised) {
  const std::string dir = FreshDir();
  auto w = NewWriter(dir);
  CaptureRecord c = SampleCapture("1");
  c.url = "https://a/x\r\nWARC-Type: revisit";
  auto locs = w->WriteCapture(c);
  ASSERT_TRUE(locs.ok());
  CheckFile(dir + "/" + (*locs)[0].file, *locs);
}

TEST(WarcWriter, MissingDirectoryIsAStorageError) {
  WarcWriter::Options o;
  o.dir = "/nonexistent/evidence";
  auto w = WarcWriter::Open(o);
  ASSERT_FALSE(w.ok());
  EXPECT_EQ(w.status().code(), StatusCode::kStorage);
}

}  // namespace
}  // namespace shouhu::evidence
