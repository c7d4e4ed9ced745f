/* Tables, in four stages: the grid (cells to rows and columns, with their
 * spans), the columns (whether the table needs turned pages, and the
 * width of each column), the cells (each broken at its columns' width)
 * and the placement (rows down the frames, the header rows repeated
 * after a break). One row emitter sets body rows and repeated header
 * rows alike. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "pdf/layout.h"

#define MAX_TABLE_COLS 64

typedef struct tcell {
	const gal_node *n;
	int row, col, cs, rs;
	gal_para *p;
	gal_line *lines;
	size_t nl;
	double h;
	int header;
	double minw, maxw;
	/* a figure: the byte its decimal point (or the end of its whole
	 * part) stands at, -1 for text; the widths on either side */
	int anchor;
	double intw, fracw;
	double dx;         /* where its lines start within the cell */
} tcell;

typedef struct trow {
	const gal_node *n;
	int head;          /* in thead */
	int foot;          /* in tfoot */
	double h;
} trow;

/* A table as its stages build it. */
typedef struct table {
	const gal_node *n;
	const gal_node *caption;
	const gal_textstyle *ts;     /* the table style */
	tcell *cells;
	size_t n_cells, cap_cells;
	trow *rows;
	size_t n_rows;
	size_t n_head;               /* the head's rows, first in rows[] */
	int n_cols;
	double W;                    /* the table's width: the measure, or
				      * more where the margin has room */
	double W0;                   /* the measure it was made for */
	int measured;                /* columns and cells made at W0 */
	double pad;                  /* cell padding, pt */
	double colw[MAX_TABLE_COLS];
	/* columns of figures: aligned on their decimal points, the block of
	 * them placed as the column's cells ask (right by default) */
	int numeric[MAX_TABLE_COLS];
	int nalign[MAX_TABLE_COLS];
	double bint[MAX_TABLE_COLS], bfrac[MAX_TABLE_COLS];
} table;

/* ---- grid: cells to rows and columns ------------------------------------ */

static tcell *new_cell(table *t)
{
	if (t->n_cells == t->cap_cells) {
		t->cap_cells = t->cap_cells ? 2 * t->cap_cells : 32;
		t->cells = xrealloc(t->cells, t->cap_cells * sizeof *t->cells);
	}
	tcell *c = &t->cells[t->n_cells++];
	memset(c, 0, sizeof *c);
	return c;
}

/* One row: its cells take the first columns that no rowspan from above
 * still covers (`cover`: rows still covered in each column). */
static void grid_row(table *t, const gal_node *r, int sec, int *cover)
{
	int col = 0, head = sec == GAL_TSEC_HEAD;

	t->rows = xrealloc(t->rows, (t->n_rows + 1) * sizeof *t->rows);
	t->rows[t->n_rows].n = r;
	t->rows[t->n_rows].head = head;
	t->rows[t->n_rows].foot = sec == GAL_TSEC_FOOT;
	t->rows[t->n_rows].h = 0;
	for (const gal_node *d = r->first; d; d = d->next) {
		if (d->type != GAL_NODE_TCELL)
			continue;
		while (col < MAX_TABLE_COLS && cover[col] > 0)
			col++;
		if (col >= MAX_TABLE_COLS)
			break;
		int cs = d->colspan > 0 ? d->colspan : 1;
		int rs = d->rowspan > 0 ? d->rowspan : 1;
		if (col + cs > MAX_TABLE_COLS)
			cs = MAX_TABLE_COLS - col;
		tcell *c = new_cell(t);
		c->n = d;
		c->row = (int)t->n_rows;
		c->col = col;
		c->cs = cs;
		c->rs = rs;
		c->header = d->header || head;
		for (int k = 0; k < cs; k++)
			cover[col + k] = rs;
		col += cs;
		if (col > t->n_cols)
			t->n_cols = col;
	}
	for (int k = 0; k < MAX_TABLE_COLS; k++)
		if (cover[k] > 0)
			cover[k]--;
	t->n_rows++;
}

static void table_grid(table *t)
{
	int cover[MAX_TABLE_COLS];

	for (const gal_node *c = t->n->first; c; c = c->next) {
		if (c->type == GAL_NODE_CAPTION)
			t->caption = c;
		if (c->type != GAL_NODE_TSECTION)
			continue;
		/* a row group starts a new grid: rowspans end with their
		 * group, as in HTML's table model */
		size_t group_cell = t->n_cells;
		memset(cover, 0, sizeof cover);
		for (const gal_node *r = c->first; r; r = r->next)
			if (r->type == GAL_NODE_TROW)
				grid_row(t, r, c->tsection, cover);
		for (size_t i = group_cell; i < t->n_cells; i++)
			if (t->cells[i].row + t->cells[i].rs > (int)t->n_rows)
				t->cells[i].rs = (int)t->n_rows - t->cells[i].row;
	}
	while (t->n_head < t->n_rows && t->rows[t->n_head].head)
		t->n_head++;
}

