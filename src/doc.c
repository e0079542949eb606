/*
 * doc.c — the pipeline and the document: a parser feeds bytes to the reader; finishing it
 * runs segment → extract, then places each quantity in its innermost section and turns
 * byte offsets into code point offsets. Also the document's arena and its accessors.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "internal.h"
#include "utf8.h"
#include "reader.h"
#include "version.h"

/* ---------------------------------------------------------------- arena */

struct rx_arena_block {
  rx_arena_block *next;
  size_t used, cap;
  max_align_t align_[]; /* data follows */
};

#define RX_ARENA_BLOCK 16384

static void *arena_alloc(rx_arena *a, size_t n) {
  n = (n + 7) & ~(size_t)7;
  rx_arena_block *b = a->head;
  if (!b || b->cap - b->used < n) {
    size_t cap = n > RX_ARENA_BLOCK ? n : RX_ARENA_BLOCK;
    b = rx_malloc(sizeof(*b) + cap);
    if (!b) return NULL;
    b->cap = cap;
    b->used = 0;
    b->next = a->head;
    a->head = b;
  }
  void *p = (char *)b->align_ + b->used;
  b->used += n;
  return p;
}

static void arena_free(rx_arena *a) {
  rx_arena_block *b = a->head;
  while (b) {
    rx_arena_block *next = b->next;
    rx_free(b);
    b = next;
  }
  a->head = NULL;
}

char *rx_doc_strndup(reportx_doc *doc, const char *s, size_t n) {
  char *p = arena_alloc(&doc->arena, n + 1);
  if (!p) return NULL;
  if (n) memcpy(p, s, n);
  p[n] = '\0';
  return p;
}

char *rx_doc_strdup(reportx_doc *doc, const char *s) { return rx_doc_strndup(doc, s, strlen(s)); }

static char *doc_vprintf(reportx_doc *doc, const char *fmt, va_list ap) {
  char buf[512];
  va_list ap2;
  va_copy(ap2, ap);
  int n = vsnprintf(buf, sizeof buf, fmt, ap2);
  va_end(ap2);
  if (n < 0) return NULL;
  if ((size_t)n < sizeof buf) return rx_doc_strndup(doc, buf, (size_t)n);
  char *p = arena_alloc(&doc->arena, (size_t)n + 1);
  if (!p) return NULL;
  vsnprintf(p, (size_t)n + 1, fmt, ap);
  return p;
}

char *rx_doc_printf(reportx_doc *doc, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *p = doc_vprintf(doc, fmt, ap);
  va_end(ap);
  return p;
}

/* ---------------------------------------------------------------- building */

int rx_doc_add_section(reportx_doc *doc, const reportx_section *s) {
  if (rx_grow((void **)&doc->sections, &doc->capsections, doc->nsections + 1, sizeof *s)) return -1;
  doc->sections[doc->nsections++] = *s;
  return 0;
}

int rx_doc_add_quantity(reportx_doc *doc, const reportx_quantity *q) {
  if (rx_grow((void **)&doc->quantities, &doc->capquantities, doc->nquantities + 1, sizeof *q)) return -1;
  doc->quantities[doc->nquantities++] = *q;
  return 0;
}

int rx_doc_add_noise(reportx_doc *doc, size_t byte_start, size_t byte_end) {
  if (rx_grow((void **)&doc->noise, &doc->capnoise, doc->nnoise + 1, sizeof *doc->noise)) return -1;
  /* keep sorted by start: spans nearly always arrive in order */
  size_t i = doc->nnoise;
  while (i > 0 && doc->noise[i - 1].start > byte_start) {
    doc->noise[i] = doc->noise[i - 1];
    i--;
  }
  doc->noise[i].start = byte_start;
  doc->noise[i].end = byte_end;
  doc->nnoise++;
  return 0;
}

int rx_doc_in_noise(const reportx_doc *doc, size_t b) {
  size_t lo = 0, hi = doc->nnoise;
  while (lo < hi) { /* first span with start > b */
    size_t mid = lo + (hi - lo) / 2;
    if (doc->noise[mid].start <= b) lo = mid + 1;
    else hi = mid;
  }
  /* spans may nest or touch: look back over the few that start at or before b */
  for (size_t i = lo; i > 0; i--) {
    if (doc->noise[i - 1].end > b) return 1;
    if (lo - i > 8) break;
  }
  return 0;
}

