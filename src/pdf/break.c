/* Knuth–Plass: the whole paragraph is broken at once, choosing the set of
 * breaks with the least total demerits (Knuth & Plass, "Breaking
 * paragraphs into lines", 1981; TeX's \linebreak). Widths are plain
 * numbers: shaping happens before, drawing after.
 *
 * Passes, as in TeX: (1) pretolerance without hyphen breaks, (2) tolerance
 * with them, (3) tolerance with emergency stretch; then (4) best fit, which
 * always succeeds. The active list is bounded (MAX_ACTIVE): beyond it the
 * worst nodes are dropped, which keeps very long paragraphs near linear;
 * paragraphs over MAX_ITEMS items go straight to best fit. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "pdf/break.h"

#define MAX_ACTIVE 256
#define MAX_ITEMS 200000
#define AWFUL 1e30

void gal_kp_params_default(gal_kp_params *p, double measure)
{
	p->tolerance = 200;
	p->pretolerance = 100;
	p->line_penalty = 10;
	p->flagged_demerits = 10000;
	p->final_hyphen_demerits = 5000;
	p->fitness_demerits = 10000;
	p->emergency_stretch = measure * 0.1;
	p->max_hyphen_run = 2;
}

typedef struct node {
	size_t pos;          /* index of the break item; (size_t)-1 = start */
	size_t line;         /* lines before this break */
	int fitness;
	int hyph_run;        /* hyphenated lines ending here in a row */
	int hyphenated;      /* this break is a hyphen */
	double tw, ty, tz;   /* sums of width/stretch/shrink after the break */
	double total;        /* demerits up to here */
	double ratio, dem;   /* of the line ending here */
	long prev;           /* index in the node pool, -1 for none */
} node;

typedef struct kp {
	const gal_kp_item *it;
	size_t n;
	double *W, *Y, *Z;   /* prefix sums: before item i */
	node *pool;
	size_t n_pool, cap_pool;
	long *act;           /* active nodes (pool indices) */
	size_t n_act;
} kp;

static long pool_add(kp *k, const node *nd)
{
	if (k->n_pool == k->cap_pool) {
		k->cap_pool = k->cap_pool ? k->cap_pool * 2 : 256;
		k->pool = xrealloc(k->pool, k->cap_pool * sizeof *k->pool);
	}
	k->pool[k->n_pool] = *nd;
	return (long)k->n_pool++;
}

static double line_width(const double *widths, size_t n_widths, size_t line)
{
	return widths[line < n_widths ? line : n_widths - 1];
}

/* Sums after a break at i: the glue and penalties that follow it vanish
 * up to the next box or forced break (TeX discards them at a break). */
static void after_break(const kp *k, size_t i, double *tw, double *ty, double *tz)
{
	size_t j = i == (size_t)-1 ? 0 : i;
	double w = k->W[j], y = k->Y[j], z = k->Z[j];
	for (; j < k->n; j++) {
		const gal_kp_item *x = &k->it[j];
		if (x->kind == GAL_KP_BOX)
			break;
		if (x->kind == GAL_KP_PENALTY && x->penalty <= -GAL_KP_INF && j > i)
			break;
		if (x->kind == GAL_KP_GLUE) {
			w += x->width;
			y += x->stretch;
			z += x->shrink;
		}
	}
	*tw = w;
	*ty = y;
	*tz = z;
}

static int fitness_of(double r)
{
	if (r < -0.5)
		return 0;
	if (r <= 0.5)
		return 1;
	if (r <= 1)
		return 2;
	return 3;
}

static int legal_break(const kp *k, size_t i, int hyphens)
{
	const gal_kp_item *x = &k->it[i];
	if (x->kind == GAL_KP_PENALTY)
		return x->penalty < GAL_KP_INF && (hyphens || !x->flagged ||
						   x->penalty <= -GAL_KP_INF);
	if (x->kind == GAL_KP_GLUE)
		return i > 0 && k->it[i - 1].kind == GAL_KP_BOX;
	return 0;
}

/* Drop the active nodes with the most demerits until MAX_ACTIVE remain. */
static void bound_active(kp *k)
{
	while (k->n_act > MAX_ACTIVE) {
		size_t worst = 0;
		for (size_t a = 1; a < k->n_act; a++)
			if (k->pool[k->act[a]].total > k->pool[k->act[worst]].total)
				worst = a;
		k->act[worst] = k->act[--k->n_act];
	}
}

