/* Importer: the native article vocabulary (DESIGN.md, "Native vocabulary
 * (version 1)"; schema/article.rng) into the document model.
 *
 * Lenient: an element we do not know keeps its text (its children are
 * read in place) and gives one warning per name; a known element in the
 * wrong place is read the same way with a "misplaced-element" warning.
 * Recursion follows the XML tree, which libxml2 caps at 256 levels; we
 * stop descending earlier (GAL_IMP_MAX_DEPTH) and keep the text below as plain
 * text. White space is collapsed in a final pass over the model. */
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "base/buf.h"
#include "import/toolkit.h"
#include "import/xml.h"
#include "model/doc.h"


typedef struct art {
	gal_walker w;                /* first: the table's handlers get &a->w */
	gal_imp *imp;
	gal_doc *doc;
} art;

#define ART(w) ((art *)(w))

/* ---- element classes ---------------------------------------------------- */

typedef enum { K_UNKNOWN, K_BLOCK, K_INLINE, K_OTHER } kind;

static void b_text(gal_walker *w, gal_node *box, const xmlNode *x);
static void b_hr(gal_walker *w, gal_node *box, const xmlNode *x);
static void b_section(gal_walker *w, gal_node *box, const xmlNode *x);
static void b_aside(gal_walker *w, gal_node *box, const xmlNode *x);
static void b_blockquote(gal_walker *w, gal_node *box, const xmlNode *x);
static void b_list(gal_walker *w, gal_node *box, const xmlNode *x);
static void b_figure(gal_walker *w, gal_node *box, const xmlNode *x);
static void b_img(gal_walker *w, gal_node *box, const xmlNode *x);
static void b_table(gal_walker *w, gal_node *box, const xmlNode *x);

/* Blocks, inlines, and parts known only in a particular parent (an img
 * among blocks is a figure of its own). */
/* a block with its node type and handler */
#define BLOCK(n, t, h) GAL_BLK(n, GAL_NODE_##t, h, NULL)

static const gal_el elements[] = {
	BLOCK("p", PARA, b_text), BLOCK("pullquote", PULLQUOTE, b_text),
	BLOCK("pre", PRE, b_text), BLOCK("hr", HR, b_hr),
	BLOCK("section", SECTION, b_section), BLOCK("aside", ASIDE, b_aside),
	BLOCK("blockquote", BLOCKQUOTE, b_blockquote), BLOCK("list", LIST, b_list),
	BLOCK("figure", FIGURE, b_figure), BLOCK("table", TABLE, b_table),
	GAL_INL("em", GAL_NODE_EMPH), GAL_INL("strong", GAL_NODE_STRONG),
	GAL_INL("code", GAL_NODE_CODE), GAL_INL("sup", GAL_NODE_SUP),
	GAL_INL("sub", GAL_NODE_SUB), GAL_INL("sc", GAL_NODE_SMALLCAPS),
	GAL_INL("q", GAL_NODE_QUOTE), GAL_INL("a", GAL_NODE_LINK),
	GAL_INL("xref", GAL_NODE_XREF), GAL_INL("fn", GAL_NODE_FOOTNOTE),
	GAL_INL("cite", GAL_NODE_CITE), GAL_INL("abbr", GAL_NODE_ABBR),
	GAL_INL("br", GAL_NODE_LINEBREAK), GAL_INL("span", GAL_NODE_SPAN),
	{ "img", GAL_K_PART, GAL_NODE_FIGURE, b_img, NULL },
	GAL_PART("article"), GAL_PART("head"), GAL_PART("body"), GAL_PART("back"),
	GAL_PART("title"), GAL_PART("subtitle"), GAL_PART("author"), GAL_PART("date"),
	GAL_PART("source"), GAL_PART("publisher"), GAL_PART("rights"),
	GAL_PART("keywords"), GAL_PART("keyword"), GAL_PART("summary"),
	GAL_PART("cover"), GAL_PART("identifier"), GAL_PART("attribution"),
	GAL_PART("item"), GAL_PART("caption"), GAL_PART("credit"),
	GAL_PART("thead"), GAL_PART("tbody"), GAL_PART("tfoot"), GAL_PART("tr"),
	GAL_PART("th"), GAL_PART("td"), GAL_PART("refs"), GAL_PART("ref"),
};

