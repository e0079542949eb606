/*
 * segment.c — decoded text → site noise spans, numbered section tree, document metadata.
 *
 * Consumes doc->text; produces doc->noise (sorted byte spans + "site_noise" warnings),
 * doc->sections (document order, parents first, byte offsets; doc.c converts them to code
 * points) and doc->title/place/year/kind. docs/structure.md explains the grammar.
 *
 * Passes, each linear in the text or in the number of markers:
 *   1. noise: one global PCRE2 match loop (patterns compiled once per process);
 *   2. candidates: one hand-written scan that tries a marker only where one may stand — at
 *      the start of a line, or right after sentence punctuation;
 *   3. confirmation: a pass per family that keeps a list-opening "1" only when its "2"
 *      follows;
 *   4. tree: a stack of open lists; a marker continues the innermost open list of its family
 *      that expects its number, or opens a nested list when it is a "1";
 *   5. clean-up: single-item inline lists are dropped, restarts whose outer list never
 *      resumes are lifted to the outer level; then levels, ids, spans and titles.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "internal.h"
#include "utf8.h"
#include "segment.h"

/* Deepest nesting the segmenter builds, whatever opts.max_depth says: the stack search is
 * O(depth) per marker, and doc.c places quantities with a 64-deep stack. */
#define SEG_DEPTH_CAP 64
/* Titles: a heading clause up to this many code points is kept whole (see title_of). */
#define TITLE_SHORT 30
#define TITLE_MAX 60
/* Section ids up to this length are written in place (64 levels of 1-2 digits fit). */
#define RX_SECTION_ID_MAX 256

/* ------------------------------------------------------------------ UTF-8 helpers */

/* Decodes the code point at s[i] (the text is valid UTF-8 from the reader). At the end it
 * gives 0 and moves one byte, so that no scan can stand still. */
static uint32_t cp_at(const char *s, size_t len, size_t i, size_t *n) {
  uint32_t c = 0;
  *n = i < len ? rx_utf8_next((const unsigned char *)s + i, len - i, &c) : 1;
  return c;
}

static int has(const char *s, size_t len, size_t i, const char *lit) {
  if (i >= len || s[i] != lit[0]) return lit[0] == '\0' && i <= len; /* most calls stop here */
  size_t n = strlen(lit);
  return len - i >= n && memcmp(s + i, lit, n) == 0;
}

/* Horizontal blanks: ASCII space and tab, NBSP, ideographic space, BOM. */
static int is_blank(uint32_t c) { return c == ' ' || c == '\t' || c == 0xA0 || c == 0x3000 || c == 0xFEFF; }

/* Sentence punctuation after which an inline marker (一是, ①, （一）) may stand. */
static int is_stop_punct(uint32_t c) {
  return c == 0x3002 /* 。 */ || c == 0xFF1B /* ； */ || c == 0xFF1A /* ： */ || c == 0xFF01 /* ！ */ ||
         c == 0xFF1F /* ？ */ || c == ';' || c == ':' || c == '!' || c == '?';
}

static int is_close_quote(uint32_t c) {
  return c == 0x201D || c == 0x2019 || c == 0x300D || c == 0x300F || c == '"';
}

static int is_digit_cp(uint32_t c) { return (c >= '0' && c <= '9') || (c >= 0xFF10 && c <= 0xFF19); }

static int is_cjk(uint32_t c) { return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF); }

/* ------------------------------------------------------------------ numerals */

static int cn_digit(uint32_t c) {
  switch (c) {
  case 0x4E00: return 1; /* 一 */
  case 0x4E8C: return 2; /* 二 */
  case 0x4E09: return 3; /* 三 */
  case 0x56DB: return 4; /* 四 */
  case 0x4E94: return 5; /* 五 */
  case 0x516D: return 6; /* 六 */
  case 0x4E03: return 7; /* 七 */
  case 0x516B: return 8; /* 八 */
  case 0x4E5D: return 9; /* 九 */
  default: return 0;
  }
}
#define CP_TEN 0x5341 /* 十 */

/* Marker numbers stop at 九十九: no report numbers its items past that, and a longer run of
 * numerals (一二三, 二〇二三) is a year or a phrase, never a marker. */
size_t rx_seg_cn_number(const char *s, size_t len, int *value) {
  size_t n1, n2, n3;
  if (!len) return 0;
  uint32_t a = cp_at(s, len, 0, &n1);
  int da = cn_digit(a);
  if (a == CP_TEN) {
    int v = 10;
    if (n1 < len) {
      int d = cn_digit(cp_at(s, len, n1, &n2));
      if (d) {
        *value = v + d;
        return n1 + n2;
      }
    }
    *value = v;
    return n1;
  }
  if (!da) return 0;
  if (n1 < len && cp_at(s, len, n1, &n2) == CP_TEN) {
    int v = da * 10;
    if (n1 + n2 < len) {
      int d = cn_digit(cp_at(s, len, n1 + n2, &n3));
      if (d) {
        *value = v + d;
        return n1 + n2 + n3;
      }
    }
    *value = v;
    return n1 + n2;
  }
  *value = da;
  return n1;
}

/* One or two ASCII / full-width digits, 1…99, no leading zero. */
static size_t ar_number(const char *s, size_t len, int *value) {
  size_t i = 0, n;
  int v = 0, k = 0;
  while (i < len && k < 3) {
    uint32_t c = cp_at(s, len, i, &n);
    if (!is_digit_cp(c)) break;
    int d = c <= '9' ? (int)(c - '0') : (int)(c - 0xFF10);
    if (k == 0 && d == 0) return 0;
    v = v * 10 + d;
    k++;
    i += n;
  }
  if (k == 0 || k > 2) return 0;
  *value = v;
  return i;
}

static int cn_year_digit(uint32_t c) {
  if (c == 0x3007 || c == 0x96F6) return 0; /* 〇 零 */
  int d = cn_digit(c);
  return d ? d : -1;
}

int rx_seg_year_at(const char *s, size_t len, size_t *used) {
  size_t i = 0, n;
  int v = 0, k;
  for (k = 0; k < 4 && i < len; k++) {
    uint32_t c = cp_at(s, len, i, &n);
    int d;
    if (is_digit_cp(c)) d = c <= '9' ? (int)(c - '0') : (int)(c - 0xFF10);
    else if ((d = cn_year_digit(c)) < 0) return 0;
    v = v * 10 + d;
    i += n;
  }
  if (k < 4 || !has(s, len, i, "年")) return 0;
  if (v < 1900 || v > 2099) return 0;
  if (used) *used = i + strlen("年");
  return v;
}

/* ------------------------------------------------------------------ the marker grammar */

/* A digit right after "1." or "1、" makes a decimal, a date or a range (1.5万元, 3、4月份). */
static int next_is_digit(const char *s, size_t len, size_t i) {
  size_t n;
  return i < len && is_digit_cp(cp_at(s, len, i, &n));
}

/* Characters that, right after a bare numeral ≥ 十一, show a date, count or phrase, not an
 * item that continues a 一是 list (十一月, 十九届, 十四五, 十三个, 十二项 …). */
static int bad_after_bare(uint32_t c) {
  static const uint32_t bad[] = {0x6708 /*月*/, 0x65E5 /*日*/, 0x5E74 /*年*/, 0x53F7 /*号*/, 0x4E2A /*个*/,
                                 0x6B21 /*次*/, 0x5C4A /*届*/, 0x9879 /*项*/, 0x6761 /*条*/, 0x5BB6 /*家*/,
                                 0x4EBA /*人*/, 0x6237 /*户*/, 0x540D /*名*/, 0x79CD /*种*/, 0x7C7B /*类*/,
                                 0x70B9 /*点*/, 0x5206 /*分*/, 0x4F59 /*余*/, 0x591A /*多*/, 0x4F4D /*位*/,
                                 0x671F /*期*/, 0x6279 /*批*/, 0x500D /*倍*/, 0x4E07 /*万*/, 0x4EBF /*亿*/,
                                 0x767E /*百*/, 0x5343 /*千*/, 0x5927 /*大*/, 0x5C81 /*岁*/, 0x5468 /*周*/,
                                 0x5929 /*天*/, 0x6240 /*所*/, 0x5EA7 /*座*/, 0x5757 /*块*/,
                                 0x4EA9 /*亩*/, 0x5428 /*吨*/, 0x5143 /*元*/, 0x7C73 /*米*/, 0x6751 /*村*/,
                                 0x4E2D /*中*/, 0x5F3A /*强*/, 0x8F6E /*轮*/, 0x573A /*场*/, 0x5C0F /*小*/,
                                 0x7B49 /*等*/};
  for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++)
    if (c == bad[k]) return 1;
  return cn_digit(c) || c == CP_TEN || c == 0x3007 || c == 0x96F6 || c == 0x4E24 /*两*/;
}