/* One pass; returns the pool index of the best final node, or -1. */
static long pass(kp *k, const double *widths, size_t n_widths,
		 const gal_kp_params *p, double tolerance, int hyphens, double emergency)
{
	k->n_pool = 0;
	k->n_act = 0;
	node start = { .pos = (size_t)-1, .fitness = 1, .prev = -1 };
	after_break(k, (size_t)-1, &start.tw, &start.ty, &start.tz);
	k->act[k->n_act++] = pool_add(k, &start);

	for (size_t i = 0; i < k->n && k->n_act; i++) {
		if (!legal_break(k, i, hyphens))
			continue;
		const gal_kp_item *x = &k->it[i];
		int forced = x->kind == GAL_KP_PENALTY && x->penalty <= -GAL_KP_INF;
		int flagged = x->kind == GAL_KP_PENALTY && x->flagged;
		double pw = x->kind == GAL_KP_PENALTY ? x->width : 0;
		/* best candidate per fitness class */
		node best[4];
		int have[4] = { 0 };
		for (size_t a = 0; a < k->n_act;) {
			const node *an = &k->pool[k->act[a]];
			double target = line_width(widths, n_widths, an->line);
			double L = k->W[i] - an->tw + pw;
			double r;
			if (L < target) {
				double st = k->Y[i] - an->ty + emergency;
				r = st > 0 ? (target - L) / st : AWFUL;
			} else if (L > target) {
				double sh = k->Z[i] - an->tz;
				r = sh > 0 ? (target - L) / sh : -AWFUL;
			} else {
				r = 0;
			}
			int drop = r < -1 || forced;
			/* TeX's badness, 100|r|^3: the tolerance bounds it, not r */
			double ar = fabs(r);
			double bad = r >= -1 ? fmin(100 * ar * ar * ar, 10000) : AWFUL;
			if (r >= -1 && bad <= tolerance &&
			    !(flagged && an->hyph_run >= p->max_hyphen_run)) {
				double d = p->line_penalty + bad;
				d *= d;
				if (x->kind == GAL_KP_PENALTY) {
					if (x->penalty >= 0)
						d += x->penalty * x->penalty;
					else if (x->penalty > -GAL_KP_INF)
						d -= x->penalty * x->penalty;
				}
				if (flagged && an->hyphenated)
					d += p->flagged_demerits;
				if (forced && an->hyphenated && i + 1 == k->n)
					d += p->final_hyphen_demerits;
				int f = fitness_of(r);
				if (abs(f - an->fitness) > 1)
					d += p->fitness_demerits;
				double total = an->total + d;
				if (!have[f] || total < best[f].total) {
					have[f] = 1;
					node *b = &best[f];
					memset(b, 0, sizeof *b);
					b->pos = i;
					b->line = an->line + 1;
					b->fitness = f;
					b->hyphenated = flagged;
					b->hyph_run = flagged ? an->hyph_run + 1 : 0;
					b->total = total;
					b->ratio = r;
					b->dem = d;
					b->prev = k->act[a];
				}
			}
			if (drop)
				k->act[a] = k->act[--k->n_act];
			else
				a++;
		}
		double dmin = AWFUL;
		for (int f = 0; f < 4; f++)
			if (have[f] && best[f].total < dmin)
				dmin = best[f].total;
		for (int f = 0; f < 4; f++) {
			if (!have[f] || best[f].total > dmin + p->fitness_demerits)
				continue;
			after_break(k, i, &best[f].tw, &best[f].ty, &best[f].tz);
			long id = pool_add(k, &best[f]);
			k->act[k->n_act++] = id;
		}
		bound_active(k);
		if (i + 1 == k->n) {
			long bi = -1;
			for (size_t a = 0; a < k->n_act; a++) {
				const node *an = &k->pool[k->act[a]];
				if (an->pos == i && (bi < 0 || an->total < k->pool[bi].total))
					bi = k->act[a];
			}
			return bi;
		}
	}
	return -1;
}

static void add_line(gal_kp_result *out, size_t *cap, size_t brk, double r,
		     double d, int fit, int hy)
{
	if (out->n_lines == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		out->lines = xrealloc(out->lines, *cap * sizeof *out->lines);
	}
	gal_kp_line *l = &out->lines[out->n_lines++];
	l->brk = brk;
	l->ratio = r;
	l->demerits = d;
	l->fitness = fit;
	l->hyphenated = hy;
}

