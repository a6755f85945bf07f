#include <gtest/gtest.h>
#include <zlib.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "base/strings.h"
#include "evidence/case_builder.h"
#include "evidence/case_verify.h"
#include "evidence/evidence_test_util.h"
#include "evidence/review_evidence.h"
#include "evidence/zip_archive.h"
#include "storage/listing_history.h"
#include "storage/review_log.h"

namespace shouhu::evidence {
namespace {

namespace fs = std::filesystem;
using namespace testing_util;  // NOLINT(google-build-using-namespace): test helpers
using namespace storage;       // NOLINT(google-build-using-namespace): the layer below
using nlohmann::json;

// Two sweeps: a flagged capture, then the seller adds a certificate number.
class CaseExportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Listing l = SampleListing("1001", "儿童水晶泥 <script>alert('x')</script> 套装");
    l.description = "无毒水晶泥，\"安全\" & 环保";
    w_.Capture(w_.Sweep("week 1"), l, {SampleFinding("N-01", "novelty")}, "<p>第一周</p>");
    l.ccc = {"2023010000000001"};
    StoredListing s =
        w_.Capture(w_.Sweep("week 2"), l, {SampleFinding("N-01", "novelty")}, "<p>第二周</p>");
    listing_id_ = s.listing_id;
    w_.Capture(w_.Sweep("week 2"), SampleListing("2002", "积木"),
               {});  // another listing: not in the case
  }

  CaseExportOptions Options(const std::string& name, bool zip = false) {
    CaseExportOptions o;
    o.out = w_.dir() + "/" + name;
    o.zip = zip;
    o.exported_by = "张三";
    o.now = "2026-11-24T09:00:00Z";
    return o;
  }

  std::string Export(const std::string& name, bool zip = false) {
    auto r = ExportCase(w_.db(), listing_id_, Options(name, zip));
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? r->path : "";
  }

  EvidenceWorld w_;
  int64_t listing_id_ = 0;
};

std::vector<std::string> SplitMembers(const std::string& file) {
  std::vector<std::string> out;
  size_t at = 0;
  while (at < file.size()) {
    size_t used = 0;
    GunzipMember(file, at, &used);
    if (used == 0) break;
    out.push_back(file.substr(at, used));
    at += used;
  }
  return out;
}

TEST_F(CaseExportTest, FolderHoldsEveryFileAndTheWarcRecordsOfEveryCapture) {
  const std::string dir = Export("case");
  for (const char* f :
       {"evidence.warc.gz", "listing.json", "findings.json", "reviews.json", "summary.html",
        "extraction_record.json", "extraction_record.html", "manifest.json"}) {
    EXPECT_TRUE(fs::is_regular_file(dir + "/" + f)) << f;
  }
  // Read back with the independent reader: warcinfo, then request/response/metadata twice.
  const std::string warc = ReadFile(dir + "/evidence.warc.gz");
  std::vector<std::string> members = SplitMembers(warc);
  ASSERT_EQ(members.size(), 7u);
  std::vector<std::string> types;
  for (const std::string& m : members) {
    size_t used = 0;
    ParsedRecord r = ParseRecord(GunzipMember(m, 0, &used));
    ASSERT_TRUE(r.ok);
    types.push_back(r.headers["WARC-Type"]);
    EXPECT_EQ(r.headers["WARC-Block-Digest"], IndependentSha1Base32(r.block));
  }
  EXPECT_EQ(types, (std::vector<std::string>{"warcinfo", "request", "response", "metadata",
                                             "request", "response", "metadata"}));
  // The capture members are byte-identical to the sweep's WARC file's.
  auto h = LoadListingHistory(w_.db(), listing_id_);
  ASSERT_TRUE(h.ok());
  const std::string source = ReadFile(w_.dir() + "/warc/" + h->sightings[0].warc_file);
  for (size_t i = 1; i < members.size(); ++i) {
    EXPECT_NE(source.find(members[i]), std::string::npos) << "member " << i;
  }

  json listing = json::parse(ReadFile(dir + "/listing.json"));
  ASSERT_EQ(listing["versions"].size(), 2u);
  EXPECT_EQ(listing["versions"][1]["listing"]["ccc"][0], "2023010000000001");
  EXPECT_EQ(listing["sightings"].size(), 2u);
  json findings = json::parse(ReadFile(dir + "/findings.json"));
  ASSERT_EQ(findings["versions"].size(), 2u);
  EXPECT_EQ(findings["versions"][0]["findings"][0]["rule_id"], "N-01");
  EXPECT_GT(findings["versions"][0]["findings"][0]["finding_id"].get<int64_t>(), 0);
}