/* 一、二季度, 第一、二批, 一、二、三产业: a numeral right after the separator, itself followed
 * by a separator or a word that counts phases (季度, 批, 期, 产业, 级 …), continues an
 * enumeration of numbers, not a heading. (三、二三年的工作重点 is a heading: 二〇〇三年.) */
static int enumerates(const char *s, size_t len, size_t i) {
  static const uint32_t after[] = {0x3001 /*、*/, 0xFF0C /*，*/, ',', 0x5B63 /*季*/, 0x6279 /*批*/,
                                   0x671F /*期*/, 0x4EA7 /*产*/, 0x7EA7 /*级*/, 0x7C7B /*类*/, 0x6863 /*档*/,
                                   0x53F7 /*号*/, 0x6B21 /*次*/, 0x8F6E /*轮*/, 0x7B49 /*等*/};
  size_t n;
  int v;
  size_t d = i < len ? rx_seg_cn_number(s + i, len - i, &v) : 0;
  if (!d || i + d >= len) return 0;
  uint32_t c = cp_at(s, len, i + d, &n);
  for (size_t k = 0; k < sizeof after / sizeof after[0]; k++)
    if (c == after[k]) return 1;
  return 0;
}

static int set_marker(rx_marker *m, rx_mk_family f, int ord, unsigned flags, size_t len, size_t toff) {
  m->family = f;
  m->ordinal = ord;
  m->flags = flags;
  m->len = len;
  m->title_off = toff;
  return 1;
}

int rx_seg_marker(const char *s, size_t len, int bol, rx_marker *m) {
  size_t n, k, k2;
  int v;
  if (!len) return 0;
  uint32_t c = cp_at(s, len, 0, &n);

  /* circled and parenthesised digit characters: unambiguous wherever they stand */
  if (c >= 0x2460 && c <= 0x2473) return set_marker(m, RX_MK_CIRCLED, (int)(c - 0x2460) + 1, 0, n, n);
  if (c >= 0x3251 && c <= 0x325F) return set_marker(m, RX_MK_CIRCLED, (int)(c - 0x3251) + 21, 0, n, n);
  if (c >= 0x32B1 && c <= 0x32BF) return set_marker(m, RX_MK_CIRCLED, (int)(c - 0x32B1) + 36, 0, n, n);
  if (c >= 0x2474 && c <= 0x2487) return set_marker(m, RX_MK_AR_PAREN, (int)(c - 0x2474) + 1, 0, n, n);
  if (c >= 0x2488 && c <= 0x249B) return set_marker(m, RX_MK_AR_DOT, (int)(c - 0x2488) + 1, 0, n, n);

  /* （一） (一) （1） (1): the parentheses make the number a marker, but a year or range in
   * parentheses ((2015-2017)) is not one: only 1…99 and 一…九十九 fill them exactly. */
  if (c == 0xFF08 || c == '(') {
    k = n;
    size_t d = rx_seg_cn_number(s + k, len - k, &v);
    rx_mk_family f = RX_MK_CN_PAREN;
    if (!d) {
      d = ar_number(s + k, len - k, &v);
      f = RX_MK_AR_PAREN;
    }
    if (!d) return 0;
    k += d;
    if (k >= len) return 0;
    uint32_t e = cp_at(s, len, k, &k2);
    if (e != 0xFF09 && e != ')') return 0;
    return set_marker(m, f, v, 0, k + k2, k + k2);
  }

  /* 1. 1、 1． 1） 1): Arabic numbers are everywhere in a report, so the number must be
   * followed by its separator and then not by a digit (1.5万元, 3、4月份). */
  if (is_digit_cp(c)) {
    k = ar_number(s, len, &v);
    if (!k || k >= len) return 0;
    uint32_t e = cp_at(s, len, k, &k2);
    rx_mk_family f;
    if (e == '.' || e == 0xFF0E || e == 0x3001) f = RX_MK_AR_DOT;
    else if (e == 0xFF09 || e == ')') f = RX_MK_AR_PAREN;
    else return 0;
    if (next_is_digit(s, len, k + k2)) return 0;
    /* mid-line, "1." must be followed by text, not by a space or a unit: ASCII dots end
     * sentences in mixed text too */
    if (!bol && f == RX_MK_AR_DOT) {
      size_t n3;
      if (k + k2 >= len || !is_cjk(cp_at(s, len, k + k2, &n3))) return 0;
    }
    return set_marker(m, f, v, 0, k + k2, k + k2);
  }

  if (c == 0x5176 /* 其 */ && rx_seg_cn_number(s + n, len - n, &v)) {
    /* 其一， 其二，: the same kind of sequence as 第一， (其次 is a sequence word, below) */
    k = n + rx_seg_cn_number(s + n, len - n, &v);
    if (k >= len) return 0;
    uint32_t e = cp_at(s, len, k, &k2);
    if ((e == 0xFF0C || e == 0x3001 || e == 0xFF1A || e == ',') && !enumerates(s, len, k + k2))
      return set_marker(m, RX_MK_DI, v, 0, k + k2, k + k2);
    return 0;
  }
  /* 第一部分 / 第一章 (line start) and 第一， 第二、 (a sequence of points). 第一议题,
   * 第一产业, 第五次 have no punctuation after the number and open nothing. */
  if (c == 0x7B2C /* 第 */) {
    k = n;
    size_t d = rx_seg_cn_number(s + k, len - k, &v);
    if (!d) return 0;
    k += d;
    if (bol && has(s, len, k, "部分")) return set_marker(m, RX_MK_PART, v, 0, k + strlen("部分"), k + strlen("部分"));
    if (bol && has(s, len, k, "章")) return set_marker(m, RX_MK_PART, v, 0, k + strlen("章"), k + strlen("章"));
    if (k >= len) return 0;
    uint32_t e = cp_at(s, len, k, &k2);
    if ((e == 0xFF0C || e == 0x3001 || e == 0xFF1A || e == ',') && !enumerates(s, len, k + k2))
      return set_marker(m, RX_MK_DI, v, 0, k + k2, k + k2);
    return 0;
  }

  /* 首先， 其次， 再次， 最后，: words of running text unless punctuation follows them and
   * they form a sequence (checked by the caller). */
  {
    static const struct {
      const char *w;
      int ord;
      unsigned flags;
    } seq[] = {{"首先", 1, 0}, {"其次", 2, RX_MK_CONT_ONLY}, {"再次", 3, RX_MK_CONT_ONLY},
               {"最后", 0, RX_MK_CONT_ONLY | RX_MK_LAST}};
    for (size_t q = 0; q < sizeof seq / sizeof seq[0]; q++) {
      if (!has(s, len, 0, seq[q].w)) continue;
      k = strlen(seq[q].w);
      if (k >= len) return 0;
      uint32_t e = cp_at(s, len, k, &k2);
      if (e == 0xFF0C || e == 0x3001 || e == 0xFF1A || e == ',')
        return set_marker(m, RX_MK_SEQ, seq[q].ord, seq[q].flags, k, k + k2);
      return 0;
    }
  }

  /* Chinese numeral: 一、 (line start), 一是, or a bare 十一… continuing a 一是 list */
  k = rx_seg_cn_number(s, len, &v);
  if (!k || k >= len) return 0;
  uint32_t e = cp_at(s, len, k, &k2);
  if (e == 0x3001 || e == 0xFF0E || e == '.') {
    /* 一、 in running text enumerates (一、二、三产业); only a line start makes it a heading */
    if (!bol) return 0;
    if (next_is_digit(s, len, k + k2) && e != 0x3001) return 0;
    if (enumerates(s, len, k + k2)) return 0;
    return set_marker(m, RX_MK_CN_DUN, v, 0, k + k2, k + k2);
  }
  if (e == 0x662F /* 是 */) {
    /* 一是一非, 一是一，二是二: the numeral repeated after 是 and then 非 or a stop makes a
     * set phrase. (A numeral alone after 是 is fine: 一是三农工作, 三是五村返迁.) */
    size_t n3, n4;
    if (k + k2 < len && cp_at(s, len, k + k2, &n3) == cp_at(s, len, 0, &n4)) {
      size_t j = k + k2 + n3;
      uint32_t g = j < len ? cp_at(s, len, j, &n4) : 0;
      if (j >= len || g == 0x975E /* 非 */ || !is_cjk(g)) return 0;
    }
    return set_marker(m, RX_MK_CN_SHI, v, 0, k + k2, k + k2);
  }
  /* 十一扎实开展…: past 十 the writer often drops 是; such a bare numeral only ever
   * continues an open 一是 list (the caller checks), and must be followed by a word */
  if (v >= 11 && is_cjk(e) && !bad_after_bare(e))
    return set_marker(m, RX_MK_CN_SHI, v, RX_MK_CONT_ONLY, k, k);
  return 0;
}

