/* The model: nesting rules, text merging, iterator order, plain text. */
#include <stdlib.h>

#include "unit.h"

#include "base/buf.h"
#include "model/doc.h"

static void test_builder(void)
{
	gal_doc *doc = gal_doc_new("t.xml");
	gal_node *sec = gal_node_add(doc, doc->root, GAL_NODE_SECTION, 1, 1);
	OK(sec != NULL);
	gal_node *h = gal_node_add(doc, sec, GAL_NODE_HEADING, 1, 2);
	gal_node_add_text(doc, h, "Intro", (size_t)-1, 1, 3);
	gal_node *p = gal_node_add(doc, sec, GAL_NODE_PARA, 2, 1);
	gal_node_add_text(doc, p, "Hello ", (size_t)-1, 0, 0);
	gal_node_add_text(doc, p, "there ", (size_t)-1, 0, 0);
	INT_EQ(p->first == p->last, 1);            /* adjacent text merges */
	STR_EQ(p->first->literal, "Hello there ");
	gal_node *em = gal_node_add(doc, p, GAL_NODE_EMPH, 0, 0);
	gal_node_add_text(doc, em, "world", 5, 0, 0);
	/* refused nesting */
	OK(gal_node_add(doc, p, GAL_NODE_PARA, 0, 0) == NULL);
	OK(gal_node_add(doc, doc->root, GAL_NODE_TEXT, 0, 0) == NULL);
	OK(gal_node_add_text(doc, doc->root, "x", 1, 0, 0) == NULL);
	gal_node *fn = gal_node_add(doc, p, GAL_NODE_FOOTNOTE, 0, 0);
	gal_node_add_text(doc, fn, "a note", (size_t)-1, 0, 0);
	OK(gal_node_add(doc, fn, GAL_NODE_FOOTNOTE, 0, 0) == NULL);
	INT_EQ(gal_doc_check(doc, NULL), 0);

	/* iterator: enter/exit order, leaves only enter */
	gal_buf b = GAL_BUF_INIT;
	gal_iter it;
	gal_iter_init(&it, doc->root);
	gal_event ev;
	while ((ev = gal_iter_next(&it)) != GAL_EV_DONE)
		gal_buf_printf(&b, "%c%s ", ev == GAL_EV_ENTER ? '+' : '-',
			       gal_node_type_name(gal_iter_node(&it)->type));
	STR_EQ(b.data, "+document +section +heading +text -heading +p +text +em +text "
		       "-em +fn +text -fn -p -section -document ");
	gal_buf_free(&b);

	/* skip_children */
	int texts = 0;
	gal_iter_init(&it, doc->root);
	while ((ev = gal_iter_next(&it)) != GAL_EV_DONE) {
		const gal_node *n = gal_iter_node(&it);
		if (ev == GAL_EV_ENTER && n->type == GAL_NODE_PARA)
			gal_iter_skip_children(&it);
		texts += n->type == GAL_NODE_TEXT;
	}
	INT_EQ(texts, 1);

	/* plain text skips footnotes and collapses white space */
	STR_EQ(gal_node_text(doc, sec), "Intro Hello there world");
	gal_doc_free(doc);
}

static void test_limit(void)
{
	gal_doc *doc = gal_doc_new(NULL);
	doc->max_nodes = 3;
	OK(gal_node_add(doc, doc->root, GAL_NODE_PARA, 0, 0) != NULL);
	OK(gal_node_add(doc, doc->root, GAL_NODE_PARA, 0, 0) != NULL);
	OK(gal_node_add(doc, doc->root, GAL_NODE_PARA, 0, 0) == NULL);
	gal_doc_free(doc);
}

static void test_arena(void)
{
	gal_doc *doc = gal_doc_new(NULL);
	char *big = xmalloc(300000);
	memset(big, 'a', 299999);
	big[299999] = 0;
	const char *s = gal_doc_strdup(doc, big);
	INT_EQ(strlen(s), 299999);
	for (int i = 0; i < 10000; i++)
		gal_doc_printf(doc, "%d", i);
	STR_EQ(gal_doc_printf(doc, "%s-%d", "x", 7), "x-7");
	free(big);
	gal_doc_free(doc);
}

static void test_list_marker(void)
{
	gal_doc *doc = gal_doc_new(NULL);
	gal_node *l = gal_node_add(doc, doc->root, GAL_NODE_LIST, 0, 0);
	char b[32];

	l->list_type = GAL_LIST_ORDERED;
	gal_list_marker(l, 4, b, sizeof b);
	STR_EQ(b, "4.");
	l->numbering = GAL_NUM_LOWER_ALPHA;
	gal_list_marker(l, 2, b, sizeof b);
	STR_EQ(b, "b.");
	gal_list_marker(l, 27, b, sizeof b);
	STR_EQ(b, "aa.");
	gal_list_marker(l, 0, b, sizeof b);     /* out of range: decimal */
	STR_EQ(b, "0.");
	l->numbering = GAL_NUM_UPPER_ALPHA;
	gal_list_marker(l, 52, b, sizeof b);
	STR_EQ(b, "AZ.");
	l->numbering = GAL_NUM_LOWER_ROMAN;
	gal_list_marker(l, 4, b, sizeof b);
	STR_EQ(b, "iv.");
	gal_list_marker(l, 1994, b, sizeof b);
	STR_EQ(b, "mcmxciv.");
	gal_list_marker(l, 4000, b, sizeof b);
	STR_EQ(b, "4000.");
	l->numbering = GAL_NUM_UPPER_ROMAN;
	gal_list_marker(l, 3999, b, sizeof b);
	STR_EQ(b, "MMMCMXCIX.");
	gal_list_marker(l, 9, b, 3);            /* truncated, terminated */
	STR_EQ(b, "IX");
	l->numbering = GAL_NUM_NONE;
	gal_list_marker(l, 1, b, sizeof b);
	STR_EQ(b, "");
	l->list_type = GAL_LIST_BULLET;
	l->numbering = GAL_NUM_DEFAULT;
	gal_list_marker(l, 1, b, sizeof b);
	STR_EQ(b, "\xe2\x80\xa2");
	l->list_type = GAL_LIST_DEFINITION;
	gal_list_marker(l, 1, b, sizeof b);
	STR_EQ(b, "");
	gal_doc_free(doc);
}

int main(void)
{
	test_builder();
	test_limit();
	test_arena();
	test_list_marker();
	return unit_done("doc");
}
