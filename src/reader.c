/*
 * reader.c — bytes → UTF-8 text (SPEC §1). Consumes the input in chunks of any size and
 * produces an rx_text: the decoded text, code point checkpoints and line starts.
 *
 * Modes:
 *   DETECT  the first bytes are held back until a BOM can be ruled in or out
 *   UTF8    validated here (never through iconv); valid runs are copied to the text
 *   ICONV   UTF-16LE/BE (after a BOM), GB18030, or a forced encoding, through iconv
 *
 * Auto-detection without a BOM starts as a UTF-8 "trial": while the input is valid UTF-8
 * the text is byte-for-byte the input, so the text buffer doubles as the raw bytes. On the
 * first invalid sequence the bytes so far are re-decoded from the start as GB18030. When
 * GB18030 fails as well, the decoding that got further into the input is believed (ties go
 * to UTF-8), see docs/encodings.md. After RX_TRIAL_COMMIT valid multibyte UTF-8 characters
 * the input is taken to be UTF-8 for good: GB18030 text practically never forms that many
 * valid UTF-8 sequences, while a UTF-8 file with one corrupt byte would otherwise turn into
 * GB18030 mojibake.
 *
 * The analysis (code point checkpoints, line starts, NUL and control characters) runs over
 * each freshly decoded segment while the input bytes that produced it are still at hand,
 * so a NUL or control character can be located in the input.
 */
#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "reader.h"
#include "utf8.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#define RX_TRIAL_COMMIT 16 /* valid multibyte UTF-8 characters that settle the trial */
#define RX_CARRY_MAX 32    /* longest incomplete character carried between chunks */

enum { M_DETECT, M_UTF8, M_ICONV };

struct rx_reader {
  reportx_options opts;
  int mode;
  int forced;             /* options->encoding was given */
  int lossy;
  reportx_status status;  /* sticky: after an error the reader is spent */
  reportx_error err;
  size_t total;           /* input bytes fed so far */

  unsigned char hdr[4];   /* DETECT: bytes held back while looking for a BOM */
  size_t hlen;
  size_t bom_len;         /* input bytes of the BOM that detection removed */

  unsigned char carry[RX_CARRY_MAX]; /* incomplete character at the end of the last chunk */
  size_t clen, carry_off;

  int trial;              /* UTF-8 without BOM, still unsure: see the banner */
  size_t trial_mb;
  int trial_gb;           /* decoding as GB18030 because UTF-8 failed at u8err.byte_offset */
  reportx_error u8err;
  unsigned char *raw;     /* lossy GB18030 trial: every input byte, to re-decode as UTF-8 */
  size_t rawlen, rawcap;
  int restarted;          /* the current top-level chunk was consumed by a re-decode */

  iconv_t cd, cd_map;     /* cd_map: a second converter to map text offsets back to input */
  char from[64];          /* iconv name of the source encoding */
  size_t unit;            /* code unit in bytes: what lossy mode skips after an error */
  int bom_checked;        /* ICONV: a leading U+FEFF has been looked for */

  rx_text t;              /* the text being built */
  size_t tcap, ckcap, lncap;
  size_t an_pos;          /* bytes of t.s analysed */
  int pending_cr;         /* the analysed text ends with CR: is a LF next? */
  size_t nctrl;           /* C0 controls other than \t \n \v \f \r */
  size_t ctrl_t, ctrl_in; /* the first one: text offset, input offset */
  unsigned ctrl_byte;
};

/* How text produced by one decoding step maps back to input offsets: linearly (UTF-8 runs:
 * in_off + distance), or through iconv (in != NULL: re-convert `in` to find the place). */
typedef struct seg_map {
  const unsigned char *in;
  size_t in_len;
  size_t in_off;
  size_t out_skip; /* output bytes produced from `in` that are not in the text (a BOM) */
} seg_map;

static reportx_status decode(rx_reader *r, const unsigned char *p, size_t n, size_t off);

/* ---------------------------------------------------------------- errors */

#if defined(__GNUC__) || defined(__clang__)
__attribute__((format(printf, 6, 7)))
#endif
static reportx_status fail(rx_reader *r, reportx_status st, size_t off, size_t line, size_t col,
                           const char *fmt, ...) {
  reportx_error *e = &r->err;
  memset(e, 0, sizeof *e);
  e->status = st;
  e->byte_offset = off;
  e->line = line;
  e->column = col;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(e->message, sizeof e->message, fmt, ap);
  va_end(ap);
  r->status = st;
  return st;
}

static reportx_status nomem(rx_reader *r) {
  return fail(r, REPORTX_ERR_NOMEM, 0, 0, 0, "out of memory");
}

/* Line and column of text offset `pos` in the text decoded so far (pos <= an_pos). */
static void pos_line_col(const rx_reader *r, size_t pos, size_t *line, size_t *col) {
  const unsigned char *s = (const unsigned char *)r->t.s;
  if (r->pending_cr && pos >= r->an_pos) { /* a CR not followed by LF has ended the line */
    *line = r->t.nlines + 1;
    *col = 1;
    return;
  }
  size_t lo = 0, hi = r->t.nlines; /* first line start > pos */
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (r->t.lines[mid] <= pos) lo = mid + 1;
    else hi = mid;
  }
  size_t start = lo ? r->t.lines[lo - 1] : 0, n = 1;
  for (size_t i = start; i < pos; i++) n += (s[i] & 0xC0) != 0x80;
  *line = lo ? lo : 1;
  *col = n;
}

