/*
 * decimal.c — exact decimal arithmetic on strings (see decimal.h).
 *
 * Consumes decimal strings, produces canonical decimal strings. Used for every value
 * reportx emits and for unit normalisation (155.6 万元 → 1556000 元), so that no figure ever
 * passes through binary floating point.
 *
 * Representation: a sign, a little-endian array of base-10 digits and a scale, the value
 * being digits × 10^-scale. Schoolbook algorithms throughout: the numbers in the genre have
 * a handful of digits, and RX_DEC_MAX bounds every result, so nothing cleverer pays off.
 *
 * Accepted input: optional '+' or '-', digits, optionally '.' and digits; at least one digit
 * in all (".5" and "5." are accepted and read as 0.5 and 5). Nothing else, no spaces, no
 * exponent. At most RX_DEC_IN_DIGITS digits.
 */
#include "decimal.h"

#include <limits.h>
#include <string.h>

#define RX_DEC_IN_DIGITS 200 /* digits accepted in an input */
#define RX_DEC_WORK 1024     /* digits of working room (products, shifted dividends) */
#define RX_DEC_PLACES 100    /* largest `places` rx_dec_div accepts */

typedef struct dec {
  int neg;
  int scale;                     /* value = d × 10^-scale, scale >= 0 */
  int n;                         /* digits used in d */
  unsigned char d[RX_DEC_WORK];  /* little-endian: d[0] is the least significant digit */
} dec;

static void dec_zero(dec *x) {
  x->neg = 0;
  x->scale = 0;
  x->n = 1;
  x->d[0] = 0;
}

/* Drops leading zeros of the integer part and trailing zeros of the fraction, and the sign
 * of zero, so that formatting and comparison see one form per value. */
static void dec_trim(dec *x) {
  int k = 0;
  while (k < x->n && x->d[k] == 0) k++;
  if (k == x->n) { /* all zero, whatever the scale */
    dec_zero(x);
    return;
  }
  k = 0;
  while (k < x->scale && k < x->n && x->d[k] == 0) k++;
  if (k > 0) {
    memmove(x->d, x->d + k, (size_t)(x->n - k));
    x->n -= k;
    x->scale -= k;
  }
  while (x->n > 1 && x->d[x->n - 1] == 0) x->n--;
}

static int dec_parse(const char *s, size_t len, dec *x) {
  size_t i = 0, ndig = 0, point = (size_t)-1;
  if (!s) return -1;
  x->neg = 0;
  if (i < len && (s[i] == '-' || s[i] == '+')) {
    x->neg = s[i] == '-';
    i++;
  }
  size_t first = i;
  for (; i < len; i++) {
    if (s[i] >= '0' && s[i] <= '9') {
      ndig++;
    } else if (s[i] == '.' && point == (size_t)-1) {
      point = i;
    } else {
      return -1;
    }
  }
  if (ndig == 0 || ndig > RX_DEC_IN_DIGITS) return -1;
  x->n = 0;
  x->scale = point == (size_t)-1 ? 0 : (int)(len - point - 1);
  for (size_t j = len; j > first; j--) {
    char c = s[j - 1];
    if (c != '.') x->d[x->n++] = (unsigned char)(c - '0');
  }
  dec_trim(x);
  return 0;
}

static int dec_parse_str(const char *s, dec *x) {
  if (!s) return -1;
  return dec_parse(s, strlen(s), x);
}

static int fail(char *out, size_t cap) {
  if (out && cap > 0) out[0] = '\0';
  return -1;
}

/* ---------------------------------------------------------------- the fast path
 *
 * Nearly every value reportx handles has a handful of digits, so each function first tries
 * the value as a 64-bit fixed-point number, ±m × 10^-scale, and falls back to the digit
 * arrays above when an input has more than 18 digits or a step would overflow. Both paths
 * compute the exact value and write its one canonical form, so they give the same bytes. */

typedef struct fix {
  int neg;
  int scale;
  unsigned long long m;
} fix;

#define FIX_DIGITS 18 /* digits an input may have on the fast path: m < 10^18 */
#define FIX_SHIFT 64  /* the largest power of ten rx_dec_shift takes on the fast path */

static const unsigned long long fix_p10[20] = {
    1ULL, 10ULL, 100ULL, 1000ULL, 10000ULL, 100000ULL, 1000000ULL, 10000000ULL, 100000000ULL,
    1000000000ULL, 10000000000ULL, 100000000000ULL, 1000000000000ULL, 10000000000000ULL,
    100000000000000ULL, 1000000000000000ULL, 10000000000000000ULL, 100000000000000000ULL,
    1000000000000000000ULL, 10000000000000000000ULL};

