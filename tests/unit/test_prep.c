/* Prep: ids, levels, numbers, labels, link text, the TOC, the identifier. */
#include <string.h>

#include "model/doc.h"
#include "style/style.h"
#include "unit.h"

static gal_node *text_child(gal_doc *doc, gal_node *parent, gal_node_type t,
			    const char *s)
{
	gal_node *n = gal_node_add(doc, parent, t, 0, 0);
	gal_node_add_text(doc, n, s, (size_t)-1, 0, 0);
	return n;
}

static gal_doc *sample(const char *lang)
{
	gal_doc *doc = gal_doc_new("t.xml");
	doc->meta.lang = lang;
	doc->meta.title = gal_node_new(doc, GAL_NODE_TITLE, 0, 0);
	gal_node_add_text(doc, doc->meta.title, "A  title", (size_t)-1, 0, 0);
	gal_doc_add_author(doc, "Ann", NULL, NULL);
	gal_doc_add_author(doc, "Bo", NULL, NULL);
	gal_doc_add_author(doc, "Cy", NULL, NULL);
	gal_node *s1 = gal_node_add(doc, doc->root, GAL_NODE_SECTION, 0, 0);
	text_child(doc, s1, GAL_NODE_HEADING, "One");
	gal_node *p = text_child(doc, s1, GAL_NODE_PARA, "See ");
	gal_node *x = gal_node_add(doc, p, GAL_NODE_XREF, 0, 0);
	x->url = "f";
	gal_node *x2 = gal_node_add(doc, p, GAL_NODE_XREF, 0, 0);
	x2->url = "s2";
	gal_node *c = gal_node_add(doc, p, GAL_NODE_CITE, 0, 0);
	c->url = "r1";
	gal_node *bad = gal_node_add(doc, p, GAL_NODE_XREF, 0, 0);
	bad->url = "nowhere";
	text_child(doc, p, GAL_NODE_FOOTNOTE, "note one");
	gal_node *s11 = gal_node_add(doc, s1, GAL_NODE_SECTION, 0, 0);
	text_child(doc, s11, GAL_NODE_HEADING, "One.one");
	gal_node *fig = gal_node_add(doc, s11, GAL_NODE_FIGURE, 0, 0);
	fig->id = "f";
	text_child(doc, fig, GAL_NODE_CAPTION, "cap");
	gal_node *s2 = gal_node_add(doc, doc->root, GAL_NODE_SECTION, 0, 0);
	s2->id = "s2";
	text_child(doc, s2, GAL_NODE_HEADING, "Two");
	gal_node *dup = text_child(doc, s2, GAL_NODE_PARA, "dup");
	dup->id = "s2";
	text_child(doc, s2, GAL_NODE_PARA, "x");
	gal_node *fn2p = gal_node_add(doc, s2, GAL_NODE_PARA, 0, 0);
	text_child(doc, fn2p, GAL_NODE_FOOTNOTE, "note two");
	gal_node *back = gal_node_add(doc, doc->root, GAL_NODE_BACK, 0, 0);
	gal_node *refs = gal_node_add(doc, back, GAL_NODE_REFS, 0, 0);
	text_child(doc, refs, GAL_NODE_HEADING, "References");
	gal_node *r = text_child(doc, refs, GAL_NODE_REF, "Someone (2020).");
	r->id = "r1";
	return doc;
}

static int warnings;
static void count(void *ctx, const char *f, int l, int c, const char *code,
		  const char *m)
{
	(void)ctx; (void)f; (void)l; (void)c; (void)code; (void)m;
	warnings++;
}

/* A one-paragraph document in `lang`, prepped with `style` (may be NULL);
 * returns the paragraph's text. */
static const char *smartened(gal_doc **out, const char *lang, const gal_style *style,
			     void (*build)(gal_doc *, gal_node *))
{
	gal_opts o = { 0 };
	gal_limits_default(&o.limits);
	o.style = style;
	gal_doc *doc = gal_doc_new("q.xml");
	doc->meta.lang = lang;
	gal_node *p = gal_node_add(doc, doc->root, GAL_NODE_PARA, 0, 0);
	build(doc, p);
	gal_prep(doc, &o, NULL);
	*out = doc;
	return gal_node_text(doc, p);
}

