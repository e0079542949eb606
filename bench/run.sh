#!/bin/sh
# bench/run.sh — reportx throughput, scaling and peak memory against grep -oP, in one run.
#
#   bench/run.sh            from a clean clone: tools, Release build, corpus, measurements
#
# Environment:
#   REPORTX_BENCH_DIR    corpus and results (default /tmp/reportx-bench; never inside the repo)
#   REPORTX_BENCH_BUILD  build directory (default build-bench)
#   REPORTX_BENCH_CMAKE  extra CMake arguments (e.g. -DREPORTX_WERROR=ON)
#   REPORTX_BENCH_QUICK  1: skip the scaling series (20/100 MB folders, 10/50 MB files)
#   REPORTX_BENCH_COMMIT the commit measured, when the tree is not a git checkout
#   REPORTX_BENCH_NICE   run the measurements under `nice -n VALUE` (e.g. -10 as root, on a
#                        machine shared with other work); recorded with the results
#   REPORTX_BENCH_AUTOGROUP  nice value for this session's scheduling group while measuring
#                        (Linux autogroup: sessions share the CPUs evenly whatever `nice` says,
#                        so with another session busy, -j 2 gets one CPU); restored at the end
#
# What it does (docs/performance.md explains the figures):
#   1. installs what is missing (scripts/bootstrap.sh for the build, then hyperfine and GNU
#      time) with apt-get, and builds a Release reportx in build-bench;
#   2. generates the corpus with bench/gen_corpus.py (seeded; reused when up to date);
#   3. times with hyperfine, side by side in one invocation per input, output fed through a
#      pipe (--output=pipe: grep stops at the first match when its output is /dev/null):
#        reportx -j 1 -q --jsonl FOLDER, reportx -j 2 -q --jsonl FOLDER, grep -rhoP PATTERN FOLDER
#        reportx -q LARGE (indented JSON), grep -hoP PATTERN LARGE
#      and the same at three sizes (folders of 20, 100, 200 MB; files of 10, 50, 100 MB),
#      plus -j 1 / -j 2 on the first 1,000 reports;
#   4. measures peak memory (maximum resident set size) with /usr/bin/time -v;
#   5. prints input MB/s, the ratio to grep, the -j 2 / -j 1 speed-up, peak memory, the
#      targets, and writes everything under REPORTX_BENCH_DIR/results/DATE/.
set -eu
cd "$(dirname "$0")/.."
root=$(pwd)
dir=${REPORTX_BENCH_DIR:-/tmp/reportx-bench}
build=${REPORTX_BENCH_BUILD:-build-bench}
quick=${REPORTX_BENCH_QUICK:-0}

# ---- 1. tools and build
scripts/bootstrap.sh "$build" -DCMAKE_BUILD_TYPE=Release -DREPORTX_TESTS=OFF ${REPORTX_BENCH_CMAKE:-}
missing=""
for p in hyperfine time python3; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  echo "bench: installing$missing" >&2
  if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
  $sudo apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >&2
fi
rx="$root/$build/reportx"
[ -x "$rx" ] || { echo "bench: $rx was not built" >&2; exit 1; }

# the emitter alone (optional: it links the library's internals)
emit=""
if cc -O2 -std=c11 -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L -Iinclude -Isrc -I"$build/generated" \
    bench/emit_bench.c "$build/libreportx.a" $(pkg-config --libs libcjson libpcre2-8) -lpthread \
    -o "$build/emit_bench" 2>/dev/null; then
  emit="$root/$build/emit_bench"
fi

# ---- 2. corpus
python3 bench/gen_corpus.py --out "$dir"

# ---- 3. and 4. measurements
export LC_ALL=C.UTF-8 # grep -P reads UTF-8 (the pattern holds Chinese and full-width characters)
stamp=$(date -u +%Y%m%dT%H%M%SZ)
res="$dir/results/$stamp"
mkdir -p "$res"
pattern='[0-9０-９.]+(万|亿)?(亩|吨|万元|元|户|人次|人|公里|%|％|个|处|次)'
if [ -n "${REPORTX_BENCH_COMMIT:-}" ]; then # measuring an exported tree (git archive)
  commit=$REPORTX_BENCH_COMMIT dirty=""
