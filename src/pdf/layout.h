/* The page builder's own interface: the state its files share and the
 * calls they make across. layout.c is the core (pages and frames, boxes
 * and tags, placing lines, paragraphs and blocks); table.c, notes.c and
 * collection_pages.c lay out tables, footnotes and a collection's own
 * pages on top of it.
 *
 * The functions shared here are named lay_*, like the page builder's
 * static ones: they stay inside src/pdf and are no part of the API. */
#ifndef GAL_PDF_LAYOUT_H
#define GAL_PDF_LAYOUT_H

#include <math.h>

#include "pdf/formula.h"
#include "pdf/pdf.h"

/* ---- state -------------------------------------------------------------- */

typedef struct notebox {
	const gal_node *fn;
	gal_para *p;
	gal_line *lines;
	size_t n;
	double h;
	double w;            /* the measure it was set to */
	int cont;            /* the rest of a note split at the foot of a page */
} notebox;

typedef struct deco {
	size_t at;           /* index of its RECT box on the current page */
	double x, w, y0;     /* x: from the frame's left edge */
	int bar;             /* 1: a bar at the left edge only */
} deco;

/* The frame: the page being filled, its margins and columns, the column
 * that text goes into and where that text must end. */
typedef struct lay_frame {
	gal_page *page;
	double ml, mr, mt, mb;       /* margins: left, right, top, bottom */
	double mi, mo;               /* the style's inner and outer margins */
	int cols;
	double gap, colw;
	double text_w;               /* the measure across the columns */
	int landscape;               /* pages are turned for a wide table */
	double saved_colw;           /* the portrait frame meanwhile */
	int saved_cols;
	double flow_top;             /* top of the columns on this page */
	size_t flow_box;             /* the page's first box below flow_top */
	int col;
	double x0, w;                /* the column being filled */
	double bottom, bottom0;      /* the foot of its text (above the notes);
				      * the foot of the page's text area */
	double col0_end;             /* where the first column's text ended */
	/* balancing the last page's columns: on page bal_page the text of a
	 * column ends bal_h below the columns' top (0: no limit) */
	int bal_page;
	double bal_h;
	/* the document runs right to left: its columns read from the
	 * right, and what is wider than the measure takes the right
	 * margin (the margins themselves are balanced either way) */
	int rtl;
	/* how full the page is, for the trace: the height its columns'
	 * text and notes took so far, its columns, and whether a forced
	 * break (a turned page, an article's opening) ends it */
	double filled;
	int page_cols;
	int forced;
} lay_frame;

/* The cursor: where the next line goes and what it owes to the blocks
 * around it. */
typedef struct lay_cursor {
	double y;
	double pending;              /* vertical space owed before the next block */
	double indent_l, indent_r;   /* nesting indents */
	gal_part part;               /* text style of running paragraphs */
	int after_para;              /* the previous block was a body paragraph */
	double keep_next;            /* what the next paragraph keeps below it */
	int snap;                    /* lines being placed sit on the grid */
	int on_grid;                 /* and belong there (the body's leading) */
	int heading;                 /* the lines being placed are a heading's */
	int depth;                   /* of the block being laid out */
	deco decos[16];              /* open backgrounds and bars */
	int n_decos, decos_skipped;
	/* list label waiting for the first line of the item */
	gal_para *label;
	gal_line *label_lines;
	double label_x;
} lay_cursor;

/* Tagging: the structure tags open on the current page and those waiting
 * for content, and the destination that waits for the next line. */
typedef struct lay_tags {
	const char *open[64];
	int n_open;
	const char *wait[64];
	int n_wait;
	int label_q;                 /* where the label's tags go among wait[] */
	const char *first_dest;      /* destination of the next first line */
} lay_tags;

/* Footnotes (notes.c): those at the foot of the current frame, and what
 * is remembered across frames. */
typedef struct lay_notes {
	notebox *box;
	size_t n, cap;
	double h;                    /* their height, separator included */
	notebox carry;               /* a note's rest, for the next page's foot */
	int has_carry;
	GHashTable *placed;          /* every note placed so far */
	GHashTable *made;            /* note -> notebox, shaped once per width */
} lay_notes;

