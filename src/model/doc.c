/* The document model: arena, builder with nesting rules, iterator, plain
 * text, id map and the structural checker. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/strmap.h"
#include "model/doc.h"

/* ---- arena ------------------------------------------------------------- */

#define CHUNK (64 * 1024)

typedef struct chunk {
	struct chunk *next;
	size_t used, cap;
	max_align_t data[];
} chunk;

struct gal_arena {
	chunk *head;
};

void *gal_doc_alloc(gal_doc *doc, size_t size)
{
	gal_arena *a = doc->arena;
	size = (size + sizeof(max_align_t) - 1) & ~(sizeof(max_align_t) - 1);
	chunk *c = a->head;
	if (!c || c->cap - c->used < size) {
		size_t cap = size > CHUNK / 4 ? size : CHUNK;
		chunk *n = xmalloc(sizeof *n + cap);
		n->used = 0;
		n->cap = cap;
		if (size > CHUNK / 4 && c) {
			/* a big block goes behind the current chunk so the
			 * current one keeps filling */
			n->next = c->next;
			c->next = n;
		} else {
			n->next = c;
			a->head = n;
		}
		c = n;
	}
	void *p = (char *)c->data + c->used;
	c->used += size;
	memset(p, 0, size);
	return p;
}

const char *gal_doc_strndup(gal_doc *doc, const char *s, size_t n)
{
	if (!s)
		return NULL;
	char *p = gal_doc_alloc(doc, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

const char *gal_doc_strdup(gal_doc *doc, const char *s)
{
	return s ? gal_doc_strndup(doc, s, strlen(s)) : NULL;
}

const char *gal_doc_printf(gal_doc *doc, const char *fmt, ...)
{
	gal_buf b = GAL_BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	gal_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	const char *s = gal_doc_strndup(doc, b.data ? b.data : "", b.len);
	gal_buf_free(&b);
	return s;
}

/* ---- id map (owned by the doc, freed with it) --------------------------- */

const gal_node *gal_doc_lookup_id(const gal_doc *doc, const char *id)
{
	const gal_strmap_ent *e = doc->ids ? gal_strmap_find(doc->ids, id) : NULL;
	return e ? e->val : NULL;
}

/* Register id -> node; the first definition wins. Returns 0 when the id
 * was already taken. Used by prep. */
int gal_doc_register_id(gal_doc *doc, const char *id, const gal_node *node)
{
	if (!doc->ids)
		doc->ids = xcalloc(1, sizeof *doc->ids);
	return gal_strmap_put(doc->ids, id, node);
}

/* ---- document ------------------------------------------------------------ */

gal_doc *gal_doc_new(const char *name)
{
	gal_doc *doc = xcalloc(1, sizeof *doc);
	doc->arena = xcalloc(1, sizeof *doc->arena);
	doc->name = gal_doc_strdup(doc, name ? name : "-");
	doc->root = gal_node_new(doc, GAL_NODE_DOCUMENT, 0, 0);
	doc->meta.lang = "en";
	return doc;
}

struct gal_owned {
	void *p;
	void (*free_fn)(void *);
	struct gal_owned *next;
};

void gal_doc_own(gal_doc *doc, void *p, void (*free_fn)(void *))
{
	struct gal_owned *o = xmalloc(sizeof *o);
	*o = (struct gal_owned){ p, free_fn, doc->owned };
	doc->owned = o;
}

void gal_doc_free(gal_doc *doc)
{
	if (!doc)
		return;
	for (struct gal_owned *o = doc->owned, *nx; o; o = nx) {
		nx = o->next;
		o->free_fn(o->p);
		free(o);
	}
	chunk *c = doc->arena->head;
	while (c) {
		chunk *n = c->next;
		free(c);
		c = n;
	}
	free(doc->arena);
	if (doc->ids) {
		gal_strmap_free(doc->ids);
		free(doc->ids);
	}
	free(doc);
}

gal_format gal_doc_format(const gal_doc *doc)
{
	return doc->format;
}

void gal_doc_add_author(gal_doc *doc, const char *name, const char *href,
			const char *affiliation)
{
	gal_meta *m = &doc->meta;
	gal_author *a = gal_doc_alloc(doc, (m->n_authors + 1) * sizeof *a);
	if (m->n_authors)
		memcpy(a, m->authors, m->n_authors * sizeof *a);
	a[m->n_authors].name = gal_doc_strdup(doc, name);
	a[m->n_authors].href = gal_doc_strdup(doc, href);
	a[m->n_authors].affiliation = gal_doc_strdup(doc, affiliation);
	m->authors = a;
	m->n_authors++;
}

void gal_doc_add_keyword(gal_doc *doc, const char *kw)
{
	gal_meta *m = &doc->meta;
	const char **k = gal_doc_alloc(doc, (m->n_keywords + 1) * sizeof *k);
	if (m->n_keywords)
		memcpy(k, m->keywords, m->n_keywords * sizeof *k);
	k[m->n_keywords++] = gal_doc_strdup(doc, kw);
	m->keywords = k;
}

/* ---- node kinds ---------------------------------------------------------- */

static const char *const type_names[GAL_NODE_COUNT] = {
	[GAL_NODE_DOCUMENT] = "document", [GAL_NODE_PART] = "part",
	[GAL_NODE_SECTION] = "section", [GAL_NODE_BLOCKQUOTE] = "blockquote",
	[GAL_NODE_ASIDE] = "aside", [GAL_NODE_LIST] = "list",
	[GAL_NODE_ITEM] = "item", [GAL_NODE_FIGURE] = "figure",
	[GAL_NODE_TABLE] = "table", [GAL_NODE_TSECTION] = "tsection",
	[GAL_NODE_TROW] = "tr", [GAL_NODE_BACK] = "back",
	[GAL_NODE_REFS] = "refs", [GAL_NODE_SUMMARY] = "summary",
	[GAL_NODE_PARA] = "p", [GAL_NODE_HEADING] = "heading",
	[GAL_NODE_PULLQUOTE] = "pullquote", [GAL_NODE_PRE] = "pre",
	[GAL_NODE_CAPTION] = "caption", [GAL_NODE_CREDIT] = "credit",
	[GAL_NODE_ATTRIBUTION] = "attribution", [GAL_NODE_TERM] = "term",
	[GAL_NODE_TCELL] = "cell", [GAL_NODE_REF] = "ref",
	[GAL_NODE_TITLE] = "title", [GAL_NODE_SUBTITLE] = "subtitle",
	[GAL_NODE_SOURCE] = "source", [GAL_NODE_IMAGE] = "img",
	[GAL_NODE_HR] = "hr", [GAL_NODE_MATH_BLOCK] = "math-block",
	[GAL_NODE_TEXT] = "text", [GAL_NODE_EMPH] = "em",
	[GAL_NODE_STRONG] = "strong", [GAL_NODE_CODE] = "code",
	[GAL_NODE_SUP] = "sup", [GAL_NODE_SUB] = "sub",
	[GAL_NODE_SMALLCAPS] = "sc", [GAL_NODE_QUOTE] = "q",
	[GAL_NODE_LINK] = "a", [GAL_NODE_XREF] = "xref",
	[GAL_NODE_FOOTNOTE] = "fn", [GAL_NODE_CITE] = "cite",
	[GAL_NODE_ABBR] = "abbr", [GAL_NODE_SPAN] = "span",
	[GAL_NODE_LINEBREAK] = "br", [GAL_NODE_MATH] = "math",
	[GAL_NODE_INLINE_IMAGE] = "inline-img",
};

const char *gal_node_type_name(gal_node_type t)
{
	return (unsigned)t < GAL_NODE_COUNT ? type_names[t] : "?";
}

bool gal_node_is_inline(gal_node_type t)
{
	return t >= GAL_NODE_TEXT && t < GAL_NODE_COUNT;
}

bool gal_node_is_block(gal_node_type t)
{
	return t < GAL_NODE_TEXT;
}

bool gal_node_is_leaf(gal_node_type t)
{
	switch (t) {
	case GAL_NODE_IMAGE: case GAL_NODE_HR: case GAL_NODE_MATH_BLOCK:
	case GAL_NODE_TEXT: case GAL_NODE_LINEBREAK: case GAL_NODE_MATH:
	case GAL_NODE_INLINE_IMAGE:
		return true;
	default:
		return false;
	}
}

bool gal_node_holds_inlines(gal_node_type t)
{
	return (t >= GAL_NODE_PARA && t <= GAL_NODE_SOURCE) ||
	       (gal_node_is_inline(t) && !gal_node_is_leaf(t));
}

/* Blocks that may stand in running text (a section body, an item). */
static bool is_flow(gal_node_type t)
{
	switch (t) {
	case GAL_NODE_SECTION: case GAL_NODE_BLOCKQUOTE: case GAL_NODE_ASIDE:
	case GAL_NODE_LIST: case GAL_NODE_FIGURE: case GAL_NODE_TABLE:
	case GAL_NODE_PARA: case GAL_NODE_PULLQUOTE: case GAL_NODE_PRE:
	case GAL_NODE_HR: case GAL_NODE_MATH_BLOCK:
		return true;
	default:
		return false;
	}
}

bool gal_node_can_contain(gal_node_type parent, gal_node_type child)
{
	switch (parent) {
	case GAL_NODE_DOCUMENT:
		return is_flow(child) || child == GAL_NODE_BACK || child == GAL_NODE_PART;
	case GAL_NODE_PART:
		return is_flow(child) || child == GAL_NODE_HEADING || child == GAL_NODE_BACK;
	case GAL_NODE_SECTION:
	case GAL_NODE_ASIDE:
	case GAL_NODE_SUMMARY:
		return is_flow(child) || child == GAL_NODE_HEADING;
	case GAL_NODE_BLOCKQUOTE:
		return (is_flow(child) && child != GAL_NODE_SECTION) ||
		       child == GAL_NODE_ATTRIBUTION;
	case GAL_NODE_LIST:
		return child == GAL_NODE_ITEM;
	case GAL_NODE_ITEM:
		return (is_flow(child) && child != GAL_NODE_SECTION) ||
		       child == GAL_NODE_TERM;
	case GAL_NODE_FIGURE:
		return child == GAL_NODE_IMAGE || child == GAL_NODE_MATH_BLOCK ||
		       child == GAL_NODE_CAPTION || child == GAL_NODE_CREDIT ||
		       child == GAL_NODE_PARA || child == GAL_NODE_PRE ||
		       child == GAL_NODE_TABLE;
	case GAL_NODE_TABLE:
		return child == GAL_NODE_CAPTION || child == GAL_NODE_TSECTION ||
		       child == GAL_NODE_PARA || child == GAL_NODE_LIST;
	case GAL_NODE_TSECTION:
		return child == GAL_NODE_TROW;
	case GAL_NODE_TROW:
		return child == GAL_NODE_TCELL;
	case GAL_NODE_BACK:
		return is_flow(child) || child == GAL_NODE_REFS;
	case GAL_NODE_REFS:
		return child == GAL_NODE_HEADING || child == GAL_NODE_REF;
	case GAL_NODE_FOOTNOTE:
		return gal_node_is_inline(child) && child != GAL_NODE_FOOTNOTE;
	case GAL_NODE_PARA: case GAL_NODE_HEADING: case GAL_NODE_PULLQUOTE:
	case GAL_NODE_PRE: case GAL_NODE_CAPTION: case GAL_NODE_CREDIT:
	case GAL_NODE_ATTRIBUTION: case GAL_NODE_TERM: case GAL_NODE_TCELL:
	case GAL_NODE_REF: case GAL_NODE_TITLE: case GAL_NODE_SUBTITLE:
	case GAL_NODE_SOURCE:
	case GAL_NODE_EMPH: case GAL_NODE_STRONG: case GAL_NODE_CODE:
	case GAL_NODE_SUP: case GAL_NODE_SUB: case GAL_NODE_SMALLCAPS:
	case GAL_NODE_QUOTE: case GAL_NODE_LINK: case GAL_NODE_XREF:
	case GAL_NODE_CITE: case GAL_NODE_ABBR: case GAL_NODE_SPAN:
		return gal_node_is_inline(child);
	case GAL_NODE_IMAGE: case GAL_NODE_HR: case GAL_NODE_MATH_BLOCK:
	case GAL_NODE_TEXT: case GAL_NODE_LINEBREAK: case GAL_NODE_MATH:
	case GAL_NODE_INLINE_IMAGE: case GAL_NODE_COUNT:
		return false;
	}
	return false;
}

/* ---- builder ------------------------------------------------------------- */

gal_node *gal_node_new(gal_doc *doc, gal_node_type type, int line, int col)
{
	if (doc->max_nodes && doc->n_nodes >= doc->max_nodes)
		return NULL;
	gal_node *n = gal_doc_alloc(doc, sizeof *n);
	n->type = type;
	n->line = line;
	n->col = col;
	n->colspan = n->rowspan = 1;
	n->start = 1;
	n->tsection = GAL_TSEC_BODY;
	doc->n_nodes++;
	return n;
}

int gal_node_append_child(gal_node *parent, gal_node *child)
{
	if (!parent || !child || child->parent ||
	    !gal_node_can_contain(parent->type, child->type))
		return GAL_E_NESTING;
	child->parent = parent;
	child->prev = parent->last;
	child->next = NULL;
	if (parent->last)
		parent->last->next = child;
	else
		parent->first = child;
	parent->last = child;
	return 0;
}

int gal_node_insert_before(gal_node *next, gal_node *node)
{
	gal_node *parent = next ? next->parent : NULL;
	if (!parent || !node || node->parent ||
	    !gal_node_can_contain(parent->type, node->type))
		return GAL_E_NESTING;
	node->parent = parent;
	node->next = next;
	node->prev = next->prev;
	if (next->prev)
		next->prev->next = node;
	else
		parent->first = node;
	next->prev = node;
	return 0;
}

gal_node *gal_node_add(gal_doc *doc, gal_node *parent, gal_node_type type,
		       int line, int col)
{
	if (!parent || !gal_node_can_contain(parent->type, type))
		return NULL;
	gal_node *n = gal_node_new(doc, type, line, col);
	if (n)
		gal_node_append_child(parent, n);
	return n;
}

gal_node *gal_node_add_text(gal_doc *doc, gal_node *parent, const char *s,
			    size_t len, int line, int col)
{
	if (!parent || !gal_node_can_contain(parent->type, GAL_NODE_TEXT))
		return NULL;
	if (len == (size_t)-1)
		len = strlen(s);
	gal_node *last = parent->last;
	if (last && last->type == GAL_NODE_TEXT) {
		size_t old = strlen(last->literal);
		char *p = gal_doc_alloc(doc, old + len + 1);
		memcpy(p, last->literal, old);
		memcpy(p + old, s, len);
		p[old + len] = '\0';
		last->literal = p;
		return last;
	}
	gal_node *t = gal_node_add(doc, parent, GAL_NODE_TEXT, line, col);
	if (t)
		t->literal = gal_doc_strndup(doc, s, len);
	return t;
}

void gal_node_unlink(gal_node *node)
{
	gal_node *p = node->parent;
	if (!p)
		return;
	if (node->prev)
		node->prev->next = node->next;
	else
		p->first = node->next;
	if (node->next)
		node->next->prev = node->prev;
	else
		p->last = node->prev;
	node->parent = node->prev = node->next = NULL;
}

/* ---- iterator -------------------------------------------------------------- */

void gal_iter_init(gal_iter *it, const gal_node *root)
{
	it->root = root;
	it->cur = NULL;
	it->ev = GAL_EV_DONE;
	it->started = 0;
	it->skip = 0;
}

gal_event gal_iter_next(gal_iter *it)
{
	if (!it->started) {
		it->started = 1;
		if (!it->root)
			return it->ev = GAL_EV_DONE;
		it->cur = it->root;
		return it->ev = GAL_EV_ENTER;
	}
	if (!it->cur)
		return it->ev = GAL_EV_DONE;
	const gal_node *c = it->cur;
	if (it->ev == GAL_EV_ENTER && !gal_node_is_leaf(c->type)) {
		if (c->first && !it->skip) {
			it->cur = c->first;
			return it->ev = GAL_EV_ENTER;
		}
		it->skip = 0;
		return it->ev = GAL_EV_EXIT;
	}
	if (c == it->root) {
		it->cur = NULL;
		return it->ev = GAL_EV_DONE;
	}
	if (c->next) {
		it->cur = c->next;
		return it->ev = GAL_EV_ENTER;
	}
	it->cur = c->parent;
	return it->ev = GAL_EV_EXIT;
}

const gal_node *gal_iter_node(const gal_iter *it)
{
	return it->cur;
}

void gal_iter_skip_children(gal_iter *it)
{
	if (it->ev == GAL_EV_ENTER)
		it->skip = 1;
}

gal_node *gal_iter_enter(gal_iter *it)
{
	gal_event ev;
	while ((ev = gal_iter_next(it)) != GAL_EV_DONE)
		if (ev == GAL_EV_ENTER)
			return (gal_node *)it->cur;
	return NULL;
}

/* ---- plain text ---------------------------------------------------------- */

static void put_collapsed(gal_buf *b, const char *s, int *space)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			*space = 1;
			continue;
		}
		if (*space && b->len)
			gal_buf_putc(b, ' ');
		*space = 0;
		gal_buf_putc(b, (char)c);
	}
}

