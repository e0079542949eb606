/*
 * test_checks.c — arithmetic checks and planned/achieved status (src/checks.c), through the
 * public API: reportx_parse() on small reports whose figures are plain (Arabic digits,
 * common units), then reportx_doc_check() and reportx_quantity.status.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <cmocka.h>

#include "checks.h"
#include "decimal.h"
#include "reportx.h"

#define HEAD "XX镇2023年度工作总结\n一、2023年工作开展情况\n"

static reportx_doc *parse(const char *text) {
  reportx_doc *doc = NULL;
  reportx_error err;
  assert_int_equal(reportx_parse(text, strlen(text), NULL, &doc, &err), REPORTX_OK);
  assert_non_null(doc);
  return doc;
}

/* Index of the first quantity whose text is `t` at or after index `from`. */
static size_t qfind(const reportx_doc *doc, const char *t, size_t from) {
  for (size_t i = from; i < reportx_doc_quantity_count(doc); i++)
    if (strcmp(reportx_doc_quantity(doc, i)->text, t) == 0) return i;
  fail_msg("no quantity %s", t);
  return 0;
}

/* The one check whose stated figure has text `t`; fails when there is none or several. */
static const reportx_check *check_for(const reportx_doc *doc, const char *t) {
  const reportx_check *found = NULL;
  for (size_t i = 0; i < reportx_doc_check_count(doc); i++) {
    const reportx_check *k = reportx_doc_check(doc, i);
    if (strcmp(reportx_doc_quantity(doc, k->stated_quantity)->text, t) == 0) {
      assert_null(found);
      found = k;
    }
  }
  if (!found) fail_msg("no check stating %s", t);
  return found;
}

static size_t mismatches(const reportx_doc *doc) {
  size_t n = 0;
  for (size_t i = 0; i < reportx_doc_check_count(doc); i++)
    n += reportx_doc_check(doc, i)->status == REPORTX_CHECK_MISMATCH;
  return n;
}

static void expect(const reportx_check *k, reportx_check_kind kind, reportx_check_status st, const char *stated,
                   const char *computed, const char *diff, const char *unit) {
  assert_int_equal(k->kind, kind);
  assert_int_equal(k->status, st);
  assert_string_equal(k->stated, stated);
  assert_string_equal(k->computed, computed);
  assert_string_equal(k->difference, diff);
  assert_string_equal(k->unit, unit);
}

/* ------------------------------------------------------------ sums */

static void test_sum_across_sentences_mismatch(void **state) {
  (void)state;
  reportx_doc *doc = parse(HEAD "一是整治。永久基本农田流出图斑共有71个63.67亩。一般耕地流出图斑共有32个28.2亩。共计92.83亩。\n");
  const reportx_check *k = check_for(doc, "92.83亩");
  expect(k, REPORTX_CHECK_SUM, REPORTX_CHECK_MISMATCH, "92.83", "91.87", "0.96", "亩");
  assert_string_equal(k->tolerance, "0.05");
  assert_int_equal(k->nquantities, 3);
  assert_int_equal(k->quantities[0], qfind(doc, "63.67亩", 0));
  assert_int_equal(k->quantities[1], qfind(doc, "28.2亩", 0));
  assert_int_equal(k->quantities[2], k->stated_quantity);
  /* the span runs from the first part to the total, in code points */
  assert_int_equal(k->start, reportx_doc_quantity(doc, k->quantities[0])->start);
  assert_int_equal(k->end, reportx_doc_quantity(doc, k->stated_quantity)->end);
  reportx_doc_free(doc);
}

static void test_sum_across_sentences_with_context(void **state) {
  (void)state;
  reportx_doc *doc = parse(HEAD "一是种植。全镇耕地5000亩。今年种植小麦1200亩。种植玉米800亩。共计2000亩。\n");
  const reportx_check *k = check_for(doc, "2000亩");
  expect(k, REPORTX_CHECK_SUM, REPORTX_CHECK_OK, "2000", "2000", "0", "亩");
  assert_int_equal(k->nquantities, 3);
  reportx_doc_free(doc);
}

static void test_sum_in_sentence(void **state) {
  (void)state;
  reportx_doc *doc = parse(HEAD "一是整改。其中就地恢复图斑15处8.43亩，异地补充图斑65处89.78亩，共计整改面积98.21亩。"
                                "种植小麦1200亩，玉米800亩，共计2100亩。\n");
  expect(check_for(doc, "98.21亩"), REPORTX_CHECK_SUM, REPORTX_CHECK_OK, "98.21", "98.21", "0", "亩");
  expect(check_for(doc, "2100亩"), REPORTX_CHECK_SUM, REPORTX_CHECK_MISMATCH, "2100", "2000", "100", "亩");
  /* the counts 15处, 65处 have no total: no check of theirs */
  assert_int_equal(reportx_doc_check_count(doc), 2);
  reportx_doc_free(doc);
}

