/* Math layout of tables (matrices, cases, aligned equations), enclosures,
 * padding and multiscripts. */
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

/* ---- tables --------------------------------------------------------------- */

typedef enum { AL_CENTER, AL_LEFT, AL_RIGHT } align;

/* the i-th word of an alignment list; the last repeats */
static align align_at(const char *list, int i, align dflt)
{
	if (!list || !*list)
		return dflt;
	const char *p = list, *word = NULL;
	size_t len = 0;
	for (int k = 0; *p; k++) {
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		const char *e = p;
		while (*e && *e != ' ')
			e++;
		word = p, len = (size_t)(e - p);
		if (k == i)
			break;
		p = e;
	}
	if (!word)
		return dflt;
	if (len == 4 && !strncmp(word, "left", 4))
		return AL_LEFT;
	if (len == 5 && !strncmp(word, "right", 5))
		return AL_RIGHT;
	return AL_CENTER;
}

static int line_at(const char *list, int i)
{
	if (!list)
		return 0;
	const char *p = list;
	for (int k = 0; *p; k++) {
		while (*p == ' ')
			p++;
		if (k == i || !strchr(p, ' '))
			return !strncmp(p, "solid", 5) || !strncmp(p, "dashed", 6);
		p = strchr(p, ' ');
	}
	return 0;
}

/* how cell td of column col aligns: by its own columnalign, its row's
 * or the table's */
static align cell_align(const gal_math_node *table, const gal_math_node *td, int col)
{
	const gal_math_node *tr = td->parent;
	return align_at(td->columnalign ? td->columnalign
			: tr && tr->columnalign ? tr->columnalign : table->columnalign,
			td->columnalign ? 0 : col, AL_CENTER);
}

int gal_mlayout_cell_align(const gal_math_node *table, const gal_math_node *td, int col)
{
	align a = cell_align(table, td, col);
	return a == AL_LEFT ? -1 : a == AL_RIGHT ? 1 : 0;
}

/* the space before column k > 0: the table's columnspacing, but aligned
 * pairs (right, left) in display style meet without space, as amsmath's
 * align sets a relation against its left side, and pairs are 2em apart */
double gal_mlayout_column_space(const gal_math_node *n, double size, int display, int k)
{
	if (n->columnspacing.unit != GAL_MU_NONE)
		return gal_math_len_pt(n->columnspacing, size, size);
	if (display && align_at(n->columnalign, k - 1, AL_CENTER) == AL_RIGHT &&
	    align_at(n->columnalign, k, AL_CENTER) == AL_LEFT)
		return (k % 2) ? 0 : 2 * size;
	return 0.8 * size;
}

typedef struct {
	box b;
	const gal_math_node *n;
	int row, col;
} cell;

/* lay out the label of an mlabeledtr apart from the table */
static void take_label(L *l, const gal_math_node *td, ctx c)
{
	if (l->label || !td)
		return;
	box b = gal_mlayout_row(l, td->first, c, 0, NULL);
	l->label = xmalloc((b.n ? b.n : 1) * sizeof *l->label);
	if (b.n)
		memcpy(l->label, l->it + b.first, b.n * sizeof *l->label);
	l->n_label = b.n;
	l->label_w = b.w, l->label_h = b.h, l->label_d = b.d;
	l->n = b.first;
}

