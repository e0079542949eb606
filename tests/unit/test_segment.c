/*
 * test_segment.c — the segmenter: the marker grammar (segment.h), and section trees,
 * metadata and site noise as a library user sees them through reportx_parse().
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
#include "segment.h"

/* ------------------------------------------------------------------ helpers */

static reportx_doc *parse_opts(const char *text, const reportx_options *o) {
  reportx_doc *doc = NULL;
  reportx_error err;
  reportx_status st = reportx_parse(text, strlen(text), o, &doc, &err);
  if (st != REPORTX_OK) fprintf(stderr, "parse failed: %s\n", err.message);
  assert_int_equal(st, REPORTX_OK);
  assert_non_null(doc);
  return doc;
}

static reportx_doc *parse(const char *text) { return parse_opts(text, NULL); }

static const reportx_section *sec(const reportx_doc *doc, size_t i) {
  const reportx_section *s = reportx_doc_section(doc, i);
  assert_non_null(s);
  return s;
}

/* Section i has this id, level, marker, ordinal (and title when not NULL). */
static void check(const reportx_doc *doc, size_t i, const char *id, int level, const char *marker, int ordinal,
                  const char *title) {
  const reportx_section *s = sec(doc, i);
  assert_string_equal(s->id, id);
  assert_int_equal(s->level, level);
  assert_string_equal(s->marker, marker);
  assert_int_equal(s->ordinal, ordinal);
  if (title) assert_string_equal(s->title, title);
}

/* The text of code points [a, b) of the document. */
static char *slice(const reportx_doc *doc, size_t a, size_t b) {
  size_t len;
  const char *t = reportx_doc_text(doc, &len);
  size_t i = 0, cp = 0, ba = len, bb = len;
  while (i <= len) {
    if (cp == a) ba = i;
    if (cp == b) {
      bb = i;
      break;
    }
    if (i == len) break;
    unsigned char c = (unsigned char)t[i];
    i += c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    cp++;
  }
  char *out = malloc(bb - ba + 1);
  assert_non_null(out);
  memcpy(out, t + ba, bb - ba);
  out[bb - ba] = '\0';
  return out;
}

/* ------------------------------------------------------------------ grammar */

static void test_cn_numbers(void **state) {
  (void)state;
  static const struct {
    const char *s;
    int v;
    size_t chars;
  } ok[] = {{"一", 1, 1},       {"九", 9, 1},      {"十", 10, 1},     {"十一", 11, 2},
            {"十五是", 15, 2},  {"二十", 20, 2},   {"二十一", 21, 3}, {"四十五、", 45, 3},
            {"九十九", 99, 3},  {"三十是", 30, 2}, {"七是", 7, 1}};
  for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) {
    int v = -1;
    size_t n = rx_seg_cn_number(ok[i].s, strlen(ok[i].s), &v);
    assert_int_equal(n, ok[i].chars * 3);
    assert_int_equal(v, ok[i].v);
  }
  static const char *const bad[] = {"", "是", "〇", "两", "1", "百"};
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
    int v = -1;
    assert_int_equal(rx_seg_cn_number(bad[i], strlen(bad[i]), &v), 0);
  }
}

