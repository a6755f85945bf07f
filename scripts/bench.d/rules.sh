#!/usr/bin/env bash
# Rule engine throughput: listings/s for the whole shipped pack on one core
# (normalisation included) over demo-market listings, and the cost as the rule
# count grows from 10 to 500: one RE2::Set pass vs each rule's regex one by one
# (the ratio each/set), plus the whole engine with K synthetic rules.
# Run by scripts/bench.sh (which builds $SHOUHU_BENCH_BUILD with the benchmarks).
set -euo pipefail
root=${SHOUHU_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
bench="${SHOUHU_BENCH_BUILD:-$root/build/bench}/rules/rules_bench"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Five repetitions, medians reported: the machine is shared and noisy.
"$bench" --benchmark_min_time=0.5 --benchmark_repetitions=5 --benchmark_report_aggregates_only=true \
  --benchmark_format=json --benchmark_out="$tmp/rules.json" --benchmark_out_format=json >/dev/null

python3 - "$tmp/rules.json" <<'PY'
import json, sys
bs = {b["run_name"]: b for b in json.load(open(sys.argv[1]))["benchmarks"]
      if b.get("aggregate_name") == "median"}
w = bs["BM_WholePack"]
print(f"whole pack ({int(w['rules'])} rules), one core: {w['items_per_second']:,.0f} listings/s "
      f"(target 20,000; {w['findings_per_listing']:.2f} findings per listing)")
c = bs["BM_Corpus"]
print(f"hand-written corpus ({int(c['listings'])} listings), one core: {c['items_per_second']:,.0f} listings/s")
n = bs["BM_Normalize"]
print(f"normalisation alone (title + description): {n['items_per_second']:,.0f} listings/s")
print()
print(f"{'rules':>6} {'set pass/s':>12} {'each regex/s':>13} {'ratio set/each':>15} {'engine/s':>10}")
for k in (10, 50, 100, 250, 500):
    s = bs[f"BM_SetPass/{k}"]["items_per_second"]
    e = bs[f"BM_EachRegex/{k}"]["items_per_second"]
    eng = bs.get(f"BM_SyntheticPack/{k}")
    engs = f"{eng['items_per_second']:10,.0f}" if eng else f"{'':>10}"
    print(f"{k:6d} {s:12,.0f} {e:13,.0f} {s / e:15.1f} {engs}")
PY
