/* Safe XML loading: libxml2 through the project's catalog only, entity
 * expansion under a budget (with external parsed entities read through
 * the resource fence), source columns, and sniffing. */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/SAX2.h>
#include <libxml/catalog.h>
#include <libxml/entities.h>
#include <libxml/hash.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/uri.h>
#include <libxml/xmlerror.h>

#include "base/buf.h"
#include "base/fence.h"
#include "galley.h"
#include "import/xml.h"
#include "import/xml_messages.h"

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
	/* to the line's end: its newline, or the input's end */
	size_t stop = (size_t)line < src->n_lines ? src->lines[line] - 1 : src->len;
	if (window && from + window < stop)
		stop = from + window;
	if (!k || from >= stop)
		return 0;
	/* memchr to each candidate first byte: a minified input is one
	 * line, and a byte-by-byte compare there cost a tenth of a
	 * MathML-heavy article's conversion */
	for (size_t i = from; i < stop; i++) {
		const char *c = memchr(src->data + i, needle[0], stop - i);
		if (!c)
			break;
		i = (size_t)(c - src->data);
		if (i + k > src->len || memcmp(src->data + i, needle, k) != 0)
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

/* ---- the catalog --------------------------------------------------------- */

/* Our catalog (xml/catalog.xml under the data directory) maps public and
 * system identifiers to local files: Debian's DocBook 4/5 and W3C entity
 * sets (and whatever else Debian's root catalog names), our own
 * entity-only DTDs for JATS/NLM and NITF, and the standard entity sets.
 * It is loaded once per process. */
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

char *gal_xml_resolve(const char *public_id, const char *system_id)
{
	catalog_init();
	return resolve(system_id, public_id);
}

/* ---- the state of one load ------------------------------------------------ */

/* Nesting of external entities (a book's parts, chapters, sections). */
#define MAX_ENTITY_DEPTH 16
/* What an entity's ->_private holds while its replacement is expanded. */
static char expanding;

typedef struct expand_budget {
	size_t nodes, bytes;
} expand_budget;

/* A file read through the fence: an external parsed entity (general or
 * parameter). Its bytes live until the load ends. */
typedef struct ext_file {
	char shown[PATH_MAX];   /* its name in messages */
	src_text src;
} ext_file;

typedef struct load_state {
	const char *name;           /* the input, as messages name it */
	const gal_opts *opts;
	gal_err *err;
	xmlParserCtxtPtr ctxt;      /* the input's parser */
	src_text src;               /* the input's bytes */
	int catalog_only;           /* reading our own standard entity set */
	int rc;                     /* a warning under --strict stopped the load */

	/* the first fatal libxml2 error, and the file it is in when that is
	 * not the input (a DTD, an entity file) */
	int have, entity, line, col;
	char file[PATH_MAX];
	char msg[400];
	const char *in_entity;      /* the external entity being parsed */

	/* DTD files read through the catalog: a relative system identifier
	 * inside one resolves next to it */
	char **trusted;
	size_t n_trusted;

	/* what says that the first external DTD or parameter entity was not
	 * read: the entities it may declare are then undefined, and kept as
	 * text */
	char skipped[600];

	/* standard entities resolved with no DOCTYPE declaring them */
	size_t n_standard;
	char standard_first[64], standard_file[PATH_MAX];
	int standard_line, standard_col;

	size_t bytes;               /* the input and the files read beside it */
	ext_file **files;
	size_t n_files;
	const ext_file *reading;    /* the external entity the loader hands over */
	expand_budget budget;
	/* external entities read, their expanded replacement in ->_private */
	xmlEntityPtr *read;
	size_t n_read;
} load_state;

/* libxml2's loader and error handler are process-wide: the load in
 * progress (one at a time per process; workers are processes). */
static load_state *active;

static size_t input_limit(const load_state *st)
{
	return st->opts && st->opts->limits.input_bytes ? st->opts->limits.input_bytes
		: (size_t)64 << 20;
}

/* Room for one more of n: arrays double whenever n is a power of two. */
static void *grow(void *p, size_t n, size_t size)
{
	if (n & (n - 1))
		return p;
	return xrealloc(p, (n ? 2 * n : 1) * size);
}

static void trust(load_state *st, const char *file)
{
	st->trusted = grow(st->trusted, st->n_trusted, sizeof *st->trusted);
	st->trusted[st->n_trusted++] = xstrdup(file);
}

static int is_trusted(const load_state *st, const char *file)
{
	for (size_t i = 0; i < st->n_trusted; i++)
		if (strcmp(st->trusted[i], file) == 0)
			return 1;
	return 0;
}

static void note_skipped(load_state *st, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void note_skipped(load_state *st, const char *fmt, ...)
{
	if (st->skipped[0])
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(st->skipped, sizeof st->skipped, fmt, ap);
	va_end(ap);
}

/* gal_err.file must outlive the load: the name of a file read beside the
 * input (freed with the load) is copied here. */
static char err_file[PATH_MAX];

/* A file name for gal_err: the input's own, or a copy in err_file. */
static const char *lasting(const char *file, const load_state *st)
{
	if (!file || file == st->name || file == err_file)
		return file;
	snprintf(err_file, sizeof err_file, "%s", file);
	return err_file;
}

/* A warning at a place in the input or in a file read beside it (one
 * gal_warn would not name). */
static int warn_at(load_state *st, const char *file, int line, int col, const char *code,
		   const char *fmt, ...) __attribute__((format(printf, 6, 7)));

static int warn_at(load_state *st, const char *file, int line, int col, const char *code,
		   const char *fmt, ...)
{
	char msg[600];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (!file || strcmp(file, st->name) == 0)
		return gal_warn(st->opts, st->err, line, col, code, "%s", msg);
	if (st->opts && st->opts->strict)
		return gal_err_set(st->err, GAL_E_STRICT, lasting(file, st), line, col,
				   "%s [%s]", msg, code);
	if (st->opts && st->opts->warn)
		st->opts->warn(st->opts->warn_ctx, file, line, col, code, msg);
	return 0;
}

/* ---- the entity loader ---------------------------------------------------- */

/* Read through the fence the file an entity's system identifier names,
 * relative to the input's folder (or a --resource-path) whatever file
 * declared it, within what is left of the input-bytes limit. NULL with a
 * reason (and *too_large when that limit is why). */
static ext_file *fence_read(load_state *st, const char *ref, int *too_large,
			    const char **why)
{
	const char *input = st->opts && st->opts->input_path ? st->opts->input_path : st->name;
	size_t size = 0, max = input_limit(st);
	char shown[PATH_MAX];
	int fd = -1;

	*too_large = 0;
	if (!ref || !*ref) {
		*why = "no system identifier";
		return NULL;
	}
	if (gal_fence_is_url(ref)) {
		*why = "URLs are not read";
		return NULL;
	}
	gal_fence_status fs = gal_fence_open(ref, input, st->opts ? st->opts->resource_paths : NULL,
					     max > st->bytes ? max - st->bytes : 0, &fd, &size,
					     shown, sizeof shown, why);
	if (fs == GAL_FENCE_TOO_LARGE) {
		*too_large = 1;
		*why = "with the input and what it includes, more than the input-bytes limit";
	}
	if (fs != GAL_FENCE_OK)
		return NULL;
	/* libxml2 takes an int length */
	char *data = size <= INT_MAX ? xmalloc(size + 1) : NULL;
	int r = data && size ? gal_read_full(fd, data, size) : 0;
	close(fd);
	if (!data || r) {
		free(data);
		*why = "cannot read the file";
		return NULL;
	}
	data[size] = '\0';
	st->bytes += size;
	ext_file *f = xcalloc(1, sizeof *f);
	snprintf(f->shown, sizeof f->shown, "%s", shown);
	f->src.data = data;
	f->src.len = size;
	st->files = grow(st->files, st->n_files, sizeof *st->files);
	st->files[st->n_files++] = f;
	return f;
}

/* An input from bytes the fence read (libxml2 must not open the file
 * again), named for messages. */
static xmlParserInputPtr memory_input(xmlParserCtxtPtr ctxt, const ext_file *f)
{
	xmlParserInputBufferPtr buf = xmlParserInputBufferCreateMem(f->src.data, (int)f->src.len,
								    XML_CHAR_ENCODING_NONE);
	if (!buf)
		return NULL;
	xmlParserInputPtr in = xmlNewIOInputStream(ctxt, buf, XML_CHAR_ENCODING_NONE);
	if (!in) {
		xmlFreeParserInputBuffer(buf);
		return NULL;
	}
	in->filename = (const char *)xmlStrdup((const xmlChar *)f->shown);
	return in;
}

/* DocBook 4.0 to 4.1.2 name some modules by public identifiers no catalog
 * lists, with a system identifier relative to the DTD: a file in the
 * folder of a DTD read through the catalog, or below it, is read as
 * libxml2 itself would read it. */
static char *beside_trusted(const load_state *st, const char *url, xmlParserCtxtPtr ctxt)
{
	char dir[PATH_MAX], rdir[PATH_MAX], rpath[PATH_MAX];
	if (!ctxt || !ctxt->input || !ctxt->input->filename ||
	    !is_trusted(st, ctxt->input->filename))
		return NULL;
	char *path = local_path(url);
	if (!path)
		return NULL;
	snprintf(dir, sizeof dir, "%s", ctxt->input->filename);
	char *slash = strrchr(dir, '/');
	if (slash)
		*slash = '\0';
	size_t n = 0;
	int ok = slash && realpath(dir, rdir) && realpath(path, rpath) &&
		 (n = strlen(rdir)) && strncmp(rpath, rdir, n) == 0 && rpath[n] == '/';
	free(path);
	return ok ? xstrdup(rpath) : NULL;
}

/* The fence needs a parameter entity's system identifier as written;
 * libxml2 hands the loader a URI built from it and the declaring file's
 * name (and made canonical, or dropped, when that name is no valid URI).
 * What the document declares (its internal subset, the files it reads
 * through the fence) keeps the literal behind a prefix the loader
 * recognises; a DTD read through the catalog keeps its own
 * declarations, even where the internal subset reads it. */
#define PE_MARK "galley-pe:"

static void entity_decl(void *ctx, const xmlChar *name, int type, const xmlChar *public_id,
			const xmlChar *system_id, xmlChar *content)
{
	xmlParserCtxtPtr ctxt = ctx;
	xmlSAX2EntityDecl(ctx, name, type, public_id, system_id, content);
	if (type != XML_EXTERNAL_PARAMETER_ENTITY || ctxt->inSubset != 1 || !system_id ||
	    !active || active->catalog_only || !ctxt->myDoc || !ctxt->input ||
	    (ctxt->input->filename && is_trusted(active, ctxt->input->filename)))
		return;
	xmlEntityPtr ent = xmlGetParameterEntity(ctxt->myDoc, name);
	/* the first declaration of a name wins: a later one was ignored */
	if (!ent || !ent->SystemID || xmlStrcmp(ent->SystemID, system_id) ||
	    (ent->URI && xmlStrncmp(ent->URI, (const xmlChar *)PE_MARK, strlen(PE_MARK)) == 0))
		return;
	xmlFree((xmlChar *)ent->URI);
	ent->URI = xmlStrncatNew((const xmlChar *)PE_MARK, system_id, -1);
}

/* Process-wide (libxml2 has one loader): every external DTD, parameter
 * entity or general entity goes through here. A NULL return without an
 * error makes libxml2 skip a DTD or parameter entity silently; what it
 * would have declared is then missing (see get_entity). */
static xmlExternalEntityLoader default_loader;

static xmlParserInputPtr entity_loader(const char *url, const char *id,
				       xmlParserCtxtPtr ctxt)
{
	load_state *st = active;
	/* our own files (the schema) and other libxml2 users in the process
	 * load as libxml2 would; input documents only as below */
	if (!st)
		return default_loader ? default_loader(url, id, ctxt) : NULL;
	/* an external general entity, read through the fence already */
	if (st->reading) {
		const ext_file *f = st->reading;
		st->reading = NULL;
		return memory_input(ctxt, f);
	}
	size_t mark = strlen(PE_MARK);
	const char *literal = url && strncmp(url, PE_MARK, mark) == 0 ? url + mark : NULL;
	char *path = resolve(literal ? literal : url, id);
	if (!path && !literal)
		path = beside_trusted(st, url, ctxt);
	if (path) {
		xmlParserInputPtr in = xmlNewInputFromFile(ctxt, path);
		free(path);
		if (in && in->filename)
			trust(st, in->filename);
		if (in)
			return in;
	}
	if (literal) {
		/* a parameter entity of the internal subset: the fence */
		int too_large;
		const char *why = NULL;
		ext_file *f = fence_read(st, literal, &too_large, &why);
		if (f)
			return memory_input(ctxt, f);
		note_skipped(st, "\"%s\" was not read: %s", literal, why);
	} else if (ctxt && ctxt->inSubset == 2 && ctxt->inputNr == 1) {
		note_skipped(st, "the DTD \"%s\" was not read",
			     ctxt->extSubURI ? (const char *)ctxt->extSubURI
			     : ctxt->extSubSystem ? (const char *)ctxt->extSubSystem : "");
	} else {
		note_skipped(st, "\"%s\" was not read", url ? url : id ? id : "");
	}
	return NULL;
}

/* ---- entities no DTD declares --------------------------------------------- */

/* The standard ISO/HTML character entities (xml/standard-entities.dtd),
 * read through the catalog the first time a document needs one. */
static xmlDocPtr standard_doc;
static int standard_tried;

static void state_free(load_state *st);

static xmlEntityPtr standard_entity(const xmlChar *name)
{
	if (!standard_tried) {
		static const char doc[] =
			"<!DOCTYPE s PUBLIC \"-//galley//ENTITIES ISO and HTML character "
			"entities//EN\" \"standard-entities.dtd\"><s/>";
		load_state inner, *outer = active;
		xmlStructuredErrorFunc old_fn = xmlStructuredError;
		void *old_ctx = xmlStructuredErrorContext;
		standard_tried = 1;
		memset(&inner, 0, sizeof inner);
		inner.name = "standard-entities.xml";
		inner.catalog_only = 1;
		active = &inner;
		xmlSetStructuredErrorFunc(NULL, quiet_error);
		standard_doc = xmlReadMemory(doc, (int)sizeof doc - 1, inner.name, NULL,
					     XML_PARSE_NONET | XML_PARSE_DTDLOAD);
		xmlSetStructuredErrorFunc(old_ctx, old_fn);
		active = outer;
		state_free(&inner);
	}
	return standard_doc ? xmlGetDocEntity(standard_doc, name) : NULL;
}

/* Declare `name` in the document's internal subset (made when it has
 * none), as if its DOCTYPE had. */
static xmlEntityPtr declare(xmlDocPtr doc, const xmlChar *name, const xmlChar *content)
{
	if (!doc->intSubset && !xmlCreateIntSubset(doc, NULL, NULL, NULL))
		return NULL;
	return xmlAddDocEntity(doc, name, XML_INTERNAL_GENERAL_ENTITY, NULL, NULL, content);
}

/* The bytes of the input, or of a file read beside it, by its name. */
static const src_text *source_of(const load_state *st, const char *file)
{
	if (!file || strcmp(file, st->name) == 0)
		return &st->src;
	for (size_t i = 0; i < st->n_files; i++)
		if (strcmp(st->files[i]->shown, file) == 0)
			return &st->files[i]->src;
	return NULL;
}

/* libxml2 asks here first for every general entity reference. An entity
 * no DTD declares is, in content and attribute values alike:
 * - a standard ISO/HTML character entity (&mdash;, &eacute;): declared
 *   as that character, with one warning for the document
 *   (standard_warning), whether the document names no DTD, one we could
 *   not read, or one that does not declare it (DocBook 5's declares
 *   none): no DTD means anything else by these names;
 * - else, when an external DTD or parameter entity was not read (it may
 *   have declared the name): declared as its own reference, "&name;",
 *   kept visible as text, with a warning per name at its first use;
 * - else undefined: libxml2's error, which stops the load.
 * Line numbers stay exact: nothing is parsed twice. */
static xmlEntityPtr get_entity(void *ctx, const xmlChar *name)
{
	xmlParserCtxtPtr ctxt = ctx;
	load_state *st = active;
	xmlEntityPtr ent = xmlSAX2GetEntity(ctx, name);
	if (ent || !st || st->catalog_only || ctxt->inSubset || !ctxt->myDoc || !ctxt->input)
		return ent;
	const char *file = ctxt->input->filename ? ctxt->input->filename : st->name;
	int line = ctxt->input->line, col = ctxt->input->col - xmlStrlen(name) - 2;
	const src_text *src = source_of(st, file);
	gal_buf b = GAL_BUF_INIT;
	gal_buf_printf(&b, "&%s;", (const char *)name);
	if (src)
		col = column_of(src, line, b.data);
	if (col < 1)
		col = 1;
	xmlEntityPtr std = standard_entity(name);
	if (std && std->content) {
		ent = declare(ctxt->myDoc, name, std->content);
		if (ent && st->n_standard++ == 0) {
			snprintf(st->standard_first, sizeof st->standard_first, "%s",
				 (const char *)name);
			snprintf(st->standard_file, sizeof st->standard_file, "%s", file);
			st->standard_line = line;
			st->standard_col = col;
		}
	} else if (st->skipped[0]) {
		gal_buf_reset(&b);
		gal_buf_printf(&b, "&#38;%s;", (const char *)name);
		ent = declare(ctxt->myDoc, name, (const xmlChar *)b.data);
		int rc = warn_at(st, file, line, col, "undefined-entity",
				 "&%s; is not defined, kept as text (%s)",
				 (const char *)name, st->skipped);
		if (rc) {
			st->rc = rc;
			xmlStopParser(ctxt);
		}
	}
	gal_buf_free(&b);
	return ent;
}

static int standard_warning(load_state *st)
{
	if (!st->n_standard)
		return 0;
	if (st->n_standard == 1)
		return warn_at(st, st->standard_file, st->standard_line, st->standard_col,
			       "standard-entity", "&%s; is declared by no DTD of the document: "
			       "read as the standard ISO/HTML character entity",
			       st->standard_first);
	return warn_at(st, st->standard_file, st->standard_line, st->standard_col,
		       "standard-entity", "&%s; and %zu other entities are declared by no "
		       "DTD of the document: read as the standard ISO/HTML character entities",
		       st->standard_first, st->n_standard - 1);
}

/* ---- errors --------------------------------------------------------------- */

static void structured_error(void *ctx, xmlErrorPtr e)
{
	load_state *st = ctx;
	if (!st || !e || st->have)
		return;
	/* Fatal errors (not well-formed, limits, encoding) and the one
	 * error libxml2 reports as a mere warning: an entity that no loaded
	 * DTD declares. Validity and namespace complaints do not stop us. */
	int fatal = e->level == XML_ERR_FATAL ||
		    e->code == XML_WAR_UNDECLARED_ENTITY ||
		    e->code == XML_ERR_UNDECLARED_ENTITY;
	if (!fatal)
		return;
	st->have = 1;
	st->entity = e->code == XML_WAR_UNDECLARED_ENTITY || e->code == XML_ERR_UNDECLARED_ENTITY;
	st->line = e->line;
	st->col = e->int2;
	st->file[0] = '\0';
	if (e->file && strcmp(e->file, st->name) != 0)
		snprintf(st->file, sizeof st->file, "%s", e->file);
	const char *m = e->message ? e->message : "malformed XML";
	gal_xml_plain_message(e->code, m, st->msg, sizeof st->msg);
	size_t n = strlen(st->msg);
	while (n && (st->msg[n - 1] == '\n' || st->msg[n - 1] == ' '))
		st->msg[--n] = '\0';
}

/* The first fatal error of a parse, where it is: in the input, or in a
 * DTD or an entity file read for it (named with its own line, and with
 * the input it was read for). */
static int parse_error(load_state *st)
{
	char where[PATH_MAX + 100] = "";
	const char *file = st->name;
	if (!st->have)
		snprintf(st->msg, sizeof st->msg, "not well-formed XML");
	/* a line without a column would print as FILE:LINE: */
	if (st->line > 0 && st->col <= 0)
		st->col = 1;
	if (st->line <= 0)
		st->line = st->col = 0;
	if (st->file[0]) {
		snprintf(err_file, sizeof err_file, "%s", st->file);
		file = err_file;
	}
	if (st->in_entity)
		snprintf(where, sizeof where, " (in the external entity &%s; of %s)",
			 st->in_entity, st->name);
	else if (st->file[0])
		snprintf(where, sizeof where, " (in a DTD read for %s)", st->name);
	int no_catalog = st->entity && !catalog;
	return gal_err_set(st->err, GAL_E_XML, file, st->line, st->col, "%s%s%s%s%s", st->msg,
			   where, no_catalog ? " (no XML catalog at " : "",
			   no_catalog ? gal_data_dir() : "", no_catalog ? "/xml/catalog.xml)" : "");
}

/* ---- entity expansion --------------------------------------------------- */

/* Without XML_PARSE_NOENT every entity reference stays a node whose
 * content hangs off the shared declaration, and an external parsed entity
 * is not read at all. Replace each reference by a copy of that content,
 * so importers see plain text and elements, with a budget on copied nodes
 * and bytes: nested entities (billion laughs) expand exponentially, and
 * the budget turns that into an error. */
/* libxml2's own limits without XML_PARSE_HUGE: bytes in one text node,
 * levels of nested elements */
#define MAX_TEXT 10000000
#define MAX_DEPTH 256

/* Count a copy against the budget: how deep its elements nest (1 for
 * elements without element children, 0 for text), or -1 when the budget
 * is spent. */
static int count_copy(xmlNodePtr list, expand_budget *b)
{
	int max = 0;
	for (xmlNodePtr top = list; top; top = top->next) {
		xmlNodePtr n = top;
		int depth = 0;
		while (n) {
			if (b->nodes == 0)
				return -1;
			b->nodes--;
			if (n->type == XML_ELEMENT_NODE && depth + 1 > max)
				max = depth + 1;
			if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
				size_t len = n->content ? strlen((const char *)n->content) : 0;
				if (len > b->bytes)
					return -1;
				b->bytes -= len;
			}
			if (n->children && n->type == XML_ELEMENT_NODE) {
				n = n->children;
				depth++;
				continue;
			}
			while (n != top && !n->next) {
				n = n->parent;
				depth--;
			}
			if (n == top)
				break;
			n = n->next;
		}
	}
	return max;
}

/* Elements from n up to the document. */
static int depth_of(const xmlNode *n)
{
	int d = 0;
	for (; n; n = n->parent)
		d += n->type == XML_ELEMENT_NODE;
	return d;
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

/* Where a reference stands. libxml2 keeps no line on reference nodes
 * (xmlGetLineNo takes a neighbour's, at or before it): the reference is
 * found again in the source from there. */
static void ref_place(const src_text *src, const xmlNode *ref, int *line, int *col)
{
	char needle[256];
	snprintf(needle, sizeof needle, "&%s;", (const char *)ref->name);
	*line = gal_imp_line(ref);
	*col = *line > 0 ? 1 : 0;
	for (int l = *line, k = 0; l > 0 && k < 64; l++, k++) {
		int c = find_on_line(src, l, needle, 0, NULL, COL_WINDOW);
		if (c) {
			*line = l;
			*col = c;
			return;
		}
		if ((size_t)l >= src->n_lines)
			break;
	}
}

/* Every node of a list as if it stood at `line` (where the reference
 * to the entity file it came from is). */
static void set_lines(xmlNodePtr list, int line)
{
	for (xmlNodePtr top = list; top; top = top->next) {
		xmlNodePtr n = top;
		while (n) {
			/* as libxml2 keeps a line past 65535 (XML_PARSE_BIG_LINES) */
			n->line = line < 65535 ? (unsigned short)line : 65535;
			n->psvi = line < 65535 ? NULL : (void *)(ptrdiff_t)line;
			if (n->children && n->type == XML_ELEMENT_NODE) {
				n = n->children;
				continue;
			}
			n = next_after(n, top);
		}
	}
}

static int expand_under(load_state *st, xmlDocPtr doc, xmlNodePtr root, const char *file,
			const src_text *src, int depth);

/* Read an external parsed entity through the fence, parse it as content
 * in the document's context, and expand it: once, kept in an element of
 * its own (in the entity's _private) for every reference to copy. */
static int read_external(load_state *st, xmlDocPtr doc, xmlEntityPtr ent, const char *file,
			 int line, int col, int depth)
{
	const char *name = (const char *)ent->name, *why = NULL;
	int too_large = 0, rc = 0;
	xmlNodePtr list = NULL, box = NULL;
	file = lasting(file, st);
	if (ent->_private == &expanding)
		return gal_err_set(st->err, GAL_E_XML, file, line, col,
				   "the external entity &%s; includes itself", name);
	if (depth >= MAX_ENTITY_DEPTH)
		return gal_err_set(st->err, GAL_E_XML, file, line, col,
				   "external entities nest more than %d deep at &%s;",
				   MAX_ENTITY_DEPTH, name);
	ext_file *f = fence_read(st, (const char *)ent->SystemID, &too_large, &why);
	if (!f)
		return gal_err_set(st->err, too_large ? GAL_E_LIMIT : GAL_E_XML, file, line, col,
				   "the external entity &%s; (\"%s\") is not read: %s", name,
				   ent->SystemID ? (const char *)ent->SystemID : "", why);
	const char *outer = st->in_entity;
	st->in_entity = name;
	st->reading = f;
	st->ctxt->myDoc = doc;
	int prc = xmlParseCtxtExternalEntity(st->ctxt, (const xmlChar *)f->shown,
					     ent->ExternalID, &list);
	st->ctxt->myDoc = NULL;
	st->reading = NULL;
	if (st->rc) {
		rc = st->rc;
		goto cleanup;
	}
	if (prc || st->have) {
		if (!st->have)
			snprintf(st->file, sizeof st->file, "%s", f->shown);
		rc = parse_error(st);
		goto cleanup;
	}
	st->in_entity = outer;
	box = xmlNewDocNode(doc, NULL, (const xmlChar *)"entity", NULL);
	if (list)
		xmlAddChildList(box, list);
	list = NULL;
	ent->_private = &expanding;
	st->read = grow(st->read, st->n_read, sizeof *st->read);
	st->read[st->n_read++] = ent;
	rc = expand_under(st, doc, box, f->shown, &f->src, depth + 1);
	if (rc)
		goto cleanup;
	ent->_private = box;
	box = NULL;
cleanup:
	if (box)
		xmlFreeNode(box);
	xmlFreeNodeList(list);
	return rc;
}

/* Count a copy that stands for `ref` against the budget and libxml2's
 * limit on nesting (each entity's content was parsed within it, but
 * expanded they add up): 0, or the error, the copy freed. A column of 0
 * is looked up in the source (only then: a line can be long). */
static int admit(load_state *st, xmlNodePtr copy, const xmlNode *ref, const char *file,
		 const src_text *src, int line, int col)
{
	const char *name = (const char *)ref->name;
	int deep = copy ? count_copy(copy, &st->budget) : 0;
	if (deep >= 0 && (deep == 0 || depth_of(ref->parent) + deep <= MAX_DEPTH))
		return 0;
	xmlFreeNodeList(copy);
	if (!col) {
		char needle[256];
		snprintf(needle, sizeof needle, "&%s;", name);
		col = column_of(src, line, needle);
	}
	if (deep < 0)
		return gal_err_set(st->err, GAL_E_XML, lasting(file, st), line, col,
				   "entity &%s; expands to more than the limits allow", name);
	return gal_err_set(st->err, GAL_E_XML, lasting(file, st), line, col,
			   "entity &%s; nests elements more than %d levels deep", name, MAX_DEPTH);
}

/* A copy of what a reference to `ent` stands for, counted against the
 * budget; NULL (and *rc) when there is nothing or an error. */
static xmlNodePtr replacement(load_state *st, xmlDocPtr doc, xmlNodePtr ref, xmlEntityPtr ent,
			      const char *file, const src_text *src, int depth, int *rc)
{
	const char *name = (const char *)ref->name;
	int line = ref->line, col = 1;
	xmlNodePtr copy = NULL;
	*rc = 0;
	if (ent && ent->etype == XML_EXTERNAL_GENERAL_PARSED_ENTITY) {
		ref_place(src, ref, &line, &col);
		if (!ent->_private || ent->_private == &expanding)
			*rc = read_external(st, doc, ent, file, line, col, depth);
		if (*rc)
			return NULL;
		xmlNodePtr box = ent->_private;
		copy = box->children ? xmlDocCopyNodeList(doc, box->children) : NULL;
		set_lines(copy, line);
	} else if (ent && ent->etype != XML_INTERNAL_PREDEFINED_ENTITY && ent->children) {
		col = 0;
		copy = xmlDocCopyNodeList(doc, ent->children);
	} else if (ent && ent->etype == XML_INTERNAL_PREDEFINED_ENTITY) {
		return xmlNewDocText(doc, ent->content);
	} else if (ent && ent->content && !ent->children) {
		/* declared, content not parsed (never referenced in
		 * content before): take the literal text */
		copy = xmlNewDocText(doc, ent->content);
	} else if (!ent || ent->etype != XML_INTERNAL_GENERAL_ENTITY) {
		/* libxml2 stops at these first; never replaced silently */
		ref_place(src, ref, &line, &col);
		*rc = gal_err_set(st->err, GAL_E_XML, lasting(file, st), line, col,
				  "entity &%s; cannot be expanded", name);
		return NULL;
	}
	*rc = admit(st, copy, ref, file, src, line, col);
	return *rc ? NULL : copy;
}

static int expand_under(load_state *st, xmlDocPtr doc, xmlNodePtr root, const char *file,
			const src_text *src, int depth)
{
	xmlNodePtr n = root;
	while (n) {
		if (n->type == XML_ENTITY_REF_NODE) {
			int rc;
			xmlNodePtr copy = replacement(st, doc, n, xmlGetDocEntity(doc, n->name), file,
						      src, depth, &rc);
			if (rc)
				return rc;
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
			return gal_err_set(st->err, GAL_E_XML, lasting(file, st), gal_imp_line(n->parent),
					   node_column(src, n->parent),
					   "text in <%s> longer than libxml2's limit of %d bytes",
					   (const char *)n->parent->name, MAX_TEXT);
		n = next_after(n, root);
	}
	return 0;
}

/* ---- parsing ------------------------------------------------------------ */

static void state_free(load_state *st)
{
	/* the expanded entities belong to the document: free them first */
	for (size_t i = 0; i < st->n_read; i++) {
		xmlEntityPtr ent = st->read[i];
		if (ent->_private && ent->_private != &expanding)
			xmlFreeNode(ent->_private);
		ent->_private = NULL;
	}
	free(st->read);
	for (size_t i = 0; i < st->n_files; i++) {
		src_free(&st->files[i]->src);
		free((char *)st->files[i]->src.data);
		free(st->files[i]);
	}
	free(st->files);
	for (size_t i = 0; i < st->n_trusted; i++)
		free(st->trusted[i]);
	free(st->trusted);
	src_free(&st->src);
	memset(st, 0, sizeof *st);
}

int gal_xml_parse(const char *name, const char *data, size_t len,
		  const gal_opts *opts, xmlDocPtr *out, gal_err *err)
{
	xmlParserCtxtPtr ctxt = NULL;
	xmlDocPtr doc = NULL;
	load_state st;
	int rc = 0;
	size_t max = opts && opts->limits.input_bytes ? opts->limits.input_bytes : (size_t)64 << 20;
	xmlStructuredErrorFunc old_fn = NULL;
	void *old_ctx = NULL;

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
	ctxt->sax->getEntity = get_entity;
	ctxt->sax->entityDecl = entity_decl;
	st.name = name;
	st.opts = opts;
	st.err = err;
	st.ctxt = ctxt;
	st.src.data = data;
	st.src.len = len;
	st.bytes = len;
	st.budget.nodes = opts && opts->limits.nodes ? opts->limits.nodes : 2000000;
	st.budget.bytes = max;
	/* Our handler gets every message of this load (nothing to stderr). */
	old_fn = xmlStructuredError;
	old_ctx = xmlStructuredErrorContext;
	xmlSetStructuredErrorFunc(&st, structured_error);
	active = &st;
	/* DTDLOAD: only so that catalog DTDs define their entities. Never
	 * NOENT (XXE), HUGE (lifts the depth, text and amplification
	 * guards), XINCLUDE or DTDVALID. */
	int options = XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_DTDLOAD |
		      XML_PARSE_NOCDATA;
	doc = xmlCtxtReadMemory(ctxt, data, (int)len, name, NULL, options);
	if (st.rc) {
		rc = st.rc;
		goto cleanup;
	}
	if (st.have || !doc || !ctxt->wellFormed) {
		rc = parse_error(&st);
		goto cleanup;
	}
	if (!xmlDocGetRootElement(doc)) {
		rc = gal_err_set(err, GAL_E_XML, name, 1, 1, "no root element");
		goto cleanup;
	}
	rc = expand_under(&st, doc, xmlDocGetRootElement(doc), name, &st.src, 0);
	if (!rc)
		rc = standard_warning(&st);
	if (rc)
		goto cleanup;
	*out = doc;
	doc = NULL;
cleanup:
	if (active == &st) {
		active = NULL;
		xmlSetStructuredErrorFunc(old_ctx, old_fn);
	}
	state_free(&st);
	if (doc)
		xmlFreeDoc(doc);
	if (ctxt)
		xmlFreeParserCtxt(ctxt);
	return rc;
}

/* ---- sniffing ----------------------------------------------------------- */

#define DOCBOOK5_NS "http://docbook.org/ns/docbook"

/* DocBook's divisions, components and sections: each may stand as the
 * root of a document (a book, one of its chapters in a file of its own,
 * a section an XInclude or an entity pulls in, a man page). No other
 * vocabulary galley reads, and none we know of, has a root of these
 * names. */
static const char *const docbook_roots[] = {
	"book", "part", "chapter", "appendix", "preface", "article", "section",
	"sect1", "sect2", "sect3", "sect4", "sect5", "simplesect",
	"refentry", "refsect1", "refsect2", "refsect3", "refsection",
	"refsynopsisdiv", NULL
};

/* DocBook's roots named by common words, which other XML uses too (DITA's
 * <reference> topic, a <set> of settings, a <glossary> or <bibliography>
 * of some schema): DocBook only when a child says so, one of the names
 * after the root's in its row, or a paragraph. An <article> is told
 * apart by its own rule (gal_xml_sniff_clue). */
static const char *const docbook_word_roots[][8] = {
	{ "set", "book", "set", "setinfo", "info", NULL },
	{ "reference", "refentry", "partintro", "referenceinfo", "info", NULL },
	{ "glossary", "glossentry", "glossdiv", "glossaryinfo", "info", NULL },
	{ "bibliography", "biblioentry", "bibliomixed", "bibliodiv", "bibliolist",
	  "bibliographyinfo", "info", NULL },
};

/* The row of docbook_word_roots for a root of this name, or NULL. */
static const char *const *word_root(const char *name)
{
	size_t n = sizeof docbook_word_roots / sizeof *docbook_word_roots;
	for (size_t i = 0; name && i < n; i++)
		if (strcmp(name, docbook_word_roots[i][0]) == 0)
			return docbook_word_roots[i];
	return NULL;
}

int gal_xml_docbook_root(const char *name)
{
	for (int i = 0; name && docbook_roots[i]; i++)
		if (strcmp(name, docbook_roots[i]) == 0)
			return 1;
	return word_root(name) != NULL;
}

/* The child of a root named by a common word that tells it is DocBook's
 * (docbook_word_roots), or NULL. */
static const xmlNode *docbook_word_tell(const xmlNode *root)
{
	const char *const *row = word_root((const char *)root->name);
	for (const xmlNode *c = row ? root->children : NULL; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE || c->ns)
			continue;
		const char *cn = (const char *)c->name;
		if (!strcmp(cn, "para") || !strcmp(cn, "simpara") || !strcmp(cn, "formalpara"))
			return c;
		for (int i = 1; row[i]; i++)
			if (strcmp(cn, row[i]) == 0)
				return c;
	}
	return NULL;
}

/* A DOCTYPE that names DocBook, by its public or system identifier. */
static int docbook_doctype(xmlDocPtr xml)
{
	const xmlDtd *dtd = xml->intSubset;
	const char *ids[2] = { dtd ? (const char *)dtd->ExternalID : NULL,
			       dtd ? (const char *)dtd->SystemID : NULL };
	for (int i = 0; i < 2; i++)
		if (ids[i] && strcasestr(ids[i], "docbook"))
			return 1;
	return 0;
}

static void clue_printf(char *clue, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void clue_printf(char *clue, size_t size, const char *fmt, ...)
{
	if (!clue || !size)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(clue, size, fmt, ap);
	va_end(ap);
}

gal_format gal_xml_sniff_clue(xmlDocPtr xml, char *clue, size_t size)
{
	xmlNodePtr root = xml ? xmlDocGetRootElement(xml) : NULL;
	clue_printf(clue, size, "%s", "");
	if (!root)
		return GAL_FMT_AUTO;
	const char *name = (const char *)root->name;
	const char *ns = root->ns && root->ns->href ? (const char *)root->ns->href : NULL;
	if (ns && strcmp(ns, DOCBOOK5_NS) == 0) {
		clue_printf(clue, size, "the root <%s> in the DocBook namespace", name);
		return GAL_FMT_DOCBOOK;
	}
	if (strcmp(name, "nitf") == 0 || strcmp(name, "newsItem") == 0 ||
	    strcmp(name, "newsMessage") == 0 || strcmp(name, "packageItem") == 0 ||
	    strcmp(name, "NewsML") == 0) {
		clue_printf(clue, size, "the root <%s>", name);
		return strcmp(name, "nitf") == 0 ? GAL_FMT_NITF :
		       strcmp(name, "NewsML") == 0 ? GAL_FMT_NEWSML1 : GAL_FMT_NEWSML;
	}
	if (ns)
		return GAL_FMT_AUTO;
	if (strcmp(name, "articles") == 0) {
		/* PMC's bulk files: several JATS articles */
		clue_printf(clue, size, "the root <articles>");
		return GAL_FMT_JATS;
	}
	if (docbook_doctype(xml)) {
		clue_printf(clue, size, "the root <%s> under a DocBook DOCTYPE", name);
		return GAL_FMT_DOCBOOK;
	}
	if (word_root(name)) {
		const xmlNode *tell = docbook_word_tell(root);
		if (!tell)
			return GAL_FMT_AUTO;
		clue_printf(clue, size, "the root <%s> with <%s>", name, (const char *)tell->name);
		return GAL_FMT_DOCBOOK;
	}
	if (strcmp(name, "article") != 0) {
		if (!gal_xml_docbook_root(name))
			return GAL_FMT_AUTO;
		clue_printf(clue, size, "the root <%s>", name);
		return GAL_FMT_DOCBOOK;
	}
	/* <article>: the first telling child decides */
	for (xmlNodePtr c = root->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE || c->ns)
			continue;
		const char *cn = (const char *)c->name;
		gal_format f = GAL_FMT_AUTO;
		if (strcmp(cn, "front") == 0)
			f = GAL_FMT_JATS;
		else if (strcmp(cn, "head") == 0)
			f = GAL_FMT_ARTICLE;
		else if (strcmp(cn, "articleinfo") == 0 || strcmp(cn, "artheader") == 0 ||
			 strcmp(cn, "sect1") == 0 || strcmp(cn, "section") == 0 ||
			 strcmp(cn, "para") == 0 || strcmp(cn, "simpara") == 0 ||
			 strcmp(cn, "simplesect") == 0)
			f = GAL_FMT_DOCBOOK;
		if (f != GAL_FMT_AUTO) {
			clue_printf(clue, size, "the root <article> with <%s>", cn);
			return f;
		}
	}
	return GAL_FMT_AUTO;
}

gal_format gal_xml_sniff(xmlDocPtr xml)
{
	return gal_xml_sniff_clue(xml, NULL, 0);
}

int gal_xml_root_fits(gal_format fmt, const xmlNode *root)
{
	const char *name = root && root->name ? (const char *)root->name : "";
	const char *ns = root && root->ns && root->ns->href ? (const char *)root->ns->href : NULL;
	switch (fmt) {
	case GAL_FMT_ARTICLE:
		return strcmp(name, "article") == 0;
	case GAL_FMT_JATS:
		return strcmp(name, "article") == 0 || strcmp(name, "articles") == 0;
	case GAL_FMT_DOCBOOK:
		if (ns)
			return strcmp(ns, DOCBOOK5_NS) == 0;
		return gal_xml_docbook_root(name) || (root && docbook_doctype(root->doc));
	case GAL_FMT_NITF:
		return strcmp(name, "nitf") == 0;
	case GAL_FMT_NEWSML:
		return strcmp(name, "newsItem") == 0 || strcmp(name, "newsMessage") == 0 ||
		       strcmp(name, "packageItem") == 0;
	case GAL_FMT_NEWSML1:
		return strcmp(name, "NewsML") == 0;
	case GAL_FMT_AUTO:
		break;
	}
	return 0;
}


/* ---- source lines ------------------------------------------------------- */

int gal_imp_line(const xmlNode *n)
{
	if (!n)
		return 0;
	long l = xmlGetLineNo(n);
	return l > 0 && l < 0x7fffffff ? (int)l : 0;
}
