/* Tables, code listings and the breaks inside words and numbers, held to
 * the layout trace (-t layout) of small inputs: each test sets a short
 * article and reads back where its lines and rules went. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "galley.h"
#include "base/buf.h"
#include "base/sink.h"
#include "model/doc.h"
#include "style/style.h"
#include "unit.h"

/* ---- the trace, read back ------------------------------------------------ */

typedef struct tline {
	int page;
	double x, y, w;
	char text[512];
} tline;

typedef struct trule {
	int page;
	double x, y, w, lw;
} trule;

typedef struct trace {
	char *raw;
	tline *lines;
	size_t n;
	trule *rules;
	size_t n_rules;
	size_t rects;
} trace;

static void trace_free(trace *t)
{
	free(t->raw);
	free(t->lines);
	free(t->rules);
	memset(t, 0, sizeof *t);
}

/* The text of a trace line, its escapes undone. */
static void unquote(const char *s, char *out, size_t cap)
{
	size_t n = 0;
	for (; *s && *s != '"' && n + 1 < cap; s++) {
		if (*s == '\\' && s[1] == 'x') {
			out[n++] = (char)strtol((char[3]){ s[2], s[3], 0 }, NULL, 16);
			s += 3;
			continue;
		}
		if (*s == '\\' && s[1])
			s++;
		out[n++] = *s;
	}
	out[n] = '\0';
}

static void parse(trace *t)
{
	int page = 0;
	for (char *l = t->raw; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
		if (!strncmp(l, "page ", 5))
			page = atoi(l + 5);
		if (!strncmp(l, "  --", 4))
			page = -page;   /* furniture: not counted as the page's body */
		if (!strncmp(l, "  line ", 7) && page > 0) {
			t->lines = realloc(t->lines, (t->n + 1) * sizeof *t->lines);
			tline *x = &t->lines[t->n++];
			x->page = page;
			char *q = strchr(l, '"');
			sscanf(l + 7, "%lf %lf", &x->x, &x->y);
			unquote(q + 1, x->text, sizeof x->text);
			char *w = strstr(q + 1, "\" w=");
			for (const char *s = q + 1; *s && *s != '\n'; s++)
				if (s[0] == '"' && s[-1] != '\\' && !strncmp(s, "\" w=", 4)) {
					w = (char *)s;
					break;
				}
			x->w = w ? atof(w + 4) : 0;
		}
		if (!strncmp(l, "  rule ", 7) && page > 0) {
			t->rules = realloc(t->rules, (t->n_rules + 1) * sizeof *t->rules);
			trule *r = &t->rules[t->n_rules++];
			double h;
			r->page = page;
			sscanf(l + 7, "%lf %lf %lf %lf", &r->x, &r->y, &r->w, &h);
			r->lw = 0;
		}
		if (!strncmp(l, "  rect ", 7) && page > 0)
			t->rects++;
	}
}

static gal_style *brief_style(const char *name)
{
	gal_style *st = NULL;
	if (gal_style_load(name, &st, NULL) != 0) {
		fprintf(stderr, "cannot load style %s\n", name);
		exit(1);
	}
	return st;
}

/* The layout trace of `xml` in style st (its page margins as given). */
static int lay(const char *xml, const gal_style *st, trace *t)
{
	gal_opts o;
	gal_err e = { 0 };
	gal_doc *d = NULL;
	size_t len = 0;

	memset(t, 0, sizeof *t);
	memset(&o, 0, sizeof o);
	gal_limits_default(&o.limits);
	o.style = st;
	o.epoch = 1795000000;
	o.input_path = "t.xml";
	if (gal_doc_load("t.xml", xml, strlen(xml), GAL_FMT_AUTO, &o, &d, &e) != 0) {
		fprintf(stderr, "load: %s\n", e.message);
		return -1;
	}
	gal_sink *s = gal_sink_new_memory();
	int rc = gal_render_layout(d, &o, s, NULL, &e);
	if (rc)
		fprintf(stderr, "layout: %s\n", e.message);
	const unsigned char *data = gal_sink_data(s, &len);
	t->raw = malloc(len + 1);
	memcpy(t->raw, data, len);
	t->raw[len] = '\0';
	gal_sink_abort(s);
	gal_doc_free(d);
	parse(t);
	return rc;
}

