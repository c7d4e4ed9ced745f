/* Outline-only copies of galley's text faces, for PDF embedding.
 *
 * cairo embeds a subset of every face a PDF uses, and a TrueType subset
 * carries the face's hinting: its programs (fpgm, prep, cvt) whole, and
 * the instructions of every glyph. In a one-page brief that is half of
 * the font bytes, which cairo compresses again for every output; zlib is
 * a third of a batch's CPU time. PDF text is set unhinted (fonts.c) and
 * viewers hint for their own screens, if at all, so the hinting is dead
 * weight in our files.
 *
 * make therefore writes a copy of each face of our families without it,
 * through HarfBuzz's subsetter keeping every glyph at its glyph id. Only
 * the tables that hold hinting are rewritten (glyf, loca, maxp, head);
 * every other table, the layout and cmap and metrics among them, passes
 * through byte for byte, so shaping, widths and outlines are the same and
 * so are the pages. fonts.c points fontconfig at the copies; a copy whose
 * face has changed since, or that is cut short, is not used.
 *
 * The faces are under the SIL Open Font License, which allows a face to
 * be embedded in a document whole or in part, its data altered (OFL-FAQ
 * 1.11 and 1.12). The copies never leave galley's data directory.
 *
 * EPUB --embed-fonts packs subsets of the faces (gal_font_subset): the
 * same subsetter keeps the characters a book sets in a face, and the
 * layout features that set them, and leaves out the rest.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <fontconfig/fontconfig.h>
#include <hb.h>

#include "base/dynlib.h"
#include "base/sink.h"
#include "base/xhtml.h"
#include "style/font_strip.h"

/* The families the styles and the fallback list name, whose faces Latin,
 * Greek and Cyrillic text and its symbols are set in. The CJK faces are
 * CFF outlines, without TrueType hinting. */
static const char *const families[] = {
	"Charis SIL", "Noto Serif", "Noto Sans", "Noto Sans Mono",
	"Noto Sans Symbols", "Noto Sans Symbols2", "Noto Sans Math",
};

/* The tables that hold hinting, which the subsetter rewrites or drops;
 * it passes every other table through untouched. */
static const char *const hinted_tables[] = {
	"glyf", "loca", "maxp", "head", "cvt ", "fpgm", "prep", "hdmx",
	"VDMX", "LTSH",
};

#define LIST_NAME "faces.tsv"

/* ---- writing the copies -------------------------------------------------- */

static int is_hinted_table(hb_tag_t tag)
{
	for (size_t i = 0; i < sizeof hinted_tables / sizeof hinted_tables[0]; i++)
		if (tag == hb_tag_from_string(hinted_tables[i], 4))
			return 1;
	return 0;
}

/* The flags both kinds of copy share: no hinting (PDF text is set
 * unhinted; a reader's rasterizer hints for its own screen, if at all), a
 * visible .notdef, the names and Unicode ranges the face had. */
#define COPY_FLAGS (HB_SUBSET_FLAGS_NO_HINTING | HB_SUBSET_FLAGS_NAME_LEGACY | \
		    HB_SUBSET_FLAGS_NOTDEF_OUTLINE | HB_SUBSET_FLAGS_NO_PRUNE_UNICODE_RANGES)

static hb_face_t *strip_hinting(const gal_hb_subset_api *hs, hb_face_t *face)
{
	hb_subset_input_t *in = hs->hb_subset_input_create_or_fail();
	if (!in)
		return NULL;
	hs->hb_subset_input_set_flags(in, COPY_FLAGS | HB_SUBSET_FLAGS_RETAIN_GIDS |
				      HB_SUBSET_FLAGS_PASSTHROUGH_UNRECOGNIZED |
				      HB_SUBSET_FLAGS_GLYPH_NAMES);
	/* every glyph, character, name and layout feature: an empty set
	 * inverted is the set of everything */
	static const hb_subset_sets_t all[] = {
		HB_SUBSET_SETS_GLYPH_INDEX, HB_SUBSET_SETS_UNICODE,
		HB_SUBSET_SETS_NAME_ID, HB_SUBSET_SETS_NAME_LANG_ID,
		HB_SUBSET_SETS_LAYOUT_FEATURE_TAG, HB_SUBSET_SETS_LAYOUT_SCRIPT_TAG,
	};
	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
		hb_set_t *s = hs->hb_subset_input_set(in, all[i]);
		hb_set_clear(s);
		hb_set_invert(s);
	}
	hb_set_clear(hs->hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG));
	hb_set_t *keep = hs->hb_subset_input_set(in, HB_SUBSET_SETS_NO_SUBSET_TABLE_TAG);
	hb_set_clear(keep);
	hb_tag_t tags[64];
	unsigned n, start = 0;
	do {
		n = sizeof tags / sizeof tags[0];
		hb_face_get_table_tags(face, start, &n, tags);
		for (unsigned i = 0; i < n; i++)
			if (!is_hinted_table(tags[i]))
				hb_set_add(keep, tags[i]);
		start += n;
	} while (n == sizeof tags / sizeof tags[0]);
	hb_face_t *out = hs->hb_subset_or_fail(face, in);
	hs->hb_subset_input_destroy(in);
	return out;
}

