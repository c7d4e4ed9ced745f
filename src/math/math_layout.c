/* Math layout: a math tree to positioned glyphs and rules, after the
 * TeXbook's Appendix G and the layout rules of MathML Core, with every
 * distance taken from the font's MATH table.
 *
 * Each node becomes a box (width, height, depth) whose items are a
 * contiguous range of one growing array; a parent places a child by
 * moving that range. Recursion follows the tree, whose depth its readers
 * capped. Styles: display, text, script, scriptscript are (display,
 * level); cramped styles lower superscripts. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "math/mfont.h"
#include "math/mlayout.h"

#define C(L, c, k) (mf_const((L)->f, HB_OT_MATH_CONSTANT_##k) * (c)->size)

static double maxd(double a, double b)
{
	return a > b ? a : b;
}

/* ---- items ------------------------------------------------------------------ */

static gal_math_item *push(L *l)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 256;
		l->it = xrealloc(l->it, l->cap * sizeof *l->it);
	}
	gal_math_item *it = &l->it[l->n++];
	memset(it, 0, sizeof *it);
	it->text = -1;
	return it;
}

static void glyph(L *l, int face, unsigned gid, double size, double x, double y,
		  int text, int text_len)
{
	gal_math_item *it = push(l);
	it->kind = GAL_MI_GLYPH;
	it->face = face, it->glyph = gid, it->size = size;
	it->x = x, it->y = y;
	it->text = text, it->text_len = text_len;
}

void gal_mlayout_rule(L *l, double x, double y, double w, double h)
{
	gal_math_item *it = push(l);
	it->kind = GAL_MI_RULE;
	it->x = x, it->y = y, it->w = w, it->h = h;
}

void gal_mlayout_line(L *l, double x, double y, double dx, double dy, double width)
{
	gal_math_item *it = push(l);
	it->kind = GAL_MI_LINE;
	it->x = x, it->y = y, it->w = dx, it->h = dy, it->size = width;
}

void gal_mlayout_move(L *l, size_t first, size_t n, double dx, double dy)
{
	for (size_t i = first; i < first + n; i++)
		l->it[i].x += dx, l->it[i].y += dy;
}

static void place(L *l, const box *b, double dx, double dy)
{
	gal_mlayout_move(l, b->first, b->n, dx, dy);
}

box gal_mlayout_empty(L *l)
{
	box b;
	memset(&b, 0, sizeof b);
	b.first = l->n;
	return b;
}

/* the items laid out since b.first belong to b */
void gal_mlayout_close(L *l, box *b)
{
	b->n = l->n - b->first;
}

/* ---- styles ---------------------------------------------------------------- */

double gal_mlayout_size(const L *l, int level)
{
	if (level <= 0)
		return l->base;
	double pct = mf_const(l->f, level == 1 ? HB_OT_MATH_CONSTANT_SCRIPT_PERCENT_SCALE_DOWN
					       : HB_OT_MATH_CONSTANT_SCRIPT_SCRIPT_PERCENT_SCALE_DOWN);
	return l->base * (pct > 0 ? pct : level == 1 ? 71 : 50) / 100.0;
}

ctx gal_mlayout_level(const L *l, ctx c, int level)
{
	c.level = level < 0 ? 0 : level;
	c.size = gal_mlayout_size(l, c.level);
	return c;
}

/* the style of a script: one level smaller, not display */
static ctx script_ctx(const L *l, ctx c, int cramped)
{
	c = gal_mlayout_level(l, c, c.level + 1);
	c.display = 0;
	c.cramped = c.cramped || cramped;
	return c;
}

/* ---- tokens ---------------------------------------------------------------- */

static int utf8_count(const char *s)
{
	int n = 0;
	while (*s) {
		gal_math_utf8_next(&s);
		n++;
	}
	return n;
}

/* the characters to shape: mathvariant applied, ASCII minus made U+2212 */
static const char *token_chars(gal_buf *b, const gal_math_node *n, ctx c)
{
	const char *s = n->text ? n->text : "";
	gal_math_variant v = n->variant ? n->variant : c.variant;
	if (n->kind == GAL_M_MI && !v && utf8_count(s) == 1)
		v = GAL_MV_ITALIC;
	if (n->kind == GAL_M_MTEXT || n->kind == GAL_M_MS) {
		/* text keeps its letters; bold or italic text is still text */
		v = v == GAL_MV_DOUBLE_STRUCK || v == GAL_MV_SCRIPT || v == GAL_MV_FRAKTUR ? v : 0;
	}
	gal_buf_reset(b);
	if (n->kind == GAL_M_MS)
		gal_buf_putc(b, '"');
	while (*s) {
		unsigned cp = gal_math_utf8_next(&s);
		if (n->kind == GAL_M_MO && cp == '-')
			cp = 0x2212;
		if (cp == '\'' && n->kind != GAL_M_MTEXT && n->kind != GAL_M_MS) {
			/* x' is x prime, as in TeX: the typewriter's quote
			 * is no mathematical symbol; '' is a double prime */
			int k = 1;
			while (*s == '\'' && k < 4)
				s++, k++;
			cp = k == 1 ? 0x2032 : k == 2 ? 0x2033 : k == 3 ? 0x2034 : 0x2057;
		}
		gal_math_utf8_put(b, gal_math_variant_char(cp, v));
	}
	if (n->kind == GAL_M_MS)
		gal_buf_putc(b, '"');
	return b->data ? b->data : "";
}

