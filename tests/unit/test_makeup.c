/* Page make-up: the page builder's rules checked on the layout trace of
 * small articles in both styles. Each rule is checked on the boxes
 * themselves (where lines, rules and images are) and on the page
 * builder's own account (stranded headings, short pages, lines off the
 * leading), over inputs that move the page break through the place the
 * rule is about. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "model/doc.h"
#include "style/style.h"
#include "unit.h"

#include "pdf/pdf.h"
#include "style/fonts.h"

/* a failed check that ends the test */
#define FAIL_RETURN() do { OK(0); return; } while (0)

/* ---- inputs and layouts ------------------------------------------------- */

static gal_style *style_of(const char *name)
{
	gal_style *st = NULL;
	gal_err e = { 0 };
	if (gal_style_load(name, &st, &e) != 0)
		fprintf(stderr, "style %s: %s\n", name, e.message);
	return st;
}

static gal_opts opts_of(gal_style *st)
{
	gal_opts o;
	memset(&o, 0, sizeof o);
	gal_limits_default(&o.limits);
	o.style = st;
	o.epoch = 1795000000;
	o.input_path = GAL_SRCDIR "/samples/makeup.xml";
	return o;
}

/* The article in `xml`, loaded (its images beside the samples) and laid
 * out; NULL when it cannot be. */
static gal_layout *layout_of(const char *xml, const gal_opts *o, gal_doc **doc)
{
	gal_err e = { 0 };
	gal_layout *L = NULL;
	*doc = NULL;
	if (gal_doc_load(o->input_path, xml, strlen(xml), GAL_FMT_AUTO, o, doc, &e) != 0) {
		fprintf(stderr, "load: %s\n", e.message);
		return NULL;
	}
	if (gal_layout_doc(*doc, o, &L, &e) != 0) {
		fprintf(stderr, "layout: %s\n", e.message);
		return NULL;
	}
	return L;
}

static void done(gal_layout *L, gal_doc *d)
{
	gal_layout_free(L);
	gal_doc_free(d);
}

/* n sentences of running text */
static char *sentences(int n)
{
	static const char *s[] = {
		"The ferry left the north quay at seven with half its seats taken. ",
		"Officials said the harbour authority would publish the figures on Thursday. ",
		"The older quays want a guarantee that their moorings will not be moved. ",
		"Dredging the eastern channel will take two to three months at the least. ",
	};
	gal_buf b = GAL_BUF_INIT;
	for (int i = 0; i < n; i++)
		gal_buf_puts(&b, s[i % 4]);
	return gal_buf_detach(&b, NULL);
}

static char *xml_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *xml_printf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char tmp[1];
	va_list aq;
	va_copy(aq, ap);
	int n = vsnprintf(tmp, 1, fmt, aq);
	va_end(aq);
	char *s = xmalloc((size_t)n + 1);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return s;
}

/* ---- reading the boxes ----------------------------------------------------- */

/* One line of text as the page shows it. */
typedef struct tline {
	int page;            /* 0-based */
	double x, y, w;      /* its first piece, its baseline */
	char text[160];
	const char *tag;     /* innermost structure tag open around it */
	int furn;            /* among the furniture (notes, running head) */
	const gal_box *box;
} tline;

/* Every line of the layout, in order (body, then furniture, page by
 * page); *n set. */
