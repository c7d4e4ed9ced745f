/* Paragraphs for the PDF: the inline content of one block becomes one
 * UTF-8 string with Pango attributes and our own spans (links, note calls,
 * raised runs); Pango itemizes it (font fallback happens there) and
 * HarfBuzz shapes every item with the whole paragraph as context. Lines
 * are broken over boxes, glue and penalties (pdf_break.h) and each line's
 * pieces are shaped again on their own, because a run's width is not the
 * sum of its pieces' widths (ligatures and kerning across a break). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <pango/pangocairo.h>
#include <pango/pangofc-font.h>

#include "base/bidi.h"
#include "base/buf.h"
#include "model/image.h"
#include "pdf/break.h"
#include "pdf/formula.h"
#include "pdf/pdf.h"
#include "pdf/shape_cache.h"
#include "style/fonts.h"
#include "style/hyph.h"


#define PU ((double)PANGO_SCALE)


/* ---- fonts -------------------------------------------------------------- */

PangoFontDescription *gal_style_font(const gal_textstyle *ts)
{
	PangoFontDescription *fd = pango_font_description_new();
	const char *fam = ts && ts->family[0] ? ts->family : "Charis SIL";
	double size = ts && ts->size > 0 ? ts->size : 10.0;
	int weight = ts && ts->weight > 0 ? ts->weight : 400;

	pango_font_description_set_family(fd, fam);
	pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
	pango_font_description_set_weight(fd, (PangoWeight)weight);
	pango_font_description_set_style(fd, ts && ts->italic ?
					 PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
	return fd;
}

/* ---- building the text ---------------------------------------------------- */

typedef struct builder {
	const gal_doc *doc;
	const gal_para_opts *po;
	const gal_node *block;   /* whose direction the paragraph takes, or NULL */
	gal_buf text;
	PangoAttrList *attrs;
	gal_para *p;
	int space;       /* the last character written was a collapsible space */
	int quote_depth;
	int link_ids;
	double size;     /* current size, pt (for rises) */
} builder;

static gal_span *add_span(gal_para *p, gal_span_kind kind, int start, int end)
{
	if (p->n_spans == p->cap_spans) {
		p->cap_spans = p->cap_spans ? 2 * p->cap_spans : 8;
		p->spans = xrealloc(p->spans, p->cap_spans * sizeof *p->spans);
	}
	gal_span *s = &p->spans[p->n_spans++];
	memset(s, 0, sizeof *s);
	s->kind = kind;
	s->start = start;
	s->end = end;
	return s;
}

static void put_attr(builder *b, PangoAttribute *a, int start, int end)
{
	a->start_index = (guint)start;
	a->end_index = (guint)end;
	pango_attr_list_insert(b->attrs, a);
}

/* Append text, collapsing white space outside pre, upper-casing when the
 * style says so. */
static void put_text(builder *b, const char *s, size_t n)
{
	char *up = NULL;

	if (b->po->ts && b->po->ts->uppercase) {
		up = g_utf8_strup(s, (gssize)n);
		s = up;
		n = strlen(up);
	}
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (b->po->pre) {
			if (c == '\t') {
				gal_buf_puts(&b->text, "    ");
			} else if (c == '\n') {
				/* a mandatory break the breaker honours */
				gal_buf_puts(&b->text, "\xe2\x80\xa8");
			} else if (c != '\r') {
				gal_buf_putc(&b->text, (char)c);
			}
			continue;
		}
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			if (!b->space && b->text.len > 0)
				gal_buf_putc(&b->text, ' ');
			b->space = 1;
		} else {
			gal_buf_putc(&b->text, (char)c);
			b->space = 0;
		}
	}
	g_free(up);
}

static void put_literal(builder *b, const char *s)
{
	if (s)
		put_text(b, s, strlen(s));
}

/* Text that must not be collapsed away (labels, marks). */
static void put_mark(builder *b, const char *s)
{
	if (!s)
		return;
	if (b->po->ts && b->po->ts->uppercase) {
		char *up = g_utf8_strup(s, -1);
		gal_buf_puts(&b->text, up);
		g_free(up);
	} else {
		gal_buf_puts(&b->text, s);
	}
	b->space = 0;
}

static int pos(builder *b)
{
	return (int)b->text.len;
}

#define MAX_INLINE_DEPTH 64

/* What stands in the text for a piece of a formula, and for the space
 * between two: one character, the object replacement character, over
 * which a MATH span holds the formula's box (an unbreakable item of the
 * piece's width to the breaker, or glue). */
#define OBJECT_CHAR "\xef\xbf\xbc"

/* Inline code's looks over [s, e): the code family, a little smaller. */
static void mono_attrs(builder *b, int s, int e)
{
	const char *fam = b->po->code && b->po->code->family[0] ?
			  b->po->code->family : "Noto Sans Mono";
	put_attr(b, pango_attr_family_new(fam), s, e);
	put_attr(b, pango_attr_scale_new(0.88), s, e);
	add_span(b->p, GAL_SPAN_MONO, s, e);
}

/* A formula set in the math font at the text's size: its pieces, and the
 * spaces between them, which stretch and shrink with the line and where
 * it may end (build_items). One that cannot be set shows its TeX source
 * as code, or its linear text, as a formula still (tagged, with that
 * text as its alt). */
static void put_formula(builder *b, const gal_node *n)
{
	gal_formula f;
	int s = pos(b);

	if (!b->po->formulas) {
		put_literal(b, n->title ? n->title : n->tex ? n->tex : "");
		return;
	}
	gal_formula_get(b->po->formulas, n, b->size, 0, 0, 0, &f);
	if (f.box) {
		size_t np = f.box->n_pieces ? f.box->n_pieces : 1;
		for (size_t k = 0; k + 1 < 2 * np; k++) {
			int at = pos(b);
			gal_buf_puts(&b->text, OBJECT_CHAR);
			gal_span *sp = add_span(b->p, GAL_SPAN_MATH, at, pos(b));
			sp->math = f.box;
			sp->alt = f.alt;
			sp->node = n;
			sp->size = b->size;
			sp->piece = (int)(k / 2);
			sp->gap = (int)(k % 2);
		}
		b->space = 0;
		return;
	}
	put_literal(b, f.fallback);
	if (pos(b) == s)
		return;
	if (f.mono)
		mono_attrs(b, s, pos(b));
	add_span(b->p, GAL_SPAN_FORMULA, s, pos(b))->alt = f.alt;
}

/* The box an inline image is set as: a formula's of one piece, w by h
 * points, standing on the baseline, with no items (the layout draws the
 * picture). The paragraph owns it. */
static const gal_math_box *picture_box(gal_para *p, double w, double h)
{
	gal_math_box *m = xcalloc(1, sizeof *m);
	m->lines = xcalloc(1, sizeof *m->lines);
	m->pieces = xcalloc(1, sizeof *m->pieces);
	m->n_lines = m->n_pieces = 1;
	m->width = m->lines[0].width = m->pieces[0].line.width = w;
	m->height = m->lines[0].height = m->pieces[0].line.height = h;
	m->pieces[0].penalty = (int)GAL_KP_INF;
	m->scale = 1;
	p->pics = xrealloc(p->pics, (p->n_pics + 1) * sizeof *p->pics);
	p->pics[p->n_pics++] = m;
	return m;
}

/* An inline image: one object character whose MATH span holds the
 * picture's box, so that it is measured, kept whole by the breaker,
 * scaled down to the measure (fit_math) and given the room it needs
 * above the baseline (lead_lines) as a piece of a formula is. An icon
 * takes the text's size (gal_inline_image_size); nothing is taller than
 * the options allow. */
static void put_picture(builder *b, const gal_node *n)
{
	double w, h;
	int em;
	gal_inline_image_size(n, &w, &h, &em);
	if (em) {
		w *= b->size;
		h *= b->size;
	}
	if (b->po->max_h > 0 && h > b->po->max_h) {
		w *= b->po->max_h / h;
		h = b->po->max_h;
	}
	int at = pos(b);
	gal_buf_puts(&b->text, OBJECT_CHAR);
	gal_span *sp = add_span(b->p, GAL_SPAN_MATH, at, pos(b));
	sp->math = picture_box(b->p, w, h);
	sp->alt = b->doc ? gal_inline_image_alt(b->doc, n) : n->title;
	sp->node = n;
	sp->size = b->size;
	b->space = 0;
}

/* What an inline writes where it opens: its text, a line break, a
 * formula's linear text, a footnote call (a raised number linking to the
 * note; returns 1, its content is not walked), an opening quotation mark,
 * a cross-reference's label. */
static int open_inline(builder *b, const gal_node *n, int *italic)
{
	switch (n->type) {
	case GAL_NODE_TEXT:
		put_literal(b, n->literal);
		break;
	case GAL_NODE_LINEBREAK:
		gal_buf_puts(&b->text, "\xe2\x80\xa8");
		b->space = 1;
		break;
	case GAL_NODE_MATH:
		put_formula(b, n);
		break;
	case GAL_NODE_INLINE_IMAGE:
		put_picture(b, n);
		break;
	case GAL_NODE_FOOTNOTE: {
		char num[32];
		const char *lab = n->label;
		if (!lab) {
			snprintf(num, sizeof num, "%d", n->number);
			lab = num;
		}
		int s = pos(b);
		put_mark(b, lab);
		int e = pos(b);
		put_attr(b, pango_attr_scale_new(0.65), s, e);
		gal_span *r = add_span(b->p, GAL_SPAN_RISE, s, e);
		r->rise = 0.38 * b->size;
		gal_span *c = add_span(b->p, GAL_SPAN_NOTECALL, s, e);
		c->note = n;
		if (n->id) {
			gal_span *l = add_span(b->p, GAL_SPAN_LINK, s, e);
			l->dest = n->id;
			l->id = ++b->link_ids;
		}
		return 1;
	}
	case GAL_NODE_QUOTE:
		b->quote_depth++;
		put_mark(b, b->quote_depth % 2 ?
			 b->doc->labels.quote_open : b->doc->labels.quote2_open);
		break;
	case GAL_NODE_EMPH:
		*italic = !*italic;
		break;
	case GAL_NODE_XREF:
	case GAL_NODE_CITE:
		if (!n->first) {
			const gal_node *t = n->target;
			put_mark(b, t && t->label ? t->label : n->url);
		}
		break;
	case GAL_NODE_STRONG: case GAL_NODE_CODE: case GAL_NODE_SUP:
	case GAL_NODE_SUB: case GAL_NODE_SMALLCAPS: case GAL_NODE_LINK:
	case GAL_NODE_ABBR: case GAL_NODE_SPAN:
		break;
	default:
		break;
	}
	return 0;
}

/* The looks and spans of an inline over [s, e), what it wrote, as it
 * closes; `italic` is what emphasis was where it opened. */
static void close_inline(builder *b, const gal_node *n, int s, int e, int italic)
{
	switch (n->type) {
	case GAL_NODE_EMPH:
		put_attr(b, pango_attr_style_new(italic ? PANGO_STYLE_ITALIC :
						 PANGO_STYLE_NORMAL), s, e);
		break;
	case GAL_NODE_STRONG:
		put_attr(b, pango_attr_weight_new(PANGO_WEIGHT_BOLD), s, e);
		break;
	case GAL_NODE_CODE:
		mono_attrs(b, s, e);
		break;
	case GAL_NODE_SUP:
	case GAL_NODE_SUB: {
		put_attr(b, pango_attr_scale_new(0.7), s, e);
		gal_span *r = add_span(b->p, GAL_SPAN_RISE, s, e);
		r->rise = (n->type == GAL_NODE_SUP ? 0.35 : -0.15) * b->size;
		break;
	}
	case GAL_NODE_SMALLCAPS:
		put_attr(b, pango_attr_font_features_new("smcp=1"), s, e);
		break;
	case GAL_NODE_QUOTE:
		put_mark(b, b->quote_depth % 2 ?
			 b->doc->labels.quote_close : b->doc->labels.quote2_close);
		b->quote_depth--;
		break;
	case GAL_NODE_LINK:
	case GAL_NODE_XREF:
	case GAL_NODE_CITE:
		/* a link goes out to its address; a reference, to its
		 * target in the document, when it has one */
		if (n->url && e > s && (n->type == GAL_NODE_LINK || n->target)) {
			gal_span *l = add_span(b->p, GAL_SPAN_LINK, s, e);
			*(n->type == GAL_NODE_LINK ? &l->uri : &l->dest) = n->url;
			l->id = ++b->link_ids;
		}
		break;
	case GAL_NODE_SPAN:
	case GAL_NODE_ABBR:
		if (n->lang)
			put_attr(b, pango_attr_language_new(
				 pango_language_from_string(n->lang)), s, e);
		break;
	default:
		break;
	}
}

/* Walk the inline content of `block` with the iterator; each inline's
 * attributes cover what was written between its ENTER and its EXIT. */
