/* Mathematics: a formula as a tree of MathML Presentation nodes, read from
 * MathML or from TeX, laid out with an OpenType MATH font into positioned
 * glyphs and rules, and written back as MathML and as linear text.
 *
 *   gal_math_from_mathml / gal_math_from_tex -> gal_math (the tree)
 *   gal_math_layout(tree, font, options)     -> gal_math_box (glyphs, rules)
 *   gal_math_to_mathml, gal_math_linear      -> text
 *
 * A tree owns all its nodes and strings (one gal_math_free). Readers cap
 * nesting at GAL_MATH_MAX_DEPTH, so every walk over a tree is bounded. The
 * font (gal_math_font) is opened once per process, before workers fork;
 * its caches grow in each process that lays out formulas. */
#ifndef GAL_MATH_H
#define GAL_MATH_H

#include <stddef.h>

#include "base/buf.h"
#include "galley.h"

/* nesting deeper than this is refused by both readers */
#define GAL_MATH_MAX_DEPTH 64

typedef enum {
	GAL_M_MATH,           /* root; children as in an mrow */
	GAL_M_MI, GAL_M_MN, GAL_M_MO, GAL_M_MTEXT, GAL_M_MS, GAL_M_MSPACE,
	GAL_M_MROW,
	GAL_M_MFRAC,          /* numerator, denominator */
	GAL_M_MSQRT,          /* children as in an mrow */
	GAL_M_MROOT,          /* base, index */
	GAL_M_MSUB, GAL_M_MSUP, GAL_M_MSUBSUP,
	GAL_M_MUNDER, GAL_M_MOVER, GAL_M_MUNDEROVER,
	GAL_M_MMULTISCRIPTS,  /* base, (sub sup)*, MPRESCRIPTS, (sub sup)* */
	GAL_M_MPRESCRIPTS, GAL_M_NONE,
	GAL_M_MTABLE, GAL_M_MTR, GAL_M_MLABELEDTR, GAL_M_MTD,
	GAL_M_MSTYLE, GAL_M_MPADDED, GAL_M_MPHANTOM, GAL_M_MENCLOSE,
	GAL_M_MERROR,
	GAL_M_COUNT
} gal_math_kind;

/* mathvariant, in the order of the Unicode Mathematical Alphanumeric
 * Symbols block where it has one */
typedef enum {
	GAL_MV_NONE,          /* not given: inherited, or italic for one-letter mi */
	GAL_MV_NORMAL, GAL_MV_BOLD, GAL_MV_ITALIC, GAL_MV_BOLD_ITALIC,
	GAL_MV_SCRIPT, GAL_MV_BOLD_SCRIPT, GAL_MV_FRAKTUR, GAL_MV_DOUBLE_STRUCK,
	GAL_MV_BOLD_FRAKTUR, GAL_MV_SANS_SERIF, GAL_MV_BOLD_SANS_SERIF,
	GAL_MV_SANS_SERIF_ITALIC, GAL_MV_SANS_SERIF_BOLD_ITALIC,
	GAL_MV_MONOSPACE,
	GAL_MV_COUNT
} gal_math_variant;

/* A length as written: a number and a unit. Named spaces (thinmathspace)
 * are read as em. GAL_MU_NONE means "not given". */
typedef enum {
	GAL_MU_NONE, GAL_MU_EM, GAL_MU_EX, GAL_MU_PT, GAL_MU_PCT
} gal_math_unit;

typedef struct gal_math_len {
	float v;
	unsigned char unit;   /* gal_math_unit */
	signed char sign;     /* mpadded: +1 / -1 for "+len" / "-len", else 0 */
} gal_math_len;

/* mo form */
typedef enum { GAL_MF_AUTO, GAL_MF_PREFIX, GAL_MF_INFIX, GAL_MF_POSTFIX } gal_math_form;

/* a boolean attribute: not given, false, true */
typedef enum { GAL_MB_UNSET, GAL_MB_FALSE, GAL_MB_TRUE } gal_math_bool;

/* menclose notations */
enum {
	GAL_ME_BOX = 1 << 0, GAL_ME_TOP = 1 << 1, GAL_ME_BOTTOM = 1 << 2,
	GAL_ME_LEFT = 1 << 3, GAL_ME_RIGHT = 1 << 4, GAL_ME_UPDIAG = 1 << 5,
	GAL_ME_DOWNDIAG = 1 << 6, GAL_ME_HSTRIKE = 1 << 7, GAL_ME_VSTRIKE = 1 << 8,
	GAL_ME_RADICAL = 1 << 9, GAL_ME_LONGDIV = 1 << 10, GAL_ME_CIRCLE = 1 << 11
};