static void test_marker_styles(void **state) {
  (void)state;
  static const struct {
    const char *s;
    int bol;
    rx_mk_family f;
    int ord;
    const char *marker;
  } ok[] = {
      {"一、基本情况", 1, RX_MK_CN_DUN, 1, "一、"},
      {"二十三、其他", 1, RX_MK_CN_DUN, 23, "二十三、"},
      {"三．问题", 1, RX_MK_CN_DUN, 3, "三．"},
      {"（一）强化党建", 0, RX_MK_CN_PAREN, 1, "（一）"},
      {"(十二)半角括号", 0, RX_MK_CN_PAREN, 12, "(十二)"},
      {"一是持续加强", 0, RX_MK_CN_SHI, 1, "一是"},
      {"十一是继续", 0, RX_MK_CN_SHI, 11, "十一是"},
      {"十一扎实开展", 0, RX_MK_CN_SHI, 11, "十一"},
      {"1.易地扶贫", 1, RX_MK_AR_DOT, 1, "1."},
      {"2、组组通", 1, RX_MK_AR_DOT, 2, "2、"},
      {"3．扶贫产业", 1, RX_MK_AR_DOT, 3, "3．"},
      {"１２．全角", 1, RX_MK_AR_DOT, 12, "１２．"},
      {"1.内容", 0, RX_MK_AR_DOT, 1, "1."},
      {"（1）加强", 0, RX_MK_AR_PAREN, 1, "（1）"},
      {"(2)加强", 0, RX_MK_AR_PAREN, 2, "(2)"},
      {"3）加强", 1, RX_MK_AR_PAREN, 3, "3）"},
      {"⑴加强", 0, RX_MK_AR_PAREN, 1, "⑴"},
      {"①税收", 0, RX_MK_CIRCLED, 1, "①"},
      {"⑳末项", 0, RX_MK_CIRCLED, 20, "⑳"},
      {"㉑再项", 0, RX_MK_CIRCLED, 21, "㉑"},
      {"㊿末项", 0, RX_MK_CIRCLED, 50, "㊿"},
      {"第一，抓项目", 0, RX_MK_DI, 1, "第一，"},
      {"第二、抓产业", 0, RX_MK_DI, 2, "第二、"},
      {"其一，抓产业", 0, RX_MK_DI, 1, "其一，"},
      {"第三部分 计划", 1, RX_MK_PART, 3, "第三部分"},
      {"一、二〇二三年工作回顾", 1, RX_MK_CN_DUN, 1, "一、"},
      {"三、二三年的工作重点", 1, RX_MK_CN_DUN, 3, "三、"},
      {"首先，要", 0, RX_MK_SEQ, 1, "首先"},
      {"其次，要", 0, RX_MK_SEQ, 2, "其次"},
  };
  for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) {
    rx_marker m;
    memset(&m, 0, sizeof m);
    if (!rx_seg_marker(ok[i].s, strlen(ok[i].s), ok[i].bol, &m)) fail_msg("not a marker: %s", ok[i].s);
    assert_int_equal(m.family, ok[i].f);
    assert_int_equal(m.ordinal, ok[i].ord);
    assert_int_equal(m.len, strlen(ok[i].marker));
    assert_memory_equal(ok[i].s, ok[i].marker, m.len);
  }
  rx_marker m;
  assert_true(rx_seg_marker("最后，要", strlen("最后，要"), 0, &m));
  assert_true(m.flags & RX_MK_LAST);
  assert_true(rx_seg_marker("十二严格落实", strlen("十二严格落实"), 1, &m));
  assert_true(m.flags & RX_MK_CONT_ONLY);
}

static void test_false_markers(void **state) {
  (void)state;
  static const struct {
    const char *s;
    int bol;
  } bad[] = {
      {"1.5万元", 1},       {"3.2%", 1},          {"3、4月份", 1},      {"2023年", 1},
      {"2023.5", 1},        {"12.31", 1},         {"100.资金", 1},      {"一、二、三产业", 0},
      {"第一议题", 0},      {"第一产业", 0},      {"第五次", 0},        {"十九届", 0},
      {"十一月份", 1},      {"十四五规划", 1},    {"十三个村", 1},      {"一是一非", 0},
      {"二是二，", 0},      {"（2015-2017）", 0}, {"（一百）", 0},      {"(100)", 0},
      {"一、二季度", 1},    {"第一、二批", 0},    {"一、二、三产业", 1},    {"首先要", 0},        {"其一是", 0},        {"最后一公里", 0},    {"第一部分", 0},      {"1.5", 0},
      {"1. 空格", 0},
  };
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
    rx_marker m;
    if (rx_seg_marker(bad[i].s, strlen(bad[i].s), bad[i].bol, &m)) fail_msg("taken as a marker: %s", bad[i].s);
  }
}

static void test_year_at(void **state) {
  (void)state;
  size_t used = 0;
  assert_int_equal(rx_seg_year_at("2023年度", strlen("2023年度"), &used), 2023);
  assert_int_equal(used, 4 + 3);
  assert_int_equal(rx_seg_year_at("二〇二三年", strlen("二〇二三年"), &used), 2023);
  assert_int_equal(rx_seg_year_at("二零二二年", strlen("二零二二年"), NULL), 2022);
  assert_int_equal(rx_seg_year_at("２０２１年", strlen("２０２１年"), NULL), 2021);
  assert_int_equal(rx_seg_year_at("2023", 4, NULL), 0);
  assert_int_equal(rx_seg_year_at("1800年", strlen("1800年"), NULL), 0);
  assert_int_equal(rx_seg_year_at("三年来", strlen("三年来"), NULL), 0);
}

/* ------------------------------------------------------------------ trees */

