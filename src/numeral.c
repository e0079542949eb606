/*
 * numeral.c — numbers as written in the genre (see numeral.h).
 *
 * Consumes UTF-8 text at a position, produces one rx_number (canonical decimal value, bytes
 * consumed, form). Used by the quantity extractor at every candidate position and by the
 * segmenter for section markers (rx_chinese_int).
 *
 * Three forms:
 *  - Arabic: ASCII or full-width digits, '.' or '．' as decimal point (only when a digit
 *    follows), and ASCII ',' as thousands separator under a strict rule (below). A
 *    multiplier character after the digits (万 亿 千 百 十) is left to the unit.
 *  - Chinese: 零〇一二两三…九 (and financial 壹贰叁…玖, traditional 兩 貳 參 陸), 十百千
 *    (拾佰仟), 万亿 (萬億), 点 decimals; or digit by digit (二〇二三).
 *  - Percent: 百分之 followed by an Arabic or a Chinese number.
 */
#include "numeral.h"
#include "utf8.h"

#include <stdint.h>
#include <string.h>

/* Digits a number may have before it stops being a plausible figure. Beyond this we return
 * 0 after looking at no more than this many digits, so that a caller stepping through a
 * pathological digit run stays linear. */
#define RX_NUM_MAX_DIGITS 60

/* One code point at s[0..len); 0 at the end or on an invalid sequence, which simply ends
 * any number. */
static size_t utf8_cp(const char *s, size_t len, uint32_t *cp) {
  return rx_utf8_decode((const unsigned char *)s, len, cp);
}

/* ---- Arabic ---- */

/* Appends the Arabic digits (ASCII, or full-width U+FF10..U+FF19 = EF BC 90..99) starting
 * at s to d[*nd..] as ASCII, reading at most `max` digits plus one (the one that tells the
 * run is longer). Returns the digits read, their bytes in *bytes; d has room for max + 1
 * more. */
static inline size_t arabic_run(const char *s, size_t len, size_t max, size_t *bytes, char *d, size_t *nd) {
  const unsigned char *u = (const unsigned char *)s;
  size_t i = 0, k = 0, j = *nd;
  while (k <= max && i < len) {
    unsigned c = u[i];
    if (c - '0' <= 9u) { /* ASCII: the common case, tested first */
      d[j++] = (char)c;
      i++;
    } else if (c == 0xEF && i + 2 < len && u[i + 1] == 0xBC && u[i + 2] >= 0x90 && u[i + 2] <= 0x99) {
      d[j++] = (char)('0' + u[i + 2] - 0x90); /* U+FF10..U+FF19 */
      i += 3;
    } else {
      break;
    }
    k++;
  }
  *nd = j;
  *bytes = i;
  return k;
}

static int is_point(const char *s, size_t len, size_t *n) {
  if (len >= 1 && s[0] == '.') {
    *n = 1;
    return 1;
  }
  if (len >= 3 && memcmp(s, "\xEF\xBC\x8E", 3) == 0) { /* ． U+FF0E */
    *n = 3;
    return 1;
  }
  return 0;
}

/* digits[0..nd) (ASCII digits; when nd > ni, a '.' at ni and a digit on each side of it)
 * in the canonical form decimal.h describes, into out (room for nd + 1): leading zeros
 * dropped but one before the point, trailing fraction zeros and a bare point dropped ("0"
 * for zero). What rx_dec_canon writes for such a string, without its general parse. */
static void canon_digits(const char *digits, size_t ni, size_t nd, char *out) {
  size_t a = 0, b = nd;
  while (a + 1 < ni && digits[a] == '0') a++; /* keep one digit before the point */
  if (ni < nd) {
    while (b > ni + 1 && digits[b - 1] == '0') b--;
    if (b == ni + 1) b = ni; /* only zeros after the point */
  }
  memcpy(out, digits + a, b - a);
  out[b - a] = '\0';
}

