#!/usr/bin/env bash
# The command line's contract (doc/design.md §6): help, and the exit codes 0 success,
# 1 negative verdict, 2 bad usage or bad input with a message naming file, line, key.
# Usage: cli_test.sh SHOUHU_BINARY SOURCE_DIR
set -uo pipefail
shouhu=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
passed=0

# expect CODE DESCRIPTION -- COMMAND... : runs it, checks the exit code, keeps stderr+stdout in $tmp/out.
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

expect 0 "help" -- "$shouhu" --help
output_has "demo" "help lists the demo"
for cmd in demo market sweep extract "rules run" "rules score" "rules test" "rules check" "certs import" "watchlist import" robots-check "evidence verify"; do
  # shellcheck disable=SC2086
  expect 0 "help of $cmd" -- "$shouhu" $cmd --help
done
expect 2 "no command" -- "$shouhu"
expect 2 "unknown command" -- "$shouhu" frobnicate
expect 2 "missing required option" -- "$shouhu" sweep

robots="$tmp/robots.txt"
printf 'User-agent: *\nDisallow: /cart/\nAllow: /cart/public\n' >"$robots"
expect 0 "robots allowed" -- "$shouhu" robots-check "$robots" shouhu http://mall.tiantu.test/item/1.html
expect 1 "robots disallowed" -- "$shouhu" robots-check "$robots" shouhu http://mall.tiantu.test/cart/x
output_has "line 2" "robots names the deciding line"
expect 0 "robots Allow wins as longer match" -- "$shouhu" robots-check "$robots" shouhu http://mall.tiantu.test/cart/public
expect 2 "robots file missing" -- "$shouhu" robots-check "$tmp/none.txt" shouhu http://x/

expect 0 "rules test on the shipped pack" -- "$shouhu" rules test --rules "$src/config/rules"
output_has "0 failed" "rules test reports its count"

# rules run judges as a sweep would: with a registry (a file, or a database
# holding the import) a certificate held by another company is flagged (T-05);
# a second seller showing it with another producer, later in the batch, is
# flagged for reuse (T-06).
batch="$tmp/batch.jsonl"
cat >"$batch" <<'JSONL'
{"site":"tiantu","item_id":"1","url":"http://mall.tiantu.test/item/1.html","fetched_at":"2026-06-01T00:00:00Z","title":"儿童电动遥控越野车 四驱 可充电","category_path":["玩具","遥控玩具"],"ccc":["2021012202100001"],"manufacturer":{"name":"汕头市澄海区宏达玩具厂"},"shop":{"name":"宏达玩具店"}}
{"site":"tiantu","item_id":"2","url":"http://mall.tiantu.test/item/2.html","fetched_at":"2026-06-01T00:00:00Z","title":"儿童电动遥控越野车 四驱 可充电","category_path":["玩具","遥控玩具"],"ccc":["2021012202100001"],"manufacturer":{"name":"义乌市小甜心工艺品厂"},"shop":{"name":"甜心玩具小铺"}}
JSONL
expect 0 "rules run without a registry" -- "$shouhu" rules run --listings "$batch" --rules "$src/config/rules"
if grep -q '"T-05"' "$tmp/out"; then echo "FAIL: T-05 without a registry"; failures=$((failures + 1)); else passed=$((passed + 1)); fi
output_has '"T-06"' "rules run counts certificate reuse across the batch"
output_has '"group_evidence"' "rules run names the words that placed each listing in its group"
expect 0 "rules run --registry" -- "$shouhu" rules run --listings "$batch" --rules "$src/config/rules" \
  --registry "$src/config/ccc/registry_examples.csv" --watchlist "$src/config/watchlist/demo.csv"
output_has '"T-05"' "rules run --registry flags another holder's certificate"
cp "$tmp/out" "$tmp/out-files"
expect 0 "certs import for rules run --db" -- "$shouhu" certs import "$src/config/ccc/registry_examples.csv" --db "$tmp/judge.db"
expect 0 "watchlist import for rules run --db" -- "$shouhu" watchlist import "$src/config/watchlist/demo.csv" --db "$tmp/judge.db"
expect 0 "rules run --db" -- "$shouhu" rules run --listings "$batch" --rules "$src/config/rules" --db "$tmp/judge.db"
if diff -q "$tmp/out" "$tmp/out-files" >/dev/null; then passed=$((passed + 1)); else
  echo "FAIL: rules run --db and --registry/--watchlist differ"; diff "$tmp/out" "$tmp/out-files" | head; failures=$((failures + 1)); fi
expect 2 "rules run --db excludes --registry" -- "$shouhu" rules run --listings "$batch" --db "$tmp/judge.db" \
  --registry "$src/config/ccc/registry_examples.csv"
expect 2 "rules run --db on a missing database" -- "$shouhu" rules run --listings "$batch" --rules "$src/config/rules" --db "$tmp/none.db"
printf 'number,holder\n1,2\n' >"$tmp/bad-registry.csv"
expect 2 "rules run with a bad registry" -- "$shouhu" rules run --listings "$batch" --rules "$src/config/rules" --registry "$tmp/bad-registry.csv"
output_has "bad-registry.csv" "rules run names the bad registry file"