static void test_sum_units_with_multiplier(void **state) {
  (void)state;
  /* 万元 and 元 are one unit a power of ten apart: the sum is in the total's unit */
  reportx_doc *doc = parse(HEAD "一是资金。发放补助5000元，奖励1.5万元，合计2万元。\n");
  expect(check_for(doc, "2万元"), REPORTX_CHECK_SUM, REPORTX_CHECK_OK, "2", "2", "0", "万元");
  reportx_doc_free(doc);
}

static void test_rounding_edge(void **state) {
  (void)state;
  /* half a unit of the least precise figure (1.2: 0.05) is the tolerance, inclusive */
  reportx_doc *doc = parse(HEAD "一是内。种植小麦1.2亩，玉米2.35亩，共计3.6亩。\n"
                                "二是外。种植小麦1.2亩，玉米2.35亩，共计3.61亩。\n"
                                "三是整数。发放补助30万元，奖励12.5万元，合计42万元。\n"
                                "四是整数外。发放补助30万元，奖励12.5万元，合计43.1万元。\n");
  const reportx_check *k = check_for(doc, "3.6亩");
  expect(k, REPORTX_CHECK_SUM, REPORTX_CHECK_OK, "3.6", "3.55", "0.05", "亩");
  assert_string_equal(k->tolerance, "0.05");
  expect(check_for(doc, "3.61亩"), REPORTX_CHECK_SUM, REPORTX_CHECK_MISMATCH, "3.61", "3.55", "0.06", "亩");
  /* 42 is written to the unit: 42.5 is within half a unit of it */
  expect(check_for(doc, "42万元"), REPORTX_CHECK_SUM, REPORTX_CHECK_OK, "42", "42.5", "-0.5", "万元");
  expect(check_for(doc, "43.1万元"), REPORTX_CHECK_SUM, REPORTX_CHECK_MISMATCH, "43.1", "42.5", "0.6", "万元");
  reportx_doc_free(doc);
}

/* ------------------------------------------------------------ parts after 其中 */

static void test_parts(void **state) {
  (void)state;
  reportx_doc *doc = parse(HEAD "一是耕地。耕地面积31774亩，其中水田8110亩，旱田23664亩。\n"
                                "二是脱贫户。全镇脱贫户500户，其中一类户300户、二类户250户。\n"
                                "三是玉米。种植饲料玉米8600亩（含籽实玉米5000亩）。\n");
  expect(check_for(doc, "31774亩"), REPORTX_CHECK_PARTS, REPORTX_CHECK_OK, "31774", "31774", "0", "亩");
  expect(check_for(doc, "500户"), REPORTX_CHECK_PARTS, REPORTX_CHECK_MISMATCH, "500", "550", "-50", "户");
  /* parts need not exhaust the total */
  expect(check_for(doc, "8600亩"), REPORTX_CHECK_PARTS, REPORTX_CHECK_OK, "8600", "5000", "3600", "亩");
  reportx_doc_free(doc);
}

static void test_list_with_deng_is_a_bound(void **state) {
  (void)state;
  /* 等: the list is not complete, so the total is an upper bound of its parts */
  reportx_doc *doc = parse(HEAD "一是种植。种植小麦1200亩、玉米800亩等，共计2500亩。种植小麦1200亩、玉米800亩等，共计1500亩。\n");
  expect(check_for(doc, "2500亩"), REPORTX_CHECK_PARTS, REPORTX_CHECK_OK, "2500", "2000", "500", "亩");
  expect(check_for(doc, "1500亩"), REPORTX_CHECK_PARTS, REPORTX_CHECK_MISMATCH, "1500", "2000", "-500", "亩");
  reportx_doc_free(doc);
}

static void test_context_before_a_sum(void **state) {
  (void)state;
  /* 5000亩 is context: 1200 + 800 give the total */
  reportx_doc *doc = parse(HEAD "一是种植。全镇有耕地5000亩，种植小麦1200亩，玉米800亩，共计2000亩。"
                                "耕地面积5000亩，其中水田6000亩，旱田2000亩，林地面积3000亩。\n");
  const reportx_check *k = check_for(doc, "2000亩");
  expect(k, REPORTX_CHECK_SUM, REPORTX_CHECK_OK, "2000", "2000", "0", "亩");
  assert_int_equal(k->nquantities, 3);
  /* a run-on list: the first part alone exceeds the total, a mismatch whatever the list's end */
  k = check_for(doc, "5000亩"); /* the first 5000亩, context of the first sum, has none */
  expect(k, REPORTX_CHECK_PARTS, REPORTX_CHECK_MISMATCH, "5000", "6000", "-1000", "亩");
  assert_int_equal(k->nquantities, 2);
  reportx_doc_free(doc);
}