/* Trailing zeros of the fraction dropped, and the sign of zero (as dec_trim). */
static void fix_trim(fix *x) {
  if (x->m == 0) {
    x->neg = 0;
    x->scale = 0;
    return;
  }
  while (x->scale > 0 && x->m % 10 == 0) {
    x->m /= 10;
    x->scale--;
  }
}

/* What dec_parse accepts, with at most FIX_DIGITS digits; len (size_t)-1: up to the NUL.
 * -1 for anything else (then the slow path decides). */
static int fix_parse_n(const char *s, size_t len, fix *x) {
  size_t i = 0;
  int digits = 0, point = 0;
  unsigned long long m = 0;
  x->neg = 0;
  x->scale = 0;
  if (i < len && (s[i] == '-' || s[i] == '+')) x->neg = s[i++] == '-';
  for (; i < len && s[i]; i++) {
    unsigned c = (unsigned)(unsigned char)s[i] - '0';
    if (c < 10) {
      if (++digits > FIX_DIGITS) return -1;
      m = m * 10 + c;
      x->scale += point;
    } else if (s[i] == '.' && !point) {
      point = 1;
    } else {
      return -1;
    }
  }
  if (i < len || digits == 0) return -1; /* a NUL inside `len`, or no digit */
  x->m = m;
  fix_trim(x);
  return 0;
}

static int fix_parse(const char *s, size_t len, fix *x) {
  if (!s) return -1;
  if (len != (size_t)-1) return fix_parse_n(s, len, x);
  /* up to the NUL: [sign] digits [. digits], the digits counted once at the end (m may
   * wrap meanwhile when there are too many: then it is not used) */
  size_t i = 0;
  int neg = 0;
  if (s[0] == '-' || s[0] == '+') neg = s[i++] == '-';
  size_t start = i, frac = 0;
  unsigned long long m = 0;
  unsigned c;
  while ((c = (unsigned)(unsigned char)s[i] - '0') < 10) {
    m = m * 10 + c;
    i++;
  }
  size_t digits = i - start;
  if (s[i] == '.') {
    size_t f0 = ++i;
    while ((c = (unsigned)(unsigned char)s[i] - '0') < 10) {
      m = m * 10 + c;
      i++;
    }
    frac = i - f0;
    digits += frac;
  }
  if (s[i] != '\0' || digits == 0 || digits > FIX_DIGITS) return -1;
  x->neg = neg;
  x->scale = (int)frac;
  x->m = m;
  fix_trim(x);
  return 0;
}

char *rx_u64_back(char *end, uint64_t v) {
  static const char pairs[201] = "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
                                 "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
                                 "8081828384858687888990919293949596979899"; /* "00" to "99" */
  char *p = end;
  while (v >= 100) {
    unsigned r = (unsigned)(v % 100);
    v /= 100;
    p -= 2;
    memcpy(p, pairs + 2 * r, 2);
  }
  if (v >= 10) {
    p -= 2;
    memcpy(p, pairs + 2 * v, 2);
  } else {
    *--p = (char)('0' + v);
  }
  return p;
}

/* Writes the value of the n digits g (most significant first, no leading zero unless it is
 * the only one) divided by 10^scale, with the sign: "-12.05", "0.003". The layout shared by
 * both representations below. */
static int lay_out(int neg, const char *g, int n, int scale, char *out, size_t cap) {
  int intdigits = n - scale; /* may be <= 0: 0.00x */
  size_t need = (size_t)neg + (intdigits > 0 ? (size_t)intdigits : 1) + (scale > 0 ? 1 + (size_t)scale : 0) + 1;
  if (!out || need > cap) return fail(out, cap);
  size_t o = 0;
  if (neg) out[o++] = '-';
  if (intdigits <= 0) {
    out[o++] = '0';
  } else {
    memcpy(out + o, g, (size_t)intdigits);
    o += (size_t)intdigits;
  }
  if (scale > 0) {
    out[o++] = '.';
    int lead = intdigits < 0 ? -intdigits : 0; /* zeros between the point and the digits */
    memset(out + o, '0', (size_t)lead);
    o += (size_t)lead;
    int fd = scale - lead;
    memcpy(out + o, g + n - fd, (size_t)fd);
    o += (size_t)fd;
  }
  out[o] = '\0';
  return 0;
}

