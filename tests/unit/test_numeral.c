/* test_numeral.c — numbers as written (src/numeral.c). Each table row is its own cmocka test,
 * named after its input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "numeral.h"

typedef struct num_case {
  const char *input;    /* text at the position */
  const char *consumed; /* the prefix rx_number_parse must consume ("" : no number) */
  const char *value;
  rx_num_form form;
  int digit_only;
} num_case;

#define A RX_NUM_ARABIC
#define C RX_NUM_CHINESE
#define P RX_NUM_PERCENT

static const num_case chinese_cases[] = {
    {"一万零五百亩", "一万零五百", "10500", C, 0},
    {"两千人", "两千", "2000", C, 0},
    {"十一扎实开展", "十一", "11", C, 0},
    {"二〇二三年", "二〇二三", "2023", C, 1},
    {"二○二三年", "二○二三", "2023", C, 1}, /* U+25CB typed for 〇 */
    {"二零二三年", "二零二三", "2023", C, 1},
    {"九十九户", "九十九", "99", C, 0},
    {"一百零三人", "一百零三", "103", C, 0},
    {"三千零五元", "三千零五", "3005", C, 0},
    {"十万元", "十万", "100000", C, 0},
    {"一亿二千万元", "一亿二千万", "120000000", C, 0},
    {"三千二百吨", "三千二百", "3200", C, 0},
    {"十个", "十", "10", C, 0},
    {"二十万元", "二十万", "200000", C, 0},
    {"三万亩", "三万", "30000", C, 0},
    {"两个确立", "两", "2", C, 0},
    {"两万", "两万", "20000", C, 0},
    {"一", "一", "1", C, 0},
    {"五村", "五", "5", C, 0},
    {"零", "零", "0", C, 0},
    {"十五", "十五", "15", C, 0},
    {"二十", "二十", "20", C, 0},
    {"一百一十", "一百一十", "110", C, 0},
    {"一百", "一百", "100", C, 0},
    {"九千九百九十九", "九千九百九十九", "9999", C, 0},
    {"一千零一", "一千零一", "1001", C, 0},
    {"一万零一", "一万零一", "10001", C, 0},
    {"五千万", "五千万", "50000000", C, 0},
    {"三亿五千万", "三亿五千万", "350000000", C, 0},
    {"一万亿", "一万亿", "1000000000000", C, 0},
    {"十二亿", "十二亿", "1200000000", C, 0},
    {"一亿零五十万", "一亿零五十万", "100500000", C, 0},
    {"两千五", "两千五", "2500", C, 0},         /* abbreviated place */
    {"三万五", "三万五", "35000", C, 0},
    {"一百五", "一百五", "150", C, 0},
    {"一万五千", "一万五千", "15000", C, 0},
    {"一点五万亩", "一点五万", "15000", C, 0},
    {"三点一四", "三点一四", "3.14", C, 0},
    {"十二点五", "十二点五", "12.5", C, 0},
    {"零点五", "零点五", "0.5", C, 0},
    {"一点五亿元", "一点五亿", "150000000", C, 0},
    {"十点钟", "十", "10", C, 0},              /* 点 without a digit after it */
    {"壹佰贰拾叁", "壹佰贰拾叁", "123", C, 0},  /* financial */
    {"贰仟零伍拾", "贰仟零伍拾", "2050", C, 0},
    {"玖萬捌仟", "玖萬捌仟", "98000", C, 0},
    {"叁億", "叁億", "300000000", C, 0},
    {"拾万", "拾万", "100000", C, 0},
    {"貳拾", "貳拾", "20", C, 0},
    {"陆佰柒拾捌", "陆佰柒拾捌", "678", C, 0},
    {"兩千", "兩千", "2000", C, 0},
    {"十两", "十", "10", C, 0},               /* 两 after 十 is the weight unit */
    {"一百零两", "一百", "100", C, 0},
    {"十百", "十", "10", C, 0},               /* units must fall */
    {"一百一百", "一百一", "110", C, 0},      /* 一百一 is 110; the second 百 cannot follow */
    {"三十万万", "三十万", "300000", C, 0},
    {"百姓", "", NULL, C, 0},                 /* 百 needs a digit */
    {"千方百计", "", NULL, C, 0},
    {"万元", "", NULL, C, 0},
    {"亿元", "", NULL, C, 0},
    {"点五", "", NULL, C, 0},
    {"村民", "", NULL, C, 0},
    {"一百二三十", "一百二", "120", C, 0},     /* the second digit ends it */
    {"一九四九年", "一九四九", "1949", C, 1},
    {"〇七", "〇七", "7", C, 1},
};

