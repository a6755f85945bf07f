#include "evidence/warc_writer.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <exception>
#include <string_view>

#include "base/digest.h"
#include "base/strings.h"
#include "base/time.h"
#include "evidence/zip_archive.h"

namespace shouhu::evidence {
namespace {

std::string Hostname() {
  char buf[256] = {};
  if (gethostname(buf, sizeof buf - 1) != 0) return "unknown";
  return buf;
}

// Header values come partly from the network (URLs); a CR or LF would forge
// header lines, so they are dropped.
std::string HeaderValue(std::string_view v) {
  std::string out;
  out.reserve(v.size());
  for (char c : v) {
    if (c != '\r' && c != '\n') out.push_back(c);
  }
  return out;
}

// Splits a header block on LF (tolerating CRLF and bare LF), dropping the empty
// lines that end it.
std::vector<std::string_view> HeadLines(std::string_view head) {
  std::vector<std::string_view> lines;
  size_t pos = 0;
  while (pos < head.size()) {
    size_t nl = head.find('\n', pos);
    std::string_view line = head.substr(pos, nl == std::string_view::npos ? nl : nl - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!line.empty()) lines.push_back(line);
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
  }
  return lines;
}

std::string NormaliseHead(std::string_view head) {
  std::string out;
  for (std::string_view line : HeadLines(head)) {
    out.append(line);
    out.append("\r\n");
  }
  out.append("\r\n");
  return out;
}

struct Field {
  std::string name, value;
};

std::string BuildRecord(const std::vector<Field>& fields, std::string_view block) {
  std::string r = "WARC/1.1\r\n";
  for (const Field& f : fields) {
    r += f.name;
    r += ": ";
    r += HeaderValue(f.value);
    r += "\r\n";
  }
  r += "Content-Length: " + std::to_string(block.size()) + "\r\n\r\n";
  r.append(block);
  r += "\r\n\r\n";
  return r;
}

// Largest serial among existing "<prefix>-<timestamp>-<serial>.warc.gz" files.
int MaxExistingSerial(const std::string& dir, const std::string& prefix) {
  int max_serial = -1;
  DIR* d = opendir(dir.c_str());
  if (d == nullptr) return max_serial;
  const std::string head = prefix + "-";
  const std::string tail = ".warc.gz";
  while (dirent* e = readdir(d)) {
    std::string_view n = e->d_name;
    if (n.size() <= head.size() + tail.size() || n.substr(0, head.size()) != head ||
        n.substr(n.size() - tail.size()) != tail) {
      continue;
    }
    std::string_view stem = n.substr(0, n.size() - tail.size());
    size_t dash = stem.rfind('-');
    if (dash == std::string_view::npos) continue;
    int serial = 0;
    bool digits = dash + 1 < stem.size();
    for (char c : stem.substr(dash + 1)) {
      if (c < '0' || c > '9' || serial > 100000000) {
        digits = false;
        break;
      }
      serial = serial * 10 + (c - '0');
    }
    if (digits && serial > max_serial) max_serial = serial;
  }
  closedir(d);
  return max_serial;
}

}  // namespace

std::string WarcWriter::RewriteResponseHead(const std::string& head, size_t body_size) {
  // The crawler hands the body with transfer coding (chunked) and content coding
  // (gzip, br) removed. Archiving the original headers beside a decoded body
  // would make every reader mis-parse the payload, so — as warcio and pywb do
  // when they store decoded bodies — the encoding headers are kept under an
  // X-Archive-Orig- prefix and Content-Length states the stored body's size.
  // WARC-Payload-Digest then covers exactly the stored body, and the "as
  // transferred" and "entity body" readings of the spec agree.
  std::string out;
  bool first = true;
  for (std::string_view line : HeadLines(head)) {
    if (first) {  // status line
      out.append(line);
      out.append("\r\n");
      first = false;
      continue;
    }
    size_t colon = line.find(':');
    std::string_view name = colon == std::string_view::npos ? line : line.substr(0, colon);
    while (!name.empty() && (name.back() == ' ' || name.back() == '\t')) name.remove_suffix(1);
    if (IEquals(name, "Transfer-Encoding") || IEquals(name, "Content-Encoding") ||
        IEquals(name, "Content-Length")) {
      out.append("X-Archive-Orig-");
    }
    out.append(line);
    out.append("\r\n");
  }
  out.append("Content-Length: " + std::to_string(body_size) + "\r\n\r\n");
  return out;
}

Result<std::unique_ptr<WarcWriter>> WarcWriter::Open(Options options) {
  struct stat st {};
  if (stat(options.dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
    return StorageError("evidence directory " + options.dir + " does not exist");
  }
  std::unique_ptr<WarcWriter> w(new WarcWriter(std::move(options)));
  w->serial_ = MaxExistingSerial(w->options_.dir, w->options_.prefix) + 1;
  return w;
}

WarcWriter::~WarcWriter() { (void)Close(); }

Status WarcWriter::Close() {
  if (fd_ < 0) return Status::Ok();
  Status s = Sync();
  ::close(fd_);
  fd_ = -1;
  file_name_.clear();
  size_ = 0;
  return s;
}

Status WarcWriter::Sync() {
  if (fd_ < 0) return Status::Ok();
  if (::fsync(fd_) != 0) return StorageError(file_name_ + ": fsync: " + std::strerror(errno));
  return Status::Ok();
}

Status WarcWriter::OpenNewFile(std::vector<WarcRecordLocation>* written) {
  if (Status s = Close(); !s.ok()) return s;
  char serial[16];
  std::snprintf(serial, sizeof serial, "%05d", serial_++);
  std::string name = options_.prefix + "-" +
                     FormatUtc(std::chrono::system_clock::now(), "%Y%m%d%H%M%S") + "-" + serial +
                     ".warc.gz";
  std::string path = options_.dir + "/" + name;
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) return StorageError(path + ": " + std::strerror(errno));
  fd_ = fd;
  file_name_ = name;
  size_ = 0;

  std::string info = "software: " + options_.software +
                     "\r\nformat: WARC File Format 1.1\r\n"
                     "conformsTo: http://iipc.github.io/warc-specifications/specifications/"
                     "warc-format/warc-1.1/\r\nhostname: " +
                     HeaderValue(Hostname()) + "\r\n";
  if (!options_.operator_name.empty())
    info += "operator: " + HeaderValue(options_.operator_name) + "\r\n";
  std::string id = NewWarcRecordId();
  std::string record = BuildRecord({{"WARC-Type", "warcinfo"},
                                    {"WARC-Record-ID", id},
                                    {"WARC-Date", NowRfc3339Seconds()},
                                    {"WARC-Filename", name},
                                    {"Content-Type", "application/warc-fields"},
                                    {"WARC-Block-Digest", WarcSha1Digest(info)}},
                                   info);
  auto loc = Append("warcinfo", id, record);
  if (!loc.ok()) return loc.status();
  written->push_back(std::move(loc).value());
  return Status::Ok();
}

Result<WarcRecordLocation> WarcWriter::Append(const std::string& type, const std::string& record_id,
                                              const std::string& record_bytes) {
  auto member = GzipMember(record_bytes);
  if (!member.ok()) return member.status();
  const std::string& bytes = *member;
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(fd_, bytes.data() + done, bytes.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      // A partial member may be on disk; the ledger's recovery cuts it off on the
      // next open (it was never ledgered). Nothing more goes into this file.
      Status s = StorageError(file_name_ + ": write: " + std::strerror(errno));
      ::close(fd_);
      fd_ = -1;
      file_name_.clear();
      size_ = 0;
      return s;
    }
    done += static_cast<size_t>(n);
  }
  WarcRecordLocation loc;
  loc.file = file_name_;
  loc.offset = size_;
  loc.length = static_cast<int64_t>(bytes.size());
  loc.record_id = record_id;
  loc.type = type;
  loc.sha256 = Sha256Hex(bytes);
  size_ += loc.length;
  return loc;
}

