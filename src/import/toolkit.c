/* The importer toolkit (toolkit.h): warnings, attributes, text of a
 * subtree, the builder with its one node-limit check, value parsers. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <glib.h>
#include <libxml/tree.h>

#include "base/buf.h"
#include "base/suggest.h"
#include "galley.h"
#include "import/toolkit.h"
#include "import/xml.h"
#include "model/doc.h"

/* ---- the set of element names already warned about ---------------------- */

struct gal_strset {
	char **v;
	size_t n, cap;
};

/* Returns 1 when s was added, 0 when it was there already. */
static int strset_add(struct gal_strset **setp, const char *s)
{
	if (!*setp)
		*setp = xcalloc(1, sizeof **setp);
	struct gal_strset *set = *setp;
	for (size_t i = 0; i < set->n; i++)
		if (strcmp(set->v[i], s) == 0)
			return 0;
	if (set->n == set->cap) {
		set->cap = set->cap ? set->cap * 2 : 16;
		set->v = xrealloc(set->v, set->cap * sizeof *set->v);
	}
	set->v[set->n++] = xstrdup(s);
	return 1;
}

static void strset_free(struct gal_strset *set)
{
	if (!set)
		return;
	for (size_t i = 0; i < set->n; i++)
		free(set->v[i]);
	free(set->v);
	free(set);
}

void gal_imp_release(gal_imp *imp)
{
	if (!imp)
		return;
	strset_free(imp->warned);
	strset_free(imp->misplaced);
	imp->warned = imp->misplaced = NULL;
}


/* ---- helpers for importers ---------------------------------------------- */

void gal_imp_warn(gal_imp *imp, const xmlNode *n, const char *code,
		  const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	int line = gal_imp_line(n), col = 0;
	if (line > 0) {
		/* an element's own column; text and attributes: their element's */
		const xmlNode *el = n;
		while (el && el->type != XML_ELEMENT_NODE)
			el = el->parent;
		if (el && gal_imp_line(el) == line)
			col = gal_xml_warn_col(el);
		if (!col)
			col = 1;
	}
	int rc = gal_warn(imp->opts, imp->status ? NULL : imp->err, line, col,
			  code, "%s", msg);
	if (rc && !imp->status)
		imp->status = rc;
}

void gal_imp_incomplete(gal_imp *imp, const xmlNode *n, const char *fmt, ...)
{
	if (imp->status)
		return;
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	const xmlNode *el = n;
	while (el && el->type != XML_ELEMENT_NODE)
		el = el->parent;
	int line = gal_imp_line(el);
	imp->status = gal_err_set(imp->err, GAL_E_FORMAT, imp->doc->name, line,
				  line ? gal_xml_col(el) : 0, "%s: the output would lack it", msg);
}

void gal_imp_unknown(gal_imp *imp, const xmlNode *n)
{
	const char *name = gal_imp_name(n);
	if (!strset_add(&imp->warned, name))
		return;
	gal_suggest s;
	gal_suggest_init(&s, name);
	/* an element of another vocabulary (TaxPub's tp:taxon-name inside
	 * JATS) is no misspelling of this one's */
	const xmlNs *ns = n->ns, *pns = n->parent ? n->parent->ns : NULL;
	int foreign = n->parent && n->parent->type == XML_ELEMENT_NODE &&
		      (ns ? !pns || !ns->href || !pns->href ||
			    strcmp((const char *)ns->href, (const char *)pns->href) : pns != NULL);
	for (size_t i = 0; !foreign && i < imp->n_known; i++)
		gal_suggest_add(&s, *(const char *const *)((const char *)imp->known +
							   i * imp->known_stride));
	const char *near = gal_suggest_best(&s);
	if (near)
		gal_imp_warn(imp, n, "unknown-element",
			     "unknown element <%s>; did you mean <%s>?", name, near);
	else
		gal_imp_warn(imp, n, "unknown-element", "unknown element <%s>", name);
}

