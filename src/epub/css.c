/* The EPUB stylesheet, generated from the same gal_style values the PDF
 * layout reads, so one style file drives both outputs.
 *
 * Reading systems let the reader choose the type size, so sizes and
 * lengths are written relative to the body text (em, unitless
 * line-height), never in pt: a style's 26 pt title over 10.5 pt body text
 * becomes 2.476em and keeps its proportion at any reader setting.
 *
 * A part's declarations come from the style's key table (style.h:
 * gal_css_as says how each value is written), in the table's order. */
#include <stdio.h>
#include <string.h>

#include "epub/embed.h"
#include "model/doc.h"
#include "style/style.h"

/* How the PDF aligns a part, whatever its style says (src/pdf/layout.c):
 * as the style says; never justified (justify becomes left: titles,
 * headings, pull quotes); always left; always right. */
enum { ALIGN_OWN, ALIGN_RAGGED, ALIGN_LEFT, ALIGN_RIGHT };

/* Which rules a part's values land on. Headings are addressed by model
 * level (class l1..l4), not by h-element, because the main document
 * shifts them down one under its h1 title. */
typedef struct {
	gal_part part;
	const char *selector;
	const char *generic;  /* fallback family */
	int align;            /* ALIGN_* */
} part_rule;

static const part_rule rules[] = {
	{ GAL_PART_TITLE, "h1.title, .part-title", "sans-serif", ALIGN_RAGGED },
	{ GAL_PART_SUBTITLE, ".subtitle", "serif", ALIGN_RAGGED },
	{ GAL_PART_BYLINE, ".byline", "sans-serif", ALIGN_LEFT },
	{ GAL_PART_DATELINE, ".dateline", "sans-serif", ALIGN_LEFT },
	{ GAL_PART_H1, ".l1", "sans-serif", ALIGN_RAGGED },
	{ GAL_PART_H2, ".l2", "sans-serif", ALIGN_RAGGED },
	{ GAL_PART_H3, ".l3", "sans-serif", ALIGN_RAGGED },
	{ GAL_PART_H4, ".l4, .l5, .l6", "sans-serif", ALIGN_RAGGED },
	{ GAL_PART_BLOCKQUOTE, "blockquote", "serif", ALIGN_OWN },
	{ GAL_PART_PULLQUOTE, "aside.pullquote", "serif", ALIGN_RAGGED },
	{ GAL_PART_ASIDE, "aside.box", "sans-serif", ALIGN_OWN },
	{ GAL_PART_CAPTION, "figcaption, caption", "sans-serif", ALIGN_LEFT },
	{ GAL_PART_CREDIT, ".credit", "sans-serif", ALIGN_RIGHT },
	/* the notes themselves, not their section, whose heading is a
	 * heading's size of the body's */
	{ GAL_PART_FOOTNOTE, ".footnote, .table-notes", "serif", ALIGN_OWN },
	{ GAL_PART_CODE, "pre", "monospace", ALIGN_LEFT },
	{ GAL_PART_TABLE, "table", "sans-serif", ALIGN_OWN },
	{ GAL_PART_LIST, "ul, ol, dl", "serif", ALIGN_OWN },
	{ GAL_PART_SUMMARY, ".summary", "sans-serif", ALIGN_OWN },
	{ GAL_PART_REFERENCES, ".references li", "serif", ALIGN_LEFT },
};

/* A part's size is em of its parent's, and the PDF sets a part at its
 * own size wherever it stands: a block inside another part's block
 * (a list in the key points, a table in a box) is sized against that
 * part. The parts that hold blocks, the blocks they may hold, and the
 * two parts that stand inside another's element. */
typedef struct {
	gal_part part;
	const char *selectors;   /* comma-separated */
} part_sel;

static const part_sel holders[] = {
	{ GAL_PART_SUMMARY, ".summary" }, { GAL_PART_ASIDE, "aside.box" },
	{ GAL_PART_BLOCKQUOTE, "blockquote" }, { GAL_PART_LIST, "li,dd" },
	{ GAL_PART_FOOTNOTE, ".table-notes" },
};

static const part_sel held[] = {
	{ GAL_PART_LIST, "ul,ol,dl" }, { GAL_PART_BLOCKQUOTE, "blockquote" },
	{ GAL_PART_PULLQUOTE, "aside.pullquote" }, { GAL_PART_ASIDE, "aside.box" },
	{ GAL_PART_CODE, "pre" }, { GAL_PART_TABLE, ".table-wrap > table" },
	{ GAL_PART_FOOTNOTE, ".table-wrap > .table-notes" },
	{ GAL_PART_CAPTION, "figure > figcaption" },
};

