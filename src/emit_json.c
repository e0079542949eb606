/*
 * emit_json.c — a document → JSON text (SPEC §4), built with cJSON. Keys are added in a
 * fixed order; numbers are added raw from their exact decimal strings, so 48.152 stays
 * 48.152 and 1556000 never passes through a double.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "internal.h"
#include "stats.h"

static pthread_once_t hooks_once = PTHREAD_ONCE_INIT;

static void *hook_malloc(size_t n) { return rx_malloc(n); }
static void hook_free(void *p) { rx_free(p); }
static void init_hooks(void) {
  cJSON_Hooks h = {hook_malloc, hook_free};
  cJSON_InitHooks(&h);
}

void rx_json_init_hooks(void) { pthread_once(&hooks_once, init_hooks); }

/* Builders that remember the first failure, so the code below reads straight. */
typedef struct jb {
  int failed;
} jb;

static cJSON *jb_check(jb *b, cJSON *item) {
  if (!item) b->failed = 1;
  return item;
}

static void add_str(jb *b, cJSON *obj, const char *key, const char *s) {
  if (!(s ? cJSON_AddStringToObject(obj, key, s) : cJSON_AddNullToObject(obj, key))) b->failed = 1;
}

static void add_raw(jb *b, cJSON *obj, const char *key, const char *num) {
  if (!(num ? cJSON_AddRawToObject(obj, key, num) : cJSON_AddNullToObject(obj, key))) b->failed = 1;
}

static void add_size(jb *b, cJSON *obj, const char *key, size_t v) {
  char buf[32];
  snprintf(buf, sizeof buf, "%zu", v);
  add_raw(b, obj, key, buf);
}

static void add_int(jb *b, cJSON *obj, const char *key, long v) {
  char buf[32];
  snprintf(buf, sizeof buf, "%ld", v);
  add_raw(b, obj, key, buf);
}

static cJSON *span_array(jb *b, size_t start, size_t end) {
  cJSON *a = jb_check(b, cJSON_CreateArray());
  if (!a) return NULL;
  char buf[32];
  snprintf(buf, sizeof buf, "%zu", start);
  if (!cJSON_AddItemToArray(a, jb_check(b, cJSON_CreateRaw(buf)))) b->failed = 1;
  snprintf(buf, sizeof buf, "%zu", end);
  if (!cJSON_AddItemToArray(a, jb_check(b, cJSON_CreateRaw(buf)))) b->failed = 1;
  return a;
}

static void add_item(jb *b, cJSON *obj, const char *key, cJSON *item) {
  if (!item || !cJSON_AddItemToObject(obj, key, item)) {
    cJSON_Delete(item);
    b->failed = 1;
  }
}

static void append(jb *b, cJSON *arr, cJSON *item) {
  if (!item || !cJSON_AddItemToArray(arr, item)) {
    cJSON_Delete(item);
    b->failed = 1;
  }
}

/* Sections are stored in document order with parent indexes; the JSON nests them.
 * Children of section i are the following sections whose parent is i. */
static cJSON *section_tree(jb *b, const reportx_doc *doc, int parent, size_t *i) {
  cJSON *arr = jb_check(b, cJSON_CreateArray());
  if (!arr) return NULL;
  while (*i < doc->nsections && doc->sections[*i].parent == parent) {
    const reportx_section *s = &doc->sections[*i];
    int self = (int)*i;
    (*i)++;
    cJSON *o = jb_check(b, cJSON_CreateObject());
    if (!o) break;
    add_str(b, o, "id", s->id);
    add_int(b, o, "level", s->level);
    add_str(b, o, "marker", s->marker);
    add_int(b, o, "ordinal", s->ordinal);
    add_str(b, o, "title", s->title);
    add_item(b, o, "span", span_array(b, s->start, s->end));
    add_item(b, o, "sections", section_tree(b, doc, self, i));
    append(b, arr, o);
  }
  return arr;
}

static cJSON *quantity_json(jb *b, const reportx_doc *doc, const reportx_quantity *q) {
  cJSON *o = jb_check(b, cJSON_CreateObject());
  if (!o) return NULL;
  add_str(b, o, "text", q->text);
  add_raw(b, o, "value", q->value);
  if (q->value_max) add_raw(b, o, "value_max", q->value_max);
  add_str(b, o, "unit", q->unit);
  add_str(b, o, "class", q->cls);
  if (q->norm_value && q->norm_unit) {
    cJSON *n = jb_check(b, cJSON_CreateObject());
    if (n) {
      add_raw(b, n, "value", q->norm_value);
      if (q->norm_value_max) add_raw(b, n, "value_max", q->norm_value_max);
      add_str(b, n, "unit", q->norm_unit);
    }
    add_item(b, o, "normalized", n);
  } else {
    add_item(b, o, "normalized", jb_check(b, cJSON_CreateNull()));
  }
  add_str(b, o, "qualifier", reportx_qualifier_name(q->qualifier));
  add_str(b, o, "label", q->label);
  add_str(b, o, "section", q->section >= 0 ? doc->sections[q->section].id : NULL);
  add_item(b, o, "span", span_array(b, q->start, q->end));
  return o;
}