static const num_case arabic_cases[] = {
    {"155.6万元", "155.6", "155.6", A, 0},
    {"48.152万元", "48.152", "48.152", A, 0},
    {"1.2万亩", "1.2", "1.2", A, 0},
    {"3千", "3", "3", A, 0},
    {"29919亩", "29919", "29919", A, 0},
    {"1,200人", "1,200", "1200", A, 0},
    {"12,345,678元", "12,345,678", "12345678", A, 0},
    {"3,5", "3", "3", A, 0},
    {"1,2345", "1", "1", A, 0},
    {"1234,567", "1234", "1234", A, 0},
    {"1,200,", "1,200", "1200", A, 0},
    {"1,200.50元", "1,200.50", "1200.5", A, 0},
    {"12，345户", "12", "12", A, 0},         /* the Chinese comma is a clause break */
    {"１２户", "１２", "12", A, 0},
    {"１２．５％", "１２．５", "12.5", A, 0},
    {"12．5", "12．5", "12.5", A, 0},
    {"１,２００", "１,２００", "1200", A, 0},
    {"1.", "1", "1", A, 0},
    {"1.户", "1", "1", A, 0},
    {"3.14159", "3.14159", "3.14159", A, 0},
    {"007", "007", "7", A, 0},
    {"0.50", "0.50", "0.5", A, 0},
    /* the canonical form written without decimal.c */
    {"000", "000", "0", A, 0},
    {"00.000", "00.000", "0", A, 0},
    {"0.0500万", "0.0500", "0.05", A, 0},
    {"1,000.000元", "1,000.000", "1000", A, 0},
    {"０１２．５０", "０１２．５０", "12.5", A, 0},
    {"100.", "100", "100", A, 0},
    {"1.2.3", "1.2", "1.2", A, 0},
    {"280余人次", "280", "280", A, 0},
    {"8.5%", "8.5", "8.5", A, 0},
    {"2023年", "2023", "2023", A, 0},
    {"a1", "", NULL, A, 0},
    {".5", "", NULL, A, 0},
    {"，5", "", NULL, A, 0},
    {"", "", NULL, A, 0},
};

static const num_case percent_cases[] = {
    {"百分之八十", "百分之八十", "80", P, 0},
    {"百分之80", "百分之80", "80", P, 0},
    {"百分之百", "百分之百", "100", P, 0},
    {"百分之一百", "百分之一百", "100", P, 0},
    {"百分之五点五", "百分之五点五", "5.5", P, 0},
    {"百分之12.5以上", "百分之12.5", "12.5", P, 0},
    {"百分之", "", NULL, P, 0},
    {"百分之几", "", NULL, P, 0},
};

static void run_case(void **state) {
  const num_case *c = *state;
  rx_number n;
  memset(&n, 0x5A, sizeof n);
  size_t want = strlen(c->consumed);
  size_t got = rx_number_parse(c->input, strlen(c->input), &n);
  assert_int_equal(got, want);
  if (want == 0) return;
  assert_int_equal(n.len, want);
  assert_string_equal(n.value, c->value);
  assert_int_equal(n.form, c->form);
  assert_int_equal(n.digit_only, c->digit_only);
}

/* The length bound is honoured: the text after len is never read. */
static void test_len_bound(void **state) {
  (void)state;
  rx_number n;
  assert_int_equal(rx_number_parse("12345", 3, &n), 3);
  assert_string_equal(n.value, "123");
  assert_int_equal(rx_number_parse("1,200", 4, &n), 1); /* the group is cut: not a separator */
  assert_int_equal(rx_number_parse("一万零五百", 6, &n), 6); /* 一万 */
  assert_string_equal(n.value, "10000");
  assert_int_equal(rx_number_parse("一万零五百", 5, &n), 3); /* a cut character ends it */
  assert_string_equal(n.value, "1");
  assert_int_equal(rx_number_parse("3.5", 2, &n), 1);
  assert_int_equal(rx_number_parse("百分之八十", 8, &n), 0);
  assert_int_equal(rx_number_parse(NULL, 3, &n), 0);
}

/* A digit run too long to be a figure is not a number (and is not scanned to its end). */
static void test_long_runs(void **state) {
  (void)state;
  char buf[300];
  rx_number n;
  memset(buf, '7', sizeof buf);
  assert_int_equal(rx_number_parse(buf, 60, &n), 60);
  assert_int_equal(strlen(n.value), 60);
  assert_int_equal(rx_number_parse(buf, 61, &n), 0);
  assert_int_equal(rx_number_parse(buf, sizeof buf, &n), 0);
  char cn[3 * 100 + 1];
  for (int i = 0; i < 100; i++) memcpy(cn + 3 * i, "九", 3);
  cn[300] = '\0';
  assert_int_equal(rx_number_parse(cn, 3 * 40, &n), 120);
  assert_int_equal(n.digit_only, 1);
  assert_int_equal(rx_number_parse(cn, 300, &n), 0);
}

