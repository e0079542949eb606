/* test_reader.c — bytes → UTF-8 text (src/reader.c): detection, chunking, errors, index. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <iconv.h>

#include "reader.h"

/* ---------------------------------------------------------------- helpers */

typedef struct result {
  reportx_status st;
  rx_text t;
  reportx_error err;
} result;

/* Decodes buf with a fresh reader, feeding `chunk` bytes at a time (0: one call). */
static void decode_chunked(const void *buf, size_t len, const char *enc, unsigned flags, size_t max_size,
                           size_t chunk, result *res) {
  reportx_options o;
  reportx_options_init(&o);
  o.encoding = enc;
  o.flags = flags;
  if (max_size) o.max_size = max_size;
  memset(res, 0, sizeof *res);
  rx_reader *r = rx_reader_new(&o);
  assert_non_null(r);
  const unsigned char *p = buf;
  size_t step = chunk ? chunk : len;
  reportx_status st = REPORTX_OK;
  for (size_t i = 0; i < len && st == REPORTX_OK; i += step)
    st = rx_reader_feed(r, p + i, len - i < step ? len - i : step, &res->err);
  if (st == REPORTX_OK) st = rx_reader_finish(r, &res->t, &res->err);
  res->st = st;
  assert_int_equal(res->err.status, st);
  rx_reader_free(r);
}

/* The index built by the reader agrees with a naive recount of the text. */
static void check_index(const rx_text *t) {
  const unsigned char *s = (const unsigned char *)t->s;
  assert_non_null(s);
  assert_int_equal(s[t->len], 0);
  assert_int_equal(t->nckpt, t->len / RX_TEXT_CKPT + 1);
  size_t n = 0, nl = 1;
  assert_true(t->nlines >= 1);
  assert_int_equal(t->lines[0], 0);
  for (size_t i = 0; i <= t->len; i++) {
    if (i % RX_TEXT_CKPT == 0) assert_int_equal(t->ckpt[i / RX_TEXT_CKPT], n);
    if (i == t->len) break;
    if ((s[i] & 0xC0) != 0x80) n++;
    int brk = s[i] == '\n' || (s[i] == '\r' && (i + 1 == t->len || s[i + 1] != '\n'));
    if (brk) {
      assert_true(nl < t->nlines);
      assert_int_equal(t->lines[nl], i + 1);
      nl++;
    }
  }
  assert_int_equal(nl, t->nlines);
  assert_int_equal(n, t->nchars);
}

static void same_result(const result *a, const result *b, size_t chunk) {
  if (a->st != b->st || strcmp(a->err.message, b->err.message))
    fail_msg("chunk %zu: status %d \"%s\" vs one-shot %d \"%s\"", chunk, b->st, b->err.message, a->st,
             a->err.message);
  assert_int_equal(a->err.byte_offset, b->err.byte_offset);
  assert_int_equal(a->err.line, b->err.line);
  assert_int_equal(a->err.column, b->err.column);
  if (a->st) return;
  assert_int_equal(a->t.len, b->t.len);
  assert_memory_equal(a->t.s, b->t.s, a->t.len);
  assert_string_equal(a->t.encoding, b->t.encoding);
  assert_int_equal(a->t.nchars, b->t.nchars);
  assert_int_equal(a->t.bom, b->t.bom);
  assert_int_equal(a->t.src_bytes, b->t.src_bytes);
  assert_int_equal(a->t.replaced, b->t.replaced);
  assert_int_equal(a->t.first_replaced, b->t.first_replaced);
  assert_int_equal(a->t.nlines, b->t.nlines);
  assert_memory_equal(a->t.lines, b->t.lines, a->t.nlines * sizeof(size_t));
  assert_memory_equal(a->t.ckpt, b->t.ckpt, a->t.nckpt * sizeof(size_t));
}

/* Decodes in one call, then at every chunk size 1–7, and checks they all agree. The
 * one-shot result is left in *res (free with done()). */
static reportx_status decode_opts(const void *buf, size_t len, const char *enc, unsigned flags, result *res) {
  decode_chunked(buf, len, enc, flags, 0, 0, res);
  if (res->st == REPORTX_OK) {
    check_index(&res->t);
    assert_int_equal(res->t.src_bytes, len);
  }
  for (size_t chunk = 1; chunk <= 7; chunk++) {
    result c;
    decode_chunked(buf, len, enc, flags, 0, chunk, &c);
    same_result(res, &c, chunk);
    rx_text_free(&c.t);
  }
  return res->st;
}

static reportx_status decode_s(const char *s, result *res) { return decode_opts(s, strlen(s), NULL, 0, res); }

static void done(result *res) { rx_text_free(&res->t); }

/* Converts NUL-terminated UTF-8 to `to` with iconv (test-time fixtures). malloc'd. */
static unsigned char *conv(const char *to, const char *utf8, size_t *outlen) {
  iconv_t cd = iconv_open(to, "UTF-8");
  assert_true(cd != (iconv_t)-1);
  size_t inleft = strlen(utf8), cap = inleft * 4 + 16, outleft = cap;
  unsigned char *out = malloc(cap);
  assert_non_null(out);
  char *in = (char *)utf8, *o = (char *)out;
  assert_int_not_equal(iconv(cd, &in, &inleft, &o, &outleft), (size_t)-1);
  iconv_close(cd);
  *outlen = cap - outleft;
  return out;
}

/* Concatenation of up to three byte strings. malloc'd. */
static unsigned char *cat3(const void *a, size_t an, const void *b, size_t bn, const void *c, size_t cn,
                           size_t *len) {
  unsigned char *p = malloc(an + bn + cn + 1);
  assert_non_null(p);
  if (an) memcpy(p, a, an);
  if (bn) memcpy(p + an, b, bn);
  if (cn) memcpy(p + an + bn, c, cn);
  *len = an + bn + cn;
  return p;
}

static const char SAMPLE[] = "XX镇2023年度工作总结\r\n"
                             "一、2023年工作开展情况\n"
                             "全镇粮食播种面积稳定在29919亩，增收155.6万元。\r"
                             "①“三抓三促”€·—𠀀😀\n"
                             "\t末行";

/* ---------------------------------------------------------------- encodings */