static tline *lines_of(const gal_layout *L, size_t *n)
{
	tline *v = NULL;
	size_t cap = 0;
	*n = 0;
	for (size_t p = 0; p < L->n_pages; p++) {
		for (int furn = 0; furn < 2; furn++) {
			const gal_box *bx = furn ? L->pages[p].furn : L->pages[p].boxes;
			size_t nb = furn ? L->pages[p].n_furn : L->pages[p].n;
			const char *stack[64];
			int depth = 0;
			for (size_t i = 0; i < nb; i++) {
				const gal_box *b = &bx[i];
				if (b->kind == GAL_BOX_TAG_BEGIN && depth < 64)
					stack[depth++] = b->name;
				else if (b->kind == GAL_BOX_TAG_END && depth > 0)
					depth--;
				if (b->kind != GAL_BOX_GLYPHS ||
				    (i > 0 && bx[i - 1].kind == GAL_BOX_GLYPHS &&
				     bx[i - 1].line_id == b->line_id))
					continue;
				if (*n == cap) {
					cap = cap ? 2 * cap : 256;
					v = xrealloc(v, cap * sizeof *v);
				}
				tline *t = &v[(*n)++];
				memset(t, 0, sizeof *t);
				t->page = (int)p;
				t->x = b->x;
				t->y = b->y + b->piece->rise;
				t->w = b->w;
				t->tag = depth ? stack[depth - 1] : "";
				t->furn = furn;
				t->box = b;
				size_t len = 0;
				for (size_t j = i; j < nb && bx[j].kind == GAL_BOX_GLYPHS &&
				     bx[j].line_id == b->line_id; j++) {
					const PangoItem *it = bx[j].piece->gi.item;
					size_t k = (size_t)it->length;
					if (len + k >= sizeof t->text)
						k = sizeof t->text - 1 - len;
					memcpy(t->text + len, bx[j].text + it->offset, k);
					len += k;
					t->w = bx[j].x + bx[j].w - b->x;
				}
				t->text[len] = '\0';
			}
		}
	}
	return v;
}

/* A style, and one article laid out in it with the lines of its pages. */
typedef struct laid {
	gal_style *st;
	gal_opts o;
	gal_doc *d;
	gal_layout *L;
	tline *v;
	size_t n;
} laid;

/* `xml` laid out in `style` (a name or a file) into *a; -1, nothing
 * kept, when either cannot be loaded. */
static int lay(const char *style, const char *xml, laid *a)
{
	memset(a, 0, sizeof *a);
	a->st = style_of(style);
	if (!a->st)
		return -1;
	a->o = opts_of(a->st);
	a->L = layout_of(xml, &a->o, &a->d);
	if (!a->L) {
		gal_doc_free(a->d);
		gal_style_free(a->st);
		return -1;
	}
	a->v = lines_of(a->L, &a->n);
	return 0;
}

static void unlay(laid *a)
{
	free(a->v);
	done(a->L, a->d);
	gal_style_free(a->st);
}

static int is_heading(const char *tag)
{
	return tag[0] == 'H' && tag[1] >= '1' && tag[1] <= '6' && !tag[2];
}

/* The pitch of the lines of the paragraph whose first line starts with
 * `start` (on its first page): each to the next must be `lead`;
 * returns how many were not, -1 when there is no such paragraph of two
 * lines. */
static int pitch_off(const tline *v, size_t n, const char *start, double lead)
{
	for (size_t i = 0; i < n; i++) {
		if (strncmp(v[i].text, start, strlen(start)))
			continue;
		int off = 0, pairs = 0;
		/* the lines of one paragraph follow each other in memory */
		for (size_t j = i + 1; j < n && v[j].page == v[i].page &&
		     v[j].box->line == v[j - 1].box->line + 1; j++) {
			pairs++;
			if (fabs(v[j].y - v[j - 1].y - lead) > 0.05) {
				fprintf(stderr, "pitch %.2f, not %.2f: \"%s\"\n",
					v[j].y - v[j - 1].y, lead, v[j].text);
				off++;
			}
		}
		return pairs ? off : -1;
	}
	return -1;
}

/* ---- leading ---------------------------------------------------------------- */

static const char *fallbacks =
	"<p>Symbols \xe2\x88\x9a" "2 \xe2\x89\x88 1.414 and \xe2\x88\x91 and \xe2\x88\xab stand "
	"in the middle of a sentence long enough to fill two lines of a column "
	"and more, as they do in real articles about waves and tides.</p>"
	"<p>Arabic \xd8\xa7\xd9\x84\xd8\xb9\xd8\xb1\xd8\xa8\xd9\x8a\xd8\xa9 and Devanagari "
	"\xe0\xa4\xb9\xe0\xa4\xbf\xe0\xa4\xa8\xe0\xa5\x8d\xe0\xa4\xa6\xe0\xa5\x80 words in "
	"a line of Latin text, then more words to run the paragraph over a second "
	"and a third line of the column.</p>"
	"<p>Water is H<sub>2</sub>O and the energy E = mc<sup>2</sup>, and x<sub>i</sub>"
	"<sup>2</sup> sums over every sounding, in a paragraph long enough for two lines "
	"or three in a narrow column of the magazine.</p>";