/* Usual rank of a family when a new list has to decide whether it can sit inside the
 * current item: 一、 over （一） over 1. over （1） over ①. The inline families (一是, 第一，,
 * 首先) nest anywhere, so as newcomers they never close a list; as open lists they rank
 * with 1. */
static int family_rank(rx_mk_family f) {
  switch (f) {
  case RX_MK_PART: return 0;
  case RX_MK_CN_DUN: return 1;
  case RX_MK_CN_PAREN: return 2;
  case RX_MK_CN_SHI: case RX_MK_DI: case RX_MK_SEQ: case RX_MK_AR_DOT: return 3;
  case RX_MK_AR_PAREN: return 4;
  case RX_MK_CIRCLED: return 5;
  default: return 6;
  }
}

static int family_floats(rx_mk_family f) { return f == RX_MK_CN_SHI || f == RX_MK_DI || f == RX_MK_SEQ; }

/* ------------------------------------------------------------------ PCRE2 patterns */

static void *pc_malloc(size_t n, void *data) {
  (void)data;
  return rx_malloc(n);
}
static void pc_free(void *p, void *data) {
  (void)data;
  rx_free(p);
}

/* Site noise. A paywall marker (##paidbegin##), an edit password to the end of its line, a
 * download link, and page counters in both orders (第 3 页 共 9 页, 共9页 第3页). */
/* The look-ahead names the first characters of the alternatives: it changes no match, but
 * lets the JIT skip every other character at once (3× faster over a report). */
static const char NOISE_PATTERN[] =
    "(?=[#本文第共])(?:"
    "##[A-Za-z]{2,20}##"
    "|(?:本)?文档编辑密码[:：][^\\r\\n]*"
    "|文档下载"
    "|第\\h*\\d{1,5}\\h*页\\h*[,，/／]?\\h*共\\h*\\d{1,5}\\h*页"
    "|共\\h*\\d{1,5}\\h*页\\h*[,，/／]?\\h*第\\h*\\d{1,5}\\h*页)";

/* Every match holds one of these literals (## — 文档 — the 页 of a page counter) and no line
 * break (\h, \d and [^\r\n] match none). So the pattern only runs on the lines that hold a
 * literal, found by a plain search, instead of over the whole text: a report without noise
 * costs three searches. */
static const char *const NOISE_LITERALS[] = {"##", "文档", "页"};
#define NOISE_NLIT 3

/* First occurrence of lit in s[from..len), or len. Searches for its last byte (a rare
 * continuation byte for the Chinese literals), then compares. */
static size_t find_lit(const char *s, size_t len, size_t from, const char *lit) {
  size_t n = strlen(lit);
  unsigned char last = (unsigned char)lit[n - 1];
  size_t i = from + n - 1;
  while (i < len) {
    const char *m = memchr(s + i, last, len - i);
    if (!m) break;
    size_t e = (size_t)(m - s) + 1;
    if (memcmp(s + e - n, lit, n) == 0) return e - n;
    i = e;
  }
  return len;
}

/* Compiled once per process, with the library's allocator. When that first compile runs
 * out of memory the next document tries again under the lock, instead of failing for ever. */
static pthread_once_t pc_once = PTHREAD_ONCE_INIT;
static pthread_mutex_t pc_lock = PTHREAD_MUTEX_INITIALIZER;
static pcre2_general_context *pc_gctx;     /* written under pc_lock only */
static pcre2_code *_Atomic pc_noise;       /* published once complete */

static void pc_compile_locked(void) {
  if (atomic_load(&pc_noise)) return;
  if (!pc_gctx) pc_gctx = pcre2_general_context_create(pc_malloc, pc_free, NULL);
  if (!pc_gctx) return;
  pcre2_compile_context *cc = pcre2_compile_context_create(pc_gctx);
  if (!cc) return;
  int err;
  PCRE2_SIZE off;
  pcre2_code *code = pcre2_compile((PCRE2_SPTR)NOISE_PATTERN, PCRE2_ZERO_TERMINATED,
                                   PCRE2_UTF | PCRE2_NO_UTF_CHECK, &err, &off, cc);
  pcre2_compile_context_free(cc);
  if (!code) return;
  (void)pcre2_jit_compile(code, PCRE2_JIT_COMPLETE); /* the interpreter runs if JIT cannot */
  atomic_store(&pc_noise, code);
}

static void pc_init(void) {
  pthread_mutex_lock(&pc_lock);
  pc_compile_locked();
  pthread_mutex_unlock(&pc_lock);
}

static pcre2_code *pc_get(void) {
  pthread_once(&pc_once, pc_init);
  pcre2_code *code = atomic_load(&pc_noise);
  if (code) return code;
  pthread_mutex_lock(&pc_lock);
  pc_compile_locked();
  pthread_mutex_unlock(&pc_lock);
  return atomic_load(&pc_noise);
}

/* What a noise match is, from its first characters (the pattern's alternatives). */
static const char *noise_name(const char *s, size_t len) {
  if (len >= 2 && s[0] == '#') return "paywall marker";
  if (has(s, len, 0, "文档下载")) return "download link";
  if (has(s, len, 0, "第") || has(s, len, 0, "共")) return "page counter";
  return "edit password";
}

static reportx_status find_noise(reportx_doc *doc) {
  const char *s = doc->text.s;
  size_t len = doc->text.len;
  pcre2_code *re = pc_get();
  if (!re) return REPORTX_ERR_NOMEM;
  /* pc_gctx is set before pc_noise is published and never changes after */
  pcre2_match_context *mc = pcre2_match_context_create(pc_gctx);
  pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, pc_gctx);
  reportx_status st = REPORTX_OK;
  if (!mc || !md) {
    st = REPORTX_ERR_NOMEM;
    goto done;
  }
  pcre2_set_match_limit(mc, doc->opts.match_limit);
  pcre2_set_depth_limit(mc, doc->opts.depth_limit);
  size_t at = 0;
  size_t next[NOISE_NLIT] = {0}; /* next occurrence of each literal at or after `at`, or len */
  int stale[NOISE_NLIT] = {1, 1, 1};
  size_t le = 0; /* end of the line last searched: q < le is on that line */
  while (at < len) {
    /* the line of the next literal: no match lies before it (see NOISE_LITERALS) */
    size_t q = len;
    for (int k = 0; k < NOISE_NLIT; k++) {
      if (stale[k] || next[k] < at) next[k] = find_lit(s, len, at, NOISE_LITERALS[k]);
      stale[k] = 0;
      if (next[k] < q) q = next[k];
    }
    if (q == len) break;
    size_t lb = q;
    while (lb > at && s[lb - 1] != '\n' && s[lb - 1] != '\r') lb--; /* never before `at` */
    /* The end of q's line, found once per line: a line of a megabyte holding thousands of
     * matches must not be walked to its end for each. Its UTF-8 is checked by PCRE2 once too
     * (the reader hands over valid UTF-8; this is the same defence as before). */
    uint32_t check = PCRE2_NO_UTF_CHECK;
    if (q >= le) {
      le = q;
      while (le < len && s[le] != '\n' && s[le] != '\r') le++;
      check = 0;
    }
    int rc = pcre2_match(re, (PCRE2_SPTR)s, le, lb, check, md, mc);
    if (rc == PCRE2_ERROR_NOMATCH) { /* nothing on this line */
      at = le;
      continue;
    }
    if (rc <= PCRE2_ERROR_UTF8_ERR1 && rc >= PCRE2_ERROR_UTF8_ERR21) {
      st = REPORTX_ERR_INTERNAL; /* the reader hands over valid UTF-8 only */
      break;
    }
    if (rc == PCRE2_ERROR_NOMEMORY) {
      st = REPORTX_ERR_NOMEM;
      break;
    }
    if (rc < 0) {
      st = REPORTX_ERR_LIMIT;
      break;
    }
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
    size_t b = ov[0], e = ov[1];
    if (e <= b) { /* cannot happen with these patterns; step on safely */
      at = e + 1;
      continue;
    }
    if (rx_doc_add_noise(doc, b, e) ||
        rx_doc_warn(doc, "site_noise", b, e, "Site noise (%s) is not part of any section or quantity.",
                    noise_name(s + b, e - b))) {
      st = REPORTX_ERR_NOMEM;
      break;
    }
    at = e;
  }