static const struct {
	part_sel outer, inner;
} inside[] = {
	{ { GAL_PART_TABLE, "table" }, { GAL_PART_CAPTION, "caption" } },
	{ { GAL_PART_CAPTION, "figcaption" }, { GAL_PART_CREDIT, ".credit" } },
};

/* Whether the space-separated list `words` has `w` (n bytes). */
static int has_word(const char *words, const char *w, size_t n)
{
	if (!words)
		return 0;
	for (const char *p = words; *p;) {
		while (*p == ' ')
			p++;
		size_t k = strcspn(p, " ");
		if (k == n && !strncmp(p, w, n))
			return 1;
		p += k;
	}
	return 0;
}

/* Numbers without locale surprises (LC_NUMERIC may use a comma): three
 * decimals, trailing zeros trimmed. */
static void num(gal_buf *css, double v)
{
	long m = (long)(v * 1000 + (v < 0 ? -0.5 : 0.5));
	if (m < 0) {
		gal_buf_putc(css, '-');
		m = -m;
	}
	gal_buf_printf(css, "%ld", m / 1000);
	if (m % 1000) {
		char frac[8];
		snprintf(frac, sizeof frac, "%03ld", m % 1000);
		for (int i = 2; i > 0 && frac[i] == '0'; i--)
			frac[i] = '\0';
		gal_buf_printf(css, ".%s", frac);
	}
}

static void em(gal_buf *css, const char *prop, double pt, double rel_to)
{
	gal_buf_printf(css, "  %s: ", prop);
	if (pt == 0 || rel_to <= 0)
		gal_buf_puts(css, "0");
	else {
		num(css, pt / rel_to);
		gal_buf_puts(css, "em");
	}
	gal_buf_puts(css, ";\n");
}

static void color(gal_buf *css, const char *prop, uint32_t c)
{
	gal_buf_printf(css, "  %s: #%06x;\n", prop, (unsigned)(c & 0xFFFFFF));
}

/* "Charis SIL, Noto Sans" -> "Charis SIL", "Noto Sans", serif. Quotes and
 * backslashes cannot occur in a family name; drop them rather than
 * escape. */
static void family(gal_buf *css, const char *prop, const char *list,
		   const char *generic)
{
	gal_buf_printf(css, "  %s: ", prop);
	const char *p = list;
	int any = 0;
	while (p && *p) {
		const char *e = strchr(p, ',');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		while (n && (*p == ' ' || *p == '\t')) {
			p++;
			n--;
		}
		while (n && (p[n - 1] == ' ' || p[n - 1] == '\t'))
			n--;
		if (n) {
			gal_buf_puts(css, any ? ", \"" : "\"");
			for (size_t i = 0; i < n; i++)
				if (p[i] != '"' && p[i] != '\\' && (unsigned char)p[i] >= 0x20)
					gal_buf_putc(css, p[i]);
			gal_buf_putc(css, '"');
			any = 1;
		}
		p = e ? e + 1 : NULL;
	}
	gal_buf_printf(css, "%s%s;\n", any ? ", " : "", generic);
}

/* "onum=1,liga=0,kern" -> "onum" 1, "liga" 0, "kern" 1 */
static void features(gal_buf *css, const char *prop, const char *f)
{
	if (!f || !*f)
		return;
	gal_buf_printf(css, "  %s: ", prop);
	int any = 0;
	const char *p = f;
	while (*p) {
		while (*p == ' ' || *p == ',')
			p++;
		char tag[5] = { 0 };
		int n = 0;
		while (*p && *p != '=' && *p != ',' && *p != ' ') {
			if (n < 4)
				tag[n] = *p;
			n++;
			p++;
		}
		int val = 1;
		while (*p == ' ')
			p++;
		if (*p == '=') {
			p++;
			while (*p == ' ')
				p++;
			val = 0;
			while (*p >= '0' && *p <= '9' && val < 100)
				val = val * 10 + (*p++ - '0');
			while (*p && *p != ',')
				p++;
		}
		int ok = n == 4;
		for (int i = 0; i < 4 && ok; i++)
			ok = (unsigned char)tag[i] >= 0x21 && tag[i] != '"' &&
			     tag[i] != '\\' && (unsigned char)tag[i] < 0x7f;
		if (ok) {
			gal_buf_printf(css, "%s\"%s\" %d", any ? ", " : "", tag, val);
			any = 1;
		}
	}
	if (!any)
		gal_buf_puts(css, "normal");
	gal_buf_puts(css, ";\n");
}

