/*
 * stats.h — statistics over a document's quantities (stats.c).
 */
#ifndef REPORTX_STATS_H
#define REPORTX_STATS_H

#include <cjson/cJSON.h>

#include "internal.h"

/* The "stats" object of SPEC §4. Sets *failed on allocation failure (may return NULL). */
cJSON *rx_stats_json(const reportx_doc *doc, int *failed);

/* Sets cJSON's allocator to the library's (once per process); emit_json.c. */
void rx_json_init_hooks(void);

#endif