done:
  pcre2_match_data_free(md);
  pcre2_match_context_free(mc);
  return st;
}

/* ------------------------------------------------------------------ candidates */

#define C_BOL 1u   /* the marker stands at the start of its line */
#define C_RESET 2u /* not a marker: an appendix heading (名词解释); the next new list is top-level */

typedef struct seg_cand {
  size_t pos;  /* byte offset of the marker */
  size_t line; /* 0-based line number */
  rx_marker mk;
  unsigned flags;
} seg_cand;

typedef struct seg_state {
  reportx_doc *doc;
  const char *s;
  size_t len;
  seg_cand *cand;
  size_t ncand, capcand;
} seg_state;

/* A line that announces notes or annexes (名词解释, 注释, 附件…) ends the numbered body: the
 * numbered glossary after it is a list of its own at the top level, not part of the last
 * item. Only a short line that starts with such a word counts, and only a new list is
 * affected (build_tree), so a stray note line inside the body breaks nothing. */
static int appendix_line(const char *s, size_t len, size_t i) {
  static const char *const words[] = {"名词解释", "名词注释", "注释", "注解", "附件", "附录", "附表", "附：", "附:", "参考文献"};
  int hit = 0;
  if (has(s, len, i, "【") || has(s, len, i, "〔")) i += 3; /* 【名词解释】 */
  else if (has(s, len, i, "[")) i++;
  size_t n0;
  uint32_t c0 = cp_at(s, len, i, &n0);
  if (c0 != 0x540D /* 名 */ && c0 != 0x6CE8 /* 注 */ && c0 != 0x9644 /* 附 */ && c0 != 0x53C2 /* 参 */)
    return 0; /* the first characters of the words: most lines start otherwise */
  for (size_t k = 0; k < sizeof words / sizeof words[0]; k++)
    if (has(s, len, i, words[k])) hit = 1;
  if (!hit) return 0;
  size_t cps = 0, n;
  while (i < len && s[i] != '\n' && s[i] != '\r') {
    uint32_t c = cp_at(s, len, i, &n);
    if (c == 0x3002) return 0; /* a sentence, not a heading */
    i += n;
    if (++cps > 20) return 0;
  }
  return 1;
}

static int add_cand(seg_state *st, size_t pos, size_t line, const rx_marker *mk, unsigned flags) {
  if (rx_grow((void **)&st->cand, &st->capcand, st->ncand + 1, sizeof *st->cand)) return -1;
  seg_cand *c = &st->cand[st->ncand++];
  c->pos = pos;
  c->line = line;
  c->mk = *mk;
  c->flags = flags;
  return 0;
}

/* One pass over the text. Markers are tried only at a line start (after blanks and noise)
 * or right after sentence punctuation (and after a comma for circled digits): that is
 * where the genre puts them, and it keeps 统一是, 第一议题 or 十九届 out cheaply. */
/* Bytes of the character led by b when it is "plain" for the marker scan — a CJK ideograph
 * (lead byte E4–E9: three bytes) or an ASCII letter or digit (one) — else 0. */
static size_t plain_len(unsigned char b) {
  if (b >= 0xE4 && b <= 0xE9) return 3;
  if ((b >= '0' && b <= '9') || ((b | 0x20) >= 'a' && (b | 0x20) <= 'z')) return 1;
  return 0;
}

/* Where, from i (in a run of plain characters, no state set), the scan below must look
 * again: a line break, sentence punctuation or a comma (。、，；：！？ and their ASCII forms),
 * which set its state; every other character leaves the state as it is. Sixteen places at a
 * time where SSE2 is there (the first bytes of these characters start a character wherever
 * they are in UTF-8, so none needs walking); elsewhere, and for the last bytes, the caller
 * goes on character by character. Never beyond `len`, and always at the first byte of a
 * character (i is one, and the text is valid UTF-8). */
static size_t next_state_change(const char *s, size_t len, size_t i) {
#ifdef __SSE2__
  const unsigned char *u = (const unsigned char *)s;
#define B(x) _mm_set1_epi8((char)(x))
#define EQ(a, x) _mm_cmpeq_epi8(a, B(x))
  for (; i + 18 <= len; i += 16) {
    __m128i x0 = _mm_loadu_si128((const __m128i *)(const void *)(u + i)),
            x1 = _mm_loadu_si128((const __m128i *)(const void *)(u + i + 1)),
            x2 = _mm_loadu_si128((const __m128i *)(const void *)(u + i + 2));
    __m128i ascii = _mm_or_si128(
        _mm_or_si128(_mm_or_si128(EQ(x0, '\n'), EQ(x0, '\r')), _mm_or_si128(EQ(x0, ';'), EQ(x0, ':'))),
        _mm_or_si128(_mm_or_si128(EQ(x0, '!'), EQ(x0, '?')), EQ(x0, ',')));
    /* 。 、: E3 80 82 / 81 */
    __m128i cjk = _mm_and_si128(_mm_and_si128(EQ(x0, 0xE3), EQ(x1, 0x80)), _mm_or_si128(EQ(x2, 0x82), EQ(x2, 0x81)));
    /* ， ； ： ！ ？: EF BC 8C / 9B / 9A / 81 / 9F */
    __m128i full = _mm_and_si128(
        _mm_and_si128(EQ(x0, 0xEF), EQ(x1, 0xBC)),
        _mm_or_si128(_mm_or_si128(EQ(x2, 0x8C), EQ(x2, 0x9B)),
                     _mm_or_si128(_mm_or_si128(EQ(x2, 0x9A), EQ(x2, 0x81)), EQ(x2, 0x9F))));
    unsigned mask = (unsigned)_mm_movemask_epi8(_mm_or_si128(ascii, _mm_or_si128(cjk, full)));
    if (mask) return i + (size_t)__builtin_ctz(mask);
  }
  /* sixteen bytes at a time may stop inside a character: back to its first byte */
  while (i > 0 && (u[i] & 0xC0) == 0x80) i--;
#undef EQ
#undef B
#else
  (void)s;
  (void)len;
#endif
  return i;
}

