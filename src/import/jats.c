/* JATS importer: NLM 3.0 and JATS 1.0-1.4 (Archiving and Publishing),
 * including sub-article and response, into the model through the builder.
 *
 * The model keeps blocks and inlines apart while JATS mixes them (a <p>
 * may hold a <list> or a <disp-formula>; a <td> or a <fn> may hold <p>s).
 * Two walkers do the work: the flow walker builds blocks and opens a
 * paragraph lazily for stray inline content, closing it when a block
 * element interrupts (the paragraph continues after it); the inline walker
 * builds inlines and flattens any block element it meets into the current
 * holder, separating paragraphs by line breaks. One table of elements
 * says, for each, how it reads in each walker and whether it interrupts a
 * paragraph. Nothing that holds text is dropped: unknown elements keep
 * their text and are reported once. Building, MathML, the id maps and the
 * final clean-up are the toolkit's. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <glib.h>
#include <libxml/entities.h>
#include <libxml/tree.h>

#include "base/buf.h"
#include "base/strmap.h"
#include "import/mathml.h"
#include "import/toolkit.h"
#include "import/xml.h"
#include "model/doc.h"

/* Recursion follows the input's element nesting, which libxml2 already
 * stops at 256 levels; one level costs at most two steps of this count,
 * so nothing libxml2 accepts is cut, and the cap keeps us well inside the
 * C stack (a few hundred bytes a step) even through entity expansions. */
#define DEPTH_MAX 600
/* sub-articles inside sub-articles (each becomes its own PART) */
#define PART_DEPTH_MAX 8

/* footnote states: the tag of a note's entry in J.xml_ids */
enum { FN_FREE = 0, FN_INLINED, FN_PLACED };

/* An affiliation and the names of its authors (the front matter). */
typedef struct aff_group {
	const char *aff;
	gal_buf names;
} aff_group;

typedef struct J {
	gal_imp *imp;
	gal_doc *doc;
	gal_strmap xml_ids;  /* every element id of the input */
	gal_strmap out_ids;  /* ids given to model nodes */
	int pre;         /* inside preformatted text: keep white space (1);
			  * keep lines as line breaks too (2) */
	int gap;         /* a word boundary is due before the next word */
	const char *strip; /* a label the next text may repeat: left out */
	gunichar last;   /* the last character of text written */
	int cite;        /* inside a citation: names and sources formatted */
	int deep_warned;
	int part_depth;
	gal_node **lists;  /* lists with an id, for list@continued-from */
	size_t n_lists;
	aff_group *affs;   /* affiliations in order of first mention */
	size_t n_affs;
} J;

/* A place where blocks go, with the paragraph currently open for inline
 * content (NULL: the next inline content opens one). */
typedef struct flow {
	gal_node *box;
	gal_node *para;
	int inpara;      /* flowing the content of a <p>: <fn>, <code> are inline */
} flow;

static void flow_list(J *j, const xmlNode *c, flow *f);
static void flow_node(J *j, const xmlNode *c, flow *f);
static void block(J *j, const xmlNode *e, gal_node *box);
static void inl_list(J *j, const xmlNode *c, gal_node *h);
static void inl_node(J *j, const xmlNode *c, gal_node *h);
static void inline_el(J *j, const xmlNode *e, gal_node *h);
static void part(J *j, const xmlNode *sa);
static void caption_content(J *j, const xmlNode *cap, gal_node *h);
static void set_id(J *j, gal_node *n, const xmlNode *e);

/* ---- small helpers -------------------------------------------------------- */

static const char *nm(const xmlNode *n)
{
	return n && n->type == XML_ELEMENT_NODE ? (const char *)n->name : "";
}

static int is(const xmlNode *n, const char *name)
{
	return strcmp(nm(n), name) == 0;
}

/* Attribute by local name, borrowed from the tree when it is plain text,
 * else copied into the arena. "" for an empty attribute, NULL when absent. */
static const char *prop(J *j, const xmlNode *e, const char *name)
{
	if (!e || e->type != XML_ELEMENT_NODE)
		return NULL;
	for (const xmlAttr *a = e->properties; a; a = a->next) {
		if (strcmp((const char *)a->name, name) != 0)
			continue;
		if (!a->children)
			return "";
		if (a->children->type == XML_TEXT_NODE && !a->children->next)
			return (const char *)a->children->content;
		return gal_imp_attr(j->imp, e, name);
	}
	return NULL;
}

static int prop_is(J *j, const xmlNode *e, const char *name, const char *v)
{
	const char *s = prop(j, e, name);
	return s && strcmp(s, v) == 0;
}

static const xmlNode *child(const xmlNode *e, const char *name)
{
	for (const xmlNode *c = e ? e->children : NULL; c; c = c->next)
		if (is(c, name))
			return c;
	return NULL;
}

static int blank_n(const char *s, size_t n)
{
	for (size_t i = 0; s && i < n && s[i]; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r')
			return 0;
	return 1;
}

static int blank(const char *s)
{
	return blank_n(s, (size_t)-1);
}

static int enter(J *j, const xmlNode *e)
{
	if (j->imp->stop)
		return 0;
	if (j->imp->depth >= DEPTH_MAX) {
		if (!j->deep_warned)
			gal_imp_warn(j->imp, e, "nesting",
				     "elements nested deeper than %d levels are left out",
				     DEPTH_MAX);
		j->deep_warned = 1;
		return 0;
	}
	j->imp->depth++;
	return 1;
}

static void leave(J *j)
{
	j->imp->depth--;
}

/* A new node from element e (NULL: none), appended to parent when the
 * builder allows it. Carries e's source line and language. */
static gal_node *add(J *j, gal_node *parent, gal_node_type t, const xmlNode *e)
{
	gal_node *n = gal_imp_add(j->imp, parent, t, e);
	if (n && e && e->type == XML_ELEMENT_NODE)
		n->lang = gal_imp_lang(j->imp, e);
	return n;
}

/* A detached node for the metadata (title, abstract). */
static gal_node *detached(J *j, gal_node_type t, const xmlNode *e)
{
	gal_node *n = gal_imp_new(j->imp, t, e);
	if (n && e)
		n->lang = gal_imp_lang(j->imp, e);
	return n;
}

static void give_id(J *j, gal_node *n, const char *id)
{
	if (!n || !id || !*id || n->id)
		return;
	n->id = gal_doc_strdup(j->doc, id);
	gal_strmap_put(&j->out_ids, n->id, NULL);
}

static void set_id(J *j, gal_node *n, const xmlNode *e)
{
	give_id(j, n, prop(j, e, "id"));
}

/* Append text; outside preformatted text runs of white space become one
 * space, and a space after a space already there is dropped. */
static void text(J *j, gal_node *h, const char *s, size_t len, const xmlNode *src)
{
	if (!h || j->imp->stop || !len)
		return;
	if (!gal_node_can_contain(h->type, GAL_NODE_TEXT))
		return;
	if (j->strip && !blank_n(s, len)) {
		/* a label repeated at the start of the text it labels */
		size_t k = strlen(j->strip), w = 0;
		while (w < len && (s[w] == ' ' || s[w] == '\t' || s[w] == '\n' || s[w] == '\r'))
			w++;
		if (w + k <= len && !strncmp(s + w, j->strip, k) &&
		    (w + k == len || s[w + k] == ' ' || s[w + k] == '\n' || s[w + k] == '\t')) {
			s += w + k;
			len -= w + k;
		}
		j->strip = NULL;
	}
	gal_buf b = GAL_BUF_INIT;
	if (j->gap && !j->pre) {
		/* a boundary the source marks by its elements (parts_apart) */
		gunichar first = g_utf8_get_char_validated(s, (gssize)len);
		if (g_unichar_isalnum(first) &&
		    (g_unichar_isalnum(j->last) ||
		     (j->last && j->last < 0x80 && strchr(".,;:!?)]}", (int)j->last))))
			gal_buf_putc(&b, ' ');
		if (!blank_n(s, len))
			j->gap = 0;
	}
	if (j->pre) {
		gal_buf_put(&b, s, len);
	} else {
		int sp = 0;
		if (h->last && h->last->type == GAL_NODE_TEXT) {
			size_t l = strlen(h->last->literal);
			sp = l && h->last->literal[l - 1] == ' ';
		}
		gal_imp_put_collapsed(&b, src, s, len, &sp);
	}
	if (b.len)
		j->last = g_utf8_get_char_validated(g_utf8_find_prev_char(b.data, b.data + b.len),
						    -1);
	if (j->pre == 2)
		gal_imp_add_lines(j->imp, h, b.data, b.len, src);
	else
		gal_imp_add_text(j->imp, h, b.data, b.len, src);
	gal_buf_free(&b);
}

static void puts_(J *j, gal_node *h, const char *s)
{
	if (s)
		text(j, h, s, strlen(s), NULL);
}

static void sep(J *j, gal_node *h, const char *s)
{
	if (h->last)
		puts_(j, h, s);
}

/* ---- plain text ------------------------------------------------------------ */

enum {
	PT_NOLABEL = 1,   /* leave <label> out */
	PT_COMMA = 2      /* ", " between elements that touch (affiliations) */
};

static void plain_list(J *j, gal_buf *b, const xmlNode *c, int flags);

static void plain_node(J *j, gal_buf *b, const xmlNode *c, int flags)
{
	switch (c->type) {
	case XML_TEXT_NODE:
	case XML_CDATA_SECTION_NODE:
		gal_buf_puts(b, (const char *)c->content);
		return;
	case XML_ELEMENT_NODE:
		break;
	default:
		return;
	}
	const char *n = nm(c);
	if ((flags & PT_NOLABEL) && strcmp(n, "label") == 0)
		return;
	if (!strcmp(n, "institution-id") || !strcmp(n, "object-id") ||
	    !strcmp(n, "alt-text") || !strcmp(n, "fn") || !strcmp(n, "contrib-group") ||
	    !strcmp(n, "index-term") || (!strcmp(n, "xref") && (flags & PT_COMMA)))
		return;
	if (!strcmp(n, "break")) {
		gal_buf_putc(b, ' ');
		return;
	}
	if (enter(j, c)) {
		plain_list(j, b, c->children, flags);
		leave(j);
	}
}

static void plain_list(J *j, gal_buf *b, const xmlNode *c, int flags)
{
	int prev_el = 0;
	for (; c; c = c->next) {
		if (c->type == XML_ELEMENT_NODE) {
			size_t before = b->len;
			if (prev_el && (flags & PT_COMMA))
				gal_buf_puts(b, ", ");
			else if (prev_el)
				gal_buf_putc(b, ' ');
			size_t mark = b->len;
			plain_node(j, b, c, flags);
			if (b->len == mark && b->len > before) {
				/* nothing came: no separator either */
				b->len = before;
				b->data[before] = '\0';
			} else if (b->len > mark) {
				prev_el = 1;
			}
		} else if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
			/* pretty-printing between the parts of an address is
			 * not a separator */
			if ((flags & PT_COMMA) && c->type == XML_TEXT_NODE &&
			    blank((const char *)c->content))
				continue;
			plain_node(j, b, c, flags);
			prev_el = 0;
		}
	}
}

/* Collapsed, trimmed text of e's content, arena-owned; NULL when empty. */
static const char *plain(J *j, const xmlNode *e, int flags)
{
	if (!e)
		return NULL;
	gal_buf b = GAL_BUF_INIT;
	plain_list(j, &b, e->children, flags);
	const char *s = gal_imp_collapse(j->imp, b.data ? b.data : "", b.len);
	gal_buf_free(&b);
	return s;
}

/* ---- MathML ------------------------------------------------------------------ */

/* Serialize a MathML subtree without prefixes, the MathML namespace as
 * the default on the root, so it stands alone in XHTML whatever prefix
 * (mml:) and declarations the article used. Entity references are
 * written as their text. */

/* A readable linear form: token texts spaced, ^ and _ for scripts, / for
 * fractions, the fences of mfenced; annotations left out. */

/* PMC wraps TeX math in a whole LaTeX document (\documentclass ...
 * \begin{document} $x$ \end{document}): keep the formula only, without
 * its $, $$ or \[ \] delimiters. */
static const char *tex_body(J *j, const char *tex)
{
	if (!tex)
		return NULL;
	const char *b = tex, *e = tex + strlen(tex);
	const char *d = strstr(tex, "\\begin{document}");
	if (d) {
		b = d + strlen("\\begin{document}");
		const char *end = strstr(b, "\\end{document}");
		if (end)
			e = end;
	}
	for (int changed = 1; changed && e > b;) {
		changed = 0;
		while (b < e && (*b == ' ' || *b == '\n'))
			b++, changed = 1;
		while (e > b && (e[-1] == ' ' || e[-1] == '\n'))
			e--, changed = 1;
		if (e - b >= 2 && *b == '$' && e[-1] == '$') {
			b++, e--, changed = 1;
		} else if (e - b >= 4 && b[0] == '\\' && (b[1] == '(' || b[1] == '[') &&
			   e[-2] == '\\' && (e[-1] == ')' || e[-1] == ']')) {
			b += 2, e -= 2, changed = 1;
		} else if (e > b && *b == '$' && !memchr(b + 1, '$', (size_t)(e - b - 1))) {
			b++, changed = 1; /* a lone opening dollar */
		}
	}
	return e > b ? gal_doc_strndup(j->doc, b, (size_t)(e - b)) : NULL;
}

static int is_math(const xmlNode *c)
{
	return is(c, "math");
}

/* Fill a MATH or MATH_BLOCK from a formula element (inline-formula,
 * disp-formula, alternatives, or a bare math / tex-math). Returns whether
 * any math was found. */
static int math_fill(J *j, const xmlNode *e, gal_node *m, int depth)
{
	int found = 0;
	if (is_math(e)) {
		if (!m->literal)
			gal_mathml_fill(j->imp, m, e);
		return 1;
	}
	if (is(e, "tex-math")) {
		if (!m->tex)
			m->tex = tex_body(j, plain(j, e, 0));
		return m->tex != NULL;
	}
	if (depth > 2)
		return 0;
	for (const xmlNode *c = e->children; c; c = c->next) {
		if (is_math(c) || is(c, "tex-math") || is(c, "alternatives"))
			found |= math_fill(j, c, m, depth + 1);
	}
	return found;
}

/* ---- footnotes ------------------------------------------------------------- */

static int has_ancestor(const xmlNode *e, const char *name)
{
	for (const xmlNode *a = e ? e->parent : NULL; a; a = a->parent)
		if (is(a, name))
			return 1;
	return 0;
}

/* A note that can move to its first call: an <fn> of the running text
 * (not a table note, not an author note). */
static int movable_note(const xmlNode *fn)
{
	return is(fn, "fn") && !has_ancestor(fn, "table-wrap-foot") &&
	       !has_ancestor(fn, "table-wrap") && !has_ancestor(fn, "author-notes") &&
	       !has_ancestor(fn, "front") && !has_ancestor(fn, "front-stub");
}

static int inside(const gal_node *h, gal_node_type t)
{
	for (; h; h = h->parent)
		if (h->type == t)
			return 1;
	return 0;
}

/* The content of a note (its paragraphs) as inlines of h; the label is
 * left out (it becomes the mark). */
static void inl_paras(J *j, const xmlNode *e, gal_node *h, const char *skip)
{
	int paras = 0;
	for (const xmlNode *c = e->children; c; c = c->next) {
		if (is(c, skip))
			continue;
		if (is(c, "p")) {
			/* paragraphs of a note: a line break between two */
			if (paras++)
				add(j, h, GAL_NODE_LINEBREAK, c);
			else
				sep(j, h, " ");
			if (enter(j, c)) {
				inl_list(j, c->children, h);
				leave(j);
			}
			continue;
		}
		inl_node(j, c, h);
	}
}

static void note_content(J *j, const xmlNode *fn, gal_node *h)
{
	inl_paras(j, fn, h, "label");
}

static void footnote_here(J *j, const xmlNode *fn, gal_node *h, const xmlNode *call,
			  const char *id)
{
	gal_node *f = add(j, h, GAL_NODE_FOOTNOTE, call ? call : fn);
	if (!f)
		return;
	give_id(j, f, id ? id : prop(j, fn, "id"));
	const char *label = plain(j, child(fn, "label"), 0);
	if (!label && call) {
		const char *t = plain(j, call, 0);
		if (t && strlen(t) <= 4)
			label = t;
	}
	f->label = label;
	/* the note's content stands elsewhere in the source: its nodes go
	 * without columns, leaving the search for columns where the text
	 * around the call goes on */
	int cols = j->imp->cols;
	j->imp->cols = 0;
	if (enter(j, fn)) {
		note_content(j, fn, f);
		leave(j);
	}
	j->imp->cols = cols;
}

/* A note where it stands (a table note, a note nobody called, or one
 * called before): a paragraph with its mark. */
static void note_block(J *j, const xmlNode *fn, gal_node *box)
{
	const char *id = prop(j, fn, "id");
	gal_strmap_ent *k = gal_strmap_find(&j->xml_ids, id);
	if (k) {
		if (k->tag == FN_INLINED)
			return;
		k->tag = FN_PLACED;
	}
	gal_node *p = add(j, box, GAL_NODE_PARA, fn);
	if (!p)
		return;
	give_id(j, p, id);
	const char *label = plain(j, child(fn, "label"), 0);
	if (label) {
		gal_node *s = add(j, p, GAL_NODE_SUP, fn);
		puts_(j, s, label);
		puts_(j, p, " ");
	}
	if (enter(j, fn)) {
		note_content(j, fn, p);
		leave(j);
	}
}

