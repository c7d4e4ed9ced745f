/* Knuth–Plass breaker and hyphenation: known breaks, no overfull lines,
 * forced breaks, the hyphen-run limit, fallbacks, speed, long paragraphs
 * broken as a stream, dictionaries. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>

#include "base/buf.h"
#include "pdf/break.h"
#include "style/hyph.h"
#include "unit.h"

typedef struct { gal_kp_item *it; size_t n, cap; } vec;

static void push(vec *v, gal_kp_kind k, double w, double st, double sh, double pen, int fl)
{
	if (v->n == v->cap) {
		v->cap = v->cap ? v->cap * 2 : 64;
		v->it = xrealloc(v->it, v->cap * sizeof *v->it);
	}
	v->it[v->n++] = (gal_kp_item){ k, w, st, sh, pen, fl };
}

/* words of the given widths, spaces of width 1 (stretch 0.5, shrink 1/3) */
static void words(vec *v, const double *w, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i)
			push(v, GAL_KP_GLUE, 1, 0.5, 1.0 / 3, 0, 0);
		push(v, GAL_KP_BOX, w[i], 0, 0, 0, 0);
	}
	push(v, GAL_KP_GLUE, 0, 1e5, 0, 0, 0);
	push(v, GAL_KP_PENALTY, 0, 0, 0, -GAL_KP_INF, 0);
}

static double line_natural(const vec *v, size_t from, size_t to)
{
	double w = 0;
	for (size_t i = from; i < to; i++)
		if (v->it[i].kind != GAL_KP_PENALTY)
			w += v->it[i].width;
	if (v->it[to].kind == GAL_KP_PENALTY)
		w += v->it[to].width;
	return w;
}

static void test_optimal(void)
{
	/* greedy puts "aaa bb" (6) on line 1 and leaves "cc dd ee" (8 > 7)
	 * overfull-prone; the optimum balances 5 / 5 / 5 on a measure of 6 */
	double w[] = { 3, 2, 2, 2, 2, 3 };
	vec v = { 0 };
	words(&v, w, 6);
	gal_kp_params p;
	gal_kp_params_default(&p, 6);
	p.pretolerance = -1;
	double width = 6;
	gal_kp_result r;
	gal_kp_break(v.it, v.n, &width, 1, &p, &r);
	INT_EQ(r.n_lines, 3);
	for (size_t i = 0; i + 1 < r.n_lines; i++)
		OK(r.lines[i].ratio >= -1 && r.lines[i].ratio <= 2);
	free(r.lines);
	free(v.it);
}

static void test_no_overfull(void)
{
	srand(7);
	for (int t = 0; t < 50; t++) {
		vec v = { 0 };
		size_t n = 50 + (size_t)(rand() % 400);
		double *w = xmalloc(n * sizeof *w);
		for (size_t i = 0; i < n; i++)
			w[i] = 1 + rand() % 9;
		words(&v, w, n);
		double widths[2] = { 45, 50 };
		gal_kp_params p;
		gal_kp_params_default(&p, 50);
		gal_kp_result r;
		gal_kp_break(v.it, v.n, widths, 2, &p, &r);
		size_t from = 0;
		int bad = 0;
		for (size_t l = 0; l < r.n_lines; l++) {
			double nat = line_natural(&v, from, r.lines[l].brk);
			double shrink = 0;
			for (size_t i = from; i < r.lines[l].brk; i++)
				if (v.it[i].kind == GAL_KP_GLUE)
					shrink += v.it[i].shrink;
			if (nat - shrink > widths[l ? 1 : 0] + 1e-6)
				bad = 1;
			from = r.lines[l].brk + 1;
			while (from < v.n && v.it[from].kind != GAL_KP_BOX)
				from++;
		}
		OK(!bad);
		OK(r.lines[r.n_lines - 1].brk == v.n - 1);
		free(r.lines);
		free(v.it);
		free(w);
	}
}

