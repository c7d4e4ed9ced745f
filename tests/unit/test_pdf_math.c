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
	gal_err e = { 0 };
	INT_EQ(gal_prep(d, &o, &e), 0);
	gal_formulas *fx = gal_formulas_new(d, &o);
	gal_para *pa = body_para(d, &o, fx);
	double w = 320;
	size_t n = 0;
	gal_line *ln = gal_para_lines(pa, &w, 1, GAL_ALIGN_JUSTIFY, &n);
	OK(n > 6);

	/* where the fonts put the baseline in a line of the leading */
	double lead = pa->leading;
	double b0 = (lead + pa->ascent - pa->descent) / 2;
	gal_formula fs, ft;
	gal_formula_get(fx, small, pa->size, 0, 0, &fs);
	gal_formula_get(fx, tall, pa->size, 0, 0, &ft);
	OK(fs.box && ft.box);
	/* the small formula fits in the leading: its line keeps it, and the
	 * formula is one piece of its width on the baseline (no rise) */
	int lines_small = 0, lines_tall = 0;
	for (size_t i = 0; i < n; i++) {
		int has_small = 0, has_tall = 0;
		for (size_t k = 0; k < ln[i].n; k++) {
			const gal_piece *pc = &ln[i].pieces[k];
			if (pc->math && pc->math->math == fs.box) {
				has_small = 1;
				OK(fabs(pc->w - fs.box->width) < 0.01);
				OK(pc->rise == 0);
			}
			has_tall |= pc->math && pc->math->math == ft.box;
		}
		lines_small += has_small;
		lines_tall += has_tall;
		if (has_small) {
			OK(fs.box->height < b0 && fs.box->depth < lead - b0);
			OK(fabs(ln[i].height - lead) < 0.001);
			OK(ln[i].base == 0);
		} else if (has_tall) {
			/* taller and deeper than the leading's room: the line
			 * grows by the excess above and below, and no more */
			double up = ft.box->height - b0, down = ft.box->depth - (lead - b0);
			OK(up > 0 && down > 0);
			OK(fabs(ln[i].height - (lead + up + down)) < 0.001);
			OK(fabs(ln[i].base - (b0 + up)) < 0.001);
		} else {
			OK(fabs(ln[i].height - lead) < 0.001);
		}
	}
	INT_EQ(lines_small, 1);
	INT_EQ(lines_tall, 1);
	gal_lines_free(ln, n);
	gal_para_free(pa);
	gal_formulas_unref(fx);

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
	/* no formula box; the TeX source is in the line's text */
	OK(find(L, GAL_BOX_MATH, 0) == NULL);
	int seen = 0;
	for (size_t i = 0; i < L->pages[0].n; i++) {
		const gal_box *g = &L->pages[0].boxes[i];
		if (g->kind == GAL_BOX_GLYPHS && g->piece->gi.item &&
		    !strncmp(g->text + g->piece->gi.item->offset, "\\frobnicate{x}", 14))
			seen = 1;
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
	test_display();
	test_fallback();
	gal_style_free(style);
	return unit_done("pdf_math");
}
