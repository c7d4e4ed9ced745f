/* Knuth–Plass: the whole paragraph is broken at once, choosing the set of
 * breaks with the least total demerits (Knuth & Plass, "Breaking
 * paragraphs into lines", 1981; TeX's \linebreak). Widths are plain
 * numbers: shaping happens before, drawing after.
 *
 * Passes, as in TeX: (1) pretolerance without hyphen breaks, (2) tolerance
 * with them, (3) tolerance with emergency stretch; then (4) best fit, which
 * always succeeds. The active list is bounded (MAX_ACTIVE): beyond it the
 * worst nodes are dropped, so the work per break point is bounded and
 * the time linear in the paragraph's length.
 *
 * Long paragraphs. Up to p->stream_items items (GAL_KP_STREAM_ITEMS,
 * 50,000: about 16,000 words of prose, thirty pages of one paragraph;
 * the longest in the corpora has 12,600) the paragraph is broken whole,
 * as TeX does: one line that cannot be set well sends the whole
 * paragraph to the next pass, so that its lines stay alike. Every break
 * node is kept to the end, some 100 bytes per item. A longer paragraph
 * is broken as a stream:
 *
 * - The breaks all active nodes' best paths share are final, whatever
 *   follows: the best path of the whole paragraph leaves from one of the
 *   active nodes. Once the paths have met (a few lines back, in prose),
 *   those breaks are committed and the nodes behind them freed, so the
 *   nodes held stay bounded, and the breaks are exactly those of breaking
 *   the whole paragraph at once. Only when paths fail to meet over
 *   MAX_LIVE nodes (no prose does) is the best path's older half taken.
 * - Where no feasible line is found, only the part since the last
 *   committed break is broken again with the next pass (emergency
 *   stretch, then best fit up to the trouble), and the passes start over
 *   once it is behind: a bad spot costs its own neighbourhood, not the
 *   whole of a book-length paragraph. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "pdf/break.h"

#define MAX_ACTIVE 256
#define AWFUL 1e30
/* a streamed paragraph: commit and free nodes when the pool reaches
 * COMPACT_MIN, or twice what the last compaction kept; force a commit
 * past MAX_LIVE nodes */
#define COMPACT_MIN 4096
#define MAX_LIVE 65536
#define RAISED_EVERY 256

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
	p->stream_items = GAL_KP_STREAM_ITEMS;
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

/* What one pass judges lines by. */
typedef struct mode {
	double tolerance;
	int hyphens;
	double emergency;
	int passno;
} mode;

typedef struct kp {
	const gal_kp_item *it;
	size_t n;
	const double *widths;
	size_t n_widths;
	const gal_kp_params *p;
	double *W, *Y, *Z;   /* prefix sums: before item i */
	node *pool;
	size_t n_pool, cap_pool, peak;
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
	if (k->n_pool + 1 > k->peak)
		k->peak = k->n_pool + 1;
	return (long)k->n_pool++;
}