static void test_utf8_plain(void **state) {
  (void)state;
  result r;
  assert_int_equal(decode_s(SAMPLE, &r), REPORTX_OK);
  assert_string_equal(r.t.encoding, "UTF-8");
  assert_int_equal(r.t.bom, 0);
  assert_int_equal(r.t.len, strlen(SAMPLE));
  assert_string_equal(r.t.s, SAMPLE);
  assert_int_equal(r.t.replaced, 0);
  assert_int_equal(r.t.nlines, 5);
  done(&r);
  /* pure ASCII, and a single character */
  assert_int_equal(decode_s("x", &r), REPORTX_OK);
  assert_int_equal(r.t.nchars, 1);
  assert_string_equal(r.t.encoding, "UTF-8");
  done(&r);
}

static void test_utf8_bom(void **state) {
  (void)state;
  size_t len;
  unsigned char *in = cat3("\xEF\xBB\xBF", 3, SAMPLE, strlen(SAMPLE), NULL, 0, &len);
  result r;
  assert_int_equal(decode_opts(in, len, NULL, 0, &r), REPORTX_OK);
  assert_string_equal(r.t.encoding, "UTF-8");
  assert_int_equal(r.t.bom, 1);
  assert_string_equal(r.t.s, SAMPLE);
  assert_int_equal(r.t.src_bytes, len);
  done(&r);
  /* the first two bytes of a BOM and then something else: no BOM; EF BB 41 is not UTF-8
   * but reads as GB18030 */
  assert_int_equal(decode_opts("\xEF\xBB" "A", 3, NULL, 0, &r), REPORTX_OK);
  assert_int_equal(r.t.bom, 0);
  assert_string_equal(r.t.encoding, "GB18030");
  assert_int_equal(r.t.nchars, 2);
  done(&r);
  free(in);
}

static void test_utf16(void **state) {
  (void)state;
  const char *names[] = {"UTF-16LE", "UTF-16BE"};
  const char *boms[] = {"\xFF\xFE", "\xFE\xFF"};
  for (int k = 0; k < 2; k++) {
    size_t blen, len;
    unsigned char *body = conv(names[k], SAMPLE, &blen);
    unsigned char *in = cat3(boms[k], 2, body, blen, NULL, 0, &len);
    result r;
    assert_int_equal(decode_opts(in, len, NULL, 0, &r), REPORTX_OK);
    assert_string_equal(r.t.encoding, names[k]);
    assert_int_equal(r.t.bom, 1);
    assert_string_equal(r.t.s, SAMPLE);
    assert_int_equal(r.t.src_bytes, len);
    done(&r);
    /* without a BOM, UTF-16 is not detected: the NUL bytes make it binary */
    assert_int_equal(decode_opts(body, blen, NULL, 0, &r), REPORTX_ERR_BINARY);
    done(&r);
    free(body);
    free(in);
  }
}

static void test_gb18030(void **state) {
  (void)state;
  size_t len;
  unsigned char *in = conv("GB18030", SAMPLE, &len);
  /* 𠀀 and 😀 are four-byte GB18030 sequences: the chunk sizes split them every way */
  result r;
  assert_int_equal(decode_opts(in, len, NULL, 0, &r), REPORTX_OK);
  assert_string_equal(r.t.encoding, "GB18030");
  assert_int_equal(r.t.bom, 0);
  assert_string_equal(r.t.s, SAMPLE);
  assert_int_equal(r.t.src_bytes, len);
  done(&r);
  free(in);

  /* a long ASCII prefix before the first GB18030 byte: the re-decode starts from byte 0 */
  char big[3000];
  memset(big, 'a', sizeof big);
  for (size_t i = 99; i < sizeof big - 1; i += 100) big[i] = '\n';
  big[sizeof big - 1] = '\0';
  size_t tlen;
  unsigned char *tail = conv("GB18030", "中文报告。", &tlen);
  unsigned char *in2 = cat3(big, strlen(big), tail, tlen, NULL, 0, &len);
  assert_int_equal(decode_opts(in2, len, NULL, 0, &r), REPORTX_OK);
  assert_string_equal(r.t.encoding, "GB18030");
  assert_int_equal(r.t.len, strlen(big) + strlen("中文报告。"));
  assert_memory_equal(r.t.s, big, strlen(big));
  assert_string_equal(r.t.s + strlen(big), "中文报告。");
  done(&r);
  free(tail);
  free(in2);

  /* GBK and GB2312 text is GB18030 text */
  unsigned char *gbk = conv("GBK", "工作总结\n", &len);
  assert_int_equal(decode_opts(gbk, len, NULL, 0, &r), REPORTX_OK);
  assert_string_equal(r.t.encoding, "GB18030");
  assert_string_equal(r.t.s, "工作总结\n");
  done(&r);
  free(gbk);

  /* a GB18030 BOM (84 31 95 33) is stripped like any other */
  unsigned char *bb = cat3("\x84\x31\x95\x33", 4, "\xD6\xD0", 2, NULL, 0, &len);
  assert_int_equal(decode_opts(bb, len, NULL, 0, &r), REPORTX_OK);
  assert_string_equal(r.t.encoding, "GB18030");
  assert_int_equal(r.t.bom, 1);
  assert_string_equal(r.t.s, "中");
  done(&r);
  free(bb);
}