/* Footnotes, the standfirst and references on their own leading, not the
 * font's full height. */
static void test_leading(void)
{
	char *text = sentences(6);
	char *xml = xml_printf(
		"<article xml:lang=\"en\"><head><title>Leading</title>"
		"<subtitle>A standfirst long enough to take two lines or three at its own "
		"size, which is larger than the body's, over the measure of the page</subtitle>"
		"</head><body><p>%s<fn>A footnote long enough to take three lines at the foot "
		"of the page: the survey notes record every sounding taken along the eastern "
		"channel, with the date, the tide and the name of the crew that took it, and "
		"where the chart was wrong.</fn></p>%s</body><back><refs><ref id=\"r1\">Harbour "
		"Authority (2026). Annual report on the state of the channels, the quays and "
		"the sea wall of the port, with the soundings of the year. Port Ellery.</ref>"
		"</refs></back></article>", text, fallbacks);
	laid a;
	int rc = lay("brief", xml, &a);
	free(xml);
	free(text);
	if (rc != 0)
		FAIL_RETURN();
	INT_EQ(a.L->off_leading, 0);
	INT_EQ(pitch_off(a.v, a.n, "1\xe2\x80\x82" "A footnote",
			 a.st->part[GAL_PART_FOOTNOTE].leading), 0);
	INT_EQ(pitch_off(a.v, a.n, "A standfirst", a.st->part[GAL_PART_SUBTITLE].leading), 0);
	INT_EQ(pitch_off(a.v, a.n, "Harbour Authority", a.st->part[GAL_PART_REFERENCES].leading), 0);
	/* a fallback glyph or a script does not push its line down */
	INT_EQ(pitch_off(a.v, a.n, "Symbols", a.st->part[GAL_PART_BODY].leading), 0);
	INT_EQ(pitch_off(a.v, a.n, "Arabic", a.st->part[GAL_PART_BODY].leading), 0);
	INT_EQ(pitch_off(a.v, a.n, "Water is", a.st->part[GAL_PART_BODY].leading), 0);
	unlay(&a);
}

/* The magazine's headline on its 33 pt, and every line of running text,
 * lists and headings on the baseline grid, fallback glyphs, scripts and
 * sub- and superscripts included. */
static void test_grid(void)
{
	char *text = sentences(7);
	char *xml = xml_printf(
		"<article xml:lang=\"en\"><head><title>A headline set over two lines of the "
		"magazine page</title></head><body><p>%s</p>%s<section><title>Lists and "
		"headings</title><p>%s</p><list><item>A first item of the list.</item><item>A "
		"second item, long enough to run over two lines of the narrow column.</item>"
		"</list><section><title>A second level</title><blockquote><p>%s</p>"
		"</blockquote><p>%s</p></section></section></body></article>",
		text, fallbacks, text, text, text);
	laid a;
	int rc = lay("magazine", xml, &a);
	free(xml);
	free(text);
	if (rc != 0)
		FAIL_RETURN();
	OK(a.st->baseline_grid);
	double step = a.st->part[GAL_PART_BODY].leading;
	INT_EQ(pitch_off(a.v, a.n, "A headline", a.st->part[GAL_PART_TITLE].leading), 0);
	INT_EQ(a.L->off_leading, 0);
	double y0 = -1;
	int off = 0, seen = 0;
	for (size_t i = 0; i < a.n; i++) {
		if (a.v[i].furn || !strcmp(a.v[i].tag, "H1"))
			continue;
		if (y0 < 0)
			y0 = a.v[i].y;
		double k = (a.v[i].y - y0) / step;
		seen++;
		if (fabs(k - round(k)) * step > 0.05) {
			fprintf(stderr, "off the grid by %.2f: <%s> \"%s\"\n",
				(k - round(k)) * step, a.v[i].tag, a.v[i].text);
			off++;
		}
	}
	OK(seen > 30);
	INT_EQ(off, 0);
	unlay(&a);
}

