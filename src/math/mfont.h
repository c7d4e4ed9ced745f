/* The math font inside the module: MATH constants, shaped runs, glyph
 * metrics and stretched glyphs, in em (mfont.c). Every lookup that a
 * layout repeats is cached in the font. */
#ifndef GAL_MFONT_H
#define GAL_MFONT_H

#include <hb-ot.h>
#include <hb.h>

#include "math/math.h"

/* one shaped glyph; lengths in em of the size it is set at */
typedef struct {
	int face;
	unsigned gid;
	double adv, dx, dy;
	int cluster;           /* byte offset of its characters in the text */
} mf_glyph;

typedef struct {
	mf_glyph *g;
	int n;
	int len;               /* bytes of the text shaped */
} mf_run;

typedef struct {
	double w, h, d;        /* advance, ink above and below the baseline */
	double ic;             /* italic correction (MATH table), 0 if none */
	double accent_x;       /* top accent attachment, or w / 2 */
} mf_info;

/* a glyph or an assembly, stacked along its stretch direction */
typedef struct {
	unsigned gid;
	double x, y;           /* origin of the piece */
} mf_piece;

typedef struct {
	mf_piece *p;
	int n;
	double w, h, d;        /* extent of the whole */
	double ic;
} mf_stretch;

/* a MATH constant in em (percentages as they are: 70 for 70%) */
double mf_const(const gal_math_font *f, hb_ot_math_constant_t c);
/* the text shaped in the math font (fallbacks for what it lacks), with
 * the ssty feature at `ssty` (script level 1, 2) */
const mf_run *mf_shape(gal_math_font *f, const char *text, int ssty);
void mf_info_get(gal_math_font *f, int face, unsigned gid, mf_info *out);
/* the math font's glyph for a code point, 0 when it has none */
unsigned mf_glyph_of(gal_math_font *f, unsigned cp);
/* the smallest variant of gid at least `size` em long (vertical: height
 * plus depth; horizontal: width), else an assembly; the largest there is
 * when nothing reaches. Vertical pieces are placed with the whole's
 * baseline at y = 0 for a plain variant; for an assembly the bottom is
 * at y = -d with d = 0 (callers centre or shift it). Caller frees p. */
void mf_stretch_glyph(gal_math_font *f, unsigned gid, int vertical, double size,
		      mf_stretch *out);
/* the variant for a large operator in display style */
unsigned mf_display_op(gal_math_font *f, unsigned gid);
/* math kerning of gid at a corner at height h (em) */
double mf_kern(gal_math_font *f, unsigned gid, hb_ot_math_kern_t corner, double h);

#endif
