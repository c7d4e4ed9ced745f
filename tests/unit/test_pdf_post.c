/* PDF post-pass: a small tagged PDF made with cairo directly, rewritten by
 * gal_pdf_postpass, then checked with qpdf's C API (catalog, Figure /Alt,
 * XMP), libxml2 (the XMP is well-formed), and the command-line tools
 * (qpdf --check, pdfinfo Tagged and -meta). */
#include <cairo.h>
#include <cairo-pdf.h>
#include <libxml/parser.h>
#include <qpdf/qpdf-c.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/buf.h"
#include "pdf/post.h"
#include "unit.h"

static cairo_status_t mem_write(void *closure, const unsigned char *data, unsigned int len)
{
	gal_buf_put(closure, data, len);
	return CAIRO_STATUS_SUCCESS;
}

/* A tagged PDF of `pages` pages: Document > (P, Figure, P, Figure) on the
 * first page, a P and a link on each further one. Fixed dates keep it
 * byte-identical run to run. */
static gal_buf make_pdf(int pages)
{
	gal_buf b = GAL_BUF_INIT;
	cairo_surface_t *s = cairo_pdf_surface_create_for_stream(mem_write, &b, 595, 842);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, "Cairo title");
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "galley");
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, "2020-01-02T03:04:05Z");
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_MOD_DATE, "2020-01-02T03:04:05Z");
	cairo_t *cr = cairo_create(s);
	cairo_select_font_face(cr, "Charis SIL", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
	cairo_set_font_size(cr, 12);
	cairo_tag_begin(cr, CAIRO_TAG_DEST, "name='top'");
	cairo_tag_end(cr, CAIRO_TAG_DEST);
	cairo_tag_begin(cr, "Document", NULL);
	for (int p = 0; p < pages; p++) {
		if (p > 0)
			cairo_show_page(cr);
		cairo_tag_begin(cr, "P", NULL);
		cairo_move_to(cr, 72, 72);
		cairo_show_text(cr, "A paragraph of text before the figure.");
		cairo_tag_end(cr, "P");
		if (p == 0) {
			for (int f = 0; f < 2; f++) {
				cairo_tag_begin(cr, "Figure", NULL);
				cairo_rectangle(cr, 72, 100 + f * 120, 200, 100);
				cairo_fill(cr);
				cairo_tag_end(cr, "Figure");
			}
		} else {
			cairo_tag_begin(cr, "P", NULL);
			cairo_tag_begin(cr, CAIRO_TAG_LINK, "dest='top'");
			cairo_move_to(cr, 72, 100);
			cairo_show_text(cr, "Back to the top");
			cairo_tag_end(cr, CAIRO_TAG_LINK);
			cairo_tag_end(cr, "P");
		}
	}
	cairo_tag_end(cr, "Document");
	cairo_destroy(cr);
	cairo_surface_finish(s);
	OK(cairo_surface_status(s) == CAIRO_STATUS_SUCCESS);
	cairo_surface_destroy(s);
	return b;
}

static const char *alts[] = { "A black box & <friends>", "Zw\xC3\xB6lf Boxen" };

static gal_pdf_post sample_info(void)
{
	gal_pdf_post info = {
		.lang = "en-GB",
		.title = "The \"title\" \xE2\x80\x94 of it",
		.author = "Ann Author, Bo Writer",
		.subject = "A subject",
		.keywords = "boxes, tests",
		.figure_alts = alts,
		.n_figure_alts = 2,
		.epoch = 1700000000,  /* 2023-11-14T22:13:20Z */
	};
	return info;
}

static int write_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	if (!f)
		return -1;
	size_t n = fwrite(data, 1, len, f);
	return fclose(f) == 0 && n == len ? 0 : -1;
}

/* Output of a shell command (first 64 KiB). */
static char *run(const char *cmd)
{
	gal_buf b = GAL_BUF_INIT;
	FILE *p = popen(cmd, "r");
	if (!p)
		return xstrdup("");
	char tmp[4096];
	size_t n;
	while ((n = fread(tmp, 1, sizeof tmp, p)) > 0 && b.len < 65536)
		gal_buf_put(&b, tmp, n);
	pclose(p);
	return b.data ? b.data : xstrdup("");
}

/* pdfinfo's "Name:   value" line for `name` has exactly `value`. */
static int field_is(const char *text, const char *name, const char *value)
{
	const char *p = strstr(text, name);
	if (!p)
		return 0;
	p += strlen(name);
	while (*p == ' ')
		p++;
	size_t n = strlen(value);
	return strncmp(p, value, n) == 0 && (p[n] == '\n' || p[n] == '\0');
}

