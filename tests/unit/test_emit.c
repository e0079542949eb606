/* test_emit.c — the JSON emitter (src/emit_json.c): the streamed text is the string's, the
 * indented and compact forms hold the same JSON, a writer can stop it, and statistics sums
 * leave the fixed-point fast path exactly and group by class in order (src/stats.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <cmocka.h>

#include "fixture.h"
#include "internal.h"

static reportx_doc *sample(void) {
  size_t len;
  char *buf = read_fixture("xxzhen-2023.txt", &len);
  reportx_doc *doc = NULL;
  assert_int_equal(reportx_parse(buf, len, NULL, &doc, NULL), REPORTX_OK);
  free(buf);
  return doc;
}

typedef struct sink {
  char *s;
  size_t len, cap;
  size_t calls, stop_after; /* stop_after 0: never */
} sink;

static int sink_write(void *ctx, const char *buf, size_t len) {
  sink *k = ctx;
  k->calls++;
  if (k->stop_after && k->calls >= k->stop_after) return 1;
  if (k->len + len + 1 > k->cap) {
    k->cap = 2 * (k->len + len + 1);
    k->s = realloc(k->s, k->cap);
    assert_non_null(k->s);
  }
  memcpy(k->s + k->len, buf, len);
  k->len += len;
  k->s[k->len] = '\0';
  return 0;
}

static void test_stream_equals_string(void **state) {
  (void)state;
  reportx_doc *doc = sample();
  for (unsigned flags = 0; flags <= REPORTX_JSON_COMPACT; flags++) {
    reportx_status st;
    char *js = reportx_doc_to_json(doc, "x.txt", flags, &st);
    assert_non_null(js);
    assert_int_equal(st, REPORTX_OK);
    sink k = {0};
    assert_int_equal(reportx_doc_write_json(doc, "x.txt", flags, sink_write, &k), REPORTX_OK);
    assert_non_null(k.s);
    assert_string_equal(k.s, js);
    reportx_free(js);
    free(k.s);
  }
  reportx_doc_free(doc);
}

/* Indented and compact are the same JSON; the indented form uses two spaces, never a tab. */
static void test_forms_agree(void **state) {
  (void)state;
  reportx_doc *doc = sample();
  char *ind = reportx_doc_to_json(doc, NULL, 0, NULL);
  char *cmp = reportx_doc_to_json(doc, NULL, REPORTX_JSON_COMPACT, NULL);
  assert_non_null(ind);
  assert_non_null(cmp);
  assert_null(strchr(ind, '\t'));
  assert_null(strchr(cmp, '\n'));
  assert_non_null(strstr(ind, "{\n  \"source\": {\n    \"path\": \"-\","));
  assert_non_null(strstr(ind, "\"quantities\": [{\n      \"text\": "));
  cJSON *a = cJSON_Parse(ind), *b = cJSON_Parse(cmp);
  assert_non_null(a);
  assert_non_null(b);
  assert_true(cJSON_Compare(a, b, 1));
  assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(a, "quantities")),
                   (int)reportx_doc_quantity_count(doc));
  cJSON_Delete(a);
  cJSON_Delete(b);
  reportx_free(ind);
  reportx_free(cmp);
  reportx_doc_free(doc);
}

static void test_writer_stops_it(void **state) {
  (void)state;
  reportx_doc *doc = sample();
  sink k = {.stop_after = 1};
  assert_int_equal(reportx_doc_write_json(doc, NULL, 0, sink_write, &k), REPORTX_ERR_IO);
  assert_int_equal(reportx_doc_write_json(doc, NULL, 0, NULL, NULL), REPORTX_ERR_USAGE);
  assert_int_equal(reportx_doc_write_json(NULL, NULL, 0, sink_write, &k), REPORTX_ERR_USAGE);
  free(k.s);
  reportx_doc_free(doc);
}

/* Sums that outgrow 18 digits, long and odd values: the same figures as decimal.c gives. */
static void test_stats_sums(void **state) {
  (void)state;
  reportx_doc *doc = sample();
  doc->nquantities = 0;
  doc->nchecks = 0; /* they point at the quantities replaced below */
  static const char *const values[] = {"999999999999999999", "1", "0.5", "12.25", "-3",
                                       "123456789012345678901234567890", "x1", "7"};
  for (size_t i = 0; i < sizeof values / sizeof *values; i++) {
    reportx_quantity q = {0};
    q.text = q.value = values[i];
    q.unit = "亩";
    q.cls = "area";
    q.label = "";
    q.section = -1;
    assert_int_equal(rx_doc_add_quantity(doc, &q), 0);
  }
  char *js = reportx_doc_to_json(doc, NULL, REPORTX_JSON_COMPACT, NULL);
  assert_non_null(js);
  /* "x1" is not a number: the sum is null from there on; min and max compare as decimal.c */
  assert_non_null(strstr(js, "\"by_unit\":{\"亩\":{\"class\":\"area\",\"count\":8,\"sum\":null,"));
  reportx_free(js);
  doc->nquantities = 6; /* without "x1" and "7": every sum exact */
  js = reportx_doc_to_json(doc, NULL, REPORTX_JSON_COMPACT, NULL);
  assert_non_null(js);
  assert_non_null(strstr(js, "\"count\":6,\"sum\":123456789013345678901234567899.75,"
                             "\"min\":-3,\"max\":123456789012345678901234567890}"));
  reportx_free(js);
  reportx_doc_free(doc);
}

