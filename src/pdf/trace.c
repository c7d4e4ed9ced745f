/* The layout trace (-t layout): the pages of boxes as text, one line per
 * line of text, rule, image, tag or destination, and the page builder's
 * own account at the end. Tests compare it instead of PDF bytes. */
#include "base/buf.h"
#include "base/sink.h"
#include "pdf/pdf.h"

static void trace_text(gal_buf *b, const char *s, int n)
{
	for (int i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"' || c == '\\')
			gal_buf_putc(b, '\\');
		if (c < 0x20)
			gal_buf_printf(b, "\\x%02x", c);
		else
			gal_buf_putc(b, (char)c);
	}
}

/* A line of a formula: where its baseline starts, its extent, and the
 * characters its glyphs show */
static void trace_math(gal_buf *b, const gal_box *x)
{
	const gal_math_box *m = x->math;
	const gal_math_line *ln = x->mline;
	gal_buf_printf(b, "  math %.1f %.1f w=%.1f h=%.1f d=%.1f \"", x->x, x->y,
		       ln->indent + ln->width, ln->height, ln->depth);
	for (size_t i = ln->first; i < ln->first + ln->n && i < m->n_items; i++) {
		const gal_math_item *it = &m->items[i];
		if (it->kind == GAL_MI_GLYPH && it->text >= 0)
			trace_text(b, m->text + it->text, it->text_len);
	}
	gal_buf_puts(b, "\"");
	if (m->scale < 1)
		gal_buf_printf(b, " scale=%.2f", m->scale);
	gal_buf_putc(b, '\n');
}

static void trace_boxes(gal_buf *b, const gal_box *bx, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const gal_box *x = &bx[i];
		switch (x->kind) {
		case GAL_BOX_GLYPHS: {
			/* one line per run of boxes on the same line */
			size_t j = i;
			double x1 = x->x;
			gal_buf_printf(b, "  line %.1f %.1f \"", x->x, x->y);
			for (; j < n && bx[j].kind == GAL_BOX_GLYPHS &&
			       bx[j].line_id == x->line_id; j++) {
				const PangoItem *it = bx[j].piece->gi.item;
				trace_text(b, bx[j].text + it->offset, it->length);
				x1 = bx[j].x + bx[j].w;
			}
			gal_buf_printf(b, "\" w=%.1f", x1 - x->x);
			if (x->line && (x->line->ratio != 0 || x->line->demerits != 0))
				gal_buf_printf(b, " r=%.3f d=%.0f", x->line->ratio, x->line->demerits);
			for (size_t k = i; k < j; k++)
				if ((bx[k].uri || bx[k].dest) &&
				    (k == i || bx[k].link_id != bx[k - 1].link_id))
					gal_buf_printf(b, " link=%s", bx[k].uri ? bx[k].uri : bx[k].dest);
			gal_buf_putc(b, '\n');
			i = j - 1;
			break;
		}
		case GAL_BOX_RULE:
			gal_buf_printf(b, "  rule %.1f %.1f %.1f %.1f\n", x->x, x->y, x->w, x->h);
			break;
		case GAL_BOX_RECT:
			gal_buf_printf(b, "  rect %.1f %.1f %.1f %.1f\n", x->x, x->y, x->w, x->h);
			break;
		case GAL_BOX_IMAGE:
			gal_buf_printf(b, "  image %.1f %.1f %.1f %.1f %s\n", x->x, x->y, x->w, x->h,
				       x->image ? x->image->mime : "placeholder");
			break;
		case GAL_BOX_TAG_BEGIN:
			gal_buf_printf(b, "  <%s>\n", x->name);
			break;
		case GAL_BOX_TAG_END:
			gal_buf_printf(b, "  </%s>\n", x->name);
			break;
		case GAL_BOX_DEST:
			gal_buf_printf(b, "  dest %s %.1f %.1f\n", x->name, x->x, x->y);
			break;
		case GAL_BOX_LEADER:
			gal_buf_printf(b, "  leader %.1f %.1f %.1f %.1f\n", x->x, x->y, x->w, x->h);
			break;
		case GAL_BOX_MATH:
			trace_math(b, x);
			break;
		}
	}
}

int gal_render_layout(const gal_doc *doc, const gal_opts *opts, gal_sink *sink,
		      int *pages, gal_err *err)
{
	gal_layout *L = NULL;
	gal_buf b = GAL_BUF_INIT;
	int rc;

	if (pages)
		*pages = 0;
	if ((rc = gal_layout_doc(doc, opts, &L, err)) != 0)
		goto cleanup;
	if (pages)
		*pages = (int)L->n_pages;
	for (size_t p = 0; p < L->n_pages; p++) {
		const gal_page *pg = &L->pages[p];
		gal_buf_printf(&b, "page %d %.1fx%.1f\n", pg->number, pg->w, pg->h);
		trace_boxes(&b, pg->boxes, pg->n);
		if (pg->n_furn)
			gal_buf_puts(&b, "  --\n");
		trace_boxes(&b, pg->furn, pg->n_furn);
	}
	gal_buf_printf(&b, "summary pages=%zu split-paragraphs=%d split-notes=%d landscape-tables=%d\n",
		       L->n_pages, L->split_paras, L->split_notes, L->landscape_tables);
	gal_buf_printf(&b, "widows %d\norphans %d\n", L->widows, L->orphans);
	gal_buf_printf(&b, "stranded-headings %d", L->stranded_heads);
	for (int i = 0; i < L->stranded_heads && i < 16; i++)
		gal_buf_printf(&b, " p%d", L->stranded_at[i]);
	gal_buf_printf(&b, "\nshort-pages %d", L->short_pages);
	for (int i = 0; i < L->short_pages && i < 16; i++)
		gal_buf_printf(&b, " p%d:%.0f%%", L->short_at[i], 100 * L->short_fill[i]);
	gal_buf_printf(&b, "\noff-leading %d\n", L->off_leading);
	if (gal_sink_write(sink, b.data ? b.data : "", b.len) != 0)
		rc = gal_err_set(err, GAL_E_IO, NULL, 0, 0, "cannot write the layout trace");

cleanup:
	gal_buf_free(&b);
	gal_layout_free(L);
	return rc;
}