static void test_line_endings(void **state) {
  (void)state;
  result r;
  const char *s = "ab\r\ncd\ref\n\ngh";
  assert_int_equal(decode_s(s, &r), REPORTX_OK);
  assert_string_equal(r.t.s, s); /* not normalised */
  size_t want[] = {0, 4, 7, 10, 11};
  assert_int_equal(r.t.nlines, 5);
  assert_memory_equal(r.t.lines, want, sizeof want);
  size_t line, col;
  rx_text_line_col(&r.t, 0, &line, &col);
  assert_int_equal(line, 1);
  assert_int_equal(col, 1);
  rx_text_line_col(&r.t, 3, &line, &col); /* the LF of CRLF is on line 1 */
  assert_int_equal(line, 1);
  assert_int_equal(col, 4);
  rx_text_line_col(&r.t, 5, &line, &col);
  assert_int_equal(line, 2);
  assert_int_equal(col, 2);
  rx_text_line_col(&r.t, 7, &line, &col);
  assert_int_equal(line, 3);
  assert_int_equal(col, 1);
  rx_text_line_col(&r.t, 10, &line, &col);
  assert_int_equal(line, 4);
  assert_int_equal(col, 1);
  rx_text_line_col(&r.t, 13, &line, &col);
  assert_int_equal(line, 5);
  assert_int_equal(col, 3);
  rx_text_line_col(&r.t, 999, &line, &col); /* clamped to the end */
  assert_int_equal(line, 5);
  assert_int_equal(col, 3);
  done(&r);

  /* a trailing CR or LF opens a last, empty line; CR CR is two breaks */
  assert_int_equal(decode_s("a\r", &r), REPORTX_OK);
  assert_int_equal(r.t.nlines, 2);
  assert_int_equal(r.t.lines[1], 2);
  done(&r);
  assert_int_equal(decode_s("a\r\r\nb\n", &r), REPORTX_OK);
  size_t want2[] = {0, 2, 4, 6};
  assert_int_equal(r.t.nlines, 4);
  assert_memory_equal(r.t.lines, want2, sizeof want2);
  done(&r);

  /* columns count code points */
  assert_int_equal(decode_s("一二\r\n三四五", &r), REPORTX_OK);
  rx_text_line_col(&r.t, 8 + 6, &line, &col); /* before 五 */
  assert_int_equal(line, 2);
  assert_int_equal(col, 3);
  done(&r);
}

/* ---------------------------------------------------------------- errors */

typedef struct bad_case {
  const char *in;
  size_t len;
  reportx_status st;
  size_t off, line, col;
  const char *msg;
} bad_case;

static void check_bad(const bad_case *c, const char *enc, unsigned flags) {
  result r;
  reportx_status st = decode_opts(c->in, c->len, enc, flags, &r);
  if (st != c->st) fail_msg("%s: status %d (%s), want %d", c->in, st, r.err.message, c->st);
  assert_int_equal(r.err.byte_offset, c->off);
  assert_int_equal(r.err.line, c->line);
  assert_int_equal(r.err.column, c->col);
  if (c->msg) assert_string_equal(r.err.message, c->msg);
  assert_null(r.t.s);
  done(&r);
}

#define S(lit) lit, sizeof(lit) - 1

/* Sixteen valid multibyte UTF-8 characters settle detection on UTF-8: errors after them are
 * UTF-8 errors, not a reason to try GB18030. */
#define U16 "一二三四五六七八九十百千万亿零两"

