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

/* ---- inline images ------------------------------------------------------
 * How an INLINE_IMAGE is set in its line, the rule both outputs follow:
 * the size the source asks (img_w, img_h; when it gives one, the other
 * follows the picture's proportions); else an icon -- a picture at most
 * GAL_ICON_PX pixels tall, the sizes icons come in -- at the text's
 * size, GAL_ICON_EM tall (about the cap height and a half, so it stands
 * on the baseline as tall as the letters around it); else its pixels at
 * 96 dpi, as a figure's are. A picture that cannot be used, of no asked
 * size, takes an icon's room, square. The renderers then scale a picture
 * down to the measure and the room a page has. */
#define GAL_ICON_PX 48
#define GAL_ICON_EM 0.9

/* Width and height of inline image n: in ems of the text when *em is
 * set, else in points. Cannot fail. */
void gal_inline_image_size(const gal_node *n, double *w, double *h, int *em);

/* Whether inline image n is decorative: the source gives it no text
 * alternative and it is set as an icon of its own size (neither asked a
 * size nor missing). Both outputs then keep it out of what is read
 * aloud: alt="" in the EPUB, no Figure of its own in the PDF (it is drawn
 * in its paragraph's content). */
int gal_inline_image_decorative(const gal_node *n);

/* The text alternative of inline image n: the source's; else NULL when
 * it is decorative; else the document's word for a figure ("Figure"),
 * as a block image without one gets. */
const char *gal_inline_image_alt(const gal_doc *doc, const gal_node *n);

#endif
