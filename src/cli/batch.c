/*
 * batch.c — every input through `jobs` worker threads. Each worker reads, parses, renders
 * and frees one document at a time; the main thread writes the rendered outputs in input
 * order from a bounded reorder window, so memory stays flat however many files there are
 * and the output is byte-identical whatever the number of workers.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

typedef struct slot {
  int done;
  int exit_code;
  int is_error;
  sbuf out;
  char message[sizeof ((cli_input *)0)->message];
  size_t bytes;
} slot;

typedef struct batch {
  const cli_options *o;
  const cli_paths *paths;
  slot *slots;      /* ring of `window` slots: input i lives in slots[i % window] */
  size_t window;
  size_t next_claim, next_write;
  size_t want;      /* the writer sleeps until inputs next_write..want are all done */
  int writer_waiting;
  int stop;         /* a write failed: workers stop taking inputs */
  pthread_mutex_t mu;
  pthread_cond_t done_cv, space_cv;
} batch;

/* Are inputs next_write..want all done? Under the lock. */
static int batch_ready(const batch *b) {
  for (size_t k = b->next_write; k <= b->want; k++)
    if (!b->slots[k % b->window].done) return 0;
  return 1;
}

static void *worker(void *arg) {
  batch *b = arg;
  for (;;) {
    pthread_mutex_lock(&b->mu);
    while (!b->stop && b->next_claim < b->paths->n && b->next_claim >= b->next_write + b->window)
      pthread_cond_wait(&b->space_cv, &b->mu);
    if (b->stop || b->next_claim >= b->paths->n) {
      pthread_mutex_unlock(&b->mu);
      return NULL;
    }
    size_t i = b->next_claim++;
    pthread_mutex_unlock(&b->mu);

    cli_input in;
    sbuf out = {0};
    cli_read_input(&b->paths->v[i], &b->o->parse, &in);
    int rc;
    if (in.doc) {
      rc = cli_render_doc(b->o, &in, &out);
      reportx_doc_free(in.doc);
      if (rc) snprintf(in.message, sizeof in.message, "%s: out of memory", in.path);
    } else {
      cli_render_error(b->o, &in, &out);
      rc = in.exit_code;
    }

    pthread_mutex_lock(&b->mu);
    slot *s = &b->slots[i % b->window];
    s->out = out;
    s->exit_code = rc;
    s->is_error = in.doc == NULL || rc != EXIT_OK;
    if (s->is_error) memcpy(s->message, in.message, strlen(in.message) + 1);
    else s->message[0] = '\0';
    s->bytes = in.bytes;
    s->done = 1;
    /* The writer is woken once for a run of outputs, not for each: a wake-up costs more
     * than a small report's output takes to write. It is signalled after the unlock, so
     * that it does not wake up only to wait for the mutex. */
    int wake = b->writer_waiting && batch_ready(b);
    pthread_mutex_unlock(&b->mu);
    if (wake) pthread_cond_signal(&b->done_cv);
  }
}

static double now_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

typedef struct progress {
  int on;
  double start, last;
  size_t bytes, total_bytes, errors;
} progress;

static void progress_clear(progress *p) {
  if (p->on) fputs("\r\033[K", stderr);
}

static void progress_show(progress *p, size_t done, size_t total, int force) {
  if (!p->on) return;
  double t = now_seconds();
  if (!force && t - p->last < 0.2) return;
  p->last = t;
  double el = t - p->start, mbs = el > 0 ? (double)p->bytes / 1e6 / el : 0;
  char left[32] = "--:--";
  if (done > 0 && done < total && el > 0.5) {
    double rest = p->total_bytes > p->bytes && p->bytes > 0 ? el * (double)(p->total_bytes - p->bytes) / (double)p->bytes
                                                            : el * (double)(total - done) / (double)done;
    snprintf(left, sizeof left, "%d:%02d", (int)rest / 60, (int)rest % 60);
  }
  fprintf(stderr, "\r\033[Kreportx: %zu/%zu files, %.1f MB/s, %zu error%s, %s left", done, total, mbs, p->errors,
          p->errors == 1 ? "" : "s", done < total ? left : "0:00");
}

static int worse(int a, int b) { return b > a ? b : a; }

static int write_out(const char *s, size_t n) { return n && fwrite(s, 1, n, stdout) != n ? -1 : 0; }

/* ---- one large report as JSON: streamed ---- */

/* From this size on, a lone input's JSON goes to standard output as it is produced
 * (reportx_doc_write_json) instead of being rendered whole first: indented, it is some four
 * times the input, which would otherwise sit in memory next to the document. */
#define STREAM_MIN ((size_t)1 << 20)

static int stdout_write(void *ctx, const char *buf, size_t len) {
  (void)ctx;
  return write_out(buf, len);
}