static void hyphens(gal_buf *css, const char *prop, int on)
{
	const char *v = on ? "auto" : "manual";
	gal_buf_printf(css, "  -epub-%s: %s;\n  -webkit-%s: %s;\n  %s: %s;\n",
		       prop, v, prop, v, prop, v);
}

/* The declaration of part key k for part t (style.h: gal_css_as). */
static void declare(gal_buf *css, const gal_style_key *k, const gal_textstyle *t,
		    const gal_textstyle *body, const char *generic)
{
	const void *f = gal_style_key_field(k, t);
	const double *d = f;
	const int *i = f;
	double sz = t->size > 0 ? t->size : 10;
	const char *name;
	switch (k->css_as) {
	case GAL_CSS_NONE:
		break;
	case GAL_CSS_FAMILY:
		if (*(const char *)f)
			family(css, k->css, f, generic);
		break;
	case GAL_CSS_SIZE:
		if (t != body && *d > 0 && body->size > 0)
			em(css, k->css, *d, body->size);
		break;
	case GAL_CSS_RATIO:
		if (*d > 0 && t->size > 0) {
			gal_buf_printf(css, "  %s: ", k->css);
			num(css, *d / t->size);
			gal_buf_puts(css, ";\n");
		}
		break;
	case GAL_CSS_NUMBER:
		if (*i > 0)
			gal_buf_printf(css, "  %s: %d;\n", k->css, *i);
		break;
	case GAL_CSS_NAME:
		name = gal_style_key_value_name(k, *i);
		if (name)
			gal_buf_printf(css, "  %s: %s;\n", k->css, name);
		break;
	case GAL_CSS_FLAG:
		if (*i)
			gal_buf_printf(css, "  %s: %s;\n", k->css, k->css_value);
		break;
	case GAL_CSS_EM:
		if (*d != 0) {
			gal_buf_printf(css, "  %s: ", k->css);
			num(css, *d);
			gal_buf_puts(css, "em;\n");
		}
		break;
	case GAL_CSS_FEATURES:
		features(css, k->css, f);
		break;
	case GAL_CSS_COLOR:
		if (*(const uint32_t *)f != 0xFFFFFFFF)
			color(css, k->css, *(const uint32_t *)f);
		break;
	case GAL_CSS_HYPHENS:
		hyphens(css, k->css, *i);
		break;
	case GAL_CSS_LENGTH:
		if (*d != 0 || !(k->flags & GAL_CSS_NONZERO))
			em(css, k->css, *d, sz);
		break;
	}
}

/* The declarations of part t that go in `rule` (the body: those of
 * GAL_CSS_FONT; other parts, rule -1: all of them). */
static void declarations(gal_buf *css, const gal_textstyle *t,
			 const gal_textstyle *body, const char *generic, int rule)
{
	for (size_t i = 0; i < gal_style_nkeys; i++) {
		const gal_style_key *k = &gal_style_keys[i];
		if (k->section == GAL_SEC_PART && k->css &&
		    (rule < 0 || (int)k->css_rule == rule))
			declare(css, k, t, body, generic);
	}
}

