#!/usr/bin/env bash
# Fails on an include edge that CMake does not declare or that points up, and on
# a library file outside its folder's namespace (scripts/check_layers.py).
#   scripts/check-layers.sh [BUILD_DIR]   (default build/ci; configured if needed)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build/ci}
mkdir -p "$build/.cmake/api/v1/query"
touch "$build/.cmake/api/v1/query/codemodel-v2"
# Re-run the configure step so the reply matches the tree (fast when configured).
cmake -S "$root" -B "$build" >/dev/null
exec python3 "$root/scripts/check_layers.py" "$root" "$build"