typedef struct gal_math_node gal_math_node;
struct gal_math_node {
	gal_math_kind kind;
	gal_math_node *parent, *first, *last, *next;
	const char *text;          /* tokens: the content, trimmed; else NULL */
	unsigned char variant;     /* gal_math_variant */
	unsigned char form;        /* mo: gal_math_form */
	/* mo: gal_math_bool each */
	unsigned char stretchy, largeop, movablelimits, symmetric, fence,
		separator;
	unsigned char accent, accentunder;  /* mo, munder, mover */
	unsigned char displaystyle;         /* mstyle, mtable: gal_math_bool */
	unsigned char bevelled;             /* mfrac */
	signed char scriptlevel;            /* mstyle: value ... */
	unsigned char scriptlevel_mode;     /* 0 unset, 1 absolute, 2 relative */
	gal_math_len lspace, rspace;        /* mo; mpadded: lspace */
	gal_math_len minsize, maxsize;      /* mo */
	gal_math_len width, height, depth;  /* mspace, mpadded */
	gal_math_len voffset;               /* mpadded */
	gal_math_len linethickness;         /* mfrac */
	unsigned notation;                  /* menclose: GAL_ME_* */
	const char *columnalign;            /* mtable, mtr, mtd: "left right" */
	gal_math_len rowspacing, columnspacing; /* mtable (first value) */
	const char *columnlines;            /* mtable: "none solid" */
	const char *rowlines;               /* mtable: "solid none" */
	int frame;                          /* mtable: frame="solid" */
};

typedef struct gal_math gal_math;

/* ---- reading ------------------------------------------------------------ */

/* Parse a serialised MathML <math> element (with or without the mml:
 * prefix, in the MathML namespace or none). No network, no entity
 * loading, nesting capped. Errors: GAL_E_XML (not well-formed, not a
 * math element), GAL_E_LIMIT (too deep). */
int gal_math_from_mathml(const char *src, size_t len, gal_math **out,
			 gal_err *err);

/* Parse TeX math (the body of $...$ or \[...\], amsmath environments
 * included). `display` sets the root's display attribute. A construct
 * the parser does not know fails with GAL_E_FORMAT and a message naming
 * it ("unsupported TeX command \foo"); GAL_E_LIMIT when too deep. */
int gal_math_from_tex(const char *tex, int display, gal_math **out,
		      gal_err *err);

/* The formula of a model node (GAL_NODE_MATH or GAL_NODE_MATH_BLOCK):
 * its MathML when the source had some and it reads, else its TeX (in
 * display style for a block). Fails with the TeX reader's error, which
 * names the construct, or GAL_E_FORMAT when the node has neither. The
 * tree the pipeline read at import (n->math) is shared, not read again. */
int gal_math_from_node(const gal_node *n, gal_math **out, gal_err *err);

/* A tree read once, held by several (the document, each renderer):
 * another holder; gal_math_free lets go of one, the last frees it. */
gal_math *gal_math_ref(gal_math *m);
void gal_math_free(gal_math *m);

/* The formula of a model node for a renderer: as gal_math_from_node,
 * but a formula that does not read is reported through opts->warn
 * (code math-tex when it has TeX, which the renderer then sets as its
 * source; else math-mathml, set as its linear text), once per message
 * and input, and *out is NULL. A formula with neither (its linear text
 * only) is NULL without a word. Returns GAL_E_STRICT (err filled) when
 * that warning is an error, else 0. */
int gal_math_for_node(const gal_doc *doc, const gal_opts *opts, const gal_node *n,
		      gal_math **out, gal_err *err);

/* The root (GAL_M_MATH); never NULL for a tree a reader returned. */
const gal_math_node *gal_math_root(const gal_math *m);
/* Whether the source asked for display (display="block", or TeX given
 * display). */
int gal_math_display(const gal_math *m);

/* ---- writing ------------------------------------------------------------ */

/* The tree as an indented S-expression-like dump (tests). */
void gal_math_dump(const gal_math *m, gal_buf *out);
/* The tree as MathML, the MathML namespace as the default, display
 * ="block" when `display`. Cannot fail. */
void gal_math_to_mathml(const gal_math *m, int display, gal_buf *out);
/* A linear text form for copy-out and speech:
 * "x = (−b ± √(b² − 4ac)) / (2a)". Cannot fail. */
void gal_math_linear(const gal_math *m, gal_buf *out);
/* The formula as its text reads in a PDF (its ActualText): the linear
 * form without the marks a reader would take for characters of the
 * formula. A script with no Unicode form follows its base ("xmax"), a
 * limit its operator after a space ("∑ i = 1 n xᵢ²", "lim n → ∞").
 * Cannot fail. */
void gal_math_reading(const gal_math *m, gal_buf *out);
/* The reading of one child of a row, as it reads among its neighbours
 * (a fraction between factors bracketed). Cannot fail. */
void gal_math_reading_of(const gal_math_node *node, gal_buf *out);

