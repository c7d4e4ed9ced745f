/* PDF: fonts, shaping, layout trace, and the PDF itself (structure,
 * metadata, reproducibility). Documents are built with the builder API. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pdf/shape_cache.h"
#include "pdf_fixture.h"
#include "unit.h"

#include "pdf/pdf.h"
#include "style/fonts.h"

static gal_node *para(gal_doc *d, gal_node *parent, const char *text)
{
	gal_node *p = gal_node_add(d, parent, GAL_NODE_PARA, 0, 0);
	gal_node_add_text(d, p, text, (size_t)-1, 0, 0);
	return p;
}

static gal_node *inl(gal_doc *d, gal_node *parent, gal_node_type t, const char *text)
{
	gal_node *n = gal_node_add(d, parent, t, 0, 0);
	if (text)
		gal_node_add_text(d, n, text, (size_t)-1, 0, 0);
	return n;
}

static void text(gal_doc *d, gal_node *parent, const char *s)
{
	gal_node_add_text(d, parent, s, (size_t)-1, 0, 0);
}

static const char *lorem =
	"Officials said the harbour authority would publish the figures on "
	"Thursday, after a week in which ferry operators, fishermen and the "
	"city council traded accusations about who should pay for dredging "
	"the eastern channel. The affluent waterfront districts want the work "
	"finished before the winter storms; the older quays want a guarantee "
	"that their moorings will not be moved.";

/* A brief that uses every block and most inlines. */
static gal_doc *sample_doc(void)
{
	gal_doc *d = gal_doc_new("sample.xml");
	gal_meta *m = &d->meta;
	m->lang = "en";
	m->title = gal_node_new(d, GAL_NODE_TITLE, 0, 0);
	text(d, m->title, "Harbour lights go dark as the port counts the cost");
	m->subtitle = gal_node_new(d, GAL_NODE_SUBTITLE, 0, 0);
	text(d, m->subtitle, "A week of storms leaves the eastern channel closed and "
	     "the ferry timetable in pieces");
	gal_doc_add_author(d, "Ana Ferreira", NULL, NULL);
	gal_doc_add_author(d, "Tom Okafor", NULL, NULL);
	gal_doc_add_keyword(d, "harbour");
	gal_doc_add_keyword(d, "ferries");
	m->date = "2026-11-27";
	m->source = gal_node_new(d, GAL_NODE_SOURCE, 0, 0);
	text(d, m->source, "Coastal Desk");
	m->summary = gal_node_new(d, GAL_NODE_SUMMARY, 0, 0);
	m->summary->summary_kind = GAL_SUMMARY_KEYPOINTS;
	gal_node *kl = gal_node_add(d, m->summary, GAL_NODE_LIST, 0, 0);
	kl->list_type = GAL_LIST_BULLET;
	kl->start = 1;
	for (int i = 0; i < 3; i++) {
		gal_node *it = gal_node_add(d, kl, GAL_NODE_ITEM, 0, 0);
		para(d, it, i == 0 ? "The eastern channel stays closed until the survey is done." :
			   i == 1 ? "Ferries run a reduced timetable from Monday." :
				    "The council meets on Friday to decide who pays.");
	}

	gal_node *root = d->root;
	gal_node *p = para(d, root, "The lights on the old harbour wall went out on Sunday "
			   "night, and by Monday morning the ");
	inl(d, p, GAL_NODE_EMPH, "Maria Kristina");
	text(d, p, ", the last ferry still running to the islands, was tied up at the "
	     "north quay. ");
	gal_node *q = inl(d, p, GAL_NODE_QUOTE, "We have never seen the channel like this");
	(void)q;
	text(d, p, ", said the harbour master. The office will ");
	inl(d, p, GAL_NODE_STRONG, "not");
	text(d, p, " reopen before the survey");
	gal_node *fn = inl(d, p, GAL_NODE_FOOTNOTE, "The survey is carried out by the "
			   "national hydrographic office.");
	(void)fn;
	text(d, p, ". Water levels reached 2.4 m");
	inl(d, p, GAL_NODE_SUP, "1");
	text(d, p, " and CO");
	inl(d, p, GAL_NODE_SUB, "2");
	text(d, p, " readings were normal. See ");
	gal_node *a = inl(d, p, GAL_NODE_LINK, "the port's notice");
	a->url = "https://example.org/notice?id=42";
	text(d, p, " and ");
	gal_node *x = inl(d, p, GAL_NODE_XREF, "the table below");
	x->url = "tab-cost";
	text(d, p, ". The ");
	inl(d, p, GAL_NODE_SMALLCAPS, "Nato");
	text(d, p, " liaison office declined to comment ");
	gal_node *c = inl(d, p, GAL_NODE_CITE, NULL);
	c->url = "r1";
	text(d, p, ".");
	para(d, root, lorem);

	gal_node *sec = gal_node_add(d, root, GAL_NODE_SECTION, 0, 0);
	inl(d, sec, GAL_NODE_HEADING, "What happened to the channel");
	para(d, sec, lorem);
	para(d, sec, "The affluent districts and the office of the harbour master "
	     "disagree on the first figures, and the difference is not small.");
	gal_node *bq = gal_node_add(d, sec, GAL_NODE_BLOCKQUOTE, 0, 0);
	para(d, bq, "We were told the channel would hold for another ten years. It "
	     "held for ten days.");
	inl(d, bq, GAL_NODE_ATTRIBUTION, "Ines Duarte, ferry operator");
	para(d, sec, lorem);
	inl(d, sec, GAL_NODE_PULLQUOTE, "\xe2\x80\x9cIt held for ten days.\xe2\x80\x9d");
	gal_node *sub = gal_node_add(d, sec, GAL_NODE_SECTION, 0, 0);
	inl(d, sub, GAL_NODE_HEADING, "The numbers");
	gal_node *ol = gal_node_add(d, sub, GAL_NODE_LIST, 0, 0);
	ol->list_type = GAL_LIST_ORDERED;
	ol->start = 1;
	for (int i = 0; i < 3; i++) {
		gal_node *it = gal_node_add(d, ol, GAL_NODE_ITEM, 0, 0);
		para(d, it, i == 0 ? "Dredging the channel: two to three months." :
			   i == 1 ? "Repairing the wall lights: one week, once the wall is safe "
				    "to reach from the water side." :
				    "Surveying: already under way.");
	}
	gal_node *tab = gal_node_add(d, sub, GAL_NODE_TABLE, 0, 0);
	tab->id = "tab-cost";
	inl(d, tab, GAL_NODE_CAPTION, "Estimated costs by item");
	gal_node *th = gal_node_add(d, tab, GAL_NODE_TSECTION, 0, 0);
	th->tsection = GAL_TSEC_HEAD;
	gal_node *tr = gal_node_add(d, th, GAL_NODE_TROW, 0, 0);
	const char *hd[] = { "Item", "Low (EUR m)", "High (EUR m)" };
	for (int i = 0; i < 3; i++) {
		gal_node *tc = inl(d, tr, GAL_NODE_TCELL, hd[i]);
		tc->header = 1;
		tc->colspan = tc->rowspan = 1;
	}
	gal_node *tb = gal_node_add(d, tab, GAL_NODE_TSECTION, 0, 0);
	tb->tsection = GAL_TSEC_BODY;
	const char *rows[][3] = { { "Dredging", "4.1", "6.0" }, { "Lights", "0.2", "0.3" },
				  { "Survey", "0.4", "0.4" } };
	for (int r = 0; r < 3; r++) {
		tr = gal_node_add(d, tb, GAL_NODE_TROW, 0, 0);
		for (int i = 0; i < 3; i++) {
			if (r == 2 && i == 2)
				continue;
			gal_node *tc = inl(d, tr, GAL_NODE_TCELL, rows[r][i]);
			tc->colspan = r == 2 && i == 1 ? 2 : 1;
			tc->rowspan = 1;
			tc->align = i ? GAL_ALIGN_RIGHT : GAL_ALIGN_LEFT;
		}
	}
	para(d, tab, "Figures from the harbour authority, rounded.");
	gal_node *pre = gal_node_add(d, sub, GAL_NODE_PRE, 0, 0);
	text(d, pre, "depth  = survey(channel, \"east\")\nif depth < 4.0:\n    close(channel)");
	gal_node *fig = gal_node_add(d, sub, GAL_NODE_FIGURE, 0, 0);
	gal_node *img = gal_node_add(d, fig, GAL_NODE_IMAGE, 0, 0);
	img->url = "images/channel.png";
	img->title = "The eastern channel at low tide";
	inl(d, fig, GAL_NODE_CAPTION, "The eastern channel at low tide on Monday.");
	gal_node *as = gal_node_add(d, sec, GAL_NODE_ASIDE, 0, 0);
	inl(d, as, GAL_NODE_HEADING, "How the channel is surveyed");
	para(d, as, "A survey boat sounds the channel bed every ten metres; the "
	     "readings are compared with last spring's chart.");
	gal_node_add(d, sec, GAL_NODE_HR, 0, 0);
	para(d, sec, lorem);
	gal_node *back = gal_node_add(d, root, GAL_NODE_BACK, 0, 0);
	gal_node *refs = gal_node_add(d, back, GAL_NODE_REFS, 0, 0);
	gal_node *r1 = inl(d, refs, GAL_NODE_REF, "Harbour Authority (2026). Annual "
			   "report on the state of the channels.");
	r1->id = "r1";
	return d;
}