/* cJSON indents with tabs and writes "key":<tab>value. Users compare with jq, which indents
 * by two spaces: rewrite the layout. Strings never hold a raw tab (cJSON escapes it as \t),
 * so every tab in the output is layout. Takes ownership of `s`; NULL when out of memory. */
static char *reindent(char *s) {
  size_t tabs = 0, n = 0;
  for (; s[n]; n++) tabs += s[n] == '\t';
  char *out = rx_malloc(n + tabs + 1);
  if (out) {
    char *o = out;
    for (size_t i = 0; i < n; i++) {
      if (s[i] != '\t') *o++ = s[i];
      else if (i > 0 && s[i - 1] == ':') *o++ = ' ';
      else { *o++ = ' '; *o++ = ' '; }
    }
    *o = '\0';
  }
  rx_free(s);
  return out;
}

char *reportx_doc_to_json(const reportx_doc *doc, const char *path, unsigned flags,
                          reportx_status *status) {
  rx_json_init_hooks();
  jb b = {0};
  char *out = NULL;
  cJSON *root = jb_check(&b, cJSON_CreateObject());
  if (!root) goto done;

  cJSON *src = jb_check(&b, cJSON_CreateObject());
  if (src) {
    add_str(&b, src, "path", path ? path : "-");
    add_str(&b, src, "encoding", doc->text.encoding);
    add_size(&b, src, "bytes", doc->text.src_bytes);
    add_size(&b, src, "chars", doc->text.nchars);
  }
  add_item(&b, root, "source", src);
  add_str(&b, root, "title", doc->title);

  cJSON *meta = jb_check(&b, cJSON_CreateObject());
  if (meta) {
    add_str(&b, meta, "place", doc->place);
    if (doc->year) add_int(&b, meta, "year", doc->year);
    else add_item(&b, meta, "year", jb_check(&b, cJSON_CreateNull()));
    add_str(&b, meta, "kind", doc->kind);
  }
  add_item(&b, root, "meta", meta);

  size_t i = 0;
  add_item(&b, root, "sections", section_tree(&b, doc, -1, &i));

  cJSON *qs = jb_check(&b, cJSON_CreateArray());
  for (size_t k = 0; qs && k < doc->nquantities; k++) append(&b, qs, quantity_json(&b, doc, &doc->quantities[k]));
  add_item(&b, root, "quantities", qs);

  add_item(&b, root, "stats", rx_stats_json(doc, &b.failed));

  cJSON *ws = jb_check(&b, cJSON_CreateArray());
  for (size_t k = 0; ws && k < doc->nwarnings; k++) {
    const reportx_warning *w = &doc->warnings[k];
    cJSON *o = jb_check(&b, cJSON_CreateObject());
    if (o) {
      add_str(&b, o, "code", w->code);
      add_str(&b, o, "message", w->message);
      add_item(&b, o, "span", span_array(&b, w->start, w->end));
    }
    append(&b, ws, o);
  }
  add_item(&b, root, "warnings", ws);

  if (!b.failed) {
    out = (flags & REPORTX_JSON_COMPACT) ? cJSON_PrintUnformatted(root) : cJSON_Print(root);
    if (out && !(flags & REPORTX_JSON_COMPACT)) out = reindent(out);
  }
done:
  cJSON_Delete(root);
  if (!out && status) *status = REPORTX_ERR_NOMEM;
  else if (status) *status = REPORTX_OK;
  return out;
}

char *reportx_error_json(const char *path, const char *code, const char *message, long long offset) {
  rx_json_init_hooks();
  jb b = {0};
  char *out = NULL;
  cJSON *root = jb_check(&b, cJSON_CreateObject());
  if (!root) return NULL;
  cJSON *src = jb_check(&b, cJSON_CreateObject());
  if (src) add_str(&b, src, "path", path ? path : "-");
  add_item(&b, root, "source", src);
  cJSON *err = jb_check(&b, cJSON_CreateObject());
  if (err) {
    add_str(&b, err, "code", code ? code : "internal");
    add_str(&b, err, "message", message ? message : "");
    if (offset >= 0) add_int(&b, err, "offset", (long)offset);
    else add_item(&b, err, "offset", jb_check(&b, cJSON_CreateNull()));
  }
  add_item(&b, root, "error", err);
  if (!b.failed) out = cJSON_PrintUnformatted(root);
  cJSON_Delete(root);
  return out;
}