/* ---- links ---------------------------------------------------------------- */

static const char *first_token(J *j, const char *s)
{
	if (!s)
		return NULL;
	while (*s == ' ' || *s == '\t' || *s == '\n')
		s++;
	size_t n = strcspn(s, " \t\r\n");
	return n ? gal_doc_strndup(j->doc, s, n) : NULL;
}

static void do_xref(J *j, const xmlNode *e, gal_node *h)
{
	const char *rt = prop(j, e, "ref-type");
	const char *rid = first_token(j, prop(j, e, "rid"));
	if (!rid) {
		inl_list(j, e->children, h);
		return;
	}
	gal_strmap_ent *k = gal_strmap_find(&j->xml_ids, rid);
	if (k && k->tag == FN_FREE &&
	    (!rt || !strcmp(rt, "fn") || !strcmp(rt, "author-notes") || !strcmp(rt, "other")) &&
	    movable_note(k->val) && !inside(h, GAL_NODE_FOOTNOTE)) {
		k->tag = FN_INLINED;
		footnote_here(j, k->val, h, e, rid);
		return;
	}
	gal_node_type t = rt && !strcmp(rt, "bibr") ? GAL_NODE_CITE : GAL_NODE_XREF;
	gal_node *x = add(j, h, t, e);
	if (!x)
		return;
	x->url = rid;
	inl_list(j, e->children, x);
	/* an empty call of a note that stays a paragraph: its mark, not the
	 * paragraph's whole text (which prep would give it) */
	if (!x->first && k && is(k->val, "fn"))
		puts_(j, x, plain(j, child(k->val, "label"), 0));
}

static int has_scheme(const char *s)
{
	const char *p = s;
	while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
	       (*p >= '0' && *p <= '9') || *p == '+' || *p == '-' || *p == '.')
		p++;
	return p > s && *p == ':';
}

/* A DOI's address at doi.org: the characters a URL's path may not hold
 * ("[", "]", "#", "?", spaces, ...) escaped, as the DOI Handbook asks
 * (10.3100/1043-4534(2005)10[129:ASOEB]2.0.CO;2). A DOI given as an
 * address already stands. */
static const char *doi_url(J *j, const char *doi)
{
	if (has_scheme(doi))
		return gal_doc_strdup(j->doc, doi);
	gal_buf b = GAL_BUF_INIT;
	gal_buf_puts(&b, "https://doi.org/");
	for (const unsigned char *c = (const unsigned char *)doi; *c; c++) {
		int hex = c[0] == '%' && g_ascii_isxdigit(c[1]) && g_ascii_isxdigit(c[2]);
		if (*c > 0x20 && *c < 0x7f && !strchr("\"#<>[]\\^`{|}?", *c) &&
		    (*c != '%' || hex))
			gal_buf_putc(&b, (char)*c);
		else
			gal_buf_printf(&b, "%%%02X", *c);
	}
	const char *s = gal_doc_strndup(j->doc, b.data, b.len);
	gal_buf_free(&b);
	return s;
}

/* An external address, or NULL when it is a relative path (a link to a
 * file that does not travel with the output would only break). White
 * space is never part of an address: inside an attribute it is a slip
 * ("https:// www.R-project.org/") or a line wrapped, and goes. */
static const char *href_of(J *j, const char *type, const char *raw)
{
	if (!raw)
		return NULL;
	gal_buf b = GAL_BUF_INIT;
	for (const char *c = raw; *c; c++)
		if (*c != ' ' && *c != '\n' && *c != '\t' && *c != '\r')
			gal_buf_putc(&b, *c);
	const char *href = b.len ? gal_doc_strndup(j->doc, b.data, b.len) : NULL;
	gal_buf_free(&b);
	if (!href)
		return NULL;
	if (type && !strcmp(type, "doi"))
		return doi_url(j, href);
	if (type && !strcmp(type, "pmid") && !has_scheme(href))
		return gal_doc_printf(j->doc, "https://pubmed.ncbi.nlm.nih.gov/%s/", href);
	if (has_scheme(href))
		return href;
	if (!strncmp(href, "www.", 4))
		return gal_doc_printf(j->doc, "http://%s", href);
	if (!strncmp(href, "10.", 3) && strchr(href, '/'))
		return doi_url(j, href);
	return NULL;
}

static void ext_link(J *j, const xmlNode *e, gal_node *h)
{
	const char *type = prop(j, e, "ext-link-type");
	const char *raw = prop(j, e, "href");
	const char *t = NULL;
	if (!raw && (is(e, "uri") || is(e, "email") || is(e, "ext-link")))
		t = raw = plain(j, e, 0);
	const char *url = NULL;
	if (is(e, "email") && raw && !has_scheme(raw))
		url = gal_doc_printf(j->doc, "mailto:%s", raw);
	else
		url = href_of(j, type, raw);
	gal_node *l = url ? add(j, h, GAL_NODE_LINK, e) : NULL;
	if (!l) {
		inl_list(j, e->children, h);
		return;
	}
	l->url = url;
	inl_list(j, e->children, l);
	if (!l->first)
		puts_(j, l, t ? t : raw);
}

/* ---- names and citations ------------------------------------------------- */

static const char *initials(J *j, const char *given)
{
	if (!given)
		return NULL;
	/* "SV", "J.A.": already initials */
	int lower = 0;
	for (const unsigned char *p = (const unsigned char *)given; *p; p++)
		lower |= (*p >= 'a' && *p <= 'z') || *p >= 0x80;
	gal_buf b = GAL_BUF_INIT;
	if (!lower) {
		for (const char *p = given; *p; p++)
			if (*p != '.' && *p != ' ')
				gal_buf_putc(&b, *p);
		const char *s = b.len ? gal_doc_strndup(j->doc, b.data, b.len) : NULL;
		gal_buf_free(&b);
		return s;
	}
	int start = 1;
	for (const unsigned char *p = (const unsigned char *)given; *p; p++) {
		if (*p == ' ' || *p == '-' || *p == '.') {
			start = 1;
			continue;
		}
		if (start) {
			/* a whole UTF-8 sequence */
			gal_buf_putc(&b, (char)*p);
			while ((p[1] & 0xc0) == 0x80)
				gal_buf_putc(&b, (char)*++p);
			start = 0;
		}
	}
	const char *s = b.len ? gal_doc_strndup(j->doc, b.data, b.len) : NULL;
	gal_buf_free(&b);
	return s;
}

/* "Given Surname" (authors) or "Surname GI" (references). */
static const char *person(J *j, const xmlNode *n, int for_ref)
{
	if (is(n, "name-alternatives")) {
		for (const xmlNode *c = n->children; c; c = c->next)
			if (is(c, "name") || is(c, "string-name"))
				return person(j, c, for_ref);
		return plain(j, n, 0);
	}
	if (!is(n, "name"))
		return plain(j, n, PT_NOLABEL);
	const char *sur = plain(j, child(n, "surname"), 0);
	const char *giv = plain(j, child(n, "given-names"), 0);
	const char *pre = plain(j, child(n, "prefix"), 0);
	const char *suf = plain(j, child(n, "suffix"), 0);
	gal_buf b = GAL_BUF_INIT;
	if (for_ref) {
		gal_buf_puts(&b, sur ? sur : "");
		const char *in = initials(j, giv);
		if (in)
			gal_buf_printf(&b, " %s", in);
		if (suf)
			gal_buf_printf(&b, " %s", suf);
	} else {
		int eastern = prop_is(j, n, "name-style", "eastern");
		if (pre)
			gal_buf_printf(&b, "%s ", pre);
		if (eastern)
			gal_buf_printf(&b, "%s%s%s", sur ? sur : "", sur && giv ? " " : "",
				       giv ? giv : "");
		else
			gal_buf_printf(&b, "%s%s%s", giv ? giv : "", sur && giv ? " " : "",
				       sur ? sur : "");
		if (suf)
			gal_buf_printf(&b, " %s", suf);
	}
	const char *s = gal_imp_collapse(j->imp, b.data ? b.data : "", b.len);
	gal_buf_free(&b);
	return s;
}

/* Inline content with a space between elements that touch: names in
 * mixed citations are often <surname>A</surname><given-names>B</given-names>. */
static void inl_spaced(J *j, const xmlNode *e, gal_node *h)
{
	int prev_el = 0;
	for (const xmlNode *c = e->children; c; c = c->next) {
		if (c->type == XML_ELEMENT_NODE) {
			if (prev_el)
				puts_(j, h, " ");
			inl_node(j, c, h);
			prev_el = 1;
		} else {
			inl_node(j, c, h);
			if (c->type == XML_TEXT_NODE)
				prev_el = 0;
		}
	}
}

static int ends_with_punct(const gal_node *h)
{
	const gal_node *l = h->last;
	while (l && l->type != GAL_NODE_TEXT && l->last)
		l = l->last;
	if (!l || l->type != GAL_NODE_TEXT)
		return 0;
	size_t n = strlen(l->literal);
	while (n && l->literal[n - 1] == ' ')
		n--;
	return n && strchr(".?!", l->literal[n - 1]);
}


/* An identifier of a cited work: a DOI as its address at doi.org, a
 * PubMed or PubMed Central id named as such, any other (an accession
 * number, an article number) as it stands, linked when the source gives
 * its address. `spaced`: in an element citation, set apart from what
 * comes before; in a mixed one the source's own text does that. */
static void pub_id(J *j, const xmlNode *c, gal_node *h, int spaced)
{
	const char *type = prop(j, c, "pub-id-type");
	const char *v = plain(j, c, 0);
	if (!v)
		return;
	if (spaced)
		sep(j, h, " ");
	int doi = type && !strcmp(type, "doi");
	const char *url = doi ? doi_url(j, v) : href_of(j, NULL, prop(j, c, "href"));
	if (spaced && !url && type && (!strcmp(type, "pmid") || !strcmp(type, "pmcid")))
		puts_(j, h, !strcmp(type, "pmid") ? "PMID: " : "PMCID: ");
	gal_node *l = url ? add(j, h, GAL_NODE_LINK, c) : NULL;
	if (l)
		l->url = url;
	puts_(j, l ? l : h, doi && !has_scheme(v) ? gal_doc_printf(j->doc, "https://doi.org/%s", v)
						 : v);
}

/* The fields of an element citation, gathered before they are written. */
typedef struct cite_fields {
	gal_buf names;
	int groups;
	const xmlNode *title, *part, *source;
	const char *year, *vol, *iss, *fp, *lp, *range, *eloc, *ploc, *pname, *edition,
		*conf;
} cite_fields;

enum { CF_NAMES, CF_TITLE, CF_PART, CF_SOURCE, CF_FIRST, CF_LAST, CF_NONE };

/* The parts of a citation that are formatted (a text field keeps its
 * first or last value); CF_NONE: known, not written. Anything else is
 * appended after them in order. */
static const struct cite_part {
	const char *name;
	int kind;
	size_t field;
} cite_parts[] = {
	{ "person-group", CF_NAMES, 0 }, { "name", CF_NAMES, 0 },
	{ "string-name", CF_NAMES, 0 }, { "collab", CF_NAMES, 0 },
	{ "etal", CF_NAMES, 0 }, { "anonymous", CF_NAMES, 0 },
	{ "name-alternatives", CF_NAMES, 0 },
	{ "article-title", CF_TITLE, 0 }, { "chapter-title", CF_TITLE, 0 },
	{ "data-title", CF_TITLE, 0 }, { "part-title", CF_PART, 0 },
	{ "source", CF_SOURCE, 0 },
	{ "year", CF_FIRST, offsetof(cite_fields, year) },
	{ "volume", CF_LAST, offsetof(cite_fields, vol) },
	{ "issue", CF_LAST, offsetof(cite_fields, iss) },
	{ "fpage", CF_LAST, offsetof(cite_fields, fp) },
	{ "lpage", CF_LAST, offsetof(cite_fields, lp) },
	{ "elocation-id", CF_LAST, offsetof(cite_fields, eloc) },
	{ "publisher-loc", CF_LAST, offsetof(cite_fields, ploc) },
	{ "publisher-name", CF_LAST, offsetof(cite_fields, pname) },
	{ "edition", CF_LAST, offsetof(cite_fields, edition) },
	{ "conf-name", CF_LAST, offsetof(cite_fields, conf) },
	{ "page-range", CF_LAST, offsetof(cite_fields, range) },
	{ "month", CF_NONE, 0 }, { "day", CF_NONE, 0 }, { "season", CF_NONE, 0 },
	{ "object-id", CF_NONE, 0 },
};

static const struct cite_part *cite_part(const xmlNode *e)
{
	const char *n = nm(e);
	for (size_t i = 0; i < sizeof cite_parts / sizeof *cite_parts; i++)
		if (!strcmp(cite_parts[i].name, n))
			return &cite_parts[i];
	return NULL;
}

/* One group (or a lone name) of a citation: names joined by commas,
 * groups by semicolons. */
static void cite_names(J *j, const xmlNode *e, cite_fields *cf)
{
	int group = is(e, "person-group");
	int editors = group && prop_is(j, e, "person-group-type", "editor");
	int k = 0;
	size_t start = cf->names.len;
	for (const xmlNode *p = group ? e->children : e; p; p = group ? p->next : NULL) {
		const char *s = NULL;
		if (is(p, "etal"))
			s = plain(j, p, 0) ? plain(j, p, 0) : "et al.";
		else if (is(p, "anonymous"))
			s = plain(j, p, 0) ? plain(j, p, 0) : "Anonymous";
		else if (is(p, "name") || is(p, "string-name") || is(p, "collab") ||
			 is(p, "name-alternatives"))
			s = person(j, p, 1);
		if (!s)
			continue;
		if (k == 0 && start)
			gal_buf_puts(&cf->names, group || cf->groups ? "; " : ", ");
		else if (k)
			gal_buf_puts(&cf->names, ", ");
		gal_buf_puts(&cf->names, s);
		k++;
	}
	if (editors && k)
		gal_buf_puts(&cf->names, k > 1 ? ", editors" : ", editor");
	cf->groups += group && k;
}

static void cite_gather(J *j, const xmlNode *c, cite_fields *cf)
{
	for (const xmlNode *e = c->children; e; e = e->next) {
		const struct cite_part *part = cite_part(e);
		const char **field = part ? (const char **)((char *)cf + part->field) : NULL;
		switch (part ? part->kind : CF_NONE) {
		case CF_NAMES:
			cite_names(j, e, cf);
			break;
		case CF_TITLE:
			if (!cf->title)
				cf->title = e;
			break;
		case CF_PART:
			if (!cf->part)
				cf->part = e;
			break;
		case CF_SOURCE:
			if (!cf->source)
				cf->source = e;
			break;
		case CF_FIRST:
			if (!*field)
				*field = plain(j, e, 0);
			break;
		case CF_LAST:
			*field = plain(j, e, 0);
			break;
		case CF_NONE:
			break;
		}
	}
}

/* Authors (year). Title. Source, edition. Conference volume(issue):pages.
 * Place: publisher. */
static void cite_write(J *j, const cite_fields *cf, gal_node *h)
{
	if (cf->names.len)
		puts_(j, h, cf->names.data);
	if (cf->year) {
		sep(j, h, " ");
		puts_(j, h, "(");
		puts_(j, h, cf->year);
		puts_(j, h, ").");
	} else if (h->last) {
		puts_(j, h, ".");
	}
	const xmlNode *titles[] = { cf->title, cf->part };
	for (size_t i = 0; i < sizeof titles / sizeof *titles; i++) {
		if (!titles[i])
			continue;
		sep(j, h, " ");
		inl_list(j, titles[i]->children, h);
		if (!ends_with_punct(h))
			puts_(j, h, ".");
	}
	if (cf->source) {
		sep(j, h, " ");
		if (cf->title && is(cf->title, "chapter-title"))
			puts_(j, h, "In: ");
		gal_node *em = add(j, h, GAL_NODE_EMPH, cf->source);
		inl_list(j, cf->source->children, em ? em : h);
	}
	if (cf->edition) {
		sep(j, h, ", ");
		puts_(j, h, cf->edition);
	}
	if (cf->conf) {
		sep(j, h, ". ");
		puts_(j, h, cf->conf);
	}
	if (cf->vol) {
		sep(j, h, " ");
		puts_(j, h, cf->vol);
	}
	if (cf->iss) {
		puts_(j, h, "(");
		puts_(j, h, cf->iss);
		puts_(j, h, ")");
	}
	const char *pages = cf->fp ? cf->fp : cf->range ? cf->range : cf->eloc;
	if (pages) {
		puts_(j, h, cf->vol || cf->iss ? ":" : ", ");
		puts_(j, h, pages);
		if (cf->fp && cf->lp) {
			puts_(j, h, "\u2013");
			puts_(j, h, cf->lp);
		}
	}
	if (cf->ploc || cf->pname) {
		sep(j, h, ". ");
		if (cf->ploc)
			puts_(j, h, cf->ploc);
		if (cf->ploc && cf->pname)
			puts_(j, h, ": ");
		if (cf->pname)
			puts_(j, h, cf->pname);
	}
	if (h->last && !ends_with_punct(h))
		puts_(j, h, ".");
}

/* element-citation / nlm-citation: fields only, formatted here, then
 * everything else in order: comments, links, identifiers, dates. */