/* How a paragraph is set (lay_para_spec). */
typedef struct para_spec {
	gal_part part;
	const char *prefix, *suffix;
	int bold, italic;
	int align;             /* -1: the style's */
	double first_indent;   /* pt */
	double space_before, space_after;
	double keep_after;
	const char *tag;
	const char *link;      /* the whole paragraph after the prefix links here */
	int splittable;
	double size_scale;     /* 0 or 1: the style's size */
	const char *lang;      /* for text without a node; NULL: the document's */
} para_spec;

typedef struct lay {
	const gal_doc *doc;
	const gal_opts *opts;
	const gal_style *st;
	gal_layout *L;
	gal_err *err;
	int rc;

	lay_frame frame;
	lay_cursor cur;
	lay_tags tags;
	lay_notes notes;

	/* figures and tables waiting for the top of the next frame, in
	 * their order, and wide tables waiting for turned pages at the next
	 * page break */
	struct {
		const gal_node *node[8];
		int n;
		const gal_node *turned[8];
		int n_turned;
		int placing;
	} floats;
	/* running heads: the title they carry and its language; an opening
	 * page (a collection's contents, each of its articles) has none */
	struct {
		const char *text, *lang;
		const char *set_for, *shown; /* text as set on one line (running_head) */
		int opener;
		int title_page;      /* the page with the title (2 after a cover) */
	} rh;

	gal_formulas *fx;            /* the render's formulas */
	/* a heading (or a chain of them) placed and not yet followed by
	 * two lines of what it heads: the baseline of the last line seen */
	struct lay_head {
		int open, after;
		double base;
		int doubt;           /* the page of a frame that ended one
				      * line after a heading */
	} head;
	/* summaries too long for the title block, set after it */
	struct {
		const gal_node *later[2];
		int n;
	} front;
	/* the baseline grid: where a body line's baseline sits below its
	 * top (0: not measured yet) */
	double grid_off;
	/* the paragraph of node n, made at measure w with spec s to see
	 * what it keeps at a frame's foot, waiting to be set */
	struct {
		const gal_node *n;
		double w;
		para_spec s;
		gal_para *p;
		gal_line *ln;
		size_t nl;
	} pre;

	int line_serial, para_serial;
	const gal_labels *labels;    /* of the article being laid out */
	int level_shift;             /* heading styles in a collection's article */
	int quiet_links;             /* links keep the text's colour (contents) */
	/* the contents (a collection's, or a document's with the style's
	 * toc): the page of each TOC entry as the previous pass found it
	 * (0: not known yet), the digits its numbers take, and where a
	 * document's contents go (lay_toc_state.own_page) */
	const int *toc_pages;
	int num_digits;
	int toc_own_page;
} lay;

/* What a layout's contents print, from the pass before (lay_contents). */
typedef struct lay_toc_state {
	int *pages;                  /* per TOC entry; NULL: not known yet */
	int digits;                  /* of the widest number */
	int own_page;                /* where a document's contents go: under the
				      * title block (0), after the summaries with
				      * the text on a new page (1), under the title
				      * block with the text on a new page (2) */
} lay_toc_state;

static inline const gal_textstyle *TS(const lay *ly, gal_part p)
{
	return &ly->st->part[p];
}

static inline double leading_of(const gal_textstyle *ts)
{
	double size = ts->size > 0 ? ts->size : 10;
	return ts->leading > 0 ? ts->leading : size * 1.3;
}

static inline int at_top(const lay *ly)
{
	return ly->cur.y <= ly->frame.flow_top + 0.01;
}

/* Moving on to the next frame gives more room: the cursor is below the
 * top of this one, or this one is shorter than a whole frame (under the
 * title block of a first page). Keeps ask this; the space owed above a
 * block is dropped only at_top. */
static inline int can_move(const lay *ly)
{
	return !at_top(ly) || ly->frame.flow_top > ly->frame.mt + 0.01;
}

/* Nesting indents stop growing past a share of the frame: deep nesting
 * must not push text out of the page. */
static inline double ind_l(const lay *ly)
{
	return fmin(ly->cur.indent_l, ly->frame.w * 0.4);
}

static inline double cur_x(const lay *ly)
{
	return ly->frame.x0 + ind_l(ly);
}

static inline double cur_w(const lay *ly)
{
	return ly->frame.w - ind_l(ly) - fmin(ly->cur.indent_r, ly->frame.w * 0.2);
}

