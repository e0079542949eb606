/*
 * main.c — the reportx command: options, then each input through the library and out as
 * JSON, JSON Lines or an outline. Everything the command knows of reports comes from
 * include/reportx.h.
 */
#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char usage_text[] =
    "Usage: reportx [OPTIONS] [FILE...]\n"
    "Turn Chinese local-government work reports (工作总结, 工作报告, 工作计划) into JSON:\n"
    "title, place, year, the tree of numbered sections, and every quantity with its value,\n"
    "unit, class, exact normalised value, qualifier, label, section and offsets.\n"
    "\n"
    "With no FILE, or when FILE is -, read standard input. One input gives one JSON\n"
    "document; several inputs (or --jsonl) give one compact JSON object per line.\n"
    "\n"
    "Options:\n"
    "  -c, --compact          one-line JSON instead of indented\n"
    "      --jsonl            JSON Lines: one compact object per input, also for one input\n"
    "      --outline          print the section tree as an indented outline\n"
    "  -e, --encoding NAME    read input in encoding NAME (any iconv name) instead of\n"
    "                         detecting UTF-8, UTF-16 with BOM or GB18030\n"
    "      --lossy            replace invalid bytes with U+FFFD (and warn) instead of failing\n"
    "      --max-size SIZE    refuse inputs larger than SIZE bytes (suffix K, M, G;\n"
    "                         default 256M)\n"
    "  -q, --quiet            no diagnostics on standard error except fatal ones\n"
    "  -h, --help             show this help and exit\n"
    "  -V, --version          show the version and exit\n"
    "  --                     end of options\n"
    "\n"
    "Exit status:\n"
    "  0  success\n"
    "  1  an input failed (missing, unreadable, binary, invalid encoding, too large)\n"
    "  2  usage error (unknown option, bad argument, unknown encoding)\n"
    "  3  I/O error, including a failed write to standard output\n"
    "  4  internal error (including out of memory)\n"
    "\n"
    "Diagnostics read 'reportx: FILE:LINE:COL: message'. See reportx(1).\n";

static void usage_error(const char *fmt, const char *arg) {
  fputs("reportx: ", stderr);
  fprintf(stderr, fmt, arg);
  fputs("\nTry 'reportx --help' for more information.\n", stderr);
}

/* "64", "64K", "256M", "2G" → bytes. Returns 0 on success. */
static int parse_size(const char *s, size_t *out) {
  char *end;
  errno = 0;
  unsigned long long v = strtoull(s, &end, 10);
  if (errno || end == s || *s == '-') return -1;
  unsigned shift = 0;
  if (*end == 'K' || *end == 'k') shift = 10, end++;
  else if (*end == 'M' || *end == 'm') shift = 20, end++;
  else if (*end == 'G' || *end == 'g') shift = 30, end++;
  if (*end || v == 0 || v > (SIZE_MAX >> shift)) return -1;
  *out = (size_t)(v << shift);
  return 0;
}

enum { OPT_JSONL = 256, OPT_OUTLINE, OPT_LOSSY, OPT_MAX_SIZE };

static const struct option long_options[] = {
    {"compact", no_argument, NULL, 'c'},
    {"jsonl", no_argument, NULL, OPT_JSONL},
    {"outline", no_argument, NULL, OPT_OUTLINE},
    {"encoding", required_argument, NULL, 'e'},
    {"lossy", no_argument, NULL, OPT_LOSSY},
    {"max-size", required_argument, NULL, OPT_MAX_SIZE},
    {"quiet", no_argument, NULL, 'q'},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, 'V'},
    {NULL, 0, NULL, 0},
};

