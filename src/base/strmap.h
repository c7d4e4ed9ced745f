/* A map from strings to pointers: open addressing, FNV-1a hashing. Keys
 * are borrowed (they must outlive the map); the first value put for a
 * key stays. Allocation failure aborts (xmalloc). */
#ifndef GAL_STRMAP_H
#define GAL_STRMAP_H

#include <stddef.h>

typedef struct gal_strmap_ent {
	const char *key;    /* NULL: a free slot */
	const void *val;
	int tag;            /* the user's mark for this key (0 when put) */
} gal_strmap_ent;

typedef struct gal_strmap {
	gal_strmap_ent *v;
	size_t cap, n;
} gal_strmap;

#define GAL_STRMAP_INIT { NULL, 0, 0 }

/* The entry of key, or NULL (for a NULL key too). Valid until the next
 * put. */
gal_strmap_ent *gal_strmap_find(const gal_strmap *m, const char *key);
/* Put key -> val; 1 when added, 0 when the key was there already (its
 * value is kept). */
int gal_strmap_put(gal_strmap *m, const char *key, const void *val);
/* Release the table (not the keys). The map is empty afterwards. */
void gal_strmap_free(gal_strmap *m);

#endif
