/* Safe XML loading: catalog entities, XXE and billion-laughs refusal,
 * located errors, libxml2 limits, sniffing, the whole corpus. */
#include <dirent.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "unit.h"

#include <libxml/tree.h>

#include "base/buf.h"
#include "import/toolkit.h"
#include "import/xml.h"
#include "model/doc.h"

static gal_opts opts;

static int parse(const char *s, xmlDocPtr *out, gal_err *err)
{
	memset(err, 0, sizeof *err);
	return gal_xml_parse("t.xml", s, strlen(s), &opts, out, err);
}

/* An importer's state over a new document, for the toolkit's helpers. */
static gal_imp imp_on(gal_doc *doc)
{
	gal_imp imp;
	memset(&imp, 0, sizeof imp);
	imp.doc = doc;
	imp.opts = &opts;
	return imp;
}

/* Text content of the whole document (entities already expanded). */
static char *doc_text(xmlDocPtr d)
{
	xmlChar *c = xmlNodeGetContent(xmlDocGetRootElement(d));
	char *s = xstrdup(c ? (const char *)c : "");
	xmlFree(c);
	return s;
}

static int has_entity_refs(xmlNodePtr n)
{
	int found = 0;
	for (xmlNodePtr c = n->children; c && !found; c = c->next) {
		if (c->type == XML_ENTITY_REF_NODE)
			return 1;
		if (c->type == XML_ELEMENT_NODE)
			found = has_entity_refs(c);
	}
	return found;
}

static void test_entities(void)
{
	xmlDocPtr d = NULL;
	gal_err err;
	/* DocBook 4 from Debian's docbook-xml */
	INT_EQ(parse("<?xml version=\"1.0\"?>\n<!DOCTYPE article PUBLIC \"-//OASIS//DTD DocBook XML V4.2//EN\"\n"
		     " \"http://www.oasis-open.org/docbook/xml/4.2/docbookx.dtd\">\n"
		     "<article><para>a&mdash;b&hellip; &eacute;</para></article>\n", &d, &err), 0);
	if (d) {
		char *t = doc_text(d);
		STR_EQ(t, "a\xe2\x80\x94" "b\xe2\x80\xa6 \xc3\xa9");
		OK(!has_entity_refs(xmlDocGetRootElement(d)));
		free(t);
		xmlFreeDoc(d);
		d = NULL;
	}
	/* JATS through our entity-only DTD, by public id */
	INT_EQ(parse("<!DOCTYPE article PUBLIC \"-//NLM//DTD JATS (Z39.96) Journal Archiving and Interchange DTD v1.0 20120330//EN\" \"JATS-archivearticle1.dtd\">"
		     "<article><front/><body><p>1&plus;1 &alpha; &szlig;&lsqb;&mdash;</p></body></article>", &d, &err), 0);
	if (d) {
		char *t = doc_text(d);
		STR_EQ(t, "1+1 \xce\xb1 \xc3\x9f[\xe2\x80\x94");
		free(t);
		xmlFreeDoc(d);
		d = NULL;
	}
	/* an unknown public id but a known DTD file name */
	INT_EQ(parse("<!DOCTYPE article PUBLIC \"-//NLM//DTD JATS (Z39.96) Journal Publishing DTD v9.9 20990101//EN\" \"https://example.org/x/JATS-journalpublishing1.dtd\">"
		     "<article><front/><p>&hellip;</p></article>", &d, &err), 0);
	if (d)
		xmlFreeDoc(d), d = NULL;
	/* DocBook 4 by its DTD file name only */
	INT_EQ(parse("<!DOCTYPE article SYSTEM \"docbookx.dtd\"><article><para>&ndash;&eacute;</para></article>", &d, &err), 0);
	if (d)
		xmlFreeDoc(d), d = NULL;
	/* an unknown DTD: a standard name still reads as its character */
	INT_EQ(parse("<!DOCTYPE article SYSTEM \"unknown.dtd\"><article><p>&mdash;</p></article>", &d, &err), 0);
	if (d)
		xmlFreeDoc(d), d = NULL;
	/* a name no DTD declares and no standard set has: an error */
	INT_EQ(parse("<article><p>&nosuchname;</p></article>", &d, &err), GAL_E_XML);
	/* NITF by a relative system id */
	INT_EQ(parse("<!DOCTYPE nitf SYSTEM \"../dtd/nitf-3-2.dtd\"><nitf><body>&eacute;&nbsp;</body></nitf>", &d, &err), 0);
	if (d)
		xmlFreeDoc(d), d = NULL;
	/* internal subset entities (incl. markup) come through */
	INT_EQ(parse("<!DOCTYPE article [ <!ENTITY GHC \"Glasgow &amp; Haskell\"> <!ENTITY m \"<b>x</b>&GHC;\"> ]>"
		     "<article><p>&GHC; and &m;.</p></article>", &d, &err), 0);
	if (d) {
		char *t = doc_text(d);
		STR_EQ(t, "Glasgow & Haskell and xGlasgow & Haskell.");
		OK(!has_entity_refs(xmlDocGetRootElement(d)));
		free(t);
		xmlFreeDoc(d);
		d = NULL;
	}
	/* undefined entity: error with line and column */
	INT_EQ(parse("<article>\n<p>ok</p>\n<p>x &nosuch; y</p></article>", &d, &err), GAL_E_XML);
	INT_EQ(err.line, 3);
	OK(err.col > 0);
	OK(strstr(err.message, "nosuch") != NULL);
	OK(d == NULL);
	/* undefined even with a known DTD loaded */
	INT_EQ(parse("<!DOCTYPE article PUBLIC \"-//OASIS//DTD DocBook XML V4.2//EN\" \"docbookx.dtd\">\n"
		     "<article><para>&nosuchthing;</para></article>", &d, &err), GAL_E_XML);
	INT_EQ(err.line, 2);
	/* unknown DTD: skipped silently, predefined and numeric entities fine */
	INT_EQ(parse("<!DOCTYPE article SYSTEM \"/etc/passwd\"><article><p>&amp;&#x41;</p></article>", &d, &err), 0);
	if (d)
		xmlFreeDoc(d), d = NULL;
	INT_EQ(parse("<!DOCTYPE article SYSTEM \"http://192.0.2.1/a.dtd\"><article><p>a</p></article>", &d, &err), 0);
	if (d)
		xmlFreeDoc(d), d = NULL;
}

