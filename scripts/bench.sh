#!/usr/bin/env bash
# Benchmarks (not tests): builds an optimised tree with the Google Benchmark
# targets and runs every scripts/bench.d/*.sh in turn. Each reports its numbers as
# ratios against a peer measured in the same run (doc/design.md §8), never as pass/fail.
#   scripts/bench.sh            all benchmarks
#   scripts/bench.sh extract    only scripts/bench.d/extract.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh"
# Peers for the side-by-side numbers (Debian packages).
peers=(python3-scrapy python3-extruct python3-lxml)
missing=()
for p in "${peers[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
export SHOUHU_BENCH_BUILD="$root/build/bench"
cmake -S "$root" -B "$SHOUHU_BENCH_BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DSHOUHU_BUILD_TESTS=OFF -DSHOUHU_BUILD_BENCHMARKS=ON >/dev/null
cmake --build "$SHOUHU_BENCH_BUILD" -j"$(nproc)"
export SHOUHU_ROOT="$root"
for script in "$root"/scripts/bench.d/*.sh; do
  [[ -e "$script" ]] || continue
  name=$(basename "$script" .sh)
  if [[ $# -gt 0 && " $* " != *" $name "* ]]; then continue; fi
  echo "== bench: $name"
  bash "$script"
done
