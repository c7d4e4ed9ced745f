/* MathML Presentation in, a math tree out. The source is the string the
 * importers serialised (or any <math> element): parsed with libxml2
 * without network access and without loading or substituting entities,
 * its nesting capped at GAL_MATH_MAX_DEPTH. */
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "math/math.h"

#define MATHML_NS "http://www.w3.org/1998/Math/MathML"

typedef struct {
	gal_math *m;
	gal_err *err;
	int rc;
} reader;

static int is_mathml(const xmlNode *x)
{
	return x->type == XML_ELEMENT_NODE &&
	       (!x->ns || !x->ns->href || strcmp((const char *)x->ns->href, MATHML_NS) == 0);
}

static const char *local(const xmlNode *x)
{
	return (const char *)x->name;
}

/* ---- attributes ------------------------------------------------------------ */

static int attr_is(const char *v, const char *want)
{
	return v && strcmp(v, want) == 0;
}

static unsigned char parse_bool(const char *v)
{
	if (!v)
		return GAL_MB_UNSET;
	return attr_is(v, "true") ? GAL_MB_TRUE : attr_is(v, "false") ? GAL_MB_FALSE : GAL_MB_UNSET;
}

static const struct { const char *name; int eighteenths; } named_spaces[] = {
	{ "veryverythinmathspace", 1 }, { "verythinmathspace", 2 },
	{ "thinmathspace", 3 }, { "mediummathspace", 4 }, { "thickmathspace", 5 },
	{ "verythickmathspace", 6 }, { "veryverythickmathspace", 7 },
	{ "negativeveryverythinmathspace", -1 }, { "negativeverythinmathspace", -2 },
	{ "negativethinmathspace", -3 }, { "negativemediummathspace", -4 },
	{ "negativethickmathspace", -5 }, { "negativeverythickmathspace", -6 },
	{ "negativeveryverythickmathspace", -7 },
};

/* "0.5em", "+2pt", "thinmathspace", "150%", "2" (a multiple: 200%) */
static gal_math_len parse_len(const char *v)
{
	gal_math_len l = { 0, GAL_MU_NONE, 0 };
	char *end;
	if (!v)
		return l;
	while (*v == ' ')
		v++;
	for (size_t i = 0; i < sizeof named_spaces / sizeof named_spaces[0]; i++)
		if (strcmp(v, named_spaces[i].name) == 0)
			return (gal_math_len){ named_spaces[i].eighteenths / 18.0f, GAL_MU_EM, 0 };
	if (*v == '+' || *v == '-')
		l.sign = *v == '+' ? 1 : -1;
	double x = strtod(v, &end);
	if (end == v)
		return l;
	if (l.sign)
		x = x < 0 ? -x : x;
	while (*end == ' ')
		end++;
	static const struct { const char *u; double f; unsigned char unit; } units[] = {
		{ "em", 1, GAL_MU_EM }, { "ex", 1, GAL_MU_EX }, { "pt", 1, GAL_MU_PT },
		{ "px", 0.75, GAL_MU_PT }, { "pc", 12, GAL_MU_PT }, { "in", 72, GAL_MU_PT },
		{ "cm", 72 / 2.54, GAL_MU_PT }, { "mm", 72 / 25.4, GAL_MU_PT },
		{ "mu", 1 / 18.0, GAL_MU_EM }, { "%", 1, GAL_MU_PCT },
		{ "width", 100, GAL_MU_PCT }, { "height", 100, GAL_MU_PCT },
		{ "depth", 100, GAL_MU_PCT },
	};
	if (!*end) {
		l.v = (float)(x * 100), l.unit = GAL_MU_PCT;
		return l;
	}
	for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
		if (strncmp(end, units[i].u, strlen(units[i].u)) == 0) {
			l.v = (float)(x * units[i].f), l.unit = units[i].unit;
			return l;
		}
	return l;
}

