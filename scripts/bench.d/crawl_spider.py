"""The Scrapy peer for scripts/bench.d/crawl.sh (doc/design.md §8, issue 3 benchmark).

Crawls the demo marketplace (doc/market.md) the way `shouhu sweep` does with
politeness off: the same seeds and sitemaps as config/sites/*.toml, robots.txt
obeyed, every same-host <a href> and <link rel=next> followed (minus the
profiles' `deny = ['^/api/']`), the item's shop link followed, depth capped at
the profiles' max_depth = 8 with sitemap URLs at depth 0 (as the shouhu
frontier counts it), and the same fields extracted as the site profiles do:

  tiantu   JSON-LD Product + <ul class="param-list">
  kuaigou  window.__INIT_STATE__ JSON
  lanmao   GBK page: h1.prod-title, span.price, div.crumbs, table.spec-table
  shops    the licence table (企业名称, 住所, 统一社会信用代码, 营业执照注册号/许可证编号)

written to a JSON Lines feed.

Host names: the market picks the platform by the Host header and the names end
in .test, which no DNS answers. Scrapy has no --resolve, so this installs a tiny
DNS_RESOLVER (an IResolverSimple) that answers 127.0.0.1 for the three .test
hosts and fails everything else; URLs, Host headers, links and robots.txt stay
exactly as a real crawl would see them.

Usage (Debian's interpreter, python3-scrapy 2.8):
  /usr/bin/python3 crawl_spider.py --port P --out items.jsonl --stats stats.json
"""
import argparse
import json
import re
import sys
import time
from urllib.parse import urlsplit

import scrapy
from scrapy.crawler import CrawlerProcess
from scrapy.utils.sitemap import Sitemap
from twisted.internet import defer
from twisted.internet.error import DNSLookupError
from twisted.internet.interfaces import IResolverSimple
from zope.interface import implementer

HOSTS = {"mall.tiantu.test": "tiantu", "m.kuaigou.test": "kuaigou", "www.lanmao.test": "lanmao"}
MAX_DEPTH = 8  # config/sites/*.toml max_depth


@implementer(IResolverSimple)
class TestHostResolver:
    """DNS_RESOLVER: the demo's .test hosts -> 127.0.0.1, nothing else resolves."""

    def __init__(self, reactor):
        self.reactor = reactor

    @classmethod
    def from_crawler(cls, crawler, reactor):
        return cls(reactor)

    def install_on_reactor(self):
        self.reactor.installResolver(self)

    def getHostByName(self, name, timeout=None):
        if name in HOSTS:
            return defer.succeed("127.0.0.1")
        return defer.fail(DNSLookupError(name))


def seeds_for(port):
    """The seeds and sitemaps of config/sites/*.toml, with the port added."""
    t = f"http://mall.tiantu.test:{port}"
    k = f"http://m.kuaigou.test:{port}"
    m = f"http://www.lanmao.test:{port}"
    groups = ["toy", "clothing", "uniform", "shoes", "stationery", "lamp", "mask", "furniture", "glasses", "car_seat"]
    seeds = [t + "/", t + "/search?q=%E5%84%BF%E7%AB%A5&page=1"] + [f"{t}/category/{g}?page=1" for g in groups]
    seeds += [k + "/", k + "/s?kw=%E7%AB%A5%E8%A3%85&p=1", k + "/s?kw=%E5%84%BF%E7%AB%A5&p=1",
              k + "/s?kw=%E7%8E%A9%E5%85%B7&p=1"]
    seeds += [m + "/"] + [f"{m}/list/{g}_1.htm" for g in groups]
    sitemaps = [t + "/sitemap.xml", k + "/sitemap.xml", m + "/sitemap.xml"]
    return seeds, sitemaps


ITEM_RE = {
    "tiantu": re.compile(r"^/item/(\d+)\.html(?:[?#]|$)"),
    "kuaigou": re.compile(r"^/goods/detail\?(?:[^#]*&)?id=(\d+)(?:[&#]|$)"),
    "lanmao": re.compile(r"^/product/(\d+)\.htm(?:[?#]|$)"),
}
SHOP_RE = {
    "tiantu": re.compile(r"^/shop/([A-Za-z0-9_-]+)(?:[/?#]|$)"),
    "kuaigou": re.compile(r"^/store/([A-Za-z0-9_-]+)(?:[/?#]|$)"),
    "lanmao": re.compile(r"^/company/([A-Za-z0-9_-]+)\.htm(?:[?#]|$)"),
}
DENY = re.compile(r"^/api/")
STATE_RE = re.compile(r"window\.__INIT_STATE__\s*=\s*")

