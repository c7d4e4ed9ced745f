/* Tidying a freshly imported model, shared by the importers whose sources
 * are full of white space and wrappers that carry nothing (DocBook, NITF,
 * NewsML-G2). Model only: no XML here, nothing built. */
#include <string.h>

#include "import/toolkit.h"
#include "import/xml.h"
#include "model/doc.h"

static int is_ws(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
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
	case GAL_NODE_PARA: case GAL_NODE_CAPTION: case GAL_NODE_CREDIT:
	case GAL_NODE_ATTRIBUTION: case GAL_NODE_PRE: case GAL_NODE_PULLQUOTE:
	case GAL_NODE_EMPH: case GAL_NODE_STRONG: case GAL_NODE_CODE:
	case GAL_NODE_SUP: case GAL_NODE_SUB: case GAL_NODE_SMALLCAPS:
	case GAL_NODE_QUOTE: case GAL_NODE_LINK: case GAL_NODE_ABBR:
	case GAL_NODE_FOOTNOTE: case GAL_NODE_BLOCKQUOTE: case GAL_NODE_LIST:
	case GAL_NODE_HEADING: case GAL_NODE_TERM:
		return 1;
	case GAL_NODE_SPAN:
		return n->id == NULL;
	case GAL_NODE_TEXT:
		return !n->literal || !*n->literal;
	default:
		return 0;
	}
}

/* A post-order walk by pointers, so nodes can be unlinked on the way. */
void gal_imp_tidy(gal_doc *doc, gal_node *root)
{
	if (!root)
		return;
	gal_iter it;
	gal_iter_init(&it, root);
	gal_event ev;
	while ((ev = gal_iter_next(&it)) != GAL_EV_DONE) {
		gal_node *n = (gal_node *)gal_iter_node(&it);
		if (ev != GAL_EV_ENTER)
			continue;
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