box gal_mlayout_table(L *l, const gal_math_node *n, ctx c)
{
	box b = gal_mlayout_empty(l);
	int rows = 0, cols = 0, count = 0;
	for (const gal_math_node *r = n->first; r; r = r->next) {
		int k = gal_math_count(r) - (r->kind == GAL_M_MLABELEDTR);
		cols = k > cols ? k : cols;
		count += k > 0 ? k : 0;
		rows++;
	}
	if (!rows || !cols)
		return b;
	cell *cells = xcalloc((size_t)count, sizeof *cells);
	double *cw = xcalloc((size_t)cols, sizeof *cw);
	double *rh = xcalloc((size_t)rows, sizeof *rh), *rd = xcalloc((size_t)rows, sizeof *rd);
	ctx cc = c;
	cc.display = n->displaystyle == GAL_MB_TRUE;
	/* TeX's array strut: rows at least 0.7 and 0.3 of a 1.2em baselineskip */
	double strut_h = 0.84 * c.size, strut_d = 0.36 * c.size;
	int i = 0, ri = 0;
	for (const gal_math_node *r = n->first; r; r = r->next, ri++) {
		const gal_math_node *td = r->first;
		if (r->kind == GAL_M_MLABELEDTR) {
			take_label(l, td, c);
			td = td ? td->next : NULL;
		}
		rh[ri] = strut_h, rd[ri] = strut_d;
		for (int ci = 0; td; td = td->next, ci++) {
			cells[i] = (cell){ gal_mlayout_node(l, td, cc, NULL), td, ri, ci };
			cw[ci] = maxd(cw[ci], cells[i].b.w);
			rh[ri] = maxd(rh[ri], cells[i].b.h);
			rd[ri] = maxd(rd[ri], cells[i].b.d);
			i++;
		}
	}
	count = i;
	double rowsp = n->rowspacing.unit != GAL_MU_NONE
		       ? gal_math_len_pt(n->rowspacing, c.size, c.size)
		       : cc.display ? 0.3 * c.size : 0;
	/* x of each column: aligned pairs (right, left) meet without space */
	double *cx = xcalloc((size_t)cols + 1, sizeof *cx);
	for (int k = 0; k < cols; k++)
		cx[k] = k ? cx[k - 1] + cw[k - 1] +
			    gal_mlayout_column_space(n, c.size, cc.display, k) : 0;
	double width = cx[cols - 1] + cw[cols - 1];
	double total = 0;
	for (int r = 0; r < rows; r++)
		total += rh[r] + rd[r] + (r ? rowsp : 0);
	/* the table's middle on the axis */
	double top = C(l, &c, AXIS_HEIGHT) + total / 2;
	double *by = xcalloc((size_t)rows, sizeof *by), y = top;
	for (int r = 0; r < rows; r++) {
		y -= (r ? rowsp : 0) + rh[r];
		by[r] = y;
		y -= rd[r];
	}
	for (int k = 0; k < count; k++) {
		cell *e = &cells[k];
		align a = cell_align(n, e->n, e->col);
		double x = cx[e->col] + (a == AL_LEFT ? 0 : a == AL_RIGHT ? cw[e->col] - e->b.w
					 : (cw[e->col] - e->b.w) / 2);
		gal_mlayout_move(l, e->b.first, e->b.n, x, by[e->row]);
	}
	double t = C(l, &c, FRACTION_RULE_THICKNESS);
	for (int k = 0; k + 1 < cols; k++)
		if (line_at(n->columnlines, k)) {
			double x = (cx[k] + cw[k] + cx[k + 1]) / 2;
			gal_mlayout_rule(l, x - t / 2, top - total, t, total);
		}
	for (int r = 0; r + 1 < rows; r++)
		if (line_at(n->rowlines, r)) {
			double yl = by[r] - rd[r] - rowsp / 2;
			gal_mlayout_rule(l, 0, yl - t / 2, width, t);
		}
	if (n->frame) {
		gal_mlayout_rule(l, 0, top - total, width, t);
		gal_mlayout_rule(l, 0, top - t, width, t);
		gal_mlayout_rule(l, 0, top - total, t, total);
		gal_mlayout_rule(l, width - t, top - total, t, total);
	}
	gal_mlayout_close(l, &b);
	b.w = width;
	b.h = top;
	b.d = total - top;
	free(cells);
	free(cw);
	free(rh);
	free(rd);
	free(cx);
	free(by);
	return b;
}

/* ---- menclose --------------------------------------------------------------- */

box gal_mlayout_enclose(L *l, const gal_math_node *n, ctx c)
{
	unsigned no = n->notation ? n->notation : GAL_ME_LONGDIV;
	box b = gal_mlayout_empty(l);
	box in = gal_mlayout_row(l, n->first, c, 0, NULL);
	double t = C(l, &c, FRACTION_RULE_THICKNESS);
	/* TeX's \fboxsep, 3pt at 10pt */
	double pad = (no & (GAL_ME_BOX | GAL_ME_CIRCLE | GAL_ME_LEFT | GAL_ME_RIGHT |
			    GAL_ME_TOP | GAL_ME_BOTTOM | GAL_ME_LONGDIV | GAL_ME_RADICAL))
		     ? 0.3 * c.size : 0;
	double lpad = (no & (GAL_ME_BOX | GAL_ME_CIRCLE | GAL_ME_LEFT)) ? pad + t : 0;
	double rpad = (no & (GAL_ME_BOX | GAL_ME_CIRCLE | GAL_ME_RIGHT)) ? pad + t : 0;
	double top = in.h + ((no & (GAL_ME_BOX | GAL_ME_CIRCLE | GAL_ME_TOP | GAL_ME_LONGDIV)) ? pad + t : 0);
	double bot = in.d + ((no & (GAL_ME_BOX | GAL_ME_CIRCLE | GAL_ME_BOTTOM)) ? pad + t : 0);
	if (no & GAL_ME_LONGDIV) {
		box paren = gal_mlayout_text(l, ")", c);
		lpad = paren.w + 0.1 * c.size;
		gal_mlayout_move(l, paren.first, paren.n, 0, 0);
	}
	gal_mlayout_move(l, in.first, in.n, lpad, 0);
	double w = lpad + in.w + rpad;
	if (no & (GAL_ME_BOX | GAL_ME_CIRCLE | GAL_ME_LEFT))
		gal_mlayout_rule(l, 0, -bot, t, top + bot);
	if (no & (GAL_ME_BOX | GAL_ME_CIRCLE | GAL_ME_RIGHT))
		gal_mlayout_rule(l, w - t, -bot, t, top + bot);
	if (no & (GAL_ME_BOX | GAL_ME_CIRCLE | GAL_ME_TOP | GAL_ME_LONGDIV))
		gal_mlayout_rule(l, (no & GAL_ME_LONGDIV) ? lpad : 0, top - t,
				 (no & GAL_ME_LONGDIV) ? w - lpad : w, t);
	if (no & (GAL_ME_BOX | GAL_ME_CIRCLE | GAL_ME_BOTTOM))
		gal_mlayout_rule(l, 0, -bot, w, t);
	if (no & GAL_ME_UPDIAG)
		gal_mlayout_line(l, 0, -bot, w, top + bot, t);
	if (no & GAL_ME_DOWNDIAG)
		gal_mlayout_line(l, 0, top, w, -(top + bot), t);
	if (no & GAL_ME_HSTRIKE)
		gal_mlayout_rule(l, 0, C(l, &c, AXIS_HEIGHT) - t / 2, w, t);
	if (no & GAL_ME_VSTRIKE)
		gal_mlayout_rule(l, w / 2 - t / 2, -bot, t, top + bot);
	gal_mlayout_close(l, &b);
	b.w = w, b.h = top, b.d = bot;
	return b;
}

