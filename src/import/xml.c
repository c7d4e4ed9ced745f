/* Safe XML loading: libxml2 through the project's catalog only, entity
 * expansion under a budget, source columns, and sniffing. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/catalog.h>
#include <libxml/entities.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/uri.h>
#include <libxml/xmlerror.h>

#include "base/buf.h"
#include "galley.h"
#include "import/xml.h"

/* ---- the catalog and the entity loader ---------------------------------- */

/* Our catalog (xml/catalog.xml under the data directory) maps public and
 * system identifiers to local files: Debian's DocBook 4/5 and W3C entity
 * sets, and our own entity-only DTDs for JATS/NLM and NITF. It is loaded
 * once per process, before workers fork. */
static xmlCatalogPtr catalog;
static int catalog_loaded;

static void quiet_error(void *ctx, xmlErrorPtr e)
{
}

static void catalog_init(void)
{
	if (catalog_loaded)
		return;
	catalog_loaded = 1;
	xmlInitParser();
	/* No catalog from a document's <?oasis-xml-catalog?> PI, none from
	 * XML_CATALOG_FILES: only ours, through the loader below. */
	xmlCatalogSetDefaults(XML_CATA_ALLOW_NONE);
	char path[4096];
	snprintf(path, sizeof path, "%s/xml/catalog.xml", gal_data_dir());
	/* a missing catalog shows later, in the undefined-entity message;
	 * libxml2 must not print about it */
	xmlStructuredErrorFunc old_fn = xmlStructuredError;
	void *old_ctx = xmlStructuredErrorContext;
	xmlSetStructuredErrorFunc(NULL, quiet_error);
	if (access(path, R_OK) == 0)
		catalog = xmlLoadACatalog(path);
	xmlSetStructuredErrorFunc(old_ctx, old_fn);
}

/* The local path of a file: URI or absolute path, or NULL. */
static char *local_path(const char *uri)
{
	if (!uri)
		return NULL;
	if (strncmp(uri, "file://", 7) == 0) {
		const char *p = uri + 7;
		if (strncmp(p, "localhost/", 10) == 0)
			p += 9;
		if (*p != '/')
			return NULL;
		char *u = xmlURIUnescapeString(p, 0, NULL);
		char *r = u ? xstrdup(u) : NULL;
		xmlFree(u);
		return r;
	}
	if (uri[0] == '/')
		return xstrdup(uri);
	return NULL;
}

static const char *base_name(const char *s)
{
	const char *b = strrchr(s, '/');
	return b ? b + 1 : s;
}

/* Resolve a public/system identifier through our catalog only: the
 * public id, then the full system id, then the system id's last path
 * component (DOCTYPEs name "JATS-archivearticle1.dtd" or
 * "../dtd/nitf-3-2.dtd" relative to wherever the file came from; the
 * catalog lists those bare names). Everything else is refused. */
static char *resolve(const char *url, const char *id)
{
	xmlChar *r = NULL;
	char *path = NULL;
	if (!catalog)
		return NULL;
	if (id && *id)
		r = xmlACatalogResolvePublic(catalog, (const xmlChar *)id);
	if (!r && url && *url)
		r = xmlACatalogResolveSystem(catalog, (const xmlChar *)url);
	if (!r && url && *url && *base_name(url))
		r = xmlACatalogResolveSystem(catalog, (const xmlChar *)base_name(url));
	if (r) {
		path = local_path((const char *)r);
		xmlFree(r);
	}
	return path;
}

/* Process-wide (libxml2 has one loader): every external DTD, parameter
 * entity or general entity goes through here. A NULL return without an
 * error makes libxml2 skip the DTD silently. */
static xmlExternalEntityLoader default_loader;
static int untrusted; /* a gal_xml_parse is running */

static xmlParserInputPtr entity_loader(const char *url, const char *id,
				       xmlParserCtxtPtr ctxt)
{
	/* our own files (the schema) and other libxml2 users in the process
	 * load as libxml2 would; input documents only through the catalog */
	if (!untrusted && default_loader)
		return default_loader(url, id, ctxt);
	char *path = resolve(url, id);
	if (!path)
		return NULL;
	xmlParserInputPtr in = xmlNewInputFromFile(ctxt, path);
	free(path);
	return in;
}