static void test_sample_report(void **state) {
  (void)state;
  char *buf = read_fixture("xxzhen-2023.txt", NULL);
  reportx_doc *doc = parse(buf);
  assert_string_equal(reportx_doc_title(doc), "XX镇2023年度工作总结");
  assert_string_equal(reportx_doc_place(doc), "XX镇");
  assert_int_equal(reportx_doc_year(doc), 2023);
  assert_string_equal(reportx_doc_kind(doc), "工作总结");
  /* 3 parts; part 一 holds 15 items, 九 holds 3 and 十三 holds 5; 二 holds 7, 三 holds 5 */
  assert_int_equal(reportx_doc_section_count(doc), 3 + 15 + 3 + 5 + 7 + 5);
  size_t i = 0;
  check(doc, i++, "1", 1, "一、", 1, "2023年工作开展情况");
  static const char *const shi[] = {"一是", "二是", "三是", "四是", "五是", "六是", "七是", "八是", "九是", "十是"};
  static const char *const bare[] = {"十一", "十二", "十三", "十四", "十五"};
  for (int k = 1; k <= 15; k++) {
    char id[16];
    snprintf(id, sizeof id, "1.%d", k);
    check(doc, i++, id, 2, k <= 10 ? shi[k - 1] : bare[k - 11], k, NULL);
    assert_int_equal(sec(doc, i - 1)->parent, 0);
    int sub = k == 9 ? 3 : k == 13 ? 5 : 0;
    size_t parent = i - 1;
    for (int j = 1; j <= sub; j++) {
      char sid[16];
      snprintf(sid, sizeof sid, "1.%d.%d", k, j);
      check(doc, i++, sid, 3, shi[j - 1], j, NULL);
      assert_int_equal(sec(doc, i - 1)->parent, (int)parent);
    }
  }
  check(doc, 4, "1.4", 2, "四是", 4, "贯通落实“四个不摘”");
  check(doc, 11, "1.9.2", 3, "二是", 2, "根据县人武部民兵组织整顿工作指示和编组任务要求");
  check(doc, 14, "1.11", 2, "十一", 11, "扎实开展安全生产");
  check(doc, i++, "2", 1, "二、", 2, "存在的问题");
  for (int k = 1; k <= 7; k++) {
    char id[16];
    snprintf(id, sizeof id, "2.%d", k);
    check(doc, i++, id, 2, shi[k - 1], k, NULL);
  }
  check(doc, i++, "3", 1, "三、", 3, "2024年工作计划");
  for (int k = 1; k <= 5; k++) {
    char id[16];
    snprintf(id, sizeof id, "3.%d", k);
    check(doc, i++, id, 2, shi[k - 1], k, NULL);
  }
  /* spans: a part runs to the next part; the last stops before the trailing noise */
  assert_int_equal(sec(doc, 0)->end, sec(doc, 24)->start);
  char *tail = slice(doc, sec(doc, 37)->start, sec(doc, 37)->end);
  assert_null(strstr(tail, "##"));
  assert_null(strstr(tail, "密码"));
  assert_true(strlen(tail) >= 3 && strcmp(tail + strlen(tail) - 3, "。") == 0);
  free(tail);
  char *m = slice(doc, sec(doc, 0)->start, sec(doc, 0)->start + 2);
  assert_string_equal(m, "一、");
  free(m);
  reportx_doc_free(doc);
  free(buf);
}

static void test_every_style_nested(void **state) {
  (void)state;
  reportx_doc *doc = parse("一、总体情况\n"
                           "（一）党建工作\n"
                           "1.理论学习。一是集中学习。二是专题研讨。\n"
                           "2.组织建设\n"
                           "（1）支部建设\n"
                           "（2）党员管理。①发展党员。②教育党员。\n"
                           "（二）经济工作\n"
                           "首先，抓项目。其次，抓招商。最后，抓服务。\n"
                           "二、下步计划\n"
                           "第一，稳增长。第二，保民生。\n");
  size_t i = 0;
  check(doc, i++, "1", 1, "一、", 1, "总体情况");
  check(doc, i++, "1.1", 2, "（一）", 1, "党建工作");
  check(doc, i++, "1.1.1", 3, "1.", 1, "理论学习");
  check(doc, i++, "1.1.1.1", 4, "一是", 1, "集中学习");
  check(doc, i++, "1.1.1.2", 4, "二是", 2, "专题研讨");
  check(doc, i++, "1.1.2", 3, "2.", 2, "组织建设");
  check(doc, i++, "1.1.2.1", 4, "（1）", 1, "支部建设");
  check(doc, i++, "1.1.2.2", 4, "（2）", 2, "党员管理");
  check(doc, i++, "1.1.2.2.1", 5, "①", 1, "发展党员");
  check(doc, i++, "1.1.2.2.2", 5, "②", 2, "教育党员");
  check(doc, i++, "1.2", 2, "（二）", 2, "经济工作");
  check(doc, i++, "1.2.1", 3, "首先", 1, "抓项目");
  check(doc, i++, "1.2.2", 3, "其次", 2, "抓招商");
  check(doc, i++, "1.2.3", 3, "最后", 3, "抓服务");
  check(doc, i++, "2", 1, "二、", 2, "下步计划");
  check(doc, i++, "2.1", 2, "第一，", 1, "稳增长");
  check(doc, i++, "2.2", 2, "第二，", 2, "保民生");
  assert_int_equal(reportx_doc_section_count(doc), i);
  /* parents are indices of earlier sections */
  assert_int_equal(sec(doc, 3)->parent, 2);
  assert_int_equal(sec(doc, 15)->parent, 14);
  /* a section ends where the next one at its level or above starts */
  assert_int_equal(sec(doc, 1)->end, sec(doc, 10)->start);
  assert_int_equal(sec(doc, 4)->end, sec(doc, 5)->start);
  reportx_doc_free(doc);
}

