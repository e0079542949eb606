/*
 * outline.c — `reportx --outline FILE`: the section tree as an indented outline, for
 * checking a report's structure in a terminal.
 */
#include <stdlib.h>

#include "cli.h"

int cli_write_outline(FILE *out, const reportx_doc *doc) {
  size_t ns = reportx_doc_section_count(doc), nq = reportx_doc_quantity_count(doc);
  /* quantities in each section, its subsections included */
  size_t *count = calloc(ns ? ns : 1, sizeof *count);
  if (!count) return -1;
  for (size_t i = 0; i < nq; i++)
    for (int s = reportx_doc_quantity(doc, i)->section; s >= 0; s = reportx_doc_section(doc, (size_t)s)->parent)
      count[s]++;
  const char *title = reportx_doc_title(doc);
  fprintf(out, "%s\n", title ? title : "(untitled)");
  size_t outside = nq;
  for (size_t i = 0; i < ns; i++) {
    const reportx_section *s = reportx_doc_section(doc, i);
    if (s->parent < 0) outside -= count[i];
    fprintf(out, "%*s%s %s  [%zu]\n", 2 * s->level, "", s->marker, s->title ? s->title : "", count[i]);
  }
  fprintf(out, "%zu sections, %zu quantities (%zu outside any section)\n", ns, nq, outside);
  free(count);
  return 0;
}
