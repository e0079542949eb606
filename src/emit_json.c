/*
 * emit_json.c — a document → JSON text (SPEC §4), built with cJSON. Keys are added in a
 * fixed order; numbers are added raw from their exact decimal strings, so 48.152 stays
 * 48.152 and 1556000 never passes through a double.
 *
 * Speed and memory (docs/performance.md): the document is never one cJSON tree. The
 * envelope (source, title, meta, checks) is one small tree in which the three long
 * arrays — sections, quantities, warnings — and the statistics stand as placeholders (the
 * statistics are written in place by stats.c, from templates too: see "the statistics"). Their elements (a
 * quantity, a section with its subsections, a warning) are printed from templates: each
 * shape of element is built once as a tree whose leaves are holes and printed by cJSON;
 * an element is that text with its leaves, each a raw number or a string printed by cJSON,
 * in the holes (see "templates"). Strings that recur are printed once per document (see
 * put_cached, put_shared, tf_cstr). The output grows by one element at a time, and the
 * largest trees are the two checks.c builds (the checks, the statistics by status).
 * reportx_doc_write_json hands the text to a writer about a megabyte at a time, so that
 * not even the text is ever whole in memory.
 *
 * cJSON's nodes come from a bump arena (cJSON's allocation hooks are process-wide; they
 * hand out arena memory only on a thread that is inside reportx_doc_to_json, and the C
 * library's otherwise), keys are constant strings and values refer to the document's own
 * strings, so building an element allocates nothing but arena space.
 *
 * The bytes are those of cJSON_Print/cJSON_PrintUnformatted of the whole tree, with the
 * indented form's tabs rewritten as two spaces (and the tab after a key's colon as one):
 * a tree printed on its own is indented as if it sat at depth 0, so each of its line
 * breaks gets the indentation of the place it goes.
 */
#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "checks.h" /* checks array, quantity status (checks.c) */
#include "decimal.h"
#include "internal.h"
#include "stats.h"

/* ---------------------------------------------------------------- the node arena */

typedef struct jblock {
  struct jblock *next;
  size_t used, cap;
  max_align_t data[]; /* cap bytes follow */
} jblock;

typedef struct jarena {
  jblock *first, *cur;
} jarena;

#define JARENA_BLOCK 65536

/* The arena of the emitter running on this thread, if any. */
static _Thread_local jarena *tl_arena;
/* The emitter running on this thread, if any (rx_json_figures). */
static _Thread_local struct emitter *tl_emitter;

static void *jarena_alloc(jarena *a, size_t n) {
  n = (n + 15) & ~(size_t)15;
  for (;;) {
    jblock *b = a->cur;
    if (b && b->cap - b->used >= n) {
      void *p = (char *)b->data + b->used;
      b->used += n;
      return p;
    }
    if (b && b->next) { /* a block kept from before the last reset */
      a->cur = b->next;
      a->cur->used = 0;
      continue;
    }
    size_t cap = n > JARENA_BLOCK ? n : JARENA_BLOCK;
    jblock *nb = rx_malloc(sizeof *nb + cap);
    if (!nb) return NULL;
    nb->next = NULL;
    nb->used = 0;
    nb->cap = cap;
    if (b) {
      /* insert after the current block, keeping the blocks that follow for later */
      nb->next = b->next;
      b->next = nb;
    } else {
      a->first = nb;
    }
    a->cur = nb;
  }
}

/* Everything allocated since the last reset is dropped; the blocks are kept. */
static void jarena_reset(jarena *a) {
  a->cur = a->first;
  if (a->cur) a->cur->used = 0;
}

static void jarena_free(jarena *a) {
  for (jblock *b = a->first, *next; b; b = next) {
    next = b->next;
    rx_free(b);
  }
  a->first = a->cur = NULL;
}

static pthread_once_t hooks_once = PTHREAD_ONCE_INIT;

static void *hook_malloc(size_t n) {
  jarena *a = tl_arena;
  return a ? jarena_alloc(a, n) : rx_malloc(n);
}
/* Inside the emitter every cJSON allocation is arena memory, released by jarena_reset. */
static void hook_free(void *p) {
  if (!tl_arena) rx_free(p);
}
static void init_hooks(void) {
  cJSON_Hooks h = {hook_malloc, hook_free};
  cJSON_InitHooks(&h);
}

void rx_json_init_hooks(void) { pthread_once(&hooks_once, init_hooks); }

/* ---------------------------------------------------------------- building elements */

/* Builders that remember the first failure, so the code below reads straight. */
typedef struct jb {
  int failed;
  int holes; /* building a template: every string or number leaf is a hole (see below) */
} jb;

static cJSON *jb_check(jb *b, cJSON *item) {
  if (!item) b->failed = 1;
  return item;
}

/* Keys are string literals (cJSON_AddItemToObjectCS: not copied); values refer to the
 * document's strings, which outlive the element. */
static void add_item(jb *b, cJSON *obj, const char *key, cJSON *item) {
  if (!item || !cJSON_AddItemToObjectCS(obj, key, item)) {
    cJSON_Delete(item);
    b->failed = 1;
  }
}

static cJSON *str_ref(const char *s) { return s ? cJSON_CreateStringReference(s) : cJSON_CreateNull(); }

/* A raw JSON number that refers to `num` (a decimal string that outlives the element). */
static cJSON *raw_ref(const char *num) {
  if (!num) return cJSON_CreateNull();
  cJSON *r = cJSON_CreateStringReference(num);
  if (r) r->type = cJSON_Raw | cJSON_IsReference;
  return r;
}

/* A template's hole: a raw leaf that prints as one \x02, a byte no printed string holds. */
#define HOLE "\x02"

static void add_str(jb *b, cJSON *obj, const char *key, const char *s) {
  add_item(b, obj, key, b->holes ? raw_ref(HOLE) : str_ref(s));
}

static void add_raw(jb *b, cJSON *obj, const char *key, const char *num) {
  add_item(b, obj, key, raw_ref(b->holes ? HOLE : num));
}

/* v in decimal, in arena memory (this thread's emitter is running). */
static const char *utoa_arena(unsigned long long v) {
  char tmp[24];
  size_t n = 0;
  do {
    tmp[n++] = (char)('0' + v % 10);
    v /= 10;
  } while (v);
  char *s = jarena_alloc(tl_arena, n + 1);
  if (!s) return NULL;
  for (size_t i = 0; i < n; i++) s[i] = tmp[n - 1 - i];
  s[n] = '\0';
  return s;
}

