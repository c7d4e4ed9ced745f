/* NITF 3.x and NewsML-G2 importers, and what the news importers share
 * (import/nitf.h).
 *
 * NITF: head and body.head give the metadata (hedline, byline, docdata,
 * distributor, abstract), body.content and body.end the text. NewsML-G2:
 * each newsItem's contentMeta gives the metadata and its contentSet the
 * text, as XHTML or NITF inline XML or as plain inline data; a message
 * with several items becomes one document with one PART per item, in
 * the order of the package that lists them, and a package's items that
 * are not in the file are listed with their titles and descriptions.
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
#include "import/nitf.h"
#include "import/toolkit.h"
#include "import/xml.h"
#include "model/image.h"
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

static gal_node *image(gal_walker *w, gal_node *fig, const xmlNode *x, const char *src,
		       const char *alt);

/* An image. In a box's flow one that is not sized as an icon is a figure
 * after the paragraph it stands in (before it, when nothing of the
 * paragraph came yet), and the paragraph goes on unsplit: a picture in
 * the running text of news is a photo placed there, and a sentence cut
 * around it would read as three paragraphs. An icon (a height of at most
 * GAL_ICON_PX pixels asked), and any image where no figure can stand (a
 * heading, a caption, a cell), is a picture in the line, as big as its
 * width and height ask; one of no src, its text alternative. */
