#!/usr/bin/env bash
# fuzz/run.sh TARGET [SECONDS] [extra libFuzzer flags…] — runs one fuzz target from a
# REPORTX_FUZZ build (build-fuzz/ unless BUILD= says otherwise), one job, with the
# dictionary, the seeds copied from fixtures/, and a corpus of its own that grows in
# BUILD/fuzz/corpus/TARGET (never committed). Crashes land in BUILD/fuzz/crashes/; the log
# in BUILD/fuzz/logs/TARGET.log. Build first:
#   CC=clang cmake -S . -B build-fuzz -DREPORTX_FUZZ=ON && cmake --build build-fuzz -j
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
build="${BUILD:-$here/../build-fuzz}"
target="$1"; shift
secs="${1:-300}"; [ $# -gt 0 ] && shift
d="$build/fuzz"
mkdir -p "$d/corpus/$target" "$d/crashes" "$d/logs"
cd "$d/logs"
rm -f fuzz-0.log
"$d/fuzz-$target" -dict="$here/reportx.dict" -max_total_time="$secs" -jobs=1 -workers=1 \
  -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
  -artifact_prefix="$d/crashes/$target-" "$@" "$d/corpus/$target" "$d/seeds" \
  >"$d/logs/$target.driver.log" 2>&1 || true
# with -jobs the fuzzer's own output goes to fuzz-0.log in the working directory
if [ -f fuzz-0.log ]; then mv fuzz-0.log "$d/logs/$target.log"; else cp "$d/logs/$target.driver.log" "$d/logs/$target.log"; fi
grep -E "DONE|stat::|ERROR|SUMMARY" "$d/logs/$target.log" | tail -12
ls "$d/crashes" | grep "^$target-" || true
