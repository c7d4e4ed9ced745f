/* PDF post-pass with qpdf's C API: catalog /Lang, DisplayDocTitle,
 * MarkInfo, XMP metadata, Figure /Alt, page /Tabs and a deterministic
 * trailer /ID -- the parts of an accessible PDF cairo 1.16 cannot write.
 *
 * qpdf's C API reports errors from the object-handle functions only
 * through qpdf_has_error (the error stays set until qpdf_get_error takes
 * it), so each step is followed by CHECK. Its logger is pointed at a
 * discard sink and its warnings are suppressed: library code never prints.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <qpdf/qpdf-c.h>

#include "buf.h"
#include "pdf_post.h"

/* Structure trees from cairo are as deep as the tags out_pdf.c opens
 * (MAX_TAG_DEPTH 128) plus the K arrays between levels; the visit cap
 * bounds a malformed tree whose elements are shared many times over. */
#define MAX_STRUCT_DEPTH 300
#define MAX_STRUCT_VISITS 2000000

/* ---- text: UTF-8 cleaned for PDF text strings and XML -------------------- */

/* Decode one UTF-8 sequence at s (strictly: no overlong forms, no
 * surrogates); returns its length, or 0 when invalid. */
static size_t utf8_decode(const unsigned char *s, unsigned *cp)
{
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xC2 && s[0] <= 0xDF && (s[1] & 0xC0) == 0x80) {
		*cp = ((unsigned)(s[0] & 0x1F) << 6) | (s[1] & 0x3F);
		return 2;
	}
	if (s[0] >= 0xE0 && s[0] <= 0xEF && (s[1] & 0xC0) == 0x80 &&
	    (s[2] & 0xC0) == 0x80) {
		*cp = ((unsigned)(s[0] & 0x0F) << 12) | ((unsigned)(s[1] & 0x3F) << 6) |
		      (s[2] & 0x3F);
		return (*cp < 0x800 || (*cp >= 0xD800 && *cp <= 0xDFFF)) ? 0 : 3;
	}
	if (s[0] >= 0xF0 && s[0] <= 0xF4 && (s[1] & 0xC0) == 0x80 &&
	    (s[2] & 0xC0) == 0x80 && (s[3] & 0xC0) == 0x80) {
		*cp = ((unsigned)(s[0] & 0x07) << 18) | ((unsigned)(s[1] & 0x3F) << 12) |
		      ((unsigned)(s[2] & 0x3F) << 6) | (s[3] & 0x3F);
		return (*cp < 0x10000 || *cp > 0x10FFFF) ? 0 : 4;
	}
	return 0;
}

/* Append s to b as valid UTF-8 (bad bytes become U+FFFD). With xml set,
 * also escape markup and drop what XML 1.0 cannot carry (C0 controls other
 * than tab/LF/CR, U+FFFE, U+FFFF): metadata comes from untrusted input. */
static void put_clean(gal_buf *b, const char *s, int xml)
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		unsigned cp;
		size_t n = utf8_decode(p, &cp);
		if (n == 0) {
			gal_buf_puts(b, "\xEF\xBF\xBD");
			p++;
			continue;
		}
		if (xml) {
			if ((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') ||
			    cp == 0xFFFE || cp == 0xFFFF) {
				p += n;
				continue;
			}
			if (cp == '&') gal_buf_puts(b, "&amp;");
			else if (cp == '<') gal_buf_puts(b, "&lt;");
			else if (cp == '>') gal_buf_puts(b, "&gt;");
			else if (cp == '"') gal_buf_puts(b, "&quot;");
			else gal_buf_put(b, p, n);
		} else {
			gal_buf_put(b, p, n);
		}
		p += n;
	}
}

/* ---- qpdf helpers --------------------------------------------------------- */

/* Take qpdf's pending error (or, failing that, its first warning) into err. */
static int qpdf_fail(qpdf_data q, gal_err *err, const char *what)
{
	qpdf_error e = NULL;
	if (qpdf_has_error(q))
		e = qpdf_get_error(q);
	else if (qpdf_more_warnings(q))
		e = qpdf_next_warning(q);
	const char *msg = e ? qpdf_get_error_full_text(q, e) : "";
	return gal_err_set(err, GAL_E_RENDER, NULL, 0, 0, "PDF post-pass: %s%s%s",
			   what, msg && *msg ? ": " : "", msg ? msg : "");
}

/* A text string (PDFDocEncoding or UTF-16BE, chosen by qpdf). */
static qpdf_oh new_text(qpdf_data q, const char *utf8)
{
	gal_buf b = GAL_BUF_INIT;
	put_clean(&b, utf8, 0);
	qpdf_oh oh = qpdf_oh_new_unicode_string(q, b.data ? b.data : "");
	gal_buf_free(&b);
	return oh;
}