static void test_parts_run_on_list(void **state) {
  (void)state;
  /* with commas the list may run on into other figures: no mismatch unless the first part
   * alone exceeds the total; an enumeration with 、 is certain */
  reportx_doc *doc = parse(HEAD "一是造林。完成造林5000亩，其中人工造林3000亩，封山育林2500亩，森林覆盖率达到45%。"
                                "二是项目。实施项目50个，其中省重点项目10个、市重点项目15个、县重点项目30个。"
                                "三是农田。耕地面积3万亩，其中基本农田4万亩，今年种植粮食2.8万亩。\n");
  assert_int_equal(reportx_doc_check_count(doc), 2);
  expect(check_for(doc, "50个"), REPORTX_CHECK_PARTS, REPORTX_CHECK_MISMATCH, "50", "55", "-5", "个");
  const reportx_check *k = check_for(doc, "3万亩");
  expect(k, REPORTX_CHECK_PARTS, REPORTX_CHECK_MISMATCH, "3", "4", "-1", "万亩");
  assert_int_equal(k->nquantities, 2);
  reportx_doc_free(doc);
  /* 水田 and 旱田 give the total: the list ends before 林地面积 */
  doc = parse(HEAD "三是耕地。耕地面积5000亩，其中水田2000亩，旱田3000亩，林地面积3000亩。\n");
  k = check_for(doc, "5000亩");
  expect(k, REPORTX_CHECK_PARTS, REPORTX_CHECK_OK, "5000", "5000", "0", "亩");
  assert_int_equal(k->nquantities, 3);
  reportx_doc_free(doc);
}

static void test_parts_list_in_parentheses(void **state) {
  (void)state;
  reportx_doc *doc = parse(HEAD "一是安置。完成建设安置房1469套（其中：甲街道204套、乙镇400套、丙镇865套），"
                                "完成搬迁入住1469户。\n");
  const reportx_check *k = check_for(doc, "1469套");
  expect(k, REPORTX_CHECK_PARTS, REPORTX_CHECK_OK, "1469", "1469", "0", "套");
  assert_int_equal(k->nquantities, 4);
  reportx_doc_free(doc);
}

/* ------------------------------------------------------------ averages and shares */

static void test_average(void **state) {
  (void)state;
  reportx_doc *doc = parse(HEAD "一是收入。12个行政村总收入302.4万元，均达到25.2万元。"
                                "5个村总收入102.5万元，均达到20.4万元。\n");
  const reportx_check *k = check_for(doc, "25.2万元");
  expect(k, REPORTX_CHECK_AVERAGE, REPORTX_CHECK_OK, "25.2", "25.2", "0", "万元");
  assert_int_equal(k->nquantities, 3);
  assert_int_equal(k->quantities[0], qfind(doc, "12个", 0));
  expect(check_for(doc, "20.4万元"), REPORTX_CHECK_AVERAGE, REPORTX_CHECK_MISMATCH, "20.4", "20.5", "-0.1", "万元");
  reportx_doc_free(doc);
}

static void test_share(void **state) {
  (void)state;
  reportx_doc *doc = parse(HEAD "一是搬迁。下达搬迁任务5086户20402人，搬迁人口中建档立卡贫困户4321户16870人，"
                                "占搬迁人口的82.69%。全镇户籍人口8000人，其中脱贫人口2000人，占全镇户籍人口的30%。\n");
  const reportx_check *k = check_for(doc, "82.69%");
  expect(k, REPORTX_CHECK_SHARE, REPORTX_CHECK_OK, "82.69", "82.688", "0.002", "%");
  assert_int_equal(k->quantities[0], qfind(doc, "20402人", 0));
  assert_int_equal(k->quantities[1], qfind(doc, "16870人", 0));
  expect(check_for(doc, "30%"), REPORTX_CHECK_SHARE, REPORTX_CHECK_MISMATCH, "30", "25", "5", "%");
  reportx_doc_free(doc);
}

/* ------------------------------------------------------------ unsure pairings: no check */

static void test_unsure_pairings_make_no_check(void **state) {
  (void)state;
  static const char *const cases[] = {
      "一是约数。种植小麦约1200亩，玉米800亩，共计2100亩。",       /* a part is approximate */
      "二是单位不同。种植小麦1200亩，大棚800平方米，共计2100亩。", /* same class, other unit */
      "三是累计。清运垃圾30吨，清理淤泥20吨，累计60吨。",         /* 累计 only confirms */
      "四是总数不唯一。耕地5000亩，林地3000亩，其中退耕还林2500亩。", /* which total? */
      "五是人均。12个村总收入300万元，人均达到2万元。",           /* 人均 but N counts villages */
      "六是分母不明。完成投资19亿元，占全年计划投资的118%。",     /* the whole is not stated */
      "七是每户。其中甲村每户补助2万元，乙村每户补助3万元，共计4万元。", /* per household */
      "八是另起。种植小麦1200亩，玉米800亩，全部实现机收，共计2100亩。", /* a clause without figure */
      "九是不同事物。新建大棚20个，其中蔬菜大棚25座。",           /* 个 and 座 count different things */
      "十是共有。全镇甲村300户，乙村200户，共有脱贫户120户。",     /* a kind of its own among them */
      "十二是另有所指。图斑甲63.67亩。图斑乙28.2亩。共计整改面积50亩。", /* a label: another total */
      "十三是均已。全镇5个村总投资500万元，均已完工，每村投资80万元。", /* 均 = all, not average */
      "十四是增量。种植小麦1200亩，比上年增加200亩，玉米800亩，共计2100亩。", /* a change is no part */
      "十五是亩产。甲村亩产2吨，乙村亩产3吨，共计产量6吨。",               /* per mu */
      "十六是另起一事。全镇耕地面积3万亩，其中基本农田2.5万亩，今年种植粮食2.8万亩。",
      "十七是自有范围。今年种植小麦1200亩，玉米800亩，全镇粮食播种面积共计29919亩。",
      "十一是列表越界。耕地面积5000亩，其中水田2000亩，旱田2000亩，林地面积3000亩。", /* list may end early */
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    char text[512];
    snprintf(text, sizeof text, HEAD "%s\n", cases[i]);
    reportx_doc *doc = parse(text);
    if (reportx_doc_check_count(doc) != 0) {
      const reportx_check *k = reportx_doc_check(doc, 0);
      fail_msg("case %zu (%s): a %s check stating %s", i, cases[i], reportx_check_kind_name(k->kind), k->stated);
    }
    reportx_doc_free(doc);
  }
}