static void test_forced_and_hyphens(void)
{
	vec v = { 0 };
	double w[] = { 3, 3 };
	words(&v, w, 2);
	/* a forced break inside: two paragraphs' worth, two lines at least */
	vec u = { 0 };
	push(&u, GAL_KP_BOX, 3, 0, 0, 0, 0);
	push(&u, GAL_KP_GLUE, 0, 1e5, 0, 0, 0);
	push(&u, GAL_KP_PENALTY, 0, 0, 0, -GAL_KP_INF, 0);
	for (size_t i = 0; i < v.n; i++)
		push(&u, v.it[i].kind, v.it[i].width, v.it[i].stretch, v.it[i].shrink,
		     v.it[i].penalty, v.it[i].flagged);
	double width = 20;
	gal_kp_params p;
	gal_kp_params_default(&p, 20);
	gal_kp_result r;
	gal_kp_break(u.it, u.n, &width, 1, &p, &r);
	INT_EQ(r.n_lines, 2);
	INT_EQ(r.lines[0].brk, 2);
	free(r.lines);
	free(u.it);
	free(v.it);

	/* words that only fit with hyphens: never three hyphenated in a row */
	vec h = { 0 };
	for (int i = 0; i < 12; i++) {
		if (i)
			push(&h, GAL_KP_GLUE, 1, 0.5, 0.33, 0, 0);
		push(&h, GAL_KP_BOX, 4, 0, 0, 0, 0);
		push(&h, GAL_KP_PENALTY, 0.5, 0, 0, 50, 1);
		push(&h, GAL_KP_BOX, 4, 0, 0, 0, 0);
	}
	push(&h, GAL_KP_GLUE, 0, 1e5, 0, 0, 0);
	push(&h, GAL_KP_PENALTY, 0, 0, 0, -GAL_KP_INF, 0);
	width = 13.5;
	gal_kp_params_default(&p, width);
	gal_kp_break(h.it, h.n, &width, 1, &p, &r);
	int run = 0, maxrun = 0;
	for (size_t l = 0; l < r.n_lines; l++) {
		run = r.lines[l].hyphenated ? run + 1 : 0;
		maxrun = run > maxrun ? run : maxrun;
	}
	OK(maxrun <= 2);
	free(r.lines);
	free(h.it);
}

static void test_big_and_fallback(void)
{
	/* a 10,000-word paragraph */
	vec v = { 0 };
	size_t n = 10000;
	double *w = xmalloc(n * sizeof *w);
	for (size_t i = 0; i < n; i++)
		w[i] = 2 + (double)(i * 7 % 9);
	words(&v, w, n);
	double width = 60;
	gal_kp_params p;
	gal_kp_params_default(&p, width);
	gal_kp_result r;
	clock_t t0 = clock();
	gal_kp_break(v.it, v.n, &width, 1, &p, &r);
	double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
	OK(r.n_lines > 1000);
	OK(secs < 5); /* a hang guard; speed is measured in make bench */
	free(r.lines);
	free(v.it);
	free(w);

	/* a box wider than the measure: no feasible break, best fit copes */
	vec b = { 0 };
	double ww[] = { 3, 50, 3 };
	words(&b, ww, 3);
	width = 20;
	gal_kp_break(b.it, b.n, &width, 1, &p, &r);
	INT_EQ(r.pass, 4);
	OK(r.n_lines >= 2);
	free(r.lines);
	free(b.it);
}

/* Prose-like words of one to three syllables (hyphen breaks between
 * them), an occasional forced break; `bad` replaces word n / 2 with a box
 * that fills a line all but a sliver, which no line under the tolerance
 * can hold. The items stay the same in number and kind either way. */
