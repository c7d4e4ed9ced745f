/* The layout's working state, shared by math_layout.c (tokens,
 * operators, fractions, radicals, scripts, rows), math_table.c (tables,
 * enclosures, padding) and math_break.c (lines, the public entry). */
#ifndef GAL_MLAYOUT_H
#define GAL_MLAYOUT_H

#include "math/math.h"

/* the style a node is laid out in */
typedef struct {
	double size;            /* font size, points */
	int level;              /* scriptlevel: 0 text, 1 script, 2+ scriptscript */
	int display;            /* displaystyle */
	int cramped;            /* superscripts lower (TeX's cramped styles) */
	unsigned char variant;  /* inherited mathvariant */
} ctx;

/* a laid-out node: its items are it[first .. first + n) */
typedef struct {
	double w, h, d;
	size_t first, n;
	double ic;              /* italic correction of a one-glyph box */
	int face;
	unsigned gid;           /* the glyph of a one-glyph box, else 0 */
	double gsize;
	double accent_x;        /* where an accent centres over it */
	int is_char;            /* a token of one character */
	const gal_math_node *op;/* the core of an embellished operator */
	double lspace, rspace;  /* its spacing, points */
	unsigned opflags;       /* GAL_OP_* */
} box;

/* what a stretchy operator must cover */
typedef struct {
	int set, vertical;
	double h, d;            /* vertical */
	double w;               /* horizontal */
} target;

/* one child of the rows a formula may break in */
typedef struct {
	double x0, x1;          /* from its left space to its right space */
	double ls, rs;          /* those spaces */
	double h, d;
	size_t first, n;
	unsigned opflags;       /* resolved: the dictionary and the attributes */
	int fence;              /* +1 opens a bracket, -1 closes one, else 0 */
	int keep;               /* that bracket keeps what it encloses on one
				 * line of text (make_pieces) */
	const gal_math_node *node; /* the child it is */
} segment;

typedef struct {
	gal_math_font *f;
	double base;            /* the formula's font size */
	gal_math_item *it;
	size_t n, cap;
	gal_buf text;           /* characters the glyph items show */
	/* the rows whose children are recorded as segments: the outermost,
	 * and rows in it that are not bracketed */
	const gal_math_node *break_rows[128];
	size_t n_break;
	segment *seg;
	size_t n_seg, cap_seg;
	gal_math_item *label;   /* an mlabeledtr label, laid out alone */
	size_t n_label;
	double label_w, label_h, label_d;
} L;

box gal_mlayout_node(L *l, const gal_math_node *n, ctx c, const target *t);
/* the children from `first` on as a row; `trim` drops the space before
 * the first and after the last (the formula's edges) */
box gal_mlayout_row(L *l, const gal_math_node *first, ctx c, int trim, const target *t);
box gal_mlayout_text(L *l, const char *chars, ctx c);
box gal_mlayout_table(L *l, const gal_math_node *n, ctx c);
/* how cell td of column col of table aligns: -1 left, 0 centre, 1 right */
int gal_mlayout_cell_align(const gal_math_node *table, const gal_math_node *td, int col);
/* the space before column k > 0 of table n at size, in display style or not */
double gal_mlayout_column_space(const gal_math_node *n, double size, int display, int k);
box gal_mlayout_enclose(L *l, const gal_math_node *n, ctx c);
box gal_mlayout_padded(L *l, const gal_math_node *n, ctx c);
box gal_mlayout_multiscripts(L *l, const gal_math_node *n, ctx c);
void gal_mlayout_move(L *l, size_t first, size_t n, double dx, double dy);
/* a box that starts at the next item, and its closing: the items laid
 * out since belong to it */
box gal_mlayout_empty(L *l);
void gal_mlayout_close(L *l, box *b);
/* a filled rectangle from its bottom left; a stroked line */
void gal_mlayout_rule(L *l, double x, double y, double w, double h);
void gal_mlayout_line(L *l, double x, double y, double dx, double dy, double width);
double gal_mlayout_size(const L *l, int level);
ctx gal_mlayout_level(const L *l, ctx c, int level);
int gal_mlayout_op_horizontal(const gal_math_node *mo);
/* sub- and superscript shifts for a base (Appendix G rule 18) */
void gal_mlayout_script_shifts(L *l, const box *base, const box *sub, const box *sup,
			       ctx c, double *u, double *v);

#endif