static void test_invalid_utf8(void **state) {
  (void)state;
  const bad_case cases[] = {
      {S("ab\xff" "cd"), REPORTX_ERR_DECODE, 2, 1, 3, "invalid UTF-8 byte 0xff at byte 2 (line 1, column 3)"},
      {S("\xff"), REPORTX_ERR_DECODE, 0, 1, 1, "invalid UTF-8 byte 0xff at byte 0 (line 1, column 1)"},
      {S(U16 "\n第二行\r\n第三\xe4\xb8" "A"), REPORTX_ERR_DECODE, 48 + 1 + 9 + 2 + 6, 3, 3,
       "invalid UTF-8 sequence 0xe4 0xb8 0x41 at byte 66 (line 3, column 3)"},
      {S(U16 "\xc0\x80"), REPORTX_ERR_DECODE, 48, 1, 17, "invalid UTF-8 byte 0xc0 at byte 48 (line 1, column 17)"},
      {S(U16 "x\xe0\x80\x80"), REPORTX_ERR_DECODE, 49, 1, 18,
       "invalid UTF-8 sequence 0xe0 0x80 at byte 49 (line 1, column 18)"},
      {S(U16 "\r\xed\xa0\x80"), REPORTX_ERR_DECODE, 49, 2, 1,
       "invalid UTF-8 sequence 0xed 0xa0 at byte 49 (line 2, column 1)"},
      {S(U16 "\xf4\x90\x80\x80"), REPORTX_ERR_DECODE, 48, 1, 17,
       "invalid UTF-8 sequence 0xf4 0x90 at byte 48 (line 1, column 17)"},
      {S(U16 "\xf5\x80\x80\x80"), REPORTX_ERR_DECODE, 48, 1, 17,
       "invalid UTF-8 byte 0xf5 at byte 48 (line 1, column 17)"},
      {S(U16 "\x80"), REPORTX_ERR_DECODE, 48, 1, 17, "invalid UTF-8 byte 0x80 at byte 48 (line 1, column 17)"},
      /* a truncated character at the end is truncation, not an excuse for GB18030 */
      {S("ab\n\xe4\xb8"), REPORTX_ERR_TRUNCATED, 3, 2, 1,
       "input ends inside a UTF-8 character at byte 3 (line 2, column 1)"},
      {S(U16 "\xf0\x9f\x98"), REPORTX_ERR_TRUNCATED, 48, 1, 17,
       "input ends inside a UTF-8 character at byte 48 (line 1, column 17)"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) check_bad(&cases[i], NULL, 0);

  /* "中文" is E4 B8 | AD E6 | 96 87: valid GB18030 pairs too, as is D6 D0. After sixteen
   * such characters UTF-8 is settled and D6 D0 is a UTF-8 error; after fourteen the input
   * is still undecided and reads as (mojibake) GB18030 — the limit of the heuristic */
  const bad_case settled = {S("中文中文中文中文中文中文中文中文\xd6\xd0"), REPORTX_ERR_DECODE, 48, 1, 17,
                            "invalid UTF-8 sequence 0xd6 0xd0 at byte 48 (line 1, column 17)"};
  check_bad(&settled, NULL, 0);
  result r;
  assert_int_equal(decode_s("中文中文中文中文中文中文中文\xd6\xd0", &r), REPORTX_OK);
  assert_string_equal(r.t.encoding, "GB18030");
  assert_int_equal(r.t.nchars, 22);
  done(&r);

  /* with a BOM the UTF-8 verdict is final, and offsets count the BOM */
  const bad_case bom = {S("\xEF\xBB\xBF" "ab\n\xd6\xd0"), REPORTX_ERR_DECODE, 6, 2, 1,
                        "invalid UTF-8 sequence 0xd6 0xd0 at byte 6 (line 2, column 1)"};
  check_bad(&bom, NULL, 0);
}

static void test_invalid_gb18030(void **state) {
  (void)state;
  /* GB18030 text (UTF-8 fails at byte 0) with a bad pair later: GB18030 got further, so
   * its error is the one reported, placed in the GB18030 reading */
  size_t hlen, len;
  unsigned char *head = conv("GB18030", "工作总结\n一是", &hlen);
  unsigned char *in = cat3(head, hlen, "\x81\x20", 2, "tail", 4, &len);
  result r;
  assert_int_equal(decode_opts(in, len, NULL, 0, &r), REPORTX_ERR_DECODE);
  assert_int_equal(r.err.byte_offset, hlen);
  assert_int_equal(r.err.line, 2);
  assert_int_equal(r.err.column, 3);
  char want[200];
  snprintf(want, sizeof want, "invalid GB18030 byte sequence 0x81 0x20 at byte %zu (line 2, column 3)", hlen);
  assert_string_equal(r.err.message, want);
  done(&r);
  free(in);

  /* truncated GB18030: a lead byte at the end */
  in = cat3(head, hlen, "\xD6", 1, NULL, 0, &len);
  assert_int_equal(decode_opts(in, len, NULL, 0, &r), REPORTX_ERR_TRUNCATED);
  assert_int_equal(r.err.byte_offset, hlen);
  snprintf(want, sizeof want, "input ends inside a GB18030 character at byte %zu (line 2, column 3)", hlen);
  assert_string_equal(r.err.message, want);
  done(&r);
  free(in);
  /* and three bytes of a four-byte sequence */
  in = cat3(head, hlen, "\x95\x32\x82", 3, NULL, 0, &len);
  assert_int_equal(decode_opts(in, len, NULL, 0, &r), REPORTX_ERR_TRUNCATED);
  assert_int_equal(r.err.byte_offset, hlen);
  done(&r);
  free(in);
  free(head);

  /* neither reading works and UTF-8 got as far: the UTF-8 error stands */
  const bad_case both = {S("ab\xff\xfe"), REPORTX_ERR_DECODE, 2, 1, 3,
                         "invalid UTF-8 byte 0xff at byte 2 (line 1, column 3)"};
  check_bad(&both, NULL, 0);
  /* UTF-8 fails at 4 (0xff); GB18030 fails earlier, at 2 (AD 0A is no pair) */
  const bad_case early = {S("中\n\xff"), REPORTX_ERR_DECODE, 4, 2, 1,
                          "invalid UTF-8 byte 0xff at byte 4 (line 2, column 1)"};
  check_bad(&early, NULL, 0);
}

static void test_invalid_utf16(void **state) {
  (void)state;
  /* LE: BOM, "a", lone low surrogate DC00, "b" */
  const bad_case lone = {S("\xFF\xFE" "a\0" "\x00\xDC" "b\0"), REPORTX_ERR_DECODE, 4, 1, 2,
                         "invalid UTF-16LE byte sequence 0x00 0xdc at byte 4 (line 1, column 2)"};
  check_bad(&lone, NULL, 0);
  /* BE: high surrogate followed by a non-surrogate */
  const bad_case hi = {S("\xFE\xFF" "\0a\0\n" "\xD8\x00\x00" "b"), REPORTX_ERR_DECODE, 6, 2, 1,
                       "invalid UTF-16BE byte sequence 0xd8 0x00 0x00 0x62 at byte 6 (line 2, column 1)"};
  check_bad(&hi, NULL, 0);
  /* an odd byte, and a high surrogate, at the end */
  const bad_case odd = {S("\xFF\xFE" "a\0" "b"), REPORTX_ERR_TRUNCATED, 4, 1, 2,
                        "input ends inside a UTF-16LE character at byte 4 (line 1, column 2)"};
  check_bad(&odd, NULL, 0);
  const bad_case sur = {S("\xFF\xFE" "a\0" "\x3D\xD8"), REPORTX_ERR_TRUNCATED, 4, 1, 2, NULL};
  check_bad(&sur, NULL, 0);
}

static void test_lossy(void **state) {
  (void)state;
  result r;
  /* settled UTF-8: each maximal invalid subpart becomes one U+FFFD */
  const char in[] = U16 "a\xff" "b\xe4\xb8" "c\xf0\x80" "d\xe4\xb8";
  assert_int_equal(decode_opts(in, sizeof in - 1, NULL, REPORTX_OPT_LOSSY, &r), REPORTX_OK);
  assert_string_equal(r.t.encoding, "UTF-8");
  assert_string_equal(r.t.s, U16 "a\uFFFDb\uFFFDc\uFFFD\uFFFDd\uFFFD");
  assert_int_equal(r.t.replaced, 5);
  assert_int_equal(r.t.first_replaced, 49);
  done(&r);

  /* a UTF-8 report broken early, whose GB18030 reading breaks even earlier: UTF-8 wins and
   * the whole input is decoded again as UTF-8 */
  const char early[] = "总结\n\xff" "工作开展情况";
  assert_int_equal(decode_opts(early, sizeof early - 1, NULL, REPORTX_OPT_LOSSY, &r), REPORTX_OK);
  assert_string_equal(r.t.encoding, "UTF-8");
  assert_string_equal(r.t.s, "总结\n\uFFFD工作开展情况");
  assert_int_equal(r.t.replaced, 1);
  assert_int_equal(r.t.first_replaced, 7);
  done(&r);

  /* GB18030 text with a bad pair: GB18030 wins, the pair's lead byte is replaced */
  size_t hlen, tlen, len;
  unsigned char *head = conv("GB18030", "工作总结\n", &hlen);
  unsigned char *tail = conv("GB18030", "一是加强", &tlen);
  unsigned char *gb = cat3(head, hlen, "\x81\x20", 2, tail, tlen, &len);
  assert_int_equal(decode_opts(gb, len, NULL, REPORTX_OPT_LOSSY, &r), REPORTX_OK);
  assert_string_equal(r.t.encoding, "GB18030");
  assert_string_equal(r.t.s, "工作总结\n\uFFFD 一是加强");
  assert_int_equal(r.t.replaced, 1);
  assert_int_equal(r.t.first_replaced, hlen);
  done(&r);
  free(gb);
  /* truncated GB18030 in lossy mode */
  gb = cat3(head, hlen, tail, tlen, "\xD6", 1, &len);
  assert_int_equal(decode_opts(gb, len, NULL, REPORTX_OPT_LOSSY, &r), REPORTX_OK);
  assert_string_equal(r.t.s, "工作总结\n一是加强\uFFFD");
  assert_int_equal(r.t.first_replaced, len - 1);
  done(&r);
  free(gb);
  free(head);
  free(tail);

  /* truncated UTF-8 and UTF-16 */
  assert_int_equal(decode_opts(S("ab\xe4\xb8"), NULL, REPORTX_OPT_LOSSY, &r), REPORTX_OK);
  assert_string_equal(r.t.s, "ab\uFFFD");
  assert_int_equal(r.t.first_replaced, 2);
  done(&r);
  assert_int_equal(decode_opts(S("\xFF\xFE" "a\0" "\x00\xDC" "b\0" "c"), NULL, REPORTX_OPT_LOSSY, &r),
                   REPORTX_OK);
  assert_string_equal(r.t.s, "a\uFFFDb\uFFFD");
  assert_int_equal(r.t.replaced, 2);
  assert_int_equal(r.t.first_replaced, 4);
  done(&r);
}

static void test_empty(void **state) {
  (void)state;
  const bad_case cases[] = {
      {"", 0, REPORTX_ERR_EMPTY, 0, 1, 1, "input is empty"},
      {S("\xEF\xBB\xBF"), REPORTX_ERR_EMPTY, 3, 1, 1, "input holds only a byte order mark"},
      {S("\xFF\xFE"), REPORTX_ERR_EMPTY, 2, 1, 1, "input holds only a byte order mark"},
      {S("\xFE\xFF"), REPORTX_ERR_EMPTY, 2, 1, 1, "input holds only a byte order mark"},
      /* a lone first byte of a BOM is text (and here invalid) */
      {S("\xEF"), REPORTX_ERR_TRUNCATED, 0, 1, 1, NULL},
      {S("\xFE"), REPORTX_ERR_DECODE, 0, 1, 1, NULL},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) check_bad(&cases[i], NULL, 0);
}

static void test_binary(void **state) {
  (void)state;
  const bad_case nul = {S("abc\n de\0f"), REPORTX_ERR_BINARY, 7, 2, 4, "input looks binary (NUL byte at byte 7)"};
  check_bad(&nul, NULL, 0);
  const bad_case nul16 = {S("\xFF\xFE" "a\0\n\0" "b\0\0\0"), REPORTX_ERR_BINARY, 8, 2, 2,
                          "input looks binary (NUL character at byte 8)"};
  check_bad(&nul16, NULL, 0);
  /* in GB18030 the NUL is placed in the input, not in the (longer) UTF-8 text */
  size_t hlen, len;
  unsigned char *head = conv("GB18030", "工作总结\n一是", &hlen);
  unsigned char *in = cat3(head, hlen, "\0", 1, NULL, 0, &len);
  result r;
  assert_int_equal(decode_opts(in, len, NULL, 0, &r), REPORTX_ERR_BINARY);
  assert_int_equal(r.err.byte_offset, hlen);
  assert_int_equal(r.err.line, 2);
  assert_int_equal(r.err.column, 3);
  done(&r);
  free(in);
  free(head);

  /* many control characters: binary; a few in a long text: fine */
  const bad_case ctl = {S("ab\n\x01\x02\x03\x04" "cdefgh"), REPORTX_ERR_BINARY, 3, 2, 1,
                        "input looks binary (4 of 13 characters are control characters, the first 0x01 at "
                        "byte 3)"};
  check_bad(&ctl, NULL, 0);
  /* in GB18030 the first control character is placed in the input too */
  head = conv("GB18030", "工作\n", &hlen);
  in = cat3(head, hlen, "\x01\x02\x1b", 3, NULL, 0, &len);
  assert_int_equal(decode_opts(in, len, NULL, 0, &r), REPORTX_ERR_BINARY);
  assert_int_equal(r.err.byte_offset, hlen);
  assert_int_equal(r.err.line, 2);
  assert_int_equal(r.err.column, 1);
  done(&r);
  free(in);
  free(head);
  char text[400];
  memset(text, 'x', sizeof text);
  text[10] = '\x1a';
  text[20] = '\x07';
  text[30] = '\t';
  text[40] = '\f';
  text[50] = '\v';
  assert_int_equal(decode_opts(text, sizeof text, NULL, 0, &r), REPORTX_OK);
  done(&r);
}

static void test_forced(void **state) {
  (void)state;
  size_t len;
  unsigned char *gbk = conv("GB18030", SAMPLE, &len);
  result r;
  assert_int_equal(decode_opts(gbk, len, "GB18030", 0, &r), REPORTX_OK);
  assert_string_equal(r.t.encoding, "GB18030");
  assert_string_equal(r.t.s, SAMPLE);
  done(&r);
  free(gbk);
  /* the name is kept as given */
  unsigned char *cp = conv("GBK", "工作总结\n", &len);
  assert_int_equal(decode_opts(cp, len, "gbk", 0, &r), REPORTX_OK);
  assert_string_equal(r.t.encoding, "gbk");
  assert_string_equal(r.t.s, "工作总结\n");
  done(&r);
  /* forcing UTF-8 rules out the GB18030 fallback */
  assert_int_equal(decode_opts(cp, len, "utf-8", 0, &r), REPORTX_ERR_DECODE);
  assert_int_equal(r.err.byte_offset, 0);
  done(&r);
  free(cp);
  /* forced UTF-8 still strips a BOM */
  assert_int_equal(decode_opts(S("\xEF\xBB\xBF" "ok"), "UTF-8", 0, &r), REPORTX_OK);
  assert_string_equal(r.t.s, "ok");
  assert_int_equal(r.t.bom, 1);
  assert_string_equal(r.t.encoding, "UTF-8");
  done(&r);
  /* a forced UTF-16LE passes its BOM through as U+FEFF: stripped too */
  unsigned char *u = conv("UTF-16LE", "\uFEFF报告", &len);
  assert_int_equal(decode_opts(u, len, "UTF-16LE", 0, &r), REPORTX_OK);
  assert_string_equal(r.t.s, "报告");
  assert_int_equal(r.t.bom, 1);
  done(&r);
  free(u);
  /* a single-byte encoding, with a NUL placed in the input */
  assert_int_equal(decode_opts(S("caf\xe9\n"), "ISO-8859-1", 0, &r), REPORTX_OK);
  assert_string_equal(r.t.s, "café\n");
  done(&r);
  /* two output bytes per input byte: more than the first output estimate (E2BIG path) */
  unsigned char latin[3000];
  memset(latin, 0xe9, sizeof latin);
  assert_int_equal(decode_opts(latin, sizeof latin, "ISO-8859-1", 0, &r), REPORTX_OK);
  assert_int_equal(r.t.len, 2 * sizeof latin);
  assert_int_equal(r.t.nchars, sizeof latin);
  assert_memory_equal(r.t.s + 5998 - 2, "éé", 4);
  done(&r);
  const bad_case nul = {S("\xe9\xe9\0"), REPORTX_ERR_BINARY, 2, 1, 3, "input looks binary (NUL byte at byte 2)"};
  check_bad(&nul, "ISO-8859-1", 0);
  /* an invalid byte in a forced encoding */
  const bad_case bad = {S("ab\n\x80"), REPORTX_ERR_DECODE, 3, 2, 1,
                        "invalid ASCII byte 0x80 at byte 3 (line 2, column 1)"};
  check_bad(&bad, "ASCII", 0);
  const bad_case gbpair = {S("ab\n\x81\x20"), REPORTX_ERR_DECODE, 3, 2, 1,
                           "invalid gb18030 byte sequence 0x81 0x20 at byte 3 (line 2, column 1)"};
  check_bad(&gbpair, "gb18030", 0);
}

static void test_unknown_encoding(void **state) {
  (void)state;
  const bad_case c = {S("abc"), REPORTX_ERR_ENCODING, 0, 0, 0,
                      "unknown encoding \"NO-SUCH-ENC\" (no converter from it to UTF-8)"};
  check_bad(&c, "NO-SUCH-ENC", 0);
  /* reported by finish when nothing was fed, and again by every later call */
  reportx_options o;
  reportx_options_init(&o);
  o.encoding = "KLINGON";
  rx_reader *r = rx_reader_new(&o);
  assert_non_null(r);
  rx_text t;
  reportx_error err;
  assert_int_equal(rx_reader_finish(r, &t, &err), REPORTX_ERR_ENCODING);
  assert_non_null(strstr(err.message, "\"KLINGON\""));
  assert_null(t.s);
  memset(&err, 0, sizeof err);
  assert_int_equal(rx_reader_feed(r, (const unsigned char *)"x", 1, &err), REPORTX_ERR_ENCODING);
  assert_int_equal(err.status, REPORTX_ERR_ENCODING);
  rx_reader_free(r);
}

static void test_max_size(void **state) {
  (void)state;
  result r;
  decode_chunked("0123456789", 10, NULL, 0, 10, 4, &r);
  assert_int_equal(r.st, REPORTX_OK);
  assert_string_equal(r.t.s, "0123456789");
  done(&r);
  decode_chunked("0123456789a", 11, NULL, 0, 10, 4, &r);
  assert_int_equal(r.st, REPORTX_ERR_TOO_LARGE);
  assert_int_equal(r.err.byte_offset, 10);
  assert_string_equal(r.err.message, "input is larger than the limit of 10 bytes");
  done(&r);
  /* the feed that crosses the limit is refused whole; the error sticks */
  reportx_options o;
  reportx_options_init(&o);
  o.max_size = 5;
  rx_reader *rd = rx_reader_new(&o);
  reportx_error err;
  assert_int_equal(rx_reader_feed(rd, (const unsigned char *)"abc", 3, &err), REPORTX_OK);
  assert_int_equal(rx_reader_feed(rd, (const unsigned char *)"def", 3, &err), REPORTX_ERR_TOO_LARGE);
  assert_int_equal(rx_reader_feed(rd, (const unsigned char *)"g", 1, &err), REPORTX_ERR_TOO_LARGE);
  rx_text t;
  assert_int_equal(rx_reader_finish(rd, &t, &err), REPORTX_ERR_TOO_LARGE);
  rx_reader_free(rd);
}

static void test_sticky_error(void **state) {
  (void)state;
  rx_reader *r = rx_reader_new(NULL);
  reportx_error err;
  assert_int_equal(rx_reader_feed(r, (const unsigned char *)U16 "\xff", sizeof U16, &err), REPORTX_ERR_DECODE);
  reportx_error again;
  assert_int_equal(rx_reader_feed(r, (const unsigned char *)"ok", 2, &again), REPORTX_ERR_DECODE);
  assert_memory_equal(&err, &again, sizeof err);
  rx_text t;
  assert_int_equal(rx_reader_finish(r, &t, &again), REPORTX_ERR_DECODE);
  assert_string_equal(again.message, err.message);
  rx_reader_free(r);
}

/* ---------------------------------------------------------------- fixtures */

static unsigned char *slurp(const char *name, size_t *len) {
  char path[512];
  snprintf(path, sizeof path, "%s/encodings/%s", FIXTURES_DIR, name);
  FILE *f = fopen(path, "rb");
  if (!f) fail_msg("cannot open %s", path);
  unsigned char *p = malloc(1 << 16);
  assert_non_null(p);
  *len = fread(p, 1, (1 << 16) - 1, f);
  p[*len] = '\0';
  fclose(f);
  return p;
}

/* fixtures/encodings/: one text in every detected encoding and line ending, and two bad
 * ones; each decodes (at every chunk size) to the UTF-8 original. */
static void test_fixtures(void **state) {
  (void)state;
  size_t ulen;
  unsigned char *u = slurp("utf8.txt", &ulen);
  char *ucr = malloc(ulen + 1), *ucrlf = malloc(2 * ulen + 1);
  size_t k = 0;
  for (size_t i = 0; i < ulen; i++) {
    ucr[i] = u[i] == '\n' ? '\r' : (char)u[i];
    if (u[i] == '\n') ucrlf[k++] = '\r';
    ucrlf[k++] = (char)u[i];
  }
  ucr[ulen] = ucrlf[k] = '\0';
  const struct {
    const char *file, *encoding, *text;
    int bom;
  } good[] = {
      {"utf8.txt", "UTF-8", (char *)u, 0},          {"utf8-bom.txt", "UTF-8", (char *)u, 1},
      {"utf8-crlf.txt", "UTF-8", ucrlf, 0},         {"gb18030.txt", "GB18030", (char *)u, 0},
      {"gb18030-cr.txt", "GB18030", ucr, 0},        {"utf16le-bom.txt", "UTF-16LE", (char *)u, 1},
      {"utf16be-bom.txt", "UTF-16BE", (char *)u, 1},
  };
  for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
    size_t len;
    unsigned char *in = slurp(good[i].file, &len);
    result r;
    if (decode_opts(in, len, NULL, 0, &r)) fail_msg("%s: %s", good[i].file, r.err.message);
    assert_string_equal(r.t.encoding, good[i].encoding);
    assert_int_equal(r.t.bom, good[i].bom);
    assert_int_equal(r.t.len, strlen(good[i].text));
    assert_memory_equal(r.t.s, good[i].text, r.t.len);
    assert_int_equal(r.t.nlines, 5);
    done(&r);
    free(in);
  }
  size_t len;
  unsigned char *in = slurp("invalid-utf8.txt", &len);
  const bad_case inv = {(char *)in, len, REPORTX_ERR_DECODE, 675, 3, 6,
                        "invalid UTF-8 byte 0xff at byte 675 (line 3, column 6)"};
  check_bad(&inv, NULL, 0);
  free(in);
  in = slurp("truncated-gb18030.txt", &len);
  const bad_case tr = {(char *)in, len, REPORTX_ERR_TRUNCATED, 952, 4, 244,
                       "input ends inside a GB18030 character at byte 952 (line 4, column 244)"};
  check_bad(&tr, NULL, 0);
  free(in);
  free(u);
  free(ucr);
  free(ucrlf);
}

