/*
 * walk.c — the command-line arguments → the ordered list of inputs. Folders are walked
 * recursively with entries sorted by name, so the output order never depends on the file
 * system or on the number of workers.
 */
#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

typedef struct visited {
  dev_t dev;
  ino_t ino;
} visited;

typedef struct walker {
  const cli_options *o;
  cli_paths *out;
  visited *seen;  /* folders entered, to stop symbolic-link loops under -L */
  size_t nseen, capseen;
} walker;

static int push(cli_paths *p, const char *path, size_t size, int walked) {
  if (p->n == p->cap) {
    size_t cap = p->cap ? 2 * p->cap : 64;
    cli_path *v = realloc(p->v, cap * sizeof *v);
    if (!v) return -1;
    p->v = v;
    p->cap = cap;
  }
  char *copy = strdup(path);
  if (!copy) return -1;
  p->v[p->n].path = copy;
  p->v[p->n].size = size;
  p->v[p->n].walked = walked;
  p->n++;
  return 0;
}

static void note(const walker *w, const char *path, const char *why) {
  if (!w->o->quiet) fprintf(stderr, "reportx: %s: %s, skipped\n", path, why);
}

static int cmp_names(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static int walk_dir(walker *w, const char *dir, const struct stat *dst);

static int walk_entry(walker *w, const char *path, const char *name) {
  struct stat st;
  int r = w->o->follow_links ? stat(path, &st) : lstat(path, &st);
  if (r != 0) {
    /* vanished between readdir and stat, or a dangling link: the read reports it */
    if (errno == ENOENT && !w->o->follow_links) return push(w->out, path, 0, 1);
    note(w, path, strerror(errno));
    return 0;
  }
  if (S_ISDIR(st.st_mode)) return walk_dir(w, path, &st);
  if (fnmatch(w->o->glob, name, 0) != 0) return 0;
  if (S_ISLNK(st.st_mode)) {
    note(w, path, "symbolic link (use -L to follow)");
    return 0;
  }
  if (!S_ISREG(st.st_mode)) {
    note(w, path, "not a regular file");
    return 0;
  }
  return push(w->out, path, (size_t)st.st_size, 1);
}

static int walk_dir(walker *w, const char *dir, const struct stat *dst) {
  for (size_t i = 0; i < w->nseen; i++)
    if (w->seen[i].dev == dst->st_dev && w->seen[i].ino == dst->st_ino) {
      note(w, dir, "folder already walked (symbolic link loop)");
      return 0;
    }
  if (w->nseen == w->capseen) {
    size_t cap = w->capseen ? 2 * w->capseen : 16;
    visited *v = realloc(w->seen, cap * sizeof *v);
    if (!v) return -1;
    w->seen = v;
    w->capseen = cap;
  }
  w->seen[w->nseen].dev = dst->st_dev;
  w->seen[w->nseen].ino = dst->st_ino;
  w->nseen++;

  DIR *d = opendir(dir);
  if (!d) {
    note(w, dir, strerror(errno));
    return 0;
  }
  char **names = NULL;
  size_t n = 0, cap = 0;
  int rc = 0;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    if (e->d_name[0] == '.') continue; /* hidden entries, . and .. */
    if (n == cap) {
      cap = cap ? 2 * cap : 32;
      char **v = realloc(names, cap * sizeof *v);
      if (!v) {
        rc = -1;
        break;
      }
      names = v;
    }
    if (!(names[n] = strdup(e->d_name))) {
      rc = -1;
      break;
    }
    n++;
  }
  closedir(d);
  if (rc == 0 && n > 1) qsort(names, n, sizeof *names, cmp_names); /* names is NULL when n is 0 */
  size_t dl = strlen(dir);
  int slash = dl > 0 && dir[dl - 1] == '/';
  for (size_t i = 0; rc == 0 && i < n; i++) {
    size_t len = dl + 1 + strlen(names[i]) + 1;
    char *path = malloc(len);
    if (!path) {
      rc = -1;
      break;
    }
    snprintf(path, len, "%s%s%s", dir, slash ? "" : "/", names[i]);
    rc = walk_entry(w, path, names[i]);
    free(path);
  }
  for (size_t i = 0; i < n; i++) free(names[i]);
  free(names);
  return rc;
}

int cli_collect(char **args, int nargs, const cli_options *o, cli_paths *out, int *empty_folders) {
  walker w = {o, out, NULL, 0, 0};
  *empty_folders = 0;
  int rc = 0;
  for (int i = 0; rc == 0 && i < nargs; i++) {
    struct stat st;
    /* a folder named on the command line is walked; anything else is read as given, so
     * errors (missing file, FIFO, device) are reported by the read, in order */
    if (strcmp(args[i], "-") != 0 && stat(args[i], &st) == 0 && S_ISDIR(st.st_mode)) {
      w.nseen = 0;
      size_t before = out->n;
      rc = walk_dir(&w, args[i], &st);
      if (rc == 0 && out->n == before) {
        fprintf(stderr, "reportx: %s: no files matching '%s' in this folder\n", args[i], o->glob);
        (*empty_folders)++;
      }
    } else {
      rc = push(out, args[i], stat(args[i], &st) == 0 && S_ISREG(st.st_mode) ? (size_t)st.st_size : 0, 0);
    }
  }
  free(w.seen);
  return rc;
}

void cli_paths_free(cli_paths *p) {
  for (size_t i = 0; i < p->n; i++) free(p->v[i].path);
  free(p->v);
  memset(p, 0, sizeof *p);
}