static int run_streamed(const cli_options *o, const cli_path *path) {
  cli_input in;
  sbuf out = {0};
  int status = EXIT_OK;
  cli_read_input(path, &o->parse, &in);
  if (in.doc) {
    unsigned flags = (o->compact || o->format == FMT_JSONL) ? REPORTX_JSON_COMPACT : 0;
    reportx_status st = reportx_doc_write_json(in.doc, in.path, flags, stdout_write, NULL);
    reportx_doc_free(in.doc);
    if (st == REPORTX_OK) {
      if (write_out("\n", 1)) status = EXIT_IO;
    } else if (st == REPORTX_ERR_IO) {
      status = EXIT_IO;
    } else {
      fprintf(stderr, "reportx: %s: out of memory\n", in.path);
      status = EXIT_INTERNAL;
    }
  } else {
    cli_render_error(o, &in, &out);
    fprintf(stderr, "reportx: %s\n", in.message);
    status = in.exit_code;
    if (write_out(out.s, out.len)) status = worse(status, EXIT_IO);
  }
  sb_free(&out);
  if (ferror(stdout)) status = worse(status, EXIT_IO);
  return status;
}

#define WRITE_RUN 4 /* outputs per worker the writer waits for at a time */

int cli_run_batch(const cli_options *o, const cli_paths *paths) {
  if (paths->n == 1 && paths->v[0].size >= STREAM_MIN && (o->format == FMT_JSON || o->format == FMT_JSONL))
    return run_streamed(o, &paths->v[0]);
  int jobs = o->jobs > 0 ? o->jobs : 1;
  if ((size_t)jobs > paths->n) jobs = paths->n ? (int)paths->n : 1;
  /* Up to `window` outputs wait to be written; the writer takes them half a window at a
   * time (WRITE_RUN per worker), while the workers go on with the other half. */
  batch b = {.o = o, .paths = paths, .window = 2 * WRITE_RUN * (size_t)jobs};
  b.slots = calloc(b.window, sizeof *b.slots);
  pthread_t *th = calloc((size_t)jobs, sizeof *th);
  if (!b.slots || !th) {
    free(b.slots);
    free(th);
    fputs("reportx: out of memory\n", stderr);
    return EXIT_INTERNAL;
  }
  pthread_mutex_init(&b.mu, NULL);
  pthread_cond_init(&b.done_cv, NULL);
  pthread_cond_init(&b.space_cv, NULL);

  progress pg = {.on = !o->quiet && paths->n > 1 && isatty(STDERR_FILENO), .start = now_seconds()};
  for (size_t i = 0; i < paths->n; i++) pg.total_bytes += paths->v[i].size;

  int status = EXIT_OK, started = 0;
  for (int k = 0; k < jobs; k++)
    if (pthread_create(&th[k], NULL, worker, &b) == 0) started++;
  if (!started) {
    fputs("reportx: cannot start a worker thread\n", stderr);
    status = EXIT_INTERNAL;
    b.stop = 1;
  }

  sbuf header = {0};
  cli_render_header(o, &header);
  if (!b.stop && write_out(header.s, header.len)) b.stop = 1, status = EXIT_IO;
  sb_free(&header);

  for (size_t i = 0; !b.stop && i < paths->n; i++) {
    pthread_mutex_lock(&b.mu);
    slot *s = &b.slots[i % b.window];
    if (!s->done) {
      b.want = i + b.window / 2 - 1;
      if (b.want >= paths->n) b.want = paths->n - 1;
      b.writer_waiting = 1;
    }
    while (!s->done || (b.writer_waiting && !batch_ready(&b))) {
      if (pg.on) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        ts.tv_nsec += 200000000L;
        if (ts.tv_nsec >= 1000000000L) ts.tv_sec++, ts.tv_nsec -= 1000000000L;
        pthread_cond_timedwait(&b.done_cv, &b.mu, &ts);
        pthread_mutex_unlock(&b.mu);
        progress_show(&pg, i, paths->n, 0);
        pthread_mutex_lock(&b.mu);
      } else {
        pthread_cond_wait(&b.done_cv, &b.mu);
      }
    }
    b.writer_waiting = 0;
    /* the slot's output and message are taken over, not copied: a slot holds 12 KB of message */
    sbuf out = s->out;
    int is_error = s->is_error, exit_code = s->exit_code;
    size_t bytes = s->bytes;
    char message[sizeof s->message];
    if (is_error) memcpy(message, s->message, strlen(s->message) + 1);
    s->out = (sbuf){0};
    s->done = 0;
    b.next_write++;
    pthread_cond_broadcast(&b.space_cv);
    pthread_mutex_unlock(&b.mu);

    pg.bytes += bytes;
    if (is_error) {
      pg.errors++;
      progress_clear(&pg);
      fprintf(stderr, "reportx: %s\n", message);
      status = worse(status, exit_code);
    }
    if (write_out(out.s, out.len)) status = worse(status, EXIT_IO);
    sb_free(&out);
    if (exit_code == EXIT_USAGE || status == EXIT_IO || ferror(stdout)) {
      pthread_mutex_lock(&b.mu);
      b.stop = 1;
      pthread_cond_broadcast(&b.space_cv);
      pthread_mutex_unlock(&b.mu);
    }
    progress_show(&pg, i + 1, paths->n, 0);
  }
  for (int k = 0; k < started; k++) pthread_join(th[k], NULL);
  progress_clear(&pg);
  for (size_t k = 0; k < b.window; k++) sb_free(&b.slots[k].out);
  pthread_mutex_destroy(&b.mu);
  pthread_cond_destroy(&b.done_cv);
  pthread_cond_destroy(&b.space_cv);
  free(b.slots);
  free(th);
  if (ferror(stdout)) status = worse(status, EXIT_IO);
  return status;
}
