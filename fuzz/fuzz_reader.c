/*
 * fuzz_reader.c — the reader (bytes → UTF-8 text) on its own, for one encoding. Built four
 * times with FUZZ_ENCODING = "UTF-8", "GB18030", "UTF-16LE", or NULL (detection).
 *
 * Input: byte 0 picks the chunk size (1..64, or the whole input) and lossy mode; the rest is
 * the input. Checks, besides no crash/leak/UB:
 *   - feeding in chunks gives the same result as feeding at once (status, error offset,
 *     text, encoding): chunks may split a character anywhere;
 *   - the text is valid UTF-8, NUL-terminated, with consistent counts and line starts;
 *   - errors are ones the input can cause, with an offset inside the input;
 *   - lossy mode never fails with a decode or truncation error.
 */
#include "fuzz_check.h"
#include "reader.h"

#ifndef FUZZ_ENCODING
#define FUZZ_ENCODING NULL
#endif

static reportx_status run(const reportx_options *o, const unsigned char *p, size_t n, size_t chunk,
                          rx_text *t, reportx_error *e) {
  memset(t, 0, sizeof *t);
  rx_reader *r = rx_reader_new(o);
  FZ_CHECK(r != NULL);
  reportx_status st = REPORTX_OK;
  size_t i = 0;
  do { /* an empty chunk is fed too when n == 0 */
    size_t k = n - i < chunk ? n - i : chunk;
    st = rx_reader_feed(r, p + i, k, e);
    i += k;
  } while (!st && i < n);
  if (!st) st = rx_reader_finish(r, t, e);
  rx_reader_free(r);
  return st;
}

static void check_text(const rx_text *t, size_t n) {
  FZ_CHECK(t->s != NULL && t->s[t->len] == '\0');
  FZ_CHECK(t->len > 0);
  FZ_CHECK(fz_utf8_count(t->s, t->len) == t->nchars);
  FZ_CHECK(t->src_bytes == n);
  FZ_CHECK(t->nckpt >= t->len / RX_TEXT_CKPT + 1);
  size_t count = 0, j = 0;
  for (size_t k = 0; k < t->nckpt && k * RX_TEXT_CKPT <= t->len; k++) {
    for (; j < k * RX_TEXT_CKPT; j++) count += ((unsigned char)t->s[j] & 0xC0) != 0x80;
    FZ_CHECK(t->ckpt[k] == count);
  }
  FZ_CHECK(t->nlines >= 1 && t->lines[0] == 0);
  for (size_t k = 1; k < t->nlines; k++) {
    size_t b = t->lines[k];
    FZ_CHECK(b > t->lines[k - 1] && b <= t->len);
    char c = t->s[b - 1];
    FZ_CHECK(c == '\n' || c == '\r');
  }
  FZ_CHECK(rx_text_cp(t, t->len) == t->nchars);
  FZ_CHECK(rx_text_byte(t, t->nchars) == t->len);
  for (size_t cp = 0; cp < t->nchars && cp < 64; cp++) FZ_CHECK(rx_text_cp(t, rx_text_byte(t, cp)) == cp);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1) return 0;
  reportx_options o;
  reportx_options_init(&o);
  o.encoding = FUZZ_ENCODING;
  unsigned ctl = data[0];
  if (ctl & 0x80) o.flags |= REPORTX_OPT_LOSSY;
  size_t chunk = (ctl & 0x3F) + 1;
  if ((ctl & 0x40) == 0) chunk = 64 + (size_t)(ctl & 0x3F) * 97; /* longer chunks, still splitting */
  const unsigned char *p = data + 1;
  size_t n = size - 1;

  rx_text whole, parts;
  reportx_error ew, ep;
  memset(&ew, 0, sizeof ew);
  memset(&ep, 0, sizeof ep);
  reportx_status sw = run(&o, p, n, n ? n : 1, &whole, &ew);
  reportx_status sp = run(&o, p, n, chunk, &parts, &ep);

  FZ_CHECK(sw == sp);
  if (sw == REPORTX_OK) {
    check_text(&whole, n);
    FZ_CHECK(parts.len == whole.len && memcmp(parts.s, whole.s, whole.len) == 0);
    FZ_CHECK(strcmp(parts.encoding, whole.encoding) == 0);
    FZ_CHECK(parts.replaced == whole.replaced);
    if (o.flags & REPORTX_OPT_LOSSY) FZ_CHECK(whole.replaced == 0 || whole.first_replaced < n);
    else FZ_CHECK(whole.replaced == 0);
  } else {
    fz_check_error(sw, &ew);
    FZ_CHECK(ew.byte_offset == ep.byte_offset);
    FZ_CHECK(ew.byte_offset <= n);
    if (o.flags & REPORTX_OPT_LOSSY) FZ_CHECK(sw != REPORTX_ERR_DECODE && sw != REPORTX_ERR_TRUNCATED);
    if (sw == REPORTX_ERR_DECODE || sw == REPORTX_ERR_TRUNCATED) FZ_CHECK(ew.line >= 1 && ew.column >= 1);
  }
  rx_text_free(&whole);
  rx_text_free(&parts);
  return 0;
}
