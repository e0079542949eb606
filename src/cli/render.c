/*
 * render.c — one document (or one failed input) in the output format chosen: JSON, JSON
 * Lines, CSV/TSV rows (one per quantity), an outline, or a summary row.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* ---- CSV (RFC 4180) and TSV fields ---- */

static void csv_field(sbuf *b, const char *s, char sep) {
  if (!s) return;
  if (sep == '\t') { /* TSV cannot quote: fold tabs and line breaks to spaces */
    for (const char *p = s; *p; p++) sb_add(b, (*p == '\t' || *p == '\n' || *p == '\r') ? " " : p, 1);
    return;
  }
  if (!strpbrk(s, ",\"\r\n")) {
    sb_puts(b, s);
    return;
  }
  sb_add(b, "\"", 1);
  for (const char *p = s; *p; p++) {
    if (*p == '"') sb_add(b, "\"\"", 2);
    else sb_add(b, p, 1);
  }
  sb_add(b, "\"", 1);
}

static const char *csv_columns[] = {"path", "section", "section_title", "label", "text", "value", "value_max",
                                    "unit", "class", "normalized_value", "normalized_unit", "qualifier",
                                    "start", "end"};

static void csv_row(sbuf *b, const char *const *cells, size_t n, char sep) {
  for (size_t i = 0; i < n; i++) {
    if (i) sb_add(b, &sep, 1);
    csv_field(b, cells[i], sep);
  }
  sb_puts(b, sep == ',' ? "\r\n" : "\n");
}

static void render_csv(const cli_input *in, sbuf *b, char sep) {
  const reportx_doc *doc = in->doc;
  for (size_t i = 0; i < reportx_doc_quantity_count(doc); i++) {
    const reportx_quantity *q = reportx_doc_quantity(doc, i);
    const reportx_section *s = q->section >= 0 ? reportx_doc_section(doc, (size_t)q->section) : NULL;
    char start[32], end[32];
    snprintf(start, sizeof start, "%zu", q->start);
    snprintf(end, sizeof end, "%zu", q->end);
    const char *cells[] = {in->path, s ? s->id : "", s ? s->title : "", q->label, q->text, q->value,
                           q->value_max, q->unit, q->cls, q->norm_value, q->norm_unit,
                           reportx_qualifier_name(q->qualifier), start, end};
    csv_row(b, cells, sizeof cells / sizeof *cells, sep);
  }
}

/* ---- the outline ---- */

static int render_outline(const reportx_doc *doc, sbuf *b) {
  size_t ns = reportx_doc_section_count(doc), nq = reportx_doc_quantity_count(doc);
  size_t *count = calloc(ns ? ns : 1, sizeof *count); /* quantities in each section and below */
  if (!count) return EXIT_INTERNAL;
  for (size_t i = 0; i < nq; i++)
    for (int s = reportx_doc_quantity(doc, i)->section; s >= 0; s = reportx_doc_section(doc, (size_t)s)->parent)
      count[s]++;
  const char *title = reportx_doc_title(doc);
  sb_printf(b, "%s\n", title ? title : "(untitled)");
  size_t outside = nq;
  for (size_t i = 0; i < ns; i++) {
    const reportx_section *s = reportx_doc_section(doc, i);
    if (s->parent < 0) outside -= count[i];
    sb_printf(b, "%*s%s %s  [%zu]\n", 2 * s->level, "", s->marker, s->title ? s->title : "", count[i]);
  }
  sb_printf(b, "%zu sections, %zu quantities (%zu outside any section)\n", ns, nq, outside);
  free(count);
  return EXIT_OK;
}

/* ---- entry points ---- */

void cli_render_header(const cli_options *o, sbuf *b) {
  if (o->format == FMT_CSV || o->format == FMT_TSV) {
    char sep = o->format == FMT_CSV ? ',' : '\t';
    if (o->bom) sb_puts(b, "\xEF\xBB\xBF");
    csv_row(b, csv_columns, sizeof csv_columns / sizeof *csv_columns, sep);
  } else if (o->format == FMT_SUMMARY && !o->jsonl) {
    sb_puts(b, reportx_summary_header());
  }
}

int cli_render_doc(const cli_options *o, const cli_input *in, sbuf *b) {
  switch (o->format) {
  case FMT_CSV: render_csv(in, b, ','); break;
  case FMT_TSV: render_csv(in, b, '\t'); break;
  case FMT_OUTLINE: return render_outline(in->doc, b);
  case FMT_CHECK: return cli_render_check(in, b); /* check.c */
  case FMT_SUMMARY: {
    char *row = reportx_doc_summary(in->doc, in->path, o->jsonl ? 0 : REPORTX_SUMMARY_TSV);
    if (!row) return EXIT_INTERNAL;
    sb_puts(b, row);
    reportx_free(row);
    break;
  }
  case FMT_JSON:
  case FMT_JSONL: {
    unsigned flags = (o->compact || o->format == FMT_JSONL) ? REPORTX_JSON_COMPACT : 0;
    char *js = reportx_doc_to_json(in->doc, in->path, flags, NULL);
    if (!js) return EXIT_INTERNAL;
    /* The document is usually the whole of the output: take the string over rather than
     * copy it (a 100 MB report gives some 350 MB of indented JSON). */
    if (b->len == 0) sb_adopt(b, js, strlen(js));
    else {
      sb_puts(b, js);
      reportx_free(js);
    }
    sb_add(b, "\n", 1);
    break;
  }
  }
  return b->failed ? EXIT_INTERNAL : EXIT_OK;
}

void cli_render_error(const cli_options *o, const cli_input *in, sbuf *b) {
  if (o->format != FMT_JSONL && !(o->format == FMT_SUMMARY && o->jsonl)) return;
  char *js = reportx_error_json(in->path, in->code, in->message,
                                in->offset == (size_t)-1 ? -1 : (long long)in->offset);
  if (js) {
    sb_puts(b, js);
    sb_add(b, "\n", 1);
    reportx_free(js);
  }
}
