#!/usr/bin/env bash
# Crawl throughput, side by side in one run (doc/design.md §8, issue 3 benchmark):
#   1. shouhu's full pipeline (fetch, parse, rules, store, WARC) sweeping a demo
#      market of $SHOUHU_BENCH_LISTINGS listings (default 20 000) with politeness
#      off (workers 2, 32 fetches in flight);
#   2. a Scrapy spider (Debian's python3-scrapy, crawl_spider.py beside this file)
#      crawling the same market from the same seeds and sitemaps, obeying
#      robots.txt, extracting the same fields into a JSON Lines feed, with the same
#      budget (32 concurrent requests, no per-host cap below that, no delay, no
#      AutoThrottle). Scrapy reaches the .test hosts through a DNS_RESOLVER that
#      maps them to 127.0.0.1 (see crawl_spider.py);
#   3. the frontier's memory with 1 000 000 queued URLs (pipeline/frontier_bench), as
#      a sweep keeps it (over its database: a window per origin in memory) and,
#      as the peer in the same run, kept wholly in memory; RSS after each quarter
#      of the URLs shows whether it stays flat.
# Wall time and peak RSS come from /usr/bin/time -v for each process; pages/s is
# pages / wall time of the whole process (start-up included). Only loopback.
# Run by scripts/bench.sh (which builds $SHOUHU_BENCH_BUILD with the benchmarks).
set -euo pipefail
root=${SHOUHU_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
build=${SHOUHU_BENCH_BUILD:-$root/build/bench}
shouhu="$build/app/shouhu"
listings=${SHOUHU_BENCH_LISTINGS:-20000}
peer_python=${SHOUHU_PEER_PYTHON:-/usr/bin/python3}
here="$root/scripts/bench.d"
# shellcheck source=lib/sweep.sh
source "$here/lib/sweep.sh"

if [[ ! -x /usr/bin/time ]]; then
  SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq time >/dev/null
fi

tmp=$(mktemp -d)
market_pid=""
cleanup() {
  if [[ -n "$market_pid" ]]; then kill "$market_pid" 2>/dev/null || true; wait "$market_pid" 2>/dev/null || true; fi
  if [[ -n "${SHOUHU_BENCH_KEEP:-}" ]]; then echo "kept $tmp"; else rm -rf "$tmp"; fi
}
trap cleanup EXIT

# A free loopback port, then the market (no faults: a throughput run).
port=$("$peer_python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$shouhu" market --port "$port" --listings "$listings" --no-faults --threads 2 >"$tmp/market.log" 2>&1 &
market_pid=$!
for _ in $(seq 100); do
  curl -s -o /dev/null --resolve "mall.tiantu.test:$port:127.0.0.1" "http://mall.tiantu.test:$port/robots.txt" && break
  sleep 0.1
done
echo "demo market: $listings listings on 127.0.0.1:$port (pid $market_pid, no faults)"

# ---- 1. shouhu sweep --------------------------------------------------------
sites=$(bench_sites "$tmp/sites" "$port")
bench_sweep_toml bench-crawl "$tmp/out" "$port" "$sites" >"$tmp/sweep.toml"
mkdir -p "$tmp/out"
/usr/bin/time -v -o "$tmp/shouhu.time" "$shouhu" sweep --config "$tmp/sweep.toml" >"$tmp/shouhu.out" 2>"$tmp/shouhu.err" || {
  echo "shouhu sweep failed:"; tail -20 "$tmp/shouhu.err" "$tmp/shouhu.out"; exit 1; }

# ---- 2. Scrapy --------------------------------------------------------------
/usr/bin/time -v -o "$tmp/scrapy.time" "$peer_python" "$here/crawl_spider.py" --port "$port" \
  --out "$tmp/scrapy.jsonl" --stats "$tmp/scrapy.json" --concurrency 32 >"$tmp/scrapy.out" 2>"$tmp/scrapy.err" || {
  echo "scrapy failed:"; tail -20 "$tmp/scrapy.err"; exit 1; }

# ---- 3. frontier memory at 1M queued URLs -----------------------------------
"$build/pipeline/frontier_bench" --mode=db --dir="$tmp/frontier-db" --urls=1000000 --hosts=30 >"$tmp/frontier.txt"
"$build/pipeline/frontier_bench" --mode=memory --urls=1000000 --hosts=30 >"$tmp/frontier-memory.txt"

kill "$market_pid" 2>/dev/null || true; wait "$market_pid" 2>/dev/null || true; market_pid=""

# ---- report -----------------------------------------------------------------
"$peer_python" - "$tmp" "$listings" <<'PY'
import glob, json, os, re, sys
tmp, listings = sys.argv[1], int(sys.argv[2])

def gnu_time(path):
    t = open(path).read()
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", t).group(1)
    secs = 0.0
    for part in wall.split(":"):
        secs = secs * 60 + float(part)
    rss_kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", t).group(1))
    user = float(re.search(r"User time \(seconds\): (\S+)", t).group(1))
    sys_ = float(re.search(r"System time \(seconds\): (\S+)", t).group(1))
    return secs, rss_kb / 1024.0, user + sys_

# shouhu: the summary ("pages fetched N", per-host "requests") and the request log.
out = open(os.path.join(tmp, "shouhu.out")).read()
m = re.search(r"pages fetched\s+(\d+)\s+\(items (\d+)", out)
s_pages, s_items = int(m.group(1)), int(m.group(2))
s_listings = int(re.search(r"listings stored\s+(\d+)", out).group(1))
s_findings = int(re.search(r"findings\s+(\d+)", out).group(1))
s_inner = float(re.search(r"elapsed\s+([\d.]+) s", out).group(1))
s_requests = 0
for line in out.splitlines():
    f = line.split()
    if len(f) == 7 and f[0].startswith("http") and f[1].isdigit():
        s_requests += int(f[1])
logs = glob.glob(os.path.join(tmp, "out", "*.requests.jsonl"))
s_loglines = sum(1 for p in logs for _ in open(p)) if logs else 0
warc = sum(os.path.getsize(p) for p in glob.glob(os.path.join(tmp, "out", "warc", "**"), recursive=True)
           if os.path.isfile(p))
s_wall, s_rss, s_cpu = gnu_time(os.path.join(tmp, "shouhu.time"))

st = json.load(open(os.path.join(tmp, "scrapy.json")))
p_pages = int(st.get("bench/pages", 0))
p_items = int(st.get("bench/items", 0))
p_shops = int(st.get("bench/shops", 0))
p_requests = int(st.get("downloader/response_count", 0))
p_feed = sum(1 for _ in open(os.path.join(tmp, "scrapy.jsonl")))
p_wall, p_rss, p_cpu = gnu_time(os.path.join(tmp, "scrapy.time"))

fr = dict(kv.split("=", 1) for kv in open(os.path.join(tmp, "frontier.txt")).read().split()[1:])
fm = dict(kv.split("=", 1) for kv in open(os.path.join(tmp, "frontier-memory.txt")).read().split()[1:])

s_ps, p_ps = s_pages / s_wall, p_pages / p_wall
print(f"market: {listings} listings, politeness off, 32 in flight; pages = HTML pages fetched and processed")
print(f"{'':8} {'pages':>7} {'items':>6} {'requests':>9} {'wall s':>7} {'cpu s':>7} {'pages/s':>8} {'peak RSS MB':>12}")
print(f"{'shouhu':8} {s_pages:7d} {s_items:6d} {s_requests:9d} {s_wall:7.1f} {s_cpu:7.1f} {s_ps:8.1f} {s_rss:12.1f}")
print(f"{'scrapy':8} {p_pages:7d} {p_items:6d} {p_requests:9d} {p_wall:7.1f} {p_cpu:7.1f} {p_ps:8.1f} {p_rss:12.1f}")
print(f"ratio shouhu/scrapy pages/s: {s_ps / p_ps:.2f}  (target >= 3)   "
      f"peak RSS shouhu/scrapy: {s_rss / p_rss:.2f}")
m = re.search(r"retries\s+(\d+).*\n\s+fetch errors\s+(\d+)", out)
print(f"CPU per page (user+sys, all threads): shouhu {s_cpu / s_pages * 1e3:.2f} ms, scrapy "
      f"{p_cpu / p_pages * 1e3:.2f} ms (ratio {p_cpu / p_pages / (s_cpu / s_pages):.2f}); "
      f"load average at the end {open('/proc/loadavg').read().split()[0]} on {os.cpu_count()} CPUs "
      f"(the market shares them)")
print(f"shouhu: retries {m.group(1)}, fetch errors {m.group(2)}; "
      f"scrapy: retries {st.get('retry/count', 0)}, non-200 "
      f"{p_requests - int(st.get('downloader/response_status_count/200', 0))}")
print(f"shouhu: {s_listings} listings stored, {s_findings} findings, {warc / 1e6:.1f} MB of WARC, "
      f"{s_loglines} request-log lines, own elapsed {s_inner:.1f} s")
print(f"scrapy: {p_feed} feed records ({p_items} items, {p_shops} shops), robots-forbidden "
      f"{st.get('robotstxt/forbidden', 0)}, duplicates filtered {st.get('dupefilter/filtered', 0)}")
diff = abs(s_pages - p_pages) / max(s_pages, p_pages, 1)
print(f"page counts {'comparable' if diff <= 0.05 else 'DIFFER'}: shouhu {s_pages} vs scrapy {p_pages} "
      f"({diff * 100:.1f}% apart)")
for name, f in (("sweep frontier (database, window per origin)", fr), ("in-memory frontier (peer)", fm)):
    quarters = " / ".join(f"{int(kb) / 1024:.0f}" for kb in f["rss_quarters_kb"].split(","))
    print(f"{name}: {int(f['urls']):,} queued URLs over {f['hosts']} hosts, {int(f['in_memory']):,} in memory; "
          f"peak RSS {int(f['vmhwm_kb']) / 1024:.0f} MB (target < 300 MB); RSS at 1/4, 2/4, 3/4, 4/4: {quarters} MB; "
          f"{float(f['bytes_per_url']):.0f} B per queued URL; {int(f['urls']) / float(f['seconds']):,.0f} URLs/s added, "
          f"{int(f['drained']) / max(float(f['drain_seconds']), 1e-9):,.0f} URLs/s handed out")
print(f"peak RSS at 1M queued, database/in-memory: {int(fr['vmhwm_kb']) / int(fm['vmhwm_kb']):.2f}")
PY
