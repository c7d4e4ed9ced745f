/* PDF internals: shaped paragraphs (shape.c) and the page model that
 * layout (layout.c) produces and paint (paint.c) draws. Layout never
 * draws; paint never decides where anything goes. */
#ifndef GAL_PDF_H
#define GAL_PDF_H

#include <stdint.h>

#include <pango/pango.h>

#include "math/math.h"
#include "model/doc.h"
#include "style/style.h"

struct gal_formulas;

/* ---- shaped paragraphs (shape.c) ------------------------------------ */

/* A range of the paragraph text with something the layout must know about:
 * a link, a footnote call, a raised or lowered run. Pieces of lines are
 * split at every span boundary. */
typedef enum {
	GAL_SPAN_LINK,      /* uri or dest */
	GAL_SPAN_NOTECALL,  /* note: the FOOTNOTE node */
	GAL_SPAN_RISE,      /* rise: pt, positive up */
	GAL_SPAN_ANCHOR,    /* dest: an inline node's id (empty range) */
	GAL_SPAN_MATH,      /* math: a piece of a formula (or the space
			     * between two), set in place of the one
			     * character of its range (U+FFFC); or an
			     * inline image (node an INLINE_IMAGE), set as
			     * a formula of one piece whose box is as big
			     * as the picture and draws nothing itself */
	GAL_SPAN_MONO,      /* a run of code: its words are never hyphenated */
	GAL_SPAN_FORMULA    /* a formula set as text (TeX that does not
			     * read): tagged Formula, alt its text */
} gal_span_kind;

typedef struct gal_span {
	gal_span_kind kind;
	int start, end;           /* byte offsets in the paragraph text */
	const char *uri;          /* LINK: external */
	const char *dest;         /* LINK: internal; ANCHOR: its name */
	const gal_node *note;     /* NOTECALL */
	double rise;              /* RISE */
	double pad_before, pad_after; /* RISE: pt of space between the run and
				   * the letters it touches */
	int id;                   /* LINK: one number per link node */
	const gal_math_box *math; /* MATH: borrowed from the formulas */
	const char *alt;          /* MATH, FORMULA: the formula as linear text;
				   * an image's text alternative (NULL:
				   * decorative) */
	const gal_node *node;     /* MATH: the formula (or image), set at size pt */
	double size;
	int piece;                /* MATH: which of math's pieces; with gap,
				   * the space after it, which a line break
				   * there drops */
	int gap;
} gal_span;

/* A paragraph's direction (gal_para_opts.dir). */
typedef enum {
	GAL_DIR_AUTO,   /* a block's: the block's own (prep); text alone: its
			 * language's when that is right to left, else its
			 * first strong character's, else left to right */
	GAL_DIR_LTR,    /* text alone: left to right */
	GAL_DIR_RTL     /* text alone: right to left */
} gal_para_dir;

/* What a paragraph is made from: the style of its part, and options. */
typedef struct gal_para_opts {
	const gal_textstyle *ts;
	const gal_textstyle *code;   /* for CODE inlines; may be NULL */
	const char *lang;            /* effective language */
	int pre;                     /* keep white space and newlines */
	int bold, italic;            /* forced on top of the style */
	double size_scale;           /* 1 = the style's size */
	double letter_stretch;       /* em: justified lines may track letters */
	double letter_shrink;        /* apart or together by this much */
	struct gal_formulas *formulas; /* sets MATH inlines; NULL: their text */
	double max_h;                /* pt: the tallest an inline image is set
				      * (0: no limit) */
	gal_para_dir dir;            /* text alone; a block goes its own way */
} gal_para_opts;

typedef struct gal_para {
	char *text;               /* UTF-8, owned */
	int len;
	PangoAttrList *attrs;
	PangoLogAttr *log_attrs;  /* len_chars + 1 */
	int n_chars;
	GList *items;             /* PangoItem*, logical order */
	PangoGlyphString **glyphs; /* each item shaped in the paragraph, same order */
	gal_span *spans;
	size_t n_spans, cap_spans;
	double size, leading;     /* pt, of the base style */
	double ascent, descent;   /* pt, of the base font */
	int pre;
	int rtl;                  /* base direction right to left */
	/* measuring: the x advance (Pango units) of the text before each
	 * byte offset; 64 bits, as a paragraph of some 70,000 words passes
	 * 2^31 units */
	int64_t *adv;             /* len + 1 */
	int space_w;              /* Pango units: one space of the base font */
	int *cidx;                /* byte offset -> character index, len + 1 */
	int letter_space;         /* Pango units added after every cluster */
	int hyphen_w;             /* Pango units: a hyphen of the base font */
	int minus_w;              /* Pango units: with tabular figures, the
				   * width every U+2212 takes (a figure's);
				   * 0: its own */
	/* justification may also track letters apart or together, by at
	 * most these (pt per cluster), so that word spaces vary less */
	double letter_stretch, letter_shrink;
	const struct gal_hyph *hyph; /* dictionary when hyphenating, else NULL */
	struct gal_formulas *formulas; /* what MATH spans were set from */
	gal_math_box **pics;      /* the boxes of its inline images, and of
				   * those scaled down to a line; owned */
	size_t n_pics;
} gal_para;

/* One piece of a line: a run of glyphs with one font and one set of spans. */
typedef struct gal_piece {
	PangoGlyphItem gi;        /* owns item and glyphs */
	double x;                 /* pt from the line start */
	double w;                 /* pt advance */
	double rise;              /* pt */
	const gal_span *link;     /* or NULL */
	char *text;               /* owned text for this piece's glyph item when it
				   * differs from the paragraph's (a line-end
				   * hyphen), else NULL */
	const gal_span *math;     /* the piece of a formula this is, or NULL */
	const gal_math_box *mbox; /* math: the box it is painted from, the
				   * span's or one scaled down to the line */
	const gal_span *formula;  /* the formula set as text it is part of,
				   * or NULL */
} gal_piece;

typedef struct gal_line {
	gal_piece *pieces;
	size_t n;
	int start, end;           /* byte range of the paragraph */
	double width;             /* natural width after justification, pt */
	double ascent, descent;   /* pt, above and below the baseline */
	double height;            /* pt: baseline to baseline: the leading, and need */
	double need;              /* pt: what ink reaching past the paragraph's font
				   * box (a tall inline, a formula) adds to the
				   * leading */
	double base;              /* pt: the baseline below the line's top when
				   * a formula taller than the leading moved
				   * it; 0: where the fonts put it */
	double math_up, math_down; /* pt: its formulas' ink above and below the
				   * baseline (0: none) */
	const gal_node **notes;   /* footnote calls on this line */
	size_t n_notes;
	size_t *spans;            /* indices of the paragraph's spans that touch
				   * [start, end], in the paragraph's order */
	size_t n_spans;
	int hyphenated;
	double ratio;             /* the breaker's adjustment ratio (0: natural) */
	double demerits;          /* and the demerits it charged for this line */
} gal_line;

/* Builds a paragraph from the inline content of `block` (or `text` when
 * block is NULL). prefix/suffix are added around the content in the same
 * style (labels, quotation marks). The result is shaped and measured. */
gal_para *gal_para_new(const gal_doc *doc, const gal_node *block,
		       const char *prefix, const char *suffix,
		       const gal_para_opts *po);
/* The same from plain text. */
gal_para *gal_para_new_text(const char *text, const gal_para_opts *po);
void gal_para_free(gal_para *p);
/* A link to `uri` over bytes [start, end) (before breaking into lines). */
void gal_para_add_link(gal_para *p, int start, int end, const char *uri);
/* An internal link to the named destination `dest` over [start, end). */
void gal_para_add_dest(gal_para *p, int start, int end, const char *dest);
/* Itemize and measure again after p->attrs changed. */
void gal_para_reshape(gal_para *p);

/* The narrowest width, at most `width`, at which p breaks into as many
 * lines as at `width` (a heading set in lines of even length). */
double gal_para_balance(gal_para *p, double width, int align);

/* Break into lines of width widths[i] (the last repeats) and shape each
 * line; `align` is a gal_align, whose LEFT is the side lines start from
 * (the right in a right-to-left paragraph, whose justified last line is
 * set flush right too), or GAL_ALIGN_FLUSH_LEFT: at the left whatever
 * the direction (a label or figure that is placed by its own x). Lines
 * are malloc'd; free with gal_lines_free. */
#define GAL_ALIGN_FLUSH_LEFT 16
gal_line *gal_para_lines(gal_para *p, const double *widths, size_t n_widths,
			 int align, size_t *n_lines);
/* Lines [ranges[2i], ranges[2i + 1]) for i < n, as they stand: shaped,
 * left aligned, never justified (code listings, which choose their own
 * breaks), in order: each starts at or after the one before. Free with
 * gal_lines_free. */
gal_line *gal_para_lines_cut(gal_para *p, const int *ranges, size_t n);
/* Lines broken at gal_para_balance's width and aligned in `width` (a
 * heading: lines of even length in the full measure). */
gal_line *gal_para_lines_balanced(gal_para *p, double width, int align, size_t *n_lines);
void gal_lines_free(gal_line *lines, size_t n);

/* The baseline of `ln` below its top. */
static inline double gal_line_base(const gal_para *p, const gal_line *ln)
{
	double asc = p->ascent, des = p->descent;
	if (ln->base > 0)
		return ln->base;      /* a formula moved it */
	if (ln->height > p->leading + 0.01) {
		asc = ln->ascent;
		des = ln->descent;
	}
	return (ln->height + asc - des) / 2;
}
/* Natural width of the widest unbreakable piece and of the whole text on
 * one line (tables). pt. */
