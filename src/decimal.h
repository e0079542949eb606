/*
 * decimal.h — exact decimal arithmetic on strings (decimal.c).
 *
 * Numbers are NUL-terminated strings: an optional '-', digits, optionally '.' and digits.
 * (Inputs may also carry a '+', and ".5" / "5." are read as 0.5 / 5; no spaces, no exponent,
 * at most 200 digits.) Results are canonical: no leading zeros but one before the point, no
 * trailing zeros after it, no trailing point, "0" for zero (never "-0"). Every function
 * writes into out[cap] (caller-owned; RX_DEC_MAX is enough for every value reportx handles)
 * and returns 0, or -1 on invalid or NULL input or when cap is too small (out is then "").
 * No allocation; thread-safe.
 * Never binary floating point: 155.6 × 10^4 is "1556000" exactly.
 */
#ifndef REPORTX_DECIMAL_H
#define REPORTX_DECIMAL_H

#include <stddef.h>
#include <stdint.h>

#define RX_DEC_MAX 96 /* room for any value reportx produces */

int rx_dec_canon(const char *in, size_t len, char *out, size_t cap);
int rx_dec_shift(const char *a, int pow10, char *out, size_t cap);            /* a × 10^pow10 */
int rx_dec_add(const char *a, const char *b, char *out, size_t cap);
int rx_dec_sub(const char *a, const char *b, char *out, size_t cap);
int rx_dec_mul(const char *a, const char *b, char *out, size_t cap);
/* a / b rounded half away from zero to `places` (0..100) decimals; -1 when b is zero. */
int rx_dec_div(const char *a, const char *b, int places, char *out, size_t cap);
/* <0, 0, >0 as a < b, a == b, a > b. Invalid input compares as 0. */
int rx_dec_cmp(const char *a, const char *b);

/* v in decimal, written backwards so that its last digit is just before `end`; returns its
 * first digit (at most 20 digits, none of them a NUL: the caller terminates). Two digits a
 * division: the integers of the JSON and of canonical values are all written by it. */
char *rx_u64_back(char *end, uint64_t v);

#endif