static unsigned parse_notation(const char *v)
{
	static const struct { const char *n; unsigned f; } notes[] = {
		{ "box", GAL_ME_BOX }, { "roundedbox", GAL_ME_BOX }, { "top", GAL_ME_TOP },
		{ "bottom", GAL_ME_BOTTOM }, { "left", GAL_ME_LEFT }, { "right", GAL_ME_RIGHT },
		{ "updiagonalstrike", GAL_ME_UPDIAG }, { "downdiagonalstrike", GAL_ME_DOWNDIAG },
		{ "horizontalstrike", GAL_ME_HSTRIKE }, { "verticalstrike", GAL_ME_VSTRIKE },
		{ "radical", GAL_ME_RADICAL }, { "longdiv", GAL_ME_LONGDIV },
		{ "circle", GAL_ME_CIRCLE }, { "actuarial", GAL_ME_TOP | GAL_ME_RIGHT },
		{ "madruwb", GAL_ME_BOTTOM | GAL_ME_RIGHT },
	};
	unsigned f = 0;
	char word[32];
	if (!v)
		return GAL_ME_LONGDIV;
	while (*v) {
		size_t n = 0;
		while (*v == ' ')
			v++;
		while (*v && *v != ' ' && n + 1 < sizeof word)
			word[n++] = *v++;
		word[n] = '\0';
		while (*v && *v != ' ')
			v++;
		for (size_t i = 0; i < sizeof notes / sizeof notes[0]; i++)
			if (strcmp(word, notes[i].n) == 0)
				f |= notes[i].f;
	}
	return f;
}

static void read_attrs(reader *r, gal_math_node *n, const xmlNode *x)
{
	for (const xmlAttr *a = x->properties; a; a = a->next) {
		const char *k = (const char *)a->name;
		xmlChar *vx = xmlNodeListGetString(x->doc, a->children, 1);
		const char *v = vx ? (const char *)vx : "";
		if (!strcmp(k, "mathvariant")) {
			int mv = gal_math_variant_parse(v);
			if (mv > 0)
				n->variant = (unsigned char)mv;
		} else if (!strcmp(k, "form")) {
			n->form = attr_is(v, "prefix") ? GAL_MF_PREFIX : attr_is(v, "postfix") ? GAL_MF_POSTFIX
				  : attr_is(v, "infix") ? GAL_MF_INFIX : GAL_MF_AUTO;
		} else if (!strcmp(k, "stretchy")) {
			n->stretchy = parse_bool(v);
		} else if (!strcmp(k, "largeop")) {
			n->largeop = parse_bool(v);
		} else if (!strcmp(k, "movablelimits")) {
			n->movablelimits = parse_bool(v);
		} else if (!strcmp(k, "symmetric")) {
			n->symmetric = parse_bool(v);
		} else if (!strcmp(k, "fence")) {
			n->fence = parse_bool(v);
		} else if (!strcmp(k, "separator")) {
			n->separator = parse_bool(v);
		} else if (!strcmp(k, "accent")) {
			n->accent = parse_bool(v);
		} else if (!strcmp(k, "accentunder")) {
			n->accentunder = parse_bool(v);
		} else if (!strcmp(k, "displaystyle")) {
			n->displaystyle = parse_bool(v);
		} else if (!strcmp(k, "bevelled")) {
			n->bevelled = parse_bool(v) == GAL_MB_TRUE;
		} else if (!strcmp(k, "scriptlevel")) {
			n->scriptlevel_mode = (*v == '+' || *v == '-') ? 2 : 1;
			n->scriptlevel = (signed char)atoi(v);
		} else if (!strcmp(k, "lspace")) {
			n->lspace = parse_len(v);
		} else if (!strcmp(k, "rspace")) {
			n->rspace = parse_len(v);
		} else if (!strcmp(k, "minsize")) {
			n->minsize = parse_len(v);
		} else if (!strcmp(k, "maxsize")) {
			n->maxsize = parse_len(v);
		} else if (!strcmp(k, "width")) {
			n->width = parse_len(v);
		} else if (!strcmp(k, "height")) {
			n->height = parse_len(v);
		} else if (!strcmp(k, "depth")) {
			n->depth = parse_len(v);
		} else if (!strcmp(k, "voffset")) {
			n->voffset = parse_len(v);
		} else if (!strcmp(k, "linethickness")) {
			n->linethickness = attr_is(v, "thin") ? (gal_math_len){ 50, GAL_MU_PCT, 0 }
				: attr_is(v, "medium") ? (gal_math_len){ 100, GAL_MU_PCT, 0 }
				: attr_is(v, "thick") ? (gal_math_len){ 200, GAL_MU_PCT, 0 } : parse_len(v);
		} else if (!strcmp(k, "notation")) {
			n->notation = parse_notation(v);
		} else if (!strcmp(k, "columnalign")) {
			n->columnalign = gal_math_strdup(r->m, v, strlen(v));
		} else if (!strcmp(k, "columnlines")) {
			n->columnlines = gal_math_strdup(r->m, v, strlen(v));
		} else if (!strcmp(k, "rowlines")) {
			n->rowlines = gal_math_strdup(r->m, v, strlen(v));
		} else if (!strcmp(k, "rowspacing")) {
			n->rowspacing = parse_len(v);
		} else if (!strcmp(k, "columnspacing")) {
			n->columnspacing = parse_len(v);
		} else if (!strcmp(k, "frame")) {
			n->frame = attr_is(v, "solid") || attr_is(v, "dashed");
		}
		xmlFree(vx);
	}
}

