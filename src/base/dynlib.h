/* Libraries loaded when first needed: librsvg, libtiff and giflib by the
 * first SVG, TIFF or GIF image, and HarfBuzz's subsetter by
 * --pdf-font-cache and EPUB --embed-fonts (font_strip.c).
 *
 * Most articles have no such image, no conversion makes font copies, and
 * linking these libraries (librsvg brings GIO, gdk-pixbuf and ICU with
 * it) cost every process a quarter of a one-page brief's time in the
 * dynamic loader. Each library is opened once per process, by its
 * soname, and its functions are found by name; the headers still give
 * their types. A library that is missing leaves its functions NULL: the
 * image is then one galley cannot read, and no copies are made.
 */
#ifndef GAL_LAZYLIBS_H
#define GAL_LAZYLIBS_H

#include <gif_lib.h>
#include <hb-subset.h>
#include <librsvg/rsvg.h>
#include <tiffio.h>

/* Each library's functions, listed once: X(fn) for every one. */
#define GAL_RSVG_FNS(X) \
	X(rsvg_handle_new_from_data) X(rsvg_handle_set_dpi) \
	X(rsvg_handle_get_intrinsic_dimensions) X(rsvg_handle_render_document)
#define GAL_TIFF_FNS(X) \
	X(TIFFOpenOptionsAlloc) X(TIFFOpenOptionsFree) \
	X(TIFFOpenOptionsSetErrorHandlerExtR) X(TIFFOpenOptionsSetWarningHandlerExtR) \
	X(TIFFOpenOptionsSetMaxSingleMemAlloc) X(TIFFClientOpenExt) X(TIFFGetField) \
	X(TIFFReadRGBAImageOriented) X(TIFFClose)
#define GAL_GIF_FNS(X) \
	X(DGifOpen) X(DGifGetRecordType) X(DGifGetExtension) X(DGifGetExtensionNext) \
	X(DGifExtensionToGCB) X(DGifGetImageDesc) X(DGifGetLine) X(DGifCloseFile)
#define GAL_HB_SUBSET_FNS(X) \
	X(hb_subset_input_create_or_fail) X(hb_subset_input_set_flags) \
	X(hb_subset_input_set) X(hb_subset_input_destroy) X(hb_subset_or_fail)

/* A pointer of the function's own type, under its own name. */
#define GAL_API_FN(fn) __typeof__(&fn) fn;

typedef struct gal_rsvg_api { GAL_RSVG_FNS(GAL_API_FN) } gal_rsvg_api;
typedef struct gal_tiff_api { GAL_TIFF_FNS(GAL_API_FN) } gal_tiff_api;
typedef struct gal_gif_api { GAL_GIF_FNS(GAL_API_FN) } gal_gif_api;
typedef struct gal_hb_subset_api { GAL_HB_SUBSET_FNS(GAL_API_FN) } gal_hb_subset_api;

/* The library's functions, or NULL when it cannot be loaded. */
const gal_rsvg_api *gal_rsvg(void);
const gal_tiff_api *gal_tiff(void);
const gal_gif_api *gal_gif(void);
const gal_hb_subset_api *gal_hb_subset(void);

#endif