/* ---- reading the result back with qpdf --------------------------------- */

static qpdf_data open_pdf(const unsigned char *data, size_t len)
{
	qpdf_data q = qpdf_init();
	qpdf_silence_errors(q);
	qpdf_set_suppress_warnings(q, QPDF_TRUE);
	qpdf_read_memory(q, "out", (const char *)data, len, NULL);
	OK(!qpdf_has_error(q));
	OK(!qpdf_more_warnings(q));
	return q;
}

static char *key_text(qpdf_data q, qpdf_oh d, const char *key)
{
	qpdf_oh v = qpdf_oh_get_key(q, d, key);
	return qpdf_oh_is_string(q, v) ? xstrdup(qpdf_oh_get_utf8_value(q, v)) : NULL;
}

/* Collect /Alt of the Figure elements in order (bounded walk). */
static void figures(qpdf_data q, qpdf_oh node, int depth, char **got, int *n)
{
	if (depth > 50)
		return;
	if (qpdf_oh_is_array(q, node)) {
		for (int i = 0; i < qpdf_oh_get_array_n_items(q, node); i++)
			figures(q, qpdf_oh_get_array_item(q, node, i), depth + 1, got, n);
		return;
	}
	if (!qpdf_oh_is_dictionary(q, node))
		return;
	if (qpdf_oh_is_name_and_equals(q, qpdf_oh_get_key(q, node, "/S"), "/Figure") && *n < 8)
		got[(*n)++] = key_text(q, node, "/Alt");
	figures(q, qpdf_oh_get_key(q, node, "/K"), depth + 1, got, n);
}

