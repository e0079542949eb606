/*
 * extract.c — text → quantities (SPEC §3, docs/quantities.md).
 *
 * Consumes the decoded text of a document (and its section markers and noise spans, set by
 * the segmenter); appends one reportx_quantity per figure: number, unit, class, normalised
 * value, qualifier, label, byte span.
 *
 * One pass: a bit per code point finds the next place where a number may start (a digit, a
 * Chinese digit, 十, 百分之); from there the number is read by rx_number_parse (numeral.c),
 * then optional range and approximation parts, then the unit by rx_unit_match_at (units.c,
 * a catalogue lookup). Nothing is matched per character with a regex, and every look around
 * a candidate is bounded, so the pass is linear in the text.
 *
 * What is not a quantity lives in data: phrases.def (set phrases, contexts before and after
 * the number); the words that set qualifiers and that the label drops are the tables below.
 */
#include <pthread.h>
#include <stdint.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif


#include "decimal.h"
#include "extract.h"
#include "internal.h"
#include "numeral.h"
#include "units.h"
#include "utf8.h"

/* ------------------------------------------------------------------ UTF-8 */

/* Code point at s[i] (len bytes in all); returns its byte length, 0 at the end. The text
 * is valid UTF-8 (the reader guarantees it). */
static size_t cp_at(const char *s, size_t len, size_t i, uint32_t *cp) {
  return rx_utf8_next((const unsigned char *)s + i, i < len ? len - i : 0, cp);
}

/* Code point ending at byte i (exclusive); returns its byte length, 0 at the start. */
static size_t cp_before(const char *s, size_t i, uint32_t *cp) {
  if (i == 0) {
    *cp = 0;
    return 0;
  }
  const unsigned char *u = (const unsigned char *)s;
  if (u[i - 1] < 0x80) { /* ASCII */
    *cp = u[i - 1];
    return 1;
  }
  if (i >= 3 && (u[i - 3] & 0xF0) == 0xE0 && (u[i - 2] & 0xC0) == 0x80 && (u[i - 1] & 0xC0) == 0x80) {
    /* a three-byte character: nearly all of Chinese text */
    *cp = ((uint32_t)(u[i - 3] & 0x0F) << 12) | ((uint32_t)(u[i - 2] & 0x3F) << 6) | (u[i - 1] & 0x3F);
    return 3;
  }
  size_t j = i - 1, k = 0;
  while (j > 0 && k < 3 && ((unsigned char)s[j] & 0xC0) == 0x80) {
    j--;
    k++;
  }
  uint32_t c;
  size_t n = cp_at(s, i, j, &c);
  if (j + n != i) { /* stray continuation byte: treat it as one unknown character */
    *cp = 0xFFFD;
    return 1;
  }
  *cp = c;
  return n;
}

/* Equal strings, compared inline (units are a few bytes: strcmp is a call). */
static int same_text(const char *a, const char *b) {
  while (*a && *a == *b) a++, b++;
  return *a == *b;
}

static int starts_with_n(const char *s, size_t len, size_t i, const char *w, size_t n) {
  return i <= len && len - i >= n && s[i] == w[0] && memcmp(s + i, w, n) == 0;
}
/* `w` a string literal: its length is known at compile time */
#define starts_with(s, len, i, w) starts_with_n(s, len, i, w, sizeof(w) - 1)

/* ------------------------------------------------------------------ character classes */

static int is_arabic_digit(uint32_t c) { return (c >= '0' && c <= '9') || (c >= 0xFF10 && c <= 0xFF19); }

static int is_letter(uint32_t c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= 0xFF21 && c <= 0xFF3A) ||
         (c >= 0xFF41 && c <= 0xFF5A);
}

static int is_han(uint32_t c) { return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF); }

/* Chinese digits (a numeral may start with one of these, or with 十). */
static int is_cn_digit(uint32_t c) {
  switch (c) {
  case 0x96F6: /* 零 */ case 0x3007: /* 〇 */ case 0x25CB: /* ○ */
  case 0x4E00: /* 一 */ case 0x4E8C: /* 二 */ case 0x4E24: /* 两 */ case 0x5169: /* 兩 */
  case 0x4E09: /* 三 */ case 0x56DB: /* 四 */ case 0x4E94: /* 五 */ case 0x516D: /* 六 */
  case 0x4E03: /* 七 */ case 0x516B: /* 八 */ case 0x4E5D: /* 九 */
  case 0x58F9: /* 壹 */ case 0x8D30: /* 贰 */ case 0x8CB3: /* 貳 */ case 0x53C1: /* 叁 */
  case 0x53C3: /* 參 */ case 0x8086: /* 肆 */ case 0x4F0D: /* 伍 */ case 0x9646: /* 陆 */
  case 0x9678: /* 陸 */ case 0x67D2: /* 柒 */ case 0x634C: /* 捌 */ case 0x7396: /* 玖 */
    return 1;
  default:
    return 0;
  }
}

/* Chinese numeral characters: digits and the place characters. */
static int is_cn_numeral(uint32_t c) {
  if (is_cn_digit(c)) return 1;
  switch (c) {
  case 0x5341: /* 十 */ case 0x62FE: /* 拾 */ case 0x767E: /* 百 */ case 0x4F70: /* 佰 */
  case 0x5343: /* 千 */ case 0x4EDF: /* 仟 */ case 0x4E07: /* 万 */ case 0x842C: /* 萬 */
  case 0x4EBF: /* 亿 */ case 0x5104: /* 億 */
    return 1;
  default:
    return 0;
  }
}

/* Where a label, a quote or a list stops. */
static int is_clause_boundary(uint32_t c) {
  switch (c) {
  case 0xFF0C: /* ， */ case 0x3002: /* 。 */ case 0xFF1B: /* ； */ case 0xFF1A: /* ： */
  case 0x3001: /* 、 */ case 0xFF01: /* ！ */ case 0xFF1F: /* ？ */
  case ',': case ';': case ':': case '!': case '?': case '\n': case '\r': case '\t':
  case ' ': case 0x3000: /* ideographic space */
  case 0x201C: case 0x201D: case 0x2018: case 0x2019: case '"': /* quotes */
  case 0x300C: case 0x300D: case 0x300E: case 0x300F: /* 「」『』 */
  case 0xFF08: case 0xFF09: case '(': case ')': /* （） */
  case 0x3010: case 0x3011: case '[': case ']': case 0xFF3B: case 0xFF3D: /* 【】［］ */
  case 0x3014: case 0x3015: case 0x300A: case 0x300B: /* 〔〕《》 */
  case 0x2014: /* — */ case 0x2026: /* … */
    return 1;
  default:
    return 0;
  }
}

/* ------------------------------------------------------------------ phrases.def */

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* A word with its byte length, so that the hot paths never call strlen. */
typedef struct word {
  const char *s;
  size_t n;
} word;
#define W(x) {x, sizeof(x) - 1}

/* Most words are CJK: comparing the three bytes of the first character inline rejects
 * nearly every mismatch without a call to memcmp (a lead byte alone is shared by thousands
 * of characters). */
#if defined(__GNUC__)
__attribute__((always_inline)) /* called in every word-list loop: a call costs as much as the test */
#endif
static inline int word_eq(const char *p, const word *w) {
  if (w->n >= 3) {
    if (p[0] != w->s[0] || p[1] != w->s[1] || p[2] != w->s[2]) return 0;
    return w->n == 3 || memcmp(p + 3, w->s + 3, w->n - 3) == 0;
  }
  return w->n == 0 || memcmp(p, w->s, w->n) == 0;
}

static int word_at(const char *s, size_t len, size_t i, const word *w) {
  return i <= len && len - i >= w->n && word_eq(s + i, w);
}

static int word_before(const char *s, size_t i, size_t lo, const word *w) {
  return i >= lo + w->n && word_eq(s + i - w->n, w);
}

enum { RX_F_CN = 1, RX_F_AR = 2, RX_F_ANY = 3 };

typedef struct ctx_entry {
  word text;
  int forms;
} ctx_entry;

typedef struct unit_ctx_entry {
  const char *unit;
  word text;
  int forms;
} unit_ctx_entry;

static const word k_phrases[] = {
#define RX_PHRASE(text, why) W(text),
#include "phrases.def"
};

static const ctx_entry k_before[] = {
#define RX_BEFORE(text, forms, why) {W(text), forms},
#include "phrases.def"
};

static const ctx_entry k_after[] = {
#define RX_AFTER(text, forms, why) {W(text), forms},
#include "phrases.def"
};

static const unit_ctx_entry k_unit_after[] = {
#define RX_UNIT_AFTER(unit, text, forms, why) {unit, W(text), forms},
#include "phrases.def"
};