/* styles/brief.ini, or the hand-filled one when it cannot be read */
static gal_style *loaded;

static gal_style *brief(void)
{
	static gal_style fallback;
	if (loaded || gal_style_load("brief", &loaded, NULL) == 0)
		return loaded;
	fixture_style(&fallback);
	return &fallback;
}

static gal_opts sample_opts(gal_style *st)
{
	gal_opts o;
	memset(&o, 0, sizeof o);
	gal_limits_default(&o.limits);
	o.style = st;
	o.epoch = 1795000000;
	o.input_path = "sample.xml";
	return o;
}

/* the page count the last render() reported */
static int rendered_pages;

static char *render(int (*fn)(const gal_doc *, const gal_opts *, gal_sink *, int *, gal_err *),
		    const gal_doc *d, const gal_opts *o, size_t *len, int *rc)
{
	gal_sink *s = gal_sink_new_memory();
	gal_err e = { 0 };
	*rc = fn(d, o, s, &rendered_pages, &e);
	if (*rc)
		fprintf(stderr, "render: %s\n", e.message);
	const unsigned char *data = gal_sink_data(s, len);
	char *copy = xmalloc(*len + 1);
	if (*len)
		memcpy(copy, data, *len);
	copy[*len] = '\0';
	gal_sink_abort(s);
	return copy;
}

static void test_fonts(void)
{
	INT_EQ(gal_fonts_init(NULL), 0);
	const char *d = gal_fonts_describe();
	OK(strstr(d, "Charis SIL ") != NULL);
	OK(strstr(d, "missing") == NULL);
	/* only our fonts: a family we do not ship falls back to ours */
	PangoFontDescription *fd = pango_font_description_from_string("DejaVu Sans 10");
	PangoFont *f = pango_font_map_load_font(gal_fonts_map(), gal_fonts_context(), fd);
	PangoFontDescription *got = pango_font_describe(f);
	const char *fam = pango_font_description_get_family(got);
	OK(strcmp(fam, "DejaVu Sans") != 0);
	pango_font_description_free(got);
	g_object_unref(f);
	pango_font_description_free(fd);
}

