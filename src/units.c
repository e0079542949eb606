/*
 * units.c — the unit catalogue (see units.h; the data is units.def).
 *
 * Consumes the text right after a number, produces the longest unit written there: the
 * folded surface form, its class, base unit and the multiplier prefix folded into it; and
 * converts values to the base unit with exact decimal arithmetic (decimal.h).
 *
 * Called at every number the extractor reads, so look-up is an index built once
 * (pthread_once): catalogue rows sorted by their first code point, longest first, found by
 * binary search; only the few rows sharing that first character are compared.
 *
 * Matching happens on a folded copy of at most RX_UNIT_WINDOW bytes of the text:
 * full-width ASCII (U+FF01–FF5E: ％ ／ ｋｍ ２) becomes ASCII, ﹪ becomes %, the micro sign µ
 * becomes μ; the rest is copied. The unit reported is the folded text, and the byte count is
 * mapped back to the original text.
 */
#include "units.h"
#include "utf8.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define RX_UF_NOPREFIX 1u /* no multiplier prefix: %, 倍, 个百分点, catalogue rates */
#define RX_UF_DENOM 2u    /* only as the denominator of a rate: 元/月 */

typedef struct rx_unit_entry {
  const char *surface;
  const char *cls;
  const char *base;
  const char *factor;
  unsigned flags;
  size_t slen;
} rx_unit_entry;

static const rx_unit_entry catalogue[] = {
#define RX_UNIT(surface, cls, base, factor, flags) {surface, cls, base, factor, flags, sizeof(surface) - 1},
#include "units.def"
#undef RX_UNIT
};
#define NCAT (sizeof catalogue / sizeof catalogue[0])

/* Multiplier prefixes, longest first within each first character so that 十万 is tried
 * before 十. 十亿/百亿/千亿/万亿 are there for 十亿元 and 万亿元. */
static const struct {
  const char *s;
  size_t len;
  int pow10;
} prefixes[] = {
    {"十万", 6, 5}, {"百万", 6, 6},  {"千万", 6, 7},  {"十亿", 6, 9}, {"百亿", 6, 10}, {"千亿", 6, 11},
    {"万亿", 6, 12}, {"十", 3, 1},   {"百", 3, 2},    {"千", 3, 3},  {"万", 3, 4},    {"亿", 3, 8},
};
#define NPREFIX (sizeof prefixes / sizeof prefixes[0])

/* Every prefix begins with one of 十 百 千 万 亿: its index 0-4 here, -1 for others. */
static int prefix_head(uint32_t cp) {
  switch (cp) {
    case 0x5341: return 0; /* 十 */
    case 0x767E: return 1; /* 百 */
    case 0x5343: return 2; /* 千 */
    case 0x4E07: return 3; /* 万 */
    case 0x4EBF: return 4; /* 亿 */
    default: return -1;
  }
}

/* The prefixes beginning with each head (prefix_head), in prefixes[] order, NPREFIX-ended
 * (built by index_build): only those can match, and ties keep going to the earlier one. */
static unsigned char prefix_by_head[5][NPREFIX + 1];

/* ---- UTF-8 ---- */

static size_t utf8_cp(const unsigned char *u, size_t len, uint32_t *cp) {
  size_t n = rx_utf8_decode(u, len, cp);
  return n || len == 0 ? n : 1; /* a stray byte (U+FFFD): matches nothing, moves one byte */
}

/* utf8_cp with ASCII and well-formed three-byte characters (almost every unit) decoded
 * here, without a call. */
static inline size_t cp_at(const unsigned char *u, size_t len, uint32_t *cp) {
  if (len >= 1 && u[0] < 0x80) {
    *cp = u[0];
    return 1;
  }
  if (len >= 3 && (u[0] & 0xF0) == 0xE0 && (u[1] & 0xC0) == 0x80 && (u[2] & 0xC0) == 0x80) {
    *cp = ((uint32_t)(u[0] & 0x0F) << 12) | ((uint32_t)(u[1] & 0x3F) << 6) | (u[2] & 0x3F);
    return 3;
  }
  return utf8_cp(u, len, cp);
}

