/* EPUB renderer: a document built through the builder API, every node
 * type, rendered into memory; the zip read back with libzip and its
 * entries checked. The EPUB is also left in build/unit/ for epubcheck
 * (tests/cli/epub.sh). */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>

#include <glib.h>
#include <hb.h>
#include <zip.h>

#include "unit.h"

#include "base/buf.h"
#include "base/sink.h"
#include "base/xhtml.h"
#include "model/doc.h"
#include "style/style.h"

/* ---- a memory sink, until sink.c lands in main (weak: the real one wins) -- */

struct gal_sink {
	gal_buf buf;
};

__attribute__((weak)) gal_sink *gal_sink_new_memory(void)
{
	return xcalloc(1, sizeof(struct gal_sink));
}

__attribute__((weak)) int gal_sink_write(gal_sink *s, const void *data, size_t len)
{
	gal_buf_put(&s->buf, data, len);
	return 0;
}

__attribute__((weak)) const unsigned char *gal_sink_data(const gal_sink *s, size_t *len)
{
	*len = s->buf.len;
	return (const unsigned char *)s->buf.data;
}

__attribute__((weak)) void gal_sink_abort(gal_sink *s)
{
	gal_buf_free(&s->buf);
	free(s);
}

/* ---- helpers ---------------------------------------------------------------- */

static gal_node *add(gal_doc *d, gal_node *p, gal_node_type t)
{
	gal_node *n = gal_node_add(d, p, t, 1, 1);
	if (!n)
		fprintf(stderr, "cannot add %s to %s\n", gal_node_type_name(t),
			gal_node_type_name(p->type));
	return n;
}

static gal_node *addt(gal_doc *d, gal_node *p, gal_node_type t, const char *s)
{
	gal_node *n = add(d, p, t);
	if (n && s)
		gal_node_add_text(d, n, s, (size_t)-1, 1, 1);
	return n;
}

static void txt(gal_doc *d, gal_node *p, const char *s)
{
	gal_node_add_text(d, p, s, (size_t)-1, 1, 1);
}

/* Every node type of the model, with the awkward cases: notes in
 * captions and links, ids that are not XML names, a missing image. */