void gal_imp_misplaced(gal_imp *imp, const xmlNode *n, const char *where)
{
	const char *name = gal_imp_name(n);
	if (!strset_add(&imp->misplaced, name))
		return;
	gal_imp_warn(imp, n, "misplaced-element",
		     "<%s> is not allowed in %s; its text is kept", name, where);
}

const xmlNode *gal_imp_root(gal_imp *imp, xmlDocPtr xml, gal_format fmt)
{
	const xmlNode *root = xmlDocGetRootElement(xml);
	if (!root) {
		if (!imp->status)
			imp->status = gal_err_set(imp->err, GAL_E_FORMAT, imp->doc->name,
						  0, 0, "no root element");
		return NULL;
	}
	if (!gal_xml_root_fits(fmt, root)) {
		if (!imp->status)
			imp->status = gal_err_set(imp->err, GAL_E_FORMAT, imp->doc->name,
						  gal_imp_line(root), gal_xml_col(root),
						  "not a %s document: the root element is <%s>",
						  gal_format_description(fmt), gal_imp_name(root));
		return NULL;
	}
	imp->doc->format = fmt;
	return root;
}

void gal_imp_root_meta(gal_imp *imp, const xmlNode *root)
{
	const char *lang = gal_imp_lang(imp, root);
	const char *id = gal_imp_attr(imp, root, "id");
	if (lang)
		imp->doc->meta.lang = lang;
	if (gal_imp_nonempty(id))
		imp->doc->meta.id = id;
}

const char *gal_imp_name(const xmlNode *n)
{
	if (!n || n->type != XML_ELEMENT_NODE || !n->name)
		return "";
	return (const char *)n->name;
}

const char *gal_imp_attr(gal_imp *imp, const xmlNode *n, const char *name)
{
	if (!n || n->type != XML_ELEMENT_NODE)
		return NULL;
	/* namespace-agnostic: the first attribute with this local name */
	for (xmlAttrPtr a = n->properties; a; a = a->next) {
		if (!a->name || strcmp((const char *)a->name, name) != 0)
			continue;
		xmlChar *v = xmlNodeListGetString(n->doc, a->children, 1);
		const char *s = gal_doc_strdup(imp->doc, v ? (const char *)v : "");
		xmlFree(v);
		return s;
	}
	return NULL;
}

const char *gal_imp_lang(gal_imp *imp, const xmlNode *n)
{
	/* xml:lang, or a lang of no namespace (DocBook 4, XHTML) */
	const char *s = gal_imp_attr(imp, n, "lang");
	return gal_imp_nonempty(s) ? s : NULL;
}

static int is_xml_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

int gal_imp_is_blank(const xmlNode *n)
{
	if (!n || (n->type != XML_TEXT_NODE && n->type != XML_CDATA_SECTION_NODE))
		return 0;
	for (const unsigned char *p = n->content; p && *p; p++)
		if (!is_xml_space(*p))
			return 0;
	return 1;
}

/* ---- white space ---------------------------------------------------------- */

/* The character that ends s[0..n), 0 when none or not UTF-8. */
static unsigned char_before(const char *s, size_t n)
{
	if (!n)
		return 0;
	size_t k = n - 1;
	while (k > 0 && n - k < 4 && ((unsigned char)s[k] & 0xC0) == 0x80)
		k--;
	gunichar c = g_utf8_get_char_validated(s + k, (gssize)(n - k));
	return c < 0x110000 ? c : 0;
}

/* The character s (len bytes) starts with, 0 when none or not UTF-8. */
static unsigned char_at(const char *s, size_t len)
{
	if (!len)
		return 0;
	gunichar c = g_utf8_get_char_validated(s, (gssize)(len < 4 ? len : 4));
	return c < 0x110000 ? c : 0;
}

static int is_text(const xmlNode *n)
{
	return n && (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE);
}

/* The node after n in document order (into elements, out of them), or
 * before it; NULL at the end of the document. */
