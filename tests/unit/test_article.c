/* The native vocabulary importer: every element into the model, white
 * space, leniency (unknown and misplaced elements), limits, --check. */
#include <stdlib.h>

#include "unit.h"

#include <libxml/tree.h>

#include "base/buf.h"
#include "import/toolkit.h"
#include "import/xml.h"
#include "model/doc.h"

static gal_opts opts;
static gal_buf warnings = GAL_BUF_INIT;

static void on_warn(void *ctx, const char *file, int line, int col,
		    const char *code, const char *message)
{
	gal_buf_printf(&warnings, "%d:%d:[%s] %s\n", line, col, code, message);
}

/* A compact dump: type, a few fields, children in parentheses. */
static void dump(gal_buf *b, const gal_node *n)
{
	if (!n) {
		gal_buf_puts(b, "-");
		return;
	}
	if (n->type == GAL_NODE_TEXT) {
		gal_buf_printf(b, "\"%s\"", n->literal);
		return;
	}
	gal_buf_puts(b, gal_node_type_name(n->type));
	if (n->id)
		gal_buf_printf(b, "#%s", n->id);
	if (n->lang)
		gal_buf_printf(b, "@%s", n->lang);
	if (n->url)
		gal_buf_printf(b, "<%s>", n->url);
	if (n->title)
		gal_buf_printf(b, "{%s}", n->title);
	if (n->type == GAL_NODE_LIST)
		gal_buf_printf(b, "/%d/%d", n->list_type, n->start);
	if (n->type == GAL_NODE_TCELL)
		gal_buf_printf(b, "/%s%d,%d,%d", n->header ? "h" : "", n->colspan, n->rowspan, n->align);
	if (n->type == GAL_NODE_TSECTION)
		gal_buf_printf(b, "/%d", n->tsection);
	if (!n->first)
		return;
	gal_buf_puts(b, "(");
	for (const gal_node *c = n->first; c; c = c->next) {
		dump(b, c);
		if (c->next)
			gal_buf_puts(b, " ");
	}
	gal_buf_puts(b, ")");
}

static gal_buf out = GAL_BUF_INIT;

/* Import s; returns the importer's status; the dump of the body goes to
 * out.data and the document to *docp (when docp). */
static int import(const char *s, gal_doc **docp)
{
	xmlDocPtr xml = NULL;
	gal_err err;
	gal_imp imp;
	int rc;
	memset(&err, 0, sizeof err);
	memset(&imp, 0, sizeof imp);
	gal_buf_reset(&out);
	gal_buf_reset(&warnings);
	gal_buf_puts(&out, "");
	rc = gal_xml_parse("t.xml", s, strlen(s), &opts, &xml, &err);
	if (rc)
		return rc;
	gal_doc *doc = gal_doc_new("t.xml");
	doc->max_nodes = opts.limits.nodes;
	imp.doc = doc;
	imp.opts = &opts;
	imp.err = &err;
	rc = gal_import_article(&imp, xml);
	if (!rc)
		rc = imp.status;
	gal_imp_release(&imp);
	xmlFreeDoc(xml);
	if (!rc) {
		dump(&out, doc->root);
		INT_EQ(gal_doc_check(doc, NULL), 0);
	}
	if (docp)
		*docp = doc;
	else
		gal_doc_free(doc);
	return rc;
}

#define ART(body) "<article><head><title>T</title></head><body>" body "</body></article>"

