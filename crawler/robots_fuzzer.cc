// libFuzzer target: robots.txt parsing and matching must never crash or hang.
// First bytes up to '\n' are the path, the rest the file.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "crawler/robots.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  size_t nl = in.find('\n');
  std::string_view path = nl == std::string_view::npos ? std::string_view("/") : in.substr(0, nl);
  std::string_view body = nl == std::string_view::npos ? in : in.substr(nl + 1);
  shouhu::crawler::RobotsTxt robots = shouhu::crawler::RobotsTxt::Parse(body);
  (void)robots.Allowed("shouhu/0.1", path);
  (void)robots.CrawlDelay("shouhu");
  (void)shouhu::crawler::RobotsPathFromUrl(path);
  return 0;
}