/* FNV-1a of a string: k_unit_after is searched by the hash of the unit first. */
static uint32_t str_hash(const char *p) {
  uint32_t h = 2166136261u;
  for (; *p; p++) h = (h ^ (unsigned char)*p) * 16777619u;
  return h;
}
static uint32_t g_unit_after_hash[NELEM(k_unit_after)];
static uint64_t g_unit_after_bloom[4]; /* bit (h & 255) of every unit's hash: most units have none */

size_t rx_extract_phrase_count(void) {
  return NELEM(k_phrases) + NELEM(k_before) + NELEM(k_after) + NELEM(k_unit_after);
}

/*
 * A number lies inside a phrase when one of the phrase's numeral characters is where the
 * number starts. For speed each (phrase, offset of a numeral character in it) pair is
 * indexed once by that character and its neighbour in the phrase (the next character, or the
 * one before when the numeral ends the phrase), so a candidate only tries the few phrases
 * whose numeral and neighbour are those of the text: three buckets (next, before, none).
 */
#define PHRASE_BUCKETS 256
typedef struct phrase_pos {
  uint16_t phrase;
  uint16_t offset;
  uint32_t cp;  /* the numeral character */
  uint32_t ctx; /* the character after it in the phrase, or before it when it ends the
                   phrase (ctx_before), or 0 for a one-character phrase */
  int ctx_before;
} phrase_pos;
static phrase_pos g_phrase_pos[1024];
static size_t g_nphrase_pos;
static uint16_t g_bucket_start[PHRASE_BUCKETS + 1];
static uint64_t g_phrase_cp_bits[0x10000 / 64]; /* the numerals of the phrases (below U+10000) */

static unsigned bucket_of(uint32_t c, uint32_t ctx, int before) {
  uint32_t h = (c * 2654435761u) ^ (ctx * 2246822519u) ^ (before ? 0x9E3779B9u : 0);
  return (unsigned)(h * 2654435761u >> 24) & (PHRASE_BUCKETS - 1);
}

static void phrase_index_init(void) {
  /* counting sort of the positions by bucket */
  phrase_pos tmp[1024];
  size_t n = 0;
  unsigned count[PHRASE_BUCKETS] = {0};
  for (size_t p = 0; p < NELEM(k_phrases); p++) {
    const char *t = k_phrases[p].s;
    size_t len = k_phrases[p].n, i = 0, k;
    uint32_t c;
    while ((k = cp_at(t, len, i, &c)) > 0) {
      if ((is_cn_numeral(c) || is_arabic_digit(c)) && n < NELEM(tmp)) {
        uint32_t d = 0;
        tmp[n].phrase = (uint16_t)p;
        tmp[n].offset = (uint16_t)i;
        tmp[n].cp = c;
        tmp[n].ctx_before = !cp_at(t, len, i + k, &d);
        if (tmp[n].ctx_before) cp_before(t, i, &d);
        tmp[n].ctx = d;
        if (c < 0x10000) g_phrase_cp_bits[c >> 6] |= (uint64_t)1 << (c & 63);
        count[bucket_of(c, d, tmp[n].ctx_before)]++;
        n++;
      }
      i += k;
    }
  }
  unsigned pos = 0;
  for (unsigned b = 0; b < PHRASE_BUCKETS; b++) {
    g_bucket_start[b] = (uint16_t)pos;
    pos += count[b];
  }
  g_bucket_start[PHRASE_BUCKETS] = (uint16_t)pos;
  unsigned fill[PHRASE_BUCKETS];
  memcpy(fill, count, sizeof fill);
  for (unsigned b = 0; b < PHRASE_BUCKETS; b++) fill[b] = g_bucket_start[b];
  for (size_t j = 0; j < n; j++)
    g_phrase_pos[fill[bucket_of(tmp[j].cp, tmp[j].ctx, tmp[j].ctx_before)]++] = tmp[j];
  g_nphrase_pos = n;
}

/* ------------------------------------------------------------------ one-time setup */

/* Process-wide state: the tables derived from phrases.def, the label lists and the bits of
 * the characters that start a number. They allocate nothing, are built once by pthread_once
 * and only read afterwards. */
static pthread_once_t g_once = PTHREAD_ONCE_INIT;

/*
 * Where a number may start: a digit (ASCII or full-width), a Chinese or financial digit, 十
 * or 拾, or 百分之. A bare 百/千/万/亿 starts one only when an approximation makes it a
 * figure (千余人, 百多家, 近万亩, 过亿元): alone it is a word (百姓, 千方百计, 万一).
 *
 * This test runs at every character of every report, so it is a bit per code point (the
 * Basic Multilingual Plane, 8 KB, filled once) rather than a regex call per match: a PCRE2
 * character class returns at one character in twenty of a report, and the call costs more
 * than the test.
 */
static uint64_t g_start_bits[0x10000 / 64];
static uint64_t g_maybe_bits[0x10000 / 64]; /* the start characters and 百 千 万 亿 */
static const char k_start_chars[] = "〇○零一二两兩三四五六七八九十拾壹贰貳叁參肆伍陆陸柒捌玖";

static void set_bit(uint32_t c) {
  g_start_bits[c >> 6] |= (uint64_t)1 << (c & 63);
  g_maybe_bits[c >> 6] |= (uint64_t)1 << (c & 63);
}

static void start_bits_init(void) {
  for (uint32_t c = '0'; c <= '9'; c++) set_bit(c);
  for (uint32_t c = 0xFF10; c <= 0xFF19; c++) set_bit(c); /* ０-９ */
  const unsigned char *u = (const unsigned char *)k_start_chars;
  size_t n = sizeof k_start_chars - 1, i = 0, k;
  uint32_t c;
  while ((k = rx_utf8_decode(u + i, n - i, &c)) > 0) {
    set_bit(c);
    i += k;
  }
  static const uint32_t mults[] = {0x767E /* 百 */, 0x5343 /* 千 */, 0x4E07 /* 万 */, 0x4EBF /* 亿 */};
  for (size_t m = 0; m < sizeof mults / sizeof mults[0]; m++)
    g_maybe_bits[mults[m] >> 6] |= (uint64_t)1 << (mults[m] & 63);
}

static int is_bare_mult(uint32_t c) {
  return c == 0x767E /* 百 */ || c == 0x5343 /* 千 */ || c == 0x4E07 /* 万 */ || c == 0x4EBF /* 亿 */;
}

/* The first place at or after i where a number may start; len when there is none. */
static size_t next_candidate(const char *s, size_t len, size_t i) {
  const unsigned char *u = (const unsigned char *)s;
  while (i < len) {
    /* the common case in a tight loop: three-byte characters that start no number */
    while (i + 2 < len && (u[i] & 0xF0) == 0xE0) {
      uint32_t c = ((uint32_t)(u[i] & 0x0F) << 12) | ((uint32_t)(u[i + 1] & 0x3F) << 6) | (u[i + 2] & 0x3F);
      if (g_maybe_bits[c >> 6] >> (c & 63) & 1) break;
      i += 3;
    }
    if (i >= len) break;
    if (u[i] < 0x80) { /* ASCII: only a digit */
      if (u[i] >= '0' && u[i] <= '9') return i;
      i++;
      continue;
    }
    uint32_t c;
    size_t k;
    if ((u[i] & 0xF0) == 0xE0 && i + 2 < len) { /* three bytes: nearly every character */
      c = ((uint32_t)(u[i] & 0x0F) << 12) | ((uint32_t)(u[i + 1] & 0x3F) << 6) | (u[i + 2] & 0x3F);
      k = 3;
    } else {
      k = cp_at(s, len, i, &c);
    }
    if (c >= 0x10000 || !(g_maybe_bits[c >> 6] >> (c & 63) & 1)) { /* most characters */
      i += k;
      continue;
    }
    if (g_start_bits[c >> 6] >> (c & 63) & 1) return i;
    if (is_bare_mult(c)) {
      uint32_t nc, pc;
      if (c == 0x767E && starts_with(s, len, i, "百分之")) return i;
      if (cp_at(s, len, i + k, &nc) && (nc == 0x4F59 /* 余 */ || nc == 0x591A /* 多 */)) return i;
      if (cp_before(s, i, &pc) && (pc == 0x8FD1 /* 近 */ || pc == 0x8D85 /* 超 */ ||
                                   pc == 0x8FC7 /* 过 */ || pc == 0x903E /* 逾 */))
        return i;
    }
    i += k;
  }
  return len;
}

static void label_index_init(void);
static void context_masks_init(void);

static void init_once(void) {
  start_bits_init();
  phrase_index_init();
  label_index_init();
  context_masks_init();
}

/* ------------------------------------------------------------------ qualifiers */

