/* DocBook importer: DocBook 4.x (no namespace) and DocBook 5
 * (http://docbook.org/ns/docbook) articles into the model.
 *
 * Elements are matched by local name, so a DocBook 4 DOCTYPE over a
 * DocBook 5 namespace (as pandoc writes) imports the same way. The walker
 * and its flows are the toolkit's (import/flow.c): this file is the table
 * of DocBook's elements and the handlers only DocBook needs. DocBook puts
 * lists, equations and listings inside <para>; a flow lets them escape
 * the paragraph. Where no box can take a block (a footnote, a table cell,
 * a heading) the block is flattened into the inline content with line
 * breaks, so no text is ever lost. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/tree.h>

#include "base/buf.h"
#include "base/strmap.h"
#include "import/mathml.h"
#include "import/toolkit.h"
#include "import/xml.h"
#include "model/doc.h"


/* A bibliography entry, found before the walk so that a citation of its
 * abbreviation can link to it wherever it stands. */
typedef struct bib_entry {
	const xmlNode *x;
	const char *abbrev, *id;
	gal_node *ref;         /* the REF made of it */
} bib_entry;

/* A citation that links to an entry without an id of its own: its REF's
 * id is known once the entry is made. */
typedef struct pending_cite {
	gal_node *cite;
	size_t entry;
} pending_cite;

typedef struct db {
	gal_walker w;          /* first: handlers get &d->w */
	gal_node *back;        /* BACK, made when an appendix or bibliography comes */
	gal_node *gloss;       /* definition LIST the last glossentry went into */
	gal_node *olist;       /* the last ordered LIST completed, for continuation */
	int nref;              /* generated REF ids */
	int neq;               /* formal equations numbered */
	gal_buf copyright, legal;
	bib_entry *bib;
	size_t nbib;
	pending_cite *cites;
	size_t ncites;
	gal_strmap ids;        /* id -> element, for what a cross-reference says */
} db;

#define DB(w) ((db *)(w))

static void body(gal_walker *w, gal_node *box, const xmlNode *x, int skip);
static const xmlNode *descendant(const xmlNode *x, const char *name, int depth);
static const char *person_name(gal_walker *w, const xmlNode *x);
static const char *copyright_text(gal_walker *w, const xmlNode *x);

/* ---- XML helpers ---------------------------------------------------------- */

/* *info wrappers: info, articleinfo, sect1info, blockinfo, ... */
static int is_info(const xmlNode *x)
{
	if (!gal_imp_is_el(x))
		return 0;
	const char *n = gal_imp_name(x);
	size_t len = strlen(n);
	return len >= 4 && strcmp(n + len - 4, "info") == 0 &&
	       strcmp(n, "releaseinfo") != 0;
}

/* A title given directly or in an *info child. */
static const xmlNode *title_of(const xmlNode *x, const char *name)
{
	const xmlNode *t = gal_imp_child(x, name);
	if (t)
		return t;
	for (const xmlNode *c = x->children; c; c = c->next)
		if (is_info(c) && (t = gal_imp_child(c, name)))
			return t;
	return NULL;
}

/* The language x is in: its own or its nearest ancestor's, else the
 * document's. */
static const char *lang_of(gal_walker *w, const xmlNode *x)
{
	for (const xmlNode *a = x; a && a->type == XML_ELEMENT_NODE; a = a->parent) {
		const char *l = gal_imp_lang(w->imp, a);
		if (l)
			return l;
	}
	return w->doc->meta.lang;
}

/* A version-control keyword, expanded or not ("$Id: ... $", "$Date$"):
 * not text for a reader. */
static int rcs_keyword(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	return n >= 2 && s[0] == '$' && s[n - 1] == '$';
}

/* ---- inline handlers ------------------------------------------------------ */

static void i_emphasis(gal_walker *w, gal_flow *f, gal_node *parent, const xmlNode *x)
{
	const char *role = gal_imp_attr(w->imp, x, "role");
	gal_node_type t = GAL_NODE_EMPH;
	if (role && (!strcmp(role, "bold") || !strcmp(role, "strong")))
		t = GAL_NODE_STRONG;
	else if (role && (!strcmp(role, "strikethrough") || !strcmp(role, "underline") ||
			  !strcmp(role, "del") || !strcmp(role, "ins")))
		t = GAL_NODE_SPAN;
	gal_walk_wrap(w, f, parent, x, t);
}

/* An empty cross-reference (XREF) or citation (CITE) to the id `to`,
 * which prep gives its words. */
static gal_node *pointer(gal_walker *w, gal_flow *f, gal_node *parent,
			 const xmlNode *x, gal_node_type t, const char *to)
{
	gal_node *h = gal_flow_open(w, f, parent, x);
	if (!h)
		return NULL;
	gal_node *n = gal_imp_add(w->imp, h, t, x);
	if (n)
		n->url = to;
	gal_flow_emitted(f);
	return n;
}

/* The element of this id in the source, or NULL. */
static const xmlNode *element_of(gal_walker *w, const char *id)
{
	const gal_strmap_ent *e = gal_strmap_find(&DB(w)->ids, id);
	return e ? e->val : NULL;
}

/* The words of an empty cross-reference x to `to` by DocBook's rule: the
 * text of the element its endterm names, else the target's xreflabel;
 * for a synopsis, its command's or function's name, as the stylesheets
 * write it, not the whole synopsis. NULL: the words prep gives. */
static const char *xref_words(gal_walker *w, const xmlNode *x, const char *to)
{
	const xmlNode *end = element_of(w, gal_imp_attr(w->imp, x, "endterm"));
	const char *s = end ? gal_imp_text(w->imp, end) : NULL;
	if (gal_imp_nonempty(s))
		return s;
	const xmlNode *t = element_of(w, to);
	if (!t)
		return NULL;
	s = gal_imp_attr(w->imp, t, "xreflabel");
	if (gal_imp_nonempty(s))
		return gal_imp_collapse(w->imp, s, strlen(s));
	const char *name = gal_imp_named(t, "cmdsynopsis") ? "command" :
			   gal_imp_named(t, "funcsynopsis") ? "function" : NULL;
	const xmlNode *n = name ? descendant(t, name, 0) : NULL;
	s = n ? gal_imp_text(w->imp, n) : NULL;
	return gal_imp_nonempty(s) ? s : NULL;
}

/* The words xref_words finds for x into the cross-reference n. */
static void xref_fill(gal_walker *w, gal_node *n, const xmlNode *x)
{
	const char *s = n ? xref_words(w, x, n->url) : NULL;
	if (s)
		gal_imp_add_text(w->imp, n, s, strlen(s), x);
}

static void i_xref(gal_walker *w, gal_flow *f, gal_node *parent, const xmlNode *x)
{
	const char *to = gal_imp_attr(w->imp, x, "linkend");
	if (!gal_imp_nonempty(to))
		return;
	gal_node *n = pointer(w, f, parent, x, GAL_NODE_XREF, to);
	if (gal_imp_named(x, "xref"))
		xref_fill(w, n, x);
}

static void i_biblioref(gal_walker *w, gal_flow *f, gal_node *parent, const xmlNode *x)
{
	const char *to = gal_imp_attr(w->imp, x, "linkend");
	if (gal_imp_nonempty(to))
		pointer(w, f, parent, x, GAL_NODE_CITE, to);
}

static int has_content(const xmlNode *x)
{
	for (const xmlNode *c = x->children; c; c = c->next) {
		if (c->type == XML_ELEMENT_NODE)
			return 1;
		if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) &&
		    !gal_imp_is_blank(c))
			return 1;
	}
	return 0;
}

/* link (linkend or xlink:href), ulink url, uri, email */
static void i_link(gal_walker *w, gal_flow *f, gal_node *parent, const xmlNode *x)
{
	const char *name = gal_imp_name(x);
	const char *end = gal_imp_attr(w->imp, x, "linkend");
	const char *href = !strcmp(name, "ulink") ? gal_imp_attr(w->imp, x, "url") : gal_imp_attr(w->imp, x, "href");
	if (!strcmp(name, "email")) {
		const char *t = gal_imp_text(w->imp, x);
		href = gal_imp_nonempty(t) ? gal_doc_printf(w->doc, "mailto:%s", t) : NULL;
	} else if (!strcmp(name, "uri") && !gal_imp_nonempty(href)) {
		href = gal_imp_text(w->imp, x);
	}
	gal_node_type t;
	if (gal_imp_nonempty(href))
		t = GAL_NODE_LINK;
	else if (gal_imp_nonempty(end))
		t = GAL_NODE_XREF;
	else {
		gal_walk_kids(w, f, parent, x);
		return;
	}
	gal_node *n = gal_walk_link(w, f, parent, x, t, t == GAL_NODE_LINK ? href : end);
	if (!n)
		return;
	if (has_content(x))
		gal_walk_kids(w, f, n, x);
	else if (t == GAL_NODE_LINK)
		gal_flow_str(w, f, n, href, x);
	else
		xref_fill(w, n, x);
	gal_flow_emitted(f);
}

static void i_anchor(gal_walker *w, gal_flow *f, gal_node *parent, const xmlNode *x)
{
	const char *id = gal_imp_attr(w->imp, x, "id");
	/* an anchor between blocks has nothing to attach to; one that
	 * opens a paragraph (f->src: the paragraph not yet begun) does */
	if (!gal_imp_nonempty(id) || (!parent && !f->para && !f->src))
		return;
	gal_node *n = gal_imp_add(w->imp, gal_flow_holder(w, f, parent, x), GAL_NODE_SPAN, x);
	if (n)
		n->id = id;
}

static void i_footnoteref(gal_walker *w, gal_flow *f, gal_node *parent, const xmlNode *x)
{
	i_xref(w, f, parent, x);
}

/* Surround the content with fixed strings: citation [..], optional [..]. */
static void surround(gal_walker *w, gal_flow *f, gal_node *parent, const xmlNode *x,
		     const char *open, const char *close)
{
	gal_node *h = gal_flow_holder(w, f, parent, x);
	if (!h)
		return;
	gal_flow_str(w, f, h, open, x);
	f->space = 0;
	gal_walk_kids(w, f, h, x);
	gal_flow_str(w, f, h, close, x);
}

/* citation: a link to the bibliography entry whose abbreviation (or id)
 * it names, which prep writes as "[Knuth84]" from the entry's label; the
 * name in brackets when no entry has it. */
static void i_citation(gal_walker *w, gal_flow *f, gal_node *parent, const xmlNode *x)
{
	db *d = DB(w);
	const char *key = gal_imp_text(w->imp, x);
	size_t k = d->nbib;
	for (size_t i = 0; key && i < d->nbib && k == d->nbib; i++)
		if ((d->bib[i].abbrev && !strcmp(d->bib[i].abbrev, key)) ||
		    (d->bib[i].id && !strcmp(d->bib[i].id, key)))
			k = i;
	if (k == d->nbib) {
		surround(w, f, parent, x, "[", "]");
		return;
	}
	gal_node *n = pointer(w, f, parent, x, GAL_NODE_CITE, d->bib[k].id);
	if (n && !n->url) {
		d->cites = xrealloc(d->cites, (d->ncites + 1) * sizeof *d->cites);
		d->cites[d->ncites++] = (pending_cite){ n, k };
	}
}

static void i_optional(gal_walker *w, gal_flow *f, gal_node *parent, const xmlNode *x)
{
	surround(w, f, parent, x, "[", "]");
}

static void i_manvolnum(gal_walker *w, gal_flow *f, gal_node *parent, const xmlNode *x)
{
	surround(w, f, parent, x, "(", ")");
}

static void i_trademark(gal_walker *w, gal_flow *f, gal_node *parent, const xmlNode *x)
{
	const char *cls = gal_imp_attr(w->imp, x, "class");
	const char *mark = "\u2122";
	if (cls && !strcmp(cls, "registered"))
		mark = "\u00ae";
	else if (cls && !strcmp(cls, "copyright"))
		mark = "\u00a9";
	else if (cls && !strcmp(cls, "service"))
		mark = "\u2120";
	gal_walk_kids(w, f, parent, x);
	gal_node *h = gal_flow_holder(w, f, parent, x);
	gal_imp_add_text(w->imp, h, mark, strlen(mark), x);
	f->space = 0;
}

/* keycombo, menuchoice: element children joined by a separator */
static void join_kids(gal_walker *w, gal_flow *f, gal_node *parent, const xmlNode *x,
		      const char *sep)
{
	int n = 0;
	for (const xmlNode *c = x->children; c; c = c->next) {
		if (!gal_imp_is_el(c))
			continue;
		if (n++) {
			gal_node *h = gal_flow_holder(w, f, parent, c);
			gal_imp_add_text(w->imp, h, sep, strlen(sep), c);
			f->space = sep[strlen(sep) - 1] == ' ';
		}
		gal_walk(w, f, parent, c);
	}
}

static void i_keycombo(gal_walker *w, gal_flow *f, gal_node *parent, const xmlNode *x)
{
	const char *a = gal_imp_attr(w->imp, x, "action");
	join_kids(w, f, parent, x, a && !strcmp(a, "seq") ? " " : "+");
}

static void i_menuchoice(gal_walker *w, gal_flow *f, gal_node *parent, const xmlNode *x)
{
	join_kids(w, f, parent, x, " \u2192 ");
}

static void h_list(gal_walker *w, gal_node *box, const xmlNode *x);

/* simplelist: an inline one runs on in the text it stands in, its members
 * joined by commas; any other is a list, which leaves a paragraph as any
 * block does (and is flattened the same way where no list can stand). */
static void i_simplelist(gal_walker *w, gal_flow *f, gal_node *parent, const xmlNode *x)
{
	const char *type = gal_imp_attr(w->imp, x, "type");
	int block = !(type && !strcmp(type, "inline")) && !parent && f->box &&
		    gal_node_can_contain(f->box->type, GAL_NODE_LIST);
	if (!block) {
		join_kids(w, f, parent, x, ", ");
		return;
	}
	gal_flow_close(f);
	h_list(w, f->box, x);
}

