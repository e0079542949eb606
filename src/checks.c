/*
 * checks.c — does the report add up, and which figures are results and which promises.
 *
 * Consumes the quantities once they have their sections and code point offsets; produces
 * reportx_quantity.status for each of them and the document's arithmetic checks:
 *
 *   sum      a total announced by 共计/合计/总计/共… after the parts listed before it in the
 *            same sentence (`A 8.43亩，B 89.78亩，共计98.21亩`), or in a sentence of its own
 *            right after sentences that each give one part (`…63.67亩。…28.2亩。共计92.83亩。`);
 *   parts    the parts listed after 其中 (or in `（含…）`) must not exceed the total before it;
 *   average  `12个行政村总收入302.4万元，均达到25.2万元`: 302.4 / 12 against 25.2;
 *   share    `…20402人，搬迁人口中…16870人，占搬迁人口的82.69%`: 16870 / 20402 against 82.69 %.
 *
 * Precision first: a false alarm costs an auditor time, so every rule below gives up
 * (makes no check) as soon as the pairing of the figures is not plain — a figure with a
 * qualifier (约, 以上), another candidate total, a per-unit figure (每户, 人均) among the
 * parts, a unit of the same class written differently. The weaker total words (累计, 总)
 * only confirm: they give an `ok` check, never a mismatch. Arithmetic is exact (decimal.h);
 * the rounding tolerance is half a unit in the last place of the least precise figure.
 *
 * Text is scanned once to cut it into sentences (。；！？ and line ends), to follow
 * parentheses, and to note the words that open a list of parts (其中, 包括, （含, ：).
 * The sentence ends are found by a search of their own (sixteen bytes at a time); the rest
 * is read only from a sentence's start to its last quantity, the one stretch where it can
 * matter. Every later look-up is bounded, so a pathological input stays linear.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "checks.h"
#include "decimal.h"
#include "segment.h"
#include "units.h"

#define MAXPARTS 64     /* parts of one check */
#define MAXSTEP 256     /* figures or openers looked at around one figure: beyond, no check */
#define MAXBACK 8       /* sentences walked back for a total in a sentence of its own */
#define MAXDEPTH 16     /* parentheses followed */
#define LABEL_MAX 10    /* characters between a total word and its figure (共计整改面积) */

/* ---------------------------------------------------------------- text helpers */

/* A word of a list, with its length in bytes (no strlen at every byte looked at). */
typedef struct word {
  const char *s;
  size_t n;
} word;
#define W(lit) {lit, sizeof lit - 1}

/* s[0, n) == w[0, n) for a word known to fit: the first byte, then the second, decide
 * almost every time, so no memcmp call. */
static inline int same_bytes(const char *s, const char *w, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (s[i] != w[i]) return 0;
  return 1;
}

static inline int at_n(const char *s, size_t len, size_t p, const char *w, size_t n) {
  return p + n <= len && same_bytes(s + p, w, n);
}

/* w at p (a literal: its length folds to a constant). */
static inline int at(const char *s, size_t len, size_t p, const char *w) { return at_n(s, len, p, w, strlen(w)); }

static inline int ends_at_n(const char *s, size_t b, size_t p, const char *w, size_t n) {
  return p >= b + n && same_bytes(s + p - n, w, n);
}

static inline int ends_at(const char *s, size_t b, size_t p, const char *w) {
  return ends_at_n(s, b, p, w, strlen(w));
}

static size_t next_char(const char *s, size_t len, size_t p) {
  p++;
  while (p < len && ((unsigned char)s[p] & 0xC0) == 0x80) p++;
  return p;
}

static size_t prev_char(const char *s, size_t b, size_t p) {
  if (p <= b) return b;
  p--;
  while (p > b && ((unsigned char)s[p] & 0xC0) == 0x80) p--;
  return p;
}

#define NPOS ((size_t)-1)

/* First w[0, n) in s[b, e), or NPOS. */
static size_t find_n(const char *s, size_t b, size_t e, const char *w, size_t n) {
  for (size_t p = b; p + n <= e; p++)
    if (s[p] == w[0] && same_bytes(s + p, w, n)) return p;
  return NPOS;
}

static inline size_t find(const char *s, size_t b, size_t e, const char *w) { return find_n(s, b, e, w, strlen(w)); }

/* Characters in s[b, e), but counting stops after `max` + 1: enough to compare with max. */
static size_t count_chars_upto(const char *s, size_t b, size_t e, size_t max) {
  size_t n = 0;
  for (size_t p = b; p < e && n <= max; p++) n += ((unsigned char)s[p] & 0xC0) != 0x80;
  return n;
}

static int has_digit(const char *s, size_t b, size_t e) {
  for (size_t p = b; p < e; p++) {
    if (s[p] >= '0' && s[p] <= '9') return 1;
    /* full-width ０-９: EF BC 90-99 */
    if (p + 2 < e && (unsigned char)s[p] == 0xEF && (unsigned char)s[p + 1] == 0xBC &&
        (unsigned char)s[p + 2] >= 0x90 && (unsigned char)s[p + 2] <= 0x99)
      return 1;
  }
  return 0;
}

/* Byte length of the first of w[] at p (in list order), else 0. Only the words that start
 * with the byte at p are compared further. */
static int any_at(const char *s, size_t len, size_t p, const word *w, size_t n) {
  if (p >= len) return 0;
  for (size_t i = 0; i < n; i++)
    if (s[p] == w[i].s[0] && at_n(s, len, p, w[i].s, w[i].n)) return (int)w[i].n;
  return 0;
}

static int any_ends_at(const char *s, size_t b, size_t p, const word *w, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (ends_at_n(s, b, p, w[i].s, w[i].n)) return 1;
  return 0;
}

/* Bytes of the UTF-8 character that starts with byte ch (1 for a stray byte). */
static inline size_t char_len(unsigned char ch) { return ch < 0xC0 ? 1 : ch < 0xE0 ? 2 : ch < 0xF0 ? 3 : 4; }

/* Any of w[] in s[b, e)? One pass over the characters of the text, a character at a time
 * (a word starts with an ASCII or a lead byte; a stray continuation byte is passed over by
 * itself). A character is tried against the words only when the last byte of its encoding,
 * mod 64, is that of the first character of one of them: most characters are passed over
 * with one test. */
static int any_in(const char *s, size_t b, size_t e, const word *w, size_t n) {
  const unsigned char *u = (const unsigned char *)s;
  uint64_t firsts = 0;
  for (size_t i = 0; i < n; i++) {
    size_t fl = char_len((unsigned char)w[i].s[0]); /* bytes of the word's first character */
    firsts |= 1ull << ((unsigned char)w[i].s[fl - 1] & 63);
  }
  for (size_t p = b, cl; p < e; p += cl) {
    cl = char_len(u[p]); /* 1 for a continuation byte */
    if (p + cl > e || !((firsts >> (u[p + cl - 1] & 63)) & 1) || (u[p] & 0xC0) == 0x80) continue;
    for (size_t i = 0; i < n; i++)
      if (s[p] == w[i].s[0] && at_n(s, e, p, w[i].s, w[i].n)) return 1;
  }
  return 0;
}

/* The first characters of the words of some lists, as a set: an ASCII one by its byte, a
 * three-byte one by its first two bytes (its block of 64 code points). A character of
 * another length is always tried. */
typedef struct first_set {
  uint64_t ascii[2];
  uint64_t block[16];
} first_set;

static void add_firsts(first_set *f, const word *w, size_t n) {
  for (size_t i = 0; i < n; i++) {
    unsigned c0 = (unsigned char)w[i].s[0], k = ((c0 & 0x0F) << 6) | ((unsigned char)w[i].s[1] & 0x3F);
    if (c0 < 0x80) f->ascii[c0 >> 6] |= 1ull << (c0 & 63);
    else if ((c0 & 0xF0) == 0xE0) f->block[k >> 6] |= 1ull << (k & 63);
  }
}

/* May the character at p, whole before e, start a word whose first character is in f?
 * *cl: its length (1 for a stray continuation byte, which starts none). */
static inline int in_firsts(const char *s, size_t e, size_t p, const first_set *f, size_t *cl) {
  const unsigned char *u = (const unsigned char *)s;
  unsigned c0 = u[p];
  if (c0 < 0x80) {
    *cl = 1;
    return (f->ascii[c0 >> 6] >> (c0 & 63)) & 1;
  }
  *cl = char_len((unsigned char)c0);
  if (p + *cl > e || (c0 & 0xC0) == 0x80) return 0;
  unsigned k = ((c0 & 0x0F) << 6) | (u[p + 1] & 0x3F);
  return *cl != 3 || ((f->block[k >> 6] >> (k & 63)) & 1);
}

/* The next character from *p in s[*p, e) that may start a word whose first character is in
 * f (a superset: the words are still compared); 0 when there is none. */
static inline int next_first(const char *s, size_t e, size_t *p, const first_set *f) {
  for (size_t q = *p, cl; q < e; q += cl)
    if (in_firsts(s, e, q, f, &cl)) {
      *p = q;
      return 1;
    }
  return 0;
}

/* Byte length of a sentence end at p (。；！？ ; ! ? and line ends), else 0. */
static size_t sentence_end(const char *s, size_t len, size_t p) {
  switch ((unsigned char)s[p]) { /* the first byte tells which to compare */
  case ';': case '!': case '?': case '\n': case '\r': return 1;
  case 0xE3: return at(s, len, p, "。") ? 3 : 0;
  case 0xEF: return at(s, len, p, "；") || at(s, len, p, "！") || at(s, len, p, "？") ? 3 : 0;
  default: return 0;
  }
}

#define N(a) (sizeof(a) / sizeof *(a))

/* What the status scan may find at a character: which of its words start with it. Only
 * these tests are made there (each still compares the text itself). */
enum {
  ROLE_QUOTE = 1,  /* “ 《 ” 》 */
  ROLE_PLAN = 2,   /* a plan word (plan_word, but for its years) */
  ROLE_RESULT = 4, /* a result marker (result_markers) */
  ROLE_YEAR = 8,   /* the first digit of a year 1900-2099: 1 2 １ ２ 一 二 */
  ROLE_DELIM = 16  /* ， , ： : 、 (in char_roles: the sentence scan's SCAN_DELIM); a verb of
                    * result (done_verbs) matters only right after one, and is looked for there */
};

static unsigned status_roles(uint32_t c) {
  switch (c) {
  case 0x201C: case 0x300A: case 0x201D: case 0x300B: return ROLE_QUOTE; /* “ 《 ” 》 */
  case 0xFF0C: case ',': case 0xFF1A: case ':': case 0x3001: return ROLE_DELIM;
  case 0x7D2F: /* 累计 */ return ROLE_RESULT;
  case 0x9884: /* 预计 预期 */
  case 0x529B: /* 力争 */
  case 0x660E: /* 明年 */
  case 0x4E0B: /* 下一步 下半年 下一年 */
  case 0x8BA1: /* 计划 */
  case 0x62DF: /* 拟 */
  case 0x5C06: /* 将 */
  case 0x4E89: /* 争取 */ return ROLE_PLAN;
  case 0x4ECA: /* 今后; 今年以来 */
  case 0x76EE: /* 目标; 目前 */ return ROLE_PLAN | ROLE_RESULT;
  case 0x5DF2: /* 已 */
  case 0x622A: /* 截至 截止 */
  case 0x81F3: /* 至目前 */
  case 0x53BB: /* 去年 */
  case 0x4E0A: /* 上年 */
  case 0x8FC7: /* 过去 */ return ROLE_RESULT;
  case '1': case '2': case 0xFF11: case 0xFF12: case 0x4E00: case 0x4E8C: return ROLE_YEAR;
  default: return 0;
  }
}

/* Which test of the sentence scan a character calls for. */
enum { SCAN_END, SCAN_OPEN, SCAN_CLOSE, SCAN_DELIM, SCAN_WORD };

static int scan_role(uint32_t c) {
  switch (c) {
  case 0x3002: case 0xFF1B: case 0xFF01: case 0xFF1F: /* 。；！？ */
  case ';': case '!': case '?': case '\n': case '\r': return SCAN_END;
  case 0xFF08: case '(': return SCAN_OPEN;
  case 0xFF09: case ')': return SCAN_CLOSE;
  case 0xFF0C: case ',': case 0xFF1A: case ':': case 0x3001: return SCAN_DELIM; /* ，：、 */
  default: return SCAN_WORD; /* 其中, 包括 */
  }
}

/* First characters of every word the status scan stops at (plan words, result markers, clause
 * delimiters, quotes, the first digit of a year; not the verbs of result: see ROLE_DELIM). */
static const uint16_t status_chars[] = {0x201C, 0x201D, 0x3001, 0x300A, 0x300B, 0x4E00, 0x4E0A, 0x4E0B,
                                        0x4E89, 0x4E8C, 0x4ECA, 0x529B, 0x53BB, 0x5C06, 0x5DF2, 0x622A,
                                        0x62DF, 0x660E, 0x76EE, 0x7D2F, 0x81F3, 0x8BA1, 0x8FC7, 0x9884,
                                        0xFF0C, 0xFF11, 0xFF12, 0xFF1A, '1', '2', ',', ':'};