TEST_F(CaseExportTest, ExtractionRecordNamesUrlIpTimeToolOperatorAndEveryFileHash) {
  const std::string dir = Export("case");
  json rec = json::parse(ReadFile(dir + "/extraction_record.json"));
  EXPECT_EQ(rec["title"], "电子数据提取笔录");
  EXPECT_EQ(rec["tool"]["name"], "shouhu");
  EXPECT_EQ(rec["tool"]["version"], "0.1.0");
  EXPECT_EQ(rec["export"]["exported_by"], "张三");
  ASSERT_EQ(rec["captures"].size(), 2u);
  const json& c = rec["captures"][0];
  EXPECT_EQ(c["url"], "https://tiantu.example/item/1001");
  EXPECT_EQ(c["resolved_ip"], "203.0.113.7");
  EXPECT_EQ(c["captured_at"], "2026-11-24T06:40:19Z");
  EXPECT_EQ(c["operator"], "检查员甲");  // from the sweep file's warcinfo
  EXPECT_EQ(c["sweep_name"], "week 1");
  std::set<std::string> named;
  for (const json& f : rec["files"]) {
    named.insert(f["path"]);
    EXPECT_EQ(f["sha256"],
              IndependentSha256Hex(ReadFile(dir + "/" + f["path"].get<std::string>())));
  }
  EXPECT_EQ(named, (std::set<std::string>{"evidence.warc.gz", "findings.json", "listing.json",
                                          "reviews.json", "summary.html"}));
  const std::string html = ReadFile(dir + "/extraction_record.html");
  EXPECT_NE(html.find("203.0.113.7"), std::string::npos);
  EXPECT_NE(html.find("检查员甲"), std::string::npos);
}

TEST_F(CaseExportTest, ManifestHashesEveryOtherFile) {
  const std::string dir = Export("case");
  json m = json::parse(ReadFile(dir + "/manifest.json"));
  EXPECT_EQ(m["format"], "shouhu-case/1");
  std::set<std::string> listed;
  for (const json& f : m["files"]) {
    const std::string bytes = ReadFile(dir + "/" + f["path"].get<std::string>());
    EXPECT_EQ(f["sha256"], IndependentSha256Hex(bytes)) << f["path"];
    EXPECT_EQ(f["bytes"].get<size_t>(), bytes.size());
    listed.insert(f["path"]);
  }
  EXPECT_EQ(listed.size(), 7u);
  EXPECT_EQ(listed.count("manifest.json"), 0u);
  EXPECT_EQ(m["warc_records"].size(), 6u);
  EXPECT_EQ(m["warc_records"][1]["type"], "response");
}

TEST_F(CaseExportTest, SummaryEscapesSellerTextHighlightsSnippetsAndLoadsNothing) {
  const std::string html = ReadFile(Export("case") + "/summary.html");
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(html.find("&quot;安全&quot; &amp; 环保"), std::string::npos);
  EXPECT_NE(html.find("<mark>水晶泥</mark>"), std::string::npos);
  EXPECT_NE(html.find("default-src 'none'"), std::string::npos);
  EXPECT_EQ(html.find("src=\"http"), std::string::npos);
  EXPECT_EQ(html.find("href=\"http"), std::string::npos);
  EXPECT_NE(html.find("2023010000000001"), std::string::npos);  // the change between sweeps
  EXPECT_EQ(HtmlEscape("<a href=\"x\">&'"), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
}

TEST_F(CaseExportTest, ReviewDecisionsAppearInTheExportWithTheirLedgerEntries) {
  auto h = LoadListingHistory(w_.db(), listing_id_);
  auto d = RecordReviewDecision(w_.db(), h->versions[1].findings[0].id, "confirm", "李四",
                                "<b>确认</b>");
  ASSERT_TRUE(d.ok());
  const std::string dir = Export("case");
  json reviews = json::parse(ReadFile(dir + "/reviews.json"));
  ASSERT_EQ(reviews["decisions"].size(), 1u);
  EXPECT_EQ(reviews["decisions"][0]["decision"]["decision"], "confirm");
  EXPECT_EQ(reviews["decisions"][0]["ledger"]["seq"], d->ledger_seq);
  const std::string html = ReadFile(dir + "/summary.html");
  EXPECT_NE(html.find("&lt;b&gt;确认&lt;/b&gt;"), std::string::npos);
  EXPECT_TRUE(VerifyCase(dir)->ok());
}

TEST_F(CaseExportTest, VerifyPassesOnAnUntouchedCase) {
  auto r = VerifyCase(Export("case"));
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->ok()) << r->bad_item << ": " << r->reason;
  EXPECT_EQ(r->files_checked, 7);
  EXPECT_EQ(r->records_checked, 7);
}