/* dec_format for a trimmed fix. */
static int fix_format(const fix *x, char *out, size_t cap) {
  char d[20], *p = rx_u64_back(d + sizeof d, (uint64_t)x->m); /* m's digits, at the end of d */
  return lay_out(x->neg, p, (int)(d + sizeof d - p), x->scale, out, cap);
}

/* m × 10^k into *r; -1 when it does not fit. */
static int fix_up(unsigned long long m, int k, unsigned long long *r) {
  if (k < 0 || k > 19 || m > ULLONG_MAX / fix_p10[k]) return -1;
  *r = m * fix_p10[k];
  return 0;
}

/* The magnitudes of x and y at their common scale; -1 when one does not fit. */
static int fix_align(const fix *x, const fix *y, unsigned long long *a, unsigned long long *b, int *scale) {
  *scale = x->scale > y->scale ? x->scale : y->scale;
  return fix_up(x->m, *scale - x->scale, a) || fix_up(y->m, *scale - y->scale, b) ? -1 : 0;
}

/* x + y (y negated when `negate_y`) into *r; -1 when it does not fit. */
static int fix_addsub(const fix *x, const fix *y, int negate_y, fix *r) {
  unsigned long long a, b;
  int yneg = y->neg != negate_y;
  if (fix_align(x, y, &a, &b, &r->scale)) return -1;
  if (x->neg == yneg) {
    if (a > ULLONG_MAX - b) return -1;
    r->m = a + b;
    r->neg = x->neg;
  } else if (a >= b) {
    r->m = a - b;
    r->neg = x->neg;
  } else {
    r->m = b - a;
    r->neg = yneg;
  }
  fix_trim(r);
  return 0;
}

static int dec_format(dec *x, char *out, size_t cap) {
  dec_trim(x);
  char g[RX_DEC_WORK]; /* the digits, most significant first */
  for (int k = 0; k < x->n; k++) g[k] = (char)('0' + x->d[x->n - 1 - k]);
  return lay_out(x->neg, g, x->n, x->scale, out, cap);
}

/* Raises x's scale to `scale` by appending zero digits (value unchanged). */
static int dec_rescale(dec *x, int scale) {
  int add = scale - x->scale;
  if (add <= 0) return 0;
  if (x->n + add > RX_DEC_WORK) return -1;
  memmove(x->d + add, x->d, (size_t)x->n);
  memset(x->d, 0, (size_t)add);
  x->n += add;
  x->scale = scale;
  return 0;
}

/* |x| vs |y| for equal scales. */
static int mag_cmp(const dec *x, const dec *y) {
  int n = x->n > y->n ? x->n : y->n;
  for (int k = n - 1; k >= 0; k--) {
    int a = k < x->n ? x->d[k] : 0, b = k < y->n ? y->d[k] : 0;
    if (a != b) return a < b ? -1 : 1;
  }
  return 0;
}

/* r = |x| + |y| (equal scales; r may alias neither). */
static int mag_add(const dec *x, const dec *y, dec *r) {
  int n = x->n > y->n ? x->n : y->n, carry = 0;
  if (n + 1 > RX_DEC_WORK) return -1;
  for (int k = 0; k < n; k++) {
    int s = (k < x->n ? x->d[k] : 0) + (k < y->n ? y->d[k] : 0) + carry;
    r->d[k] = (unsigned char)(s % 10);
    carry = s / 10;
  }
  r->n = n;
  if (carry) r->d[r->n++] = (unsigned char)carry;
  r->scale = x->scale;
  return 0;
}

/* r = |x| - |y|, requires |x| >= |y| (equal scales). */
static void mag_sub(const dec *x, const dec *y, dec *r) {
  int borrow = 0;
  for (int k = 0; k < x->n; k++) {
    int s = x->d[k] - (k < y->n ? y->d[k] : 0) - borrow;
    borrow = s < 0;
    r->d[k] = (unsigned char)(s + (borrow ? 10 : 0));
  }
  r->n = x->n;
  r->scale = x->scale;
}

/* Signed addition, the sign of y flipped when `negate_y`. */
static int dec_addsub(const char *a, const char *b, int negate_y, char *out, size_t cap) {
  fix fx, fy, fr;
  if (fix_parse(a, (size_t)-1, &fx) == 0 && fix_parse(b, (size_t)-1, &fy) == 0 &&
      fix_addsub(&fx, &fy, negate_y, &fr) == 0)
    return fix_format(&fr, out, cap);
  static const dec zero_init;
  dec x = zero_init, y = zero_init, r = zero_init;
  if (dec_parse_str(a, &x) || dec_parse_str(b, &y)) return fail(out, cap);
  if (negate_y) y.neg = !y.neg;
  int scale = x.scale > y.scale ? x.scale : y.scale;
  if (dec_rescale(&x, scale) || dec_rescale(&y, scale)) return fail(out, cap);
  if (x.neg == y.neg) {
    if (mag_add(&x, &y, &r)) return fail(out, cap);
    r.neg = x.neg;
  } else if (mag_cmp(&x, &y) >= 0) {
    mag_sub(&x, &y, &r);
    r.neg = x.neg;
  } else {
    mag_sub(&y, &x, &r);
    r.neg = y.neg;
  }
  return dec_format(&r, out, cap);
}