/* shaped text at the context's size; the box knows its last glyph */
box gal_mlayout_text(L *l, const char *chars, ctx c)
{
	box b = gal_mlayout_empty(l);
	const mf_run *r = mf_shape(l->f, chars, c.level > 0 ? (c.level > 1 ? 2 : 1) : 0);
	size_t text0 = l->text.len;
	double pen = 0;
	gal_buf_puts(&l->text, chars);
	for (int i = 0; i < r->n; i++) {
		const mf_glyph *g = &r->g[i];
		mf_info in;
		int end = r->len;
		for (int k = i + 1; k < r->n; k++)
			if (r->g[k].cluster != g->cluster) {
				end = r->g[k].cluster;
				break;
			}
		int first = i == 0 || r->g[i - 1].cluster != g->cluster;
		mf_info_get(l->f, g->face, g->gid, &in);
		glyph(l, g->face, g->gid, c.size, pen + g->dx * c.size, g->dy * c.size,
		      first ? (int)text0 + g->cluster : -1, first ? end - g->cluster : 0);
		b.h = maxd(b.h, (in.h + g->dy) * c.size);
		b.d = maxd(b.d, (in.d - g->dy) * c.size);
		pen += g->adv * c.size;
		if (i == r->n - 1) {
			b.face = g->face, b.gid = g->gid, b.gsize = c.size;
			b.ic = in.ic * c.size;
			b.accent_x = pen - g->adv * c.size + in.accent_x * c.size;
		}
	}
	b.w = pen;
	if (r->n != 1)
		b.gid = 0, b.accent_x = b.w / 2;
	gal_mlayout_close(l, &b);
	return b;
}

static box lay_token(L *l, const gal_math_node *n, ctx c)
{
	gal_buf chars = GAL_BUF_INIT;
	box b = gal_mlayout_text(l, token_chars(&chars, n, c), c);
	gal_buf_free(&chars);
	b.is_char = n->text && utf8_count(n->text) == 1;
	/* TeX puts a character's italic correction into its width; a
	 * subscript takes it back (Appendix G, rule 17) */
	if (n->kind == GAL_M_MI && b.gid && b.ic > 0)
		b.w += b.ic;
	else
		b.ic = 0;
	return b;
}

/* ---- operators ------------------------------------------------------------ */

static int horizontal_char(unsigned cp)
{
	return (cp >= 0x2190 && cp <= 0x21FF && cp != 0x2191 && cp != 0x2193 && cp != 0x2195 &&
		cp != 0x21D1 && cp != 0x21D3 && cp != 0x21D5) ||
	       (cp >= 0x27F5 && cp <= 0x27FF) || cp == 0xAF || cp == 0x203E || cp == '^' ||
	       cp == '~' || cp == '_' || cp == 0x2C6 || cp == 0x2C7 || cp == 0x2DC ||
	       (cp >= 0x23DC && cp <= 0x23E1) || cp == 0x23B4 || cp == 0x23B5 ||
	       (cp >= 0x300 && cp <= 0x36F) || (cp >= 0x20D0 && cp <= 0x20FF) || cp == '=';
}

int gal_mlayout_op_horizontal(const gal_math_node *mo)
{
	const char *s = mo->text ? mo->text : "";
	return *s && horizontal_char(gal_math_utf8_next(&s));
}

/* the one code point of an operator, 0 when it has more or none */
static unsigned single_cp(const char *s)
{
	if (!s || !*s)
		return 0;
	unsigned cp = gal_math_utf8_next(&s);
	return *s ? 0 : cp;
}

static void set_op(L *l, box *b, const gal_math_node *mo, ctx c)
{
	gal_math_op op;
	gal_math_op_props(mo, c.size, &op);
	b->op = mo;
	b->opflags = op.flags;
	b->lspace = op.lspace * c.size;
	b->rspace = op.rspace * c.size;
	/* TeX sets no medium or thick spaces in script styles, nor the thin
	 * one after punctuation */
	if (c.level > 0 && (op.flags & GAL_OP_SEPARATOR) && mo->rspace.unit == GAL_MU_NONE)
		b->rspace = 0;
	if (c.level > 0) {
		if (op.lspace > 3.5 / 18 && mo->lspace.unit == GAL_MU_NONE)
			b->lspace = 0;
		if (op.rspace > 3.5 / 18 && mo->rspace.unit == GAL_MU_NONE)
			b->rspace = 0;
	}
	(void)l;
}

/* a stretched glyph, its pieces as items */
static box stretched(L *l, unsigned gid, int vertical, double size_pt, ctx c)
{
	mf_stretch s;
	box b = gal_mlayout_empty(l);
	mf_stretch_glyph(l->f, gid, vertical, size_pt / c.size, &s);
	for (int i = 0; i < s.n; i++)
		glyph(l, 0, s.p[i].gid, c.size, s.p[i].x * c.size, s.p[i].y * c.size,
		      -1, 0);
	b.w = s.w * c.size, b.h = s.h * c.size, b.d = s.d * c.size;
	b.ic = s.ic * c.size;
	if (s.n == 1)
		b.gid = s.p[0].gid, b.gsize = c.size;
	b.accent_x = b.w / 2;
	free(s.p);
	gal_mlayout_close(l, &b);
	return b;
}

/* give the first glyph of an operator drawn in pieces its characters */
static void own_text(L *l, box *b, const char *chars)
{
	if (!b->n)
		return;
	gal_math_item *it = &l->it[b->first];
	it->text = (int)l->text.len;
	it->text_len = (int)strlen(chars);
	gal_buf_puts(&l->text, chars);
}

/* vertical target: cover the row's height and depth around the axis as
 * TeX's \left and \right do (delimiterfactor 901, shortfall 5pt) */
static double delimiter_size(L *l, ctx c, double h, double d, int symmetric)
{
	if (!symmetric)
		return h + d;
	double axis = C(l, &c, AXIS_HEIGHT);
	double delta = maxd(h - axis, d + axis);
	return maxd(2 * delta * 0.901, 2 * delta - 0.5 * c.size);
}

