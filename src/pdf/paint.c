/* PDF paint: the pages of boxes from layout.c -> a cairo PDF surface,
 * finished by pdf_post.c's pass (catalog /Lang, XMP, figure /Alt, /ID:
 * what cairo 1.16 cannot write) and written to the sink. Structure tags,
 * links and destinations, the outline from the TOC, and metadata with
 * dates from opts->epoch in UTC, so the same input gives the same bytes
 * whatever TZ says. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cairo.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include "base/buf.h"
#include "base/dynlib.h"
#include "base/sink.h"
#include "model/image.h"
#include "pdf/formula.h"
#include "pdf/pdf.h"
#include "pdf/post.h"

/* GIF and TIFF go through image.c's PNG conversion when it is linked in. */
#pragma weak gal_image_to_png

#define MAX_TAG_DEPTH 128

typedef struct paint {
	gal_buf pdf;                      /* cairo's file, before the post-pass */
	cairo_surface_t *surf;
	cairo_t *cr;
	const char *open[MAX_TAG_DEPTH];  /* structure tags open in the body */
	int n_open;
	const char **alts;                /* alt text per Figure tag, in order */
	size_t n_alts, cap_alts;
	const char **formula_alts;        /* and per Formula tag */
	size_t n_formula_alts, cap_formula_alts;
	gal_formulas *fx;                 /* what MATH boxes are set in */
	cairo_font_face_t *text_face;     /* the face of the text painted last */
	GHashTable *dests;                /* names written as destinations */
} paint;

static cairo_status_t write_cb(void *closure, const unsigned char *data,
			       unsigned int len)
{
	paint *pt = closure;
	gal_buf_put(&pt->pdf, data, len);
	return CAIRO_STATUS_SUCCESS;
}

/* cairo's attribute strings quote with ' and escape with \. */
static void put_attr_str(gal_buf *b, const char *s)
{
	gal_buf_putc(b, '\'');
	for (; s && *s; s++) {
		if (*s == '\'' || *s == '\\')
			gal_buf_putc(b, '\\');
		gal_buf_putc(b, *s);
	}
	gal_buf_putc(b, '\'');
}

static void set_rgb(cairo_t *cr, uint32_t c)
{
	cairo_set_source_rgb(cr, ((c >> 16) & 0xFF) / 255.0, ((c >> 8) & 0xFF) / 255.0,
			     (c & 0xFF) / 255.0);
}

/* ---- images ----------------------------------------------------------- */

typedef struct reader { const unsigned char *p; size_t left; } reader;

static cairo_status_t read_cb(void *closure, unsigned char *data, unsigned int len)
{
	reader *r = closure;
	if (len > r->left)
		return CAIRO_STATUS_READ_ERROR;
	memcpy(data, r->p, len);
	r->p += len;
	r->left -= len;
	return CAIRO_STATUS_SUCCESS;
}

static cairo_surface_t *png_surface(const unsigned char *data, size_t len)
{
	reader r = { data, len };
	cairo_surface_t *s = cairo_image_surface_create_from_png_stream(read_cb, &r);
	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
		cairo_surface_destroy(s);
		return NULL;
	}
	return s;
}

/* JPEG stays JPEG: an image surface of the right size carries the file as
 * its mime data and cairo embeds those bytes (DCTDecode) instead of the
 * pixels. */
static cairo_surface_t *jpeg_surface(const gal_image *im)
{
	if (im->width <= 0 || im->height <= 0 || im->width > 32767 || im->height > 32767)
		return NULL;
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, im->width,
							im->height);
	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
		cairo_surface_destroy(s);
		return NULL;
	}
	if (cairo_surface_set_mime_data(s, CAIRO_MIME_TYPE_JPEG, im->data, im->len,
					NULL, NULL) != CAIRO_STATUS_SUCCESS) {
		cairo_surface_destroy(s);
		return NULL;
	}
	return s;
}

