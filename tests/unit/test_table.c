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
static __attribute__((unused)) const tline *find(const trace *t, const char *s)
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

int main(void)
{
	if (!getenv("GALLEY_DATA"))
		setenv("GALLEY_DATA", GAL_SRCDIR, 1);
	test_breaks();
	return unit_done("table");
}
