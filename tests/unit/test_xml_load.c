/* Loading what people already have: every DocBook DTD Debian ships and
 * every identifier its catalogs name, errors located inside DTDs and
 * entity files, entities no DTD declares, and books whose chapters are
 * external entities read through the resource fence. */
#include <stdarg.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "unit.h"

#include <libxml/catalog.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "base/buf.h"
#include "import/xml.h"

static gal_opts opts;
static int n_warn;
static gal_buf warned;

static void on_warn(void *ctx, const char *file, int line, int col, const char *code,
		    const char *msg)
{
	n_warn++;
	gal_buf_printf(&warned, "%s:%d:%d: [%s] %s\n", file ? file : "", line, col, code, msg);
}

/* Load `s` as if it were the file `name`; *d is freed by the caller. */
static int load(const char *name, const char *s, xmlDocPtr *d, gal_err *err)
{
	memset(err, 0, sizeof *err);
	n_warn = 0;
	gal_buf_reset(&warned);
	gal_buf_puts(&warned, "");
	opts.input_path = name;
	*d = NULL;
	return gal_xml_parse(name, s, strlen(s), &opts, d, err);
}

static char *text_of(xmlDocPtr d)
{
	xmlChar *c = xmlNodeGetContent(xmlDocGetRootElement(d));
	char *s = xstrdup(c ? (const char *)c : "");
	xmlFree(c);
	return s;
}

static int has_refs(xmlNodePtr n)
{
	for (xmlNodePtr c = n->children; c; c = c->next)
		if (c->type == XML_ENTITY_REF_NODE || (c->type == XML_ELEMENT_NODE && has_refs(c)))
			return 1;
	return 0;
}

/* The first element named `name` in document order. */
static xmlNodePtr find(xmlNodePtr n, const char *name)
{
	for (; n; n = n->next) {
		if (n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0)
			return n;
		xmlNodePtr in = find(n->children, name);
		if (in)
			return in;
	}
	return NULL;
}

/* Load and expect success with exactly this text content. */
static void text_is(const char *name, const char *s, const char *want, int warnings)
{
	xmlDocPtr d;
	gal_err err;
	int rc = load(name, s, &d, &err);
	if (rc)
		fprintf(stderr, "%s:%d:%d: %s\n", err.file, err.line, err.col, err.message);
	INT_EQ(rc, 0);
	INT_EQ(n_warn, warnings);
	if (!d)
		return;
	char *t = text_of(d);
	STR_EQ(t, want);
	OK(!has_refs(xmlDocGetRootElement(d)));
	free(t);
	xmlFreeDoc(d);
}

/* ---- DocBook, every version Debian ships ---- */

