/* test_units.c — the unit catalogue (src/units.c, src/units.def). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "units.h"

typedef struct unit_case {
  const char *text;   /* what follows the number */
  const char *unit;   /* expected folded unit, NULL when no unit */
  size_t len;         /* expected bytes consumed in text */
  const char *cls;
  const char *base;   /* NULL: no base */
  int pow10;
} unit_case;

static const unit_case cases[] = {
    /* plain catalogue units */
    {"亩，", "亩", 3, "area", "m2", 0},
    {"平方米的", "平方米", 9, "area", "m2", 0},
    {"㎡", "㎡", 3, "area", "m2", 0},
    {"m²。", "m²", 3, "area", "m2", 0},
    {"公顷", "公顷", 6, "area", "m2", 0},
    {"吨", "吨", 3, "mass", "kg", 0},
    {"kg", "kg", 2, "mass", "kg", 0},
    {"元", "元", 3, "money", "元", 0},
    {"美元", "美元", 6, "money", "美元", 0},
    {"公里", "公里", 6, "length", "m", 0},
    {"m³", "m³", 3, "volume", "m3", 0},
    {"户6316人", "户", 3, "households", "户", 0},
    {"名基干民兵", "名", 3, "people", "名", 0},
    {"处8.43亩", "处", 3, "count", "处", 0},
    {"村", "村", 3, "count", "村", 0},
    {"街道", "街道", 6, "count", "街道", 0},
    {"天集训", "天", 3, "time", "天", 0},
    {"%，", "%", 1, "ratio", NULL, 0},
    {"‰", "‰", 3, "ratio", NULL, 0},
    {"倍", "倍", 3, "ratio", NULL, 0},
    {"番；", "番", 3, "ratio", NULL, 0},
    {"度电", "度", 3, "power", "kWh", 0},
    {"℃", "℃", 3, "temperature", "℃", 0},
    {"摄氏度", "摄氏度", 9, "temperature", "℃", 0},
    {"万℃", NULL, 0, NULL, NULL, 0},
    {"㎞", "㎞", 3, "length", "m", 0},
    {"周岁以上", "周岁", 6, "time", "岁", 0},
    /* longest match */
    {"吨标准煤", "吨标准煤", 12, "power", "tce", 0},
    {"场次", "场次", 6, "events", "场次", 0},
    {"人次", "人次", 6, "people", "人次", 0},
    {"个百分点", "个百分点", 12, "ratio", NULL, 0},
    {"个月", "个月", 6, "time", "个月", 0},
    {"个", "个", 3, "count", "个", 0},
    {"个工作日以内", "个", 3, "count", "个", 0},
    {"个小时", "个", 3, "count", "个", 0},
    {"工作日", "工作日", 9, "time", "工作日", 0},
    {"千瓦时", "千瓦时", 9, "power", "kWh", 0},
    {"平方公里", "平方公里", 12, "area", "m2", 0},
    {"台次", "台次", 6, "count", "台次", 0},
    {"八方面", NULL, 0, NULL, NULL, 0},
    {"方面工作", "方面", 6, "count", "方面", 0},
    {"方土方", "方", 3, "volume", "m3", 0},
    {"mm", "mm", 2, "length", "m", 0},
    /* multiplier prefixes */
    {"万元", "万元", 6, "money", "元", 4},
    {"亿元", "亿元", 6, "money", "元", 8},
    {"千元", "千元", 6, "money", "元", 3},
    {"千万元", "千万元", 9, "money", "元", 7},
    {"十万元", "十万元", 9, "money", "元", 5},
    {"百万元", "百万元", 9, "money", "元", 6},
    {"万亩", "万亩", 6, "area", "m2", 4},
    {"万吨", "万吨", 6, "mass", "kg", 4},
    {"万美元", "万美元", 9, "money", "美元", 4},
    {"亿美元", "亿美元", 9, "money", "美元", 8},
    {"万人次", "万人次", 9, "people", "人次", 4},
    {"万平米", "万平米", 9, "area", "m2", 4},
    {"万千瓦", "万千瓦", 9, "power", "kW", 4},
    {"万千瓦时", "万千瓦时", 12, "power", "kWh", 4},
    {"亿千瓦时", "亿千瓦时", 12, "power", "kWh", 8},
    {"万吨标准煤", "万吨标准煤", 15, "power", "tce", 4},
    {"万kW", "万kW", 5, "power", "kW", 4},
    {"万亿元", "万亿元", 9, "money", "元", 12},
    /* units of their own that begin with a multiplier character */
    {"千瓦", "千瓦", 6, "power", "kW", 0},
    {"千米", "千米", 6, "length", "m", 0},
    {"千克", "千克", 6, "mass", "kg", 0},
    {"千伏线路", "千伏", 6, "power", "kV", 0},
    {"百分点", "百分点", 9, "ratio", NULL, 0},
    /* no prefix on ratios, no bare multiplier */
    {"万%", NULL, 0, NULL, NULL, 0},
    {"万倍", NULL, 0, NULL, NULL, 0},
    {"万", NULL, 0, NULL, NULL, 0},
    {"万余元", NULL, 0, NULL, NULL, 0},
    {"余人次", NULL, 0, NULL, NULL, 0},
    {"年度", "年", 3, "time", "年", 0},
    /* denominators only after a slash */
    {"月底", NULL, 0, NULL, NULL, 0},
    {"元/月", "元/月", 7, "rate", NULL, 0},
    /* folding */
    {"％", "%", 3, "ratio", NULL, 0},
    {"﹪", "%", 3, "ratio", NULL, 0},
    {"ｍ", "m", 3, "length", "m", 0},
    {"ｋｇ", "kg", 6, "mass", "kg", 0},
    {"ｋｍ", "km", 6, "length", "m", 0},
    {"ｍ２", "m2", 6, "area", "m2", 0},
    {"ｋＶ", "kV", 6, "power", "kV", 0},
    {"KV变电站", "KV", 2, "power", "kV", 0}, /* case is kept as written */
    {"万ｋＷ", "万kW", 9, "power", "kW", 4},
    {"µg/m³", "μg/m³", 7, "rate", "μg/m3", 0},
    /* ASCII units do not run on into letters or digits */
    {"mA", NULL, 0, NULL, NULL, 0},
    {"m30", NULL, 0, NULL, NULL, 0},
    {"kVA", "kVA", 3, "power", "kVA", 0},
    {"G312", NULL, 0, NULL, NULL, 0},
    {"m，", "m", 1, "length", "m", 0},
    /* rates */
    {"元/亩", "元/亩", 7, "rate", NULL, 0},
    {"万元/户", "万元/户", 10, "rate", NULL, 4},
    {"元/人，", "元/人", 7, "rate", NULL, 0},
    {"吨标准煤/万元", "吨标准煤/万元", 19, "rate", NULL, 0},
    {"元／亩", "元/亩", 9, "rate", NULL, 0},
    /* byte counts mapped back after full-width forms, wherever they stand */
    {"万ｋＷ／户，", "万kW/户", 15, "rate", NULL, 4},
    {"ｋｍ2", "km2", 7, "area", "m2", 0},
    {"m／s", "m", 1, "length", "m", 0},
    {"元/头", "元/头", 7, "rate", NULL, 0},
    {"元/kg", "元/kg", 6, "rate", NULL, 0},
    {"微克/立方米", "微克/立方米", 16, "rate", "μg/m3", 0},
    {"元/", "元", 3, "money", "元", 0},     /* no denominator: the slash is not taken */
    {"元/年底", "元/年", 7, "rate", NULL, 0},
    {"%/年", "%", 1, "ratio", NULL, 0},     /* ratios are no numerators */
    {"元/%", "元", 3, "money", "元", 0},
    /* nothing */
    {"", NULL, 0, NULL, NULL, 0},
    {"的", NULL, 0, NULL, NULL, 0},
    {"/亩", NULL, 0, NULL, NULL, 0},
};

