#!/usr/bin/env bash
# What the demo marketplace costs to serve: item and list page rendering, per platform.
set -euo pipefail
"$SHOUHU_BENCH_BUILD/tests/market/market_bench" --benchmark_min_time=0.5
