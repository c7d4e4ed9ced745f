/* Shared by the PDF unit tests: a hand-filled brief style (style.c loads
 * styles/brief.ini in the program), and weak stand-ins for modules that
 * may not be linked yet (the real ones win when they are). */
#ifndef GAL_PDF_FIXTURE_H
#define GAL_PDF_FIXTURE_H

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/sink.h"
#include "model/doc.h"
#include "model/image.h"
#include "style/style.h"

static void ts_set(gal_textstyle *t, const char *fam, double size, double lead,
		   int weight, int italic, uint32_t color)
{
	snprintf(t->family, sizeof t->family, "%s", fam);
	t->size = size;
	t->leading = lead;
	t->weight = weight;
	t->italic = italic;
	t->color = color;
	t->background = 0xFFFFFFFFu;
	t->rule_color = 0x999999;
	t->hyphenate = 1;
}

static void fixture_style(gal_style *st)
{
	memset(st, 0, sizeof *st);
	snprintf(st->name, sizeof st->name, "brief");
	st->page_w = 595.276;
	st->page_h = 841.89;
	st->margin_top = 68;
	st->margin_bottom = 68;
	st->margin_inner = 72;
	st->margin_outer = 72;
	st->columns = 1;
	st->column_gap = 18;
	st->running_head = 1;
	st->page_numbers = 1;
	st->widows = st->orphans = 2;
	for (int i = 0; i < GAL_PART_COUNT; i++)
		ts_set(&st->part[i], "Charis SIL", 10.5, 15, 400, 0, 0x1A1A1A);
	gal_textstyle *p = st->part;
	p[GAL_PART_BODY].align = GAL_ALIGN_JUSTIFY;
	p[GAL_PART_BODY].indent = 14;
	ts_set(&p[GAL_PART_TITLE], "Noto Sans", 25, 30, 700, 0, 0x111111);
	p[GAL_PART_TITLE].space_after = 6;
	ts_set(&p[GAL_PART_SUBTITLE], "Charis SIL", 13.5, 18.5, 400, 1, 0x3A3A3A);
	p[GAL_PART_SUBTITLE].space_after = 4;
	ts_set(&p[GAL_PART_BYLINE], "Noto Sans", 8.5, 12, 600, 0, 0x222222);
	p[GAL_PART_BYLINE].uppercase = 1;
	p[GAL_PART_BYLINE].letterspacing = 0.05;
	ts_set(&p[GAL_PART_DATELINE], "Noto Sans", 8.5, 12, 400, 0, 0x666666);
	ts_set(&p[GAL_PART_H1], "Noto Sans", 13.5, 17, 700, 0, 0x111111);
	p[GAL_PART_H1].space_before = 15;
	p[GAL_PART_H1].space_after = 5;
	ts_set(&p[GAL_PART_H2], "Noto Sans", 11.5, 15, 700, 0, 0x111111);
	p[GAL_PART_H2].space_before = 12;
	p[GAL_PART_H2].space_after = 4;
	ts_set(&p[GAL_PART_H3], "Noto Sans", 10.5, 14, 600, 0, 0x111111);
	ts_set(&p[GAL_PART_H4], "Noto Sans", 10.5, 14, 400, 1, 0x111111);
	ts_set(&p[GAL_PART_BLOCKQUOTE], "Charis SIL", 10.5, 15, 400, 1, 0x333333);
	p[GAL_PART_BLOCKQUOTE].margin_left = 20;
	p[GAL_PART_BLOCKQUOTE].margin_right = 20;
	p[GAL_PART_BLOCKQUOTE].align = GAL_ALIGN_LEFT;
	p[GAL_PART_BLOCKQUOTE].rule_color = 0x1F4E8C;
	ts_set(&p[GAL_PART_PULLQUOTE], "Noto Sans", 15, 20, 600, 0, 0x1F4E8C);
	p[GAL_PART_PULLQUOTE].rule_color = 0x1F4E8C;
	ts_set(&p[GAL_PART_ASIDE], "Noto Sans", 9, 13, 400, 0, 0x222222);
	p[GAL_PART_ASIDE].background = 0xF1F3F6;
	p[GAL_PART_ASIDE].rule_color = 0xC5CCD6;
	p[GAL_PART_ASIDE].align = GAL_ALIGN_LEFT;
	ts_set(&p[GAL_PART_CAPTION], "Noto Sans", 8.5, 12, 400, 0, 0x333333);
	ts_set(&p[GAL_PART_CREDIT], "Noto Sans", 6.5, 9, 400, 0, 0x777777);
	p[GAL_PART_CREDIT].uppercase = 1;
	ts_set(&p[GAL_PART_FOOTNOTE], "Charis SIL", 8, 10.5, 400, 0, 0x333333);
	p[GAL_PART_FOOTNOTE].align = GAL_ALIGN_LEFT;
	ts_set(&p[GAL_PART_CODE], "Noto Sans Mono", 8.5, 12, 400, 0, 0x222222);
	p[GAL_PART_CODE].min_size = 6;
	p[GAL_PART_CODE].background = 0xF4F4F4;
	ts_set(&p[GAL_PART_TABLE], "Noto Sans", 8.5, 11.5, 400, 0, 0x1A1A1A);
	p[GAL_PART_TABLE].background = 0xEDF0F4;
	p[GAL_PART_TABLE].rule_color = 0x333333;
	ts_set(&p[GAL_PART_LIST], "Charis SIL", 10.5, 15, 400, 0, 0x1A1A1A);
	p[GAL_PART_LIST].indent = 16;
	p[GAL_PART_LIST].align = GAL_ALIGN_JUSTIFY;
	p[GAL_PART_LIST].space_before = 4;
	p[GAL_PART_LIST].space_after = 4;
	ts_set(&p[GAL_PART_SUMMARY], "Noto Sans", 9.5, 14, 400, 0, 0x1A1A1A);
	p[GAL_PART_SUMMARY].background = 0xF1F3F6;
	p[GAL_PART_SUMMARY].align = GAL_ALIGN_LEFT;
	ts_set(&p[GAL_PART_REFERENCES], "Charis SIL", 9, 12.5, 400, 0, 0x1A1A1A);
	p[GAL_PART_REFERENCES].align = GAL_ALIGN_LEFT;
	ts_set(&p[GAL_PART_RUNNING_HEAD], "Noto Sans", 7.5, 10, 400, 0, 0x666666);
	p[GAL_PART_RUNNING_HEAD].uppercase = 1;
	p[GAL_PART_RUNNING_HEAD].letterspacing = 0.06;
	p[GAL_PART_RUNNING_HEAD].rule_color = 0xBBBBBB;
	ts_set(&p[GAL_PART_FOLIO], "Noto Sans", 8, 10, 400, 0, 0x666666);
}

/* ---- weak stand-ins ------------------------------------------------------ */

struct gal_sink { gal_buf b; };

__attribute__((weak)) gal_sink *gal_sink_new_memory(void)
{
	return xcalloc(1, sizeof(struct gal_sink));
}

__attribute__((weak)) int gal_sink_write(gal_sink *s, const void *data, size_t len)
{
	gal_buf_put(&s->b, data, len);
	return 0;
}

__attribute__((weak)) const unsigned char *gal_sink_data(const gal_sink *s, size_t *len)
{
	*len = s->b.len;
	return (const unsigned char *)s->b.data;
}

__attribute__((weak)) void gal_sink_abort(gal_sink *s)
{
	gal_buf_free(&s->b);
	free(s);
}

__attribute__((weak)) gal_image *gal_image_load(gal_doc *doc, const char *src,
						const gal_opts *opts, const char **why)
{
	(void)src;
	(void)opts;
	gal_image *im = gal_doc_alloc(doc, sizeof *im);
	im->status = GAL_IMG_MISSING;
	*why = "not found";
	return im;
}

#endif
