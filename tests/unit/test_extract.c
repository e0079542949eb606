/*
 * test_extract.c — the quantity extractor (src/extract.c) through the public API and its
 * private helpers (extract.h): number forms, units, qualifiers, ranges, lists with a shared
 * unit, compounds, every exclusion class, labels, spans, and pathological inputs.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "extract.h"
#include "reportx.h"

/* ------------------------------------------------------------------ helpers */

static reportx_doc *parse(const char *text) {
  reportx_doc *doc = NULL;
  reportx_error err;
  assert_int_equal(reportx_parse(text, strlen(text), NULL, &doc, &err), REPORTX_OK);
  assert_non_null(doc);
  return doc;
}

/* The n-th (0-based) quantity whose text is `text`, or NULL. */
static const reportx_quantity *find_nth(const reportx_doc *doc, const char *text, int n) {
  for (size_t i = 0; i < reportx_doc_quantity_count(doc); i++) {
    const reportx_quantity *q = reportx_doc_quantity(doc, i);
    if (strcmp(q->text, text) == 0 && n-- == 0) return q;
  }
  return NULL;
}

static const reportx_quantity *find(const reportx_doc *doc, const char *text) {
  return find_nth(doc, text, 0);
}

/* Asserts one quantity: text, value, unit, qualifier name (NULL for none). */
static const reportx_quantity *expect_q(const reportx_doc *doc, const char *text, const char *value,
                                        const char *unit, const char *qual) {
  const reportx_quantity *q = find(doc, text);
  if (!q) fail_msg("no quantity \"%s\"", text);
  assert_string_equal(q->value, value);
  assert_string_equal(q->unit, unit);
  const char *qn = reportx_qualifier_name(q->qualifier);
  if (qual) {
    assert_non_null(qn);
    assert_string_equal(qn, qual);
  } else {
    assert_null(qn);
  }
  return q;
}

/* Asserts that `text` yields no quantity at all. */
static void expect_none(const char *text) {
  reportx_doc *doc = parse(text);
  if (reportx_doc_quantity_count(doc) != 0)
    fail_msg("\"%s\" gave \"%s\"", text, reportx_doc_quantity(doc, 0)->text);
  reportx_doc_free(doc);
}

/* Asserts that `text` yields exactly the quantities in `texts` (NULL-terminated), in order. */
static void expect_only(const char *text, const char *const *texts) {
  reportx_doc *doc = parse(text);
  size_t n = 0;
  while (texts[n]) n++;
  if (reportx_doc_quantity_count(doc) != n) {
    for (size_t i = 0; i < reportx_doc_quantity_count(doc); i++)
      print_message("  got %s\n", reportx_doc_quantity(doc, i)->text);
    fail_msg("\"%s\": %zu quantities, expected %zu", text, reportx_doc_quantity_count(doc), n);
  }
  for (size_t i = 0; i < n; i++) assert_string_equal(reportx_doc_quantity(doc, i)->text, texts[i]);
  reportx_doc_free(doc);
}

/* ------------------------------------------------------------------ number forms and units */

static void test_arabic_forms(void **state) {
  (void)state;
  reportx_doc *doc = parse("全镇粮食播种面积稳定在29919亩，发放补助资金155.6万元，培训1,200人，"
                           "新增１２户，完成４５．５亩，金额48.152万元。");
  const reportx_quantity *q = expect_q(doc, "29919亩", "29919", "亩", NULL);
  assert_string_equal(q->cls, "area");
  assert_string_equal(q->norm_unit, "m2");
  q = expect_q(doc, "155.6万元", "155.6", "万元", NULL);
  assert_string_equal(q->cls, "money");
  assert_string_equal(q->norm_value, "1556000");
  assert_string_equal(q->norm_unit, "元");
  expect_q(doc, "1,200人", "1200", "人", NULL);
  expect_q(doc, "１２户", "12", "户", NULL);
  expect_q(doc, "４５．５亩", "45.5", "亩", NULL);
  q = expect_q(doc, "48.152万元", "48.152", "万元", NULL);
  assert_string_equal(q->norm_value, "481520");
  reportx_doc_free(doc);
}

