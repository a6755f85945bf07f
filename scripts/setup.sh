#!/usr/bin/env bash
# Installs every Debian 12 package the build, the demo and the tests need.
# Idempotent: quiet and without network access when everything is present.
# Needs root (or sudo) only when something is missing.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git ca-certificates
  libcurl4-openssl-dev      # fetcher (multi_socket API)
  libboost-dev              # Asio event loop, Beast (demo marketplace)
  libgumbo-dev              # HTML5 parsing
  libre2-dev                # rules, URL patterns
  libsqlitecpp-dev libsqlite3-dev   # storage
  libtomlplusplus-dev       # site profiles, rule packs, sweep configs
  nlohmann-json3-dev        # JSON-LD, embedded state, exports
  libcli11-dev              # command line
  libspdlog-dev libfmt-dev  # logging
  libssl-dev                # SHA-1 / SHA-256 digests
  libsodium-dev             # review console: password hashing (crypto_pwhash), tokens
  zlib1g-dev                # gzip members in WARC files
  libicu-dev                # NFKC normalisation
  libopencc-dev libopencc-data   # traditional -> simplified
  libgtest-dev libgmock-dev libbenchmark-dev   # tests, benchmarks
  python3                   # ground-truth helpers, the layering check
  clang-format              # the format check (scripts/format.sh --check)
)
# `setup.sh --fuzz`: also clang and its libFuzzer runtime (scripts/fuzz.sh, the `fuzz` preset).
if [[ "${1:-}" == "--fuzz" ]]; then
  packages+=(clang libclang-rt-14-dev)
fi
# Node.js runs the independent WARC reader (npm warcio) in the tests; a machine
# that already has a node (any source) keeps it.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  packages+=(nodejs npm)
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  SUDO=""
  if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The WARC reader used by the tests (tests/warc_check): npm packages, pinned by package-lock.json.
here=$(cd "$(dirname "$0")/.." && pwd)
if [[ -f "$here/tests/warc_check/package-lock.json" && ! -d "$here/tests/warc_check/node_modules/warcio" ]]; then
  echo "setup: installing tests/warc_check node packages"
  (cd "$here/tests/warc_check" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi
