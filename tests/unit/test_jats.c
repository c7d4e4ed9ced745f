/* JATS importer: metadata, notes moved to their calls, tables, MathML
 * that stands alone, citations, sub-articles, limits and refusals. */
#include <stdlib.h>
#include <string.h>

#include "unit.h"

#include "galley.h"
#include "model/doc.h"

static int n_warn;

static void count_warn(void *ctx, const char *file, int line, int col,
		       const char *code, const char *message)
{
	n_warn++;
}

static gal_doc *load(const char *xml, gal_opts *o, int *rc)
{
	gal_opts d;
	if (!o) {
		memset(&d, 0, sizeof d);
		gal_limits_default(&d.limits);
		o = &d;
	}
	o->warn = count_warn;
	gal_err err;
	memset(&err, 0, sizeof err);
	gal_doc *doc = NULL;
	*rc = gal_doc_load("t.xml", xml, strlen(xml), GAL_FMT_AUTO, o, &doc, &err);
	return doc;
}

/* First node of a type in document order below root. */
static const gal_node *find(const gal_node *root, gal_node_type t)
{
	gal_iter it;
	gal_iter_init(&it, root);
	gal_event ev;
	while ((ev = gal_iter_next(&it)) != GAL_EV_DONE)
		if (ev == GAL_EV_ENTER && gal_iter_node(&it)->type == t)
			return gal_iter_node(&it);
	return NULL;
}

static int count(const gal_node *root, gal_node_type t)
{
	int k = 0;
	gal_iter it;
	gal_iter_init(&it, root);
	gal_event ev;
	while ((ev = gal_iter_next(&it)) != GAL_EV_DONE)
		k += ev == GAL_EV_ENTER && gal_iter_node(&it)->type == t;
	return k;
}

static void test_meta(void)
{
	int rc;
	gal_doc *doc = load(
		"<article xml:lang='de'><front><journal-meta><publisher><publisher-name>P</publisher-name>"
		"</publisher></journal-meta><article-meta>"
		"<article-id pub-id-type='doi'>10.1/x</article-id>"
		"<title-group><article-title>T <italic>i</italic></article-title><subtitle>S</subtitle></title-group>"
		"<contrib-group><contrib contrib-type='author'><name><surname>Muster</surname>"
		"<given-names>Max</given-names></name><xref ref-type='aff' rid='a1'/></contrib>"
		"<aff id='a1'><label>1</label><institution>Uni</institution><country>DE</country></aff>"
		"</contrib-group><pub-date pub-type='epub'><day>2</day><month>1</month><year>2020</year></pub-date>"
		"<permissions><license><license-p>CC BY</license-p></license></permissions>"
		"<kwd-group><kwd>a</kwd><kwd>b</kwd></kwd-group>"
		"<abstract><p>Abs.</p></abstract></article-meta></front><body><p>x</p></body></article>",
		NULL, &rc);
	INT_EQ(rc, 0);
	if (!doc)
		return;
	INT_EQ(doc->format, GAL_FMT_JATS);
	STR_EQ(doc->meta.lang, "de");
	STR_EQ(doc->meta.identifier, "doi:10.1/x");
	STR_EQ(doc->meta.date, "2020-01-02");
	STR_EQ(doc->meta.publisher, "P");
	STR_EQ(doc->meta.rights, "CC BY");
	STR_EQ(gal_node_text(doc, doc->meta.title), "T i");
	STR_EQ(gal_node_text(doc, doc->meta.subtitle), "S");
	INT_EQ(doc->meta.n_authors, 1);
	STR_EQ(doc->meta.authors[0].name, "Max Muster");
	STR_EQ(doc->meta.authors[0].affiliation, "Uni, DE");
	INT_EQ(doc->meta.n_keywords, 2);
	OK(doc->meta.abstract && doc->meta.abstract->summary_kind == GAL_SUMMARY_ABSTRACT);
	INT_EQ(gal_doc_check(doc, NULL), 0);
	OK(doc->meta.short_title == NULL);
	gal_doc_free(doc);

	/* the running head's title; a placeholder is no title */
	static const char *const alt[][2] = {
		{ "<alt-title alt-title-type='running-head'>Short  <italic>one</italic></alt-title>",
		  "Short one" },
		{ "<alt-title alt-title-type='running-head'>N/A</alt-title>", NULL },
		{ "<alt-title alt-title-type='toc'>Contents entry</alt-title>", NULL },
	};
	for (size_t i = 0; i < sizeof alt / sizeof alt[0]; i++) {
		char xml[512];
		snprintf(xml, sizeof xml, "<article><front><article-meta><title-group>"
			 "<article-title>A long title</article-title>%s</title-group>"
			 "</article-meta></front><body><p>x</p></body></article>", alt[i][0]);
		doc = load(xml, NULL, &rc);
		INT_EQ(rc, 0);
		if (!doc)
			continue;
		if (alt[i][1])
			STR_EQ(doc->meta.short_title, alt[i][1]);
		else
			OK(doc->meta.short_title == NULL);
		gal_doc_free(doc);
	}
}