static const char base_css[] =
	"/* structure: independent of the style */\n"
	"html, body { margin: 0; padding: 0; }\n"
	"section, header, nav, figure, aside { display: block; }\n"
	"h1, h2, h3, h4, h5, h6 { page-break-after: avoid; break-after: avoid;"
	" -epub-hyphens: manual; -webkit-hyphens: manual; hyphens: manual; }\n"
	".titlepage { margin-bottom: 1.5em; }\n"
	".titlepage p { text-indent: 0; }\n"
	"figure { margin: 1em 0; page-break-inside: avoid; break-inside: avoid; }\n"
	"figure img { display: block; max-width: 100%; height: auto; margin: 0 auto; }\n"
	"figcaption .label, caption .label { font-weight: 700; }\n"
	".credit, .caption { display: block; }\n"
	".img-missing { border: 1px dashed #999999; padding: 1em; text-align: center;"
	" font-style: italic; }\n"
	"/* a picture in the line stands on the baseline, never wider than"
	" the column */\n"
	"img.inline { vertical-align: baseline; max-width: 100%; }\n"
	".img-missing.inline { display: inline; padding: 0 0.2em; }\n"
	"table { border-collapse: collapse; width: 100%; }\n"
	"caption { caption-side: top; }\n"
	"th, td { padding: 0.2em 0.4em; vertical-align: top; text-align: left; }\n"
	"th { font-weight: 700; }\n"
	".al-left { text-align: left; }\n"
	".al-center { text-align: center; }\n"
	".al-right { text-align: right; }\n"
	".al-justify { text-align: justify; }\n"
	"ul, ol { padding: 0; }\n"
	"dt { font-weight: 700; }\n"
	".attribution { text-align: right; }\n"
	".attribution::before { content: \"\\2014\\00a0\"; }\n"
	"aside.box { padding: 0.5em 0.8em; }\n"
	"/* the key points' and a box's own titles: their part, in bold */\n"
	".summary-title, .aside-title { font-size: 1em; font-weight: 700; text-align: left;"
	" margin: 0 0 0.3em 0; }\n"
	"pre { white-space: pre-wrap; padding: 0.4em;"
	" -epub-hyphens: manual; -webkit-hyphens: manual; hyphens: manual; }\n"
	"code { font-size: 0.9em; }\n"
	"pre code { font-size: 1em; }\n"
	".sc { font-variant: small-caps; }\n"
	"sup, sub { line-height: 0; font-size: 0.75em; }\n"
	"a.noteref { text-decoration: none; }\n"
	".references ol { list-style: none; padding: 0; margin: 0; font-size: 1em; }\n"
	".ref-label { display: inline-block; text-indent: 0; }\n"
	"ol.lower-alpha { list-style-type: lower-alpha; }\n"
	"ol.upper-alpha { list-style-type: upper-alpha; }\n"
	"ol.lower-roman { list-style-type: lower-roman; }\n"
	"ol.upper-roman { list-style-type: upper-roman; }\n"
	"ul.plain, ol.plain { list-style: none; }\n"
	".math-block { margin: 0.8em 0; text-align: center; }\n"
	".math-label { float: right; margin-left: 1em; font-style: normal; }\n"
	"hr { border: 0; margin: 1.2em auto; width: 30%; }\n"
	"nav { text-align: left; }\n"
	"nav ol { list-style: none; }\n"
	"nav ol ol { padding-left: 1.5em; }\n"
	".cover { text-align: center; margin: 0; padding: 0; }\n"
	".cover img { max-width: 100%; max-height: 100%; }\n"
	".num { margin-right: 0.4em; }\n";

/* "SEL {\n  font-size: Nem;\n}" for every selector of `outer` followed
 * by every one of `inner`: inner's size against outer's. Nothing when
 * outer has the body's size, which inner's own rule assumes. */
static void size_inside(gal_buf *css, const gal_style *style, const part_sel *outer,
			const part_sel *inner, const char *combinator)
{
	double o = style->part[outer->part].size, in = style->part[inner->part].size;
	if (o == style->part[GAL_PART_BODY].size || o <= 0)
		return;
	int first = 1;
	for (const char *a = outer->selectors; *a;) {
		size_t na = strcspn(a, ",");
		for (const char *b = inner->selectors; *b;) {
			size_t nb = strcspn(b, ",");
			gal_buf_printf(css, "%s%.*s%s%.*s", first ? "" : ", ", (int)na, a,
				       combinator, (int)nb, b);
			first = 0;
			b += nb + (b[nb] == ',');
		}
		a += na + (a[na] == ',');
	}
	gal_buf_puts(css, " {\n");
	em(css, "font-size", in, o);
	gal_buf_puts(css, "}\n");
}

/* The body: its font and text values on body, which every part that sets
 * none inherits; paragraphs. */
