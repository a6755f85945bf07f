# Sourced by the crawl benchmarks: the throughput sweep they run against a demo
# market on loopback (politeness off, workers 2, 32 fetches in flight).
#
# bench_sites DIR PORT: copies of the site profiles with the port added to every
#   demo-host URL (seeds and sitemaps), as `shouhu demo` does in code: a sweep
#   file can override a site's seeds but not its sitemaps, and a port-less
#   sitemap URL names another origin (port 80) whose robots.txt never answers.
#   Prints the [[site]] tables that name them.
# bench_sweep_toml NAME OUT_DIR PORT SITES: the sweep file, on stdout.
bench_sites() {
  local dir=$1 port=$2 s
  mkdir -p "$dir"
  for s in tiantu kuaigou lanmao; do
    sed -E "s#http://(mall\.tiantu\.test|m\.kuaigou\.test|www\.lanmao\.test)/#http://\1:$port/#g" \
      "$root/config/sites/$s.toml" >"$dir/$s.toml"
    printf '\n[[site]]\nprofile = "%s"\n' "$dir/$s.toml"
  done
}

bench_sweep_toml() {
  local name=$1 out=$2 port=$3 sites=$4
  cat <<TOML
[sweep]
name = "$name"
db = "$out/shouhu.db"
warc_dir = "$out/warc"
rules = "$root/config/rules"
operator = "bench"

[crawl]
user_agent = "shouhu/0.1 (+bench)"
workers = 2
max_in_flight = 32
politeness = false
allow_private = true
resolve = ["mall.tiantu.test:$port:127.0.0.1", "m.kuaigou.test:$port:127.0.0.1", "www.lanmao.test:$port:127.0.0.1"]
$sites
TOML
}