static void test_blocks(void)
{
	INT_EQ(import(ART("<p id='a' xml:lang='de'>  Hello\n  <em>big</em>   world </p>"), NULL), 0);
	STR_EQ(out.data, "document(p#a@de(\"Hello \" em(\"big\") \" world\"))");
	INT_EQ(import(ART("<section id='s'><title>One</title><p>x</p>"
			  "<section><title> Two </title><p>y</p></section></section>"), NULL), 0);
	STR_EQ(out.data, "document(section#s(heading(\"One\") p(\"x\") section(heading(\"Two\") p(\"y\"))))");
	INT_EQ(import(ART("<blockquote><attribution>Ann</attribution><p>q</p></blockquote>"
			  "<pullquote> pq </pullquote><hr/>"), NULL), 0);
	STR_EQ(out.data, "document(blockquote(p(\"q\") attribution(\"Ann\")) pullquote(\"pq\") hr)");
	INT_EQ(import(ART("<list type='ordered' start='3'><item>a <em>b</em></item>"
			  "<item><p>c</p><list><item>d</item></list></item></list>"
			  "<list><item/></list>"), NULL), 0);
	STR_EQ(out.data, "document(list/1/3(item(p(\"a \" em(\"b\"))) "
			 "item(p(\"c\") list/0/1(item(p(\"d\"))))) list/0/1(item))");
	INT_EQ(import(ART("<figure id='f'><img src='a.png' alt='Alt'/><caption>Cap <em>x</em></caption>"
			  "<credit>Me</credit></figure>"), NULL), 0);
	STR_EQ(out.data, "document(figure#f(img<a.png>{Alt} caption(\"Cap \" em(\"x\")) credit(\"Me\")))");
	INT_EQ(import(ART("<table id='t'><caption>C</caption><thead><tr><th align='left'>h</th></tr></thead>"
			  "<tbody><tr><td colspan='2' rowspan='3'>d</td><td><p>a</p><p>b</p></td></tr></tbody>"
			  "<tfoot><tr><td>f</td></tr></tfoot><p>note</p></table>"), NULL), 0);
	STR_EQ(out.data, "document(table#t(caption(\"C\") tsection/0(tr(cell/h1,1,1(\"h\"))) "
			 "tsection/1(tr(cell/2,3,0(\"d\") cell/1,1,0(\"a\" br \"b\"))) "
			 "tsection/2(tr(cell/1,1,0(\"f\"))) p(\"note\")))");
	INT_EQ(import(ART("<aside><title>Box</title><p>in</p></aside>"
			  "<pre>\n  code\n    more  \n</pre>"), NULL), 0);
	STR_EQ(out.data, "document(aside(heading(\"Box\") p(\"in\")) pre(\"  code\n    more\"))");
	/* tr directly in table gets an implicit body */
	INT_EQ(import(ART("<table><tr><td>1</td></tr><tr><td>2</td></tr></table>"), NULL), 0);
	STR_EQ(out.data, "document(table(tsection/1(tr(cell/1,1,0(\"1\")) tr(cell/1,1,0(\"2\")))))");
}

static void test_inlines(void)
{
	INT_EQ(import(ART("<p><strong>s</strong><code>c</code><sup>1</sup><sub>2</sub><sc>sc</sc>"
			  "<q>q</q><a href='http://x'>l</a><xref to='s'>x</xref>"
			  "<fn> note <em>n</em> </fn><cite ref='r1'/><abbr title='Exp'>E</abbr>a<br/>b"
			  "<span xml:lang='fr'>oui</span></p>"), NULL), 0);
	STR_EQ(out.data, "document(p(strong(\"s\") code(\"c\") sup(\"1\") sub(\"2\") sc(\"sc\") "
			 "q(\"q\") a<http://x>(\"l\") xref<s>(\"x\") fn(\"note \" em(\"n\")) cite<r1> "
			 "abbr{Exp}(\"E\") \"a\" br \"b\" span@fr(\"oui\")))");
	/* a note inside a note keeps its text */
	INT_EQ(import(ART("<p>a<fn>b<fn>c</fn></fn></p>"), NULL), 0);
	STR_EQ(out.data, "document(p(\"a\" fn(\"bc\")))");
	OK(strstr(warnings.data, "misplaced-element") != NULL);
	/* white space across nodes */
	INT_EQ(import(ART("<p> a <em> b </em> c <br/> d </p>"), NULL), 0);
	STR_EQ(out.data, "document(p(\"a \" em(\"b \") \"c\" br \"d\"))");
	/* entities from the internal subset */
	INT_EQ(import("<!DOCTYPE article [ <!ENTITY co \"ACME &amp; Co\"> ]>"
		      ART("<p>&co; &#x2014; &co;</p>"), NULL), 0);
	STR_EQ(out.data, "document(p(\"ACME & Co \xe2\x80\x94 ACME & Co\"))");
}