static void test_chinese_int(void **state) {
  (void)state;
  struct {
    const char *s;
    long v;
  } ok[] = {{"一", 1},   {"十", 10},   {"十一", 11},   {"十五", 15},  {"二十", 20},
            {"九十九", 99}, {"一百", 100}, {"一百零三", 103}, {"两", 2},   {"零", 0},
            {"壹拾贰", 12}, {"三千零五", 3005}, {"一万零五百", 10500}};
  for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
    assert_int_equal(rx_chinese_int(ok[i].s, strlen(ok[i].s)), ok[i].v);
  const char *bad[] = {"", "十a", "二〇二三", "一点五", "百", "十两", "是", "1"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
    assert_int_equal(rx_chinese_int(bad[i], strlen(bad[i])), -1);
  /* exactly spanning: a prefix length is judged on its own */
  assert_int_equal(rx_chinese_int("十一是", 6), 11);
  assert_int_equal(rx_chinese_int("十一是", 9), -1);
  assert_int_equal(rx_chinese_int(NULL, 3), -1);
}

/* Random strings of numeral pieces and junk (cut at random, also inside a character): the
 * parser never reads past len, always returns a canonical value, and is deterministic. Run
 * under the sanitizer build this is a small fuzzer. */
static void test_random_pieces(void **state) {
  (void)state;
  static const char *const pieces[] = {"一", "二", "两", "三", "十", "百", "千", "万", "亿", "零", "〇",
                                       "点", "壹", "拾", "佰", "萬", "0", "1", "9", ".", ",", "，",
                                       "．", "５", "百分之", "元", "%", "\xE4", "\xBC", "\xFF", "a"};
  uint32_t r = 99;
  for (int it = 0; it < 50000; it++) {
    char buf[128];
    size_t n = 0;
    r = r * 1103515245u + 12345u;
    int np = (int)((r >> 16) % 12);
    for (int p = 0; p < np; p++) {
      r = r * 1103515245u + 12345u;
      const char *pc = pieces[(r >> 16) % (sizeof pieces / sizeof pieces[0])];
      size_t l = strlen(pc);
      if (n + l > sizeof buf) break;
      memcpy(buf + n, pc, l);
      n += l;
    }
    r = r * 1103515245u + 12345u;
    size_t cut = n ? (r >> 16) % (n + 1) : 0;
    char *heap = test_malloc(cut ? cut : 1); /* exact size: ASan sees any over-read */
    memcpy(heap, buf, cut);
    rx_number a, b;
    size_t k = rx_number_parse(heap, cut, &a);
    assert_true(k <= cut);
    if (k) {
      char canon[RX_DEC_MAX];
      assert_int_equal(a.len, k);
      assert_int_equal(rx_dec_canon(a.value, strlen(a.value), canon, sizeof canon), 0);
      assert_string_equal(canon, a.value);
      assert_int_equal(rx_number_parse(heap, cut, &b), k);
      assert_string_equal(b.value, a.value);
      /* the longest match is stable: parsing exactly the consumed bytes gives the same */
      assert_int_equal(rx_number_parse(heap, k, &b), k);
      assert_string_equal(b.value, a.value);
    }
    (void)rx_chinese_int(heap, cut);
    test_free(heap);
  }
}

#define NCASES(a) (sizeof(a) / sizeof((a)[0]))

int main(void) {
  enum { N = NCASES(chinese_cases) + NCASES(arabic_cases) + NCASES(percent_cases) + 4 };
  static struct CMUnitTest tests[N];
  size_t k = 0;
  const num_case *tables[] = {chinese_cases, arabic_cases, percent_cases};
  size_t sizes[] = {NCASES(chinese_cases), NCASES(arabic_cases), NCASES(percent_cases)};
  for (size_t t = 0; t < 3; t++) {
    for (size_t i = 0; i < sizes[t]; i++) {
      const num_case *c = &tables[t][i];
      tests[k].name = c->input[0] ? c->input : "(empty)";
      tests[k].test_func = run_case;
      tests[k].setup_func = NULL;
      tests[k].teardown_func = NULL;
      tests[k].initial_state = (void *)(uintptr_t)c;
      k++;
    }
  }
  const struct CMUnitTest fixed[] = {cmocka_unit_test(test_len_bound),
                                     cmocka_unit_test(test_long_runs),
                                     cmocka_unit_test(test_chinese_int),
                                     cmocka_unit_test(test_random_pieces)};
  for (size_t i = 0; i < NCASES(fixed); i++) tests[k++] = fixed[i];
  return _cmocka_run_group_tests("numeral", tests, k, NULL, NULL);
}