static void test_chinese_forms(void **state) {
  (void)state;
  reportx_doc *doc = parse("招收三千二百人，帮扶两个村，完成三万亩，主要客运线路有三条，"
                           "覆盖率达百分之八十，建成壹佰贰拾座。");
  expect_q(doc, "三千二百人", "3200", "人", NULL);
  expect_q(doc, "两个", "2", "个", NULL);
  expect_q(doc, "三万亩", "30000", "亩", NULL); /* a Chinese numeral takes its own 万 */
  expect_q(doc, "三条", "3", "条", NULL);
  const reportx_quantity *q = expect_q(doc, "百分之八十", "80", "%", NULL);
  assert_string_equal(q->cls, "ratio");
  expect_q(doc, "壹佰贰拾座", "120", "座", NULL);
  reportx_doc_free(doc);
}

static void test_mixed_and_units(void **state) {
  (void)state;
  reportx_doc *doc = parse("种植1.2万亩，投入3千元，装机284.8千瓦，水渠22196米，护坡13163m³，"
                           "森林覆盖率43.2%，风险消除率79.43％，坡度3.78‰，比同期提高0.9个百分点，"
                           "能耗1.0439吨标准煤/万元，补助3.5万元/户，PM2.5浓度均值58微克/立方米，"
                           "增长1倍，出口4亿美元。");
  const reportx_quantity *q = expect_q(doc, "1.2万亩", "1.2", "万亩", NULL);
  assert_string_equal(q->cls, "area");
  expect_q(doc, "3千元", "3", "千元", NULL);
  q = expect_q(doc, "284.8千瓦", "284.8", "千瓦", NULL);
  assert_string_equal(q->cls, "power");
  q = expect_q(doc, "22196米", "22196", "米", NULL);
  assert_string_equal(q->norm_value, "22196");
  expect_q(doc, "13163m³", "13163", "m³", NULL);
  expect_q(doc, "43.2%", "43.2", "%", NULL);
  expect_q(doc, "79.43％", "79.43", "%", NULL); /* full width folded */
  expect_q(doc, "3.78‰", "3.78", "‰", NULL);
  expect_q(doc, "0.9个百分点", "0.9", "个百分点", NULL);
  expect_q(doc, "1.0439吨标准煤/万元", "1.0439", "吨标准煤/万元", NULL);
  q = expect_q(doc, "3.5万元/户", "3.5", "万元/户", NULL);
  assert_string_equal(q->cls, "rate");
  expect_q(doc, "58微克/立方米", "58", "微克/立方米", NULL);
  expect_q(doc, "1倍", "1", "倍", NULL);
  expect_q(doc, "4亿美元", "4", "亿美元", NULL);
  assert_null(find(doc, "2.5")); /* PM2.5 is a name */
  reportx_doc_free(doc);
}

/* ------------------------------------------------------------------ ranges and infixes */

static void test_ranges(void **state) {
  (void)state;
  reportx_doc *doc = parse("培育发展3-5个龙头企业，每户补助3至5万元，或3～5万元，工期3—5天，"
                           "用三至五年时间。");
  const reportx_quantity *q = expect_q(doc, "3-5个", "3", "个", "range");
  assert_string_equal(q->value_max, "5");
  q = expect_q(doc, "3至5万元", "3", "万元", "range");
  assert_string_equal(q->value_max, "5");
  assert_string_equal(q->norm_value, "30000");
  assert_string_equal(q->norm_value_max, "50000");
  q = expect_q(doc, "3～5万元", "3", "万元", "range");
  assert_string_equal(q->value_max, "5");
  q = expect_q(doc, "3—5天", "3", "天", "range");
  assert_string_equal(q->value_max, "5");
  q = expect_q(doc, "三至五年", "3", "年", "range");
  assert_string_equal(q->value_max, "5");
  reportx_doc_free(doc);
}