/* ---- the operator dictionary -------------------------------------------- */

enum {
	GAL_OP_STRETCHY = 1 << 0, GAL_OP_SYMMETRIC = 1 << 1,
	GAL_OP_LARGEOP = 1 << 2, GAL_OP_MOVABLELIMITS = 1 << 3,
	GAL_OP_FENCE = 1 << 4, GAL_OP_SEPARATOR = 1 << 5, GAL_OP_ACCENT = 1 << 6,
	GAL_OP_RELATION = 1 << 7, GAL_OP_BINARY = 1 << 8  /* for line breaking */
};

typedef struct gal_math_op {
	float lspace, rspace;          /* em */
	unsigned flags;                /* GAL_OP_* */
} gal_math_op;

/* The entry for operator text `s` in `form` (never AUTO); with
 * `fallback`, the MathML rule: if that form is missing, infix, then
 * postfix, then prefix. Returns 0 when the dictionary has none (the
 * caller then uses the default: 5/18 em each side, no flags). */
int gal_math_op_lookup(const char *s, gal_math_form form, int fallback,
		       gal_math_op *out);

/* ---- the font ----------------------------------------------------------- */

typedef struct gal_math_font gal_math_font;

/* Open an OpenType font with a MATH table from a file. GAL_E_FONT when it
 * cannot be read or has no MATH table. */
int gal_math_font_open(const char *path, gal_math_font **out, gal_err *err);
/* Open the math font of `family` through galley's private fontconfig
 * configuration (gal_fonts_init). GAL_E_FONT when that family is not
 * there or has no MATH table. */
int gal_math_font_load(const char *family, gal_math_font **out,
		       gal_err *err);
void gal_math_font_free(gal_math_font *f);

/* Faces a layout's glyphs refer to: 0 is the math font, the others are
 * fallbacks fontconfig found for characters it lacks (in the order they
 * were first needed). The file and the face index in it, for a painter. */
int gal_math_font_faces(const gal_math_font *f);
const char *gal_math_font_face_file(const gal_math_font *f, int face,
				    int *index);
/* The family name of face 0 ("TeX Gyre Schola Math"). */
const char *gal_math_font_family(const gal_math_font *f);

/* ---- layout ------------------------------------------------------------- */

typedef enum { GAL_MI_GLYPH, GAL_MI_RULE, GAL_MI_LINE } gal_math_item_kind;

/* One mark. Coordinates in points from the origin of its line: x to the
 * right, y UP from the baseline (as in the TeXbook: height above,
 * depth below). */
typedef struct gal_math_item {
	gal_math_item_kind kind;
	int face;          /* GLYPH: gal_math_font_faces index */
	unsigned glyph;    /* GLYPH: glyph id in that face */
	double size;       /* GLYPH: font size; LINE: stroke width */
	double x, y;       /* GLYPH: origin; RULE: bottom left; LINE: start */
	double w, h;       /* RULE: width and height; LINE: end - start */
	int text, text_len;/* GLYPH: the characters it shows, in the box's
			    * text (-1 for a piece of a stretched glyph) */
	int accent;        /* GLYPH: an accent over or under what comes
			    * before it: its spacing character ("^", "→")
			    * reads as the combining mark */
} gal_math_item;

typedef struct gal_math_line {
	double width, height, depth;
	double indent;     /* where the line starts (continuation lines) */
	size_t first, n;   /* its items */
} gal_math_line;

/* A part of an inline formula, as TeX sets a formula in running text:
 * the spaces of the relations and binary operators of its outermost
 * list are glue that stretches and shrinks with the line (\thickmuskip
 * 5mu plus 5mu, \medmuskip 4mu plus 2mu minus 4mu), and a line may end
 * after a relation (at a cost of \relpenalty, 500) or a binary operator
 * (\binoppenalty, 700), the operator ending the first line and the
 * space after it dropped; never inside a fraction, a script or a
 * radical. Inside a pair of brackets that stretch (\left ... \right,
 * which TeX keeps on one line) a line may end at 1000 more, for a group
 * nearly as wide as the measure that would leave the lines before it
 * far too loose. */
typedef struct gal_math_piece {
	gal_math_line line;  /* its items, placed from the formula's origin;
			      * indent: where it starts on the formula's
			      * line; width: to where it ends */
	double gap;          /* the space from its end to the next piece */
	double stretch, shrink; /* how much that space may grow and give */
	int penalty;         /* what a line break after it costs; 10000 (and
			      * after the last piece): none */
} gal_math_piece;

/* A stretch of a formula's reading: what one child of its outermost
 * row reads as, and where it stands, from x0 to x1 (placed as its items
 * are, from the formula's origin). */
typedef struct gal_math_rspan {
	double x0, x1;
	size_t first;      /* its first item */
	char *text;
} gal_math_rspan;

