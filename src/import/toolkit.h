/* The importer toolkit: the state every importer carries and the helpers
 * they share. Importers build the model only through the builder
 * (model/doc.h). */
#ifndef GAL_TOOLKIT_H
#define GAL_TOOLKIT_H

#include <libxml/tree.h>
#include "model/doc.h"

/* State every importer carries: the document being built, options, the
 * first fatal status, and the set of element names already warned about. */
typedef struct gal_imp {
	gal_doc *doc;
	const gal_opts *opts;
	gal_err *err;
	int status;             /* first error (GAL_E_STRICT, GAL_E_LIMIT, ...) */
	struct gal_strset *warned; /* element names reported as unknown */
	int depth;
} gal_imp;

typedef int (*gal_import_fn)(gal_imp *imp, xmlDocPtr xml);

/* The importers, one file each (import/pipeline.c lists them). */
int gal_import_article(gal_imp *imp, xmlDocPtr xml);
int gal_import_jats(gal_imp *imp, xmlDocPtr xml);
int gal_import_docbook(gal_imp *imp, xmlDocPtr xml);
int gal_import_nitf(gal_imp *imp, xmlDocPtr xml);
int gal_import_newsml(gal_imp *imp, xmlDocPtr xml);

/* Release what the helpers allocated in imp (the set of warned names);
 * gal_doc_load does this itself. For tests that call an importer directly. */
void gal_imp_release(gal_imp *imp);

/* Warn "unknown element <name>" once per name per input (code
 * "unknown-element"). Sets imp->status under --strict. */
void gal_imp_unknown(gal_imp *imp, const xmlNode *n);
/* Warn with a code; sets imp->status under --strict. */
void gal_imp_warn(gal_imp *imp, const xmlNode *n, const char *code,
		  const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* Attribute (namespace-agnostic local name) copied into the arena; NULL when absent. */
const char *gal_imp_attr(gal_imp *imp, const xmlNode *n, const char *name);
/* xml:lang of a node, or NULL. */
const char *gal_imp_lang(gal_imp *imp, const xmlNode *n);
/* Local name of an element ("sec"), "" for non-elements. */
const char *gal_imp_name(const xmlNode *n);
/* Whether a text node is white space only. */
int gal_imp_is_blank(const xmlNode *n);
/* All text below n (entity references walked into), arena-owned, white
 * space collapsed. */
const char *gal_imp_text(gal_imp *imp, const xmlNode *n);
/* Tidy the model below root (NULL: nothing) after an import
 * (import/cleanup.c): trim white space at the edges of every text holder,
 * before each line break and around preformatted text (its first newline
 * too, as DocBook processors do), drop line breaks at a holder's edges,
 * then remove the nodes left empty that carry nothing (an inline or a
 * paragraph-like block without children; a SPAN only without an id),
 * children before parents. Cannot fail. */
void gal_imp_tidy(gal_doc *doc, gal_node *root);

#endif