static void test_approx_infixes(void **state) {
  (void)state;
  reportx_doc *doc = parse("志愿服务280余人次，清运垃圾57.7余吨，减轻负担10多万元，总收入176万余元，"
                           "培训5000余人次，办结诉求1.3万余件，组建三十余个。");
  const reportx_quantity *q = expect_q(doc, "280余人次", "280", "人次", "approx");
  assert_null(q->value_max);
  expect_q(doc, "57.7余吨", "57.7", "吨", "approx");
  q = expect_q(doc, "10多万元", "10", "万元", "approx");
  assert_string_equal(q->norm_value, "100000");
  q = expect_q(doc, "176万余元", "176", "万元", "approx");
  assert_string_equal(q->norm_value, "1760000");
  expect_q(doc, "5000余人次", "5000", "人次", "approx");
  expect_q(doc, "1.3万余件", "1.3", "万件", "approx");
  expect_q(doc, "三十余个", "30", "个", "approx");
  reportx_doc_free(doc);
  /* a bare multiplier is a figure only with an approximation: 千余人, 近万亩, 过亿元 */
  doc = parse("培训千余人，帮扶百多家企业，种植近万亩，投资过亿元，惠及数千余人，百姓安居，千方百计。");
  expect_q(doc, "千余人", "1000", "人", "approx");
  expect_q(doc, "百多家", "100", "家", "approx");
  expect_q(doc, "万亩", "10000", "亩", "approx");
  expect_q(doc, "亿元", "100000000", "元", "at_least");
  assert_int_equal(reportx_doc_quantity_count(doc), 4);
  reportx_doc_free(doc);
}

/* ------------------------------------------------------------------ qualifiers */

static void test_qualifiers(void **state) {
  (void)state;
  reportx_doc *doc = parse("绿化带约300平方米，投入资金近5000万元，增长6.5%左右，大约20户，"
                           "产量稳定在10126吨以上，不少于16个，至少3次，超过71亿元，收入超6亿元，"
                           "投资逾2亿元，突破10万元，控制在7‰以内，4.2%以下，不到50人，"
                           "不超过30天，不得小于4.5米，3岁及以上。");
  const reportx_quantity *q = expect_q(doc, "300平方米", "300", "平方米", "approx");
  assert_int_equal(q->qualifier, REPORTX_QUAL_APPROX);
  expect_q(doc, "5000万元", "5000", "万元", "approx");
  expect_q(doc, "6.5%", "6.5", "%", "approx");
  expect_q(doc, "20户", "20", "户", "approx");
  q = expect_q(doc, "10126吨", "10126", "吨", "at_least");
  assert_int_equal(q->qualifier, REPORTX_QUAL_AT_LEAST);
  expect_q(doc, "16个", "16", "个", "at_least");
  expect_q(doc, "3次", "3", "次", "at_least");
  expect_q(doc, "71亿元", "71", "亿元", "at_least");
  expect_q(doc, "6亿元", "6", "亿元", "at_least");
  expect_q(doc, "2亿元", "2", "亿元", "at_least");
  expect_q(doc, "10万元", "10", "万元", "at_least");
  q = expect_q(doc, "7‰", "7", "‰", "at_most");
  assert_int_equal(q->qualifier, REPORTX_QUAL_AT_MOST);
  expect_q(doc, "4.2%", "4.2", "%", "at_most");
  expect_q(doc, "50人", "50", "人", "at_most");
  expect_q(doc, "30天", "30", "天", "at_most");
  expect_q(doc, "4.5米", "4.5", "米", "at_least");
  expect_q(doc, "3岁", "3", "岁", "at_least");
  reportx_doc_free(doc);
}

