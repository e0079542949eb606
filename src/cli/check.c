/*
 * check.c — `reportx --check`: the arithmetic mismatches of a document as a compiler's
 * diagnostics, one line each, `FILE:LINE:COL: stated 92.83 亩 but the parts sum to 91.87 亩
 * (71个63.67亩, 32个28.2亩)`, LINE:COL being where the stated figure starts. Checks that
 * come out ok print nothing. The command exits 1 when any mismatch was printed, so it can
 * gate a pipeline (main.c asks cli_check_mismatch_count() after the batch).
 */
#include <stdatomic.h>
#include <string.h>

#include "cli.h"

static atomic_size_t mismatches; /* over all inputs and workers */

size_t cli_check_mismatch_count(void) { return atomic_load(&mismatches); }

/* The figure as written, with the figure written right against it before (71个63.67亩:
 * the count of what is measured), so that a person finds it in the text. */
static void figure(sbuf *b, const reportx_doc *doc, size_t i) {
  const reportx_quantity *q = reportx_doc_quantity(doc, i);
  const reportx_quantity *prev = i > 0 ? reportx_doc_quantity(doc, i - 1) : NULL;
  size_t start = q->byte_start;
  if (prev && prev->byte_end == q->byte_start) start = prev->byte_start;
  const char *text = reportx_doc_text(doc, NULL);
  sb_add(b, text + start, q->byte_end - start);
}

/* "(A, B, C)": the figures of a check other than the stated one. */
static void figures(sbuf *b, const reportx_doc *doc, const reportx_check *k) {
  sb_puts(b, " (");
  int first = 1;
  for (size_t j = 0; j < k->nquantities; j++) {
    if (k->quantities[j] == k->stated_quantity) continue;
    if (!first) sb_puts(b, ", ");
    figure(b, doc, k->quantities[j]);
    first = 0;
  }
  sb_puts(b, ")");
}

/* The one of the check's figures that is not `a` nor the stated one, of the given role:
 * for an average, the count N (first) and the total T (second). */
static const reportx_quantity *nth_other(const reportx_doc *doc, const reportx_check *k, size_t n) {
  for (size_t j = 0; j < k->nquantities; j++) {
    if (k->quantities[j] == k->stated_quantity) continue;
    if (n-- == 0) return reportx_doc_quantity(doc, k->quantities[j]);
  }
  return NULL;
}

int cli_render_check(const cli_input *in, sbuf *b) {
  const reportx_doc *doc = in->doc;
  size_t found = 0;
  for (size_t i = 0; i < reportx_doc_check_count(doc); i++) {
    const reportx_check *k = reportx_doc_check(doc, i);
    if (k->status != REPORTX_CHECK_MISMATCH) continue;
    const reportx_quantity *stated = reportx_doc_quantity(doc, k->stated_quantity);
    size_t line = 0, col = 0;
    reportx_doc_line_col(doc, stated ? stated->start : k->start, &line, &col);
    sb_printf(b, "%s:%zu:%zu: ", in->path, line, col);
    const reportx_quantity *x = nth_other(doc, k, 0), *y = nth_other(doc, k, 1);
    switch (k->kind) {
    case REPORTX_CHECK_SUM:
      sb_printf(b, "stated %s %s but the parts sum to %s %s", k->stated, k->unit, k->computed, k->unit);
      figures(b, doc, k);
      break;
    case REPORTX_CHECK_PARTS:
      sb_printf(b, "stated %s %s but the parts listed under it sum to %s %s, more than the whole", k->stated,
                k->unit, k->computed, k->unit);
      figures(b, doc, k);
      break;
    case REPORTX_CHECK_AVERAGE:
      /* quantities in text order: N, T, then the average */
      sb_printf(b, "stated an average of %s %s but %s / %s = %s %s", k->stated, k->unit, y ? y->text : "?",
                x ? x->text : "?", k->computed, k->unit);
      break;
    case REPORTX_CHECK_SHARE:
      /* quantities in text order: the whole D, the part P, then the share */
      sb_printf(b, "stated a share of %s%s but %s / %s = %s%s", k->stated, k->unit, y ? y->text : "?",
                x ? x->text : "?", k->computed, k->unit);
      break;
    }
    sb_puts(b, "\n");
    found++;
  }
  if (found) atomic_fetch_add(&mismatches, found);
  return b->failed ? EXIT_INTERNAL : EXIT_OK;
}
