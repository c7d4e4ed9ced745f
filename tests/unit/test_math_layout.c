/* Math layout, checked by geometry, not pixels: where the parts of a
 * formula land against the MATH table's constants of the font. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <hb-ot.h>
#include <hb.h>

#include "base/buf.h"
#include "math/math.h"
#include "unit.h"

#define SIZE 10.0
#define EPS 0.01

static gal_math_font *font;
static hb_font_t *hb;       /* the same face, for the constants */
static double upem;

static double k(hb_ot_math_constant_t c)
{
	return hb_ot_math_get_constant(hb, c) / upem * SIZE;
}

static double pct(hb_ot_math_constant_t c)
{
	return hb_ot_math_get_constant(hb, c) / 100.0;
}

static gal_math_box *lay(const char *tex, int display, double measure)
{
	gal_math *m = NULL;
	gal_math_box *b = NULL;
	gal_math_layout_opts o = { SIZE, display, measure, 0 };
	if (gal_math_from_tex(tex, display, &m, NULL) == 0)
		gal_math_layout(m, font, &o, &b, NULL);
	gal_math_free(m);
	return b;
}

static gal_math_box *lay_mml(const char *src, int display)
{
	gal_math *m = NULL;
	gal_math_box *b = NULL;
	gal_math_layout_opts o = { SIZE, display, 0, 0 };
	if (gal_math_from_mathml(src, strlen(src), &m, NULL) == 0)
		gal_math_layout(m, font, &o, &b, NULL);
	gal_math_free(m);
	return b;
}

/* display MathML laid out at a measure */
static gal_math_box *lay_mml_at(const char *src, double measure)
{
	gal_math *m = NULL;
	gal_math_box *b = NULL;
	gal_math_layout_opts o = { SIZE, 1, measure, 0 };
	if (gal_math_from_mathml(src, strlen(src), &m, NULL) == 0)
		gal_math_layout(m, font, &o, &b, NULL);
	gal_math_free(m);
	return b;
}

/* a₁ + a₂ + ... + a₆ in MathML */
#define SUM_A1_A6 "<msub><mi>a</mi><mn>1</mn></msub><mo>+</mo><msub><mi>a</mi><mn>2</mn></msub><mo>+</mo>" \
	"<msub><mi>a</mi><mn>3</mn></msub><mo>+</mo><msub><mi>a</mi><mn>4</mn></msub><mo>+</mo>" \
	"<msub><mi>a</mi><mn>5</mn></msub><mo>+</mo><msub><mi>a</mi><mn>6</mn></msub>"

/* the glyph item showing the characters s, or NULL */
static const gal_math_item *find(const gal_math_box *b, const char *s)
{
	for (size_t i = 0; b && i < b->n_items; i++) {
		const gal_math_item *it = &b->items[i];
		if (it->kind == GAL_MI_GLYPH && it->text >= 0 && (size_t)it->text_len == strlen(s) &&
		    !memcmp(b->text + it->text, s, strlen(s)))
			return it;
	}
	return NULL;
}

static const gal_math_item *first_of(const gal_math_box *b, gal_math_item_kind kind)
{
	for (size_t i = 0; b && i < b->n_items; i++)
		if (b->items[i].kind == kind)
			return &b->items[i];
	return NULL;
}

/* ink of a glyph item in points: top and bottom, left and right */
static void ink(const gal_math_item *it, double *top, double *bottom, double *left, double *right)
{
	hb_glyph_extents_t e = { 0 };
	hb_font_get_glyph_extents(hb, it->glyph, &e);
	double s = it->size / upem;
	*top = it->y + e.y_bearing * s;
	*bottom = it->y + (e.y_bearing + e.height) * s;
	*left = it->x + e.x_bearing * s;
	*right = it->x + (e.x_bearing + e.width) * s;
}

static void test_fraction(void)
{
	gal_math_box *b = lay("\\frac{a}{b}", 1, 0);
	const gal_math_item *a = find(b, "𝑎"), *d = find(b, "𝑏"), *r = first_of(b, GAL_MI_RULE);
	OK(a && d && r);
	if (!a || !d || !r)
		return;
	double axis = k(HB_OT_MATH_CONSTANT_AXIS_HEIGHT), t = k(HB_OT_MATH_CONSTANT_FRACTION_RULE_THICKNESS);
	/* the rule centred on the axis, as thick as the font says */
	OK(fabs(r->y + r->h / 2 - axis) < EPS);
	OK(fabs(r->h - t) < EPS);
	/* numerator above, denominator below, by at least the display shifts
	 * and gaps */
	OK(a->y >= k(HB_OT_MATH_CONSTANT_FRACTION_NUMERATOR_DISPLAY_STYLE_SHIFT_UP) - EPS);
	OK(-d->y >= k(HB_OT_MATH_CONSTANT_FRACTION_DENOMINATOR_DISPLAY_STYLE_SHIFT_DOWN) - EPS);
	double top, bottom, l, rr;
	ink(a, &top, &bottom, &l, &rr);
	OK(bottom - (r->y + r->h) >= k(HB_OT_MATH_CONSTANT_FRACTION_NUM_DISPLAY_STYLE_GAP_MIN) - EPS);
	ink(d, &top, &bottom, &l, &rr);
	OK(r->y - top >= k(HB_OT_MATH_CONSTANT_FRACTION_DENOM_DISPLAY_STYLE_GAP_MIN) - EPS);
	/* the rule spans both */
	OK(r->x <= a->x && r->x + r->w >= a->x);
	gal_math_box_free(b);

	/* in text style the parts are script size and the shifts smaller */
	b = lay("\\frac{a}{b}", 0, 0);
	a = find(b, "𝑎");
	OK(a && fabs(a->size - SIZE * pct(HB_OT_MATH_CONSTANT_SCRIPT_PERCENT_SCALE_DOWN)) < EPS);
	OK(a && a->y >= k(HB_OT_MATH_CONSTANT_FRACTION_NUMERATOR_SHIFT_UP) - EPS);
	gal_math_box_free(b);

	/* no rule when linethickness is 0 */
	b = lay("\\binom{n}{k}", 1, 0);
	OK(b && !first_of(b, GAL_MI_RULE));
	gal_math_box_free(b);
}