static box lay_mo(L *l, const gal_math_node *n, ctx c, const target *t)
{
	gal_buf chars = GAL_BUF_INIT;
	const char *s = token_chars(&chars, n, c);
	unsigned cp = single_cp(s);
	box b;
	gal_math_op op;
	gal_math_op_props(n, c.size, &op);
	unsigned gid = cp ? mf_glyph_of(l->f, cp) : 0;
	if (cp >= 0x2061 && cp <= 0x2064) {
		b = gal_mlayout_empty(l);
	} else if (gid && (op.flags & GAL_OP_STRETCHY) && t && t->set &&
		   t->vertical == !horizontal_char(cp)) {
		double want = t->vertical ? delimiter_size(l, c, t->h, t->d, op.flags & GAL_OP_SYMMETRIC)
					  : t->w;
		double natural = t->vertical ? 0 : 0;
		if (n->minsize.unit != GAL_MU_NONE)
			want = maxd(want, gal_math_len_pt(n->minsize, c.size, c.size));
		if (n->maxsize.unit != GAL_MU_NONE && n->maxsize.unit != GAL_MU_PCT)
			want = fmin(want, gal_math_len_pt(n->maxsize, c.size, c.size));
		b = stretched(l, gid, t->vertical, maxd(want, natural), c);
		if (t->vertical) {
			/* centre on the axis, or cover the target's depth */
			double shift = (op.flags & GAL_OP_SYMMETRIC) || !t->h
				       ? C(l, &c, AXIS_HEIGHT) - (b.h - b.d) / 2 : -t->d + b.d;
			place(l, &b, 0, shift);
			b.h += shift, b.d -= shift;
		}
		own_text(l, &b, s);
	} else if (gid && (op.flags & GAL_OP_LARGEOP)) {
		unsigned g = c.display ? mf_display_op(l->f, gid) : gid;
		mf_info in;
		mf_info_get(l->f, 0, g, &in);
		b = gal_mlayout_empty(l);
		glyph(l, 0, g, c.size, 0, 0, (int)l->text.len, (int)strlen(s));
		gal_buf_puts(&l->text, s);
		gal_mlayout_close(l, &b);
		b.w = in.w * c.size, b.h = in.h * c.size, b.d = in.d * c.size;
		b.ic = in.ic * c.size;
		b.gid = g, b.gsize = c.size, b.accent_x = b.w / 2;
		double shift = C(l, &c, AXIS_HEIGHT) - (b.h - b.d) / 2;
		place(l, &b, 0, shift);
		b.h += shift, b.d -= shift;
		b.w += b.ic;
	} else if (gid && (op.flags & GAL_OP_STRETCHY) && n->minsize.unit == GAL_MU_EM) {
		/* \big and its kin: a fixed size without a row to cover */
		target big = { 1, 1, 0, 0, 0 };
		big.h = big.d = 0;
		b = stretched(l, gid, 1, gal_math_len_pt(n->minsize, c.size, c.size), c);
		double shift = C(l, &c, AXIS_HEIGHT) - (b.h - b.d) / 2;
		place(l, &b, 0, shift);
		b.h += shift, b.d -= shift;
		own_text(l, &b, s);
		(void)big;
	} else {
		b = gal_mlayout_text(l, s, c);
		b.ic = 0;
	}
	b.is_char = cp != 0;
	set_op(l, &b, n, c);
	gal_buf_free(&chars);
	return b;
}

/* ---- fractions -------------------------------------------------------------- */

static box lay_frac(L *l, const gal_math_node *n, ctx c)
{
	const gal_math_node *nn = gal_math_child(n, 0), *dn = gal_math_child(n, 1);
	ctx nc = c.display ? c : gal_mlayout_level(l, c, c.level + 1);
	nc.display = 0;
	ctx dc = nc;
	dc.cramped = 1;
	box b = gal_mlayout_empty(l);
	box num = nn ? gal_mlayout_node(l, nn, nc, NULL) : gal_mlayout_empty(l);
	box den = dn ? gal_mlayout_node(l, dn, dc, NULL) : gal_mlayout_empty(l);
	double axis = C(l, &c, AXIS_HEIGHT), t = C(l, &c, FRACTION_RULE_THICKNESS);
	if (n->linethickness.unit != GAL_MU_NONE)
		t = gal_math_len_pt(n->linethickness, c.size, t);
	double up, down;
	if (t > 0) {
		up = c.display ? C(l, &c, FRACTION_NUMERATOR_DISPLAY_STYLE_SHIFT_UP)
			       : C(l, &c, FRACTION_NUMERATOR_SHIFT_UP);
		down = c.display ? C(l, &c, FRACTION_DENOMINATOR_DISPLAY_STYLE_SHIFT_DOWN)
				 : C(l, &c, FRACTION_DENOMINATOR_SHIFT_DOWN);
		double gn = c.display ? C(l, &c, FRACTION_NUM_DISPLAY_STYLE_GAP_MIN)
				      : C(l, &c, FRACTION_NUMERATOR_GAP_MIN);
		double gd = c.display ? C(l, &c, FRACTION_DENOM_DISPLAY_STYLE_GAP_MIN)
				      : C(l, &c, FRACTION_DENOMINATOR_GAP_MIN);
		up = maxd(up, axis + t / 2 + gn + num.d);
		down = maxd(down, t / 2 + gd + den.h - axis);
	} else {
		up = c.display ? C(l, &c, STACK_TOP_DISPLAY_STYLE_SHIFT_UP) : C(l, &c, STACK_TOP_SHIFT_UP);
		down = c.display ? C(l, &c, STACK_BOTTOM_DISPLAY_STYLE_SHIFT_DOWN)
				 : C(l, &c, STACK_BOTTOM_SHIFT_DOWN);
		double gap = c.display ? C(l, &c, STACK_DISPLAY_STYLE_GAP_MIN) : C(l, &c, STACK_GAP_MIN);
		double have = (up - num.d) - (den.h - down);
		if (have < gap)
			up += (gap - have) / 2, down += (gap - have) / 2;
	}
	/* TeX's \nulldelimiterspace on either side */
	double pad = 0.12 * c.size, inner = maxd(num.w, den.w);
	if (n->bevelled) {
		box slash = gal_mlayout_text(l, "/", c);
		double gap = C(l, &c, SKEWED_FRACTION_HORIZONTAL_GAP) / 2;
		place(l, &num, 0, axis);
		place(l, &slash, num.w + gap, 0);
		place(l, &den, num.w + slash.w + 2 * gap, -axis / 2);
		b.w = num.w + slash.w + den.w + 2 * gap;
		b.h = maxd(num.h + axis, slash.h);
		b.d = maxd(den.d + axis / 2, slash.d);
		gal_mlayout_close(l, &b);
		return b;
	}
	place(l, &num, pad + (inner - num.w) / 2, up);
	place(l, &den, pad + (inner - den.w) / 2, -down);
	if (t > 0)
		gal_mlayout_rule(l, pad, axis - t / 2, inner, t);
	b.w = inner + 2 * pad;
	b.h = maxd(up + num.h, t > 0 ? axis + t / 2 : 0);
	b.d = maxd(down + den.d, 0);
	gal_mlayout_close(l, &b);
	return b;
}