static void body_rules(gal_buf *css, const gal_textstyle *body)
{
	gal_buf_puts(css, "\nbody {\n");
	declarations(css, body, body, "serif", GAL_CSS_FONT);
	gal_buf_puts(css, "}\n");
	gal_buf_puts(css, "p {\n  margin: 0;\n}\n");
	/* a first-line indent replaces space between paragraphs; with no
	 * indent, paragraphs are spaced instead */
	if (body->indent > 0) {
		gal_buf_puts(css, "p + p {\n");
		em(css, "text-indent", body->indent, body->size > 0 ? body->size : 10);
		gal_buf_puts(css, "}\n");
	} else {
		gal_buf_puts(css, "p + p {\n  margin-top: ");
		num(css, body->leading > 0 && body->size > 0 ? body->leading / body->size * 0.5 : 0.6);
		gal_buf_puts(css, "em;\n}\n");
	}
	/* as in the PDF, only a body paragraph after a body paragraph is
	 * indented: none in another part (after p + p, which it overrides) */
	gal_buf_puts(css, "li > p, dd > p, blockquote p, aside p, td p, th p, figure p, "
		     ".summary p, .footnotes p, .table-notes p {\n  text-indent: 0;\n}\n");
}

/* The PDF's indents (src/pdf/layout.c), which some parts' values only
 * point to: a list's items stand in by its margin-left (else its indent,
 * else 18pt; at least 12pt), references hang their numbers in the widest
 * of margin-left, -indent and 18pt, and a quote's text stands at its
 * margin-left with the bar 8pt before it. */
static double list_indent(const gal_textstyle *t)
{
	double ind = t->margin_left > 0 ? t->margin_left : t->indent > 0 ? t->indent : 18;
	return ind < 12 ? 12 : ind;
}

static double refs_indent(const gal_textstyle *t)
{
	double ind = -t->indent > 18 ? -t->indent : 18;
	return t->margin_left > ind ? t->margin_left : ind;
}

#define QUOTE_GAP 8     /* pt: from the PDF's 1.5pt bar to the text */

/* Part p's values as the PDF uses them, for its rule. */
static gal_textstyle as_set(const gal_style *style, const part_rule *r)
{
	gal_textstyle t = style->part[r->part];
	if (r->align == ALIGN_LEFT || (r->align == ALIGN_RAGGED && t.align == GAL_ALIGN_JUSTIFY))
		t.align = GAL_ALIGN_LEFT;
	else if (r->align == ALIGN_RIGHT)
		t.align = GAL_ALIGN_RIGHT;
	if (r->part == GAL_PART_LIST) {
		t.margin_left = list_indent(&t);
		t.indent = 0;
	} else if (r->part == GAL_PART_REFERENCES) {
		t.margin_left = refs_indent(&t);
		t.indent = -t.margin_left;
	} else if (r->part == GAL_PART_BLOCKQUOTE) {
		t.margin_left = t.margin_left > QUOTE_GAP ? t.margin_left - QUOTE_GAP : 0;
	}
	return t;
}

/* What draws the rules and borders the PDF draws, in each part's rule
 * colour, and the insets that go with them. */
static void rule_rules(gal_buf *css, const gal_style *style)
{
	const gal_textstyle *bq = &style->part[GAL_PART_BLOCKQUOTE];
	const gal_textstyle *refs = &style->part[GAL_PART_REFERENCES];
	double bq_size = bq->size > 0 ? bq->size : 10;
	double bq_left = bq->margin_left > QUOTE_GAP ? bq->margin_left - QUOTE_GAP : 0;
	const struct { gal_part part; const char *fmt; } borders[] = {
		{ GAL_PART_DATELINE, ".dateline { border-bottom: 0.5px solid #%1$06x;"
		  " padding-bottom: 0.4em; }\n" },
		/* a shadow, not a border: it takes no room, so the text
		 * stands exactly at the quote's margin-left */
		{ GAL_PART_BLOCKQUOTE, "blockquote { box-shadow: inset 1.5pt 0 0 0 #%1$06x; }\n" },
		{ GAL_PART_PULLQUOTE, "aside.pullquote { border-top: 1.2pt solid #%1$06x;"
		  " border-bottom: 1.2pt solid #%1$06x; padding: 0.4em 0; }\n" },
		{ GAL_PART_ASIDE, "aside.box { border: 1px solid #%1$06x; }\n" },
		{ GAL_PART_SUMMARY, ".summary { border-left: 3px solid #%1$06x;"
		  " padding: 0.4em 0.8em; }\n" },
		/* 1pt above and below, 0.6pt under the head, 0.25pt between the
		 * other rows; the widest wins where borders collapse */
		{ GAL_PART_TABLE, "table { border-top: 1pt solid #%1$06x;"
		  " border-bottom: 1pt solid #%1$06x; }\n"
		  "tr + tr > th, tr + tr > td, tbody > tr:first-child > th,"
		  " tbody > tr:first-child > td, tfoot > tr:first-child > th,"
		  " tfoot > tr:first-child > td { border-top: 0.25pt solid #%1$06x; }\n"
		  "thead > tr:last-child > th, thead > tr:last-child > td"
		  " { border-bottom: 0.6pt solid #%1$06x; }\n" },
		{ GAL_PART_FOOTNOTE, ".footnotes { border-top: 0.5px solid #%1$06x;"
		  " margin-top: 2em; padding-top: 0.5em; }\n" },
		{ GAL_PART_BODY, "hr { border-top: 1px solid #%1$06x; }\n" },
	};
	for (size_t i = 0; i < sizeof borders / sizeof *borders; i++)
		gal_buf_printf(css, borders[i].fmt,
			       (unsigned)(style->part[borders[i].part].rule_color & 0xFFFFFF));
	gal_buf_puts(css, "blockquote {\n");
	em(css, "padding-left", bq->margin_left - bq_left, bq_size);
	gal_buf_puts(css, "}\n");
	/* the number in the hanging indent, the text where the indent ends */
	gal_buf_puts(css, ".ref-label {\n");
	em(css, "min-width", refs_indent(refs), refs->size > 0 ? refs->size : 10);
	gal_buf_puts(css, "}\n");
	gal_buf_puts(css, "dd {\n");
	em(css, "margin-left", list_indent(&style->part[GAL_PART_LIST]),
	   style->part[GAL_PART_LIST].size > 0 ? style->part[GAL_PART_LIST].size : 10);
	gal_buf_puts(css, "}\n");
}

