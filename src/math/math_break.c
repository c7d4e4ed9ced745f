/* The layout's entry point, the lines of a display formula and the
 * pieces of an inline one. A display formula too wide for its measure
 * breaks before relations of its outermost row (before binary operators
 * where a relation's side is itself too wide), continuation lines
 * indented to the first relation as amsmath's split does, or by 2em; a
 * piece that fits nowhere is scaled down, so no line ever overflows. An
 * inline formula is cut where TeX lets a paragraph's line end in it
 * (gal_math_piece), for the paragraph's breaker to choose. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "math/mfont.h"
#include "math/mlayout.h"

typedef struct {
	size_t from, to;      /* segments [from, to) */
} span;

/* the row whose children are the break candidates: the root, or the one
 * row that a chain of single children leads to */
static const gal_math_node *breakable_row(const gal_math_node *root)
{
	const gal_math_node *row = root;
	while (row->first && !row->first->next &&
	       (row->first->kind == GAL_M_MROW || row->first->kind == GAL_M_MSTYLE))
		row = row->first;
	return row;
}

/* a row's cells, and the first of them, its label aside */
static int cells_of(const gal_math_node *tr)
{
	return gal_math_count(tr) - (tr->kind == GAL_M_MLABELEDTR);
}

static const gal_math_node *first_cell(const gal_math_node *tr)
{
	return tr->kind == GAL_M_MLABELEDTR ? tr->first->next : tr->first;
}

/* A display formula that is a frameless table of one column (MathML
 * writers wrap a lone equation in an mtable so as to align it, and a
 * gather of several in one) or of two (an align: left sides, then the
 * relations and right sides): the table, else NULL. Its equations may
 * then break as one alone does (gal_math_layout). */
static const gal_math_node *column_table(const gal_math_node *root)
{
	const gal_math_node *t = root;
	while (t->first && !t->first->next &&
	       (t->first->kind == GAL_M_MROW ||
		(t->first->kind == GAL_M_MSTYLE && !t->first->scriptlevel)))
		t = t->first;
	t = t->first && !t->first->next ? t->first : NULL;
	if (!t || t->kind != GAL_M_MTABLE || t->frame || !t->first)
		return NULL;
	int cols = cells_of(t->first);
	if (cols < 1 || cols > 2)
		return NULL;
	for (const gal_math_node *tr = t->first; tr; tr = tr->next) {
		if ((tr->kind != GAL_M_MTR && tr->kind != GAL_M_MLABELEDTR) || cells_of(tr) != cols)
			return NULL;
		for (const gal_math_node *td = tr->first; td; td = td->next)
			if (td->kind != GAL_M_MTD)
				return NULL;
	}
	return t;
}

static int has_labels(const gal_math_node *table)
{
	for (const gal_math_node *tr = table->first; tr; tr = tr->next)
		if (tr->kind == GAL_M_MLABELEDTR)
			return 1;
	return 0;
}

/* the outermost row and the rows inside it (MathML writers wrap a
 * relation's sides in mrows): their children are the places to break;
 * the brackets among them keep what they enclose together unless
 * nothing else fits (next_break) */
static void collect_rows(L *l, const gal_math_node *row, int depth)
{
	if (l->n_break == sizeof l->break_rows / sizeof l->break_rows[0])
		return;
	l->break_rows[l->n_break++] = row;
	if (depth >= 16)
		return;
	for (const gal_math_node *c = row->first; c; c = c->next)
		if ((c->kind == GAL_M_MROW || c->kind == GAL_M_MSTYLE) && c->first)
			collect_rows(l, c, depth + 1);
}

static int by_x(const void *a, const void *b)
{
	const segment *p = a, *q = b;
	if (p->x0 != q->x0)
		return p->x0 < q->x0 ? -1 : 1;
	return p->first < q->first ? -1 : p->first > q->first;
}

/* the best place to end a line that starts at segment s, looking only
 * at operators outside brackets, or (`inner`) at any depth */
