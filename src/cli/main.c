/* reportx — command-line client. SCAFFOLD: one file to JSON. */
#include <stdio.h>
#include <stdlib.h>

#include "reportx.h"

int main(int argc, char **argv) {
  if (argc < 2) return 2;
  FILE *f = fopen(argv[1], "rb");
  if (!f) { perror(argv[1]); return 1; }
  reportx_parser *p = reportx_parser_new(NULL);
  char buf[65536];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, f)) > 0) reportx_parser_feed(p, buf, n);
  fclose(f);
  reportx_doc *doc;
  if (reportx_parser_finish(p, &doc)) { fprintf(stderr, "reportx: %s: %s\n", argv[1], reportx_parser_error(p)->message); return 1; }
  char *js = reportx_doc_to_json(doc, argv[1], 0, NULL);
  puts(js);
  reportx_free(js);
  reportx_doc_free(doc);
  reportx_parser_free(p);
  return 0;
}