static void test_list_ends_at_clause_without_figure(void **state) {
  (void)state;
  /* 5户 after 均已完成入住 is not one of the parts of 6户 */
  reportx_doc *doc = parse(HEAD "一是搬迁。落实6户群众搬迁工作，其中县内安置3户，村内自建安置3户，均已完成入住，"
                                "每户已拨付补贴资金4万元，5户办理5万元贷款。\n");
  expect(check_for(doc, "6户"), REPORTX_CHECK_PARTS, REPORTX_CHECK_OK, "6", "6", "0", "户");
  assert_int_equal(mismatches(doc), 0);
  reportx_doc_free(doc);
}

/* ------------------------------------------------------------ planned or achieved */

static reportx_quantity_status status_of(const reportx_doc *doc, const char *t, size_t from) {
  return reportx_doc_quantity(doc, qfind(doc, t, from))->status;
}

static void test_status_both_orders(void **state) {
  (void)state;
  reportx_doc *doc = parse(HEAD "一是项目。计划投资100万元，已完成投资60万元。已完成投资70万元，计划明年投资200万元。\n");
  assert_int_equal(status_of(doc, "100万元", 0), REPORTX_QUANTITY_PLANNED);
  assert_int_equal(status_of(doc, "60万元", 0), REPORTX_QUANTITY_ACHIEVED);
  assert_int_equal(status_of(doc, "70万元", 0), REPORTX_QUANTITY_ACHIEVED);
  assert_int_equal(status_of(doc, "200万元", 0), REPORTX_QUANTITY_PLANNED);
  reportx_doc_free(doc);
}

static void test_status_words(void **state) {
  (void)state;
  reportx_doc *doc = parse(HEAD "一是资金。争取上级资金300万元，预计年底前到位200万元。发放“雨露计划”补助45万元。"
                                "力争新增就业500人。拟新建道路3公里。目标完成造林800亩。\n");
  /* 争取 + funds is money secured: a result */
  assert_int_equal(status_of(doc, "300万元", 0), REPORTX_QUANTITY_ACHIEVED);
  assert_int_equal(status_of(doc, "200万元", 0), REPORTX_QUANTITY_PLANNED);
  /* 计划 inside the name of a programme says nothing */
  assert_int_equal(status_of(doc, "45万元", 0), REPORTX_QUANTITY_ACHIEVED);
  assert_int_equal(status_of(doc, "500人", 0), REPORTX_QUANTITY_PLANNED);
  assert_int_equal(status_of(doc, "3公里", 0), REPORTX_QUANTITY_PLANNED);
  assert_int_equal(status_of(doc, "800亩", 0), REPORTX_QUANTITY_PLANNED);
  reportx_doc_free(doc);
}

static void test_status_plan_sections(void **state) {
  (void)state;
  reportx_doc *doc = parse(HEAD "一是建设。新建道路5公里。\n二、下一步工作打算\n一是新建道路6公里。二是已建成的大棚20座全部投产。\n"
                                "三、2024年重点任务\n改造农户厕所200户。\n");
  assert_int_equal(status_of(doc, "5公里", 0), REPORTX_QUANTITY_ACHIEVED);
  assert_int_equal(status_of(doc, "6公里", 0), REPORTX_QUANTITY_PLANNED);
  assert_int_equal(status_of(doc, "20座", 0), REPORTX_QUANTITY_PLANNED);
  /* a heading year later than the report's */
  assert_int_equal(status_of(doc, "200户", 0), REPORTX_QUANTITY_PLANNED);
  reportx_doc_free(doc);
}

