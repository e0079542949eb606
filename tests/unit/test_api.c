/*
 * test_api.c — the public API as a library user meets it: one-shot and incremental parsing
 * give the same document at any chunk size, accessors agree with the JSON, misuse is an
 * error and not a crash, and everything is freed by reportx_doc_free.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fixture.h"
#include "reportx.h"

static char *json_of(const reportx_doc *doc) {
  reportx_status st = REPORTX_ERR_INTERNAL;
  char *js = reportx_doc_to_json(doc, "x", REPORTX_JSON_COMPACT, &st);
  assert_non_null(js);
  assert_int_equal(st, REPORTX_OK);
  return js;
}

static void test_chunked_equals_one_shot(void **state) {
  (void)state;
  size_t len;
  char *buf = read_fixture("xxzhen-2023.txt", &len);
  reportx_doc *doc = NULL;
  reportx_error err;
  assert_int_equal(reportx_parse(buf, len, NULL, &doc, &err), REPORTX_OK);
  char *whole = json_of(doc);
  reportx_doc_free(doc);
  static const size_t sizes[] = {1, 2, 3, 5, 7, 64, 4093};
  for (size_t k = 0; k < sizeof sizes / sizeof *sizes; k++) {
    reportx_parser *p = reportx_parser_new(NULL);
    assert_non_null(p);
    for (size_t off = 0; off < len; off += sizes[k]) {
      size_t n = len - off < sizes[k] ? len - off : sizes[k];
      assert_int_equal(reportx_parser_feed(p, buf + off, n), REPORTX_OK);
    }
    reportx_doc *d2 = NULL;
    assert_int_equal(reportx_parser_finish(p, &d2), REPORTX_OK);
    char *js = json_of(d2);
    assert_string_equal(js, whole);
    reportx_free(js);
    reportx_doc_free(d2);
    /* a finished parser refuses more work */
    assert_int_not_equal(reportx_parser_feed(p, "x", 1), REPORTX_OK);
    reportx_parser_free(p);
  }
  reportx_free(whole);
  free(buf);
}

static void test_accessors_are_consistent(void **state) {
  (void)state;
  size_t len;
  char *buf = read_fixture("xxzhen-2023.txt", &len);
  reportx_doc *doc = NULL;
  assert_int_equal(reportx_parse(buf, len, NULL, &doc, NULL), REPORTX_OK);
  size_t tlen;
  const char *text = reportx_doc_text(doc, &tlen);
  assert_int_equal(tlen, len);
  assert_memory_equal(text, buf, len);
  assert_string_equal(reportx_doc_encoding(doc), "UTF-8");
  assert_int_equal(reportx_doc_bytes(doc), len);
  size_t ns = reportx_doc_section_count(doc), nq = reportx_doc_quantity_count(doc);
  assert_null(reportx_doc_section(doc, ns));
  assert_null(reportx_doc_quantity(doc, nq));
  for (size_t i = 0; i < ns; i++) {
    const reportx_section *s = reportx_doc_section(doc, i);
    assert_true(s->start < s->end && s->end <= reportx_doc_chars(doc));
    assert_true(s->byte_start < s->byte_end && s->byte_end <= tlen);
    assert_true(s->parent < (int)i);
    if (s->parent >= 0) {
      const reportx_section *p = reportx_doc_section(doc, (size_t)s->parent);
      assert_int_equal(s->level, p->level + 1);
      assert_true(p->start <= s->start && s->end <= p->end);
    } else {
      assert_int_equal(s->level, 1);
    }
    /* the marker is written at the section's start */
    assert_memory_equal(text + s->byte_start, s->marker, strlen(s->marker));
  }
  for (size_t i = 0; i < nq; i++) {
    const reportx_quantity *q = reportx_doc_quantity(doc, i);
    assert_true(q->start < q->end);
    assert_int_equal(q->byte_end - q->byte_start, strlen(q->text));
    assert_memory_equal(text + q->byte_start, q->text, strlen(q->text));
    assert_non_null(q->value);
    assert_non_null(q->unit);
    assert_non_null(q->cls);
    if (i > 0) assert_true(reportx_doc_quantity(doc, i - 1)->byte_start <= q->byte_start);
    if (q->section >= 0) {
      const reportx_section *s = reportx_doc_section(doc, (size_t)q->section);
      assert_true(s->byte_start <= q->byte_start && q->byte_start < s->byte_end);
    }
  }
  size_t line, col;
  reportx_doc_line_col(doc, 0, &line, &col);
  assert_int_equal(line, 1);
  assert_int_equal(col, 1);
  reportx_doc_free(doc);
  free(buf);
}