/* dict[key] = value, releasing the value's handle. */
static void put_key(qpdf_data q, qpdf_oh dict, const char *key, qpdf_oh value)
{
	qpdf_oh_replace_key(q, dict, key, value);
	qpdf_oh_release(q, value);
}

/* The dictionary at dict[key], created (direct) when missing or not a
 * dictionary. */
static qpdf_oh sub_dict(qpdf_data q, qpdf_oh dict, const char *key)
{
	qpdf_oh d = qpdf_oh_get_key(q, dict, key);
	if (qpdf_oh_is_dictionary(q, d))
		return d;
	qpdf_oh_release(q, d);
	d = qpdf_oh_new_dictionary(q);
	qpdf_oh_replace_key(q, dict, key, d);
	return d;
}

/* Info[key] as UTF-8 (malloc'd), or NULL when absent or not a string. */
static char *info_get(qpdf_data q, qpdf_oh infod, const char *key)
{
	char *s = NULL;
	qpdf_oh v = qpdf_oh_get_key(q, infod, key);
	if (qpdf_oh_is_string(q, v))
		s = xstrdup(qpdf_oh_get_utf8_value(q, v));
	qpdf_oh_release(q, v);
	return s;
}

/* ---- Figure /Alt ------------------------------------------------------------ */

typedef struct walk {
	qpdf_data q;
	const gal_pdf_post *info;
	size_t figures;   /* Figure elements seen so far */
	long visits;
} walk;

/* Depth-first over a structure element's /K, in order: the order of the
 * Figure elements is the order out_pdf.c opened the Figure tags. Marked-
 * content references (integers, /MCR, /OBJR dictionaries) have no /S and
 * no /K and end the descent. */
static void walk_struct(walk *w, qpdf_oh node, int depth)
{
	qpdf_data q = w->q;
	if (depth > MAX_STRUCT_DEPTH || ++w->visits > MAX_STRUCT_VISITS || qpdf_has_error(q))
		return;
	if (qpdf_oh_is_array(q, node)) {
		int n = qpdf_oh_get_array_n_items(q, node);
		for (int i = 0; i < n; i++) {
			qpdf_oh item = qpdf_oh_get_array_item(q, node, i);
			walk_struct(w, item, depth + 1);
			qpdf_oh_release(q, item);
		}
		return;
	}
	if (!qpdf_oh_is_dictionary(q, node))
		return;
	qpdf_oh s = qpdf_oh_get_key(q, node, "/S");
	if (qpdf_oh_is_name_and_equals(q, s, "/Figure")) {
		size_t i = w->figures++;
		const char *alt = w->info->figure_alts && i < w->info->n_figure_alts
			? w->info->figure_alts[i] : NULL;
		if (alt)
			put_key(q, node, "/Alt", new_text(q, alt));
	}
	qpdf_oh_release(q, s);
	qpdf_oh k = qpdf_oh_get_key(q, node, "/K");
	walk_struct(w, k, depth + 1);
	qpdf_oh_release(q, k);
}

/* ---- XMP ---------------------------------------------------------------- */

/* Both date forms from one epoch: ISO 8601 for XMP, D: for Info. Out of
 * range epochs (years outside 0..9999) fall back to 1970. */
static void make_dates(int64_t epoch, char *iso, size_t isz, char *pdf, size_t psz)
{
	time_t t = (time_t)epoch;
	struct tm tm;
	if ((int64_t)t != epoch || !gmtime_r(&t, &tm) || tm.tm_year < -1900 ||
	    tm.tm_year > 9999 - 1900) {
		t = 0;
		gmtime_r(&t, &tm);
	}
	strftime(iso, isz, "%Y-%m-%dT%H:%M:%SZ", &tm);
	strftime(pdf, psz, "D:%Y%m%d%H%M%SZ", &tm);
}

static void xmp_simple(gal_buf *b, const char *tag, const char *v)
{
	if (!v)
		return;
	gal_buf_printf(b, "   <%s>", tag);
	put_clean(b, v, 1);
	gal_buf_printf(b, "</%s>\n", tag);
}

/* rdf:Alt (x-default), rdf:Seq or rdf:Bag with one item. */
static void xmp_array(gal_buf *b, const char *tag, const char *kind, const char *v)
{
	if (!v)
		return;
	gal_buf_printf(b, "   <%s><rdf:%s><rdf:li%s>", tag, kind,
		       strcmp(kind, "Alt") == 0 ? " xml:lang=\"x-default\"" : "");
	put_clean(b, v, 1);
	gal_buf_printf(b, "</rdf:li></rdf:%s></%s>\n", kind, tag);
}

