/* "Did you mean": the known name nearest to a word that was not
 * recognised (an option, a style, a style key, an element name). */
#ifndef GAL_SUGGEST_H
#define GAL_SUGGEST_H

#include <stddef.h>

/* Names are compared without regard to ASCII case, by edit distance
 * (insertions, deletions, substitutions and transpositions of adjacent
 * characters). A name is near when it is at most a third of its length
 * away (at least one edit; names of one or two characters only differ in
 * case), or when the part of the word after one of its
 * hyphens is ("font-colour" finds "color"), or when the word is the name
 * spelt on by one or two letters ("emph" finds "em"); the nearest wins,
 * the first given among equals. */
typedef struct gal_suggest {
	const char *word;
	const char *best;       /* borrowed from the candidates; NULL: none */
	int score;
} gal_suggest;

/* Start looking for names near `word` (borrowed). Cannot fail. */
void gal_suggest_init(gal_suggest *s, const char *word);
/* Consider one known name (borrowed until gal_suggest_best). */
void gal_suggest_add(gal_suggest *s, const char *name);
/* The nearest name considered, or NULL when none is near. */
const char *gal_suggest_best(const gal_suggest *s);

/* The name of `names` (n of them) nearest to `word`, or NULL. */
const char *gal_suggest_among(const char *word, const char *const *names,
			      size_t n);

/* Edit distance as above (optimal string alignment), ASCII case
 * ignored; -1 for a string longer than 64 bytes. */
int gal_edit_distance(const char *a, const char *b);

#endif
