/*
 * cli.h — the pieces of the reportx command: options, reading an input into a document,
 * and the output formats. Uses only the public header.
 */
#ifndef REPORTX_CLI_H
#define REPORTX_CLI_H

#include <stdio.h>

#include "reportx.h"

/* Exit codes (documented in --help and reportx(1)). */
enum {
  EXIT_OK = 0,
  EXIT_INPUT = 1,    /* at least one input failed (or --check found a mismatch) */
  EXIT_USAGE = 2,
  EXIT_IO = 3,       /* an I/O error, including a failed write */
  EXIT_INTERNAL = 4
};

typedef enum cli_format { FMT_JSON, FMT_JSONL, FMT_OUTLINE } cli_format;

typedef struct cli_options {
  reportx_options parse;
  cli_format format;
  int format_forced; /* --jsonl given */
  int compact;
  int quiet;
} cli_options;

/* The result of reading one input. */
typedef struct cli_input {
  const char *path;       /* as given; "-" for stdin */
  reportx_doc *doc;       /* NULL on failure */
  int exit_code;          /* EXIT_OK, EXIT_INPUT, EXIT_IO or EXIT_INTERNAL */
  char message[512];      /* on failure: "FILE:LINE:COL: message" without the "reportx: " prefix */
  const char *code;       /* on failure: a stable error code ("decode", "not_found", …) */
  size_t offset;          /* on failure: byte offset where it applies, else (size_t)-1 */
} cli_input;

/* Reads and parses `path` ("-" for stdin). Fills *in; never prints. */
void cli_read_input(const char *path, const reportx_options *opts, cli_input *in);

/* Writes the outline of a document (marker, title, number of quantities in each section). */
int cli_write_outline(FILE *out, const reportx_doc *doc);

#endif