static void test_scripts(void)
{
	double sp = pct(HB_OT_MATH_CONSTANT_SCRIPT_PERCENT_SCALE_DOWN);
	double ssp = pct(HB_OT_MATH_CONSTANT_SCRIPT_SCRIPT_PERCENT_SCALE_DOWN);
	gal_math_box *b = lay("x^2", 0, 0);
	const gal_math_item *x = find(b, "𝑥"), *two = find(b, "2");
	OK(x && two);
	if (x && two) {
		OK(fabs(two->size - SIZE * sp) < EPS);
		OK(two->y >= k(HB_OT_MATH_CONSTANT_SUPERSCRIPT_SHIFT_UP) - EPS);
		OK(two->x > x->x);
	}
	gal_math_box_free(b);

	b = lay("x_2", 0, 0);
	two = find(b, "2");
	OK(two && -two->y >= k(HB_OT_MATH_CONSTANT_SUBSCRIPT_SHIFT_DOWN) - EPS);
	gal_math_box_free(b);

	/* a script of a script is scriptscript size */
	b = lay("x^{y^2}", 0, 0);
	two = find(b, "2");
	OK(two && fabs(two->size - SIZE * ssp) < EPS);
	gal_math_box_free(b);

	/* both: the gap between them at least subSuperscriptGapMin */
	b = lay("x_i^2", 0, 0);
	const gal_math_item *i = find(b, "𝑖");
	two = find(b, "2");
	OK(i && two);
	if (i && two) {
		double t1, b1, l, r, t2, b2;
		ink(two, &t1, &b1, &l, &r);
		ink(i, &t2, &b2, &l, &r);
		OK(b1 - t2 >= k(HB_OT_MATH_CONSTANT_SUB_SUPERSCRIPT_GAP_MIN) - EPS);
	}
	gal_math_box_free(b);

	/* cramped (under a radical): the superscript sits lower */
	gal_math_box *plain = lay("x^2", 0, 0), *cramped = lay("\\sqrt{x^2}", 0, 0);
	const gal_math_item *p2 = find(plain, "2"), *c2 = find(cramped, "2");
	OK(p2 && c2 && c2->y < p2->y);
	gal_math_box_free(plain);
	gal_math_box_free(cramped);
}

static void test_radical(void)
{
	gal_math_box *b = lay("\\sqrt{x}", 1, 0);
	const gal_math_item *x = find(b, "𝑥"), *r = first_of(b, GAL_MI_RULE), *rad = find(b, "√");
	OK(x && r && rad);
	if (x && r && rad) {
		double top, bottom, l, rr;
		ink(x, &top, &bottom, &l, &rr);
		/* the vinculum over the radicand, at least the gap above it */
		OK(r->y - top >= k(HB_OT_MATH_CONSTANT_RADICAL_DISPLAY_STYLE_VERTICAL_GAP) - EPS);
		OK(fabs(r->h - k(HB_OT_MATH_CONSTANT_RADICAL_RULE_THICKNESS)) < EPS);
		OK(r->x <= l + 0.05 * SIZE && r->x + r->w >= rr - 0.05 * SIZE);
		/* and the radical sign before it, reaching below the radicand */
		OK(rad->x < r->x);
		double rt, rb, rl, rrr;
		ink(rad, &rt, &rb, &rl, &rrr);
		OK(rb <= bottom + EPS);
	}
	gal_math_box_free(b);

	/* a root's index is scriptscript size, left of the sign */
	b = lay("\\sqrt[3]{x}", 1, 0);
	const gal_math_item *three = find(b, "3");
	rad = find(b, "√");
	OK(three && rad);
	if (three && rad) {
		double t3, b3, l3, r3, tr, br, lr, rr;
		ink(three, &t3, &b3, &l3, &r3);
		ink(rad, &tr, &br, &lr, &rr);
		OK(fabs(three->size - SIZE * pct(HB_OT_MATH_CONSTANT_SCRIPT_SCRIPT_PERCENT_SCALE_DOWN)) < EPS);
		/* over the sign's left arm: before its right end, above its foot */
		OK(r3 < rr && l3 >= 0 && b3 > br);
	}
	gal_math_box_free(b);
}

static void test_matrix(void)
{
	gal_math_box *b = lay("\\begin{pmatrix} a & b \\\\ c & d \\end{pmatrix}", 1, 0);
	const gal_math_item *a = find(b, "𝑎"), *bb = find(b, "𝑏"), *c = find(b, "𝑐"), *d = find(b, "𝑑");
	OK(a && bb && c && d);
	if (a && bb && c && d) {
		/* rows share baselines, columns their centres */
		OK(fabs(a->y - bb->y) < EPS && fabs(c->y - d->y) < EPS);
		OK(a->y > c->y + SIZE * 0.9);
		OK(bb->x > a->x + SIZE && d->x > c->x + SIZE);
		OK(fabs(a->x - c->x) < SIZE * 0.1 && fabs(bb->x - d->x) < SIZE * 0.1);
		/* the table is centred on the axis */
		OK(fabs((b->height - b->depth) / 2 - k(HB_OT_MATH_CONSTANT_AXIS_HEIGHT)) < SIZE * 0.05);
	}
	gal_math_box_free(b);

	/* aligned: the relations of both rows at one x */
	b = lay("\\begin{aligned} f(x) &= a \\\\ &= bbbbb \\end{aligned}", 1, 0);
	const gal_math_item *eq[2] = { NULL, NULL };
	int n = 0;
	for (size_t i = 0; b && i < b->n_items && n < 2; i++)
		if (b->items[i].text >= 0 && b->items[i].text_len == 1 && b->text[b->items[i].text] == '=')
			eq[n++] = &b->items[i];
	OK(n == 2 && fabs(eq[0]->x - eq[1]->x) < EPS && eq[0]->y > eq[1]->y);
	gal_math_box_free(b);
}

static double glyph_height(const gal_math_box *b, const gal_math_item *it)
{
	(void)b;
	double top, bottom, l, r;
	ink(it, &top, &bottom, &l, &r);
	return top - bottom;
}