/* The helpers on a tree as importers get it: entity references already
 * expanded in place by gal_xml_parse. */
static void test_helpers(void)
{
	const char *s = "<!DOCTYPE a [ <!ENTITY e \"inner <b>bold</b> &f;\"> <!ENTITY f \"deep\"> ]>"
			"<a xml:lang='de' x:id='7' xmlns:x='urn:x'>  one\n &e;  <c>two</c> \n</a>";
	xmlDocPtr d = NULL;
	gal_err err;
	memset(&err, 0, sizeof err);
	INT_EQ(parse(s, &d, &err), 0);
	OK(d != NULL);
	if (!d)
		return;
	gal_imp imp = imp_on(gal_doc_new("h.xml"));
	xmlNodePtr root = xmlDocGetRootElement(d);
	STR_EQ(gal_imp_text(&imp, root), "one inner bold deep two");
	STR_EQ(gal_imp_lang(&imp, root), "de");
	STR_EQ(gal_imp_attr(&imp, root, "id"), "7");
	OK(gal_imp_attr(&imp, root, "nope") == NULL);
	STR_EQ(gal_imp_name(root), "a");
	STR_EQ(gal_imp_name(root->children), "");
	OK(gal_imp_is_blank(root->children) == 0);
	INT_EQ(gal_imp_line(root), 1);
	gal_doc_free(imp.doc);
	xmlFreeDoc(d);
}

/* Verbatim text in running text: lines of its own make a listing; a
 * newline at an edge does not. */
static int lines_of(const char *s)
{
	xmlDocPtr d = NULL;
	gal_err err;
	memset(&err, 0, sizeof err);
	if (parse(s, &d, &err) != 0 || !d)
		return -1;
	int r = gal_imp_verbatim_lines(xmlDocGetRootElement(d));
	xmlFreeDoc(d);
	return r;
}

