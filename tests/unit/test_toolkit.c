/* The importer toolkit: value parsers, the builder's node limit, the
 * string map, MathML, and the one clean-up pass. */
#include <stdlib.h>

#include "unit.h"

#include <libxml/tree.h>

#include "base/buf.h"
#include "base/strmap.h"
#include "import/mathml.h"
#include "import/toolkit.h"
#include "import/xml.h"
#include "model/doc.h"

static gal_opts opts;

static void test_values(void)
{
	/* one rule for align in every vocabulary: any case, centre too */
	INT_EQ(gal_imp_align("left"), GAL_ALIGN_LEFT);
	INT_EQ(gal_imp_align("RIGHT"), GAL_ALIGN_RIGHT);
	INT_EQ(gal_imp_align("Centre"), GAL_ALIGN_CENTER);
	INT_EQ(gal_imp_align("center"), GAL_ALIGN_CENTER);
	INT_EQ(gal_imp_align("justify"), GAL_ALIGN_JUSTIFY);
	INT_EQ(gal_imp_align("char"), GAL_ALIGN_DEFAULT);
	INT_EQ(gal_imp_align(NULL), GAL_ALIGN_DEFAULT);
	/* one clamp for spans */
	INT_EQ(gal_imp_span("3"), 3);
	INT_EQ(gal_imp_span("5000"), GAL_IMP_MAX_SPAN);
	INT_EQ(gal_imp_span("0"), 1);
	INT_EQ(gal_imp_span("-2"), 1);
	INT_EQ(gal_imp_span("x"), 1);
	INT_EQ(gal_imp_span(NULL), 1);
	INT_EQ(gal_imp_clamp_span(1001), GAL_IMP_MAX_SPAN);
	INT_EQ(gal_imp_int(" 42", 7), 42);
	INT_EQ(gal_imp_int("", 7), 7);
	INT_EQ(gal_imp_int("99999999", 7), 7);
}

static void test_strmap(void)
{
	gal_strmap m = GAL_STRMAP_INIT;
	char keys[300][8];
	OK(gal_strmap_find(&m, "a") == NULL);
	for (int i = 0; i < 300; i++) {
		snprintf(keys[i], sizeof keys[i], "k%d", i);
		INT_EQ(gal_strmap_put(&m, keys[i], keys[i]), 1);
	}
	/* the first value stays; the table grew past its first size */
	INT_EQ(gal_strmap_put(&m, "k7", "other"), 0);
	INT_EQ(m.n, 300);
	OK(m.cap >= 600);
	for (int i = 0; i < 300; i++) {
		gal_strmap_ent *e = gal_strmap_find(&m, keys[i]);
		OK(e && e->val == keys[i] && e->tag == 0);
	}
	gal_strmap_find(&m, "k9")->tag = 2;
	INT_EQ(gal_strmap_find(&m, "k9")->tag, 2);
	OK(gal_strmap_find(&m, "k300") == NULL);
	OK(gal_strmap_find(&m, NULL) == NULL);
	gal_strmap_free(&m);
	OK(gal_strmap_find(&m, "k1") == NULL);
}

/* An importer's state over a parsed document. */
typedef struct fixture {
	xmlDocPtr xml;
	gal_doc *doc;
	gal_imp imp;
	gal_err err;
} fixture;

static int setup(fixture *fx, const char *s)
{
	memset(fx, 0, sizeof *fx);
	if (gal_xml_parse("t.xml", s, strlen(s), &opts, &fx->xml, &fx->err))
		return -1;
	fx->doc = gal_doc_new("t.xml");
	fx->imp.doc = fx->doc;
	fx->imp.opts = &opts;
	fx->imp.err = &fx->err;
	return 0;
}

static void teardown(fixture *fx)
{
	gal_imp_release(&fx->imp);
	gal_doc_free(fx->doc);
	xmlFreeDoc(fx->xml);
}

static void test_limit(void)
{
	fixture fx;
	if (setup(&fx, "<a>\n<b/></a>") < 0) {
		OK(0);
		return;
	}
	fx.doc->max_nodes = fx.doc->n_nodes + 1;
	const xmlNode *b = xmlDocGetRootElement(fx.xml)->children->next;
	OK(gal_imp_add(&fx.imp, fx.doc->root, GAL_NODE_PARA, b) != NULL);
	OK(gal_imp_add(&fx.imp, fx.doc->root, GAL_NODE_PARA, b) == NULL);
	INT_EQ(fx.imp.stop, 1);
	INT_EQ(fx.imp.status, GAL_E_LIMIT);
	INT_EQ(fx.err.line, 2);
	STR_EQ(fx.err.message, "more than 2 document nodes (raise --limit nodes=N)");
	/* after the limit, nothing more is built */
	fx.doc->max_nodes = 0;
	OK(gal_imp_new(&fx.imp, GAL_NODE_PARA, b) == NULL);
	teardown(&fx);
}