static void test_stretchy(void)
{
	gal_math_box *inner = lay("\\frac{\\frac{a}{b}}{c}", 1, 0);
	gal_math_box *b = lay("\\left( \\frac{\\frac{a}{b}}{c} \\right)", 1, 0);
	gal_math_box *plain = lay("(x)", 1, 0);
	OK(inner && b && plain);
	if (inner && b && plain) {
		/* the fences cover what they enclose: taller than the content
		 * (less TeX's delimiter shortfall) and than a plain parenthesis */
		double extent = b->height + b->depth, content = inner->height + inner->depth;
		OK(extent >= content - 0.01);
		double top = -1e9, bottom = 1e9;
		for (size_t i = 0; i < b->n_items; i++) {
			const gal_math_item *it = &b->items[i];
			if (it->kind != GAL_MI_GLYPH || it->x > 1)
				continue;   /* the opening fence's pieces only */
			double t, bo, l, r;
			ink(it, &t, &bo, &l, &r);
			top = fmax(top, t), bottom = fmin(bottom, bo);
		}
		OK(top - bottom >= 0.9 * content);
		OK(top - bottom > 1.5 * glyph_height(plain, find(plain, "(")));
	}
	gal_math_box_free(inner);
	gal_math_box_free(b);
	gal_math_box_free(plain);

	/* a bracket around sixty rows: its extenders repeat as often as
	 * it takes (they stopped at a hundred, a third of the way) */
	gal_buf tb = GAL_BUF_INIT;
	gal_buf_puts(&tb, "\\left(\\begin{matrix}");
	for (int i = 1; i <= 60; i++)
		gal_buf_printf(&tb, "a_{%d} \\\\ ", i);
	gal_buf_puts(&tb, "\\end{matrix}\\right)");
	b = lay(tb.data, 1, 0);
	gal_buf_free(&tb);
	OK(b != NULL);
	if (b) {
		double top = -1e9, bottom = 1e9;
		for (size_t i = 0; i < b->n_items; i++) {
			const gal_math_item *it = &b->items[i];
			if (it->kind != GAL_MI_GLYPH || it->x > 1)
				continue;   /* the opening bracket's pieces */
			double t, bo, l, r;
			ink(it, &t, &bo, &l, &r);
			top = fmax(top, t), bottom = fmin(bottom, bo);
		}
		OK(top - bottom >= 0.9 * (b->height + b->depth));
	}
	gal_math_box_free(b);

	/* \big is a fixed size: 1.2em */
	b = lay("\\big(", 0, 0);
	OK(b && b->height + b->depth >= 1.2 * SIZE - EPS);
	gal_math_box_free(b);

	/* the items are in reading order, the stretched fences, laid out
	 * after what they enclose, in their places: painted, and copied
	 * out, from left to right */
	b = lay_mml("<math display=\"block\"><mrow><mo>|</mo><mfrac><mi>a</mi><mi>b</mi></mfrac>"
		    "<mo>|</mo><mi>c</mi></mrow></math>", 1);
	OK(b && b->n_items >= 4);
	double last_x = -1e9;
	int in_order = 1;
	for (size_t i = 0; b && i < b->n_items; i++) {
		const gal_math_item *it = &b->items[i];
		if (it->kind != GAL_MI_GLYPH || it->text < 0)
			continue;
		/* a fraction's parts share its left; no glyph goes back */
		in_order &= it->x >= last_x - 2;
		last_x = fmax(last_x, it->x);
	}
	OK(in_order);
	OK(b && b->items[0].kind == GAL_MI_GLYPH && b->items[0].text >= 0 &&
	   !strncmp(b->text + b->items[0].text, "|", 1));
	gal_math_box_free(b);
}

static void test_large_operators(void)
{
	gal_math_box *d = lay("\\sum_{i=1}^n x", 1, 0), *t = lay("\\sum_{i=1}^n x", 0, 0);
	const gal_math_item *sd = find(d, "∑"), *st = find(t, "∑");
	OK(sd && st);
	if (!sd || !st)
		return;
	/* larger in display style: at least displayOperatorMinHeight */
	OK(glyph_height(d, sd) >= k(HB_OT_MATH_CONSTANT_DISPLAY_OPERATOR_MIN_HEIGHT) - EPS);
	OK(glyph_height(d, sd) > glyph_height(t, st) * 1.2);
	/* display: limits above and below, centred over the operator */
	const gal_math_item *n = find(d, "𝑛"), *i = find(d, "𝑖");
	double top, bottom, l, r;
	ink(sd, &top, &bottom, &l, &r);
	OK(n && i);
	if (n && i) {
		OK(n->x > l && n->x < r && i->x > l - SIZE && i->x < r);
		double nt, nb, nl, nr;
		ink(n, &nt, &nb, &nl, &nr);
		OK(nb - top >= k(HB_OT_MATH_CONSTANT_UPPER_LIMIT_GAP_MIN) - EPS);
		OK(i->y < bottom);
	}
	/* text: they are scripts, to the right */
	n = find(t, "𝑛");
	ink(st, &top, &bottom, &l, &r);
	OK(n && n->x >= r - EPS);
	gal_math_box_free(d);
	gal_math_box_free(t);

	/* \lim: limits below in display, a subscript inline */
	d = lay("\\lim_{x} f", 1, 0);
	t = lay("\\lim_{x} f", 0, 0);
	const gal_math_item *xd = find(d, "𝑥"), *xt = find(t, "𝑥"), *ld = find(d, "l"),
			    *lt = find(t, "l");
	OK(xd && xt && ld && lt);
	if (xd && xt && ld && lt) {
		OK(xd->x < ld->x + SIZE && xd->y < -SIZE * 0.3);
		OK(xt->x > lt->x + SIZE && xt->y > -SIZE * 0.5);
	}
	gal_math_box_free(d);
	gal_math_box_free(t);

	/* an integral too, written in TeX or MathML: at display size in
	 * display style, its limits scripts at its right all the same */
	const char *ints[][2] = {
		{ "\\int_0^1 f", NULL },
		{ NULL, "<math display=\"block\"><msubsup><mo>∫</mo><mn>0</mn><mn>1</mn></msubsup>"
			"<mi>f</mi></math>" },
	};
	for (size_t j = 0; j < 2; j++) {
		d = ints[j][0] ? lay(ints[j][0], 1, 0) : lay_mml(ints[j][1], 1);
		t = ints[j][0] ? lay(ints[j][0], 0, 0) : lay_mml(ints[j][1], 0);
		const gal_math_item *id = find(d, "∫"), *it = find(t, "∫"), *one = find(d, "1");
		OK(id && it && one);
		if (!id || !it || !one)
			continue;
		OK(glyph_height(d, id) >= k(HB_OT_MATH_CONSTANT_DISPLAY_OPERATOR_MIN_HEIGHT) - EPS);
		OK(glyph_height(d, id) > glyph_height(t, it) * 1.2);
		ink(id, &top, &bottom, &l, &r);
		OK(one->x > l + (r - l) / 2);
		gal_math_box_free(d);
		gal_math_box_free(t);
	}
}