#define XINCLUDE_NS "http://www.w3.org/2001/XInclude"

/* XIncludes are processed as the document is loaded (import/xml.c), in
 * every vocabulary; one that reaches the importer was left unprocessed
 * (the root of a file an XInclude read: a document is not what it
 * includes). Its xi:fallback, the substitute its author gave, stands in,
 * with a warning (an error under --strict); without one the input fails,
 * as it does for an external entity that cannot be read: the output
 * would lack a part of the document. */
static void i_include(gal_walker *w, gal_flow *f, gal_node *parent, const xmlNode *x)
{
	if (!x->ns || !x->ns->href || strcmp((const char *)x->ns->href, XINCLUDE_NS)) {
		gal_imp_unknown(w->imp, x);
		gal_walk_kids(w, f, parent, x);
		return;
	}
	const char *href = gal_imp_attr(w->imp, x, "href");
	const xmlNode *fb = gal_imp_child(x, "fallback");
	if (!gal_imp_nonempty(href))
		href = "?";
	if (!fb) {
		gal_imp_incomplete(w->imp, x, "the XInclude of '%s' is not processed and has "
				   "no fallback", href);
		return;
	}
	gal_imp_warn(w->imp, x, "xinclude",
		     "XInclude is not processed: '%s' is left out (its fallback stands in)", href);
	gal_walk_kids(w, f, parent, fb);
}

/* The text alternative of a media object. */
static const char *media_alt(gal_walker *w, const xmlNode *m)
{
	const xmlNode *a = gal_imp_child(m, "alt");
	if (a && gal_imp_nonempty(gal_imp_text(w->imp, a)))
		return gal_imp_text(w->imp, a);
	for (const xmlNode *c = m->children; c; c = c->next) {
		if (!gal_imp_named(c, "textobject"))
			continue;
		const xmlNode *p = gal_imp_child(c, "phrase");
		const char *t = gal_imp_text(w->imp, p ? p : c);
		if (gal_imp_nonempty(t))
			return t;
	}
	return NULL;
}

static const xmlNode *pick_imagedata(gal_walker *w, const xmlNode *m);

/* An image inside running text (inlinemediaobject; DocBook 4's
 * inlinegraphic, its own imagedata): a picture in the line, as big as its
 * imagedata asks (contentwidth and contentdepth, else width and depth).
 * One that names no file: its text alternative stands in. */
static void i_inline_media(gal_walker *w, gal_flow *f, gal_node *parent, const xmlNode *x)
{
	const xmlNode *id = gal_imp_named(x, "inlinegraphic") ? x : pick_imagedata(w, x);
	const char *ref = id ? gal_imp_attr(w->imp, id, "fileref") : NULL;
	if (!gal_imp_nonempty(ref)) {
		gal_inl_image_alt(w, f, parent, x, media_alt(w, x));
		return;
	}
	gal_node *img = gal_inl_image(w, f, parent, x, ref, media_alt(w, x));
	if (!img)
		return;
	const char *cw = gal_imp_attr(w->imp, id, "contentwidth");
	const char *cd = gal_imp_attr(w->imp, id, "contentdepth");
	img->img_w = gal_imp_length(cw ? cw : gal_imp_attr(w->imp, id, "width"));
	img->img_h = gal_imp_length(cd ? cd : gal_imp_attr(w->imp, id, "depth"));
}

/* ---- MathML --------------------------------------------------------------- */

/* Fill a MATH or MATH_BLOCK node from an mml:math element. */
static void set_math(gal_walker *w, gal_node *n, const xmlNode *m)
{
	gal_mathml_fill(w->imp, n, m);
	n->tex = gal_mathml_tex(w->imp, m);
}

/* Math children of an equation-like element as nodes of type t in parent.
 * Returns how many were made. */
static int math_into(gal_walker *w, gal_node *parent, const xmlNode *x, gal_node_type t)
{
	int made = 0;
	const xmlNode *alt = NULL;
	for (const xmlNode *c = x->children; c; c = c->next) {
		if (!gal_imp_is_el(c))
			continue;
		if (gal_imp_named(c, "alt")) {
			alt = c;
		} else if (gal_mathml_is(c) && gal_imp_named(c, "math")) {
			gal_node *n = gal_imp_add(w->imp, parent, t, c);
			if (n) {
				set_math(w, n, c);
				made++;
			}
		} else if (gal_imp_named(c, "mathphrase")) {
			gal_node *n = gal_imp_add(w->imp, parent, t, c);
			if (n) {
				n->title = gal_imp_text(w->imp, c);
				made++;
			}
		}
	}
	if (alt) {
		const char *a = gal_imp_text(w->imp, alt);
		const char *role = gal_imp_attr(w->imp, alt, "role");
		int tex = (role && strstr(role, "tex")) || (a && strchr(a, '\\'));
		if (made && tex && !parent->last->tex)
			parent->last->tex = a;
		else if (!made && gal_imp_nonempty(a)) {
			gal_node *n = gal_imp_add(w->imp, parent, t, alt);
			if (n) {
				n->title = a;
				if (tex)
					n->tex = a;
				made++;
			}
		}
	}
	return made;
}

/* inlineequation, and any equation met in running text */
static void i_math(gal_walker *w, gal_flow *f, gal_node *parent, const xmlNode *x)
{
	if (gal_mathml_is(x) && gal_imp_named(x, "math")) {
		gal_inl_mathml(w, f, parent, x);
		return;
	}
	gal_node *h = gal_flow_open(w, f, parent, x);
	if (!h)
		return;
	if (!math_into(w, h, x, GAL_NODE_MATH)) {
		/* an image of the formula: its text alternative */
		gal_walk_kids(w, f, h, x);
	}
	gal_flow_emitted(f);
}

/* programlisting and friends inside running text */
static void i_pre(gal_walker *w, gal_flow *f, gal_node *parent, const xmlNode *x)
{
	int old = f->pre;
	f->brk = 1;
	f->pre = 2;
	gal_node *c = gal_walk_wrap(w, f, parent, x, GAL_NODE_CODE);
	f->pre = old;
	/* the line breaks that open and close the listing are layout */
	gal_imp_trim_lines(c);
	f->brk = 1;
	f->space = 1;
}

/* ---- synopses ------------------------------------------------------------- */

/* A command's or a function's synopsis (cmdsynopsis, funcsynopsis), set
 * as DocBook's stylesheets set it, in monospace on lines of its own:
 * "xsltproc [-V | -v] [-o file] file...", "int max(int a, int b);".
 * The brackets, bars, ellipses and parentheses are written here; the
 * source's indentation is not kept. White space between words is
 * written only before the next word, so none stands inside a bracket or
 * at the start of a line. A line is filled as a man page fills it: what
 * would carry it past SYN_COLS characters starts a new one, hung under
 * the text after the command's name (a prototype's parameters under the
 * first), so that it is set at the code's size, not shrunk to fit. */
#define SYN_COLS 60
#define SYN_FILL_DEPTH 6

typedef struct syn {
	gal_walker *w;
	gal_node *at;      /* the node text goes into now */
	int gap;           /* a space is due before the next word */
	int fresh;         /* white space here is nothing (a line or a
			    * bracket begins, a space was just written) */
	int inl;           /* in running text: lines break with LINEBREAK
			    * and are not filled */
	int dry;           /* measuring: count columns, make nothing */
	int col;           /* characters on the line so far */
	const char *hang;  /* what a continued line starts with (spaces) */
	gal_buf *text;     /* text not yet in `at`: one node takes it at
			    * once, not word by word (each word would copy
			    * the text before it) */
	const xmlNode *tx; /* where that text starts */
} syn;

static void syn_add(syn *s, const char *str, size_t len, const xmlNode *x)
{
	for (size_t i = 0; i < len; i++)
		s->col += ((unsigned char)str[i] & 0xC0) != 0x80;
	if (s->dry)
		return;
	if (!s->text->len)
		s->tx = x;
	gal_buf_put(s->text, str, len);
}

/* The text written so far into `at`, before a node goes there or `at`
 * changes. */
static void syn_emit(syn *s)
{
	if (s->dry || !s->text->len)
		return;
	gal_imp_add_text(s->w->imp, s->at, s->text->data, s->text->len, s->tx);
	gal_buf_reset(s->text);
}

static void syn_space(syn *s)
{
	if (!s->fresh)
		s->gap = 1;
}

static void syn_flush(syn *s, const xmlNode *x)
{
	if (s->gap) {
		syn_add(s, " ", 1, x);
		s->fresh = 1;
	}
	s->gap = 0;
}

static void syn_word(syn *s, const char *str, size_t len, const xmlNode *x)
{
	syn_flush(s, x);
	syn_add(s, str, len, x);
	s->fresh = 0;
}

/* An opening mark after the space due before it: "[", "{". */
static void syn_open(syn *s, const char *str, const xmlNode *x)
{
	syn_word(s, str, strlen(str), x);
	s->fresh = 1;
}

/* A mark that no space comes before: "]", "...", "(", ");"; `fresh`:
 * none comes after it either. */
static void syn_mark(syn *s, const char *str, const xmlNode *x, int fresh)
{
	s->gap = 0;
	syn_add(s, str, strlen(str), x);
	s->fresh = fresh;
}

static void syn_newline(syn *s, const xmlNode *x)
{
	s->gap = 0;
	if (s->inl && !s->dry) {
		syn_emit(s);
		gal_imp_add(s->w->imp, s->at, GAL_NODE_LINEBREAK, x);
	} else if (!s->inl)
		syn_add(s, "\n", 1, x);
	s->col = 0;
	if (s->hang)
		syn_add(s, s->hang, strlen(s->hang), x);
	s->fresh = 1;
}

/* Text: its words, white space collapsed. */
static void syn_text(syn *s, const xmlNode *t)
{
	const char *p = (const char *)t->content;
	while (p && *p) {
		size_t ws = strspn(p, " \t\r\n");
		if (ws) {
			syn_space(s);
			p += ws;
			continue;
		}
		size_t n = strcspn(p, " \t\r\n");
		syn_word(s, p, n, t);
		p += n;
	}
}

static void syn_node(syn *s, const xmlNode *x, int in_group, int depth);

/* Before a piece of the synopsis: a new line when the piece, and `room`
 * characters after it (a bar, a comma), would not fit on this one. */
static void syn_fit(syn *s, const xmlNode *x, int in_group, int depth, int room)
{
	int hang = s->hang ? (int)strlen(s->hang) : 0;
	/* a piece is measured at each level it is in: only a few levels
	 * fill, so that deep nesting costs no more than a few walks */
	if (s->dry || s->inl || s->col <= hang || depth > SYN_FILL_DEPTH)
		return;
	syn m = *s;
	m.dry = 1;
	m.col = 0;
	m.gap = 0;
	m.fresh = 1;
	syn_node(&m, x, in_group, depth);
	if (s->col + s->gap + m.col + room > SYN_COLS)
		syn_newline(s, x);
}

static void syn_kids(syn *s, const xmlNode *x, int depth)
{
	for (const xmlNode *c = x ? x->children : NULL; c; c = c->next) {
		if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE)
			syn_text(s, c);
		else if (c->type == XML_ELEMENT_NODE)
			syn_node(s, c, 0, depth + 1);
	}
}

/* An element of the synopsis in a node of type t (a replaceable in
 * italics, a function's name in bold). */
static void syn_wrap(syn *s, const xmlNode *x, gal_node_type t, int depth)
{
	syn_flush(s, x);
	syn_emit(s);
	gal_node *old = s->at;
	gal_node *n = s->dry ? NULL : gal_imp_add_el(s->w->imp, s->at, t, x);
	if (n)
		s->at = n;
	syn_kids(s, x, depth);
	syn_emit(s);
	s->at = old;
}

/* A group's choices, parted by bars. */
static void syn_choices(syn *s, const xmlNode *x, int depth)
{
	int n = 0;
	for (const xmlNode *c = x->children; c; c = c->next) {
		if (gal_imp_named(c, "sbr")) {
			syn_newline(s, c);
		} else if (c->type == XML_ELEMENT_NODE) {
			if (n++) {
				syn_mark(s, " |", c, 0);
				s->gap = 1;
			}
			syn_fit(s, c, 1, depth + 1, 2);
			syn_node(s, c, 1, depth + 1);
		}
	}
}

/* arg, group: in brackets by its choice ("[" optional, the default; "{"
 * required; none plain), "..." when it repeats; an arg of a group has
 * no brackets of its own. */
static void syn_arg(syn *s, const xmlNode *x, int in_group, int depth)
{
	const char *choice = gal_imp_attr(s->w->imp, x, "choice");
	const char *rep = gal_imp_attr(s->w->imp, x, "rep");
	int group = gal_imp_named(x, "group");
	int req = choice && !strcmp(choice, "req");
	int bare = (choice && !strcmp(choice, "plain")) || (in_group && !group);
	if (!bare)
		syn_open(s, req ? "{" : "[", x);
	if (group)
		syn_choices(s, x, depth);
	else
		syn_kids(s, x, depth);
	if (rep && !strcmp(rep, "repeat"))
		syn_mark(s, "...", x, 0);
	if (!bare)
		syn_mark(s, req ? "}" : "]", x, 0);
}

/* A function's prototype, ANSI style: "int max(int a, int b);",
 * "void f(void);", "int printf(const char *fmt, ...);"; parameters that
 * do not fit go on under the first. */
