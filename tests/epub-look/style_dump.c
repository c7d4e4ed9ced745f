/* make epub-look: every value of a style as galley resolves it (its
 * inherit chain and the cascade, galley(1) "The cascade"), as
 * gal_style_dump writes it, for style.mjs to hold the EPUB against.
 *
 *   style-dump NAME|FILE
 */
#include <stdio.h>

#include "style/style.h"

int main(int argc, char **argv)
{
	gal_style *s = NULL;
	gal_err err = { 0 };
	gal_buf b = GAL_BUF_INIT;
	if (argc != 2) {
		fprintf(stderr, "usage: style-dump NAME|FILE\n");
		return 2;
	}
	if (gal_style_load(argv[1], &s, &err)) {
		fprintf(stderr, "%s:%d: %s\n", err.file ? err.file : argv[1], err.line,
			err.message);
		return 2;
	}
	gal_style_dump(s, &b);
	fwrite(b.data, 1, b.len, stdout);
	gal_buf_free(&b);
	gal_style_free(s);
	return 0;
}
