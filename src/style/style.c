/* Style files: styles/NAME.ini read with libinih into one gal_style.
 *
 * Every key is a row of gal_style_keys: its type says how a value is read
 * (set_value) and written (gal_style_dump), its offset where it goes, its
 * default what the built-in style holds. A file is read twice: the first pass only looks for `inherit` in
 * [style], so the parent can be loaded before the child's values are laid
 * over it, wherever in the file `inherit` appears. Lengths in em are kept
 * aside and resolved once, after the whole chain is read, so `indent =
 * 1em` follows a font-size that a child style changes (as CSS would). */
#include <ctype.h>
#include <errno.h>
#include <ini.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include <stdarg.h>

#include "base/suggest.h"
#include "style/fonts.h"
#include "style/style.h"

#define MM(x) ((x) * 72.0 / 25.4)

/* inherit chains deeper than this are a loop or a mistake */
#define MAX_DEPTH 8
/* a style file is a few kilobytes; refuse anything silly */
#define MAX_FILE (1024 * 1024)
/* inih's line buffer (INI_MAX_LINE in the Debian build) */
#define MAX_LINE 200

static const char *const part_names[GAL_PART_COUNT] = {
	[GAL_PART_BODY] = "body",
	[GAL_PART_TITLE] = "title",
	[GAL_PART_SUBTITLE] = "subtitle",
	[GAL_PART_BYLINE] = "byline",
	[GAL_PART_DATELINE] = "dateline",
	[GAL_PART_H1] = "h1",
	[GAL_PART_H2] = "h2",
	[GAL_PART_H3] = "h3",
	[GAL_PART_H4] = "h4",
	[GAL_PART_BLOCKQUOTE] = "blockquote",
	[GAL_PART_PULLQUOTE] = "pullquote",
	[GAL_PART_ASIDE] = "aside",
	[GAL_PART_CAPTION] = "caption",
	[GAL_PART_CREDIT] = "credit",
	[GAL_PART_FOOTNOTE] = "footnote",
	[GAL_PART_CODE] = "code",
	[GAL_PART_TABLE] = "table",
	[GAL_PART_LIST] = "list",
	[GAL_PART_SUMMARY] = "summary",
	[GAL_PART_REFERENCES] = "references",
	[GAL_PART_RUNNING_HEAD] = "running-head",
	[GAL_PART_FOLIO] = "folio",
};

const char *gal_part_name(gal_part p)
{
	if ((int)p < 0 || p >= GAL_PART_COUNT)
		return NULL;
	return part_names[p];
}

/* ==== lengths and paper sizes ========================================== */

/* Units of a length; em only where the caller allows it. */
enum { U_NONE, U_PT, U_MM, U_CM, U_IN, U_EM, U_BAD };

static int unit_of(const char *s)
{
	if (*s == '\0')
		return U_NONE;
	if (!strcasecmp(s, "pt"))
		return U_PT;
	if (!strcasecmp(s, "mm"))
		return U_MM;
	if (!strcasecmp(s, "cm"))
		return U_CM;
	if (!strcasecmp(s, "in"))
		return U_IN;
	if (!strcasecmp(s, "em"))
		return U_EM;
	return U_BAD;
}

static double to_pt(double v, int unit)
{
	switch (unit) {
	case U_MM: return MM(v);
	case U_CM: return MM(v * 10.0);
	case U_IN: return v * 72.0;
	default: return v;
	}
}

/* A plain decimal number (no hex, inf or nan, which strtod would take);
 * *end is left after it. */
static int parse_number(const char *s, double *v, const char **end)
{
	const char *p = s;
	if (*p == '+' || *p == '-')
		p++;
	if (!isdigit((unsigned char)*p) && !(*p == '.' && isdigit((unsigned char)p[1])))
		return -1;
	while (isdigit((unsigned char)*p))
		p++;
	if (*p == '.') {
		p++;
		while (isdigit((unsigned char)*p))
			p++;
	}
	char tmp[64];
	size_t n = (size_t)(p - s);
	if (n >= sizeof tmp)
		return -1;
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	/* strtod follows LC_NUMERIC; the CLI never calls setlocale for
	 * numbers, but be safe: a comma locale would break "10.5" */
	char *dot = strchr(tmp, '.');
	char *e;
	double d = strtod(tmp, &e);
	if (*e != '\0' && dot) {
		*dot = ',';
		d = strtod(tmp, &e);
	}
	if (*e != '\0' || !isfinite(d))
		return -1;
	*v = d;
	*end = p;
	return 0;
}

/* "12pt", "1.5em", "20mm"; a bare number is points. */
static int parse_length(const char *s, double *v, int *unit)
{
	const char *end;
	while (isspace((unsigned char)*s))
		s++;
	if (parse_number(s, v, &end))
		return -1;
	while (isspace((unsigned char)*end))
		end++;
	*unit = unit_of(end);
	if (*unit == U_BAD)
		return -1;
	if (*unit == U_NONE)
		*unit = U_PT;
	return 0;
}

static const struct {
	const char *name;
	double w_mm, h_mm;
} papers[] = {
	{ "a3", 297, 420 },
	{ "a4", 210, 297 },
	{ "a5", 148, 210 },
	{ "b5", 176, 250 },
};

int gal_paper_parse(const char *s, double *w, double *h)
{
	if (!s)
		return GAL_E_USAGE;
	for (size_t i = 0; i < sizeof papers / sizeof papers[0]; i++)
		if (!strcasecmp(s, papers[i].name)) {
			*w = MM(papers[i].w_mm);
			*h = MM(papers[i].h_mm);
			return 0;
		}
	if (!strcasecmp(s, "letter")) {
		*w = 612;
		*h = 792;
		return 0;
	}
	if (!strcasecmp(s, "legal")) {
		*w = 612;
		*h = 1008;
		return 0;
	}
	/* WxH: "6x9in", "210x297mm", "210mmx297mm", "400x600pt". A unit is
	 * required: a bare "600x800" could be anything. */
	double a, b;
	const char *p;
	char u1[4] = "", u2[4] = "";
	if (parse_number(s, &a, &p))
		return GAL_E_USAGE;
	size_t n = 0;
	while (isalpha((unsigned char)*p) && *p != 'x' && *p != 'X' && n < 3)
		u1[n++] = *p++;
	u1[n] = '\0';
	if (*p != 'x' && *p != 'X')
		return GAL_E_USAGE;
	p++;
	if (parse_number(p, &b, &p))
		return GAL_E_USAGE;
	n = 0;
	while (isalpha((unsigned char)*p) && n < 3)
		u2[n++] = *p++;
	u2[n] = '\0';
	if (*p != '\0')
		return GAL_E_USAGE;
	int k1 = unit_of(u1), k2 = unit_of(u2);
	if (k2 == U_NONE || k2 == U_BAD || k2 == U_EM || k1 == U_BAD || k1 == U_EM)
		return GAL_E_USAGE;
	if (k1 == U_NONE)
		k1 = k2;
	a = to_pt(a, k1);
	b = to_pt(b, k2);
	/* one inch up to PDF's largest page (200 in) */
	if (a < 72 || b < 72 || a > 14400 || b > 14400)
		return GAL_E_USAGE;
	*w = a;
	*h = b;
	return 0;
}

/* ==== values =========================================================== */

static int parse_bool(const char *v, int *out)
{
	static const char *const yes[] = { "yes", "true", "on", "1" };
	static const char *const no[] = { "no", "false", "off", "0" };
	for (int i = 0; i < 4; i++) {
		if (!strcasecmp(v, yes[i])) {
			*out = 1;
			return 0;
		}
		if (!strcasecmp(v, no[i])) {
			*out = 0;
			return 0;
		}
	}
	return -1;
}