# Label keys (doc/market.md "Parameter names"), as the site profiles list them.
KEYS = {
    "brand": ["品牌"],
    "model": ["型号", "货号"],
    "producer": ["生产企业", "生产厂家", "制造商"],
    "address": ["生产地址", "厂址", "厂家地址"],
    "standards": ["执行标准", "产品标准", "标准号"],
    "age_range": ["适用年龄", "适用年龄段", "年龄范围"],
    "ccc": ["3C证书编号", "CCC证书编号", "认证编号"],
    "safety_category": ["安全类别", "安全技术类别"],
    "materials": ["面料成分", "成分含量", "材质成分", "材质"],
    "warnings": ["警示", "警示语", "注意事项"],
}
SPLIT = {
    "standards": re.compile(r"[、,，;；/]"),
    "ccc": re.compile(r"[、,，;；/\s]+"),
    "warnings": re.compile(r"[；;。]"),
}
SHOP_KEYS = {
    "company": ["企业名称", "公司名称"],
    "address": ["住所", "企业住所", "地址"],
    "credit_code": ["统一社会信用代码"],
    "license_no": ["营业执照注册号", "许可证编号", "营业执照注册号/许可证编号"],
}


def label_fields(pairs, out):
    """pairs: [(key, value)] from a parameter list/table/props -> the label fields."""
    out["attributes"] = {k: v for k, v in pairs}
    for field, keys in KEYS.items():
        vals = [v for k, v in pairs if k in keys and v]
        if not vals:
            continue
        if field in SPLIT:
            parts = []
            for v in vals:
                parts += [p.strip() for p in SPLIT[field].split(v) if p.strip()]
            out[field] = parts
        elif field == "materials":
            out[field] = vals
        else:
            out[field] = vals[0]


def text(sel):
    return " ".join(t.strip() for t in sel.css("::text").getall() if t.strip())