static gal_doc *build(void)
{
	gal_doc *d = gal_doc_new(GAL_SRCDIR "/samples/test.xml");
	d->format = GAL_FMT_DOCBOOK; /* numbered sections are printed */
	gal_meta *m = &d->meta;
	m->lang = "en";
	m->title = gal_node_new(d, GAL_NODE_TITLE, 1, 1);
	txt(d, m->title, "Harbour <lights> & ");
	addt(d, m->title, GAL_NODE_EMPH, "tides");
	m->subtitle = gal_node_new(d, GAL_NODE_SUBTITLE, 1, 1);
	txt(d, m->subtitle, "A port that rewired itself");
	m->source = gal_node_new(d, GAL_NODE_SOURCE, 1, 1);
	m->source->url = "https://example.org/gazette";
	txt(d, m->source, "The Gazette");
	gal_doc_add_author(d, "Miriam Okafor", "mailto:m@example.org", NULL);
	gal_doc_add_author(d, "Tom\xc3\xa1s Ferreira", NULL, NULL);
	m->date = "2025-03-14";
	m->publisher = "Galley Press";
	m->rights = "\xc2\xa9 2025";
	gal_doc_add_keyword(d, "energy");
	gal_doc_add_keyword(d, "ports");
	m->identifier = "urn:isbn:9780000000002";
	m->cover_src = "images/harbour-dusk.jpg";
	m->cover_alt = "Cranes at dusk";
	m->summary = gal_node_new(d, GAL_NODE_SUMMARY, 1, 1);
	m->summary->summary_kind = GAL_SUMMARY_KEYPOINTS;
	gal_node *kl = add(d, m->summary, GAL_NODE_LIST);
	gal_node *ki = add(d, kl, GAL_NODE_ITEM);
	addt(d, ki, GAL_NODE_PARA, "Cargo rose 35%.");
	m->abstract = gal_node_new(d, GAL_NODE_SUMMARY, 1, 1);
	m->abstract->summary_kind = GAL_SUMMARY_ABSTRACT;
	addt(d, m->abstract, GAL_NODE_PARA, "An abstract.");

	gal_node *r = d->root;
	gal_node *p = addt(d, r, GAL_NODE_PARA, "When the ");
	gal_node *ab = addt(d, p, GAL_NODE_ABBR, "PEHA");
	ab->title = "Port \"Ellery\" Harbour Authority";
	txt(d, p, " switched off.");
	gal_node *fn = addt(d, p, GAL_NODE_FOOTNOTE, "The generator is in a museum.");
	(void)fn;
	txt(d, p, " See ");
	gal_node *x = addt(d, p, GAL_NODE_XREF, "Table 1");
	x->url = "tab-cargo";
	txt(d, p, " and ");
	x = add(d, p, GAL_NODE_XREF);
	x->url = "2 bad id";
	txt(d, p, " and ");
	x = addt(d, p, GAL_NODE_XREF, "nowhere");
	x->url = "no-such-id";
	txt(d, p, ". ");
	gal_node *q = addt(d, p, GAL_NODE_QUOTE, "outer ");
	addt(d, q, GAL_NODE_QUOTE, "inner");
	txt(d, p, " ");
	gal_node *a = addt(d, p, GAL_NODE_LINK, "a link with a note");
	a->url = "https://example.org/a b?x=1&y=2";
	addt(d, a, GAL_NODE_FOOTNOTE, "A note inside a link.");
	txt(d, p, " ");
	/* regression: a hair space inside a URL (epubcheck RSC-020) */
	a = addt(d, p, GAL_NODE_LINK, "scholar");
	a->url = "http://scholar.example.org/?q\xe2\x80\x8a=\xe2\x80\x8amygrid";
	txt(d, p, " ");
	a = addt(d, p, GAL_NODE_LINK, "unsafe");
	a->url = "javascript:alert(1)";
	txt(d, p, " ");
	addt(d, p, GAL_NODE_STRONG, "strong");
	addt(d, p, GAL_NODE_CODE, "code()");
	addt(d, p, GAL_NODE_SUP, "2");
	addt(d, p, GAL_NODE_SUB, "x");
	addt(d, p, GAL_NODE_SMALLCAPS, "Small Caps");
	gal_node *sp = addt(d, p, GAL_NODE_SPAN, "Stra\xc3\x9f" "e");
	sp->lang = "de";
	add(d, p, GAL_NODE_LINEBREAK);
	txt(d, p, "ctrl\x01 bad\xff utf8");
	gal_node *mi = add(d, p, GAL_NODE_MATH);
	mi->literal = "<math xmlns=\"http://www.w3.org/1998/Math/MathML\"><mi>x</mi>"
		      "<mo>=</mo><mn>2</mn></math>";
	mi->title = "x = 2";
	/* regression: ids inside MathML repeated the node's own id */
	mi = add(d, p, GAL_NODE_MATH);
	mi->id = "eq-1";
	mi->literal = "<mml:math xmlns:mml=\"http://www.w3.org/1998/Math/MathML\" id=\"eq-1\">"
		      "<mml:mi id=\"sec-tides\">z</mml:mi></mml:math>";
	mi = add(d, p, GAL_NODE_MATH);
	mi->literal = "<math><mi>broken";
	mi->title = "y = 3";

	gal_node *sec = add(d, r, GAL_NODE_SECTION);
	sec->id = "sec-tides";
	addt(d, sec, GAL_NODE_HEADING, "Power from the Narrows");
	gal_node *p2 = addt(d, sec, GAL_NODE_PARA, "Measured for two years ");
	gal_node *c = add(d, p2, GAL_NODE_CITE);
	c->url = "ref-tidal";
	txt(d, p2, ".");
	gal_node *fig = add(d, sec, GAL_NODE_FIGURE);
	fig->id = "fig-tonnage";
	gal_node *img = add(d, fig, GAL_NODE_IMAGE);
	img->url = "images/tonnage.png";
	img->title = "Bar chart of cargo";
	gal_node *cap = addt(d, fig, GAL_NODE_CAPTION, "Cargo in tonnes.");
	addt(d, cap, GAL_NODE_FOOTNOTE, "A note in a caption.");
	addt(d, fig, GAL_NODE_CREDIT, "Data: PEHA");
	gal_node *fig2 = add(d, sec, GAL_NODE_FIGURE);
	gal_node *img2 = add(d, fig2, GAL_NODE_IMAGE);
	img2->url = "images/missing.png";
	img2->title = "A picture that is not there";
	addt(d, fig2, GAL_NODE_CAPTION, "The caption stays.");
	gal_node *fig3 = add(d, sec, GAL_NODE_FIGURE);
	fig3->label = "Chart A";
	add(d, fig3, GAL_NODE_IMAGE)->url = "images/tonnage.png";
	gal_node *mb = add(d, fig2, GAL_NODE_MATH_BLOCK);
	mb->literal = "<math xmlns=\"http://www.w3.org/1998/Math/MathML\"><msup><mi>v</mi>"
		      "<mn>3</mn></msup></math>";
	mb->title = "v^3";

	gal_node *sub = add(d, sec, GAL_NODE_SECTION);
	addt(d, sub, GAL_NODE_HEADING, "How the turbines work");
	gal_node *ol = add(d, sub, GAL_NODE_LIST);
	ol->list_type = GAL_LIST_ORDERED;
	ol->start = 3;
	addt(d, add(d, ol, GAL_NODE_ITEM), GAL_NODE_PARA, "Slack water.");
	addt(d, add(d, ol, GAL_NODE_ITEM), GAL_NODE_PARA, "Flood tide.");
	gal_node *ol12 = add(d, sub, GAL_NODE_LIST);
	ol12->list_type = GAL_LIST_ORDERED;
	ol12->start = 1;
	for (int i = 0; i < 12; i++)
		addt(d, add(d, ol12, GAL_NODE_ITEM), GAL_NODE_PARA, "An item.");
	gal_node *dl = add(d, sub, GAL_NODE_LIST);
	dl->list_type = GAL_LIST_DEFINITION;
	gal_node *di = add(d, dl, GAL_NODE_ITEM);
	addt(d, di, GAL_NODE_TERM, "Ebb");
	addt(d, di, GAL_NODE_PARA, "The falling tide.");
	di = add(d, dl, GAL_NODE_ITEM);
	addt(d, di, GAL_NODE_PARA, "A second definition.");
	addt(d, di, GAL_NODE_TERM, "A stray term"); /* not leading: a paragraph */
	gal_node *bl = add(d, sub, GAL_NODE_LIST);
	addt(d, add(d, bl, GAL_NODE_ITEM), GAL_NODE_TERM, "Term in a bullet list");
	addt(d, sub, GAL_NODE_PRE, "peak  P = \xc2\xbd \xcf\x81 A v\xc2\xb3\n  next line");
	gal_node *ss = add(d, sub, GAL_NODE_SECTION);
	addt(d, ss, GAL_NODE_HEADING, "Deeper");
	gal_node *s4 = add(d, ss, GAL_NODE_SECTION);
	addt(d, s4, GAL_NODE_HEADING, "Deeper still");
	addt(d, s4, GAL_NODE_PARA, "Level four.");

	gal_node *sec2 = add(d, r, GAL_NODE_SECTION);
	addt(d, sec2, GAL_NODE_HEADING, "More ships");
	gal_node *bq = add(d, sec2, GAL_NODE_BLOCKQUOTE);
	addt(d, bq, GAL_NODE_PARA, "We set out to stop paying for diesel.");
	addt(d, bq, GAL_NODE_ATTRIBUTION, "Ruth Alder");
	addt(d, sec2, GAL_NODE_PULLQUOTE, "A model for anyone.");
	gal_node *as = add(d, sec2, GAL_NODE_ASIDE);
	as->aside_kind = GAL_ASIDE_WARNING;
	addt(d, as, GAL_NODE_PARA, "Mind the gap.");
	gal_node *as2 = add(d, sec2, GAL_NODE_ASIDE);
	addt(d, as2, GAL_NODE_HEADING, "Box title");
	addt(d, as2, GAL_NODE_PARA, "Inside a box.");
	add(d, sec2, GAL_NODE_HR);
	gal_node *t = add(d, sec2, GAL_NODE_TABLE);
	t->id = "tab-cargo";
	addt(d, t, GAL_NODE_CAPTION, "Cargo by year");
	gal_node *tb = add(d, t, GAL_NODE_TSECTION);
	tb->tsection = GAL_TSEC_BODY;
	gal_node *tr = add(d, tb, GAL_NODE_TROW);
	gal_node *td = addt(d, tr, GAL_NODE_TCELL, "2019");
	td->header = 1;
	td = addt(d, tr, GAL_NODE_TCELL, "3.1");
	td->align = GAL_ALIGN_RIGHT;
	gal_node *th = add(d, t, GAL_NODE_TSECTION); /* head after body */
	th->tsection = GAL_TSEC_HEAD;
	tr = add(d, th, GAL_NODE_TROW);
	td = addt(d, tr, GAL_NODE_TCELL, "Year");
	td->header = 1;
	td = addt(d, tr, GAL_NODE_TCELL, "Mt");
	td->header = 1;
	gal_node *tf = add(d, t, GAL_NODE_TSECTION);
	tf->tsection = GAL_TSEC_FOOT;
	tr = add(d, tf, GAL_NODE_TROW);
	td = addt(d, tr, GAL_NODE_TCELL, "Total");
	td->colspan = 2;
	addt(d, t, GAL_NODE_PARA, "Source: annual reports.");

	gal_node *back = add(d, r, GAL_NODE_BACK);
	gal_node *thanks = addt(d, back, GAL_NODE_PARA, "Thanks to the harbour staff.");
	thanks->id = "gal-notes-0"; /* takes the notes section's anchor */
	gal_node *refs = add(d, back, GAL_NODE_REFS);
	addt(d, refs, GAL_NODE_HEADING, "Sources"); /* regression: h2 came after <ol> */
	gal_node *ref = addt(d, refs, GAL_NODE_REF, "Alder, R. Tidal power. 2020.");
	ref->id = "ref-tidal";

	gal_node *part = add(d, r, GAL_NODE_PART);
	addt(d, part, GAL_NODE_HEADING, "Reply from the council");
	gal_node *pp = addt(d, part, GAL_NODE_PARA, "We disagree, see ");
	x = add(d, pp, GAL_NODE_XREF);
	x->url = "sec-tides";
	addt(d, pp, GAL_NODE_FOOTNOTE, "A note in the part.");
	gal_node *ps = add(d, part, GAL_NODE_SECTION);
	addt(d, ps, GAL_NODE_HEADING, "Costs");
	addt(d, ps, GAL_NODE_PARA, "The sea wall.");
	/* an id that is not an XML name, on a node something links to */
	gal_node *bad = addt(d, ps, GAL_NODE_PARA, "Target with a bad id.");
	bad->id = "2 bad id";
	return d;
}

