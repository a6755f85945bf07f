#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan + UBSan; the `fuzz` preset) and runs each
# for a while on its seed corpus. Crashes are written to build/fuzz/crashes/ and
# fail the script.
#   scripts/fuzz.sh [SECONDS_PER_TARGET]     (default 60)
#   scripts/fuzz.sh --smoke                  (10 s each: CI's smoke run)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-60}
[[ "$seconds" == "--smoke" ]] && seconds=10
"$root/scripts/setup.sh" --fuzz
cmake --preset fuzz -S "$root" >/dev/null
# Only the fuzzers (and the libraries they link), not the whole tree.
mapfile -t fuzzers < <(ninja -C "$root/build/fuzz" -t targets all | sed -n 's/^\([a-z_]*_fuzzer\): phony$/\1/p' |
  grep -v '^cmake_' | sort -u)
if ((${#fuzzers[@]} == 0)); then
  echo "fuzz: no *_fuzzer targets configured" >&2
  exit 1
fi
cmake --build "$root/build/fuzz" -j"$(nproc)" --target "${fuzzers[@]}"
mkdir -p "$root/build/fuzz/crashes"
for name in "${fuzzers[@]}"; do
  fuzzer=$(find "$root/build/fuzz" -maxdepth 3 -type f -executable -name "$name" | head -1)
  short=${name%_fuzzer}
  corpus="$root/tests/testdata/fuzz/$short"
  work=$(mktemp -d)
  [[ -d "$corpus" ]] && cp -r "$corpus"/. "$work"/
  echo "== fuzz: $short (${seconds}s)"
  if ! "$fuzzer" -max_total_time="$seconds" -artifact_prefix="$root/build/fuzz/crashes/$short-" "$work" \
      >"$work.log" 2>&1; then
    tail -40 "$work.log"
    echo "fuzz: $short failed; the input is in build/fuzz/crashes/" >&2
    rm -rf "$work" "$work.log"
    exit 1
  fi
  tail -2 "$work.log"
  rm -rf "$work" "$work.log"
done