typedef struct meta {
	const char *title, *author, *subject, *keywords, *lang, *producer, *creator;
	const char *date;
} meta;

static void build_xmp(gal_buf *b, const meta *m)
{
	/* the xpacket header's begin attribute is a UTF-8 BOM, as XMP part 1
	 * 7.3.2 asks */
	gal_buf_puts(b,
		"<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
		"<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
		" <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
		"  <rdf:Description rdf:about=\"\"\n"
		"    xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
		"    xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n"
		"    xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">\n"
		"   <dc:format>application/pdf</dc:format>\n");
	xmp_array(b, "dc:title", "Alt", m->title);
	xmp_array(b, "dc:creator", "Seq", m->author);
	xmp_array(b, "dc:description", "Alt", m->subject);
	xmp_array(b, "dc:language", "Bag", m->lang);
	xmp_simple(b, "pdf:Keywords", m->keywords);
	xmp_simple(b, "pdf:Producer", m->producer);
	xmp_simple(b, "xmp:CreatorTool", m->creator);
	xmp_simple(b, "xmp:CreateDate", m->date);
	xmp_simple(b, "xmp:ModifyDate", m->date);
	xmp_simple(b, "xmp:MetadataDate", m->date);
	gal_buf_puts(b,
		"  </rdf:Description>\n"
		" </rdf:RDF>\n"
		"</x:xmpmeta>\n"
		"<?xpacket end=\"r\"?>");
}

/* ---- entry point -------------------------------------------------------- */

#define CHECK(what) do { if (qpdf_has_error(q)) { \
	rc = qpdf_fail(q, err, what); goto cleanup; } } while (0)