/* The reading of each child of the outermost row in its own place: in
 * order, side by side, each over its own items, a fraction's whole
 * reading over the fraction; a formula broken across lines or pieces
 * keeps them, each in its line. */
static void test_reading_spans(void)
{
	gal_math_box *b = lay("x + \\frac{a}{b} = y_i", 0, 0);
	OK(b && b->n_rspans == 5);
	static const char *const want[] = { "x", "+", "a / b", "=", "yᵢ" };
	for (size_t i = 0; b && i < b->n_rspans && i < 5; i++) {
		const gal_math_rspan *r = &b->rspans[i];
		STR_EQ(r->text, want[i]);
		OK(r->x1 > r->x0);
		OK(i == 0 || r->x0 >= b->rspans[i - 1].x1 - 0.01);
		OK(i == 0 || r->first > b->rspans[i - 1].first);
		/* its first item stands where it starts */
		OK(fabs(b->items[r->first].x - r->x0) < 0.5 * SIZE);
	}
	gal_math_box_free(b);
	/* a display formula broken in two: every child read once, the
	 * continuation's moved with its items */
	gal_buf sum = GAL_BUF_INIT;
	gal_buf_puts(&sum, "S = ");
	for (int i = 1; i <= 30; i++)
		gal_buf_printf(&sum, "%sa_{%d}", i > 1 ? " + " : "", i);
	b = lay(sum.data, 1, 20 * SIZE);
	gal_buf_free(&sum);
	OK(b && b->n_lines > 1 && b->n_rspans == 61);
	for (size_t i = 0; b && i < b->n_rspans; i++) {
		const gal_math_rspan *r = &b->rspans[i];
		OK(fabs(b->items[r->first].x - r->x0) < 0.5 * SIZE);
	}
	gal_math_box_free(b);
}

/* a prime: TeX's x' a superscript prime, which the math font (TeX
 * Gyre's, with no script form of it) draws raised at the base's size,
 * on the baseline right after the base; with a subscript, that goes
 * below as usual. The typewriter's quote in MathML a prime at the
 * base's level, '' a double one */
static void test_primes(void)
{
	gal_math_box *b = lay("f'", 0, 0);
	const gal_math_item *f = find(b, "𝑓"), *p = find(b, "′");
	OK(f && p && p->x > f->x && p->y == f->y && p->size == f->size);
	gal_math_box_free(b);
	b = lay("f'_i", 0, 0);
	f = find(b, "𝑓"), p = find(b, "′");
	const gal_math_item *i = find(b, "𝑖");
	OK(f && p && i && p->y == f->y && p->size == f->size);
	OK(f && i && i->y < f->y && i->size < f->size);
	gal_math_box_free(b);
	b = lay_mml("<math><mi>H</mi><mi>'</mi><mo>+</mo><mi>G</mi><mo>''</mo></math>", 0);
	const gal_math_item *h = find(b, "𝐻");
	p = find(b, "′");
	OK(h && p && !find(b, "'") && find(b, "″"));
	OK(h && p && p->x > h->x && p->y == h->y && p->size == h->size);
	gal_math_box_free(b);
	/* text keeps its quote */
	b = lay_mml("<math><mtext>don't</mtext></math>", 0);
	OK(b && b->text && strstr(b->text, "don't") && !strstr(b->text, "′"));
	gal_math_box_free(b);
}

/* the middle of a glyph item's ink, left to right */
static double ink_mid(const gal_math_item *it)
{
	double t, b, l, r;
	ink(it, &t, &b, &l, &r);
	return (l + r) / 2;
}

static void test_accents_and_more(void)
{
	gal_math_box *b = lay("\\hat{x}", 1, 0);
	const gal_math_item *x = find(b, "𝑥"), *hat = find(b, "^");
	OK(x && hat);
	if (x && hat) {
		double xt, xb, xl, xr, ht, hb2, hl, hr;
		ink(x, &xt, &xb, &xl, &xr);
		ink(hat, &ht, &hb2, &hl, &hr);
		OK(hb2 >= xt - EPS);                     /* above the x */
		OK(hl < xr && hr > xl);                  /* over it */
	}
	gal_math_box_free(b);

	/* an accent over a space centres on the space, not on its left
	 * edge: the combining mark's ink lies left of its origin */
	b = lay("x\\hat{\\ }y", 0, 0);
	const gal_math_item *ax = find(b, "𝑥"), *ay = find(b, "𝑦"), *ah = find(b, "^");
	OK(ax && ay && ah);
	if (ax && ay && ah) {
		double t, bo, xl, xr, yl, yr, hl, hr;
		ink(ax, &t, &bo, &xl, &xr);
		ink(ay, &t, &bo, &yl, &yr);
		ink(ah, &t, &bo, &hl, &hr);
		double mid = (hl + hr) / 2;
		OK(mid > xr && mid < yl);
	}
	gal_math_box_free(b);

	/* \overset{\hat{\ }}{q}, MathType's hat: over the q's middle */
	b = lay("\\overset{\\hat{\\ }}{q}", 0, 0);
	const gal_math_item *q = find(b, "𝑞"), *qh = find(b, "^");
	OK(q && qh && fabs(ink_mid(qh) - ink_mid(q)) < 0.1 * SIZE);
	gal_math_box_free(b);

	/* an accent under its base centres under it too */
	b = lay_mml("<math><munder accentunder=\"true\"><mi>x</mi><mo stretchy=\"false\">~</mo></munder></math>", 0);
	const gal_math_item *ux = find(b, "𝑥"), *ut = find(b, "~");
	OK(ux && ut && fabs(ink_mid(ut) - ink_mid(ux)) < 0.1 * SIZE);
	gal_math_box_free(b);

	/* \overline is a rule above its base */
	b = lay("\\overline{AB}", 1, 0);
	const gal_math_item *r = first_of(b, GAL_MI_RULE), *a = find(b, "𝐴");
	OK(r && a && r->y > SIZE * 0.6 &&
	   fabs(r->h - k(HB_OT_MATH_CONSTANT_OVERBAR_RULE_THICKNESS)) < EPS);
	gal_math_box_free(b);

	/* a phantom takes space and shows nothing */
	gal_math_box *ph = lay("\\phantom{xyz}", 0, 0);
	OK(ph && ph->n_items == 0 && ph->width > SIZE);
	gal_math_box_free(ph);

	/* each mlabeledtr's label is laid out apart, with its row's line:
	 * none is lost */
	b = lay_mml("<math display=\"block\"><mtable><mlabeledtr><mtd><mtext>(1)</mtext></mtd>"
		    "<mtd><mi>E</mi></mtd></mlabeledtr><mlabeledtr><mtd><mtext>(2)</mtext></mtd>"
		    "<mtd><mi>F</mi></mtd></mlabeledtr></mtable></math>", 1);
	OK(b && b->n_row_labels == 2 && b->n_lines == 2);
	for (size_t i = 0; b && i < b->n_row_labels; i++) {
		const gal_math_line *tag = &b->row_labels[i].box;
		const gal_math_item *it = &b->items[tag->first + 1];
		OK(b->row_labels[i].line == i && tag->n == 3 && tag->width > 0);
		OK(it->text >= 0 && b->text[it->text] == (char)('1' + i));
		/* apart from the rows' items */
		OK(tag->first >= b->lines[b->n_lines - 1].first + b->lines[b->n_lines - 1].n);
	}
	gal_math_box_free(b);

	/* a character the math font lacks comes from a fallback face */
	b = lay_mml("<math><mtext>日</mtext></math>", 0);
	const gal_math_item *cjk = find(b, "日");
	OK(cjk && cjk->face > 0 && cjk->glyph != 0);
	gal_math_box_free(b);
}

