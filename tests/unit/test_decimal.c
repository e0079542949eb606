/* test_decimal.c — exact decimal arithmetic (src/decimal.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "decimal.h"

static char buf[RX_DEC_MAX];

#define CANON(in, want)                                                  \
  do {                                                                   \
    assert_int_equal(rx_dec_canon(in, strlen(in), buf, sizeof buf), 0); \
    assert_string_equal(buf, want);                                      \
  } while (0)

static void test_canon(void **state) {
  (void)state;
  CANON("0", "0");
  CANON("000", "0");
  CANON("-0", "0");
  CANON("-0.000", "0");
  CANON("007", "7");
  CANON("155.60", "155.6");
  CANON("155.000", "155");
  CANON("0.05", "0.05");
  CANON("00.050", "0.05");
  CANON("-12.340", "-12.34");
  CANON("+3", "3");
  CANON(".5", "0.5");
  CANON("5.", "5");
  CANON("123456789012345678901234567890", "123456789012345678901234567890");
}

static void test_canon_len_bounds(void **state) {
  (void)state;
  /* len bounds the input: no NUL needed */
  assert_int_equal(rx_dec_canon("12.5万元", 4, buf, sizeof buf), 0);
  assert_string_equal(buf, "12.5");
}

static void test_canon_invalid(void **state) {
  (void)state;
  const char *bad[] = {"", "-", ".", "1.2.3", "1e5", " 1", "1 ", "a", "--1", "1,000", "+-1"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    strcpy(buf, "junk");
    assert_int_equal(rx_dec_canon(bad[i], strlen(bad[i]), buf, sizeof buf), -1);
    assert_string_equal(buf, "");
  }
  assert_int_equal(rx_dec_canon(NULL, 0, buf, sizeof buf), -1);
}

static void test_cap_too_small(void **state) {
  (void)state;
  char small[4];
  assert_int_equal(rx_dec_canon("1234", 4, small, sizeof small), -1);
  assert_string_equal(small, "");
  assert_int_equal(rx_dec_canon("123", 3, small, sizeof small), 0);
  assert_string_equal(small, "123");
  assert_int_equal(rx_dec_shift("1", 3, small, sizeof small), -1);
  assert_int_equal(rx_dec_canon("-0.5", 4, small, sizeof small), -1); /* needs 5 bytes */
  char five[5];
  assert_int_equal(rx_dec_canon("-0.5", 4, five, sizeof five), 0);
  assert_string_equal(five, "-0.5");
}

#define SHIFT(a, p, want)                                       \
  do {                                                          \
    assert_int_equal(rx_dec_shift(a, p, buf, sizeof buf), 0);  \
    assert_string_equal(buf, want);                             \
  } while (0)

static void test_shift(void **state) {
  (void)state;
  SHIFT("155.6", 4, "1556000");
  SHIFT("48.152", 4, "481520");
  SHIFT("1.2", 4, "12000");
  SHIFT("1.0439", 8, "104390000");
  SHIFT("3", 0, "3");
  SHIFT("3", -2, "0.03");
  SHIFT("1556000", -4, "155.6");
  SHIFT("-2.5", 1, "-25");
  SHIFT("0", 8, "0");
  SHIFT("0.0001", 4, "1");
  SHIFT("12.5", -1, "1.25");
  SHIFT("0.1", 7, "1000000");
  assert_int_equal(rx_dec_shift("1", 100000, buf, sizeof buf), -1);
  assert_int_equal(rx_dec_shift("x", 1, buf, sizeof buf), -1);
}

#define OP(fn, a, b, want)                                  \
  do {                                                      \
    assert_int_equal(fn(a, b, buf, sizeof buf), 0);         \
    assert_string_equal(buf, want);                         \
  } while (0)