/* ---- columns: turned pages or not, and their widths --------------------- */

/* The table style's size, and the smallest share of it a table too wide
 * for the measure may be set at (the style's min-size, else 80%). */
static double table_size(const gal_textstyle *ts)
{
	return ts->size > 0 ? ts->size : 9;
}

static double table_floor_scale(const gal_textstyle *ts)
{
	double size = table_size(ts);
	return (ts->min_size > 0 && ts->min_size < size ? ts->min_size : size * 0.8) / size;
}

/* ---- figures: columns aligned on the decimal point ----------------------- */

/* The signs a figure may start with: + - − ± < > ≤ ≥ ~ ≈. */
static int sign_len(const char *t)
{
	static const char *const signs[] = { "+", "-", "\xe2\x88\x92", "\xc2\xb1", "<", ">",
		"\xe2\x89\xa4", "\xe2\x89\xa5", "~", "\xe2\x89\x88", NULL };
	for (size_t k = 0; signs[k]; k++)
		if (!strncmp(t, signs[k], strlen(signs[k])))
			return (int)strlen(signs[k]);
	return 0;
}

/* Languages that write a decimal comma (0,8052) and group thousands
 * with a point or a space. */
static int decimal_comma(const char *lang)
{
	static const char *const langs[] = { "de", "fr", "es", "it", "pt", "nl", "ru", "pl",
		"cs", "sk", "sv", "da", "fi", "nb", "nn", "no", "tr", "ro", "hu", "uk", "el",
		"ca", "hr", "sl", "sr", "bg", "id", NULL };
	for (size_t k = 0; lang && langs[k]; k++)
		if (!strncasecmp(lang, langs[k], 2) && !g_ascii_isalpha(lang[2]))
			return 1;
	return 0;
}

/* Where the decimal point (a comma in `comma` languages) of the figure
 * that opens text t stands, or the end of its whole part ("255(30.7)"
 * aligns on "255"); -1 when t is not a figure: a sign, digits with
 * thousands separators, a point and more digits, and after it at most a
 * few letters ("9.30E-05", "12 kg", "0.46(0.40,0.52)*"), on one line. */
static int figure_anchor(const char *t, int len, int comma)
{
	int i = 0, digits = 0, anchor, letters = 0;
	char group = comma ? '.' : ',';
	while (i < len && t[i] == ' ')
		i++;
	i += sign_len(t + i);
	while (i < len && (g_ascii_isdigit(t[i]) ||
			   (t[i] == group && digits > 0 && i + 3 < len + 1 &&
			    g_ascii_isdigit(t[i + 1]))))
		digits += g_ascii_isdigit(t[i++]) ? 1 : 0;
	if (digits == 0)
		return -1;
	anchor = i;
	for (const char *q = t + i; q < t + len; q = g_utf8_next_char(q)) {
		gunichar c = g_utf8_get_char(q);
		if (c == 0x2028)
			return -1;
		letters += g_unichar_isalpha(c) ? 1 : 0;
	}
	return letters > 4 ? -1 : anchor;
}

/* The figures of each column: a column whose body cells are mostly
 * figures is aligned on their decimal points. Needs the cells'
 * paragraphs. */