static int in_list(const char *const *list, const char *s)
{
	for (; *list; list++)
		if (strcmp(*list, s) == 0)
			return 1;
	return 0;
}

static int is_text(const xmlNode *x)
{
	return x && (x->type == XML_TEXT_NODE || x->type == XML_CDATA_SECTION_NODE);
}

static const gal_el *entry(const art *a, const xmlNode *x)
{
	return x->ns ? NULL : gal_walk_lookup(&a->w, x);
}

static kind classify(const art *a, const xmlNode *x)
{
	const gal_el *e = entry(a, x);
	if (!e)
		return K_UNKNOWN;
	return e->kind == GAL_K_BLOCK ? K_BLOCK : e->kind == GAL_K_INLINE ? K_INLINE : K_OTHER;
}

static int is_el(const xmlNode *x)
{
	return gal_imp_is_el(x);
}

/* the native vocabulary has no namespace; namespaced elements (MathML,
 * XHTML islands, ...) are foreign */
static int named(const xmlNode *x, const char *name)
{
	return gal_imp_named(x, name) && !x->ns;
}

/* First child element of x with this name. */
static const xmlNode *child(const xmlNode *x, const char *name)
{
	for (const xmlNode *c = x->children; c; c = c->next)
		if (named(c, name))
			return c;
	return NULL;
}

/* ---- helpers ------------------------------------------------------------ */

/* A new child of parent for element x, with x's id and language (NULL
 * when refused: nesting or the node limit; the latter stops the import). */
static gal_node *add(art *a, gal_node *parent, gal_node_type t, const xmlNode *x)
{
	return gal_imp_add_el(a->imp, parent, t, x);
}

static gal_node *detached(art *a, gal_node_type t, const xmlNode *x)
{
	gal_node *n = gal_imp_new(a->imp, t, x);
	gal_imp_ids(a->imp, n, x);
	return n;
}

/* Text into an inline container: runs of XML white space become one
 * space (the final pass joins and trims across nodes); verbatim in pre. */
static void add_text(art *a, gal_node *parent, const char *s, const xmlNode *x, int pre)
{
	if (!s || !*s || a->imp->stop || !parent)
		return;
	if (pre) {
		gal_imp_add_text(a->imp, parent, s, strlen(s), x);
		return;
	}
	gal_buf b = GAL_BUF_INIT;
	int space = 0;
	gal_imp_put_collapsed(&b, x, s, strlen(s), &space);
	gal_imp_add_text(a->imp, parent, b.data, b.len, x);
	gal_buf_free(&b);
}

/* An element read "in place": unknown, or known but misplaced. */
static void foreign(art *a, const xmlNode *x, const char *where)
{
	if (classify(a, x) == K_UNKNOWN)
		gal_imp_unknown(a->imp, x);
	else
		gal_imp_misplaced(a->imp, x, where);
}

/* ---- inline content ----------------------------------------------------- */

static void inlines(art *a, const xmlNode *xp, gal_node *parent, int pre);

/* An image in running text: a picture in the line, as big as its width
 * and height ask; one of no src keeps its alt text. */
static void inline_img(art *a, const xmlNode *x, gal_node *parent, int pre)
{
	const char *src = gal_imp_attr(a->imp, x, "src");
	const char *alt = gal_imp_attr(a->imp, x, "alt");
	gal_node *img = gal_imp_nonempty(src) ? add(a, parent, GAL_NODE_INLINE_IMAGE, x) : NULL;
	if (!img) {
		if (!a->imp->stop) {
			gal_imp_warn(a->imp, x, "missing-attribute", "<img> without src");
			add_text(a, parent, alt, x, pre);
		}
		return;
	}
	img->url = src;
	img->title = gal_imp_nonempty(alt) ? alt : NULL;
	img->img_w = gal_imp_length(gal_imp_attr(a->imp, x, "width"));
	img->img_h = gal_imp_length(gal_imp_attr(a->imp, x, "height"));
}