int gal_pdf_postpass(const unsigned char *in, size_t len, const gal_pdf_post *info,
		     unsigned char **out, size_t *out_len, gal_err *err)
{
	qpdf_data q = NULL;
	qpdflogger_handle log = NULL;
	gal_buf xmp = GAL_BUF_INIT;
	char *title = NULL, *author = NULL, *subject = NULL, *keywords = NULL;
	char *producer = NULL, *creator = NULL;
	char iso[32], pdfdate[32];
	int rc = 0;

	static const gal_pdf_post none;
	*out = NULL;
	*out_len = 0;
	if (!info)
		info = &none;
	if (!in || len == 0) {
		rc = gal_err_set(err, GAL_E_RENDER, NULL, 0, 0, "PDF post-pass: no PDF to rewrite");
		goto cleanup;
	}
	q = qpdf_init();
	/* errors are taken with qpdf_has_error below; nothing reaches stderr */
	qpdf_silence_errors(q);
	qpdf_set_suppress_warnings(q, QPDF_TRUE);
	log = qpdflogger_create();
	qpdflogger_set_info(log, qpdf_log_dest_discard, NULL, NULL);
	qpdflogger_set_warn(log, qpdf_log_dest_discard, NULL, NULL);
	qpdflogger_set_error(log, qpdf_log_dest_discard, NULL, NULL);
	qpdf_set_logger(q, log);
	/* the input is our own cairo output: anything qpdf would have to
	 * repair is a bug to report, not to paper over */
	qpdf_set_attempt_recovery(q, QPDF_FALSE);

	qpdf_read_memory(q, "rendered PDF", (const char *)in, (unsigned long long)len, NULL);
	CHECK("cannot read the PDF");
	if (qpdf_more_warnings(q)) {
		rc = qpdf_fail(q, err, "damaged PDF");
		goto cleanup;
	}
	if (qpdf_is_encrypted(q)) {
		rc = gal_err_set(err, GAL_E_RENDER, NULL, 0, 0,
				 "PDF post-pass: the PDF is encrypted");
		goto cleanup;
	}

	qpdf_oh root = qpdf_get_root(q);
	CHECK("no document catalog");
	if (!qpdf_oh_is_dictionary(q, root)) {
		rc = gal_err_set(err, GAL_E_RENDER, NULL, 0, 0,
				 "PDF post-pass: the document catalog is not a dictionary");
		goto cleanup;
	}

	/* catalog */
	if (info->lang && *info->lang)
		put_key(q, root, "/Lang", new_text(q, info->lang));
	qpdf_oh vp = sub_dict(q, root, "/ViewerPreferences");
	put_key(q, vp, "/DisplayDocTitle", qpdf_oh_new_bool(q, QPDF_TRUE));
	CHECK("cannot set the catalog entries");

	/* structure: MarkInfo only when there is a tree to vouch for */
	qpdf_oh tree = qpdf_oh_get_key(q, root, "/StructTreeRoot");
	if (qpdf_oh_is_dictionary(q, tree)) {
		qpdf_oh mi = sub_dict(q, root, "/MarkInfo");
		put_key(q, mi, "/Marked", qpdf_oh_new_bool(q, QPDF_TRUE));
		walk w = { q, info, 0, 0 };
		qpdf_oh k = qpdf_oh_get_key(q, tree, "/K");
		walk_struct(&w, k, 0);
	}
	CHECK("cannot walk the structure tree");

	/* pages with links: tab order follows the structure (PDF/UA 7.18.3) */
	int npages = qpdf_get_num_pages(q);
	CHECK("cannot list the pages");
	for (int i = 0; i < npages; i++) {
		qpdf_oh pg = qpdf_get_page_n(q, (size_t)i);
		if (qpdf_oh_has_key(q, pg, "/Annots"))
			put_key(q, pg, "/Tabs", qpdf_oh_new_name(q, "/S"));
		qpdf_oh_release(q, pg);
	}
	CHECK("cannot set the page tab order");

	/* Info and XMP from the same values */
	make_dates(info->epoch, iso, sizeof iso, pdfdate, sizeof pdfdate);
	qpdf_oh trailer = qpdf_get_trailer(q);
	qpdf_oh infod = qpdf_oh_get_key(q, trailer, "/Info");
	if (!qpdf_oh_is_dictionary(q, infod)) {
		qpdf_oh_release(q, infod);
		infod = qpdf_make_indirect_object(q, qpdf_oh_new_dictionary(q));
		qpdf_oh_replace_key(q, trailer, "/Info", infod);
	}
	CHECK("cannot find the Info dictionary");
	struct { const char *key, *given; char **val; } fields[] = {
		{ "/Title", info->title, &title },
		{ "/Author", info->author, &author },
		{ "/Subject", info->subject, &subject },
		{ "/Keywords", info->keywords, &keywords },
	};
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
		if (fields[i].given) {
			put_key(q, infod, fields[i].key, new_text(q, fields[i].given));
			*fields[i].val = xstrdup(fields[i].given);
		} else {
			*fields[i].val = info_get(q, infod, fields[i].key);
		}
	}
	producer = info_get(q, infod, "/Producer");
	creator = info_get(q, infod, "/Creator");
	put_key(q, infod, "/CreationDate", qpdf_oh_new_string(q, pdfdate));
	put_key(q, infod, "/ModDate", qpdf_oh_new_string(q, pdfdate));
	CHECK("cannot update the Info dictionary");

	meta m = { title, author, subject, keywords,
		   info->lang && *info->lang ? info->lang : NULL,
		   producer, creator, iso };
	build_xmp(&xmp, &m);
	qpdf_oh st = qpdf_oh_new_stream(q);
	qpdf_oh nul = qpdf_oh_new_null(q);
	qpdf_oh_replace_stream_data(q, st, (const unsigned char *)xmp.data, xmp.len, nul, nul);
	qpdf_oh sd = qpdf_oh_get_dict(q, st);
	put_key(q, sd, "/Type", qpdf_oh_new_name(q, "/Metadata"));
	put_key(q, sd, "/Subtype", qpdf_oh_new_name(q, "/XML"));
	qpdf_oh_replace_key(q, root, "/Metadata", st);
	CHECK("cannot add the XMP metadata");

	/* write: deterministic /ID, so the same input gives the same bytes */
	qpdf_init_write_memory(q);
	CHECK("cannot start writing");
	qpdf_set_deterministic_ID(q, QPDF_TRUE);
	/* cairo's streams go through as they are: nothing to decode */
	qpdf_set_decode_level(q, qpdf_dl_none);
	qpdf_write(q);
	CHECK("cannot write the PDF");
	if (qpdf_more_warnings(q)) {
		rc = qpdf_fail(q, err, "problem writing the PDF");
		goto cleanup;
	}
	size_t n = qpdf_get_buffer_length(q);
	const unsigned char *data = qpdf_get_buffer(q);
	CHECK("cannot get the written PDF");
	if (!data || n == 0) {
		rc = gal_err_set(err, GAL_E_RENDER, NULL, 0, 0,
				 "PDF post-pass: qpdf wrote nothing");
		goto cleanup;
	}
	*out = xmalloc(n);
	memcpy(*out, data, n);
	*out_len = n;

cleanup:
	if (q)
		qpdf_cleanup(&q);
	if (log)
		qpdflogger_cleanup(&log);
	gal_buf_free(&xmp);
	free(title);
	free(author);
	free(subject);
	free(keywords);
	free(producer);
	free(creator);
	return rc;
}
