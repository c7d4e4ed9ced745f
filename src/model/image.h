/* Images: resolve a reference inside the resource fence, probe the
 * declared size before decoding, keep the bytes for both renderers. */
#ifndef GAL_IMAGE_H
#define GAL_IMAGE_H

#include "model/doc.h"

/* Resolve `src` relative to opts->input_path's directory; it must stay
 * inside that directory or one of opts->resource_paths (no absolute paths,
 * no "..", no symlinks leading out, no URLs). Always returns an image
 * (arena-owned); status says whether it can be used. *why gets a short
 * reason for a warning when status != GAL_IMG_OK.
 * A data: URI of at most 256 KiB (decoded) is accepted in place of a path.
 * GIF and TIFF keep their own bytes and mime, but their name ends in
 * ".png": store gal_image_to_png's bytes under it (as image/png). They are
 * converted once while loading, so an OK status means the conversion
 * succeeds. */
gal_image *gal_image_load(gal_doc *doc, const char *src, const gal_opts *opts,
			  const char **why);

/* PNG bytes for formats EPUB readers and cairo lack (GIF, TIFF). Returns
 * malloc'd bytes or NULL. */
unsigned char *gal_image_to_png(const gal_image *img, size_t *len);

#endif