static void test_shape(void)
{
	gal_style *st = brief();
	gal_para_opts po = { 0 };
	po.ts = &st->part[GAL_PART_BODY];
	po.lang = "en";
	gal_para *p = gal_para_new_text("The office   affluent\nfinal  ", &po);
	STR_EQ(p->text, "The office affluent final");
	double w = 60;
	size_t n;
	gal_line *ln = gal_para_lines(p, &w, 1, GAL_ALIGN_LEFT, &n);
	OK(n >= 2);
	for (size_t i = 0; i < n; i++)
		OK(ln[i].width <= w + 0.01);
	gal_lines_free(ln, n);
	/* a word wider than the measure is split, never overfull */
	gal_para_free(p);
	p = gal_para_new_text("https://example.org/a/very/long/path/that/does/not/fit", &po);
	w = 80;
	ln = gal_para_lines(p, &w, 1, GAL_ALIGN_JUSTIFY, &n);
	OK(n >= 3);
	for (size_t i = 0; i < n; i++)
		OK(ln[i].width <= w + 0.01);
	gal_lines_free(ln, n);
	gal_para_free(p);
	/* justified lines fill the measure */
	p = gal_para_new_text(lorem, &po);
	w = 300;
	ln = gal_para_lines(p, &w, 1, GAL_ALIGN_JUSTIFY, &n);
	OK(n > 3);
	for (size_t i = 0; i + 1 < n; i++)
		OK(ln[i].width > w - 0.5 && ln[i].width < w + 0.5);
	gal_lines_free(ln, n);
	gal_para_free(p);
}

/* Where each line of p ends at width w: 1 when some line ends at byte
 * offset `at` (a break there), and every line fits. */
static int breaks_at(gal_para *p, double w, int align, int at, int *hyphens)
{
	size_t n;
	int hit = 0;
	gal_line *ln = gal_para_lines(p, &w, 1, align, &n);
	for (size_t i = 0; i < n; i++) {
		OK(ln[i].width <= w + 0.01);
		if (i + 1 < n && (ln[i].end == at || ln[i + 1].start == at))
			hit = 1;
		if (hyphens)
			*hyphens += ln[i].hyphenated;
	}
	gal_lines_free(ln, n);
	return hit;
}

/* Addresses break without hyphens, labels and units stay with their
 * numbers, headings balance their lines. */
static void test_rules(void)
{
	gal_style *st = brief();
	gal_para_opts po = { 0 };
	po.ts = &st->part[GAL_PART_BODY];
	po.lang = "en";
	OK(po.ts->hyphenate);

	/* the control: these words do take hyphens at these widths */
	gal_para *p = gal_para_new_text("Fisheries representatives internationally "
					"acknowledged responsibilities", &po);
	int hy = 0;
	for (double w = 60; w < 200; w += 9)
		breaks_at(p, w, GAL_ALIGN_JUSTIFY, -1, &hy);
	OK(hy > 0);
	gal_para_free(p);
	/* an address never does, though it breaks */
	p = gal_para_new_text("See http://twitter.com/BernardFCondonFisheriesRepresentatives "
			      "or write to representatives@fisheries.example.org now", &po);
	hy = 0;
	for (double w = 60; w < 200; w += 9)
		breaks_at(p, w, GAL_ALIGN_JUSTIFY, -1, &hy);
	INT_EQ(hy, 0);
	gal_para_free(p);

	/* abbreviations are words: "e.g." and "U.S." never break inside */
	const char *abbr = "Ports, e.g. Ellery, moved the U.S. cargo that week, so the "
			   "harbour office said.";
	p = gal_para_new_text(abbr, &po);
	int inside[2] = { (int)(strstr(abbr, "e.g.") - abbr) + 1,
			  (int)(strstr(abbr, "U.S.") - abbr) + 1 };
	for (int k = 0; k < 2; k++)
		for (double w = 40; w < 300; w += 3) {
			INT_EQ(breaks_at(p, w, GAL_ALIGN_JUSTIFY, inside[k], NULL), 0);
			INT_EQ(breaks_at(p, w, GAL_ALIGN_JUSTIFY, inside[k] + 1, NULL), 0);
			INT_EQ(breaks_at(p, w, GAL_ALIGN_JUSTIFY, inside[k] + 2, NULL), 0);
		}
	gal_para_free(p);

	/* ties: never "Table / 1" or "18 / m", at any width */
	const char *tied = "The figures in Table 1 suggest a rotor of 18 m and 16.5 MW "
			   "from the channel, says page p. 12 of the report.";
	p = gal_para_new_text(tied, &po);
	int at[4] = {
		(int)(strstr(tied, "Table 1") - tied) + 5, (int)(strstr(tied, "18 m") - tied) + 2,
		(int)(strstr(tied, "16.5 MW") - tied) + 4, (int)(strstr(tied, "p. 12") - tied) + 2,
	};
	for (int k = 0; k < 4; k++) {
		int hit = 0;
		for (double w = 50; w < 320; w += 3)
			hit |= breaks_at(p, w, GAL_ALIGN_JUSTIFY, at[k], NULL) |
			       breaks_at(p, w, GAL_ALIGN_LEFT, at[k], NULL) |
			       breaks_at(p, w, GAL_ALIGN_JUSTIFY, at[k] + 1, NULL);
		INT_EQ(hit, 0);
	}
	/* the control: the space after "suggest" does break somewhere */
	int other = 0;
	for (double w = 50; w < 320; w += 3)
		other |= breaks_at(p, w, GAL_ALIGN_JUSTIFY,
				   (int)(strstr(tied, " a rotor") - tied), NULL);
	OK(other);
	gal_para_free(p);

	/* a balanced heading: as many lines, of even length */
	po.ts = &st->part[GAL_PART_TITLE];
	p = gal_para_new_text("Can trading pollution like stocks help fight climate change?", &po);
	double w = 326, bw = gal_para_balance(p, w, GAL_ALIGN_LEFT);
	size_t n, nb;
	gal_line *ln = gal_para_lines(p, &w, 1, GAL_ALIGN_LEFT, &n);
	gal_line *lb = gal_para_lines(p, &bw, 1, GAL_ALIGN_LEFT, &nb);
	OK(n >= 2);
	INT_EQ((int)nb, (int)n);
	OK(bw < w);
	double lo = 1e9, hi = 0;
	for (size_t i = 0; i < nb; i++) {
		lo = lb[i].width < lo ? lb[i].width : lo;
		hi = lb[i].width > hi ? lb[i].width : hi;
	}
	/* unbalanced, the last line is a third of the first or less */
	OK(ln[n - 1].width < ln[0].width * 0.5);
	OK(lo > hi * 0.6);
	gal_lines_free(ln, n);
	gal_lines_free(lb, nb);
	/* right to left, ragged lines hang from the right (the start) */
	gal_para_free(p);
	po.lang = "ar";
	p = gal_para_new_text("\xd8\xaa\xd9\x82\xd9\x88\xd9\x84 \xd8\xa7\xd9\x84\xd8\xad\xd9\x83\xd9\x88\xd9\x85\xd8\xa9 "
			      "\xd8\xa5\xd9\x86 \xd8\xa7\xd9\x84\xd9\x85\xd9\x8a\xd9\x86\xd8\xa7\xd8\xa1 "
			      "\xd8\xb3\xd9\x8a\xd8\xb9\xd9\x8a\xd8\xaf \xd9\x81\xd8\xaa\xd8\xad "
			      "\xd8\xa7\xd9\x84\xd9\x82\xd9\x86\xd8\xa7\xd8\xa9", &po);
	OK(p->rtl);
	w = 150;
	ln = gal_para_lines(p, &w, 1, GAL_ALIGN_LEFT, &n);
	OK(n >= 2);
	for (size_t i = 0; i < n; i++) {
		double right = 0;
		for (size_t k = 0; k < ln[i].n; k++)
			if (ln[i].pieces[k].x + ln[i].pieces[k].w > right)
				right = ln[i].pieces[k].x + ln[i].pieces[k].w;
		OK(fabs(right - w) < 0.5);
	}
	gal_lines_free(ln, n);
	po.lang = "en";
	/* one line stays as it is */
	gal_para_free(p);
	p = gal_para_new_text("Short title", &po);
	OK(gal_para_balance(p, w, GAL_ALIGN_LEFT) == w);
	gal_para_free(p);
}

