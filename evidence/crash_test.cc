// kill -9 during heavy writing (doc/design.md §8): a child process writes captures and
// listings through the StorageWriter as fast as it can and reports, after each
// Flush(), the item ids that are now committed; the parent SIGKILLs it at some
// point, reopens (which runs recovery), and checks that the evidence chain
// verifies and that every listing the child reported committed is stored.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <iostream>
#include <set>
#include <string>
#include <thread>

#include "evidence/evidence_store.h"
#include "evidence/evidence_verify.h"
#include "evidence/ledger.h"
#include "evidence/warc_test_util.h"
#include "storage/database.h"
#include "storage/listing_history.h"
#include "storage/writer_thread.h"

namespace shouhu::evidence {
namespace {

using namespace testing_util;  // NOLINT(google-build-using-namespace): test helpers
using namespace storage;       // NOLINT(google-build-using-namespace): the layer below

// The child: never returns. Writes "<item>\n" to `fd` for every listing whose
// batch has committed. `start` numbers the items so runs do not overlap.
[[noreturn]] void WriteUntilKilled(const std::string& dir, int fd, int start) {
  auto db = Database::Open(dir + "/shouhu.db");
  if (!db.ok()) _exit(3);
  auto sweep = (*db)->BeginSweep("crash", "2026-11-24T00:00:00Z");
  if (!sweep.ok()) _exit(3);
  EvidenceStore::Options o;
  o.dir = dir + "/warc";
  o.max_file_bytes = 256 << 10;  // rotate often, so kills land around file starts too
  o.sync_each_capture = false;
  auto store = EvidenceStore::Open(**db, o);
  if (!store.ok()) _exit(4);
  StorageWriter::Options wo;
  wo.max_batch_tasks = 16;
  wo.max_batch_delay = std::chrono::milliseconds(5);
  std::unique_ptr<EvidenceStore> evidence = std::move(store).value();
  wo.hook = evidence.get();
  StorageWriter writer(std::move(db).value(), wo);
  const int64_t sweep_id = *sweep;
  for (int batch = 0;; ++batch) {
    std::string committed;
    for (int i = 0; i < 20; ++i) {
      const std::string item = std::to_string(start + batch * 20 + i);
      writer.Push([item, sweep_id, ev = evidence.get()](Database& d) -> Status {
        auto ref = ev->WriteCapture(SampleCapture(item, std::string(2000, 'x')));
        if (!ref.ok()) return ref.status();
        return d
            .StoreListing(sweep_id, SampleListing(item, "儿童水晶泥 " + item),
                          {SampleFinding("N-01", "novelty")}, {}, *ref)
            .status();
      });
      committed += item + "\n";
    }
    if (!writer.Flush().ok()) _exit(5);
    // Reported only after the commit: these must survive any kill from now on.
    if (::write(fd, committed.data(), committed.size()) < 0) _exit(6);
  }
}

std::set<std::string> ReadAll(int fd) {
  std::string all;
  char buf[4096];
  ssize_t n;
  while ((n = ::read(fd, buf, sizeof buf)) > 0) all.append(buf, static_cast<size_t>(n));
  std::set<std::string> out;
  size_t pos = 0;
  while (pos < all.size()) {
    size_t nl = all.find('\n', pos);
    if (nl == std::string::npos) break;  // a line cut by the kill was never complete
    out.insert(all.substr(pos, nl - pos));
    pos = nl + 1;
  }
  return out;
}

TEST(CrashSafety, KillDashNineDuringHeavyWritingLosesNoCommittedListing) {
  const std::string dir = FreshDir();
  int start = 0;
  std::set<std::string> committed;
  for (int kill_after_ms : {50, 200, 500, 120}) {
    int fds[2];
    ASSERT_EQ(::pipe(fds), 0);
    pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      ::close(fds[0]);
      WriteUntilKilled(dir, fds[1], start);
    }
    ::close(fds[1]);
    std::this_thread::sleep_for(std::chrono::milliseconds(kill_after_ms));
    ASSERT_EQ(::kill(pid, SIGKILL), 0);
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    ASSERT_TRUE(WIFSIGNALED(status)) << "child exited early with " << WEXITSTATUS(status);
    std::set<std::string> now = ReadAll(fds[0]);
    ::close(fds[0]);
    committed.insert(now.begin(), now.end());
    start += 1000000;

    // Restart: Open runs the migrations, EvidenceStore::Open runs recovery.
    auto db = Database::Open(dir + "/shouhu.db");
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    auto store = EvidenceStore::Open(**db, dir + "/warc", "");
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    auto report = VerifyEvidence(**db);
    ASSERT_TRUE(report.ok());
    EXPECT_TRUE(report->ok()) << "after kill at " << kill_after_ms
                              << " ms: " << report->problem->reason;
    for (const std::string& item : committed) {
      auto id = ResolveListing(**db, "tiantu/" + item);
      ASSERT_TRUE(id.ok()) << "committed listing " << item << " lost after kill at "
                           << kill_after_ms << " ms";
    }
    std::cout << "[ kill -9 ] after " << kill_after_ms << " ms: " << now.size()
              << " listings reported committed, " << *(*db)->CountListings() << " stored in total, "
              << report->entries_checked << " ledger entries verified\n";
  }
  EXPECT_GT(committed.size(), 0u)
      << "the children never committed a batch: the test proved nothing";
}

}  // namespace
}  // namespace shouhu::evidence
