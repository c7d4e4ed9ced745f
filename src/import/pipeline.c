/* The pipeline: the table of input formats, load -> import -> prep, and
 * --check. Adding a vocabulary is one importer file plus one row here. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <libxml/xmlerror.h>

#include "galley.h"
#include "import/toolkit.h"
#include "import/xml.h"
#include "math/math.h"
#include "model/doc.h"

/* ---- formats ----------------------------------------------------------- */

/* One row per input vocabulary, indexed by its gal_format: what --from
 * calls it, what --help calls it, and its importer. --help and the usage
 * errors list the formats from here. */
static const struct {
	const char *name;
	const char *description;
	gal_import_fn import;
} formats[] = {
	[GAL_FMT_AUTO] = { "auto", NULL, NULL },
	[GAL_FMT_ARTICLE] = { "article", "native", gal_import_article },
	[GAL_FMT_JATS] = { "jats", "JATS", gal_import_jats },
	[GAL_FMT_DOCBOOK] = { "docbook", "DocBook", gal_import_docbook },
	[GAL_FMT_NITF] = { "nitf", "NITF", gal_import_nitf },
	[GAL_FMT_NEWSML] = { "newsml", "NewsML-G2", gal_import_newsml },
	[GAL_FMT_NEWSML1] = { "newsml1", "NewsML 1", gal_import_newsml1 },
};
#define N_FORMATS (sizeof formats / sizeof formats[0])

size_t gal_format_count(void)
{
	return N_FORMATS;
}

const char *gal_format_name(gal_format f)
{
	return (size_t)f < N_FORMATS ? formats[f].name : NULL;
}

const char *gal_format_description(gal_format f)
{
	return (size_t)f < N_FORMATS ? formats[f].description : NULL;
}

int gal_format_parse(const char *name)
{
	if (!name)
		return -1;
	for (size_t i = 0; i < N_FORMATS; i++)
		if (formats[i].name && strcmp(formats[i].name, name) == 0)
			return (int)i;
	return -1;
}


/* ---- loading ------------------------------------------------------------ */

/* Debug builds (-DGAL_DEBUG: make asan, the fuzzer, or CFLAGS) check the
 * model's invariants after the import and again after prep. A model that
 * breaks them is a bug of the importer or of prep, reported as an
 * internal error instead of being rendered. The check is compiled in
 * every build, so it cannot rot; release builds only skip it. */
#ifdef GAL_DEBUG
enum { check_models = 1 };
#else
enum { check_models = 0 };
#endif

/* `stage` is what the model has just been through: "import", "prep". */
static int check_model(const gal_doc *doc, const char *name, const char *stage,
		       gal_err *err)
{
	if (!check_models)
		return GAL_OK;
	gal_err e = { 0 };
	int rc = gal_doc_check(doc, &e);
	if (rc)
		/* e.file is the document's own copy of its name, which dies
		 * with the document */
		rc = gal_err_set(err, GAL_E_INTERNAL, name, e.line, e.col,
				 "%s (after %s)", e.message, stage);
	return rc;
}

static gal_import_fn importer_for(gal_format f)
{
	return (size_t)f < N_FORMATS ? formats[f].import : NULL;
}

