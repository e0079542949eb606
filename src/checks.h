/*
 * checks.h — does the report add up, and which figures are results and which promises
 * (checks.c). A pipeline stage run after the quantities have their sections and code point
 * offsets; its results are reportx_doc_check() and reportx_quantity.status.
 */
#ifndef REPORTX_CHECKS_H
#define REPORTX_CHECKS_H

#include <cjson/cJSON.h>

#include "internal.h"

/* rx_checks(doc) and rx_checks_free(doc) are declared in internal.h: rx_checks sets every
 * quantity's status (planned / achieved / unknown) and appends the arithmetic checks (sums,
 * parts after 其中, averages, shares) to doc->checks; REPORTX_OK or REPORTX_ERR_NOMEM. */

/* The "checks" array of the JSON. Sets *failed on allocation failure (may return NULL). */
cJSON *rx_checks_json(const reportx_doc *doc, int *failed);

/* The "by_status" object of "stats": for achieved, planned and unknown, the count and the
 * exact normalised sums per class. Sets *failed on allocation failure (may return NULL). */
cJSON *rx_status_stats_json(const reportx_doc *doc, int *failed);

/*
 * The status a quantity would get from its own sentence alone: PLANNED when a plan word
 * (计划, 预计, 拟, 将, 力争, 目标, 争取…, a later year) governs s[sent_start..q_start)
 * and nothing after it marks a result (已, 截至, 累计…); ACHIEVED when a result marker is
 * there; UNKNOWN otherwise. `year` is the report's year (0 when unknown). For the tests.
 */
reportx_quantity_status rx_checks_sentence_status(const char *s, size_t sent_start, size_t q_start, int year);

#endif
