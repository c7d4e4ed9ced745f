/* PDF layout: the prepared model -> pages of positioned boxes. Nothing is
 * drawn here; paint.c paints the boxes and trace.c prints them as text
 * for tests. Tables (table.c), footnotes (notes.c) and a collection's
 * own pages (collection_pages.c) are laid out on top of this core.
 *
 * The flow is one column frame at a time (a page holds style->columns of
 * them; the title block spans the page). Blocks are placed line by line
 * with simple keeps: headings stay with two lines of what follows, no
 * paragraph leaves fewer than style->orphans lines at the foot of a frame
 * or style->widows at the head of the next, a frame does not end in a
 * hyphenated line where one line less will do, figures stay with their
 * captions. Footnotes go to the foot of the frame whose line calls them. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "pdf/layout.h"
#include "style/fonts.h"

#define MAX_BLOCK_DEPTH 40   /* deeper blocks are laid out as plain text */
#define LINK_COLOR 0x1F4E8Cu

/* ---- ownership ----------------------------------------------------------- */

/* Paragraph options every paragraph of this layout starts from. */
gal_para_opts lay_para_opts(const lay *ly)
{
	gal_para_opts po = { 0 };
	po.letter_stretch = ly->st->letter_stretch;
	po.letter_shrink = ly->st->letter_shrink;
	po.formulas = ly->fx;
	/* an inline image no taller than a figure's may be */
	po.max_h = (ly->frame.bottom0 - ly->frame.flow_top) * 0.6;
	return po;
}

gal_para *lay_keep_para(lay *ly, gal_para *p)
{
	gal_layout *L = ly->L;
	if (L->n_paras == L->cap_paras) {
		L->cap_paras = L->cap_paras ? 2 * L->cap_paras : 64;
		L->paras = xrealloc(L->paras, L->cap_paras * sizeof *L->paras);
	}
	L->paras[L->n_paras++] = p;
	ly->para_serial++;
	return p;
}

gal_line *lay_keep_lines(lay *ly, gal_line *lines, size_t n)
{
	gal_layout *L = ly->L;
	if (L->n_linesets == L->cap_linesets) {
		L->cap_linesets = L->cap_linesets ? 2 * L->cap_linesets : 64;
		L->linesets = xrealloc(L->linesets, L->cap_linesets * sizeof *L->linesets);
	}
	L->linesets[L->n_linesets].lines = lines;
	L->linesets[L->n_linesets].n = n;
	L->n_linesets++;
	return lines;
}

gal_line *lay_lines(lay *ly, gal_para *p, const double *w, size_t nw,
			  int align, size_t *n)
{
	gal_line *ln = gal_para_lines(p, w, nw, align, n);
	return lay_keep_lines(ly, ln, *n);
}

const char *lay_keep_str(lay *ly, char *s)
{
	gal_layout *L = ly->L;
	if (L->n_strings == L->cap_strings) {
		L->cap_strings = L->cap_strings ? 2 * L->cap_strings : 64;
		L->strings = xrealloc(L->strings, L->cap_strings * sizeof *L->strings);
	}
	L->strings[L->n_strings++] = s;
	return s;
}

void gal_layout_free(gal_layout *L)
{
	if (!L)
		return;
	for (size_t i = 0; i < L->n_pages; i++) {
		free(L->pages[i].boxes);
		free(L->pages[i].furn);
	}
	free(L->pages);
	for (size_t i = 0; i < L->n_linesets; i++)
		gal_lines_free(L->linesets[i].lines, L->linesets[i].n);
	free(L->linesets);
	for (size_t i = 0; i < L->n_paras; i++)
		gal_para_free(L->paras[i]);
	free(L->paras);
	for (size_t i = 0; i < L->n_strings; i++)
		free(L->strings[i]);
	free(L->strings);
	gal_formulas_unref(L->formulas);
	free(L);
}

/* ---- boxes ------------------------------------------------------------- */

static gal_box *add_box_to(gal_box **v, size_t *n, size_t *cap, gal_box_kind k)
{
	if (*n == *cap) {
		*cap = *cap ? 2 * *cap : 64;
		*v = xrealloc(*v, *cap * sizeof **v);
	}
	gal_box *b = &(*v)[(*n)++];
	memset(b, 0, sizeof *b);
	b->kind = k;
	b->fill = GAL_COLOR_NONE;
	return b;
}

static gal_box *raw_box(lay *ly, gal_box_kind k)
{
	return add_box_to(&ly->frame.page->boxes, &ly->frame.page->n, &ly->frame.page->cap, k);
}

/* Structure tags as they open and close on the page; a page ends with
 * every tag closed, and the next one opens them again, so each page's
 * content is balanced and running heads and notes stay outside. */
static gal_box *raw_begin(lay *ly, const char *name)
{
	gal_box *b = raw_box(ly, GAL_BOX_TAG_BEGIN);
	b->name = name;
	if (ly->tags.n_open < (int)(sizeof ly->tags.open / sizeof ly->tags.open[0]))
		ly->tags.open[ly->tags.n_open] = name;
	ly->tags.n_open++;
	return b;
}

static void raw_end(lay *ly, const char *name)
{
	raw_box(ly, GAL_BOX_TAG_END)->name = name;
	if (ly->tags.n_open > 0)
		ly->tags.n_open--;
}

/* Structure tags wait until their first content: a block that moves to the
 * next frame then opens there, and a block with no content leaves none. */
static void flush_tags(lay *ly, int upto)
{
	lay_tags *t = &ly->tags;
	for (int i = 0; i < upto; i++)
		raw_begin(ly, t->wait[i]);
	memmove(t->wait, t->wait + upto, (size_t)(t->n_wait - upto) * sizeof *t->wait);
	t->n_wait -= upto;
	if (t->label_q >= 0)
		t->label_q = t->label_q > upto ? t->label_q - upto : 0;
}

gal_box *lay_box(lay *ly, gal_box_kind k)
{
	if (ly->tags.n_wait)
		flush_tags(ly, ly->tags.n_wait);
	return raw_box(ly, k);
}

gal_box *lay_furn(lay *ly, gal_box_kind k)
{
	return add_box_to(&ly->frame.page->furn, &ly->frame.page->n_furn, &ly->frame.page->cap_furn, k);
}

void lay_tag_begin(lay *ly, const char *name)
{
	if (ly->tags.n_wait == (int)(sizeof ly->tags.wait / sizeof ly->tags.wait[0]))
		flush_tags(ly, ly->tags.n_wait);
	ly->tags.wait[ly->tags.n_wait++] = name;
}

void lay_tag_end(lay *ly, const char *name)
{
	if (ly->tags.n_wait > 0) {
		/* never opened on a page: drop it */
		ly->tags.n_wait--;
		if (ly->tags.label_q > ly->tags.n_wait)
			ly->tags.label_q = ly->tags.n_wait;
		return;
	}
	raw_end(ly, name);
}

void lay_dest(lay *ly, const char *name, double x, double y)
{
	if (!name || !ly->frame.page)
		return;
	gal_box *b = lay_box(ly, GAL_BOX_DEST);
	b->name = name;
	b->x = x;
	b->y = y;
}

void lay_rule(lay *ly, double x, double y, double w, double h, double lw,
		 uint32_t color)
{
	gal_box *b = lay_box(ly, GAL_BOX_RULE);
	b->x = x;
	b->y = y;
	b->w = w;
	b->h = h;
	b->lw = lw;
	b->color = color;
}

/* Whether piece i of a line opens (open) or closes a formula's Formula
 * element. One element holds all the pieces of a formula, so that a
 * reader speaks its /Alt once: it opens at the first piece and closes
 * after the last, across line ends (and across a page end, as every
 * open structure element is). In the furniture (notes, running heads),
 * whose tags the page builder does not carry over a page end, each
 * line's pieces of a formula have their own. */
static int formula_edge(const gal_line *ln, size_t i, int open, int furn)
{
	const gal_piece *pc = &ln->pieces[i];
	if (pc->math) {
		int last = (int)(pc->math->math->n_pieces ? pc->math->math->n_pieces : 1) - 1;
		if (pc->math->piece == (open ? 0 : last))
			return 1;
	} else if (pc->formula) {
		const PangoItem *it = pc->gi.item;
		if (open ? it->offset <= pc->formula->start
			 : it->offset + it->length >= pc->formula->end)
			return 1;
	} else {
		return 0;
	}
	for (size_t k = open ? 0 : i + 1; furn && k < (open ? i : ln->n); k++) {
		const gal_piece *q = &ln->pieces[k];
		if ((pc->math && q->math && q->math->node == pc->math->node && !q->math->gap) ||
		    (pc->formula && q->formula == pc->formula))
			return 0;
	}
	return furn;
}

/* An inline image set as a piece of a formula (shape.c's put_picture). */
static int is_picture(const gal_piece *pc)
{
	return pc->math && pc->math->node->type == GAL_NODE_INLINE_IMAGE;
}

/* A formula's Formula element, or an inline image's Figure (none for a
 * decorative one: it is drawn in the paragraph's content). */
static void formula_tag(lay *ly, int furn, const gal_line *ln, size_t i, int open)
{
	const gal_piece *pc = &ln->pieces[i];
	if ((pc->math && pc->math->gap) || !formula_edge(ln, i, open, furn))
		return;
	const char *alt = pc->math ? pc->math->alt : pc->formula->alt;
	const char *name = is_picture(pc) ? "Figure" : "Formula";
	if (is_picture(pc) && !alt)
		return;
	if (furn) {
		gal_box *t = lay_furn(ly, open ? GAL_BOX_TAG_BEGIN : GAL_BOX_TAG_END);
		t->name = name;
		t->alt = open ? alt : NULL;
	} else if (open) {
		/* open as the blocks' tags are, to be carried over a page end */
		flush_tags(ly, ly->tags.n_wait);
		raw_begin(ly, name)->alt = alt;
	} else {
		lay_tag_end(ly, name);
	}
}

/* An inline image standing on the baseline, as big as its piece's box
 * (scaled down to the line's measure, if need be); a frame in its
 * place when it cannot be used. */
static void emit_picture(lay *ly, int furn, const gal_piece *pc, double x, double base)
{
	const gal_span *sp = pc->math;
	const gal_math_box *m = pc->mbox ? pc->mbox : sp->math;
	const gal_image *im = sp->node->image;
	gal_box *b = furn ? lay_furn(ly, GAL_BOX_IMAGE) : lay_box(ly, GAL_BOX_IMAGE);
	b->x = x + pc->x;
	b->y = base - pc->rise - m->height;
	b->w = pc->w;
	b->h = m->height;
	b->image = im && im->status == GAL_IMG_OK ? im : NULL;
	b->alt = sp->alt;
	b->name = "Figure";
}

/* A piece of a formula in a line of text; the space between two pieces
 * draws nothing. */
static void emit_formula(lay *ly, int furn, const gal_piece *pc, double x, double base,
			 uint32_t color)
{
	const gal_span *sp = pc->math;
	if (sp->gap)
		return;
	const gal_math_box *m = pc->mbox ? pc->mbox : sp->math;
	const gal_math_line *ml = m->n_pieces && sp->piece < (int)m->n_pieces
				  ? &m->pieces[sp->piece].line : &m->lines[0];
	gal_box *b = furn ? lay_furn(ly, GAL_BOX_MATH) : lay_box(ly, GAL_BOX_MATH);
	b->math = m;
	b->mline = ml;
	b->alt = sp->alt;
	/* the piece's items are placed from the formula's origin */
	b->x = x + pc->x - (m->n_pieces ? ml->indent : 0);
	b->y = base - pc->rise;
	b->w = pc->w;
	b->color = color;
}

/* A heading keeps two lines of what follows: the lines after one are
 * counted (once per baseline: a list label and its text share one)
 * until there are two; a frame that ends before is a stranded heading
 * (lay_next_frame), except that a heading may keep the one line its
 * section has. */
static void count_stranded(lay *ly, int page)
{
	gal_layout *L = ly->L;
	if (L->stranded_heads < 16)
		L->stranded_at[L->stranded_heads] = page;
	L->stranded_heads++;
}

static void follow_heading(lay *ly, double base)
{
	/* a frame ended one line after a heading: stranded unless that
	 * line was all its section had (what comes next is a heading) */
	if (ly->head.doubt && !ly->cur.heading)
		count_stranded(ly, ly->head.doubt);
	ly->head.doubt = 0;
	if (ly->cur.heading) {
		ly->head.open = 1;
		ly->head.after = 0;
	} else if (ly->head.open && fabs(base - ly->head.base) > 0.01 &&
		   ++ly->head.after >= 2) {
		ly->head.open = 0;
	}
	ly->head.base = base;
}

/* Glyph boxes for one line with its baseline at `base`. */
void lay_emit_line(lay *ly, int furn, const gal_para *p, const gal_line *ln,
			 double x, double base, uint32_t color)
{
	int id = ++ly->line_serial;
	if (!furn)
		follow_heading(ly, base);
	for (size_t i = 0; i < ln->n; i++) {
		const gal_piece *pc = &ln->pieces[i];
		formula_tag(ly, furn, ln, i, 1);
		if (is_picture(pc)) {
			emit_picture(ly, furn, pc, x, base);
			formula_tag(ly, furn, ln, i, 0);
			continue;
		}
		if (pc->math) {
			emit_formula(ly, furn, pc, x, base, color);
			formula_tag(ly, furn, ln, i, 0);
			continue;
		}
		gal_box *b = furn ? lay_furn(ly, GAL_BOX_GLYPHS) : lay_box(ly, GAL_BOX_GLYPHS);
		b->piece = pc;
		b->text = pc->text ? pc->text : p->text;
		b->x = x + pc->x;
		b->y = base - pc->rise;
		b->w = pc->w;
		b->h = ln->height;
		b->line_id = id;
		b->line = ln;
		b->color = color;
		if (pc->link) {
			b->uri = pc->link->uri;
			b->dest = pc->link->dest;
			b->link_id = ly->para_serial * 4096 + pc->link->id;
			if (!ly->quiet_links)
				b->color = LINK_COLOR;
		}
		if (pc->formula)
			b->alt = pc->formula->alt;
		formula_tag(ly, furn, ln, i, 0);
	}
	/* inline anchors (an xref may point at a span); the line's own
	 * spans only, not all of a long paragraph's on every line */
	for (size_t i = 0; i < ln->n_spans && !furn; i++) {
		const gal_span *s = &p->spans[ln->spans[i]];
		if (s->kind == GAL_SPAN_ANCHOR && s->start >= ln->start &&
		    (s->start < ln->end || (s->start == ln->end && ln->end == p->len)))
			lay_dest(ly, s->dest, x, base - ln->ascent);
	}
}

/* ---- pages and frames ---------------------------------------------------- */

static int reframe_page(lay *ly);

/* The page being left, for the trace: less than 75% of its columns
 * filled with text and notes, and not ended by a forced break. */
static void account_page(lay *ly)
{
	gal_layout *L = ly->L;
	lay_frame *f = &ly->frame;
	double cap = f->page_cols * (f->bottom0 - f->mt);
	if (f->page && !f->forced && cap > 0 && f->filled < 0.75 * cap) {
		if (L->short_pages < 16) {
			L->short_at[L->short_pages] = f->page->number;
			L->short_fill[L->short_pages] = f->filled / cap;
		}
		L->short_pages++;
	}
	f->filled = 0;
	f->forced = 0;
}