static void test_docbook_versions(void)
{
	static const char *const ids[][2] = {
		{ "-//Norman Walsh//DTD DocBk XML V4.0//EN", "http://www.oasis-open.org/docbook/xml/4.0/docbookx.dtd" },
		{ "-//OASIS//DTD DocBook XML V4.0//EN", "http://www.oasis-open.org/docbook/xml/4.0/docbookx.dtd" },
		{ "-//OASIS//DTD DocBook XML V4.1//EN", "http://www.oasis-open.org/docbook/xml/4.1/docbookx.dtd" },
		{ "-//OASIS//DTD DocBook XML V4.1.2//EN", "http://www.oasis-open.org/docbook/xml/4.1.2/docbookx.dtd" },
		{ "-//OASIS//DTD DocBook XML V4.2//EN", "http://www.oasis-open.org/docbook/xml/4.2/docbookx.dtd" },
		{ "-//OASIS//DTD DocBook XML V4.3//EN", "http://www.oasis-open.org/docbook/xml/4.3/docbookx.dtd" },
		{ "-//OASIS//DTD DocBook XML V4.4//EN", "http://www.oasis-open.org/docbook/xml/4.4/docbookx.dtd" },
		{ "-//OASIS//DTD DocBook XML V4.5//EN", "http://www.oasis-open.org/docbook/xml/4.5/docbookx.dtd" },
	};
	for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
		char s[1024];
		snprintf(s, sizeof s, "<?xml version=\"1.0\"?>\n<!DOCTYPE article PUBLIC \"%s\"\n \"%s\">\n"
			 "<article><title>T</title><para>a&mdash;b&hellip; &eacute;&trade;</para></article>\n",
			 ids[i][0], ids[i][1]);
		text_is("t.xml", s, "Ta\xe2\x80\x94" "b\xe2\x80\xa6 \xc3\xa9\xe2\x84\xa2", 0);
		/* the same by its system identifier alone */
		snprintf(s, sizeof s, "<!DOCTYPE article SYSTEM \"%s\">\n"
			 "<article><title>T</title><para>&ldquo;q&rdquo;</para></article>\n", ids[i][1]);
		text_is("t.xml", s, "T\xe2\x80\x9cq\xe2\x80\x9d", 0);
	}
	/* a customization layer: the internal subset reads the DTD itself,
	 * whose modules still resolve next to it */
	text_is("t.xml", "<!DOCTYPE article [ <!ENTITY % db PUBLIC \"-//OASIS//DTD DocBook XML V4.1.2//EN\" "
		"\"http://www.oasis-open.org/docbook/xml/4.1.2/docbookx.dtd\"> %db; ]>"
		"<article><para>&mdash;</para></article>", "\xe2\x80\x94", 0);
	/* but a module the document redeclares goes through the fence */
	xmlDocPtr d;
	gal_err err;
	int rc = load("t.xml", "<!DOCTYPE article PUBLIC \"-//OASIS//DTD DocBook XML V4.1.2//EN\" "
		      "\"docbookx.dtd\" [ <!ENTITY % dbnotn SYSTEM \"/etc/passwd\"> ]>"
		      "<article><para>x</para></article>", &d, &err);
	if (rc == 0 && d) {
		char *t = text_of(d);
		OK(!strstr(t, "root:"));
		free(t);
		xmlFreeDoc(d);
	}
	/* DocBook 5's DTD declares no character entities */
	text_is("t.xml", "<!DOCTYPE article PUBLIC \"-//OASIS//DTD DocBook XML 5.0//EN\" "
		"\"http://www.oasis-open.org/docbook/xml/5.0/dtd/docbook.dtd\">"
		"<article xmlns=\"http://docbook.org/ns/docbook\"><title>T</title></article>", "T", 0);
}

/* ---- every identifier Debian's catalogs name ----
 * Each public and system entry of every catalog reachable from Debian's
 * root catalog that Debian itself resolves must resolve through ours to
 * a file that is there. */

typedef struct walk {
	xmlCatalogPtr debian;   /* Debian's root catalog, as xmllint reads it */
	char **seen;
	size_t n_seen;
	int ids, missing;
} walk;

/* Resolved by Debian's root catalog (to a file that may be missing). */
static int debian_knows(const walk *w, const xmlChar *pub, const xmlChar *sys)
{
	xmlChar *r = pub ? xmlACatalogResolvePublic(w->debian, pub)
		: xmlACatalogResolveSystem(w->debian, sys);
	xmlFree(r);
	return r != NULL;
}

static void walk_catalog(walk *w, const char *file);