static uint32_t first_cp(const char *s, size_t len) {
  uint32_t cp = 0;
  if (utf8_cp((const unsigned char *)s, len, &cp) == 0) return 0;
  return cp;
}

/* ---- the index ---- */

static uint16_t order[NCAT];     /* catalogue rows by (first code point, length desc) */
static uint32_t order_cp[NCAT];  /* first code point of order[i] */
static pthread_once_t index_once = PTHREAD_ONCE_INIT;
static atomic_int index_ready; /* set (release) once index_build is done */

static int order_cmp(const void *a, const void *b) {
  const rx_unit_entry *x = &catalogue[*(const uint16_t *)a], *y = &catalogue[*(const uint16_t *)b];
  uint32_t cx = first_cp(x->surface, x->slen), cy = first_cp(y->surface, y->slen);
  if (cx != cy) return cx < cy ? -1 : 1;
  if (x->slen != y->slen) return x->slen > y->slen ? -1 : 1;
  return strcmp(x->surface, y->surface);
}

/* The character folding makes of c (see fold). */
static uint32_t fold_cp(uint32_t c) {
  if (c < 0xFE6A) return c == 0x00B5 ? 0x03BC : c; /* all of CJK in one test */
  if (c >= 0xFF01 && c <= 0xFF5E) return c - 0xFEE0;
  if (c == 0xFE6A) return '%';
  return c;
}

static uint64_t start_bits[0x10000 / 64]; /* first code points of rows and prefixes */
static int may_start_astral;               /* a row starts above U+FFFF */
static uint64_t unit_bits[0x10000 / 64];  /* every code point of rows, prefixes and '/' */
static int may_unit_astral;                /* a row holds a code point above U+FFFF */

static void mark(uint64_t *bits, int *astral, uint32_t cp) {
  if (cp >= 0x10000) *astral = 1;
  else bits[cp >> 6] |= (uint64_t)1 << (cp & 63);
}

static void mark_start(uint32_t cp) { mark(start_bits, &may_start_astral, cp); }

static void mark_all(const char *s, size_t len) {
  size_t i = 0, k;
  uint32_t cp;
  while ((k = utf8_cp((const unsigned char *)s + i, len - i, &cp)) > 0) {
    mark(unit_bits, &may_unit_astral, cp);
    i += k;
  }
}

/* Where the rows of each first code point begin in order[]: an open-addressing table, so
 * that a look-up is a hash and a probe or two instead of a binary search. */
#define ROW_SLOTS 512 /* a power of two, more than twice the distinct first code points */
static uint32_t slot_cp[ROW_SLOTS];
static uint16_t slot_row[ROW_SLOTS];
static unsigned char slot_used[ROW_SLOTS];

static unsigned slot_of(uint32_t cp) { return (unsigned)(cp * 2654435761u >> 16) & (ROW_SLOTS - 1); }

/* Index in order[] of the first row starting with cp; NCAT when there is none. */
static size_t first_row(uint32_t cp) {
  for (unsigned h = slot_of(cp); slot_used[h]; h = (h + 1) & (ROW_SLOTS - 1))
    if (slot_cp[h] == cp) return slot_row[h];
  return NCAT;
}

static void index_build(void) {
  for (size_t i = 0; i < NCAT; i++) order[i] = (uint16_t)i;
  qsort(order, NCAT, sizeof order[0], order_cmp);
  for (size_t i = 0; i < NCAT; i++) {
    const rx_unit_entry *e = &catalogue[order[i]];
    order_cp[i] = first_cp(e->surface, e->slen);
    mark_start(order_cp[i]);
    if (i == 0 || order_cp[i] != order_cp[i - 1]) {
      unsigned h = slot_of(order_cp[i]);
      while (slot_used[h]) h = (h + 1) & (ROW_SLOTS - 1);
      slot_used[h] = 1;
      slot_cp[h] = order_cp[i];
      slot_row[h] = (uint16_t)i;
    }
    mark_all(e->surface, e->slen);
  }
  size_t nby[5] = {0};
  for (size_t p = 0; p < NPREFIX; p++) {
    uint32_t head = first_cp(prefixes[p].s, prefixes[p].len);
    mark_start(head);
    mark_all(prefixes[p].s, prefixes[p].len);
    int h = prefix_head(head); /* always one of the five */
    prefix_by_head[h][nby[h]++] = (unsigned char)p;
  }
  for (int h = 0; h < 5; h++) prefix_by_head[h][nby[h]] = NPREFIX;
  mark(unit_bits, &may_unit_astral, (uint32_t)'/');
  atomic_store_explicit(&index_ready, 1, memory_order_release);
}