/* Best fit: each line takes as much as fits (shrinking if need be) and
 * breaks at the last legal point; a box wider than the measure gets a
 * line of its own. Always succeeds. */
static void best_fit(const kp *k, const double *widths, size_t n_widths,
		     gal_kp_result *out)
{
	size_t cap = 0, line = 0;
	size_t from = (size_t)-1;
	while (1) {
		double tw, ty, tz;
		after_break(k, from, &tw, &ty, &tz);
		double target = line_width(widths, n_widths, line);
		size_t last = (size_t)-1, i;
		double lr = 0;
		size_t start = from == (size_t)-1 ? 0 : from + 1;
		for (i = start; i < k->n; i++) {
			if (!legal_break(k, i, 1))
				continue;
			const gal_kp_item *x = &k->it[i];
			double L = k->W[i] - tw + (x->kind == GAL_KP_PENALTY ? x->width : 0);
			double sh = k->Z[i] - tz, st = k->Y[i] - ty;
			if (L - sh > target && last != (size_t)-1)
				break;
			last = i;
			lr = L < target ? (st > 0 ? (target - L) / st : 0)
					: (sh > 0 ? (target - L) / sh : 0);
			if (x->kind == GAL_KP_PENALTY && x->penalty <= -GAL_KP_INF)
				break;
			if (L - sh > target)
				break;
		}
		if (last == (size_t)-1)
			last = k->n - 1;
		const gal_kp_item *x = &k->it[last];
		int hy = x->kind == GAL_KP_PENALTY && x->flagged;
		add_line(out, &cap, last, lr < -1 ? -1 : lr, 0, fitness_of(lr), hy);
		if (last + 1 >= k->n)
			break;
		from = last;
		line++;
	}
}

int gal_kp_break(const gal_kp_item *items, size_t n, const double *widths,
		 size_t n_widths, const gal_kp_params *p, gal_kp_result *out)
{
	memset(out, 0, sizeof *out);
	if (n == 0)
		return 0;
	kp k = { .it = items, .n = n };
	k.W = xmalloc((n + 1) * sizeof *k.W);
	k.Y = xmalloc((n + 1) * sizeof *k.Y);
	k.Z = xmalloc((n + 1) * sizeof *k.Z);
	k.W[0] = k.Y[0] = k.Z[0] = 0;
	for (size_t i = 0; i < n; i++) {
		const gal_kp_item *x = &items[i];
		/* boxes may stretch too (letter spacing); penalties never */
		int g = x->kind != GAL_KP_PENALTY;
		k.W[i + 1] = k.W[i] + (g ? x->width : 0);
		k.Y[i + 1] = k.Y[i] + (g ? x->stretch : 0);
		k.Z[i + 1] = k.Z[i] + (g ? x->shrink : 0);
	}
	k.act = xmalloc((MAX_ACTIVE + 8) * sizeof *k.act);
	long best = -1;
	int passno = 0;
	if (n <= MAX_ITEMS) {
		if (p->pretolerance >= 0) {
			passno = 1;
			best = pass(&k, widths, n_widths, p, p->pretolerance, 0, 0);
		}
		if (best < 0) {
			passno = 2;
			best = pass(&k, widths, n_widths, p, p->tolerance, 1, 0);
		}
		if (best < 0 && p->emergency_stretch > 0) {
			passno = 3;
			best = pass(&k, widths, n_widths, p, p->tolerance, 1,
				    p->emergency_stretch);
		}
	}
	if (best >= 0) {
		size_t cnt = 0;
		for (long b = best; k.pool[b].prev >= 0; b = k.pool[b].prev)
			cnt++;
		out->lines = xmalloc((cnt ? cnt : 1) * sizeof *out->lines);
		out->n_lines = cnt;
		out->pass = passno;
		out->demerits = k.pool[best].total;
		size_t j = cnt;
		for (long b = best; k.pool[b].prev >= 0; b = k.pool[b].prev) {
			const node *nd = &k.pool[b];
			gal_kp_line *l = &out->lines[--j];
			l->brk = nd->pos;
			l->ratio = nd->ratio;
			l->demerits = nd->dem;
			l->fitness = nd->fitness;
			l->hyphenated = nd->hyphenated;
		}
	} else {
		best_fit(&k, widths, n_widths, out);
		out->pass = 4;
	}
	free(k.W);
	free(k.Y);
	free(k.Z);
	free(k.pool);
	free(k.act);
	return 0;
}