static void cite_element(J *j, const xmlNode *c, gal_node *h)
{
	cite_fields cf;
	memset(&cf, 0, sizeof cf);
	j->strip = NULL;          /* fields are written here, not the source's text */
	cite_gather(j, c, &cf);
	cite_write(j, &cf, h);
	gal_buf_free(&cf.names);
	for (const xmlNode *e = c->children; e; e = e->next) {
		if (!*nm(e) || cite_part(e))
			continue;
		if (is(e, "pub-id")) {
			pub_id(j, e, h, 1);
		} else if (is(e, "ext-link") || is(e, "uri")) {
			sep(j, h, " ");
			ext_link(j, e, h);
		} else {
			sep(j, h, " ");
			inl_list(j, e->children, h);
		}
	}
}

static void citation(J *j, const xmlNode *c, gal_node *h)
{
	if (!enter(j, c))
		return;
	j->cite++;
	/* a mixed citation without any punctuation of its own (some PMC
	 * files) reads as fields: format it like an element citation */
	int punctuated = 0;
	for (const xmlNode *t = c->children; t; t = t->next)
		punctuated |= t->type == XML_TEXT_NODE && !blank((const char *)t->content);
	if (is(c, "element-citation") || is(c, "nlm-citation") || !punctuated)
		cite_element(j, c, h);
	else
		inl_spaced(j, c, h);
	j->cite--;
	leave(j);
}

/* ---- inlines ---------------------------------------------------------------- */

static int name_in(const char *n, const char *const *set)
{
	for (; *set; set++)
		if (!strcmp(n, *set))
			return 1;
	return 0;
}

static gal_node *wrap(J *j, const xmlNode *e, gal_node *h, gal_node_type t)
{
	gal_node *n = add(j, h, t, e);
	return n ? n : h;
}

/* ---- the table of elements -------------------------------------------------- */

/* How an element reads in running text (inl) and among blocks (blk);
 * NULL: unknown there (reported once, its text kept). */
typedef struct jel jel;
typedef void (*jinl_fn)(J *j, const xmlNode *e, gal_node *h, const jel *el);
typedef void (*jblk_fn)(J *j, const xmlNode *e, gal_node *box, const jel *el);

enum {
	J_SKIP = 1,     /* no text of its own, or metadata: left out quietly */
	J_BRK = 2,      /* a block: interrupts a paragraph */
	J_BRKOUT = 4,   /* a block, but inline inside a <p> */
	J_EXT = 8       /* another vocabulary's (TaxPub): words set apart as
			 * an unknown element's are (parts_apart) */
};

struct jel {
	const char *name;
	unsigned flags;
	gal_node_type type;   /* i_wrap's node */
	jinl_fn inl;
	jblk_fn blk;
};

static const jel *lookup(const xmlNode *e);

static int skipped(const xmlNode *e)
{
	const jel *el = lookup(e);
	return el && (el->flags & J_SKIP);
}

/* ---- inlines ---------------------------------------------------------------- */

static void i_wrap(J *j, const xmlNode *e, gal_node *h, const jel *el)
{
	inl_list(j, e->children, wrap(j, e, h, el->type));
}

/* Code and preformatted text where they stay in the line: in a paragraph
 * a phrase of one line (a listing interrupts it: is_block_el), where only
 * inlines may stand (a footnote, a table cell, a caption) a listing too,
 * its lines kept as line breaks, on lines of its own. */
static void i_code(J *j, const xmlNode *e, gal_node *h, const jel *el)
{
	if (!gal_imp_verbatim_lines(e)) {
		i_wrap(j, e, h, el);
		return;
	}
	if (h->first)
		add(j, h, GAL_NODE_LINEBREAK, e);
	gal_node *c = wrap(j, e, h, el->type);
	int was = j->pre;
	j->pre = 2;
	inl_list(j, e->children, c);
	j->pre = was;
	if (c == h)
		return;
	gal_imp_trim_lines(c);
	add(j, h, GAL_NODE_LINEBREAK, e);
}

/* inline content with no formatting of its own */
static void i_text(J *j, const xmlNode *e, gal_node *h, const jel *el)
{
	inl_list(j, e->children, h);
}

static void i_label(J *j, const xmlNode *e, gal_node *h, const jel *el)
{
	sep(j, h, " ");
	inl_list(j, e->children, h);
	puts_(j, h, " ");
}

static void i_etal(J *j, const xmlNode *e, gal_node *h, const jel *el)
{
	if (!e->children)
		puts_(j, h, " et al.");
	inl_list(j, e->children, h);
}

static void i_unknown(J *j, const xmlNode *e, gal_node *h, const jel *el)
{
	gal_imp_unknown(j->imp, e);
	inl_list(j, e->children, h);
}

/* an extension's inline element known to say nothing of its own look */
static void i_plain(J *j, const xmlNode *e, gal_node *h, const jel *el)
{
	inl_list(j, e->children, h);
}

/* a block where only text may stand: its own line */
static void i_flat(J *j, const xmlNode *e, gal_node *h, const jel *el)
{
	if (h->last && !(h->last->type == GAL_NODE_LINEBREAK))
		add(j, h, GAL_NODE_LINEBREAK, e);
	inl_list(j, e->children, h);
}

static void i_xref(J *j, const xmlNode *e, gal_node *h, const jel *el)
{
	do_xref(j, e, h);
}

static void i_link(J *j, const xmlNode *e, gal_node *h, const jel *el)
{
	ext_link(j, e, h);
}

static void i_break(J *j, const xmlNode *e, gal_node *h, const jel *el)
{
	add(j, h, GAL_NODE_LINEBREAK, e);
}

static void i_formula(J *j, const xmlNode *e, gal_node *h, const jel *el)
{
	gal_node *m = add(j, h, GAL_NODE_MATH, e);
	if (m && !math_fill(j, e, m, 0)) {
		/* a formula written as text: keep it as text */
		gal_node_unlink(m);
		if (!is(e, "alternatives")) {
			inl_list(j, e->children, h);
			return;
		}
		/* the first alternative that is text, else a picture */
		const xmlNode *pick = child(e, "inline-graphic");
		for (const xmlNode *c = e->children; c; c = c->next)
			if (c->type == XML_ELEMENT_NODE && !is(c, "graphic") &&
			    !is(c, "inline-graphic") && !is(c, "media")) {
				pick = c;
				break;
			}
		if (pick)
			inl_node(j, pick, h);
	} else if (m && is(e, "disp-formula")) {
		m->label = plain(j, child(e, "label"), 0);
	}
}

/* A picture in the line (an icon, a symbol the fonts lack, a picture a
 * paragraph holds), its alt-text its text alternative. */
static void i_inline_graphic(J *j, const xmlNode *e, gal_node *h, const jel *el)
{
	gal_node *img = add(j, h, GAL_NODE_INLINE_IMAGE, e);
	if (!img)
		return;
	const char *href = prop(j, e, "href");
	img->url = href ? gal_doc_strdup(j->doc, href) : "";
	img->title = plain(j, child(e, "alt-text"), 0);
	set_id(j, img, e);
}

static void i_abbrev(J *j, const xmlNode *e, gal_node *h, const jel *el)
{
	gal_node *a = wrap(j, e, h, GAL_NODE_ABBR);
	const xmlNode *def = child(e, "def");
	if (a != h)
		a->title = prop(j, e, "alt") ? gal_doc_strdup(j->doc, prop(j, e, "alt"))
					     : plain(j, def, 0);
	for (const xmlNode *c = e->children; c; c = c->next)
		if (c != def)
			inl_node(j, c, a);
}

static void i_fn(J *j, const xmlNode *e, gal_node *h, const jel *el)
{
	const char *id = prop(j, e, "id");
	gal_strmap_ent *k = gal_strmap_find(&j->xml_ids, id);
	if (inside(h, GAL_NODE_FOOTNOTE)) {
		puts_(j, h, " (");
		note_content(j, e, h);
		puts_(j, h, ")");
	} else if (!k || k->tag == FN_FREE) {
		if (k)
			k->tag = FN_INLINED;
		footnote_here(j, e, h, NULL, id);
	}
}

/* In a citation: names with spaces between their parts, sources in
 * italics, identifiers linked. Elsewhere as the rest of the text. */
static void i_source(J *j, const xmlNode *e, gal_node *h, const jel *el)
{
	if (j->cite)
		inl_list(j, e->children, wrap(j, e, h, GAL_NODE_EMPH));
	else
		inl_list(j, e->children, h);
}

static void i_person(J *j, const xmlNode *e, gal_node *h, const jel *el)
{
	puts_(j, h, person(j, e, 0));
}

static void i_name(J *j, const xmlNode *e, gal_node *h, const jel *el)
{
	if (j->cite)
		inl_spaced(j, e, h);
	else
		i_person(j, e, h, el);
}

static void i_string_name(J *j, const xmlNode *e, gal_node *h, const jel *el)
{
	if (j->cite)
		inl_spaced(j, e, h);
	else
		i_unknown(j, e, h, el);
}

static int is_name(const xmlNode *c)
{
	return is(c, "name") || is(c, "string-name") || is(c, "collab") ||
	       is(c, "name-alternatives");
}

/* The names of a person group in a mixed citation keep the source's
 * punctuation; names with nothing but white space between them are a
 * list the source leaves to the typesetter (Pensoft), and take commas:
 * "Al-Shehbaz IA, Warwick SI", not "Al-Shehbaz IA Warwick SI". */
static void i_person_group(J *j, const xmlNode *e, gal_node *h, const jel *el)
{
	if (!j->cite) {
		inl_list(j, e->children, h);
		return;
	}
	const xmlNode *prev = NULL;  /* the element just before, nothing between */
	for (const xmlNode *c = e->children; c; c = c->next) {
		if (c->type == XML_ELEMENT_NODE) {
			if (prev)
				puts_(j, h, is_name(prev) && is_name(c) ? ", " : " ");
			inl_node(j, c, h);
			prev = c;
		} else if (c->type == XML_TEXT_NODE && prev && blank((const char *)c->content)) {
			continue;
		} else {
			inl_node(j, c, h);
			if (c->type == XML_TEXT_NODE)
				prev = NULL;
		}
	}
}

static void i_pub_id(J *j, const xmlNode *e, gal_node *h, const jel *el)
{
	if (j->cite)
		pub_id(j, e, h, 0);
	else
		i_unknown(j, e, h, el);
}

static void i_citation(J *j, const xmlNode *e, gal_node *h, const jel *el)
{
	citation(j, e, h);
}

/* a list where only text may stand: one line per item */
static void i_list(J *j, const xmlNode *e, gal_node *h, const jel *el)
{
	int k = 0;
	for (const xmlNode *c = e->children; c; c = c->next) {
		if (!is(c, "list-item"))
			continue;
		if (h->last)
			add(j, h, GAL_NODE_LINEBREAK, c);
		const char *label = plain(j, child(c, "label"), 0);
		if (label) {
			puts_(j, h, label);
			puts_(j, h, " ");
		} else if (prop_is(j, e, "list-type", "order")) {
			char num[16];
			snprintf(num, sizeof num, "%d. ", ++k);
			puts_(j, h, num);
		} else if (!prop_is(j, e, "list-type", "simple")) {
			puts_(j, h, "\u2022 ");
		}
		inl_paras(j, c, h, "label");
	}
}

static void i_styled(J *j, const xmlNode *e, gal_node *h, const jel *el)
{
	gal_node *s = h;
	if (gal_imp_lang(j->imp, e))
		s = wrap(j, e, h, GAL_NODE_SPAN);
	inl_list(j, e->children, s);
}

/* a source-data file named in a caption: its own line, linkable */
static void i_material(J *j, const xmlNode *e, gal_node *h, const jel *el)
{
	if (h->last)
		add(j, h, GAL_NODE_LINEBREAK, e);
	gal_node *s = prop(j, e, "id") ? wrap(j, e, h, GAL_NODE_SPAN) : h;
	if (s != h)
		set_id(j, s, e);
	const xmlNode *label = child(e, "label"), *cap = child(e, "caption");
	if (label)
		inl_list(j, label->children, wrap(j, label, s, GAL_NODE_STRONG));
	if (cap) {
		sep(j, s, " ");
		caption_content(j, cap, s);
	}
}

static void i_title(J *j, const xmlNode *e, gal_node *h, const jel *el)
{
	if (h->last && h->last->type != GAL_NODE_LINEBREAK)
		add(j, h, GAL_NODE_LINEBREAK, e);
	inl_list(j, e->children, wrap(j, e, h, GAL_NODE_STRONG));
}

/* Whether e's parent holds words of its own (text that is not white
 * space), as running text does. */
static int parent_has_words(const xmlNode *e)
{
	for (const xmlNode *c = e->parent ? e->parent->children : NULL; c; c = c->next)
		if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) &&
		    !blank((const char *)c->content))
			return 1;
	return 0;
}

/* Whether element e (el: its entry, NULL when unknown) stands as a word
 * of its own. JATS's own markup says where it breaks words (the table
 * above), but an element of another vocabulary (TaxPub's taxon names, a
 * publisher's extension) does not: there, as fidelity.py's joined_text
 * reads the source, an element whose parent holds no words of its own,
 * only elements -- a record of parts, as a taxon name of genus and
 * species -- is a word, set apart from the words it touches, while
 * inside running text (a parent with words) markup may fall inside a
 * word and changes nothing. */
static int parts_apart(const xmlNode *e, const jel *el)
{
	return (!el || (el->flags & J_EXT)) && !parent_has_words(e);
}

static void inline_el(J *j, const xmlNode *e, gal_node *h)
{
	if (!h || j->imp->stop)
		return;
	const jel *el = lookup(e);
	if (el && (el->flags & J_SKIP))
		return;
	if (!enter(j, e))
		return;
	int apart = parts_apart(e, el);
	j->gap |= apart;
	(el && el->inl ? el->inl : i_unknown)(j, e, h, el);
	j->gap |= apart;
	leave(j);
}

static void inl_node(J *j, const xmlNode *c, gal_node *h)
{
	switch (c->type) {
	case XML_TEXT_NODE:
	case XML_CDATA_SECTION_NODE:
		text(j, h, (const char *)c->content, strlen((const char *)c->content), c);
		break;
	case XML_ELEMENT_NODE:
		inline_el(j, c, h);
		break;
	default:
		break;
	}
}

static void inl_list(J *j, const xmlNode *c, gal_node *h)
{
	if (!h)
		return;
	for (; c && !j->imp->stop; c = c->next)
		inl_node(j, c, h);
}

/* ---- blocks ----------------------------------------------------------------- */

/* A block that cannot stand here becomes a paragraph of its text. */
static void flatten(J *j, const xmlNode *e, gal_node *box)
{
	gal_node *p = add(j, box, GAL_NODE_PARA, e);
	if (!p)
		return;
	set_id(j, p, e);
	inl_list(j, e->children, p);
}

/* Heading text: "label title". */
static void heading_content(J *j, gal_node *h, const xmlNode *label,
			    const xmlNode *title, const char *dflt)
{
	if (label) {
		inl_list(j, label->children, h);
		if (title && h->last)
			puts_(j, h, " ");
	}
	if (title)
		inl_list(j, title->children, h);
	if (!h->first && dflt)
		puts_(j, h, dflt);
}

/* First <label> and <title> among e's leading children (a caption's
 * title counts for boxes). */
static void label_title(const xmlNode *e, const xmlNode **label, const xmlNode **title)
{
	*label = *title = NULL;
	for (const xmlNode *c = e->children; c; c = c->next) {
		if (!*label && is(c, "label"))
			*label = c;
		else if (!*title && is(c, "title"))
			*title = c;
	}
}

static void flow_children(J *j, const xmlNode *e, gal_node *box,
			  const xmlNode *skip1, const xmlNode *skip2)
{
	flow f = { box, NULL, 0 };
	for (const xmlNode *c = e->children; c && !j->imp->stop; c = c->next) {
		if (c == skip1 || c == skip2)
			continue;
		flow_node(j, c, &f);
	}
}

static const char *ack_word(const char *lang)
{
	static const char *const w[][2] = {
		{ "pt", "Agradecimentos" }, { "es", "Agradecimientos" },
		{ "de", "Danksagung" }, { "fr", "Remerciements" },
		{ "it", "Ringraziamenti" }, { "nl", "Dankwoord" },
	};
	for (size_t i = 0; lang && i < sizeof w / sizeof *w; i++)
		if (!strncmp(lang, w[i][0], 2))
			return w[i][1];
	return "Acknowledgements";
}

static void section(J *j, const xmlNode *e, gal_node *box, const char *dflt)
{
	const xmlNode *label, *title;
	label_title(e, &label, &title);
	if (!gal_node_can_contain(box->type, GAL_NODE_SECTION)) {
		/* a section inside a list item or a quotation: its title
		 * becomes a bold paragraph, its content follows */
		if (label || title) {
			gal_node *p = add(j, box, GAL_NODE_PARA, e);
			set_id(j, p, e);
			gal_node *s = add(j, p, GAL_NODE_STRONG, e);
			if (s)
				heading_content(j, s, label, title, NULL);
		}
		flow_children(j, e, box, label, title);
		return;
	}
	gal_node *s = add(j, box, GAL_NODE_SECTION, e);
	if (!s)
		return;
	set_id(j, s, e);
	if (label || title || dflt) {
		gal_node *h = add(j, s, GAL_NODE_HEADING, title ? title : e);
		if (h)
			heading_content(j, h, label, title, dflt);
	}
	flow_children(j, e, s, label, title);
}