const char *gal_node_text(gal_doc *doc, const gal_node *node)
{
	gal_buf b = GAL_BUF_INIT;
	int space = 0;
	gal_iter it;
	gal_iter_init(&it, node);
	for (const gal_node *n = gal_iter_enter(&it); n; n = gal_iter_enter(&it)) {
		if (n->type == GAL_NODE_FOOTNOTE && n != node) {
			gal_iter_skip_children(&it);
			continue;
		}
		if (n->type == GAL_NODE_TEXT)
			put_collapsed(&b, n->literal, &space);
		else if (n->type == GAL_NODE_MATH || n->type == GAL_NODE_MATH_BLOCK)
			put_collapsed(&b, n->title ? n->title : n->tex ? n->tex : "", &space);
		else if (n->type == GAL_NODE_INLINE_IMAGE && n->title)
			put_collapsed(&b, n->title, &space);
		else if (n->type == GAL_NODE_LINEBREAK ||
			 (gal_node_is_block(n->type) && n != node))
			space = 1;
	}
	const char *s = gal_doc_strndup(doc, b.data ? b.data : "", b.len);
	gal_buf_free(&b);
	return s;
}

/* ---- checker --------------------------------------------------------------- */

int gal_doc_check(const gal_doc *doc, gal_err *err)
{
	gal_iter it;
	gal_iter_init(&it, doc->root);
	for (const gal_node *n = gal_iter_enter(&it); n; n = gal_iter_enter(&it)) {
		if (n != doc->root && (!n->parent ||
		    !gal_node_can_contain(n->parent->type, n->type)))
			return gal_err_set(err, GAL_E_INTERNAL, doc->name, n->line,
					   n->col, "model: %s not allowed in %s",
					   gal_node_type_name(n->type),
					   n->parent ? gal_node_type_name(n->parent->type) : "(none)");
		for (const gal_node *c = n->first; c; c = c->next)
			if (c->parent != n || (c->next && c->next->prev != c))
				return gal_err_set(err, GAL_E_INTERNAL, doc->name,
						   c->line, c->col, "model: broken links at %s",
						   gal_node_type_name(c->type));
		if (n->type == GAL_NODE_HEADING && n->prev)
			return gal_err_set(err, GAL_E_INTERNAL, doc->name, n->line,
					   n->col, "model: heading is not the first child of %s",
					   gal_node_type_name(n->parent->type));
		if (n->type == GAL_NODE_TEXT && !n->literal)
			return gal_err_set(err, GAL_E_INTERNAL, doc->name, n->line,
					   n->col, "model: text without a literal");
		if (n->type == GAL_NODE_INLINE_IMAGE && !n->url)
			return gal_err_set(err, GAL_E_INTERNAL, doc->name, n->line,
					   n->col, "model: inline image without a source");
		if (n->type == GAL_NODE_TCELL && (n->colspan < 1 || n->rowspan < 1))
			return gal_err_set(err, GAL_E_INTERNAL, doc->name, n->line,
					   n->col, "model: bad cell span");
	}
	return 0;
}