static void walk_entries(walk *w, xmlNodePtr n)
{
	for (; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		const char *name = (const char *)n->name;
		xmlChar *pub = xmlGetProp(n, (const xmlChar *)"publicId");
		xmlChar *sys = xmlGetProp(n, (const xmlChar *)"systemId");
		xmlChar *cat = xmlGetProp(n, (const xmlChar *)"catalog");
		char *path = NULL;
		int is_pub = strcmp(name, "public") == 0 && pub;
		int is_sys = strcmp(name, "system") == 0 && sys;
		if (is_pub)
			path = gal_xml_resolve((const char *)pub, NULL);
		else if (is_sys)
			path = gal_xml_resolve(NULL, (const char *)sys);
		if ((is_pub || is_sys) && debian_knows(w, is_pub ? pub : NULL, sys)) {
			w->ids++;
			if (!path || access(path, R_OK) != 0) {
				w->missing++;
				fprintf(stderr, "not resolved: %s\n", pub ? (char *)pub : (char *)sys);
			}
		}
		if (cat && strncmp((const char *)cat, "file://", 7) == 0)
			walk_catalog(w, (const char *)cat + 7);
		free(path);
		xmlFree(pub);
		xmlFree(sys);
		xmlFree(cat);
		walk_entries(w, n->children);
	}
}

static void walk_catalog(walk *w, const char *file)
{
	for (size_t i = 0; i < w->n_seen; i++)
		if (strcmp(w->seen[i], file) == 0)
			return;
	w->seen = xrealloc(w->seen, (w->n_seen + 1) * sizeof *w->seen);
	w->seen[w->n_seen++] = xstrdup(file);
	xmlDocPtr d = xmlReadFile(file, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR |
				  XML_PARSE_NOWARNING);
	if (!d)
		return;
	walk_entries(w, xmlDocGetRootElement(d));
	xmlFreeDoc(d);
}

static void test_debian_catalogs(void)
{
	walk w;
	memset(&w, 0, sizeof w);
	w.debian = xmlLoadACatalog("/etc/xml/catalog");
	OK(w.debian != NULL);
	if (!w.debian)
		return;
	walk_catalog(&w, "/etc/xml/catalog");
	xmlFreeCatalog(w.debian);
	/* docbook-xml alone lists well over a hundred */
	OK(w.ids > 100);
	INT_EQ(w.missing, 0);
	for (size_t i = 0; i < w.n_seen; i++)
		free(w.seen[i]);
	free(w.seen);
	/* and nothing else: no network, no file a catalog does not name */
	OK(gal_xml_resolve("-//ACME//DTD Nothing//EN", "http://example.org/nothing.dtd") == NULL);
}

/* ---- where an error is: in a DTD or entity file, named with its line ---- */

static void test_error_locations(void)
{
	xmlDocPtr d;
	gal_err err;
	/* a DocBook module alone misses the declarations of the rest */
	INT_EQ(load("in.xml", "<!DOCTYPE article PUBLIC \"-//OASIS//ELEMENTS DocBook XML Information "
		    "Pool V4.1.2//EN\" \"dbpoolx.mod\">\n<article/>\n", &d, &err), GAL_E_XML);
	OK(err.file && strcmp(err.file, "/usr/share/xml/docbook/schema/dtd/4.1.2/dbpoolx.mod") == 0);
	INT_EQ(err.line, 632);
	OK(err.col > 0);
	OK(strstr(err.message, "notation.class") && strstr(err.message, "read for in.xml"));
	if (d)
		xmlFreeDoc(d);
}

/* ---- entities no DTD declares ---- */

