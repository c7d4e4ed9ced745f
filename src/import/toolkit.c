/* The importer toolkit: what every importer shares (warnings, attributes,
 * text of a subtree, the set of names already warned about). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/entities.h>
#include <libxml/tree.h>

#include "base/buf.h"
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
	imp->warned = NULL;
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

void gal_imp_unknown(gal_imp *imp, const xmlNode *n)
{
	const char *name = gal_imp_name(n);
	if (!strset_add(&imp->warned, name))
		return;
	gal_imp_warn(imp, n, "unknown-element", "unknown element <%s>", name);
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
	if (!n || n->type != XML_ELEMENT_NODE)
		return NULL;
	xmlChar *v = xmlGetNsProp(n, (const xmlChar *)"lang", XML_XML_NAMESPACE);
	if (!v)
		return NULL;
	const char *s = v[0] ? gal_doc_strdup(imp->doc, (const char *)v) : NULL;
	xmlFree(v);
	return s;
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

/* Append s with XML white space collapsed; *space tracks a pending space. */
static void put_collapsed(gal_buf *b, const char *s, int *space)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (is_xml_space(*p)) {
			*space = 1;
			continue;
		}
		if (*space && b->len)
			gal_buf_putc(b, ' ');
		*space = 0;
		gal_buf_putc(b, (char)*p);
	}
}

/* Explicit walk (no recursion); entity references are walked into
 * through their declaration, with a cap on how many we enter so that a
 * tree that was not expanded cannot blow up. */
const char *gal_imp_text(gal_imp *imp, const xmlNode *n)
{
	gal_buf b = GAL_BUF_INIT;
	int space = 0;
	size_t refs = 0;
	/* stack of where to resume after an entity's content */
	const xmlNode *stack[64];
	int sp = 0;
	if (!n)
		return gal_doc_strdup(imp->doc, "");
	const xmlNode *top = n;
	const xmlNode *cur = n->children;
	if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
		put_collapsed(&b, (const char *)n->content, &space);
		cur = NULL;
	}
	while (cur) {
		const xmlNode *next_down = NULL;
		if (cur->type == XML_TEXT_NODE || cur->type == XML_CDATA_SECTION_NODE) {
			if (cur->content)
				put_collapsed(&b, (const char *)cur->content, &space);
		} else if (cur->type == XML_ELEMENT_NODE) {
			next_down = cur->children;
		} else if (cur->type == XML_ENTITY_REF_NODE && sp < 64 && refs < 100000) {
			xmlEntityPtr ent = xmlGetDocEntity(cur->doc, cur->name);
			if (ent && ent->children) {
				refs++;
				stack[sp++] = cur;
				cur = ent->children;
				continue;
			}
		}
		if (next_down) {
			cur = next_down;
			continue;
		}
		/* next sibling, climbing out of elements and entities */
		while (cur && !cur->next) {
			const xmlNode *p = cur->parent;
			if (p && p->type == XML_ENTITY_DECL) {
				cur = sp ? stack[--sp] : NULL;
				continue;
			}
			cur = p;
			if (cur == top)
				cur = NULL;
		}
		if (cur)
			cur = cur->next;
	}
	/* put_collapsed writes no leading or trailing space */
	const char *s = gal_doc_strndup(imp->doc, b.data ? b.data : "", b.len);
	gal_buf_free(&b);
	return s;
}