static gal_node *image(J *j, const xmlNode *g, gal_node *fig, const char *alt)
{
	gal_node *img = add(j, fig, GAL_NODE_IMAGE, g);
	if (!img)
		return NULL;
	const char *href = prop(j, g, "href");
	img->url = href ? gal_doc_strdup(j->doc, href) : "";
	const char *a = plain(j, child(g, "alt-text"), 0);
	img->title = a ? a : alt;
	set_id(j, img, g);
	return img;
}

/* Caption content as inlines: the title in bold, then the paragraphs
 * (a line break between two). */
static void caption_content(J *j, const xmlNode *cap, gal_node *h)
{
	int paras = 0;
	for (const xmlNode *c = cap->children; c; c = c->next) {
		if (is(c, "title")) {
			gal_node *s = wrap(j, c, h, GAL_NODE_STRONG);
			inl_list(j, c->children, s);
		} else if (is(c, "p")) {
			if (paras++)
				add(j, h, GAL_NODE_LINEBREAK, c);
			else
				sep(j, h, " ");
			if (enter(j, c)) {
				inl_list(j, c->children, h);
				leave(j);
			}
		} else {
			inl_node(j, c, h);
		}
	}
}

static const char *alt_of(J *j, const xmlNode *e)
{
	const xmlNode *cap = child(e, "caption");
	const char *a = plain(j, child(e, "alt-text"), 0);
	if (!a)
		a = plain(j, child(cap, "title"), 0);
	if (!a)
		a = plain(j, child(e, "label"), 0);
	return a;
}

/* A credit line from <attrib> and <permissions>. */
static void credits(J *j, const xmlNode *e, gal_node *box, gal_node_type t)
{
	gal_node *cr = NULL;
	for (const xmlNode *c = e->children; c; c = c->next) {
		if (!is(c, "attrib") && !is(c, "permissions"))
			continue;
		if (!cr)
			cr = add(j, box, t, c);
		if (!cr)
			return;
		sep(j, cr, " ");
		if (is(c, "attrib")) {
			inl_list(j, c->children, cr);
		} else {
			const char *s = plain(j, c, 0);
			puts_(j, cr, s);
		}
	}
}

/* A figure of kind `kind` from a fig (or a table or formula given as an
 * image): the images, then the caption, then anything else, then the
 * credits. Its nodes are made in the source's order (the caption aside
 * until the images are in), so that each finds its source column. */
static void figure(J *j, const xmlNode *e, gal_node *box, gal_figure_kind kind)
{
	gal_node *fig = add(j, box, GAL_NODE_FIGURE, e);
	if (!fig) {
		flatten(j, e, box);
		return;
	}
	set_id(j, fig, e);
	fig->figure_kind = kind;
	fig->label = plain(j, child(e, "label"), 0);
	const char *alt = alt_of(j, e);
	gal_node *cn = NULL;
	for (const xmlNode *c = e->children; c; c = c->next) {
		if (is(c, "graphic")) {
			image(j, c, fig, alt);
		} else if (is(c, "alternatives")) {
			const xmlNode *g = child(c, "graphic");
			if (g)
				image(j, g, fig, alt);
		} else if (is(c, "caption") && !cn) {
			cn = detached(j, GAL_NODE_CAPTION, c);
			if (cn)
				caption_content(j, c, cn);
		}
	}
	if (cn)
		gal_node_append_child(fig, cn);
	for (const xmlNode *c = e->children; c && !j->imp->stop; c = c->next) {
		const char *n = nm(c);
		if (!*n || !strcmp(n, "graphic") || !strcmp(n, "alternatives") ||
		    !strcmp(n, "caption") || !strcmp(n, "label") || !strcmp(n, "attrib") ||
		    !strcmp(n, "permissions") || skipped(c))
			continue;
		block(j, c, fig);
	}
	credits(j, e, fig, GAL_NODE_CREDIT);
}

static void b_figure(J *j, const xmlNode *e, gal_node *box, const jel *el)
{
	figure(j, e, box, GAL_FIGURE_PLAIN);
}

/* ---- tables ---------------------------------------------------------------- */

static int num_attr(J *j, const xmlNode *e, const char *name, int dflt, int max)
{
	const char *s = prop(j, e, name);
	if (!s || !*s)
		return dflt;
	char *end;
	long v = strtol(s, &end, 10);
	if (v < 1 || v > max)
		return dflt;
	return (int)v;
}

/* CALS: the position of a column named in a <colspec>, 0 when unknown. */
static int colnum(J *j, const xmlNode *tgroup, const char *name)
{
	int k = 0;
	for (const xmlNode *c = tgroup ? tgroup->children : NULL; c; c = c->next) {
		if (!is(c, "colspec"))
			continue;
		k = num_attr(j, c, "colnum", k + 1, 10000);
		if (name && prop_is(j, c, "colname", name))
			return k;
	}
	return 0;
}

static void cell(J *j, const xmlNode *e, gal_node *row, int header, const xmlNode *tgroup)
{
	gal_node *c = add(j, row, GAL_NODE_TCELL, e);
	if (!c)
		return;
	set_id(j, c, e);
	c->header = header || is(e, "th");
	c->colspan = gal_imp_span(prop(j, e, "colspan"));
	c->rowspan = gal_imp_span(prop(j, e, "rowspan"));
	if (is(e, "entry")) {
		int a = colnum(j, tgroup, prop(j, e, "namest"));
		int b = colnum(j, tgroup, prop(j, e, "nameend"));
		if (a && b > a)
			c->colspan = gal_imp_clamp_span(b - a + 1);
		c->rowspan = gal_imp_clamp_span(gal_imp_int(prop(j, e, "morerows"), 0) + 1);
	}
	c->align = gal_imp_align(prop(j, e, "align"));
	inl_list(j, e->children, c);
}

static void rows(J *j, const xmlNode *sec, gal_node *ts, int header, const xmlNode *tgroup)
{
	for (const xmlNode *r = sec->children; r && !j->imp->stop; r = r->next) {
		if (!is(r, "tr") && !is(r, "row"))
			continue;
		gal_node *row = add(j, ts, GAL_NODE_TROW, r);
		if (!row)
			return;
		for (const xmlNode *c = r->children; c; c = c->next)
			if (is(c, "td") || is(c, "th") || is(c, "entry"))
				cell(j, c, row, header, tgroup);
	}
}

/* An HTML <table> or a CALS table (tgroup, row, entry) into TSECTIONs. */
static void table_body(J *j, const xmlNode *t, gal_node *tab, int depth)
{
	gal_node *implicit = NULL;
	for (const xmlNode *c = t->children; c && !j->imp->stop; c = c->next) {
		const char *n = nm(c);
		if (!strcmp(n, "tgroup") && depth < 2) {
			table_body(j, c, tab, depth + 1);
			implicit = NULL;
		} else if (!strcmp(n, "thead") || !strcmp(n, "tbody") || !strcmp(n, "tfoot")) {
			gal_node *ts = add(j, tab, GAL_NODE_TSECTION, c);
			if (!ts)
				return;
			ts->tsection = n[1] == 'h' ? GAL_TSEC_HEAD : n[1] == 'f' ? GAL_TSEC_FOOT
						   : GAL_TSEC_BODY;
			rows(j, c, ts, ts->tsection == GAL_TSEC_HEAD && depth > 0, t);
			implicit = NULL;
		} else if (!strcmp(n, "tr") || !strcmp(n, "row")) {
			if (!implicit)
				implicit = add(j, tab, GAL_NODE_TSECTION, c);
			if (!implicit)
				return;
			gal_node *row = add(j, implicit, GAL_NODE_TROW, c);
			for (const xmlNode *d = c->children; row && d; d = d->next)
				if (is(d, "td") || is(d, "th") || is(d, "entry"))
					cell(j, d, row, 0, t);
		} else if (!strcmp(n, "caption")) {
			gal_node *p = add(j, tab, GAL_NODE_PARA, c);
			inl_list(j, c->children, p);
		}
	}
}

static const xmlNode *find_table(const xmlNode *e, int depth)
{
	for (const xmlNode *c = e->children; c; c = c->next) {
		if (is(c, "table"))
			return c;
		if (is(c, "alternatives") && depth < 2) {
			const xmlNode *t = find_table(c, depth + 1);
			if (t)
				return t;
		}
	}
	return NULL;
}

static void table_foot(J *j, const xmlNode *foot, gal_node *tab, int depth)
{
	for (const xmlNode *c = foot->children; c && !j->imp->stop; c = c->next) {
		if (is(c, "fn")) {
			note_block(j, c, tab);
		} else if (is(c, "fn-group") && depth < 2) {
			table_foot(j, c, tab, depth + 1);
		} else if (is(c, "title")) {
			gal_node *p = add(j, tab, GAL_NODE_PARA, c);
			inl_list(j, c->children, wrap(j, c, p, GAL_NODE_STRONG));
		} else if (c->type == XML_ELEMENT_NODE) {
			block(j, c, tab);
		} else if (c->type == XML_TEXT_NODE && !blank((const char *)c->content)) {
			gal_node *p = add(j, tab, GAL_NODE_PARA, c);
			inl_node(j, c, p);
		}
	}
}

static void b_table_wrap(J *j, const xmlNode *e, gal_node *box, const jel *el)
{
	int any = 0;
	for (const xmlNode *c = e->children; c; c = c->next)
		any |= is(c, "table") || (is(c, "alternatives") && find_table(c, 1));
	if (!any && (child(e, "graphic") || child(e, "alternatives"))) {
		/* a table given as a picture: a figure numbered among the tables */
		figure(j, e, box, GAL_FIGURE_TABLE);
		return;
	}
	gal_node *tab = add(j, box, GAL_NODE_TABLE, e);
	if (!tab) {
		flatten(j, e, box);
		return;
	}
	set_id(j, tab, e);
	tab->label = plain(j, child(e, "label"), 0);
	const xmlNode *cap = child(e, "caption");
	if (cap) {
		gal_node *cn = add(j, tab, GAL_NODE_CAPTION, cap);
		if (cn)
			caption_content(j, cap, cn);
	}
	for (const xmlNode *c = e->children; c && !j->imp->stop; c = c->next) {
		if (is(c, "table")) {
			table_body(j, c, tab, 0);
		} else if (is(c, "alternatives")) {
			const xmlNode *t = find_table(c, 1);
			if (t)
				table_body(j, t, tab, 0);
		}
	}
	for (const xmlNode *c = e->children; c && !j->imp->stop; c = c->next) {
		if (is(c, "table-wrap-foot"))
			table_foot(j, c, tab, 0);
		else if (is(c, "fn"))
			note_block(j, c, tab);
		else if (is(c, "p") || is(c, "list") || is(c, "fn-group"))
			block(j, c, tab);
	}
	credits(j, e, tab, GAL_NODE_PARA);
}

/* ---- other blocks ------------------------------------------------------------ */

/* list-type: order, bullet, alpha-lower, alpha-upper, roman-lower,
 * roman-upper, simple (no marker); a list whose items all carry a label
 * shows those labels instead of a marker. continued-from names an
 * earlier list whose numbering this one continues. */
static void list_numbering(J *j, const xmlNode *e, gal_node *l)
{
	static const struct { const char *name; int type, numbering; } types[] = {
		{ "order", GAL_LIST_ORDERED, GAL_NUM_DEFAULT },
		{ "ordered", GAL_LIST_ORDERED, GAL_NUM_DEFAULT },
		{ "alpha-lower", GAL_LIST_ORDERED, GAL_NUM_LOWER_ALPHA },
		{ "alpha-upper", GAL_LIST_ORDERED, GAL_NUM_UPPER_ALPHA },
		{ "roman-lower", GAL_LIST_ORDERED, GAL_NUM_LOWER_ROMAN },
		{ "roman-upper", GAL_LIST_ORDERED, GAL_NUM_UPPER_ROMAN },
		{ "simple", GAL_LIST_BULLET, GAL_NUM_NONE },
	};
	const char *lt = prop(j, e, "list-type");

	l->list_type = GAL_LIST_BULLET;
	for (size_t k = 0; lt && k < sizeof types / sizeof *types; k++)
		if (!strcmp(lt, types[k].name)) {
			l->list_type = types[k].type;
			l->numbering = types[k].numbering;
		}
	int items = 0, labelled = 0;
	for (const xmlNode *c = e->children; c; c = c->next)
		if (is(c, "list-item")) {
			items++;
			labelled += child(c, "label") != NULL;
		}
	if (items > 0 && labelled == items)
		l->numbering = GAL_NUM_NONE;
	const char *from = prop(j, e, "continued-from");
	for (size_t k = 0; from && k < j->n_lists; k++) {
		const gal_node *o = j->lists[k];
		if (!o->id || strcmp(o->id, from) != 0)
			continue;
		int n = 0;
		for (const gal_node *c = o->first; c; c = c->next)
			n += c->type == GAL_NODE_ITEM;
		l->start = o->start + n;
		break;
	}
	if (l->id) {
		j->lists = xrealloc(j->lists, (j->n_lists + 1) * sizeof *j->lists);
		j->lists[j->n_lists++] = l;
	}
}

static void b_list(J *j, const xmlNode *e, gal_node *box, const jel *el)
{
	const xmlNode *label, *title;
	label_title(e, &label, &title);
	if (label || title) {
		gal_node *p = add(j, box, GAL_NODE_PARA, title ? title : label);
		heading_content(j, wrap(j, e, p, GAL_NODE_STRONG), label, title, NULL);
	}
	gal_node *l = add(j, box, GAL_NODE_LIST, e);
	if (!l) {
		flatten(j, e, box);
		return;
	}
	set_id(j, l, e);
	int def = is(e, "def-list");
	if (def)
		l->list_type = GAL_LIST_DEFINITION;
	else
		list_numbering(j, e, l);
	for (const xmlNode *c = e->children; c && !j->imp->stop; c = c->next) {
		if (c == label || c == title || c->type != XML_ELEMENT_NODE)
			continue;
		/* punctuation generated between items (", ") for a list run
		 * into a line: a list set as a list has none */
		if (is(c, "x"))
			continue;
		gal_node *it = add(j, l, GAL_NODE_ITEM, c);
		if (!it)
			return;
		set_id(j, it, c);
		if (def) {
			/* def-item: term(s), then the definitions; term-head and def-head too */
			const xmlNode *term = is(c, "term-head") ? c : child(c, "term");
			if (term) {
				gal_node *t = add(j, it, GAL_NODE_TERM, term);
				inl_list(j, term->children, t);
			}
			if (is(c, "def-item")) {
				for (const xmlNode *d = c->children; d; d = d->next) {
					if (is(d, "def"))
						flow_children(j, d, it, NULL, NULL);
					else if (d != term && d->type == XML_ELEMENT_NODE)
						block(j, d, it);
				}
			} else if (!term) {
				flow_children(j, c, it, NULL, NULL);
			}
			continue;
		}
		if (!is(c, "list-item")) {
			block(j, c, it);
			continue;
		}
		const xmlNode *il = child(c, "label");
		flow f = { it, NULL, 0 };
		if (il) {
			const char *s = plain(j, il, 0);
			if (s) {
				gal_node *p = f.para = add(j, it, GAL_NODE_PARA, il);
				puts_(j, p, s);
				puts_(j, p, " ");
				/* the label runs into the first paragraph */
				const xmlNode *first = c->children;
				while (first && (first == il || first->type != XML_ELEMENT_NODE))
					first = first->next;
				if (first && is(first, "p")) {
					f.inpara = 1;
					for (const xmlNode *d = first->children; d; d = d->next)
						flow_node(j, d, &f);
					f.inpara = 0;
					f.para = NULL;
					for (const xmlNode *d = first->next; d; d = d->next)
						if (d != il)
							flow_node(j, d, &f);
					continue;
				}
				f.para = NULL;
			}
		}
		for (const xmlNode *d = c->children; d && !j->imp->stop; d = d->next)
			if (d != il)
				flow_node(j, d, &f);
	}
}

static void b_quote(J *j, const xmlNode *e, gal_node *box, const jel *el)
{
	gal_node *q = add(j, box, GAL_NODE_BLOCKQUOTE, e);
	if (!q) {
		flatten(j, e, box);
		return;
	}
	set_id(j, q, e);
	flow f = { q, NULL, 0 };
	for (const xmlNode *c = e->children; c && !j->imp->stop; c = c->next)
		if (!is(c, "attrib") && !is(c, "permissions"))
			flow_node(j, c, &f);
	credits(j, e, q, GAL_NODE_ATTRIBUTION);
}

static void boxed(J *j, const xmlNode *e, gal_node *box, gal_aside_kind kind)
{
	gal_node *a = add(j, box, GAL_NODE_ASIDE, e);
	if (!a) {
		flatten(j, e, box);
		return;
	}
	set_id(j, a, e);
	a->aside_kind = kind;
	const xmlNode *label, *title, *cap = child(e, "caption");
	label_title(e, &label, &title);
	const xmlNode *ct = title ? title : child(cap, "title");
	if (label || ct) {
		gal_node *h = add(j, a, GAL_NODE_HEADING, ct ? ct : label);
		if (h)
			heading_content(j, h, label, ct, NULL);
	}
	if (cap)
		for (const xmlNode *c = cap->children; c; c = c->next)
			if (c != ct && c->type == XML_ELEMENT_NODE)
				block(j, c, a);
	flow f = { a, NULL, 0 };
	for (const xmlNode *c = e->children; c && !j->imp->stop; c = c->next) {
		if (c == label || c == title || c == cap)
			continue;
		if (is(c, "attrib")) {
			gal_node *p = add(j, a, GAL_NODE_PARA, c);
			inl_list(j, c->children, wrap(j, c, p, GAL_NODE_EMPH));
			f.para = NULL;
			continue;
		}
		flow_node(j, c, &f);
	}
}