/* Parse and import without prep; *out gets the document. */
static int load_model(const char *name, const char *data, size_t len, xmlDocPtr xml,
		      gal_format fmt, const gal_opts *opts, gal_doc **out, gal_err *err)
{
	gal_doc *doc = NULL;
	gal_imp imp;
	int rc = 0;
	char clue[160];
	gal_format sniffed = gal_xml_sniff_clue(xml, clue, sizeof clue);
	gal_format f = fmt != GAL_FMT_AUTO ? fmt : sniffed;
	gal_import_fn fn = importer_for(f);
	xmlNodePtr root = xmlDocGetRootElement(xml);

	memset(&imp, 0, sizeof imp);
	*out = NULL;
	gal_xml_source_begin(data, len);
	if (f == GAL_FMT_AUTO || !fn) {
		rc = gal_err_set(err, GAL_E_FORMAT, name, root ? gal_imp_line(root) : 0,
				 root ? gal_xml_col(root) : 0,
				 "unrecognised vocabulary: root element <%s>%s",
				 root ? (const char *)root->name : "",
				 root && root->ns && root->ns->href ? " in a namespace" : "");
		goto cleanup;
	}
	/* --from forces an importer, not a reading: one given a root of
	 * another vocabulary would make a document of nothing */
	if (sniffed != GAL_FMT_AUTO && sniffed != f) {
		rc = gal_err_set(err, GAL_E_FORMAT, name, root ? gal_imp_line(root) : 0,
				 root ? gal_xml_col(root) : 0,
				 "--from %s, but %s looks like %s (try --from %s or leave --from out)",
				 formats[f].name, clue,
				 sniffed == GAL_FMT_ARTICLE ? "galley's native vocabulary"
							    : formats[sniffed].description,
				 formats[sniffed].name);
		goto cleanup;
	}
	doc = gal_doc_new(name);
	doc->format = f;
	doc->max_nodes = opts ? opts->limits.nodes : 0;
	imp.doc = doc;
	imp.opts = opts;
	imp.err = err;
	rc = fn(&imp, xml);
	if (!rc)
		rc = imp.status;
	if (!rc)
		rc = check_model(doc, name, "import", err);
	if (rc)
		goto cleanup;
	*out = doc;
	doc = NULL;
cleanup:
	gal_xml_source_end();
	gal_imp_release(&imp);
	/* importers name the file by the document's own (arena) copy of
	 * its name, which dies with the document */
	if (rc && doc && err && err->file == doc->name)
		err->file = name;
	gal_doc_free(doc);
	return rc;
}

/* ---- formula text ------------------------------------------------------- */

static void formula_text_tree(gal_doc *doc, gal_node *root);

static void free_math(void *m)
{
	gal_math_free(m);
}

static void formula_text_meta(gal_doc *doc, gal_meta *m)
{
	formula_text_tree(doc, m->title);
	formula_text_tree(doc, m->subtitle);
	formula_text_tree(doc, m->source);
	formula_text_tree(doc, m->summary);
	formula_text_tree(doc, m->abstract);
}

/* A formula's text in the model, which the outline, running heads,
 * contents, the document's title and alt text read, is the math
 * module's linear form ("x² + y₁", "(a + b) / 2"), not the importer's
 * run of tokens ("x ^ 2 + y _ 1"). A formula the module cannot read
 * keeps the importer's text; the renderers report it. The tree read
 * stays on the node: both renderers set it, and reading it is a tenth
 * of converting a formula-heavy article. */
static void formula_text_tree(gal_doc *doc, gal_node *root)
{
	gal_buf b = GAL_BUF_INIT;
	gal_iter it;
	gal_iter_init(&it, root);
	for (gal_node *n = gal_iter_enter(&it); n; n = gal_iter_enter(&it)) {
		if (n->type == GAL_NODE_MATH || n->type == GAL_NODE_MATH_BLOCK) {
			gal_math *m = NULL;
			if (!n->math && gal_math_from_node(n, &m, NULL) == 0) {
				gal_buf_reset(&b);
				gal_math_linear(m, &b);
				if (b.len)
					n->title = gal_doc_strndup(doc, b.data, b.len);
				/* kept for the renderers, which read it too */
				n->math = m;
				gal_doc_own(doc, m, free_math);
			} else {
				gal_math_free(m);
			}
		}
		if (n->type == GAL_NODE_PART && n->part_meta)
			formula_text_meta(doc, n->part_meta);
	}
	gal_buf_free(&b);
}

/* Import the parsed *xml and prep the model; *xml is freed (and NULL)
 * once the model is made, before prep loads images. */
static int import_and_prep(const char *name, const char *data, size_t len,
			   xmlDocPtr *xml, gal_format fmt, const gal_opts *opts,
			   gal_doc **out, gal_err *err)
{
	gal_doc *doc = NULL;
	int rc = load_model(name, data, len, *xml, fmt, opts, &doc, err);
	if (rc)
		return rc;
	xmlFreeDoc(*xml);
	*xml = NULL;
	formula_text_meta(doc, &doc->meta);
	formula_text_tree(doc, doc->root);
	rc = gal_prep(doc, opts, err);
	if (!rc)
		rc = check_model(doc, name, "prep", err);
	if (rc)
		gal_doc_free(doc);
	else
		*out = doc;
	return rc;
}