static void add_size(jb *b, cJSON *obj, const char *key, size_t v) {
  const char *s = utoa_arena(v);
  if (!s) b->failed = 1;
  else add_raw(b, obj, key, s);
}

static void add_int(jb *b, cJSON *obj, const char *key, long v) {
  if (v >= 0 || b->holes) {
    add_size(b, obj, key, (size_t)v);
    return;
  }
  char buf[32];
  snprintf(buf, sizeof buf, "%ld", v);
  add_item(b, obj, key, jb_check(b, cJSON_CreateRaw(buf)));
}

static void append(jb *b, cJSON *arr, cJSON *item) {
  if (!item || !cJSON_AddItemToArray(arr, item)) {
    cJSON_Delete(item);
    b->failed = 1;
  }
}

static cJSON *span_array(jb *b, size_t start, size_t end) {
  cJSON *a = jb_check(b, cJSON_CreateArray());
  if (!a) return NULL;
  if (b->holes) {
    append(b, a, raw_ref(HOLE));
    append(b, a, raw_ref(HOLE));
    return a;
  }
  const char *s = utoa_arena(start), *e = utoa_arena(end);
  if (!s || !e) b->failed = 1;
  append(b, a, s ? raw_ref(s) : NULL);
  append(b, a, e ? raw_ref(e) : NULL);
  return a;
}

/* Section *i, built only as a template (b->holes): its subsections go in the hole of
 * "sections" (put_section). Sections are stored in document order with parent indexes;
 * the JSON nests them. */
static cJSON *section_json(jb *b, const reportx_doc *doc, size_t i) {
  const reportx_section *s = &doc->sections[i];
  cJSON *o = jb_check(b, cJSON_CreateObject());
  if (!o) return NULL;
  add_str(b, o, "id", s->id);
  add_int(b, o, "level", s->level);
  add_str(b, o, "marker", s->marker);
  add_int(b, o, "ordinal", s->ordinal);
  add_str(b, o, "title", s->title);
  add_item(b, o, "span", span_array(b, s->start, s->end));
  add_raw(b, o, "sections", NULL);
  return o;
}

static cJSON *quantity_json(jb *b, const reportx_doc *doc, const reportx_quantity *q) {
  cJSON *o = jb_check(b, cJSON_CreateObject());
  if (!o) return NULL;
  add_str(b, o, "text", q->text);
  add_raw(b, o, "value", q->value);
  if (q->value_max) add_raw(b, o, "value_max", q->value_max);
  add_str(b, o, "unit", q->unit);
  add_str(b, o, "class", q->cls);
  if (q->norm_value && q->norm_unit) {
    cJSON *n = jb_check(b, cJSON_CreateObject());
    if (n) {
      add_raw(b, n, "value", q->norm_value);
      if (q->norm_value_max) add_raw(b, n, "value_max", q->norm_value_max);
      add_str(b, n, "unit", q->norm_unit);
    }
    add_item(b, o, "normalized", n);
  } else {
    add_item(b, o, "normalized", jb_check(b, cJSON_CreateNull()));
  }
  add_str(b, o, "qualifier", reportx_qualifier_name(q->qualifier));
  add_str(b, o, "label", q->label);
  add_str(b, o, "section", q->section >= 0 ? doc->sections[q->section].id : NULL);
  add_item(b, o, "span", span_array(b, q->start, q->end));
  add_str(b, o, "status", reportx_quantity_status_name(q->status)); /* checks.c */
  return o;
}

/* A figures object of the statistics (rx_json_figures). */
static cJSON *figures_json(jb *b, const char *cls, const char *count, const char *sum, const char *min,
                           const char *max) {
  cJSON *o = jb_check(b, cJSON_CreateObject());
  if (o) {
    if (cls) add_str(b, o, "class", cls);
    add_raw(b, o, "count", count);
    add_raw(b, o, "sum", sum);
    add_raw(b, o, "min", min);
    add_raw(b, o, "max", max);
  }
  return o;
}

static cJSON *warning_json(jb *b, const reportx_warning *w) {
  cJSON *o = jb_check(b, cJSON_CreateObject());
  if (o) {
    add_str(b, o, "code", w->code);
    add_str(b, o, "message", w->message);
    add_item(b, o, "span", span_array(b, w->start, w->end));
  }
  return o;
}

/* ---------------------------------------------------------------- output */

/* A template (see "templates" below). */
#define TMPL_HOLES 24

typedef struct tmpl {
  char *text;                   /* the literal text, holes cut out; NULL until built */
  int nholes;
  unsigned seg[TMPL_HOLES + 1]; /* length of the literal text before each hole, and after the last */
  unsigned off[TMPL_HOLES + 1]; /* and where it starts in text */
} tmpl;

#define SC_SLOTS 256 /* (at most 256: put_shared hashes to the top byte) */
#define NTQ 8 /* quantity shapes: value_max, normalized, normalized value_max */
#define FIG_DEPTHS 8 /* depths of statistics figures (rx_json_figures) */

typedef struct emitter {
  const reportx_doc *doc;
  int format;           /* indented */
  int hooks_ours;        /* cJSON allocates from `arena`: trees are dropped with the arena */
  reportx_write_fn write; /* a sink (reportx_doc_write_json), or NULL: the whole text in out */
  void *ctx;
  int write_failed;
  jarena arena;
  jb b;
  char *out;            /* the result */
  size_t len, cap;
  char *tmp;            /* one element printed by cJSON, before re-indenting */
  size_t tmpcap;
  tmpl tq[NTQ];         /* the templates of quantities, by quantity_shape, and of warnings */
  tmpl tw;
  tmpl *ts;             /* of sections, by (depth - 2) / 2 (one for all in the compact form) */
  tmpl tfig[2][FIG_DEPTHS]; /* of statistics figures, without and with a class, by depth */
  size_t tscap;
  struct scache {       /* strings printed by cJSON, by address (see put_shared); NULL: none */
    const char *s;
    unsigned len;
    char text[52];
  } *sc;
  struct ccache *cc;    /* strings printed by cJSON, by content (see put_cached); NULL: none */
  struct lcache *lc;    /* shared leaves with their literal text (see tf_cstr); NULL: none */
  tmpl tlist[4][FIG_DEPTHS]; /* the statistics' objects and arrays: see "the statistics" */
  int jl;               /* the level of the innermost open object or array of the statistics */
  size_t jn[FIG_DEPTHS]; /* members or elements so far of each open one, by level */
  unsigned char ja[FIG_DEPTHS]; /* it is an array */
  const tmpl *jt[FIG_DEPTHS]; /* its template with members (NULL after a failure) */
  char keymark[16];     /* a key "\x02" as cJSON prints it: a hole in tlist's templates */
} emitter;