static void table_figures(table *t, double pad, double *minw, double *maxw)
{
	int figs[MAX_TABLE_COLS] = { 0 }, texts[MAX_TABLE_COLS] = { 0 };
	int right[MAX_TABLE_COLS] = { 0 }, left[MAX_TABLE_COLS] = { 0 };
	int center[MAX_TABLE_COLS] = { 0 };

	memset(t->bint, 0, sizeof t->bint);
	memset(t->bfrac, 0, sizeof t->bfrac);
	for (size_t i = 0; i < t->n_cells; i++) {
		tcell *c = &t->cells[i];
		const gal_para *p = c->p;
		c->anchor = -1;
		if (c->header || c->cs != 1 || p->len == 0)
			continue;
		int a = figure_anchor(p->text, p->len, decimal_comma(c->n->eff_lang));
		if (a < 0) {
			texts[c->col]++;
			continue;
		}
		figs[c->col]++;
		right[c->col] += c->n->align == GAL_ALIGN_RIGHT;
		left[c->col] += c->n->align == GAL_ALIGN_LEFT;
		center[c->col] += c->n->align == GAL_ALIGN_CENTER;
		c->anchor = a;
		c->intw = (p->adv[a] - p->adv[0]) / (double)PANGO_SCALE;
		c->fracw = (p->adv[p->len] - p->adv[a]) / (double)PANGO_SCALE;
	}
	for (int k = 0; k < t->n_cols; k++) {
		t->numeric[k] = figs[k] >= 2 && figs[k] * 2 > (figs[k] + texts[k]) * 1;
		t->nalign[k] = left[k] > right[k] + center[k] ? GAL_ALIGN_LEFT :
			       center[k] > right[k] + left[k] ? GAL_ALIGN_CENTER : GAL_ALIGN_RIGHT;
	}
	for (size_t i = 0; i < t->n_cells; i++) {
		tcell *c = &t->cells[i];
		if (c->anchor < 0)
			continue;
		if (!t->numeric[c->col]) {
			c->anchor = -1;
			continue;
		}
		t->bint[c->col] = fmax(t->bint[c->col], c->intw);
		t->bfrac[c->col] = fmax(t->bfrac[c->col], c->fracw);
	}
	/* the block of figures is wider than any one of them */
	for (int k = 0; k < t->n_cols; k++) {
		if (!t->numeric[k])
			continue;
		double block = t->bint[k] + t->bfrac[k] + 2 * pad;
		minw[k] = fmax(minw[k], block);
		maxw[k] = fmax(maxw[k], block);
	}
}

/* Minimum and natural column widths of a table set at `scale` of the
 * table style with `pad` points of cell padding, and the natural widths
 * of the body's cells (`bodyw`: header text may wrap, figures and row
 * labels should not): each cell's paragraph is made (c->p) and
 * measured; spanning cells widen their columns evenly where they need
 * to. */
static void table_widths(lay *ly, table *t, double scale, double pad, double *minw,
			 double *maxw, double *bodyw, double *smin, double *smax)
{
	memset(minw, 0, MAX_TABLE_COLS * sizeof *minw);
	memset(maxw, 0, MAX_TABLE_COLS * sizeof *maxw);
	memset(bodyw, 0, MAX_TABLE_COLS * sizeof *bodyw);
	for (size_t i = 0; i < t->n_cells; i++) {
		tcell *c = &t->cells[i];
		para_spec s;
		lay_spec_init(&s, GAL_PART_TABLE);
		s.bold = c->header;
		s.size_scale = scale;
		c->p = lay_make_para(ly, c->n, &s);
		gal_para_extents(c->p, &c->minw, &c->maxw);
		c->minw += 2 * pad;
		c->maxw += 2 * pad;
		if (c->cs == 1) {
			minw[c->col] = fmax(minw[c->col], c->minw);
			maxw[c->col] = fmax(maxw[c->col], c->maxw);
			if (!c->header)
				bodyw[c->col] = fmax(bodyw[c->col], c->maxw);
		}
	}
	table_figures(t, pad, minw, maxw);
	for (int k = 0; k < t->n_cols; k++)
		bodyw[k] = fmin(fmax(bodyw[k], minw[k]), fmax(maxw[k], minw[k]));
	for (size_t i = 0; i < t->n_cells; i++) {
		const tcell *c = &t->cells[i];
		if (c->cs == 1)
			continue;
		double sm = 0, sx = 0;
		for (int k = 0; k < c->cs; k++) {
			sm += minw[c->col + k];
			sx += maxw[c->col + k];
		}
		for (int k = 0; k < c->cs; k++) {
			if (c->minw > sm)
				minw[c->col + k] += (c->minw - sm) / c->cs;
			if (c->maxw > sx)
				maxw[c->col + k] += (c->maxw - sx) / c->cs;
		}
	}
	*smin = *smax = 0;
	for (int k = 0; k < t->n_cols; k++) {
		if (minw[k] < 2 * pad + 2)
			minw[k] = 2 * pad + 2;
		if (maxw[k] < minw[k])
			maxw[k] = minw[k];
		*smin += minw[k];
		*smax += maxw[k];
	}
}

/* Too wide for the measure even at the smallest table type the style
 * allows: the table gets turned pages of its own. */
static int needs_turning(lay *ly, table *t)
{
	double mn[MAX_TABLE_COLS], mx[MAX_TABLE_COLS], bw[MAX_TABLE_COLS], smin, smax;

	if (ly->frame.landscape || t->n_cols <= 1 || ly->floats.placing)
		return 0;
	table_widths(ly, t, table_floor_scale(t->ts), 2, mn, mx, bw, &smin, &smax);
	double turned = ly->L->page_h - 2 * ly->frame.mr;
	double w = cur_w(ly) + lay_wide_room(ly);
	return smin > w && turned > w * 1.2;
}