/* Nesting follows the document, not the style: here （一） is the top level and 1. is
 * inside 一是 items. */
static void test_nesting_is_inferred(void **state) {
  (void)state;
  reportx_doc *doc = parse("（一）农业\n一是粮食：\n1.小麦\n2.玉米\n二是畜牧\n（二）工业\n");
  check(doc, 0, "1", 1, "（一）", 1, NULL);
  check(doc, 1, "1.1", 2, "一是", 1, "粮食");
  check(doc, 2, "1.1.1", 3, "1.", 1, NULL);
  check(doc, 3, "1.1.2", 3, "2.", 2, NULL);
  check(doc, 4, "1.2", 2, "二是", 2, NULL);
  check(doc, 5, "2", 1, "（二）", 2, NULL);
  reportx_doc_free(doc);
  /* a 一是 list first met at the top is depth 1, and the 一、 list after it is its
   * sibling: 一、 never sits inside a 一是 item */
  doc = parse("问题如下：一是总量小。二是结构差。\n一、工业\n二、农业\n");
  check(doc, 0, "1", 1, "一是", 1, "总量小");
  check(doc, 1, "2", 1, "二是", 2, NULL);
  check(doc, 2, "3", 1, "一、", 1, "工业");
  check(doc, 3, "4", 1, "二、", 2, NULL);
  reportx_doc_free(doc);
}

static void test_restarts(void **state) {
  (void)state;
  /* the outer list resumes: the restart is nested */
  reportx_doc *doc = parse("一、工作\n一是党建。\n二是征兵。一是培训。二是整顿。三是集训。\n三是交通。\n"
              "二、问题\n一是资金不足。二是人才缺乏。\n");
  check(doc, 0, "1", 1, "一、", 1, NULL);
  check(doc, 1, "1.1", 2, "一是", 1, "党建");
  check(doc, 2, "1.2", 2, "二是", 2, "征兵");
  check(doc, 3, "1.2.1", 3, "一是", 1, "培训");
  check(doc, 5, "1.2.3", 3, "三是", 3, "集训");
  check(doc, 6, "1.3", 2, "三是", 3, "交通");
  check(doc, 7, "2", 1, "二、", 2, NULL);
  check(doc, 8, "2.1", 2, "一是", 1, "资金不足");
  check(doc, 9, "2.2", 2, "二是", 2, "人才缺乏");
  assert_int_equal(reportx_doc_section_count(doc), 10);
  reportx_doc_free(doc);
  /* a restart right after the first item: both lists are confirmed */
  doc = parse("一是全面抓好征兵工作。一是培训。二是整顿。三是集训。\n二是抓交通。\n");
  assert_int_equal(reportx_doc_section_count(doc), 5);
  check(doc, 0, "1", 1, "一是", 1, "全面抓好征兵工作");
  check(doc, 1, "1.1", 2, "一是", 1, "培训");
  check(doc, 3, "1.3", 2, "三是", 3, "集训");
  check(doc, 4, "2", 1, "二是", 2, "抓交通");
  reportx_doc_free(doc);
  /* the outer list never resumes: the restart is a new list at the same level */
  doc = parse("一、工作\n一是党建。\n二是经济。\n三是民生。\n存在问题：一是资金不足。二是人才缺乏。\n二、计划\n");
  check(doc, 3, "1.3", 2, "三是", 3, NULL);
  check(doc, 4, "1.4", 2, "一是", 1, "资金不足");
  check(doc, 5, "1.5", 2, "二是", 2, NULL);
  assert_int_equal(sec(doc, 4)->parent, 0);
  reportx_doc_free(doc);
  /* …but a 一是 list on the lines right after the last item details that item */
  doc = parse("一、工作\n一是党建。\n二是普查工作。\n一是核查个体户。\n二是核查单位。\n二、计划\n");
  check(doc, 3, "1.2.1", 3, "一是", 1, "核查个体户");
  check(doc, 4, "1.2.2", 3, "二是", 2, NULL);
  reportx_doc_free(doc);
  /* a list of another family in a later paragraph after the last line-start item speaks
   * of the whole: it stands beside that item's list, not inside the item */
  doc = parse("一、回顾\n（一）经济\n（二）民生\n1.教育\n2.医疗\n在肯定成绩的同时，也要看到问题。一是发展不足。"
              "二是短板多。\n二、计划\n");
  check(doc, 5, "1.2.3", 3, "一是", 1, "发展不足");
  check(doc, 6, "1.2.4", 3, "二是", 2, NULL);
  reportx_doc_free(doc);
  /* …and the paragraphs after a high-level heading are its body */
  doc = parse("一、回顾\n二、建设\n我们将加强建设。一是忠诚。二是担当。\n");
  check(doc, 2, "2.1", 2, "一是", 1, "忠诚");
  reportx_doc_free(doc);
  /* …but begun on the item's own line it is the item's */
  doc = parse("一、回顾\n（一）经济\n（二）民生\n1.教育\n2.医疗。一是扩容。二是提质。\n二、计划\n");
  check(doc, 5, "1.2.2.1", 4, "一是", 1, "扩容");
  reportx_doc_free(doc);
  /* a top-level list restarting after its last item (two parts numbered 一、二、 each) */
  doc = parse("一、回顾\n二、计划\n一、附一\n二、附二\n");
  for (size_t i = 0; i < 4; i++) assert_int_equal(sec(doc, i)->level, 1);
  check(doc, 2, "3", 1, "一、", 1, NULL);
  reportx_doc_free(doc);
}

