#!/bin/sh
# cmake --install puts the binary, header, library, reportx.pc and man page in place, and a
# program built with `pkg-config --cflags --libs --static reportx` links and runs.
#   install.sh BUILD_DIR WORK_DIR
set -eu
build=$1
work=$2
rm -rf "$work"
mkdir -p "$work"
cmake --install "$build" --prefix "$work/prefix" >/dev/null
for f in bin/reportx include/reportx.h share/man/man1/reportx.1; do
  test -f "$work/prefix/$f" || { echo "missing $f"; exit 1; }
done
pc=$(find "$work/prefix" -name reportx.pc)
test -n "$pc" || { echo "missing reportx.pc"; exit 1; }
cat > "$work/use.c" <<'C'
#include <reportx.h>
#include <stdio.h>
int main(void) {
  static const char t[] = "一、情况\n全镇种植小麦300亩。\n";
  reportx_doc *d;
  if (reportx_parse(t, sizeof t - 1, NULL, &d, NULL) != REPORTX_OK) return 1;
  printf("%s %zu\n", reportx_version(), reportx_doc_quantity_count(d));
  reportx_doc_free(d);
  return 0;
}
C
PKG_CONFIG_PATH=$(dirname "$pc")
export PKG_CONFIG_PATH
${CC:-cc} ${EXTRA_CFLAGS:-} "$work/use.c" $(pkg-config --cflags --libs --static reportx) -o "$work/use"
out=$("$work/use")
echo "$out"
test "$out" = "$("$work/prefix/bin/reportx" --version | cut -d' ' -f2) 1"
"$work/prefix/bin/reportx" --version
echo "1 passed, 0 failed"
