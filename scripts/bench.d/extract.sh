#!/usr/bin/env bash
# Extraction throughput on demo item pages, side by side with Python extruct + lxml
# extracting the same fields from the same pages in the same run (doc/design.md §8):
# MB/s, pages/s, the ratio ours/peer, and the share of our time spent in gumbo.
# Run by scripts/bench.sh (which builds $SHOUHU_BENCH_BUILD with the benchmarks).
set -euo pipefail
root=${SHOUHU_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
bench="${SHOUHU_BENCH_BUILD:-$root/build/bench}/parsers/parsers_bench"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$bench" --dump_pages="$tmp/pages"
"$bench" --benchmark_min_time=1 --benchmark_format=json --benchmark_out="$tmp/ours.json" \
  --benchmark_out_format=json >/dev/null
# Debian's interpreter: python3-extruct and python3-lxml are Debian packages.
peer_python=${SHOUHU_PEER_PYTHON:-/usr/bin/python3}
"$peer_python" "$root/scripts/bench.d/extract_peer.py" "$tmp/pages" 2 >"$tmp/peer.txt"

python3 - "$tmp/ours.json" "$tmp/peer.txt" <<'PY'
import json, re, sys
ours = json.load(open(sys.argv[1]))["benchmarks"]
peer = {}
for line in open(sys.argv[2]):
    f = line.split()
    kv = dict(x.split("=", 1) for x in f[2:])
    peer[f[1]] = {k: float(v) for k, v in kv.items()}
by = {}
for b in ours:
    name, _ = b["name"].split("/", 1)
    by.setdefault(b["label"], {})[name] = b
print(f"{'platform':9} {'ours MB/s':>10} {'pages/s':>9} {'peer MB/s':>10} {'pages/s':>9} {'ratio':>6} {'gumbo share':>12}")
for platform in ("tiantu", "kuaigou", "lanmao"):
    e, d = by[platform]["BM_Extract"], by[platform]["BM_DomParse"]
    o_mb = e["bytes_per_second"] / 1e6
    o_ps = e["items_per_second"]
    p = peer[platform]
    # Gumbo share: Document::Parse time per page over ExtractPage time per page, for the
    # platforms whose profile needs a DOM (kuaigou's reads only the embedded state).
    share = (o_ps / d["items_per_second"]) if platform != "kuaigou" else 0.0
    print(f"{platform:9} {o_mb:10.1f} {o_ps:9.0f} {p['MB/s']:10.2f} {p['pages/s']:9.1f} "
          f"{o_ps / p['pages/s']:6.1f} {share * 100:11.0f}%")
# Overall: one page of each platform in turn (time per page averaged over the platforms).
P = ("tiantu", "kuaigou", "lanmao")
o_pp = sum(1.0 / by[x]["BM_Extract"]["items_per_second"] for x in P) / 3
p_pp = sum(1.0 / peer[x]["pages/s"] for x in P) / 3
bpp = sum(by[x]["BM_Extract"]["bytes_per_second"] / by[x]["BM_Extract"]["items_per_second"] for x in P) / 3
g_pp = sum(1.0 / by[x]["BM_DomParse"]["items_per_second"] for x in ("tiantu", "lanmao")) / 3
print(f"{'all':9} {bpp / o_pp / 1e6:10.1f} {1 / o_pp:9.0f} {bpp / p_pp / 1e6:10.2f} {1 / p_pp:9.1f} "
      f"{p_pp / o_pp:6.1f} {g_pp / o_pp * 100:11.0f}%")
PY
