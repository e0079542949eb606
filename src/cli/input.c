/*
 * input.c — one input (a file, "-" for stdin, a FIFO) → a reportx_doc, or an error
 * message that names the file and, where it applies, the line, column and byte offset.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

#define CHUNK 65536

static void fail(cli_input *in, int exit_code, const char *code, size_t offset, const char *fmt, const char *a,
                 const char *b) {
  in->exit_code = exit_code;
  in->code = code;
  in->offset = offset;
  snprintf(in->message, sizeof in->message, fmt, a, b);
}

static const char *status_code(reportx_status st) {
  switch (st) {
  case REPORTX_ERR_DECODE: return "decode";
  case REPORTX_ERR_TRUNCATED: return "truncated";
  case REPORTX_ERR_ENCODING: return "encoding";
  case REPORTX_ERR_BINARY: return "binary";
  case REPORTX_ERR_EMPTY: return "empty";
  case REPORTX_ERR_TOO_LARGE: return "too_large";
  case REPORTX_ERR_LIMIT: return "limit";
  case REPORTX_ERR_IO: return "io";
  case REPORTX_ERR_NOMEM: return "nomem";
  default: return "internal";
  }
}

static int exit_for(reportx_status st) {
  switch (st) {
  case REPORTX_ERR_ENCODING: return EXIT_USAGE;
  case REPORTX_ERR_IO: return EXIT_IO;
  case REPORTX_ERR_NOMEM:
  case REPORTX_ERR_USAGE:
  case REPORTX_ERR_INTERNAL: return EXIT_INTERNAL;
  default: return EXIT_INPUT;
  }
}

static void parser_failed(cli_input *in, const reportx_error *e) {
  in->exit_code = exit_for(e->status);
  in->code = status_code(e->status);
  in->offset = e->byte_offset;
  const char *msg = e->message[0] ? e->message : reportx_status_string(e->status);
  if (e->line)
    snprintf(in->message, sizeof in->message, "%s:%zu:%zu: %s", in->path, e->line, e->column, msg);
  else
    snprintf(in->message, sizeof in->message, "%s: %s", in->path, msg);
}

void cli_read_input(const char *path, const reportx_options *opts, cli_input *in) {
  memset(in, 0, sizeof *in);
  in->path = path;
  in->offset = (size_t)-1;
  int is_stdin = strcmp(path, "-") == 0;
  int fd = is_stdin ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    int err = errno;
    fail(in, EXIT_INPUT, err == ENOENT ? "not_found" : "open", (size_t)-1, "%s: %s", path, strerror(err));
    return;
  }
  struct stat st;
  if (fstat(fd, &st) == 0) {
    if (S_ISDIR(st.st_mode)) {
      fail(in, EXIT_INPUT, "directory", (size_t)-1, "%s: %s", path, "is a directory");
      if (!is_stdin) close(fd);
      return;
    }
    /* A regular file over the limit is refused before a byte of it is read. */
    if (S_ISREG(st.st_mode) && (size_t)st.st_size > opts->max_size) {
      char lim[64];
      snprintf(lim, sizeof lim, "%zu", opts->max_size);
      fail(in, EXIT_INPUT, "too_large", (size_t)-1, "%s: file is larger than the size limit (%s bytes)", path, lim);
      close(fd);
      return;
    }
  }
  reportx_parser *p = reportx_parser_new(opts);
  if (!p) {
    fail(in, EXIT_INTERNAL, "nomem", (size_t)-1, "%s: %s", path, "out of memory");
    if (!is_stdin) close(fd);
    return;
  }
  char buf[CHUNK]; /* per call: workers read in parallel */
  reportx_status rs = REPORTX_OK;
  for (;;) {
    ssize_t n = read(fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      fail(in, EXIT_IO, "io", (size_t)-1, "%s: read error: %s", path, strerror(errno));
      break;
    }
    if (n == 0) break;
    in->bytes += (size_t)n;
    if ((rs = reportx_parser_feed(p, buf, (size_t)n)) != REPORTX_OK) {
      parser_failed(in, reportx_parser_error(p));
      break;
    }
  }
  if (!is_stdin) close(fd);
  if (!in->exit_code && reportx_parser_finish(p, &in->doc) != REPORTX_OK)
    parser_failed(in, reportx_parser_error(p));
  reportx_parser_free(p);
}