static int scan_candidates(seg_state *st) {
  const char *s = st->s;
  size_t len = st->len, i = 0, line = 0, n, k = 0;
  const reportx_doc *doc = st->doc;
  int bol = 1, punct = 0, comma = 0;
  while (i < len) {
    while (k < doc->nnoise && doc->noise[k].end <= i) k++;
    if (k < doc->nnoise && doc->noise[k].start <= i) { /* noise is transparent */
      i = doc->noise[k].end;
      continue;
    }
    unsigned char b = (unsigned char)s[i];
    if (!bol && !punct && !comma && plain_len(b)) {
      /* A run of CJK ideographs (U+4E00–9FFF, lead bytes E4–E9) and ASCII letters and
       * digits: none is a blank, a marker's place or punctuation, so the state stays as it
       * is; skip to the next other character or noise. Most of a report is such runs. */
      size_t stop = k < doc->nnoise ? doc->noise[k].start : len, n1;
      i = next_state_change(s, stop, i);
      while (i < stop && (n1 = plain_len((unsigned char)s[i])) > 0) i += n1;
      continue;
    }
    if (b == '\n' || b == '\r') {
      i += (b == '\r' && i + 1 < len && s[i + 1] == '\n') ? 2 : 1;
      line++;
      bol = 1;
      punct = comma = 0;
      continue;
    }
    uint32_t c = cp_at(s, len, i, &n);
    if (is_blank(c)) {
      i += n;
      continue;
    }
    if (bol && appendix_line(s, len, i)) {
      rx_marker none = {RX_MK_NONE, 0, 0, 0, 0};
      if (add_cand(st, i, line, &none, C_RESET)) return -1;
    }
    /* after a comma only a circled digit counts (see rx_seg_marker): test it first */
    int circled = (c >= 0x2460 && c <= 0x2473) || (c >= 0x3251 && c <= 0x325F) || (c >= 0x32B1 && c <= 0x32BF);
    if (bol || punct || (comma && circled)) {
      rx_marker mk;
      size_t lim = len - i < 64 ? len - i : 64; /* markers are short; bound the look */
      /* a marker must not run into noise */
      if (k < doc->nnoise && doc->noise[k].start - i < lim) lim = doc->noise[k].start - i;
      if (rx_seg_marker(s + i, lim, bol, &mk) && (bol || punct || mk.family == RX_MK_CIRCLED)) {
        if (add_cand(st, i, line, &mk, bol ? C_BOL : 0)) return -1;
        i += mk.len;
        bol = punct = comma = 0;
        continue;
      }
    }
    if (is_stop_punct(c)) punct = 1;
    else if (!(punct && is_close_quote(c))) punct = 0;
    comma = (c == 0xFF0C || c == 0x3001 || c == ',');
    bol = 0;
    i += n;
  }
  return 0;
}

/* ------------------------------------------------------------------ the tree */

typedef struct seg_list {
  int parent;     /* node holding this list, -1 at the top */
  rx_mk_family family;
  int last;       /* number reached */
  int first, tail; /* first and last node */
  int nitems;
} seg_list;

typedef struct seg_node {
  int cand;
  int list;
  int parent; /* effective parent node after clean-up */
  int alive;
  int level;
  int section; /* index in doc->sections */
  int nchildren;
} seg_node;

/* Confirmation: a "1" opens a list only when its "2" (or 最后 after 首先) follows. Each family
 * is read on its own, as the tree builder reads it but without the other families: a "1"
 * opens a counter inside the current one, a number n continues the innermost counter that
 * stands at n-1 and closes those inside it. A "1" whose counter never reaches 2 — a lone 一是
 * in running text, a "1、" in a table, a "（一）" quoted from elsewhere — opens nothing, and so
 * cannot close or capture the real lists around it. A restart right after its item
 * (一是全面抓好征兵工作。一是…二是…三是… ¶ 二是…) confirms both lists. */
/* A heading at the start of a line (一、 （一） 1. （1） 第一部分) is a section even when no "2"
 * follows: a part with one subsection, a single numbered note. The inline families and ①,
 * written in running text, need their "2". */
static int lone_heading(const seg_cand *c) {
  if (!(c->flags & C_BOL) || c->mk.ordinal != 1 || (c->mk.flags & RX_MK_CONT_ONLY)) return 0;
  switch (c->mk.family) {
  case RX_MK_PART: case RX_MK_CN_DUN: case RX_MK_CN_PAREN: case RX_MK_AR_DOT: case RX_MK_AR_PAREN: return 1;
  default: return 0;
  }
}

typedef struct seg_counter {
  int cand, last;
} seg_counter;

static int confirm(seg_state *st, unsigned char **okp) {
  seg_counter stack[RX_MK_NFAMILIES][SEG_DEPTH_CAP];
  int sp[RX_MK_NFAMILIES] = {0};
  unsigned char *ok = rx_calloc(st->ncand ? st->ncand : 1, 1);
  if (!ok) return -1;
  for (size_t i = 0; i < st->ncand; i++) {
    const seg_cand *c = &st->cand[i];
    if (c->flags & C_RESET) continue;
    rx_mk_family f = c->mk.family;
    seg_counter *s = stack[f];
    int k;
    for (k = sp[f] - 1; k >= 0; k--)
      if ((c->mk.flags & RX_MK_LAST) || s[k].last + 1 == c->mk.ordinal) break;
    if (k >= 0) {
      sp[f] = k + 1;
      s[k].last++;
      ok[s[k].cand] = 1;
      ok[i] = 1;
    } else if (c->mk.ordinal == 1 && !(c->mk.flags & RX_MK_CONT_ONLY)) {
      if (lone_heading(c)) ok[i] = 1;
      /* sibling lists of one family read as restarts nest ever deeper here (1…10 under
       * each （n）); when the stack is full the outermost counter, the least likely to be
       * continued, makes room */
      if (sp[f] == SEG_DEPTH_CAP) {
        memmove(s, s + 1, (SEG_DEPTH_CAP - 1) * sizeof *s);
        sp[f]--;
      }
      s[sp[f]].cand = (int)i;
      s[sp[f]].last = 1;
      sp[f]++;
    }
  }
  *okp = ok;
  return 0;
}

typedef struct seg_tree {
  seg_node *node;
  size_t nnode, capnode;
  seg_list *list;
  size_t nlist, caplist;
} seg_tree;

static int new_node(seg_tree *t, int cand, int list) {
  if (rx_grow((void **)&t->node, &t->capnode, t->nnode + 1, sizeof *t->node)) return -1;
  seg_node *n = &t->node[t->nnode];
  memset(n, 0, sizeof *n);
  n->cand = cand;
  n->list = list;
  n->parent = -1;
  n->alive = 1;
  n->section = -1;
  seg_list *l = &t->list[list];
  if (l->nitems == 0) l->first = (int)t->nnode;
  l->tail = (int)t->nnode;
  l->nitems++;
  t->nnode++;
  return 0;
}

static int build_tree(seg_state *st, const unsigned char *ok, seg_tree *t, unsigned maxdepth, size_t *too_deep) {
  int stack[SEG_DEPTH_CAP];
  int sp = 0;
  /* after an appendix heading the next new list starts at the top; a marker that still
   * continues an open list first (a note line inside the body) cancels that */
  int reset = 0;
  for (size_t i = 0; i < st->ncand; i++) {
    seg_cand *c = &st->cand[i];
    if (c->flags & C_RESET) {
      reset = 1;
      continue;
    }
    if (!ok[i]) continue;
    rx_mk_family f = c->mk.family;
    /* continue the innermost open list of this family that expects this number */
    int found = -1;
    for (int k = sp - 1; k >= 0; k--) {
      seg_list *l = &t->list[stack[k]];
      if (l->family != f) continue;
      if ((c->mk.flags & RX_MK_LAST) || l->last + 1 == c->mk.ordinal) {
        found = k;
        break;
      }
    }
    if (found >= 0) {
      reset = 0;
      sp = found + 1;
      seg_list *l = &t->list[stack[found]];
      if (c->mk.flags & RX_MK_LAST) c->mk.ordinal = l->last + 1;
      l->last = c->mk.ordinal;
      if (new_node(t, (int)i, stack[found])) return -1;
      continue;
    }
    if (c->mk.ordinal != 1 || (c->mk.flags & RX_MK_CONT_ONLY)) continue; /* continues nothing */
    /* a new list: close the open lists it cannot sit in — those of a lower usual rank (a
     * （一） after a 一是 list is its sibling, not its child), and inline items of the same
     * rank when the new list stands at line starts */
    if (reset) sp = reset = 0;
    int rank = family_floats(f) ? 99 : family_rank(f);
    while (sp > 0) {
      seg_list *top = &t->list[stack[sp - 1]];
      int trank = family_rank(top->family);
      const seg_cand *titem = &st->cand[t->node[top->tail].cand];
      if (trank > rank) {
        sp--;
        continue;
      }
      if (trank == rank && (c->flags & C_BOL) && !(titem->flags & C_BOL)) {
        sp--;
        continue;
      }
      break;
    }
    if ((unsigned)sp >= maxdepth) { /* deeper than kept: counted for a warning */
      if (!*too_deep) *too_deep = c->pos + 1; /* first one, +1 so that 0 means none */
      continue;
    }
    if (rx_grow((void **)&t->list, &t->caplist, t->nlist + 1, sizeof *t->list)) return -1;
    seg_list *l = &t->list[t->nlist];
    memset(l, 0, sizeof *l);
    l->parent = sp > 0 ? t->list[stack[sp - 1]].tail : -1;
    l->family = f;
    l->last = 1;
    stack[sp++] = (int)t->nlist;
    t->nlist++;
    if (new_node(t, (int)i, stack[sp - 1])) return -1;
  }
  return 0;
}