/* The first line whose text contains `s`, or NULL. */
static const tline *find(const trace *t, const char *s)
{
	for (size_t i = 0; i < t->n; i++)
		if (strstr(t->lines[i].text, s))
			return &t->lines[i];
	return NULL;
}

static int starts_with(const char *s, const char *p)
{
	return strncmp(s, p, strlen(p)) == 0;
}

static int ends_with(const char *s, const char *p)
{
	size_t n = strlen(s), m = strlen(p);
	return n >= m && strcmp(s + n - m, p) == 0;
}

/* ---- breaks inside words and numbers ------------------------------------ */

/* Some line ends with `head` and the next starts with `tail`: the text
 * was broken between them. */
static int broken_between(const trace *t, const char *head, const char *tail)
{
	for (size_t i = 0; i + 1 < t->n; i++)
		if (ends_with(t->lines[i].text, head) && starts_with(t->lines[i + 1].text, tail))
			return 1;
	return 0;
}

static int any_line_ends(const trace *t, const char *s)
{
	for (size_t i = 0; i < t->n; i++)
		if (ends_with(t->lines[i].text, s))
			return 1;
	return 0;
}

/* Paths break after their slashes, never inside a short name; code is
 * never hyphenated; thin spaces around a relation and a number hold;
 * no line ends inside a number: at every measure from 100 pt up. */
static void test_breaks(void)
{
	const char *xml =
		"<article xml:lang=\"en\"><head><title>Boot</title></head><body>"
		"<p>The tool tools/build builds the boot image zImage from {bootsect, setup, "
		"compressed/vmlinux.out}, or bzImage from {bbootsect, bsetup, compressed/bvmlinux.out}. "
		"Note that INITSEG:0200==SETUPSEG:0 and that <code>linux/arch/i386/Makefile</code> "
		"and <code>arch/i386/boot/Makefile</code> differ; the validation set "
		"(n\xe2\x80\x8a=\xe2\x80\x8a" "349) and the control set (N\xe2\x80\x8a=\xe2\x80\x8a"
		"831) agree to 0.99%, where p\xe2\x80\x89&lt;\xe2\x80\x89" "0.001 and the rate of "
		"12,345.678 units per hour holds.</p></body></article>";
	gal_style *st = brief_style("brief");
	double inner = st->margin_inner, outer = st->margin_outer;
	int slash = 0, runs = 0;

	for (double w = 100; w <= 330; w += 7) {
		trace t;
		st->margin_inner = inner;
		st->margin_outer = st->page_w - inner - w;
		if (lay(xml, st, &t) != 0) {
			OK(0);
			trace_free(&t);
			continue;
		}
		runs++;
		/* a name never breaks inside: not "compre|ssed", "SETU|PSEG" */
		for (const char *const *n = (const char *const[]){ "compressed", "vmlinux",
		     "bvmlinux", "SETUPSEG", "INITSEG", "bbootsect", "Makefile", NULL }; *n; n++)
			for (size_t k = 1; k + 1 < strlen(*n); k++) {
				char head[32], tail[32];
				snprintf(head, sizeof head, "%.*s", (int)k, *n);
				snprintf(tail, sizeof tail, "%s", *n + k);
				if (broken_between(&t, head, tail)) {
					fprintf(stderr, "w=%.0f: %s|%s\n", w, head, tail);
					OK(0);
				}
			}
		/* code takes no hyphen: "Make-" never ends a line */
		OK(!any_line_ends(&t, "Make-"));
		OK(!any_line_ends(&t, "Make\xc2\xad"));
		/* "(n = 349)", "p < 0.001" stay together */
		OK(!any_line_ends(&t, "(n\xe2\x80\x8a"));
		OK(!any_line_ends(&t, "(n"));
		OK(!any_line_ends(&t, "(N\xe2\x80\x8a="));
		OK(!any_line_ends(&t, "(N"));
		OK(!any_line_ends(&t, "where p"));
		/* numbers are whole */
		OK(!any_line_ends(&t, "0.9"));
		OK(!any_line_ends(&t, "12,"));
		OK(!any_line_ends(&t, "12,345."));
		slash += any_line_ends(&t, "compressed/");
		trace_free(&t);
	}
	INT_EQ(runs, 33);
	/* the break after the slash is taken somewhere */
	OK(slash > 0);
	st->margin_inner = inner;
	st->margin_outer = outer;
	gal_style_free(st);
}