int rx_dec_canon(const char *in, size_t len, char *out, size_t cap) {
  fix f;
  if (len != (size_t)-1 && fix_parse(in, len, &f) == 0) return fix_format(&f, out, cap);
  static const dec zero_init;
  dec x = zero_init;
  if (dec_parse(in, len, &x)) return fail(out, cap);
  return dec_format(&x, out, cap);
}

int rx_dec_shift(const char *a, int pow10, char *out, size_t cap) {
  fix f;
  if (pow10 >= -FIX_SHIFT && pow10 <= FIX_SHIFT && fix_parse(a, (size_t)-1, &f) == 0) {
    int scale = f.scale - pow10;
    if (scale >= 0) {
      f.scale = scale;
      fix_trim(&f);
      return fix_format(&f, out, cap);
    }
    if (fix_up(f.m, -scale, &f.m) == 0) {
      f.scale = 0;
      return fix_format(&f, out, cap);
    }
  }
  static const dec zero_init;
  dec x = zero_init;
  if (dec_parse_str(a, &x)) return fail(out, cap);
  if (pow10 > RX_DEC_WORK || pow10 < -RX_DEC_WORK) return fail(out, cap);
  if (x.n == 1 && x.d[0] == 0) return dec_format(&x, out, cap);
  /* Multiplying by 10^k only moves the point: lower the scale, or append zeros when
   * the scale would go negative; dividing raises the scale. */
  int scale = x.scale - pow10;
  if (scale < 0) {
    int add = -scale;
    if (x.n + add > RX_DEC_WORK) return fail(out, cap);
    memmove(x.d + add, x.d, (size_t)x.n);
    memset(x.d, 0, (size_t)add);
    x.n += add;
    scale = 0;
  } else if (scale > RX_DEC_WORK) {
    return fail(out, cap);
  }
  x.scale = scale;
  return dec_format(&x, out, cap);
}

int rx_dec_add(const char *a, const char *b, char *out, size_t cap) {
  return dec_addsub(a, b, 0, out, cap);
}

int rx_dec_sub(const char *a, const char *b, char *out, size_t cap) {
  return dec_addsub(a, b, 1, out, cap);
}

int rx_dec_mul(const char *a, const char *b, char *out, size_t cap) {
  fix fx, fy;
  if (fix_parse(a, (size_t)-1, &fx) == 0 && fix_parse(b, (size_t)-1, &fy) == 0 &&
      (fx.m == 0 || fy.m <= ULLONG_MAX / fx.m)) {
    fix r = {fx.neg != fy.neg, fx.scale + fy.scale, fx.m * fy.m};
    fix_trim(&r);
    return fix_format(&r, out, cap);
  }
  static const dec zero_init;
  dec x = zero_init, y = zero_init, r = zero_init;
  if (dec_parse_str(a, &x) || dec_parse_str(b, &y)) return fail(out, cap);
  int n = x.n + y.n;
  if (n > RX_DEC_WORK) return fail(out, cap);
  /* Column sums fit an int: at most RX_DEC_IN_DIGITS products of 81 plus carries. */
  int acc[2 * RX_DEC_IN_DIGITS + 2] = {0};
  for (int i = 0; i < x.n; i++)
    for (int j = 0; j < y.n; j++) acc[i + j] += x.d[i] * y.d[j];
  int carry = 0;
  for (int k = 0; k < n; k++) {
    int s = acc[k] + carry;
    r.d[k] = (unsigned char)(s % 10);
    carry = s / 10;
  }
  r.n = n;
  r.scale = x.scale + y.scale;
  r.neg = x.neg != y.neg;
  return dec_format(&r, out, cap);
}

/* Multiplies |x| by 10^k in place by appending zero digits below (scale untouched). */
static int mag_shift_up(dec *x, int k) {
  if (k <= 0) return 0;
  if (x->n + k > RX_DEC_WORK) return -1;
  memmove(x->d + k, x->d, (size_t)x->n);
  memset(x->d, 0, (size_t)k);
  x->n += k;
  return 0;
}

