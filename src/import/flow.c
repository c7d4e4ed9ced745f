/* Flows of inline content and the element-table walker that the DocBook,
 * NITF and NewsML-G2 importers share (toolkit.h says what a flow is).
 *
 * Recursion follows the XML nesting, which libxml2 caps at 256 levels;
 * GAL_IMP_MAX_DEPTH caps it again, past which an element contributes its
 * plain text. */
#include <string.h>

#include <libxml/tree.h>

#include "base/buf.h"
#include "import/mathml.h"
#include "import/toolkit.h"
#include "import/xml.h"
#include "model/doc.h"


/* ---- flows ---------------------------------------------------------------- */

void gal_flow_init(gal_flow *f, gal_node *box)
{
	memset(f, 0, sizeof *f);
	f->box = box;
	f->space = 1;
}

void gal_flow_scoped(gal_flow *f, gal_scope *sc, gal_node *box)
{
	memset(sc, 0, sizeof *sc);
	sc->base = box;
	gal_flow_init(f, box);
	f->sc = sc;
}

void gal_flow_close(gal_flow *f)
{
	f->para = NULL;
	f->space = 1;
	f->brk = 0;
	f->any = 0;
}

void gal_flow_emitted(gal_flow *f)
{
	f->any = 1;
	f->space = 0;
}

gal_node *gal_flow_holder(gal_walker *w, gal_flow *f, gal_node *parent,
			  const xmlNode *x)
{
	if (parent)
		return parent;
	if (!f->para && f->box) {
		f->para = gal_imp_add(w->imp, f->box, GAL_NODE_PARA, f->src ? f->src : x);
		gal_imp_ids(w->imp, f->para, f->src);
		f->src = NULL;
		f->space = 1;
		f->brk = 0;
		f->any = 0;
	}
	return f->para;
}

gal_node *gal_flow_open(gal_walker *w, gal_flow *f, gal_node *parent,
			const xmlNode *x)
{
	gal_node *h = gal_flow_holder(w, f, parent, x);
	if (!h)
		return NULL;
	if (f->brk && f->any) {
		gal_imp_add(w->imp, h, GAL_NODE_LINEBREAK, x);
		f->space = 1;
	}
	f->brk = 0;
	return h;
}