static int reserve_slow(emitter *e, size_t extra);

/* Room for `extra` more bytes (and a NUL); -1 after any failure. */
static inline int reserve(emitter *e, size_t extra) {
  if (!e->b.failed && e->cap - e->len > extra) return 0;
  return reserve_slow(e, extra);
}

static int reserve_slow(emitter *e, size_t extra) {
  if (e->b.failed) return -1;
  if (e->cap - e->len > extra) return 0;
  /* the first reservation is taken as it is (emit_all sizes it from the input), later
   * ones double */
  size_t cap = e->cap ? e->cap : extra < 8192 ? 8192 : extra + 1;
  while (cap - e->len <= extra) {
    if (cap > SIZE_MAX / 2) {
      e->b.failed = 1;
      return -1;
    }
    cap *= 2;
  }
  char *p = rx_realloc(e->out, cap);
  if (!p) {
    e->b.failed = 1;
    return -1;
  }
  e->out = p;
  e->cap = cap;
  return 0;
}

#define SINK_CHUNK (1u << 20) /* with a sink, the text is handed over by about this much */

/* With a sink, hands over what the buffer holds once it is large enough (or `force`). */
static void flush(emitter *e, int force) {
  if (!e->write || e->b.failed || e->len == 0 || (!force && e->len < SINK_CHUNK)) return;
  if (e->write(e->ctx, e->out, e->len)) {
    e->write_failed = 1;
    e->b.failed = 1;
  }
  e->len = 0;
}

static inline void put(emitter *e, const char *s, size_t n) {
  if (reserve(e, n)) return;
  memcpy(e->out + e->len, s, n);
  e->len += n;
}

#define PUT_PAD 32 /* (the caches' texts are at least as long) */
#define TMPL_PAD PUT_PAD /* a template's text is followed by this many bytes */

/* n bytes from s to o, from a source with TMPL_PAD bytes to read and to a destination with
 * as much room: a short copy is two fixed-size moves, not a call. */
static inline char *copy_padded(char *o, const char *s, size_t n) {
  if (n <= TMPL_PAD) memcpy(o, s, TMPL_PAD);
  else memcpy(o, s, n);
  return o + n;
}

/* put, from a source with PUT_PAD bytes to read whatever n (a template's text, which is
 * padded, or a cache's): a short copy is a fixed-size move, not a call. */
static inline void put_short(emitter *e, const char *s, size_t n) {
  if (reserve(e, n < PUT_PAD ? PUT_PAD : n)) return;
  if (n <= PUT_PAD) memcpy(e->out + e->len, s, PUT_PAD);
  else memcpy(e->out + e->len, s, n);
  e->len += n;
}

/* Writes s[0..n) printed by cJSON in indented form at depth 0 to o, as if it sat `depth`
 * levels deeper: tabs become two spaces (the one after a key's colon one space), and every
 * line break is followed by 2 × depth spaces; returns the end. Strings never hold a raw tab
 * or line break (cJSON escapes them), so every one in s is layout. o needs room for the
 * worst case, n × (2 + 2 × depth) bytes: a tab becomes at most two, a line break 1 + 2 × depth. */
static char *indent_into(char *o, const char *s, size_t n, int depth) {
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c > '\n') { /* most bytes: not layout (cJSON escapes every control character) */
      *o++ = (char)c;
    } else if (c == '\t') {
      *o++ = ' ';
      if (i == 0 || s[i - 1] != ':') *o++ = ' ';
    } else {
      *o++ = (char)c;
      if (c == '\n') {
        if (depth == 2) { /* the elements of the top-level arrays */
          memcpy(o, "    ", 4);
          o += 4;
        } else {
          for (int k = 0; k < depth; k++) *o++ = ' ', *o++ = ' ';
        }
      }
    }
  }
  return o;
}

/* Appends s[0..n) re-indented for `depth` (indent_into). */
static void put_indented(emitter *e, const char *s, size_t n, int depth) {
  /* room for the worst case, rather than a counting pass */
  if (reserve(e, n * (2 + 2 * (size_t)depth))) return;
  e->len = (size_t)(indent_into(e->out + e->len, s, n, depth) - e->out);
}

/* Prints `item` with cJSON into the reused buffer; its length, or (size_t)-1 on failure. */
static size_t print_tmp(emitter *e, cJSON *item) {
  if (e->b.failed) return (size_t)-1;
  for (;;) {
    if (!e->tmpcap) {
      e->tmpcap = 16384;
      e->tmp = rx_malloc(e->tmpcap);
      if (!e->tmp) break;
    }
    int cap = e->tmpcap > INT_MAX ? INT_MAX : (int)e->tmpcap;
    if (cJSON_PrintPreallocated(item, e->tmp, cap, e->format)) return strlen(e->tmp);
    if (e->tmpcap >= INT_MAX) break;
    rx_free(e->tmp);
    e->tmpcap *= 2;
    e->tmp = rx_malloc(e->tmpcap);
    if (!e->tmp) break;
  }
  e->tmpcap = 0;
  e->b.failed = 1;
  return (size_t)-1;
}

/* ---------------------------------------------------------------- templates
 *
 * Quantities and warnings are not built as trees one by one: an element's shape (its keys,
 * and whether "normalized" is an object or null) takes a handful of forms, so each form is
 * built once per document as a tree whose leaves are holes, printed by cJSON like an element
 * (and re-indented), and cut at the holes. An element is then its template's text with its
 * leaves, in printing order, in the holes: a number as the raw text cJSON would copy, a
 * string printed by cJSON on its own. cJSON prints a leaf the same wherever it sits (the
 * layout is all between the leaves), so the bytes are those of the element's own tree. */


static int quantity_shape(const reportx_quantity *q) {
  int norm = q->norm_value && q->norm_unit;
  return (q->value_max != NULL) | norm << 1 | (norm && q->norm_value_max) << 2;
}