static int draw_svg(cairo_t *cr, const gal_image *im, const gal_box *b)
{
	GError *ge = NULL;
	const gal_rsvg_api *R = gal_rsvg();
	RsvgHandle *h = R ? R->rsvg_handle_new_from_data(im->data, im->len, &ge) : NULL;
	int ok = 0;

	if (!h) {
		g_clear_error(&ge);
		return 0;
	}
	RsvgRectangle vp = { b->x, b->y, b->w, b->h };
	cairo_save(cr);
	ok = R->rsvg_handle_render_document(h, cr, &vp, &ge) ? 1 : 0;
	cairo_restore(cr);
	g_clear_error(&ge);
	g_object_unref(h);
	return ok;
}

static void draw_placeholder(cairo_t *cr, const gal_box *b)
{
	cairo_save(cr);
	cairo_rectangle(cr, b->x, b->y, b->w, b->h);
	cairo_set_source_rgb(cr, 0.95, 0.95, 0.95);
	cairo_fill_preserve(cr);
	set_rgb(cr, b->color ? b->color : 0x888888);
	cairo_set_line_width(cr, 0.75);
	cairo_stroke(cr);
	cairo_restore(cr);
}

static void draw_image(cairo_t *cr, const gal_box *b)
{
	const gal_image *im = b->image;
	cairo_surface_t *s = NULL;
	unsigned char *png = NULL;

	if (!im || !im->data) {
		draw_placeholder(cr, b);
		return;
	}
	if (strcmp(im->mime, "image/svg+xml") == 0) {
		if (!draw_svg(cr, im, b))
			draw_placeholder(cr, b);
		return;
	}
	if (strcmp(im->mime, "image/png") == 0) {
		s = png_surface(im->data, im->len);
	} else if (strcmp(im->mime, "image/jpeg") == 0) {
		s = jpeg_surface(im);
	} else if (gal_image_to_png) {
		size_t n = 0;
		png = gal_image_to_png(im, &n);
		if (png)
			s = png_surface(png, n);
	}
	if (!s) {
		free(png);
		draw_placeholder(cr, b);
		return;
	}
	int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
	cairo_save(cr);
	cairo_rectangle(cr, b->x, b->y, b->w, b->h);
	cairo_clip(cr);
	cairo_translate(cr, b->x, b->y);
	cairo_scale(cr, b->w / w, b->h / h);
	cairo_set_source_surface(cr, s, 0, 0);
	/* downscaled photos: a good filter for the fallback raster only */
	cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_GOOD);
	cairo_paint(cr);
	cairo_restore(cr);
	cairo_surface_destroy(s);
	free(png);
}

/* ---- boxes ---------------------------------------------------------------- */

static void link_begin(paint *pt, const gal_box *bx, size_t i, size_t n)
{
	const gal_box *x = &bx[i];
	double x0 = x->x, x1 = x->x + x->w;
	gal_buf a = GAL_BUF_INIT;

	for (size_t j = i + 1; j < n && bx[j].kind == GAL_BOX_GLYPHS &&
	     bx[j].link_id == x->link_id && bx[j].line_id == x->line_id; j++)
		x1 = bx[j].x + bx[j].w;
	if (x->uri) {
		gal_buf_puts(&a, "uri=");
		put_attr_str(&a, x->uri);
	} else {
		gal_buf_puts(&a, "dest=");
		put_attr_str(&a, x->dest);
	}
	/* the area of this piece of the link: a link broken over two lines
	 * gets one area per line, not one box around both */
	double size = x->piece && x->piece->gi.item ? x->h : 10;
	gal_buf_printf(&a, " rect=[%.2f %.2f %.2f %.2f]", x0, x->y - size * 0.8,
		       x1 - x0, size);
	cairo_tag_begin(pt->cr, CAIRO_TAG_LINK, a.data);
	gal_buf_free(&a);
}

/* One more entry of an alt text list, NULL until a box gives it. */
static void push_alt(const char ***v, size_t *n, size_t *cap, const char *alt)
{
	if (*n == *cap) {
		*cap = *cap ? 2 * *cap : 8;
		*v = xrealloc(*v, *cap * sizeof **v);
	}
	(*v)[(*n)++] = alt;
}