static size_t best_break(const L *l, size_t s, double avail, int inner)
{
	const segment *seg = l->seg;
	double x0 = seg[s].x0;
	size_t best_rel = 0, best_bin = 0;
	int depth = 0;
	for (size_t b = 0; b <= s; b++)
		depth += seg[b].fence;
	for (size_t b = s + 1; b < l->n_seg; b++) {
		unsigned fl = seg[b].opflags & (GAL_OP_RELATION | GAL_OP_BINARY);
		int inside = depth > 0;
		depth += seg[b].fence;
		if (!fl || (inside && !inner))
			continue;
		if (seg[b - 1].x1 - x0 > avail)
			break;
		if (fl & GAL_OP_RELATION)
			best_rel = b;
		else
			best_bin = b;
	}
	/* a relation, unless the line it ends would be less than half full
	 * and a binary operator fills it better */
	if (best_rel && (seg[best_rel - 1].x1 - x0 >= avail / 2 || best_bin < best_rel))
		return best_rel;
	return best_bin;
}

/* the last place before which a line starting at segment s may end
 * between the factors of a product, outside brackets: at MathML's
 * invisible times, as MathJax breaks a product no operator divides;
 * 0 when none fits */
static size_t product_break(const L *l, size_t s, double avail)
{
	const segment *seg = l->seg;
	size_t best = 0;
	int depth = 0;
	for (size_t b = 0; b <= s; b++)
		depth += seg[b].fence;
	for (size_t b = s + 1; b < l->n_seg; b++) {
		int inside = depth > 0;
		depth += seg[b].fence;
		if (seg[b - 1].x1 - seg[s].x0 > avail)
			break;
		const gal_math_node *op = seg[b].node ? gal_math_embellished_op(seg[b].node) : NULL;
		if (!inside && op && op->text && !strcmp(op->text, "\u2062"))
			best = b;
	}
	return best;
}

static size_t next_break(const L *l, size_t s, double avail)
{
	if (l->seg[l->n_seg - 1].x1 - l->seg[s].x0 <= avail)
		return l->n_seg;
	size_t b = best_break(l, s, avail, 0);
	/* a product between its factors where no operator breaks it, or
	 * where the operator's line would be less than half full */
	size_t p = product_break(l, s, avail);
	if (p > b && (!b || l->seg[b - 1].x1 - l->seg[s].x0 < avail / 2))
		b = p;
	/* between a bracket and its mate only when nothing outside fits */
	if (!b)
		b = best_break(l, s, avail, 1);
	if (b)
		return b;
	/* nothing fits: the first place there is, the line is scaled */
	int depth = 0;
	for (size_t k = 0; k <= s; k++)
		depth += l->seg[k].fence;
	for (size_t k = s + 1; k < l->n_seg; k++) {
		int inside = depth > 0;
		depth += l->seg[k].fence;
		if (!inside && (l->seg[k].opflags & (GAL_OP_RELATION | GAL_OP_BINARY)))
			return k;
	}
	return l->n_seg;
}

static double indent_of(const L *l, double measure, double size)
{
	for (size_t i = 1; i < l->n_seg; i++)
		if (l->seg[i].opflags & GAL_OP_RELATION)
			return l->seg[i].x0 <= measure / 2 ? l->seg[i].x0 : 2 * size;
	return 2 * size;
}

/* The indents of continuation lines: one that starts with a relation or
 * a binary operator at `at`, one that goes on with a factor of a product
 * (broken between factors) where the first relation's right side starts,
 * so that it never stands under the relation. */
typedef struct {
	double at, rhs;
} indents;

static indents indents_of(const L *l, double at)
{
	indents in = { at, at };
	for (size_t i = 1; i < l->n_seg; i++)
		if (l->seg[i].opflags & GAL_OP_RELATION) {
			in.rhs = at + l->seg[i].x1 - l->seg[i].x0;
			break;
		}
	return in;
}

static double indent_at(const L *l, size_t s, indents in)
{
	return l->seg[s].opflags & (GAL_OP_RELATION | GAL_OP_BINARY) ? in.at : in.rhs;
}

/* the reading of segment g, whose items start at `first` in the box and
 * are moved by dx */