/* The exact line `s`, or NULL. */
static const tline *line_is(const trace *t, const char *s)
{
	for (size_t i = 0; i < t->n; i++)
		if (!strcmp(t->lines[i].text, s))
			return &t->lines[i];
	return NULL;
}

/* The rules under the caption "Table 1. ...": how many span the table
 * (*part: how many do not). */
static int table_rules(const trace *t, int *part)
{
	const tline *cap = find(t, "Table 1.");
	double full = 0;
	int n = 0;
	if (part)
		*part = 0;
	for (size_t i = 0; cap && i < t->n_rules; i++)
		if (t->rules[i].y > cap->y)
			full = fmax(full, t->rules[i].w);
	for (size_t i = 0; cap && i < t->n_rules; i++) {
		if (t->rules[i].y <= cap->y)
			continue;
		if (fabs(t->rules[i].w - full) < 0.05)
			n++;
		else if (part)
			(*part)++;
	}
	return n;
}

static const char *const small_table =
	"<article xml:lang=\"en\"><head><title>Tables</title></head><body>"
	"<p>Text before the table.</p>"
	"<table id=\"t1\"><caption>Values</caption>"
	"<thead><tr><th rowspan=\"2\">Model</th><th colspan=\"2\">Estimates</th></tr>"
	"<tr><th>First</th><th>Mean</th></tr></thead>"
	"<tbody><tr><td>CG equation</td><td>\xe2\x88\x92" "1.23</td><td>12.5</td></tr>"
	"<tr><td>MDRD</td><td>10.7</td><td>\xe2\x88\x92" "0.25</td></tr>"
	"<tr><td>X</td><td>101.75</td><td>3</td></tr>"
	"<tr><td>Y</td><td>11.23</td><td>4.5</td></tr></tbody></table>"
	"<p>Text after the table.</p></body></article>";

/* Figures align on their decimal points, their headings with them; the
 * tabular minus is a figure wide with no gap; a heading spanning two
 * head rows sits on the last; booktabs rules. */
