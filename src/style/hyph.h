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

/* The compiled form of a dictionary (hyph_load.c): gal_hyph_save writes
 * it to `path`, stamped with the size and time of the pattern file
 * `src` describes (0, or -1 when it cannot be written);
 * gal_hyph_load_cached reads it back, or gives NULL when the file is
 * missing, stale (src no longer matches) or does not hold together. */
struct stat;
int gal_hyph_save(const struct _HyphenDict *d, const struct stat *src, const char *path);
struct _HyphenDict *gal_hyph_load_cached(const char *path, const struct stat *src);

/* Compile every pattern file installed into `dir` (which must exist),
 * for open_dict to find as `dir`/NAME.dic.galhyph when `dir` is the data
 * directory's hyph/. `make` runs it through galley --hyphenation-cache. */
struct gal_err;
int gal_hyph_build_cache(const char *dir, struct gal_err *err);

/* Free every cached dictionary (end of process; for leak checkers). */
void gal_hyph_free_all(void);

#endif
