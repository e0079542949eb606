/*
 * numeral.h — numbers as written in the genre (numeral.c): ASCII and full-width digits,
 * thousands separators, decimals, Chinese numerals (两, 〇/零, financial 壹贰叁…拾佰仟,
 * 万/亿 inside), and 百分之X.
 */
#ifndef REPORTX_NUMERAL_H
#define REPORTX_NUMERAL_H

#include <stddef.h>

#include "decimal.h"

typedef enum rx_num_form {
  RX_NUM_ARABIC = 1,  /* 155.6, １２, 1,200 */
  RX_NUM_CHINESE,     /* 三千二百, 两, 一万零五百, 二〇二三 */
  RX_NUM_PERCENT      /* 百分之八十 / 百分之80: value 80, the unit % is implied */
} rx_num_form;

typedef struct rx_number {
  char value[RX_DEC_MAX]; /* canonical decimal (decimal.h) */
  size_t len;             /* bytes consumed */
  rx_num_form form;
  int digit_only;         /* Chinese numerals written digit by digit (二〇二三): a year or code */
} rx_number;

/*
 * Parses the longest number that starts at s[0..len). Arabic numbers stop before a
 * following multiplier character (万, 亿, 千, 百, 十): "155.6万元" gives 155.6 and leaves
 * "万元" to the unit. Chinese numerals take their own 万/亿 ("三万" is 30000, "一点五万"
 * 15000). A thousands separator is the ASCII ',' only, and only between groups of three
 * digits after a first group of one to three ("1,200"; "3,5" stops at 3; "1234,567" at
 * 1234); the full-width '，' is never one (a clause break: "12，345户" is 12). '.' and '．'
 * are decimal points only when a digit follows ("1." is 1).
 * Chinese: 百/千 need a digit before them (百姓 is no number), 十 does not (十一); a digit
 * ending the numeral right after a unit is the next lower place (两千五 is 2500); two
 * digits in a row at the start read digit by digit (二〇二三, digit_only = 1).
 * 百分之X gives form RX_NUM_PERCENT with X's value (百分之百 is 100).
 * More than 60 digits (a code or a run of junk) is no number: 0, found after reading at most
 * 61 digits, so scanning a long run position by position stays linear.
 * Returns the bytes consumed (also out->len), 0 when no number starts at s (out is then
 * untouched). s and out may not be NULL (NULL gives 0).
 */
size_t rx_number_parse(const char *s, size_t len, rx_number *out);

/*
 * Value of a Chinese numeral made of 零〇一二两三四五六七八九十百千 (and their financial
 * forms; 万/亿 accepted too) exactly spanning s[0..len), for section markers: "十五" → 15,
 * "九十九" → 99. Returns -1 when s is not such a numeral, is digit by digit (二〇二三),
 * has decimals (一点五), or is NULL.
 */
long rx_chinese_int(const char *s, size_t len);

#endif