static void test_table_setting(void)
{
	gal_style *st = brief_style("brief");
	int n_part = 0;
	trace t;
	INT_EQ(lay(small_table, st, &t), 0);
	const tline *m = line_is(&t, "Model"), *first = line_is(&t, "First");
	const tline *mean = line_is(&t, "Mean"), *est = line_is(&t, "Estimates");
	const tline *a = line_is(&t, "\xe2\x88\x92" "1.23"), *b = line_is(&t, "10.7");
	const tline *c = line_is(&t, "101.75"), *d = line_is(&t, "11.23");
	const tline *e = line_is(&t, "\xe2\x88\x92" "0.25"), *f = line_is(&t, "12.5");
	const tline *three = line_is(&t, "3");
	OK(m && first && mean && est && a && b && c && d && e && f && three);
	if (m && first && mean && est && a && b && c && d && e && f && three) {
		/* the rowspan heading on the head's last row */
		OK(fabs(m->y - first->y) < 0.05);
		OK(est->y < first->y - 1);
		/* a figure is three wide: "−1.23" is as wide as "11.23" */
		OK(fabs(a->w - d->w) < 0.05);
		/* decimal points in a column */
		OK(fabs(a->x - b->x) < 0.05);
		OK(fabs(a->x - d->x) < 0.05);
		OK(fabs(c->x + three->w - b->x) < 0.05);
		/* the longest fraction ends the column; its heading with it */
		OK(fabs((e->x + e->w) - (mean->x + mean->w)) < 0.15);
		OK(fabs(e->x - f->x) < 0.05);
		/* the row label stays on one line */
		OK(line_is(&t, "CG equation") != NULL);
		/* same baselines across a row, minus or not */
		const tline *cg = line_is(&t, "CG equation");
		OK(cg && fabs(cg->y - a->y) < 0.05);
	}
	/* rules: above, under the head, below, and one under "Estimates"
	 * as wide as it (inside its columns) */
	INT_EQ(table_rules(&t, NULL), 3);
	INT_EQ(table_rules(&t, &n_part), 3);
	INT_EQ(n_part, 1);
	trace_free(&t);
	/* row-rules adds hairlines between body rows */
	st->part[GAL_PART_TABLE].row_rules = 1;
	INT_EQ(lay(small_table, st, &t), 0);
	INT_EQ(table_rules(&t, &n_part), 3 + 3);
	trace_free(&t);
	gal_style_free(st);
}

/* A language that writes a decimal comma aligns on the comma. */
static void test_table_comma(void)
{
	const char *xml =
		"<article xml:lang=\"pt\"><head><title>Tabela</title></head><body>"
		"<table><thead><tr><th>Covariadas</th><th>M\xc3\xa9" "dia</th></tr></thead>"
		"<tbody><tr><td>chef</td><td>0,8052</td></tr><tr><td>ensino</td><td>140,90</td></tr>"
		"<tr><td>nfilho</td><td>1.234,5</td></tr><tr><td>x</td><td>7</td></tr></tbody></table>"
		"</body></article>";
	gal_style *st = brief_style("brief");
	trace t;
	INT_EQ(lay(xml, st, &t), 0);
	const tline *a = line_is(&t, "0,8052"), *b = line_is(&t, "140,90");
	const tline *c = line_is(&t, "1.234,5"), *d = line_is(&t, "7");
	OK(a && b && c && d);
	if (a && b && c && d) {
		double fig = d->w;   /* tabular figures: every digit this wide */
		OK(fabs(b->x + 2 * fig - a->x) < 0.15);
		OK(fabs(d->x - a->x) < 0.05);
		OK(c->x < b->x);
	}
	trace_free(&t);
	gal_style_free(st);
}

/* A table longer than a page: on the next page its head again, under
 * "Table 1 (continued)", with its tint. */
static void test_table_continued(void)
{
	gal_buf b = GAL_BUF_INIT;
	gal_buf_puts(&b, "<article xml:lang=\"en\"><head><title>Long</title></head><body>"
		     "<table><caption>Readings</caption><thead><tr><th>Station</th>"
		     "<th>Reading</th></tr></thead><tbody>");
	for (int i = 0; i < 90; i++)
		gal_buf_printf(&b, "<tr><td>Station %d</td><td>%d.%d</td></tr>", i, 10 + i, i % 10);
	gal_buf_puts(&b, "</tbody></table></body></article>");
	gal_style *st = brief_style("brief");
	st->part[GAL_PART_TABLE].background = 0xEEEEEE;
	trace t;
	INT_EQ(lay(b.data, st, &t), 0);
	const tline *cont = find(&t, "(continued)");
	OK(cont != NULL);
	if (cont) {
		STR_EQ(cont->text, "Table 1 (continued)");
		OK(cont->page == 2);
		/* the head follows it on that page */
		const tline *head = NULL;
		for (size_t i = 0; i < t.n; i++)
			if (t.lines[i].page == 2 && !strcmp(t.lines[i].text, "Station"))
				head = &t.lines[i];
		OK(head && head->y > cont->y);
	}
	/* the tint on both pages */
	size_t tints[3] = { 0 };
	for (char *l = t.raw, pg = 0; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
		if (!strncmp(l, "page ", 5))
			pg = (char)atoi(l + 5);
		if (!strncmp(l, "  rect ", 7) && pg > 0 && pg < 3)
			tints[(int)pg]++;
	}
	OK(tints[1] >= 1);
	OK(tints[2] >= 1);
	trace_free(&t);
	gal_buf_free(&b);
	gal_style_free(st);
}

