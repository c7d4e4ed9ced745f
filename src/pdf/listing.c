/* Code listings and preformatted text. A listing keeps its lines: it is
 * never justified nor hyphenated, and a line wider than the measure
 * (after the type has shrunk toward the code part's min-size, never
 * below it) wraps where it must, at its last space or punctuation that
 * fits, and goes on under a hanging indent that carries a continuation
 * mark (↪), so that the reader sees one line of code, not two. */
#include <stdlib.h>
#include <string.h>

#include "pdf/layout.h"

/* The continuation mark, and the indent of a wrapped line's rest: two
 * characters of the listing's monospace. */
#define CONT_MARK "\xe2\x86\xaa"
#define HANG_CHARS 2

static double width(const gal_para *p, int a, int b)
{
	return (p->adv[b] - p->adv[a]) / (double)PANGO_SCALE;
}

/* The end of the line of text that starts at s (a U+2028 or the end). */
static int line_end(const gal_para *p, int s)
{
	const char *q = p->text + s;
	const char *e = p->text + p->len;
	while (q < e && !(q + 3 <= e && memcmp(q, "\xe2\x80\xa8", 3) == 0))
		q++;
	return (int)(q - p->text);
}

static int cluster_start(const gal_para *p, int at)
{
	return at >= p->len || p->log_attrs[p->cidx[at]].is_cursor_position;
}

/* Where the part of [s, e) that starts at s ends on a line of `room`
 * points: after its last run of spaces that fits when that leaves the
 * line at least half full, else after the last punctuation a line of
 * code may end with, else at the last space, else (a token wider than
 * the line) at the last character that fits. Never before s + 1. */
static int wrap_at(const gal_para *p, int s, int e, double room)
{
	int space = -1, punct = -1, any = -1;
	for (int i = s + 1; i < e; i++) {
		if (((unsigned char)p->text[i] & 0xC0) == 0x80 || !cluster_start(p, i))
			continue;
		if (width(p, s, i) > room)
			break;
		char prev = p->text[i - 1], c = p->text[i];
		any = i;
		if (prev == ' ' && c != ' ')
			space = i;
		else if (c != ' ' && strchr(",;([{=/.:|&+*<>", prev) && !g_ascii_isdigit(c))
			punct = i;
	}
	if (space > s && width(p, s, space) >= room / 2)
		return space;
	if (punct > s)
		return punct;
	if (space > s)
		return space;
	return any > s ? any : (int)(g_utf8_next_char(p->text + s) - p->text);
}

/* The ranges of the listing's lines at measure w, a wrapped line's rest
 * `hang` points narrower; cont[i]: line i goes on from the one before. */
static size_t listing_ranges(const gal_para *p, double w, double hang, int **ranges,
			     int **cont)
{
	size_t n = 0, cap = 16;
	int *r = xmalloc(2 * cap * sizeof *r), *c = xmalloc(cap * sizeof *c);

	for (int s = 0; s <= p->len;) {
		int e = line_end(p, s), a = s, rest = 0;
		do {
			int b = width(p, a, e) <= (rest ? w - hang : w) ? e :
				wrap_at(p, a, e, rest ? w - hang : w);
			if (n == cap) {
				cap *= 2;
				r = xrealloc(r, 2 * cap * sizeof *r);
				c = xrealloc(c, cap * sizeof *c);
			}
			r[2 * n] = a;
			r[2 * n + 1] = b;
			c[n++] = rest;
			a = b;
			rest = 1;
		} while (a < e);
		if (e >= p->len)
			break;
		s = e + 3;
	}
	*ranges = r;
	*cont = c;
	return n;
}

/* The listing's paragraph at `scale` of the code part's size. */
static gal_para *listing_para(lay *ly, const gal_node *n, double scale)
{
	const gal_textstyle *ts = TS(ly, GAL_PART_CODE);
	gal_para_opts po = lay_para_opts(ly);
	po.ts = ts;
	po.code = ts;
	po.lang = n->eff_lang;
	po.pre = 1;
	po.size_scale = scale;
	return gal_para_new(ly->doc, n, NULL, NULL, &po);
}

static double code_size(const gal_textstyle *ts)
{
	return ts->size > 0 ? ts->size : 9;
}

/* The smallest share of its size a listing may be set at. */
static double floor_scale(const gal_textstyle *ts)
{
	double size = code_size(ts);
	double floor_ = ts->min_size > 0 && ts->min_size < size ? ts->min_size : size * 0.75;
	return floor_ / size;
}

static double padding(const gal_textstyle *ts)
{
	return ts->background != GAL_COLOR_NONE && ts->background != 0 ? 5 : 0;
}