# rules score: a labelled batch scored per category; thresholds give exit 1,
# a label that is not a category exit 2 naming file and line.
head -1 "$batch" | sed 's/}$/,"expected":["novelty"]}/' >"$tmp/labelled.jsonl"
expect 0 "rules score" -- "$shouhu" rules score --listings "$tmp/labelled.jsonl" --rules "$src/config/rules"
output_has "novelty" "rules score prints the per-category table"
output_has "FN novelty" "rules score lists the disagreement"
expect 1 "rules score under --min-recall" -- "$shouhu" rules score --listings "$tmp/labelled.jsonl" \
  --rules "$src/config/rules" --min-recall 0.9
expect 0 "rules score --json" -- "$shouhu" rules score --listings "$tmp/labelled.jsonl" --rules "$src/config/rules" --json
output_has '"disagreements"' "rules score --json has the disagreements"
head -1 "$batch" | sed 's/}$/,"expected":["nonsense"]}/' >"$tmp/mislabelled.jsonl"
expect 2 "rules score with an unknown category" -- "$shouhu" rules score --listings "$tmp/mislabelled.jsonl" --rules "$src/config/rules"
output_has "mislabelled.jsonl:1" "rules score names the file and line of a bad label"

# rules check, certs import, watchlist import (app/rules_commands.h).
expect 0 "rules check on the shipped pack" -- "$shouhu" rules check --rules "$src/config/rules"
output_has "by category" "rules check prints counts per category"
broken="$tmp/broken-rules"
mkdir -p "$broken"
cp "$src/config/rules/vocabulary.toml" "$broken/"
printf '[pack]\nid = "x"\nvocabulary = "vocabulary.toml"\n\n[[rule]]\nid = "X-01"\nversion = 1\ncategory = "novelty"\nseverity = "low"\ngroups = ["any"]\nmessage = "m"\nbasis = "b"\nwhen = { pattern = "a(b", in = "title" }\n' >"$broken/x.toml"
expect 2 "rules check on a broken pack" -- "$shouhu" rules check --rules "$broken"
output_has "x.toml:5:" "rules check names file and line"
output_has "(rule 'X-01')" "rules check names the rule"
certs="$tmp/certs.csv"
printf 'number,holder,manufacturer,product,models,status,issued_on,expires_on\n2021012202100001,甲公司,甲公司,遥控车,RC-1,有效,2021-03-15,2031-03-14\n' >"$certs"
expect 0 "certs import" -- "$shouhu" certs import "$certs" --db "$tmp/c.db"
output_has "imported 1 certificates" "certs import reports its count"
printf 'number,holder,manufacturer,product,models,status,issued_on,expires_on\n2021012202100001,甲公司,甲公司,遥控车,RC-1,失效,2021-03-15,\n' >"$certs"
expect 2 "certs import of a bad row" -- "$shouhu" certs import "$certs" --db "$tmp/c.db"
output_has "certs.csv:2: field 'status'" "certs import names file, line and field"
expect 0 "watchlist import" -- "$shouhu" watchlist import "$src/config/watchlist/demo.csv" --db "$tmp/c.db"

bad="$tmp/bad-sweep.toml"
printf '[sweep]\nname = "x"\n\n[crawl]\nworkers = "two"\n' >"$bad"
expect 2 "sweep file with a wrong type" -- "$shouhu" sweep --config "$bad"
output_has "bad-sweep.toml:5: key 'crawl.workers'" "sweep error names file, line and key"
printf '[sweep]\nname = "x"\n\n[crawl]\nfrontier_window = 1\n' >"$bad"
expect 2 "sweep file with a frontier window below 2" -- "$shouhu" sweep --config "$bad"
output_has "bad-sweep.toml:5: key 'crawl.frontier_window': must be between 2 and 10000000" "window bound named"
printf '[sweep]\nnmae = "x"\n' >"$bad"
expect 2 "sweep file with an unknown key" -- "$shouhu" sweep --config "$bad"
output_has "bad-sweep.toml:2: key 'sweep.nmae': unknown key" "unknown key named"

page=$(ls "$src"/tests/testdata/sites/tiantu/item*.html 2>/dev/null | head -1)
if [[ -n "$page" ]]; then
  expect 0 "extract a saved tiantu page" -- "$shouhu" extract --site "$src/config/sites/tiantu.toml" \
    --html "$page" --url "http://mall.tiantu.test/item/$(basename "$page" .html | sed s/item_//).html"
  output_has '"standards"' "extract prints the Listing JSON"
fi
expect 2 "extract a missing file" -- "$shouhu" extract --site "$src/config/sites/tiantu.toml" \
  --html "$tmp/none.html" --url http://mall.tiantu.test/item/1.html

expect 2 "verify a missing database" -- "$shouhu" evidence verify --db "$tmp/none.db"

echo "cli: $passed passed, $failures failed"
[[ $failures -eq 0 ]]