/* In two columns, long headings over figures do not starve the first
 * column: its labels keep their words on one line where the body fits. */
static void test_table_columns(void)
{
	const char *xml =
		"<article xml:lang=\"en\"><head><title>Columns</title></head><body>"
		"<table><thead><tr><th>Characteristic</th>"
		"<th>Internal cases of the first set (N\xe2\x80\x8a=\xe2\x80\x8a" "831)</th>"
		"<th>External cases of the second set (n\xe2\x80\x8a=\xe2\x80\x8a" "349)</th>"
		"<th>Added cases of a third set (n\xe2\x80\x8a=\xe2\x80\x8a" "222)</th></tr></thead>"
		"<tbody><tr><td>Diabetic nephropathy</td><td>205(24.0)</td><td>147(42.1)</td>"
		"<td>48(21.6)</td></tr><tr><td>Hypertension</td><td>115(13.8)</td>"
		"<td>44(12.6)</td><td>45(20.3)</td></tr><tr><td>Polycystic kidney</td>"
		"<td>27(3.2)</td><td>8(2.3)</td><td>2(0.9)</td></tr></tbody></table>"
		"</body></article>";
	gal_style *st = brief_style("magazine");
	trace t;
	INT_EQ(lay(xml, st, &t), 0);
	OK(line_is(&t, "Diabetic nephropathy") != NULL);
	OK(line_is(&t, "Polycystic kidney") != NULL);
	OK(find(&t, "(N\xe2\x80\x8a=\xe2\x80\x8a" "831)") != NULL);
	trace_free(&t);
	gal_style_free(st);
}

/* A table too wide for the box it stands in turns, as any wide table
 * does, rather than breaking its figures. */
static void test_table_in_box(void)
{
	gal_buf b = GAL_BUF_INIT;
	gal_buf_puts(&b, "<article xml:lang=\"en\"><head><title>Box</title></head><body>"
		     "<aside><title>Data</title><p>The counts.</p><table><thead><tr>"
		     "<th>Genotype</th>");
	for (int k = 0; k < 14; k++)
		gal_buf_printf(&b, "<th>Night %d</th>", k);
	gal_buf_puts(&b, "</tr></thead><tbody>");
	for (int r = 0; r < 4; r++) {
		gal_buf_printf(&b, "<tr><td>Genotype%d</td>", r);
		for (int k = 0; k < 14; k++)
			gal_buf_printf(&b, "<td>%d.%02d%%</td>", r + k, (r * 7 + k) % 100);
		gal_buf_puts(&b, "</tr>");
	}
	gal_buf_puts(&b, "</tbody></table><p>After the table.</p></aside>"
		     "<p>Text after the box.</p></body></article>");
	gal_style *st = brief_style("brief");
	trace t;
	INT_EQ(lay(b.data, st, &t), 0);
	OK(strstr(t.raw, "landscape-tables=1") != NULL);
	/* every figure whole: "0.99%" never "0.9" then "9%" */
	int whole = 0;
	for (size_t i = 0; i < t.n; i++) {
		const char *x = t.lines[i].text;
		size_t n = strlen(x);
		if (n && x[n - 1] == '%')
			whole += strchr(x, '.') != NULL;
		OK(!(n && x[n - 1] == '%' && !strchr(x, '.')));
	}
	INT_EQ(whole, 4 * 14);
	OK(line_is(&t, "Text after the box.") != NULL);
	trace_free(&t);
	gal_buf_free(&b);
	gal_style_free(st);
}

