/* NITF 3.x and NewsML-G2 importers.
 *
 * NITF: head and body.head give the metadata (hedline, byline, docdata,
 * distributor, abstract), body.content and body.end the text. NewsML-G2:
 * each newsItem's contentMeta gives the metadata and its contentSet the
 * text, as XHTML or NITF inline XML or as plain inline data; a message
 * with several items becomes one document with one PART per item.
 *
 * The walker is the toolkit's (import/flow.c), as for DocBook: this file
 * is the table of NITF's and XHTML's elements and their own handlers.
 * Headings (hl1, hl2, h1-h6) open SECTIONs where the box can hold them
 * (the flow's scope of open sections per level) and are bold paragraphs
 * elsewhere. MathML <math> is a formula (import/mathml.c). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/tree.h>

#include "base/buf.h"
#include "import/mathml.h"
#include "import/toolkit.h"
#include "import/xml.h"
#include "model/doc.h"

static int is_ws(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* ---- inline handlers ------------------------------------------------------ */

static void i_br(gal_walker *w, gal_flow *f, gal_node *parent, const xmlNode *x)
{
	/* a break between blocks adds nothing */
	if (!parent && !f->para)
		return;
	gal_node *h = gal_flow_holder(w, f, parent, x);
	gal_imp_add(w->imp, h, GAL_NODE_LINEBREAK, x);
	f->space = 1;
}

static void i_link(gal_walker *w, gal_flow *f, gal_node *parent, const xmlNode *x)
{
	const char *href = gal_imp_attr(w->imp, x, "href");
	if (!gal_imp_nonempty(href)) {
		gal_walk_kids(w, f, parent, x);
		return;
	}
	gal_node_type t = href[0] == '#' && href[1] ? GAL_NODE_XREF : GAL_NODE_LINK;
	gal_node *n = gal_walk_link(w, f, parent, x, t, t == GAL_NODE_XREF ? href + 1 : href);
	if (!n)
		return;
	gal_walk_kids(w, f, n, x);
	if (!n->first && t == GAL_NODE_LINK)
		gal_flow_str(w, f, n, href, x);
}

static void i_abbr(gal_walker *w, gal_flow *f, gal_node *parent, const xmlNode *x)
{
	gal_node *n = gal_walk_wrap(w, f, parent, x, GAL_NODE_ABBR);
	if (n)
		n->title = gal_imp_attr(w->imp, x, "title");
}

static void i_img(gal_walker *w, gal_flow *f, gal_node *parent, const xmlNode *x)
{
	gal_inl_image_alt(w, f, parent, x, gal_imp_attr(w->imp, x, "alt"));
}

/* ---- block handlers ------------------------------------------------------- */

static void h_hr(gal_walker *w, gal_node *box, const xmlNode *x)
{
	gal_imp_add(w->imp, box, GAL_NODE_HR, x);
}

/* A list item's element c: its content (an li, a dd), or c itself
 * standing in the item (an element a list should not hold). */
static void li_content(gal_walker *w, gal_node *item, const xmlNode *c,
		       const char *name)
{
	if (gal_imp_named(c, name)) {
		gal_walk_blocks(w, item, c);
		return;
	}
	gal_flow f;
	gal_flow_init(&f, item);
	gal_walk(w, &f, NULL, c);
}

static void h_list(gal_walker *w, gal_node *box, const xmlNode *x)
{
	gal_node *list = gal_imp_add_el(w->imp, box, GAL_NODE_LIST, x);
	if (!list)
		return;
	if (gal_imp_named(x, "ol")) {
		list->list_type = GAL_LIST_ORDERED;
		list->start = gal_imp_int(gal_imp_attr(w->imp, x, "start"), 1);
	} else {
		list->list_type = GAL_LIST_BULLET;
	}
	for (const xmlNode *c = x->children; c && !w->imp->stop; c = c->next) {
		if (!gal_imp_is_el(c))
			continue;   /* white space; stray text has no item to go to */
		gal_node *item = gal_imp_add_el(w->imp, list, GAL_NODE_ITEM, c);
		li_content(w, item, c, "li");
	}
}

static void h_dl(gal_walker *w, gal_node *box, const xmlNode *x)
{
	gal_node *list = gal_imp_add_el(w->imp, box, GAL_NODE_LIST, x);
	if (!list)
		return;
	list->list_type = GAL_LIST_DEFINITION;
	gal_node *item = NULL;
	for (const xmlNode *c = x->children; c && !w->imp->stop; c = c->next) {
		if (!gal_imp_is_el(c))
			continue;
		if (gal_imp_named(c, "dt")) {
			/* several terms in a row share one item */
			if (!item || item->last->type != GAL_NODE_TERM) {
				item = gal_imp_add(w->imp, list, GAL_NODE_ITEM, c);
				gal_walk_fill(w, gal_imp_add(w->imp, item, GAL_NODE_TERM, c), c);
			} else {
				gal_imp_add_text(w->imp, item->last, ", ", 2, c);
				gal_walk_fill(w, item->last, c);
			}
			continue;
		}
		if (!item)
			item = gal_imp_add(w->imp, list, GAL_NODE_ITEM, c);
		li_content(w, item, c, "dd");
	}
}

