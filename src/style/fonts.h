/* The private fontconfig configuration (fonts/fonts.conf) and the Pango
 * font map built on it. Loaded once per process, before any worker forks. */
#ifndef GAL_FONTS_H
#define GAL_FONTS_H

#include <fontconfig/fontconfig.h>
#include <pango/pango.h>
#include "base/buf.h"
#include "galley.h"

/* Load fonts/fonts.conf and make it fontconfig's current configuration,
 * without Pango: what gal_fonts_family needs. Idempotent. GAL_E_FONT when
 * the configuration cannot be loaded. */
int gal_fonts_load_config(gal_err *err);
/* The configuration, then the Pango font map on it. Idempotent.
 * GAL_E_FONT when the configuration cannot be loaded. */
int gal_fonts_init(gal_err *err);
/* The families text in the fontconfig family list `list` is set in, as
 * a family list, into out (truncated to size): the names the
 * configuration has faces of, in order and once each, the generic serif,
 * sans-serif and monospace as the families they stand for; when none is
 * left, the family fontconfig falls back on. The names it lacks are
 * appended to missing ("'A', 'B'"), and their number returned. Needs
 * gal_fonts_load_config; cannot fail. */
int gal_fonts_family(const char *list, char *out, size_t size, gal_buf *missing);
FcConfig *gal_fonts_config(void);      /* borrowed; NULL before init */
PangoFontMap *gal_fonts_map(void);     /* borrowed */
PangoContext *gal_fonts_context(void); /* borrowed; for shaping */
/* The advance width of UTF-8 `text`, shaped with OpenType `features`
 * ("onum=1,tnum", may be NULL) in the face of the family list `family`
 * that fontconfig picks for weight (100..900) and italic, in em; -1 when
 * galley's fonts or the face cannot be loaded. What a browser lays the
 * text out at, as shaping is HarfBuzz's there too. */
double gal_fonts_advance(const char *family, int weight, int italic,
			 const char *features, const char *text);
/* "Charis SIL 6.200, Noto Sans 2.013, ..." (static string). */
const char *gal_fonts_describe(void);

#endif
