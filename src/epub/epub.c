/* EPUB 3 renderer: the prepared model -> XHTML content documents, nav
 * document, NCX, OPF and CSS -> an OCF zip built in memory, then written
 * to the sink in one go (files, stdout and fuzzers share this code).
 *
 * Content documents: text.xhtml holds the title block, summaries, the
 * body, the back matter and its notes; each PART (sub-article, news
 * item) gets its own part-N.xhtml. Rendering runs twice: the first pass
 * only records which ids land in which file, so the second pass links
 * only to ids that really exist (epubcheck rejects a dangling fragment)
 * and knows the file of every target. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <glib.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <zip.h>

#include "base/buf.h"
#include "base/sink.h"
#include "base/xhtml.h"
#include "math/math.h"
#include "model/doc.h"
#include "model/image.h"
#include "epub/embed.h"
#include "style/fonts.h"
#include "style/style.h"

#define MATHML_NS "http://www.w3.org/1998/Math/MathML"

/* ---- state ----------------------------------------------------------------- */

typedef struct id_info {
	int file;             /* index into files[] */
	const void *key;      /* what emitted it first: a node or a generated anchor */
} id_info;

typedef struct note {
	const gal_node *fn;
	int linked;           /* the call is a link (not inside another link) */
} note;

typedef struct out_file {
	char name[32];        /* "text.xhtml", "part-3.xhtml" */
	const gal_node *part; /* NULL for the main document */
	gal_buf buf;
	int mathml;           /* contains MathML: OPF property */
} out_file;

typedef struct resource {
	char *href;           /* "images/img-….png", "fonts/….ttf" */
	const char *mime;
	const unsigned char *data;
	size_t len;
	unsigned char *owned; /* converted bytes we must free */
	int ok;
	int cover;
	int obfuscated;       /* a font: listed in META-INF/encryption.xml */
	const char *key;      /* image name (dedup) */
} resource;

typedef struct toc_item {
	int level;
	char *text;
	char *href;
} toc_item;

typedef struct epub {
	const gal_doc *doc;
	const gal_opts *opts;
	gal_err *err;
	int status;

	int pass;             /* 1: collect ids; 2: write */
	GHashTable *ids;      /* sanitized id (owned) -> id_info (owned) */

	out_file *files;
	size_t n_files;
	int cur;              /* file being written */
	int rtl;              /* its html element's direction */
	gal_buf *out;
	int hoff;             /* heading offset: 1 under the main document's h1 */
	int in_link;          /* open LINK/XREF/CITE nodes: no nested <a> */
	int quote_depth;
	note *notes;
	size_t n_notes, cap_notes;

	resource *res;
	size_t n_res, cap_res;
	int images_used;      /* an <img> was written: accessMode visual */
	int any_math;
	int cover_res;        /* index into res, or -1 */

	toc_item *toc;
	size_t n_toc, cap_toc;
	gal_buf tmp;
} epub;

/* the anchor no node owns (notes sections are keyed by their file) */
static const char KEY_TOP = 0;

static void fail(epub *e, int code, const char *fmt, const char *arg)
{
	if (!e->status)
		e->status = gal_err_set(e->err, code, e->opts ? e->opts->input_path : NULL,
					0, 0, fmt, arg ? arg : "");
}

static void put(epub *e, const char *s)
{
	gal_buf_puts(e->out, s);
}

static void text(epub *e, const char *s)
{
	gal_xhtml_text(e->out, s);
}

/* ---- ids and links --------------------------------------------------------- */

/* ` id="…"` for the first owner of a (sanitized) id; later owners of
 * the same name are left without it. */
static const char *id_for(epub *e, const char *id, const void *key)
{
	if (!id || !*id)
		return NULL;
	gal_buf_reset(&e->tmp);
	gal_xhtml_id(&e->tmp, id);
	id_info *info = g_hash_table_lookup(e->ids, e->tmp.data);
	if (e->pass == 1) {
		if (info)
			return NULL;
		info = xmalloc(sizeof *info);
		info->file = e->cur;
		info->key = key;
		g_hash_table_insert(e->ids, xstrdup(e->tmp.data), info);
	} else if (!info || info->key != key) {
		return NULL;
	}
	return e->tmp.data;
}

static void put_id(epub *e, const char *id, const void *key)
{
	const char *s = id_for(e, id, key);
	if (!s)
		return;
	put(e, " id=\"");
	gal_xhtml_attr(e->out, s);
	put(e, "\"");
}

/* Append the href of an id ("#x" in the same file, "part-2.xhtml#x"
 * elsewhere) to b; 0 when no element carries it. */
static int href_of(epub *e, const char *id, gal_buf *b, int from_file)
{
	if (!id || !*id)
		return 0;
	gal_buf s = GAL_BUF_INIT;
	gal_xhtml_id(&s, id);
	id_info *info = g_hash_table_lookup(e->ids, s.data);
	if (info) {
		if (info->file != from_file)
			gal_buf_puts(b, e->files[info->file].name);
		gal_buf_putc(b, '#');
		gal_xhtml_attr(b, s.data);
	}
	gal_buf_free(&s);
	return info != NULL;
}

static void put_lang(epub *e, const char *lang)
{
	if (!gal_xhtml_lang_ok(lang))
		return;
	put(e, " lang=\"");
	gal_xhtml_lang(e->out, lang);
	put(e, "\" xml:lang=\"");
	gal_xhtml_lang(e->out, lang);
	put(e, "\"");
}

/* dir="rtl" (or "ltr") on a block whose direction (prep's) is not the
 * direction around it: its parent's, or the file's for the file's own
 * part and for blocks written outside the flow (a note, the title). */
static void put_dir_in(epub *e, const gal_node *n, int around)
{
	if (n->rtl != around)
		put(e, n->rtl ? " dir=\"rtl\"" : " dir=\"ltr\"");
}

static void put_dir(epub *e, const gal_node *n)
{
	if (!gal_node_is_block(n->type))
		return;
	int own = n->parent && n != e->files[e->cur].part;
	put_dir_in(e, n, own ? n->parent->rtl : e->rtl);
}

/* `<tag id lang dir` for node n (n may be NULL), the start tag left open
 * for more attributes. */
static void start_tag(epub *e, const char *tag, const gal_node *n)
{
	gal_buf_printf(e->out, "<%s", tag);
	if (n) {
		put_id(e, n->id, n);
		put_lang(e, n->lang);
		put_dir(e, n);
	}
}

/* `<tag id lang class>` for node n (n may be NULL). */
static void open_tag(epub *e, const char *tag, const gal_node *n, const char *cls)
{
	start_tag(e, tag, n);
	if (cls)
		gal_buf_printf(e->out, " class=\"%s\"", cls);
	put(e, ">");
}

static void close_tag(epub *e, const char *tag)
{
	gal_buf_printf(e->out, "</%s>", tag);
}

/* ---- plain text ------------------------------------------------------------ */

/* Text of a subtree without footnotes, white space collapsed, into b. */
static void plain_text(const gal_node *root, gal_buf *b)
{
	gal_iter it;
	gal_iter_init(&it, root);
	gal_event ev;
	int space = 0;
	size_t start = b->len;
	while ((ev = gal_iter_next(&it)) != GAL_EV_DONE) {
		const gal_node *n = gal_iter_node(&it);
		if (ev != GAL_EV_ENTER)
			continue;
		if (n->type == GAL_NODE_FOOTNOTE && n != root) {
			gal_iter_skip_children(&it);
			continue;
		}
		const char *s = n->type == GAL_NODE_TEXT ? n->literal
			: (n->type == GAL_NODE_MATH || n->type == GAL_NODE_MATH_BLOCK) ? n->title
			: n->type == GAL_NODE_INLINE_IMAGE ? n->title
			: n->type == GAL_NODE_LINEBREAK ? " " : NULL;
		for (; s && *s; s++) {
			if (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r') {
				space = 1;
				continue;
			}
			if (space && b->len > start)
				gal_buf_putc(b, ' ');
			space = 0;
			gal_buf_putc(b, *s);
		}
		if (n->type != GAL_NODE_TEXT && gal_node_is_block(n->type))
			space = 1;
	}
	if (!b->data)
		gal_buf_puts(b, "");
}

/* ---- resources (images, fonts) ---------------------------------------------- */

static resource *res_add(epub *e)
{
	if (e->n_res == e->cap_res) {
		e->cap_res = e->cap_res ? e->cap_res * 2 : 8;
		e->res = xrealloc(e->res, e->cap_res * sizeof *e->res);
	}
	resource *r = &e->res[e->n_res++];
	memset(r, 0, sizeof *r);
	return r;
}

/* The resource for an image, added on first use (GIF and TIFF converted to
 * PNG, as image.c names them). -1 when it cannot be shipped. */
static int image_res(epub *e, const gal_image *img)
{
	if (!img || img->status != GAL_IMG_OK || !img->data || !img->name || !img->mime)
		return -1;
	for (size_t i = 0; i < e->n_res; i++)
		if (e->res[i].key && strcmp(e->res[i].key, img->name) == 0)
			return e->res[i].ok ? (int)i : -1;
	resource *r = res_add(e);
	r->key = img->name;
	gal_buf h = GAL_BUF_INIT;
	gal_buf_puts(&h, "images/");
	for (const char *p = img->name; *p; p++)
		gal_buf_putc(&h, (*p == '/' || *p == '\\' || (unsigned char)*p < 0x21) ? '_' : *p);
	r->href = gal_buf_detach(&h, NULL);
	if (!strcmp(img->mime, "image/gif") || !strcmp(img->mime, "image/tiff")) {
		size_t len = 0;
		r->owned = gal_image_to_png(img, &len);
		if (r->owned) {
			r->data = r->owned;
			r->len = len;
			r->mime = "image/png";
			r->ok = 1;
		}
	} else if (!strcmp(img->mime, "image/png") || !strcmp(img->mime, "image/jpeg") ||
		   !strcmp(img->mime, "image/svg+xml")) {
		r->data = img->data;
		r->len = img->len;
		r->mime = img->mime;
		r->ok = 1;
	}
	return r->ok ? (int)(r - e->res) : -1;
}

/* ---- MathML ---------------------------------------------------------------- */

static void strip_ids(xmlNodePtr root)
{
	/* iterative: MathML nests as deep as libxml2 allowed */
	xmlNodePtr n = root;
	while (n) {
		if (n->type == XML_ELEMENT_NODE) {
			xmlAttrPtr a = xmlHasProp(n, (const xmlChar *)"id");
			if (a)
				xmlRemoveProp(a);
			a = xmlHasNsProp(n, (const xmlChar *)"id", XML_XML_NAMESPACE);
			if (a)
				xmlRemoveProp(a);
		}
		if (n->children && n->type == XML_ELEMENT_NODE) {
			n = n->children;
			continue;
		}
		while (n && n != root && !n->next)
			n = n->parent;
		if (!n || n == root)
			break;
		n = n->next;
	}
}

