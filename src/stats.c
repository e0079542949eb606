/*
 * stats.c — statistics over a document's quantities: count, sum, min and max per unit as
 * written, per class in the class's base unit(s), and the same per class for each
 * top-level section. Sums are exact (decimal.c). A range counts with its low end.
 */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "checks.h" /* by_status (checks.c) */
#include "decimal.h"
#include "stats.h"

/* snprintf(dst, cap, "%s", src) without the cost of printf: the copy cut to fit. */
static void copy_cut(char *dst, size_t cap, const char *src) {
  size_t n = strlen(src);
  if (n >= cap) n = cap - 1;
  memcpy(dst, src, n);
  dst[n] = '\0';
}

/* A decimal as an exact fixed-point integer: m × 10^-scale. Most values reportx sums have
 * a handful of digits, so the statistics add and compare them as integers and fall back to
 * decimal.c (strings, any length) only for a value that does not fit. */
typedef struct fixed {
  long long m;
  int scale;
} fixed;

static const long long pow10_ll[19] = {1LL, 10LL, 100LL, 1000LL, 10000LL, 100000LL, 1000000LL, 10000000LL,
                                       100000000LL, 1000000000LL, 10000000000LL, 100000000000LL,
                                       1000000000000LL, 10000000000000LL, 100000000000000LL,
                                       1000000000000000LL, 10000000000000000LL, 100000000000000000LL,
                                       1000000000000000000LL};

/* Parses what decimal.c accepts (sign, digits, one optional point, a digit somewhere) when
 * it has at most 18 digits; 0 on success, with *len the string's length, -1 otherwise (then
 * decimal.c decides). */
static inline int fixed_parse(const char *s, fixed *f, size_t *len) {
  const char *s0 = s;
  if (!s) return -1;
  int neg = 0;
  if (*s == '-' || *s == '+') neg = *s++ == '-';
  /* digits, a point, digits: counted at the end (m may wrap when there are too many: then
   * it is not used) */
  const char *p = s;
  unsigned long long m = 0;
  unsigned c;
  while ((c = (unsigned)(unsigned char)*p - '0') < 10) {
    m = m * 10 + c;
    p++;
  }
  size_t digits = (size_t)(p - s), scale = 0;
  if (*p == '.') {
    const char *f0 = ++p;
    while ((c = (unsigned)(unsigned char)*p - '0') < 10) {
      m = m * 10 + c;
      p++;
    }
    scale = (size_t)(p - f0);
    digits += scale;
  }
  if (*p != '\0' || digits == 0 || digits > 18) return -1;
  f->m = neg ? -(long long)m : (long long)m;
  f->scale = (int)scale;
  *len = (size_t)(p - s0);
  return 0;
}

/* x at scale `scale` (>= x->scale) into *out; -1 when it does not fit. */
static inline int fixed_rescale(const fixed *x, int scale, long long *out) {
  int d = scale - x->scale;
  if (d == 0) {
    *out = x->m;
    return 0;
  }
  if (d > 18) return -1;
  long long p = pow10_ll[d];
  if (x->m > LLONG_MAX / p || x->m < -(LLONG_MAX / p)) return -1;
  *out = x->m * p;
  return 0;
}

static inline int fixed_add(const fixed *a, const fixed *b, fixed *r) {
  int scale = a->scale > b->scale ? a->scale : b->scale;
  long long x, y;
  if (fixed_rescale(a, scale, &x) || fixed_rescale(b, scale, &y)) return -1;
  if ((y > 0 && x > LLONG_MAX - y) || (y < 0 && x < -LLONG_MAX - y)) return -1;
  r->m = x + y;
  r->scale = scale;
  return 0;
}

/* <0, 0, >0; -2 when it cannot tell (then decimal.c compares). */
static inline int fixed_cmp(const fixed *a, const fixed *b) {
  if (a->scale == b->scale) return (a->m > b->m) - (a->m < b->m);
  int scale = a->scale > b->scale ? a->scale : b->scale;
  long long x, y;
  if (fixed_rescale(a, scale, &x) || fixed_rescale(b, scale, &y)) return -2;
  return (x > y) - (x < y);
}