static void test_status_plan_execution_report(void **state) {
  (void)state;
  /* a report on how last year's plan was carried out: the kind word 计划 in the title and in a
   * heading (计划执行情况) must not make the results plans; the next year's part is planned */
  reportx_doc *doc = parse("关于某县2021年计划执行情况与2022年计划草案的报告\n"
                           "一、2021年计划执行情况\n全县新建高标准农田3.2万亩，新增就业6830人。\n"
                           "二、2022年主要任务\n新建高标准农田2万亩。\n");
  assert_int_equal(status_of(doc, "3.2万亩", 0), REPORTX_QUANTITY_ACHIEVED);
  assert_int_equal(status_of(doc, "6830人", 0), REPORTX_QUANTITY_ACHIEVED);
  assert_int_equal(status_of(doc, "2万亩", 0), REPORTX_QUANTITY_PLANNED);
  reportx_doc_free(doc);
}

static void test_status_unknown(void **state) {
  (void)state;
  /* no kind, no section heading, no word: the text does not say */
  reportx_doc *doc = parse("全镇共有耕地3000亩，人口5000人。\n");
  assert_int_equal(status_of(doc, "3000亩", 0), REPORTX_QUANTITY_UNKNOWN);
  assert_int_equal(status_of(doc, "5000人", 0), REPORTX_QUANTITY_UNKNOWN);
  reportx_doc_free(doc);
}

static void test_sentence_status_helper(void **state) {
  (void)state;
  const char *s = "截至2024年3月，完成投资50万元";
  assert_int_equal(rx_checks_sentence_status(s, 0, strlen(s), 2023), REPORTX_QUANTITY_ACHIEVED);
  s = "到2025年建成示范村5个";
  assert_int_equal(rx_checks_sentence_status(s, 0, strlen(s), 2023), REPORTX_QUANTITY_PLANNED);
  s = "将近300人参加";
  assert_int_equal(rx_checks_sentence_status(s, 0, strlen(s), 2023), REPORTX_QUANTITY_UNKNOWN);
  s = "完成全年计划投资的118%";
  assert_int_equal(rx_checks_sentence_status(s, 0, strlen(s), 2023), REPORTX_QUANTITY_UNKNOWN);
}

/* Characters of the same block of 64 code points as a word's first one (小 少 by 将, 列 创 by
 * 到, 订 认 by 计) are passed over, and the word is still found after them. */
static void test_sentence_status_block_neighbours(void **state) {
  (void)state;
  const char *s = "小少将建成示范村5个";
  assert_int_equal(rx_checks_sentence_status(s, 0, strlen(s), 2023), REPORTX_QUANTITY_PLANNED);
  s = "列创到2025年建成示范村5个";
  assert_int_equal(rx_checks_sentence_status(s, 0, strlen(s), 2023), REPORTX_QUANTITY_PLANNED);
  s = "订认计划新建道路3公里";
  assert_int_equal(rx_checks_sentence_status(s, 0, strlen(s), 2023), REPORTX_QUANTITY_PLANNED);
  s = "宣传小区道路3公里";
  assert_int_equal(rx_checks_sentence_status(s, 0, strlen(s), 2023), REPORTX_QUANTITY_UNKNOWN);
}

/* The status scan looks only at the characters that start one of its words: years written
 * with full-width digits or Chinese numerals, quotes and delimiters still count. */
