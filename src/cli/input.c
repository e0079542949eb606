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

/* Copies s into out[cap] as valid UTF-8: each byte that does not start a well-formed
 * sequence becomes U+FFFD. File names are bytes, JSON is UTF-8 (RFC 8259). */
static void utf8_display(const char *s, char *out, size_t cap) {
  const unsigned char *p = (const unsigned char *)s;
  size_t o = 0;
  while (*p && o + 4 < cap) {
    size_t n = 0;
    unsigned c = p[0];
    if (c < 0x80) n = 1;
    else if (c >= 0xC2 && c <= 0xDF) n = (p[1] & 0xC0) == 0x80 ? 2 : 0;
    else if (c >= 0xE0 && c <= 0xEF) {
      unsigned lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
      n = p[1] >= lo && p[1] <= hi && (p[2] & 0xC0) == 0x80 ? 3 : 0;
    } else if (c >= 0xF0 && c <= 0xF4) {
      unsigned lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
      n = p[1] >= lo && p[1] <= hi && (p[2] & 0xC0) == 0x80 && (p[3] & 0xC0) == 0x80 ? 4 : 0;
    }
    if (n) {
      memcpy(out + o, p, n);
      o += n;
      p += n;
    } else {
      memcpy(out + o, "\xEF\xBF\xBD", 3);
      o += 3;
      p++;
    }
  }
  out[o] = '\0';
}

void cli_read_input(const cli_path *cp, const reportx_options *opts, cli_input *in) {
  /* field by field: the two 12 KB buffers need only their first byte cleared */
  in->doc = NULL;
  in->exit_code = 0;
  in->message[0] = '\0';
  in->code = NULL;
  in->bytes = 0;
  const char *raw = cp->path;
  utf8_display(raw, in->path_utf8, sizeof in->path_utf8);
  const char *path = in->path = in->path_utf8;
  in->offset = (size_t)-1;
  int is_stdin = strcmp(raw, "-") == 0;
  /* A walked file is opened without blocking: if it was replaced by a FIFO after the walk,
   * the check below reports it instead of waiting for a writer that never comes. */
  int fd = is_stdin ? STDIN_FILENO : open(raw, O_RDONLY | O_CLOEXEC | (cp->walked ? O_NONBLOCK : 0));
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
    if (cp->walked && !S_ISREG(st.st_mode)) {
      fail(in, EXIT_INPUT, "not_regular", (size_t)-1, "%s: %s", path,
           "is no longer a regular file (it changed after the folder was read)");
      close(fd);
      return;
    }
    if (cp->walked) fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
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
