/* The document model: nodes in an arena, a builder that refuses invalid
 * nesting, a non-recursive iterator, and the derived data prep fills in.
 *
 * Importers build through gal_node_new/gal_node_append_child and the
 * setters; prep.c fills the "derived" fields; renderers only read. */
#ifndef GAL_DOC_H
#define GAL_DOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "galley.h"

typedef enum {
	/* -- blocks that contain blocks -- */
	GAL_NODE_DOCUMENT,   /* root: blocks, then BACK?, then PART* */
	GAL_NODE_PART,       /* sub-article, news item, collection chapter: HEADING?, blocks, BACK?; part_meta */
	GAL_NODE_SECTION,    /* HEADING? (always first), then blocks; section_kind */
	GAL_NODE_BLOCKQUOTE, /* blocks, then ATTRIBUTION? */
	GAL_NODE_ASIDE,      /* HEADING?, blocks; aside_kind */
	GAL_NODE_LIST,       /* ITEM*; list_type, start */
	GAL_NODE_ITEM,       /* TERM? (definition lists), then blocks */
	GAL_NODE_FIGURE,     /* IMAGE* / MATH_BLOCK, CAPTION?, CREDIT?; figure_kind */
	GAL_NODE_TABLE,      /* CAPTION?, TSECTION*, then blocks (table notes) */
	GAL_NODE_TSECTION,   /* TROW*; tsection: head, body or foot */
	GAL_NODE_TROW,       /* TCELL* */
	GAL_NODE_BACK,       /* blocks and REFS */
	GAL_NODE_REFS,       /* HEADING?, REF* */
	GAL_NODE_SUMMARY,    /* meta: key points or an abstract; HEADING?, blocks */
	/* -- blocks that contain inlines -- */
	GAL_NODE_PARA,
	GAL_NODE_HEADING,    /* title of SECTION, PART, ASIDE, REFS, SUMMARY */
	GAL_NODE_PULLQUOTE,
	GAL_NODE_PRE,        /* preformatted; TEXT keeps its newlines; title = the
	                      * language of a code listing ("sh") or NULL */
	GAL_NODE_CAPTION,
	GAL_NODE_CREDIT,
	GAL_NODE_ATTRIBUTION,
	GAL_NODE_TERM,       /* definition list term */
	GAL_NODE_TCELL,      /* header, colspan, rowspan, align */
	GAL_NODE_REF,        /* one bibliography entry; prep: number, label "1" (or the source's) */
	GAL_NODE_TITLE,      /* meta: the article title (not in the tree) */
	GAL_NODE_SUBTITLE,   /* meta: standfirst / dek */
	GAL_NODE_SOURCE,     /* meta: where the story comes from; url */
	/* -- leaf blocks -- */
	GAL_NODE_IMAGE,      /* url = src, title = alt; image (prep) */
	GAL_NODE_HR,
	GAL_NODE_MATH_BLOCK, /* literal = MathML source or NULL, tex, title = linear text */
	/* -- inlines -- */
	GAL_NODE_TEXT,       /* literal */
	GAL_NODE_EMPH,
	GAL_NODE_STRONG,
	GAL_NODE_CODE,
	GAL_NODE_SUP,
	GAL_NODE_SUB,
	GAL_NODE_SMALLCAPS,
	GAL_NODE_QUOTE,      /* quotation marks of its language */
	GAL_NODE_LINK,       /* url = external href */
	GAL_NODE_XREF,       /* url = target id; target (prep); prep gives an empty one its text */
	GAL_NODE_FOOTNOTE,   /* inline content of the note; number (prep) */
	GAL_NODE_CITE,       /* url = ref id; target (prep); empty: prep adds "[label]" */
	GAL_NODE_ABBR,       /* title = expansion */
	GAL_NODE_SPAN,       /* carries lang */
	GAL_NODE_LINEBREAK,  /* leaf */
	GAL_NODE_MATH,       /* leaf: literal = MathML, tex, title = linear text */
	GAL_NODE_INLINE_IMAGE, /* leaf: a picture in the line (an icon, a glyph
	                      * the fonts lack, a photo a paragraph holds):
	                      * url = src, title = alt (NULL: none given),
	                      * img_w, img_h, image (prep). A node of its own,
	                      * not an IMAGE, because IMAGE is a block (a
	                      * FIGURE's) and the kinds are told apart by
	                      * their place in this list */
	GAL_NODE_COUNT
} gal_node_type;