/*
 * Thousands separators: only the ASCII comma, and only in the strict Western layout — a
 * leading group of one to three digits, then groups of exactly three digits each after a
 * comma, the last group not followed by another digit ("1,200", "12,345,678"). Anything else
 * ends the number before the comma ("3,5" is 3; "1234,567" is 1234). The full-width comma
 * "，" is never a separator: in this genre it is the clause break, and "12，345户" is as
 * likely a list as a number.
 * The digits are read once, into digits[] as they go.
 */
static size_t parse_arabic(const char *s, size_t len, rx_number *out) {
  char digits[RX_NUM_MAX_DIGITS + 8];
  size_t nd = 0, i = 0, run_bytes;
  size_t run = arabic_run(s, len, RX_NUM_MAX_DIGITS, &run_bytes, digits, &nd);
  if (run == 0 || run > RX_NUM_MAX_DIGITS) return 0;
  i = run_bytes;
  if (run <= 3) {
    while (i < len && s[i] == ',') {
      size_t gb, keep = nd;
      size_t g = arabic_run(s + i + 1, len - i - 1, 3, &gb, digits, &nd);
      if (g != 3) {
        nd = keep;
        break;
      }
      if (nd > RX_NUM_MAX_DIGITS) return 0;
      i += 1 + gb;
    }
  }
  size_t pn, ni = nd;
  if (i < len && is_point(s + i, len - i, &pn)) {
    size_t fb, keep = nd;
    digits[nd++] = '.';
    size_t f = arabic_run(s + i + pn, len - i - pn, RX_NUM_MAX_DIGITS - keep, &fb, digits, &nd);
    if (f > 0) {
      if (keep + 1 + f > RX_NUM_MAX_DIGITS) return 0;
      i += pn + fb;
    } else {
      nd = keep;
    }
  }
  canon_digits(digits, ni, nd, out->value);
  out->len = i;
  out->form = RX_NUM_ARABIC;
  out->digit_only = 0;
  return i;
}

/* ---- Chinese ---- */

enum { CN_NONE = -1 };

/* Classifies one code point: a digit 0-9 (*digit), a unit 10/100/1000/10^4/10^8 (*unit),
 * or the decimal point 点 (returns 2). Returns 1 for a digit, 3 for a unit, 0 otherwise.
 * *liang marks 两/兩, which is a digit only in front of a unit. */
static int cn_class(uint32_t cp, int *digit, uint64_t *unit, int *liang) {
  *liang = 0;
  switch (cp) {
    case 0x96F6: /* 零 */
    case 0x3007: /* 〇 */
    case 0x25CB: /* ○, widely typed for 〇 in 二○二三 */
      *digit = 0;
      return 1;
    case 0x4E00: case 0x58F9: /* 一 壹 */
      *digit = 1;
      return 1;
    case 0x4E8C: case 0x8D30: case 0x8CB3: /* 二 贰 貳 */
      *digit = 2;
      return 1;
    case 0x4E24: case 0x5169: /* 两 兩 */
      *digit = 2;
      *liang = 1;
      return 1;
    case 0x4E09: case 0x53C1: case 0x53C3: /* 三 叁 參 */
      *digit = 3;
      return 1;
    case 0x56DB: case 0x8086: /* 四 肆 */
      *digit = 4;
      return 1;
    case 0x4E94: case 0x4F0D: /* 五 伍 */
      *digit = 5;
      return 1;
    case 0x516D: case 0x9646: case 0x9678: /* 六 陆 陸 */
      *digit = 6;
      return 1;
    case 0x4E03: case 0x67D2: /* 七 柒 */
      *digit = 7;
      return 1;
    case 0x516B: case 0x634C: /* 八 捌 */
      *digit = 8;
      return 1;
    case 0x4E5D: case 0x7396: /* 九 玖 */
      *digit = 9;
      return 1;
    case 0x5341: case 0x62FE: /* 十 拾 */
      *unit = 10;
      return 3;
    case 0x767E: case 0x4F70: /* 百 佰 */
      *unit = 100;
      return 3;
    case 0x5343: case 0x4EDF: /* 千 仟 */
      *unit = 1000;
      return 3;
    case 0x4E07: case 0x842C: /* 万 萬 */
      *unit = 10000;
      return 3;
    case 0x4EBF: case 0x5104: /* 亿 億 */
      *unit = 100000000;
      return 3;
    case 0x70B9: case 0x9EDE: /* 点 點 */
      return 2;
    default:
      return 0;
  }
}