static void test_verbatim(void)
{
	INT_EQ(lines_of("<code>x = 1</code>"), 0);
	INT_EQ(lines_of("<code>\n  x = 1\n</code>"), 0);
	INT_EQ(lines_of("<code><b>\n</b>x = 1<i> \n </i></code>"), 0);
	INT_EQ(lines_of("<code></code>"), 0);
	INT_EQ(lines_of("<code>make\nls</code>"), 1);
	INT_EQ(lines_of("<code>\nmake\r\n  ls\n</code>"), 1);
	INT_EQ(lines_of("<code><b>make</b>\n<i>ls</i></code>"), 1);
	INT_EQ(lines_of("<code><b>make\n</b><![CDATA[ls]]></code>"), 1);
	xmlDocPtr d = NULL;
	gal_err err;
	memset(&err, 0, sizeof err);
	INT_EQ(parse("<p><code language=' sh '>a</code><code language=''>b</code><code>c</code></p>",
		     &d, &err), 0);
	if (!d)
		return;
	gal_imp imp = imp_on(gal_doc_new("v.xml"));
	const xmlNode *c = xmlDocGetRootElement(d)->children;
	STR_EQ(gal_imp_code_language(&imp, c), "sh");
	OK(gal_imp_code_language(&imp, c->next) == NULL);
	OK(gal_imp_code_language(&imp, c->next->next) == NULL);
	gal_doc_free(imp.doc);
	xmlFreeDoc(d);
}