static void inline_element(art *a, const xmlNode *x, gal_node *parent, int pre)
{
	const char *n = gal_imp_name(x);
	gal_node_type t;
	gal_node *node;

	if (a->imp->depth >= GAL_IMP_MAX_DEPTH) {
		add_text(a, parent, gal_imp_text(a->imp, x), x, 0);
		return;
	}
	if (classify(a, x) != K_INLINE) {
		if (named(x, "img")) {
			inline_img(a, x, parent, pre);
			return;
		}
		/* paragraphs in a table cell are common enough to pass quietly */
		if (!(named(x, "p") && parent->type == GAL_NODE_TCELL))
			foreign(a, x, "running text");
		/* paragraphs inside a cell or a heading: a line break between */
		if (named(x, "p") && parent->last && parent->last->type != GAL_NODE_LINEBREAK)
			add(a, parent, GAL_NODE_LINEBREAK, x);
		inlines(a, x, parent, pre || named(x, "pre"));
		return;
	}
	t = entry(a, x)->type;
	if (t == GAL_NODE_LINEBREAK) {
		add(a, parent, GAL_NODE_LINEBREAK, x);
		return;
	}
	node = add(a, parent, t, x);
	if (!node) {
		if (a->imp->stop)
			return;
		/* refused (a note inside a note): keep the content in place */
		gal_imp_misplaced(a->imp, x, gal_node_type_name(parent->type));
		inlines(a, x, parent, pre);
		return;
	}
	switch (t) {
	case GAL_NODE_LINK:
		node->url = gal_imp_attr(a->imp, x, "href");
		break;
	case GAL_NODE_XREF:
		node->url = gal_imp_attr(a->imp, x, "to");
		break;
	case GAL_NODE_CITE:
		node->url = gal_imp_attr(a->imp, x, "ref");
		break;
	case GAL_NODE_ABBR:
		node->title = gal_imp_attr(a->imp, x, "title");
		break;
	default:
		break;
	}
	if ((t == GAL_NODE_LINK || t == GAL_NODE_XREF || t == GAL_NODE_CITE) && !node->url)
		gal_imp_warn(a->imp, x, "missing-attribute", "<%s> without its %s attribute", n,
			     t == GAL_NODE_LINK ? "href" : t == GAL_NODE_XREF ? "to" : "ref");
	inlines(a, x, node, pre);
}

/* The children of xp as inline content of parent. */
static void inlines(art *a, const xmlNode *xp, gal_node *parent, int pre)
{
	if (!parent)
		return;
	a->imp->depth++;
	for (const xmlNode *c = xp->children; c && !a->imp->stop; c = c->next) {
		if (is_text(c))
			add_text(a, parent, (const char *)c->content, c, pre);
		else if (is_el(c))
			inline_element(a, c, parent, pre);
	}
	a->imp->depth--;
}

/* A block holding inlines (p, pullquote, caption, ...) for element x. */
static gal_node *inline_block(art *a, const xmlNode *x, gal_node *parent, gal_node_type t)
{
	gal_node *n = add(a, parent, t, x);
	if (n)
		inlines(a, x, n, t == GAL_NODE_PRE);
	return n;
}

/* ---- block content ------------------------------------------------------ */

static void flow(art *a, const xmlNode *xp, gal_node *container, const char *const *skip);
static void block_element(art *a, const xmlNode *x, gal_node *container);

/* Whether x holds an element we read as a block. */
static int has_block_child(const art *a, const xmlNode *x)
{
	for (const xmlNode *c = x->children; c; c = c->next)
		if (is_el(c) && classify(a, c) == K_BLOCK)
			return 1;
	return 0;
}

/* One child c of a block container. Inline content that stands among
 * blocks is gathered into a paragraph, *loose, until the next block. */
