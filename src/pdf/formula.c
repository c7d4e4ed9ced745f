/* Formulas for the PDF (formula.h): the trees of a document's formulas,
 * their boxes at each size asked for, and the painting of a box's line. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cairo-ft.h>
#include <fontconfig/fontconfig.h>
#include <glib.h>

#include "base/buf.h"
#include "pdf/formula.h"
#include "style/style.h"

#define MAX_FACES 32

/* The math fonts opened in this process, by family, with the cairo
 * faces their layouts' glyphs are painted in: a font is opened, and its
 * caches filled, once for every input a process converts. */
typedef struct mfont {
	char family[128];
	gal_math_font *font;    /* NULL: it could not be opened */
	cairo_font_face_t *faces[MAX_FACES];
} mfont;

static mfont fonts[4];
static size_t n_fonts;

static mfont *font_for(const char *list)
{
	char family[128];
	size_t n = strcspn(list, ",");
	snprintf(family, sizeof family, "%.*s", (int)n, list);
	g_strstrip(family);
	for (size_t i = 0; i < n_fonts; i++)
		if (strcmp(fonts[i].family, family) == 0)
			return &fonts[i];
	mfont *f = &fonts[n_fonts < sizeof fonts / sizeof fonts[0] ? n_fonts++ : n_fonts - 1];
	if (f->font) {
		/* more families than kept in one process: the last makes room */
		for (int i = 0; i < MAX_FACES; i++)
			if (f->faces[i])
				cairo_font_face_destroy(f->faces[i]);
		gal_math_font_free(f->font);
	}
	memset(f, 0, sizeof *f);
	snprintf(f->family, sizeof f->family, "%s", family);
	if (gal_math_font_load(family, &f->font, NULL) != 0)
		f->font = NULL;
	return f;
}

static cairo_font_face_t *face_of(mfont *f, int i)
{
	if (i < 0 || i >= MAX_FACES || i >= gal_math_font_faces(f->font))
		i = 0;
	if (!f->faces[i]) {
		int index = 0;
		const char *file = gal_math_font_face_file(f->font, i, &index);
		FcPattern *p = FcPatternCreate();
		FcPatternAddString(p, FC_FILE, (const FcChar8 *)file);
		FcPatternAddInteger(p, FC_INDEX, index);
		f->faces[i] = cairo_ft_font_face_create_for_pattern(p);
		FcPatternDestroy(p);
	}
	return f->faces[i];
}

/* ---- the formulas of one render ----------------------------------------- */

typedef struct sized {
	double size, measure, max_height;
	int display;
	gal_math_box *box;      /* NULL: the layout failed */
	struct sized *next;
} sized;

typedef struct entry {
	gal_math *m;            /* NULL: set as its fallback text */
	char *alt;
	sized *boxes;
} entry;

struct gal_formulas {
	int refs;
	const gal_doc *doc;
	const gal_opts *opts;
	mfont *font;
	int font_warned;
	GHashTable *nodes;      /* node -> entry */
	int status;
	gal_err err;
};

static void entry_free(void *p)
{
	entry *e = p;
	for (sized *s = e->boxes, *nx; s; s = nx) {
		nx = s->next;
		gal_math_box_free(s->box);
		free(s);
	}
	gal_math_free(e->m);
	free(e->alt);
	free(e);
}

gal_formulas *gal_formulas_new(const gal_doc *doc, const gal_opts *opts)
{
	gal_formulas *fx = xcalloc(1, sizeof *fx);
	fx->refs = 1;
	fx->doc = doc;
	fx->opts = opts;
	fx->nodes = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, entry_free);
	return fx;
}

gal_formulas *gal_formulas_ref(gal_formulas *fx)
{
	if (fx)
		fx->refs++;
	return fx;
}

void gal_formulas_unref(gal_formulas *fx)
{
	if (!fx || --fx->refs > 0)
		return;
	g_hash_table_destroy(fx->nodes);
	free(fx);
}