/* The copy keeps what text setting reads: the same glyphs, each character
 * on the same glyph and each glyph as wide. */
static int same_face(hb_face_t *a, hb_face_t *b)
{
	if (hb_face_get_glyph_count(a) != hb_face_get_glyph_count(b))
		return 0;
	hb_font_t *fa = hb_font_create(a), *fb = hb_font_create(b);
	hb_set_t *chars = hb_set_create();
	hb_face_collect_unicodes(a, chars);
	int same = hb_set_get_population(chars) > 0;
	hb_codepoint_t c = HB_SET_VALUE_INVALID;
	while (same && hb_set_next(chars, &c)) {
		hb_codepoint_t ga = 0, gb = 0;
		same = hb_font_get_nominal_glyph(fa, c, &ga) ==
			       hb_font_get_nominal_glyph(fb, c, &gb) && ga == gb;
	}
	for (unsigned g = 0; same && g < hb_face_get_glyph_count(a); g++)
		same = hb_font_get_glyph_h_advance(fa, g) == hb_font_get_glyph_h_advance(fb, g);
	hb_set_destroy(chars);
	hb_font_destroy(fa);
	hb_font_destroy(fb);
	return same;
}

/* One face: its copy in dir, and its line in the list. A face that
 * cannot be read or copied whole is left out; only a copy that cannot be
 * written is an error. */
