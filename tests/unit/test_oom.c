/*
 * test_oom.c — out of memory. A counting allocator is installed with reportx_set_allocator()
 * before anything else; it can fail the n-th allocation (malloc or realloc). For every n
 * from 1 to the number of allocations that parsing fixtures/xxzhen-2023.txt and writing its
 * JSON and summary take, each run must
 *   - either succeed with exactly the output of a run without failures (no partial result),
 *   - or fail cleanly: REPORTX_ERR_NOMEM from the parser (no document), or NULL with
 *     REPORTX_ERR_NOMEM from reportx_doc_to_json / NULL from reportx_doc_summary;
 *   - and leave no allocation alive once everything returned has been freed.
 * Run once with only the n-th allocation failing, once with every allocation from the n-th
 * on failing (so that error paths which allocate are tried as well).
 *
 * The first test runs before any other call into the library, in child processes, so that
 * an allocation failing during one-time initialisation (compiled patterns, tables) is seen:
 * such a failure may fail that parse, but must not make later parses fail.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "reportx.h"

#define SAMPLE FIXTURES_DIR "/xxzhen-2023.txt"

/* ------------------------------------------------------------ the allocator */

static long g_calls;        /* allocation calls (malloc, and realloc) so far */
static long g_live;         /* blocks alive */
static long g_fail_at;      /* the call number that fails; 0 = none */
static int g_fail_after;    /* every call from g_fail_at on fails */
static long g_failed;       /* calls failed */

/* Every block carries a header: the run and the call that allocated it, and a place in the
 * list of live blocks, so that a leak can be traced to its allocation. */
typedef struct hdr {
  struct hdr *prev, *next;
  long run, call;
} hdr;
#define HDR_SIZE ((sizeof(hdr) + 15) & ~(size_t)15)
static hdr g_head = {&g_head, &g_head, 0, 0};
static long g_run; /* incremented by arm() */

static int should_fail(void) {
  g_calls++;
  if (g_fail_at && (g_calls == g_fail_at || (g_fail_after && g_calls > g_fail_at))) {
    g_failed++;
    return 1;
  }
  return 0;
}

static void *new_block(size_t n) {
  hdr *h = malloc(HDR_SIZE + n);
  if (!h) return NULL;
  h->run = g_run;
  h->call = g_calls;
  h->next = &g_head;
  h->prev = g_head.prev;
  g_head.prev->next = h;
  g_head.prev = h;
  g_live++;
  return (char *)h + HDR_SIZE;
}

static void *t_malloc(size_t n) { return should_fail() ? NULL : new_block(n); }

static void *t_realloc(void *p, size_t n) {
  if (should_fail()) return NULL;
  if (!p) return new_block(n);
  hdr *h = (hdr *)((char *)p - HDR_SIZE);
  hdr *prev = h->prev, *next = h->next;
  hdr *q = realloc(h, HDR_SIZE + n);
  if (!q) return NULL;
  prev->next = q; /* the block may have moved */
  next->prev = q;
  return (char *)q + HDR_SIZE;
}

static void t_free(void *p) {
  if (!p) return;
  hdr *h = (hdr *)((char *)p - HDR_SIZE);
  h->prev->next = h->next;
  h->next->prev = h->prev;
  g_live--;
  free(h);
}

/* The allocating call of the first block of run `run` still alive, or 0. */
static long live_from_run(long run) {
  for (hdr *h = g_head.next; h != &g_head; h = h->next)
    if (h->run == run) return h->call;
  return 0;
}

/* The largest allocating call number of the blocks still alive from run `run`. */
static long last_live_call(long run) {
  long m = 0;
  for (hdr *h = g_head.next; h != &g_head; h = h->next)
    if (h->run == run && h->call > m) m = h->call;
  return m;
}

static void arm(long at, int after) {
  g_run++;
  g_calls = 0;
  g_failed = 0;
  g_fail_at = at;
  g_fail_after = after;
}

/* ------------------------------------------------------------ one run */

static unsigned char *g_input;
static size_t g_input_len;
static char *g_want_json, *g_want_summary; /* from a run without failures (plain malloc) */

static void load_input(void) {
  if (g_input) return;
  FILE *f = fopen(SAMPLE, "rb");
  assert_non_null(f);
  g_input = malloc(1 << 20);
  assert_non_null(g_input);
  g_input_len = fread(g_input, 1, 1 << 20, f);
  fclose(f);
  assert_true(g_input_len > 1000);
}

static char *dup_str(const char *s) {
  size_t n = strlen(s) + 1;
  char *p = malloc(n);
  assert_non_null(p);
  memcpy(p, s, n);
  return p;
}

typedef struct outcome {
  reportx_status parse;  /* of reportx_parser_new/feed/finish (NOMEM when new gives NULL) */
  int json_ok, summary_ok;
  char msg[300];         /* what went wrong, "" when the run was clean */
} outcome;

#define CHUNK 4096