/* One of 64 bits for a code point: masks of the characters next to a number in a word list
 * let most numbers skip the list with one test. */
static uint64_t cp_bit(uint32_t c) { return (uint64_t)1 << ((c * 2654435761u >> 26) & 63); }

typedef struct qual_word {
  word w;
  reportx_qualifier q;
  const char *not_after; /* characters that, right before the word, make it part of another word */
} qual_word;

/* Longest first: 不少于 before 少于. */
static const qual_word k_qual_before[] = {
    {W("不得少于"), REPORTX_QUAL_AT_LEAST, NULL},
    {W("不得小于"), REPORTX_QUAL_AT_LEAST, NULL},
    {W("不得低于"), REPORTX_QUAL_AT_LEAST, NULL},
    {W("不得超过"), REPORTX_QUAL_AT_MOST, NULL},
    {W("不少于"), REPORTX_QUAL_AT_LEAST, NULL},
    {W("不小于"), REPORTX_QUAL_AT_LEAST, NULL},
    {W("不低于"), REPORTX_QUAL_AT_LEAST, NULL},
    {W("不超过"), REPORTX_QUAL_AT_MOST, NULL},
    {W("不高于"), REPORTX_QUAL_AT_MOST, NULL},
    {W("不大于"), REPORTX_QUAL_AT_MOST, NULL},
    {W("大约"), REPORTX_QUAL_APPROX, NULL},
    {W("约为"), REPORTX_QUAL_APPROX, "节制签预公条契履相邀特婚"},
    {W("将近"), REPORTX_QUAL_APPROX, NULL},
    {W("接近"), REPORTX_QUAL_APPROX, NULL},
    {W("至少"), REPORTX_QUAL_AT_LEAST, NULL},
    {W("超过"), REPORTX_QUAL_AT_LEAST, NULL},
    {W("突破"), REPORTX_QUAL_AT_LEAST, NULL},
    {W("多于"), REPORTX_QUAL_AT_LEAST, NULL},
    {W("不到"), REPORTX_QUAL_AT_MOST, NULL},
    {W("不足"), REPORTX_QUAL_AT_MOST, NULL},
    {W("少于"), REPORTX_QUAL_AT_MOST, NULL},
    {W("低于"), REPORTX_QUAL_AT_MOST, "不"},
    {W("最多"), REPORTX_QUAL_AT_MOST, NULL},
    {W("约"), REPORTX_QUAL_APPROX, "节制签预公条契履相邀特婚"},
    {W("近"), REPORTX_QUAL_APPROX, "最附亲临邻就接将"},
    {W("逾"), REPORTX_QUAL_AT_LEAST, NULL},
    {W("超"), REPORTX_QUAL_AT_LEAST, "高赶追"},
    {W("过"), REPORTX_QUAL_AT_LEAST, "通经超度不越透错难改跨闯走去用看听做办算开举召获得受有没未曾已又再也都还"},
};

static const qual_word k_qual_after[] = {
    {W("及以上"), REPORTX_QUAL_AT_LEAST, NULL},
    {W("及以下"), REPORTX_QUAL_AT_MOST, NULL},
    {W("以上"), REPORTX_QUAL_AT_LEAST, NULL},
    {W("以下"), REPORTX_QUAL_AT_MOST, NULL},
    {W("以内"), REPORTX_QUAL_AT_MOST, NULL},
    {W("之内"), REPORTX_QUAL_AT_MOST, NULL},
    {W("左右"), REPORTX_QUAL_APPROX, NULL},
    {W("有余"), REPORTX_QUAL_APPROX, NULL},
};

/* Is the character ending at byte i one of the characters of the UTF-8 string `set`? */
static int prev_in_set(const char *s, size_t i, const char *set) {
  uint32_t c, d;
  if (!set || !cp_before(s, i, &c)) return 0;
  size_t n = strlen(set), j = 0, k;
  while ((k = cp_at(set, n, j, &d)) > 0) {
    if (d == c) return 1;
    j += k;
  }
  return 0;
}

/* Bits (cp_bit) of the last characters of the words before and the first characters of the
 * words after: most numbers have none of them next to them (context_masks_init). */
static uint64_t g_qual_before_mask, g_qual_after_mask;

reportx_qualifier rx_extract_qual_before(const char *s, size_t start, size_t *word_start) {
  if (word_start) *word_start = start;
  pthread_once(&g_once, init_once);
  uint32_t c;
  if (!cp_before(s, start, &c) || !(g_qual_before_mask & cp_bit(c))) return REPORTX_QUAL_NONE;
  for (size_t i = 0; i < NELEM(k_qual_before); i++) {
    const qual_word *w = &k_qual_before[i];
    if (!word_before(s, start, 0, &w->w)) continue;
    size_t ws = start - w->w.n;
    if (prev_in_set(s, ws, w->not_after)) continue;
    if (word_start) *word_start = ws;
    return w->q;
  }
  return REPORTX_QUAL_NONE;
}

reportx_qualifier rx_extract_qual_after(const char *s, size_t len, size_t end, size_t *word_len) {
  if (word_len) *word_len = 0;
  pthread_once(&g_once, init_once);
  uint32_t c;
  if (!cp_at(s, len, end, &c) || !(g_qual_after_mask & cp_bit(c))) return REPORTX_QUAL_NONE;
  for (size_t i = 0; i < NELEM(k_qual_after); i++) {
    if (word_at(s, len, end, &k_qual_after[i].w)) {
      if (word_len) *word_len = k_qual_after[i].w.n;
      return k_qual_after[i].q;
    }
  }
  return REPORTX_QUAL_NONE;
}

/* ------------------------------------------------------------------ labels */

/* Scope words: the label starts after the last of them (全镇粮食播种面积 → 粮食播种面积). */
static const word k_label_scope[] = {
    W("全镇"), W("全县"), W("全市"), W("全区"), W("全乡"), W("全省"), W("全国"), W("全村"),
    W("全年"), W("全州"), W("全旗"), W("全街道")};

/* Words of reporting dropped at the start of a label: time and place adverbs, connectives,
 * and the verbs of doing (种植饲料玉米8600亩 counts 饲料玉米). Longer words first where one
 * begins with another. */
static const word k_label_lead[] = {
    W("截至目前"), W("截止目前"), W("今年以来"), W("为期"), W("至目前"), W("其中"), W("包括"),
    W("另有"), W("此外"), W("同时"), W("目前"), W("今年"), W("去年"), W("明年"), W("当年"),
    W("年内"), W("上半年"), W("下半年"), W("均"), W("都"), W("共计"), W("合计"), W("总计"),
    W("累计"), W("共有"), W("共"), W("新增"), W("完成"), W("实现"), W("落实"), W("发放"),
    W("开展"), W("实施"), W("组织"), W("争取"), W("带动"), W("预计"), W("计划"), W("力争"),
    W("确保"), W("达到"), W("达"), W("为"), W("是"), W("在"), W("对"), W("向"), W("与"), W("及"),
    W("和"), W("并"), W("比同期"), W("比去年"), W("比上年"), W("同比"), W("分别"), W("有"),
    W("将"), W("再"), W("又"), W("还"), W("含"), W("通过"), W("全部"), W("抓好"), W("推进"),
    W("加快"), W("建成"), W("新建"), W("打造"), W("培育"), W("引进"), W("举办"), W("召开"),
    W("建立"), W("成立"), W("安装"), W("清理"), W("回收"), W("栽植"), W("修建"), W("调整"),
    W("组成"), W("依托"), W("核查"), W("查处"), W("选聘"), W("输送"), W("签订"), W("办理"),
    W("纳控"), W("建设"), W("改造"), W("创建"), W("新识别"), W("持续"), W("积极"), W("全力"),
    W("扎实"), W("大力"), W("着力"), W("进一步"), W("稳步"), W("及时")};

/* Words of reporting dropped at the end of a label (before the number). */
static const word k_label_trail[] = {
    W("稳定在"), W("保持在"), W("控制在"), W("提高到"), W("提高至"), W("增加到"), W("增加至"),
    W("增长到"), W("下降到"), W("增至"), W("降至"), W("降到"), W("达到了"), W("可达到"),
    W("达到"), W("可达"), W("高达"), W("共计"), W("合计"), W("总计"), W("累计"), W("分别为"),
    W("分别"), W("约为"), W("均为"), W("均达"), W("为期"), W("为"), W("是"), W("约"), W("大约"),
    W("将近"), W("近"), W("超过"), W("超"), W("逾"), W("突破"), W("不少于"), W("不低于"),
    W("至少"), W("不到"), W("不足"), W("不超过"), W("共"), W("同比"), W("都"), W("已"), W("有"),
    W("了"), W("的"), W("完成"), W("实现"), W("新增"), W("增长"), W("增加"), W("下降"), W("减少"),
    W("提高"), W("降低"), W("提升"), W("上涨"), W("收窄"), W("发放"), W("落实"), W("达"),
    W("高于"), W("低于"), W("多于"), W("少于"), W("比同期"), W("比去年"), W("比上年"),
    W("比一季度"), W("缩短至"), W("缩短到"), W("压缩至"), W("压缩到"), W("减少到"), W("减少至"),
    W("扩大到"), W("扩大至")};