static void flow_child(art *a, const xmlNode *c, gal_node *container, gal_node **loose)
{
	if (is_text(c)) {
		if (!*loose && gal_imp_is_blank(c))
			return;
		if (!*loose)
			*loose = add(a, container, GAL_NODE_PARA, c);
		add_text(a, *loose, (const char *)c->content, c, 0);
		return;
	}
	if (!is_el(c))
		return;
	kind k = classify(a, c);
	if (a->imp->depth >= GAL_IMP_MAX_DEPTH) {
		if (!*loose)
			*loose = add(a, container, GAL_NODE_PARA, c);
		add_text(a, *loose, gal_imp_text(a->imp, c), c, 0);
		return;
	}
	if (k == K_INLINE) {
		if (!*loose)
			*loose = add(a, container, GAL_NODE_PARA, c);
		if (*loose)
			inline_element(a, c, *loose, 0);
		return;
	}
	if (k == K_BLOCK || named(c, "img")) {
		*loose = NULL;
		block_element(a, c, container);
		return;
	}
	/* unknown or misplaced: read its content in place */
	foreign(a, c, gal_node_type_name(container->type));
	if (has_block_child(a, c)) {
		*loose = NULL;
		flow(a, c, container, NULL);
	} else {
		if (!*loose)
			*loose = add(a, container, GAL_NODE_PARA, c);
		if (*loose)
			inlines(a, c, *loose, 0);
	}
}

/* Children of xp as blocks of container. Elements named in skip were
 * read by the caller (a section's title, a blockquote's attribution). */
static void flow(art *a, const xmlNode *xp, gal_node *container, const char *const *skip)
{
	gal_node *loose = NULL;
	if (!container)
		return;
	a->imp->depth++;
	for (const xmlNode *c = xp->children; c && !a->imp->stop; c = c->next) {
		if (skip && is_el(c) && !c->ns && in_list(skip, gal_imp_name(c)))
			continue;
		flow_child(a, c, container, &loose);
	}
	a->imp->depth--;
}

static const char *const skip_title[] = { "title", NULL };
static const char *const skip_attribution[] = { "attribution", NULL };

/* A container block with an optional <title> (section, aside, refs). */
static gal_node *titled(art *a, const xmlNode *x, gal_node *parent, gal_node_type t)
{
	gal_node *n = add(a, parent, t, x);
	if (!n)
		return NULL;
	const xmlNode *title = child(x, "title");
	if (title)
		inline_block(a, title, n, GAL_NODE_HEADING);
	return n;
}

static void list_items(art *a, const xmlNode *x, gal_node *list)
{
	gal_node *stray = NULL; /* an item for content outside any <item> */
	a->imp->depth++;
	for (const xmlNode *c = x->children; c && !a->imp->stop; c = c->next) {
		if (named(c, "item")) {
			stray = NULL;
			gal_node *item = add(a, list, GAL_NODE_ITEM, c);
			/* inline content is wrapped in a paragraph by flow */
			flow(a, c, item, NULL);
			continue;
		}
		if (is_text(c) && gal_imp_is_blank(c))
			continue;
		if (!is_el(c) && !is_text(c))
			continue;
		if (is_el(c))
			foreign(a, c, "list");
		if (!stray)
			stray = add(a, list, GAL_NODE_ITEM, is_el(c) ? c : NULL);
		if (!stray)
			continue;
		gal_node *p = stray->last && stray->last->type == GAL_NODE_PARA ? stray->last
			: add(a, stray, GAL_NODE_PARA, NULL);
		if (is_text(c))
			add_text(a, p, (const char *)c->content, c, 0);
		else
			inlines(a, c, p, 0);
	}
	a->imp->depth--;
}