static void add_rspan(gal_math_box *out, const segment *g, size_t first, double dx)
{
	if (!g->n || !g->node)
		return;
	gal_buf b = GAL_BUF_INIT;
	gal_math_reading_of(g->node, &b);
	if (!b.len) {
		gal_buf_free(&b);
		return;
	}
	out->rspans = xrealloc(out->rspans, (out->n_rspans + 1) * sizeof *out->rspans);
	out->rspans[out->n_rspans++] = (gal_math_rspan){ g->x0 + g->ls + dx, g->x1 - g->rs + dx,
							 first, gal_buf_detach(&b, NULL) };
}

static void clear_rspans(gal_math_box *out)
{
	for (size_t i = 0; i < out->n_rspans; i++)
		free(out->rspans[i].text);
	free(out->rspans);
	out->rspans = NULL;
	out->n_rspans = 0;
}

/* whether every item is in a segment: the segments then read apart */
static int all_in_segments(const L *l)
{
	size_t covered = 0;
	for (size_t s = 0; s < l->n_seg; s++)
		covered += l->seg[s].n;
	return l->n_seg > 0 && covered == l->n;
}

/* copy the items of segments into lines */
static void build_lines(L *l, gal_math_box *out, const span *sp, size_t n, indents in)
{
	out->items = xmalloc((l->n + l->n_label + 1) * sizeof *out->items);
	out->lines = xcalloc(n, sizeof *out->lines);
	out->n_lines = n;
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		gal_math_line *ln = &out->lines[i];
		const segment *a = &l->seg[sp[i].from], *z = &l->seg[sp[i].to - 1];
		ln->indent = i ? indent_at(l, sp[i].from, in) : 0;
		ln->width = z->x1 - a->x0;
		ln->first = k;
		for (size_t s = sp[i].from; s < sp[i].to; s++) {
			const segment *g = &l->seg[s];
			add_rspan(out, g, k, ln->indent - a->x0);
			if (g->h > ln->height)
				ln->height = g->h;
			if (g->d > ln->depth)
				ln->depth = g->d;
			for (size_t j = g->first; j < g->first + g->n; j++) {
				out->items[k] = l->it[j];
				out->items[k++].x += ln->indent - a->x0;
			}
		}
		ln->n = k - ln->first;
	}
	out->n_items = k;
}

static void one_line(L *l, gal_math_box *out, const box *b)
{
	out->items = xmalloc((l->n + l->n_label + 1) * sizeof *out->items);
	if (l->n)
		memcpy(out->items, l->it, l->n * sizeof *out->items);
	out->n_items = l->n;
	out->lines = xcalloc(1, sizeof *out->lines);
	out->n_lines = 1;
	out->lines[0] = (gal_math_line){ b->w, b->h, b->d, 0, 0, l->n };
	if (all_in_segments(l))
		for (size_t s = 0; s < l->n_seg; s++)
			add_rspan(out, &l->seg[s], l->seg[s].first, 0);
}

/* shrink a line (or a piece) wider than `avail` to fit it, about where
 * it starts */
static void fit_line(gal_math_box *out, gal_math_line *ln, double avail)
{
	if (ln->width <= avail || ln->width <= 0)
		return;
	double s = avail / ln->width > 0.1 ? avail / ln->width : 0.1;
	for (size_t k = ln->first; k < ln->first + ln->n; k++) {
		gal_math_item *it = &out->items[k];
		it->x = ln->indent + (it->x - ln->indent) * s;
		it->y *= s, it->w *= s, it->h *= s, it->size *= s;
	}
	ln->width *= s, ln->height *= s, ln->depth *= s;
	for (size_t i = 0; i < out->n_rspans; i++) {
		gal_math_rspan *r = &out->rspans[i];
		if (r->first >= ln->first && r->first < ln->first + ln->n) {
			r->x0 = ln->indent + (r->x0 - ln->indent) * s;
			r->x1 = ln->indent + (r->x1 - ln->indent) * s;
		}
	}
	if (s < out->scale)
		out->scale = s;
}