/* ---- errors ------------------------------------------------------------ */

typedef struct parse_state {
	int have;              /* an error was recorded */
	int entity;            /* it was an undefined entity */
	int line, col;
	char msg[400];
} parse_state;

static void structured_error(void *ctx, xmlErrorPtr e)
{
	parse_state *st = ctx;
	if (!st || !e || st->have)
		return;
	/* Fatal errors (not well-formed, limits, encoding) and the one
	 * error libxml2 reports as a mere warning: an entity that no loaded
	 * DTD defines. Validity and namespace complaints do not stop us. */
	int fatal = e->level == XML_ERR_FATAL ||
		    e->code == XML_WAR_UNDECLARED_ENTITY ||
		    e->code == XML_ERR_UNDECLARED_ENTITY;
	if (!fatal)
		return;
	st->have = 1;
	st->entity = e->code == XML_WAR_UNDECLARED_ENTITY || e->code == XML_ERR_UNDECLARED_ENTITY;
	st->line = e->line;
	st->col = e->int2;
	const char *m = e->message ? e->message : "malformed XML";
	snprintf(st->msg, sizeof st->msg, "%s", m);
	size_t n = strlen(st->msg);
	while (n && (st->msg[n - 1] == '\n' || st->msg[n - 1] == ' '))
		st->msg[--n] = '\0';
}

/* ---- columns ------------------------------------------------------------- */

/* libxml2 keeps a line, not a column, on tree nodes. Columns are found
 * again in the input: the start tag (or entity reference) on that line,
 * 1-based, in bytes as libxml2 counts them. */
typedef struct src_text {
	const char *data;
	size_t len;
	size_t *lines;          /* offsets of line starts, built on first use */
	size_t n_lines;
} src_text;

/* Where the last match on a line was: elements are mostly visited in
 * document order, so the next one is found after it (several <p> on one
 * line get their own columns). */
typedef struct src_cursor {
	int line;
	size_t off;
} src_cursor;

/* Bytes scanned per cursor search: keeps a one-line (minified) input
 * linear however the importer visits it; a miss means "column unknown". */
#define COL_WINDOW 8192

static void src_free(src_text *src)
{
	free(src->lines);
	src->lines = NULL;
	src->n_lines = 0;
}

static int tag_end(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '/' || c == '>';
}

/* Column of needle on line, searching from the cursor when it is on that
 * line, at most `window` bytes (0: to the end of the line). A tag must
 * end after its name ("<p" is not "<pre"). 0 when not found. */
static int find_on_line(const src_text *csrc, int line, const char *needle, int is_tag,
			src_cursor *cur, size_t window)
{
	src_text *src = (src_text *)csrc; /* the index is a cache */
	if (!src || !src->data || line < 1)
		return 0;
	if (!src->lines) {
		size_t n = 1;
		for (size_t i = 0; i < src->len; i++)
			n += src->data[i] == '\n';
		src->lines = xmalloc(n * sizeof *src->lines);
		src->lines[0] = 0;
		src->n_lines = 1;
		for (size_t i = 0; i < src->len; i++)
			if (src->data[i] == '\n')
				src->lines[src->n_lines++] = i + 1;
	}
	if ((size_t)line > src->n_lines)
		return 0;
	size_t start = src->lines[line - 1], k = strlen(needle);
	size_t from = cur && cur->line == line && cur->off > start ? cur->off : start;
	size_t stop = src->len;
	if (window && from + window < stop)
		stop = from + window;
	for (size_t i = from; i < stop && src->data[i] != '\n'; i++) {
		if (!k || i + k > src->len || memcmp(src->data + i, needle, k) != 0)
			continue;
		if (is_tag && i + k < src->len && !tag_end(src->data[i + k]))
			continue;
		if (i - start + 1 >= 0x7fffffff)
			return 0;
		if (cur) {
			cur->line = line;
			cur->off = i + 1;
		}
		return (int)(i - start + 1);
	}
	return 0;
}

static int column_of(const src_text *src, int line, const char *needle)
{
	int col = find_on_line(src, line, needle, 0, NULL, 0);
	return col ? col : 1;
}

