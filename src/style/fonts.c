/* The private fontconfig configuration and the Pango font map on top of it.
 *
 * Only fonts/fonts.conf is loaded (never the system configuration), so the
 * fonts galley sees, and therefore its output, do not depend on what else
 * is installed. Loaded once per process, before workers fork. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <fontconfig/fontconfig.h>
#include <hb.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-fontmap.h>

#include "base/buf.h"
#include "base/xhtml.h"
#include "style/font_strip.h"
#include "style/fonts.h"

static FcConfig *config;
static PangoFontMap *fontmap;
static PangoContext *context;
static char describe[1024];

/* fontconfig 2.14 resolves <cachedir prefix="relative"> against the
 * current directory, not against the file, so a galley run anywhere would
 * look for (and could create) ./cache. Load the text from memory with that
 * element made absolute: DIR/cache next to fonts.conf, where make puts it.
 * The rules for the PDF copies of the faces (font_strip.c, in DIR/pdf)
 * go in at the end. */
static char *config_text(const char *text, const char *dir)
{
	static const char rel[] = "<cachedir prefix=\"relative\">cache</cachedir>";
	static const char end[] = "</fontconfig>";
	const char *at = strstr(text, rel), *close = strstr(text, end);
	gal_buf b = GAL_BUF_INIT, copies = GAL_BUF_INIT;

	if (!at || !close || close < at)
		return xstrdup(text);
	gal_buf_put(&b, text, (size_t)(at - text));
	gal_buf_puts(&b, "<cachedir>");
	gal_xhtml_text(&b, dir);
	gal_buf_puts(&b, "/cache</cachedir>");
	at += sizeof rel - 1;
	gal_buf_put(&b, at, (size_t)(close - at));
	gal_buf_printf(&copies, "%s/pdf", dir);
	gal_font_strip_rules(copies.data, &b);
	gal_buf_puts(&b, close);
	gal_buf_free(&copies);
	return gal_buf_detach(&b, NULL);
}

/* "Charis SIL 6.101, Noto Sans 2.013, ..." from the fonts fontconfig
 * actually picks for our families. */
static void fill_describe(void)
{
	static const char *const fams[] = {
		"Charis SIL", "Noto Serif", "Noto Sans", "Noto Sans Mono",
		"Noto Sans CJK SC"
	};
	gal_buf b = GAL_BUF_INIT;

	for (size_t i = 0; i < sizeof fams / sizeof fams[0]; i++) {
		FcPattern *pat = FcNameParse((const FcChar8 *)fams[i]);
		FcPattern *m = NULL;
		FcResult res;
		FcChar8 *fam = NULL;
		int ver = 0;

		if (!pat)
			continue;
		FcConfigSubstitute(config, pat, FcMatchPattern);
		FcDefaultSubstitute(pat);
		m = FcFontMatch(config, pat, &res);
		if (m && FcPatternGetString(m, FC_FAMILY, 0, &fam) == FcResultMatch &&
		    strcmp((const char *)fam, fams[i]) == 0) {
			FcPatternGetInteger(m, FC_FONTVERSION, 0, &ver);
			gal_buf_printf(&b, "%s%s %.3f", b.len ? ", " : "",
				       fams[i], ver / 65536.0);
		} else {
			gal_buf_printf(&b, "%s%s (missing)", b.len ? ", " : "",
				       fams[i]);
		}
		if (m)
			FcPatternDestroy(m);
		FcPatternDestroy(pat);
	}
	snprintf(describe, sizeof describe, "%s", b.data ? b.data : "");
	gal_buf_free(&b);
}

int gal_fonts_load_config(gal_err *err)
{
	char *path = NULL, *dir = NULL, *text = NULL, *conf = NULL;
	FcConfig *c = NULL;
	int rc = 0;

	if (config)
		return 0;
	path = xmalloc(strlen(gal_data_dir()) + 32);
	sprintf(path, "%s/fonts/fonts.conf", gal_data_dir());
	dir = xstrdup(path);
	*strrchr(dir, '/') = '\0';
	gal_buf tb = GAL_BUF_INIT;
	text = gal_buf_read_file(&tb, path) == 0 ? gal_buf_detach(&tb, NULL) : NULL;
	if (!text) {
		rc = gal_err_set(err, GAL_E_FONT, NULL, 0, 0,
				 "cannot read the font configuration %s", path);
		goto cleanup;
	}
	conf = config_text(text, dir);
	c = FcConfigCreate();
	if (!c || !FcConfigParseAndLoadFromMemory(c, (const FcChar8 *)conf,
						   FcTrue)) {
		rc = gal_err_set(err, GAL_E_FONT, NULL, 0, 0,
				 "cannot parse the font configuration %s", path);
		goto cleanup;
	}
	if (!FcConfigBuildFonts(c)) {
		rc = gal_err_set(err, GAL_E_FONT, NULL, 0, 0,
				 "cannot load the fonts %s names", path);
		goto cleanup;
	}
	/* Pango's own fallback lookups go through the current config too */
	if (!FcConfigSetCurrent(c)) {
		rc = gal_err_set(err, GAL_E_FONT, NULL, 0, 0,
				 "cannot install the font configuration %s", path);
		goto cleanup;
	}
	config = c; /* FcConfigSetCurrent took a reference */
	FcConfigDestroy(c);
	c = NULL;
cleanup:
	if (c)
		FcConfigDestroy(c);
	free(path);
	free(dir);
	free(text);
	free(conf);
	return rc;
}

