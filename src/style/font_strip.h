/* Outline-only copies of galley's text faces, which PDF output embeds
 * (see font_strip.c for why). */
#ifndef GAL_FONT_STRIP_H
#define GAL_FONT_STRIP_H

#include <fontconfig/fontconfig.h>
#include <hb.h>

#include "base/buf.h"
#include "galley.h"

/* Write a copy of every TrueType face of galley's families that the
 * configuration `fonts` finds (gal_fonts_config), without its hinting,
 * into dir, and the list "faces.tsv" that names them with the size and
 * time of the face each was made from. A face the copy would not keep
 * whole is left out, with a warning on standard error. GAL_E_IO when dir
 * cannot be written, GAL_E_FONT without HarfBuzz's subsetter. */
int gal_font_strip_build(FcConfig *fonts, const char *dir, gal_err *err);

/* Append to conf (fontconfig XML, inside <fontconfig>) a rule for each
 * copy listed in dir that is whole and whose face is unchanged, pointing
 * the face at the copy. Copies left out leave their face as it is. Call
 * once per process, before the configuration is parsed. */
void gal_font_strip_rules(const char *dir, gal_buf *conf);

/* The face a copy was made from, for whatever must carry the face itself;
 * file itself when it is no copy. */
const char *gal_font_strip_source(const char *file);

/* A subset of face `index` of font file `file` (read from the face a copy
 * was made from) through HarfBuzz's subsetter: the glyphs of the
 * characters `chars` and what the default layout features and
 * `features` (tags; may be NULL) reach from them, without hinting. On
 * success *data (xmalloc'd, the caller frees it) holds *len bytes of an
 * OpenType font. GAL_E_FONT when the subsetter or the face cannot be
 * opened, or the subset fails. */
int gal_font_subset(const char *file, int index, const hb_set_t *chars,
		    const hb_set_t *features, unsigned char **data, size_t *len,
		    gal_err *err);

#endif