static void test_hostile(void)
{
	xmlDocPtr d = NULL;
	gal_err err;
	/* XXE: a file:// entity must not reach the tree */
	int rc = parse("<?xml version=\"1.0\"?>\n<!DOCTYPE article [ <!ENTITY xxe SYSTEM \"file:///etc/passwd\"> ]>\n"
		       "<article><p>&xxe;</p></article>", &d, &err);
	if (rc == 0) {
		char *t = doc_text(d);
		OK(strstr(t, "root:") == NULL);
		free(t);
		xmlFreeDoc(d);
		d = NULL;
	}
	/* external parameter entity in the internal subset */
	rc = parse("<!DOCTYPE article [ <!ENTITY % p SYSTEM \"file:///etc/passwd\"> %p; ]>"
		   "<article><p>a</p></article>", &d, &err);
	if (rc == 0) {
		char *t = doc_text(d);
		OK(strstr(t, "root:") == NULL);
		free(t);
		xmlFreeDoc(d);
		d = NULL;
	}
	/* billion laughs */
	gal_buf b = GAL_BUF_INIT;
	gal_buf_puts(&b, "<!DOCTYPE article [ <!ENTITY a \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\">");
	for (char c = 'b'; c <= 'j'; c++) {
		gal_buf_printf(&b, "<!ENTITY %c \"", c);
		for (int i = 0; i < 10; i++)
			gal_buf_printf(&b, "&%c;", c - 1);
		gal_buf_puts(&b, "\">");
	}
	gal_buf_puts(&b, "]><article><p>&j;</p></article>");
	memset(&err, 0, sizeof err);
	INT_EQ(gal_xml_parse("t.xml", b.data, b.len, &opts, &d, &err), GAL_E_XML);
	OK(d == NULL);
	gal_buf_free(&b);
	/* quadratic blowup: one big entity referenced many times */
	gal_buf_puts(&b, "<!DOCTYPE article [ <!ENTITY a \"");
	for (int i = 0; i < 100000; i++)
		gal_buf_putc(&b, 'a');
	gal_buf_puts(&b, "\"> ]><article><p>");
	for (int i = 0; i < 2000; i++)
		gal_buf_puts(&b, "&a;");
	gal_buf_puts(&b, "</p></article>");
	memset(&err, 0, sizeof err);
	gal_opts small = opts;
	small.limits.input_bytes = 8 << 20;
	rc = gal_xml_parse("t.xml", b.data, b.len, &small, &d, &err);
	INT_EQ(rc, GAL_E_XML);
	if (d)
		xmlFreeDoc(d), d = NULL;
	gal_buf_free(&b);
	/* recursive entity */
	INT_EQ(parse("<!DOCTYPE article [ <!ENTITY a \"&b;\"> <!ENTITY b \"&a;\"> ]><article><p>&a;</p></article>",
		     &d, &err), GAL_E_XML);
	/* depth: libxml2's 256 levels */
	for (int i = 0; i < 300; i++)
		gal_buf_puts(&b, "<a>");
	for (int i = 0; i < 300; i++)
		gal_buf_puts(&b, "</a>");
	memset(&err, 0, sizeof err);
	INT_EQ(gal_xml_parse("t.xml", b.data, b.len, &opts, &d, &err), GAL_E_XML);
	OK(err.line == 1 && err.col > 256);
	gal_buf_free(&b);
	/* an 11 MB text node */
	gal_buf_puts(&b, "<article>\n <p>");
	for (int i = 0; i < (11 << 20) / 16; i++)
		gal_buf_puts(&b, "xxxxxxxxxxxxxxxx");
	gal_buf_puts(&b, "</p></article>");
	memset(&err, 0, sizeof err);
	INT_EQ(gal_xml_parse("t.xml", b.data, b.len, &opts, &d, &err), GAL_E_XML);
	INT_EQ(err.line, 2);
	INT_EQ(err.col, 2);
	/* and over the input-bytes limit */
	small.limits.input_bytes = 1 << 20;
	INT_EQ(gal_xml_parse("t.xml", b.data, b.len, &small, &d, &err), GAL_E_LIMIT);
	gal_buf_free(&b);
	/* malformed */
	INT_EQ(parse("<article><p>open</article>", &d, &err), GAL_E_XML);
	INT_EQ(err.line, 1);
	OK(err.col > 0);
	INT_EQ(parse("", &d, &err), GAL_E_XML);
	INT_EQ(parse("<article><p>cut", &d, &err), GAL_E_XML);
	INT_EQ(parse("\x89PNG\r\n\x1a\n\x01\x02", &d, &err), GAL_E_XML);
	INT_EQ(parse("<?xml version=\"1.0\" encoding=\"UTF-8\"?><article>T\xff\xfe</article>", &d, &err), GAL_E_XML);
	INT_EQ(parse("<article>&#xD800;</article>", &d, &err), GAL_E_XML);
	memset(&err, 0, sizeof err);
	INT_EQ(gal_xml_parse("t.xml", "<a>x\0y</a>", 10, &opts, &d, &err), GAL_E_XML);
	OK(d == NULL);
	/* ISO-8859-1 input */
	INT_EQ(parse("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a>caf\xe9</a>", &d, &err), 0);
	if (d) {
		char *t = doc_text(d);
		STR_EQ(t, "caf\xc3\xa9");
		free(t);
		xmlFreeDoc(d);
		d = NULL;
	}
}

static gal_format sniff(const char *s)
{
	xmlDocPtr d = NULL;
	gal_err err;
	gal_format f = (gal_format)-1;
	if (parse(s, &d, &err) == 0) {
		f = gal_xml_sniff(d);
		xmlFreeDoc(d);
	}
	return f;
}

