#include "crawler/robots_cache.h"

namespace shouhu::crawler {

int RobotsCache::StartFetch(const std::string& origin) { return ++origins_[origin].attempts; }

bool RobotsCache::Record(const std::string& origin, const FetchResult& r, bool may_retry) {
  Entry& e = origins_[origin];
  const bool response = r.error.ok() || r.error_kind == FetchErrorKind::kBodyTooLarge;
  const int status = r.http_status;
  std::optional<RobotsTxt> robots;
  bool unreachable = false;
  if (response && status >= 200 && status < 300) {
    robots = RobotsTxt::Parse(r.body);
  } else if (r.error_kind == FetchErrorKind::kTooManyRedirects ||
             r.error_kind == FetchErrorKind::kRedirectLoop) {
    robots = RobotsTxt::AllowAll();  // §2.3.1.2: treat as unavailable
  } else if (response && status == 429) {
    unreachable = true;
  } else if (response && status >= 400 && status < 500) {
    robots = RobotsTxt::AllowAll();  // §2.3.1.3 "unavailable"
  } else {
    unreachable = true;  // 5xx, 3xx without location, network failure (§2.3.1.4)
  }
  if (unreachable && may_retry && e.attempts <= max_retries_) return false;
  e.robots =
      robots ? std::move(*robots) : RobotsTxt::DisallowAll();  // unreachable after every retry
  e.known = true;
  return true;
}

bool RobotsCache::Known(const std::string& origin) const {
  auto it = origins_.find(origin);
  return it != origins_.end() && it->second.known;
}

bool RobotsCache::Allowed(const std::string& origin, const std::string& canonical_url) const {
  auto it = origins_.find(origin);
  if (it == origins_.end() || !it->second.known) return false;
  return it->second.robots.Allowed(user_agent_, RobotsPathFromUrl(canonical_url));
}

std::optional<double> RobotsCache::CrawlDelay(const std::string& origin) const {
  auto it = origins_.find(origin);
  if (it == origins_.end() || !it->second.known) return std::nullopt;
  return it->second.robots.CrawlDelay(user_agent_);
}

const std::vector<std::string>& RobotsCache::Sitemaps(const std::string& origin) const {
  static const std::vector<std::string> kNone;
  auto it = origins_.find(origin);
  if (it == origins_.end() || !it->second.known) return kNone;
  return it->second.robots.sitemaps();
}

int RobotsCache::attempts(const std::string& origin) const {
  auto it = origins_.find(origin);
  return it == origins_.end() ? 0 : it->second.attempts;
}

}  // namespace shouhu::crawler