else
  commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
  dirty=$(git status --porcelain --untracked-files=no 2>/dev/null | grep -q . && echo " (working tree modified)" || true)
fi
{
  echo "date	$(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "commit	$commit$dirty"
  echo "nproc	$(nproc)"
  echo "cpu	$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
  echo "memory	$(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"
  echo "kernel	$(uname -sr)"
  echo "grep	$(grep --version | head -1)"
  echo "hyperfine	$(hyperfine --version)"
  echo "load	$(cut -d' ' -f1-3 /proc/loadavg)"
  echo "pattern	$pattern"
} > "$res/meta.tsv"
cp "$dir/manifest.tsv" "$res/"

nice=""
[ -n "${REPORTX_BENCH_NICE:-}" ] && nice="nice -n $REPORTX_BENCH_NICE"
echo "nice	${REPORTX_BENCH_NICE:-0}" >> "$res/meta.tsv"
ag=/proc/self/autogroup
if [ -n "${REPORTX_BENCH_AUTOGROUP:-}" ] && [ -w "$ag" ]; then
  ag_old=$(sed -n 's/.* nice //p' "$ag")
  trap 'echo "${ag_old:-0}" > "$ag" 2>/dev/null || true' EXIT
  echo "$REPORTX_BENCH_AUTOGROUP" > "$ag"
  echo "autogroup	$(cat "$ag")" >> "$res/meta.tsv"
fi
hf() { # NAME RUNS COMMAND... — one hyperfine invocation, commands side by side
  name=$1 runs=$2
  shift 2
  echo "bench: $name" >&2
  $nice hyperfine --runs "$runs" --warmup 1 --ignore-failure --output=pipe --style basic --export-json "$res/hf-$name.json" "$@" >&2
}
mem() { # NAME COMMAND... — peak resident memory of one run
  name=$1
  shift
  $nice /usr/bin/time -v "$@" > /dev/null 2> "$res/mem-$name.txt" || true
  grep -q 'Maximum resident' "$res/mem-$name.txt" || { echo "bench: no memory figure for $name" >&2; }
}

F="$dir/folder-200"
L="$dir/large-100.txt"
hf folder-200 3 -n "reportx -j 1" "$rx -j 1 -q --jsonl $F" -n "reportx -j 2" "$rx -j 2 -q --jsonl $F" \
  -n "grep -oP" "grep -rhoP '$pattern' $F"
hf large-100 3 -n "reportx" "$rx -q $L" -n "grep -oP" "grep -hoP '$pattern' $L"
hf folder-1000files 3 -n "reportx -j 1" "$rx -j 1 -q --jsonl $dir/folder-1000files" \
  -n "reportx -j 2" "$rx -j 2 -q --jsonl $dir/folder-1000files"
mem folder-200-j1 "$rx" -j 1 -q --jsonl "$F"
mem folder-200-j2 "$rx" -j 2 -q --jsonl "$F"
mem large-100 "$rx" -q "$L"
if [ "$quick" != 1 ]; then
  for mb in 20 100; do
    hf "folder-$mb" 3 -n "reportx -j 1" "$rx -j 1 -q --jsonl $dir/folder-$mb" \
      -n "grep -oP" "grep -rhoP '$pattern' $dir/folder-$mb"
    mem "folder-$mb-j1" "$rx" -j 1 -q --jsonl "$dir/folder-$mb"
  done
  for mb in 10 50; do
    hf "large-$mb" 3 -n "reportx" "$rx -q $dir/large-$mb.txt" -n "grep -oP" "grep -hoP '$pattern' $dir/large-$mb.txt"
    mem "large-$mb" "$rx" -q "$dir/large-$mb.txt"
  done
fi
if [ -n "$emit" ]; then # the JSON emitter alone, on the first 400 reports (CPU time)
  set -- "$F"/d00[0-3]/*.txt
  "$emit" -n 3 -c "$@" > "$res/emit-compact.txt" 2>&1 || true
  "$emit" -n 3 -i "$@" > "$res/emit-indented.txt" 2>&1 || true
fi

# ---- 5. report
python3 bench/summarize.py "$res" | tee "$res/summary.txt"
echo "bench: results in $res" >&2