/* The canonical form decimal.c writes: no leading zeros, no trailing fraction zeros, "0";
 * returns its length. Written backwards: the fraction's digits, the point, the rest. */
static size_t fixed_format(const fixed *f, char *out, size_t cap) {
  unsigned long long u = f->m < 0 ? 0ULL - (unsigned long long)f->m : (unsigned long long)f->m;
  int scale = f->scale;
  while (scale > 0 && u % 10 == 0) { /* trailing zeros of the fraction, dropped */
    u /= 10;
    scale--;
  }
  char buf[48], *p = buf + sizeof buf;
  if (u == 0) {
    *--p = '0';
  } else {
    if (scale > 0) {
      for (int k = 0; k < scale; k++, u /= 10) *--p = (char)('0' + u % 10);
      *--p = '.';
    }
    do { /* (0.x: a zero before the point) */
      *--p = (char)('0' + u % 10);
      u /= 10;
    } while (u);
    if (f->m < 0) *--p = '-';
  }
  size_t len = (size_t)(buf + sizeof buf - p);
  if (len >= cap) len = cap - 1; /* (cut as copy_cut cuts) */
  memcpy(out, p, len);
  out[len] = '\0';
  return len;
}

typedef struct acc {
  const char *key;  /* unit, or base unit */
  const char *cls;
  size_t count;
  char sum[RX_DEC_MAX];
  int overflow;     /* a sum no longer fits: reported as null */
  int fast;         /* the sum is in fsum (else in sum) */
  int min_fast, max_fast; /* fmin / fmax hold min / max */
  int all_fast;           /* count > 0, fast, min_fast and max_fast: acc_value's common case */
  fixed fsum, fmin, fmax;
  /* min and max: the value as the document holds it, or NULL for one too long for a
   * decimal buffer, copied cut (as snprintf cuts it, and compared so) in min_cut / max_cut */
  const char *min, *max;
  size_t min_len, max_len;
  char min_cut[RX_DEC_MAX], max_cut[RX_DEC_MAX];
  unsigned next; /* index + 1 of the next accumulator of the same class in the set, 0: none */
} acc;

static const char *acc_min(const acc *a) { return a->min ? a->min : a->min_cut; }
static const char *acc_max(const acc *a) { return a->max ? a->max : a->max_cut; }

/* The accumulators in order of first appearance (the order of the JSON), found through a
 * small open-addressing hash of (class, key): a class such as "count" has dozens of units. */
typedef struct acc_set {
  acc *v;
  size_t n, cap;
  unsigned *slot;    /* index + 1 into v, 0 for empty; nslot is a power of two */
  size_t nslot;
} acc_set;

/* Equal strings: mostly the same address, and different ones mostly differ at once. */
static int same(const char *a, const char *b) { return a == b || (*a == *b && strcmp(a, b) == 0); }

static size_t str_hash(const char *s) {
  size_t h = 2166136261u;
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) h = (h ^ *p) * 16777619u;
  return h;
}

/* The hash of (cls, key) from the class's str_hash (which callers keep by class). */
static size_t acc_hash_with(size_t hcls, const char *key) {
  size_t h = (str_hash(key) ^ hcls * 0x9E3779B9u) * 16777619u;
  return h ^ (h >> 15);
}

static size_t acc_hash(const char *cls, const char *key) { return acc_hash_with(str_hash(cls), key); }

static int acc_reindex(acc_set *s, size_t nslot) {
  unsigned *slot = rx_calloc(nslot, sizeof *slot);
  if (!slot) return -1;
  for (size_t i = 0; i < s->n; i++) {
    size_t h = acc_hash(s->v[i].cls, s->v[i].key) & (nslot - 1);
    while (slot[h]) h = (h + 1) & (nslot - 1);
    slot[h] = (unsigned)i + 1;
  }
  rx_free(s->slot);
  s->slot = slot;
  s->nslot = nslot;
  return 0;
}

static void acc_set_free(acc_set *s) {
  rx_free(s->v);
  rx_free(s->slot);
}