static void test_notes(void)
{
	int rc;
	gal_doc *doc = load(
		"<article><front/><body><p>a<xref ref-type='fn' rid='n1'>1</xref> b"
		"<xref ref-type='fn' rid='n1'>1</xref></p></body>"
		"<back><fn-group><fn id='n1'><label>1</label><p>one</p><p>two</p></fn>"
		"<fn id='n2'><p>left</p></fn></fn-group></back></article>", NULL, &rc);
	INT_EQ(rc, 0);
	if (!doc)
		return;
	/* the note moved to its first call; the second call links to it */
	const gal_node *fn = find(doc->root, GAL_NODE_FOOTNOTE);
	OK(fn != NULL);
	if (fn) {
		STR_EQ(fn->id, "n1");
		STR_EQ(fn->label, "1");
		INT_EQ(count(fn, GAL_NODE_LINEBREAK), 1);
	}
	const gal_node *x = find(doc->root, GAL_NODE_XREF);
	OK(x && x->target == fn);
	/* the uncalled note stays in the back matter */
	const gal_node *back = find(doc->root, GAL_NODE_BACK);
	OK(back && back->first && back->first->id && !strcmp(back->first->id, "n2"));
	INT_EQ(count(doc->root, GAL_NODE_FOOTNOTE), 1);
	gal_doc_free(doc);
}

static void test_table_math(void)
{
	int rc;
	gal_doc *doc = load(
		"<article xmlns:mml='http://www.w3.org/1998/Math/MathML'><front/><body>"
		"<table-wrap id='t'><label>Table 1</label><caption><title>C</title></caption>"
		"<table><thead><tr><th colspan='2'>h</th></tr></thead>"
		"<tbody><tr><td rowspan='2' align='right'>1<xref ref-type='table-fn' rid='tf'>a</xref></td>"
		"<td><p>p1</p><p>p2</p></td></tr></tbody></table>"
		"<table-wrap-foot><fn id='tf'><label>a</label><p>note</p></fn></table-wrap-foot></table-wrap>"
		"<p>x <inline-formula><mml:math><mml:mi>a</mml:mi><mml:mo>&lt;</mml:mo><mml:mi>b</mml:mi>"
		"</mml:math></inline-formula> y</p></body></article>", NULL, &rc);
	INT_EQ(rc, 0);
	if (!doc)
		return;
	const gal_node *t = find(doc->root, GAL_NODE_TABLE);
	OK(t && t->label && !strcmp(t->label, "Table 1"));
	const gal_node *c = find(doc->root, GAL_NODE_TCELL);
	OK(c && c->header && c->colspan == 2);
	const gal_node *b = find(find(doc->root, GAL_NODE_TSECTION)->next, GAL_NODE_TCELL);
	OK(b && b->rowspan == 2 && b->align == GAL_ALIGN_RIGHT && !b->header);
	OK(b && b->next && count(b->next, GAL_NODE_LINEBREAK) == 1);
	/* the table note follows the rows, and the call links to it */
	OK(t && t->last && t->last->type == GAL_NODE_PARA && !strcmp(t->last->id, "tf"));
	const gal_node *x = find(doc->root, GAL_NODE_XREF);
	OK(x && x->target == (t ? t->last : NULL));
	const gal_node *m = find(doc->root, GAL_NODE_MATH);
	OK(m && m->literal &&
	   !strncmp(m->literal, "<math xmlns=\"http://www.w3.org/1998/Math/MathML\">", 49));
	OK(m && strstr(m->literal, "<mo>&lt;</mo>") != NULL);
	STR_EQ(m ? m->title : NULL, "a < b");
	gal_doc_free(doc);
}

