#!/usr/bin/env bash
# The crawler's and the pipeline's tests under ThreadSanitizer (the `tsan`
# preset): the event loop, its workers, the storage writer and the journal all
# run on threads of their own, so a data race there is a correctness bug.
# Run by .ci/run; any report fails it.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh"
build="$root/build/tsan"
cmake --preset tsan -S "$root" >/dev/null
tests=(crawler_test pipeline_unit_test pipeline_test)
cmake --build "$build" -j"$(nproc)" --target "${tests[@]}" shouhu-market
export TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1"
cd "$build"
for t in "${tests[@]}"; do
  bin=$(find "$build" -maxdepth 3 -type f -executable -name "$t" | head -1)
  echo "== tsan: $t"
  # Three fetcher tests bound real latency, which TSan's slowdown distorts;
  # the -Werror build runs them.
  "$bin" --gtest_brief=1 \
    --gtest_filter='-FetcherTest.SequentialFetchLatencyStaysLow:FetcherTest.ManyConcurrentRequestsOnOneThread:FetcherTest.TotalTimeoutEndsSlowResponse'
done