static void build_inlines(builder *b, const gal_node *block)
{
	struct frame { const gal_node *n; int start; int italic; } st[MAX_INLINE_DEPTH];
	int depth = 0, italic = b->po->italic || (b->po->ts && b->po->ts->italic);
	gal_iter it;
	gal_event ev;

	gal_iter_init(&it, block);
	while ((ev = gal_iter_next(&it)) != GAL_EV_DONE) {
		const gal_node *n = gal_iter_node(&it);
		if (n == block)
			continue;
		if (!gal_node_is_inline(n->type)) {
			/* a block inside an inline block: only its text counts */
			if (ev == GAL_EV_ENTER && n->type != GAL_NODE_TEXT)
				put_mark(b, b->space || b->text.len == 0 ? "" : " ");
			continue;
		}
		if (ev == GAL_EV_ENTER) {
			int start = pos(b);
			if (depth >= MAX_INLINE_DEPTH) {
				/* deeper nesting keeps its text, not its looks */
				if (n->type == GAL_NODE_TEXT)
					put_literal(b, n->literal);
				continue;
			}
			if (open_inline(b, n, &italic)) {
				gal_iter_skip_children(&it);
				continue;
			}
			if (gal_node_is_leaf(n->type) || n->type == GAL_NODE_TEXT)
				continue;
			st[depth].n = n;
			st[depth].start = n->type == GAL_NODE_XREF || n->type == GAL_NODE_CITE ?
					  start : pos(b);
			st[depth].italic = italic;
			depth++;
			if (n->id && n->type != GAL_NODE_FOOTNOTE) {
				gal_span *a = add_span(b->p, GAL_SPAN_ANCHOR, pos(b), pos(b));
				a->dest = n->id;
			}
			continue;
		}
		/* EXIT */
		if (depth == 0 || st[depth - 1].n != n)
			continue;
		depth--;
		close_inline(b, n, st[depth].start, pos(b), st[depth].italic);
		if (n->type == GAL_NODE_EMPH)
			italic = !st[depth].italic;
	}
}

/* ---- shaping and measuring -------------------------------------------- */

/* The paragraph's direction: its block's (prep), or for text alone as
 * the options say (gal_para_dir). */
static int para_rtl(const builder *b)
{
	const gal_para_opts *po = b->po;
	if (b->block)
		return b->block->rtl;
	if (po->dir != GAL_DIR_AUTO)
		return po->dir == GAL_DIR_RTL;
	if (gal_lang_dir(po->lang) == GAL_BIDI_RTL)
		return 1;
	return gal_text_dir(b->text.data, b->text.len) == GAL_BIDI_RTL;
}

static PangoDirection pango_dir(const gal_para *p)
{
	return p->rtl ? PANGO_DIRECTION_RTL : PANGO_DIRECTION_LTR;
}

static int char_index(const gal_para *p, int byte)
{
	return p->cidx[byte];
}

/* With tabular figures a minus sign is a figure too: U+2212 takes a
 * figure's width, its glyph centred in it, so that "−1.23" lines up with
 * "11.23" and sits against its digits. (Noto Sans has no U+2212; the
 * fallback's is an em wide, which left a gap of a space after it.) */
static void tabular_minus(const gal_para *p, const PangoItem *it, PangoGlyphString *gs)
{
	if (p->minus_w <= 0)
		return;
	for (int g = 0; g < gs->num_glyphs; g++) {
		int at = it->offset + gs->log_clusters[g];
		if (at + 3 > p->len || memcmp(p->text + at, "\xe2\x88\x92", 3) != 0 ||
		    !gs->glyphs[g].attr.is_cluster_start)
			continue;
		PangoGlyphGeometry *geo = &gs->glyphs[g].geometry;
		geo->x_offset += (p->minus_w - geo->width) / 2;
		geo->width = p->minus_w;
	}
}

static int only_minus(const char *t, int n)
{
	for (int i = 0; i + 3 <= n; i += 3)
		if (memcmp(t + i, "\xe2\x88\x92", 3) != 0)
			return 0;
	return n % 3 == 0 && n > 0;
}

/* Features that turn tabular figures on: "tnum" or "tnum=1", not
 * "tnum=0". */
static int tabular_figures(const char *features)
{
	const char *t = features ? strstr(features, "tnum") : NULL;
	return t && !(t[4] == '=' && t[5] == '0');
}

/* A paragraph's spans of one kind (the pieces of its formulas, its
 * runs of code, its footnote calls) by where they start, for the
 * breaker's items: a search, not a scan of every span at every word,
 * break or object character (quadratic in a long paragraph of many
 * formulas, each of several spans, or of many notes). reach[k]
 * is the furthest end of v[0..k]. Lines look at their own spans
 * (span_math). */
typedef struct kind_index {
	const gal_span **v;
	int *reach;
	size_t n;
} kind_index;

static int cmp_span_at(const void *a, const void *b)
{
	const gal_span *x = *(const gal_span *const *)a, *y = *(const gal_span *const *)b;
	return (x->start > y->start) - (x->start < y->start);
}

static void kind_index_init(kind_index *mx, const gal_para *p, gal_span_kind kind)
{
	mx->n = 0;
	mx->v = xmalloc((p->n_spans ? p->n_spans : 1) * sizeof *mx->v);
	for (size_t i = 0; i < p->n_spans; i++)
		if (p->spans[i].kind == kind)
			mx->v[mx->n++] = &p->spans[i];
	qsort(mx->v, mx->n, sizeof *mx->v, cmp_span_at);
	mx->reach = xmalloc((mx->n ? mx->n : 1) * sizeof *mx->reach);
	for (size_t k = 0; k < mx->n; k++)
		mx->reach[k] = k && mx->reach[k - 1] > mx->v[k]->end ? mx->reach[k - 1]
								       : mx->v[k]->end;
}

static void kind_index_free(kind_index *mx)
{
	free(mx->v);
	free(mx->reach);
}