static const xmlNode *step(const xmlNode *n, int dir)
{
	if (dir > 0) {
		if (n->type == XML_ELEMENT_NODE && n->children)
			return n->children;
		while (n && !n->next)
			n = n->parent && n->parent->type == XML_ELEMENT_NODE ? n->parent : NULL;
		return n ? n->next : NULL;
	}
	if (!n->prev)
		return n->parent && n->parent->type == XML_ELEMENT_NODE ? n->parent : NULL;
	n = n->prev;
	while (n->type == XML_ELEMENT_NODE && n->last)
		n = n->last;
	return n;
}

/* The nearest character but white space in the text before (dir < 0) or
 * after x in document order; 0 when none is near. */
static unsigned neighbour(const xmlNode *x, int dir)
{
	const xmlNode *n = x;
	for (int k = 0; k < 64 && (n = step(n, dir)); k++) {
		if (!is_text(n) || !n->content)
			continue;
		const char *c = (const char *)n->content;
		size_t a = 0, b = strlen(c);
		while (a < b && is_xml_space((unsigned char)c[a]))
			a++;
		while (b > a && is_xml_space((unsigned char)c[b - 1]))
			b--;
		if (a < b)
			return dir < 0 ? char_before(c, b) : char_at(c + a, b - a);
	}
	return 0;
}

int gal_imp_break_removed(const xmlNode *x, const char *s, size_t len,
			  size_t a, size_t b)
{
	if (!memchr(s + a, '\n', b - a) && !memchr(s + a, '\r', b - a))
		return 0;
	int own = is_text(x) && s == (const char *)x->content;
	/* the character at hand first: most text is not East Asian, and
	 * then no neighbour need be looked for */
	unsigned before = a ? char_before(s, a) : 0;
	unsigned after = b < len ? char_at(s + b, len - b) : 0;
	if ((a && !gal_imp_break_vanishes(before, before)) ||
	    (b < len && !gal_imp_break_vanishes(after, after)))
		return 0;
	if (!a)
		before = own ? neighbour(x, -1) : 0;
	if (b >= len)
		after = own ? neighbour(x, 1) : 0;
	return gal_imp_break_vanishes(before, after);
}

void gal_imp_put_collapsed(gal_buf *out, const xmlNode *x, const char *s,
			   size_t len, int *space)
{
	for (size_t i = 0; i < len;) {
		if (!is_xml_space((unsigned char)s[i])) {
			gal_buf_putc(out, s[i++]);
			*space = 0;
			continue;
		}
		size_t j = i;
		while (j < len && is_xml_space((unsigned char)s[j]))
			j++;
		if (!*space && !gal_imp_break_removed(x, s, len, i, j)) {
			gal_buf_putc(out, ' ');
			*space = 1;
		}
		i = j;
	}
}

/* s (len bytes) onto b, white space collapsed, none leading or trailing:
 * *pending is 1 after white space, 2 when it held a line break, which
 * vanishes between East Asian characters. */
static void put_pending(gal_buf *b, const char *s, size_t len, int *pending)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (is_xml_space(c)) {
			*pending |= c == '\n' || c == '\r' ? 2 : 1;
			continue;
		}
		if (*pending && b->len &&
		    !((*pending & 2) && gal_imp_break_vanishes(char_before(b->data, b->len),
							       char_at(s + i, len - i))))
			gal_buf_putc(b, ' ');
		*pending = 0;
		gal_buf_putc(b, (char)c);
	}
}

/* The node after cur in document order below top, without recursion:
 * its first child when it has one, else the next sibling, climbing out
 * of elements; NULL past the end. */
static const xmlNode *next_below(const xmlNode *cur, const xmlNode *top)
{
	if (cur->type == XML_ELEMENT_NODE && cur->children)
		return cur->children;
	while (cur && cur != top && !cur->next)
		cur = cur->parent;
	return cur && cur != top ? cur->next : NULL;
}

const char *gal_imp_text(gal_imp *imp, const xmlNode *n)
{
	gal_buf b = GAL_BUF_INIT;
	int space = 0;
	if (!n)
		return gal_doc_strdup(imp->doc, "");
	const xmlNode *top = n;
	const xmlNode *cur = n->children;
	if (is_text(n)) {
		put_pending(&b, (const char *)n->content, strlen((const char *)n->content), &space);
		cur = NULL;
	}
	for (; cur; cur = next_below(cur, top))
		if (is_text(cur) && cur->content)
			put_pending(&b, (const char *)cur->content,
				    strlen((const char *)cur->content), &space);
	/* put_pending writes no leading or trailing space */
	const char *s = gal_doc_strndup(imp->doc, b.data ? b.data : "", b.len);
	gal_buf_free(&b);
	return s;
}

