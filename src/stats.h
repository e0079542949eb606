/*
 * stats.h — statistics over a document's quantities (stats.c).
 */
#ifndef REPORTX_STATS_H
#define REPORTX_STATS_H

#include <cjson/cJSON.h>

#include "internal.h"

/* The "stats" object of SPEC §4. Sets *failed on allocation failure (may return NULL). */
cJSON *rx_stats_json(const reportx_doc *doc, int *failed);

/* One figures object of the statistics, {"class": cls (left out when NULL), "count": count,
 * "sum": sum, "min": min, "max": max} (numbers as raw text, NULL: null), as one raw item
 * holding the text cJSON prints for the object where its members sit `depth` + 1 levels
 * deep in the document; emit_json.c. Only while the emitter runs on this thread (it calls
 * rx_stats_json); NULL on failure. */
cJSON *rx_json_figures(const char *cls, size_t count, const char *sum, const char *min, const char *max,
                       int depth);

/* Sets cJSON's allocator to the library's (once per process); emit_json.c. */
void rx_json_init_hooks(void);

#endif