/* by_class and by_section: classes in order of first appearance, each with its base units
 * in theirs, though the classes interleave and a class's name is at another address; a
 * minimum equal to a later value keeps the text first seen (src/stats.c). */
static void test_stats_classes(void **state) {
  (void)state;
  reportx_doc *doc = sample();
  doc->nquantities = 0;
  doc->nchecks = 0; /* they point at the quantities replaced below */
  static char area2[] = "area"; /* the same class at another address */
  static const struct {
    const char *cls, *unit, *norm, *base;
  } qs[] = {
      {"area", "亩", "666.67", "m2"}, {"money", "万元", "10000", "元"}, {area2, "公顷", "10000", "m2"},
      {"money", "美元", "5", "美元"}, {"area", "亩", "666.670", "m2"},
  };
  for (size_t i = 0; i < sizeof qs / sizeof *qs; i++) {
    reportx_quantity q = {0};
    q.text = q.value = "1";
    q.unit = qs[i].unit;
    q.cls = qs[i].cls;
    q.norm_value = qs[i].norm;
    q.norm_unit = qs[i].base;
    q.label = "";
    q.section = -1;
    assert_int_equal(rx_doc_add_quantity(doc, &q), 0);
  }
  char *js = reportx_doc_to_json(doc, NULL, REPORTX_JSON_COMPACT, NULL);
  assert_non_null(js);
  const char *by_class = "{\"area\":{\"count\":3,\"normalized\":{\"m2\":{\"count\":3,\"sum\":11333.34,"
                         "\"min\":666.67,\"max\":10000}}},\"money\":{\"count\":2,\"normalized\":{\"元\":{"
                         "\"count\":1,\"sum\":10000,\"min\":10000,\"max\":10000},\"美元\":{\"count\":1,"
                         "\"sum\":5,\"min\":5,\"max\":5}}}}";
  char want[1024];
  snprintf(want, sizeof want, "\"by_class\":%s,\"by_section\":[", by_class);
  assert_non_null(strstr(js, want)); /* the document's */
  snprintf(want, sizeof want, "{\"section\":null,\"title\":null,\"count\":5,\"by_class\":%s}]", by_class);
  assert_non_null(strstr(js, want)); /* outside any section */
  reportx_free(js);
  reportx_doc_free(doc);
}

/* One quantity as a tree of its own, the way the emitter once built every element. */
static cJSON *reference_quantity(const reportx_doc *doc, const reportx_quantity *q) {
  cJSON *o = cJSON_CreateObject();
#define STR(obj, k, v) cJSON_AddItemToObject(obj, k, (v) ? cJSON_CreateString(v) : cJSON_CreateNull())
#define RAW(obj, k, v) cJSON_AddItemToObject(obj, k, (v) ? cJSON_CreateRaw(v) : cJSON_CreateNull())
  STR(o, "text", q->text);
  RAW(o, "value", q->value);
  if (q->value_max) RAW(o, "value_max", q->value_max);
  STR(o, "unit", q->unit);
  STR(o, "class", q->cls);
  if (q->norm_value && q->norm_unit) {
    cJSON *n = cJSON_CreateObject();
    RAW(n, "value", q->norm_value);
    if (q->norm_value_max) RAW(n, "value_max", q->norm_value_max);
    STR(n, "unit", q->norm_unit);
    cJSON_AddItemToObject(o, "normalized", n);
  } else {
    cJSON_AddNullToObject(o, "normalized");
  }
  STR(o, "qualifier", reportx_qualifier_name(q->qualifier));
  STR(o, "label", q->label);
  STR(o, "section", q->section >= 0 ? doc->sections[q->section].id : NULL);
  char span[64];
  snprintf(span, sizeof span, "[%zu,%zu]", q->start, q->end);
  cJSON_AddItemToObject(o, "span", cJSON_Parse(span));
  STR(o, "status", reportx_quantity_status_name(q->status));
#undef STR
#undef RAW
  return o;
}

/* cJSON's indented text with the emitter's layout: a tab after a colon is one space, any
 * other two. */
static char *untab(const char *s) {
  char *out = malloc(2 * strlen(s) + 1), *o = out;
  assert_non_null(out);
  for (const char *p = s; *p; p++) {
    if (*p != '\t') *o++ = *p;
    else if (p > s && p[-1] == ':') *o++ = ' ';
    else *o++ = ' ', *o++ = ' ';
  }
  *o = '\0';
  return out;
}

/* Quantities of every shape (ranges, normalised ranges, no normalisation, strings that need
 * escaping, nulls) print exactly as cJSON prints each one as a tree of its own, in both
 * forms, in document order: the templates and the order of their leaves agree. */
