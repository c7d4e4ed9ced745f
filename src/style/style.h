/* Styles: styles/NAME.ini (libinih) -> one gal_style record that drives
 * both the PDF layout and the EPUB's generated CSS. */
#ifndef GAL_STYLE_H
#define GAL_STYLE_H

#include <stddef.h>
#include <stdint.h>

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
	int row_rules;          /* 0/1: a hairline between a table's body rows */
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
	int toc_depth;          /* the PDF's contents go down to this heading level */
	int cover_page;         /* 0/1: the cover image opens the PDF */
	int smart_punct;        /* 0/1: typewriter quotes, apostrophes and
				 * spaced hyphens in the text become a
				 * typesetter's marks (prep.c) */
	int widows, orphans;    /* minimum lines, default 2 */
	/* justified text: how far letters may be tracked apart or together
	 * (em per cluster) so that word spaces vary less */
	double letter_stretch, letter_shrink;
	/* the OpenType MATH font formulas are set in (its first family) */
	char math_family[128];
	gal_textstyle part[GAL_PART_COUNT];
};

/* ==== the keys of a style file =========================================
 * One table, gal_style_keys (style.c), names every key a style file may
 * set: the loader reads values by it, gal_style_dump writes them by it,
 * the EPUB's CSS (epub/css.c) is generated from it, and a unit test holds
 * galley.1 and styles/brief.ini to it. A new key is one row there plus
 * the code that uses the value. */

/* What a key's value is: how it is read, checked, stored and written. */
typedef enum {
	GAL_KEY_LENGTH,   /* double, pt: pt, mm, cm or in (a bare number is
			   * pt); in a part also em of the part's font-size
			   * (or, with GAL_KEY_EM_BODY, of the body's) */
	GAL_KEY_SPACING,  /* double, em: em, or a length that becomes em of
			   * the part's font-size */
	GAL_KEY_EM,       /* double, em: em only */
	GAL_KEY_INT,      /* int: lo..hi, a multiple of step, or a name */
	GAL_KEY_BOOL,     /* int 0/1: yes/no, true/false, on/off, 1/0 */
	GAL_KEY_COLOR,    /* uint32_t 0xRRGGBB from #rrggbb or #rgb; with
			   * GAL_KEY_ALLOW_NONE also none (0xFFFFFFFF) */
	GAL_KEY_ENUM,     /* int: one of names */
	GAL_KEY_FAMILY,   /* char[size]: a fontconfig family list */
	GAL_KEY_FEATURES, /* char[size]: OpenType features, "onum=1,liga=0" */
	GAL_KEY_PAPER,    /* double[2]: width, height in pt (gal_paper_parse) */
	GAL_KEY_TEXT,     /* char[size]: any text but none */
	GAL_KEY_INHERIT,  /* no field: the parent style, read first */
} gal_key_type;

/* Where a key stands, and so what its offset is into. */
typedef enum {
	GAL_SEC_STYLE,    /* [style]: a field of gal_style */
	GAL_SEC_PAGE,     /* [page]: a field of gal_style */
	GAL_SEC_PART,     /* every part's section: a field of gal_textstyle */
} gal_key_section;

enum {
	GAL_KEY_ALLOW_NONE = 1 << 0, /* COLOR: none is a value */
	GAL_KEY_EM_BODY = 1 << 1,    /* LENGTH: em is the body's font-size,
				      * so [body] cannot give it in em, and
				      * it is resolved first (the other em
				      * lengths follow it) */
	GAL_CSS_NONZERO = 1 << 2,    /* no declaration while the value is 0 */
};

/* How a part key's value becomes a declaration in the EPUB's CSS; a
 * part's declarations follow the table's order. */
typedef enum {
	GAL_CSS_NONE,     /* none (used elsewhere, as rule-color's borders) */
	GAL_CSS_FAMILY,   /* quoted families, then the part's generic one */
	GAL_CSS_SIZE,     /* em of the body's size; the body's own size is
			   * the reader's choice and not written */
	GAL_CSS_RATIO,    /* unitless, of the part's font-size, when above 0 */
	GAL_CSS_NUMBER,   /* the integer, when above 0 */
	GAL_CSS_NAME,     /* the value's name (ENUM) */
	GAL_CSS_FLAG,     /* css_value while the switch is on */
	GAL_CSS_EM,       /* the value in em, when not 0 */
	GAL_CSS_FEATURES, /* tags and values, "\"onum\" 1" */
	GAL_CSS_COLOR,    /* #rrggbb; nothing for none */
	GAL_CSS_HYPHENS,  /* auto or manual, also as -epub- and -webkit- */
	GAL_CSS_LENGTH,   /* em of the part's own font-size */
} gal_css_as;

