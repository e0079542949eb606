/*
 * utf8.h — decoding one UTF-8 code point, shared by the stages.
 *
 * Two flavours: rx_utf8_decode checks every byte (numbers and units are also parsed from
 * strings a caller hands in), rx_utf8_next trusts the text (the reader guarantees that the
 * decoded text is valid UTF-8, and the scanners run it at every character).
 */
#ifndef REPORTX_UTF8_H
#define REPORTX_UTF8_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* The code point at u[0..len): returns its length in bytes, or 0 when len is 0 or the
 * bytes do not form a well-formed sequence (then *cp is U+FFFD). */
static inline size_t rx_utf8_decode(const unsigned char *u, size_t len, uint32_t *cp) {
  *cp = 0xFFFD;
  if (len == 0) return 0;
  if (u[0] < 0x80) {
    *cp = u[0];
    return 1;
  }
  if ((u[0] & 0xE0) == 0xC0 && len >= 2 && (u[1] & 0xC0) == 0x80) {
    *cp = ((uint32_t)(u[0] & 0x1F) << 6) | (u[1] & 0x3F);
    return 2;
  }
  if ((u[0] & 0xF0) == 0xE0 && len >= 3 && (u[1] & 0xC0) == 0x80 && (u[2] & 0xC0) == 0x80) {
    *cp = ((uint32_t)(u[0] & 0x0F) << 12) | ((uint32_t)(u[1] & 0x3F) << 6) | (u[2] & 0x3F);
    return 3;
  }
  if ((u[0] & 0xF8) == 0xF0 && len >= 4 && (u[1] & 0xC0) == 0x80 && (u[2] & 0xC0) == 0x80 &&
      (u[3] & 0xC0) == 0x80) {
    *cp = ((uint32_t)(u[0] & 0x07) << 18) | ((uint32_t)(u[1] & 0x3F) << 12) |
          ((uint32_t)(u[2] & 0x3F) << 6) | (u[3] & 0x3F);
    return 4;
  }
  return 0;
}

/* The code point at u[0..len) of text known to be valid UTF-8: only the lead byte is read
 * for the length. Returns the length (never more than len), 0 when len is 0 (then *cp is 0);
 * a sequence cut by len gives U+FFFD and the bytes that are left. */
static inline size_t rx_utf8_next(const unsigned char *u, size_t len, uint32_t *cp) {
  if (len == 0) {
    *cp = 0;
    return 0;
  }
  size_t n = u[0] < 0x80 ? 1 : u[0] < 0xE0 ? 2 : u[0] < 0xF0 ? 3 : 4;
  if (n > len) {
    *cp = 0xFFFD;
    return len;
  }
  switch (n) {
  case 1: *cp = u[0]; break;
  case 2: *cp = ((uint32_t)(u[0] & 0x1F) << 6) | (u[1] & 0x3F); break;
  case 3: *cp = ((uint32_t)(u[0] & 0x0F) << 12) | ((uint32_t)(u[1] & 0x3F) << 6) | (u[2] & 0x3F); break;
  default:
    *cp = ((uint32_t)(u[0] & 0x07) << 18) | ((uint32_t)(u[1] & 0x3F) << 12) | ((uint32_t)(u[2] & 0x3F) << 6) |
          (u[3] & 0x3F);
  }
  return n;
}

/* Number of UTF-8 continuation bytes (10xxxxxx) in a word: bit 7 set and bit 6 clear,
 * moved to bit 0 of each byte and summed by the multiply (at most 8, so no carries; a
 * library popcount would be a function call without -mpopcnt). */
static inline unsigned rx_utf8_cont_bytes(uint64_t w) {
  const uint64_t highs = UINT64_C(0x8080808080808080), ones = UINT64_C(0x0101010101010101);
  return (unsigned)((((w & ~(w << 1) & highs) >> 7) * ones) >> 56);
}

/* Code points that start in u[0..n): the bytes that are not continuation bytes, eight at a
 * time. */
static inline size_t rx_utf8_count(const unsigned char *u, size_t n) {
  size_t i = 0, cont = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    memcpy(&w, u + i, 8);
    cont += rx_utf8_cont_bytes(w);
  }
  for (; i < n; i++) cont += (u[i] & 0xC0) == 0x80;
  return n - cont;
}

#endif
