/* Formulas for the PDF: each MATH and MATH_BLOCK node read once
 * (src/math), laid out with the style's math font at the sizes the
 * layout asks for, and painted glyph by glyph with the characters each
 * glyph shows, so that text extraction reads the formula.
 *
 * One gal_formulas serves one render: every pass of the page builder
 * (a collection's, balancing columns) asks it again, and each layout
 * holds a reference, since its boxes point into the formulas' boxes. */
#ifndef GAL_PDF_FORMULA_H
#define GAL_PDF_FORMULA_H

#include <cairo.h>

#include "math/math.h"
#include "model/doc.h"

typedef struct gal_formulas gal_formulas;

/* What a formula node becomes. */
typedef struct gal_formula {
	const gal_math_box *box;  /* NULL: set `fallback` as text instead */
	const char *alt;          /* the formula as linear text (tags' /Alt) */
	const char *fallback;     /* box NULL: the TeX source or linear text */
	int mono;                 /* fallback is TeX: set in monospace */
} gal_formula;

/* For one render of doc. The math font (style key math-font) is opened
 * on first use and kept for the process. */
gal_formulas *gal_formulas_new(const gal_doc *doc, const gal_opts *opts);
gal_formulas *gal_formulas_ref(gal_formulas *fx);
void gal_formulas_unref(gal_formulas *fx);
/* GAL_E_STRICT (err filled) when a warning about a formula was made an
 * error, else 0. */
int gal_formulas_status(const gal_formulas *fx, gal_err *err);

/* Node n (MATH or MATH_BLOCK) at `size` pt; a display formula broken
 * to `measure` pt (0: not broken), a table in it taller than
 * `max_height` set row by row (0: no limit). Boxes are kept: the same
 * request gives the same box, valid while fx lives. */
void gal_formula_get(gal_formulas *fx, const gal_node *n, double size, int display,
		     double measure, double max_height, gal_formula *out);

/* Line `ln` of box b (one of its lines, or its label) with its origin
 * at (x, baseline y), in the current source colour. Its reading is
 * carried in `text_face` (the text's around it), or the math font's. */
void gal_formula_paint(cairo_t *cr, gal_formulas *fx, const gal_math_box *b,
		       const gal_math_line *ln, double x, double y,
		       cairo_font_face_t *text_face);

#endif