static void test_meta(void)
{
	gal_doc *doc = NULL;
	INT_EQ(import("<article xml:lang='de' id='art1'><head>"
		      "<title>Der <em>Titel</em></title><subtitle>Sub</subtitle>"
		      "<author href='mailto:a@b'>Ann  Lee</author><author>Bo</author>"
		      "<date>2025-01-02</date><source href='http://s'>Src</source>"
		      "<publisher>Pub</publisher><rights>(c)</rights>"
		      "<keywords><keyword>k1</keyword><keyword> k2 </keyword></keywords>"
		      "<summary><list><item>one</item></list></summary>"
		      "<cover src='c.jpg' alt='Cover'/><identifier>urn:x</identifier>"
		      "</head><body><p>x</p></body>"
		      "<back><p>thanks</p><refs><title>Refs</title><ref id='r1'>A <em>B</em></ref></refs></back>"
		      "</article>", &doc), 0);
	STR_EQ(out.data, "document(p(\"x\") back(p(\"thanks\") refs(heading(\"Refs\") ref#r1(\"A \" em(\"B\")))))");
	if (doc) {
		gal_meta *m = &doc->meta;
		STR_EQ(m->lang, "de");
		STR_EQ(m->id, "art1");
		gal_buf_reset(&out);
		dump(&out, m->title);
		STR_EQ(out.data, "title(\"Der \" em(\"Titel\"))");
		gal_buf_reset(&out);
		dump(&out, m->subtitle);
		STR_EQ(out.data, "subtitle(\"Sub\")");
		gal_buf_reset(&out);
		dump(&out, m->source);
		STR_EQ(out.data, "source<http://s>(\"Src\")");
		gal_buf_reset(&out);
		dump(&out, m->summary);
		STR_EQ(out.data, "summary(list/0/1(item(p(\"one\"))))");
		INT_EQ(m->summary ? m->summary->summary_kind : -1, GAL_SUMMARY_KEYPOINTS);
		INT_EQ(m->n_authors, 2);
		if (m->n_authors == 2) {
			STR_EQ(m->authors[0].name, "Ann Lee");
			STR_EQ(m->authors[0].href, "mailto:a@b");
			STR_EQ(m->authors[1].name, "Bo");
		}
		STR_EQ(m->date, "2025-01-02");
		STR_EQ(m->publisher, "Pub");
		STR_EQ(m->rights, "(c)");
		STR_EQ(m->identifier, "urn:x");
		INT_EQ(m->n_keywords, 2);
		if (m->n_keywords == 2)
			STR_EQ(m->keywords[1], "k2");
		STR_EQ(m->cover_src, "c.jpg");
		STR_EQ(m->cover_alt, "Cover");
		gal_doc_free(doc);
		doc = NULL;
	}
	/* default language */
	INT_EQ(import(ART("<p>x</p>"), &doc), 0);
	if (doc) {
		STR_EQ(doc->meta.lang, "en");
		gal_doc_free(doc);
	}
}

static void test_lenient(void)
{
	/* unknown inline element: text kept, one warning per name */
	INT_EQ(import(ART("<p>a <blink>b</blink> <blink>c</blink></p><marquee>d</marquee>"), NULL), 0);
	STR_EQ(out.data, "document(p(\"a b c\") p(\"d\"))");
	OK(strstr(warnings.data, "[unknown-element] unknown element <blink>") != NULL);
	OK(strstr(warnings.data, "<marquee>") != NULL);
	const char *first = strstr(warnings.data, "<blink>");
	OK(first && !strstr(first + 1, "<blink>"));
	/* through gal_doc_load, warnings carry the element's column */
	{
		const char *s = ART("<p>a <blink>b</blink></p>");
		gal_doc *d = NULL;
		gal_err e;
		gal_buf_reset(&warnings);
		INT_EQ(gal_doc_load("t.xml", s, strlen(s), GAL_FMT_AUTO, &opts, &d, &e), 0);
		OK(warnings.data && strstr(warnings.data, "1:50:[unknown-element]") != NULL);
		gal_doc_free(d);
	}
	INT_EQ(import(ART("<p>a <blink> b </blink> c</p>"), NULL), 0);
	STR_EQ(out.data, "document(p(\"a b c\"))");
	/* unknown wrapper around blocks */
	INT_EQ(import(ART("<div><p>a</p><p>b</p></div>"), NULL), 0);
	STR_EQ(out.data, "document(p(\"a\") p(\"b\"))");
	/* loose text and inlines among blocks */
	INT_EQ(import(ART("loose <em>x</em><p>p</p>tail"), NULL), 0);
	STR_EQ(out.data, "document(p(\"loose \" em(\"x\")) p(\"p\") p(\"tail\"))");
	/* a section inside a list item is not allowed by the model */
	INT_EQ(import(ART("<list><item><section><title>S</title><p>x</p></section></item></list>"), NULL), 0);
	STR_EQ(out.data, "document(list/0/1(item(p(\"S\") p(\"x\"))))");
	/* block inside a paragraph keeps its text */
	INT_EQ(import(ART("<p>a <list><item>b</item></list></p>"), NULL), 0);
	STR_EQ(out.data, "document(p(\"a b\"))");
	/* an image among blocks becomes a figure */
	INT_EQ(import(ART("<img src='x.png' alt='X'/>"), NULL), 0);
	STR_EQ(out.data, "document(figure(img<x.png>{X}))");
	/* strict: a warning is an error */
	opts.strict = 1;
	INT_EQ(import(ART("<p><blink>b</blink></p>"), NULL), GAL_E_STRICT);
	opts.strict = 0;
	/* line numbers */
	gal_doc *doc = NULL;
	INT_EQ(import("<article>\n<head><title>T</title></head>\n<body>\n<p>x</p>\n<p>y</p></body></article>", &doc), 0);
	if (doc) {
		INT_EQ(doc->root->first ? doc->root->first->line : -1, 4);
		INT_EQ(doc->root->last ? doc->root->last->line : -1, 5);
		gal_doc_free(doc);
	}
}

