// Sitemap scanning. Hostile input is bounded by the inflate cap and the URL
// count; the scan itself is linear.
#include "crawler/sitemap.h"

#include <zlib.h>

#include "base/strings.h"

namespace shouhu::crawler {
namespace {

std::string DecodeEntities(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '&') {
      out.push_back(s[i]);
      continue;
    }
    static constexpr std::pair<std::string_view, char> kEntities[] = {
        {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&apos;", '\''}};
    bool done = false;
    for (auto [name, ch] : kEntities) {
      if (s.substr(i, name.size()) == name) {
        out.push_back(ch);
        i += name.size() - 1;
        done = true;
        break;
      }
    }
    if (!done) out.push_back('&');
  }
  return out;
}

}  // namespace

Result<std::string> GunzipCapped(std::string_view in, size_t cap) {
  z_stream zs{};
  if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) return ParseError("gzip: init failed");
  std::string out;
  char buf[16384];
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  int rc = Z_OK;
  while (rc != Z_STREAM_END) {
    zs.next_out = reinterpret_cast<Bytef*>(buf);
    zs.avail_out = sizeof buf;
    rc = inflate(&zs, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END) {
      inflateEnd(&zs);
      return ParseError("gzip: corrupt data");
    }
    out.append(buf, sizeof buf - zs.avail_out);
    if (out.size() > cap) {
      inflateEnd(&zs);
      return ParseError("gzip: inflated size above " + std::to_string(cap) + " bytes");
    }
    if (rc == Z_OK && zs.avail_in == 0 && zs.avail_out != 0) {
      inflateEnd(&zs);
      return ParseError("gzip: truncated data");
    }
  }
  inflateEnd(&zs);
  return out;
}

Result<Sitemap> ParseSitemap(std::string_view body, size_t max_urls, size_t max_bytes) {
  std::string inflated;
  if (body.size() >= 2 && static_cast<unsigned char>(body[0]) == 0x1f &&
      static_cast<unsigned char>(body[1]) == 0x8b) {
    Result<std::string> r = GunzipCapped(body, max_bytes);
    if (!r.ok()) return r.status();
    inflated = std::move(r).value();
    body = inflated;
  } else if (body.size() > max_bytes) {
    return ParseError("sitemap: larger than " + std::to_string(max_bytes) + " bytes");
  }
  Sitemap out;
  size_t root = body.find("<sitemapindex");
  size_t urlset = body.find("<urlset");
  out.is_index =
      root != std::string_view::npos && (urlset == std::string_view::npos || root < urlset);
  size_t pos = 0;
  while (true) {
    size_t open = body.find("<loc", pos);
    if (open == std::string_view::npos) break;
    size_t gt = body.find('>', open);
    if (gt == std::string_view::npos) break;
    // "<location>" or "<loc/>" are not <loc> elements.
    if (gt != open + 4 && body[open + 4] != ' ') {
      pos = gt;
      continue;
    }
    size_t close = body.find("</loc>", gt);
    if (close == std::string_view::npos) break;
    std::string_view v = TrimAscii(body.substr(gt + 1, close - gt - 1));
    if (v.starts_with("<![CDATA[") && v.ends_with("]]>")) v = TrimAscii(v.substr(9, v.size() - 12));
    pos = close + 6;
    if (v.empty()) continue;
    if (out.locs.size() >= max_urls) {
      out.truncated = true;
      break;
    }
    out.locs.push_back(DecodeEntities(v));
  }
  return out;
}

}  // namespace shouhu::crawler