/* The innermost open tag is `name` (in the body; among the furniture
 * tags are not tracked, and any is taken to be) */
static int in_tag(const paint *pt, int body, const char *name)
{
	return !body || (pt->n_open && strcmp(pt->open[pt->n_open - 1], name) == 0);
}

/* The formula's linear text (a MATH box's, or a formula set as text's
 * GLYPHS), when the Formula tag it is in has none yet: one opened again
 * on a new page. */
static void formula_alt(paint *pt, int body, const gal_box *b)
{
	if (in_tag(pt, body, "Formula") && pt->n_formula_alts &&
	    !pt->formula_alts[pt->n_formula_alts - 1] && b->alt && *b->alt)
		pt->formula_alts[pt->n_formula_alts - 1] = b->alt;
}

/* cairo 1.16 marks content only inside a leaf of the structure tree
 * (is_leaf_node in its cairo-pdf-interchange.c): the words of an
 * element that also holds another -- a paragraph with a link or a
 * formula, a display formula with its label -- were drawn in no marked
 * content at all, and a screen reader skipped them. Such words go in a
 * Span of their own, a leaf, beside the elements they run around. */
typedef struct leafs {
	char *parent;              /* per box: a TAG_BEGIN whose element holds another */
	char open[MAX_TAG_DEPTH];  /* per open tag: it is such a parent */
	int n;
	int span;                  /* a Span is open */
} leafs;

static int begins_link(const gal_box *bx, size_t i)
{
	const gal_box *b = &bx[i];
	return b->kind == GAL_BOX_GLYPHS && b->link_id && (b->uri || b->dest) &&
	       (i == 0 || bx[i - 1].kind != GAL_BOX_GLYPHS || bx[i - 1].link_id != b->link_id ||
		bx[i - 1].line_id != b->line_id);
}

/* Which tags of a page's list open an element that another (a tag, a
 * link) opens inside before it ends. */
static void leafs_scan(leafs *lf, const gal_box *bx, size_t n)
{
	size_t *st = xmalloc((n + 1) * sizeof *st), top = 0;
	lf->parent = xcalloc(n + 1, 1);
	for (size_t i = 0; i < n; i++) {
		if (top && (bx[i].kind == GAL_BOX_TAG_BEGIN || begins_link(bx, i)))
			lf->parent[st[top - 1]] = 1;
		if (bx[i].kind == GAL_BOX_TAG_BEGIN) {
			st[top++] = i;
		} else if (bx[i].kind == GAL_BOX_TAG_END) {
			/* as draw_boxes closes: down to the matching tag */
			for (size_t k = top; k > 0; k--)
				if (strcmp(bx[st[k - 1]].name, bx[i].name) == 0) {
					top = k - 1;
					break;
				}
		}
	}
	free(st);
}

static void span_close(paint *pt, leafs *lf)
{
	if (lf->span)
		cairo_tag_end(pt->cr, "Span");
	lf->span = 0;
}

/* before content: a Span when the element it is drawn in is no leaf */
static void span_open(paint *pt, leafs *lf)
{
	if (!lf->span && lf->n > 0 && lf->open[lf->n - 1]) {
		cairo_tag_begin(pt->cr, "Span", NULL);
		lf->span = 1;
	}
}

static void tag_begin(paint *pt, leafs *lf, const gal_box *b, int body, int parent)
{
	span_close(pt, lf);
	if (body && pt->n_open >= MAX_TAG_DEPTH)
		return; /* its end will match nothing and be dropped */
	cairo_tag_begin(pt->cr, b->name, NULL);
	/* cairo's structure tree lists elements in the order their tags
	 * begin: the post-pass finds the Nth Figure by the same order */
	if (strcmp(b->name, "Figure") == 0)
		push_alt(&pt->alts, &pt->n_alts, &pt->cap_alts, b->alt);
	else if (strcmp(b->name, "Formula") == 0)
		push_alt(&pt->formula_alts, &pt->n_formula_alts, &pt->cap_formula_alts,
			 b->alt);
	if (body)
		pt->open[pt->n_open++] = b->name;
	if (lf->n < MAX_TAG_DEPTH)
		lf->open[lf->n] = (char)parent;
	lf->n++;
}