/* Prints `tree` (built with e->b.holes set) and cuts it into *t; -1 on failure. */
static int tmpl_build(emitter *e, tmpl *t, cJSON *tree, int depth) {
  if (!tree) e->b.failed = 1;
  size_t n = print_tmp(e, tree);
  if (!e->hooks_ours) cJSON_Delete(tree);
  if (n == (size_t)-1) return -1;
  size_t grow = 2 + 2 * (size_t)depth; /* as put_indented */
  char *text = rx_malloc((e->format ? grow * n + 1 : n + 1) + TMPL_PAD); /* (padded for put_short) */
  if (!text) {
    e->b.failed = 1;
    return -1;
  }
  size_t len = n;
  if (e->format) len = (size_t)(indent_into(text, e->tmp, n, depth) - text);
  else memcpy(text, e->tmp, n);
  size_t o = 0, last = 0, km = strlen(e->keymark);
  int h = 0;
  for (size_t i = 0; i < len; i++) {
    int key = km && text[i] == '"' && len - i >= km && memcmp(text + i, e->keymark, km) == 0;
    if (text[i] != HOLE[0] && !key) {
      text[o++] = text[i];
      continue;
    }
    if (key) i += km - 1; /* a key's hole */
    if (h == TMPL_HOLES) {
      rx_free(text);
      e->b.failed = 1;
      return -1;
    }
    t->off[h] = (unsigned)last;
    t->seg[h++] = (unsigned)(o - last);
    last = o;
  }
  t->off[h] = (unsigned)last;
  t->seg[h] = (unsigned)(o - last);
  t->nholes = h;
  memset(text + o, 0, TMPL_PAD);
  t->text = text;
  return 0;
}

/* Filling a template: the literal text up to each hole, then the leaf. */
typedef struct tfill {
  emitter *e;
  const tmpl *t;
  const char *lit;
  int h;
  int lit_out; /* the literal text before hole h is out already (tf_cstr) */
} tfill;

static inline void tf_lit(tfill *f) {
  if (f->h > f->t->nholes) { /* more leaves than holes: cannot happen */
    f->e->b.failed = 1;
    return;
  }
  unsigned n = f->t->seg[f->h++];
  if (!f->lit_out) put_short(f->e, f->lit, n);
  f->lit_out = 0;
  f->lit += n;
}

/* Appends s, of length n, as cJSON prints a string. */
static void put_jstring_n(emitter *e, const char *s, size_t n) {
  /* room for the worst case: every byte escaped as \u00XX, and the quotes */
  if (n > (SIZE_MAX - 3) / 6 || reserve(e, 6 * n + 3)) {
    e->b.failed = 1;
    return;
  }
  cJSON node;
  memset(&node, 0, sizeof node);
  node.type = cJSON_String | cJSON_IsReference;
  node.valuestring = (char *)s; /* only read */
  size_t room = e->cap - e->len;
  if (!cJSON_PrintPreallocated(&node, e->out + e->len, room > INT_MAX ? INT_MAX : (int)room, 0)) {
    e->b.failed = 1;
    return;
  }
  /* cJSON prints each of the n bytes as one byte or more, between two quotes: what it
   * printed ends at n + 2 unless it escaped something, and only then is the rest measured */
  const char *p = e->out + e->len;
  e->len += p[n + 2] ? n + 3 + strlen(p + n + 3) : n + 2;
}

/* Appends s as cJSON prints a string (NULL: null). */
static void put_jstring(emitter *e, const char *s) {
  if (s) put_jstring_n(e, s, strlen(s));
  else put(e, "null", 4);
}

/* Strings printed by cJSON, by content: a unit, a label, many a text recur in a document
 * at different addresses, and a lookup costs less than printing. Direct-mapped. */
#define CC_SLOTS 1024
#define CC_RAW 32  /* longer strings are printed each time */
#define CC_TEXT 40 /* and those that print longer (no more than put_cached reserves) */

struct ccache {
  uint32_t hash[CC_SLOTS]; /* 0: an empty slot */
  struct centry {
    unsigned char n, plen;
    char raw[CC_RAW];
    char text[CC_TEXT];
  } v[CC_SLOTS];
};

/* Appends s as cJSON prints a string (put_jstring), from the cache when it is there. */
static void put_cached(emitter *e, const char *s) {
  size_t n = s && e->cc ? strlen(s) : 0;
  if (n == 0 || n > CC_RAW) {
    put_jstring(e, s);
    return;
  }
  uint64_t h = n, w;
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    memcpy(&w, s + i, 8);
    h = (h ^ w) * 0x9E3779B97F4A7C15u;
  }
  for (w = 0; i < n; i++) w = w << 8 | (unsigned char)s[i];
  h = (h ^ w) * 0x9E3779B97F4A7C15u;
  uint32_t tag = (uint32_t)(h >> 32) | 1;
  size_t k = (size_t)(h >> 20) & (CC_SLOTS - 1);
  struct centry *c = &e->cc->v[k];
  if (e->cc->hash[k] == tag && c->n == n && memcmp(c->raw, s, n) == 0) {
    put_short(e, c->text, c->plen);
    return;
  }
  /* room for the longest a cached string prints and for a whole text's copy below, so that
   * the copy is one fixed-size move */
  if (reserve(e, 6 * CC_RAW + 3)) return;
  size_t at = e->len;
  put_jstring_n(e, s, n);
  if (!e->b.failed && e->len - at <= sizeof c->text) {
    e->cc->hash[k] = tag;
    c->n = (unsigned char)n;
    c->plen = (unsigned char)(e->len - at);
    memcpy(c->raw, s, n);
    memcpy(c->text, e->out + at, sizeof c->text);
  }
}

static void tf_str(tfill *f, const char *s) {
  tf_lit(f);
  put_cached(f->e, s);
}

/* A string that many elements share (a class, a unit name, a section id: the same address,
 * and the document does not change while it is printed): printed by cJSON once, then
 * copied. */
static void put_shared(emitter *e, const char *s) {
  if (!e->sc) {
    put_cached(e, s);
    return;
  }
  uintptr_t a = (uintptr_t)s;
  struct scache *c = &e->sc[(uint64_t)a * 0x9E3779B97F4A7C15u >> 56]; /* (SC_SLOTS: the top byte) */
  if (s && c->s == s) {
    put_short(e, c->text, c->len);
    return;
  }
  size_t at = e->len;
  put_cached(e, s);
  if (s && !e->b.failed && e->len - at <= sizeof c->text) {
    c->s = s;
    c->len = (unsigned)(e->len - at);
    memcpy(c->text, e->out + at, c->len);
  }
}

