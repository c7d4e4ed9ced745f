/* Safe XML loading: libxml2 through the project's catalog only, entity
 * expansion under a budget (with external parsed entities read through
 * the resource fence), XInclude (through the fence and under the same
 * budget), source columns, and sniffing. */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>
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
 * parameter), or the target of an XInclude. Its bytes live until the
 * load ends. */
typedef struct ext_file {
	char shown[PATH_MAX];   /* its name in messages */
	src_text src;
} ext_file;

/* A file an XInclude reads as XML: parsed, its entities expanded and its
 * own XIncludes processed once, kept for every XInclude of it to copy
 * from (an entity's replacement is kept so too). */
typedef struct inc_doc {
	char *rel;              /* its path below the input's folder */
	const ext_file *file;   /* NULL for the input itself */
	xmlDocPtr doc;
	int busy;               /* its XIncludes are being processed */
} inc_doc;

typedef struct load_state {
	const char *name;           /* the input, as messages name it */
	const gal_opts *opts;
	gal_err *err;
	xmlParserCtxtPtr ctxt;      /* the parser of the document being read */
	const char *parsing;        /* that document's name: the input's, or an XIncluded file's */
	src_text src;               /* the input's bytes */
	int catalog_only;           /* reading our own standard entity set */
	int rc;                     /* a warning under --strict stopped the load */

	/* the first fatal libxml2 error, and the file it is in when that is
	 * not the input (a DTD, an entity file, an XIncluded file) */
	int have, entity, line, col;
	char file[PATH_MAX];
	char msg[400];
	const char *in_entity;      /* the external entity being parsed */
	const char *include_at;     /* FILE:LINE:COL of the XInclude being parsed */

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

	/* the input and the files XIncludes read as XML */
	inc_doc **incs;
	size_t n_incs;
	/* XIncludes without a fallback whose target was not read: the
	 * first's error, the others named in it (every missing part at once) */
	size_t n_unread, n_listed;
	int unread_rc, unread_line, unread_col;
	char unread_file[PATH_MAX];
	char unread_msg[600];
	char unread_more[400];
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
 * DTD, an entity file or an XIncluded file read for it (named with its
 * own line, and with the document it was read for, or the XInclude that
 * read it). */
static int parse_error(load_state *st)
{
	char where[PATH_MAX + 100] = "";
	const char *file = st->name, *of = st->parsing ? st->parsing : st->name;
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
			 st->in_entity, of);
	else if (st->file[0] && strcmp(st->file, of) != 0)
		snprintf(where, sizeof where, " (in a DTD read for %s)", of);
	else if (st->include_at)
		snprintf(where, sizeof where, " (in the file the XInclude at %s reads)",
			 st->include_at);
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

/* Put a list of unlinked nodes in place of n (freed): the first of them
 * (text merges with a neighbouring text node: xmlAddPrevSibling frees
 * the merged node and returns the survivor), NULL for none, and in
 * *after the node after them in document order below root. */
static xmlNodePtr replace_node(xmlNodePtr n, xmlNodePtr list, xmlNodePtr root, xmlNodePtr *after)
{
	xmlNodePtr first = NULL, c = list;
	while (c) {
		xmlNodePtr next = c->next;
		c->next = c->prev = NULL;
		c->parent = NULL;
		xmlNodePtr added = xmlAddPrevSibling(n, c);
		if (!first)
			first = added;
		c = next;
	}
	*after = next_after(n, root);
	xmlUnlinkNode(n);
	xmlFreeNode(n);
	return first;
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

/* Count a copy that stands for `ref`, an entity reference or an
 * xi:include element (whose href is `href`), against the budget and
 * libxml2's limit on nesting (each entity's or included file's content
 * was parsed within it, but put in place they add up): 0, or the error,
 * the copy freed. A column of 0 is looked up in the source (only then: a
 * line can be long). */
static int admit(load_state *st, xmlNodePtr copy, const xmlNode *ref, const char *href,
		 const char *file, const src_text *src, int line, int col)
{
	const char *name = (const char *)ref->name;
	char what[300];
	int deep = copy ? count_copy(copy, &st->budget) : 0;
	if (deep >= 0 && (deep == 0 || depth_of(ref->parent) + deep <= MAX_DEPTH))
		return 0;
	xmlFreeNodeList(copy);
	if (href)
		snprintf(what, sizeof what, "the XInclude of '%s'", href);
	else
		snprintf(what, sizeof what, "entity &%s;", name);
	if (!col) {
		char needle[256];
		snprintf(needle, sizeof needle, "&%s;", name);
		col = column_of(src, line, needle);
	}
	if (deep < 0)
		return gal_err_set(st->err, GAL_E_XML, lasting(file, st), line, col,
				   "%s expands to more than the limits allow", what);
	return gal_err_set(st->err, GAL_E_XML, lasting(file, st), line, col,
			   "%s nests elements more than %d levels deep", what, MAX_DEPTH);
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
	*rc = admit(st, copy, ref, NULL, file, src, line, col);
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
			xmlNodePtr after, first = replace_node(n, copy, root, &after);
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

/* Free the expanded replacements of the external entities read since
 * `mark`: every reference to them is expanded by then, and they belong
 * to the document that declares them (free them before it). */
static void release_read(load_state *st, size_t mark)
{
	for (size_t i = mark; i < st->n_read; i++) {
		xmlEntityPtr ent = st->read[i];
		if (ent->_private && ent->_private != &expanding)
			xmlFreeNode(ent->_private);
		ent->_private = NULL;
	}
	st->n_read = mark;
}

static void state_free(load_state *st)
{
	release_read(st, 0);
	free(st->read);
	for (size_t i = 0; i < st->n_incs; i++) {
		if (st->incs[i]->doc)
			xmlFreeDoc(st->incs[i]->doc);
		free(st->incs[i]->rel);
		free(st->incs[i]);
	}
	free(st->incs);
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

/* DTDLOAD: only so that catalog DTDs define their entities. Never NOENT
 * (XXE), HUGE (lifts the depth, text and amplification guards), XINCLUDE
 * (it reads any file or URL; XIncludes are processed below, through the
 * fence) or DTDVALID. */
#define PARSE_OPTIONS (XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_DTDLOAD | \
		       XML_PARSE_NOCDATA)

/* Parse one document of the load, the input or a file an XInclude reads,
 * with the load's options, entity loader, catalog and error handler, and
 * expand its entities: 0 and *out, or the error. */
static int load_doc(load_state *st, const char *name, const src_text *src, xmlDocPtr *out)
{
	xmlParserCtxtPtr outer = st->ctxt, ctxt = xmlNewParserCtxt();
	const char *outer_name = st->parsing;
	size_t mark = st->n_read;
	xmlDocPtr doc = NULL;
	int rc = 0;

	*out = NULL;
	if (!ctxt) {
		rc = gal_err_set(st->err, GAL_E_INTERNAL, lasting(name, st), 0, 0,
				 "cannot create an XML parser");
		goto cleanup;
	}
	ctxt->sax->getEntity = get_entity;
	ctxt->sax->entityDecl = entity_decl;
	st->ctxt = ctxt;
	st->parsing = name;
	doc = xmlCtxtReadMemory(ctxt, src->data, (int)src->len, name, NULL, PARSE_OPTIONS);
	if (st->rc) {
		rc = st->rc;
		goto cleanup;
	}
	if (st->have || !doc || !ctxt->wellFormed) {
		if (!st->file[0] && name != st->name)
			snprintf(st->file, sizeof st->file, "%s", name);
		rc = parse_error(st);
		goto cleanup;
	}
	if (!xmlDocGetRootElement(doc)) {
		rc = gal_err_set(st->err, GAL_E_XML, lasting(name, st), 1, 1, "no root element");
		goto cleanup;
	}
	rc = expand_under(st, doc, xmlDocGetRootElement(doc), name, src, 0);
	if (rc)
		goto cleanup;
	*out = doc;
	doc = NULL;
cleanup:
	release_read(st, mark);
	st->ctxt = outer;
	st->parsing = outer_name;
	if (doc)
		xmlFreeDoc(doc);
	if (ctxt)
		xmlFreeParserCtxt(ctxt);
	return rc;
}

/* ---- XInclude ----------------------------------------------------------- */

/* XInclude 1.0, and the namespace of its 2003 draft that older DocBook
 * tools still write. Processed after a document's entities are expanded,
 * whatever its vocabulary: the target is read through the fence like an
 * external entity, within the same limits. A copy is counted against the
 * budget where it is put, so a part nested d XIncludes deep counts d
 * times (d is at most MAX_INCLUDE_DEPTH). */
#define XINCLUDE_NS "http://www.w3.org/2001/XInclude"
#define XINCLUDE_NS_2003 "http://www.w3.org/2003/XInclude"
#define MAX_INCLUDE_DEPTH MAX_ENTITY_DEPTH

/* A document whose XIncludes are being processed: the input, or a file
 * an XInclude read (its name, bytes, and path below the input's folder,
 * which its hrefs resolve against), and how deep it is included. */
typedef struct inc_place {
	xmlDocPtr doc;
	const char *file;
	const src_text *src;
	const char *rel;
	int depth;
	src_cursor *cur;        /* XIncludes are met in document order */
} inc_place;

/* One XInclude being processed. */
typedef struct inc_ref {
	xmlNodePtr el;
	xmlChar *href, *parse, *xpointer, *encoding;
	const char *shown;      /* the href, "" when there is none */
	int line, col;
	char path[PATH_MAX];    /* the href as a path below the input's folder */
	char why[400];          /* why the target is not read (then a fallback stands in) */
	int too_large;          /* the limits are why */
} inc_ref;

static int xi_named(const xmlNode *n, const char *local)
{
	if (!n || n->type != XML_ELEMENT_NODE || !n->ns || !n->ns->href ||
	    strcmp((const char *)n->name, local) != 0)
		return 0;
	const char *ns = (const char *)n->ns->href;
	return strcmp(ns, XINCLUDE_NS) == 0 || strcmp(ns, XINCLUDE_NS_2003) == 0;
}

/* An href as the path it names below the input's folder: resolved
 * against the folder of `from` (the including file's such path), then
 * made lexically normal (a/./b/../c is a/c). Absolute paths and URLs are
 * left as they are, for the fence to refuse. -1 with why when a ".."
 * climbs above the input's folder. */
static int join_href(const char *from, const char *href, char *out, size_t size,
		     const char **why)
{
	char buf[2 * PATH_MAX];
	const char *slash = strrchr(from, '/');
	int n = href[0] == '/' || gal_fence_is_url(href)
		? snprintf(buf, sizeof buf, "%s", href)
		: snprintf(buf, sizeof buf, "%.*s%s", slash ? (int)(slash - from + 1) : 0, from,
			   href);
	if (n < 0 || (size_t)n >= sizeof buf || (size_t)n >= size) {
		*why = "the path is too long";
		return -1;
	}
	if (buf[0] == '/' || gal_fence_is_url(buf)) {
		memcpy(out, buf, (size_t)n + 1);
		return 0;
	}
	size_t o = 0;
	char *save = NULL;
	out[0] = '\0';
	for (char *seg = strtok_r(buf, "/", &save); seg; seg = strtok_r(NULL, "/", &save)) {
		if (strcmp(seg, ".") == 0)
			continue;
		if (strcmp(seg, "..") == 0) {
			if (!o) {
				*why = "'..' may not leave the input's directory";
				return -1;
			}
			while (o && out[o - 1] != '/')
				o--;
			o -= o > 0;
			out[o] = '\0';
			continue;
		}
		/* never longer than buf, itself shorter than size */
		o += (size_t)snprintf(out + o, size - o, "%s%s", o ? "/" : "", seg);
	}
	return 0;
}

/* Whether an attribute's value is s (one text node, as values are once
 * entities are expanded). */
static int attr_is(const xmlAttr *a, const char *s)
{
	const xmlNode *t = a->children;
	return t && !t->next && t->type == XML_TEXT_NODE && t->content &&
	       strcmp((const char *)t->content, s) == 0;
}

/* The first element whose xml:id (or id, of no namespace) is `id`. */
static xmlNodePtr element_by_id(xmlDocPtr doc, const char *id)
{
	xmlNodePtr root = xmlDocGetRootElement(doc);
	for (xmlNodePtr n = root; n;) {
		for (const xmlAttr *a = n->type == XML_ELEMENT_NODE ? n->properties : NULL; a;
		     a = a->next)
			if (strcmp((const char *)a->name, "id") == 0 &&
			    (!a->ns || xmlStrEqual(a->ns->href, XML_XML_NAMESPACE)) && attr_is(a, id))
				return n;
		if (n->type == XML_ELEMENT_NODE && n->children) {
			n = n->children;
			continue;
		}
		n = next_after(n, root);
	}
	return NULL;
}

/* The scheme element() of XPointer: "id", "id/2/1" or "/1/2", an element
 * by its id (or the document), then at each step the Nth element child. */
static xmlNodePtr element_scheme(xmlDocPtr doc, const char *body, size_t len)
{
	char id[256];
	size_t k = 0;
	while (k < len && body[k] != '/')
		k++;
	if (k >= sizeof id)
		return NULL;
	memcpy(id, body, k);
	id[k] = '\0';
	xmlNodePtr n = k ? element_by_id(doc, id) : (xmlNodePtr)doc;
	while (n && k < len) {
		size_t d = k + 1;
		long step = 0;
		while (d < len && body[d] >= '0' && body[d] <= '9' && step < 1000000)
			step = step * 10 + (body[d++] - '0');
		if (d == k + 1 || step < 1 || (d < len && body[d] != '/'))
			return NULL;
		k = d;
		xmlNodePtr c = n->children;
		for (; c; c = c->next)
			if (c->type == XML_ELEMENT_NODE && --step == 0)
				break;
		n = c;
	}
	return n && n->type == XML_ELEMENT_NODE ? n : NULL;
}

/* The element an xpointer names: a shorthand pointer (an id), or
 * element() parts; a part of another scheme (xpointer(), xmlns()) is
 * skipped, as the XPointer framework has it, and the first part that
 * names an element wins. NULL when none does, why saying so. */
static xmlNodePtr xpointer_find(xmlDocPtr doc, const char *xp, char *why, size_t size)
{
	if (!strchr(xp, '(')) {
		xmlNodePtr n = element_by_id(doc, xp);
		if (!n)
			snprintf(why, size, "no element has the id '%s' its xpointer names", xp);
		return n;
	}
	for (const char *p = xp; *p;) {
		while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
			p++;
		const char *open = strchr(p, '('), *q = open ? open + 1 : NULL;
		int depth = 1;
		if (!*p || !open)
			break;
		/* ^ escapes a parenthesis or itself in a scheme's data */
		for (; *q && depth; q++) {
			if (*q == '^' && q[1])
				q++;
			else
				depth += *q == '(' ? 1 : *q == ')' ? -1 : 0;
		}
		if (depth)
			break;
		if (open - p == 7 && strncmp(p, "element", 7) == 0) {
			xmlNodePtr n = element_scheme(doc, open + 1, (size_t)(q - open - 2));
			if (n)
				return n;
		}
		p = q;
	}
	snprintf(why, size, "its xpointer '%s' names no element (an id and element() are read)",
		 xp);
	return NULL;
}

/* The line and column of a byte of a file, for messages. */
static void byte_place(const char *data, size_t off, int *line, int *col)
{
	size_t start = 0;
	*line = 1;
	for (size_t i = 0; i < off; i++)
		if (data[i] == '\n') {
			++*line;
			start = i + 1;
		}
	*col = (int)(off - start + 1);
}

/* Where UTF-8 text holds a character XML does not allow (the text is
 * valid UTF-8), or (size_t)-1. */
static size_t xml_char_error(const char *s, size_t len)
{
	for (const char *p = s; p < s + len; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (!xmlIsCharQ(c))
			return (size_t)(p - s);
	}
	return (size_t)-1;
}

/* parse="text": the target's characters, converted from the encoding
 * its attribute names (UTF-8 by default), a byte order mark dropped and
 * line ends made "\n" as XML's are, as one text node. Bytes that are not
 * text of that encoding, or a character XML does not allow, are an error
 * that names the file and where in it. */
static int include_text(load_state *st, const inc_place *w, inc_ref *r, xmlNodePtr *out)
{
	const char *why = NULL, *enc = r->encoding && *r->encoding ? (const char *)r->encoding
				     : "UTF-8";
	ext_file *f = fence_read(st, r->path, &r->too_large, &why);
	char *conv = NULL, *text = NULL;
	size_t len, bad = (size_t)-1, n = 0;
	int rc = 0, line, col;
	if (!f) {
		snprintf(r->why, sizeof r->why, "%s", why);
		return 0;
	}
	const char *data = f->src.data;
	len = f->src.len;
	if (g_ascii_strcasecmp(enc, "UTF-8") != 0 && g_ascii_strcasecmp(enc, "UTF8") != 0) {
		GError *e = NULL;
		gsize read = 0, wrote = 0;
		conv = g_convert(data, (gssize)len, "UTF-8", enc, &read, &wrote, &e);
		if (!conv && e && (e->code == G_CONVERT_ERROR_ILLEGAL_SEQUENCE ||
				   e->code == G_CONVERT_ERROR_PARTIAL_INPUT))
			bad = read;
		else if (!conv)
			snprintf(r->why, sizeof r->why, "the encoding '%s' is not known", enc);
		g_clear_error(&e);
		if (r->why[0])
			return 0;
		if (conv) {
			data = conv;
			len = wrote;
		}
	}
	const char *end = NULL;
	if (bad == (size_t)-1 && !g_utf8_validate(data, (gssize)len, &end))
		bad = (size_t)(end - data);
	if (bad != (size_t)-1) {
		byte_place(data, bad, &line, &col);
		rc = gal_err_set(st->err, GAL_E_XML, lasting(f->shown, st), line, col,
				 "not %s text (the XInclude at %s:%d:%d reads this file as text)",
				 enc, w->file, r->line, r->col);
		goto cleanup;
	}
	if ((bad = xml_char_error(data, len)) != (size_t)-1) {
		byte_place(data, bad, &line, &col);
		rc = gal_err_set(st->err, GAL_E_XML, lasting(f->shown, st), line, col,
				 "U+%04X is a character XML does not allow (the XInclude at "
				 "%s:%d:%d reads this file as text)",
				 (unsigned)g_utf8_get_char(data + bad), w->file, r->line, r->col);
		goto cleanup;
	}
	text = xmalloc(len + 1);
	for (size_t i = len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0; i < len; i++) {
		if (data[i] == '\r' && i + 1 < len && data[i + 1] == '\n')
			continue;
		text[n++] = data[i] == '\r' ? '\n' : data[i];
	}
	if (n > MAX_TEXT)
		snprintf(r->why, sizeof r->why, "the text is longer than libxml2's limit of %d "
			 "bytes in one node", MAX_TEXT);
	else
		*out = xmlNewDocTextLen(w->doc, (const xmlChar *)text, (int)n);
cleanup:
	free(text);
	g_free(conv);
	return rc;
}

static int include_under(load_state *st, const inc_place *w, xmlNodePtr root);

static inc_doc *inc_find(const load_state *st, const char *rel)
{
	for (size_t i = 0; i < st->n_incs; i++)
		if (strcmp(st->incs[i]->rel, rel) == 0)
			return st->incs[i];
	return NULL;
}

static inc_doc *inc_add(load_state *st, const char *rel, const ext_file *f)
{
	inc_doc *d = xcalloc(1, sizeof *d);
	d->rel = xstrdup(rel);
	d->file = f;
	st->incs = grow(st->incs, st->n_incs, sizeof *st->incs);
	st->incs[st->n_incs++] = d;
	return d;
}

/* Parse a file an XInclude reads as XML, as the input is parsed (its
 * parse errors name it, and the XInclude), and process its XIncludes. */
static int read_included(load_state *st, const inc_place *w, const inc_ref *r, inc_doc *d)
{
	char at[PATH_MAX + 40], skipped[sizeof st->skipped];
	const char *outer_at = st->include_at;
	int rc;
	snprintf(at, sizeof at, "%s:%d:%d", w->file, r->line, r->col);
	/* a DTD the includer did not read says nothing of this file's */
	memcpy(skipped, st->skipped, sizeof skipped);
	st->skipped[0] = '\0';
	st->include_at = at;
	d->busy = 1;
	rc = load_doc(st, d->file->shown, &d->file->src, &d->doc);
	if (!rc) {
		src_cursor cur = { 0, 0 };
		inc_place in = { d->doc, d->file->shown, &d->file->src, d->rel, w->depth + 1, &cur };
		rc = include_under(st, &in, xmlDocGetRootElement(d->doc));
	}
	d->busy = 0;
	st->include_at = outer_at;
	memcpy(st->skipped, skipped, sizeof skipped);
	return rc;
}

/* parse="xml" (the default): the target read once (read_included), then
 * its root, or the element its xpointer names, copied for each XInclude
 * of it. An XInclude of a file being included (itself, or one that
 * includes it) is a cycle. */
static int include_xml(load_state *st, const inc_place *w, inc_ref *r, xmlNodePtr *out)
{
	const char *file = lasting(w->file, st), *why = NULL;
	inc_doc *d = inc_find(st, r->path);
	const char *busy = d && d->busy ? d->file ? d->file->shown : st->name : NULL;
	if (busy && strcmp(busy, w->file) == 0)
		return gal_err_set(st->err, GAL_E_XML, file, r->line, r->col,
				   "the XInclude of '%s' includes %s, the file it is in",
				   r->shown, busy);
	if (busy)
		return gal_err_set(st->err, GAL_E_XML, file, r->line, r->col,
				   "the XInclude of '%s' makes a cycle: %s includes %s, which is "
				   "being included already", r->shown, w->file, busy);
	if (!d) {
		if (w->depth >= MAX_INCLUDE_DEPTH)
			return gal_err_set(st->err, GAL_E_XML, file, r->line, r->col,
					   "XIncludes nest more than %d deep at '%s'",
					   MAX_INCLUDE_DEPTH, r->shown);
		ext_file *f = fence_read(st, r->path, &r->too_large, &why);
		if (!f) {
			snprintf(r->why, sizeof r->why, "%s", why);
			return 0;
		}
		d = inc_add(st, r->path, f);
		int rc = read_included(st, w, r, d);
		if (rc)
			return rc;
	}
	xmlNodePtr target = r->xpointer
		? xpointer_find(d->doc, (const char *)r->xpointer, r->why, sizeof r->why)
		: xmlDocGetRootElement(d->doc);
	if (target && !(*out = xmlDocCopyNode(target, w->doc, 1)))
		return gal_err_set(st->err, GAL_E_INTERNAL, file, r->line, r->col,
				   "cannot copy what '%s' includes", r->shown);
	return 0;
}

/* A target that is not read: the XInclude's fallback stands in, with a
 * warning (an error under --strict), and *next walks into it (it may
 * hold XIncludes); without one the XInclude stays, and the load fails
 * (include_input): the output would lack a part. */
static int include_fallback(load_state *st, const inc_place *w, const inc_ref *r,
			    xmlNodePtr root, xmlNodePtr *next)
{
	xmlNodePtr fb = r->el->children;
	while (fb && !xi_named(fb, "fallback"))
		fb = fb->next;
	if (fb) {
		int rc = warn_at(st, w->file, r->line, r->col, "xinclude",
				 "XInclude is not processed: '%s' is left out (%s; its fallback "
				 "stands in)", r->shown, r->why);
		if (rc)
			return rc;
		xmlNodePtr list = fb->children, after;
		fb->children = fb->last = NULL;
		xmlNodePtr first = replace_node(r->el, list, root, &after);
		*next = first ? first : after;
		return 0;
	}
	*next = next_after(r->el, root);
	if (st->n_unread++ == 0) {
		st->unread_rc = r->too_large ? GAL_E_LIMIT : GAL_E_XML;
		snprintf(st->unread_file, sizeof st->unread_file, "%s", w->file);
		st->unread_line = r->line;
		st->unread_col = r->col;
		snprintf(st->unread_msg, sizeof st->unread_msg,
			 "the XInclude of '%s' is not read, and has no fallback: %s", r->shown, r->why);
		return 0;
	}
	/* the others as they fit in the message (its file named when not the first's) */
	char one[sizeof st->unread_more];
	size_t n = strlen(st->unread_more), room = sizeof st->err->message - 24;
	int same = strcmp(w->file, st->unread_file) == 0;
	snprintf(one, sizeof one, "%s '%s' (%s%s%d:%d)", n ? "," : "; nor is", r->shown,
		 same ? "" : w->file, same ? "" : ":", r->line, r->col);
	room -= room > strlen(st->unread_msg) ? strlen(st->unread_msg) : room;
	if (st->n_unread == st->n_listed + 2 && n + strlen(one) < sizeof st->unread_more &&
	    n + strlen(one) < room) {
		memcpy(st->unread_more + n, one, strlen(one) + 1);
		st->n_listed++;
	}
	return 0;
}

/* One XInclude: what it reads in its place, and *next past it (what it
 * read has had its own XIncludes processed); or its fallback. */
static int include_one(load_state *st, const inc_place *w, xmlNodePtr x, xmlNodePtr root,
		       xmlNodePtr *next)
{
	inc_ref *r = xcalloc(1, sizeof *r);
	const char *why = NULL;
	xmlNodePtr got = NULL;
	int rc = 0;
	r->el = x;
	r->href = xmlGetNoNsProp(x, (const xmlChar *)"href");
	r->parse = xmlGetNoNsProp(x, (const xmlChar *)"parse");
	r->xpointer = xmlGetNoNsProp(x, (const xmlChar *)"xpointer");
	r->encoding = xmlGetNoNsProp(x, (const xmlChar *)"encoding");
	r->shown = r->href ? (const char *)r->href : "";
	r->line = gal_imp_line(x);
	r->col = element_column(w->src, x, w->cur, COL_WINDOW);
	if (!r->col)
		r->col = node_column(w->src, x);
	int text = r->parse && xmlStrEqual(r->parse, (const xmlChar *)"text");
	if (r->parse && !text && !xmlStrEqual(r->parse, (const xmlChar *)"xml"))
		rc = gal_err_set(st->err, GAL_E_XML, lasting(w->file, st), r->line, r->col,
				 "the XInclude of '%s' has parse=\"%s\": only \"xml\" and \"text\" "
				 "are read", r->shown, (const char *)r->parse);
	else if (!*r->shown)
		snprintf(r->why, sizeof r->why, "no href (a part of its own document is not read)");
	else if (strchr(r->shown, '#'))
		snprintf(r->why, sizeof r->why, "a fragment identifier in href (name the part with "
			 "xpointer)");
	else if (join_href(w->rel, r->shown, r->path, sizeof r->path, &why))
		snprintf(r->why, sizeof r->why, "%s", why);
	else if (text)
		rc = include_text(st, w, r, &got);
	else
		rc = include_xml(st, w, r, &got);
	if (rc)
		goto cleanup;
	if (!got) {
		rc = include_fallback(st, w, r, root, next);
		goto cleanup;
	}
	set_lines(got, r->line);
	rc = admit(st, got, x, r->shown, w->file, w->src, r->line, r->col);
	if (!rc)
		replace_node(x, got, root, next);
cleanup:
	xmlFree(r->href);
	xmlFree(r->parse);
	xmlFree(r->xpointer);
	xmlFree(r->encoding);
	free(r);
	return rc;
}

/* Every XInclude below root, in document order (root itself stays: the
 * document cannot be what it includes; an importer sees it unprocessed). */
static int include_under(load_state *st, const inc_place *w, xmlNodePtr root)
{
	xmlNodePtr n = root ? root->children : NULL;
	while (n) {
		if (xi_named(n, "include")) {
			int rc = include_one(st, w, n, root, &n);
			if (rc)
				return rc;
			continue;
		}
		if (n->type == XML_ELEMENT_NODE && n->children) {
			n = n->children;
			continue;
		}
		n = next_after(n, root);
	}
	return 0;
}

/* The input's XIncludes, its hrefs relative to its own folder; an
 * XInclude of the input itself is a cycle. Those not read and without a
 * fallback fail the load, the first named with its place and the others
 * after it. */
static int include_input(load_state *st, xmlDocPtr doc)
{
	const char *input = st->opts && st->opts->input_path ? st->opts->input_path : st->name;
	char rel[PATH_MAX] = "";
	if (input && *input && strcmp(input, "-") != 0)
		snprintf(rel, sizeof rel, "%s", base_name(input));
	if (rel[0])
		inc_add(st, rel, NULL)->busy = 1;
	src_cursor cur = { 0, 0 };
	inc_place w = { doc, st->name, &st->src, rel, 0, &cur };
	int rc = include_under(st, &w, xmlDocGetRootElement(doc));
	if (!rc && st->n_unread) {
		char more[32] = "";
		if (st->n_unread > st->n_listed + 1)
			snprintf(more, sizeof more, " and %zu more", st->n_unread - st->n_listed - 1);
		rc = gal_err_set(st->err, st->unread_rc, lasting(st->unread_file, st),
				 st->unread_line, st->unread_col, "%s%s%s", st->unread_msg,
				 st->unread_more, more);
	}
	return rc;
}

int gal_xml_parse(const char *name, const char *data, size_t len,
		  const gal_opts *opts, xmlDocPtr *out, gal_err *err)
{
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
	st.name = name;
	st.opts = opts;
	st.err = err;
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
	rc = load_doc(&st, name, &st.src, &doc);
	if (!rc)
		rc = include_input(&st, doc);
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