static int count(const char *hay, const char *needle)
{
	int k = 0;
	for (const char *s = hay; (s = strstr(s, needle)); s++)
		k++;
	return k;
}

/* The sample document, prepared with the brief style's options. */
static gal_doc *prepared_sample(gal_opts *o)
{
	*o = sample_opts(brief());
	gal_doc *d = sample_doc();
	gal_err e = { 0 };
	INT_EQ(gal_prep(d, o, &e), 0);
	return d;
}

static void test_layout(void)
{
	gal_opts o;
	gal_doc *d = prepared_sample(&o);
	size_t len;
	int rc;
	char *t = render(gal_render_layout, d, &o, &len, &rc);
	INT_EQ(rc, 0);
	OK(strncmp(t, "page 1 595.3x841.9\n", 19) == 0);
	OK(strstr(t, "<Lbl>") != NULL && strstr(t, "<LBody>") != NULL);
	OK(strstr(t, "  <H1>\n") != NULL);
	OK(strstr(t, "  <H2>\n") != NULL);
	OK(strstr(t, "<Table>") != NULL && strstr(t, "<TH>") != NULL);
	OK(strstr(t, "link=https://example.org/notice?id=42") != NULL);
	OK(strstr(t, "link=tab-cost") != NULL);
	OK(strstr(t, "dest tab-cost") != NULL);
	OK(strstr(t, "<Note>") != NULL);
	OK(strstr(t, "image ") != NULL);
	INT_EQ(count(t, "<P>"), count(t, "</P>"));
	INT_EQ(rendered_pages, count(t, "page "));
	/* the trace is stable: the same run gives the same text */
	size_t len2;
	char *t2 = render(gal_render_layout, d, &o, &len2, &rc);
	OK(len == len2 && memcmp(t, t2, len) == 0);
	const char *dump = getenv("GAL_TEST_LAYOUT_OUT");
	if (dump) {
		FILE *f = fopen(dump, "w");
		if (f) {
			fwrite(t, 1, len, f);
			fclose(f);
		}
	}
	free(t);
	free(t2);
	/* a page limit is an error, not a silent cut */
	o.limits.pages = 1;
	t = render(gal_render_layout, d, &o, &len, &rc);
	INT_EQ(rc, GAL_E_LIMIT);
	free(t);
	gal_doc_free(d);
}

static void test_pdf(void)
{
	gal_opts o;
	gal_doc *d = prepared_sample(&o);
	size_t len, len2;
	int rc;
	char *pdf = render(gal_render_pdf, d, &o, &len, &rc);
	INT_EQ(rc, 0);
	OK(len > 1000 && memcmp(pdf, "%PDF-", 5) == 0);
	OK(memmem(pdf, len, "/StructTreeRoot", 15) != NULL);
	OK(memmem(pdf, len, "/MarkInfo", 9) != NULL);
	OK(memmem(pdf, len, "/Creator (galley)", 17) != NULL);
	/* 1795000000 is 2026-11-18 11:06:40 UTC (the post-pass writes the
	 * "D:" that cairo 1.16 leaves out) */
	OK(memmem(pdf, len, "/CreationDate (D:20261118110640Z)", 33) != NULL);
	OK(memmem(pdf, len, "/ModDate (D:20261118110640Z)", 28) != NULL);
	/* what only the post-pass writes: language, XMP, viewer title, /ID */
	OK(memmem(pdf, len, "/Lang (", 7) != NULL);
	OK(memmem(pdf, len, "/Subtype /XML", 13) != NULL);
	OK(memmem(pdf, len, "<xmp:CreateDate>2026-11-18T11:06:40Z</xmp:CreateDate>", 53) != NULL);
	OK(memmem(pdf, len, "/DisplayDocTitle true", 21) != NULL);
	OK(memmem(pdf, len, "/ID [", 5) != NULL);
	OK(memmem(pdf, len, "/Outlines", 9) != NULL);
	/* byte-identical whatever the time zone */
	setenv("TZ", "Pacific/Kiritimati", 1);
	tzset();
	char *pdf2 = render(gal_render_pdf, d, &o, &len2, &rc);
	OK(len == len2 && memcmp(pdf, pdf2, len) == 0);
	unsetenv("TZ");
	tzset();
	const char *out = getenv("GAL_TEST_PDF_OUT");
	if (out) {
		FILE *f = fopen(out, "wb");
		if (f) {
			fwrite(pdf, 1, len, f);
			fclose(f);
		}
	}
	free(pdf);
	free(pdf2);
	gal_doc_free(d);
}

