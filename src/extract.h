/*
 * extract.h — the quantity extractor's private helpers (extract.c), exposed for the unit
 * tests. The pipeline only calls rx_extract() (internal.h).
 */
#ifndef REPORTX_EXTRACT_H
#define REPORTX_EXTRACT_H

#include <stddef.h>

#include "internal.h"

/*
 * The label of a number whose span (or the qualifier word before it, such as 约) starts at
 * byte `start` of s[0..len) and ends at byte `after` (the end of its unit; pass `start` when
 * unknown): the noun phrase before it back to the previous clause boundary, without the
 * reporting verbs and adverbs around it; when nothing is left there, the few Han characters
 * after the unit (建立13支救援队伍 → 救援队伍). See docs/quantities.md, "Labels".
 * Writes a NUL-terminated UTF-8 string into out[cap] (truncated at a character boundary) and
 * returns its length in bytes; "" (0) when nothing is left. Never fails.
 */
size_t rx_extract_label(const char *s, size_t len, size_t start, size_t after, char *out,
                        size_t cap);

/*
 * The qualifier set by a word written right before byte `start` (约, 近, 超过, 不少于, …).
 * *word_start (if not NULL) gets the byte where that word starts (== start when none).
 */
reportx_qualifier rx_extract_qual_before(const char *s, size_t start, size_t *word_start);

/*
 * The qualifier set by a word written right after byte `end` (以上, 左右, 以内, …), or
 * REPORTX_QUAL_NONE. *word_len (if not NULL) gets its length in bytes.
 */
reportx_qualifier rx_extract_qual_after(const char *s, size_t len, size_t end, size_t *word_len);

/*
 * Is the number in s[start..end) inside one of the set phrases of phrases.def (两个确立,
 * 一村一品, …)? 1 or 0.
 */
int rx_extract_in_phrase(const char *s, size_t len, size_t start, size_t end);

/* Number of entries in phrases.def (for the tests and docs). */
size_t rx_extract_phrase_count(void);

#endif
