/*
 * extract.c — text → quantities. SCAFFOLD: finds nothing yet.
 */
#include "internal.h"

reportx_status rx_extract(reportx_doc *doc) {
  (void)doc;
  return REPORTX_OK;
}
