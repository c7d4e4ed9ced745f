/* Collections: articles become parts, ids stay unique, links still land. */
#include <string.h>

#include "model/doc.h"
#include "unit.h"

static gal_doc *article(const char *title, const char *lang)
{
	gal_doc *doc = gal_doc_new(title);
	doc->meta.lang = lang;
	doc->meta.title = gal_node_new(doc, GAL_NODE_TITLE, 0, 0);
	gal_node_add_text(doc, doc->meta.title, title, (size_t)-1, 0, 0);
	gal_doc_add_author(doc, "Writer", NULL, NULL);
	gal_node *s = gal_node_add(doc, doc->root, GAL_NODE_SECTION, 0, 0);
	s->id = "intro";
	gal_node_add_text(doc, gal_node_add(doc, s, GAL_NODE_HEADING, 0, 0), "Intro", (size_t)-1, 0, 0);
	gal_node *p = gal_node_add(doc, s, GAL_NODE_PARA, 0, 0);
	gal_node_add_text(doc, p, "See ", (size_t)-1, 0, 0);
	gal_node_add(doc, p, GAL_NODE_XREF, 0, 0)->url = "intro";
	gal_node *fn = gal_node_add(doc, p, GAL_NODE_FOOTNOTE, 0, 0);
	gal_node_add_text(doc, fn, "note", (size_t)-1, 0, 0);
	gal_opts opts = { 0 };
	gal_limits_default(&opts.limits);
	gal_prep(doc, &opts, NULL);
	return doc;
}

int main(void)
{
	gal_doc *docs[2] = { article("First", "en"), article("Zweiter", "de") };
	gal_opts opts = { 0 };
	gal_limits_default(&opts.limits);
	gal_doc *c = NULL;
	INT_EQ(gal_doc_collect(docs, 2, "Daily brief", &opts, &c, NULL), 0);
	gal_doc_free(docs[0]);
	gal_doc_free(docs[1]);  /* the collection owns copies */
	OK(c != NULL);
	INT_EQ(gal_doc_check(c, NULL), 0);
	STR_EQ(c->title_text, "Daily brief");
	const gal_node *p1 = c->root->first, *p2 = p1 ? p1->next : NULL;
	OK(p1 && p1->type == GAL_NODE_PART && p2 && p2->type == GAL_NODE_PART);
	STR_EQ(gal_node_text(c, p1->first), "First");
	STR_EQ(p2->eff_lang, "de");
	OK(p1->part_meta && p1->part_meta->n_authors == 1);
	const gal_node *s1 = gal_doc_lookup_id(c, "a1-intro");
	const gal_node *s2 = gal_doc_lookup_id(c, "a2-intro");
	OK(s1 && s2 && s1 != s2);
	const gal_node *x2 = s2->first->next->first->next;
	OK(x2 && x2->type == GAL_NODE_XREF && x2->target == s2);
	/* parts and their sections in the TOC: part, section, part, section */
	INT_EQ(c->n_toc, 4);
	INT_EQ(c->toc[1].level, 2);
	INT_EQ(c->n_notes, 2);
	STR_EQ(c->notes[1]->label, "1"); /* each article keeps its own marks */
	/* an article's sections are numbered as in its own document */
	STR_EQ(c->toc[1].number, "1");
	STR_EQ(c->toc[3].number, "1");
	OK(s1->label == NULL);   /* native: numbers are not printed */
	/* each part's title, byline and labels, in its own language */
	STR_EQ(p1->part_meta->title_text, "First");
	STR_EQ(p1->part_meta->author_text, "Writer");
	STR_EQ(p1->part_meta->labels.by, "By");
	STR_EQ(p2->part_meta->labels.by, "Von");
	STR_EQ(c->articles_text, "2 articles");
	gal_doc_free(c);

	/* a DocBook article prints its numbers in any collection; one
	 * article is counted in the singular, in the collection's language */
	gal_doc *db[2] = { article("Eins", "de"), article("Zwei", "de") };
	db[1]->format = GAL_FMT_DOCBOOK;
	INT_EQ(gal_doc_collect(db, 2, "Heft", &opts, &c, NULL), 0);
	STR_EQ(gal_doc_lookup_id(c, "a2-intro")->label, "1");
	OK(gal_doc_lookup_id(c, "a1-intro")->label == NULL);
	STR_EQ(c->articles_text, "2 Beitr\u00e4ge");
	gal_doc_free(c);
	INT_EQ(gal_doc_collect(db, 1, "Heft", &opts, &c, NULL), 0);
	STR_EQ(c->articles_text, "1 Beitrag");
	gal_doc_free(c);
	gal_doc_free(db[0]);
	gal_doc_free(db[1]);

	/* Russian counts have three forms */
	gal_doc *ru[21];
	for (int i = 0; i < 21; i++)
		ru[i] = article("\u0421\u0442\u0430\u0442\u044c\u044f", "ru");
	static const struct { size_t n; const char *text; } forms[] = {
		{ 1, "1 \u0441\u0442\u0430\u0442\u044c\u044f" },
		{ 3, "3 \u0441\u0442\u0430\u0442\u044c\u0438" },
		{ 11, "11 \u0441\u0442\u0430\u0442\u0435\u0439" },
		{ 21, "21 \u0441\u0442\u0430\u0442\u044c\u044f" },
	};
	for (size_t i = 0; i < sizeof forms / sizeof *forms; i++) {
		INT_EQ(gal_doc_collect(ru, forms[i].n, "R", &opts, &c, NULL), 0);
		STR_EQ(c->articles_text, forms[i].text);
		gal_doc_free(c);
	}
	for (int i = 0; i < 21; i++)
		gal_doc_free(ru[i]);
	return unit_done("collect");
}