/* The layout trace of a small brief, against tests/unit/pdf_layout.golden
 * (GOLDEN_UPDATE=1 rewrites it; review the diff). */
static void test_golden(void)
{
	gal_doc *d = gal_doc_new("small.xml");
	d->meta.lang = "en";
	d->meta.title = gal_node_new(d, GAL_NODE_TITLE, 0, 0);
	text(d, d->meta.title, "Ferries return to the islands");
	gal_doc_add_author(d, "Ana Ferreira", NULL, NULL);
	d->meta.date = "2026-11-28";
	gal_node *p = para(d, d->root, "The first ferry since the storm left the north "
			   "quay at seven, half full");
	gal_node *fn = inl(d, p, GAL_NODE_FOOTNOTE, "Timetable from the operator.");
	(void)fn;
	text(d, p, ". The office expects the full timetable by Monday.");
	gal_node *sec = gal_node_add(d, d->root, GAL_NODE_SECTION, 0, 0);
	inl(d, sec, GAL_NODE_HEADING, "Sailings");
	gal_node *l = gal_node_add(d, sec, GAL_NODE_LIST, 0, 0);
	l->list_type = GAL_LIST_BULLET;
	l->start = 1;
	para(d, gal_node_add(d, l, GAL_NODE_ITEM, 0, 0), "North quay, 07:00 and 15:00.");
	para(d, gal_node_add(d, l, GAL_NODE_ITEM, 0, 0), "East quay: closed.");
	gal_opts o = sample_opts(brief());
	gal_err e = { 0 };
	INT_EQ(gal_prep(d, &o, &e), 0);
	size_t len;
	int rc;
	char *t = render(gal_render_layout, d, &o, &len, &rc);
	INT_EQ(rc, 0);
	const char *path = GAL_SRCDIR "/tests/unit/pdf_layout.golden";
	if (getenv("GOLDEN_UPDATE")) {
		FILE *f = fopen(path, "w");
		if (f) {
			fwrite(t, 1, len, f);
			fclose(f);
		}
	}
	FILE *f = fopen(path, "r");
	char *want = xcalloc(1, 65536);
	size_t n = f ? fread(want, 1, 65535, f) : 0;
	if (f)
		fclose(f);
	OK(n > 0);
	if (n != len || memcmp(want, t, len) != 0) {
		fprintf(stderr, "layout trace differs from %s:\n%s", path, t);
		OK(0);
	}
	free(want);
	free(t);
	gal_doc_free(d);
}

/* Scripts Charis lacks fall back to the Noto families, right to left
 * included, and every font is embedded. */
static void test_scripts(void)
{
	gal_doc *d = gal_doc_new("scripts.xml");
	d->meta.lang = "en";
	para(d, d->root, "Greek \xce\xb1\xce\xb8\xce\xae\xce\xbd\xce\xb1, Russian "
	     "\xd0\x9c\xd0\xbe\xd1\x81\xd0\xba\xd0\xb2\xd0\xb0, Arabic "
	     "\xd8\xa7\xd9\x84\xd8\xb9\xd8\xb1\xd8\xa8\xd9\x8a\xd8\xa9, "
	     "Chinese \xe4\xb8\xad\xe6\x96\x87\xe6\xb8\xaf\xe5\x8f\xa3.");
	gal_node *p = para(d, d->root, "");
	gal_node *sp = inl(d, p, GAL_NODE_SPAN,
			   "\xe6\xb8\xaf\xe3\x81\xae\xe7\x81\xaf\xe3\x82\x8a");
	sp->lang = "ja";
	gal_opts o = sample_opts(brief());
	gal_err e = { 0 };
	INT_EQ(gal_prep(d, &o, &e), 0);
	size_t len;
	int rc;
	char *pdf = render(gal_render_pdf, d, &o, &len, &rc);
	INT_EQ(rc, 0);
	OK(memmem(pdf, len, "NotoSansCJK", 11) != NULL);
	OK(memmem(pdf, len, "Arabic", 6) != NULL);
	OK(memmem(pdf, len, "CharisSIL", 9) != NULL);
	free(pdf);
	gal_doc_free(d);
}

/* The right edge of a line's ink box: where its last piece ends. */
static double line_right(const gal_line *ln)
{
	double r = 0;
	for (size_t k = 0; k < ln->n; k++)
		r = fmax(r, ln->pieces[k].x + ln->pieces[k].w);
	return r;
}

static double line_left(const gal_line *ln)
{
	double l = 1e9;
	for (size_t k = 0; k < ln->n; k++)
		l = fmin(l, ln->pieces[k].x);
	return l;
}

/* The width of text on one line. */
static double natural_width(const char *text, const gal_para_opts *po)
{
	double mn, mx;
	gal_para *p = gal_para_new_text(text, po);
	gal_para_extents(p, &mn, &mx);
	gal_para_free(p);
	return mx;
}

/* "Port Ellery", then Arabic: the article's language, not the first
 * word, sets its direction */
