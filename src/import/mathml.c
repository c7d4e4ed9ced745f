/* MathML serialising and linearising (mathml.h). Recursion follows the
 * formula's nesting, capped at GAL_IMP_MAX_DEPTH levels, past which a
 * subtree is left out. */
#include <string.h>

#include <libxml/tree.h>

#include "base/buf.h"
#include "import/mathml.h"
#include "import/toolkit.h"
#include "model/doc.h"

int gal_mathml_is(const xmlNode *x)
{
	return gal_imp_is_el(x) && x->ns && x->ns->href &&
	       strcmp((const char *)x->ns->href, GAL_MATHML_NS) == 0;
}

static void esc(gal_buf *b, const char *s, int attr)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&': gal_buf_puts(b, "&amp;"); break;
		case '<': gal_buf_puts(b, "&lt;"); break;
		case '>': gal_buf_puts(b, "&gt;"); break;
		case '"':
			if (attr) {
				gal_buf_puts(b, "&quot;");
				break;
			}
			/* fall through */
		default: gal_buf_putc(b, *s);
		}
	}
}

/* Without prefixes, the MathML namespace the default on the root, so it
 * stands alone in XHTML whatever prefix (mml:) the source used. */
static void ser(gal_buf *b, const xmlNode *e, int depth)
{
	if (e->type == XML_TEXT_NODE || e->type == XML_CDATA_SECTION_NODE) {
		esc(b, (const char *)e->content, 0);
		return;
	}
	if (e->type != XML_ELEMENT_NODE || depth > GAL_IMP_MAX_DEPTH)
		return;
	const char *name = gal_imp_name(e);
	gal_buf_printf(b, "<%s", name);
	if (depth == 0)
		gal_buf_puts(b, " xmlns=\"" GAL_MATHML_NS "\"");
	for (const xmlAttr *a = e->properties; a; a = a->next) {
		if (a->ns) /* xlink:, xml: and others are not MathML's */
			continue;
		xmlChar *v = xmlNodeListGetString(e->doc, a->children, 1);
		gal_buf_printf(b, " %s=\"", (const char *)a->name);
		esc(b, (const char *)v, 1);
		gal_buf_putc(b, '"');
		xmlFree(v);
	}
	if (!e->children) {
		gal_buf_puts(b, "/>");
		return;
	}
	gal_buf_putc(b, '>');
	for (const xmlNode *c = e->children; c; c = c->next)
		ser(b, c, depth + 1);
	gal_buf_printf(b, "</%s>", name);
}

/* How an element reads in the linear form. */
enum { L_TOKEN, L_SKIP, L_FIRST, L_SCRIPT, L_SQRT, L_FENCED, L_SPACE, L_ROW };

static const struct lin_el {
	const char *name;
	int kind;
	const char *mid;      /* L_SCRIPT: between the first two children */
} lin_els[] = {
	{ "mi", L_TOKEN, NULL }, { "mn", L_TOKEN, NULL }, { "mo", L_TOKEN, NULL },
	{ "mtext", L_TOKEN, NULL }, { "ms", L_TOKEN, NULL },
	{ "annotation", L_SKIP, NULL }, { "annotation-xml", L_SKIP, NULL },
	{ "none", L_SKIP, NULL }, { "mprescripts", L_SKIP, NULL },
	{ "semantics", L_FIRST, NULL },
	{ "msup", L_SCRIPT, "^" }, { "msub", L_SCRIPT, "_" },
	{ "msubsup", L_SCRIPT, "_" }, { "mfrac", L_SCRIPT, "/" },
	{ "mroot", L_SCRIPT, " root " },
	{ "msqrt", L_SQRT, NULL }, { "mfenced", L_FENCED, NULL },
	{ "mspace", L_SPACE, NULL }, { "mtr", L_ROW, NULL },
	{ "mlabeledtr", L_ROW, NULL },
};

static const struct lin_el *lin_el(const xmlNode *e)
{
	const char *n = gal_imp_name(e);
	for (size_t i = 0; i < sizeof lin_els / sizeof *lin_els; i++)
		if (!strcmp(lin_els[i].name, n))
			return &lin_els[i];
	return NULL;
}

static void lin(gal_imp *imp, gal_buf *b, const xmlNode *e, int depth);

static void lin_kids(gal_imp *imp, gal_buf *b, const xmlNode *e, int depth)
{
	for (const xmlNode *c = e->children; c; c = c->next)
		lin(imp, b, c, depth + 1);
}

