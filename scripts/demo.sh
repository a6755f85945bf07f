#!/usr/bin/env bash
# One command from a clone to a finished demo sweep: installs what is missing,
# builds the Release binary and runs `shouhu demo` (extra arguments pass through).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh"
cmake -S "$root" -B "$root/build/release" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DSHOUHU_BUILD_TESTS=OFF >/dev/null
cmake --build "$root/build/release" --target shouhu -j"$(nproc)"
cd "$root"
exec "$root/build/release/app/shouhu" demo "$@"