/* ---- text ------------------------------------------------------------------- */

static void gather_text(gal_buf *b, const xmlNode *x, int depth)
{
	for (const xmlNode *c = x->children; c; c = c->next) {
		if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE)
			gal_buf_puts(b, (const char *)c->content);
		else if ((c->type == XML_ELEMENT_NODE || c->type == XML_ENTITY_REF_NODE) &&
			 depth < GAL_MATH_MAX_DEPTH)
			gather_text(b, c, depth + 1);
	}
}

/* token content: white space trimmed and collapsed (MathML 3 2.1.7) */
static const char *token_text(reader *r, const xmlNode *x)
{
	static const char ws[] = " \t\n\r";
	gal_buf b = GAL_BUF_INIT, o = GAL_BUF_INIT;
	gather_text(&b, x, 0);
	for (const char *p = b.data ? b.data : ""; *(p += strspn(p, ws));) {
		size_t n = strcspn(p, ws);
		if (o.len)
			gal_buf_putc(&o, ' ');
		gal_buf_put(&o, p, n);
		p += n;
	}
	const char *s = gal_math_strdup(r->m, o.data ? o.data : "", o.len);
	gal_buf_free(&b);
	gal_buf_free(&o);
	return s;
}

/* ---- elements ------------------------------------------------------------- */

static void read_children(reader *r, gal_math_node *into, const xmlNode *x, int depth);
static void read_element(reader *r, gal_math_node *into, const xmlNode *x, int depth);

static gal_math_node *fence_mo(reader *r, gal_math_node *row, const char *s, size_t len,
			       gal_math_form form)
{
	gal_math_node *mo = gal_math_node_new(r->m, GAL_M_MO, row);
	mo->text = gal_math_strdup(r->m, s, len);
	mo->form = (unsigned char)form;
	if (form != GAL_MF_INFIX)   /* stretchy as the dictionary has it */
		mo->fence = GAL_MB_TRUE;
	else
		mo->separator = GAL_MB_TRUE;
	return mo;
}

/* mfenced is an mrow of its fences, children and separators */
static void read_mfenced(reader *r, gal_math_node *into, const xmlNode *x, int depth)
{
	xmlChar *o = xmlGetProp(x, (const xmlChar *)"open");
	xmlChar *c = xmlGetProp(x, (const xmlChar *)"close");
	xmlChar *s = xmlGetProp(x, (const xmlChar *)"separators");
	const char *open = o ? (const char *)o : "(", *close = c ? (const char *)c : ")";
	const char *seps = s ? (const char *)s : ",";
	gal_math_node *row = gal_math_node_new(r->m, GAL_M_MROW, into);
	const char *last_sep = NULL;
	size_t last_len = 0;
	int k = 0;

	while (*open == ' ')
		open++;
	if (*open)
		fence_mo(r, row, open, strcspn(open, " "), GAL_MF_PREFIX);
	for (const xmlNode *ch = x->children; ch && !r->rc; ch = ch->next) {
		if (!is_mathml(ch))
			continue;
		if (k++) {
			while (*seps == ' ')
				seps++;
			if (*seps) {
				const char *e = seps;
				gal_math_utf8_next(&e);
				last_sep = seps, last_len = (size_t)(e - seps);
				seps = e;
			}
			if (last_sep)
				fence_mo(r, row, last_sep, last_len, GAL_MF_INFIX);
		}
		read_element(r, row, ch, depth);
	}
	while (*close == ' ')
		close++;
	if (*close)
		fence_mo(r, row, close, strcspn(close, " "), GAL_MF_POSTFIX);
	xmlFree(o);
	xmlFree(c);
	xmlFree(s);
}