/* The validator takes sixteen bytes at a time while they are ASCII and three-byte
 * characters (SSE2): a different character or an invalid byte at every place relative to
 * those blocks is seen exactly where it is, and NUL and control bytes too. */
static void test_block_phases(void **state) {
  (void)state;
  /* 0–3 invalid, 4 NUL, then valid */
  const char *others[] = {"\x80", "\xed\xa0\x80", "\xe4\xb8", "\xff", "", "\x01", "\n", "é", "😀", "\xe0\xa0\x80"};
  for (size_t o = 0; o < sizeof others / sizeof others[0]; o++) {
    const char *x = others[o];
    size_t xl = o == 4 ? 1 : strlen(x); /* "" holds the NUL */
    for (size_t k = 0; k < 40; k++) {
      /* U16 settles UTF-8; then k bytes of 中 and a digit now and then, the odd one, more */
      char buf[256];
      size_t len = 0, chars = 16;
      memcpy(buf, U16, 48);
      len = 48;
      for (size_t j = 0; len < 48 + k; j++) {
        if (j % 5 == 4) buf[len++] = '7', chars++;
        else if (len + 3 <= 48 + k) memcpy(buf + len, "中", 3), len += 3, chars++;
        else buf[len++] = 'a', chars++;
      }
      size_t at = len;
      memcpy(buf + len, x, xl);
      len += xl;
      for (size_t j = 0; j < 12; j++) memcpy(buf + len, "文", 3), len += 3;
      for (size_t chunk = 0; chunk <= 7; chunk += 7) {
        result r;
        decode_chunked(buf, len, NULL, 0, 0, chunk, &r);
        if (o <= 3) { /* invalid: the error is at the odd bytes */
          assert_int_equal(r.st, REPORTX_ERR_DECODE);
          assert_int_equal(r.err.byte_offset, at);
          assert_int_equal(r.err.line, 1);
          assert_int_equal(r.err.column, chars + 1);
          done(&r);
          decode_chunked(buf, len, NULL, REPORTX_OPT_LOSSY, 0, chunk, &r);
          assert_int_equal(r.st, REPORTX_OK);
          assert_int_equal(r.t.first_replaced, at);
          check_index(&r.t);
        } else if (o == 4) {
          assert_int_equal(r.st, REPORTX_ERR_BINARY);
          assert_int_equal(r.err.byte_offset, at);
          assert_int_equal(r.err.column, chars + 1);
        } else {
          assert_int_equal(r.st, REPORTX_OK);
          assert_int_equal(r.t.len, len);
          assert_int_equal(r.t.nchars, chars + 1 + 12);
          assert_int_equal(r.t.nlines, o == 6 ? 2 : 1);
          check_index(&r.t);
        }
        done(&r);
      }
    }
  }
}

