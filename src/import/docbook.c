/* DocBook importer: DocBook 4.x (no namespace) and DocBook 5
 * (http://docbook.org/ns/docbook) articles into the model.
 *
 * Elements are matched by local name, so a DocBook 4 DOCTYPE over a
 * DocBook 5 namespace (as pandoc writes) imports the same way. One walker
 * serves blocks and inlines: a "flow" collects loose inline content into a
 * PARA of its box, and a block element met inside a paragraph closes that
 * PARA, lands in the box and lets a new PARA start after it (DocBook puts
 * lists, equations and listings inside <para>). Where no box can take a
 * block (a footnote, a table cell, a heading) the block is flattened into
 * the inline content with line breaks, so no text is ever lost.
 *
 * Entity references to internal-subset or DTD entities stay in the tree
 * (we never parse with NOENT); every child loop walks into them. Recursion
 * follows the XML nesting, which libxml2 caps at 256 levels, and we cap it
 * again at MAX_DEPTH, past which an element contributes its plain text. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/entities.h>
#include <libxml/tree.h>

#include "base/buf.h"
#include "import/toolkit.h"
#include "import/xml.h"
#include "model/doc.h"

#define MAX_DEPTH 200
#define MAX_ENT_NEST 16
#define MAX_SPAN 1000
#define MATHML_NS "http://www.w3.org/1998/Math/MathML"

typedef struct db {
	gal_imp *imp;
	gal_doc *doc;
	gal_node *back;        /* BACK, made when an appendix or bibliography comes */
	gal_node *gloss;       /* definition LIST the last glossentry went into */
	gal_node *olist;       /* the last ordered LIST completed, for continuation */
	int stop;              /* node limit reached: stop walking */
	int nref;              /* generated REF ids */
	int img_warned;        /* "inline image" warned once */
	const char *copyright, *legal;
} db;

/* A flow of inline content. In "top" mode (parent == NULL in the walker)
 * loose content goes to a PARA opened lazily in box, and blocks escape into
 * box. With a parent given, everything is inline and blocks are flattened. */
typedef struct flow {
	gal_node *box;
	gal_node *para;
	const xmlNode *src;   /* element whose id/lang the next PARA takes */
	int space;            /* last emitted character was white space */
	int brk;              /* a LINEBREAK is due before more content */
	int any;              /* this flow has emitted content */
	int pre;              /* 1: keep white space; 2: also newline -> LINEBREAK */
} flow;

static void walk(db *d, flow *f, gal_node *parent, const xmlNode *x);
static void walk_kids(db *d, flow *f, gal_node *parent, const xmlNode *x);
static void body(db *d, gal_node *box, const xmlNode *x, int skip);

/* ---- XML helpers ---------------------------------------------------------- */

/* Children of an element with entity references opened up. */
typedef struct kids {
	const xmlNode *stack[MAX_ENT_NEST];
	int n;
	const xmlNode *cur;
} kids;

static const xmlNode *ent_first(const xmlNode *ref)
{
	const xmlEntity *e = NULL;
	if (ref->children && ref->children->type == XML_ENTITY_DECL)
		e = (const xmlEntity *)ref->children;
	else if (ref->doc)
		e = xmlGetDocEntity(ref->doc, ref->name);
	return e ? e->children : NULL;
}

static const xmlNode *kids_settle(kids *k, const xmlNode *c)
{
	for (;;) {
		while (!c && k->n > 0)
			c = k->stack[--k->n]->next;
		if (!c)
			return NULL;
		if (c->type != XML_ENTITY_REF_NODE)
			return c;
		const xmlNode *first = ent_first(c);
		if (!first)
			return c;           /* unparsed: its content is text */
		if (k->n < MAX_ENT_NEST) {
			k->stack[k->n++] = c;
			c = first;
		} else {
			c = c->next;
		}
	}
}

static const xmlNode *kids_first(kids *k, const xmlNode *parent)
{
	k->n = 0;
	return k->cur = kids_settle(k, parent->children);
}

static const xmlNode *kids_next(kids *k)
{
	return k->cur = kids_settle(k, k->cur->next);
}

static int is_el(const xmlNode *x)
{
	return x && x->type == XML_ELEMENT_NODE;
}

static int named(const xmlNode *x, const char *name)
{
	return is_el(x) && strcmp(gal_imp_name(x), name) == 0;
}

static int is_mathml(const xmlNode *x)
{
	return is_el(x) && x->ns && x->ns->href &&
	       strcmp((const char *)x->ns->href, MATHML_NS) == 0;
}

/* *info wrappers: info, articleinfo, sect1info, blockinfo, ... */
static int is_info(const xmlNode *x)
{
	if (!is_el(x))
		return 0;
	const char *n = gal_imp_name(x);
	size_t len = strlen(n);
	return len >= 4 && strcmp(n + len - 4, "info") == 0 &&
	       strcmp(n, "releaseinfo") != 0;
}

static const xmlNode *child(const xmlNode *x, const char *name)
{
	kids k;
	for (const xmlNode *c = kids_first(&k, x); c; c = kids_next(&k))
		if (named(c, name))
			return c;
	return NULL;
}

/* A title given directly or in an *info child. */
static const xmlNode *title_of(const xmlNode *x, const char *name)
{
	const xmlNode *t = child(x, name);
	if (t)
		return t;
	kids k;
	for (const xmlNode *c = kids_first(&k, x); c; c = kids_next(&k))
		if (is_info(c) && (t = child(c, name)))
			return t;
	return NULL;
}

static const char *attr(db *d, const xmlNode *x, const char *name)
{
	return gal_imp_attr(d->imp, x, name);
}

static const char *text(db *d, const xmlNode *x)
{
	return gal_imp_text(d->imp, x);
}

static int nonempty(const char *s)
{
	return s && *s;
}

/* ---- builder wrappers ----------------------------------------------------- */

static void limit_check(db *d, const xmlNode *x)
{
	gal_doc *doc = d->doc;
	if (d->stop || !doc->max_nodes || doc->n_nodes < doc->max_nodes)
		return;
	d->stop = 1;
	if (!d->imp->status)
		d->imp->status = gal_err_set(d->imp->err, GAL_E_LIMIT, doc->name,
					     x ? gal_imp_line(x) : 0, 0,
					     "more than %zu document nodes (raise --limit nodes=N)",
					     doc->max_nodes);
}

static gal_node *add(db *d, gal_node *parent, gal_node_type t, const xmlNode *x)
{
	if (d->stop || !parent)
		return NULL;
	gal_node *n = gal_node_add(d->doc, parent, t, x ? gal_imp_line(x) : 0, 0);
	if (!n)
		limit_check(d, x);
	return n;
}

static gal_node *mk(db *d, gal_node_type t, const xmlNode *x)
{
	if (d->stop)
		return NULL;
	gal_node *n = gal_node_new(d->doc, t, x ? gal_imp_line(x) : 0, 0);
	if (!n)
		limit_check(d, x);
	return n;
}

static void add_text(db *d, gal_node *parent, const char *s, size_t len,
		     const xmlNode *x)
{
	if (d->stop || !parent || !len)
		return;
	if (!gal_node_add_text(d->doc, parent, s, len, x ? gal_imp_line(x) : 0, 0))
		limit_check(d, x);
}

static void attrs(db *d, gal_node *n, const xmlNode *x)
{
	if (!n || !x)
		return;
	const char *id = attr(d, x, "id");
	const char *lang = attr(d, x, "lang");
	if (nonempty(id))
		n->id = id;
	if (nonempty(lang))
		n->lang = lang;
}

/* ---- flows ---------------------------------------------------------------- */

static void flow_init(flow *f, gal_node *box)
{
	memset(f, 0, sizeof *f);
	f->box = box;
	f->space = 1;
}

static void flow_close(flow *f)
{
	f->para = NULL;
	f->space = 1;
	f->brk = 0;
	f->any = 0;
}

static gal_node *holder(db *d, flow *f, gal_node *parent, const xmlNode *x)
{
	if (parent)
		return parent;
	if (!f->para && f->box) {
		f->para = add(d, f->box, GAL_NODE_PARA, f->src ? f->src : x);
		attrs(d, f->para, f->src);
		f->src = NULL;
		f->space = 1;
		f->brk = 0;
		f->any = 0;
	}
	return f->para;
}

static void flush_brk(db *d, flow *f, gal_node *h, const xmlNode *x)
{
	if (f->brk && f->any) {
		add(d, h, GAL_NODE_LINEBREAK, x);
		f->space = 1;
	}
	f->brk = 0;
}

static int is_ws(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int blank_str(const char *s)
{
	for (; s && *s; s++)
		if (!is_ws((unsigned char)*s))
			return 0;
	return 1;
}

static void pre_text(db *d, flow *f, gal_node *parent, const char *s,
		     size_t len, const xmlNode *x)
{
	gal_node *h = holder(d, f, parent, x);
	if (!h)
		return;
	flush_brk(d, f, h, x);
	if (f->pre == 1) {
		add_text(d, h, s, len, x);
	} else {
		size_t i = 0;
		while (i < len) {
			size_t j = i;
			while (j < len && s[j] != '\n')
				j++;
			add_text(d, h, s + i, j - i, x);
			if (j < len)
				add(d, h, GAL_NODE_LINEBREAK, x);
			i = j + 1;
		}
	}
	f->any = 1;
	f->space = 0;
}

static void put_text(db *d, flow *f, gal_node *parent, const char *s,
		     size_t len, const xmlNode *x)
{
	if (!len || d->stop)
		return;
	if (f->pre) {
		pre_text(d, f, parent, s, len, x);
		return;
	}
	int blank = 1;
	for (size_t i = 0; i < len && blank; i++)
		blank = is_ws((unsigned char)s[i]);
	if (blank) {
		/* white space between blocks, or where a break is due, or
		 * after white space, adds nothing */
		if ((!parent && !f->para) || f->brk || f->space)
			return;
		gal_node *h = holder(d, f, parent, x);
		add_text(d, h, " ", 1, x);
		f->space = 1;
		return;
	}
	gal_node *h = holder(d, f, parent, x);
	if (!h)
		return;
	flush_brk(d, f, h, x);
	gal_buf b = GAL_BUF_INIT;
	int sp = f->space;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (is_ws(c)) {
			if (!sp)
				gal_buf_putc(&b, ' ');
			sp = 1;
		} else {
			gal_buf_putc(&b, (char)c);
			sp = 0;
		}
	}
	if (b.len)
		add_text(d, h, b.data, b.len, x);
	f->space = sp;
	f->any = 1;
	gal_buf_free(&b);
}

static void put_str(db *d, flow *f, gal_node *parent, const char *s,
		    const xmlNode *x)
{
	if (s)
		put_text(d, f, parent, s, strlen(s), x);
}

/* Walk x's children as the inline content of n (a heading, cell, ...). */
static void fill(db *d, gal_node *n, const xmlNode *x)
{
	if (!n || !x)
		return;
	flow f;
	flow_init(&f, NULL);
	walk_kids(d, &f, n, x);
}