static void test_quantities_as_trees(void **state) {
  (void)state;
  reportx_doc *doc = sample();
  assert_true(doc->nsections > 0);
  doc->nquantities = 0;
  doc->nchecks = 0; /* they point at the quantities replaced below */
  static const char *const texts[] = {"3至5万元", "quote \" back \\ tab \t nl \n ctl \x01 end", "约1.5亿元", ""};
  for (int i = 0; i < 32; i++) {
    reportx_quantity q = {0};
    q.text = i == 5 ? NULL : texts[i % 4];
    q.value = i % 3 ? "12.5" : "-0.75";
    q.value_max = i & 1 ? "20" : NULL;
    q.unit = i % 5 ? "万元" : "亩";
    q.cls = i % 7 ? "money" : "area";
    if (i & 2) {
      q.norm_value = "125000";
      q.norm_value_max = i & 4 ? "200000" : NULL;
      q.norm_unit = i % 9 ? "元" : "m2";
    }
    q.qualifier = (reportx_qualifier)(i % 5);
    q.label = i % 6 ? "道路\"硬化\"" : "";
    q.section = i % 4 == 3 ? -1 : (int)((size_t)i % doc->nsections);
    q.start = (size_t)i * 10;
    q.end = (size_t)i * 10 + 7 + (size_t)i * 1000000;
    q.status = (reportx_quantity_status)(i % 3);
    assert_int_equal(rx_doc_add_quantity(doc, &q), 0);
  }
  for (int form = 0; form < 2; form++) {
    char *js = reportx_doc_to_json(doc, NULL, form ? 0 : REPORTX_JSON_COMPACT, NULL);
    assert_non_null(js);
    const char *at = js;
    for (size_t i = 0; i < doc->nquantities; i++) {
      cJSON *root = cJSON_CreateObject(), *arr = cJSON_AddArrayToObject(root, "quantities");
      cJSON_AddItemToArray(arr, reference_quantity(doc, &doc->quantities[i]));
      char *printed = form ? cJSON_Print(root) : cJSON_PrintUnformatted(root);
      char *want = form ? untab(printed) : strdup(printed);
      /* the element: from the array's '[' to its ']' */
      char *b = strchr(want, '['), *e = strrchr(want, ']');
      assert_non_null(b);
      assert_non_null(e);
      *e = '\0';
      const char *found = strstr(at, b + 1);
      if (!found) fail_msg("quantity %zu, %s form: %s", i, form ? "indented" : "compact", b + 1);
      at = found + strlen(b + 1);
      free(want);
      cJSON_free(printed);
      cJSON_Delete(root);
    }
    reportx_free(js);
  }
  reportx_doc_free(doc);
}

/* Sections nested deeper than the emitter's first allocation of per-depth templates, with
 * negative numbers: the indented form holds the compact form's JSON, each level indented
 * two more steps (one for the "sections" array, one for the object). */
static void test_deep_sections(void **state) {
  (void)state;
  reportx_doc *doc = sample();
  doc->nquantities = 0;
  doc->nchecks = 0;
  doc->nsections = 0;
  enum { DEPTH = 20 };
  static char ids[DEPTH][64];
  for (int l = 0; l < DEPTH; l++) {
    snprintf(ids[l], sizeof ids[l], l ? "%s.%d" : "%s%d", l ? ids[l - 1] : "", l + 1);
    reportx_section sec = {0};
    sec.level = l + 1;
    sec.ordinal = l % 2 ? -l : l + 1;
    sec.parent = l - 1;
    sec.marker = "（一）";
    sec.title = l % 3 ? "标题" : "";
    sec.id = ids[l];
    sec.start = (size_t)l;
    sec.end = 1000;
    assert_int_equal(rx_doc_add_section(doc, &sec), 0);
  }
  char *ind = reportx_doc_to_json(doc, NULL, 0, NULL);
  char *cmp = reportx_doc_to_json(doc, NULL, REPORTX_JSON_COMPACT, NULL);
  assert_non_null(ind);
  assert_non_null(cmp);
  cJSON *a = cJSON_Parse(ind), *b = cJSON_Parse(cmp);
  assert_non_null(a);
  assert_non_null(b);
  assert_true(cJSON_Compare(a, b, 1));
  cJSON_Delete(a);
  cJSON_Delete(b);
  for (int l = 0; l < DEPTH; l++) {
    char want[160];
    int n = snprintf(want, sizeof want, "\n%*s\"id\": \"%s\",\n", 2 * (1 + 2 * (l + 1)), "", ids[l]);
    assert_true(n > 0 && (size_t)n < sizeof want);
    if (!strstr(ind, want)) fail_msg("section %s not indented as %d spaces", ids[l], 2 * (1 + 2 * (l + 1)));
  }
  reportx_free(ind);
  reportx_free(cmp);
  reportx_doc_free(doc);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_stream_equals_string),
      cmocka_unit_test(test_forms_agree),
      cmocka_unit_test(test_writer_stops_it),
      cmocka_unit_test(test_stats_sums),
      cmocka_unit_test(test_stats_classes),
      cmocka_unit_test(test_quantities_as_trees),
      cmocka_unit_test(test_deep_sections),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