/* ---- headings ---------------------------------------------------------- */

/* No frame (a page, or a column) but the last ends under a heading with
 * fewer than two lines of what it heads: counted from the boxes. */
static int stranded(const gal_layout *L, const tline *v, size_t n, int cols)
{
	int bad = 0;
	double mid = L->page_w / 2;
	for (size_t p = 0; p + 1 < L->n_pages; p++) {
		for (int c = 0; c < cols; c++) {
			long last_head = -1, after = 0;
			for (size_t i = 0; i < n; i++) {
				if (v[i].page != (int)p || v[i].furn || (cols == 2 && (v[i].x > mid) != c))
					continue;
				if (is_heading(v[i].tag)) {
					last_head = (long)i;
					after = 0;
				} else if (last_head >= 0 && v[i].y > v[i - 1].y + 0.01) {
					after++;
				}
			}
			if (last_head >= 0 && after < 2) {
				fprintf(stderr, "page %zu: \"%s\" and %ld lines\n", p + 1,
					v[last_head].text, after);
				bad++;
			}
		}
	}
	return bad;
}

/* What a sweep of layouts found. */
typedef struct tally {
	int counted;         /* the page builder's own count */
	int seen;            /* the same fault found in the boxes */
	int other;           /* what else a test looks for */
} tally;

typedef char *(*make_fn)(int k);
typedef void (*look_fn)(const gal_layout *L, const gal_style *st, const tline *v, size_t n,
			tally *t);

/* The articles make(k) for k = from, from + step, ... to, laid out in
 * `style`, each looked at by `look`. */
static tally sweep(const char *style, int from, int to, int step, make_fn make, look_fn look)
{
	tally t = { 0, 0, 0 };
	gal_style *st = style_of(style);
	if (!st) {
		OK(0);
		return t;
	}
	gal_opts o = opts_of(st);
	for (int k = from; k <= to; k += step) {
		char *xml = make(k);
		gal_doc *d;
		gal_layout *L = layout_of(xml, &o, &d);
		if (L) {
			size_t n;
			tline *v = lines_of(L, &n);
			look(L, st, v, n, &t);
			free(v);
			done(L, d);
		} else {
			OK(0);
		}
		free(xml);
	}
	gal_style_free(st);
	return t;
}

static void look_stranded(const gal_layout *L, const gal_style *st, const tline *v, size_t n,
			  tally *t)
{
	t->counted += L->stranded_heads;
	t->seen += stranded(L, v, n, st->columns);
}

static char *chain_article(int k)
{
	char *lead = sentences(k), *body = sentences(12);
	char *xml = xml_printf(
		"<article xml:lang=\"en\"><head><title>Chains</title></head><body>"
		"<p>%s</p><p>%s</p><section><title>2 Methods of the survey</title>"
		"<section><title>2.1 Models of the channel bed</title><p>%s</p>"
		"<p>%s</p></section></section><section><title>3 Results</title>"
		"<p>%s</p><p>%s</p></section></body></article>",
		lead, body, body, body, body, body);
	free(lead);
	free(body);
	return xml;
}

/* "2 Methods" then "2.1 Models" at the foot of a page, in one and two
 * columns: the lead paragraph grows a sentence at a time, moving the
 * page break through the chain. */
static void test_heading_chain(void)
{
	const char *styles[] = { "brief", "magazine" };
	for (int si = 0; si < 2; si++) {
		tally t = sweep(styles[si], 20, 80, 2, chain_article, look_stranded);
		INT_EQ(t.counted, 0);
		INT_EQ(t.seen, 0);
	}
}

static char *abstract_article(int k)
{
	char *abs = sentences(k), *body = sentences(16);
	char *xml = xml_printf(
		"<article><front><article-meta><title-group><article-title>Abstract and "
		"heading</article-title></title-group><abstract><p>%s</p></abstract>"
		"</article-meta></front><body><sec><title>Background</title><p>%s</p>"
		"<p>%s</p></sec></body></article>", abs, body, body);
	free(abs);
	free(body);
	return xml;
}

/* A heading after a long abstract, at the foot of the first page under
 * the title block ("Background" alone there). */