/* The input being imported, for node and warning columns (one import at
 * a time per process; workers are processes). */
static const src_text *current_src;
static src_cursor node_cursor, warn_cursor;

static int element_column(const src_text *src, const xmlNode *n, src_cursor *cur, size_t window)
{
	char needle[256];
	if (!n || n->type != XML_ELEMENT_NODE)
		return 0;
	if (n->ns && n->ns->prefix)
		snprintf(needle, sizeof needle, "<%s:%s", (const char *)n->ns->prefix,
			 (const char *)n->name);
	else
		snprintf(needle, sizeof needle, "<%s", (const char *)n->name);
	return find_on_line(src, gal_imp_line(n), needle, 1, cur, window);
}

/* One-off: an element's column, 1 when not found. */
static int node_column(const src_text *src, const xmlNode *n)
{
	int col = element_column(src, n, NULL, 0);
	return col ? col : 1;
}

int gal_imp_col(const xmlNode *n)
{
	if (!current_src)
		return 0;
	return element_column(current_src, n, &node_cursor, COL_WINDOW);
}

static src_text source;

void gal_xml_source_begin(const char *data, size_t len)
{
	src_free(&source);
	source.data = data;
	source.len = len;
	current_src = &source;
	memset(&node_cursor, 0, sizeof node_cursor);
	memset(&warn_cursor, 0, sizeof warn_cursor);
}

void gal_xml_source_end(void)
{
	current_src = NULL;
	src_free(&source);
	source.data = NULL;
	source.len = 0;
}

int gal_xml_col(const xmlNode *n)
{
	return current_src ? node_column(current_src, n) : 0;
}

int gal_xml_warn_col(const xmlNode *el)
{
	if (!current_src)
		return 0;
	int col = element_column(current_src, el, &warn_cursor, COL_WINDOW);
	if (!col) /* visited out of order: from the line start */
		col = element_column(current_src, el, NULL, COL_WINDOW);
	return col;
}

/* ---- entity expansion --------------------------------------------------- */

/* Without XML_PARSE_NOENT every entity reference stays a node whose
 * content hangs off the shared declaration. Replace each reference by a
 * copy of that content, so importers see plain text and elements, with a
 * budget on copied nodes and bytes: nested entities (billion laughs)
 * expand exponentially, and the budget turns that into an error. */
/* libxml2's own limit on one text node without XML_PARSE_HUGE */
#define MAX_TEXT 10000000

typedef struct expand_budget {
	size_t nodes, bytes;
} expand_budget;

static int count_copy(xmlNodePtr list, expand_budget *b)
{
	for (xmlNodePtr top = list; top; top = top->next) {
		xmlNodePtr n = top;
		while (n) {
			if (b->nodes == 0)
				return -1;
			b->nodes--;
			if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
				size_t len = n->content ? strlen((const char *)n->content) : 0;
				if (len > b->bytes)
					return -1;
				b->bytes -= len;
			}
			if (n->children && n->type == XML_ELEMENT_NODE) {
				n = n->children;
				continue;
			}
			while (n != top && !n->next)
				n = n->parent;
			if (n == top)
				break;
			n = n->next;
		}
	}
	return 0;
}

/* The node after n in document order, not entering n, staying below root. */
static xmlNodePtr next_after(xmlNodePtr n, xmlNodePtr root)
{
	while (n && n != root && !n->next)
		n = n->parent;
	if (!n || n == root)
		return NULL;
	return n->next;
}