static void test_rewrite(void)
{
	gal_buf in = make_pdf(1);
	gal_pdf_post info = sample_info();
	unsigned char *out = NULL, *out2 = NULL;
	size_t len = 0, len2 = 0;
	gal_err err = { 0 };

	INT_EQ(gal_pdf_postpass((unsigned char *)in.data, in.len, &info, &out, &len, &err), 0);
	OK(out && len > 0);
	if (!out) {
		fprintf(stderr, "  %s\n", err.message);
		gal_buf_free(&in);
		return;
	}

	/* same input, same bytes */
	INT_EQ(gal_pdf_postpass((unsigned char *)in.data, in.len, &info, &out2, &len2, &err), 0);
	OK(out2 && len == len2 && memcmp(out, out2, len) == 0);
	free(out2);

	qpdf_data q = open_pdf(out, len);
	qpdf_oh root = qpdf_get_root(q);
	char *lang = key_text(q, root, "/Lang");
	STR_EQ(lang, "en-GB");
	free(lang);
	qpdf_oh vp = qpdf_oh_get_key(q, root, "/ViewerPreferences");
	OK(qpdf_oh_get_bool_value(q, qpdf_oh_get_key(q, vp, "/DisplayDocTitle")));
	qpdf_oh mi = qpdf_oh_get_key(q, root, "/MarkInfo");
	OK(qpdf_oh_get_bool_value(q, qpdf_oh_get_key(q, mi, "/Marked")));

	/* trailer /ID: two strings */
	qpdf_oh id = qpdf_oh_get_key(q, qpdf_get_trailer(q), "/ID");
	INT_EQ(qpdf_oh_get_array_n_items(q, id), 2);

	/* Figure /Alt in order */
	char *got[8] = { 0 };
	int n = 0;
	figures(q, qpdf_oh_get_key(q, qpdf_oh_get_key(q, root, "/StructTreeRoot"), "/K"), 0, got, &n);
	INT_EQ(n, 2);
	STR_EQ(got[0], alts[0]);
	STR_EQ(got[1], alts[1]);
	for (int i = 0; i < n; i++)
		free(got[i]);

	/* Info agrees with the XMP */
	qpdf_oh infod = qpdf_oh_get_key(q, qpdf_get_trailer(q), "/Info");
	char *t = key_text(q, infod, "/Title");
	STR_EQ(t, info.title);
	free(t);
	t = key_text(q, infod, "/CreationDate");
	STR_EQ(t, "D:20231114221320Z");
	free(t);

	/* XMP: a /Metadata /XML stream, uncompressed, well-formed */
	qpdf_oh md = qpdf_oh_get_key(q, root, "/Metadata");
	OK(qpdf_oh_is_stream(q, md));
	qpdf_oh mdd = qpdf_oh_get_dict(q, md);
	OK(qpdf_oh_is_name_and_equals(q, qpdf_oh_get_key(q, mdd, "/Subtype"), "/XML"));
	OK(!qpdf_oh_has_key(q, mdd, "/Filter"));
	unsigned char *x = NULL;
	size_t xlen = 0;
	QPDF_BOOL filtered = 0;
	qpdf_oh_get_stream_data(q, md, qpdf_dl_generalized, &filtered, &x, &xlen);
	OK(x && xlen > 0);
	if (x) {
		xmlDocPtr xd = xmlReadMemory((const char *)x, (int)xlen, "xmp.xml", NULL,
					     XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
		OK(xd != NULL);
		xmlFreeDoc(xd);
		gal_buf xs = GAL_BUF_INIT;
		gal_buf_put(&xs, x, xlen);
		OK(strstr(xs.data, "<rdf:li xml:lang=\"x-default\">The &quot;title&quot; \xE2\x80\x94 of it</rdf:li>") != NULL);
		OK(strstr(xs.data, "<dc:creator><rdf:Seq><rdf:li>Ann Author, Bo Writer</rdf:li>") != NULL);
		OK(strstr(xs.data, "<pdf:Keywords>boxes, tests</pdf:Keywords>") != NULL);
		OK(strstr(xs.data, "<xmp:CreateDate>2023-11-14T22:13:20Z</xmp:CreateDate>") != NULL);
		OK(strstr(xs.data, "<xmp:ModifyDate>2023-11-14T22:13:20Z</xmp:ModifyDate>") != NULL);
		OK(strstr(xs.data, "<pdf:Producer>cairo") != NULL);
		OK(strstr(xs.data, "pdfuaid") == NULL);
		gal_buf_free(&xs);
		free(x);
	}
	qpdf_cleanup(&q);

	/* the command-line tools agree */
	char path[] = "/tmp/galley-pdfpost-XXXXXX";
	int fd = mkstemp(path);
	OK(fd >= 0);
	if (fd >= 0) {
		close(fd);
		OK(write_file(path, out, len) == 0);
		char cmd[512];
		snprintf(cmd, sizeof cmd, "qpdf --check %s >/dev/null 2>&1", path);
		INT_EQ(system(cmd), 0);
		snprintf(cmd, sizeof cmd, "pdfinfo %s 2>&1", path);
		char *pi = run(cmd);
		OK(field_is(pi, "Tagged:", "yes"));
		OK(field_is(pi, "Title:", "The \"title\" \xE2\x80\x94 of it"));
		free(pi);
		snprintf(cmd, sizeof cmd, "pdfinfo -meta %s 2>&1", path);
		pi = run(cmd);
		OK(strstr(pi, "<x:xmpmeta") != NULL);
		OK(strstr(pi, "A subject") != NULL);
		free(pi);
		if (getenv("KEEP")) fprintf(stderr, "kept %s\n", path); else unlink(path);
	}
	free(out);
	gal_buf_free(&in);
}

/* Fewer alts than figures, no alts at all, NULL fields: still fine. */
static void test_sparse_info(void)
{
	gal_buf in = make_pdf(1);
	gal_pdf_post info = { .lang = NULL, .epoch = 0 };
	unsigned char *out = NULL;
	size_t len = 0;
	gal_err err = { 0 };

	INT_EQ(gal_pdf_postpass((unsigned char *)in.data, in.len, &info, &out, &len, &err), 0);
	if (out) {
		qpdf_data q = open_pdf(out, len);
		qpdf_oh root = qpdf_get_root(q);
		OK(!qpdf_oh_has_key(q, root, "/Lang"));
		qpdf_oh infod = qpdf_oh_get_key(q, qpdf_get_trailer(q), "/Info");
		char *t = key_text(q, infod, "/Title");
		STR_EQ(t, "Cairo title");  /* kept, and reused for the XMP */
		free(t);
		char *got[8] = { 0 };
		int n = 0;
		figures(q, qpdf_oh_get_key(q, qpdf_oh_get_key(q, root, "/StructTreeRoot"), "/K"),
			0, got, &n);
		INT_EQ(n, 2);
		OK(got[0] == NULL && got[1] == NULL);
		qpdf_cleanup(&q);
	}
	free(out);

	const char *one[] = { "only the first" };
	info.figure_alts = one;
	info.n_figure_alts = 1;
	info.lang = "de";
	out = NULL;
	INT_EQ(gal_pdf_postpass((unsigned char *)in.data, in.len, &info, &out, &len, &err), 0);
	if (out) {
		qpdf_data q = open_pdf(out, len);
		char *got[8] = { 0 };
		int n = 0;
		figures(q, qpdf_oh_get_key(q, qpdf_oh_get_key(q, qpdf_get_root(q), "/StructTreeRoot"),
					   "/K"), 0, got, &n);
		INT_EQ(n, 2);
		STR_EQ(got[0], "only the first");
		OK(got[1] == NULL);
		free(got[0]);
		qpdf_cleanup(&q);
	}
	free(out);
	gal_buf_free(&in);
}

/* Bad input: an error, no output, nothing on stderr (checked by running
 * this binary's stderr through the test harness: a qpdf message would show
 * up in `make unit` output). */
static void test_bad_input(void)
{
	gal_buf in = make_pdf(1);
	gal_pdf_post info = sample_info();
	unsigned char *out = NULL;
	size_t len = 0;
	gal_err err = { 0 };

	INT_EQ(gal_pdf_postpass((unsigned char *)in.data, in.len / 2, &info, &out, &len, &err),
	       GAL_E_RENDER);
	OK(out == NULL && len == 0);
	OK(strstr(err.message, "PDF post-pass") != NULL);

	/* the tail only (xref and trailer, objects gone) */
	err.message[0] = '\0';
	size_t tail = in.len > 300 ? 300 : in.len;
	INT_EQ(gal_pdf_postpass((unsigned char *)in.data + in.len - tail, tail, &info, &out,
				&len, &err), GAL_E_RENDER);
	OK(out == NULL);

	static const unsigned char garbage[] = "this is not a PDF at all\n%%EOF\n";
	INT_EQ(gal_pdf_postpass(garbage, sizeof garbage - 1, &info, &out, &len, &err),
	       GAL_E_RENDER);
	OK(out == NULL);
	INT_EQ(gal_pdf_postpass(garbage, 0, &info, &out, &len, &err), GAL_E_RENDER);
	OK(out == NULL);
	INT_EQ(gal_pdf_postpass(NULL, 0, &info, &out, &len, &err), GAL_E_RENDER);
	OK(out == NULL);
	/* no info at all: defaults */
	INT_EQ(gal_pdf_postpass((unsigned char *)in.data, in.len, NULL, &out, &len, &err), 0);
	OK(out != NULL);
	free(out);
	out = NULL;

	/* one byte changed in the middle of the xref offsets */
	gal_buf bad = GAL_BUF_INIT;
	gal_buf_put(&bad, in.data, in.len);
	char *xref = strstr(bad.data, "\nxref");
	if (xref && xref + 40 < bad.data + bad.len) {
		xref[30] = xref[30] == '9' ? '1' : '9';
		int rc = gal_pdf_postpass((unsigned char *)bad.data, bad.len, &info, &out, &len, &err);
		OK(rc == 0 || rc == GAL_E_RENDER);
		OK(rc == 0 ? out != NULL : out == NULL);
		free(out);
		out = NULL;
	}
	gal_buf_free(&bad);
	gal_buf_free(&in);
}

/* A 20-page PDF should take a few milliseconds. */
static void test_speed(void)
{
	gal_buf in = make_pdf(20);
	gal_pdf_post info = sample_info();
	struct timespec t0, t1;
	unsigned char *out = NULL;
	size_t len = 0;
	gal_err err = { 0 };
	const int runs = 10;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (int i = 0; i < runs; i++) {
		INT_EQ(gal_pdf_postpass((unsigned char *)in.data, in.len, &info, &out, &len, &err), 0);
		free(out);
		out = NULL;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double ms = ((double)(t1.tv_sec - t0.tv_sec) * 1e3 +
		     (double)(t1.tv_nsec - t0.tv_nsec) / 1e6) / runs;
	/* pages with a link get /Tabs /S, the first (no link) none */
	OK(gal_pdf_postpass((unsigned char *)in.data, in.len, &info, &out, &len, &err) == 0);
	if (out) {
		qpdf_data q = open_pdf(out, len);
		INT_EQ(qpdf_get_num_pages(q), 20);
		qpdf_oh p0 = qpdf_get_page_n(q, 0), p5 = qpdf_get_page_n(q, 5);
		OK(!qpdf_oh_has_key(q, p0, "/Tabs"));
		OK(qpdf_oh_has_key(q, p5, "/Annots"));
		OK(qpdf_oh_is_name_and_equals(q, qpdf_oh_get_key(q, p5, "/Tabs"), "/S"));
		qpdf_cleanup(&q);
		free(out);
	}
	printf("pdf_post: 20 pages (%zu bytes) in %.2f ms\n", in.len, ms);
	OK(ms < 200);  /* only catches something pathological; bench judges speed */
	gal_buf_free(&in);
}

int main(void)
{
	test_rewrite();
	test_sparse_info();
	test_bad_input();
	test_speed();
	return unit_done("pdf_post");
}
