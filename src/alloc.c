/*
 * alloc.c — the library's allocation hooks. Every allocation of reportx (and of cJSON,
 * whose hooks the emitter sets to these) goes through rx_malloc/rx_realloc/rx_free, so a
 * caller can plug in its own allocator, and tests can fail the n-th allocation.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static void *(*g_malloc)(size_t) = malloc;
static void *(*g_realloc)(void *, size_t) = realloc;
static void (*g_free)(void *) = free;

void reportx_set_allocator(void *(*malloc_fn)(size_t), void *(*realloc_fn)(void *, size_t),
                           void (*free_fn)(void *)) {
  g_malloc = malloc_fn ? malloc_fn : malloc;
  g_realloc = realloc_fn ? realloc_fn : realloc;
  g_free = free_fn ? free_fn : free;
}

void *rx_malloc(size_t n) { return g_malloc(n ? n : 1); }

void *rx_calloc(size_t count, size_t n) {
  if (n && count > SIZE_MAX / n) return NULL;
  void *p = rx_malloc(count * n);
  if (p) memset(p, 0, count * n);
  return p;
}

void *rx_realloc(void *p, size_t n) { return g_realloc(p, n ? n : 1); }

void rx_free(void *p) {
  if (p) g_free(p);
}

void reportx_free(void *ptr) { rx_free(ptr); }

int rx_grow(void **arr, size_t *cap, size_t need, size_t elem) {
  if (need <= *cap) return 0;
  size_t ncap = *cap ? *cap : 8;
  while (ncap < need) {
    if (ncap > SIZE_MAX / 2 / elem) return -1;
    ncap *= 2;
  }
  void *p = rx_realloc(*arr, ncap * elem);
  if (!p) return -1;
  *arr = p;
  *cap = ncap;
  return 0;
}