static void syn_prototype(syn *s, const xmlNode *x, int depth)
{
	syn_kids(s, gal_imp_child(x, "funcdef"), depth);
	syn_mark(s, "(", x, 1);
	const char *hang = s->hang;
	if (!s->dry)
		s->hang = gal_doc_printf(s->w->doc, "%*s", s->col < SYN_COLS / 2 ? s->col : 8, "");
	int n = 0;
	for (const xmlNode *c = x->children; c; c = c->next) {
		if (!gal_imp_named(c, "paramdef") && !gal_imp_named(c, "void") &&
		    !gal_imp_named(c, "varargs"))
			continue;
		if (n++) {
			syn_mark(s, ",", c, 0);
			s->gap = 1;
		}
		syn_fit(s, c, 0, depth + 1, 2);
		syn_node(s, c, 0, depth + 1);
	}
	s->hang = hang;
	syn_mark(s, ")", x, 0);
	for (const xmlNode *c = x->children; c; c = c->next)
		if (gal_imp_named(c, "modifier")) {
			syn_space(s);
			syn_kids(s, c, depth);
		}
	syn_mark(s, ";", x, 0);
}

/* funcsynopsisinfo: verbatim lines ("#include <stdio.h>"), less the
 * newlines that open it and the white space that closes it. */
static void syn_verbatim(syn *s, const xmlNode *x)
{
	xmlChar *content = xmlNodeGetContent(x);
	const char *t = content ? (const char *)content : "";
	size_t a = strspn(t, "\r\n"), b = strlen(t);
	while (b > a && strchr(" \t\r\n", t[b - 1]))
		b--;
	const char *nl = t + b;
	while (nl > t + a && nl[-1] != '\n')
		nl--;
	syn_flush(s, x);
	if (s->inl && !s->dry) {
		syn_emit(s);
		gal_imp_add_lines(s->w->imp, s->at, t + a, b - a, x);
	} else
		syn_add(s, t + a, b - a, x);
	s->col = (int)(t + b - nl);
	s->fresh = 0;
	xmlFree(content);
}

static void syn_node(syn *s, const xmlNode *x, int in_group, int depth)
{
	const char *name = gal_imp_name(x);
	const gal_el *e = gal_walk_lookup(s->w, x);
	if (depth > GAL_IMP_MAX_DEPTH) {
		const char *t = gal_imp_text(s->w->imp, x);
		syn_word(s, t, strlen(t), x);
	} else if (!strcmp(name, "arg") || !strcmp(name, "group")) {
		syn_arg(s, x, in_group, depth);
	} else if (!strcmp(name, "sbr")) {
		syn_newline(s, x);
	} else if (!strcmp(name, "funcprototype")) {
		syn_prototype(s, x, depth);
	} else if (!strcmp(name, "funcsynopsisinfo")) {
		syn_verbatim(s, x);
	} else if (!strcmp(name, "void")) {
		syn_word(s, "void", 4, x);
	} else if (!strcmp(name, "varargs")) {
		syn_word(s, "...", 3, x);
	} else if (!strcmp(name, "funcparams")) {
		syn_mark(s, "(", x, 1);
		syn_kids(s, x, depth);
		syn_mark(s, ")", x, 0);
	} else if (!strcmp(name, "function")) {
		syn_wrap(s, x, GAL_NODE_STRONG, depth);
	} else if (!strcmp(name, "parameter") || !strcmp(name, "replaceable")) {
		syn_wrap(s, x, GAL_NODE_EMPH, depth);
	} else if (e && e->kind == GAL_K_DROP) {
		/* an index term, a remark */
	} else if (e && e->kind == GAL_K_INLINE && e->type != GAL_NODE_CODE) {
		syn_wrap(s, x, e->type, depth);
	} else {
		/* command, option and the like are monospace already; a
		 * paramdef, a funcdef, a synopfragment: their text */
		if (!e && !s->dry)
			gal_imp_unknown(s->w->imp, x);
		syn_kids(s, x, depth);
	}
}

/* The synopsis x into `at`: a command's pieces parted by spaces, a new
 * line (sbr, or one that fills) indented past the command's name, as a
 * man page hangs it; a function's prototypes one to a line, after a
 * blank line that parts them from the verbatim lines above. */
static void synopsis_into(gal_walker *w, gal_node *at, const xmlNode *x, int inl)
{
	gal_buf text = GAL_BUF_INIT;
	syn s = { w, at, 0, 1, inl, 0, 0, NULL, &text, x };
	int cmd = gal_imp_named(x, "cmdsynopsis");
	const xmlNode *c1 = cmd ? gal_imp_child(x, "command") : NULL;
	const char *name = c1 ? gal_imp_text(w->imp, c1) : NULL;
	if (gal_imp_nonempty(name)) {
		int n = 1;
		for (const char *p = name; *p && n < SYN_COLS / 2; p++)
			n += ((unsigned char)*p & 0xC0) != 0x80;
		s.hang = gal_doc_printf(w->doc, "%*s", n, "");
	}
	const xmlNode *prev = NULL;
	for (const xmlNode *c = x->children; c && !w->imp->stop; c = c->next) {
		if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
			if (cmd)
				syn_text(&s, c);
			continue;
		}
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (cmd) {
			syn_space(&s);
			syn_fit(&s, c, 0, 1, 0);
		} else if (prev) {
			syn_newline(&s, c);
			if (gal_imp_named(prev, "funcsynopsisinfo"))
				syn_newline(&s, c);
		}
		syn_node(&s, c, 0, 1);
		prev = c;
	}
	syn_emit(&s);
	gal_buf_free(&text);
}

static void h_synopsis(gal_walker *w, gal_node *box, const xmlNode *x)
{
	gal_node *pre = gal_imp_add_el(w->imp, box, GAL_NODE_PRE, x);
	if (pre)
		synopsis_into(w, pre, x, 0);
}

/* a synopsis in running text, where no block can stand: in code */
static void i_synopsis(gal_walker *w, gal_flow *f, gal_node *parent, const xmlNode *x)
{
	gal_node *h = gal_flow_open(w, f, parent, x);
	gal_node *code = h ? gal_imp_add_el(w->imp, h, GAL_NODE_CODE, x) : NULL;
	if (!code)
		return;
	synopsis_into(w, code, x, 1);
	gal_flow_emitted(f);
}

/* ---- block handlers ------------------------------------------------------- */

enum { SKIP_TITLE = 1, SKIP_ATTRIB = 2 };

static void h_formalpara(gal_walker *w, gal_node *box, const xmlNode *x)
{
	gal_flow f;
	gal_flow_init(&f, box);
	f.src = x;
	const xmlNode *t = title_of(x, "title");
	if (t) {
		gal_node *p = gal_flow_holder(w, &f, NULL, t);
		gal_node *s = gal_imp_add(w->imp, p, GAL_NODE_STRONG, t);
		gal_walk_fill(w, s, t);
		const char *tt = s ? gal_node_text(w->doc, s) : "";
		size_t n = strlen(tt);
		int punct = n && strchr(".:;!?", tt[n - 1]);
		if (s && n)
			gal_imp_add_text(w->imp, s, ".", punct ? 0 : 1, t);
		gal_imp_add_text(w->imp, p, " ", 1, t);
		f.any = 1;
		f.space = 1;
	}
	for (const xmlNode *c = x->children; c; c = c->next) {
		if (gal_imp_named(c, "title") || is_info(c))
			continue;
		if (gal_imp_named(c, "para"))
			gal_walk_kids(w, &f, NULL, c);
		else
			gal_walk(w, &f, NULL, c);
	}
}

static void h_title(gal_walker *w, gal_node *box, const xmlNode *x)
{
	gal_walk_bold_para(w, box, x, x);
}

/* What a division is in a book's outline, by its element: prep numbers
 * and labels it by this. DocBook numbers chapters, sections, appendices
 * and parts (a reference is a part of man pages), nothing else: not a
 * man page nor its sections; each book of a set numbers its own. */
static int division_kind(const xmlNode *x)
{
	static const char *const unnumbered[] = {
		"preface", "dedication", "colophon", "acknowledgements", "glossary",
		"article", "refentry", "refnamediv", "refsynopsisdiv", "refsect1",
		"refsect2", "refsect3", "refsection", NULL
	};
	if (gal_imp_named(x, "part") || gal_imp_named(x, "reference"))
		return GAL_DIV_PART;
	if (gal_imp_named(x, "book") || gal_imp_named(x, "set"))
		return GAL_DIV_BOOK;
	if (gal_imp_named(x, "appendix"))
		return GAL_DIV_APPENDIX;
	for (int i = 0; unnumbered[i]; i++)
		if (gal_imp_named(x, unnumbered[i]))
			return GAL_DIV_UNNUMBERED;
	return GAL_DIV_PLAIN;
}

static void h_titled(gal_walker *w, gal_node *box, const xmlNode *x);

/* The names of author, corpauthor and the authors of an authorgroup,
 * joined by commas, onto b. */
static void author_names(gal_walker *w, gal_buf *b, const xmlNode *c)
{
	if (gal_imp_named(c, "authorgroup")) {
		for (const xmlNode *a = c->children; a; a = a->next)
			if (gal_imp_named(a, "author") || gal_imp_named(a, "corpauthor"))
				author_names(w, b, a);
		return;
	}
	const char *name = person_name(w, c);
	if (name) {
		gal_buf_puts(b, b->len ? ", " : "");
		gal_buf_puts(b, name);
	}
}

/* A line of text s: onto *lines, a paragraph of short lines in box (made
 * on first use), after a line break; a target of links when id is given. */
static void add_line(gal_walker *w, gal_node *box, gal_node **lines, const char *s,
		     const xmlNode *x, const char *id)
{
	if (!gal_imp_nonempty(s))
		return;
	if (!*lines)
		*lines = gal_imp_add(w->imp, box, GAL_NODE_PARA, x);
	else
		gal_imp_add(w->imp, *lines, GAL_NODE_LINEBREAK, x);
	gal_node *into = *lines;
	if (gal_imp_nonempty(id) && (into = gal_imp_add(w->imp, *lines, GAL_NODE_SPAN, x)))
		into->id = id;
	gal_imp_add_text(w->imp, into, s, strlen(s), x);
}

/* The first element named name below x (a few levels down), or NULL. */
static const xmlNode *descendant(const xmlNode *x, const char *name, int depth)
{
	for (const xmlNode *c = x ? x->children : NULL; c && depth < 4; c = c->next) {
		if (gal_imp_named(c, name))
			return c;
		const xmlNode *d = gal_imp_is_el(c) ? descendant(c, name, depth + 1) : NULL;
		if (d)
			return d;
	}
	return NULL;
}

/* A book's credits, as its title page verso lists them: each author (or
 * editor, other credit) with affiliation and e-mail address, a line of
 * its own. */
static void credits(gal_walker *w, gal_node *box, gal_node **lines, const xmlNode *c)
{
	if (gal_imp_named(c, "authorgroup")) {
		for (const xmlNode *a = c->children; a; a = a->next)
			if (gal_imp_is_el(a))
				credits(w, box, lines, a);
		return;
	}
	if (!gal_imp_named(c, "author") && !gal_imp_named(c, "editor") &&
	    !gal_imp_named(c, "othercredit") && !gal_imp_named(c, "corpauthor"))
		return;
	const char *name = person_name(w, c);
	const xmlNode *af = gal_imp_child(c, "affiliation");
	const xmlNode *org = af ? gal_imp_child(af, "orgname") : NULL;
	const xmlNode *mail = descendant(c, "email", 0);
	gal_buf b = GAL_BUF_INIT;
	const char *parts[] = { name, org ? gal_imp_text(w->imp, org) : NULL,
				mail ? gal_imp_text(w->imp, mail) : NULL };
	for (size_t i = 0; i < sizeof parts / sizeof *parts; i++)
		if (gal_imp_nonempty(parts[i])) {
			gal_buf_puts(&b, b.len ? ", " : "");
			gal_buf_puts(&b, parts[i]);
		}
	/* cross-references to the person (<link linkend="lnoor">) land here */
	const char *id = gal_imp_attr(w->imp, c, "id");
	const xmlNode *pn = gal_imp_child(c, "personname");
	if (!gal_imp_nonempty(id) && pn)
		id = gal_imp_attr(w->imp, pn, "id");
	if (b.len)
		add_line(w, box, lines, gal_doc_strndup(w->doc, b.data, b.len), c, id);
	gal_buf_free(&b);
}

/* What a title block cannot show of a division's info opens box: for a
 * book (or another division standing as the root; its title, authors'
 * names, date and abstract are the document's metadata) its credits,
 * copyright and release information as lines of one paragraph, then its
 * legal notices; for an article of a book its byline and abstract too.
 * An article's own info stays metadata. */
static void front_matter(gal_walker *w, gal_node *box, const xmlNode *x, int article)
{
	gal_node *lines = NULL;
	gal_buf by = GAL_BUF_INIT;
	const char *by_word = gal_labels_for(lang_of(w, x))->by;
	for (const xmlNode *i = x->children; i; i = i->next) {
		for (const xmlNode *c = is_info(i) ? i->children : NULL; c; c = c->next) {
			if (article && (gal_imp_named(c, "author") || gal_imp_named(c, "corpauthor") ||
					gal_imp_named(c, "authorgroup"))) {
				author_names(w, &by, c);
				continue;
			}
			if (by.len && gal_imp_is_el(c)) {
				add_line(w, box, &lines, gal_doc_printf(w->doc, "%s %s", by_word,
									by.data), c, NULL);
				by.len = 0;
			}
			if (!article)
				credits(w, box, &lines, c);
			if (gal_imp_named(c, "copyright"))
				add_line(w, box, &lines, copyright_text(w, c), c, NULL);
			else if (gal_imp_named(c, "releaseinfo") && !rcs_keyword(gal_imp_text(w->imp, c)))
				add_line(w, box, &lines, gal_imp_text(w->imp, c), c, NULL);
			else if ((article && gal_imp_named(c, "abstract")) ||
				 gal_imp_named(c, "legalnotice")) {
				h_titled(w, box, c);
				lines = NULL;
			}
		}
	}
	if (by.len)
		add_line(w, box, &lines, gal_doc_printf(w->doc, "%s %s", by_word, by.data), x,
			 NULL);
	gal_buf_free(&by);
}

