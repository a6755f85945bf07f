#!/usr/bin/env bash
# Evidence from the command line (doc/design.md §5.4, §6), end to end on a small demo:
# review list/decide, listing show, case export (folder and zip), evidence
# verify --case on an untouched and a tampered case, and the exit codes
# 0 success, 1 negative verdict, 2 bad usage or bad input. When node and
# tests/warc_check/node_modules are present, the case's WARC file is also read
# by warcio (an independent reader); python3's zipfile tests the zip.
# Usage: cli_evidence_test.sh SHOUHU_BINARY SOURCE_DIR
set -uo pipefail
shouhu=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
passed=0

# expect CODE DESCRIPTION -- COMMAND... : runs it, checks the exit code, keeps output in $tmp/out.
expect() {
  local want=$1 what=$2
  shift 3
  "$@" >"$tmp/out" 2>&1
  local got=$?
  if [[ $got -ne $want ]]; then
    echo "FAIL: $what: exit $got, want $want"; sed 's/^/    /' "$tmp/out" | head -20
    failures=$((failures + 1))
  else
    passed=$((passed + 1))
  fi
}
# output_has TEXT DESCRIPTION : the last command's output contains TEXT.
output_has() {
  if grep -qF -- "$1" "$tmp/out"; then passed=$((passed + 1)); else
    echo "FAIL: $2: output lacks '$1'"; sed 's/^/    /' "$tmp/out" | head -20
    failures=$((failures + 1))
  fi
}

db="$tmp/demo/shouhu.db"
expect 0 "demo sweep" -- "$shouhu" demo --listings 30 --out "$tmp/demo" --no-faults --config-dir "$src/config"
expect 0 "review list" -- "$shouhu" review list --db "$db"
output_has "without a decision" "review list summary line"
expect 0 "review list --severity --json" -- "$shouhu" review list --db "$db" --json --severity high
expect 0 "review list --json" -- "$shouhu" review list --db "$db" --json
first=$(head -1 "$tmp/out")
finding=$(printf '%s' "$first" | sed -n 's/.*"finding_id":\([0-9]*\).*/\1/p')
listing=$(printf '%s' "$first" | sed -n 's/.*"listing_id":\([0-9]*\).*/\1/p')
if [[ -z "$finding" || -z "$listing" ]]; then
  echo "FAIL: the demo produced no finding to review"; exit 1
fi
expect 2 "unknown category" -- "$shouhu" review list --db "$db" --category nonsense
output_has "--category 'nonsense'" "bad category is named"

expect 0 "review decide" -- "$shouhu" review decide "$finding" confirm --inspector 王检查员 --note "标签缺失 <b>" --db "$db"
output_has "ledger entry" "decision names its ledger entry"
expect 2 "decision kind" -- "$shouhu" review decide "$finding" approve --inspector x --db "$db"
expect 2 "missing finding" -- "$shouhu" review decide 999999 dismiss --inspector x --db "$db"
output_has "finding 999999" "missing finding is named"
expect 0 "review list shows the decision" -- "$shouhu" review list --db "$db"
output_has "confirm by 王检查员" "last decision shown"
expect 0 "ledger still verifies with the decision" -- "$shouhu" evidence verify --db "$db"

expect 0 "listing show" -- "$shouhu" listing show "$listing" --db "$db"
output_has "first capture" "listing show lists captures"
output_has "#$finding" "listing show lists finding ids"
expect 2 "listing show of a missing listing" -- "$shouhu" listing show 999999 --db "$db"
expect 2 "listing show on a missing database" -- "$shouhu" listing show 1 --db "$tmp/none.db"

expect 0 "case export" -- "$shouhu" case export --listing "$listing" --out "$tmp/case" --db "$db" --operator 张三
expect 2 "case export over an existing case" -- "$shouhu" case export --listing "$listing" --out "$tmp/case" --db "$db"
expect 0 "case export --zip" -- "$shouhu" case export --listing "$listing" --out "$tmp/case" --zip --db "$db"
expect 0 "verify --case folder" -- "$shouhu" evidence verify --case "$tmp/case"
output_has "case OK" "verify says OK"
expect 0 "verify --case zip" -- "$shouhu" evidence verify --case "$tmp/case.zip"
if grep -qF "王检查员" "$tmp/case/reviews.json"; then passed=$((passed + 1)); else
  echo "FAIL: the decision is not in reviews.json"; failures=$((failures + 1)); fi
if grep -qF "&lt;b&gt;" "$tmp/case/summary.html"; then passed=$((passed + 1)); else
  echo "FAIL: the note is not escaped in summary.html"; failures=$((failures + 1)); fi
if command -v python3 >/dev/null; then
  expect 0 "python3 zipfile -t" -- python3 -m zipfile -t "$tmp/case.zip"
fi
if command -v node >/dev/null && [[ -d "$src/tests/warc_check/node_modules/warcio" ]]; then
  expect 0 "warcio reads the case WARC" -- node "$src/tests/warc_check/check.mjs" "$tmp/case/evidence.warc.gz"
else
  echo "note: node or tests/warc_check/node_modules missing; warcio check of the case skipped"
fi

# Tampering: one flipped byte in the WARC, an edited listing.json, a removed file.
cp -r "$tmp/case" "$tmp/t1"
python3 - "$tmp/t1/evidence.warc.gz" <<'PY'
import sys
p = sys.argv[1]
b = bytearray(open(p, 'rb').read())
b[len(b) // 2] ^= 1
open(p, 'wb').write(bytes(b))
PY
expect 1 "verify --case with a flipped WARC byte" -- "$shouhu" evidence verify --case "$tmp/t1"
output_has "evidence.warc.gz" "flipped byte names the WARC file"
cp -r "$tmp/case" "$tmp/t2"
sed -i 's/"item_id"/"item_Id"/' "$tmp/t2/listing.json"
expect 1 "verify --case with an edited listing.json" -- "$shouhu" evidence verify --case "$tmp/t2"
output_has "listing.json" "edit names listing.json"
cp -r "$tmp/case" "$tmp/t3"
rm "$tmp/t3/findings.json"
expect 1 "verify --case with a removed file" -- "$shouhu" evidence verify --case "$tmp/t3"
output_has "findings.json" "removal names the file"
expect 2 "verify --case of nothing" -- "$shouhu" evidence verify --case "$tmp/nowhere"
expect 2 "verify with neither --db nor --case" -- "$shouhu" evidence verify

echo "cli_evidence_test: $passed checks passed, $failures failed"
[[ $failures -eq 0 ]]