/* Characters the sentence scan acts on: 。；！？（），：、 and the first of 其中, 包括. */
static const uint16_t scan_chars[] = {0x3001, 0x3002, 0x5176, 0x5305, 0xFF01, 0xFF08, 0xFF09, 0xFF0C,
                                      0xFF1A, 0xFF1B, 0xFF1F, '\n', '\r', ';', '!', '?', '(', ')', ',', ':'};

/* Both scans in one table over the BMP (built once; static storage, no allocation): one
 * byte per code point, the sentence scan's role + 1 in the low bits (0: none), the status
 * scan's roles above (ROLE_DELIM aside: it is the sentence scan's SCAN_DELIM). The text is
 * then decoded once, for both. */
#define CR_SCAN 7u
#define CR_STATUS_SHIFT 3
static unsigned char char_roles[65536];
static pthread_once_t roles_once = PTHREAD_ONCE_INIT;

/* Words that make a figure one per head (每, 均…) or a change (比, 增加…): no part of a sum. */
static const word per_unit_words[] = {W("每"), W("均"), W("/"), W("亩产"), W("单产"), W("单价"), W("比"), W("较"),
                                      W("增加"), W("减少"), W("增长"), W("下降"), W("提高"), W("降低"), W("增收"),
                                      W("减收"), W("扩大"), W("缩小"), W("同比"), W("环比")};
/* Words of a heading: of a plan, of results. */
static const word title_plan[] = {W("计划"), W("打算"), W("下一步"), W("安排"), W("今后"), W("明年"), W("展望"), W("思路"),
                                  W("工作重点"), W("重点工作"), W("发展方向"), W("目标任务"), W("努力方向"), W("意向")};
static const word title_result[] = {W("回顾"), W("开展情况"), W("完成情况"), W("执行情况"), W("落实情况"), W("工作情况"),
                                    W("进展情况"), W("成效"), W("成绩"), W("工作总结"), W("取得"), W("过去")};

/* The first characters of those lists (built once with char_roles). */
static first_set per_unit_firsts;

/* The first characters of the heading words, exactly: by code point, TITLE_PLAN and/or
 * TITLE_RESULT (a byte per BMP code point would be 64 KB more: two bits of a word, 16 KB). */
enum { TITLE_PLAN = 1, TITLE_RESULT = 2 };
static uint32_t title_first[65536 / 16];

static unsigned title_first_of(uint32_t c) { return title_first[c >> 4] >> ((c & 15) * 2) & 3; }

static void add_title_firsts(const word *w, size_t n, unsigned kind) {
  for (size_t i = 0; i < n; i++) {
    const unsigned char *u = (const unsigned char *)w[i].s; /* (three-byte characters all) */
    uint32_t c = (uint32_t)(u[0] & 0x0F) << 12 | (uint32_t)(u[1] & 0x3F) << 6 | (uint32_t)(u[2] & 0x3F);
    title_first[c >> 4] |= (uint32_t)kind << ((c & 15) * 2);
  }
}

/* The same, two bytes at a time: by the first two bytes of a character (read as one 16-bit
 * index, in the machine's byte order), how far to pass over it when neither scan acts on it:
 * 1 (an ASCII character, known by its byte) or 3 (a three-byte character: passed over unless
 * its bit of roles3 is set); else 0 (the character is then decoded). */
static unsigned char skip2[65536];
/* By block of 64 code points (the four low bits of a three-byte character's first byte and
 * six of its second), a bit per code point (six of its third byte) with a char_roles entry:
 * read from the text's bytes alone, it does not wait for the skip2 look-up. */
static uint64_t roles3[1024];

/* For the search of sentence ends alone: by the first byte of a character, how far to pass
 * over it, or 0 when it may end a sentence (; ! ? \n \r, and the lead bytes E3 of 。 and EF
 * of ；！？) or is no ASCII or three-byte character (then looked at one by one). */
static unsigned char end_step[256];

static void build_roles(void) {
  add_firsts(&per_unit_firsts, per_unit_words, N(per_unit_words));
  add_title_firsts(title_plan, N(title_plan), TITLE_PLAN);
  add_title_firsts(title_result, N(title_result), TITLE_RESULT);
  for (size_t i = 0; i < N(scan_chars); i++) char_roles[scan_chars[i]] |= (unsigned char)(scan_role(scan_chars[i]) + 1);
  for (size_t i = 0; i < N(status_chars); i++)
    char_roles[status_chars[i]] |= (unsigned char)((status_roles(status_chars[i]) & ~(unsigned)ROLE_DELIM) << CR_STATUS_SHIFT);
  for (unsigned c0 = 0; c0 < 256; c0++)
    end_step[c0] = c0 < 0x80 ? ((char_roles[c0] & CR_SCAN) == SCAN_END + 1 ? 0 : 1)
                   : (c0 & 0xF0) == 0xE0 && c0 != 0xE3 && c0 != 0xEF ? 3 : 0;
  for (uint32_t c = 0x800; c < 0x10000; c++)
    if (char_roles[c]) roles3[c >> 6] |= (uint64_t)1 << (c & 63);
  for (unsigned c0 = 0; c0 < 256; c0++)
    for (unsigned c1 = 0; c1 < 256; c1++) {
      unsigned char k = 0;
      /* a 1 or 2 starts a year 1900-2099 only before a 9 (9 ９ 九: first bytes 39, EF, E4) or
       * a 0 (0 ０ 〇 零: 30, EF, E3, E9; see rx_seg_year_at); else it is passed over, being all
       * the status scan would look at there */
      int no_year = (c0 == '1' && c1 != '9' && c1 != 0xEF && c1 != 0xE4) ||
                    (c0 == '2' && c1 != '0' && c1 != 0xEF && c1 != 0xE3 && c1 != 0xE9);
      if (c0 < 0x80) k = char_roles[c0] && !no_year ? 0 : 1;
      else if ((c0 & 0xF0) == 0xE0) k = 3;
      unsigned char two[2] = {(unsigned char)c0, (unsigned char)c1};
      uint16_t ix;
      memcpy(&ix, two, sizeof ix);
      skip2[ix] = k;
    }
}

/* The status scan's roles of a char_roles entry. */
static inline unsigned status_of(unsigned r) {
  return r >> CR_STATUS_SHIFT | ((r & CR_SCAN) == SCAN_DELIM + 1 ? (unsigned)ROLE_DELIM : 0u);
}

/* Passes over the characters from *p that neither scan acts on, up to `stop` (a character
 * that straddles it is passed over whole). 1 when one that a scan acts on starts at *p (its
 * char_roles entry in *role, its code point in *cp), else 0 with *p at or past stop. */
static inline int next_role(const char *s, size_t len, size_t *p, size_t stop, uint32_t *cp, unsigned *role) {
  const unsigned char *u = (const unsigned char *)s;
  size_t q = *p;
  size_t lim = len < 3 ? 0 : len - 2 < stop ? len - 2 : stop; /* below it, three bytes are there */
  while (q < stop) {
    /* most characters: passed over by their first two bytes. A step of 3 (a character of
     * three bytes) is tested for as such, not added as loaded: the next character's address
     * then does not wait for this one's look-up (runs of Chinese characters go at the speed
     * of the loads, not of their latency). */
    for (;;) {
      uint16_t ix;
      unsigned k = 0;
      while (q < lim && (memcpy(&ix, u + q, sizeof ix), (k = skip2[ix]) == 3) &&
             !(roles3[(u[q] & 0x0F) << 6 | (u[q + 1] & 0x3F)] >> (u[q + 2] & 63) & 1))
        q += 3;
      if (q < lim && k == 1) {
        q++;
        continue;
      }
      break;
    }
    if (q >= stop) break;
    /* the others: one character decoded */
    uint32_t c = u[q];
    if (c < 0x80) {
      if (char_roles[c]) goto found;
      q++;
    } else if ((c & 0xF0) == 0xE0 && q + 3 <= len) {
      c = (c & 0x0F) << 12 | (uint32_t)(u[q + 1] & 0x3F) << 6 | (uint32_t)(u[q + 2] & 0x3F);
      if (char_roles[c]) goto found;
      q += 3;
    } else {
      q = next_char(s, len, q);
    }
    continue;
  found:
    *p = q;
    *cp = c;
    *role = char_roles[c];
    return 1;
  }
  *p = q;
  return 0;
}

/* Does a sentence end start at p (p a character's first byte)? */
static inline int end_at(const unsigned char *u, size_t len, size_t p) {
  uint32_t c = u[p];
  if ((c & 0xF0) == 0xE0) {
    if (p + 3 > len) return 0;
    c = (c & 0x0F) << 12 | (uint32_t)(u[p + 1] & 0x3F) << 6 | (uint32_t)(u[p + 2] & 0x3F);
  } else if (c >= 0x80) {
    return 0;
  }
  return (char_roles[c] & CR_SCAN) == SCAN_END + 1;
}

/* The first sentence end (see sentence_end) at or after p, or len: the characters are
 * passed over as next_role() passes them, by their first byte, without decoding but those
 * that start with E3 or EF. */
static size_t next_end(const char *s, size_t len, size_t p) {
  const unsigned char *u = (const unsigned char *)s;
#ifdef __SSE2__
  /* Sixteen positions at a time, each compared with the ends whole: ; ! ? \n \r, 。 (E3 80
   * 82), ；！？ (EF BC 9B, 81, 9F); so the frequent ，、： (EF, E3 too) stop nothing. In UTF-8
   * (the text is: invalid bytes were replaced) their first bytes start a character wherever
   * they are, so no character needs to be walked. */
#define B(x) _mm_set1_epi8((char)(x))
#define EQ(a, x) _mm_cmpeq_epi8(a, B(x))
  for (; p + 18 <= len; p += 16) {
    __m128i x0 = _mm_loadu_si128((const __m128i *)(const void *)(u + p)),
            x1 = _mm_loadu_si128((const __m128i *)(const void *)(u + p + 1)),
            x2 = _mm_loadu_si128((const __m128i *)(const void *)(u + p + 2));
    __m128i ascii = _mm_or_si128(_mm_or_si128(EQ(x0, ';'), EQ(x0, '!')),
                                 _mm_or_si128(EQ(x0, '?'), _mm_or_si128(EQ(x0, '\n'), EQ(x0, '\r'))));
    __m128i stop = _mm_and_si128(_mm_and_si128(EQ(x0, 0xE3), EQ(x1, 0x80)), EQ(x2, 0x82));
    __m128i full = _mm_and_si128(_mm_and_si128(EQ(x0, 0xEF), EQ(x1, 0xBC)),
                                 _mm_or_si128(EQ(x2, 0x9B), _mm_or_si128(EQ(x2, 0x81), EQ(x2, 0x9F))));
    unsigned mask = (unsigned)_mm_movemask_epi8(_mm_or_si128(ascii, _mm_or_si128(stop, full)));
    if (mask) return p + (size_t)__builtin_ctz(mask);
  }
#undef EQ
#undef B
  /* (p may now be inside a character: the walk below passes over its rest) */
#endif
  size_t lim = len < 3 ? 0 : len - 2; /* below it, three bytes are there */
  while (p < len) {
    for (unsigned k; p < lim; p += k)
      if ((k = end_step[u[p]]) == 0) break;
    if (p >= len) break;
    if (((u[p] & 0xF0) == 0xE0 || u[p] < 0x80) && end_at(u, len, p)) return p;
    p = u[p] < 0x80 ? p + 1 : (u[p] & 0xF0) == 0xE0 && p + 3 <= len ? p + 3 : next_char(s, len, p);
  }
  return len;
}

/* ---------------------------------------------------------------- planned or achieved */

/* A year (2024年) at p that is not part of 截至/截止 2023年. */
static int year_at(const char *s, size_t len, size_t b, size_t p, size_t *used) {
  if (!((s[p] >= '0' && s[p] <= '9') || (unsigned char)s[p] >= 0xE4)) return 0;
  if (p > b) { /* the year must start a number: 12024年 is not a year */
    size_t q = prev_char(s, b, p);
    if (s[q] >= '0' && s[q] <= '9') return 0;
  }
  int y = rx_seg_year_at(s + p, len - p, used);
  return y;
}

static const word result_markers[] = {W("已"), W("截至"), W("截止"), W("至目前"), W("目前"), W("今年以来"), W("去年"),
                                      W("上年"), W("累计"), W("过去")};

/* Length of a plan word at p that acts as one here (see the exclusions), else 0. `c` is the
 * character at p, `y` the year_at() p (0 when none or not looked for), `used` its length. */