/* A new accumulator of (cls, key) at the end of s->v (not indexed); NULL on failure. */
static acc *acc_new(acc_set *s, const char *cls, const char *key) {
  if (s->n + 1 > UINT_MAX - 1) return NULL;
  if (s->n == s->cap && rx_grow((void **)&s->v, &s->cap, s->n + 1, sizeof *s->v)) return NULL;
  acc *a = &s->v[s->n++];
  a->key = key;
  a->cls = cls;
  a->count = 0;
  a->next = 0;
  a->overflow = 0;
  a->fast = 1; /* fsum = 0 */
  a->all_fast = 0;
  a->fsum.m = 0;
  a->fsum.scale = 0;
  return a;
}

/* The index of the accumulator of (cls, key), whose acc_hash is `hash`, created when new;
 * -1 on failure. */
static long acc_find(acc_set *s, const char *cls, const char *key, size_t hash) {
  size_t h = 0;
  if (s->nslot) {
    h = hash & (s->nslot - 1);
    for (unsigned k; (k = s->slot[h]) != 0; h = (h + 1) & (s->nslot - 1))
      if (same(s->v[k - 1].key, key) && same(s->v[k - 1].cls, cls)) return (long)k - 1;
  }
  if (2 * (s->n + 1) > s->nslot) { /* keep the table at most half full */
    if (acc_reindex(s, s->nslot ? 2 * s->nslot : 16)) return -1;
    h = hash & (s->nslot - 1);
    while (s->slot[h]) h = (h + 1) & (s->nslot - 1);
  }
  if (!acc_new(s, cls, key)) return -1;
  s->slot[h] = (unsigned)s->n;
  return (long)s->n - 1;
}

/* value vs the current min or max: fixed-point when both fit, else decimal.c. */
static int cmp_bound(const char *value, int vfast, const fixed *fv, const char *bound, int bfast,
                     const fixed *fb) {
  if (vfast && bfast) {
    int c = fixed_cmp(fv, fb);
    if (c != -2) return c;
  }
  return rx_dec_cmp(value, bound);
}

/* A value, read once for all the sets it goes in: fv holds it when vfast; fits when it is
 * shorter than a decimal buffer. */
typedef struct value {
  const char *s;
  size_t len;
  int vfast, fits;
  fixed fv;
} value;

static inline void value_read(value *v, const char *s) {
  v->s = s;
  v->vfast = fixed_parse(s, &v->fv, &v->len) == 0;
  if (!v->vfast) v->len = strlen(s);
  v->fits = v->len < RX_DEC_MAX; /* (at most 18 digits fit) */
}

static inline void set_min(acc *a, const value *v) {
  a->min = v->fits ? v->s : NULL;
  a->min_len = v->len;
  if (!v->fits) {
    copy_cut(a->min_cut, sizeof a->min_cut, v->s);
    a->min_len = strlen(a->min_cut);
  }
  a->min_fast = v->vfast; /* (a fixed value fits) */
  a->fmin = v->fv;
}

static inline void set_max(acc *a, const value *v) {
  a->max = v->fits ? v->s : NULL;
  a->max_len = v->len;
  if (!v->fits) {
    copy_cut(a->max_cut, sizeof a->max_cut, v->s);
    a->max_len = strlen(a->max_cut);
  }
  a->max_fast = v->vfast;
  a->fmax = v->fv;
}

/* One more value in a, the general way (acc_value). */
static void acc_value_general(acc *a, const value *v) {
  if (!a->overflow) {
    fixed r;
    if (a->fast && v->vfast && fixed_add(&a->fsum, &v->fv, &r) == 0) {
      a->fsum = r;
    } else {
      if (a->fast) { /* leave the fast path for good */
        fixed_format(&a->fsum, a->sum, sizeof a->sum);
        a->fast = 0;
      }
      char tmp[RX_DEC_MAX];
      if (rx_dec_add(a->sum, v->s, tmp, sizeof tmp) == 0) memcpy(a->sum, tmp, sizeof tmp);
      else a->overflow = 1;
    }
  }
  if (a->count == 0) {
    set_min(a, v);
    set_max(a, v);
  } else if (cmp_bound(v->s, v->vfast, &v->fv, acc_min(a), a->min_fast, &a->fmin) < 0) {
    set_min(a, v); /* (below the min, so not above the max) */
  } else if (cmp_bound(v->s, v->vfast, &v->fv, acc_max(a), a->max_fast, &a->fmax) > 0) {
    set_max(a, v);
  }
  a->count++;
  a->all_fast = a->fast && a->min_fast && a->max_fast;
}

