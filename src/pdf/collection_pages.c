/* Collections (--collection): a title page, a contents list with each
 * article's page, and each article opening on a page of its own with its
 * title block and running head. A single document's contents (the
 * style's toc) are set by the same rules. The layout is repeated until
 * the page numbers the contents print are the pages it made. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/buf.h"
#include "pdf/layout.h"

#define TOC_PASSES 5         /* layouts until the contents' page numbers hold */
/* A document longer than this many pages has its contents after its
 * title block and summaries (on a new page when that one is more than
 * half full), and its text starts on a new page after them, as a
 * report's does; a shorter one lists them under the title block, across
 * the measure, before the text, which starts on a new page after them
 * when they run past the first page. */
#define TOC_LONG_DOC 16
/* Where a document's contents go (lay_toc_state.own_page). */
enum { TOC_UNDER_TITLE, TOC_AFTER_SUMMARIES, TOC_UNDER_TITLE_THEN_PAGE };

int lay_is_collection(const gal_doc *doc)
{
	for (const gal_node *c = doc->root->first; c; c = c->next)
		if (c->type == GAL_NODE_PART && c->part_meta)
			return 1;
	return 0;
}

int gal_pdf_toc_level(const gal_doc *doc, const gal_toc_entry *e)
{
	const gal_node *top = e->node;
	while (top && top->parent && top->parent != doc->root)
		top = top->parent;
	/* a sub-article's part goes one level under its article */
	if (!top || top->type != GAL_NODE_PART || top->part_meta)
		return e->level;
	return gal_node_owning_article(doc, e->node) ? e->level + 1 : e->level;
}

/* An opening page (the contents, an article): a new page unless this one
 * is still empty; the running head carries `title` from the page after
 * it. Figures still waiting are placed first: they belong to the text
 * before. */
static int page_break(lay *ly, const char *title, const char *lang)
{
	int rc = lay_flush_floats(ly, 1);
	if (rc)
		return rc;
	ly->rh.text = title;
	ly->rh.lang = lang;
	ly->rh.opener = 1;
	if (ly->frame.page->n == 0 && ly->frame.col == 0 && ly->notes.n == 0) {
		ly->frame.page->n_furn = 0;
		lay_running_furniture(ly);
	} else {
		ly->frame.col = ly->frame.cols - 1;   /* no column left on this page */
		ly->frame.forced = 1;
		rc = lay_next_frame(ly);
	}
	ly->rh.opener = 0;
	return rc;
}

/* The collection's date, by the rules every timestamp follows:
 * SOURCE_DATE_EPOCH, else the newest article's date, else now (which the
 * caller put in opts->epoch). A day, not a time. */
static const char *collection_date(lay *ly)
{
	const gal_opts *o = ly->opts;
	const char *d = ly->doc->meta.date;
	char buf[32];
	if (!o->epoch_set && d && *d) {
		if (strlen(d) <= 10 || d[4] != '-' || d[7] != '-')
			return d;
		snprintf(buf, sizeof buf, "%.10s", d);
		return lay_keep_str(ly, xstrdup(buf));
	}
	if (!o->epoch_set && o->epoch <= 0)
		return NULL;
	time_t t = (time_t)o->epoch;
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
	return lay_keep_str(ly, xstrdup(buf));
}

/* The title page: the collection's title a third of the way down, the
 * number of articles under it, a hairline and the date. No running head
 * and no folio: it is page 1. */
