/* The math font: an OpenType face with a MATH table read through
 * HarfBuzz, fallback faces fontconfig finds for characters it lacks, and
 * the caches a layout leans on (shaped runs, glyph metrics, fallbacks).
 * Opened once per process before workers fork; a worker's caches fill
 * in its own copy. Fonts are read at their units per em: every length
 * leaves here in em. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <fontconfig/fontconfig.h>

#include "math/mfont.h"
#include "style/fonts.h"

#define N_CONSTS (HB_OT_MATH_CONSTANT_RADICAL_DEGREE_BOTTOM_RAISE_PERCENT + 1)
#define MAX_FACES 16
#define SHAPE_BUCKETS 4096
#define SHAPE_MAX 50000     /* entries before the run cache starts over */
#define INFO_SLOTS 8192     /* glyph metrics: open addressing, power of 2 */

typedef struct {
	char *file, *family;
	int index;
	hb_face_t *face;
	hb_font_t *font;
	double upem;
} face;

typedef struct shape_entry {
	struct shape_entry *next;
	unsigned hash;
	int ssty;
	char *text;
	mf_run run;
} shape_entry;

typedef struct {
	unsigned key;           /* face << 24 | gid, + 1 (0 = empty) */
	mf_info info;
} info_slot;

typedef struct {
	unsigned cp;
	int face;               /* -1: nobody has it */
} fallback;

struct gal_math_font {
	face faces[MAX_FACES];
	int n_faces;
	double consts[N_CONSTS];
	shape_entry *shapes[SHAPE_BUCKETS];
	int n_shapes;
	info_slot *info;
	int n_info;
	fallback *fb;
	int n_fb, cap_fb;
	hb_buffer_t *buf;
};

/* ---- faces ------------------------------------------------------------------ */

static int face_open(face *fc, const char *file, int index)
{
	hb_blob_t *blob = hb_blob_create_from_file(file);
	if (!blob || hb_blob_get_length(blob) == 0) {
		hb_blob_destroy(blob);
		return -1;
	}
	fc->face = hb_face_create(blob, (unsigned)index);
	hb_blob_destroy(blob);
	fc->font = hb_font_create(fc->face);
	fc->upem = hb_face_get_upem(fc->face);
	hb_font_set_scale(fc->font, (int)fc->upem, (int)fc->upem);
	fc->file = xstrdup(file);
	fc->index = index;
	return 0;
}

static void face_close(face *fc)
{
	hb_font_destroy(fc->font);
	hb_face_destroy(fc->face);
	free(fc->file);
	free(fc->family);
}

int gal_math_font_open(const char *path, gal_math_font **out, gal_err *err)
{
	gal_math_font *f = xcalloc(1, sizeof *f);
	*out = NULL;
	if (face_open(&f->faces[0], path, 0) != 0) {
		free(f);
		return gal_err_set(err, GAL_E_FONT, NULL, 0, 0, "cannot read the math font %s", path);
	}
	f->n_faces = 1;
	if (!hb_ot_math_has_data(f->faces[0].face)) {
		gal_math_font_free(f);
		return gal_err_set(err, GAL_E_FONT, NULL, 0, 0, "%s has no MATH table", path);
	}
	for (int c = 0; c < N_CONSTS; c++) {
		double v = hb_ot_math_get_constant(f->faces[0].font, (hb_ot_math_constant_t)c);
		int percent = c <= HB_OT_MATH_CONSTANT_SCRIPT_SCRIPT_PERCENT_SCALE_DOWN ||
			      c == HB_OT_MATH_CONSTANT_RADICAL_DEGREE_BOTTOM_RAISE_PERCENT;
		f->consts[c] = percent ? v : v / f->faces[0].upem;
	}
	f->info = xcalloc(INFO_SLOTS, sizeof *f->info);
	f->buf = hb_buffer_create();
	*out = f;
	return 0;
}