/* An entry of the zip as a NUL-terminated string (malloc'd), or NULL. */
static char *entry(zip_t *za, const char *name)
{
	zip_stat_t st;
	if (zip_stat(za, name, 0, &st) < 0)
		return NULL;
	zip_file_t *f = zip_fopen(za, name, 0);
	if (!f)
		return NULL;
	char *s = xmalloc(st.size + 1);
	zip_int64_t n = zip_fread(f, s, st.size);
	zip_fclose(f);
	s[n < 0 ? 0 : n] = '\0';
	return s;
}

/* The EPUB in memory as an archive to read (the buffer stays the
 * caller's); NULL when it is not one. */
static zip_t *open_zip(const unsigned char *z, size_t len)
{
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(z, len, 0, &ze);
	zip_t *za = src ? zip_open_from_source(src, ZIP_RDONLY, &ze) : NULL;
	if (!za && src)
		zip_source_free(src);
	zip_error_fini(&ze);
	return za;
}

static int has(const char *hay, const char *needle)
{
	int ok = hay && strstr(hay, needle) != NULL;
	if (!ok)
		fprintf(stderr, "  missing: %s\n", needle);
	return ok;
}

static void warn_ignore(void *ctx, const char *file, int line, int col, const char *code,
			const char *msg)
{
	(void)ctx; (void)file; (void)line; (void)col; (void)code; (void)msg;
}

