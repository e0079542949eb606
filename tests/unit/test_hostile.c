/*
 * test_hostile.c — the limits of reportx_options are honoured (docs/robustness.md), the API
 * refuses misuse with REPORTX_ERR_USAGE instead of crashing, and adversarial lines (runs of
 * markers, numerals, digits, units, site-noise look-alikes) take linear time: no pattern
 * backtracks catastrophically. The CLI side of hostile input is tests/cli/test_hostile.py.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "reportx.h"

#define SAMPLE FIXTURES_DIR "/xxzhen-2023.txt"

static char *load(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  assert_non_null(f);
  char *buf = malloc(1 << 20);
  assert_non_null(buf);
  *len = fread(buf, 1, 1 << 20, f);
  fclose(f);
  return buf;
}

static reportx_status parse_with(const char *buf, size_t len, const reportx_options *o, reportx_doc **doc,
                                 reportx_error *e) {
  memset(e, 0, sizeof *e);
  return reportx_parse(buf, len, o, doc, e);
}

/* ------------------------------------------------------------ limits */

static void test_match_limit_is_honoured(void **state) {
  (void)state;
  size_t len;
  char *buf = load(SAMPLE, &len);
  reportx_options o;
  reportx_options_init(&o);
  assert_int_equal(o.match_limit, REPORTX_DEFAULT_MATCH_LIMIT);
  reportx_doc *doc = NULL;
  reportx_error e;
  /* a limit no match can stay under: the parse fails with LIMIT, and says so */
  o.match_limit = 1;
  assert_int_equal(parse_with(buf, len, &o, &doc, &e), REPORTX_ERR_LIMIT);
  assert_null(doc);
  assert_int_equal(e.status, REPORTX_ERR_LIMIT);
  assert_true(e.message[0] != '\0');
  /* the default is far above what the sample needs */
  reportx_options_init(&o);
  assert_int_equal(parse_with(buf, len, &o, &doc, &e), REPORTX_OK);
  size_t nq = reportx_doc_quantity_count(doc);
  reportx_doc_free(doc);
  /* a limit of 0 means the default */
  o.match_limit = 0;
  o.depth_limit = 0;
  assert_int_equal(parse_with(buf, len, &o, &doc, &e), REPORTX_OK);
  assert_int_equal(reportx_doc_quantity_count(doc), nq);
  reportx_doc_free(doc);
  free(buf);
}

static void test_depth_limit_never_breaks_a_parse(void **state) {
  (void)state;
  /* The patterns are compiled with JIT, which ignores the depth limit; without JIT the
   * interpreter honours it. Either way a small limit gives a result or LIMIT, never more. */
  size_t len;
  char *buf = load(SAMPLE, &len);
  for (unsigned d = 1; d <= 4; d++) {
    reportx_options o;
    reportx_options_init(&o);
    o.depth_limit = d;
    reportx_doc *doc = NULL;
    reportx_error e;
    reportx_status st = parse_with(buf, len, &o, &doc, &e);
    assert_true(st == REPORTX_OK || st == REPORTX_ERR_LIMIT);
    assert_true((st == REPORTX_OK) == (doc != NULL));
    reportx_doc_free(doc);
  }
  free(buf);
}

static void test_max_depth_is_honoured(void **state) {
  (void)state;
  size_t len;
  char *buf = load(SAMPLE, &len);
  reportx_options o;
  reportx_options_init(&o);
  reportx_doc *doc = NULL;
  reportx_error e;
  assert_int_equal(parse_with(buf, len, &o, &doc, &e), REPORTX_OK);
  size_t nq = reportx_doc_quantity_count(doc);
  int deepest = 0;
  for (size_t i = 0; i < reportx_doc_section_count(doc); i++)
    if (reportx_doc_section(doc, i)->level > deepest) deepest = reportx_doc_section(doc, i)->level;
  reportx_doc_free(doc);
  assert_true(deepest >= 3); /* the sample nests 一、 （一） 一是 */
  for (unsigned d = 1; d < (unsigned)deepest; d++) {
    o.max_depth = d;
    assert_int_equal(parse_with(buf, len, &o, &doc, &e), REPORTX_OK);
    for (size_t i = 0; i < reportx_doc_section_count(doc); i++)
      assert_true(reportx_doc_section(doc, i)->level <= (int)d);
    /* the sections cut off lose nothing else: every quantity is still there */
    assert_int_equal(reportx_doc_quantity_count(doc), nq);
    reportx_doc_free(doc);
  }
  free(buf);
}

