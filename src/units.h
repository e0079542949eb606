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
  const void *entry;    /* catalogue entry (private to units.c) */
} rx_unit_match;

/*
 * Longest unit starting at s[0..len), with an optional multiplier prefix and an optional
 * "/unit" rate suffix. Returns bytes consumed (also m->len), 0 when none.
 */
size_t rx_unit_match_at(const char *s, size_t len, rx_unit_match *m);

/*
 * Folds a multiplier written apart from its unit into m ("176万余元": the extractor matches
 * 元 after 余 and then adds 万): prepends the multiplier to m->unit and adds to m->pow10.
 * `mult` is one of 十 百 千 万 亿 (UTF-8). Returns 0, or -1 when it does not apply.
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

#endif