/* "0x81 0x20" */
static void hex_bytes(char *buf, size_t cap, const unsigned char *p, size_t n) {
  size_t k = 0;
  buf[0] = '\0';
  for (size_t i = 0; i < n && k + 6 < cap; i++) k += (size_t)snprintf(buf + k, cap - k, i ? " 0x%02x" : "0x%02x", p[i]);
}

/* ---------------------------------------------------------------- growth */

static int text_reserve(rx_reader *r, size_t extra) {
  size_t need = r->t.len + extra + 1; /* +1: room for the final NUL */
  if (need < extra) return -1;
  if (need <= r->tcap) return 0;
  size_t ncap = r->tcap + r->tcap / 2;
  if (ncap < need) ncap = need;
  char *p = rx_realloc(r->t.s, ncap);
  if (!p) return -1;
  r->t.s = p;
  r->tcap = ncap;
  return 0;
}

static int raw_append(rx_reader *r, const unsigned char *p, size_t n) {
  if (!n) return 0;
  if (rx_grow((void **)&r->raw, &r->rawcap, r->rawlen + n, 1)) return -1;
  memcpy(r->raw + r->rawlen, p, n);
  r->rawlen += n;
  return 0;
}

static void raw_free(rx_reader *r) {
  rx_free(r->raw);
  r->raw = NULL;
  r->rawlen = r->rawcap = 0;
}

/* ---------------------------------------------------------------- analysis */

#define ONES UINT64_C(0x0101010101010101)
#define HIGHS UINT64_C(0x8080808080808080)

/* Input offset of text offset `pos`, which lies in the segment starting at text offset
 * `seg0` decoded through map `m`. For iconv segments the segment's input is converted
 * again with the output capped at the bytes before `pos`: iconv then stops exactly at the
 * character that produced `pos` (E2BIG), and its input pointer is the answer. Stateful
 * encodings restart from the initial shift state, so there the answer is approximate. */
static size_t map_offset(rx_reader *r, const seg_map *m, size_t seg0, size_t pos) {
  if (!m->in) return m->in_off + (pos - seg0);
  if (r->cd_map == (iconv_t)-1) {
    r->cd_map = iconv_open("UTF-8", r->from);
    if (r->cd_map == (iconv_t)-1) return m->in_off;
  }
  iconv(r->cd_map, NULL, NULL, NULL, NULL);
  char scratch[1024];
  char *ip = (char *)m->in;
  size_t il = m->in_len, want = m->out_skip + (pos - seg0);
  while (want > 0 && il > 0) {
    char *op = scratch;
    size_t ol = want < sizeof scratch ? want : sizeof scratch;
    size_t rc = iconv(r->cd_map, &ip, &il, &op, &ol);
    size_t got = (size_t)(op - scratch);
    want -= got;
    if ((rc == (size_t)-1 && errno != E2BIG) || got == 0) break;
  }
  return m->in_off + (size_t)((const unsigned char *)ip - m->in);
}

static int push_line(rx_reader *r, size_t start) {
  if (rx_grow((void **)&r->t.lines, &r->lncap, r->t.nlines + 1, sizeof(size_t))) return -1;
  r->t.lines[r->t.nlines++] = start;
  return 0;
}

static int push_ckpt(rx_reader *r, size_t n) {
  if (rx_grow((void **)&r->t.ckpt, &r->ckcap, r->t.nckpt + 1, sizeof(size_t))) return -1;
  r->t.ckpt[r->t.nckpt++] = n;
  return 0;
}

/* One byte below 0x20 at text offset j (segment from seg0, map m): line starts, the NUL
 * that ends the reading, the first of the other controls. */
static reportx_status control(rx_reader *r, const seg_map *m, size_t seg0, size_t j, size_t end) {
  const unsigned char *s = (const unsigned char *)r->t.s;
  unsigned c = s[j];
  if (c == '\n') {
    if (push_line(r, j + 1)) return nomem(r);
  } else if (c == '\r') {
    if (j + 1 == end) r->pending_cr = 1;
    else if (s[j + 1] != '\n' && push_line(r, j + 1)) return nomem(r);
  } else if (c == 0) {
    r->an_pos = j;
    size_t off = map_offset(r, m, seg0, j), line, col;
    pos_line_col(r, j, &line, &col);
    return fail(r, REPORTX_ERR_BINARY, off, line, col, "input looks binary (NUL %s at byte %zu)",
                r->unit == 1 ? "byte" : "character", off);
  } else if (c != '\t' && c != '\v' && c != '\f') {
    if (r->nctrl++ == 0) {
      r->ctrl_t = j;
      r->ctrl_byte = c;
      r->ctrl_in = map_offset(r, m, seg0, j);
    }
  }
  return REPORTX_OK;
}

/* Analyses the text from an_pos to its end, which segment map `m` decoded. Eight bytes at
 * a time (sixteen with SSE2): each word adds its non-continuation bytes to the code point
 * count, and only the bytes below 0x20 of the rare word holding some (LF every ~100 bytes)
 * are looked at. Checkpoints fall on multiples of RX_TEXT_CKPT, which are multiples of 16
 * but not aligned with the words of a segment, hence the inner loop bounded by the next
 * checkpoint. */