/* When nothing but one of these is left, it is kept: 增长8.5% is labelled 增长, 投资200万元
 * 投资. */
static const word k_label_keep[] = {
    W("增长"), W("下降"), W("提高"), W("降低"), W("增加"), W("减少"), W("上涨"), W("收窄"),
    W("提升"), W("回升"), W("递增"), W("投资"), W("总投资"), W("融资"), W("收入"), W("产值")};

/* Date remnants right after an earlier figure (8月份硬化…, 2023年在…). */
static const word k_label_date_rest[] = {
    W("年度"), W("年底"), W("年初"), W("月份"), W("月底"), W("月初"), W("季度"), W("年"), W("月"),
    W("日"), W("号")};

#define LABEL_MAX_CPS 40
#define LABEL_AFTER_CPS 6

/*
 * The label word lists are scanned for every quantity, several times: each list is indexed
 * once by the first and by the last character of its words, so a strip step only compares
 * the few words that can match.
 */
#define WB 256
typedef struct windex {
  const word *list;
  size_t n;
  uint16_t first[WB + 1], last[WB + 1]; /* bucket starts */
  uint16_t byfirst[256], bylast[256];   /* word indices, bucketed */
} windex;

static unsigned wbucket(uint32_t c) { return (unsigned)(c * 2654435761u >> 24) & (WB - 1); }

static void windex_build(windex *ix, const word *list, size_t n) {
  unsigned cf[WB] = {0}, cl[WB] = {0}, ff[WB], fl[WB];
  uint32_t c;
  ix->list = list;
  ix->n = n > 256 ? 256 : n;
  for (size_t i = 0; i < ix->n; i++) {
    if (!list[i].n) continue;
    cp_at(list[i].s, list[i].n, 0, &c);
    cf[wbucket(c)]++;
    cp_before(list[i].s, list[i].n, &c);
    cl[wbucket(c)]++;
  }
  unsigned pf = 0, pl = 0;
  for (unsigned b = 0; b < WB; b++) {
    ix->first[b] = (uint16_t)pf;
    ix->last[b] = (uint16_t)pl;
    ff[b] = pf;
    fl[b] = pl;
    pf += cf[b];
    pl += cl[b];
  }
  ix->first[WB] = (uint16_t)pf;
  ix->last[WB] = (uint16_t)pl;
  for (size_t i = 0; i < ix->n; i++) {
    if (!list[i].n) continue;
    cp_at(list[i].s, list[i].n, 0, &c);
    ix->byfirst[ff[wbucket(c)]++] = (uint16_t)i;
    cp_before(list[i].s, list[i].n, &c);
    ix->bylast[fl[wbucket(c)]++] = (uint16_t)i;
  }
}

static windex g_ix_lead, g_ix_trail, g_ix_keep;

static void label_index_init(void) {
  windex_build(&g_ix_lead, k_label_lead, NELEM(k_label_lead));
  windex_build(&g_ix_trail, k_label_trail, NELEM(k_label_trail));
  windex_build(&g_ix_keep, k_label_keep, NELEM(k_label_keep));
}

/* Is s[a..b) exactly one of the words? */
static int in_list(const char *s, size_t a, size_t b, const windex *ix) {
  uint32_t c;
  if (a >= b || !cp_at(s, b, a, &c)) return 0;
  unsigned bk = wbucket(c);
  for (unsigned k = ix->first[bk]; k < ix->first[bk + 1]; k++) {
    const word *w = &ix->list[ix->byfirst[k]];
    if (b - a == w->n && word_eq(s + a, w)) return 1;
  }
  return 0;
}

/* Strips the words of the list at the start (dir > 0) or end (dir < 0) of s[*b..*e), never
 * emptying it and never cutting a word that is the whole rest (达到 is not 达 + 到). One pass
 * over the bucket of the character at that end does both: a word as long as the rest that
 * matches is the whole rest (it shares that end character), else the first word of the list
 * that matches is stripped. */
static void strip_words(const char *s, size_t *b, size_t *e, const windex *ix, int dir) {
  for (;;) {
    uint32_t c;
    if (*b >= *e || !(dir > 0 ? cp_at(s, *e, *b, &c) : cp_before(s, *e, &c))) return;
    unsigned bk = wbucket(c);
    const uint16_t *start = dir > 0 ? ix->first : ix->last;
    const uint16_t *items = dir > 0 ? ix->byfirst : ix->bylast;
    /* longest first, as the lists are written: the lowest index wins */
    size_t best = (size_t)-1, rest = *e - *b;
    for (unsigned k = start[bk]; k < start[bk + 1]; k++) {
      const word *w = &ix->list[items[k]];
      if (w->n > rest || !(dir > 0 ? word_at(s, *e, *b, w) : word_before(s, *e, *b, w))) continue;
      if (w->n == rest) return; /* the rest is one word of the list: kept whole */
      if (items[k] < best) best = items[k];
    }
    if (best == (size_t)-1) return;
    if (dir > 0) *b += ix->list[best].n;
    else *e -= ix->list[best].n;
  }
}

static size_t copy_label(const char *s, size_t b, size_t e, char *out, size_t cap) {
  size_t n = e - b;
  if (n >= cap) { /* truncate at a character boundary */
    n = cap - 1;
    while (n > 0 && ((unsigned char)s[b + n] & 0xC0) == 0x80) n--;
  }
  memcpy(out, s + b, n);
  out[n] = '\0';
  return n;
}

size_t rx_extract_label(const char *s, size_t len, size_t start, size_t after, char *out,
                        size_t cap) {
  if (cap == 0) return 0;
  pthread_once(&g_once, init_once);
  out[0] = '\0';
  if (start > len) start = len;
  if (after < start || after > len) after = start;
  /* back to the clause boundary, a bounded walk */
  size_t b = start, k;
  uint32_t c;
  int stopped_at_digit = 0, quan = 0;
  const unsigned char *u = (const unsigned char *)s;
  for (int n = 0; n < LABEL_MAX_CPS && b > 0; n++) {
    if (b >= 3 && (u[b - 3] & 0xF0) == 0xE0 && (u[b - 2] & 0xC0) == 0x80 && (u[b - 1] & 0xC0) == 0x80) {
      c = ((uint32_t)(u[b - 3] & 0x0F) << 12) | ((uint32_t)(u[b - 2] & 0x3F) << 6) | (u[b - 1] & 0x3F);
      k = 3; /* as cp_before reads a three-byte character, inline */
    } else {
      k = cp_before(s, b, &c);
    }
    /* CJK ideographs are neither boundaries nor digits: the common case first */
    if (c >= 0x4E00 && c <= 0x9FFF) {
      quan |= c == 0x5168; /* 全: a scope word may start here (below) */
      b -= k;
      continue;
    }
    if (is_clause_boundary(c)) break;
    if (is_arabic_digit(c) || c == '%' || c == '.') {
      stopped_at_digit = 1;
      break;
    }
    b -= k;
  }
  /* right after another figure ("12个行政村总收入", "8月份硬化"): skip its unit or date word */
  if (stopped_at_digit && b < start) {
    rx_unit_match m;
    size_t ul = 0;
    for (size_t w = 0; w < NELEM(k_label_date_rest) && !ul; w++)
      if (word_at(s, start, b, &k_label_date_rest[w])) ul = k_label_date_rest[w].n;
    if (!ul) ul = rx_unit_match_at(s + b, start - b, &m);
    if (ul > 0 && ul <= start - b) b += ul;
  }
  size_t e = start;
  /* the scope word cuts everything before it (every scope word starts with 全) */
  for (size_t i = b; quan && i < e; i += k) {
    k = cp_at(s, e, i, &c);
    if (!k) break;
    if (c != 0x5168 /* 全 */) continue;
    for (size_t w = 0; w < NELEM(k_label_scope); w++) {
      if (word_at(s, e, i, &k_label_scope[w])) {
        size_t end_w = i + k_label_scope[w].n;
        if (end_w < e) b = end_w;
      }
    }
  }
  /* leading words, then trailing ones */
  strip_words(s, &b, &e, &g_ix_lead, 1);
  strip_words(s, &b, &e, &g_ix_trail, -1);
  strip_words(s, &b, &e, &g_ix_lead, 1);
  /* what is left may be a lone reporting word: keep it when it says what changed or was
   * spent, else look for the noun after the unit (建立13支救援队伍 → 救援队伍) */
  if (b == e || in_list(s, b, e, &g_ix_lead) || in_list(s, b, e, &g_ix_trail)) {
    if (b < e && in_list(s, b, e, &g_ix_keep)) return copy_label(s, b, e, out, cap);
    size_t ql;
    rx_extract_qual_after(s, len, after, &ql); /* 7‰以内: not 以内 */
    size_t ab = after + ql, ae = ab;
    for (int n = 0; n < LABEL_AFTER_CPS && (k = cp_at(s, len, ae, &c)) > 0; n++) {
      if (is_clause_boundary(c) || is_arabic_digit(c) || !is_han(c)) break;
      ae += k;
    }
    if (after > start && ae > ab && ql == 0) return copy_label(s, ab, ae, out, cap);
    return 0;
  }
  return copy_label(s, b, e, out, cap);
}

