/*
 * segment.c — text → section tree, metadata and site noise. SCAFFOLD: finds nothing yet.
 */
#include "internal.h"

reportx_status rx_segment(reportx_doc *doc) {
  (void)doc;
  return REPORTX_OK;
}
