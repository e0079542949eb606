/*
 * internal.h — what the pipeline stages share: allocation through the library's hooks, the
 * per-document string arena, the decoded text, and the definition of reportx_doc.
 * Nothing here is installed; the public view is include/reportx.h.
 */
#ifndef REPORTX_INTERNAL_H
#define REPORTX_INTERNAL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "reportx.h"

/* ---- allocation (alloc.c): every allocation of the library goes through these ---- */
void *rx_malloc(size_t n);
void *rx_calloc(size_t count, size_t n);
void *rx_realloc(void *p, size_t n);
void rx_free(void *p);
/* Grows *arr (of elements of size `elem`) so that it holds at least `need` elements.
 * Returns 0, or -1 when out of memory (then *arr and *cap are unchanged). */
int rx_grow(void **arr, size_t *cap, size_t need, size_t elem);

/* ---- the decoded text (reader.c) ---- */
#define RX_TEXT_CKPT 256 /* a code point checkpoint every RX_TEXT_CKPT bytes */

typedef struct rx_text {
  char *s;            /* UTF-8, NUL-terminated, BOM removed; owned */
  size_t len;         /* bytes in s */
  size_t nchars;      /* code points in s */
  char encoding[48];  /* "UTF-8", "UTF-16LE", "UTF-16BE", "GB18030", or the forced name */
  int bom;            /* the input started with a byte order mark */
  size_t src_bytes;   /* bytes of input, BOM included */
  size_t replaced;    /* invalid sequences replaced by U+FFFD (lossy mode) */
  size_t first_replaced; /* source byte offset of the first one */
  size_t *ckpt;       /* ckpt[k] = code points before byte k*RX_TEXT_CKPT; owned */
  size_t nckpt;
  size_t *lines;      /* byte offsets in s where each line starts (lines[0] = 0); owned */
  size_t nlines;
} rx_text;

/* Code point index of byte offset `byte` (clamped to len). O(RX_TEXT_CKPT). */
size_t rx_text_cp(const rx_text *t, size_t byte);
/* Byte offset of code point index `cp` (clamped to nchars). */
size_t rx_text_byte(const rx_text *t, size_t cp);
/* 1-based line and column (code points) of byte offset `byte`. */
void rx_text_line_col(const rx_text *t, size_t byte, size_t *line, size_t *col);
void rx_text_free(rx_text *t);

/* ---- byte spans ---- */
typedef struct rx_span {
  size_t start, end; /* byte offsets into the text, half-open */
} rx_span;

/* ---- the per-document arena: strings live as long as the document ---- */
typedef struct rx_arena_block rx_arena_block;
typedef struct rx_arena {
  rx_arena_block *head;
} rx_arena;

/* ---- the document ---- */
struct reportx_doc {
  rx_text text;
  rx_arena arena;
  reportx_options opts;

  const char *title, *place, *kind; /* arena strings or NULL */
  int year;

  reportx_section *sections; /* document order; byte offsets set by the segmenter */
  size_t nsections, capsections;
  reportx_quantity *quantities; /* text order; byte offsets set by the extractor */
  size_t nquantities, capquantities;
  reportx_warning *warnings;
  size_t nwarnings, capwarnings;
  rx_span *noise; /* site noise (##paidbegin##, page counters, …), sorted, set by the segmenter */
  size_t nnoise, capnoise;
  reportx_check *checks; /* arithmetic checks (checks.c), in text order of the stated figure */
  size_t nchecks, capchecks;
  size_t *check_qidx;    /* the checks' quantity indexes, one block for all (checks.c) */
  size_t ncheck_qidx, capcheck_qidx;
};

/* A copy of s[0..n) in the document's arena, NUL-terminated; NULL when out of memory. */
char *rx_doc_strndup(reportx_doc *doc, const char *s, size_t n);
char *rx_doc_strdup(reportx_doc *doc, const char *s);
/* printf into the arena. */
char *rx_doc_printf(reportx_doc *doc, const char *fmt, ...);

/* Appends a copy of *s / *q / a noise span; the struct's strings must already be arena
 * strings (or static). Return 0, or -1 when out of memory. */
int rx_doc_add_section(reportx_doc *doc, const reportx_section *s);
int rx_doc_add_quantity(reportx_doc *doc, const reportx_quantity *q);
int rx_doc_add_noise(reportx_doc *doc, size_t byte_start, size_t byte_end);
/* Adds a warning (code is a static string); byte offsets are converted to code points. */
int rx_doc_warn(reportx_doc *doc, const char *code, size_t byte_start, size_t byte_end,
                const char *fmt, ...);

/* Sets each quantity's section to the innermost section holding its start (quantities and
 * sections in text order). */
void rx_doc_assign_sections(reportx_doc *doc);

/* Is byte offset `b` inside a noise span? (binary search) */
int rx_doc_in_noise(const reportx_doc *doc, size_t b);

/* ---- the pipeline stages ---- */
/* segment.c: fills sections (level, ordinal, parent, marker, title, id, byte_start,
 * byte_end), noise spans, and title/place/year/kind. */
reportx_status rx_segment(reportx_doc *doc);
/* extract.c: appends quantities (all fields but section/start/end, which doc.c sets),
 * skipping section markers and noise. */
reportx_status rx_extract(reportx_doc *doc);
/* checks.c: quantity status (planned/achieved) and arithmetic checks; after sections and
 * code point offsets are set. */
reportx_status rx_checks(reportx_doc *doc);
void rx_checks_free(reportx_doc *doc); /* what rx_checks allocated; reportx_doc_free calls it */

/* Stages create their PCRE2 match contexts with doc->opts.match_limit / depth_limit. */

#endif /* REPORTX_INTERNAL_H */