/* ---- mpadded ---------------------------------------------------------------- */

static double padded_dim(gal_math_len len, double own, double size)
{
	if (len.unit == GAL_MU_NONE)
		return own;
	double v = gal_math_len_pt(len, size, own);
	return len.sign > 0 ? own + v : len.sign < 0 ? own - v : v;
}

box gal_mlayout_padded(L *l, const gal_math_node *n, ctx c)
{
	box b = gal_mlayout_row(l, n->first, c, 0, NULL);
	double ls = n->lspace.unit != GAL_MU_NONE ? gal_math_len_pt(n->lspace, c.size, b.w) : 0;
	double vo = n->voffset.unit != GAL_MU_NONE ? gal_math_len_pt(n->voffset, c.size, b.h) : 0;
	gal_mlayout_move(l, b.first, b.n, ls, vo);
	b.w = maxd(0, padded_dim(n->width, b.w, c.size));
	b.h = maxd(0, padded_dim(n->height, b.h, c.size));
	b.d = maxd(0, padded_dim(n->depth, b.d, c.size));
	return b;
}

/* ---- mmultiscripts ----------------------------------------------------------- */

box gal_mlayout_multiscripts(L *l, const gal_math_node *n, ctx c)
{
	box b = gal_mlayout_empty(l);
	if (!n->first)
		return b;
	box base = gal_mlayout_node(l, n->first, c, NULL);
	ctx sub_c = gal_mlayout_level(l, c, c.level + 1), sup_c = sub_c;
	sub_c.display = sup_c.display = 0;
	sub_c.cramped = 1;
	box subs[2][32], sups[2][32];
	int np[2] = { 0, 0 }, side = 1;
	double maxsub_h = 0, maxsub_d = 0, maxsup_h = 0, maxsup_d = 0;
	const gal_math_node *k = n->first->next;
	while (k) {
		if (k->kind == GAL_M_MPRESCRIPTS) {
			side = 0;
			k = k->next;
			continue;
		}
		const gal_math_node *sup = k->next;
		if (np[side] < 32) {
			box *s = &subs[side][np[side]], *p = &sups[side][np[side]];
			*s = gal_mlayout_node(l, k, sub_c, NULL);
			*p = sup ? gal_mlayout_node(l, sup, sup_c, NULL) : gal_mlayout_empty(l);
			maxsub_h = maxd(maxsub_h, s->h), maxsub_d = maxd(maxsub_d, s->d);
			maxsup_h = maxd(maxsup_h, p->h), maxsup_d = maxd(maxsup_d, p->d);
			np[side]++;
		}
		k = sup ? sup->next : NULL;
	}
	box sub_all = { .h = maxsub_h, .d = maxsub_d }, sup_all = { .h = maxsup_h, .d = maxsup_d };
	double u, v;
	gal_mlayout_script_shifts(l, &base, &sub_all, &sup_all, c, &u, &v);
	double x = 0, after = C(l, &c, SPACE_AFTER_SCRIPT);
	for (int i = 0; i < np[0]; i++) {
		double w = maxd(subs[0][i].w, sups[0][i].w);
		gal_mlayout_move(l, subs[0][i].first, subs[0][i].n, x + w - subs[0][i].w, -u);
		gal_mlayout_move(l, sups[0][i].first, sups[0][i].n, x + w - sups[0][i].w, v);
		x += w + after;
	}
	gal_mlayout_move(l, base.first, base.n, x, 0);
	x += base.w;
	for (int i = 0; i < np[1]; i++) {
		double w = maxd(subs[1][i].w - (i ? 0 : base.ic), sups[1][i].w);
		gal_mlayout_move(l, subs[1][i].first, subs[1][i].n, x - (i ? 0 : base.ic), -u);
		gal_mlayout_move(l, sups[1][i].first, sups[1][i].n, x, v);
		x += w + after;
	}
	gal_mlayout_close(l, &b);
	b.w = x;
	b.h = maxd(base.h, np[0] + np[1] ? v + maxsup_h : 0);
	b.d = maxd(base.d, np[0] + np[1] ? u + maxsub_d : 0);
	return b;
}