static void verse_lines(J *j, const xmlNode *e, gal_node *p)
{
	for (const xmlNode *c = e->children; c && !j->imp->stop; c = c->next) {
		if (is(c, "verse-line") || is(c, "title") || is(c, "subtitle") ||
		    is(c, "label")) {
			if (p->last)
				add(j, p, GAL_NODE_LINEBREAK, c);
			gal_node *h = is(c, "verse-line") ? p : wrap(j, c, p, GAL_NODE_STRONG);
			inl_list(j, c->children, h);
		} else if (is(c, "verse-group") && enter(j, c)) {
			verse_lines(j, c, p);
			leave(j);
		} else if (c->type == XML_ELEMENT_NODE && !is(c, "attrib") &&
			   !is(c, "permissions")) {
			if (p->last)
				add(j, p, GAL_NODE_LINEBREAK, c);
			inl_node(j, c, p);
		}
	}
}

static void b_verse(J *j, const xmlNode *e, gal_node *box, const jel *el)
{
	gal_node *q = child(e, "attrib") ? add(j, box, GAL_NODE_BLOCKQUOTE, e) : NULL;
	gal_node *p = add(j, q ? q : box, GAL_NODE_PARA, e);
	if (!p)
		return;
	set_id(j, q ? q : p, e);
	verse_lines(j, e, p);
	if (q)
		credits(j, e, q, GAL_NODE_ATTRIBUTION);
	else if (child(e, "attrib"))
		credits(j, e, box, GAL_NODE_PARA);
}

static void b_pre(J *j, const xmlNode *e, gal_node *box, const jel *el)
{
	gal_node *p = add(j, box, GAL_NODE_PRE, e);
	if (!p) {
		flatten(j, e, box);
		return;
	}
	set_id(j, p, e);
	p->title = gal_imp_code_language(j->imp, e);
	int was = j->pre;
	j->pre = 1;
	inl_list(j, e->children, p);
	j->pre = was;
}

static void b_formula(J *j, const xmlNode *e, gal_node *box, const jel *el)
{
	gal_node *m = add(j, box, GAL_NODE_MATH_BLOCK, e);
	if (!m) {
		gal_node *p = add(j, box, GAL_NODE_PARA, e);
		inline_el(j, e, p);
		return;
	}
	if (math_fill(j, e, m, 0)) {
		set_id(j, m, e);
		m->label = plain(j, child(e, "label"), 0);
		return;
	}
	gal_node_unlink(m);
	const xmlNode *g = child(e, "graphic");
	if (!g) {
		const xmlNode *alt = child(e, "alternatives");
		g = child(alt, "graphic");
	}
	if (g) {
		gal_node *fig = add(j, box, GAL_NODE_FIGURE, e);
		if (fig) {
			set_id(j, fig, e);
			fig->figure_kind = GAL_FIGURE_FORMULA;
			fig->label = plain(j, child(e, "label"), 0);
			image(j, g, fig, fig->label);
			return;
		}
	}
	/* a formula written as text, with its markup */
	gal_node *p = add(j, box, GAL_NODE_PARA, e);
	if (!p)
		return;
	set_id(j, p, e);
	for (const xmlNode *c = e->children; c; c = c->next)
		if (!is(c, "label"))
			inl_node(j, c, p);
	const char *l = plain(j, child(e, "label"), 0);
	if (l) {
		puts_(j, p, " ");
		puts_(j, p, l);
	}
}

/* supplementary-material, media and the like: a paragraph with the label
 * and the caption. */
static void b_material(J *j, const xmlNode *e, gal_node *box, const jel *el)
{
	const xmlNode *label = child(e, "label"), *cap = child(e, "caption");
	gal_node *p = add(j, box, GAL_NODE_PARA, e);
	if (!p)
		return;
	set_id(j, p, e);
	if (label)
		inl_list(j, label->children, wrap(j, label, p, GAL_NODE_STRONG));
	if (cap) {
		sep(j, p, " ");
		caption_content(j, cap, p);
	}
	for (const xmlNode *c = e->children; c; c = c->next)
		if (c != label && c != cap && c->type == XML_ELEMENT_NODE &&
		    !is(c, "media") && !is(c, "graphic"))
			inl_node(j, c, p);
}

/* A REFS where the back matter can take one; NULL elsewhere. */
static gal_node *refs_box(gal_node *box)
{
	for (gal_node *b = box; b; b = b->parent)
		if (b->type == GAL_NODE_BACK)
			return b;
	return NULL;
}

static void clean_label(J *j, gal_node *n, const char *s)
{
	if (!s)
		return;
	size_t len = strlen(s);
	if (len >= 2 && s[0] == '[' && s[len - 1] == ']')
		s++, len -= 2;
	else if (len >= 2 && s[len - 1] == '.')
		len--;
	if (len)
		n->label = gal_doc_strndup(j->doc, s, len);
}

/* A reference's citations. A reference that gives one citation both as
 * a mixed citation and as an element citation (SciELO tags every
 * reference both ways) prints it once, as the mixed citation, whose
 * punctuation is the publisher's; several citations of one kind are
 * several works. A citation that starts with the reference's label
 * ("[18] C. Kittel, ...") does not print it a second time. */
static void ref_entry(J *j, const xmlNode *r, gal_node *h)
{
	int mixed = child(r, "mixed-citation") != NULL;
	j->strip = plain(j, child(r, "label"), 0);
	for (const xmlNode *c = r->children; c && !j->imp->stop; c = c->next) {
		if (is(c, "label"))
			continue;
		if (is(c, "citation-alternatives")) {
			for (const xmlNode *d = c->children; d; d = d->next)
				if (d->type == XML_ELEMENT_NODE) {
					sep(j, h, " ");
					citation(j, d, h);
					break;
				}
		} else if (is(c, "element-citation") || is(c, "nlm-citation")) {
			if (!mixed) {
				sep(j, h, " ");
				citation(j, c, h);
			}
		} else if (is(c, "mixed-citation") || is(c, "citation")) {
			sep(j, h, " ");
			citation(j, c, h);
		} else {
			inl_node(j, c, h);
		}
	}
	j->strip = NULL;
}

static void b_ref_list(J *j, const xmlNode *e, gal_node *box, const jel *el)
{
	gal_node *back = refs_box(box);
	const xmlNode *title = child(e, "title"), *label = child(e, "label");
	if (!back) {
		/* references in the running text: paragraphs, linkable */
		if (title || label) {
			gal_node *p = add(j, box, GAL_NODE_PARA, e);
			heading_content(j, wrap(j, e, p, GAL_NODE_STRONG), label, title, NULL);
		}
		for (const xmlNode *c = e->children; c && !j->imp->stop; c = c->next) {
			if (is(c, "ref")) {
				gal_node *p = add(j, box, GAL_NODE_PARA, c);
				if (!p)
					return;
				set_id(j, p, c);
				const char *l = plain(j, child(c, "label"), 0);
				if (l) {
					puts_(j, p, l);
					puts_(j, p, " ");
				}
				ref_entry(j, c, p);
			} else if (c != title && c != label && c->type == XML_ELEMENT_NODE) {
				block(j, c, box);
			}
		}
		return;
	}
	gal_node *refs = add(j, back, GAL_NODE_REFS, e), *first = refs;
	if (!refs)
		return;
	set_id(j, refs, e);
	if (title || label) {
		gal_node *h = add(j, refs, GAL_NODE_HEADING, title ? title : label);
		if (h)
			heading_content(j, h, label, title, NULL);
	}
	for (const xmlNode *c = e->children; c && !j->imp->stop; c = c->next) {
		if (is(c, "ref")) {
			gal_node *r = add(j, refs, GAL_NODE_REF, c);
			if (!r)
				return;
			set_id(j, r, c);
			clean_label(j, r, plain(j, child(c, "label"), 0));
			if (enter(j, c)) {
				ref_entry(j, c, r);
				leave(j);
			}
		} else if (is(c, "ref-list")) {
			if (enter(j, c)) {
				b_ref_list(j, c, back, NULL);
				leave(j);
			}
			/* references after a nested list go in a list of their own */
			gal_node *more = NULL;
			for (const xmlNode *d = c->next; d; d = d->next)
				if (is(d, "ref"))
					more = refs;
			if (more) {
				refs = add(j, back, GAL_NODE_REFS, e);
				if (!refs)
					return;
			}
		} else if (c != title && c != label && c->type == XML_ELEMENT_NODE) {
			block(j, c, back);
		}
	}
	/* a list that only wraps others is not one more "References" */
	if (!first->first && !first->id)
		gal_node_unlink(first);
}

static void b_fn_group(J *j, const xmlNode *e, gal_node *box, const jel *el)
{
	int left = 0;
	for (const xmlNode *c = e->children; c; c = c->next) {
		if (is(c, "fn")) {
			const gal_strmap_ent *k = gal_strmap_find(&j->xml_ids, prop(j, c, "id"));
			left += !k || k->tag != FN_INLINED;
		} else if (c->type == XML_ELEMENT_NODE && !is(c, "title") && !is(c, "label")) {
			left++;
		}
	}
	if (!left)
		return; /* every note went to its call */
	const xmlNode *label, *title;
	label_title(e, &label, &title);
	gal_node *target = box;
	if ((label || title) && gal_node_can_contain(box->type, GAL_NODE_SECTION)) {
		target = add(j, box, GAL_NODE_SECTION, e);
		if (!target)
			return;
		set_id(j, target, e);
		gal_node *h = add(j, target, GAL_NODE_HEADING, title ? title : label);
		if (h)
			heading_content(j, h, label, title, NULL);
	}
	for (const xmlNode *c = e->children; c && !j->imp->stop; c = c->next) {
		if (c == label || c == title)
			continue;
		if (is(c, "fn"))
			note_block(j, c, target);
		else if (c->type == XML_ELEMENT_NODE)
			block(j, c, target);
	}
}

static void abstract_in(J *j, const xmlNode *e, gal_node *box, int heading)
{
	const xmlNode *label, *title;
	label_title(e, &label, &title);
	gal_node *s = box;
	if (heading) {
		s = add(j, box, GAL_NODE_SECTION, e);
		if (!s)
			return;
		set_id(j, s, e);
		if (label || title) {
			gal_node *h = add(j, s, GAL_NODE_HEADING, title ? title : e);
			if (h)
				heading_content(j, h, label, title, NULL);
		}
	}
	flow_children(j, e, s, label, title);
}

/* ---- the block handlers of the table ------------------------------------------ */

static void b_section(J *j, const xmlNode *e, gal_node *box, const jel *el)
{
	section(j, e, box, NULL);
}

static void b_ack(J *j, const xmlNode *e, gal_node *box, const jel *el)
{
	section(j, e, box, ack_word(j->doc->meta.lang));
}

static void b_app_group(J *j, const xmlNode *e, gal_node *box, const jel *el)
{
	if (child(e, "title"))
		section(j, e, box, NULL);
	else
		flow_children(j, e, box, NULL, NULL);
}

static void b_p(J *j, const xmlNode *e, gal_node *box, const jel *el)
{
	flow f = { box, add(j, box, GAL_NODE_PARA, e), 1 };
	if (f.para) {
		set_id(j, f.para, e);
		flow_list(j, e->children, &f);
	} else {
		flatten(j, e, box);
	}
}

static void b_graphic(J *j, const xmlNode *e, gal_node *box, const jel *el)
{
	gal_node *fig = add(j, box, GAL_NODE_FIGURE, e);
	image(j, e, fig, NULL);
}

/* fig-group, table-wrap-group, disp-formula-group */
static void b_group(J *j, const xmlNode *e, gal_node *box, const jel *el)
{
	const xmlNode *label = child(e, "label"), *cap = child(e, "caption");
	if (label || cap) {
		gal_node *p = add(j, box, GAL_NODE_PARA, e);
		set_id(j, p, e);
		if (label)
			inl_list(j, label->children, wrap(j, label, p, GAL_NODE_STRONG));
		if (cap) {
			sep(j, p, " ");
			caption_content(j, cap, p);
		}
	}
	flow_children(j, e, box, label, cap);
}

/* a bare table; an <array> holds its rows (tbody) or a <table> */
static void b_table(J *j, const xmlNode *e, gal_node *box, const jel *el)
{
	const xmlNode *t = e;
	if (is(e, "array") && !child(e, "tbody"))
		t = find_table(e, 0);
	gal_node *tab = t ? add(j, box, GAL_NODE_TABLE, e) : NULL;
	if (tab) {
		set_id(j, tab, e);
		table_body(j, t, tab, 0);
	} else {
		flow_children(j, e, box, NULL, NULL);
	}
}

static void b_boxed(J *j, const xmlNode *e, gal_node *box, const jel *el)
{
	boxed(j, e, box, GAL_ASIDE_BOX);
}

static void b_statement(J *j, const xmlNode *e, gal_node *box, const jel *el)
{
	boxed(j, e, box, GAL_ASIDE_NOTE);
}

static void b_fn(J *j, const xmlNode *e, gal_node *box, const jel *el)
{
	note_block(j, e, box);
}

static void b_abstract(J *j, const xmlNode *e, gal_node *box, const jel *el)
{
	abstract_in(j, e, box, gal_node_can_contain(box->type, GAL_NODE_SECTION));
}

static void b_hr(J *j, const xmlNode *e, gal_node *box, const jel *el)
{
	if (!add(j, box, GAL_NODE_HR, e))
		flatten(j, e, box);
}

static void b_speech(J *j, const xmlNode *e, gal_node *box, const jel *el)
{
	gal_node *p = add(j, box, GAL_NODE_PARA, e);
	set_id(j, p, e);
	if (!p)
		return;
	const xmlNode *sp = child(e, "speaker");
	if (sp)
		inl_list(j, sp->children, wrap(j, sp, p, GAL_NODE_STRONG));
	inl_paras(j, e, p, "speaker");
}

/* The name of a contributor (a person, else a collaboration), or its text. */
static const char *contrib_name(J *j, const xmlNode *c)
{
	const xmlNode *who = child(c, "name") ? child(c, "name") :
			     child(c, "string-name") ? child(c, "string-name") :
			     child(c, "collab");
	return who ? person(j, who, 0) : plain(j, c, 0);
}

static void b_contrib_group(J *j, const xmlNode *e, gal_node *box, const jel *el)
{
	gal_node *p = add(j, box, GAL_NODE_PARA, e);
	set_id(j, p, e);
	for (const xmlNode *c = p ? e->children : NULL; c; c = c->next)
		if (is(c, "contrib")) {
			sep(j, p, ", ");
			puts_(j, p, contrib_name(j, c));
		}
}

/* a paragraph of its own holding the element read inline */
static void b_para_inline(J *j, const xmlNode *e, gal_node *box, const jel *el)
{
	gal_node *p = add(j, box, GAL_NODE_PARA, e);
	set_id(j, p, e);
	if (p)
		inline_el(j, e, p);
}

/* inline content standing among blocks: a paragraph */
static void b_inline(J *j, const xmlNode *e, gal_node *box, const jel *el)
{
	gal_node *p = add(j, box, GAL_NODE_PARA, e);
	inline_el(j, e, p);
}

static void b_bold(J *j, const xmlNode *e, gal_node *box, const jel *el)
{
	gal_node *p = add(j, box, GAL_NODE_PARA, e);
	inl_list(j, e->children, wrap(j, e, p, GAL_NODE_STRONG));
}

static void b_alternatives(J *j, const xmlNode *e, gal_node *box, const jel *el)
{
	const xmlNode *t = find_table(e, 1);
	const xmlNode *m = NULL, *g = child(e, "graphic");
	for (const xmlNode *c = e->children; c; c = c->next)
		if (is_math(c) || is(c, "tex-math"))
			m = c;
	if (t) {
		gal_node *tab = add(j, box, GAL_NODE_TABLE, t);
		if (tab)
			table_body(j, t, tab, 0);
	} else if (m) {
		b_formula(j, e, box, NULL);
	} else if (g) {
		gal_node *fig = add(j, box, GAL_NODE_FIGURE, e);
		image(j, g, fig, NULL);
	} else {
		for (const xmlNode *c = e->children; c; c = c->next)
			if (c->type == XML_ELEMENT_NODE) {
				block(j, c, box);
				break;
			}
	}
}

/* wrappers whose content simply continues the flow */
static void b_flow(J *j, const xmlNode *e, gal_node *box, const jel *el)
{
	flow_children(j, e, box, NULL, NULL);
}

static void b_part(J *j, const xmlNode *e, gal_node *box, const jel *el)
{
	part(j, e);
}

/* ---- TaxPub: taxonomic treatments (Pensoft, Plazi) ------------------------- */

/* Whether a taxon name is a genus's or below (a species, a variety):
 * set in italics, as the codes of nomenclature have it; a family's is
 * not. */