int gal_doc_load(const char *name, const char *data, size_t len,
		 gal_format fmt, const gal_opts *opts, gal_doc **out,
		 gal_err *err)
{
	xmlDocPtr xml = NULL;
	*out = NULL;
	int rc = gal_xml_parse(name, data, len, opts, &xml, err);
	if (!rc)
		rc = import_and_prep(name, data, len, &xml, fmt, opts, out, err);
	if (xml)
		xmlFreeDoc(xml);
	return rc;
}


/* ---- --check ------------------------------------------------------------ */

/* The schema is parsed once per process (before workers fork). */
static xmlRelaxNGPtr article_schema;
static int schema_tried;

typedef struct check_state {
	const gal_opts *opts;
	int errors;
} check_state;

static void schema_error(void *ctx, xmlErrorPtr e)
{
	check_state *cs = ctx;
	if (!cs || !e || e->level < XML_ERR_ERROR)
		return;
	char msg[400];
	snprintf(msg, sizeof msg, "%s", e->message ? e->message : "schema violation");
	size_t n = strlen(msg);
	while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
		msg[--n] = '\0';
	cs->errors++;
	if (cs->opts && cs->opts->warn)
		cs->opts->warn(cs->opts->warn_ctx, cs->opts->input_path, e->line, 0,
			       "schema", msg);
}

static int load_schema(gal_err *err)
{
	xmlRelaxNGParserCtxtPtr pc = NULL;
	char path[4096];
	int rc = 0;
	if (schema_tried)
		goto cleanup;
	schema_tried = 1;
	snprintf(path, sizeof path, "%s/schema/article.rng", gal_data_dir());
	/* libxml2 would print its own complaint about a missing file */
	pc = access(path, R_OK) == 0 ? xmlRelaxNGNewParserCtxt(path) : NULL;
	if (pc) {
		check_state quiet = { NULL, 0 };
		xmlRelaxNGSetParserStructuredErrors(pc, schema_error, &quiet);
		article_schema = xmlRelaxNGParse(pc);
	}
cleanup:
	if (!article_schema)
		rc = gal_err_set(err, GAL_E_INTERNAL, path, 0, 0,
				 "cannot load the schema %s/schema/article.rng", gal_data_dir());
	if (pc)
		xmlRelaxNGFreeParserCtxt(pc);
	return rc;
}

/* The schema check of a native article: every violation through
 * opts->warn, GAL_E_SCHEMA when there was any. */
static int validate_article(const char *name, xmlDocPtr xml, const gal_opts *opts,
			    gal_err *err)
{
	int rc = load_schema(err);
	if (rc)
		return rc;
	check_state cs = { opts, 0 };
	xmlRelaxNGValidCtxtPtr vc = xmlRelaxNGNewValidCtxt(article_schema);
	if (!vc)
		return gal_err_set(err, GAL_E_INTERNAL, name, 0, 0, "cannot validate");
	xmlRelaxNGSetValidStructuredErrors(vc, schema_error, &cs);
	int v = xmlRelaxNGValidateDoc(vc, xml);
	if (v < 0)
		rc = gal_err_set(err, GAL_E_INTERNAL, name, 0, 0, "schema validation failed");
	else if (v > 0 || cs.errors)
		rc = gal_err_set(err, GAL_E_SCHEMA, name, 0, 0,
				 "%d schema violation%s", cs.errors ? cs.errors : 1,
				 cs.errors == 1 ? "" : "s");
	xmlRelaxNGFreeValidCtxt(vc);
	return rc;
}

int gal_doc_check_input(const char *name, const char *data, size_t len,
			gal_format fmt, const gal_opts *opts, gal_err *err)
{
	xmlDocPtr xml = NULL;
	gal_doc *doc = NULL;
	int rc = gal_xml_parse(name, data, len, opts, &xml, err);
	if (rc)
		goto cleanup;
	gal_format f = fmt != GAL_FMT_AUTO ? fmt : gal_xml_sniff(xml);
	/* a native article that breaks the schema is not imported: its
	 * violations already name what the importer would warn about */
	if (f == GAL_FMT_ARTICLE && (rc = validate_article(name, xml, opts, err)))
		goto cleanup;
	/* then whatever a conversion would warn about or refuse before it
	 * renders: the importer's warnings and prep's (images that cannot
	 * be read, links to no id, ids given twice) */
	rc = import_and_prep(name, data, len, &xml, f, opts, &doc, err);
cleanup:
	if (xml)
		xmlFreeDoc(xml);
	gal_doc_free(doc);
	return rc;
}
