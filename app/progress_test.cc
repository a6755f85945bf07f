#include "app/progress.h"

#include <gtest/gtest.h>

#include <cstdio>

namespace shouhu::app {
namespace {

crawler::CrawlStats Stats() {
  crawler::CrawlStats s;
  s.pages = 120;
  s.queued = 35;
  s.in_flight = 4;
  s.errors_by_class = {{"timeout", 1}, {"http_5xx", 2}};
  s.retries = 3;
  return s;
}

TEST(ProgressLine, FormatNamesDoneQueuedRateAndErrorsByClass) {
  EXPECT_EQ(ProgressLine::Format(Stats(), 10.0),
            "done 120 | queued 35 | in flight 4 | 12.0 pages/s | errors: http_5xx 2, timeout 1 | "
            "retries 3");
}

TEST(ProgressLine, PlainLinesWhenNotATerminal) {
  char buf[512] = {};
  std::FILE* out = fmemopen(buf, sizeof buf, "w");
  ASSERT_NE(out, nullptr);
  ProgressLine line(out, /*terminal=*/false);
  line.Update(Stats(), 10.0);
  line.Update(Stats(), 10.1);  // within the interval: not printed again
  line.Finish();
  std::fclose(out);
  std::string text(buf);
  EXPECT_EQ(text.find('\r'), std::string::npos);
  EXPECT_EQ(text.rfind("[   10.0s] done 120", 0), 0u) << text;
  EXPECT_EQ(text.find("done", text.find("done") + 1), std::string::npos)
      << "printed once: " << text;
}

TEST(ProgressLine, RewritesInPlaceOnATerminal) {
  char buf[512] = {};
  std::FILE* out = fmemopen(buf, sizeof buf, "w");
  ASSERT_NE(out, nullptr);
  ProgressLine line(out, /*terminal=*/true);
  line.Update(Stats(), 10.0);
  line.Finish();
  std::fclose(out);
  std::string text(buf);
  EXPECT_EQ(text.rfind("\r  done 120", 0), 0u) << text;
  EXPECT_EQ(text.back(), '\n');
}

}  // namespace
}  // namespace shouhu::app