static void test_undefined_entities(void)
{
	xmlDocPtr d;
	gal_err err;
	/* a DTD that is not available: warn once per name, keep "&name;" */
	const char *kde =
		"<?xml version=\"1.0\" ?>\n"
		"<!DOCTYPE article PUBLIC \"-//KDE//DTD DocBook XML V4.5-Based Variant V1.1//EN\" \"dtd/kdedbx45.dtd\" [\n"
		"  <!ENTITY % addindex \"IGNORE\">\n"
		"]>\n"
		"<article><title>The &kappname; Handbook</title>\n"
		"<para>&kappname; &mdash; <ulink url=\"http://x/&kde;/\">&kde;</ulink></para>\n"
		"<para>after</para></article>\n";
	INT_EQ(load("kde.xml", kde, &d, &err), 0);
	INT_EQ(n_warn, 3);
	OK(strstr(warned.data, "kde.xml:5:21: [undefined-entity] &kappname; is not defined") != NULL);
	OK(strstr(warned.data, "dtd/kdedbx45.dtd") != NULL);
	OK(strstr(warned.data, "kde.xml:6:47: [undefined-entity] &kde;") != NULL);
	OK(strstr(warned.data, "[standard-entity] &mdash; is declared by no DTD") != NULL);
	if (d) {
		char *t = text_of(d);
		/* a standard name reads as its character all the same */
		STR_EQ(t, "The &kappname; Handbook\n&kappname; \u2014 &kde;\nafter");
		free(t);
		xmlNodePtr link = find(xmlDocGetRootElement(d), "ulink");
		xmlChar *url = link ? xmlGetProp(link, (const xmlChar *)"url") : NULL;
		STR_EQ((const char *)url, "http://x/&kde;/");
		xmlFree(url);
		/* lines stay exact */
		xmlNodePtr p = find(xmlDocGetRootElement(d), "para");
		OK(p && p->next && gal_imp_line(p->next->next ? p->next->next : p->next) == 7);
		xmlFreeDoc(d);
	}
	/* --strict: the first one stops the load */
	opts.strict = 1;
	INT_EQ(load("kde.xml", kde, &d, &err), GAL_E_STRICT);
	INT_EQ(err.line, 5);
	OK(d == NULL);
	opts.strict = 0;
	/* a parameter entity that is not read: the same */
	INT_EQ(load("/nonexistent/pe.xml", "<!DOCTYPE article [ <!ENTITY % ents SYSTEM \"ents.ent\"> %ents; ]>\n"
		    "<article><title>&product;</title></article>", &d, &err), 0);
	INT_EQ(n_warn, 1);
	OK(strstr(warned.data, "\"ents.ent\" was not read") != NULL);
	if (d)
		xmlFreeDoc(d);
	/* every DTD read, the name still undefined: an error */
	INT_EQ(load("t.xml", "<!DOCTYPE article PUBLIC \"-//OASIS//DTD DocBook XML V4.2//EN\" \"docbookx.dtd\">\n"
		    "<article><para>&nosuchthing;</para></article>", &d, &err), GAL_E_XML);
	INT_EQ(err.line, 2);
	/* no DOCTYPE and no standard name: an error, as XML says */
	INT_EQ(load("t.xml", "<article>\n<para>x &nosuch; y</para></article>", &d, &err), GAL_E_XML);
	INT_EQ(err.line, 2);
}

static void test_standard_entities(void)
{
	xmlDocPtr d;
	gal_err err;
	/* DocBook with no DOCTYPE: resolved, with one warning for all */
	text_is("db.xml", "<article><title>T</title>\n<para>a&mdash;b&hellip; caf&eacute; &euro;&lsqb;</para>"
		"<para>&mdash;</para></article>",
		"T\na\xe2\x80\x94" "b\xe2\x80\xa6 caf\xc3\xa9 \xe2\x82\xac[\xe2\x80\x94", 1);
	OK(strstr(warned.data, "db.xml:2:8: [standard-entity] &mdash; and 4 other") != NULL);
	/* JATS too, and in attribute values */
	INT_EQ(load("j.xml", "<article><front/><body>\n<p content-type=\"x&alpha;\">&alpha;</p>\n<p/></body></article>",
		    &d, &err), 0);
	INT_EQ(n_warn, 1);
	if (d) {
		xmlNodePtr p = find(xmlDocGetRootElement(d), "p");
		xmlChar *v = p ? xmlGetProp(p, (const xmlChar *)"content-type") : NULL;
		STR_EQ((const char *)v, "x\xce\xb1");
		xmlFree(v);
		/* line numbers stay exact: nothing was parsed twice */
		INT_EQ(gal_imp_line(p), 2);
		OK(p && p->next && gal_imp_line(p->next->next ? p->next->next : p->next) == 3);
		xmlFreeDoc(d);
	}
	/* an internal subset, no external DTD */
	text_is("t.xml", "<!DOCTYPE book [ <!ENTITY v \"0.7\"> ]><book>&v;&ndash;&v;</book>",
		"0.7\xe2\x80\x93" "0.7", 1);
	/* under --strict, a warning like any other */
	opts.strict = 1;
	INT_EQ(load("db.xml", "<article><para>&mdash;</para></article>", &d, &err), GAL_E_STRICT);
	opts.strict = 0;
	OK(d == NULL);
}

