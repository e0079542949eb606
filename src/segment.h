/*
 * segment.h — private helpers of the segmenter (segment.c), exposed for unit tests.
 * The stage itself is rx_segment() in internal.h; docs/structure.md explains the grammar.
 */
#ifndef REPORTX_SEGMENT_H
#define REPORTX_SEGMENT_H

#include <stddef.h>

#include "internal.h"

/* Numbering families. Markers of one family continue one another (1. and 2、 are one
 * family, （1） and 1） and ⑴ are one family). */
typedef enum rx_mk_family {
  RX_MK_NONE = 0,
  RX_MK_PART,     /* 第一部分 / 第一章, at line start */
  RX_MK_CN_DUN,   /* 一、 (also 一． 一.), at line start */
  RX_MK_CN_PAREN, /* （一） (一) */
  RX_MK_CN_SHI,   /* 一是; 十一 without 是 (continuation only) */
  RX_MK_AR_DOT,   /* 1. 1、 1． ⒈ */
  RX_MK_AR_PAREN, /* （1） (1) 1） 1) ⑴ */
  RX_MK_CIRCLED,  /* ① */
  RX_MK_DI,       /* 第一， 第二、 其一， */
  RX_MK_SEQ,      /* 首先 其次 再次 最后 */
  RX_MK_NFAMILIES
} rx_mk_family;

#define RX_MK_CONT_ONLY 1u /* may only continue an open list (十一 without 是, 其次, 最后) */
#define RX_MK_LAST 2u      /* 最后: continues whatever number its list has reached */

typedef struct rx_marker {
  rx_mk_family family;
  int ordinal;      /* the written number (最后: 0, fixed when it joins its list) */
  unsigned flags;   /* RX_MK_* */
  size_t len;       /* bytes of the marker as written ("一、", "（一）", "一是", "第一，") */
  size_t title_off; /* bytes from the marker's start to where its title may start */
} rx_marker;

/*
 * Value of a Chinese numeral 一…九十九 (一 二 … 十 十一 … 二十 … 九十九) starting at s[0..len).
 * Stores the value in *value and returns the bytes consumed; 0 when none starts there.
 * The longest numeral is taken ("二十一" → 21, 3 characters).
 */
size_t rx_seg_cn_number(const char *s, size_t len, int *value);

/*
 * Recognises a numbering marker at the start of s[0..len). `bol` says the marker stands at
 * the start of a line (only spaces or site noise before it); some styles (一、, 第一部分)
 * count only there. Returns 1 and fills *m, or 0. This looks at the marker alone: whether
 * it opens a section depends on the sequence it continues (rx_segment).
 */
int rx_seg_marker(const char *s, size_t len, int bol, rx_marker *m);

/*
 * Year written at s[0..len): four ASCII or full-width digits, or four Chinese digits
 * (二〇二三), followed by 年. Returns the year (1900…2099), or 0; *used gets the bytes up to
 * and including 年.
 */
int rx_seg_year_at(const char *s, size_t len, size_t *used);

#endif