int gal_fonts_init(gal_err *err)
{
	cairo_font_options_t *fo = NULL;
	int rc = 0;

	if (context)
		return 0;
	if ((rc = gal_fonts_load_config(err)) != 0)
		return rc;
	fontmap = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT);
	if (!fontmap)
		return gal_err_set(err, GAL_E_FONT, NULL, 0, 0,
				   "cannot create the Pango font map");
	/* The map uses the current config, ours, and keeps its default
	 * resolution: every size galley gives Pango is absolute (a point is
	 * a user unit). Setting either on the map would clear its caches,
	 * and Pango 1.50 lists every family again each time. But Pango runs
	 * FcInit on a thread of its own, and a worker forked before that
	 * thread ends waits for it forever: wait here (our config is
	 * current, so it ends at once). */
	pango_fc_font_map_get_config(PANGO_FC_FONT_MAP(fontmap));
	context = pango_font_map_create_context(fontmap);
	/* PDF output: unhinted outlines and unrounded advances, so widths
	 * are the fonts' design widths at any size */
	fo = cairo_font_options_create();
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
	pango_cairo_context_set_font_options(context, fo);
	pango_context_set_round_glyph_positions(context, FALSE);
	cairo_font_options_destroy(fo);
	return rc;
}

FcConfig *gal_fonts_config(void)
{
	return config;
}

PangoFontMap *gal_fonts_map(void)
{
	return fontmap;
}

PangoContext *gal_fonts_context(void)
{
	return context;
}

/* ---- families -------------------------------------------------------------- */

/* a == b, as fontconfig compares family names: without case or blanks */
static int same_family(const char *a, const char *b)
{
	for (;; a++, b++) {
		while (*a == ' ')
			a++;
		while (*b == ' ')
			b++;
		if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
			return 0;
		if (!*a)
			return 1;
	}
}

/* The name under which the configuration has faces of family `want`
 * (fontconfig compares family names without case or blanks), into out;
 * 0 when it has none. */
static int installed(const char *want, char *out, size_t size)
{
	FcPattern *p = FcPatternBuild(NULL, FC_FAMILY, FcTypeString, want, NULL);
	FcObjectSet *os = FcObjectSetBuild(FC_FAMILY, NULL);
	FcFontSet *fs = p && os ? FcFontList(config, p, os) : NULL;
	int found = 0;
	for (int i = 0; fs && i < fs->nfont && !found; i++) {
		FcChar8 *fam;
		for (int k = 0; !found && FcPatternGetString(fs->fonts[i], FC_FAMILY, k,
							     &fam) == FcResultMatch; k++)
			if (same_family((const char *)fam, want)) {
				snprintf(out, size, "%s", (const char *)fam);
				found = 1;
			}
	}
	if (fs)
		FcFontSetDestroy(fs);
	if (os)
		FcObjectSetDestroy(os);
	if (p)
		FcPatternDestroy(p);
	return found;
}

/* The family fontconfig sets a family list (or a generic name) in, when
 * it has to choose: its best match. */
static void matched(const char *list, char *out, size_t size)
{
	FcPattern *p = FcPatternCreate();
	FcPattern *m = NULL;
	FcResult res;
	FcChar8 *fam = NULL;
	out[0] = '\0';
	/* not FcNameParse, which takes the '-' of sans-serif for a size */
	for (const char *s = list; p && *s;) {
		size_t n = strcspn(s, ",");
		char name[256];
		snprintf(name, sizeof name, "%.*s", (int)(n < 255 ? n : 255), s);
		FcPatternAddString(p, FC_FAMILY, (const FcChar8 *)name);
		s += n + (s[n] == ',');
	}
	if (p) {
		FcConfigSubstitute(config, p, FcMatchPattern);
		FcDefaultSubstitute(p);
		m = FcFontMatch(config, p, &res);
	}
	if (m && FcPatternGetString(m, FC_FAMILY, 0, &fam) == FcResultMatch)
		snprintf(out, size, "%s", (const char *)fam);
	if (m)
		FcPatternDestroy(m);
	if (p)
		FcPatternDestroy(p);
}

/* the names fonts.conf aliases to families of its own */
static int generic(const char *name)
{
	return !strcasecmp(name, "serif") || !strcasecmp(name, "sans-serif") ||
	       !strcasecmp(name, "monospace");
}