/* shrink the lines wider than the measure to fit it, each by itself */
static void fit_lines(gal_math_box *out, double measure)
{
	for (size_t i = 0; i < out->n_lines; i++)
		fit_line(out, &out->lines[i], measure - out->lines[i].indent);
}

/* overall extent of the stacked lines */
static void measure_box(gal_math_box *out)
{
	out->width = out->height = out->depth = 0;
	for (size_t i = 0; i < out->n_lines; i++) {
		gal_math_line *ln = &out->lines[i];
		if (ln->indent + ln->width > out->width)
			out->width = ln->indent + ln->width;
		if (i == 0) {
			out->height = ln->height;
			out->depth = ln->depth;
		} else {
			out->depth += out->line_gap + ln->height + ln->depth;
		}
	}
}

/* the spans of a breaking with continuation lines at `indent`; returns
 * whether every line fits */
/* Plan the lines; returns the scale the tightest of them needs to fit
 * (1 when all fit). */
static double plan(const L *l, double measure, indents in, span *sp, size_t *n)
{
	double scale = 1;
	*n = 0;
	for (size_t s = 0; s < l->n_seg;) {
		double avail = *n ? measure - indent_at(l, s, in) : measure;
		size_t e = next_break(l, s, avail);
		double w = l->seg[e - 1].x1 - l->seg[s].x0;
		if (w > avail)
			scale = fmin(scale, avail > 0 ? avail / w : 0);
		sp[(*n)++] = (span){ s, e };
		s = e;
	}
	return scale;
}

static void break_lines(L *l, gal_math_box *out, const box *b, double measure, double size)
{
	indents in = indents_of(l, indent_of(l, measure, size));
	span *sp = xmalloc((l->n_seg + 1) * sizeof *sp);
	size_t n = 0;
	/* aligned at the first relation if that fits, else indented 2em */
	double scale = plan(l, measure, in, sp, &n);
	if (scale < 1 && in.at > 2 * size) {
		in = indents_of(l, 2 * size);
		scale = plan(l, measure, in, sp, &n);
	}
	/* every item must be in a segment to be broken this way; and lines
	 * that must still be scaled down more than the whole would be are
	 * no better than the whole */
	if (n > 1 && all_in_segments(l) && scale >= measure / b->w)
		build_lines(l, out, sp, n, in);
	else
		one_line(l, out, b);
	free(sp);
}

/* ---- the pieces of an inline formula ------------------------------------ */

#define REL_PENALTY 500   /* TeX's \relpenalty */
#define BIN_PENALTY 700   /* \binoppenalty */
#define NO_BREAK 10000
/* what a break between a bracket and its mate costs on top: a paragraph
 * takes one only where every other way sets lines far looser (a \left
 * ... \right group nearly as wide as the measure), as MathML renderers
 * break inside any row */
#define INNER_PENALTY 1000

static unsigned op_class(const segment *g)
{
	/* a bar marked a fence is |x|'s, an ordinary symbol, not \mid */
	return (g->opflags & GAL_OP_FENCE) && !g->fence ? 0 : g->opflags;
}

/* What a line break after segment k (not the last) costs, NO_BREAK
 * where there is none. After a relation, unless another follows; after
 * a binary operator between two operands: TeX sets one after an
 * operator, a relation, punctuation or an opening bracket, or before a
 * relation, punctuation or a closing bracket, as an ordinary symbol. */
static int penalty_after(const segment *seg, size_t k)
{
	unsigned f = op_class(&seg[k]), next = op_class(&seg[k + 1]);
	if (f & GAL_OP_RELATION)
		return next & GAL_OP_RELATION ? NO_BREAK : REL_PENALTY;
	if (!(f & GAL_OP_BINARY) || k == 0)
		return NO_BREAK;
	unsigned prev = op_class(&seg[k - 1]);
	if ((prev & (GAL_OP_RELATION | GAL_OP_BINARY | GAL_OP_LARGEOP | GAL_OP_SEPARATOR)) ||
	    seg[k - 1].fence > 0)
		return NO_BREAK;
	if ((next & (GAL_OP_RELATION | GAL_OP_SEPARATOR)) || seg[k + 1].fence < 0)
		return NO_BREAK;
	return BIN_PENALTY;
}