typedef struct gal_math_box {
	double width, height, depth;   /* the widest line; first line's height,
					* last line's depth, lines stacked */
	gal_math_item *items;
	size_t n_items;
	gal_math_line *lines;          /* >= 1 */
	size_t n_lines;
	double line_gap;               /* between a line's depth and the next
					* line's height */
	gal_math_line label;           /* an mlabeledtr label (n == 0: none) */
	/* a table set row by row: each labelled row's label (its items
	 * after the lines'), with the line it goes with */
	struct gal_math_row_label {
		size_t line;
		gal_math_line box;
	} *row_labels;
	size_t n_row_labels;
	double scale;                  /* < 1 when a line was too wide to fit
					* and was shrunk to the measure: the
					* smallest factor of any line */
	char *text;                    /* characters of the glyph items */
	size_t text_len;
	/* an inline formula (display 0): its pieces in order, at least one;
	 * one line holds the items of all of them. A display formula: none */
	gal_math_piece *pieces;
	size_t n_pieces;
	/* how each child of the outermost row reads and where it stands, in
	 * the order of their items, for the PDF to give each reading in
	 * its own child's place rather than read its glyphs by their places
	 * (limits above and below, a fraction's two lines); none when the
	 * row's children do not hold every item */
	gal_math_rspan *rspans;
	size_t n_rspans;
	/* then, for a formula set on one line (in one piece): how its whole
	 * text reads (gal_math_reading); NULL otherwise */
	char *reading;
} gal_math_box;

typedef struct gal_math_layout_opts {
	double size;       /* font size in points (> 0) */
	int display;       /* display style at the root */
	double measure;    /* the widest a line (display) or a piece (inline)
			    * may be; 0 = no limit */
	double max_height; /* display: a table of one or two columns taller
			    * than this is set row by row, as lines a page
			    * may break between; 0 = no limit */
} gal_math_layout_opts;

/* Lay out `m` with font `f`. The box is the caller's (gal_math_box_free).
 * A display formula wider than the measure breaks before relations,
 * then binary operators, of its rows outside brackets (inside them only
 * when nothing else fits); a line that still does not fit is scaled
 * down to the measure. An inline formula reports its pieces (see
 * gal_math_piece); one wider than the measure is scaled down to it.
 * Errors: GAL_E_FONT (shaping failed). */
int gal_math_layout(const gal_math *m, gal_math_font *f,
		    const gal_math_layout_opts *o, gal_math_box **out,
		    gal_err *err);
void gal_math_box_free(gal_math_box *b);

/* ---- internal: shared by the module's files ----------------------------- */

/* tree building (mtree.c) */
gal_math *gal_math_new(void);
gal_math_node *gal_math_node_new(gal_math *m, gal_math_kind k,
				 gal_math_node *parent);
const char *gal_math_strdup(gal_math *m, const char *s, size_t len);
void gal_math_set_display(gal_math *m, int display);
gal_math_node *gal_math_root_mut(gal_math *m);
const char *gal_math_kind_name(gal_math_kind k);
/* the attributes a node has, as MathML names and values, in one order */
typedef void (*gal_math_attr_fn)(void *ctx, const char *name, const char *value);
void gal_math_attrs(const gal_math_node *n, gal_math_attr_fn fn, void *ctx);
int gal_math_kind_parse(const char *name);           /* -1 when unknown */
const char *gal_math_variant_name(gal_math_variant v);
int gal_math_variant_parse(const char *name);        /* -1 when unknown */
/* number of children */
int gal_math_count(const gal_math_node *n);
gal_math_node *gal_math_child(const gal_math_node *n, int i);
/* detach child c from its parent (tree rewrites) */
void gal_math_unlink(gal_math_node *c);
void gal_math_append(gal_math_node *parent, gal_math_node *c);
/* UTF-8: decode one code point at *s (advancing it); 0xFFFD for bad bytes */
unsigned gal_math_utf8_next(const char **s);
void gal_math_utf8_put(gal_buf *b, unsigned cp);
/* the code point for `cp` in `variant` (Mathematical Alphanumeric Symbols) */
unsigned gal_math_variant_char(unsigned cp, gal_math_variant v);
/* the embellished operator's core mo, or NULL */
const gal_math_node *gal_math_embellished_op(const gal_math_node *n);
/* the form an mo takes in its row (explicit form, else by position) */
gal_math_form gal_math_op_form(const gal_math_node *mo);
/* the dictionary entry resolved for an mo, its attributes applied
 * (lengths in em; `size` converts pt) */
void gal_math_op_props(const gal_math_node *mo, double size, gal_math_op *out);
/* a length in points at font size `size`; `rel` for percentages */
double gal_math_len_pt(gal_math_len l, double size, double rel);

#endif
