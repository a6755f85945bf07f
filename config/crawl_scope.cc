#include "config/crawl_scope.h"

#include <re2/re2.h>

namespace shouhu::config {
namespace {

Status CheckPatternList(const Node& root, const char* key, std::vector<std::string>* out) {
  SHOUHU_ASSIGN_OR_RETURN(*out, root.GetStringList(key));
  const Node* n = root.Find(key);
  for (size_t i = 0; i < out->size(); ++i) {
    const Node& where = n->is_array() ? n->items[i] : *n;
    SHOUHU_RETURN_IF_ERROR(CheckRegex(where, (*out)[i]));
  }
  return Status::Ok();
}

}  // namespace

const std::vector<std::string_view>& CrawlScopeKeys() {
  static const std::vector<std::string_view> kKeys = {"id",
                                                      "name",
                                                      "hosts",
                                                      "seeds",
                                                      "sitemaps",
                                                      "allow",
                                                      "deny",
                                                      "item_url_pattern",
                                                      "list_url_pattern",
                                                      "shop_url_pattern",
                                                      "tracking_params",
                                                      "max_depth",
                                                      "max_pages",
                                                      "min_delay_s",
                                                      "concurrency"};
  return kKeys;
}

Status CheckRegex(const Node& where, const std::string& pattern, int min_groups, int max_groups) {
  RE2::Options opts;
  opts.set_log_errors(false);
  RE2 re(pattern, opts);
  if (!re.ok())
    return where.Error(StatusCode::kConfigInvalid, "bad regular expression: " + re.error());
  int groups = re.NumberOfCapturingGroups();
  if (min_groups >= 0 && groups < min_groups) {
    return where.Error(
        StatusCode::kConfigInvalid,
        "regular expression needs " + std::to_string(min_groups) + " capturing group(s)");
  }
  if (max_groups >= 0 && groups > max_groups) {
    return where.Error(StatusCode::kConfigInvalid, "regular expression must have at most " +
                                                       std::to_string(max_groups) +
                                                       " capturing group(s)");
  }
  return Status::Ok();
}

Status ReadCrawlScope(const Node& root, CrawlScope* out) {
  CrawlScope& p = *out;
  p.file = root.file;
  SHOUHU_ASSIGN_OR_RETURN(p.id, root.GetString("id"));
  if (p.id.empty() ||
      p.id.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_-") != std::string::npos) {
    return root.Find("id")->Error(StatusCode::kConfigInvalid,
                                  "id must be lower-case letters, digits, '_' or '-'");
  }
  std::optional<std::string> s;
  SHOUHU_ASSIGN_OR_RETURN(s, root.GetOptString("name"));
  p.name = s.value_or(p.id);
  SHOUHU_ASSIGN_OR_RETURN(p.hosts, root.GetStringList("hosts"));
  if (p.hosts.empty())
    return root.Error(StatusCode::kConfigInvalid, "missing required key 'hosts'");
  SHOUHU_ASSIGN_OR_RETURN(p.seeds, root.GetStringList("seeds"));
  SHOUHU_ASSIGN_OR_RETURN(p.sitemaps, root.GetStringList("sitemaps"));
  for (const char* key : {"seeds", "sitemaps"}) {
    const Node* n = root.Find(key);
    const auto& list = std::string(key) == "seeds" ? p.seeds : p.sitemaps;
    for (size_t i = 0; i < list.size(); ++i) {
      if (list[i].rfind("http://", 0) != 0 && list[i].rfind("https://", 0) != 0) {
        const Node& where = n->is_array() ? n->items[i] : *n;
        return where.Error(StatusCode::kConfigInvalid, "expected an absolute http(s) URL");
      }
    }
  }
  SHOUHU_RETURN_IF_ERROR(CheckPatternList(root, "allow", &p.allow));
  SHOUHU_RETURN_IF_ERROR(CheckPatternList(root, "deny", &p.deny));
  struct PatternKey {
    const char* key;
    std::string* out;
    int groups;
  };
  for (const PatternKey& pk : {PatternKey{"item_url_pattern", &p.item_url_pattern, 1},
                               PatternKey{"list_url_pattern", &p.list_url_pattern, -1},
                               PatternKey{"shop_url_pattern", &p.shop_url_pattern, 1}}) {
    SHOUHU_ASSIGN_OR_RETURN(s, root.GetOptString(pk.key));
    if (!s) continue;
    *pk.out = *s;
    SHOUHU_RETURN_IF_ERROR(CheckRegex(*root.Find(pk.key), *s, pk.groups, pk.groups));
  }
  if (p.item_url_pattern.empty())
    return root.Error(StatusCode::kConfigInvalid, "missing required key 'item_url_pattern'");
  SHOUHU_ASSIGN_OR_RETURN(p.tracking_params, root.GetStringList("tracking_params"));
  std::optional<int64_t> i;
  SHOUHU_ASSIGN_OR_RETURN(i, root.GetOptInt("max_depth"));
  if (i) {
    if (*i < 0 || *i > 1000)
      return root.Find("max_depth")->Error(StatusCode::kConfigInvalid, "expected 0..1000");
    p.max_depth = static_cast<int>(*i);
  }
  SHOUHU_ASSIGN_OR_RETURN(i, root.GetOptInt("max_pages"));
  if (i) {
    if (*i < 0 || *i > 1000000000)
      return root.Find("max_pages")->Error(StatusCode::kConfigInvalid, "expected 0..1e9");
    p.max_pages = static_cast<int>(*i);
  }
  SHOUHU_ASSIGN_OR_RETURN(i, root.GetOptInt("concurrency"));
  if (i) {
    if (*i < 1 || *i > 256)
      return root.Find("concurrency")->Error(StatusCode::kConfigInvalid, "expected 1..256");
    p.concurrency = static_cast<int>(*i);
  }
  std::optional<double> d;
  SHOUHU_ASSIGN_OR_RETURN(d, root.GetOptNumber("min_delay_s"));
  if (d) {
    if (!(*d >= 0 && *d <= 3600))
      return root.Find("min_delay_s")->Error(StatusCode::kConfigInvalid, "expected 0..3600");
    p.min_delay_s = *d;
  }
  return Status::Ok();
}

}  // namespace shouhu::config