#define AR_LATIN_FIRST "Port Ellery \xd9\x85\xd9\x8a\xd9\x86\xd8\xa7\xd8\xa1 \xd8\xb5\xd8\xba\xd9\x8a\xd8\xb1 " \
	"\xd8\xb9\xd9\x84\xd9\x89 \xd8\xa7\xd9\x84\xd8\xb3\xd8\xa7\xd8\xad\xd9\x84 " \
	"\xd8\xa7\xd9\x84\xd8\xba\xd8\xb1\xd8\xa8\xd9\x8a\xd8\x8c \xd9\x88\xd9\x82\xd8\xaf " \
	"\xd8\xaa\xd8\xad\xd9\x88\xd9\x84 \xd8\xae\xd9\x84\xd8\xa7\xd9\x84 \xd8\xae\xd9\x85\xd8\xb3 " \
	"\xd8\xb3\xd9\x86\xd9\x88\xd8\xa7\xd8\xaa \xd9\x81\xd9\x82\xd8\xb7 \xd8\xa5\xd9\x84\xd9\x89 " \
	"\xd9\x85\xd8\xab\xd8\xa7\xd9\x84 \xd9\x8a\xd8\xad\xd8\xaa\xd8\xb0\xd9\x89 \xd8\xa8\xd9\x87."
#define HE_WORDS "\xd7\x94\xd7\xaa\xd7\x95\xd7\xa8\xd7\x91\xd7\x99\xd7\xa0\xd7\x95\xd7\xaa " \
	"\xd7\x91\xd7\xa2\xd7\xa8\xd7\x95\xd7\xa5 \xd7\x9e\xd7\xa1\xd7\xa4\xd7\xa7\xd7\x95\xd7\xaa " \
	"\xd7\x94\xd7\x99\xd7\x95\xd7\x9d \xd7\x9e\xd7\xa6\xd7\xa8\xd7\x99\xd7\x9b\xd7\xaa " \
	"\xd7\x94\xd7\x97\xd7\xa9\xd7\x9e\xd7\x9c \xd7\xa9\xd7\x9c \xd7\x94\xd7\xa0\xd7\x9e\xd7\x9c"

/* Directions: a paragraph takes its block's (prep's), text alone its
 * language's or its first letter's; right-to-left lines start at the
 * right; labels set flush left stay there; joining letters are never
 * tracked apart and right-to-left words never hyphenated. */
static void test_rtl(void)
{
	gal_style *st = brief();
	gal_doc *d = gal_doc_new("rtl.xml");
	d->meta.lang = "ar";
	gal_node *ar = para(d, d->root, AR_LATIN_FIRST);
	gal_node *he = para(d, d->root, HE_WORDS);
	he->lang = "en";
	gal_opts o = sample_opts(st);
	gal_err e = { 0 };
	INT_EQ(gal_prep(d, &o, &e), 0);
	OK(ar->rtl);
	OK(!he->rtl);
	gal_para_opts po = { 0 };
	po.ts = &st->part[GAL_PART_BODY];
	po.lang = "ar";
	gal_para *p = gal_para_new(d, ar, NULL, NULL, &po);
	OK(p->rtl);
	double w = 150;
	size_t n;
	gal_line *ln = gal_para_lines(p, &w, 1, GAL_ALIGN_JUSTIFY, &n);
	OK(n >= 3);
	for (size_t i = 0; i < n; i++)
		OK(fabs(line_right(&ln[i]) - w) < 0.5);
	/* the last line is flush right, not stretched */
	OK(line_left(&ln[n - 1]) > 20);
	/* "Port Ellery" starts the first line: at its right end */
	const gal_piece *last = &ln[0].pieces[ln[0].n - 1];
	OK(strncmp(p->text + last->gi.item->offset, "Ellery", 6) == 0 ||
	   strncmp(p->text + last->gi.item->offset, "Port", 4) == 0);
	gal_lines_free(ln, n);
	gal_para_free(p);
	/* a language given on the block decides: English, though Hebrew */
	p = gal_para_new(d, he, NULL, NULL, &po);
	OK(!p->rtl);
	gal_para_free(p);

	/* text alone: its language, else its first strong letter, unless
	 * told; a label set flush left starts at 0 whatever its direction */
	po.lang = "en";
	p = gal_para_new_text(HE_WORDS, &po);
	OK(p->rtl);
	gal_para_free(p);
	po.dir = GAL_DIR_LTR;
	p = gal_para_new_text(HE_WORDS, &po);
	OK(!p->rtl);
	gal_para_free(p);
	po.dir = GAL_DIR_AUTO;
	po.lang = "he";
	p = gal_para_new_text("12.", &po);
	OK(p->rtl);
	w = 200;
	ln = gal_para_lines(p, &w, 1, GAL_ALIGN_FLUSH_LEFT, &n);
	INT_EQ(n, 1);
	OK(fabs(line_left(&ln[0])) < 0.01);
	gal_lines_free(ln, n);
	ln = gal_para_lines(p, &w, 1, GAL_ALIGN_LEFT, &n);
	OK(fabs(line_right(&ln[0]) - w) < 0.01);
	gal_lines_free(ln, n);
	gal_para_free(p);

	/* letter-spacing tracks Latin letters apart, never Arabic or
	 * Hebrew ones */
	gal_textstyle tracked = st->part[GAL_PART_BODY];
	const char *arabic = "\xd8\xae\xd9\x84\xd8\xa7\xd9\x84\xd9\x83\xd9\x87\xd8\xb1\xd8\xa8\xd8\xa7\xd8\xa6\xd9\x8a\xd8\xa9";
	po.lang = "ar";
	po.ts = &tracked;
	tracked.letterspacing = 0;
	double plain_ar = natural_width(arabic, &po), plain_la = natural_width("harbour", &po);
	tracked.letterspacing = 0.2;
	OK(fabs(natural_width(arabic, &po) - plain_ar) < 0.01);
	const char *hebrew = "\xd7\x94\xd7\xaa\xd7\x95\xd7\xa8\xd7\x91\xd7\x99\xd7\xa0\xd7\x95\xd7\xaa";
	po.lang = "he";
	tracked.letterspacing = 0;
	double plain_he = natural_width(hebrew, &po);
	tracked.letterspacing = 0.2;
	OK(fabs(natural_width(hebrew, &po) - plain_he) < 0.01);
	OK(natural_width("harbour", &po) > plain_la + 5);

	/* right-to-left words are never hyphenated, whatever the dictionary */
	po.ts = &st->part[GAL_PART_BODY];
	po.lang = "en";
	p = gal_para_new_text(HE_WORDS " " HE_WORDS, &po);
	OK(p->hyph != NULL);
	for (w = 40; w < 120; w += 7) {
		ln = gal_para_lines(p, &w, 1, GAL_ALIGN_JUSTIFY, &n);
		for (size_t i = 0; i < n; i++)
			INT_EQ(ln[i].hyphenated, 0);
		gal_lines_free(ln, n);
	}
	gal_para_free(p);
	gal_doc_free(d);
}