static int new_page(lay *ly)
{
	gal_layout *L = ly->L;
	int limit = ly->opts->limits.pages > 0 ? ly->opts->limits.pages : 5000;

	account_page(ly);
	if ((int)L->n_pages >= limit) {
		L->truncated = 1;
		if (!ly->rc)
			ly->rc = gal_err_set(ly->err, GAL_E_LIMIT, ly->opts->input_path, 0, 0,
					     "the PDF would have more than %d pages "
					     "(--limit pages=N)", limit);
		return ly->rc;
	}
	if (L->n_pages == L->cap_pages) {
		L->cap_pages = L->cap_pages ? 2 * L->cap_pages : 8;
		L->pages = xrealloc(L->pages, L->cap_pages * sizeof *L->pages);
	}
	ly->frame.page = &L->pages[L->n_pages++];
	memset(ly->frame.page, 0, sizeof *ly->frame.page);
	ly->frame.page->number = (int)L->n_pages;
	return reframe_page(ly);
}

/* The foot of the text in this frame: above its notes, and on a page
 * whose columns are being evened out, no lower than their share. */
void lay_set_bottom(lay *ly)
{
	ly->frame.bottom = ly->frame.bottom0 - ly->notes.h;
	if (ly->frame.bal_h > 0 && ly->frame.cols == 2 && ly->frame.col == 0 &&
	    ly->frame.page->number == ly->frame.bal_page &&
	    ly->frame.flow_top + ly->frame.bal_h < ly->frame.bottom)
		ly->frame.bottom = ly->frame.flow_top + ly->frame.bal_h;
}

/* The current page's size (turned while ly->frame.landscape), first frame and
 * running furniture. */
static int reframe_page(lay *ly)
{
	gal_layout *L = ly->L;
	ly->frame.page->w = ly->frame.landscape ? L->page_h : L->page_w;
	ly->frame.page->h = ly->frame.landscape ? L->page_w : L->page_h;
	if (!ly->frame.landscape)
		ly->frame.ml = ly->frame.mr = (ly->frame.mi + ly->frame.mo) / 2;
	ly->frame.col = 0;
	ly->frame.filled = 0;
	ly->frame.page_cols = ly->frame.cols;
	ly->frame.flow_top = ly->frame.mt;
	ly->frame.flow_box = 0;
	ly->frame.x0 = lay_col_x(&ly->frame, 0);
	ly->frame.w = ly->frame.colw;
	ly->cur.y = ly->frame.flow_top;
	ly->frame.bottom0 = ly->frame.page->h - ly->frame.mb;
	lay_set_bottom(ly);
	ly->cur.pending = 0;
	lay_running_furniture(ly);
	lay_notes_carry(ly);
	return 0;
}

static void open_deco_box(lay *ly, deco *d)
{
	d->y0 = ly->cur.y;
	gal_box *b = lay_box(ly, GAL_BOX_RECT);   /* flushes waiting tags first */
	d->at = ly->frame.page->n - 1;
	b->x = ly->frame.x0 + d->x;
	b->w = d->w;
	b->y = d->y0;
}

static void close_deco_box(lay *ly, deco *d, double y1)
{
	gal_box *b = &ly->frame.page->boxes[d->at];
	b->h = y1 - d->y0;
	if (b->h < 0)
		b->h = 0;
}

static int place_floats(lay *ly);
static int place_turned(lay *ly);
static void turn_frame(lay *ly, int on);

int lay_next_frame(lay *ly)
{
	int rc;
	double y1 = ly->cur.y;

	ly->frame.filled += fmin(y1, ly->frame.bottom0) - ly->frame.mt + ly->notes.h;
	if (ly->head.open && ly->head.after == 0)
		count_stranded(ly, ly->frame.page->number);
	else if (ly->head.open)
		ly->head.doubt = ly->frame.page->number;
	ly->head.open = 0;
	for (int i = 0; i < ly->cur.n_decos; i++)
		close_deco_box(ly, &ly->cur.decos[i], y1 + 4);
	lay_notes_flush(ly);
	if (ly->frame.col + 1 < ly->frame.cols) {
		ly->frame.col0_end = y1;
		ly->frame.col++;
		ly->frame.x0 = lay_col_x(&ly->frame, ly->frame.col);
		ly->cur.y = ly->frame.flow_top;
		ly->cur.pending = 0;
		if ((rc = place_floats(ly)) != 0)
			return rc;
	} else {
		/* close what is open; open it again on the new page after
		 * any figures that were waiting for it */
		const char *reopen[64];
		int n = ly->tags.n_open < 64 ? ly->tags.n_open : 64;
		memcpy(reopen, ly->tags.open, (size_t)n * sizeof *reopen);
		for (int i = n - 1; i >= 0; i--)
			raw_end(ly, reopen[i]);
		rc = ly->floats.n_turned && !ly->floats.placing ? place_turned(ly) : new_page(ly);
		if (rc)
			return rc;
		ly->cur.pending = 0;
		if ((rc = place_floats(ly)) != 0)
			return rc;
		for (int i = 0; i < n; i++)
			raw_begin(ly, reopen[i]);
	}
	/* the space a float owes stays owed */
	for (int i = 0; i < ly->cur.n_decos; i++)
		open_deco_box(ly, &ly->cur.decos[i]);
	return 0;
}

double lay_wide_room(const lay *ly)
{
	if (ly->frame.cols != 1 || ly->frame.landscape || ly->cur.indent_l > 0 ||
	    ly->cur.indent_r > 0)
		return 0;
	double start = ly->frame.rtl ? ly->frame.mr : ly->frame.ml;
	return fmax(0, start - fmin(ly->frame.mi, ly->frame.mo));
}

double lay_wide_x(const lay *ly, double w)
{
	double extra = w - cur_w(ly);
	return extra > 0 && !ly->frame.rtl ? cur_x(ly) - extra : cur_x(ly);
}

/* ---- placing lines ------------------------------------------------------ */

void lay_apply_pending(lay *ly)
{
	if (!at_top(ly))
		ly->cur.y += ly->cur.pending;
	ly->cur.pending = 0;
}

/* Where a body line's baseline sits below its top: the baseline grid's
 * offset from the top margin. */
static double grid_off(lay *ly)
{
	if (ly->grid_off <= 0) {
		gal_para_opts po = lay_para_opts(ly);
		po.ts = TS(ly, GAL_PART_BODY);
		po.lang = ly->doc->meta.lang;
		gal_para *p = gal_para_new_text("x", &po);
		ly->grid_off = (p->leading + p->ascent - p->descent) / 2;
		gal_para_free(p);
	}
	return ly->grid_off;
}

void lay_count_pitch(lay *ly, const gal_para *p, const gal_line *ln, double base, int on_grid)
{
	int off = fabs(ln->height - p->leading - ln->need) > 0.01;
	if (!off && on_grid && ly->st->baseline_grid && !ly->frame.landscape) {
		double step = leading_of(TS(ly, GAL_PART_BODY));
		double k = (base - ly->frame.mt - grid_off(ly)) / step;
		off = fabs(k - round(k)) * step > 0.01;
	}
	ly->L->off_leading += off;
}

/* The space before a line whose top would be at y: before a block's
 * first line what it owes (nothing at the top of a frame), and on a
 * baseline grid (columns whose lines stay level) what brings its
 * baseline down to the next line of the grid, counted from the top
 * margin in steps of the body leading. A line whose font sets its
 * baseline lower than a body line's (a heading) may rise by that much,
 * so that it does not lose a line of the grid to a fraction of a point. */
static double line_gap(lay *ly, double y, const gal_para *p, const gal_line *ln, int first)
{
	double gap = first && !at_top(ly) ? ly->cur.pending : 0;
	if (ly->cur.snap && ly->st->baseline_grid && !ly->frame.landscape) {
		double step = leading_of(TS(ly, GAL_PART_BODY));
		double org = ly->frame.mt + grid_off(ly);
		double off = gal_line_base(p, ln);
		double font_off = (p->leading + p->ascent - p->descent) / 2;
		double top = y + off - fmax(0, font_off - grid_off(ly)) - org;
		/* below what is above it (a block's first line has a
		 * tenth of a line's slack for faces whose baselines sit a
		 * fraction of a point apart; the lines of a paragraph share
		 * their face, and where one is taller, as a formula between
		 * two lines makes it, that is room it needs), and the space
		 * owed rounded to whole lines of the grid */
		double slack = first ? 0.1 : 1e-6;
		double k = fmax(ceil(top / step - slack), round((top + gap) / step));
		gap = org + k * step - off - y;
	}
	return gap;
}

/* How many of the lines [i, n) fit in this frame with their notes;
 * *end: how far down the frame they and their notes reach. */
static size_t lines_fit(lay *ly, const gal_para *p, const gal_line *ln, size_t i, size_t n,
			double *end)
{
	notebox made[32];
	size_t n_made = 0, fit = 0;
	double y = ly->cur.y, notes = 0;
	for (size_t k = i; k < n; k++) {
		size_t before = n_made;
		double nh = lay_notes_need(ly, &ln[k], made, &n_made);
		double g = line_gap(ly, y, p, &ln[k], k == i);
		if (y + g + ln[k].height + notes + nh > ly->frame.bottom + 0.01) {
			n_made = before;
			break;
		}
		y += g + ln[k].height;
		notes += nh;
		fit++;
	}
	*end = y + notes;
	return fit;
}

/* The first lines of [i, n) that must stay together (`orphans` of them)
 * and their notes fit in a whole frame. */
static int fits_a_frame(lay *ly, const gal_line *ln, size_t i, size_t n, int orphans)
{
	notebox made[32];
	size_t n_made = 0;
	double h = 0;
	for (size_t j = i; j < n && j < i + (size_t)orphans; j++)
		h += ln[j].height + lay_notes_need(ly, &ln[j], made, &n_made);
	return h <= ly->frame.bottom0 - ly->frame.mt;
}

/* Of the lines [i, n), `fit` of which fit in this frame, how many go
 * here: none of a block that must not split when the next frame gives
 * more room; else no fewer than `orphans` first lines, no fewer than
 * `widows` left over, and no hyphen across the break where a line or
 * two less will do. */
static size_t lines_here(lay *ly, const gal_line *ln, size_t i, size_t n, size_t fit,
			 int splittable)
{
	int orphans = ly->st->orphans > 0 ? ly->st->orphans : 2;
	int widows = ly->st->widows > 0 ? ly->st->widows : 2;
	size_t k = fit;

	if (!splittable && can_move(ly)) {
		k = 0;
	} else {
		if (n - i - k < (size_t)widows && n - i > (size_t)widows)
			k = n - i - (size_t)widows;
		if ((i == 0 && k < (size_t)orphans) || k > n)
			k = 0;
		/* a word is not hyphenated across a page break (the running
		 * head and folio would come between its halves) when a line
		 * or two less (the breaker allows two hyphens in a row) still
		 * keeps the orphans, or a paragraph that would leave only its
		 * first lines here (under no heading that keeps them) starts
		 * on the next page; from one column to the next it may be */
		size_t k0 = k;
		int page_break = ly->frame.col + 1 >= ly->frame.cols;
		while (page_break && k > 1 && k0 - k < 2 && ln[i + k - 1].hyphenated &&
		       (i > 0 || k - 1 >= (size_t)orphans))
			k--;
		if (k > 0 && ln[i + k - 1].hyphenated)
			k = page_break && i == 0 && k0 <= (size_t)orphans + 1 && can_move(ly) &&
			    !ly->head.open ? 0 : k0;
	}
	/* no better in the next frame: at the top of a whole one, or with
	 * notes too tall for any */
	int stuck = k == 0 && (!can_move(ly) || !fits_a_frame(ly, ln, i, n, orphans));
	if (stuck && fit) {
		k = fit;   /* cannot do better: never stall */
	} else if (stuck) {
		/* not even one line fits with its notes: the notes split
		 * (lay_notes_split), so set the lines a paragraph must keep
		 * together, or all of a short one, and let the notes take
		 * what is left */
		k = n - i < (size_t)(orphans + widows) ? n - i : (size_t)orphans;
	}
	return k;
}

static void emit_label(lay *ly, double base)
{
	if (!ly->cur.label)
		return;
	/* Lbl and LBody belong to the LI, before the first block's tags */
	const lay_tags *t = &ly->tags;
	int q = t->label_q >= 0 && t->label_q <= t->n_wait ? t->label_q : t->n_wait;
	flush_tags(ly, q);
	raw_begin(ly, "Lbl");
	const char *rest[64];
	int n_rest = ly->tags.n_wait;
	memcpy(rest, ly->tags.wait, (size_t)n_rest * sizeof *rest);
	ly->tags.n_wait = 0;
	lay_emit_line(ly, 0, ly->cur.label, &ly->cur.label_lines[0],
		      ly->frame.x0 + ly->cur.label_x, base,
		     TS(ly, ly->cur.part)->color);
	raw_end(ly, "Lbl");
	raw_begin(ly, "LBody");
	memcpy(ly->tags.wait, rest, (size_t)n_rest * sizeof *rest);
	ly->tags.n_wait = n_rest;
	ly->cur.label = NULL;
	ly->tags.label_q = -1;
}

/* Place lines of a paragraph at x (absolute), keeping `orphans` lines
 * together at a frame's foot and `widows` at the next one's head, and
 * `keep_after` points of what follows with the last line. */
int lay_place_lines(lay *ly, const gal_para *p, const gal_line *ln, size_t n,
		       double x_abs, uint32_t color, double keep_after, int splittable)
{
	/* lines that move to the next column move across with it */
	double dx = x_abs - ly->frame.x0;
	int orphans = ly->st->orphans > 0 ? ly->st->orphans : 2;
	int widows = ly->st->widows > 0 ? ly->st->widows : 2;
	size_t i = 0;
	int rc;

	while (i < n) {
		double end;
		size_t fit = lines_fit(ly, p, ln, i, n, &end), k = fit;
		if (k == n - i && keep_after > 0 && end + keep_after > ly->frame.bottom &&
		    can_move(ly) && (n - i > 1 || i == 0) && splittable) {
			/* what follows must not start alone: leave room by
			 * moving the last lines over */
			k = n - i - 1;
		}
		if (k < n - i)
			k = lines_here(ly, ln, i, n, k, splittable);
		if (k == 0) {
			if ((rc = lay_next_frame(ly)) != 0)
				return rc;
			continue;
		}
		if (k < n - i) {
			ly->L->split_paras++;
			ly->L->orphans += i == 0 && k < (size_t)orphans;
			ly->L->widows += n - i - k < (size_t)widows;
		}
		/* the notes of the lines that go here */
		double y = ly->cur.y;
		for (size_t j = i; j < i + k; j++) {
			lay_notes_take(ly, &ln[j]);
			y += line_gap(ly, y, p, &ln[j], j == i) + ln[j].height;
		}
		lay_notes_split(ly, y - ly->cur.y);
		for (size_t j = i; j < i + k; j++) {
			ly->cur.y += line_gap(ly, ly->cur.y, p, &ln[j], j == i);
			double base = ly->cur.y + gal_line_base(p, &ln[j]);
			emit_label(ly, base);
			if (ly->tags.first_dest) {
				lay_dest(ly, ly->tags.first_dest, ly->frame.x0 + dx, ly->cur.y);
				ly->tags.first_dest = NULL;
			}
			lay_emit_line(ly, 0, p, &ln[j], ly->frame.x0 + dx, base, color);
			lay_count_pitch(ly, p, &ln[j], base, ly->cur.on_grid);
			ly->cur.y += ln[j].height;
		}
		ly->cur.pending = 0;
		i += k;
		if (i < n && (rc = lay_next_frame(ly)) != 0)
			return rc;
	}
	return 0;
}