/* The line of the last content before byte `pos` (blanks, line breaks and noise skipped), or
 * -1 when there is none. `line` is the line of pos. */
static long prev_content_line(const reportx_doc *doc, size_t pos, size_t line) {
  const char *s = doc->text.s;
  long l = (long)line;
  size_t k = doc->nnoise;
  while (pos > 0) {
    while (k > 0 && doc->noise[k - 1].start >= pos) k--;
    if (k > 0 && doc->noise[k - 1].end >= pos) { /* noise ends here: jump over it */
      pos = doc->noise[k - 1].start;
      continue;
    }
    unsigned char b = (unsigned char)s[pos - 1];
    if (b == '\n') {
      l--;
      pos -= (pos >= 2 && s[pos - 2] == '\r') ? 2 : 1;
      continue;
    }
    if (b == '\r') {
      l--;
      pos--;
      continue;
    }
    size_t q = pos - 1, n;
    while (q > 0 && ((unsigned char)s[q] & 0xC0) == 0x80) q--;
    if (!is_blank(cp_at(s, doc->text.len, q, &n))) return l;
    pos = q;
  }
  return -1;
}

/* Should list l, whose first item would sit in item p, rather stand beside p's list?
 *
 * A list that restarts at 1 inside an item of a list of the same family is nested when the
 * outer list resumes after it (九是 一是 二是 三是 十是). When the outer list never resumes —
 * p is its last item — and the restart does not begin on p's own line, it is a new list
 * beside the outer one (problems after work done: 三是… ¶ 存在问题：一是…). For the inline
 * families (一是, 第一，) one more condition: some text stands between p's line and the
 * restart — a restart on the very next line (十五…工作。¶ 一是… ¶ 二是…) details p. A heading
 * style restarting after its last item (一、…二、… ¶ 一、…) is always a list of its own.
 *
 * A list of another family is lifted the same way only when its first marker stands inside
 * a later paragraph, after a lead-in sentence, and p is a line-start item of a low level
 * (1. （1） ①) that ends its list: "（二）民生 ¶ 1.教育 ¶ 2.医疗 ¶ 在肯定成绩的同时…。一是…" —
 * the paragraph speaks of the whole, not of 医疗. The paragraphs after a heading of a high
 * level (三、加强政府自身建设 ¶ 我们将…。一是…) are its body, and a list begun on p's own line
 * (5.医疗扶贫。一是…) stays in p. */
static int lifts(const seg_state *st, const seg_tree *t, const seg_list *l, int p) {
  const seg_list *pl = &t->list[t->node[p].list];
  const seg_cand *pc = &st->cand[t->node[p].cand], *fc = &st->cand[t->node[l->first].cand];
  if (pl->tail != p || pc->line == fc->line) return 0;
  if (pl->family == l->family) {
    if (!family_floats(l->family) || !(fc->flags & C_BOL)) return 1;
    return prev_content_line(st->doc, fc->pos, fc->line) != (long)pc->line;
  }
  return !(fc->flags & C_BOL) && (pc->flags & C_BOL) && family_rank(pl->family) >= family_rank(RX_MK_AR_DOT);
}

/* Drops single-item lists, resolves parents through dropped items, lifts restarts. One
 * forward pass: parents precede children, so each list's parent is final when its first
 * item is met. */
static void clean_tree(seg_state *st, seg_tree *t) {
  for (size_t i = 0; i < t->nnode; i++)
    if (t->list[t->node[i].list].nitems < 2 && !lone_heading(&st->cand[t->node[i].cand])) t->node[i].alive = 0;
  /* path[k]: the open node at level k+1 — the last alive node of that level, as long as no
   * node of a level at or above it came after. A parent must be on this path, or its span
   * (which ends at the next node of its level or above) could not hold the child. */
  int path[SEG_DEPTH_CAP + 1];
  int depth = 0;
  for (size_t i = 0; i < t->nnode; i++) {
    seg_node *n = &t->node[i];
    seg_list *l = &t->list[n->list];
    if ((int)i == l->first) {
      int p = l->parent;
      if (p >= 0 && !t->node[p].alive) p = t->node[p].parent; /* already resolved */
      if (p >= 0 && t->node[i].alive && lifts(st, t, l, p)) p = t->node[p].parent;
      l->parent = p; /* from here on, the effective parent */
    }
    n->parent = l->parent;
    if (!n->alive) continue;
    /* a lift can close the item a later list was opened in (一是 二是 ¶ 。一是。二是 ¶ 1.: the
     * restart moves up beside the first list, and the 1. opened in the first list's 二是
     * belongs to the restart's 二是, the open item of that level now) */
    if (n->parent >= 0) {
      int lp = t->node[n->parent].level;
      if (lp > depth || path[lp - 1] != n->parent) n->parent = lp <= depth ? path[lp - 1] : (depth ? path[depth - 1] : -1);
    }
    n->level = n->parent < 0 ? 1 : t->node[n->parent].level + 1;
    if (n->level <= SEG_DEPTH_CAP + 1) {
      depth = n->level;
      path[depth - 1] = (int)i;
    }
  }
}

/* ------------------------------------------------------------------ titles */

static int in_noise_start(const reportx_doc *doc, size_t i) {
  /* noise spans are sorted: a binary search for one starting exactly at i */
  size_t lo = 0, hi = doc->nnoise;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (doc->noise[mid].start < i) lo = mid + 1;
    else hi = mid;
  }
  return lo < doc->nnoise && doc->noise[lo].start == i;
}

/* SPEC §2: the heading is the text after the marker up to the first 。：；(！？) or the end
 * of the line, or up to the first ， when that clause is short. "Short" is at most
 * TITLE_SHORT code points (三是按照…要求，… keeps its first clause; a 31-character clause is
 * a sentence, not a heading). A clause without a short first ，-part is cut at TITLE_MAX code
 * points: an inline item's sentence can run for lines. Noise ends a title, and the look is
 * bounded, so that a 5 MB line costs nothing. */
static void title_of(const reportx_doc *doc, size_t from, size_t *tb, size_t *te) {
  const char *s = doc->text.s;
  size_t len = doc->text.len, i = from, n;
  while (i < len) {
    uint32_t c = cp_at(s, len, i, &n);
    if (!is_blank(c) || in_noise_start(doc, i)) break;
    i += n;
  }
  *tb = i;
  size_t cps = 0;
  while (i < len && cps < TITLE_MAX) {
    if (in_noise_start(doc, i)) break;
    uint32_t c = cp_at(s, len, i, &n);
    if (c == '\n' || c == '\r' || is_stop_punct(c)) break;
    if ((c == 0xFF0C || c == ',') && cps <= TITLE_SHORT) break;
    cps++;
    i += n;
  }
  *te = i;
  /* trailing blanks */
  while (*te > *tb) {
    unsigned char b = (unsigned char)s[*te - 1];
    if (b == ' ' || b == '\t') (*te)--;
    else if (*te - *tb >= 3 && has(s, len, *te - 3, "\xE3\x80\x80")) *te -= 3;
    else break;
  }
}

/* End of the content: the text without trailing blanks, line breaks and noise, so that the
 * last section does not run over ##paidend## or an edit password. */
static size_t content_end(const reportx_doc *doc) {
  const char *s = doc->text.s;
  size_t e = doc->text.len, k = doc->nnoise;
  for (;;) {
    if (e == 0) break;
    unsigned char b = (unsigned char)s[e - 1];
    if (b == ' ' || b == '\t' || b == '\n' || b == '\r') {
      e--;
      continue;
    }
    if (e >= 3 && has(s, doc->text.len, e - 3, "\xE3\x80\x80")) {
      e -= 3;
      continue;
    }
    while (k > 0 && doc->noise[k - 1].start >= e) k--;
    if (k > 0 && doc->noise[k - 1].end >= e && doc->noise[k - 1].start < e) {
      e = doc->noise[k - 1].start;
      continue;
    }
    break;
  }
  return e;
}