/* Column widths from the cells' natural widths; a table too wide for
 * the measure sets its type smaller, down to the style's min-size (and
 * where it could not turn, smaller still, never by breaking its words
 * and figures). Each column first gets room for its body on one line
 * (the figures, the row labels of the first column), then what is left
 * goes to the header text. A table wider than the measure first takes
 * what the left margin leaves (lay_wide_room). */
static void table_columns(lay *ly, table *t)
{
	double minw[MAX_TABLE_COLS], maxw[MAX_TABLE_COLS], bodyw[MAX_TABLE_COLS];
	double smin = 0, smax = 0, sbody = 0, scale = 1, W = t->W;
	double size = table_size(t->ts);

	table_widths(ly, t, scale, t->pad, minw, maxw, bodyw, &smin, &smax);
	if (smax > W) {
		/* wider than the measure: into the margin it leaves */
		W += fmin(smax - W, lay_wide_room(ly));
		t->W = W;
	}
	for (int pass = 0; pass < 3 && smin > W && scale * size > 3; pass++) {
		scale = fmax(pass == 0 ? table_floor_scale(t->ts) : 3 / size,
			     scale * W / smin * 0.98);
		t->pad = 2;   /* tighter cells too */
		table_widths(ly, t, scale, t->pad, minw, maxw, bodyw, &smin, &smax);
	}
	for (int k = 0; k < t->n_cols; k++)
		sbody += bodyw[k];
	for (int k = 0; k < t->n_cols; k++) {
		if (smax <= W)
			t->colw[k] = maxw[k] + (W - smax) * maxw[k] / smax;
		else if (smin >= W)
			t->colw[k] = W * minw[k] / smin;  /* words will be split */
		else if (sbody <= W && smax > sbody)
			t->colw[k] = bodyw[k] + (W - sbody) * (maxw[k] - bodyw[k]) / (smax - sbody);
		else if (sbody > smin)
			t->colw[k] = minw[k] + (W - smin) * (bodyw[k] - minw[k]) / (sbody - smin);
		else
			t->colw[k] = minw[k] + (W - smin) / t->n_cols;
	}
}

/* ---- cells: each broken at its columns' width ---------------------------- */

static int cell_align(const table *t, const tcell *c)
{
	int al = c->n->align;
	if (!al && c->header && c->cs == 1 && t->numeric[c->col]) {
		/* a heading over a column of figures aligns with them */
		al = t->nalign[c->col];
	} else if (!al && c->header) {
		/* a heading over right-aligned text aligns with it */
		for (size_t k = 0; k < t->n_cells; k++)
			if (!t->cells[k].header && t->cells[k].col == c->col &&
			    t->cells[k].cs == c->cs) {
				al = t->cells[k].n->align;
				break;
			}
	}
	if (!al || al == GAL_ALIGN_JUSTIFY)
		al = GAL_ALIGN_LEFT;
	return al;
}

/* Where a figure's lines start in its cell of content width w: its
 * decimal point under the column's, the block of figures placed as the
 * column asks. */
static double figure_dx(const table *t, const tcell *c, double w)
{
	double block = t->bint[c->col] + t->bfrac[c->col];
	int al = t->nalign[c->col];
	double x = al == GAL_ALIGN_RIGHT ? w - block : al == GAL_ALIGN_CENTER ? (w - block) / 2 : 0;
	return fmax(0, x + t->bint[c->col] - c->intw);
}

/* The cells' lines and the rows' heights: a row is as tall as its
 * tallest cell, and a cell spanning rows lengthens the last of them. */
static void table_cells(lay *ly, table *t)
{
	for (size_t i = 0; i < t->n_cells; i++) {
		tcell *c = &t->cells[i];
		double w = -2 * t->pad;
		for (int k = 0; k < c->cs; k++)
			w += t->colw[c->col + k];
		if (w < 1)
			w = 1;
		if (c->anchor >= 0) {
			c->dx = figure_dx(t, c, w);
			c->lines = lay_lines(ly, c->p, &w, 1, GAL_ALIGN_FLUSH_LEFT, &c->nl);
		} else {
			c->dx = 0;
			c->lines = lay_lines(ly, c->p, &w, 1, cell_align(t, c), &c->nl);
		}
		c->h = 2 * t->pad;
		for (size_t k = 0; k < c->nl; k++)
			c->h += c->lines[k].height;
		if (c->rs == 1 && c->h > t->rows[c->row].h)
			t->rows[c->row].h = c->h;
	}
	for (size_t i = 0; i < t->n_cells; i++) {
		const tcell *c = &t->cells[i];
		if (c->rs <= 1)
			continue;
		double sum = 0;
		for (int r = 0; r < c->rs; r++)
			sum += t->rows[c->row + r].h;
		if (c->h > sum)
			t->rows[c->row + c->rs - 1].h += c->h - sum;
	}
}