/* ---- radicals ----------------------------------------------------------- */

static box lay_radical(L *l, const gal_math_node *n, ctx c)
{
	box b = gal_mlayout_empty(l);
	ctx bc = c;
	bc.cramped = 1;
	box base = n->kind == GAL_M_MROOT
		   ? (n->first ? gal_mlayout_node(l, n->first, bc, NULL) : gal_mlayout_empty(l))
		   : gal_mlayout_row(l, n->first, bc, 0, NULL);
	box index = gal_mlayout_empty(l);
	if (n->kind == GAL_M_MROOT && gal_math_child(n, 1)) {
		ctx ic = gal_mlayout_level(l, c, c.level + 2);
		ic.display = 0;
		index = gal_mlayout_node(l, gal_math_child(n, 1), ic, NULL);
	}
	double t = C(l, &c, RADICAL_RULE_THICKNESS);
	double gap = c.display ? C(l, &c, RADICAL_DISPLAY_STYLE_VERTICAL_GAP)
			       : C(l, &c, RADICAL_VERTICAL_GAP);
	double extra = C(l, &c, RADICAL_EXTRA_ASCENDER);
	double want = base.h + base.d + gap + t;
	unsigned gid = mf_glyph_of(l->f, 0x221A);
	box rad = stretched(l, gid, 1, want, c);
	own_text(l, &rad, "√");
	double total = rad.h + rad.d;
	if (total > want)
		gap += (total - want) / 2;
	double top = base.h + gap + t;
	place(l, &rad, 0, top - rad.h);
	double x = 0;
	if (index.n || index.w > 0) {
		double kb = C(l, &c, RADICAL_KERN_BEFORE_DEGREE), ka = C(l, &c, RADICAL_KERN_AFTER_DEGREE);
		double raise = mf_const(l->f, HB_OT_MATH_CONSTANT_RADICAL_DEGREE_BOTTOM_RAISE_PERCENT) / 100;
		double iy = (top - total) + raise * total + index.d;
		place(l, &index, kb, iy);
		x = maxd(0, kb + index.w + ka);
		b.h = maxd(b.h, iy + index.h);
	}
	place(l, &rad, x, 0);
	place(l, &base, x + rad.w, 0);
	gal_mlayout_rule(l, x + rad.w, top - t, base.w, t);
	b.w = x + rad.w + base.w;
	b.h = maxd(b.h, top + extra);
	b.d = maxd(base.d, total - top);
	gal_mlayout_close(l, &b);
	return b;
}

/* ---- scripts ------------------------------------------------------------- */

void gal_mlayout_script_shifts(L *l, const box *base, const box *sub, const box *sup,
			       ctx c, double *u_out, double *v_out)
{
	double u = 0, v = 0;
	if (sub) {
		u = maxd(C(l, &c, SUBSCRIPT_SHIFT_DOWN), sub->h - C(l, &c, SUBSCRIPT_TOP_MAX));
		if (!base->is_char)
			u = maxd(u, base->d + C(l, &c, SUBSCRIPT_BASELINE_DROP_MIN));
	}
	if (sup) {
		v = c.cramped ? C(l, &c, SUPERSCRIPT_SHIFT_UP_CRAMPED) : C(l, &c, SUPERSCRIPT_SHIFT_UP);
		v = maxd(v, sup->d + C(l, &c, SUPERSCRIPT_BOTTOM_MIN));
		if (!base->is_char)
			v = maxd(v, base->h - C(l, &c, SUPERSCRIPT_BASELINE_DROP_MAX));
	}
	if (sub && sup) {
		double gap = (v - sup->d) - (sub->h - u), min = C(l, &c, SUB_SUPERSCRIPT_GAP_MIN);
		if (gap < min) {
			u += min - gap;
			double psi = C(l, &c, SUPERSCRIPT_BOTTOM_MAX_WITH_SUBSCRIPT) - (v - sup->d);
			if (psi > 0) {
				v += psi;
				u -= psi;
			}
		}
	}
	*u_out = u;
	*v_out = v;
}

/* the cut-in of a script at a corner of a one-glyph base: the sum of
 * both glyphs' math kerning, at the two heights where they meet */
static double cut_in(L *l, const box *base, const box *s, int sup, double shift, ctx c)
{
	if (!base->gid || base->face != 0 || !s->gid || s->face != 0)
		return 0;
	double h1, h2, em = c.size, se = s->gsize;
	if (sup)
		h1 = shift - s->d, h2 = base->h;
	else
		h1 = -shift + s->h, h2 = -base->d;
	double k = -1e9;
	double hs[2] = { h1, h2 };
	for (int i = 0; i < 2; i++) {
		double kb = mf_kern(l->f, base->gid, sup ? HB_OT_MATH_KERN_TOP_RIGHT
							 : HB_OT_MATH_KERN_BOTTOM_RIGHT, hs[i] / base->gsize);
		double ks = mf_kern(l->f, s->gid, sup ? HB_OT_MATH_KERN_BOTTOM_LEFT
						      : HB_OT_MATH_KERN_TOP_LEFT,
				    (sup ? hs[i] - shift : hs[i] + shift) / se);
		k = maxd(k, kb * base->gsize + ks * se);
	}
	(void)em;
	return k < 0 ? k : 0;
}

/* whether a token is primes alone (′ ″ ‴ ⁗, or the quotes they are
 * written as) */
static int primes_only(const gal_math_node *n)
{
	if (!n || n->kind != GAL_M_MO || !n->text || !*n->text)
		return 0;
	for (const char *s = n->text; *s;) {
		unsigned cp = gal_math_utf8_next(&s);
		if (cp != '\'' && (cp < 0x2032 || cp > 0x2034) && cp != 0x2057)
			return 0;
	}
	return 1;
}

/* A prime as a superscript (f', MathML's <msup><mi>f</mi><mo>′</mo>):
 * a font with a script form of it ('ssty') sets that in the
 * superscript's place; one without (TeX Gyre's) draws its prime already
 * raised at the text's size, as TeX's \prime in a superscript looks,
 * and the prime is set so, on the baseline, where a script-size one
 * shifted up would stand small and high. */