static void tag_end(paint *pt, leafs *lf, const gal_box *b, int body)
{
	span_close(pt, lf);
	if (!body) {
		cairo_tag_end(pt->cr, b->name);
		if (lf->n > 0)
			lf->n--;
		return;
	}
	/* cairo fails the whole file (or asserts) on a tag closed out of
	 * order: close down to the matching open tag, and drop an end that
	 * matches none */
	for (int k = pt->n_open - 1; k >= 0; k--) {
		if (strcmp(pt->open[k], b->name) != 0)
			continue;
		while (pt->n_open > k)
			cairo_tag_end(pt->cr, pt->open[--pt->n_open]);
		break;
	}
	lf->n = pt->n_open;
}

/* The face of an item of text, kept as the one a formula's reading is
 * carried in (gal_formula_paint). */
static void text_face_of(paint *pt, const PangoItem *it)
{
	if (!it || !PANGO_IS_CAIRO_FONT(it->analysis.font))
		return;
	cairo_scaled_font_t *sf = pango_cairo_font_get_scaled_font(PANGO_CAIRO_FONT(it->analysis.font));
	cairo_font_face_t *face = sf ? cairo_scaled_font_get_font_face(sf) : NULL;
	if (!face || face == pt->text_face)
		return;
	if (pt->text_face)
		cairo_font_face_destroy(pt->text_face);
	pt->text_face = cairo_font_face_reference(face);
}