int rx_doc_warn(reportx_doc *doc, const char *code, size_t byte_start, size_t byte_end,
                const char *fmt, ...) {
  if (rx_grow((void **)&doc->warnings, &doc->capwarnings, doc->nwarnings + 1, sizeof *doc->warnings))
    return -1;
  va_list ap;
  va_start(ap, fmt);
  char *msg = doc_vprintf(doc, fmt, ap);
  va_end(ap);
  if (!msg) return -1;
  reportx_warning *w = &doc->warnings[doc->nwarnings++];
  w->code = code;
  w->message = msg;
  w->start = rx_text_cp(&doc->text, byte_start);
  w->end = rx_text_cp(&doc->text, byte_end);
  return 0;
}

/* ---------------------------------------------------------------- pipeline */

struct reportx_parser {
  reportx_options opts;
  rx_reader *reader;
  reportx_error err;
  int finished;
};

void reportx_options_init(reportx_options *o) {
  memset(o, 0, sizeof *o);
  o->max_size = REPORTX_DEFAULT_MAX_SIZE;
  o->max_depth = REPORTX_DEFAULT_MAX_DEPTH;
  o->match_limit = REPORTX_DEFAULT_MATCH_LIMIT;
  o->depth_limit = REPORTX_DEFAULT_DEPTH_LIMIT;
}

static void set_error(reportx_error *err, reportx_status st, const char *msg) {
  memset(err, 0, sizeof *err);
  err->status = st;
  snprintf(err->message, sizeof err->message, "%s", msg);
}

reportx_parser *reportx_parser_new(const reportx_options *options) {
  reportx_parser *p = rx_calloc(1, sizeof *p);
  if (!p) return NULL;
  if (options) p->opts = *options;
  else reportx_options_init(&p->opts);
  if (!p->opts.max_size) p->opts.max_size = REPORTX_DEFAULT_MAX_SIZE;
  if (!p->opts.max_depth) p->opts.max_depth = REPORTX_DEFAULT_MAX_DEPTH;
  if (!p->opts.match_limit) p->opts.match_limit = REPORTX_DEFAULT_MATCH_LIMIT;
  if (!p->opts.depth_limit) p->opts.depth_limit = REPORTX_DEFAULT_DEPTH_LIMIT;
  p->reader = rx_reader_new(&p->opts);
  if (!p->reader) {
    rx_free(p);
    return NULL;
  }
  return p;
}

reportx_status reportx_parser_feed(reportx_parser *p, const void *buf, size_t len) {
  if (!p) return REPORTX_ERR_USAGE;
  if (p->err.status) return p->err.status;
  if (p->finished) {
    set_error(&p->err, REPORTX_ERR_USAGE, "the parser was already finished");
    return p->err.status;
  }
  if (len && !buf) {
    set_error(&p->err, REPORTX_ERR_USAGE, "NULL buffer");
    return p->err.status;
  }
  reportx_status st = rx_reader_feed(p->reader, buf, len, &p->err);
  if (st && !p->err.status) set_error(&p->err, st, reportx_status_string(st));
  return st;
}

/* Each quantity goes to the innermost section whose byte span holds its start. Sections
 * are in document order and nested, so one forward walk with a stack does it. */
void rx_doc_assign_sections(reportx_doc *doc) {
  int stack[64];
  int top = 0;
  size_t si = 0;
  for (size_t qi = 0; qi < doc->nquantities; qi++) {
    reportx_quantity *q = &doc->quantities[qi];
    while (si < doc->nsections && doc->sections[si].byte_start <= q->byte_start) {
      while (top > 0 && doc->sections[stack[top - 1]].byte_end <= doc->sections[si].byte_start) top--;
      if (top < 64) stack[top++] = (int)si;
      si++;
    }
    while (top > 0 && doc->sections[stack[top - 1]].byte_end <= q->byte_start) top--;
    q->section = top > 0 ? stack[top - 1] : -1;
  }
}

static int cmp_quantity(const void *a, const void *b) {
  const reportx_quantity *x = a, *y = b;
  if (x->byte_start != y->byte_start) return x->byte_start < y->byte_start ? -1 : 1;
  return (x->byte_end > y->byte_end) - (x->byte_end < y->byte_end);
}

/* rx_text_cp(t, b), given that `pcp` is rx_text_cp(t, pb): counted on from pb when b is at
 * or after it and nearer to it than to b's checkpoint. */