static int lay_title_page(lay *ly)
{
	const gal_doc *doc = ly->doc;
	const gal_textstyle *tt = TS(ly, GAL_PART_TITLE);
	const gal_textstyle *dl = TS(ly, GAL_PART_DATELINE);
	const char *date = collection_date(ly);
	para_spec s;
	int rc;

	ly->cur.y = ly->frame.mt + (ly->frame.bottom - ly->frame.mt) * 0.28;
	lay_spec_init(&s, GAL_PART_TITLE);
	s.tag = "H1";
	s.size_scale = 1.4;
	s.align = tt->align == GAL_ALIGN_JUSTIFY || tt->align == GAL_ALIGN_DEFAULT ?
		  GAL_ALIGN_LEFT : tt->align;
	s.splittable = 0;
	if (!doc->meta.title)
		s.prefix = doc->title_text;
	if ((rc = lay_para_spec(ly, doc->meta.title, &s)) != 0)
		return rc;
	if (doc->articles_text) {
		lay_spec_init(&s, GAL_PART_SUBTITLE);
		s.prefix = doc->articles_text;
		s.align = GAL_ALIGN_LEFT;
		s.space_before = fmax(TS(ly, GAL_PART_SUBTITLE)->space_before, 6);
		if ((rc = lay_para_spec(ly, NULL, &s)) != 0)
			return rc;
	}
	ly->cur.y += 10;
	lay_rule(ly, ly->frame.ml, ly->cur.y, ly->frame.text_w, 0, 0.6, dl->rule_color);
	if (date) {
		lay_spec_init(&s, GAL_PART_DATELINE);
		s.prefix = date;
		s.align = GAL_ALIGN_LEFT;
		s.space_before = 8;
		rc = lay_para_spec(ly, NULL, &s);
	}
	return rc;
}

/* One line of the contents: the entry's text (turned-over lines indented
 * by an em) linked to its destination, dotted leaders on a grid that
 * keeps the dots of all entries in columns, and the page number ranged
 * right in a column as wide as the widest number. An article's entry has
 * its byline under it and stays with `keep` points of what follows. */
typedef struct toc_look {
	gal_textstyle text[3];       /* an article's entry, a section's, and a
				      * document's top section's (bold) */
	gal_textstyle num[3];        /* the same in tabular figures */
	double numw;                 /* the number column */
	double em, pitch;            /* the body's em; the leaders' step */
} toc_look;

/* The contents' type: articles in the h3 style, sections in the body's,
 * a document's top sections in the body's bold when subsections follow
 * them (the first `n` of these), never hyphenated; numbers in tabular
 * figures, their column as wide as the widest number of any, so all
 * leaders end on one line and their dots stand in columns. */
static void toc_look_init(lay *ly, toc_look *tl, int n)
{
	const gal_textstyle *body = TS(ly, GAL_PART_BODY);
	char zeros[16];
	int nd = ly->num_digits < (int)sizeof zeros ? ly->num_digits : (int)sizeof zeros - 1;
	memset(zeros, '0', (size_t)nd);
	zeros[nd] = '\0';
	tl->em = body->size > 0 ? body->size : 10;
	tl->pitch = tl->em * 0.5;
	tl->numw = 0;
	for (int i = 0; i < n; i++) {
		gal_textstyle *t = &tl->text[i], *nt = &tl->num[i];
		*t = *TS(ly, i == 0 ? GAL_PART_H3 : GAL_PART_BODY);
		t->hyphenate = 0;
		t->align = GAL_ALIGN_LEFT;
		if (i == 2)
			t->weight = t->weight >= 600 ? 800 : 700;
		*nt = *t;
		size_t fl = strlen(nt->features);
		if (fl + sizeof ",tnum=1" <= sizeof nt->features)
			memcpy(nt->features + fl, fl ? ",tnum=1" : "tnum=1",
			       fl ? sizeof ",tnum=1" : sizeof "tnum=1");
		gal_para_opts po = lay_para_opts(ly);
		double mn, mx;
		po.ts = nt;
		po.lang = ly->doc->meta.lang;
		gal_para *zp = gal_para_new_text(zeros, &po);
		gal_para_extents(zp, &mn, &mx);
		gal_para_free(zp);
		tl->numw = fmax(tl->numw, mx);
	}
}

/* An entry's page number in its column, at the right of the contents
 * (the left of a collection set right to left), and the leaders to it
 * from the text's last line, which runs from xs to xe: their dots on a
 * grid counted from the number's side. */
