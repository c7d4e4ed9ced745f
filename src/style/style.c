/* Style files: styles/NAME.ini read with libinih into one gal_style.
 *
 * A file is read twice: the first pass only looks for `inherit` in
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

/* ==== defaults: the brief style ======================================== */

static void text_default(gal_textstyle *t, const char *family, double size,
			 double leading)
{
	memset(t, 0, sizeof *t);
	snprintf(t->family, sizeof t->family, "%s", family);
	t->size = size;
	t->leading = leading;
	t->weight = 400;
	t->color = 0x1a1a1a;
	t->background = 0xFFFFFFFF;
	t->rule_color = 0xb3b3b3;
	t->align = GAL_ALIGN_LEFT;
	t->hyphenate = 0;
	t->min_size = 6;
}

#define SERIF "Charis SIL"
#define SANS "Noto Sans"
#define MONO "Noto Sans Mono"

/* Keep in step with styles/brief.ini: the unit test loads that file and
 * compares it with these values. */
static void style_default(gal_style *s)
{
	gal_textstyle *p = s->part, *t;
	memset(s, 0, sizeof *s);
	snprintf(s->name, sizeof s->name, "brief");
	s->page_w = MM(210);
	s->page_h = MM(297);
	s->margin_top = MM(20);
	s->margin_bottom = MM(22);
	s->margin_inner = MM(70);
	s->margin_outer = MM(25);
	s->columns = 1;
	s->column_gap = MM(6);
	s->baseline_grid = 0;
	s->running_head = 1;
	s->page_numbers = 1;
	s->toc = 0;
	s->smart_punct = 1;
	s->widows = 2;
	s->orphans = 2;
	s->letter_stretch = 0.025;
	s->letter_shrink = 0.0125;

	t = &p[GAL_PART_BODY];
	text_default(t, SERIF, 10.5, 14.5);
	t->align = GAL_ALIGN_JUSTIFY;
	t->hyphenate = 1;
	t->indent = 10.5;
	t->min_size = 8;

	t = &p[GAL_PART_TITLE];
	text_default(t, SANS, 26, 30);
	t->weight = 700;
	t->color = 0x111111;
	t->space_after = 8;
	t->letterspacing = -0.01;

	t = &p[GAL_PART_SUBTITLE];
	text_default(t, SERIF, 14, 19);
	t->italic = 1;
	t->color = 0x444444;
	t->space_after = 12;

	t = &p[GAL_PART_BYLINE];
	text_default(t, SANS, 8.5, 12);
	t->weight = 600;
	t->color = 0x333333;
	t->uppercase = 1;
	t->letterspacing = 0.06;

	t = &p[GAL_PART_DATELINE];
	text_default(t, SANS, 8.5, 12);
	t->color = 0x6b6b6b;
	t->space_after = 18;
	t->rule_color = 0xcccccc;

	t = &p[GAL_PART_H1];
	text_default(t, SANS, 15, 19);
	t->weight = 700;
	t->color = 0x111111;
	t->space_before = 18;
	t->space_after = 6;

	t = &p[GAL_PART_H2];
	text_default(t, SANS, 12.5, 16);
	t->weight = 700;
	t->color = 0x222222;
	t->space_before = 14;
	t->space_after = 4;

	t = &p[GAL_PART_H3];
	text_default(t, SANS, 10.5, 14.5);
	t->weight = 700;
	t->color = 0x222222;
	t->space_before = 12;
	t->space_after = 2;

	t = &p[GAL_PART_H4];
	text_default(t, SANS, 10.5, 14.5);
	t->weight = 600;
	t->italic = 0;
	t->color = 0x444444;
	t->space_before = 10;

	t = &p[GAL_PART_BLOCKQUOTE];
	text_default(t, SERIF, 10, 14);
	t->align = GAL_ALIGN_JUSTIFY;
	t->hyphenate = 1;
	t->color = 0x333333;
	t->margin_left = 18;
	t->margin_right = 18;
	t->space_before = 7;
	t->space_after = 7;

	t = &p[GAL_PART_PULLQUOTE];
	text_default(t, SERIF, 15, 20);
	t->italic = 1;
	t->color = 0x8a2b1d;
	t->align = GAL_ALIGN_CENTER;
	t->rule_color = 0x8a2b1d;
	t->margin_left = 24;
	t->margin_right = 24;
	t->space_before = 12;
	t->space_after = 12;

	t = &p[GAL_PART_ASIDE];
	text_default(t, SANS, 9, 13);
	t->color = 0x222222;
	t->background = 0xf3f1ec;
	t->rule_color = 0xd8d3c8;
	t->margin_left = 8;
	t->margin_right = 8;
	t->space_before = 10;
	t->space_after = 10;

	t = &p[GAL_PART_CAPTION];
	text_default(t, SANS, 8.5, 11.5);
	t->color = 0x444444;
	t->space_before = 4;
	t->space_after = 2;

	t = &p[GAL_PART_CREDIT];
	text_default(t, SANS, 7, 9);
	t->color = 0x6b6b6b;
	t->uppercase = 1;
	t->letterspacing = 0.04;
	t->space_after = 10;

	t = &p[GAL_PART_FOOTNOTE];
	text_default(t, SERIF, 8, 10.5);
	t->align = GAL_ALIGN_JUSTIFY;
	t->hyphenate = 1;
	t->color = 0x333333;
	t->rule_color = 0x999999;
	t->space_before = 2;

	t = &p[GAL_PART_CODE];
	text_default(t, MONO, 8.5, 12);
	t->color = 0x222222;
	t->background = 0xf5f5f2;
	t->margin_left = 8;
	t->space_before = 6;
	t->space_after = 6;
	t->min_size = 6;

	t = &p[GAL_PART_TABLE];
	text_default(t, SANS, 8.5, 11.5);
	snprintf(t->features, sizeof t->features, "tnum=1");
	t->space_before = 8;
	t->space_after = 8;
	t->rule_color = 0x999999;

	t = &p[GAL_PART_LIST];
	text_default(t, SERIF, 10.5, 14.5);
	t->align = GAL_ALIGN_JUSTIFY;
	t->hyphenate = 1;
	t->margin_left = 14;
	t->space_before = 4;
	t->space_after = 4;

	t = &p[GAL_PART_SUMMARY];
	text_default(t, SANS, 9.5, 13.5);
	t->color = 0x222222;
	t->background = 0xf3f1ec;
	t->rule_color = 0x8a2b1d;
	t->margin_left = 8;
	t->margin_right = 8;
	t->space_before = 4;
	t->space_after = 14;

	t = &p[GAL_PART_REFERENCES];
	text_default(t, SERIF, 8.5, 11.5);
	t->indent = -12;
	t->margin_left = 12;
	t->space_after = 2;

	t = &p[GAL_PART_RUNNING_HEAD];
	text_default(t, SANS, 7.5, 10);
	t->color = 0x6b6b6b;
	t->uppercase = 1;
	t->letterspacing = 0.08;

	t = &p[GAL_PART_FOLIO];
	text_default(t, SANS, 8, 10);
	t->color = 0x6b6b6b;
	snprintf(t->features, sizeof t->features, "tnum=1");
}