static size_t cp_from(const rx_text *t, size_t pb, size_t pcp, size_t b) {
  if (b >= t->len) return t->nchars;
  if (b < pb || b - pb > b % RX_TEXT_CKPT) {
    size_t k = b / RX_TEXT_CKPT;
    pb = k * RX_TEXT_CKPT;
    pcp = t->ckpt[k];
  }
  const unsigned char *u = (const unsigned char *)t->s;
  size_t i = pb, cont = 0;
#ifdef __SSE2__
  /* sixteen bytes at a time: each continuation byte (signed: below -64) adds one to its
   * lane; the span is under RX_TEXT_CKPT bytes, so no lane reaches 256 */
  if (i + 16 <= b) {
    __m128i acc = _mm_setzero_si128();
    for (; i + 16 <= b; i += 16) {
      __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(u + i));
      acc = _mm_sub_epi8(acc, _mm_cmplt_epi8(v, _mm_set1_epi8(-64)));
    }
    acc = _mm_sad_epu8(acc, _mm_setzero_si128());
    cont = (size_t)_mm_cvtsi128_si32(acc) + (size_t)_mm_cvtsi128_si32(_mm_srli_si128(acc, 8));
  }
  /* the last (under sixteen) bytes as the low bits of one mask, when the block ends inside
   * the text (b < len, and s[len] is the final NUL): no loop whose length is random */
  if (i + 16 <= t->len + 1) {
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(u + i));
    unsigned m = (unsigned)_mm_movemask_epi8(_mm_cmplt_epi8(v, _mm_set1_epi8(-64))) & ((1u << (b - i)) - 1);
    m = m - ((m >> 1) & 0x5555u); /* bits set: in pairs, nibbles, bytes */
    m = (m & 0x3333u) + ((m >> 2) & 0x3333u);
    m = (m + (m >> 4)) & 0x0F0Fu;
    return pcp + (b - pb) - cont - ((m + (m >> 8)) & 0x1Fu);
  }
#endif
  for (; i + 8 <= b; i += 8) {
    uint64_t w;
    memcpy(&w, u + i, 8);
    cont += rx_utf8_cont_bytes(w);
  }
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  /* the last bytes as the low end of one word (b < len, and s[len] is the final NUL:
   * the word ends inside the text when i + 8 <= len + 1) */
  if (i < b && i + 8 <= t->len + 1) {
    uint64_t w;
    memcpy(&w, u + i, 8);
    cont += rx_utf8_cont_bytes(w & ((UINT64_C(1) << (8 * (b - i))) - 1));
    i = b;
  }
#endif
  for (; i < b; i++) cont += (u[i] & 0xC0) == 0x80;
  return pcp + (b - pb) - cont;
}

/* The emitter nests sections by their parent indexes: a section whose parent is not an
 * enclosing, earlier section of the level above would be dropped from the JSON. That is a
 * bug in the segmenter, reported as an internal error rather than a silently partial tree. */
static int tree_is_consistent(const reportx_doc *doc) {
  for (size_t i = 0; i < doc->nsections; i++) {
    const reportx_section *s = &doc->sections[i];
    if (s->byte_start > s->byte_end || s->byte_end > doc->text.len) return 0;
    if (i > 0 && doc->sections[i - 1].byte_start > s->byte_start) return 0;
    if (s->parent < 0) {
      if (s->level != 1) return 0;
      continue;
    }
    if ((size_t)s->parent >= i) return 0;
    const reportx_section *p = &doc->sections[s->parent];
    if (s->level != p->level + 1 || s->byte_start < p->byte_start || s->byte_end > p->byte_end) return 0;
    /* no section of the parent's level or above between the parent and this one */
    for (size_t k = i; k-- > (size_t)s->parent + 1;) {
      if (doc->sections[k].level <= p->level) return 0;
      if (doc->sections[k].level == s->level) break; /* an earlier sibling: checked already */
    }
  }
  return 1;
}

