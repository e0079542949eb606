/*
 * reader.c — bytes → UTF-8 text. SCAFFOLD: UTF-8 only, to be replaced by the full reader
 * (encoding detection, chunk carry-over, errors with line/column).
 */
#include <string.h>

#include "reader.h"

struct rx_reader {
  reportx_options opts;
  char *buf;
  size_t len, cap;
};

rx_reader *rx_reader_new(const reportx_options *options) {
  rx_reader *r = rx_calloc(1, sizeof *r);
  if (r) r->opts = *options;
  return r;
}

reportx_status rx_reader_feed(rx_reader *r, const unsigned char *buf, size_t len, reportx_error *err) {
  (void)err;
  if (rx_grow((void **)&r->buf, &r->cap, r->len + len + 1, 1)) return REPORTX_ERR_NOMEM;
  memcpy(r->buf + r->len, buf, len);
  r->len += len;
  return REPORTX_OK;
}

reportx_status rx_reader_finish(rx_reader *r, rx_text *t, reportx_error *err) {
  (void)err;
  memset(t, 0, sizeof *t);
  if (rx_grow((void **)&r->buf, &r->cap, r->len + 1, 1)) return REPORTX_ERR_NOMEM;
  r->buf[r->len] = '\0';
  t->s = r->buf;
  t->len = r->len;
  t->src_bytes = r->len;
  r->buf = NULL;
  strcpy(t->encoding, "UTF-8");
  t->nckpt = t->len / RX_TEXT_CKPT + 1;
  t->ckpt = rx_calloc(t->nckpt, sizeof *t->ckpt);
  if (!t->ckpt) return REPORTX_ERR_NOMEM;
  size_t n = 0;
  for (size_t i = 0; i < t->len; i++) {
    if (i % RX_TEXT_CKPT == 0) t->ckpt[i / RX_TEXT_CKPT] = n;
    if (((unsigned char)t->s[i] & 0xC0) != 0x80) n++;
  }
  t->nchars = n;
  return REPORTX_OK;
}

void rx_reader_free(rx_reader *r) {
  if (!r) return;
  rx_free(r->buf);
  rx_free(r);
}

size_t rx_text_cp(const rx_text *t, size_t byte) {
  if (byte >= t->len) return t->nchars;
  size_t k = byte / RX_TEXT_CKPT, n = t->ckpt[k];
  for (size_t i = k * RX_TEXT_CKPT; i < byte; i++)
    if (((unsigned char)t->s[i] & 0xC0) != 0x80) n++;
  return n;
}

size_t rx_text_byte(const rx_text *t, size_t cp) {
  size_t b = 0, n = 0;
  while (b < t->len && n < cp) {
    b++;
    while (b < t->len && ((unsigned char)t->s[b] & 0xC0) == 0x80) b++;
    n++;
  }
  return b;
}

void rx_text_line_col(const rx_text *t, size_t byte, size_t *line, size_t *col) {
  size_t l = 1, c = 1;
  for (size_t i = 0; i < byte && i < t->len; i++) {
    unsigned char ch = (unsigned char)t->s[i];
    if (ch == '\n' || (ch == '\r' && (i + 1 >= t->len || t->s[i + 1] != '\n'))) { l++; c = 1; }
    else if ((ch & 0xC0) != 0x80 && ch != '\r') c++;
  }
  *line = l;
  *col = c;
}

void rx_text_free(rx_text *t) {
  rx_free(t->s);
  rx_free(t->ckpt);
  rx_free(t->lines);
  memset(t, 0, sizeof *t);
}