void gal_para_extents(const gal_para *p, double *min_w, double *max_w);

/* Font description for a text style (caller frees). */
PangoFontDescription *gal_style_font(const gal_textstyle *ts);

/* ---- the page model (layout.c) -------------------------------------- */

typedef enum {
	GAL_BOX_GLYPHS,     /* piece: a glyph run at (x, y baseline) */
	GAL_BOX_RULE,       /* a line from (x, y) to (x + w, y + h), width lw */
	GAL_BOX_RECT,       /* a rectangle: fill (unless NONE) and stroke (lw > 0) */
	GAL_BOX_IMAGE,      /* image scaled into (x, y, w, h) */
	GAL_BOX_TAG_BEGIN,  /* structure: name, attrs */
	GAL_BOX_TAG_END,
	GAL_BOX_DEST,       /* named destination at (x, y) */
	GAL_BOX_LEADER,     /* dots on the baseline y from x to x + w, every h pt,
			     * lw across (contents leaders) */
	GAL_BOX_MATH        /* line mline of formula math, origin (x, y baseline) */
} gal_box_kind;

#define GAL_COLOR_NONE 0xFFFFFFFFu

typedef struct gal_box {
	gal_box_kind kind;
	double x, y, w, h;
	const gal_piece *piece;   /* GLYPHS: borrowed from the layout's lines */
	const char *text;         /* GLYPHS: the paragraph text */
	uint32_t color, fill;
	double lw;
	const gal_image *image;
	const char *name;         /* tag name, dest name */
	const char *uri;          /* GLYPHS in a link */
	const char *dest;         /* GLYPHS in an internal link */
	int link_id;              /* GLYPHS: pieces of one link on one line share it */
	int line_id;              /* GLYPHS: which line */
	const gal_line *line;     /* GLYPHS: that line (for the trace) */
	const char *alt;          /* IMAGE placeholder text; MATH, GLYPHS of a
				   * formula set as text and a Formula tag:
				   * the formula as linear text */
	const gal_math_box *math; /* MATH: borrowed from the layout's formulas */
	const gal_math_line *mline; /* MATH: one of its lines, or its label */
} gal_box;

typedef struct gal_page {
	gal_box *boxes;           /* body content, in reading order */
	size_t n, cap;
	gal_box *furn;            /* footnotes, running head, folio: drawn after */
	size_t n_furn, cap_furn;
	int number;
	double w, h;              /* pt: this page's size (turned for wide tables) */
} gal_page;

typedef struct gal_layout {
	double page_w, page_h;
	gal_page *pages;
	size_t n_pages, cap_pages;
	/* what the boxes borrow from */
	gal_para **paras;
	size_t n_paras, cap_paras;
	struct lineset { gal_line *lines; size_t n; } *linesets;
	size_t n_linesets, cap_linesets;
	char **strings;
	size_t n_strings, cap_strings;
	int truncated;            /* stopped at the page limit */
	/* the page builder's own account, for the trace: paragraphs split
	 * across frames, and splits that left fewer first lines (orphans)
	 * or last lines (widows) than the style asks, when nothing better
	 * was possible */
	int split_paras, orphans, widows;
	int landscape_tables;     /* tables set on turned pages */
	int split_notes;          /* footnotes continued at the next page's foot */
	/* the last page when it is set in two columns: its number, the
	 * height its text takes in each, and a column's full height (pt);
	 * bal_page 0 otherwise */
	int bal_page;
	double bal_col[2], bal_full;
	int balanced;             /* its columns were evened out */
	int toc_spilled;          /* a document's contents ran past their first page */
	struct gal_formulas *formulas; /* what MATH boxes point into (a reference) */
	/* the make-up's account: frames that end under a heading not yet
	 * followed by two lines of what it heads; pages (not the last, nor
	 * one a forced break ends) less than 75% full; lines whose pitch is
	 * not their leading (and what a tall inline needs), or on a baseline
	 * grid, whose baseline is off it. The first pages where they happen
	 * are kept for the trace. */
	int stranded_heads, short_pages, off_leading;
	int stranded_at[16], short_at[16];
	double short_fill[16];
} gal_layout;

/* Lay the document out. A collection (parts that stand for articles)
 * gets a title page and a contents list with page numbers, and each
 * article a page, title block and running head of its own; the layout is
 * repeated until the page numbers it prints are the pages it made. */
int gal_layout_doc(const gal_doc *doc, const gal_opts *opts,
		   gal_layout **out, gal_err *err);

/* The level a TOC entry takes in the contents and the outline: its own,
 * but in a collection a plain part (an article's sub-article) and its
 * sections go one level below the article before them. */
int gal_pdf_toc_level(const gal_doc *doc, const gal_toc_entry *e);
void gal_layout_free(gal_layout *L);

#endif