static double line_width(const kp *k, size_t line)
{
	return k->widths[line < k->n_widths ? line : k->n_widths - 1];
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

/* The break node for a line from active node `a` to break point i, or 0
 * when that line is not feasible. */
static int line_to(const kp *k, long a, size_t i, const mode *m, double r, node *b)
{
	const gal_kp_params *p = k->p;
	const gal_kp_item *x = &k->it[i];
	const node *an = &k->pool[a];
	int forced = x->kind == GAL_KP_PENALTY && x->penalty <= -GAL_KP_INF;
	int flagged = x->kind == GAL_KP_PENALTY && x->flagged;
	/* TeX's badness, 100|r|^3: the tolerance bounds it, not r */
	double ar = fabs(r);
	double bad = r >= -1 ? fmin(100 * ar * ar * ar, 10000) : AWFUL;
	if (r < -1 || bad > m->tolerance || (flagged && an->hyph_run >= p->max_hyphen_run))
		return 0;
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
	memset(b, 0, sizeof *b);
	b->pos = i;
	b->line = an->line + 1;
	b->fitness = f;
	b->hyphenated = flagged;
	b->hyph_run = flagged ? an->hyph_run + 1 : 0;
	b->total = an->total + d;
	b->ratio = r;
	b->dem = d;
	b->prev = a;
	return 1;
}

/* Break point i against every active node: the best new node of each
 * fitness class joins the active list; nodes whose line would be
 * overfull here, or that a forced break ends, leave it. */
static void try_break(kp *k, size_t i, const mode *m)
{
	const gal_kp_item *x = &k->it[i];
	int forced = x->kind == GAL_KP_PENALTY && x->penalty <= -GAL_KP_INF;
	double pw = x->kind == GAL_KP_PENALTY ? x->width : 0;
	node best[4], cand;
	int have[4] = { 0 };
	for (size_t a = 0; a < k->n_act;) {
		const node *an = &k->pool[k->act[a]];
		double target = line_width(k, an->line);
		double L = k->W[i] - an->tw + pw;
		double r;
		if (L < target) {
			double st = k->Y[i] - an->ty + m->emergency;
			r = st > 0 ? (target - L) / st : AWFUL;
		} else if (L > target) {
			double sh = k->Z[i] - an->tz;
			r = sh > 0 ? (target - L) / sh : -AWFUL;
		} else {
			r = 0;
		}
		if (line_to(k, k->act[a], i, m, r, &cand) &&
		    (!have[cand.fitness] || cand.total < best[cand.fitness].total)) {
			have[cand.fitness] = 1;
			best[cand.fitness] = cand;
		}
		if (r < -1 || forced)
			k->act[a] = k->act[--k->n_act];
		else
			a++;
	}
	double dmin = AWFUL;
	for (int f = 0; f < 4; f++)
		if (have[f] && best[f].total < dmin)
			dmin = best[f].total;
	for (int f = 0; f < 4; f++) {
		if (!have[f] || best[f].total > dmin + k->p->fitness_demerits)
			continue;
		after_break(k, i, &best[f].tw, &best[f].ty, &best[f].tz);
		k->act[k->n_act++] = pool_add(k, &best[f]);
	}
	bound_active(k);
}

/* The active node ending at i with the least demerits, or -1. */
static long best_at(const kp *k, size_t i)
{
	long bi = -1;
	for (size_t a = 0; a < k->n_act; a++) {
		const node *an = &k->pool[k->act[a]];
		if (an->pos == i && (bi < 0 || an->total < k->pool[bi].total))
			bi = k->act[a];
	}
	return bi;
}

/* Start over from `root` alone. */
static void restart(kp *k, const node *root)
{
	k->n_pool = 0;
	k->n_act = 0;
	node r = *root;
	r.prev = -1;
	k->act[k->n_act++] = pool_add(k, &r);
}

static node start_node(const kp *k)
{
	node start = { .pos = (size_t)-1, .fitness = 1, .prev = -1 };
	after_break(k, (size_t)-1, &start.tw, &start.ty, &start.tz);
	return start;
}

/* One pass over the whole paragraph; returns the pool index of the best
 * final node, or -1. */
static long pass(kp *k, const mode *m)
{
	node start = start_node(k);
	restart(k, &start);
	for (size_t i = 0; i < k->n && k->n_act; i++) {
		if (!legal_break(k, i, m->hyphens))
			continue;
		try_break(k, i, m);
		if (i + 1 == k->n)
			return best_at(k, i);
	}
	return -1;
}

/* Room for `more` lines in out. */
static void reserve(gal_kp_result *out, size_t *cap, size_t more)
{
	if (out->n_lines + more <= *cap)
		return;
	while (out->n_lines + more > *cap)
		*cap = *cap ? *cap * 2 : 16;
	out->lines = xrealloc(out->lines, *cap * sizeof *out->lines);
}

static void add_line(gal_kp_result *out, size_t *cap, size_t brk, double r,
		     double d, int fit, int hy)
{
	reserve(out, cap, 1);
	gal_kp_line *l = &out->lines[out->n_lines++];
	l->brk = brk;
	l->ratio = r;
	l->demerits = d;
	l->fitness = fit;
	l->hyphenated = hy;
}

/* The lines from the pool's root (index 0 or the start) to node b, in
 * order, appended to out. */
static void emit_path(const kp *k, long b, gal_kp_result *out, size_t *cap)
{
	size_t cnt = 0;
	for (long x = b; k->pool[x].prev >= 0; x = k->pool[x].prev)
		cnt++;
	reserve(out, cap, cnt);
	out->n_lines += cnt;
	size_t j = out->n_lines;
	for (long x = b; k->pool[x].prev >= 0; x = k->pool[x].prev) {
		const node *nd = &k->pool[x];
		gal_kp_line *l = &out->lines[--j];
		l->brk = nd->pos;
		l->ratio = nd->ratio;
		l->demerits = nd->dem;
		l->fitness = nd->fitness;
		l->hyphenated = nd->hyphenated;
	}
}

/* Best fit: each line takes as much as fits (shrinking if need be) and
 * breaks at the last legal point; a box wider than the measure gets a
 * line of its own. From the break `from` (line `line`) until a line
 * breaks after item `past` or the paragraph ends; returns the last break.
 * Always succeeds. */
static size_t best_fit(const kp *k, size_t from, size_t line, size_t past,
		       gal_kp_result *out, size_t *cap)
{
	while (1) {
		double tw, ty, tz;
		after_break(k, from, &tw, &ty, &tz);
		double target = line_width(k, line);
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
		add_line(out, cap, last, lr < -1 ? -1 : lr, 0, fitness_of(lr), hy);
		if (last + 1 >= k->n || (past != (size_t)-1 && last > past))
			return last;
		from = last;
		line++;
	}
}

/* ---- a long paragraph, as a stream ------------------------------------ */

typedef struct stream {
	kp *k;
	gal_kp_result *out;
	size_t cap;
	mode modes[3];
	int n_modes;
	int level;           /* the pass in force: index into modes */
	size_t raised_to;    /* a raised pass holds until a commit past this */
	size_t compact_at;   /* pool size that makes the next compaction */
} stream;

/* The ancestor of x on line `line`. */
static long ancestor_on(const kp *k, long x, size_t line)
{
	while (k->pool[x].line > line)
		x = k->pool[x].prev;
	return x;
}

/* The deepest node every active node's path passes through. */
static long common_ancestor(const kp *k)
{
	long c = k->act[0];
	for (size_t a = 1; a < k->n_act && c > 0; a++) {
		long x = k->act[a];
		if (k->pool[x].line > k->pool[c].line)
			x = ancestor_on(k, x, k->pool[c].line);
		else
			c = ancestor_on(k, c, k->pool[x].line);
		while (x != c) {
			x = k->pool[x].prev;
			c = k->pool[c].prev;
		}
	}
	return c;
}

/* Keep `root` and the nodes on the paths from it to the active nodes,
 * in their order, root first; every active node descends from root. */
static void compact(kp *k, long root)
{
	unsigned char *live = xcalloc(k->n_pool, 1);
	long *map = xmalloc(k->n_pool * sizeof *map);
	live[root] = 1;
	for (size_t a = 0; a < k->n_act; a++)
		for (long x = k->act[a]; !live[x]; x = k->pool[x].prev)
			live[x] = 1;
	size_t m = 0;
	for (size_t j = (size_t)root; j < k->n_pool; j++) {
		if (!live[j])
			continue;
		map[j] = (long)m;
		k->pool[m] = k->pool[j];
		k->pool[m].prev = (long)j == root ? -1 : map[k->pool[m].prev];
		m++;
	}
	k->n_pool = m;
	for (size_t a = 0; a < k->n_act; a++)
		k->act[a] = map[k->act[a]];
	free(live);
	free(map);
}

/* When to compact next: at twice what is kept, so that compacting costs
 * a constant per node; while a raised pass is in force, soon, so that it
 * ends soon after the trouble it was raised for. */
static void next_compaction(stream *s)
{
	size_t n = s->k->n_pool;
	if (s->level > 0)
		s->compact_at = n + RAISED_EVERY;
	else
		s->compact_at = 2 * n > COMPACT_MIN ? 2 * n : COMPACT_MIN;
}

/* Where a forced commit leads: the active node with the least demerits
 * per line since the root. */
static long forced_commit_target(const kp *k)
{
	const node *root = &k->pool[0];
	long b = -1;
	double bd = 0;
	for (size_t a = 0; a < k->n_act; a++) {
		const node *x = &k->pool[k->act[a]];
		if (x->line == root->line)
			continue;
		double d = (x->total - root->total) / (double)(x->line - root->line);
		if (b < 0 || d < bd) {
			b = k->act[a];
			bd = d;
		}
	}
	return b < 0 ? 0 : b;
}

/* Commit the lines up to the node all paths share, or, when the paths
 * have not met over MAX_LIVE nodes, up to the middle of the best path,
 * dropping the active nodes that do not lead on from there; free the
 * nodes no active path needs. */
static void commit(stream *s)
{
	kp *k = s->k;
	long c = common_ancestor(k);
	if (c == 0 && k->n_pool > MAX_LIVE) {
		long b = forced_commit_target(k);
		c = ancestor_on(k, b, (k->pool[0].line + k->pool[b].line + 1) / 2);
		for (size_t a = 0; a < k->n_act;) {
			if (ancestor_on(k, k->act[a], k->pool[c].line) != c)
				k->act[a] = k->act[--k->n_act];
			else
				a++;
		}
	}
	if (c > 0) {
		emit_path(k, c, s->out, &s->cap);
		if (s->level > 0 && k->pool[c].pos > s->raised_to)
			s->level = 0;
	}
	/* the nodes no active path needs go, committed or not */
	compact(k, c);
	next_compaction(s);
}

/* Break from the pool's root on, in the pass in force (which a commit
 * past a trouble spot lowers again). Returns the best final node, or -1
 * with *fail the point where no active node was left. */
static long run(stream *s, size_t *fail)
{
	kp *k = s->k;
	size_t i = k->pool[0].pos + 1;
	next_compaction(s);
	for (; i < k->n; i++) {
		const mode *m = &s->modes[s->level];
		if (!legal_break(k, i, m->hyphens))
			continue;
		if (m->passno > s->out->pass)
			s->out->pass = m->passno;
		try_break(k, i, m);
		if (i + 1 == k->n) {
			long b = best_at(k, i);
			if (b >= 0)
				return b;
		}
		if (!k->n_act)
			break;
		if (k->n_pool >= s->compact_at)
			commit(s);
	}
	*fail = i < k->n ? i : k->n - 1;
	return -1;
}

/* A root after best-fit lines: the state of the break that ended the
 * last of them. */
static node root_after(const kp *k, const node *from, size_t last,
		       const gal_kp_result *out, size_t n_before)
{
	node r = { .pos = last, .prev = -1, .total = from->total };
	size_t added = out->n_lines - n_before;
	const gal_kp_line *l = &out->lines[out->n_lines - 1];
	r.line = from->line + added;
	r.fitness = l->fitness;
	r.hyphenated = l->hyphenated;
	int run = 0;
	for (size_t j = out->n_lines; j > n_before && out->lines[j - 1].hyphenated; j--)
		run++;
	r.hyph_run = (size_t)run == added && from->hyphenated ? from->hyph_run + run : run;
	after_break(k, last, &r.tw, &r.ty, &r.tz);
	return r;
}

static void break_stream(kp *k, gal_kp_result *out)
{
	const gal_kp_params *p = k->p;
	stream s = { .k = k, .out = out };
	if (p->pretolerance >= 0)
		s.modes[s.n_modes++] = (mode){ p->pretolerance, 0, 0, 1 };
	s.modes[s.n_modes++] = (mode){ p->tolerance, 1, 0, 2 };
	if (p->emergency_stretch > 0)
		s.modes[s.n_modes++] = (mode){ p->tolerance, 1, p->emergency_stretch, 3 };
	node root = start_node(k);
	restart(k, &root);
	while (1) {
		size_t fail;
		long best = run(&s, &fail);
		if (best >= 0) {
			emit_path(k, best, out, &s.cap);
			out->demerits = k->pool[best].total;
			return;
		}
		/* the part since the last commit again, in the next pass */
		root = k->pool[0];
		if (fail > s.raised_to || s.level == 0)
			s.raised_to = fail;
		if (++s.level < s.n_modes) {
			restart(k, &root);
			continue;
		}
		out->pass = 4;
		size_t n_before = out->n_lines;
		size_t last = best_fit(k, root.pos, root.line, s.raised_to, out, &s.cap);
		if (last + 1 >= k->n) {
			out->demerits = root.total;
			return;
		}
		root = root_after(k, &root, last, out, n_before);
		s.level = 0;
		restart(k, &root);
	}
}

/* ---- the whole paragraph at once -------------------------------------- */

static void break_whole(kp *k, gal_kp_result *out)
{
	const gal_kp_params *p = k->p;
	long best = -1;
	int passno = 0;
	if (p->pretolerance >= 0) {
		passno = 1;
		best = pass(k, &(mode){ p->pretolerance, 0, 0, 1 });
	}
	if (best < 0) {
		passno = 2;
		best = pass(k, &(mode){ p->tolerance, 1, 0, 2 });
	}
	if (best < 0 && p->emergency_stretch > 0) {
		passno = 3;
		best = pass(k, &(mode){ p->tolerance, 1, p->emergency_stretch, 3 });
	}
	size_t cap = 0;
	if (best >= 0) {
		emit_path(k, best, out, &cap);
		out->pass = passno;
		out->demerits = k->pool[best].total;
	} else {
		best_fit(k, (size_t)-1, 0, (size_t)-1, out, &cap);
		out->pass = 4;
	}
}

int gal_kp_break(const gal_kp_item *items, size_t n, const double *widths,
		 size_t n_widths, const gal_kp_params *p, gal_kp_result *out)
{
	memset(out, 0, sizeof *out);
	if (n == 0)
		return 0;
	kp k = { .it = items, .n = n, .widths = widths, .n_widths = n_widths, .p = p };
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
	if (n > p->stream_items)
		break_stream(&k, out);
	else
		break_whole(&k, out);
	out->peak_nodes = k.peak;
	free(k.W);
	free(k.Y);
	free(k.Z);
	free(k.pool);
	free(k.act);
	return 0;
}