static void toc_number(lay *ly, const toc_look *tl, const gal_toc_entry *e, int page,
		       int look, gal_para_opts po, double xs, double xe, double base,
		       uint32_t color)
{
	int rtl = ly->frame.rtl;
	double em = tl->em, numw = tl->numw, pitch = tl->pitch, gap = em;
	double left = ly->frame.x0, right = ly->frame.x0 + ly->frame.w;
	char num[32];
	snprintf(num, sizeof num, "%d", page);
	po.ts = &tl->num[look];
	gal_para *np = lay_keep_para(ly, gal_para_new_text(num, &po));
	gal_para_add_dest(np, 0, np->len, e->id);
	double nw = numw + em;   /* a number wider than the column still fits */
	size_t nn;
	gal_line *nln = lay_lines(ly, np, &nw, 1, GAL_ALIGN_FLUSH_LEFT, &nn);
	double lx0 = rtl ? left + numw + gap * 0.5 : xe + gap * 0.5;
	double lx1 = rtl ? xs - gap * 0.5 : right - numw - gap * 0.5;
	if (lx1 - lx0 >= pitch) {
		double k = floor((lx1 - lx0) / pitch);
		gal_box *b = lay_box(ly, GAL_BOX_LEADER);
		b->x = rtl ? lx0 : lx1 - k * pitch;
		b->y = base;
		b->w = k * pitch;
		b->h = pitch;
		b->lw = fmax(em * 0.09, 0.6);
		b->color = color;
	}
	if (nn)
		lay_emit_line(ly, 0, np, &nln[0], rtl ? left : right - nln[0].width, base, color);
}