/* "PARENT.K" (or "K" at the top) in the document's arena, without printf: one per section. */
static char *section_id(reportx_doc *doc, const char *parent, int k) {
  char buf[RX_SECTION_ID_MAX], digits[12];
  size_t n = 0, nd = 0, pl = parent ? strlen(parent) : 0;
  unsigned v = (unsigned)k;
  do digits[nd++] = (char)('0' + v % 10);
  while ((v /= 10) > 0);
  if (pl + 1 + nd >= sizeof buf) return rx_doc_printf(doc, "%s.%d", parent, k); /* deep: rare */
  if (parent) {
    memcpy(buf, parent, pl);
    buf[pl] = '.';
    n = pl + 1;
  }
  while (nd > 0) buf[n++] = digits[--nd];
  return rx_doc_strndup(doc, buf, n);
}

static reportx_status emit_sections(seg_state *st, seg_tree *t) {
  reportx_doc *doc = st->doc;
  size_t cend = content_end(doc);
  int *open = NULL;
  size_t capopen = 0, nopen = 0;
  int ntop = 0;
  reportx_status rc = REPORTX_OK;
  for (size_t i = 0; i < t->nnode; i++) {
    seg_node *n = &t->node[i];
    if (!n->alive) continue;
    const seg_cand *c = &st->cand[n->cand];
    reportx_section sec;
    memset(&sec, 0, sizeof sec);
    sec.level = n->level;
    sec.ordinal = c->mk.ordinal;
    sec.parent = n->parent >= 0 ? t->node[n->parent].section : -1;
    sec.marker = rx_doc_strndup(doc, st->s + c->pos, c->mk.len);
    size_t tb, te;
    title_of(doc, c->pos + c->mk.title_off, &tb, &te);
    sec.title = rx_doc_strndup(doc, st->s + tb, te - tb);
    sec.byte_start = c->pos;
    sec.byte_end = cend > c->pos + c->mk.len ? cend : c->pos + c->mk.len;
    /* ids are positions: the n-th child of the parent, 1-based */
    if (n->parent >= 0)
      sec.id = section_id(doc, doc->sections[sec.parent].id, ++t->node[n->parent].nchildren);
    else
      sec.id = section_id(doc, NULL, ++ntop);
    if (!sec.marker || !sec.title || !sec.id) goto nomem;
    n->section = (int)doc->nsections;
    if (rx_doc_add_section(doc, &sec)) goto nomem;
    /* spans: a section ends where the next one at the same or a higher level starts */
    while (nopen > 0 && doc->sections[open[nopen - 1]].level >= sec.level) {
      doc->sections[open[nopen - 1]].byte_end = c->pos;
      nopen--;
    }
    if (rx_grow((void **)&open, &capopen, nopen + 1, sizeof *open)) goto nomem;
    open[nopen++] = n->section;
  }
  goto done;
nomem:
  rc = REPORTX_ERR_NOMEM;
done:
  rx_free(open);
  return rc;
}

/* ------------------------------------------------------------------ metadata */

static size_t line_end(const char *s, size_t len, size_t i) {
  while (i < len && s[i] != '\n' && s[i] != '\r') i++;
  return i;
}

/* Bounds of the first line with content (blanks and noise trimmed); returns 0 if none. */
static int first_line(const reportx_doc *doc, size_t *lb, size_t *le) {
  const char *s = doc->text.s;
  size_t len = doc->text.len, i = 0, n;
  while (i < len) {
    size_t e = line_end(s, len, i), b = i, last = i;
    int any = 0;
    while (b < e) {
      if (rx_doc_in_noise(doc, b)) {
        b++;
        continue;
      }
      uint32_t c = cp_at(s, len, b, &n);
      if (!is_blank(c)) {
        if (!any) *lb = b;
        any = 1;
        last = b + n;
      }
      b += n;
    }
    if (any) {
      *le = last;
      return 1;
    }
    i = e;
    if (i < len && s[i] == '\r') i++;
    if (i < len && s[i] == '\n') i++;
  }
  return 0;
}

static size_t find_in(const char *s, size_t b, size_t e, const char *lit) {
  size_t n = strlen(lit);
  for (size_t i = b; i + n <= e; i++)
    if (memcmp(s + i, lit, n) == 0) return i;
  return (size_t)-1;
}

/* The kind of report: the earliest kind word in the title (工作总结 in
 * 关于…2022年工作总结及2023年工作计划的报告 — what the report is first of all), the longer
 * word when two start at the same place. */
static const char *kind_in(const char *s, size_t b, size_t e) {
  static const struct {
    const char *w, *kind;
  } kinds[] = {{"政府工作报告", "政府工作报告"}, {"工作总结", "工作总结"}, {"工作报告", "工作报告"},
               {"工作计划", "工作计划"},         {"工作要点", "工作要点"}, {"工作汇报", "工作汇报"},
               {"工作规划", "工作规划"},         {"述职报告", "述职报告"}, {"实施方案", "实施方案"},
               {"总结", "工作总结"},             {"计划", "工作计划"},     {"要点", "工作要点"},
               {"汇报", "工作汇报"},             {"报告", "报告"},         {"分析", "分析"}};
  size_t best = (size_t)-1, bestlen = 0;
  const char *kind = NULL;
  for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
    size_t at = find_in(s, b, e, kinds[k].w);
    if (at == (size_t)-1) continue;
    size_t wl = strlen(kinds[k].w);
    if (at < best || (at == best && wl > bestlen)) {
      best = at;
      bestlen = wl;
      kind = kinds[k].kind;
    }
  }
  return kind;
}

static int title_word(const char *s, size_t b, size_t e) {
  static const char *const words[] = {"总结", "报告", "计划", "要点", "汇报", "规划", "方案", "分析", "情况", "述职"};
  for (size_t k = 0; k < sizeof words / sizeof words[0]; k++)
    if (find_in(s, b, e, words[k]) != (size_t)-1) return 1;
  return 0;
}

static const char *const PLACE_SUFFIX[] = {"街道办事处", "街道办", "街道", "镇", "乡", "县", "区", "市", "旗"};

static size_t suffix_at(const char *s, size_t len, size_t i) {
  for (size_t k = 0; k < sizeof PLACE_SUFFIX / sizeof PLACE_SUFFIX[0]; k++)
    if (has(s, len, i, PLACE_SUFFIX[k])) return strlen(PLACE_SUFFIX[k]);
  return 0;
}

/* Characters that end a place name when read forwards from a title's start: time words,
 * pronouns and determiners (全市, 本镇, 上半年). */
static int name_stop(uint32_t c) {
  static const uint32_t stop[] = {0x5E74 /*年*/, 0x6708 /*月*/, 0x5168 /*全*/, 0x672C /*本*/, 0x6211 /*我*/,
                                  0x5404 /*各*/, 0x8BE5 /*该*/, 0x7684 /*的*/, 0x534A /*半*/, 0x5EA6 /*度*/};
  for (size_t k = 0; k < sizeof stop / sizeof stop[0]; k++)
    if (c == stop[k]) return 1;
  return 0;
}

static int name_char(uint32_t c) {
  return (is_cjk(c) && !name_stop(c)) || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
         (c >= 0xFF21 && c <= 0xFF3A) || c == 0xD7 /* × */ || c == '*' || c == 0xFF0A;
}

/* Reading back from a suffix, these end the name: prepositions, 代表 (我代表蠡县人民政府),
 * dates (…日在米易县) and 委 (市委市政府 names no place). */
static int back_stop(uint32_t c) {
  static const uint32_t stop[] = {0x5728 /*在*/, 0x5411 /*向*/, 0x4E8E /*于*/, 0x65E5 /*日*/, 0x8868 /*表*/,
                                  0x662F /*是*/, 0x4E3A /*为*/, 0x5BF9 /*对*/, 0x548C /*和*/, 0x4E0E /*与*/,
                                  0x53CA /*及*/, 0x7531 /*由*/, 0x5C06 /*将*/, 0x59D4 /*委*/, 0x4EE3 /*代*/};
  for (size_t k = 0; k < sizeof stop / sizeof stop[0]; k++)
    if (c == stop[k]) return 1;
  return 0;
}

/* A place at the start of a title-like line: 1–10 name characters then a suffix
 * (XX镇, 某某乡, XX街道办事处, 蠡县), after an optional 关于. */