static void test_inline_lists_and_bare_numerals(void **state) {
  (void)state;
  reportx_doc *doc = parse("主要做法：一是强化领导。二是完善机制；三是狠抓落实！四是加强督查？五是严格考核。"
                           "六是甲。七是乙。八是丙。九是丁。十是戊。十一扎实开展安全生产。十二严格落实责任。\n");
  assert_int_equal(reportx_doc_section_count(doc), 12);
  check(doc, 0, "1", 1, "一是", 1, "强化领导");
  check(doc, 2, "3", 1, "三是", 3, "狠抓落实");
  check(doc, 10, "11", 1, "十一", 11, "扎实开展安全生产");
  check(doc, 11, "12", 1, "十二", 12, "严格落实责任");
  /* inline sections end where the next starts */
  assert_int_equal(sec(doc, 0)->end, sec(doc, 1)->start);
  reportx_doc_free(doc);
}

static void test_false_markers_in_text(void **state) {
  (void)state;
  reportx_doc *doc = parse("统一是关键。落实第一议题制度，学习十九届六中全会精神。\n"
                           "一是一非要分清。投入1.5万元，增长3.2%。\n"
                           "2023年，三是这样说的：完成目标。\n"
                           "十一月份开展活动。1、2月份。3.5亿元。\n"
                           "——抓党建\n"
                           "●促发展\n"
                           "〔1〕注释一\n[2]注释二\n"
                           "一是孤零零的一项。\n");
  assert_int_equal(reportx_doc_section_count(doc), 0);
  reportx_doc_free(doc);
  /* a mid-sentence 三是 does not continue a list: only after sentence punctuation */
  doc = parse("一是甲。二是乙，三是丙。三是丁。\n");
  assert_int_equal(reportx_doc_section_count(doc), 3);
  check(doc, 2, "3", 1, "三是", 3, "丁");
  reportx_doc_free(doc);
}

/* Line-start headings stand alone; inline markers need their "2". */
static void test_lone_items(void **state) {
  (void)state;
  reportx_doc *doc = parse("一、工作\n（一）唯一的小节\n首先，要提高认识。内容。①一处注释。\n二、计划\n");
  assert_int_equal(reportx_doc_section_count(doc), 3);
  check(doc, 1, "1.1", 2, "（一）", 1, "唯一的小节");
  check(doc, 2, "2", 1, "二、", 2, NULL);
  reportx_doc_free(doc);
  doc = parse("前言。\n1.只有一条说明\n");
  assert_int_equal(reportx_doc_section_count(doc), 1);
  check(doc, 0, "1", 1, "1.", 1, "只有一条说明");
  reportx_doc_free(doc);
}

static void test_glossary_after_body(void **state) {
  (void)state;
  reportx_doc *doc = parse("一、工作\n二、计划\n名词解释\n1.四个意识：政治意识。\n2.两个维护：略。\n");
  check(doc, 2, "3", 1, "1.", 1, "四个意识");
  check(doc, 3, "4", 1, "2.", 2, "两个维护");
  reportx_doc_free(doc);
  doc = parse("一、工作\n二、计划\n【名词解释】\n1.三农：农业。\n2.两山：略。\n");
  check(doc, 2, "3", 1, "1.", 1, "三农");
  reportx_doc_free(doc);
  /* a note line inside the body does not break the lists around it */
  doc = parse("一、工作\n（一）甲\n注释：数据为快报数\n（二）乙\n二、计划\n");
  assert_int_equal(reportx_doc_section_count(doc), 4);
  check(doc, 2, "1.2", 2, "（二）", 2, "乙");
  reportx_doc_free(doc);
}