Result<std::vector<WarcRecordLocation>> WarcWriter::WriteCapture(const CaptureRecord& c) {
  try {
    std::vector<WarcRecordLocation> written;
    if (fd_ < 0 || size_ >= options_.max_file_bytes) {
      if (Status s = OpenNewFile(&written); !s.ok()) return s;
    }
    const std::string date = c.fetched_at.empty() ? NowRfc3339Seconds() : c.fetched_at;
    const std::string request_id = NewWarcRecordId();
    const std::string response_id = NewWarcRecordId();
    const std::string metadata_id = NewWarcRecordId();

    // request
    const std::string req_block = NormaliseHead(c.request_head);
    std::vector<Field> req = {{"WARC-Type", "request"},
                              {"WARC-Record-ID", request_id},
                              {"WARC-Date", date},
                              {"WARC-Target-URI", c.url}};
    if (!c.remote_ip.empty()) req.push_back({"WARC-IP-Address", c.remote_ip});
    req.push_back({"WARC-Concurrent-To", response_id});
    req.push_back({"Content-Type", "application/http;msgtype=request"});
    req.push_back({"WARC-Block-Digest", WarcSha1Digest(req_block)});
    auto r1 = Append("request", request_id, BuildRecord(req, req_block));
    if (!r1.ok()) return r1.status();
    written.push_back(std::move(r1).value());

    // response
    std::string resp_block = RewriteResponseHead(c.response_head, c.body.size());
    resp_block += c.body;
    std::vector<Field> resp = {{"WARC-Type", "response"},
                               {"WARC-Record-ID", response_id},
                               {"WARC-Date", date},
                               {"WARC-Target-URI", c.url}};
    if (!c.remote_ip.empty()) resp.push_back({"WARC-IP-Address", c.remote_ip});
    resp.push_back({"Content-Type", "application/http;msgtype=response"});
    resp.push_back({"WARC-Block-Digest", WarcSha1Digest(resp_block)});
    resp.push_back({"WARC-Payload-Digest", WarcSha1Digest(c.body)});
    auto r2 = Append("response", response_id, BuildRecord(resp, resp_block));
    if (!r2.ok()) return r2.status();
    written.push_back(std::move(r2).value());

    // metadata: the extracted listing and findings, tied to the response.
    std::vector<Field> meta = {{"WARC-Type", "metadata"},
                               {"WARC-Record-ID", metadata_id},
                               {"WARC-Date", date},
                               {"WARC-Target-URI", c.url},
                               {"WARC-Concurrent-To", response_id},
                               {"Content-Type", "application/json"},
                               {"WARC-Block-Digest", WarcSha1Digest(c.metadata_json)}};
    auto r3 = Append("metadata", metadata_id, BuildRecord(meta, c.metadata_json));
    if (!r3.ok()) return r3.status();
    written.push_back(std::move(r3).value());
    return written;
  } catch (const std::exception& e) {
    return StorageError(std::string("write capture: ") + e.what());
  }
}

}  // namespace shouhu::evidence
