// libFuzzer target: sitemap scanning and capped gzip inflation.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "crawler/sitemap.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  (void)shouhu::crawler::ParseSitemap(in, 1000, 1 << 20);
  return 0;
}
