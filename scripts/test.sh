#!/usr/bin/env bash
# One command from a clone to a passing test suite: installs what is missing,
# checks formatting and layering, builds with warnings as errors, runs the rule
# pack's own examples and ctest.
# The last line is ctest's summary.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh"
build="$root/build/ci"
echo "== format (scripts/format.sh --check)"
"$root/scripts/format.sh" --check
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DSHOUHU_BUILD_TESTS=ON -DSHOUHU_WERROR=ON >/dev/null
echo "== layers (scripts/check-layers.sh)"
"$root/scripts/check-layers.sh" "$build"
cmake --build "$build" -j"$(nproc)"
cd "$root"
echo "== shouhu rules test (the rule pack's own examples)"
"$build/app/shouhu" rules test --rules "$root/config/rules"
echo "== ctest"
cd "$build"
ctest --output-on-failure -j"$(nproc)" --timeout 600