/* ------------------------------------------------------------------ exclusions */

static int in_phrase(const char *s, size_t len, size_t start) {
  uint32_t c, next = 0, prev = 0;
  size_t k = cp_at(s, len, start, &c);
  if (!k) return 0;
  /* most numbers start with a character no phrase holds (an Arabic digit, mostly) */
  if (c < 0x10000 && !(g_phrase_cp_bits[c >> 6] >> (c & 63) & 1)) return 0;
  cp_at(s, len, start + k, &next);
  cp_before(s, start, &prev);
  const unsigned bks[3] = {bucket_of(c, next, 0), bucket_of(c, prev, 1), bucket_of(c, 0, 1)};
  for (int t = 0; t < 3; t++) {
    for (unsigned i = g_bucket_start[bks[t]]; i < g_bucket_start[bks[t] + 1]; i++) {
      const phrase_pos *pp = &g_phrase_pos[i];
      /* the numeral and its neighbour in the phrase must be those of the text */
      if (pp->cp != c || (pp->ctx && pp->ctx != (pp->ctx_before ? prev : next))) continue;
      const word *w = &k_phrases[pp->phrase];
      size_t off = pp->offset;
      if (off > start || start - off + w->n > len) continue;
      if (!word_eq(s + start - off, w)) continue;
      return 1;
    }
  }
  return 0;
}

int rx_extract_in_phrase(const char *s, size_t len, size_t start, size_t end) {
  pthread_once(&g_once, init_once);
  (void)end; /* a phrase is found from where the number starts */
  return in_phrase(s, len, start);
}

/*
 * The context tables are tried at every candidate that has a unit. A bit per code point of
 * the characters next to the number in any entry (the last character of an RX_BEFORE text,
 * the first of an RX_AFTER one) lets most candidates skip the table with one lookup. An
 * entry beyond U+FFFF (none today) would turn the shortcut off for its table.
 */
static uint64_t g_before_bits[0x10000 / 64], g_after_bits[0x10000 / 64];

static int g_before_astral, g_after_astral;

static void bmp_set(uint64_t *bits, int *astral, uint32_t c) {
  if (c < 0x10000) bits[c >> 6] |= (uint64_t)1 << (c & 63);
  else *astral = 1;
}
static int bmp_has(const uint64_t *bits, int astral, uint32_t c) {
  return astral || (c < 0x10000 && (bits[c >> 6] >> (c & 63) & 1));
}


static void context_masks_init(void) {
  uint32_t c;
  for (size_t i = 0; i < NELEM(k_unit_after); i++) {
    uint32_t h = g_unit_after_hash[i] = str_hash(k_unit_after[i].unit);
    g_unit_after_bloom[h >> 6 & 3] |= (uint64_t)1 << (h & 63);
  }
  for (size_t i = 0; i < NELEM(k_qual_before); i++)
    if (cp_before(k_qual_before[i].w.s, k_qual_before[i].w.n, &c)) g_qual_before_mask |= cp_bit(c);
  for (size_t i = 0; i < NELEM(k_qual_after); i++)
    if (cp_at(k_qual_after[i].w.s, k_qual_after[i].w.n, 0, &c)) g_qual_after_mask |= cp_bit(c);
  for (size_t i = 0; i < NELEM(k_before); i++)
    if (cp_before(k_before[i].text.s, k_before[i].text.n, &c)) bmp_set(g_before_bits, &g_before_astral, c);
  for (size_t i = 0; i < NELEM(k_after); i++)
    if (cp_at(k_after[i].text.s, k_after[i].text.n, 0, &c)) bmp_set(g_after_bits, &g_after_astral, c);
}

static int before_excludes(const char *s, size_t p, int form) {
  uint32_t c;
  if (!cp_before(s, p, &c) || !bmp_has(g_before_bits, g_before_astral, c)) return 0;
  for (size_t i = 0; i < NELEM(k_before); i++)
    if ((k_before[i].forms & form) && word_before(s, p, 0, &k_before[i].text)) return 1;
  return 0;
}

static int after_excludes(const char *s, size_t len, size_t e, int form) {
  uint32_t c;
  if (!cp_at(s, len, e, &c) || !bmp_has(g_after_bits, g_after_astral, c)) return 0;
  for (size_t i = 0; i < NELEM(k_after); i++)
    if ((k_after[i].forms & form) && word_at(s, len, e, &k_after[i].text)) return 1;
  return 0;
}

/*
 * Numbers inside a short quotation are names and slogans (“4＋2”产业布局, “兰大211”,
 * “两个确立”): an opening quote within a few characters before, with no closing one between,
 * and a closing quote within a few characters after.
 */
#define QUOTE_REACH 20
/* Is s[j..j+3) an opening quote “ ‘ 「 『 (E2 80 9C/98, E3 80 8C/8E)? j + 2 < len. */
static int open_quote_at(const char *s, size_t j) {
  const unsigned char *u = (const unsigned char *)s + j;
  return (u[0] == 0xE2 && u[1] == 0x80 && (u[2] == 0x9C || u[2] == 0x98)) ||
         (u[0] == 0xE3 && u[1] == 0x80 && (u[2] == 0x8C || u[2] == 0x8E));
}

/* `any`: an opening quote starts in the 4 × QUOTE_REACH bytes before p (see quote_near);
 * without one there is nothing to walk back over. */
static int in_short_quote(const char *s, size_t len, size_t p, size_t e, int any) {
  size_t i = p, k;
  uint32_t c;
  int open = 0;
  if (!any) return 0;
  for (int n = 0; n < QUOTE_REACH && (k = cp_before(s, i, &c)) > 0; n++, i -= k) {
    if (c == 0x201C || c == 0x300C || c == 0x300E || c == 0x2018) {
      open = 1;
      break;
    }
    if (c == 0x201D || c == 0x300D || c == 0x300F || c == 0x2019 || c == 0x3002 || c == 0xFF1B ||
        c == '\n' || c == 0xFF0C)
      return 0;
  }
  if (!open) return 0;
  i = e;
  for (int n = 0; n < QUOTE_REACH + 4 && (k = cp_at(s, len, i, &c)) > 0; n++, i += k) {
    if (c == 0x201D || c == 0x300D || c == 0x300F || c == 0x2019) return 1;
    if (c == 0x201C || c == 0x3002 || c == 0xFF1B || c == '\n') return 0;
  }
  return 0;
}

/* A single Chinese digit, a Han character, a single Chinese digit, a Han character, with a
 * repeated digit or a 一 in it: the slogan shape 一户一策, 三会一课, 三抓三促, 六纵六横.
 * (两路四乡 — two roads, four townships — has neither and stays a pair of counts.) */
static int slogan_at(const char *s, size_t len, size_t i) {
  uint32_t c1, x, c2, y;
  size_t a = cp_at(s, len, i, &c1);
  if (!a || !is_cn_digit(c1)) return 0;
  size_t b = cp_at(s, len, i + a, &x);
  if (!b || !is_han(x) || is_cn_numeral(x)) return 0;
  size_t c = cp_at(s, len, i + a + b, &c2);
  if (!c || !is_cn_digit(c2)) return 0;
  size_t d = cp_at(s, len, i + a + b + c, &y);
  if (!d || !is_han(y) || is_cn_numeral(y)) return 0;
  if (!(c1 == c2 || c1 == 0x4E00 || c2 == 0x4E00)) return 0;
  /* two counts in a row are no slogan: 七村一社区 (but 一村一品, 一户一档 are) */
  rx_unit_match m;
  size_t u1 = rx_unit_match_at(s + i + a, len - i - a, &m);
  size_t u2 = rx_unit_match_at(s + i + a + b + c, len - i - a - b - c, &m);
  return !(u1 == b && u2 > 0);
}