static int prime_on_baseline(L *l, const gal_math_node *supn)
{
	if (!primes_only(supn))
		return 0;
	const mf_run *r0 = mf_shape(l->f, "\u2032", 0);
	unsigned g0 = r0->n ? r0->g[0].gid : 0;
	const mf_run *r1 = mf_shape(l->f, "\u2032", 1);
	return r1->n && r1->g[0].gid == g0;
}

static box lay_scripts(L *l, const gal_math_node *bn, const gal_math_node *subn,
		       const gal_math_node *supn, ctx c, const target *t)
{
	box b = gal_mlayout_empty(l);
	box base = gal_mlayout_node(l, bn, c, t), sub, sup;
	int prime = prime_on_baseline(l, supn);
	if (subn)
		sub = gal_mlayout_node(l, subn, script_ctx(l, c, 1), NULL);
	if (supn)
		sup = gal_mlayout_node(l, supn, prime ? c : script_ctx(l, c, 0), NULL);
	double u, v;
	gal_mlayout_script_shifts(l, &base, subn ? &sub : NULL, supn && !prime ? &sup : NULL,
				  c, &u, &v);
	double w = base.w;
	if (subn) {
		double x = base.w - base.ic + cut_in(l, &base, &sub, 0, u, c);
		place(l, &sub, x, -u);
		w = maxd(w, x + sub.w);
	}
	if (supn && prime) {
		place(l, &sup, base.w, 0);
		w = maxd(w, base.w + sup.w);
	} else if (supn) {
		double x = base.w + cut_in(l, &base, &sup, 1, v, c);
		place(l, &sup, x, v);
		w = maxd(w, x + sup.w);
	}
	b.w = w + (prime && !subn ? 0 : C(l, &c, SPACE_AFTER_SCRIPT));
	b.h = maxd(base.h, supn ? (prime ? 0 : v) + sup.h : 0);
	b.d = maxd(base.d, subn ? u + sub.d : 0);
	gal_mlayout_close(l, &b);
	b.op = base.op, b.opflags = base.opflags;
	b.lspace = base.lspace, b.rspace = base.rspace;
	return b;
}

/* ---- under and over ------------------------------------------------------- */

static int is_accent(const gal_math_node *n, const gal_math_node *script, int under)
{
	unsigned char a = under ? n->accentunder : n->accent;
	if (a != GAL_MB_UNSET)
		return a == GAL_MB_TRUE;
	const gal_math_node *op = script ? gal_math_embellished_op(script) : NULL;
	if (!op)
		return 0;
	gal_math_op props;
	gal_math_op_props(op, 10, &props);
	return (props.flags & GAL_OP_ACCENT) != 0;
}

/* a bar over or under: drawn as a rule (\overline, \underline) */
static int bar_script(const gal_math_node *s)
{
	if (!s || s->kind != GAL_M_MO || !s->text)
		return 0;
	return !strcmp(s->text, "‾") || !strcmp(s->text, "¯") || !strcmp(s->text, "_") ||
	       !strcmp(s->text, "\u0332") || !strcmp(s->text, "\u0305");
}

/* accents drawn with the combining marks math fonts size for them */
static const char *accent_form(const char *s)
{
	static const char *const map[][2] = {
		{ "^", "\u0302" }, { "ˆ", "\u0302" }, { "~", "\u0303" }, { "˜", "\u0303" },
		{ "ˇ", "\u030C" }, { "˙", "\u0307" }, { "¨", "\u0308" }, { "→", "\u20D7" },
		{ "´", "\u0301" }, { "`", "\u0300" }, { "˘", "\u0306" }, { "˚", "\u030A" },
		{ "⃛", "\u20DB" }, { "←", "\u20D6" }, { "↔", "\u20E1" },
	};
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (!strcmp(map[i][0], s))
			return map[i][1];
	return NULL;
}

static box lay_accent_glyph(L *l, const gal_math_node *mo, ctx c, double width)
{
	const char *form = accent_form(mo->text ? mo->text : "");
	unsigned cp = form ? single_cp(form) : 0;
	unsigned gid = cp ? mf_glyph_of(l->f, cp) : 0;
	if (!gid)
		return gal_mlayout_node(l, mo, c, NULL);
	int stretchy = mo->stretchy != GAL_MB_FALSE;
	box b;
	if (stretchy && width > 0) {
		b = stretched(l, gid, 0, width, c);
	} else {
		b = gal_mlayout_empty(l);
		mf_info in;
		mf_info_get(l->f, 0, gid, &in);
		glyph(l, 0, gid, c.size, 0, 0, -1, 0);
		gal_mlayout_close(l, &b);
		b.w = in.w * c.size, b.h = in.h * c.size, b.d = in.d * c.size;
		b.gid = gid, b.gsize = c.size;
		b.accent_x = in.accent_x * c.size;
	}
	own_text(l, &b, mo->text);
	return b;
}

typedef struct {
	const gal_math_node *n;
	box b;
	int accent, bar, stretch;
} part;

static void lay_part(L *l, part *p, ctx c, double width, int base)
{
	if (!p->n)
		return;
	const gal_math_node *op = gal_math_embellished_op(p->n);
	target t = { 1, 0, 0, 0, width };
	if (p->bar) {
		p->b = gal_mlayout_empty(l);
		p->b.w = width;
	} else if (!base && p->accent && p->n->kind == GAL_M_MO && accent_form(p->n->text ? p->n->text : "")) {
		p->b = lay_accent_glyph(l, p->n, c, width);
	} else {
		p->b = gal_mlayout_node(l, p->n, c, op && width > 0 ? &t : NULL);
	}
	/* an arrow over a letter is a vector's, under lim it is "to" */
	for (size_t i = 0; !base && p->accent && i < p->b.n; i++)
		l->it[p->b.first + i].accent = 1;
}