static void test_sentence_status_years_and_quotes(void **state) {
  (void)state;
  static const struct {
    const char *s;
    reportx_quantity_status st;
  } cases[] = {
      {"二〇二四年底前完成改造", REPORTX_QUANTITY_PLANNED},
      {"到２０２５年实现", REPORTX_QUANTITY_PLANNED},
      {"2024年，", REPORTX_QUANTITY_PLANNED},
      {"２０２２年新建道路", REPORTX_QUANTITY_ACHIEVED},
      {"一九九八年建成的水厂", REPORTX_QUANTITY_ACHIEVED},
      {"二〇二三年在村里投资", REPORTX_QUANTITY_ACHIEVED},
      {"2024年民生实事", REPORTX_QUANTITY_UNKNOWN}, /* a name, not a date */
      {"“计划”外新增", REPORTX_QUANTITY_UNKNOWN},    /* quoted */
      {"计划，完成", REPORTX_QUANTITY_UNKNOWN},      /* 计划 as a noun */
      {"《将来》已", REPORTX_QUANTITY_ACHIEVED},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
    assert_int_equal(rx_checks_sentence_status(cases[i].s, 0, strlen(cases[i].s), 2023), cases[i].st);
}

/* A year whose digits are mixed (the walk passes over a 1 or 2 only when no 9 or 0 of a year
 * of any kind follows it), and a verb of result looked for at its clause's start only, and
 * only before the quantity. */
static void test_sentence_status_mixed_years_and_done_verbs(void **state) {
  (void)state;
  static const struct {
    const char *s;
    reportx_quantity_status st;
  } cases[] = {
      {"2０２４年底前完成改造", REPORTX_QUANTITY_PLANNED},
      {"1九九八年建成的水厂", REPORTX_QUANTITY_ACHIEVED},
      {"2〇二三年在村里投资", REPORTX_QUANTITY_ACHIEVED},
      {"2零2三年在村里投资", REPORTX_QUANTITY_ACHIEVED},
      {"硬化1200米，2024年底前", REPORTX_QUANTITY_PLANNED},
      {"12年来21次", REPORTX_QUANTITY_UNKNOWN},
      {"计划硬化道路，完成投资", REPORTX_QUANTITY_ACHIEVED},
      {"计划硬化道路，总投资", REPORTX_QUANTITY_PLANNED},
      {"计划硬化道路，其中完成投资", REPORTX_QUANTITY_PLANNED}, /* not at the clause's start */
      {"完成投资", REPORTX_QUANTITY_UNKNOWN},                   /* no plan word before it */
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
    assert_int_equal(rx_checks_sentence_status(cases[i].s, 0, strlen(cases[i].s), 2023), cases[i].st);
  /* the quantity at the clause's start: the verb there is not looked at */
  const char *s = "计划硬化道路，完成投资";
  assert_int_equal(rx_checks_sentence_status(s, 0, strlen("计划硬化道路，"), 2023), REPORTX_QUANTITY_PLANNED);
}

/* ------------------------------------------------------------ JSON and the sample */

static char *read_sample(size_t *len) {
  FILE *f = fopen(FIXTURES_DIR "/xxzhen-2023.txt", "rb");
  assert_non_null(f);
  static char buf[1 << 16];
  *len = fread(buf, 1, sizeof buf, f);
  fclose(f);
  return buf;
}

static void test_sample(void **state) {
  (void)state;
  size_t len;
  const char *text = read_sample(&len);
  reportx_doc *doc = NULL;
  assert_int_equal(reportx_parse(text, len, NULL, &doc, NULL), REPORTX_OK);
  expect(check_for(doc, "92.83亩"), REPORTX_CHECK_SUM, REPORTX_CHECK_MISMATCH, "92.83", "91.87", "0.96", "亩");
  expect(check_for(doc, "98.21亩"), REPORTX_CHECK_SUM, REPORTX_CHECK_OK, "98.21", "98.21", "0", "亩");
  expect(check_for(doc, "25.2万元"), REPORTX_CHECK_AVERAGE, REPORTX_CHECK_OK, "25.2", "25.2", "0", "万元");
  assert_int_equal(mismatches(doc), 1);
  /* every quantity of part 三 (2024年工作计划) is planned */
  size_t in_three = 0;
  for (size_t i = 0; i < reportx_doc_quantity_count(doc); i++) {
    const reportx_quantity *q = reportx_doc_quantity(doc, i);
    if (q->section < 0) continue;
    const reportx_section *s = reportx_doc_section(doc, (size_t)q->section);
    while (s->parent >= 0) s = reportx_doc_section(doc, (size_t)s->parent);
    if (strcmp(s->id, "3") != 0) continue;
    in_three++;
    assert_int_equal(q->status, REPORTX_QUANTITY_PLANNED);
  }
  assert_true(in_three >= 10);

  char *js = reportx_doc_to_json(doc, "x.txt", REPORTX_JSON_COMPACT, NULL);
  assert_non_null(js);
  cJSON *root = cJSON_Parse(js);
  assert_non_null(root);
  cJSON *checks = cJSON_GetObjectItemCaseSensitive(root, "checks");
  assert_true(cJSON_IsArray(checks));
  assert_int_equal((size_t)cJSON_GetArraySize(checks), reportx_doc_check_count(doc));
  /* keys in a fixed order: checks last, after warnings */
  assert_string_equal(root->child->string, "source");
  cJSON *last = root->child;
  while (last->next) last = last->next;
  assert_string_equal(last->string, "checks");
  cJSON *bs = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(root, "stats"), "by_status");
  assert_non_null(cJSON_GetObjectItemCaseSensitive(bs, "achieved"));
  assert_non_null(cJSON_GetObjectItemCaseSensitive(bs, "planned"));
  cJSON *q0 = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(root, "quantities"), 0);
  assert_true(cJSON_IsString(cJSON_GetObjectItemCaseSensitive(q0, "status")));
  cJSON_Delete(root);
  reportx_free(js);
  reportx_doc_free(doc);
}

static void test_names(void **state) {
  (void)state;
  assert_string_equal(reportx_check_kind_name(REPORTX_CHECK_SUM), "sum");
  assert_string_equal(reportx_check_kind_name(REPORTX_CHECK_PARTS), "parts");
  assert_string_equal(reportx_check_kind_name(REPORTX_CHECK_AVERAGE), "average");
  assert_string_equal(reportx_check_kind_name(REPORTX_CHECK_SHARE), "share");
  assert_string_equal(reportx_check_status_name(REPORTX_CHECK_OK), "ok");
  assert_string_equal(reportx_check_status_name(REPORTX_CHECK_MISMATCH), "mismatch");
  assert_string_equal(reportx_quantity_status_name(REPORTX_QUANTITY_UNKNOWN), "unknown");
  assert_string_equal(reportx_quantity_status_name(REPORTX_QUANTITY_ACHIEVED), "achieved");
  assert_string_equal(reportx_quantity_status_name(REPORTX_QUANTITY_PLANNED), "planned");
  reportx_doc *doc = parse(HEAD "一是无。没有数字。\n");
  assert_int_equal(reportx_doc_check_count(doc), 0);
  assert_null(reportx_doc_check(doc, 0));
  reportx_doc_free(doc);
}