static int in_slogan(const char *s, size_t len, size_t p) {
  if (slogan_at(s, len, p)) return 1;
  uint32_t c;
  size_t k1 = cp_before(s, p, &c);
  if (!k1) return 0;
  size_t k2 = cp_before(s, p - k1, &c);
  if (!k2) return 0;
  return slogan_at(s, len, p - k1 - k2);
}

/* ------------------------------------------------------------------ the scan */

typedef struct cand {
  size_t start, end; /* the number as written, with its range and infix */
  size_t qual_start; /* where a qualifier word before it starts (== start when none) */
  reportx_qualifier qual_before;
  char value[RX_DEC_MAX];
  char value_max[RX_DEC_MAX];
  int has_max, approx;
  int form;        /* RX_F_CN or RX_F_AR (percent counts as its inner form) */
  int int_digits;  /* digits before the point, Arabic only */
} cand;

#define MAX_PENDING 32
#define UNIT_SLOTS 128 /* a power of two */

typedef struct xctx {
  reportx_doc *doc;
  const char *s;
  size_t len;
  cand pending[MAX_PENDING]; /* numbers of a list waiting for the unit written after the last */
  size_t npending;
  size_t last_end;        /* end of the last quantity emitted */
  const char *last_label; /* its label (compounds share it) */
  struct {                /* the document's units, each copied once: equal units share */
    uint32_t h;             /* one string, so later comparisons (statistics, checks) mostly */
    const char *s;          /* stop at the pointers */
  } units[UNIT_SLOTS];
  size_t nunits;
  size_t qscan;           /* the text before qscan was searched for opening quotes … */
  size_t qlast;           /* … and the last one found there starts at qlast (SIZE_MAX: none) */
  int nomem;
} xctx;

/*
 * Does an opening quote start at some j with lo <= j and j + 2 < p, lo = p - 4 × QUOTE_REACH
 * (the reach of in_short_quote)? Candidates come in text order, so the text is searched
 * once, left to right, remembering the last quote; a candidate behind the search point (none
 * in practice) is looked at directly.
 */
static int quote_near(xctx *x, size_t p) {
  size_t lo = p > 4 * QUOTE_REACH ? p - 4 * QUOTE_REACH : 0;
  if (p < x->qscan) {
    for (size_t j = lo; j + 2 < p; j++)
      if (open_quote_at(x->s, j)) return 1;
    return 0;
  }
  size_t j = x->qscan;
#ifdef __SSE2__
  /* Sixteen places at a time, each compared with the quotes whole: the last one found wins. */
  const unsigned char *u = (const unsigned char *)x->s;
#define B(v) _mm_set1_epi8((char)(v))
#define EQ(a, v) _mm_cmpeq_epi8(a, B(v))
  for (; j + 18 <= p; j += 16) {
    __m128i x0 = _mm_loadu_si128((const __m128i *)(const void *)(u + j)),
            x1 = _mm_loadu_si128((const __m128i *)(const void *)(u + j + 1)),
            x2 = _mm_loadu_si128((const __m128i *)(const void *)(u + j + 2));
    __m128i e2 = _mm_and_si128(EQ(x0, 0xE2), _mm_or_si128(EQ(x2, 0x9C), EQ(x2, 0x98)));
    __m128i e3 = _mm_and_si128(EQ(x0, 0xE3), _mm_or_si128(EQ(x2, 0x8C), EQ(x2, 0x8E)));
    unsigned mask = (unsigned)_mm_movemask_epi8(_mm_and_si128(EQ(x1, 0x80), _mm_or_si128(e2, e3)));
    if (mask) x->qlast = j + (size_t)(31 - __builtin_clz(mask)); /* the highest bit: the last */
  }
#undef EQ
#undef B
#endif
  for (; j + 2 < p; j++) {
    /* the second byte of every opening quote is 0x80: skip to the next one */
    const char *m = memchr(x->s + j + 1, 0x80, p - j - 2);
    if (!m) break;
    j = (size_t)(m - x->s) - 1;
    if (open_quote_at(x->s, j)) x->qlast = j;
  }
  if (p >= 2) x->qscan = p - 2 > x->qscan ? p - 2 : x->qscan;
  return x->qlast != SIZE_MAX && x->qlast >= lo && x->qlast + 2 < p;
}

static int in_marker(const reportx_doc *doc, size_t b) {
  size_t lo = 0, hi = doc->nsections;
  while (lo < hi) { /* first section starting after b */
    size_t mid = lo + (hi - lo) / 2;
    if (doc->sections[mid].byte_start <= b) lo = mid + 1;
    else hi = mid;
  }
  if (lo == 0) return 0;
  const reportx_section *sec = &doc->sections[lo - 1];
  size_t ml = sec->marker ? strlen(sec->marker) : 0;
  return b < sec->byte_start + ml;
}

/* Duration words: a day count needs one (为期12天 is always a span; 15日 is a date unless
 * written as a span: 连续15日, 15日内). */
static const word k_day_cues[] = {
    W("为期"), W("连续"), W("历时"), W("用时"), W("累计"), W("共"), W("近"), W("达"), W("每"),
    W("用"), W("需"), W("超过"), W("不少于"), W("不超过"), W("至少")};

/* The unit, read with what follows it, says that this is no quantity (a year, a date, a
 * word). */

static int unit_rejects(const xctx *x, const cand *c, const rx_unit_match *m, size_t ustart,
                        size_t uend) {
  const char *s = x->s;
  size_t len = x->len;
  uint32_t h = str_hash(m->unit);
  for (size_t i = 0; (g_unit_after_bloom[h >> 6 & 3] >> (h & 63) & 1) && i < NELEM(k_unit_after); i++) {
    const unit_ctx_entry *u = &k_unit_after[i];
    if ((u->forms & c->form) && g_unit_after_hash[i] == h && strcmp(m->unit, u->unit) == 0 &&
        word_at(s, len, uend, &u->text))
      return 1;
  }
  if (same_text(m->unit, "年")) {
    /* 年 is a unit only as a duration: 2023年, 2023—2025年, 03年 are years */
    if (c->form == RX_F_AR && c->int_digits >= 3) return 1;
    if (c->has_max && strlen(c->value_max) >= 3 && !strchr(c->value_max, '.')) return 1;
  }
  if (same_text(m->unit, "日") || same_text(m->unit, "号")) {
    uint32_t pc;
    if (cp_before(s, c->start, &pc) && pc == 0x6708 /* 月 */) return 1;
    if (starts_with(s, len, uend, "内") || starts_with(s, len, uend, "以内") ||
        starts_with(s, len, uend, "之内"))
      return 0;
    for (size_t i = 0; i < NELEM(k_day_cues); i++)
      if (word_before(s, c->qual_start, 0, &k_day_cues[i])) return 0;
    return 1;
  }
  (void)ustart;
  return 0;
}

/* The letters before byte p are the anonymisation placeholder of the genre (XX村, XX6村),
 * not a code such as G312 or PM2.5. */
static int after_placeholder(const char *s, size_t p) {
  size_t i = p, k, n = 0;
  uint32_t c;
  while ((k = cp_before(s, i, &c)) > 0 && is_letter(c)) {
    if (c != 'X' && c != 'x' && c != 0xFF38 && c != 0xFF58) return 0;
    i -= k;
    n++;
  }
  return n >= 2;
}

static int is_financial(uint32_t c) {
  switch (c) {
  case 0x58F9: case 0x8D30: case 0x8CB3: case 0x53C1: case 0x53C3: case 0x8086: case 0x4F0D:
  case 0x9646: case 0x9678: case 0x67D2: case 0x634C: case 0x7396: case 0x62FE:
    return 1;
  default:
    return 0;
  }
}

/* Does the clause before byte p insist on a number (至少建设一个, 不少于一名)? */
static int clause_insists(const char *s, size_t p) {
  static const word words[] = {W("至少"), W("不少于"), W("最少"), W("不低于")};
  size_t i = p, k;
  uint32_t c;
  for (int n = 0; n < 12 && (k = cp_before(s, i, &c)) > 0 && !is_clause_boundary(c); n++) {
    i -= k;
    for (size_t w = 0; w < NELEM(words); w++)
      if (word_at(s, p, i, &words[w])) return 1;
  }
  return 0;
}

/* 百 千 万 亿 and their pairs standing for a number: 千余 is 1000 and more. */
static size_t bare_multiplier(const char *s, size_t len, size_t p, rx_number *out) {
  static const struct {
    word w;
    const char *value;
  } mults[] = {{W("千万"), "10000000"}, {W("百万"), "1000000"}, {W("万亿"), "1000000000000"},
               {W("百"), "100"},        {W("千"), "1000"},       {W("万"), "10000"},
               {W("亿"), "100000000"}};
  for (size_t k = 0; k < NELEM(mults); k++) {
    if (word_at(s, len, p, &mults[k].w)) {
      memset(out, 0, sizeof *out);
      strcpy(out->value, mults[k].value);
      out->len = mults[k].w.n;
      out->form = RX_NUM_CHINESE;
      return out->len;
    }
  }
  return 0;
}