static int toc_entry(lay *ly, const toc_look *tl, const gal_toc_entry *e, int page,
		     int look, double ind, double labw, double keep)
{
	int top = look == 0;
	const gal_meta *m = top && e->node->type == GAL_NODE_PART ? e->node->part_meta : NULL;
	const char *lang = e->node->eff_lang ? e->node->eff_lang : ly->doc->meta.lang;
	const gal_textstyle *ts = &tl->text[look];
	gal_para_opts po = lay_para_opts(ly);
	double em = tl->em, numw = tl->numw;
	double hang = em, gap = em, lead = leading_of(TS(ly, GAL_PART_BODY));
	int rc;

	po.lang = lang;
	po.dir = e->node->rtl ? GAL_DIR_RTL : GAL_DIR_LTR;
	po.ts = ts;
	/* every entry hangs from the contents' start side, whatever its own
	 * direction, so that the levels' indents line up */
	int rtl = ly->frame.rtl;
	/* the number in a column labw wide before the text (contents set
	 * right to left run it in), or run in */
	gal_para *lp = NULL;
	gal_line *lln = NULL;
	size_t nll = 0;
	gal_buf t = GAL_BUF_INIT;
	if (!top && e->node->label && labw > 0 && !rtl) {
		lp = lay_keep_para(ly, gal_para_new_text(e->node->label, &po));
		if (page > 0)
			gal_para_add_dest(lp, 0, lp->len, e->id);
		lln = lay_lines(ly, lp, &labw, 1, GAL_ALIGN_LEFT, &nll);
	} else if (!top && e->node->label) {
		gal_buf_printf(&t, "%s\xe2\x80\x82", e->node->label);
	}
	gal_buf_puts(&t, e->text ? e->text : "");
	gal_para *p = lay_keep_para(ly, gal_para_new_text(t.data ? t.data : "", &po));
	gal_buf_free(&t);
	if (page > 0)
		gal_para_add_dest(p, 0, p->len, e->id);
	int align = rtl ? GAL_ALIGN_RIGHT : GAL_ALIGN_FLUSH_LEFT;
	double W = ly->frame.w - ind - numw - gap;
	double ws[2] = { W, W - hang };
	size_t nl;
	gal_line *ln = lay_lines(ly, p, ws, 2, align, &nl);
	double h = 0;
	/* turned-over lines indented at the start: right to left, they are
	 * set flush right in the narrower measure */
	for (size_t i = 0; i < nl; i++) {
		h += ln[i].height;
		if (i > 0 && !rtl)
			for (size_t k = 0; k < ln[i].n; k++)
				ln[i].pieces[k].x += hang;
	}
	gal_para *bp = NULL;
	gal_line *bl = NULL;
	size_t nbl = 0;
	if (m && m->author_text) {
		gal_para_opts bo = { 0 };
		bo.ts = TS(ly, GAL_PART_BYLINE);
		bo.lang = lang;
		bp = lay_keep_para(ly, gal_para_new_text(m->author_text, &bo));
		bl = lay_lines(ly, bp, &W, 1, align, &nbl);
		for (size_t i = 0; i < nbl; i++)
			h += bl[i].height;
	}
	if (!nl)
		return 0;
	ly->cur.pending = fmax(ly->cur.pending, top ? lead * 0.7 : look == 2 ? lead * 0.3 : 1);
	if (can_move(ly) && ly->cur.y + ly->cur.pending + h + keep > ly->frame.bottom &&
	    (rc = lay_next_frame(ly)) != 0)
		return rc;
	/* the text between the level's indent and the number column, both
	 * mirrored in a collection set right to left */
	double x = rtl ? ly->frame.x0 + numw + gap : ly->frame.x0 + ind;
	if (nll) {
		lay_apply_pending(ly);
		lay_emit_line(ly, 0, lp, &lln[0], x - labw, ly->cur.y + gal_line_base(p, &ln[0]),
			      ts->color);
	}
	if ((rc = lay_place_lines(ly, p, ln, nl, x, ts->color, 0, 0)) != 0)
		return rc;
	const gal_line *last = &ln[nl - 1];
	double base = ly->cur.y - last->height + gal_line_base(p, last);
	if (page > 0) {
		double xs = x + ws[nl > 1] - last->width;
		double xe = x + (nl > 1 ? hang : 0) + last->width;
		toc_number(ly, tl, e, page, look, po, xs, xe, base, ts->color);
	}
	if (bp) {
		lay_tag_begin(ly, "P");
		rc = lay_place_lines(ly, bp, bl, nbl, x, TS(ly, GAL_PART_BYLINE)->color, 0, 0);
		lay_tag_end(ly, "P");
	}
	return rc;
}

/* The contents: every article with its byline and its top sections, each
 * with its page, as a TOC of TOCIs (an article's sections a TOC inside its
 * TOCI). Set across the whole measure, whatever the columns. */