static void test_qualifier_words_not_qualifiers(void **state) {
  (void)state;
  /* 节约 is to save, 通过 is by means of: neither 约 nor 过 qualifies the figure */
  reportx_doc *doc = parse("节约财政资金1000万元，通过3年努力。");
  expect_q(doc, "1000万元", "1000", "万元", NULL);
  expect_q(doc, "3年", "3", "年", NULL);
  reportx_doc_free(doc);
  size_t ws;
  const char *t = "绿化带约300平方米";
  assert_int_equal(rx_extract_qual_before(t, strlen("绿化带约"), &ws), REPORTX_QUAL_APPROX);
  assert_int_equal(ws, strlen("绿化带"));
  t = "共节约300元";
  assert_int_equal(rx_extract_qual_before(t, strlen("共节约"), &ws), REPORTX_QUAL_NONE);
  assert_int_equal(ws, strlen("共节约"));
  t = "10126吨以上";
  size_t wl;
  assert_int_equal(rx_extract_qual_after(t, strlen(t), strlen("10126吨"), &wl), REPORTX_QUAL_AT_LEAST);
  assert_int_equal(wl, strlen("以上"));
}

/* ------------------------------------------------------------------ lists and compounds */

static void test_list_shared_unit(void **state) {
  (void)state;
  reportx_doc *doc = parse("一三产业比重分别比同期提高0.9、5.9个百分点，补助分别为3、5、7万元。");
  const reportx_quantity *a = expect_q(doc, "0.9", "0.9", "个百分点", NULL);
  const reportx_quantity *b = expect_q(doc, "5.9个百分点", "5.9", "个百分点", NULL);
  assert_int_equal(a->end - a->start, 3); /* each item's span covers just its number */
  assert_int_equal(b->end - b->start, 7);
  expect_q(doc, "3", "3", "万元", NULL);
  expect_q(doc, "5", "5", "万元", NULL);
  const reportx_quantity *c = expect_q(doc, "7万元", "7", "万元", NULL);
  assert_string_equal(c->norm_value, "70000");
  assert_string_equal(find(doc, "5")->norm_value, "50000");
  assert_int_equal(reportx_doc_quantity_count(doc), 5);
  reportx_doc_free(doc);
}

static void test_list_own_units_and_dates(void **state) {
  (void)state;
  static const char *const a[] = {"15.69亿元", "8.8亿元", "10.6%", "9.4%", NULL};
  expect_only("收入分别完成15.69亿元、8.8亿元，同比分别增长10.6%、9.4%。", a);
  /* a list of months is a date, as is a list of years */
  expect_none("3、4月份空气质量优良，2019、2020年连续达标。");
  /* numbered items without a unit are no list of figures */
  expect_none("1、2、3、");
}

static void test_compounds(void **state) {
  (void)state;
  reportx_doc *doc = parse("全镇已稳定脱贫户1178户6316人，就地恢复图斑15处8.43亩，已完成青贮饲料3000亩9100吨。");
  const reportx_quantity *a = expect_q(doc, "1178户", "1178", "户", NULL);
  const reportx_quantity *b = expect_q(doc, "6316人", "6316", "人", NULL);
  assert_string_equal(a->label, "已稳定脱贫户");
  assert_string_equal(b->label, "已稳定脱贫户");
  a = expect_q(doc, "15处", "15", "处", NULL);
  b = expect_q(doc, "8.43亩", "8.43", "亩", NULL);
  assert_string_equal(a->label, b->label);
  assert_string_equal(a->label, "就地恢复图斑");
  a = expect_q(doc, "3000亩", "3000", "亩", NULL);
  b = expect_q(doc, "9100吨", "9100", "吨", NULL);
  assert_string_equal(a->label, b->label);
  assert_int_equal(reportx_doc_quantity_count(doc), 6);
  reportx_doc_free(doc);
}

/* ------------------------------------------------------------------ exclusions */

static void test_exclude_years_dates(void **state) {
  (void)state;
  expect_none("2023年工作开展情况。");
  expect_none("XX镇2023年度工作总结。");
  expect_none("二〇二三年十二月。");
  expect_none("二○○三年的工作重点。");
  expect_none("2023—2025年规划。");
  expect_none("至9月底，计划8月份硬化，1-11月累计。");
  expect_none("2022年1月24日在大会上，于15日召开。");
  expect_none("（2015-2017）试点。");
  expect_none("03年以来。");
}