static void table_row(art *a, const xmlNode *x, gal_node *sec)
{
	gal_node *row = add(a, sec, GAL_NODE_TROW, x);
	if (!row)
		return;
	for (const xmlNode *c = x->children; c && !a->imp->stop; c = c->next) {
		if (named(c, "th") || named(c, "td")) {
			gal_node *cell = add(a, row, GAL_NODE_TCELL, c);
			if (!cell)
				continue;
			cell->header = named(c, "th");
			cell->colspan = gal_imp_span(gal_imp_attr(a->imp, c, "colspan"));
			cell->rowspan = gal_imp_span(gal_imp_attr(a->imp, c, "rowspan"));
			cell->align = gal_imp_align(gal_imp_attr(a->imp, c, "align"));
			inlines(a, c, cell, 0);
			continue;
		}
		if (is_text(c) && gal_imp_is_blank(c))
			continue;
		if (is_el(c) || is_text(c)) {
			/* stray content in a row: a cell of its own */
			if (is_el(c))
				foreign(a, c, "a table row");
			gal_node *cell = add(a, row, GAL_NODE_TCELL, is_el(c) ? c : NULL);
			if (!cell)
				continue;
			if (is_text(c))
				add_text(a, cell, (const char *)c->content, c, 0);
			else
				inlines(a, c, cell, 0);
		}
	}
}

static void table_rows(art *a, const xmlNode *x, gal_node *sec)
{
	for (const xmlNode *c = x->children; c && !a->imp->stop; c = c->next) {
		if (named(c, "tr"))
			table_row(a, c, sec);
		else if (is_el(c)) {
			foreign(a, c, "a table section");
			table_row(a, c, sec);
		}
	}
}

static void table(art *a, const xmlNode *x, gal_node *container)
{
	gal_node *t = add(a, container, GAL_NODE_TABLE, x);
	gal_node *body = NULL; /* for <tr> straight under <table> */
	if (!t)
		return;
	a->imp->depth++;
	/* caption first, wherever it stands */
	const xmlNode *cap = child(x, "caption");
	if (cap)
		inline_block(a, cap, t, GAL_NODE_CAPTION);
	for (const xmlNode *c = x->children; c && !a->imp->stop; c = c->next) {
		if (!is_el(c)) {
			if (is_text(c) && !gal_imp_is_blank(c)) {
				gal_node *p = add(a, t, GAL_NODE_PARA, NULL);
				add_text(a, p, (const char *)c->content, c, 0);
			}
			continue;
		}
		if (c == cap)
			continue;
		int which = named(c, "thead") ? GAL_TSEC_HEAD : named(c, "tfoot") ? GAL_TSEC_FOOT
			: named(c, "tbody") ? GAL_TSEC_BODY : -1;
		if (which >= 0) {
			body = NULL;
			gal_node *sec = add(a, t, GAL_NODE_TSECTION, c);
			if (sec) {
				sec->tsection = which;
				table_rows(a, c, sec);
			}
		} else if (named(c, "tr")) {
			if (!body)
				body = add(a, t, GAL_NODE_TSECTION, NULL);
			if (body)
				table_row(a, c, body);
		} else if (named(c, "p") || named(c, "list")) {
			/* table notes */
			body = NULL;
			block_element(a, c, t);
		} else {
			body = NULL;
			foreign(a, c, "a table");
			gal_node *p = add(a, t, GAL_NODE_PARA, c);
			if (p)
				inlines(a, c, p, 0);
		}
	}
	a->imp->depth--;
}

/* The schema interleaves a figure's parts; the model has one order, as
 * every vocabulary gives it: the pictures, then the caption, then the
 * credit. */
static void caption_last(gal_node *f)
{
	static const gal_node_type last[] = { GAL_NODE_CAPTION, GAL_NODE_CREDIT };
	for (size_t i = 0; i < sizeof last / sizeof *last; i++) {
		gal_node *end = f->last;
		for (gal_node *c = f->first, *next; c; c = next) {
			next = c == end ? NULL : c->next;
			if (c->type == last[i]) {
				gal_node_unlink(c);
				gal_node_append_child(f, c);
			}
		}
	}
}