/* mfenced: its open and close fences (default parentheses), children
 * apart by the first separator (default a comma). */
static void lin_fenced(gal_imp *imp, gal_buf *b, const xmlNode *e, int depth)
{
	const char *o = gal_imp_attr(imp, e, "open"), *cl = gal_imp_attr(imp, e, "close");
	const char *sep = gal_imp_attr(imp, e, "separators");
	gal_buf_puts(b, o ? o : "(");
	int k = 0;
	for (const xmlNode *c = e->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (k++)
			gal_buf_puts(b, sep && *sep ? (char[]){ sep[0], ' ', 0 } : ", ");
		lin(imp, b, c, depth + 1);
	}
	gal_buf_puts(b, cl ? cl : ")");
}

static void lin(gal_imp *imp, gal_buf *b, const xmlNode *e, int depth)
{
	if (e->type == XML_TEXT_NODE || e->type == XML_CDATA_SECTION_NODE) {
		gal_buf_puts(b, (const char *)e->content);
		return;
	}
	if (e->type != XML_ELEMENT_NODE || depth > GAL_IMP_MAX_DEPTH)
		return;
	const struct lin_el *le = lin_el(e);
	int k = 0;
	switch (le ? le->kind : -1) {
	case L_TOKEN:
		gal_buf_putc(b, ' ');
		lin_kids(imp, b, e, depth);
		gal_buf_putc(b, ' ');
		return;
	case L_SKIP:
		return;
	case L_FIRST:
		for (const xmlNode *c = e->children; c; c = c->next)
			if (c->type == XML_ELEMENT_NODE) {
				lin(imp, b, c, depth + 1);
				break;
			}
		return;
	case L_SCRIPT:
		for (const xmlNode *c = e->children; c; c = c->next) {
			if (c->type != XML_ELEMENT_NODE)
				continue;
			if (k == 1)
				gal_buf_puts(b, le->mid);
			else if (k == 2)
				gal_buf_puts(b, "^");
			lin(imp, b, c, depth + 1);
			k++;
		}
		return;
	case L_SQRT:
		gal_buf_puts(b, " \u221a(");
		lin_kids(imp, b, e, depth);
		gal_buf_puts(b, ") ");
		return;
	case L_FENCED:
		lin_fenced(imp, b, e, depth);
		return;
	case L_SPACE:
		gal_buf_putc(b, ' ');
		return;
	case L_ROW:
		gal_buf_putc(b, ' ');
		lin_kids(imp, b, e, depth);
		gal_buf_puts(b, "; ");
		return;
	default:
		lin_kids(imp, b, e, depth);
		return;
	}
}

void gal_mathml_fill(gal_imp *imp, gal_node *n, const xmlNode *m)
{
	gal_buf b = GAL_BUF_INIT;
	ser(&b, m, 0);
	n->literal = gal_doc_strndup(imp->doc, b.data ? b.data : "", b.len);
	gal_buf_reset(&b);
	lin(imp, &b, m, 0);
	n->title = gal_imp_collapse(imp, b.data ? b.data : "", b.len);
	if (!n->title)
		n->title = gal_imp_attr(imp, m, "alttext");
	gal_buf_free(&b);
}

static const char *tex_in(gal_imp *imp, const xmlNode *x, int depth)
{
	if (depth > 8)
		return NULL;
	for (const xmlNode *c = x->children; c; c = c->next) {
		if (gal_imp_named(c, "annotation")) {
			const char *enc = gal_imp_attr(imp, c, "encoding");
			if (enc && (strstr(enc, "tex") || strstr(enc, "TeX")))
				return gal_imp_text(imp, c);
		} else if (gal_imp_named(c, "semantics")) {
			const char *t = tex_in(imp, c, depth + 1);
			if (t)
				return t;
		}
	}
	return NULL;
}

const char *gal_mathml_tex(gal_imp *imp, const xmlNode *m)
{
	return tex_in(imp, m, 0);
}

void gal_inl_mathml(gal_walker *w, gal_flow *f, gal_node *parent,
		    const xmlNode *x)
{
	gal_node *h = gal_flow_open(w, f, parent, x);
	if (!h)
		return;
	gal_node *n = gal_imp_add(w->imp, h, GAL_NODE_MATH, x);
	if (n) {
		gal_mathml_fill(w->imp, n, x);
		n->tex = gal_mathml_tex(w->imp, x);
	}
	gal_flow_emitted(f);
}