static reportx_status analyze(rx_reader *r, const seg_map *m) {
  const unsigned char *s = (const unsigned char *)r->t.s;
  size_t i = r->an_pos, end = r->t.len, seg0 = i, nch = r->t.nchars;
  reportx_status st;
  if (i >= end) return REPORTX_OK;
  if (r->t.nlines == 0 && push_line(r, 0)) return nomem(r);
  if (r->pending_cr) {
    r->pending_cr = 0;
    if (s[i] != '\n' && push_line(r, i)) return nomem(r);
  }
  while (i < end) {
    if ((i & (RX_TEXT_CKPT - 1)) == 0 && push_ckpt(r, nch)) return nomem(r);
    size_t bend = (i | (RX_TEXT_CKPT - 1)) + 1;
    if (bend > end) bend = end;
#ifdef __SSE2__
    /* continuation bytes (signed: below -64) add one to their lane, at most
     * RX_TEXT_CKPT / 16 per lane before the block's checkpoint */
    if (i + 16 <= bend) {
      __m128i acc = _mm_setzero_si128();
      size_t i0 = i;
      for (; i + 16 <= bend; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
        acc = _mm_sub_epi8(acc, _mm_cmplt_epi8(v, _mm_set1_epi8(-64)));
        /* bytes below 0x20: signed below 0x20 and not negative */
        unsigned ctl = (unsigned)_mm_movemask_epi8(_mm_cmplt_epi8(v, _mm_set1_epi8(0x20))) &
                       ~(unsigned)_mm_movemask_epi8(v);
        for (; ctl; ctl &= ctl - 1)
          if ((st = control(r, m, seg0, i + (size_t)__builtin_ctz(ctl), end))) return st;
      }
      acc = _mm_sad_epu8(acc, _mm_setzero_si128());
      nch += (i - i0) - (size_t)_mm_cvtsi128_si32(acc) - (size_t)_mm_cvtsi128_si32(_mm_srli_si128(acc, 8));
    }
#endif
    while (i < bend) {
      uint64_t ctl;
      size_t base = i, stop;
      if (i + 8 <= bend) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        nch += 8 - rx_utf8_cont_bytes(w);
        /* bit 7 of each byte below 0x20: (low 7 bits + 0x60) reaches bit 7 from 0x20 on,
         * and cannot carry into the next byte */
        ctl = ~((((w & ~HIGHS) + 0x60 * ONES) | w)) & HIGHS;
        i += 8;
        if (!ctl) continue;
        stop = i;
      } else { /* the tail of a segment or checkpoint block */
        ctl = 0;
        stop = bend;
        for (size_t j = i; j < stop; j++) {
          nch += (s[j] & 0xC0) != 0x80;
          if (s[j] < 0x20) ctl |= (uint64_t)0x80 << (8 * (j - base));
        }
        i = stop;
      }
      for (size_t j = base; ctl && j < stop; j++, ctl >>= 8)
        if ((ctl & 0x80) && (st = control(r, m, seg0, j, end))) return st;
    }
  }
  r->an_pos = end;
  r->t.nchars = nch;
  return REPORTX_OK;
}

static void analysis_reset(rx_reader *r) {
  r->t.len = r->t.nchars = r->t.nckpt = r->t.nlines = 0;
  r->an_pos = 0;
  r->pending_cr = 0;
  r->nctrl = 0;
  r->t.replaced = r->t.first_replaced = 0;
}

/* Appends U+FFFD for an invalid sequence at input offset `off` (lossy mode). */
static reportx_status replace(rx_reader *r, size_t off) {
  if (text_reserve(r, 3)) return nomem(r);
  memcpy(r->t.s + r->t.len, "\xEF\xBF\xBD", 3);
  r->t.len += 3;
  if (r->t.replaced++ == 0) r->t.first_replaced = off;
  seg_map m = {NULL, 0, off, 0};
  return analyze(r, &m);
}

/* ---------------------------------------------------------------- UTF-8 */

#ifdef __SSE2__
/* Sixteen bytes at p made only of ASCII and three-byte characters with leads E1–EC, EE,
 * EF (the common case of the scalar loop below), the last of them maybe cut by the end of
 * the block: returns the bytes up to that last character (14 to 16) and adds the complete
 * characters to *nmb (unless nmb is NULL), or returns 0 when the block holds anything
 * else (the scalar loop then judges it). In the bit masks bit k is byte k: every
 * continuation byte must be one or two after a lead, every lead followed by two
 * continuation bytes or the block's end. */
