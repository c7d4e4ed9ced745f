/* The importer toolkit: the state every importer carries and what they
 * share: warnings, the builder with its one node limit, attribute values
 * read by one rule, the XML tree, the clean-up pass (cleanup.c), and the
 * element-table walker with its flows (flow.c). MathML is mathml.h's.
 * Importers build the model only through the builder (model/doc.h). */
#ifndef GAL_TOOLKIT_H
#define GAL_TOOLKIT_H

#include <libxml/tree.h>
#include "base/buf.h"
#include "model/doc.h"

/* State every importer carries: the document being built, options, the
 * first fatal status, the element names already warned about, the
 * nesting depth, and whether the node limit stopped the import. */
typedef struct gal_imp {
	gal_doc *doc;
	const gal_opts *opts;
	gal_err *err;
	int status;             /* first error (GAL_E_STRICT, GAL_E_LIMIT, ...) */
	struct gal_strset *warned; /* element names reported as unknown */
	struct gal_strset *misplaced; /* ... and as misplaced */
	int depth;
	int stop;               /* the node limit was reached: build nothing more */
	int cols;               /* nodes record source columns too (importers
				 * that make nodes in document order) */
	int img_warned;         /* "inline image" said once */
	/* the vocabulary's element table, for "did you mean" after an
	 * unknown element: n_known entries known_stride bytes apart, each a
	 * struct whose first member is the element's name (GAL_IMP_KNOWN) */
	const void *known;
	size_t n_known, known_stride;
} gal_imp;

/* Name the importer's element table (an array of structs that begin
 * with `const char *name`) as the names unknown elements are held to. */
#define GAL_IMP_KNOWN(imp, table) \
	((imp)->known = (table), (imp)->n_known = sizeof (table) / sizeof *(table), \
	 (imp)->known_stride = sizeof *(table))

typedef int (*gal_import_fn)(gal_imp *imp, xmlDocPtr xml);

/* The importers, one file each (import/pipeline.c lists them). */
int gal_import_article(gal_imp *imp, xmlDocPtr xml);
int gal_import_jats(gal_imp *imp, xmlDocPtr xml);
int gal_import_docbook(gal_imp *imp, xmlDocPtr xml);
int gal_import_nitf(gal_imp *imp, xmlDocPtr xml);
int gal_import_newsml(gal_imp *imp, xmlDocPtr xml);
int gal_import_newsml1(gal_imp *imp, xmlDocPtr xml);

/* Release what the helpers allocated in imp (the sets of warned names);
 * gal_doc_load does this itself. For tests that call an importer directly. */
void gal_imp_release(gal_imp *imp);

/* Warn "unknown element <name>" once per name per input (code
 * "unknown-element"). Sets imp->status under --strict. */
void gal_imp_unknown(gal_imp *imp, const xmlNode *n);
/* Warn "<name> is not allowed in WHERE; its text is kept" once per name
 * per input (code "misplaced-element"). */
