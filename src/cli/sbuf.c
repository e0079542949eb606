/*
 * sbuf.c — a growable byte buffer for rendering one document's output before it is written
 * in order by the batch.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static int sb_reserve(sbuf *b, size_t extra) {
  if (b->failed) return -1;
  if (b->len + extra + 1 <= b->cap) return 0;
  size_t cap = b->cap ? b->cap : 4096;
  while (cap < b->len + extra + 1) cap *= 2;
  char *s = realloc(b->s, cap);
  if (!s) {
    b->failed = 1;
    return -1;
  }
  b->s = s;
  b->cap = cap;
  return 0;
}

void sb_add(sbuf *b, const char *s, size_t n) {
  if (sb_reserve(b, n)) return;
  memcpy(b->s + b->len, s, n);
  b->len += n;
  b->s[b->len] = '\0';
}

void sb_puts(sbuf *b, const char *s) { sb_add(b, s, strlen(s)); }

void sb_printf(sbuf *b, const char *fmt, ...) {
  char small[256];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(small, sizeof small, fmt, ap);
  va_end(ap);
  if (n < 0) {
    b->failed = 1;
    return;
  }
  if ((size_t)n < sizeof small) {
    sb_add(b, small, (size_t)n);
    return;
  }
  if (sb_reserve(b, (size_t)n)) return;
  va_start(ap, fmt);
  vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
  va_end(ap);
  b->len += (size_t)n;
}

void sb_adopt(sbuf *b, char *s, size_t n) {
  if (b->failed) {
    reportx_free(s);
    return;
  }
  char *p = realloc(s, n + 2); /* room for a newline and the NUL */
  if (!p) {
    reportx_free(s);
    b->failed = 1;
    return;
  }
  free(b->s);
  b->s = p;
  b->len = n;
  b->cap = n + 2;
}

void sb_free(sbuf *b) {
  free(b->s);
  memset(b, 0, sizeof *b);
}