/* ---- placement: rows down the frames ------------------------------------- */

/* The head rows a heading stands over: those it spans, and those under
 * it where the source left the cells empty rather than span them. */
static int head_rows_of(const table *t, const tcell *c)
{
	int end = c->row + c->rs;
	while (end < (int)t->n_head) {
		const tcell *below = NULL;
		for (size_t i = 0; i < t->n_cells && !below; i++)
			if (t->cells[i].row == end && t->cells[i].col == c->col)
				below = &t->cells[i];
		if (!below || below->cs != c->cs || below->p->len > 0)
			break;
		end += below->rs;
	}
	return end - c->row;
}

/* The left edge of cell c in a table whose left edge is x: a table set
 * right to left has its first column at the right. */
static double cell_x(const table *t, const tcell *c, double x)
{
	double cx = x;
	for (int k = 0; k < c->col; k++)
		cx += t->colw[k];
	if (t->n->rtl) {
		double w = 0;
		for (int k = 0; k < c->cs && c->col + k < t->n_cols; k++)
			w += t->colw[c->col + k];
		cx = 2 * x + t->W - cx - w;
	}
	return cx;
}

/* A rule under columns from x0 (counted from the left as if the
 * table ran left to right) w wide. */
static void col_rule(lay *ly, const table *t, double x, double x0, double w, double lw)
{
	if (t->n->rtl)
		x0 = 2 * x + t->W - x0 - w;
	lay_rule(ly, x0, ly->cur.y, w, 0, lw, t->ts->rule_color);
}

/* Row `rr` at ly->cur.y, the table's left edge at x. A header row repeated
 * after a break (`again`) sets no destinations (they name the first
 * place). The head keeps its tint; its cells sit at the foot of the rows
 * they span, over the figures they name. */
static void emit_row(lay *ly, const table *t, size_t rr, double x, int again)
{
	const gal_textstyle *ts = t->ts;

	lay_tag_begin(ly, "TR");
	if (t->rows[rr].head && ts->background != GAL_COLOR_NONE && ts->background != 0) {
		gal_box *bg = lay_box(ly, GAL_BOX_RECT);
		bg->x = x;
		bg->y = ly->cur.y;
		bg->w = t->W;
		bg->h = t->rows[rr].h;
		bg->fill = ts->background;
	}
	for (size_t i = 0; i < t->n_cells; i++) {
		const tcell *c = &t->cells[i];
		if (c->row != (int)rr)
			continue;
		double cx = cell_x(t, c, x);
		const char *tg = c->header ? "TH" : "TD";
		lay_tag_begin(ly, tg);
		if (!again && c->n->id)
			lay_dest(ly, c->n->id, cx, ly->cur.y);
		double yl = ly->cur.y + t->pad;
		if (t->rows[rr].head) {
			double span = 0;
			for (int r = 0, n = head_rows_of(t, c); r < n; r++)
				span += t->rows[rr + (size_t)r].h;
			yl += fmax(0, span - c->h);
		}
		for (size_t k = 0; k < c->nl; k++) {
			lay_emit_line(ly, 0, c->p, &c->lines[k], cx + t->pad + c->dx,
				      yl + gal_line_base(c->p, &c->lines[k]), ts->color);
			yl += c->lines[k].height;
		}
		lay_tag_end(ly, tg);
	}
	ly->cur.y += t->rows[rr].h;
	lay_tag_end(ly, "TR");
}

/* The rule under row `rr`, broken where a cell spans on into the next
 * row (it would cross that cell's text). */
static void row_rule(lay *ly, const table *t, size_t rr, double x, double lw)
{
	int spanned[MAX_TABLE_COLS] = { 0 };

	for (size_t i = 0; i < t->n_cells; i++) {
		const tcell *c = &t->cells[i];
		if (c->row <= (int)rr && c->row + c->rs - 1 > (int)rr)
			for (int k = 0; k < c->cs && c->col + k < t->n_cols; k++)
				spanned[c->col + k] = 1;
	}
	double x0 = x, w = 0;
	for (int k = 0; k < t->n_cols; k++) {
		if (spanned[k]) {
			if (w > 0)
				col_rule(ly, t, x, x0, w, lw);
			x0 += w + t->colw[k];
			w = 0;
		} else {
			w += t->colw[k];
		}
	}
	if (w > 0)
		col_rule(ly, t, x, x0, w, lw);
}