/* Parses the sample in chunks, writes JSON and summary, frees everything, checks. */
static void run_once(outcome *o) {
  memset(o, 0, sizeof *o);
  reportx_parser *p = reportx_parser_new(NULL);
  reportx_doc *doc = NULL;
  if (!p) {
    o->parse = REPORTX_ERR_NOMEM;
  } else {
    reportx_status st = REPORTX_OK;
    for (size_t i = 0; i < g_input_len && !st; i += CHUNK)
      st = reportx_parser_feed(p, g_input + i, g_input_len - i < CHUNK ? g_input_len - i : CHUNK);
    if (!st) st = reportx_parser_finish(p, &doc);
    o->parse = st;
    if (st) {
      const reportx_error *e = reportx_parser_error(p);
      if (st != REPORTX_ERR_NOMEM)
        snprintf(o->msg, sizeof o->msg, "parse failed with %s (%s), not out of memory",
                 reportx_status_string(st), e->message);
      else if (e->status != st)
        snprintf(o->msg, sizeof o->msg, "parser error status %d differs from the returned %d", e->status, st);
      if (doc) snprintf(o->msg, sizeof o->msg, "a document was returned with an error");
      doc = NULL;
    }
    reportx_parser_free(p);
  }
  if (doc) {
    reportx_status js = REPORTX_OK;
    char *json = reportx_doc_to_json(doc, "x.txt", 0, &js);
    if (json) {
      o->json_ok = 1;
      if (js != REPORTX_OK) snprintf(o->msg, sizeof o->msg, "JSON returned with status %d", js);
      else if (g_want_json && strcmp(json, g_want_json) != 0)
        snprintf(o->msg, sizeof o->msg, "JSON differs from the run without failures (%zu vs %zu bytes)",
                 strlen(json), strlen(g_want_json));
    } else if (js != REPORTX_ERR_NOMEM) {
      snprintf(o->msg, sizeof o->msg, "NULL JSON with status %d, not out of memory", js);
    }
    char *sum = reportx_doc_summary(doc, "x.txt", 0);
    if (sum) {
      o->summary_ok = 1;
      if (g_want_summary && strcmp(sum, g_want_summary) != 0 && !o->msg[0])
        snprintf(o->msg, sizeof o->msg, "summary differs from the run without failures");
    }
    if (!g_want_json && json && sum) { /* the reference run */
      g_want_json = dup_str(json);
      g_want_summary = dup_str(sum);
    }
    reportx_free(json);
    reportx_free(sum);
    reportx_doc_free(doc);
  }
}

/* ------------------------------------------------------------ tests */

/* Runs fn(k) in a child process; it writes one line back. Returns the wait status. */
static int in_child(void (*fn)(long, int), long k, char *line, size_t cap) {
  int fd[2];
  assert_int_equal(pipe(fd), 0);
  fflush(NULL);
  pid_t pid = fork();
  assert_true(pid >= 0);
  if (pid == 0) {
    close(fd[0]);
    fn(k, fd[1]);
    _exit(0);
  }
  close(fd[1]);
  size_t n = 0;
  ssize_t r;
  while (n < cap - 1 && (r = read(fd[0], line + n, cap - 1 - n)) > 0) n += (size_t)r;
  line[n] = '\0';
  close(fd[0]);
  int wst = 0;
  waitpid(pid, &wst, 0);
  return wst;
}

static void say(int fd, const char *fmt, ...) {
  char buf[800];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  if (n > 0 && write(fd, buf, (size_t)n) < 0) _exit(3);
}

/* Child: a first run without failures; writes the last allocation call that one-time state
 * (kept alive after everything was freed) came from. */
static void probe_once(long k, int fd) {
  (void)k;
  outcome a;
  arm(0, 0);
  run_once(&a);
  say(fd, "%ld %ld", last_live_call(g_run), g_calls);
}

/* Child: the first run of the process with its k-th allocation failing, then a clean run. */
static void first_run_fails_at(long k, int fd) {
  outcome a, b;
  arm(k, 0);
  run_once(&a);
  long failed = g_failed;
  reportx_status first = a.parse;
  arm(0, 0);
  run_once(&b);
  say(fd, "%ld|%s|%s|%s|%s", failed, reportx_status_string(first), a.msg,
      b.parse == REPORTX_OK ? "ok" : reportx_status_string(b.parse), b.msg);
}

/* A failure during the library's first use may fail that call, but not the next ones. The
 * allocations of one-time state (compiled patterns, tables) are found by a first child;
 * then for each k up to past the last of them, a child makes its first parse with the k-th
 * allocation failing, then parses again without failures: that must succeed. */
