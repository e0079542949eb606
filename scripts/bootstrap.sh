#!/bin/sh
# Installs what reportx needs that is missing (Debian/Ubuntu), then configures and builds it.
#   scripts/bootstrap.sh [BUILD_DIR [CMAKE_ARGS...]]     (default BUILD_DIR: build)
set -eu
cd "$(dirname "$0")/.."
build=${1:-build}
[ $# -gt 0 ] && shift

pkgs="build-essential cmake pkg-config libpcre2-dev libcjson-dev libcmocka-dev python3 valgrind"
missing=""
for p in $pkgs; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  echo "bootstrap: installing$missing" >&2
  if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
  $sudo apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >&2
fi

cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >&2
cmake --build "$build" -j"$(nproc 2>/dev/null || echo 2)" >&2