/* Whether simple selector sel[0..n) ("tag", ".class", "tag.class",
 * ".class tag") matches an element: its tag, its class attribute, and
 * the class attributes of its ancestors, space-separated. */
static int sel_matches(const char *sel, size_t n, const char *tag, const char *classes,
		       const char *outer)
{
	const char *sp = memchr(sel, ' ', n);
	if (sp) {
		/* ".class tag": the class on an ancestor */
		if (sel[0] != '.' || !sel_matches(sp + 1, n - (size_t)(sp + 1 - sel), tag,
						  classes, ""))
			return 0;
		return has_word(outer, sel + 1, (size_t)(sp - sel - 1));
	}
	const char *dot = memchr(sel, '.', n);
	size_t tn = dot ? (size_t)(dot - sel) : n;
	if (tn && (strlen(tag) != tn || strncmp(tag, sel, tn)))
		return 0;
	return !dot || has_word(classes, dot + 1, n - tn - 1);
}

int gal_css_has_class(const char *classes, const char *cls)
{
	return has_word(classes, cls, strlen(cls));
}

int gal_css_part(const char *tag, const char *classes, const char *outer)
{
	for (size_t i = 0; i < sizeof rules / sizeof *rules; i++)
		for (const char *s = rules[i].selector; *s;) {
			size_t n = strcspn(s, ",");
			if (sel_matches(s, n, tag, classes ? classes : "", outer ? outer : ""))
				return (int)rules[i].part;
			s += n;
			while (*s == ',' || *s == ' ')
				s++;
		}
	return -1;
}

void gal_style_css(const gal_style *style, gal_buf *css)
{
	const gal_textstyle *body = &style->part[GAL_PART_BODY];
	gal_buf_puts(css, "@charset \"UTF-8\";\n/* generated from style \"");
	for (const char *p = style->name; *p; p++)
		if (*p != '*' && *p != '/' && *p != '"' && *p != '\\')
			gal_buf_putc(css, *p);
	gal_buf_puts(css, "\" */\n");
	gal_buf_puts(css, base_css);
	body_rules(css, body);
	for (size_t i = 0; i < sizeof rules / sizeof *rules; i++) {
		gal_textstyle t = as_set(style, &rules[i]);
		gal_buf_printf(css, "%s {\n", rules[i].selector);
		declarations(css, &t, body, rules[i].generic, -1);
		gal_buf_puts(css, "}\n");
	}
	for (size_t i = 0; i < sizeof holders / sizeof *holders; i++)
		for (size_t k = 0; k < sizeof held / sizeof *held; k++)
			size_inside(css, style, &holders[i], &held[k], " > ");
	for (size_t i = 0; i < sizeof inside / sizeof *inside; i++)
		size_inside(css, style, &inside[i].outer, &inside[i].inner, " > ");
	rule_rules(css, style);
	/* inline code takes the code family at the surrounding size */
	gal_buf_puts(css, "code {\n");
	family(css, "font-family", style->part[GAL_PART_CODE].family, "monospace");
	gal_buf_puts(css, "}\n");
}