static void test_heading_under_abstract(void)
{
	tally t = sweep("brief", 10, 40, 2, abstract_article, look_stranded);
	INT_EQ(t.counted, 0);
	INT_EQ(t.seen, 0);
}

/* ---- floats ---------------------------------------------------------------- */

/* The lowest body line or rule of each page but the last, against its
 * text area (notes count as filled): pages under 75% full. */
static int short_pages(const gal_layout *L, const gal_style *st)
{
	int bad = 0;
	for (size_t p = 0; p + 1 < L->n_pages; p++) {
		const gal_page *P = &L->pages[p];
		double low = 0, notes = P->h;
		for (size_t i = 0; i < P->n; i++)
			if (P->boxes[i].kind == GAL_BOX_GLYPHS || P->boxes[i].kind == GAL_BOX_RULE ||
			    P->boxes[i].kind == GAL_BOX_IMAGE)
				low = fmax(low, P->boxes[i].y + (P->boxes[i].kind == GAL_BOX_IMAGE ?
								 P->boxes[i].h : 0));
		for (size_t i = 0; i < P->n_furn; i++)
			if (P->furn[i].kind == GAL_BOX_RULE && P->furn[i].y > P->h / 2 &&
			    P->furn[i].w < P->w / 3)
				notes = fmin(notes, P->furn[i].y);   /* the notes' rule */
		double top = st->margin_top, bottom = P->h - st->margin_bottom;
		double used = low - top + (notes < bottom ? bottom - notes : 0);
		if (P->w < P->h && used < 0.75 * (bottom - top)) {
			fprintf(stderr, "page %zu: %.0f%% full\n", p + 1, 100 * used / (bottom - top));
			bad++;
		}
	}
	return bad;
}

static const char *table_of(int rows, int cols, const char *cell)
{
	static char buf[16384];
	gal_buf b = GAL_BUF_INIT;
	gal_buf_puts(&b, "<table><caption>Soundings by quay</caption><thead><tr>");
	for (int c = 0; c < cols; c++)
		gal_buf_printf(&b, "<th>Quay %d</th>", c + 1);
	gal_buf_puts(&b, "</tr></thead><tbody>");
	for (int r = 0; r < rows; r++) {
		gal_buf_puts(&b, "<tr>");
		for (int c = 0; c < cols; c++)
			gal_buf_printf(&b, "<td>%s %d</td>", cell, r * cols + c);
		gal_buf_puts(&b, "</tr>");
	}
	gal_buf_puts(&b, "</tbody></table>");
	snprintf(buf, sizeof buf, "%s", b.data);
	gal_buf_free(&b);
	return buf;
}

static char *float_article(int k)
{
	char *lead = sentences(k), *body = sentences(14);
	char *xml = xml_printf(
		"<article xml:lang=\"en\"><head><title>Floats</title></head><body>"
		"<p>%s</p>%s<p>After the table, the text goes on. %s</p><p>%s</p>"
		"<p>%s</p></body></article>", lead, table_of(9, 3, "4.1"), body, body, body);
	free(lead);
	free(body);
	return xml;
}

/* Short pages, and whether the text after the table came before the
 * table's caption (it floated). */
static void look_float(const gal_layout *L, const gal_style *st, const tline *v, size_t n,
		       tally *t)
{
	t->counted += L->short_pages;
	t->seen += short_pages(L, st);
	size_t after = n, cap = n;
	for (size_t i = 0; i < n; i++) {
		if (after == n && !strncmp(v[i].text, "After the table", 15))
			after = i;
		if (cap == n && !strncmp(v[i].text, "Table 1", 7))
			cap = i;
	}
	t->other += after < cap;
}

/* A table that does not fit at the foot of a page waits for the top of
 * the next while the text after it fills the page, in one and two
 * columns. */
static void test_table_float(void)
{
	const char *styles[] = { "brief", "magazine" };
	for (int si = 0; si < 2; si++) {
		tally t = sweep(styles[si], 20, 70, 3, float_article, look_float);
		INT_EQ(t.counted, 0);
		INT_EQ(t.seen, 0);
		OK(t.other > 0);
	}
}

/* A table too wide for the page goes to a turned page of its own after
 * the page its text fills. */