static void i_img(gal_walker *w, gal_flow *f, gal_node *parent, const xmlNode *x)
{
	const char *src = gal_imp_attr(w->imp, x, "src");
	const char *alt = gal_imp_attr(w->imp, x, "alt");
	double iw = gal_imp_length(gal_imp_attr(w->imp, x, "width"));
	double ih = gal_imp_length(gal_imp_attr(w->imp, x, "height"));
	int icon = ih < 0 || (ih > 0 && ih <= GAL_ICON_PX * 0.75);
	if (!gal_imp_nonempty(src)) {
		gal_inl_image_alt(w, f, parent, x, alt);
		return;
	}
	if (!parent && f->box && !icon &&
	    gal_node_can_contain(f->box->type, GAL_NODE_FIGURE)) {
		/* an open paragraph is the box's last child: the figure
		 * follows it, and the flow goes on filling the paragraph */
		gal_news_figure(w, f->box, x, src, alt);
		return;
	}
	gal_node *img = gal_inl_image(w, f, parent, x, src, alt);
	if (img) {
		img->img_w = iw;
		img->img_h = ih;
	}
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

/* NITF media: media-reference (source, alternate-text), media-caption,
 * media-producer: a figure, whatever its medium, so its caption and
 * producer stay with it. A video or a sound cannot be shown: its
 * reference stands as a picture that cannot be read, a placeholder with
 * the usual warning. */
static void h_media(gal_walker *w, gal_node *box, const xmlNode *x)
{
	gal_node *fig = gal_imp_add_el(w->imp, box, GAL_NODE_FIGURE, x);
	gal_node *cap = NULL, *credit = NULL;
	if (!fig)
		return;
	for (const xmlNode *c = x->children; c && !w->imp->stop; c = c->next) {
		if (gal_imp_named(c, "media-reference")) {
			const char *src = gal_imp_attr(w->imp, c, "source");
			if (!gal_imp_nonempty(src))
				src = gal_imp_attr(w->imp, c, "data-location");
			if (gal_imp_nonempty(src) && !fig->first)
				image(w, fig, c, src, gal_imp_attr(w->imp, c, "alternate-text"));
		} else if (gal_imp_named(c, "media-caption")) {
			gal_walk_caption(w, &cap, c, 0);
		} else if (gal_imp_named(c, "media-producer")) {
			if (!credit)
				credit = gal_imp_new(w->imp, GAL_NODE_CREDIT, c);
			else
				gal_imp_add_text(w->imp, credit, " ", 1, c);
			gal_walk_fill(w, credit, c);
		}
	}
	if (cap && cap->first)
		gal_node_append_child(fig, cap);
	if (credit && credit->first)
		gal_node_append_child(fig, credit);
	if (!fig->first)
		gal_node_unlink(fig);   /* a medium without a word or a reference */
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
	GAL_IFN("img", i_img),
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

/* ---- what the news importers share ---------------------------------------- */

void gal_news_walker(gal_walker *w, gal_imp *imp)
{
	gal_walker walker = GAL_WALKER(imp, elements, &math_el);
	*w = walker;
	GAL_IMP_KNOWN(imp, elements);
	/* nodes are made in document order: warnings can name columns */
	imp->cols = 1;
}

gal_node *gal_news_figure(gal_walker *w, gal_node *box, const xmlNode *x,
			  const char *src, const char *alt)
{
	gal_node *fig = gal_imp_add(w->imp, box, GAL_NODE_FIGURE, x);
	gal_node *img = fig ? image(w, fig, x, src, alt) : NULL;
	/* one element: the column found for the figure is the image's */
	if (img)
		img->col = fig->col;
	return fig;
}

void gal_news_para(gal_walker *w, gal_node *box, const xmlNode *x, const char *s)
{
	if (!gal_imp_nonempty(s))
		return;
	gal_node *p = gal_imp_add(w->imp, box, GAL_NODE_PARA, x);
	gal_imp_add_text(w->imp, p, s, strlen(s), x);
}

const char *gal_news_date(gal_walker *w, const char *s)
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

/* The length of the punctuation mark a byline can leave dangling at s
 * when its parts are taken apart ("Jo Smith, " before its title), 0 when
 * there is none. */
static size_t dangling(const char *s)
{
	static const char *const marks[] = { ",", ";", ":", "/", "|", "-", "\u2013",
					     "\u2014", "\u00b7", "\u2022" };
	for (size_t i = 0; i < sizeof marks / sizeof *marks; i++)
		if (!strncmp(s, marks[i], strlen(marks[i])))
			return strlen(marks[i]);
	return 0;
}

const char *gal_news_trim(gal_walker *w, const char *s)
{
	if (!s)
		return NULL;
	const char *e = s + strlen(s);
	for (size_t k = 1; k; s += k) {
		while (is_ws((unsigned char)*s))
			s++;
		k = dangling(s);
	}
	for (size_t k = 1; k && e > s; e -= k) {
		while (e > s && is_ws((unsigned char)e[-1]))
			e--;
		k = 0;
		for (size_t m = 1; m <= 3 && m <= (size_t)(e - s) && !k; m++)
			if (dangling(e - m) == m)
				k = m;
	}
	return e > s ? gal_doc_strndup(w->doc, s, (size_t)(e - s)) : NULL;
}

const char *gal_news_name(gal_walker *w, const char *s)
{
	const char *t = gal_news_trim(w, s);
	if (t && !strncasecmp(t, "by", 2) && (!t[2] || is_ws((unsigned char)t[2]) || t[2] == ':'))
		t = gal_news_trim(w, t + 2);
	return t;
}

gal_node *gal_news_inline(gal_walker *w, gal_node_type t, const xmlNode *x)
{
	gal_node *n = gal_imp_new(w->imp, t, x);
	gal_walk_fill(w, n, x);
	gal_imp_tidy(w->doc, n);
	return n && n->first ? n : NULL;
}

gal_node *gal_news_summary(gal_walker *w, const xmlNode *x)
{
	gal_node *s = gal_imp_new(w->imp, GAL_NODE_SUMMARY, x);
	if (!s)
		return NULL;
	s->summary_kind = GAL_SUMMARY_ABSTRACT;
	gal_walk_blocks(w, s, x);
	gal_imp_tidy(w->doc, s);
	return s->first ? s : NULL;
}

int gal_news_lang_match(const char *a, const char *b)
{
	if (!gal_imp_nonempty(a) || !gal_imp_nonempty(b))
		return 0;
	if (!strcasecmp(a, b))
		return 2;
	size_t la = strcspn(a, "-_"), lb = strcspn(b, "-_");
	return la == lb && !strncasecmp(a, b, la);
}

void gal_news_author(gal_walker *w, const char *name, const char *affiliation)
{
	gal_meta *m = &w->doc->meta;
	if (!gal_imp_nonempty(name))
		return;
	for (size_t i = 0; i < m->n_authors; i++)
		if (!strcmp(m->authors[i].name, name))
			return;
	gal_doc_add_author(w->doc, name, NULL, gal_imp_nonempty(affiliation) ? affiliation : NULL);
}

void gal_news_keyword(gal_walker *w, const char *kw)
{
	gal_meta *m = &w->doc->meta;
	if (!gal_imp_nonempty(kw))
		return;
	for (size_t i = 0; i < m->n_keywords; i++)
		if (!strcmp(m->keywords[i], kw))
			return;
	gal_doc_add_keyword(w->doc, kw);
}

int gal_news_part_headed(gal_walker *w, const gal_node *part, const char *headline)
{
	const gal_node *title = w->doc->meta.title;
	return gal_imp_nonempty(headline) &&
	       !(!part->prev && title && gal_news_same(headline, gal_node_text(w->doc, title)));
}

int gal_news_same_authors(gal_walker *w, const char *const *names, size_t n)
{
	const gal_meta *m = &w->doc->meta;
	int same = n == m->n_authors && n;
	for (size_t i = 0; i < n && same; i++) {
		int found = 0;
		for (size_t k = 0; k < m->n_authors && !found; k++)
			found = !strcmp(m->authors[k].name, names[i]);
		same = found;
	}
	return same;
}

static const char *skip_ws(const char *s)
{
	while (is_ws((unsigned char)*s))
		s++;
	return s;
}

int gal_news_same(const char *a, const char *b)
{
	if (!a || !b)
		return 0;
	a = skip_ws(a);
	b = skip_ws(b);
	while (*a && *b) {
		int wa = is_ws((unsigned char)*a), wb = is_ws((unsigned char)*b);
		if (wa || wb) {
			if (!wa || !wb)
				return 0;
			a = skip_ws(a);
			b = skip_ws(b);
			continue;
		}
		if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
			return 0;
		a++;
		b++;
	}
	return !*skip_ws(a) && !*skip_ws(b);
}

static int is_heading(const xmlNode *x)
{
	const char *n = gal_imp_name(x);
	return (n[0] == 'h' && n[1] >= '1' && n[1] <= '6' && !n[2]) ||
	       !strcmp(n, "hl1") || !strcmp(n, "hl2");
}

/* The first heading below x, depth first, within a few levels. */
static const xmlNode *first_heading(const xmlNode *x, int depth)
{
	if (!x || depth > 8)
		return NULL;
	for (const xmlNode *c = x->children; c; c = c->next) {
		if (!gal_imp_is_el(c))
			continue;
		if (is_heading(c))
			return c;
		const xmlNode *h = first_heading(c, depth + 1);
		if (h)
			return h;
	}
	return NULL;
}

/* A body's first heading that repeats the headline would say it again
 * under the title: it is taken out of the tree (the importer's own,
 * freed after the import) before the body is read. */
static void drop_repeated_heading(gal_walker *w, const xmlNode *x, const char *headline)
{
	const xmlNode *h = gal_imp_nonempty(headline) ? first_heading(x, 0) : NULL;
	if (h && gal_news_same(gal_imp_text(w->imp, h), headline)) {
		xmlNodePtr n = (xmlNodePtr)h;
		xmlUnlinkNode(n);
		xmlFreeNode(n);
	}
}

void gal_news_blocks(gal_walker *w, gal_node *box, const xmlNode *x, const char *headline)
{
	drop_repeated_heading(w, x, headline);
	gal_walk_blocks(w, box, x);
}

/* Whether the line at s starts a list item of plain text. */
static int list_line(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return ((*s == '-' || *s == '*') && s[1] == ' ') ||
	       ((!strncmp(s, "\u2022", 3) || !strncmp(s, "\u2013", 3)) && s[3] == ' ');
}

void gal_news_plain(gal_walker *w, gal_node *box, const xmlNode *x, const char *text)
{
	xmlChar *raw = text ? NULL : xmlNodeGetContent(x);
	const char *s = text ? text : raw ? (const char *)raw : "";
	while (*s && !w->imp->stop) {
		gal_flow f;
		gal_flow_init(&f, box);
		/* a paragraph runs to the next line that holds only white
		 * space; a line that starts a list item starts a line */
		for (int first = 1;; first = 0) {
			const char *nl = strchr(s, '\n');
			const char *e = nl ? nl : s + strlen(s);
			if (!first && list_line(s))
				f.brk = 1;
			gal_flow_text(w, &f, NULL, s, (size_t)(e - s), x);
			gal_flow_text(w, &f, NULL, " ", 1, x);
			s = nl ? nl + 1 : e;
			const char *q = s;
			while (*q == ' ' || *q == '\t' || *q == '\r')
				q++;
			if (!*q || *q == '\n')
				break;
		}
		while (*s && is_ws((unsigned char)*s))
			s++;
	}
	xmlFree(raw);
}

/* ---- NITF ----------------------------------------------------------------- */

/* A NITF document's body (a <body> may stand for the whole). */
static const xmlNode *nitf_body(const xmlNode *nitf)
{
	return !nitf ? NULL : gal_imp_named(nitf, "body") ? nitf : gal_imp_child(nitf, "body");
}

static const xmlNode *nitf_byline_of(const xmlNode *nitf)
{
	return gal_imp_child(gal_imp_child(nitf_body(nitf), "body.head"), "byline");
}

/* The byline's persons, each with the byline's title as affiliation, or
 * its text less "By" and the title. Returns how many it names: none
 * for a byline that is only a title (<byttl>Sports Network</byttl>). */
static int nitf_byline(gal_walker *w, const xmlNode *b)
{
	const xmlNode *t = gal_imp_child(b, "byttl");
	const char *aff = t ? gal_news_trim(w, gal_imp_text(w->imp, t)) : NULL;
	int persons = 0;
	for (const xmlNode *c = b->children; c; c = c->next) {
		const char *name = gal_imp_named(c, "person") ?
				   gal_news_trim(w, gal_imp_text(w->imp, c)) : NULL;
		if (name) {
			gal_news_author(w, name, aff);
			persons++;
		}
	}
	if (persons)
		return persons;
	gal_buf buf = GAL_BUF_INIT;
	for (const xmlNode *c = b->children; c; c = c->next) {
		if (gal_imp_named(c, "byttl"))
			continue;
		const char *s = c->type == XML_ELEMENT_NODE ? gal_imp_text(w->imp, c) :
				c->content ? (const char *)c->content : "";
		gal_buf_puts(&buf, s);
		gal_buf_putc(&buf, ' ');
	}
	const char *name = gal_news_name(w, gal_imp_collapse(w->imp, buf.data, buf.len));
	gal_news_author(w, name, aff);
	gal_buf_free(&buf);
	return gal_imp_nonempty(name);
}

const char *gal_nitf_byline_text(gal_walker *w, const xmlNode *nitf)
{
	const xmlNode *b = nitf_byline_of(nitf);
	if (!b)
		return NULL;
	gal_buf buf = GAL_BUF_INIT;
	for (const xmlNode *c = b->children; c; c = c->next) {
		const char *s = c->type == XML_ELEMENT_NODE ? gal_imp_text(w->imp, c) :
				c->content ? (const char *)c->content : "";
		if (gal_imp_named(c, "byttl") && gal_imp_nonempty(s)) {
			/* "By Jo Smith, Staff Writer": the title after a comma */
			while (buf.len && is_ws((unsigned char)buf.data[buf.len - 1]))
				buf.data[--buf.len] = '\0';
			if (buf.len && buf.data[buf.len - 1] != ',')
				gal_buf_putc(&buf, ',');
		}
		gal_buf_putc(&buf, ' ');
		gal_buf_puts(&buf, s);
	}
	const char *r = gal_news_trim(w, gal_imp_collapse(w->imp, buf.data, buf.len));
	gal_buf_free(&buf);
	return r;
}

/* Whether the metadata field that holds `have` takes a value in mode. */
static int takes(gal_nitf_meta mode, const void *have)
{
	return mode == GAL_NITF_SET || (mode == GAL_NITF_FILL && !have);
}

static void nitf_docdata(gal_walker *w, const xmlNode *dd, gal_nitf_meta mode,
			 const char **copy_year, const char **copy_holder)
{
	gal_meta *m = &w->doc->meta;
	for (const xmlNode *e = dd->children; e; e = e->next) {
		const char *v;
		if (gal_imp_named(e, "doc-id") &&
		    gal_imp_nonempty(v = gal_imp_attr(w->imp, e, "id-string")) &&
		    takes(mode, m->identifier)) {
			m->identifier = v;
		} else if (gal_imp_named(e, "du-key") && !m->identifier &&
			   gal_imp_nonempty(v = gal_imp_attr(w->imp, e, "key"))) {
			m->identifier = v;
		} else if (gal_imp_named(e, "date.issue") && takes(mode, m->date)) {
			m->date = gal_news_date(w, gal_imp_attr(w->imp, e, "norm"));
		} else if (gal_imp_named(e, "doc.copyright")) {
			*copy_year = gal_imp_attr(w->imp, e, "year");
			*copy_holder = gal_imp_attr(w->imp, e, "holder");
		} else if (gal_imp_named(e, "key-list")) {
			for (const xmlNode *k = e->children; k; k = k->next)
				if (gal_imp_named(k, "keyword"))
					gal_news_keyword(w, gal_imp_attr(w->imp, k, "key"));
		}
	}
}

static void nitf_head(gal_walker *w, const xmlNode *head, gal_nitf_meta mode,
		      const char **title_text)
{
	gal_meta *m = &w->doc->meta;
	const char *copy_year = NULL, *copy_holder = NULL;
	for (const xmlNode *c = head ? head->children : NULL; c; c = c->next) {
		if (gal_imp_named(c, "title")) {
			*title_text = gal_imp_text(w->imp, c);
		} else if (mode == GAL_NITF_BODY) {
			continue;
		} else if (gal_imp_named(c, "docdata")) {
			nitf_docdata(w, c, mode, &copy_year, &copy_holder);
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

/* hedline: hl1 the title, hl2 the subtitle unless it repeats the title
 * or the head's title (agencies repeat the headline as hl2). */
static void nitf_hedline(gal_walker *w, const xmlNode *hed, const char *head_title)
{
	gal_meta *m = &w->doc->meta;
	for (const xmlNode *h = hed->children; h; h = h->next) {
		if (gal_imp_named(h, "hl1") && !m->title) {
			m->title = gal_news_inline(w, GAL_NODE_TITLE, h);
		} else if (gal_imp_named(h, "hl2") && !m->subtitle) {
			const char *t = gal_imp_text(w->imp, h);
			if (!gal_news_same(t, head_title) &&
			    !(m->title && gal_news_same(t, gal_node_text(w->doc, m->title))))
				m->subtitle = gal_news_inline(w, GAL_NODE_SUBTITLE, h);
		}
	}
}

static void nitf_body_head(gal_walker *w, const xmlNode *bh, gal_node *box,
			   gal_nitf_meta mode, const char *head_title)
{
	gal_meta *m = &w->doc->meta;
	int meta = mode != GAL_NITF_BODY;
	for (const xmlNode *c = bh->children; c; c = c->next) {
		const char *t;
		if (gal_imp_named(c, "note")) {
			/* even a note marked not for publication (type="npa"):
			 * we never drop text, and the note is boxed as a note */
			h_aside(w, box, c);
		} else if (gal_imp_named(c, "abstract") && (!meta || m->abstract)) {
			/* another item's, or a second one: words for readers */
			gal_walk_blocks(w, box, c);
		} else if (!meta) {
			continue;
		} else if (gal_imp_named(c, "hedline")) {
			nitf_hedline(w, c, head_title);
		} else if (gal_imp_named(c, "byline")) {
			if (takes(mode, m->n_authors ? m->authors : NULL))
				nitf_byline(w, c);
		} else if (gal_imp_named(c, "distributor") && !m->source) {
			m->source = gal_news_inline(w, GAL_NODE_SOURCE, c);
		} else if (gal_imp_named(c, "dateline")) {
			const xmlNode *sd = gal_imp_child(c, "story.date");
			if (sd && !m->date)
				m->date = gal_news_date(w, gal_imp_attr(w->imp, sd, "norm"));
		} else if (gal_imp_named(c, "abstract")) {
			m->abstract = gal_news_summary(w, c);
		} else if ((gal_imp_named(c, "rights") || gal_imp_named(c, "copyrite")) &&
			   gal_imp_nonempty(t = gal_imp_text(w->imp, c)) && takes(mode, m->rights)) {
			m->rights = t;
		}
	}
}

void gal_nitf_meta_read(gal_walker *w, const xmlNode *nitf, gal_node *box,
			gal_nitf_meta mode)
{
	gal_meta *m = &w->doc->meta;
	const char *title = NULL;
	const xmlNode *head = gal_imp_child(nitf, "head");
	const xmlNode *bh = gal_imp_child(nitf_body(nitf), "body.head");
	nitf_head(w, head, mode, &title);
	if (bh)
		nitf_body_head(w, bh, box, mode, title);
	if (mode != GAL_NITF_BODY && !m->title && gal_imp_nonempty(title)) {
		m->title = gal_imp_new(w->imp, GAL_NODE_TITLE, head);
		gal_imp_add_text(w->imp, m->title, title, strlen(title), head);
	}
}

const char *gal_nitf_headline(gal_walker *w, const xmlNode *nitf)
{
	const xmlNode *hl1 = gal_imp_child(gal_imp_child(gal_imp_child(nitf_body(nitf), "body.head"),
							 "hedline"), "hl1");
	const char *t = hl1 ? gal_imp_text(w->imp, hl1) : NULL;
	if (!gal_imp_nonempty(t))
		t = gal_imp_text(w->imp, gal_imp_child(gal_imp_child(nitf, "head"), "title"));
	return gal_imp_nonempty(t) ? t : NULL;
}

void gal_nitf_body(gal_walker *w, gal_node *box, const xmlNode *nitf, const char *headline)
{
	const xmlNode *body = nitf_body(nitf);
	if (!body)
		return;
	drop_repeated_heading(w, gal_imp_child(body, "body.content"), headline);
	gal_scope sc;
	gal_flow f;
	gal_flow_scoped(&f, &sc, box);
	for (const xmlNode *c = body->children; c && !w->imp->stop; c = c->next)
		if (!gal_imp_named(c, "body.head"))
			gal_walk(w, &f, NULL, c);
}

int gal_import_nitf(gal_imp *imp, xmlDocPtr xml)
{
	gal_walker walker;
	gal_news_walker(&walker, imp);
	gal_walker *w = &walker;
	gal_doc *doc = imp->doc;
	const xmlNode *root = gal_imp_root(imp, xml, GAL_FMT_NITF);
	if (!root)
		return imp->status;
	gal_imp_root_meta(imp, root);
	gal_nitf_meta_read(w, root, doc->root, GAL_NITF_SET);
	gal_nitf_body(w, doc->root, root,
		      doc->meta.title ? gal_node_text(doc, doc->meta.title) : NULL);
	gal_imp_tidy(doc, doc->root);
	return imp->status;
}

/* ---- NewsML-G2 ------------------------------------------------------------ */

/* A message's items, in the order of the package that lists them. */
typedef struct g2 {
	gal_walker w;
	const xmlNode *abstract;    /* the description the abstract came from */
	const xmlNode *caption;     /* a package's description of its media,
				     * for its first media figure of that
				     * kind without a caption of its own */
	const char *caption_kind;   /* "video/", or NULL: any medium */
	int pkg_authors;            /* the package names the authors */
	int lang_set;               /* the document's language is given */
} g2;

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

/* The NITF an item's inline XML holds, or NULL. */
static const xmlNode *item_nitf(const xmlNode *item)
{
	const xmlNode *x = gal_imp_child(gal_imp_child(item, "contentSet"), "inlineXML");
	return x ? find_below(x, "nitf", 0) : NULL;
}

/* A description tells of the item's media (its role a caption:
 * drol:caption, descRole:videoCaption) or of its story. */
static const xmlNode *description(gal_walker *w, const xmlNode *cm, int caption)
{
	for (const xmlNode *c = cm ? cm->children : NULL; c; c = c->next) {
		if (!gal_imp_named(c, "description") || !gal_imp_nonempty(gal_imp_text(w->imp, c)))
			continue;
		const char *role = gal_imp_attr(w->imp, c, "role");
		if ((role && strcasestr(role, "caption")) == !!caption)
			return c;
	}
	return NULL;
}

/* The media of an item not in the file (a video, a picture): a figure;
 * what cannot be shown or fetched is a placeholder with the usual
 * warning. Its caption is the item's, else the package's. */
static void remote_figure(g2 *g, gal_node *box, const xmlNode *rc, const char *alt,
			  const xmlNode *caption)
{
	gal_walker *w = &g->w;
	gal_node *fig = gal_news_figure(w, box, rc, gal_imp_attr(w->imp, rc, "href"), alt);
	const char *ct = gal_imp_attr(w->imp, rc, "contenttype");
	if (!caption && g->caption && (!g->caption_kind ||
				       (ct && !strncmp(ct, g->caption_kind, strlen(g->caption_kind))))) {
		caption = g->caption;
		g->caption = NULL;
	}
	gal_node *cap = NULL;
	if (fig && caption)
		gal_walk_caption(w, &cap, caption, 0);
	if (cap && cap->first)
		gal_node_append_child(fig, cap);
}

/* The first remote content of a kind: pictures (image/, or no type),
 * moving pictures and sound (video/, audio/), anything else. */
enum { REMOTE_PICTURE, REMOTE_AV, REMOTE_OTHER };

static int remote_kind(gal_walker *w, const xmlNode *rc)
{
	const char *ct = gal_imp_attr(w->imp, rc, "contenttype");
	if (!ct || !strncmp(ct, "image/", 6))
		return REMOTE_PICTURE;
	if (!strncmp(ct, "video/", 6) || !strncmp(ct, "audio/", 6))
		return REMOTE_AV;
	return REMOTE_OTHER;
}

static void item_content(g2 *g, gal_node *box, const xmlNode *item, const char *headline,
			 const xmlNode *caption)
{
	gal_walker *w = &g->w;
	const xmlNode *cs = gal_imp_child(item, "contentSet");
	const xmlNode *remote[3] = { NULL, NULL, NULL };
	for (const xmlNode *c = cs ? cs->children : NULL; c && !w->imp->stop; c = c->next) {
		if (gal_imp_named(c, "inlineXML")) {
			const xmlNode *nitf = find_below(c, "nitf", 0);
			const xmlNode *body = nitf ? NULL : find_below(c, "body", 0);
			if (nitf)
				gal_nitf_body(w, box, nitf, headline);
			else
				gal_news_blocks(w, box, body ? body : c, headline);
			return;
		}
		if (gal_imp_named(c, "inlineData")) {
			gal_news_plain(w, box, c, NULL);
			return;
		}
		if (gal_imp_named(c, "remoteContent") &&
		    gal_imp_nonempty(gal_imp_attr(w->imp, c, "href")) && !remote[remote_kind(w, c)])
			remote[remote_kind(w, c)] = c;
	}
	const xmlNode *media = remote[REMOTE_PICTURE] ? remote[REMOTE_PICTURE] : remote[REMOTE_AV];
	if (media)
		remote_figure(g, box, media, headline, caption);
	else if (remote[REMOTE_OTHER])
		gal_imp_warn(w->imp, remote[REMOTE_OTHER], "remote-content",
			     "the item's content is at '%s', which is not read",
			     gal_imp_attr(w->imp, remote[REMOTE_OTHER], "href"));
	else if (caption)
		gal_news_blocks(w, box, caption, NULL);
}

/* The copyright notice in the item's language (the same language by its
 * primary subtag, when no notice has the very tag), else the first. */
static const char *item_rights(gal_walker *w, const xmlNode *ri, const char *lang)
{
	const char *first = NULL, *holder = NULL, *near = NULL;
	for (const xmlNode *c = ri->children; c; c = c->next) {
		if (gal_imp_named(c, "copyrightNotice") && gal_imp_nonempty(gal_imp_text(w->imp, c))) {
			int match = gal_news_lang_match(lang, gal_imp_attr(w->imp, c, "lang"));
			if (match == 2)
				return gal_imp_text(w->imp, c);
			if (match && !near)
				near = gal_imp_text(w->imp, c);
			if (!first)
				first = gal_imp_text(w->imp, c);
		} else if (gal_imp_named(c, "copyrightHolder") && !holder) {
			const xmlNode *n = gal_imp_child(c, "name");
			holder = n ? gal_imp_text(w->imp, n) : gal_imp_attr(w->imp, c, "literal");
		}
	}
	if (near || first)
		return near ? near : first;
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

/* An item's authors: its by lines less "By", else (`creators`) its
 * creators; each name once into names (n at most max), *n their count. */
static void item_names(gal_walker *w, const xmlNode *cm, const char **names, size_t *n,
		       size_t max, int creators)
{
	*n = 0;
	for (int pass = 0; pass < 1 + (creators != 0) && !*n; pass++)
		for (const xmlNode *c = cm ? cm->children : NULL; c && *n < max; c = c->next) {
			const char *name = NULL;
			if (pass == 0 && gal_imp_named(c, "by"))
				name = gal_news_name(w, gal_imp_text(w->imp, c));
			else if (pass == 1 && gal_imp_named(c, "creator"))
				name = creator_name(w, c);
			int seen = !name;
			for (size_t i = 0; i < *n && !seen; i++)
				seen = !strcmp(names[i], name);
			if (!seen)
				names[(*n)++] = name;
		}
}

/* The byline an item prints in its part: its by lines as written, else
 * its creators, else its NITF byline; NULL when it is the document's
 * (already under the title) or there is none. */
static const char *part_byline(gal_walker *w, const xmlNode *cm, const xmlNode *nitf)
{
	const char *names[16];
	size_t n;
	item_names(w, cm, names, &n, 16, 1);
	if (gal_news_same_authors(w, names, n))
		return NULL;
	gal_buf b = GAL_BUF_INIT;
	for (const xmlNode *c = cm ? cm->children : NULL; c; c = c->next) {
		const char *t = gal_imp_named(c, "by") ? gal_news_trim(w, gal_imp_text(w->imp, c)) : NULL;
		if (t)
			gal_buf_printf(&b, "%s%s", b.len ? "; " : "", t);
	}
	for (size_t i = 0; !b.len && i < n; i++)
		gal_buf_printf(&b, "%s%s", i ? ", " : "", names[i]);
	const char *r = b.len ? gal_doc_strdup(w->doc, b.data) :
			nitf ? gal_nitf_byline_text(w, nitf) : NULL;
	gal_buf_free(&b);
	return r;
}

/* The metadata of the document from an item or a package, where the
 * document has none yet: headline, subheadline, dates, rights, provider,
 * credit line, description, guid, keywords. */
static void item_meta(g2 *g, const xmlNode *item, const char *lang)
{
	gal_walker *w = &g->w;
	gal_meta *m = &w->doc->meta;
	const xmlNode *cm = gal_imp_child(item, "contentMeta");
	const xmlNode *im = gal_imp_child(item, "itemMeta");
	const xmlNode *x;
	if (gal_imp_nonempty(lang) && !g->lang_set) {
		m->lang = lang;
		g->lang_set = 1;
	}
	const xmlNode *nitf = gal_imp_named(item, "newsItem") ? item_nitf(item) : NULL;
	if (!m->title && !(nitf && gal_nitf_headline(w, nitf)) &&
	    (x = gal_imp_child(cm, "headline")))
		m->title = gal_news_inline(w, GAL_NODE_TITLE, x);
	if (!m->subtitle && (x = gal_imp_child(cm, "subheadline")))
		m->subtitle = gal_news_inline(w, GAL_NODE_SUBTITLE, x);
	const char *when[] = { "contentCreated", "firstCreated", "versionCreated" };
	for (size_t i = 0; i < 3 && !m->date; i++) {
		x = gal_imp_child(i ? im : cm, when[i]);
		if (x && gal_imp_nonempty(gal_imp_text(w->imp, x)))
			m->date = gal_imp_text(w->imp, x);
	}
	if (!m->rights && (x = gal_imp_child(item, "rightsInfo")))
		m->rights = item_rights(w, x, lang);
	if (!m->publisher && (x = gal_imp_child(im, "provider")))
		m->publisher = creator_name(w, x);
	if (!m->source && (x = gal_imp_child(cm, "creditline")))
		m->source = gal_news_inline(w, GAL_NODE_SOURCE, x);
	if (!m->abstract && (x = description(w, cm, 0))) {
		m->abstract = gal_news_summary(w, x);
		g->abstract = x;
	}
	if (!m->identifier && gal_imp_nonempty(gal_imp_attr(w->imp, item, "guid")))
		m->identifier = gal_imp_attr(w->imp, item, "guid");
	for (const xmlNode *c = cm ? cm->children : NULL; c; c = c->next)
		if (gal_imp_named(c, "keyword") || gal_imp_named(c, "slugline"))
			gal_news_keyword(w, gal_imp_text(w->imp, c));
}

/* The item's language: its contentMeta's, else its own. */
static const char *item_lang(gal_walker *w, const xmlNode *item)
{
	const xmlNode *lt = gal_imp_child(gal_imp_child(item, "contentMeta"), "language");
	const char *tag = lt ? gal_imp_attr(w->imp, lt, "tag") : NULL;
	return gal_imp_nonempty(tag) ? tag : gal_imp_attr(w->imp, item, "lang");
}

/* One newsItem into box: the document's metadata where it is the first,
 * its heading, byline and description where it is a PART, its
 * content. */
static void news_item(g2 *g, const xmlNode *item, gal_node *box, int first)
{
	gal_walker *w = &g->w;
	const xmlNode *cm = gal_imp_child(item, "contentMeta");
	const xmlNode *nitf = item_nitf(item);
	const char *lang = item_lang(w, item);
	/* the headline the NITF it carries was published under (often
	 * with the time or place the item's own leaves out), else its own */
	const char *headline = nitf ? gal_nitf_headline(w, nitf) : NULL;
	const xmlNode *hl = headline ? NULL : gal_imp_child(cm, "headline");
	if (hl)
		headline = gal_imp_text(w->imp, hl);
	if (first)
		item_meta(g, item, lang);
	if (box->type == GAL_NODE_PART) {
		if (gal_imp_nonempty(lang))
			box->lang = lang;
		if (gal_news_part_headed(w, box, headline)) {
			gal_node *h = gal_imp_add(w->imp, box, GAL_NODE_HEADING, hl ? hl : item);
			if (hl)
				gal_walk_fill(w, h, hl);
			else
				gal_imp_add_text(w->imp, h, headline, strlen(headline), item);
		}
		gal_news_para(w, box, cm, part_byline(w, cm, nitf));
		const xmlNode *d = description(w, cm, 0);
		if (d && d != g->abstract)
			gal_news_blocks(w, box, d, NULL);
	}
	if (nitf)
		gal_nitf_meta_read(w, nitf, box, first ? GAL_NITF_FILL : GAL_NITF_BODY);
	item_content(g, box, item, headline, description(w, cm, 1));
}

/* The package's items not in this file: each its title and description,
 * a list the reader can follow up. */
static void ref_list(g2 *g, gal_node *box, const xmlNode *const *refs, size_t n)
{
	gal_walker *w = &g->w;
	gal_node *list = NULL;
	for (size_t i = 0; i < n && !w->imp->stop; i++) {
		const xmlNode *t = gal_imp_child(refs[i], "title");
		const xmlNode *d = gal_imp_child(refs[i], "description");
		if (!list && (list = gal_imp_add(w->imp, box, GAL_NODE_LIST, refs[i])))
			list->list_type = GAL_LIST_BULLET;
		gal_node *it = gal_imp_add(w->imp, list, GAL_NODE_ITEM, refs[i]);
		if (gal_imp_nonempty(gal_imp_text(w->imp, t))) {
			gal_node *p = gal_imp_add(w->imp, it, GAL_NODE_PARA, t);
			gal_walk_fill(w, gal_imp_add(w->imp, p, GAL_NODE_STRONG, t), t);
		}
		if (gal_imp_nonempty(gal_imp_text(w->imp, d)))
			gal_walk_fill(w, gal_imp_add(w->imp, it, GAL_NODE_PARA, d), d);
	}
}

/* A message in reading order: each item where its package places it, a
 * package's reference to an item not in the file where it stands. */
typedef struct entry {
	const xmlNode *item;     /* a newsItem, or */
	const xmlNode *ref;      /* an itemRef to one not in the file */
} entry;

static void take(const xmlNode *x, const xmlNode ***items, size_t *n, const xmlNode **pkg)
{
	if (gal_imp_named(x, "packageItem") && !*pkg)
		*pkg = x;
	if (gal_imp_named(x, "newsItem")) {
		*items = xrealloc(*items, (*n + 1) * sizeof **items);
		(*items)[(*n)++] = x;
	}
}

/* The newsItems and the package of a NewsML-G2 document: the root, or
 * the message's (in its item sets, or directly). */
static size_t collect(const xmlNode *root, const xmlNode ***items, const xmlNode **pkg)
{
	size_t n = 0;
	*items = NULL;
	*pkg = NULL;
	if (!gal_imp_named(root, "newsMessage")) {
		take(root, items, &n, pkg);
		return n;
	}
	for (const xmlNode *c = root->children; c; c = c->next) {
		if (!gal_imp_named(c, "itemSet"))
			take(c, items, &n, pkg);
		for (const xmlNode *i = gal_imp_named(c, "itemSet") ? c->children : NULL; i; i = i->next)
			take(i, items, &n, pkg);
	}
	return n;
}

static void add_ref(const xmlNode *r, const xmlNode ***refs, size_t *n)
{
	if (!gal_imp_named(r, "itemRef"))
		return;
	*refs = xrealloc(*refs, (*n + 1) * sizeof **refs);
	(*refs)[(*n)++] = r;
}

/* The package's item references, in its groups' order (and those some
 * packages give outside any group). */
static size_t package_refs(const xmlNode *pkg, const xmlNode ***refs)
{
	size_t n = 0;
	*refs = NULL;
	for (const xmlNode *gs = pkg ? pkg->children : NULL; gs; gs = gs->next) {
		add_ref(gs, refs, &n);
		for (const xmlNode *g = gal_imp_named(gs, "groupSet") ? gs->children : NULL; g; g = g->next) {
			add_ref(g, refs, &n);
			for (const xmlNode *r = gal_imp_named(g, "group") ? g->children : NULL; r; r = r->next)
				add_ref(r, refs, &n);
		}
	}
	return n;
}

/* The reading order: the package's references, each the item it names
 * (by guid) or itself; then the items it does not name. A package of
 * one reference that names no item, in a message of one item it does
 * not name, names that item (its residref spelt otherwise). A reference
 * to an item not in the file that gives no title or description leaves
 * the reader nothing: that is said. */
static size_t reading_order(gal_walker *w, const xmlNode *pkg, const xmlNode **items,
			    size_t n_items, entry **out)
{
	const xmlNode **refs;
	size_t n_refs = package_refs(pkg, &refs), n = 0;
	char *used = xcalloc(n_items + 1, 1);
	const xmlNode **match = xcalloc(n_refs + 1, sizeof *match);
	size_t unmatched = 0, unused = n_items;
	for (size_t r = 0; r < n_refs; r++) {
		const char *id = gal_imp_attr(w->imp, refs[r], "residref");
		for (size_t i = 0; i < n_items && !match[r]; i++)
			if (!used[i] && id && gal_news_same(id, gal_imp_attr(w->imp, items[i], "guid"))) {
				match[r] = items[i];
				used[i] = 1;
				unused--;
			}
		unmatched += !match[r];
	}
	for (size_t r = 0; r < n_refs && unmatched == 1 && unused == 1; r++)
		for (size_t i = 0; i < n_items && !match[r]; i++)
			if (!used[i])
				match[r] = items[i], used[i] = 1;
	*out = xcalloc(n_refs + n_items + 1, sizeof **out);
	for (size_t r = 0; r < n_refs; r++) {
		const char *t = gal_imp_text(w->imp, gal_imp_child(refs[r], "title"));
		const char *d = gal_imp_text(w->imp, gal_imp_child(refs[r], "description"));
		if (match[r] || gal_imp_nonempty(t) || gal_imp_nonempty(d)) {
			(*out)[n].item = match[r];
			(*out)[n++].ref = match[r] ? NULL : refs[r];
		} else {
			gal_imp_warn(w->imp, refs[r], "missing-item",
				     "the package names an item that is not in this file "
				     "and gives no title or description of it ('%s')",
				     gal_imp_attr(w->imp, refs[r], "residref"));
		}
	}
	for (size_t i = 0; i < n_items; i++)
		if (!used[i])
			(*out)[n++].item = items[i];
	free(match);
	free(used);
	free(refs);
	return n;
}

/* An item's authors into the document's: its by lines, else the
 * byline of the NITF it carries (as published, a person's title kept:
 * "Staff Reporter") when it names someone, else its creators. */
static void item_authors(gal_walker *w, const xmlNode *item)
{
	const xmlNode *cm = gal_imp_child(item, "contentMeta");
	const xmlNode *bl = nitf_byline_of(item_nitf(item));
	const char *names[64];
	size_t k;
	item_names(w, cm, names, &k, 64, 0);
	if (!k && bl && nitf_byline(w, bl))
		return;
	if (!k)
		item_names(w, cm, names, &k, 64, 1);
	for (size_t a = 0; a < k; a++)
		gal_news_author(w, names[a], NULL);
}

/* The package as the document's metadata: its headline and description,
 * its authors for the whole; its caption for its media. */
static void package_meta(g2 *g, const xmlNode *pkg)
{
	gal_walker *w = &g->w;
	const xmlNode *cm = gal_imp_child(pkg, "contentMeta");
	const char *names[64];
	size_t n;
	item_meta(g, pkg, item_lang(w, pkg));
	item_names(w, cm, names, &n, 64, 1);
	for (size_t i = 0; i < n; i++)
		gal_news_author(w, names[i], NULL);
	g->pkg_authors = n > 0;
	g->caption = description(w, cm, 1);
	const char *role = g->caption ? gal_imp_attr(w->imp, g->caption, "role") : NULL;
	g->caption_kind = role && strcasestr(role, "video") ? "video/" :
			  role && strcasestr(role, "audio") ? "audio/" :
			  role && (strcasestr(role, "photo") || strcasestr(role, "picture")) ? "image/" : NULL;
}

int gal_import_newsml(gal_imp *imp, xmlDocPtr xml)
{
	g2 g = { 0 };
	gal_news_walker(&g.w, imp);
	gal_walker *w = &g.w;
	gal_doc *doc = imp->doc;
	const xmlNode *root = gal_imp_root(imp, xml, GAL_FMT_NEWSML);
	const xmlNode **items = NULL, *pkg = NULL;
	entry *order = NULL;
	int rc = 0;
	if (!root)
		return imp->status;
	size_t n_items = collect(root, &items, &pkg);
	if (!n_items && !pkg) {
		rc = gal_err_set(imp->err, GAL_E_FORMAT, doc->name, gal_imp_line(root), 0,
				 "no newsItem in this NewsML-G2 document");
		goto cleanup;
	}
	size_t n = reading_order(w, pkg, items, n_items, &order), boxes = 0;
	/* a PART per item, and one per run of references between items */
	for (size_t i = 0; i < n; i++)
		boxes += order[i].item || (n_items && (!i || !order[i - 1].ref));
	if (pkg)
		package_meta(&g, pkg);
	/* the authors of every item, each once, unless the package names
	 * those of the whole: an item's part prints its own */
	for (size_t i = 0; i < n && !g.pkg_authors; i++)
		item_authors(w, order[i].item);
	const xmlNode *first = NULL;
	for (size_t i = 0; i < n && !first; i++)
		first = order[i].item;
	for (size_t i = 0; i < n && !imp->stop; i++) {
		size_t k = i;
		while (order[i].ref && k + 1 < n && order[k + 1].ref)
			k++;
		const xmlNode *x = order[i].item ? order[i].item : order[i].ref;
		gal_node *box = boxes > 1 ? gal_imp_add(imp, doc->root, GAL_NODE_PART, x) : doc->root;
		if (!box)
			break;
		if (order[i].item) {
			news_item(&g, order[i].item, box, order[i].item == first);
		} else {
			const xmlNode **run = xmalloc((k - i + 1) * sizeof *run);
			for (size_t r = i; r <= k; r++)
				run[r - i] = order[r].ref;
			ref_list(&g, box, run, k - i + 1);
			free(run);
			i = k;
		}
	}
	if (g.caption) {
		/* a package's caption for media it does not carry */
		if (!doc->meta.abstract)
			doc->meta.abstract = gal_news_summary(w, g.caption);
		else
			gal_news_blocks(w, doc->root, g.caption, NULL);
	}
	gal_imp_tidy(doc, doc->root);
	rc = imp->status;
cleanup:
	free(order);
	free(items);
	return rc;
}