/* Every glyph box inside the page's text area (a little slack for
 * hanging punctuation), and the layout finishes. */
static int inside(const gal_doc *d, const gal_opts *o, size_t *pages)
{
	gal_layout *L = NULL;
	gal_err e = { 0 };
	int ok = 1;
	if (gal_layout_doc(d, o, &L, &e) != 0) {
		fprintf(stderr, "layout: %s\n", e.message);
		return 0;
	}
	for (size_t i = 0; i < L->n_pages; i++) {
		/* margins are mirrored on facing pages, and a wide table or
		 * figure may take the wider margin down to the narrower */
		const gal_page *pg = &L->pages[i];
		double narrow = fmin(o->style->margin_outer, o->style->margin_inner);
		double right = pg->w - narrow + 1;
		double left = narrow - 40;
		for (size_t k = 0; k < pg->n; k++) {
			const gal_box *b = &pg->boxes[k];
			if (b->kind == GAL_BOX_GLYPHS &&
			    (b->x < left || b->x + b->w > right || b->y > pg->h))
				ok = 0, fprintf(stderr, "outside: %.1f %.1f w=%.1f\n", b->x, b->y, b->w);
		}
	}
	*pages = L->n_pages;
	gal_layout_free(L);
	return ok;
}

static void test_patho(void)
{
	gal_opts o = sample_opts(brief());
	gal_err e = { 0 };
	size_t pages;

	/* nothing at all: one page */
	gal_doc *d = gal_doc_new("empty.xml");
	INT_EQ(gal_prep(d, &o, &e), 0);
	OK(inside(d, &o, &pages));
	INT_EQ(pages, 1);
	gal_doc_free(d);

	/* deep nesting: quotes in lists in asides, 60 levels */
	d = gal_doc_new("deep.xml");
	gal_node *n = d->root;
	for (int i = 0; i < 60; i++) {
		gal_node_type t = i % 3 == 0 ? GAL_NODE_BLOCKQUOTE :
				  i % 3 == 1 ? GAL_NODE_ASIDE : GAL_NODE_LIST;
		n = gal_node_add(d, n, t, 0, 0);
		if (t == GAL_NODE_LIST) {
			n->start = 1;
			n = gal_node_add(d, n, GAL_NODE_ITEM, 0, 0);
		}
		para(d, n, lorem);
	}
	INT_EQ(gal_prep(d, &o, &e), 0);
	OK(inside(d, &o, &pages));
	OK(pages >= 2);
	gal_doc_free(d);

	/* one word longer than many lines, and a wide pre */
	d = gal_doc_new("long.xml");
	gal_buf b = GAL_BUF_INIT;
	for (int i = 0; i < 3000; i++)
		gal_buf_puts(&b, "abc");
	para(d, d->root, b.data);
	gal_node *pre = gal_node_add(d, d->root, GAL_NODE_PRE, 0, 0);
	text(d, pre, b.data);
	gal_buf_free(&b);
	INT_EQ(gal_prep(d, &o, &e), 0);
	OK(inside(d, &o, &pages));
	gal_doc_free(d);

	/* a table of 80 columns */
	d = gal_doc_new("wide.xml");
	gal_node *tab = gal_node_add(d, d->root, GAL_NODE_TABLE, 0, 0);
	gal_node *tb = gal_node_add(d, tab, GAL_NODE_TSECTION, 0, 0);
	tb->tsection = GAL_TSEC_BODY;
	for (int r = 0; r < 3; r++) {
		gal_node *tr = gal_node_add(d, tb, GAL_NODE_TROW, 0, 0);
		for (int c = 0; c < 80; c++) {
			gal_node *tc = inl(d, tr, GAL_NODE_TCELL, "12345");
			tc->colspan = 1;
			tc->rowspan = r == 0 && c == 0 ? 1000 : 1;
		}
	}
	INT_EQ(gal_prep(d, &o, &e), 0);
	OK(inside(d, &o, &pages));
	gal_doc_free(d);
}

/* Widows and orphans, checked from the boxes rather than from the page
 * builder's own count: a lead paragraph of k sentences moves the page
 * break through every line of the paragraphs after it; wherever one of
 * them is split, at least two of its lines stay on each side. */
/* d prepared and laid out with o; NULL (a failed check) when it cannot be. */
static gal_layout *laid_out(gal_doc *d, const gal_opts *o)
{
	gal_err e = { 0 };
	gal_layout *L = NULL;
	INT_EQ(gal_prep(d, o, &e), 0);
	INT_EQ(gal_layout_doc(d, o, &L, &e), 0);
	return L;
}

/* Two columns end level on the last page: for 1 to 12 paragraphs after a
 * full page, the columns' last baselines on the last page are within two
 * lines of each other, where unbalanced the first column fills before the
 * second starts. */