static void run_case(void **state) {
  const unit_case *c = *state;
  rx_unit_match m;
  memset(&m, 0, sizeof m);
  size_t got = rx_unit_match_at(c->text, strlen(c->text), &m);
  if (!c->unit) {
    assert_int_equal(got, 0);
    return;
  }
  assert_int_equal(got, c->len);
  assert_int_equal(m.len, c->len);
  assert_string_equal(m.unit, c->unit);
  assert_string_equal(m.cls, c->cls);
  if (c->base) {
    assert_non_null(m.base);
    assert_string_equal(m.base, c->base);
  } else {
    assert_null(m.base);
  }
  assert_int_equal(m.pow10, c->pow10);
  assert_non_null(m.entry);
}

static void test_catalogue(void **state) {
  (void)state;
  size_t n = rx_unit_catalogue_size();
  assert_true(n >= 120);
  const char *classes[] = {"area",       "mass",   "money", "length", "volume", "power", "households",
                           "people",     "events", "count", "time",   "ratio",  "rate",  "temperature"};
  char tmp[RX_DEC_MAX];
  for (size_t i = 0; i < n; i++) {
    const char *s, *cls, *base, *factor;
    assert_int_equal(rx_unit_catalogue_row(i, &s, &cls, &base, &factor), 0);
    assert_true(strlen(s) > 0 && strlen(s) < 40);
    int known = 0;
    for (size_t k = 0; k < sizeof classes / sizeof classes[0]; k++) known |= strcmp(cls, classes[k]) == 0;
    assert_true(known);
    /* every factor is a decimal or p/q with decimals on both sides */
    const char *slash = strchr(factor, '/');
    if (slash) {
      assert_int_equal(rx_dec_canon(factor, (size_t)(slash - factor), tmp, sizeof tmp), 0);
      assert_int_equal(rx_dec_canon(slash + 1, strlen(slash + 1), tmp, sizeof tmp), 0);
    } else {
      assert_int_equal(rx_dec_canon(factor, strlen(factor), tmp, sizeof tmp), 0);
    }
    /* every row is found by look-up as itself, unless it is a denominator-only row */
    rx_unit_match m;
    if (rx_unit_match_at(s, strlen(s), &m) != 0) {
      assert_int_equal(m.len, strlen(s));
      assert_string_equal(m.unit, s);
      assert_string_equal(m.cls, cls);
      assert_int_equal(m.pow10, 0);
    } else {
      char rate[64] = "元/";
      strcat(rate, s);
      assert_int_equal(rx_unit_match_at(rate, strlen(rate), &m), strlen(rate));
    }
    (void)base;
  }
  assert_int_equal(rx_unit_catalogue_row(n, NULL, NULL, NULL, NULL), -1);
}