static size_t plan_word(const char *s, size_t len, size_t b, size_t p, uint32_t c, int year, int y, size_t used) {
  static const word always[] = {W("预计"), W("预期"), W("力争"), W("明年"), W("下一步"), W("今后"), W("下半年"),
                                W("下一年")};
  int n;
  /* the character at p (c) tells which of the words may be there */
  if ((c == 0x9884 || c == 0x529B || c == 0x660E || c == 0x4E0B || c == 0x4ECA) && /* 预 力 明 下 今 */
      (n = any_at(s, len, p, always, N(always))))
    return (size_t)n;
  if (c == 0x8BA1 && at(s, len, p, "计划")) {
    static const word noun_after[] = {W("的"), W("书"), W("表"), W("单"), W("”"), W("\""), W("生育"), W("内"), W("外"),
                                      W("经济"), W("项目"), W("资金"), W("任务"), W("》"), W("，"), W(","), W("。"),
                                      W("、"), W("；")};
    static const word noun_before[] = {W("占"), W("完成"), W("超"), W("按"), W("比"), W("于"), W("下达"), W("年度"),
                                       W("全年"), W("“")};
    if (p + 6 >= len || any_at(s, len, p + 6, noun_after, N(noun_after))) return 0;
    size_t lb = p;
    for (int k = 0; k < 4 && lb > b; k++) lb = prev_char(s, b, lb);
    if (any_in(s, lb, p, noun_before, N(noun_before))) return 0;
    return 6;
  }
  if (c == 0x62DF && at(s, len, p, "拟")) {
    static const word before[] = {W("模"), W("虚"), W("草"), W("比")};
    return any_ends_at(s, b, p, before, N(before)) ? 0 : 3;
  }
  if (c == 0x5C06 && at(s, len, p, "将")) {
    static const word after[] = {W("近"), W("军"), W("士"), W("领")};
    static const word prep[] = {W("纳入"), W("列入"), W("作为"), W("转为"), W("改为")};
    if (any_at(s, len, p + 3, after, N(after))) return 0;
    size_t look = p + 3 + 60 < len ? p + 3 + 60 : len; /* the next twenty characters or so */
    if (ends_at(s, b, p, "即") == 0 && any_in(s, p, look, prep, N(prep))) return 0;
    return 3;
  }
  if (c == 0x76EE && at(s, len, p, "目标")) {
    static const word after[] = {W("责任"), W("考核"), W("管理"), W("的")};
    static const word before[] = {W("完成"), W("实现"), W("达到"), W("超额"), W("超")};
    if (any_at(s, len, p + 6, after, N(after))) return 0;
    size_t lb = p;
    for (int k = 0; k < 4 && lb > b; k++) lb = prev_char(s, b, lb);
    if (any_in(s, lb, p, before, N(before))) return 0;
    return 6;
  }
  if (c == 0x4E89 && at(s, len, p, "争取") && !ends_at(s, b, p, "力")) {
    /* 争取 is also "secured" (争取上级资金3000万元, a result): a plan only before a goal */
    static const word goal[] = {W("实现"), W("达到"), W("完成"), W("在"), W("于"), W("到"), W("年内"), W("全年"),
                                W("明年"), W("今年"), W("把"), W("将"), W("使"), W("让"), W("建成"), W("创建"),
                                W("打造"), W("进入"), W("突破"), W("早日"), W("提前"), W("下半年")};
    return any_at(s, len, p + 6, goal, N(goal)) ? 6 : 0;
  }
  if (year > 0) {
    /* a later year that sets a date (到2025年, 2024年底前, 2024年将…), not a name
     * (2020年民生实事 collected in 2019) */
    static const word before[] = {W("到"), W("至"), W("于"), W("在")};
    static const word after[] = {W("底"), W("前"), W("末"), W("内"), W("，"), W(","), W("将"), W("要"), W("计划"),
                                 W("力争"), W("预计"), W("在"), W("实施"), W("完成"), W("建成"), W("新建"), W("实现"),
                                 W("达到"), W("全面"), W("争取"), W("确保")};
    if (y > year) {
      if (ends_at(s, b, p, "截至") || ends_at(s, b, p, "截止")) return 0;
      if (!any_ends_at(s, b, p, before, N(before)) && !any_at(s, len, p + used, after, N(after))) return 0;
      return used;
    }
  }
  return 0;
}

/* What the words of a sentence read so far say of the quantities after them: the status
 * scan's state, fed the characters it acts on one by one, in order (status_step). */
typedef struct status_state {
  long last_plan, last_result; /* where the last plan word, result marker starts (-1: none) */
  int quote;                   /* “ 《 open */
  size_t clause;               /* where the current clause starts */
  size_t next;                 /* a character before it is inside a word already read: not fed */
} status_state;

static inline void status_start(status_state *t, size_t b) {
  t->last_plan = t->last_result = -1;
  t->quote = 0;
  t->clause = t->next = b;
}

/* The status of a quantity that starts here (after every character fed so far). */
static inline reportx_quantity_status status_now(const status_state *t) {
  return t->last_plan >= 0 && t->last_plan > t->last_result ? REPORTX_QUANTITY_PLANNED
         : t->last_result >= 0                              ? REPORTX_QUANTITY_ACHIEVED
                                                            : REPORTX_QUANTITY_UNKNOWN;
}

/* Feeds the character c at p (p >= t->next), its status roles `role`, of the sentence
 * s[b, e) (e its end: the words are looked for before it); no character at or past `limit`
 * is fed (the next quantity's start, or where no status is needed any more). */
static void status_step(status_state *t, const char *s, size_t b, size_t e, size_t limit, int year, size_t p,
                        uint32_t c, unsigned role) {
  static const word done_verbs[] = {W("完成"), W("建成"), W("实现"), W("新增"), W("办成"), W("完工"), W("累计"),
                                    W("共")};
  if (role & ROLE_QUOTE) {
    if (c == 0x201C || c == 0x300A) t->quote++;                  /* “ 《 */
    else if ((c == 0x201D || c == 0x300B) && t->quote > 0) t->quote--; /* ” 》 */
  }
  size_t cd = role & ROLE_DELIM ? (c < 0x80 ? 1 : 3) : 0; /* ，：、 or , : */
  if (cd) {
    t->clause = t->next = p + cd;
    /* 即将启动建设，完成…6条: a clause that opens with a verb of result is a result, whatever
     * a plan word in an earlier clause said (计划8月份硬化小巷道，总投资66万元 stays planned).
     * Its verb is looked for here, at the clause's start, as the character fed next would be
     * (a verb at a sentence's start follows no plan word). */
    if (!t->quote && t->clause < limit && t->last_plan >= 0 && any_at(s, e, t->clause, done_verbs, N(done_verbs)))
      t->last_result = (long)t->clause;
    return;
  }
  if (t->quote) return;
  /* the year at p, looked for once (plan_word and the test below both need it) */
  size_t used = 0;
  int y = year > 0 && (role & ROLE_YEAR) ? year_at(s, e, b, p, &used) : 0;
  size_t w = role & (ROLE_PLAN | ROLE_YEAR) ? plan_word(s, e, b, p, c, year, y, used) : 0;
  if (w) {
    t->last_plan = (long)p;
    t->next = p + w;
    return;
  }
  int r = role & ROLE_RESULT ? any_at(s, e, p, result_markers, N(result_markers)) : 0;
  if (r) {
    t->last_result = (long)p;
    t->next = p + (size_t)r;
    return;
  }
  if (y && y <= year) { /* 2023年在XX村投资200万元: the report's year or before */
    t->last_result = (long)p;
    t->next = p + used;
  }
}

reportx_quantity_status rx_checks_sentence_status(const char *s, size_t b, size_t q, int year) {
  pthread_once(&roles_once, build_roles);
  /* nothing at or after the quantity is looked at */
  status_state t;
  status_start(&t, b);
  uint32_t c;
  unsigned r;
  for (size_t p = b; next_role(s, q, &p, q, &c, &r); p += c < 0x80 ? 1 : 3) /* (ASCII or three bytes) */
    if ((r = status_of(r)) != 0 && p >= t.next) status_step(&t, s, b, q, q, year, p, c, r);
  return status_now(&t);
}


/* 2 when the title holds a result word, else 1 when it holds a plan word, else 0: one pass
 * over it for both lists, a character at a time (decoded: the words' first characters are
 * known exactly by code point, see title_first). When want_year, the same pass stores in
 * *year the first year the title holds (0 when none; looked for until one is found). */
static int title_words(const char *t, int want_year, int *year) {
  *year = 0;
  if (!t) return 0;
  const unsigned char *u = (const unsigned char *)t;
  size_t len = strlen(t), used;
  int plan = 0;
  for (size_t p = 0; p < len;) {
    unsigned c0 = u[p];
    if (c0 < 0x80) { /* a year may start with 1 or 2 */
      if (want_year && !*year && (c0 == '1' || c0 == '2')) *year = year_at(t, len, 0, p, &used);
      p++;
      continue;
    }
    if ((c0 & 0xF0) != 0xE0 || p + 3 > len) { /* neither a word nor a year starts with it */
      p = next_char(t, len, p);
      continue;
    }
    uint32_t c = (c0 & 0x0Fu) << 12 | (u[p + 1] & 0x3Fu) << 6 | (u[p + 2] & 0x3Fu);
    if (want_year && !*year && (c == 0xFF11 || c == 0xFF12 || c == 0x4E00 || c == 0x4E8C)) /* １ ２ 一 二 */
      *year = year_at(t, len, 0, p, &used);
    unsigned k = title_first_of(c);
    if ((k & TITLE_RESULT) && any_at(t, len, p, title_result, N(title_result))) return 2;
    if (!plan && (k & TITLE_PLAN) && any_at(t, len, p, title_plan, N(title_plan))) plan = 1;
    p += 3;
  }
  return plan;
}

/* A section's own kind, from its heading alone: 1 plan, 2 results, 0 neither. */
static unsigned char title_kind(const reportx_doc *doc, const reportx_section *sec) {
  /* a result word wins over a plan word: 计划执行情况 reports how a plan was carried out */
  int y; /* (the title's year: wanted only when the report has one) */
  int words = title_words(sec->title, doc->year != 0, &y);
  if (words == 2) return 2;
  if (words == 1 || (doc->year && y > doc->year)) return 1;
  if (doc->year && y == doc->year) return 2;
  return 0;
}

/* Section kinds: 1 plan, 2 results, 0 neither; children inherit unless their own heading
 * says. Worked out only for the sections that hold a quantity and their ancestors (a kind
 * is needed nowhere else; the others keep KIND_UNSET). */
#define KIND_UNSET 255
static void section_kinds(const reportx_doc *doc, unsigned char *kind) {
  memset(kind, KIND_UNSET, doc->nsections);
  /* mark them (KIND_NEEDED), walking up from each quantity's section to a marked one */
  enum { KIND_NEEDED = 254 };
  for (size_t i = 0; i < doc->nquantities; i++) {
    int j = doc->quantities[i].section;
    while (j >= 0 && (size_t)j < doc->nsections && kind[j] == KIND_UNSET) {
      kind[j] = KIND_NEEDED;
      int pj = doc->sections[j].parent;
      j = pj < j ? pj : -1; /* (a parent comes before its child) */
    }
  }
  for (size_t i = 0; i < doc->nsections; i++) {
    if (kind[i] != KIND_NEEDED) continue;
    const reportx_section *sec = &doc->sections[i];
    unsigned char k = title_kind(doc, sec);
    if (sec->parent >= 0 && (size_t)sec->parent < i) { /* marked too, so done already */
      unsigned char pk = kind[sec->parent];
      if (pk == 1 || (k == 0 && pk == 2)) k = pk;
    }
    kind[i] = k;
  }
}

/* ---------------------------------------------------------------- the scan */

enum { OP_QIZHONG, OP_HAN, OP_BAOKUO, OP_COLON };

typedef struct qinfo {
  size_t sent;     /* sentence index */
  int depth;       /* parentheses around its start, within its sentence */
  size_t clause;   /* byte where its clause starts */
  size_t popen;    /* byte after the innermost open parenthesis holding it, or its sentence's start */
  int usable;      /* may take part in arithmetic: plain value, additive class, no qualifier */
  int pow10;       /* the unit's multiplier prefix (万元: 4) */
  size_t stem;     /* bytes of that prefix in q->unit: the unit proper starts there */
  int total;       /* total_kind() + 1, once asked (0 before) */
  int per_unit;    /* per_unit() + 1, once asked (0 before) */
} qinfo;

typedef struct sentence {
  size_t start, end; /* bytes, the end mark excluded */
  size_t para;       /* line number, sort of: sentences of one paragraph share it */
  size_t qa, qb;     /* its quantities [qa, qb) */
  size_t oa, ob;     /* its openers [oa, ob) */
} sentence;

typedef struct opener {
  size_t pos, after;
  int depth;
  int kind;
} opener;

typedef struct ctx {
  reportx_doc *doc;
  const char *s;
  size_t len;
  qinfo *q;
  sentence *sv;
  size_t ns, caps;
  opener *ov;
  size_t no, capo;
  size_t *off; /* per check: offset of its indexes in doc->check_qidx */
  size_t capoff;
  reportx_quantity_status *st; /* per quantity: the status its sentence gives */
  unsigned char *kind;         /* per section: its kind (section_kinds) */
  int plan_doc, summary_doc;   /* the document's kind says: a plan, a summary */
} ctx;

