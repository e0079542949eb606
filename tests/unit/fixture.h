/*
 * fixture.h — reading a file of fixtures/ into memory, for the unit tests (cmocka must be
 * included first). The result is NUL-terminated; the caller frees it.
 */
#ifndef REPORTX_TEST_FIXTURE_H
#define REPORTX_TEST_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>

/* fixtures/NAME → malloc'd bytes + '\0'; *len (if non-NULL) gets the byte count. */
static char *read_fixture(const char *name, size_t *len) {
  char path[1024];
  snprintf(path, sizeof path, "%s/%s", FIXTURES_DIR, name);
  FILE *f = fopen(path, "rb");
  if (!f) fail_msg("cannot open %s", path);
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *buf = malloc((size_t)n + 1);
  assert_non_null(buf);
  assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
  buf[n] = '\0';
  fclose(f);
  if (len) *len = (size_t)n;
  return buf;
}

#endif