/* The left edge of column `col` (0: the first read). */
static inline double lay_col_x(const lay_frame *f, int col)
{
	int k = f->rtl ? f->cols - 1 - col : col;
	return f->ml + k * (f->colw + f->gap);
}

/* ---- what the layout keeps (layout.c) ----------------------------------- */

/* Paragraph options every paragraph of this layout starts from. */
gal_para_opts lay_para_opts(const lay *ly);
/* The layout owns p (and its lines, and s) from here on. */
gal_para *lay_keep_para(lay *ly, gal_para *p);
gal_line *lay_keep_lines(lay *ly, gal_line *lines, size_t n);
const char *lay_keep_str(lay *ly, char *s);
/* p broken at widths w[0..nw) (the last repeats), kept. */
gal_line *lay_lines(lay *ly, gal_para *p, const double *w, size_t nw, int align,
		    size_t *n);

/* ---- boxes and tags (layout.c) ------------------------------------------ */

/* A box on the page's body (opening the tags that wait for content) or
 * among its furniture (notes, running head, folio). */
gal_box *lay_box(lay *ly, gal_box_kind k);
gal_box *lay_furn(lay *ly, gal_box_kind k);
/* Structure tags wait until their first content. */
void lay_tag_begin(lay *ly, const char *name);
void lay_tag_end(lay *ly, const char *name);
void lay_dest(lay *ly, const char *name, double x, double y);
void lay_rule(lay *ly, double x, double y, double w, double h, double lw,
	      uint32_t color);
/* Glyph boxes for one line with its baseline at `base` (furn: among the
 * furniture). */
void lay_emit_line(lay *ly, int furn, const gal_para *p, const gal_line *ln,
		   double x, double base, uint32_t color);

/* ---- pages, frames, lines (layout.c) ------------------------------------ */

/* A box behind the blocks that follow (fill, or a bar at the left edge
 * when `bar`), pad_top below the cursor, until lay_close_deco. */
int lay_open_deco(lay *ly, double pad_top, int bar, uint32_t fill, uint32_t stroke, double lw);
void lay_close_deco(lay *ly, double pad_bottom);
/* What a block wider than the measure (a table, a figure, a listing) may
 * take from the start side's margin (the left; the right in a document
 * set right to left): on a one-column page, what it has beyond the
 * narrower of the style's margins; nothing inside indents or columns. */
double lay_wide_room(const lay *ly);
/* The left edge of a block `w` wide: the measure's, or out into the
 * start side's margin by what it takes beyond the measure; its end edge
 * stays the measure's. */
double lay_wide_x(const lay *ly, double w);

/* The first column's text on this page evened out into both columns,
 * so that what comes next may span them from under it; 0 when it holds
 * more than lines of text and cannot (layout.c). */
int lay_even_columns(lay *ly);
/* Nothing drawn on the current page's body yet. */
int lay_page_blank(const lay *ly);
int lay_next_frame(lay *ly);
/* Turn to landscape pages of their own (on = 1) for a wide table, and
 * back (on = 0). */
int lay_turn(lay *ly, int on);
/* The foot of the text in this frame: above its notes, and on a page
 * whose columns are being evened out, no lower than their share. */
void lay_set_bottom(lay *ly);
void lay_apply_pending(lay *ly);
int lay_place_lines(lay *ly, const gal_para *p, const gal_line *ln, size_t n,
		    double x_abs, uint32_t color, double keep_after, int splittable);
/* The trace's account of a line set with its baseline at `base`: its
 * pitch is its leading (and what a tall inline needs), and a line that
 * belongs on the baseline grid (on_grid) sits on it. */
void lay_count_pitch(lay *ly, const gal_para *p, const gal_line *ln, double base,
		     int on_grid);

/* ---- paragraphs and blocks (layout.c) ----------------------------------- */


void lay_spec_init(para_spec *s, gal_part part);
gal_para *lay_make_para(lay *ly, const gal_node *n, const para_spec *s);
int lay_para_spec(lay *ly, const gal_node *n, const para_spec *s);
/* A caption paragraph: "Figure 2. Text" with the label in bold. */
gal_para *lay_caption(lay *ly, const char *label, const gal_node *caption);
int lay_block(lay *ly, const gal_node *n);