static size_t utf8_block3(const unsigned char *p, size_t *nmb) {
  __m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
  /* signed bytes: 80–BF are -128..-65, E1–EF are -31..-17 */
  unsigned high = (unsigned)_mm_movemask_epi8(v);
  unsigned cont = (unsigned)_mm_movemask_epi8(_mm_cmplt_epi8(v, _mm_set1_epi8(-64)));
  unsigned lead = (unsigned)_mm_movemask_epi8(
      _mm_andnot_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xED)),
                       _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8(-32)), _mm_cmplt_epi8(v, _mm_set1_epi8(-16)))));
  unsigned follow = (lead << 1) | (lead << 2);
  if ((cont | lead) != high || (follow & 0xFFFFu) != cont) return 0;
  /* a lead at byte 14 or 15 (not both: 15 would be a continuation) starts a character
   * cut by the block's end: the block stops there (no branch, the place is random) */
  size_t len = 16 - 2 * ((lead >> 14) & 1u) - ((lead >> 15) & 1u);
  if (!nmb) return len;
  /* the complete characters: bits set in lead below 14, summed in pairs, then nibbles,
   * then bytes */
  lead &= 0x3FFFu;
  lead = lead - ((lead >> 1) & 0x5555u);
  lead = (lead & 0x3333u) + ((lead >> 2) & 0x3333u);
  lead = (lead + (lead >> 4)) & 0x0F0Fu;
  *nmb += (lead + (lead >> 8)) & 0x1Fu;
  return len;
}
#endif

/* Length of the longest prefix of p[0..n) made of complete, valid UTF-8 characters.
 * *bad = 0 when it stops at the end or before an incomplete (so far valid) character at
 * the end; else *bad = length (>= 1) of the maximal invalid subpart at p[result], the bytes
 * that a lossy decoder replaces by one U+FFFD (Unicode's "maximal subpart" practice).
 * Overlongs (C0, C1, E0 80–9F, F0 80–8F), surrogates (ED A0–BF) and code points above
 * U+10FFFF (F4 90–, F5–FF) are invalid. *mb counts the multibyte characters (when mb is
 * not NULL: only the UTF-8 trial needs them). */
static size_t utf8_prefix(const unsigned char *p, size_t n, size_t *bad, size_t *mb) {
  size_t i = 0, nmb = 0;
#ifdef __SSE2__
  size_t retry = 0; /* where the block test is tried again */
#endif
  *bad = 0;
  while (i < n) {
#ifdef __SSE2__
    /* sixteen bytes at a time while they are plain; a block that is not is left to the
     * character-by-character loop below until it has been passed */
    if (i >= retry && i + 16 <= n) {
      size_t k = utf8_block3(p + i, mb ? &nmb : NULL);
      if (k) {
        i += k;
        continue;
      }
      retry = i + 16;
    }
#endif
    /* Chinese text is nearly all three-byte characters with leads E1–EC, EE, EF, where
     * any two continuation bytes are valid: those first, with one test for both. */
    if (i + 2 < n) {
      unsigned c = p[i];
      if (c - 0xE1u <= 0x0Eu && c != 0xED && ((p[i + 1] ^ 0x80u) | (p[i + 2] ^ 0x80u)) < 0x40u) {
        i += 3;
        nmb++;
        continue;
      }
    }
    if (p[i] < 0x80) { /* ASCII: a word at a time */
      i++;
      while (i + 8 <= n) {
        uint64_t w;
        memcpy(&w, p + i, 8);
        if (w & HIGHS) break;
        i += 8;
      }
      while (i < n && p[i] < 0x80) i++;
      continue;
    }
    unsigned c = p[i], lo = 0x80, hi = 0xBF;
    size_t need;
    if (c >= 0xC2 && c <= 0xDF) need = 1;
    else if (c == 0xE0) need = 2, lo = 0xA0;
    else if (c == 0xED) need = 2, hi = 0x9F;
    else if (c >= 0xE1 && c <= 0xEF) need = 2;
    else if (c == 0xF0) need = 3, lo = 0x90;
    else if (c == 0xF4) need = 3, hi = 0x8F;
    else if (c >= 0xF1 && c <= 0xF3) need = 3;
    else {
      *bad = 1;
      break;
    }
    if (i + 1 >= n) break; /* incomplete */
    if (p[i + 1] < lo || p[i + 1] > hi) {
      *bad = 1;
      break;
    }
    size_t k = 2;
    while (k <= need && i + k < n && (p[i + k] & 0xC0) == 0x80) k++;
    if (k <= need) {
      if (i + k < n) *bad = k; /* else incomplete */
      break;
    }
    i += need + 1;
    nmb++;
  }
  if (mb) *mb = nmb;
  return i;
}

static reportx_status utf8_error(rx_reader *r, const unsigned char *q, size_t m, size_t i, size_t bad,
                                 size_t off) {
  char hex[64];
  size_t line, col, show = bad + (i + bad < m); /* the subpart and the byte that broke it */
  unsigned c = q[i];
  int lead = c >= 0xC2 && c <= 0xF4;
  pos_line_col(r, r->t.len, &line, &col);
  hex_bytes(hex, sizeof hex, q + i, lead ? show : 1);
  return fail(r, REPORTX_ERR_DECODE, off, line, col, "invalid UTF-8 %s %s at byte %zu (line %zu, column %zu)",
              lead ? "sequence" : "byte", hex, off, line, col);
}

/* Decodes q[0..m) (q[0] at input offset `off`) as UTF-8. *used gets the bytes consumed; the
 * rest is an incomplete character. *sw is set when a trial meets an invalid sequence at
 * q[*used]: the caller switches to GB18030 with the bytes from there on. */