/* ---- right to left ------------------------------------------------------------ */

/* Each selector of the list `sels` (comma-separated) as it stands
 * inside an element of direction `dir`, or on one. */
static void in_dir(gal_buf *css, const char *sels, const char *dir)
{
	int first = 1;
	for (const char *s = sels; *s;) {
		size_t n = strcspn(s, ",");
		gal_buf_printf(css, "%s[dir=\"%s\"] %.*s, %.*s[dir=\"%s\"]", first ? "" : ",\n",
			       dir, (int)n, s, (int)n, s, dir);
		first = 0;
		s += n;
		while (*s == ',' || *s == ' ')
			s++;
	}
}

/* The rules whose left and right differ, as they are (dir "ltr") or
 * mirrored ("rtl"): a part's margins, and the borders, insets and
 * spaces the structure puts on one side. */
static void sided_rules(gal_buf *css, const gal_style *style, const char *dir)
{
	int rtl = dir[0] == 'r';
	const char *l = rtl ? "right" : "left", *r = rtl ? "left" : "right";
	for (size_t i = 0; i < sizeof rules / sizeof *rules; i++) {
		gal_textstyle t = as_set(style, &rules[i]);
		double sz = t.size > 0 ? t.size : 10;
		if (t.margin_left == t.margin_right)
			continue;
		in_dir(css, rules[i].selector, dir);
		gal_buf_puts(css, " {\n");
		gal_buf_printf(css, "  margin-%s: ", l);
		num(css, t.margin_left / sz);
		gal_buf_printf(css, "%s;\n  margin-%s: ", t.margin_left ? "em" : "", r);
		num(css, t.margin_right / sz);
		gal_buf_printf(css, "%s;\n}\n", t.margin_right ? "em" : "");
	}
	const gal_textstyle *bq = &style->part[GAL_PART_BLOCKQUOTE];
	const gal_textstyle *ls = &style->part[GAL_PART_LIST];
	double bq_size = bq->size > 0 ? bq->size : 10;
	double bq_left = bq->margin_left > QUOTE_GAP ? bq->margin_left - QUOTE_GAP : 0;
	in_dir(css, "blockquote", dir);
	gal_buf_printf(css, " {\n  box-shadow: inset %s1.5pt 0 0 0 #%06x;\n  padding-%s: 0;\n",
		       rtl ? "-" : "", (unsigned)(bq->rule_color & 0xFFFFFF), r);
	em(css, rtl ? "padding-right" : "padding-left", bq->margin_left - bq_left, bq_size);
	gal_buf_puts(css, "}\n");
	in_dir(css, ".summary", dir);
	gal_buf_printf(css, " {\n  border-%s: 0;\n  border-%s: 3px solid #%06x;\n}\n", r, l,
		       (unsigned)(style->part[GAL_PART_SUMMARY].rule_color & 0xFFFFFF));
	in_dir(css, "dd", dir);
	gal_buf_printf(css, " {\n  margin-%s: 0;\n", r);
	em(css, rtl ? "margin-right" : "margin-left", list_indent(ls), ls->size > 0 ? ls->size : 10);
	gal_buf_puts(css, "}\n");
	in_dir(css, "nav ol ol", dir);
	gal_buf_printf(css, " {\n  padding-%s: 0;\n  padding-%s: 1.5em;\n}\n", r, l);
	in_dir(css, ".num", dir);
	gal_buf_printf(css, " {\n  margin-%s: 0;\n  margin-%s: 0.4em;\n}\n", l, r);
}

void gal_style_css_rtl(const gal_style *style, gal_buf *css)
{
	gal_buf_puts(css, "\n/* right to left: the style's left is where lines start, the right\n"
		     "   of a block set right to left */\n"
		     "th, td, .al-left, .summary-title, .aside-title, nav { text-align: start; }\n");
	for (size_t i = 0; i < sizeof rules / sizeof *rules; i++) {
		gal_textstyle t = as_set(style, &rules[i]);
		if (t.align == GAL_ALIGN_LEFT)
			gal_buf_printf(css, "%s { text-align: start; }\n", rules[i].selector);
	}
	sided_rules(css, style, "rtl");
	/* a block set left to right inside, as it was */
	sided_rules(css, style, "ltr");
}