/* ---- paragraphs --------------------------------------------------------- */

void lay_spec_init(para_spec *s, gal_part part)
{
	memset(s, 0, sizeof *s);
	s->part = part;
	s->align = -1;
	s->splittable = 1;
	s->tag = "P";
}

gal_para *lay_make_para(lay *ly, const gal_node *n, const para_spec *s)
{
	gal_para_opts po = lay_para_opts(ly);
	po.ts = TS(ly, s->part);
	po.code = TS(ly, GAL_PART_CODE);
	po.lang = n && n->eff_lang ? n->eff_lang : s->lang ? s->lang : ly->doc->meta.lang;
	po.bold = s->bold;
	po.italic = s->italic;
	po.pre = s->part == GAL_PART_CODE;
	po.size_scale = s->size_scale;
	return lay_keep_para(ly, gal_para_new(ly->doc, n, s->prefix, s->suffix, &po));
}

/* Headings break into lines of even length, "Can trading pollution /
 * like stocks help fight / climate change?" rather than leaving one word
 * on the last line; running text keeps its full measure. */
static int balanced(gal_part part)
{
	return part == GAL_PART_TITLE || part == GAL_PART_H1 || part == GAL_PART_H2 ||
	       part == GAL_PART_H3 || part == GAL_PART_H4 || part == GAL_PART_PULLQUOTE;
}

/* The paragraph of `n` as `s` asks, broken into lines at the current
 * measure; the layout keeps both. */
static gal_para *spec_lines(lay *ly, const gal_node *n, const para_spec *s,
			    gal_line **lines, size_t *nl)
{
	const gal_textstyle *ts = TS(ly, s->part);
	/* made already, to see what it keeps at a frame's foot */
	if (n && ly->pre.n == n && ly->pre.w == cur_w(ly) && !memcmp(&ly->pre.s, s, sizeof *s)) {
		ly->pre.n = NULL;
		*lines = ly->pre.ln;
		*nl = ly->pre.nl;
		return ly->pre.p;
	}
	gal_para *p = lay_make_para(ly, n, s);
	if (s->link) {
		int from = s->prefix ? (int)strlen(s->prefix) : 0;
		if (from < p->len)
			gal_para_add_link(p, from, p->len, s->link);
	}
	double w[2] = { cur_w(ly) - s->first_indent, cur_w(ly) };
	int align = s->align >= 0 ? s->align : ts->align;
	gal_line *ln;

	if (w[0] < 20)
		w[0] = 20;
	if (w[1] < 20)
		w[1] = 20;
	if (balanced(s->part) && align != GAL_ALIGN_JUSTIFY && align != GAL_ALIGN_DEFAULT &&
	    s->first_indent <= 0) {
		ln = gal_para_lines_balanced(p, w[1], align, nl);
		lay_keep_lines(ly, ln, *nl);
	} else {
		ln = lay_lines(ly, p, w, 2, align, nl);
	}
	/* the first line starts after the indent */
	if (s->first_indent > 0 && *nl > 0 && !p->rtl)
		for (size_t i = 0; i < ln[0].n; i++)
			ln[0].pieces[i].x += s->first_indent;
	*lines = ln;
	return p;
}

/* Set lines made by spec_lines. */
static int spec_place(lay *ly, const gal_node *n, const para_spec *s, const gal_para *p,
		      const gal_line *ln, size_t nl)
{
	int rc;
	if (s->space_before > ly->cur.pending)
		ly->cur.pending = s->space_before;
	double keep_after = fmax(s->keep_after, ly->cur.keep_next);
	ly->cur.keep_next = 0;
	if (s->tag)
		lay_tag_begin(ly, s->tag);
	/* the destination goes with the first line (after a list label) */
	if (n && n->id && n->type != GAL_NODE_HEADING)
		ly->tags.first_dest = n->id;
	/* text set on the body's leading (running text, lists, headings,
	 * quotes) sits on the baseline grid when the style has one */
	ly->cur.on_grid = fabs(p->leading - leading_of(TS(ly, GAL_PART_BODY))) < 0.01;
	ly->cur.snap = ly->cur.on_grid;
	rc = lay_place_lines(ly, p, ln, nl, cur_x(ly), TS(ly, s->part)->color, keep_after,
			     s->splittable);
	ly->cur.snap = ly->cur.on_grid = 0;
	if (s->tag)
		lay_tag_end(ly, s->tag);
	ly->cur.pending = s->space_after;
	return rc;
}

int lay_para_spec(lay *ly, const gal_node *n, const para_spec *s)
{
	gal_line *ln;
	size_t nl;
	gal_para *p = spec_lines(ly, n, s, &ln, &nl);
	return spec_place(ly, n, s, p, ln, nl);
}

/* ---- blocks ----------------------------------------------------------- */

/* A display formula's label (an equation number) as a line of text;
 * *room is what the formula leaves it at the right, 0 when none. */
typedef struct math_label {
	gal_para *p;
	gal_line *ln;
	double w, room;
} math_label;

static void math_label_make(lay *ly, const gal_node *n, math_label *lb)
{
	const gal_textstyle *ts = TS(ly, ly->cur.part);
	size_t nll = 0;

	memset(lb, 0, sizeof *lb);
	if (!n->label || !*n->label)
		return;
	gal_para_opts po = lay_para_opts(ly);
	po.ts = ts;
	po.lang = n->eff_lang ? n->eff_lang : ly->doc->meta.lang;
	lb->p = lay_keep_para(ly, gal_para_new_text(n->label, &po));
	double big = 1e4;
	lb->ln = lay_lines(ly, lb->p, &big, 1, GAL_ALIGN_FLUSH_LEFT, &nll);
	if (!nll) {
		lb->p = NULL;
		return;
	}
	lb->w = lb->ln[0].width;
	lb->room = lb->w + (ts->size > 0 ? ts->size : 10);
}

static void math_label_emit(lay *ly, const math_label *lb, double base)
{
	lay_tag_begin(ly, "Lbl");
	lay_emit_line(ly, 0, lb->p, &lb->ln[0], cur_x(ly) + cur_w(ly) - lb->w, base,
		      TS(ly, ly->cur.part)->color);
	lay_tag_end(ly, "Lbl");
}

/* A display formula that cannot be set, as text: its TeX source as code,
 * or its linear text in italic, centred. Its label goes flush right on
 * the last line; the same room is kept on the left so that the text stays
 * centred on the measure. */
static int lay_math_text(lay *ly, const gal_node *n, const gal_formula *f,
			 const math_label *lb)
{
	const gal_textstyle *ts = TS(ly, ly->cur.part);
	para_spec s;
	double room = lb->room;
	int rc;

	if (cur_w(ly) - 2 * room < cur_w(ly) / 2)
		room = 0;   /* a long label: it shares the line unpadded */
	lay_spec_init(&s, f->mono ? GAL_PART_CODE : ly->cur.part);
	s.italic = !f->mono;
	s.prefix = f->fallback;
	gal_para *p = lay_make_para(ly, NULL, &s);
	double w = cur_w(ly) - 2 * room;
	size_t nl;
	gal_line *ln = lay_lines(ly, p, &w, 1, GAL_ALIGN_CENTER, &nl);
	double space = leading_of(ts) * 0.5;
	if (space > ly->cur.pending)
		ly->cur.pending = space;
	double keep_after = ly->cur.keep_next;
	ly->cur.keep_next = 0;
	lay_tag_begin(ly, "Formula");
	if (n->id)
		ly->tags.first_dest = n->id;
	rc = lay_place_lines(ly, p, ln, nl, cur_x(ly) + room, ts->color, keep_after, 1);
	if (!rc && lb->p && nl > 0) {
		const gal_line *last = &ln[nl - 1];
		math_label_emit(ly, lb, ly->cur.y - last->height + gal_line_base(p, last));
	}
	lay_tag_end(ly, "Formula");
	ly->cur.pending = space;
	return rc;
}

/* Where each line of a display formula sits: its baseline below the
 * block's top. A line is never shorter than a line of text, so that a
 * small formula takes the room a line of the paragraph would. */
static double math_lines_place(const gal_math_box *b, double above, double below,
			       double *base)
{
	double y = 0;
	for (size_t i = 0; i < b->n_lines; i++) {
		if (i)
			y += fmax(b->lines[i - 1].depth, below) + b->line_gap;
		y += fmax(b->lines[i].height, above);
		base[i] = y;
	}
	return y + fmax(b->lines[b->n_lines - 1].depth, below);
}

/* A display formula measured for the frame: its box (f.box NULL when
 * it is set as text), its label, where its lines sit and its height. */
typedef struct math_block {
	gal_formula f;
	math_label lb;
	double *base;           /* each line's baseline below the block's top */
	double h;
	double above, below;    /* a line of text's room about its baseline */
	int split;              /* taller than a frame: a frame may end between
				 * two of its lines */
} math_block;

/* The formula at the measure, a table in it taller than a whole frame
 * set row by row (lines a frame may end between); a formula of one line
 * taller than a frame is set smaller, as one too wide is: nothing runs
 * off the page. */
static void math_block_make(lay *ly, const gal_node *n, math_block *mb)
{
	const gal_textstyle *ts = TS(ly, ly->cur.part);
	double size = ts->size > 0 ? ts->size : 10, lead = leading_of(ts);
	double frame_h = ly->frame.bottom - ly->frame.mt;

	memset(mb, 0, sizeof *mb);
	math_label_make(ly, n, &mb->lb);
	double measure = cur_w(ly) - mb->lb.room;
	gal_formula_get(ly->fx, n, size, 1, measure, frame_h, &mb->f);
	if (!mb->f.box)
		return;
	mb->above = mb->lb.p ? gal_line_base(mb->lb.p, &mb->lb.ln[0]) : lead * 0.72;
	mb->below = mb->lb.p ? mb->lb.ln[0].height - mb->above : lead - mb->above;
	mb->base = xmalloc(mb->f.box->n_lines * sizeof *mb->base);
	mb->h = math_lines_place(mb->f.box, mb->above, mb->below, mb->base);
	if (mb->f.box->n_lines == 1 && mb->h > frame_h) {
		gal_formula_get(ly->fx, n, size * frame_h / mb->h * 0.98, 1, measure, frame_h,
				&mb->f);
		if (mb->f.box) {
			mb->base = xrealloc(mb->base, mb->f.box->n_lines * sizeof *mb->base);
			mb->h = math_lines_place(mb->f.box, mb->above, mb->below, mb->base);
		}
	}
	mb->split = mb->f.box && mb->h > frame_h && mb->f.box->n_lines > 1;
}

/* line i's top and bottom below the block's top */
static double math_line_top(const math_block *mb, size_t i)
{
	return mb->base[i] - fmax(mb->f.box->lines[i].height, mb->above);
}

static double math_line_bottom(const math_block *mb, size_t i)
{
	return mb->base[i] + fmax(mb->f.box->lines[i].depth, mb->below);
}

/* What the last line of a paragraph keeps below it when a display
 * formula follows: the formula, whole, as TeX's \predisplaypenalty of
 * 10000 has it (no page break just before a display), or the first
 * line of one taller than a frame; none when the two could not share a
 * whole frame. A formula set as text keeps two of its lines. */
static double display_keep(lay *ly, const gal_node *n)
{
	double lead = leading_of(TS(ly, ly->cur.part));
	math_block mb;
	math_block_make(ly, n, &mb);
	double keep = lead * 0.5 + 2 * lead;
	if (mb.f.box)
		keep = lead * 0.5 + (mb.split ? math_line_bottom(&mb, 0) : mb.h);
	free(mb.base);
	return keep + 2 * lead > ly->frame.bottom - ly->frame.mt ? 0 : keep;
}

/* A label of formula box b (line ln of its items) at x on baseline y */
static void emit_math_label(lay *ly, const gal_math_box *b, const gal_math_line *ln,
			    double x, double y, uint32_t color)
{
	lay_tag_begin(ly, "Lbl");
	gal_box *m = lay_box(ly, GAL_BOX_MATH);
	m->math = b;
	m->mline = ln;
	m->x = x;
	m->y = y;
	m->w = ln->width;
	m->color = color;
	lay_tag_end(ly, "Lbl");
}

/* A display formula set by the math module, broken to the measure when
 * too wide, centred on the measure (moved left of its label when the two
 * would meet), half a line of space above and below. Its label (an
 * equation number, or the formula's own mlabeledtr label) goes flush
 * right on its last line. Its lines stay together, unless together
 * they are taller than a frame: then a frame ends between two lines
 * (rows of a table) where it must. */
static int lay_math_block(lay *ly, const gal_node *n)
{
	const gal_textstyle *ts = TS(ly, ly->cur.part);
	double size = ts->size > 0 ? ts->size : 10, lead = leading_of(ts);
	math_block mb;
	int rc = 0;

	math_block_make(ly, n, &mb);
	if (!mb.f.box)
		return lay_math_text(ly, n, &mb.f, &mb.lb);
	const gal_math_box *b = mb.f.box;
	double w = cur_w(ly);
	/* rows' own labels stand left of the formula's, if it has one */
	double tags_right = cur_x(ly) + w - (mb.lb.p ? mb.lb.room : 0), tags_w = 0;
	for (size_t k = 0; k < b->n_row_labels; k++)
		tags_w = fmax(tags_w, b->row_labels[k].box.width + size);
	double room = mb.lb.p ? mb.lb.room + tags_w
			      : fmax(b->label.n ? b->label.width + size : 0, tags_w);
	double x = cur_x(ly) + (w - b->width) / 2;
	if (x + b->width > cur_x(ly) + w - room)
		x = cur_x(ly) + w - room - b->width;
	if (x < cur_x(ly))
		x = cur_x(ly);

	double space = lead * 0.5;
	if (space > ly->cur.pending)
		ly->cur.pending = space;
	ly->cur.keep_next = 0;
	double need = mb.split ? math_line_bottom(&mb, 0) : mb.h;
	if (!at_top(ly) && ly->cur.y + ly->cur.pending + need > ly->frame.bottom &&
	    (rc = lay_next_frame(ly)) != 0)
		goto cleanup;
	lay_apply_pending(ly);
	lay_tag_begin(ly, "Formula");
	if (n->id)
		lay_dest(ly, n->id, cur_x(ly), ly->cur.y);
	/* top: where the block's top would be in this frame */
	double top = ly->cur.y;
	for (size_t i = 0; i < b->n_lines; i++) {
		if (mb.split && i > 0 && top + math_line_bottom(&mb, i) > ly->frame.bottom) {
			if ((rc = lay_next_frame(ly)) != 0)
				goto cleanup;
			top = ly->cur.y - math_line_top(&mb, i);
		}
		gal_box *m = lay_box(ly, GAL_BOX_MATH);
		m->math = b;
		m->mline = &b->lines[i];
		m->alt = mb.f.alt;
		m->x = x;
		m->y = top + mb.base[i];
		m->w = b->lines[i].indent + b->lines[i].width;
		m->color = ts->color;
		/* a labelled row's label at the margin, on its last line */
		for (size_t k = 0; k < b->n_row_labels; k++)
			if (b->row_labels[k].line == i)
				emit_math_label(ly, b, &b->row_labels[k].box,
						tags_right - b->row_labels[k].box.width,
						top + mb.base[i], ts->color);
	}
	double last = top + mb.base[b->n_lines - 1];
	if (mb.lb.p) {
		math_label_emit(ly, &mb.lb, last);
	} else if (b->label.n) {
		emit_math_label(ly, b, &b->label, cur_x(ly) + w - b->label.width, last, ts->color);
	}
	lay_tag_end(ly, "Formula");
	ly->cur.y = top + mb.h;
	ly->cur.pending = space;
cleanup:
	free(mb.base);
	return rc;
}