/* An inline element: a node of type t holding the children. */
static gal_node *wrap(db *d, flow *f, gal_node *parent, const xmlNode *x,
		      gal_node_type t)
{
	gal_node *h = holder(d, f, parent, x);
	if (!h)
		return NULL;
	flush_brk(d, f, h, x);
	gal_node *n = add(d, h, t, x);
	attrs(d, n, x);
	walk_kids(d, f, n ? n : h, x);
	return n;
}

static void bold_para(db *d, gal_node *box, const xmlNode *t, const xmlNode *idsrc)
{
	gal_node *p = add(d, box, GAL_NODE_PARA, t);
	attrs(d, p, idsrc);
	fill(d, add(d, p, GAL_NODE_STRONG, t), t);
}

/* ---- element table -------------------------------------------------------- */

typedef void (*block_fn)(db *d, gal_node *box, const xmlNode *x);
typedef void (*inline_fn)(db *d, flow *f, gal_node *parent, const xmlNode *x);

enum { K_DROP, K_PASS, K_INLINE, K_INL, K_BLOCK };

typedef struct el {
	const char *name;
	int kind;
	gal_node_type type;   /* K_INLINE: node; K_BLOCK: what blk adds (COUNT: it checks) */
	block_fn blk;
	inline_fn inl;        /* K_INL, or the inline form of a block */
} el;

/* ---- inline handlers ------------------------------------------------------ */

static void i_emphasis(db *d, flow *f, gal_node *parent, const xmlNode *x)
{
	const char *role = attr(d, x, "role");
	gal_node_type t = GAL_NODE_EMPH;
	if (role && (!strcmp(role, "bold") || !strcmp(role, "strong")))
		t = GAL_NODE_STRONG;
	else if (role && (!strcmp(role, "strikethrough") || !strcmp(role, "underline") ||
			  !strcmp(role, "del") || !strcmp(role, "ins")))
		t = GAL_NODE_SPAN;
	wrap(d, f, parent, x, t);
}

static void i_phrase(db *d, flow *f, gal_node *parent, const xmlNode *x)
{
	if (nonempty(attr(d, x, "lang")))
		wrap(d, f, parent, x, GAL_NODE_SPAN);
	else
		walk_kids(d, f, parent, x);
}

static void i_xref(db *d, flow *f, gal_node *parent, const xmlNode *x)
{
	const char *to = attr(d, x, "linkend");
	if (!nonempty(to))
		return;
	gal_node *h = holder(d, f, parent, x);
	flush_brk(d, f, h, x);
	gal_node *n = add(d, h, GAL_NODE_XREF, x);
	if (n)
		n->url = to;
	f->any = 1;
	f->space = 0;
}

static void i_biblioref(db *d, flow *f, gal_node *parent, const xmlNode *x)
{
	const char *to = attr(d, x, "linkend");
	if (!nonempty(to))
		return;
	gal_node *h = holder(d, f, parent, x);
	flush_brk(d, f, h, x);
	gal_node *n = add(d, h, GAL_NODE_CITE, x);
	if (n)
		n->url = to;
	f->any = 1;
	f->space = 0;
}

static int has_content(const xmlNode *x)
{
	for (const xmlNode *c = x->children; c; c = c->next) {
		if (c->type == XML_ELEMENT_NODE || c->type == XML_ENTITY_REF_NODE)
			return 1;
		if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) &&
		    !gal_imp_is_blank(c))
			return 1;
	}
	return 0;
}

/* link (linkend or xlink:href), ulink url, uri, email */
static void i_link(db *d, flow *f, gal_node *parent, const xmlNode *x)
{
	const char *name = gal_imp_name(x);
	const char *end = attr(d, x, "linkend");
	const char *href = !strcmp(name, "ulink") ? attr(d, x, "url") : attr(d, x, "href");
	if (!strcmp(name, "email")) {
		const char *t = text(d, x);
		href = nonempty(t) ? gal_doc_printf(d->doc, "mailto:%s", t) : NULL;
	} else if (!strcmp(name, "uri") && !nonempty(href)) {
		href = text(d, x);
	}
	gal_node_type t;
	if (nonempty(href))
		t = GAL_NODE_LINK;
	else if (nonempty(end))
		t = GAL_NODE_XREF;
	else {
		walk_kids(d, f, parent, x);
		return;
	}
	gal_node *h = holder(d, f, parent, x);
	if (!h)
		return;
	flush_brk(d, f, h, x);
	gal_node *n = add(d, h, t, x);
	if (!n) {
		walk_kids(d, f, h, x);
		return;
	}
	attrs(d, n, x);
	n->url = t == GAL_NODE_LINK ? href : end;
	if (has_content(x))
		walk_kids(d, f, n, x);
	else if (t == GAL_NODE_LINK)
		put_str(d, f, n, href, x);
	f->any = 1;
	f->space = 0;
}

static void i_anchor(db *d, flow *f, gal_node *parent, const xmlNode *x)
{
	const char *id = attr(d, x, "id");
	/* an anchor between blocks has nothing to attach to */
	if (!nonempty(id) || (!parent && !f->para))
		return;
	gal_node *n = add(d, holder(d, f, parent, x), GAL_NODE_SPAN, x);
	if (n)
		n->id = id;
}

static void i_footnote(db *d, flow *f, gal_node *parent, const xmlNode *x)
{
	gal_node *h = holder(d, f, parent, x);
	if (!h)
		return;
	flush_brk(d, f, h, x);
	gal_node *fn = add(d, h, GAL_NODE_FOOTNOTE, x);
	if (!fn) {
		/* a note inside a note: keep its text in line */
		f->brk = 1;
		walk_kids(d, f, h, x);
		f->brk = 1;
		return;
	}
	attrs(d, fn, x);
	fill(d, fn, x);
	f->any = 1;
	f->space = 0;
}

static void i_footnoteref(db *d, flow *f, gal_node *parent, const xmlNode *x)
{
	i_xref(d, f, parent, x);
}

/* Surround the content with fixed strings: citation [..], optional [..]. */
static void surround(db *d, flow *f, gal_node *parent, const xmlNode *x,
		     const char *open, const char *close)
{
	gal_node *h = holder(d, f, parent, x);
	if (!h)
		return;
	put_str(d, f, h, open, x);
	f->space = 0;
	walk_kids(d, f, h, x);
	put_str(d, f, h, close, x);
}

static void i_citation(db *d, flow *f, gal_node *parent, const xmlNode *x)
{
	surround(d, f, parent, x, "[", "]");
}

static void i_optional(db *d, flow *f, gal_node *parent, const xmlNode *x)
{
	surround(d, f, parent, x, "[", "]");
}

static void i_manvolnum(db *d, flow *f, gal_node *parent, const xmlNode *x)
{
	surround(d, f, parent, x, "(", ")");
}

static void i_trademark(db *d, flow *f, gal_node *parent, const xmlNode *x)
{
	const char *cls = attr(d, x, "class");
	const char *mark = "\u2122";
	if (cls && !strcmp(cls, "registered"))
		mark = "\u00ae";
	else if (cls && !strcmp(cls, "copyright"))
		mark = "\u00a9";
	else if (cls && !strcmp(cls, "service"))
		mark = "\u2120";
	walk_kids(d, f, parent, x);
	gal_node *h = holder(d, f, parent, x);
	add_text(d, h, mark, strlen(mark), x);
	f->space = 0;
}

/* keycombo, menuchoice: element children joined by a separator */
static void join_kids(db *d, flow *f, gal_node *parent, const xmlNode *x,
		      const char *sep)
{
	kids k;
	int n = 0;
	for (const xmlNode *c = kids_first(&k, x); c; c = kids_next(&k)) {
		if (!is_el(c))
			continue;
		if (n++) {
			gal_node *h = holder(d, f, parent, c);
			add_text(d, h, sep, strlen(sep), c);
			f->space = sep[strlen(sep) - 1] == ' ';
		}
		walk(d, f, parent, c);
	}
}

static void i_keycombo(db *d, flow *f, gal_node *parent, const xmlNode *x)
{
	const char *a = attr(d, x, "action");
	join_kids(d, f, parent, x, a && !strcmp(a, "seq") ? " " : "+");
}

static void i_menuchoice(db *d, flow *f, gal_node *parent, const xmlNode *x)
{
	join_kids(d, f, parent, x, " \u2192 ");
}

static void i_simplelist(db *d, flow *f, gal_node *parent, const xmlNode *x)
{
	join_kids(d, f, parent, x, ", ");
}

/* The text alternative of a media object. */
static const char *media_alt(db *d, const xmlNode *m)
{
	const xmlNode *a = child(m, "alt");
	if (a && nonempty(text(d, a)))
		return text(d, a);
	kids k;
	for (const xmlNode *c = kids_first(&k, m); c; c = kids_next(&k)) {
		if (!named(c, "textobject"))
			continue;
		const xmlNode *p = child(c, "phrase");
		const char *t = text(d, p ? p : c);
		if (nonempty(t))
			return t;
	}
	return NULL;
}

/* An image inside running text: the model has no inline images, so its
 * text alternative stands in (and one warning says so). */
static void i_inline_media(db *d, flow *f, gal_node *parent, const xmlNode *x)
{
	const char *alt = media_alt(d, x);
	if (!d->img_warned) {
		d->img_warned = 1;
		gal_imp_warn(d->imp, x, "inline-image",
			     "inline image replaced by its text alternative");
	}
	if (nonempty(alt))
		put_str(d, f, parent, alt, x);
}

/* ---- MathML --------------------------------------------------------------- */

static void esc(gal_buf *b, const char *s, int quot)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': gal_buf_puts(b, "&amp;"); break;
		case '<': gal_buf_puts(b, "&lt;"); break;
		case '>': gal_buf_puts(b, "&gt;"); break;
		case '"':
			if (quot) {
				gal_buf_puts(b, "&quot;");
				break;
			}
			/* fall through */
		default: gal_buf_putc(b, *s);
		}
	}
}

/* Serialize a MathML element with local names only and the MathML
 * namespace declared on the root, whatever prefix the source used. */
static void ser_math(gal_buf *b, const xmlNode *x, int depth)
{
	if (depth > MAX_DEPTH)
		return;
	const char *name = gal_imp_name(x);
	gal_buf_putc(b, '<');
	gal_buf_puts(b, name);
	if (depth == 0)
		gal_buf_puts(b, " xmlns=\"" MATHML_NS "\"");
	for (const xmlAttr *a = x->properties; a; a = a->next) {
		if (a->ns)
			continue;   /* xml:*, xlink:* and foreign attributes */
		xmlChar *v = xmlNodeGetContent((const xmlNode *)a);
		gal_buf_printf(b, " %s=\"", (const char *)a->name);
		esc(b, v ? (const char *)v : "", 1);
		gal_buf_putc(b, '"');
		xmlFree(v);
	}
	kids k;
	const xmlNode *c = kids_first(&k, x);
	if (!c) {
		gal_buf_puts(b, "/>");
		return;
	}
	gal_buf_putc(b, '>');
	for (; c; c = kids_next(&k)) {
		if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE ||
		    c->type == XML_ENTITY_REF_NODE) {
			if (c->content)
				esc(b, (const char *)c->content, 0);
		} else if (c->type == XML_ELEMENT_NODE) {
			ser_math(b, c, depth + 1);
		}
	}
	gal_buf_printf(b, "</%s>", name);
}