/* A number of the given form starts at i? */
static int number_starts(const char *s, size_t len, size_t i, int form) {
  uint32_t c;
  if (!cp_at(s, len, i, &c)) return 0;
  if (form == RX_F_AR) return is_arabic_digit(c);
  return is_cn_digit(c) || c == 0x5341 /* 十 */;
}

/* The range separators: 3-5, 3至5, 3～5, 3—5, 3到5. */
static size_t range_sep(const char *s, size_t len, size_t i) {
  uint32_t c;
  size_t k = cp_at(s, len, i, &c);
  switch (c) {
  case '-': case 0xFF0D /* － */: case '~': case 0xFF5E /* ～ */: case 0x301C /* 〜 */:
  case 0x2014 /* — */: case 0x2013 /* – */: case 0x81F3 /* 至 */: case 0x5230 /* 到 */:
    return k;
  default:
    return 0;
  }
}

/* A multiplier written apart from its unit (176万余元): 十万 百万 千万 万 亿 千 百. */
static size_t multiplier_at(const char *s, size_t len, size_t i) {
  uint32_t c, d;
  size_t k = cp_at(s, len, i, &c);
  if (c == 0x4E07 /* 万 */ || c == 0x4EBF /* 亿 */) return k;
  if (c != 0x5341 /* 十 */ && c != 0x767E /* 百 */ && c != 0x5343 /* 千 */) return 0;
  if (cp_at(s, len, i + k, &d) && d == 0x4E07) return k + 3;
  return c == 0x5341 ? 0 : k;
}

static char *dup_or_fail(xctx *x, const char *s) {
  char *p = rx_doc_strdup(x->doc, s);
  if (!p) x->nomem = 1;
  return p;
}

/* The document's copy of unit u: the one made for an earlier quantity when there is one. */
static const char *unit_intern(xctx *x, const char *u) {
  uint32_t h = str_hash(u);
  size_t k = h & (UNIT_SLOTS - 1);
  for (; x->units[k].s; k = (k + 1) & (UNIT_SLOTS - 1))
    if (x->units[k].h == h && same_text(x->units[k].s, u)) return x->units[k].s;
  char *p = dup_or_fail(x, u);
  if (p && x->nunits < UNIT_SLOTS / 2) { /* at most half full; past that, copies */
    x->units[k].h = h;
    x->units[k].s = p;
    x->nunits++;
  }
  return p;
}

static int emit(xctx *x, const cand *c, const rx_unit_match *m, size_t span_end,
                reportx_qualifier after_q, const char *share_label) {
  reportx_doc *doc = x->doc;
  reportx_quantity q;
  memset(&q, 0, sizeof q);
  q.text = rx_doc_strndup(doc, x->s + c->start, span_end - c->start);
  q.value = dup_or_fail(x, c->value);
  q.value_max = c->has_max ? dup_or_fail(x, c->value_max) : NULL;
  q.unit = unit_intern(x, m->unit);
  q.cls = m->cls;
  if (!q.text || x->nomem) return -1;
  if (m->base) {
    char nv[RX_DEC_MAX * 2];
    if (rx_unit_normalize(m, c->value, nv, sizeof nv) == 0) {
      q.norm_value = dup_or_fail(x, nv);
      q.norm_unit = m->base;
      if (c->has_max && rx_unit_normalize(m, c->value_max, nv, sizeof nv) == 0)
        q.norm_value_max = dup_or_fail(x, nv);
      if (x->nomem) return -1;
    }
  }
  if (c->has_max) q.qualifier = REPORTX_QUAL_RANGE;
  else if (c->approx) q.qualifier = REPORTX_QUAL_APPROX;
  else if (after_q) q.qualifier = after_q;
  else q.qualifier = c->qual_before;
  if (share_label) {
    q.label = share_label;
  } else {
    char lb[256];
    size_t lbn = rx_extract_label(x->s, x->len, c->qual_start, span_end, lb, sizeof lb);
    /* a list item after 、 with nothing of its own shares the previous item's label */
    if (!lb[0] && x->last_label && x->last_end + strlen("、") == c->qual_start &&
        starts_with(x->s, x->len, x->last_end, "、"))
      q.label = x->last_label;
    else if (!(q.label = rx_doc_strndup(doc, lb, lbn)))
      x->nomem = 1;
  }
  if (!q.label) return -1;
  q.section = -1;
  q.byte_start = c->start;
  q.byte_end = span_end;
  if (rx_doc_add_quantity(doc, &q)) {
    x->nomem = 1;
    return -1;
  }
  x->last_end = span_end;
  x->last_label = q.label;
  return 0;
}

/* End of the run of number characters starting at p (digits and separators, or Chinese
 * numerals), and the number of characters in it. */
static size_t run_end(const char *s, size_t len, size_t p, int form, size_t *nchars) {
  size_t i = p, k;
  uint32_t c;
  *nchars = 0;
  for (;;) {
    if (form == RX_F_AR) /* ASCII digits, the common case, without decoding */
      while (i < len && s[i] >= '0' && s[i] <= '9') i++, (*nchars)++;
    if (!(k = cp_at(s, len, i, &c))) break;
    int ok;
    if (form == RX_F_AR) {
      ok = is_arabic_digit(c);
      if (!ok && (c == '.' || c == 0xFF0E || c == ',')) {
        uint32_t d;
        ok = cp_at(s, len, i + k, &d) > 0 && is_arabic_digit(d);
      }
    } else {
      ok = is_cn_numeral(c);
    }
    if (!ok) break;
    i += k;
    (*nchars)++;
  }
  return i;
}

#define MAX_RUN_AR 40 /* longer digit runs are codes or garbage, never figures */
#define MAX_RUN_CN 16

/* The number in s[p..e) is no figure whatever follows it: noise, a section marker, an
 * ordinal or footnote context, a set phrase, a short quotation, a slogan. */
static int number_excluded(xctx *x, size_t p, size_t e, int form) {
  const char *s = x->s;
  size_t len = x->len;
  return rx_doc_in_noise(x->doc, p) || in_marker(x->doc, p) || before_excludes(s, p, form) ||
         in_phrase(s, len, p) || in_short_quote(s, len, p, e, quote_near(x, p)) ||
         (form == RX_F_CN && in_slogan(s, len, p));
}

/*
 * Reads the quantity (or list item) whose number starts at p; returns where the scan goes
 * on (always > p).
 */