static void test_breaking(void)
{
	const char *f = "(a+b)^3 = (a+b)(a+b)(a+b) = a^3 + 3a^2 b + 3 a b^2 + b^3";
	gal_math_box *one = lay(f, 1, 0), *b = lay(f, 1, 150);
	OK(one && one->n_lines == 1 && one->width > 150);
	OK(b && b->n_lines >= 2);
	if (b && b->n_lines >= 2) {
		for (size_t i = 0; i < b->n_lines; i++)
			OK(b->lines[i].indent + b->lines[i].width <= 150 + EPS);
		OK(b->width <= 150 + EPS);
		OK(b->scale == 1);
		/* the second line starts with the relation, indented */
		const gal_math_item *first = &b->items[b->lines[1].first];
		OK(first->text >= 0 && b->text[first->text] == '=');
		OK(b->lines[1].indent > 0);
		OK(b->depth > b->lines[0].depth + b->lines[1].height);
	}
	gal_math_box_free(b);
	gal_math_box_free(one);

	/* a sum too long for its line breaks before a binary operator */
	b = lay("y = a_1 + a_2 + a_3 + a_4 + a_5 + a_6 + a_7 + a_8 + a_9 + a_{10} + a_{11}", 1, 100);
	OK(b && b->n_lines >= 2);
	if (b && b->n_lines >= 2) {
		const gal_math_item *first = &b->items[b->lines[1].first];
		OK(first->text >= 0 && b->text[first->text] == '+');
		for (size_t i = 0; i < b->n_lines; i++)
			OK(b->lines[i].indent + b->lines[i].width <= 100 + EPS);
	}
	gal_math_box_free(b);

	/* MathML that wraps a side in an mrow breaks inside it, not inside
	 * its brackets */
	gal_math *m = NULL;
	const char *src = "<math display=\"block\"><mrow><mi>y</mi><mo>=</mo><mrow>"
			  "<msub><mi>a</mi><mn>1</mn></msub><mo>+</mo><msub><mi>a</mi><mn>2</mn></msub><mo>+</mo>"
			  "<msub><mi>a</mi><mn>3</mn></msub><mo>+</mo><msub><mi>a</mi><mn>4</mn></msub><mo>+</mo>"
			  "<mrow><mo>(</mo><mi>b</mi><mo>+</mo><mi>c</mi><mo>)</mo></mrow><mo>+</mo>"
			  "<msub><mi>a</mi><mn>5</mn></msub></mrow></mrow></math>";
	gal_math_layout_opts o = { SIZE, 1, 80, 0 };
	b = NULL;
	if (gal_math_from_mathml(src, strlen(src), &m, NULL) == 0)
		gal_math_layout(m, font, &o, &b, NULL);
	OK(b && b->n_lines >= 2 && b->scale == 1);
	for (size_t i = 1; b && i < b->n_lines; i++) {
		const gal_math_item *first = &b->items[b->lines[i].first];
		OK(first->text >= 0 && b->text[first->text] == '+');
	}
	gal_math_box_free(b);
	gal_math_free(m);

	/* an mstyle (LaTeXML's \\displaystyle) is a row too: a side in one
	 * breaks at its binary operators rather than shrink to fit */
	src = "<math display=\"block\"><mrow><mi>y</mi><mo>=</mo><mstyle displaystyle=\"true\"><mrow>"
	      "<msub><mi>a</mi><mn>1</mn></msub><mo>+</mo><msub><mi>a</mi><mn>2</mn></msub><mo>+</mo>"
	      "<msub><mi>a</mi><mn>3</mn></msub><mo>+</mo><msub><mi>a</mi><mn>4</mn></msub><mo>+</mo>"
	      "<msub><mi>a</mi><mn>5</mn></msub></mrow></mstyle></mrow></math>";
	b = lay_mml_at(src, 80);
	OK(b && b->n_lines >= 2 && b->scale == 1);
	for (size_t i = 1; b && i < b->n_lines; i++) {
		const gal_math_item *first = &b->items[b->lines[i].first];
		OK(first->text >= 0 && b->text[first->text] == '+');
	}
	gal_math_box_free(b);

	/* a product no operator divides breaks between its factors, at
	 * MathML's invisible times, its next line under the right side */
	gal_buf pb = GAL_BUF_INIT;
	gal_buf_puts(&pb, "<math display=\"block\"><mrow><mi>U</mi><mo>=</mo><mrow>");
	for (int i = 0; i < 16; i++)
		gal_buf_printf(&pb, "%s<msub><mi>&#x3C8;</mi><mn>%d</mn></msub>", i ? "<mo>&#x2062;</mo>" : "", i);
	gal_buf_puts(&pb, "</mrow></mrow></math>");
	b = lay_mml_at(pb.data, 80);
	gal_buf_free(&pb);
	OK(b && b->n_lines >= 2 && b->scale == 1);
	if (b && b->n_lines >= 2) {
		/* U = ... on the first line: not the left side alone */
		const gal_math_item *eq = find(b, "=");
		OK(eq && eq >= b->items + b->lines[0].first &&
		   eq < b->items + b->lines[0].first + b->lines[0].n);
		OK(eq && b->lines[1].indent > eq->x + eq->w);
		for (size_t i = 0; i < b->n_lines; i++)
			OK(b->lines[i].indent + b->lines[i].width <= 80 + EPS);
	}
	gal_math_box_free(b);

	/* an equation alone in a table of one cell breaks as the equation */
	src = "<math display=\"block\"><mtable displaystyle=\"true\"><mtr><mtd columnalign=\"right\">"
	      "<mi>y</mi><mo>=</mo>" SUM_A1_A6 "</mtd></mtr></mtable></math>";
	b = lay_mml_at(src, 80);
	OK(b && b->n_lines >= 2 && b->scale == 1);
	gal_math_box_free(b);

	/* a gather of equations (a one-column table) too wide for its
	 * measure: each row its own equation, the wide one broken, none
	 * scaled, every row with its reading */
	src = "<math display=\"block\"><mtable columnalign=\"left\">"
	      "<mtr><mtd><mi>x</mi><mo>=</mo><mn>1</mn></mtd></mtr>"
	      "<mtr><mtd><mi>y</mi><mo>=</mo>" SUM_A1_A6 "</mtd></mtr>"
	      "<mtr><mtd><mi>z</mi><mo>=</mo><mn>2</mn></mtd></mtr></mtable></math>";
	b = lay_mml_at(src, 80);
	OK(b && b->n_lines >= 4 && b->scale == 1 && b->width <= 80 + EPS);
	if (b && b->n_lines >= 4) {
		/* x = 1 first, z = 2 last, both at the left */
		const gal_math_item *x = find(b, "𝑥"), *z = find(b, "𝑧");
		OK(x && x == b->items + b->lines[0].first && b->lines[0].indent == 0);
		const gal_math_line *last = &b->lines[b->n_lines - 1];
		OK(z && z == b->items + last->first && last->indent == 0);
		size_t with = 0;
		for (size_t i = 0; i < b->n_lines; i++)
			for (size_t k = 0; k < b->n_rspans; k++)
				if (b->rspans[k].first >= b->lines[i].first &&
				    b->rspans[k].first < b->lines[i].first + b->lines[i].n) {
					with++;
					break;
				}
		OK(with == b->n_lines);
	}
	gal_math_box_free(b);

	/* a gather taller than the page: a line per row though it fits the
	 * measure, that a page may break between them */
	src = "<math display=\"block\"><mtable>"
	      "<mtr><mtd><mi>x</mi></mtd></mtr><mtr><mtd><mi>y</mi></mtd></mtr>"
	      "<mtr><mtd><mi>z</mi></mtd></mtr></mtable></math>";
	gal_math *tm = NULL;
	gal_math_layout_opts tall = { SIZE, 1, 80, 20 };
	b = NULL;
	if (gal_math_from_mathml(src, strlen(src), &tm, NULL) == 0)
		gal_math_layout(tm, font, &tall, &b, NULL);
	OK(b && b->n_lines == 3 && b->scale == 1);
	gal_math_box_free(b);
	tall.max_height = 0;
	b = NULL;
	if (tm)
		gal_math_layout(tm, font, &tall, &b, NULL);
	OK(b && b->n_lines == 1);
	gal_math_box_free(b);
	gal_math_free(tm);

	/* an align (left sides, then relations and right sides) too wide:
	 * a right side breaks, its next line under the right column, the
	 * left sides whole */
	src = "<math display=\"block\"><mtable columnalign=\"right left\">"
	      "<mtr><mtd><mi>y</mi></mtd><mtd><mo>=</mo>" SUM_A1_A6 "</mtd></mtr>"
	      "<mtr><mtd/><mtd><mo>=</mo><mi>z</mi></mtd></mtr></mtable></math>";
	b = lay_mml_at(src, 80);
	OK(b && b->n_lines >= 3 && b->scale == 1 && b->width <= 80 + EPS);
	if (b && b->n_lines >= 3) {
		const gal_math_item *y = find(b, "𝑦"), *eq = find(b, "=");
		/* y and its = on the first line, y left of the = */
		OK(y && eq && y == b->items + b->lines[0].first && y->x < eq->x);
		OK(eq && eq < b->items + b->lines[0].first + b->lines[0].n);
		/* the right side goes on under the right column, the last
		 * row's = at that column's start */
		for (size_t i = 1; eq && i < b->n_lines; i++)
			OK(b->lines[i].indent >= eq->x - EPS);
		const gal_math_line *last = &b->lines[b->n_lines - 1];
		const gal_math_item *eq2 = &b->items[last->first];
		OK(eq && eq2->text >= 0 && b->text[eq2->text] == '=' && fabs(eq2->x - eq->x) < EPS);
	}
	gal_math_box_free(b);

	/* rows that cannot break are set at one size, the one the widest
	 * needs: not each scaled apart */
	src = "<math display=\"block\"><mtable>"
	      "<mtr><mtd><mi>a</mi><mi>b</mi><mi>c</mi><mi>d</mi><mi>e</mi><mi>f</mi><mi>g</mi>"
	      "<mi>h</mi><mi>i</mi><mi>j</mi><mi>k</mi><mi>l</mi><mi>m</mi><mi>n</mi><mi>o</mi><mi>p</mi>"
	      "<mi>q</mi><mi>r</mi><mi>s</mi><mi>t</mi><mi>u</mi><mi>v</mi><mi>w</mi></mtd></mtr>"
	      "<mtr><mtd><mi>x</mi></mtd></mtr></mtable></math>";
	b = lay_mml_at(src, 80);
	OK(b && b->scale < 1 && b->width <= 80 + EPS);
	const gal_math_item *ra = find(b, "𝑎"), *rx = find(b, "𝑥");
	OK(ra && rx && fabs(ra->size - rx->size) < EPS);
	gal_math_box_free(b);

	/* lines that would still need scaling down more than the whole: the
	 * whole, on one line */
	b = lay("x = \\left(a_1 a_2 a_3 a_4 a_5 a_6 a_7 a_8 a_9 a_{10} a_{11} a_{12}\\right)^T", 1, 60);
	gal_math_box *whole = lay("x = \\left(a_1 a_2 a_3 a_4 a_5 a_6 a_7 a_8 a_9 a_{10} a_{11} a_{12}\\right)^T", 1, 0);
	OK(b && whole && b->n_lines == 1 && fabs(b->scale - 60 / whole->width) < 1e-6);
	gal_math_box_free(whole);
	gal_math_box_free(b);

	/* nothing to break at: scaled down to the measure, never wider */
	b = lay("\\left(\\frac{a_1 a_2 a_3 a_4 a_5 a_6 a_7 a_8 a_9}{b}\\right)", 1, 40);
	OK(b && b->n_lines == 1 && b->scale < 1 && b->width <= 40 + EPS);
	gal_math_box_free(b);

	/* inline formulas are never broken into lines here (the
	 * paragraph breaks them between their pieces) */
	b = lay(f, 0, 50);
	OK(b && b->n_lines == 1 && b->scale == 1 && b->n_pieces > 1);
	gal_math_box_free(b);
}