static int lay_toc(lay *ly)
{
	const gal_doc *doc = ly->doc;
	const gal_textstyle *tt = TS(ly, GAL_PART_TITLE);
	const gal_textstyle *dl = TS(ly, GAL_PART_DATELINE);
	int in_item = 0, in_sub = 0, rc;
	para_spec s;

	if ((rc = page_break(ly, doc->labels.contents, doc->meta.lang)) != 0)
		return rc;
	lay_spec_init(&s, GAL_PART_TITLE);
	s.tag = "H2";
	s.prefix = doc->labels.contents;
	s.align = tt->align == GAL_ALIGN_JUSTIFY || tt->align == GAL_ALIGN_DEFAULT ?
		  GAL_ALIGN_LEFT : tt->align;
	s.splittable = 0;
	if ((rc = lay_para_spec(ly, NULL, &s)) != 0)
		return rc;
	ly->cur.y += 6;
	lay_rule(ly, ly->frame.ml, ly->cur.y, ly->frame.text_w, 0, 0.6, dl->rule_color);
	ly->cur.pending = dl->space_after > 0 ? dl->space_after : leading_of(TS(ly, GAL_PART_BODY));
	toc_look tl;
	toc_look_init(ly, &tl, 2);
	ly->quiet_links = 1;
	lay_tag_begin(ly, "TOC");
	for (size_t i = 0; i < doc->n_toc && !rc; i++) {
		const gal_toc_entry *e = &doc->toc[i];
		int lv = gal_pdf_toc_level(doc, e);
		int page = ly->toc_pages ? ly->toc_pages[i] : 0;
		if (lv > 2)
			continue;
		if (lv == 1) {
			if (in_sub)
				lay_tag_end(ly, "TOC");
			if (in_item)
				lay_tag_end(ly, "TOCI");
			in_sub = 0;
			lay_tag_begin(ly, "TOCI");
			in_item = 1;
			/* an article stays with the first line under it */
			double keep = 0;
			for (size_t k = i + 1; k < doc->n_toc; k++) {
				int kl = gal_pdf_toc_level(doc, &doc->toc[k]);
				if (kl <= 2) {
					keep = kl == 2 ? leading_of(TS(ly, GAL_PART_BODY)) : 0;
					break;
				}
			}
			rc = toc_entry(ly, &tl, e, page, 0, 0, 0, keep);
		} else {
			if (in_item && !in_sub) {
				lay_tag_begin(ly, "TOC");
				in_sub = 1;
			}
			lay_tag_begin(ly, "TOCI");
			rc = toc_entry(ly, &tl, e, page, 1, tl.em * 1.5, 0, 0);
			lay_tag_end(ly, "TOCI");
		}
	}
	if (in_sub)
		lay_tag_end(ly, "TOC");
	if (in_item)
		lay_tag_end(ly, "TOCI");
	lay_tag_end(ly, "TOC");
	ly->quiet_links = 0;
	return rc;
}

/* The title page and the contents, across the whole measure. */
int lay_front_pages(lay *ly)
{
	int cols = ly->frame.cols, rc;
	double colw = ly->frame.colw;

	ly->frame.cols = 1;
	ly->frame.colw = ly->frame.w = ly->frame.text_w;
	ly->frame.x0 = ly->frame.ml;
	rc = lay_title_page(ly);
	if (!rc)
		rc = lay_toc(ly);
	ly->frame.cols = cols;
	ly->frame.colw = colw;
	ly->frame.x0 = lay_col_x(&ly->frame, ly->frame.col);
	return rc;
}

/* An article of a collection: a new page, its own title block across the
 * measure as on a single article's first page, its blocks with headings
 * styled as there, and its title in the running heads that follow. */
int lay_article(lay *ly, const gal_node *part)
{
	const gal_meta *m = part->part_meta;
	const char *lang = part->eff_lang ? part->eff_lang : ly->doc->meta.lang;
	const gal_labels *saved = ly->labels;
	int rc;

	if ((rc = page_break(ly, m->short_title ? m->short_title : m->title_text, lang)) != 0)
		return rc;
	size_t opening = ly->L->n_pages;
	lay_tag_begin(ly, "Art");
	lay_dest(ly, part->id, ly->frame.ml, ly->cur.y);
	ly->labels = &m->labels;
	ly->frame.w = ly->frame.text_w;
	ly->frame.x0 = ly->frame.ml;
	rc = lay_title_block(ly, m, m->title_text, m->author_text, lang, lay_heading_tag(1));
	ly->frame.w = ly->frame.colw;
	ly->frame.x0 = lay_col_x(&ly->frame, ly->frame.col);
	/* the space under the title block is owed, not dropped at the top */
	if (!rc && ly->L->n_pages == opening) {
		ly->cur.y += ly->cur.pending;
		ly->cur.pending = 0;
	}
	ly->frame.flow_top = ly->cur.y;
	ly->frame.flow_box = ly->frame.page->n;
	if (!rc)
		rc = lay_front_rest(ly);
	/* the article's blocks at the depth they have in its own document
	 * (figures decide by it whether they may wait for the next frame) */
	ly->level_shift = 1;
	ly->cur.depth--;
	const gal_node *c = part->first;
	if (c && c->type == GAL_NODE_HEADING)
		c = c->next;   /* the title block stands for it */
	for (; c && !rc; c = c->next)
		rc = lay_block(ly, c);
	ly->cur.depth++;
	ly->level_shift = 0;
	ly->labels = saved;
	ly->cur.after_para = 0;
	lay_tag_end(ly, "Art");
	return rc;
}