/* Re-serialize MathML (n's literal, or what its TeX became, src) after
 * checking it parses and is a <math> element; then it is safe to paste
 * into XHTML. `alttext`, when given, goes on the <math> element unless it
 * has one. 0 when unusable. */
static int put_mathml(epub *e, const gal_node *n, const char *src, const char *alttext,
		      int block)
{
	if (!src || !*src)
		return 0;
	int ok = 0;
	xmlDocPtr x = xmlReadMemory(src, (int)strlen(src), NULL, "UTF-8",
				    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	xmlBufferPtr xb = NULL;
	xmlNodePtr root = x ? xmlDocGetRootElement(x) : NULL;
	if (!root || strcmp((const char *)root->name, "math") != 0)
		goto cleanup;
	if (!root->ns)
		xmlSetNs(root, xmlNewNs(root, (const xmlChar *)MATHML_NS, NULL));
	else if (strcmp((const char *)root->ns->href, MATHML_NS) != 0)
		goto cleanup;
	/* ids inside the MathML are dropped: nothing in the model links to
	 * them, and they could repeat ids of the document (or the node's own
	 * id, which goes on <math>) */
	strip_ids(root);
	if (block && !xmlHasProp(root, (const xmlChar *)"display"))
		xmlSetProp(root, (const xmlChar *)"display", (const xmlChar *)"block");
	if (alttext && *alttext && !xmlHasProp(root, (const xmlChar *)"alttext"))
		xmlSetProp(root, (const xmlChar *)"alttext", (const xmlChar *)alttext);
	/* the node's id goes on the <math> element (id_for gives an XML
	 * name, which xmlSetProp escapes as needed) */
	const char *id = id_for(e, n->id, n);
	if (id)
		xmlSetProp(root, (const xmlChar *)"id", (const xmlChar *)id);
	xb = xmlBufferCreate();
	if (!xb || xmlNodeDump(xb, x, root, 0, 0) < 0)
		goto cleanup;
	put(e, (const char *)xmlBufferContent(xb));
	e->files[e->cur].mathml = 1;
	e->any_math = 1;
	ok = 1;
cleanup:
	if (xb)
		xmlBufferFree(xb);
	if (x)
		xmlFreeDoc(x);
	return ok;
}

/* ---- headings --------------------------------------------------------------- */

/* The element a HEADING becomes, and its class. */
static const char *heading_tag(epub *e, const gal_node *h, const char **cls)
{
	static const char *const hn[] = { "h1", "h2", "h3", "h4", "h5", "h6" };
	static const char *const ln[] = { "l1", "l2", "l3", "l4", "l5", "l6" };
	const gal_node *p = h->parent;
	*cls = NULL;
	if (!p)
		return "p";
	switch (p->type) {
	case GAL_NODE_SECTION:
	case GAL_NODE_REFS: {
		int lv = p->level < 1 ? 1 : p->level;
		int k = lv + e->hoff;
		*cls = ln[(lv > 6 ? 6 : lv) - 1];
		return hn[(k > 6 ? 6 : k) - 1];
	}
	case GAL_NODE_PART:
		*cls = "part-title";
		return "h1";
	case GAL_NODE_SUMMARY:
		*cls = "summary-title";
		return "h2";
	case GAL_NODE_ASIDE:
		*cls = "aside-title";
		return "p";
	default:
		*cls = "heading";
		return "p";
	}
}

/* A synthesized heading (References, Key points, Notes) at a level. */
static void put_heading(epub *e, int level, const char *cls, const char *words)
{
	int k = level + e->hoff;
	k = k < 1 ? 1 : k > 6 ? 6 : k;
	gal_buf_printf(e->out, "<h%d class=\"%s\">", k, cls);
	text(e, words);
	gal_buf_printf(e->out, "</h%d>\n", k);
}

static int has_child(const gal_node *n, gal_node_type t)
{
	for (const gal_node *c = n->first; c; c = c->next)
		if (c->type == t)
			return 1;
	return 0;
}

static const char *aside_label(const gal_labels *l, int kind)
{
	switch (kind) {
	case GAL_ASIDE_NOTE: return l->note;
	case GAL_ASIDE_TIP: return l->tip;
	case GAL_ASIDE_WARNING: return l->warning;
	case GAL_ASIDE_CAUTION: return l->caution;
	case GAL_ASIDE_IMPORTANT: return l->important;
	default: return NULL;
	}
}

static const char *aside_class(int kind)
{
	switch (kind) {
	case GAL_ASIDE_NOTE: return "box note";
	case GAL_ASIDE_TIP: return "box tip";
	case GAL_ASIDE_WARNING: return "box warning";
	case GAL_ASIDE_CAUTION: return "box caution";
	case GAL_ASIDE_IMPORTANT: return "box important";
	default: return "box";
	}
}

/* ---- links ------------------------------------------------------------------ */

/* Schemes a reader may follow; anything else (javascript:, file:,
 * relative paths that name no packaged resource) is shown as text. */
static int url_ok(const char *u)
{
	static const char *const schemes[] = { "http:", "https:", "mailto:", "ftp:",
					       "tel:", "urn:", "doi:", "news:" };
	if (!u)
		return 0;
	for (size_t i = 0; i < sizeof schemes / sizeof *schemes; i++)
		if (strncasecmp(u, schemes[i], strlen(schemes[i])) == 0)
			return u[strlen(schemes[i])] != '\0';
	return 0;
}

/* ---- the walk ------------------------------------------------------------------ */

static void walk(epub *e, const gal_node *root, int with_root);

static void add_note(epub *e, const gal_node *fn, int linked)
{
	if (e->n_notes == e->cap_notes) {
		e->cap_notes = e->cap_notes ? e->cap_notes * 2 : 16;
		e->notes = xrealloc(e->notes, e->cap_notes * sizeof *e->notes);
	}
	e->notes[e->n_notes].fn = fn;
	e->notes[e->n_notes].linked = linked;
	e->n_notes++;
}

/* A picture in the line, as big as the PDF sets it
 * (gal_inline_image_size): an icon in ems, so that it follows the text's
 * size, a larger one in points, never wider than the column; standing on
 * the baseline (the stylesheet's img.inline). A size asked in one
 * dimension leaves the other to the picture's proportions. One that
 * cannot be shipped is a framed note of what it showed. */
static void put_inline_image(epub *e, const gal_node *n)
{
	double w, h;
	int em;
	gal_inline_image_size(n, &w, &h, &em);
	const char *unit = em ? "em" : "pt";
	int r = image_res(e, n->image);
	if (r < 0) {
		open_tag(e, "span", n, "img-missing inline");
		text(e, n->title && *n->title ? n->title : n->url);
		put(e, "</span>");
		return;
	}
	const char *alt = gal_inline_image_alt(e->doc, n);
	start_tag(e, "img", n);
	put(e, " class=\"inline\" src=\"");
	gal_xhtml_attr(e->out, e->res[r].href);
	put(e, "\" alt=\"");
	gal_xhtml_attr(e->out, alt ? alt : "");
	if (em)
		gal_buf_printf(e->out, "\" style=\"height: %.2f%s", h, unit);
	else
		gal_buf_printf(e->out, "\" style=\"width: %.2f%s", w, unit);
	if (n->img_w != 0 && n->img_h != 0)
		gal_buf_printf(e->out, em ? "; width: %.2f%s" : "; height: %.2f%s", em ? w : h,
			       unit);
	put(e, "\"/>");
	e->images_used = 1;
}

/* A block image (and its line), or a picture in the line. */
static void put_image(epub *e, const gal_node *n)
{
	if (n->type == GAL_NODE_INLINE_IMAGE) {
		put_inline_image(e, n);
		return;
	}
	gal_buf alt = GAL_BUF_INIT;
	/* never without alt text: the source's, else the caption's, else a label */
	if (n->title && *n->title)
		gal_buf_puts(&alt, n->title);
	else if (n->parent && n->parent->type == GAL_NODE_FIGURE) {
		for (const gal_node *c = n->parent->first; c; c = c->next)
			if (c->type == GAL_NODE_CAPTION) {
				plain_text(c, &alt);
				break;
			}
		if (!alt.len)
			gal_buf_puts(&alt, n->parent->label ? n->parent->label
							    : e->doc->labels.figure);
	}
	if (!alt.len)
		gal_buf_puts(&alt, e->doc->labels.figure);
	int r = image_res(e, n->image);
	if (r >= 0) {
		start_tag(e, "img", n);
		put(e, " src=\"");
		gal_xhtml_attr(e->out, e->res[r].href);
		put(e, "\" alt=\"");
		gal_xhtml_attr(e->out, alt.data);
		put(e, "\"/>");
		e->images_used = 1;
	} else {
		/* a visible box in place of the picture, saying what it showed */
		open_tag(e, "div", n, "img-missing");
		put(e, "<p>");
		text(e, alt.data);
		put(e, "</p></div>");
	}
	put(e, "\n");
	gal_buf_free(&alt);
}

static void put_cell(epub *e, const gal_node *c, int in_head)
{
	static const char *const al[] = { NULL, "al-left", "al-center", "al-right",
					   "al-justify" };
	const char *tag = c->header ? "th" : "td";
	gal_buf_printf(e->out, "<%s", tag);
	put_id(e, c->id, c);
	put_lang(e, c->lang);
	put_dir(e, c);
	if (c->colspan > 1)
		gal_buf_printf(e->out, " colspan=\"%d\"", c->colspan > 1000 ? 1000 : c->colspan);
	if (c->rowspan > 1)
		gal_buf_printf(e->out, " rowspan=\"%d\"", c->rowspan > 65534 ? 65534 : c->rowspan);
	if (c->align > 0 && c->align < 5)
		gal_buf_printf(e->out, " class=\"%s\"", al[c->align]);
	if (c->header && in_head)
		put(e, " scope=\"col\"");
	put(e, ">");
	walk(e, c, 0);
	gal_buf_printf(e->out, "</%s>", tag);
}

static void put_rows(epub *e, const gal_node *sec, int in_head)
{
	for (const gal_node *r = sec->first; r; r = r->next) {
		if (r->type != GAL_NODE_TROW)
			continue;
		open_tag(e, "tr", r, NULL);
		for (const gal_node *c = r->first; c; c = c->next)
			if (c->type == GAL_NODE_TCELL)
				put_cell(e, c, in_head);
		put(e, "</tr>\n");
	}
}

/* A figure's or table's label as the PDF sets it: in bold, and a full
 * stop before the caption's text unless the label brings its own. */
static void caption_label(epub *e, const char *label, int text_follows)
{
	if (!label)
		return;
	size_t n = strlen(label);
	put(e, "<span class=\"label\">");
	text(e, label);
	put(e, "</span>");
	if (text_follows)
		put(e, n && strchr(".:", label[n - 1]) ? " " : ". ");
}

/* A table is written at its ENTER: caption first, then one thead (all
 * head sections), the bodies, one tfoot, as HTML requires whatever order
 * the source had. Its other children (notes) follow in the walk. */
static void put_table(epub *e, const gal_node *t)
{
	open_tag(e, "div", t, "table-wrap");
	put(e, "\n<table>");
	for (const gal_node *c = t->first; c; c = c->next)
		if (c->type == GAL_NODE_CAPTION) {
			open_tag(e, "caption", c, NULL);
			caption_label(e, t->label, 1);
			walk(e, c, 0);
			put(e, "</caption>\n");
			break;
		}
	static const int order[] = { GAL_TSEC_HEAD, GAL_TSEC_BODY, GAL_TSEC_FOOT };
	for (int k = 0; k < 3; k++) {
		int open = 0;
		for (const gal_node *s = t->first; s; s = s->next) {
			if (s->type != GAL_NODE_TSECTION || s->tsection != order[k])
				continue;
			if (order[k] == GAL_TSEC_BODY) {
				open_tag(e, "tbody", s, NULL);
				put(e, "\n");
				put_rows(e, s, 0);
				put(e, "</tbody>\n");
			} else {
				if (!open)
					open_tag(e, order[k] == GAL_TSEC_HEAD ? "thead" : "tfoot", s, NULL);
				open = 1;
				put_rows(e, s, order[k] == GAL_TSEC_HEAD);
			}
		}
		if (open)
			put(e, order[k] == GAL_TSEC_HEAD ? "</thead>\n" : "</tfoot>\n");
	}
	put(e, "</table>\n");
}

static int is_table_note(const gal_node *n)
{
	return n->parent && n->parent->type == GAL_NODE_TABLE &&
	       n->type != GAL_NODE_CAPTION && n->type != GAL_NODE_TSECTION;
}

/* Children a parent writes itself (figure captions, table parts). */
static int written_by_parent(const gal_node *n)
{
	const gal_node *p = n->parent;
	if (!p)
		return 0;
	if (p->type == GAL_NODE_FIGURE)
		return n->type == GAL_NODE_CAPTION || n->type == GAL_NODE_CREDIT;
	if (p->type == GAL_NODE_TABLE)
		return n->type == GAL_NODE_CAPTION || n->type == GAL_NODE_TSECTION;
	return 0;
}

/* <span class="CLS">WORDS</span> and a space: a number or label before
 * the text it labels */
static void put_label(epub *e, const char *cls, const char *words)
{
	gal_buf_printf(e->out, "<span class=\"%s\">", cls);
	text(e, words);
	put(e, "</span> ");
}

/* The credit first, flush right under the picture, then the label and
 * caption, as the PDF sets them; a label without a caption stands
 * alone. */
static void figure_caption(epub *e, const gal_node *f)
{
	const gal_node *cap = NULL, *credit = NULL;
	for (const gal_node *c = f->first; c; c = c->next) {
		if (c->type == GAL_NODE_CAPTION && !cap)
			cap = c;
		if (c->type == GAL_NODE_CREDIT && !credit)
			credit = c;
	}
	if (!cap && !credit && !f->label)
		return;
	put(e, "<figcaption>");
	if (credit) {
		open_tag(e, "span", credit, "credit");
		walk(e, credit, 0);
		put(e, "</span>");
	}
	if (cap || f->label) {
		if (credit)
			put(e, " ");
		open_tag(e, "span", cap, "caption");
		caption_label(e, f->label, cap != NULL);
		if (cap)
			walk(e, cap, 0);
		put(e, "</span>");
	}
	put(e, "</figcaption>\n");
}

static int in_dl(const gal_node *item)
{
	return item->parent && item->parent->type == GAL_NODE_LIST &&
	       item->parent->list_type == GAL_LIST_DEFINITION;
}

/* Only an item's leading term becomes a <dt>; any other term (a second
 * one, or one in a bullet list) is a paragraph inside the item. */
static int is_dt(const gal_node *term)
{
	const gal_node *item = term->parent;
	return item && item->type == GAL_NODE_ITEM && in_dl(item) && item->first == term;
}

/* ---- entering and leaving nodes --------------------------------------------- */

/* A table's notes (what follows its caption and sections) share one
 * box, opened before the first of them. */
static void open_table_notes(epub *e, const gal_node *n)
{
	if (!is_table_note(n))
		return;
	const gal_node *p = n->prev;
	while (p && !is_table_note(p))
		p = p->prev;
	if (!p)
		put(e, "<div class=\"table-notes\">\n");
}

static void enter_aside(epub *e, const gal_node *n)
{
	open_tag(e, "aside", n, aside_class(n->aside_kind));
	put(e, "\n");
	if (has_child(n, GAL_NODE_HEADING))
		return;
	const char *t = n->title ? n->title : aside_label(&e->doc->labels, n->aside_kind);
	if (t && *t) {
		put(e, "<p class=\"aside-title\">");
		text(e, t);
		put(e, "</p>\n");
	}
}

/* The PDF widens a numbered list's indent to hold its widest marker
 * ("viii.", "12." and an en space; src/pdf/layout.c), and so does the
 * list's margin here, measured in the list's face as a reader sets it. */
static void marker_indent(epub *e, const gal_node *n)
{
	const gal_textstyle *t = &e->opts->style->part[GAL_PART_LIST];
	double ind = t->margin_left > 0 ? t->margin_left : t->indent > 0 ? t->indent : 18;
	double widest = ind < 12 ? 12 : ind, base = widest;
	if (n->numbering == GAL_NUM_NONE || t->size <= 0)
		return;
	int i = n->start;
	for (const gal_node *it = n->first; it; it = it->next) {
		if (it->type != GAL_NODE_ITEM)
			continue;
		char lab[40];
		gal_list_marker(n, i++, lab, sizeof lab - 3);
		strcat(lab, "\xe2\x80\x82");
		double w = gal_fonts_advance(t->family, t->weight, t->italic, t->features, lab) *
			   t->size;
		if (w > widest + 0.5)   /* a hair's overhang is no matter */
			widest = w;
	}
	if (widest > base) {
		/* thousandths of an em, whatever LC_NUMERIC says; on the side
		 * the items start from */
		long m = (long)(widest / t->size * 1000 + 0.5);
		gal_buf_printf(e->out, " style=\"margin-%s: %ld.%03ldem\"",
			       n->rtl ? "right" : "left", m / 1000, m % 1000);
	}
}

static void enter_list(epub *e, const gal_node *n)
{
	if (n->list_type == GAL_LIST_DEFINITION) {
		open_tag(e, "dl", n, NULL);
		put(e, "\n");
		return;
	}
	if (n->list_type != GAL_LIST_ORDERED) {
		open_tag(e, "ul", n, n->numbering == GAL_NUM_NONE ? "plain" : NULL);
		put(e, "\n");
		return;
	}
	/* HTML's type attribute and a class for the CSS list-style-type,
	 * so reading systems that restyle lists still number as the PDF
	 * does (gal_list_marker) */
	static const char *const type[] = { NULL, "a", "A", "i", "I", NULL };
	static const char *const style[] = { NULL, "lower-alpha", "upper-alpha",
					     "lower-roman", "upper-roman", "plain" };
	int k = n->numbering >= 0 && n->numbering <= GAL_NUM_NONE ? n->numbering : 0;
	start_tag(e, "ol", n);
	if (type[k])
		gal_buf_printf(e->out, " type=\"%s\"", type[k]);
	if (n->start != 1)
		gal_buf_printf(e->out, " start=\"%d\"", n->start);
	if (style[k])
		gal_buf_printf(e->out, " class=\"%s\"", style[k]);
	marker_indent(e, n);
	put(e, ">\n");
}

static void enter_item(epub *e, const gal_node *n)
{
	if (!in_dl(n)) {
		open_tag(e, "li", n, NULL);
		return;
	}
	/* dt then dd; an item without a leading term continues the
	 * previous group (the first one gets an empty dt) */
	if (!(n->first && n->first->type == GAL_NODE_TERM)) {
		if (!n->prev)
			put(e, "<dt></dt>");
		open_tag(e, "dd", n, NULL);
	}
}

static void enter_refs(epub *e, const gal_node *n)
{
	start_tag(e, "section", n);
	put(e, " class=\"references\" epub:type=\"bibliography\" role=\"doc-bibliography\">\n");
	if (!has_child(n, GAL_NODE_HEADING))
		put_heading(e, n->level < 1 ? 1 : n->level, "l1", e->doc->labels.references);
}

static void enter_summary(epub *e, const gal_node *n)
{
	const gal_labels *L = &e->doc->labels;
	int abstract = n->summary_kind == GAL_SUMMARY_ABSTRACT;
	start_tag(e, "section", n);
	put(e, abstract ? " class=\"summary abstract\" epub:type=\"abstract\" role=\"doc-abstract\">\n"
			: " class=\"summary keypoints\">\n");
	if (!has_child(n, GAL_NODE_HEADING)) {
		put(e, "<h2 class=\"summary-title\">");
		text(e, abstract ? L->abstract : L->summary);
		put(e, "</h2>\n");
	}
}

static void enter_heading(epub *e, const gal_node *n)
{
	const char *cls;
	const char *tag = heading_tag(e, n, &cls);
	open_tag(e, tag, n, cls);
	if (n->parent && n->parent->type == GAL_NODE_SECTION && n->parent->label)
		put_label(e, "num", n->parent->label);
}

static void enter_ref(epub *e, const gal_node *n)
{
	/* the list opens at the first entry, after any heading */
	if (!n->prev || n->prev->type != GAL_NODE_REF)
		put(e, "<ol>\n");
	open_tag(e, "li", n, NULL);
	if (n->label) {
		/* "1.", as the PDF numbers the list; the space inside, where
		 * the number's box ends it (epub/css.c) */
		size_t k = strlen(n->label);
		put(e, "<span class=\"ref-label\">");
		text(e, n->label);
		put(e, k && n->label[k - 1] == '.' ? " " : ". ");
		put(e, "</span>");
	}
}

/* MathML made from the node's TeX by the math module, its TeX as
 * alttext. 0 when the TeX does not read (reported once per construct). */
static int put_tex_mathml(epub *e, const gal_node *n, int block)
{
	gal_math *m = NULL;
	gal_buf b = GAL_BUF_INIT;
	int ok = 0;

	if (!n->tex)
		return 0;
	int rc = gal_math_for_node(e->doc, e->opts, n, &m, e->err);
	if (rc && !e->status)
		e->status = rc;
	if (m) {
		gal_math_to_mathml(m, block, &b);
		ok = put_mathml(e, n, b.data, n->tex, block);
	}
	gal_buf_free(&b);
	gal_math_free(m);
	return ok;
}

/* MathML when the node has it or its TeX reads, else its TeX source as
 * code, or its linear text, in `tag` */
static void put_math(epub *e, const gal_node *n, int block, const char *tag)
{
	if (put_mathml(e, n, n->literal, NULL, block) || put_tex_mathml(e, n, block))
		return;
	open_tag(e, tag, n, "math");
	if (n->tex && !n->literal) {
		put(e, "<code class=\"tex\">");
		text(e, n->tex);
		put(e, "</code>");
	} else {
		text(e, n->title ? n->title : n->tex);
	}
	gal_buf_printf(e->out, "</%s>", tag);
}

static void put_math_block(epub *e, const gal_node *n)
{
	open_tag(e, "div", n->id ? NULL : n, "math-block");
	if (n->label && *n->label) {
		/* the equation number, flush right (epub/css.c) */
		put(e, "<span class=\"math-label\">");
		text(e, n->label);
		put(e, "</span>");
	}
	put_math(e, n, 1, "p");
	put(e, "</div>\n");
}

static void enter_link(epub *e, const gal_node *n)
{
	if (!e->in_link && url_ok(n->url)) {
		start_tag(e, "a", n);
		put(e, " href=\"");
		gal_xhtml_url(e->out, n->url);
		put(e, "\">");
	} else {
		open_tag(e, "span", n, "link");
	}
	e->in_link++;
}

/* The id an XREF or CITE points at: its target's, else its own URL. */
static const char *xref_target(const gal_node *n)
{
	return n->target && n->target->id ? n->target->id : n->url;
}

static void enter_xref(epub *e, const gal_node *n)
{
	gal_buf h = GAL_BUF_INIT;
	const char *c = n->type == GAL_NODE_CITE ? "cite" : "xref";
	if (!e->in_link && href_of(e, xref_target(n), &h, e->cur)) {
		start_tag(e, "a", n);
		gal_buf_printf(e->out, " class=\"%s\" href=\"%s\">", c, h.data);
	} else {
		open_tag(e, "span", n, c);
	}
	gal_buf_free(&h);
	e->in_link++;
}

/* EPUB 3 note reference; the note itself goes to the end of this
 * document. Inside another link it can only be a mark. */
static void put_noteref(epub *e, const gal_node *n)
{
	const char *mark = n->label ? n->label : "*";
	gal_buf h = GAL_BUF_INIT;
	int linked = !e->in_link && href_of(e, n->id, &h, e->cur);
	if (e->pass == 1)
		linked = !e->in_link;
	if (linked) {
		gal_buf ref = GAL_BUF_INIT;
		gal_buf_printf(&ref, "%s-ref", n->id ? n->id : "fn");
		put(e, "<a");
		put_id(e, ref.data, (const char *)n + 1);
		gal_buf_printf(e->out, " class=\"noteref\" epub:type=\"noteref\" role=\"doc-noteref\" "
			       "href=\"%s\"><sup>",
			       h.data ? h.data : "#");
		text(e, mark);
		put(e, "</sup></a>");
		gal_buf_free(&ref);
	} else {
		put(e, "<sup class=\"noteref\">");
		text(e, mark);
		put(e, "</sup>");
	}
	gal_buf_free(&h);
	add_note(e, n, linked);
}

/* `<tag id lang name="value">`; no attribute when value is NULL (an
 * abbreviation's expansion; a listing's language, data-language, for
 * readers that colour code). */
static void open_tag_attr(epub *e, const char *tag, const gal_node *n,
			  const char *name, const char *value)
{
	start_tag(e, tag, n);
	if (value) {
		gal_buf_printf(e->out, " %s=\"", name);
		gal_xhtml_attr(e->out, value);
		put(e, "\"");
	}
	put(e, ">");
}

/* open_tag, then a line break: block containers */
static void open_block(epub *e, const char *tag, const gal_node *n, const char *cls)
{
	open_tag(e, tag, n, cls);
	put(e, "\n");
}

static void enter(epub *e, gal_iter *it, const gal_node *n)
{
	if (written_by_parent(n)) {
		gal_iter_skip_children(it);
		return;
	}
	open_table_notes(e, n);
	switch (n->type) {
	case GAL_NODE_DOCUMENT:
	case GAL_NODE_COUNT:
		break;
	case GAL_NODE_PART:
		if (e->files[e->cur].part == n)
			open_block(e, "section", n, "part");
		else
			gal_iter_skip_children(it);
		break;
	case GAL_NODE_SECTION:
		open_block(e, "section", n, "section");
		break;
	case GAL_NODE_ASIDE:
		enter_aside(e, n);
		break;
	case GAL_NODE_BLOCKQUOTE:
		open_block(e, "blockquote", n, NULL);
		break;
	case GAL_NODE_LIST:
		enter_list(e, n);
		break;
	case GAL_NODE_ITEM:
		enter_item(e, n);
		break;
	case GAL_NODE_FIGURE:
		open_block(e, "figure", n, "figure");
		break;
	case GAL_NODE_TABLE:
		put_table(e, n);
		break;
	case GAL_NODE_TSECTION:
	case GAL_NODE_TROW:
	case GAL_NODE_TCELL:
		/* written by put_table; never reached through the walk */
		gal_iter_skip_children(it);
		break;
	case GAL_NODE_BACK:
		open_block(e, "section", n, "back");
		break;
	case GAL_NODE_REFS:
		enter_refs(e, n);
		break;
	case GAL_NODE_SUMMARY:
		enter_summary(e, n);
		break;
	case GAL_NODE_PARA:
	case GAL_NODE_TITLE:
	case GAL_NODE_SUBTITLE:
	case GAL_NODE_SOURCE:
		/* metadata lives in the title block; inside the flow (not
		 * produced by any importer) it reads as a paragraph */
		open_tag(e, "p", n, NULL);
		break;
	case GAL_NODE_HEADING:
		enter_heading(e, n);
		break;
	case GAL_NODE_PULLQUOTE:
		open_tag(e, "aside", n, "pullquote");
		put(e, "<p>");
		break;
	case GAL_NODE_PRE:
		open_tag_attr(e, "pre", n, "data-language", n->title);
		break;
	case GAL_NODE_CAPTION:
		open_tag(e, "p", n, "caption");
		break;
	case GAL_NODE_CREDIT:
		open_tag(e, "p", n, "credit");
		break;
	case GAL_NODE_ATTRIBUTION:
		open_tag(e, "p", n, "attribution");
		break;
	case GAL_NODE_TERM:
		open_tag(e, is_dt(n) ? "dt" : "p", n, is_dt(n) ? NULL : "term");
		break;
	case GAL_NODE_REF:
		enter_ref(e, n);
		break;
	case GAL_NODE_IMAGE: case GAL_NODE_INLINE_IMAGE:
		put_image(e, n);
		break;
	case GAL_NODE_HR:
		put(e, "<hr");
		put_id(e, n->id, n);
		put(e, "/>\n");
		break;
	case GAL_NODE_MATH_BLOCK:
		put_math_block(e, n);
		break;
	case GAL_NODE_TEXT:
		text(e, n->literal);
		break;
	case GAL_NODE_EMPH:
		open_tag(e, "em", n, NULL);
		break;
	case GAL_NODE_STRONG:
		open_tag(e, "strong", n, NULL);
		break;
	case GAL_NODE_CODE:
		open_tag(e, "code", n, NULL);
		break;
	case GAL_NODE_SUP:
		open_tag(e, "sup", n, NULL);
		break;
	case GAL_NODE_SUB:
		open_tag(e, "sub", n, NULL);
		break;
	case GAL_NODE_SMALLCAPS:
		open_tag(e, "span", n, "sc");
		break;
	case GAL_NODE_QUOTE:
		open_tag(e, "span", n, "q");
		text(e, e->quote_depth % 2 ? e->doc->labels.quote2_open
					   : e->doc->labels.quote_open);
		e->quote_depth++;
		break;
	case GAL_NODE_LINK:
		enter_link(e, n);
		break;
	case GAL_NODE_XREF:
	case GAL_NODE_CITE:
		enter_xref(e, n);
		break;
	case GAL_NODE_FOOTNOTE:
		put_noteref(e, n);
		gal_iter_skip_children(it);
		break;
	case GAL_NODE_ABBR:
		open_tag_attr(e, "abbr", n, "title", n->title);
		break;
	case GAL_NODE_SPAN:
		open_tag(e, "span", n, NULL);
		break;
	case GAL_NODE_LINEBREAK:
		put(e, "<br/>");
		break;
	case GAL_NODE_MATH:
		put_math(e, n, 0, "span");
		break;
	}
}

static void leave(epub *e, const gal_node *n)
{
	const char *cls;
	if (written_by_parent(n))
		return;
	switch (n->type) {
	case GAL_NODE_DOCUMENT:
		break;
	case GAL_NODE_PART:
		if (e->files[e->cur].part == n)
			put(e, "</section>\n");
		break;
	case GAL_NODE_SECTION:
	case GAL_NODE_BACK:
	case GAL_NODE_SUMMARY:
		put(e, "</section>\n");
		break;
	case GAL_NODE_REFS:
		if (has_child(n, GAL_NODE_REF))
			put(e, "</ol>\n");
		put(e, "</section>\n");
		break;
	case GAL_NODE_BLOCKQUOTE:
		put(e, "</blockquote>\n");
		break;
	case GAL_NODE_ASIDE:
		put(e, "</aside>\n");
		break;
	case GAL_NODE_LIST:
		put(e, n->list_type == GAL_LIST_ORDERED ? "</ol>\n"
		       : n->list_type == GAL_LIST_DEFINITION ? "</dl>\n" : "</ul>\n");
		break;
	case GAL_NODE_ITEM:
		if (in_dl(n))
			put(e, "</dd>\n");
		else
			put(e, "</li>\n");
		break;
	case GAL_NODE_FIGURE:
		figure_caption(e, n);
		put(e, "</figure>\n");
		break;
	case GAL_NODE_TABLE: {
		for (const gal_node *c = n->first; c; c = c->next)
			if (is_table_note(c)) {
				put(e, "</div>\n");
				break;
			}
		put(e, "</div>\n");
		break;
	}
	case GAL_NODE_TSECTION:
	case GAL_NODE_TROW:
	case GAL_NODE_TCELL:
		break;
	case GAL_NODE_PARA:
	case GAL_NODE_CAPTION:
	case GAL_NODE_CREDIT:
	case GAL_NODE_ATTRIBUTION:
	case GAL_NODE_TITLE:
	case GAL_NODE_SUBTITLE:
	case GAL_NODE_SOURCE:
		put(e, "</p>\n");
		break;
	case GAL_NODE_HEADING:
		close_tag(e, heading_tag(e, n, &cls));
		put(e, "\n");
		break;
	case GAL_NODE_PULLQUOTE:
		put(e, "</p></aside>\n");
		break;
	case GAL_NODE_PRE:
		put(e, "</pre>\n");
		break;
	case GAL_NODE_TERM:
		if (is_dt(n)) {
			put(e, "</dt>");
			open_tag(e, "dd", n->parent, NULL);
		} else {
			put(e, "</p>\n");
		}
		break;
	case GAL_NODE_REF:
		put(e, "</li>\n");
		break;
	case GAL_NODE_IMAGE:
	case GAL_NODE_HR:
	case GAL_NODE_MATH_BLOCK:
	case GAL_NODE_TEXT:
	case GAL_NODE_LINEBREAK:
	case GAL_NODE_MATH:
	case GAL_NODE_INLINE_IMAGE:
	case GAL_NODE_FOOTNOTE:
		/* leaves and notes: everything was written at ENTER */
		break;
	case GAL_NODE_EMPH:
		put(e, "</em>");
		break;
	case GAL_NODE_STRONG:
		put(e, "</strong>");
		break;
	case GAL_NODE_CODE:
		put(e, "</code>");
		break;
	case GAL_NODE_SUP:
		put(e, "</sup>");
		break;
	case GAL_NODE_SUB:
		put(e, "</sub>");
		break;
	case GAL_NODE_QUOTE:
		e->quote_depth--;
		text(e, e->quote_depth % 2 ? e->doc->labels.quote2_close
					   : e->doc->labels.quote_close);
		put(e, "</span>");
		break;
	case GAL_NODE_LINK:
		e->in_link--;
		put(e, !e->in_link && url_ok(n->url) ? "</a>" : "</span>");
		break;
	case GAL_NODE_XREF:
	case GAL_NODE_CITE: {
		e->in_link--;
		gal_buf h = GAL_BUF_INIT;
		put(e, !e->in_link && href_of(e, xref_target(n), &h, e->cur) ? "</a>" : "</span>");
		gal_buf_free(&h);
		break;
	}
	case GAL_NODE_SMALLCAPS:
	case GAL_NODE_SPAN:
		put(e, "</span>");
		break;
	case GAL_NODE_ABBR:
		put(e, "</abbr>");
		break;
	case GAL_NODE_COUNT:
		break;
	}
}

/* Walk a subtree: the iterator keeps this flat. The only re-entry is for
 * a table's cells and captions and a figure's caption, whose content is
 * inline (no further tables or figures), so depth stays at two. */
static void walk(epub *e, const gal_node *root, int with_root)
{
	gal_iter it;
	gal_iter_init(&it, root);
	gal_event ev;
	while ((ev = gal_iter_next(&it)) != GAL_EV_DONE) {
		const gal_node *n = gal_iter_node(&it);
		if (n == root && !with_root) {
			continue;
		}
		if (ev == GAL_EV_ENTER) {
			enter(e, &it, n);
			if (gal_node_is_leaf(n->type))
				continue;
		} else {
			leave(e, n);
		}
	}
}

/* ---- dates ------------------------------------------------------------------ */

static int digits(const char *s, int n)
{
	for (int i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* Length of the longest prefix of s that is a W3CDTF date (what dc:date
 * wants): YYYY, YYYY-MM, YYYY-MM-DD, then optionally Thh:mm[:ss[.s]]
 * with a zone. 0 when not even a year. Returns the full length only when
 * all of s matches. */
static size_t w3cdtf(const char *s, int *whole)
{
	size_t n = strlen(s), k = 0;
	*whole = 0;
	if (n < 4 || !digits(s, 4))
		return 0;
	k = 4;
	if (n >= 7 && s[4] == '-' && digits(s + 5, 2)) {
		k = 7;
		if (n >= 10 && s[7] == '-' && digits(s + 8, 2)) {
			k = 10;
			if (n >= 16 && s[10] == 'T' && digits(s + 11, 2) && s[13] == ':' &&
			    digits(s + 14, 2)) {
				size_t t = 16;
				if (n >= 19 && s[16] == ':' && digits(s + 17, 2)) {
					t = 19;
					if (s[t] == '.' && s[t + 1] >= '0' && s[t + 1] <= '9') {
						t++;
						while (s[t] >= '0' && s[t] <= '9')
							t++;
					}
				}
				if (s[t] == 'Z')
					k = t + 1;
				else if ((s[t] == '+' || s[t] == '-') && n >= t + 6 &&
					 digits(s + t + 1, 2) && s[t + 3] == ':' &&
					 digits(s + t + 4, 2))
					k = t + 6;
			}
		}
	}
	*whole = k == n;
	return k;
}

/* Epoch seconds to UTC fields, whatever TZ says; clamped to what the
 * ZIP (1980-2107) and W3CDTF (4-digit years) formats can hold. */
static void utc_fields(int64_t t, struct tm *tm)
{
	const int64_t lo = 315532800;   /* 1980-01-01T00:00:00Z */
	const int64_t hi = 4354819198LL; /* 2107-12-31T23:59:58Z */
	if (t < lo)
		t = lo;
	if (t > hi)
		t = hi;
	time_t tt = (time_t)t;
	gmtime_r(&tt, tm);
}

/* ---- title block, notes, documents ------------------------------------------- */

/* The start of an XHTML file in `lang`, right to left when `rtl`. */
static void doc_start(epub *e, const char *lang, int rtl, const char *title)
{
	put(e, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n"
	       "<html xmlns=\"http://www.w3.org/1999/xhtml\" "
	       "xmlns:epub=\"http://www.idpf.org/2007/ops\"");
	put_lang(e, gal_xhtml_lang_ok(lang) ? lang : "und");
	e->rtl = rtl;
	if (rtl)
		put(e, " dir=\"rtl\"");
	put(e, ">\n<head>\n<meta charset=\"utf-8\"/>\n<title>");
	text(e, title && *title ? title : "Untitled");
	put(e, "</title>\n<link rel=\"stylesheet\" type=\"text/css\" href=\"style.css\"/>\n"
	       "</head>\n");
}

static void title_block(epub *e)
{
	const gal_doc *doc = e->doc;
	const gal_meta *m = &doc->meta;
	const gal_labels *L = &doc->labels;
	put(e, "<header class=\"titlepage\"");
	put_id(e, "gal-top", &KEY_TOP);
	put(e, ">\n");
	if (m->title) {
		open_tag(e, "h1", m->title, "title");
		walk(e, m->title, 0);
	} else {
		put(e, "<h1 class=\"title\">");
		text(e, doc->title_text);
	}
	put(e, "</h1>\n");
	if (m->subtitle) {
		open_tag(e, "p", m->subtitle, "subtitle");
		walk(e, m->subtitle, 0);
		put(e, "</p>\n");
	}
	if (doc->author_text && *doc->author_text) {
		put(e, "<p class=\"byline\">");
		if (L->by && *L->by) {
			text(e, L->by);
			put(e, " ");
		}
		text(e, doc->author_text);
		put(e, "</p>\n");
	}
	int whole = 0;
	int has_date = m->date && *m->date;
	if (has_date || m->source) {
		put(e, "<p class=\"dateline\">");
		if (has_date) {
			/* people read the date in the article's language; the
			 * machine-readable date is the ISO one, or as much of
			 * it as is W3CDTF (a time without a zone is not) */
			const char *shown = m->date_text ? m->date_text : m->date;
			size_t k = w3cdtf(m->date, &whole);
			if (k >= 10) {
				put(e, "<time datetime=\"");
				gal_buf iso = GAL_BUF_INIT;
				gal_buf_put(&iso, m->date, k);
				gal_xhtml_attr(e->out, iso.data);
				gal_buf_free(&iso);
				put(e, "\">");
				text(e, shown);
				put(e, "</time>");
			} else {
				put(e, "<span class=\"date\">");
				text(e, shown);
				put(e, "</span>");
			}
		}
		if (m->source) {
			if (has_date)
				put(e, " \u00b7 ");
			open_tag(e, "span", m->source, "source");
			if (L->source && *L->source) {
				text(e, L->source);
				put(e, ": ");
			}
			int link = url_ok(m->source->url);
			if (link) {
				put(e, "<a href=\"");
				gal_xhtml_url(e->out, m->source->url);
				put(e, "\">");
				e->in_link++;
			}
			walk(e, m->source, 0);
			if (link) {
				e->in_link--;
				put(e, "</a>");
			}
			put(e, "</span>");
		}
		put(e, "</p>\n");
	}
	put(e, "</header>\n");
	if (m->abstract)
		walk(e, m->abstract, 1);
	if (m->summary)
		walk(e, m->summary, 1);
}

static int note_cmp(const void *a, const void *b)
{
	const note *x = a, *y = b;
	return (x->fn->number > y->fn->number) - (x->fn->number < y->fn->number);
}

static void notes_block(epub *e)
{
	if (!e->n_notes)
		return;
	/* reading order by prep's numbers (a caption's notes are written
	 * after its figure's content) */
	qsort(e->notes, e->n_notes, sizeof *e->notes, note_cmp);
	gal_buf id = GAL_BUF_INIT;
	gal_buf_printf(&id, "gal-notes-%d", e->cur);
	put(e, "<section class=\"footnotes\" epub:type=\"footnotes\"");
	put_id(e, id.data, &e->files[e->cur]);
	put(e, ">\n");
	/* a heading of the first level, as References is */
	put_heading(e, 1, "notes-title l1", e->doc->labels.notes);
	for (size_t i = 0; i < e->n_notes; i++) {
		const gal_node *fn = e->notes[i].fn;
		const char *mark = fn->label ? fn->label : "*";
		put(e, "<aside class=\"footnote\" epub:type=\"footnote\" role=\"doc-footnote\"");
		put_id(e, fn->id, fn);
		put_lang(e, fn->lang);
		put_dir_in(e, fn, e->rtl);
		put(e, "><p>");
		gal_buf h = GAL_BUF_INIT;
		gal_buf_printf(&h, "%s-ref", fn->id ? fn->id : "fn");
		gal_buf href = GAL_BUF_INIT;
		if (e->notes[i].linked && href_of(e, h.data, &href, e->cur)) {
			put(e, "<a class=\"backref\" href=\"");
			put(e, href.data);
			put(e, "\">");
			text(e, mark);
			put(e, "</a> ");
		} else {
			put(e, "<span class=\"mark\">");
			text(e, mark);
			put(e, "</span> ");
		}
		gal_buf_free(&h);
		gal_buf_free(&href);
		walk(e, fn, 0);
		put(e, "</p></aside>\n");
	}
	put(e, "</section>\n");
	gal_buf_free(&id);
}

static void render_file(epub *e, int i)
{
	out_file *f = &e->files[i];
	gal_buf_reset(&f->buf);
	e->cur = i;
	e->out = &f->buf;
	e->n_notes = 0;
	e->in_link = 0;
	e->quote_depth = 0;
	f->mathml = 0;
	if (!f->part) {
		const gal_node *r = e->doc->root;
		e->hoff = 1;
		doc_start(e, e->doc->meta.lang, r->rtl, e->doc->title_text);
		put(e, "<body");
		put_id(e, r->id, r);
		put(e, ">\n");
		title_block(e);
		walk(e, r, 0);
	} else {
		gal_buf t = GAL_BUF_INIT;
		if (f->part->first && f->part->first->type == GAL_NODE_HEADING)
			plain_text(f->part->first, &t);
		e->hoff = 0;
		doc_start(e, gal_node_lang(f->part), f->part->rtl,
			  t.len ? t.data : e->doc->title_text);
		gal_buf_free(&t);
		put(e, "<body>\n");
		walk(e, f->part, 1);
	}
	notes_block(e);
	put(e, "</body>\n</html>\n");
}

/* ---- table of contents: nav and NCX --------------------------------------------- */

static void toc_push(epub *e, int level, const char *txt, const char *href)
{
	if (e->n_toc == e->cap_toc) {
		e->cap_toc = e->cap_toc ? e->cap_toc * 2 : 16;
		e->toc = xrealloc(e->toc, e->cap_toc * sizeof *e->toc);
	}
	toc_item *t = &e->toc[e->n_toc++];
	t->level = level;
	t->text = xstrdup(txt && *txt ? txt : e->doc->title_text);
	t->href = xstrdup(href);
}

static int file_of(epub *e, const gal_node *n)
{
	while (n && n->type != GAL_NODE_PART)
		n = n->parent;
	for (size_t i = 1; n && i < e->n_files; i++)
		if (e->files[i].part == n)
			return (int)i;
	return 0;
}

static void build_toc(epub *e, int main_notes)
{
	const gal_doc *doc = e->doc;
	gal_buf h = GAL_BUF_INIT, t = GAL_BUF_INIT;
	int notes_done = !main_notes;
	/* generated anchors too go through the id map: a source id could
	 * have taken the name first */
	gal_buf top = GAL_BUF_INIT, notes = GAL_BUF_INIT;
	if (!href_of(e, "gal-top", &top, -1))
		gal_buf_puts(&top, "text.xhtml");
	if (!href_of(e, "gal-notes-0", &notes, -1))
		gal_buf_puts(&notes, "text.xhtml");
	if (!doc->n_toc)
		toc_push(e, 1, doc->title_text, top.data);
	for (size_t i = 0; i < doc->n_toc; i++) {
		const gal_toc_entry *te = &doc->toc[i];
		int f = file_of(e, te->node);
		if (f > 0 && !notes_done) {
			toc_push(e, 1, doc->labels.notes, notes.data);
			notes_done = 1;
		}
		gal_buf_reset(&h);
		gal_buf_reset(&t);
		if (!href_of(e, te->id, &h, -1))
			gal_buf_puts(&h, e->files[f].name);
		if (te->number)
			gal_buf_printf(&t, "%s ", te->number);
		gal_buf_puts(&t, te->text ? te->text : "");
		toc_push(e, te->level, t.data, h.data);
	}
	if (!notes_done)
		toc_push(e, 1, doc->labels.notes, notes.data);
	gal_buf_free(&top);
	gal_buf_free(&notes);
	gal_buf_free(&h);
	gal_buf_free(&t);
}

/* Depths for nested lists: each entry at most one deeper than the one
 * before it, whatever levels the source skipped. */
static int *toc_depths(epub *e, int *maxd)
{
	int *d = xcalloc(e->n_toc ? e->n_toc : 1, sizeof *d);
	int *st = xcalloc(e->n_toc ? e->n_toc : 1, sizeof *st);
	int sp = 0;
	*maxd = 0;
	for (size_t i = 0; i < e->n_toc; i++) {
		int L = e->toc[i].level;
		if (sp == 0) {
			st[sp++] = L;
		} else if (L > st[sp - 1]) {
			st[sp++] = L;
		} else {
			while (sp > 1 && L < st[sp - 1]) {
				if (L > st[sp - 2]) {
					st[sp - 1] = L;
					break;
				}
				sp--;
			}
			if (sp == 1 && L < st[0])
				st[0] = L;
		}
		d[i] = sp - 1;
		if (d[i] > *maxd)
			*maxd = d[i];
	}
	free(st);
	return d;
}

static void put_nav(epub *e, gal_buf *b, const int *d, int has_cover)
{
	const gal_doc *doc = e->doc;
	gal_buf *save = e->out;
	e->out = b;
	doc_start(e, doc->meta.lang, doc->root->rtl, doc->labels.contents);
	/* two navigation landmarks, each named by its heading */
	put(e, "<body>\n<nav epub:type=\"toc\" id=\"toc\" role=\"doc-toc\" "
	       "aria-labelledby=\"toc-title\">\n<h1 id=\"toc-title\">");
	text(e, doc->labels.contents);
	put(e, "</h1>\n<ol>\n");
	for (size_t i = 0; i < e->n_toc; i++) {
		if (i > 0) {
			if (d[i] > d[i - 1]) {
				put(e, "\n<ol>\n");
			} else {
				put(e, "</li>\n");
				for (int k = d[i - 1]; k > d[i]; k--)
					put(e, "</ol>\n</li>\n");
			}
		}
		put(e, "<li><a href=\"");
		put(e, e->toc[i].href);
		put(e, "\">");
		text(e, e->toc[i].text);
		put(e, "</a>");
	}
	put(e, "</li>\n");
	for (int k = e->n_toc ? d[e->n_toc - 1] : 0; k > 0; k--)
		put(e, "</ol>\n</li>\n");
	put(e, "</ol>\n</nav>\n");
	put(e, "<nav epub:type=\"landmarks\" id=\"landmarks\" hidden=\"hidden\" "
	       "aria-labelledby=\"landmarks-title\">\n<h2 id=\"landmarks-title\">");
	text(e, doc->labels.landmarks);
	put(e, "</h2>\n<ol>\n");
	if (has_cover) {
		put(e, "<li><a epub:type=\"cover\" href=\"cover.xhtml\">");
		text(e, doc->labels.cover);
		put(e, "</a></li>\n");
	}
	/* a landmark must point into the spine: the contents page is there
	 * only when the style asks for one */
	if (e->opts->style->toc) {
		put(e, "<li><a epub:type=\"toc\" href=\"nav.xhtml#toc\">");
		text(e, doc->labels.contents);
		put(e, "</a></li>\n");
	}
	gal_buf top = GAL_BUF_INIT;
	if (!href_of(e, "gal-top", &top, -1))
		gal_buf_puts(&top, "text.xhtml");
	put(e, "<li><a epub:type=\"bodymatter\" href=\"");
	put(e, top.data);
	put(e, "\">");
	gal_buf_free(&top);
	text(e, doc->title_text);
	put(e, "</a></li>\n</ol>\n</nav>\n</body>\n</html>\n");
	e->out = save;
}

static void put_ncx(epub *e, gal_buf *b, const int *d, int maxd)
{
	const gal_doc *doc = e->doc;
	gal_buf_puts(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
			"<ncx xmlns=\"http://www.daisy.org/z3986/2005/ncx/\" version=\"2005-1\">\n"
			"<head>\n<meta name=\"dtb:uid\" content=\"");
	gal_xhtml_attr(b, doc->uid);
	gal_buf_printf(b, "\"/>\n<meta name=\"dtb:depth\" content=\"%d\"/>\n"
			  "<meta name=\"dtb:totalPageCount\" content=\"0\"/>\n"
			  "<meta name=\"dtb:maxPageNumber\" content=\"0\"/>\n</head>\n"
			  "<docTitle><text>", maxd + 1);
	gal_xhtml_text(b, doc->title_text);
	gal_buf_puts(b, "</text></docTitle>\n<navMap>\n");
	for (size_t i = 0; i < e->n_toc; i++) {
		if (i > 0 && d[i] <= d[i - 1])
			for (int k = d[i - 1]; k >= d[i]; k--)
				gal_buf_puts(b, "</navPoint>\n");
		gal_buf_printf(b, "<navPoint id=\"np-%zu\" playOrder=\"%zu\"><navLabel><text>",
			       i + 1, i + 1);
		gal_xhtml_text(b, e->toc[i].text);
		gal_buf_puts(b, "</text></navLabel><content src=\"");
		gal_buf_puts(b, e->toc[i].href);
		gal_buf_puts(b, "\"/>\n");
	}
	for (int k = e->n_toc ? d[e->n_toc - 1] : -1; k >= 0; k--)
		gal_buf_puts(b, "</navPoint>\n");
	gal_buf_puts(b, "</navMap>\n</ncx>\n");
}

/* ---- package document ------------------------------------------------------------ */

static void meta_el(gal_buf *b, const char *el, const char *value)
{
	if (!value || !*value)
		return;
	gal_buf_printf(b, "<%s>", el);
	gal_xhtml_text(b, value);
	gal_buf_printf(b, "</%s>\n", el);
}

static void put_opf(epub *e, gal_buf *b, int has_cover_page, int nav_in_spine)
{
	const gal_doc *doc = e->doc;
	const gal_meta *m = &doc->meta;
	const char *lang = gal_xhtml_lang_ok(m->lang) ? m->lang : "und";
	struct tm tm;
	utc_fields(e->opts->epoch, &tm);

	gal_buf_puts(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
			"<package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\" "
			"unique-identifier=\"uid\" xml:lang=\"");
	gal_xhtml_lang(b, lang);
	gal_buf_puts(b, "\">\n<metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n"
			"<dc:identifier id=\"uid\">");
	gal_xhtml_text(b, doc->uid && *doc->uid ? doc->uid : "urn:galley:untitled");
	gal_buf_puts(b, "</dc:identifier>\n");
	meta_el(b, "dc:title", doc->title_text);
	gal_buf_puts(b, "<dc:language>");
	gal_xhtml_lang(b, lang);
	gal_buf_puts(b, "</dc:language>\n");
	for (size_t i = 0; i < m->n_authors; i++) {
		if (!m->authors[i].name || !*m->authors[i].name)
			continue;
		gal_buf_printf(b, "<dc:creator id=\"creator-%zu\">", i + 1);
		gal_xhtml_text(b, m->authors[i].name);
		gal_buf_printf(b, "</dc:creator>\n<meta refines=\"#creator-%zu\" "
				  "property=\"role\" scheme=\"marc:relators\">aut</meta>\n", i + 1);
	}
	if (m->date && *m->date) {
		int whole;
		size_t k = w3cdtf(m->date, &whole);
		if (k) {
			gal_buf_puts(b, "<dc:date>");
			gal_xhtml_textn(b, m->date, k);
			gal_buf_puts(b, "</dc:date>\n");
		}
	}
	meta_el(b, "dc:publisher", m->publisher);
	meta_el(b, "dc:rights", m->rights);
	for (size_t i = 0; i < m->n_keywords; i++)
		meta_el(b, "dc:subject", m->keywords[i]);
	if (m->subtitle) {
		gal_buf t = GAL_BUF_INIT;
		plain_text(m->subtitle, &t);
		meta_el(b, "dc:description", t.data);
		gal_buf_free(&t);
	}
	gal_buf_printf(b, "<meta property=\"dcterms:modified\">%04d-%02d-%02dT%02d:%02d:%02dZ</meta>\n",
		       tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
		       tm.tm_sec);

	/* accessibility (schema.org, as the EPUB Accessibility spec asks) */
	gal_buf_puts(b, "<meta property=\"schema:accessMode\">textual</meta>\n");
	if (e->images_used)
		gal_buf_puts(b, "<meta property=\"schema:accessMode\">visual</meta>\n");
	gal_buf_puts(b, "<meta property=\"schema:accessModeSufficient\">textual</meta>\n");
	static const char *const features[] = { "structuralNavigation", "tableOfContents",
						"readingOrder", "displayTransformability" };
	for (size_t i = 0; i < sizeof features / sizeof *features; i++)
		gal_buf_printf(b, "<meta property=\"schema:accessibilityFeature\">%s</meta>\n",
			       features[i]);
	if (e->images_used || e->cover_res >= 0)
		gal_buf_puts(b, "<meta property=\"schema:accessibilityFeature\">alternativeText</meta>\n");
	if (e->any_math)
		gal_buf_puts(b, "<meta property=\"schema:accessibilityFeature\">MathML</meta>\n");
	gal_buf_puts(b, "<meta property=\"schema:accessibilityHazard\">none</meta>\n"
			"<meta property=\"schema:accessibilitySummary\">Structured text with "
			"headings, a table of contents, linked notes and a logical reading order");
	if (e->images_used)
		gal_buf_puts(b, "; every image has a text alternative");
	if (e->any_math)
		gal_buf_puts(b, "; mathematics as MathML");
	gal_buf_puts(b, ".</meta>\n");
	if (e->cover_res >= 0)
		gal_buf_printf(b, "<meta name=\"cover\" content=\"res-%d\"/>\n", e->cover_res + 1);
	gal_buf_puts(b, "</metadata>\n<manifest>\n"
			"<item id=\"nav\" href=\"nav.xhtml\" media-type=\"application/xhtml+xml\" "
			"properties=\"nav\"/>\n"
			"<item id=\"ncx\" href=\"toc.ncx\" media-type=\"application/x-dtbncx+xml\"/>\n"
			"<item id=\"css\" href=\"style.css\" media-type=\"text/css\"/>\n");
	if (has_cover_page)
		gal_buf_puts(b, "<item id=\"cover\" href=\"cover.xhtml\" "
				"media-type=\"application/xhtml+xml\"/>\n");
	for (size_t i = 0; i < e->n_files; i++)
		gal_buf_printf(b, "<item id=\"doc-%zu\" href=\"%s\" media-type=\"application/xhtml+xml\"%s/>\n",
			       i, e->files[i].name, e->files[i].mathml ? " properties=\"mathml\"" : "");
	for (size_t i = 0; i < e->n_res; i++) {
		const resource *r = &e->res[i];
		if (!r->ok)
			continue;
		gal_buf_printf(b, "<item id=\"res-%zu\" href=\"", i + 1);
		gal_xhtml_attr(b, r->href);
		gal_buf_printf(b, "\" media-type=\"%s\"%s/>\n", r->mime,
			       r->cover ? " properties=\"cover-image\"" : "");
	}
	/* a book in a right-to-left language turns its pages leftwards */
	gal_buf_puts(b, e->doc->root->rtl ? "</manifest>\n<spine toc=\"ncx\""
			" page-progression-direction=\"rtl\">\n"
			: "</manifest>\n<spine toc=\"ncx\">\n");
	if (has_cover_page)
		gal_buf_puts(b, "<itemref idref=\"cover\"/>\n");
	if (nav_in_spine)
		gal_buf_puts(b, "<itemref idref=\"nav\"/>\n");
	for (size_t i = 0; i < e->n_files; i++)
		gal_buf_printf(b, "<itemref idref=\"doc-%zu\"/>\n", i);
	gal_buf_puts(b, "</spine>\n</package>\n");
}

static void put_cover(epub *e, gal_buf *b)
{
	const gal_doc *doc = e->doc;
	gal_buf *save = e->out;
	e->out = b;
	doc_start(e, doc->meta.lang, doc->root->rtl, doc->title_text);
	put(e, "<body>\n<section class=\"cover\" epub:type=\"cover\">\n<img src=\"");
	gal_xhtml_attr(b, e->res[e->cover_res].href);
	put(e, "\" alt=\"");
	gal_xhtml_attr(b, doc->meta.cover_alt && *doc->meta.cover_alt ? doc->meta.cover_alt
								       : doc->title_text);
	put(e, "\"/>\n</section>\n</body>\n</html>\n");
	e->out = save;
}

/* ---- embedded fonts ------------------------------------------------------------ */

/* The faces the content documents in the reading order use, subset and
 * obfuscated (embed.c), as resources; their @font-face rules go to css. */
static void embed_fonts(epub *e, gal_buf *css)
{
	const char **docs = xcalloc(e->n_files, sizeof *docs);
	size_t *lens = xcalloc(e->n_files, sizeof *lens);
	gal_font_file *fonts = NULL;
	size_t n_fonts = 0;
	for (size_t i = 0; i < e->n_files; i++) {
		docs[i] = e->files[i].buf.data ? e->files[i].buf.data : "";
		lens[i] = e->files[i].buf.len;
	}
	int rc = gal_embed_fonts(e->opts->style, docs, lens, e->n_files, e->doc->uid, css,
				 &fonts, &n_fonts, e->opts, e->err);
	free(docs);
	free(lens);
	if (rc)
		e->status = rc;
	for (size_t i = 0; i < n_fonts && !rc; i++) {
		resource *r = res_add(e);
		r->href = fonts[i].href;
		r->mime = fonts[i].mime;
		r->owned = fonts[i].data;
		r->data = fonts[i].data;
		r->len = fonts[i].len;
		r->ok = 1;
		r->obfuscated = 1;
		fonts[i].href = NULL;
		fonts[i].data = NULL;
	}
	gal_embed_free(fonts, n_fonts);
}

/* META-INF/encryption.xml: the obfuscated fonts, by the IDPF algorithm;
 * empty when there are none. */
static void put_encryption(epub *e, gal_buf *b)
{
	for (size_t i = 0; i < e->n_res; i++) {
		if (!e->res[i].ok || !e->res[i].obfuscated)
			continue;
		if (!b->len)
			gal_buf_puts(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
					"<encryption xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\" "
					"xmlns:enc=\"http://www.w3.org/2001/04/xmlenc#\">\n");
		gal_buf_puts(b, "<enc:EncryptedData>\n<enc:EncryptionMethod "
				"Algorithm=\"http://www.idpf.org/2008/embedding\"/>\n"
				"<enc:CipherData><enc:CipherReference URI=\"OEBPS/");
		gal_xhtml_attr(b, e->res[i].href);
		gal_buf_puts(b, "\"/></enc:CipherData>\n</enc:EncryptedData>\n");
	}
	if (b->len)
		gal_buf_puts(b, "</encryption>\n");
}

/* ---- OCF zip ----------------------------------------------------------------- */

typedef struct zipper {
	zip_t *za;
	zip_uint16_t dtime, ddate;
} zipper;

/* Add one entry. `data` is handed to libzip when `owned` (it frees it at
 * close); otherwise it must stay alive until zip_close. */
static int zadd(epub *e, zipper *z, const char *name, const void *data, size_t len,
		int owned, int store)
{
	zip_source_t *src = zip_source_buffer(z->za, len ? data : "", len, owned && len);
	if (!src) {
		if (owned)
			free((void *)data);
		fail(e, GAL_E_RENDER, "EPUB: %s", zip_strerror(z->za));
		return -1;
	}
	if (owned && !len)
		free((void *)data);
	zip_int64_t idx = zip_file_add(z->za, name, src, ZIP_FL_ENC_UTF_8);
	if (idx < 0) {
		zip_source_free(src);
		fail(e, GAL_E_RENDER, "EPUB: %s", zip_strerror(z->za));
		return -1;
	}
	if (zip_set_file_compression(z->za, (zip_uint64_t)idx,
				     store ? ZIP_CM_STORE : ZIP_CM_DEFLATE, store ? 0 : 9) < 0 ||
	    zip_file_set_dostime(z->za, (zip_uint64_t)idx, z->dtime, z->ddate, 0) < 0) {
		fail(e, GAL_E_RENDER, "EPUB: %s", zip_strerror(z->za));
		return -1;
	}
	return 0;
}

static int zadd_buf(epub *e, zipper *z, const char *name, gal_buf *b)
{
	size_t len = 0;
	char *data = gal_buf_detach(b, &len);
	if (!data)
		data = xstrdup("");
	return zadd(e, z, name, data, len, 1, 0);
}

/* The archive in memory; libzip writes into zsrc, which is read back
 * after zip_close. */
static int zip_begin(epub *e, zipper *z, zip_source_t **zsrc)
{
	zip_error_t ze;
	zip_error_init(&ze);
	*zsrc = zip_source_buffer_create(NULL, 0, 0, &ze);
	if (*zsrc)
		z->za = zip_open_from_source(*zsrc, ZIP_TRUNCATE, &ze);
	if (!z->za) {
		fail(e, GAL_E_RENDER, "EPUB: cannot create the archive: %s", zip_error_strerror(&ze));
		zip_error_fini(&ze);
		return -1;
	}
	zip_error_fini(&ze);
	zip_source_keep(*zsrc); /* we read the bytes after zip_close */
	struct tm tm;
	utc_fields(e->opts->epoch, &tm);
	z->ddate = (zip_uint16_t)(((tm.tm_year + 1900 - 1980) << 9) | ((tm.tm_mon + 1) << 5) | tm.tm_mday);
	z->dtime = (zip_uint16_t)((tm.tm_hour << 11) | (tm.tm_min << 5) | (tm.tm_sec / 2));
	return 0;
}

/* The package documents, written once the content documents are. */
typedef struct package {
	gal_buf css, nav, ncx, opf, cover, encryption;
} package;

/* Every entry of the OCF container, in order; -1 when one failed. */
static int zip_entries(epub *e, zipper *z, package *pk)
{
	/* OCF: mimetype first, stored, from a source that reports its size */
	static const char mimetype[] = "application/epub+zip";
	static const char container[] =
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<container version=\"1.0\" xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\">\n"
		"<rootfiles>\n<rootfile full-path=\"OEBPS/content.opf\" "
		"media-type=\"application/oebps-package+xml\"/>\n</rootfiles>\n</container>\n";
	gal_buf name = GAL_BUF_INIT;
	int rc = -1;
	if (zadd(e, z, "mimetype", mimetype, sizeof mimetype - 1, 0, 1) ||
	    zadd(e, z, "META-INF/container.xml", container, sizeof container - 1, 0, 0) ||
	    (pk->encryption.len && zadd_buf(e, z, "META-INF/encryption.xml", &pk->encryption)) ||
	    zadd_buf(e, z, "OEBPS/content.opf", &pk->opf) ||
	    zadd_buf(e, z, "OEBPS/nav.xhtml", &pk->nav) ||
	    zadd_buf(e, z, "OEBPS/toc.ncx", &pk->ncx) ||
	    zadd_buf(e, z, "OEBPS/style.css", &pk->css))
		goto cleanup;
	if (e->cover_res >= 0 && zadd_buf(e, z, "OEBPS/cover.xhtml", &pk->cover))
		goto cleanup;
	for (size_t i = 0; i < e->n_files; i++) {
		gal_buf_reset(&name);
		gal_buf_printf(&name, "OEBPS/%s", e->files[i].name);
		if (zadd_buf(e, z, name.data, &e->files[i].buf))
			goto cleanup;
	}
	for (size_t i = 0; i < e->n_res; i++) {
		resource *r = &e->res[i];
		if (!r->ok)
			continue;
		gal_buf_reset(&name);
		gal_buf_printf(&name, "OEBPS/%s", r->href);
		/* pictures are compressed already; fonts are not */
		int store = strncmp(r->mime, "image/", 6) == 0 && strcmp(r->mime, "image/svg+xml");
		/* owned bytes stay in r (freed with e, after zip_close) */
		if (zadd(e, z, name.data, r->data, r->len, 0, store))
			goto cleanup;
	}
	rc = 0;
cleanup:
	gal_buf_free(&name);
	return rc;
}

/* Zip every file in memory and write the archive to sink. */
static void write_ocf(epub *e, package *pk, gal_sink *sink)
{
	zip_source_t *zsrc = NULL;
	zipper z = { NULL, 0, 0 };
	unsigned char *bytes = NULL;

	if (zip_begin(e, &z, &zsrc) || zip_entries(e, &z, pk))
		goto cleanup;
	if (zip_close(z.za) < 0) {
		fail(e, GAL_E_RENDER, "EPUB: %s", zip_strerror(z.za));
		goto cleanup;
	}
	z.za = NULL;

	zip_stat_t zs;
	if (zip_source_stat(zsrc, &zs) < 0 || !(zs.valid & ZIP_STAT_SIZE) ||
	    zip_source_open(zsrc) < 0) {
		fail(e, GAL_E_RENDER, "EPUB: cannot read the archive back%s", "");
		goto cleanup;
	}
	bytes = xmalloc(zs.size ? zs.size : 1);
	zip_int64_t got = zip_source_read(zsrc, bytes, zs.size);
	zip_source_close(zsrc);
	if (got < 0 || (zip_uint64_t)got != zs.size) {
		fail(e, GAL_E_RENDER, "EPUB: cannot read the archive back%s", "");
		goto cleanup;
	}
	if (gal_sink_write(sink, bytes, zs.size) != 0)
		fail(e, GAL_E_IO, "EPUB: cannot write the output%s", "");
cleanup:
	if (z.za)
		zip_discard(z.za);
	if (zsrc)
		zip_source_free(zsrc);
	free(bytes);
}

/* ---- entry point ---------------------------------------------------------------- */

/* The content documents: the main one, then one per part. */
static void plan_files(epub *e)
{
	size_t n_parts = 0;
	for (const gal_node *c = e->doc->root->first; c; c = c->next)
		n_parts += c->type == GAL_NODE_PART;
	e->n_files = 1 + n_parts;
	e->files = xcalloc(e->n_files, sizeof *e->files);
	snprintf(e->files[0].name, sizeof e->files[0].name, "text.xhtml");
	size_t k = 1;
	for (const gal_node *c = e->doc->root->first; c; c = c->next)
		if (c->type == GAL_NODE_PART) {
			snprintf(e->files[k].name, sizeof e->files[k].name, "part-%zu.xhtml", k);
			e->files[k++].part = c;
		}
}

/* Both passes over every content document (see the top of this file).
 * Returns whether the main document has notes. */
static int render_files(epub *e)
{
	gal_buf name = GAL_BUF_INIT;
	/* generated anchors are claimed first, so a source id of the same
	 * name cannot take them */
	e->pass = 1;
	e->cur = 0;
	id_for(e, "gal-top", &KEY_TOP);
	for (size_t i = 0; i < e->n_files; i++) {
		gal_buf_reset(&name);
		gal_buf_printf(&name, "gal-notes-%zu", i);
		e->cur = (int)i;
		id_for(e, name.data, &e->files[i]);
	}
	gal_buf_free(&name);
	int main_notes = 0;
	for (e->pass = 1; e->pass <= 2; e->pass++) {
		e->images_used = 0;
		e->any_math = 0;
		for (size_t i = 0; i < e->n_files; i++) {
			render_file(e, (int)i);
			if (i == 0)
				main_notes = e->n_notes > 0;
		}
	}
	return main_notes;
}

/* Whether any text of the book runs right to left. */
static int any_rtl(const gal_doc *doc)
{
	const gal_meta *m = &doc->meta;
	const gal_node *roots[] = { doc->root, m->title, m->subtitle, m->source, m->summary,
				    m->abstract };
	for (size_t i = 0; i < sizeof roots / sizeof *roots; i++) {
		gal_iter it;
		gal_event ev;
		if (!roots[i])
			continue;
		gal_iter_init(&it, roots[i]);
		while ((ev = gal_iter_next(&it)) != GAL_EV_DONE)
			if (ev == GAL_EV_ENTER && gal_iter_node(&it)->rtl)
				return 1;
	}
	return 0;
}

/* The package documents: navigation, CSS (with the fonts), cover, OPF. */
static void put_package(epub *e, package *pk, int main_notes)
{
	const gal_opts *opts = e->opts;
	build_toc(e, main_notes);
	int maxd = 0;
	int *depths = toc_depths(e, &maxd);
	put_nav(e, &pk->nav, depths, e->cover_res >= 0);
	put_ncx(e, &pk->ncx, depths, maxd);
	free(depths);
	gal_style_css(opts->style, &pk->css);
	if (any_rtl(e->doc))
		gal_style_css_rtl(opts->style, &pk->css);
	if (opts->embed_fonts)
		embed_fonts(e, &pk->css);
	put_encryption(e, &pk->encryption);
	if (e->status)
		return;
	if (e->cover_res >= 0)
		put_cover(e, &pk->cover);
	put_opf(e, &pk->opf, e->cover_res >= 0, opts->style->toc);
}

static void epub_free(epub *e)
{
	for (size_t i = 0; i < e->n_files; i++)
		gal_buf_free(&e->files[i].buf);
	free(e->files);
	for (size_t i = 0; i < e->n_res; i++) {
		free(e->res[i].href);
		free(e->res[i].owned);
	}
	free(e->res);
	for (size_t i = 0; i < e->n_toc; i++) {
		free(e->toc[i].text);
		free(e->toc[i].href);
	}
	free(e->toc);
	free(e->notes);
	g_hash_table_destroy(e->ids);
	gal_buf_free(&e->tmp);
}

int gal_render_epub(const gal_doc *doc, const gal_opts *opts, gal_sink *sink, int *pages,
		    gal_err *err)
{
	if (pages)
		*pages = 0;
	epub E, *e = &E;
	memset(e, 0, sizeof E);
	e->doc = doc;
	e->opts = opts;
	e->err = err;
	e->cover_res = -1;
	e->ids = g_hash_table_new_full(g_str_hash, g_str_equal, free, free);
	package pk = { GAL_BUF_INIT, GAL_BUF_INIT, GAL_BUF_INIT, GAL_BUF_INIT, GAL_BUF_INIT,
		       GAL_BUF_INIT };

	if (!opts || !opts->style) {
		fail(e, GAL_E_INTERNAL, "EPUB: no style given%s", "");
		goto cleanup;
	}
	plan_files(e);
	/* the cover first, so its image is the first resource */
	if (doc->meta.cover) {
		e->cover_res = image_res(e, doc->meta.cover);
		if (e->cover_res >= 0)
			e->res[e->cover_res].cover = 1;
	}
	int main_notes = render_files(e);
	if (e->status)
		goto cleanup;
	put_package(e, &pk, main_notes);
	if (!e->status)
		write_ocf(e, &pk, sink);

cleanup:
	epub_free(e);
	gal_buf_free(&pk.css);
	gal_buf_free(&pk.nav);
	gal_buf_free(&pk.ncx);
	gal_buf_free(&pk.opf);
	gal_buf_free(&pk.cover);
	gal_buf_free(&pk.encryption);
	return e->status;
}
