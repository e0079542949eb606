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
#include <unistd.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "cli.h"

static const char usage_text[] =
    "Usage: reportx [OPTIONS] [FILE|FOLDER...]\n"
    "Turn Chinese local-government work reports (工作总结, 工作报告, 工作计划) into JSON:\n"
    "title, place, year, the tree of numbered sections, and every quantity with its value,\n"
    "unit, class, exact normalised value, qualifier, label, section and offsets.\n"
    "\n"
    "With no FILE, or when FILE is -, read standard input. A FOLDER is walked recursively\n"
    "for files matching --glob, in name order. One input gives one JSON document; several\n"
    "inputs (or --jsonl) give JSON Lines, one compact object per input, in input order.\n"
    "\n"
    "Output:\n"
    "  -c, --compact          one-line JSON instead of indented\n"
    "      --jsonl            JSON Lines: one compact object per input, also for one input\n"
    "  -f, --format FORMAT    json (default), jsonl, csv or tsv (one row per quantity)\n"
    "      --bom              start CSV/TSV output with a UTF-8 byte order mark\n"
    "      --outline          print the section tree as an indented outline\n"
    "      --summary          one row per input (TSV, or JSON Lines with --jsonl): place,\n"
    "                         year, sections, quantities, normalised totals per class\n"
    "      --check            print the report's arithmetic mismatches (a total that its\n"
    "                         parts do not give, an average, a share) as FILE:LINE:COL:\n"
    "                         diagnostics; exit 1 when there is any\n"
    "Input:\n"
    "  -e, --encoding NAME    read input in encoding NAME (any iconv name) instead of\n"
    "                         detecting UTF-8, UTF-16 with BOM or GB18030\n"
    "      --lossy            replace invalid bytes with U+FFFD (and warn) instead of failing\n"
    "      --max-size SIZE    refuse inputs larger than SIZE bytes (suffix K, M, G;\n"
    "                         default 256M)\n"
    "  -g, --glob PATTERN     files taken from folders (default *.txt)\n"
    "  -L, --follow           follow symbolic links when walking folders\n"
    "Running:\n"
    "  -j, --jobs N           N worker threads (default: the number of cores)\n"
    "  -q, --quiet            no progress line and no notes on skipped entries\n"
    "  -h, --help             show this help and exit\n"
    "  -V, --version          show the version and exit\n"
    "  --                     end of options\n"
    "\n"
    "Exit status:\n"
    "  0  success\n"
    "  1  an input failed (missing, unreadable, binary, invalid encoding, too large),\n"
    "     or --check found a mismatch\n"
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

enum { OPT_JSONL = 256, OPT_OUTLINE, OPT_LOSSY, OPT_MAX_SIZE, OPT_BOM, OPT_SUMMARY, OPT_CHECK };

static const struct option long_options[] = {
    {"compact", no_argument, NULL, 'c'},
    {"jsonl", no_argument, NULL, OPT_JSONL},
    {"format", required_argument, NULL, 'f'},
    {"bom", no_argument, NULL, OPT_BOM},
    {"outline", no_argument, NULL, OPT_OUTLINE},
    {"summary", no_argument, NULL, OPT_SUMMARY},
    {"check", no_argument, NULL, OPT_CHECK},
    {"encoding", required_argument, NULL, 'e'},
    {"lossy", no_argument, NULL, OPT_LOSSY},
    {"max-size", required_argument, NULL, OPT_MAX_SIZE},
    {"glob", required_argument, NULL, 'g'},
    {"follow", no_argument, NULL, 'L'},
    {"jobs", required_argument, NULL, 'j'},
    {"quiet", no_argument, NULL, 'q'},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, 'V'},
    {NULL, 0, NULL, 0},
};

/* Returns -1 to go on, else the exit code. */
static int parse_args(int argc, char **argv, cli_options *o) {
  memset(o, 0, sizeof *o);
  reportx_options_init(&o->parse);
  o->glob = "*.txt";
  int format_set = 0;
  opterr = 0;
  int c;
  while ((c = getopt_long(argc, argv, ":cf:e:g:Lj:qhV", long_options, NULL)) != -1) {
    switch (c) {
    case 'c': o->compact = 1; break;
    case OPT_JSONL: o->jsonl = 1; break;
    case 'f':
      if (strcmp(optarg, "json") == 0) o->format = FMT_JSON;
      else if (strcmp(optarg, "jsonl") == 0) o->jsonl = 1;
      else if (strcmp(optarg, "csv") == 0) o->format = FMT_CSV;
      else if (strcmp(optarg, "tsv") == 0) o->format = FMT_TSV;
      else {
        usage_error("unknown format '%s' (json, jsonl, csv or tsv)", optarg);
        return EXIT_USAGE;
      }
      format_set = 1;
      break;
    case OPT_BOM: o->bom = 1; break;
    case OPT_OUTLINE: o->format = FMT_OUTLINE; format_set = 1; break;
    case OPT_SUMMARY: o->format = FMT_SUMMARY; format_set = 1; break;
    case OPT_CHECK: o->format = FMT_CHECK; format_set = 1; break;
    case 'e': o->parse.encoding = optarg; break;
    case OPT_LOSSY: o->parse.flags |= REPORTX_OPT_LOSSY; break;
    case OPT_MAX_SIZE:
      if (parse_size(optarg, &o->parse.max_size)) {
        usage_error("invalid size for --max-size: '%s'", optarg);
        return EXIT_USAGE;
      }
      break;
    case 'g': o->glob = optarg; break;
    case 'L': o->follow_links = 1; break;
    case 'j': {
      char *end;
      long n = strtol(optarg, &end, 10);
      if (*end || end == optarg || n < 1 || n > 1024) {
        usage_error("invalid number of jobs: '%s' (1 to 1024)", optarg);
        return EXIT_USAGE;
      }
      o->jobs = (int)n;
      break;
    }
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
  (void)format_set;
  if (o->jsonl && o->format == FMT_JSON) o->format = FMT_JSONL;
  if (!o->jobs) {
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    o->jobs = n > 0 ? (int)(n > 64 ? 64 : n) : 1;
  }
  return -1;
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
#ifdef __GLIBC__
  /* Each report allocates and frees a few hundred KB; by default glibc gives the top of the
   * heap back to the system past 128 KB and takes it again for the next report, page fault
   * by page fault. Keeping up to 64 MB costs no peak memory (it is memory already used). */
  mallopt(M_TRIM_THRESHOLD, 64 << 20);
#endif
  install_debug_allocator();
  cli_options o;
  int rc = parse_args(argc, argv, &o);
  if (rc >= 0) return rc;

  char *stdin_only[] = {"-"};
  char **args = optind < argc ? argv + optind : stdin_only;
  int nargs = optind < argc ? argc - optind : 1;
  cli_paths paths = {0};
  int empty_folders;
  if (cli_collect(args, nargs, &o, &paths, &empty_folders)) {
    fputs("reportx: out of memory\n", stderr);
    cli_paths_free(&paths);
    return EXIT_INTERNAL;
  }
  /* several inputs, or a folder, give JSON Lines */
  int several = paths.n != 1 || nargs > 1 || strcmp(args[0], paths.n ? paths.v[0].path : "") != 0;
  if (o.format == FMT_JSON && several) o.format = FMT_JSONL;

  int status = cli_run_batch(&o, &paths);
  if (empty_folders && status < EXIT_INPUT) status = EXIT_INPUT;
  if (o.format == FMT_CHECK && cli_check_mismatch_count() && status < EXIT_INPUT) status = EXIT_INPUT;
  cli_paths_free(&paths);
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
