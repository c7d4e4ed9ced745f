/* Formulas in the PDF layout: an inline formula on the baseline keeping
 * the leading, a tall one growing its line by what it needs only, a
 * display formula centred with its label at the right margin, a display
 * formula too wide for the measure broken within it, and TeX that does
 * not read set as its source with one warning. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pdf/formula.h"
#include "pdf/pdf.h"
#include "style/fonts.h"
#include "unit.h"

static gal_style *style;

static const char *lorem =
	"The harbour authority would publish the figures on Thursday, after a "
	"week in which ferry operators, fishermen and the city council traded "
	"accusations about who should pay for dredging the eastern channel. ";

/* warnings, counted by code */
static int n_warn, n_math_tex;
static char last_warn[512];

static void on_warn(void *ctx, const char *file, int line, int col, const char *code,
		    const char *msg)
{
	(void)ctx, (void)file, (void)line, (void)col;
	n_warn++;
	n_math_tex += strcmp(code, "math-tex") == 0;
	snprintf(last_warn, sizeof last_warn, "%s", msg);
}

static gal_opts opts(void)
{
	gal_opts o;
	memset(&o, 0, sizeof o);
	gal_limits_default(&o.limits);
	o.style = style;
	o.epoch = 1795000000;
	o.input_path = "math.xml";
	o.warn = on_warn;
	return o;
}

static gal_doc *new_doc(void)
{
	gal_doc *d = gal_doc_new("math.xml");
	d->meta.lang = "en";
	d->meta.title = gal_node_new(d, GAL_NODE_TITLE, 0, 0);
	gal_node_add_text(d, d->meta.title, "Formulas", (size_t)-1, 0, 0);
	return d;
}

static gal_node *para(gal_doc *d)
{
	return gal_node_add(d, d->root, GAL_NODE_PARA, 0, 0);
}

static void text(gal_doc *d, gal_node *p, const char *s)
{
	gal_node_add_text(d, p, s, (size_t)-1, 0, 0);
}

static gal_node *math(gal_doc *d, gal_node *parent, gal_node_type t, const char *mathml,
		      const char *tex)
{
	gal_node *m = gal_node_add(d, parent, t, 0, 0);
	m->literal = mathml ? gal_doc_strdup(d, mathml) : NULL;
	m->tex = tex ? gal_doc_strdup(d, tex) : NULL;
	return m;
}

static gal_layout *lay(gal_doc *d, const gal_opts *o, int *rc)
{
	gal_layout *L = NULL;
	gal_err e = { 0 };
	INT_EQ(gal_prep(d, o, &e), 0);
	*rc = gal_layout_doc(d, o, &L, &e);
	return L;
}

static const gal_box *find(const gal_layout *L, gal_box_kind k, int nth)
{
	for (size_t p = 0; p < L->n_pages; p++)
		for (size_t i = 0; i < L->pages[p].n; i++)
			if (L->pages[p].boxes[i].kind == k && nth-- == 0)
				return &L->pages[p].boxes[i];
	return NULL;
}

/* ---- inline: the leading kept, or grown by what the formula needs ---- */

/* The body paragraph of `d` (its first PARA) as the layout would make
 * it, with its formulas. */
static gal_para *body_para(gal_doc *d, const gal_opts *o, gal_formulas *fx)
{
	gal_para_opts po = { 0 };
	po.ts = &o->style->part[GAL_PART_BODY];
	po.lang = "en";
	po.formulas = fx;
	const gal_node *p = d->root->first;
	while (p && p->type != GAL_NODE_PARA)
		p = p->next;
	return gal_para_new(d, p, NULL, NULL, &po);
}

/* Prepare d, and break its body paragraph at width w. */
static gal_line *body_lines(gal_doc *d, const gal_opts *o, gal_formulas **fx, gal_para **pa,
			    double w, size_t *n)
{
	gal_err e = { 0 };
	INT_EQ(gal_prep(d, o, &e), 0);
	*fx = gal_formulas_new(d, o);
	*pa = body_para(d, o, *fx);
	return gal_para_lines(*pa, &w, 1, GAL_ALIGN_JUSTIFY, n);
}