/* Runs the stages; on failure *stage names the one that failed. */
static reportx_status run_stages(reportx_doc *doc, const char **stage) {
  reportx_status st;
  *stage = "the reader";
  if (doc->text.replaced &&
      rx_doc_warn(doc, "replaced_bytes", 0, 0,
                  "%zu invalid byte sequence(s) replaced by U+FFFD, the first at byte %zu",
                  doc->text.replaced, doc->text.first_replaced))
    return REPORTX_ERR_NOMEM;
  *stage = "the segmenter (sections)";
  if ((st = rx_segment(doc))) return st;
  if (!tree_is_consistent(doc)) return REPORTX_ERR_INTERNAL;
  *stage = "the extractor (quantities)";
  if ((st = rx_extract(doc))) return st;
  /* The extractor emits nearly always in text order (quantities is NULL when
   * there are none: qsort(NULL, 0) is UB): sort only when some pair is out of order. */
  int sorted = 1;
  for (size_t i = 1; i < doc->nquantities && sorted; i++)
    sorted = cmp_quantity(&doc->quantities[i - 1], &doc->quantities[i]) < 0;
  if (!sorted) qsort(doc->quantities, doc->nquantities, sizeof *doc->quantities, cmp_quantity);
  rx_doc_assign_sections(doc);
  /* byte offsets → code points: both lists are in text order, so each start is counted on
   * from the previous one, and each end from its start, when that is nearer than the
   * reader's checkpoint */
  size_t pb = 0, pcp = 0;
  for (size_t i = 0; i < doc->nsections; i++) {
    reportx_section *s = &doc->sections[i];
    s->start = cp_from(&doc->text, pb, pcp, s->byte_start);
    pb = s->byte_start, pcp = s->start;
  }
  /* a section mostly ends where the next one starts, or after it: counted on from there */
  for (size_t i = 0; i < doc->nsections; i++) {
    reportx_section *s = &doc->sections[i], *n = i + 1 < doc->nsections ? s + 1 : s;
    if (n->byte_start > s->byte_end) n = s;
    s->end = s->byte_end == n->byte_start ? n->start : cp_from(&doc->text, n->byte_start, n->start, s->byte_end);
  }
  pb = 0, pcp = 0;
  for (size_t i = 0; i < doc->nquantities; i++) {
    reportx_quantity *q = &doc->quantities[i];
    q->start = cp_from(&doc->text, pb, pcp, q->byte_start);
    q->end = cp_from(&doc->text, q->byte_start, q->start, q->byte_end);
    pb = q->byte_start, pcp = q->start;
  }
  *stage = "the checks";
  if ((st = rx_checks(doc))) return st; /* status of each quantity, arithmetic checks */
  return REPORTX_OK;
}

reportx_status reportx_parser_finish(reportx_parser *p, reportx_doc **out) {
  if (out) *out = NULL;
  if (!p || !out) return REPORTX_ERR_USAGE;
  if (p->err.status) return p->err.status;
  if (p->finished) {
    set_error(&p->err, REPORTX_ERR_USAGE, "the parser was already finished");
    return p->err.status;
  }
  p->finished = 1;
  reportx_doc *doc = rx_calloc(1, sizeof *doc);
  if (!doc) {
    set_error(&p->err, REPORTX_ERR_NOMEM, "out of memory");
    return p->err.status;
  }
  doc->opts = p->opts;
  doc->opts.encoding = NULL; /* not owned by the document */
  reportx_status st = rx_reader_finish(p->reader, &doc->text, &p->err);
  if (st && !p->err.status) set_error(&p->err, st, reportx_status_string(st));
  if (st == REPORTX_OK) {
    const char *stage = "";
    st = run_stages(doc, &stage);
    if (st == REPORTX_ERR_NOMEM) {
      set_error(&p->err, st, "out of memory");
    } else if (st == REPORTX_ERR_LIMIT) {
      char msg[sizeof p->err.message];
      snprintf(msg, sizeof msg,
               "a resource limit was reached in %s (PCRE2 match_limit %u, depth_limit %u); "
               "the text is pathological, or the limits are too low",
               stage, p->opts.match_limit, p->opts.depth_limit);
      set_error(&p->err, st, msg);
    } else if (st) {
      char msg[sizeof p->err.message];
      snprintf(msg, sizeof msg, "%s in %s", reportx_status_string(st), stage);
      set_error(&p->err, st, msg);
    }
  }
  if (st) {
    reportx_doc_free(doc);
    return st;
  }
  *out = doc;
  return REPORTX_OK;
}

const reportx_error *reportx_parser_error(const reportx_parser *p) { return &p->err; }

void reportx_parser_free(reportx_parser *p) {
  if (!p) return;
  rx_reader_free(p->reader);
  rx_free(p);
}