static void draw_boxes(paint *pt, const gal_box *bx, size_t n, int body)
{
	cairo_t *cr = pt->cr;
	leafs lf = { .n = body ? pt->n_open : 0 };
	leafs_scan(&lf, bx, n);
	/* tags open from before: as cairo has them, leaves */
	memset(lf.open, 0, sizeof lf.open);
	for (size_t i = 0; i < n; i++) {
		const gal_box *b = &bx[i];
		switch (b->kind) {
		case GAL_BOX_GLYPHS: {
			int in_link = b->link_id && (b->uri || b->dest);
			if (begins_link(bx, i)) {
				span_close(pt, &lf);
				link_begin(pt, bx, i, n);
			} else if (!in_link) {
				span_open(pt, &lf);
			}
			if (b->alt)
				formula_alt(pt, body, b);
			set_rgb(cr, b->color);
			cairo_move_to(cr, b->x, b->y);
			pango_cairo_show_glyph_item(cr, b->text, (PangoGlyphItem *)&b->piece->gi);
			text_face_of(pt, b->piece->gi.item);
			if (in_link && (i + 1 == n || bx[i + 1].kind != GAL_BOX_GLYPHS ||
					bx[i + 1].link_id != b->link_id ||
					bx[i + 1].line_id != b->line_id))
				cairo_tag_end(cr, CAIRO_TAG_LINK);
			break;
		}
		case GAL_BOX_RULE:
			if (b->lw <= 0)
				break;
			set_rgb(cr, b->color);
			cairo_set_line_width(cr, b->lw);
			cairo_move_to(cr, b->x, b->y);
			cairo_line_to(cr, b->x + b->w, b->y + b->h);
			cairo_stroke(cr);
			break;
		case GAL_BOX_RECT:
			if (b->h <= 0)
				break;
			if (b->fill != GAL_COLOR_NONE && b->w > 0) {
				set_rgb(cr, b->fill);
				cairo_rectangle(cr, b->x, b->y, b->w, b->h);
				cairo_fill(cr);
			}
			if (b->lw > 0 && b->color != GAL_COLOR_NONE) {
				set_rgb(cr, b->color);
				cairo_set_line_width(cr, b->lw);
				if (b->w <= 0) {
					/* a bar at the left edge (block quotes) */
					cairo_move_to(cr, b->x, b->y);
					cairo_line_to(cr, b->x, b->y + b->h);
				} else {
					cairo_rectangle(cr, b->x, b->y, b->w, b->h);
				}
				cairo_stroke(cr);
			}
			break;
		case GAL_BOX_IMAGE:
			span_open(pt, &lf);
			draw_image(cr, b);
			/* the figure's alt text, when the image is its own */
			if (body && pt->n_open && strcmp(pt->open[pt->n_open - 1], "Figure") == 0 &&
			    pt->n_alts && !pt->alts[pt->n_alts - 1] && b->alt && *b->alt)
				pt->alts[pt->n_alts - 1] = b->alt;
			break;
		case GAL_BOX_MATH:
			span_open(pt, &lf);
			set_rgb(cr, b->color);
			gal_formula_paint(cr, pt->fx, b->math, b->mline, b->x, b->y, pt->text_face);
			formula_alt(pt, body, b);
			break;
		case GAL_BOX_TAG_BEGIN:
			tag_begin(pt, &lf, b, body, lf.parent[i]);
			break;
		case GAL_BOX_TAG_END:
			tag_end(pt, &lf, b, body);
			break;
		case GAL_BOX_DEST: {
			if (!b->name || g_hash_table_contains(pt->dests, b->name))
				break;
			gal_buf a = GAL_BUF_INIT;
			gal_buf_puts(&a, "name=");
			put_attr_str(&a, b->name);
			gal_buf_printf(&a, " x=%.2f y=%.2f", b->x, b->y);
			cairo_tag_begin(cr, CAIRO_TAG_DEST, a.data);
			cairo_tag_end(cr, CAIRO_TAG_DEST);
			gal_buf_free(&a);
			g_hash_table_add(pt->dests, (gpointer)b->name);
			break;
		}
		case GAL_BOX_LEADER: {
			/* round dots: zero-length dashes with round caps */
			double dash[2] = { 0, b->h };
			if (b->h <= 0 || b->lw <= 0)
				break;
			cairo_save(cr);
			set_rgb(cr, b->color);
			cairo_set_line_width(cr, b->lw);
			cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
			cairo_set_dash(cr, dash, 2, 0);
			cairo_move_to(cr, b->x, b->y);
			cairo_line_to(cr, b->x + b->w + b->h / 2, b->y);
			cairo_stroke(cr);
			cairo_restore(cr);
			break;
		}
		}
	}
	span_close(pt, &lf);
	free(lf.parent);
}

/* ---- metadata and outline ------------------------------------------------- */

static char *node_plain(const gal_node *n)
{
	gal_buf b = GAL_BUF_INIT;
	gal_iter it;
	gal_event ev;
	int space = 1;

	if (!n)
		return NULL;
	gal_iter_init(&it, n);
	while ((ev = gal_iter_next(&it)) != GAL_EV_DONE) {
		const gal_node *c = gal_iter_node(&it);
		if (ev != GAL_EV_ENTER)
			continue;
		if (c->type == GAL_NODE_FOOTNOTE) {
			gal_iter_skip_children(&it);
			continue;
		}
		if (c->type != GAL_NODE_TEXT || !c->literal)
			continue;
		for (const char *s = c->literal; *s; s++) {
			if (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r') {
				if (!space)
					gal_buf_putc(&b, ' ');
				space = 1;
			} else {
				gal_buf_putc(&b, *s);
				space = 0;
			}
		}
	}
	if (b.len && b.data[b.len - 1] == ' ')
		b.data[--b.len] = '\0';
	return gal_buf_detach(&b, NULL);
}

/* The document's metadata, for cairo's Info dictionary and the
 * post-pass's XMP alike. */
typedef struct pdf_meta {
	char *subject, *keywords;
	char date[32];        /* ISO 8601 UTC with seconds */
} pdf_meta;