static void plain_quotes(gal_doc *d, gal_node *p)
{
	gal_node_add_text(d, p, "He said \"it's the '90s\" and 'fine' (\"yes\") - a well-known x.",
			  (size_t)-1, 0, 0);
}

/* quotes that open before an inline and close after it, code untouched */
static void across_inlines(gal_doc *d, gal_node *p)
{
	gal_node_add_text(d, p, "A \"", (size_t)-1, 0, 0);
	gal_node *em = gal_node_add(d, p, GAL_NODE_EMPH, 0, 0);
	gal_node_add_text(d, em, "word", (size_t)-1, 0, 0);
	gal_node_add_text(d, p, "\" and ", (size_t)-1, 0, 0);
	gal_node *code = gal_node_add(d, p, GAL_NODE_CODE, 0, 0);
	gal_node_add_text(d, code, "x = \"y\"", (size_t)-1, 0, 0);
	gal_node_add_text(d, p, "'s value", (size_t)-1, 0, 0);
}

static void test_smart_punct(void)
{
	gal_doc *doc;
	STR_EQ(smartened(&doc, "en", NULL, plain_quotes),
	       "He said \u201cit\u2019s the \u201990s\u201d and \u2018fine\u2019 (\u201cyes\u201d) "
	       "\u2013 a well-known x.");
	gal_doc_free(doc);
	STR_EQ(smartened(&doc, "de", NULL, plain_quotes),
	       "He said \u201eit\u2019s the \u201990s\u201c and \u201afine\u2018 (\u201eyes\u201c) "
	       "\u2013 a well-known x.");
	gal_doc_free(doc);
	STR_EQ(smartened(&doc, "en", NULL, across_inlines),
	       "A \u201cword\u201d and x = \"y\"\u2019s value");
	gal_doc_free(doc);
	/* the style can keep the text as typed */
	gal_style *st = NULL;
	if (gal_style_load("brief", &st, NULL) == 0) {
		OK(st->smart_punct);
		st->smart_punct = 0;
		STR_EQ(smartened(&doc, "en", st, plain_quotes),
		       "He said \"it's the '90s\" and 'fine' (\"yes\") - a well-known x.");
		gal_doc_free(doc);
		gal_style_free(st);
	} else {
		OK(0);
	}
}


/* A document in `lang` by the names in `names` (NULL-terminated) with one
 * figure, prepped: its byline, and the figure's label in *figure. */
static const char *byline(gal_doc **out, const char *lang, const char *const *names,
			  const char **figure)
{
	gal_opts o = { 0 };
	gal_limits_default(&o.limits);
	gal_doc *doc = gal_doc_new("b.xml");
	doc->meta.lang = lang;
	for (size_t i = 0; names[i]; i++)
		gal_doc_add_author(doc, names[i], NULL, NULL);
	gal_node *fig = gal_node_add(doc, doc->root, GAL_NODE_FIGURE, 0, 0);
	fig->id = "f";
	text_child(doc, fig, GAL_NODE_CAPTION, "cap");
	gal_prep(doc, &o, NULL);
	*out = doc;
	*figure = fig->label;
	return doc->author_text;
}

/* Arabic, Persian and Hebrew: their caption words and their "and". The
 * Arabic and Hebrew "and" is a prefix, joined to a name in their script;
 * before a Latin name it is a word (Arabic) or takes a maqaf (Hebrew). */
