#!/usr/bin/env python3
"""Peer for parsers_bench (scripts/bench.d/extract.sh): the same fields from the same
demo item pages with Debian's python3-extruct and lxml, timed the same way
(decode + parse + every field, per page).

  extract_peer.py DIR [SECONDS]

DIR holds pages.tsv (platform, file, URL, Content-Type) written by
`parsers_bench --dump_pages=DIR`. Prints one line per platform and a total:
  peer <platform> pages=N bytes=B seconds=S MB/s=X pages/s=Y
"""
import json
import re
import sys
import time

import extruct.jsonld
import lxml.html

KEYS = {
    "standards": ("执行标准", "产品标准", "标准号"),
    "manufacturer": ("生产企业", "生产厂家", "制造商"),
    "address": ("生产地址", "厂址", "厂家地址"),
    "age_range": ("适用年龄", "适用年龄段", "年龄范围"),
    "ccc": ("3C证书编号", "CCC证书编号", "认证编号"),
    "safety_category": ("安全类别", "安全技术类别"),
}
STATE = re.compile(r"window\.__INIT_STATE__\s*=\s*")
JSONLD = extruct.jsonld.JsonLdExtractor()
DECODER = json.JSONDecoder()


def charset_of(content_type):
    m = re.search(r"charset=([\w-]+)", content_type or "", re.I)
    label = (m.group(1) if m else "utf-8").lower()
    return "gb18030" if label in ("gbk", "gb2312", "gb18030") else label


def text(nodes):
    return " ".join(" ".join(n.text_content().split()) for n in nodes).strip()


def label_fields(out, pairs):
    out["attributes"] = pairs
    for field, names in KEYS.items():
        for k, v in pairs:
            if k.rstrip(":：").strip() in names:
                out[field] = v
                break


def extract(platform, body, content_type):
    html = body.decode(charset_of(content_type), errors="replace")
    tree = lxml.html.fromstring(html)
    out = {}
    if platform == "tiantu":
        for node in JSONLD.extract_items(tree):
            if node.get("@type") == "Product":
                out["title"] = node.get("name")
                out["brand"] = (node.get("brand") or {}).get("name")
                offers = node.get("offers") or {}
                out["price"] = offers.get("price")
                out["shop"] = (offers.get("seller") or {}).get("name")
                break
        pairs = [(text(li.xpath('.//*[contains(@class,"param-k")]')), text(li.xpath('.//*[contains(@class,"param-v")]')))
                 for li in tree.xpath('//ul[contains(@class,"param-list")]/li')]
        label_fields(out, pairs)
    elif platform == "kuaigou":
        for script in tree.xpath("//script[not(@src)]/text()"):
            m = STATE.search(script)
            if m:
                state, _ = DECODER.raw_decode(script, m.end())
                item = state.get("item", {})
                out["title"] = item.get("title")
                out["price"] = (item.get("price") or {}).get("value")
                out["brand"] = item.get("brand")
                label_fields(out, [(p.get("name", ""), str(p.get("value", ""))) for p in item.get("props", [])])
                break
        JSONLD.extract_items(tree)  # as the profile-driven extractor would look for JSON-LD too
    else:
        out["title"] = text(tree.xpath('//h1[contains(@class,"prod-title")]'))
        out["price"] = text(tree.xpath('//span[contains(@class,"price")]'))
        pairs = [(text(tr.xpath("./th")), text(tr.xpath("./td")))
                 for tr in tree.xpath('//table[contains(@class,"spec-table")]//tr')]
        label_fields(out, pairs)
    if not out.get("title"):
        raise SystemExit(f"peer: no title on a {platform} page")
    return out


def main():
    folder = sys.argv[1]
    min_seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 2.0
    pages = {}
    with open(f"{folder}/pages.tsv", encoding="utf-8") as index:
        for line in index:
            platform, file, url, ct = (line.rstrip("\n").split("\t") + [""])[:4]
            with open(f"{folder}/{file}", "rb") as f:
                pages.setdefault(platform, []).append((f.read(), ct))
    total_b = total_n = 0
    total_s = 0.0
    for platform, items in pages.items():
        extract(platform, *items[0][0:2])  # warm-up
        n = b = 0
        start = time.perf_counter()
        while True:
            for body, ct in items:
                extract(platform, body, ct)
                n += 1
                b += len(body)
            elapsed = time.perf_counter() - start
            if elapsed >= min_seconds:
                break
        print(f"peer {platform} pages={n} bytes={b} seconds={elapsed:.3f} "
              f"MB/s={b / elapsed / 1e6:.2f} pages/s={n / elapsed:.1f}")
        total_b += b
        total_n += n
        total_s += elapsed
    print(f"peer all pages={total_n} bytes={total_b} seconds={total_s:.3f} "
          f"MB/s={total_b / total_s / 1e6:.2f} pages/s={total_n / total_s:.1f}")


if __name__ == "__main__":
    main()
