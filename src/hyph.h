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

/* Load the dictionaries of these languages now: on a background thread
 * when `background` (the first gal_hyph_get waits for it), else before
 * returning. A converter starts it as soon as it knows the text's
 * languages, so the load overlaps parsing and the EPUB; a batch parent
 * loads synchronously before it forks, so no worker loads anything.
 * Never fork while a background load runs. */
void gal_hyph_preload(const char *const *langs, size_t n, int background);

/* Hyphenation points of one UTF-8 word of `len` bytes: breaks[i] = 1
 * when a hyphen may go before byte i (0 < i < len). `breaks` has len
 * bytes. Minimums: 2 characters before, 3 after. Words with digits get
 * none. Returns the number of points. */
int gal_hyph_word(const gal_hyph *h, const char *word, size_t len,
		  unsigned char *breaks);

/* A libhyphen pattern file loaded into libhyphen's HyphenDict, as
 * hnj_hyphen_load would, but in time linear in its size (hyph_load.c says
 * why). Free with gal_hyph_dict_free, never hnj_hyphen_free. NULL when
 * the file cannot be read. */
struct _HyphenDict *gal_hyph_load(const char *path);
void gal_hyph_dict_free(struct _HyphenDict *d);

/* Free every cached dictionary (end of process; for leak checkers). */
void gal_hyph_free_all(void);

#endif