static void test_refs_parts(void)
{
	int rc;
	gal_doc *doc = load(
		"<article><front/><body><p><xref ref-type='bibr' rid='r1'>[1]</xref></p></body>"
		"<back><ref-list><title>Refs</title><ref id='r1'><label>[1]</label>"
		"<element-citation><person-group><name><surname>Roe</surname><given-names>Jane Ann</given-names>"
		"</name></person-group><year>2001</year><article-title>On tides</article-title>"
		"<source>J</source><volume>2</volume><issue>1</issue><fpage>3</fpage><lpage>9</lpage>"
		"<pub-id pub-id-type='doi'>10.9/z</pub-id></element-citation></ref></ref-list></back>"
		"<sub-article id='s' article-type='reply'><front-stub><title-group>"
		"<article-title>Reply</article-title></title-group></front-stub>"
		"<body><p>r</p></body></sub-article></article>", NULL, &rc);
	INT_EQ(rc, 0);
	if (!doc)
		return;
	const gal_node *r = find(doc->root, GAL_NODE_REF);
	OK(r && r->label && !strcmp(r->label, "1"));
	STR_EQ(r ? gal_node_text(doc, r) : NULL,
	       "Roe JA (2001). On tides. J 2(1):3\u20139. https://doi.org/10.9/z");
	const gal_node *l = r ? find(r, GAL_NODE_LINK) : NULL;
	STR_EQ(l ? l->url : NULL, "https://doi.org/10.9/z");
	const gal_node *c = find(doc->root, GAL_NODE_CITE);
	OK(c && c->target == r);
	const gal_node *p = find(doc->root, GAL_NODE_PART);
	OK(p && p->parent == doc->root && p->first && p->first->type == GAL_NODE_HEADING);
	STR_EQ(p ? p->title : NULL, "reply");
	INT_EQ(gal_doc_check(doc, NULL), 0);
	gal_doc_free(doc);
}

static void test_refusals(void)
{
	int rc;
	/* an unknown element keeps its text and warns once */
	n_warn = 0;
	gal_doc *doc = load("<article><front/><body><p><zz>kept</zz> and <zz>again</zz></p>"
			    "</body></article>", NULL, &rc);
	INT_EQ(rc, 0);
	INT_EQ(n_warn, 1);
	if (doc)
		STR_EQ(gal_node_text(doc, doc->root), "kept and again");
	gal_doc_free(doc);

	/* --strict: the warning is an error */
	gal_opts o;
	memset(&o, 0, sizeof o);
	gal_limits_default(&o.limits);
	o.strict = 1;
	doc = load("<article><front/><body><p><zz>x</zz></p></body></article>", &o, &rc);
	INT_EQ(rc, GAL_E_STRICT);
	gal_doc_free(doc);

	/* the node limit stops the import with GAL_E_LIMIT */
	memset(&o, 0, sizeof o);
	gal_limits_default(&o.limits);
	o.limits.nodes = 10;
	doc = load("<article><front/><body><p>a</p><p>b</p><p>c</p><p>d</p><p>e</p><p>f</p>"
		   "<p>g</p><p>h</p><p>i</p><p>j</p><p>k</p></body></article>", &o, &rc);
	INT_EQ(rc, GAL_E_LIMIT);
	OK(doc == NULL);
	gal_doc_free(doc);
}

int main(void)
{
	test_meta();
	test_notes();
	test_table_math();
	test_refs_parts();
	test_refusals();
	return unit_done("jats");
}