/*
 * The grammar, read left to right as a positional sum:
 *
 *   number  := [yi-part 亿] [wan-part 万] [chunk]          (亿 may also follow a 万 part:
 *                                                           一万亿 = 10^12)
 *   chunk   := terms of digit × 千/百/十 with strictly falling units; 零 marks a skipped
 *              place (一百零三, 一万零五百) and is otherwise silent; 十 may stand without a
 *              digit (十一, 二十, 一百一十).
 *
 * A digit left at the end right after a unit, with no 零 between, is the next lower place,
 * as people say it: 两千五 is 2500, 三万五 35000, 一百五 150 (and 十五 is 15 by the same
 * rule). 两 is a digit only before a unit or on its own (两个); it never follows 十 or 零
 * (十两 is ten taels). 百 and 千 need a digit before them (百姓, 千方百计 are not numbers),
 * 十 does not. A 点 with at least one digit after it gives decimals, the digits read one by
 * one (三点一四), optionally scaled by a following 万 or 亿 (一点五万 is 15000).
 *
 * Two digits in a row at the start switch to digit-by-digit reading (二〇二三 is 2023, a
 * year or code): out->digit_only is then 1 and no unit follows.
 *
 * The parse is greedy and remembers the last position where the numeral was complete, so
 * "三千二百人" ends after 百 and "二十万元" after 万.
 */
typedef struct cn_state {
  uint64_t yi;       /* everything multiplied by 亿 so far */
  uint64_t wan;      /* the part multiplied by 万 in the current 亿 section */
  uint64_t chunk;    /* below 万 */
  int pending;       /* a digit not yet multiplied, or CN_NONE */
  uint64_t last_small; /* the smallest of 千/百/十 used in chunk (10000 when none) */
  uint64_t last_unit;  /* the last unit character read, 0 when none */
  int zero;          /* a 零 since the last unit */
  int seen_wan, seen_yi;
  int prev_ten;      /* the previous character was 十 */
} cn_state;

static uint64_t cn_value(const cn_state *st) {
  uint64_t v = st->yi + st->wan * 10000 + st->chunk;
  if (st->pending != CN_NONE) {
    uint64_t place = (!st->zero && st->last_unit >= 10) ? st->last_unit / 10 : 1;
    v += (uint64_t)st->pending * place;
  }
  return v;
}

/* v in decimal into out (NUL-terminated); its length, or -1 when it does not fit. Called for
 * every Chinese numeral: snprintf costs more than the numeral. */
static int write_u64_len(uint64_t v, char *out, size_t cap) {
  char tmp[20];
  const char *p = rx_u64_back(tmp + sizeof tmp, v);
  size_t n = (size_t)(tmp + sizeof tmp - p);
  if (n >= cap) return -1;
  memcpy(out, p, n);
  out[n] = '\0';
  return (int)n;
}

static int write_u64(uint64_t v, char *out, size_t cap) { return write_u64_len(v, out, cap) < 0 ? -1 : 0; }