/* One more value in a. */
static inline void acc_value(acc *a, const value *v) {
  if (a->all_fast && v->vfast) {
    /* the common case: sum, min and max in fixed point; compared and added before anything
     * changes, so that the general way can still take it */
    int lo = fixed_cmp(&v->fv, &a->fmin), hi = lo < 0 ? 0 : fixed_cmp(&v->fv, &a->fmax); /* (-2: cannot tell) */
    fixed r;
    if (lo != -2 && hi != -2 && fixed_add(&a->fsum, &v->fv, &r) == 0) {
      a->fsum = r;
      if (lo < 0) set_min(a, v); /* (a fixed value: all_fast stays) */
      else if (hi > 0) set_max(a, v);
      a->count++;
      return;
    }
  }
  acc_value_general(a, v);
}

static void put(int *failed, cJSON *o, const char *key, cJSON *item) {
  if (!item || !cJSON_AddItemToObject(o, key, item)) {
    cJSON_Delete(item);
    *failed = 1;
  }
}

/* {"class": cls (unless NULL), "count": …, "sum": …, "min": …, "max": …} */
static void figures(const acc *a, const char *cls) {
  char sum[RX_DEC_MAX];
  size_t n;
  if (a->fast) {
    n = fixed_format(&a->fsum, sum, sizeof sum);
  } else {
    memcpy(sum, a->sum, sizeof sum);
    n = strlen(sum);
  }
  rx_jw_figures(cls, a->count, a->overflow ? NULL : sum, n, acc_min(a), a->min_len, acc_max(a), a->max_len);
}

/* {"亩": {"class": "area", "count": …, "sum": …, "min": …, "max": …}, …} */
static void units_write(const acc_set *s) {
  rx_jw_begin(0);
  for (size_t i = 0; i < s->n; i++) {
    rx_jw_key(s->v[i].key);
    figures(&s->v[i], s->v[i].cls);
  }
  rx_jw_end();
}

/* {"area": {"count": n, "normalized": {"m2": {"count", "sum", "min", "max"}}}, …}: a class
 * may have several base units (money in 元 and in 美元), each summed apart; quantities of a
 * class without a base unit are counted only. */
typedef struct class_count {
  const char *cls;
  size_t count;
  unsigned first, last; /* index + 1 of its first and last accumulator in the normalised set
                         * (chained by acc.next), 0: none */
} class_count;

/* Accumulator k of s, just created, chained after those of its class c. */
static void class_link(class_count *c, acc_set *s, size_t k) {
  if (c->last) s->v[c->last - 1].next = (unsigned)k + 1;
  else c->first = (unsigned)k + 1;
  c->last = (unsigned)k + 1;
}

/* A class's entry in *cc, added when new; its index, or -1 on failure. */
static long class_add(class_count **cc, size_t *ncc, size_t *capcc, const char *cls) {
  if (rx_grow((void **)cc, capcc, *ncc + 1, sizeof **cc)) return -1;
  (*cc)[*ncc] = (class_count){cls, 0, 0, 0};
  return (long)(*ncc)++;
}

static void classes_write(const class_count *cc, size_t ncc, const acc_set *norm) {
  rx_jw_begin(0);
  for (size_t i = 0; i < ncc; i++) {
    rx_jw_key(cc[i].cls);
    rx_jw_begin(0);
    rx_jw_key("count");
    rx_jw_size(cc[i].count);
    rx_jw_key("normalized");
    rx_jw_begin(0);
    for (unsigned k = cc[i].first; k; k = norm->v[k - 1].next) {
      rx_jw_key(norm->v[k - 1].key);
      figures(&norm->v[k - 1], NULL);
    }
    rx_jw_end();
    rx_jw_end();
  }
  rx_jw_end();
}

/* The classes and normalised figures of the whole document (`all`, whose norm is indexed)
 * or of one top-level section: a section's are found by their index in `all`. */
typedef struct group {
  class_count *cc;
  size_t ncc, capcc;
  acc_set norm;
  size_t count;
  unsigned *cpos, *npos; /* by index in all: index + 1 in cc, in norm.v (0: none yet) */
  size_t capcpos, capnpos;
} group;