static void test_max_size_stops_at_the_limit(void **state) {
  (void)state;
  const char *text = "一、概况\n全镇种植小麦300亩，投入资金12.5万元。\n";
  size_t len = strlen(text);
  reportx_options o;
  reportx_options_init(&o);
  assert_true(o.max_size == REPORTX_DEFAULT_MAX_SIZE);
  o.max_size = 20;
  /* byte by byte: the 21st byte is refused, with the limit as the offset */
  reportx_parser *p = reportx_parser_new(&o);
  assert_non_null(p);
  size_t i = 0;
  reportx_status st = REPORTX_OK;
  for (; i < len && st == REPORTX_OK; i++) st = reportx_parser_feed(p, text + i, 1);
  assert_int_equal(st, REPORTX_ERR_TOO_LARGE);
  assert_int_equal(i, 21);
  const reportx_error *e = reportx_parser_error(p);
  assert_int_equal(e->status, REPORTX_ERR_TOO_LARGE);
  assert_int_equal(e->byte_offset, 20);
  assert_non_null(strstr(e->message, "20"));
  reportx_doc *doc = (reportx_doc *)1;
  assert_int_equal(reportx_parser_finish(p, &doc), REPORTX_ERR_TOO_LARGE);
  assert_null(doc);
  reportx_parser_free(p);
  /* exactly at the limit is accepted */
  o.max_size = len;
  reportx_error err;
  assert_int_equal(parse_with(text, len, &o, &doc, &err), REPORTX_OK);
  reportx_doc_free(doc);
  o.max_size = len - 1;
  assert_int_equal(parse_with(text, len, &o, &doc, &err), REPORTX_ERR_TOO_LARGE);
  assert_null(doc);
}

/* ------------------------------------------------------------ misuse */

static void test_misuse_is_a_usage_error(void **state) {
  (void)state;
  reportx_doc *doc = NULL;
  reportx_error e;
  assert_int_equal(reportx_parser_feed(NULL, "x", 1), REPORTX_ERR_USAGE);
  reportx_parser *p = reportx_parser_new(NULL);
  assert_non_null(p);
  assert_int_equal(reportx_parser_feed(p, NULL, 0), REPORTX_OK); /* nothing is fine */
  assert_int_equal(reportx_parser_finish(p, NULL), REPORTX_ERR_USAGE);
  reportx_parser_free(p);

  p = reportx_parser_new(NULL);
  assert_int_equal(reportx_parser_feed(p, NULL, 3), REPORTX_ERR_USAGE);
  assert_int_equal(reportx_parser_error(p)->status, REPORTX_ERR_USAGE);
  reportx_parser_free(p);

  p = reportx_parser_new(NULL);
  assert_int_equal(reportx_parser_feed(p, "一、总体\n种植300亩。", strlen("一、总体\n种植300亩。")), REPORTX_OK);
  assert_int_equal(reportx_parser_finish(p, &doc), REPORTX_OK);
  assert_non_null(doc);
  reportx_doc *again = (reportx_doc *)1;
  assert_int_equal(reportx_parser_finish(p, &again), REPORTX_ERR_USAGE); /* finished once */
  assert_null(again);
  assert_int_equal(reportx_parser_feed(p, "x", 1), REPORTX_ERR_USAGE);
  reportx_parser_free(p); /* the document outlives its parser */
  assert_null(reportx_doc_section(doc, (size_t)-1));
  assert_null(reportx_doc_quantity(doc, reportx_doc_quantity_count(doc)));
  assert_null(reportx_doc_warning(doc, 1000));
  size_t line = 0, col = 0;
  reportx_doc_line_col(doc, (size_t)-1, &line, &col); /* past the end maps to the end */
  assert_int_equal(line, 2);
  reportx_doc_free(doc);

  assert_int_equal(reportx_parse(NULL, 4, NULL, &doc, &e), REPORTX_ERR_USAGE);
  assert_null(doc);
  assert_int_equal(e.status, REPORTX_ERR_USAGE);
  reportx_parser_free(NULL);
  reportx_doc_free(NULL);
  reportx_free(NULL);
  assert_non_null(reportx_status_string((reportx_status)999));
  assert_null(reportx_qualifier_name((reportx_qualifier)999));

  reportx_options o;
  reportx_options_init(&o);
  o.encoding = "NO-SUCH-ENCODING";
  assert_int_equal(reportx_parse("abc", 3, &o, &doc, &e), REPORTX_ERR_ENCODING);
  assert_null(doc);
  assert_non_null(strstr(e.message, "NO-SUCH-ENCODING"));
}