static int lay_children(lay *ly, const gal_node *n)
{
	int rc = 0;
	for (const gal_node *c = n->first; c && !rc; c = c->next)
		rc = lay_block(ly, c);
	return rc;
}

static gal_part heading_part(int level)
{
	switch (level) {
	case 0: case 1: return GAL_PART_H1;
	case 2: return GAL_PART_H2;
	case 3: return GAL_PART_H3;
	default: return GAL_PART_H4;
	}
}

const char *lay_heading_tag(int level)
{
	static const char *const t[] = { "H1", "H2", "H3", "H4", "H5", "H6" };
	/* the article title is H1; sections start at H2 */
	int i = level < 1 ? 1 : level;
	return t[i > 5 ? 5 : i];
}

/* A heading's paragraph spec: its level's style (a collection's article
 * sets its headings as its own PDF does; the tags keep their place under
 * the collection's title), its number before it. */
static void heading_spec(lay *ly, para_spec *s, int level, const char *number)
{
	/* in a summary or a box, a heading is its text's type in bold, no
	 * larger than the summary's or the box's own label */
	int inner = ly->cur.part == GAL_PART_SUMMARY || ly->cur.part == GAL_PART_ASIDE;
	lay_spec_init(s, inner ? ly->cur.part : heading_part(level - ly->level_shift));
	s->bold = inner;
	const gal_textstyle *ts = TS(ly, s->part);
	if (number && *number) {
		char *prefix = xmalloc(strlen(number) + 8);
		sprintf(prefix, "%s\xe2\x80\x82", number);  /* en space */
		s->prefix = lay_keep_str(ly, prefix);
	}
	s->tag = lay_heading_tag(level);
	s->space_before = inner ? leading_of(ts) * 0.6 :
			  ts->space_before > 0 ? ts->space_before : leading_of(ts);
	s->space_after = inner ? leading_of(ts) * 0.2 :
			 ts->space_after > 0 ? ts->space_after : leading_of(ts) * 0.4;
	s->align = ts->align == GAL_ALIGN_DEFAULT || ts->align == GAL_ALIGN_JUSTIFY ?
		   GAL_ALIGN_LEFT : ts->align;
	s->keep_after = s->space_after + 2 * leading_of(TS(ly, GAL_PART_BODY));
	s->splittable = 0;
}

static double lines_h(const gal_line *ln, size_t n)
{
	double h = 0;
	for (size_t i = 0; i < n; i++)
		h += ln[i].height;
	return h;
}

/* A running paragraph's spec: after a body paragraph (after_para) an
 * indent in place of space. */
static void running_spec(lay *ly, para_spec *s, int after_para)
{
	const gal_textstyle *ts = TS(ly, ly->cur.part);
	lay_spec_init(s, ly->cur.part);
	s->first_indent = ly->cur.part == GAL_PART_BODY && after_para ? ts->indent : 0;
	if (s->first_indent > 0) {
		s->space_before = 0;
		s->space_after = 0;
	} else {
		s->space_before = ts->space_before;
		s->space_after = ts->space_after;
	}
	if (ly->cur.part == GAL_PART_BODY && ts->indent > 0)
		s->space_after = 0;
}

/* A space between blocks as the page will have it: on a baseline grid,
 * rounded to whole lines of the grid (line_gap). */
static double grid_space(const lay *ly, double space)
{
	if (!ly->st->baseline_grid)
		return space;
	double step = leading_of(TS(ly, GAL_PART_BODY));
	return round(space / step) * step;
}

static double start_need(lay *ly, const gal_node *n, int depth);

/* The characters of n's text. */
static size_t text_chars(const gal_node *n)
{
	size_t chars = 0;
	gal_iter it;
	gal_event ev;
	gal_iter_init(&it, n);
	while ((ev = gal_iter_next(&it)) != GAL_EV_DONE) {
		const gal_node *c = gal_iter_node(&it);
		if (ev == GAL_EV_ENTER && c->type == GAL_NODE_TEXT && c->literal)
			chars += g_utf8_strlen(c->literal, -1);
	}
	return chars;
}

/* The first lines a paragraph keeps together where it starts (all of
 * one too short to split, else the orphans), with the notes they call;
 * one that has a single line needs what the next block needs too. Its
 * lines are made as lay_running_para will make them, and kept for it
 * (spec_lines). */
static double para_start(lay *ly, const gal_node *n, int depth)
{
	int orphans = ly->st->orphans > 0 ? ly->st->orphans : 2;
	int widows = ly->st->widows > 0 ? ly->st->widows : 2;
	para_spec s;
	gal_line *ln;
	size_t nl;
	running_spec(ly, &s, 0);
	gal_para *p = spec_lines(ly, n, &s, &ln, &nl);
	ly->pre.n = n;
	ly->pre.w = cur_w(ly);
	ly->pre.s = s;
	ly->pre.p = p;
	ly->pre.ln = ln;
	ly->pre.nl = nl;
	size_t keep = nl < (size_t)(orphans + widows) ? nl : (size_t)orphans;
	notebox made[32];
	size_t n_made = 0;
	double h = 0;
	for (size_t k = 0; k < keep; k++)
		h += ln[k].height + lay_notes_need(ly, &ln[k], made, &n_made);
	if (nl == 1 && depth < 2)
		h += grid_space(ly, s.space_after) + start_need(ly, n->next, depth + 1);
	return grid_space(ly, s.space_before) + h;
}

/* The room block n needs where it starts not to move on to the next
 * frame: two lines of a paragraph or a list (one of a paragraph that
 * has only one, and then what the next block needs), three and the
 * padding of a box or a listing. */
static double start_need(lay *ly, const gal_node *n, int depth)
{
	const gal_textstyle *ts = TS(ly, ly->cur.part);
	double lead = leading_of(ts);
	if (!n)
		return 0;
	switch (n->type) {
	case GAL_NODE_PARA:
		return para_start(ly, n, depth);
	case GAL_NODE_LIST:
		ts = TS(ly, GAL_PART_LIST);
		return grid_space(ly, ts->space_before) + 2 * leading_of(ts);
	case GAL_NODE_REF: {
		/* its lines (its text at half an em a character) that must
		 * stay together, and after a one-line one what the next needs */
		int orphans = ly->st->orphans > 0 ? ly->st->orphans : 2;
		int widows = ly->st->widows > 0 ? ly->st->widows : 2;
		ts = TS(ly, GAL_PART_REFERENCES);
		double lines = ceil(text_chars(n) * (ts->size > 0 ? ts->size : 10) * 0.5 /
				    fmax(cur_w(ly) - 24, 20));
		double keep = lines < orphans + widows ? fmax(lines, 1) : orphans;
		double h = grid_space(ly, fmax(ts->space_before, 2)) + keep * leading_of(ts);
		return lines <= 1 && depth < 2 ? h + start_need(ly, n->next, depth + 1) : h;
	}
	case GAL_NODE_PRE: case GAL_NODE_ASIDE: case GAL_NODE_BLOCKQUOTE:
		return grid_space(ly, lead) + 10 + 3 * lead;
	default:
		return 2 * lead;
	}
}

/* What a heading keeps below it (n: the block after it), from the space
 * after it (`after`): the headings that follow it directly ("2 Methods" then "2.1 Models", a
 * section's title then its first subsection's), each with the space
 * around it, then what the first block that is not a heading needs where
 * it starts. */
static double chain_below(lay *ly, const gal_node *n, double after)
{
	double need = 0;
	for (int k = 0; n && k < 8; k++) {
		const gal_node *head = n->type == GAL_NODE_HEADING ? n : NULL;
		int level = n->level;
		if ((n->type == GAL_NODE_SECTION || (n->type == GAL_NODE_PART && !n->part_meta)) &&
		    n->first && n->first->type == GAL_NODE_HEADING) {
			head = n->first;
			level = n->type == GAL_NODE_PART ? 1 : n->level;
		}
		if (!head)
			break;
		para_spec s;
		gal_line *ln;
		size_t nl;
		heading_spec(ly, &s, level, head == n ? NULL : n->label);
		spec_lines(ly, head, &s, &ln, &nl);
		need += grid_space(ly, fmax(after, s.space_before)) + lines_h(ln, nl);
		after = s.space_after;
		n = head->next;
	}
	return need + grid_space(ly, after) + start_need(ly, n, 0);
}

/* A heading (h, or s->prefix alone) kept with what follows it (next):
 * on to the next frame now if the heading, those right after it and two
 * lines of text would not fit. `dest` goes where it starts. */
static int set_heading(lay *ly, const gal_node *h, const para_spec *s, const gal_node *next,
		       const char *dest)
{
	gal_line *ln;
	size_t nl;
	int rc;

	gal_para *p = spec_lines(ly, h, s, &ln, &nl);
	double below = lines_h(ln, nl) + chain_below(ly, next, s->space_after);
	while (can_move(ly) && ly->cur.y + below + (at_top(ly) ? 0 :
	       grid_space(ly, fmax(ly->cur.pending, s->space_before))) > ly->frame.bottom) {
		if ((rc = lay_next_frame(ly)) != 0)
			return rc;
	}
	if (dest) {
		double y = ly->cur.y + (at_top(ly) ? 0 : fmax(ly->cur.pending, s->space_before));
		lay_dest(ly, dest, cur_x(ly), y);
	}
	ly->cur.heading = 1;
	rc = spec_place(ly, h, s, p, ln, nl);
	ly->cur.heading = 0;
	ly->cur.after_para = 0;
	return rc;
}

static int lay_heading(lay *ly, const gal_node *h, int level, const char *number)
{
	para_spec s;
	heading_spec(ly, &s, level, number);
	const gal_node *sec = h->parent;
	int has_dest = sec && sec->id && (sec->type == GAL_NODE_SECTION ||
					  sec->type == GAL_NODE_PART || sec->type == GAL_NODE_REFS);
	return set_heading(ly, h, &s, h->next, has_dest ? sec->id : NULL);
}

static int lay_hr(lay *ly)
{
	const gal_textstyle *ts = TS(ly, GAL_PART_BODY);
	double lead = leading_of(ts);
	int rc;

	if (lead > ly->cur.pending)
		ly->cur.pending = lead;
	if (can_move(ly) && ly->cur.y + ly->cur.pending + lead > ly->frame.bottom &&
	    (rc = lay_next_frame(ly)) != 0)
		return rc;
	lay_apply_pending(ly);
	double w = cur_w(ly) / 4;
	lay_rule(ly, cur_x(ly) + (cur_w(ly) - w) / 2, ly->cur.y, w, 0, 0.6, ts->rule_color);
	ly->cur.pending = lead;
	ly->cur.after_para = 0;
	return 0;
}

/* The side lines start from is indented by d (taken back when d < 0):
 * the left, or the right of a block set right to left. */
static void indent_start(lay *ly, int rtl, double d)
{
	if (rtl)
		ly->cur.indent_r += d;
	else
		ly->cur.indent_l += d;
}

/* A labelled item: the label hangs in the indent, before the edge x
 * where the item's lines start (after it, right to left). */
static void set_label(lay *ly, const char *text, double x, gal_part part, int bold, int rtl)
{
	gal_para_opts po = lay_para_opts(ly);
	po.ts = TS(ly, part);
	po.lang = ly->doc->meta.lang;
	po.bold = bold;
	po.dir = rtl ? GAL_DIR_RTL : GAL_DIR_LTR;
	ly->cur.label = lay_keep_para(ly, gal_para_new_text(text, &po));
	double w = 200;
	size_t nl;
	ly->cur.label_lines = lay_lines(ly, ly->cur.label, &w, 1,
				     GAL_ALIGN_FLUSH_LEFT, &nl);
	/* from the frame's left edge: the item may start in another column */
	ly->cur.label_x = x - ly->frame.x0 - (nl && !rtl ? ly->cur.label_lines[0].width : 0);
	ly->tags.label_q = ly->tags.n_wait;
}

/* Where a labelled item's lines start: its label's edge. */
static double start_edge(const lay *ly, int rtl)
{
	return rtl ? cur_x(ly) + cur_w(ly) : cur_x(ly);
}

/* The nested list an item starts with (it has no text before it), or
 * NULL. */
static const gal_node *item_starts_list(const gal_node *it)
{
	const gal_node *c = it->first;
	return c && c->type == GAL_NODE_LIST && c->list_type != GAL_LIST_DEFINITION ? c : NULL;
}

/* A list; `outer` (or NULL) is the marker of the item it starts, which
 * goes before the first item's own marker, on its line ("1. a. Text"),
 * as a browser sets an <li> that opens with a list. */
static int lay_list_in(lay *ly, const gal_node *n, const char *outer)
{
	const gal_textstyle *ts = TS(ly, GAL_PART_LIST);
	/* the items' indent; the label hangs in it */
	double ind = ts->margin_left > 0 ? ts->margin_left : ts->indent > 0 ? ts->indent : 18;
	if (ind < 12)
		ind = 12;
	int k = n->start;
	int rc = 0;

	/* the indent holds the widest marker ("viii.", "xxiv.") */
	if (n->list_type == GAL_LIST_ORDERED && n->numbering != GAL_NUM_NONE) {
		gal_para_opts po = lay_para_opts(ly);
		po.ts = ts;
		po.lang = ly->doc->meta.lang;
		int i = n->start;
		for (const gal_node *it = n->first; it; it = it->next) {
			if (it->type != GAL_NODE_ITEM)
				continue;
			char lab[40];
			double mn, mx;
			gal_list_marker(n, i++, lab, sizeof lab - 3);
			strcat(lab, "\xe2\x80\x82");
			gal_para *p = gal_para_new_text(lab, &po);
			gal_para_extents(p, &mn, &mx);
			gal_para_free(p);
			if (mx > ind + 0.5)   /* a hair's overhang is no matter */
				ind = mx;
		}
	}

	if (ts->space_before > ly->cur.pending)
		ly->cur.pending = ts->space_before;
	lay_tag_begin(ly, "L");
	if (n->id)
		lay_dest(ly, n->id, cur_x(ly), ly->cur.y);
	for (const gal_node *it = n->first; it && !rc; it = it->next) {
		if (it->type != GAL_NODE_ITEM) {
			rc = lay_block(ly, it);
			continue;
		}
		lay_tag_begin(ly, "LI");
		if (n->list_type == GAL_LIST_DEFINITION) {
			const gal_node *c = it->first;
			if (c && c->type == GAL_NODE_TERM) {
				para_spec s;
				lay_spec_init(&s, GAL_PART_LIST);
				s.bold = 1;
				s.align = GAL_ALIGN_LEFT;
				s.tag = "Lbl";
				s.keep_after = leading_of(ts) * 2;
				s.splittable = 0;
				rc = lay_para_spec(ly, c, &s);
				c = c->next;
			}
			lay_tag_begin(ly, "LBody");
			indent_start(ly, it->rtl, ind);
			for (; c && !rc; c = c->next)
				rc = lay_block(ly, c);
			indent_start(ly, it->rtl, -ind);
		} else {
			char lab[160];
			size_t pre = it == n->first && outer ? strlen(outer) : 0;
			if (pre >= 120)
				pre = 0;
			memcpy(lab, outer ? outer : "", pre);
			gal_list_marker(n, k, lab + pre, 40 - 3);
			k++;
			indent_start(ly, it->rtl, ind);
			const gal_node *nested = item_starts_list(it);
			if (lab[0]) {
				/* an en space after it */
				strcat(lab, "\xe2\x80\x82");
				if (!nested)
					set_label(ly, lab, start_edge(ly, it->rtl), GAL_PART_LIST, 0,
						  it->rtl);
			}
			if (!lab[0] || nested)
				lay_tag_begin(ly, "LBody");
			ly->cur.pending = fmax(ly->cur.pending, 0);
			gal_part saved = ly->cur.part;
			ly->cur.part = GAL_PART_LIST;
			ly->cur.after_para = 0;
			if (nested) {
				rc = lay_list_in(ly, nested, lab[0] ? lab : NULL);
				for (const gal_node *c = nested->next; c && !rc; c = c->next)
					rc = lay_block(ly, c);
			} else {
				rc = lay_children(ly, it);
			}
			ly->cur.part = saved;
			if (ly->cur.label) {
				/* an item with no text: the label on its own */
				ly->cur.label = NULL;
				lay_tag_begin(ly, "LBody");
			}
			indent_start(ly, it->rtl, -ind);
		}
		lay_tag_end(ly, "LBody");
		lay_tag_end(ly, "LI");
		ly->cur.after_para = 0;
	}
	lay_tag_end(ly, "L");
	if (ts->space_after > ly->cur.pending)
		ly->cur.pending = ts->space_after;
	return rc;
}