static void test_len_bound(void **state) {
  (void)state;
  rx_unit_match m;
  assert_int_equal(rx_unit_match_at("万元", 3, &m), 0); /* 万 alone */
  assert_int_equal(rx_unit_match_at("人次", 3, &m), 3);
  assert_string_equal(m.unit, "人");
  assert_int_equal(rx_unit_match_at("人次", 4, &m), 3); /* a cut character is not read */
  assert_int_equal(rx_unit_match_at(NULL, 3, &m), 0);
  assert_int_equal(rx_unit_match_at("元", 3, NULL), 0);
}

static void test_add_prefix(void **state) {
  (void)state;
  rx_unit_match m;
  assert_int_equal(rx_unit_match_at("元", 3, &m), 3);
  assert_int_equal(rx_unit_add_prefix(&m, "万", 3), 0);
  assert_string_equal(m.unit, "万元");
  assert_int_equal(m.pow10, 4);
  assert_int_equal(m.prefix_len, 3);
  assert_int_equal(m.len, 3); /* the span is the caller's */
  assert_int_equal(rx_unit_add_prefix(&m, "千", 3), 0);
  assert_string_equal(m.unit, "千万元");
  assert_int_equal(m.pow10, 7);
  assert_int_equal(rx_unit_add_prefix(&m, "万", 3), -1); /* 万千万元 is no multiplier */
  assert_string_equal(m.unit, "千万元");

  assert_int_equal(rx_unit_match_at("人次", 6, &m), 6);
  assert_int_equal(rx_unit_add_prefix(&m, "亿", 3), 0);
  assert_string_equal(m.unit, "亿人次");
  assert_int_equal(m.pow10, 8);

  assert_int_equal(rx_unit_match_at("千瓦", 6, &m), 6);
  assert_int_equal(rx_unit_add_prefix(&m, "万", 3), 0);
  assert_string_equal(m.unit, "万千瓦");
  assert_int_equal(m.pow10, 4);

  assert_int_equal(rx_unit_match_at("元/亩", 7, &m), 7);
  assert_int_equal(rx_unit_add_prefix(&m, "万", 3), 0);
  assert_string_equal(m.unit, "万元/亩");
  assert_string_equal(m.cls, "rate");

  assert_int_equal(rx_unit_match_at("%", 1, &m), 1);
  assert_int_equal(rx_unit_add_prefix(&m, "万", 3), -1);
  assert_string_equal(m.unit, "%");
  assert_int_equal(m.pow10, 0);

  assert_int_equal(rx_unit_match_at("元", 3, &m), 3);
  assert_int_equal(rx_unit_add_prefix(&m, "兆", 3), -1);
  assert_int_equal(rx_unit_add_prefix(&m, "余", 3), -1);
  assert_int_equal(rx_unit_add_prefix(NULL, "万", 3), -1);
  assert_string_equal(m.unit, "元");
}

typedef struct norm_case {
  const char *text, *value, *want, *base;
} norm_case;