/* ------------------------------------------------------------ adversarial lines */

typedef struct line_case {
  const char *name;
  const char *unit; /* repeated */
  size_t times;
  const char *tail;
} line_case;

/* Each about a megabyte on one line. A pattern that backtracks catastrophically would take
 * minutes on any of them; linear scanning takes well under a second. */
static const line_case k_lines[] = {
    {"digits", "7", 1000000, "亩"},
    {"digits and points", "1.", 500000, "亩"},
    {"digits and commas", "1,", 500000, "万元"},
    {"digits and dashes (ranges)", "3-", 500000, "亩"},
    {"Chinese ranges", "三至", 200000, "亩"},
    {"Chinese numerals", "一二三四五六七八九十", 30000, "亩"},
    {"numerals and magnitudes", "一二三四五六七八九十百千万亿", 20000, "元"},
    {"万 after 万", "万", 300000, "元"},
    {"百分之", "百分之", 100000, "五十"},
    {"qualifiers", "约", 300000, "3亩"},
    {"at least", "不少于", 100000, "3亩"},
    {"units without numbers", "亩万元人次", 100000, ""},
    {"quantities back to back", "3亩", 200000, ""},
    {"full-width digits", "１２３．４５", 60000, "万元"},
    {"long decimal", "0.", 1, NULL},
    {"minus signs", "-", 500000, "3亩"},
    {"inline markers", "一是二是三是", 50000, ""},
    {"parenthesised markers", "（一）", 100000, ""},
    {"parentheses", "（", 300000, "3亩"},
    {"circled numbers", "①②③④⑤⑥⑦⑧⑨⑩", 30000, ""},
    {"page counters", "第 1 页 ，共 ", 50000, ""},
    {"blanks in a page counter", "第", 1, NULL},
    {"paywall look-alikes", "##aaaaaaaaaaaaaaaaaaa#", 40000, ""},
    {"edit password", "本文档编辑密码：", 1, NULL},
    {"years", "2023年", 150000, ""},
    {"a label that never ends", "种植", 300000, "300亩"},
    {"zero-width spaces in a number", "3\xE2\x80\x8B", 300000, "亩"},
    {"carriage returns", "\r", 1000000, "3亩"},
};

