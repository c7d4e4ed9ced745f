/* librsvg, libtiff and giflib, loaded when the first SVG, TIFF or GIF
 * image needs them.
 *
 * Most articles have no such image, and linking these libraries (librsvg
 * brings GIO, gdk-pixbuf and ICU with it) cost every process a quarter
 * of a one-page brief's time in the dynamic loader. Each library is
 * opened once per process, by its soname, and its functions are found by
 * name; the headers still give their types. A library that is missing
 * leaves its functions NULL: the image is then one galley cannot read.
 */
#ifndef GAL_IMGLIBS_H
#define GAL_IMGLIBS_H

#include <gif_lib.h>
#include <librsvg/rsvg.h>
#include <tiffio.h>

#define GAL_API_FN(fn) __typeof__(&fn) fn

typedef struct gal_rsvg_api {
	GAL_API_FN(rsvg_handle_new_from_data);
	GAL_API_FN(rsvg_handle_set_dpi);
	GAL_API_FN(rsvg_handle_get_intrinsic_dimensions);
	GAL_API_FN(rsvg_handle_render_document);
} gal_rsvg_api;

typedef struct gal_tiff_api {
	GAL_API_FN(TIFFOpenOptionsAlloc);
	GAL_API_FN(TIFFOpenOptionsFree);
	GAL_API_FN(TIFFOpenOptionsSetErrorHandlerExtR);
	GAL_API_FN(TIFFOpenOptionsSetWarningHandlerExtR);
	GAL_API_FN(TIFFOpenOptionsSetMaxSingleMemAlloc);
	GAL_API_FN(TIFFClientOpenExt);
	GAL_API_FN(TIFFGetField);
	GAL_API_FN(TIFFReadRGBAImageOriented);
	GAL_API_FN(TIFFClose);
} gal_tiff_api;

typedef struct gal_gif_api {
	GAL_API_FN(DGifOpen);
	GAL_API_FN(DGifGetRecordType);
	GAL_API_FN(DGifGetExtension);
	GAL_API_FN(DGifGetExtensionNext);
	GAL_API_FN(DGifExtensionToGCB);
	GAL_API_FN(DGifGetImageDesc);
	GAL_API_FN(DGifGetLine);
	GAL_API_FN(DGifCloseFile);
} gal_gif_api;

/* The library's functions, or NULL when it cannot be loaded. */
const gal_rsvg_api *gal_rsvg(void);
const gal_tiff_api *gal_tiff(void);
const gal_gif_api *gal_gif(void);

#endif