/* The end of the group of rows from r: rows tied by rowspans go
 * together. */
static size_t group_end(const table *t, size_t r)
{
	size_t end = r + 1;
	for (size_t i = 0; i < t->n_cells; i++) {
		const tcell *c = &t->cells[i];
		if (c->row >= (int)r && c->row < (int)end && (size_t)(c->row + c->rs) > end)
			end = (size_t)(c->row + c->rs);
	}
	return end;
}

/* The height the notes called from rows [r, end) would add to this
 * frame. */
static double group_notes_h(lay *ly, const table *t, size_t r, size_t end)
{
	notebox made[32];
	size_t n_made = 0;
	double nh = 0;
	for (size_t i = 0; i < t->n_cells; i++) {
		const tcell *c = &t->cells[i];
		if (c->row >= (int)r && c->row < (int)end)
			for (size_t k = 0; k < c->nl; k++)
				nh += lay_notes_need(ly, &c->lines[k], made, &n_made);
	}
	return nh;
}

static void group_take_notes(lay *ly, const table *t, size_t r, size_t end)
{
	for (size_t i = 0; i < t->n_cells; i++) {
		const tcell *c = &t->cells[i];
		if (c->row >= (int)r && c->row < (int)end)
			for (size_t k = 0; k < c->nl; k++)
				lay_notes_take(ly, &c->lines[k]);
	}
}

/* Rule weights, as booktabs has them: heavy above and below the table,
 * light under the head and above the foot, lighter under a heading that
 * spans columns (only as wide as it), a hairline between body rows when
 * the style asks. */
#define RULE_TOP 0.8
#define RULE_MID 0.5
#define RULE_CMID 0.4
#define RULE_ROW 0.25

/* Under a head row that is not the last: a rule under each heading that
 * spans columns, trimmed at its ends so that neighbours stay apart. */
static void head_cmid(lay *ly, const table *t, size_t rr, double x)
{
	for (size_t i = 0; i < t->n_cells; i++) {
		const tcell *c = &t->cells[i];
		if (c->row != (int)rr || c->cs < 2 || c->row + c->rs - 1 != (int)rr)
			continue;
		double cx = cell_x(t, c, x), w = 0;
		for (int k = 0; k < c->cs; k++)
			w += t->colw[c->col + k];
		lay_rule(ly, cx + t->pad, ly->cur.y, w - 2 * t->pad, 0, RULE_CMID,
			 t->ts->rule_color);
	}
}

/* The rule under row rr, when one goes there. */
static void rule_under(lay *ly, const table *t, size_t rr, double x)
{
	if (rr + 1 == t->n_head)
		lay_rule(ly, x, ly->cur.y, t->W, 0, RULE_MID, t->ts->rule_color);
	else if (rr + 1 < t->n_head)
		head_cmid(ly, t, rr, x);
	else if (rr + 1 < t->n_rows && t->rows[rr + 1].foot && !t->rows[rr].foot)
		lay_rule(ly, x, ly->cur.y, t->W, 0, RULE_MID, t->ts->rule_color);
	else if (rr + 1 < t->n_rows && t->ts->row_rules)
		row_rule(ly, t, rr, x, RULE_ROW);
}

/* "Table 2 (continued)" over the head set again on the next frame: the
 * label in bold, as the caption has it. */
static void continued_label(lay *ly, const table *t, double x)
{
	const char *label = t->n->label;
	const char *more = ly->labels && ly->labels->continued ? ly->labels->continued :
			   "(continued)";
	if (!label || !*label)
		return;
	size_t ll = strlen(label);
	while (ll && strchr(".:", label[ll - 1]))
		ll--;
	char *text = xmalloc(ll + strlen(more) + 2);
	sprintf(text, "%.*s %s", (int)ll, label, more);
	para_spec s;
	lay_spec_init(&s, GAL_PART_CAPTION);
	s.prefix = lay_keep_str(ly, text);
	gal_para *p = lay_make_para(ly, NULL, &s);
	PangoAttribute *a = pango_attr_weight_new(PANGO_WEIGHT_BOLD);
	a->start_index = 0;
	a->end_index = (guint)ll;
	pango_attr_list_change(p->attrs, a);
	gal_para_reshape(p);
	size_t n;
	gal_line *ln = lay_lines(ly, p, &t->W, 1, GAL_ALIGN_LEFT, &n);
	lay_tag_begin(ly, "Caption");
	for (size_t i = 0; i < n; i++) {
		lay_emit_line(ly, 0, p, &ln[i], x, ly->cur.y + gal_line_base(p, &ln[i]),
			      TS(ly, GAL_PART_CAPTION)->color);
		ly->cur.y += ln[i].height;
	}
	lay_tag_end(ly, "Caption");
	ly->cur.y += 4;
}