/* A table's head never stands alone at the foot of a page: its caption
 * and its rows (two here, the first one cell across both columns) stay
 * with the first body row, a tall one, wherever the text before moves the table's start;
 * in a box, where a table does not float, and outside one. */
static void test_table_head_kept(void)
{
	gal_style *st = brief_style("brief");
	int bad = 0, split = 0;
	for (int boxed = 0; boxed < 2; boxed++)
		for (int n = 20; n < 62; n++) {
			gal_buf b = GAL_BUF_INIT;
			gal_buf_puts(&b, "<article xml:lang=\"en\"><head><title>Head</title></head><body>");
			if (boxed)
				gal_buf_puts(&b, "<aside><title>Data</title>");
			for (int i = 0; i < n; i++)
				gal_buf_printf(&b, "<p>Line %d.</p>", i);
			gal_buf_printf(&b, "<table>%s<thead><tr><th colspan=\"2\">Harbour readings"
				       "</th></tr>", n % 2 ? "<caption>Tides</caption>" : "");
			gal_buf_puts(&b, "<tr><th>Station</th><th>Tide</th></tr></thead><tbody>"
				     "<tr><td>North quay, by the old fish market, where the gauge "
				     "stands on the pier head and reads the tide every ten "
				     "minutes through the night, in every weather</td><td>4.2</td></tr>");
			for (int r = 0; r < 40; r++)
				gal_buf_printf(&b, "<tr><td>Station %d</td><td>%d.%d</td></tr>", r, r, r % 10);
			gal_buf_puts(&b, "</tbody></table>");
			if (boxed)
				gal_buf_puts(&b, "</aside>");
			gal_buf_puts(&b, "<p>After.</p></body></article>");
			trace t;
			INT_EQ(lay(b.data, st, &t), 0);
			const tline *h1 = line_is(&t, "Harbour readings"), *h2 = line_is(&t, "Station");
			const tline *r1 = find(&t, "North quay"), *cap = find(&t, "Tides");
			OK(h1 && h2 && r1);
			if (h1 && h2 && r1) {
				bad += h1->page != r1->page || h2->page != r1->page ||
				       (cap && cap->page != r1->page);
				split += line_is(&t, "Table 1 (continued)") != NULL ||
					 find(&t, "Line 0.")->page != r1->page;
			}
			trace_free(&t);
			gal_buf_free(&b);
		}
	INT_EQ(bad, 0);
	OK(split > 0);   /* the table did start at the foot of a page */
	gal_style_free(st);
}

/* A listing keeps its lines; one too long for the measure, even at the
 * code part's min-size, wraps at a space under a hanging indent, with
 * "↪" in the indent; its type is never smaller than min-size. */
static void test_listing(void)
{
	const char *xml =
		"<article xml:lang=\"en\"><head><title>Code</title></head><body>"
		"<p>Before.</p><pre>all: vmlinux\n"
		"  short line\n"
		"tools/build -b bbootsect bsetup compressed/bvmlinux.out $(ROOT_DEV) &gt; bzImage; "
		"if [ -x /sbin/lilo ]; then /sbin/lilo; else /etc/lilo/install; fi; echo done\n"
		"end</pre><p>After.</p></body></article>";
	gal_style *st = brief_style("brief");
	trace t;
	INT_EQ(lay(xml, st, &t), 0);
	const tline *a = line_is(&t, "all: vmlinux"), *b = line_is(&t, "  short line");
	const tline *w1 = find(&t, "tools/build"), *end = line_is(&t, "end");
	const tline *mark = line_is(&t, "\xe2\x86\xaa");
	OK(a && b && w1 && end && mark);
	if (a && b && w1 && end && mark) {
		/* the wrapped line ends at a space, its rest hangs, the mark
		 * stands in the indent on the rest's baseline */
		OK(ends_with(w1->text, " "));
		const tline *rest = w1 + 1;
		OK(rest->x > a->x + 3);
		OK(fabs(mark->x - a->x) < 0.05);
		OK(fabs(mark->y - rest->y) < 0.05);
		OK(mark->y > w1->y);
		/* lines at min-size (6 pt of 8.5, leading 12) or larger */
		double lead = b->y - a->y;
		OK(lead >= 12 * 6 / 8.5 - 0.05);
		/* no line is justified past its text, none past the measure */
		for (const tline *l = a; l <= end; l++)
			OK(l->x + l->w <= a->x + 316 + 0.5);
	}
	trace_free(&t);
	gal_style_free(st);
}

