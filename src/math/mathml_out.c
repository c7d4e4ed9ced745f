/* A math tree as MathML: what the EPUB carries, whichever notation the
 * formula came in. Attributes are written only where the tree has them,
 * so a formula read from MathML comes back close to its source. */
#include <string.h>

#include "math/math.h"

#define MATHML_NS "http://www.w3.org/1998/Math/MathML"

static void esc(gal_buf *b, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&': gal_buf_puts(b, "&amp;"); break;
		case '<': gal_buf_puts(b, "&lt;"); break;
		case '>': gal_buf_puts(b, "&gt;"); break;
		case '"': gal_buf_puts(b, "&quot;"); break;
		default: gal_buf_putc(b, *s);
		}
	}
}

static void attr(void *ctx, const char *name, const char *value)
{
	gal_buf_printf(ctx, " %s=\"", name);
	esc(ctx, value);
	gal_buf_putc(ctx, '"');
}

/* depth-first with an explicit walk up: no recursion */
void gal_math_to_mathml(const gal_math *m, int display, gal_buf *b)
{
	const gal_math_node *n = gal_math_root(m);
	gal_buf_puts(b, "<math xmlns=\"" MATHML_NS "\"");
	if (display)
		gal_buf_puts(b, " display=\"block\"");
	gal_math_attrs(n, attr, b);
	if (!n->first) {
		gal_buf_puts(b, "/>");
		return;
	}
	gal_buf_putc(b, '>');
	n = n->first;
	while (n) {
		const char *name = gal_math_kind_name(n->kind);
		gal_buf_printf(b, "<%s", name);
		gal_math_attrs(n, attr, b);
		if (n->text) {
			gal_buf_putc(b, '>');
			esc(b, n->text);
			gal_buf_printf(b, "</%s>", name);
		} else if (n->first) {
			gal_buf_putc(b, '>');
			n = n->first;
			continue;
		} else {
			gal_buf_puts(b, "/>");
		}
		while (n && !n->next) {
			n = n->parent;
			if (n)
				gal_buf_printf(b, "</%s>", gal_math_kind_name(n->kind));
		}
		if (n)
			n = n->next;
	}
}