/* ---- a document's contents -------------------------------------------- */

static int toc_depth(const gal_style *st)
{
	return st->toc_depth > 0 ? st->toc_depth : 2;
}

int lay_has_contents(const gal_doc *doc, const gal_style *st)
{
	if (lay_is_collection(doc))
		return 1;
	if (!st->toc)
		return 0;
	for (size_t i = 0; i < doc->n_toc; i++)
		if (gal_pdf_toc_level(doc, &doc->toc[i]) <= toc_depth(st))
			return 1;
	return 0;
}

/* The next entry the contents show after entry i (n_toc: none). */
static size_t next_shown(const gal_doc *doc, size_t i, int depth)
{
	for (i++; i < doc->n_toc; i++)
		if (gal_pdf_toc_level(doc, &doc->toc[i]) <= depth)
			break;
	return i;
}

/* The nesting depth of each entry the contents show (a level the source
 * skips is not a depth), as doc_toc nests them. */
static void toc_depths(const gal_doc *doc, int depth, int *dep)
{
	int lv[8], d = 0;
	for (size_t i = next_shown(doc, (size_t)-1, depth); i < doc->n_toc;
	     i = next_shown(doc, i, depth)) {
		int l = gal_pdf_toc_level(doc, &doc->toc[i]);
		while (d > 0 && lv[d - 1] >= l)
			d--;
		if (d == (int)(sizeof lv / sizeof lv[0]))
			d--;
		lv[d] = l;
		dep[i] = d++;
	}
}

/* Where each depth's numbers and text start: the numbers of a depth in
 * a column as wide as its widest number and an en space, its text after
 * them; the numbers of the depth below under that text (an em and a
 * half in when a depth has no numbers). */
static void toc_columns(lay *ly, const toc_look *tl, const int *dep, int depth, int deeper,
			double *text_x, double *labw)
{
	const gal_doc *doc = ly->doc;
	gal_para_opts po = lay_para_opts(ly);
	double lab_x = 0;
	for (int d = 0; d < 8; d++)
		labw[d] = 0;
	for (size_t i = next_shown(doc, (size_t)-1, depth); i < doc->n_toc;
	     i = next_shown(doc, i, depth)) {
		const gal_node *n = doc->toc[i].node;
		if (!n->label)
			continue;
		gal_buf t = GAL_BUF_INIT;
		gal_buf_printf(&t, "%s\xe2\x80\x82", n->label);
		po.ts = &tl->text[gal_pdf_toc_level(doc, &doc->toc[i]) == 1 && deeper ? 2 : 1];
		po.lang = n->eff_lang ? n->eff_lang : doc->meta.lang;
		gal_para *p = gal_para_new_text(t.data, &po);
		double mn, mx;
		gal_para_extents(p, &mn, &mx);
		gal_para_free(p);
		gal_buf_free(&t);
		labw[dep[i]] = fmax(labw[dep[i]], ceil(mx));
	}
	for (int d = 0; d < 8; d++) {
		text_x[d] = lab_x + labw[d];
		lab_x += labw[d] > 0 ? labw[d] : tl->em * 1.5;
	}
}

/* The contents' own heading, then each heading down to the style's
 * toc-depth with its number, leaders and page, a TOCI in a TOC, the
 * entries under it in a TOC of its own; each level indented by an em and
 * a half under the one it belongs to (a level the source skips is not
 * an indent). Top entries are bold when subsections follow them, and
 * keep with the first. */