int gal_formulas_status(const gal_formulas *fx, gal_err *err)
{
	if (fx && fx->status && err)
		*err = fx->err;
	return fx ? fx->status : 0;
}

static void note_status(gal_formulas *fx, int rc)
{
	if (rc && !fx->status)
		fx->status = rc;
}

/* The math font of the style, once; a style whose font is not there
 * sets its formulas as text, and says so once per render. */
static gal_math_font *the_font(gal_formulas *fx)
{
	if (!fx->font) {
		const gal_style *st = fx->opts ? fx->opts->style : NULL;
		fx->font = font_for(st && st->math_family[0] ? st->math_family :
				    "TeX Gyre Schola Math");
	}
	if (!fx->font->font && !fx->font_warned) {
		fx->font_warned = 1;
		note_status(fx, gal_warn(fx->opts, &fx->err, 0, 0, "math-font",
					 "the math font %s is not installed: formulas "
					 "are set as text", fx->font->family));
	}
	return fx->font->font;
}

static entry *entry_of(gal_formulas *fx, const gal_node *n)
{
	entry *e = g_hash_table_lookup(fx->nodes, n);
	if (e)
		return e;
	e = xcalloc(1, sizeof *e);
	g_hash_table_insert(fx->nodes, (gpointer)n, e);
	if (!the_font(fx))
		return e;
	gal_err err = { 0 };
	int rc = gal_math_for_node(fx->doc, fx->opts, n, &e->m, &err);
	if (rc && !fx->status) {
		fx->status = rc;
		fx->err = err;
	}
	if (e->m && n->math && n->title) {
		/* the pipeline wrote its linear text with the tree */
		e->alt = xstrdup(n->title);
	} else if (e->m) {
		gal_buf b = GAL_BUF_INIT;
		gal_math_linear(e->m, &b);
		e->alt = gal_buf_detach(&b, NULL);
	}
	return e;
}

void gal_formula_get(gal_formulas *fx, const gal_node *n, double size, int display,
		     double measure, double max_height, gal_formula *out)
{
	entry *e = entry_of(fx, n);
	memset(out, 0, sizeof *out);
	if (e->m) {
		sized *s = e->boxes;
		while (s && (s->size != size || s->display != display || s->measure != measure ||
			     s->max_height != max_height))
			s = s->next;
		if (!s) {
			gal_math_layout_opts o = { size, display, measure, max_height };
			s = xcalloc(1, sizeof *s);
			s->size = size;
			s->display = display;
			s->measure = measure;
			s->max_height = max_height;
			if (gal_math_layout(e->m, fx->font->font, &o, &s->box, NULL) != 0)
				s->box = NULL;
			s->next = e->boxes;
			e->boxes = s;
		}
		out->box = s->box;
		out->alt = e->alt;
	}
	if (out->box)
		return;
	/* TeX the module does not read is shown as it was written; a
	 * formula whose MathML does not read keeps the importer's linear
	 * text */
	out->mono = n->tex && (!e->m || !n->title);
	out->fallback = out->mono ? n->tex : n->title ? n->title : n->tex ? n->tex : "";
	if (!out->alt)
		out->alt = out->fallback;
}

/* ---- painting ------------------------------------------------------------ */

/* An accent over or under a letter is written in MathML and TeX as the
 * spacing character ("^", "~", "¯"); copied out after its letter it would
 * read as a superscript mark ("x^"). Its combining form reads as the
 * accented letter ("x̂"). NULL for any other text. Only for an item the
 * layout marks as an accent: "n → ∞" under lim keeps its arrow. */
static const char *combining(const char *s, int len)
{
	static const struct { const char *spacing, *comb; } map[] = {
		{ "^", "\u0302" }, { "\u02c6", "\u0302" }, { "~", "\u0303" },
		{ "\u02dc", "\u0303" }, { "\u00af", "\u0304" }, { "\u02c9", "\u0304" },
		{ "\u203e", "\u0305" }, { "\u02d8", "\u0306" }, { "\u02d9", "\u0307" },
		{ "\u00a8", "\u0308" }, { "\u02da", "\u030a" }, { "\u02c7", "\u030c" },
		{ "\u00b4", "\u0301" }, { "`", "\u0300" }, { "_", "\u0332" },
		{ "\u2192", "\u20d7" },
	};
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if ((int)strlen(map[i].spacing) == len && !memcmp(s, map[i].spacing, (size_t)len))
			return map[i].comb;
	return NULL;
}