static int lay_list(lay *ly, const gal_node *n)
{
	return lay_list_in(ly, n, NULL);
}

static int open_deco(lay *ly, double pad_top, int bar, uint32_t fill, uint32_t stroke,
		     double lw)
{
	int rc;
	if (ly->cur.n_decos >= (int)(sizeof ly->cur.decos / sizeof ly->cur.decos[0])) {
		ly->cur.decos_skipped++;   /* too deep to draw; close_deco matches */
		return 0;
	}
	if (can_move(ly) && ly->cur.y + ly->cur.pending + pad_top + 3 * leading_of(TS(ly, ly->cur.part)) >
	    ly->frame.bottom && (rc = lay_next_frame(ly)) != 0)
		return rc;
	lay_apply_pending(ly);
	deco *d = &ly->cur.decos[ly->cur.n_decos++];
	d->x = ind_l(ly);
	d->w = bar ? 0 : cur_w(ly);
	d->bar = bar;
	open_deco_box(ly, d);
	gal_box *b = &ly->frame.page->boxes[d->at];
	b->fill = fill;
	b->color = stroke;
	b->lw = lw;
	ly->cur.y += pad_top;
	return 0;
}

static void close_deco(lay *ly, double pad_bottom)
{
	if (ly->cur.decos_skipped > 0) {
		ly->cur.decos_skipped--;
		return;
	}
	if (ly->cur.n_decos == 0)
		return;
	deco *d = &ly->cur.decos[--ly->cur.n_decos];
	ly->cur.y += pad_bottom;
	close_deco_box(ly, d, ly->cur.y);
}

int lay_open_deco(lay *ly, double pad_top, int bar, uint32_t fill, uint32_t stroke, double lw)
{
	return open_deco(ly, pad_top, bar, fill, stroke, lw);
}

void lay_close_deco(lay *ly, double pad_bottom)
{
	close_deco(ly, pad_bottom);
}

/* A bar just opened (open_deco's, at the left edge) goes to the right
 * edge of a block set right to left: the side its lines start from. */
static void bar_to_start(lay *ly, int rtl, int before)
{
	if (!rtl || ly->cur.n_decos <= before)
		return;
	deco *d = &ly->cur.decos[ly->cur.n_decos - 1];
	d->x = ind_l(ly) + cur_w(ly);
	ly->frame.page->boxes[d->at].x = ly->frame.x0 + d->x;
}

static int lay_quote(lay *ly, const gal_node *n)
{
	const gal_textstyle *ts = TS(ly, GAL_PART_BLOCKQUOTE);
	/* the style's left margin is the start side's */
	double ml = ts->margin_left > 0 ? ts->margin_left : 18;
	double mr = ts->margin_right > 0 ? ts->margin_right : 18;
	gal_part saved = ly->cur.part;
	int rc, before = ly->cur.n_decos;

	if (fmax(ts->space_before, leading_of(ts) * 0.5) > ly->cur.pending)
		ly->cur.pending = fmax(ts->space_before, leading_of(ts) * 0.5);
	lay_tag_begin(ly, "BlockQuote");
	if (n->id)
		lay_dest(ly, n->id, cur_x(ly), ly->cur.y);
	indent_start(ly, n->rtl, ml - 8);
	if ((rc = open_deco(ly, 0, 1, GAL_COLOR_NONE, ts->rule_color, 1.5)) != 0)
		return rc;
	bar_to_start(ly, n->rtl, before);
	indent_start(ly, n->rtl, 8);
	indent_start(ly, !n->rtl, mr);
	ly->cur.part = GAL_PART_BLOCKQUOTE;
	ly->cur.after_para = 0;
	for (const gal_node *c = n->first; c && !rc; c = c->next) {
		if (c->type == GAL_NODE_ATTRIBUTION) {
			para_spec s;
			lay_spec_init(&s, GAL_PART_BLOCKQUOTE);
			s.prefix = "\xe2\x80\x94\xe2\x80\x89";  /* em dash, thin space */
			s.align = GAL_ALIGN_RIGHT;
			s.italic = 0;
			s.space_before = leading_of(ts) * 0.25;
			rc = lay_para_spec(ly, c, &s);
		} else {
			/* the attribution stays with the last lines of the quote */
			if (c->next && c->next->type == GAL_NODE_ATTRIBUTION)
				ly->cur.keep_next = 2 * leading_of(ts);
			rc = lay_block(ly, c);
			ly->cur.keep_next = 0;
		}
	}
	ly->cur.part = saved;
	indent_start(ly, !n->rtl, -mr);
	indent_start(ly, n->rtl, -8);
	ly->cur.pending = 0;
	close_deco(ly, 0);
	indent_start(ly, n->rtl, -(ml - 8));
	lay_tag_end(ly, "BlockQuote");
	ly->cur.pending = fmax(ts->space_after, leading_of(ts) * 0.5);
	ly->cur.after_para = 0;
	return rc;
}

static int lay_pullquote(lay *ly, const gal_node *n)
{
	const gal_textstyle *ts = TS(ly, GAL_PART_PULLQUOTE);
	para_spec s;
	int rc;

	lay_spec_init(&s, GAL_PART_PULLQUOTE);
	s.tag = "BlockQuote";
	s.align = ts->align == GAL_ALIGN_DEFAULT || ts->align == GAL_ALIGN_JUSTIFY ?
		  GAL_ALIGN_LEFT : ts->align;
	s.splittable = 0;
	double lead = leading_of(ts);
	ly->cur.pending = fmax(ly->cur.pending, ts->space_before > 0 ? ts->space_before : lead);
	/* rules above and below, kept with the text */
	gal_para *p = lay_make_para(ly, n, &s);
	double inl = ts->margin_left > 0 ? ts->margin_left : 12;
	double inr = ts->margin_right > 0 ? ts->margin_right : 12;
	double w = cur_w(ly) - inl - inr;
	if (w < 60)
		w = cur_w(ly);
	size_t nl;
	gal_line *ln = lay_lines(ly, p, &w, 1, s.align, &nl);
	double h = 0;
	for (size_t i = 0; i < nl; i++)
		h += ln[i].height;
	if (can_move(ly) && ly->cur.y + ly->cur.pending + h + 20 > ly->frame.bottom &&
	    (rc = lay_next_frame(ly)) != 0)
		return rc;
	lay_apply_pending(ly);
	double x = w == cur_w(ly) ? cur_x(ly) : cur_x(ly) + inl;
	lay_rule(ly, x, ly->cur.y, w, 0, 1.2, ts->rule_color);
	ly->cur.y += 8;
	lay_tag_begin(ly, "BlockQuote");
	rc = lay_place_lines(ly, p, ln, nl, x, ts->color, 0, 0);
	lay_tag_end(ly, "BlockQuote");
	ly->cur.y += 6;
	lay_rule(ly, x, ly->cur.y, w, 0, 1.2, ts->rule_color);
	ly->cur.pending = ts->space_after > 0 ? ts->space_after : lead;
	ly->cur.after_para = 0;
	return rc;
}

static int lay_aside(lay *ly, const gal_node *n)
{
	const gal_textstyle *ts = TS(ly, GAL_PART_ASIDE);
	gal_part saved = ly->cur.part;
	double pad = 9;
	int rc;

	ly->cur.pending = fmax(ly->cur.pending, ts->space_before > 0 ? ts->space_before :
			   leading_of(ts));
	lay_tag_begin(ly, "Div");
	if (n->id)
		lay_dest(ly, n->id, cur_x(ly), ly->cur.y + ly->cur.pending);
	if ((rc = open_deco(ly, pad, 0, ts->background, ts->rule_color, 0.6)) != 0)
		return rc;
	ly->cur.indent_l += pad;
	ly->cur.indent_r += pad;
	ly->cur.part = GAL_PART_ASIDE;
	const gal_node *c = n->first;
	para_spec s;
	lay_spec_init(&s, GAL_PART_ASIDE);
	s.bold = 1;
	s.align = GAL_ALIGN_LEFT;
	s.tag = "H6";
	s.keep_after = leading_of(ts) * 2;
	s.space_after = leading_of(ts) * 0.3;
	s.splittable = 0;
	if (c && c->type == GAL_NODE_HEADING) {
		rc = lay_para_spec(ly, c, &s);
		c = c->next;
	} else if (n->title) {
		gal_para_opts po = lay_para_opts(ly);
		po.ts = ts;
		po.bold = 1;
		po.lang = n->eff_lang;
		(void)po;
		s.prefix = n->title;
		rc = lay_para_spec(ly, NULL, &s);
	}
	ly->cur.pending = 0;
	ly->cur.after_para = 0;
	for (; c && !rc; c = c->next)
		rc = lay_block(ly, c);
	ly->cur.part = saved;
	ly->cur.indent_l -= pad;
	ly->cur.indent_r -= pad;
	ly->cur.pending = 0;
	close_deco(ly, pad - 2);
	lay_tag_end(ly, "Div");
	ly->cur.pending = ts->space_after > 0 ? ts->space_after : leading_of(ts);
	ly->cur.after_para = 0;
	return rc;
}

/* ---- figures -------------------------------------------------------------- */

/* A caption paragraph: "Figure 2. Text" with the label in bold. */
gal_para *lay_caption(lay *ly, const char *label, const gal_node *caption)
{
	para_spec s;
	lay_spec_init(&s, GAL_PART_CAPTION);
	if (label) {
		/* "Table 1. Title", also when the label brings its own
		 * full stop or colon ("Table 1.", "Figure 2:") */
		size_t ll = strlen(label);
		int punct = ll && strchr(".:", label[ll - 1]);
		char *pre = xmalloc(ll + 8);
		sprintf(pre, "%s%s", label, !caption ? "" : punct ? " " : ". ");
		s.prefix = lay_keep_str(ly, pre);
	}
	gal_para *cp = lay_make_para(ly, caption, &s);
	if (label) {
		PangoAttribute *a = pango_attr_weight_new(PANGO_WEIGHT_BOLD);
		a->start_index = 0;
		a->end_index = (guint)strlen(label);
		pango_attr_list_change(cp->attrs, a);
		/* a weight changes the font: itemize and measure again */
		gal_para_reshape(cp);
	}
	return cp;
}

static int lay_figure(lay *ly, const gal_node *n, const gal_node *lone)
{
	const gal_textstyle *cap = TS(ly, GAL_PART_CAPTION);
	const gal_textstyle *body = TS(ly, GAL_PART_BODY);
	double w = cur_w(ly);
	double maxh = (ly->frame.bottom0 - ly->frame.flow_top) * 0.6;
	const gal_node *img = NULL, *caption = NULL, *credit = NULL, *math = NULL;
	gal_para *cp = NULL, *crp = NULL;
	gal_line *cl = NULL, *crl = NULL;
	size_t ncl = 0, ncrl = 0;
	double ch = 0, crh = 0, iw, ih;
	int rc = 0;

	img = lone;
	for (const gal_node *c = n ? n->first : NULL; c; c = c->next) {
		if (c->type == GAL_NODE_IMAGE && !img)
			img = c;
		else if (c->type == GAL_NODE_CAPTION)
			caption = c;
		else if (c->type == GAL_NODE_CREDIT)
			credit = c;
		else if (c->type == GAL_NODE_MATH_BLOCK && !math)
			math = c;
	}
	/* image size: its pixels at 96 dpi, never wider than the column nor
	 * taller than most of a page */
	const gal_image *im = img ? img->image : NULL;
	if (im && im->status == GAL_IMG_OK && im->width > 0 && im->height > 0) {
		iw = im->width * 0.75;
		if (iw > w)   /* a wide one into the margin the measure leaves */
			iw = fmin(iw, w + lay_wide_room(ly));
		else if (iw > w * 0.5)
			iw = w;
		ih = iw * im->height / im->width;
		if (ih > maxh) {
			ih = maxh;
			iw = ih * im->width / im->height;
		}
	} else {
		iw = w;
		ih = w * 0.4;
		if (im && im->width > 0 && im->height > 0)
			ih = fmin(maxh, w * im->height / im->width);
	}
	const char *label = n ? n->label : NULL;
	if (caption || label) {
		cp = lay_caption(ly, label, caption);
		cl = lay_lines(ly, cp, &w, 1, GAL_ALIGN_LEFT, &ncl);
		for (size_t i = 0; i < ncl; i++)
			ch += cl[i].height;
	}
	if (credit) {
		para_spec s;
		lay_spec_init(&s, GAL_PART_CREDIT);
		crp = lay_make_para(ly, credit, &s);
		crl = lay_lines(ly, crp, &w, 1, GAL_ALIGN_RIGHT, &ncrl);
		for (size_t i = 0; i < ncrl; i++)
			crh += crl[i].height;
	}
	double before = fmax(leading_of(body), cap->space_before);
	ly->cur.pending = fmax(ly->cur.pending, before);
	double total = (img || !math ? ih + 6 : 0) + crh + ch;
	if (n && ly->floats.n && !ly->floats.placing && lay_float_wait(ly, n, total, total))
		return 0;   /* after those that wait already */
	if (can_move(ly) && ly->cur.y + ly->cur.pending + total > ly->frame.bottom) {
		double room = ly->frame.bottom - ly->cur.y - ly->cur.pending - crh - ch - 6;
		if (img && room >= ih * 0.5 && room > 0) {
			/* smaller, but here: the reading order stays whole */
			iw *= room / ih;
			ih = room;
		} else if (n && lay_float_wait(ly, n, total, total)) {
			/* wait for the top of the next frame; the text goes on */
			return 0;
		} else if ((rc = lay_next_frame(ly)) != 0) {
			return rc;
		}
	}
	lay_apply_pending(ly);
	lay_tag_begin(ly, "Figure");
	if (n && n->id)
		lay_dest(ly, n->id, cur_x(ly), ly->cur.y);
	if (math && !img) {
		rc = lay_math_block(ly, math);
		ly->cur.pending = 0;
	} else {
		gal_box *b = lay_box(ly, GAL_BOX_IMAGE);
		b->x = iw > w ? lay_wide_x(ly, iw) : cur_x(ly) + (w - iw) / 2;
		b->y = ly->cur.y;
		b->w = iw;
		b->h = ih;
		b->image = im && im->status == GAL_IMG_OK ? im : NULL;
		b->alt = img && img->title ? img->title : "";
		b->color = body->rule_color;
		b->name = "Figure";
		if (!b->image) {
			/* a visible frame that says what is missing */
			gal_para_opts po = lay_para_opts(ly);
			po.ts = cap;
			po.lang = img && img->eff_lang ? img->eff_lang : ly->doc->meta.lang;
			po.italic = 1;
			const char *alt = img && img->title && *img->title ? img->title :
					  img && img->url ? img->url : "image";
			gal_para *ap = lay_keep_para(ly, gal_para_new_text(alt, &po));
			double aw = iw - 24 > 20 ? iw - 24 : 20;
			size_t na;
			gal_line *al = lay_lines(ly, ap, &aw, 1, GAL_ALIGN_CENTER, &na);
			double ah = 0;
			for (size_t i = 0; i < na; i++)
				ah += al[i].height;
			double yy = b->y + (ih - ah) / 2;
			double bx0 = b->x + (iw - aw) / 2;
			for (size_t i = 0; i < na && yy + al[i].height <= b->y + ih; i++) {
				lay_emit_line(ly, 0, ap, &al[i], bx0, yy + gal_line_base(ap, &al[i]),
					     0x666666);
				yy += al[i].height;
			}
		}
		ly->cur.y += ih + 4;
	}
	if (crp) {
		lay_place_lines(ly, crp, crl, ncrl, cur_x(ly), TS(ly, GAL_PART_CREDIT)->color, 0, 0);
		ly->cur.y += 1;
	}
	if (cp) {
		/* a caption longer than the room under its figure runs on */
		lay_tag_begin(ly, "Caption");
		rc = lay_place_lines(ly, cp, cl, ncl, cur_x(ly), cap->color, 0, 1);
		lay_tag_end(ly, "Caption");
	}
	lay_tag_end(ly, "Figure");
	ly->cur.pending = fmax(leading_of(body), cap->space_after);
	ly->cur.after_para = 0;
	return rc;
}