reportx_status reportx_parse(const void *buf, size_t len, const reportx_options *options,
                             reportx_doc **doc, reportx_error *err) {
  reportx_error local;
  if (!err) err = &local;
  if (doc) *doc = NULL;
  reportx_parser *p = reportx_parser_new(options);
  if (!p) {
    set_error(err, REPORTX_ERR_NOMEM, "out of memory");
    return REPORTX_ERR_NOMEM;
  }
  reportx_status st = reportx_parser_feed(p, buf, len);
  if (st == REPORTX_OK) st = reportx_parser_finish(p, doc);
  *err = p->err;
  if (st == REPORTX_OK) memset(err, 0, sizeof *err);
  reportx_parser_free(p);
  return st;
}

void reportx_doc_free(reportx_doc *doc) {
  if (!doc) return;
  rx_text_free(&doc->text);
  arena_free(&doc->arena);
  rx_free(doc->sections);
  rx_free(doc->quantities);
  rx_free(doc->warnings);
  rx_free(doc->noise);
  rx_checks_free(doc);
  rx_free(doc);
}

/* ---------------------------------------------------------------- accessors */

const char *reportx_version(void) { return REPORTX_VERSION_STRING; }

const char *reportx_status_string(reportx_status st) {
  switch (st) {
  case REPORTX_OK: return "success";
  case REPORTX_ERR_DECODE: return "invalid byte sequence";
  case REPORTX_ERR_TRUNCATED: return "input ends inside a multibyte character";
  case REPORTX_ERR_ENCODING: return "unknown encoding";
  case REPORTX_ERR_BINARY: return "input looks binary";
  case REPORTX_ERR_EMPTY: return "input is empty";
  case REPORTX_ERR_TOO_LARGE: return "input is larger than the size limit";
  case REPORTX_ERR_LIMIT: return "a resource limit was reached";
  case REPORTX_ERR_IO: return "input/output error";
  case REPORTX_ERR_NOMEM: return "out of memory";
  case REPORTX_ERR_USAGE: return "API misuse";
  case REPORTX_ERR_INTERNAL: return "internal error";
  }
  return "unknown status";
}

const char *reportx_qualifier_name(reportx_qualifier q) {
  switch (q) {
  case REPORTX_QUAL_APPROX: return "approx";
  case REPORTX_QUAL_AT_LEAST: return "at_least";
  case REPORTX_QUAL_AT_MOST: return "at_most";
  case REPORTX_QUAL_RANGE: return "range";
  case REPORTX_QUAL_NONE: break;
  }
  return NULL;
}

const char *reportx_doc_text(const reportx_doc *doc, size_t *len) {
  if (len) *len = doc->text.len;
  return doc->text.s;
}
const char *reportx_doc_encoding(const reportx_doc *doc) { return doc->text.encoding; }
size_t reportx_doc_bytes(const reportx_doc *doc) { return doc->text.src_bytes; }
size_t reportx_doc_chars(const reportx_doc *doc) { return doc->text.nchars; }

void reportx_doc_line_col(const reportx_doc *doc, size_t offset, size_t *line, size_t *column) {
  size_t l, c;
  rx_text_line_col(&doc->text, rx_text_byte(&doc->text, offset), &l, &c);
  if (line) *line = l;
  if (column) *column = c;
}

const char *reportx_doc_title(const reportx_doc *doc) { return doc->title; }
const char *reportx_doc_place(const reportx_doc *doc) { return doc->place; }
int reportx_doc_year(const reportx_doc *doc) { return doc->year; }
const char *reportx_doc_kind(const reportx_doc *doc) { return doc->kind; }

size_t reportx_doc_section_count(const reportx_doc *doc) { return doc->nsections; }
const reportx_section *reportx_doc_section(const reportx_doc *doc, size_t i) {
  return i < doc->nsections ? &doc->sections[i] : NULL;
}
size_t reportx_doc_quantity_count(const reportx_doc *doc) { return doc->nquantities; }
const reportx_quantity *reportx_doc_quantity(const reportx_doc *doc, size_t i) {
  return i < doc->nquantities ? &doc->quantities[i] : NULL;
}
size_t reportx_doc_warning_count(const reportx_doc *doc) { return doc->nwarnings; }
const reportx_warning *reportx_doc_warning(const reportx_doc *doc, size_t i) {
  return i < doc->nwarnings ? &doc->warnings[i] : NULL;
}