TEST_F(CaseExportTest, FlippedByteInTheCaseWarcIsNamed) {
  const std::string dir = Export("case");
  std::string warc = ReadFile(dir + "/evidence.warc.gz");
  warc[warc.size() / 2] ^= 0x01;
  WriteFile(dir + "/evidence.warc.gz", warc);
  auto r = VerifyCase(dir);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->bad_item, "evidence.warc.gz");
}

// A forger who also rewrites the manifest and extraction record: the record's
// own digest still names it.
TEST_F(CaseExportTest, AlteredRecordWithRewrittenManifestIsNamedByItsDigest) {
  const std::string dir = Export("case");
  std::string warc = ReadFile(dir + "/evidence.warc.gz");
  std::vector<std::string> members = SplitMembers(warc);
  size_t used = 0;
  std::string response = GunzipMember(members[2], 0, &used);
  size_t at = response.find("第一周");
  ASSERT_NE(at, std::string::npos);
  response.replace(at, std::string("第一周").size(), "第二周");  // same length
  auto regz = GzipMember(response);
  ASSERT_TRUE(regz.ok());
  members[2] = *regz;
  std::string forged;
  for (const std::string& m : members) forged += m;
  WriteFile(dir + "/evidence.warc.gz", forged);
  std::map<std::string, std::string> files;
  for (const auto& e : fs::directory_iterator(dir))
    files[e.path().filename().string()] = ReadFile(e.path().string());
  auto rehash = [&files](json& list) {
    for (json& f : list) {
      const std::string& data = files[f["path"].get<std::string>()];
      f["sha256"] = IndependentSha256Hex(data);
      f["bytes"] = data.size();
    }
  };
  json rec = json::parse(files["extraction_record.json"]);
  rehash(rec["files"]);
  files["extraction_record.json"] = rec.dump();
  json m = json::parse(files["manifest.json"]);
  rehash(m["files"]);
  files["manifest.json"] = m.dump();
  CaseVerifyReport r = VerifyCaseFiles(files);
  EXPECT_EQ(r.bad_item.rfind("evidence.warc.gz record 3", 0), 0u) << r.bad_item << ": " << r.reason;
  EXPECT_NE(r.reason.find("Digest"), std::string::npos) << r.reason;
}

TEST_F(CaseExportTest, EditedListingJsonIsNamed) {
  const std::string dir = Export("case");
  std::string j = ReadFile(dir + "/listing.json");
  j.replace(j.find("2023010000000001"), 16, "2023010000000002");
  WriteFile(dir + "/listing.json", j);
  auto r = VerifyCase(dir);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->bad_item, "listing.json");
  EXPECT_NE(r->reason.find("altered"), std::string::npos);
}

TEST_F(CaseExportTest, RemovedAndAddedFilesAreNamed) {
  const std::string dir = Export("case");
  fs::remove(dir + "/reviews.json");
  auto r = VerifyCase(dir);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->bad_item, "reviews.json");
  EXPECT_NE(r->reason.find("missing"), std::string::npos);

  const std::string dir2 = Export("case2");
  WriteFile(dir2 + "/extra.txt", "x");
  EXPECT_EQ(VerifyCase(dir2)->bad_item, "extra.txt");
  fs::remove(dir2 + "/extra.txt");
  fs::remove(dir2 + "/manifest.json");
  EXPECT_EQ(VerifyCase(dir2)->bad_item, "manifest.json");
  EXPECT_EQ(VerifyCase(w_.dir() + "/nowhere").status().code(), StatusCode::kNotFound);
}