typedef enum { GAL_LIST_BULLET, GAL_LIST_ORDERED, GAL_LIST_DEFINITION } gal_list_type;
/* How a bullet or ordered list marks its items: the default is a bullet
 * or a decimal number; NONE is a list without markers (JATS "simple",
 * DocBook simplelist, items that carry their own labels). */
typedef enum {
	GAL_NUM_DEFAULT, GAL_NUM_LOWER_ALPHA, GAL_NUM_UPPER_ALPHA,
	GAL_NUM_LOWER_ROMAN, GAL_NUM_UPPER_ROMAN, GAL_NUM_NONE
} gal_list_numbering;
typedef enum {
	GAL_ASIDE_BOX, GAL_ASIDE_NOTE, GAL_ASIDE_TIP, GAL_ASIDE_WARNING,
	GAL_ASIDE_CAUTION, GAL_ASIDE_IMPORTANT
} gal_aside_kind;
typedef enum { GAL_TSEC_HEAD, GAL_TSEC_BODY, GAL_TSEC_FOOT } gal_tsection;
/* What a SECTION is in a book's outline, for prep's numbers and labels:
 * a plain section or chapter ("2", "2.1"); a part of a book ("Part I",
 * not a level of the numbers below it: chapters count on through the
 * parts); an appendix ("Appendix A", its sections "A.1"); a division
 * that is not numbered, nor anything in it (a preface, a glossary, an
 * article of a book, a man page); a book of a set (neither numbered nor
 * labelled, not a level of the numbers below it: its chapters, parts
 * and appendices count from the first again). */
typedef enum {
	GAL_DIV_PLAIN, GAL_DIV_PART, GAL_DIV_APPENDIX, GAL_DIV_UNNUMBERED,
	GAL_DIV_BOOK
} gal_division_kind;
typedef enum { GAL_SUMMARY_KEYPOINTS, GAL_SUMMARY_ABSTRACT } gal_summary_kind;
/* What a figure stands for: a picture, or a table or a display formula
 * the source gives as an image. Prep numbers each among its own kind
 * ("Table 3"); a formula keeps the source's equation number. */
typedef enum { GAL_FIGURE_PLAIN, GAL_FIGURE_TABLE, GAL_FIGURE_FORMULA } gal_figure_kind;

/* An image as prep found it. Bytes are owned by the document. */
typedef enum {
	GAL_IMG_OK,
	GAL_IMG_MISSING,   /* not found: placeholder */
	GAL_IMG_REFUSED,   /* outside the fence, URL, too large: placeholder */
	GAL_IMG_BAD        /* unreadable or unknown format: placeholder */
} gal_image_status;

typedef struct gal_image {
	gal_image_status status;
	const char *mime;          /* image/png, image/jpeg, image/svg+xml, image/gif, image/tiff */
	const char *name;          /* stable file name for the EPUB: img-<hash>.<ext> */
	int width, height;         /* pixels (SVG: CSS px from its viewBox/size) */
	const unsigned char *data; /* file bytes; NULL unless GAL_IMG_OK */
	size_t len;
} gal_image;

struct gal_node {
	gal_node_type type;
	gal_node *parent, *first, *last, *next, *prev;
	int line, col;            /* source position, 0 when unknown */

	const char *id;           /* xml id, or assigned by prep for anything linkable */
	const char *lang;         /* xml:lang given on this node, else NULL */
	const char *literal;      /* TEXT; MathML of MATH / MATH_BLOCK */
	const char *url;          /* LINK href, IMAGE src, XREF/CITE target id, SOURCE href */
	const char *title;        /* IMAGE alt, ABBR expansion, MATH linear text, PART/ASIDE kind label,
				   * PRE language */
	const char *tex;          /* MATH / MATH_BLOCK: TeX source when given */
	void *math;               /* MATH / MATH_BLOCK: its tree (gal_math), read
				   * once by the pipeline for both outputs; the
				   * document owns it (gal_doc_own) */

	/* type-specific */
	int list_type;            /* gal_list_type */
	int numbering;            /* LIST: gal_list_numbering */
	int start;                /* LIST: first number (the importer resolves
				   * a list that continues another's numbering) */
	int aside_kind;           /* gal_aside_kind */
	int section_kind;         /* SECTION: gal_division_kind */
	int summary_kind;         /* gal_summary_kind */
	int figure_kind;          /* FIGURE: gal_figure_kind */
	int tsection;             /* gal_tsection */
	int header;               /* TCELL: th */
	int colspan, rowspan;     /* TCELL, >= 1 */
	int align;                /* TCELL: gal_align */
	double img_w, img_h;      /* INLINE_IMAGE: the size the source asks:
				   * > 0 points, < 0 ems of the text (-1.5 =
				   * 1.5em), 0 not given */