/* Position + 1 of the entry `k` of all in a section's table `*pos` (0: none yet), the
 * table grown to hold it; NULL on failure. */
static inline unsigned *pos_at(unsigned **pos, size_t *cap, size_t k) {
  if (k >= *cap) {
    size_t old = *cap;
    if (rx_grow((void **)pos, cap, k + 1, sizeof **pos)) return NULL;
    memset(*pos + old, 0, (*cap - old) * sizeof **pos);
  }
  return &(*pos)[k];
}

/* The index of class cls in all->cc, added when new; -1 on failure. */
static long class_find(group *all, const char *cls) {
  size_t i = 0;
  while (i < all->ncc && !same(all->cc[i].cls, cls)) i++;
  if (i < all->ncc) return (long)i;
  return class_add(&all->cc, &all->ncc, &all->capcc, cls);
}

/* q in all and in its section's group g; i is the index of q's class in all->cc, `norm`
 * q's normalised value and k the index of its (class, base unit) in all->norm, -1 for none. */
static int group_add(group *all, group *g, const reportx_quantity *q, size_t i, const value *norm, long k) {
  all->cc[i].count++;
  all->count++;
  unsigned *ci = pos_at(&g->cpos, &g->capcpos, i);
  if (!ci) return -1;
  if (!*ci) {
    if (class_add(&g->cc, &g->ncc, &g->capcc, q->cls) < 0) return -1;
    *ci = (unsigned)g->ncc;
  }
  g->cc[*ci - 1].count++;
  g->count++;
  if (k < 0) return 0;
  acc_value(&all->norm.v[k], norm);
  unsigned *ni = pos_at(&g->npos, &g->capnpos, (size_t)k);
  if (!ni) return -1;
  if (!*ni) {
    if (!acc_new(&g->norm, q->cls, q->norm_unit)) return -1;
    *ni = (unsigned)g->norm.n;
    class_link(&g->cc[*ci - 1], &g->norm, g->norm.n - 1);
  }
  acc_value(&g->norm.v[*ni - 1], norm);
  return 0;
}

static void group_free(group *g) {
  rx_free(g->cc);
  rx_free(g->cpos);
  rx_free(g->npos);
  acc_set_free(&g->norm);
}