static void body_free(gal_line *ln, size_t n, gal_para *pa, gal_formulas *fx)
{
	gal_lines_free(ln, n);
	gal_para_free(pa);
	gal_formulas_unref(fx);
}

static void test_inline(void)
{
	gal_opts o = opts();
	gal_doc *d = new_doc();
	gal_node *p = para(d);
	text(d, p, lorem);
	text(d, p, "The cost grows as ");
	gal_node *small = math(d, p, GAL_NODE_MATH,
		"<math><msup><mi>x</mi><mn>2</mn></msup></math>", NULL);
	text(d, p, " with the length of the channel. ");
	text(d, p, lorem);
	text(d, p, "The tall one, ");
	gal_node *tall = math(d, p, GAL_NODE_MATH, NULL,
		"\\frac{\\frac{a+b}{c+d}}{\\frac{e+f}{g+h}}");
	text(d, p, ", sets a line of its own height. ");
	text(d, p, lorem);
	text(d, p, "A fraction in the text, ");
	gal_node *frac = math(d, p, GAL_NODE_MATH, NULL, "\\frac{a}{b}");
	text(d, p, ", reaches below the font's box but not the next line's letters. ");
	text(d, p, lorem);
	gal_formulas *fx;
	gal_para *pa;
	size_t n = 0;
	gal_line *ln = body_lines(d, &o, &fx, &pa, 320, &n);
	OK(n > 6);

	/* where the fonts put the baseline in a line of the leading */
	double lead = pa->leading;
	double b0 = (lead + pa->ascent - pa->descent) / 2;
	gal_formula fs, ft, ff;
	gal_formula_get(fx, small, pa->size, 0, 0, 0, &fs);
	gal_formula_get(fx, tall, pa->size, 0, 0, 0, &ft);
	gal_formula_get(fx, frac, pa->size, 0, 0, 0, &ff);
	OK(fs.box && ft.box && ff.box);
	/* the fraction's denominator goes below the room the font's box
	 * leaves under the baseline, but stays a \lineskip (0.1 em) clear
	 * of where the next line's ascenders (at most 0.8 em) reach */
	OK(ff.box->depth > lead - b0);
	OK(ff.box->depth + 0.8 * pa->size + 0.1 * pa->size < lead);
	/* the small formula fits in the leading: its line keeps it, and the
	 * formula is one piece of its width on the baseline (no rise) */
	int lines_small = 0, lines_tall = 0, lines_frac = 0;
	for (size_t i = 0; i < n; i++) {
		int has_small = 0, has_tall = 0, has_frac = 0;
		for (size_t k = 0; k < ln[i].n; k++) {
			const gal_piece *pc = &ln[i].pieces[k];
			if (pc->math && pc->math->math == fs.box) {
				has_small = 1;
				OK(fabs(pc->w - fs.box->width) < 0.01);
				OK(pc->rise == 0);
			}
			has_tall |= pc->math && pc->math->math == ft.box;
			has_frac |= pc->math && pc->math->math == ff.box;
		}
		lines_small += has_small;
		lines_tall += has_tall;
		lines_frac += has_frac;
		if (has_small || has_frac) {
			OK(fs.box->height < b0 && fs.box->depth < lead - b0);
			OK(fabs(ln[i].height - lead) < 0.001);
			OK(ln[i].base == 0);
		} else if (has_tall) {
			/* taller and deeper than the lines around leave room
			 * for: the line grows above and below, by no more than
			 * the formula passes the font's box (the lines around
			 * have ink nowhere near that box's edges) */
			double up = ln[i].base - b0, down = ln[i].height - lead - up;
			OK(up > 0 && down > 0);
			OK(up < ft.box->height - b0);
			OK(down < ft.box->depth - (lead - b0));
			/* and at least a \lineskip from the baselines
			 * around, the letters' feet and the x-height */
			OK(ln[i].base - ft.box->height + lead - b0 > 0.1 * pa->size - 0.001);
			OK(ln[i].height - ln[i].base - ft.box->depth + b0 >
			   0.1 * pa->size + 0.4 * pa->size);
		} else {
			OK(fabs(ln[i].height - lead) < 0.001);
		}
	}
	INT_EQ(lines_small, 1);
	INT_EQ(lines_tall, 1);
	INT_EQ(lines_frac, 1);
	body_free(ln, n, pa, fx);

	/* in the page: the formula's box sits on its line's baseline */
	int rc;
	gal_layout *L = lay(d, &o, &rc);
	INT_EQ(rc, 0);
	const gal_box *mb = find(L, GAL_BOX_MATH, 0);
	OK(mb != NULL);
	int on_baseline = 0;
	for (size_t i = 0; mb && i < L->pages[0].n; i++) {
		const gal_box *g = &L->pages[0].boxes[i];
		if (g->kind == GAL_BOX_GLYPHS && fabs(g->y - mb->y) < 0.001 && g->x < mb->x)
			on_baseline = 1;
	}
	OK(on_baseline);
	gal_layout_free(L);
	gal_doc_free(d);
}