static int italic_rank(J *j, const xmlNode *name)
{
	static const char *const ranks[] = { "genus", "subgenus", "species", "subspecies",
					     "variety", "form", "section", "series" };
	for (const xmlNode *c = name->children; c; c = c->next) {
		const char *t = is(c, "taxon-name-part") ? prop(j, c, "taxon-name-part-type") : NULL;
		for (size_t i = 0; t && i < sizeof ranks / sizeof *ranks; i++)
			if (!strcmp(t, ranks[i]))
				return 1;
	}
	return 0;
}

/* A treatment's nomenclature: the taxon's name, authority and status on
 * one bold line, the head of the treatment as the journals set it; the
 * citations of the name follow, a paragraph each. */
static void b_nomenclature(J *j, const xmlNode *e, gal_node *box, const jel *el)
{
	gal_node *p = add(j, box, GAL_NODE_PARA, e);
	gal_node *b = p ? wrap(j, e, p, GAL_NODE_STRONG) : NULL;
	if (!b) {
		flatten(j, e, box);
		return;
	}
	set_id(j, p, e);
	for (const xmlNode *c = e->children; c && !j->imp->stop; c = c->next) {
		if (c->type != XML_ELEMENT_NODE || is(c, "nomenclature-citation-list"))
			continue;
		sep(j, b, " ");
		inline_el(j, c, is(c, "taxon-name") && italic_rank(j, c) ? wrap(j, c, b, GAL_NODE_EMPH) : b);
	}
	for (const xmlNode *c = e->children; c && !j->imp->stop; c = c->next)
		if (is(c, "nomenclature-citation-list"))
			flow_children(j, c, box, NULL, NULL);
}

/* A section of a treatment (Type., Description., Distribution.): its
 * title run into its first paragraph, as the journals set it, never a
 * numbered section of the article's outline. */
static void b_treatment_sec(J *j, const xmlNode *e, gal_node *box, const jel *el)
{
	const xmlNode *label, *title, *first = e->children;
	label_title(e, &label, &title);
	while (first && (first == label || first == title || first->type != XML_ELEMENT_NODE))
		first = first->next;
	if (!label && !title) {
		flow_children(j, e, box, NULL, NULL);
		return;
	}
	int run_in = first && is(first, "p");
	gal_node *p = add(j, box, GAL_NODE_PARA, run_in ? first : e);
	if (!p) {
		flatten(j, e, box);
		return;
	}
	set_id(j, p, e);
	heading_content(j, wrap(j, title ? title : label, p, GAL_NODE_STRONG), label, title, NULL);
	if (run_in) {
		puts_(j, p, " ");
		flow f = { box, p, 1 };
		flow_list(j, first->children, &f);
	}
	flow f = { box, NULL, 0 };
	for (const xmlNode *c = run_in ? first->next : e->children; c && !j->imp->stop; c = c->next)
		if (c != label && c != title)
			flow_node(j, c, &f);
}

static void b_unknown(J *j, const xmlNode *e, gal_node *box, const jel *el)
{
	gal_imp_unknown(j->imp, e);
	flow_children(j, e, box, NULL, NULL);
}

#define SKIP(n) { n, J_SKIP, GAL_NODE_COUNT, NULL, NULL }
#define TEXT(n) { n, 0, GAL_NODE_COUNT, i_text, b_inline }
#define BLOCK(n, b) { n, J_BRK, GAL_NODE_COUNT, i_flat, b }
#define WRAP(n, t) { n, 0, t, i_wrap, NULL }
#define INLINE(n, i) { n, 0, GAL_NODE_COUNT, i, NULL }
#define PARA(n) { n, 0, GAL_NODE_COUNT, i_text, b_para_inline }
#define EXT(n, b) { n, J_EXT, GAL_NODE_COUNT, i_plain, b }

static const jel elements[] = {
	/* no text of their own, or metadata: left out quietly */
	SKIP("journal-meta"), SKIP("article-categories"), SKIP("history"),
	SKIP("counts"), SKIP("custom-meta-group"), SKIP("custom-meta"),
	SKIP("funding-group"), SKIP("self-uri"), SKIP("object-id"),
	SKIP("alt-text"), SKIP("long-desc"), SKIP("index-term"),
	SKIP("index-term-range-end"), SKIP("milestone-start"),
	SKIP("milestone-end"), SKIP("target"), SKIP("processing-meta"),
	SKIP("kwd-group"), SKIP("sec-meta"),
	SKIP("glyph-data"), SKIP("glyph-ref"), SKIP("permissions"),
	SKIP("article-version"), SKIP("pub-history"), SKIP("funding-statement"),
	SKIP("contrib-id"), SKIP("colgroup"), SKIP("col"),
	SKIP("related-object"), SKIP("article-id"), SKIP("pub-date"),
	SKIP("author-notes"), SKIP("trans-title-group"), SKIP("alt-title"),
	SKIP("equation-count"), SKIP("fig-count"), SKIP("table-count"),
	SKIP("ref-count"), SKIP("page-count"), SKIP("word-count"),
	SKIP("award-group"), SKIP("principal-award-recipient"),
	SKIP("free_to_read"), SKIP("license_ref"), SKIP("issue-title"),
	SKIP("supplement"),
	/* inline content with no formatting of its own; a paragraph among blocks */
	TEXT("roman"), TEXT("sans-serif"), TEXT("overline"), TEXT("strike"),
	TEXT("ruby"), TEXT("rb"), TEXT("rt"), TEXT("x"), TEXT("private-char"),
	TEXT("chem-struct"), TEXT("phone"), TEXT("fax"), TEXT("institution"),
	TEXT("institution-wrap"), TEXT("country"), TEXT("addr-line"),
	TEXT("city"), TEXT("state"), TEXT("postal-code"), TEXT("date"),
	TEXT("year"), TEXT("month"), TEXT("day"), TEXT("season"),
	TEXT("volume"), TEXT("issue"), TEXT("fpage"), TEXT("lpage"),
	TEXT("elocation-id"), TEXT("page-range"), TEXT("publisher-loc"),
	TEXT("publisher-name"), TEXT("edition"), TEXT("article-title"),
	TEXT("chapter-title"), TEXT("part-title"), TEXT("data-title"),
	TEXT("trans-title"), TEXT("trans-source"), TEXT("conf-name"),
	TEXT("conf-loc"), TEXT("conf-date"), TEXT("conf-sponsor"),
	TEXT("date-in-citation"), TEXT("comment"), TEXT("annotation"),
	TEXT("role"), TEXT("surname"), TEXT("given-names"), TEXT("prefix"),
	TEXT("suffix"), TEXT("degrees"), TEXT("series"), TEXT("size"),
	TEXT("isbn"), TEXT("issn"), TEXT("issn-l"), TEXT("std"),
	TEXT("std-organization"), TEXT("patent"), TEXT("gov"), TEXT("version"),
	TEXT("access-date"), TEXT("time-stamp"), TEXT("collab"),
	TEXT("anonymous"), TEXT("term"), TEXT("kwd"), TEXT("compound-kwd"),
	TEXT("compound-kwd-part"), TEXT("inline-supplementary-material"),
	TEXT("award-id"), TEXT("funding-source"), TEXT("string-date"),
	TEXT("string-conf"), TEXT("ext-link-type"),
	TEXT("citation-alternatives"), TEXT("num"), TEXT("speaker"),
	TEXT("aff-alternatives"), TEXT("contrib"), TEXT("on-behalf-of"),
	TEXT("author-comment"), TEXT("price"), TEXT("copyright-statement"),
	TEXT("copyright-year"), TEXT("copyright-holder"), TEXT("license"),
	TEXT("license-p"), TEXT("abbrev-journal-title"), TEXT("journal-title"),
	TEXT("journal-id"), TEXT("institution-id"), TEXT("question-preamble"),
	/* blocks: a paragraph they interrupt, a line of their own in running text */
	BLOCK("tr", NULL), BLOCK("thead", NULL), BLOCK("tbody", NULL),
	BLOCK("tfoot", NULL), BLOCK("td", NULL), BLOCK("th", NULL),
	BLOCK("abstract", b_abstract), BLOCK("trans-abstract", b_abstract),
	BLOCK("ack", b_ack), BLOCK("app-group", b_app_group),
	BLOCK("subtitle", b_bold), BLOCK("boxed-text", b_boxed),
	BLOCK("fig", b_figure), BLOCK("chem-struct-wrap", b_figure),
	BLOCK("list-item", b_flow), BLOCK("def-item", b_flow),
	BLOCK("question-wrap", b_flow), BLOCK("question", b_flow),
	BLOCK("answer", b_flow), BLOCK("answer-set", b_flow),
	BLOCK("explanation", b_flow), BLOCK("option", b_flow),
	BLOCK("body", b_flow), BLOCK("back", b_flow),
	BLOCK("floats-group", b_flow), BLOCK("fn-group", b_fn_group),
	BLOCK("fig-group", b_group), BLOCK("table-wrap-group", b_group),
	BLOCK("disp-formula-group", b_group), BLOCK("def-list", b_list),
	BLOCK("p", b_p), BLOCK("sig-block", b_para_inline),
	BLOCK("disp-quote", b_quote), BLOCK("ref-list", b_ref_list),
	BLOCK("sec", b_section), BLOCK("app", b_section),
	BLOCK("notes", b_section), BLOCK("glossary", b_section),
	BLOCK("question-wrap-group", b_section), BLOCK("speech", b_speech),
	BLOCK("statement", b_statement), BLOCK("table", b_table),
	BLOCK("array", b_table), BLOCK("table-wrap", b_table_wrap),
	BLOCK("verse-group", b_verse),
	/* inline markup: a node of its own */
	WRAP("italic", GAL_NODE_EMPH), WRAP("underline", GAL_NODE_EMPH),
	WRAP("em", GAL_NODE_EMPH), WRAP("bold", GAL_NODE_STRONG),
	WRAP("sc", GAL_NODE_SMALLCAPS), WRAP("monospace", GAL_NODE_CODE),
	WRAP("sup", GAL_NODE_SUP), WRAP("sub", GAL_NODE_SUB),
	/* inline only: unknown among blocks */
	INLINE("abbrev", i_abbrev), INLINE("break", i_break),
	INLINE("ext-link", i_link), INLINE("uri", i_link),
	INLINE("email", i_link), INLINE("name", i_name),
	INLINE("name-alternatives", i_person), INLINE("pub-id", i_pub_id),
	INLINE("string-name", i_string_name), INLINE("span", i_styled),
	INLINE("xref", i_xref), INLINE("inline-graphic", i_inline_graphic),
	/* text of their own: a paragraph among blocks */
	PARA("related-article"), PARA("sig"), PARA("aff"), PARA("verse-line"),
	PARA("address"),
	/* TaxPub: a treatment's parts as blocks, names and their parts as
	 * words of their own */
	BLOCK("taxon-treatment", b_flow), BLOCK("treatment-meta", b_flow),
	BLOCK("nomenclature", b_nomenclature), BLOCK("treatment-sec", b_treatment_sec),
	BLOCK("nomenclature-citation-list", b_flow),
	{ "nomenclature-citation", J_BRK | J_EXT, GAL_NODE_COUNT, i_plain, b_para_inline },
	EXT("taxon-name", b_inline), EXT("taxon-name-part", b_inline),
	EXT("taxon-authority", b_inline), EXT("taxon-status", b_inline),
	EXT("material-citation", b_para_inline), EXT("type-status", b_inline),
	/* the rest, each its own way */
	{ "table-wrap-foot", 0, GAL_NODE_COUNT, NULL, b_flow },
	{ "sub-article", J_BRK, GAL_NODE_COUNT, NULL, b_part },
	{ "response", J_BRK, GAL_NODE_COUNT, NULL, b_part },
	{ "element-citation", J_BRKOUT, GAL_NODE_COUNT, i_citation, b_para_inline },
	{ "mixed-citation", J_BRKOUT, GAL_NODE_COUNT, i_citation, b_para_inline },
	{ "nlm-citation", J_BRK, GAL_NODE_COUNT, i_citation, b_para_inline },
	{ "citation", J_BRK, GAL_NODE_COUNT, i_citation, b_para_inline },
	{ "etal", 0, GAL_NODE_COUNT, i_etal, b_inline },
	{ "contrib-group", J_BRKOUT, GAL_NODE_COUNT, i_flat, b_contrib_group },
	{ "graphic", J_BRKOUT, GAL_NODE_COUNT, i_flat, b_graphic },
	{ "ref", J_BRKOUT, GAL_NODE_COUNT, i_flat, b_para_inline },
	{ "fn", J_BRKOUT, GAL_NODE_COUNT, i_fn, b_fn },
	{ "alternatives", J_BRKOUT, GAL_NODE_COUNT, i_formula, b_alternatives },
	{ "disp-formula", J_BRK, GAL_NODE_COUNT, i_formula, b_formula },
	{ "math", J_BRKOUT, GAL_NODE_COUNT, i_formula, b_formula },
	{ "tex-math", J_BRKOUT, GAL_NODE_COUNT, i_formula, b_formula },
	{ "inline-formula", 0, GAL_NODE_COUNT, i_formula, b_inline },
	{ "label", J_BRKOUT, GAL_NODE_COUNT, i_label, b_para_inline },
	{ "list", J_BRK, GAL_NODE_COUNT, i_list, b_list },
	{ "supplementary-material", J_BRK, GAL_NODE_COUNT, i_material, b_material },
	{ "media", J_BRKOUT, GAL_NODE_COUNT, i_material, b_material },
	{ "person-group", 0, GAL_NODE_COUNT, i_person_group, b_inline },
	{ "source", 0, GAL_NODE_COUNT, i_source, b_inline },
	{ "styled-content", 0, GAL_NODE_COUNT, i_styled, b_inline },
	{ "named-content", 0, GAL_NODE_COUNT, i_styled, b_inline },
	{ "def", 0, GAL_NODE_COUNT, i_text, b_flow },
	{ "hr", J_BRK, GAL_NODE_COUNT, i_text, b_hr },
	{ "attrib", J_BRKOUT, GAL_NODE_COUNT, i_text, b_para_inline },
	{ "caption", J_BRKOUT, GAL_NODE_COUNT, i_text, b_para_inline },
	{ "bio", 0, GAL_NODE_COUNT, i_text, b_section },
	{ "title", J_BRKOUT, GAL_NODE_COUNT, i_title, b_bold },
	{ "preformat", J_BRK, GAL_NODE_CODE, i_code, b_pre },
	{ "code", J_BRKOUT, GAL_NODE_CODE, i_code, b_pre },
};

static const jel *lookup(const xmlNode *e)
{
	const char *n = nm(e);
	for (size_t i = 0; i < sizeof elements / sizeof *elements; i++)
		if (elements[i].name[0] == n[0] && !strcmp(elements[i].name, n))
			return &elements[i];
	return NULL;
}

static void block(J *j, const xmlNode *e, gal_node *box)
{
	if (j->imp->stop || !box)
		return;
	const jel *el = lookup(e);
	if (el && (el->flags & J_SKIP))
		return;
	if (!enter(j, e))
		return;
	(el && el->blk ? el->blk : b_unknown)(j, e, box, el);
	leave(j);
}

/* Elements that interrupt a paragraph. */
static int is_block_el(const xmlNode *e, int inpara)
{
	const jel *el = lookup(e);
	if (!el || (el->flags & J_BRK))
		return el != NULL;
	if (!(el->flags & J_BRKOUT))
		return 0;
	/* code in a paragraph: a listing when it has lines of its own (the
	 * tag library makes <code> a display element, as PMC sets it), a
	 * phrase of the line otherwise */
	return !inpara || (el->blk == b_pre && gal_imp_verbatim_lines(e));
}

static void flow_node(J *j, const xmlNode *c, flow *f)
{
	switch (c->type) {
	case XML_TEXT_NODE:
	case XML_CDATA_SECTION_NODE:
		if (!f->para && blank((const char *)c->content))
			return;
		if (!f->para)
			f->para = add(j, f->box, GAL_NODE_PARA, c);
		text(j, f->para, (const char *)c->content, strlen((const char *)c->content), c);
		return;
	case XML_ELEMENT_NODE:
		break;
	default:
		return;
	}
	if (skipped(c))
		return;
	if (is_block_el(c, f->inpara)) {
		f->para = NULL;
		block(j, c, f->box);
		return;
	}
	if (!f->para)
		f->para = add(j, f->box, GAL_NODE_PARA, c);
	inline_el(j, c, f->para);
}

static void flow_list(J *j, const xmlNode *c, flow *f)
{
	for (; c && !j->imp->stop; c = c->next)
		flow_node(j, c, f);
}

/* ---- metadata --------------------------------------------------------------- */

static void title_group(J *j, const xmlNode *tg)
{
	gal_meta *m = &j->doc->meta;
	const xmlNode *at = child(tg, "article-title"), *st = child(tg, "subtitle");
	if (at && !m->title) {
		m->title = detached(j, GAL_NODE_TITLE, at);
		inl_list(j, at->children, m->title);
	}
	if (st && !m->subtitle) {
		m->subtitle = detached(j, GAL_NODE_SUBTITLE, st);
		inl_list(j, st->children, m->subtitle);
	}
	/* the running head's title; publishers put placeholders there too */
	static const char *const rh_types[] = {
		"running-head", "running-title", "running", "short", "short-title", NULL
	};
	for (const xmlNode *c = tg ? tg->children : NULL; c && !m->short_title; c = c->next) {
		const char *type = is(c, "alt-title") ? prop(j, c, "alt-title-type") : NULL;
		if (!type || !name_in(type, rh_types))
			continue;
		const char *s = plain(j, c, 0);
		if (s && *s && strcasecmp(s, "N/A") != 0 &&
		    strcasecmp(s, "NA") != 0 && strcmp(s, "-") != 0)
			m->short_title = s;
	}
}