/* A man page's name as its header shows it, "xsltproc(1)": its
 * refentrytitle, else its first refname, with its manvolnum in
 * parentheses (DocBook's stylesheets title a refentry so, not by its
 * refentryinfo's title); NULL when it has no name. */
static const char *refentry_name(gal_walker *w, const xmlNode *x)
{
	const xmlNode *meta = gal_imp_child(x, "refmeta");
	const xmlNode *t = meta ? gal_imp_child(meta, "refentrytitle") : NULL;
	if (!t || !gal_imp_nonempty(gal_imp_text(w->imp, t)))
		t = gal_imp_child(gal_imp_child(x, "refnamediv"), "refname");
	const char *name = t ? gal_imp_text(w->imp, t) : NULL;
	if (!gal_imp_nonempty(name))
		return NULL;
	const xmlNode *v = meta ? gal_imp_child(meta, "manvolnum") : NULL;
	const char *vol = v ? gal_imp_text(w->imp, v) : NULL;
	return gal_imp_nonempty(vol) ? gal_doc_printf(w->doc, "%s(%s)", name, vol) : name;
}

/* A HEADING of plain text s in sec. */
static void heading_text(gal_walker *w, gal_node *sec, const char *s, const xmlNode *x)
{
	gal_imp_add_text(w->imp, gal_imp_add(w->imp, sec, GAL_NODE_HEADING, x), s, strlen(s), x);
}

/* A division's heading: a man page's name, else its title t; an
 * untitled preface or synopsis is headed as what it is. */
static void section_heading(gal_walker *w, gal_node *sec, const xmlNode *x,
			    const xmlNode *t)
{
	const gal_labels *l = gal_labels_for(lang_of(w, x));
	const char *s = gal_imp_named(x, "refentry") ? refentry_name(w, x) : NULL;
	if (!s && t)
		gal_walk_fill(w, gal_imp_add(w->imp, sec, GAL_NODE_HEADING, t), t);
	else if (s)
		heading_text(w, sec, s, x);
	else if (gal_imp_named(x, "preface"))
		heading_text(w, sec, l->preface, x);
	else if (gal_imp_named(x, "refsynopsisdiv"))
		heading_text(w, sec, l->synopsis, x);
}

/* section, sect1..., chapter, appendix, preface, part, an article or a
 * book of a set, a man page and its sections: a SECTION of its kind,
 * under its heading and subtitle. */
static void h_section(gal_walker *w, gal_node *box, const xmlNode *x)
{
	const xmlNode *t = title_of(x, "title");
	const xmlNode *st = title_of(x, "subtitle");
	gal_node *into = box;
	if (gal_node_can_contain(box->type, GAL_NODE_SECTION)) {
		gal_node *sec = gal_imp_add_el(w->imp, box, GAL_NODE_SECTION, x);
		if (!sec)
			return;
		sec->section_kind = division_kind(x);
		into = sec;
		section_heading(w, sec, x, t);
	} else if (t) {
		gal_walk_bold_para(w, box, t, x);
	}
	if (st) {
		gal_node *p = gal_imp_add(w->imp, into, GAL_NODE_PARA, st);
		gal_walk_fill(w, gal_imp_add(w->imp, p, GAL_NODE_EMPH, st), st);
	}
	if (gal_imp_named(x, "article") || gal_imp_named(x, "book"))
		front_matter(w, into, x, gal_imp_named(x, "article"));
	body(w, into, x, SKIP_TITLE);
}

/* refnamediv: a man page's NAME as DocBook's stylesheets set it, a
 * section headed "Name" (in the page's language) whose paragraph reads
 * "name, name — purpose"; a refdescriptor stands for the names. */
static void h_refnamediv(gal_walker *w, gal_node *box, const xmlNode *x)
{
	gal_node *into = box;
	if (gal_node_can_contain(box->type, GAL_NODE_SECTION)) {
		into = gal_imp_add_el(w->imp, box, GAL_NODE_SECTION, x);
		if (!into)
			return;
		into->section_kind = GAL_DIV_UNNUMBERED;
		heading_text(w, into, gal_labels_for(lang_of(w, x))->name, x);
	}
	gal_node *p = into == box ? gal_imp_add_el(w->imp, box, GAL_NODE_PARA, x) :
		      gal_imp_add(w->imp, into, GAL_NODE_PARA, x);
	if (!p)
		return;
	const xmlNode *desc = gal_imp_child(x, "refdescriptor");
	int names = 0;
	for (const xmlNode *c = x->children; c; c = c->next) {
		if (desc ? c != desc : !gal_imp_named(c, "refname"))
			continue;
		if (names++)
			gal_imp_add_text(w->imp, p, ", ", 2, c);
		gal_walk_fill(w, p, c);
	}
	const xmlNode *purpose = gal_imp_child(x, "refpurpose");
	if (purpose && names)
		gal_imp_add_text(w->imp, p, " \u2014 ", strlen(" \u2014 "), purpose);
	gal_walk_fill(w, p, purpose);
}

/* BACK, made once; what follows in the article goes into it. */
static gal_node *ensure_back(gal_walker *w, const xmlNode *x)
{
	if (!DB(w)->back)
		DB(w)->back = gal_imp_add(w->imp, w->doc->root, GAL_NODE_BACK, x);
	return DB(w)->back;
}

static void h_appendix(gal_walker *w, gal_node *box, const xmlNode *x)
{
	if (box == w->doc->root || box == DB(w)->back) {
		gal_node *back = ensure_back(w, x);
		if (back)
			box = back;
	}
	h_section(w, box, x);
}

static void h_admon(gal_walker *w, gal_node *box, const xmlNode *x)
{
	static const struct { const char *name; int kind; } kinds[] = {
		{ "note", GAL_ASIDE_NOTE }, { "tip", GAL_ASIDE_TIP },
		{ "warning", GAL_ASIDE_WARNING }, { "caution", GAL_ASIDE_CAUTION },
		{ "important", GAL_ASIDE_IMPORTANT }, { "danger", GAL_ASIDE_WARNING },
	};
	int kind = GAL_ASIDE_BOX;
	for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++)
		if (gal_imp_named(x, kinds[i].name))
			kind = kinds[i].kind;
	gal_node *a = gal_imp_add_el(w->imp, box, GAL_NODE_ASIDE, x);
	if (!a)
		return;
	a->aside_kind = kind;
	const xmlNode *t = title_of(x, "title");
	if (t)
		gal_walk_fill(w, gal_imp_add(w->imp, a, GAL_NODE_HEADING, t), t);
	body(w, a, x, SKIP_TITLE);
}

static void h_blockquote(gal_walker *w, gal_node *box, const xmlNode *x)
{
	gal_node *q = gal_imp_add_el(w->imp, box, GAL_NODE_BLOCKQUOTE, x);
	if (!q)
		return;
	const xmlNode *t = title_of(x, "title");
	if (t)
		gal_walk_bold_para(w, q, t, NULL);
	body(w, q, x, SKIP_TITLE | SKIP_ATTRIB);
	const xmlNode *at = gal_imp_child(x, "attribution");
	if (at)
		gal_walk_fill(w, gal_imp_add(w->imp, q, GAL_NODE_ATTRIBUTION, at), at);
}

/* Transparent blocks with an optional title: example, task, qandadiv... */
static void h_titled(gal_walker *w, gal_node *box, const xmlNode *x)
{
	const xmlNode *t = title_of(x, "title");
	if (t)
		gal_walk_bold_para(w, box, t, x);
	body(w, box, x, SKIP_TITLE);
}

/* ---- lists ---------------------------------------------------------------- */

/* Items: the element names that make an ITEM in each list. */
static int is_item(const xmlNode *c)
{
	static const char *const names[] = {
		"listitem", "step", "callout", "member", "varlistentry",
		"glossentry", "seglistitem", "bibliomixed", NULL
	};
	for (int i = 0; names[i]; i++)
		if (gal_imp_named(c, names[i]))
			return 1;
	return 0;
}

static void item_terms(gal_walker *w, gal_node *item, const xmlNode *x, const char *name)
{
	gal_node *term = NULL;
	for (const xmlNode *c = x->children; c; c = c->next) {
		if (!gal_imp_named(c, name))
			continue;
		if (!term) {
			term = gal_imp_add_el(w->imp, item, GAL_NODE_TERM, c);
		} else {
			gal_imp_add_text(w->imp, term, ", ", 2, c);
		}
		gal_walk_fill(w, term, c);
	}
	if (term && !strcmp(name, "glossterm")) {
		/* a glossary entry's acronym follows its term */
		const xmlNode *a = gal_imp_child(x, "acronym");
		if (!a)
			a = gal_imp_child(x, "abbrev");
		if (a) {
			gal_imp_add_text(w->imp, term, " (", 2, a);
			gal_walk_fill(w, gal_imp_add(w->imp, term, GAL_NODE_ABBR, a), a);
			gal_imp_add_text(w->imp, term, ")", 1, a);
		}
	}
}

static void gloss_refs(gal_walker *w, gal_node *item, const xmlNode *x)
{
	for (const xmlNode *c = x->children; c; c = c->next) {
		if (!gal_imp_named(c, "glosssee") && !gal_imp_named(c, "glossseealso"))
			continue;
		gal_node *p = gal_imp_add(w->imp, item, GAL_NODE_PARA, c);
		const char *other = gal_imp_attr(w->imp, c, "otherterm");
		if (!p || (!has_content(c) && !gal_imp_nonempty(other)))
			continue;
		/* "See Term.", "See also Term.", as DocBook's stylesheets write */
		const gal_labels *l = gal_labels_for(lang_of(w, c));
		const char *see = gal_imp_named(c, "glosssee") ? l->see : l->see_also;
		gal_imp_add_text(w->imp, p, see, strlen(see), c);
		gal_imp_add_text(w->imp, p, " ", 1, c);
		if (gal_imp_nonempty(other)) {
			gal_node *r = gal_imp_add(w->imp, p, GAL_NODE_XREF, c);
			if (r)
				r->url = other;
			gal_walk_fill(w, r, c);
		} else {
			gal_walk_fill(w, p, c);
		}
		gal_imp_add_text(w->imp, p, ".", 1, c);
	}
}

static void seg_item(gal_walker *w, gal_node *item, const xmlNode *x,
		     const xmlNode *list)
{
	gal_node *p = gal_imp_add(w->imp, item, GAL_NODE_PARA, x);
	const xmlNode *st = list->children;
	int n = 0;
	for (const xmlNode *c = x->children; c; c = c->next) {
		if (!gal_imp_named(c, "seg"))
			continue;
		while (st && !gal_imp_named(st, "segtitle"))
			st = st->next;
		if (n++)
			gal_imp_add(w->imp, p, GAL_NODE_LINEBREAK, c);
		if (st) {
			gal_node *s = gal_imp_add(w->imp, p, GAL_NODE_STRONG, st);
			gal_walk_fill(w, s, st);
			gal_imp_add_text(w->imp, s, ":", 1, st);
			gal_imp_add_text(w->imp, p, " ", 1, st);
			st = st->next;
		}
		gal_walk_fill(w, p, c);
	}
}

static void make_item_body(gal_walker *w, gal_node *item, const xmlNode *c, const xmlNode *lx);

static void make_item(gal_walker *w, gal_node *list, const xmlNode *c, const xmlNode *lx)
{
	gal_node *item = gal_imp_add_el(w->imp, list, GAL_NODE_ITEM, c);
	if (!item)
		return;
	make_item_body(w, item, c, lx);
	/* a cross-reference to an entry names its term */
	if (item->id && item->first && item->first->type == GAL_NODE_TERM &&
	    !item->first->id) {
		item->first->id = item->id;
		item->id = NULL;
	}
}

static void make_item_body(gal_walker *w, gal_node *item, const xmlNode *c, const xmlNode *lx)
{
	if (gal_imp_named(c, "varlistentry")) {
		item_terms(w, item, c, "term");
		for (const xmlNode *li = c->children; li; li = li->next)
			if (gal_imp_named(li, "listitem"))
				body(w, item, li, 0);
	} else if (gal_imp_named(c, "glossentry")) {
		item_terms(w, item, c, "glossterm");
		for (const xmlNode *g = c->children; g; g = g->next)
			if (gal_imp_named(g, "glossdef"))
				body(w, item, g, 0);
		gloss_refs(w, item, c);
	} else if (gal_imp_named(c, "seglistitem")) {
		seg_item(w, item, c, lx);
	} else if (gal_imp_named(c, "bibliomixed")) {
		gal_walk_fill(w, gal_imp_add(w->imp, item, GAL_NODE_PARA, c), c);
	} else {
		body(w, item, c, 0);
	}
}

/* orderedlist: numeration (arabic, loweralpha, upperalpha, lowerroman,
 * upperroman), startingnumber (or the first item's override), else
 * continuation="continues" from the last ordered list; simplelist and
 * itemizedlist mark="none" have no markers. */
static void list_numbering(gal_walker *w, gal_node *list, const xmlNode *x, const xmlNode *first)
{
	static const struct { const char *name; int numbering; } nums[] = {
		{ "loweralpha", GAL_NUM_LOWER_ALPHA }, { "upperalpha", GAL_NUM_UPPER_ALPHA },
		{ "lowerroman", GAL_NUM_LOWER_ROMAN }, { "upperroman", GAL_NUM_UPPER_ROMAN },
	};

	if (list->list_type == GAL_LIST_BULLET) {
		const char *mark = gal_imp_attr(w->imp, x, "mark");
		if (!strcmp(gal_imp_name(x), "simplelist") || (mark && !strcmp(mark, "none")))
			list->numbering = GAL_NUM_NONE;
		return;
	}
	if (list->list_type != GAL_LIST_ORDERED)
		return;
	const char *num = gal_imp_attr(w->imp, x, "numeration");
	for (size_t k = 0; num && k < sizeof nums / sizeof *nums; k++)
		if (!strcmp(num, nums[k].name))
			list->numbering = nums[k].numbering;
	const char *s = gal_imp_attr(w->imp, x, "startingnumber");
	if (!s)
		s = gal_imp_attr(w->imp, first, "override");
	const char *cont = gal_imp_attr(w->imp, x, "continuation");
	if (!s && cont && !strcmp(cont, "continues") && DB(w)->olist) {
		int n = 0;
		for (const gal_node *c = DB(w)->olist->first; c; c = c->next)
			n += c->type == GAL_NODE_ITEM;
		list->start = DB(w)->olist->start + n;
		return;
	}
	list->start = gal_imp_int(s, 1);
}

