#!/usr/bin/env bash
# kill -9 and resume (doc/design.md §8): a sweep killed with SIGKILL at several points
# and run again completes with every listing stored exactly once, one sweep in
# the database, nothing fetched twice but what was in flight at each kill, and an
# evidence chain that verifies.
# Usage: resume_test.sh SHOUHU_BINARY SOURCE_DIR
set -uo pipefail
shouhu=$1
src=$2
tmp=$(mktemp -d)
market=""
cleanup() {
  [[ -n "$market" ]] && kill "$market" 2>/dev/null && wait "$market" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; [[ -f "$tmp/final.log" ]] && sed 's/^/    /' "$tmp/final.log" | tail -30; exit 1; }

listings=2400
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$shouhu" market --port "$port" --listings "$listings" --no-faults --threads 2 >"$tmp/market.log" 2>&1 &
market=$!
for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done

cat >"$tmp/sweep.toml" <<TOML
[sweep]
name = "resume-test"
db = "shouhu.db"
warc_dir = "warc"
rules = "$src/config/rules"

[crawl]
allow_private = true
workers = 2
# Most of the frontier lives only in the database, so the kills land while
# queues are spilled and the resume reads them back from the file.
frontier_window = 16
resolve = ["mall.tiantu.test:$port:127.0.0.1", "m.kuaigou.test:$port:127.0.0.1", "www.lanmao.test:$port:127.0.0.1"]

[[site]]
profile = "$src/config/sites/tiantu.toml"
seeds = ["http://mall.tiantu.test:$port/"]
sitemaps = ["http://mall.tiantu.test:$port/sitemap.xml"]

[[site]]
profile = "$src/config/sites/kuaigou.toml"
seeds = ["http://m.kuaigou.test:$port/"]
sitemaps = ["http://m.kuaigou.test:$port/sitemap.xml"]

[[site]]
profile = "$src/config/sites/lanmao.toml"
seeds = ["http://www.lanmao.test:$port/"]
sitemaps = ["http://www.lanmao.test:$port/sitemap.xml"]
TOML

"$shouhu" sweep --config "$tmp/sweep.toml" --resume >"$tmp/run.log" 2>&1
[[ $? -eq 2 ]] || fail "--resume with nothing to resume must be bad input (exit 2)"
grep -q "no interrupted sweep named 'resume-test'" "$tmp/run.log" || fail "--resume error names the sweep"

kills=0
for t in 0.4 0.8 0.8 0.8; do
  "$shouhu" sweep --config "$tmp/sweep.toml" >"$tmp/run.log" 2>&1 &
  pid=$!
  sleep "$t"
  if kill -9 "$pid" 2>/dev/null; then kills=$((kills + 1)); fi
  wait "$pid" 2>/dev/null
done
"$shouhu" sweep --config "$tmp/sweep.toml" >"$tmp/final.log" 2>&1 || fail "the resumed sweep did not finish"
echo "killed $kills times; final run:"
grep -E "^sweep|resumed|listings stored|pages fetched" "$tmp/final.log" | sed 's/^/    /'
[[ $kills -ge 2 ]] || fail "the sweep finished before it could be killed twice; kill earlier"

python3 - "$tmp/shouhu.db" "$listings" "$kills" <<'PY' || fail "database check"
import sqlite3, sys
db, listings, kills = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
c = sqlite3.connect(db)
sweeps = c.execute("SELECT id, status FROM sweeps").fetchall()
assert len(sweeps) == 1 and sweeps[0][1] == "finished", f"sweeps: {sweeps}"
n = c.execute("SELECT COUNT(*) FROM listings").fetchone()[0]
seen = c.execute("SELECT COUNT(*) FROM listing_sightings WHERE sweep_id = 1").fetchone()[0]
versions = c.execute("SELECT COUNT(*) FROM listing_versions").fetchone()[0]
assert n == listings, f"{n} listings stored, want {listings}"
assert seen == listings and versions == listings, f"sightings {seen}, versions {versions}, want {listings} each"
seqs = c.execute("SELECT COUNT(*), COUNT(DISTINCT seq) FROM frontier WHERE sweep_id = 1").fetchone()
assert seqs[0] == seqs[1], f"frontier seq not unique: {seqs}"
unfinished = c.execute("SELECT COUNT(*) FROM frontier WHERE sweep_id = 1 AND state != 3").fetchone()[0]
twice = c.execute("SELECT COUNT(*) FROM (SELECT url FROM fetches WHERE sweep_id = 1 "
                  "GROUP BY url HAVING COUNT(*) > 1)").fetchone()[0]
total = c.execute("SELECT COUNT(*) FROM fetches WHERE sweep_id = 1").fetchone()[0]
print(f"    {n} listings, {total} fetches, {twice} URLs fetched twice over {kills} kills, "
      f"{unfinished} frontier rows unfinished")
# In flight at a kill: up to 16 fetches, 8 pages queued for workers and what the
# writer had not yet committed (batches of at most 200 ms). 60 per kill is far
# below a restart from scratch (every page fetched so far, again).
assert twice <= 60 * kills, f"{twice} URLs fetched twice"
PY
"$shouhu" evidence verify --db "$tmp/shouhu.db" >"$tmp/verify.log" 2>&1 || { cat "$tmp/verify.log"; fail "evidence verify"; }
echo "resume: 1 passed, 0 failed"