double lay_listing_want(lay *ly, const gal_node *n)
{
	const gal_textstyle *ts = TS(ly, GAL_PART_CODE);
	double mn, mx;
	gal_para *p = listing_para(ly, n, 1);
	gal_para_extents(p, &mn, &mx);
	gal_para_free(p);
	return mx * floor_scale(ts) + 2 * padding(ts);
}

int lay_listing_wrapped(lay *ly, const gal_node *n, double w, int *lines)
{
	const gal_textstyle *ts = TS(ly, GAL_PART_CODE);
	double sc = floor_scale(ts), room = w - 2 * padding(ts);
	int wrapped = 0;
	gal_para *p = listing_para(ly, n, 1);
	*lines = 0;
	for (int s = 0; s <= p->len;) {
		int e = line_end(p, s);
		(*lines)++;
		wrapped += width(p, s, e) * sc > room;
		if (e >= p->len)
			break;
		s = e + 3;
	}
	gal_para_free(p);
	return wrapped;
}

/* The continuation mark, flush left in the hanging indent of line ln. */
static void emit_mark(lay *ly, const gal_para *mark, const gal_line *ml, const gal_para *p,
		      const gal_line *ln, double x, uint32_t color)
{
	double base = ly->cur.y - ln->height + gal_line_base(p, ln);
	lay_emit_line(ly, 0, mark, ml, x, base, color);
}

int lay_listing(lay *ly, const gal_node *n)
{
	const gal_textstyle *ts = TS(ly, GAL_PART_CODE);
	double lead = leading_of(TS(ly, GAL_PART_BODY));
	double pad = padding(ts), w = cur_w(ly) - 2 * pad, mn, mx;
	int *ranges = NULL, *cont = NULL;
	int rc = 0;
	double wide = 0;

	gal_para *p = listing_para(ly, n, 1);
	gal_para_extents(p, &mn, &mx);
	/* a listing the left margin holds at its size, and that ends in this
	 * frame, takes the room the margin leaves (lay_wide_room): the left
	 * indent goes negative meanwhile */
	if (mx > w && mx - w <= lay_wide_room(ly)) {
		int lines = 1;
		for (const char *c = p->text; *c; c++)
			lines += *c == '\n';
		if (ly->cur.y + ly->cur.pending + 2 * pad + lines * p->leading < ly->frame.bottom) {
			wide = mx - w;
			ly->cur.indent_l -= wide;
			w += wide;
		}
	}
	/* never past the margin: the type shrinks toward min-size so that
	 * the longest line fits, and what still does not wraps */
	if (mx > w && mx > 0) {
		/* a hair under: type set smaller is not exactly narrower
		 * in proportion */
		double sc = fmax(w / mx * 0.995, floor_scale(ts));
		if (sc < 1) {
			gal_para_free(p);
			p = listing_para(ly, n, sc);
		}
	}
	lay_keep_para(ly, p);
	gal_para_opts mo = lay_para_opts(ly);
	mo.ts = ts;
	mo.size_scale = p->size / code_size(ts);
	gal_para *mark = lay_keep_para(ly, gal_para_new_text(CONT_MARK, &mo));
	double hang = HANG_CHARS * p->space_w / (double)PANGO_SCALE;
	size_t nl = listing_ranges(p, w, hang, &ranges, &cont), n_mark;
	double big = 1e4;
	gal_line *ml = lay_lines(ly, mark, &big, 1, GAL_ALIGN_LEFT, &n_mark);
	gal_line *ln = lay_keep_lines(ly, gal_para_lines_cut(p, ranges, nl), nl);

	ly->cur.pending = fmax(ly->cur.pending, fmax(ts->space_before, lead * 0.5));
	lay_tag_begin(ly, "Code");
	if (n->id)
		lay_dest(ly, n->id, cur_x(ly), ly->cur.y);
	if (pad > 0 && (rc = lay_open_deco(ly, pad, 0, ts->background, GAL_COLOR_NONE, 0)) != 0)
		goto cleanup;
	/* line by line: a wrapped line's rest gets its mark where it lands */
	for (size_t i = 0; i < nl && !rc; i++) {
		double x = cur_x(ly) + pad;
		rc = lay_place_lines(ly, p, &ln[i], 1, x + (cont[i] ? hang : 0), ts->color, 0, 1);
		if (!rc && cont[i] && n_mark > 0)
			emit_mark(ly, mark, &ml[0], p, &ln[i], cur_x(ly) + pad, ts->color);
	}
	if (pad > 0) {
		ly->cur.pending = 0;
		lay_close_deco(ly, pad);
	}
	lay_tag_end(ly, "Code");
	ly->cur.pending = fmax(ts->space_after, lead * 0.5);

cleanup:
	ly->cur.indent_l += wide;
	free(ranges);
	free(cont);
	return rc;
}