/* The summaries the title block left for the columns (too long for a
 * box across the page), set from where its text starts. */
int lay_front_rest(lay *ly);
/* The head of an article (m: the document's metadata or an article's). */
int lay_title_block(lay *ly, const gal_meta *m, const char *title_text,
		    const char *author_text, const char *lang, const char *tag);
/* The structure tag of a heading at `level` (the title is H1). */
const char *lay_heading_tag(int level);
/* Figures and tables still waiting, set where their text ends; wide
 * tables waiting on turned pages after it (end: the text has ended). */
int lay_flush_floats(lay *ly, int end);
/* A table or figure that keeps `first` points together where it starts
 * (a caption, the head and the first rows) and takes `whole` points in
 * all: 1 when it waits for the top of the next frame (and is set there
 * with lay_table or lay_figure) while the text after it fills this one,
 * 0 when it goes here. */
int lay_float_wait(lay *ly, const gal_node *n, double first, double whole);
/* A table too wide for the page (n): 1 when it waits for turned pages of
 * its own at the next page break while the text after it fills this
 * page, 0 when this page is still empty and turns for it. */
int lay_turned_wait(lay *ly, const gal_node *n);
/* The running head and folio of the current page. */
void lay_running_furniture(lay *ly);
/* One layout of the whole document; `toc` (NULL: none) is what its
 * contents print; on page bal_page the columns end bal_h below their top
 * (0: no limit). Its formulas come from fx, which the layout holds a
 * reference to. */
int lay_doc(const gal_doc *doc, const gal_opts *opts, gal_formulas *fx,
	    const lay_toc_state *toc, int bal_page, double bal_h,
	    gal_layout **out, gal_err *err);

/* ---- footnotes (notes.c) ------------------------------------------------ */

/* The height the notes called from `ln` would add to this frame; the
 * notes are made into made[] (32 at most), those already placed or made
 * skipped. */
double lay_notes_need(lay *ly, const gal_line *ln, notebox *made, size_t *n_made);
/* The notes called from `ln` go to this frame's foot. */
void lay_notes_take(lay *ly, const gal_line *ln);
/* Keep the notes within the room under `text_h` points of text below the
 * cursor: the last one splits, its rest carried to the next page. */
void lay_notes_split(lay *ly, double text_h);
/* A carried rest goes first at the foot of a new page. */
void lay_notes_carry(lay *ly);
/* The frame's notes as furniture at its foot; the frame is left without. */
void lay_notes_flush(lay *ly);

/* ---- code listings and preformatted text (listing.c) -------------------- */

/* A PRE block: its lines kept, wrapped only where they must be. */
int lay_listing(lay *ly, const gal_node *n);
/* The measure the listing n needs to keep every line whole at its
 * smallest size (the code part's min-size): the page builder may give it
 * both columns when this is wider than a column. */
double lay_listing_want(lay *ly, const gal_node *n);
/* How many of the listing n's lines (*lines in all) would wrap at
 * measure w, set at its smallest size. */
int lay_listing_wrapped(lay *ly, const gal_node *n, double w, int *lines);

/* ---- tables (table.c) --------------------------------------------------- */

int lay_table(lay *ly, const gal_node *n);

/* ---- collections (collection_pages.c) ----------------------------------- */

/* Parts that stand for articles make the document a collection. */
int lay_is_collection(const gal_doc *doc);
/* The collection's title page and contents. */
int lay_front_pages(lay *ly);
/* An article of a collection, from a page of its own. */
int lay_article(lay *ly, const gal_node *part);
/* A document's contents list (the style's toc) under its title block
 * (at = 0), or after its summaries, the text on a new page (at = 1):
 * called at both places, it sets the list at the one ly->toc_own_page
 * names. */
int lay_doc_contents(lay *ly, int at);
/* Whether the document has contents to print: a collection's, or the
 * style's toc with entries down to its toc-depth. */
int lay_has_contents(const gal_doc *doc, const gal_style *st);
/* A document with contents laid out until their page numbers hold;
 * toc->pages (the caller frees it) and the rest are what they print. */
int lay_contents(const gal_doc *doc, const gal_opts *opts, gal_formulas *fx,
		 gal_layout **out, lay_toc_state *toc, gal_err *err);

#endif