static void test_mathml(void)
{
	fixture fx;
	if (setup(&fx, "<m:math xmlns:m='http://www.w3.org/1998/Math/MathML' "
		       "xmlns:x='urn:x' x:y='1' display='block'><m:semantics><m:mrow>"
		       "<m:msup><m:mi>a</m:mi><m:mn>2</m:mn></m:msup><m:mo>+</m:mo>"
		       "<m:mfrac><m:mn>1</m:mn><m:mi>b</m:mi></m:mfrac>"
		       "<m:mfenced><m:mi>x</m:mi><m:mi>y</m:mi></m:mfenced></m:mrow>"
		       "<m:annotation encoding='application/x-tex'>a^2+\\frac1b</m:annotation>"
		       "</m:semantics></m:math>") < 0) {
		OK(0);
		return;
	}
	const xmlNode *m = xmlDocGetRootElement(fx.xml);
	OK(gal_mathml_is(m));
	gal_node *n = gal_imp_new(&fx.imp, GAL_NODE_MATH, m);
	gal_mathml_fill(&fx.imp, n, m);
	STR_EQ(n->title, "a ^ 2 + 1 / b ( x , y )");
	/* no prefix, MathML the default namespace, foreign attributes gone */
	OK(!strncmp(n->literal, "<math xmlns=\"http://www.w3.org/1998/Math/MathML\" "
		    "display=\"block\"><semantics><mrow><msup><mi>a</mi>", 82));
	STR_EQ(gal_mathml_tex(&fx.imp, m), "a^2+\\frac1b");
	teardown(&fx);
}

/* The text of a block's inline content, "|" for a line break. */
static void flat(gal_buf *b, const gal_node *n)
{
	for (const gal_node *c = n->first; c; c = c->next) {
		if (c->type == GAL_NODE_TEXT)
			gal_buf_printf(b, "[%s]", c->literal);
		else if (c->type == GAL_NODE_LINEBREAK)
			gal_buf_puts(b, "|");
		else
			flat(b, c);
	}
}

static void test_tidy(void)
{
	gal_doc *doc = gal_doc_new("t.xml");
	gal_node *p = gal_node_add(doc, doc->root, GAL_NODE_PARA, 0, 0);
	gal_node_add(doc, p, GAL_NODE_LINEBREAK, 0, 0);
	gal_node_add_text(doc, p, " a ", (size_t)-1, 0, 0);
	gal_node_add_text(doc, gal_node_add(doc, p, GAL_NODE_EMPH, 0, 0), " b ", (size_t)-1, 0, 0);
	gal_node_add_text(doc, p, " c  d ", (size_t)-1, 0, 0);
	gal_node_add(doc, p, GAL_NODE_LINEBREAK, 0, 0);
	gal_node_add(doc, p, GAL_NODE_LINEBREAK, 0, 0);
	gal_node_add_text(doc, p, " e", (size_t)-1, 0, 0);
	gal_node_add_text(doc, gal_node_add(doc, p, GAL_NODE_CODE, 0, 0), "  f  ", (size_t)-1, 0, 0);
	gal_node_add(doc, p, GAL_NODE_LINEBREAK, 0, 0);
	gal_node *anchor = gal_node_add(doc, doc->root, GAL_NODE_PARA, 0, 0);
	anchor->id = "here";
	gal_node_add(doc, doc->root, GAL_NODE_PARA, 0, 0);
	gal_imp_tidy(doc, doc->root);
	gal_buf b = GAL_BUF_INIT;
	flat(&b, p);
	/* no space at the edges, around breaks or doubled; no break at
	 * the edges or twice; code keeps its spaces */
	STR_EQ(b.data, "[a ][b ][c d]|[e][  f]");
	/* an empty paragraph goes, unless it is a link target */
	OK(p->next == anchor && !anchor->next);
	gal_buf_free(&b);
	gal_doc_free(doc);
}

int main(void)
{
	memset(&opts, 0, sizeof opts);
	test_values();
	test_strmap();
	test_limit();
	test_mathml();
	test_tidy();
	return unit_done("toolkit");
}