static void test_exclude_periods_ordinals(void **state) {
  (void)state;
  expect_none("一季度，前三季度，上半年。");
  expect_none("“十四五”规划，十三五期间。");
  expect_none("参与第五次全国经济普查，作为第一议题，位居全市第3名。");
  expect_none("一期工程，二期投产，三期建成。");
  expect_none("县十八届人大六次会议，县委九次全体会议。");
}

static void test_exclude_names_codes(void **state) {
  (void)state;
  expect_none("种植“兰大211”良种。");
  expect_none("集中种植“陇薯7号”马铃薯。");
  expect_none("G312提档升级，S465改建，PM2.5浓度，PM10在线监测。");
  expect_none("发展5G网络产业，创建4A级景区。");
  expect_none("融入全县“4＋2”产业布局，应用“N＋3＋1”模式。");
  expect_none("县委办〔2023〕5号文件。");
  expect_none("咨询电话0931-1234567。");
  expect_none("打造“1530”工程，开展“15”专项行动。");
  expect_none("“七通一平”［4］完成。");
}

static void test_exclude_set_phrases(void **state) {
  (void)state;
  expect_none("深刻领悟“两个确立”，增强“四个意识”、坚定“四个自信”、做到“两个维护”。");
  expect_none("开展“三会一课”，以“三抓三促”行动为抓手，坚持“六必查”。");
  expect_none("制定“一户一策”，发展一村一品，落实一喷三防。");
  expect_none("守住两条底线，贯彻十九届历次全会和二十届一中、二中全会精神。");
  expect_none("打赢三大攻坚战，落实一批项目，出台一系列措施，实施十大工程，落实五大措施。");
  expect_none("千方百计增加收入，种植百日草、万寿菊，发展零部件产业。");
  expect_none("一是持续加强政治建设。二是推动基层党建增效。");
  expect_none("贯穿一条主线，营商环境是一项系统工程，实行一支笔审批。");
  expect_none("前方还有一座座山峰，一个个险滩。");
  expect_none("这一年，我们始终坚持，一年来成效明显。");
  expect_none("统一规划，唯一标准，之一。");
  expect_none("获得全省前三名，数十家企业入驻，几十个项目落地。");
  expect_none("推行一户一档，户型为两室一厅，一人一岗。");
  expect_none("开展“五一”“七一”活动，庆祝三八妇女节。");
  assert_true(rx_extract_phrase_count() >= 40);
  const char *t = "坚持两个确立不动摇";
  assert_true(rx_extract_in_phrase(t, strlen(t), strlen("坚持"), strlen("坚持两")));
  assert_false(rx_extract_in_phrase(t, strlen(t), 0, 3));
}