static reportx_status utf8_run(rx_reader *r, const unsigned char *q, size_t m, size_t off, size_t *used,
                               int *sw) {
  size_t i = 0;
  *sw = 0;
  while (i < m) {
    size_t bad, mb = 0, v = utf8_prefix(q + i, m - i, &bad, r->trial ? &mb : NULL);
    if (v) {
      if (text_reserve(r, v)) return nomem(r);
      memcpy(r->t.s + r->t.len, q + i, v);
      r->t.len += v;
      seg_map sm = {NULL, 0, off + i, 0};
      reportx_status st = analyze(r, &sm);
      if (st) return st;
      if (r->trial && (r->trial_mb += mb) >= RX_TRIAL_COMMIT) r->trial = 0;
      i += v;
    }
    if (!bad) break;
    if (r->trial) {
      /* Remember the UTF-8 verdict (place in the UTF-8 reading) before the text is
       * re-decoded; it is reported if GB18030 does no better. */
      utf8_error(r, q, m, i, bad, off + i);
      r->u8err = r->err;
      r->status = REPORTX_OK;
      *used = i;
      *sw = 1;
      return REPORTX_OK;
    }
    if (!r->lossy) return utf8_error(r, q, m, i, bad, off + i);
    reportx_status st = replace(r, off + i);
    if (st) return st;
    i += bad;
  }
  *used = i;
  return REPORTX_OK;
}

/* ---------------------------------------------------------------- iconv */

static int is_name(const char *name, const char *want) {
  /* case-insensitive, ignoring '-' and '_': "utf_8" is "UTF-8" */
  for (;;) {
    while (*name == '-' || *name == '_') name++;
    char a = *name, b = *want;
    if (a >= 'a' && a <= 'z') a = (char)(a - 'a' + 'A');
    if (a != b) return 0;
    if (!a) return 1;
    name++;
    want++;
  }
}

static size_t unit_of(const char *name) {
  char up[16];
  size_t k = 0;
  for (; *name && k + 1 < sizeof up; name++) {
    if (*name == '-' || *name == '_') continue;
    up[k++] = (char)(*name >= 'a' && *name <= 'z' ? *name - 'a' + 'A' : *name);
  }
  up[k] = '\0';
  if (!strncmp(up, "UTF16", 5) || !strncmp(up, "UCS2", 4)) return 2;
  if (!strncmp(up, "UTF32", 5) || !strncmp(up, "UCS4", 4)) return 4;
  return 1;
}

/* Opens the converter from r->from. Returns 0 or -1 with errno from iconv_open. */
static int open_cd(rx_reader *r) {
  r->cd = iconv_open("UTF-8", r->from);
  return r->cd == (iconv_t)-1 ? -1 : 0;
}

static reportx_status iconv_error(rx_reader *r, reportx_status st, const unsigned char *at, size_t avail,
                                  size_t off) {
  char hex[64];
  size_t line, col, show = r->unit;
  int gb = is_name(r->from, "GB18030") || is_name(r->from, "GBK") || is_name(r->from, "GB2312") ||
           is_name(r->from, "CP936");
  if (gb) show = at[0] >= 0x81 && at[0] <= 0xFE ? 2 : 1;
  if (r->unit == 2 && avail >= 2) { /* a high surrogate is judged with what follows it */
    unsigned hi = is_name(r->from, "UTF16BE") ? at[0] : at[1];
    if (hi >= 0xD8 && hi <= 0xDB) show = 4;
  }
  if (show > avail) show = avail;
  pos_line_col(r, r->t.len, &line, &col);
  if (st == REPORTX_ERR_TRUNCATED)
    return fail(r, st, off, line, col, "input ends inside a %s character at byte %zu (line %zu, column %zu)",
                r->t.encoding, off, line, col);
  hex_bytes(hex, sizeof hex, at, show);
  return fail(r, st, off, line, col, "invalid %s byte%s %s at byte %zu (line %zu, column %zu)", r->t.encoding,
              show > 1 ? " sequence" : "", hex, off, line, col);
}

/* Lossy GB18030 trial lost to UTF-8: decode every input byte again as lossy UTF-8. The
 * frames below are iterating the input; `restarted` tells them it has all been handled. */
static reportx_status restart_utf8(rx_reader *r) {
  r->trial_gb = 0;
  r->mode = M_UTF8;
  r->unit = 1;
  snprintf(r->t.encoding, sizeof r->t.encoding, "UTF-8");
  analysis_reset(r);
  r->t.bom = 0; /* a GB18030 BOM is not one in UTF-8 */
  r->clen = 0;
  reportx_status st = decode(r, r->raw, r->rawlen, 0);
  r->restarted = 1;
  return st;
}

/* Strips a U+FEFF that begins the output of a converter (a BOM the converter passed on).
 * Returns the number of output bytes removed. */
static size_t strip_bom(rx_reader *r, size_t out0) {
  if (r->bom_checked || r->t.len == out0) return 0;
  r->bom_checked = 1;
  if (out0 == 0 && r->t.len >= 3 && !memcmp(r->t.s, "\xEF\xBB\xBF", 3)) {
    memmove(r->t.s, r->t.s + 3, r->t.len - 3);
    r->t.len -= 3;
    r->t.bom = 1;
    return 3;
  }
  return 0;
}

