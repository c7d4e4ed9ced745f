/* Word glyphs shaped once per process; see shape_cache.h. */
#include <string.h>

#include "buf.h"
#include "shape_cache.h"

/* Words kept before the cache starts again: a few MB at most, so a
 * worker's memory stays flat however many inputs it converts. */
#define MAX_WORDS 16384

typedef struct word {
	PangoFont *font;       /* a reference: the pointer stays unique */
	PangoGlyphString *gs;  /* clusters relative to the word's start */
} word;

static GHashTable *words;  /* key (gal_buf bytes as a GBytes) -> word */
static int enabled;

void gal_shape_cache_enable(int on)
{
	enabled = on;
}

static void word_free(gpointer data)
{
	word *w = data;
	g_object_unref(w->font);
	pango_glyph_string_free(w->gs);
	free(w);
}

void gal_shape_cache_clear(void)
{
	if (words)
		g_hash_table_remove_all(words);
}

/* What besides the bytes decides an item's glyphs, as key bytes; -1 when
 * the item carries an attribute the key does not cover. */
static int item_key(const PangoItem *it, gal_buf *k)
{
	const PangoAnalysis *a = &it->analysis;
	gal_buf_put(k, &a->font, sizeof a->font);
	gal_buf_put(k, &a->language, sizeof a->language);
	int v[3] = { a->script, a->gravity, a->level };
	gal_buf_put(k, v, sizeof v);
	for (GSList *l = a->extra_attrs; l; l = l->next) {
		const PangoAttribute *at = l->data;
		if (at->klass->type != PANGO_ATTR_FONT_FEATURES)
			return -1;
		gal_buf_puts(k, ((const PangoAttrFontFeatures *)at)->features);
		gal_buf_putc(k, '\0');
	}
	return 0;
}

static void append(PangoGlyphString *out, const PangoGlyphString *gs, int shift)
{
	int n = out->num_glyphs;
	pango_glyph_string_set_size(out, n + gs->num_glyphs);
	memcpy(out->glyphs + n, gs->glyphs, (size_t)gs->num_glyphs * sizeof *gs->glyphs);
	for (int g = 0; g < gs->num_glyphs; g++)
		out->log_clusters[n + g] = gs->log_clusters[g] + shift;
}

void gal_shape_cached(const PangoItem *it, const char *text, int len,
		      PangoLogAttr *log_attrs, const int *cidx,
		      PangoGlyphString *out)
{
	gal_buf key = GAL_BUF_INIT;
	if (!enabled || it->analysis.level % 2 || !it->analysis.font ||
	    item_key(it, &key) != 0) {
		gal_buf_free(&key);
		pango_shape_item((PangoItem *)it, text, len, log_attrs + cidx[it->offset],
				 out, PANGO_SHAPE_NONE);
		return;
	}
	if (!words)
		words = g_hash_table_new_full((GHashFunc)g_bytes_hash, (GEqualFunc)g_bytes_equal,
					      (GDestroyNotify)g_bytes_unref, word_free);
	size_t fixed = key.len;
	pango_glyph_string_set_size(out, 0);
	int end = it->offset + it->length;
	for (int a = it->offset; a < end;) {
		/* a word and the spaces after it */
		int b = a;
		while (b < end && text[b] != ' ')
			b++;
		while (b < end && text[b] == ' ')
			b++;
		key.len = fixed;
		gal_buf_put(&key, text + a, (size_t)(b - a));
		GBytes *kb = g_bytes_new(key.data, key.len);
		word *w = g_hash_table_lookup(words, kb);
		if (!w) {
			PangoItem *sub = pango_item_copy((PangoItem *)it);
			sub->offset = a;
			sub->length = b - a;
			sub->num_chars = (int)g_utf8_strlen(text + a, b - a);
			w = xcalloc(1, sizeof *w);
			w->gs = pango_glyph_string_new();
			pango_shape_item(sub, text, len, log_attrs + cidx[a], w->gs,
					 PANGO_SHAPE_NONE);
			pango_item_free(sub);
			w->font = g_object_ref(it->analysis.font);
			if (g_hash_table_size(words) >= MAX_WORDS)
				g_hash_table_remove_all(words);
			g_hash_table_insert(words, g_bytes_ref(kb), w);
		}
		g_bytes_unref(kb);
		append(out, w->gs, a - it->offset);
		a = b;
	}
	gal_buf_free(&key);
}