static void figure(art *a, const xmlNode *x, gal_node *container)
{
	gal_node *f = add(a, container, GAL_NODE_FIGURE, x);
	if (!f)
		return;
	a->imp->depth++;
	for (const xmlNode *c = x->children; c && !a->imp->stop; c = c->next) {
		if (!is_el(c)) {
			if (is_text(c) && !gal_imp_is_blank(c)) {
				gal_node *p = add(a, f, GAL_NODE_PARA, NULL);
				add_text(a, p, (const char *)c->content, c, 0);
			}
			continue;
		}
		if (named(c, "img")) {
			gal_node *img = add(a, f, GAL_NODE_IMAGE, c);
			if (img) {
				img->url = gal_imp_attr(a->imp, c, "src");
				img->title = gal_imp_attr(a->imp, c, "alt");
				if (!img->url)
					gal_imp_warn(a->imp, c, "missing-attribute", "<img> without src");
			}
		} else if (named(c, "caption")) {
			inline_block(a, c, f, GAL_NODE_CAPTION);
		} else if (named(c, "credit")) {
			inline_block(a, c, f, GAL_NODE_CREDIT);
		} else if (named(c, "p") || named(c, "pre") || named(c, "table")) {
			block_element(a, c, f);
		} else {
			foreign(a, c, "a figure");
			gal_node *p = add(a, f, GAL_NODE_PARA, c);
			if (p)
				inlines(a, c, p, 0);
		}
	}
	a->imp->depth--;
	caption_last(f);
}

/* The model refused block x in container (a section in a list item, a
 * list in a figure): keep its content in place. */
static void refused(art *a, const xmlNode *x, gal_node *container)
{
	if (a->imp->stop)
		return;
	gal_imp_misplaced(a->imp, x, gal_node_type_name(container->type));
	if (has_block_child(a, x) || child(x, "title")) {
		const xmlNode *title = child(x, "title");
		if (title)
			inline_block(a, title, container, GAL_NODE_PARA);
		flow(a, x, container, skip_title);
	} else {
		gal_node *p = add(a, container, GAL_NODE_PARA, x);
		if (p)
			inlines(a, x, p, named(x, "pre"));
		else if (!a->imp->stop && container->type == GAL_NODE_LIST) {
			gal_node *item = add(a, container, GAL_NODE_ITEM, x);
			flow(a, x, item, NULL);
		}
	}
}

/* p, pullquote, pre: a block of inline content */
static void b_text(gal_walker *w, gal_node *box, const xmlNode *x)
{
	art *a = ART(w);
	if (!inline_block(a, x, box, entry(a, x)->type))
		refused(a, x, box);
}

static void b_hr(gal_walker *w, gal_node *box, const xmlNode *x)
{
	if (!add(ART(w), box, GAL_NODE_HR, x))
		refused(ART(w), x, box);
}

static void b_section(gal_walker *w, gal_node *box, const xmlNode *x)
{
	art *a = ART(w);
	gal_node *node = titled(a, x, box, GAL_NODE_SECTION);
	if (node)
		flow(a, x, node, skip_title);
	else
		refused(a, x, box);
}

static void b_aside(gal_walker *w, gal_node *box, const xmlNode *x)
{
	art *a = ART(w);
	gal_node *node = titled(a, x, box, GAL_NODE_ASIDE);
	if (!node) {
		refused(a, x, box);
		return;
	}
	node->aside_kind = GAL_ASIDE_BOX;
	flow(a, x, node, skip_title);
}

static void b_blockquote(gal_walker *w, gal_node *box, const xmlNode *x)
{
	art *a = ART(w);
	gal_node *node = add(a, box, GAL_NODE_BLOCKQUOTE, x);
	if (!node) {
		refused(a, x, box);
		return;
	}
	flow(a, x, node, skip_attribution);
	const xmlNode *att = child(x, "attribution");
	if (att)
		inline_block(a, att, node, GAL_NODE_ATTRIBUTION);
}

static void b_list(gal_walker *w, gal_node *box, const xmlNode *x)
{
	art *a = ART(w);
	gal_node *node = add(a, box, GAL_NODE_LIST, x);
	if (!node) {
		refused(a, x, box);
		return;
	}
	const char *type = gal_imp_attr(a->imp, x, "type");
	node->list_type = type && strcmp(type, "ordered") == 0 ? GAL_LIST_ORDERED
							    : GAL_LIST_BULLET;
	node->start = gal_imp_int(gal_imp_attr(a->imp, x, "start"), node->start);
	list_items(a, x, node);
}