static void h_list(gal_walker *w, gal_node *box, const xmlNode *x)
{
	const char *name = gal_imp_name(x);
	int type = GAL_LIST_BULLET;
	if (!strcmp(name, "orderedlist") || !strcmp(name, "procedure") ||
	    !strcmp(name, "substeps") || !strcmp(name, "calloutlist"))
		type = GAL_LIST_ORDERED;
	else if (!strcmp(name, "variablelist") || !strcmp(name, "glosslist"))
		type = GAL_LIST_DEFINITION;
	gal_node *list = NULL;
	gal_flow f;
	gal_flow_init(&f, box);
	for (const xmlNode *c = x->children; c; c = c->next) {
		if (w->imp->stop)
			return;
		if (gal_imp_is_el(c) && is_item(c)) {
			gal_flow_close(&f);
			if (!list) {
				list = gal_imp_add_el(w->imp, box, GAL_NODE_LIST, x);
				if (!list)
					return;
				list->list_type = type;
				list_numbering(w, list, x, c);
			}
			make_item(w, list, c, x);
			continue;
		}
		if (is_info(c) || gal_imp_named(c, "segtitle") || gal_imp_named(c, "titleabbrev"))
			continue;
		if (list && gal_imp_is_el(c) && !gal_imp_named(c, "title")) {
			/* blocks after the items stay after the list */
			list = NULL;
		}
		gal_walk(w, &f, NULL, c);
	}
	if (list && list->list_type == GAL_LIST_ORDERED)
		DB(w)->olist = list;
}

/* glossentry outside a glosslist (glossary, glossdiv): consecutive ones
 * share one definition list. */
static void h_glossentry(gal_walker *w, gal_node *box, const xmlNode *x)
{
	if (!DB(w)->gloss || box->last != DB(w)->gloss) {
		DB(w)->gloss = gal_imp_add(w->imp, box, GAL_NODE_LIST, x);
		if (!DB(w)->gloss)
			return;
		DB(w)->gloss->list_type = GAL_LIST_DEFINITION;
	}
	make_item(w, DB(w)->gloss, x, NULL);
}

/* ---- figures and media ---------------------------------------------------- */

static int readable_image(const char *ref)
{
	static const char *const ext[] = { ".png", ".jpg", ".jpeg", ".svg", ".gif",
					   ".tif", ".tiff", NULL };
	const char *dot = ref ? strrchr(ref, '.') : NULL;
	if (!dot)
		return 0;
	for (int i = 0; ext[i]; i++)
		if (!strcasecmp(dot, ext[i]))
			return 1;
	return 0;
}

/* The image file of a media object: the first imageobject we can read,
 * else the first one at all (DocBook lists alternatives). */
static const xmlNode *pick_imagedata(gal_walker *w, const xmlNode *m)
{
	const xmlNode *first = NULL;
	for (const xmlNode *c = m->children; c; c = c->next) {
		const xmlNode *io = c;
		if (gal_imp_named(c, "imageobjectco"))
			io = gal_imp_child(c, "imageobject");
		if (!io || !gal_imp_named(io, "imageobject"))
			continue;
		const xmlNode *id = gal_imp_child(io, "imagedata");
		const char *ref = id ? gal_imp_attr(w->imp, id, "fileref") : NULL;
		if (!gal_imp_nonempty(ref))
			continue;
		if (!first)
			first = id;
		if (readable_image(ref))
			return id;
	}
	return first;
}

/* A media object into a FIGURE: its image, its caption. Returns whether an
 * image was found. */
static int media_into(gal_walker *w, gal_node *fig, const xmlNode *m, gal_node **cap)
{
	const xmlNode *id = NULL;
	if (gal_imp_named(m, "graphic") || gal_imp_named(m, "imagedata"))
		id = m;
	else if (gal_imp_named(m, "imageobject"))
		id = gal_imp_child(m, "imagedata");
	else
		id = pick_imagedata(w, m);
	const char *ref = id ? gal_imp_attr(w->imp, id, "fileref") : NULL;
	int found = 0;
	if (gal_imp_nonempty(ref)) {
		gal_node *img = gal_imp_add(w->imp, fig, GAL_NODE_IMAGE, id);
		if (img) {
			img->url = ref;
			img->title = media_alt(w, m);
			gal_imp_ids(w->imp, img, m);
			found = 1;
		}
	}
	const xmlNode *c = gal_imp_child(m, "caption");
	if (c)
		gal_walk_caption(w, cap, c, 0);
	if (!found) {
		/* no image: the text alternative is the content */
		const char *alt = media_alt(w, m);
		if (gal_imp_nonempty(alt)) {
			gal_node *p = gal_imp_add(w->imp, fig, GAL_NODE_PARA, m);
			gal_imp_add_text(w->imp, p, alt, strlen(alt), m);
		}
	}
	return found;
}

static int is_media(const xmlNode *c)
{
	return gal_imp_named(c, "mediaobject") || gal_imp_named(c, "mediaobjectco") ||
	       gal_imp_named(c, "graphic") || gal_imp_named(c, "inlinemediaobject") ||
	       gal_imp_named(c, "imageobject") || gal_imp_named(c, "imageobjectco");
}

/* figure, informalfigure. The model's figures hold pictures (both
 * outputs set nothing else in one): a figure of no picture (a table, a
 * listing) is its content under its title, and the blocks of one with a
 * picture follow it. */
static void h_figure(gal_walker *w, gal_node *box, const xmlNode *x)
{
	int pictures = 0;
	for (const xmlNode *c = x->children; c && !pictures; c = c->next)
		pictures = is_media(c) || gal_imp_named(c, "screenshot");
	if (!pictures) {
		h_titled(w, box, x);
		return;
	}
	gal_node *fig = gal_imp_add_el(w->imp, box, GAL_NODE_FIGURE, x);
	if (!fig)
		return;
	gal_node *cap = NULL;
	const xmlNode *t = title_of(x, "title");
	if (t)
		gal_walk_caption(w, &cap, t, 0);
	gal_flow f;
	gal_flow_init(&f, box);
	for (const xmlNode *c = x->children; c; c = c->next) {
		if (gal_imp_named(c, "title") || gal_imp_named(c, "titleabbrev") || is_info(c))
			continue;
		if (gal_imp_named(c, "screenshot")) {
			for (const xmlNode *g = c->children; g; g = g->next)
				if (is_media(g))
					media_into(w, fig, g, &cap);
			continue;
		}
		if (is_media(c)) {
			gal_flow_close(&f);
			media_into(w, fig, c, &cap);
			continue;
		}
		if (gal_imp_named(c, "caption")) {
			gal_walk_caption(w, &cap, c, 0);
			continue;
		}
		gal_walk(w, &f, NULL, c);
	}
	if (cap && cap->first)
		gal_node_append_child(fig, cap);
}

static void h_media(gal_walker *w, gal_node *box, const xmlNode *x)
{
	if (!pick_imagedata(w, x) && !gal_imp_named(x, "graphic")) {
		/* no picture at all: keep the text alternative and caption */
		const char *alt = media_alt(w, x);
		if (gal_imp_nonempty(alt)) {
			gal_node *p = gal_imp_add(w->imp, box, GAL_NODE_PARA, x);
			gal_imp_add_text(w->imp, p, alt, strlen(alt), x);
		}
		const xmlNode *c = gal_imp_child(x, "caption");
		if (c)
			body(w, box, c, 0);
		return;
	}
	gal_node *fig = gal_imp_add_el(w->imp, box, GAL_NODE_FIGURE, x);
	if (!fig)
		return;
	gal_node *cap = NULL;
	media_into(w, fig, x, &cap);
	if (cap && cap->first)
		gal_node_append_child(fig, cap);
}

static void h_screenshot(gal_walker *w, gal_node *box, const xmlNode *x)
{
	for (const xmlNode *c = x->children; c; c = c->next)
		if (is_media(c))
			h_media(w, box, c);
}

/* equation, informalequation. A formal equation (one with a title) is
 * numbered as JATS labels its display formulas, "(1)", its title in bold
 * before it; a picture of the formula is a figure under that label and
 * title. */
static void h_equation(gal_walker *w, gal_node *box, const xmlNode *x)
{
	const xmlNode *t = title_of(x, "title");
	int formal = t && gal_imp_named(x, "equation");
	if (!gal_node_can_contain(box->type, GAL_NODE_MATH_BLOCK)) {
		gal_flow f;
		gal_flow_init(&f, box);
		f.src = x;
		i_math(w, &f, gal_flow_holder(w, &f, NULL, x), x);
		return;
	}
	/* what the equation makes, held aside until its title is placed */
	gal_node *held = gal_imp_new(w->imp, GAL_NODE_FIGURE, x);
	if (!held)
		return;
	if (math_into(w, held, x, GAL_NODE_MATH_BLOCK)) {
		if (t)
			gal_walk_bold_para(w, box, t, NULL);
		gal_node *first = held->first;
		gal_imp_ids(w->imp, first, x);
		if (formal)
			first->label = gal_doc_printf(w->doc, "(%d)", ++DB(w)->neq);
		while (held->first) {
			gal_node *c = held->first;
			gal_node_unlink(c);
			gal_node_append_child(box, c);
		}
		return;
	}
	const xmlNode *m = NULL;
	for (const xmlNode *c = x->children; c && !m; c = c->next)
		if (is_media(c))
			m = c;
	if (m && t) {
		gal_node *cap = NULL;
		gal_imp_ids(w->imp, held, x);
		media_into(w, held, m, &cap);
		gal_walk_caption(w, &cap, t, 0);
		if (cap && cap->first)
			gal_node_append_child(held, cap);
		if (formal)
			held->label = gal_doc_printf(w->doc, "(%d)", ++DB(w)->neq);
		gal_node_append_child(box, held);
	} else if (m) {
		h_media(w, box, m);
	} else if (t) {
		gal_walk_bold_para(w, box, t, x);
	}
}

/* ---- tables --------------------------------------------------------------- */

typedef struct colinfo {
	const char *name;
	int num, align;
} colinfo;

typedef struct spaninfo {
	const char *name, *st, *end;
} spaninfo;

typedef struct tgroup {
	colinfo *cols;
	size_t ncols;
	spaninfo *spans;
	size_t nspans;
	int align;
	int next_num;
} tgroup;

static void tg_colspec(gal_walker *w, tgroup *tg, const xmlNode *c)
{
	tg->cols = xrealloc(tg->cols, (tg->ncols + 1) * sizeof *tg->cols);
	colinfo *ci = &tg->cols[tg->ncols++];
	ci->name = gal_imp_attr(w->imp, c, "colname");
	ci->num = gal_imp_int(gal_imp_attr(w->imp, c, "colnum"), tg->next_num + 1);
	if (ci->num < 1 || ci->num > GAL_IMP_MAX_SPAN)
		ci->num = tg->next_num + 1;
	tg->next_num = ci->num;
	ci->align = gal_imp_align(gal_imp_attr(w->imp, c, "align"));
}

static void tg_spanspec(gal_walker *w, tgroup *tg, const xmlNode *c)
{
	tg->spans = xrealloc(tg->spans, (tg->nspans + 1) * sizeof *tg->spans);
	spaninfo *s = &tg->spans[tg->nspans++];
	s->name = gal_imp_attr(w->imp, c, "spanname");
	s->st = gal_imp_attr(w->imp, c, "namest");
	s->end = gal_imp_attr(w->imp, c, "nameend");
}

static const colinfo *tg_col(const tgroup *tg, const char *name)
{
	for (size_t i = 0; name && i < tg->ncols; i++)
		if (tg->cols[i].name && !strcmp(tg->cols[i].name, name))
			return &tg->cols[i];
	return NULL;
}

static const spaninfo *tg_span(const tgroup *tg, const char *name)
{
	for (size_t i = 0; name && i < tg->nspans; i++)
		if (tg->spans[i].name && !strcmp(tg->spans[i].name, name))
			return &tg->spans[i];
	return NULL;
}

static void make_cell(gal_walker *w, gal_node *row, const xmlNode *e, tgroup *tg,
		      int header, int *col)
{
	gal_node *cell = gal_imp_add_el(w->imp, row, GAL_NODE_TCELL, e);
	if (!cell)
		return;
	cell->header = header || gal_imp_named(e, "th");
	const colinfo *c1 = NULL, *c2 = NULL;
	const char *st = gal_imp_attr(w->imp, e, "namest"), *end = gal_imp_attr(w->imp, e, "nameend");
	const spaninfo *sp = tg_span(tg, gal_imp_attr(w->imp, e, "spanname"));
	if (sp) {
		st = sp->st;
		end = sp->end;
	}
	c1 = tg_col(tg, st ? st : gal_imp_attr(w->imp, e, "colname"));
	c2 = tg_col(tg, end);
	if (c1 && c2 && c2->num >= c1->num)
		cell->colspan = gal_imp_clamp_span(c2->num - c1->num + 1);
	else
		cell->colspan = gal_imp_clamp_span(gal_imp_int(gal_imp_attr(w->imp, e, "colspan"), 1));
	const char *mr = gal_imp_attr(w->imp, e, "morerows");
	if (mr)
		cell->rowspan = gal_imp_clamp_span(gal_imp_int(mr, 0) + 1);
	else
		cell->rowspan = gal_imp_clamp_span(gal_imp_int(gal_imp_attr(w->imp, e, "rowspan"), 1));
	int at = c1 ? c1->num : *col;
	cell->align = gal_imp_align(gal_imp_attr(w->imp, e, "align"));
	if (cell->align == GAL_ALIGN_DEFAULT) {
		for (size_t i = 0; i < tg->ncols; i++)
			if (tg->cols[i].num == at)
				cell->align = tg->cols[i].align;
		if (cell->align == GAL_ALIGN_DEFAULT)
			cell->align = tg->align;
	}
	*col = at + cell->colspan;
	gal_walk_fill(w, cell, e);
}