static int add_sentence(ctx *c, size_t start, size_t end, size_t para) {
  if (c->ns == c->caps && rx_grow((void **)&c->sv, &c->caps, c->ns + 1, sizeof *c->sv)) return -1;
  sentence *st = &c->sv[c->ns++];
  st->start = start;
  st->end = end;
  st->para = para;
  st->qa = st->qb = st->oa = st->ob = 0; /* (set by the scan: end_spans) */
  return 0;
}

/* The quantities and openers of the sentence just added: those the scan noted since the one
 * before (from *qa and *oa: both then move on to its ends, qk and the openers' count). */
static void end_spans(ctx *c, size_t qk, size_t *qa, size_t *oa) {
  sentence *st = &c->sv[c->ns - 1];
  st->qa = *qa;
  st->qb = *qa = qk;
  st->oa = *oa;
  st->ob = *oa = c->no;
}

static int add_opener(ctx *c, size_t pos, size_t after, int depth, int kind) {
  if (c->no == c->capo && rx_grow((void **)&c->ov, &c->capo, c->no + 1, sizeof *c->ov)) return -1;
  c->ov[c->no].pos = pos;
  c->ov[c->no].after = after;
  c->ov[c->no].depth = depth;
  c->ov[c->no].kind = kind;
  c->no++;
  return 0;
}

static int additive_class(const char *cls) {
  /* (only names starting with r or t can be one of them) */
  return cls && !(cls[0] == 'r' && (strcmp(cls, "ratio") == 0 || strcmp(cls, "rate") == 0)) &&
         !(cls[0] == 't' && strcmp(cls, "time") == 0);
}

static void unit_info(const reportx_quantity *q, qinfo *qi) {
  qi->pow10 = 0;
  qi->stem = 0;
  if (!q->unit) return;
  rx_unit_match m;
  size_t n = strlen(q->unit);
  if (rx_unit_match_at(q->unit, n, &m) == n && m.prefix_len <= n) {
    qi->pow10 = m.pow10;
    qi->stem = m.prefix_len;
  }
}

/* Digits with at most one point, at least one digit, at most 90 characters: a value that
 * rx_dec_canon() surely accepts (its canonical form is at most two characters longer), so
 * it is asked only about any other. */
static int plain_decimal(const char *v) {
  size_t ndig = 0;
  int point = 0;
  for (size_t i = 0; v[i]; i++) {
    if (i >= 90) return 0;
    if (v[i] >= '0' && v[i] <= '9') ndig++;
    else if (v[i] == '.' && !point) point = 1;
    else return 0;
  }
  return ndig > 0;
}

/* unit_info() for each distinct unit once per document: the units seen, by hash of the
 * string's address (extract.c copies each of a document's units once: equal units share
 * one string; were two equal ones apart, each would be matched once: the same result.
 * Open addressing; when the table is full, the unit is simply matched again). */
#define UNIT_SLOTS 128
typedef struct unit_slot {
  const char *unit;
  int pow10;
  size_t stem;
} unit_slot;

static void unit_info_once(const reportx_quantity *q, qinfo *qi, unit_slot *tab) {
  if (!q->unit) {
    unit_info(q, qi);
    return;
  }
  /* (Fibonacci hashing of the address: its high half, masked below) */
  size_t h = (size_t)((uint64_t)(uintptr_t)q->unit * 0x9E3779B97F4A7C15u >> 32);
  for (size_t k = 0; k < UNIT_SLOTS; k++) {
    unit_slot *sl = &tab[(h + k) & (UNIT_SLOTS - 1)];
    if (!sl->unit) {
      unit_info(q, qi);
      sl->unit = q->unit;
      sl->pow10 = qi->pow10;
      sl->stem = qi->stem;
      return;
    }
    if (sl->unit == q->unit || strcmp(sl->unit, q->unit) == 0) {
      qi->pow10 = sl->pow10;
      qi->stem = sl->stem;
      return;
    }
  }
  unit_info(q, qi);
}

/* Is quantity i planned whatever its sentence says: by its section's heading, or by the
 * document's kind where no heading says (see set_status)? */
static int planned_by_heading(const ctx *c, size_t i) {
  int section = c->doc->quantities[i].section;
  int sk = section >= 0 ? c->kind[section] : 0;
  return sk == 1 || (sk == 0 && c->plan_doc);
}

/* The start of the last quantity from qk on, of the sentence that ends at e, whose status its
 * sentence decides (not its heading), or 0 when none: the status scan need look at nothing
 * from there on. */
static size_t status_needed_before(const ctx *c, size_t qk, size_t e) {
  size_t upto = 0;
  for (size_t i = qk; i < c->doc->nquantities && c->doc->quantities[i].byte_start <= e; i++)
    if (!planned_by_heading(c, i)) upto = c->doc->quantities[i].byte_start;
  return upto;
}

/* One walk over the text: cuts it into sentences, follows parentheses and clauses, notes the
 * openers, and gives each quantity its sentence's status (the characters the status scan
 * acts on are fed to it as they are passed, the sentence's end being known already: see
 * status_step). The walk jumps from a sentence's last quantity (or its start, when it holds
 * none) to its end. */
static int scan(ctx *c) {
  unit_slot units[UNIT_SLOTS] = {{0}};
  const char *s = c->s;
  size_t len = c->len, qn = c->doc->nquantities, qk = 0;
  size_t sstart = 0, clause = 0, para = 0;
  size_t qa = 0, oa = 0; /* the first quantity and opener of the sentence (see end_spans) */
  int depth = 0;
  size_t opens[MAXDEPTH];
  size_t nextq = qn ? c->doc->quantities[0].byte_start : NPOS; /* start of quantity qk */
  size_t nextend = next_end(s, len, 0);                          /* the next sentence end */
  status_state stat;
  status_start(&stat, 0);
  size_t needed = status_needed_before(c, 0, nextend); /* characters at or past it: not fed */
  for (size_t p = 0;;) {
    while (p >= nextq) {
      qinfo *qi = &c->q[qk];
      c->st[qk] = status_now(&stat);
      qi->sent = c->ns;
      qi->depth = depth;
      qi->clause = clause;
      qi->popen = depth > 0 ? opens[(depth > MAXDEPTH ? MAXDEPTH : depth) - 1] : sstart;
      qk++;
      nextq = qk < qn ? c->doc->quantities[qk].byte_start : NPOS;
    }
    if (p >= len) break;
    size_t n;
    if (p > nextend) { /* (a character passed over whole: not in UTF-8) */
      nextend = next_end(s, len, p);
      needed = status_needed_before(c, qk, nextend);
    }
    if (p == nextend && (n = sentence_end(s, len, p))) {
      if (add_sentence(c, sstart, p, para)) return -1;
      end_spans(c, qk, &qa, &oa);
      if (s[p] == '\n' || s[p] == '\r') para++;
      p += n;
      sstart = clause = p;
      depth = 0;
      nextend = next_end(s, len, p);
      status_start(&stat, p);
      needed = status_needed_before(c, qk, nextend);
      continue;
    }
    /* No quantity before the sentence's end: nothing there matters (its openers, clauses,
     * parentheses and status words concern only quantities after them in their sentence). */
    if (nextq > nextend) {
      p = nextend;
      continue;
    }
    uint32_t ch;
    unsigned r;
    if (!next_role(s, len, &p, nextq, &ch, &r)) continue; /* nothing before the next quantity */
    unsigned sr = status_of(r);
    /* (a 1 or 2 right after a digit of the sentence starts no year, and is all the status
     * scan would look at there: 1200亩 is not noted) */
    if (sr == ROLE_YEAR && ch < 0x80 && p > sstart && s[p - 1] >= '0' && s[p - 1] <= '9') sr = 0;
    if (sr && p >= stat.next && p < needed)
      status_step(&stat, s, sstart, nextend, nextq < needed ? nextq : needed, c->doc->year, p, ch, sr);
    if (!(r & CR_SCAN)) {
      p += ch < 0x80 ? 1 : 3; /* (next_role finds ASCII and three-byte characters only) */
      continue;
    }
    int role = (int)(r & CR_SCAN) - 1; /* (no SCAN_END: the scan stops at nextend) */
    /* (the character is known by its code point: its length follows from it) */
    if (role == SCAN_OPEN && (n = ch < 0x80 ? 1 : 3)) {
      if (depth < MAXDEPTH) opens[depth] = p + n;
      depth++;
      if (at(s, len, p + n, "含") && add_opener(c, p, p + n + 3, depth, OP_HAN)) return -1;
      clause = p + n;
      p += n;
      continue;
    }
    if (role == SCAN_CLOSE && (n = ch < 0x80 ? 1 : 3)) {
      if (depth > 0) depth--;
      clause = p + n;
      p += n;
      continue;
    }
    if (role == SCAN_DELIM && (n = ch < 0x80 ? 1 : 3)) {
      if ((ch == ':' || ch == 0xFF1A) && add_opener(c, p, p + n, depth, OP_COLON)) return -1;
      clause = p + n;
      p += n;
      continue;
    }
    if (role == SCAN_WORD && ch == 0x5176 && at(s, len, p, "其中")) {
      if (add_opener(c, p, p + 6, depth, OP_QIZHONG)) return -1;
      p += 6;
      continue;
    }
    if (role == SCAN_WORD && ch == 0x5305 && at(s, len, p, "包括")) {
      if (add_opener(c, p, p + 6, depth, OP_BAOKUO)) return -1;
      p += 6;
      continue;
    }
    p = next_char(s, len, p);
  }
  if (add_sentence(c, sstart, len, para)) return -1;
  end_spans(c, qk, &qa, &oa); /* (quantities start before len: all have a sentence by now) */
  for (size_t i = 0; i < qn; i++) {
    const reportx_quantity *q = &c->doc->quantities[i];
    qinfo *qi = &c->q[i];
    qi->usable = additive_class(q->cls) && q->unit && q->value && !q->value_max &&
                 q->qualifier == REPORTX_QUAL_NONE && q->value[0] != '-';
    char tmp[RX_DEC_MAX];
    if (qi->usable && !plain_decimal(q->value) && rx_dec_canon(q->value, strlen(q->value), tmp, sizeof tmp))
      qi->usable = 0;
    unit_info_once(q, qi, units);
  }
  return 0;
}