static reportx_status iconv_run(rx_reader *r, const unsigned char *q, size_t m, size_t off, size_t *used) {
  char *in = (char *)q;
  size_t left = m;
  int big = 0;
  while (left > 0) {
    /* GB18030 and UTF-16 need at most 1.5 output bytes per input byte; other encodings
     * may need more, which E2BIG reports. */
    size_t want = big ? left * 4 + 64 : left + left / 2 + 16;
    if (want < left || text_reserve(r, want)) return nomem(r);
    size_t out0 = r->t.len, room = r->tcap - r->t.len - 1;
    char *out = r->t.s + out0, *in0 = in;
    errno = 0;
    size_t rc = iconv(r->cd, &in, &left, &out, &room);
    int e = errno;
    r->t.len = (size_t)(out - r->t.s);
    size_t skip = strip_bom(r, out0);
    seg_map sm = {(const unsigned char *)in0, (size_t)(in - in0), off + (size_t)(in0 - (char *)q), skip};
    reportx_status st = analyze(r, &sm);
    if (st) return st;
    if (rc != (size_t)-1) break;
    if (e == E2BIG) {
      big = 1;
      continue;
    }
    if (e == EINVAL) break; /* incomplete character at the end: carried */
    size_t pos = off + (size_t)(in - (char *)q);
    if (r->trial_gb) {
      if (pos <= r->u8err.byte_offset) { /* UTF-8 got as far: it wins */
        if (!r->lossy) {
          r->err = r->u8err;
          return r->status = r->u8err.status;
        }
        return restart_utf8(r);
      }
      r->trial_gb = 0; /* GB18030 got further: it is the encoding */
    }
    if (!r->lossy) return iconv_error(r, REPORTX_ERR_DECODE, (unsigned char *)in, left, pos);
    if ((st = replace(r, pos))) return st;
    size_t k = r->unit < left ? r->unit : left;
    in += k;
    left -= k;
  }
  *used = m - left;
  return REPORTX_OK;
}

/* UTF-8 trial failed at the end of the validated text: the text so far is the raw input;
 * with the rest of the current frame (a, b) it is decoded again from the start. */
static reportx_status switch_to_gb(rx_reader *r, const unsigned char *a, size_t an, const unsigned char *b,
                                   size_t bn) {
  r->raw = (unsigned char *)r->t.s;
  r->rawlen = r->t.len;
  r->rawcap = r->tcap;
  r->t.s = NULL;
  r->tcap = 0;
  r->trial = 0;
  r->trial_gb = 1;
  if (raw_append(r, a, an) || raw_append(r, b, bn)) return nomem(r);
  analysis_reset(r);
  r->mode = M_ICONV;
  r->unit = 1;
  r->bom_checked = 0;
  snprintf(r->from, sizeof r->from, "GB18030");
  snprintf(r->t.encoding, sizeof r->t.encoding, "GB18030");
  if (open_cd(r)) { /* no GB18030 converter: the UTF-8 verdict stands */
    if (errno == ENOMEM) return nomem(r);
    r->err = r->u8err;
    return r->status = r->u8err.status;
  }
  r->clen = 0;
  reportx_status st = decode(r, r->raw, r->rawlen, 0);
  r->restarted = 1;
  if (!r->lossy) raw_free(r); /* strict: a later GB18030 failure just picks an error */
  return st;
}

/* ---------------------------------------------------------------- the decoding loop */

static reportx_status run(rx_reader *r, const unsigned char *q, size_t m, size_t off, size_t *used, int *sw) {
  *sw = 0;
  if (r->mode == M_UTF8) return utf8_run(r, q, m, off, used, sw);
  return iconv_run(r, q, m, off, used);
}

/* Decodes p[0..n) (p[0] at input offset `off`) in the current mode. A character left
 * incomplete by the previous chunk is completed first through a small buffer holding the
 * carried bytes and the head of this chunk; an incomplete character at the end is carried.
 * A mode switch or restart re-decodes the input from the start and sets `restarted`: the
 * bytes of this call have then been handled. */
static reportx_status decode(rx_reader *r, const unsigned char *p, size_t n, size_t off) {
  reportx_status st;
  size_t c;
  int sw;
  if (r->clen) {
    unsigned char tmp[2 * RX_CARRY_MAX];
    size_t cl = r->clen, coff = r->carry_off, take = n < sizeof tmp - cl ? n : sizeof tmp - cl, tm = cl + take;
    memcpy(tmp, r->carry, cl);
    memcpy(tmp + cl, p, take);
    r->clen = 0;
    if ((st = run(r, tmp, tm, coff, &c, &sw))) return st;
    if (sw) return switch_to_gb(r, tmp + c, tm - c, p + take, n - take);
    if (r->restarted) return REPORTX_OK;
    if (c < cl) { /* still incomplete: this chunk was too short to finish it */
      if (take < n || tm - c > RX_CARRY_MAX) return iconv_error(r, REPORTX_ERR_DECODE, tmp + c, tm - c, coff + c);
      memcpy(r->carry, tmp + c, tm - c);
      r->clen = tm - c;
      r->carry_off = coff + c;
      return REPORTX_OK;
    }
    p += c - cl;
    n -= c - cl;
    off += c - cl;
  }
  if ((st = run(r, p, n, off, &c, &sw))) return st;
  if (sw) return switch_to_gb(r, p + c, n - c, NULL, 0);
  if (r->restarted) return REPORTX_OK;
  if (n - c > RX_CARRY_MAX) /* no real encoding leaves this much undecided */
    return iconv_error(r, REPORTX_ERR_DECODE, p + c, n - c, off + c);
  memcpy(r->carry, p + c, n - c);
  r->clen = n - c;
  r->carry_off = off + c;
  return REPORTX_OK;
}