static int parse_int(const char *v, int lo, int hi, int *out)
{
	char *end;
	errno = 0;
	long n = strtol(v, &end, 10);
	if (end == v || *end || errno || n < lo || n > hi)
		return -1;
	*out = (int)n;
	return 0;
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* #rrggbb or #rgb; "none" only where allowed */
static int parse_color(const char *v, int allow_none, uint32_t *out)
{
	if (allow_none && (!strcasecmp(v, "none") || !strcasecmp(v, "transparent"))) {
		*out = 0xFFFFFFFF;
		return 0;
	}
	size_t n = strlen(v);
	if (v[0] != '#' || (n != 7 && n != 4))
		return -1;
	uint32_t c = 0;
	for (size_t i = 1; i < n; i++) {
		int h = hexval((unsigned char)v[i]);
		if (h < 0)
			return -1;
		c = c << 4 | (uint32_t)h;
		if (n == 4)
			c = c << 4 | (uint32_t)h;
	}
	*out = c;
	return 0;
}

/* Family lists reach fontconfig and the EPUB's CSS: letters, digits,
 * spaces, commas, '-', '_' and '.' only, so nothing needs quoting. */
static int check_family(const char *v, size_t size)
{
	if (!*v || strlen(v) >= size)
		return -1;
	for (const char *p = v; *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr(" ,-_.", *p))
			return -1;
	return 0;
}

/* "onum=1,liga=0,tnum": four-character tags, optional =N */
static int check_features(const char *v, size_t size)
{
	if (strlen(v) >= size)
		return -1;
	const char *p = v;
	while (*p) {
		while (*p == ' ')
			p++;
		int n = 0;
		while (isalnum((unsigned char)p[n]))
			n++;
		if (n != 4)
			return -1;
		p += n;
		if (*p == '=') {
			p++;
			if (!isdigit((unsigned char)*p))
				return -1;
			while (isdigit((unsigned char)*p))
				p++;
		}
		while (*p == ' ')
			p++;
		if (*p == ',')
			p++;
		else if (*p)
			return -1;
	}
	return 0;
}

/* ==== the keys ========================================================= */

static const gal_key_value weights[] = {
	{ "normal", 400 }, { "bold", 700 }, { NULL, 0 },
};
static const gal_key_value slants[] = {
	{ "normal", 0 }, { "italic", 1 }, { NULL, 0 },
};
static const gal_key_value aligns[] = {
	{ "left", GAL_ALIGN_LEFT }, { "center", GAL_ALIGN_CENTER },
	{ "right", GAL_ALIGN_RIGHT }, { "justify", GAL_ALIGN_JUSTIFY },
	{ NULL, 0 },
};

#define FIELD(type, sec, f) .section = sec, .offset = offsetof(type, f), \
	.size = sizeof ((type *)0)->f
#define STYLE(f) FIELD(gal_style, GAL_SEC_STYLE, f)
#define PAGE(f) FIELD(gal_style, GAL_SEC_PAGE, f)
#define PART(f) FIELD(gal_textstyle, GAL_SEC_PART, f)

/* a paper size fills page_w and page_h as one double[2] */
_Static_assert(offsetof(gal_style, page_h) == offsetof(gal_style, page_w) + sizeof(double),
	       "page_w and page_h must be adjacent");

/* Every key. Part keys stand in the order of their CSS declarations:
 * font, then text, then block. Ranges of lengths are in pt; em ranges
 * run from a twelfth to a quarter of them (em of a 12 pt and of a 4 pt
 * size). Defaults that differ from part to part are in part_defaults. */
const gal_style_key gal_style_keys[] = {
	{ "name", GAL_KEY_TEXT, STYLE(name), .def = "brief" },
	{ "inherit", GAL_KEY_INHERIT, .section = GAL_SEC_STYLE },

	{ "size", GAL_KEY_PAPER, .section = GAL_SEC_PAGE,
	  .offset = offsetof(gal_style, page_w), .size = 2 * sizeof(double),
	  .expect = "a4, a5, letter, 6x9in or WIDTHxHEIGHT with a unit", .def = "a4" },
	{ "margin-top", GAL_KEY_LENGTH, PAGE(margin_top), .hi = 2000, .def = "20mm" },
	{ "margin-bottom", GAL_KEY_LENGTH, PAGE(margin_bottom), .hi = 2000, .def = "22mm" },
	{ "margin-inner", GAL_KEY_LENGTH, PAGE(margin_inner), .hi = 2000, .def = "70mm" },
	{ "margin-outer", GAL_KEY_LENGTH, PAGE(margin_outer), .hi = 2000, .def = "25mm" },
	{ "columns", GAL_KEY_INT, PAGE(columns), .lo = 1, .hi = 2, .expect = "1 or 2",
	  .def = "1" },
	{ "column-gap", GAL_KEY_LENGTH, PAGE(column_gap), .hi = 500, .def = "6mm" },
	{ "baseline-grid", GAL_KEY_BOOL, PAGE(baseline_grid), .def = "no" },
	{ "running-head", GAL_KEY_BOOL, PAGE(running_head), .def = "yes" },
	{ "page-numbers", GAL_KEY_BOOL, PAGE(page_numbers), .def = "yes" },
	{ "toc", GAL_KEY_BOOL, PAGE(toc), .def = "no" },
	{ "toc-depth", GAL_KEY_INT, PAGE(toc_depth), .lo = 1, .hi = 6, .expect = "1 to 6",
	  .def = "2" },
	{ "cover-page", GAL_KEY_BOOL, PAGE(cover_page), .def = "no" },
	{ "smart-punctuation", GAL_KEY_BOOL, PAGE(smart_punct), .def = "yes" },
	{ "widows", GAL_KEY_INT, PAGE(widows), .lo = 1, .hi = 5, .expect = "1 to 5 lines",
	  .def = "2" },
	{ "orphans", GAL_KEY_INT, PAGE(orphans), .lo = 1, .hi = 5, .expect = "1 to 5 lines",
	  .def = "2" },
	{ "letter-stretch", GAL_KEY_EM, PAGE(letter_stretch), .hi = 0.1,
	  .expect = "0em to 0.1em", .def = "0.025em" },
	{ "letter-shrink", GAL_KEY_EM, PAGE(letter_shrink), .hi = 0.1,
	  .expect = "0em to 0.1em", .def = "0.0125em" },
	{ "math-font", GAL_KEY_FAMILY, PAGE(math_family), .def = "TeX Gyre Schola Math" },

	{ "font-family", GAL_KEY_FAMILY, PART(family),
	  .css = "font-family", .css_as = GAL_CSS_FAMILY },
	{ "font-size", GAL_KEY_LENGTH, PART(size), .flags = GAL_KEY_EM_BODY,
	  .lo = 3, .hi = 200, .em_lo = 0.25, .em_hi = 50,
	  .css = "font-size", .css_as = GAL_CSS_SIZE },
	{ "leading", GAL_KEY_LENGTH, PART(leading), .lo = 3, .hi = 300, .em_lo = 0.25,
	  .em_hi = 75, .css = "line-height", .css_as = GAL_CSS_RATIO },
	{ "font-weight", GAL_KEY_INT, PART(weight), .lo = 100, .hi = 900, .step = 100,
	  .names = weights, .expect = "normal, bold or 100..900", .def = "400",
	  .css = "font-weight", .css_as = GAL_CSS_NUMBER },
	{ "font-style", GAL_KEY_ENUM, PART(italic), .names = slants,
	  .expect = "normal or italic", .def = "normal",
	  .css = "font-style", .css_as = GAL_CSS_NAME },
	{ "small-caps", GAL_KEY_BOOL, PART(smallcaps), .def = "no",
	  .css = "font-variant", .css_as = GAL_CSS_FLAG, .css_value = "small-caps" },
	{ "uppercase", GAL_KEY_BOOL, PART(uppercase), .def = "no",
	  .css = "text-transform", .css_as = GAL_CSS_FLAG, .css_value = "uppercase" },
	{ "letter-spacing", GAL_KEY_SPACING, PART(letterspacing), .lo = -20, .hi = 50,
	  .em_lo = -0.5, .em_hi = 1, .def = "0em",
	  .css = "letter-spacing", .css_as = GAL_CSS_EM },
	{ "font-features", GAL_KEY_FEATURES, PART(features), .def = "",
	  .css = "font-feature-settings", .css_as = GAL_CSS_FEATURES },
	{ "color", GAL_KEY_COLOR, PART(color), .def = "#1a1a1a",
	  .css = "color", .css_as = GAL_CSS_COLOR },
	{ "background", GAL_KEY_COLOR, PART(background), .flags = GAL_KEY_ALLOW_NONE,
	  .def = "none", .css = "background-color", .css_as = GAL_CSS_COLOR },
	{ "rule-color", GAL_KEY_COLOR, PART(rule_color), .flags = GAL_KEY_ALLOW_NONE,
	  .def = "#b3b3b3" },
	{ "align", GAL_KEY_ENUM, PART(align), .names = aligns,
	  .expect = "left, right, center or justify", .def = "left",
	  .css = "text-align", .css_as = GAL_CSS_NAME },
	{ "hyphenate", GAL_KEY_BOOL, PART(hyphenate), .def = "no",
	  .css = "hyphens", .css_as = GAL_CSS_HYPHENS },
	{ "space-before", GAL_KEY_LENGTH, PART(space_before), .hi = 300, .em_hi = 75,
	  .def = "0", .css = "margin-top", .css_as = GAL_CSS_LENGTH,
	  .css_rule = GAL_CSS_BLOCK },
	{ "space-after", GAL_KEY_LENGTH, PART(space_after), .hi = 300, .em_hi = 75,
	  .def = "0", .css = "margin-bottom", .css_as = GAL_CSS_LENGTH,
	  .css_rule = GAL_CSS_BLOCK },
	{ "margin-left", GAL_KEY_LENGTH, PART(margin_left), .hi = 300, .em_hi = 75,
	  .def = "0", .css = "margin-left", .css_as = GAL_CSS_LENGTH,
	  .css_rule = GAL_CSS_BLOCK },
	{ "margin-right", GAL_KEY_LENGTH, PART(margin_right), .hi = 300, .em_hi = 75,
	  .def = "0", .css = "margin-right", .css_as = GAL_CSS_LENGTH,
	  .css_rule = GAL_CSS_BLOCK },
	{ "indent", GAL_KEY_LENGTH, PART(indent), .flags = GAL_CSS_NONZERO,
	  .lo = -300, .hi = 300, .em_lo = -25, .em_hi = 75, .def = "0",
	  .css = "text-indent", .css_as = GAL_CSS_LENGTH, .css_rule = GAL_CSS_BLOCK },
	{ "min-size", GAL_KEY_LENGTH, PART(min_size), .lo = 3, .hi = 200, .em_lo = 0.25,
	  .em_hi = 50, .def = "6" },
	{ "row-rules", GAL_KEY_BOOL, PART(row_rules), .def = "no" },
};

#define NKEYS (sizeof gal_style_keys / sizeof gal_style_keys[0])
const size_t gal_style_nkeys = NKEYS;

const gal_style_key *gal_style_key_find(gal_key_section sec, const char *name)
{
	for (size_t i = 0; i < NKEYS; i++)
		if (gal_style_keys[i].section == sec && !strcmp(gal_style_keys[i].name, name))
			return &gal_style_keys[i];
	return NULL;
}

/* The row of part key `name`, which the table has. */
static size_t part_key(const char *name)
{
	return (size_t)(gal_style_key_find(GAL_SEC_PART, name) - gal_style_keys);
}

const char *gal_style_key_value_name(const gal_style_key *k, int v)
{
	for (const gal_key_value *n = k->names; n && n->name; n++)
		if (n->value == v)
			return n->name;
	return NULL;
}
/* ==== the loader ======================================================= */

typedef struct chain {
	/* a part's value given in the unit its field is not kept in (em
	 * for a LENGTH, an absolute length for SPACING), waiting for the
	 * font sizes of the whole chain; NAN: the stored value is final */
	double pending[GAL_PART_COUNT][NKEYS];
	/* a part's value some style gave (a file, or brief's own values
	 * built in), which the cascade (follow_body) leaves as it is */
	unsigned char set[GAL_PART_COUNT][NKEYS];
	/* where each part's font-family was set ("": built in), for the
	 * warning when galley lacks it */
	char family_file[GAL_PART_COUNT][PATH_MAX];
	int family_line[GAL_PART_COUNT];
	char files[MAX_DEPTH][PATH_MAX];    /* realpaths being read: loops */
	int depth;
} chain;

typedef struct loader {
	gal_style *style;
	chain *ch;
	const char *path;
	const char *text;
	size_t pos, len;
	int line;
	int pass;                 /* 1: look for inherit only; 2: apply */
	int mark;                 /* the values it sets count as set */
	char inherit[PATH_MAX];
	int inherit_line;
	int err_line;             /* first error (0: none yet) */
	char msg[400];
} loader;

/* gal_err.file must outlive the call; the style (and its path) does not
 * survive a failed load, so the failing file name lives here. */
static char err_file[PATH_MAX];

static int fail(gal_err *err, const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int fail(gal_err *err, const char *file, int line, const char *fmt, ...)
{
	char msg[480];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	snprintf(err_file, sizeof err_file, "%s", file ? file : "");
	return gal_err_set(err, GAL_E_STYLE, file ? err_file : NULL, line, 0,
			   "%s", msg);
}

static int bad(loader *L, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int bad(loader *L, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(L->msg, sizeof L->msg, fmt, ap);
	va_end(ap);
	return -1;
}

/* fgets for inih over the file's bytes; counts lines so the handler
 * knows where it is (the Debian build lacks INI_HANDLER_LINENO). */
static char *read_line(char *str, int num, void *stream)
{
	loader *L = stream;
	if (L->pos >= L->len || num < 2)
		return NULL;
	const char *s = L->text + L->pos;
	const char *nl = memchr(s, '\n', L->len - L->pos);
	size_t n = nl ? (size_t)(nl - s) + 1 : L->len - L->pos;
	L->pos += n;
	L->line++;
	if (n > (size_t)num - 1) {
		/* inih would split the line and read the tail as a new one */
		if (!L->err_line) {
			L->err_line = L->line;
			snprintf(L->msg, sizeof L->msg,
				 "line longer than %d characters", num - 3);
		}
		str[0] = '\n';
		str[1] = '\0';
		return str;
	}
	memcpy(str, s, n);
	str[n] = '\0';
	return str;
}

/* ---- one value ---------------------------------------------------------- */

#define LENGTH_UNITS "a length (pt, mm, cm, in or em)"

static const char *section_of(const gal_style_key *k, int part)
{
	if (part >= 0)
		return part_names[part];
	return k->section == GAL_SEC_STYLE ? "style" : "page";
}

/* What a bad value's message says was expected: the key's own words,
 * or its type's. */
static const char *expectation(const gal_style_key *k)
{
	if (k->expect)
		return k->expect;
	switch (k->type) {
	case GAL_KEY_LENGTH:
		return k->section == GAL_SEC_PART ? LENGTH_UNITS
			: "a length (pt, mm, cm or in)";
	case GAL_KEY_SPACING:
		return LENGTH_UNITS;
	case GAL_KEY_BOOL:
		return "yes or no";
	case GAL_KEY_COLOR:
		return k->flags & GAL_KEY_ALLOW_NONE ? "#rrggbb or none" : "#rrggbb";
	case GAL_KEY_FAMILY:
		return "family names (letters, digits, spaces, commas)";
	case GAL_KEY_FEATURES:
		return "OpenType tags like onum=1,liga=0";
	case GAL_KEY_EM:
	case GAL_KEY_INT:
	case GAL_KEY_ENUM:
	case GAL_KEY_PAPER:
	case GAL_KEY_TEXT:
	case GAL_KEY_INHERIT:
		break;
	}
	return NULL;
}

static int bad_value(loader *L, const gal_style_key *k, int part, const char *v)
{
	const char *x = expectation(k);
	return bad(L, "bad value '%s' for '%s' in [%s]%s%s", v, k->name,
		   section_of(k, part), x ? ": expected " : "", x ? x : "");
}

/* unit U_PT or U_EM: the message gives the range in it */
static int out_of_range(loader *L, const gal_style_key *k, int part,
			const char *v, int unit, double lo, double hi)
{
	char range[80] = "";
	if (unit == U_PT)
		snprintf(range, sizeof range, " (%g to %g pt)", lo, hi);
	else if (unit == U_EM)
		snprintf(range, sizeof range, " (%gem to %gem)", lo, hi);
	return bad(L, "value '%s' for '%s' in [%s] is out of range%s", v, k->name,
		   section_of(k, part), range);
}

/* LENGTH: in pt; em, in a part only, waits (pend) for the font sizes */
static int set_length(loader *L, const gal_style_key *k, int part,
		      const char *v, double *dst, double *pend)
{
	double x;
	int unit;
	if (parse_length(v, &x, &unit) || (unit == U_EM && !pend))
		return bad_value(L, k, part, v);
	if (unit == U_EM) {
		if ((k->flags & GAL_KEY_EM_BODY) && part == GAL_PART_BODY)
			return bad(L, "'%s' in [%s] cannot be in em: it is what em "
				   "means", k->name, part_names[part]);
		if (x < k->em_lo || x > k->em_hi)
			return out_of_range(L, k, part, v, U_NONE, 0, 0);
		*pend = x;
		return 0;
	}
	x = to_pt(x, unit);
	if (x < k->lo || x > k->hi)
		return out_of_range(L, k, part, v, pend ? U_PT : U_NONE, k->lo, k->hi);
	if (pend)
		*pend = NAN;
	*dst = x;
	return 0;
}

/* SPACING (parts only): in em; an absolute length waits for the sizes */
static int set_spacing(loader *L, const gal_style_key *k, int part,
		       const char *v, double *dst, double *pend)
{
	double x;
	int unit;
	if (parse_length(v, &x, &unit))
		return bad_value(L, k, part, v);
	if (unit == U_EM) {
		if (x < k->em_lo || x > k->em_hi)
			return out_of_range(L, k, part, v, U_EM, k->em_lo, k->em_hi);
		*dst = x;
		*pend = NAN;
		return 0;
	}
	x = to_pt(x, unit);
	if (x < k->lo || x > k->hi)
		return out_of_range(L, k, part, v, U_NONE, 0, 0);
	*pend = x;
	return 0;
}

/* INT: a name of a value, or a number in range */
static int read_int(const gal_style_key *k, const char *v, int *dst)
{
	int n = 0;
	for (const gal_key_value *nv = k->names; nv && nv->name; nv++)
		if (!strcasecmp(v, nv->name)) {
			*dst = nv->value;
			return 0;
		}
	if (k->type == GAL_KEY_ENUM || parse_int(v, (int)k->lo, (int)k->hi, &n) ||
	    (k->step && n % k->step))
		return -1;
	*dst = n;
	return 0;
}

static int text_ok(const gal_style_key *k, const char *v)
{
	if (k->type == GAL_KEY_FAMILY)
		return !check_family(v, k->size);
	if (k->type == GAL_KEY_FEATURES)
		return !check_features(v, k->size);
	return *v && strlen(v) < k->size;
}

/* Value v of key k into the style (part < 0) or part `part`. */
static int set_value(loader *L, const gal_style_key *k, int part, const char *v)
{
	char *base = part < 0 ? (char *)L->style : (char *)&L->style->part[part];
	void *f = base + k->offset;
	double *pend = part < 0 ? NULL : &L->ch->pending[part][k - gal_style_keys];
	double x;
	int unit, bad_v = 0;

	if (part >= 0 && L->mark)
		L->ch->set[part][k - gal_style_keys] = 1;
	if (part >= 0 && L->mark && k->type == GAL_KEY_FAMILY) {
		snprintf(L->ch->family_file[part], PATH_MAX, "%s", L->path ? L->path : "");
		L->ch->family_line[part] = L->line;
	}

	switch (k->type) {
	case GAL_KEY_LENGTH:
		return set_length(L, k, part, v, f, pend);
	case GAL_KEY_SPACING:
		return set_spacing(L, k, part, v, f, pend);
	case GAL_KEY_EM:
		bad_v = parse_length(v, &x, &unit) || unit != U_EM || x < k->lo ||
			x > k->hi;
		if (!bad_v)
			*(double *)f = x;
		break;
	case GAL_KEY_INT:
	case GAL_KEY_ENUM:
		bad_v = read_int(k, v, f);
		break;
	case GAL_KEY_BOOL:
		bad_v = parse_bool(v, f);
		break;
	case GAL_KEY_COLOR:
		bad_v = parse_color(v, k->flags & GAL_KEY_ALLOW_NONE, f);
		break;
	case GAL_KEY_FAMILY:
	case GAL_KEY_FEATURES:
	case GAL_KEY_TEXT:
		bad_v = !text_ok(k, v);
		if (!bad_v)
			snprintf(f, k->size, "%s", v);
		break;
	case GAL_KEY_PAPER:
		bad_v = gal_paper_parse(v, f, (double *)(base + k->offset + sizeof(double)));
		break;
	case GAL_KEY_INHERIT:
		break;          /* read by the first pass */
	}
	return bad_v ? bad_value(L, k, part, v) : 0;
}

/* "; did you mean 'color'?" for a key that a section of kind sec does
 * not take, when one it takes is near; else "". */
static const char *near_key(gal_key_section sec, const char *key, char *buf,
			    size_t size)
{
	gal_suggest s;
	gal_suggest_init(&s, key);
	for (size_t i = 0; i < gal_style_nkeys; i++)
		if (gal_style_keys[i].section == sec)
			gal_suggest_add(&s, gal_style_keys[i].name);
	const char *near = gal_suggest_best(&s);
	snprintf(buf, size, "%s%s%s", near ? "; did you mean '" : "",
		 near ? near : "", near ? "'?" : "");
	return buf;
}

/* section -> key -> value */
static int apply(loader *L, const char *section, const char *key, const char *v)
{
	gal_key_section sec = GAL_SEC_PART;
	int part = -1;
	if (!strcmp(section, "style"))
		sec = GAL_SEC_STYLE;
	else if (!strcmp(section, "page"))
		sec = GAL_SEC_PAGE;
	else
		for (int p = 0; p < GAL_PART_COUNT && part < 0; p++)
			if (!strcmp(section, part_names[p]))
				part = p;
	if (sec == GAL_SEC_PART && part < 0)
		return *section ? bad(L, "unknown section [%s]", section)
			: bad(L, "key '%s' outside any [section]", key);
	const gal_style_key *k = gal_style_key_find(sec, key);
	char hint[96];
	if (!k)
		return bad(L, "unknown key '%s' in [%s]%s", key, section,
			   near_key(sec, key, hint, sizeof hint));
	return set_value(L, k, part, v);
}

static int handler(void *user, const char *section, const char *name,
		   const char *value)
{
	loader *L = user;
	if (L->err_line)
		return 1;       /* report the first error only */
	if (L->pass == 1) {
		const gal_style_key *k = strcmp(section, "style") ? NULL
			: gal_style_key_find(GAL_SEC_STYLE, name);
		if (k && k->type == GAL_KEY_INHERIT) {
			snprintf(L->inherit, sizeof L->inherit, "%s", value);
			L->inherit_line = L->line;
		}
		return 1;
	}
	if (apply(L, section, name, value)) {
		L->err_line = L->line;
		return 0;
	}
	return 1;
}

/* ==== the built-in style: brief ======================================== */

#define SERIF "font-family=Charis SIL; "
#define SANS "font-family=Noto Sans; "
#define MONO "font-family=Noto Sans Mono; "

/* brief's type: each part's font-size and leading in pt, and whether the
 * part speaks in the body's voice. Such a part follows the body
 * (follow_body): where no style sets them, its font family, colour,
 * alignment and hyphenation are the body's and its size keeps this
 * proportion to the body's; other parts keep the size given here. Every
 * part's leading keeps this proportion to its own size. */
static const struct {
	double size, leading;
	int body_voice;
} brief_type[GAL_PART_COUNT] = {
	[GAL_PART_BODY] = { 10.5, 14.5, 0 },
	[GAL_PART_TITLE] = { 26, 30, 0 },
	[GAL_PART_SUBTITLE] = { 14, 19, 1 },
	[GAL_PART_BYLINE] = { 8.5, 12, 0 },
	[GAL_PART_DATELINE] = { 8.5, 12, 0 },
	[GAL_PART_H1] = { 15, 19, 0 },
	[GAL_PART_H2] = { 12.5, 16, 0 },
	[GAL_PART_H3] = { 10.5, 14.5, 0 },
	[GAL_PART_H4] = { 10.5, 14.5, 0 },
	[GAL_PART_BLOCKQUOTE] = { 10, 14, 1 },
	[GAL_PART_PULLQUOTE] = { 15, 20, 1 },
	[GAL_PART_ASIDE] = { 9, 13, 0 },
	[GAL_PART_CAPTION] = { 8.5, 11.5, 0 },
	[GAL_PART_CREDIT] = { 7, 9, 0 },
	[GAL_PART_FOOTNOTE] = { 8, 10.5, 1 },
	[GAL_PART_CODE] = { 8.5, 12, 0 },
	[GAL_PART_TABLE] = { 8.5, 11.5, 0 },
	[GAL_PART_LIST] = { 10.5, 14.5, 1 },
	[GAL_PART_SUMMARY] = { 9.5, 13.5, 0 },
	[GAL_PART_REFERENCES] = { 8.5, 11.5, 1 },
	[GAL_PART_RUNNING_HEAD] = { 7.5, 10, 0 },
	[GAL_PART_FOLIO] = { 8, 10, 0 },
};

/* What else differs from part to part, over the table's defaults;
 * styles/brief.ini says the same (the unit tests compare the two). A
 * part in the body's voice sets here only what it does not take from the
 * body; the body's first-line indent is an em, so it follows the body's
 * size as it does in brief.ini. */
static const char *const part_defaults[GAL_PART_COUNT] = {
	[GAL_PART_BODY] = SERIF "align=justify; hyphenate=yes; indent=1em; min-size=8",
	[GAL_PART_TITLE] = SANS "font-weight=700; letter-spacing=-0.01em; color=#111111; "
		"space-after=8",
	[GAL_PART_SUBTITLE] = "font-style=italic; color=#444444; align=left; hyphenate=no; "
		"space-after=12",
	[GAL_PART_BYLINE] = SANS "font-weight=600; uppercase=yes; letter-spacing=0.06em; "
		"color=#333333",
	[GAL_PART_DATELINE] = SANS "color=#6b6b6b; rule-color=#cccccc; space-after=18",
	[GAL_PART_H1] = SANS "font-weight=700; color=#111111; space-before=18; space-after=6",
	[GAL_PART_H2] = SANS "font-weight=700; color=#222222; space-before=14; space-after=4",
	[GAL_PART_H3] = SANS "font-weight=700; color=#222222; space-before=12; space-after=2",
	[GAL_PART_H4] = SANS "font-weight=600; color=#444444; space-before=10",
	[GAL_PART_BLOCKQUOTE] = "color=#333333; space-before=7; space-after=7; "
		"margin-left=18; margin-right=18",
	[GAL_PART_PULLQUOTE] = "font-style=italic; color=#8a2b1d; rule-color=#8a2b1d; "
		"align=center; hyphenate=no; space-before=12; space-after=12; margin-left=24; "
		"margin-right=24",
	[GAL_PART_ASIDE] = SANS "color=#222222; background=#f3f1ec; rule-color=#d8d3c8; "
		"space-before=10; space-after=10; margin-left=8; margin-right=8",
	[GAL_PART_CAPTION] = SANS "color=#444444; space-before=4; space-after=2",
	[GAL_PART_CREDIT] = SANS "uppercase=yes; letter-spacing=0.04em; color=#6b6b6b; "
		"space-after=10",
	[GAL_PART_FOOTNOTE] = "color=#333333; rule-color=#999999; space-before=2",
	[GAL_PART_CODE] = MONO "color=#222222; background=#f5f5f2; space-before=6; "
		"space-after=6; margin-left=8",
	[GAL_PART_TABLE] = SANS "font-features=tnum=1; rule-color=#999999; space-before=8; "
		"space-after=8",
	[GAL_PART_LIST] = "space-before=4; space-after=4; margin-left=14",
	[GAL_PART_SUMMARY] = SANS "color=#222222; background=#f3f1ec; rule-color=#8a2b1d; "
		"space-before=4; space-after=14; margin-left=8; margin-right=8",
	[GAL_PART_REFERENCES] = "align=left; hyphenate=no; space-after=2; margin-left=12; "
		"indent=-12",
	[GAL_PART_RUNNING_HEAD] = SANS "uppercase=yes; letter-spacing=0.08em; color=#6b6b6b",
	[GAL_PART_FOLIO] = SANS "font-features=tnum=1; color=#6b6b6b",
};

/* "key=value; key=value" into part p */
static int apply_list(loader *L, int part, const char *list)
{
	char buf[512], *save = NULL;
	if (snprintf(buf, sizeof buf, "%s", list) >= (int)sizeof buf)
		return bad(L, "[%s] defaults too long", part_names[part]);
	for (char *kv = strtok_r(buf, ";", &save); kv; kv = strtok_r(NULL, ";", &save)) {
		char *eq = strchr(kv, '=');
		while (*kv == ' ')
			kv++;
		if (!eq)
			return bad(L, "[%s] default '%s' lacks a value", part_names[part], kv);
		*eq = '\0';
		if (apply(L, part_names[part], kv, eq + 1))
			return -1;
	}
	return 0;
}

/* Every value of the built-in style (brief): the table's defaults, then
 * each part's own. */
static int style_default(gal_style *s, chain *ch, gal_err *err)
{
	loader D = { .style = s, .ch = ch };
	int rc = 0;
	memset(s, 0, sizeof *s);
	memset(ch->set, 0, sizeof ch->set);
	/* the table's defaults are what nobody set: the cascade may replace
	 * them; the parts' own values are brief's, set */
	for (size_t i = 0; i < NKEYS && !rc; i++) {
		const gal_style_key *k = &gal_style_keys[i];
		if (!k->def)
			continue;
		if (k->section != GAL_SEC_PART)
			rc = set_value(&D, k, -1, k->def);
		for (int p = 0; k->section == GAL_SEC_PART && p < GAL_PART_COUNT && !rc; p++)
			rc = set_value(&D, k, p, k->def);
	}
	D.mark = 1;
	for (int p = 0; p < GAL_PART_COUNT && !rc; p++) {
		if (!brief_type[p].body_voice)
			s->part[p].size = brief_type[p].size;
		ch->set[p][part_key("font-size")] = !brief_type[p].body_voice;
		rc = apply_list(&D, p, part_defaults[p]);
	}
	if (rc)
		return fail(err, NULL, 0, "the built-in style: %s", D.msg);
	return 0;
}

/* ---- finding files ------------------------------------------------------ */

static int is_path(const char *name)
{
	size_t n = strlen(name);
	return strchr(name, '/') || (n >= 4 && !strcmp(name + n - 4, ".ini"));
}

/* A path, made relative to `base_dir` (the inheriting file's directory)
 * when given and the path is not absolute. */
static int style_path(const char *name, const char *base_dir, char *out,
		      size_t outsz)
{
	int n;
	if (name[0] != '/' && base_dir)
		n = snprintf(out, outsz, "%s/%s", base_dir, name);
	else
		n = snprintf(out, outsz, "%s", name);
	return n < 0 || (size_t)n >= outsz ? -1 : 0;
}

/* A style name: letters, digits, '-', '_' and '.', not first. */
static int name_ok(const char *name)
{
	if (!*name || name[0] == '.')
		return 0;
	for (const char *p = name; *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr("-_.", *p))
			return 0;
	return 1;
}

#define MAX_DIRS 4

/* The folders a style name is looked for in, in order: the inheriting
 * file's own (`first`, for inherit), the current directory, the user's
 * ($XDG_DATA_HOME, else ~/.local/share, then galley/styles) and galley's
 * (its data directory's styles). Returns how many. */
static int style_dirs(const char *first, char dirs[MAX_DIRS][PATH_MAX])
{
	int n = 0;
	if (first)
		snprintf(dirs[n++], PATH_MAX, "%s", first);
	snprintf(dirs[n++], PATH_MAX, ".");
	const char *xdg = getenv("XDG_DATA_HOME"), *home = getenv("HOME");
	/* the XDG spec ignores a relative XDG_DATA_HOME */
	if (xdg && xdg[0] == '/')
		snprintf(dirs[n++], PATH_MAX, "%s/galley/styles", xdg);
	else if (home && home[0] == '/')
		snprintf(dirs[n++], PATH_MAX, "%s/.local/share/galley/styles", home);
	snprintf(dirs[n++], PATH_MAX, "%s/styles", gal_data_dir());
	return n;
}

const char *gal_style_dir(size_t i, char *buf, size_t size)
{
	char dirs[MAX_DIRS][PATH_MAX];
	size_t n = (size_t)style_dirs(NULL, dirs);
	if (i >= n)
		return NULL;
	snprintf(buf, size, "%s", dirs[i]);
	return buf;
}

/* NAME.ini in the first of style_dirs that has it, passing over a file
 * the chain is reading already: a style may inherit the one of its own
 * name further down the list (./brief.ini from galley's brief). 0 and
 * out when found; -1 and, in looked, the folders. */
static int find_style(const char *name, const char *first, const chain *ch,
		      char *out, size_t outsz, char *looked, size_t lsz)
{
	char dirs[MAX_DIRS][PATH_MAX];
	int n = style_dirs(first, dirs);
	size_t used = 0;
	looked[0] = '\0';
	for (int i = 0; i < n; i++) {
		char real[PATH_MAX];
		int k = snprintf(out, outsz, "%s/%s.ini", dirs[i], name), in_chain = 0;
		if (k < 0 || (size_t)k >= outsz || access(out, F_OK) != 0) {
			if (used < lsz)
				used += (size_t)snprintf(looked + used, lsz - used, "%s%s/",
							 i ? ", " : "", dirs[i]);
			continue;
		}
		if (ch && realpath(out, real))
			for (int d = 0; d <= ch->depth; d++)
				in_chain |= !strcmp(ch->files[d], real);
		if (!in_chain)
			return 0;
	}
	return -1;
}

static int read_file(const char *path, char **text, size_t *len, char *why,
		     size_t whysz)
{
	FILE *f = NULL;
	char *buf = NULL;
	int rc = -1;
	struct stat st;
	f = fopen(path, "rb");
	if (!f) {
		snprintf(why, whysz, "%s", strerror(errno));
		goto cleanup;
	}
	if (fstat(fileno(f), &st) || !S_ISREG(st.st_mode)) {
		snprintf(why, whysz, "not a regular file");
		goto cleanup;
	}
	buf = xmalloc(MAX_FILE + 1);
	size_t n = fread(buf, 1, MAX_FILE + 1, f);
	if (ferror(f)) {
		snprintf(why, whysz, "read error");
		goto cleanup;
	}
	if (n > MAX_FILE) {
		snprintf(why, whysz, "larger than %d bytes", MAX_FILE);
		goto cleanup;
	}
	if (memchr(buf, '\0', n)) {
		snprintf(why, whysz, "not a text file");
		goto cleanup;
	}
	buf[n] = '\0';
	*text = buf;
	*len = n;
	buf = NULL;
	rc = 0;
cleanup:
	if (f)
		fclose(f);
	free(buf);
	return rc;
}

static int run_pass(loader *L, int pass)
{
	L->pass = pass;
	L->pos = 0;
	L->line = 0;
	int r = ini_parse_stream(read_line, L, handler, L);
	if (r > 0 && (!L->err_line || r < L->err_line)) {
		/* inih itself found a line that is neither [section] nor key = value */
		L->err_line = r;
		snprintf(L->msg, sizeof L->msg,
			 "syntax error: expected [section] or key = value");
	}
	return L->err_line ? -1 : 0;
}

static int load_file(gal_style *s, chain *ch, const char *path, gal_err *err);

/* The style L's file inherits, read into s before the file's own values:
 * a path relative to the file, or a name found by find_style; brief,
 * when no file has it, is the built-in values. */
static int load_parent(gal_style *s, chain *ch, const loader *L, gal_err *err)
{
	char dir[PATH_MAX], ppath[PATH_MAX], looked[1024];
	int rc;
	snprintf(dir, sizeof dir, "%s", L->path);
	char *slash = strrchr(dir, '/');
	if (slash)
		*slash = '\0';
	else
		snprintf(dir, sizeof dir, ".");
	if (is_path(L->inherit)) {
		if (style_path(L->inherit, dir, ppath, sizeof ppath))
			return fail(err, L->path, L->inherit_line,
				    "bad value '%s' for 'inherit' in [style]", L->inherit);
		if (access(ppath, R_OK) != 0)
			return fail(err, L->path, L->inherit_line,
				    "cannot find style '%s' to inherit (%s)", L->inherit, ppath);
	} else if (!name_ok(L->inherit)) {
		return fail(err, L->path, L->inherit_line,
			    "bad value '%s' for 'inherit' in [style]", L->inherit);
	} else if (find_style(L->inherit, dir, ch, ppath, sizeof ppath, looked,
			      sizeof looked)) {
		if (!strcmp(L->inherit, "brief"))
			return style_default(s, ch, err);    /* built in */
		return fail(err, L->path, L->inherit_line, "cannot find style '%s' to "
			    "inherit (looked for %s.ini in %s)", L->inherit, L->inherit,
			    looked);
	}
	char preal[PATH_MAX];
	int loop = 0;
	if (realpath(ppath, preal))
		for (int i = 0; i <= ch->depth; i++)
			loop |= !strcmp(ch->files[i], preal);
	if (loop)
		return fail(err, L->path, L->inherit_line, "inherit loop: "
			    "'%s' is already being read", L->inherit);
	if (ch->depth + 1 >= MAX_DEPTH)
		return fail(err, L->path, L->inherit_line, "inherit chain "
			    "deeper than %d styles", MAX_DEPTH);
	ch->depth++;
	rc = load_file(s, ch, ppath, err);
	ch->depth--;
	return rc;
}

static int load_file(gal_style *s, chain *ch, const char *path, gal_err *err)
{
	loader L;
	char *text = NULL;
	char why[128];
	int rc = 0;

	memset(&L, 0, sizeof L);
	if (ch->depth >= MAX_DEPTH) {
		rc = fail(err, path, 0, "inherit chain deeper than %d styles", MAX_DEPTH);
		goto cleanup;
	}
	char real[PATH_MAX];
	if (!realpath(path, real)) {
		rc = fail(err, path, 0, "cannot read style: %s", strerror(errno));
		goto cleanup;
	}
	for (int i = 0; i < ch->depth; i++)
		if (!strcmp(ch->files[i], real)) {
			rc = fail(err, path, 0, "style inherits from itself "
				  "(an inherit loop)");
			goto cleanup;
		}
	if (read_file(real, &text, &L.len, why, sizeof why)) {
		rc = fail(err, path, 0, "cannot read style: %s", why);
		goto cleanup;
	}
	snprintf(ch->files[ch->depth], sizeof ch->files[0], "%s", real);
	L.mark = 1;
	L.style = s;
	L.ch = ch;
	L.path = path;
	L.text = text;

	/* pass 1: the parent first */
	run_pass(&L, 1);
	L.err_line = 0;
	if (L.inherit[0] && (rc = load_parent(s, ch, &L, err)) != 0)
		goto cleanup;

	/* pass 2: this file's values over the parent's */
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	size_t bl = strlen(base);
	if (bl > 4 && !strcmp(base + bl - 4, ".ini"))
		bl -= 4;
	if (bl >= sizeof s->name)
		bl = sizeof s->name - 1;
	memcpy(s->name, base, bl);
	s->name[bl] = '\0';
	if (run_pass(&L, 2)) {
		rc = fail(err, path, L.err_line, "%s", L.msg);
		goto cleanup;
	}
	snprintf(s->path, sizeof s->path, "%s", path);
cleanup:
	free(text);
	return rc;
}

/* A part's values that waited for the font sizes: em of the body's
 * size (font-size) when of_body, else em of the part's own size, and
 * absolute letter-spacing that becomes em of it. */
static void resolve(gal_textstyle *t, const double *pend, double body, int of_body)
{
	for (size_t i = 0; i < NKEYS; i++) {
		const gal_style_key *k = &gal_style_keys[i];
		if (isnan(pend[i]) || ((k->flags & GAL_KEY_EM_BODY) != 0) != of_body)
			continue;
		double *f = (double *)((char *)t + k->offset);
		if (k->type == GAL_KEY_SPACING)
			*f = pend[i] / t->size;
		else
			*f = pend[i] * (of_body ? body : t->size);
	}
}

/* v within the range of part key `name` */
static double in_range(const char *name, double v)
{
	const gal_style_key *k = &gal_style_keys[part_key(name)];
	return v < k->lo ? k->lo : v > k->hi ? k->hi : v;
}

/* The cascade: what no style set of a part in the body's voice is the
 * body's, its size in brief's proportion to the body's (brief_type). The
 * product comes first, so that brief's own sizes come out exact. */
static void follow_body(gal_style *s, chain *ch)
{
	static const char *const same[] = { "font-family", "color", "align", "hyphenate" };
	const gal_textstyle *body = &s->part[GAL_PART_BODY];
	size_t size = part_key("font-size");
	for (int p = 0; p < GAL_PART_COUNT; p++) {
		gal_textstyle *t = &s->part[p];
		if (!brief_type[p].body_voice)
			continue;
		for (size_t i = 0; i < sizeof same / sizeof *same; i++) {
			const gal_style_key *k = &gal_style_keys[part_key(same[i])];
			if (!ch->set[p][k - gal_style_keys])
				memcpy((char *)t + k->offset, gal_style_key_field(k, body), k->size);
		}
		if (!ch->set[p][size])
			t->size = in_range("font-size", body->size * brief_type[p].size /
					   brief_type[GAL_PART_BODY].size);
		if (!ch->set[p][part_key("font-family")]) {
			memcpy(ch->family_file[p], ch->family_file[GAL_PART_BODY], PATH_MAX);
			ch->family_line[p] = ch->family_line[GAL_PART_BODY];
		}
	}
}

/* em values become points now that every font size is known; values no
 * style set follow the body, and leading its font size. */
static int finish(gal_style *s, chain *ch, const char *path, gal_err *err)
{
	double body = s->part[GAL_PART_BODY].size;
	size_t leading = part_key("leading");
	for (int p = 0; p < GAL_PART_COUNT; p++) {
		gal_textstyle *t = &s->part[p];
		resolve(t, ch->pending[p], body, 1);
		/* em of the body may come to any size */
		for (size_t i = 0; i < NKEYS; i++) {
			const gal_style_key *k = &gal_style_keys[i];
			if (!(k->flags & GAL_KEY_EM_BODY) || isnan(ch->pending[p][i]))
				continue;
			double v = *(const double *)gal_style_key_field(k, t);
			if (v < k->lo || v > k->hi)
				return fail(err, path, 0, "[%s] %s comes to %.4g pt "
					    "(%g to %g pt)", part_names[p], k->name,
					    v, k->lo, k->hi);
		}
	}
	follow_body(s, ch);
	for (int p = 0; p < GAL_PART_COUNT; p++) {
		gal_textstyle *t = &s->part[p];
		resolve(t, ch->pending[p], body, 0);
		if (!ch->set[p][leading])
			t->leading = in_range("leading", t->size * brief_type[p].leading /
					      brief_type[p].size);
		if (t->min_size > t->size)
			t->min_size = t->size;
	}
	double w = s->page_w - s->margin_inner - s->margin_outer;
	double h = s->page_h - s->margin_top - s->margin_bottom;
	if (w < 72 || h < 72)
		return fail(err, path, 0, "the margins leave a text area of %.0f x "
			    "%.0f pt; it must be at least 72 x 72", w, h);
	if (s->columns > 1 && (w - s->column_gap) / s->columns < 72)
		return fail(err, path, 0, "%d columns would be narrower than 72 pt",
			    s->columns);
	return 0;
}

/* ---- fonts ---------------------------------------------------------------- */

/* A family galley lacks: opts->warn hears of it, at the line that named
 * it; with opts->strict it is an error. */
static int font_missing(const gal_opts *opts, const char *file, int line,
			const char *msg, gal_err *err)
{
	if (opts && opts->strict) {
		snprintf(err_file, sizeof err_file, "%s", file);
		return gal_err_set(err, GAL_E_STRICT, *file ? err_file : NULL, line, 0,
				   "%s [font-not-found]", msg);
	}
	if (opts && opts->warn)
		opts->warn(opts->warn_ctx, *file ? file : NULL, line, 0, "font-not-found", msg);
	return 0;
}

/* Every part's family becomes the one galley sets its text in
 * (gal_fonts_family), so that the EPUB names the face the PDF shows;
 * a family galley lacks is reported once where it was set, however many
 * parts took it. Without galley's fonts there is nothing to compare
 * with: the families stay, and an output that needs the fonts fails on
 * its own. */
static int check_fonts(gal_style *s, const chain *ch, const gal_opts *opts,
		       gal_err *err)
{
	char asked[GAL_PART_COUNT][sizeof s->part[0].family];
	int rc = 0;
	if (gal_fonts_load_config(NULL) != 0)
		return 0;
	for (int p = 0; p < GAL_PART_COUNT && !rc; p++) {
		gal_textstyle *t = &s->part[p];
		gal_buf missing = GAL_BUF_INIT;
		memcpy(asked[p], t->family, sizeof asked[p]);
		int n = gal_fonts_family(asked[p], t->family, sizeof t->family, &missing);
		int told = 0;
		for (int q = 0; q < p && n && !told; q++)
			told = !strcmp(asked[q], asked[p]) && ch->family_line[q] == ch->family_line[p] &&
			       !strcmp(ch->family_file[q], ch->family_file[p]);
		if (n && !told) {
			gal_buf msg = GAL_BUF_INIT;
			gal_buf_printf(&msg, "[%s] font-family: galley has no %s; the text is "
				       "set in %s", part_names[p], missing.data, t->family);
			rc = font_missing(opts, ch->family_file[p], ch->family_line[p], msg.data, err);
			gal_buf_free(&msg);
		}
		gal_buf_free(&missing);
	}
	return rc;
}

int gal_style_load(const char *name, gal_style **out, gal_err *err)
{
	return gal_style_load_checked(name, NULL, out, err);
}

int gal_style_load_checked(const char *name, const gal_opts *opts, gal_style **out,
			   gal_err *err)
{
	gal_style *s = xcalloc(1, sizeof *s);
	chain *ch = xcalloc(1, sizeof *ch);
	char path[PATH_MAX], looked[1024];
	int rc = 0;

	*out = NULL;
	if (!name || !*name)
		name = "brief";
	for (int p = 0; p < GAL_PART_COUNT; p++)
		for (size_t i = 0; i < NKEYS; i++)
			ch->pending[p][i] = NAN;
	rc = style_default(s, ch, err);
	if (rc)
		goto cleanup;
	if (is_path(name)) {
		if (style_path(name, NULL, path, sizeof path)) {
			rc = fail(err, NULL, 0, "bad style name '%s'", name);
			goto cleanup;
		}
	} else if (!name_ok(name)) {
		rc = fail(err, NULL, 0, "bad style name '%s'", name);
		goto cleanup;
	} else if (find_style(name, NULL, NULL, path, sizeof path, looked, sizeof looked)) {
		if (strcmp(name, "brief") != 0) {
			rc = fail(err, NULL, 0, "no style named '%s' (looked for %s.ini "
				  "in %s)", name, name, looked);
			goto cleanup;
		}
		path[0] = '\0';        /* built in; works without a data dir */
	}
	if (path[0])
		rc = load_file(s, ch, path, err);
	if (!rc)
		rc = finish(s, ch, path[0] ? path : NULL, err);
	if (!rc)
		rc = check_fonts(s, ch, opts, err);
cleanup:
	free(ch);
	if (rc)
		free(s);
	else
		*out = s;
	return rc;
}

void gal_style_free(gal_style *style)
{
	free(style);
}

/* ==== the dump ========================================================= */

/* v, in `unit`, written with at most `most` decimals if that reads back
 * (through parse_number and to_pt) as exactly `pt`; buf holds the try */
static int decimal(double v, int unit, double pt, int most, char *buf, size_t n)
{
	for (int d = 0; d <= most; d++) {
		double back;
		const char *end;
		snprintf(buf, n, "%.*f", d, v);
		char *comma = strchr(buf, ',');       /* LC_NUMERIC */
		if (comma)
			*comma = '.';
		if (!parse_number(buf, &back, &end) && !*end && to_pt(back, unit) == pt)
			return 1;
	}
	return 0;
}

/* In pt when that is short, else in mm when a short number of mm is
 * exact (margins set in mm), else in pt to the last digit. */
static void put_length(gal_buf *out, double pt)
{
	char num[64];
	if (decimal(pt, U_PT, pt, 2, num, sizeof num))
		gal_buf_printf(out, "%spt", num);
	else if (decimal(pt * 25.4 / 72, U_MM, pt, 2, num, sizeof num))
		gal_buf_printf(out, "%smm", num);
	else {
		decimal(pt, U_PT, pt, 40, num, sizeof num);
		gal_buf_printf(out, "%spt", num);
	}
}

static void put_em(gal_buf *out, double em)
{
	char num[64];
	decimal(em, U_EM, em, 40, num, sizeof num);
	gal_buf_printf(out, "%sem", num);
}

static void dump_key(gal_buf *out, const gal_style_key *k, const void *base)
{
	const void *f = gal_style_key_field(k, base);
	int text = k->type == GAL_KEY_FAMILY || k->type == GAL_KEY_FEATURES ||
		   k->type == GAL_KEY_TEXT;
	const char *name;
	if (k->type == GAL_KEY_INHERIT)
		return;         /* already read: the values are the result */
	gal_buf_printf(out, "%s =%s", k->name, text && !*(const char *)f ? "" : " ");
	switch (k->type) {
	case GAL_KEY_LENGTH:
		put_length(out, *(const double *)f);
		break;
	case GAL_KEY_SPACING:
	case GAL_KEY_EM:
		put_em(out, *(const double *)f);
		break;
	case GAL_KEY_INT:
	case GAL_KEY_ENUM:
		name = k->type == GAL_KEY_ENUM ? gal_style_key_value_name(k, *(const int *)f)
			: NULL;
		if (name)
			gal_buf_puts(out, name);
		else
			gal_buf_printf(out, "%d", *(const int *)f);
		break;
	case GAL_KEY_BOOL:
		gal_buf_puts(out, *(const int *)f ? "yes" : "no");
		break;
	case GAL_KEY_COLOR:
		if (*(const uint32_t *)f == 0xFFFFFFFF && (k->flags & GAL_KEY_ALLOW_NONE))
			gal_buf_puts(out, "none");
		else
			gal_buf_printf(out, "#%06x", (unsigned)*(const uint32_t *)f);
		break;
	case GAL_KEY_FAMILY:
	case GAL_KEY_FEATURES:
	case GAL_KEY_TEXT:
		gal_buf_puts(out, f);
		break;
	case GAL_KEY_PAPER:
		put_length(out, ((const double *)f)[0]);
		gal_buf_putc(out, 'x');
		put_length(out, *(const double *)((const char *)f + sizeof(double)));
		break;
	case GAL_KEY_INHERIT:
		break;
	}
	gal_buf_putc(out, '\n');
}

static void dump_section(gal_buf *out, const char *name, gal_key_section sec,
			 const void *base)
{
	gal_buf_printf(out, "%s[%s]\n", sec == GAL_SEC_STYLE ? "" : "\n", name);
	for (size_t i = 0; i < NKEYS; i++)
		if (gal_style_keys[i].section == sec)
			dump_key(out, &gal_style_keys[i], base);
}

void gal_style_dump(const gal_style *style, gal_buf *out)
{
	if (style->path[0]) {
		gal_buf_puts(out, "; read from ");
		for (const char *p = style->path; *p; p++)
			gal_buf_putc(out, (unsigned char)*p < 0x20 ? '?' : *p);
		gal_buf_putc(out, '\n');
	}
	dump_section(out, "style", GAL_SEC_STYLE, style);
	dump_section(out, "page", GAL_SEC_PAGE, style);
	for (int p = 0; p < GAL_PART_COUNT; p++)
		dump_section(out, part_names[p], GAL_SEC_PART, &style->part[p]);
}