/* how far one side's space (a relation's or a binary operator's, by
 * class) stretches (TeX: thick plus all of itself, medium plus half)
 * and shrinks (medium: all of itself) */
static void flex(const segment *g, double space, double *stretch, double *shrink)
{
	unsigned c = op_class(g);
	if (space <= 0)
		return;
	if (c & GAL_OP_RELATION)
		*stretch += space;
	else if (c & GAL_OP_BINARY)
		*stretch += space / 2, *shrink += space;
}

/* The pieces of an inline formula of width `width` laid out in one
 * line: cut between the segments of its outermost list where the space
 * is glue (flex) or a line may break; between brackets that keep their
 * content together (keeps in math_layout.c) only where a line may break,
 * at a higher cost. Its items are put in the
 * order of the segments, so that each piece is a run of them. */
static void make_pieces(const L *l, gal_math_box *out, double width)
{
	const segment *seg = l->seg;
	size_t n = l->n_seg, n_cut = 0;
	gal_math_piece *cut = NULL;   /* per segment: the space after it */
	/* every item must be in a segment to be cut this way */
	if (n > 1 && all_in_segments(l)) {
		cut = xcalloc(n, sizeof *cut);
		int depth = 0;
		for (size_t k = 0; k + 1 < n; k++) {
			gal_math_piece *c = &cut[k];
			if (seg[k].keep)
				depth += seg[k].fence;
			if (depth > 0) {
				/* its spaces stay as set, as TeX's inside a
				 * \left ... \right subformula */
				int p = penalty_after(seg, k);
				if (p < NO_BREAK) {
					c->penalty = p + INNER_PENALTY;
					n_cut++;
				}
				continue;
			}
			c->penalty = penalty_after(seg, k);
			flex(&seg[k], seg[k].rs, &c->stretch, &c->shrink);
			flex(&seg[k + 1], seg[k + 1].ls, &c->stretch, &c->shrink);
			if (c->penalty < NO_BREAK || c->stretch > 0 || c->shrink > 0)
				n_cut++;
			else
				c->penalty = 0;
		}
	}
	out->n_pieces = n_cut + 1;
	out->pieces = xcalloc(out->n_pieces, sizeof *out->pieces);
	out->pieces[0].line = out->lines[0];
	out->pieces[n_cut].penalty = NO_BREAK;
	if (!n_cut) {
		free(cut);
		return;
	}
	gal_math_piece *pc = out->pieces;
	pc->line = (gal_math_line){ 0, 0, 0, 0, 0, 0 };
	size_t k = 0;
	clear_rspans(out);
	for (size_t s = 0; s < n; s++) {
		const segment *g = &seg[s];
		add_rspan(out, g, k, 0);
		memcpy(out->items + k, l->it + g->first, g->n * sizeof *out->items);
		k += g->n;
		pc->line.height = fmax(pc->line.height, g->h);
		pc->line.depth = fmax(pc->line.depth, g->d);
		if (s + 1 == n || !cut[s].penalty)
			continue;
		/* the piece ends at its last operator, before its space; the
		 * next starts at its first ink: spaces that show nothing
		 * (~, \quad) go with the gap, dropped at a line break as TeX
		 * discards glue after one */
		size_t t = s + 1;
		while (t + 1 < n && !seg[t].n && !cut[t].penalty)
			t++;
		double end = g->x1 - g->rs, next = seg[t].x0 + seg[t].ls;
		pc->line.width = end - pc->line.indent;
		pc->line.n = k - pc->line.first;
		pc->gap = next - end;
		pc->stretch = cut[s].stretch;
		pc->shrink = cut[s].shrink;
		pc->penalty = cut[s].penalty;
		pc++;
		pc->line = (gal_math_line){ 0, 0, 0, next, k, 0 };
	}
	pc->line.width = width - pc->line.indent;
	pc->line.n = k - pc->line.first;
	free(cut);
}

/* shrink the pieces wider than the measure to fit it, each about its
 * start: an inline formula never overflows its line */