/* ---------------------------------------------------------------- the index */

static void test_cp_byte_roundtrip(void **state) {
  (void)state;
  /* ~60 KB mixing 1-, 2-, 3- and 4-byte characters and all line endings, so characters
   * straddle checkpoints at every phase */
  const char *pieces[] = {"a", "é", "中", "😀", "\r\n", "\r", "\n", "bc", "。", "𠀀"};
  size_t cap = 70000, len = 0;
  char *s = malloc(cap);
  unsigned seed = 12345;
  while (len + 8 < cap - 10) {
    seed = seed * 1103515245u + 12345u;
    const char *p = pieces[(seed >> 16) % 10];
    memcpy(s + len, p, strlen(p));
    len += strlen(p);
  }
  result r;
  decode_chunked(s, len, NULL, 0, 0, 0, &r);
  assert_int_equal(r.st, REPORTX_OK);
  check_index(&r.t);
  const unsigned char *u = (const unsigned char *)r.t.s;
  size_t cp = 0, line = 1, col = 1;
  for (size_t b = 0; b <= len; b++) {
    if (b < len && (u[b] & 0xC0) == 0x80) {
      continue;
    }
    assert_int_equal(rx_text_cp(&r.t, b), cp);
    assert_int_equal(rx_text_byte(&r.t, cp), b);
    size_t l, c;
    rx_text_line_col(&r.t, b, &l, &c);
    if (l != line || c != col) fail_msg("byte %zu: %zu:%zu, want %zu:%zu", b, l, c, line, col);
    if (b == len) break;
    cp++;
    if (u[b] == '\n' || (u[b] == '\r' && (b + 1 == len || u[b + 1] != '\n'))) {
      line++;
      col = 1;
    } else {
      col++;
    }
  }
  assert_int_equal(cp, r.t.nchars);
  assert_int_equal(rx_text_byte(&r.t, cp + 100), len); /* clamped */
  assert_int_equal(rx_text_cp(&r.t, len + 100), cp);
  done(&r);
  free(s);
}