/* Nothing drawn on the current page's body yet (tags and link targets
 * aside). */
int lay_page_blank(const lay *ly)
{
	for (size_t i = 0; i < ly->frame.page->n; i++) {
		gal_box_kind k = ly->frame.page->boxes[i].kind;
		if (k != GAL_BOX_TAG_BEGIN && k != GAL_BOX_TAG_END && k != GAL_BOX_DEST)
			return 0;
	}
	return 1;
}

/* Turn to pages of their own in landscape (on = 1) for a table that is
 * too wide for the measure even at the style's smallest table type, and
 * back (on = 0). The text before stays where it is; the page that was
 * being filled ends unless nothing is on it yet, in which case it turns.
 * Landscape pages have one column between the outer margins. */
int lay_turn(lay *ly, int on)
{
	turn_frame(ly, on);
	if (on && lay_page_blank(ly) && ly->frame.col == 0 && ly->notes.n == 0) {
		/* nothing on this page yet: turn it */
		ly->frame.page->n_furn = 0;
		return reframe_page(ly);
	}
	ly->frame.col = ly->frame.saved_cols;   /* past the last column: a new page */
	/* the last turned page ends where its table does */
	ly->frame.forced = !on;
	return lay_next_frame(ly);
}

/* ---- references ------------------------------------------------------- */

static int lay_refs(lay *ly, const gal_node *n)
{
	const gal_textstyle *ts = TS(ly, GAL_PART_REFERENCES);
	/* a hanging indent wide enough for "10." */
	double ind = fmax(ts->margin_left, fmax(-ts->indent, 18));
	int rc = 0;

	lay_tag_begin(ly, "Sect");
	const gal_node *c = n->first;
	if (c && c->type == GAL_NODE_HEADING) {
		rc = lay_heading(ly, c, n->level > 0 ? n->level : 1, NULL);
		c = c->next;
	} else if (ly->labels->references) {
		/* a heading from the labels, like the EPUB's */
		para_spec s;
		lay_spec_init(&s, heading_part((n->level > 0 ? n->level : 1) - ly->level_shift));
		s.prefix = ly->labels->references;
		s.tag = lay_heading_tag(n->level > 0 ? n->level : 1);
		s.space_before = leading_of(TS(ly, s.part));
		s.space_after = leading_of(TS(ly, s.part)) * 0.4;
		s.align = GAL_ALIGN_LEFT;
		s.splittable = 0;
		s.keep_after = 2 * leading_of(ts);
		rc = set_heading(ly, NULL, &s, c, n->id);
	}
	lay_tag_begin(ly, "L");
	for (; c && !rc; c = c->next) {
		if (c->type != GAL_NODE_REF) {
			rc = lay_block(ly, c);
			continue;
		}
		char lab[64];
		snprintf(lab, sizeof lab, "%s.\xe2\x80\x82", c->label ? c->label : "");
		lay_tag_begin(ly, "LI");
		indent_start(ly, c->rtl, ind);
		set_label(ly, lab, start_edge(ly, c->rtl), GAL_PART_REFERENCES, 0, c->rtl);
		para_spec s;
		lay_spec_init(&s, GAL_PART_REFERENCES);
		s.align = GAL_ALIGN_LEFT;
		s.tag = "BibEntry";
		s.space_before = ts->space_before > 0 ? ts->space_before : 2;
		rc = lay_para_spec(ly, c, &s);
		indent_start(ly, c->rtl, -ind);
		lay_tag_end(ly, "LBody");
		lay_tag_end(ly, "LI");
	}
	lay_tag_end(ly, "L");
	lay_tag_end(ly, "Sect");
	ly->cur.after_para = 0;
	return rc;
}

/* ---- the title block ------------------------------------------------------ */

/* A summary (key points, an abstract): boxed, a tint with an accent bar
 * down its start edge (the right, right to left), when it is short; a long one is set as the text
 * is, in its columns, under its label, with a hairline after it, so that
 * no tinted box fills a page. */
static int lay_summary(lay *ly, const gal_node *n, int boxed)
{
	const gal_textstyle *ts = TS(ly, GAL_PART_SUMMARY);
	gal_part saved = ly->cur.part;
	double pad = boxed ? 10 : 0;
	int rc = 0;

	ly->cur.pending = fmax(ly->cur.pending, ts->space_before > 0 ? ts->space_before : 6);
	lay_tag_begin(ly, "Div");
	if (boxed) {
		if ((rc = open_deco(ly, 8, 0, ts->background, ts->rule_color, 0)) != 0)
			return rc;
		/* an accent bar down the left edge of the tint (the right,
		 * right to left) */
		ly->cur.y -= 8;
		int before = ly->cur.n_decos;
		if ((rc = open_deco(ly, 8, 1, GAL_COLOR_NONE, ts->rule_color, 2.5)) != 0)
			return rc;
		bar_to_start(ly, n->rtl, before);
	}
	ly->cur.indent_l += pad;
	ly->cur.indent_r += pad;
	ly->cur.part = GAL_PART_SUMMARY;
	const gal_node *c = n->first;
	para_spec s;
	lay_spec_init(&s, GAL_PART_SUMMARY);
	s.bold = 1;
	s.align = GAL_ALIGN_LEFT;
	s.tag = "H2";
	s.splittable = 0;
	s.keep_after = 2 * leading_of(ts);
	s.space_after = 3;
	if (c && c->type == GAL_NODE_HEADING) {
		rc = lay_para_spec(ly, c, &s);
		c = c->next;
	} else {
		s.prefix = n->summary_kind == GAL_SUMMARY_ABSTRACT ?
			   ly->labels->abstract : ly->labels->summary;
		if (s.prefix)
			rc = lay_para_spec(ly, NULL, &s);
	}
	ly->cur.pending = 0;
	ly->cur.after_para = 0;
	for (; c && !rc; c = c->next)
		rc = lay_block(ly, c);
	ly->cur.part = saved;
	ly->cur.indent_l -= pad;
	ly->cur.indent_r -= pad;
	ly->cur.pending = 0;
	if (boxed) {
		close_deco(ly, 6);
		ly->cur.y -= 6;
		close_deco(ly, 6);
	} else {
		ly->cur.y += 6;
		lay_rule(ly, cur_x(ly), ly->cur.y, cur_w(ly), 0, 0.6,
			 TS(ly, GAL_PART_DATELINE)->rule_color);
	}
	lay_tag_end(ly, "Div");
	ly->cur.pending = ts->space_after > 0 ? ts->space_after : leading_of(TS(ly, GAL_PART_BODY));
	ly->cur.after_para = 0;
	return rc;
}

/* About how tall a summary would be at width w: its paragraphs' text at
 * half an em a character, and a line for each heading. */
static double summary_h(const lay *ly, const gal_node *n, double w)
{
	const gal_textstyle *ts = TS(ly, GAL_PART_SUMMARY);
	double size = ts->size > 0 ? ts->size : 10, h = leading_of(ts), chars = 0;
	gal_iter it;
	gal_event ev;
	gal_iter_init(&it, n);
	while ((ev = gal_iter_next(&it)) != GAL_EV_DONE) {
		const gal_node *c = gal_iter_node(&it);
		if (ev == GAL_EV_ENTER && c->type == GAL_NODE_TEXT && c->literal)
			chars += g_utf8_strlen(c->literal, -1);
		if (ev == GAL_EV_EXIT && (c->type == GAL_NODE_PARA || c->type == GAL_NODE_HEADING)) {
			h += ceil(chars * size * 0.5 / w) * leading_of(ts);
			chars = 0;
		}
	}
	return h;
}

/* The summaries under the title block: a short one boxed across the
 * page, a long one (over 40% of a page) kept for lay_front_rest. */
static int front_summary(lay *ly, const gal_node *n)
{
	if (!n)
		return 0;
	if (summary_h(ly, n, ly->frame.text_w - 20) > 0.4 * (ly->frame.bottom0 - ly->frame.mt)) {
		if (ly->front.n < 2)
			ly->front.later[ly->front.n++] = n;
		return 0;
	}
	return lay_summary(ly, n, 1);
}

int lay_front_rest(lay *ly)
{
	int rc = 0;
	for (int i = 0; i < ly->front.n && !rc; i++)
		rc = lay_summary(ly, ly->front.later[i], 0);
	ly->front.n = 0;
	return rc;
}

/* The head of an article: title, standfirst, byline, date and source, a
 * hairline, key points. `m` is the document's metadata, or a collection
 * article's; `tag` the title's structure tag; `lang` the language of the
 * generated text (NULL: the document's). */
int lay_title_block(lay *ly, const gal_meta *m, const char *title_text,
			   const char *author_text, const char *lang, const char *tag)
{
	const gal_labels *lb = ly->labels;
	int rc = 0;
	para_spec s;

	if (m->title) {
		lay_spec_init(&s, GAL_PART_TITLE);
		s.tag = tag;
		s.align = TS(ly, GAL_PART_TITLE)->align == GAL_ALIGN_JUSTIFY ?
			  GAL_ALIGN_LEFT : TS(ly, GAL_PART_TITLE)->align;
		s.space_after = TS(ly, GAL_PART_TITLE)->space_after;
		s.splittable = 0;
		rc = lay_para_spec(ly, m->title, &s);
	} else if (title_text) {
		lay_spec_init(&s, GAL_PART_TITLE);
		s.tag = tag;
		s.prefix = title_text;
		s.lang = lang;
		s.align = GAL_ALIGN_LEFT;
		rc = lay_para_spec(ly, NULL, &s);
	}
	if (!rc && m->subtitle) {
		lay_spec_init(&s, GAL_PART_SUBTITLE);
		s.align = TS(ly, GAL_PART_SUBTITLE)->align == GAL_ALIGN_JUSTIFY ?
			  GAL_ALIGN_LEFT : TS(ly, GAL_PART_SUBTITLE)->align;
		s.space_before = TS(ly, GAL_PART_SUBTITLE)->space_before;
		s.space_after = TS(ly, GAL_PART_SUBTITLE)->space_after;
		rc = lay_para_spec(ly, m->subtitle, &s);
	}
	if (!rc && m->n_authors) {
		gal_buf b = GAL_BUF_INIT;
		if (lb->by)
			gal_buf_printf(&b, "%s ", lb->by);
		gal_buf_puts(&b, author_text ? author_text : "");
		lay_spec_init(&s, GAL_PART_BYLINE);
		s.prefix = lay_keep_str(ly, gal_buf_detach(&b, NULL));
		s.lang = lang;
		s.align = GAL_ALIGN_LEFT;
		s.space_before = fmax(TS(ly, GAL_PART_BYLINE)->space_before, 6);
		rc = lay_para_spec(ly, NULL, &s);
	}
	if (!rc && (m->date || m->source)) {
		gal_buf b = GAL_BUF_INIT;
		if (m->date)
			gal_buf_puts(&b, m->date_text ? m->date_text : m->date);
		if (m->date && m->source)
			gal_buf_puts(&b, " \xc2\xb7 ");  /* middle dot */
		lay_spec_init(&s, GAL_PART_DATELINE);
		s.prefix = lay_keep_str(ly, gal_buf_detach(&b, NULL));
		s.lang = lang;
		s.align = GAL_ALIGN_LEFT;
		s.space_before = TS(ly, GAL_PART_DATELINE)->space_before;
		/* the source links to where the story came from */
		s.link = m->source ? m->source->url : NULL;
		rc = lay_para_spec(ly, m->source, &s);
	}
	if (rc)
		return rc;
	/* a hairline under the head of the brief */
	const gal_textstyle *dl = TS(ly, GAL_PART_DATELINE);
	ly->cur.y += 6;
	lay_rule(ly, ly->frame.ml, ly->cur.y, ly->L->page_w - ly->frame.ml - ly->frame.mr, 0, 0.6,
		 dl->rule_color);
	ly->cur.pending = dl->space_after > 0 ? dl->space_after : leading_of(TS(ly, GAL_PART_BODY));
	if ((rc = front_summary(ly, m->summary)) != 0)
		return rc;
	return front_summary(ly, m->abstract);
}

/* ---- running heads and folios -------------------------------------------- */

/* The end of [0, e) without the spaces, stops and dashes that should not
 * come before an ellipsis: "Plant defense…", not "Plant defense, …". */
static int before_ellipsis(const char *t, int e)
{
	for (;;) {
		if (e > 0 && (t[e - 1] == ' ' || strchr(",;:.-", t[e - 1])))
			e--;
		else if (e >= 3 && (!strncmp(t + e - 3, "\u2013", 3) ||
				    !strncmp(t + e - 3, "\u2014", 3)))
			e -= 3;
		else
			return e;
	}
}

/* Where the word ending at or running through byte e starts. */
static int word_start(const char *t, int e)
{
	while (e > 0 && t[e - 1] != ' ')
		e--;
	return e;
}

/* The running head's text: one line. A title longer than the measure is
 * cut after the last whole word that fits with an ellipsis. Worked out
 * once per title, not on every page. */