static void test_normalize(void **state) {
  (void)state;
  static const norm_case nc[] = {
      {"万元", "155.6", "1556000", "元"},
      {"万元", "48.152", "481520", "元"},
      {"亿元", "1.0439", "104390000", "元"},
      {"千万元", "3", "30000000", "元"},
      {"元", "12000", "12000", "元"},
      {"万美元", "2.5", "25000", "美元"},
      {"万亩", "1.2", "8000000", "m2"},
      {"亩", "29919", "19946000", "m2"},
      {"亩", "8.43", "5620", "m2"},
      {"亩", "1", "666.67", "m2"},
      {"亩", "2", "1333.33", "m2"},
      {"亩", "0.001", "0.67", "m2"},
      {"万亩", "1.58", "10533333.33", "m2"},
      {"公顷", "3.5", "35000", "m2"},
      {"平方公里", "2.15", "2150000", "m2"},
      {"万平米", "4.06", "40600", "m2"},
      {"吨", "57.7", "57700", "kg"},
      {"万吨", "1.5", "15000000", "kg"},
      {"斤", "3", "1.5", "kg"},
      {"万斤", "3", "15000", "kg"},
      {"克", "250", "0.25", "kg"},
      {"公里", "82.5", "82500", "m"},
      {"厘米", "15", "0.15", "m"},
      {"万立方米", "2", "20000", "m3"},
      {"万方", "1.2", "12000", "m3"},
      {"m³", "13163", "13163", "m3"},
      {"兆瓦", "5", "5000", "kW"},
      {"万千瓦", "60", "600000", "kW"},
      {"万千瓦时", "1.2", "12000", "kWh"},
      {"千伏", "110", "110", "kV"},
      {"万人", "1.2", "12000", "人"},
      {"户", "1178", "1178", "户"},
      {"万人次", "2.67", "26700", "人次"},
      {"个", "140", "140", "个"},
      {"天", "12", "12", "天"},
      {"毫克/立方米", "0.035", "35", "μg/m3"},
  };
  char out[RX_DEC_MAX];
  for (size_t i = 0; i < sizeof nc / sizeof nc[0]; i++) {
    rx_unit_match m;
    assert_int_equal(rx_unit_match_at(nc[i].text, strlen(nc[i].text), &m), strlen(nc[i].text));
    assert_int_equal(rx_unit_normalize(&m, nc[i].value, out, sizeof out), 0);
    assert_string_equal(out, nc[i].want);
    assert_string_equal(m.base, nc[i].base);
  }
  /* after rx_unit_add_prefix: 176万余元 */
  rx_unit_match m;
  assert_int_equal(rx_unit_match_at("元", 3, &m), 3);
  assert_int_equal(rx_unit_add_prefix(&m, "万", 3), 0);
  assert_int_equal(rx_unit_normalize(&m, "176", out, sizeof out), 0);
  assert_string_equal(out, "1760000");
  /* no base: ratios and rates */
  const char *nobase[] = {"%", "个百分点", "倍", "元/亩", "万元/户"};
  for (size_t i = 0; i < sizeof nobase / sizeof nobase[0]; i++) {
    assert_int_equal(rx_unit_match_at(nobase[i], strlen(nobase[i]), &m), strlen(nobase[i]));
    strcpy(out, "junk");
    assert_int_equal(rx_unit_normalize(&m, "8.5", out, sizeof out), -1);
    assert_string_equal(out, "");
  }
  /* bad input */
  assert_int_equal(rx_unit_match_at("万元", 6, &m), 6);
  assert_int_equal(rx_unit_normalize(&m, "abc", out, sizeof out), -1);
  assert_int_equal(rx_unit_normalize(&m, NULL, out, sizeof out), -1);
  assert_int_equal(rx_unit_normalize(NULL, "1", out, sizeof out), -1);
  char small[4];
  assert_int_equal(rx_unit_normalize(&m, "155.6", small, sizeof small), -1);
}

/* Random strings of unit pieces, prefixes and junk, cut anywhere: never a read past len, the
 * unit fits, its byte count is within the text, and prefix/normalise calls stay safe. */