static void test_misuse_is_an_error(void **state) {
  (void)state;
  reportx_doc *doc = (reportx_doc *)&doc;
  assert_int_equal(reportx_parser_feed(NULL, "a", 1), REPORTX_ERR_USAGE);
  assert_int_equal(reportx_parser_finish(NULL, &doc), REPORTX_ERR_USAGE);
  assert_null(doc);
  reportx_parser *p = reportx_parser_new(NULL);
  assert_int_equal(reportx_parser_feed(p, NULL, 3), REPORTX_ERR_USAGE);
  assert_int_equal(reportx_parser_error(p)->status, REPORTX_ERR_USAGE);
  reportx_parser_free(p);
  reportx_parser_free(NULL);
  reportx_doc_free(NULL);
  reportx_free(NULL);
}

static void test_status_strings_and_names(void **state) {
  (void)state;
  for (int st = REPORTX_OK; st <= REPORTX_ERR_INTERNAL; st++) {
    const char *s = reportx_status_string((reportx_status)st);
    assert_non_null(s);
    assert_true(strlen(s) > 3);
  }
  assert_null(reportx_qualifier_name(REPORTX_QUAL_NONE));
  assert_string_equal(reportx_qualifier_name(REPORTX_QUAL_APPROX), "approx");
  assert_string_equal(reportx_qualifier_name(REPORTX_QUAL_AT_LEAST), "at_least");
  assert_string_equal(reportx_qualifier_name(REPORTX_QUAL_AT_MOST), "at_most");
  assert_string_equal(reportx_qualifier_name(REPORTX_QUAL_RANGE), "range");
  assert_non_null(reportx_version());
}

static void test_error_json(void **state) {
  (void)state;
  char *js = reportx_error_json("a\"b.txt", "decode", "bad byte", 19);
  assert_string_equal(js, "{\"source\":{\"path\":\"a\\\"b.txt\"},\"error\":{\"code\":\"decode\",\"message\":\"bad byte\",\"offset\":19}}");
  reportx_free(js);
  js = reportx_error_json(NULL, NULL, NULL, -1);
  assert_string_equal(js, "{\"source\":{\"path\":\"-\"},\"error\":{\"code\":\"internal\",\"message\":\"\",\"offset\":null}}");
  reportx_free(js);
}

/* Allocation through the hooks: every byte the library takes is given back. */
static size_t live;
static void *count_malloc(size_t n) {
  size_t *p = malloc(n + sizeof(max_align_t));
  if (!p) return NULL;
  *p = n;
  live++;
  return (char *)p + sizeof(max_align_t);
}
static void *count_realloc(void *q, size_t n) {
  if (!q) return count_malloc(n);
  char *p = realloc((char *)q - sizeof(max_align_t), n + sizeof(max_align_t));
  return p ? p + sizeof(max_align_t) : NULL;
}
static void count_free(void *q) {
  if (!q) return;
  live--;
  free((char *)q - sizeof(max_align_t));
}

static void test_allocator_hooks_see_everything(void **state) {
  (void)state;
  size_t len;
  char *buf = read_fixture("xxzhen-2023.txt", &len);
  reportx_set_allocator(count_malloc, count_realloc, count_free);
  reportx_doc *doc = NULL;
  assert_int_equal(reportx_parse(buf, len, NULL, &doc, NULL), REPORTX_OK);
  assert_true(live > 0);
  char *js = reportx_doc_to_json(doc, "x", 0, NULL);
  assert_non_null(js);
  char *row = reportx_doc_summary(doc, "x", REPORTX_SUMMARY_TSV);
  assert_non_null(row);
  reportx_free(row);
  reportx_free(js);
  reportx_doc_free(doc);
  assert_int_equal(live, 0);
  reportx_set_allocator(NULL, NULL, NULL);
  free(buf);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_chunked_equals_one_shot),
      cmocka_unit_test(test_accessors_are_consistent),
      cmocka_unit_test(test_misuse_is_an_error),
      cmocka_unit_test(test_status_strings_and_names),
      cmocka_unit_test(test_error_json),
      cmocka_unit_test(test_allocator_hooks_see_everything),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