const char *gal_node_lang(const gal_node *node)
{
	for (const gal_node *n = node; n; n = n->parent) {
		if (n->eff_lang)
			return n->eff_lang;
		if (n->lang)
			return n->lang;
	}
	return "en";
}

/* ---- list markers --------------------------------------------------------- */

static void alpha(int n, int upper, char *buf, size_t size)
{
	char tmp[16];
	int i = (int)sizeof tmp - 1;
	tmp[i] = '\0';
	/* bijective base 26: a..z, aa, ab, ... */
	while (n > 0 && i > 0) {
		n--;
		tmp[--i] = (char)((upper ? 'A' : 'a') + n % 26);
		n /= 26;
	}
	snprintf(buf, size, "%s.", tmp + i);
}

static void roman(int n, int upper, char *buf, size_t size)
{
	static const int val[] = { 1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1 };
	static const char *const lo[] = { "m", "cm", "d", "cd", "c", "xc", "l", "xl",
					  "x", "ix", "v", "iv", "i" };
	static const char *const up[] = { "M", "CM", "D", "CD", "C", "XC", "L", "XL",
					  "X", "IX", "V", "IV", "I" };
	char tmp[32];
	size_t len = 0;
	for (int k = 0; k < 13; k++)
		while (n >= val[k]) {
			const char *s = upper ? up[k] : lo[k];
			size_t l = strlen(s);
			memcpy(tmp + len, s, l);
			len += l;
			n -= val[k];
		}
	tmp[len] = '\0';
	snprintf(buf, size, "%s.", tmp);
}