static int expand_entities(xmlDocPtr doc, const gal_opts *opts, const char *name,
			   const src_text *src, gal_err *err)
{
	expand_budget b;
	b.nodes = opts && opts->limits.nodes ? opts->limits.nodes : 2000000;
	b.bytes = opts && opts->limits.input_bytes ? opts->limits.input_bytes : (size_t)64 << 20;
	xmlNodePtr root = xmlDocGetRootElement(doc);
	xmlNodePtr n = root;
	while (n) {
		if (n->type == XML_ENTITY_REF_NODE) {
			xmlEntityPtr ent = xmlGetDocEntity(doc, n->name);
			xmlNodePtr copy = NULL;
			int line = n->line;
			if (ent && ent->etype != XML_INTERNAL_PREDEFINED_ENTITY && ent->children) {
				copy = xmlDocCopyNodeList(doc, ent->children);
				if (copy && count_copy(copy, &b) < 0) {
					xmlFreeNodeList(copy);
					char needle[256];
					snprintf(needle, sizeof needle, "&%s;", (const char *)n->name);
					return gal_err_set(err, GAL_E_XML, name, line,
							   column_of(src, line, needle),
							   "entity &%s; expands to more than the "
							   "limits allow", (const char *)n->name);
				}
			} else if (ent && ent->etype == XML_INTERNAL_PREDEFINED_ENTITY) {
				copy = xmlNewDocText(doc, ent->content);
			} else if (ent && (ent->etype == XML_EXTERNAL_GENERAL_PARSED_ENTITY ||
					   ent->etype == XML_EXTERNAL_GENERAL_UNPARSED_ENTITY)) {
				/* never loaded (that is how XXE is kept out) */
				gal_warn(opts, NULL, line, 0, "external-entity",
					 "external entity &%s; is not read",
					 (const char *)n->name);
			} else if (ent && ent->content && !ent->children) {
				/* declared, content not parsed (never referenced in
				 * content before): take the literal text */
				copy = xmlNewDocText(doc, ent->content);
				if (count_copy(copy, &b) < 0) {
					xmlFreeNode(copy);
					return gal_err_set(err, GAL_E_XML, name, line, 1,
							   "entity &%s; expands to more than the "
							   "limits allow", (const char *)n->name);
				}
			}
			/* splice the copy in place of the reference; text merges
			 * with a neighbouring text node (xmlAddPrevSibling frees
			 * the merged node and returns the survivor) */
			xmlNodePtr first = NULL, c = copy;
			while (c) {
				xmlNodePtr next = c->next;
				c->next = c->prev = NULL;
				c->parent = NULL;
				xmlNodePtr added = xmlAddPrevSibling(n, c);
				if (!first)
					first = added;
				c = next;
			}
			xmlNodePtr after = next_after(n, root);
			xmlUnlinkNode(n);
			xmlFreeNode(n);
			/* walk into what was inserted: it may hold references */
			n = first ? first : after;
			continue;
		}
		if (n->type == XML_ELEMENT_NODE && n->children) {
			n = n->children;
			continue;
		}
		/* libxml2 2.9 enforces its 10 MB text limit only on some
		 * paths (not on one run of character data): enforce it here */
		if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) &&
		    n->content && strnlen((const char *)n->content, MAX_TEXT + 1) > MAX_TEXT)
			return gal_err_set(err, GAL_E_XML, name, gal_imp_line(n->parent),
					   node_column(src, n->parent),
					   "text in <%s> longer than libxml2's limit of %d bytes",
					   (const char *)n->parent->name, MAX_TEXT);
		n = next_after(n, root);
	}
	return 0;
}

/* ---- parsing ------------------------------------------------------------ */

