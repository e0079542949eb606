/*
 * cli.h — the pieces of the reportx command: options, the list of inputs (files and walked
 * folders), reading an input into a document, rendering it, and the parallel batch that
 * keeps the output in input order. Uses only the public header.
 */
#ifndef REPORTX_CLI_H
#define REPORTX_CLI_H

#include <stddef.h>
#include <stdio.h>

#include "reportx.h"

/* Exit codes (documented in --help and reportx(1)). */
enum {
  EXIT_OK = 0,
  EXIT_INPUT = 1,    /* at least one input failed */
  EXIT_USAGE = 2,
  EXIT_IO = 3,       /* an I/O error, including a failed write */
  EXIT_INTERNAL = 4
};

typedef enum cli_format { FMT_JSON, FMT_JSONL, FMT_CSV, FMT_TSV, FMT_OUTLINE, FMT_SUMMARY, FMT_CHECK } cli_format;

typedef struct cli_options {
  reportx_options parse;
  cli_format format;
  int jsonl;          /* --jsonl given */
  int compact;
  int quiet;
  int bom;            /* --bom: a UTF-8 BOM before CSV/TSV output */
  int follow_links;   /* -L */
  const char *glob;   /* files taken from folders; default "*.txt" */
  int jobs;           /* -j; 0 = number of cores */
} cli_options;

/* ---- a growable byte buffer (sbuf.c) ---- */
typedef struct sbuf {
  char *s;
  size_t len, cap;
  int failed; /* an allocation failed: the content is incomplete */
} sbuf;
void sb_add(sbuf *b, const char *s, size_t n);
void sb_puts(sbuf *b, const char *s);
void sb_printf(sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Replaces an empty buffer's content with `s` (n bytes, NUL-terminated), a string returned
 * by the library, which the buffer then owns. The command never replaces the library's
 * allocator (reportx_set_allocator), so such strings come from malloc like the buffer's. */
void sb_adopt(sbuf *b, char *s, size_t n);
void sb_free(sbuf *b);

/* ---- inputs (walk.c) ---- */
typedef struct cli_path {
  char *path;         /* owned */
  size_t size;        /* bytes, when known (for progress), else 0 */
  int walked;         /* found in a folder (so must still be a regular file when read) */
} cli_path;

typedef struct cli_paths {
  cli_path *v;
  size_t n, cap;
} cli_paths;

/* Expands the command-line arguments into the list of inputs: files as given ("-" is stdin),
 * folders walked recursively (regular files matching the glob, hidden entries skipped,
 * symbolic links followed only with -L, each folder once), entries sorted by name.
 * Things skipped in a folder (FIFOs, devices, loops) are reported on stderr unless quiet; a
 * folder with no matching file is reported always and counted in *empty_folders.
 * Returns 0, or -1 when out of memory. */
int cli_collect(char **args, int nargs, const cli_options *o, cli_paths *out, int *empty_folders);
void cli_paths_free(cli_paths *p);

/* ---- one input (input.c) ---- */
typedef struct cli_input {
  const char *path;       /* as given, made valid UTF-8 for JSON (invalid bytes → U+FFFD); "-" for stdin */
  reportx_doc *doc;       /* NULL on failure */
  int exit_code;          /* EXIT_OK, EXIT_INPUT, EXIT_USAGE, EXIT_IO or EXIT_INTERNAL */
  char message[3 * 4096 + 512]; /* on failure: "FILE:LINE:COL: message" */
  const char *code;       /* on failure: a stable error code ("decode", "not_found", …) */
  size_t offset;          /* on failure: byte offset where it applies, else (size_t)-1 */
  size_t bytes;           /* bytes read */
  char path_utf8[3 * 4096 + 4];
} cli_input;

/* Reads and parses p->path ("-" for stdin). Fills *in; never prints. A walked file that is no
 * longer a regular file when it is opened (replaced by a FIFO, say) is an error, not a wait. */
void cli_read_input(const cli_path *p, const reportx_options *opts, cli_input *in);

/* ---- rendering (render.c): a document, or a failed input, in the chosen format ---- */
void cli_render_header(const cli_options *o, sbuf *out);
/* Returns EXIT_OK or EXIT_INTERNAL (out of memory). */
int cli_render_doc(const cli_options *o, const cli_input *in, sbuf *out);
void cli_render_error(const cli_options *o, const cli_input *in, sbuf *out);

/* ---- --check (check.c): arithmetic mismatches as FILE:LINE:COL: diagnostics ---- */
/* Returns EXIT_OK or EXIT_INTERNAL (out of memory); counts the mismatches it prints. */
int cli_render_check(const cli_input *in, sbuf *out);
/* Mismatches printed so far, over all inputs (thread-safe). */
size_t cli_check_mismatch_count(void);

/* ---- the batch (batch.c): every input through `jobs` workers, output in input order ---- */
/* Returns the exit code of the run. */
int cli_run_batch(const cli_options *o, const cli_paths *paths);

#endif