static unsigned char *render(gal_doc *d, gal_opts *o, size_t *len, int *rc)
{
	gal_sink *s = gal_sink_new_memory();
	gal_err err = { 0 };
	*rc = gal_render_epub(d, o, s, NULL, &err);
	if (*rc)
		fprintf(stderr, "render: %s\n", err.message);
	size_t n = 0;
	const unsigned char *data = gal_sink_data(s, &n);
	unsigned char *copy = xmalloc(n ? n : 1);
	if (n)
		memcpy(copy, data, n);
	*len = n;
	gal_sink_abort(s);
	return copy;
}


/* ---- embedded fonts ------------------------------------------------------- */

/* The font entry's bytes, de-obfuscated here by the IDPF algorithm (OCF
 * 3.0, 4.2) apart from the renderer's code: the SHA-1 of the identifier
 * without its white space, XORed over the first 1040 bytes. */
static hb_face_t *packed_face(zip_t *za, const char *name, const char *uid, int plain)
{
	zip_stat_t st;
	if (zip_stat(za, name, 0, &st) < 0)
		return NULL;
	zip_file_t *f = zip_fopen(za, name, 0);
	char *d = xmalloc(st.size ? st.size : 1);
	zip_int64_t n = f ? zip_fread(f, d, st.size) : -1;
	if (f)
		zip_fclose(f);
	GChecksum *sha = g_checksum_new(G_CHECKSUM_SHA1);
	guint8 key[20];
	gsize klen = sizeof key;
	for (const char *p = uid; *p; p++)
		if (*p != ' ' && *p != '\t' && *p != '\r' && *p != '\n')
			g_checksum_update(sha, (const guchar *)p, 1);
	g_checksum_get_digest(sha, key, &klen);
	g_checksum_free(sha);
	for (zip_int64_t i = 0; !plain && i < n && i < 1040; i++)
		d[i] ^= (char)key[i % 20];
	hb_blob_t *blob = hb_blob_create(d, n > 0 ? (unsigned)n : 0, HB_MEMORY_MODE_WRITABLE, d, free);
	hb_face_t *face = hb_face_create(blob, 0);
	hb_blob_destroy(blob);
	return face;
}

/* Whether the face maps every character of `text` and, apart from them,
 * at most `extra` more. */
static int covers(hb_face_t *face, const char *text, unsigned extra)
{
	hb_set_t *has = hb_set_create(), *want = hb_set_create();
	hb_face_collect_unicodes(face, has);
	for (const char *p = text; *p; p = g_utf8_next_char(p))
		hb_set_add(want, g_utf8_get_char(p));
	int ok = hb_set_is_subset(want, has) &&
		 hb_set_get_population(has) <= hb_set_get_population(want) + extra;
	if (!ok)
		fprintf(stderr, "  the face maps %u characters for %u wanted\n",
			hb_set_get_population(has), hb_set_get_population(want));
	hb_set_destroy(has);
	hb_set_destroy(want);
	return ok;
}

/* --embed-fonts packs the faces the book sets text in and no other, each
 * cut down to the characters set in it, obfuscated; the de-obfuscated
 * bytes are a working face. */
