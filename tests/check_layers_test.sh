#!/usr/bin/env bash
# scripts/check_layers.py must catch what it is for: a tiny CMake project whose
# base/ includes config/ (upward, and not linked) and whose config/ opens the
# wrong namespace fails the check; the same project made right passes.
# Usage: check_layers_test.sh SOURCE_DIR
set -uo pipefail
src=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0

make_project() {  # make_project DIR BASE_INCLUDES_CONFIG(0|1) CONFIG_NAMESPACE
  local dir=$1
  mkdir -p "$dir/base" "$dir/config"
  cat >"$dir/CMakeLists.txt" <<'CM'
cmake_minimum_required(VERSION 3.25)
project(layers_fixture CXX)
add_library(shouhu_base STATIC base/a.cc)
target_include_directories(shouhu_base PUBLIC ${PROJECT_SOURCE_DIR})
add_library(shouhu_config STATIC config/c.cc)
target_link_libraries(shouhu_config PUBLIC shouhu_base)
CM
  printf '#pragma once\nnamespace shouhu { int A(); }\n' >"$dir/base/a.h"
  printf '#pragma once\nnamespace %s { int C(); }\n' "$3" >"$dir/config/c.h"
  if [[ $2 == 1 ]]; then
    printf '#include "base/a.h"\n#include "config/c.h"\nnamespace shouhu { int A() { return 1; } }\n' >"$dir/base/a.cc"
  else
    printf '#include "base/a.h"\nnamespace shouhu { int A() { return 1; } }\n' >"$dir/base/a.cc"
  fi
  printf '#include "config/c.h"\n#include "base/a.h"\nnamespace %s { int C() { return 2; } }\n' "$3" >"$dir/config/c.cc"
  mkdir -p "$dir/build/.cmake/api/v1/query"
  touch "$dir/build/.cmake/api/v1/query/codemodel-v2"
  cmake -S "$dir" -B "$dir/build" >/dev/null || exit 2
}

make_project "$tmp/good" 0 "shouhu::config"
if ! python3 "$src/scripts/check_layers.py" "$tmp/good" "$tmp/good/build" >"$tmp/out" 2>&1; then
  echo "FAIL: a correct project was refused:"; cat "$tmp/out"; failures=$((failures + 1))
fi

make_project "$tmp/bad" 1 "shouhu::cfg"
if python3 "$src/scripts/check_layers.py" "$tmp/bad" "$tmp/bad/build" >"$tmp/out" 2>&1; then
  echo "FAIL: a broken project passed"; failures=$((failures + 1))
fi
for want in "undeclared base/a.cc:2: includes config/c.h" "upward     base/a.cc:2: base/ includes config/c.h" \
            "namespace  config/c.cc:3: namespace shouhu::cfg"; do
  grep -qF -- "$want" "$tmp/out" || { echo "FAIL: no '$want' in:"; cat "$tmp/out"; failures=$((failures + 1)); }
done
((failures == 0)) && echo "check_layers_test: ok"
exit $((failures > 0))
