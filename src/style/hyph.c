/* Hyphenation with libhyphen. Dictionaries are found by language with
 * fallbacks, loaded once per process and shared read-only. Some Debian
 * dictionaries are not UTF-8 (LIBNOTES.md): words are converted to the
 * dictionary's encoding with iconv, and the points mapped back to UTF-8
 * byte offsets. */
#include <ctype.h>
#include <iconv.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <glib.h>
#include <hyphen.h>

#include "base/buf.h"
#include "galley.h"
#include "style/hyph.h"

#define HYPH_DIR "/usr/share/hyphen"
#define LEFT_MIN 2
#define RIGHT_MIN 3
#define MAX_WORD 256          /* characters; longer "words" are not hyphenated */

struct gal_hyph {
	HyphenDict *dict;
	int utf8;             /* dictionary is UTF-8 */
	char enc[32];         /* its encoding otherwise */
	GHashTable *memo;     /* word -> memo_entry: the points found before */
};

/* Words repeat, within an article and across a batch of them: their
 * points are kept, up to MEMO_MAX words per dictionary (then the memo
 * starts again, so a worker's memory stays flat). */
#define MEMO_MAX 16384

typedef struct memo_entry {
	int count;
	unsigned char breaks[]; /* as gal_hyph_word fills them */
} memo_entry;

typedef struct cached {
	char lang[32];
	gal_hyph *h;          /* NULL: looked up, none found */
} cached;

static cached cache[32];
static size_t n_cache;

/* A background load (gal_hyph_preload): the thread owns the cache until
 * it is joined, which every other entry point does first. */
static pthread_t loader;
static int loader_running;
static char preload_langs[8][32];
static size_t n_preload;

static void join_loader(void)
{
	if (loader_running) {
		pthread_join(loader, NULL);
		loader_running = 0;
	}
}

/* Where the compiled form of the pattern file at `real` (symbolic links
 * resolved, so de_AT and de_DE share one) is kept under `dir`. */
static int cache_name(char *out, size_t n, const char *dir, const char *real)
{
	const char *base = strrchr(real, '/');
	int len = snprintf(out, n, "%s/%s.galhyph", dir, base ? base + 1 : real);
	return len > 0 && (size_t)len < n ? 0 : -1;
}

static gal_hyph *open_dict(const char *file)
{
	char path[512], real[PATH_MAX], compiled[2 * PATH_MAX];
	snprintf(path, sizeof path, "%s/%s", HYPH_DIR, file);
	struct stat st;
	if (stat(path, &st) != 0)
		return NULL;
	/* the compiled form when `make` left one that still matches, else
	 * the patterns themselves */
	HyphenDict *d = NULL;
	if (realpath(path, real)) {
		char dir[PATH_MAX];
		snprintf(dir, sizeof dir, "%s/hyph", gal_data_dir());
		if (cache_name(compiled, sizeof compiled, dir, real) == 0)
			d = gal_hyph_load_cached(compiled, &st);
	}
	if (!d)
		d = gal_hyph_load(path);
	if (!d)
		return NULL;
	gal_hyph *h = xcalloc(1, sizeof *h);
	h->dict = d;
	h->memo = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	h->utf8 = d->utf8;
	snprintf(h->enc, sizeof h->enc, "%s", d->cset[0] ? d->cset : "ISO8859-1");
	return h;
}