/* Rows down the frames, a group at a time: a group that does not fit
 * (with its notes, and a header with the first body row) goes to the
 * next frame, where the header rows are set again, under "Table n
 * (continued)", when they take less than half of it. */
static int table_rows(lay *ly, const table *t)
{
	const gal_textstyle *ts = t->ts;
	double x = lay_wide_x(ly, t->W), head_h = 0;
	size_t r = 0;
	int repeating = 0, rc = 0;

	for (size_t k = 0; k < t->n_head; k++)
		head_h += t->rows[k].h;
	lay_apply_pending(ly);
	lay_rule(ly, x, ly->cur.y, t->W, 0, RULE_TOP, ts->rule_color);
	while (r < t->n_rows && !rc) {
		x = lay_wide_x(ly, t->W);   /* it may have moved to another column */
		size_t end = group_end(t, r);
		double gh = 0;
		for (size_t k = r; k < end; k++)
			gh += t->rows[k].h;
		double nh = group_notes_h(ly, t, r, end);
		/* a header row stays with the rest of the head and the first
		 * body row (with the rows its cells span) */
		double keep = 0;
		if (r < t->n_head && t->n_head < t->n_rows)
			for (size_t k = end, e1 = group_end(t, t->n_head); k < e1; k++)
				keep += t->rows[k].h;
		if (ly->cur.y + gh + nh + keep > ly->frame.bottom && !at_top(ly) && !repeating) {
			lay_rule(ly, x, ly->cur.y, t->W, 0, RULE_MID, ts->rule_color);
			if ((rc = lay_next_frame(ly)) != 0)
				break;
			x = lay_wide_x(ly, t->W);
			if (r >= t->n_head && t->n_head > 0 &&
			    head_h < (ly->frame.bottom - ly->cur.y) / 2) {
				repeating = 1;
				continued_label(ly, t, x);
				lay_rule(ly, x, ly->cur.y, t->W, 0, RULE_TOP, ts->rule_color);
				for (size_t hr = 0; hr < t->n_head; hr++) {
					emit_row(ly, t, hr, x, 1);
					rule_under(ly, t, hr, x);
				}
			}
			continue;
		}
		repeating = 0;
		group_take_notes(ly, t, r, end);
		for (size_t rr = r; rr < end; rr++) {
			emit_row(ly, t, rr, x, 0);
			rule_under(ly, t, rr, x);
		}
		r = end;
	}
	lay_rule(ly, lay_wide_x(ly, t->W), ly->cur.y, t->W, 0, RULE_TOP, ts->rule_color);
	return rc;
}

/* ---- the table ----------------------------------------------------------- */

/* The table's tag, its destination and its caption, which stays with the
 * head of the table; the measure is taken here. */
static int table_open(lay *ly, table *t)
{
	const gal_textstyle *cap = TS(ly, GAL_PART_CAPTION);
	const gal_node *n = t->n;
	int rc = 0;

	ly->cur.pending = fmax(ly->cur.pending, fmax(t->ts->space_before,
					     leading_of(TS(ly, GAL_PART_BODY))));
	lay_tag_begin(ly, "Table");
	if (n->id)
		lay_dest(ly, n->id, lay_wide_x(ly, t->W), ly->cur.y + ly->cur.pending);
	if (!t->caption && !n->label)
		return 0;
	gal_para *cp = lay_caption(ly, n->label, t->caption);
	size_t ncl;
	gal_line *cl = lay_lines(ly, cp, &t->W, 1, GAL_ALIGN_LEFT, &ncl);
	double ch = 0;
	for (size_t i = 0; i < ncl; i++)
		ch += cl[i].height;
	/* the caption stays with the head and the first body row */
	double head = 0;
	for (size_t k = 0, e = t->n_head < t->n_rows ? group_end(t, t->n_head) : t->n_rows;
	     k < e; k++)
		head += t->rows[k].h;
	ly->cur.pending = fmax(ly->cur.pending, cap->space_before);
	if (!at_top(ly) && ly->cur.y + ly->cur.pending + ch +
			   fmax(head, 4 * leading_of(t->ts)) > ly->frame.bottom)
		rc = lay_next_frame(ly);
	if (!rc) {
		lay_tag_begin(ly, "Caption");
		rc = lay_place_lines(ly, cp, cl, ncl, lay_wide_x(ly, t->W), cap->color, 0, 0);
		lay_tag_end(ly, "Caption");
		ly->cur.pending = 4;
	}
	return rc;
}