class MarketSpider(scrapy.Spider):
    name = "market"

    def __init__(self, port, **kw):
        super().__init__(**kw)
        self.port = int(port)
        self.allowed_domains = list(HOSTS)

    def start_requests(self):
        seeds, sitemaps = seeds_for(self.port)
        for u in sitemaps:
            yield scrapy.Request(u, callback=self.parse_sitemap, meta={"d": 0})
        for u in seeds:
            yield scrapy.Request(u, callback=self.parse, meta={"d": 0})

    def parse_sitemap(self, response):
        self.crawler.stats.inc_value("bench/sitemaps")
        s = Sitemap(response.body)
        for entry in s:
            loc = entry.get("loc")
            if not loc:
                continue
            if s.type == "sitemapindex":
                yield scrapy.Request(loc, callback=self.parse_sitemap, meta={"d": 0})
            else:
                yield scrapy.Request(loc, callback=self.parse, meta={"d": 0})

    def parse(self, response):
        stats = self.crawler.stats
        stats.inc_value("bench/pages")
        if not isinstance(response, scrapy.http.TextResponse):
            return
        parts = urlsplit(response.url)
        site = HOSTS.get(parts.hostname)
        target = parts.path + ("?" + parts.query if parts.query else "")
        depth = response.meta.get("d", 0)
        links = response.css("a::attr(href)").getall()
        links += response.xpath("//link[contains(translate(@rel,'NEXT','next'),'next')]/@href").getall()

        if site and ITEM_RE[site].search(target):
            item = getattr(self, "item_" + site)(response)
            if item is not None:
                item["site"] = site
                item["item_id"] = item.get("item_id") or ITEM_RE[site].search(target).group(1)
                item["url"] = response.url
                stats.inc_value("bench/items")
                if item.get("shop_url"):
                    links.append(item["shop_url"])
                yield item
        elif site and SHOP_RE[site].search(target):
            shop = {"kind": "shop", "site": site, "shop_id": SHOP_RE[site].search(target).group(1),
                    "url": response.url, "name": text(response.css("h1.shop-name"))}
            pairs = [(text(r.css("th")), text(r.css("td"))) for r in response.css("table tr")]
            for field, keys in SHOP_KEYS.items():
                for k, v in pairs:
                    if k in keys and v:
                        shop[field] = v
                        break
            stats.inc_value("bench/shops")
            yield shop

        if depth + 1 > MAX_DEPTH:
            return
        for href in links:
            url = response.urljoin(href)
            u = urlsplit(url)
            if u.scheme not in ("http", "https") or u.hostname not in HOSTS or DENY.search(u.path):
                continue
            yield scrapy.Request(url.split("#", 1)[0], callback=self.parse, meta={"d": depth + 1})

    # ---- item pages per platform ---------------------------------------------

    def item_tiantu(self, response):
        item = {"kind": "item"}
        for raw in response.css('script[type="application/ld+json"]::text').getall():
            try:
                ld = json.loads(raw)
            except ValueError:
                continue
            if isinstance(ld, dict) and ld.get("@type") == "Product":
                offers = ld.get("offers") or {}
                seller = offers.get("seller") or {}
                brand = ld.get("brand")
                item.update({
                    "title": ld.get("name"), "item_id": ld.get("sku"),
                    "price": offers.get("price"), "currency": offers.get("priceCurrency"),
                    "brand": brand.get("name") if isinstance(brand, dict) else brand,
                    "model": ld.get("model"),
                    "category_path": [c.strip() for c in re.split(r"\s*[>›]\s*", ld.get("category") or "") if c.strip()],
                    "images": ld.get("image") if isinstance(ld.get("image"), list) else [ld.get("image")],
                    "description": ld.get("description"),
                    "shop_name": seller.get("name"), "shop_url": seller.get("url"),
                })
                break
        if not item.get("title"):
            item["title"] = text(response.css("h1"))
        if not item.get("category_path"):
            item["category_path"] = [text(a) for a in response.css("nav.breadcrumb a")]
        shop_url = response.css("a.shop-link::attr(href)").get()
        if shop_url:
            item["shop_url"] = shop_url
            m = re.search(r"/shop/([A-Za-z0-9_-]+)", shop_url)
            item["shop_id"] = m.group(1) if m else None
        pairs = [(text(li.css(".param-k")), text(li.css(".param-v"))) for li in response.css("ul.param-list li")]
        ld_brand, ld_model = item.get("brand"), item.get("model")
        label_fields(pairs, item)
        if ld_brand:
            item["brand"] = ld_brand
        if ld_model:
            item["model"] = ld_model
        return item

    def item_kuaigou(self, response):
        m = STATE_RE.search(response.text)
        if not m:
            return None
        try:
            state, _ = json.JSONDecoder().raw_decode(response.text, m.end())
        except ValueError:
            return None
        it = state.get("item") or {}
        price = it.get("price") or {}
        shop = it.get("shop") or {}
        item = {"kind": "item", "item_id": it.get("itemId"), "title": it.get("title"),
                "price": price.get("value"), "currency": price.get("currency"),
                "category_path": it.get("categories"), "images": it.get("images"), "description": it.get("desc"),
                "shop_id": shop.get("shopId"), "shop_name": shop.get("name"), "shop_url": shop.get("url")}
        pairs = [(p.get("name"), p.get("value")) for p in it.get("props") or [] if isinstance(p, dict)]
        label_fields(pairs, item)
        if it.get("brand"):
            item["brand"] = it["brand"]
        return item

    def item_lanmao(self, response):
        item = {"kind": "item", "title": text(response.css("h1.prod-title")),
                "price": text(response.css("span.price")[:1]) if response.css("span.price") else None,
                "category_path": [text(a) for a in response.css("div.crumbs a")],
                "description": text(response.css("div.prod-desc")),
                "images": response.css(".prod-img img::attr(src), .prod-gallery img::attr(src)").getall()}
        link = response.css("a.company-link")
        if link:
            item["shop_name"] = text(link[:1])
            item["shop_url"] = link[0].attrib.get("href")
            m = re.search(r"/company/([A-Za-z0-9_-]+)\.htm", item["shop_url"] or "")
            item["shop_id"] = m.group(1) if m else None
        pairs = [(text(r.css("th")), text(r.css("td"))) for r in response.css("table.spec-table tr")]
        label_fields(pairs, item)
        return item


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--out", required=True, help="JSON Lines feed")
    ap.add_argument("--stats", required=True, help="where to write the crawl stats (JSON)")
    ap.add_argument("--concurrency", type=int, default=32)
    ap.add_argument("--log-level", default="WARNING")
    a = ap.parse_args()
    settings = {
        "BOT_NAME": "scrapy-peer",
        "USER_AGENT": "scrapy-peer/2.8 (+shouhu bench)",
        "ROBOTSTXT_OBEY": True,
        # The same budget as the shouhu sweep (max_in_flight 32, politeness off):
        # 32 in flight, no per-host cap below that, no delay, no AutoThrottle.
        "CONCURRENT_REQUESTS": a.concurrency,
        "CONCURRENT_REQUESTS_PER_DOMAIN": a.concurrency,
        "CONCURRENT_REQUESTS_PER_IP": 0,
        "DOWNLOAD_DELAY": 0,
        "RANDOMIZE_DOWNLOAD_DELAY": False,
        "AUTOTHROTTLE_ENABLED": False,
        "DEPTH_LIMIT": 0,  # depth is capped by the spider (sitemap URLs at depth 0, as shouhu counts)
        "DNS_RESOLVER": __name__ + ".TestHostResolver",
        "COOKIES_ENABLED": False,
        "TELNETCONSOLE_ENABLED": False,
        "LOG_LEVEL": a.log_level,
        "FEEDS": {a.out: {"format": "jsonlines", "encoding": "utf8", "overwrite": True}},
        "REQUEST_FINGERPRINTER_IMPLEMENTATION": "2.7",
    }
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(MarketSpider)
    process.crawl(crawler, port=a.port)
    t0 = time.monotonic()
    process.start()
    elapsed = time.monotonic() - t0
    st = {k: v for k, v in crawler.stats.get_stats().items() if isinstance(v, (int, float, str))}
    st["bench/elapsed_s"] = elapsed
    with open(a.stats, "w") as f:
        json.dump(st, f, indent=1, default=str)


if __name__ == "__main__":
    main()
