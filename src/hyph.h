/* Hyphenation with libhyphen: one dictionary per language, loaded once and
 * shared read-only. */
#ifndef GAL_HYPH_H
#define GAL_HYPH_H

#include <stddef.h>

typedef struct gal_hyph gal_hyph;

/* Dictionary for a BCP 47 tag with fallbacks ("de-CH" -> hyph_de_CH ->
 * hyph_de_DE -> hyph_de); NULL when there is none. Cached; cannot fail
 * otherwise. */
const gal_hyph *gal_hyph_get(const char *lang);

/* Hyphenation points of one UTF-8 word of `len` bytes: breaks[i] = 1
 * when a hyphen may go before byte i (0 < i < len). `breaks` has len
 * bytes. Minimums: 2 characters before, 3 after. Words with digits get
 * none. Returns the number of points. */
int gal_hyph_word(const gal_hyph *h, const char *word, size_t len,
		  unsigned char *breaks);

/* Free every cached dictionary (end of process; for leak checkers). */
void gal_hyph_free_all(void);

#endif