static size_t scan_at(xctx *x, size_t p) {
  const char *s = x->s;
  size_t len = x->len;
  uint32_t c0, pc;
  size_t k0 = cp_at(s, len, p, &c0);
  if (!k0) return len;
  int percent = c0 == 0x767E /* 百 */ && starts_with(s, len, p, "百分之");
  int form = is_arabic_digit(c0) ? RX_F_AR : RX_F_CN;
  size_t nch, rend;
  if (percent) {
    uint32_t c1;
    if (!cp_at(s, len, p + 9, &c1)) return p + k0;
    form = is_arabic_digit(c1) ? RX_F_AR : RX_F_CN;
    rend = run_end(s, len, p + 9, form, &nch);
  } else {
    rend = run_end(s, len, p, form, &nch);
  }
  size_t skip = rend > p ? rend : p + k0;
  if (nch > (form == RX_F_AR ? MAX_RUN_AR : MAX_RUN_CN)) return skip;

  /* what stands before the number */
  cp_before(s, p, &pc);
  if (form == RX_F_AR && ((is_letter(pc) && !after_placeholder(s, p)) || is_arabic_digit(pc) ||
                          pc == '.' || pc == 0xFF0E || pc == '_' || pc == '/' || pc == '#'))
    return skip; /* G312, PM2.5, wsx2023, 1.2.3, 12/5 */
  if (form == RX_F_CN && !percent && is_cn_numeral(pc)) return skip; /* 万一, 千万 … */
  /* Financial numerals (壹贰叁…) are written in money columns, not inside words: a lone one
   * after a Han character belongs to a name (城伍村, 队伍, 大陆); 建成壹佰贰拾座 is a number. */
  if (form == RX_F_CN && !percent && is_financial(c0) && is_han(pc) && rend - p == k0) return skip;

  rx_number num;
  size_t n = 0;
  if (form == RX_F_CN && !percent && !is_cn_digit(c0) && c0 != 0x5341 && c0 != 0x62FE) {
    /* a bare multiplier (千余人, 近万亩, 过亿元): its value, written without a digit */
    if (is_arabic_digit(pc)) return p + k0;
    n = bare_multiplier(s, len, p, &num);
  } else {
    n = rx_number_parse(s + p, len - p, &num);
  }
  if (!n) return p + k0;
  size_t e = p + n;
  if (num.form == RX_NUM_CHINESE) {
    if (num.digit_only) return skip; /* 二〇二三: a year or a code */
    if (e < rend) return skip;       /* the run goes on in a way no numeral does */
  }
  if (form == RX_F_AR && (s[p] == '0' || starts_with(s, len, p, "０"))) {
    uint32_t d;
    if (cp_at(s, len, p + (s[p] == '0' ? 1 : 3), &d) && is_arabic_digit(d)) return skip; /* 0931…: a code */
  }

  cand c;
  memset(&c, 0, sizeof c);
  c.start = p;
  c.form = form;
  memcpy(c.value, num.value, sizeof c.value);
  /* a minus sign written against the number (下降-2.3%), not a dash between two figures */
  if (form == RX_F_AR && (pc == '-' || pc == 0xFF0D)) {
    size_t sl = pc == '-' ? 1 : 3;
    uint32_t ppc;
    cp_before(s, p - sl, &ppc);
    if (!is_arabic_digit(ppc) && !is_letter(ppc) && ppc != ')' && ppc != 0xFF09 &&
        strcmp(num.value, "0") != 0 && strlen(num.value) + 2 <= sizeof c.value) {
      c.start = p - sl;
      c.value[0] = '-';
      memcpy(c.value + 1, num.value, strlen(num.value) + 1);
    }
  }
  if (form == RX_F_AR) {
    size_t i = p, k;
    uint32_t d;
    while ((k = cp_at(s, len, i, &d)) > 0 && (is_arabic_digit(d) || d == ',')) {
      if (d != ',') c.int_digits++;
      i += k;
    }
  }
  c.qual_start = c.start;

  size_t cur = e;
  if (num.form == RX_NUM_PERCENT) {
    rx_unit_match m;
    if (!rx_unit_match_at("%", 1, &m) || number_excluded(x, p, e, form)) {
      x->npending = 0;
      return skip > e ? skip : e;
    }
    c.qual_before = rx_extract_qual_before(s, c.start, &c.qual_start);
    reportx_qualifier aq = rx_extract_qual_after(s, len, e, NULL);
    x->npending = 0;
    if (emit(x, &c, &m, e, aq, NULL)) return len;
    return e;
  }

  /* a range: 3-5万元, 3至5万元, 三至五年 */
  size_t sep = range_sep(s, len, cur);
  if (sep && number_starts(s, len, cur + sep, form)) {
    rx_number hi;
    size_t n2 = rx_number_parse(s + cur + sep, len - cur - sep, &hi);
    int ok = n2 > 0 && !hi.digit_only && (form == RX_F_AR) == (hi.form == RX_NUM_ARABIC);
    if (ok) {
      memcpy(c.value_max, hi.value, sizeof c.value_max);
      c.has_max = 1;
      cur += sep + n2;
    }
  }

  /* the approximation infix: 280余人次, 10多万元, 176万余元 */
  const char *mult = NULL;
  size_t mult_len = 0;
  if (starts_with(s, len, cur, "余") || starts_with(s, len, cur, "多")) {
    c.approx = 1;
    cur += 3;
  } else if ((mult_len = multiplier_at(s, len, cur)) > 0 &&
             (starts_with(s, len, cur + mult_len, "余") || starts_with(s, len, cur + mult_len, "多"))) {
    mult = s + cur;
    c.approx = 1;
    cur += mult_len + 3;
  }
  c.end = cur;

  /* The unit is looked up before the exclusions: most candidates (一是, 统一, 2023，) have
   * none and are dropped here at the cost of one catalogue lookup. */
  rx_unit_match m;
  size_t ul = rx_unit_match_at(s + cur, len - cur, &m);
  if (ul && mult && rx_unit_add_prefix(&m, mult, mult_len)) ul = 0;
  int is_item = !ul && !mult && starts_with(s, len, cur, "、") && number_starts(s, len, cur + 3, form);
  if (!ul && !is_item) {
    x->npending = 0;
    return cur > skip ? cur : skip;
  }
  /* the number itself is no figure */
  if (number_excluded(x, p, e, form) || after_excludes(s, len, cur, form) ||
      (cur != e && after_excludes(s, len, e, form))) {
    x->npending = 0;
    size_t past = cur + ul;
    return past > skip ? past : skip;
  }
  c.qual_before = rx_extract_qual_before(s, c.start, &c.qual_start);
  if (!ul) {
    /* a list whose unit is written once after the last number: 0.9、5.9个百分点 */
    {
      if (x->npending > 0) {
        const cand *last = &x->pending[x->npending - 1];
        if (last->end + 3 != c.start) x->npending = 0;
      }
      if (x->npending < MAX_PENDING) x->pending[x->npending++] = c;
      else x->npending = 0;
      return cur + 3;
    }
  }
  size_t uend = cur + ul;
  /* 3个多月, 两个多小时: the infix inside 个月 / 个小时 */
  if (ul == 3 && memcmp(s + cur, "个", 3) == 0 && !c.approx &&
      (starts_with(s, len, uend, "多") || starts_with(s, len, uend, "余"))) {
    char tmp[48];
    size_t rest = len - uend - 3 < sizeof tmp - 4 ? len - uend - 3 : sizeof tmp - 4;
    memcpy(tmp, "个", 3);
    memcpy(tmp + 3, s + uend + 3, rest);
    rx_unit_match m2;
    size_t ul2 = rx_unit_match_at(tmp, 3 + rest, &m2);
    if (ul2 > 3 && strcmp(m2.cls, "time") == 0) {
      m = m2;
      c.approx = 1;
      uend = uend + 3 + (ul2 - 3);
    }
  }
  if (x->npending > 0 && x->pending[x->npending - 1].end + 3 != c.start) x->npending = 0;
  if (unit_rejects(x, &c, &m, cur, uend)) {
    x->npending = 0;
    return uend;
  }
  /* reduplicated classifiers are rhetoric, not counts: 一座座山峰, 一个个险滩 */
  if (ul <= len - uend && memcmp(s + cur, s + uend, ul) == 0) {
    x->npending = 0;
    return uend;
  }
  /* A lone 一 before a classifier is mostly the indefinite article (一条主线, 一项系统工程,
   * 一支笔): it counts when the phrase ends there (班车一次，烘干房一处；), when a qualifier
   * insists on the number (至少一个), or for a ratio (涨了一倍). */
  if (form == RX_F_CN && e - p == 3 && memcmp(s + p, "一", 3) == 0) {
    uint32_t nc;
    int ends = !cp_at(s, len, uend, &nc) || is_clause_boundary(nc);
    if (!ends && c.qual_before == REPORTX_QUAL_NONE && strcmp(m.cls, "ratio") != 0 &&
        !clause_insists(s, p)) {
      x->npending = 0;
      return uend;
    }
    if (same_text(m.unit, "年")) { /* 一年: rhetoric (这一年, 一年来), optional at best */
      x->npending = 0;
      return uend;
    }
  }
  reportx_qualifier aq = rx_extract_qual_after(s, len, uend, NULL);
  for (size_t i = 0; i < x->npending; i++) {
    const cand *pc_ = &x->pending[i];
    if (unit_rejects(x, pc_, &m, cur, uend)) continue;
    if (emit(x, pc_, &m, pc_->end, aq, NULL)) return len;
  }
  x->npending = 0;
  /* compounds (1178户6316人) share the label of their first part */
  const char *share = (x->last_label && x->last_end == c.start) ? x->last_label : NULL;
  if (emit(x, &c, &m, uend, aq, share)) return len;
  return uend;
}

reportx_status rx_extract(reportx_doc *doc) {
  if (!doc) return REPORTX_ERR_USAGE;
  pthread_once(&g_once, init_once);
  const char *s = doc->text.s;
  size_t len = doc->text.len;
  if (!s || len == 0) return REPORTX_OK;

  reportx_status st = REPORTX_OK;
  xctx *x = rx_calloc(1, sizeof *x);
  if (!x) return REPORTX_ERR_NOMEM;
  x->doc = doc;
  x->s = s;
  x->len = len;
  x->last_end = (size_t)-1;
  x->qlast = SIZE_MAX;

  size_t off = 0;
  while ((off = next_candidate(s, len, off)) < len) {
    size_t next = scan_at(x, off);
    if (x->nomem) {
      st = REPORTX_ERR_NOMEM;
      break;
    }
    off = next > off ? next : len; /* scan_at always moves on; never re-scan */
  }
  rx_free(x);
  return st;
}