static void prose(vec *v, size_t n, unsigned seed, double measure, int bad)
{
	srand(seed);
	for (size_t i = 0; i < n; i++) {
		if (i)
			push(v, GAL_KP_GLUE, 1, 0.5, 1.0 / 3, 0, 0);
		double a = 1 + rand() % 4, b = 1 + rand() % 4;
		if (bad && i == n / 2) {
			push(v, GAL_KP_BOX, measure * 0.97, 0, 0, 0, 0);
			push(v, GAL_KP_PENALTY, 0, 0, 0, GAL_KP_INF, 0);
			push(v, GAL_KP_BOX, 0, 0, 0, 0, 0);
		} else {
			push(v, GAL_KP_BOX, a, 0, 0, 0, 0);
			push(v, GAL_KP_PENALTY, 0.5, 0, 0, 50, 1);
			push(v, GAL_KP_BOX, b, 0, 0, 0, 0);
		}
		if (i % 997 == 996) {
			push(v, GAL_KP_GLUE, 0, 1e5, 0, 0, 0);
			push(v, GAL_KP_PENALTY, 0, 0, 0, -GAL_KP_INF, 0);
		}
	}
	push(v, GAL_KP_GLUE, 0, 1e5, 0, 0, 0);
	push(v, GAL_KP_PENALTY, 0, 0, 0, -GAL_KP_INF, 0);
}

static int same_breaks(const gal_kp_result *a, const gal_kp_result *b)
{
	if (a->n_lines != b->n_lines)
		return 0;
	for (size_t l = 0; l < a->n_lines; l++)
		if (a->lines[l].brk != b->lines[l].brk ||
		    a->lines[l].hyphenated != b->lines[l].hyphenated)
			return 0;
	return 1;
}

/* A streamed paragraph commits the breaks every path shares and frees
 * the nodes behind them: the breaks are those of the whole paragraph at
 * once, and the nodes held stay few however long it is. */
static void test_stream_exact(void)
{
	for (unsigned seed = 1; seed <= 4; seed++) {
		vec v = { 0 };
		prose(&v, 20000, seed, 60, 0);
		double widths[2] = { 57, 60 };
		gal_kp_params p;
		gal_kp_params_default(&p, 60);
		p.pretolerance = -1;
		gal_kp_result whole, str;
		p.stream_items = SIZE_MAX;
		gal_kp_break(v.it, v.n, widths, 2, &p, &whole);
		p.stream_items = 0;
		gal_kp_break(v.it, v.n, widths, 2, &p, &str);
		INT_EQ(whole.pass, 2);
		INT_EQ(str.pass, 2);
		OK(whole.n_lines > 1000);
		OK(same_breaks(&whole, &str));
		OK(whole.demerits == str.demerits);
		/* the whole paragraph holds a node or more per item */
		OK(whole.peak_nodes > v.n / 2);
		OK(str.peak_nodes > 0 && str.peak_nodes < 10000);
		free(whole.lines);
		free(str.lines);
		free(v.it);
	}
}

/* Past GAL_KP_STREAM_ITEMS, and far past where best fit used to take
 * over, a paragraph is still broken for the least demerits: every line
 * within the tolerance, in nodes that do not grow with it. */
static void test_stream_long(void)
{
	vec v = { 0 };
	prose(&v, 150000, 9, 60, 0);
	OK(v.n > 4 * (size_t)GAL_KP_STREAM_ITEMS);
	double width = 60;
	gal_kp_params p;
	gal_kp_params_default(&p, width);
	gal_kp_result r;
	gal_kp_break(v.it, v.n, &width, 1, &p, &r);
	OK(r.pass <= 2);
	OK(r.n_lines > 10000);
	int fits = 1;
	for (size_t l = 0; l < r.n_lines; l++) {
		double x = fabs(r.lines[l].ratio);
		fits &= r.lines[l].ratio >= -1 && 100 * x * x * x <= p.tolerance + 1e-9;
	}
	OK(fits);
	OK(r.peak_nodes > 0 && r.peak_nodes < 10000);
	free(r.lines);
	free(v.it);
}

/* A line no pass but the emergency one can set, in the middle of a long
 * paragraph: only its neighbourhood is broken again, so the lines far
 * before and far after it are those of the paragraph without it. */
