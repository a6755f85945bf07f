#!/usr/bin/env bash
# A/B crawl throughput of two shouhu binaries (e.g. before and after a
# refactoring), on one demo market in one run: the sweep of
# scripts/bench.d/crawl.sh step 1 (politeness off, workers 2, 32 in flight),
# run alternating A, B, A, B… so drift on the machine hits both alike. Prints
# pages/s per run and the ratio of the medians.
# Usage: scripts/bench-ab.sh A_SHOUHU B_SHOUHU MARKET_BINARY [ROUNDS]
#   MARKET_BINARY: a shouhu-market program (both binaries crawl the same one).
# Environment: SHOUHU_BENCH_LISTINGS (default 20 000).
set -euo pipefail
root=${SHOUHU_ROOT:-$(cd "$(dirname "$0")/.." && pwd)}
a=$1 b=$2 market=$3 rounds=${4:-3}
listings=${SHOUHU_BENCH_LISTINGS:-20000}
# shellcheck source=bench.d/lib/sweep.sh
source "$root/scripts/bench.d/lib/sweep.sh"

tmp=$(mktemp -d)
market_pid=""
cleanup() {
  if [[ -n "$market_pid" ]]; then kill "$market_pid" 2>/dev/null || true; wait "$market_pid" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$market" --port "$port" --listings "$listings" --no-faults --threads 2 >"$tmp/market.log" 2>&1 &
market_pid=$!
for _ in $(seq 100); do
  curl -s -o /dev/null --resolve "mall.tiantu.test:$port:127.0.0.1" "http://mall.tiantu.test:$port/robots.txt" && break
  sleep 0.1
done

sites=$(bench_sites "$tmp/sites" "$port")

run() {  # run LABEL BINARY N
  local out="$tmp/run-$1-$3"
  mkdir -p "$out"
  bench_sweep_toml bench-ab "$out" "$port" "$sites" >"$out/sweep.toml"
  local t0 t1 pages
  t0=$(date +%s.%N)
  "$2" sweep --config "$out/sweep.toml" >"$out/stdout" 2>"$out/stderr" || {
    echo "$1 sweep failed:"; tail -20 "$out/stderr"; exit 1; }
  t1=$(date +%s.%N)
  pages=$(sed -nE 's/.*pages fetched\s+([0-9]+).*/\1/p' "$out/stdout" | head -1)
  python3 -c "print(f'$1 run $3: {int($pages)} pages in {$t1 - $t0:.1f} s = {int($pages) / ($t1 - $t0):.1f} pages/s')" |
    tee -a "$tmp/results-$1"
  rm -rf "$out/warc" "$out/shouhu.db"*
}

echo "market: $listings listings on 127.0.0.1:$port; A=$a B=$b; $rounds rounds"
for i in $(seq "$rounds"); do
  run A "$a" "$i"
  run B "$b" "$i"
done
python3 - "$tmp/results-A" "$tmp/results-B" <<'PY'
import re, statistics, sys
def rates(p): return [float(re.search(r"= ([\d.]+) pages/s", l).group(1)) for l in open(p)]
a, b = rates(sys.argv[1]), rates(sys.argv[2])
ma, mb = statistics.median(a), statistics.median(b)
print(f"median pages/s: A {ma:.1f}, B {mb:.1f}; B/A = {mb / ma:.3f}")
PY