/* ---- books whose chapters are external entities ---- */

static char dir[256];

static void put(const char *rel, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void put(const char *rel, const char *fmt, ...)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%s", dir, rel);
	FILE *f = fopen(path, "wb");
	if (!f)
		return;
	va_list ap;
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	fclose(f);
}

/* A book in `dir` whose DOCTYPE declares `decls` and whose body is `body`. */
static int book(const char *decls, const char *body, xmlDocPtr *d, gal_err *err)
{
	static char name[512], s[4096];
	snprintf(name, sizeof name, "%s/book.xml", dir);
	snprintf(s, sizeof s, "<?xml version=\"1.0\"?>\n<!DOCTYPE article [\n%s\n]>\n"
		 "<article><title>B</title>\n%s\n</article>\n", decls, body);
	return load(name, s, d, err);
}

static void fails(const char *what, const char *decls, const char *body, int code,
		  const char *in_message)
{
	xmlDocPtr d;
	gal_err err;
	int rc = book(decls, body, &d, &err);
	if (rc != code || !strstr(err.message, in_message))
		fprintf(stderr, "%s: rc %d: %s\n", what, rc, err.message);
	INT_EQ(rc, code);
	OK(strstr(err.message, in_message) != NULL);
	OK(d == NULL);
	if (d)
		xmlFreeDoc(d);
}