/* Digit-by-digit numerals (二〇二三): two or more digits, 两 excluded. */
static size_t parse_cn_digits(const char *s, size_t len, rx_number *out) {
  char digits[RX_NUM_MAX_DIGITS + 1];
  size_t i = 0, nd = 0, n;
  uint32_t cp;
  while ((n = utf8_cp(s + i, len - i, &cp)) > 0) {
    int d = CN_NONE, liang;
    uint64_t unit = 0;
    if (cn_class(cp, &d, &unit, &liang) != 1 || liang) break;
    if (nd == RX_NUM_MAX_DIGITS) return 0;
    digits[nd++] = (char)('0' + d);
    i += n;
  }
  if (nd < 2) return 0;
  if (rx_dec_canon(digits, nd, out->value, sizeof out->value)) return 0;
  out->len = i;
  out->form = RX_NUM_CHINESE;
  out->digit_only = 1;
  return i;
}

static size_t parse_chinese(const char *s, size_t len, rx_number *out) {
  cn_state st = {0, 0, 0, CN_NONE, 10000, 0, 0, 0, 0, 0};
  cn_state best = st;
  size_t i = 0, best_end = 0, n;
  int nchars = 0;
  uint32_t cp;

  while ((n = utf8_cp(s + i, len - i, &cp)) > 0) {
    int d = CN_NONE, liang;
    uint64_t unit = 0;
    int c = cn_class(cp, &d, &unit, &liang);
    if (c == 0) break;
    if (c == 1) {
      if (st.pending != CN_NONE) {
        /* Two digits in a row: only a digit-by-digit numeral may do that. */
        if (nchars == 1) return parse_cn_digits(s, len, out);
        break;
      }
      if (d == 0) {
        if (nchars == 0) {
          st.pending = 0; /* 零 on its own, or 零点五 */
        } else {
          if (st.prev_ten || st.zero) break;
          st.zero = 1;
          st.prev_ten = 0;
          i += n;
          nchars++;
          continue; /* a skipped place is not a complete numeral by itself */
        }
      } else {
        if (liang && (st.prev_ten || st.zero)) break;
        st.pending = d;
      }
      st.prev_ten = 0;
    } else if (c == 3 && unit < 10000) {
      if (unit == 10) {
        if (st.pending == 0) break;
      } else if (st.pending == CN_NONE || st.pending == 0) {
        break; /* 百, 千 need a digit */
      }
      if (unit >= st.last_small) break; /* units fall within a chunk: not 十百 */
      st.chunk += (uint64_t)(st.pending == CN_NONE ? 1 : st.pending) * unit;
      st.pending = CN_NONE;
      st.last_small = unit;
      st.last_unit = unit;
      st.zero = 0;
      st.prev_ten = unit == 10;
    } else if (c == 3 && unit == 10000) {
      if (st.seen_wan || (st.chunk == 0 && (st.pending == CN_NONE || st.pending == 0))) break;
      st.wan = st.chunk + (st.pending == CN_NONE ? 0 : (uint64_t)st.pending);
      st.chunk = 0;
      st.pending = CN_NONE;
      st.last_small = 10000;
      st.last_unit = 10000;
      st.zero = 0;
      st.prev_ten = 0;
      st.seen_wan = 1;
    } else if (c == 3) { /* 亿: multiplies all that came before it in this numeral */
      uint64_t below = st.wan * 10000 + st.chunk + (st.pending == CN_NONE ? 0 : (uint64_t)st.pending);
      if (st.seen_yi || below == 0) break;
      st.yi = below * 100000000u;
      st.wan = st.chunk = 0;
      st.pending = CN_NONE;
      st.last_small = 10000;
      st.last_unit = 100000000u;
      st.zero = 0;
      st.prev_ten = 0;
      st.seen_wan = 0;
      st.seen_yi = 1;
    } else { /* 点: decimals, read digit by digit */
      if (nchars == 0 || st.seen_wan || st.seen_yi || st.zero) break;
      /* The digit before 点 is the units digit (十二点五), not an abbreviated place. */
      if (st.pending != CN_NONE && st.last_unit > 10) break;
      char frac[RX_NUM_MAX_DIGITS + 1];
      size_t nf = 0, j = i + n, m;
      uint32_t fcp;
      while ((m = utf8_cp(s + j, len - j, &fcp)) > 0) {
        int fd = CN_NONE, fl;
        uint64_t fu = 0;
        if (cn_class(fcp, &fd, &fu, &fl) != 1 || fl) break;
        if (nf == RX_NUM_MAX_DIGITS) return 0;
        frac[nf++] = (char)('0' + fd);
        j += m;
      }
      if (nf == 0) break;
      uint64_t ip = st.chunk + (st.pending == CN_NONE ? 0 : (uint64_t)st.pending);
      char num[RX_DEC_MAX];
      int k = write_u64_len(ip, num, sizeof num - 1);
      if (k < 0 || (size_t)k + 1 + nf >= sizeof num) return 0;
      num[k++] = '.';
      memcpy(num + k, frac, nf);
      num[(size_t)k + nf] = '\0';
      /* A following 万 / 亿 / 万亿 scales the whole decimal: 一点五万 = 15000. */
      int pow10 = 0;
      uint32_t ucp;
      while ((m = utf8_cp(s + j, len - j, &ucp)) > 0) {
        int ud, ul;
        uint64_t uu = 0;
        if (cn_class(ucp, &ud, &uu, &ul) != 3 || uu < 10000) break;
        if (uu == 10000 && pow10 == 0) {
          pow10 = 4;
        } else if (uu == 100000000u && pow10 <= 4) {
          pow10 += 8;
        } else {
          break;
        }
        j += m;
        if (pow10 >= 8) break;
      }
      if (rx_dec_shift(num, pow10, out->value, sizeof out->value)) return 0;
      out->len = j;
      out->form = RX_NUM_CHINESE;
      out->digit_only = 0;
      return j;
    }
    i += n;
    nchars++;
    best = st;
    best_end = i;
  }
  if (best_end == 0) return 0;
  if (write_u64(cn_value(&best), out->value, sizeof out->value)) return 0;
  out->len = best_end;
  out->form = RX_NUM_CHINESE;
  out->digit_only = 0;
  return best_end;
}