static int is_cell(const xmlNode *c)
{
	return gal_imp_named(c, "entry") || gal_imp_named(c, "entrytbl") || gal_imp_named(c, "td") ||
	       gal_imp_named(c, "th");
}

static int is_row(const xmlNode *c)
{
	return gal_imp_named(c, "row") || gal_imp_named(c, "tr");
}

static void make_row(gal_walker *w, gal_node *sec, const xmlNode *r, tgroup *tg, int header)
{
	gal_node *row = gal_imp_add_el(w->imp, sec, GAL_NODE_TROW, r);
	if (!row)
		return;
	int col = 1;
	for (const xmlNode *c = r->children; c; c = c->next)
		if (is_cell(c))
			make_cell(w, row, c, tg, header, &col);
}

/* thead/tbody/tfoot (or a table's bare rows): rows, and cells that stand
 * without a row (pandoc writes thead > th) get one. */
static void make_tsec(gal_walker *w, gal_node *table, const xmlNode *x, int kind,
		      tgroup *tg)
{
	gal_node *sec = gal_imp_add(w->imp, table, GAL_NODE_TSECTION, x);
	if (!sec)
		return;
	sec->tsection = kind;
	int header = kind == GAL_TSEC_HEAD;
	gal_node *loose = NULL;
	int col = 1;
	for (const xmlNode *c = x->children; c; c = c->next) {
		if (gal_imp_named(c, "colspec"))
			tg_colspec(w, tg, c);
		else if (is_row(c)) {
			loose = NULL;
			make_row(w, sec, c, tg, header);
		} else if (is_cell(c)) {
			if (!loose) {
				loose = gal_imp_add(w->imp, sec, GAL_NODE_TROW, c);
				col = 1;
			}
			make_cell(w, loose, c, tg, header, &col);
		}
	}
}

static int tsec_kind(const xmlNode *c)
{
	if (gal_imp_named(c, "thead"))
		return GAL_TSEC_HEAD;
	if (gal_imp_named(c, "tfoot"))
		return GAL_TSEC_FOOT;
	if (gal_imp_named(c, "tbody"))
		return GAL_TSEC_BODY;
	return -1;
}

/* tgroup (CALS) or the table itself (HTML): sections and bare rows */
static void table_group(gal_walker *w, gal_node *table, const xmlNode *g, tgroup *tg,
			gal_flow *notes)
{
	tg->align = gal_imp_align(gal_imp_attr(w->imp, g, "align"));
	gal_node *bare = NULL;
	for (const xmlNode *c = g->children; c; c = c->next) {
		if (!gal_imp_is_el(c))
			continue;
		int kind = tsec_kind(c);
		if (gal_imp_named(c, "colspec"))
			tg_colspec(w, tg, c);
		else if (gal_imp_named(c, "spanspec"))
			tg_spanspec(w, tg, c);
		else if (kind >= 0)
			make_tsec(w, table, c, kind, tg);
		else if (is_row(c)) {
			if (!bare) {
				bare = gal_imp_add(w->imp, table, GAL_NODE_TSECTION, c);
				if (bare)
					bare->tsection = GAL_TSEC_BODY;
			}
			make_row(w, bare, c, tg, 0);
			continue;
		} else if (gal_imp_named(c, "col") || gal_imp_named(c, "colgroup") ||
			   gal_imp_named(c, "title") || gal_imp_named(c, "caption") || is_info(c) ||
			   gal_imp_named(c, "titleabbrev") || gal_imp_named(c, "textobject")) {
			/* col widths, or handled by the caller */
		} else if (gal_imp_named(c, "tgroup")) {
			tgroup sub = { 0 };
			table_group(w, table, c, &sub, notes);
			free(sub.cols);
			free(sub.spans);
		} else {
			gal_walk(w, notes, NULL, c);
		}
		bare = NULL;
	}
}

/* Put head, body and foot sections in that order, notes last. */
static void table_order(gal_node *table)
{
	size_t n = 0;
	for (gal_node *c = table->first; c; c = c->next)
		n++;
	if (!n)
		return;
	gal_node **v = xmalloc(n * sizeof *v);
	size_t i = 0;
	for (gal_node *c = table->first; c; c = c->next)
		v[i++] = c;
	for (i = 0; i < n; i++)
		gal_node_unlink(v[i]);
	for (int pass = 0; pass < 5; pass++) {
		for (i = 0; i < n; i++) {
			gal_node *c = v[i];
			int rank = c->type == GAL_NODE_CAPTION ? 0 :
				   c->type != GAL_NODE_TSECTION ? 4 :
				   c->tsection == GAL_TSEC_HEAD ? 1 :
				   c->tsection == GAL_TSEC_BODY ? 2 : 3;
			if (rank == pass)
				gal_node_append_child(table, c);
		}
	}
	free(v);
}

static void h_table(gal_walker *w, gal_node *box, const xmlNode *x)
{
	gal_node *table = gal_imp_add_el(w->imp, box, GAL_NODE_TABLE, x);
	if (!table)
		return;
	const xmlNode *t = title_of(x, "title");
	const xmlNode *cap = gal_imp_child(x, "caption");
	if (t || cap) {
		gal_node *c = gal_imp_add(w->imp, table, GAL_NODE_CAPTION, t ? t : cap);
		if (t)
			gal_walk_fill(w, c, t);
		if (t && cap)
			gal_imp_add_text(w->imp, c, " ", 1, cap);
		if (cap)
			gal_walk_fill(w, c, cap);
	}
	gal_flow notes;
	gal_flow_init(&notes, table);
	tgroup tg = { 0 };
	table_group(w, table, x, &tg, &notes);
	free(tg.cols);
	free(tg.spans);
	table_order(table);
}

/* ---- bibliography --------------------------------------------------------- */

static void name_parts(gal_walker *w, gal_buf *b, const xmlNode *x, int depth)
{
	static const char *const parts[] = {
		"honorific", "firstname", "givenname", "othername", "surname",
		"lineage", NULL
	};
	if (depth > 4)
		return;
	for (const xmlNode *c = x->children; c; c = c->next) {
		if (!gal_imp_is_el(c))
			continue;
		for (int i = 0; parts[i]; i++) {
			if (!gal_imp_named(c, parts[i]))
				continue;
			const char *t = gal_imp_text(w->imp, c);
			if (gal_imp_nonempty(t)) {
				if (b->len)
					gal_buf_putc(b, ' ');
				gal_buf_puts(b, t);
			}
		}
		if (gal_imp_named(c, "personname"))
			name_parts(w, b, c, depth + 1);
	}
}

/* A person's or organisation's name from author/editor/personname/... */
static const char *person_name(gal_walker *w, const xmlNode *x)
{
	gal_buf b = GAL_BUF_INIT;
	name_parts(w, &b, x, 0);
	const char *r = NULL;
	if (b.len) {
		r = gal_doc_strndup(w->doc, b.data, b.len);
	} else {
		const xmlNode *o = gal_imp_child(x, "orgname");
		const xmlNode *p = gal_imp_child(x, "personname");
		if (o)
			r = gal_imp_text(w->imp, o);
		else if (p)
			r = gal_imp_text(w->imp, p);
		else {
			/* bare text, without email, affiliation, ... */
			for (const xmlNode *c = x->children; c; c = c->next)
				if (c->type == XML_TEXT_NODE && c->content)
					gal_buf_puts(&b, (const char *)c->content);
			r = gal_imp_collapse(w->imp, b.data, b.len);
		}
	}
	gal_buf_free(&b);
	return gal_imp_nonempty(r) ? r : NULL;
}

static const char *copyright_text(gal_walker *w, const xmlNode *x)
{
	gal_buf b = GAL_BUF_INIT;
	gal_buf_puts(&b, "\u00a9");
	int years = 0;
	for (const xmlNode *c = x->children; c; c = c->next) {
		if (gal_imp_named(c, "year")) {
			gal_buf_puts(&b, years++ ? ", " : " ");
			gal_buf_puts(&b, gal_imp_text(w->imp, c));
		}
	}
	int holders = 0;
	for (const xmlNode *c = x->children; c; c = c->next) {
		if (gal_imp_named(c, "holder")) {
			gal_buf_puts(&b, holders++ ? ", " : " ");
			gal_buf_puts(&b, gal_imp_text(w->imp, c));
		}
	}
	const char *r = gal_doc_strndup(w->doc, b.data, b.len);
	gal_buf_free(&b);
	return r;
}

static void ref_sep(gal_walker *w, gal_node *r, const xmlNode *x, int *parts)
{
	if ((*parts)++)
		gal_imp_add_text(w->imp, r, ", ", 2, x);
}

/* A structured biblioentry as readable text: its parts joined by commas,
 * titles in italics. */
static void bib_parts(gal_walker *w, gal_node *r, const xmlNode *x, int depth, int *parts)
{
	if (depth > 4)
		return;
	for (const xmlNode *c = x->children; c; c = c->next) {
		if (!gal_imp_is_el(c) || gal_imp_named(c, "indexterm") || gal_imp_named(c, "remark") ||
		    gal_imp_named(c, "abbrev"))
			continue;
		if (gal_imp_named(c, "title") || gal_imp_named(c, "citetitle")) {
			ref_sep(w, r, c, parts);
			gal_walk_fill(w, gal_imp_add(w->imp, r, GAL_NODE_EMPH, c), c);
		} else if (gal_imp_named(c, "author") || gal_imp_named(c, "editor") ||
			   gal_imp_named(c, "othercredit") || gal_imp_named(c, "personname") ||
			   gal_imp_named(c, "corpauthor")) {
			const char *n = person_name(w, c);
			if (gal_imp_nonempty(n)) {
				ref_sep(w, r, c, parts);
				gal_imp_add_text(w->imp, r, n, strlen(n), c);
			}
		} else if (gal_imp_named(c, "authorgroup") || gal_imp_named(c, "biblioset") ||
			   gal_imp_named(c, "bibliomset") || gal_imp_named(c, "publisher")) {
			bib_parts(w, r, c, depth + 1, parts);
		} else if (gal_imp_named(c, "copyright")) {
			const char *t = copyright_text(w, c);
			ref_sep(w, r, c, parts);
			gal_imp_add_text(w->imp, r, t, strlen(t), c);
		} else if (gal_imp_child(c, "ulink") || gal_imp_child(c, "link") ||
			   gal_imp_child(c, "uri") || gal_imp_child(c, "email")) {
			/* a part that links (bibliomisc, a subtitle holding an
			 * address): its markup, or the address is lost */
			ref_sep(w, r, c, parts);
			gal_walk_fill(w, r, c);
		} else {
			const char *t = gal_imp_text(w->imp, c);
			if (gal_imp_nonempty(t)) {
				ref_sep(w, r, c, parts);
				gal_imp_add_text(w->imp, r, t, strlen(t), c);
			}
		}
	}
}

static void make_ref(gal_walker *w, gal_node *refs, const xmlNode *x)
{
	gal_node *r = gal_imp_add_el(w->imp, refs, GAL_NODE_REF, x);
	if (!r)
		return;
	if (!r->id)
		r->id = gal_doc_printf(w->doc, "bib-%d", ++DB(w)->nref);
	/* an entry's abbreviation is its label, as citations name it */
	const xmlNode *ab = gal_imp_child(x, "abbrev");
	const char *abbrev = ab ? gal_imp_text(w->imp, ab) : NULL;
	if (gal_imp_nonempty(abbrev))
		r->label = abbrev;
	for (size_t i = 0; i < DB(w)->nbib; i++)
		if (DB(w)->bib[i].x == x)
			DB(w)->bib[i].ref = r;
	if (gal_imp_named(x, "biblioentry")) {
		int parts = 0;
		bib_parts(w, r, x, 0, &parts);
		const char *t = gal_node_text(w->doc, r);
		size_t n = strlen(t);
		if (n && !strchr(".!?", t[n - 1]))
			gal_imp_add_text(w->imp, r, ".", 1, x);
	} else {
		gal_flow f;
		gal_flow_init(&f, NULL);
		for (const xmlNode *c = x->children; c; c = c->next) {
			if (gal_imp_named(c, "abbrev"))
				continue;
			if (gal_imp_named(c, "title") || gal_imp_named(c, "citetitle"))
				gal_walk_wrap(w, &f, r, c, GAL_NODE_EMPH);
			else if (gal_imp_named(c, "bibliomset") || gal_imp_named(c, "biblioset"))
				gal_walk_kids(w, &f, r, c);
			else
				gal_walk(w, &f, r, c);
		}
	}
}

static void h_bibliography(gal_walker *w, gal_node *box, const xmlNode *x);

/* A bibliography's entries into REFS of the BACK, headed by its title t
 * when given, and the rest of its blocks around them. */
static void bibliography_into(gal_walker *w, const xmlNode *x, const xmlNode *t)
{
	gal_node *back = ensure_back(w, x);
	if (!back)
		return;
	gal_node *refs = NULL;
	if (t) {
		refs = gal_imp_add_el(w->imp, back, GAL_NODE_REFS, x);
		gal_walk_fill(w, gal_imp_add(w->imp, refs, GAL_NODE_HEADING, t), t);
	}
	gal_flow f;
	gal_flow_init(&f, back);
	for (const xmlNode *c = x->children; c; c = c->next) {
		if (w->imp->stop)
			return;
		if (gal_imp_named(c, "title") || gal_imp_named(c, "subtitle") ||
		    gal_imp_named(c, "titleabbrev") || is_info(c))
			continue;
		if (gal_imp_named(c, "biblioentry") || gal_imp_named(c, "bibliomixed")) {
			gal_flow_close(&f);
			if (!refs || refs != back->last) {
				refs = gal_imp_add(w->imp, back, GAL_NODE_REFS, c);
				if (!t)
					gal_imp_ids(w->imp, refs, x);
			}
			make_ref(w, refs, c);
		} else if (gal_imp_named(c, "bibliodiv") || gal_imp_named(c, "bibliolist")) {
			gal_flow_close(&f);
			h_bibliography(w, back, c);
			refs = NULL;
		} else {
			gal_walk(w, &f, NULL, c);
		}
	}
}

