#include "parsers/regex_cache.h"

#include <re2/re2.h>

#include <memory>
#include <mutex>
#include <unordered_map>

namespace shouhu::parsers {
namespace {

// Budget: distinct patterns kept. Shipped profiles use about 15 each; the cap only
// matters for callers that build patterns from data.
constexpr size_t kMaxCachedPatterns = 4096;

std::unique_ptr<RE2> Compile(const std::string& pattern) {
  RE2::Options opts;
  opts.set_log_errors(false);
  auto re = std::make_unique<RE2>(pattern, opts);
  if (!re->ok()) return nullptr;
  return re;
}

}  // namespace

std::shared_ptr<const RE2> CachedRegex(const std::string& pattern) {
  static std::mutex mu;
  static auto* cache =
      new std::unordered_map<std::string, std::shared_ptr<const RE2>>();  // never destroyed
  {
    std::lock_guard<std::mutex> lock(mu);
    auto it = cache->find(pattern);
    if (it != cache->end()) return it->second;
  }
  std::shared_ptr<const RE2> re = Compile(pattern);  // compiled outside the lock
  std::lock_guard<std::mutex> lock(mu);
  if (cache->size() < kMaxCachedPatterns) cache->emplace(pattern, re);
  return re;
}

}  // namespace shouhu::parsers