static void test_balance(void)
{
	gal_style *st = NULL;
	if (gal_style_load("magazine", &st, NULL) != 0) {
		OK(0);
		return;
	}
	OK(st->columns == 2);
	gal_opts o = sample_opts(st);
	double lead = st->part[GAL_PART_BODY].leading;
	int balanced = 0;
	for (int k = 1; k <= 12; k++) {
		gal_doc *d = gal_doc_new("cols.xml");
		d->meta.lang = "en";
		for (int i = 0; i < 14 + k; i++)
			para(d, d->root, lorem);
		gal_layout *L = laid_out(d, &o);
		if (!L) {
			gal_doc_free(d);
			continue;
		}
		const gal_page *P = &L->pages[L->n_pages - 1];
		double mid = L->page_w / 2, low[2] = { 0, 0 };
		for (size_t i = 0; i < P->n; i++)
			if (P->boxes[i].kind == GAL_BOX_GLYPHS) {
				int c = P->boxes[i].x > mid;
				if (P->boxes[i].y > low[c])
					low[c] = P->boxes[i].y;
			}
		if (low[1] > 0)
			OK(fabs(low[0] - low[1]) <= 2 * lead + 0.5);
		balanced += L->balanced;
		gal_layout_free(L);
		gal_doc_free(d);
	}
	OK(balanced > 0);
	gal_style_free(st);
}


static void test_widows(void)
{
	gal_style *st = brief();
	gal_opts o = sample_opts(st);
	int splits = 0, bad = 0;
	for (int k = 1; k <= 24; k++) {
		gal_doc *d = gal_doc_new("widows.xml");
		d->meta.lang = "en";
		gal_buf lead = GAL_BUF_INIT;
		for (int i = 0; i < k; i++)
			gal_buf_puts(&lead, "The tide turned before the ferry left. ");
		para(d, d->root, lead.data);
		gal_buf_free(&lead);
		for (int i = 0; i < 14; i++)
			para(d, d->root, i % 3 == 0 ? "A short one of two lines at most, "
			     "which is what makes widows likely where the page ends." : lorem);
		gal_layout *L = laid_out(d, &o);
		if (!L) {
			gal_doc_free(d);
			continue;
		}
		/* page of each line of each paragraph (a lineset) */
		for (size_t s = 0; s < L->n_linesets; s++) {
			const struct lineset *ls = &L->linesets[s];
			int first_page = -1, last_page = -1, on_first = 0, on_last = 0;
			for (size_t pg = 0; pg < L->n_pages; pg++) {
				const gal_page *P = &L->pages[pg];
				int here = 0;
				for (size_t b = 0; b < P->n; b++)
					if (P->boxes[b].kind == GAL_BOX_GLYPHS &&
					    P->boxes[b].line >= ls->lines &&
					    P->boxes[b].line < ls->lines + ls->n &&
					    (b == 0 || P->boxes[b].line_id != P->boxes[b - 1].line_id))
						here++;
				if (!here)
					continue;
				if (first_page < 0) {
					first_page = (int)pg;
					on_first = here;
				}
				last_page = (int)pg;
				on_last = here;
			}
			if (first_page >= 0 && last_page > first_page) {
				splits++;
				bad += on_first < 2 || on_last < 2;
			}
		}
		INT_EQ(L->widows, 0);
		INT_EQ(L->orphans, 0);
		gal_layout_free(L);
		gal_doc_free(d);
	}
	OK(splits > 10);   /* the break did fall inside paragraphs */
	INT_EQ(bad, 0);
}

/* The word cache gives the glyphs that shaping whole items gives: the
 * same PDF bytes with it off, on and cold, and on and warm. */
static void test_shape_cache(void)
{
	gal_opts o;
	gal_doc *d = prepared_sample(&o);
	size_t len0 = 0, len1 = 0, len2 = 0;
	int rc;
	gal_shape_cache_enable(0);
	char *off = render(gal_render_pdf, d, &o, &len0, &rc);
	INT_EQ(rc, 0);
	gal_shape_cache_enable(1);
	gal_shape_cache_clear();
	char *cold = render(gal_render_pdf, d, &o, &len1, &rc);
	INT_EQ(rc, 0);
	char *warm = render(gal_render_pdf, d, &o, &len2, &rc);
	INT_EQ(rc, 0);
	OK(len0 > 1000 && len0 == len1 && memcmp(off, cold, len0) == 0);
	OK(len0 == len2 && memcmp(off, warm, len0) == 0);
	free(off);
	free(cold);
	free(warm);
	gal_doc_free(d);

	/* a piece longer than a word is shaped, not kept: same bytes */
	d = gal_doc_new("long.xml");
	d->meta.lang = "en";
	gal_buf t = GAL_BUF_INIT;
	for (int i = 0; i < 300; i++)
		gal_buf_puts(&t, "abcdefghij");
	gal_buf_puts(&t, " and then some short words, some short words again.");
	para(d, d->root, t.data);
	gal_buf_free(&t);
	gal_err e = { 0 };
	INT_EQ(gal_prep(d, &o, &e), 0);
	gal_shape_cache_enable(0);
	off = render(gal_render_pdf, d, &o, &len0, &rc);
	gal_shape_cache_enable(1);
	cold = render(gal_render_pdf, d, &o, &len1, &rc);
	INT_EQ(rc, 0);
	OK(len0 == len1 && memcmp(off, cold, len0) == 0);
	free(off);
	free(cold);
	gal_doc_free(d);
	gal_shape_cache_clear();
	gal_shape_cache_enable(0);
}

int main(void)
{
	/* the fonts configuration of this source tree */
	if (!getenv("GALLEY_DATA"))
		setenv("GALLEY_DATA", GAL_SRCDIR, 1);
	test_fonts();
	test_shape();
	test_rules();
	test_layout();
	test_widows();
	test_balance();
	test_golden();
	test_scripts();
	test_rtl();
	test_shape_cache();
	test_patho();
	test_pdf();
	if (loaded)
		gal_style_free(loaded);
	return unit_done("pdf");
}