	/* derived by prep (read-only for renderers) */
	int level;                /* SECTION and its HEADING: 1 = top */
	int number;               /* FOOTNOTE, FIGURE, TABLE, REF: 1-based; 0 = unnumbered
				   * (a figure or table with neither caption nor
				   * label, a formula given as an image) */
	const char *label;        /* "1.2", "Figure 3", "Table 1", "[4]", footnote mark;
				   * a figure's or table's as the source gives
				   * it, a bare number with its word ("2" ->
				   * "Figure 2") */
	const char *eff_lang;     /* effective language (inherited), never NULL after prep */
	int rtl;                  /* the text runs right to left, both outputs
				   * set it so (gal_prep has the rule); an
				   * inline: as its block */
	const gal_node *target;   /* XREF, CITE: the node the id names, or NULL */
	gal_image *image;         /* IMAGE, INLINE_IMAGE: what prep loaded */

	/* PART: the metadata of the article it stands for (a news item of a
	 * message, an article of a collection), or NULL for a plain part.
	 * Renderers give such a part a title block of its own; prep fills
	 * the metadata's derived fields. */
	struct gal_meta *part_meta;
};

typedef struct gal_author {
	const char *name;
	const char *href;
	const char *affiliation;  /* may be NULL */
} gal_author;

typedef struct gal_toc_entry {
	const gal_node *node;     /* SECTION or PART */
	int level;                /* 1 = top; PARTs are level 1, their sections 2+ */
	const char *number;       /* "2.1" or NULL */
	const char *text;         /* heading as plain text */
	const char *id;
} gal_toc_entry;

/* Localized labels, chosen by the article's language in prep. */
typedef struct gal_labels {
	const char *contents, *figure, *table, *references, *notes, *abstract,
		*acknowledgements, *keywords, *summary, *by, *source, *page,
		*appendix, *box, *note, *tip, *warning, *caution, *important;
	const char *quote_open, *quote_close;     /* outer quotation marks */
	const char *quote2_open, *quote2_close;   /* nested */
	const char *continued;    /* "(continued)": a table's head set again */
	const char *landmarks, *cover;            /* the EPUB's navigation */
	/* an article's front matter: its history, who to write to, who paid */
	const char *received, *revised, *accepted, *published, *correspondence,
		*funding, *competing;
	const char *part, *preface, *see, *see_also;
	/* a man page's (DocBook refentry) generated headings */
	const char *name, *synopsis;
} gal_labels;

typedef struct gal_meta {
	const char *lang;         /* article language, "en" by default */
	const char *id;           /* article id attribute */
	gal_node *title;          /* TITLE, inline content; NULL when none */
	gal_node *subtitle;       /* SUBTITLE or NULL */
	const char *short_title;  /* the source's title for running heads, plain
				   * text (JATS alt-title, DocBook titleabbrev);
				   * NULL when none */
	gal_node *source;         /* SOURCE or NULL */
	gal_node *summary;        /* SUMMARY (key points) or NULL */
	gal_node *abstract;       /* SUMMARY (abstract) or NULL */
	gal_author *authors;
	size_t n_authors;
	const char *date;         /* ISO 8601 as given, or NULL */
	const char *publisher, *rights, *identifier;
	const char **keywords;
	size_t n_keywords;
	const char *cover_src, *cover_alt;
	gal_image *cover;         /* prep */
	gal_format format;        /* a PART's: the vocabulary its article came in */

	/* derived by prep for a PART's metadata (the document keeps its own
	 * in gal_doc: title_text, author_text, labels) */
	const char *title_text;   /* title as plain text, never NULL after prep */
	const char *author_text;  /* "A, B and C", or NULL when no authors */
	gal_labels labels;        /* in the part's language */
	/* derived by prep for the document's metadata and a PART's */
	const char *date_text;    /* date for people in the article's language
				   * ("2 January 2017, 22:28 UTC"); NULL when
				   * date is not ISO 8601 (printed as given) */
} gal_meta;

typedef struct gal_arena gal_arena;