static void test_pathological_long_sentence(void **state) {
  (void)state;
  /* one sentence of 20000 figures and totals: bounded look-ups keep it fast */
  size_t n = 20000, cap = n * 40 + 256, len = 0;
  char *text = malloc(cap);
  assert_non_null(text);
  len += (size_t)snprintf(text + len, cap - len, "%s", HEAD);
  for (size_t i = 0; i < n; i++)
    len += (size_t)snprintf(text + len, cap - len, i % 3 == 2 ? "共计%zu亩，" : "其中种植%zu亩，", i % 97 + 1);
  reportx_doc *doc = NULL;
  assert_int_equal(reportx_parse(text, len, NULL, &doc, NULL), REPORTX_OK);
  reportx_doc_free(doc);
  free(text);
}

/* Random texts from the pieces the checks look at: no crash, and every check is sound. */
static void test_random_pieces_invariants(void **state) {
  (void)state;
  static const char *const pieces[] = {
      "共计", "合计", "总计", "共", "累计", "其中", "（其中：", "（含", "）", "，", "、", "。", "；", "\n",
      "均达到", "人均", "平均", "占", "的", "等", "每户", "比上年增加", "计划", "预计", "已", "2024年",
      "12个", "3个", "5户", "20人", "1200亩", "800亩", "63.67亩", "28.2亩", "1.5万亩", "302.4万元",
      "25.2万元", "30万元", "5000元", "25%", "82.69%", "约100亩", "3-5万元", "小麦", "玉米", "行政村",
      "总收入", "户籍人口", "一是", "二、2024年工作计划\n",
  };
  uint32_t seed = 12345;
  size_t total = 0, mism = 0;
  for (int round = 0; round < 400; round++) {
    char text[2048];
    size_t len = (size_t)snprintf(text, sizeof text, "%s", HEAD);
    int n = 5 + (int)(seed % 60);
    for (int i = 0; i < n; i++) {
      seed = seed * 1103515245u + 12345u;
      const char *p = pieces[(seed >> 8) % (sizeof pieces / sizeof *pieces)];
      size_t pl = strlen(p);
      if (len + pl + 1 >= sizeof text) break;
      memcpy(text + len, p, pl);
      len += pl;
    }
    text[len] = '\0';
    reportx_doc *doc = NULL;
    assert_int_equal(reportx_parse(text, len, NULL, &doc, NULL), REPORTX_OK);
    size_t nq = reportx_doc_quantity_count(doc);
    for (size_t i = 0; i < nq; i++) {
      reportx_quantity_status st = reportx_doc_quantity(doc, i)->status;
      assert_true(st == REPORTX_QUANTITY_UNKNOWN || st == REPORTX_QUANTITY_ACHIEVED || st == REPORTX_QUANTITY_PLANNED);
    }
    for (size_t i = 0; i < reportx_doc_check_count(doc); i++) {
      const reportx_check *k = reportx_doc_check(doc, i);
      assert_true(k->nquantities >= 2);
      int has_stated = 0;
      for (size_t j = 0; j < k->nquantities; j++) {
        assert_true(k->quantities[j] < nq);
        if (j) assert_true(k->quantities[j - 1] < k->quantities[j]);
        has_stated |= k->quantities[j] == k->stated_quantity;
      }
      assert_true(has_stated);
      assert_true(k->start < k->end && k->end <= reportx_doc_chars(doc));
      assert_true(k->tolerance[0] != '-');
      /* a mismatch is outside the tolerance: |difference| > tolerance */
      const char *d = k->difference[0] == '-' ? k->difference + 1 : k->difference;
      if (k->status == REPORTX_CHECK_MISMATCH) assert_true(strcmp(d, "0") != 0);
      if (i) assert_true(reportx_doc_check(doc, i - 1)->stated_quantity <= k->stated_quantity);
      total++;
      mism += k->status == REPORTX_CHECK_MISMATCH;
    }
    reportx_doc_free(doc);
  }
  print_message("400 random texts: %zu checks, %zu mismatches\n", total, mism);
  assert_true(total > 0);
}

/* The by_status sums are exact whatever their size or number of decimals (64-bit fixed point
 * while it fits, decimal.c beyond): each against decimal.c over the same figures. */