/* Whether the body's rule takes a declaration; other parts take them all
 * in their own rule. */
typedef enum {
	GAL_CSS_FONT,     /* body { }, which every part that does not set its
			   * own inherits: font and text */
	GAL_CSS_BLOCK,    /* none: the body's paragraphs are not blocks */
} gal_css_rule;

typedef struct gal_key_value {
	const char *name;
	int value;
} gal_key_value;

typedef struct gal_style_key {
	const char *name;           /* as a style file writes it */
	gal_key_type type;
	gal_key_section section;
	unsigned flags;             /* GAL_KEY_*, GAL_CSS_NONZERO */
	size_t offset, size;        /* the field: offsetof and sizeof */
	double lo, hi;              /* range: INT; LENGTH and SPACING in pt;
				     * EM in em */
	double em_lo, em_hi;        /* range in em: LENGTH in a part, SPACING */
	int step;                   /* INT: a multiple of it (0: any) */
	const gal_key_value *names; /* INT, ENUM: named values, up to a NULL
				     * name */
	const char *expect;         /* "bad value ...: expected <this>" where
				     * the type's own words do not fit */
	const char *def;            /* the default as a style file writes it,
				     * where it is the same for every part;
				     * NULL: per part (style.c) or none */
	const char *css;            /* CSS property; NULL: none */
	gal_css_as css_as;
	gal_css_rule css_rule;
	const char *css_value;      /* FLAG: the value while on */
} gal_style_key;

extern const gal_style_key gal_style_keys[];
extern const size_t gal_style_nkeys;

/* The key called `name` in a section of kind `sec`; NULL if there is
 * none. */
const gal_style_key *gal_style_key_find(gal_key_section sec, const char *name);

/* The name of value v of an INT or ENUM key; NULL when it has none. */
const char *gal_style_key_value_name(const gal_style_key *k, int v);

/* The field key k fills in `base`: the gal_style for [style] and [page]
 * keys, a gal_textstyle for part keys. */
static inline const void *gal_style_key_field(const gal_style_key *k,
					      const void *base)
{
	return (const char *)base + k->offset;
}

/* Append every resolved value of the style to out as a style file: the
 * path it was read from in a comment, then [style], [page] and every
 * part with every key of the table, lengths in pt (or mm where that is
 * exact and short). Loading the text gives the same values again, as
 * long as they lie within the keys' ranges. Cannot fail. */
void gal_style_dump(const gal_style *style, gal_buf *out);

/* Load a style: NAME finds NAME.ini in ./, then in
 * $XDG_DATA_HOME/galley/styles (~/.local/share/galley/styles), then in
 * $data/styles (for `inherit = NAME`, in the inheriting file's folder
 * first; a file the chain already reads is passed over); brief that no
 * folder has is the built-in values, any other name an error listing the
 * folders. Anything containing '/' or ending in ".ini" is a path.
 * `inherit = NAME` in [style] reads that style first; what no style sets
 * follows the cascade (galley(1), style.c: brief_type). Unknown sections
 * or keys and bad values are GAL_E_STYLE errors naming FILE:LINE. On
 * success *out is owned by the caller (gal_style_free). */
int gal_style_load(const char *name, gal_style **out, gal_err *err);
/* gal_style_load, telling what it changed: a font family galley's fonts
 * (fonts/fonts.conf) lack is replaced in every part by the one the text
 * is set in (gal_fonts_family), so both outputs name that one, and is
 * reported once, at the style file and line that named it: through
 * opts->warn (code "font-not-found"), or with opts->strict as a
 * GAL_E_STRICT error. gal_style_load makes the same replacements without
 * a word (opts NULL). Without galley's fonts no family is replaced. */
int gal_style_load_checked(const char *name, const gal_opts *opts, gal_style **out,
			   gal_err *err);
void gal_style_free(gal_style *style);

/* The i-th folder a style NAME is looked for in, in order (the current
 * directory, the user's $XDG_DATA_HOME/galley/styles, galley's own),
 * written into buf; NULL past the last. */
const char *gal_style_dir(size_t i, char *buf, size_t size);

/* Section name of a part ("body", "h1", "running-head"). */
const char *gal_part_name(gal_part p);

/* Append the EPUB stylesheet generated from the style's values. */
void gal_style_css(const gal_style *style, gal_buf *css);

/* Parse a paper size ("a4", "letter", "a5", "6x9in", "210x297mm",
 * "400x600pt"); 0 or GAL_E_USAGE. */
int gal_paper_parse(const char *s, double *w, double *h);

#endif