/* "de-CH" -> hyph_de_CH, then other hyph_de_* files, then hyph_de. */
static gal_hyph *find(const char *lang)
{
	char ll[8] = "", cc[8] = "";
	size_t i = 0;
	for (; lang[i] && lang[i] != '-' && lang[i] != '_' && i < 7; i++)
		ll[i] = (char)tolower((unsigned char)lang[i]);
	ll[i] = '\0';
	if (lang[i] == '-' || lang[i] == '_') {
		size_t j = 0;
		for (i++; lang[i] && lang[i] != '-' && j < 7; i++, j++)
			cc[j] = (char)toupper((unsigned char)lang[i]);
		cc[j] = '\0';
	}
	if (!ll[0])
		return NULL;
	char file[64];
	gal_hyph *h = NULL;
	if (cc[0]) {
		snprintf(file, sizeof file, "hyph_%s_%s.dic", ll, cc);
		h = open_dict(file);
	}
	/* the language's main country first, then any other */
	static const char *const mains[][2] = {
		{ "en", "US" }, { "de", "DE" }, { "fr", "FR" }, { "es", "ES" },
		{ "pt", "BR" }, { "it", "IT" }, { "nl", "NL" }, { "ru", "RU" },
	};
	for (size_t k = 0; !h && k < sizeof mains / sizeof *mains; k++)
		if (strcmp(ll, mains[k][0]) == 0) {
			snprintf(file, sizeof file, "hyph_%s_%s.dic", ll, mains[k][1]);
			h = open_dict(file);
		}
	if (!h) {
		snprintf(file, sizeof file, "hyph_%s.dic", ll);
		h = open_dict(file);
	}
	if (!h) {
		GDir *dir = g_dir_open(HYPH_DIR, 0, NULL);
		const char *name;
		char prefix[32];
		snprintf(prefix, sizeof prefix, "hyph_%s_", ll);
		GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
		while (dir && (name = g_dir_read_name(dir)))
			if (g_str_has_prefix(name, prefix) && g_str_has_suffix(name, ".dic"))
				g_ptr_array_add(names, g_strdup(name));
		/* sorted, so the choice does not depend on directory order */
		g_ptr_array_sort(names, (GCompareFunc)(void *)g_strcmp0);
		if (names->len)
			h = open_dict(*(char **)names->pdata);
		g_ptr_array_free(names, TRUE);
		if (dir)
			g_dir_close(dir);
	}
	return h;
}

/* The cache entry of lang ("" counts as "en"), or NULL if never looked up. */
static const cached *lookup(const char *lang)
{
	if (!lang || !*lang)
		lang = "en";
	for (size_t i = 0; i < n_cache; i++)
		if (strcasecmp(cache[i].lang, lang) == 0)
			return &cache[i];
	return NULL;
}

static const gal_hyph *get(const char *lang)
{
	const cached *c = lookup(lang);
	if (c)
		return c->h;
	if (!lang || !*lang)
		lang = "en";
	gal_hyph *h = find(lang);
	if (n_cache < sizeof cache / sizeof *cache) {
		snprintf(cache[n_cache].lang, sizeof cache[n_cache].lang, "%s", lang);
		cache[n_cache++].h = h;
	} else if (h) {
		/* the cache is full (an article with many languages): keep
		 * correctness, lose only the reuse */
		gal_hyph_dict_free(h->dict);
		g_hash_table_destroy(h->memo);
		free(h);
		h = NULL;
	}
	return h;
}

const gal_hyph *gal_hyph_get(const char *lang)
{
	join_loader();
	return get(lang);
}

static void *load_all(void *unused)
{
	(void)unused;
	for (size_t i = 0; i < n_preload; i++)
		get(preload_langs[i]);
	return NULL;
}

void gal_hyph_preload(const char *const *langs, size_t n, int background)
{
	join_loader();
	/* only what is not loaded yet: a batch worker, whose parent loaded
	 * its inputs' languages, starts no thread per document */
	n_preload = 0;
	for (size_t i = 0; i < n && n_preload < sizeof preload_langs / sizeof *preload_langs; i++)
		if (langs[i] && *langs[i] && !lookup(langs[i]))
			snprintf(preload_langs[n_preload++], sizeof *preload_langs, "%s", langs[i]);
	if (!n_preload)
		return;
	if (background && pthread_create(&loader, NULL, load_all, NULL) == 0)
		loader_running = 1;
	else
		load_all(NULL);
}

int gal_hyph_build_cache(const char *dir, gal_err *err)
{
	GDir *gd = g_dir_open(HYPH_DIR, 0, NULL);
	if (!gd)
		return 0; /* no dictionaries installed: nothing to compile */
	int rc = GAL_OK;
	const char *name;
	while (rc == GAL_OK && (name = g_dir_read_name(gd))) {
		char path[PATH_MAX], compiled[2 * PATH_MAX + 64];
		snprintf(path, sizeof path, "%s/%s", HYPH_DIR, name);
		struct stat st;
		/* each file once: the links name the same ones */
		if (!g_str_has_suffix(name, ".dic") || lstat(path, &st) != 0 || !S_ISREG(st.st_mode))
			continue;
		HyphenDict *d = gal_hyph_load(path);
		if (!d)
			continue;
		if (cache_name(compiled, sizeof compiled, dir, path) != 0 ||
		    gal_hyph_save(d, &st, compiled) != 0)
			rc = gal_err_set(err, GAL_E_IO, NULL, 0, 0, "cannot write %s", compiled);
		gal_hyph_dict_free(d);
	}
	g_dir_close(gd);
	return rc;
}