static void test_embed(gal_opts *o)
{
	static const char uid[] = "urn:uuid:1b4e28ba-2fa1-11d2-883f-0016d3cca427";
	gal_doc *d = gal_doc_new(GAL_SRCDIR "/samples/brief.xml");
	gal_err err = { 0 };
	d->meta.lang = "en";
	d->meta.identifier = uid;
	d->meta.title = gal_node_new(d, GAL_NODE_TITLE, 1, 1);
	txt(d, d->meta.title, "Quay");
	gal_node *body = d->root;
	addt(d, body, GAL_NODE_PARA, "abc xyz.");
	gal_node *p = addt(d, body, GAL_NODE_PARA, "A ");
	addt(d, p, GAL_NODE_EMPH, "quiet");
	txt(d, p, " crane.");
	OK(gal_prep(d, o, &err) == 0);
	o->embed_fonts = 1;
	size_t len = 0;
	int rc = 0;
	unsigned char *z = render(d, o, &len, &rc);
	o->embed_fonts = 0;
	INT_EQ(rc, 0);
	zip_t *za = open_zip(z, len);
	OK(za != NULL);
	if (za) {
		char *enc = entry(za, "META-INF/encryption.xml");
		char *opf = entry(za, "OEBPS/content.opf");
		static const char *const packed[] = { "CharisSIL-Regular", "CharisSIL-Italic",
						      "NotoSans-Bold" };
		for (size_t i = 0; i < 3; i++) {
			char uri[128];
			snprintf(uri, sizeof uri, "URI=\"OEBPS/fonts/%s.ttf\"", packed[i]);
			OK(has(enc, uri));
			OK(has(enc, "Algorithm=\"http://www.idpf.org/2008/embedding\""));
			snprintf(uri, sizeof uri, "href=\"fonts/%s.ttf\" media-type=\"application/font-sfnt\"",
				 packed[i]);
			OK(has(opf, uri));
		}
		/* no bold text, no code, no italic sans: those faces stay out */
		OK(!strstr(opf, "CharisSIL-Bold") && !strstr(opf, "NotoSansMono") &&
		   !strstr(opf, "NotoSans-Italic") && !strstr(opf, "NotoSans-Regular"));
		/* each face holds its text's characters (and the space and
		 * hyphens a reader's hyphenation sets) */
		hb_face_t *f = packed_face(za, "OEBPS/fonts/CharisSIL-Regular.ttf", uid, 0);
		OK(hb_face_get_glyph_count(f) > 1);
		OK(covers(f, "abc xyz.A crane-\u2010", 0));
		hb_face_destroy(f);
		f = packed_face(za, "OEBPS/fonts/CharisSIL-Italic.ttf", uid, 0);
		OK(covers(f, "quiet -\u2010", 0));
		hb_face_destroy(f);
		f = packed_face(za, "OEBPS/fonts/NotoSans-Bold.ttf", uid, 0);
		OK(covers(f, "Quay -\u2010", 0));
		hb_face_destroy(f);
		/* as packed, the bytes are no font */
		f = packed_face(za, "OEBPS/fonts/NotoSans-Bold.ttf", uid, 1);
		OK(hb_face_get_glyph_count(f) == 0);
		hb_face_destroy(f);
		free(enc);
		free(opf);
		zip_close(za);
	}
	free(z);
	gal_doc_free(d);
}

static void test_escape(void)
{
	gal_buf b = GAL_BUF_INIT;
	gal_xhtml_text(&b, "a<b>&\"c\x01\xff");
	STR_EQ(b.data, "a&lt;b&gt;&amp;\"c\xef\xbf\xbd");
	gal_buf_reset(&b);
	gal_xhtml_attr(&b, "x\"y\nz");
	STR_EQ(b.data, "x&quot;y&#10;z");
	gal_buf_reset(&b);
	gal_xhtml_id(&b, "2 bad:id");
	STR_EQ(b.data, "id-2_bad_id");
	OK(gal_xhtml_is_ncname("sec-1.2"));
	OK(!gal_xhtml_is_ncname("1sec"));
	gal_buf_reset(&b);
	gal_xhtml_url(&b, "https://x.org/a b?c=1&d=%zz#f#g");
	STR_EQ(b.data, "https://x.org/a%20b?c=1&amp;d=%25zz#f%23g");
	OK(gal_xhtml_lang_ok("de-CH"));
	OK(gal_xhtml_lang_ok("zh_Hant"));
	OK(!gal_xhtml_lang_ok("en--x"));
	OK(!gal_xhtml_lang_ok("e n"));
	gal_buf_free(&b);
}

static void test_css(const gal_style *st)
{
	gal_buf css = GAL_BUF_INIT;
	gal_style_css(st, &css);
	OK(has(css.data, "@charset \"UTF-8\";"));
	OK(has(css.data, "\"Charis SIL\", serif"));
	OK(has(css.data, "text-align: justify"));
	OK(has(css.data, "hyphens: auto"));
	/* title 26pt over 10.5pt body */
	OK(has(css.data, "font-size: 2.476em"));
	OK(has(css.data, "font-feature-settings: \"tnum\" 1"));
	OK(!strstr(css.data, "pt;"));
	gal_buf_free(&css);
}