/* First quantity starting at or after byte b (quantities are sorted by start). */
static size_t first_q_from(const ctx *c, size_t b) {
  size_t lo = 0, hi = c->doc->nquantities;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (c->doc->quantities[mid].byte_start < b) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/* First opener at or after byte b. */
static size_t first_op_from(const ctx *c, size_t b) {
  size_t lo = 0, hi = c->no;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (c->ov[mid].pos < b) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/* ---------------------------------------------------------------- arithmetic helpers */

static const reportx_quantity *Q(const ctx *c, size_t i) { return &c->doc->quantities[i]; }

/* Same class and same unit proper (亩 and 万亩 are; 亩 and 公顷 are not: no check). */
/* Equal strings: classes are static and units shared within a document (extract.c), so
 * mostly the same address. */
static int same_str(const char *a, const char *b) { return a == b || strcmp(a, b) == 0; }

static int same_unit(const ctx *c, size_t a, size_t b) {
  const reportx_quantity *x = Q(c, a), *y = Q(c, b);
  if (!x->cls || !y->cls || !x->unit || !y->unit || !same_str(x->cls, y->cls)) return 0;
  return same_str(x->unit + c->q[a].stem, y->unit + c->q[b].stem);
}

static int counting_class(const char *cls) {
  return strcmp(cls, "count") == 0 || strcmp(cls, "events") == 0 || strcmp(cls, "people") == 0 ||
         strcmp(cls, "households") == 0;
}

static const char *kin_key(const ctx *c, size_t i) {
  const char *u = Q(c, i)->unit + c->q[i].stem;
  return strcmp(u, "名") == 0 || strcmp(u, "位") == 0 ? "人" : u;
}

/* Figures of one kind, which may belong to one sum: the same class; for counts (个, 套,
 * 人次, 户…) the same thing counted, 人/名/位 being one. Kin in different units (亩 and
 * 平方米, 人 and 名) make a pairing unsure. */
static int same_class(const ctx *c, size_t a, size_t b) {
  const reportx_quantity *x = Q(c, a), *y = Q(c, b);
  if (!x->cls || !y->cls || !x->unit || !y->unit || !same_str(x->cls, y->cls)) return 0;
  return !counting_class(x->cls) || same_str(kin_key(c, a), kin_key(c, b));
}

/* Value of quantity i in the unit of quantity t (a power of ten apart). */
static int value_in(const ctx *c, size_t i, size_t t, char *out) {
  return rx_dec_shift(Q(c, i)->value, c->q[i].pow10 - c->q[t].pow10, out, RX_DEC_MAX);
}

static int decimals(const char *v) {
  const char *dot = strchr(v, '.');
  return dot ? (int)strlen(dot + 1) : 0;
}

/* Half a unit in the last place of quantity i, in the unit of quantity t. */
static int half_unit(const ctx *c, size_t i, size_t t, char *out) {
  return rx_dec_shift("5", -(decimals(Q(c, i)->value) + 1) + c->q[i].pow10 - c->q[t].pow10, out, RX_DEC_MAX);
}

static void dec_abs(char *v) {
  if (v[0] == '-') memmove(v, v + 1, strlen(v));
}

static void dec_max(char *acc, const char *v) {
  if (rx_dec_cmp(v, acc) > 0) memcpy(acc, v, strlen(v) + 1); /* (decimal.c's results fit RX_DEC_MAX) */
}

/* ---------------------------------------------------------------- building checks */

static int cmp_size(const void *a, const void *b) {
  size_t x = *(const size_t *)a, y = *(const size_t *)b;
  return (x > y) - (x < y);
}

/* Appends a check. `inequality`: the stated figure is an upper bound (parts after 其中). */
static int add_check(ctx *c, reportx_check_kind kind, size_t stated, const size_t *idx, size_t n,
                     const char *stated_v, const char *computed, const char *tol, const char *unit,
                     int inequality) {
  reportx_doc *doc = c->doc;
  char diff[RX_DEC_MAX], absd[RX_DEC_MAX];
  if (rx_dec_sub(stated_v, computed, diff, sizeof diff)) return 0; /* out of range: no check */
  memcpy(absd, diff, sizeof absd);
  dec_abs(absd);
  reportx_check_status st;
  if (inequality) st = diff[0] == '-' && rx_dec_cmp(absd, tol) > 0 ? REPORTX_CHECK_MISMATCH : REPORTX_CHECK_OK;
  else st = rx_dec_cmp(absd, tol) > 0 ? REPORTX_CHECK_MISMATCH : REPORTX_CHECK_OK;

  if (rx_grow((void **)&doc->checks, &doc->capchecks, doc->nchecks + 1, sizeof *doc->checks) ||
      rx_grow((void **)&c->off, &c->capoff, doc->nchecks + 1, sizeof *c->off) ||
      rx_grow((void **)&doc->check_qidx, &doc->capcheck_qidx, doc->ncheck_qidx + n, sizeof *doc->check_qidx))
    return -1;
  size_t *dst = doc->check_qidx + doc->ncheck_qidx;
  memcpy(dst, idx, n * sizeof *idx);
  qsort(dst, n, sizeof *dst, cmp_size);
  reportx_check *k = &doc->checks[doc->nchecks];
  memset(k, 0, sizeof *k);
  k->kind = kind;
  k->status = st;
  k->stated = rx_doc_strdup(doc, stated_v);
  k->computed = rx_doc_strdup(doc, computed);
  k->difference = rx_doc_strdup(doc, diff);
  k->tolerance = rx_doc_strdup(doc, tol);
  k->unit = rx_doc_strdup(doc, unit);
  if (!k->stated || !k->computed || !k->difference || !k->tolerance || !k->unit) return -1;
  k->nquantities = n;
  k->stated_quantity = stated;
  const reportx_quantity *first = Q(c, dst[0]);
  k->start = first->start;
  k->byte_start = first->byte_start;
  k->end = first->end;
  k->byte_end = first->byte_end;
  for (size_t i = 0; i < n; i++) {
    const reportx_quantity *q = Q(c, dst[i]);
    if (q->byte_end > k->byte_end) {
      k->byte_end = q->byte_end;
      k->end = q->end;
    }
  }
  c->off[doc->nchecks] = doc->ncheck_qidx;
  doc->ncheck_qidx += n;
  doc->nchecks++;
  return 0;
}

/* |a − b| ≤ tol? */
static int within(const char *a, const char *b, const char *tol) {
  char d[RX_DEC_MAX];
  if (rx_dec_sub(a, b, d, sizeof d)) return 0;
  dec_abs(d);
  return rx_dec_cmp(d, tol) <= 0;
}

/* Sum `parts` (in the unit of t) and the tolerance over parts and t. 0, or -1 (no check). */
static int sum_parts(const ctx *c, const size_t *parts, size_t n, size_t t, char *sum, char *tol) {
  char v[RX_DEC_MAX], tmp[RX_DEC_MAX];
  memcpy(sum, "0", 2);
  if (half_unit(c, t, t, tol)) return -1;
  for (size_t i = 0; i < n; i++) {
    if (value_in(c, parts[i], t, v) || rx_dec_add(sum, v, tmp, sizeof tmp)) return -1;
    memcpy(sum, tmp, sizeof tmp);
    if (half_unit(c, parts[i], t, v)) return -1;
    dec_max(tol, v);
  }
  return 0;
}

/* ---------------------------------------------------------------- sums */

enum { TOTAL_NONE = 0, TOTAL_WEAK = 1, TOTAL_STRONG = 2 };

/* Start of the words that lead quantity i in its clause: after the clause delimiter or the
 * previous quantity, whichever is later. */
static size_t lead_start(const ctx *c, size_t i) {
  size_t b = c->q[i].clause;
  if (i > 0 && c->q[i - 1].sent == c->q[i].sent && Q(c, i - 1)->byte_end <= Q(c, i)->byte_start &&
      Q(c, i - 1)->byte_end > b)
    b = Q(c, i - 1)->byte_end;
  return b;
}

static size_t skip_spaces(const char *s, size_t p, size_t e) {
  while (p < e) {
    if (s[p] == ' ' || s[p] == '\t') p++;
    else if (p + 3 <= e && memcmp(s + p, "\xE3\x80\x80", 3) == 0) p += 3; /* ideographic space */
    else break;
  }
  return p;
}

/* Does 计 (E8 AE A1) or 共 (E5 85 B1) start in u[b, e) (u holding len bytes)? Sixteen
 * positions at a time where SSE2 is there, each compared with both whole (as in next_end; a
 * load may reach past e, not past len); the rest byte by byte. */
static int has_ji_gong(const unsigned char *u, size_t len, size_t b, size_t e) {
  size_t q = b;
#ifdef __SSE2__
#define B(x) _mm_set1_epi8((char)(x))
#define EQ(a, x) _mm_cmpeq_epi8(a, B(x))
  for (; q + 3 <= e && q + 18 <= len; q += 16) {
    __m128i x0 = _mm_loadu_si128((const __m128i *)(const void *)(u + q)),
            x1 = _mm_loadu_si128((const __m128i *)(const void *)(u + q + 1)),
            x2 = _mm_loadu_si128((const __m128i *)(const void *)(u + q + 2));
    __m128i ji = _mm_and_si128(_mm_and_si128(EQ(x0, 0xE8), EQ(x1, 0xAE)), EQ(x2, 0xA1));
    __m128i gong = _mm_and_si128(_mm_and_si128(EQ(x0, 0xE5), EQ(x1, 0x85)), EQ(x2, 0xB1));
    unsigned mask = (unsigned)_mm_movemask_epi8(_mm_or_si128(ji, gong));
    size_t n = e - q - 2; /* the positions q + i with three bytes before e */
    if (n < 16) mask &= (1u << n) - 1;
    if (mask) return 1;
  }
#undef EQ
#undef B
#else
  (void)len;
#endif
  for (; q + 3 <= e; q++)
    if ((u[q] == 0xE8 && u[q + 1] == 0xAE && u[q + 2] == 0xA1) || (u[q] == 0xE5 && u[q + 1] == 0x85 && u[q + 2] == 0xB1))
      return 1;
  return 0;
}

static const word strong_totals[] = {W("共计"), W("合计"), W("总计"), W("总共"), W("一共")};
static const word weak_totals[] = {W("累计"), W("共"), W("总")};

/* Is quantity i announced as a total by the words before it in its clause? Strong: a total
 * word (共计, 合计…, or 共 with at most a verb) at the clause start. Weak, which gives only
 * confirmations: 累计, 总, or a total word after a label (整改面积共计…). */
static int total_kind_of(const ctx *c, size_t i) {
  const char *s = c->s;
  const unsigned char *u = (const unsigned char *)s;
  size_t b = skip_spaces(s, lead_start(c, i), Q(c, i)->byte_start), e = Q(c, i)->byte_start;
  if (b >= e) return TOTAL_NONE;
  /* the words at b: 共 合 总 一 累 start E5 85, E5 90, E6 80, E4 B8, E7 B4 */
  int lead_word = (u[b] == 0xE5 && (u[b + 1] == 0x85 || u[b + 1] == 0x90)) || (u[b] == 0xE6 && u[b + 1] == 0x80) ||
                  (u[b] == 0xE4 && u[b + 1] == 0xB8) || (u[b] == 0xE7 && u[b + 1] == 0xB4);
  /* A lead longer in bytes than its most characters (below) of four bytes each is too long:
   * no need to count them. */
  if (e - b > 4 * (size_t)(lead_word ? LABEL_MAX + 2 : LABEL_MAX)) return TOTAL_NONE;
  /* Without a total word at b, only a strong one further on can make it a total: their
   * second characters are 计 and 共, looked for first (has_ji_gong). */
  if (!lead_word && !has_ji_gong(u, c->len, b, e)) return TOTAL_NONE;
  /* Every answer but TOTAL_NONE needs a short lead without a digit: one pass counts its
   * characters (stopping past LABEL_MAX + 2, the most a strong word of two characters and
   * its label may take) and looks for a digit (0-9, full-width ０-９: EF BC 90-99). */
  size_t nc = 0;
  int digit = 0, strong_in = 0; /* strong_in: a strong total word somewhere in the lead */
  for (size_t p = b; p < e && nc <= LABEL_MAX + 2;) { /* a character at a time */
    unsigned char ch = u[p];
    if ((ch & 0xC0) == 0x80) { /* a stray continuation byte: no character of its own */
      p++;
      continue;
    }
    nc++;
    if (ch < 0x80) {
      digit |= ch >= '0' && ch <= '9';
      p++;
      continue;
    }
    if (ch == 0xEF && p + 2 < e && u[p + 1] == 0xBC && u[p + 2] >= 0x90 && u[p + 2] <= 0x99) digit = 1;
    /* 共 合 总 一 start E5 85, E5 90, E6 80, E4 B8 */
    if (!strong_in && ((ch == 0xE5 && (u[p + 1] == 0x85 || u[p + 1] == 0x90)) || (ch == 0xE6 && u[p + 1] == 0x80) ||
                       (ch == 0xE4 && u[p + 1] == 0xB8)))
      strong_in = any_at(s, e, p, strong_totals, N(strong_totals)) != 0;
    p += char_len(ch);
  }
  if (lead_word && any_at(s, e, b, strong_totals, N(strong_totals))) /* its label: nc − 2 characters */
    return nc > LABEL_MAX + 2 || digit ? TOTAL_NONE : TOTAL_STRONG;
  if (nc > LABEL_MAX || digit) return TOTAL_NONE;
  /* 全镇粮食播种面积共计29919亩 after 小麦1200亩，玉米800亩: a total that names its own scope
   * may hold more than the figures listed before it; it only confirms */
  if (strong_in) return TOTAL_WEAK; /* (the lead was read to its end) */
  /* 共 with at most a verb (共种植, 共有): a total; 共有脱贫户120户 may count a kind of its own
   * among the figures before it, so with a longer label it only confirms */
  if (!lead_word) return TOTAL_NONE;
  if (at(s, e, b, "共") && !at(s, e, b, "共同") && !at(s, e, b, "共享") && !at(s, e, b, "共建"))
    return nc <= 3 ? TOTAL_STRONG : TOTAL_WEAK;
  if (any_at(s, e, b, weak_totals, N(weak_totals))) return TOTAL_WEAK;
  return TOTAL_NONE;
}

/* total_kind_of(), worked out once per quantity. */
static int total_kind(const ctx *c, size_t i) {
  if (!c->q[i].total) c->q[i].total = total_kind_of(c, i) + 1;
  return c->q[i].total - 1;
}

/* A figure per head (每户4万元, 人均, 户均, 平均) cannot be a part of a sum; a change is no
 * part either: 比上年增加200亩, 同比下降, 较…提高. */
static int per_unit_of(const ctx *c, size_t i) {
  size_t b = lead_start(c, i), e = Q(c, i)->byte_start;
  for (size_t p = b; next_first(c->s, e, &p, &per_unit_firsts); p = next_char(c->s, e, p))
    if (any_at(c->s, e, p, per_unit_words, N(per_unit_words))) return 1;
  return 0;
}

/* per_unit_of(), worked out once per quantity. */
static int per_unit(const ctx *c, size_t i) {
  if (!c->q[i].per_unit) c->q[i].per_unit = per_unit_of(c, i) + 1;
  return c->q[i].per_unit - 1;
}

/* Two figures of one list: no clause without a figure between them (其中县内安置3户，村内自建
 * 安置3户，均已完成入住，…5户办理5万元贷款: the list ends at 均已完成入住). */
static int adjacent(const ctx *c, size_t b, size_t e) {
  const unsigned char *u = (const unsigned char *)c->s;
  size_t n = 0;
  for (size_t p = b; p < e && n < 2; p++) /* ， and ： are EF BC 8C and EF BC 9A */
    n += u[p] == ',' || (u[p] == 0xEF && p + 3 <= e && u[p + 1] == 0xBC && (u[p + 2] == 0x8C || u[p + 2] == 0x9A));
  return n < 2;
}

/* Collects the parts of total t backwards from t-1 down to byte `from`, at t's depth:
 * quantities of the same unit, stopping at an earlier total. Returns the count, or -1 when
 * the pairing is unsure (an approximate figure of the same unit, a per-head figure, the
 * same class in another unit). */
static int collect_before(const ctx *c, size_t t, size_t lo, size_t from, size_t *parts) {
  int n = 0;
  int d = c->q[t].depth;
  size_t next = Q(c, t)->byte_start; /* start of the figure after k at depth d */
  size_t steps = 0;
  for (size_t k = t; k-- > lo;) {
    if (++steps > MAXSTEP) return -1;
    const reportx_quantity *q = Q(c, k);
    if (q->byte_start < from) break;
    if (c->q[k].depth > d) continue;
    if (c->q[k].depth < d) break;
    if (!adjacent(c, q->byte_end, next)) break;
    next = q->byte_start;
    if (!same_class(c, k, t)) continue;
    if (!same_unit(c, k, t) || !c->q[k].usable || per_unit(c, k)) return -1;
    if (total_kind(c, k)) break;
    if (n == MAXPARTS) return -1;
    parts[n++] = k;
  }
  return n;
}

static int check_sum_in_sentence(ctx *c, size_t t, int kind) {
  const sentence *st = &c->sv[c->q[t].sent];
  const reportx_quantity *T = Q(c, t);
  int d = c->q[t].depth;
  size_t from = d > 0 ? c->q[t].popen : st->start;
  /* the latest opener before T at its depth or above starts the list */
  for (size_t o = first_op_from(c, T->byte_start), steps = 0; o-- > st->oa;) {
    if (++steps > MAXSTEP) return -1;
    const opener *op = &c->ov[o];
    if (op->depth <= d) {
      if (op->after > from) from = op->after;
      break;
    }
  }
  size_t parts[MAXPARTS + 1];
  int n = collect_before(c, t, st->qa, from, parts);
  if (n < 2) return n; /* 0, 1: nothing here; -1: unsure */
  /* a figure of the same unit before the list (耕地31774亩，其中…，共计31774亩): which total? */
  for (size_t k = first_q_from(c, from), steps = 0; k-- > st->qa;) {
    if (++steps > MAXSTEP) return -1;
    if (c->q[k].depth <= d && same_class(c, k, t)) return -1;
  }
  char sum[RX_DEC_MAX], tol[RX_DEC_MAX], stated[RX_DEC_MAX];
  if (sum_parts(c, parts, (size_t)n, t, sum, tol) || value_in(c, t, t, stated)) return -1;
  /* 小麦1200亩、玉米800亩等，共计2500亩: the list is not complete, the parts are a bound */
  if (find(c->s, Q(c, parts[0])->byte_end, T->byte_start, "等") != NPOS) {
    char diff[RX_DEC_MAX];
    if (kind == TOTAL_WEAK && (rx_dec_sub(sum, stated, diff, sizeof diff) || rx_dec_cmp(diff, tol) > 0)) return -1;
    parts[n] = t;
    return add_check(c, REPORTX_CHECK_PARTS, t, parts, (size_t)n + 1, stated, sum, tol, T->unit, 1) ? -2 : 1;
  }
  /* Without 其中, ：or a parenthesis to open the list, its first figures may be context
   * (全镇有耕地5000亩，种植小麦1200亩，玉米800亩，共计2000亩): the nearest parts that give
   * the total are the list meant. A mismatch is left only when no such reading exists. */
  int explicit_start = d > 0 || from > st->start;
  if (!within(stated, sum, tol) && !explicit_start) {
    char s2[RX_DEC_MAX], t2[RX_DEC_MAX];
    for (int k = 2; k < n; k++) {
      if (sum_parts(c, parts, (size_t)k, t, s2, t2)) break;
      if (within(stated, s2, t2)) {
        n = k;
        memcpy(sum, s2, sizeof s2);
        memcpy(tol, t2, sizeof t2);
        break;
      }
    }
  }
  if (kind == TOTAL_WEAK && !within(stated, sum, tol)) return -1; /* 累计, 总: only a confirmation */
  parts[n] = t;
  return add_check(c, REPORTX_CHECK_SUM, t, parts, (size_t)n + 1, stated, sum, tol, T->unit, 0) ? -2 : 1;
}

/* 共计92.83亩。 as a sentence of its own: the parts are the one figure of that unit of each
 * sentence just before it, in the same paragraph and section. */
static int check_sum_across(ctx *c, size_t t) {
  size_t si = c->q[t].sent;
  const sentence *st = &c->sv[si];
  const reportx_quantity *T = Q(c, t);
  if (t != st->qa || c->q[t].depth != 0) return 0;
  size_t b = skip_spaces(c->s, st->start, T->byte_start);
  int kw = any_at(c->s, T->byte_start, b, strong_totals, N(strong_totals));
  if (!kw && at(c->s, T->byte_start, b, "共")) kw = 3;
  if (!kw || total_kind(c, t) != TOTAL_STRONG) return 0;
  /* nothing but the total word (and 为/达/有): 共计整改面积50亩 after the figures of other
   * sentences may total something else */
  static const word verbs[] = {W("为"), W("达"), W("有"), W("是")};
  size_t rest = b + (size_t)kw;
  if (rest < T->byte_start && !(any_at(c->s, T->byte_start, rest, verbs, N(verbs)) && rest + 3 == T->byte_start))
    return 0;
  size_t parts[MAXBACK + 1];
  size_t n = 0;
  for (size_t j = si; j-- > 0 && si - j <= MAXBACK;) {
    const sentence *p = &c->sv[j];
    if (p->para != st->para) break;
    size_t found = NPOS, nfound = 0;
    if (p->qb - p->qa > MAXSTEP) return 0;
    for (size_t k = p->qa; k < p->qb; k++) {
      if (!same_class(c, k, t)) continue;
      if (!same_unit(c, k, t) || !c->q[k].usable || c->q[k].depth != 0 || per_unit(c, k)) return 0;
      if (Q(c, k)->section != T->section) return 0;
      found = k;
      nfound++;
    }
    if (nfound == 0) break;
    if (nfound > 1 || total_kind(c, found)) return 0;
    parts[n++] = found;
  }
  if (n < 2) return 0;
  char sum[RX_DEC_MAX], tol[RX_DEC_MAX], stated[RX_DEC_MAX];
  if (sum_parts(c, parts, n, t, sum, tol) || value_in(c, t, t, stated)) return 0;
  if (!within(stated, sum, tol)) { /* the farthest sentences may be context: the nearest that add up */
    char s2[RX_DEC_MAX], t2[RX_DEC_MAX];
    for (size_t k = 2; k < n; k++) {
      if (sum_parts(c, parts, k, t, s2, t2)) break;
      if (within(stated, s2, t2)) {
        n = k;
        memcpy(sum, s2, sizeof s2);
        memcpy(tol, t2, sizeof t2);
        break;
      }
    }
  }
  parts[n] = t;
  return add_check(c, REPORTX_CHECK_SUM, t, parts, n + 1, stated, sum, tol, T->unit, 0) ? -2 : 1;
}

/* ---------------------------------------------------------------- parts after 其中 */

/* Clause delimiters ，, ; between bytes b and e. */
static size_t commas(const char *s, size_t b, size_t e) {
  const unsigned char *u = (const unsigned char *)s;
  size_t n = 0;
  for (size_t p = b; p < e; p++) /* ， is EF BC 8C */
    n += u[p] == ',' || (u[p] == 0xEF && p + 3 <= e && u[p + 1] == 0xBC && u[p + 2] == 0x8C);
  return n;
}

static int check_parts(ctx *c, size_t si, size_t oi) {
  const sentence *st = &c->sv[si];
  const opener *op = &c->ov[oi];
  int d = op->depth;
  /* the parts: quantities after the opener at its depth, to the end of its parentheses or
   * sentence, the next 其中, or a total (that is a sum's business) */
  size_t end = st->end;
  for (size_t o = oi + 1; o < st->ob && o <= oi + MAXSTEP; o++)
    if (c->ov[o].kind == OP_QIZHONG && c->ov[o].depth <= d) {
      end = c->ov[o].pos;
      break;
    }
  size_t after[MAXPARTS];
  size_t na = 0, prev = op->after;
  size_t k0 = first_q_from(c, op->after);
  for (size_t k = k0 < st->qa ? st->qa : k0; k < st->qb && k < k0 + MAXSTEP; k++) {
    const reportx_quantity *q = Q(c, k);
    if (q->byte_start >= end || c->q[k].depth < d) break;
    if (c->q[k].depth > d) continue;
    if (!adjacent(c, prev, q->byte_start) || total_kind(c, k)) break;
    prev = q->byte_end;
    if (na == MAXPARTS) return 0;
    after[na++] = k;
  }
  /* one check per unit among the parts */
  for (size_t i = 0; i < na; i++) {
    size_t u = after[i];
    int seen = 0;
    for (size_t j = 0; j < i; j++) seen |= same_class(c, after[j], u);
    if (seen || !additive_class(Q(c, u)->cls)) continue;
    size_t parts[MAXPARTS + 1];
    size_t n = 0;
    int unsure = 0;
    for (size_t j = i; j < na; j++) {
      size_t k = after[j];
      if (!same_class(c, k, u)) continue;
      if (!same_unit(c, k, u) || !c->q[k].usable || per_unit(c, k)) unsure = 1;
      parts[n++] = k;
    }
    if (unsure) continue;
    /* candidate totals: same class before the opener, not deeper */
    size_t cand[8], nc = 0;
    size_t kend = first_q_from(c, op->pos), steps = 0;
    for (size_t k = kend; k-- > st->qa;) {
      if (++steps > MAXSTEP) {
        unsure = 1;
        break;
      }
      if (Q(c, k)->byte_end > op->pos || c->q[k].depth > d || !same_class(c, k, u)) continue;
      if (!same_unit(c, k, u) || !c->q[k].usable || per_unit(c, k) || nc == 8) {
        unsure = 1;
        break;
      }
      cand[nc++] = k;
    }
    if (unsure || nc == 0) continue;
    qsort(cand, nc, sizeof *cand, cmp_size);
    char sum[RX_DEC_MAX], tol[RX_DEC_MAX], stated[RX_DEC_MAX], diff[RX_DEC_MAX];
    size_t pick = NPOS;
    int confirm_only = 1;
    if (nc == 1) {
      pick = cand[0];
      /* a mismatch only when the total is right before 其中 (耕地面积31774亩，其中…):
       * at most one comma and no other figure between */
      int near = commas(c->s, Q(c, pick)->byte_end, op->pos) <= 1;
      for (size_t m = pick + 1; m < st->qb && Q(c, m)->byte_end <= op->pos; m++)
        if (!additive_class(Q(c, m)->cls)) near = 0;
      confirm_only = !near;
    } else {
      /* several: the one the parts add up to, if exactly one */
      size_t nmatch = 0;
      for (size_t k = 0; k < nc; k++) {
        if (sum_parts(c, parts, n, cand[k], sum, tol) || value_in(c, cand[k], cand[k], stated) ||
            rx_dec_sub(stated, sum, diff, sizeof diff))
          continue;
        dec_abs(diff);
        if (rx_dec_cmp(diff, tol) <= 0) {
          pick = cand[k];
          nmatch++;
        }
      }
      if (nmatch != 1) continue;
    }
    if (sum_parts(c, parts, n, pick, sum, tol) || value_in(c, pick, pick, stated) ||
        rx_dec_sub(stated, sum, diff, sizeof diff))
      continue;
    int over = diff[0] == '-' && (dec_abs(diff), rx_dec_cmp(diff, tol) > 0);
    if (over && confirm_only) continue;
    /* A list run on with commas may end before its last figures (耕地面积5000亩，其中水田2000
     * 亩，旱田2000亩，林地面积3000亩): too much is then a mismatch only when the first part
     * alone exceeds the total. In parentheses or an enumeration with 、 the list is certain. */
    int closed = d > 0 || commas(c->s, op->after, Q(c, parts[n - 1])->byte_start) == 0;
    if (over && !closed) {
      char s2[RX_DEC_MAX], t2[RX_DEC_MAX];
      size_t k = 2;
      for (; k < n; k++) /* 水田2000亩，旱田3000亩 give the 5000亩: the list ends there */
        if (!sum_parts(c, parts, k, pick, s2, t2) && within(stated, s2, t2)) break;
      if (k < n) {
        n = k;
        memcpy(sum, s2, sizeof s2);
        memcpy(tol, t2, sizeof t2);
        if (rx_dec_sub(stated, sum, diff, sizeof diff)) continue;
      } else {
        /* 其中基本农田2.5万亩，今年种植粮食2.8万亩: what follows may be no part at all (and
         * labels cannot tell 林地面积, a sibling of 耕地面积, from 县重点项目, a part of 实施
         * 项目); the first part alone exceeding the total is a mismatch whatever the list's end */
        n = 1;
        if (sum_parts(c, parts, n, pick, sum, tol) || rx_dec_sub(stated, sum, diff, sizeof diff)) continue;
        if (!(diff[0] == '-' && (dec_abs(diff), rx_dec_cmp(diff, tol) > 0))) continue;
      }
    }
    parts[n] = pick;
    if (add_check(c, REPORTX_CHECK_PARTS, pick, parts, n + 1, stated, sum, tol, Q(c, pick)->unit, 1)) return -1;
  }
  return 0;
}

/* ---------------------------------------------------------------- averages */

static int is_headcount(const char *cls) {
  return cls && (strcmp(cls, "count") == 0 || strcmp(cls, "households") == 0 || strcmp(cls, "people") == 0 ||
                 strcmp(cls, "places") == 0);
}

/* N things … total T，均 A: A = T / N. T right after N in one clause with a total word
 * between; A the next figure, 均/平均/人均/户均 between T and A and nothing else of note. */
static int check_average(ctx *c, size_t a) {
  if (a < 2) return 0;
  size_t t = a - 1, nn = a - 2;
  const reportx_quantity *A = Q(c, a), *T = Q(c, t), *NQ = Q(c, nn);
  if (c->q[t].sent != c->q[a].sent || c->q[nn].sent != c->q[a].sent) return 0;
  if (!c->q[a].usable || !c->q[t].usable || !c->q[nn].usable || !same_unit(c, a, t)) return 0;
  if (!is_headcount(NQ->cls) || strchr(NQ->value, '.') || rx_dec_cmp(NQ->value, "1") <= 0) return 0;
  if (c->q[nn].depth != c->q[t].depth || c->q[t].depth != c->q[a].depth) return 0;
  /* N and T in one clause, a total word between them */
  if (NQ->byte_start < c->q[t].clause) return 0;
  static const word total_words[] = {W("总"), W("共"), W("合计"), W("累计")};
  if (!any_in(c->s, NQ->byte_end, T->byte_start, total_words, N(total_words))) return 0;
  if (has_digit(c->s, NQ->byte_end, T->byte_start)) return 0;
  /* between T and A: short, no digit, 均 */
  size_t b = T->byte_end, e = A->byte_start;
  if (count_chars_upto(c->s, b, e, 12) > 12 || has_digit(c->s, b, e) || commas(c->s, b, e) > 1) return 0;
  /* 均 in A's own clause (均达到25.2万元), not 均已完工，每村投资80万元 */
  if (find(c->s, c->q[a].clause > b ? c->q[a].clause : b, e, "均") == NPOS) return 0;
  if (find(c->s, b, e, "人均") != NPOS && strcmp(NQ->cls, "people") != 0) return 0;
  if (find(c->s, b, e, "户均") != NPOS && strcmp(NQ->cls, "households") != 0) return 0;
  if (find(c->s, b, e, "年均") != NPOS || find(c->s, b, e, "月均") != NPOS || find(c->s, b, e, "日均") != NPOS)
    return 0;
  char tv[RX_DEC_MAX], av[RX_DEC_MAX], q[RX_DEC_MAX], tol[RX_DEC_MAX], h[RX_DEC_MAX];
  if (value_in(c, t, a, tv) || value_in(c, a, a, av)) return 0;
  if (rx_dec_cmp(av, tv) >= 0) return 0;
  int places = decimals(av) + 2;
  if (rx_dec_div(tv, NQ->value, places, q, sizeof q)) return 0;
  if (half_unit(c, a, a, tol) || half_unit(c, t, a, h)) return 0;
  dec_max(tol, h);
  size_t idx[3] = {nn, t, a};
  return add_check(c, REPORTX_CHECK_AVERAGE, a, idx, 3, av, q, tol, A->unit, 0) ? -1 : 0;
}

/* ---------------------------------------------------------------- shares */

/* P，占<whole>的 S%: S = P / D × 100, D the one earlier figure of P's unit that <whole>
 * names (in its label, or as 搬迁人口中 between D and P). */
static int check_share(ctx *c, size_t si, size_t sidx) {
  const reportx_quantity *S = Q(c, sidx);
  if (!S->unit || strcmp(S->unit, "%") != 0 || S->qualifier != REPORTX_QUAL_NONE || S->value_max) return 0;
  const sentence *st = &c->sv[si];
  if (sidx == st->qa) return 0;
  size_t p = sidx - 1;
  const reportx_quantity *P = Q(c, p);
  if (!c->q[p].usable) return 0;
  size_t b = P->byte_end, e = S->byte_start;
  if (count_chars_upto(c->s, b, e, 24) > 24 || has_digit(c->s, b, e)) return 0;
  size_t zhan = find(c->s, b, e, "占");
  if (zhan == NPOS) return 0;
  /* nothing but a comma between P and 占 */
  size_t x = skip_spaces(c->s, b, zhan);
  if (x < zhan && !(at(c->s, zhan, x, "，") && x + 3 == zhan) && !(c->s[x] == ',' && x + 1 == zhan)) return 0;
  /* the whole: after 占 (and 全镇/全县/总…) up to 的/比重/比例/为 */
  size_t wb = zhan + 3, we = e;
  static const word stops[] = {W("的"), W("比重"), W("比例"), W("为"), W("达"), W("约")};
  for (size_t k = 0; k < N(stops); k++) {
    size_t f = find_n(c->s, wb, we, stops[k].s, stops[k].n);
    if (f != NPOS) we = f;
  }
  static const word scope[] = {W("全镇"), W("全县"), W("全市"), W("全区"), W("全乡"), W("全省"), W("全部"), W("全"),
                               W("总")};
  int n;
  while ((n = any_at(c->s, we, wb, scope, N(scope)))) wb += (size_t)n;
  if (count_chars_upto(c->s, wb, we, 1) < 2) return 0;
  char whole[128];
  if (we - wb >= sizeof whole) return 0;
  memcpy(whole, c->s + wb, we - wb);
  whole[we - wb] = '\0';
  size_t pick = NPOS, nlinked = 0;
  if (p - st->qa > MAXSTEP) return 0;
  for (size_t k = st->qa; k < p; k++) {
    if (!same_class(c, k, p)) continue;
    if (!same_unit(c, k, p) || !c->q[k].usable) return 0;
    const reportx_quantity *D = Q(c, k);
    int linked = (D->label && strstr(D->label, whole)) ||
                 find(c->s, D->byte_end, P->byte_start, whole) != NPOS;
    if (linked) {
      pick = k;
      nlinked++;
    }
  }
  if (nlinked != 1) return 0;
  char pv[RX_DEC_MAX], dv[RX_DEC_MAX], r[RX_DEC_MAX], q[RX_DEC_MAX], tol[RX_DEC_MAX];
  if (value_in(c, p, p, pv) || value_in(c, pick, p, dv) || rx_dec_cmp(dv, pv) < 0 || rx_dec_cmp(dv, "0") <= 0)
    return 0;
  int places = decimals(S->value) + 2;
  if (rx_dec_div(pv, dv, places + 2, r, sizeof r) || rx_dec_shift(r, 2, q, sizeof q)) return 0;
  char q2[RX_DEC_MAX];
  if (rx_dec_div(q, "1", places, q2, sizeof q2)) return 0;
  if (half_unit(c, sidx, sidx, tol)) return 0;
  /* rounding of P and D carried through: S × (hP/P + hD/D) */
  char hp[RX_DEC_MAX], hd[RX_DEC_MAX], rp[RX_DEC_MAX], rd[RX_DEC_MAX], rs[RX_DEC_MAX], extra[RX_DEC_MAX],
      t2[RX_DEC_MAX];
  if (!half_unit(c, p, p, hp) && !half_unit(c, pick, p, hd) && !rx_dec_div(hp, pv, 8, rp, sizeof rp) &&
      !rx_dec_div(hd, dv, 8, rd, sizeof rd) && !rx_dec_add(rp, rd, rs, sizeof rs) &&
      !rx_dec_mul(rs, S->value, extra, sizeof extra) && !rx_dec_add(tol, extra, t2, sizeof t2)) {
    /* counts of people, households, things are exact: no rounding of their own */
    if (!(strcmp(P->cls, "people") == 0 || strcmp(P->cls, "households") == 0 || strcmp(P->cls, "count") == 0) ||
        strchr(P->value, '.') || strchr(Q(c, pick)->value, '.'))
      rx_dec_div(t2, "1", places, tol, RX_DEC_MAX);
  }
  size_t idx[3] = {pick, p, sidx};
  return add_check(c, REPORTX_CHECK_SHARE, sidx, idx, 3, S->value, q2, tol, "%", 0) ? -1 : 0;
}

/* ---------------------------------------------------------------- the stage */

static int cmp_check(const void *a, const void *b) {
  const reportx_check *x = a, *y = b;
  if (x->stated_quantity != y->stated_quantity) return x->stated_quantity < y->stated_quantity ? -1 : 1;
  return (x->kind > y->kind) - (x->kind < y->kind);
}

/* The section kinds and the document's kind, which decide a quantity's status before its
 * sentence does (see set_status). */
static int heading_kinds(ctx *c) {
  reportx_doc *doc = c->doc;
  c->kind = rx_calloc(doc->nsections ? doc->nsections : 1, 1);
  if (!c->kind) return -1;
  section_kinds(doc, c->kind);
  if (doc->kind) {
    c->summary_doc = strstr(doc->kind, "总结") != NULL;
    c->plan_doc = !c->summary_doc && (strstr(doc->kind, "计划") || strstr(doc->kind, "要点") || strstr(doc->kind, "打算"));
  }
  return 0;
}

static void set_status(ctx *c) {
  reportx_doc *doc = c->doc;
  const reportx_quantity_status *st = c->st; /* from the scan */
  for (size_t i = 0; i < doc->nquantities; i++) {
    reportx_quantity *q = &doc->quantities[i];
    int sk = q->section >= 0 ? c->kind[q->section] : 0;
    /* the section's heading decides first; the document's kind only where no heading says */
    if (planned_by_heading(c, i)) q->status = REPORTX_QUANTITY_PLANNED;
    else if (st[i] == REPORTX_QUANTITY_UNKNOWN && (sk == 2 || c->summary_doc)) q->status = REPORTX_QUANTITY_ACHIEVED;
    else q->status = st[i];
  }
}

reportx_status rx_checks(reportx_doc *doc) {
  pthread_once(&roles_once, build_roles);
  ctx c = {0};
  c.doc = doc;
  c.s = doc->text.s;
  c.len = doc->text.len;
  doc->nchecks = doc->ncheck_qidx = 0;
  if (!c.s) return REPORTX_OK;
  c.q = rx_calloc(doc->nquantities ? doc->nquantities : 1, sizeof *c.q);
  c.st = rx_calloc(doc->nquantities ? doc->nquantities : 1, sizeof *c.st); /* REPORTX_QUANTITY_UNKNOWN */
  int rc = !c.q || !c.st || heading_kinds(&c) || scan(&c);
  if (!rc) set_status(&c);
  for (size_t si = 0; !rc && si < c.ns; si++) {
    const sentence *st = &c.sv[si];
    for (size_t t = st->qa; !rc && t < st->qb; t++) {
      if (!c.q[t].usable) continue;
      int kind = total_kind(&c, t);
      if (kind) {
        int r = check_sum_in_sentence(&c, t, kind);
        if (r == -2) rc = 1;
        else if (r == 0 && kind == TOTAL_STRONG && check_sum_across(&c, t) == -2) rc = 1;
      }
      if (!rc && check_average(&c, t)) rc = 1;
    }
    for (size_t o = st->oa; !rc && o < st->ob; o++)
      if ((c.ov[o].kind == OP_QIZHONG || c.ov[o].kind == OP_HAN) && check_parts(&c, si, o)) rc = 1;
    for (size_t k = st->qa; !rc && k < st->qb; k++)
      if (check_share(&c, si, k)) rc = 1;
  }
  if (!rc) {
    for (size_t i = 0; i < doc->nchecks; i++) doc->checks[i].quantities = doc->check_qidx + c.off[i];
    if (doc->nchecks > 1) qsort(doc->checks, doc->nchecks, sizeof *doc->checks, cmp_check);
  }
  rx_free(c.q);
  rx_free(c.st);
  rx_free(c.kind);
  rx_free(c.sv);
  rx_free(c.ov);
  rx_free(c.off);
  return rc ? REPORTX_ERR_NOMEM : REPORTX_OK;
}

void rx_checks_free(reportx_doc *doc) {
  rx_free(doc->checks);
  rx_free(doc->check_qidx);
  doc->checks = NULL;
  doc->check_qidx = NULL;
}

/* ---------------------------------------------------------------- accessors and names */

const char *reportx_quantity_status_name(reportx_quantity_status status) {
  switch (status) {
  case REPORTX_QUANTITY_ACHIEVED: return "achieved";
  case REPORTX_QUANTITY_PLANNED: return "planned";
  case REPORTX_QUANTITY_UNKNOWN: break;
  }
  return "unknown";
}

const char *reportx_check_kind_name(reportx_check_kind kind) {
  switch (kind) {
  case REPORTX_CHECK_SUM: return "sum";
  case REPORTX_CHECK_PARTS: return "parts";
  case REPORTX_CHECK_AVERAGE: return "average";
  case REPORTX_CHECK_SHARE: return "share";
  }
  return "sum";
}

const char *reportx_check_status_name(reportx_check_status status) {
  return status == REPORTX_CHECK_MISMATCH ? "mismatch" : "ok";
}

size_t reportx_doc_check_count(const reportx_doc *doc) { return doc->nchecks; }

const reportx_check *reportx_doc_check(const reportx_doc *doc, size_t i) {
  return i < doc->nchecks ? &doc->checks[i] : NULL;
}

/* ---------------------------------------------------------------- JSON */

static void put(int *failed, cJSON *o, const char *key, cJSON *item) {
  if (!item || !cJSON_AddItemToObject(o, key, item)) {
    cJSON_Delete(item);
    *failed = 1;
  }
}

/* put() for a key that is a literal: cJSON keeps the pointer instead of a copy. */
static void put_lit(int *failed, cJSON *o, const char *key, cJSON *item) {
  if (!item || !cJSON_AddItemToObjectCS(o, key, item)) {
    cJSON_Delete(item);
    *failed = 1;
  }
}

static void push(int *failed, cJSON *a, cJSON *item) {
  if (!item || !cJSON_AddItemToArray(a, item)) {
    cJSON_Delete(item);
    *failed = 1;
  }
}

/* A count as a raw number (no printf). */
static cJSON *size_json(size_t v) {
  char buf[24], *p = buf + sizeof buf;
  *--p = '\0';
  do *--p = (char)('0' + v % 10);
  while ((v /= 10) != 0);
  return cJSON_CreateRaw(p);
}

cJSON *rx_checks_json(const reportx_doc *doc, int *failed) {
  cJSON *arr = cJSON_CreateArray();
  if (!arr) {
    *failed = 1;
    return NULL;
  }
  for (size_t i = 0; i < doc->nchecks; i++) {
    const reportx_check *k = &doc->checks[i];
    cJSON *o = cJSON_CreateObject();
    if (o) {
      put_lit(failed, o, "kind", cJSON_CreateStringReference(reportx_check_kind_name(k->kind)));
      put_lit(failed, o, "status", cJSON_CreateStringReference(reportx_check_status_name(k->status)));
      put_lit(failed, o, "stated", cJSON_CreateRaw(k->stated));
      put_lit(failed, o, "computed", cJSON_CreateRaw(k->computed));
      put_lit(failed, o, "difference", cJSON_CreateRaw(k->difference));
      put_lit(failed, o, "tolerance", cJSON_CreateRaw(k->tolerance));
      put_lit(failed, o, "unit", cJSON_CreateString(k->unit));
      cJSON *qs = cJSON_CreateArray();
      for (size_t j = 0; qs && j < k->nquantities; j++) push(failed, qs, size_json(k->quantities[j]));
      put_lit(failed, o, "quantities", qs);
      put_lit(failed, o, "stated_quantity", size_json(k->stated_quantity));
      cJSON *span = cJSON_CreateArray();
      if (span) {
        push(failed, span, size_json(k->start));
        push(failed, span, size_json(k->end));
      }
      put_lit(failed, o, "span", span);
    }
    push(failed, arr, o);
  }
  return arr;
}

/* A sum of normalised values as an exact fixed-point integer, m × 10^-scale, while it fits
 * in 64 bits (almost always); decimal.c strings from the first value or sum that does not. */
typedef struct status_acc {
  int cls, base;  /* by number: see intern() */
  size_t count;
  int64_t m;      /* the sum, while `sum` is empty */
  int scale;
  char sum[RX_DEC_MAX]; /* the sum as decimal.c text, once m could not hold it ("" before) */
  int overflow;
} status_acc;

/* v = m × 10^-scale for a plain decimal (-?digits(.digits)?, at most 18 digits); else -1. */
static int fix_parse(const char *v, int64_t *m, int *scale) {
  int neg = *v == '-', digits = 0, sc = -1;
  int64_t x = 0;
  if (neg) v++;
  for (; *v; v++) {
    if (*v >= '0' && *v <= '9') {
      if (++digits > 18) return -1;
      x = x * 10 + (*v - '0');
      if (sc >= 0) sc++;
    } else if (*v == '.' && sc < 0 && digits > 0 && v[1]) {
      sc = 0;
    } else {
      return -1;
    }
  }
  if (digits == 0) return -1;
  *m = neg ? -x : x;
  *scale = sc < 0 ? 0 : sc;
  return 0;
}

/* a × 10^k without overflow, or -1. */
static int fix_rescale(int64_t *a, int k) {
  while (k-- > 0)
    if (__builtin_mul_overflow(*a, 10, a)) return -1;
  return 0;
}

/* m × 10^-scale as decimal.c writes it (canonical: no trailing fraction zeros, "0"). */
static void fix_format(int64_t m, int scale, char *out) {
  while (scale > 0 && m % 10 == 0) {
    m /= 10;
    scale--;
  }
  uint64_t u = m < 0 ? 0 - (uint64_t)m : (uint64_t)m;
  char d[24];
  int n = 0;
  do d[n++] = (char)('0' + u % 10);
  while ((u /= 10) != 0);
  while (n <= scale) d[n++] = '0'; /* a digit before the point */
  size_t o = 0;
  if (m < 0) out[o++] = '-';
  for (int k = n - 1; k >= 0; k--) {
    out[o++] = d[k];
    if (k == scale && scale > 0) out[o++] = '.';
  }
  out[o] = '\0';
}

/* Adds v to the sum of a: in fixed point while both fit, else through decimal.c. */
static void acc_add(status_acc *a, const char *v) {
  if (!a->sum[0]) {
    int64_t x, m = a->m;
    int xs;
    if (!fix_parse(v, &x, &xs)) {
      int sc = xs > a->scale ? xs : a->scale;
      if (!fix_rescale(&m, sc - a->scale) && !fix_rescale(&x, sc - xs) && !__builtin_add_overflow(m, x, &m)) {
        a->m = m;
        a->scale = sc;
        return;
      }
    }
    fix_format(a->m, a->scale, a->sum); /* from now on as text */
  }
  char tmp[RX_DEC_MAX];
  if (rx_dec_add(a->sum, v, tmp, sizeof tmp) == 0) memcpy(a->sum, tmp, sizeof tmp);
  else a->overflow = 1;
}

/* Small integers for the distinct strings among class and unit names (few per document).
 * The names come from the units table: a name met before at the same address is known by
 * the address (a direct-mapped cache); any other is compared with the names seen, by hash
 * first. */
#define NAME_CACHE 256
typedef struct interned {
  struct {
    const char *ptr;
    int id;
  } cache[NAME_CACHE];
  struct {
    const char *s; /* number → the name, */
    uint32_t hash; /* and its hash */
  } *name;
  size_t nname, capname;
} interned;

/* intern() for an address not in the cache. */
static int intern_slow(interned *t, const char *s, size_t slot) {
  uint32_t h = 2166136261u; /* FNV-1a */
  for (const unsigned char *u = (const unsigned char *)s; *u; u++) h = (h ^ *u) * 16777619u;
  size_t id = 0;
  while (id < t->nname && !(t->name[id].hash == h && strcmp(t->name[id].s, s) == 0)) id++;
  if (id == t->nname) {
    if (t->nname == t->capname && rx_grow((void **)&t->name, &t->capname, t->nname + 1, sizeof *t->name)) return -1;
    t->name[t->nname].s = s;
    t->name[t->nname++].hash = h;
  }
  t->cache[slot].ptr = s;
  t->cache[slot].id = (int)id;
  return (int)id;
}

/* The number of s, or -1 on allocation failure. */
static inline int intern(interned *t, const char *s) {
  size_t slot = (size_t)(((uint64_t)(uintptr_t)s * 0x9E3779B97F4A7C15u) >> 56) & (NAME_CACHE - 1); /* Fibonacci */
  return t->cache[slot].ptr == s ? t->cache[slot].id : intern_slow(t, s, slot);
}

cJSON *rx_status_stats_json(const reportx_doc *doc, int *failed) {
  static const reportx_quantity_status order[] = {REPORTX_QUANTITY_ACHIEVED, REPORTX_QUANTITY_PLANNED,
                                                  REPORTX_QUANTITY_UNKNOWN};
  cJSON *o = cJSON_CreateObject();
  if (!o) {
    *failed = 1;
    return NULL;
  }
  /* per status (by its value): its count and sums, the three from one pass over the quantities */
  struct {
    status_acc *acc;
    size_t nacc, cap, count;
    size_t where[256]; /* (class, base) → acc index + 1, direct-mapped; 0: look the list through */
  } by[3];
  memset(by, 0, sizeof by);
  interned names; /* class and base unit names by number; -1: no base unit */
  memset(&names, 0, sizeof names);
  for (size_t i = 0; i < doc->nquantities; i++) {
    const reportx_quantity *q = &doc->quantities[i];
    if ((size_t)q->status >= N(by) || !q->cls) continue;
    status_acc *acc = by[q->status].acc;
    size_t nacc = by[q->status].nacc, *where = by[q->status].where;
    by[q->status].count++;
    /* classes in first-seen order; per class, its base units */
    const char *base = q->norm_value && q->norm_unit ? q->norm_unit : NULL;
    int cid = intern(&names, q->cls), bid = base ? intern(&names, base) : -1;
    if (cid < 0 || (base && bid < 0)) {
      *failed = 1;
      goto out;
    }
    size_t slot = ((size_t)cid * 31u + (size_t)(bid + 1)) & 255u, k = where[slot];
    if (!(k && acc[k - 1].cls == cid && acc[k - 1].base == bid)) {
      k = 0;
      while (k < nacc && !(acc[k].cls == cid && acc[k].base == bid)) k++;
      where[slot] = k + 1;
    } else {
      k--;
    }
    if (k == nacc) {
      if (nacc == by[q->status].cap &&
          rx_grow((void **)&by[q->status].acc, &by[q->status].cap, nacc + 1, sizeof *acc)) {
        *failed = 1;
        goto out;
      }
      acc = by[q->status].acc;
      acc[k].cls = cid;
      acc[k].base = bid;
      acc[k].count = 0;
      acc[k].m = 0;
      acc[k].scale = 0;
      acc[k].sum[0] = '\0';
      acc[k].overflow = 0;
      by[q->status].nacc = nacc + 1;
    }
    acc[k].count++;
    if (base && !acc[k].overflow) acc_add(&acc[k], q->norm_value);
  }
  for (size_t si = 0; si < N(order); si++) {
    status_acc *acc = by[order[si]].acc;
    size_t nacc = by[order[si]].nacc, count = by[order[si]].count;
    /* {"count": n, "by_class": {"area": {"count": n, "normalized": {"m2": {"count", "sum"}}}}} */
    cJSON *st = cJSON_CreateObject();
    if (st) {
      put_lit(failed, st, "count", size_json(count));
      cJSON *bc = cJSON_CreateObject();
      for (size_t k = 0; bc && k < nacc; k++) {
        size_t first = 0;
        while (acc[first].cls != acc[k].cls) first++;
        if (first < k) continue; /* the class is out already */
        cJSON *cl = cJSON_CreateObject();
        if (cl) {
          size_t ccount = 0;
          cJSON *norm = cJSON_CreateObject();
          for (size_t m = k; m < nacc; m++) {
            if (acc[m].cls != acc[k].cls) continue;
            ccount += acc[m].count;
            if (acc[m].base < 0 || !norm) continue;
            cJSON *f = cJSON_CreateObject();
            if (f) {
              put_lit(failed, f, "count", size_json(acc[m].count));
              if (!acc[m].overflow && !acc[m].sum[0]) fix_format(acc[m].m, acc[m].scale, acc[m].sum);
              put_lit(failed, f, "sum", acc[m].overflow ? cJSON_CreateNull() : cJSON_CreateRaw(acc[m].sum));
            }
            put(failed, norm, names.name[acc[m].base].s, f);
          }
          put_lit(failed, cl, "count", size_json(ccount));
          put_lit(failed, cl, "normalized", norm);
        }
        put(failed, bc, names.name[acc[k].cls].s, cl);
      }
      put_lit(failed, st, "by_class", bc);
    }
    put_lit(failed, o, reportx_quantity_status_name(order[si]), st); /* a literal too */
  }
out:
  for (size_t si = 0; si < N(by); si++) rx_free(by[si].acc);
  rx_free(names.name);
  return o;
}