/* In two columns, a listing most of whose lines a column could hold only
 * by wrapping them spans both where it stands: the text above it evened
 * out into both columns, the text after it in columns under it, no line
 * wrapped. One with a single long line among many stays in its column. */
static void test_listing_spans(void)
{
	gal_buf b = GAL_BUF_INIT;
	gal_buf_puts(&b, "<article xml:lang=\"en\"><head><title>Code</title></head><body>");
	for (int i = 0; i < 12; i++)
		gal_buf_printf(&b, "<p>Paragraph %d before the listing, long enough to take "
			       "three or four lines of a column in the magazine style.</p>", i);
	gal_buf_puts(&b, "<pre>");
	for (int i = 0; i < 8; i++)
		gal_buf_printf(&b, "wide_%d = configure_the_harbour_gauge(station_%d, "
			       "tide_table_%d, report_every_ten_minutes);\n", i, i, i);
	gal_buf_puts(&b, "</pre><p>After the wide listing.</p><pre>short = 1;\nshorter = 2;\n"
		     "short_again = 3;\nx = 4;\ny = 5;\n"
		     "only_this_line_is_long = configure_the_harbour_gauge(station, tide_table);"
		     "</pre><p>The end.</p></body></article>");
	gal_style *st = brief_style("magazine");
	trace t;
	INT_EQ(lay(b.data, st, &t), 0);
	const tline *w0 = line_is(&t, "wide_0 = configure_the_harbour_gauge(station_0, "
				  "tide_table_0, report_every_ten_minutes);");
	const tline *w7 = find(&t, "wide_7");
	const tline *after = find(&t, "After the wide listing."), *p0 = find(&t, "Paragraph 0 ");
	const tline *p11 = find(&t, "Paragraph 11 ");
	OK(w0 && w7 && after && p0 && p11);
	if (w0 && w7 && after && p0 && p11) {
		double colw = (595.276 - 2 * st->margin_outer - st->column_gap) / 2;
		/* whole lines across both columns, from the first column's edge */
		OK(w0->w > colw);
		/* p0's second line has no indent; the listing its padding */
		OK(w0->x >= p0[1].x && w0->x < p0[1].x + 6);
		OK(strstr(w7->text, "report_every_ten_minutes);") != NULL);
		INT_EQ((long)(w7 - w0), 7);
		/* the text before in both columns above it, on its page */
		OK(p11->page == w0->page && p11->x > p0->x + colw / 2 && p11->y < w0->y);
		/* the text after under it */
		OK(after->page > w0->page || after->y > w7->y);
	}
	/* one long line among six: in its column, wrapped */
	const tline *lng = find(&t, "only_this_line_is_long");
	OK(lng && lng->w < 300 && find(&t, "\xe2\x86\xaa") != NULL);
	trace_free(&t);
	gal_buf_free(&b);
	gal_style_free(st);
}

int main(void)
{
	if (!getenv("GALLEY_DATA"))
		setenv("GALLEY_DATA", GAL_SRCDIR, 1);
	test_breaks();
	test_table_setting();
	test_table_comma();
	test_table_continued();
	test_table_columns();
	test_table_in_box();
	test_table_head_kept();
	test_listing();
	test_listing_spans();
	return unit_done("table");
}