static void meta_init(pdf_meta *m, const gal_doc *doc, const gal_opts *opts)
{
	time_t t = (time_t)opts->epoch;
	struct tm tm;
	m->subject = node_plain(doc->meta.subtitle);
	m->keywords = NULL;
	if (doc->meta.n_keywords) {
		gal_buf k = GAL_BUF_INIT;
		for (size_t i = 0; i < doc->meta.n_keywords; i++)
			gal_buf_printf(&k, "%s%s", i ? ", " : "", doc->meta.keywords[i]);
		m->keywords = gal_buf_detach(&k, NULL);
	}
	/* UTC with seconds: cairo would stamp local time without it, and
	 * mangles the form without seconds */
	gmtime_r(&t, &tm);
	strftime(m->date, sizeof m->date, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static void meta_free(pdf_meta *m)
{
	free(m->subject);
	free(m->keywords);
}

static void set_metadata(cairo_surface_t *s, const gal_doc *doc, const pdf_meta *m)
{
	if (doc->title_text)
		cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, doc->title_text);
	if (doc->author_text && *doc->author_text)
		cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_AUTHOR, doc->author_text);
	if (m->subject && *m->subject)
		cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_SUBJECT, m->subject);
	if (m->keywords)
		cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_KEYWORDS, m->keywords);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "galley");
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, m->date);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_MOD_DATE, m->date);
}

/* Bookmarks from the TOC. A collection's articles are closed, their
 * sections beneath them; a single article's top sections are open. */
static void add_outline(paint *pt, const gal_doc *doc)
{
	int parent[8] = { CAIRO_PDF_OUTLINE_ROOT };
	int depth = 0;

	for (size_t i = 0; i < doc->n_toc; i++) {
		const gal_toc_entry *e = &doc->toc[i];
		if (!e->id || !g_hash_table_contains(pt->dests, e->id))
			continue;
		int lv = gal_pdf_toc_level(doc, e);
		lv = lv < 1 ? 1 : lv > 7 ? 7 : lv;
		if (lv > depth + 1)
			lv = depth + 1;
		gal_buf a = GAL_BUF_INIT, title = GAL_BUF_INIT;
		gal_buf_puts(&a, "dest=");
		put_attr_str(&a, e->id);
		if (e->number)
			gal_buf_printf(&title, "%s ", e->number);
		gal_buf_puts(&title, e->text ? e->text : "");
		int open = lv == 1 && gal_node_article(e->node) != e->node;
		int id = cairo_pdf_surface_add_outline(pt->surf, parent[lv - 1],
						       title.data ? title.data : "", a.data,
						       open ? CAIRO_PDF_OUTLINE_FLAG_OPEN : 0);
		parent[lv] = id;
		depth = lv;
		gal_buf_free(&a);
		gal_buf_free(&title);
	}
}

/* ---- entry point ---------------------------------------------------------- */