/* ---- entry points ---- */

#define BAIFENZHI "\xE7\x99\xBE\xE5\x88\x86\xE4\xB9\x8B" /* 百分之 */
#define BAI "\xE7\x99\xBE"                               /* 百 */

/* The parsers write out only when they succeed (parse_chinese's decimal.c calls cannot fail
 * on the 60 digits it takes), so they write into out directly. */
size_t rx_number_parse(const char *s, size_t len, rx_number *out) {
  if (!s || !out) return 0;
  if (len >= 9 && (unsigned char)s[0] == 0xE7 && memcmp(s, BAIFENZHI, 9) == 0) {
    /* 百分之八十 / 百分之80 / 百分之百: the percentage, % implied. */
    size_t n = 0;
    if (len >= 12 && memcmp(s + 9, BAI, 3) == 0 && parse_chinese(s + 9, len - 9, out) == 0) {
      memcpy(out->value, "100", 4);
      n = 3;
    } else {
      n = parse_arabic(s + 9, len - 9, out);
      if (n == 0) n = parse_chinese(s + 9, len - 9, out);
    }
    if (n == 0) return 0;
    out->len = 9 + n;
    out->form = RX_NUM_PERCENT;
    out->digit_only = 0;
    return out->len;
  }
  size_t n = parse_arabic(s, len, out);
  return n ? n : parse_chinese(s, len, out);
}

long rx_chinese_int(const char *s, size_t len) {
  rx_number num;
  if (!s || len == 0) return -1;
  memset(&num, 0, sizeof num);
  if (parse_chinese(s, len, &num) != len || num.digit_only) return -1;
  if (strchr(num.value, '.')) return -1;
  if (strlen(num.value) > 18) return -1; /* beyond any long we care to return */
  long v = 0;
  for (const char *p = num.value; *p; p++) v = v * 10 + (*p - '0');
  return v;
}