static void test_external_entities(void)
{
	xmlDocPtr d;
	gal_err err;
	char path[512], outside[256];
	snprintf(dir, sizeof dir, "/tmp/galley-xml-load-XXXXXX");
	snprintf(outside, sizeof outside, "/tmp/galley-xml-out-XXXXXX");
	if (!mkdtemp(dir) || !mkdtemp(outside)) {
		OK(0);
		return;
	}
	snprintf(path, sizeof path, "%s/parts", dir);
	mkdir(path, 0755);
	put("ch1.xml", "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n"
	    "<section><title>One</title>\n<para>caf\xe9 &app;</para></section>\n");
	put("parts/ch2.xml", "<section><title>Two</title><para>&ch3;</para></section>");
	put("parts/ch3.xml", "three");
	const char *decls = "<!ENTITY app \"<application>G</application>\">\n"
			    "<!ENTITY ch1 SYSTEM \"ch1.xml\">\n"
			    "<!ENTITY ch2 SYSTEM \"parts/ch2.xml\">\n"
			    "<!ENTITY ch3 SYSTEM \"parts/ch3.xml\">";
	INT_EQ(book(decls, "&ch1;\n&ch2;\n&ch1;", &d, &err), 0);
	INT_EQ(n_warn, 0);
	if (d) {
		char *t = text_of(d);
		STR_EQ(t, "B\n\nOne\ncaf\xc3\xa9 G\n\nTwothree\n\nOne\ncaf\xc3\xa9 G\n\n");
		free(t);
		xmlNodePtr root = xmlDocGetRootElement(d);
		OK(!has_refs(root));
		/* what came from an entity file stands where it is referenced */
		xmlNodePtr s1 = find(root, "section");
		INT_EQ(gal_imp_line(s1), 9);
		INT_EQ(gal_imp_line(find(s1, "application")), 9);
		INT_EQ(gal_imp_line(find(s1->next, "section")), 10);
		xmlFreeDoc(d);
	}
	/* also found under a --resource-path */
	const char *res[] = { outside, NULL };
	opts.resource_paths = res;
	snprintf(path, sizeof path, "%s/shared.xml", outside);
	FILE *f = fopen(path, "w");
	if (f) {
		fputs("<para>shared</para>", f);
		fclose(f);
	}
	INT_EQ(book("<!ENTITY s SYSTEM \"shared.xml\">", "&s;", &d, &err), 0);
	if (d)
		xmlFreeDoc(d);
	opts.resource_paths = NULL;

	/* nothing unread passes silently: the error names the entity */
	fails("missing", "<!ENTITY c SYSTEM \"none.xml\">", "<para/>\n&c;", GAL_E_XML,
	      "&c; (\"none.xml\") is not read: file not found");
	INT_EQ(book("<!ENTITY c SYSTEM \"none.xml\">", "<para/>\n  &c;", &d, &err), GAL_E_XML);
	snprintf(path, sizeof path, "%s/book.xml", dir);
	STR_EQ(err.file, path);
	INT_EQ(err.line, 7);
	INT_EQ(err.col, 3);
	fails("absolute", "<!ENTITY c SYSTEM \"/etc/passwd\">", "&c;", GAL_E_XML, "absolute paths");
	fails("dot-dot", "<!ENTITY c SYSTEM \"../x.xml\">", "&c;", GAL_E_XML, "'..'");
	fails("encoded dot-dot", "<!ENTITY c SYSTEM \"%2e%2e/x.xml\">", "&c;", GAL_E_XML, "'..'");
	fails("file URL", "<!ENTITY c SYSTEM \"file:///etc/passwd\">", "&c;", GAL_E_XML, "URLs");
	fails("http URL", "<!ENTITY c SYSTEM \"http://192.0.2.1/c.xml\">", "&c;", GAL_E_XML, "URLs");
	snprintf(path, sizeof path, "%s/link.xml", dir);
	char target[512];
	snprintf(target, sizeof target, "%s/shared.xml", outside);
	OK(symlink(target, path) == 0);
	fails("symlink out", "<!ENTITY c SYSTEM \"link.xml\">", "&c;", GAL_E_XML, "symlink");
	/* itself, directly or not */
	put("loop1.xml", "<para>&l2;</para>");
	put("loop2.xml", "<para>&l1;</para>");
	fails("loop", "<!ENTITY l1 SYSTEM \"loop1.xml\"> <!ENTITY l2 SYSTEM \"loop2.xml\">", "&l1;",
	      GAL_E_XML, "includes itself");
	/* nesting is bounded */
	gal_buf decl = GAL_BUF_INIT;
	for (int i = 0; i < 40; i++) {
		char rel[32];
		snprintf(rel, sizeof rel, "n%d.xml", i);
		put(rel, "<para>&n%d;</para>", i + 1);
		gal_buf_printf(&decl, "<!ENTITY n%d SYSTEM \"n%d.xml\">\n", i, i);
	}
	put("n40.xml", "end");
	gal_buf_puts(&decl, "<!ENTITY n40 SYSTEM \"n40.xml\">");
	fails("deep", decl.data, "&n0;", GAL_E_XML, "nest more than");
	gal_buf_free(&decl);
	/* libxml2's 256 levels hold for the whole expanded tree */
	gal_buf deep = GAL_BUF_INIT, at = GAL_BUF_INIT;
	for (int i = 0; i < 200; i++)
		gal_buf_puts(&deep, "<d>");
	for (int i = 0; i < 200; i++)
		gal_buf_puts(&deep, "</d>");
	put("deep.xml", "%s", deep.data);
	for (int i = 0; i < 100; i++)
		gal_buf_puts(&at, "<w>");
	gal_buf_puts(&at, "&d;");
	for (int i = 0; i < 100; i++)
		gal_buf_puts(&at, "</w>");
	fails("too deep", "<!ENTITY d SYSTEM \"deep.xml\">", at.data, GAL_E_XML, "256 levels");
	gal_buf_reset(&deep);
	gal_buf_puts(&deep, "<!ENTITY d \"");
	for (int i = 0; i < 200; i++)
		gal_buf_puts(&deep, "<d>");
	for (int i = 0; i < 200; i++)
		gal_buf_puts(&deep, "</d>");
	gal_buf_puts(&deep, "\">");
	fails("too deep inside", deep.data, at.data, GAL_E_XML, "256 levels");
	gal_buf_free(&deep);
	gal_buf_free(&at);
	/* an error inside an entity file names that file and its line */
	put("bad.xml", "<section>\n<para>open</section>\n");
	INT_EQ(book("<!ENTITY b SYSTEM \"bad.xml\">", "&b;", &d, &err), GAL_E_XML);
	snprintf(path, sizeof path, "%s/bad.xml", dir);
	STR_EQ(err.file, path);
	INT_EQ(err.line, 2);
	OK(strstr(err.message, "&b;") != NULL);
	/* the limits count what entity files hold */
	gal_buf big = GAL_BUF_INIT;
	gal_buf_puts(&big, "<para>");
	for (int i = 0; i < 4096; i++)
		gal_buf_puts(&big, "0123456789abcdef");
	gal_buf_puts(&big, "</para>");
	put("big.xml", "%s", big.data);
	gal_buf_free(&big);
	opts.limits.input_bytes = 60000;
	fails("input-bytes", "<!ENTITY g SYSTEM \"big.xml\">", "&g;", GAL_E_LIMIT, "input-bytes");
	opts.limits.input_bytes = 200000;
	gal_buf many = GAL_BUF_INIT;
	for (int i = 0; i < 100; i++)
		gal_buf_puts(&many, "&g;");
	fails("expansion", "<!ENTITY g SYSTEM \"big.xml\">", many.data, GAL_E_XML, "limits");
	gal_buf_free(&many);
	gal_limits_default(&opts.limits);
	/* a parameter entity beside the input declares entities */
	put("ents.ent", "<!ENTITY product \"Galley\">\n<!ENTITY mdash \"--\">\n");
	INT_EQ(book("<!ENTITY % e SYSTEM \"ents.ent\"> %e;", "<para>&product;&mdash;</para>", &d, &err), 0);
	INT_EQ(n_warn, 0);
	if (d) {
		char *t = text_of(d);
		STR_EQ(t, "B\nGalley--\n");
		free(t);
		xmlFreeDoc(d);
	}
	/* and an error in it is located there */
	put("ents.ent", "<!ENTITY product \"Galley\">\n\n<!ENTITY broken \"x>\n");
	INT_EQ(book("<!ENTITY % e SYSTEM \"ents.ent\"> %e;", "<para/>", &d, &err), GAL_E_XML);
	snprintf(path, sizeof path, "%s/ents.ent", dir);
	STR_EQ(err.file, path);
	OK(err.line >= 3);
	OK(strstr(err.message, "DTD read for") != NULL);
	/* input from standard input has no folder to read from */
	opts.input_path = "-";
	memset(&err, 0, sizeof err);
	const char *s = "<!DOCTYPE a [ <!ENTITY c SYSTEM \"ch1.xml\"> ]><a>&c;</a>";
	INT_EQ(gal_xml_parse("-", s, strlen(s), &opts, &d, &err), GAL_E_XML);
	OK(strstr(err.message, "no directory") != NULL);

	char cmd[600];
	snprintf(cmd, sizeof cmd, "rm -rf '%s' '%s'", dir, outside);
	OK(system(cmd) == 0);
}

int main(void)
{
	/* the unit binaries run from the build tree: data from the sources */
	setenv("GALLEY_DATA", GAL_SRCDIR, 0);
	gal_limits_default(&opts.limits);
	opts.warn = on_warn;
	test_docbook_versions();
	test_debian_catalogs();
	test_error_locations();
	test_undefined_entities();
	test_standard_entities();
	test_external_entities();
	gal_buf_free(&warned);
	return unit_done("xml_load");
}