/* the characters a piece of an inline formula shows */
static const char *piece_text(const gal_math_box *b, size_t i)
{
	static char out[256];
	size_t n = 0;
	const gal_math_line *ln = &b->pieces[i].line;
	for (size_t k = ln->first; k < ln->first + ln->n; k++) {
		const gal_math_item *it = &b->items[k];
		if (it->kind == GAL_MI_GLYPH && it->text >= 0 && n + (size_t)it->text_len < sizeof out) {
			memcpy(out + n, b->text + it->text, (size_t)it->text_len);
			n += (size_t)it->text_len;
		}
	}
	out[n] = '\0';
	return out;
}

/* the pieces of an inline formula: cut where TeX's glue and breaks are */
static void test_inline_pieces(void)
{
	gal_math_box *b = lay("a = b + c - d", 0, 0);
	OK(b && b->n_pieces == 7);
	if (b && b->n_pieces == 7) {
		static const char *const text[] = { "𝑎", "=", "𝑏", "+", "𝑐", "−", "𝑑" };
		static const int pen[] = { 10000, 500, 10000, 700, 10000, 700, 10000 };
		double x = 0;
		size_t items = 0;
		for (size_t i = 0; i < 7; i++) {
			const gal_math_piece *pc = &b->pieces[i];
			STR_EQ(piece_text(b, i), text[i]);
			INT_EQ(pc->penalty, pen[i]);
			/* the pieces and the spaces between them make the line,
			 * and their items are the line's, each once */
			OK(fabs(pc->line.indent - x) < EPS);
			x += pc->line.width + pc->gap;
			OK(pc->line.first == items);
			items += pc->line.n;
		}
		OK(fabs(x - b->width) < EPS);
		OK(items == b->lines[0].n);
		/* a relation's thick space stretches by itself, a binary
		 * operator's medium space by half and shrinks to nothing */
		double thick = 5 / 18.0 * SIZE, med = 4 / 18.0 * SIZE;
		OK(fabs(b->pieces[1].gap - thick) < EPS && fabs(b->pieces[1].stretch - thick) < EPS);
		OK(b->pieces[1].shrink == 0);
		OK(fabs(b->pieces[3].gap - med) < EPS && fabs(b->pieces[3].stretch - med / 2) < EPS);
		OK(fabs(b->pieces[3].shrink - med) < EPS);
		OK(b->pieces[6].gap == 0);
	}
	gal_math_box_free(b);

	/* a sign after a relation is no binary operator: no space after
	 * it, no break; nothing breaks inside a fraction or a script;
	 * \left ... \right only at 1000 more, its spaces rigid; (c + d)
	 * breaks as TeX's plain brackets do */
	b = lay("f(x) = -x^{a+b} + \\frac{a+b}{c} + \\left(a + b\\right) = (c + d)", 0, 0);
	OK(b != NULL);
	for (size_t i = 0; b && i < b->n_pieces; i++) {
		const char *t = piece_text(b, i);
		OK(strcmp(t, "−") != 0);
		if (strstr(t, "−"))
			STR_EQ(t, "−𝑥𝑎+𝑏");
		if (strstr(t, "𝑐") && strstr(t, "𝑎"))
			STR_EQ(t, "𝑎+𝑏𝑐");
		if (strstr(t, "(𝑎")) {
			STR_EQ(t, "(𝑎+");
			OK(b->pieces[i].penalty == 1700);
			OK(b->pieces[i].stretch == 0 && b->pieces[i].shrink == 0);
			OK(i + 1 < b->n_pieces && !strcmp(piece_text(b, i + 1), "𝑏)"));
		}
	}
	OK(b && b->n_pieces > 2 && !strcmp(piece_text(b, b->n_pieces - 3), "(𝑐"));
	OK(b && b->pieces[b->n_pieces - 2].penalty == 700);
	gal_math_box_free(b);

	/* a piece starts at its ink: a space after the operator before it
	 * belongs to the gap, which a line break drops */
	b = lay("a = ~b = \\quad c", 0, 0);
	OK(b && b->n_pieces == 5);
	for (size_t i = 2; b && i < b->n_pieces; i += 2) {
		const gal_math_piece *pc = &b->pieces[i];
		OK(pc->line.n > 0 && fabs(pc->line.indent - b->items[pc->line.first].x) < EPS);
		OK(b->pieces[i - 1].gap > 5 / 18.0 * SIZE + EPS);
	}
	gal_math_box_free(b);

	/* |x| is no relation */
	b = lay("|x| - y", 0, 0);
	OK(b && b->n_pieces == 3 && !strcmp(piece_text(b, 0), "|𝑥|"));
	gal_math_box_free(b);

	/* a piece wider than the measure is scaled down to it, about its
	 * start; the others stay as they are */
	b = lay("x = \\frac{a_1 + a_2 + a_3 + a_4 + a_5 + a_6}{b}", 0, 40);
	gal_math_box *natural = lay("x = \\frac{a_1 + a_2 + a_3 + a_4 + a_5 + a_6}{b}", 0, 0);
	OK(b && natural && b->n_pieces == 3 && natural->n_pieces == 3);
	if (b && natural && b->n_pieces == 3 && natural->n_pieces == 3) {
		OK(natural->pieces[2].line.width > 40);
		OK(fabs(b->pieces[2].line.width - 40) < EPS && b->scale < 1);
		OK(fabs(b->pieces[0].line.width - natural->pieces[0].line.width) < EPS);
		OK(fabs(b->pieces[2].line.indent - natural->pieces[2].line.indent) < EPS);
	}
	gal_math_box_free(b);
	gal_math_box_free(natural);

	/* a display formula has lines, not pieces */
	b = lay("a = b", 1, 0);
	OK(b && b->n_pieces == 0);
	gal_math_box_free(b);
}

