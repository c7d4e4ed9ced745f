/* "Did you mean": edit distance over a list of names. */
#include <string.h>
#include <strings.h>

#include "base/suggest.h"

/* Longer strings are not names anyone mistypes: no suggestion. */
#define MAX_NAME 64

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static int min3(int a, int b, int c)
{
	int m = a < b ? a : b;
	return m < c ? m : c;
}

int gal_edit_distance(const char *a, const char *b)
{
	size_t n = strlen(a), m = strlen(b);
	if (n > MAX_NAME || m > MAX_NAME)
		return -1;
	/* three rows of the dynamic programme: two back for transpositions */
	int rows[3][MAX_NAME + 1];
	int *pp = rows[0], *p = rows[1], *c = rows[2];
	for (size_t j = 0; j <= m; j++)
		p[j] = (int)j;
	for (size_t i = 1; i <= n; i++) {
		c[0] = (int)i;
		for (size_t j = 1; j <= m; j++) {
			int same = lower(a[i - 1]) == lower(b[j - 1]);
			c[j] = min3(p[j] + 1, c[j - 1] + 1, p[j - 1] + !same);
			if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2]) &&
			    lower(a[i - 2]) == lower(b[j - 1]) && pp[j - 2] + 1 < c[j])
				c[j] = pp[j - 2] + 1;
		}
		int *t = pp;
		pp = p;
		p = c;
		c = t;
	}
	return p[m];
}

void gal_suggest_init(gal_suggest *s, const char *word)
{
	s->word = word;
	s->best = NULL;
	s->score = 0;
}

void gal_suggest_add(gal_suggest *s, const char *name)
{
	if (!s->word || !*s->word || !name || !*name)
		return;
	int len = (int)strlen(name);
	/* one slip in a name of three letters or more; a name of one or
	 * two letters only differs in case ("b" is not a mistyped "p") */
	int near = len < 3 ? 0 : len / 3 > 1 ? len / 3 : 1;
	int d = gal_edit_distance(s->word, name);
	int score = d >= 0 && d <= near ? d : -1;
	/* the word's last parts, after each hyphen: a prefix from another
	 * vocabulary ("font-colour", "text-align") costs one more than a
	 * plain slip, so a name near the whole word still wins */
	for (const char *h = strchr(s->word, '-'); h; h = strchr(h + 1, '-')) {
		int dp = gal_edit_distance(h + 1, name);
		if (dp >= 0 && dp <= near && (score < 0 || dp + 1 < score))
			score = dp + 1;
	}
	/* the name spelt out a little further, as another vocabulary does
	 * ("emph" for "em", "strongest"): the name whole, then at most two
	 * letters more, costing one more than those letters */
	size_t wl = strlen(s->word);
	if (score < 0 && len >= 2 && wl > (size_t)len && wl - (size_t)len <= 2 &&
	    strncasecmp(s->word, name, (size_t)len) == 0)
		score = (int)(wl - (size_t)len) + 1;
	if (score >= 0 && (!s->best || score < s->score)) {
		s->best = name;
		s->score = score;
	}
}

const char *gal_suggest_best(const gal_suggest *s)
{
	return s->best;
}

const char *gal_suggest_among(const char *word, const char *const *names,
			      size_t n)
{
	gal_suggest s;
	gal_suggest_init(&s, word);
	for (size_t i = 0; i < n; i++)
		gal_suggest_add(&s, names[i]);
	return gal_suggest_best(&s);
}