static void test_not_excluded(void **state) {
  (void)state;
  /* durations are quantities, years are not */
  reportx_doc *doc = parse("连续3年被评为先进，为期12天集训，连续三年开展，用两年时间，连续13年未发生。");
  const reportx_quantity *q = expect_q(doc, "3年", "3", "年", NULL);
  assert_string_equal(q->cls, "time");
  expect_q(doc, "12天", "12", "天", NULL);
  expect_q(doc, "三年", "3", "年", NULL);
  expect_q(doc, "两年", "2", "年", NULL);
  expect_q(doc, "13年", "13", "年", NULL);
  reportx_doc_free(doc);
  /* counts in Chinese numerals, places, a lone 一 where the phrase ends */
  doc = parse("XX五村实施道路硬化，涉及全县5镇1乡1街道，班车一次，新建烘干房一处；"
              "每个行政村至少建设一个服务站，价格涨了一倍，加强五个拆迁村的管理。");
  expect_q(doc, "五村", "5", "村", NULL);
  expect_q(doc, "5镇", "5", "镇", NULL);
  expect_q(doc, "1乡", "1", "乡", NULL);
  expect_q(doc, "1街道", "1", "街道", NULL);
  expect_q(doc, "一次", "1", "次", NULL);
  expect_q(doc, "一处", "1", "处", NULL);
  expect_q(doc, "一个", "1", "个", NULL);
  expect_q(doc, "一倍", "1", "倍", NULL);
  expect_q(doc, "五个", "5", "个", NULL);
  reportx_doc_free(doc);
  /* a weekly frequency is a count (每周三次), a weekday is not (周一上午) */
  doc = parse("每周三次集中学习，周一上午召开例会。");
  expect_q(doc, "三次", "3", "次", NULL);
  assert_int_equal(reportx_doc_quantity_count(doc), 1);
  reportx_doc_free(doc);
  /* two counts in a row are not the 一X一Y slogan shape */
  doc = parse("全镇辖七村，联合三个部门。");
  expect_q(doc, "七村", "7", "村", NULL);
  expect_q(doc, "三个", "3", "个", NULL);
  reportx_doc_free(doc);
  /* a minus sign against the number, not a dash between two figures */
  doc = parse("同比下降-2.3%，九成以上群众满意。");
  const reportx_quantity *neg = expect_q(doc, "-2.3%", "-2.3", "%", NULL);
  assert_int_equal(neg->end - neg->start, 5);
  expect_q(doc, "九成", "9", "成", "at_least");
  reportx_doc_free(doc);
  /* the XX placeholder is no code */
  doc = parse("在XX、XX、XX6村实施护坡建设项目，共计13163m³。");
  expect_q(doc, "6村", "6", "村", NULL);
  reportx_doc_free(doc);
}

static void test_section_markers_and_noise(void **state) {
  (void)state;
  reportx_doc *doc = parse("XX镇2023年度工作总结\n一、2023年工作开展情况\n"
                           "一是持续加强政治建设。开展集中学习23次。\n"
                           "二是推动基层党建增效。开展主题党日9次。\n"
                           "1.完成12户。\n2.完成13户。\n"
                           "##paidbegin##四是完成8户。##paidend##\n"
                           "本文档编辑密码：wsx2023\n");
  expect_q(doc, "23次", "23", "次", NULL);
  expect_q(doc, "9次", "9", "次", NULL);
  expect_q(doc, "12户", "12", "户", NULL);
  expect_q(doc, "13户", "13", "户", NULL);
  assert_null(find(doc, "2023"));
  assert_null(find(doc, "1"));
  for (size_t i = 0; i < reportx_doc_quantity_count(doc); i++) {
    const reportx_quantity *q = reportx_doc_quantity(doc, i);
    assert_true(strcmp(q->unit, "年") != 0);
  }
  reportx_doc_free(doc);
}

/* ------------------------------------------------------------------ spans */

static void test_spans_code_points(void **state) {
  (void)state;
  const char *text = "全镇粮食播种面积稳定在29919亩，产量稳定在10126吨以上，志愿服务280余人次，绿化带约300平方米。";
  reportx_doc *doc = parse(text);
  const reportx_quantity *q = find(doc, "29919亩");
  assert_non_null(q);
  assert_int_equal(q->start, 11);
  assert_int_equal(q->end, 17);
  q = find(doc, "10126吨"); /* 以上 is not in the span */
  assert_non_null(q);
  assert_int_equal(q->end - q->start, 6);
  q = find(doc, "280余人次"); /* the infix is */
  assert_non_null(q);
  assert_int_equal(q->end - q->start, 6);
  q = find(doc, "300平方米"); /* 约 is not */
  assert_non_null(q);
  assert_int_equal(q->end - q->start, 6);
  assert_int_equal(strncmp(text + q->byte_start, "300", 3), 0);
  /* every span's text is the text of the span */
  for (size_t i = 0; i < reportx_doc_quantity_count(doc); i++) {
    q = reportx_doc_quantity(doc, i);
    assert_int_equal(strlen(q->text), q->byte_end - q->byte_start);
    assert_memory_equal(q->text, text + q->byte_start, strlen(q->text));
  }
  reportx_doc_free(doc);
}

/* ------------------------------------------------------------------ labels */