static void test_sniff(void)
{
	INT_EQ(sniff("<article><head><title>T</title></head><body/></article>"), GAL_FMT_ARTICLE);
	INT_EQ(sniff("<article><front/><body/></article>"), GAL_FMT_JATS);
	INT_EQ(sniff("<article>\n<!-- c --><articleinfo/><sect1/></article>"), GAL_FMT_DOCBOOK);
	INT_EQ(sniff("<article><title>x</title><para/></article>"), GAL_FMT_DOCBOOK);
	INT_EQ(sniff("<article><section/></article>"), GAL_FMT_DOCBOOK);
	INT_EQ(sniff("<article xmlns=\"http://docbook.org/ns/docbook\" version=\"5.0\"><info/></article>"), GAL_FMT_DOCBOOK);
	INT_EQ(sniff("<nitf><head/><body/></nitf>"), GAL_FMT_NITF);
	INT_EQ(sniff("<newsItem xmlns=\"http://iptc.org/std/nar/2006-10-01/\"/>"), GAL_FMT_NEWSML);
	INT_EQ(sniff("<newsMessage/>"), GAL_FMT_NEWSML);
	INT_EQ(sniff("<html><body/></html>"), GAL_FMT_AUTO);
	INT_EQ(sniff("<article><foo/></article>"), GAL_FMT_AUTO);
	STR_EQ(gal_format_name(GAL_FMT_JATS), "jats");
	STR_EQ(gal_format_name(GAL_FMT_AUTO), "auto");
	OK(gal_format_name((gal_format)99) == NULL);
	INT_EQ(gal_format_parse("docbook"), GAL_FMT_DOCBOOK);
	INT_EQ(gal_format_parse("newsml"), GAL_FMT_NEWSML);
	INT_EQ(gal_format_parse("pdf"), -1);
}

static int read_all(const char *path, char **data, size_t *len)
{
	FILE *f = fopen(path, "rb");
	gal_buf b = GAL_BUF_INIT;
	char chunk[65536];
	size_t n;
	if (!f)
		return -1;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		gal_buf_put(&b, chunk, n);
	fclose(f);
	*data = gal_buf_detach(&b, len);
	return 0;
}

static void test_corpus(void)
{
	/* NewsML-G2 files are in nitf/ */
	const char *dirs[] = { "jats", "docbook", "nitf" };
	char dir[4096], path[8192];
	/* $TOP/../shared/corpus; from a worktree under /work/wt, one more up */
	const char *top = GAL_SRCDIR "/..";
	snprintf(dir, sizeof dir, "%s/shared/corpus", top);
	struct stat stt;
	if (stat(dir, &stt) != 0)
		top = GAL_SRCDIR "/../..";
	for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
		snprintf(dir, sizeof dir, "%s/shared/corpus/%s", top, dirs[i]);
		DIR *dp = opendir(dir);
		int files = 0;
		struct dirent *de;
		while (dp && (de = readdir(dp))) {
			size_t l = strlen(de->d_name);
			if (l < 5 || strcmp(de->d_name + l - 4, ".xml") != 0)
				continue;
			snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
			char *data = NULL;
			size_t len = 0;
			if (read_all(path, &data, &len) != 0)
				continue;
			xmlDocPtr d = NULL;
			gal_err err;
			memset(&err, 0, sizeof err);
			int rc = gal_xml_parse(path, data, len, &opts, &d, &err);
			if (rc)
				fprintf(stderr, "%s:%d:%d: %s\n", path, err.line, err.col, err.message);
			INT_EQ(rc, 0);
			if (d) {
				/* a DOCTYPE with an external id: its DTD came through
				 * the catalog, so the ISO entities are defined */
				xmlDtdPtr dtd = xmlGetIntSubset(d);
				if (dtd && (dtd->ExternalID || dtd->SystemID)) {
					int has = xmlGetDocEntity(d, (const xmlChar *)"mdash") != NULL;
					if (!has)
						fprintf(stderr, "%s: DTD not resolved\n", path);
					OK(has);
				}
				OK(gal_xml_sniff(d) != GAL_FMT_AUTO);
				OK(!has_entity_refs(xmlDocGetRootElement(d)));
				xmlFreeDoc(d);
			}
			free(data);
			files++;
		}
		if (dp)
			closedir(dp);
		/* a corpus folder the test cannot read fails it, never skips */
		if (!files)
			fprintf(stderr, "unit xmlload: FAIL: no corpus files in %s\n", dir);
		OK(files > 0);
	}
}

int main(void)
{
	/* the unit binaries run from the build tree: data from the sources */
	setenv("GALLEY_DATA", GAL_SRCDIR, 0);
	gal_limits_default(&opts.limits);
	opts.input_path = "t.xml";
	test_entities();
	test_helpers();
	test_verbatim();
	test_hostile();
	test_sniff();
	test_corpus();
	return unit_done("xmlload");
}
