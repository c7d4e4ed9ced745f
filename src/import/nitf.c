/* NITF 3.x and NewsML-G2 importers.
 *
 * NITF: head and body.head give the metadata (hedline, byline, docdata,
 * distributor, abstract), body.content and body.end the text. NewsML-G2:
 * each newsItem's contentMeta gives the metadata and its contentSet the
 * text, as XHTML or NITF inline XML or as plain inline data; a message
 * with several items becomes one document with one PART per item.
 *
 * The walker is the one of the DocBook importer in a smaller vocabulary:
 * a "flow" gathers loose inline content into PARAs of its box, blocks met
 * in running text close the PARA and land in the box, and where no box
 * can take a block it is flattened into the inline content with line
 * breaks. Headings (hl1, hl2, h1-h6) open SECTIONs where the box can hold
 * them (tracked by a scope of open sections per level) and are bold
 * paragraphs elsewhere. Recursion follows the XML nesting, which libxml2
 * caps at 256 levels; MAX_DEPTH caps it again. */
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
#define MAX_LEVEL 6

typedef struct ni {
	gal_imp *imp;
	gal_doc *doc;
	int stop;              /* node limit reached: stop walking */
	int img_warned;        /* "inline image" warned once */
} ni;

/* Sections opened by headings inside one container. */
typedef struct scope {
	gal_node *base;
	gal_node *sec[MAX_LEVEL + 1];
} scope;

typedef struct flow {
	gal_node *box;
	gal_node *para;
	const xmlNode *src;   /* element whose id/lang the next PARA takes */
	scope *sc;            /* headings open sections here; NULL inline */
	int space;            /* last emitted character was white space */
	int brk;              /* a LINEBREAK is due before more content */
	int any;              /* this flow has emitted content */
	int pre;              /* 1: keep white space; 2: also newline -> LINEBREAK */
} flow;

static void walk(ni *d, flow *f, gal_node *parent, const xmlNode *x);
static void walk_kids(ni *d, flow *f, gal_node *parent, const xmlNode *x);
static void blocks(ni *d, gal_node *box, const xmlNode *x);

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

static const char *attr(ni *d, const xmlNode *x, const char *name)
{
	return gal_imp_attr(d->imp, x, name);
}

static const char *text(ni *d, const xmlNode *x)
{
	return gal_imp_text(d->imp, x);
}

static int nonempty(const char *s)
{
	return s && *s;
}

/* ---- builder wrappers ----------------------------------------------------- */

static void limit_check(ni *d, const xmlNode *x)
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

static gal_node *add(ni *d, gal_node *parent, gal_node_type t, const xmlNode *x)
{
	if (d->stop || !parent)
		return NULL;
	gal_node *n = gal_node_add(d->doc, parent, t, x ? gal_imp_line(x) : 0, 0);
	if (!n)
		limit_check(d, x);
	return n;
}

static gal_node *mk(ni *d, gal_node_type t, const xmlNode *x)
{
	if (d->stop)
		return NULL;
	gal_node *n = gal_node_new(d->doc, t, x ? gal_imp_line(x) : 0, 0);
	if (!n)
		limit_check(d, x);
	return n;
}

static void add_text(ni *d, gal_node *parent, const char *s, size_t len,
		     const xmlNode *x)
{
	if (d->stop || !parent || !len)
		return;
	if (!gal_node_add_text(d->doc, parent, s, len, x ? gal_imp_line(x) : 0, 0))
		limit_check(d, x);
}

static void attrs(ni *d, gal_node *n, const xmlNode *x)
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

static gal_node *holder(ni *d, flow *f, gal_node *parent, const xmlNode *x)
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

static void flush_brk(ni *d, flow *f, gal_node *h, const xmlNode *x)
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

