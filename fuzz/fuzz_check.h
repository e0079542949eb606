/*
 * fuzz_check.h — what every fuzz target checks about a parse, beyond "no crash, no leak":
 * the invariants the public API promises (reportx.h). A broken invariant traps, so the
 * fuzzer records the input as a crash and the replay test fails.
 */
#ifndef REPORTX_FUZZ_CHECK_H
#define REPORTX_FUZZ_CHECK_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "reportx.h"

/* Report which invariant broke, then crash (libFuzzer saves the input; replay fails). */
#define FZ_CHECK(cond)                                                                   \
  do {                                                                                   \
    if (!(cond)) {                                                                       \
      fprintf(stderr, "%s:%d: invariant broken: %s\n", __FILE__, __LINE__, #cond);       \
      abort();                                                                           \
    }                                                                                    \
  } while (0)

/* An invariant with a known, reported violation: REPORTX_FUZZ_SKIP=name1,name2 lets a fuzzing
 * session look past it for new bugs. Replays under ctest never skip. */
static inline int fz_skipped(const char *name) {
  const char *skip = getenv("REPORTX_FUZZ_SKIP");
  return skip && strstr(skip, name) != NULL;
}
#define FZ_CHECK_KNOWN(name, cond) \
  do {                             \
    if (!fz_skipped(name)) FZ_CHECK(cond); \
  } while (0)

/* Length of the valid UTF-8 sequence at s[0..n), 0 if invalid. */
static inline size_t fz_utf8_len(const unsigned char *s, size_t n) {
  if (n == 0) return 0;
  unsigned c = s[0];
  if (c < 0x80) return 1;
  size_t k;
  unsigned min;
  if (c >= 0xC2 && c <= 0xDF) k = 2, min = 0x80;
  else if (c >= 0xE0 && c <= 0xEF) k = 3, min = 0x800;
  else if (c >= 0xF0 && c <= 0xF4) k = 4, min = 0x10000;
  else return 0;
  if (n < k) return 0;
  unsigned cp = c & (0x7F >> k);
  for (size_t i = 1; i < k; i++) {
    if ((s[i] & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (s[i] & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return k;
}

/* Number of code points if s[0..n) is valid UTF-8, else (size_t)-1. */
static inline size_t fz_utf8_count(const char *s, size_t n) {
  const unsigned char *u = (const unsigned char *)s;
  size_t i = 0, count = 0;
  while (i < n) {
    size_t k = fz_utf8_len(u + i, n - i);
    if (!k) return (size_t)-1;
    i += k;
    count++;
  }
  return count;
}

/* An exact decimal as the API writes it: -?digits(.digits)? */
static inline int fz_is_decimal(const char *v) {
  if (*v == '-') v++;
  if (*v < '0' || *v > '9') return 0;
  while (*v >= '0' && *v <= '9') v++;
  if (*v == '.') {
    v++;
    if (*v < '0' || *v > '9') return 0;
    while (*v >= '0' && *v <= '9') v++;
  }
  return *v == '\0';
}

static inline int fz_status_valid(reportx_status st) {
  return st >= REPORTX_OK && st <= REPORTX_ERR_INTERNAL;
}

/* An error the input can cause. USAGE and INTERNAL are bugs; NOMEM cannot happen here. */
static inline void fz_check_error(reportx_status st, const reportx_error *e) {
  FZ_CHECK(fz_status_valid(st));
  FZ_CHECK(st != REPORTX_ERR_USAGE && st != REPORTX_ERR_INTERNAL && st != REPORTX_ERR_NOMEM);
  FZ_CHECK(st != REPORTX_ERR_ENCODING); /* the targets only use known encodings */
  if (e) {
    FZ_CHECK(e->status == st);
    FZ_CHECK(memchr(e->message, '\0', sizeof e->message) != NULL);
    FZ_CHECK(e->message[0] != '\0');
  }
}

/* Everything the document promises about its text, sections, quantities and warnings. */
static inline void fz_check_doc(const reportx_doc *doc) {
  size_t len = 0;
  const char *s = reportx_doc_text(doc, &len);
  FZ_CHECK(s != NULL);
  FZ_CHECK(s[len] == '\0');
  size_t nchars = fz_utf8_count(s, len);
  FZ_CHECK(nchars != (size_t)-1);
  FZ_CHECK(nchars == reportx_doc_chars(doc));
  FZ_CHECK(reportx_doc_encoding(doc) != NULL && reportx_doc_encoding(doc)[0]);

  size_t ns = reportx_doc_section_count(doc);
  FZ_CHECK(reportx_doc_section(doc, ns) == NULL);
  for (size_t i = 0; i < ns; i++) {
    const reportx_section *sec = reportx_doc_section(doc, i);
    FZ_CHECK(sec != NULL);
    FZ_CHECK(sec->marker && sec->title && sec->id);
    FZ_CHECK(fz_utf8_count(sec->title, strlen(sec->title)) != (size_t)-1);
    FZ_CHECK(sec->level >= 1);
    FZ_CHECK(sec->parent >= -1 && sec->parent < (int)i);
    FZ_CHECK(sec->byte_start <= sec->byte_end && sec->byte_end <= len);
    FZ_CHECK(sec->start <= sec->end && sec->end <= nchars);
    if (sec->parent < 0) {
      FZ_CHECK(sec->level == 1);
    } else {
      const reportx_section *up = reportx_doc_section(doc, (size_t)sec->parent);
      FZ_CHECK(sec->level == up->level + 1);
      FZ_CHECK_KNOWN("child-outside-parent", up->byte_start <= sec->byte_start && sec->byte_end <= up->byte_end);
    }
    if (i > 0) FZ_CHECK(reportx_doc_section(doc, i - 1)->byte_start <= sec->byte_start);
  }

  size_t nq = reportx_doc_quantity_count(doc);
  FZ_CHECK(reportx_doc_quantity(doc, nq) == NULL);
  for (size_t i = 0; i < nq; i++) {
    const reportx_quantity *q = reportx_doc_quantity(doc, i);
    FZ_CHECK(q != NULL);
    FZ_CHECK(q->text && q->value && q->unit && q->cls && q->label);
    FZ_CHECK(fz_is_decimal(q->value));
    if (q->value_max) FZ_CHECK(fz_is_decimal(q->value_max));
    if (q->norm_value) FZ_CHECK(fz_is_decimal(q->norm_value) && q->norm_unit);
    if (q->norm_value_max) FZ_CHECK(fz_is_decimal(q->norm_value_max));
    FZ_CHECK((q->qualifier == REPORTX_QUAL_RANGE) == (q->value_max != NULL));
    FZ_CHECK(q->byte_start < q->byte_end && q->byte_end <= len);
    FZ_CHECK(q->start < q->end && q->end <= nchars);
    FZ_CHECK(strlen(q->text) == q->byte_end - q->byte_start);
    FZ_CHECK(memcmp(q->text, s + q->byte_start, q->byte_end - q->byte_start) == 0);
    FZ_CHECK(q->section >= -1 && q->section < (int)ns);
    if (q->section >= 0) {
      const reportx_section *sec = reportx_doc_section(doc, (size_t)q->section);
      FZ_CHECK(sec->byte_start <= q->byte_start && q->byte_start < sec->byte_end);
    }
    if (i > 0) FZ_CHECK(reportx_doc_quantity(doc, i - 1)->byte_start <= q->byte_start);
  }

  size_t nw = reportx_doc_warning_count(doc);
  FZ_CHECK(reportx_doc_warning(doc, nw) == NULL);
  for (size_t i = 0; i < nw; i++) {
    const reportx_warning *w = reportx_doc_warning(doc, i);
    FZ_CHECK(w && w->code && w->code[0] && w->message && w->message[0]);
    FZ_CHECK(w->start <= w->end && w->end <= nchars);
  }

  size_t line = 0, col = 0;
  reportx_doc_line_col(doc, nchars, &line, &col);
  FZ_CHECK(line >= 1 && col >= 1);
  reportx_doc_line_col(doc, nchars + 100, &line, &col);
  FZ_CHECK(line >= 1 && col >= 1);
}

/* Sections in a JSON section tree, recursively. */
static inline size_t fz_json_sections(const cJSON *arr) {
  size_t n = 0;
  const cJSON *s;
  cJSON_ArrayForEach(s, arr) n += 1 + fz_json_sections(cJSON_GetObjectItemCaseSensitive(s, "sections"));
  return n;
}

/* The JSON of a document: a complete object that ends with '}' (never half a result), that
 * parses, and holds every section and quantity of the document. */
static inline void fz_check_json(const reportx_doc *doc, unsigned flags) {
  reportx_status st = REPORTX_OK;
  char *json = reportx_doc_to_json(doc, "fuzz.txt", flags, &st);
  FZ_CHECK(json != NULL);
  size_t n = strlen(json);
  FZ_CHECK(n >= 2 && json[0] == '{');
  while (n && (json[n - 1] == '\n')) n--;
  FZ_CHECK(n && json[n - 1] == '}');
  FZ_CHECK(fz_utf8_count(json, strlen(json)) != (size_t)-1);
  if (flags & REPORTX_JSON_COMPACT) FZ_CHECK(strchr(json, '\n') == NULL || strchr(json, '\n') == json + n);
  cJSON *root = cJSON_Parse(json);
  FZ_CHECK(root != NULL);
  const cJSON *qs = cJSON_GetObjectItemCaseSensitive(root, "quantities");
  FZ_CHECK(cJSON_IsArray(qs) && (size_t)cJSON_GetArraySize(qs) == reportx_doc_quantity_count(doc));
  const cJSON *ss = cJSON_GetObjectItemCaseSensitive(root, "sections");
  FZ_CHECK(cJSON_IsArray(ss));
  FZ_CHECK_KNOWN("json-sections", fz_json_sections(ss) == reportx_doc_section_count(doc));
  cJSON_Delete(root);
  reportx_free(json);
  char *sum = reportx_doc_summary(doc, "fuzz.txt", 0);
  FZ_CHECK(sum != NULL);
  reportx_free(sum);
  sum = reportx_doc_summary(doc, "fuzz.txt", REPORTX_SUMMARY_TSV);
  FZ_CHECK(sum != NULL);
  reportx_free(sum);
}

#endif