static void test_stream_local_fallback(void)
{
	vec clean = { 0 }, bad = { 0 };
	prose(&clean, 40000, 5, 60, 0);
	prose(&bad, 40000, 5, 60, 1);
	INT_EQ(bad.n, clean.n);
	size_t spot = 0;
	while (bad.it[spot].width < 50)
		spot++;
	double width = 60;
	gal_kp_params p;
	gal_kp_params_default(&p, width);
	p.pretolerance = -1;
	gal_kp_result rc, rb;
	gal_kp_break(clean.it, clean.n, &width, 1, &p, &rc);
	gal_kp_break(bad.it, bad.n, &width, 1, &p, &rb);
	INT_EQ(rc.pass, 2);
	INT_EQ(rb.pass, 3);
	/* by the break item, before and after the neighbourhood */
	size_t margin = 20000, before = 0, after = 0, same_before = 0, same_after = 0;
	for (size_t l = 0; l < rc.n_lines; l++) {
		size_t b = rc.lines[l].brk;
		if (b + margin < spot)
			before++;
		else if (b > spot + margin)
			after++;
	}
	for (size_t l = 0; l < before && l < rb.n_lines; l++)
		same_before += rb.lines[l].brk == rc.lines[l].brk;
	for (size_t l = 1; l <= after && l <= rb.n_lines; l++)
		same_after += rb.lines[rb.n_lines - l].brk == rc.lines[rc.n_lines - l].brk;
	OK(before > 100 && after > 100);
	INT_EQ(same_before, before);
	INT_EQ(same_after, after);
	int overfull = 0;
	for (size_t l = 0; l < rb.n_lines; l++)
		overfull |= rb.lines[l].ratio < -1;
	OK(!overfull);
	free(rc.lines);
	free(rb.lines);
	free(clean.it);
	free(bad.it);

	/* a box wider than the measure: best fit sets the part around it,
	 * and the breaker takes over again after it */
	vec w = { 0 };
	prose(&w, 4000, 3, 60, 0);
	w.it[w.n / 2].width = 80;
	p.stream_items = 0;
	gal_kp_break(w.it, w.n, &width, 1, &p, &rb);
	INT_EQ(rb.pass, 4);
	int feasible_tail = 1;
	for (size_t l = rb.n_lines - 20; l + 1 < rb.n_lines; l++)
		feasible_tail &= rb.lines[l].demerits > 0;
	OK(feasible_tail);
	free(rb.lines);
	free(w.it);
}

static void hy(const char *lang, const char *word, const char *want)
{
	const gal_hyph *h = gal_hyph_get(lang);
	OK(h != NULL);
	unsigned char b[256];
	size_t n = strlen(word);
	gal_hyph_word(h, word, n, b);
	char out[512];
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (b[i])
			out[k++] = '-';
		out[k++] = word[i];
	}
	out[k] = '\0';
	STR_EQ(out, want);
}

static void test_hyph(void)
{
	hy("en", "hyphenation", "hy-phen-ation");
	hy("en-GB", "relationship", "re-la-tion-ship");
	hy("de-CH", "Grundversorgung", "Grund-ver-sor-gung");  /* fallback to de */
	hy("de", "Denkmalschutzbehörde", "Denk-mal-schutz-be-hörde"); /* ISO-8859-1 dictionary */
	hy("ru", "Содержание", "Со-дер-жа-ние");             /* KOI8-R dictionary */
	hy("fr", "international", "in-ter-na-tio-nal");
	hy("en", "abc", "abc");                               /* too short */
	hy("en", "covid19cases", "covid19cases");             /* digits */
	OK(gal_hyph_get("xx") == NULL);
	gal_hyph_free_all();
}

int main(void)
{
	test_optimal();
	test_no_overfull();
	test_forced_and_hyphens();
	test_big_and_fallback();
	test_stream_exact();
	test_stream_long();
	test_stream_local_fallback();
	test_hyph();
	return unit_done("break");
}
