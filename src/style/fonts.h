/* The private fontconfig configuration (fonts/fonts.conf) and the Pango
 * font map built on it. Loaded once per process, before any worker forks. */
#ifndef GAL_FONTS_H
#define GAL_FONTS_H

#include <fontconfig/fontconfig.h>
#include <pango/pango.h>
#include "galley.h"

/* Idempotent. GAL_E_FONT when the configuration cannot be loaded. */
int gal_fonts_init(gal_err *err);
FcConfig *gal_fonts_config(void);      /* borrowed; NULL before init */
PangoFontMap *gal_fonts_map(void);     /* borrowed */
PangoContext *gal_fonts_context(void); /* borrowed; for shaping */
/* "Charis SIL 6.200, Noto Sans 2.013, ..." (static string). */
const char *gal_fonts_describe(void);

#endif