void gal_hyph_free_all(void)
{
	join_loader();
	for (size_t i = 0; i < n_cache; i++)
		if (cache[i].h) {
			gal_hyph_dict_free(cache[i].h->dict);
			g_hash_table_destroy(cache[i].h->memo);
			free(cache[i].h);
		}
	n_cache = 0;
}

static int hyph_word(const gal_hyph *h, const char *word, size_t len,
		     unsigned char *breaks);

int gal_hyph_word(const gal_hyph *h, const char *word, size_t len,
		  unsigned char *breaks)
{
	/* looked up in place; a word too long to hyphenate is not kept */
	char key[4 * MAX_WORD + 1];
	memset(breaks, 0, len);
	if (!h || !len || memchr(word, '\0', len))
		return 0;
	if (len >= sizeof key)
		return hyph_word(h, word, len, breaks);
	memcpy(key, word, len);
	key[len] = '\0';
	const memo_entry *m = g_hash_table_lookup(h->memo, key);
	if (m) {
		memcpy(breaks, m->breaks, len);
		return m->count;
	}
	int count = hyph_word(h, word, len, breaks);
	if (g_hash_table_size(h->memo) >= MEMO_MAX)
		g_hash_table_remove_all(h->memo);
	memo_entry *e = g_malloc(sizeof *e + len);
	e->count = count;
	memcpy(e->breaks, breaks, len);
	g_hash_table_insert(h->memo, g_strndup(word, len), e);
	return count;
}

static int hyph_word(const gal_hyph *h, const char *word, size_t len,
		     unsigned char *breaks)
{
	if (!g_utf8_validate(word, (gssize)len, NULL))
		return 0;
	glong nchars = g_utf8_strlen(word, (gssize)len);
	if (nchars < LEFT_MIN + RIGHT_MIN || nchars > MAX_WORD)
		return 0;
	/* byte offset of each character, and no points in words with digits,
	 * or with characters that are not letters (URLs, code) */
	int offs[MAX_WORD + 1];
	const char *s = word;
	for (glong c = 0; c < nchars; c++) {
		gunichar u = g_utf8_get_char(s);
		if (!g_unichar_isalpha(u) && !g_unichar_ismark(u))
			return 0;
		offs[c] = (int)(s - word);
		s = g_utf8_next_char(s);
	}
	offs[nchars] = (int)len;

	gchar *low = g_utf8_strdown(word, (gssize)len);
	char *in = low;
	gsize in_len = strlen(low);
	char *conv = NULL;
	if (!h->utf8) {
		gsize wr = 0;
		conv = g_convert(low, (gssize)in_len, h->enc, "UTF-8", NULL, &wr, NULL);
		if (!conv) {
			g_free(low);
			return 0; /* a letter the dictionary's charset lacks */
		}
		in = conv;
		in_len = wr;
	}
	/* lowercasing can change the length (rare); then positions would
	 * not line up with the original word's characters */
	glong in_chars = h->utf8 ? g_utf8_strlen(in, (gssize)in_len) : (glong)in_len;
	int count = 0;
	if (in_chars == nchars) {
		char *hy = xcalloc(in_len + 5, 1);
		char **rep = NULL;
		int *pos = NULL, *cut = NULL;
		if (hnj_hyphen_hyphenate2(h->dict, in, (int)in_len, hy, NULL, &rep,
					  &pos, &cut) == 0) {
			/* hy[i] odd: a break after character i (UTF-8
			 * dictionaries index characters, the others bytes,
			 * which are characters in their 8-bit charsets) */
			for (glong c = LEFT_MIN - 1; c < nchars - RIGHT_MIN; c++)
				if ((hy[c] - '0') & 1) {
					breaks[offs[c + 1]] = 1;
					count++;
				}
		}
		if (rep) {
			for (size_t i = 0; i < in_len; i++)
				free(rep[i]);
			free(rep);
			free(pos);
			free(cut);
		}
		free(hy);
	}
	g_free(conv);
	g_free(low);
	return count;
}