static void test_landscape_float(void)
{
	char *lead = sentences(12), *body = sentences(30);
	char *xml = xml_printf(
		"<article xml:lang=\"en\"><head><title>Turned</title></head><body><p>%s</p>%s"
		"<p>After the table, the text goes on. %s</p><p>%s</p></body></article>",
		lead, table_of(6, 24, "12345"), body, body);
	laid a;
	int rc = lay("brief", xml, &a);
	free(xml);
	free(lead);
	free(body);
	if (rc != 0)
		FAIL_RETURN();
	INT_EQ(a.L->landscape_tables, 1);
	OK(a.L->n_pages >= 3 && a.L->pages[0].w < a.L->pages[0].h &&
	   a.L->pages[1].w > a.L->pages[1].h);
	int after_page = -1;
	for (size_t i = 0; i < a.n && after_page < 0; i++)
		if (!strncmp(a.v[i].text, "After the table", 15))
			after_page = a.v[i].page;
	INT_EQ(after_page, 0);
	INT_EQ(a.L->short_pages, 0);
	INT_EQ(short_pages(a.L, a.st), 0);
	unlay(&a);
}

/* ---- front matter --------------------------------------------------------------- */

static double font_size(const gal_box *b)
{
	PangoFontDescription *fd = pango_font_describe(b->piece->gi.item->analysis.font);
	double size = pango_font_description_get_size(fd) / (double)PANGO_SCALE;
	pango_font_description_free(fd);
	return size;
}

static char *structured_article(int k)
{
	char *t = sentences(k);
	char *xml = xml_printf(
		"<article><front><article-meta><title-group><article-title>Structured"
		"</article-title></title-group><abstract><sec><title>Background</title>"
		"<p>%s</p></sec><sec><title>Results</title><p>%s</p></sec></abstract>"
		"</article-meta></front><body><p>%s</p></body></article>", t, t, t);
	free(t);
	return xml;
}

static void look_abstract(const gal_layout *L, const gal_style *st, const tline *v, size_t n,
			  tally *t)
{
	(void)st;
	(void)t;
	double label = 0, head = 0;
	for (size_t i = 0; i < n; i++) {
		if (!strcmp(v[i].text, "Abstract"))
			label = font_size(v[i].box);
		if (!strcmp(v[i].text, "Background") || !strcmp(v[i].text, "Results"))
			head = fmax(head, font_size(v[i].box));
	}
	OK(label > 0 && head > 0);
	OK(head <= label + 0.01);
	for (size_t p = 0; p < L->n_pages; p++)
		for (size_t i = 0; i < L->pages[p].n; i++)
			if (L->pages[p].boxes[i].kind == GAL_BOX_RECT)
				OK(L->pages[p].boxes[i].h < L->pages[p].h * 0.5);
}

/* A structured abstract's heads no larger than its label; a long
 * abstract in no box that fills a page. */
static void test_abstract(void)
{
	sweep("brief", 3, 40, 37, structured_article, look_abstract);
}

/* ---- margins ------------------------------------------------------------------- */

/* The text centred between the margins, the same on every page; a
 * table wider than the measure reaches out into the left margin, its
 * right edge the measure's. */