int main(void)
{
	gal_style *st = NULL;
	gal_err err = { 0 };
	test_escape();
	if (gal_style_load("brief", &st, &err)) {
		fprintf(stderr, "style: %s\n", err.message);
		OK(0);
		return unit_done("epub");
	}
	test_css(st);

	gal_opts o;
	memset(&o, 0, sizeof o);
	gal_limits_default(&o.limits);
	o.style = st;
	o.epoch = 1700000000; /* 2023-11-14T22:13:20Z */
	o.epoch_set = 1;
	o.input_path = GAL_SRCDIR "/samples/test.xml";
	o.warn = warn_ignore;

	gal_doc *d = build();
	INT_EQ(gal_doc_check(d, &err), 0);
	int prc = gal_prep(d, &o, &err);
	INT_EQ(prc, 0);

	size_t len = 0, len2 = 0;
	int rc = 0;
	setenv("TZ", "UTC", 1);
	tzset();
	unsigned char *z1 = render(d, &o, &len, &rc);
	INT_EQ(rc, 0);
	setenv("TZ", "Asia/Tokyo", 1);
	tzset();
	unsigned char *z2 = render(d, &o, &len2, &rc);
	INT_EQ(rc, 0);
	OK(len == len2 && memcmp(z1, z2, len) == 0); /* byte-identical whatever TZ */

	/* OCF: mimetype first, stored, no extra field */
	OK(len > 60 && memcmp(z1, "PK\3\4", 4) == 0);
	INT_EQ(z1[8] | z1[9] << 8, 0);              /* method: stored */
	INT_EQ(z1[26] | z1[27] << 8, 8);            /* name length */
	INT_EQ(z1[28] | z1[29] << 8, 0);            /* no extra field */
	OK(memcmp(z1 + 30, "mimetypeapplication/epub+zip", 28) == 0);
	/* DOS date 2023-11-14 22:13:20 UTC */
	INT_EQ(z1[12] | z1[13] << 8, ((2023 - 1980) << 9) | (11 << 5) | 14);
	INT_EQ(z1[10] | z1[11] << 8, (22 << 11) | (13 << 5) | 10);

	/* the EPUBs go to build/unit/ of the source tree whatever $BUILD is,
	 * where tests/cli/epub.sh looks for them */
	mkdir(GAL_SRCDIR "/build", 0777);
	mkdir(GAL_SRCDIR "/build/unit", 0777);
	FILE *f = fopen(GAL_SRCDIR "/build/unit/test_epub.epub", "wb");
	if (f) {
		fwrite(z1, 1, len, f);
		fclose(f);
	}

	zip_t *za = open_zip(z1, len);
	OK(za != NULL);
	if (za) {
		char *opf = entry(za, "OEBPS/content.opf");
		char *text = entry(za, "OEBPS/text.xhtml");
		char *part = entry(za, "OEBPS/part-1.xhtml");
		char *nav = entry(za, "OEBPS/nav.xhtml");
		char *ncx = entry(za, "OEBPS/toc.ncx");
		char *container = entry(za, "META-INF/container.xml");
		char *css = entry(za, "OEBPS/style.css");
		OK(has(container, "OEBPS/content.opf"));
		OK(has(opf, "<dc:identifier id=\"uid\">urn:isbn:9780000000002</dc:identifier>"));
		OK(has(opf, "<dc:title>Harbour &lt;lights&gt; &amp; tides</dc:title>"));
		OK(has(opf, "<dc:creator id=\"creator-2\">Tom\xc3\xa1s Ferreira</dc:creator>"));
		OK(has(opf, "<dc:language>en</dc:language>"));
		OK(has(opf, "<dc:date>2025-03-14</dc:date>"));
		OK(has(opf, "<dc:subject>ports</dc:subject>"));
		OK(has(opf, "<dc:description>A port that rewired itself</dc:description>"));
		OK(has(opf, "<dc:publisher>Galley Press</dc:publisher>"));
		OK(has(opf, "<meta property=\"dcterms:modified\">2023-11-14T22:13:20Z</meta>"));
		OK(has(opf, "schema:accessibilitySummary"));
		OK(has(opf, "schema:accessibilityHazard\">none"));
		OK(has(opf, "properties=\"cover-image\""));
		OK(has(opf, "href=\"text.xhtml\" media-type=\"application/xhtml+xml\" properties=\"mathml\""));
		OK(has(opf, "<itemref idref=\"cover\"/>"));
		OK(has(text, "xml:lang=\"en\""));
		OK(has(text, "<h1 class=\"title\">Harbour &lt;lights&gt; &amp; <em>tides</em></h1>"));
		OK(has(text, "<p class=\"byline\">By Miriam Okafor and Tom\xc3\xa1s Ferreira</p>"));
		OK(has(text, "<time datetime=\"2025-03-14\">"));
		OK(has(text, "<a href=\"https://example.org/gazette\">The Gazette</a>"));
		OK(has(text, "epub:type=\"abstract\""));
		OK(has(text, "<abbr title=\"Port &quot;Ellery&quot; Harbour Authority\">PEHA</abbr>"));
		/* DPUB-ARIA roles where EPUB's structural semantics name one */
		OK(has(text, "epub:type=\"noteref\" role=\"doc-noteref\" href=\"#fn-1\""));
		OK(has(text, "<aside class=\"footnote\" epub:type=\"footnote\" role=\"doc-footnote\" "
			     "id=\"fn-1\">"));
		OK(has(text, "epub:type=\"abstract\" role=\"doc-abstract\""));
		/* a source id cannot take a generated anchor */
		OK(has(text, "<p>Thanks to the harbour staff.</p>"));
		OK(has(text, "epub:type=\"footnotes\" id=\"gal-notes-0\">"));
		OK(has(text, "href=\"#fn-1-ref\""));
		OK(has(text, "<a class=\"xref\" href=\"#tab-cargo\">Table 1</a>"));
		OK(has(text, "<a class=\"xref\" href=\"part-1.xhtml#id-2_bad_id\">"));
		OK(has(text, "<span class=\"xref\">nowhere</span>"));
		OK(has(text, "\xe2\x80\x9couter <span class=\"q\">\xe2\x80\x98inner\xe2\x80\x99</span>\xe2\x80\x9d"));
		OK(has(text, "href=\"https://example.org/a%20b?x=1&amp;y=2\""));
		OK(has(text, "<sup class=\"noteref\">2</sup>")); /* note inside a link */
		OK(!strstr(text, "javascript:"));
		OK(has(text, "<span class=\"sc\">Small Caps</span>"));
		OK(has(text, "<span lang=\"de\" xml:lang=\"de\">"));
		OK(has(text, "ctrl bad\xef\xbf\xbd utf8"));
		OK(has(text, "<math xmlns=\"http://www.w3.org/1998/Math/MathML\"><mi>x</mi>"));
		OK(has(text, "<span class=\"math\">y = 3</span>"));
		OK(has(text, "<h2 class=\"l1\""));
		OK(has(text, "<span class=\"num\">1</span> Power from the Narrows"));
		OK(has(text, "<h3 class=\"l2\">"));
		OK(has(text, "<h5 class=\"l4\">"));
		OK(has(text, "<img src=\"images/"));
		OK(has(text, "alt=\"Bar chart of cargo\""));
		OK(has(text, "<div class=\"img-missing\"><p>A picture that is not there</p></div>"));
		/* the credit first, as the PDF sets it; the label's full stop */
		OK(has(text, "<figcaption><span class=\"credit\">Data: PEHA</span> <span "
			     "class=\"caption\"><span class=\"label\">Figure 1</span>. Cargo in tonnes."));
		/* a label without a caption, alone */
		OK(has(text, "<figcaption><span class=\"caption\"><span class=\"label\">Chart "
			     "A</span></span></figcaption>"));
		/* a list of twelve: its numbers need more than the list's 14pt */
		OK(has(text, "<ol style=\"margin-left: 1.906em\">"));
		OK(has(text, "<ol start=\"3\">"));
		OK(has(text, "<dl>"));
		OK(has(text, "<dt>Ebb</dt><dd>"));
		OK(has(text, "<p class=\"term\">A stray term</p>"));
		OK(has(text, "<li><p class=\"term\">Term in a bullet list</p>"));
		OK(has(text, "<pre>peak"));
		OK(has(text, "<p class=\"attribution\">Ruth Alder</p>"));
		OK(has(text, "<aside class=\"pullquote\">"));
		OK(has(text, "<aside class=\"box warning\">"));
		OK(has(text, "<p class=\"aside-title\">Warning</p>"));
		OK(has(text, "<p class=\"aside-title\">Box title</p>"));
		OK(has(text, "<hr/>"));
		/* thead before tbody though the source had it after */
		OK(text && strstr(text, "<thead>") && strstr(text, "<tbody>") &&
		   strstr(text, "<thead>") < strstr(text, "<tbody>"));
		OK(has(text, "<th scope=\"col\">Year</th>"));
		OK(has(text, "<td class=\"al-right\">3.1</td>"));
		OK(has(text, "<td colspan=\"2\">Total</td>"));
		OK(has(text, "<caption><span class=\"label\">Table 1</span>. Cargo by year</caption>"));
		OK(has(text, "<div class=\"table-notes\">"));
		OK(has(text, "epub:type=\"bibliography\" role=\"doc-bibliography\">\n<h2 "
			     "class=\"l1\">Sources</h2>\n<ol>"));
		/* numbered as the PDF numbers them */
		OK(has(text, "<li id=\"ref-tidal\"><span class=\"ref-label\">1. </span>Alder"));
		/* a heading of the first level, styled as one */
		OK(has(text, "<h2 class=\"notes-title l1\">Notes</h2>"));
		OK(has(part, "<h1 class=\"notes-title l1\">Notes</h1>"));
		OK(has(text, "<mml:math xmlns:mml=\"http://www.w3.org/1998/Math/MathML\" id=\"eq-1\">"));
		OK(has(text, "<mml:mi>z</mml:mi>"));
		OK(has(text, "href=\"http://scholar.example.org/?q%E2%80%8A=%E2%80%8Amygrid\""));
		OK(has(text, "<a class=\"cite\" href=\"#ref-tidal\">"));
		OK(has(part, "<h1 class=\"part-title\">Reply from the council</h1>"));
		OK(has(part, "href=\"text.xhtml#sec-tides\""));
		OK(has(part, "epub:type=\"footnote\""));
		OK(has(part, "id=\"id-2_bad_id\""));
		/* two navigation landmarks, told apart by their headings */
		OK(has(nav, "<nav epub:type=\"toc\" id=\"toc\" role=\"doc-toc\" "
			    "aria-labelledby=\"toc-title\">\n<h1 id=\"toc-title\">Contents</h1>"));
		OK(has(nav, "aria-labelledby=\"landmarks-title\">\n<h2 id=\"landmarks-title\">"
			    "Landmarks</h2>"));
		OK(has(nav, "<a epub:type=\"cover\" href=\"cover.xhtml\">Cover</a>"));
		OK(has(nav, "<a href=\"text.xhtml#sec-tides\">1 Power from the Narrows</a>"));
		OK(has(nav, "epub:type=\"landmarks\""));
		OK(has(nav, "part-1.xhtml#"));
		OK(nav && !strstr(nav, "<ol>\n</ol>"));
		OK(has(ncx, "<meta name=\"dtb:uid\" content=\"urn:isbn:9780000000002\"/>"));
		OK(has(ncx, "playOrder=\"1\""));
		OK(has(css, "@charset"));
		free(container);
		free(css);
		zip_close(za);
		free(opf);
		free(text);
		free(part);
		free(nav);
		free(ncx);
	}
	free(z1);
	free(z2);
	gal_doc_free(d);

	/* an empty document still gets a nav with an entry */
	d = gal_doc_new("empty.xml");
	OK(gal_prep(d, &o, &err) == 0);
	unsigned char *z3 = render(d, &o, &len, &rc);
	INT_EQ(rc, 0);
	f = fopen(GAL_SRCDIR "/build/unit/test_epub_empty.epub", "wb");
	if (f) {
		fwrite(z3, 1, len, f);
		fclose(f);
	}
	free(z3);
	gal_doc_free(d);

	/* a GIF converted to PNG, and a style with a contents page (the nav
	 * joins the spine, and the toc landmark may point at it) */
	{
		static const unsigned char gif[] =
			"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff"
			"!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00"
			"\x00\x02\x02" "D\x01\x00;";
		FILE *g = fopen(GAL_SRCDIR "/build/unit/dot.gif", "wb");
		if (g) {
			fwrite(gif, 1, sizeof gif - 1, g);
			fclose(g);
		}
		gal_opts o2 = o;
		gal_style st2 = *st;
		st2.toc = 1;
		o2.style = &st2;
		o2.input_path = GAL_SRCDIR "/build/unit/gif.xml";
		d = gal_doc_new("gif.xml");
		d->meta.lang = "de";
		d->meta.date = "2025-06-02T10:00";  /* not W3CDTF as a whole */
		gal_node *sec = add(d, d->root, GAL_NODE_SECTION);
		addt(d, sec, GAL_NODE_HEADING, "Bild");
		gal_node *fg = add(d, sec, GAL_NODE_FIGURE);
		gal_node *im = add(d, fg, GAL_NODE_IMAGE);
		im->url = "dot.gif";
		im->title = "Ein Punkt";
		OK(gal_prep(d, &o2, &err) == 0);
		unsigned char *z5 = render(d, &o2, &len, &rc);
		INT_EQ(rc, 0);
		f = fopen(GAL_SRCDIR "/build/unit/test_epub_toc.epub", "wb");
		if (f) {
			fwrite(z5, 1, len, f);
			fclose(f);
		}
		za = open_zip(z5, len);
		if (za) {
			char *opf = entry(za, "OEBPS/content.opf");
			char *text = entry(za, "OEBPS/text.xhtml");
			OK(has(opf, "media-type=\"image/png\""));
			OK(has(opf, "<itemref idref=\"nav\"/>"));
			OK(has(opf, "<dc:date>2025-06-02</dc:date>"));
			OK(has(text, "<html xmlns=\"http://www.w3.org/1999/xhtml\" "
				     "xmlns:epub=\"http://www.idpf.org/2007/ops\" lang=\"de\" xml:lang=\"de\">"));
			/* a time without a zone: the day for machines, the
			 * date and time for people, in the article's language */
			OK(has(text, "<time datetime=\"2025-06-02\">2. Juni 2025, 10:00</time>"));
			OK(has(text, ".png\" alt=\"Ein Punkt\"/>"));
			free(opf);
			free(text);
			zip_close(za);
		}
		free(z5);
		gal_doc_free(d);
	}

	test_embed(&o);

	/* embedded fonts */
	d = build();
	gal_prep(d, &o, &err);
	o.embed_fonts = 1;
	unsigned char *z4 = render(d, &o, &len, &rc);
	INT_EQ(rc, 0);
	f = fopen(GAL_SRCDIR "/build/unit/test_epub_fonts.epub", "wb");
	if (f) {
		fwrite(z4, 1, len, f);
		fclose(f);
	}
	za = open_zip(z4, len);
	if (za) {
		char *css = entry(za, "OEBPS/style.css");
		OK(has(css, "@font-face"));
		OK(has(css, "font-family: \"Charis SIL\""));
		free(css);
		zip_close(za);
	}
	free(z4);
	gal_doc_free(d);
	gal_style_free(st);
	return unit_done("epub");
}