struct gal_doc {
	gal_arena *arena;
	gal_node *root;           /* DOCUMENT */
	gal_meta meta;
	gal_format format;
	const char *name;         /* input name, for messages */
	size_t n_nodes;
	size_t max_nodes;         /* 0 = unlimited; builder fails past it */

	/* derived by prep */
	gal_toc_entry *toc;
	size_t n_toc;
	const gal_node **notes;   /* FOOTNOTEs in reading order; number = index + 1 */
	size_t n_notes;
	const char *title_text;   /* title as plain text ("Untitled" when none) */
	const char *author_text;  /* "A, B and C" */
	const char *articles_text;/* a collection: "12 articles" in its language; else NULL */
	const char *uid;          /* identifier for the EPUB: given, or urn:sha256 of content */
	gal_labels labels;
	struct gal_strmap *ids;   /* id -> node */
	struct gal_owned *owned;  /* what gal_doc_free frees with the document */
};

/* ---- arena and strings -------------------------------------------------- */

gal_doc *gal_doc_new(const char *name);
void *gal_doc_alloc(gal_doc *doc, size_t size);        /* zeroed; aborts on OOM */
const char *gal_doc_strdup(gal_doc *doc, const char *s); /* NULL -> NULL */
const char *gal_doc_strndup(gal_doc *doc, const char *s, size_t n);
const char *gal_doc_printf(gal_doc *doc, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* p, freed by free_fn when the document is (a formula's tree). */
void gal_doc_own(gal_doc *doc, void *p, void (*free_fn)(void *));

/* ---- builder ------------------------------------------------------------ */

/* A new detached node. Returns NULL when the node limit is reached. */
gal_node *gal_node_new(gal_doc *doc, gal_node_type type, int line, int col);
/* Whether `parent` may contain `child` (cmark's S_can_contain). */
bool gal_node_can_contain(gal_node_type parent, gal_node_type child);
/* Append; GAL_E_NESTING (and nothing changes) when not allowed. */
int gal_node_append_child(gal_node *parent, gal_node *child);
/* Insert a detached node before `next` (a node with a parent); GAL_E_NESTING
 * (and nothing changes) when not allowed. */
int gal_node_insert_before(gal_node *next, gal_node *node);
/* New node appended to parent; NULL when not allowed or past the limit. */
gal_node *gal_node_add(gal_doc *doc, gal_node *parent, gal_node_type type,
		       int line, int col);
/* Append text, merging with a preceding TEXT sibling. NULL when parent
 * cannot hold text. len may be (size_t)-1 for NUL-terminated. */
gal_node *gal_node_add_text(gal_doc *doc, gal_node *parent, const char *s,
			    size_t len, int line, int col);
void gal_node_unlink(gal_node *node);

bool gal_node_is_block(gal_node_type t);
bool gal_node_is_inline(gal_node_type t);
bool gal_node_is_leaf(gal_node_type t);      /* no children ever */
bool gal_node_holds_inlines(gal_node_type t);/* PARA, HEADING, ... */
const char *gal_node_type_name(gal_node_type t); /* "para", "emph", ... */

void gal_doc_add_author(gal_doc *doc, const char *name, const char *href,
			const char *affiliation);
void gal_doc_add_keyword(gal_doc *doc, const char *kw);

/* Plain text of a node's subtree (footnotes skipped, LINEBREAK -> space,
 * an INLINE_IMAGE -> its alt text when given,
 * white space collapsed); arena-owned. */
const char *gal_node_text(gal_doc *doc, const gal_node *node);

/* Structural invariants (parentage, nesting rules, required children).
 * Returns 0 or GAL_E_INTERNAL with a message. Debug builds run it after
 * every import. */
int gal_doc_check(const gal_doc *doc, gal_err *err);

/* ---- iterator ------------------------------------------------------------
 * Depth-first, enter/exit events, no recursion and no allocation. Leaves
 * (gal_node_is_leaf) give only ENTER. */

typedef enum { GAL_EV_DONE = 0, GAL_EV_ENTER, GAL_EV_EXIT } gal_event;

typedef struct gal_iter {
	const gal_node *root, *cur;
	gal_event ev;
	int started, skip;
} gal_iter;

void gal_iter_init(gal_iter *it, const gal_node *root);
gal_event gal_iter_next(gal_iter *it);
const gal_node *gal_iter_node(const gal_iter *it);
/* Skip the children of the node just entered: the next event is its EXIT. */
void gal_iter_skip_children(gal_iter *it);
/* The next node entered, EXIT events passed over; NULL when done. For
 * the many walks that look at each node once, on the way in. Like
 * strchr it hands back the tree's own node: a caller that owns the tree
 * may change it. gal_iter_skip_children applies to the node returned. */
gal_node *gal_iter_enter(gal_iter *it);

/* ---- prep --------------------------------------------------------------- */

/* The labels of a language (an xml:lang value; English when none
 * matches), as prep gives them to documents: for an importer that
 * writes words of the article's own language into the model. Static;
 * cannot fail. */
const gal_labels *gal_labels_for(const char *lang);

/* Derive ids, levels, numbers, labels, the TOC, notes, link targets,
 * languages, directions, the identifier; load images (image.c).
 * Warnings through opts. Returns 0, GAL_E_STRICT or GAL_E_LIMIT.
 *
 * Directions (node->rtl): an article (the DOCUMENT, a PART with
 * metadata) runs as its language does. A block, and a FOOTNOTE, runs as
 * the language given on it or on a block around it inside its article
 * (a Latin word first in an Arabic paragraph does not make it LTR); else
 * right to left in an article whose language is; else as its first
 * strong character outside footnotes (Unicode's rule P2); else as the
 * block around it (P3's default, inherited). Code (PRE) is always left
 * to right. */
int gal_prep(gal_doc *doc, const gal_opts *opts, gal_err *err);

/* Put the metadata of `o` in place of the document's own (model/meta.c),
 * before prep derives from it: the title text, byline, labels, quotation
 * marks and hyphenation language, and the identifier all follow. A title
 * becomes a TITLE of one text node. Returns 0, or GAL_E_LIMIT when the
 * node limit leaves no room for the title. */
int gal_doc_override_meta(gal_doc *doc, const gal_meta_override *o, gal_err *err);
/* An ISO 8601 date or date-time as people read it in a language (an
 * xml:lang value): "3 September 2026", "2. Januar 2017, 22:28 UTC+1".
 * For an importer that writes a date into the text itself. NULL when
 * iso is not ISO 8601 (print it as given). */
const char *gal_date_text(gal_doc *doc, const char *iso, const char *lang);

/* Register id -> node (prep); the first definition wins: returns 0 when
 * the id was already taken, 1 when registered. `id` must outlive the doc. */
int gal_doc_register_id(gal_doc *doc, const char *id, const gal_node *node);

/* Node with this id, or NULL. */
const gal_node *gal_doc_lookup_id(const gal_doc *doc, const char *id);

/* ---- collections (model/collection.c) ---------------------------------------------- */

/* Bind prepared documents into one new, prepared document: each becomes a
 * PART (with part_meta) in input order; ids are prefixed per article so
 * they stay unique; images are copied. The inputs stay untouched and may
 * be freed afterwards. Returns 0, GAL_E_LIMIT or GAL_E_STRICT. */
int gal_doc_collect(gal_doc *const *docs, size_t n, const char *title,
		    const gal_opts *opts, gal_doc **out, gal_err *err);
/* The binding of gal_doc_collect, into dst, a document being built
 * (importers of files that hold several articles: PMC's <articles>):
 * the prepared documents become its PARTs, its language is the first
 * article's unless set, its date the newest article's; dst is then
 * prepared as any document. Returns 0 or GAL_E_LIMIT (dst's node
 * limit); on failure dst holds part of the articles. */
int gal_doc_bind(gal_doc *dst, gal_doc *const *docs, size_t n, const gal_opts *opts,
		 gal_err *err);

/* The marker of the item numbered `number` in `list` ("4.", "d.", "iv.",
 * the bullet), written to buf (NUL-terminated, truncated to size); empty
 * for a list without markers and for definition lists. Alphabetic and
 * roman numbering fall back to decimal outside their range (numbers below
 * 1; roman above 3999), as CSS list-style-type does. Cannot fail. */
void gal_list_marker(const gal_node *list, int number, char *buf, size_t size);

/* Effective language of a node (after prep). */
const char *gal_node_lang(const gal_node *node);

/* In a collection (model/collection.c): the article a node is in, the PART with
 * metadata above it; NULL for anything else. */
const gal_node *gal_node_article(const gal_node *node);
/* The article a node belongs to: gal_node_article, else, for a node under
 * a top-level part without metadata (a sub-article or response, which
 * collection.c puts right after its article), the article part before that
 * part; NULL outside collections. */
const gal_node *gal_node_owning_article(const gal_doc *doc, const gal_node *node);

#endif