int gal_math_font_load(const char *family, gal_math_font **out, gal_err *err)
{
	FcPattern *pat = NULL, *m = NULL;
	FcChar8 *file = NULL, *fam = NULL;
	FcResult res;
	int index = 0, rc;

	*out = NULL;
	if ((rc = gal_fonts_init(err)) != 0)
		return rc;
	pat = FcPatternCreate();
	FcPatternAddString(pat, FC_FAMILY, (const FcChar8 *)family);
	FcConfigSubstitute(NULL, pat, FcMatchPattern);
	FcDefaultSubstitute(pat);
	m = FcFontMatch(NULL, pat, &res);
	if (!m || FcPatternGetString(m, FC_FAMILY, 0, &fam) != FcResultMatch ||
	    strcmp((const char *)fam, family) != 0 ||
	    FcPatternGetString(m, FC_FILE, 0, &file) != FcResultMatch) {
		rc = gal_err_set(err, GAL_E_FONT, NULL, 0, 0, "the math font %s is not installed",
				 family);
		goto cleanup;
	}
	FcPatternGetInteger(m, FC_INDEX, 0, &index);
	if ((rc = gal_math_font_open((const char *)file, out, err)) == 0)
		(*out)->faces[0].family = xstrdup(family);
cleanup:
	if (m)
		FcPatternDestroy(m);
	FcPatternDestroy(pat);
	return rc;
}

/* Empty the cache of shaped texts. */
static void shapes_clear(gal_math_font *f)
{
	for (int b = 0; b < SHAPE_BUCKETS; b++)
		for (shape_entry *e = f->shapes[b], *nx; e; e = nx) {
			nx = e->next;
			free(e->text);
			free(e->run.g);
			free(e);
		}
	memset(f->shapes, 0, sizeof f->shapes);
	f->n_shapes = 0;
}

void gal_math_font_free(gal_math_font *f)
{
	if (!f)
		return;
	for (int i = 0; i < f->n_faces; i++)
		face_close(&f->faces[i]);
	shapes_clear(f);
	free(f->info);
	free(f->fb);
	if (f->buf)
		hb_buffer_destroy(f->buf);
	free(f);
}

int gal_math_font_faces(const gal_math_font *f)
{
	return f->n_faces;
}

const char *gal_math_font_face_file(const gal_math_font *f, int i, int *index)
{
	if (i < 0 || i >= f->n_faces)
		return NULL;
	if (index)
		*index = f->faces[i].index;
	return f->faces[i].file;
}

const char *gal_math_font_family(const gal_math_font *f)
{
	return f->faces[0].family ? f->faces[0].family : "";
}

double mf_const(const gal_math_font *f, hb_ot_math_constant_t c)
{
	return f->consts[c];
}

/* ---- fallback faces ----------------------------------------------------- */

/* the face that has cp: the math font, else the first of fontconfig's
 * sorted fonts (galley's own configuration and fallback order) that
 * covers it; -1 when none does */