static const char *running_head(lay *ly, const gal_para_opts *po, double w)
{
	if (ly->rh.set_for == ly->rh.text)
		return ly->rh.shown;
	ly->rh.set_for = ly->rh.text;
	ly->rh.shown = ly->rh.text;
	gal_para *p = gal_para_new_text(ly->rh.text, po);
	size_t nl;
	gal_line *ln = gal_para_lines(p, &w, 1, GAL_ALIGN_LEFT, &nl);
	int cut = nl > 1 ? ln[0].end : -1;
	gal_lines_free(ln, nl);
	/* the text as set (a style may have changed its case) */
	const char *t = p->text;
	gal_buf b = GAL_BUF_INIT;
	if (cut > 0 && t[cut] != ' ')
		cut = word_start(t, cut);    /* not inside a word */
	while (cut > 0) {
		int e = before_ellipsis(t, cut);
		if (e == 0)
			break;
		b.len = 0;
		gal_buf_put(&b, t, (size_t)e);
		gal_buf_puts(&b, "\u2026");
		gal_para *q = gal_para_new_text(b.data, po);
		ln = gal_para_lines(q, &w, 1, GAL_ALIGN_LEFT, &nl);
		gal_lines_free(ln, nl);
		gal_para_free(q);
		if (nl == 1) {
			ly->rh.shown = lay_keep_str(ly, gal_buf_detach(&b, NULL));
			break;
		}
		cut = word_start(t, e);        /* one word fewer */
	}
	gal_buf_free(&b);
	gal_para_free(p);
	return ly->rh.shown;
}

void lay_running_furniture(lay *ly)
{
	const gal_style *st = ly->st;
	const gal_textstyle *rh = TS(ly, GAL_PART_RUNNING_HEAD);
	const gal_textstyle *fo = TS(ly, GAL_PART_FOLIO);
	int num = ly->frame.page->number;
	double w = ly->frame.page->w - ly->frame.ml - ly->frame.mr;

	if (num <= ly->rh.title_page)
		return;   /* the title page (and a cover) carries none */
	if (st->running_head && ly->rh.text && !ly->rh.opener) {
		gal_para_opts po = lay_para_opts(ly);
		po.ts = rh;
		po.lang = ly->rh.lang;
		size_t nl;
		gal_para *p = lay_keep_para(ly, gal_para_new_text(running_head(ly, &po, w), &po));
		gal_line *ln = lay_lines(ly, p, &w, 1, GAL_ALIGN_LEFT, &nl);
		if (nl) {
			double base = ly->frame.mt - leading_of(rh) * 1.2;
			lay_emit_line(ly, 1, p, &ln[0], ly->frame.ml, base, rh->color);
			gal_box *r = lay_furn(ly, GAL_BOX_RULE);
			r->x = ly->frame.ml;
			r->y = base + leading_of(rh) * 0.45;
			r->w = w;
			r->lw = 0.4;
			r->color = rh->rule_color;
		}
	}
	if (st->page_numbers) {
		char buf[32];
		gal_para_opts po = lay_para_opts(ly);
		po.ts = fo;
		po.lang = ly->doc->meta.lang;
		snprintf(buf, sizeof buf, "%d", num);
		gal_para *p = lay_keep_para(ly, gal_para_new_text(buf, &po));
		size_t nl;
		int al = fo->align == GAL_ALIGN_LEFT || fo->align == GAL_ALIGN_RIGHT ?
			 fo->align : GAL_ALIGN_CENTER;
		gal_line *ln = lay_lines(ly, p, &w, 1, al, &nl);
		if (nl)
			lay_emit_line(ly, 1, p, &ln[0], ly->frame.ml,
				     ly->frame.page->h - ly->frame.mb + leading_of(fo) * 2, fo->color);
	}
}

/* ---- floats -------------------------------------------------------------- */

/* A block may float when it stands between sections' blocks, not inside
 * a list, a quote, a box or a cell, whose text it would leave. */
static int floatable(const gal_node *n)
{
	for (const gal_node *p = n->parent; p; p = p->parent)
		if (p->type != GAL_NODE_SECTION && p->type != GAL_NODE_PART &&
		    p->type != GAL_NODE_BACK && p->type != GAL_NODE_DOCUMENT)
			return 0;
	return 1;
}

int lay_float_wait(lay *ly, const gal_node *n, double first, double whole)
{
	double room = ly->frame.bottom - ly->cur.y - (at_top(ly) ? 0 : ly->cur.pending);
	double full = ly->frame.bottom0 - ly->frame.mt;
	if (ly->floats.placing || !can_move(ly) || ly->floats.n >= 8 || ly->cur.n_decos ||
	    !floatable(n))
		return 0;
	/* here when it fits, or when it runs on over frames anyway and
	 * its start fits; never before one that waits already */
	if (!ly->floats.n && (whole <= room || (whole > full && first <= room)))
		return 0;
	ly->floats.node[ly->floats.n++] = n;
	return 1;
}

int lay_turned_wait(lay *ly, const gal_node *n)
{
	if (ly->floats.placing || ly->floats.n_turned >= 8 ||
	    (lay_page_blank(ly) && ly->frame.col == 0 && ly->notes.n == 0))
		return 0;
	ly->floats.turned[ly->floats.n_turned++] = n;
	return 1;
}

/* The text a float interrupts (its cursor: keeps, indents, a list label,
 * open boxes; tags waiting for content) is set aside while the float is
 * placed, and taken up again where the float left the page. */
typedef struct text_state {
	lay_cursor cur;
	struct lay_head head;
	const char *wait[64];
	int n_wait, label_q;
	const char *first_dest;
} text_state;

static void text_aside(lay *ly, text_state *t)
{
	t->cur = ly->cur;
	t->head = ly->head;
	memset(&ly->head, 0, sizeof ly->head);
	t->n_wait = ly->tags.n_wait;
	t->label_q = ly->tags.label_q;
	memcpy(t->wait, ly->tags.wait, (size_t)t->n_wait * sizeof *t->wait);
	t->first_dest = ly->tags.first_dest;
	ly->tags.n_wait = 0;
	ly->tags.first_dest = NULL;
	ly->cur.label = NULL;
	ly->cur.keep_next = 0;
	ly->cur.indent_l = ly->cur.indent_r = 0;
	ly->cur.part = GAL_PART_BODY;
	ly->cur.snap = ly->cur.on_grid = ly->cur.heading = 0;
	ly->cur.n_decos = ly->cur.decos_skipped = 0;
}

static void text_back(lay *ly, const text_state *t)
{
	double y = ly->cur.y, pending = ly->cur.pending;
	ly->cur = t->cur;
	ly->head = t->head;
	ly->cur.y = y;
	ly->cur.pending = pending;
	memcpy(ly->tags.wait, t->wait, (size_t)t->n_wait * sizeof *t->wait);
	ly->tags.n_wait = t->n_wait;
	ly->tags.label_q = t->label_q;
	ly->tags.first_dest = t->first_dest;
}

/* Figures and tables still waiting go where their text ends: at the end
 * of the document, or of an article before the next one opens (end),
 * and wide tables then follow on turned pages; else at the top of a
 * frame. */
int lay_flush_floats(lay *ly, int end)
{
	const gal_node *fl[8];
	int nf = ly->floats.n, rc = 0;
	memcpy(fl, ly->floats.node, (size_t)nf * sizeof *fl);
	ly->floats.n = 0;
	ly->floats.placing = 1;
	for (int i = 0; i < nf && !rc; i++)
		rc = fl[i]->type == GAL_NODE_TABLE ? lay_table(ly, fl[i]) : lay_figure(ly, fl[i], NULL);
	ly->floats.placing = 0;
	if (!rc && end && ly->floats.n_turned) {
		/* the page that ends with the text is not short */
		ly->frame.filled += fmin(ly->cur.y, ly->frame.bottom0) - ly->frame.mt + ly->notes.h;
		lay_notes_flush(ly);
		ly->frame.forced = 1;
		rc = place_turned(ly);
	}
	return rc;
}

/* ---- listings across both columns ---------------------------------------- */

/* The lines of the first column's text on this page (from flow_box):
 * each line's baseline and the index of its last box; is_head[i]: line
 * i belongs to a heading. 0 when the column holds more than lines of
 * text (rules, boxes, images), which cannot be moved line by line. */
static size_t column_lines(const lay *ly, double *base, size_t *last, int *is_head,
			   size_t cap)
{
	const gal_page *pg = ly->frame.page;
	size_t n = 0;
	int line = -1, depth = 0, head_at = -1;
	for (size_t i = ly->frame.flow_box; i < pg->n; i++) {
		const gal_box *b = &pg->boxes[i];
		switch (b->kind) {
		case GAL_BOX_TAG_BEGIN:
			depth++;
			if (head_at < 0 && b->name && b->name[0] == 'H' && b->name[1] >= '1' &&
			    b->name[1] <= '6' && !b->name[2])
				head_at = depth;
			break;
		case GAL_BOX_TAG_END:
			if (depth-- == head_at)
				head_at = -1;
			break;
		case GAL_BOX_GLYPHS:
		case GAL_BOX_MATH:
			if (b->kind == GAL_BOX_MATH || b->line_id != line) {
				if (n > 0 && fabs(b->y - base[n - 1]) < 0.01) {
					last[n - 1] = i;   /* a formula on the same line */
					break;
				}
				if (n == cap)
					return 0;
				line = b->line_id;
				base[n] = b->y;
				is_head[n++] = head_at >= 0;
			}
			last[n - 1] = i;
			break;
		case GAL_BOX_DEST:
			break;
		default:
			return 0;
		}
	}
	return n;
}

/* The first column's text on this page evened out into both columns, so
 * that what comes next may span them from under it: the lines from the
 * split on move to the second column, their first baseline on the first
 * column's. The split leaves the columns as even as whole lines allow
 * and no heading at the foot of the first. 0 when the text cannot be
 * moved (see column_lines). */
int lay_even_columns(lay *ly)
{
	enum { CAP = 256 };
	double base[CAP];
	size_t last[CAP];
	int is_head[CAP];
	size_t n = column_lines(ly, base, last, is_head, CAP), best = 0;
	double best_h = 0;
	if (n < 2)
		return n == 1 || ly->frame.page->n == ly->frame.flow_box || at_top(ly);
	for (size_t k = 1; k < n; k++) {
		double d = base[k] - base[0];
		double h = fmax(base[k - 1], base[n - 1] - d);
		if (is_head[k - 1])
			continue;
		if (!best || h <= best_h) {
			best = k;
			best_h = h;
		}
	}
	if (!best)
		return 0;
	double d = base[best] - base[0], below = ly->cur.y - base[n - 1];
	gal_page *pg = ly->frame.page;
	double step = lay_col_x(&ly->frame, 1) - lay_col_x(&ly->frame, 0);
	for (size_t i = last[best - 1] + 1; i < pg->n; i++) {
		pg->boxes[i].x += step;
		pg->boxes[i].y -= d;
	}
	ly->cur.y = best_h + below;
	return 1;
}

/* A listing in two columns that a column could hold only by wrapping a
 * quarter or more of its lines (even at the code part's min-size) is set
 * across both where it stands, when it comes in the first column: the
 * text above it on the page is evened out into both columns, and the
 * columns start again under it. In the second column, or where the text
 * above holds more than lines (a figure, a box), it stays in its column
 * and wraps, rather than move away from the text that introduces it; so
 * does one with a few long lines (across both it would take twice the
 * room), and one inside a list, a quote or a box. */
static int lay_pre(lay *ly, const gal_node *n)
{
	int lines = 0, cols = ly->frame.cols, rc;
	double colw = ly->frame.colw;
	if (cols != 2 || ly->frame.landscape || ly->frame.col != 0 || ly->floats.placing ||
	    !floatable(n) || ly->cur.n_decos || lay_listing_want(ly, n) <= cur_w(ly) ||
	    4 * lay_listing_wrapped(ly, n, cur_w(ly), &lines) < lines || !lay_even_columns(ly))
		return lay_listing(ly, n);
	/* a page the listing fills is full in one column, not half in two */
	ly->frame.page_cols = 1;
	ly->frame.cols = 1;
	ly->frame.colw = ly->frame.w = ly->frame.text_w;
	rc = lay_listing(ly, n);
	ly->frame.cols = ly->frame.page_cols = cols;
	ly->frame.colw = ly->frame.w = colw;
	ly->frame.flow_top = ly->cur.y + ly->cur.pending;
	ly->frame.flow_box = ly->frame.page->n;
	ly->cur.y = ly->frame.flow_top;
	ly->cur.pending = 0;
	return rc;
}

/* Figures and tables deferred to the top of this frame. */
static int place_floats(lay *ly)
{
	text_state t;
	int rc;
	if (ly->floats.n == 0 || ly->floats.placing)
		return 0;
	text_aside(ly, &t);
	rc = lay_flush_floats(ly, 0);
	text_back(ly, &t);
	return rc;
}

/* Turn the frame to landscape (on = 1: one column between the outer
 * margins, the same either way a document runs) or back. */
static void turn_frame(lay *ly, int on)
{
	lay_frame *f = &ly->frame;
	if (on) {
		f->saved_cols = f->cols;
		f->saved_colw = f->colw;
		f->ml = f->mr = f->mo;
		f->cols = 1;
		f->colw = ly->L->page_h - f->ml - f->mr;
	} else {
		/* the next page sets its margins (reframe_page) */
		f->cols = f->saved_cols;
		f->colw = f->saved_colw;
	}
	f->landscape = on;
}

/* The page being filled has ended (its tags closed, its notes set):
 * each wide table waiting opens turned pages of its own, then a new
 * upright page takes up the text. */
static int place_turned(lay *ly)
{
	const gal_node *tt[8];
	int nt = ly->floats.n_turned, rc = 0;
	text_state t;
	memcpy(tt, ly->floats.turned, (size_t)nt * sizeof *tt);
	ly->floats.n_turned = 0;
	text_aside(ly, &t);
	ly->floats.placing = 1;
	for (int i = 0; i < nt && !rc; i++) {
		turn_frame(ly, 1);
		if ((rc = new_page(ly)) != 0)
			break;
		rc = lay_table(ly, tt[i]);
		/* the last turned page ends with its table */
		ly->frame.filled += fmin(ly->cur.y, ly->frame.bottom0) - ly->frame.mt + ly->notes.h;
		lay_notes_flush(ly);
		ly->frame.forced = 1;
		turn_frame(ly, 0);
	}
	ly->floats.placing = 0;
	if (!rc)
		rc = new_page(ly);
	text_back(ly, &t);
	return rc;
}

/* ---- dispatch ---------------------------------------------------------- */

/* Plain text of a subtree, for blocks nested past MAX_BLOCK_DEPTH. */
static int lay_flat(lay *ly, const gal_node *n)
{
	gal_buf b = GAL_BUF_INIT;
	gal_iter it;
	gal_event ev;
	gal_iter_init(&it, n);
	while ((ev = gal_iter_next(&it)) != GAL_EV_DONE) {
		const gal_node *c = gal_iter_node(&it);
		if (ev == GAL_EV_ENTER && c->type == GAL_NODE_TEXT && c->literal) {
			gal_buf_puts(&b, c->literal);
			gal_buf_putc(&b, ' ');
		}
	}
	para_spec s;
	lay_spec_init(&s, ly->cur.part);
	s.prefix = lay_keep_str(ly, gal_buf_detach(&b, NULL));
	if (!s.prefix)
		return 0;
	return lay_para_spec(ly, NULL, &s);
}

/* A section, or a part that is not an article: its heading carries its
 * destination, else the section's first content does. */
static int lay_section(lay *ly, const gal_node *n)
{
	const char *tag = n->type == GAL_NODE_PART ? "Part" : "Sect";
	const gal_node *c = n->first;
	int rc = 0;

	lay_tag_begin(ly, tag);
	if (c && c->type == GAL_NODE_HEADING) {
		rc = lay_heading(ly, c, n->type == GAL_NODE_PART ? 1 : n->level, n->label);
		c = c->next;
	} else if (n->id) {
		lay_dest(ly, n->id, cur_x(ly), ly->cur.y);
	}
	for (; c && !rc; c = c->next)
		rc = lay_block(ly, c);
	lay_tag_end(ly, tag);
	return rc;
}