static int doc_toc(lay *ly)
{
	const gal_doc *doc = ly->doc;
	int depth = toc_depth(ly->st), deeper = 0, rc;
	int lv[8], sub[8], d = 0;   /* the open entries: their levels, nested TOCs */
	double lead = leading_of(TS(ly, GAL_PART_BODY));
	para_spec s;

	/* headed as a top section is, and tagged as one */
	lay_spec_init(&s, GAL_PART_H1);
	s.tag = lay_heading_tag(1);
	s.prefix = doc->labels.contents;
	s.align = GAL_ALIGN_LEFT;
	s.splittable = 0;
	s.keep_after = 2 * lead;
	if ((rc = lay_para_spec(ly, NULL, &s)) != 0)
		return rc;
	for (size_t i = 0; i < doc->n_toc; i++) {
		int l = gal_pdf_toc_level(doc, &doc->toc[i]);
		deeper |= l > 1 && l <= depth;
	}
	toc_look tl;
	toc_look_init(ly, &tl, 3);
	int *dep = xcalloc(doc->n_toc + 1, sizeof *dep);
	double text_x[8], labw[8];
	toc_depths(doc, depth, dep);
	toc_columns(ly, &tl, dep, depth, deeper, text_x, labw);
	ly->quiet_links = 1;
	lay_tag_begin(ly, "TOC");
	for (size_t i = next_shown(doc, (size_t)-1, depth); i < doc->n_toc && !rc;
	     i = next_shown(doc, i, depth)) {
		const gal_toc_entry *e = &doc->toc[i];
		int l = gal_pdf_toc_level(doc, e);
		for (; d > 0 && lv[d - 1] >= l; d--) {
			if (sub[d - 1])
				lay_tag_end(ly, "TOC");
			lay_tag_end(ly, "TOCI");
		}
		if (d == (int)(sizeof lv / sizeof lv[0]))
			d--;   /* deeper than any source nests: a sibling */
		if (d > 0 && !sub[d - 1]) {
			lay_tag_begin(ly, "TOC");
			sub[d - 1] = 1;
		}
		lay_tag_begin(ly, "TOCI");
		lv[d] = l;
		sub[d++] = 0;
		size_t k = next_shown(doc, i, depth);
		double keep = k < doc->n_toc && gal_pdf_toc_level(doc, &doc->toc[k]) > l ? lead : 0;
		int page = ly->toc_pages ? ly->toc_pages[i] : 0;
		rc = toc_entry(ly, &tl, e, page, l == 1 && deeper ? 2 : 1,
			       text_x[dep[i]], labw[dep[i]], keep);
	}
	for (; d > 0; d--) {
		if (sub[d - 1])
			lay_tag_end(ly, "TOC");
		lay_tag_end(ly, "TOCI");
	}
	lay_tag_end(ly, "TOC");
	ly->quiet_links = 0;
	ly->cur.pending = fmax(ly->cur.pending, lead);
	free(dep);
	return rc;
}

/* A new page for the contents or the text after them, unless this one is
 * still empty; the page it ends is ended by a forced break. */
static int fresh_page(lay *ly)
{
	int rc = lay_flush_floats(ly, 1);
	if (rc || (lay_page_blank(ly) && ly->frame.col == 0 && ly->notes.n == 0))
		return rc;
	ly->frame.col = ly->frame.cols - 1;
	ly->frame.forced = 1;
	return lay_next_frame(ly);
}

