#!/usr/bin/env bash
# `shouhu console` as a user runs it: an account added from the command line, the
# server on a free loopback port, a login over real HTTP, a clean stop on SIGTERM.
#   tests/cli_console_test.sh SHOUHU_BINARY
set -euo pipefail
shouhu=$1
tmp=$(mktemp -d)
pid=""
cleanup() { [[ -n "$pid" ]] && kill "$pid" 2>/dev/null || true; rm -rf "$tmp"; }
trap cleanup EXIT
fail=0
ok() { echo "ok   $1"; }
bad() { echo "FAIL $1"; fail=1; }

db=$tmp/shouhu.db
# No database yet: a clear error, exit 2.
set +e
"$shouhu" console --db "$db" --listen 127.0.0.1:0 >/dev/null 2>"$tmp/nodb.err"
rc=$?
set -e
[[ $rc -eq 2 ]] && grep -q "no such database" "$tmp/nodb.err" && ok "no database: exit 2" || bad "no database: exit $rc"

printf 'a long enough password\n' | "$shouhu" console user add wang --role inspector --db "$db" >/dev/null
set +e
printf 'a long enough password\n' | "$shouhu" console user add boss --role chief --db "$db" 2>"$tmp/role.err" >/dev/null
rc=$?
printf 'short\n' | "$shouhu" console user add li --role admin --db "$db" 2>"$tmp/short.err" >/dev/null
rc2=$?
set -e
[[ $rc -eq 2 ]] && grep -q "role 'chief'" "$tmp/role.err" && ok "bad role: exit 2" || bad "bad role: exit $rc"
[[ $rc2 -eq 2 ]] && grep -q "at least" "$tmp/short.err" && ok "short password: exit 2" || bad "short password: exit $rc2"

"$shouhu" console --db "$db" --listen 127.0.0.1:0 >"$tmp/console.out" 2>&1 &
pid=$!
for _ in $(seq 1 100); do grep -q "http://" "$tmp/console.out" && break; sleep 0.1; done
url=$(grep -o 'http://[0-9.]*:[0-9]*/' "$tmp/console.out" | head -1)
[[ -n "$url" ]] && ok "serving at $url" || { bad "no URL printed"; cat "$tmp/console.out"; exit 1; }

if python3 - "$url" <<'PY'
import http.cookiejar, re, sys, urllib.parse, urllib.request
base = sys.argv[1]
jar = http.cookiejar.CookieJar()
opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
page = opener.open(base + "login").read().decode()
csrf = re.search(r'name="csrf" value="([0-9a-f]{64})"', page).group(1)
data = urllib.parse.urlencode({"csrf": csrf, "name": "wang", "password": "a long enough password"}).encode()
queue = opener.open(base + "login", data).read().decode()  # follows the 303 to the queue
assert "审核队列" in queue, queue[:400]
assert any(c.name == "shouhu_session" for c in jar), list(jar)
PY
then ok "login over HTTP reaches the queue"; else bad "login over HTTP"; fi

kill -TERM "$pid"
for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$pid" 2>/dev/null; then bad "still running 5 s after SIGTERM"; else
  wait "$pid" && rc=0 || rc=$?
  pid=""
  [[ $rc -eq 0 ]] && grep -q "stopped" "$tmp/console.out" && ok "SIGTERM: clean stop" || bad "SIGTERM: exit $rc"
fi
exit $fail
