#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan + UBSan; the `fuzz` preset) and runs each
# for a while on its seed corpus. Crashes are written to build/fuzz/crashes/.
#   scripts/fuzz.sh [SECONDS_PER_TARGET]     (default 60)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-60}
"$root/scripts/setup.sh" --fuzz
cmake --preset fuzz -S "$root" >/dev/null
cmake --build "$root/build/fuzz" -j"$(nproc)"
mkdir -p "$root/build/fuzz/crashes"
for fuzzer in $(find "$root/build/fuzz" -maxdepth 3 -type f -executable -name '*_fuzzer' | sort); do
  name=$(basename "$fuzzer" _fuzzer)
  corpus="$root/tests/testdata/fuzz/$name"
  work=$(mktemp -d)
  [[ -d "$corpus" ]] && cp -r "$corpus"/. "$work"/
  echo "== fuzz: $name (${seconds}s)"
  "$fuzzer" -max_total_time="$seconds" -artifact_prefix="$root/build/fuzz/crashes/$name-" "$work" 2>&1 | tail -3
  rm -rf "$work"
done