static void test_add(void **state) {
  (void)state;
  OP(rx_dec_add, "1", "2", "3");
  OP(rx_dec_add, "0.1", "0.2", "0.3"); /* the classic binary floating point trap */
  OP(rx_dec_add, "999", "1", "1000");
  OP(rx_dec_add, "99.95", "0.05", "100");
  OP(rx_dec_add, "-5", "3", "-2");
  OP(rx_dec_add, "5", "-5", "0");
  OP(rx_dec_add, "-1.5", "-1.5", "-3");
  OP(rx_dec_add, "123456789012345678901234567890", "1", "123456789012345678901234567891");
  OP(rx_dec_add, "0.001", "1000", "1000.001");
  assert_int_equal(rx_dec_add("1", "a", buf, sizeof buf), -1);
  assert_int_equal(rx_dec_add(NULL, "1", buf, sizeof buf), -1);
}

static void test_sub(void **state) {
  (void)state;
  OP(rx_dec_sub, "3", "2", "1");
  OP(rx_dec_sub, "2", "3", "-1");
  OP(rx_dec_sub, "1000", "0.001", "999.999");
  OP(rx_dec_sub, "-1", "-1", "0");
  OP(rx_dec_sub, "-1", "1", "-2");
  OP(rx_dec_sub, "0.3", "0.1", "0.2");
  OP(rx_dec_sub, "100", "100.5", "-0.5");
}

static void test_mul(void **state) {
  (void)state;
  OP(rx_dec_mul, "155.6", "10000", "1556000");
  OP(rx_dec_mul, "1.1", "1.1", "1.21");
  OP(rx_dec_mul, "-2", "3.5", "-7");
  OP(rx_dec_mul, "-2", "-3.5", "7");
  OP(rx_dec_mul, "0", "-3.5", "0");
  OP(rx_dec_mul, "0.001", "0.001", "0.000001");
  OP(rx_dec_mul, "12345678901234567890", "98765432109876543210",
     "1219326311370217952237463801111263526900");
  OP(rx_dec_mul, "29919", "2000", "59838000");
}

#define DIV(a, b, p, want)                                        \
  do {                                                            \
    assert_int_equal(rx_dec_div(a, b, p, buf, sizeof buf), 0);   \
    assert_string_equal(buf, want);                               \
  } while (0)

static void test_div(void **state) {
  (void)state;
  DIV("1", "3", 2, "0.33");
  DIV("2", "3", 2, "0.67");
  DIV("2", "3", 0, "1");
  DIV("1", "2", 0, "1");      /* half away from zero */
  DIV("-1", "2", 0, "-1");    /* half away from zero, not to even */
  DIV("5", "2", 0, "3");
  DIV("-5", "2", 0, "-3");
  DIV("0.125", "1", 2, "0.13");
  DIV("-0.125", "1", 2, "-0.13");
  DIV("0.124", "1", 2, "0.12");
  DIV("10", "4", 1, "2.5");
  DIV("10", "4", 5, "2.5");
  DIV("59838000", "3", 2, "19946000");
  DIV("24000000", "3", 2, "8000000");
  DIV("1", "7", 10, "0.1428571429");
  DIV("1.5", "0.03", 0, "50");
  DIV("0.0003", "0.1", 3, "0.003");
  DIV("100", "0.0003", 2, "333333.33");
  DIV("0", "5", 2, "0");
  DIV("-0.001", "1", 2, "0"); /* rounds to zero: never "-0" */
  DIV("999.995", "1", 2, "1000");
  DIV("1", "-3", 3, "-0.333");
  assert_int_equal(rx_dec_div("1", "0", 2, buf, sizeof buf), -1);
  assert_string_equal(buf, "");
  assert_int_equal(rx_dec_div("1", "0.000", 2, buf, sizeof buf), -1);
  assert_int_equal(rx_dec_div("1", "3", -1, buf, sizeof buf), -1);
}

static void test_cmp(void **state) {
  (void)state;
  assert_true(rx_dec_cmp("1", "2") < 0);
  assert_true(rx_dec_cmp("2", "1") > 0);
  assert_int_equal(rx_dec_cmp("1.50", "1.5"), 0);
  assert_int_equal(rx_dec_cmp("-0", "0"), 0);
  assert_true(rx_dec_cmp("-1", "0.5") < 0);
  assert_true(rx_dec_cmp("-1", "-2") > 0);
  assert_true(rx_dec_cmp("0.1", "0.09") > 0);
  assert_true(rx_dec_cmp("100", "99.999") > 0);
  assert_true(rx_dec_cmp("-100", "-99.999") < 0);
  assert_int_equal(rx_dec_cmp("abc", "1"), 0);
}