static void h_bibliography(gal_walker *w, gal_node *box, const xmlNode *x)
{
	(void)box;
	bibliography_into(w, x, title_of(x, "title"));
}

/* ---- the table of elements ------------------------------------------------ */

/* entries of one handler */
#define SECTION(n) GAL_BLK(n, GAL_NODE_COUNT, h_section, NULL)
#define TITLED(n) GAL_BLK(n, GAL_NODE_COUNT, h_titled, NULL)
#define LIST(n) GAL_BLK(n, GAL_NODE_LIST, h_list, NULL)
#define LISTING(n) GAL_BLK(n, GAL_NODE_PRE, gal_blk_pre, i_pre)
#define ADMON(n) GAL_BLK(n, GAL_NODE_ASIDE, h_admon, NULL)
#define PARA(n) GAL_BLK(n, GAL_NODE_PARA, gal_blk_para, NULL)
#define EMPH(n) GAL_INL(n, GAL_NODE_EMPH)
#define CODE(n) GAL_INL(n, GAL_NODE_CODE)

static const gal_el elements[] = {
	/* paragraphs and headings */
	PARA("para"), PARA("simpara"),
	GAL_BLK("formalpara", GAL_NODE_PARA, h_formalpara, NULL),
	GAL_BLK("bridgehead", GAL_NODE_PARA, h_title, NULL),
	GAL_BLK("title", GAL_NODE_PARA, h_title, NULL),
	GAL_BLK("subtitle", GAL_NODE_PARA, h_title, NULL),
	/* sections */
	SECTION("section"), SECTION("sect1"), SECTION("sect2"),
	SECTION("sect3"), SECTION("sect4"), SECTION("sect5"),
	SECTION("simplesect"), SECTION("refsect1"), SECTION("refsect2"),
	SECTION("refsect3"), SECTION("refsection"), SECTION("refsynopsisdiv"),
	SECTION("chapter"), SECTION("preface"), SECTION("part"),
	SECTION("set"), SECTION("book"), SECTION("reference"), SECTION("refentry"),
	SECTION("glossary"), SECTION("glossdiv"), SECTION("qandadiv"), SECTION("article"),
	GAL_BLK("appendix", GAL_NODE_COUNT, h_appendix, NULL),
	SECTION("colophon"), SECTION("dedication"), SECTION("acknowledgements"),
	/* lists */
	LIST("itemizedlist"), LIST("orderedlist"), LIST("variablelist"),
	GAL_IFN("simplelist", i_simplelist),
	LIST("procedure"), LIST("substeps"), LIST("stepalternatives"),
	LIST("calloutlist"), LIST("segmentedlist"), LIST("glosslist"),
	GAL_BLK("glossentry", GAL_NODE_LIST, h_glossentry, NULL),
	/* verbatim */
	LISTING("programlisting"), LISTING("screen"), LISTING("literallayout"),
	LISTING("synopsis"), LISTING("address"), LISTING("classsynopsis"),
	GAL_BLK("cmdsynopsis", GAL_NODE_PRE, h_synopsis, i_synopsis),
	GAL_BLK("funcsynopsis", GAL_NODE_PRE, h_synopsis, i_synopsis),
	GAL_PART("arg"), GAL_PART("group"), GAL_PART("sbr"), GAL_PART("synopfragment"),
	GAL_PART("synopfragmentref"), GAL_PART("funcprototype"), GAL_PART("paramdef"),
	GAL_PART("funcsynopsisinfo"),
	GAL_PASS("programlistingco"), GAL_PASS("screenco"),
	GAL_DROP("areaspec"), GAL_DROP("co"), GAL_DROP("coref"),
	/* figures, media, math */
	GAL_BLK("figure", GAL_NODE_FIGURE, h_figure, NULL),
	GAL_BLK("informalfigure", GAL_NODE_FIGURE, h_figure, NULL),
	GAL_BLK("mediaobject", GAL_NODE_FIGURE, h_media, i_inline_media),
	GAL_BLK("mediaobjectco", GAL_NODE_FIGURE, h_media, i_inline_media),
	GAL_BLK("graphic", GAL_NODE_FIGURE, h_media, i_inline_media),
	GAL_BLK("screenshot", GAL_NODE_FIGURE, h_screenshot, NULL),
	GAL_IFN("inlinemediaobject", i_inline_media),
	GAL_IFN("inlinegraphic", i_inline_media),
	GAL_BLK("equation", GAL_NODE_COUNT, h_equation, i_math),
	GAL_BLK("informalequation", GAL_NODE_COUNT, h_equation, i_math),
	GAL_IFN("inlineequation", i_math), GAL_IFN("mathphrase", i_math),
	/* tables */
	GAL_BLK("table", GAL_NODE_TABLE, h_table, NULL),
	GAL_BLK("informaltable", GAL_NODE_TABLE, h_table, NULL),
	/* quotations and boxes */
	GAL_BLK("blockquote", GAL_NODE_BLOCKQUOTE, h_blockquote, NULL),
	GAL_BLK("epigraph", GAL_NODE_BLOCKQUOTE, h_blockquote, NULL),
	ADMON("note"), ADMON("tip"), ADMON("warning"), ADMON("caution"),
	ADMON("important"), ADMON("danger"), ADMON("sidebar"),
	/* transparent block wrappers */
	TITLED("example"), TITLED("informalexample"), TITLED("task"),
	TITLED("tasksummary"), TITLED("taskprerequisites"),
	TITLED("taskrelated"), TITLED("qandaset"), TITLED("qandaentry"),
	TITLED("question"), TITLED("answer"), TITLED("partintro"),
	GAL_BLK("refnamediv", GAL_NODE_COUNT, h_refnamediv, NULL),
	TITLED("abstract"), TITLED("legalnotice"), TITLED("caption"),
	TITLED("textobject"),
	GAL_BLK("bibliography", GAL_NODE_COUNT, h_bibliography, NULL),
	GAL_BLK("bibliolist", GAL_NODE_COUNT, h_bibliography, NULL),
	GAL_BLK("bibliodiv", GAL_NODE_COUNT, h_bibliography, NULL),
	GAL_PASS("label"), GAL_PASS("refname"), GAL_PASS("refpurpose"), GAL_PASS("refdescriptor"),
	/* inlines */
	EMPH("citetitle"), EMPH("firstterm"), EMPH("glossterm"),
	EMPH("foreignphrase"), EMPH("wordasword"), EMPH("replaceable"),
	EMPH("lineannotation"),
	CODE("literal"), CODE("code"), CODE("command"), CODE("filename"),
	CODE("option"), CODE("userinput"), CODE("computeroutput"),
	CODE("varname"), CODE("function"), CODE("envar"), CODE("systemitem"),
	CODE("classname"), CODE("type"), CODE("constant"), CODE("parameter"),
	CODE("returnvalue"), CODE("prompt"), CODE("markup"), CODE("tag"),
	CODE("sgmltag"), CODE("keycap"), CODE("keysym"), CODE("methodname"),
	CODE("interfacename"), CODE("exceptionname"), CODE("property"),
	CODE("structname"), CODE("structfield"), CODE("symbol"), CODE("token"),
	CODE("errorcode"), CODE("errorname"), CODE("errortype"),
	CODE("msgtext"), CODE("package"), CODE("database"), CODE("funcdef"),
	CODE("funcparams"), CODE("varargs"), CODE("void"), CODE("modifier"),
	CODE("initializer"), CODE("ooclass"), CODE("oointerface"),
	CODE("ooexception"), CODE("hardware"),
	GAL_IFN("emphasis", i_emphasis),
	GAL_INL("superscript", GAL_NODE_SUP), GAL_INL("subscript", GAL_NODE_SUB),
	GAL_INL("quote", GAL_NODE_QUOTE),
	GAL_INL("acronym", GAL_NODE_ABBR), GAL_INL("abbrev", GAL_NODE_ABBR),
	GAL_IFN("phrase", gal_inl_lang),
	GAL_IFN("xref", i_xref), GAL_IFN("footnoteref", i_footnoteref),
	GAL_IFN("link", i_link), GAL_IFN("ulink", i_link), GAL_IFN("uri", i_link),
	GAL_IFN("email", i_link), GAL_IFN("biblioref", i_biblioref),
	GAL_IFN("anchor", i_anchor), GAL_IFN("footnote", gal_inl_footnote),
	GAL_IFN("citation", i_citation), GAL_IFN("optional", i_optional),
	GAL_IFN("manvolnum", i_manvolnum), GAL_IFN("trademark", i_trademark),
	GAL_IFN("keycombo", i_keycombo), GAL_IFN("menuchoice", i_menuchoice),
	GAL_IFN("include", i_include),
	GAL_PASS("olink"), GAL_PASS("citerefentry"), GAL_PASS("refentrytitle"),
	GAL_PASS("application"), GAL_PASS("productname"), GAL_PASS("productnumber"),
	GAL_PASS("orgname"), GAL_PASS("personname"), GAL_PASS("firstname"), GAL_PASS("surname"),
	GAL_PASS("othername"), GAL_PASS("honorific"), GAL_PASS("lineage"), GAL_PASS("givenname"),
	GAL_PASS("author"), GAL_PASS("editor"), GAL_PASS("othercredit"), GAL_PASS("corpauthor"),
	GAL_PASS("guibutton"), GAL_PASS("guiicon"), GAL_PASS("guilabel"), GAL_PASS("guimenu"),
	GAL_PASS("guimenuitem"), GAL_PASS("guisubmenu"), GAL_PASS("mousebutton"),
	GAL_PASS("interface"), GAL_PASS("medialabel"), GAL_PASS("keycode"), GAL_PASS("shortcut"),
	GAL_PASS("date"), GAL_PASS("pubdate"), GAL_PASS("year"), GAL_PASS("holder"),
	GAL_PASS("street"), GAL_PASS("city"), GAL_PASS("state"), GAL_PASS("postcode"),
	GAL_PASS("country"), GAL_PASS("pob"), GAL_PASS("phone"), GAL_PASS("fax"),
	GAL_PASS("otheraddr"), GAL_PASS("jobtitle"), GAL_PASS("orgdiv"), GAL_PASS("shortaffil"),
	GAL_PASS("affiliation"), GAL_PASS("contrib"), GAL_PASS("termdef"), GAL_PASS("tertiaryie"),
	GAL_PASS("accel"), GAL_PASS("citebiblioid"), GAL_PASS("member"), GAL_PASS("term"),
	GAL_PASS("listitem"), GAL_PASS("step"), GAL_PASS("callout"), GAL_PASS("seg"),
	GAL_PASS("entry"), GAL_PASS("td"), GAL_PASS("th"), GAL_PASS("alt"),
	/* editorial and generated matter */
	GAL_DROP("remark"), GAL_DROP("comment"), GAL_DROP("indexterm"), GAL_DROP("index"),
	GAL_DROP("setindex"), GAL_DROP("toc"), GAL_DROP("lot"), GAL_DROP("beginpage"),
	GAL_DROP("annotation"), GAL_DROP("titleabbrev"), GAL_DROP("revhistory"),
	GAL_DROP("imagedata"), GAL_DROP("imageobject"), GAL_DROP("videoobject"),
	GAL_DROP("audioobject"), GAL_DROP("refmeta"), GAL_DROP("info"), GAL_DROP("articleinfo"),
	GAL_DROP("sectioninfo"), GAL_DROP("sect1info"), GAL_DROP("sect2info"),
	GAL_DROP("sect3info"), GAL_DROP("sect4info"), GAL_DROP("sect5info"),
	GAL_DROP("blockinfo"), GAL_DROP("objectinfo"), GAL_DROP("bookinfo"),
	GAL_DROP("chapterinfo"), GAL_DROP("appendixinfo"), GAL_DROP("refsect1info"),
	GAL_DROP("refentryinfo"), GAL_DROP("bibliographyinfo"), GAL_DROP("glossaryinfo"),
	GAL_DROP("prefaceinfo"), GAL_DROP("artheader"), GAL_DROP("releaseinfo"),
	GAL_DROP("attribution"), GAL_DROP("colspec"), GAL_DROP("spanspec"),
	GAL_DROP("authorinitials"),
};

static const gal_el math_el = GAL_IFN("math", i_math);

/* ---- the walker ----------------------------------------------------------- */

/* The children of x as blocks in box. */
static void body(gal_walker *w, gal_node *box, const xmlNode *x, int skip)
{
	gal_flow f;
	gal_flow_init(&f, box);
	for (const xmlNode *c = x->children; c && !w->imp->stop; c = c->next) {
		if (gal_imp_is_el(c)) {
			if ((skip & SKIP_TITLE) && (gal_imp_named(c, "title") ||
			    gal_imp_named(c, "subtitle") || gal_imp_named(c, "titleabbrev")))
				continue;
			if ((skip & SKIP_ATTRIB) && gal_imp_named(c, "attribution"))
				continue;
			if (is_info(c))
				continue;
		}
		gal_walk(w, &f, NULL, c);
	}
}

/* ---- metadata ------------------------------------------------------------- */

static const char *const months[] = {
	"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
	"nov", "dec"
};

static int month_of(const char *s, size_t n)
{
	if (n < 3)
		return 0;
	for (int i = 0; i < 12; i++)
		if (!strncasecmp(s, months[i], 3))
			return i + 1;
	return 0;
}