/* A shared string leaf with the literal text on either side of it, by (template, hole,
 * address): a quantity's class and status, say, take a handful of values. Direct-mapped. */
#define LC_SLOTS 256 /* (at most 256: the top byte of a hash) */

struct lcache {
  const char *t; /* the template's text (stable while the emitter runs), NULL: empty */
  const char *s;
  int h;        /* hole << 1 | the literal before it was out already (a statistics key: the
                 * hole before it, jw_item) */
  unsigned len;
  char text[80];
};

/* tf_cstr's leaf, not in the cache: written, and cached in c as `key`. */
static void tf_cstr_miss(tfill *f, const char *s, struct lcache *c, int key) {
  emitter *e = f->e;
  int h = f->h;
  size_t at = e->len;
  if (!f->lit_out) put_short(e, f->lit, f->t->seg[h]);
  put_shared(e, s); /* (NULL: null) */
  put_short(e, f->lit + f->t->seg[h], f->t->seg[h + 1]);
  if (!e->b.failed && e->len - at <= sizeof c->text) {
    c->t = f->t->text;
    c->s = s;
    c->h = key;
    c->len = (unsigned)(e->len - at);
    memcpy(c->text, e->out + at, c->len);
  }
}

static inline void tf_cstr(tfill *f, const char *s) {
  emitter *e = f->e;
  int h = f->h;
  if (!e->lc || h >= f->t->nholes) {
    tf_lit(f);
    put_shared(e, s);
    return;
  }
  /* the literal before is in the chunk unless it is out already (after another such leaf) */
  int key = h << 1 | f->lit_out;
  uint64_t k = ((uint64_t)(uintptr_t)s ^ (uint64_t)(uintptr_t)f->t->text << 7 ^ (uint64_t)key) *
               0x9E3779B97F4A7C15u;
  struct lcache *c = &e->lc[k >> 56 & (LC_SLOTS - 1)];
  if (c->t == f->t->text && c->s == s && c->h == key) put_short(e, c->text, c->len);
  else tf_cstr_miss(f, s, c, key);
  f->lit += f->t->seg[h];
  f->h++;
  f->lit_out = 1; /* the next tf_lit only passes over its literal */
}

/* A raw number leaf (NULL: null). */
static inline void tf_raw(tfill *f, const char *num) {
  tf_lit(f);
  if (num) put(f->e, num, strlen(num));
  else put(f->e, "null", 4);
}

/* Appends v in decimal: its digits counted, then written in place (not copied). */
static inline void put_size(emitter *e, size_t v) {
  size_t n = 1;
  for (uint64_t p = 10; n < 20 && v >= p; p *= 10) n++; /* (at most 20 digits: p never wraps) */
  if (reserve(e, n)) return;
  rx_u64_back(e->out + e->len + n, v);
  e->len += n;
}

static inline void tf_size(tfill *f, size_t v) {
  tf_lit(f);
  put_size(f->e, v);
}

/* The template `t` of a quantity, a warning or a section ('Q', 'W', 'S': the element
 * passed), built when first needed, indented for `depth`; NULL on failure. */
static const tmpl *tmpl_build_for(emitter *e, tmpl *t, int which, const void *elem, int depth);

static inline const tmpl *tmpl_get(emitter *e, tmpl *t, int which, const void *elem, int depth) {
  return t->text ? t : tmpl_build_for(e, t, which, elem, depth);
}

static const tmpl *tmpl_build_for(emitter *e, tmpl *t, int which, const void *elem, int depth) {
  if (e->b.failed) return NULL;
  e->b.holes = 1;
  cJSON *tree = which == 'Q'   ? quantity_json(&e->b, e->doc, elem)
                : which == 'W' ? warning_json(&e->b, elem)
                               : section_json(&e->b, e->doc, (size_t)((const reportx_section *)elem - e->doc->sections));
  e->b.holes = 0;
  int r = tmpl_build(e, t, tree, depth);
  jarena_reset(&e->arena);
  return r ? NULL : t;
}

/* One quantity: the tree quantity_json builds, as cJSON prints it. */
static void put_quantity(emitter *e, const reportx_quantity *q) {
  const reportx_doc *doc = e->doc;
  const tmpl *t = tmpl_get(e, &e->tq[quantity_shape(q)], 'Q', q, 2);
  if (!t) return;
  /* the leaves in the order quantity_json adds them */
  tfill f = {e, t, t->text, 0, 0};
  tf_lit(&f);
  put_jstring(e, q->text); /* (a text seldom recurs in a document: not looked up) */
  tf_raw(&f, q->value);
  if (q->value_max) tf_raw(&f, q->value_max);
  tf_str(&f, q->unit); /* a copy in each quantity */
  tf_cstr(&f, q->cls);
  if (q->norm_value && q->norm_unit) {
    tf_raw(&f, q->norm_value);
    if (q->norm_value_max) tf_raw(&f, q->norm_value_max);
    tf_cstr(&f, q->norm_unit);
  }
  tf_cstr(&f, reportx_qualifier_name(q->qualifier));
  tf_str(&f, q->label);
  tf_cstr(&f, q->section >= 0 ? doc->sections[q->section].id : NULL);
  tf_size(&f, q->start);
  tf_size(&f, q->end);
  tf_cstr(&f, reportx_quantity_status_name(q->status)); /* checks.c */
  tf_lit(&f);
  flush(e, 0);
}

/* One warning (warning_json). */
static void put_warning(emitter *e, const reportx_warning *w) {
  const tmpl *t = tmpl_get(e, &e->tw, 'W', w, 2);
  if (!t) return;
  tfill f = {e, t, t->text, 0, 0};
  tf_cstr(&f, w->code);
  tf_str(&f, w->message);
  tf_size(&f, w->start);
  tf_size(&f, w->end);
  tf_lit(&f);
  flush(e, 0);
}

static void tf_int(tfill *f, long v) {
  if (v >= 0) {
    tf_size(f, (size_t)v);
    return;
  }
  char buf[32];
  snprintf(buf, sizeof buf, "%ld", v);
  tf_raw(f, buf);
}

/* Section *i at `depth` (2 for the top level) and its subsections, nested as section_json
 * says; advances *i past them. */