static void b_figure(gal_walker *w, gal_node *box, const xmlNode *x)
{
	figure(ART(w), x, box);
}

/* an image among blocks: a figure without a caption */
static void b_img(gal_walker *w, gal_node *box, const xmlNode *x)
{
	art *a = ART(w);
	gal_node *f = add(a, box, GAL_NODE_FIGURE, NULL);
	gal_node *img = f ? add(a, f, GAL_NODE_IMAGE, x) : NULL;
	if (!img) {
		refused(a, x, box);
		return;
	}
	img->url = gal_imp_attr(a->imp, x, "src");
	img->title = gal_imp_attr(a->imp, x, "alt");
}

static void b_table(gal_walker *w, gal_node *box, const xmlNode *x)
{
	table(ART(w), x, box);
}

static void block_element(art *a, const xmlNode *x, gal_node *container)
{
	if (!a->imp->stop)
		entry(a, x)->blk(&a->w, container, x);
}

/* ---- head --------------------------------------------------------------- */

static void head(art *a, const xmlNode *x)
{
	gal_meta *m = &a->doc->meta;
	for (const xmlNode *c = x->children; c && !a->imp->stop; c = c->next) {
		if (!is_el(c)) {
			if (is_text(c) && !gal_imp_is_blank(c))
				gal_imp_warn(a->imp, c, "stray-text", "text directly in <head> is ignored");
			continue;
		}
		const char *n = c->ns ? "" : gal_imp_name(c);
		gal_node **slot = NULL;
		gal_node_type t = GAL_NODE_TITLE;
		if (strcmp(n, "title") == 0) {
			slot = &m->title;
			t = GAL_NODE_TITLE;
		} else if (strcmp(n, "subtitle") == 0) {
			slot = &m->subtitle;
			t = GAL_NODE_SUBTITLE;
		} else if (strcmp(n, "source") == 0) {
			slot = &m->source;
			t = GAL_NODE_SOURCE;
		}
		if (slot) {
			if (*slot) {
				gal_imp_warn(a->imp, c, "duplicate", "a second <%s> in <head> is ignored", n);
				continue;
			}
			gal_node *node = detached(a, t, c);
			if (!node)
				continue;
			if (t == GAL_NODE_SOURCE)
				node->url = gal_imp_attr(a->imp, c, "href");
			inlines(a, c, node, 0);
			*slot = node;
		} else if (strcmp(n, "author") == 0) {
			const char *name = gal_imp_text(a->imp, c);
			if (*name)
				gal_doc_add_author(a->doc, name, gal_imp_attr(a->imp, c, "href"),
						   gal_imp_attr(a->imp, c, "affiliation"));
		} else if (strcmp(n, "date") == 0) {
			m->date = gal_imp_text(a->imp, c);
		} else if (strcmp(n, "publisher") == 0) {
			m->publisher = gal_imp_text(a->imp, c);
		} else if (strcmp(n, "rights") == 0) {
			m->rights = gal_imp_text(a->imp, c);
		} else if (strcmp(n, "identifier") == 0) {
			m->identifier = gal_imp_text(a->imp, c);
		} else if (strcmp(n, "keywords") == 0) {
			for (const xmlNode *k = c->children; k; k = k->next) {
				if (named(k, "keyword")) {
					const char *kw = gal_imp_text(a->imp, k);
					if (*kw)
						gal_doc_add_keyword(a->doc, kw);
				} else if (is_el(k)) {
					foreign(a, k, "<keywords>");
				}
			}
		} else if (strcmp(n, "summary") == 0) {
			if (m->summary) {
				gal_imp_warn(a->imp, c, "duplicate", "a second <summary> in <head> is ignored");
				continue;
			}
			gal_node *s = detached(a, GAL_NODE_SUMMARY, c);
			if (!s)
				continue;
			s->summary_kind = GAL_SUMMARY_KEYPOINTS;
			const xmlNode *title = child(c, "title");
			if (title)
				inline_block(a, title, s, GAL_NODE_HEADING);
			flow(a, c, s, skip_title);
			m->summary = s;
		} else if (strcmp(n, "cover") == 0) {
			m->cover_src = gal_imp_attr(a->imp, c, "src");
			m->cover_alt = gal_imp_attr(a->imp, c, "alt");
		} else {
			foreign(a, c, "<head>");
		}
	}
}

