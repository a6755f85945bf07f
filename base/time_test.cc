#include "base/time.h"

#include <gtest/gtest.h>

namespace shouhu {
namespace {

// 2026-11-24T06:40:19.123Z
const WallTime kT = WallTime(std::chrono::milliseconds(1795502419123));

TEST(Time, Rfc3339IsUtcWithAZ) {
  EXPECT_EQ(FormatRfc3339(kT), "2026-11-24T06:40:19Z");
  EXPECT_EQ(FormatRfc3339Millis(kT), "2026-11-24T06:40:19.123Z");
  EXPECT_EQ(FormatDate(kT), "2026-11-24");
  EXPECT_EQ(FormatUtc(kT, "%Y%m%d%H%M%S"), "20261124064019");
}

TEST(Time, NowHasTheDocumentedShape) {
  const std::string now = NowRfc3339();
  ASSERT_EQ(now.size(), 24u) << now;
  EXPECT_EQ(now[10], 'T');
  EXPECT_EQ(now.back(), 'Z');
  EXPECT_EQ(NowRfc3339Seconds().size(), 20u);
  EXPECT_EQ(TodayUtc().size(), 10u);
}

}  // namespace
}  // namespace shouhu