static void test_crlf_and_cr(void **state) {
  (void)state;
  const char *lf = "XX镇2023年工作总结\n一、工作\n一是甲。二是乙。\n二、问题\n（一）丙\n（二）丁\n";
  const char *crlf = "XX镇2023年工作总结\r\n一、工作\r\n一是甲。二是乙。\r\n二、问题\r\n（一）丙\r\n（二）丁\r\n";
  const char *cr = "XX镇2023年工作总结\r一、工作\r一是甲。二是乙。\r二、问题\r（一）丙\r（二）丁\r";
  reportx_doc *a = parse(lf), *b = parse(crlf), *c = parse(cr);
  assert_int_equal(reportx_doc_section_count(a), 6);
  assert_int_equal(reportx_doc_section_count(b), 6);
  assert_int_equal(reportx_doc_section_count(c), 6);
  for (size_t i = 0; i < 6; i++) {
    const reportx_section *x = sec(a, i), *y = sec(b, i), *z = sec(c, i);
    assert_string_equal(x->id, y->id);
    assert_string_equal(x->id, z->id);
    assert_string_equal(x->title, y->title);
    assert_string_equal(x->title, z->title);
    assert_null(strchr(y->title, '\r'));
    assert_int_equal(x->level, y->level);
    assert_int_equal(x->start, z->start); /* CR for LF: same offsets */
    char *m = slice(b, y->start, y->start + 1);
    char *n = slice(a, x->start, x->start + 1);
    assert_string_equal(m, n); /* CRLF: offsets count the CRs, and still land on the marker */
    free(m);
    free(n);
  }
  assert_string_equal(sec(b, 4)->title, "丙");
  assert_string_equal(reportx_doc_title(b), "XX镇2023年工作总结");
  reportx_doc_free(a);
  reportx_doc_free(b);
  reportx_doc_free(c);
}

/* ------------------------------------------------------------------ metadata */

static void test_metadata_forms(void **state) {
  (void)state;
  reportx_doc *doc = parse("XX镇2023年度工作总结\n一、工作\n二、问题\n");
  assert_string_equal(reportx_doc_title(doc), "XX镇2023年度工作总结");
  assert_string_equal(reportx_doc_place(doc), "XX镇");
  assert_int_equal(reportx_doc_year(doc), 2023);
  assert_string_equal(reportx_doc_kind(doc), "工作总结");
  reportx_doc_free(doc);

  doc = parse("关于XX乡2022年工作总结及2023年工作计划的报告\n一、工作\n二、计划\n");
  assert_string_equal(reportx_doc_place(doc), "XX乡");
  assert_int_equal(reportx_doc_year(doc), 2022);
  assert_string_equal(reportx_doc_kind(doc), "工作总结");
  reportx_doc_free(doc);

  doc = parse("XX街道办事处二〇二三年工作总结\n正文。\n");
  assert_string_equal(reportx_doc_place(doc), "XX街道办事处");
  assert_int_equal(reportx_doc_year(doc), 2023);
  reportx_doc_free(doc);

  doc = parse("某县2024年工作计划\n正文。\n");
  assert_string_equal(reportx_doc_place(doc), "某县");
  assert_int_equal(reportx_doc_year(doc), 2024);
  assert_string_equal(reportx_doc_kind(doc), "工作计划");
  reportx_doc_free(doc);

  /* a 政府工作报告 of year N reports on year N-1 */
  doc = parse("顺平县2023年政府工作报告\n一、2022年工作回顾\n二、2023年工作安排\n");
  assert_string_equal(reportx_doc_kind(doc), "政府工作报告");
  assert_string_equal(reportx_doc_place(doc), "顺平县");
  assert_int_equal(reportx_doc_year(doc), 2022);
  reportx_doc_free(doc);

  /* no title line: place and kind from the opening, year from the review heading */
  doc = parse("各位代表：\n现在，我代表蠡县人民政府，向大会作政府工作报告，请予审议。\n"
              "一、2019年工作回顾\n二、2020年工作安排\n");
  assert_null(reportx_doc_title(doc));
  assert_string_equal(reportx_doc_place(doc), "蠡县");
  assert_string_equal(reportx_doc_kind(doc), "政府工作报告");
  assert_int_equal(reportx_doc_year(doc), 2019);
  reportx_doc_free(doc);

  /* a sentence is not a title, even when it speaks of a report */
  doc = parse("现在，我代表县人民政府向大会报告工作，请予审议。\n");
  assert_null(reportx_doc_title(doc));
  assert_string_equal(reportx_doc_kind(doc), "政府工作报告");
  reportx_doc_free(doc);

  /* nothing to find: NULL and 0 */
  doc = parse("各位代表：\n全市上下共同努力。\n");
  assert_null(reportx_doc_title(doc));
  assert_null(reportx_doc_place(doc));
  assert_null(reportx_doc_kind(doc));
  assert_int_equal(reportx_doc_year(doc), 0);
  reportx_doc_free(doc);
}

