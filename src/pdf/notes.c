/* Footnotes at the foot of the frame whose line calls them: each note is
 * shaped once per measure, the frame's text ends above its notes, and a
 * note taller than the room under its call is split, its rest carried to
 * the foot of the next page. */
#include <stdio.h>
#include <stdlib.h>

#include "pdf/layout.h"

static int note_placed(const lay_notes *nt, const gal_node *fn)
{
	if (g_hash_table_contains(nt->placed, fn))
		return 1;
	for (size_t i = 0; i < nt->n; i++)
		if (nt->box[i].fn == fn)
			return 1;
	return 0;
}

static notebox make_note(lay *ly, const gal_node *fn)
{
	notebox nb = { fn, NULL, NULL, 0, 0, 0, 0 };
	notebox *cached = g_hash_table_lookup(ly->notes.made, fn);
	if (cached && cached->w == ly->frame.w)
		return *cached;
	gal_para_opts po = lay_para_opts(ly);
	char prefix[64];

	po.ts = TS(ly, GAL_PART_FOOTNOTE);
	po.code = TS(ly, GAL_PART_CODE);
	po.lang = fn->eff_lang;
	snprintf(prefix, sizeof prefix, "%s\xe2\x80\x82", fn->label ? fn->label : "*");
	nb.p = lay_keep_para(ly, gal_para_new(ly->doc, fn, prefix, NULL, &po));
	double w = ly->frame.w;
	nb.lines = lay_lines(ly, nb.p, &w, 1, GAL_ALIGN_LEFT, &nb.n);
	for (size_t i = 0; i < nb.n; i++)
		nb.h += nb.lines[i].height;
	nb.h += 2;
	nb.w = w;
	if (!cached) {
		cached = xmalloc(sizeof *cached);
		g_hash_table_insert(ly->notes.made, (gpointer)fn, cached);
	}
	*cached = nb;
	return nb;
}

/* Height the notes called from `ln` would add to this frame. */
double lay_notes_need(lay *ly, const gal_line *ln, notebox *made, size_t *n_made)
{
	double h = 0;
	for (size_t i = 0; i < ln->n_notes; i++) {
		const gal_node *fn = ln->notes[i];
		int dup = note_placed(&ly->notes, fn);
		for (size_t k = 0; k < *n_made && !dup; k++)
			dup = made[k].fn == fn;
		if (dup)
			continue;
		if (*n_made >= 32)
			break;
		made[*n_made] = make_note(ly, fn);
		h += made[*n_made].h;
		(*n_made)++;
	}
	if (h > 0 && ly->notes.n == 0)
		h += 10;   /* the separator */
	return h;
}

static void add_notes(lay *ly, notebox *made, size_t n_made)
{
	for (size_t i = 0; i < n_made; i++) {
		if (ly->notes.n == 0)
			ly->notes.h += 10;
		if (ly->notes.n == ly->notes.cap) {
			ly->notes.cap = ly->notes.cap ? 2 * ly->notes.cap : 8;
			ly->notes.box = xrealloc(ly->notes.box, ly->notes.cap * sizeof *ly->notes.box);
		}
		ly->notes.box[ly->notes.n++] = made[i];
		ly->notes.h += made[i].h;
		g_hash_table_add(ly->notes.placed, (gpointer)made[i].fn);
	}
	lay_set_bottom(ly);
}

void lay_notes_take(lay *ly, const gal_line *ln)
{
	notebox made[32];
	size_t n_made = 0;
	lay_notes_need(ly, ln, made, &n_made);
	add_notes(ly, made, n_made);
}

/* Height of the first k lines of a note, as make_note counts it. */
static double note_part_h(const notebox *nb, size_t k)
{
	double h = 2;
	for (size_t i = 0; i < k; i++)
		h += nb->lines[i].height;
	return h;
}

/* The notes of this frame overflow the room left under `text_h` points
 * of text from ly->cur.y (a note taller than the page under its call): keep
 * as many lines of the last note here as fit, at least one, and carry
 * the rest to the foot of the next page, as TeX splits an insertion. */
void lay_notes_split(lay *ly, double text_h)
{
	double room = ly->frame.bottom0 - ly->cur.y - text_h;
	if (ly->notes.n == 0 || ly->notes.h <= room)
		return;
	notebox *nb = &ly->notes.box[ly->notes.n - 1];
	size_t keep = nb->n;
	while (keep > 1 && ly->notes.h - nb->h + note_part_h(nb, keep) > room)
		keep--;
	if (keep == nb->n)
		return;
	double hk = note_part_h(nb, keep);
	ly->notes.carry = *nb;
	ly->notes.carry.lines = nb->lines + keep;
	ly->notes.carry.n = nb->n - keep;
	ly->notes.carry.h = nb->h - hk + 2;
	ly->notes.carry.cont = 1;
	ly->notes.has_carry = 1;
	ly->notes.h -= nb->h - hk;
	nb->n = keep;
	nb->h = hk;
	lay_set_bottom(ly);
	ly->L->split_notes++;
}

/* A note's rest goes first at the foot of a new page (split again if it
 * would leave no room for two lines of text). */
void lay_notes_carry(lay *ly)
{
	if (!ly->notes.has_carry)
		return;
	notebox nb = ly->notes.carry;
	ly->notes.has_carry = 0;
	add_notes(ly, &nb, 1);
	lay_notes_split(ly, 2 * leading_of(TS(ly, GAL_PART_BODY)));
}

/* The notes of this frame at its foot, above the bottom margin. */
void lay_notes_flush(lay *ly)
{
	if (!ly->notes.n)
		return;
	const gal_textstyle *ts = TS(ly, GAL_PART_FOOTNOTE);
	double y = ly->frame.bottom0 - ly->notes.h;
	gal_box *r = lay_furn(ly, GAL_BOX_RULE);
	r->w = ly->frame.w / 4;
	/* where the lines start: the right of a page set right to left */
	r->x = ly->frame.rtl ? ly->frame.x0 + ly->frame.w - r->w : ly->frame.x0;
	r->y = y + 3;
	r->lw = 0.5;
	r->color = ts->rule_color;
	y += 8;
	for (size_t i = 0; i < ly->notes.n; i++) {
		notebox *nb = &ly->notes.box[i];
		lay_furn(ly, GAL_BOX_TAG_BEGIN)->name = "Note";
		if (nb->fn->id && !nb->cont) {
			gal_box *d = lay_furn(ly, GAL_BOX_DEST);
			d->name = nb->fn->id;
			d->x = ly->frame.x0;
			d->y = y;
		}
		for (size_t k = 0; k < nb->n; k++) {
			double base = y + gal_line_base(nb->p, &nb->lines[k]);
			lay_emit_line(ly, 1, nb->p, &nb->lines[k], ly->frame.x0, base, ts->color);
			lay_count_pitch(ly, nb->p, &nb->lines[k], base, 0);
			y += nb->lines[k].height;
		}
		lay_furn(ly, GAL_BOX_TAG_END)->name = "Note";
	}
	ly->notes.n = 0;
	ly->notes.h = 0;
	lay_set_bottom(ly);
}