int gal_xml_parse(const char *name, const char *data, size_t len,
		  const gal_opts *opts, xmlDocPtr *out, gal_err *err)
{
	xmlParserCtxtPtr ctxt = NULL;
	xmlDocPtr doc = NULL;
	parse_state st;
	int rc = 0;
	size_t max = opts && opts->limits.input_bytes ? opts->limits.input_bytes : (size_t)64 << 20;

	memset(&st, 0, sizeof st);
	*out = NULL;
	if (len > max) {
		rc = gal_err_set(err, GAL_E_LIMIT, name, 0, 0,
				 "input is %zu bytes, more than the input-bytes limit (%zu)",
				 len, max);
		goto cleanup;
	}
	if (len == 0) {
		rc = gal_err_set(err, GAL_E_XML, name, 1, 1, "the document is empty");
		goto cleanup;
	}
	if (len > (size_t)0x7fffffff) {
		rc = gal_err_set(err, GAL_E_LIMIT, name, 0, 0, "input is too large");
		goto cleanup;
	}
	catalog_init();
	if (!default_loader) {
		default_loader = xmlGetExternalEntityLoader();
		xmlSetExternalEntityLoader(entity_loader);
	}

	ctxt = xmlNewParserCtxt();
	if (!ctxt) {
		rc = gal_err_set(err, GAL_E_INTERNAL, name, 0, 0, "cannot create an XML parser");
		goto cleanup;
	}
	/* Our handler gets every message of this parse (nothing to stderr). */
	xmlStructuredErrorFunc old_fn = xmlStructuredError;
	void *old_ctx = xmlStructuredErrorContext;
	xmlSetStructuredErrorFunc(&st, structured_error);
	/* DTDLOAD: only so that catalog DTDs define their entities. Never
	 * NOENT (XXE), HUGE (lifts the depth, text and amplification
	 * guards), XINCLUDE or DTDVALID. */
	int options = XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_DTDLOAD |
		      XML_PARSE_NOCDATA;
	untrusted = 1;
	doc = xmlCtxtReadMemory(ctxt, data, (int)len, name, NULL, options);
	untrusted = 0;
	int well_formed = ctxt->wellFormed;
	xmlSetStructuredErrorFunc(old_ctx, old_fn);

	if (st.have || !doc || !well_formed) {
		if (!st.have)
			snprintf(st.msg, sizeof st.msg, "not well-formed XML");
		/* a line without a column would print as FILE:LINE: */
		if (st.line > 0 && st.col <= 0)
			st.col = 1;
		if (st.line <= 0)
			st.line = st.col = 0;
		rc = gal_err_set(err, GAL_E_XML, name, st.line, st.col, "%s%s%s%s", st.msg,
				 st.entity && !catalog ? " (no XML catalog at " : "",
				 st.entity && !catalog ? gal_data_dir() : "",
				 st.entity && !catalog ? "/xml/catalog.xml)" : "");
		goto cleanup;
	}
	if (!xmlDocGetRootElement(doc)) {
		rc = gal_err_set(err, GAL_E_XML, name, 1, 1, "no root element");
		goto cleanup;
	}
	src_text src = { data, len, NULL, 0 };
	rc = expand_entities(doc, opts, name, &src, err);
	src_free(&src);
	if (rc)
		goto cleanup;
	*out = doc;
	doc = NULL;
cleanup:
	if (doc)
		xmlFreeDoc(doc);
	if (ctxt)
		xmlFreeParserCtxt(ctxt);
	return rc;
}

/* ---- sniffing ----------------------------------------------------------- */

#define DOCBOOK5_NS "http://docbook.org/ns/docbook"

gal_format gal_xml_sniff(xmlDocPtr xml)
{
	xmlNodePtr root = xml ? xmlDocGetRootElement(xml) : NULL;
	if (!root)
		return GAL_FMT_AUTO;
	const char *name = (const char *)root->name;
	const char *ns = root->ns && root->ns->href ? (const char *)root->ns->href : NULL;
	if (ns && strcmp(ns, DOCBOOK5_NS) == 0)
		return GAL_FMT_DOCBOOK;
	if (strcmp(name, "nitf") == 0)
		return GAL_FMT_NITF;
	if (strcmp(name, "newsItem") == 0 || strcmp(name, "newsMessage") == 0)
		return GAL_FMT_NEWSML;
	if (strcmp(name, "article") != 0 || ns)
		return GAL_FMT_AUTO;
	/* <article>: the first telling child decides */
	for (xmlNodePtr c = root->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE || c->ns)
			continue;
		const char *cn = (const char *)c->name;
		if (strcmp(cn, "front") == 0)
			return GAL_FMT_JATS;
		if (strcmp(cn, "head") == 0)
			return GAL_FMT_ARTICLE;
		if (strcmp(cn, "articleinfo") == 0 || strcmp(cn, "artheader") == 0 ||
		    strcmp(cn, "sect1") == 0 || strcmp(cn, "section") == 0 ||
		    strcmp(cn, "para") == 0 || strcmp(cn, "simpara") == 0 ||
		    strcmp(cn, "simplesect") == 0)
			return GAL_FMT_DOCBOOK;
	}
	return GAL_FMT_AUTO;
}


/* ---- source lines ------------------------------------------------------- */

int gal_imp_line(const xmlNode *n)
{
	if (!n)
		return 0;
	long l = xmlGetLineNo(n);
	return l > 0 && l < 0x7fffffff ? (int)l : 0;
}
