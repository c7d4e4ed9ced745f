/* Styles: styles/NAME.ini (libinih) -> one gal_style record that drives
 * both the PDF layout and the EPUB's generated CSS. */
#ifndef GAL_STYLE_H
#define GAL_STYLE_H

#include "base/buf.h"
#include "galley.h"

/* The parts of the model a style can address; each is an INI section. */
typedef enum {
	GAL_PART_BODY,
	GAL_PART_TITLE,
	GAL_PART_SUBTITLE,
	GAL_PART_BYLINE,
	GAL_PART_DATELINE,     /* date and source line under the byline */
	GAL_PART_H1,
	GAL_PART_H2,
	GAL_PART_H3,
	GAL_PART_H4,
	GAL_PART_BLOCKQUOTE,
	GAL_PART_PULLQUOTE,
	GAL_PART_ASIDE,
	GAL_PART_CAPTION,
	GAL_PART_CREDIT,
	GAL_PART_FOOTNOTE,
	GAL_PART_CODE,         /* pre and inline code */
	GAL_PART_TABLE,
	GAL_PART_LIST,
	GAL_PART_SUMMARY,
	GAL_PART_REFERENCES,
	GAL_PART_RUNNING_HEAD,
	GAL_PART_FOLIO,        /* page numbers */
	GAL_PART_COUNT
} gal_part;

typedef struct gal_textstyle {
	char family[128];       /* fontconfig family list, "Charis SIL" */
	double size;            /* pt */
	double leading;         /* pt, baseline to baseline */
	int weight;             /* 100..900 (400 regular, 700 bold) */
	int italic;             /* 0/1 */
	int smallcaps;          /* 0/1 */
	int uppercase;          /* 0/1: text-transform */
	double letterspacing;   /* em */
	char features[128];     /* OpenType features, "onum=1,liga=1" */
	uint32_t color;         /* 0xRRGGBB */
	uint32_t background;    /* 0xRRGGBB, or 0xFFFFFFFF = none */
	uint32_t rule_color;    /* borders and rules */
	int align;              /* gal_align */
	double indent;          /* pt: first-line indent (body), or left indent of blocks */
	double margin_left, margin_right; /* pt: block indents */
	double space_before, space_after; /* pt */
	int hyphenate;          /* 0/1 */
	double min_size;        /* pt: floor when type must shrink (tables) */
} gal_textstyle;

struct gal_style {
	char name[64];
	char path[1024];        /* the file it was read from */
	double page_w, page_h;  /* pt */
	double margin_top, margin_bottom, margin_inner, margin_outer; /* pt */
	int columns;            /* 1 or 2 */
	double column_gap;      /* pt */
	int baseline_grid;      /* 0/1 */
	int running_head;       /* 0/1 */
	int page_numbers;       /* 0/1 */
	int toc;                /* 0/1: contents list (PDF page, EPUB nav always) */
	int smart_punct;        /* 0/1: typewriter quotes, apostrophes and
				 * spaced hyphens in the text become a
				 * typesetter's marks (prep.c) */
	int widows, orphans;    /* minimum lines, default 2 */
	/* justified text: how far letters may be tracked apart or together
	 * (em per cluster) so that word spaces vary less */
	double letter_stretch, letter_shrink;
	gal_textstyle part[GAL_PART_COUNT];
};

/* Load a style: NAME finds $data/styles/NAME.ini; anything containing '/'
 * or ending in ".ini" is a path. `inherit = NAME` in [style] reads that
 * style first. Unknown sections or keys and bad values are GAL_E_STYLE
 * errors naming FILE:LINE. On success *out is owned by the caller
 * (gal_style_free). */
int gal_style_load(const char *name, gal_style **out, gal_err *err);
void gal_style_free(gal_style *style);

/* Section name of a part ("body", "h1", "running-head"). */
const char *gal_part_name(gal_part p);

/* Append the EPUB stylesheet generated from the style's values. */
void gal_style_css(const gal_style *style, gal_buf *css);

/* Parse a paper size ("a4", "letter", "a5", "6x9in", "210x297mm",
 * "400x600pt"); 0 or GAL_E_USAGE. */
int gal_paper_parse(const char *s, double *w, double *h);

#endif
