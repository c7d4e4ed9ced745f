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

static void len_attr(gal_buf *b, const char *name, gal_math_len l)
{
	static const char *const units[] = { "", "em", "ex", "pt", "%" };
	if (l.unit == GAL_MU_NONE)
		return;
	gal_buf_printf(b, " %s=\"%s%.4g%s\"", name, l.sign > 0 ? "+" : l.sign < 0 ? "-" : "",
		       (double)l.v, units[l.unit]);
}

static void bool_attr(gal_buf *b, const char *name, unsigned char v)
{
	if (v != GAL_MB_UNSET)
		gal_buf_printf(b, " %s=\"%s\"", name, v == GAL_MB_TRUE ? "true" : "false");
}

static void notation_attr(gal_buf *b, unsigned no)
{
	static const struct { unsigned f; const char *n; } names[] = {
		{ GAL_ME_BOX, "box" }, { GAL_ME_TOP, "top" }, { GAL_ME_BOTTOM, "bottom" },
		{ GAL_ME_LEFT, "left" }, { GAL_ME_RIGHT, "right" },
		{ GAL_ME_UPDIAG, "updiagonalstrike" }, { GAL_ME_DOWNDIAG, "downdiagonalstrike" },
		{ GAL_ME_HSTRIKE, "horizontalstrike" }, { GAL_ME_VSTRIKE, "verticalstrike" },
		{ GAL_ME_RADICAL, "radical" }, { GAL_ME_LONGDIV, "longdiv" },
		{ GAL_ME_CIRCLE, "circle" },
	};
	int k = 0;
	if (!no)
		return;
	gal_buf_puts(b, " notation=\"");
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (no & names[i].f)
			gal_buf_printf(b, "%s%s", k++ ? " " : "", names[i].n);
	gal_buf_putc(b, '"');
}

static void attrs(gal_buf *b, const gal_math_node *n)
{
	static const char *const forms[] = { "", "prefix", "infix", "postfix" };
	if (n->variant)
		gal_buf_printf(b, " mathvariant=\"%s\"", gal_math_variant_name(n->variant));
	if (n->form)
		gal_buf_printf(b, " form=\"%s\"", forms[n->form]);
	bool_attr(b, "stretchy", n->stretchy);
	bool_attr(b, "largeop", n->largeop);
	bool_attr(b, "movablelimits", n->movablelimits);
	bool_attr(b, "symmetric", n->symmetric);
	bool_attr(b, "fence", n->fence);
	bool_attr(b, "separator", n->separator);
	bool_attr(b, "accent", n->accent);
	bool_attr(b, "accentunder", n->accentunder);
	bool_attr(b, "displaystyle", n->displaystyle);
	if (n->bevelled)
		gal_buf_puts(b, " bevelled=\"true\"");
	if (n->scriptlevel_mode)
		gal_buf_printf(b, " scriptlevel=\"%s%d\"",
			       n->scriptlevel_mode == 2 && n->scriptlevel >= 0 ? "+" : "",
			       n->scriptlevel);
	len_attr(b, "lspace", n->lspace);
	len_attr(b, "rspace", n->rspace);
	len_attr(b, "minsize", n->minsize);
	len_attr(b, "maxsize", n->maxsize);
	len_attr(b, "width", n->width);
	len_attr(b, "height", n->height);
	len_attr(b, "depth", n->depth);
	len_attr(b, "voffset", n->voffset);
	len_attr(b, "linethickness", n->linethickness);
	len_attr(b, "rowspacing", n->rowspacing);
	len_attr(b, "columnspacing", n->columnspacing);
	notation_attr(b, n->kind == GAL_M_MENCLOSE ? n->notation : 0);
	if (n->columnalign) {
		gal_buf_puts(b, " columnalign=\"");
		esc(b, n->columnalign);
		gal_buf_putc(b, '"');
	}
	if (n->columnlines) {
		gal_buf_puts(b, " columnlines=\"");
		esc(b, n->columnlines);
		gal_buf_putc(b, '"');
	}
	if (n->frame)
		gal_buf_puts(b, " frame=\"solid\"");
}

/* depth-first with an explicit walk up: no recursion */
void gal_math_to_mathml(const gal_math *m, int display, gal_buf *b)
{
	const gal_math_node *n = gal_math_root(m);
	gal_buf_puts(b, "<math xmlns=\"" MATHML_NS "\"");
	if (display)
		gal_buf_puts(b, " display=\"block\"");
	attrs(b, n);
	if (!n->first) {
		gal_buf_puts(b, "/>");
		return;
	}
	gal_buf_putc(b, '>');
	n = n->first;
	while (n) {
		const char *name = gal_math_kind_name(n->kind);
		gal_buf_printf(b, "<%s", name);
		attrs(b, n);
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