static void h_blockquote(gal_walker *w, gal_node *box, const xmlNode *x)
{
	gal_node *q = gal_imp_add_el(w->imp, box, GAL_NODE_BLOCKQUOTE, x);
	if (!q)
		return;
	const xmlNode *credit = NULL;
	gal_flow f;
	gal_flow_init(&f, q);
	for (const xmlNode *c = x->children; c && !w->imp->stop; c = c->next) {
		/* NITF bq > credit; XHTML blockquote > footer */
		if (gal_imp_named(c, "credit") || gal_imp_named(c, "footer")) {
			credit = c;
			continue;
		}
		gal_walk(w, &f, NULL, c);
	}
	if (credit)
		gal_walk_fill(w, gal_imp_add(w->imp, q, GAL_NODE_ATTRIBUTION, credit), credit);
}

static void h_aside(gal_walker *w, gal_node *box, const xmlNode *x)
{
	gal_node *a = gal_imp_add_el(w->imp, box, GAL_NODE_ASIDE, x);
	if (!a)
		return;
	a->aside_kind = gal_imp_named(x, "note") ? GAL_ASIDE_NOTE : GAL_ASIDE_BOX;
	gal_walk_blocks(w, a, x);
}

static gal_node *image(gal_walker *w, gal_node *fig, const xmlNode *x, const char *src,
		       const char *alt)
{
	gal_node *img = gal_imp_add(w->imp, fig, GAL_NODE_IMAGE, x);
	if (img) {
		img->url = src;
		img->title = gal_imp_nonempty(alt) ? alt : NULL;
		gal_imp_ids(w->imp, img, x);
	}
	return img;
}

/* XHTML figure: img, figcaption, anything else */
static void h_figure(gal_walker *w, gal_node *box, const xmlNode *x)
{
	gal_node *fig = gal_imp_add_el(w->imp, box, GAL_NODE_FIGURE, x);
	if (!fig)
		return;
	gal_node *cap = NULL;
	gal_flow f;
	gal_flow_init(&f, fig);
	for (const xmlNode *c = x->children; c && !w->imp->stop; c = c->next) {
		if (gal_imp_named(c, "img") && gal_imp_nonempty(gal_imp_attr(w->imp, c, "src"))) {
			gal_flow_close(&f);
			image(w, fig, c, gal_imp_attr(w->imp, c, "src"), gal_imp_attr(w->imp, c, "alt"));
		} else if (gal_imp_named(c, "figcaption")) {
			gal_walk_caption(w, &cap, c, 0);
		} else {
			gal_walk(w, &f, NULL, c);
		}
	}
	if (cap && cap->first)
		gal_node_append_child(fig, cap);
}

static void h_img(gal_walker *w, gal_node *box, const xmlNode *x)
{
	const char *src = gal_imp_attr(w->imp, x, "src");
	if (!gal_imp_nonempty(src))
		return;
	gal_node *fig = gal_imp_add(w->imp, box, GAL_NODE_FIGURE, x);
	image(w, fig, x, src, gal_imp_attr(w->imp, x, "alt"));
}

/* NITF media: media-reference (source, alternate-text), media-caption,
 * media-producer. Audio and video keep only their caption. */
