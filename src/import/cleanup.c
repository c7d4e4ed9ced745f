/* Tidying a freshly imported model: the one clean-up every importer
 * runs (toolkit.h, gal_imp_tidy). Importers collapse white space as they
 * read; what is left for here is where nodes meet: spaces at the edges of
 * text blocks and line breaks, spaces doubled across nodes, line breaks
 * that flattening left at an edge or twice in a row, and nodes left
 * empty. Model only: no XML here, nothing built. */
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "base/buf.h"
#include "import/toolkit.h"
#include "import/xml.h"
#include "model/doc.h"

static int is_ws(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* ---- segment breaks (CSS Text 3) ---------------------------------------- */

static int hangul(unsigned c)
{
	return (c >= 0x1100 && c <= 0x11FF) || (c >= 0x3130 && c <= 0x318F) ||
	       (c >= 0xA960 && c <= 0xA97F) || (c >= 0xAC00 && c <= 0xD7FF) ||
	       (c >= 0xFFA0 && c <= 0xFFDC);
}

/* East Asian Width Wide, Fullwidth or Halfwidth (UAX #11), not Hangul. */
static int east_asian(unsigned c)
{
	int half = (c >= 0xFF61 && c <= 0xFFDC) || (c >= 0xFFE8 && c <= 0xFFEE) || c == 0x20A9;
	return c && !hangul(c) && (half || g_unichar_iswide(c));
}

int gal_imp_break_vanishes(unsigned before, unsigned after)
{
	return east_asian(before) && east_asian(after);
}

static int holds_text(gal_node_type t)
{
	switch (t) {
	case GAL_NODE_PARA: case GAL_NODE_HEADING: case GAL_NODE_PULLQUOTE:
	case GAL_NODE_CAPTION: case GAL_NODE_CREDIT: case GAL_NODE_ATTRIBUTION:
	case GAL_NODE_TERM: case GAL_NODE_TCELL: case GAL_NODE_REF:
	case GAL_NODE_TITLE: case GAL_NODE_SUBTITLE: case GAL_NODE_SOURCE:
	case GAL_NODE_FOOTNOTE:
		return 1;
	default:
		return 0;
	}
}

/* The first (or last) leaf in n's inline content, not entering notes. */
static gal_node *edge_leaf(gal_node *n, int last)
{
	gal_node *c = last ? n->last : n->first;
	while (c && !gal_node_is_leaf(c->type) && c->type != GAL_NODE_FOOTNOTE &&
	       (last ? c->last : c->first))
		c = last ? c->last : c->first;
	return c;
}

static void trim_edges(gal_doc *doc, gal_node *n)
{
	for (int last = 0; last < 2; last++) {
		for (;;) {
			gal_node *c = edge_leaf(n, last);
			if (!c)
				break;
			if (c->type == GAL_NODE_LINEBREAK) {
				gal_node_unlink(c);
				continue;
			}
			if (c->type != GAL_NODE_TEXT)
				break;
			const char *s = c->literal ? c->literal : "";
			size_t len = strlen(s), a = 0, b = len;
			if (!last)
				while (a < b && is_ws((unsigned char)s[a]))
					a++;
			else
				while (b > a && is_ws((unsigned char)s[b - 1]))
					b--;
			if (a == b) {
				gal_node_unlink(c);
				continue;
			}
			if (a || b != len)
				c->literal = gal_doc_strndup(doc, s + a, b - a);
			break;
		}
	}
}

/* White space off the end of a text node (any other node: nothing). */
static void trim_end(gal_doc *doc, gal_node *t)
{
	if (!t || t->type != GAL_NODE_TEXT || !t->literal)
		return;
	size_t b = strlen(t->literal);
	while (b && is_ws((unsigned char)t->literal[b - 1]))
		b--;
	t->literal = gal_doc_strndup(doc, t->literal, b);
}

/* Verbatim text: drop the newline after the opening tag and the white
 * space before the closing one, as DocBook processors do. */
static void trim_pre(gal_doc *doc, gal_node *n)
{
	gal_node *c = n->first;
	if (c && c->type == GAL_NODE_TEXT && c->literal) {
		const char *s = c->literal;
		if (s[0] == '\r' && s[1] == '\n')
			s += 2;
		else if (s[0] == '\n')
			s += 1;
		c->literal = s;
	}
	trim_end(doc, n->last);
}

static int removable(const gal_node *n)
{
	switch (n->type) {
	case GAL_NODE_PARA: case GAL_NODE_SPAN:
		/* with an id: a target of links */
		return n->id == NULL;
	case GAL_NODE_CAPTION: case GAL_NODE_CREDIT:
	case GAL_NODE_ATTRIBUTION: case GAL_NODE_PRE: case GAL_NODE_PULLQUOTE:
	case GAL_NODE_EMPH: case GAL_NODE_STRONG: case GAL_NODE_CODE:
	case GAL_NODE_SUP: case GAL_NODE_SUB: case GAL_NODE_SMALLCAPS:
	case GAL_NODE_QUOTE: case GAL_NODE_LINK: case GAL_NODE_ABBR:
	case GAL_NODE_FOOTNOTE: case GAL_NODE_BLOCKQUOTE: case GAL_NODE_LIST:
	case GAL_NODE_HEADING: case GAL_NODE_TERM:
		return 1;
	case GAL_NODE_TEXT:
		return !n->literal || !*n->literal;
	default:
		return 0;
	}
}

/* Spaces where inline nodes meet: importers collapse white space inside
 * one text node, and a space may end one node and start the next, or
 * two runs may meet where adjacent text merged. Within one scope (a text
 * block; a footnote is a scope of its own) no space starts the scope or
 * follows a line break, none is doubled, and none ends the scope or
 * stands before a line break. Empty texts are collected in dead. */
typedef struct dead {
	gal_node **v;
	size_t n, cap;
} dead;

static void bury(dead *d, gal_node *n)
{
	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 32;
		d->v = xrealloc(d->v, d->cap * sizeof *d->v);
	}
	d->v[d->n++] = n;
}