/* random pieces of TeX: whatever parses lays out to finite, sane boxes */
static void test_robust(void)
{
	static const char *const pieces[] = {
		"x", "2", "+", "=", "^", "_", "{", "}", "\\frac", "\\sqrt", "[3]", "\\left(",
		"\\right)", "\\left.", "\\right|", "&", "\\\\", "\\begin{pmatrix}",
		"\\end{pmatrix}", "\\begin{aligned}", "\\end{aligned}", "\\sum", "\\int",
		"\\limits", "'", "\\hat", "\\overbrace", "\\text{a b}", "\\mathbf", "(", ")",
		"\\over", "\\big(", "\\quad", "\\not", "\\phantom", "\\boxed", "|",
	};
	unsigned seed = 12345;
	int parsed = 0, bad = 0;
	for (int i = 0; i < 3000; i++) {
		char src[512] = "";
		int n = (int)(seed % 12);
		for (int j = 0; j < n; j++) {
			seed = seed * 1103515245u + 12345u;
			strcat(src, pieces[(seed >> 16) % (sizeof pieces / sizeof pieces[0])]);
		}
		seed = seed * 1103515245u + 12345u;
		gal_math_box *b = lay(src, (int)(seed >> 20) & 1, (seed >> 21) & 1 ? 60 : 0);
		if (!b)
			continue;
		parsed++;
		if (!isfinite(b->width) || !isfinite(b->height) || !isfinite(b->depth) ||
		    b->width < 0 || b->n_lines < 1)
			bad++;
		for (size_t k2 = 0; k2 < b->n_items; k2++)
			if (!isfinite(b->items[k2].x) || !isfinite(b->items[k2].y))
				bad++;
		gal_math_box_free(b);
	}
	OK(parsed > 100);
	INT_EQ(bad, 0);

	/* MathML of any arity: elements with too few or too many children */
	static const char *const tags[] = {
		"mrow", "mfrac", "msqrt", "mroot", "msub", "msup", "msubsup", "munder", "mover",
		"munderover", "mmultiscripts", "mtable", "mtr", "mtd", "mstyle", "mpadded",
		"mphantom", "menclose", "mlabeledtr",
	};
	static const char *const leaves[] = {
		"<mi>x</mi>", "<mn>2</mn>", "<mo>(</mo>", "<mo>)</mo>", "<mo>∑</mo>", "<mo>¯</mo>",
		"<mo stretchy=\"true\">|</mo>", "<mprescripts/>", "<none/>", "<mspace width=\"1em\"/>",
		"<mo>→</mo>", "<mtext>t</mtext>", "<mo>⏞</mo>",
	};
	bad = 0;
	for (int i = 0; i < 2000; i++) {
		gal_buf b = GAL_BUF_INIT;
		const char *stack[16];
		int depth = 0;
		gal_buf_puts(&b, "<math>");
		for (int j = 0; j < 30; j++) {
			seed = seed * 1103515245u + 12345u;
			unsigned r = (seed >> 16) % 3;
			if (r == 0 && depth < 16) {
				seed = seed * 1103515245u + 12345u;
				stack[depth] = tags[(seed >> 16) % (sizeof tags / sizeof tags[0])];
				gal_buf_printf(&b, "<%s>", stack[depth++]);
			} else if (r == 1 && depth > 0) {
				gal_buf_printf(&b, "</%s>", stack[--depth]);
			} else {
				seed = seed * 1103515245u + 12345u;
				gal_buf_puts(&b, leaves[(seed >> 16) % (sizeof leaves / sizeof leaves[0])]);
			}
		}
		while (depth > 0)
			gal_buf_printf(&b, "</%s>", stack[--depth]);
		gal_buf_puts(&b, "</math>");
		gal_math_box *mb = lay_mml(b.data, i & 1);
		if (!mb || !isfinite(mb->width) || !isfinite(mb->height) || mb->n_lines < 1)
			bad++;
		gal_math_box_free(mb);
		gal_buf_free(&b);
	}
	INT_EQ(bad, 0);
}

int main(void)
{
	gal_err err = { 0 };
	if (gal_math_font_load("TeX Gyre Schola Math", &font, &err) != 0) {
		fprintf(stderr, "test_math_layout: %s\n", err.message);
		return 1;
	}
	hb_blob_t *blob = hb_blob_create_from_file(gal_math_font_face_file(font, 0, NULL));
	hb_face_t *face = hb_face_create(blob, 0);
	hb = hb_font_create(face);
	upem = hb_face_get_upem(face);
	hb_font_set_scale(hb, (int)upem, (int)upem);
	STR_EQ(gal_math_font_family(font), "TeX Gyre Schola Math");
	test_fraction();
	test_scripts();
	test_radical();
	test_matrix();
	test_stretchy();
	test_large_operators();
	test_accents_and_more();
	test_primes();
	test_reading_spans();
	test_breaking();
	test_inline_pieces();
	test_robust();
	hb_font_destroy(hb);
	hb_face_destroy(face);
	hb_blob_destroy(blob);
	gal_math_font_free(font);
	return unit_done("math_layout");
}