/* Deterministic pseudo-random decimals for property checks. */
static uint32_t lcg_state = 12345u;
static uint32_t lcg(void) {
  lcg_state = lcg_state * 1103515245u + 12345u;
  return (lcg_state >> 8) & 0xFFFFFFu;
}
static void random_dec(char *out) {
  size_t n = 0;
  if (lcg() % 3 == 0) out[n++] = '-';
  size_t ni = 1 + lcg() % 15, nf = lcg() % 8;
  for (size_t i = 0; i < ni; i++) out[n++] = (char)('0' + lcg() % 10);
  if (nf) {
    out[n++] = '.';
    for (size_t i = 0; i < nf; i++) out[n++] = (char)('0' + lcg() % 10);
  }
  out[n] = '\0';
}

/* Algebraic identities over many random operands: (a + b) - b = a, a - b = -(b - a),
 * (a × b) / b = a when b is not zero (a has at most 7 decimals, so 7 places are exact),
 * a × 10^k shifted back by -k is a, cmp agrees with the sign of a - b. */
static void test_properties(void **state) {
  (void)state;
  char a[40], b[40], ca[RX_DEC_MAX], s1[RX_DEC_MAX], s2[RX_DEC_MAX], s3[RX_DEC_MAX];
  for (int it = 0; it < 20000; it++) {
    random_dec(a);
    random_dec(b);
    assert_int_equal(rx_dec_canon(a, strlen(a), ca, sizeof ca), 0);
    assert_int_equal(rx_dec_add(a, b, s1, sizeof s1), 0);
    assert_int_equal(rx_dec_sub(s1, b, s2, sizeof s2), 0);
    assert_string_equal(s2, ca);
    assert_int_equal(rx_dec_sub(a, b, s1, sizeof s1), 0);
    assert_int_equal(rx_dec_sub(b, a, s2, sizeof s2), 0);
    assert_int_equal(rx_dec_add(s1, s2, s3, sizeof s3), 0);
    assert_string_equal(s3, "0");
    int c = rx_dec_cmp(a, b);
    int sign = strcmp(s1, "0") == 0 ? 0 : (s1[0] == '-' ? -1 : 1);
    assert_int_equal(c < 0 ? -1 : (c > 0 ? 1 : 0), sign);
    if (rx_dec_cmp(b, "0") != 0) {
      assert_int_equal(rx_dec_mul(a, b, s1, sizeof s1), 0);
      assert_int_equal(rx_dec_div(s1, b, 7, s2, sizeof s2), 0);
      assert_string_equal(s2, ca);
    }
    int k = (int)(lcg() % 20) - 10;
    assert_int_equal(rx_dec_shift(a, k, s1, sizeof s1), 0);
    assert_int_equal(rx_dec_shift(s1, -k, s2, sizeof s2), 0);
    assert_string_equal(s2, ca);
  }
}

/* Short operand: 1 to 10 integer digits, 0 to 9 decimals, sign, sometimes zeros at either end. */
static void short_dec(char *out) {
  size_t n = 0;
  if (lcg() % 3 == 0) out[n++] = '-';
  if (lcg() % 8 == 0) out[n++] = '0';
  size_t ni = 1 + lcg() % 10, nf = lcg() % 10;
  for (size_t i = 0; i < ni; i++) out[n++] = (char)('0' + lcg() % 10);
  if (nf) {
    out[n++] = '.';
    for (size_t i = 0; i < nf; i++) out[n++] = (char)('0' + lcg() % 10);
    if (lcg() % 4 == 0) out[n++] = '0';
  }
  out[n] = '\0';
}

/* The same value with 20 more leading zeros: too many digits for the 64-bit fast path. */
static void pad(const char *in, char *out) {
  size_t n = 0;
  if (*in == '-' || *in == '+') out[n++] = *in++;
  memset(out + n, '0', 20);
  strcpy(out + n + 20, in);
}