/* ---- inline: broken between its pieces, as TeX breaks a formula ------ */

/* the characters the items of a piece of a formula show */
static void piece_chars(const gal_piece *pc, gal_buf *out)
{
	const gal_math_box *m = pc->mbox;
	const gal_math_line *ln = &m->pieces[pc->math->piece].line;
	for (size_t k = ln->first; k < ln->first + ln->n; k++)
		if (m->items[k].kind == GAL_MI_GLYPH && m->items[k].text >= 0)
			gal_buf_put(out, m->text + m->items[k].text, (size_t)m->items[k].text_len);
}

static void test_inline_breaking(void)
{
	gal_opts o = opts();
	gal_doc *d = new_doc();
	gal_node *p = para(d);
	text(d, p, "The harbour's dues add up to ");
	gal_buf sum = GAL_BUF_INIT;
	gal_buf_puts(&sum, "S = ");
	for (int i = 1; i <= 24; i++)
		gal_buf_printf(&sum, "%sa_{%d}", i > 1 ? " + " : "", i);
	gal_node *long_one = math(d, p, GAL_NODE_MATH, NULL, sum.data);
	gal_buf_free(&sum);
	text(d, p, ", and a fraction that nothing can break, ");
	gal_node *wide = math(d, p, GAL_NODE_MATH, NULL,
		"\\frac{b_1 b_2 b_3 b_4 b_5 b_6 b_7 b_8 b_9 b_{10} b_{11} b_{12} b_{13} b_{14} "
		"b_{15} b_{16} b_{17} b_{18} b_{19} b_{20} b_{21} b_{22} b_{23} b_{24}}{c}");
	text(d, p, ", is set smaller. ");
	text(d, p, lorem);
	gal_formulas *fx;
	gal_para *pa;
	double w = 200;
	size_t n = 0;
	gal_line *ln = body_lines(d, &o, &fx, &pa, w, &n);
	int lines_long = 0, ends_at_op = 0, scaled = 0;
	for (size_t i = 0; i < n; i++) {
		/* nothing overflows the measure */
		OK(ln[i].width <= w + 0.01);
		int has = 0;
		for (size_t k = 0; k < ln[i].n; k++) {
			const gal_piece *pc = &ln[i].pieces[k];
			if (!pc->math)
				continue;
			if (pc->math->node == long_one && !pc->math->gap)
				has = 1;
			/* a line neither starts nor ends with the space after
			 * an operator: a break drops it */
			OK(!pc->math->gap || (k > 0 && k + 1 < ln[i].n));
			if (pc->math->node == wide && pc->mbox != pc->math->math) {
				scaled = 1;
				OK(pc->mbox->scale < 1 && pc->w <= w + 0.01);
			}
		}
		lines_long += has;
		/* where the line ends in the formula, it ends with its
		 * operator, as TeX breaks after a relation or a binary one */
		const gal_piece *last = ln[i].n ? &ln[i].pieces[ln[i].n - 1] : NULL;
		if (last && last->math && last->math->node == long_one &&
		    last->math->piece + 1 < (int)last->math->math->n_pieces) {
			gal_buf t = GAL_BUF_INIT;
			piece_chars(last, &t);
			OK(t.data && (!strcmp(t.data, "+") || !strcmp(t.data, "=")));
			ends_at_op++;
			gal_buf_free(&t);
		}
	}
	OK(lines_long >= 2);
	OK(ends_at_op >= 1);
	OK(scaled);
	body_free(ln, n, pa, fx);

	/* in the page: one Formula element holds all the pieces of the
	 * formula broken across lines, its /Alt the whole formula */
	int rc;
	gal_layout *L = lay(d, &o, &rc);
	INT_EQ(rc, 0);
	int open = 0, formulas = 0, in_one = 0, most = 0;
	for (size_t i = 0; i < L->pages[0].n; i++) {
		const gal_box *b = &L->pages[0].boxes[i];
		if (b->kind == GAL_BOX_TAG_BEGIN && !strcmp(b->name, "Formula")) {
			open++, formulas++, in_one = 0;
			OK(b->alt && *b->alt);
		} else if (b->kind == GAL_BOX_TAG_END && !strcmp(b->name, "Formula")) {
			open--;
			most = in_one > most ? in_one : most;
		} else if (b->kind == GAL_BOX_MATH) {
			OK(open == 1);
			in_one++;
		}
	}
	INT_EQ(open, 0);
	INT_EQ(formulas, 2);
	OK(most >= 49);   /* 24 terms, 23 plus signs, S, = */
	gal_layout_free(L);
	gal_doc_free(d);
}