/* A top-level decoding call: one caller chunk (or the held-back header). */
static reportx_status decode_top(rx_reader *r, const unsigned char *p, size_t n, size_t off) {
  if (!n) return REPORTX_OK;
  if (r->raw && raw_append(r, p, n)) return nomem(r);
  r->restarted = 0;
  reportx_status st = decode(r, p, n, off);
  r->restarted = 0;
  if (r->raw && !(r->lossy && r->trial_gb)) raw_free(r);
  return st;
}

/* ---------------------------------------------------------------- detection */

static reportx_status set_iconv_mode(rx_reader *r, const char *name) {
  snprintf(r->from, sizeof r->from, "%s", name);
  snprintf(r->t.encoding, sizeof r->t.encoding, "%s", name);
  r->mode = M_ICONV;
  r->unit = unit_of(name);
  if (open_cd(r)) {
    if (errno == ENOMEM) return nomem(r);
    return fail(r, REPORTX_ERR_ENCODING, 0, 0, 0, "unknown encoding \"%s\" (no converter from it to UTF-8)", name);
  }
  return REPORTX_OK;
}

/* Looks at the held-back bytes; decides once a BOM is certain or ruled out (or at the end
 * of the input). Returns 1 when decided; then *data says whether hdr holds text bytes. */
static int detect(rx_reader *r, int final, int *data) {
  const unsigned char *h = r->hdr;
  size_t n = r->hlen;
  int bom = 0;
  const char *enc = NULL;
  if (h[0] == 0xEF) {
    if (n >= 2 && h[1] != 0xBB) bom = -1;
    else if (n == 3) bom = h[2] == 0xBF ? 1 : -1;
  } else if (!r->forced && (h[0] == 0xFF || h[0] == 0xFE)) {
    if (n >= 2) {
      bom = h[1] == (h[0] ^ 1) ? 1 : -1; /* FF FE or FE FF */
      enc = h[0] == 0xFF ? "UTF-16LE" : "UTF-16BE";
    }
  } else {
    bom = -1;
  }
  if (bom == 0 && !final) return 0;
  if (bom == 1) {
    r->bom_len = n;
    r->t.bom = 1;
    r->bom_checked = 1;
    *data = 0;
  } else {
    *data = 1;
  }
  if (bom == 1 && enc) return set_iconv_mode(r, enc) ? -1 : 1;
  r->mode = M_UTF8;
  r->unit = 1;
  r->trial = !r->forced && bom != 1;
  if (!r->forced) snprintf(r->t.encoding, sizeof r->t.encoding, "UTF-8");
  return 1;
}

/* ---------------------------------------------------------------- API */

rx_reader *rx_reader_new(const reportx_options *options) {
  rx_reader *r = rx_calloc(1, sizeof *r);
  if (!r) return NULL;
  if (options) r->opts = *options;
  else reportx_options_init(&r->opts);
  if (!r->opts.max_size) r->opts.max_size = REPORTX_DEFAULT_MAX_SIZE;
  r->lossy = (r->opts.flags & REPORTX_OPT_LOSSY) != 0;
  r->cd = r->cd_map = (iconv_t)-1;
  r->unit = 1;
  r->mode = M_DETECT;
  const char *enc = r->opts.encoding;
  if (enc && *enc) {
    r->forced = 1;
    snprintf(r->t.encoding, sizeof r->t.encoding, "%s", enc);
    /* A forced UTF-8 keeps the fast validator (and BOM detection); anything else goes
     * through iconv, and an unknown name is reported by the first feed or finish. */
    if (!is_name(enc, "UTF8")) set_iconv_mode(r, enc);
  }
  if (r->status == REPORTX_ERR_NOMEM) {
    rx_reader_free(r);
    return NULL;
  }
  return r;
}

reportx_status rx_reader_feed(rx_reader *r, const unsigned char *buf, size_t len, reportx_error *err) {
  reportx_error local;
  if (!err) err = &local;
  if (!r->status && len > r->opts.max_size - r->total)
    fail(r, REPORTX_ERR_TOO_LARGE, r->opts.max_size, 0, 0, "input is larger than the limit of %zu bytes",
         r->opts.max_size);
  if (r->status) {
    *err = r->err;
    return r->status;
  }
  size_t off = r->total, i = 0;
  r->total += len;
  reportx_status st = REPORTX_OK;
  if (r->mode == M_DETECT) {
    int data = 0, d = 0;
    while (i < len && !d) {
      r->hdr[r->hlen++] = buf[i++];
      d = detect(r, 0, &data);
    }
    if (d < 0) st = r->status;
    else if (d && data) st = decode_top(r, r->hdr, r->hlen, 0);
  }
  if (!st) st = decode_top(r, buf + i, len - i, off + i);
  if (st) *err = r->err;
  return st;
}