static void test_status_sums_exact(void **state) {
  (void)state;
  reportx_doc *doc = parse(HEAD "完成投资123456789012345678901.5万元，又投资0.25元、3元、1.125元。建成道路1.5公里、"
                                "2.25公里、0.001公里，新增耕地9999999999999999.99亩、0.01亩。计划明年新增耕地"
                                "999999999999999999亩、1亩。\n");
  int failed = 0;
  cJSON *bs = rx_status_stats_json(doc, &failed);
  assert_int_equal(failed, 0);
  assert_non_null(bs);
  size_t n = reportx_doc_quantity_count(doc), checked = 0;
  for (size_t i = 0; i < n; i++) {
    const reportx_quantity *q = reportx_doc_quantity(doc, i);
    if (!q->cls || !q->norm_value || !q->norm_unit) continue;
    char sum[RX_DEC_MAX] = "0", tmp[RX_DEC_MAX];
    for (size_t j = 0; j < n; j++) {
      const reportx_quantity *r = reportx_doc_quantity(doc, j);
      if (r->status == q->status && r->cls && r->norm_value && r->norm_unit && strcmp(r->cls, q->cls) == 0 &&
          strcmp(r->norm_unit, q->norm_unit) == 0) {
        assert_int_equal(rx_dec_add(sum, r->norm_value, tmp, sizeof tmp), 0);
        memcpy(sum, tmp, sizeof tmp);
      }
    }
    cJSON *st = cJSON_GetObjectItemCaseSensitive(bs, reportx_quantity_status_name(q->status));
    cJSON *cl = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(st, "by_class"), q->cls);
    cJSON *f = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(cl, "normalized"), q->norm_unit);
    cJSON *got = cJSON_GetObjectItemCaseSensitive(f, "sum");
    assert_non_null(got);
    assert_true(cJSON_IsRaw(got));
    assert_string_equal(got->valuestring, sum);
    checked++;
  }
  assert_true(checked >= 8);
  cJSON_Delete(bs);
  reportx_doc_free(doc);
}

/* A heading's words, per-head words and total words, tried only at characters that may start
 * them, still found at the end of their text and next to other words of the lists. */
static void test_words_at_edges(void **state) {
  (void)state;
  reportx_doc *doc = parse("XX镇2023年度工作总结\n一、明年工作打算\n新建道路5公里。\n二、工作回顾\n"
                           "A村5亩，B村6亩，共计11亩。其中每户3亩，人均2亩。\n");
  assert_int_equal(status_of(doc, "5公里", 0), REPORTX_QUANTITY_PLANNED);
  assert_int_equal(status_of(doc, "5亩", 0), REPORTX_QUANTITY_ACHIEVED);
  expect(check_for(doc, "11亩"), REPORTX_CHECK_SUM, REPORTX_CHECK_OK, "11", "11", "0", "亩");
  reportx_doc_free(doc);
}

/* The scan passes over sentences without a figure, and over the rest of a sentence after its
 * last figure, without reading them: the ends must still be found (; 。 \r\n), a 其中 after
 * the last figure opens no list, and a line break still ends a sum across sentences. */
static void test_sentences_without_figures(void **state) {
  (void)state;
  reportx_doc *doc = parse(HEAD "一是整治；这一句没有数字。耕地流出63.67亩，另有说明，其中不再细分。耕地流出28.2亩。"
                                "共计91.87亩。\r\n共计5亩。\n二是计划。明年计划新建道路3公里，其中（含旧路）。\n");
  assert_int_equal(reportx_doc_check_count(doc), 1);
  const reportx_check *k = check_for(doc, "91.87亩");
  expect(k, REPORTX_CHECK_SUM, REPORTX_CHECK_OK, "91.87", "91.87", "0", "亩");
  assert_int_equal(k->nquantities, 3);
  assert_int_equal(status_of(doc, "5亩", 0), REPORTX_QUANTITY_ACHIEVED);
  assert_int_equal(status_of(doc, "3公里", 0), REPORTX_QUANTITY_PLANNED);
  reportx_doc_free(doc);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_sum_across_sentences_mismatch),
      cmocka_unit_test(test_sum_across_sentences_with_context),
      cmocka_unit_test(test_sum_in_sentence),
      cmocka_unit_test(test_sum_units_with_multiplier),
      cmocka_unit_test(test_rounding_edge),
      cmocka_unit_test(test_parts),
      cmocka_unit_test(test_list_with_deng_is_a_bound),
      cmocka_unit_test(test_context_before_a_sum),
      cmocka_unit_test(test_parts_run_on_list),
      cmocka_unit_test(test_parts_list_in_parentheses),
      cmocka_unit_test(test_average),
      cmocka_unit_test(test_share),
      cmocka_unit_test(test_unsure_pairings_make_no_check),
      cmocka_unit_test(test_list_ends_at_clause_without_figure),
      cmocka_unit_test(test_status_both_orders),
      cmocka_unit_test(test_status_words),
      cmocka_unit_test(test_status_plan_sections),
      cmocka_unit_test(test_status_plan_execution_report),
      cmocka_unit_test(test_status_unknown),
      cmocka_unit_test(test_sentence_status_helper),
      cmocka_unit_test(test_sentence_status_block_neighbours),
      cmocka_unit_test(test_sentence_status_years_and_quotes),
      cmocka_unit_test(test_sentence_status_mixed_years_and_done_verbs),
      cmocka_unit_test(test_sample),
      cmocka_unit_test(test_names),
      cmocka_unit_test(test_pathological_long_sentence),
      cmocka_unit_test(test_random_pieces_invariants),
      cmocka_unit_test(test_status_sums_exact),
      cmocka_unit_test(test_words_at_edges),
      cmocka_unit_test(test_sentences_without_figures),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
