/* Metadata given on the command line (-M) in place of the source's.
 * Prep applies it before it derives anything, so every derived value
 * (title text, byline, labels in the language, the identifier) agrees
 * with it in both outputs. */
#include "model/doc.h"

int gal_doc_override_meta(gal_doc *doc, const gal_meta_override *o, gal_err *err)
{
	gal_meta *m = &doc->meta;
	if (!o)
		return 0;
	if (o->title) {
		gal_node *t = gal_node_new(doc, GAL_NODE_TITLE, 0, 0);
		if (!t || !gal_node_add_text(doc, t, o->title, (size_t)-1, 0, 0))
			return gal_err_set(err, GAL_E_LIMIT, doc->name, 0, 0,
					   "more than %zu nodes (--limit nodes)",
					   doc->max_nodes);
		m->title = t;
		/* a running head would otherwise keep the source's title */
		m->short_title = NULL;
	}
	if (o->date)
		m->date = gal_doc_strdup(doc, o->date);
	if (o->lang) {
		m->lang = gal_doc_strdup(doc, o->lang);
		/* the root inherits the document's language like any node */
		doc->root->lang = NULL;
	}
	if (o->identifier)
		m->identifier = gal_doc_strdup(doc, o->identifier);
	if (o->n_authors) {
		m->authors = NULL;
		m->n_authors = 0;
		for (size_t i = 0; i < o->n_authors; i++)
			gal_doc_add_author(doc, o->authors[i], NULL, NULL);
	}
	return 0;
}
