/*
 * fuzz_pipeline.c — the whole public pipeline: reportx_parser_new → reportx_parser_feed in
 * chunks → reportx_parser_finish → reportx_doc_to_json (and the summary) → free.
 *
 * Input: byte 0 picks the options — bits 0-2 the encoding (detect, UTF-8, GB18030,
 * UTF-16LE, UTF-16BE), bit 3 lossy, bit 4 compact JSON, bits 5-7 a small max_depth (0 =
 * default); byte 1 the chunk size (1..256); the rest is the report. Checks the public
 * invariants (fuzz_check.h) and that one-shot reportx_parse gives the same status.
 */
#include "fuzz_check.h"

static const char *const k_enc[8] = {NULL, "UTF-8", "GB18030", "UTF-16LE", "UTF-16BE", NULL, "UTF-8", NULL};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 2) return 0;
  reportx_options o;
  reportx_options_init(&o);
  o.encoding = k_enc[data[0] & 7];
  if (data[0] & 8) o.flags |= REPORTX_OPT_LOSSY;
  unsigned flags = (data[0] & 16) ? REPORTX_JSON_COMPACT : 0;
  if (data[0] >> 5) o.max_depth = data[0] >> 5;
  size_t chunk = (size_t)data[1] + 1;
  const uint8_t *p = data + 2;
  size_t n = size - 2;

  reportx_parser *parser = reportx_parser_new(&o);
  FZ_CHECK(parser != NULL);
  reportx_status st = REPORTX_OK;
  for (size_t i = 0; i < n && !st; i += chunk)
    st = reportx_parser_feed(parser, p + i, n - i < chunk ? n - i : chunk);
  reportx_doc *doc = NULL;
  if (!st) st = reportx_parser_finish(parser, &doc);
  if (st) {
    FZ_CHECK(doc == NULL);
    fz_check_error(st, reportx_parser_error(parser));
    /* sticky: a failed parser keeps failing the same way */
    FZ_CHECK(reportx_parser_feed(parser, "x", 1) == st);
  } else {
    FZ_CHECK(doc != NULL);
    fz_check_doc(doc);
    if (o.max_depth)
      for (size_t i = 0; i < reportx_doc_section_count(doc); i++)
        FZ_CHECK((unsigned)reportx_doc_section(doc, i)->level <= o.max_depth);
    fz_check_json(doc, flags);
  }
  reportx_parser_free(parser);

  /* the one-shot API agrees */
  reportx_doc *doc2 = NULL;
  reportx_error e2;
  reportx_status st2 = reportx_parse(p, n, &o, &doc2, &e2);
  FZ_CHECK(st2 == st);
  FZ_CHECK((doc2 != NULL) == (st2 == REPORTX_OK));
  if (doc && doc2) {
    FZ_CHECK(reportx_doc_section_count(doc) == reportx_doc_section_count(doc2));
    FZ_CHECK(reportx_doc_quantity_count(doc) == reportx_doc_quantity_count(doc2));
  }
  reportx_doc_free(doc2);
  reportx_doc_free(doc);
  return 0;
}