static void test_margins(void)
{
	char *body = sentences(40);
	char *xml = xml_printf(
		"<article xml:lang=\"en\"><head><title>Margins</title></head><body><p>%s</p>"
		"%s<p>%s</p><p>%s</p></body></article>",
		body, table_of(4, 7, "Bloomington Drosophila"), body, body);
	laid a;
	int rc = lay("brief", xml, &a);
	free(xml);
	free(body);
	if (rc != 0)
		FAIL_RETURN();
	double left[3] = { 1e9, 1e9, 1e9 };
	for (size_t i = 0; i < a.n; i++)
		if (a.v[i].page < 3 && !a.v[i].furn && !strcmp(a.v[i].tag, "P"))
			left[a.v[i].page] = fmin(left[a.v[i].page], a.v[i].x);
	double centred = (a.st->margin_inner + a.st->margin_outer) / 2;
	OK(a.L->n_pages >= 3);
	for (int p = 0; p < 3; p++)
		OK(fabs(left[p] - centred) < 0.5);
	/* the table's rules: wider than the measure, into the left margin,
	 * never past the narrower margin */
	double measure = a.L->page_w - a.st->margin_inner - a.st->margin_outer, widest = 0;
	for (size_t p = 0; p < a.L->n_pages; p++)
		for (size_t i = 0; i < a.L->pages[p].n; i++) {
			const gal_box *b = &a.L->pages[p].boxes[i];
			if (b->kind != GAL_BOX_RULE || b->w <= measure + 1)
				continue;
			widest = fmax(widest, b->w);
			OK(b->x >= a.st->margin_outer - 0.5);
			OK(b->x + b->w <= a.L->page_w - a.st->margin_outer + 0.5);
			OK(fabs(b->x + b->w - (a.L->page_w - centred)) < 0.5);
		}
	OK(widest > measure + 20);
	OK(widest <= measure + fabs(a.st->margin_inner - a.st->margin_outer) / 2 + 0.5);
	INT_EQ(a.L->landscape_tables, 0);
	unlay(&a);
}

/* ---- smaller rules ---------------------------------------------------------- */

static char *break_article(int k)
{
	return xml_printf(
		"<article xml:lang=\"en\"><head><title>Breaks</title></head><body><p>The "
		"first ferry since the storm left the north quay at seven%.*s, half full of "
		"passengers and cargo bound for the islands<br/>and the second line after "
		"the break.</p></body></article>", k * 4, "   and more and more and more and "
		"more and more and more and more and more and more and more and more");
}

/* the lines before the break checked, in t->other */
static void look_break(const gal_layout *L, const gal_style *st, const tline *v, size_t n,
		       tally *t)
{
	(void)L;
	double measure = st->page_w - st->margin_inner - st->margin_outer;
	for (size_t i = 0; i + 1 < n; i++)
		if (!strncmp(v[i + 1].text, "and the second line", 19) && !v[i].furn) {
			OK(v[i].w < measure - 2 || fabs(v[i].box->line->ratio) < 0.05);
			t->other++;
		}
}

/* The line before a forced break is set ragged, not stretched. */
static void test_forced_break(void)
{
	tally t = sweep("brief", 0, 11, 1, break_article, look_break);
	OK(t.other > 6);
}

static char *dash_article(int k)
{
	return xml_printf(
		"<article xml:lang=\"pt\"><head><title>Travess\xc3\xb5" "es</title></head><body>"
		"<p>%.*sO pesquisador \xe2\x80\x94 como se v\xc3\xaa na obra de Bakhtin "
		"\xe2\x80\x94, boa parte do que \xc3\xa9 relatado no segundo cap\xc3\xadtulo "
		"j\xc3\xa1 era conhecido \xe2\x80\x94; e o resto \xe2\x80\x94.</p></body></article>",
		k * 3, "Uma frase de abertura que cresce aos poucos, com palavras e mais "
		"palavras, para mover as quebras de linha por todo o par\xc3\xa1grafo da "
		"resenha, sempre um pouco mais longa do que antes. ");
}

/* lines that start with a closing dash, in t->other */
static void look_dash(const gal_layout *L, const gal_style *st, const tline *v, size_t n,
		      tally *t)
{
	(void)L;
	(void)st;
	for (size_t i = 0; i < n; i++)
		if (!strncmp(v[i].text, "\xe2\x80\x94", 3) && strchr(",;.", v[i].text[3])) {
			fprintf(stderr, "a line starts with a closing dash: \"%s\"\n", v[i].text);
			t->other++;
		}
}

/* A dash that closes an aside stays with the word before it. */
static void test_closing_dash(void)
{
	tally t = sweep("brief", 0, 39, 1, dash_article, look_dash);
	INT_EQ(t.other, 0);
}

/* The back matter set off from the body: a rule between the body's last
 * line and the references' heading. */