reportx_status rx_reader_finish(rx_reader *r, rx_text *out, reportx_error *err) {
  reportx_error local;
  if (!err) err = &local;
  memset(out, 0, sizeof *out);
  reportx_status st = r->status;
  if (!st && r->mode == M_DETECT && r->hlen) {
    int data = 0;
    if (detect(r, 1, &data) < 0) st = r->status;
    else if (data) st = decode_top(r, r->hdr, r->hlen, 0);
  }
  /* an incomplete character at the end */
  while (!st && r->clen) {
    size_t pos = r->carry_off;
    if (r->trial_gb) {
      if (pos <= r->u8err.byte_offset) {
        if (!r->lossy) {
          r->err = r->u8err;
          st = r->status = r->u8err.status;
          break;
        }
        r->restarted = 0;
        st = restart_utf8(r); /* may leave a carry of its own: loop */
        continue;
      }
      r->trial_gb = 0;
    }
    if (!r->lossy) {
      size_t line, col;
      pos_line_col(r, r->t.len, &line, &col);
      st = fail(r, REPORTX_ERR_TRUNCATED, pos, line, col,
                "input ends inside a %s character at byte %zu (line %zu, column %zu)", r->t.encoding, pos, line,
                col);
      break;
    }
    r->clen = 0;
    st = replace(r, pos);
  }
  raw_free(r);
  r->trial_gb = 0;
  if (!st && r->pending_cr) {
    r->pending_cr = 0;
    if (push_line(r, r->t.len)) st = nomem(r);
  }
  if (!st && r->t.len == 0)
    st = fail(r, REPORTX_ERR_EMPTY, r->total, 1, 1, "%s",
              r->t.bom ? "input holds only a byte order mark" : "input is empty");
  /* more than one character in ten a control character: not text */
  if (!st && r->nctrl * 10 > r->t.nchars) {
    size_t line, col;
    pos_line_col(r, r->ctrl_t, &line, &col);
    st = fail(r, REPORTX_ERR_BINARY, r->ctrl_in, line, col,
              "input looks binary (%zu of %zu characters are control characters, the first 0x%02x at byte %zu)",
              r->nctrl, r->t.nchars, r->ctrl_byte, r->ctrl_in);
  }
  while (!st && r->t.nckpt < r->t.len / RX_TEXT_CKPT + 1)
    if (push_ckpt(r, r->t.nchars)) st = nomem(r);
  if (st) {
    r->status = st;
    *err = r->err;
    return st;
  }
  r->t.s[r->t.len] = '\0';
  if (r->tcap > r->t.len + 1 + r->t.len / 16) { /* give back the growth slack */
    char *p = rx_realloc(r->t.s, r->t.len + 1);
    if (p) r->t.s = p;
  }
  r->t.src_bytes = r->total;
  *out = r->t;
  memset(&r->t, 0, sizeof r->t);
  r->tcap = r->ckcap = r->lncap = 0;
  r->status = REPORTX_ERR_USAGE; /* spent */
  snprintf(r->err.message, sizeof r->err.message, "the reader was already finished");
  r->err.status = REPORTX_ERR_USAGE;
  return REPORTX_OK;
}

void rx_reader_free(rx_reader *r) {
  if (!r) return;
  if (r->cd != (iconv_t)-1) iconv_close(r->cd);
  if (r->cd_map != (iconv_t)-1) iconv_close(r->cd_map);
  rx_free(r->raw);
  rx_text_free(&r->t);
  rx_free(r);
}

/* ---------------------------------------------------------------- rx_text */

size_t rx_text_cp(const rx_text *t, size_t byte) {
  if (byte >= t->len) return t->nchars;
  size_t k = byte / RX_TEXT_CKPT;
  return t->ckpt[k] + rx_utf8_count((const unsigned char *)t->s + k * RX_TEXT_CKPT, byte - k * RX_TEXT_CKPT);
}

size_t rx_text_byte(const rx_text *t, size_t cp) {
  if (cp >= t->nchars) return t->len;
  /* the last checkpoint with ckpt[k] <= cp: code point cp starts at or after it */
  size_t lo = 0, hi = t->nckpt;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (t->ckpt[mid] <= cp) lo = mid + 1;
    else hi = mid;
  }
  const unsigned char *s = (const unsigned char *)t->s;
  size_t b = (lo - 1) * RX_TEXT_CKPT, n = t->ckpt[lo - 1];
  for (; b < t->len; b++) {
    if ((s[b] & 0xC0) == 0x80) continue; /* a character begun before the checkpoint */
    if (n == cp) return b;
    n++;
  }
  return t->len;
}

void rx_text_line_col(const rx_text *t, size_t byte, size_t *line, size_t *col) {
  if (byte > t->len) byte = t->len;
  size_t lo = 0, hi = t->nlines; /* first line start > byte */
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (t->lines[mid] <= byte) lo = mid + 1;
    else hi = mid;
  }
  size_t start = lo ? t->lines[lo - 1] : 0;
  *line = lo ? lo : 1;
  *col = rx_text_cp(t, byte) - rx_text_cp(t, start) + 1;
}

void rx_text_free(rx_text *t) {
  rx_free(t->s);
  rx_free(t->ckpt);
  rx_free(t->lines);
  memset(t, 0, sizeof *t);
}