/* A run of glyphs of one face and size, shown with the characters they
 * stand for: each glyph that has characters starts a cluster, and the
 * pieces of a stretched glyph that follow it join its cluster. An
 * accent joins the cluster of the letter before it, as its combining
 * form. */
static size_t run_end(const gal_math_box *b, size_t i, size_t end)
{
	const gal_math_item *first = &b->items[i];
	size_t j = i;
	while (j < end && b->items[j].kind == GAL_MI_GLYPH &&
	       b->items[j].face == first->face && b->items[j].size == first->size)
		j++;
	return j;
}

/* A formula's reading is shown as ActualText: a reader of the PDF
 * places one where its span's first glyph starts and spreads it to
 * where the last one ends, so each reading is carried by two spaces, at
 * the two ends of what it reads on the baseline, drawing nothing (cairo
 * writes ActualText only for a cluster of several glyphs, and drops one
 * whose glyphs share a place: they stand apart, however narrow). The
 * formula's glyphs, wherever they sit (a fraction's two lines, limits),
 * then read as nothing. The spaces are the text's around the formula
 * when there is any: the reading is plain text at the text's size, and
 * a reader that sizes words by their font's box (the math font's is
 * 1 em, Charis's 1.6) then takes it for text of that size, as it is. */
typedef struct {
	unsigned long glyph;    /* the space */
	double adv;
} anchor;

/* The face's space at `size`, made the current font; 0 when it has
 * none. */
static int anchor_of(cairo_t *cr, cairo_font_face_t *face, double size, anchor *a)
{
	cairo_glyph_t *sp = NULL;
	int n = 0;
	cairo_set_font_face(cr, face);
	cairo_set_font_size(cr, size);
	cairo_scaled_font_t *sf = cairo_get_scaled_font(cr);
	int ok = cairo_scaled_font_text_to_glyphs(sf, 0, 0, " ", 1, &sp, &n, NULL, NULL, NULL) ==
		 CAIRO_STATUS_SUCCESS && n == 1 && sp[0].index != 0;
	if (ok) {
		cairo_text_extents_t ext;
		cairo_scaled_font_glyph_extents(sf, sp, 1, &ext);
		*a = (anchor){ sp[0].index, ext.x_advance };
	}
	cairo_glyph_free(sp);
	return ok;
}

/* A reading from x0 to x1 on the baseline y, in the anchor's font. */
static void paint_reading(cairo_t *cr, const anchor *a, double x0, double x1, double y,
			  const char *reading)
{
	cairo_glyph_t g[2] = { { a->glyph, x0, y }, { a->glyph, fmax(x0 + 0.01, x1 - a->adv), y } };
	cairo_text_cluster_t cl = { (int)strlen(reading), 2 };
	cairo_show_text_glyphs(cr, reading, (int)strlen(reading), g, 2, &cl, 1, 0);
}

/* `as`: NULL, or the text the whole run reads as, "" for none (cairo
 * writes a run of several glyphs and one text as an ActualText span) */