/* The index, built on first use; after that one acquiring load, no call per match. */
static void index_ensure(void) {
  if (!atomic_load_explicit(&index_ready, memory_order_acquire)) pthread_once(&index_once, index_build);
}

static int is_alnum_ascii(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Where a row may stand. */
enum { AT_PLAIN, AT_PREFIXED, AT_DENOM };

/* f[0..len) == s[0..len), for the few bytes a row has: no call. */
static inline int same_bytes(const char *f, const char *s, size_t len) {
  for (size_t j = 0; j < len; j++)
    if (f[j] != s[j]) return 0;
  return 1;
}

/*
 * The longest row that f[0..n) begins with and that may stand at `where`. An ASCII unit
 * must not run on into more ASCII letters or digits ("m" is no unit in "5mA", "m3" none in
 * "m30"), or units inside codes and words would be read. cp is f's first code point, cn
 * its bytes in f (the caller has decoded it).
 */
static const rx_unit_entry *longest_row(const char *f, size_t n, int where, uint32_t cp, size_t cn) {
  /* (no start_bits test: first_row finds nothing as fast for a character no row starts) */
  /* A code point has one encoding of each length: when f's first character has the length
   * of the rows' (not overlong), its bytes are theirs and comparing starts after it. */
  size_t skip = cn == (cp < 0x80 ? 1u : cp < 0x800 ? 2u : cp < 0x10000 ? 3u : 4u) ? cn : 0;
  size_t lo = first_row(cp);
  for (size_t i = lo; i < NCAT && order_cp[i] == cp; i++) {
    const rx_unit_entry *e = &catalogue[order[i]];
    if (e->slen > n || !same_bytes(f + skip, e->surface + skip, e->slen - skip)) continue;
    if ((e->flags & RX_UF_DENOM) && where != AT_DENOM) continue;
    if ((e->flags & RX_UF_NOPREFIX) && where != AT_PLAIN) continue;
    if (is_alnum_ascii((unsigned char)e->surface[e->slen - 1]) && e->slen < n &&
        is_alnum_ascii((unsigned char)f[e->slen]))
      continue;
    return e;
  }
  return NULL;
}

/* The first code point of f[0..n) (0 for none; a stray byte is U+FFFD, as in first_cp), its
 * bytes in *cn. */
static uint32_t head_cp(const char *f, size_t n, size_t *cn) {
  uint32_t cp = 0;
  *cn = cp_at((const unsigned char *)f, n, &cp);
  return *cn ? cp : 0;
}

typedef struct simple_match {
  const rx_unit_entry *e;
  size_t len;        /* folded bytes, prefix included */
  size_t prefix_len; /* folded bytes of the prefix */
  int pow10;
} simple_match;


/*
 * [prefix] row. A row standing alone wins a tie against prefix + row, which is what makes
 * 千瓦, 千米, 千克, 千伏 units of their own rather than 千 × 瓦/米/克/伏; otherwise the longest
 * reading wins (十万 + 元 over nothing, 万 + 千瓦时 for 万千瓦时). cp is f's first code point
 * and cn its bytes (the caller has them); the prefixes are tried only when cp is a prefix
 * character.
 */
static inline int match_simple(const char *f, size_t n, uint32_t cp, size_t cn, int denom, simple_match *sm) {
  sm->e = n ? longest_row(f, n, denom ? AT_DENOM : AT_PLAIN, cp, cn) : NULL;
  sm->len = sm->e ? sm->e->slen : 0;
  sm->prefix_len = 0;
  sm->pow10 = 0;
  int h = prefix_head(cp);
  if (h < 0) return sm->e != NULL;
  for (const unsigned char *pp = prefix_by_head[h]; *pp < NPREFIX; pp++) {
    size_t p = *pp, pl = prefixes[p].len;
    if (pl >= n || !same_bytes(f, prefixes[p].s, pl)) continue;
    size_t rn;
    uint32_t rcp = head_cp(f + pl, n - pl, &rn);
    const rx_unit_entry *e = longest_row(f + pl, n - pl, denom ? AT_DENOM : AT_PREFIXED, rcp, rn);
    if (e && (e->flags & RX_UF_NOPREFIX)) e = NULL;
    if (e && pl + e->slen > sm->len) {
      sm->e = e;
      sm->len = pl + e->slen;
      sm->prefix_len = pl;
      sm->pow10 = prefixes[p].pow10;
    }
  }
  return sm->e != NULL;
}

/* match_simple for the denominator of a rate, f[0..n) after the slash. */
static int match_denom(const char *f, size_t n, simple_match *sm) {
  size_t cn;
  uint32_t cp = head_cp(f, n, &cn);
  return match_simple(f, n, cp, cn, 1, sm);
}

/* ---- folding ---- */

#define RX_UNIT_WINDOW 63 /* folded bytes looked at: the longest unit with a rate fits */

typedef struct folded {
  char s[RX_UNIT_WINDOW + 1];
  unsigned char src[RX_UNIT_WINDOW + 4]; /* src[k]: source offset of the character holding byte
                                          * k, for k >= ident (at most 3 source bytes per folded
                                          * byte: < 256; fold writes four at a time) */
  size_t ident; /* below it folded and source offsets are equal (no full-width form yet) */
  size_t n;
  size_t cn0; /* bytes of the first character in s[] */
} folded;

/* The window ends after the first character that no unit, prefix or rate holds (unit_bits,
 * set by index_build): no match can run past it, and keeping that one character lets the
 * ASCII run-on test (5mA) see it. In running text that is two or three characters after
 * the number, instead of the whole window. */
static void fold(const char *s, size_t len, uint32_t cp, size_t k, uint32_t f, folded *fo) {
  const unsigned char *u = (const unsigned char *)s;
  size_t i = 0, n = 0;
  fo->cn0 = f == cp ? k : f < 0x80 ? 1 : 2;
  fo->ident = RX_UNIT_WINDOW + 1;
  for (;;) { /* cp, k, f: the character at i and its folding (the caller has the first) */
    /* (a character is at most 4 folded bytes: the exact test only near the end) */
    if (n + 4 > RX_UNIT_WINDOW && n + (f == cp ? k : f < 0x80 ? 1 : 2) > RX_UNIT_WINDOW) break;
    /* Offsets only once a full-width form has made the folded text shorter (i - n never
     * falls: µ → μ keeps two bytes). Copied byte by byte: a call to memcpy or memset costs
     * more than the bytes. */
    if (i != n) {
      if (fo->ident > n) fo->ident = n;
      fo->src[n] = fo->src[n + 1] = fo->src[n + 2] = fo->src[n + 3] = (unsigned char)i;
    }
    if (f == cp) {
      fo->s[n] = s[i];
      if (k > 1) fo->s[n + 1] = s[i + 1];
      if (k > 2) fo->s[n + 2] = s[i + 2];
      if (k > 3) fo->s[n + 3] = s[i + 3];
      n += k;
    } else if (f < 0x80) {
      fo->s[n++] = (char)f;
    } else { /* µ micro sign → μ Greek mu, as NFKC does */
      fo->s[n++] = '\xCE';
      fo->s[n++] = '\xBC';
    }
    i += k;
    if (i >= len || (f < 0x10000 ? !(unit_bits[f >> 6] >> (f & 63) & 1) : !may_unit_astral)) break;
    k = cp_at(u + i, len - i, &cp);
    f = fold_cp(cp);
  }
  if (i != n && fo->ident > n) fo->ident = n;
  fo->src[n] = (unsigned char)i;
  fo->s[n] = '\0';
  fo->n = n;
}

static int is_slash(const char *f, size_t n) { return n >= 1 && f[0] == '/'; }

/* Can a unit start with c (a folded first character)? One bit per code point of the Basic
 * Multilingual Plane (set by index_build for the first character of every row and prefix),
 * tested before anything is folded: most calls come at text that holds no unit. */
static int may_start_unit(uint32_t c) {
  if (c >= 0x10000) return may_start_astral;
  return (int)(start_bits[c >> 6] >> (c & 63) & 1);
}

/* ---- API ---- */

size_t rx_unit_match_at(const char *s, size_t len, rx_unit_match *m) {
  folded fo;
  simple_match num, den;
  if (!s || !m || len == 0) return 0;
  index_ensure();
  uint32_t cp;
  size_t k = cp_at((const unsigned char *)s, len, &cp); /* >= 1: a stray byte is one */
  uint32_t f = fold_cp(cp);
  if (!may_start_unit(f)) return 0;
  fold(s, len, cp, k, f, &fo);
  /* the window's first character is f */
  if (!match_simple(fo.s, fo.n, f, fo.cn0, 0, &num)) return 0;
  size_t end = num.len;
  const char *cls = num.e->cls, *base = num.e->base;
  /* X/Y: a rate, when X is an ordinary unit and Y any unit (元/亩, 万元/户, 吨标准煤/万元,
   * 元/月). Its value has no base unit; the numerator's prefix still counts (万元/户 is
   * 10^4 元/户, as the scorer folds it). */
  if (!(num.e->flags & RX_UF_NOPREFIX) && is_slash(fo.s + end, fo.n - end) &&
      match_denom(fo.s + end + 1, fo.n - end - 1, &den) && !(den.e->flags & RX_UF_NOPREFIX)) {
    end += 1 + den.len;
    cls = "rate";
    base = NULL;
  }
  /* Only whole characters are in the window, so src[end] is a character boundary. */
  m->len = end < fo.ident ? end : fo.src[end];
  /* The whole window in one fixed-size copy (inlined, no call); the unit ends at end. */
  _Static_assert(sizeof m->unit == sizeof fo.s, "the window is the size of a unit");
  memcpy(m->unit, fo.s, sizeof m->unit);
  m->unit[end] = '\0';
  m->cls = cls;
  m->base = base;
  m->pow10 = num.pow10;
  m->prefix_len = num.prefix_len;
  m->entry = num.e;
  return m->len;
}

int rx_unit_add_prefix(rx_unit_match *m, const char *mult, size_t mult_len) {
  if (!m || !m->entry || !mult) return -1;
  const rx_unit_entry *e = m->entry;
  if (e->flags & RX_UF_NOPREFIX) return -1;
  /* The prefix written apart joins the one already there (千 + 万元 = 千万元); the result
   * must still be one of the multipliers we know. */
  char joined[16];
  if (mult_len + m->prefix_len >= sizeof joined) return -1;
  memcpy(joined, mult, mult_len);
  memcpy(joined + mult_len, m->unit, m->prefix_len);
  size_t jl = mult_len + m->prefix_len;
  int pow10 = -1;
  for (size_t p = 0; p < NPREFIX; p++)
    if (prefixes[p].len == jl && memcmp(prefixes[p].s, joined, jl) == 0) pow10 = prefixes[p].pow10;
  if (pow10 < 0) return -1;
  size_t ul = strlen(m->unit);
  if (ul + mult_len >= sizeof m->unit) return -1;
  memmove(m->unit + mult_len, m->unit, ul + 1);
  memcpy(m->unit, mult, mult_len);
  m->prefix_len = jl;
  m->pow10 = pow10;
  return 0;
}

/* ---- normalisation fast paths ----
 *
 * Nearly every value the extractor hands in is canonical (numeral.c writes it so) and short,
 * and nearly every factor is a power of ten or a small fraction p/q: the result is then a
 * point moved or a 64-bit division, written here in the canonical form decimal.c writes.
 * Anything else (a value not canonical or too long, a product beyond 64 bits, an out too
 * small) goes to decimal.c, which decides and fails exactly as before.
 */

#define FAST_DIGITS 38 /* digits a fast-path value may have */

/* value = [-] g[0..ng) × 10^e, g without leading zeros ("" for zero); from a canonical
 * decimal string of at most FAST_DIGITS digits. Returns 0, or -1 when value is not such a
 * string. */
typedef struct plain {
  int neg;
  char g[FAST_DIGITS];
  size_t ng;
  int e;
} plain;

static int plain_parse(const char *v, plain *x) {
  size_t i = 0, nd = 0;
  int frac = -1; /* digits after the point, -1 before one */
  x->neg = v[0] == '-';
  i = (size_t)x->neg;
  if (v[i] == '0' && v[i + 1] != '.' && (v[i + 1] != '\0' || x->neg)) return -1; /* 05, -0 */
  x->ng = 0;
  for (;; i++) {
    char c = v[i];
    if (c >= '0' && c <= '9') {
      if (++nd > FAST_DIGITS) return -1;
      if (x->ng > 0 || c != '0') x->g[x->ng++] = c;
      if (frac >= 0) frac++;
    } else if (c == '.' && frac < 0 && nd > 0) {
      frac = 0;
    } else if (c == '\0') {
      break;
    } else {
      return -1;
    }
  }
  if (nd == 0 || frac == 0) return -1;             /* "", "-", "5." */
  if (frac > 0 && v[i - 1] == '0') return -1;      /* 1.50: not canonical */
  x->e = frac > 0 ? -frac : 0;
  return 0;
}

/* [-] g[0..ng) × 10^e in canonical form into out[cap]; -1 when it does not fit. */
static int plain_format(int neg, const char *g, size_t ng, int e, char *out, size_t cap) {
  while (e < 0 && ng > 0 && g[ng - 1] == '0') { /* trailing fraction zeros */
    ng--;
    e++;
  }
  if (ng == 0) {
    if (cap < 2) return -1;
    memcpy(out, "0", 2);
    return 0;
  }
  size_t o = 0, need = (size_t)neg + (e >= 0 ? ng + (size_t)e : ng > (size_t)-e ? ng + 1 : (size_t)-e + 2) + 1;
  if (need > cap) return -1;
  if (neg) out[o++] = '-';
  if (e >= 0) {
    memcpy(out + o, g, ng);
    o += ng;
    memset(out + o, '0', (size_t)e);
    o += (size_t)e;
  } else if (ng > (size_t)-e) {
    size_t ip = ng - (size_t)-e;
    memcpy(out + o, g, ip);
    o += ip;
    out[o++] = '.';
    memcpy(out + o, g + ip, ng - ip);
    o += ng - ip;
  } else {
    out[o++] = '0';
    out[o++] = '.';
    memset(out + o, '0', (size_t)-e - ng);
    o += (size_t)-e - ng;
    memcpy(out + o, g, ng);
    o += ng;
  }
  out[o] = '\0';
  return 0;
}

/* When v is a canonical decimal of at most FAST_DIGITS digits ("0", "12000", "-3.5",
 * "0.05"): its length, the index of its point in *ip (the length when none). 0 otherwise. */
static size_t plain_scan(const char *v, size_t *ip) {
  size_t i = v[0] == '-', d = i;
  if (v[i] == '0' && v[i + 1] != '.' && (i > 0 || v[i + 1] != '\0')) return 0; /* -0, 05 */
  while (v[d] >= '0' && v[d] <= '9') d++;
  if (d == i) return 0;
  *ip = d;
  if (v[d] == '.') {
    size_t f = ++d;
    while (v[d] >= '0' && v[d] <= '9') d++;
    if (d == f || v[d - 1] == '0') return 0; /* 5., 1.50 */
  }
  if (v[d] != '\0' || d - i > FAST_DIGITS) return 0;
  return d;
}

/* v × 10^t (t >= 0) into out[cap] when v is a canonical whole number of at most FAST_DIGITS
 * digits ("0", "12000", "-35"): the digits copied as they are checked, then t zeros.
 * Returns 0, or 1 when v is not such a number or the result does not fit (out then holds
 * bytes to overwrite). */
static int int_shift(const char *v, size_t t, char *out, size_t cap) {
  size_t i = v[0] == '-', d = i;
  if (v[i] == '0') {
    if (i > 0 || v[1] != '\0' || cap < 2) return 1; /* -0, 05 */
    memcpy(out, "0", 2);
    return 0;
  }
  if (i) {
    if (cap < 2) return 1;
    out[0] = '-';
  }
  for (; v[d] >= '0' && v[d] <= '9'; d++) {
    if (d + 1 >= cap || d - i >= FAST_DIGITS) return 1;
    out[d] = v[d];
  }
  if (v[d] != '\0' || d == i || d + t >= cap) return 1;
  if (t) memset(out + d, '0', t);
  out[d + t] = '\0';
  return 0;
}

/* v (plain_scan: length vl, point at ip) × 10^t, t >= 0, into out[cap]: the point moved
 * right, in canonical form. -1 when it does not fit. */
static int plain_shift_up(const char *v, size_t vl, size_t ip, size_t t, char *out, size_t cap) {
  size_t neg = v[0] == '-', o = 0;
  const char *in = v + neg, *fr = v + ip + 1;
  size_t ni = ip - neg, nf = ip < vl ? vl - ip - 1 : 0;
  size_t moved = t < nf ? t : nf, zeros = t - moved;
  if (ni == 1 && in[0] == '0') { /* 0.xx: the integer part is what moves in, without zeros */
    if (nf == 0) {
      if (cap < 2) return -1;
      memcpy(out, "0", 2);
      return 0;
    }
    ni = 0;
    while (moved > 0 && fr[0] == '0') {
      fr++;
      moved--;
      nf--;
    }
  }
  size_t need = neg + ni + moved + zeros + (moved < nf ? 1 + nf - moved : 0) + (ni + moved + zeros == 0) + 1;
  if (need > cap) return -1;
  if (neg) out[o++] = '-';
  if (ni + moved + zeros == 0) out[o++] = '0';
  memcpy(out + o, in, ni); /* (the calls only when there is something to copy) */
  o += ni;
  if (moved) memcpy(out + o, fr, moved);
  o += moved;
  if (zeros) memset(out + o, '0', zeros);
  o += zeros;
  if (moved < nf) {
    out[o++] = '.';
    memcpy(out + o, fr + moved, nf - moved);
    o += nf - moved;
  }
  out[o] = '\0';
  return 0;
}

/* k when the decimal factor f is 10^k ("1000" 3, "0.001" -3); 0 with *ok = 0 otherwise. */
static int factor_pow10(const char *f, int *ok) {
  *ok = 1;
  if (f[0] == '1') {
    int k = 0;
    while (f[1 + k] == '0') k++;
    if (f[1 + k] == '\0') return k;
  } else if (f[0] == '0' && f[1] == '.') {
    int k = 0;
    while (f[2 + k] == '0') k++;
    if (f[2 + k] == '1' && f[3 + k] == '\0') return -(k + 1);
  }
  *ok = 0;
  return 0;
}

/* Digits of a short unsigned decimal ("2000", "3") as a number; -1 when it is not one. */
static int64_t small_uint(const char *s, size_t len) {
  int64_t v = 0;
  if (len == 0 || len > 12) return -1;
  for (size_t i = 0; i < len; i++) {
    if (s[i] < '0' || s[i] > '9') return -1;
    v = v * 10 + (s[i] - '0');
  }
  return v;
}

static const uint64_t pow10_u64[20] = {1ull,
                                       10ull,
                                       100ull,
                                       1000ull,
                                       10000ull,
                                       100000ull,
                                       1000000ull,
                                       10000000ull,
                                       100000000ull,
                                       1000000000ull,
                                       10000000000ull,
                                       100000000000ull,
                                       1000000000000ull,
                                       10000000000000ull,
                                       100000000000000ull,
                                       1000000000000000ull,
                                       10000000000000000ull,
                                       100000000000000000ull,
                                       1000000000000000000ull,
                                       10000000000000000000ull};

/* [-] g × 10^e × p / q rounded half away from zero to 2 decimals, in 64 bits; -1 when a
 * step would not fit (then decimal.c does it). */
static int plain_ratio(const plain *x, int pow10, uint64_t p, uint64_t q, char *out, size_t cap) {
  if (x->ng > 18 || p == 0 || q == 0) return -1;
  uint64_t g = 0;
  for (size_t i = 0; i < x->ng; i++) g = g * 10 + (uint64_t)(x->g[i] - '0');
  /* g × p × 10^s / (q × 10^t): hundredths of the result */
  int s = x->e + pow10 + 2, t = 0;
  if (s < 0) {
    t = -s;
    s = 0;
  }
  if (s > 19 || t > 19) return -1;
  if (g != 0 && p > UINT64_MAX / g) return -1;
  uint64_t num = g * p;
  if (num != 0 && pow10_u64[s] > UINT64_MAX / num) return -1;
  num *= pow10_u64[s];
  if (pow10_u64[t] > UINT64_MAX / q) return -1;
  uint64_t den = q * pow10_u64[t];
  uint64_t r = num / den, rem = num % den;
  if (rem >= den - rem) r++; /* half away from zero (the sign is put back after) */
  char d[24]; /* r's digits, written from the end */
  const char *rd = rx_u64_back(d + sizeof d, r);
  return plain_format(x->neg && r != 0, rd, (size_t)(d + sizeof d - rd), -2, out, cap);
}

/*
 * value × 10^pow10 × factor. Decimal factors are exact. A rational factor p/q (亩 = 2000/3
 * m²) is applied as × p then ÷ q rounded half away from zero to 2 decimals: exact whenever the
 * area is a whole number of 0.015 亩 steps (29919 亩 = 19946000 m²), and to the centimetre
 * square otherwise (1 亩 = 666.67 m²).
 */
int rx_unit_normalize(const rx_unit_match *m, const char *value, char *out, size_t cap) {
  char shifted[RX_DEC_MAX], prod[RX_DEC_MAX];
  if (out && cap) out[0] = '\0';
  if (!m || !m->entry || !m->base || !value || !out) return -1;
  const rx_unit_entry *e = m->entry;
  int one = e->factor[0] == '1' && e->factor[1] == '\0';
  /* a decimal factor 10^k and 10^(pow10 + k) >= 1 (元, 万元, 户, 吨 → kg …: most figures):
   * the point moves right */
  int ok = one, k = one ? 0 : factor_pow10(e->factor, &ok);
  const char *slash = ok ? NULL : strchr(e->factor, '/');
  if (ok && m->pow10 >= 0 && m->pow10 <= 16 && m->pow10 + k >= 0) {
    size_t t = (size_t)(m->pow10 + k), vl, ip;
    if (int_shift(value, t, out, cap) == 0) return 0;
    if (cap) out[0] = '\0';
    if ((vl = plain_scan(value, &ip)) > 0 && plain_shift_up(value, vl, ip, t, out, cap) == 0) return 0;
  }
  plain x;
  /* (Within these bounds decimal.c's intermediate values fit its buffers: it fails only
   * when out is too small, and so does the fast path, which then hands over.) */
  if (m->pow10 >= -16 && m->pow10 <= 16 && plain_parse(value, &x) == 0) {
    if (!slash && ok && plain_format(x.neg, x.g, x.ng, x.e + m->pow10 + k, out, cap) == 0) return 0;
    if (slash) {
      int64_t p = small_uint(e->factor, (size_t)(slash - e->factor)), q = small_uint(slash + 1, strlen(slash + 1));
      if (p >= 0 && q >= 0 && plain_ratio(&x, m->pow10, (uint64_t)p, (uint64_t)q, out, cap) == 0) return 0;
    }
  }
  /* factor 1: the shift is the whole product */
  if (one) return rx_dec_shift(value, m->pow10, out, cap) ? -1 : 0;
  if (rx_dec_shift(value, m->pow10, shifted, sizeof shifted)) return -1;
  if (!slash) {
    if (rx_dec_mul(shifted, e->factor, out, cap)) return -1;
    return 0;
  }
  char num[32];
  size_t nl = (size_t)(slash - e->factor);
  if (nl >= sizeof num) return -1;
  memcpy(num, e->factor, nl);
  num[nl] = '\0';
  if (rx_dec_mul(shifted, num, prod, sizeof prod)) return -1;
  if (rx_dec_div(prod, slash + 1, 2, out, cap)) return -1;
  return 0;
}

size_t rx_unit_catalogue_size(void) { return NCAT; }

int rx_unit_catalogue_row(size_t i, const char **surface, const char **cls, const char **base,
                          const char **factor) {
  if (i >= NCAT) return -1;
  if (surface) *surface = catalogue[i].surface;
  if (cls) *cls = catalogue[i].cls;
  if (base) *base = catalogue[i].base;
  if (factor) *factor = catalogue[i].factor;
  return 0;
}
