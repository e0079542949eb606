/*
 * emit_bench.c — times the JSON emitter alone (reportx_doc_to_json), and dumps its output
 * so that two builds of the emitter can be compared byte for byte.
 *
 *   emit_bench [-n ITER] [-f] [-c | -i] [-o OUT] FILE...
 *
 * Each FILE is parsed once; its document is then turned into indented and into compact
 * JSON ITER times (default 20). With -f (or when the extractor found nothing) the document
 * gets synthetic quantities first: every ASCII number followed by a unit of a small table,
 * with a label, a class, a normalised value, sometimes a qualifier or a range, and its
 * section — the shape of the real extractor's output, so that the emitter and the statistics
 * can be measured before the extractor exists. -o writes every output (indented, then
 * compact, each followed by a newline) to OUT. -c: compact only; -i: indented only.
 *
 * Built by bench/run.sh against build-bench/libreportx.a; links the library's internals.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"

static const struct {
  const char *unit, *cls, *norm_unit;
} units[] = {
    {"万元", "money", "元"}, {"亿元", "money", "元"}, {"元", "money", "元"},   {"万亩", "area", "m2"},
    {"亩", "area", "m2"},    {"平方米", "area", "m2"}, {"吨", "mass", "kg"},   {"公斤", "mass", "kg"},
    {"公里", "length", "m"}, {"户", "households", NULL}, {"人次", "people", NULL}, {"人", "people", NULL},
    {"%", "ratio", "%"},     {"％", "ratio", "%"},   {"个", "count", NULL},  {"处", "count", NULL},
    {"台次", "count", NULL}, {"台", "count", NULL},    {"次", "events", NULL}, {"场次", "events", NULL},
    {"箱", "count", NULL},   {"头", "count", NULL},    {"只", "count", NULL},  {"棵", "count", NULL},
};
#define NUNITS (sizeof units / sizeof *units)

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts); /* CPU time: steadier on a busy machine */
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}


static void fabricate(reportx_doc *doc) {
  const char *s = doc->text.s;
  size_t len = doc->text.len, n = 0;
  for (size_t i = 0; i < len;) {
    if (!(s[i] >= '0' && s[i] <= '9') || (i > 0 && ((s[i - 1] >= '0' && s[i - 1] <= '9') || s[i - 1] == '.'))) {
      i++;
      continue;
    }
    size_t b = i, e = i;
    while (e < len && s[e] >= '0' && s[e] <= '9') e++;
    if (e + 1 < len && s[e] == '.' && s[e + 1] >= '0' && s[e + 1] <= '9')
      for (e++; e < len && s[e] >= '0' && s[e] <= '9'; e++) {}
    size_t u = 0, ul = 0;
    for (; u < NUNITS; u++) {
      ul = strlen(units[u].unit);
      if (e + ul <= len && memcmp(s + e, units[u].unit, ul) == 0) break;
    }
    i = e;
    if (u == NUNITS) continue;
    size_t lb = b; /* label: up to 6 characters before, not across punctuation */
    for (int k = 0; k < 6 && lb > 0; k++) {
      size_t p = lb - 1;
      while (p > 0 && ((unsigned char)s[p] & 0xC0) == 0x80) p--;
      if ((unsigned char)s[p] < 0x80 || memcmp(s + p, "，", 3) == 0 || memcmp(s + p, "。", 3) == 0) break;
      lb = p;
    }
    reportx_quantity q = {0};
    q.text = rx_doc_strndup(doc, s + b, e + ul - b);
    q.value = rx_doc_strndup(doc, s + b, e - b);
    q.unit = units[u].unit[0] == '\xef' ? "%" : units[u].unit;
    q.cls = units[u].cls;
    if (units[u].norm_unit) {
      q.norm_value = rx_doc_printf(doc, "%.*s0000", (int)(e - b), s + b);
      q.norm_unit = units[u].norm_unit;
    }
    if (n % 13 == 5) {
      q.qualifier = REPORTX_QUAL_RANGE;
      q.value_max = q.value;
      q.norm_value_max = q.norm_value;
    } else if (n % 7 == 3) {
      q.qualifier = REPORTX_QUAL_APPROX;
    }
    q.label = rx_doc_strndup(doc, s + lb, b - lb);
    q.byte_start = b;
    q.byte_end = e + ul;
    q.start = rx_text_cp(&doc->text, b);
    q.end = rx_text_cp(&doc->text, e + ul);
    if (!q.text || !q.value || !q.label || rx_doc_add_quantity(doc, &q)) {
      fputs("emit_bench: out of memory\n", stderr);
      exit(4);
    }
    n++;
    i = e + ul;
  }
  rx_doc_assign_sections(doc);
}

int main(int argc, char **argv) {
  int iters = 20, force = 0, c;
  unsigned first = 0, last = REPORTX_JSON_COMPACT;
  const char *outpath = NULL;
  while ((c = getopt(argc, argv, "n:fo:ci")) != -1) {
    if (c == 'n') iters = atoi(argv[optind - 1]);
    else if (c == 'f') force = 1;
    else if (c == 'o') outpath = optarg;
    else if (c == 'c') first = last = REPORTX_JSON_COMPACT;
    else if (c == 'i') first = last = 0;
    else return 2;
  }
  FILE *out = outpath ? fopen(outpath, "wb") : NULL;
  if (outpath && !out) {
    perror(outpath);
    return 3;
  }
  size_t in_bytes = 0, out_bytes = 0, nq = 0, ndocs = 0;
  double t_json = 0;
  for (int a = optind; a < argc; a++) {
    FILE *f = fopen(argv[a], "rb");
    if (!f) {
      perror(argv[a]);
      continue;
    }
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    rewind(f);
    char *buf = malloc((size_t)size + 1);
    if (!buf || fread(buf, 1, (size_t)size, f) != (size_t)size) {
      fclose(f);
      free(buf);
      continue;
    }
    fclose(f);
    reportx_doc *doc = NULL;
    reportx_error err;
    if (reportx_parse(buf, (size_t)size, NULL, &doc, &err) != REPORTX_OK) {
      fprintf(stderr, "%s: %s\n", argv[a], err.message);
      free(buf);
      continue;
    }
    free(buf);
    if (force || doc->nquantities == 0) {
      doc->nquantities = 0;
      fabricate(doc);
    }
    double t0 = now();
    for (int it = 0; it < iters; it++) {
      for (unsigned flags = first; flags <= last; flags++) {
        char *js = reportx_doc_to_json(doc, argv[a], flags, NULL);
        if (!js) {
          fputs("emit_bench: reportx_doc_to_json failed\n", stderr);
          return 4;
        }
        size_t n = strlen(js);
        if (it == 0) {
          out_bytes += n;
          if (out) {
            fwrite(js, 1, n, out);
            fputc('\n', out);
          }
        }
        reportx_free(js);
      }
    }
    t_json += now() - t0;
    in_bytes += (size_t)size;
    nq += doc->nquantities;
    ndocs++;
    reportx_doc_free(doc);
  }
  if (out) fclose(out);
  double per = t_json / (iters > 0 ? iters : 1);
  printf("emit_bench: %zu documents, %.1f MB in, %zu quantities, %.1f MB of JSON "
         "in %.4f s per pass: %.1f MB/s of input, %.0f quantities/ms\n",
         ndocs, (double)in_bytes / 1e6, nq, (double)out_bytes / 1e6, per, per > 0 ? (double)in_bytes / 1e6 / per : 0,
         per > 0 ? (double)nq / per / 1000 : 0);
  return 0;
}