TEST_F(CaseExportTest, ExportRefusesToWriteOverAFolderOrPackageAlteredEvidence) {
  const std::string dir = Export("case");
  EXPECT_EQ(ExportCase(w_.db(), listing_id_, Options("case")).status().code(),
            StatusCode::kInvalidArgument);
  auto h = LoadListingHistory(w_.db(), listing_id_);
  const std::string file = w_.dir() + "/warc/" + h->sightings[0].warc_file;
  std::string bytes = ReadFile(file);
  bytes[static_cast<size_t>(h->sightings[0].response_offset) + 20] ^= 0x01;
  WriteFile(file, bytes);
  auto r = ExportCase(w_.db(), listing_id_, Options("case3"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kStorage);
  EXPECT_NE(r.status().message().find("does not match its ledger entry"), std::string::npos);
}

// An independent zip reader: local headers in order, raw inflate with zlib.
std::map<std::string, std::string> IndependentUnzip(const std::string& z) {
  std::map<std::string, std::string> out;
  auto u16 = [&](size_t at) {
    return static_cast<unsigned>(static_cast<unsigned char>(z[at]) |
                                 static_cast<unsigned char>(z[at + 1]) << 8);
  };
  auto u32 = [&](size_t at) { return u16(at) | u16(at + 2) << 16; };
  size_t p = 0;
  while (p + 30 <= z.size() && u32(p) == 0x04034b50) {
    const unsigned method = u16(p + 8), crc = u32(p + 14), csize = u32(p + 18), usize = u32(p + 22);
    const unsigned nlen = u16(p + 26), xlen = u16(p + 28);
    std::string name = z.substr(p + 30, nlen);
    std::string data(usize, '\0');
    z_stream zs{};
    inflateInit2(&zs, -15);
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(z.data() + p + 30 + nlen + xlen));
    zs.avail_in = csize;
    zs.next_out = reinterpret_cast<Bytef*>(data.data());
    zs.avail_out = usize;
    EXPECT_EQ(method, 8u);
    EXPECT_EQ(inflate(&zs, Z_FINISH), Z_STREAM_END) << name;
    inflateEnd(&zs);
    EXPECT_EQ(crc32(0, reinterpret_cast<const Bytef*>(data.data()), usize), crc) << name;
    out[name] = data;
    p += 30 + nlen + xlen + csize;
  }
  return out;
}

TEST_F(CaseExportTest, ZipRoundTripsAndVerifies) {
  const std::string zip = Export("case", /*zip=*/true);
  EXPECT_EQ(zip, w_.dir() + "/case.zip");
  const std::string bytes = ReadFile(zip);
  auto files = BuildCaseFiles(w_.db(), listing_id_, Options("unused"));
  ASSERT_TRUE(files.ok());
  std::map<std::string, std::string> unzipped = IndependentUnzip(bytes);
  ASSERT_EQ(unzipped.size(), files->size());
  for (const auto& [name, data] : unzipped) {
    if (name == "evidence.warc.gz" || name == "manifest.json" ||
        name.starts_with("extraction_record"))
      continue;
    EXPECT_EQ(data, (*files)[name]) << name;  // the warcinfo record id differs per export
  }
  auto read = ReadZip(bytes);
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  for (const ZipEntry& e : *read) EXPECT_EQ(e.data, unzipped[e.name]) << e.name;
  auto r = VerifyCase(zip);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->ok()) << r->bad_item << ": " << r->reason;

  std::string tampered = bytes;
  tampered[100] ^= 0x01;
  WriteFile(zip, tampered);
  r = VerifyCase(zip);
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->ok());
}

TEST(ZipArchive, RefusesUnsafeNamesAndCorruptArchives) {
  EXPECT_FALSE(WriteZip({{"../evil", "x"}}).ok());
  EXPECT_FALSE(WriteZip({{"/abs", "x"}}).ok());
  auto z = WriteZip({{"a.txt", std::string(10000, 'a')}, {"目录/b.json", "{}"}});
  ASSERT_TRUE(z.ok());
  auto back = ReadZip(*z);
  ASSERT_TRUE(back.ok());
  ASSERT_EQ(back->size(), 2u);
  EXPECT_EQ((*back)[1].name, "目录/b.json");
  EXPECT_EQ((*back)[0].data, std::string(10000, 'a'));
  EXPECT_FALSE(ReadZip("PK").ok());
  EXPECT_FALSE(ReadZip(z->substr(0, z->size() - 30)).ok());
}

}  // namespace
}  // namespace shouhu::evidence
