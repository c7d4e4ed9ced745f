/* Word glyphs shaped once per process; see shape_cache.h. */
#include <string.h>

#include "base/buf.h"
#include "pdf/shape_cache.h"

/* What the cache keeps before it starts again, so that a worker's
 * memory stays flat however many inputs it converts, and pieces longer
 * than a word (a URL, a run of code, a hostile input's megabyte without
 * a space) are shaped but not kept. */
#define MAX_WORDS 16384
#define MAX_BYTES (4u << 20)
#define MAX_WORD_LEN 64
/* HarfBuzz's buffer, which Pango keeps for the life of the process,
 * grows to the longest text shaped at once: 150 MB for one paragraph of
 * 500,000 words. Longer items are shaped in pieces of about this many
 * bytes, cut after a run of spaces as words are. */
#define LONG_ITEM (64 << 10)

typedef struct word {
	PangoFont *font;       /* a reference: the pointer stays unique */
	PangoGlyphString *gs;  /* clusters relative to the word's start */
} word;

static GHashTable *words;  /* key bytes (a GBytes) -> word */
static size_t kept;        /* bytes of keys and glyphs kept */
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
	kept = 0;
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

/* [a, b) of the item, shaped with the paragraph as context. */
static PangoGlyphString *shape_piece(const PangoItem *it, const char *text, int len,
				     PangoLogAttr *log_attrs, const int *cidx, int a, int b)
{
	PangoItem *sub = pango_item_copy((PangoItem *)it);
	sub->offset = a;
	sub->length = b - a;
	sub->num_chars = (int)g_utf8_strlen(text + a, b - a);
	PangoGlyphString *gs = pango_glyph_string_new();
	pango_shape_item(sub, text, len, log_attrs + cidx[a], gs, PANGO_SHAPE_NONE);
	pango_item_free(sub);
	return gs;
}

/* A long left-to-right item in pieces of about LONG_ITEM bytes. */
static void shape_long(const PangoItem *it, const char *text, int len,
		       PangoLogAttr *log_attrs, const int *cidx, PangoGlyphString *out)
{
	int end = it->offset + it->length;
	pango_glyph_string_set_size(out, 0);
	for (int a = it->offset, b; a < end; a = b) {
		b = end - a > LONG_ITEM ? a + LONG_ITEM : end;
		for (; b < end && text[b - 1] != ' '; b++)
			;
		for (; b < end && text[b] == ' '; b++)
			;
		PangoGlyphString *gs = shape_piece(it, text, len, log_attrs, cidx, a, b);
		append(out, gs, a - it->offset);
		pango_glyph_string_free(gs);
	}
}

void gal_shape_cached(const PangoItem *it, const char *text, int len,
		      PangoLogAttr *log_attrs, const int *cidx,
		      PangoGlyphString *out)
{
	gal_buf key = GAL_BUF_INIT;
	if (!enabled || it->analysis.level % 2 || !it->analysis.font ||
	    item_key(it, &key) != 0) {
		gal_buf_free(&key);
		if (it->length > LONG_ITEM && it->analysis.level % 2 == 0)
			shape_long(it, text, len, log_attrs, cidx, out);
		else
			pango_shape_item((PangoItem *)it, text, len,
					 log_attrs + cidx[it->offset], out, PANGO_SHAPE_NONE);
		return;
	}
	if (!words)
		words = g_hash_table_new_full((GHashFunc)g_bytes_hash, (GEqualFunc)g_bytes_equal,
					      (GDestroyNotify)g_bytes_unref, word_free);
	size_t fixed = key.len;
	pango_glyph_string_set_size(out, 0);
	int end = it->offset + it->length;
	for (int a = it->offset, b; a < end; a = b) {
		/* a word and the spaces after it */
		for (b = a; b < end && text[b] != ' '; b++)
			;
		for (; b < end && text[b] == ' '; b++)
			;
		if (b - a > MAX_WORD_LEN) {
			PangoGlyphString *gs = shape_piece(it, text, len, log_attrs, cidx, a, b);
			append(out, gs, a - it->offset);
			pango_glyph_string_free(gs);
			continue;
		}
		key.len = fixed;
		gal_buf_put(&key, text + a, (size_t)(b - a));
		/* looked up in place; copied only when kept */
		GBytes *kb = g_bytes_new_static(key.data, key.len);
		word *w = g_hash_table_lookup(words, kb);
		g_bytes_unref(kb);
		if (!w) {
			w = xcalloc(1, sizeof *w);
			w->gs = shape_piece(it, text, len, log_attrs, cidx, a, b);
			w->font = g_object_ref(it->analysis.font);
			size_t size = key.len + (size_t)w->gs->num_glyphs *
				      (sizeof *w->gs->glyphs + sizeof *w->gs->log_clusters);
			if (g_hash_table_size(words) >= MAX_WORDS || kept + size > MAX_BYTES)
				gal_shape_cache_clear();
			kept += size;
			g_hash_table_insert(words, g_bytes_new(key.data, key.len), w);
		}
		append(out, w->gs, a - it->offset);
	}
	gal_buf_free(&key);
}