/* Linear text of MathML: tokens separated by spaces, scripts with ^ and _,
 * fractions with /. */
static void lin_math(db *d, gal_buf *b, const xmlNode *x, int depth, int *glue)
{
	if (depth > MAX_DEPTH)
		return;
	const char *n = gal_imp_name(x);
	if (!strcmp(n, "mi") || !strcmp(n, "mn") || !strcmp(n, "mo") ||
	    !strcmp(n, "mtext") || !strcmp(n, "ms")) {
		const char *t = text(d, x);
		if (!nonempty(t))
			return;
		if (b->len && !*glue)
			gal_buf_putc(b, ' ');
		gal_buf_puts(b, t);
		*glue = 0;
		return;
	}
	if (!strcmp(n, "annotation") || !strcmp(n, "annotation-xml") ||
	    !strcmp(n, "mspace") || !strcmp(n, "none") || !strcmp(n, "mprescripts"))
		return;
	const char *mid = NULL, *mid2 = NULL, *open = NULL, *close = NULL;
	if (!strcmp(n, "msup") || !strcmp(n, "mover"))
		mid = "^";
	else if (!strcmp(n, "msub") || !strcmp(n, "munder"))
		mid = "_";
	else if (!strcmp(n, "msubsup") || !strcmp(n, "munderover"))
		mid = "_", mid2 = "^";
	else if (!strcmp(n, "mfrac"))
		mid = "/";
	else if (!strcmp(n, "msqrt"))
		open = "\u221a(", close = ")";
	if (open) {
		if (b->len && !*glue)
			gal_buf_putc(b, ' ');
		gal_buf_puts(b, open);
		*glue = 1;
	}
	kids k;
	int i = 0;
	for (const xmlNode *c = kids_first(&k, x); c; c = kids_next(&k)) {
		if (!is_el(c))
			continue;
		if (i == 1 && mid) {
			gal_buf_puts(b, mid);
			*glue = 1;
		} else if (i == 2 && mid2) {
			gal_buf_puts(b, mid2);
			*glue = 1;
		}
		lin_math(d, b, c, depth + 1, glue);
		i++;
	}
	if (close) {
		gal_buf_puts(b, close);
		*glue = 0;
	}
}

static const char *math_tex(db *d, const xmlNode *x, int depth)
{
	if (depth > 8)
		return NULL;
	kids k;
	for (const xmlNode *c = kids_first(&k, x); c; c = kids_next(&k)) {
		if (!is_el(c))
			continue;
		if (named(c, "annotation")) {
			const char *enc = attr(d, c, "encoding");
			if (enc && (strstr(enc, "tex") || strstr(enc, "TeX")))
				return text(d, c);
		} else if (named(c, "semantics")) {
			const char *t = math_tex(d, c, depth + 1);
			if (t)
				return t;
		}
	}
	return NULL;
}

/* Fill a MATH or MATH_BLOCK node from an mml:math element. */
static void set_math(db *d, gal_node *n, const xmlNode *m)
{
	gal_buf b = GAL_BUF_INIT;
	ser_math(&b, m, 0);
	n->literal = gal_doc_strndup(d->doc, b.data ? b.data : "", b.len);
	gal_buf_reset(&b);
	int glue = 1;
	lin_math(d, &b, m, 0, &glue);
	if (b.len)
		n->title = gal_doc_strndup(d->doc, b.data, b.len);
	else
		n->title = attr(d, m, "alttext");
	n->tex = math_tex(d, m, 0);
	gal_buf_free(&b);
}

/* Math children of an equation-like element as nodes of type t in parent.
 * Returns how many were made. */