static void test_rtl_labels(void)
{
	static const char *const ar[] = { "\u0645\u0631\u064a\u0645",
		"\u0633\u0627\u0645\u064a", "\u0644\u064a\u0644\u0649", NULL };
	static const char *const ar_latin[] = { "\u0645\u0631\u064a\u0645", "Ann Smith", NULL };
	static const char *const fa[] = { "\u0639\u0644\u06cc", "\u0631\u0636\u0627",
		"\u0645\u0631\u06cc\u0645", NULL };
	static const char *const he[] = { "\u05de\u05e8\u05d9\u05dd", "\u05d3\u05df", NULL };
	static const char *const he_latin[] = { "\u05de\u05e8\u05d9\u05dd", "Ann", NULL };
	gal_doc *doc;
	const char *fig;

	/* "Maryam, Sami and Layla"; Figure 1 */
	STR_EQ(byline(&doc, "ar", ar, &fig),
	       "\u0645\u0631\u064a\u0645\u060c \u0633\u0627\u0645\u064a "
	       "\u0648\u0644\u064a\u0644\u0649");
	STR_EQ(fig, "\u0634\u0643\u0644 1");
	STR_EQ(doc->labels.table, "\u062c\u062f\u0648\u0644");
	gal_doc_free(doc);
	STR_EQ(byline(&doc, "ar-EG", ar_latin, &fig),
	       "\u0645\u0631\u064a\u0645 \u0648 Ann Smith");
	gal_doc_free(doc);
	/* Persian "and" is a word of its own */
	STR_EQ(byline(&doc, "fa-IR", fa, &fig),
	       "\u0639\u0644\u06cc\u060c \u0631\u0636\u0627 \u0648 "
	       "\u0645\u0631\u06cc\u0645");
	STR_EQ(fig, "\u0634\u06a9\u0644 1");
	gal_doc_free(doc);
	STR_EQ(byline(&doc, "he", he, &fig),
	       "\u05de\u05e8\u05d9\u05dd \u05d5\u05d3\u05df");
	STR_EQ(fig, "\u05d0\u05d9\u05d5\u05e8 1");
	gal_doc_free(doc);
	STR_EQ(byline(&doc, "he", he_latin, &fig), "\u05de\u05e8\u05d9\u05dd \u05d5\u05beAnn");
	gal_doc_free(doc);
}

int main(void)
{
	gal_opts opts = { 0 };
	gal_limits_default(&opts.limits);
	opts.warn = count;
	gal_doc *doc = sample("en");
	INT_EQ(gal_prep(doc, &opts, NULL), 0);
	INT_EQ(gal_doc_check(doc, NULL), 0);
	STR_EQ(doc->title_text, "A title");
	STR_EQ(doc->author_text, "Ann, Bo and Cy");
	INT_EQ(doc->n_toc, 4);
	STR_EQ(doc->toc[0].text, "One");
	STR_EQ(doc->toc[0].number, "1");
	STR_EQ(doc->toc[1].number, "1.1");
	INT_EQ(doc->toc[1].level, 2);
	STR_EQ(doc->toc[2].id, "s2");
	STR_EQ(doc->toc[3].text, "References");
	INT_EQ(doc->n_notes, 2);
	INT_EQ(doc->notes[1]->number, 2);
	STR_EQ(doc->notes[0]->id, "fn-1");
	const gal_node *fig = gal_doc_lookup_id(doc, "f");
	OK(fig && fig->type == GAL_NODE_FIGURE);
	STR_EQ(fig->label, "Figure 1");
	/* link text: figure label, section title, [n], and the id when broken */
	gal_node *p = doc->root->first->first->next;
	STR_EQ(gal_node_text(doc, p), "See Figure 1Two[1]nowhere");
	OK(p->first->next->target == fig);
	OK(warnings >= 2); /* duplicate id, broken link */
	const gal_node *s2 = gal_doc_lookup_id(doc, "s2");
	OK(s2 && s2->type == GAL_NODE_SECTION);
	OK(strncmp(doc->uid, "urn:uuid:", 9) == 0);
	const char *uid = doc->uid;

	/* the same content gives the same identifier */
	gal_doc *again = sample("en");
	gal_prep(again, &opts, NULL);
	STR_EQ(again->uid, uid);
	gal_doc_free(again);
	gal_doc_free(doc);

	/* labels and quotes by language */
	doc = sample("de-CH");
	gal_prep(doc, &opts, NULL);
	STR_EQ(doc->labels.figure, "Abbildung");
	STR_EQ(doc->labels.quote_open, "\u00ab");
	STR_EQ(doc->author_text, "Ann, Bo und Cy");
	STR_EQ(gal_doc_lookup_id(doc, "f")->label, "Abbildung 1");
	gal_doc_free(doc);
	doc = sample("xx");
	gal_prep(doc, &opts, NULL);
	STR_EQ(doc->labels.contents, "Contents");
	gal_doc_free(doc);

	test_smart_punct();
	test_rtl_labels();

	/* --strict turns the first warning into an error */
	opts.strict = 1;
	doc = sample("en");
	INT_EQ(gal_prep(doc, &opts, NULL), GAL_E_STRICT);
	gal_doc_free(doc);
	return unit_done("prep");
}
