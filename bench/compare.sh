#!/bin/sh
# bench/compare.sh [BASE] — are this tree's outputs byte for byte those of commit BASE?
#
# Speed work must not change a byte of what reportx prints. This builds BASE (default HEAD~1)
# in a temporary worktree and the working tree, both Release, and compares their output over
# a generated corpus (bench/gen_corpus.py with its own seed, so not the corpus the changes were
# measured on), the fixtures and, when it is there, ../shared/corpus: JSON Lines with two
# workers, indented JSON of one large file (the streamed path), CSV, --summary and --check.
#
# Environment: REPORTX_COMPARE_DIR (default /tmp/reportx-compare) for the builds, corpus and
# outputs. Exit status 0 when every output is identical, 1 otherwise (the differing commands
# are named).
set -eu
cd "$(dirname "$0")/.."
root=$(pwd)
base=${1:-HEAD~1}
dir=${REPORTX_COMPARE_DIR:-/tmp/reportx-compare}
mkdir -p "$dir"

rev=$(git rev-parse --verify "$base^{commit}")
if [ ! -x "$dir/base-$rev/build/reportx" ]; then
  rm -rf "$dir/base-$rev"
  git worktree add -q --detach "$dir/base-$rev" "$rev"
  cmake -S "$dir/base-$rev" -B "$dir/base-$rev/build" -DCMAKE_BUILD_TYPE=Release -DREPORTX_TESTS=OFF >/dev/null
  cmake --build "$dir/base-$rev/build" -j "$(nproc)" >/dev/null
fi
cmake -S . -B "$dir/new" -DCMAKE_BUILD_TYPE=Release -DREPORTX_TESTS=OFF >/dev/null
cmake --build "$dir/new" -j "$(nproc)" >/dev/null
python3 bench/gen_corpus.py --out "$dir/corpus" --seed 777 --files 2000 --folder-mb 30 --sizes 30 \
  --large-sizes 5 -q

old="$dir/base-$rev/build/reportx" new="$dir/new/reportx" bad=0
set -- "-j 2 -q --jsonl $dir/corpus/folder-30" "-q $dir/corpus/large-5.txt" \
  "-q -f csv $dir/corpus/folder-30" "-q --summary $dir/corpus/folder-30" \
  "-q --jsonl $root/fixtures" "-q -f tsv $root/fixtures"
[ -d "$root/../shared/corpus" ] && set -- "$@" "-q --jsonl $root/../shared/corpus"
for args in "$@"; do
  # shellcheck disable=SC2086 # the arguments are split on purpose
  "$old" $args >"$dir/old.out" 2>&1 || true
  # shellcheck disable=SC2086
  "$new" $args >"$dir/new.out" 2>&1 || true
  if cmp -s "$dir/old.out" "$dir/new.out"; then
    echo "identical: reportx $args"
  else
    echo "DIFFERENT: reportx $args" >&2
    bad=1
  fi
done
for f in "$root"/fixtures/*.txt; do
  "$old" --check "$f" >"$dir/old.out" 2>&1 || true
  "$new" --check "$f" >"$dir/new.out" 2>&1 || true
  cmp -s "$dir/old.out" "$dir/new.out" || { echo "DIFFERENT: reportx --check $f" >&2; bad=1; }
done
[ "$bad" = 0 ] && echo "compare: every output identical to $base ($rev)"
exit "$bad"