static void fit_pieces(gal_math_box *out, double measure)
{
	for (size_t i = 0; i < out->n_pieces; i++)
		fit_line(out, &out->pieces[i].line, measure);
	if (out->n_pieces == 1)
		out->lines[0] = out->pieces[0].line;
}

/* The row of root's children in style c, broken to the measure (a
 * display formula) or cut into pieces (an inline one). */
static gal_math_box *lay_root(const gal_math_node *root, ctx c, gal_math_font *f,
			      const gal_math_layout_opts *o)
{
	L l;
	memset(&l, 0, sizeof l);
	l.f = f;
	l.base = c.size;
	int breaking = o->display && o->measure > 0;
	if (breaking || !o->display)
		collect_rows(&l, breakable_row(root), 0);
	box b = gal_mlayout_row(&l, root->first, c, 1, NULL);
	/* inner rows record their children when they are laid out, before
	 * their neighbours: put the segments back in their order */
	if (l.n_seg > 1)
		qsort(l.seg, l.n_seg, sizeof *l.seg, by_x);
	gal_math_box *r = xcalloc(1, sizeof *r);
	r->line_gap = 0.3 * l.base;
	r->scale = 1;
	if (breaking && b.w > o->measure && l.n_seg > 1)
		break_lines(&l, r, &b, o->measure, l.base);
	else
		one_line(&l, r, &b);
	if (breaking)
		fit_lines(r, o->measure);
	if (!o->display) {
		make_pieces(&l, r, b.w);
		if (o->measure > 0)
			fit_pieces(r, o->measure);
	}
	measure_box(r);
	if (l.n_label) {
		memcpy(r->items + r->n_items, l.label, l.n_label * sizeof *l.label);
		r->label = (gal_math_line){ l.label_w, l.label_h, l.label_d, 0, r->n_items, l.n_label };
		r->n_items += l.n_label;
	}
	r->text = gal_buf_detach(&l.text, &r->text_len);
	free(l.it);
	free(l.seg);
	free(l.label);
	return r;
}

/* where a box of width w starts in a column of width cw, as `align`
 * (gal_mlayout_cell_align) has it */
static double align_in(int align, double cw, double w)
{
	return align < 0 ? 0 : align > 0 ? cw - w : (cw - w) / 2;
}

/* Append to r the items of line ln of box b, moved by dx; their text
 * is b's, which take_text appends after them. Returns the index of the
 * first in r. */
static size_t take_items(gal_math_box *r, const gal_math_box *b, const gal_math_line *ln,
			 double dx)
{
	size_t at = r->n_items;
	for (size_t j = ln->first; j < ln->first + ln->n; j++) {
		gal_math_item it = b->items[j];
		it.x += dx;
		if (it.text >= 0)
			it.text += (int)r->text_len;
		r->items[r->n_items++] = it;
	}
	return at;
}

static void take_text(gal_math_box *r, const gal_math_box *b)
{
	memcpy(r->text + r->text_len, b->text, b->text_len);
	r->text_len += b->text_len;
}

/* take_items for line k of b, with its readings. A box whose children
 * do not read apart, set on one line, reads as node does. */
static size_t take_line(gal_math_box *r, gal_math_box *b, size_t k, double dx,
			const gal_math_node *node)
{
	const gal_math_line *ln = &b->lines[k];
	size_t at = take_items(r, b, ln, dx);
	for (size_t j = 0; j < b->n_rspans; j++) {
		gal_math_rspan *sp = &b->rspans[j];
		if (sp->first < ln->first || sp->first >= ln->first + ln->n)
			continue;
		r->rspans[r->n_rspans++] = (gal_math_rspan){ sp->x0 + dx, sp->x1 + dx,
			sp->first - ln->first + at, sp->text };
		sp->text = NULL;   /* r's now */
	}
	if (!b->n_rspans && b->n_lines == 1 && ln->n) {
		gal_buf rd = GAL_BUF_INIT;
		gal_math_reading_of(node, &rd);
		r->rspans[r->n_rspans++] = (gal_math_rspan){ dx + ln->indent,
			dx + ln->indent + ln->width, at, gal_buf_detach(&rd, NULL) };
	}
	return at;
}

