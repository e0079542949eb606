/*
 * units.h — the unit catalogue (units.c, data in units.def).
 *
 * One table of surface forms: the unit as written, its class, its base unit and an exact
 * factor to it. Multiplier prefixes (万, 亿, 千, 百, 十万, 百万, 千万 + unit) are handled
 * generically, rates with a slash (元/亩, 万元/户) too; full-width forms are folded
 * (％ → %, ｍ → m, ㎡ stays a unit of its own).
 */
#ifndef REPORTX_UNITS_H
#define REPORTX_UNITS_H

#include <stddef.h>

#include "decimal.h"

typedef struct rx_unit_match {
  size_t len;           /* bytes consumed in the text */
  char unit[64];        /* the unit as written, folded: "万元", "亩", "%", "元/亩" */
  const char *cls;      /* static: "area", "mass", "money", "length", "volume", "power",
                           "households", "people", "events", "count", "time", "ratio", "rate",
                           or another class the catalogue documents */
  const char *base;     /* static base unit ("元", "m2", "kg", "m", "m3", "kW", …), or NULL */
  int pow10;            /* multiplier prefix folded in: 万 → 4, 亿 → 8 */
  size_t prefix_len;    /* bytes of unit[] that are that prefix ("万" in "万元"), 0 when none */
  const void *entry;    /* catalogue entry (private to units.c); for a rate, its numerator's */
} rx_unit_match;

/*
 * Longest unit starting at s[0..len), with an optional multiplier prefix and an optional
 * "/unit" rate suffix. Returns bytes consumed (also m->len), 0 when none (m is then
 * untouched). Looks at no more than 63 folded bytes. A catalogue unit that begins with a
 * multiplier character (千瓦, 千米, 千克, 千伏, 百分点) beats prefix + rest; ratios (%, 倍,
 * 个百分点 …) take no prefix; an ASCII unit must not run on into ASCII letters or digits
 * ("5mA" has no unit). X/Y gives class "rate", base NULL, pow10 of X's prefix
 * ("万元/户": pow10 4). Thread-safe (the index is built once, under pthread_once).
 */
size_t rx_unit_match_at(const char *s, size_t len, rx_unit_match *m);

/*
 * Folds a multiplier written apart from its unit into m ("176万余元": the extractor matches
 * 元 after 余 and then adds 万): prepends the multiplier to m->unit and adds to m->pow10.
 * `mult` is one of 十 百 千 万 亿 (UTF-8; also 十万 百万 千万 万亿 …). It joins a prefix
 * already there when the result is a known multiplier (千 + 万元 → 千万元, pow10 7).
 * m->len is unchanged. Returns 0, or -1 when it does not apply (a ratio such as %, an
 * unknown multiplier, 万 + 万元, a unit that would not fit); m is then unchanged.
 */
int rx_unit_add_prefix(rx_unit_match *m, const char *mult, size_t mult_len);

/*
 * value (decimal string, in the unit of m) in the base unit, exactly (decimal arithmetic;
 * units with non-decimal factors such as 亩 → m² (2000/3) are rounded to 2 decimals, as
 * docs/units.md says). Returns 0, or -1 when the class has no base unit.
 */
int rx_unit_normalize(const rx_unit_match *m, const char *value, char *out, size_t cap);

/* Number of surface forms in the catalogue (for tests and docs). */
size_t rx_unit_catalogue_size(void);

/*
 * Row i (0-based, units.def order) of the catalogue: static strings, base may be NULL;
 * factor is a decimal or "p/q". Any out-pointer may be NULL. Returns 0, or -1 when i is out
 * of range.
 */
int rx_unit_catalogue_row(size_t i, const char **surface, const char **cls, const char **base,
                          const char **factor);

#endif