/* ------------------------------------------------------------------ noise */

static void test_site_noise(void **state) {
  (void)state;
  reportx_doc *doc = parse("XX镇2023年工作总结\n一、工作\n一是甲##paidbegin##。\n##paidbegin##二是乙。\n"
                           "第 3 页 共 9 页\n文档下载\n二、问题\n本文档编辑密码：wsx2023\n##paidend##\n");
  assert_int_equal(reportx_doc_section_count(doc), 4);
  check(doc, 1, "1.1", 2, "一是", 1, "甲");     /* the title stops at the noise */
  check(doc, 2, "1.2", 2, "二是", 2, "乙");     /* a marker right after noise is at line start */
  size_t nw = reportx_doc_warning_count(doc), nnoise = 0;
  for (size_t i = 0; i < nw; i++) {
    const reportx_warning *w = reportx_doc_warning(doc, i);
    if (strcmp(w->code, "site_noise") != 0) continue;
    nnoise++;
    char *t = slice(doc, w->start, w->end);
    assert_true(strstr(t, "##paid") || strstr(t, "页") || strstr(t, "文档下载") || strstr(t, "密码"));
    free(t);
  }
  assert_int_equal(nnoise, 6);
  /* the last section stops before the trailing password and paywall marker */
  char *t = slice(doc, sec(doc, 3)->start, sec(doc, 3)->end);
  assert_string_equal(t, "二、问题");
  free(t);
  reportx_doc_free(doc);
}

/* ------------------------------------------------------------------ limits */

static void test_max_depth(void **state) {
  (void)state;
  reportx_options o;
  reportx_options_init(&o);
  o.max_depth = 1;
  reportx_doc *doc = parse_opts("一、甲\n（一）乙\n（二）丙\n二、丁\n", &o);
  assert_int_equal(reportx_doc_section_count(doc), 2);
  for (size_t i = 0; i < 2; i++) assert_int_equal(sec(doc, i)->level, 1);
  /* what is dropped is said in a warning */
  size_t w = 0;
  while (w < reportx_doc_warning_count(doc) && strcmp(reportx_doc_warning(doc, w)->code, "section_depth") != 0) w++;
  assert_true(w < reportx_doc_warning_count(doc));
  assert_int_equal(reportx_doc_warning(doc, w)->start, 4); /* at （一） */
  reportx_doc_free(doc);
  o.max_depth = 2;
  doc = parse_opts("一、甲\n（一）乙\n1.戊\n2.己\n（二）丙\n二、丁\n", &o);
  assert_int_equal(reportx_doc_section_count(doc), 4);
  reportx_doc_free(doc);
  /* nothing dropped, nothing said */
  o.max_depth = 3;
  doc = parse_opts("一、甲\n（一）乙\n1.戊\n2.己\n（二）丙\n二、丁\n", &o);
  assert_int_equal(reportx_doc_section_count(doc), 6);
  assert_int_equal(reportx_doc_warning_count(doc), 0);
  reportx_doc_free(doc);
}