/* ---- back --------------------------------------------------------------- */

static void refs(art *a, const xmlNode *x, gal_node *back)
{
	gal_node *r = titled(a, x, back, GAL_NODE_REFS);
	if (!r)
		return;
	for (const xmlNode *c = x->children; c && !a->imp->stop; c = c->next) {
		if (named(c, "title") || !is_el(c))
			continue;
		if (!named(c, "ref"))
			foreign(a, c, "<refs>");
		gal_node *ref = add(a, r, GAL_NODE_REF, c);
		if (ref)
			inlines(a, c, ref, 0);
		if (ref && !ref->id && named(c, "ref"))
			gal_imp_warn(a->imp, c, "missing-attribute", "<ref> without an id");
	}
}

static void back(art *a, const xmlNode *x)
{
	gal_node *b = add(a, a->doc->root, GAL_NODE_BACK, x);
	gal_node *loose = NULL;
	if (!b)
		return;
	a->imp->depth++;
	/* blocks and refs, in source order */
	for (const xmlNode *c = x->children; c && !a->imp->stop; c = c->next) {
		if (named(c, "refs")) {
			loose = NULL;
			refs(a, c, b);
		} else {
			flow_child(a, c, b, &loose);
		}
	}
	a->imp->depth--;
}

/* ---- entry -------------------------------------------------------------- */

int gal_import_article(gal_imp *imp, xmlDocPtr xml)
{
	art a;
	xmlNodePtr root = xmlDocGetRootElement(xml);
	int rc = 0;

	memset(&a, 0, sizeof a);
	GAL_IMP_KNOWN(imp, elements);
	a.w = (gal_walker)GAL_WALKER(imp, elements, NULL);
	a.imp = imp;
	imp->cols = 1;
	a.doc = imp->doc;
	if (!root || !named(root, "article")) {
		rc = gal_err_set(imp->err, GAL_E_FORMAT, imp->opts ? imp->opts->input_path : NULL,
				 0, 0, "expected <article> as the root element, found <%s>",
				 root ? gal_imp_name(root) : "");
		goto cleanup;
	}
	gal_imp_root_meta(imp, root);

	const xmlNode *h = child(root, "head"), *body = child(root, "body"),
		      *bk = child(root, "back");
	if (h)
		head(&a, h);
	for (const xmlNode *c = root->children; c && !imp->stop; c = c->next) {
		if (c == h || c == body || c == bk || !is_el(c)) {
			if (is_text(c) && !gal_imp_is_blank(c))
				gal_imp_warn(imp, c, "stray-text", "text directly in <article> is ignored");
			continue;
		}
		if (named(c, "head") || named(c, "body") || named(c, "back"))
			gal_imp_warn(imp, c, "duplicate", "a second <%s> is ignored", gal_imp_name(c));
		else
			foreign(&a, c, "<article>");
	}
	if (body)
		flow(&a, body, a.doc->root, NULL);
	if (bk && !imp->stop)
		back(&a, bk);
	if (imp->stop) {
		rc = imp->status ? imp->status : GAL_E_LIMIT;
		goto cleanup;
	}
	gal_imp_tidy(a.doc, a.doc->root);
	gal_imp_tidy(a.doc, a.doc->meta.title);
	gal_imp_tidy(a.doc, a.doc->meta.subtitle);
	gal_imp_tidy(a.doc, a.doc->meta.source);
	gal_imp_tidy(a.doc, a.doc->meta.summary);
cleanup:
	return rc;
}