int lay_doc_contents(lay *ly, int at)
{
	int cols = ly->frame.cols, rc;
	double colw = ly->frame.colw, w = ly->frame.w;
	size_t first = ly->L->n_pages;

	if (at != (ly->toc_own_page == TOC_AFTER_SUMMARIES))
		return 0;
	/* after the summaries: on a new page, unless the page they end on
	 * is less than half full (its columns evened out above them) */
	int room = at == 1 && ly->frame.col == 0 &&
		   ly->cur.y - ly->frame.mt < (ly->frame.bottom0 - ly->frame.mt) / 2 &&
		   (ly->frame.cols == 1 || lay_even_columns(ly));
	if (at == 1 && !room && (rc = fresh_page(ly)) != 0)
		return rc;
	/* across the whole measure, whatever the columns: a page they end
	 * is full in one column, one they leave to the columns in two */
	ly->frame.page_cols = 1;
	ly->frame.cols = 1;
	ly->frame.colw = ly->frame.w = ly->frame.text_w;
	ly->frame.x0 = ly->frame.ml;
	rc = doc_toc(ly);
	if (at == 0 && ly->L->n_pages != first)
		ly->L->toc_spilled = 1;
	ly->frame.cols = ly->frame.page_cols = cols;
	ly->frame.colw = colw;
	ly->frame.w = at == 1 ? colw : w;
	ly->frame.x0 = lay_col_x(&ly->frame, ly->frame.col);
	if (!rc && (at == 1 || ly->toc_own_page == TOC_UNDER_TITLE_THEN_PAGE))
		rc = fresh_page(ly);
	return rc;
}

/* The page of each TOC entry's destination in a layout (0: none). */
static void toc_pages_of(const gal_doc *doc, const gal_layout *L, int *pages)
{
	GHashTable *at = g_hash_table_new(g_str_hash, g_str_equal);
	for (size_t p = 0; p < L->n_pages; p++)
		for (size_t i = 0; i < L->pages[p].n; i++) {
			const gal_box *b = &L->pages[p].boxes[i];
			if (b->kind == GAL_BOX_DEST && b->name &&
			    !g_hash_table_contains(at, b->name))
				g_hash_table_insert(at, (gpointer)b->name,
						    GINT_TO_POINTER(L->pages[p].number));
		}
	for (size_t i = 0; i < doc->n_toc; i++)
		pages[i] = doc->toc[i].id ?
			   GPOINTER_TO_INT(g_hash_table_lookup(at, doc->toc[i].id)) : 0;
	g_hash_table_destroy(at);
}

/* The page numbers of the contents depend on how long the contents are:
 * lay out, read the pages, and again until they hold. The numbers sit in
 * a column as wide as the widest, so only a change in its digits changes
 * the contents' length, and that only grows: two passes, rarely three.
 * A document that turns out long (TOC_LONG_DOC) gets its contents after
 * its summaries and its text on a new page, and one whose contents run
 * past the first page its text on a new page after them, each once and for good (the modes only
 * go up). What the last layout's contents
 * print is handed back for balancing its last page. */
int lay_contents(const gal_doc *doc, const gal_opts *opts, gal_formulas *fx,
		 gal_layout **out, lay_toc_state *toc, gal_err *err)
{
	int *used = xcalloc(doc->n_toc + 1, sizeof *used);
	int *found = xcalloc(doc->n_toc + 1, sizeof *found);
	int digits = 2, own = 0, rc = 0;
	int collection = lay_is_collection(doc);
	lay_toc_state laid = { 0 };        /* what L's contents print */
	gal_layout *L = NULL;

	for (int pass = 0; pass < TOC_PASSES; pass++) {
		lay_toc_state t = { used, digits, own };
		gal_layout_free(L);
		if ((rc = lay_doc(doc, opts, fx, &t, 0, 0, &L, err)) != 0)
			break;
		laid = t;
		toc_pages_of(doc, L, found);
		int nd = 2;
		for (size_t n = L->n_pages; n >= 100; n /= 10)
			nd++;
		int own_next = own;
		if (!collection && (int)L->n_pages > TOC_LONG_DOC)
			own_next = TOC_AFTER_SUMMARIES;
		else if (!collection && L->toc_spilled && own == TOC_UNDER_TITLE)
			own_next = TOC_UNDER_TITLE_THEN_PAGE;
		if (nd == digits && own_next == own &&
		    !memcmp(used, found, (doc->n_toc + 1) * sizeof *used))
			break;
		int *x = used;
		used = found;
		found = x;
		digits = nd;
		own = own_next;
	}
	if (rc) {
		free(used);
		free(found);
		return rc;
	}
	*toc = laid;
	free(laid.pages == used ? found : used);
	*out = L;
	return 0;
}