int rx_dec_div(const char *a, const char *b, int places, char *out, size_t cap) {
  fix fx, fy;
  if (places >= 0 && places <= RX_DEC_PLACES && fix_parse(a, (size_t)-1, &fx) == 0 &&
      fix_parse(b, (size_t)-1, &fy) == 0) {
    if (fy.m == 0) return fail(out, cap);
    /* as below: round(X·10^e / Y), the power on the divisor when e < 0 */
    int e = fy.scale - fx.scale + places;
    unsigned long long n = fx.m, d = fy.m;
    if (e >= 0 ? fix_up(n, e, &n) == 0 : fix_up(d, -e, &d) == 0) {
      unsigned long long rem = n % d;
      fix q = {fx.neg != fy.neg, places, n / d + (rem >= d - rem)}; /* half away from zero */
      fix_trim(&q);
      return fix_format(&q, out, cap);
    }
  }
  static const dec zero_init;
  dec x = zero_init, y = zero_init, q = zero_init, rem = zero_init, t = zero_init;
  if (dec_parse_str(a, &x) || dec_parse_str(b, &y)) return fail(out, cap);
  if (places < 0 || places > RX_DEC_PLACES) return fail(out, cap);
  if (y.n == 1 && y.d[0] == 0) return fail(out, cap);
  /* a/b = (X/Y)·10^(sy-sx), so the quotient to `places` decimals is the integer
   * round(X·10^e / Y) with e = sy - sx + places, read with scale `places`. A negative e
   * moves the power onto the divisor instead. */
  int e = y.scale - x.scale + places;
  int neg = x.neg != y.neg;
  x.neg = y.neg = 0;
  if (e >= 0) {
    if (mag_shift_up(&x, e)) return fail(out, cap);
  } else {
    if (mag_shift_up(&y, -e)) return fail(out, cap);
  }
  x.scale = y.scale = 0;
  /* Long division, one decimal digit at a time from the most significant: the running
   * remainder is always < Y, so each quotient digit takes at most nine subtractions. */
  dec_zero(&rem);
  q.n = x.n;
  for (int k = x.n - 1; k >= 0; k--) {
    /* rem = rem·10 + next digit */
    if (!(rem.n == 1 && rem.d[0] == 0)) {
      if (mag_shift_up(&rem, 1)) return fail(out, cap);
    }
    rem.d[0] = x.d[k];
    int digit = 0;
    while (mag_cmp(&rem, &y) >= 0) {
      mag_sub(&rem, &y, &rem); /* in place: digit k is read before it is written */
      while (rem.n > 1 && rem.d[rem.n - 1] == 0) rem.n--;
      digit++;
    }
    q.d[k] = (unsigned char)digit;
  }
  /* Half away from zero: round the magnitude up when 2·rem >= Y. */
  if (mag_add(&rem, &rem, &t)) return fail(out, cap);
  while (t.n > 1 && t.d[t.n - 1] == 0) t.n--;
  if (mag_cmp(&t, &y) >= 0) {
    int k = 0;
    for (; k < q.n; k++) {
      if (q.d[k] < 9) {
        q.d[k]++;
        break;
      }
      q.d[k] = 0;
    }
    if (k == q.n) {
      if (q.n + 1 > RX_DEC_WORK) return fail(out, cap);
      q.d[q.n++] = 1;
    }
  }
  q.scale = places;
  q.neg = neg;
  return dec_format(&q, out, cap);
}

int rx_dec_cmp(const char *a, const char *b) {
  fix fx, fy;
  if (fix_parse(a, (size_t)-1, &fx) == 0 && fix_parse(b, (size_t)-1, &fy) == 0) {
    if (fx.neg != fy.neg) return fx.neg ? -1 : 1;
    unsigned long long x, y;
    int scale;
    if (fix_align(&fx, &fy, &x, &y, &scale) == 0) {
      int c = (x > y) - (x < y);
      return fx.neg ? -c : c;
    }
  }
  static const dec zero_init;
  dec x = zero_init, y = zero_init;
  if (dec_parse_str(a, &x) || dec_parse_str(b, &y)) return 0;
  if (x.neg != y.neg) return x.neg ? -1 : 1;
  int scale = x.scale > y.scale ? x.scale : y.scale;
  if (dec_rescale(&x, scale) || dec_rescale(&y, scale)) return 0;
  int c = mag_cmp(&x, &y);
  return x.neg ? -c : c;
}