static int place_at_start(const char *s, size_t len, size_t b, size_t e, size_t *pb, size_t *pe) {
  size_t n, used;
  if (has(s, e, b, "关于")) b += strlen("关于");
  if (has(s, e, b, "中共")) b += strlen("中共");
  if (rx_seg_year_at(s + b, e - b, &used)) { /* 2023年XX镇工作总结 */
    b += used;
    if (has(s, e, b, "度")) b += strlen("度");
  }
  size_t i = b, end = 0;
  int chars = 0;
  /* XX县XX镇: the chain of places, read while a suffix keeps following */
  while (i < e && chars <= 10) {
    if (chars > 0) {
      size_t sl = suffix_at(s, e, i);
      if (sl) {
        end = i + sl;
        i = end;
        chars = 0;
        continue;
      }
    }
    uint32_t c = cp_at(s, len, i, &n);
    if (!name_char(c)) break;
    chars++;
    i += n;
  }
  if (!end) return 0;
  *pb = b;
  *pe = end;
  return 1;
}

/* A place named in the opening text: a suffix followed by 人民政府 / 政府 / 党委 / 第 (the
 * congress) / 人民代表大会, with up to four name characters before it, read back to a
 * preposition or 代表 (我代表蠡县人民政府, 在米易县第十九届人民代表大会). */
static int place_in_text(const char *s, size_t len, size_t b, size_t e, size_t *pb, size_t *pe) {
  static const char *const after[] = {"人民政府", "政府", "党委", "人民代表大会", "第"};
  for (size_t i = b; i < e; i++) {
    if ((unsigned char)s[i] < 0x80 || ((unsigned char)s[i] & 0xC0) == 0x80) continue;
    size_t sl = suffix_at(s, len, i);
    if (!sl) continue;
    int ok = 0;
    for (size_t k = 0; k < sizeof after / sizeof after[0]; k++)
      if (has(s, len, i + sl, after[k])) ok = 1;
    if (!ok) continue;
    size_t start = i;
    int chars = 0;
    while (start > b && chars < 4) {
      size_t p = start - 1;
      while (p > b && ((unsigned char)s[p] & 0xC0) == 0x80) p--;
      size_t n;
      uint32_t c = cp_at(s, len, p, &n);
      if (!name_char(c) || back_stop(c)) break;
      start = p;
      chars++;
    }
    if (start < i) {
      *pb = start;
      *pe = i + sl;
      return 1;
    }
  }
  return 0;
}

/* The first year written in s[b..e): its value, *from its first byte, *at the byte after 年. */
static int first_year(const char *s, size_t b, size_t e, size_t *from, size_t *at) {
  size_t n;
  for (size_t i = b; i < e; i += n) {
    cp_at(s, e, i, &n);
    size_t used;
    int y = rx_seg_year_at(s + i, e - i, &used);
    if (y) {
      /* not the tail of a longer number (12023年) */
      if (i > b && is_digit_cp((unsigned char)s[i - 1])) continue;
      if (from) *from = i;
      if (at) *at = i + used;
      return y;
    }
  }
  return 0;
}

/* A year the opening text names as reviewed: YYYY年(度)工作回顾 / YYYY年工作总结, or, in a
 * 政府工作报告, 关于YYYY年 (关于2014年政府工作). */
static int year_of_review(const char *s, size_t scan, int gov) {
  size_t at = 0, from = 0, i = 0;
  for (;;) {
    int y = first_year(s, i, scan, &from, &at);
    if (!y) return 0;
    size_t p = at;
    if (has(s, scan, p, "度")) p += strlen("度");
    if (has(s, scan, p, "工作")) p += strlen("工作");
    if (has(s, scan, p, "回顾") || has(s, scan, p, "总结")) return y;
    if (gov && from >= strlen("关于") && has(s, scan, from - strlen("关于"), "关于")) return y;
    i = at;
  }
}

static reportx_status find_meta(reportx_doc *doc, size_t body) {
  const char *s = doc->text.s;
  size_t len = doc->text.len, lb = 0, le = 0, pb = 0, pe = 0;
  int have_line = first_line(doc, &lb, &le);
  int titled = 0;
  if (have_line) {
    rx_marker mk;
    size_t cps = rx_text_cp(&doc->text, le) - rx_text_cp(&doc->text, lb);
    /* a title is a name, not a sentence: no 。，；！？ in it and no ： at its end
     * (现在，我代表县人民政府向大会报告工作 names no report) */
    int sentence = cps > 60 || (le - lb >= 3 && has(s, len, le - 3, "："));
    static const char *const punct[] = {"。", "，", "；", "！", "？"};
    for (size_t k = 0; !sentence && k < sizeof punct / sizeof *punct; k++)
      if (find_in(s, lb, le, punct[k]) != (size_t)-1) sentence = 1;
    if (cps <= 60 && !sentence && !rx_seg_marker(s + lb, le - lb, 1, &mk) && title_word(s, lb, le)) {
      doc->title = rx_doc_strndup(doc, s + lb, le - lb);
      if (!doc->title) return REPORTX_ERR_NOMEM;
      titled = 1;
    }
  }
  /* the opening text: before the first section, at most 4 KiB */
  size_t head = body < len ? body : len;
  if (head > 4096) head = 4096;
  if (titled) doc->kind = kind_in(s, lb, le);
  if (!doc->kind) {
    if (find_in(s, 0, head, "政府工作报告") != (size_t)-1 ||
        (find_in(s, 0, head, "人民政府") != (size_t)-1 &&
         (find_in(s, 0, head, "报告工作") != (size_t)-1 || find_in(s, 0, head, "工作报告") != (size_t)-1)))
      doc->kind = "政府工作报告";
  }
  /* place: from the title, else from a short first line (红石镇), else the opening text */
  int placed = 0;
  if (have_line && (titled || rx_text_cp(&doc->text, le) - rx_text_cp(&doc->text, lb) <= 12))
    placed = place_at_start(s, len, lb, le, &pb, &pe);
  if (!placed) placed = place_in_text(s, len, 0, head, &pb, &pe);
  if (placed && !(doc->place = rx_doc_strndup(doc, s + pb, pe - pb))) return REPORTX_ERR_NOMEM;
  /* year: the year reported on. A summary names it (XX镇2023年度工作总结 → 2023; of
   * 2022年工作总结及2023年工作计划 the first). A 政府工作报告 is delivered early in year N
   * and reports on the work of N-1 (its 回顾), so a title year N gives N-1. */
  int gov = doc->kind && strcmp(doc->kind, "政府工作报告") == 0;
  int y = titled ? first_year(s, lb, le, NULL, NULL) : 0;
  if (y && gov) y--;
  if (!y) y = year_of_review(s, len < 8192 ? len : 8192, gov);
  if (!y && gov) {
    /* the date of the session (2022年1月24日在…) */
    size_t at;
    int yy = first_year(s, 0, head, NULL, &at);
    size_t n1;
    if (yy && at < len && is_digit_cp(cp_at(s, len, at, &n1)) && find_in(s, at, line_end(s, len, at), "月") != (size_t)-1)
      y = yy - 1;
  }
  doc->year = y;
  return REPORTX_OK;
}

/* ------------------------------------------------------------------ the stage */

reportx_status rx_segment(reportx_doc *doc) {
  reportx_status rc;
  if ((rc = find_noise(doc))) return rc;
  seg_state st = {doc, doc->text.s, doc->text.len, NULL, 0, 0};
  seg_tree t = {NULL, 0, 0, NULL, 0, 0};
  unsigned char *ok = NULL;
  unsigned maxd = doc->opts.max_depth ? doc->opts.max_depth : REPORTX_DEFAULT_MAX_DEPTH;
  if (maxd > SEG_DEPTH_CAP) maxd = SEG_DEPTH_CAP;
  size_t too_deep = 0;
  rc = REPORTX_ERR_NOMEM;
  if (scan_candidates(&st) || confirm(&st, &ok) || build_tree(&st, ok, &t, maxd, &too_deep)) goto out;
  clean_tree(&st, &t);
  if ((rc = emit_sections(&st, &t))) goto out;
  rc = REPORTX_ERR_NOMEM;
  if (too_deep && rx_doc_warn(doc, "section_depth", too_deep - 1, too_deep - 1,
                              "Lists nested deeper than %u levels (max_depth) are not kept as sections.", maxd))
    goto out;
  rc = find_meta(doc, doc->nsections ? doc->sections[0].byte_start : doc->text.len);
out:
  rx_free(ok);
  rx_free(st.cand);
  rx_free(t.node);
  rx_free(t.list);
  return rc;
}