static int copy_face(const gal_hb_subset_api *hs, const char *file, const char *dir,
		     gal_buf *list, gal_err *err)
{
	struct stat st;
	const char *base = strrchr(file, '/');
	base = base ? base + 1 : file;
	if (stat(file, &st) != 0 || strpbrk(file, "\t\n"))
		return GAL_OK;
	/* a face of the same name in another directory: the first keeps it */
	for (const char *l = list->data; l && *l; l = strchr(l, '\n') + 1)
		if (strncmp(l, base, strlen(base)) == 0 && l[strlen(base)] == '\t')
			return GAL_OK;
	hb_blob_t *blob = hb_blob_create_from_file_or_fail(file);
	if (!blob)
		return GAL_OK;
	hb_face_t *face = hb_face_create(blob, 0);
	hb_face_t *copy = strip_hinting(hs, face);
	int rc = GAL_OK;
	hb_blob_t *data = copy ? hb_face_reference_blob(copy) : NULL;
	unsigned len = 0;
	const char *bytes = data ? hb_blob_get_data(data, &len) : NULL;
	if (!copy || !same_face(face, copy)) {
		fprintf(stderr, "%s: warning: embedded with its hinting: a copy "
				"without would not keep every glyph\n", file);
	} else if ((off_t)len < st.st_size) { /* else it had no hinting */
		gal_buf path = GAL_BUF_INIT;
		gal_buf_printf(&path, "%s/%s", dir, base);
		gal_sink *out = NULL;
		if (gal_sink_open_file(path.data, &out, err) != GAL_OK ||
		    (gal_sink_write(out, bytes, len), gal_sink_close(out, err)) != GAL_OK)
			rc = gal_err_set(err, GAL_E_IO, NULL, 0, 0, "cannot write %s", path.data);
		else
			gal_buf_printf(list, "%s\t%u\t%lld\t%lld\t%ld\t%s\n", base, len,
				       (long long)st.st_size, (long long)st.st_mtim.tv_sec,
				       (long)st.st_mtim.tv_nsec, file);
		gal_buf_free(&path);
	}
	hb_blob_destroy(data);
	hb_face_destroy(copy);
	hb_face_destroy(face);
	hb_blob_destroy(blob);
	return rc;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int gal_font_strip_build(FcConfig *fonts, const char *dir, gal_err *err)
{
	int rc = GAL_OK;
	const gal_hb_subset_api *hs = gal_hb_subset();
	if (!hs)
		return gal_err_set(err, GAL_E_FONT, NULL, 0, 0,
				   "cannot open HarfBuzz's subsetter (libharfbuzz-subset.so.0)");
	/* every face file once, in a fixed order: the list is the same
	 * bytes on every machine with the same fonts */
	char **files = NULL;
	size_t n = 0;
	FcObjectSet *os = FcObjectSetBuild(FC_FILE, FC_INDEX, FC_FONTFORMAT, NULL);
	for (size_t i = 0; i < sizeof families / sizeof families[0]; i++) {
		FcPattern *p = FcPatternBuild(NULL, FC_FAMILY, FcTypeString, families[i], NULL);
		FcFontSet *fs = FcFontList(fonts, p, os);
		for (int k = 0; fs && k < fs->nfont; k++) {
			FcChar8 *file, *format;
			int index;
			if (FcPatternGetString(fs->fonts[k], FC_FILE, 0, &file) != FcResultMatch ||
			    FcPatternGetInteger(fs->fonts[k], FC_INDEX, 0, &index) != FcResultMatch ||
			    FcPatternGetString(fs->fonts[k], FC_FONTFORMAT, 0, &format) != FcResultMatch ||
			    index != 0 || strcmp((const char *)format, "TrueType") != 0)
				continue;
			files = xrealloc(files, (n + 1) * sizeof *files);
			files[n++] = xstrdup((const char *)file);
		}
		if (fs)
			FcFontSetDestroy(fs);
		FcPatternDestroy(p);
	}
	FcObjectSetDestroy(os);
	qsort(files, n, sizeof *files, cmp_str);

	gal_buf list = GAL_BUF_INIT, path = GAL_BUF_INIT;
	for (size_t i = 0; i < n && rc == GAL_OK; i++)
		if (i == 0 || strcmp(files[i], files[i - 1]) != 0)
			rc = copy_face(hs, files[i], dir, &list, err);
	/* the list last: it names only copies already in place */
	gal_sink *out = NULL;
	gal_buf_printf(&path, "%s/" LIST_NAME, dir);
	if (rc == GAL_OK &&
	    (gal_sink_open_file(path.data, &out, err) != GAL_OK ||
	     (gal_sink_write(out, list.len ? list.data : "", list.len), gal_sink_close(out, err)) != GAL_OK))
		rc = gal_err_set(err, GAL_E_IO, NULL, 0, 0, "cannot write %s", path.data);
	for (size_t i = 0; i < n; i++)
		free(files[i]);
	free(files);
	gal_buf_free(&list);
	gal_buf_free(&path);
	return rc;
}

/* ---- subsets ------------------------------------------------------------------ */

int gal_font_subset(const char *file, int index, const hb_set_t *chars,
		    const hb_set_t *features, unsigned char **data, size_t *len,
		    gal_err *err)
{
	const gal_hb_subset_api *hs = gal_hb_subset();
	hb_blob_t *blob = NULL, *bytes = NULL;
	hb_face_t *face = NULL, *sub = NULL;
	hb_subset_input_t *in = NULL;
	int rc = GAL_OK;

	*data = NULL;
	*len = 0;
	if (!hs)
		return gal_err_set(err, GAL_E_FONT, NULL, 0, 0, "cannot open HarfBuzz's "
				   "subsetter (libharfbuzz-subset.so.0)");
	blob = hb_blob_create_from_file_or_fail(gal_font_strip_source(file));
	face = blob ? hb_face_create(blob, (unsigned)index) : NULL;
	in = face && hb_face_get_glyph_count(face) ? hs->hb_subset_input_create_or_fail() : NULL;
	if (!in) {
		rc = gal_err_set(err, GAL_E_FONT, NULL, 0, 0, "cannot read the face %s", file);
		goto cleanup;
	}
	hs->hb_subset_input_set_flags(in, COPY_FLAGS);
	hb_set_union(hs->hb_subset_input_set(in, HB_SUBSET_SETS_UNICODE), chars);
	/* the features a reader applies by default are kept; these too */
	if (features)
		hb_set_union(hs->hb_subset_input_set(in, HB_SUBSET_SETS_LAYOUT_FEATURE_TAG),
			     features);
	sub = hs->hb_subset_or_fail(face, in);
	bytes = sub ? hb_face_reference_blob(sub) : NULL;
	unsigned n = 0;
	const char *d = bytes ? hb_blob_get_data(bytes, &n) : NULL;
	if (!d || !n) {
		rc = gal_err_set(err, GAL_E_FONT, NULL, 0, 0, "cannot subset the face %s", file);
		goto cleanup;
	}
	*data = xmalloc(n);
	memcpy(*data, d, n);
	*len = n;
cleanup:
	if (in)
		hs->hb_subset_input_destroy(in);
	hb_blob_destroy(bytes);
	hb_face_destroy(sub);
	hb_face_destroy(face);
	hb_blob_destroy(blob);
	return rc;
}

/* ---- using them -------------------------------------------------------------- */

typedef struct {
	char *copy, *source;
} face_copy;

static face_copy *copies;
static size_t n_copies;

/* One line of the list: "NAME SIZE SRCSIZE SRCSEC SRCNSEC SRCPATH",
 * tab-separated. The copy is used when it has its size and its face
 * still has the size and time it was copied at. */
static void use_line(char *line, const char *dir, gal_buf *conf)
{
	char *f[6];
	long long v[4];
	for (int i = 0; i < 6; i++) {
		f[i] = line;
		line = strchr(line, '\t');
		if ((line != NULL) != (i < 5))
			return; /* not six fields */
		if (line)
			*line++ = '\0';
	}
	for (int i = 0; i < 4; i++) {
		char *end;
		v[i] = strtoll(f[i + 1], &end, 10);
		if (end == f[i + 1] || *end)
			return;
	}
	if (!f[0][0] || strchr(f[0], '/'))
		return;
	gal_buf copy = GAL_BUF_INIT;
	gal_buf_printf(&copy, "%s/%s", dir, f[0]);
	struct stat cs, ss;
	if (stat(copy.data, &cs) != 0 || stat(f[5], &ss) != 0 || cs.st_size != v[0] ||
	    ss.st_size != v[1] || ss.st_mtim.tv_sec != v[2] || ss.st_mtim.tv_nsec != v[3]) {
		gal_buf_free(&copy);
		return;
	}
	gal_buf_puts(conf, "\t<match target=\"font\">\n\t\t<test name=\"file\"><string>");
	gal_xhtml_text(conf, f[5]);
	gal_buf_puts(conf, "</string></test>\n\t\t<edit name=\"file\" mode=\"assign\"><string>");
	gal_xhtml_text(conf, copy.data);
	gal_buf_puts(conf, "</string></edit>\n\t</match>\n");
	copies = xrealloc(copies, (n_copies + 1) * sizeof *copies);
	copies[n_copies].copy = gal_buf_detach(&copy, NULL);
	copies[n_copies].source = xstrdup(f[5]);
	n_copies++;
}

void gal_font_strip_rules(const char *dir, gal_buf *conf)
{
	for (size_t i = 0; i < n_copies; i++) {
		free(copies[i].copy);
		free(copies[i].source);
	}
	n_copies = 0;
	gal_buf list = GAL_BUF_INIT, path = GAL_BUF_INIT;
	gal_buf_printf(&path, "%s/" LIST_NAME, dir);
	if (gal_buf_read_file(&list, path.data) == 0 && list.len) {
		for (char *line = list.data, *end; *line; line = end) {
			end = strchr(line, '\n');
			if (!end)
				break; /* cut short: the last line is not whole */
			*end++ = '\0';
			use_line(line, dir, conf);
		}
	}
	gal_buf_free(&list);
	gal_buf_free(&path);
}

const char *gal_font_strip_source(const char *file)
{
	for (size_t i = 0; i < n_copies; i++)
		if (strcmp(copies[i].copy, file) == 0)
			return copies[i].source;
	return file;
}
