// libFuzzer target: URL parsing, resolution and canonicalisation. Checks that
// canonicalisation is idempotent.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "base/url.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace shouhu;
  using shouhu::Result;
  std::string_view in(reinterpret_cast<const char*>(data), size);
  static const Url kBase = *ParseUrl("http://mall.tiantu.test:8080/a/b/c?x=1");
  Result<Url> r = ResolveUrl(kBase, in);
  if (r.ok()) {
    std::string canon = Canonicalize(*r, {"spm", "from"});
    Result<std::string> again = CanonicalizeUrl(canon, {"spm", "from"});
    bool http = r->scheme == "http" || r->scheme == "https";
    if (http && again.ok() && *again != canon && canon.size() < kMaxUrlLength / 2) std::abort();
    (void)UrlFingerprint(canon);
  }
  (void)ParseUrl(in);
  return 0;
}