static void test_first_use_failure_is_not_sticky(void **state) {
  (void)state;
  load_input();
  char line[1000];
  int wst = in_child(probe_once, 0, line, sizeof line);
  assert_true(WIFEXITED(wst) && WEXITSTATUS(wst) == 0);
  long last = 0, calls = 0;
  assert_int_equal(sscanf(line, "%ld %ld", &last, &calls), 2);
  long upto = last + 50 < calls ? last + 50 : calls;
  int bad = 0;
  char first_bad[1200] = "";
  for (long k = 1; k <= upto; k++) {
    wst = in_child(first_run_fails_at, k, line, sizeof line);
    int ok = WIFEXITED(wst) && WEXITSTATUS(wst) == 0;
    /* fields: failed | first status | first run's problem | second status | its problem */
    char *f[5] = {line, NULL, NULL, NULL, NULL};
    for (int i = 1; i < 5 && f[i - 1]; i++) {
      char *bar = strchr(f[i - 1], '|');
      if (bar) *bar = '\0', f[i] = bar + 1;
    }
    if (ok && f[4] && f[2][0] == '\0' && strcmp(f[3], "ok") == 0 && f[4][0] == '\0') continue;
    if (!bad++) {
      if (!ok || !f[4])
        snprintf(first_bad, sizeof first_bad, "allocation %ld: the child crashed (wait status 0x%x)", k, wst);
      else
        snprintf(first_bad, sizeof first_bad,
                 "allocation %ld failing in the first parse gave \"%s\"%s%s; the next parse gave \"%s\"%s%s", k,
                 f[1], f[2][0] ? ": " : "", f[2], f[3], f[4][0] ? ": " : "", f[4]);
    }
  }
  print_message("first use: one-time state allocated up to call %ld of %ld; %ld tried, %d bad\n", last, calls,
                upto, bad);
  if (bad) fail_msg("%d bad; the first: %s", bad, first_bad);
}

static long g_total; /* allocation calls of a whole run */

static void test_counting_run(void **state) {
  (void)state;
  load_input();
  outcome o;
  arm(0, 0);
  long live0 = g_live;
  run_once(&o); /* warms up one-time initialisation, sets the reference output */
  assert_int_equal(o.parse, REPORTX_OK);
  assert_non_null(g_want_json);
  assert_non_null(g_want_summary);
  long live_static = g_live - live0; /* one-time state kept for the process (compiled patterns) */
  arm(0, 0);
  long live1 = g_live;
  run_once(&o);
  assert_string_equal(o.msg, "");
  g_total = g_calls;
  print_message("a whole run: %ld allocation calls; %ld blocks of one-time state\n", g_total, live_static);
  assert_int_equal(g_live, live1);
  assert_true(g_total > 10);
}

static void fail_each(int after) {
  assert_true(g_total > 0);
  long bad = 0, nomem = 0, leaks = 0;
  char first[400] = "";
  for (long n = 1; n <= g_total + 1; n++) {
    long live = g_live;
    outcome o;
    arm(n, after);
    run_once(&o);
    arm(0, 0);
    if (o.parse == REPORTX_ERR_NOMEM || (o.parse == REPORTX_OK && (!o.json_ok || !o.summary_ok))) nomem++;
    long leaked = g_live - live, leak_call = live_from_run(g_run - 1);
    if (leaked) leaks++;
    if (o.msg[0] || leaked) {
      if (!bad++)
        snprintf(first, sizeof first, "allocation %ld%s failing: %s%s%ld block(s) leaked (the first from call %ld)",
                 n, after ? " and on" : "", o.msg, o.msg[0] ? "; " : "", leaked, leak_call);
      g_live = live; /* count each leak once */
    }
  }
  print_message("%s: %ld runs, %ld reported out of memory, %ld bad (%ld leaking)\n",
                after ? "every allocation from the n-th on fails" : "the n-th allocation fails", g_total + 1,
                nomem, bad, leaks);
  if (bad) fail_msg("%ld bad runs; the first: %s", bad, first);
  assert_true(nomem >= g_total / 2); /* the failures were seen, not silently absorbed */
}

static void test_fail_nth_allocation(void **state) {
  (void)state;
  fail_each(0);
}

static void test_fail_from_nth_allocation_on(void **state) {
  (void)state;
  fail_each(1);
}

/* The smaller entry points under the same conditions. */
static void test_small_calls(void **state) {
  (void)state;
  for (long n = 1; n < 200; n++) {
    long live = g_live;
    arm(n, 1);
    char *e = reportx_error_json("a\"b.txt", "decode", "invalid UTF-8 byte 0xff at byte 3", 3);
    reportx_free(e);
    reportx_doc *doc = NULL;
    reportx_error err;
    reportx_status st = reportx_parse("一、总体\n全镇种植小麦300亩。\n", strlen("一、总体\n全镇种植小麦300亩。\n"),
                                      NULL, &doc, &err);
    if (st != REPORTX_OK) {
      assert_int_equal(st, REPORTX_ERR_NOMEM);
      assert_int_equal(err.status, REPORTX_ERR_NOMEM);
      assert_null(doc);
    }
    reportx_doc_free(doc);
    arm(0, 0);
    assert_int_equal(g_live, live);
  }
}

int main(void) {
  /* before anything else, as the API requires */
  reportx_set_allocator(t_malloc, t_realloc, t_free);
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_first_use_failure_is_not_sticky),
      cmocka_unit_test(test_counting_run),
      cmocka_unit_test(test_fail_nth_allocation),
      cmocka_unit_test(test_fail_from_nth_allocation_on),
      cmocka_unit_test(test_small_calls),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