static int is_ws(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static void pre_text(gal_walker *w, gal_flow *f, gal_node *parent,
		     const char *s, size_t len, const xmlNode *x)
{
	gal_node *h = gal_flow_open(w, f, parent, x);
	if (!h)
		return;
	if (f->pre == 1)
		gal_imp_add_text(w->imp, h, s, len, x);
	else
		gal_imp_add_lines(w->imp, h, s, len, x);
	gal_flow_emitted(f);
}

void gal_flow_text(gal_walker *w, gal_flow *f, gal_node *parent,
		   const char *s, size_t len, const xmlNode *x)
{
	if (!len || w->imp->stop)
		return;
	if (f->pre) {
		pre_text(w, f, parent, s, len, x);
		return;
	}
	int blank = 1;
	for (size_t i = 0; i < len && blank; i++)
		blank = is_ws((unsigned char)s[i]);
	if (blank) {
		/* white space between blocks, or where a break is due, or
		 * after white space, or a line break between East Asian
		 * characters, adds nothing */
		if ((!parent && !f->para) || f->brk || f->space ||
		    gal_imp_break_removed(x, s, len, 0, len))
			return;
		gal_node *h = gal_flow_holder(w, f, parent, x);
		gal_imp_add_text(w->imp, h, " ", 1, x);
		f->space = 1;
		return;
	}
	gal_node *h = gal_flow_open(w, f, parent, x);
	if (!h)
		return;
	gal_buf b = GAL_BUF_INIT;
	int sp = f->space;
	gal_imp_put_collapsed(&b, x, s, len, &sp);
	if (b.len)
		gal_imp_add_text(w->imp, h, b.data, b.len, x);
	f->space = sp;
	f->any = 1;
	gal_buf_free(&b);
}

void gal_flow_str(gal_walker *w, gal_flow *f, gal_node *parent,
		  const char *s, const xmlNode *x)
{
	if (s)
		gal_flow_text(w, f, parent, s, strlen(s), x);
}

/* ---- building blocks for handlers ---------------------------------------- */

void gal_walk_fill(gal_walker *w, gal_node *n, const xmlNode *x)
{
	if (!n || !x)
		return;
	gal_flow f;
	gal_flow_init(&f, NULL);
	gal_walk_kids(w, &f, n, x);
}

gal_node *gal_walk_wrap(gal_walker *w, gal_flow *f, gal_node *parent,
			const xmlNode *x, gal_node_type t)
{
	gal_node *h = gal_flow_open(w, f, parent, x);
	if (!h)
		return NULL;
	gal_node *n = gal_imp_add_el(w->imp, h, t, x);
	gal_walk_kids(w, f, n ? n : h, x);
	return n;
}

gal_node *gal_walk_link(gal_walker *w, gal_flow *f, gal_node *parent,
			const xmlNode *x, gal_node_type t, const char *url)
{
	gal_node *h = gal_flow_open(w, f, parent, x);
	if (!h)
		return NULL;
	gal_node *n = gal_imp_add(w->imp, h, t, x);
	if (!n) {
		gal_walk_kids(w, f, h, x);
		return NULL;
	}
	gal_imp_ids(w->imp, n, x);
	n->url = url;
	return n;
}

void gal_walk_bold_para(gal_walker *w, gal_node *box, const xmlNode *x,
			const xmlNode *idsrc)
{
	gal_node *p = gal_imp_add(w->imp, box, GAL_NODE_PARA, x);
	gal_imp_ids(w->imp, p, idsrc);
	gal_walk_fill(w, gal_imp_add(w->imp, p, GAL_NODE_STRONG, x), x);
}

void gal_walk_caption(gal_walker *w, gal_node **cap, const xmlNode *x,
		      int strong)
{
	if (!*cap)
		*cap = gal_imp_new(w->imp, GAL_NODE_CAPTION, x);
	if (!*cap)
		return;
	if ((*cap)->first)
		gal_imp_add_text(w->imp, *cap, " ", 1, x);
	gal_node *into = *cap;
	if (strong)
		into = gal_imp_add(w->imp, *cap, GAL_NODE_STRONG, x);
	gal_walk_fill(w, into ? into : *cap, x);
}

void gal_blk_para(gal_walker *w, gal_node *box, const xmlNode *x)
{
	gal_flow f;
	gal_flow_init(&f, box);
	f.src = x;
	gal_walk_kids(w, &f, NULL, x);
}

void gal_blk_pre(gal_walker *w, gal_node *box, const xmlNode *x)
{
	gal_node *p = gal_imp_add_el(w->imp, box, GAL_NODE_PRE, x);
	if (!p)
		return;
	p->title = gal_imp_code_language(w->imp, x);
	gal_flow f;
	gal_flow_init(&f, NULL);
	f.pre = 1;
	gal_walk_kids(w, &f, p, x);
}

void gal_inl_footnote(gal_walker *w, gal_flow *f, gal_node *parent,
		      const xmlNode *x)
{
	gal_node *h = gal_flow_open(w, f, parent, x);
	if (!h)
		return;
	gal_node *fn = gal_imp_add(w->imp, h, GAL_NODE_FOOTNOTE, x);
	if (!fn) {
		/* a note inside a note: keep its text in line */
		f->brk = 1;
		gal_walk_kids(w, f, h, x);
		f->brk = 1;
		return;
	}
	gal_imp_ids(w->imp, fn, x);
	gal_walk_fill(w, fn, x);
	gal_flow_emitted(f);
}

void gal_inl_lang(gal_walker *w, gal_flow *f, gal_node *parent,
		  const xmlNode *x)
{
	if (gal_imp_nonempty(gal_imp_attr(w->imp, x, "lang")))
		gal_walk_wrap(w, f, parent, x, GAL_NODE_SPAN);
	else
		gal_walk_kids(w, f, parent, x);
}

gal_node *gal_inl_image(gal_walker *w, gal_flow *f, gal_node *parent,
			const xmlNode *x, const char *src, const char *alt)
{
	gal_node *h = gal_flow_open(w, f, parent, x);
	gal_node *img = h ? gal_imp_add_el(w->imp, h, GAL_NODE_INLINE_IMAGE, x) : NULL;
	if (!img)
		return NULL;
	img->url = src;
	img->title = gal_imp_nonempty(alt) ? alt : NULL;
	gal_flow_emitted(f);
	return img;
}

void gal_inl_image_alt(gal_walker *w, gal_flow *f, gal_node *parent,
		       const xmlNode *x, const char *alt)
{
	if (!w->imp->img_warned) {
		w->imp->img_warned = 1;
		gal_imp_warn(w->imp, x, "inline-image",
			     "inline image replaced by its text alternative");
	}
	if (gal_imp_nonempty(alt))
		gal_flow_str(w, f, parent, alt, x);
}

/* ---- the walker ----------------------------------------------------------- */

const gal_el *gal_walk_lookup(const gal_walker *w, const xmlNode *x)
{
	if (w->math && gal_mathml_is(x))
		return gal_imp_named(x, "math") ? w->math : NULL;
	const char *n = gal_imp_name(x);
	for (size_t i = 0; i < w->n_els; i++)
		if (w->els[i].name[0] == n[0] && !strcmp(w->els[i].name, n))
			return &w->els[i];
	return NULL;
}

/* The box a scope's loose content goes to: its deepest open section. */
static gal_node *scope_box(const gal_scope *sc)
{
	for (int l = GAL_MAX_LEVEL; l >= 1; l--)
		if (sc->sec[l])
			return sc->sec[l];
	return sc->base;
}

/* A heading in a scope: a SECTION under the nearest open one of a higher
 * level, or a bold paragraph where no section can stand. */
static void heading(gal_walker *w, gal_flow *f, const xmlNode *x, int level)
{
	gal_scope *sc = f->sc;
	gal_node *parent = sc->base;
	for (int l = level - 1; l >= 1; l--)
		if (sc->sec[l]) {
			parent = sc->sec[l];
			break;
		}
	gal_flow_close(f);
	if (!gal_node_can_contain(parent->type, GAL_NODE_SECTION)) {
		gal_walk_bold_para(w, f->box, x, x);
		return;
	}
	gal_node *sec = gal_imp_add_el(w->imp, parent, GAL_NODE_SECTION, x);
	if (!sec)
		return;
	gal_walk_fill(w, gal_imp_add(w->imp, sec, GAL_NODE_HEADING, x), x);
	for (int l = level; l <= GAL_MAX_LEVEL; l++)
		sc->sec[l] = NULL;
	sc->sec[level] = sec;
	f->box = sec;
}

/* A group in a scope: headings inside it (an NITF block, an XHTML section)
 * open sections within the box the group stands in, so what follows the
 * group stays after it; the end matter stands outside any section. */
static void group(gal_walker *w, gal_flow *f, gal_node *parent,
		  const xmlNode *x, int end)
{
	if (parent || !f->sc) {
		gal_walk_kids(w, f, parent, x);
		return;
	}
	gal_scope inner, *outer = f->sc;
	memset(&inner, 0, sizeof inner);
	inner.base = end ? outer->base : scope_box(outer);
	f->sc = &inner;
	gal_walk_kids(w, f, parent, x);
	f->sc = outer;
	if (end)
		memset(outer->sec, 0, sizeof outer->sec);
}

/* A block where a box takes blocks: in the box, or flattened into a
 * paragraph when the box cannot hold it. */
static void block_in_box(gal_walker *w, gal_flow *f, const xmlNode *x,
			 const gal_el *e)
{
	gal_flow_close(f);
	if (e->type == GAL_NODE_COUNT || gal_node_can_contain(f->box->type, e->type)) {
		e->blk(w, f->box, x);
		return;
	}
	f->src = x;
	gal_node *parent = gal_flow_holder(w, f, NULL, x);
	if (!parent)
		return;
	f->src = NULL;
	if (e->inl)
		e->inl(w, f, parent, x);
	else
		gal_walk_kids(w, f, parent, x);
	gal_flow_close(f);
}

static void element(gal_walker *w, gal_flow *f, gal_node *parent, const xmlNode *x)
{
	const gal_el *e = gal_walk_lookup(w, x);
	if (!e) {
		gal_imp_unknown(w->imp, x);
		gal_walk_kids(w, f, parent, x);
		return;
	}
	switch (e->kind) {
	case GAL_K_DROP:
		return;
	case GAL_K_PASS:
	case GAL_K_PART:
		gal_walk_kids(w, f, parent, x);
		return;
	case GAL_K_GROUP:
	case GAL_K_END:
		group(w, f, parent, x, e->kind == GAL_K_END);
		return;
	case GAL_K_INLINE:
		gal_walk_wrap(w, f, parent, x, e->type);
		return;
	case GAL_K_INL:
		e->inl(w, f, parent, x);
		return;
	case GAL_K_HEAD:
		if (!parent && f->box && f->sc) {
			heading(w, f, x, (int)e->type);
			return;
		}
		if (!parent && f->box) {
			gal_flow_close(f);
			gal_walk_bold_para(w, f->box, x, x);
			return;
		}
		break;
	case GAL_K_BLOCK:
		if (!parent && f->box) {
			block_in_box(w, f, x, e);
			return;
		}
		break;
	}
	/* a block in running text: its own line, or its inline form */
	gal_node *h = gal_flow_holder(w, f, parent, x);
	if (!h)
		return;
	if (e->inl) {
		e->inl(w, f, h, x);
		return;
	}
	f->brk = 1;
	gal_walk_kids(w, f, h, x);
	f->brk = 1;
}

void gal_walk(gal_walker *w, gal_flow *f, gal_node *parent, const xmlNode *x)
{
	if (w->imp->stop)
		return;
	/* in a scope, loose content follows the innermost open section */
	if (!parent && f->sc) {
		gal_node *box = scope_box(f->sc);
		if (box != f->box) {
			gal_flow_close(f);
			f->box = box;
		}
	}
	switch (x->type) {
	case XML_TEXT_NODE:
	case XML_CDATA_SECTION_NODE:
		if (x->content)
			gal_flow_str(w, f, parent, (const char *)x->content, x);
		return;
	case XML_ELEMENT_NODE:
		break;
	default:
		return;
	}
	if (w->imp->depth >= GAL_IMP_MAX_DEPTH) {
		gal_flow_str(w, f, parent, gal_imp_text(w->imp, x), x);
		return;
	}
	w->imp->depth++;
	element(w, f, parent, x);
	w->imp->depth--;
}

void gal_walk_kids(gal_walker *w, gal_flow *f, gal_node *parent,
		   const xmlNode *x)
{
	for (const xmlNode *c = x->children; c && !w->imp->stop; c = c->next)
		gal_walk(w, f, parent, c);
}

void gal_walk_blocks(gal_walker *w, gal_node *box, const xmlNode *x)
{
	if (!box)
		return;
	gal_scope sc;
	gal_flow f;
	gal_flow_scoped(&f, &sc, box);
	gal_walk_kids(w, &f, NULL, x);
}
