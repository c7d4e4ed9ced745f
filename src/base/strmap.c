/* String map (strmap.h): one table of entries, linear probing, the
 * capacity a power of two kept at least twice the count. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/strmap.h"

static uint64_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

/* The slot of key, or the free slot where it would go. */
static gal_strmap_ent *slot(const gal_strmap *m, const char *key)
{
	size_t i = hash_str(key) & (m->cap - 1);
	while (m->v[i].key && strcmp(m->v[i].key, key) != 0)
		i = (i + 1) & (m->cap - 1);
	return &m->v[i];
}

gal_strmap_ent *gal_strmap_find(const gal_strmap *m, const char *key)
{
	if (!m->cap || !key)
		return NULL;
	gal_strmap_ent *e = slot(m, key);
	return e->key ? e : NULL;
}

static void grow(gal_strmap *m)
{
	gal_strmap old = *m;
	m->cap = old.cap ? old.cap * 2 : 64;
	m->v = xcalloc(m->cap, sizeof *m->v);
	for (size_t i = 0; i < old.cap; i++)
		if (old.v[i].key)
			*slot(m, old.v[i].key) = old.v[i];
	free(old.v);
}

int gal_strmap_put(gal_strmap *m, const char *key, const void *val)
{
	if ((m->n + 1) * 2 > m->cap)
		grow(m);
	gal_strmap_ent *e = slot(m, key);
	if (e->key)
		return 0;
	e->key = key;
	e->val = val;
	e->tag = 0;
	m->n++;
	return 1;
}

void gal_strmap_free(gal_strmap *m)
{
	free(m->v);
	m->v = NULL;
	m->cap = m->n = 0;
}