/* A line break between two pieces of content: *nl says one is pending
 * after content (edges do not count). */
static int line_between(const unsigned char *p, int *seen, int *nl)
{
	for (; p && *p; p++) {
		if (*p == '\n') {
			*nl = *seen;
		} else if (!is_xml_space(*p)) {
			if (*nl)
				return 1;
			*seen = 1;
		}
	}
	return 0;
}

int gal_imp_verbatim_lines(const xmlNode *x)
{
	int seen = 0, nl = 0;
	for (const xmlNode *cur = x ? x->children : NULL; cur; cur = next_below(cur, x))
		if ((cur->type == XML_TEXT_NODE || cur->type == XML_CDATA_SECTION_NODE) &&
		    line_between(cur->content, &seen, &nl))
			return 1;
	return 0;
}

const char *gal_imp_code_language(gal_imp *imp, const xmlNode *x)
{
	const char *s = gal_imp_attr(imp, x, "language");
	return s ? gal_imp_collapse(imp, s, strlen(s)) : NULL;
}

const char *gal_imp_collapse(gal_imp *imp, const char *s, size_t len)
{
	gal_buf b = GAL_BUF_INIT;
	int space = 0;
	put_pending(&b, s, len, &space);
	const char *r = b.len ? gal_doc_strndup(imp->doc, b.data, b.len) : NULL;
	gal_buf_free(&b);
	return r;
}

/* ---- the builder ---------------------------------------------------------- */

/* After the builder refused a node: when it was the node limit, stop the
 * import, with the one message. */
static void limit_check(gal_imp *imp, const xmlNode *x)
{
	gal_doc *doc = imp->doc;
	if (imp->stop || !doc->max_nodes || doc->n_nodes < doc->max_nodes)
		return;
	imp->stop = 1;
	if (imp->status)
		return;
	/* located at the element being built (a text node: its parent's) */
	const xmlNode *el = x;
	while (el && el->type != XML_ELEMENT_NODE)
		el = el->parent;
	int line = gal_imp_line(el);
	imp->status = gal_err_set(imp->err, GAL_E_LIMIT, doc->name, line,
				  line ? gal_xml_col(el) : 0,
				  "more than %zu document nodes (raise --limit nodes=N)",
				  doc->max_nodes);
}

static int col_of(const gal_imp *imp, const xmlNode *x)
{
	return x && imp->cols ? gal_imp_col(x) : 0;
}

gal_node *gal_imp_add(gal_imp *imp, gal_node *parent, gal_node_type t,
		      const xmlNode *x)
{
	if (imp->stop || !parent)
		return NULL;
	gal_node *n = gal_node_add(imp->doc, parent, t, gal_imp_line(x), col_of(imp, x));
	if (!n)
		limit_check(imp, x);
	return n;
}

gal_node *gal_imp_new(gal_imp *imp, gal_node_type t, const xmlNode *x)
{
	if (imp->stop)
		return NULL;
	gal_node *n = gal_node_new(imp->doc, t, gal_imp_line(x), col_of(imp, x));
	if (!n)
		limit_check(imp, x);
	return n;
}

void gal_imp_add_text(gal_imp *imp, gal_node *parent, const char *s,
		      size_t len, const xmlNode *x)
{
	if (imp->stop || !parent || !len)
		return;
	if (!gal_node_add_text(imp->doc, parent, s, len, gal_imp_line(x), 0))
		limit_check(imp, x);
}

void gal_imp_add_lines(gal_imp *imp, gal_node *parent, const char *s,
		       size_t len, const xmlNode *x)
{
	size_t i = 0;
	while (i < len) {
		size_t j = i;
		while (j < len && s[j] != '\n')
			j++;
		gal_imp_add_text(imp, parent, s + i, j - i, x);
		if (j < len)
			gal_imp_add(imp, parent, GAL_NODE_LINEBREAK, x);
		i = j + 1;
	}
}