/* 1…99 in Chinese numerals, for generated reports */
static const char *cn_num(int v, char *out) {
  static const char *const d[] = {"", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
  if (v < 10) snprintf(out, 16, "%s", d[v]);
  else snprintf(out, 16, "%s十%s", v / 10 == 1 ? "" : d[v / 10], d[v % 10]);
  return out;
}

static char *big(size_t cap) {
  char *b = malloc(cap);
  assert_non_null(b);
  return b;
}

static void test_pathological(void **state) {
  (void)state;
  static const char *const cn[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"};
  /* a 5 MB line without punctuation */
  size_t n = 5u << 20;
  char *b = big(n + 1);
  for (size_t i = 0; i + 3 <= n; i += 3) memcpy(b + i, "甲", 3);
  b[n - n % 3] = '\0';
  reportx_doc *doc = parse(b);
  assert_int_equal(reportx_doc_section_count(doc), 0);
  reportx_doc_free(doc);
  /* 10^5 inline markers on one line: 一是…十是 lists, each restarting inside the last */
  size_t at = 0;
  for (int i = 0; i < 100000; i++) {
    int k = i % 10;
    at += (size_t)sprintf(b + at, "。%s是工作", cn[k]);
  }
  doc = parse(b);
  assert_true(reportx_doc_section_count(doc) > 0);
  assert_true(reportx_doc_section_count(doc) <= 100000);
  for (size_t i = 0; i < reportx_doc_section_count(doc); i++)
    assert_true(sec(doc, i)->level <= REPORTX_DEFAULT_MAX_DEPTH);
  reportx_doc_free(doc);
  /* 10^5 restarts in a row, then their continuations */
  at = 0;
  for (int i = 0; i < 100000; i++) at += (size_t)sprintf(b + at, "。一是甲");
  for (int i = 0; i < 100000; i++) at += (size_t)sprintf(b + at, "。二是乙");
  doc = parse(b);
  /* each restart nests in the one before and is closed by a 二是: as deep as max_depth */
  assert_int_equal(reportx_doc_section_count(doc), 2 * REPORTX_DEFAULT_MAX_DEPTH);
  for (size_t i = 0; i < reportx_doc_section_count(doc); i++)
    assert_true(sec(doc, i)->level <= REPORTX_DEFAULT_MAX_DEPTH);
  reportx_doc_free(doc);
  /* a tree of 10^5 line-start sections over 3 levels: 10 parts of 99 （n） of 99 items */
  at = 0;
  for (int a = 1; a <= 10; a++) {
    char num[16];
    at += (size_t)sprintf(b + at, "%s、部分\n", cn_num(a, num));
    for (int c = 1; c <= 99; c++) {
      at += (size_t)sprintf(b + at, "（%s）项\n", cn_num(c, num));
      for (int d = 1; d <= 99; d++) at += (size_t)sprintf(b + at, "%d.内容\n", d);
    }
  }
  assert_true(at < n);
  doc = parse(b);
  assert_int_equal(reportx_doc_section_count(doc), 10 * (1 + 99 * (1 + 99)));
  check(doc, reportx_doc_section_count(doc) - 1, "10.99.99", 3, "99.", 99, "内容");
  reportx_doc_free(doc);
  free(b);
}

/* ------------------------------------------------------------------ allocation failure */

static long fail_at = -1, calls = 0;
static void *fail_malloc(size_t n) {
  if (fail_at >= 0 && calls++ == fail_at) return NULL;
  return malloc(n);
}
static void *fail_realloc(void *p, size_t n) {
  if (fail_at >= 0 && calls++ == fail_at) return NULL;
  return realloc(p, n);
}

static void test_allocation_failures(void **state) {
  (void)state;
  const char *text = "XX镇2023年度工作总结\n##paidbegin##\n一、工作\n一是甲。二是乙。\n二、问题\n（一）丙\n（二）丁\n";
  int saw_nomem = 0, saw_ok = 0;
  for (long k = 0; k < 400 && !saw_ok; k++) {
    fail_at = k;
    calls = 0;
    reportx_doc *doc = NULL;
    reportx_error err;
    reportx_status st = reportx_parse(text, strlen(text), NULL, &doc, &err);
    fail_at = -1;
    if (st == REPORTX_OK) {
      saw_ok = 1;
      assert_int_equal(reportx_doc_section_count(doc), 6);
      reportx_doc_free(doc);
    } else {
      assert_int_equal(st, REPORTX_ERR_NOMEM);
      assert_null(doc);
      saw_nomem = 1;
    }
  }
  assert_true(saw_nomem);
  assert_true(saw_ok);
}

int main(void) {
  reportx_set_allocator(fail_malloc, fail_realloc, free);
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_cn_numbers),
      cmocka_unit_test(test_marker_styles),
      cmocka_unit_test(test_false_markers),
      cmocka_unit_test(test_year_at),
      cmocka_unit_test(test_sample_report),
      cmocka_unit_test(test_every_style_nested),
      cmocka_unit_test(test_nesting_is_inferred),
      cmocka_unit_test(test_restarts),
      cmocka_unit_test(test_inline_lists_and_bare_numerals),
      cmocka_unit_test(test_false_markers_in_text),
      cmocka_unit_test(test_lone_items),
      cmocka_unit_test(test_glossary_after_body),
      cmocka_unit_test(test_crlf_and_cr),
      cmocka_unit_test(test_metadata_forms),
      cmocka_unit_test(test_site_noise),
      cmocka_unit_test(test_max_depth),
      cmocka_unit_test(test_pathological),
      cmocka_unit_test(test_allocation_failures),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