static void put_section(emitter *e, size_t *i, int depth) {
  const reportx_doc *doc = e->doc;
  const reportx_section *s = &doc->sections[*i];
  int self = (int)*i;
  (*i)++;
  size_t k = e->format ? (size_t)(depth - 2) / 2 : 0; /* the compact form has no depth */
  if (k >= e->tscap) {
    size_t old = e->tscap;
    if (rx_grow((void **)&e->ts, &e->tscap, k + 1, sizeof *e->ts)) {
      e->b.failed = 1;
      return;
    }
    memset(e->ts + old, 0, (e->tscap - old) * sizeof *e->ts);
  }
  const tmpl *t = tmpl_get(e, &e->ts[k], 'S', s, depth);
  if (!t) return;
  tfill f = {e, t, t->text, 0, 0};
  tf_cstr(&f, s->id);
  tf_int(&f, s->level);
  tf_str(&f, s->marker);
  tf_int(&f, s->ordinal);
  tf_str(&f, s->title);
  tf_size(&f, s->start);
  tf_size(&f, s->end);
  tf_lit(&f);
  /* the subsections (those that follow whose parent is this one), as cJSON prints an array */
  put(e, "[", 1);
  for (size_t n = 0; !e->b.failed && *i < doc->nsections && doc->sections[*i].parent == self; n++) {
    if (n) put(e, e->format ? ", " : ",", e->format ? 2 : 1);
    put_section(e, i, depth + 2); /* cJSON indents for the array and for the object */
  }
  put(e, "]", 1);
  f.t = &e->ts[k]; /* the subsections may have grown e->ts (the text stays where it is) */
  tf_lit(&f);
}

/* ---------------------------------------------------------------- the statistics
 *
 * stats.c writes the statistics in place, through the functions below, while the emitter
 * splices the envelope (emit_all). Their objects and arrays have any number of members, so
 * each is printed from two templates per level: the empty one, and one with two members
 * (or elements) whose keys and values are holes — cut, that is the text before the first
 * member, between a key and its value, between members, and after the last (cJSON prints
 * every member alike, and a key as it prints a string). Figures objects, thousands of them,
 * have a template of their own. Only while the emitter runs on this thread. */

enum { L_OBJ0, L_OBJ2, L_ARR0, L_ARR2 };

static const tmpl *list_tmpl_build(emitter *e, int kind, int level);

/* The template `kind` for a value at `level`; NULL on failure. */
static inline const tmpl *list_tmpl(emitter *e, int kind, int level) {
  if (e->b.failed || level < 0 || level >= FIG_DEPTHS) {
    e->b.failed = 1;
    return NULL;
  }
  tmpl *t = &e->tlist[kind][e->format ? level : 0];
  return t->text ? t : list_tmpl_build(e, kind, level);
}

/* list_tmpl when the template is not built yet. */
static const tmpl *list_tmpl_build(emitter *e, int kind, int level) {
  tmpl *t = &e->tlist[kind][e->format ? level : 0];
  jb *b = &e->b;
  cJSON *tree = jb_check(b, kind < L_ARR0 ? cJSON_CreateObject() : cJSON_CreateArray());
  if (tree && kind == L_OBJ2) { /* keys that print as e->keymark */
    add_item(b, tree, HOLE, raw_ref(HOLE));
    add_item(b, tree, HOLE, raw_ref(HOLE));
  } else if (tree && kind == L_ARR2) {
    append(b, tree, raw_ref(HOLE));
    append(b, tree, raw_ref(HOLE));
  }
  return tmpl_build(e, t, tree, level) ? NULL : t;
}

/* The literal text of t before hole h (h == nholes: after the last). */
static inline void put_seg(emitter *e, const tmpl *t, int h) { put_short(e, t->text + t->off[h], t->seg[h]); }

void rx_jw_begin(int array) {
  emitter *e = tl_emitter;
  if (!e) return;
  if (e->jl + 1 >= FIG_DEPTHS) {
    e->b.failed = 1;
    return;
  }
  e->jl++;
  e->jn[e->jl] = 0;
  e->ja[e->jl] = (unsigned char)(array != 0);
  e->jt[e->jl] = list_tmpl(e, array ? L_ARR2 : L_OBJ2, e->jl);
}

/* Before a member (key != NULL) or an element of the open object or array. Keys are the
 * document's strings or constants: they stay where they are while the emitter runs. */
static void jw_item(emitter *e, const char *key) {
  const tmpl *t = e->jt[e->jl];
  if (!t) return; /* (failed) */
  if (e->ja[e->jl] != (key == NULL)) { /* a key in an array, or none in an object */
    e->b.failed = 1;
    return;
  }
  /* holes: object key, value, key, value; array element, element */
  int h = e->jn[e->jl]++ == 0 ? 0 : key ? 2 : 1;
  if (!key) {
    put_seg(e, t, h);
    return;
  }
  if (!e->lc) {
    put_seg(e, t, h);
    put_shared(e, key);
    put_seg(e, t, 1);
    return;
  }
  /* the key with the literal text on either side, from the leaf cache (as tf_cstr: keys
   * recur, by address, in every section's statistics) */
  uint64_t k = ((uint64_t)(uintptr_t)key ^ (uint64_t)(uintptr_t)t->text << 7 ^ (uint64_t)h) * 0x9E3779B97F4A7C15u;
  struct lcache *c = &e->lc[k >> 56 & (LC_SLOTS - 1)];
  if (c->t == t->text && c->s == key && c->h == h) {
    put_short(e, c->text, c->len);
    return;
  }
  size_t at = e->len;
  put_seg(e, t, h);
  put_shared(e, key);
  put_seg(e, t, 1);
  if (!e->b.failed && e->len - at <= sizeof c->text) {
    c->t = t->text;
    c->s = key;
    c->h = h;
    c->len = (unsigned)(e->len - at);
    memcpy(c->text, e->out + at, c->len);
  }
}

void rx_jw_key(const char *key) {
  emitter *e = tl_emitter;
  if (!e) return;
  if (key) jw_item(e, key);
  else e->b.failed = 1;
}

void rx_jw_next(void) {
  if (tl_emitter) jw_item(tl_emitter, NULL);
}

void rx_jw_end(void) {
  emitter *e = tl_emitter;
  if (!e || e->jl < 1) return;
  int array = e->ja[e->jl];
  const tmpl *t = e->jn[e->jl] ? e->jt[e->jl] : list_tmpl(e, array ? L_ARR0 : L_OBJ0, e->jl);
  if (t) put_seg(e, t, t->nholes); /* after the last member, or the whole empty one */
  e->jl--;
}