/* The fast path (values that fit 64-bit fixed point) and the digit arrays give the same
 * bytes and the same return value, whatever the room for the result. */
static void test_fast_path_agrees(void **state) {
  (void)state;
  char a[40], b[40], pa[64], pb[64];
  char f[RX_DEC_MAX], s[RX_DEC_MAX];
  for (int it = 0; it < 20000; it++) {
    short_dec(a);
    short_dec(b);
    static const char *const halves[] = {"2", "-4", "8", "0.2", "16", "-0.08", "2.5", "0.5"};
    if (it % 50 == 0) strcpy(b, it % 100 ? "0" : "-0.00");
    else if (it % 5 == 0) strcpy(b, halves[lcg() % 8]); /* quotients that end in a half */
    pad(a, pa);
    pad(b, pb);
    size_t cap = it % 7 == 0 ? 1 + lcg() % 12 : sizeof f;
#define SAME(fast, slow)                             \
  do {                                               \
    memset(f, 'x', sizeof f);                        \
    memset(s, 'y', sizeof s);                        \
    assert_int_equal(fast, slow);                    \
    assert_string_equal(f, s);                       \
  } while (0)
    SAME(rx_dec_canon(a, strlen(a), f, cap), rx_dec_canon(pa, strlen(pa), s, cap));
    SAME(rx_dec_add(a, b, f, cap), rx_dec_add(pa, pb, s, cap));
    SAME(rx_dec_sub(a, b, f, cap), rx_dec_sub(pa, pb, s, cap));
    SAME(rx_dec_mul(a, b, f, cap), rx_dec_mul(pa, pb, s, cap));
    int places = (int)(lcg() % 12);
    SAME(rx_dec_div(a, b, places, f, cap), rx_dec_div(pa, pb, places, s, cap));
    int k = (int)(lcg() % 40) - 20;
    SAME(rx_dec_shift(a, k, f, cap), rx_dec_shift(pa, k, s, cap));
#undef SAME
    assert_int_equal(rx_dec_cmp(a, b), rx_dec_cmp(pa, pb));
    assert_int_equal(rx_dec_cmp(a, a), 0);
  }
}

/* What the fast path reads up to the NUL: a sign, digits, one point, 18 digits at most;
 * anything else is invalid, or (more digits) the digit arrays' to add. */
static void test_fast_path_forms(void **state) {
  (void)state;
  static const struct {
    const char *in, *sum; /* in + 1, NULL: invalid */
  } cases[] = {
      {"0", "1"},         {"+41", "42"},      {"-0.00", "1"},     {".5", "1.5"},
      {"5.", "6"},        {"-.25", "0.75"},   {"0.0001", "1.0001"}, {"1.2.3", NULL},
      {"1a", NULL},       {"", NULL},         {"-", NULL},        {".", NULL},
      {"+.", NULL},       {"1 ", NULL},       {"--1", NULL},      {"999999999999999999", "1000000000000000000"},
      {"1234567890123456789", "1234567890123456790"}, {"0.000000000000000001", "1.000000000000000001"},
      {"12345678901234567.89", "12345678901234568.89"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    char out[RX_DEC_MAX];
    int r = rx_dec_add(cases[i].in, "1", out, sizeof out);
    if (!cases[i].sum) {
      assert_int_equal(r, -1);
      continue;
    }
    assert_int_equal(r, 0);
    assert_string_equal(out, cases[i].sum);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_fast_path_forms),
      cmocka_unit_test(test_canon),     cmocka_unit_test(test_canon_len_bounds),
      cmocka_unit_test(test_canon_invalid), cmocka_unit_test(test_cap_too_small),
      cmocka_unit_test(test_shift),     cmocka_unit_test(test_add),
      cmocka_unit_test(test_sub),       cmocka_unit_test(test_mul),
      cmocka_unit_test(test_div),       cmocka_unit_test(test_cmp),
      cmocka_unit_test(test_properties), cmocka_unit_test(test_fast_path_agrees),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