void gal_list_marker(const gal_node *list, int number, char *buf, size_t size)
{
	if (size == 0)
		return;
	buf[0] = '\0';
	if (!list || list->list_type == GAL_LIST_DEFINITION || list->numbering == GAL_NUM_NONE)
		return;
	if (list->list_type == GAL_LIST_BULLET) {
		snprintf(buf, size, "\xe2\x80\xa2");
		return;
	}
	switch (list->numbering) {
	case GAL_NUM_LOWER_ALPHA:
	case GAL_NUM_UPPER_ALPHA:
		if (number >= 1) {
			alpha(number, list->numbering == GAL_NUM_UPPER_ALPHA, buf, size);
			return;
		}
		break;
	case GAL_NUM_LOWER_ROMAN:
	case GAL_NUM_UPPER_ROMAN:
		if (number >= 1 && number <= 3999) {
			roman(number, list->numbering == GAL_NUM_UPPER_ROMAN, buf, size);
			return;
		}
		break;
	case GAL_NUM_DEFAULT:
	case GAL_NUM_NONE:
		break;
	}
	snprintf(buf, size, "%d.", number);
}

const gal_node *gal_node_article(const gal_node *node)
{
	for (const gal_node *n = node; n; n = n->parent)
		if (n->type == GAL_NODE_PART && n->part_meta)
			return n;
	return NULL;
}

const gal_node *gal_node_owning_article(const gal_doc *doc, const gal_node *node)
{
	const gal_node *art = gal_node_article(node);
	if (art)
		return art;
	const gal_node *top = node;
	while (top && top->parent && top->parent != doc->root)
		top = top->parent;
	for (const gal_node *p = top ? top->prev : NULL; p; p = p->prev)
		if (p->type == GAL_NODE_PART && p->part_meta)
			return p;
	return NULL;
}