static int blank_text(const gal_node *n)
{
	if (n->type != GAL_NODE_TEXT)
		return 0;
	for (const char *p = n->literal; p && *p; p++)
		if (!is_xml_space((unsigned char)*p))
			return 0;
	return 1;
}

void gal_imp_trim_lines(gal_node *n)
{
	gal_node *c;
	while (n && (c = n->first) && (c->type == GAL_NODE_LINEBREAK || blank_text(c)))
		gal_node_unlink(c);
	while (n && (c = n->last) && (c->type == GAL_NODE_LINEBREAK || blank_text(c)))
		gal_node_unlink(c);
}

gal_node *gal_imp_add_el(gal_imp *imp, gal_node *parent, gal_node_type t,
			 const xmlNode *x)
{
	gal_node *n = gal_imp_add(imp, parent, t, x);
	gal_imp_ids(imp, n, x);
	return n;
}

void gal_imp_ids(gal_imp *imp, gal_node *n, const xmlNode *x)
{
	if (!n || !x)
		return;
	const char *id = gal_imp_attr(imp, x, "id");
	const char *lang = gal_imp_lang(imp, x);
	if (gal_imp_nonempty(id))
		n->id = id;
	if (lang)
		n->lang = lang;
}

/* ---- attribute values ----------------------------------------------------- */

int gal_imp_align(const char *s)
{
	static const struct { const char *name; int align; } aligns[] = {
		{ "left", GAL_ALIGN_LEFT }, { "right", GAL_ALIGN_RIGHT },
		{ "center", GAL_ALIGN_CENTER }, { "centre", GAL_ALIGN_CENTER },
		{ "justify", GAL_ALIGN_JUSTIFY },
	};
	for (size_t i = 0; s && i < sizeof aligns / sizeof *aligns; i++)
		if (!strcasecmp(s, aligns[i].name))
			return aligns[i].align;
	return GAL_ALIGN_DEFAULT;
}

int gal_imp_int(const char *s, int def)
{
	if (!s)
		return def;
	char *end;
	long v = strtol(s, &end, 10);
	if (end == s || v < -1000000 || v > 1000000)
		return def;
	return (int)v;
}

double gal_imp_length(const char *s)
{
	static const struct { const char *unit; double pt; } units[] = {
		{ "", 0.75 }, { "px", 0.75 }, { "pt", 1 }, { "pc", 12 }, { "in", 72 },
		{ "cm", 72 / 2.54 }, { "mm", 72 / 25.4 }, { "em", -1 }, { "ex", -0.5 },
	};
	if (!s)
		return 0;
	char *end;
	double v = strtod(s, &end);
	if (end == s || !(v > 0) || v >= 10000)
		return 0;
	while (*end == ' ')
		end++;
	for (size_t i = 0; i < sizeof units / sizeof *units; i++)
		if (strcasecmp(end, units[i].unit) == 0)
			return v * units[i].pt;
	return 0;
}

int gal_imp_clamp_span(int v)
{
	return v < 1 ? 1 : v > GAL_IMP_MAX_SPAN ? GAL_IMP_MAX_SPAN : v;
}

int gal_imp_span(const char *s)
{
	return gal_imp_clamp_span(gal_imp_int(s, 1));
}

int gal_imp_nonempty(const char *s)
{
	return s && *s;
}

/* ---- the XML tree ------------------------------------------------------- */

int gal_imp_is_el(const xmlNode *x)
{
	return x && x->type == XML_ELEMENT_NODE;
}

int gal_imp_named(const xmlNode *x, const char *name)
{
	return gal_imp_is_el(x) && strcmp(gal_imp_name(x), name) == 0;
}

const xmlNode *gal_imp_child(const xmlNode *x, const char *name)
{
	for (const xmlNode *c = x ? x->children : NULL; c; c = c->next)
		if (gal_imp_named(c, name))
			return c;
	return NULL;
}