static void test_back_matter(void)
{
	char *t = sentences(5);
	char *xml = xml_printf(
		"<article xml:lang=\"en\"><head><title>Back</title></head><body><p>%s</p>"
		"</body><back><refs><ref id=\"r1\">Harbour Authority (2026). Annual report."
		"</ref></refs></back></article>", t);
	laid a;
	int rc = lay("brief", xml, &a);
	free(xml);
	free(t);
	if (rc != 0)
		FAIL_RETURN();
	double body = 0, refs = 0;
	for (size_t i = 0; i < a.n; i++) {
		if (a.v[i].page == 0 && !a.v[i].furn && !strcmp(a.v[i].tag, "P"))
			body = fmax(body, a.v[i].y);
		if (a.v[i].page == 0 && is_heading(a.v[i].tag) && !strcmp(a.v[i].text, "References"))
			refs = a.v[i].y;
	}
	int rules = 0;
	for (size_t i = 0; i < a.L->pages[0].n; i++) {
		const gal_box *b = &a.L->pages[0].boxes[i];
		rules += b->kind == GAL_BOX_RULE && b->y > body && b->y < refs;
	}
	OK(body > 0 && refs > body);
	INT_EQ(rules, 1);
	unlay(&a);
}

/* cover-page = yes: the <cover> image alone on the first page, the title
 * on the next. */
static void test_cover(void)
{
	const char *path = "/tmp/galley-test-cover.ini";
	FILE *f = fopen(path, "w");
	if (!f)
		FAIL_RETURN();
	fputs("[style]\ninherit = brief\n[page]\ncover-page = yes\n", f);
	fclose(f);
	laid a;
	int rc = lay(path,
		"<article xml:lang=\"en\"><head><title>Cover</title><cover "
		"src=\"images/harbour-dusk.jpg\" alt=\"The harbour at dusk\"/></head><body>"
		"<p>The text.</p></body></article>", &a);
	remove(path);
	if (rc != 0)
		FAIL_RETURN();
	OK(a.L->n_pages == 2);
	int images = 0, glyphs = 0;
	for (size_t i = 0; i < a.L->pages[0].n; i++) {
		images += a.L->pages[0].boxes[i].kind == GAL_BOX_IMAGE &&
			  a.L->pages[0].boxes[i].image != NULL;
		glyphs += a.L->pages[0].boxes[i].kind == GAL_BOX_GLYPHS;
	}
	INT_EQ(images, 1);
	INT_EQ(glyphs, 0);
	INT_EQ(a.L->pages[0].n_furn, 0);
	OK(a.n > 0 && a.v[0].page == 1 && !strcmp(a.v[0].tag, "H1"));
	unlay(&a);
}

/* An emoji no text face has is set in Noto Color Emoji, not as a box. */
static void test_emoji(void)
{
	laid a;
	if (lay("brief",
		"<article xml:lang=\"en\"><head><title>Emoji</title></head><body><p>A wave "
		"\xf0\x9f\x8c\x8a and a smile \xf0\x9f\x98\x80 in the text.</p></body></article>",
		&a) != 0)
		FAIL_RETURN();
	int emoji = 0;
	for (size_t i = 0; i < a.L->pages[0].n; i++) {
		const gal_box *b = &a.L->pages[0].boxes[i];
		if (b->kind != GAL_BOX_GLYPHS || strncmp(b->text + b->piece->gi.item->offset,
							  "\xf0\x9f", 2))
			continue;
		PangoFontDescription *fd = pango_font_describe(b->piece->gi.item->analysis.font);
		const char *fam = pango_font_description_get_family(fd);
		emoji += fam && strstr(fam, "Emoji") != NULL;
		/* as tall as the text, not as its bitmap */
		OK(b->w < 20);
		pango_font_description_free(fd);
	}
	OK(emoji > 0);
	unlay(&a);
}

int main(void)
{
	if (!getenv("GALLEY_DATA"))
		setenv("GALLEY_DATA", GAL_SRCDIR, 1);
	gal_err e = { 0 };
	if (gal_fonts_init(&e) != 0) {
		fprintf(stderr, "fonts: %s\n", e.message);
		return 1;
	}
	test_leading();
	test_grid();
	test_heading_chain();
	test_heading_under_abstract();
	test_table_float();
	test_landscape_float();
	test_abstract();
	test_margins();
	test_forced_break();
	test_closing_dash();
	test_back_matter();
	test_cover();
	test_emoji();
	return unit_done("makeup");
}