void gal_imp_misplaced(gal_imp *imp, const xmlNode *n, const char *where);
/* Warn with a code; sets imp->status under --strict. */
void gal_imp_warn(gal_imp *imp, const xmlNode *n, const char *code,
		  const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* Fail the input where part of it cannot be converted (content galley
 * skips, a part it does not read): the output would lack it, and a
 * warning is too easily missed (-q hides it). Sets imp->status to
 * GAL_E_FORMAT with the message, unless an error came first. */
void gal_imp_incomplete(gal_imp *imp, const xmlNode *n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Attribute (namespace-agnostic local name) copied into the arena; NULL when absent. */
const char *gal_imp_attr(gal_imp *imp, const xmlNode *n, const char *name);
/* The language of an element: xml:lang, or a lang of no namespace
 * (DocBook 4, XHTML); NULL when absent or empty. */
const char *gal_imp_lang(gal_imp *imp, const xmlNode *n);
/* The root element of xml, the document's format set to fmt; NULL when
 * there is none or it is not one fmt's importer reads
 * (gal_xml_root_fits); imp->status is then GAL_E_FORMAT. */
const xmlNode *gal_imp_root(gal_imp *imp, xmlDocPtr xml, gal_format fmt);
/* The document's language and id from its root element, when given. */
void gal_imp_root_meta(gal_imp *imp, const xmlNode *root);
/* Local name of an element ("sec"), "" for non-elements. */
const char *gal_imp_name(const xmlNode *n);
/* Whether a text node is white space only. */
int gal_imp_is_blank(const xmlNode *n);
/* All text below n, arena-owned, white space collapsed. */
const char *gal_imp_text(gal_imp *imp, const xmlNode *n);
/* Whether verbatim text set in running text (JATS <code>) has lines of
 * its own: a newline between two pieces of its content (in its text or
 * its elements' text). Newlines at its edges do not count: such code is
 * a listing, the rest a phrase in the line. */
int gal_imp_verbatim_lines(const xmlNode *x);
/* The programming language a listing names (its language attribute),
 * collapsed, arena-owned; NULL when absent or empty. */
const char *gal_imp_code_language(gal_imp *imp, const xmlNode *x);
/* s (len bytes) with white space collapsed and trimmed, arena-owned;
 * NULL when nothing is left. */
const char *gal_imp_collapse(gal_imp *imp, const char *s, size_t len);
/* CSS Text 3's segment-break transformation, which both outputs follow:
 * a line break in the source between two characters that are East Asian
 * Wide, Fullwidth or Halfwidth and neither Hangul (Chinese and Japanese
 * set no spaces between words) vanishes with the white space around it
 * instead of becoming a space. Whether it does between these characters
 * (import/cleanup.c). */
int gal_imp_break_vanishes(unsigned before, unsigned after);
/* Whether the white space s[a..b) (of len bytes) is such a line break:
 * the characters around it decide, found across the neighbouring text
 * in document order when s is text node x's own content. */
int gal_imp_break_removed(const xmlNode *x, const char *s, size_t len,
			  size_t a, size_t b);
/* s (len bytes) onto out with XML white space collapsed: each run one
 * space, none where *space says one was just written, none for a line
 * break that vanishes (x as for gal_imp_break_removed; NULL: s alone
 * decides). *space tells whether out now ends in a collapsed space. */
void gal_imp_put_collapsed(gal_buf *out, const xmlNode *x, const char *s,
			   size_t len, int *space);
/* Tidy the model below root (NULL: nothing) after an import
 * (import/cleanup.c), the one clean-up of every importer: in each text
 * block (a footnote is one of its own; code keeps its spaces) no space
 * starts it, ends it or stands around a line break, none is doubled
 * across nodes, and no line break starts it or follows another; trim
 * preformatted text (its first newline too, as DocBook processors do);
 * then remove the nodes left empty that carry nothing (an inline or a
 * paragraph-like block without children; a PARA or SPAN only without an
 * id), children before parents. Cannot fail. */
void gal_imp_tidy(gal_doc *doc, gal_node *root);

/* ---- the builder, with the one node-limit check (toolkit.c) ----
 * Every importer builds through these. A NULL result means the builder
 * refused (a child its parent cannot hold, a NULL parent) or the node
 * limit was reached; the latter sets imp->stop and imp->status once, with
 * the one message, and every later call builds nothing. */
gal_node *gal_imp_add(gal_imp *imp, gal_node *parent, gal_node_type t,
		      const xmlNode *x);
/* A detached node (metadata: title, abstract, a caption built aside). */
gal_node *gal_imp_new(gal_imp *imp, gal_node_type t, const xmlNode *x);
/* Text (len bytes; nothing when 0) into parent, merging with a text
 * node before it. */
void gal_imp_add_text(gal_imp *imp, gal_node *parent, const char *s,
		      size_t len, const xmlNode *x);
/* Verbatim text where only inlines may stand (a footnote, a table cell):
 * gal_imp_add_text, each newline a LINEBREAK. */
void gal_imp_add_lines(gal_imp *imp, gal_node *parent, const char *s,
		       size_t len, const xmlNode *x);
/* The line breaks and blank texts that open and close n's inline content
 * (verbatim text set by gal_imp_add_lines: the newlines after its start
 * tag and before its end tag are layout), removed. n may be NULL. */
void gal_imp_trim_lines(gal_node *n);
/* id and lang of element x onto n, when given and not empty. */
void gal_imp_ids(gal_imp *imp, gal_node *n, const xmlNode *x);
/* gal_imp_add, the node taking element x's id and lang. */
gal_node *gal_imp_add_el(gal_imp *imp, gal_node *parent, gal_node_type t,
			 const xmlNode *x);

/* ---- attribute values: one rule each, in every vocabulary ---- */
#define GAL_IMP_MAX_SPAN 1000
/* left, right, center (or centre), justify, in any case; else DEFAULT. */
int gal_imp_align(const char *s);
/* A decimal integer within +-1,000,000, else def. */
int gal_imp_int(const char *s, int def);
/* A picture's width or height as the source gives it (XHTML, DocBook):
 * a number and a unit, px (also none: pixels, at 96 dpi), pt, pc, in,
 * cm, mm, or em and ex of the text. Points (> 0), ems negated (< 0, as
 * gal_node.img_w keeps them), or 0 for anything else (a percentage,
 * "auto", nothing, a size of 10,000 or more). */
double gal_imp_length(const char *s);
/* A column or row span: the number clamped to 1..GAL_IMP_MAX_SPAN, 1 when
 * absent or not a number. */
int gal_imp_span(const char *s);
/* A computed span clamped to 1..GAL_IMP_MAX_SPAN. */
int gal_imp_clamp_span(int v);
/* Whether s holds anything. */
int gal_imp_nonempty(const char *s);

/* ---- the XML tree ----
 * Entity references are gone before an importer runs (import/xml.c
 * expands them), so children are plain sibling lists. */
int gal_imp_is_el(const xmlNode *x);
/* An element of this local name. */
int gal_imp_named(const xmlNode *x, const char *name);
/* The first child element of x with this local name, or NULL (x NULL too). */
const xmlNode *gal_imp_child(const xmlNode *x, const char *name);

/* ---- flows and the element-table walker (import/flow.c) ----
 * A flow collects loose inline content into a PARA opened lazily in its
 * box; a block element met in running text closes the PARA, lands in the
 * box and lets a new PARA start after it. Walked with a parent node,
 * everything is inline, and a block is flattened into the parent's
 * content between line breaks, so no text is lost. Headings of the
 * GAL_K_HEAD kind open SECTIONs by level within a scope. */
#define GAL_MAX_LEVEL 6

typedef struct gal_scope {
	gal_node *base;
	gal_node *sec[GAL_MAX_LEVEL + 1];
} gal_scope;

typedef struct gal_flow {
	gal_node *box;
	gal_node *para;
	const xmlNode *src;   /* element whose id/lang the next PARA takes */
	gal_scope *sc;        /* headings open sections here; NULL: they don't */
	int space;            /* last emitted character was white space */
	int brk;              /* a LINEBREAK is due before more content */
	int any;              /* this flow has emitted content */
	int pre;              /* 1: keep white space; 2: also newline -> LINEBREAK */
} gal_flow;

typedef struct gal_walker gal_walker;
/* A block handler: x into box (which can hold what the entry's type says). */
typedef void (*gal_block_fn)(gal_walker *w, gal_node *box, const xmlNode *x);
/* An inline handler: x into parent, or into the flow's paragraph when
 * parent is NULL. */
typedef void (*gal_inline_fn)(gal_walker *w, gal_flow *f, gal_node *parent,
			      const xmlNode *x);

enum {
	GAL_K_DROP,    /* left out with its content */
	GAL_K_PASS,    /* its content continues the flow */
	GAL_K_GROUP,   /* like PASS; headings inside open sections of their own */
	GAL_K_END,     /* like GROUP, outside any open section (end matter) */
	GAL_K_INLINE,  /* an inline node of the entry's type */
	GAL_K_INL,     /* the entry's inline handler */
	GAL_K_BLOCK,   /* the block handler (type: what it adds; COUNT: it checks) */
	GAL_K_HEAD,    /* a heading of level type */
	GAL_K_PART     /* a part of another element, read by that one's
			* handler; met elsewhere, like PASS */
};

typedef struct gal_el {
	const char *name;
	int kind;
	gal_node_type type;
	gal_block_fn blk;
	gal_inline_fn inl;    /* GAL_K_INL, or the inline form of a block */
} gal_el;

#define GAL_INL(n, t) { n, GAL_K_INLINE, t, NULL, NULL }
#define GAL_IFN(n, f) { n, GAL_K_INL, GAL_NODE_COUNT, NULL, f }
#define GAL_BLK(n, t, b, i) { n, GAL_K_BLOCK, t, b, i }
#define GAL_HEAD(n, l) { n, GAL_K_HEAD, (gal_node_type)(l), NULL, NULL }
#define GAL_PASS(n) { n, GAL_K_PASS, GAL_NODE_COUNT, NULL, NULL }
#define GAL_GROUP(n) { n, GAL_K_GROUP, GAL_NODE_COUNT, NULL, NULL }
#define GAL_END(n) { n, GAL_K_END, GAL_NODE_COUNT, NULL, NULL }
#define GAL_DROP(n) { n, GAL_K_DROP, GAL_NODE_COUNT, NULL, NULL }
#define GAL_PART(n) { n, GAL_K_PART, GAL_NODE_COUNT, NULL, NULL }

/* What a walk needs; an importer's own state starts with one. */
struct gal_walker {
	gal_imp *imp;
	gal_doc *doc;
	const gal_el *els;    /* the vocabulary's elements, by local name */
	size_t n_els;
	const gal_el *math;   /* the entry for MathML <math> (other MathML
			       * elements are unknown); NULL: MathML elements
			       * are looked up by name like any other */
};

/* The table's entry for element x, or NULL when x is unknown. */
const gal_el *gal_walk_lookup(const gal_walker *w, const xmlNode *x);

/* A walker of imp over the table els (an array), math its MathML entry. */
#define GAL_WALKER(imp, els, math) \
	{ (imp), (imp)->doc, (els), sizeof (els) / sizeof *(els), (math) }

void gal_flow_init(gal_flow *f, gal_node *box);
/* A flow into box whose headings open sections in it, through sc. */
void gal_flow_scoped(gal_flow *f, gal_scope *sc, gal_node *box);
/* End the open paragraph: what comes next starts a new one. */
void gal_flow_close(gal_flow *f);
/* Where inline content goes: parent, else the flow's paragraph (opened
 * now, taking f->src's id and lang); NULL when none can be had. */
gal_node *gal_flow_holder(gal_walker *w, gal_flow *f, gal_node *parent,
			  const xmlNode *x);
/* Where content that starts now goes, as gal_flow_holder, with the
 * LINEBREAK that is due put into it first; NULL when none can be had. */
gal_node *gal_flow_open(gal_walker *w, gal_flow *f, gal_node *parent,
			const xmlNode *x);
/* Text, white space collapsed across the flow (kept under f->pre). */
void gal_flow_text(gal_walker *w, gal_flow *f, gal_node *parent,
		   const char *s, size_t len, const xmlNode *x);
void gal_flow_str(gal_walker *w, gal_flow *f, gal_node *parent,
		  const char *s, const xmlNode *x);
/* Mark content emitted: what follows is not at the start of a line. */
void gal_flow_emitted(gal_flow *f);

/* One node of the tree (element, text) by the table; recursion is capped
 * at GAL_IMP_MAX_DEPTH, past which an element gives its plain text. */
#define GAL_IMP_MAX_DEPTH 200
void gal_walk(gal_walker *w, gal_flow *f, gal_node *parent, const xmlNode *x);
void gal_walk_kids(gal_walker *w, gal_flow *f, gal_node *parent,
		   const xmlNode *x);
/* x's children as the inline content of n (a heading, a cell, ...). */
void gal_walk_fill(gal_walker *w, gal_node *n, const xmlNode *x);
/* x's children as blocks of box, headings opening sections in it. */
void gal_walk_blocks(gal_walker *w, gal_node *box, const xmlNode *x);
/* An inline element: a node of type t holding x's children. */
gal_node *gal_walk_wrap(gal_walker *w, gal_flow *f, gal_node *parent,
			const xmlNode *x, gal_node_type t);
/* A link of type t (LINK, XREF) to url in running text, with x's id and
 * language; the caller fills it. NULL when none can be had (x's content
 * then stands in line). */
gal_node *gal_walk_link(gal_walker *w, gal_flow *f, gal_node *parent,
			const xmlNode *x, gal_node_type t, const char *url);
/* A PARA in box holding x's content in bold; the PARA takes idsrc's id. */
void gal_walk_bold_para(gal_walker *w, gal_node *box, const xmlNode *x,
			const xmlNode *idsrc);
/* Text into a caption made on first use: a space between two pieces. */
void gal_walk_caption(gal_walker *w, gal_node **cap, const xmlNode *x,
		      int strong);

/* Handlers every vocabulary shares. */
void gal_blk_para(gal_walker *w, gal_node *box, const xmlNode *x);
void gal_blk_pre(gal_walker *w, gal_node *box, const xmlNode *x);
/* A footnote; a note inside a note keeps its text in line. */
void gal_inl_footnote(gal_walker *w, gal_flow *f, gal_node *parent,
		      const xmlNode *x);
/* A SPAN when x has a language, else its content alone. */
void gal_inl_lang(gal_walker *w, gal_flow *f, gal_node *parent,
		  const xmlNode *x);
/* An image in running text: an INLINE_IMAGE of src with alt its text
 * alternative (NULL: none given), taking x's id and language; the caller
 * sets the size it asks. NULL when none can be had. */
gal_node *gal_inl_image(gal_walker *w, gal_flow *f, gal_node *parent,
			const xmlNode *x, const char *src, const char *alt);
/* An image in running text that names no picture: its text alternative
 * alt stands in (one warning per input says so). */
void gal_inl_image_alt(gal_walker *w, gal_flow *f, gal_node *parent,
		       const xmlNode *x, const char *alt);

#endif