void rx_jw_raw(const char *num) {
  emitter *e = tl_emitter;
  if (!e) return;
  if (num) put(e, num, strlen(num));
  else put(e, "null", 4);
}

void rx_jw_str(const char *s) {
  if (tl_emitter) put_cached(tl_emitter, s);
}

void rx_jw_size(size_t v) {
  if (tl_emitter) put_size(tl_emitter, v);
}

void rx_jw_tree(cJSON *item) {
  emitter *e = tl_emitter;
  if (!e) return;
  if (!item) e->b.failed = 1;
  size_t n = print_tmp(e, item);
  if (!e->hooks_ours) cJSON_Delete(item);
  if (n == (size_t)-1) return;
  if (e->format) put_indented(e, e->tmp, n, e->jl + 1);
  else put(e, e->tmp, n);
}

void rx_jw_figures(const char *cls, size_t count, const char *sum, size_t sumlen, const char *min,
                   size_t minlen, const char *max, size_t maxlen) {
  emitter *e = tl_emitter;
  if (!e) return;
  int depth = e->jl + 1;
  if (e->b.failed || depth >= FIG_DEPTHS) {
    e->b.failed = 1;
    return;
  }
  tmpl *t = &e->tfig[cls != NULL][e->format ? depth : 0];
  if (!t->text) {
    e->b.holes = 1;
    cJSON *tree = figures_json(&e->b, cls, NULL, NULL, NULL, NULL);
    e->b.holes = 0;
    if (tmpl_build(e, t, tree, depth)) return;
  }
  tfill f = {e, t, t->text, 0, 0};
  if (cls) tf_cstr(&f, cls);
  /* the numbers and the literal text around them, thousands of times: room made once, then
   * copied (the count and the literal text from padded buffers) */
  char tmp[24 + TMPL_PAD] = {0}; /* (what follows the count is read, so set) */
  char *p = rx_u64_back(tmp + 24, count);
  if (!sum) sum = "null", sumlen = 4;
  if (!min) min = "null", minlen = 4;
  if (!max) max = "null", maxlen = 4;
  int h = f.h;
  if (h + 4 != t->nholes) { /* cannot happen */
    e->b.failed = 1;
    return;
  }
  const unsigned *seg = t->seg + h;
  size_t total = (size_t)(tmp + 24 - p) + sumlen + minlen + maxlen + seg[0] + seg[1] + seg[2] + seg[3] + seg[4];
  if (reserve(e, total + TMPL_PAD)) return;
  char *o = e->out + e->len;
  const char *lit = f.lit;
  if (!f.lit_out) o = copy_padded(o, lit, seg[0]);
  lit += seg[0];
  o = copy_padded(o, p, (size_t)(tmp + 24 - p));
  o = copy_padded(o, lit, seg[1]);
  lit += seg[1];
  memcpy(o, sum, sumlen);
  o = copy_padded(o + sumlen, lit, seg[2]);
  lit += seg[2];
  memcpy(o, min, minlen);
  o = copy_padded(o + minlen, lit, seg[3]);
  lit += seg[3];
  memcpy(o, max, maxlen);
  o = copy_padded(o + maxlen, lit, seg[4]);
  e->len = (size_t)(o - e->out);
}

enum { ARR_SECTIONS = 'S', ARR_QUANTITIES = 'Q', ARR_WARNINGS = 'W' };

/* One of the long arrays, element by element, as cJSON prints an array. */
static void put_array(emitter *e, int which) {
  const reportx_doc *doc = e->doc;
  const char *sep = e->format ? ", " : ",";
  size_t seplen = e->format ? 2 : 1, k = 0;
  put(e, "[", 1);
  switch (which) {
  case ARR_SECTIONS:
    for (size_t i = 0; !e->b.failed && i < doc->nsections && doc->sections[i].parent == -1; k++) {
      if (k) put(e, sep, seplen);
      put_section(e, &i, 2);
      flush(e, 0);
    }
    break;
  case ARR_QUANTITIES:
    for (; !e->b.failed && k < doc->nquantities; k++) {
      if (k) put(e, sep, seplen);
      put_quantity(e, &doc->quantities[k]);
    }
    break;
  case ARR_WARNINGS:
    for (; !e->b.failed && k < doc->nwarnings; k++) {
      if (k) put(e, sep, seplen);
      put_warning(e, &doc->warnings[k]);
    }
    break;
  }
  put(e, "]", 1);
}

/* The envelope with a placeholder (\x01 and a letter, which no printed string can hold:
 * cJSON escapes control characters) where each long array goes. */
static cJSON *envelope(emitter *e, const char *path) {
  jb *b = &e->b;
  const reportx_doc *doc = e->doc;
  cJSON *root = jb_check(b, cJSON_CreateObject());
  if (!root) return NULL;
  cJSON *src = jb_check(b, cJSON_CreateObject());
  if (src) {
    add_str(b, src, "path", path ? path : "-");
    add_str(b, src, "encoding", doc->text.encoding);
    add_size(b, src, "bytes", doc->text.src_bytes);
    add_size(b, src, "chars", doc->text.nchars);
  }
  add_item(b, root, "source", src);
  add_str(b, root, "title", doc->title);
  cJSON *meta = jb_check(b, cJSON_CreateObject());
  if (meta) {
    add_str(b, meta, "place", doc->place);
    if (doc->year) add_int(b, meta, "year", doc->year);
    else add_item(b, meta, "year", jb_check(b, cJSON_CreateNull()));
    add_str(b, meta, "kind", doc->kind);
  }
  add_item(b, root, "meta", meta);
  add_raw(b, root, "sections", "\x01S");
  add_raw(b, root, "quantities", "\x01Q");
  add_raw(b, root, "stats", "\x01T"); /* written in place: rx_stats_write */
  add_raw(b, root, "warnings", "\x01W");
  add_item(b, root, "checks", rx_checks_json(doc, &b->failed)); /* checks.c */
  return root;
}

/* Room to reserve for the text after the envelope, from the input's length: compact JSON
 * is about 3.9 times the input, indented about 5.3 times; with a sink, the buffer holds
 * little more than what is handed over at a time. An estimate: the buffer still grows. */
static size_t out_estimate(const emitter *e) {
  size_t in = e->doc->text.len, per = e->format ? 6 : 4;
  size_t est = in > (SIZE_MAX - 65536) / per ? 65536 : in * per + 65536;
  if (e->write && est > 2 * SINK_CHUNK) est = 2 * SINK_CHUNK;
  return est;
}