/* ---------------------------------------------------------------- public API */

static void test_public_api(void **state) {
  (void)state;
  size_t len;
  unsigned char *gb = conv("GB18030", "报告\r\n一、工作\r二是\n", &len);
  reportx_options o;
  reportx_options_init(&o);
  reportx_doc *doc = NULL;
  reportx_error err;
  assert_int_equal(reportx_parse(gb, len, &o, &doc, &err), REPORTX_OK);
  assert_non_null(doc);
  size_t tl;
  assert_string_equal(reportx_doc_text(doc, &tl), "报告\r\n一、工作\r二是\n");
  assert_int_equal(tl, strlen("报告\r\n一、工作\r二是\n"));
  assert_string_equal(reportx_doc_encoding(doc), "GB18030");
  assert_int_equal(reportx_doc_bytes(doc), len);
  assert_int_equal(reportx_doc_chars(doc), 12);
  size_t line, col;
  reportx_doc_line_col(doc, 6, &line, &col); /* 工 */
  assert_int_equal(line, 2);
  assert_int_equal(col, 3);
  reportx_doc_line_col(doc, 9, &line, &col); /* 二 */
  assert_int_equal(line, 3);
  assert_int_equal(col, 1);
  reportx_doc_free(doc);
  free(gb);

  /* errors come through with the reader's place and message */
  assert_int_equal(reportx_parse(U16 "\n\xff", sizeof U16 + 1, &o, &doc, &err), REPORTX_ERR_DECODE);
  assert_null(doc);
  assert_int_equal(err.byte_offset, 49);
  assert_int_equal(err.line, 2);
  assert_int_equal(err.column, 1);
  assert_string_equal(err.message, "invalid UTF-8 byte 0xff at byte 49 (line 2, column 1)");
  o.encoding = "BOGUS";
  assert_int_equal(reportx_parse("x", 1, &o, &doc, &err), REPORTX_ERR_ENCODING);
}

