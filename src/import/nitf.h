/* What the news importers share (import/nitf.c): NITF's and XHTML's
 * element table, NITF bodies and heads, and the rules news metadata is
 * read by. NITF and NewsML-G2 are nitf.c's; NewsML 1 (newsml1.c) wraps
 * the same content. */
#ifndef GAL_NITF_H
#define GAL_NITF_H

#include <libxml/tree.h>
#include "import/toolkit.h"

/* A walker over NITF and XHTML content for imp; imp's unknown elements
 * are held to the same table, and nodes record source columns. */
void gal_news_walker(gal_walker *w, gal_imp *imp);

/* How an NITF head and body head go into the metadata. */
typedef enum {
	GAL_NITF_SET,   /* the document is this NITF: they are its metadata */
	GAL_NITF_FILL,  /* NITF inside a news item: metadata the item does not
			 * give itself (title, authors, rights, ...) */
	GAL_NITF_BODY   /* another item's: only the words for readers (the
			 * abstract, notes) go into the box */
} gal_nitf_meta;

/* NITF's head and body head read as `mode` says. */
void gal_nitf_meta_read(gal_walker *w, const xmlNode *nitf, gal_node *box,
			gal_nitf_meta mode);
/* body.content and body.end of an nitf (or its body) into box; a first
 * heading that repeats `headline` (may be NULL) is left out. */
void gal_nitf_body(gal_walker *w, gal_node *box, const xmlNode *nitf,
		   const char *headline);
/* The item's headline as NITF gives it: hl1, else the head's title;
 * NULL when neither. */
const char *gal_nitf_headline(gal_walker *w, const xmlNode *nitf);
/* The text of an NITF byline as printed ("By Jo Smith, Staff Writer"),
 * NULL when empty. */
const char *gal_nitf_byline_text(gal_walker *w, const xmlNode *nitf);

/* XHTML (or any content) x as blocks of box; a first heading that
 * repeats `headline` (may be NULL) is left out. */
void gal_news_blocks(gal_walker *w, gal_node *box, const xmlNode *x,
		     const char *headline);
/* Plain text (x's, or s when not NULL) into box: paragraphs at blank
 * lines; a line that starts a list item ("- ", "* ", "• ") starts a new
 * line of its own. */
void gal_news_plain(gal_walker *w, gal_node *box, const xmlNode *x,
		    const char *s);
/* A FIGURE in box holding an IMAGE of src with the text alternative alt
 * (may be NULL); NULL when box cannot hold one. */
gal_node *gal_news_figure(gal_walker *w, gal_node *box, const xmlNode *x,
			  const char *src, const char *alt);
/* A PARA in box with the text s (a byline, a dateline of a part). */
void gal_news_para(gal_walker *w, gal_node *box, const xmlNode *x,
		   const char *s);

/* ISO 8601 basic dates ("20020225T143000-0500") in the extended form;
 * anything else as given; NULL when empty. */
const char *gal_news_date(gal_walker *w, const char *s);
/* A name from a byline: without a leading "By" and the punctuation left
 * dangling at either end ("By Jo Smith," -> "Jo Smith"); NULL when
 * nothing is left. */
const char *gal_news_name(gal_walker *w, const char *s);
/* s without the punctuation left dangling at either end; NULL when
 * nothing is left. */
const char *gal_news_trim(gal_walker *w, const char *s);
/* An inline metadata node (TITLE, SUBTITLE, SOURCE) holding x's
 * content; NULL when it holds nothing. */
gal_node *gal_news_inline(gal_walker *w, gal_node_type t, const xmlNode *x);
/* An abstract (SUMMARY) holding x's content as blocks; NULL when empty. */
gal_node *gal_news_summary(gal_walker *w, const xmlNode *x);
/* Whether two language tags name the same language: equal, else the
 * same primary subtag ("en-GB" and "en"). 2 when equal, 1 when only the
 * primary subtags are, 0 otherwise. */
int gal_news_lang_match(const char *a, const char *b);
/* An author of the document, once. */
void gal_news_author(gal_walker *w, const char *name, const char *affiliation);
/* A keyword of the document, once. */
void gal_news_keyword(gal_walker *w, const char *kw);
/* Whether a PART (still empty) takes headline as its heading: when
 * there is one, unless the part opens the document and its headline is
 * the title, which already says it. */
int gal_news_part_headed(gal_walker *w, const gal_node *part, const char *headline);
/* Whether names (n of them) are the document's authors, in any order. */
int gal_news_same_authors(gal_walker *w, const char *const *names, size_t n);
/* Whether two texts read the same: equal once white space is collapsed
 * and case is ignored. */
int gal_news_same(const char *a, const char *b);

#endif