/* A table of one or two columns too wide for its measure as a table
 * (column_table): each row's last cell set as an equation of its own,
 * in what the first column leaves, broken to it or, failing that,
 * scaled alone; the first column's cells kept whole. The rows align as
 * the table aligns its cells, and stack as a broken formula's lines:
 * a row's first line holds both its cells, its other lines go on under
 * its last cell. */
static gal_math_box *lay_column(const gal_math_node *table, ctx c, gal_math_font *f,
				const gal_math_layout_opts *o)
{
	int cols = cells_of(table->first);
	size_t rows = 0;
	for (const gal_math_node *tr = table->first; tr; tr = tr->next)
		rows++;
	gal_math_box **lb = xcalloc(rows, sizeof *lb), **rb = xcalloc(rows, sizeof *rb);
	gal_math_box **tags = xcalloc(rows, sizeof *tags);
	gal_math_layout_opts whole = { o->size, 1, 0, 0 }, rest = *o;
	double w1 = 0, w2 = 0;
	size_t i = 0, n_items = 0, n_lines = 0, n_rspans = 0, text_len = 0;
	for (const gal_math_node *tr = table->first; cols == 2 && tr; tr = tr->next, i++) {
		lb[i] = lay_root(first_cell(tr), c, f, &whole);
		w1 = fmax(w1, lb[i]->width);
	}
	double x2 = cols == 2 ? w1 + gal_mlayout_column_space(table, c.size, c.display, 1) : 0;
	/* the last column keeps at least a third of the measure */
	rest.measure = fmax(o->measure - x2, o->measure / 3);
	/* the labels first: the rows keep clear of the widest, by an em */
	size_t n_tags = 0;
	double wt = 0;
	i = 0;
	for (const gal_math_node *tr = table->first; tr; tr = tr->next, i++) {
		if (tr->kind != GAL_M_MLABELEDTR)
			continue;
		ctx tc = c;
		tc.display = 0;
		tags[i] = lay_root(tr->first, tc, f, &whole);
		wt = fmax(wt, tags[i]->width);
		n_tags++;
	}
	if (n_tags)
		rest.measure = fmax(rest.measure - wt - c.size, o->measure / 3);
	i = 0;
	for (const gal_math_node *tr = table->first; tr; tr = tr->next, i++) {
		const gal_math_node *td = first_cell(tr);
		rb[i] = lay_root(td->next ? td->next : td, c, f, &rest);
		w2 = fmax(w2, rb[i]->width);
		for (int side = 0; side < 3; side++) {
			gal_math_box *b = side == 2 ? tags[i] : side ? rb[i] : lb[i];
			if (!b)
				continue;
			n_items += b->n_items;
			n_lines += b->n_lines;
			n_rspans += b->n_rspans + 1;
			text_len += b->text_len;
		}
	}
	gal_math_box *r = xcalloc(1, sizeof *r);
	r->items = xmalloc((n_items + 1) * sizeof *r->items);
	r->lines = xcalloc(n_lines, sizeof *r->lines);
	r->rspans = xcalloc(n_rspans, sizeof *r->rspans);
	r->text = xmalloc(text_len + 1);
	r->row_labels = n_tags ? xcalloc(n_tags, sizeof *r->row_labels) : NULL;
	r->line_gap = 0.3 * c.size;
	r->scale = 1;
	i = 0;
	for (const gal_math_node *tr = table->first; tr; tr = tr->next, i++) {
		const gal_math_node *td1 = first_cell(tr), *td2 = td1->next ? td1->next : td1;
		gal_math_box *l1 = lb[i], *b = rb[i];
		double dx2 = x2 + align_in(gal_mlayout_cell_align(table, td2, cols - 1), w2, b->width);
		gal_math_line *ln = &r->lines[r->n_lines++];
		*ln = b->lines[0];
		ln->indent += dx2;
		if (l1 && l1->lines[0].n) {
			double dx1 = align_in(gal_mlayout_cell_align(table, td1, 0), w1, l1->width);
			ln->first = take_line(r, l1, 0, dx1, td1);
			take_text(r, l1);
			ln->width = ln->indent + ln->width - dx1;
			ln->indent = dx1;
			ln->height = fmax(ln->height, l1->lines[0].height);
			ln->depth = fmax(ln->depth, l1->lines[0].depth);
			take_line(r, b, 0, dx2, td2);
			ln->n = r->n_items - ln->first;
		} else {
			ln->first = take_line(r, b, 0, dx2, td2);
		}
		for (size_t k = 1; k < b->n_lines; k++) {
			gal_math_line *next = &r->lines[r->n_lines++];
			*next = b->lines[k];
			next->indent += dx2;
			next->first = take_line(r, b, k, dx2, td2);
		}
		take_text(r, b);
		r->scale = fmin(r->scale, b->scale);
		gal_math_box_free(l1);
		gal_math_box_free(b);
		/* the row's last line carries its label, as a display
		 * formula's last line carries its number */
		if (tags[i])
			r->row_labels[r->n_row_labels++].line = r->n_lines - 1;
	}
	/* the labels' items after every line's, each from its own origin */
	size_t k = 0;
	for (i = 0; i < rows; i++) {
		gal_math_box *t = tags[i];
		if (!t)
			continue;
		gal_math_line *tag = &r->row_labels[k++].box;
		*tag = t->lines[0];
		tag->first = take_items(r, t, &t->lines[0], 0);
		take_text(r, t);
		gal_math_box_free(t);
	}
	r->text[r->text_len] = '\0';
	free(lb);
	free(rb);
	free(tags);
	measure_box(r);
	return r;
}