/* Columns and cells made at the current measure. */
static void table_measure(lay *ly, table *t)
{
	t->W = t->W0 = cur_w(ly);
	table_columns(ly, t);
	table_cells(ly, t);
	t->measured = 1;
}

/* The table made at the current measure: whether it waits for the top
 * of the next frame (lay_float_wait) rather than start here; it keeps
 * its caption, head and first three rows together. */
static int table_waits(lay *ly, table *t)
{
	double before = fmax(t->ts->space_before, leading_of(TS(ly, GAL_PART_BODY)));
	double first = fmax(before - ly->cur.pending, 0), whole;
	table_measure(ly, t);
	if (t->caption || t->n->label) {
		size_t ncl;
		gal_para *cp = lay_caption(ly, t->n->label, t->caption);
		gal_line *cl = lay_lines(ly, cp, &t->W, 1, GAL_ALIGN_LEFT, &ncl);
		for (size_t i = 0; i < ncl; i++)
			first += cl[i].height;
		first += 4;
	}
	whole = first;
	for (size_t r = 0; r < t->n_rows; r++) {
		whole += t->rows[r].h;
		if (r < t->n_head + 3)
			first = whole;
	}
	return lay_float_wait(ly, t->n, first, whole);
}

static int set_table(lay *ly, table *t)
{
	if (!t->measured || t->W0 != cur_w(ly))
		table_measure(ly, t);
	int rc = table_open(ly, t);

	if (t->n_cols > 0 && !rc)
		rc = table_rows(ly, t);
	/* table notes: the blocks after the sections, in the footnote style */
	gal_part saved = ly->cur.part;
	ly->cur.part = GAL_PART_FOOTNOTE;
	ly->cur.pending = 4;
	for (const gal_node *c = t->n->first; c && !rc; c = c->next)
		if (c->type != GAL_NODE_CAPTION && c->type != GAL_NODE_TSECTION)
			rc = lay_block(ly, c);
	ly->cur.part = saved;
	lay_tag_end(ly, "Table");
	ly->cur.pending = fmax(t->ts->space_after, leading_of(TS(ly, GAL_PART_BODY)));
	ly->cur.after_para = 0;
	return rc;
}

/* A box the table stands in, while the table is on turned pages: where
 * it was and how it was drawn. */
typedef struct held_box {
	deco d;
	uint32_t fill, color;
	double lw;
} held_box;

/* The boxes open around the table end here (their tint and rule as far
 * as the text went) ... */
static int boxes_close(lay *ly, held_box *held)
{
	int n = ly->cur.n_decos;
	for (int i = 0; i < n; i++) {
		const deco *d = &ly->cur.decos[i];
		gal_box *b = &ly->frame.page->boxes[d->at];
		b->h = fmax(0, ly->cur.y + 4 - d->y0);
		held[i].d = *d;
		held[i].fill = b->fill;
		held[i].color = b->color;
		held[i].lw = b->lw;
	}
	ly->cur.n_decos = 0;
	return n;
}

/* ... and start again on the page after the turned ones. */
static void boxes_reopen(lay *ly, const held_box *held, int n)
{
	for (int i = 0; i < n; i++) {
		deco *d = &ly->cur.decos[i];
		*d = held[i].d;
		d->y0 = ly->cur.y;
		gal_box *b = lay_box(ly, GAL_BOX_RECT);
		d->at = ly->frame.page->n - 1;
		b->x = ly->frame.x0 + d->x;
		b->w = d->w;
		b->y = d->y0;
		b->fill = held[i].fill;
		b->color = held[i].color;
		b->lw = held[i].lw;
	}
	ly->cur.n_decos = n;
}

int lay_table(lay *ly, const gal_node *n)
{
	table t = { 0 };
	int rc;

	t.n = n;
	t.ts = TS(ly, GAL_PART_TABLE);
	t.pad = 4;
	table_grid(&t);
	if (needs_turning(ly, &t)) {
		ly->L->landscape_tables++;
		/* on turned pages at the next page break, or on this one */
		if (lay_turned_wait(ly, n)) {
			rc = 0;
		} else {
			/* a box the table stands in stops before the turned
			 * pages and goes on after them */
			held_box held[16];
			int n_held = boxes_close(ly, held);
			if ((rc = lay_turn(ly, 1)) == 0)
				rc = set_table(ly, &t);
			if (!rc && ly->frame.landscape)
				rc = lay_turn(ly, 0);
			if (!rc)
				boxes_reopen(ly, held, n_held);
		}
	} else if (t.n_cols > 0 && table_waits(ly, &t)) {
		rc = 0;
	} else {
		rc = set_table(ly, &t);
	}
	free(t.cells);
	free(t.rows);
	return rc;
}
