/*
 * stats.c — counts and sums per unit, per class and per top-level section. SCAFFOLD.
 */
#include "stats.h"

cJSON *rx_stats_json(const reportx_doc *doc, int *failed) {
  cJSON *o = cJSON_CreateObject();
  if (!o) { *failed = 1; return NULL; }
  if (!cJSON_AddNumberToObject(o, "quantities", (double)doc->nquantities)) *failed = 1;
  return o;
}