/* ==== the loader ======================================================== */

/* Lengths that may be written in em; resolved after the whole chain. */
enum {
	L_SIZE, L_LEADING, L_INDENT, L_MLEFT, L_MRIGHT, L_SBEFORE, L_SAFTER,
	L_MINSIZE, L_COUNT
};

typedef struct chain {
	double em[GAL_PART_COUNT][L_COUNT]; /* NAN: the stored value is final */
	double ls_pt[GAL_PART_COUNT];       /* letter-spacing given absolute */
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
static int check_family(const char *v)
{
	if (!*v || strlen(v) >= sizeof ((gal_textstyle *)0)->family)
		return -1;
	for (const char *p = v; *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr(" ,-_.", *p))
			return -1;
	return 0;
}

/* "onum=1,liga=0,tnum": four-character tags, optional =N */
static int check_features(const char *v)
{
	if (strlen(v) >= sizeof ((gal_textstyle *)0)->features)
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

#define LENGTH_UNITS "a length (pt, mm, cm, in or em)"

/* A length for part field `slot`: em is remembered for the end. */
static int part_length(loader *L, int part, int slot, const char *key,
		       const char *v, double *dst, double lo, double hi)
{
	double x;
	int unit;
	if (parse_length(v, &x, &unit))
		return bad(L, "bad value '%s' for '%s' in [%s]: expected " LENGTH_UNITS,
			   v, key, part_names[part]);
	if (unit == U_EM) {
		if (slot == L_SIZE && part == GAL_PART_BODY)
			return bad(L, "'font-size' in [body] cannot be in em: "
				   "it is what em means");
		if (x < lo / 12 || x > hi / 4)
			return bad(L, "value '%s' for '%s' in [%s] is out of range",
				   v, key, part_names[part]);
		L->ch->em[part][slot] = x;
		return 0;
	}
	x = to_pt(x, unit);
	if (x < lo || x > hi)
		return bad(L, "value '%s' for '%s' in [%s] is out of range "
			   "(%g to %g pt)", v, key, part_names[part], lo, hi);
	L->ch->em[part][slot] = NAN;
	*dst = x;
	return 0;
}

static int apply_part(loader *L, int part, const char *key, const char *v)
{
	gal_textstyle *t = &L->style->part[part];
	const char *sec = part_names[part];
	int b;

	if (!strcmp(key, "font-family")) {
		if (check_family(v))
			return bad(L, "bad value '%s' for 'font-family' in [%s]: "
				   "expected family names (letters, digits, spaces, "
				   "commas)", v, sec);
		snprintf(t->family, sizeof t->family, "%s", v);
		return 0;
	}
	if (!strcmp(key, "font-size"))
		return part_length(L, part, L_SIZE, key, v, &t->size, 3, 200);
	if (!strcmp(key, "leading"))
		return part_length(L, part, L_LEADING, key, v, &t->leading, 3, 300);
	if (!strcmp(key, "min-size"))
		return part_length(L, part, L_MINSIZE, key, v, &t->min_size, 3, 200);
	if (!strcmp(key, "indent"))
		return part_length(L, part, L_INDENT, key, v, &t->indent, -300, 300);
	if (!strcmp(key, "margin-left"))
		return part_length(L, part, L_MLEFT, key, v, &t->margin_left, 0, 300);
	if (!strcmp(key, "margin-right"))
		return part_length(L, part, L_MRIGHT, key, v, &t->margin_right, 0, 300);
	if (!strcmp(key, "space-before"))
		return part_length(L, part, L_SBEFORE, key, v, &t->space_before, 0, 300);
	if (!strcmp(key, "space-after"))
		return part_length(L, part, L_SAFTER, key, v, &t->space_after, 0, 300);
	if (!strcmp(key, "letter-spacing")) {
		double x;
		int unit;
		if (parse_length(v, &x, &unit))
			return bad(L, "bad value '%s' for 'letter-spacing' in [%s]: "
				   "expected " LENGTH_UNITS, v, sec);
		if (unit == U_EM) {
			if (x < -0.5 || x > 1)
				return bad(L, "value '%s' for 'letter-spacing' in [%s] "
					   "is out of range (-0.5em to 1em)", v, sec);
			t->letterspacing = x;
			L->ch->ls_pt[part] = NAN;
		} else {
			x = to_pt(x, unit);
			if (x < -20 || x > 50)
				return bad(L, "value '%s' for 'letter-spacing' in [%s] "
					   "is out of range", v, sec);
			L->ch->ls_pt[part] = x;
		}
		return 0;
	}
	if (!strcmp(key, "font-weight")) {
		int w;
		if (!strcasecmp(v, "normal"))
			w = 400;
		else if (!strcasecmp(v, "bold"))
			w = 700;
		else if (parse_int(v, 100, 900, &w) || w % 100)
			return bad(L, "bad value '%s' for 'font-weight' in [%s]: "
				   "expected normal, bold or 100..900", v, sec);
		t->weight = w;
		return 0;
	}
	if (!strcmp(key, "font-style")) {
		if (!strcasecmp(v, "normal"))
			t->italic = 0;
		else if (!strcasecmp(v, "italic"))
			t->italic = 1;
		else
			return bad(L, "bad value '%s' for 'font-style' in [%s]: "
				   "expected normal or italic", v, sec);
		return 0;
	}
	if (!strcmp(key, "small-caps") || !strcmp(key, "uppercase") ||
	    !strcmp(key, "hyphenate")) {
		if (parse_bool(v, &b))
			return bad(L, "bad value '%s' for '%s' in [%s]: expected "
				   "yes or no", v, key, sec);
		if (key[0] == 's')
			t->smallcaps = b;
		else if (key[0] == 'u')
			t->uppercase = b;
		else
			t->hyphenate = b;
		return 0;
	}
	if (!strcmp(key, "font-features")) {
		if (check_features(v))
			return bad(L, "bad value '%s' for 'font-features' in [%s]: "
				   "expected OpenType tags like onum=1,liga=0", v, sec);
		snprintf(t->features, sizeof t->features, "%s", v);
		return 0;
	}
	if (!strcmp(key, "color") || !strcmp(key, "background") ||
	    !strcmp(key, "rule-color")) {
		uint32_t *dst = key[0] == 'c' ? &t->color
			: key[0] == 'b' ? &t->background : &t->rule_color;
		if (parse_color(v, key[0] != 'c', dst))
			return bad(L, "bad value '%s' for '%s' in [%s]: expected "
				   "#rrggbb%s", v, key, sec,
				   key[0] != 'c' ? " or none" : "");
		return 0;
	}
	if (!strcmp(key, "align")) {
		static const char *const names[] = { "left", "center", "right", "justify" };
		static const int vals[] = { GAL_ALIGN_LEFT, GAL_ALIGN_CENTER,
					    GAL_ALIGN_RIGHT, GAL_ALIGN_JUSTIFY };
		for (int i = 0; i < 4; i++)
			if (!strcasecmp(v, names[i])) {
				t->align = vals[i];
				return 0;
			}
		return bad(L, "bad value '%s' for 'align' in [%s]: expected left, "
			   "right, center or justify", v, sec);
	}
	return bad(L, "unknown key '%s' in [%s]", key, sec);
}

static int page_length(loader *L, const char *key, const char *v, double *dst,
		       double lo, double hi)
{
	double x;
	int unit;
	if (parse_length(v, &x, &unit) || unit == U_EM)
		return bad(L, "bad value '%s' for '%s' in [page]: expected a length "
			   "(pt, mm, cm or in)", v, key);
	x = to_pt(x, unit);
	if (x < lo || x > hi)
		return bad(L, "value '%s' for '%s' in [page] is out of range", v, key);
	*dst = x;
	return 0;
}

static int apply_page(loader *L, const char *key, const char *v)
{
	gal_style *s = L->style;
	if (!strcmp(key, "size")) {
		if (gal_paper_parse(v, &s->page_w, &s->page_h))
			return bad(L, "bad value '%s' for 'size' in [page]: expected a4, "
				   "a5, letter, 6x9in or WIDTHxHEIGHT with a unit", v);
		return 0;
	}
	if (!strcmp(key, "margin-top"))
		return page_length(L, key, v, &s->margin_top, 0, 2000);
	if (!strcmp(key, "margin-bottom"))
		return page_length(L, key, v, &s->margin_bottom, 0, 2000);
	if (!strcmp(key, "margin-inner"))
		return page_length(L, key, v, &s->margin_inner, 0, 2000);
	if (!strcmp(key, "margin-outer"))
		return page_length(L, key, v, &s->margin_outer, 0, 2000);
	if (!strcmp(key, "column-gap"))
		return page_length(L, key, v, &s->column_gap, 0, 500);
	if (!strcmp(key, "columns")) {
		if (parse_int(v, 1, 2, &s->columns))
			return bad(L, "bad value '%s' for 'columns' in [page]: "
				   "expected 1 or 2", v);
		return 0;
	}
	if (!strcmp(key, "letter-stretch") || !strcmp(key, "letter-shrink")) {
		double x;
		int unit;
		if (parse_length(v, &x, &unit) || unit != U_EM || x < 0 || x > 0.1)
			return bad(L, "bad value '%s' for '%s' in [page]: expected "
				   "0em to 0.1em", v, key);
		*(!strcmp(key, "letter-stretch") ? &s->letter_stretch : &s->letter_shrink) = x;
		return 0;
	}
	if (!strcmp(key, "widows") || !strcmp(key, "orphans")) {
		if (parse_int(v, 1, 5, key[0] == 'w' ? &s->widows : &s->orphans))
			return bad(L, "bad value '%s' for '%s' in [page]: expected "
				   "1 to 5 lines", v, key);
		return 0;
	}
	int *flag = !strcmp(key, "baseline-grid") ? &s->baseline_grid
		: !strcmp(key, "running-head") ? &s->running_head
		: !strcmp(key, "page-numbers") ? &s->page_numbers
		: !strcmp(key, "toc") ? &s->toc
		: !strcmp(key, "smart-punctuation") ? &s->smart_punct : NULL;
	if (!flag)
		return bad(L, "unknown key '%s' in [page]", key);
	if (parse_bool(v, flag))
		return bad(L, "bad value '%s' for '%s' in [page]: expected yes or no",
			   v, key);
	return 0;
}

static int apply(loader *L, const char *section, const char *key, const char *v)
{
	if (!strcmp(section, "style")) {
		if (!strcmp(key, "inherit"))
			return 0;       /* handled by the first pass */
		if (!strcmp(key, "name")) {
			if (!*v || strlen(v) >= sizeof L->style->name)
				return bad(L, "bad value '%s' for 'name' in [style]", v);
			snprintf(L->style->name, sizeof L->style->name, "%s", v);
			return 0;
		}
		return bad(L, "unknown key '%s' in [style]", key);
	}
	if (!strcmp(section, "page"))
		return apply_page(L, key, v);
	for (int p = 0; p < GAL_PART_COUNT; p++)
		if (!strcmp(section, part_names[p]))
			return apply_part(L, p, key, v);
	if (!*section)
		return bad(L, "key '%s' outside any [section]", key);
	return bad(L, "unknown section [%s]", section);
}

static int handler(void *user, const char *section, const char *name,
		   const char *value)
{
	loader *L = user;
	if (L->err_line)
		return 1;       /* report the first error only */
	if (L->pass == 1) {
		if (!strcmp(section, "style") && !strcmp(name, "inherit")) {
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

/* ---- finding files ------------------------------------------------------ */

static int is_path(const char *name)
{
	size_t n = strlen(name);
	return strchr(name, '/') || (n >= 4 && !strcmp(name + n - 4, ".ini"));
}

/* NAME -> $data/styles/NAME.ini; a path stays a path, made relative to
 * `base_dir` (the inheriting file's directory) when given. */
static int style_path(const char *name, const char *base_dir, char *out,
		      size_t outsz)
{
	int n;
	if (is_path(name)) {
		if (name[0] != '/' && base_dir)
			n = snprintf(out, outsz, "%s/%s", base_dir, name);
		else
			n = snprintf(out, outsz, "%s", name);
	} else {
		if (!*name || name[0] == '.')
			return -1;
		for (const char *p = name; *p; p++)
			if (!isalnum((unsigned char)*p) && !strchr("-_.", *p))
				return -1;
		n = snprintf(out, outsz, "%s/styles/%s.ini", gal_data_dir(), name);
	}
	return n < 0 || (size_t)n >= outsz ? -1 : 0;
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
	L.style = s;
	L.ch = ch;
	L.path = path;
	L.text = text;

	/* pass 1: the parent first */
	run_pass(&L, 1);
	L.err_line = 0;
	if (L.inherit[0]) {
		char dir[PATH_MAX], ppath[PATH_MAX];
		snprintf(dir, sizeof dir, "%s", path);
		char *slash = strrchr(dir, '/');
		if (slash)
			*slash = '\0';
		else
			snprintf(dir, sizeof dir, ".");
		if (style_path(L.inherit, dir, ppath, sizeof ppath)) {
			rc = fail(err, path, L.inherit_line,
				  "bad value '%s' for 'inherit' in [style]", L.inherit);
			goto cleanup;
		}
		if (!strcmp(L.inherit, "brief") && access(ppath, F_OK) != 0) {
			/* the built-in defaults are the brief style */
			style_default(s);
		} else if (access(ppath, R_OK) != 0) {
			rc = fail(err, path, L.inherit_line,
				  "cannot find style '%s' to inherit (%s)", L.inherit,
				  ppath);
			goto cleanup;
		} else {
			char preal[PATH_MAX];
			int loop = 0;
			if (realpath(ppath, preal))
				for (int i = 0; i <= ch->depth; i++)
					loop |= !strcmp(ch->files[i], preal);
			if (loop) {
				rc = fail(err, path, L.inherit_line, "inherit loop: "
					  "'%s' is already being read", L.inherit);
				goto cleanup;
			}
			if (ch->depth + 1 >= MAX_DEPTH) {
				rc = fail(err, path, L.inherit_line, "inherit chain "
					  "deeper than %d styles", MAX_DEPTH);
				goto cleanup;
			}
			ch->depth++;
			rc = load_file(s, ch, ppath, err);
			ch->depth--;
			if (rc)
				goto cleanup;
		}
	}

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

/* em values become points now that every font size is known. */
static int finish(gal_style *s, chain *ch, const char *path, gal_err *err)
{
	double body = s->part[GAL_PART_BODY].size;
	for (int p = 0; p < GAL_PART_COUNT; p++) {
		gal_textstyle *t = &s->part[p];
		if (!isnan(ch->em[p][L_SIZE]))
			t->size = ch->em[p][L_SIZE] * body;
		double *slot[L_COUNT] = {
			[L_SIZE] = NULL, [L_LEADING] = &t->leading,
			[L_INDENT] = &t->indent, [L_MLEFT] = &t->margin_left,
			[L_MRIGHT] = &t->margin_right, [L_SBEFORE] = &t->space_before,
			[L_SAFTER] = &t->space_after, [L_MINSIZE] = &t->min_size,
		};
		for (int k = 0; k < L_COUNT; k++)
			if (slot[k] && !isnan(ch->em[p][k]))
				*slot[k] = ch->em[p][k] * t->size;
		if (!isnan(ch->ls_pt[p]))
			t->letterspacing = ch->ls_pt[p] / t->size;
		if (t->size < 3 || t->size > 200)
			return fail(err, path, 0, "[%s] font-size comes to %.4g pt "
				    "(3 to 200 pt)", part_names[p], t->size);
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

int gal_style_load(const char *name, gal_style **out, gal_err *err)
{
	gal_style *s = xcalloc(1, sizeof *s);
	chain *ch = xcalloc(1, sizeof *ch);
	char path[PATH_MAX];
	int rc = 0;

	*out = NULL;
	if (!name || !*name)
		name = "brief";
	for (int p = 0; p < GAL_PART_COUNT; p++) {
		for (int k = 0; k < L_COUNT; k++)
			ch->em[p][k] = NAN;
		ch->ls_pt[p] = NAN;
	}
	style_default(s);
	if (style_path(name, NULL, path, sizeof path)) {
		rc = fail(err, NULL, 0, "bad style name '%s'", name);
		goto cleanup;
	}
	if (!is_path(name) && access(path, F_OK) != 0) {
		if (!strcmp(name, "brief"))
			goto cleanup;   /* built in; works without a data dir */
		rc = fail(err, NULL, 0, "no style named '%s' (looked for %s)", name,
			  path);
		goto cleanup;
	}
	rc = load_file(s, ch, path, err);
	if (!rc)
		rc = finish(s, ch, path, err);
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