static void h_media(gal_walker *w, gal_node *box, const xmlNode *x)
{
	const char *type = gal_imp_attr(w->imp, x, "media-type");
	int picture = !type || !strcmp(type, "image") || !strcmp(type, "graphic") ||
		      !strcmp(type, "photo");
	gal_node *fig = NULL, *cap = NULL, *credit = NULL;
	if (picture) {
		fig = gal_imp_add_el(w->imp, box, GAL_NODE_FIGURE, x);
		if (!fig)
			return;
	}
	for (const xmlNode *c = x->children; c && !w->imp->stop; c = c->next) {
		if (gal_imp_named(c, "media-reference")) {
			const char *src = gal_imp_attr(w->imp, c, "source");
			if (fig && gal_imp_nonempty(src) && !(fig->first && fig->first->type == GAL_NODE_IMAGE))
				image(w, fig, c, src, gal_imp_attr(w->imp, c, "alternate-text"));
		} else if (gal_imp_named(c, "media-caption")) {
			if (fig)
				gal_walk_caption(w, &cap, c, 0);
			else
				gal_walk_blocks(w, box, c);
		} else if (gal_imp_named(c, "media-producer")) {
			if (fig) {
				if (!credit)
					credit = gal_imp_new(w->imp, GAL_NODE_CREDIT, c);
				gal_walk_fill(w, credit, c);
			} else {
				gal_walk_blocks(w, box, c);
			}
		}
	}
	if (fig && !fig->first) {
		/* no picture: keep the words as paragraphs */
		gal_node_unlink(fig);
		if (cap && cap->first) {
			gal_node *p = gal_imp_add(w->imp, box, GAL_NODE_PARA, x);
			while (cap->first) {
				gal_node *c = cap->first;
				gal_node_unlink(c);
				gal_node_append_child(p, c);
			}
		}
		if (credit && credit->first) {
			gal_node *p = gal_imp_add(w->imp, box, GAL_NODE_PARA, x);
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

static void make_row(gal_walker *w, gal_node *sec, const xmlNode *r, int header)
{
	gal_node *row = gal_imp_add_el(w->imp, sec, GAL_NODE_TROW, r);
	if (!row)
		return;
	for (const xmlNode *c = r->children; c && !w->imp->stop; c = c->next) {
		if (!gal_imp_named(c, "td") && !gal_imp_named(c, "th"))
			continue;
		gal_node *cell = gal_imp_add_el(w->imp, row, GAL_NODE_TCELL, c);
		if (!cell)
			return;
		cell->header = header || gal_imp_named(c, "th");
		cell->colspan = gal_imp_clamp_span(gal_imp_int(gal_imp_attr(w->imp, c, "colspan"), 1));
		cell->rowspan = gal_imp_clamp_span(gal_imp_int(gal_imp_attr(w->imp, c, "rowspan"), 1));
		cell->align = gal_imp_align(gal_imp_attr(w->imp, c, "align"));
		gal_walk_fill(w, cell, c);
	}
}

static void h_table(gal_walker *w, gal_node *box, const xmlNode *x)
{
	if (gal_imp_named(x, "nitf-table")) {
		/* the table proper is inside, next to its metadata */
		for (const xmlNode *c = x->children; c; c = c->next)
			if (gal_imp_named(c, "table"))
				h_table(w, box, c);
		return;
	}
	gal_node *table = gal_imp_add_el(w->imp, box, GAL_NODE_TABLE, x);
	if (!table)
		return;
	const xmlNode *capx = NULL;
	for (const xmlNode *c = x->children; c; c = c->next)
		if (gal_imp_named(c, "caption"))
			capx = c;
	if (capx)
		gal_walk_fill(w, gal_imp_add(w->imp, table, GAL_NODE_CAPTION, capx), capx);
	gal_node *bare = NULL, *foot[8];
	int nfoot = 0;
	for (const xmlNode *c = x->children; c && !w->imp->stop; c = c->next) {
		if (!gal_imp_is_el(c))
			continue;
		int kind = gal_imp_named(c, "thead") ? GAL_TSEC_HEAD : gal_imp_named(c, "tfoot") ?
			   GAL_TSEC_FOOT : gal_imp_named(c, "tbody") ? GAL_TSEC_BODY : -1;
		if (gal_imp_named(c, "tr")) {
			if (!bare) {
				bare = gal_imp_add(w->imp, table, GAL_NODE_TSECTION, c);
				if (bare)
					bare->tsection = GAL_TSEC_BODY;
			}
			make_row(w, bare, c, 0);
			continue;
		}
		bare = NULL;
		if (kind < 0)
			continue;   /* caption, col, colgroup */
		gal_node *sec = gal_imp_add(w->imp, table, GAL_NODE_TSECTION, c);
		if (!sec)
			return;
		sec->tsection = kind;
		for (const xmlNode *r = c->children; r; r = r->next)
			if (gal_imp_named(r, "tr"))
				make_row(w, sec, r, kind == GAL_TSEC_HEAD);
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

/* entries of one handler */
#define PARA(n) GAL_BLK(n, GAL_NODE_PARA, gal_blk_para, NULL)

static const gal_el elements[] = {
	/* blocks */
	PARA("p"), PARA("tagline"), PARA("bibliography"), PARA("address"),
	PARA("dateline"), PARA("byline"), PARA("figcaption"), PARA("caption"),
	PARA("media-caption"), PARA("dt"),
	GAL_BLK("ul", GAL_NODE_LIST, h_list, NULL),
	GAL_BLK("ol", GAL_NODE_LIST, h_list, NULL),
	GAL_BLK("dl", GAL_NODE_LIST, h_dl, NULL),
	GAL_BLK("pre", GAL_NODE_PRE, gal_blk_pre, NULL),
	GAL_BLK("listing", GAL_NODE_PRE, gal_blk_pre, NULL),
	GAL_BLK("hr", GAL_NODE_HR, h_hr, NULL),
	GAL_BLK("bq", GAL_NODE_BLOCKQUOTE, h_blockquote, NULL),
	GAL_BLK("blockquote", GAL_NODE_BLOCKQUOTE, h_blockquote, NULL),
	GAL_BLK("note", GAL_NODE_ASIDE, h_aside, NULL),
	GAL_BLK("aside", GAL_NODE_ASIDE, h_aside, NULL),
	GAL_BLK("figure", GAL_NODE_FIGURE, h_figure, NULL),
	GAL_BLK("media", GAL_NODE_COUNT, h_media, NULL),
	GAL_BLK("img", GAL_NODE_FIGURE, h_img, i_img),
	GAL_BLK("table", GAL_NODE_TABLE, h_table, NULL),
	GAL_BLK("nitf-table", GAL_NODE_TABLE, h_table, NULL),
	GAL_HEAD("hl1", 1), GAL_HEAD("hl2", 2),
	GAL_HEAD("h1", 1), GAL_HEAD("h2", 2), GAL_HEAD("h3", 3),
	GAL_HEAD("h4", 4), GAL_HEAD("h5", 5), GAL_HEAD("h6", 6),
	/* containers whose content simply continues the flow */
	GAL_GROUP("block"), GAL_GROUP("section"), GAL_GROUP("article"),
	GAL_END("body.end"),
	GAL_PASS("body.content"), GAL_PASS("div"), GAL_PASS("header"), GAL_PASS("footer"),
	GAL_PASS("main"), GAL_PASS("nav"), GAL_PASS("hgroup"), GAL_PASS("center"),
	GAL_PASS("li"), GAL_PASS("dd"), GAL_PASS("td"), GAL_PASS("th"), GAL_PASS("tr"),
	GAL_PASS("credit"), GAL_PASS("media-producer"), GAL_PASS("body"),
	/* inlines */
	GAL_INL("em", GAL_NODE_EMPH), GAL_INL("i", GAL_NODE_EMPH), GAL_INL("cite", GAL_NODE_EMPH),
	GAL_INL("dfn", GAL_NODE_EMPH), GAL_INL("var", GAL_NODE_EMPH),
	GAL_INL("strong", GAL_NODE_STRONG), GAL_INL("b", GAL_NODE_STRONG),
	GAL_INL("code", GAL_NODE_CODE), GAL_INL("kbd", GAL_NODE_CODE),
	GAL_INL("samp", GAL_NODE_CODE), GAL_INL("tt", GAL_NODE_CODE),
	GAL_INL("sup", GAL_NODE_SUP), GAL_INL("sub", GAL_NODE_SUB),
	GAL_INL("q", GAL_NODE_QUOTE), GAL_INL("lang", GAL_NODE_SPAN),
	GAL_IFN("a", i_link), GAL_IFN("br", i_br), GAL_IFN("abbr", i_abbr),
	GAL_IFN("acronym", i_abbr), GAL_IFN("span", gal_inl_lang), GAL_IFN("fn", gal_inl_footnote),
	/* NITF inline markup that only names things: keep the text */
	GAL_PASS("pronounce"), GAL_PASS("chron"), GAL_PASS("person"), GAL_PASS("location"),
	GAL_PASS("city"), GAL_PASS("state"), GAL_PASS("region"), GAL_PASS("country"),
	GAL_PASS("sublocation"), GAL_PASS("org"), GAL_PASS("money"), GAL_PASS("num"),
	GAL_PASS("classifier"), GAL_PASS("object.title"), GAL_PASS("event"),
	GAL_PASS("function"), GAL_PASS("virtloc"), GAL_PASS("alt-code"), GAL_PASS("postaddr"),
	GAL_PASS("addressee"), GAL_PASS("care.of"), GAL_PASS("delivery.point"),
	GAL_PASS("delivery.office"), GAL_PASS("postcode"), GAL_PASS("frac"), GAL_PASS("numer"),
	GAL_PASS("denom"), GAL_PASS("frac-sep"), GAL_PASS("copyrite"), GAL_PASS("copyrite.year"),
	GAL_PASS("copyrite.holder"), GAL_PASS("byttl"), GAL_PASS("story.date"),
	GAL_PASS("distributor"),
	/* XHTML inline markup without a model counterpart */
	GAL_PASS("small"), GAL_PASS("big"), GAL_PASS("u"), GAL_PASS("s"), GAL_PASS("strike"),
	GAL_PASS("del"), GAL_PASS("ins"), GAL_PASS("mark"), GAL_PASS("time"), GAL_PASS("data"),
	GAL_PASS("bdi"), GAL_PASS("bdo"), GAL_PASS("font"), GAL_PASS("nobr"), GAL_PASS("label"),
	GAL_PASS("figure-caption"),
	/* not text */
	GAL_DROP("script"), GAL_DROP("style"), GAL_DROP("head"), GAL_DROP("meta"), GAL_DROP("link"),
	GAL_DROP("media-metadata"), GAL_DROP("media-object"), GAL_DROP("media-reference"),
	GAL_DROP("nitf-table-metadata"), GAL_DROP("noscript"), GAL_DROP("template"),
	GAL_DROP("iframe"), GAL_DROP("object"), GAL_DROP("embed"), GAL_DROP("video"),
	GAL_DROP("audio"), GAL_DROP("source"), GAL_DROP("track"), GAL_DROP("wbr"), GAL_DROP("col"),
	GAL_DROP("colgroup"), GAL_DROP("body.head"), GAL_DROP("ed-msg"),
};

/* MathML in XHTML or NITF, wherever it stands: a formula in the text */
static const gal_el math_el = GAL_IFN("math", gal_inl_mathml);

/* ---- the walker ----------------------------------------------------------- */

/* ---- shared metadata helpers ---------------------------------------------- */

/* NITF and ISO 8601 basic dates ("20020225T143000-0500") in the extended
 * form; anything else stays as given. */
static const char *norm_date(gal_walker *w, const char *s)
{
	if (!gal_imp_nonempty(s))
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
	const char *r = gal_doc_strndup(w->doc, b.data, b.len);
	gal_buf_free(&b);
	return r;
}

/* "By Jane Doe" -> "Jane Doe" */
static const char *strip_by(gal_walker *w, const char *s)
{
	if (!s)
		return NULL;
	while (*s == ' ')
		s++;
	if (!strncasecmp(s, "by ", 3))
		s += 3;
	while (*s == ' ')
		s++;
	return *s ? gal_doc_strdup(w->doc, s) : NULL;
}

static gal_node *meta_inline(gal_walker *w, gal_node_type t, const xmlNode *x)
{
	gal_node *n = gal_imp_new(w->imp, t, x);
	gal_walk_fill(w, n, x);
	gal_imp_tidy(w->doc, n);
	return n && n->first ? n : NULL;
}

static gal_node *make_summary(gal_walker *w, const xmlNode *x)
{
	gal_node *s = gal_imp_new(w->imp, GAL_NODE_SUMMARY, x);
	if (!s)
		return NULL;
	s->summary_kind = GAL_SUMMARY_ABSTRACT;
	gal_walk_blocks(w, s, x);
	gal_imp_tidy(w->doc, s);
	return s->first ? s : NULL;
}

/* ---- NITF ----------------------------------------------------------------- */

static void nitf_byline(gal_walker *w, const xmlNode *b)
{
	const char *aff = NULL;
	const xmlNode *t = gal_imp_child(b, "byttl");
	if (t && gal_imp_nonempty(gal_imp_text(w->imp, t)))
		aff = gal_imp_text(w->imp, t);
	int persons = 0;
	for (const xmlNode *c = b->children; c; c = c->next) {
		if (gal_imp_named(c, "person") && gal_imp_nonempty(gal_imp_text(w->imp, c))) {
			gal_doc_add_author(w->doc, gal_imp_text(w->imp, c), NULL, aff);
			persons++;
		}
	}
	if (persons)
		return;
	/* the byline's own text, without the title */
	gal_buf buf = GAL_BUF_INIT;
	for (const xmlNode *c = b->children; c; c = c->next) {
		if (gal_imp_named(c, "byttl"))
			continue;
		const char *s = c->type == XML_ELEMENT_NODE ? gal_imp_text(w->imp, c) :
				c->content ? (const char *)c->content : "";
		gal_buf_puts(&buf, s);
		gal_buf_putc(&buf, ' ');
	}
	const char *all = gal_imp_collapse(w->imp, buf.data, buf.len);
	const char *name = all ? strip_by(w, all) : NULL;
	if (name)
		gal_doc_add_author(w->doc, name, NULL, aff);
	gal_buf_free(&buf);
}

/* Agencies repeat the headline as hl2 ("originalHeadline"). */
static int same_text(gal_walker *w, const gal_node *title, const xmlNode *x)
{
	return title && !strcmp(gal_node_text(w->doc, title), gal_imp_text(w->imp, x));
}

static void nitf_head(gal_walker *w, const xmlNode *head, const char **title_text)
{
	gal_meta *m = &w->doc->meta;
	const char *copy_year = NULL, *copy_holder = NULL;
	for (const xmlNode *c = head->children; c; c = c->next) {
		if (gal_imp_named(c, "title")) {
			*title_text = gal_imp_text(w->imp, c);
		} else if (gal_imp_named(c, "docdata")) {
			for (const xmlNode *e = c->children; e; e = e->next) {
				if (gal_imp_named(e, "doc-id") && gal_imp_nonempty(gal_imp_attr(w->imp, e, "id-string")))
					m->identifier = gal_imp_attr(w->imp, e, "id-string");
				else if (gal_imp_named(e, "du-key") && !m->identifier &&
					 gal_imp_nonempty(gal_imp_attr(w->imp, e, "key")))
					m->identifier = gal_imp_attr(w->imp, e, "key");
				else if (gal_imp_named(e, "date.issue"))
					m->date = norm_date(w, gal_imp_attr(w->imp, e, "norm"));
				else if (gal_imp_named(e, "doc.copyright")) {
					copy_year = gal_imp_attr(w->imp, e, "year");
					copy_holder = gal_imp_attr(w->imp, e, "holder");
				} else if (gal_imp_named(e, "key-list")) {
					for (const xmlNode *k = e->children; k; k = k->next)
						if (gal_imp_named(k, "keyword") && gal_imp_nonempty(gal_imp_attr(w->imp, k, "key")))
							gal_doc_add_keyword(w->doc, gal_imp_attr(w->imp, k, "key"));
				}
			}
		} else if (gal_imp_named(c, "pubdata")) {
			if (gal_imp_nonempty(gal_imp_attr(w->imp, c, "name")) && !m->publisher)
				m->publisher = gal_imp_attr(w->imp, c, "name");
		}
	}
	if (!m->rights && (gal_imp_nonempty(copy_year) || gal_imp_nonempty(copy_holder)))
		m->rights = gal_doc_printf(w->doc, "\u00a9%s%s%s%s",
					   gal_imp_nonempty(copy_year) ? " " : "",
					   gal_imp_nonempty(copy_year) ? copy_year : "",
					   gal_imp_nonempty(copy_holder) ? " " : "",
					   gal_imp_nonempty(copy_holder) ? copy_holder : "");
}

static void nitf_body_head(gal_walker *w, const xmlNode *bh, gal_node *box)
{
	gal_meta *m = &w->doc->meta;
	for (const xmlNode *c = bh->children; c; c = c->next) {
		if (gal_imp_named(c, "hedline")) {
			for (const xmlNode *h = c->children; h; h = h->next) {
				if (gal_imp_named(h, "hl1") && !m->title)
					m->title = meta_inline(w, GAL_NODE_TITLE, h);
				else if (gal_imp_named(h, "hl2") && !m->subtitle &&
					 !same_text(w, m->title, h))
					m->subtitle = meta_inline(w, GAL_NODE_SUBTITLE, h);
			}
		} else if (gal_imp_named(c, "byline")) {
			nitf_byline(w, c);
		} else if (gal_imp_named(c, "distributor") && !m->source) {
			m->source = meta_inline(w, GAL_NODE_SOURCE, c);
		} else if (gal_imp_named(c, "dateline")) {
			const xmlNode *sd = gal_imp_child(c, "story.date");
			if (sd && !m->date)
				m->date = norm_date(w, gal_imp_attr(w->imp, sd, "norm"));
		} else if (gal_imp_named(c, "abstract") && !m->abstract) {
			m->abstract = make_summary(w, c);
		} else if (gal_imp_named(c, "rights")) {
			if (gal_imp_nonempty(gal_imp_text(w->imp, c)))
				m->rights = gal_imp_text(w->imp, c);
		} else if (gal_imp_named(c, "copyrite")) {
			if (gal_imp_nonempty(gal_imp_text(w->imp, c)))
				m->rights = gal_imp_text(w->imp, c);
		} else if (gal_imp_named(c, "note")) {
			/* even a note marked not for publication (type="npa"):
			 * we never drop text, and the note is boxed as a note */
			h_aside(w, box, c);
		}
	}
}

/* nitf (or its body): body.head into the metadata, body.content and
 * body.end into box. */
static void nitf_body(gal_walker *w, gal_node *box, const xmlNode *nitf, int meta)
{
	const xmlNode *body = gal_imp_named(nitf, "body") ? nitf : gal_imp_child(nitf, "body");
	if (!body)
		return;
	gal_scope sc;
	gal_flow f;
	gal_flow_scoped(&f, &sc, box);
	for (const xmlNode *c = body->children; c && !w->imp->stop; c = c->next) {
		if (gal_imp_named(c, "body.head")) {
			if (meta)
				nitf_body_head(w, c, box);
			continue;
		}
		gal_walk(w, &f, NULL, c);
	}
}

int gal_import_nitf(gal_imp *imp, xmlDocPtr xml)
{
	gal_walker walker = GAL_WALKER(imp, elements, &math_el);
	GAL_IMP_KNOWN(imp, elements);
	gal_walker *w = &walker;
	gal_doc *doc = imp->doc;
	const xmlNode *root = gal_imp_root(imp, xml, GAL_FMT_NITF);
	if (!root)
		return imp->status;
	gal_imp_root_meta(imp, root);
	const char *title = NULL;
	const xmlNode *head = gal_imp_child(root, "head");
	if (head)
		nitf_head(w, head, &title);
	nitf_body(w, doc->root, root, 1);
	if (!doc->meta.title && gal_imp_nonempty(title)) {
		doc->meta.title = gal_imp_new(imp, GAL_NODE_TITLE, head);
		gal_imp_add_text(imp, doc->meta.title, title, strlen(title), head);
	}
	gal_imp_tidy(doc, doc->root);
	return imp->status;
}

/* ---- NewsML-G2 ------------------------------------------------------------ */

/* Plain text: paragraphs split on blank lines. */
static void plain_text(gal_walker *w, gal_node *box, const xmlNode *x)
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
		gal_flow f;
		gal_flow_init(&f, box);
		gal_flow_text(w, &f, NULL, s, (size_t)(e - s), x);
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
	for (const xmlNode *c = x->children; c; c = c->next)
		if (gal_imp_named(c, name))
			return c;
	for (const xmlNode *c = x->children; c; c = c->next) {
		const xmlNode *r = gal_imp_is_el(c) ? find_below(c, name, depth + 1) : NULL;
		if (r)
			return r;
	}
	return NULL;
}

static void item_content(gal_walker *w, gal_node *box, const xmlNode *item, const char *alt)
{
	const xmlNode *cs = gal_imp_child(item, "contentSet");
	if (!cs)
		return;
	const xmlNode *remote = NULL;
	for (const xmlNode *c = cs->children; c && !w->imp->stop; c = c->next) {
		if (gal_imp_named(c, "inlineXML")) {
			const xmlNode *nitf = find_below(c, "nitf", 0);
			if (nitf) {
				nitf_body(w, box, nitf, 0);
				return;
			}
			const xmlNode *body = find_below(c, "body", 0);
			if (body) {
				gal_walk_blocks(w, box, body);
				return;
			}
			gal_walk_blocks(w, box, c);
			return;
		}
		if (gal_imp_named(c, "inlineData")) {
			plain_text(w, box, c);
			return;
		}
		if (gal_imp_named(c, "remoteContent") && !remote) {
			const char *ct = gal_imp_attr(w->imp, c, "contenttype");
			if (gal_imp_nonempty(gal_imp_attr(w->imp, c, "href")) && (!ct || !strncmp(ct, "image/", 6)))
				remote = c;
		}
	}
	if (remote) {
		gal_node *fig = gal_imp_add(w->imp, box, GAL_NODE_FIGURE, remote);
		image(w, fig, remote, gal_imp_attr(w->imp, remote, "href"), alt);
	}
}

/* The copyright notice in the item's language, else the first. */
static const char *item_rights(gal_walker *w, const xmlNode *ri, const char *lang)
{
	const char *first = NULL, *holder = NULL;
	for (const xmlNode *c = ri->children; c; c = c->next) {
		if (gal_imp_named(c, "copyrightNotice") && gal_imp_nonempty(gal_imp_text(w->imp, c))) {
			const char *l = gal_imp_attr(w->imp, c, "lang");
			if (lang && l && !strcmp(l, lang))
				return gal_imp_text(w->imp, c);
			if (!first)
				first = gal_imp_text(w->imp, c);
		} else if (gal_imp_named(c, "copyrightHolder") && !holder) {
			const xmlNode *n = gal_imp_child(c, "name");
			holder = n ? gal_imp_text(w->imp, n) : gal_imp_attr(w->imp, c, "literal");
		}
	}
	if (first)
		return first;
	return gal_imp_nonempty(holder) ? gal_doc_printf(w->doc, "\u00a9 %s", holder) : NULL;
}

static const char *creator_name(gal_walker *w, const xmlNode *c)
{
	const xmlNode *n = gal_imp_child(c, "name");
	if (n && gal_imp_nonempty(gal_imp_text(w->imp, n)))
		return gal_imp_text(w->imp, n);
	if (gal_imp_nonempty(gal_imp_attr(w->imp, c, "literal")))
		return gal_imp_attr(w->imp, c, "literal");
	return NULL;
}

/* One newsItem: its metadata (into the document's for the first item),
 * its heading (when a PART), its content. */
static void news_item(gal_walker *w, const xmlNode *item, gal_node *box, int first)
{
	gal_meta *m = &w->doc->meta;
	const xmlNode *cm = gal_imp_child(item, "contentMeta");
	const xmlNode *im = gal_imp_child(item, "itemMeta");
	const char *lang = gal_imp_attr(w->imp, item, "lang");
	const xmlNode *lt = gal_imp_child(cm, "language");
	if (lt && gal_imp_nonempty(gal_imp_attr(w->imp, lt, "tag")))
		lang = gal_imp_attr(w->imp, lt, "tag");
	const xmlNode *hl = gal_imp_child(cm, "headline");
	if (box->type == GAL_NODE_PART) {
		if (gal_imp_nonempty(lang))
			box->lang = lang;
		if (hl)
			gal_walk_fill(w, gal_imp_add(w->imp, box, GAL_NODE_HEADING, hl), hl);
	}
	if (first) {
		if (gal_imp_nonempty(lang))
			m->lang = lang;
		if (hl)
			m->title = meta_inline(w, GAL_NODE_TITLE, hl);
		const xmlNode *sh = gal_imp_child(cm, "subheadline");
		if (sh)
			m->subtitle = meta_inline(w, GAL_NODE_SUBTITLE, sh);
		const char *date = NULL;
		const xmlNode *dn;
		if ((dn = gal_imp_child(cm, "contentCreated")))
			date = gal_imp_text(w->imp, dn);
		else if ((dn = gal_imp_child(im, "firstCreated")))
			date = gal_imp_text(w->imp, dn);
		else if ((dn = gal_imp_child(im, "versionCreated")))
			date = gal_imp_text(w->imp, dn);
		if (gal_imp_nonempty(date))
			m->date = date;
		const xmlNode *ri = gal_imp_child(item, "rightsInfo");
		if (ri)
			m->rights = item_rights(w, ri, lang);
		const xmlNode *prov = gal_imp_child(im, "provider");
		if (prov && creator_name(w, prov))
			m->publisher = creator_name(w, prov);
		const xmlNode *cl = gal_imp_child(cm, "creditline");
		if (cl && !m->source)
			m->source = meta_inline(w, GAL_NODE_SOURCE, cl);
		const xmlNode *ds = gal_imp_child(cm, "description");
		if (ds && !m->abstract)
			m->abstract = make_summary(w, ds);
	}
	/* authors of every item, each once */
	int bys = 0;
	for (const xmlNode *c = cm ? cm->children : NULL; c; c = c->next) {
		const char *name = NULL;
		if (gal_imp_named(c, "by"))
			name = strip_by(w, gal_imp_text(w->imp, c)), bys++;
		else if (gal_imp_named(c, "keyword") || gal_imp_named(c, "slugline")) {
			if (first && gal_imp_nonempty(gal_imp_text(w->imp, c)))
				gal_doc_add_keyword(w->doc, gal_imp_text(w->imp, c));
			continue;
		} else {
			continue;
		}
		if (!gal_imp_nonempty(name))
			continue;
		int seen = 0;
		for (size_t i = 0; i < m->n_authors; i++)
			seen |= !strcmp(m->authors[i].name, name);
		if (!seen)
			gal_doc_add_author(w->doc, name, NULL, NULL);
	}
	for (const xmlNode *c = !bys && cm ? cm->children : NULL; c; c = c->next) {
		if (!gal_imp_named(c, "creator"))
			continue;
		const char *name = creator_name(w, c);
		if (!gal_imp_nonempty(name))
			continue;
		int seen = 0;
		for (size_t i = 0; i < m->n_authors; i++)
			seen |= !strcmp(m->authors[i].name, name);
		if (!seen)
			gal_doc_add_author(w->doc, name, NULL, NULL);
	}
	item_content(w, box, item, hl ? gal_imp_text(w->imp, hl) : NULL);
}

int gal_import_newsml(gal_imp *imp, xmlDocPtr xml)
{
	gal_walker walker = GAL_WALKER(imp, elements, &math_el);
	GAL_IMP_KNOWN(imp, elements);
	gal_walker *w = &walker;
	gal_doc *doc = imp->doc;
	const xmlNode *root = gal_imp_root(imp, xml, GAL_FMT_NEWSML);
	if (!root)
		return imp->status;
	/* the news items: the root, or those of the message's item set */
	const xmlNode **items = NULL;
	size_t n = 0;
	if (gal_imp_named(root, "newsItem")) {
		items = xmalloc(sizeof *items);
		items[n++] = root;
	} else {
		for (const xmlNode *c = root->children; c; c = c->next) {
			if (gal_imp_named(c, "newsItem")) {
				items = xrealloc(items, (n + 1) * sizeof *items);
				items[n++] = c;
			}
			if (!gal_imp_named(c, "itemSet"))
				continue;
			for (const xmlNode *i = c->children; i; i = i->next) {
				if (!gal_imp_named(i, "newsItem"))
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
	for (size_t i = 0; i < n && !imp->stop; i++) {
		gal_node *box = doc->root;
		if (n > 1) {
			box = gal_imp_add(imp, doc->root, GAL_NODE_PART, items[i]);
			if (!box)
				break;
		}
		news_item(w, items[i], box, i == 0);
	}
	gal_imp_tidy(doc, doc->root);
	rc = imp->status;
cleanup:
	free(items);
	return rc;
}