int gal_fonts_family(const char *list, char *out, size_t size, gal_buf *missing)
{
	gal_buf used = GAL_BUF_INIT;
	int n_missing = 0;
	for (const char *s = list; s && *s;) {
		const char *end = strchr(s, ',');
		size_t n = end ? (size_t)(end - s) : strlen(s);
		char name[256], fam[256];
		while (n && (*s == ' ' || *s == '\t')) {
			s++;
			n--;
		}
		while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
			n--;
		snprintf(name, sizeof name, "%.*s", (int)(n < 255 ? n : 255), s);
		s = end ? end + 1 : NULL;
		if (!*name)
			continue;
		if (generic(name))
			matched(name, fam, sizeof fam);
		else if (!installed(name, fam, sizeof fam))
			fam[0] = '\0';
		if (!fam[0]) {
			gal_buf_printf(missing, "%s'%s'", n_missing++ ? ", " : "", name);
			continue;
		}
		/* once each */
		int dup = 0;
		for (const char *u = used.data; u && *u && !dup;) {
			size_t k = strcspn(u, ",");
			dup = k == strlen(fam) && !strncmp(u, fam, k);
			u += k + (u[k] == ',' ? 2 : 0);
		}
		if (!dup)
			gal_buf_printf(&used, "%s%s", used.len ? ", " : "", fam);
	}
	if (!used.len) {
		char fam[256];
		matched(list, fam, sizeof fam);
		gal_buf_puts(&used, fam);
	}
	snprintf(out, size, "%s", used.data ? used.data : "");
	gal_buf_free(&used);
	return n_missing;
}

/* ---- measuring ------------------------------------------------------------ */

/* Faces opened for measuring, kept for the process: a book measures its
 * list markers in one or two. */
#define MAX_MEASURED 8
static struct {
	char *file;
	int index;
	hb_font_t *font;
} measured[MAX_MEASURED];

static hb_font_t *font_for(const char *family, int weight, int italic)
{
	FcPattern *p = FcPatternCreate(), *m = NULL;
	FcResult res;
	FcChar8 *file = NULL;
	int index = 0;
	hb_font_t *font = NULL;
	for (const char *s = family; *s;) {
		size_t n = strcspn(s, ",");
		char name[256];
		snprintf(name, sizeof name, "%.*s", (int)(n < 255 ? n : 255), s);
		FcPatternAddString(p, FC_FAMILY, (const FcChar8 *)name);
		s += n + (s[n] == ',');
	}
	FcPatternAddInteger(p, FC_WEIGHT, FcWeightFromOpenType(weight));
	FcPatternAddInteger(p, FC_SLANT, italic ? FC_SLANT_ITALIC : FC_SLANT_ROMAN);
	FcConfigSubstitute(config, p, FcMatchPattern);
	FcDefaultSubstitute(p);
	m = FcFontMatch(config, p, &res);
	if (m && FcPatternGetString(m, FC_FILE, 0, &file) == FcResultMatch) {
		FcPatternGetInteger(m, FC_INDEX, 0, &index);
		int i = 0;
		while (i < MAX_MEASURED && measured[i].file &&
		       (strcmp(measured[i].file, (const char *)file) || measured[i].index != index))
			i++;
		if (i < MAX_MEASURED && !measured[i].file) {
			hb_blob_t *blob = hb_blob_create_from_file_or_fail((const char *)file);
			hb_face_t *face = blob ? hb_face_create(blob, (unsigned)index) : NULL;
			if (face && hb_face_get_glyph_count(face) > 0) {
				measured[i].file = xstrdup((const char *)file);
				measured[i].index = index;
				measured[i].font = hb_font_create(face);
			}
			hb_face_destroy(face);
			hb_blob_destroy(blob);
		}
		font = i < MAX_MEASURED ? measured[i].font : NULL;
	}
	if (m)
		FcPatternDestroy(m);
	FcPatternDestroy(p);
	return font;
}

double gal_fonts_advance(const char *family, int weight, int italic,
			 const char *features, const char *text)
{
	if (gal_fonts_load_config(NULL) != 0 || !family || !*family)
		return -1;
	hb_font_t *font = font_for(family, weight, italic);
	if (!font)
		return -1;
	hb_feature_t feat[16];
	unsigned n_feat = 0;
	for (const char *s = features ? features : ""; *s && n_feat < 16;) {
		size_t n = strcspn(s, ",");
		n_feat += hb_feature_from_string(s, (int)n, &feat[n_feat]) ? 1 : 0;
		s += n + (s[n] == ',');
	}
	hb_buffer_t *buf = hb_buffer_create();
	hb_buffer_add_utf8(buf, text, -1, 0, -1);
	hb_buffer_guess_segment_properties(buf);
	hb_shape(font, buf, feat, n_feat);
	unsigned len = 0;
	const hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(buf, &len);
	double w = 0;
	for (unsigned i = 0; i < len; i++)
		w += pos[i].x_advance;
	hb_buffer_destroy(buf);
	return w / hb_face_get_upem(hb_font_get_face(font));
}

const char *gal_fonts_describe(void)
{
	/* asked for by --version only: five font matches no conversion needs */
	if (!describe[0]) {
		if (gal_fonts_init(NULL) != 0)
			return "fonts unavailable";
		fill_describe();
	}
	return describe;
}
