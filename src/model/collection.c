/* Collections: several prepared articles bound into one document, each a
 * PART carrying its own metadata, so the ordinary renderers produce one
 * EPUB (a chapter per article) and one PDF (each article on a new page)
 * with no special cases of their own. */
#include <string.h>

#include "base/buf.h"
#include "model/doc.h"

typedef struct copier {
	gal_doc *dst;
	const char *prefix;     /* "a3-": keeps ids unique across articles */
	int failed;             /* node limit reached */
} copier;

static const char *prefixed(copier *c, const char *id)
{
	return id ? gal_doc_printf(c->dst, "%s%s", c->prefix, id) : NULL;
}

static gal_image *copy_image(copier *c, const gal_image *src)
{
	if (!src)
		return NULL;
	gal_image *im = gal_doc_alloc(c->dst, sizeof *im);
	*im = *src;
	im->mime = gal_doc_strdup(c->dst, src->mime);
	im->name = gal_doc_strdup(c->dst, src->name);
	if (src->data) {
		unsigned char *d = gal_doc_alloc(c->dst, src->len);
		memcpy(d, src->data, src->len);
		im->data = d;
	}
	return im;
}

/* A copy of one node without its children. Derived fields that prep
 * recomputes (level, number, target) are left for it; labels are kept,
 * so "Figure 2" and footnote marks stay as each article numbered them. */
static gal_node *copy_node(copier *c, const gal_node *s)
{
	gal_node *n = gal_node_new(c->dst, s->type, s->line, s->col);
	if (!n) {
		c->failed = 1;
		return NULL;
	}
	gal_doc *d = c->dst;
	n->id = prefixed(c, s->id);
	n->lang = gal_doc_strdup(d, s->lang);
	n->literal = gal_doc_strdup(d, s->literal);
	n->url = (s->type == GAL_NODE_XREF || s->type == GAL_NODE_CITE)
		 ? prefixed(c, s->url) : gal_doc_strdup(d, s->url);
	n->title = gal_doc_strdup(d, s->title);
	n->tex = gal_doc_strdup(d, s->tex);
	n->list_type = s->list_type;
	n->numbering = s->numbering;
	n->start = s->start;
	n->aside_kind = s->aside_kind;
	n->section_kind = s->section_kind;
	n->summary_kind = s->summary_kind;
	n->figure_kind = s->figure_kind;
	n->tsection = s->tsection;
	n->header = s->header;
	n->colspan = s->colspan;
	n->rowspan = s->rowspan;
	n->align = s->align;
	n->img_w = s->img_w;
	n->img_h = s->img_h;
	if (s->type != GAL_NODE_SECTION)
		n->label = gal_doc_strdup(d, s->label);
	n->image = copy_image(c, s->image);
	return n;
}

/* Copy src's subtree below dst_parent, without recursion: the iterator
 * walks the source while `cur` tracks the matching destination node. */
static gal_node *copy_tree(copier *c, const gal_node *src, gal_node *dst_parent)
{
	gal_node *top = NULL, *cur = dst_parent;
	gal_iter it;
	gal_iter_init(&it, src);
	gal_event ev;
	while ((ev = gal_iter_next(&it)) != GAL_EV_DONE && !c->failed) {
		const gal_node *s = gal_iter_node(&it);
		if (ev == GAL_EV_EXIT) {
			if (cur && cur != dst_parent)
				cur = cur->parent;
			continue;
		}
		gal_node *n = copy_node(c, s);
		if (!n)
			break;
		if (cur)
			gal_node_append_child(cur, n);
		if (!top)
			top = n;
		if (!gal_node_is_leaf(s->type))
			cur = n;
	}
	return top;
}

static gal_node *copy_detached(copier *c, const gal_node *src)
{
	return src ? copy_tree(c, src, NULL) : NULL;
}

