/* -M: metadata from the command line in place of the source's, applied
 * by prep before it derives the title text, byline, labels and
 * identifier (model/meta.c). */
#include <string.h>

#include "model/doc.h"
#include "unit.h"

static const char article[] =
	"<article xml:lang=\"en\" id=\"a\"><head><title>Old title</title>"
	"<author>Old Author</author><date>2020-01-01</date>"
	"<identifier>urn:old</identifier></head>"
	"<body><figure id=\"f\"><caption>A map</caption></figure><p>\"Quoted\"</p></body></article>";

static gal_doc *load(const gal_meta_override *m)
{
	gal_opts o = { 0 };
	gal_doc *doc = NULL;
	gal_err err = { 0 };
	gal_limits_default(&o.limits);
	o.meta = m;
	o.input_path = "t.xml";
	INT_EQ(gal_doc_load("t.xml", article, sizeof article - 1, GAL_FMT_AUTO, &o,
			    &doc, &err), 0);
	return doc;
}

static void test_untouched(void)
{
	gal_doc *doc = load(NULL);
	if (!doc)
		return;
	STR_EQ(doc->title_text, "Old title");
	STR_EQ(doc->author_text, "Old Author");
	STR_EQ(doc->uid, "urn:old");
	STR_EQ(doc->meta.lang, "en");
	gal_doc_free(doc);
	/* an empty override changes nothing either */
	gal_meta_override none = { 0 };
	doc = load(&none);
	if (doc)
		STR_EQ(doc->title_text, "Old title");
	gal_doc_free(doc);
}

static void test_override(void)
{
	static const char *const authors[] = { "Ann", "Bob" };
	gal_meta_override m = { .title = "New title", .date = "2024-02-03",
				.lang = "de", .identifier = "urn:new",
				.authors = authors, .n_authors = 2 };
	gal_doc *doc = load(&m);
	if (!doc)
		return;
	STR_EQ(doc->title_text, "New title");
	STR_EQ(doc->meta.date, "2024-02-03");
	STR_EQ(doc->meta.identifier, "urn:new");
	STR_EQ(doc->uid, "urn:new");
	INT_EQ(doc->meta.n_authors, 2);
	/* derived in the new language: the byline's "and", the labels, the
	 * body's language and its quotation marks */
	STR_EQ(doc->author_text, "Ann und Bob");
	STR_EQ(doc->labels.figure, "Abbildung");
	const gal_node *fig = gal_doc_lookup_id(doc, "f");
	OK(fig && !strcmp(gal_node_lang(fig), "de"));
	OK(fig && fig->label && strstr(fig->label, "Abbildung"));
	const char *text = gal_node_text(doc, doc->root);
	OK(strstr(text, "\xe2\x80\x9e" "Quoted") != NULL);   /* „Quoted“ */
	gal_doc_free(doc);
}

static void test_title_only(void)
{
	gal_meta_override m = { .title = "Only the title" };
	gal_doc *doc = load(&m);
	if (!doc)
		return;
	STR_EQ(doc->title_text, "Only the title");
	STR_EQ(doc->author_text, "Old Author");
	STR_EQ(doc->meta.lang, "en");
	gal_doc_free(doc);
}

int main(void)
{
	test_untouched();
	test_override();
	test_title_only();
	return unit_done("meta");
}