/* ---------------------------------------------------------------- allocation failures */

static long alloc_budget = -1; /* allocations left before failing; -1: unlimited */
static long alloc_live;

static void *fail_malloc(size_t n) {
  if (alloc_budget == 0) return NULL;
  if (alloc_budget > 0) alloc_budget--;
  void *p = malloc(n);
  if (p) alloc_live++;
  return p;
}
static void *fail_realloc(void *p, size_t n) {
  if (alloc_budget == 0) return NULL;
  if (alloc_budget > 0) alloc_budget--;
  void *q = realloc(p, n);
  if (q && !p) alloc_live++;
  return q;
}
static void fail_free(void *p) {
  if (p) alloc_live--;
  free(p);
}

/* Fails the n-th allocation for every n until decoding succeeds: each failure must be a
 * clean REPORTX_ERR_NOMEM that leaks nothing. */
static void nomem_sweep(const void *buf, size_t len, unsigned flags, size_t chunk) {
  reportx_set_allocator(fail_malloc, fail_realloc, fail_free);
  for (long n = 0;; n++) {
    alloc_budget = n;
    alloc_live = 0;
    reportx_options o;
    reportx_options_init(&o);
    o.flags = flags;
    rx_reader *r = rx_reader_new(&o);
    reportx_status st = REPORTX_ERR_NOMEM;
    rx_text t;
    memset(&t, 0, sizeof t);
    if (r) {
      reportx_error err;
      st = REPORTX_OK;
      for (size_t i = 0; i < len && !st; i += chunk)
        st = rx_reader_feed(r, (const unsigned char *)buf + i, len - i < chunk ? len - i : chunk, &err);
      if (!st) st = rx_reader_finish(r, &t, &err);
      if (st) {
        assert_int_equal(err.status, REPORTX_ERR_NOMEM);
        assert_string_equal(err.message, "out of memory");
      }
      rx_reader_free(r);
    }
    rx_text_free(&t);
    alloc_budget = -1;
    if (alloc_live != 0) fail_msg("allocation %ld failed: %ld block(s) leaked", n, alloc_live);
    if (st == REPORTX_OK) break;
    assert_int_equal(st, REPORTX_ERR_NOMEM);
    assert_true(n < 10000);
  }
  reportx_set_allocator(NULL, NULL, NULL);
}

static void test_nomem(void **state) {
  (void)state;
  char big[5000];
  for (size_t i = 0; i < sizeof big; i++) big[i] = i % 80 == 79 ? '\n' : 'a';
  nomem_sweep(big, sizeof big, 0, 700);
  nomem_sweep(SAMPLE, strlen(SAMPLE), 0, 3);
  size_t len;
  unsigned char *gb = conv("GB18030", SAMPLE, &len);
  nomem_sweep(gb, len, 0, 5);
  unsigned char *bad = cat3(gb, len, "\x81\x20", 2, gb, len, &len);
  nomem_sweep(bad, len, REPORTX_OPT_LOSSY, 4); /* lossy GB18030 trial, kept raw bytes */
  free(bad);
  free(gb);
  nomem_sweep("ab\n\xff" "cd\xe4", 7, REPORTX_OPT_LOSSY, 2); /* trial lost: re-decoded as UTF-8 */
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_utf8_plain),
      cmocka_unit_test(test_utf8_bom),
      cmocka_unit_test(test_utf16),
      cmocka_unit_test(test_gb18030),
      cmocka_unit_test(test_line_endings),
      cmocka_unit_test(test_invalid_utf8),
      cmocka_unit_test(test_invalid_gb18030),
      cmocka_unit_test(test_invalid_utf16),
      cmocka_unit_test(test_lossy),
      cmocka_unit_test(test_empty),
      cmocka_unit_test(test_binary),
      cmocka_unit_test(test_forced),
      cmocka_unit_test(test_unknown_encoding),
      cmocka_unit_test(test_max_size),
      cmocka_unit_test(test_sticky_error),
      cmocka_unit_test(test_fixtures),
      cmocka_unit_test(test_block_phases),
      cmocka_unit_test(test_cp_byte_roundtrip),
      cmocka_unit_test(test_public_api),
      cmocka_unit_test(test_nomem),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