static void pre_text(ni *d, flow *f, gal_node *parent, const char *s,
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

static void put_text(ni *d, flow *f, gal_node *parent, const char *s,
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

static void put_str(ni *d, flow *f, gal_node *parent, const char *s,
		    const xmlNode *x)
{
	if (s)
		put_text(d, f, parent, s, strlen(s), x);
}

/* Walk x's children as the inline content of n (a heading, cell, ...). */
static void fill(ni *d, gal_node *n, const xmlNode *x)
{
	if (!n || !x)
		return;
	flow f;
	flow_init(&f, NULL);
	walk_kids(d, &f, n, x);
}

/* An inline element: a node of type t holding the children. */
static gal_node *wrap(ni *d, flow *f, gal_node *parent, const xmlNode *x,
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

/* ---- inline handlers ------------------------------------------------------ */

static void i_br(ni *d, flow *f, gal_node *parent, const xmlNode *x)
{
	/* a break between blocks adds nothing */
	if (!parent && !f->para)
		return;
	gal_node *h = holder(d, f, parent, x);
	add(d, h, GAL_NODE_LINEBREAK, x);
	f->space = 1;
}

static void i_link(ni *d, flow *f, gal_node *parent, const xmlNode *x)
{
	const char *href = attr(d, x, "href");
	if (!nonempty(href)) {
		walk_kids(d, f, parent, x);
		return;
	}
	gal_node *h = holder(d, f, parent, x);
	if (!h)
		return;
	flush_brk(d, f, h, x);
	gal_node_type t = href[0] == '#' && href[1] ? GAL_NODE_XREF : GAL_NODE_LINK;
	gal_node *n = add(d, h, t, x);
	if (!n) {
		walk_kids(d, f, h, x);
		return;
	}
	attrs(d, n, x);
	n->url = t == GAL_NODE_XREF ? href + 1 : href;
	walk_kids(d, f, n, x);
	if (!n->first && t == GAL_NODE_LINK)
		put_str(d, f, n, href, x);
}

static void i_abbr(ni *d, flow *f, gal_node *parent, const xmlNode *x)
{
	gal_node *n = wrap(d, f, parent, x, GAL_NODE_ABBR);
	if (n)
		n->title = attr(d, x, "title");
}

static void i_span(ni *d, flow *f, gal_node *parent, const xmlNode *x)
{
	if (nonempty(attr(d, x, "lang")))
		wrap(d, f, parent, x, GAL_NODE_SPAN);
	else
		walk_kids(d, f, parent, x);
}

static void i_footnote(ni *d, flow *f, gal_node *parent, const xmlNode *x)
{
	gal_node *h = holder(d, f, parent, x);
	if (!h)
		return;
	flush_brk(d, f, h, x);
	gal_node *fn = add(d, h, GAL_NODE_FOOTNOTE, x);
	if (!fn) {
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

/* An image in running text: the model has no inline images, so its text
 * alternative stands in. */
static void i_img(ni *d, flow *f, gal_node *parent, const xmlNode *x)
{
	const char *alt = attr(d, x, "alt");
	if (!d->img_warned) {
		d->img_warned = 1;
		gal_imp_warn(d->imp, x, "inline-image",
			     "inline image replaced by its text alternative");
	}
	if (nonempty(alt))
		put_str(d, f, parent, alt, x);
}

/* ---- block handlers ------------------------------------------------------- */

static void h_para(ni *d, gal_node *box, const xmlNode *x)
{
	flow f;
	flow_init(&f, box);
	f.src = x;
	walk_kids(d, &f, NULL, x);
}

static void h_pre(ni *d, gal_node *box, const xmlNode *x)
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

static void h_hr(ni *d, gal_node *box, const xmlNode *x)
{
	add(d, box, GAL_NODE_HR, x);
}

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

static void h_list(ni *d, gal_node *box, const xmlNode *x)
{
	gal_node *list = add(d, box, GAL_NODE_LIST, x);
	if (!list)
		return;
	attrs(d, list, x);
	if (named(x, "ol")) {
		list->list_type = GAL_LIST_ORDERED;
		list->start = parse_int(attr(d, x, "start"), 1);
	} else {
		list->list_type = GAL_LIST_BULLET;
	}
	kids k;
	for (const xmlNode *c = kids_first(&k, x); c && !d->stop; c = kids_next(&k)) {
		if (!is_el(c))
			continue;   /* white space; stray text has no item to go to */
		gal_node *item = add(d, list, GAL_NODE_ITEM, c);
		attrs(d, item, c);
		if (named(c, "li"))
			blocks(d, item, c);
		else {
			flow f;
			flow_init(&f, item);
			walk(d, &f, NULL, c);
		}
	}
}

static void h_dl(ni *d, gal_node *box, const xmlNode *x)
{
	gal_node *list = add(d, box, GAL_NODE_LIST, x);
	if (!list)
		return;
	attrs(d, list, x);
	list->list_type = GAL_LIST_DEFINITION;
	gal_node *item = NULL;
	kids k;
	for (const xmlNode *c = kids_first(&k, x); c && !d->stop; c = kids_next(&k)) {
		if (!is_el(c))
			continue;
		if (named(c, "dt")) {
			/* several terms in a row share one item */
			if (!item || item->last->type != GAL_NODE_TERM) {
				item = add(d, list, GAL_NODE_ITEM, c);
				fill(d, add(d, item, GAL_NODE_TERM, c), c);
			} else {
				add_text(d, item->last, ", ", 2, c);
				fill(d, item->last, c);
			}
			continue;
		}
		if (!item)
			item = add(d, list, GAL_NODE_ITEM, c);
		if (named(c, "dd"))
			blocks(d, item, c);
		else {
			flow f;
			flow_init(&f, item);
			walk(d, &f, NULL, c);
		}
	}
}

static void h_blockquote(ni *d, gal_node *box, const xmlNode *x)
{
	gal_node *q = add(d, box, GAL_NODE_BLOCKQUOTE, x);
	if (!q)
		return;
	attrs(d, q, x);
	const xmlNode *credit = NULL;
	flow f;
	flow_init(&f, q);
	kids k;
	for (const xmlNode *c = kids_first(&k, x); c && !d->stop; c = kids_next(&k)) {
		/* NITF bq > credit; XHTML blockquote > footer */
		if (named(c, "credit") || named(c, "footer")) {
			credit = c;
			continue;
		}
		walk(d, &f, NULL, c);
	}
	if (credit)
		fill(d, add(d, q, GAL_NODE_ATTRIBUTION, credit), credit);
}

static void h_aside(ni *d, gal_node *box, const xmlNode *x)
{
	gal_node *a = add(d, box, GAL_NODE_ASIDE, x);
	if (!a)
		return;
	attrs(d, a, x);
	a->aside_kind = named(x, "note") ? GAL_ASIDE_NOTE : GAL_ASIDE_BOX;
	blocks(d, a, x);
}

static void caption_add(ni *d, gal_node **cap, const xmlNode *x)
{
	if (!*cap)
		*cap = mk(d, GAL_NODE_CAPTION, x);
	if (!*cap)
		return;
	if ((*cap)->first)
		add_text(d, *cap, " ", 1, x);
	fill(d, *cap, x);
}

static gal_node *image(ni *d, gal_node *fig, const xmlNode *x, const char *src,
		       const char *alt)
{
	gal_node *img = add(d, fig, GAL_NODE_IMAGE, x);
	if (img) {
		img->url = src;
		img->title = nonempty(alt) ? alt : NULL;
		attrs(d, img, x);
	}
	return img;
}

/* XHTML figure: img, figcaption, anything else */
static void h_figure(ni *d, gal_node *box, const xmlNode *x)
{
	gal_node *fig = add(d, box, GAL_NODE_FIGURE, x);
	if (!fig)
		return;
	attrs(d, fig, x);
	gal_node *cap = NULL;
	flow f;
	flow_init(&f, fig);
	kids k;
	for (const xmlNode *c = kids_first(&k, x); c && !d->stop; c = kids_next(&k)) {
		if (named(c, "img") && nonempty(attr(d, c, "src"))) {
			flow_close(&f);
			image(d, fig, c, attr(d, c, "src"), attr(d, c, "alt"));
		} else if (named(c, "figcaption")) {
			caption_add(d, &cap, c);
		} else {
			walk(d, &f, NULL, c);
		}
	}
	if (cap && cap->first)
		gal_node_append_child(fig, cap);
}

static void h_img(ni *d, gal_node *box, const xmlNode *x)
{
	const char *src = attr(d, x, "src");
	if (!nonempty(src))
		return;
	gal_node *fig = add(d, box, GAL_NODE_FIGURE, x);
	image(d, fig, x, src, attr(d, x, "alt"));
}

/* NITF media: media-reference (source, alternate-text), media-caption,
 * media-producer. Audio and video keep only their caption. */
static void h_media(ni *d, gal_node *box, const xmlNode *x)
{
	const char *type = attr(d, x, "media-type");
	int picture = !type || !strcmp(type, "image") || !strcmp(type, "graphic") ||
		      !strcmp(type, "photo");
	gal_node *fig = NULL, *cap = NULL, *credit = NULL;
	if (picture) {
		fig = add(d, box, GAL_NODE_FIGURE, x);
		if (!fig)
			return;
		attrs(d, fig, x);
	}
	kids k;
	for (const xmlNode *c = kids_first(&k, x); c && !d->stop; c = kids_next(&k)) {
		if (named(c, "media-reference")) {
			const char *src = attr(d, c, "source");
			if (fig && nonempty(src) && !(fig->first && fig->first->type == GAL_NODE_IMAGE))
				image(d, fig, c, src, attr(d, c, "alternate-text"));
		} else if (named(c, "media-caption")) {
			if (fig)
				caption_add(d, &cap, c);
			else
				blocks(d, box, c);
		} else if (named(c, "media-producer")) {
			if (fig) {
				if (!credit)
					credit = mk(d, GAL_NODE_CREDIT, c);
				fill(d, credit, c);
			} else {
				blocks(d, box, c);
			}
		}
	}
	if (fig && !fig->first) {
		/* no picture: keep the words as paragraphs */
		gal_node_unlink(fig);
		if (cap && cap->first) {
			gal_node *p = add(d, box, GAL_NODE_PARA, x);
			while (cap->first) {
				gal_node *c = cap->first;
				gal_node_unlink(c);
				gal_node_append_child(p, c);
			}
		}
		if (credit && credit->first) {
			gal_node *p = add(d, box, GAL_NODE_PARA, x);
			while (credit->first) {
				gal_node *c = credit->first;
				gal_node_unlink(c);
				gal_node_append_child(p, c);
			}
		}
		return;
	}
	if (cap && cap->first)
		gal_node_append_child(fig, cap);
	if (credit && credit->first)
		gal_node_append_child(fig, credit);
}

/* ---- tables (HTML-like, in NITF and XHTML) -------------------------------- */

static int parse_align(const char *s)
{
	if (!s)
		return GAL_ALIGN_DEFAULT;
	if (!strcasecmp(s, "left"))
		return GAL_ALIGN_LEFT;
	if (!strcasecmp(s, "right"))
		return GAL_ALIGN_RIGHT;
	if (!strcasecmp(s, "center"))
		return GAL_ALIGN_CENTER;
	if (!strcasecmp(s, "justify"))
		return GAL_ALIGN_JUSTIFY;
	return GAL_ALIGN_DEFAULT;
}

static int clamp_span(int v)
{
	return v < 1 ? 1 : v > MAX_SPAN ? MAX_SPAN : v;
}

static void make_row(ni *d, gal_node *sec, const xmlNode *r, int header)
{
	gal_node *row = add(d, sec, GAL_NODE_TROW, r);
	if (!row)
		return;
	attrs(d, row, r);
	kids k;
	for (const xmlNode *c = kids_first(&k, r); c && !d->stop; c = kids_next(&k)) {
		if (!named(c, "td") && !named(c, "th"))
			continue;
		gal_node *cell = add(d, row, GAL_NODE_TCELL, c);
		if (!cell)
			return;
		attrs(d, cell, c);
		cell->header = header || named(c, "th");
		cell->colspan = clamp_span(parse_int(attr(d, c, "colspan"), 1));
		cell->rowspan = clamp_span(parse_int(attr(d, c, "rowspan"), 1));
		cell->align = parse_align(attr(d, c, "align"));
		fill(d, cell, c);
	}
}

static void h_table(ni *d, gal_node *box, const xmlNode *x)
{
	if (named(x, "nitf-table")) {
		/* the table proper is inside, next to its metadata */
		kids k;
		for (const xmlNode *c = kids_first(&k, x); c; c = kids_next(&k))
			if (named(c, "table"))
				h_table(d, box, c);
		return;
	}
	gal_node *table = add(d, box, GAL_NODE_TABLE, x);
	if (!table)
		return;
	attrs(d, table, x);
	const xmlNode *capx = NULL;
	kids k;
	for (const xmlNode *c = kids_first(&k, x); c; c = kids_next(&k))
		if (named(c, "caption"))
			capx = c;
	if (capx)
		fill(d, add(d, table, GAL_NODE_CAPTION, capx), capx);
	gal_node *bare = NULL, *foot[8];
	int nfoot = 0;
	for (const xmlNode *c = kids_first(&k, x); c && !d->stop; c = kids_next(&k)) {
		if (!is_el(c))
			continue;
		int kind = named(c, "thead") ? GAL_TSEC_HEAD : named(c, "tfoot") ?
			   GAL_TSEC_FOOT : named(c, "tbody") ? GAL_TSEC_BODY : -1;
		if (named(c, "tr")) {
			if (!bare) {
				bare = add(d, table, GAL_NODE_TSECTION, c);
				if (bare)
					bare->tsection = GAL_TSEC_BODY;
			}
			make_row(d, bare, c, 0);
			continue;
		}
		bare = NULL;
		if (kind < 0)
			continue;   /* caption, col, colgroup */
		gal_node *sec = add(d, table, GAL_NODE_TSECTION, c);
		if (!sec)
			return;
		sec->tsection = kind;
		kids k2;
		for (const xmlNode *r = kids_first(&k2, c); r; r = kids_next(&k2))
			if (named(r, "tr"))
				make_row(d, sec, r, kind == GAL_TSEC_HEAD);
		if (kind == GAL_TSEC_FOOT && nfoot < 8)
			foot[nfoot++] = sec;
	}
	/* HTML 4 puts tfoot before tbody; the model wants it last */
	for (int i = 0; i < nfoot; i++) {
		gal_node_unlink(foot[i]);
		gal_node_append_child(table, foot[i]);
	}
}

/* ---- the table of elements ------------------------------------------------ */

typedef void (*block_fn)(ni *d, gal_node *box, const xmlNode *x);
typedef void (*inline_fn)(ni *d, flow *f, gal_node *parent, const xmlNode *x);

enum { K_DROP, K_PASS, K_GROUP, K_END, K_INLINE, K_INL, K_BLOCK, K_HEAD };

typedef struct el {
	const char *name;
	int kind;
	gal_node_type type;   /* K_INLINE: node; K_BLOCK: what blk adds; K_HEAD: level */
	block_fn blk;
	inline_fn inl;        /* K_INL, or the inline form of a block */
} el;

#define INL(n, t) { n, K_INLINE, t, NULL, NULL }
#define IFN(n, f) { n, K_INL, GAL_NODE_COUNT, NULL, f }
#define BLK(n, t, b, i) { n, K_BLOCK, t, b, i }
#define HEAD(n, l) { n, K_HEAD, (gal_node_type)(l), NULL, NULL }
#define PASS(n) { n, K_PASS, GAL_NODE_COUNT, NULL, NULL }
#define GROUP(n) { n, K_GROUP, GAL_NODE_COUNT, NULL, NULL }
#define DROP(n) { n, K_DROP, GAL_NODE_COUNT, NULL, NULL }

static const el elements[] = {
	/* blocks */
	BLK("p", GAL_NODE_PARA, h_para, NULL),
	BLK("tagline", GAL_NODE_PARA, h_para, NULL),
	BLK("bibliography", GAL_NODE_PARA, h_para, NULL),
	BLK("address", GAL_NODE_PARA, h_para, NULL),
	BLK("dateline", GAL_NODE_PARA, h_para, NULL),
	BLK("byline", GAL_NODE_PARA, h_para, NULL),
	BLK("figcaption", GAL_NODE_PARA, h_para, NULL),
	BLK("caption", GAL_NODE_PARA, h_para, NULL),
	BLK("media-caption", GAL_NODE_PARA, h_para, NULL),
	BLK("dt", GAL_NODE_PARA, h_para, NULL),
	BLK("ul", GAL_NODE_LIST, h_list, NULL),
	BLK("ol", GAL_NODE_LIST, h_list, NULL),
	BLK("dl", GAL_NODE_LIST, h_dl, NULL),
	BLK("pre", GAL_NODE_PRE, h_pre, NULL),
	BLK("listing", GAL_NODE_PRE, h_pre, NULL),
	BLK("hr", GAL_NODE_HR, h_hr, NULL),
	BLK("bq", GAL_NODE_BLOCKQUOTE, h_blockquote, NULL),
	BLK("blockquote", GAL_NODE_BLOCKQUOTE, h_blockquote, NULL),
	BLK("note", GAL_NODE_ASIDE, h_aside, NULL),
	BLK("aside", GAL_NODE_ASIDE, h_aside, NULL),
	BLK("figure", GAL_NODE_FIGURE, h_figure, NULL),
	BLK("media", GAL_NODE_COUNT, h_media, NULL),
	BLK("img", GAL_NODE_FIGURE, h_img, i_img),
	BLK("table", GAL_NODE_TABLE, h_table, NULL),
	BLK("nitf-table", GAL_NODE_TABLE, h_table, NULL),
	HEAD("hl1", 1), HEAD("hl2", 2),
	HEAD("h1", 1), HEAD("h2", 2), HEAD("h3", 3),
	HEAD("h4", 4), HEAD("h5", 5), HEAD("h6", 6),
	/* containers whose content simply continues the flow */
	GROUP("block"), GROUP("section"), GROUP("article"),
	{ "body.end", K_END, GAL_NODE_COUNT, NULL, NULL },
	PASS("body.content"), PASS("div"), PASS("header"), PASS("footer"),
	PASS("main"), PASS("nav"), PASS("hgroup"), PASS("center"),
	PASS("li"), PASS("dd"), PASS("td"), PASS("th"), PASS("tr"),
	PASS("credit"), PASS("media-producer"), PASS("body"),
	/* inlines */
	INL("em", GAL_NODE_EMPH), INL("i", GAL_NODE_EMPH), INL("cite", GAL_NODE_EMPH),
	INL("dfn", GAL_NODE_EMPH), INL("var", GAL_NODE_EMPH),
	INL("strong", GAL_NODE_STRONG), INL("b", GAL_NODE_STRONG),
	INL("code", GAL_NODE_CODE), INL("kbd", GAL_NODE_CODE),
	INL("samp", GAL_NODE_CODE), INL("tt", GAL_NODE_CODE),
	INL("sup", GAL_NODE_SUP), INL("sub", GAL_NODE_SUB),
	INL("q", GAL_NODE_QUOTE), INL("lang", GAL_NODE_SPAN),
	IFN("a", i_link), IFN("br", i_br), IFN("abbr", i_abbr),
	IFN("acronym", i_abbr), IFN("span", i_span), IFN("fn", i_footnote),
	/* NITF inline markup that only names things: keep the text */
	PASS("pronounce"), PASS("chron"), PASS("person"), PASS("location"),
	PASS("city"), PASS("state"), PASS("region"), PASS("country"),
	PASS("sublocation"), PASS("org"), PASS("money"), PASS("num"),
	PASS("classifier"), PASS("object.title"), PASS("event"),
	PASS("function"), PASS("virtloc"), PASS("alt-code"), PASS("postaddr"),
	PASS("addressee"), PASS("care.of"), PASS("delivery.point"),
	PASS("delivery.office"), PASS("postcode"), PASS("frac"), PASS("numer"),
	PASS("denom"), PASS("frac-sep"), PASS("copyrite"), PASS("copyrite.year"),
	PASS("copyrite.holder"), PASS("byttl"), PASS("story.date"),
	PASS("distributor"),
	/* XHTML inline markup without a model counterpart */
	PASS("small"), PASS("big"), PASS("u"), PASS("s"), PASS("strike"),
	PASS("del"), PASS("ins"), PASS("mark"), PASS("time"), PASS("data"),
	PASS("bdi"), PASS("bdo"), PASS("font"), PASS("nobr"), PASS("label"),
	PASS("figure-caption"),
	/* not text */
	DROP("script"), DROP("style"), DROP("head"), DROP("meta"), DROP("link"),
	DROP("media-metadata"), DROP("media-object"), DROP("media-reference"),
	DROP("nitf-table-metadata"), DROP("noscript"), DROP("template"),
	DROP("iframe"), DROP("object"), DROP("embed"), DROP("video"),
	DROP("audio"), DROP("source"), DROP("track"), DROP("wbr"), DROP("col"),
	DROP("colgroup"), DROP("body.head"), DROP("ed-msg"),
};

static const el *lookup(const xmlNode *x)
{
	const char *n = gal_imp_name(x);
	for (size_t i = 0; i < sizeof elements / sizeof *elements; i++)
		if (elements[i].name[0] == n[0] && !strcmp(elements[i].name, n))
			return &elements[i];
	return NULL;
}

/* ---- the walker ----------------------------------------------------------- */

/* The box a scope's loose content goes to: its deepest open section. */
static gal_node *scope_box(const scope *sc)
{
	for (int l = MAX_LEVEL; l >= 1; l--)
		if (sc->sec[l])
			return sc->sec[l];
	return sc->base;
}

static void heading(ni *d, flow *f, const xmlNode *x, int level)
{
	scope *sc = f->sc;
	gal_node *parent = sc->base;
	for (int l = level - 1; l >= 1; l--)
		if (sc->sec[l]) {
			parent = sc->sec[l];
			break;
		}
	flow_close(f);
	if (!gal_node_can_contain(parent->type, GAL_NODE_SECTION)) {
		gal_node *p = add(d, f->box, GAL_NODE_PARA, x);
		attrs(d, p, x);
		fill(d, add(d, p, GAL_NODE_STRONG, x), x);
		return;
	}
	gal_node *sec = add(d, parent, GAL_NODE_SECTION, x);
	if (!sec)
		return;
	attrs(d, sec, x);
	fill(d, add(d, sec, GAL_NODE_HEADING, x), x);
	for (int l = level; l <= MAX_LEVEL; l++)
		sc->sec[l] = NULL;
	sc->sec[level] = sec;
	f->box = sec;
}

static void element(ni *d, flow *f, gal_node *parent, const xmlNode *x)
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
	case K_GROUP:
	case K_END:
		if (!parent && f->sc) {
			/* headings inside a group (NITF block, XHTML section)
			 * open sections within the box the group stands in, so
			 * what follows the group stays after it; the end matter
			 * stands outside any section */
			scope inner, *outer = f->sc;
			memset(&inner, 0, sizeof inner);
			inner.base = e->kind == K_END ? outer->base : scope_box(outer);
			f->sc = &inner;
			walk_kids(d, f, parent, x);
			f->sc = outer;
			if (e->kind == K_END)
				memset(outer->sec, 0, sizeof outer->sec);
		} else {
			walk_kids(d, f, parent, x);
		}
		return;
	case K_INLINE:
		wrap(d, f, parent, x, e->type);
		return;
	case K_INL:
		e->inl(d, f, parent, x);
		return;
	case K_HEAD:
		if (!parent && f->box && f->sc) {
			heading(d, f, x, (int)e->type);
			return;
		}
		if (!parent && f->box) {
			flow_close(f);
			gal_node *p = add(d, f->box, GAL_NODE_PARA, x);
			attrs(d, p, x);
			fill(d, add(d, p, GAL_NODE_STRONG, x), x);
			return;
		}
		break;
	case K_BLOCK:
		if (!parent && f->box) {
			flow_close(f);
			if (e->type == GAL_NODE_COUNT ||
			    gal_node_can_contain(f->box->type, e->type)) {
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
		break;
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

static void walk(ni *d, flow *f, gal_node *parent, const xmlNode *x)
{
	if (d->stop)
		return;
	/* in a scope, loose content follows the innermost open section */
	if (!parent && f->sc) {
		gal_node *box = scope_box(f->sc);
		if (box != f->box) {
			flow_close(f);
			f->box = box;
		}
	}
	switch (x->type) {
	case XML_TEXT_NODE:
	case XML_CDATA_SECTION_NODE:
	case XML_ENTITY_REF_NODE:
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

static void walk_kids(ni *d, flow *f, gal_node *parent, const xmlNode *x)
{
	kids k;
	for (const xmlNode *c = kids_first(&k, x); c && !d->stop; c = kids_next(&k))
		walk(d, f, parent, c);
}

/* The children of x as blocks of box, headings opening sections in it. */
static void blocks(ni *d, gal_node *box, const xmlNode *x)
{
	if (!box)
		return;
	scope sc;
	memset(&sc, 0, sizeof sc);
	sc.base = box;
	flow f;
	flow_init(&f, box);
	f.sc = &sc;
	walk_kids(d, &f, NULL, x);
}

/* ---- shared metadata helpers ---------------------------------------------- */

/* NITF and ISO 8601 basic dates ("20020225T143000-0500") in the extended
 * form; anything else stays as given. */
static const char *norm_date(ni *d, const char *s)
{
	if (!nonempty(s))
		return NULL;
	size_t n = strlen(s);
	for (size_t i = 0; i < 8; i++)
		if (i >= n || !isdigit((unsigned char)s[i]))
			return s;
	gal_buf b = GAL_BUF_INIT;
	gal_buf_printf(&b, "%.4s-%.2s-%.2s", s, s + 4, s + 6);
	const char *p = s + 8;
	if (*p == 'T' && strlen(p) >= 5 && isdigit((unsigned char)p[1])) {
		int digits = 0;
		while (isdigit((unsigned char)p[1 + digits]))
			digits++;
		if (digits >= 4) {
			gal_buf_printf(&b, "T%.2s:%.2s", p + 1, p + 3);
			gal_buf_printf(&b, ":%.2s", digits >= 6 ? p + 5 : "00");
			p += 1 + digits;
			if (*p == 'Z')
				gal_buf_putc(&b, 'Z');
			else if ((*p == '+' || *p == '-') && strlen(p) >= 5 &&
				 isdigit((unsigned char)p[1]) && p[3] != ':')
				gal_buf_printf(&b, "%c%.2s:%.2s", p[0], p + 1, p + 3);
			else if ((*p == '+' || *p == '-') && strlen(p) >= 6)
				gal_buf_printf(&b, "%.6s", p);
		}
	} else if (*p && *p != 'T') {
		gal_buf_free(&b);
		return s;
	}
	const char *r = gal_doc_strndup(d->doc, b.data, b.len);
	gal_buf_free(&b);
	return r;
}

/* "By Jane Doe" -> "Jane Doe" */
static const char *strip_by(ni *d, const char *s)
{
	if (!s)
		return NULL;
	while (*s == ' ')
		s++;
	if (!strncasecmp(s, "by ", 3))
		s += 3;
	while (*s == ' ')
		s++;
	return *s ? gal_doc_strdup(d->doc, s) : NULL;
}

static const xmlNode *child(const xmlNode *x, const char *name)
{
	kids k;
	for (const xmlNode *c = x ? kids_first(&k, x) : NULL; c; c = kids_next(&k))
		if (named(c, name))
			return c;
	return NULL;
}

static gal_node *meta_inline(ni *d, gal_node_type t, const xmlNode *x)
{
	gal_node *n = mk(d, t, x);
	fill(d, n, x);
	gal_imp_tidy(d->doc, n);
	return n && n->first ? n : NULL;
}

static gal_node *make_summary(ni *d, const xmlNode *x)
{
	gal_node *s = mk(d, GAL_NODE_SUMMARY, x);
	if (!s)
		return NULL;
	s->summary_kind = GAL_SUMMARY_ABSTRACT;
	blocks(d, s, x);
	gal_imp_tidy(d->doc, s);
	return s->first ? s : NULL;
}

/* ---- NITF ----------------------------------------------------------------- */

static void nitf_byline(ni *d, const xmlNode *b)
{
	const char *aff = NULL;
	const xmlNode *t = child(b, "byttl");
	if (t && nonempty(text(d, t)))
		aff = text(d, t);
	int persons = 0;
	kids k;
	for (const xmlNode *c = kids_first(&k, b); c; c = kids_next(&k)) {
		if (named(c, "person") && nonempty(text(d, c))) {
			gal_doc_add_author(d->doc, text(d, c), NULL, aff);
			persons++;
		}
	}
	if (persons)
		return;
	/* the byline's own text, without the title */
	gal_buf buf = GAL_BUF_INIT;
	for (const xmlNode *c = kids_first(&k, b); c; c = kids_next(&k)) {
		if (named(c, "byttl"))
			continue;
		const char *s = c->type == XML_ELEMENT_NODE ? text(d, c) :
				c->content ? (const char *)c->content : "";
		gal_buf_puts(&buf, s);
		gal_buf_putc(&buf, ' ');
	}
	gal_buf c2 = GAL_BUF_INIT;
	int sp = 1;
	for (size_t i = 0; i < buf.len; i++) {
		if (is_ws((unsigned char)buf.data[i])) {
			sp = 1;
			continue;
		}
		if (sp && c2.len)
			gal_buf_putc(&c2, ' ');
		sp = 0;
		gal_buf_putc(&c2, buf.data[i]);
	}
	const char *name = c2.len ? strip_by(d, c2.data) : NULL;
	if (name)
		gal_doc_add_author(d->doc, name, NULL, aff);
	gal_buf_free(&buf);
	gal_buf_free(&c2);
}

/* Agencies repeat the headline as hl2 ("originalHeadline"). */
static int same_text(ni *d, const gal_node *title, const xmlNode *x)
{
	return title && !strcmp(gal_node_text(d->doc, title), text(d, x));
}

static void nitf_head(ni *d, const xmlNode *head, const char **title_text)
{
	gal_meta *m = &d->doc->meta;
	const char *copy_year = NULL, *copy_holder = NULL;
	kids k;
	for (const xmlNode *c = kids_first(&k, head); c; c = kids_next(&k)) {
		if (named(c, "title")) {
			*title_text = text(d, c);
		} else if (named(c, "docdata")) {
			kids k2;
			for (const xmlNode *e = kids_first(&k2, c); e; e = kids_next(&k2)) {
				if (named(e, "doc-id") && nonempty(attr(d, e, "id-string")))
					m->identifier = attr(d, e, "id-string");
				else if (named(e, "du-key") && !m->identifier &&
					 nonempty(attr(d, e, "key")))
					m->identifier = attr(d, e, "key");
				else if (named(e, "date.issue"))
					m->date = norm_date(d, attr(d, e, "norm"));
				else if (named(e, "doc.copyright")) {
					copy_year = attr(d, e, "year");
					copy_holder = attr(d, e, "holder");
				} else if (named(e, "key-list")) {
					kids k3;
					for (const xmlNode *w = kids_first(&k3, e); w; w = kids_next(&k3))
						if (named(w, "keyword") && nonempty(attr(d, w, "key")))
							gal_doc_add_keyword(d->doc, attr(d, w, "key"));
				}
			}
		} else if (named(c, "pubdata")) {
			if (nonempty(attr(d, c, "name")) && !m->publisher)
				m->publisher = attr(d, c, "name");
		}
	}
	if (!m->rights && (nonempty(copy_year) || nonempty(copy_holder)))
		m->rights = gal_doc_printf(d->doc, "\u00a9%s%s%s%s",
					   nonempty(copy_year) ? " " : "",
					   nonempty(copy_year) ? copy_year : "",
					   nonempty(copy_holder) ? " " : "",
					   nonempty(copy_holder) ? copy_holder : "");
}

static void nitf_body_head(ni *d, const xmlNode *bh, gal_node *box)
{
	gal_meta *m = &d->doc->meta;
	kids k;
	for (const xmlNode *c = kids_first(&k, bh); c; c = kids_next(&k)) {
		if (named(c, "hedline")) {
			kids k2;
			for (const xmlNode *h = kids_first(&k2, c); h; h = kids_next(&k2)) {
				if (named(h, "hl1") && !m->title)
					m->title = meta_inline(d, GAL_NODE_TITLE, h);
				else if (named(h, "hl2") && !m->subtitle &&
					 !same_text(d, m->title, h))
					m->subtitle = meta_inline(d, GAL_NODE_SUBTITLE, h);
			}
		} else if (named(c, "byline")) {
			nitf_byline(d, c);
		} else if (named(c, "distributor") && !m->source) {
			m->source = meta_inline(d, GAL_NODE_SOURCE, c);
		} else if (named(c, "dateline")) {
			const xmlNode *sd = child(c, "story.date");
			if (sd && !m->date)
				m->date = norm_date(d, attr(d, sd, "norm"));
		} else if (named(c, "abstract") && !m->abstract) {
			m->abstract = make_summary(d, c);
		} else if (named(c, "rights")) {
			if (nonempty(text(d, c)))
				m->rights = text(d, c);
		} else if (named(c, "copyrite")) {
			if (nonempty(text(d, c)))
				m->rights = text(d, c);
		} else if (named(c, "note")) {
			/* even a note marked not for publication (type="npa"):
			 * we never drop text, and the note is boxed as a note */
			h_aside(d, box, c);
		}
	}
}

/* nitf (or its body): body.head into the metadata, body.content and
 * body.end into box. */
static void nitf_body(ni *d, gal_node *box, const xmlNode *nitf, int meta)
{
	const xmlNode *body = named(nitf, "body") ? nitf : child(nitf, "body");
	if (!body)
		return;
	scope sc;
	memset(&sc, 0, sizeof sc);
	sc.base = box;
	flow f;
	flow_init(&f, box);
	f.sc = &sc;
	kids k;
	for (const xmlNode *c = kids_first(&k, body); c && !d->stop; c = kids_next(&k)) {
		if (named(c, "body.head")) {
			if (meta)
				nitf_body_head(d, c, box);
			continue;
		}
		walk(d, &f, NULL, c);
	}
}

int gal_import_nitf(gal_imp *imp, xmlDocPtr xml)
{
	ni d;
	memset(&d, 0, sizeof d);
	d.imp = imp;
	d.doc = imp->doc;
	gal_doc *doc = imp->doc;
	const xmlNode *root = xmlDocGetRootElement(xml);
	if (!root)
		return gal_err_set(imp->err, GAL_E_FORMAT, doc->name, 0, 0,
				   "no root element");
	doc->format = GAL_FMT_NITF;
	const char *lang = attr(&d, root, "lang");
	if (nonempty(lang))
		doc->meta.lang = lang;
	const char *title = NULL;
	const xmlNode *head = child(root, "head");
	if (head)
		nitf_head(&d, head, &title);
	nitf_body(&d, doc->root, root, 1);
	if (!doc->meta.title && nonempty(title)) {
		doc->meta.title = mk(&d, GAL_NODE_TITLE, head);
		add_text(&d, doc->meta.title, title, strlen(title), head);
	}
	gal_imp_tidy(doc, doc->root);
	return imp->status;
}

/* ---- NewsML-G2 ------------------------------------------------------------ */

/* Plain text: paragraphs split on blank lines. */
static void plain_text(ni *d, gal_node *box, const xmlNode *x)
{
	xmlChar *raw = xmlNodeGetContent(x);
	const char *s = raw ? (const char *)raw : "";
	while (*s) {
		/* a paragraph runs to the next line that holds only white space */
		const char *e = s;
		for (;;) {
			const char *nl = strchr(e, '\n');
			if (!nl) {
				e += strlen(e);
				break;
			}
			const char *q = nl + 1;
			while (*q == ' ' || *q == '\t' || *q == '\r')
				q++;
			if (*q == '\n' || !*q) {
				e = nl;
				break;
			}
			e = nl + 1;
		}
		flow f;
		flow_init(&f, box);
		put_text(d, &f, NULL, s, (size_t)(e - s), x);
		s = e;
		while (*s && is_ws((unsigned char)*s))
			s++;
	}
	xmlFree(raw);
}

/* The element below x named name, breadth-first over a few levels. */
static const xmlNode *find_below(const xmlNode *x, const char *name, int depth)
{
	if (!x || depth > 4)
		return NULL;
	kids k;
	for (const xmlNode *c = kids_first(&k, x); c; c = kids_next(&k))
		if (named(c, name))
			return c;
	for (const xmlNode *c = kids_first(&k, x); c; c = kids_next(&k)) {
		const xmlNode *r = is_el(c) ? find_below(c, name, depth + 1) : NULL;
		if (r)
			return r;
	}
	return NULL;
}

static void item_content(ni *d, gal_node *box, const xmlNode *item, const char *alt)
{
	const xmlNode *cs = child(item, "contentSet");
	if (!cs)
		return;
	const xmlNode *remote = NULL;
	kids k;
	for (const xmlNode *c = kids_first(&k, cs); c && !d->stop; c = kids_next(&k)) {
		if (named(c, "inlineXML")) {
			const xmlNode *nitf = find_below(c, "nitf", 0);
			if (nitf) {
				nitf_body(d, box, nitf, 0);
				return;
			}
			const xmlNode *body = find_below(c, "body", 0);
			if (body) {
				blocks(d, box, body);
				return;
			}
			blocks(d, box, c);
			return;
		}
		if (named(c, "inlineData")) {
			plain_text(d, box, c);
			return;
		}
		if (named(c, "remoteContent") && !remote) {
			const char *ct = attr(d, c, "contenttype");
			if (nonempty(attr(d, c, "href")) && (!ct || !strncmp(ct, "image/", 6)))
				remote = c;
		}
	}
	if (remote) {
		gal_node *fig = add(d, box, GAL_NODE_FIGURE, remote);
		image(d, fig, remote, attr(d, remote, "href"), alt);
	}
}

/* The copyright notice in the item's language, else the first. */
static const char *item_rights(ni *d, const xmlNode *ri, const char *lang)
{
	const char *first = NULL, *holder = NULL;
	kids k;
	for (const xmlNode *c = kids_first(&k, ri); c; c = kids_next(&k)) {
		if (named(c, "copyrightNotice") && nonempty(text(d, c))) {
			const char *l = attr(d, c, "lang");
			if (lang && l && !strcmp(l, lang))
				return text(d, c);
			if (!first)
				first = text(d, c);
		} else if (named(c, "copyrightHolder") && !holder) {
			const xmlNode *n = child(c, "name");
			holder = n ? text(d, n) : attr(d, c, "literal");
		}
	}
	if (first)
		return first;
	return nonempty(holder) ? gal_doc_printf(d->doc, "\u00a9 %s", holder) : NULL;
}

static const char *creator_name(ni *d, const xmlNode *c)
{
	const xmlNode *n = child(c, "name");
	if (n && nonempty(text(d, n)))
		return text(d, n);
	if (nonempty(attr(d, c, "literal")))
		return attr(d, c, "literal");
	return NULL;
}

/* One newsItem: its metadata (into the document's for the first item),
 * its heading (when a PART), its content. */
static void news_item(ni *d, const xmlNode *item, gal_node *box, int first)
{
	gal_meta *m = &d->doc->meta;
	const xmlNode *cm = child(item, "contentMeta");
	const xmlNode *im = child(item, "itemMeta");
	const char *lang = attr(d, item, "lang");
	const xmlNode *lt = child(cm, "language");
	if (lt && nonempty(attr(d, lt, "tag")))
		lang = attr(d, lt, "tag");
	const xmlNode *hl = child(cm, "headline");
	if (box->type == GAL_NODE_PART) {
		if (nonempty(lang))
			box->lang = lang;
		if (hl)
			fill(d, add(d, box, GAL_NODE_HEADING, hl), hl);
	}
	if (first) {
		if (nonempty(lang))
			m->lang = lang;
		if (hl)
			m->title = meta_inline(d, GAL_NODE_TITLE, hl);
		const xmlNode *sh = child(cm, "subheadline");
		if (sh)
			m->subtitle = meta_inline(d, GAL_NODE_SUBTITLE, sh);
		const char *date = NULL;
		const xmlNode *dn;
		if ((dn = child(cm, "contentCreated")))
			date = text(d, dn);
		else if ((dn = child(im, "firstCreated")))
			date = text(d, dn);
		else if ((dn = child(im, "versionCreated")))
			date = text(d, dn);
		if (nonempty(date))
			m->date = date;
		const xmlNode *ri = child(item, "rightsInfo");
		if (ri)
			m->rights = item_rights(d, ri, lang);
		const xmlNode *prov = child(im, "provider");
		if (prov && creator_name(d, prov))
			m->publisher = creator_name(d, prov);
		const xmlNode *cl = child(cm, "creditline");
		if (cl && !m->source)
			m->source = meta_inline(d, GAL_NODE_SOURCE, cl);
		const xmlNode *ds = child(cm, "description");
		if (ds && !m->abstract)
			m->abstract = make_summary(d, ds);
	}
	/* authors of every item, each once */
	int bys = 0;
	kids k;
	for (const xmlNode *c = cm ? kids_first(&k, cm) : NULL; c; c = kids_next(&k)) {
		const char *name = NULL;
		if (named(c, "by"))
			name = strip_by(d, text(d, c)), bys++;
		else if (named(c, "keyword") || named(c, "slugline")) {
			if (first && nonempty(text(d, c)))
				gal_doc_add_keyword(d->doc, text(d, c));
			continue;
		} else {
			continue;
		}
		if (!nonempty(name))
			continue;
		int seen = 0;
		for (size_t i = 0; i < m->n_authors; i++)
			seen |= !strcmp(m->authors[i].name, name);
		if (!seen)
			gal_doc_add_author(d->doc, name, NULL, NULL);
	}
	for (const xmlNode *c = !bys && cm ? kids_first(&k, cm) : NULL; c; c = kids_next(&k)) {
		if (!named(c, "creator"))
			continue;
		const char *name = creator_name(d, c);
		if (!nonempty(name))
			continue;
		int seen = 0;
		for (size_t i = 0; i < m->n_authors; i++)
			seen |= !strcmp(m->authors[i].name, name);
		if (!seen)
			gal_doc_add_author(d->doc, name, NULL, NULL);
	}
	item_content(d, box, item, hl ? text(d, hl) : NULL);
}

int gal_import_newsml(gal_imp *imp, xmlDocPtr xml)
{
	ni d;
	memset(&d, 0, sizeof d);
	d.imp = imp;
	d.doc = imp->doc;
	gal_doc *doc = imp->doc;
	const xmlNode *root = xmlDocGetRootElement(xml);
	if (!root)
		return gal_err_set(imp->err, GAL_E_FORMAT, doc->name, 0, 0,
				   "no root element");
	doc->format = GAL_FMT_NEWSML;
	/* the news items: the root, or those of the message's item set */
	const xmlNode **items = NULL;
	size_t n = 0;
	if (named(root, "newsItem")) {
		items = xmalloc(sizeof *items);
		items[n++] = root;
	} else {
		kids k, k2;
		for (const xmlNode *c = kids_first(&k, root); c; c = kids_next(&k)) {
			if (named(c, "newsItem")) {
				items = xrealloc(items, (n + 1) * sizeof *items);
				items[n++] = c;
			}
			if (!named(c, "itemSet"))
				continue;
			for (const xmlNode *i = kids_first(&k2, c); i; i = kids_next(&k2)) {
				if (!named(i, "newsItem"))
					continue;
				items = xrealloc(items, (n + 1) * sizeof *items);
				items[n++] = i;
			}
		}
	}
	int rc = 0;
	if (!n) {
		rc = gal_err_set(imp->err, GAL_E_FORMAT, doc->name, gal_imp_line(root), 0,
				 "no newsItem in this NewsML-G2 document");
		goto cleanup;
	}
	for (size_t i = 0; i < n && !d.stop; i++) {
		gal_node *box = doc->root;
		if (n > 1) {
			box = add(&d, doc->root, GAL_NODE_PART, items[i]);
			if (!box)
				break;
		}
		news_item(&d, items[i], box, i == 0);
	}
	gal_imp_tidy(doc, doc->root);
	rc = imp->status;
cleanup:
	free(items);
	return rc;
}