static int face_for(gal_math_font *f, unsigned cp)
{
	hb_codepoint_t g;
	if (hb_font_get_nominal_glyph(f->faces[0].font, cp, &g))
		return 0;
	for (int i = 0; i < f->n_fb; i++)
		if (f->fb[i].cp == cp)
			return f->fb[i].face;
	/* fontconfig's first choice among the serif faces that have it, never
	 * merely the first open face that does: which faces are open depends
	 * on what the process set before, and a batch's outputs must be those
	 * of the inputs converted one by one */
	int found = -1;
	FcPattern *pat = FcPatternCreate();
	FcCharSet *cs = FcCharSetCreate(), *got = NULL;
	FcResult res;
	FcCharSetAddChar(cs, cp);
	FcPatternAddCharSet(pat, FC_CHARSET, cs);
	FcPatternAddString(pat, FC_FAMILY, (const FcChar8 *)"serif");
	FcConfigSubstitute(NULL, pat, FcMatchPattern);
	FcDefaultSubstitute(pat);
	FcFontSet *set = FcFontSort(NULL, pat, FcFalse, NULL, &res);
	for (int i = 0; set && i < set->nfont && found < 0; i++) {
		FcChar8 *file;
		int index = 0;
		if (FcPatternGetCharSet(set->fonts[i], FC_CHARSET, 0, &got) != FcResultMatch ||
		    !FcCharSetHasChar(got, cp) ||
		    FcPatternGetString(set->fonts[i], FC_FILE, 0, &file) != FcResultMatch)
			continue;
		FcPatternGetInteger(set->fonts[i], FC_INDEX, 0, &index);
		for (int k = 1; k < f->n_faces && found < 0; k++)
			if (f->faces[k].index == index && strcmp(f->faces[k].file, (const char *)file) == 0)
				found = k;
		if (found < 0 && f->n_faces < MAX_FACES &&
		    face_open(&f->faces[f->n_faces], (const char *)file, index) == 0)
			found = f->n_faces++;
	}
	if (set)
		FcFontSetDestroy(set);
	FcCharSetDestroy(cs);
	FcPatternDestroy(pat);
	if (f->n_fb == f->cap_fb) {
		f->cap_fb = f->cap_fb ? f->cap_fb * 2 : 16;
		f->fb = xrealloc(f->fb, (size_t)f->cap_fb * sizeof *f->fb);
	}
	f->fb[f->n_fb++] = (fallback){ cp, found };
	return found;
}

/* ---- shaping ------------------------------------------------------------ */