int gal_render_pdf(const gal_doc *doc, const gal_opts *opts, gal_sink *sink,
		   int *pages, gal_err *err)
{
	gal_layout *L = NULL;
	paint pt;
	pdf_meta meta;
	gal_buf post = GAL_BUF_INIT;
	int rc;

	memset(&pt, 0, sizeof pt);
	meta_init(&meta, doc, opts);
	if (pages)
		*pages = 0;
	if ((rc = gal_layout_doc(doc, opts, &L, err)) != 0)
		goto cleanup;
	if (pages)
		*pages = (int)L->n_pages;
	pt.dests = g_hash_table_new(g_str_hash, g_str_equal);
	pt.fx = L->formulas;
	/* the first page's own size: cairo_pdf_surface_set_size on the
	 * first page, inside the Document tag, breaks cairo's structure tree */
	double cur_w = L->n_pages && L->pages[0].w > 0 ? L->pages[0].w : L->page_w;
	double cur_h = L->n_pages && L->pages[0].h > 0 ? L->pages[0].h : L->page_h;
	pt.surf = cairo_pdf_surface_create_for_stream(write_cb, &pt, cur_w, cur_h);
	if (cairo_surface_status(pt.surf) != CAIRO_STATUS_SUCCESS) {
		rc = gal_err_set(err, GAL_E_RENDER, opts->input_path, 0, 0,
				 "cannot create the PDF surface: %s",
				 cairo_status_to_string(cairo_surface_status(pt.surf)));
		goto cleanup;
	}
	set_metadata(pt.surf, doc, &meta);
	pt.cr = cairo_create(pt.surf);
	/* Document outermost: cairo writes /MarkInfo only then */
	cairo_tag_begin(pt.cr, "Document", NULL);
	for (size_t p = 0; p < L->n_pages; p++) {
		const gal_page *pg = &L->pages[p];
		if (p > 0)
			cairo_show_page(pt.cr);
		/* before anything is drawn on it, and only when it changes
		 * (a turned page for a wide table) */
		double pw = pg->w > 0 ? pg->w : L->page_w, ph = pg->h > 0 ? pg->h : L->page_h;
		if (pw != cur_w || ph != cur_h) {
			cairo_pdf_surface_set_size(pt.surf, pw, ph);
			cur_w = pw;
			cur_h = ph;
		}
		/* layout closes every tag at the foot of a page and opens it
		 * again on the next; close anything left over all the same */
		pt.n_open = 0;
		draw_boxes(&pt, pg->boxes, pg->n, 1);
		for (int i = pt.n_open - 1; i >= 0; i--)
			cairo_tag_end(pt.cr, pt.open[i]);
		pt.n_open = 0;
		draw_boxes(&pt, pg->furn, pg->n_furn, 0);
		if (cairo_status(pt.cr) != CAIRO_STATUS_SUCCESS)
			break;
	}
	cairo_tag_end(pt.cr, "Document");
	add_outline(&pt, doc);
	if (cairo_status(pt.cr) != CAIRO_STATUS_SUCCESS) {
		rc = gal_err_set(err, GAL_E_RENDER, opts->input_path, 0, 0,
				 "cannot draw the PDF: %s",
				 cairo_status_to_string(cairo_status(pt.cr)));
		goto cleanup;
	}
	cairo_destroy(pt.cr);
	pt.cr = NULL;
	/* tag and link errors only show after finish */
	cairo_surface_finish(pt.surf);
	if (cairo_surface_status(pt.surf) != CAIRO_STATUS_SUCCESS) {
		rc = gal_err_set(err, GAL_E_RENDER, opts->input_path, 0, 0,
				 "cannot finish the PDF: %s",
				 cairo_status_to_string(cairo_surface_status(pt.surf)));
		goto cleanup;
	}
	gal_pdf_post info = {
		.lang = doc->meta.lang,
		.title = doc->title_text,
		.author = doc->author_text && *doc->author_text ? doc->author_text : NULL,
		.subject = meta.subject && *meta.subject ? meta.subject : NULL,
		.keywords = meta.keywords,
		.figure_alts = pt.alts,
		.n_figure_alts = pt.n_alts,
		.formula_alts = pt.formula_alts,
		.n_formula_alts = pt.n_formula_alts,
		.epoch = opts->epoch,
	};
	if ((rc = gal_pdf_post_update((const unsigned char *)pt.pdf.data, pt.pdf.len,
				      &info, &post, err)) != 0)
		goto cleanup;
	if (gal_sink_write(sink, pt.pdf.data, pt.pdf.len) != 0 ||
	    gal_sink_write(sink, post.data, post.len) != 0)
		rc = gal_err_set(err, GAL_E_IO, opts->input_path, 0, 0,
				 "cannot write the PDF");

cleanup:
	if (pt.cr)
		cairo_destroy(pt.cr);
	if (pt.surf)
		cairo_surface_destroy(pt.surf);
	if (pt.dests)
		g_hash_table_destroy(pt.dests);
	if (pt.text_face)
		cairo_font_face_destroy(pt.text_face);
	free(pt.alts);
	free(pt.formula_alts);
	gal_buf_free(&pt.pdf);
	gal_buf_free(&post);
	meta_free(&meta);
	gal_layout_free(L);
	return rc;
}