/* the base with its limits, accents or bars above and below */
static box stack_parts(L *l, ctx c, part *base, part *under, part *over, int largeop, box b)
{
	double ic = largeop ? base->b.ic : 0, bw = base->b.w - ic;
	double h = base->b.h, d = base->b.d, xmin = 0, xmax = bw;
	double w = maxd(bw, maxd(under->n ? under->b.w : 0, over->n ? over->b.w : 0));
	double bx = (w - bw) / 2;
	place(l, &base->b, bx, 0);
	if (over->n && over->bar) {
		double gap = C(l, &c, OVERBAR_VERTICAL_GAP), th = C(l, &c, OVERBAR_RULE_THICKNESS);
		gal_mlayout_rule(l, bx, base->b.h + gap, bw, th);
		h = base->b.h + gap + th + C(l, &c, OVERBAR_EXTRA_ASCENDER);
	} else if (over->n) {
		double y, x = (w - over->b.w) / 2 + ic / 2;
		if (largeop)
			y = base->b.h + maxd(C(l, &c, UPPER_LIMIT_GAP_MIN) + over->b.d,
					     C(l, &c, UPPER_LIMIT_BASELINE_RISE_MIN));
		else if (over->accent)
			y = maxd(0, base->b.h - C(l, &c, ACCENT_BASE_HEIGHT));
		else if (base->stretch)
			y = maxd(C(l, &c, STRETCH_STACK_TOP_SHIFT_UP),
				 base->b.h + C(l, &c, STRETCH_STACK_GAP_ABOVE_MIN) + over->b.d);
		else
			y = base->b.h + C(l, &c, OVERBAR_VERTICAL_GAP) + over->b.d;
		/* an accent meets its base at their attachment points; a
		 * base that is no glyph (\hat{\ }, a row) by its middle */
		if (over->accent && !over->stretch && (base->b.gid || over->b.gid))
			x = bx + (base->b.gid ? base->b.accent_x : bw / 2) - over->b.accent_x;
		else if (over->accent && !over->stretch)
			x = bx + (bw - over->b.w) / 2;
		place(l, &over->b, x, y);
		h = maxd(h, y + over->b.h);
		if (!largeop && !over->accent)
			h += C(l, &c, OVERBAR_EXTRA_ASCENDER);
		xmin = fmin(xmin, x - bx), xmax = maxd(xmax, x - bx + over->b.w);
	}
	if (under->n && under->bar) {
		double gap = C(l, &c, UNDERBAR_VERTICAL_GAP), th = C(l, &c, UNDERBAR_RULE_THICKNESS);
		gal_mlayout_rule(l, bx, -base->b.d - gap - th, bw, th);
		d = base->b.d + gap + th + C(l, &c, UNDERBAR_EXTRA_DESCENDER);
	} else if (under->n) {
		double y, x = (w - under->b.w) / 2 - ic / 2;
		/* a combining mark has no advance: its ink centres */
		if (under->accent && !under->stretch && under->b.gid)
			x = bx + bw / 2 - under->b.accent_x - ic / 2;
		if (largeop)
			y = base->b.d + maxd(C(l, &c, LOWER_LIMIT_GAP_MIN) + under->b.h,
					     C(l, &c, LOWER_LIMIT_BASELINE_DROP_MIN));
		else if (under->accent)
			y = base->b.d + under->b.h;
		else if (base->stretch)
			y = maxd(C(l, &c, STRETCH_STACK_BOTTOM_SHIFT_DOWN),
				 base->b.d + C(l, &c, STRETCH_STACK_GAP_BELOW_MIN) + under->b.h);
		else
			y = base->b.d + C(l, &c, UNDERBAR_VERTICAL_GAP) + under->b.h;
		place(l, &under->b, x, -y);
		d = maxd(d, y + under->b.d);
		if (!largeop && !under->accent)
			d += C(l, &c, UNDERBAR_EXTRA_DESCENDER);
		xmin = fmin(xmin, x - bx), xmax = maxd(xmax, x - bx + under->b.w);
	}
	gal_mlayout_close(l, &b);
	/* a script wider than the stack on one side widens it */
	if (bx + xmin < 0)
		place(l, &b, -(bx + xmin), 0), w -= bx + xmin;
	b.w = maxd(w, xmax - xmin);
	b.h = h, b.d = d;
	b.op = base->b.op, b.opflags = base->b.opflags;
	b.lspace = base->b.lspace, b.rspace = base->b.rspace;
	if (!under->n && !largeop && over->accent) {
		/* an accented character is still a character for its scripts */
		b.is_char = base->b.is_char;
		b.ic = base->b.ic;
	}
	return b;
}

static box lay_underover(L *l, const gal_math_node *n, ctx c, const target *t)
{
	const gal_math_node *bn = n->first;
	const gal_math_node *un = n->kind == GAL_M_MOVER ? NULL : gal_math_child(n, 1);
	const gal_math_node *on = n->kind == GAL_M_MUNDER ? NULL
				  : gal_math_child(n, n->kind == GAL_M_MOVER ? 1 : 2);
	const gal_math_node *core = bn ? gal_math_embellished_op(bn) : NULL;
	gal_math_op props = { 0, 0, 0 };
	if (core)
		gal_math_op_props(core, c.size, &props);
	if (core && (props.flags & GAL_OP_MOVABLELIMITS) && !c.display)
		return lay_scripts(l, bn, un, on, c, t);
	part base = { .n = bn }, under = { .n = un }, over = { .n = on };
	under.accent = is_accent(n, un, 1);
	over.accent = is_accent(n, on, 0);
	under.bar = bar_script(un);
	over.bar = bar_script(on);
	ctx bc = c, uc = c, oc = c;
	if (over.accent)
		bc.cramped = 1;
	if (!under.accent)
		uc = script_ctx(l, c, 1);
	uc.display = 0, uc.cramped = 1;
	if (!over.accent)
		oc = script_ctx(l, c, 0);
	oc.display = 0;
	box b = gal_mlayout_empty(l);
	/* the stretchy parts take the width of the others */
	int base_stretch = core && bn->kind == GAL_M_MO && (props.flags & GAL_OP_STRETCHY) &&
			   gal_mlayout_op_horizontal(core);
	double w = 0;
	if (!base_stretch) {
		lay_part(l, &base, bc, 0, 1);
		w = base.b.w;
	}
	part *scripts[2] = { &under, &over };
	ctx sc[2] = { uc, oc };
	for (int i = 0; i < 2; i++) {
		const gal_math_node *sop = scripts[i]->n ? gal_math_embellished_op(scripts[i]->n) : NULL;
		scripts[i]->stretch = sop && !scripts[i]->bar &&
				      (sop->stretchy == GAL_MB_TRUE ||
				       (sop->stretchy == GAL_MB_UNSET && scripts[i]->n->kind == GAL_M_MO &&
					gal_mlayout_op_horizontal(sop)));
		if (!scripts[i]->stretch && !scripts[i]->bar) {
			lay_part(l, scripts[i], sc[i], 0, 0);
			if (base_stretch)
				w = maxd(w, scripts[i]->b.w);
		}
	}
	if (base_stretch) {
		lay_part(l, &base, bc, w, 1);
		base.stretch = 1;
	}
	for (int i = 0; i < 2; i++)
		if (scripts[i]->stretch || scripts[i]->bar)
			lay_part(l, scripts[i], sc[i], w, 0);
	return stack_parts(l, c, &base, &under, &over, core && (props.flags & GAL_OP_LARGEOP), b);
}