static const char *aff_text(J *j, const xmlNode *aff)
{
	if (is(aff, "aff-alternatives"))
		aff = child(aff, "aff");
	/* SciELO gives the affiliation as printed, then its parts again */
	for (const xmlNode *c = aff ? aff->children : NULL; c; c = c->next)
		if (is(c, "institution") && prop_is(j, c, "content-type", "original") &&
		    plain(j, c, 0))
			return plain(j, c, 0);
	const char *s = plain(j, aff, PT_NOLABEL | PT_COMMA);
	if (!s)
		return NULL;
	/* separators between parts that were empty or already punctuated */
	gal_buf b = GAL_BUF_INIT;
	for (const char *p = s; *p; p++) {
		if (*p == ',' && b.len && (b.data[b.len - 1] == ',' || b.data[b.len - 1] == '.'))
			continue;
		if (*p == ' ' && b.len && b.data[b.len - 1] == ' ')
			continue;
		if (*p == ',' && b.len && b.data[b.len - 1] == ' ' && b.len >= 2 &&
		    b.data[b.len - 2] == ',')
			continue;
		gal_buf_putc(&b, *p);
	}
	while (b.len && (b.data[b.len - 1] == ',' || b.data[b.len - 1] == ' '))
		b.data[--b.len] = '\0';
	const char *r = b.len ? gal_doc_strndup(j->doc, b.data, b.len) : NULL;
	gal_buf_free(&b);
	return r;
}

/* The group of authors of affiliation a, made on first use. */
static aff_group *aff_find(J *j, const char *a)
{
	for (size_t i = 0; i < j->n_affs; i++)
		if (!strcmp(j->affs[i].aff, a))
			return &j->affs[i];
	j->affs = xrealloc(j->affs, (j->n_affs + 1) * sizeof *j->affs);
	aff_group *g = &j->affs[j->n_affs++];
	g->aff = a;
	g->names = (gal_buf)GAL_BUF_INIT;
	return g;
}

static const xmlNode *only_aff(const xmlNode *e)
{
	const xmlNode *a = NULL;
	for (const xmlNode *c = e ? e->children : NULL; c; c = c->next)
		if (is(c, "aff")) {
			if (a)
				return NULL;
			a = c;
		}
	return a;
}

/* An author's affiliation a (NULL: none): onto the author's list, and
 * the author's name into the affiliation's group for the front matter. */
static void author_aff(J *j, gal_buf *affs, const char *a, const char *name)
{
	if (!a)
		return;
	gal_buf_printf(affs, "%s%s", affs->len ? "; " : "", a);
	aff_group *g = aff_find(j, a);
	if (name)
		gal_buf_printf(&g->names, "%s%s", g->names.len ? ", " : "", name);
}

static void contribs(J *j, const xmlNode *cg, const xmlNode *am)
{
	for (const xmlNode *c = cg->children; c && !j->imp->stop; c = c->next) {
		if (!is(c, "contrib"))
			continue;
		const char *type = prop(j, c, "contrib-type");
		if (type && strcmp(type, "author") && strcmp(type, "autor"))
			continue;
		const char *name = NULL;
		for (const xmlNode *n = c->children; n && !name; n = n->next) {
			if (is(n, "name") || is(n, "string-name") || is(n, "name-alternatives"))
				name = person(j, n, 0);
			else if (is(n, "collab") || is(n, "collab-alternatives"))
				name = plain(j, is(n, "collab") ? n : child(n, "collab"), PT_NOLABEL);
			else if (is(n, "anonymous"))
				name = "Anonymous";
		}
		if (!name)
			continue;
		gal_buf affs = GAL_BUF_INIT;
		const char *href = NULL;
		for (const xmlNode *n = c->children; n; n = n->next) {
			if (is(n, "aff") || is(n, "aff-alternatives")) {
				author_aff(j, &affs, aff_text(j, n), name);
			} else if (is(n, "xref") && prop_is(j, n, "ref-type", "aff")) {
				const char *rids = prop(j, n, "rid");
				while (rids && *rids) {
					size_t l = strcspn(rids, " \t\n");
					if (l) {
						const char *id = gal_doc_strndup(j->doc, rids, l);
						const gal_strmap_ent *k = gal_strmap_find(&j->xml_ids, id);
						author_aff(j, &affs, k ? aff_text(j, k->val) : NULL,
							   name);
					}
					rids += l;
					rids += strspn(rids, " \t\n");
				}
			} else if (is(n, "contrib-id") && !href) {
				const char *v = plain(j, n, 0);
				const char *t = prop(j, n, "contrib-id-type");
				if (v && has_scheme(v))
					href = v;
				else if (v && t && !strcmp(t, "orcid"))
					href = gal_doc_printf(j->doc, "https://orcid.org/%s", v);
			}
		}
		if (!affs.len) {
			const xmlNode *a = only_aff(cg);
			if (!a)
				a = only_aff(am);
			author_aff(j, &affs, a ? aff_text(j, a) : NULL, name);
		}
		gal_doc_add_author(j->doc, name, href, affs.len ? affs.data : NULL);
		gal_buf_free(&affs);
	}
}

static int digits(const char *s, size_t n)
{
	if (!s || strlen(s) != n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

static const char *iso_date(J *j, const xmlNode *d)
{
	const char *iso = prop(j, d, "iso-8601-date");
	if (iso && strlen(iso) >= 4 && digits(gal_doc_strndup(j->doc, iso, 4), 4))
		return gal_doc_strdup(j->doc, iso);
	const char *y = plain(j, child(d, "year"), 0);
	const char *m = plain(j, child(d, "month"), 0);
	const char *dd = plain(j, child(d, "day"), 0);
	if (!digits(y, 4))
		return NULL;
	int mi = m ? atoi(m) : 0, di = dd ? atoi(dd) : 0;
	if (mi < 1 || mi > 12)
		return y;
	if (di < 1 || di > 31)
		return gal_doc_printf(j->doc, "%s-%02d", y, mi);
	return gal_doc_printf(j->doc, "%s-%02d-%02d", y, mi, di);
}

static int date_rank(J *j, const xmlNode *d)
{
	const char *t = prop(j, d, "date-type");
	if (!t)
		t = prop(j, d, "pub-type");
	if (!t)
		return 3;
	if (!strcmp(t, "epub") || !strcmp(t, "pub") || !strcmp(t, "publication"))
		return 5;
	if (!strcmp(t, "ppub") || !strcmp(t, "epub-ppub"))
		return 4;
	if (!strcmp(t, "collection"))
		return 2;
	return 1;
}

static void permissions(J *j, const xmlNode *p)
{
	gal_buf b = GAL_BUF_INIT;
	const char *cs = plain(j, child(p, "copyright-statement"), 0);
	if (cs) {
		gal_buf_puts(&b, cs);
	} else {
		const char *y = plain(j, child(p, "copyright-year"), 0);
		const char *h = plain(j, child(p, "copyright-holder"), 0);
		if (y || h)
			gal_buf_printf(&b, "\u00a9 %s%s%s", y ? y : "", y && h ? " " : "",
				       h ? h : "");
	}
	for (const xmlNode *c = p->children; c; c = c->next) {
		if (!is(c, "license"))
			continue;
		const char *s = plain(j, c, 0);
		if (!s)
			s = prop(j, c, "href");
		if (s && *s)
			gal_buf_printf(&b, "%s%s", b.len ? " " : "", s);
	}
	if (b.len && !j->doc->meta.rights)
		j->doc->meta.rights = gal_doc_strndup(j->doc, b.data, b.len);
	gal_buf_free(&b);
}

static void keywords(J *j, const xmlNode *kg)
{
	const char *lang = gal_imp_lang(j->imp, kg);
	if (lang && j->doc->meta.lang && strncmp(lang, j->doc->meta.lang, 2))
		return; /* keywords in another language (translations) */
	for (const xmlNode *c = kg->children; c; c = c->next) {
		if (!is(c, "kwd") && !is(c, "compound-kwd"))
			continue;
		const char *s = plain(j, c, 0);
		if (s)
			gal_doc_add_keyword(j->doc, s);
	}
}

static void abstracts(J *j, const xmlNode *am)
{
	const xmlNode *main_abs = NULL;
	for (const xmlNode *c = am->children; c; c = c->next)
		if (is(c, "abstract") && !prop(j, c, "abstract-type")) {
			main_abs = c;
			break;
		}
	if (!main_abs)
		main_abs = child(am, "abstract");
	if (!main_abs && !child(am, "trans-abstract"))
		return;
	gal_node *s = detached(j, GAL_NODE_SUMMARY, main_abs ? main_abs : am);
	if (!s)
		return;
	s->summary_kind = GAL_SUMMARY_ABSTRACT;
	j->doc->meta.abstract = s;
	if (main_abs) {
		const xmlNode *label, *title;
		label_title(main_abs, &label, &title);
		if (title) {
			gal_node *h = add(j, s, GAL_NODE_HEADING, title);
			if (h)
				heading_content(j, h, label, title, NULL);
		}
		set_id(j, s, main_abs);
		flow_children(j, main_abs, s, label, title);
	}
	for (const xmlNode *c = am->children; c && !j->imp->stop; c = c->next)
		if (c != main_abs && (is(c, "abstract") || is(c, "trans-abstract")))
			abstract_in(j, c, s, 1);
}

static void article_meta(J *j, const xmlNode *am)
{
	gal_meta *m = &j->doc->meta;
	const xmlNode *best_date = NULL;
	for (const xmlNode *c = am->children; c && !j->imp->stop; c = c->next) {
		if (is(c, "title-group")) {
			title_group(j, c);
		} else if (is(c, "article-id")) {
			const char *v = plain(j, c, 0);
			if (v && prop_is(j, c, "pub-id-type", "doi") && !m->identifier)
				m->identifier = has_scheme(v) ? v : gal_doc_printf(j->doc, "doi:%s", v);
		} else if (is(c, "contrib-group")) {
			contribs(j, c, am);
		} else if (is(c, "pub-date")) {
			if (!best_date || date_rank(j, c) > date_rank(j, best_date))
				best_date = c;
		} else if (is(c, "permissions")) {
			permissions(j, c);
		} else if (is(c, "kwd-group")) {
			keywords(j, c);
		}
	}
	if (best_date)
		m->date = iso_date(j, best_date);
	abstracts(j, am);
}

/* ---- the front-matter block ------------------------------------------------ */

/* What a reader of the journal sees around the title and no other block
 * holds -- affiliations, whom to write to, the author notes, the
 * article's history, its DOI, copyright and licence, funding, a data
 * availability statement -- as one compact box of short paragraphs
 * before the body, in both outputs. Words the source does not give
 * ("Received", "Funding") come from prep's labels in the article's
 * language. */

/* A paragraph of the block, opening with label in bold when given. */
static gal_node *fm_para(J *j, gal_node *box, const xmlNode *src, const char *label)
{
	gal_node *p = add(j, box, GAL_NODE_PARA, src);
	if (p && label) {
		gal_node *b = wrap(j, src, p, GAL_NODE_STRONG);
		puts_(j, b, label);
		puts_(j, b, ":");
		puts_(j, p, " ");
	}
	return p;
}

static int has_letter(const char *s)
{
	for (; s && *s; s++)
		if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (unsigned char)*s >= 0x80)
			return 1;
	return 0;
}

/* Affiliations with the names of their authors; only the affiliation
 * when every author shares the one. */
static void fm_affs(J *j, gal_node *box, const xmlNode *am)
{
	for (size_t i = 0; i < j->n_affs; i++) {
		gal_node *p = fm_para(j, box, am, NULL);
		if (p && j->affs[i].names.len && j->n_affs > 1) {
			puts_(j, p, j->affs[i].names.data);
			puts_(j, p, ": ");
		}
		puts_(j, p, j->affs[i].aff);
	}
}

/* A mark at the start of a note's text (what comes before its first
 * letter or digit: "* ", "† "): it ties the note to a byline the
 * outputs do not mark. */
static void strip_mark(gal_node *t)
{
	if (!t || t->type != GAL_NODE_TEXT || !g_utf8_validate(t->literal, -1, NULL))
		return;
	const char *c = t->literal;
	while (*c && !g_unichar_isalnum(g_utf8_get_char(c)))
		c = g_utf8_next_char(c);
	t->literal = c;
}

/* Whether text s starts with word w, in any case. */
static int starts_with_word(const char *s, const char *w)
{
	if (!s || !w || !g_utf8_validate(s, -1, NULL) || !g_utf8_validate(w, -1, NULL))
		return 0;
	char *a = g_utf8_casefold(s, -1), *b = g_utf8_casefold(w, -1);
	int r = !strncmp(a, b, strlen(b));
	g_free(a);
	g_free(b);
	return r;
}

/* Whether n holds words outside its label and addresses: "* E-mail:"
 * says what follows, a bare address does not. */
static int words_beside_links(const xmlNode *n, int depth)
{
	for (const xmlNode *c = n->children; c; c = c->next) {
		if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) &&
		    has_letter((const char *)c->content))
			return 1;
		if (c->type == XML_ELEMENT_NODE && depth < 8 && !is(c, "label") &&
		    !is(c, "email") && !is(c, "ext-link") && !is(c, "uri") &&
		    words_beside_links(c, depth + 1))
			return 1;
	}
	return 0;
}

/* A note of the author notes: its words, its label (in bold) when it
 * has one; a mark before its first word (an asterisk that ties it to a
 * byline the outputs do not mark) left out; one that gives no word of
 * its own says what it is. */
static void fm_note(J *j, gal_node *box, const xmlNode *n, const gal_labels *L,
		    gal_node **bare)
{
	const char *type = prop(j, n, "fn-type");
	const xmlNode *label = child(n, "label");
	const char *what = NULL;
	if (is(n, "corresp") && !words_beside_links(n, 0)) {
		/* addresses alone: one line of them */
		gal_node *p = *bare ? *bare : fm_para(j, box, n, L->correspondence);
		if (*bare)
			puts_(j, p, ", ");
		*bare = p;
		gal_node *sp = add(j, p, GAL_NODE_SPAN, n);
		give_id(j, sp, prop(j, n, "id"));
		inl_paras(j, n, sp ? sp : p, "label");
		if (sp)
			strip_mark(sp->first);
		return;
	}
	*bare = NULL;
	if (!label && type && (!strcmp(type, "conflict") || !strcmp(type, "coi-statement")) &&
	    !starts_with_word(plain(j, n, 0), L->competing))
		what = L->competing;
	gal_node *p = fm_para(j, box, n, what);
	if (!p)
		return;
	give_id(j, p, prop(j, n, "id"));
	if (label && !is(n, "corresp") && plain(j, label, 0)) {
		inl_list(j, label->children, wrap(j, n, p, GAL_NODE_STRONG));
		puts_(j, p, " ");
	}
	gal_node *first = p->last;
	inl_paras(j, n, p, "label");
	strip_mark(first ? first->next : p->first);
}

static void fm_notes(J *j, gal_node *box, const xmlNode *am, const gal_labels *L)
{
	gal_node *bare = NULL;
	for (const xmlNode *an = am->children; an; an = an->next) {
		if (!is(an, "author-notes"))
			continue;
		for (const xmlNode *c = an->children; c && !j->imp->stop; c = c->next) {
			if (is(c, "corresp") || is(c, "fn"))
				fm_note(j, box, c, L, &bare);
			else if (is(c, "p"))
				b_p(j, c, box, NULL);
		}
	}
}

/* A date of the history as the article's readers write it. */
static const char *fm_date(J *j, const char *iso)
{
	const char *s = gal_date_text(j->doc, iso, j->doc->meta.lang);
	return s ? s : iso;
}

/* The history in one line: received, revised, accepted, published,
 * then the DOI. */
static void fm_dates(J *j, gal_node *box, const xmlNode *am, const gal_labels *L)
{
	static const struct { const char *type; size_t word; } kinds[] = {
		{ "received", offsetof(gal_labels, received) },
		{ "rev-recd", offsetof(gal_labels, revised) },
		{ "revised", offsetof(gal_labels, revised) },
		{ "accepted", offsetof(gal_labels, accepted) },
	};
	gal_buf b = GAL_BUF_INIT;
	const xmlNode *h = child(am, "history");
	for (const xmlNode *d = h ? h->children : NULL; d; d = d->next) {
		const char *type = is(d, "date") ? prop(j, d, "date-type") : NULL;
		const char *iso = type ? iso_date(j, d) : NULL;
		for (size_t k = 0; iso && k < sizeof kinds / sizeof *kinds; k++)
			if (!strcmp(type, kinds[k].type))
				gal_buf_printf(&b, "%s%s: %s", b.len ? " \u00b7 " : "",
					       *(const char *const *)((const char *)L + kinds[k].word),
					       fm_date(j, iso));
	}
	if (j->doc->meta.date)
		gal_buf_printf(&b, "%s%s: %s", b.len ? " \u00b7 " : "", L->published,
			       fm_date(j, j->doc->meta.date));
	const xmlNode *doi = NULL;
	for (const xmlNode *c = am->children; c && !doi; c = c->next)
		if (is(c, "article-id") && prop_is(j, c, "pub-id-type", "doi") && plain(j, c, 0))
			doi = c;
	gal_node *p = b.len || doi ? fm_para(j, box, h ? h : am, NULL) : NULL;
	puts_(j, p, b.data);
	if (p && doi) {
		/* the article's DOI closes the line */
		const char *v = plain(j, doi, 0);
		puts_(j, p, b.len ? " \u00b7 DOI: " : "DOI: ");
		gal_node *l = add(j, p, GAL_NODE_LINK, doi);
		if (l)
			l->url = doi_url(j, v);
		puts_(j, l ? l : p, has_scheme(v) ? v : gal_doc_printf(j->doc, "https://doi.org/%s", v));
	}
	gal_buf_free(&b);
}

