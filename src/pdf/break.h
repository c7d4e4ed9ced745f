/* Knuth–Plass paragraph breaking over boxes, glue and penalties. Pure
 * computation: widths come from shaping, the caller builds the items. */
#ifndef GAL_PDF_BREAK_H
#define GAL_PDF_BREAK_H

#include <stddef.h>

#define GAL_KP_INF 10000.0   /* penalty >= INF: never break; <= -INF: must */

/* Paragraphs of more items than this (about 16,000 words of prose) are
 * broken as a stream; see break.c. */
#define GAL_KP_STREAM_ITEMS 50000

typedef enum { GAL_KP_BOX, GAL_KP_GLUE, GAL_KP_PENALTY } gal_kp_kind;

typedef struct gal_kp_item {
	gal_kp_kind kind;
	double width;       /* box/glue width; penalty: width added if broken here (hyphen) */
	double stretch, shrink; /* glue */
	double penalty;     /* penalty value */
	int flagged;        /* penalty: a hyphen break */
} gal_kp_item;

typedef struct gal_kp_params {
	double tolerance;        /* 200 */
	double pretolerance;     /* 100; < 0 skips the first pass */
	double line_penalty;     /* 10 */
	double flagged_demerits; /* 10000 (doublehyphendemerits) */
	double final_hyphen_demerits; /* 5000 */
	double fitness_demerits; /* 10000 (adjdemerits) */
	double emergency_stretch;/* third pass, in width units */
	int max_hyphen_run;      /* 2: at most two hyphenated lines in a row */
	size_t stream_items;     /* GAL_KP_STREAM_ITEMS: longer paragraphs are
				  * broken as a stream */
} gal_kp_params;

void gal_kp_params_default(gal_kp_params *p, double measure);

typedef struct gal_kp_line {
	size_t brk;         /* index of the breaking item (last line: n - 1) */
	double ratio;       /* adjustment ratio: > 0 stretch, < 0 shrink */
	double demerits;    /* of this line */
	int fitness;        /* 0 tight .. 3 very loose */
	int hyphenated;
} gal_kp_line;

typedef struct gal_kp_result {
	gal_kp_line *lines; /* malloc'd; caller frees */
	size_t n_lines;
	int pass;           /* 1, 2 or 3 (emergency), 4 = best-fit fallback; a
			     * streamed paragraph: the highest any part took */
	double demerits;
	size_t peak_nodes;  /* the most break nodes held at once */
} gal_kp_result;

/* Break items[0..n) (which must end with glue + forced penalty) into lines
 * whose widths are widths[i] for line i (the last one repeats). Never
 * returns an overfull line unless a single box is wider than the measure
 * (the caller must split such boxes first). Time is linear in n, and so
 * is memory up to p->stream_items items; beyond, the nodes held stay
 * bounded however long the paragraph. Returns 0. */
int gal_kp_break(const gal_kp_item *items, size_t n, const double *widths,
		 size_t n_widths, const gal_kp_params *p, gal_kp_result *out);

#endif