/* Returns -1 to go on, else the exit code. */
static int parse_args(int argc, char **argv, cli_options *o) {
  memset(o, 0, sizeof *o);
  reportx_options_init(&o->parse);
  opterr = 0;
  int c;
  while ((c = getopt_long(argc, argv, ":ce:qhV", long_options, NULL)) != -1) {
    switch (c) {
    case 'c': o->compact = 1; break;
    case OPT_JSONL: o->format = FMT_JSONL; o->format_forced = 1; break;
    case OPT_OUTLINE: o->format = FMT_OUTLINE; o->format_forced = 1; break;
    case 'e': o->parse.encoding = optarg; break;
    case OPT_LOSSY: o->parse.flags |= REPORTX_OPT_LOSSY; break;
    case OPT_MAX_SIZE:
      if (parse_size(optarg, &o->parse.max_size)) {
        usage_error("invalid size for --max-size: '%s'", optarg);
        return EXIT_USAGE;
      }
      break;
    case 'q': o->quiet = 1; break;
    case 'h': fputs(usage_text, stdout); return EXIT_OK;
    case 'V': printf("reportx %s\n", reportx_version()); return EXIT_OK;
    case ':': usage_error("option '%s' needs an argument", argv[optind - 1]); return EXIT_USAGE;
    default:
      if (optopt) {
        char opt[3] = {'-', (char)optopt, 0};
        usage_error("unknown option '%s'", opt);
      } else {
        usage_error("unknown option '%s'", argv[optind - 1]);
      }
      return EXIT_USAGE;
    }
  }
  return -1;
}

/* The most serious outcome wins: internal > I/O > usage > input. */
static int worse(int a, int b) {
  static const int rank[] = {0, 1, 2, 3, 4};
  return rank[b] > rank[a] ? b : a;
}

static int emit_doc(const cli_options *o, const cli_input *in) {
  if (o->format == FMT_OUTLINE) return cli_write_outline(stdout, in->doc) ? EXIT_INTERNAL : EXIT_OK;
  unsigned flags = (o->compact || o->format == FMT_JSONL) ? REPORTX_JSON_COMPACT : 0;
  reportx_status st;
  char *js = reportx_doc_to_json(in->doc, in->path, flags, &st);
  if (!js) return EXIT_INTERNAL;
  fputs(js, stdout);
  fputc('\n', stdout);
  reportx_free(js);
  return EXIT_OK;
}

static void emit_error_line(const cli_input *in) {
  char *js = reportx_error_json(in->path, in->code, in->message,
                                in->offset == (size_t)-1 ? -1 : (long long)in->offset);
  if (js) {
    fputs(js, stdout);
    fputc('\n', stdout);
    reportx_free(js);
  }
}

/* Testing hook: REPORTX_DEBUG_FAIL_ALLOC=N makes the library's N-th allocation fail, so the
 * tests can check how out-of-memory is reported (exit 4). */
static unsigned long fail_at, alloc_count;
static void *failing_malloc(size_t n) { return ++alloc_count == fail_at ? NULL : malloc(n); }
static void *failing_realloc(void *p, size_t n) { return ++alloc_count == fail_at ? NULL : realloc(p, n); }

static void install_debug_allocator(void) {
  const char *s = getenv("REPORTX_DEBUG_FAIL_ALLOC");
  if (!s || !*s) return;
  fail_at = strtoul(s, NULL, 10);
  if (fail_at) reportx_set_allocator(failing_malloc, failing_realloc, free);
}

int main(int argc, char **argv) {
  install_debug_allocator();
  cli_options o;
  int rc = parse_args(argc, argv, &o);
  if (rc >= 0) return rc;

  char *stdin_only[] = {"-"};
  char **paths = optind < argc ? argv + optind : stdin_only;
  int npaths = optind < argc ? argc - optind : 1;
  if (npaths > 1 && !o.format_forced) o.format = FMT_JSONL;

  int status = EXIT_OK;
  for (int i = 0; i < npaths; i++) {
    cli_input in;
    cli_read_input(paths[i], &o.parse, &in);
    if (in.doc) {
      status = worse(status, emit_doc(&o, &in));
      reportx_doc_free(in.doc);
    } else {
      fprintf(stderr, "reportx: %s\n", in.message);
      if (o.format == FMT_JSONL) emit_error_line(&in);
      status = worse(status, in.exit_code);
      if (in.exit_code == EXIT_USAGE) break; /* an unknown --encoding fails every input alike */
    }
    if (ferror(stdout)) break;
  }
  if (fflush(stdout) != 0 || ferror(stdout)) {
    fprintf(stderr, "reportx: write error: %s\n", strerror(errno));
    return EXIT_IO;
  }
  if (fclose(stdout) != 0) {
    fprintf(stderr, "reportx: write error: %s\n", strerror(errno));
    return EXIT_IO;
  }
  return status;
}