static int math_into(db *d, gal_node *parent, const xmlNode *x, gal_node_type t)
{
	int made = 0;
	const xmlNode *alt = NULL;
	kids k;
	for (const xmlNode *c = kids_first(&k, x); c; c = kids_next(&k)) {
		if (!is_el(c))
			continue;
		if (named(c, "alt")) {
			alt = c;
		} else if (is_mathml(c) && named(c, "math")) {
			gal_node *n = add(d, parent, t, c);
			if (n) {
				set_math(d, n, c);
				made++;
			}
		} else if (named(c, "mathphrase")) {
			gal_node *n = add(d, parent, t, c);
			if (n) {
				n->title = text(d, c);
				made++;
			}
		}
	}
	if (alt) {
		const char *a = text(d, alt);
		const char *role = attr(d, alt, "role");
		int tex = (role && strstr(role, "tex")) || (a && strchr(a, '\\'));
		if (made && tex && !parent->last->tex)
			parent->last->tex = a;
		else if (!made && nonempty(a)) {
			gal_node *n = add(d, parent, t, alt);
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
static void i_math(db *d, flow *f, gal_node *parent, const xmlNode *x)
{
	gal_node *h = holder(d, f, parent, x);
	if (!h)
		return;
	flush_brk(d, f, h, x);
	if (is_mathml(x) && named(x, "math")) {
		gal_node *n = add(d, h, GAL_NODE_MATH, x);
		if (n)
			set_math(d, n, x);
	} else if (!math_into(d, h, x, GAL_NODE_MATH)) {
		/* an image of the formula: its text alternative */
		walk_kids(d, f, h, x);
	}
	f->any = 1;
	f->space = 0;
}

/* programlisting and friends inside running text */
static void i_pre(db *d, flow *f, gal_node *parent, const xmlNode *x)
{
	int old = f->pre;
	f->brk = 1;
	f->pre = 2;
	gal_node *c = wrap(d, f, parent, x, GAL_NODE_CODE);
	f->pre = old;
	/* the line breaks that open and close the listing are layout */
	while (c && c->first && c->first->type == GAL_NODE_LINEBREAK)
		gal_node_unlink(c->first);
	while (c && c->last && (c->last->type == GAL_NODE_LINEBREAK ||
	       (c->last->type == GAL_NODE_TEXT && blank_str(c->last->literal))))
		gal_node_unlink(c->last);
	f->brk = 1;
	f->space = 1;
}

/* ---- block handlers ------------------------------------------------------- */

enum { SKIP_TITLE = 1, SKIP_ATTRIB = 2 };

static void h_para(db *d, gal_node *box, const xmlNode *x)
{
	flow f;
	flow_init(&f, box);
	f.src = x;
	walk_kids(d, &f, NULL, x);
}

static void h_formalpara(db *d, gal_node *box, const xmlNode *x)
{
	flow f;
	flow_init(&f, box);
	f.src = x;
	const xmlNode *t = title_of(x, "title");
	if (t) {
		gal_node *p = holder(d, &f, NULL, t);
		gal_node *s = add(d, p, GAL_NODE_STRONG, t);
		fill(d, s, t);
		const char *tt = s ? gal_node_text(d->doc, s) : "";
		size_t n = strlen(tt);
		int punct = n && strchr(".:;!?", tt[n - 1]);
		if (s && n)
			add_text(d, s, ".", punct ? 0 : 1, t);
		add_text(d, p, " ", 1, t);
		f.any = 1;
		f.space = 1;
	}
	kids k;
	for (const xmlNode *c = kids_first(&k, x); c; c = kids_next(&k)) {
		if (named(c, "title") || is_info(c))
			continue;
		if (named(c, "para"))
			walk_kids(d, &f, NULL, c);
		else
			walk(d, &f, NULL, c);
	}
}

static void h_title(db *d, gal_node *box, const xmlNode *x)
{
	bold_para(d, box, x, x);
}

static void h_section(db *d, gal_node *box, const xmlNode *x)
{
	const xmlNode *t = title_of(x, "title");
	const xmlNode *st = title_of(x, "subtitle");
	gal_node *into = box;
	if (gal_node_can_contain(box->type, GAL_NODE_SECTION)) {
		gal_node *sec = add(d, box, GAL_NODE_SECTION, x);
		if (!sec)
			return;
		attrs(d, sec, x);
		into = sec;
		if (t)
			fill(d, add(d, sec, GAL_NODE_HEADING, t), t);
	} else if (t) {
		bold_para(d, box, t, x);
	}
	if (st) {
		gal_node *p = add(d, into, GAL_NODE_PARA, st);
		fill(d, add(d, p, GAL_NODE_EMPH, st), st);
	}
	body(d, into, x, SKIP_TITLE);
}

/* BACK, made once; what follows in the article goes into it. */
static gal_node *ensure_back(db *d, const xmlNode *x)
{
	if (!d->back)
		d->back = add(d, d->doc->root, GAL_NODE_BACK, x);
	return d->back;
}

static void h_appendix(db *d, gal_node *box, const xmlNode *x)
{
	if (box == d->doc->root || box == d->back) {
		gal_node *back = ensure_back(d, x);
		if (back)
			box = back;
	}
	h_section(d, box, x);
}

static void h_admon(db *d, gal_node *box, const xmlNode *x)
{
	static const struct { const char *name; int kind; } kinds[] = {
		{ "note", GAL_ASIDE_NOTE }, { "tip", GAL_ASIDE_TIP },
		{ "warning", GAL_ASIDE_WARNING }, { "caution", GAL_ASIDE_CAUTION },
		{ "important", GAL_ASIDE_IMPORTANT }, { "danger", GAL_ASIDE_WARNING },
	};
	int kind = GAL_ASIDE_BOX;
	for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++)
		if (named(x, kinds[i].name))
			kind = kinds[i].kind;
	gal_node *a = add(d, box, GAL_NODE_ASIDE, x);
	if (!a)
		return;
	attrs(d, a, x);
	a->aside_kind = kind;
	const xmlNode *t = title_of(x, "title");
	if (t)
		fill(d, add(d, a, GAL_NODE_HEADING, t), t);
	body(d, a, x, SKIP_TITLE);
}

static void h_blockquote(db *d, gal_node *box, const xmlNode *x)
{
	gal_node *q = add(d, box, GAL_NODE_BLOCKQUOTE, x);
	if (!q)
		return;
	attrs(d, q, x);
	const xmlNode *t = title_of(x, "title");
	if (t)
		bold_para(d, q, t, NULL);
	body(d, q, x, SKIP_TITLE | SKIP_ATTRIB);
	const xmlNode *at = child(x, "attribution");
	if (at)
		fill(d, add(d, q, GAL_NODE_ATTRIBUTION, at), at);
}

static void h_pre(db *d, gal_node *box, const xmlNode *x)
{
	gal_node *p = add(d, box, GAL_NODE_PRE, x);
	if (!p)
		return;
	attrs(d, p, x);
	flow f;
	flow_init(&f, NULL);
	f.pre = 1;
	walk_kids(d, &f, p, x);
}

/* Transparent blocks with an optional title: example, task, qandadiv... */
static void h_titled(db *d, gal_node *box, const xmlNode *x)
{
	const xmlNode *t = title_of(x, "title");
	if (t)
		bold_para(d, box, t, x);
	body(d, box, x, SKIP_TITLE);
}

/* ---- lists ---------------------------------------------------------------- */

static int parse_int(const char *s, int def)
{
	if (!s)
		return def;
	char *end;
	long v = strtol(s, &end, 10);
	if (end == s || v < -1000000 || v > 1000000)
		return def;
	return (int)v;
}

/* Items: the element names that make an ITEM in each list. */
static int is_item(const xmlNode *c)
{
	static const char *const names[] = {
		"listitem", "step", "callout", "member", "varlistentry",
		"glossentry", "seglistitem", "bibliomixed", NULL
	};
	for (int i = 0; names[i]; i++)
		if (named(c, names[i]))
			return 1;
	return 0;
}

static void item_terms(db *d, gal_node *item, const xmlNode *x, const char *name)
{
	gal_node *term = NULL;
	kids k;
	for (const xmlNode *c = kids_first(&k, x); c; c = kids_next(&k)) {
		if (!named(c, name))
			continue;
		if (!term) {
			term = add(d, item, GAL_NODE_TERM, c);
			attrs(d, term, c);
		} else {
			add_text(d, term, ", ", 2, c);
		}
		fill(d, term, c);
	}
	if (term && !strcmp(name, "glossterm")) {
		/* a glossary entry's acronym follows its term */
		const xmlNode *a = child(x, "acronym");
		if (!a)
			a = child(x, "abbrev");
		if (a) {
			add_text(d, term, " (", 2, a);
			fill(d, add(d, term, GAL_NODE_ABBR, a), a);
			add_text(d, term, ")", 1, a);
		}
	}
}

static void gloss_refs(db *d, gal_node *item, const xmlNode *x)
{
	kids k;
	for (const xmlNode *c = kids_first(&k, x); c; c = kids_next(&k)) {
		if (!named(c, "glosssee") && !named(c, "glossseealso"))
			continue;
		gal_node *p = add(d, item, GAL_NODE_PARA, c);
		const char *other = attr(d, c, "otherterm");
		if (has_content(c))
			fill(d, p, c);
		else if (nonempty(other)) {
			gal_node *r = add(d, p, GAL_NODE_XREF, c);
			if (r)
				r->url = other;
		}
	}
}

static void seg_item(db *d, gal_node *item, const xmlNode *x,
		     const xmlNode *list)
{
	gal_node *p = add(d, item, GAL_NODE_PARA, x);
	kids k, kt;
	const xmlNode *st = kids_first(&kt, list);
	int n = 0;
	for (const xmlNode *c = kids_first(&k, x); c; c = kids_next(&k)) {
		if (!named(c, "seg"))
			continue;
		while (st && !named(st, "segtitle"))
			st = kids_next(&kt);
		if (n++)
			add(d, p, GAL_NODE_LINEBREAK, c);
		if (st) {
			gal_node *s = add(d, p, GAL_NODE_STRONG, st);
			fill(d, s, st);
			add_text(d, s, ":", 1, st);
			add_text(d, p, " ", 1, st);
			st = kids_next(&kt);
		}
		fill(d, p, c);
	}
}

static void make_item_body(db *d, gal_node *item, const xmlNode *c, const xmlNode *lx);

static void make_item(db *d, gal_node *list, const xmlNode *c, const xmlNode *lx)
{
	gal_node *item = add(d, list, GAL_NODE_ITEM, c);
	if (!item)
		return;
	attrs(d, item, c);
	make_item_body(d, item, c, lx);
	/* a cross-reference to an entry names its term */
	if (item->id && item->first && item->first->type == GAL_NODE_TERM &&
	    !item->first->id) {
		item->first->id = item->id;
		item->id = NULL;
	}
}

static void make_item_body(db *d, gal_node *item, const xmlNode *c, const xmlNode *lx)
{
	if (named(c, "varlistentry")) {
		item_terms(d, item, c, "term");
		kids k;
		for (const xmlNode *li = kids_first(&k, c); li; li = kids_next(&k))
			if (named(li, "listitem"))
				body(d, item, li, 0);
	} else if (named(c, "glossentry")) {
		item_terms(d, item, c, "glossterm");
		kids k;
		for (const xmlNode *g = kids_first(&k, c); g; g = kids_next(&k))
			if (named(g, "glossdef"))
				body(d, item, g, 0);
		gloss_refs(d, item, c);
	} else if (named(c, "seglistitem")) {
		seg_item(d, item, c, lx);
	} else if (named(c, "bibliomixed")) {
		fill(d, add(d, item, GAL_NODE_PARA, c), c);
	} else {
		body(d, item, c, 0);
	}
}

/* orderedlist: numeration (arabic, loweralpha, upperalpha, lowerroman,
 * upperroman), startingnumber (or the first item's override), else
 * continuation="continues" from the last ordered list; simplelist and
 * itemizedlist mark="none" have no markers. */
static void list_numbering(db *d, gal_node *list, const xmlNode *x, const xmlNode *first)
{
	static const struct { const char *name; int numbering; } nums[] = {
		{ "loweralpha", GAL_NUM_LOWER_ALPHA }, { "upperalpha", GAL_NUM_UPPER_ALPHA },
		{ "lowerroman", GAL_NUM_LOWER_ROMAN }, { "upperroman", GAL_NUM_UPPER_ROMAN },
	};

	if (list->list_type == GAL_LIST_BULLET) {
		const char *mark = attr(d, x, "mark");
		if (!strcmp(gal_imp_name(x), "simplelist") || (mark && !strcmp(mark, "none")))
			list->numbering = GAL_NUM_NONE;
		return;
	}
	if (list->list_type != GAL_LIST_ORDERED)
		return;
	const char *num = attr(d, x, "numeration");
	for (size_t k = 0; num && k < sizeof nums / sizeof *nums; k++)
		if (!strcmp(num, nums[k].name))
			list->numbering = nums[k].numbering;
	const char *s = attr(d, x, "startingnumber");
	if (!s)
		s = attr(d, first, "override");
	const char *cont = attr(d, x, "continuation");
	if (!s && cont && !strcmp(cont, "continues") && d->olist) {
		int n = 0;
		for (const gal_node *c = d->olist->first; c; c = c->next)
			n += c->type == GAL_NODE_ITEM;
		list->start = d->olist->start + n;
		return;
	}
	list->start = parse_int(s, 1);
}

static void h_list(db *d, gal_node *box, const xmlNode *x)
{
	const char *name = gal_imp_name(x);
	int type = GAL_LIST_BULLET;
	if (!strcmp(name, "orderedlist") || !strcmp(name, "procedure") ||
	    !strcmp(name, "substeps") || !strcmp(name, "calloutlist"))
		type = GAL_LIST_ORDERED;
	else if (!strcmp(name, "variablelist") || !strcmp(name, "glosslist"))
		type = GAL_LIST_DEFINITION;
	if (!strcmp(name, "simplelist")) {
		const char *t = attr(d, x, "type");
		if (t && !strcmp(t, "inline")) {
			flow f;
			flow_init(&f, box);
			f.src = x;
			i_simplelist(d, &f, NULL, x);
			return;
		}
	}
	gal_node *list = NULL;
	flow f;
	flow_init(&f, box);
	kids k;
	for (const xmlNode *c = kids_first(&k, x); c; c = kids_next(&k)) {
		if (d->stop)
			return;
		if (is_el(c) && is_item(c)) {
			flow_close(&f);
			if (!list) {
				list = add(d, box, GAL_NODE_LIST, x);
				if (!list)
					return;
				attrs(d, list, x);
				list->list_type = type;
				list_numbering(d, list, x, c);
			}
			make_item(d, list, c, x);
			continue;
		}
		if (is_info(c) || named(c, "segtitle") || named(c, "titleabbrev"))
			continue;
		if (list && is_el(c) && !named(c, "title")) {
			/* blocks after the items stay after the list */
			list = NULL;
		}
		walk(d, &f, NULL, c);
	}
	if (list && list->list_type == GAL_LIST_ORDERED)
		d->olist = list;
}

/* glossentry outside a glosslist (glossary, glossdiv): consecutive ones
 * share one definition list. */
static void h_glossentry(db *d, gal_node *box, const xmlNode *x)
{
	if (!d->gloss || box->last != d->gloss) {
		d->gloss = add(d, box, GAL_NODE_LIST, x);
		if (!d->gloss)
			return;
		d->gloss->list_type = GAL_LIST_DEFINITION;
	}
	make_item(d, d->gloss, x, NULL);
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
static const xmlNode *pick_imagedata(db *d, const xmlNode *m)
{
	const xmlNode *first = NULL;
	kids k;
	for (const xmlNode *c = kids_first(&k, m); c; c = kids_next(&k)) {
		const xmlNode *io = c;
		if (named(c, "imageobjectco"))
			io = child(c, "imageobject");
		if (!io || !named(io, "imageobject"))
			continue;
		const xmlNode *id = child(io, "imagedata");
		const char *ref = id ? attr(d, id, "fileref") : NULL;
		if (!nonempty(ref))
			continue;
		if (!first)
			first = id;
		if (readable_image(ref))
			return id;
	}
	return first;
}

static void caption_add(db *d, gal_node **cap, const xmlNode *x, int strong)
{
	if (!*cap)
		*cap = mk(d, GAL_NODE_CAPTION, x);
	if (!*cap)
		return;
	if ((*cap)->first)
		add_text(d, *cap, " ", 1, x);
	gal_node *into = *cap;
	if (strong)
		into = add(d, *cap, GAL_NODE_STRONG, x);
	fill(d, into ? into : *cap, x);
}

/* A media object into a FIGURE: its image, its caption. Returns whether an
 * image was found. */
static int media_into(db *d, gal_node *fig, const xmlNode *m, gal_node **cap)
{
	const xmlNode *id = NULL;
	if (named(m, "graphic") || named(m, "imagedata"))
		id = m;
	else if (named(m, "imageobject"))
		id = child(m, "imagedata");
	else
		id = pick_imagedata(d, m);
	const char *ref = id ? attr(d, id, "fileref") : NULL;
	int found = 0;
	if (nonempty(ref)) {
		gal_node *img = add(d, fig, GAL_NODE_IMAGE, id);
		if (img) {
			img->url = ref;
			img->title = media_alt(d, m);
			attrs(d, img, m);
			found = 1;
		}
	}
	const xmlNode *c = child(m, "caption");
	if (c)
		caption_add(d, cap, c, 0);
	if (!found) {
		/* no image: the text alternative is the content */
		const char *alt = media_alt(d, m);
		if (nonempty(alt)) {
			gal_node *p = add(d, fig, GAL_NODE_PARA, m);
			add_text(d, p, alt, strlen(alt), m);
		}
	}
	return found;
}

static int is_media(const xmlNode *c)
{
	return named(c, "mediaobject") || named(c, "mediaobjectco") ||
	       named(c, "graphic") || named(c, "inlinemediaobject") ||
	       named(c, "imageobject") || named(c, "imageobjectco");
}

static void h_figure(db *d, gal_node *box, const xmlNode *x)
{
	gal_node *fig = add(d, box, GAL_NODE_FIGURE, x);
	if (!fig)
		return;
	attrs(d, fig, x);
	gal_node *cap = NULL;
	const xmlNode *t = title_of(x, "title");
	if (t)
		caption_add(d, &cap, t, 0);
	flow f;
	flow_init(&f, fig);
	kids k;
	for (const xmlNode *c = kids_first(&k, x); c; c = kids_next(&k)) {
		if (named(c, "title") || named(c, "titleabbrev") || is_info(c))
			continue;
		if (named(c, "screenshot")) {
			kids k2;
			for (const xmlNode *g = kids_first(&k2, c); g; g = kids_next(&k2))
				if (is_media(g))
					media_into(d, fig, g, &cap);
			continue;
		}
		if (is_media(c)) {
			flow_close(&f);
			media_into(d, fig, c, &cap);
			continue;
		}
		if (named(c, "caption")) {
			caption_add(d, &cap, c, 0);
			continue;
		}
		walk(d, &f, NULL, c);
	}
	if (cap && cap->first)
		gal_node_append_child(fig, cap);
}

static void h_media(db *d, gal_node *box, const xmlNode *x)
{
	if (!pick_imagedata(d, x) && !named(x, "graphic")) {
		/* no picture at all: keep the text alternative and caption */
		const char *alt = media_alt(d, x);
		if (nonempty(alt)) {
			gal_node *p = add(d, box, GAL_NODE_PARA, x);
			add_text(d, p, alt, strlen(alt), x);
		}
		const xmlNode *c = child(x, "caption");
		if (c)
			body(d, box, c, 0);
		return;
	}
	gal_node *fig = add(d, box, GAL_NODE_FIGURE, x);
	if (!fig)
		return;
	attrs(d, fig, x);
	gal_node *cap = NULL;
	media_into(d, fig, x, &cap);
	if (cap && cap->first)
		gal_node_append_child(fig, cap);
}

static void h_screenshot(db *d, gal_node *box, const xmlNode *x)
{
	kids k;
	for (const xmlNode *c = kids_first(&k, x); c; c = kids_next(&k))
		if (is_media(c))
			h_media(d, box, c);
}

static void h_equation(db *d, gal_node *box, const xmlNode *x)
{
	const xmlNode *t = title_of(x, "title");
	gal_node *into = box, *fig = NULL, *cap = NULL;
	if (t && gal_node_can_contain(box->type, GAL_NODE_FIGURE)) {
		fig = add(d, box, GAL_NODE_FIGURE, x);
		if (!fig)
			return;
		attrs(d, fig, x);
		into = fig;
	}
	if (!gal_node_can_contain(into->type, GAL_NODE_MATH_BLOCK)) {
		flow f;
		flow_init(&f, box);
		f.src = x;
		i_math(d, &f, holder(d, &f, NULL, x), x);
		return;
	}
	gal_node *before = into->last;
	if (!math_into(d, into, x, GAL_NODE_MATH_BLOCK)) {
		/* a picture of the formula */
		const xmlNode *m = NULL;
		kids k;
		for (const xmlNode *c = kids_first(&k, x); c && !m; c = kids_next(&k))
			if (is_media(c))
				m = c;
		if (m && fig)
			media_into(d, fig, m, &cap);
		else if (m)
			h_media(d, into, m);
	} else if (!fig && into->last != before) {
		attrs(d, before ? before->next : into->first, x);
	}
	if (fig) {
		caption_add(d, &cap, t, 0);
		if (cap && cap->first)
			gal_node_append_child(fig, cap);
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

static int parse_align(const char *s)
{
	if (!s)
		return GAL_ALIGN_DEFAULT;
	if (!strcmp(s, "left"))
		return GAL_ALIGN_LEFT;
	if (!strcmp(s, "right"))
		return GAL_ALIGN_RIGHT;
	if (!strcmp(s, "center"))
		return GAL_ALIGN_CENTER;
	if (!strcmp(s, "justify"))
		return GAL_ALIGN_JUSTIFY;
	return GAL_ALIGN_DEFAULT;
}

static void tg_colspec(db *d, tgroup *tg, const xmlNode *c)
{
	tg->cols = xrealloc(tg->cols, (tg->ncols + 1) * sizeof *tg->cols);
	colinfo *ci = &tg->cols[tg->ncols++];
	ci->name = attr(d, c, "colname");
	ci->num = parse_int(attr(d, c, "colnum"), tg->next_num + 1);
	if (ci->num < 1 || ci->num > MAX_SPAN)
		ci->num = tg->next_num + 1;
	tg->next_num = ci->num;
	ci->align = parse_align(attr(d, c, "align"));
}

static void tg_spanspec(db *d, tgroup *tg, const xmlNode *c)
{
	tg->spans = xrealloc(tg->spans, (tg->nspans + 1) * sizeof *tg->spans);
	spaninfo *s = &tg->spans[tg->nspans++];
	s->name = attr(d, c, "spanname");
	s->st = attr(d, c, "namest");
	s->end = attr(d, c, "nameend");
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

static int clamp_span(int v)
{
	return v < 1 ? 1 : v > MAX_SPAN ? MAX_SPAN : v;
}

static void make_cell(db *d, gal_node *row, const xmlNode *e, tgroup *tg,
		      int header, int *col)
{
	gal_node *cell = add(d, row, GAL_NODE_TCELL, e);
	if (!cell)
		return;
	attrs(d, cell, e);
	cell->header = header || named(e, "th");
	const colinfo *c1 = NULL, *c2 = NULL;
	const char *st = attr(d, e, "namest"), *end = attr(d, e, "nameend");
	const spaninfo *sp = tg_span(tg, attr(d, e, "spanname"));
	if (sp) {
		st = sp->st;
		end = sp->end;
	}
	c1 = tg_col(tg, st ? st : attr(d, e, "colname"));
	c2 = tg_col(tg, end);
	if (c1 && c2 && c2->num >= c1->num)
		cell->colspan = clamp_span(c2->num - c1->num + 1);
	else
		cell->colspan = clamp_span(parse_int(attr(d, e, "colspan"), 1));
	const char *mr = attr(d, e, "morerows");
	if (mr)
		cell->rowspan = clamp_span(parse_int(mr, 0) + 1);
	else
		cell->rowspan = clamp_span(parse_int(attr(d, e, "rowspan"), 1));
	int at = c1 ? c1->num : *col;
	cell->align = parse_align(attr(d, e, "align"));
	if (cell->align == GAL_ALIGN_DEFAULT) {
		for (size_t i = 0; i < tg->ncols; i++)
			if (tg->cols[i].num == at)
				cell->align = tg->cols[i].align;
		if (cell->align == GAL_ALIGN_DEFAULT)
			cell->align = tg->align;
	}
	*col = at + cell->colspan;
	fill(d, cell, e);
}

static int is_cell(const xmlNode *c)
{
	return named(c, "entry") || named(c, "entrytbl") || named(c, "td") ||
	       named(c, "th");
}

static int is_row(const xmlNode *c)
{
	return named(c, "row") || named(c, "tr");
}

static void make_row(db *d, gal_node *sec, const xmlNode *r, tgroup *tg, int header)
{
	gal_node *row = add(d, sec, GAL_NODE_TROW, r);
	if (!row)
		return;
	attrs(d, row, r);
	int col = 1;
	kids k;
	for (const xmlNode *c = kids_first(&k, r); c; c = kids_next(&k))
		if (is_cell(c))
			make_cell(d, row, c, tg, header, &col);
}

/* thead/tbody/tfoot (or a table's bare rows): rows, and cells that stand
 * without a row (pandoc writes thead > th) get one. */
static void make_tsec(db *d, gal_node *table, const xmlNode *x, int kind,
		      tgroup *tg)
{
	gal_node *sec = add(d, table, GAL_NODE_TSECTION, x);
	if (!sec)
		return;
	sec->tsection = kind;
	int header = kind == GAL_TSEC_HEAD;
	gal_node *loose = NULL;
	int col = 1;
	kids k;
	for (const xmlNode *c = kids_first(&k, x); c; c = kids_next(&k)) {
		if (named(c, "colspec"))
			tg_colspec(d, tg, c);
		else if (is_row(c)) {
			loose = NULL;
			make_row(d, sec, c, tg, header);
		} else if (is_cell(c)) {
			if (!loose) {
				loose = add(d, sec, GAL_NODE_TROW, c);
				col = 1;
			}
			make_cell(d, loose, c, tg, header, &col);
		}
	}
}

static int tsec_kind(const xmlNode *c)
{
	if (named(c, "thead"))
		return GAL_TSEC_HEAD;
	if (named(c, "tfoot"))
		return GAL_TSEC_FOOT;
	if (named(c, "tbody"))
		return GAL_TSEC_BODY;
	return -1;
}

/* tgroup (CALS) or the table itself (HTML): sections and bare rows */
static void table_group(db *d, gal_node *table, const xmlNode *g, tgroup *tg,
			flow *notes)
{
	tg->align = parse_align(attr(d, g, "align"));
	gal_node *bare = NULL;
	kids k;
	for (const xmlNode *c = kids_first(&k, g); c; c = kids_next(&k)) {
		if (!is_el(c))
			continue;
		int kind = tsec_kind(c);
		if (named(c, "colspec"))
			tg_colspec(d, tg, c);
		else if (named(c, "spanspec"))
			tg_spanspec(d, tg, c);
		else if (kind >= 0)
			make_tsec(d, table, c, kind, tg);
		else if (is_row(c)) {
			if (!bare) {
				bare = add(d, table, GAL_NODE_TSECTION, c);
				if (bare)
					bare->tsection = GAL_TSEC_BODY;
			}
			make_row(d, bare, c, tg, 0);
			continue;
		} else if (named(c, "col") || named(c, "colgroup") ||
			   named(c, "title") || named(c, "caption") || is_info(c) ||
			   named(c, "titleabbrev") || named(c, "textobject")) {
			/* col widths, or handled by the caller */
		} else if (named(c, "tgroup")) {
			tgroup sub = { 0 };
			table_group(d, table, c, &sub, notes);
			free(sub.cols);
			free(sub.spans);
		} else {
			walk(d, notes, NULL, c);
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

static void h_table(db *d, gal_node *box, const xmlNode *x)
{
	gal_node *table = add(d, box, GAL_NODE_TABLE, x);
	if (!table)
		return;
	attrs(d, table, x);
	const xmlNode *t = title_of(x, "title");
	const xmlNode *cap = child(x, "caption");
	if (t || cap) {
		gal_node *c = add(d, table, GAL_NODE_CAPTION, t ? t : cap);
		if (t)
			fill(d, c, t);
		if (t && cap)
			add_text(d, c, " ", 1, cap);
		if (cap)
			fill(d, c, cap);
	}
	flow notes;
	flow_init(&notes, table);
	tgroup tg = { 0 };
	table_group(d, table, x, &tg, &notes);
	free(tg.cols);
	free(tg.spans);
	table_order(table);
}

/* ---- bibliography --------------------------------------------------------- */

static void name_parts(db *d, gal_buf *b, const xmlNode *x, int depth)
{
	static const char *const parts[] = {
		"honorific", "firstname", "givenname", "othername", "surname",
		"lineage", NULL
	};
	if (depth > 4)
		return;
	kids k;
	for (const xmlNode *c = kids_first(&k, x); c; c = kids_next(&k)) {
		if (!is_el(c))
			continue;
		for (int i = 0; parts[i]; i++) {
			if (!named(c, parts[i]))
				continue;
			const char *t = text(d, c);
			if (nonempty(t)) {
				if (b->len)
					gal_buf_putc(b, ' ');
				gal_buf_puts(b, t);
			}
		}
		if (named(c, "personname"))
			name_parts(d, b, c, depth + 1);
	}
}

/* A person's or organisation's name from author/editor/personname/... */
static const char *person_name(db *d, const xmlNode *x)
{
	gal_buf b = GAL_BUF_INIT;
	name_parts(d, &b, x, 0);
	const char *r = NULL;
	if (b.len) {
		r = gal_doc_strndup(d->doc, b.data, b.len);
	} else {
		const xmlNode *o = child(x, "orgname");
		const xmlNode *p = child(x, "personname");
		if (o)
			r = text(d, o);
		else if (p)
			r = text(d, p);
		else {
			/* bare text, without email, affiliation, ... */
			for (const xmlNode *c = x->children; c; c = c->next)
				if (c->type == XML_TEXT_NODE && c->content)
					gal_buf_puts(&b, (const char *)c->content);
			r = b.len ? gal_doc_strndup(d->doc, b.data, b.len) : NULL;
			if (r) {
				/* collapse white space */
				gal_buf c2 = GAL_BUF_INIT;
				int sp = 1;
				for (const char *s = r; *s; s++) {
					if (is_ws((unsigned char)*s)) {
						sp = 1;
						continue;
					}
					if (sp && c2.len)
						gal_buf_putc(&c2, ' ');
					sp = 0;
					gal_buf_putc(&c2, *s);
				}
				r = c2.len ? gal_doc_strndup(d->doc, c2.data, c2.len) : NULL;
				gal_buf_free(&c2);
			}
		}
	}
	gal_buf_free(&b);
	return nonempty(r) ? r : NULL;
}

static const char *copyright_text(db *d, const xmlNode *x)
{
	gal_buf b = GAL_BUF_INIT;
	gal_buf_puts(&b, "\u00a9");
	int years = 0;
	kids k;
	for (const xmlNode *c = kids_first(&k, x); c; c = kids_next(&k)) {
		if (named(c, "year")) {
			gal_buf_puts(&b, years++ ? ", " : " ");
			gal_buf_puts(&b, text(d, c));
		}
	}
	int holders = 0;
	for (const xmlNode *c = kids_first(&k, x); c; c = kids_next(&k)) {
		if (named(c, "holder")) {
			gal_buf_puts(&b, holders++ ? ", " : " ");
			gal_buf_puts(&b, text(d, c));
		}
	}
	const char *r = gal_doc_strndup(d->doc, b.data, b.len);
	gal_buf_free(&b);
	return r;
}

static void ref_sep(db *d, gal_node *r, const xmlNode *x, int *parts)
{
	if ((*parts)++)
		add_text(d, r, ", ", 2, x);
}

/* A structured biblioentry as readable text: its parts joined by commas,
 * titles in italics. */
static void bib_parts(db *d, gal_node *r, const xmlNode *x, int depth, int *parts)
{
	if (depth > 4)
		return;
	kids k;
	for (const xmlNode *c = kids_first(&k, x); c; c = kids_next(&k)) {
		if (!is_el(c) || named(c, "indexterm") || named(c, "remark") ||
		    named(c, "abbrev"))
			continue;
		if (named(c, "title") || named(c, "citetitle")) {
			ref_sep(d, r, c, parts);
			fill(d, add(d, r, GAL_NODE_EMPH, c), c);
		} else if (named(c, "author") || named(c, "editor") ||
			   named(c, "othercredit") || named(c, "personname") ||
			   named(c, "corpauthor")) {
			const char *n = person_name(d, c);
			if (nonempty(n)) {
				ref_sep(d, r, c, parts);
				add_text(d, r, n, strlen(n), c);
			}
		} else if (named(c, "authorgroup") || named(c, "biblioset") ||
			   named(c, "bibliomset") || named(c, "publisher")) {
			bib_parts(d, r, c, depth + 1, parts);
		} else if (named(c, "copyright")) {
			const char *t = copyright_text(d, c);
			ref_sep(d, r, c, parts);
			add_text(d, r, t, strlen(t), c);
		} else {
			const char *t = text(d, c);
			if (nonempty(t)) {
				ref_sep(d, r, c, parts);
				add_text(d, r, t, strlen(t), c);
			}
		}
	}
}

static void make_ref(db *d, gal_node *refs, const xmlNode *x)
{
	gal_node *r = add(d, refs, GAL_NODE_REF, x);
	if (!r)
		return;
	attrs(d, r, x);
	if (!r->id)
		r->id = gal_doc_printf(d->doc, "bib-%d", ++d->nref);
	const xmlNode *ab = child(x, "abbrev");
	if (ab) {
		const char *t = text(d, ab);
		if (nonempty(t)) {
			const char *s = gal_doc_printf(d->doc, "[%s] ", t);
			add_text(d, r, s, strlen(s), ab);
		}
	}
	if (named(x, "biblioentry")) {
		int parts = 0;
		bib_parts(d, r, x, 0, &parts);
		const char *t = gal_node_text(d->doc, r);
		size_t n = strlen(t);
		if (n && !strchr(".!?", t[n - 1]))
			add_text(d, r, ".", 1, x);
	} else {
		flow f;
		flow_init(&f, NULL);
		kids k;
		for (const xmlNode *c = kids_first(&k, x); c; c = kids_next(&k)) {
			if (named(c, "abbrev"))
				continue;
			if (named(c, "title") || named(c, "citetitle"))
				wrap(d, &f, r, c, GAL_NODE_EMPH);
			else if (named(c, "bibliomset") || named(c, "biblioset"))
				walk_kids(d, &f, r, c);
			else
				walk(d, &f, r, c);
		}
	}
}

static void h_bibliography(db *d, gal_node *box, const xmlNode *x)
{
	gal_node *back = ensure_back(d, x);
	if (!back)
		return;
	(void)box;
	gal_node *refs = NULL;
	const xmlNode *t = title_of(x, "title");
	if (t) {
		refs = add(d, back, GAL_NODE_REFS, x);
		attrs(d, refs, x);
		fill(d, add(d, refs, GAL_NODE_HEADING, t), t);
	}
	flow f;
	flow_init(&f, back);
	kids k;
	for (const xmlNode *c = kids_first(&k, x); c; c = kids_next(&k)) {
		if (d->stop)
			return;
		if (named(c, "title") || named(c, "subtitle") ||
		    named(c, "titleabbrev") || is_info(c))
			continue;
		if (named(c, "biblioentry") || named(c, "bibliomixed")) {
			flow_close(&f);
			if (!refs || refs != back->last) {
				refs = add(d, back, GAL_NODE_REFS, c);
				if (!t)
					attrs(d, refs, x);
			}
			make_ref(d, refs, c);
		} else if (named(c, "bibliodiv") || named(c, "bibliolist")) {
			flow_close(&f);
			h_bibliography(d, back, c);
			refs = NULL;
		} else {
			walk(d, &f, NULL, c);
		}
	}
}

/* ---- the table of elements ------------------------------------------------ */

#define INL(n, t) { n, K_INLINE, t, NULL, NULL }
#define IFN(n, f) { n, K_INL, GAL_NODE_COUNT, NULL, f }
#define BLK(n, t, b, i) { n, K_BLOCK, t, b, i }
#define PASS(n) { n, K_PASS, GAL_NODE_COUNT, NULL, NULL }
#define DROP(n) { n, K_DROP, GAL_NODE_COUNT, NULL, NULL }

static const el elements[] = {
	/* paragraphs and headings */
	BLK("para", GAL_NODE_PARA, h_para, NULL),
	BLK("simpara", GAL_NODE_PARA, h_para, NULL),
	BLK("formalpara", GAL_NODE_PARA, h_formalpara, NULL),
	BLK("bridgehead", GAL_NODE_PARA, h_title, NULL),
	BLK("title", GAL_NODE_PARA, h_title, NULL),
	BLK("subtitle", GAL_NODE_PARA, h_title, NULL),
	/* sections */
	BLK("section", GAL_NODE_COUNT, h_section, NULL),
	BLK("sect1", GAL_NODE_COUNT, h_section, NULL),
	BLK("sect2", GAL_NODE_COUNT, h_section, NULL),
	BLK("sect3", GAL_NODE_COUNT, h_section, NULL),
	BLK("sect4", GAL_NODE_COUNT, h_section, NULL),
	BLK("sect5", GAL_NODE_COUNT, h_section, NULL),
	BLK("simplesect", GAL_NODE_COUNT, h_section, NULL),
	BLK("refsect1", GAL_NODE_COUNT, h_section, NULL),
	BLK("refsect2", GAL_NODE_COUNT, h_section, NULL),
	BLK("refsect3", GAL_NODE_COUNT, h_section, NULL),
	BLK("refsection", GAL_NODE_COUNT, h_section, NULL),
	BLK("refsynopsisdiv", GAL_NODE_COUNT, h_section, NULL),
	BLK("chapter", GAL_NODE_COUNT, h_section, NULL),
	BLK("preface", GAL_NODE_COUNT, h_section, NULL),
	BLK("part", GAL_NODE_COUNT, h_section, NULL),
	BLK("glossary", GAL_NODE_COUNT, h_section, NULL),
	BLK("glossdiv", GAL_NODE_COUNT, h_section, NULL),
	BLK("qandadiv", GAL_NODE_COUNT, h_section, NULL),
	BLK("appendix", GAL_NODE_COUNT, h_appendix, NULL),
	BLK("colophon", GAL_NODE_COUNT, h_section, NULL),
	BLK("dedication", GAL_NODE_COUNT, h_section, NULL),
	BLK("acknowledgements", GAL_NODE_COUNT, h_section, NULL),
	/* lists */
	BLK("itemizedlist", GAL_NODE_LIST, h_list, NULL),
	BLK("orderedlist", GAL_NODE_LIST, h_list, NULL),
	BLK("variablelist", GAL_NODE_LIST, h_list, NULL),
	BLK("simplelist", GAL_NODE_LIST, h_list, i_simplelist),
	BLK("procedure", GAL_NODE_LIST, h_list, NULL),
	BLK("substeps", GAL_NODE_LIST, h_list, NULL),
	BLK("stepalternatives", GAL_NODE_LIST, h_list, NULL),
	BLK("calloutlist", GAL_NODE_LIST, h_list, NULL),
	BLK("segmentedlist", GAL_NODE_LIST, h_list, NULL),
	BLK("glosslist", GAL_NODE_LIST, h_list, NULL),
	BLK("glossentry", GAL_NODE_LIST, h_glossentry, NULL),
	/* verbatim */
	BLK("programlisting", GAL_NODE_PRE, h_pre, i_pre),
	BLK("screen", GAL_NODE_PRE, h_pre, i_pre),
	BLK("literallayout", GAL_NODE_PRE, h_pre, i_pre),
	BLK("synopsis", GAL_NODE_PRE, h_pre, i_pre),
	BLK("address", GAL_NODE_PRE, h_pre, i_pre),
	BLK("funcsynopsis", GAL_NODE_PRE, h_pre, i_pre),
	BLK("cmdsynopsis", GAL_NODE_PRE, h_pre, i_pre),
	BLK("classsynopsis", GAL_NODE_PRE, h_pre, i_pre),
	PASS("programlistingco"), PASS("screenco"),
	DROP("areaspec"), DROP("co"), DROP("coref"),
	/* figures, media, math */
	BLK("figure", GAL_NODE_FIGURE, h_figure, NULL),
	BLK("informalfigure", GAL_NODE_FIGURE, h_figure, NULL),
	BLK("mediaobject", GAL_NODE_FIGURE, h_media, i_inline_media),
	BLK("mediaobjectco", GAL_NODE_FIGURE, h_media, i_inline_media),
	BLK("graphic", GAL_NODE_FIGURE, h_media, i_inline_media),
	BLK("screenshot", GAL_NODE_FIGURE, h_screenshot, NULL),
	IFN("inlinemediaobject", i_inline_media),
	IFN("inlinegraphic", i_inline_media),
	BLK("equation", GAL_NODE_COUNT, h_equation, i_math),
	BLK("informalequation", GAL_NODE_COUNT, h_equation, i_math),
	IFN("inlineequation", i_math),
	IFN("mathphrase", i_math),
	/* tables */
	BLK("table", GAL_NODE_TABLE, h_table, NULL),
	BLK("informaltable", GAL_NODE_TABLE, h_table, NULL),
	/* quotations and boxes */
	BLK("blockquote", GAL_NODE_BLOCKQUOTE, h_blockquote, NULL),
	BLK("epigraph", GAL_NODE_BLOCKQUOTE, h_blockquote, NULL),
	BLK("note", GAL_NODE_ASIDE, h_admon, NULL),
	BLK("tip", GAL_NODE_ASIDE, h_admon, NULL),
	BLK("warning", GAL_NODE_ASIDE, h_admon, NULL),
	BLK("caution", GAL_NODE_ASIDE, h_admon, NULL),
	BLK("important", GAL_NODE_ASIDE, h_admon, NULL),
	BLK("danger", GAL_NODE_ASIDE, h_admon, NULL),
	BLK("sidebar", GAL_NODE_ASIDE, h_admon, NULL),
	/* transparent block wrappers */
	BLK("example", GAL_NODE_COUNT, h_titled, NULL),
	BLK("informalexample", GAL_NODE_COUNT, h_titled, NULL),
	BLK("task", GAL_NODE_COUNT, h_titled, NULL),
	BLK("tasksummary", GAL_NODE_COUNT, h_titled, NULL),
	BLK("taskprerequisites", GAL_NODE_COUNT, h_titled, NULL),
	BLK("taskrelated", GAL_NODE_COUNT, h_titled, NULL),
	BLK("qandaset", GAL_NODE_COUNT, h_titled, NULL),
	BLK("qandaentry", GAL_NODE_COUNT, h_titled, NULL),
	BLK("question", GAL_NODE_COUNT, h_titled, NULL),
	BLK("answer", GAL_NODE_COUNT, h_titled, NULL),
	BLK("partintro", GAL_NODE_COUNT, h_titled, NULL),
	BLK("refentry", GAL_NODE_COUNT, h_titled, NULL),
	BLK("refnamediv", GAL_NODE_PARA, h_para, NULL),
	BLK("abstract", GAL_NODE_COUNT, h_titled, NULL),
	BLK("legalnotice", GAL_NODE_COUNT, h_titled, NULL),
	BLK("caption", GAL_NODE_COUNT, h_titled, NULL),
	BLK("textobject", GAL_NODE_COUNT, h_titled, NULL),
	BLK("bibliography", GAL_NODE_COUNT, h_bibliography, NULL),
	BLK("bibliolist", GAL_NODE_COUNT, h_bibliography, NULL),
	BLK("bibliodiv", GAL_NODE_COUNT, h_bibliography, NULL),
	PASS("label"), PASS("refname"), PASS("refpurpose"), PASS("refdescriptor"),
	/* inlines */
	IFN("emphasis", i_emphasis),
	INL("citetitle", GAL_NODE_EMPH), INL("firstterm", GAL_NODE_EMPH),
	INL("glossterm", GAL_NODE_EMPH), INL("foreignphrase", GAL_NODE_EMPH),
	INL("wordasword", GAL_NODE_EMPH), INL("replaceable", GAL_NODE_EMPH),
	INL("lineannotation", GAL_NODE_EMPH),
	INL("literal", GAL_NODE_CODE), INL("code", GAL_NODE_CODE),
	INL("command", GAL_NODE_CODE), INL("filename", GAL_NODE_CODE),
	INL("option", GAL_NODE_CODE), INL("userinput", GAL_NODE_CODE),
	INL("computeroutput", GAL_NODE_CODE), INL("varname", GAL_NODE_CODE),
	INL("function", GAL_NODE_CODE), INL("envar", GAL_NODE_CODE),
	INL("systemitem", GAL_NODE_CODE), INL("classname", GAL_NODE_CODE),
	INL("type", GAL_NODE_CODE), INL("constant", GAL_NODE_CODE),
	INL("parameter", GAL_NODE_CODE), INL("returnvalue", GAL_NODE_CODE),
	INL("prompt", GAL_NODE_CODE), INL("markup", GAL_NODE_CODE),
	INL("tag", GAL_NODE_CODE), INL("sgmltag", GAL_NODE_CODE),
	INL("keycap", GAL_NODE_CODE), INL("keysym", GAL_NODE_CODE),
	INL("methodname", GAL_NODE_CODE), INL("interfacename", GAL_NODE_CODE),
	INL("exceptionname", GAL_NODE_CODE), INL("property", GAL_NODE_CODE),
	INL("structname", GAL_NODE_CODE), INL("structfield", GAL_NODE_CODE),
	INL("symbol", GAL_NODE_CODE), INL("token", GAL_NODE_CODE),
	INL("errorcode", GAL_NODE_CODE), INL("errorname", GAL_NODE_CODE),
	INL("errortype", GAL_NODE_CODE), INL("msgtext", GAL_NODE_CODE),
	INL("package", GAL_NODE_CODE), INL("database", GAL_NODE_CODE),
	INL("funcdef", GAL_NODE_CODE), INL("funcparams", GAL_NODE_CODE),
	INL("varargs", GAL_NODE_CODE), INL("void", GAL_NODE_CODE),
	INL("modifier", GAL_NODE_CODE), INL("initializer", GAL_NODE_CODE),
	INL("ooclass", GAL_NODE_CODE), INL("oointerface", GAL_NODE_CODE),
	INL("ooexception", GAL_NODE_CODE), INL("hardware", GAL_NODE_CODE),
	INL("superscript", GAL_NODE_SUP), INL("subscript", GAL_NODE_SUB),
	INL("quote", GAL_NODE_QUOTE),
	INL("acronym", GAL_NODE_ABBR), INL("abbrev", GAL_NODE_ABBR),
	IFN("phrase", i_phrase),
	IFN("xref", i_xref), IFN("footnoteref", i_footnoteref),
	IFN("link", i_link), IFN("ulink", i_link), IFN("uri", i_link),
	IFN("email", i_link),
	IFN("biblioref", i_biblioref),
	IFN("anchor", i_anchor),
	IFN("footnote", i_footnote),
	IFN("citation", i_citation), IFN("optional", i_optional),
	IFN("manvolnum", i_manvolnum), IFN("trademark", i_trademark),
	IFN("keycombo", i_keycombo), IFN("menuchoice", i_menuchoice),
	PASS("olink"), PASS("citerefentry"), PASS("refentrytitle"),
	PASS("application"), PASS("productname"), PASS("productnumber"),
	PASS("orgname"), PASS("personname"), PASS("firstname"), PASS("surname"),
	PASS("othername"), PASS("honorific"), PASS("lineage"), PASS("givenname"),
	PASS("author"), PASS("editor"), PASS("othercredit"), PASS("corpauthor"),
	PASS("guibutton"), PASS("guiicon"), PASS("guilabel"), PASS("guimenu"),
	PASS("guimenuitem"), PASS("guisubmenu"), PASS("mousebutton"),
	PASS("interface"), PASS("medialabel"), PASS("keycode"), PASS("shortcut"),
	PASS("date"), PASS("pubdate"), PASS("year"), PASS("holder"),
	PASS("street"), PASS("city"), PASS("state"), PASS("postcode"),
	PASS("country"), PASS("pob"), PASS("phone"), PASS("fax"),
	PASS("otheraddr"), PASS("jobtitle"), PASS("orgdiv"), PASS("shortaffil"),
	PASS("affiliation"), PASS("contrib"), PASS("termdef"), PASS("tertiaryie"),
	PASS("accel"), PASS("citebiblioid"), PASS("member"), PASS("term"),
	PASS("listitem"), PASS("step"), PASS("callout"), PASS("seg"),
	PASS("entry"), PASS("td"), PASS("th"), PASS("alt"),
	/* editorial and generated matter */
	DROP("remark"), DROP("comment"), DROP("indexterm"), DROP("index"),
	DROP("setindex"), DROP("toc"), DROP("lot"), DROP("beginpage"),
	DROP("annotation"), DROP("titleabbrev"), DROP("revhistory"),
	DROP("imagedata"), DROP("imageobject"), DROP("videoobject"),
	DROP("audioobject"), DROP("refmeta"), DROP("info"), DROP("articleinfo"),
	DROP("sectioninfo"), DROP("sect1info"), DROP("sect2info"),
	DROP("sect3info"), DROP("sect4info"), DROP("sect5info"),
	DROP("blockinfo"), DROP("objectinfo"), DROP("bookinfo"),
	DROP("chapterinfo"), DROP("appendixinfo"), DROP("refsect1info"),
	DROP("refentryinfo"), DROP("bibliographyinfo"), DROP("glossaryinfo"),
	DROP("prefaceinfo"), DROP("artheader"), DROP("releaseinfo"),
	DROP("attribution"), DROP("colspec"), DROP("spanspec"),
	DROP("authorinitials"),
};

static const el math_el = { "math", K_INL, GAL_NODE_COUNT, NULL, i_math };

static const el *lookup(const xmlNode *x)
{
	if (is_mathml(x))
		return named(x, "math") ? &math_el : NULL;
	const char *n = gal_imp_name(x);
	for (size_t i = 0; i < sizeof elements / sizeof *elements; i++)
		if (elements[i].name[0] == n[0] && !strcmp(elements[i].name, n))
			return &elements[i];
	return NULL;
}

/* ---- the walker ----------------------------------------------------------- */

static void element(db *d, flow *f, gal_node *parent, const xmlNode *x)
{
	const el *e = lookup(x);
	if (!e) {
		gal_imp_unknown(d->imp, x);
		walk_kids(d, f, parent, x);
		return;
	}
	switch (e->kind) {
	case K_DROP:
		return;
	case K_PASS:
		walk_kids(d, f, parent, x);
		return;
	case K_INLINE:
		wrap(d, f, parent, x, e->type);
		return;
	case K_INL:
		e->inl(d, f, parent, x);
		return;
	case K_BLOCK:
		break;
	}
	if (!parent && f->box) {
		flow_close(f);
		if (e->type == GAL_NODE_COUNT || gal_node_can_contain(f->box->type, e->type)) {
			e->blk(d, f->box, x);
			return;
		}
		/* a block its box cannot hold: flatten it into a paragraph */
		f->src = x;
		parent = holder(d, f, NULL, x);
		if (!parent)
			return;
		f->src = NULL;
		if (e->inl)
			e->inl(d, f, parent, x);
		else
			walk_kids(d, f, parent, x);
		flow_close(f);
		return;
	}
	gal_node *h = holder(d, f, parent, x);
	if (!h)
		return;
	if (e->inl) {
		e->inl(d, f, h, x);
		return;
	}
	f->brk = 1;
	walk_kids(d, f, h, x);
	f->brk = 1;
}

static void walk(db *d, flow *f, gal_node *parent, const xmlNode *x)
{
	if (d->stop)
		return;
	switch (x->type) {
	case XML_TEXT_NODE:
	case XML_CDATA_SECTION_NODE:
	case XML_ENTITY_REF_NODE:   /* only unparsed ones reach here */
		if (x->content)
			put_text(d, f, parent, (const char *)x->content,
				 strlen((const char *)x->content), x);
		return;
	case XML_ELEMENT_NODE:
		break;
	default:
		return;
	}
	if (d->imp->depth >= MAX_DEPTH) {
		put_str(d, f, parent, text(d, x), x);
		return;
	}
	d->imp->depth++;
	element(d, f, parent, x);
	d->imp->depth--;
}

static void walk_kids(db *d, flow *f, gal_node *parent, const xmlNode *x)
{
	kids k;
	for (const xmlNode *c = kids_first(&k, x); c && !d->stop; c = kids_next(&k))
		walk(d, f, parent, c);
}

/* The children of x as blocks in box. */
static void body(db *d, gal_node *box, const xmlNode *x, int skip)
{
	flow f;
	flow_init(&f, box);
	kids k;
	for (const xmlNode *c = kids_first(&k, x); c && !d->stop; c = kids_next(&k)) {
		if (is_el(c)) {
			if ((skip & SKIP_TITLE) && (named(c, "title") ||
			    named(c, "subtitle") || named(c, "titleabbrev")))
				continue;
			if ((skip & SKIP_ATTRIB) && named(c, "attribution"))
				continue;
			if (is_info(c))
				continue;
		}
		walk(d, &f, NULL, c);
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

/* "July 17, 2006", "17 July 2006", "July 2006" -> ISO 8601; ISO dates
 * and anything unrecognised stay as given. */
static const char *norm_date(db *d, const char *s)
{
	if (!nonempty(s))
		return NULL;
	if (isdigit((unsigned char)s[0]) && isdigit((unsigned char)s[1]) &&
	    isdigit((unsigned char)s[2]) && isdigit((unsigned char)s[3]))
		return s;
	int day = 0, month = 0, year = 0;
	const char *p = s;
	while (*p) {
		while (*p && !isalnum((unsigned char)*p))
			p++;
		const char *w = p;
		while (*p && isalnum((unsigned char)*p))
			p++;
		size_t n = (size_t)(p - w);
		if (!n)
			break;
		if (isdigit((unsigned char)*w)) {
			int v = atoi(w);
			if (n == 4)
				year = v;
			else if (n <= 2 && !day)
				day = v;
		} else if (!month) {
			month = month_of(w, n);
		}
	}
	if (!year || !month)
		return s;
	if (day >= 1 && day <= 31)
		return gal_doc_printf(d->doc, "%04d-%02d-%02d", year, month, day);
	return gal_doc_printf(d->doc, "%04d-%02d", year, month);
}

static void add_author(db *d, const xmlNode *a)
{
	const char *name = person_name(d, a);
	if (!name)
		return;
	const char *aff = NULL;
	const xmlNode *af = child(a, "affiliation");
	if (af) {
		const xmlNode *o = child(af, "orgname");
		aff = text(d, o ? o : af);
		if (!nonempty(aff))
			aff = NULL;
	}
	gal_doc_add_author(d->doc, name, NULL, aff);
}

static void meta_info(db *d, const xmlNode *info, int all)
{
	gal_meta *m = &d->doc->meta;
	kids k;
	for (const xmlNode *c = kids_first(&k, info); c; c = kids_next(&k)) {
		if (!is_el(c))
			continue;
		if (!all && !named(c, "title") && !named(c, "subtitle") &&
		    !named(c, "titleabbrev") && !named(c, "abstract"))
			continue;
		if (named(c, "titleabbrev") && !m->short_title) {
			/* the title for running heads */
			const char *s = text(d, c);
			if (nonempty(s))
				m->short_title = s;
		} else if (named(c, "title") && !m->title) {
			m->title = mk(d, GAL_NODE_TITLE, c);
			fill(d, m->title, c);
		} else if (named(c, "subtitle") && !m->subtitle) {
			m->subtitle = mk(d, GAL_NODE_SUBTITLE, c);
			fill(d, m->subtitle, c);
		} else if (named(c, "author") || named(c, "corpauthor")) {
			add_author(d, c);
		} else if (named(c, "authorgroup")) {
			kids k2;
			for (const xmlNode *a = kids_first(&k2, c); a; a = kids_next(&k2))
				if (named(a, "author") || named(a, "corpauthor"))
					add_author(d, a);
		} else if (named(c, "pubdate")) {
			m->date = norm_date(d, text(d, c));
		} else if (named(c, "date") && !m->date) {
			m->date = norm_date(d, text(d, c));
		} else if (named(c, "copyright")) {
			d->copyright = copyright_text(d, c);
		} else if (named(c, "legalnotice")) {
			d->legal = text(d, c);
		} else if (named(c, "abstract") && !m->abstract) {
			gal_node *s = mk(d, GAL_NODE_SUMMARY, c);
			if (!s)
				continue;
			s->summary_kind = GAL_SUMMARY_ABSTRACT;
			attrs(d, s, c);
			const xmlNode *t = title_of(c, "title");
			if (t)
				fill(d, add(d, s, GAL_NODE_HEADING, t), t);
			body(d, s, c, SKIP_TITLE);
			m->abstract = s;
		} else if (named(c, "keywordset")) {
			kids k2;
			for (const xmlNode *w = kids_first(&k2, c); w; w = kids_next(&k2))
				if (named(w, "keyword") && nonempty(text(d, w)))
					gal_doc_add_keyword(d->doc, text(d, w));
		} else if (named(c, "subjectset")) {
			kids k2, k3;
			for (const xmlNode *s = kids_first(&k2, c); s; s = kids_next(&k2))
				for (const xmlNode *w = is_el(s) ? kids_first(&k3, s) : NULL; w;
				     w = kids_next(&k3))
					if (named(w, "subjectterm") && nonempty(text(d, w)))
						gal_doc_add_keyword(d->doc, text(d, w));
		} else if (named(c, "publisher")) {
			const xmlNode *pn = child(c, "publishername");
			if (nonempty(text(d, pn ? pn : c)))
				m->publisher = text(d, pn ? pn : c);
		} else if (named(c, "publishername")) {
			m->publisher = text(d, c);
		} else if ((named(c, "biblioid") || named(c, "isbn") ||
			    named(c, "issn")) && !m->identifier) {
			m->identifier = text(d, c);
		} else if (named(c, "cover") || named(c, "mediaobject")) {
			const xmlNode *mo = named(c, "cover") ? child(c, "mediaobject") : c;
			const xmlNode *id = mo ? pick_imagedata(d, mo) : NULL;
			if (id && !m->cover_src) {
				m->cover_src = attr(d, id, "fileref");
				m->cover_alt = media_alt(d, mo);
			}
		}
	}
}

/* ---- entry point ---------------------------------------------------------- */

int gal_import_docbook(gal_imp *imp, xmlDocPtr xml)
{
	db d;
	memset(&d, 0, sizeof d);
	d.imp = imp;
	d.doc = imp->doc;
	gal_doc *doc = imp->doc;
	const xmlNode *root = xmlDocGetRootElement(xml);
	if (!root)
		return gal_err_set(imp->err, GAL_E_FORMAT, doc->name, 0, 0,
				   "no root element");
	doc->format = GAL_FMT_DOCBOOK;
	const char *lang = attr(&d, root, "lang");
	if (nonempty(lang))
		doc->meta.lang = lang;
	const char *id = attr(&d, root, "id");
	if (nonempty(id))
		doc->meta.id = id;

	kids k;
	for (const xmlNode *c = kids_first(&k, root); c; c = kids_next(&k))
		if (is_info(c))
			meta_info(&d, c, 1);
	/* DocBook 4 also allows the title straight in the article */
	meta_info(&d, root, 0);

	flow f;
	flow_init(&f, doc->root);
	for (const xmlNode *c = kids_first(&k, root); c && !d.stop; c = kids_next(&k)) {
		if (is_el(c) && (is_info(c) || named(c, "title") ||
				 named(c, "subtitle") || named(c, "titleabbrev")))
			continue;
		if (named(c, "abstract") && !doc->meta.abstract) {
			flow_close(&f);
			meta_info(&d, root, 0);   /* picks up this abstract */
			continue;
		}
		if (d.back && f.box != d.back) {
			flow_close(&f);
			f.box = d.back;
		}
		walk(&d, &f, NULL, c);
	}
	if (d.copyright && d.legal)
		doc->meta.rights = gal_doc_printf(doc, "%s. %s", d.copyright, d.legal);
	else
		doc->meta.rights = d.copyright ? d.copyright : d.legal;

	gal_imp_tidy(doc, doc->root);
	gal_imp_tidy(doc, doc->meta.title);
	gal_imp_tidy(doc, doc->meta.subtitle);
	gal_imp_tidy(doc, doc->meta.abstract);
	return imp->status;
}
