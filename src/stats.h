/*
 * stats.h — statistics over a document's quantities (stats.c).
 */
#ifndef REPORTX_STATS_H
#define REPORTX_STATS_H

#include <cjson/cJSON.h>

#include "internal.h"

/* Writes the "stats" object of SPEC §4 through the rx_jw_ functions below, as a member of
 * the document's root. Sets *failed on allocation failure. */
void rx_stats_write(const reportx_doc *doc, int *failed);

/* The statistics' text, written in place by the emitter (emit_json.c) while it runs on this
 * thread and calls rx_stats_write: the bytes cJSON prints for the same tree. An object or
 * array is opened with rx_jw_begin, given members (rx_jw_key, then the value) or elements
 * (rx_jw_next, then the value), and closed with rx_jw_end. Values: a raw number (NULL:
 * null), a string (NULL: null), a count, a tree that checks.c builds (printed and dropped),
 * or a figures object {"class": cls (left out when NULL), "count": count, "sum": sum,
 * "min": min, "max": max} (numbers as raw text of the lengths given, NULL: null). A failure
 * is the emitter's. */
void rx_jw_begin(int array);
void rx_jw_key(const char *key);
void rx_jw_next(void);
void rx_jw_end(void);
void rx_jw_raw(const char *num);
void rx_jw_str(const char *s);
void rx_jw_size(size_t v);
void rx_jw_tree(cJSON *item);
void rx_jw_figures(const char *cls, size_t count, const char *sum, size_t sumlen, const char *min,
                   size_t minlen, const char *max, size_t maxlen);

/* Sets cJSON's allocator to the library's (once per process); emit_json.c. */
void rx_json_init_hooks(void);

#endif