static void read_element(reader *r, gal_math_node *into, const xmlNode *x, int depth)
{
	const char *name = local(x);
	if (depth > GAL_MATH_MAX_DEPTH) {
		r->rc = gal_err_set(r->err, GAL_E_LIMIT, NULL, x->line, 0,
				    "MathML nested deeper than %d levels", GAL_MATH_MAX_DEPTH);
		return;
	}
	if (!strcmp(name, "annotation") || !strcmp(name, "annotation-xml") ||
	    !strcmp(name, "mglyph") || !strcmp(name, "malignmark") ||
	    !strcmp(name, "maligngroup"))
		return;
	if (!strcmp(name, "mfenced")) {
		read_mfenced(r, into, x, depth + 1);
		return;
	}
	if (!strcmp(name, "semantics") || !strcmp(name, "maction")) {
		/* the presentation: the first child that is not an annotation */
		for (const xmlNode *c = x->children; c; c = c->next) {
			if (!is_mathml(c) || !strcmp(local(c), "annotation") ||
			    !strcmp(local(c), "annotation-xml"))
				continue;
			read_element(r, into, c, depth + 1);
			return;
		}
		return;
	}
	int k = gal_math_kind_parse(name);
	if (k < 0 || k == GAL_M_MATH)
		k = GAL_M_MROW;   /* mstack, mlongdiv, unknown: keep their content */
	gal_math_node *n = gal_math_node_new(r->m, (gal_math_kind)k, into);
	read_attrs(r, n, x);
	switch ((gal_math_kind)k) {
	case GAL_M_MI: case GAL_M_MN: case GAL_M_MO: case GAL_M_MTEXT: case GAL_M_MS:
		n->text = token_text(r, x);
		break;
	case GAL_M_MSPACE: case GAL_M_NONE: case GAL_M_MPRESCRIPTS:
		break;
	default:
		read_children(r, n, x, depth + 1);
	}
}

static void read_children(reader *r, gal_math_node *into, const xmlNode *x, int depth)
{
	for (const xmlNode *c = x->children; c && !r->rc; c = c->next)
		if (is_mathml(c))
			read_element(r, into, c, depth);
}

int gal_math_from_mathml(const char *src, size_t len, gal_math **out, gal_err *err)
{
	reader r = { NULL, err, 0 };
	xmlDoc *doc = NULL;
	xmlNode *root;

	*out = NULL;
	if (len > (size_t)1 << 30)
		return gal_err_set(err, GAL_E_LIMIT, NULL, 0, 0, "MathML source too large");
	doc = xmlReadMemory(src, (int)len, "math.xml", NULL,
			    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	root = doc ? xmlDocGetRootElement(doc) : NULL;
	if (!root) {
		r.rc = gal_err_set(err, GAL_E_XML, NULL, 0, 0, "MathML is not well-formed");
		goto cleanup;
	}
	if (!is_mathml(root) || strcmp(local(root), "math") != 0) {
		r.rc = gal_err_set(err, GAL_E_XML, NULL, root->line, 0,
				   "MathML root is <%s>, not <math>", local(root));
		goto cleanup;
	}
	r.m = gal_math_new();
	xmlChar *d = xmlGetProp(root, (const xmlChar *)"display");
	xmlChar *mode = xmlGetProp(root, (const xmlChar *)"mode");
	gal_math_set_display(r.m, attr_is((const char *)d, "block") ||
			     attr_is((const char *)mode, "display"));
	xmlFree(d);
	xmlFree(mode);
	read_attrs(&r, gal_math_root_mut(r.m), root);
	read_children(&r, gal_math_root_mut(r.m), root, 1);
	if (r.rc) {
		gal_math_free(r.m);
		r.m = NULL;
		goto cleanup;
	}
	*out = r.m;
cleanup:
	xmlFreeDoc(doc);
	return r.rc;
}