/* ---- display: centred, label at the right margin; broken to the measure */

static void test_display(void)
{
	gal_opts o = opts();
	gal_doc *d = new_doc();
	text(d, para(d), lorem);
	gal_node *m = math(d, d->root, GAL_NODE_MATH_BLOCK, NULL,
			   "x = \\frac{-b \\pm \\sqrt{b^2-4ac}}{2a}");
	m->label = "(1)";
	text(d, para(d), lorem);
	/* far wider than the measure: a sum of forty terms */
	gal_buf wide = GAL_BUF_INIT;
	gal_buf_puts(&wide, "S = ");
	for (int i = 1; i <= 40; i++)
		gal_buf_printf(&wide, "%sa_{%d} x^{%d}", i > 1 ? " + " : "", i, i);
	math(d, d->root, GAL_NODE_MATH_BLOCK, NULL, wide.data);
	gal_buf_free(&wide);
	int rc;
	gal_layout *L = lay(d, &o, &rc);
	INT_EQ(rc, 0);
	/* the measure: the margins' width, centred on the page */
	double w = L->page_w - style->margin_inner - style->margin_outer;
	double x0 = (L->page_w - w) / 2;

	const gal_box *b = find(L, GAL_BOX_MATH, 0);
	OK(b != NULL);
	if (b) {
		OK(b->math->n_lines == 1);
		/* centred on the measure */
		OK(fabs(b->x + b->w / 2 - (x0 + w / 2)) < 0.5);
		/* the label: between Lbl tags, on the formula's baseline, its
		 * right edge at the right margin */
		const gal_box *lbl = NULL;
		for (size_t i = 0; i + 1 < L->pages[0].n; i++)
			if (L->pages[0].boxes[i].kind == GAL_BOX_TAG_BEGIN &&
			    !strcmp(L->pages[0].boxes[i].name, "Lbl"))
				lbl = &L->pages[0].boxes[i + 1];
		OK(lbl && lbl->kind == GAL_BOX_GLYPHS);
		if (lbl && lbl->kind == GAL_BOX_GLYPHS) {
			OK(fabs(lbl->y - b->y) < 0.001);
			OK(fabs(lbl->x + lbl->w - (x0 + w)) < 0.5);
			OK(lbl->x > b->x + b->w);
		}
	}
	/* the wide one: several lines, each within the measure */
	int lines = 0;
	for (int k = 1; (b = find(L, GAL_BOX_MATH, k)) != NULL; k++) {
		lines++;
		OK(b->x >= x0 - 0.01);
		OK(b->x + b->w <= x0 + w + 0.01);
		OK(b->math->scale >= 1 - 1e-9);
	}
	OK(lines > 2);
	gal_layout_free(L);
	gal_doc_free(d);
}