typedef struct label_case {
  const char *text;   /* the clause, number included */
  const char *number; /* the number (and, where the label needs it, the unit) */
  const char *label;
} label_case;

static const label_case k_labels[] = {
    {"紧盯全镇粮食播种面积稳定在29919亩", "29919", "粮食播种面积"},
    {"发放补助资金155.6万元", "155.6", "补助资金"},
    {"全镇已稳定脱贫户1178户6316人", "1178", "已稳定脱贫户"},
    {"产量稳定在10126吨以上", "10126", "产量"},
    {"补助资金48.152万元", "48.152", "补助资金"},
    {"落实大型农机具购置补贴26台次", "26", "大型农机具购置补贴"},
    {"开展主题党日9次", "9", "主题党日"},
    {"讲党课39人次", "39", "讲党课"},
    {"志愿服务280余人次", "280", "志愿服务"},
    {"监测户125户564人", "125", "监测户"},
    {"风险消除率79.43％", "79.43", "风险消除率"},
    {"贫困发生率为16.68%", "16.68", "贫困发生率"},
    {"全县粮食产量达11.8万吨", "11.8", "粮食产量"},
    {"全年空气质量优的天数达201天", "201", "空气质量优的天数"},
    {"森林覆盖率达到64.33%", "64.33", "森林覆盖率"},
    {"地区生产总值169.28亿元", "169.28", "地区生产总值"},
    {"同比增长6.4%", "6.4", "增长"},
    {"比同期提高0.9个百分点", "0.9", "提高"},
    {"同比下降14.71%", "14.71", "下降"},
    {"总投资391万元", "391", "总投资"},
    {"投资200万元", "200", "投资"},
    {"完成投资47.8亿元", "47.8", "投资"},
    {"城镇新增就业3713人", "3713", "城镇新增就业"},
    {"（含籽实玉米5000亩）", "5000", "籽实玉米"},
    {"其中水田8110亩", "8110", "水田"},
    {"累计清运生产生活垃圾57.7余吨", "57.7", "清运生产生活垃圾"},
    {"共计92.83亩", "92.83亩", ""},
    {"户籍总户数4141户", "4141", "户籍总户数"},
    {"城镇居民人均可支配收入16525元", "16525", "城镇居民人均可支配收入"},
    {"至9月底，12个行政村总收入302.4万元", "302.4", "行政村总收入"},
    {"建立13支救援队伍", "13支", "救援队伍"},
    {"计划8月份硬化XX村小巷道6000平方", "6000", "硬化XX村小巷道"},
    {"绿化带约300平方米", "300", "绿化带"},
    {"其中，整组（寨）搬迁1783户7378人", "1783", "搬迁"},
    {"新增规上工业企业9户", "9", "规上工业企业"},
    {"登记失业率控制在3.7%以内", "3.7", "登记失业率"},
    {"生猪存栏49.2万头", "49.2", "生猪存栏"},
    {"今年以来，种植饲料玉米8600亩", "8600", "种植饲料玉米"},
};

static void test_labels_helper(void **state) {
  (void)state;
  char out[256];
  for (size_t i = 0; i < sizeof k_labels / sizeof k_labels[0]; i++) {
    const label_case *c = &k_labels[i];
    const char *at = strstr(c->text, c->number);
    assert_non_null(at);
    size_t start = (size_t)(at - c->text);
    /* the qualifier word before the number is where the label ends */
    size_t ws;
    rx_extract_qual_before(c->text, start, &ws);
    size_t n = rx_extract_label(c->text, strlen(c->text), ws, start + strlen(c->number), out, sizeof out);
    if (strcmp(out, c->label) != 0)
      fail_msg("label of \"%s\": got \"%s\", expected \"%s\"", c->text, out, c->label);
    assert_int_equal(n, strlen(out));
  }
  assert_true(sizeof k_labels / sizeof k_labels[0] >= 30);
  /* truncation keeps whole characters */
  const char *t = "粮食播种面积29919亩";
  size_t n = rx_extract_label(t, strlen(t), strlen("粮食播种面积"), strlen("粮食播种面积"), out, 8);
  assert_int_equal(n, 6);
  assert_string_equal(out, "粮食");
}