static unsigned hash_text(const char *s, int ssty)
{
	unsigned h = 2166136261u ^ (unsigned)ssty;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static void shape_piece(gal_math_font *f, int fi, const char *text, int from, int to,
			int ssty, mf_run *run)
{
	face *fc = &f->faces[fi];
	hb_feature_t feat = { HB_TAG('s', 's', 't', 'y'), (unsigned)ssty, 0, (unsigned)-1 };
	hb_buffer_clear_contents(f->buf);
	hb_buffer_add_utf8(f->buf, text, -1, (unsigned)from, to - from);
	hb_buffer_set_direction(f->buf, HB_DIRECTION_LTR);
	hb_buffer_guess_segment_properties(f->buf);
	hb_shape(fc->font, f->buf, ssty && fi == 0 ? &feat : NULL, ssty && fi == 0 ? 1 : 0);
	unsigned n;
	hb_glyph_info_t *gi = hb_buffer_get_glyph_infos(f->buf, &n);
	hb_glyph_position_t *gp = hb_buffer_get_glyph_positions(f->buf, NULL);
	run->g = xrealloc(run->g, (size_t)(run->n + (int)n) * sizeof *run->g);
	for (unsigned i = 0; i < n; i++)
		run->g[run->n++] = (mf_glyph){
			fi, gi[i].codepoint, gp[i].x_advance / fc->upem,
			gp[i].x_offset / fc->upem, gp[i].y_offset / fc->upem, (int)gi[i].cluster
		};
}

static void shape_text(gal_math_font *f, const char *text, int ssty, mf_run *run)
{
	const char *p = text;
	int from = 0, cur = -2;
	run->len = (int)strlen(text);
	while (*p) {
		const char *q = p;
		int fi = face_for(f, gal_math_utf8_next(&q));
		if (fi < 0)
			fi = 0;   /* .notdef of the math font */
		if (fi != cur) {
			if (cur >= 0)
				shape_piece(f, cur, text, from, (int)(p - text), ssty, run);
			cur = fi;
			from = (int)(p - text);
		}
		p = q;
	}
	if (cur >= 0)
		shape_piece(f, cur, text, from, (int)(p - text), ssty, run);
}

const mf_run *mf_shape(gal_math_font *f, const char *text, int ssty)
{
	unsigned h = hash_text(text, ssty);
	shape_entry **bucket = &f->shapes[h % SHAPE_BUCKETS];
	for (shape_entry *e = *bucket; e; e = e->next)
		if (e->hash == h && e->ssty == ssty && strcmp(e->text, text) == 0)
			return &e->run;
	if (f->n_shapes >= SHAPE_MAX) {
		/* start over rather than grow without bound */
		shapes_clear(f);
	}
	shape_entry *e = xcalloc(1, sizeof *e);
	e->hash = h;
	e->ssty = ssty;
	e->text = xstrdup(text);
	shape_text(f, text, ssty, &e->run);
	e->next = *bucket;
	*bucket = e;
	f->n_shapes++;
	return &e->run;
}

unsigned mf_glyph_of(gal_math_font *f, unsigned cp)
{
	hb_codepoint_t g;
	return hb_font_get_nominal_glyph(f->faces[0].font, cp, &g) ? g : 0;
}

/* ---- glyph metrics ----------------------------------------------------- */

static void info_compute(gal_math_font *f, int fi, unsigned gid, mf_info *o)
{
	face *fc = &f->faces[fi];
	hb_glyph_extents_t ext;
	memset(o, 0, sizeof *o);
	o->w = hb_font_get_glyph_h_advance(fc->font, gid) / fc->upem;
	if (hb_font_get_glyph_extents(fc->font, gid, &ext)) {
		o->h = ext.y_bearing / fc->upem;
		o->d = -(ext.y_bearing + ext.height) / fc->upem;
	}
	o->accent_x = o->w / 2;
	if (fi != 0)
		return;
	o->ic = hb_ot_math_get_glyph_italics_correction(fc->font, gid) / fc->upem;
	hb_position_t a = hb_ot_math_get_glyph_top_accent_attachment(fc->font, gid);
	/* HarfBuzz answers half the advance when the table has no entry */
	o->accent_x = a / fc->upem;
}

void mf_info_get(gal_math_font *f, int fi, unsigned gid, mf_info *out)
{
	unsigned key = ((unsigned)fi << 24 | gid) + 1;
	unsigned i = (key * 2654435761u) & (INFO_SLOTS - 1);
	if (f->n_info > INFO_SLOTS / 2) {
		memset(f->info, 0, INFO_SLOTS * sizeof *f->info);
		f->n_info = 0;
	}
	while (f->info[i].key && f->info[i].key != key)
		i = (i + 1) & (INFO_SLOTS - 1);
	if (!f->info[i].key) {
		f->info[i].key = key;
		info_compute(f, fi, gid, &f->info[i].info);
		f->n_info++;
	}
	*out = f->info[i].info;
}

double mf_kern(gal_math_font *f, unsigned gid, hb_ot_math_kern_t corner, double h)
{
	face *fc = &f->faces[0];
	return hb_ot_math_get_glyph_kerning(fc->font, gid, corner,
					    (hb_position_t)(h * fc->upem)) / fc->upem;
}

/* ---- stretching ----------------------------------------------------------- */

unsigned mf_display_op(gal_math_font *f, unsigned gid)
{
	face *fc = &f->faces[0];
	hb_ot_math_glyph_variant_t v[16];
	unsigned n = 16;
	double min = f->consts[HB_OT_MATH_CONSTANT_DISPLAY_OPERATOR_MIN_HEIGHT] * fc->upem;
	hb_ot_math_get_glyph_variants(fc->font, gid, HB_DIRECTION_BTT, 0, &n, v);
	for (unsigned i = 0; i < n; i++)
		if (v[i].advance >= min)
			return v[i].glyph;
	return n ? v[n - 1].glyph : gid;
}

static void one_piece(gal_math_font *f, unsigned gid, int vertical, mf_stretch *o)
{
	mf_info in;
	mf_info_get(f, 0, gid, &in);
	o->p = xmalloc(sizeof *o->p);
	o->p[0] = (mf_piece){ gid, 0, 0 };
	o->n = 1;
	o->w = in.w, o->h = in.h, o->d = in.d;
	o->ic = vertical ? in.ic : 0;
}

#define ASSEMBLY_MAX_REPS 5000

/* MathML Core's glyph assembly: the fewest repeats of the extenders that
 * reach `size` with at least the minimum overlap, then the overlap
 * spread evenly up to what the connectors allow */
static int assemble(gal_math_font *f, unsigned gid, int vertical, double size, mf_stretch *o)
{
	face *fc = &f->faces[0];
	hb_direction_t dir = vertical ? HB_DIRECTION_BTT : HB_DIRECTION_LTR;
	hb_ot_math_glyph_part_t parts[16];
	unsigned np = 16;
	hb_position_t ic = 0;
	unsigned avail = hb_ot_math_get_glyph_assembly(fc->font, gid, dir, 0, &np, parts, &ic);
	if (np == 0 || avail > 16)
		return 0;
	double omin = hb_ot_math_get_min_connector_overlap(fc->font, dir) / fc->upem;
	double fixed = 0, ext = 0;
	int nfixed = 0, next = 0;
	for (unsigned i = 0; i < np; i++) {
		double a = parts[i].full_advance / fc->upem;
		if (parts[i].flags & HB_OT_MATH_GLYPH_PART_FLAG_EXTENDER)
			ext += a, next++;
		else
			fixed += a, nfixed++;
	}
	/* each repeat of the extenders adds their advance less the overlaps
	 * it brings; a bracket around sixty rows takes hundreds. The cap
	 * bounds a hostile size, not a real formula. */
	int reps = 0;
	if (next) {
		double per = ext - next * omin, need = size - fixed + (nfixed - 1) * omin;
		if (per > 0 && need > per)
			reps = (int)fmin(floor(need / per) - 1, ASSEMBLY_MAX_REPS);
		while (reps < ASSEMBLY_MAX_REPS &&
		       fixed + reps * ext - (nfixed + reps * next - 1) * omin < size)
			reps++;
	}
	int count = nfixed + reps * next;
	double total = fixed + reps * ext, overlap = omin;
	if (count > 1) {
		overlap = (total - size) / (count - 1);
		if (overlap < omin)
			overlap = omin;
	}
	o->p = xmalloc((size_t)count * sizeof *o->p);
	o->n = 0;
	o->w = o->h = o->d = 0;
	double pos = 0;
	for (unsigned i = 0; i < np; i++) {
		int times = parts[i].flags & HB_OT_MATH_GLYPH_PART_FLAG_EXTENDER ? reps : 1;
		for (int k = 0; k < times; k++) {
			mf_info in;
			mf_info_get(f, 0, parts[i].glyph, &in);
			if (o->n)
				pos -= overlap;
			if (vertical) {
				/* the piece's ink bottom sits at pos */
				o->p[o->n++] = (mf_piece){ parts[i].glyph, 0, pos + in.d };
				if (in.w > o->w)
					o->w = in.w;
			} else {
				o->p[o->n++] = (mf_piece){ parts[i].glyph, pos, 0 };
				if (in.h > o->h)
					o->h = in.h;
				if (in.d > o->d)
					o->d = in.d;
			}
			pos += parts[i].full_advance / fc->upem;
		}
	}
	if (vertical)
		o->h = pos;
	else
		o->w = pos;
	o->ic = ic / fc->upem;
	return 1;
}

void mf_stretch_glyph(gal_math_font *f, unsigned gid, int vertical, double size,
		      mf_stretch *o)
{
	face *fc = &f->faces[0];
	hb_ot_math_glyph_variant_t v[32];
	unsigned n = 32;
	hb_ot_math_get_glyph_variants(fc->font, gid, vertical ? HB_DIRECTION_BTT : HB_DIRECTION_LTR,
				      0, &n, v);
	if (n > 32)
		n = 32;
	for (unsigned i = 0; i < n; i++)
		if (v[i].advance / fc->upem >= size) {
			one_piece(f, v[i].glyph, vertical, o);
			return;
		}
	if (assemble(f, gid, vertical, size, o))
		return;
	one_piece(f, n ? v[n - 1].glyph : gid, vertical, o);
}
