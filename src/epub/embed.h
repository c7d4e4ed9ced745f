/* What the EPUB renderer's files share beyond style.h: the fonts
 * --embed-fonts packs (embed.c), and the part an element of the markup is
 * set in (css.c). */
#ifndef GAL_EMBED_H
#define GAL_EMBED_H

#include <stddef.h>

#include "base/buf.h"
#include "galley.h"

/* A face to pack: a subset of it, obfuscated. */
typedef struct gal_font_file {
	char *href;            /* in OEBPS: "fonts/CharisSIL-Regular.ttf" */
	const char *mime;      /* the manifest's media type */
	unsigned char *data;   /* the bytes as packed (obfuscated) */
	size_t len;
} gal_font_file;

/* The part whose rule of the stylesheet (css.c) an element matches, given
 * its tag, its class attribute and its ancestors' class attributes
 * (space-separated; either may be NULL); -1 when none does. */
int gal_css_part(const char *tag, const char *classes, const char *outer);
/* Whether a class attribute (may be NULL) has the class `cls`. */
int gal_css_has_class(const char *classes, const char *cls);
/* Append what the stylesheet of `style` (gal_style_css) needs for text
 * set right to left (dir="rtl", on the html element or a block): the
 * style's left, the side lines start from, becomes the right. A book
 * without right-to-left text needs none of it. */
void gal_style_css_rtl(const gal_style *style, gal_buf *css);

/* The faces the n XHTML documents docs[] (lens[] bytes each) set text in
 * with the stylesheet of `style`: for each, a subset to the characters
 * set in it, obfuscated by the IDPF algorithm with the key of the
 * package's unique identifier `uid` (so META-INF/encryption.xml must name
 * every one), and its @font-face rule appended to css. *out (n_out of
 * them) belongs to the caller: gal_embed_free. A family without a face of
 * its own is a warning through opts (code font-not-found). GAL_E_FONT
 * when a face cannot be subset; GAL_E_STRICT from a warning under
 * --strict. */
int gal_embed_fonts(const gal_style *style, const char *const *docs, const size_t *lens,
		    size_t n, const char *uid, gal_buf *css, gal_font_file **out,
		    size_t *n_out, const gal_opts *opts, gal_err *err);

void gal_embed_free(gal_font_file *files, size_t n);

/* The IDPF font obfuscation (OCF 3.0, 4.2): the first 1040 bytes XORed
 * with the SHA-1 of the unique identifier without its white space. Its
 * own inverse. Cannot fail. */
void gal_embed_obfuscate(unsigned char *data, size_t len, const char *uid);

#endif