static void test_limits(void)
{
	/* deep nesting below libxml2's limit */
	gal_buf b = GAL_BUF_INIT;
	gal_buf_puts(&b, "<article><head><title>T</title></head><body>");
	for (int i = 0; i < 250; i++)
		gal_buf_puts(&b, "<blockquote>");
	gal_buf_puts(&b, "deep");
	for (int i = 0; i < 250; i++)
		gal_buf_puts(&b, "</blockquote>");
	gal_buf_puts(&b, "<p>");
	for (int i = 0; i < 240; i++)
		gal_buf_puts(&b, "<em>");
	gal_buf_puts(&b, "x");
	for (int i = 0; i < 240; i++)
		gal_buf_puts(&b, "</em>");
	gal_buf_puts(&b, "</p></body></article>");
	INT_EQ(import(b.data, NULL), 0);
	OK(strstr(out.data, "\"deep\"") != NULL);
	OK(strstr(out.data, "\"x\"") != NULL);
	gal_buf_free(&b);
	/* node limit */
	gal_opts saved = opts;
	opts.limits.nodes = 5;
	INT_EQ(import(ART("<p>one</p><p>two</p><p>three</p><p>four</p>"), NULL), GAL_E_LIMIT);
	opts = saved;
}

static void test_load_and_check(void)
{
	const char *good = "<article><head><title>T</title></head><body><p>x</p></body></article>";
	const char *bad = "<article><head><title>T</title></head><body><p>x<p>y</p></p><blink/></body></article>";
	gal_doc *doc = NULL;
	gal_err err;
	memset(&err, 0, sizeof err);
	INT_EQ(gal_doc_load("t.xml", good, strlen(good), GAL_FMT_AUTO, &opts, &doc, &err), 0);
	if (doc) {
		INT_EQ(gal_doc_format(doc), GAL_FMT_ARTICLE);
		gal_doc_free(doc);
		doc = NULL;
	}
	/* node columns: each element's own start tag, several on one line */
	const char *cols = "<article><head><title>T</title></head>\n<body><p>a</p> <pre>x</pre><p>b</p></body></article>";
	INT_EQ(gal_doc_load("t.xml", cols, strlen(cols), GAL_FMT_AUTO, &opts, &doc, &err), 0);
	if (doc) {
		const gal_node *p1 = doc->root->first;
		OK(p1 && p1->line == 2 && p1->col == 7);
		OK(p1 && p1->next && p1->next->col == 16);
		OK(p1 && p1->next && p1->next->next && p1->next->next->col == 28);
		gal_doc_free(doc);
		doc = NULL;
	}
	const char *html = "<?xml version='1.0'?>\n  <html><body/></html>";
	INT_EQ(gal_doc_load("t.xml", html, strlen(html), GAL_FMT_AUTO, &opts, &doc, &err), GAL_E_FORMAT);
	OK(strstr(err.message, "<html>") != NULL);
	INT_EQ(err.line, 2);
	INT_EQ(err.col, 3);
	OK(doc == NULL);
	gal_buf_reset(&warnings);
	INT_EQ(gal_doc_check_input("t.xml", good, strlen(good), GAL_FMT_AUTO, &opts, &err), 0);
	INT_EQ(warnings.len, 0);
	gal_buf_reset(&warnings);
	INT_EQ(gal_doc_check_input("t.xml", bad, strlen(bad), GAL_FMT_AUTO, &opts, &err), GAL_E_SCHEMA);
	OK(warnings.data && strstr(warnings.data, "[schema]") != NULL);
}

int main(void)
{
	setenv("GALLEY_DATA", GAL_SRCDIR, 0);
	gal_limits_default(&opts.limits);
	opts.input_path = "t.xml";
	opts.warn = on_warn;
	test_blocks();
	test_inlines();
	test_meta();
	test_lenient();
	test_limits();
	test_load_and_check();
	gal_buf_free(&out);
	gal_buf_free(&warnings);
	return unit_done("article");
}