static size_t paint_run(cairo_t *cr, mfont *f, const gal_math_box *b, size_t i,
			size_t end, double x, double y, const char *as)
{
	const gal_math_item *first = &b->items[i];
	size_t j = run_end(b, i, end);
	size_t n = j - i;
	cairo_glyph_t *g = xmalloc(n * sizeof *g);
	cairo_text_cluster_t *cl = xmalloc(n * sizeof *cl);
	gal_buf text = GAL_BUF_INIT;
	int n_cl = 0;
	if (as) {
		gal_buf_puts(&text, as);
		cl[n_cl++] = (cairo_text_cluster_t){ (int)text.len, (int)n };
	}
	for (size_t k = 0; k < n; k++) {
		const gal_math_item *it = &b->items[i + k];
		g[k] = (cairo_glyph_t){ it->glyph, x + it->x, y - it->y };
		if (as)
			continue;
		const char *comb = NULL;
		if (it->accent && it->text >= 0 && it->text_len > 0 &&
		    (size_t)it->text + (size_t)it->text_len <= b->text_len)
			comb = combining(b->text + it->text, it->text_len);
		if (comb) {
			gal_buf_puts(&text, comb);
			if (n_cl > 0) {
				cl[n_cl - 1].num_bytes += (int)strlen(comb);
				cl[n_cl - 1].num_glyphs++;
			} else {
				cl[n_cl++] = (cairo_text_cluster_t){ (int)strlen(comb), 1 };
			}
		} else if (it->text >= 0 && it->text_len > 0 &&
		    (size_t)it->text + (size_t)it->text_len <= b->text_len) {
			gal_buf_put(&text, b->text + it->text, (size_t)it->text_len);
			cl[n_cl++] = (cairo_text_cluster_t){ it->text_len, 1 };
		} else if (n_cl > 0) {
			cl[n_cl - 1].num_glyphs++;
		} else {
			cl[n_cl++] = (cairo_text_cluster_t){ 0, 1 };
		}
	}
	cairo_set_font_face(cr, face_of(f, first->face));
	cairo_set_font_size(cr, first->size);
	cairo_show_text_glyphs(cr, text.data ? text.data : "", (int)text.len, g, (int)n,
			       cl, n_cl, 0);
	gal_buf_free(&text);
	free(cl);
	free(g);
	return j;
}

void gal_formula_paint(cairo_t *cr, gal_formulas *fx, const gal_math_box *b,
		       const gal_math_line *ln, double x, double y,
		       cairo_font_face_t *text_face)
{
	if (!fx || !fx->font || !fx->font->font || !b || !ln)
		return;
	/* items are placed from the line's origin, its indent included */
	size_t end = ln->first + ln->n;
	/* A formula reads as its reading text, in order: each child of its
	 * outermost row in its own place, or else the whole of a line (a
	 * display formula set on one) or of an inline one in one piece
	 * across it. */
	double size = 0;
	for (size_t i = ln->first; i < end && i < b->n_items; i++)
		if (b->items[i].kind == GAL_MI_GLYPH)
			size = fmax(size, b->items[i].size);
	anchor a;
	int can = size > 0 && anchor_of(cr, text_face ? text_face : face_of(fx->font, 0), size, &a);
	const char *reading = NULL;
	for (size_t i = 0; can && i < b->n_rspans; i++) {
		const gal_math_rspan *r = &b->rspans[i];
		if (r->first >= ln->first && r->first < end) {
			paint_reading(cr, &a, x + r->x0, x + r->x1, y, r->text);
			reading = "";
		}
	}
	if (can && !reading && b->reading &&
	    (ln == &b->lines[0] || (b->n_pieces == 1 && ln == &b->pieces[0].line))) {
		reading = b->reading;
		paint_reading(cr, &a, x + ln->indent, x + ln->indent + ln->width, y, reading);
	}
	for (size_t i = ln->first; i < end && i < b->n_items;) {
		const gal_math_item *it = &b->items[i];
		if (it->kind == GAL_MI_GLYPH) {
			i = paint_run(cr, fx->font, b, i, end, x, y, reading ? "" : NULL);
			continue;
		}
		if (it->kind == GAL_MI_RULE) {
			cairo_rectangle(cr, x + it->x, y - it->y - it->h, it->w, it->h);
			cairo_fill(cr);
		} else {
			cairo_set_line_width(cr, it->size);
			cairo_move_to(cr, x + it->x, y - it->y);
			cairo_rel_line_to(cr, it->w, -it->h);
			cairo_stroke(cr);
		}
		i++;
	}
}