/* Copyright and licence: the statement (or year and holder), the
 * licence's words, and its address when the words do not link it. */
static void fm_rights(J *j, gal_node *box, const xmlNode *am)
{
	const xmlNode *pm = child(am, "permissions");
	if (!pm)
		return;
	gal_node *p = fm_para(j, box, pm, NULL);
	const xmlNode *cs = child(pm, "copyright-statement");
	if (cs) {
		inl_list(j, cs->children, p);
		if (p && p->last && !ends_with_punct(p) && child(pm, "license"))
			puts_(j, p, ".");
	} else {
		const char *y = plain(j, child(pm, "copyright-year"), 0);
		const char *h = plain(j, child(pm, "copyright-holder"), 0);
		if (y || h)
			puts_(j, p, gal_doc_printf(j->doc, "\u00a9 %s%s%s", y ? y : "",
						   y && h ? " " : "", h ? h : ""));
	}
	for (const xmlNode *c = pm->children; c && p; c = c->next) {
		if (!is(c, "license"))
			continue;
		gal_node *before = p->last;
		for (const xmlNode *lp = c->children; lp; lp = lp->next)
			if (is(lp, "license-p") || is(lp, "p")) {
				sep(j, p, " ");
				inl_list(j, lp->children, p);
			}
		int linked = 0;
		for (const gal_node *n = before ? before->next : p->first; n; n = n->next)
			linked |= n->type == GAL_NODE_LINK;
		const char *url = href_of(j, NULL, prop(j, c, "href"));
		if (url && !linked) {
			sep(j, p, " ");
			gal_node *l = add(j, p, GAL_NODE_LINK, c);
			if (l)
				l->url = url;
			puts_(j, l ? l : p, prop(j, c, "href"));
		}
	}
}

/* Funding: the sources with their award numbers, then the statement. */
static void fm_funding(J *j, gal_node *box, const xmlNode *am, const gal_labels *L)
{
	const xmlNode *fg = child(am, "funding-group");
	if (!fg)
		return;
	gal_node *p = fm_para(j, box, fg, L->funding);
	int n = 0, said = 0;
	for (const xmlNode *ag = fg->children; ag && p; ag = ag->next) {
		if (!is(ag, "award-group"))
			continue;
		gal_buf src = GAL_BUF_INIT, ids = GAL_BUF_INIT;
		for (const xmlNode *c = ag->children; c; c = c->next) {
			gal_buf *b = is(c, "funding-source") ? &src : is(c, "award-id") ? &ids : NULL;
			const char *v = b ? plain(j, c, 0) : NULL;
			if (v)
				gal_buf_printf(b, "%s%s", b->len ? ", " : "", v);
		}
		if (src.len || ids.len)
			puts_(j, p, gal_doc_printf(j->doc, "%s%s%s%s%s", n++ ? "; " : "",
						   src.len ? src.data : "",
						   src.len && ids.len ? " (" : "",
						   ids.len ? ids.data : "",
						   src.len && ids.len ? ")" : ""));
		gal_buf_free(&src);
		gal_buf_free(&ids);
	}
	if (n)
		puts_(j, p, ".");
	for (const xmlNode *c = fg->children; c && p; c = c->next)
		if (is(c, "funding-statement") && plain(j, c, 0)) {
			sep(j, p, " ");
			inl_list(j, c->children, p);
			said = 1;
		}
	if (p && !n && !said)
		gal_node_unlink(p);       /* the label alone */
}

/* A data availability statement the source keeps among its custom
 * metadata (PLOS). */
static void fm_custom(J *j, gal_node *box, const xmlNode *am)
{
	const xmlNode *g = child(am, "custom-meta-group");
	for (const xmlNode *c = g ? g->children : NULL; c; c = c->next) {
		const char *name = is(c, "custom-meta") ? plain(j, child(c, "meta-name"), 0) : NULL;
		const char *id = prop(j, c, "id");
		const xmlNode *v = child(c, "meta-value");
		char *low = name ? g_ascii_strdown(name, -1) : NULL;
		int data = low && strstr(low, "data availability");
		g_free(low);
		if (!v || !name || (!data && !(id && strstr(id, "data-availability"))))
			continue;
		gal_node *p = fm_para(j, box, c, name);
		inl_list(j, v->children, p);
	}
}

static void front_matter(J *j, const xmlNode *am)
{
	if (!am)
		return;
	const gal_labels *L = gal_labels_for(j->doc->meta.lang);
	gal_node *a = add(j, j->doc->root, GAL_NODE_ASIDE, am);
	if (!a)
		return;
	a->aside_kind = GAL_ASIDE_BOX;
	fm_affs(j, a, am);
	fm_notes(j, a, am, L);
	fm_dates(j, a, am, L);
	fm_rights(j, a, am);
	fm_funding(j, a, am, L);
	fm_custom(j, a, am);
	if (!a->first)
		gal_node_unlink(a);
}

static void front(J *j, const xmlNode *fr)
{
	/* metadata is read in the model's order, not the source's */
	int cols = j->imp->cols;
	j->imp->cols = 0;
	for (const xmlNode *c = fr->children; c && !j->imp->stop; c = c->next) {
		if (is(c, "article-meta")) {
			article_meta(j, c);
		} else if (is(c, "journal-meta")) {
			const xmlNode *p = child(c, "publisher");
			const char *s = plain(j, child(p, "publisher-name"), 0);
			if (s && !j->doc->meta.publisher)
				j->doc->meta.publisher = s;
		}
	}
	/* the article a correction or retraction is about: a paragraph
	 * before the body, linked when it has an address */
	const xmlNode *am = child(fr, "article-meta");
	for (const xmlNode *c = am ? am->children : NULL; c && !j->imp->stop; c = c->next) {
		if (!is(c, "related-article") || !plain(j, c, 0))
			continue;
		gal_node *p = add(j, j->doc->root, GAL_NODE_PARA, c);
		const char *url = href_of(j, prop(j, c, "ext-link-type"), prop(j, c, "href"));
		gal_node *l = url ? add(j, p, GAL_NODE_LINK, c) : NULL;
		if (l)
			l->url = url;
		j->cite++;
		inl_spaced(j, c, l ? l : p);
		j->cite--;
	}
	front_matter(j, am);
	for (const xmlNode *c = fr->children; c && !j->imp->stop; c = c->next)
		if (is(c, "notes"))
			block(j, c, j->doc->root);
	j->imp->cols = cols;
}

/* ---- sub-articles ----------------------------------------------------------- */

static void part(J *j, const xmlNode *sa)
{
	if (j->part_depth >= PART_DEPTH_MAX) {
		gal_imp_warn(j->imp, sa, "nesting",
			     "sub-articles nested deeper than %d levels are left out",
			     PART_DEPTH_MAX);
		return;
	}
	gal_node *p = add(j, j->doc->root, GAL_NODE_PART, sa);
	if (!p)
		return;
	set_id(j, p, sa);
	const char *type = prop(j, sa, "article-type");
	p->title = type ? gal_doc_strdup(j->doc, type) : NULL;
	const xmlNode *fr = child(sa, "front-stub");
	const xmlNode *meta = fr;
	if (!fr) {
		fr = child(sa, "front");
		meta = child(fr, "article-meta");
	}
	const xmlNode *tg = child(meta, "title-group");
	const xmlNode *at = child(tg, "article-title");
	if (at) {
		gal_node *h = add(j, p, GAL_NODE_HEADING, at);
		inl_list(j, at->children, h);
	}
	const xmlNode *st = child(tg, "subtitle");
	if (st) {
		gal_node *para = add(j, p, GAL_NODE_PARA, st);
		inl_list(j, st->children, wrap(j, st, para, GAL_NODE_EMPH));
	}
	/* the sub-article's authors (reviewers, editors) under its title */
	for (const xmlNode *c = meta ? meta->children : NULL; c; c = c->next) {
		if (!is(c, "contrib-group"))
			continue;
		gal_node *para = add(j, p, GAL_NODE_PARA, c);
		gal_node *em = wrap(j, c, para, GAL_NODE_EMPH);
		for (const xmlNode *k = c->children; em && k; k = k->next) {
			if (!is(k, "contrib"))
				continue;
			const xmlNode *who = child(k, "name") ? child(k, "name") :
					     child(k, "string-name") ? child(k, "string-name") :
					     child(k, "collab");
			const char *s = who ? person(j, who, 0) : plain(j, k, 0);
			const char *role = plain(j, child(k, "role"), 0);
			if (!s)
				continue;
			sep(j, em, "; ");
			puts_(j, em, s);
			if (role) {
				puts_(j, em, ", ");
				puts_(j, em, role);
			}
		}
	}
	for (const xmlNode *c = meta ? meta->children : NULL; c; c = c->next)
		if (is(c, "abstract") || is(c, "trans-abstract"))
			abstract_in(j, c, p, 1);
	j->part_depth++;
	for (const xmlNode *c = sa->children; c && !j->imp->stop; c = c->next) {
		if (is(c, "body") || is(c, "floats-group")) {
			flow_children(j, c, p, NULL, NULL);
		} else if (is(c, "back")) {
			gal_node *bk = add(j, p, GAL_NODE_BACK, c);
			if (bk)
				flow_children(j, c, bk, NULL, NULL);
		}
	}
	for (const xmlNode *c = sa->children; c && !j->imp->stop; c = c->next)
		if (is(c, "sub-article") || is(c, "response"))
			part(j, c);
	j->part_depth--;
}

/* ---- finishing ----------------------------------------------------------------- */

/* Trim the edges of text blocks, drop paragraphs left empty, and turn
 * links to targets the model does not have (affiliations, author notes)
 * into plain spans that keep their words. */
static void finish(J *j, gal_node *root)
{
	if (!root)
		return;
	gal_buf dead = GAL_BUF_INIT;
	gal_iter it;
	gal_iter_init(&it, root);
	gal_event ev;
	while ((ev = gal_iter_next(&it)) != GAL_EV_DONE) {
		gal_node *n = (gal_node *)gal_iter_node(&it);
		if (ev == GAL_EV_ENTER && (n->type == GAL_NODE_XREF || n->type == GAL_NODE_CITE) &&
		    !gal_strmap_find(&j->out_ids, n->url)) {
			if (!gal_strmap_find(&j->xml_ids, n->url)) {
				int rc = gal_warn(j->imp->opts, j->imp->err, n->line, n->col,
						  "broken-link", "no element with id '%s'",
						  n->url ? n->url : "");
				if (rc && !j->imp->status)
					j->imp->status = rc;
			}
			n->type = GAL_NODE_SPAN;
			n->url = NULL;
		}
		if (ev == GAL_EV_EXIT && n->type == GAL_NODE_BACK && !n->first)
			gal_buf_put(&dead, &n, sizeof n); /* every note went to its call */
	}
	for (size_t i = 0; i + sizeof(gal_node *) <= dead.len; i += sizeof(gal_node *)) {
		gal_node *n;
		memcpy(&n, dead.data + i, sizeof n);
		gal_node_unlink(n);
	}
	gal_buf_free(&dead);
	gal_imp_tidy(j->doc, root);
}

static void collect_ids(J *j, const xmlNode *root)
{
	const xmlNode *n = root;
	while (n) {
		if (n->type == XML_ELEMENT_NODE) {
			const char *id = prop(j, n, "id");
			if (id && *id)
				gal_strmap_put(&j->xml_ids, id, n);
			if (n->children) {
				n = n->children;
				continue;
			}
		}
		while (n && n != root && !n->next)
			n = n->parent;
		if (!n || n == root)
			break;
		n = n->next;
	}
}

/* One article (the root, or one of PMC's <articles>) into imp->doc. */
static int import_article(gal_imp *imp, const xmlNode *root)
{
	J j = { .imp = imp, .doc = imp->doc };
	GAL_IMP_KNOWN(imp, elements);
	gal_doc *doc = imp->doc;
	doc->format = GAL_FMT_JATS;
	/* nodes carry source columns: the import follows the source's order,
	 * but for the front matter and notes moved to their calls (below) */
	imp->cols = 1;
	gal_imp_root_meta(imp, root);
	collect_ids(&j, root);

	/* front, body, floats, back, then the sub-articles: the model wants
	 * blocks, then BACK, then PARTs */
	for (const xmlNode *c = root->children; c && !imp->stop; c = c->next)
		if (is(c, "front"))
			front(&j, c);
	for (const xmlNode *c = root->children; c && !imp->stop; c = c->next)
		if (is(c, "body") || is(c, "floats-group"))
			flow_children(&j, c, doc->root, NULL, NULL);
	for (const xmlNode *c = root->children; c && !imp->stop; c = c->next) {
		if (is(c, "back")) {
			gal_node *bk = add(&j, doc->root, GAL_NODE_BACK, c);
			if (bk)
				flow_children(&j, c, bk, NULL, NULL);
		}
	}
	for (const xmlNode *c = root->children; c && !imp->stop; c = c->next) {
		if (is(c, "sub-article") || is(c, "response"))
			part(&j, c);
		else if (c->type == XML_ELEMENT_NODE && !is(c, "front") && !is(c, "body") &&
			 !is(c, "back") && !is(c, "floats-group") && !skipped(c))
			gal_imp_unknown(imp, c);
	}
	finish(&j, doc->root);
	finish(&j, doc->meta.title);
	finish(&j, doc->meta.subtitle);
	finish(&j, doc->meta.abstract);
	gal_strmap_free(&j.xml_ids);
	gal_strmap_free(&j.out_ids);
	free(j.lists);
	for (size_t i = 0; i < j.n_affs; i++)
		gal_buf_free(&j.affs[i].names);
	free(j.affs);
	return imp->status;
}

static const xmlNode *journal_title(const xmlNode *article)
{
	const xmlNode *jm = child(child(article, "front"), "journal-meta");
	const xmlNode *t = child(child(jm, "journal-title-group"), "journal-title");
	return t ? t : child(jm, "journal-title");
}

/* PMC's bulk files hold several articles under <articles>. Each is
 * imported and prepared as a document of its own -- its own numbering,
 * labels in its own language, its metadata -- and bound into this one
 * as a collection (model/collection.c): a part per article. The
 * collection's title is the journal's when the articles share one;
 * without it prep calls the collection by its number of articles. */
static int import_articles(gal_imp *imp, const xmlNode *root)
{
	gal_doc **docs = NULL;
	size_t n = 0;
	int rc = 0, same = 1;
	const char *journal = NULL;
	gal_imp_root_meta(imp, root);
	for (const xmlNode *c = root->children; c && !rc; c = c->next) {
		if (!is(c, "article")) {
			if (c->type == XML_ELEMENT_NODE)
				gal_imp_unknown(imp, c);
			continue;
		}
		gal_doc *d = gal_doc_new(imp->doc->name);
		d->max_nodes = imp->doc->max_nodes;
		d->meta.lang = imp->doc->meta.lang;
		gal_imp sub = *imp;
		sub.doc = d;
		sub.status = 0;
		sub.stop = 0;
		sub.depth = 0;
		rc = import_article(&sub, c);
		/* warnings said once per input, not once per article */
		imp->warned = sub.warned;
		imp->misplaced = sub.misplaced;
		imp->img_warned = sub.img_warned;
		if (!rc)
			rc = gal_prep(d, imp->opts, imp->err);
		if (imp->err && imp->err->file == d->name)
			imp->err->file = imp->doc->name;
		docs = xrealloc(docs, (n + 1) * sizeof *docs);
		docs[n++] = d;
		const xmlNode *jt = journal_title(c);
		const char *t = jt ? gal_imp_text(imp, jt) : NULL;
		if (!t || (journal && strcmp(journal, t)))
			same = 0;
		journal = t;
	}
	imp->doc->format = GAL_FMT_JATS;
	if (!rc)
		rc = gal_doc_bind(imp->doc, docs, n, imp->opts, imp->err);
	if (!rc && n && same && journal) {
		imp->doc->meta.title = gal_imp_new(imp, GAL_NODE_TITLE, root);
		gal_node_add_text(imp->doc, imp->doc->meta.title, journal, (size_t)-1, 0, 0);
	}
	for (size_t i = 0; i < n; i++)
		gal_doc_free(docs[i]);
	free(docs);
	return rc ? rc : imp->status;
}

int gal_import_jats(gal_imp *imp, xmlDocPtr xml)
{
	const xmlNode *root = xmlDocGetRootElement(xml);
	if (root && is(root, "articles"))
		return import_articles(imp, root);
	if (root && is(root, "article"))
		return import_article(imp, root);
	return gal_err_set(imp->err, GAL_E_FORMAT, imp->doc->name, root ? gal_imp_line(root) : 0,
			   0, "not a JATS article: the root element is <%s>", root ? nm(root) : "");
}