/* How many of the index's spans start before byte `at`. */
static size_t index_before(const kind_index *mx, int at)
{
	size_t lo = 0, hi = mx->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (mx->v[mid]->start < at)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* A span of the index that starts at byte `at`, or NULL. */
static const gal_span *index_at(const kind_index *ix, int at)
{
	size_t k = index_before(ix, at);
	return k < ix->n && ix->v[k]->start == at ? ix->v[k] : NULL;
}

/* The piece of a formula (or the space after one) that starts at `at`,
 * or NULL. */
static const gal_span *math_at(const kind_index *mx, const gal_para *p, int at)
{
	if (at < 0 || at + 3 > p->len || memcmp(p->text + at, OBJECT_CHAR, 3) != 0)
		return NULL;
	return index_at(mx, at);
}

/* The piece a MATH span is of box m (the span's, or one scaled down);
 * its line, and its width or, for the space after it, the space's. */
static const gal_math_piece *math_piece_of(const gal_math_box *m, const gal_span *sp)
{
	return m->n_pieces && sp->piece < (int)m->n_pieces ? &m->pieces[sp->piece] : NULL;
}

static const gal_math_line *math_line(const gal_math_box *m, const gal_span *sp)
{
	const gal_math_piece *pc = math_piece_of(m, sp);
	return pc ? &pc->line : &m->lines[0];
}

static double math_width(const gal_math_box *m, const gal_span *sp)
{
	const gal_math_piece *pc = math_piece_of(m, sp);
	if (sp->gap)
		return pc ? pc->gap : 0;
	return pc ? pc->line.width : m->width;
}

/* Letters of the joining scripts are never tracked apart, by a style's
 * letter-spacing or by justification: the strokes that join them would
 * break. Nor are Hebrew letters: pdftotext reads a right-to-left word
 * whose letters stand even a third of a point apart as separate letters
 * (a tracked byline, a word on a justified line). */
static int joining(gunichar c)
{
	switch (g_unichar_get_script(c)) {
	case G_UNICODE_SCRIPT_ARABIC: case G_UNICODE_SCRIPT_SYRIAC:
	case G_UNICODE_SCRIPT_NKO: case G_UNICODE_SCRIPT_MONGOLIAN:
	case G_UNICODE_SCRIPT_MANDAIC: case G_UNICODE_SCRIPT_PHAGS_PA:
	case G_UNICODE_SCRIPT_ADLAM: case G_UNICODE_SCRIPT_HEBREW:
		return 1;
	default:
		return 0;
	}
}

/* Whether the cluster of glyph g of an item at `offset` takes tracking. */
static int tracked(const gal_para *p, const PangoGlyphString *gs, int g, int offset)
{
	return gs->glyphs[g].attr.is_cluster_start &&
	       !joining(g_utf8_get_char(p->text + offset + gs->log_clusters[g]));
}

/* Shape every item once with the whole paragraph as context and record
 * each cluster's advance at its first byte: widths of any range are then
 * differences of prefix sums. */
static void measure(gal_para *p)
{
	int *w = xcalloc((size_t)p->len + 1, sizeof *w);
	p->glyphs = xcalloc(g_list_length(p->items) + 1, sizeof *p->glyphs);
	size_t k = 0;

	for (GList *l = p->items; l; l = l->next, k++) {
		PangoItem *it = l->data;
		PangoGlyphString *gs = p->glyphs[k] = pango_glyph_string_new();
		gal_shape_cached(it, p->text, p->len, p->log_attrs, p->cidx, gs);
		tabular_minus(p, it, gs);
		for (int g = 0; g < gs->num_glyphs; g++) {
			int at = it->offset + gs->log_clusters[g];
			if (at >= 0 && at < p->len)
				w[at] += gs->glyphs[g].geometry.width;
			if (p->letter_space && at >= 0 && at < p->len &&
			    tracked(p, gs, g, it->offset))
				w[at] += p->letter_space;
		}
	}
	for (size_t i = 0; i < p->n_spans; i++) {
		const gal_span *sp = &p->spans[i];
		if (sp->kind == GAL_SPAN_MATH) {
			/* the piece's width, not the object character's */
			for (int at = sp->start; at < sp->end; at++)
				w[at] = 0;
			w[sp->start] = (int)lround(math_width(sp->math, sp) * PU);
			continue;
		}
		if (sp->kind != GAL_SPAN_RISE || sp->end <= sp->start)
			continue;
		if (sp->pad_before > 0)
			w[sp->start] += (int)(sp->pad_before * PU);
		if (sp->pad_after > 0)
			w[g_utf8_prev_char(p->text + sp->end) - p->text] +=
				(int)(sp->pad_after * PU);
	}
	p->adv = xcalloc((size_t)p->len + 1, sizeof *p->adv);
	for (int i = 0; i < p->len; i++)
		p->adv[i + 1] = p->adv[i] + w[i];
	free(w);
}

static double width_of(const gal_para *p, int a, int b)
{
	return (p->adv[b] - p->adv[a]) / PU;
}

/* The width of s set in fd, and (when font is not NULL) the font that
 * sets it. In the paragraph's language: Pango keeps a fontset per
 * description and language, and each new one costs a fontconfig match
 * and sort (on threads of their own), so the context's default language
 * would make a second set for every description. */
static int text_width(PangoContext *ctx, const PangoFontDescription *fd,
		      PangoLanguage *lang, const char *s, PangoFont **font)
{
	PangoAttrList *al = pango_attr_list_new();
	int w = 0;
	pango_attr_list_insert(al, pango_attr_font_desc_new(fd));
	pango_attr_list_insert(al, pango_attr_language_new(lang));
	GList *its = pango_itemize(ctx, s, 0, (int)strlen(s), al, NULL);
	PangoGlyphString *gs = pango_glyph_string_new();
	if (its) {
		PangoItem *it = its->data;
		pango_shape_item(it, s, (int)strlen(s), NULL, gs, PANGO_SHAPE_NONE);
		w = pango_glyph_string_get_width(gs);
		if (font && it->analysis.font)
			*font = g_object_ref(it->analysis.font);
	}
	pango_glyph_string_free(gs);
	g_list_free_full(its, (GDestroyNotify)pango_item_free);
	pango_attr_list_unref(al);
	return w;
}

/* A raised or lowered run set tight against a letter or digit reads as
 * one word with it in text extraction ("T<sub>1</sub>" copies out as "T1",
 * a reference number as "cells12", "E<sub>2</sub>-treated" as "E2-treated"):
 * set it off from a letter, digit or hyphen it touches by a script space,
 * as TeX's \scriptspace does, wide enough for extraction to see a word
 * boundary (pdftotext parts words at a gap of 0.03 em) and narrow enough
 * that the eye still reads the run as attached. Next to punctuation or a
 * space nothing is added. Where two runs meet, only one of them carries
 * it. */
#define SCRIPT_SPACE 0.06

static int glues(gunichar c)
{
	return g_unichar_isalnum(c) || g_unichar_ismark(c) || c == '_' ||
	       c == '-' || c == 0x2010 || c == 0x2011 || c == 0x2212;
}

static int boundary_needs_space(const gal_para *p, int at)
{
	if (at <= 0 || at >= p->len)
		return 0;
	return glues(g_utf8_get_char(g_utf8_prev_char(p->text + at))) &&
	       glues(g_utf8_get_char(p->text + at));
}

static void script_spaces(gal_para *p)
{
	double pad = SCRIPT_SPACE * p->size;

	for (size_t i = 0; i < p->n_spans; i++) {
		gal_span *sp = &p->spans[i];
		if (sp->kind != GAL_SPAN_RISE || sp->end <= sp->start)
			continue;
		int dup = 0;
		for (size_t k = 0; k < i; k++)
			if (p->spans[k].kind == GAL_SPAN_RISE &&
			    p->spans[k].end == sp->end && p->spans[k].pad_after > 0)
				dup = 1;
		if (!dup && boundary_needs_space(p, sp->end))
			sp->pad_after = pad;
	}
	for (size_t i = 0; i < p->n_spans; i++) {
		gal_span *sp = &p->spans[i];
		if (sp->kind != GAL_SPAN_RISE || sp->end <= sp->start)
			continue;
		int dup = 0;
		for (size_t k = 0; k < p->n_spans; k++) {
			const gal_span *o = &p->spans[k];
			if (o->kind == GAL_SPAN_RISE && ((o->end == sp->start && o->pad_after > 0) ||
			    (k < i && o->start == sp->start && o->pad_before > 0)))
				dup = 1;
		}
		if (!dup && boundary_needs_space(p, sp->start))
			sp->pad_before = pad;
	}
}

/* What a paragraph needs of its base font: the widths of a space and a
 * hyphen, ascent and descent. A document has a handful of base fonts
 * and hundreds of paragraphs, and Pango's metrics cost as much as
 * shaping a line: they are kept for the life of the process, which
 * has one font set. Past the cache's size they are simply computed. */
typedef struct base_metrics {
	PangoFontDescription *fd;
	PangoLanguage *lang;
	int space_w, hyphen_w;     /* Pango units */
	int figure_w;              /* Pango units: a figure (tabular) */
	double ascent, descent;    /* pt */
} base_metrics;

/* A font's ascent and descent in pt, as Pango's own metrics have them:
 * HarfBuzz's extents, scaled by the font's fontconfig matrix when it has
 * one. Not pango_font_get_metrics, which also lays out a sample sentence
 * in the language for an average character width: 5 ms of a one-page
 * brief converted in a fresh process. */
static void font_extents(PangoFont *font, double *ascent, double *descent)
{
	hb_font_extents_t ext;
	FcMatrix *m;
	int asc, des;

	hb_font_get_extents_for_direction(pango_font_get_hb_font(font), HB_DIRECTION_LTR,
					  &ext);
	asc = ext.ascender;
	des = -ext.descender;
	if (PANGO_IS_FC_FONT(font) &&
	    FcPatternGetMatrix(pango_fc_font_get_pattern(PANGO_FC_FONT(font)), FC_MATRIX,
			       0, &m) == FcResultMatch &&
	    (m->xx != 1 || m->xy != 0 || m->yx != 0 || m->yy != 1)) {
		/* as Pango converts: double to int */
		asc = (int)(ext.ascender * m->yy);
		des = (int)(-ext.descender * m->yy);
	}
	*ascent = asc / PU;
	*descent = des / PU;
}

#define METRICS_CACHE 64
static base_metrics metrics_cache[METRICS_CACHE];
static size_t n_metrics;

static const base_metrics *metrics_of(PangoContext *ctx,
				      const PangoFontDescription *fd,
				      PangoLanguage *lang)
{
	static base_metrics spare;
	for (size_t i = 0; i < n_metrics; i++)
		if (metrics_cache[i].lang == lang &&
		    pango_font_description_equal(metrics_cache[i].fd, fd))
			return &metrics_cache[i];
	base_metrics *m = n_metrics < METRICS_CACHE ? &metrics_cache[n_metrics++] : &spare;
	if (m->fd)
		pango_font_description_free(m->fd);
	m->fd = pango_font_description_copy(fd);
	m->lang = lang;
	/* the metrics of the font that sets a space in the description,
	 * not of the whole fallback set (pango_context_get_metrics): those
	 * wait for fontconfig to sort every font, and a line's box already
	 * grows to the fonts its pieces use */
	PangoFont *font = NULL;
	m->space_w = text_width(ctx, fd, lang, " ", &font);
	m->hyphen_w = text_width(ctx, fd, lang, "-", NULL);
	m->figure_w = text_width(ctx, fd, lang, "0", NULL);
	if (font) {
		font_extents(font, &m->ascent, &m->descent);
		g_object_unref(font);
	} else {
		PangoFontMetrics *fm = pango_context_get_metrics(ctx, fd, lang);
		m->ascent = pango_font_metrics_get_ascent(fm) / PU;
		m->descent = pango_font_metrics_get_descent(fm) / PU;
		pango_font_metrics_unref(fm);
	}
	return m;
}

static gal_para *finish(builder *b)
{
	gal_para *p = b->p;
	const gal_para_opts *po = b->po;
	PangoContext *ctx = gal_fonts_context();
	PangoFontDescription *fd = gal_style_font(po->ts);
	PangoLanguage *lang = pango_language_from_string(po->lang ? po->lang : "en");

	/* trailing collapsible space */
	if (!po->pre && b->text.len && b->text.data[b->text.len - 1] == ' ')
		b->text.len--;
	if (!b->text.data)
		gal_buf_puts(&b->text, "");
	b->text.data[b->text.len] = '\0';
	p->rtl = para_rtl(b);
	p->len = (int)b->text.len;
	p->text = gal_buf_detach(&b->text, NULL);
	p->pre = po->pre;
	p->formulas = po->formulas;

	/* the base style covers everything; inline attributes override */
	if (po->size_scale > 0 && po->size_scale != 1.0)
		pango_font_description_set_absolute_size(fd,
			pango_font_description_get_size(fd) * po->size_scale);
	if (po->bold)
		pango_font_description_set_weight(fd, PANGO_WEIGHT_BOLD);
	if (po->italic)
		pango_font_description_set_style(fd, PANGO_STYLE_ITALIC);
	p->size = pango_font_description_get_size(fd) / PU;
	p->leading = po->ts && po->ts->leading > 0 ?
		     po->ts->leading * (po->size_scale > 0 ? po->size_scale : 1) :
		     p->size * 1.3;
	PangoAttrList *base = pango_attr_list_new();
	PangoAttribute *a = pango_attr_font_desc_new(fd);
	a->start_index = 0;
	a->end_index = G_MAXUINT;
	pango_attr_list_insert(base, a);
	a = pango_attr_language_new(lang);
	pango_attr_list_insert(base, a);
	if (po->ts && po->ts->features[0]) {
		a = pango_attr_font_features_new(po->ts->features);
		pango_attr_list_insert(base, a);
	}
	if (po->ts && po->ts->smallcaps) {
		a = pango_attr_font_features_new("smcp=1");
		pango_attr_list_insert(base, a);
	}
	/* tracking: added by hand, pango_shape_item does not apply it */
	if (po->ts && po->ts->letterspacing != 0)
		p->letter_space = (int)(po->ts->letterspacing * p->size * PANGO_SCALE);
	p->letter_stretch = po->letter_stretch * p->size;
	p->letter_shrink = po->letter_shrink * p->size;
	/* the inline attributes go after the base ones so they win */
	pango_attr_list_splice(base, b->attrs, 0, 0);
	pango_attr_list_unref(b->attrs);
	b->attrs = NULL;
	p->attrs = base;

	p->n_chars = (int)g_utf8_strlen(p->text, p->len);
	p->cidx = xcalloc((size_t)p->len + 1, sizeof *p->cidx);
	{
		int ci = 0;
		for (int i = 0; i < p->len; i++) {
			p->cidx[i] = ci;
			if (i + 1 < p->len &&
			    ((unsigned char)p->text[i + 1] & 0xC0) != 0x80)
				ci++;
		}
		p->cidx[p->len] = p->n_chars;
	}
	p->log_attrs = xcalloc((size_t)p->n_chars + 1, sizeof *p->log_attrs);
	pango_get_log_attrs(p->text, p->len, -1, lang, p->log_attrs, p->n_chars + 1);
	p->items = pango_itemize_with_base_dir(ctx, pango_dir(p), p->text, 0, p->len,
					       p->attrs, NULL);
	const base_metrics *bm = metrics_of(ctx, fd, lang);
	if (po->ts && tabular_figures(po->ts->features))
		p->minus_w = bm->figure_w;
	script_spaces(p);
	measure(p);

	p->space_w = bm->space_w;
	if (p->space_w <= 0)
		p->space_w = (int)(p->size * 0.25 * PANGO_SCALE);
	p->hyphen_w = bm->hyphen_w;
	p->ascent = bm->ascent;
	p->descent = bm->descent;
	if (po->ts && po->ts->hyphenate && !po->pre)
		p->hyph = gal_hyph_get(po->lang ? po->lang : "en");
	pango_font_description_free(fd);
	return p;
}

static void builder_init(builder *b, const gal_doc *doc, const gal_para_opts *po)
{
	memset(b, 0, sizeof *b);
	b->doc = doc;
	b->po = po;
	b->attrs = pango_attr_list_new();
	b->p = xcalloc(1, sizeof *b->p);
	b->space = 1;
	b->size = (po->ts && po->ts->size > 0 ? po->ts->size : 10.0) *
		  (po->size_scale > 0 ? po->size_scale : 1.0);
}

gal_para *gal_para_new(const gal_doc *doc, const gal_node *block,
		       const char *prefix, const char *suffix,
		       const gal_para_opts *po)
{
	builder b;

	builder_init(&b, doc, po);
	if (prefix && *prefix) {
		put_mark(&b, prefix);
		b.space = prefix[strlen(prefix) - 1] == ' ';
	}
	b.block = block;
	if (block)
		build_inlines(&b, block);
	if (suffix && *suffix)
		put_mark(&b, suffix);
	return finish(&b);
}

gal_para *gal_para_new_text(const char *text, const gal_para_opts *po)
{
	builder b;

	builder_init(&b, NULL, po);
	put_literal(&b, text);
	return finish(&b);
}

static gal_span *add_link_span(gal_para *p, int start, int end)
{
	int id = 0;
	for (size_t i = 0; i < p->n_spans; i++)
		if (p->spans[i].kind == GAL_SPAN_LINK && p->spans[i].id > id)
			id = p->spans[i].id;
	gal_span *l = add_span(p, GAL_SPAN_LINK, start, end);
	l->id = id + 1;
	return l;
}

void gal_para_add_link(gal_para *p, int start, int end, const char *uri)
{
	add_link_span(p, start, end)->uri = uri;
}

void gal_para_add_dest(gal_para *p, int start, int end, const char *dest)
{
	add_link_span(p, start, end)->dest = dest;
}

/* The glyphs measure() kept, one string per item. */
static void free_glyphs(gal_para *p)
{
	if (!p->glyphs)
		return;
	guint n = g_list_length(p->items);
	for (guint i = 0; i < n; i++)
		pango_glyph_string_free(p->glyphs[i]);
	free(p->glyphs);
	p->glyphs = NULL;
}

void gal_para_reshape(gal_para *p)
{
	free_glyphs(p);
	g_list_free_full(p->items, (GDestroyNotify)pango_item_free);
	p->items = pango_itemize_with_base_dir(gal_fonts_context(), pango_dir(p), p->text, 0,
					       p->len, p->attrs, NULL);
	free(p->adv);
	measure(p);
}

void gal_para_free(gal_para *p)
{
	if (!p)
		return;
	free(p->text);
	if (p->attrs)
		pango_attr_list_unref(p->attrs);
	free(p->log_attrs);
	free_glyphs(p);
	g_list_free_full(p->items, (GDestroyNotify)pango_item_free);
	free(p->spans);
	free(p->adv);
	free(p->cidx);
	for (size_t i = 0; i < p->n_pics; i++)
		gal_math_box_free(p->pics[i]);
	free(p->pics);
	free(p);
}

/* ---- boxes, glue and penalties ------------------------------------------ */

/* A justified word space may stretch by half its width and shrink by a
 * third (TeX's proportions); the breaker and the line setter agree. */
static double space_stretch(double w)
{
	return w / 2;
}

static double space_shrink(double w)
{
	return w / 3;
}

typedef struct kp_vec {
	gal_kp_item *it;
	int *at;     /* byte offset where the item starts */
	int *end;    /* and ends */
	size_t n, cap;
	double letter_stretch, letter_shrink; /* per cluster; justified text only */
	int cut;     /* a word wider than the measure had to be cut */
	int math_breaks; /* a formula may break between its pieces */
} kp_vec;

static void kp_push(kp_vec *v, gal_kp_kind k, double w, double st, double sh,
		    double pen, int flagged, int at, int end)
{
	if (v->n == v->cap) {
		v->cap = v->cap ? 2 * v->cap : 64;
		v->it = xrealloc(v->it, v->cap * sizeof *v->it);
		v->at = xrealloc(v->at, v->cap * sizeof *v->at);
		v->end = xrealloc(v->end, v->cap * sizeof *v->end);
	}
	gal_kp_item *i = &v->it[v->n];
	memset(i, 0, sizeof *i);
	i->kind = k;
	i->width = w;
	i->stretch = st;
	i->shrink = sh;
	i->penalty = pen;
	i->flagged = flagged;
	v->at[v->n] = at;
	v->end[v->n] = end;
	v->n++;
}

static int is_hyphen_char(gunichar c)
{
	return c == '-' || c == 0x2010 || c == 0x2013 || c == 0x2014 || c == '/';
}

/* Clusters in [a, b): the gaps justification may track. */
static int clusters(const gal_para *p, int a, int b)
{
	int n = 0;
	for (int i = a; i < b; i++)
		n += p->adv[i] >= 0 && ((unsigned char)p->text[i] & 0xC0) != 0x80 &&
		     !joining(g_utf8_get_char(p->text + i));
	return n;
}

static void push_plain(kp_vec *v, const gal_para *p, double w, int a, int b)
{
	int n = v->letter_stretch > 0 || v->letter_shrink > 0 ? clusters(p, a, b) : 0;
	kp_push(v, GAL_KP_BOX, w, n * v->letter_stretch, n * v->letter_shrink, 0, 0, a, b);
}

/* A box [a, b) that may be wider than the measure: split it at cluster
 * starts into pieces that fit, with a costly break between them (URLs,
 * long identifiers, narrow table columns). */
static void push_box(kp_vec *v, const gal_para *p, int a, int b, double measure)
{
	double w = width_of(p, a, b);
	if (w <= measure || measure <= 0) {
		push_plain(v, p, w, a, b);
		return;
	}
	v->cut = 1;
	int s = a;
	const char *q = p->text + a;
	while (q < p->text + b) {
		const char *nx = g_utf8_next_char(q);
		int i = (int)(nx - p->text);
		/* advance to the next cluster start */
		while (i < b && p->adv[i] == p->adv[i + 1] && i + 1 <= b &&
		       p->log_attrs[char_index(p, i)].is_cursor_position == 0) {
			nx = g_utf8_next_char(nx);
			i = (int)(nx - p->text);
		}
		if (i < b && width_of(p, s, i) > 0 &&
		    width_of(p, s, (int)(g_utf8_next_char(p->text + i) - p->text)) > measure) {
			push_plain(v, p, width_of(p, s, i), s, i);
			kp_push(v, GAL_KP_PENALTY, 0, 0, 0, 500, 0, i, i);
			s = i;
		}
		q = nx;
	}
	push_plain(v, p, width_of(p, s, b), s, b);
}

/* A token (the text between two spaces) that reads as an address: a
 * URL, an e-mail address, a path, a file or domain name. It still
 * breaks after its slashes and dots, but never takes a hyphen, which
 * would read as part of the address. */
static int is_address(const char *t, int n)
{
	if (n > 0 && t[0] == '/')
		return 1; /* a path */
	for (int i = 0; i < n; i++) {
		char c = t[i];
		/* a lone slash is prose: and/or, km/h, 1/variance */
		if (c == '\\' || c == '@' || c == '_' || c == '=' || c == '#' || c == '~' ||
		    (c == ':' && i + 2 < n && t[i + 1] == '/' && t[i + 2] == '/'))
			return 1;
		/* a dot inside a word and two letters after it: example.org,
		 * index.html; not the abbreviations e.g., U.S., Ph.D. */
		if (c == '.' && i > 0 && i + 2 < n && g_ascii_isalnum(t[i - 1]) &&
		    g_ascii_isalpha(t[i + 1]) && g_ascii_isalnum(t[i + 2]))
			return 1;
	}
	return 0;
}

/* The token [a, b) without the punctuation that may close it. */
static int token_core_end(const char *t, int a, int b)
{
	while (b > a && strchr(".,;:!?)]}\"'", t[b - 1]))
		b--;
	return b;
}

static int is_number(const char *t, int a, int b)
{
	int digits = 0;
	for (int i = a; i < b; i++) {
		if (g_ascii_isdigit(t[i]))
			digits++;
		else if (t[i] != '.' && t[i] != ',')
			return 0;
	}
	return digits > 0;
}

static int token_is(const char *t, int a, int b, const char *const *list)
{
	for (size_t k = 0; list[k]; k++)
		if ((int)strlen(list[k]) == b - a && memcmp(t + a, list[k], (size_t)(b - a)) == 0)
			return 1;
	return 0;
}

static int is_relation(gunichar c)
{
	return c == '=' || c == '<' || c == '>' || c == 0x2264 || c == 0x2265 || c == 0x2248 ||
	       c == 0x2260;
}

static int is_operator(gunichar c)
{
	return is_relation(c) || c == 0x00B1 || c == 0x00D7 || c == 0x2212 || c == '+';
}

/* White space [s, e) made only of thin spaces (a thin, hair, narrow
 * no-break, six-per-em or punctuation space). */
static int thin_white(const char *t, int s, int e)
{
	for (const char *q = t + s; q < t + e; q = g_utf8_next_char(q)) {
		gunichar c = g_utf8_get_char(q);
		if (c != 0x2009 && c != 0x200A && c != 0x202F && c != 0x2006 && c != 0x2008)
			return 0;
	}
	return e > s;
}

/* Spaces that never break a line, a typesetter's ties: between a label
 * and its number ("Table 1", "Fig. 3", "p. 12", any cross-reference
 * ending in a number), between a number and its unit ("18 m",
 * "16.5 MW"), and before a closing dash that punctuation follows. The
 * white run is [s, e). */
static int tie_at(const gal_para *p, int s, int e)
{
	static const char *const labels[] = {
		"Table", "Tables", "Figure", "Figures", "Fig.", "Figs.", "Section",
		"Sect.", "Chapter", "Box", "Appendix", "Equation", "Eq.", "Panel",
		"Part", "Vol.", "No.", "p.", "pp.", "Tabelle", "Abbildung", "Abb.",
		"Tab.", "Kapitel", "Abschnitt", "Tableau", "Figura", "Tabla",
		"Tabella", "Capítulo", "Tabel", "Figuur", NULL
	};
	static const char *const units[] = {
		"%", "‰", "°", "°C", "°F", "K", "m", "cm", "mm", "km", "µm", "nm",
		"g", "mg", "kg", "t", "s", "ms", "h", "min", "l", "L", "ml", "mL",
		"W", "kW", "MW", "GW", "Wh", "kWh", "MWh", "GWh", "TWh", "V", "kV",
		"A", "mA", "Hz", "kHz", "MHz", "GHz", "J", "kJ", "MJ", "Pa", "kPa",
		"hPa", "bar", "dB", "B", "kB", "MB", "GB", "TB", "m/s", "km/h",
		"mph", "ft", "mi", "lb", "oz", "pt", "px", "em", NULL
	};
	const char *t = p->text;
	int pa = s, nb = e;
	if (e >= p->len || s == 0)
		return 0;
	gunichar before = g_utf8_get_char(g_utf8_prev_char(t + s));
	gunichar after = g_utf8_get_char(t + e);
	/* TeX breaks after a relation, never before one: not "p" then
	 * "< 0.05"; and thin or hair spaces set around a relation, an
	 * operator or a figure hold it to its neighbours: "(n = 349)" */
	if (is_relation(after))
		return 1;
	if (thin_white(t, s, e) && (is_operator(before) || is_operator(after) ||
				    g_unichar_isdigit(before) || g_unichar_isdigit(after)))
		return 1;
	/* a dash that closes an aside ("… Bakhtin —, boa parte") stays
	 * with the word before it: a line never starts with "—," */
	if (e + 3 < p->len && (!strncmp(t + e, "\u2014", 3) || !strncmp(t + e, "\u2013", 3)) &&
	    strchr(",.;:)]", t[e + 3]))
		return 1;
	while (pa > 0 && t[pa - 1] != ' ')
		pa--;
	while (nb < p->len && t[nb] != ' ')
		nb++;
	int pe = token_core_end(t, pa, s), ne = token_core_end(t, e, nb);
	if (g_ascii_isdigit(t[e])) {
		if (token_is(t, pa, s, labels))
			return 1;
		/* a reference to a numbered thing ("Box 2", "Supplementary
		 * File 1"), not to a work by its date ("Tanaka et al., 2016") */
		int label = pe == s && g_ascii_isupper(t[pa]);
		for (size_t k = 0; label && k < p->n_spans; k++) {
			const gal_span *sp = &p->spans[k];
			if (sp->kind == GAL_SPAN_LINK && sp->dest && sp->start < s &&
			    sp->end > e)
				return 1;
		}
	}
	return pe == s && is_number(t, pa, pe) && token_is(t, e, ne, units);
}

/* Letters and digits in a row inside an address, around byte `at`: a
 * name ("vmlinux", "SETUPSEG") or a number. */
static int component_len(const char *t, int a, int b, int at, int *digits)
{
	int s = at, e = at, n = 0;
	while (s > a && g_unichar_isalnum(g_utf8_get_char(g_utf8_prev_char(t + s))))
		s = (int)(g_utf8_prev_char(t + s) - t);
	while (e < b && g_unichar_isalnum(g_utf8_get_char(t + e)))
		e = (int)(g_utf8_next_char(t + e) - t);
	*digits = 1;
	for (const char *q = t + s; q < t + e; q = g_utf8_next_char(q), n++)
		*digits &= g_unichar_isdigit(g_utf8_get_char(q)) ? 1 : 0;
	return n;
}

/* Names shorter than this stay whole inside an address. */
#define ADDRESS_NAME_BREAK 12

/* The pieces of an address between the breaks Pango finds: more break
 * points, none showing a hyphen. After a slash (CSS Text and UAX 14 end
 * the line with it, saying the address goes on: "compressed/" then
 * "vmlinux.out"); as the Chicago Manual has it, before a dot, question
 * mark, number sign, equals sign, ampersand, hyphen, underline, tilde or
 * percent sign; failing those, at a higher cost, between two letters of
 * a long name (as LaTeX's xurl does), so that a long address does not
 * leave a line gaping. A short name ("compressed", "SETUPSEG") and a
 * number never break inside. */
static void push_address(kp_vec *v, const gal_para *p, int a, int b, double measure)
{
	const char *t = p->text;
	int s = a;
	for (int i = a; i < b;) {
		int nx = (int)(g_utf8_next_char(t + i) - t);
		while (nx < b && !p->log_attrs[char_index(p, nx)].is_cursor_position)
			nx = (int)(g_utf8_next_char(t + nx) - t);
		if (nx >= b)
			break;
		int pen = -1, digits;
		if (t[i] == '/' && t[nx] != '/' && nx - s >= 2)
			pen = 50;
		else if (strchr(".?#=&-_~%", t[nx]) && nx - s >= 2 &&
			 !(g_ascii_isdigit(t[i]) && nx + 1 < b && g_ascii_isdigit(t[nx + 1])))
			pen = 50;
		else if (g_unichar_isalnum(g_utf8_get_char(t + nx)) &&
			 g_unichar_isalnum(g_utf8_get_char(t + i)) && nx - a >= 2 && b - nx >= 2 &&
			 component_len(t, a, b, nx, &digits) >= ADDRESS_NAME_BREAK && !digits)
			pen = 150;
		if (pen >= 0) {
			push_box(v, p, s, nx, measure);
			kp_push(v, GAL_KP_PENALTY, 0, 0, 0, pen, 0, nx, nx);
			s = nx;
		}
		i = nx;
	}
	push_box(v, p, s, b, measure);
}

/* What a hyphen costs the breaker. TeX's 50 leaves more loose lines than
 * hyphens on our measure; at 10 a tenth to a sixth of justified lines end
 * in a hyphen (fewer than WeasyPrint sets) and the word spaces' 95th
 * percentile spread drops from 0.24-0.36 to 0.26-0.30 (make typo). Runs
 * stay capped at two lines. */
#define HYPHEN_PENALTY 10

/* A word with its hyphenation points (hyph.c) as flagged penalties: only
 * the letters between any leading and trailing punctuation, and only
 * words of letters. */
/* A run of code touches [a, b): a name set in monospace is never
 * hyphenated ("Make-file" reads as another name). */
static int mono_at(const kind_index *mono, int a, int b)
{
	size_t k = index_before(mono, b);
	return k > 0 && mono->reach[k - 1] > a;
}

static void push_word(kp_vec *v, const gal_para *p, const kind_index *mono, int a, int b,
		      double measure)
{
	int la = a, lb = b;

	if (!p->hyph || p->pre || b - a < 5 || mono_at(mono, a, b)) {
		push_box(v, p, a, b, measure);
		return;
	}
	while (la < lb && !g_unichar_isalpha(g_utf8_get_char(p->text + la)))
		la = (int)(g_utf8_next_char(p->text + la) - p->text);
	while (lb > la && !g_unichar_isalpha(g_utf8_get_char(
			g_utf8_prev_char(p->text + lb))))
		lb = (int)(g_utf8_prev_char(p->text + lb) - p->text);
	int letters = 1;
	for (const char *q = p->text + la; q < p->text + lb; q = g_utf8_next_char(q))
		letters &= g_unichar_isalpha(g_utf8_get_char(q)) ? 1 : 0;
	/* no dictionary hyphenates the right-to-left scripts (nor do their
	 * typographers): a paragraph's patterns are never tried on them */
	if (!letters || g_utf8_strlen(p->text + la, lb - la) < 5 ||
	    gal_text_dir(p->text + la, (size_t)(lb - la)) == GAL_BIDI_RTL) {
		push_box(v, p, a, b, measure);
		return;
	}
	unsigned char *brk = xcalloc((size_t)(lb - la) + 1, 1);
	int s = a;
	if (gal_hyph_word(p->hyph, p->text + la, (size_t)(lb - la), brk) > 0) {
		for (int k = 1; k < lb - la; k++) {
			if (!brk[k])
				continue;
			push_box(v, p, s, la + k, measure);
			kp_push(v, GAL_KP_PENALTY, p->hyphen_w / PU, 0, 0, HYPHEN_PENALTY, 1,
				la + k, la + k);
			s = la + k;
		}
	}
	free(brk);
	push_box(v, p, s, b, measure);
}

static void push_piece(kp_vec *v, const gal_para *p, const kind_index *mono, int a, int b,
		       double measure, int address)
{
	if (address)
		push_address(v, p, a, b, measure);
	else
		push_word(v, p, mono, a, b, measure);
}

/* The pieces of a formula from byte `at`, as TeX sets a formula in a
 * paragraph: boxes, and between two the space as glue that stretches
 * and shrinks with the line, after the penalty of a break there (never
 * where the formula does not break); a break drops the space. A piece
 * wider than the measure counts as wide as it, the width it is scaled
 * down to when set (shape_pieces). Returns where the formula ends. */
static int push_formula(kp_vec *v, const gal_para *p, const kind_index *mx, int at,
			double measure, int ragged)
{
	const gal_span *sp;
	while ((sp = math_at(mx, p, at)) != NULL) {
		double w = width_of(p, sp->start, sp->end);
		const gal_math_piece *pc = math_piece_of(sp->math, sp);
		if (sp->gap && pc) {
			kp_push(v, GAL_KP_PENALTY, 0, 0, 0,
				pc->penalty >= GAL_KP_INF ? GAL_KP_INF : pc->penalty, 0, at, at);
			v->math_breaks |= pc->penalty < GAL_KP_INF;
			/* a ragged line is set at its natural width: what
			 * the breaker counts on shrinking would overflow */
			kp_push(v, GAL_KP_GLUE, w, pc->stretch, ragged ? 0 : pc->shrink, 0, 0,
				at, sp->end);
		} else if (!sp->gap) {
			kp_push(v, GAL_KP_BOX, measure > 0 && w > measure ? measure : w, 0, 0, 0, 0,
				at, sp->end);
		}
		at = sp->end;
		if (!sp->gap && sp->piece + 1 >= (int)sp->math->n_pieces)
			break;
	}
	return at;
}

/* A picture wider than half the measure stands on a line of its own
 * where white space lets it (text glued to it stays with it): beside it
 * the text would be a sliver, and text extraction reads words on both
 * sides of so wide a gap as two columns, out of order. */
static int own_line(const gal_para *p, const gal_span *sp, double measure)
{
	return sp->node->type == GAL_NODE_INLINE_IMAGE && measure > 0 &&
	       width_of(p, sp->start, sp->end) > measure / 2;
}

/* A line break there, the line before it ragged. */
static void push_break(kp_vec *v, int at)
{
	kp_push(v, GAL_KP_GLUE, 0, 1e5, 0, 0, 0, at, at);
	kp_push(v, GAL_KP_PENALTY, 0, 0, 0, -GAL_KP_INF, 0, at, at);
}

static void build_items(const gal_para *p, kp_vec *v, double measure, int align)
{
	int own_after = 0;   /* a break is due after the next white space */
	int i = 0, ci = 0;
	/* ragged lines: stretch that makes any short line acceptable */
	int ragged = align != GAL_ALIGN_JUSTIFY && align != GAL_ALIGN_DEFAULT;
	double sp = p->space_w / PU;
	v->letter_stretch = ragged || p->pre ? 0 : p->letter_stretch;
	v->letter_shrink = ragged || p->pre ? 0 : p->letter_shrink;
	kind_index mx, mono, calls;
	kind_index_init(&mx, p, GAL_SPAN_MATH);
	kind_index_init(&mono, p, GAL_SPAN_MONO);
	kind_index_init(&calls, p, GAL_SPAN_NOTECALL);

	while (i < p->len) {
		gunichar c = g_utf8_get_char(p->text + i);
		int nx = (int)(g_utf8_next_char(p->text + i) - p->text);
		if (c == 0x2028) {
			kp_push(v, GAL_KP_GLUE, 0, 1e5, 0, 0, 0, i, i);
			kp_push(v, GAL_KP_PENALTY, 0, 0, 0, -GAL_KP_INF, 0, i, nx);
			i = nx;
			ci++;
			continue;
		}
		if (!p->pre && p->log_attrs[ci].is_white) {
			int s = i;
			while (i < p->len && p->log_attrs[ci].is_white &&
			       g_utf8_get_char(p->text + i) != 0x2028) {
				i = (int)(g_utf8_next_char(p->text + i) - p->text);
				ci++;
			}
			double w = width_of(p, s, i);
			if (tie_at(p, s, i))
				kp_push(v, GAL_KP_PENALTY, 0, 0, 0, GAL_KP_INF, 0, s, s);
			if (ragged)
				kp_push(v, GAL_KP_GLUE, w, 3 * sp, 0, 0, 0, s, i);
			else
				kp_push(v, GAL_KP_GLUE, w, space_stretch(w), space_shrink(w),
					0, 0, s, i);
			if (own_after && i < p->len && g_utf8_get_char(p->text + i) != 0x2028)
				push_break(v, i);
			own_after = 0;
			continue;
		}
		/* a word: up to the next white space, with the break
		 * opportunities inside it as penalties */
		int s = i, te = i;
		while (te < p->len && p->text[te] != ' ')
			te++;
		int address = !p->pre && is_address(p->text + s, te - s);
		gunichar prev = 0;
		for (;;) {
			const gal_span *ms = math_at(&mx, p, i);
			if (ms) {
				/* a formula breaks where its operators let
				 * it; at its edges only where a space or a
				 * hyphen is, as in TeX */
				int own = own_line(p, ms, measure);
				if (i > s)
					push_piece(v, p, &mono, s, i, measure, address);
				else if (own && v->n && v->it[v->n - 1].kind == GAL_KP_GLUE)
					push_break(v, i);
				own_after = own;
				int e = push_formula(v, p, &mx, i, measure, ragged);
				ci += (int)g_utf8_strlen(p->text + i, e - i);
				i = s = e;
				if (i >= p->len || g_utf8_get_char(p->text + i) == 0x2028 ||
				    (!p->pre && p->log_attrs[ci].is_white))
					break;
				continue;
			}
			prev = g_utf8_get_char(p->text + i);
			i = (int)(g_utf8_next_char(p->text + i) - p->text);
			ci++;
			if (i >= p->len)
				break;
			gunichar cc = g_utf8_get_char(p->text + i);
			if (cc == 0x2028 || (!p->pre && p->log_attrs[ci].is_white))
				break;
			/* a footnote call stays with the word it follows
			 * ("had.¹"): a line never starts with one */
			if (p->log_attrs[ci].is_line_break && !index_at(&calls, i) &&
			    (!math_at(&mx, p, i) || is_hyphen_char(prev))) {
				push_piece(v, p, &mono, s, i, measure, address);
				if (p->pre)
					kp_push(v, GAL_KP_PENALTY, 0, 0, 0, 0, 0, i, i);
				else if (is_hyphen_char(prev))
					/* a slash in an address is no hyphen: the
					 * line after it is not the last of a
					 * hyphenated pair */
					kp_push(v, GAL_KP_PENALTY, 0, 0, 0, 50,
						!(address && prev == '/'), i, i);
				else
					kp_push(v, GAL_KP_GLUE, 0, ragged ? 3 * sp : 0.1 * sp,
						0, 0, 0, i, i);
				s = i;
			}
		}
		if (i > s)
			push_piece(v, p, &mono, s, i, measure, address);
	}
	kind_index_free(&mx);
	kind_index_free(&mono);
	kind_index_free(&calls);
	kp_push(v, GAL_KP_GLUE, 0, 1e5, 0, 0, 0, p->len, p->len);
	kp_push(v, GAL_KP_PENALTY, 0, 0, 0, -GAL_KP_INF, 0, p->len, p->len);
}



/* ---- lines ------------------------------------------------------------- */

/* A line looks only at the spans that touch it (gal_line.spans), in the
 * paragraph's order, so that sums and "the last link wins" come out as
 * over all of them: every span on every line was quadratic in a long
 * paragraph with many links, notes or scripts. */
static double span_rise(const gal_para *p, const gal_line *ln, int at)
{
	double r = 0;
	for (size_t i = 0; i < ln->n_spans; i++) {
		const gal_span *sp = &p->spans[ln->spans[i]];
		if (sp->kind == GAL_SPAN_RISE && sp->start <= at && at < sp->end)
			r += sp->rise;
	}
	return r;
}

/* The script spaces (script_spaces) of the runs this piece starts or
 * ends: space before the first character in logical order and after the
 * last, on the side where that character is drawn. */
static void script_pads(const gal_para *p, const gal_line *ln, const PangoItem *it,
			PangoGlyphString *gs)
{
	int rtl = it->analysis.level % 2;
	int n = gs->num_glyphs;

	if (n == 0)
		return;
	for (size_t i = 0; i < ln->n_spans; i++) {
		const gal_span *sp = &p->spans[ln->spans[i]];
		if (sp->kind != GAL_SPAN_RISE)
			continue;
		if (sp->pad_before > 0 && sp->start == it->offset) {
			int pad = (int)(sp->pad_before * PU);
			PangoGlyphGeometry *g = &gs->glyphs[rtl ? n - 1 : 0].geometry;
			if (!rtl)
				g->x_offset += pad;
			g->width += pad;
		}
		if (sp->pad_after > 0 && sp->end == it->offset + it->length) {
			int pad = (int)(sp->pad_after * PU);
			PangoGlyphGeometry *g = &gs->glyphs[rtl ? 0 : n - 1].geometry;
			if (rtl)
				g->x_offset += pad;
			g->width += pad;
		}
	}
}

/* The piece of a formula (or the space after one) that starts at `at`
 * on line ln, or NULL. */
static const gal_span *span_math(const gal_para *p, const gal_line *ln, int at)
{
	for (size_t i = 0; i < ln->n_spans; i++) {
		const gal_span *sp = &p->spans[ln->spans[i]];
		if (sp->kind == GAL_SPAN_MATH && sp->start == at)
			return sp;
	}
	return NULL;
}

/* A formula's piece: one empty glyph as wide as the piece. */
static PangoGlyphString *math_glyphs(double width)
{
	PangoGlyphString *gs = pango_glyph_string_new();
	pango_glyph_string_set_size(gs, 1);
	memset(gs->glyphs, 0, sizeof *gs->glyphs);
	gs->glyphs[0].glyph = PANGO_GLYPH_EMPTY;
	gs->glyphs[0].geometry.width = (int)lround(width * PU);
	gs->glyphs[0].attr.is_cluster_start = 1;
	gs->log_clusters[0] = 0;
	return gs;
}

/* The formula set as text that byte `at` of line ln is in, or NULL. */
static const gal_span *span_formula(const gal_para *p, const gal_line *ln, int at)
{
	for (size_t i = 0; i < ln->n_spans; i++) {
		const gal_span *sp = &p->spans[ln->spans[i]];
		if (sp->kind == GAL_SPAN_FORMULA && sp->start <= at && at < sp->end)
			return sp;
	}
	return NULL;
}

static int by_offset(const void *a, const void *b)
{
	const PangoItem *x = *(PangoItem *const *)a, *y = *(PangoItem *const *)b;
	return (x->offset > y->offset) - (x->offset < y->offset);
}

/* The pieces of a formula in their order: in right-to-left text the
 * bidi algorithm turns a run of object characters around. */
static void math_in_order(const gal_para *p, const gal_line *ln, GList *vis)
{
	for (GList *l = vis; l;) {
		const gal_span *a = span_math(p, ln, ((PangoItem *)l->data)->offset);
		GList *e = l->next;
		size_t n = 1;
		for (const gal_span *b;
		     a && e && (b = span_math(p, ln, ((PangoItem *)e->data)->offset)) &&
		     b->node == a->node; e = e->next)
			n++;
		if (n > 1) {
			PangoItem **run = xmalloc(n * sizeof *run);
			size_t k = 0;
			for (GList *q = l; q != e; q = q->next)
				run[k++] = q->data;
			qsort(run, n, sizeof *run, by_offset);
			k = 0;
			for (GList *q = l; q != e; q = q->next)
				q->data = run[k++];
			free(run);
		}
		l = e;
	}
}

static const gal_span *span_link(const gal_para *p, const gal_line *ln, int at)
{
	const gal_span *best = NULL;
	for (size_t i = 0; i < ln->n_spans; i++) {
		const gal_span *sp = &p->spans[ln->spans[i]];
		if (sp->kind == GAL_SPAN_LINK && sp->start <= at && at < sp->end)
			best = sp;
	}
	return best;
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

/* Shape the pieces of one line [s, e), put them in visual order and
 * justify: the space between words grows (or shrinks) to fill `target`. */
/* The hyphen HarfBuzz appends at a break belongs to the last letter's
 * cluster, so it would copy out as nothing and "hav|ing" would read as two
 * words. Give it a character of its own, U+00AD (a hyphenation point, which
 * text extraction and readers join across the line end), in a private copy
 * of the text the glyph item draws from. The copy holds the item's own
 * text only (a copy of the paragraph up to it made a long paragraph's
 * memory grow with the square of its length); the item keeps its offset
 * in the paragraph until the line is set (hyphen_rebase). */
static void hyphen_text(const gal_para *p, gal_piece *pc)
{
	PangoItem *it = pc->gi.item;
	PangoGlyphString *gs = pc->gi.glyphs;
	char *t = xmalloc((size_t)it->length + 3);
	memcpy(t, p->text + it->offset, (size_t)it->length);
	memcpy(t + it->length, "\xC2\xAD", 3);
	int last = gs->num_glyphs - 1;
	gs->log_clusters[last] = it->length;
	gs->glyphs[last].attr.is_cluster_start = 1;
	it->length += 2;
	it->num_chars += 1;
	pc->text = t;
}

/* Some fonts draw a ligature from two glyphs, the second with no advance
 * of its own: Noto Naskh's lam-alef is a lam with an alef set over its
 * start. The alef then stands exactly where the lam begins and the next
 * letter ends, and pdftotext, finding three letters at one x, reads the
 * word apart ("خ ا" and "لل" on lines of their own for "خلال"). Moved a
 * fiftieth of a point on, into the lam, the alef reads in its place and
 * looks the same. (Merging the two clusters instead makes cairo write an
 * ActualText, which poppler spreads left to right: "خ الل".) */
#define STACK_NUDGE 20    /* Pango units */

static void nudge_stacked(const gal_para *p, const PangoItem *it, PangoGlyphString *gs)
{
	if (it->analysis.level % 2 == 0)
		return;
	for (int g = 0; g < gs->num_glyphs; g++) {
		const PangoGlyphInfo *gi = &gs->glyphs[g];
		if (gi->attr.is_cluster_start && gi->geometry.width == 0 &&
		    g_unichar_isalpha(g_utf8_get_char(p->text + it->offset + gs->log_clusters[g])))
			gs->glyphs[g].geometry.x_offset -= STACK_NUDGE;
	}
}

/* Once the line is set, the items that draw from a private copy of
 * their text (hyphen_text) start at its first byte. */
static void hyphen_rebase(gal_line *ln)
{
	for (size_t i = 0; i < ln->n; i++)
		if (ln->pieces[i].text)
			ln->pieces[i].gi.item->offset = 0;
}

/* A cut at byte `at` of item `it` leaves the shaping on either side as
 * it was in the whole paragraph when a space is on one side of it (no
 * kerning, ligature or contextual form reaches across a word space in
 * the scripts we set left to right), or at the item's own ends. */
static int safe_cut(const gal_para *p, const PangoItem *it, int at)
{
	if (at == it->offset || at == it->offset + it->length)
		return 1;
	return p->text[at] == ' ' || p->text[at - 1] == ' ';
}

/* The first glyph of a left-to-right glyph string whose cluster starts
 * at or after byte `at` of its item (num_glyphs when none does). */
static int first_glyph_at(const PangoGlyphString *gs, int at)
{
	int lo = 0, hi = gs->num_glyphs;
	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;
		if (gs->log_clusters[mid] < at)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The glyphs of [a, b) of item k as the paragraph shaped them, or NULL
 * when that range must be shaped anew (right to left, a hyphen to add,
 * a cut where shaping may differ). Measuring shaped every item once;
 * most of a line is reused from there rather than shaped twice. */
static PangoGlyphString *reuse_glyphs(const gal_para *p, size_t k,
				      const PangoItem *it, int a, int b)
{
	if (!p->glyphs || it->analysis.level % 2 ||
	    !safe_cut(p, it, a) || !safe_cut(p, it, b))
		return NULL;
	const PangoGlyphString *all = p->glyphs[k];
	/* clusters rise left to right: search, not scan (a scan from the
	 * item's start on every line was quadratic in a long paragraph) */
	int from = first_glyph_at(all, a - it->offset);
	int to = first_glyph_at(all, b - it->offset);
	if (from == all->num_glyphs || to <= from ||
	    it->offset + all->log_clusters[from] != a)
		return NULL;
	PangoGlyphString *gs = pango_glyph_string_new();
	pango_glyph_string_set_size(gs, to - from);
	memcpy(gs->glyphs, all->glyphs + from, (size_t)(to - from) * sizeof *gs->glyphs);
	for (int g = from; g < to; g++)
		gs->log_clusters[g - from] = all->log_clusters[g] + it->offset - a;
	return gs;
}

/* What lines set in order need of a paragraph, found without going
 * back to its start on every line (which was quadratic in a paragraph
 * of hundreds of pages): its items as an array in logical order, to
 * search, and its spans by where they start, swept as the lines go. */
typedef struct span_start {
	int start;
	size_t i;            /* index in p->spans */
} span_start;

typedef struct para_index {
	PangoItem **items;
	size_t n_items;
	span_start *by_start;
	size_t next;         /* the first of by_start not yet open */
	size_t *open;        /* spans that start before the line's end and
			      * have not ended before a line's start */
	size_t n_open;
} para_index;

static int cmp_span_start(const void *a, const void *b)
{
	const span_start *x = a, *y = b;
	if (x->start != y->start)
		return (x->start > y->start) - (x->start < y->start);
	return (x->i > y->i) - (x->i < y->i);
}

static int cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	return (x > y) - (x < y);
}

static void para_index_init(para_index *ix, const gal_para *p)
{
	memset(ix, 0, sizeof *ix);
	ix->n_items = g_list_length(p->items);
	ix->items = xmalloc((ix->n_items ? ix->n_items : 1) * sizeof *ix->items);
	size_t k = 0;
	for (GList *l = p->items; l; l = l->next)
		ix->items[k++] = l->data;
	ix->by_start = xmalloc((p->n_spans ? p->n_spans : 1) * sizeof *ix->by_start);
	ix->open = xmalloc((p->n_spans ? p->n_spans : 1) * sizeof *ix->open);
	for (size_t i = 0; i < p->n_spans; i++)
		ix->by_start[i] = (span_start){ p->spans[i].start, i };
	qsort(ix->by_start, p->n_spans, sizeof *ix->by_start, cmp_span_start);
}

static void para_index_free(para_index *ix)
{
	free(ix->items);
	free(ix->by_start);
	free(ix->open);
}

/* The spans that touch the line [start, end] (ends included), in the
 * paragraph's order. Lines come in order: a line never starts before
 * the one before it. */
static void line_spans(const gal_para *p, para_index *ix, gal_line *ln)
{
	while (ix->next < p->n_spans && ix->by_start[ix->next].start <= ln->end)
		ix->open[ix->n_open++] = ix->by_start[ix->next++].i;
	size_t kept = 0;
	for (size_t k = 0; k < ix->n_open; k++)
		if (p->spans[ix->open[k]].end >= ln->start)
			ix->open[kept++] = ix->open[k];
	ix->n_open = kept;
	ln->n_spans = kept;
	if (!kept)
		return;
	ln->spans = xmalloc(kept * sizeof *ln->spans);
	memcpy(ln->spans, ix->open, kept * sizeof *ln->spans);
	qsort(ln->spans, kept, sizeof *ln->spans, cmp_size);
}

/* The first item that ends after byte `at` (items tile the text). */
static size_t item_at(const para_index *ix, int at)
{
	size_t lo = 0, hi = ix->n_items;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const PangoItem *it = ix->items[mid];
		if (it->offset + it->length <= at)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Cut points of the line [s, e): its ends, and the item and span
 * boundaries inside it, sorted. */
typedef struct cutset {
	int *v;
	size_t n, cap;
} cutset;

static void add_cut(cutset *c, int at)
{
	if (c->n == c->cap)
		c->v = xrealloc(c->v, (c->cap = c->cap ? 2 * c->cap : 16) * sizeof *c->v);
	c->v[c->n++] = at;
}

static void line_cuts(const gal_para *p, const para_index *ix, const gal_line *ln,
		      cutset *c)
{
	int s = ln->start, e = ln->end;
	add_cut(c, s);
	add_cut(c, e);
	for (size_t k = item_at(ix, s); k < ix->n_items && ix->items[k]->offset < e; k++) {
		const PangoItem *it = ix->items[k];
		int bnd[2] = { it->offset, it->offset + it->length };
		for (int j = 0; j < 2; j++)
			if (bnd[j] > s && bnd[j] < e)
				add_cut(c, bnd[j]);
	}
	for (size_t i = 0; i < ln->n_spans; i++) {
		const gal_span *sp = &p->spans[ln->spans[i]];
		int bnd[2] = { sp->start, sp->end };
		if (sp->kind == GAL_SPAN_ANCHOR || sp->kind == GAL_SPAN_MONO)
			continue;
		for (int k = 0; k < 2; k++)
			if (bnd[k] > s && bnd[k] < e)
				add_cut(c, bnd[k]);
	}
	qsort(c->v, c->n, sizeof *c->v, cmp_int);
}

/* One sub-item per segment between cuts, with the paragraph's glyphs
 * where they hold (in `reused`, keyed by the sub-item until the pieces
 * are made); the segment that ends the line at e takes the hyphen. */
static GList *line_segments(const gal_para *p, const para_index *ix, const cutset *c,
			    int e, int hyphen, GHashTable *reused)
{
	GList *segs = NULL;
	for (size_t k = 0; k + 1 < c->n; k++) {
		int a = c->v[k], b = c->v[k + 1];
		if (b <= a)
			continue;
		for (size_t n_it = item_at(ix, a); n_it < ix->n_items; n_it++) {
			PangoItem *it = ix->items[n_it];
			if (a < it->offset || a >= it->offset + it->length)
				continue;
			PangoItem *sub = pango_item_copy(it);
			sub->offset = a;
			sub->length = b - a;
			sub->num_chars = (int)g_utf8_strlen(p->text + a, b - a);
			if (hyphen && b == e)
				sub->analysis.flags |= PANGO_ANALYSIS_FLAG_NEED_HYPHEN;
			else {
				PangoGlyphString *gs = reuse_glyphs(p, n_it, it, a, b);
				if (gs)
					g_hash_table_insert(reused, sub, gs);
			}
			segs = g_list_append(segs, sub);
			break;
		}
	}
	return segs;
}

/* A line over its measure because of a piece of a formula too wide to
 * break (the breaker had no other choice) fits when that piece is scaled
 * down, as a display formula's line is: the widest piece gives what the
 * line is over. Returns the line's natural width. */
static double fit_math(gal_para *p, gal_line *ln, double natural, double target)
{
	double over = natural - target;
	gal_piece *widest = NULL;
	if (target <= 0 || over <= 0.01)
		return natural;
	for (size_t i = 0; i < ln->n; i++) {
		gal_piece *pc = &ln->pieces[i];
		if (pc->math && !pc->math->gap && (!widest || pc->gi.glyphs->glyphs[0].geometry.width >
						   widest->gi.glyphs->glyphs[0].geometry.width))
			widest = pc;
	}
	const gal_span *sp = widest ? widest->math : NULL;
	double w = sp ? math_width(sp->math, sp) : 0;
	if (w <= over)
		return natural;
	const gal_math_box *box = NULL;
	if (sp->node->type == GAL_NODE_INLINE_IMAGE) {
		/* a picture keeps its proportions */
		box = picture_box(p, w - over, sp->math->height * (w - over) / w);
	} else if (p->formulas) {
		gal_formula f;
		gal_formula_get(p->formulas, sp->node, sp->size, 0, w - over, 0, &f);
		box = f.box;
	}
	if (!box || box->n_pieces != sp->math->n_pieces)
		return natural;
	double nw = math_width(box, sp);
	widest->mbox = box;
	widest->gi.glyphs->glyphs[0].geometry.width = (int)lround(nw * PU);
	return natural - w + nw;
}

/* The line box: the paragraph's font, widened where a piece's ink
 * reaches past that font's ascent or descent. A fallback font (Noto
 * Sans Symbols for a square root, Naskh for Arabic) brings a taller
 * font box, but only its ink can collide with the lines around: the
 * line keeps its leading unless the ink itself needs more, as a tall
 * inline formula does. Only pieces whose font box exceeds the base
 * font's are measured, so ordinary text costs nothing here. */
static void ink_reach(gal_line *ln, const PangoItem *it, PangoGlyphString *gs,
		      double rise)
{
	double asc, des;
	font_extents(it->analysis.font, &asc, &des);
	if (asc + rise <= ln->ascent + 0.01 && des - rise <= ln->descent + 0.01)
		return;
	PangoRectangle ink;
	pango_glyph_string_extents(gs, it->analysis.font, &ink, NULL);
	if (ink.height <= 0)
		return;
	asc = -ink.y / PU + rise;
	des = (ink.y + ink.height) / PU - rise;
	if (asc > ln->ascent)
		ln->ascent = asc;
	if (des > ln->descent)
		ln->descent = des;
}

/* The line's pieces from its segments in visual order, shaped (or
 * reused), with their rise, link and the line box of their fonts. The
 * natural width is returned, and the gaps justification may widen
 * counted. */
static double shape_pieces(gal_para *p, gal_line *ln, GList *vis, GHashTable *reused,
			   int *spaces, int *letters)
{
	double natural = 0;
	size_t i = 0;

	ln->n = g_list_length(vis);
	ln->ascent = p->ascent;
	ln->descent = p->descent;
	ln->pieces = xcalloc(ln->n ? ln->n : 1, sizeof *ln->pieces);
	for (GList *l = vis; l; l = l->next, i++) {
		PangoItem *it = l->data;
		gal_piece *pc = &ln->pieces[i];
		PangoGlyphString *gs = g_hash_table_lookup(reused, it);
		const gal_span *math = span_math(p, ln, it->offset);
		pc->gi.item = it;
		pc->rise = span_rise(p, ln, it->offset);
		pc->link = span_link(p, ln, it->offset);
		if (math) {
			if (gs)
				pango_glyph_string_free(gs);
			gs = math_glyphs(math_width(math->math, math));
			pc->gi.glyphs = gs;
			pc->math = math;
			pc->mbox = math->math;
			natural += pango_glyph_string_get_width(gs) / PU;
			continue;
		}
		pc->formula = span_formula(p, ln, it->offset);
		if (!gs) {
			gs = pango_glyph_string_new();
			pango_shape_item(it, p->text, p->len,
					 p->log_attrs + char_index(p, it->offset), gs,
					 PANGO_SHAPE_NONE);
			tabular_minus(p, it, gs);
			nudge_stacked(p, it, gs);
		}
		pc->gi.glyphs = gs;
		if ((it->analysis.flags & PANGO_ANALYSIS_FLAG_NEED_HYPHEN) &&
		    it->analysis.level % 2 == 0 && gs->num_glyphs > 0)
			hyphen_text(p, pc);
		if (p->letter_space)
			for (int g = 0; g < gs->num_glyphs; g++)
				if (tracked(p, gs, g, it->offset))
					gs->glyphs[g].geometry.width += p->letter_space;
		script_pads(p, ln, it, gs);
		for (int g = 0; g < gs->num_glyphs; g++) {
			if (p->text[it->offset + gs->log_clusters[g]] == ' ')
				(*spaces)++;
			else if (tracked(p, gs, g, it->offset))
				(*letters)++;
		}
		natural += pango_glyph_string_get_width(gs) / PU;
		/* a tabular minus from a fallback font (tabular_minus) is a
		 * figure of the base font and leaves the line as it is */
		if (p->minus_w > 0 && only_minus(p->text + it->offset, it->length))
			continue;
		ink_reach(ln, it, gs, pc->rise);
	}
	return natural;
}

/* The extents of a formula's piece above and below the line's
 * baseline, as it is set. A picture taller than the letters keeps a
 * little room from the descenders of the line above (TeX's \lineskip);
 * an icon, no taller, keeps the leading. */
static void math_piece_extents(const gal_para *p, const gal_piece *pc, double *up,
			       double *down)
{
	const gal_math_line *ml = math_line(pc->mbox, pc->math);
	double clear = pc->math->node->type == GAL_NODE_INLINE_IMAGE &&
		       ml->height > p->ascent ? 0.2 * p->size : 0;
	*up = ml->height + pc->rise + clear;
	*down = ml->depth - pc->rise;
}

/* The extents of a line's formulas above and below its baseline. */
static void math_extents(const gal_para *p, const gal_line *ln, double *m_asc,
			 double *m_des)
{
	for (size_t i = 0; i < ln->n; i++) {
		const gal_piece *pc = &ln->pieces[i];
		double up, down;
		if (!pc->math || pc->math->gap)
			continue;
		math_piece_extents(p, pc, &up, &down);
		*m_asc = fmax(*m_asc, up);
		*m_des = fmax(*m_des, down);
	}
}

/* What the spaces of formulas on a line may give: stretch (grow) or
 * shrink. */
static double math_give(const gal_line *ln, int grow)
{
	double g = 0;
	for (size_t i = 0; i < ln->n; i++) {
		const gal_span *sp = ln->pieces[i].math;
		const gal_math_piece *mp = sp && sp->gap ? math_piece_of(sp->math, sp) : NULL;
		if (mp)
			g += grow ? mp->stretch : mp->shrink;
	}
	return g;
}

/* Justification: spread `extra` points over the spaces and, up to their
 * limits, over the letters and the formulas' spaces, in proportion to
 * what each may give (as the breaker assumed). */
static void justify_pieces(const gal_para *p, gal_line *ln, double extra, int spaces,
			   int letters)
{
	double sw = p->space_w / PU;
	double sp_give = spaces * (extra > 0 ? space_stretch(sw) : space_shrink(sw));
	double l_max = extra > 0 ? p->letter_stretch : p->letter_shrink;
	double l_give = letters * l_max;
	double m_give = math_give(ln, extra > 0);
	double per_letter = 0, r = 0;
	/* letters and formulas' spaces go as far as the line needs, up to
	 * their limits; the word spaces take the rest */
	if (l_give > 0 || m_give > 0) {
		r = fmin(fabs(extra) / (sp_give + l_give + m_give), 1);
		per_letter = (extra > 0 ? 1 : -1) * r * l_max;
	}
	int add_l = (int)lround(per_letter * PANGO_SCALE);
	double add_m = 0;
	for (size_t i = 0; i < ln->n && m_give > 0; i++) {
		const gal_span *sp = ln->pieces[i].math;
		const gal_math_piece *mp = sp && sp->gap ? math_piece_of(sp->math, sp) : NULL;
		if (!mp)
			continue;
		int a = (int)lround((extra > 0 ? mp->stretch : -mp->shrink) * r * PANGO_SCALE);
		ln->pieces[i].gi.glyphs->glyphs[0].geometry.width += a;
		add_m += a;
	}
	int add = spaces ? (int)floor((extra * PANGO_SCALE - (double)letters * add_l - add_m) /
				      spaces) : 0;
	for (size_t i = 0; i < ln->n; i++) {
		PangoGlyphString *gs = ln->pieces[i].gi.glyphs;
		const PangoItem *it = ln->pieces[i].gi.item;
		if (ln->pieces[i].math)
			continue;
		for (int g = 0; g < gs->num_glyphs; g++) {
			if (p->text[it->offset + gs->log_clusters[g]] == ' ')
				gs->glyphs[g].geometry.width += add;
			else if (tracked(p, gs, g, it->offset))
				gs->glyphs[g].geometry.width += add_l;
		}
	}
}

/* The pieces placed along the line and aligned in `target`; the line's
 * width, height and footnote calls. */
static void place_pieces(const gal_para *p, gal_line *ln, double target, int align)
{
	double x = 0;
	for (size_t i = 0; i < ln->n; i++) {
		gal_piece *pc = &ln->pieces[i];
		pc->x = x;
		pc->w = pango_glyph_string_get_width(pc->gi.glyphs) / PU;
		x += pc->w;
	}
	ln->width = x;
	double off = 0;
	if (align == GAL_ALIGN_CENTER)
		off = (target - x) / 2;
	else if (align == GAL_ALIGN_RIGHT)
		off = target - x;
	if (off > 0)
		for (size_t i = 0; i < ln->n; i++)
			ln->pieces[i].x += off;
	/* the leading, and what ink reaching past the font box needs */
	ln->need = fmax(0, ln->ascent - p->ascent) + fmax(0, ln->descent - p->descent);
	ln->height = p->leading + ln->need;
	for (size_t k = 0; k < ln->n_spans; k++) {
		const gal_span *sp = &p->spans[ln->spans[k]];
		if (sp->kind == GAL_SPAN_NOTECALL && sp->start >= ln->start && sp->start < ln->end) {
			ln->notes = xrealloc(ln->notes, (ln->n_notes + 1) * sizeof *ln->notes);
			ln->notes[ln->n_notes++] = sp->note;
		}
	}
}

/* The least room between the ink of two lines, in em: TeX's \lineskip
 * (1pt at 10pt). */
#define LINESKIP 0.1

/* Line `ln` taller by `up` above its baseline and `down` below it. */
static void grow_line(const gal_para *p, gal_line *ln, double up, double down)
{
	if (up <= 0 && down <= 0)
		return;
	double base = gal_line_base(p, ln);
	ln->ascent = fmax(ln->ascent, ln->math_up);
	ln->descent = fmax(ln->descent, ln->math_down);
	up = fmax(up, 0);
	down = fmax(down, 0);
	ln->height += up + down;
	ln->need += up + down;
	ln->base = base + up;
}

/* A stretch of a line's ink: a glyph's, or a formula piece's whole. */
typedef struct {
	double x0, x1;       /* pt from the line's start */
	double up, down;     /* pt above and below the baseline */
	int math;
} ink_run;

/* The ink of line `ln` as runs, in *runs (grown as need be); returns
 * how many. */
static size_t line_runs(const gal_para *p, const gal_line *ln, ink_run **runs, size_t *cap)
{
	size_t n = 0;
	for (size_t i = 0; i < ln->n; i++) {
		const gal_piece *pc = &ln->pieces[i];
		if (pc->math && pc->math->gap)
			continue;
		PangoGlyphString *gs = pc->gi.glyphs;
		size_t need = n + (pc->math ? 1 : (size_t)gs->num_glyphs);
		if (need > *cap) {
			*cap = need * 2;
			*runs = xrealloc(*runs, *cap * sizeof **runs);
		}
		if (pc->math) {
			ink_run *r = &(*runs)[n++];
			r->x0 = pc->x;
			r->x1 = pc->x + pc->w;
			math_piece_extents(p, pc, &r->up, &r->down);
			r->math = 1;
			continue;
		}
		double x = pc->x;
		for (int g = 0; g < gs->num_glyphs; g++) {
			const PangoGlyphInfo *gi = &gs->glyphs[g];
			PangoRectangle ink;
			double gx = x + gi->geometry.x_offset / PU;
			x += gi->geometry.width / PU;
			if (gi->glyph == PANGO_GLYPH_EMPTY)
				continue;
			pango_font_get_glyph_extents(pc->gi.item->analysis.font, gi->glyph, &ink, NULL);
			if (ink.width <= 0 || ink.height <= 0)
				continue;
			ink_run *r = &(*runs)[n++];
			r->x0 = gx + ink.x / PU;
			r->x1 = r->x0 + ink.width / PU;
			r->up = -ink.y / PU + pc->rise;
			r->down = (ink.y + ink.height) / PU - pc->rise;
			r->math = 0;
		}
	}
	return n;
}

/* A line with a formula keeps the paragraph's leading unless the
 * formula's ink would come nearer than \lineskip to the ink of the line
 * above or below, as TeX compares the boxes of two lines (with a
 * \lineskiplimit of 0); past that the lines move apart by what is
 * missing, and no more. Two lines of the paragraph are compared by
 * their own ink: a fraction's denominator may reach down to where the
 * next line's ascenders stop, which is far below the body font's box
 * (Charis's reaches 1.2 em up). Beyond the paragraph's first and last
 * lines are lines not known here: there a formula stays within the
 * box the fonts give the line. Lines of different widths (a first line
 * indented) may start apart by the difference, on either side. */
static void lead_lines(const gal_para *p, gal_line *lines, size_t n, const double *widths,
		       size_t n_widths)
{
	double clear = LINESKIP * p->size;
	if (n == 0)
		return;
	if (lines[0].math_up > 0)
		grow_line(p, &lines[0], lines[0].math_up - gal_line_base(p, &lines[0]), 0);
	gal_line *z = &lines[n - 1];
	if (z->math_down > 0)
		grow_line(p, z, 0, z->math_down - (z->height - gal_line_base(p, z)));
	ink_run *ra = NULL, *rb = NULL;
	size_t cap_a = 0, cap_b = 0;
	for (size_t i = 1; i < n; i++) {
		gal_line *a = &lines[i - 1], *b = &lines[i];
		if (a->math_down <= 0 && b->math_up <= 0)
			continue;
		size_t na = line_runs(p, a, &ra, &cap_a), nb = line_runs(p, b, &rb, &cap_b);
		double dist = a->height - gal_line_base(p, a) + gal_line_base(p, b);
		double off = n_widths ? fabs(widths[i - 1 < n_widths ? i - 1 : n_widths - 1] -
					     widths[i < n_widths ? i : n_widths - 1]) : 0;
		double missing = 0;
		int below = 0;
		for (size_t j = 0; j < na; j++)
			for (size_t k = 0; k < nb; k++) {
				const ink_run *x = &ra[j], *y = &rb[k];
				if ((!x->math && !y->math) || x->x0 >= y->x1 + clear + off ||
				    y->x0 >= x->x1 + clear + off)
					continue;
				double m = x->down + y->up + clear - dist;
				if (m > missing)
					missing = m, below = x->math;
			}
		/* the room goes to the line whose formula reaches out */
		if (below)
			grow_line(p, a, 0, missing);
		else
			grow_line(p, b, missing, 0);
	}
	free(ra);
	free(rb);
}

/* The line [s, e) of p, cut at item and span boundaries, shaped, and
 * justified: 0 leaves the spaces alone, 1 stretches or shrinks them to
 * fill `target`, 2 only shrinks (a justified paragraph's last line, which
 * the breaker may have set a little tighter than natural). */
static void shape_line(gal_para *p, para_index *ix, gal_line *ln, int s, int e,
		       double target, int justify, int hyphen, int align)
{
	cutset cuts = { 0 };
	GHashTable *reused = g_hash_table_new(NULL, NULL);
	int spaces = 0, letters = 0;
	double m_asc = 0, m_des = 0;

	ln->start = s;
	ln->end = e;
	line_spans(p, ix, ln);
	line_cuts(p, ix, ln, &cuts);
	GList *segs = line_segments(p, ix, &cuts, e, hyphen, reused);
	free(cuts.v);
	GList *vis = pango_reorder_items(segs);
	math_in_order(p, ln, vis);
	double natural = shape_pieces(p, ln, vis, reused, &spaces, &letters);
	g_list_free(segs);
	g_list_free(vis);
	g_hash_table_destroy(reused);
	/* a formula too wide to break is scaled down to what the line can
	 * give it, if need be */
	double give = justify ? spaces * space_shrink(p->space_w / PU) +
				letters * p->letter_shrink + math_give(ln, 0) : 0;
	natural = fit_math(p, ln, natural, target + give);
	math_extents(p, ln, &m_asc, &m_des);

	double extra = target - natural;
	if (justify == 2 && extra > 0)
		extra = 0;
	if (justify && (spaces > 0 || math_give(ln, extra > 0) > 0) && (extra > 0 || extra < 0))
		justify_pieces(p, ln, extra, spaces, letters);
	place_pieces(p, ln, target, align);
	ln->math_up = m_asc;
	ln->math_down = m_des;
	hyphen_rebase(ln);
}

static void kp_params(gal_kp_params *prm, double measure)
{
	gal_kp_params_default(prm, measure);
	/* Lines up to badness 1000 (r = 2.15) are feasible in the second
	 * pass: on a 70-character measure, a paragraph with no solution
	 * under 200 sets better as its least-demerits solution, with one
	 * or two loose lines, than through the emergency pass, which
	 * loosens every line (typo.py on the samples and corpus). */
	prm->tolerance = 1000;
	prm->pretolerance = -1;
	/* two hyphenated lines in a row cost less than TeX's 10000: a
	 * loose line is the worse blemish (max_hyphen_run still caps runs) */
	prm->flagged_demerits = 3000;
}

/* The breaks of v. Where a formula may break and the best breaks leave
 * a line looser than TeX's tolerance (200), the paragraph is broken
 * again within it, as TeX would: TeX breaks a formula (\relpenalty
 * 500, as much as a line of badness 490) rather than go past it, where
 * the tolerance of 1000 that suits text alone (kp_params) would keep
 * the formula whole at the cost of a line set half as loose again. */
static void kp_run(const kp_vec *v, const double *widths, size_t n_widths, double measure,
		   gal_kp_result *res)
{
	gal_kp_params prm;
	kp_params(&prm, measure);
	gal_kp_break(v->it, v->n, widths, n_widths, &prm, res);
	if (!v->math_breaks)
		return;
	/* the best breaks within TeX's tolerance are the best ones found,
	 * unless a line is looser than it (badness 200: r = 1.26) */
	int loose = 0;
	for (size_t i = 0; i < res->n_lines && !loose; i++)
		loose = res->lines[i].ratio > 1.2599;
	if (!loose)
		return;
	gal_kp_params tex = prm;
	tex.tolerance = 200;
	tex.emergency_stretch = 0;
	gal_kp_result r2 = { 0 };
	gal_kp_break(v->it, v->n, widths, n_widths, &tex, &r2);
	if (r2.pass == 2) {
		free(res->lines);
		*res = r2;
	} else {
		free(r2.lines);
	}
}

/* Lines of p at one width, breaks only; 0 when a word is wider than the
 * width (it would have to be cut). */
static size_t count_lines(gal_para *p, double width, int align)
{
	kp_vec v = { 0 };
	gal_kp_result res = { 0 };
	size_t n = 0;

	build_items(p, &v, width, align);
	if (!v.cut) {
		kp_run(&v, &width, 1, width, &res);
		n = res.n_lines;
		free(res.lines);
	}
	free(v.it);
	free(v.at);
	free(v.end);
	return n;
}

double gal_para_balance(gal_para *p, double width, int align)
{
	if (p->len == 0 || width <= 0)
		return width;
	size_t n = count_lines(p, width, align);
	if (n < 2)
		return width;
	/* the narrowest width that keeps n lines, to a tenth of a point */
	double lo = width / 2, hi = width;
	while (hi - lo > 0.1) {
		double mid = (lo + hi) / 2;
		if (count_lines(p, mid, align) == n)
			hi = mid;
		else
			lo = mid;
	}
	return hi;
}

/* Lines broken at widths[i] and set (aligned) in set_w, or in their
 * own width when set_w is 0. */
static gal_line *lines_at(gal_para *p, const double *widths, size_t n_widths,
			  double set_w, int align, size_t *n_lines)
{
	kp_vec v = { 0 };
	gal_kp_result res = { 0 };
	gal_line *lines = NULL;
	double measure = widths[0];
	para_index ix;

	for (size_t i = 1; i < n_widths; i++)
		if (widths[i] < measure)
			measure = widths[i];
	*n_lines = 0;
	para_index_init(&ix, p);
	if (p->len == 0) {
		lines = xcalloc(1, sizeof *lines);
		lines[0].height = p->leading;
		lines[0].ascent = p->size * 0.8;
		lines[0].descent = p->size * 0.2;
		line_spans(p, &ix, &lines[0]);
		para_index_free(&ix);
		*n_lines = 1;
		return lines;
	}
	build_items(p, &v, measure, align);
	kp_run(&v, widths, n_widths, measure, &res);

	lines = xcalloc(res.n_lines ? res.n_lines : 1, sizeof *lines);
	size_t start_item = 0;
	for (size_t l = 0; l < res.n_lines; l++) {
		size_t brk = res.lines[l].brk;
		int s = start_item < v.n ? v.at[start_item] : p->len;
		int e = v.at[brk];
		int forced = v.it[brk].kind == GAL_KP_PENALTY &&
			     v.it[brk].penalty <= -GAL_KP_INF;
		int last = l + 1 == res.n_lines;
		int hyph = v.it[brk].kind == GAL_KP_PENALTY && v.it[brk].flagged &&
			   v.it[brk].width > 0;
		/* drop white space at the end of the line (not in pre) */
		if (!p->pre)
			while (e > s && p->text[e - 1] == ' ')
				e--;
		int a = align;
		if (a == GAL_ALIGN_DEFAULT)
			a = GAL_ALIGN_JUSTIFY;
		int justify = a != GAL_ALIGN_JUSTIFY ? 0 : last || forced ? 2 : 1;
		int place = a == GAL_ALIGN_JUSTIFY || a == GAL_ALIGN_FLUSH_LEFT ?
			    GAL_ALIGN_LEFT : a;
		/* left is the start side: right-to-left lines set ragged
		 * hang from the right, as does a justified paragraph's last,
		 * still shrunk where the breaker set it tighter than natural */
		if (p->rtl && (a == GAL_ALIGN_LEFT || justify == 2))
			place = GAL_ALIGN_RIGHT;
		double target = set_w > 0 ? set_w : widths[l < n_widths ? l : n_widths - 1];
		shape_line(p, &ix, &lines[l], s, e, target, justify, hyph, place);
		lines[l].hyphenated = hyph;
		lines[l].ratio = res.lines[l].ratio;
		lines[l].demerits = res.lines[l].demerits;
		/* the next line starts after discardable items */
		size_t j = brk + 1;
		while (j < v.n && v.it[j].kind != GAL_KP_BOX &&
		       !(v.it[j].kind == GAL_KP_PENALTY && v.it[j].penalty <= -GAL_KP_INF))
			j++;
		if (forced)
			j = brk + 1;
		while (forced && j < v.n && v.it[j].kind == GAL_KP_GLUE && v.at[j] == v.end[j])
			j++;
		start_item = j;
	}
	*n_lines = res.n_lines;
	lead_lines(p, lines, res.n_lines, set_w > 0 ? NULL : widths, set_w > 0 ? 0 : n_widths);
	para_index_free(&ix);
	free(res.lines);
	free(v.it);
	free(v.at);
	free(v.end);
	return lines;
}

gal_line *gal_para_lines(gal_para *p, const double *widths, size_t n_widths,
			 int align, size_t *n_lines)
{
	return lines_at(p, widths, n_widths, 0, align, n_lines);
}

gal_line *gal_para_lines_cut(gal_para *p, const int *ranges, size_t n)
{
	gal_line *lines = xcalloc(n ? n : 1, sizeof *lines);
	para_index ix;
	para_index_init(&ix, p);
	/* ranges come in order, as para_index's sweep of spans needs */
	for (size_t i = 0; i < n; i++)
		shape_line(p, &ix, &lines[i], ranges[2 * i], ranges[2 * i + 1], 0, 0, 0,
			   GAL_ALIGN_LEFT);
	lead_lines(p, lines, n, NULL, 0);
	para_index_free(&ix);
	return lines;
}

gal_line *gal_para_lines_balanced(gal_para *p, double width, int align, size_t *n_lines)
{
	double bw = gal_para_balance(p, width, align);
	return lines_at(p, &bw, 1, width, align, n_lines);
}

void gal_lines_free(gal_line *lines, size_t n)
{
	if (!lines)
		return;
	for (size_t i = 0; i < n; i++) {
		for (size_t k = 0; k < lines[i].n; k++) {
			free(lines[i].pieces[k].text);
			pango_item_free(lines[i].pieces[k].gi.item);
			pango_glyph_string_free(lines[i].pieces[k].gi.glyphs);
		}
		free(lines[i].pieces);
		free(lines[i].notes);
		free(lines[i].spans);
	}
	free(lines);
}

void gal_para_extents(const gal_para *p, double *min_w, double *max_w)
{
	kp_vec v = { 0 };
	double mn = 0, mx = 0, run = 0, line = 0;
	kind_index maths;

	build_items(p, &v, 0, GAL_ALIGN_LEFT);
	kind_index_init(&maths, p, GAL_SPAN_MATH);
	for (size_t i = 0; i < v.n; i++) {
		/* a formula's space where it does not break holds its pieces
		 * together */
		int held = v.it[i].kind == GAL_KP_GLUE && i > 0 &&
			   v.it[i - 1].kind == GAL_KP_PENALTY && v.it[i - 1].penalty >= GAL_KP_INF &&
			   math_at(&maths, p, v.at[i]);
		if (v.it[i].kind == GAL_KP_BOX || held) {
			run += v.it[i].width;
			if (run > mn)
				mn = run;
		} else {
			run = 0;
		}
		if (v.it[i].kind == GAL_KP_PENALTY && v.it[i].penalty <= -GAL_KP_INF) {
			if (line > mx)
				mx = line;
			line = 0;
		} else if (v.it[i].kind != GAL_KP_PENALTY) {
			line += v.it[i].width;
		}
	}
	if (line > mx)
		mx = line;
	*min_w = mn;
	*max_w = mx;
	kind_index_free(&maths);
	free(v.it);
	free(v.at);
	free(v.end);
}