static gal_meta *copy_meta(copier *c, const gal_doc *src)
{
	gal_doc *d = c->dst;
	const gal_meta *s = &src->meta;
	gal_meta *m = gal_doc_alloc(d, sizeof *m);
	m->lang = gal_doc_strdup(d, s->lang);
	m->id = gal_doc_strdup(d, s->id);
	m->title = copy_detached(c, s->title);
	m->subtitle = copy_detached(c, s->subtitle);
	m->short_title = gal_doc_strdup(d, s->short_title);
	m->source = copy_detached(c, s->source);
	m->summary = copy_detached(c, s->summary);
	m->abstract = copy_detached(c, s->abstract);
	m->authors = gal_doc_alloc(d, (s->n_authors + 1) * sizeof *m->authors);
	for (size_t i = 0; i < s->n_authors; i++) {
		m->authors[i].name = gal_doc_strdup(d, s->authors[i].name);
		m->authors[i].href = gal_doc_strdup(d, s->authors[i].href);
		m->authors[i].affiliation = gal_doc_strdup(d, s->authors[i].affiliation);
	}
	m->n_authors = s->n_authors;
	m->keywords = gal_doc_alloc(d, (s->n_keywords + 1) * sizeof *m->keywords);
	for (size_t i = 0; i < s->n_keywords; i++)
		m->keywords[i] = gal_doc_strdup(d, s->keywords[i]);
	m->n_keywords = s->n_keywords;
	m->date = gal_doc_strdup(d, s->date);
	m->publisher = gal_doc_strdup(d, s->publisher);
	m->rights = gal_doc_strdup(d, s->rights);
	m->identifier = gal_doc_strdup(d, s->identifier);
	m->cover_src = gal_doc_strdup(d, s->cover_src);
	m->cover_alt = gal_doc_strdup(d, s->cover_alt);
	m->cover = copy_image(c, s->cover);
	m->format = src->format;
	return m;
}

/* One article as a PART: its title as the part heading, then its blocks
 * and back matter. Its own parts (sub-articles) follow as parts of the
 * collection, since parts do not nest. */
static void add_article(copier *c, const gal_doc *src)
{
	gal_doc *d = c->dst;
	gal_node *part = gal_node_add(d, d->root, GAL_NODE_PART, 0, 0);
	if (!part) {
		c->failed = 1;
		return;
	}
	part->lang = gal_doc_strdup(d, src->meta.lang);
	part->id = src->meta.id ? prefixed(c, src->meta.id)
				: gal_doc_printf(d, "%sarticle", c->prefix);
	part->part_meta = copy_meta(c, src);
	gal_node *h = gal_node_add(d, part, GAL_NODE_HEADING, 0, 0);
	if (!h) {
		c->failed = 1;
		return;
	}
	if (src->meta.title) {
		for (const gal_node *k = src->meta.title->first; k && !c->failed; k = k->next)
			copy_tree(c, k, h);
	} else {
		gal_node_add_text(d, h, src->title_text, (size_t)-1, 0, 0);
	}
	for (const gal_node *k = src->root->first; k && !c->failed; k = k->next) {
		if (k->type == GAL_NODE_PART)
			copy_tree(c, k, d->root);
		else
			copy_tree(c, k, part);
	}
}

int gal_doc_bind(gal_doc *dst, gal_doc *const *docs, size_t n, const gal_opts *opts,
		 gal_err *err)
{
	gal_doc *d = dst;
	if (n && (!d->meta.lang || !strcmp(d->meta.lang, "en")))
		d->meta.lang = gal_doc_strdup(d, docs[0]->meta.lang);
	copier c = { .dst = d };
	for (size_t i = 0; i < n && !c.failed; i++) {
		c.prefix = gal_doc_printf(d, "a%zu-", i + 1);
		add_article(&c, docs[i]);
		/* the collection's date is its newest article's */
		const char *date = docs[i]->meta.date;
		if (date && (!d->meta.date || strcmp(date, d->meta.date) > 0))
			d->meta.date = gal_doc_strdup(d, date);
	}
	if (c.failed)
		return gal_err_set(err, GAL_E_LIMIT, d->name, 0, 0,
				   "collection: more than %zu nodes (--limit nodes)",
				   opts ? opts->limits.nodes : (size_t)0);
	return 0;
}

int gal_doc_collect(gal_doc *const *docs, size_t n, const char *title,
		    const gal_opts *opts, gal_doc **out, gal_err *err)
{
	*out = NULL;
	gal_doc *d = gal_doc_new(title);
	d->format = n ? docs[0]->format : GAL_FMT_ARTICLE;
	d->max_nodes = opts && opts->limits.nodes ? opts->limits.nodes : 0;
	d->meta.title = gal_node_new(d, GAL_NODE_TITLE, 0, 0);
	gal_node_add_text(d, d->meta.title, title, (size_t)-1, 0, 0);
	int rc = gal_doc_bind(d, docs, n, opts, err);
	if (!rc)
		rc = gal_prep(d, opts, err);
	if (rc) {
		gal_doc_free(d);
		return rc;
	}
	*out = d;
	return 0;
}