/* The whole document into e->out (and e->write, if set); e->b.failed on failure. */
static void emit_all(emitter *e, const char *path) {
  rx_json_init_hooks();
  jarena *saved = tl_arena; /* never set: the emitter does not call itself */
  tl_arena = &e->arena;
  tl_emitter = e;
  /* Are cJSON's hooks still ours (a program may have set its own since)? Then a tree is
   * dropped by resetting the arena, without walking it with cJSON_Delete. */
  cJSON *probe = cJSON_CreateNull();
  e->hooks_ours = probe && e->arena.cur && (char *)probe >= (char *)e->arena.cur->data &&
                  (char *)probe < (char *)e->arena.cur->data + e->arena.cur->cap;
  if (!e->hooks_ours) cJSON_Delete(probe);
  jarena_reset(&e->arena);

  e->cc = rx_malloc(sizeof *e->cc); /* without it, strings are printed each time */
  if (e->cc) memset(e->cc->hash, 0, sizeof e->cc->hash);
  e->sc = rx_malloc(SC_SLOTS * sizeof *e->sc); /* without these, looked up by content */
  for (size_t i = 0; e->sc && i < SC_SLOTS; i++) e->sc[i].s = NULL;
  e->lc = rx_malloc(LC_SLOTS * sizeof *e->lc); /* and without it, looked up apart */
  for (size_t i = 0; e->lc && i < LC_SLOTS; i++) {
    e->lc[i].t = NULL;
    e->lc[i].s = NULL;
    e->lc[i].h = 0;
  }
  {
    cJSON key = {.type = cJSON_String | cJSON_IsReference, .valuestring = (char *)HOLE};
    if (!cJSON_PrintPreallocated(&key, e->keymark, (int)sizeof e->keymark, 0)) e->b.failed = 1;
  }

  /* the envelope, printed, then spliced with the arrays and the statistics at its placeholders */
  char *env = NULL;
  size_t envlen = 0;
  cJSON *root = envelope(e, path);
  if (!e->b.failed && (envlen = print_tmp(e, root)) != (size_t)-1) {
    env = e->tmp; /* keep it; the elements get a new buffer */
    e->tmp = NULL;
    e->tmpcap = 0;
  }
  if (!e->hooks_ours) cJSON_Delete(root);
  jarena_reset(&e->arena);
  if (reserve(e, envlen + out_estimate(e)) == 0 && env) {
    const char *s = env, *end = env + envlen;
    while (s < end && !e->b.failed) {
      const char *mark = memchr(s, '\x01', (size_t)(end - s));
      size_t n = (size_t)((mark ? mark : end) - s);
      if (e->format) put_indented(e, s, n, 0);
      else put(e, s, n);
      if (!mark) break;
      if (mark + 1 < end && mark[1] == 'T') {
        e->jl = 0; /* the statistics are a member of the root */
        rx_stats_write(e->doc, &e->b.failed);
      } else {
        put_array(e, mark + 1 < end ? mark[1] : 0);
      }
      s = mark + 2;
    }
  }

  tl_arena = saved;
  tl_emitter = NULL;
  jarena_free(&e->arena);
  rx_free(env);
  rx_free(e->tmp);
  e->tmp = NULL;
  for (int i = 0; i < NTQ; i++) rx_free(e->tq[i].text);
  rx_free(e->tw.text);
  for (size_t i = 0; i < e->tscap; i++) rx_free(e->ts[i].text);
  for (int c = 0; c < 2; c++)
    for (int d = 0; d < FIG_DEPTHS; d++) rx_free(e->tfig[c][d].text);
  for (int k = 0; k < 4; k++)
    for (int d = 0; d < FIG_DEPTHS; d++) rx_free(e->tlist[k][d].text);
  rx_free(e->cc);
  rx_free(e->sc);
  rx_free(e->lc);
  rx_free(e->ts);
}

char *reportx_doc_to_json(const reportx_doc *doc, const char *path, unsigned flags,
                          reportx_status *status) {
  emitter e = {.doc = doc, .format = !(flags & REPORTX_JSON_COMPACT)};
  emit_all(&e, path);
  put(&e, "", 1); /* the terminating NUL */
  char *out = NULL;
  if (!e.b.failed) {
    out = e.out;
    if (e.cap - e.len > 4096 && e.cap > 2 * e.len) { /* give back what the doubling left over */
      char *p = rx_realloc(out, e.len);
      if (p) out = p;
    }
  } else {
    rx_free(e.out);
  }
  if (status) *status = out ? REPORTX_OK : REPORTX_ERR_NOMEM;
  return out;
}

reportx_status reportx_doc_write_json(const reportx_doc *doc, const char *path, unsigned flags,
                                      reportx_write_fn write, void *ctx) {
  if (!doc || !write) return REPORTX_ERR_USAGE;
  emitter e = {.doc = doc, .format = !(flags & REPORTX_JSON_COMPACT), .write = write, .ctx = ctx};
  emit_all(&e, path);
  flush(&e, 1);
  rx_free(e.out);
  if (e.write_failed) return REPORTX_ERR_IO;
  return e.b.failed ? REPORTX_ERR_NOMEM : REPORTX_OK;
}

char *reportx_error_json(const char *path, const char *code, const char *message, long long offset) {
  rx_json_init_hooks();
  int failed = 0;
  char *out = NULL;
  cJSON *root = cJSON_CreateObject();
  if (!root) return NULL;
  cJSON *src = cJSON_CreateObject();
  if (!src || !cJSON_AddStringToObject(src, "path", path ? path : "-")) failed = 1;
  if (!src || !cJSON_AddItemToObject(root, "source", src)) {
    cJSON_Delete(src);
    failed = 1;
  }
  cJSON *err = cJSON_CreateObject();
  if (err) {
    if (!cJSON_AddStringToObject(err, "code", code ? code : "internal") ||
        !cJSON_AddStringToObject(err, "message", message ? message : ""))
      failed = 1;
    char buf[32];
    snprintf(buf, sizeof buf, "%lld", offset);
    if (!(offset >= 0 ? cJSON_AddRawToObject(err, "offset", buf) : cJSON_AddNullToObject(err, "offset")))
      failed = 1;
  }
  if (!err || !cJSON_AddItemToObject(root, "error", err)) {
    cJSON_Delete(err);
    failed = 1;
  }
  if (!failed) out = cJSON_PrintUnformatted(root);
  cJSON_Delete(root);
  return out;
}