void rx_stats_write(const reportx_doc *doc, int *failed) {
  acc_set units = {0};
  group all = {0};
  size_t ntop = 0;
  for (size_t i = 0; i < doc->nsections; i++) ntop += doc->sections[i].parent < 0;
  /* groups[0..ntop) for the top-level sections in order, groups[ntop] for outside any */
  group *groups = rx_calloc(ntop + 1, sizeof *groups);
  size_t *top_index = rx_calloc(doc->nsections + 1, sizeof *top_index);
  if (!groups || !top_index) {
    *failed = 1;
    goto done;
  }
  for (size_t i = 0, t = 0; i < doc->nsections; i++) {
    int p = doc->sections[i].parent;
    top_index[i] = p < 0 ? t++ : top_index[p];
  }
  /* (class, base unit) → its index in all.norm, by address: the strings do not move, and
   * most quantities of a class share their base unit's */
  struct memo {
    const char *cls, *unit;
    long k;
  } memo[64] = {{0}}, umemo[64] = {{0}};
  /* class → its index in all.cc, by address likewise */
  struct cmemo {
    const char *cls;
    size_t i, hash; /* and its str_hash */
  } cmemo[16] = {{0}};
  for (size_t i = 0; i < doc->nquantities; i++) {
    const reportx_quantity *q = &doc->quantities[i];
    if (!q->cls || !q->unit || !q->value) continue;
    group *g = q->section >= 0 ? &groups[top_index[q->section]] : &groups[ntop];
    value v, norm;
    long k = -1; /* q's (class, base unit) in all.norm */
    uintptr_t ca = (uintptr_t)q->cls;
    struct cmemo *cm = &cmemo[(ca >> 4 ^ ca >> 9) & (sizeof cmemo / sizeof *cmemo - 1)];
    if (cm->cls != q->cls) {
      long ci = class_find(&all, q->cls);
      if (ci < 0) {
        *failed = 1;
        goto done;
      }
      *cm = (struct cmemo){q->cls, (size_t)ci, str_hash(q->cls)};
    }
    size_t i_cls = cm->i;
    value_read(&v, q->value);
    /* q's (class, unit) in units, by address: a document's quantities share their unit
     * strings (extract.c), so most are found without hashing the unit's bytes */
    uintptr_t ua = (uintptr_t)q->cls * 31 ^ (uintptr_t)q->unit;
    struct memo *um = &umemo[(ua >> 4 ^ ua >> 11) & (sizeof umemo / sizeof *umemo - 1)];
    if (um->cls != q->cls || um->unit != q->unit) {
      long uk = acc_find(&units, q->cls, q->unit, acc_hash_with(cm->hash, q->unit));
      if (uk < 0) {
        *failed = 1;
        goto done;
      }
      *um = (struct memo){q->cls, q->unit, uk};
    }
    acc_value(&units.v[um->k], &v);
    if (q->norm_value && q->norm_unit) {
      value_read(&norm, q->norm_value);
      uintptr_t a = (uintptr_t)q->cls * 31 ^ (uintptr_t)q->norm_unit;
      struct memo *m = &memo[(a >> 4 ^ a >> 11) & (sizeof memo / sizeof *memo - 1)];
      if (m->cls == q->cls && m->unit == q->norm_unit) {
        k = m->k;
      } else {
        size_t n0 = all.norm.n;
        k = acc_find(&all.norm, q->cls, q->norm_unit, acc_hash_with(cm->hash, q->norm_unit));
        if (k < 0) {
          *failed = 1;
          goto done;
        }
        if (all.norm.n > n0) class_link(&all.cc[i_cls], &all.norm, (size_t)k);
        *m = (struct memo){q->cls, q->norm_unit, k};
      }
    }
    if (group_add(&all, g, q, i_cls, &norm, k)) {
      *failed = 1;
      goto done;
    }
  }
  rx_jw_begin(0);
  rx_jw_key("quantities");
  rx_jw_size(doc->nquantities);
  rx_jw_key("sections");
  rx_jw_size(doc->nsections);
  rx_jw_key("by_unit");
  units_write(&units);
  rx_jw_key("by_class");
  classes_write(all.cc, all.ncc, &all.norm);
  rx_jw_key("by_section");
  rx_jw_begin(1);
  for (size_t i = 0, t = 0; i < doc->nsections; i++) {
    if (doc->sections[i].parent >= 0) continue;
    group *g = &groups[t++];
    rx_jw_next();
    rx_jw_begin(0);
    rx_jw_key("section");
    rx_jw_str(doc->sections[i].id);
    rx_jw_key("title");
    rx_jw_str(doc->sections[i].title ? doc->sections[i].title : "");
    rx_jw_key("count");
    rx_jw_size(g->count);
    rx_jw_key("by_class");
    classes_write(g->cc, g->ncc, &g->norm);
    rx_jw_end();
  }
  if (groups[ntop].count) { /* outside any section */
    rx_jw_next();
    rx_jw_begin(0);
    rx_jw_key("section");
    rx_jw_raw(NULL);
    rx_jw_key("title");
    rx_jw_raw(NULL);
    rx_jw_key("count");
    rx_jw_size(groups[ntop].count);
    rx_jw_key("by_class");
    classes_write(groups[ntop].cc, groups[ntop].ncc, &groups[ntop].norm);
    rx_jw_end();
  }
  rx_jw_end();
  rx_jw_key("by_status");
  rx_jw_tree(rx_status_stats_json(doc, failed)); /* checks.c */
  rx_jw_end();
done:
  if (groups)
    for (size_t i = 0; i <= ntop; i++) group_free(&groups[i]);
  rx_free(groups);
  rx_free(top_index);
  acc_set_free(&units);
  group_free(&all);
}

/* ---- the summary row (reportx --summary) ---- */

static const struct {
  const char *cls, *base, *column;
} summary_totals[] = {
    {"money", "元", "money_yuan"}, {"area", "m2", "area_m2"}, {"people", NULL, "people"},
    {"households", NULL, "households"}, {"mass", "kg", "mass_kg"}, {"length", "m", "length_m"},
};
#define NTOTALS (sizeof summary_totals / sizeof *summary_totals)