/* ---- rows ------------------------------------------------------------------ */

static int vertical_stretchy(const gal_math_node *n)
{
	const gal_math_node *op = gal_math_embellished_op(n);
	if (!op || gal_mlayout_op_horizontal(op) || single_cp(op->text) == 0)
		return 0;
	gal_math_op props;
	gal_math_op_props(op, 10, &props);
	return (props.flags & GAL_OP_STRETCHY) != 0;
}

/* whether a row child opens with a fence: no space after function
 * application before it (TeX: \sin(x), but \sin x) */
static int opens_with_fence(const gal_math_node *n)
{
	for (int depth = 0; n && depth < GAL_MATH_MAX_DEPTH; depth++) {
		if (n->kind == GAL_M_MO) {
			gal_math_op o;
			return n->text && gal_math_op_lookup(n->text, GAL_MF_PREFIX, 0, &o) &&
			       (o.flags & GAL_OP_FENCE);
		}
		if (n->kind != GAL_M_MROW && n->kind != GAL_M_MSUB && n->kind != GAL_M_MSUP &&
		    n->kind != GAL_M_MSUBSUP)
			return 0;
		n = n->first;
	}
	return 0;
}

/* whether an operator opens (+1) or closes (-1) a bracket; | and ‖,
 * which do both, count as neither */
static int fence_side(const gal_math_node *op)
{
	gal_math_op o;
	if (!op || !op->text || !strcmp(op->text, "|") || !strcmp(op->text, "‖"))
		return 0;
	if (gal_math_op_lookup(op->text, GAL_MF_PREFIX, 0, &o) && (o.flags & GAL_OP_FENCE))
		return 1;
	if (gal_math_op_lookup(op->text, GAL_MF_POSTFIX, 0, &o) && (o.flags & GAL_OP_FENCE))
		return -1;
	return 0;
}

#define ROW_MAX 4096   /* children of one row laid out at once */

/* a child of a row and the segments its own laying out recorded (an
 * inner row a display formula may break in) */
typedef struct {
	box b;
	size_t s0, sn;
} kid;

static int breakable(const L *l, const gal_math_node *row)
{
	for (size_t i = 0; i < l->n_break; i++)
		if (l->break_rows[i] == row)
			return 1;
	return 0;
}

/* Whether a bracket keeps its content together in running text, as
 * TeX's \left ... \right makes it one unbreakable subformula: one
 * that says it stretches, or one that stretches by default and grew
 * well past its own glyph around something tall (a fraction); not one
 * that says it does not (TeX's plain "(", after which a formula breaks
 * as anywhere else), nor one about as tall as its glyph: MathML
 * brackets stretch by default, and most enclose a line of symbols. */
static int keeps(L *l, const box *e, int side)
{
	if (!side || e->op->stretchy == GAL_MB_FALSE || !(e->opflags & GAL_OP_STRETCHY))
		return 0;
	if (e->op->stretchy == GAL_MB_TRUE)
		return 1;
	unsigned cp = single_cp(e->op->text), gid = cp ? mf_glyph_of(l->f, cp) : 0;
	if (e->n != 1 || !gid)
		return e->n != 1;
	mf_info in;
	mf_info_get(l->f, 0, gid, &in);
	return e->h + e->d > 1.25 * (in.h + in.d) * e->gsize;
}

static void record(L *l, double x0, double x1, double ls, double rs, const box *e,
		   const gal_math_node *node)
{
	if (l->n_seg == l->cap_seg) {
		l->cap_seg = l->cap_seg ? l->cap_seg * 2 : 64;
		l->seg = xrealloc(l->seg, l->cap_seg * sizeof *l->seg);
	}
	int side = fence_side(e->op);
	l->seg[l->n_seg++] = (segment){ x0, x1, ls, rs, e->h, e->d, e->first, e->n,
					e->op ? e->opflags : 0, side,
					side && keeps(l, e, side), node };
}

static void lay_kid(L *l, kid *k, const gal_math_node *n, ctx c, const target *t)
{
	k->s0 = l->n_seg;
	k->b = gal_mlayout_node(l, n, c, t);
	k->sn = l->n_seg - k->s0;
}

/* The items of a row's children in the children's order: the stretchy
 * ones, laid out last to cover the rest, would otherwise be painted,
 * and so copied out, after them ("a|b|" for "|a|b"). The segments the
 * children recorded move with their items. */
static void kids_in_order(L *l, kid *kd, int count, size_t first)
{
	size_t total = l->n - first, at = 0;
	for (int i = 0; i < count; i++)
		at += kd[i].b.n;
	if (at != total || !total)
		return;
	gal_math_item *tmp = xmalloc(total * sizeof *tmp);
	at = 0;
	for (int i = 0; i < count; i++) {
		kid *k = &kd[i];
		size_t to = first + at;
		memcpy(tmp + at, l->it + k->b.first, k->b.n * sizeof *tmp);
		for (size_t s = k->s0; s < k->s0 + k->sn; s++)
			l->seg[s].first = l->seg[s].first - k->b.first + to;
		k->b.first = to;
		at += k->b.n;
	}
	memcpy(l->it + first, tmp, total * sizeof *tmp);
	free(tmp);
}