int gal_math_layout(const gal_math *m, gal_math_font *f, const gal_math_layout_opts *o,
		    gal_math_box **out, gal_err *err)
{
	double size = o->size > 0 ? o->size : 10;
	ctx c = { size, 0, o->display, 0, 0 };
	const gal_math_node *root = gal_math_root(m);
	const gal_math_node *table = o->display ? column_table(root) : NULL;
	/* a table's cells, set apart from it, take its display style */
	ctx tc = c;
	if (table)
		tc.display = table->displaystyle == GAL_MB_TRUE;
	gal_math_box *r;
	if (table && has_labels(table)) {
		/* each row's label at the margin on that row's line */
		r = lay_column(table, tc, f, o);
	} else if (table && !table->first->next && !table->first->first->next &&
		   table->first->first->first) {
		/* one cell: the equation in it */
		r = lay_root(table->first->first, tc, f, o);
	} else {
		r = lay_root(root, c, f, o);
		int tall = table && o->max_height > 0 && r->height + r->depth > o->max_height;
		if (table && o->measure > 0 && (r->scale < 1 || tall)) {
			gal_math_box *st = lay_column(table, tc, f, o);
			if (st->scale < 1 && st->scale > r->scale) {
				/* a row that still does not fit: every row at the
				 * size it needs, that they match */
				tc.size *= st->scale;
				gal_math_box_free(st);
				st = lay_column(table, tc, f, o);
			}
			/* the table scaled whole, unless its rows do better */
			st->scale *= tc.size / size;
			if (st->scale > r->scale || (tall && st->scale >= r->scale)) {
				gal_math_box_free(r);
				r = st;
			} else {
				gal_math_box_free(st);
			}
		}
	}
	/* the whole reading where the row's children do not read apart */
	if (!r->n_rspans && (o->display ? r->n_lines == 1 : r->n_pieces == 1)) {
		gal_buf rd = GAL_BUF_INIT;
		gal_math_reading(m, &rd);
		r->reading = gal_buf_detach(&rd, NULL);
	}
	*out = r;
	(void)err;
	return 0;
}

void gal_math_box_free(gal_math_box *b)
{
	if (!b)
		return;
	free(b->items);
	free(b->lines);
	free(b->pieces);
	free(b->text);
	free(b->reading);
	free(b->row_labels);
	clear_rspans(b);
	free(b);
}