static void test_random_pieces(void **state) {
  (void)state;
  static const char *const pieces[] = {"万", "亿", "千", "十", "百", "元", "/", "／", "亩", "吨", "标准煤",
                                       "瓦", "时", "%", "％", "m", "k", "g", "²", "³", "个", "百分点",
                                       "余", "人", "次", "μ", "µ", "ｍ", "月", "\xE4", "\xBC", "\xFF", "A"};
  uint32_t r = 7;
  char out[RX_DEC_MAX];
  for (int it = 0; it < 50000; it++) {
    char buf[160];
    size_t n = 0;
    r = r * 1103515245u + 12345u;
    int np = (int)((r >> 16) % 14);
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
    char *heap = test_malloc(cut ? cut : 1);
    memcpy(heap, buf, cut);
    rx_unit_match m;
    size_t k = rx_unit_match_at(heap, cut, &m);
    assert_true(k <= cut);
    if (k) {
      assert_int_equal(m.len, k);
      assert_true(strlen(m.unit) > 0 && strlen(m.unit) < sizeof m.unit);
      assert_true(m.prefix_len < strlen(m.unit));
      assert_non_null(m.cls);
      int rc = rx_unit_normalize(&m, "1.5", out, sizeof out);
      assert_int_equal(rc == 0, m.base != NULL);
      (void)rx_unit_add_prefix(&m, "万", 3);
      assert_true(strlen(m.unit) < sizeof m.unit);
    }
    test_free(heap);
  }
}

/* The normalisation fast paths (a point moved, a 64-bit p/q) give what decimal.c gives, byte
 * for byte, for every catalogue row with a base, every prefix power and values canonical or
 * not, negative, zero, long, and outs too small. */
static void test_normalize_reference(void **state) {
  (void)state;
  static const char *values[] = {"0", "-0", "1", "7", "10", "100", "12000", "155.6", "0.5", "0.05", "0.001",
                                 "-3", "-0.25", "-1.5", "29919", "8.43", "1.50", "05", "00", "1.", ".5",
                                 "+2", "1e3", "", "-", "0.0", "123456789012345678", "1234567890123456789",
                                 "99999999999999999999999999999999999999", "999999999999999999999999999999999999999",
                                 "0.000000000000000000000000000001", "3.14159265358979", "1.2.3", "abc"};
  static const size_t caps[] = {RX_DEC_MAX, 8, 4, 2, 1};
  for (size_t r = 0; r < rx_unit_catalogue_size(); r++) {
    const char *surface, *cls, *base, *factor;
    assert_int_equal(rx_unit_catalogue_row(r, &surface, &cls, &base, &factor), 0);
    rx_unit_match m;
    if (!base || rx_unit_match_at(surface, strlen(surface), &m) != strlen(surface) || !m.base) continue;
    for (int p = -2; p <= 13; p++) {
      m.pow10 = p;
      for (size_t v = 0; v < sizeof values / sizeof values[0]; v++)
        for (size_t c = 0; c < sizeof caps / sizeof caps[0]; c++) {
          char want[RX_DEC_MAX], shifted[RX_DEC_MAX], prod[RX_DEC_MAX], num[32], got[RX_DEC_MAX];
          int wrc;
          const char *slash = strchr(factor, '/');
          want[0] = '\0';
          if (strcmp(factor, "1") == 0) {
            wrc = rx_dec_shift(values[v], p, want, caps[c]) ? -1 : 0;
          } else if (rx_dec_shift(values[v], p, shifted, sizeof shifted)) {
            wrc = -1;
            want[0] = '\0';
          } else if (!slash) {
            wrc = rx_dec_mul(shifted, factor, want, caps[c]) ? -1 : 0;
          } else {
            memcpy(num, factor, (size_t)(slash - factor));
            num[slash - factor] = '\0';
            wrc = rx_dec_mul(shifted, num, prod, sizeof prod) || rx_dec_div(prod, slash + 1, 2, want, caps[c]) ? -1 : 0;
          }
          int grc = rx_unit_normalize(&m, values[v], got, caps[c]);
          assert_int_equal(grc, wrc);
          if (caps[c] > 0) assert_string_equal(got, wrc == 0 ? want : "");
        }
    }
  }
}

int main(void) {
  enum { NC = sizeof cases / sizeof cases[0] };
  static struct CMUnitTest tests[NC + 6];
  size_t k = 0;
  for (size_t i = 0; i < NC; i++) {
    tests[k].name = cases[i].text[0] ? cases[i].text : "(empty)";
    tests[k].test_func = run_case;
    tests[k].setup_func = NULL;
    tests[k].teardown_func = NULL;
    tests[k].initial_state = (void *)(uintptr_t)&cases[i];
    k++;
  }
  const struct CMUnitTest fixed[] = {cmocka_unit_test(test_catalogue), cmocka_unit_test(test_len_bound),
                                     cmocka_unit_test(test_add_prefix), cmocka_unit_test(test_normalize),
                                     cmocka_unit_test(test_random_pieces),
                                     cmocka_unit_test(test_normalize_reference)};
  for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++) tests[k++] = fixed[i];
  return _cmocka_run_group_tests("units", tests, k, NULL, NULL);
}