box gal_mlayout_row(L *l, const gal_math_node *first, ctx c, int trim, const target *t)
{
	box b = gal_mlayout_empty(l);
	kid kids[64], *kd = kids;
	int count = 0;
	for (const gal_math_node *k = first; k && count < ROW_MAX; k = k->next)
		count++;
	if (count > 64)
		kd = xmalloc((size_t)count * sizeof *kd);
	int deferred = 0, i = 0;
	double h = 0, d = 0;
	/* everything but the stretchy operators first: they cover the rest */
	for (const gal_math_node *k = first; k && i < count; k = k->next, i++) {
		if (vertical_stretchy(k)) {
			deferred = 1;
			continue;
		}
		lay_kid(l, &kd[i], k, c, NULL);
		h = maxd(h, kd[i].b.h), d = maxd(d, kd[i].b.d);
	}
	if (t && t->set && t->vertical)
		h = maxd(h, t->h), d = maxd(d, t->d);
	target tt = { 1, 1, h, d, 0 };
	i = 0;
	for (const gal_math_node *k = first; deferred && k && i < count; k = k->next, i++)
		if (vertical_stretchy(k))
			lay_kid(l, &kd[i], k, c, &tt);
	if (deferred)
		kids_in_order(l, kd, count, b.first);
	int rec = first && breakable(l, first->parent);
	double x = 0;
	i = 0;
	for (const gal_math_node *k = first; k && i < count; k = k->next, i++) {
		box *e = &kd[i].b;
		double ls = e->op && !(trim && i == 0) ? e->lspace : 0;
		double rs = e->op && !(trim && i == count - 1) ? e->rspace : 0;
		if (e->op && single_cp(e->op->text) == 0x2061 && k->next && !opens_with_fence(k->next))
			rs = 3 / 18.0 * c.size;
		double x0 = x;
		x += ls;
		place(l, e, x, 0);
		/* an inner row's segments move with it; any other child is one */
		for (size_t s = kd[i].s0; s < kd[i].s0 + kd[i].sn; s++)
			l->seg[s].x0 += x, l->seg[s].x1 += x;
		x += e->w + rs;
		b.h = maxd(b.h, e->h), b.d = maxd(b.d, e->d);
		if (rec && !kd[i].sn)
			record(l, x0, x, ls, rs, e, k);
	}
	b.w = x;
	gal_mlayout_close(l, &b);
	if (count == 1) {
		/* a row of one stands for that one: operator, character, glyph */
		box one = kd[0].b;
		b.op = one.op, b.opflags = one.opflags, b.lspace = one.lspace, b.rspace = one.rspace;
		b.is_char = one.is_char, b.ic = one.ic, b.gid = one.gid, b.face = one.face;
		b.gsize = one.gsize, b.accent_x = one.accent_x;
	}
	if (kd != kids)
		free(kd);
	return b;
}

/* ---- the dispatch ------------------------------------------------------ */

static ctx style_of(L *l, const gal_math_node *n, ctx c)
{
	if (n->displaystyle != GAL_MB_UNSET)
		c.display = n->displaystyle == GAL_MB_TRUE;
	if (n->scriptlevel_mode == 1)
		c = gal_mlayout_level(l, c, n->scriptlevel);
	else if (n->scriptlevel_mode == 2)
		c = gal_mlayout_level(l, c, c.level + n->scriptlevel);
	if (n->variant)
		c.variant = n->variant;
	return c;
}

box gal_mlayout_node(L *l, const gal_math_node *n, ctx c, const target *t)
{
	switch (n->kind) {
	case GAL_M_MI: case GAL_M_MN: case GAL_M_MTEXT: case GAL_M_MS:
		return lay_token(l, n, c);
	case GAL_M_MO:
		return lay_mo(l, n, c, t);
	case GAL_M_MSPACE: {
		box b = gal_mlayout_empty(l);
		b.w = gal_math_len_pt(n->width, c.size, 0);
		b.h = gal_math_len_pt(n->height, c.size, 0);
		b.d = gal_math_len_pt(n->depth, c.size, 0);
		return b;
	}
	case GAL_M_MATH: case GAL_M_MROW: case GAL_M_MERROR: case GAL_M_MTD: case GAL_M_MTR:
	case GAL_M_MLABELEDTR:
		return gal_mlayout_row(l, n->first, c, 0, t);
	case GAL_M_MSTYLE:
		return gal_mlayout_row(l, n->first, style_of(l, n, c), 0, t);
	case GAL_M_MFRAC:
		return lay_frac(l, n, c);
	case GAL_M_MSQRT: case GAL_M_MROOT:
		return lay_radical(l, n, c);
	case GAL_M_MSUB: case GAL_M_MSUP: case GAL_M_MSUBSUP:
		if (!n->first)
			return gal_mlayout_empty(l);
		return lay_scripts(l, n->first,
				   n->kind == GAL_M_MSUP ? NULL : gal_math_child(n, 1),
				   n->kind == GAL_M_MSUB ? NULL
				   : gal_math_child(n, n->kind == GAL_M_MSUP ? 1 : 2), c, t);
	case GAL_M_MUNDER: case GAL_M_MOVER: case GAL_M_MUNDEROVER:
		if (!n->first)
			return gal_mlayout_empty(l);
		return lay_underover(l, n, c, t);
	case GAL_M_MMULTISCRIPTS:
		return gal_mlayout_multiscripts(l, n, c);
	case GAL_M_MTABLE:
		return gal_mlayout_table(l, n, style_of(l, n, c));
	case GAL_M_MPADDED:
		return gal_mlayout_padded(l, n, c);
	case GAL_M_MPHANTOM: {
		box b = gal_mlayout_row(l, n->first, c, 0, NULL);
		l->n = b.first;   /* the space, not the marks */
		b.n = 0;
		return b;
	}
	case GAL_M_MENCLOSE:
		return gal_mlayout_enclose(l, n, c);
	case GAL_M_MPRESCRIPTS: case GAL_M_NONE: case GAL_M_COUNT:
		return gal_mlayout_empty(l);
	}
	return gal_mlayout_empty(l);
}