/* A paragraph of running text. Indented paragraphs follow each other
 * without space; the first after a heading or a block gets the style's
 * space. The next paragraph learns whether this one was body text. */
static int lay_running_para(lay *ly, const gal_node *n)
{
	para_spec s;
	int rc;

	running_spec(ly, &s, ly->cur.after_para);
	if (n->next && n->next->type == GAL_NODE_MATH_BLOCK)
		ly->cur.keep_next = fmax(ly->cur.keep_next, display_keep(ly, n->next));
	rc = lay_para_spec(ly, n, &s);
	ly->cur.after_para = ly->cur.part == GAL_PART_BODY;
	return rc;
}

/* The back matter (notes, references, appendices) set off from the body
 * by a line's space and a hairline across the measure. */
static int lay_back(lay *ly, const gal_node *n)
{
	const gal_textstyle *ts = TS(ly, GAL_PART_BODY);
	double lead = leading_of(ts);
	int rc;

	if (!n->first)
		return 0;
	if (can_move(ly) && ly->cur.y + 2 * lead + 4 * lead > ly->frame.bottom &&
	    (rc = lay_next_frame(ly)) != 0)
		return rc;
	if (!at_top(ly)) {
		ly->cur.y += fmax(ly->cur.pending, lead);
		lay_rule(ly, cur_x(ly), ly->cur.y, cur_w(ly), 0, 0.6,
			 TS(ly, GAL_PART_DATELINE)->rule_color);
		ly->cur.pending = lead;
	}
	ly->cur.after_para = 0;
	return lay_children(ly, n);
}

/* A block out of its usual place (a caption, a term, a cell...): a plain
 * paragraph. */
static int lay_stray(lay *ly, const gal_node *n)
{
	para_spec s;
	lay_spec_init(&s, n->type == GAL_NODE_CAPTION ? GAL_PART_CAPTION : ly->cur.part);
	return lay_para_spec(ly, n, &s);
}

static int lay_kind(lay *ly, const gal_node *n)
{
	switch (n->type) {
	case GAL_NODE_BACK: return lay_back(ly, n);
	case GAL_NODE_DOCUMENT: case GAL_NODE_ITEM:
	case GAL_NODE_TSECTION: case GAL_NODE_TROW:
		return lay_children(ly, n);
	case GAL_NODE_PART:
		return n->part_meta ? lay_article(ly, n) : lay_section(ly, n);
	case GAL_NODE_SECTION: return lay_section(ly, n);
	case GAL_NODE_HEADING: return lay_heading(ly, n, n->level, NULL);
	case GAL_NODE_PARA: return lay_running_para(ly, n);
	case GAL_NODE_BLOCKQUOTE: return lay_quote(ly, n);
	case GAL_NODE_PULLQUOTE: return lay_pullquote(ly, n);
	case GAL_NODE_ASIDE: return lay_aside(ly, n);
	case GAL_NODE_LIST: return lay_list(ly, n);
	case GAL_NODE_FIGURE: return lay_figure(ly, n, NULL);
	case GAL_NODE_TABLE: return lay_table(ly, n);
	case GAL_NODE_REFS: return lay_refs(ly, n);
	case GAL_NODE_SUMMARY: return lay_summary(ly, n, 1);
	case GAL_NODE_PRE: return lay_pre(ly, n);
	case GAL_NODE_HR: return lay_hr(ly);
	case GAL_NODE_MATH_BLOCK: return lay_math_block(ly, n);
	case GAL_NODE_IMAGE:
		/* an image outside a figure: a figure without a caption */
		return lay_figure(ly, NULL, n);
	case GAL_NODE_CAPTION: case GAL_NODE_CREDIT: case GAL_NODE_ATTRIBUTION:
	case GAL_NODE_TERM: case GAL_NODE_TCELL: case GAL_NODE_REF:
	case GAL_NODE_TITLE: case GAL_NODE_SUBTITLE: case GAL_NODE_SOURCE:
		return lay_stray(ly, n);
	case GAL_NODE_TEXT: case GAL_NODE_EMPH: case GAL_NODE_STRONG:
	case GAL_NODE_CODE: case GAL_NODE_SUP: case GAL_NODE_SUB:
	case GAL_NODE_SMALLCAPS: case GAL_NODE_QUOTE: case GAL_NODE_LINK:
	case GAL_NODE_XREF: case GAL_NODE_FOOTNOTE: case GAL_NODE_CITE:
	case GAL_NODE_ABBR: case GAL_NODE_SPAN: case GAL_NODE_LINEBREAK:
	case GAL_NODE_MATH: case GAL_NODE_INLINE_IMAGE: case GAL_NODE_COUNT:
		/* inlines never reach the block walk */
		return 0;
	}
	return 0;
}

int lay_block(lay *ly, const gal_node *n)
{
	int rc;

	if (ly->rc)
		return ly->rc;
	if (ly->cur.depth >= MAX_BLOCK_DEPTH)
		return lay_flat(ly, n);
	ly->cur.depth++;
	rc = lay_kind(ly, n);
	/* only a body paragraph leaves after_para set for the next block */
	if (n->type != GAL_NODE_PARA)
		ly->cur.after_para = 0;
	ly->cur.depth--;
	return rc;
}

/* ---- entry points ------------------------------------------------------- */

/* The cover image on the first page when the style asks for one: as
 * large as the page allows within its narrower margin, centred on the
 * page; the title page follows. */
static int lay_cover(lay *ly)
{
	const gal_meta *m = &ly->doc->meta;
	const gal_image *im = m->cover;
	if (!ly->st->cover_page || !im || im->status != GAL_IMG_OK || im->width <= 0 ||
	    im->height <= 0)
		return 0;
	double pw = ly->frame.page->w, edge = fmin(ly->frame.ml, ly->frame.mr);
	double w = pw - 2 * edge, h = ly->frame.bottom0 - ly->frame.mt;
	double sc = fmin(w / im->width, h / im->height);
	lay_tag_begin(ly, "Figure");
	gal_box *b = lay_box(ly, GAL_BOX_IMAGE);
	b->w = im->width * sc;
	b->h = im->height * sc;
	b->x = (pw - b->w) / 2;
	b->y = ly->frame.mt + (h - b->h) / 2;
	b->image = im;
	b->alt = m->cover_alt ? m->cover_alt : "";
	b->name = "Figure";
	lay_tag_end(ly, "Figure");
	ly->rh.title_page = 2;
	ly->frame.forced = 1;
	ly->frame.col = ly->frame.cols - 1;
	return lay_next_frame(ly);
}

/* Margins (the style's, but never more than a third of the page) and
 * columns. */
static void frame_init(lay_frame *f, const gal_style *st, const gal_layout *L)
{
	f->mi = fmin(st->margin_inner > 0 ? st->margin_inner : 72, L->page_w / 3);
	f->mo = fmin(st->margin_outer > 0 ? st->margin_outer : 72, L->page_w / 3);
	/* the text block centred: a page balanced on screen as in print,
	 * the same on every page, and the same mirrored for a document set
	 * right to left; the difference of the margins is room for what is
	 * wider than the measure (lay_wide_room, on the start side) */
	f->ml = f->mr = (f->mi + f->mo) / 2;
	f->mt = fmin(st->margin_top > 0 ? st->margin_top : 72, L->page_h / 3);
	f->mb = fmin(st->margin_bottom > 0 ? st->margin_bottom : 72, L->page_h / 3);
	f->cols = st->columns == 2 ? 2 : 1;
	f->gap = st->column_gap > 0 ? st->column_gap : 18;
	f->text_w = L->page_w - f->ml - f->mr;
	f->colw = f->cols == 2 ? (f->text_w - f->gap) / 2 : f->text_w;
}

/* One layout of the whole document; `toc` is what its contents print. */
int lay_doc(const gal_doc *doc, const gal_opts *opts, gal_formulas *fx,
	    const lay_toc_state *toc, int bal_page, double bal_h,
	    gal_layout **out, gal_err *err)
{
	lay ly;
	gal_layout *L = NULL;
	int rc;

	*out = NULL;
	memset(&ly, 0, sizeof ly);
	ly.doc = doc;
	ly.opts = opts;
	ly.st = opts->style;
	ly.err = err;
	ly.cur.part = GAL_PART_BODY;
	ly.tags.label_q = -1;
	ly.rh.text = doc->meta.short_title ? doc->meta.short_title : doc->title_text;
	ly.rh.lang = doc->meta.lang;
	ly.rh.title_page = 1;
	ly.labels = &doc->labels;
	if (toc) {
		ly.toc_pages = toc->pages;
		ly.num_digits = toc->digits;
		ly.toc_own_page = toc->own_page;
	}
	ly.frame.bal_page = bal_page;
	ly.frame.bal_h = bal_h;
	ly.notes.placed = g_hash_table_new(g_direct_hash, g_direct_equal);
	ly.notes.made = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, free);
	L = xcalloc(1, sizeof *L);
	L->formulas = gal_formulas_ref(fx);
	ly.fx = fx;
	ly.L = L;
	L->page_w = opts->paper_w > 0 ? opts->paper_w : ly.st->page_w > 0 ? ly.st->page_w : 595.276;
	L->page_h = opts->paper_h > 0 ? opts->paper_h : ly.st->page_h > 0 ? ly.st->page_h : 841.89;
	ly.frame.rtl = doc->root->rtl;
	frame_init(&ly.frame, ly.st, L);

	if ((rc = new_page(&ly)) != 0)
		goto cleanup;
	if (lay_is_collection(doc)) {
		rc = lay_front_pages(&ly);
	} else {
		rc = lay_cover(&ly);
		/* the title block spans the page; the columns start under it */
		ly.frame.w = ly.frame.text_w;
		ly.frame.x0 = ly.frame.ml;
		if (!rc)
			rc = lay_title_block(&ly, &doc->meta, doc->title_text, doc->author_text,
				     NULL, "H1");
		/* the contents under the title block; in one column under
		 * the summaries too long for it, which the columns of two
		 * would hold beside each other */
		if (!rc && toc && ly.frame.cols == 2)
			rc = lay_doc_contents(&ly, 0);
		ly.frame.w = ly.frame.colw;
		ly.frame.x0 = lay_col_x(&ly.frame, ly.frame.col);
		/* the space under the title block is owed, not dropped at the top */
		if (!rc && ly.frame.page == &L->pages[ly.rh.title_page - 1]) {
			ly.cur.y += ly.cur.pending;
			ly.cur.pending = 0;
		}
		ly.frame.flow_top = ly.cur.y;
		ly.frame.flow_box = ly.frame.page->n;
		ly.cur.y = ly.frame.flow_top;
		lay_set_bottom(&ly);
		if (!rc)
			rc = lay_front_rest(&ly);
		if (!rc && toc && ly.frame.cols == 1)
			rc = lay_doc_contents(&ly, 0);
		if (!rc && toc)
			rc = lay_doc_contents(&ly, 1);
	}
	if (!rc)
		rc = lay_block(&ly, doc->root);
	if (!rc && (ly.floats.n || ly.floats.n_turned))
		rc = lay_flush_floats(&ly, 1);
	if (!rc && ly.rc)
		rc = ly.rc;
	if (!rc)
		rc = gal_formulas_status(fx, err);
	if (!rc)
		lay_notes_flush(&ly);
	/* a turned table at the very end leaves an upright page with
	 * nothing on it but its folio */
	if (!rc && L->n_pages > 1 && lay_page_blank(&ly) && ly.notes.n == 0) {
		L->n_pages--;
		free(L->pages[L->n_pages].boxes);
		free(L->pages[L->n_pages].furn);
	}
	/* what the last page's two columns hold, for balancing them */
	if (!rc && ly.frame.cols == 2 && !ly.frame.landscape &&
	    ly.frame.page == &L->pages[L->n_pages - 1]) {
		L->bal_page = ly.frame.page->number;
		L->bal_full = ly.frame.bottom0 - ly.frame.flow_top;
		L->bal_col[0] = (ly.frame.col == 0 ? ly.cur.y : ly.frame.col0_end) - ly.frame.flow_top;
		L->bal_col[1] = ly.frame.col == 0 ? 0 : ly.cur.y - ly.frame.flow_top;
	}

cleanup:
	free(ly.notes.box);
	g_hash_table_destroy(ly.notes.placed);
	g_hash_table_destroy(ly.notes.made);
	if (rc) {
		gal_layout_free(L);
		return rc;
	}
	*out = L;
	return 0;
}

/* Two columns on the last page end level, or as nearly as whole lines
 * allow, instead of a full first column beside a short second. The
 * layout is made again with the columns of that page cut to half of what
 * they hold, then a line longer at a time, until everything fits on as
 * many pages as before; the page builder keeps its own rules (widows,
 * orphans, headings with what follows) in the shorter columns. */
static void balance_last_page(const gal_doc *doc, const gal_opts *opts, gal_formulas *fx,
			      const lay_toc_state *toc, gal_layout **L)
{
	const gal_layout *first = *L;
	double lead = leading_of(&opts->style->part[GAL_PART_BODY]);
	double used = first->bal_col[0] + first->bal_col[1];
	/* already even: the second column within a line of the first */
	if (!first->bal_page || used <= 2 * lead || used > 2 * first->bal_full ||
	    fabs(first->bal_col[0] - first->bal_col[1]) <= lead)
		return;
	double h = ceil(used / 2 / lead) * lead;
	gal_layout *best = NULL;
	for (int tries = 0; tries < 8 && h < first->bal_full; tries++, h += lead) {
		gal_layout *again = NULL;
		gal_err e = { 0 };
		if (lay_doc(doc, opts, fx, toc, first->bal_page, h + 0.5, &again, &e))
			break;
		/* as many pages, and no heading left behind or page left
		 * short that the first layout did not have */
		if (again->n_pages != first->n_pages ||
		    again->stranded_heads > first->stranded_heads ||
		    again->short_pages > first->short_pages ||
		    (best && fabs(again->bal_col[0] - again->bal_col[1]) >=
			     fabs(best->bal_col[0] - best->bal_col[1]))) {
			gal_layout_free(again);
			continue;
		}
		gal_layout_free(best);
		best = again;
		if (fabs(best->bal_col[0] - best->bal_col[1]) <= lead)
			break;
	}
	if (best && fabs(best->bal_col[0] - best->bal_col[1]) <
		    fabs(first->bal_col[0] - first->bal_col[1])) {
		best->balanced = 1;
		gal_layout_free(*L);
		*L = best;
	} else {
		gal_layout_free(best);
	}
}

int gal_layout_doc(const gal_doc *doc, const gal_opts *opts, gal_layout **out,
		   gal_err *err)
{
	lay_toc_state toc = { 0 };
	int contents, rc;

	*out = NULL;
	if ((rc = gal_fonts_init(err)) != 0)
		return rc;
	if (!opts || !opts->style)
		return gal_err_set(err, GAL_E_INTERNAL, NULL, 0, 0, "no style to lay out with");
	gal_formulas *fx = gal_formulas_new(doc, opts);
	contents = lay_has_contents(doc, opts->style);
	if (contents)
		rc = lay_contents(doc, opts, fx, out, &toc, err);
	else
		rc = lay_doc(doc, opts, fx, NULL, 0, 0, out, err);
	if (!rc)
		balance_last_page(doc, opts, fx, contents ? &toc : NULL, out);
	gal_formulas_unref(fx);
	free(toc.pages);
	return rc;
}