static char *build(const line_case *c, size_t *len) {
  size_t cap = 4 * 1024 * 1024;
  char *s = malloc(cap);
  assert_non_null(s);
  size_t n = 0, ul = strlen(c->unit);
  for (size_t i = 0; i < c->times; i++) {
    memcpy(s + n, c->unit, ul);
    n += ul;
  }
  if (!c->tail) { /* one marker, then a megabyte of one thing */
    const char *fill = strcmp(c->name, "long decimal") == 0 ? "0" : strcmp(c->name, "edit password") == 0 ? "x" : " ";
    for (size_t i = 0; i < 1000000; i++) s[n++] = fill[0];
    const char *end = strcmp(c->name, "long decimal") == 0 ? "1亩" : "1页";
    memcpy(s + n, end, strlen(end));
    n += strlen(end);
  } else {
    memcpy(s + n, c->tail, strlen(c->tail));
    n += strlen(c->tail);
  }
  assert_true(n < cap);
  s[n] = '\0';
  *len = n;
  return s;
}

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void test_adversarial_lines_take_linear_time(void **state) {
  (void)state;
  double worst = 0;
  const char *worst_name = "";
  for (size_t k = 0; k < sizeof k_lines / sizeof k_lines[0]; k++) {
    size_t len;
    char *s = build(&k_lines[k], &len);
    double t0 = now();
    reportx_doc *doc = NULL;
    reportx_error e;
    reportx_status st = parse_with(s, len, NULL, &doc, &e);
    /* a result, or a limit reached — never a hang */
    if (st != REPORTX_OK) print_message("%s: %s\n", k_lines[k].name, e.message);
    assert_true(st == REPORTX_OK || st == REPORTX_ERR_LIMIT);
    if (doc) {
      reportx_status js = REPORTX_OK;
      char *json = reportx_doc_to_json(doc, "x.txt", REPORTX_JSON_COMPACT, &js);
      assert_non_null(json);
      reportx_free(json);
      reportx_doc_free(doc);
    }
    double dt = now() - t0;
    if (dt > worst) worst = dt, worst_name = k_lines[k].name;
    /* generous for sanitizers and a loaded machine; quadratic work on a megabyte is hours */
    if (dt > 30) fail_msg("%s: %.1f s for %zu bytes", k_lines[k].name, dt, len);
    free(s);
  }
  print_message("slowest adversarial line: %s, %.2f s\n", worst_name, worst);
}

/* Eight times the input must not take sixty-four times as long: some of the cases above at
 * 256 KB and at 2 MB, the best of three runs each. */
static void test_time_grows_linearly(void **state) {
  (void)state;
  const char *units[] = {"一二三四五六七八九十", "1.", "第 1 页 ，共 ", "一是二是三是", "3-", "约"};
  for (size_t k = 0; k < sizeof units / sizeof units[0]; k++) {
    double t[2] = {1e9, 1e9};
    for (int r = 0; r < 6; r++) {
      size_t target = (r & 1) ? 2048 * 1024 : 256 * 1024, ul = strlen(units[k]), n = 0;
      char *s = malloc(target + 64);
      assert_non_null(s);
      while (n + ul < target) {
        memcpy(s + n, units[k], ul);
        n += ul;
      }
      memcpy(s + n, "3亩", strlen("3亩"));
      n += strlen("3亩");
      double t0 = now();
      reportx_doc *doc = NULL;
      reportx_error e;
      assert_int_equal(parse_with(s, n, NULL, &doc, &e), REPORTX_OK);
      reportx_doc_free(doc);
      double dt = now() - t0;
      if (dt < t[r & 1]) t[r & 1] = dt;
      free(s);
    }
    /* 8x the input: linear is 8x, quadratic 64x; allow 24x plus a second of noise */
    if (t[1] > 24 * t[0] + 1.0)
      fail_msg("'%s' repeated: %.3f s for 256 KB, %.3f s for 2 MB — worse than linear", units[k], t[0], t[1]);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_match_limit_is_honoured),
      cmocka_unit_test(test_depth_limit_never_breaks_a_parse),
      cmocka_unit_test(test_max_depth_is_honoured),
      cmocka_unit_test(test_max_size_stops_at_the_limit),
      cmocka_unit_test(test_misuse_is_a_usage_error),
      cmocka_unit_test(test_adversarial_lines_take_linear_time),
      cmocka_unit_test(test_time_grows_linearly),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