/* "July 17, 2006", "17 July 2006", "July 2006", "2006/September/19" ->
 * ISO 8601; ISO dates and anything unrecognised stay as given. Without a
 * digit it is no date ("$Date$", a keyword version control left
 * unexpanded): NULL. */
static const char *norm_date(gal_walker *w, const char *s)
{
	if (!gal_imp_nonempty(s) || !strpbrk(s, "0123456789"))
		return NULL;
	if (isdigit((unsigned char)s[0]) && isdigit((unsigned char)s[1]) &&
	    isdigit((unsigned char)s[2]) && isdigit((unsigned char)s[3]) &&
	    (!s[4] || s[4] == '-' || s[4] == 'T' || s[4] == ' '))
		return s;
	int day = 0, month = 0, year = 0, words = 0;
	int ymd = 0;   /* a leading year: numbers after it are month, day */
	const char *p = s;
	while (*p) {
		while (*p && !isalnum((unsigned char)*p))
			p++;
		const char *word = p;
		while (*p && isalnum((unsigned char)*p))
			p++;
		size_t n = (size_t)(p - word);
		if (!n)
			break;
		if (isdigit((unsigned char)*word)) {
			int v = atoi(word);
			if (n == 4 && !year) {
				year = v;
				ymd = !words;
			} else if (n <= 2 && ymd && !month) {
				month = v;
			} else if (n <= 2 && !day) {
				day = v;
			}
		} else if (!month) {
			month = month_of(word, n);
		}
		words++;
	}
	if (!year || month < 1 || month > 12)
		return s;
	if (day >= 1 && day <= 31)
		return gal_doc_printf(w->doc, "%04d-%02d-%02d", year, month, day);
	return gal_doc_printf(w->doc, "%04d-%02d", year, month);
}

static void add_author(gal_walker *w, const xmlNode *a)
{
	const char *name = person_name(w, a);
	if (!name)
		return;
	const char *aff = NULL;
	const xmlNode *af = gal_imp_child(a, "affiliation");
	if (af) {
		const xmlNode *o = gal_imp_child(af, "orgname");
		aff = gal_imp_text(w->imp, o ? o : af);
		if (!gal_imp_nonempty(aff))
			aff = NULL;
	}
	gal_doc_add_author(w->doc, name, NULL, aff);
}

/* The date of the newest revision a revhistory lists, ISO 8601; NULL
 * when none reads as a date. */
static const char *revision_date(gal_walker *w, const xmlNode *info)
{
	const char *best = NULL;
	const xmlNode *rh = gal_imp_child(info, "revhistory");
	for (const xmlNode *r = rh ? rh->children : NULL; r; r = r->next) {
		const xmlNode *dn = gal_imp_named(r, "revision") ? gal_imp_child(r, "date") : NULL;
		const char *d = dn ? norm_date(w, gal_imp_text(w->imp, dn)) : NULL;
		/* only what reads as ISO 8601 orders */
		if (d && strspn(d, "0123456789") == 4 && (!d[4] || d[4] == '-') &&
		    (!best || strcmp(d, best) > 0))
			best = d;
	}
	return best;
}

static void meta_info(gal_walker *w, const xmlNode *info, int all)
{
	gal_meta *m = &w->doc->meta;
	for (const xmlNode *c = info->children; c; c = c->next) {
		if (!gal_imp_is_el(c))
			continue;
		if (!all && !gal_imp_named(c, "title") && !gal_imp_named(c, "subtitle") &&
		    !gal_imp_named(c, "titleabbrev") && !gal_imp_named(c, "abstract"))
			continue;
		if (gal_imp_named(c, "titleabbrev") && !m->short_title) {
			/* the title for running heads */
			const char *s = gal_imp_text(w->imp, c);
			if (gal_imp_nonempty(s))
				m->short_title = s;
		} else if (gal_imp_named(c, "title") && !m->title) {
			m->title = gal_imp_new(w->imp, GAL_NODE_TITLE, c);
			gal_walk_fill(w, m->title, c);
		} else if (gal_imp_named(c, "subtitle") && !m->subtitle) {
			m->subtitle = gal_imp_new(w->imp, GAL_NODE_SUBTITLE, c);
			gal_walk_fill(w, m->subtitle, c);
		} else if (gal_imp_named(c, "author") || gal_imp_named(c, "corpauthor")) {
			add_author(w, c);
		} else if (gal_imp_named(c, "authorgroup")) {
			for (const xmlNode *a = c->children; a; a = a->next)
				if (gal_imp_named(a, "author") || gal_imp_named(a, "corpauthor"))
					add_author(w, a);
		} else if (gal_imp_named(c, "pubdate") && norm_date(w, gal_imp_text(w->imp, c))) {
			m->date = norm_date(w, gal_imp_text(w->imp, c));
		} else if (gal_imp_named(c, "date") && !m->date) {
			m->date = norm_date(w, gal_imp_text(w->imp, c));
		} else if (gal_imp_named(c, "copyright")) {
			gal_buf *b = &DB(w)->copyright;
			gal_buf_puts(b, b->len ? ". " : "");
			gal_buf_puts(b, copyright_text(w, c));
		} else if (gal_imp_named(c, "legalnotice")) {
			gal_buf *b = &DB(w)->legal;
			gal_buf_puts(b, b->len ? " " : "");
			gal_buf_puts(b, gal_imp_text(w->imp, c));
		} else if (gal_imp_named(c, "abstract") && !m->abstract) {
			gal_node *s = gal_imp_new(w->imp, GAL_NODE_SUMMARY, c);
			if (!s)
				continue;
			s->summary_kind = GAL_SUMMARY_ABSTRACT;
			gal_imp_ids(w->imp, s, c);
			const xmlNode *t = title_of(c, "title");
			if (t)
				gal_walk_fill(w, gal_imp_add(w->imp, s, GAL_NODE_HEADING, t), t);
			body(w, s, c, SKIP_TITLE);
			m->abstract = s;
		} else if (gal_imp_named(c, "keywordset")) {
			for (const xmlNode *k = c->children; k; k = k->next)
				if (gal_imp_named(k, "keyword") && gal_imp_nonempty(gal_imp_text(w->imp, k)))
					gal_doc_add_keyword(w->doc, gal_imp_text(w->imp, k));
		} else if (gal_imp_named(c, "subjectset")) {
			for (const xmlNode *s = c->children; s; s = s->next)
				for (const xmlNode *k = gal_imp_is_el(s) ? s->children : NULL; k;
				     k = k->next)
					if (gal_imp_named(k, "subjectterm") && gal_imp_nonempty(gal_imp_text(w->imp, k)))
						gal_doc_add_keyword(w->doc, gal_imp_text(w->imp, k));
		} else if (gal_imp_named(c, "publisher")) {
			const xmlNode *pn = gal_imp_child(c, "publishername");
			if (gal_imp_nonempty(gal_imp_text(w->imp, pn ? pn : c)))
				m->publisher = gal_imp_text(w->imp, pn ? pn : c);
		} else if (gal_imp_named(c, "publishername")) {
			m->publisher = gal_imp_text(w->imp, c);
		} else if ((gal_imp_named(c, "biblioid") || gal_imp_named(c, "isbn") ||
			    gal_imp_named(c, "issn")) && !m->identifier) {
			m->identifier = gal_imp_text(w->imp, c);
		} else if (gal_imp_named(c, "cover") || gal_imp_named(c, "mediaobject")) {
			const xmlNode *mo = gal_imp_named(c, "cover") ? gal_imp_child(c, "mediaobject") : c;
			const xmlNode *id = mo ? pick_imagedata(w, mo) : NULL;
			if (id && !m->cover_src) {
				m->cover_src = gal_imp_attr(w->imp, id, "fileref");
				m->cover_alt = media_alt(w, mo);
			}
		}
	}
	/* no publication date: the document is as of its newest revision */
	if (all && !m->date)
		m->date = revision_date(w, info);
}

/* ---- entry point ---------------------------------------------------------- */

/* An element's id (DocBook 4's id, DocBook 5's xml:id) as the tree
 * holds it, or NULL. */
static const char *raw_id(const xmlNode *n)
{
	for (const xmlAttr *a = n->properties; a; a = a->next)
		if (!strcmp((const char *)a->name, "id") && a->children &&
		    a->children->type == XML_TEXT_NODE && !a->children->next)
			return (const char *)a->children->content;
	return NULL;
}

/* Before the walk: the elements by id, so a cross-reference can say what
 * its endterm or its target's xreflabel says; the bibliography entries
 * that have an abbreviation or an id, so a citation can link to one that
 * comes after it. */
static void find_entries(gal_walker *w, const xmlNode *root)
{
	db *d = DB(w);
	const xmlNode *n = root;
	while (n) {
		const char *id = n->type == XML_ELEMENT_NODE ? raw_id(n) : NULL;
		if (id && *id)
			gal_strmap_put(&d->ids, id, n);
		int entry = gal_imp_named(n, "biblioentry") || gal_imp_named(n, "bibliomixed");
		if (entry) {
			const xmlNode *ab = gal_imp_child(n, "abbrev");
			bib_entry e = { n, ab ? gal_imp_text(w->imp, ab) : NULL,
					gal_imp_attr(w->imp, n, "id"), NULL };
			if (gal_imp_nonempty(e.abbrev) || gal_imp_nonempty(e.id)) {
				d->bib = xrealloc(d->bib, (d->nbib + 1) * sizeof *d->bib);
				d->bib[d->nbib++] = e;
			}
		} else if (n->type == XML_ELEMENT_NODE && n->children) {
			n = n->children;
			continue;
		}
		while (n != root && !n->next)
			n = n->parent;
		n = n == root ? NULL : n->next;
	}
}

/* Citations of entries without an id of their own link to the id their
 * REF was given; one whose entry made no REF keeps its name. */
static void resolve_citations(gal_walker *w)
{
	db *d = DB(w);
	for (size_t i = 0; i < d->ncites; i++) {
		const bib_entry *e = &d->bib[d->cites[i].entry];
		d->cites[i].cite->url = e->ref ? e->ref->id : e->abbrev;
	}
}

/* A man page as the root is known by its name and section,
 * "xsltproc(1)"; the title its info gives names the manual it belongs
 * to ("xsltproc Manual", as a man page's header shows it), the
 * subtitle unless it has one. */
static void man_title(gal_walker *w, const xmlNode *root)
{
	gal_meta *m = &w->doc->meta;
	const char *man = refentry_name(w, root);
	gal_node *info = m->title;
	if (!man || !(m->title = gal_imp_new(w->imp, GAL_NODE_TITLE, root))) {
		m->title = info;
		return;
	}
	gal_imp_add_text(w->imp, m->title, man, strlen(man), root);
	if (info && !m->subtitle && (m->subtitle = gal_imp_new(w->imp, GAL_NODE_SUBTITLE, root))) {
		while (info->first) {
			gal_node *c = info->first;
			gal_node_unlink(c);
			gal_node_append_child(m->subtitle, c);
		}
	}
}

/* The root's content, its title and info left out (they are the
 * document's metadata): blocks, then the back matter once it begins. A
 * bibliography as the root is all back matter, its title the
 * document's. */
static void root_body(gal_walker *w, const xmlNode *root)
{
	gal_doc *doc = w->doc;
	if (gal_imp_named(root, "bibliography")) {
		bibliography_into(w, root, NULL);
		return;
	}
	gal_flow f;
	gal_flow_init(&f, doc->root);
	for (const xmlNode *c = root->children; c && !w->imp->stop; c = c->next) {
		if (gal_imp_is_el(c) && (is_info(c) || gal_imp_named(c, "title") ||
				 gal_imp_named(c, "subtitle") || gal_imp_named(c, "titleabbrev")))
			continue;
		if (gal_imp_named(c, "abstract") && !doc->meta.abstract) {
			gal_flow_close(&f);
			meta_info(w, root, 0);   /* picks up this abstract */
			continue;
		}
		if (DB(w)->back && f.box != DB(w)->back) {
			gal_flow_close(&f);
			f.box = DB(w)->back;
		}
		gal_walk(w, &f, NULL, c);
	}
}

int gal_import_docbook(gal_imp *imp, xmlDocPtr xml)
{
	db d;
	memset(&d, 0, sizeof d);
	d.w = (gal_walker)GAL_WALKER(imp, elements, &math_el);
	GAL_IMP_KNOWN(imp, elements);
	gal_walker *w = &d.w;
	gal_doc *doc = imp->doc;
	const xmlNode *root = gal_imp_root(imp, xml, GAL_FMT_DOCBOOK);
	if (!root)
		return imp->status;
	gal_imp_root_meta(imp, root);

	find_entries(w, root);
	for (const xmlNode *c = root->children; c; c = c->next)
		if (is_info(c))
			meta_info(w, c, 1);
	/* DocBook 4 also allows the title straight in the article */
	meta_info(w, root, 0);
	if (gal_imp_named(root, "refentry"))
		man_title(w, root);
	/* a book or another division as the root: what its title block does
	 * not show of its info opens the text (an article's is metadata) */
	if (!gal_imp_named(root, "article"))
		front_matter(w, doc->root, root, 0);

	root_body(w, root);
	if (d.copyright.len && d.legal.len)
		doc->meta.rights = gal_doc_printf(doc, "%s. %s", d.copyright.data, d.legal.data);
	else if (d.copyright.len || d.legal.len)
		doc->meta.rights = gal_doc_strdup(doc, d.copyright.len ? d.copyright.data
								      : d.legal.data);

	resolve_citations(w);
	gal_imp_tidy(doc, doc->root);
	gal_imp_tidy(doc, doc->meta.title);
	gal_imp_tidy(doc, doc->meta.subtitle);
	gal_imp_tidy(doc, doc->meta.abstract);
	gal_buf_free(&d.copyright);
	gal_buf_free(&d.legal);
	free(d.bib);
	free(d.cites);
	gal_strmap_free(&d.ids);
	return imp->status;
}