static void test_labels_api(void **state) {
  (void)state;
  reportx_doc *doc = parse("全镇粮食播种面积稳定在29919亩，发放补助资金155.6万元，"
                           "地区生产总值169.28亿元，增长8.7%，同比分别增长10.6%、9.4%。");
  assert_string_equal(find(doc, "29919亩")->label, "粮食播种面积");
  assert_string_equal(find(doc, "155.6万元")->label, "补助资金");
  assert_string_equal(find(doc, "169.28亿元")->label, "地区生产总值");
  assert_string_equal(find(doc, "8.7%")->label, "增长");
  /* a list item with nothing of its own before it shares the previous item's label */
  assert_string_equal(find(doc, "9.4%")->label, find(doc, "10.6%")->label);
  reportx_doc_free(doc);
}

/* ------------------------------------------------------------------ robustness */

static void test_pathological(void **state) {
  (void)state;
  /* a 1 MB run of digits before a unit, a 1 MB run of 一, a 5 MB line, long lists */
  size_t n = 1 << 20;
  char *buf = malloc(5 * n + 64);
  assert_non_null(buf);
  memset(buf, '1', n);
  strcpy(buf + n, "亩");
  reportx_doc *doc = parse(buf);
  assert_int_equal(reportx_doc_quantity_count(doc), 0);
  reportx_doc_free(doc);

  size_t k = 0;
  while (k + 3 <= n) {
    memcpy(buf + k, "一", 3);
    k += 3;
  }
  strcpy(buf + k, "亩");
  doc = parse(buf);
  assert_int_equal(reportx_doc_quantity_count(doc), 0);
  reportx_doc_free(doc);

  /* one 5 MB line (sentences end with 。: later stages work per sentence) */
  static const char unit[] = "面积12亩。";
  k = 0;
  while (k + sizeof unit - 1 <= 5 * n) {
    memcpy(buf + k, unit, sizeof unit - 1);
    k += sizeof unit - 1;
  }
  buf[k] = '\0';
  doc = parse(buf);
  assert_int_equal(reportx_doc_quantity_count(doc), k / (sizeof unit - 1));
  assert_string_equal(reportx_doc_quantity(doc, 0)->label, "面积");
  reportx_doc_free(doc);

  k = 0;
  while (k + 4 <= n) {
    memcpy(buf + k, "3、", 4);
    k += 4;
  }
  strcpy(buf + k, "5万元");
  doc = parse(buf);
  assert_true(reportx_doc_quantity_count(doc) >= 1);
  reportx_doc_free(doc);

  k = 0;
  while (k + 6 <= n) {
    memcpy(buf + k, "“", 3);
    memcpy(buf + k + 3, "三", 3);
    k += 6;
  }
  strcpy(buf + k, "个");
  doc = parse(buf);
  reportx_doc_free(doc);
  free(buf);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_arabic_forms),
      cmocka_unit_test(test_chinese_forms),
      cmocka_unit_test(test_mixed_and_units),
      cmocka_unit_test(test_ranges),
      cmocka_unit_test(test_approx_infixes),
      cmocka_unit_test(test_qualifiers),
      cmocka_unit_test(test_qualifier_words_not_qualifiers),
      cmocka_unit_test(test_list_shared_unit),
      cmocka_unit_test(test_list_own_units_and_dates),
      cmocka_unit_test(test_compounds),
      cmocka_unit_test(test_exclude_years_dates),
      cmocka_unit_test(test_exclude_periods_ordinals),
      cmocka_unit_test(test_exclude_names_codes),
      cmocka_unit_test(test_exclude_set_phrases),
      cmocka_unit_test(test_not_excluded),
      cmocka_unit_test(test_section_markers_and_noise),
      cmocka_unit_test(test_spans_code_points),
      cmocka_unit_test(test_labels_helper),
      cmocka_unit_test(test_labels_api),
      cmocka_unit_test(test_pathological),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