/* ---- TeX that does not read ------------------------------------------- */

static void test_fallback(void)
{
	gal_opts o = opts();
	gal_doc *d = new_doc();
	gal_node *p = para(d);
	text(d, p, "Defined by ");
	math(d, p, GAL_NODE_MATH, NULL, "\\frobnicate{x}");
	text(d, p, " and again by ");
	math(d, p, GAL_NODE_MATH, NULL, "\\frobnicate{y}");
	text(d, p, ".");
	n_warn = n_math_tex = 0;
	int rc;
	gal_layout *L = lay(d, &o, &rc);
	INT_EQ(rc, 0);
	/* one warning for the construct, naming it */
	INT_EQ(n_math_tex, 1);
	INT_EQ(n_warn, 1);
	OK(strstr(last_warn, "\\frobnicate") != NULL);
	/* no formula box; the TeX source is in the line's text, tagged as
	 * a formula with that source as its alt */
	OK(find(L, GAL_BOX_MATH, 0) == NULL);
	int seen = 0;
	for (size_t i = 0; i < L->pages[0].n; i++) {
		const gal_box *g = &L->pages[0].boxes[i];
		if (g->kind == GAL_BOX_GLYPHS && g->piece->gi.item &&
		    !strncmp(g->text + g->piece->gi.item->offset, "\\frobnicate{x}", 14)) {
			seen = 1;
			const gal_box *t = &L->pages[0].boxes[i - 1];
			OK(t->kind == GAL_BOX_TAG_BEGIN && !strcmp(t->name, "Formula"));
			OK(t->alt && !strcmp(t->alt, "\\frobnicate{x}"));
			t = &L->pages[0].boxes[i + 1];
			OK(t->kind == GAL_BOX_TAG_END && !strcmp(t->name, "Formula"));
		}
	}
	OK(seen);
	gal_layout_free(L);
	/* a second render of the same input says nothing new */
	L = lay(d, &o, &rc);
	INT_EQ(n_math_tex, 1);
	gal_layout_free(L);
	gal_doc_free(d);

	/* under --strict the warning is an error */
	d = new_doc();
	math(d, para(d), GAL_NODE_MATH, NULL, "\\frobnicate{z}");
	o.strict = 1;
	L = lay(d, &o, &rc);
	INT_EQ(rc, GAL_E_STRICT);
	gal_layout_free(L);
	gal_doc_free(d);
}

int main(void)
{
	if (!getenv("GALLEY_DATA"))
		setenv("GALLEY_DATA", GAL_SRCDIR, 1);
	gal_err e = { 0 };
	if (gal_fonts_init(&e) != 0 || gal_style_load("brief", &style, &e) != 0) {
		fprintf(stderr, "pdf_math: %s\n", e.message);
		return 1;
	}
	test_inline();
	test_inline_breaking();
	test_display();
	test_fallback();
	gal_style_free(style);
	return unit_done("pdf_math");
}