const char *reportx_summary_header(void) {
  return "path\tplace\tyear\tkind\tsections\tquantities\tmoney_yuan\tarea_m2\tpeople\thouseholds\tmass_kg\tlength_m\n";
}

/* Exact total of a class: normalised values in `base`, or for classes counted in their own
 * unit (people, households) the values, leaving out visits (人次, 户次). */
static void class_total(const reportx_doc *doc, size_t t, char *out, size_t cap) {
  snprintf(out, cap, "0");
  char tmp[RX_DEC_MAX];
  for (size_t i = 0; i < doc->nquantities; i++) {
    const reportx_quantity *q = &doc->quantities[i];
    if (!q->cls || strcmp(q->cls, summary_totals[t].cls) != 0) continue;
    const char *v;
    if (summary_totals[t].base) {
      if (!q->norm_unit || !q->norm_value || strcmp(q->norm_unit, summary_totals[t].base) != 0) continue;
      v = q->norm_value;
    } else {
      if (q->unit && strstr(q->unit, "次")) continue;
      v = q->norm_value ? q->norm_value : q->value;
    }
    if (rx_dec_add(out, v, tmp, sizeof tmp) == 0) snprintf(out, cap, "%s", tmp);
  }
}

static void tsv_cell(char *dst, size_t cap, size_t *len, const char *s, int last) {
  for (const char *p = s ? s : ""; *p && *len + 2 < cap; p++)
    dst[(*len)++] = (*p == '\t' || *p == '\n' || *p == '\r') ? ' ' : *p;
  if (*len + 1 < cap) dst[(*len)++] = last ? '\n' : '\t';
  dst[*len] = '\0';
}

char *reportx_doc_summary(const reportx_doc *doc, const char *path, unsigned flags) {
  char totals[NTOTALS][RX_DEC_MAX];
  for (size_t t = 0; t < NTOTALS; t++) class_total(doc, t, totals[t], sizeof totals[t]);
  char year[16] = "", nsec[32], nq[32];
  if (doc->year) snprintf(year, sizeof year, "%d", doc->year);
  snprintf(nsec, sizeof nsec, "%zu", doc->nsections);
  snprintf(nq, sizeof nq, "%zu", doc->nquantities);
  if (!path) path = "-";
  if (flags & REPORTX_SUMMARY_TSV) {
    const char *cells[6 + NTOTALS] = {path, doc->place, year, doc->kind, nsec, nq};
    for (size_t t = 0; t < NTOTALS; t++) cells[6 + t] = totals[t];
    size_t cap = 64, len = 0;
    for (size_t i = 0; i < 6 + NTOTALS; i++) cap += (cells[i] ? strlen(cells[i]) : 0) + 1;
    char *row = rx_malloc(cap);
    if (!row) return NULL;
    for (size_t i = 0; i < 6 + NTOTALS; i++) tsv_cell(row, cap, &len, cells[i], i + 1 == 6 + NTOTALS);
    return row;
  }
  rx_json_init_hooks();
  cJSON *o = cJSON_CreateObject();
  int failed = !o;
  if (o) {
    put(&failed, o, "path", cJSON_CreateString(path));
    put(&failed, o, "place", doc->place ? cJSON_CreateString(doc->place) : cJSON_CreateNull());
    put(&failed, o, "year", doc->year ? cJSON_CreateRaw(year) : cJSON_CreateNull());
    put(&failed, o, "kind", doc->kind ? cJSON_CreateString(doc->kind) : cJSON_CreateNull());
    put(&failed, o, "sections", cJSON_CreateRaw(nsec));
    put(&failed, o, "quantities", cJSON_CreateRaw(nq));
    for (size_t t = 0; t < NTOTALS; t++) put(&failed, o, summary_totals[t].column, cJSON_CreateRaw(totals[t]));
  }
  char *js = failed ? NULL : cJSON_PrintUnformatted(o);
  cJSON_Delete(o);
  if (!js) return NULL;
  size_t n = strlen(js);
  char *line = rx_realloc(js, n + 2);
  if (!line) {
    rx_free(js);
    return NULL;
  }
  line[n] = '\n';
  line[n + 1] = '\0';
  return line;
}