/* Drop the one space that ends text node t. */
static void drop_last_space(gal_doc *doc, gal_node *t, dead *d)
{
	size_t l = strlen(t->literal);
	t->literal = gal_doc_strndup(doc, t->literal, l - 1);
	if (!*t->literal)
		bury(d, t);
}

/* One text node: no space after a space, none doubled inside. Returns
 * whether it ends in a space. */
static int join_text(gal_doc *doc, gal_node *n, int space, dead *d)
{
	const char *s = n->literal;
	if (space && s[0] == ' ')
		s++;
	size_t l = strlen(s);
	if (strstr(s, "  ")) {
		char *t = xmalloc(l + 1);
		size_t k = 0;
		for (size_t i = 0; i < l; i++)
			if (!(s[i] == ' ' && k && t[k - 1] == ' '))
				t[k++] = s[i];
		n->literal = gal_doc_strndup(doc, t, k);
		free(t);
		l = k;
	} else if (s != n->literal) {
		n->literal = gal_doc_strndup(doc, s, l);
	}
	if (!l) {
		bury(d, n);
		return space;
	}
	return n->literal[l - 1] == ' ';
}

static void join_scope(gal_doc *doc, gal_node *scope, dead *d)
{
	gal_iter it;
	int space = 1;          /* at the start: drop leading spaces */
	int brk = 1;            /* at the start or after a break: no break */
	gal_node *last = NULL;  /* last text that ends in a kept space */
	gal_iter_init(&it, scope);
	for (gal_node *n = gal_iter_enter(&it); n; n = gal_iter_enter(&it)) {
		if (n == scope)
			continue;
		if (n->type == GAL_NODE_FOOTNOTE) {
			join_scope(doc, n, d);
			gal_iter_skip_children(&it);
		} else if (n->type == GAL_NODE_CODE) {
			/* code keeps its spaces (a listing in running text) */
			gal_iter_skip_children(&it);
			space = brk = 0;
			last = NULL;
		} else if (n->type == GAL_NODE_LINEBREAK) {
			if (brk)
				bury(d, n);
			if (last)
				drop_last_space(doc, last, d);
			last = NULL;
			space = brk = 1;
		} else if (n->type == GAL_NODE_MATH || n->type == GAL_NODE_INLINE_IMAGE ||
			   ((n->type == GAL_NODE_XREF || n->type == GAL_NODE_CITE) && !n->first)) {
			/* words of their own (prep fills empty links): the
			 * spaces around them are kept */
			space = brk = 0;
			last = NULL;
		} else if (n->type == GAL_NODE_TEXT && n->literal) {
			space = join_text(doc, n, space, d);
			last = space && *n->literal ? n : NULL;
			brk = brk && !*n->literal;
		} else if (gal_node_is_leaf(n->type)) {
			brk = 0;
		}
	}
	if (last)
		drop_last_space(doc, last, d);
}

static void join_spaces(gal_doc *doc, gal_node *root)
{
	dead d = { NULL, 0, 0 };
	gal_iter it;
	gal_iter_init(&it, root);
	for (gal_node *n = gal_iter_enter(&it); n; n = gal_iter_enter(&it)) {
		if (n->type == GAL_NODE_PRE) {
			gal_iter_skip_children(&it);
		} else if (gal_node_is_block(n->type) && gal_node_holds_inlines(n->type)) {
			join_scope(doc, n, &d);
			gal_iter_skip_children(&it);
		}
	}
	for (size_t i = 0; i < d.n; i++)
		gal_node_unlink(d.v[i]);
	free(d.v);
}

/* A post-order walk by pointers, so nodes can be unlinked on the way. */
void gal_imp_tidy(gal_doc *doc, gal_node *root)
{
	if (!root)
		return;
	join_spaces(doc, root);
	gal_iter it;
	gal_iter_init(&it, root);
	for (gal_node *n = gal_iter_enter(&it); n; n = gal_iter_enter(&it)) {
		/* no white space at the end of a broken line */
		if (n->type == GAL_NODE_LINEBREAK)
			trim_end(doc, n->prev);
		if (n->type == GAL_NODE_PRE)
			trim_pre(doc, n);
		else if (holds_text(n->type))
			trim_edges(doc, n);
	}
	gal_node *n = root;
	while (n->first)
		n = n->first;
	for (;;) {
		gal_node *next = NULL;
		if (n != root) {
			if (n->next) {
				next = n->next;
				while (next->first)
					next = next->first;
			} else {
				next = n->parent;
			}
		}
		if (n != root && removable(n) && !n->first)
			gal_node_unlink(n);
		if (!next)
			break;
		n = next;
	}
}
