/* The math tree: nodes owned by one gal_math, names, UTF-8, mathvariant
 * characters, embellished operators, and the dump tests compare. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "math/math.h"
#include "model/doc.h"

struct gal_math {
	gal_math_node *root;
	int display;
	int refs;               /* holders beyond the first */
	void **blocks;          /* every allocation, freed together */
	size_t n, cap;
};

static void *own(gal_math *m, void *p)
{
	if (m->n == m->cap) {
		m->cap = m->cap ? m->cap * 2 : 64;
		m->blocks = xrealloc(m->blocks, m->cap * sizeof *m->blocks);
	}
	m->blocks[m->n++] = p;
	return p;
}

gal_math *gal_math_new(void)
{
	gal_math *m = xcalloc(1, sizeof *m);
	m->root = gal_math_node_new(m, GAL_M_MATH, NULL);
	return m;
}

gal_math *gal_math_ref(gal_math *m)
{
	if (m)
		m->refs++;
	return m;
}

void gal_math_free(gal_math *m)
{
	if (!m)
		return;
	if (m->refs > 0) {
		m->refs--;
		return;
	}
	for (size_t i = 0; i < m->n; i++)
		free(m->blocks[i]);
	free(m->blocks);
	free(m);
}

gal_math_node *gal_math_node_new(gal_math *m, gal_math_kind k, gal_math_node *parent)
{
	gal_math_node *n = own(m, xcalloc(1, sizeof *n));
	n->kind = k;
	if (parent)
		gal_math_append(parent, n);
	return n;
}

const char *gal_math_strdup(gal_math *m, const char *s, size_t len)
{
	char *p = own(m, xmalloc(len + 1));
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

int gal_math_from_node(const gal_node *n, gal_math **out, gal_err *err)
{
	int display = n->type == GAL_NODE_MATH_BLOCK;
	*out = NULL;
	if (n->math) {
		*out = gal_math_ref(n->math);
		return 0;
	}
	if (n->literal && gal_math_from_mathml(n->literal, strlen(n->literal), out, err) == 0) {
		/* a block is displayed whatever its MathML's display says */
		if (display)
			gal_math_set_display(*out, 1);
		return 0;
	}
	if (n->tex)
		return gal_math_from_tex(n->tex, display, out, err);
	if (n->literal)
		return err ? err->code : GAL_E_XML;
	return gal_err_set(err, GAL_E_FORMAT, NULL, n->line, n->col, "a formula without MathML or TeX");
}

const gal_math_node *gal_math_root(const gal_math *m)
{
	return m->root;
}

gal_math_node *gal_math_root_mut(gal_math *m)
{
	return m->root;
}

int gal_math_display(const gal_math *m)
{
	return m->display;
}

void gal_math_set_display(gal_math *m, int display)
{
	m->display = display;
}

void gal_math_append(gal_math_node *parent, gal_math_node *c)
{
	c->parent = parent;
	c->next = NULL;
	if (parent->last)
		parent->last->next = c;
	else
		parent->first = c;
	parent->last = c;
}

void gal_math_unlink(gal_math_node *c)
{
	gal_math_node *p = c->parent, *prev = NULL;
	if (!p)
		return;
	for (gal_math_node *k = p->first; k && k != c; k = k->next)
		prev = k;
	if (prev)
		prev->next = c->next;
	else
		p->first = c->next;
	if (p->last == c)
		p->last = prev;
	c->parent = c->next = NULL;
}

int gal_math_count(const gal_math_node *n)
{
	int k = 0;
	for (const gal_math_node *c = n->first; c; c = c->next)
		k++;
	return k;
}

gal_math_node *gal_math_child(const gal_math_node *n, int i)
{
	gal_math_node *c = n->first;
	while (c && i-- > 0)
		c = c->next;
	return c;
}

/* ---- names ---------------------------------------------------------------- */

static const char *const kind_names[GAL_M_COUNT] = {
	[GAL_M_MATH] = "math", [GAL_M_MI] = "mi", [GAL_M_MN] = "mn",
	[GAL_M_MO] = "mo", [GAL_M_MTEXT] = "mtext", [GAL_M_MS] = "ms",
	[GAL_M_MSPACE] = "mspace", [GAL_M_MROW] = "mrow", [GAL_M_MFRAC] = "mfrac",
	[GAL_M_MSQRT] = "msqrt", [GAL_M_MROOT] = "mroot", [GAL_M_MSUB] = "msub",
	[GAL_M_MSUP] = "msup", [GAL_M_MSUBSUP] = "msubsup",
	[GAL_M_MUNDER] = "munder", [GAL_M_MOVER] = "mover",
	[GAL_M_MUNDEROVER] = "munderover", [GAL_M_MMULTISCRIPTS] = "mmultiscripts",
	[GAL_M_MPRESCRIPTS] = "mprescripts", [GAL_M_NONE] = "none",
	[GAL_M_MTABLE] = "mtable", [GAL_M_MTR] = "mtr",
	[GAL_M_MLABELEDTR] = "mlabeledtr", [GAL_M_MTD] = "mtd",
	[GAL_M_MSTYLE] = "mstyle", [GAL_M_MPADDED] = "mpadded",
	[GAL_M_MPHANTOM] = "mphantom", [GAL_M_MENCLOSE] = "menclose",
	[GAL_M_MERROR] = "merror",
};

const char *gal_math_kind_name(gal_math_kind k)
{
	return k < GAL_M_COUNT ? kind_names[k] : "?";
}

int gal_math_kind_parse(const char *name)
{
	for (int k = 0; k < GAL_M_COUNT; k++)
		if (strcmp(kind_names[k], name) == 0)
			return k;
	return -1;
}

static const char *const variant_names[GAL_MV_COUNT] = {
	[GAL_MV_NONE] = "", [GAL_MV_NORMAL] = "normal", [GAL_MV_BOLD] = "bold",
	[GAL_MV_ITALIC] = "italic", [GAL_MV_BOLD_ITALIC] = "bold-italic",
	[GAL_MV_SCRIPT] = "script", [GAL_MV_BOLD_SCRIPT] = "bold-script",
	[GAL_MV_FRAKTUR] = "fraktur", [GAL_MV_DOUBLE_STRUCK] = "double-struck",
	[GAL_MV_BOLD_FRAKTUR] = "bold-fraktur", [GAL_MV_SANS_SERIF] = "sans-serif",
	[GAL_MV_BOLD_SANS_SERIF] = "bold-sans-serif",
	[GAL_MV_SANS_SERIF_ITALIC] = "sans-serif-italic",
	[GAL_MV_SANS_SERIF_BOLD_ITALIC] = "sans-serif-bold-italic",
	[GAL_MV_MONOSPACE] = "monospace",
};

const char *gal_math_variant_name(gal_math_variant v)
{
	return v < GAL_MV_COUNT ? variant_names[v] : "";
}

int gal_math_variant_parse(const char *name)
{
	for (int v = 1; v < GAL_MV_COUNT; v++)
		if (strcmp(variant_names[v], name) == 0)
			return v;
	return -1;
}

/* ---- UTF-8 ---------------------------------------------------------------- */

unsigned gal_math_utf8_next(const char **sp)
{
	const unsigned char *s = (const unsigned char *)*sp;
	unsigned c = s[0], n = 0, cp;
	if (c < 0x80) {
		*sp += 1;
		return c;
	}
	if ((c & 0xE0) == 0xC0)
		n = 1, cp = c & 0x1F;
	else if ((c & 0xF0) == 0xE0)
		n = 2, cp = c & 0x0F;
	else if ((c & 0xF8) == 0xF0)
		n = 3, cp = c & 0x07;
	else {
		*sp += 1;
		return 0xFFFD;
	}
	for (unsigned i = 1; i <= n; i++) {
		if ((s[i] & 0xC0) != 0x80) {
			*sp += i;
			return 0xFFFD;
		}
		cp = cp << 6 | (s[i] & 0x3F);
	}
	*sp += n + 1;
	return cp;
}

void gal_math_utf8_put(gal_buf *b, unsigned cp)
{
	char o[4];
	if (cp < 0x80) {
		gal_buf_putc(b, (char)cp);
	} else if (cp < 0x800) {
		o[0] = (char)(0xC0 | cp >> 6), o[1] = (char)(0x80 | (cp & 0x3F));
		gal_buf_put(b, o, 2);
	} else if (cp < 0x10000) {
		o[0] = (char)(0xE0 | cp >> 12), o[1] = (char)(0x80 | (cp >> 6 & 0x3F));
		o[2] = (char)(0x80 | (cp & 0x3F));
		gal_buf_put(b, o, 3);
	} else {
		o[0] = (char)(0xF0 | cp >> 18), o[1] = (char)(0x80 | (cp >> 12 & 0x3F));
		o[2] = (char)(0x80 | (cp >> 6 & 0x3F)), o[3] = (char)(0x80 | (cp & 0x3F));
		gal_buf_put(b, o, 4);
	}
}

/* ---- mathvariant: the Mathematical Alphanumeric Symbols block ---------- */

/* first code point of A-Z a-z for each variant, 0 where there is none */
static const unsigned latin_base[GAL_MV_COUNT] = {
	[GAL_MV_BOLD] = 0x1D400, [GAL_MV_ITALIC] = 0x1D434,
	[GAL_MV_BOLD_ITALIC] = 0x1D468, [GAL_MV_SCRIPT] = 0x1D49C,
	[GAL_MV_BOLD_SCRIPT] = 0x1D4D0, [GAL_MV_FRAKTUR] = 0x1D504,
	[GAL_MV_DOUBLE_STRUCK] = 0x1D538, [GAL_MV_BOLD_FRAKTUR] = 0x1D56C,
	[GAL_MV_SANS_SERIF] = 0x1D5A0, [GAL_MV_BOLD_SANS_SERIF] = 0x1D5D4,
	[GAL_MV_SANS_SERIF_ITALIC] = 0x1D608,
	[GAL_MV_SANS_SERIF_BOLD_ITALIC] = 0x1D63C, [GAL_MV_MONOSPACE] = 0x1D670,
};
static const unsigned greek_base[GAL_MV_COUNT] = {
	[GAL_MV_BOLD] = 0x1D6A8, [GAL_MV_ITALIC] = 0x1D6E2,
	[GAL_MV_BOLD_ITALIC] = 0x1D71C, [GAL_MV_BOLD_SANS_SERIF] = 0x1D756,
	[GAL_MV_SANS_SERIF_BOLD_ITALIC] = 0x1D790,
};
static const unsigned digit_base[GAL_MV_COUNT] = {
	[GAL_MV_BOLD] = 0x1D7CE, [GAL_MV_DOUBLE_STRUCK] = 0x1D7D8,
	[GAL_MV_SANS_SERIF] = 0x1D7E2, [GAL_MV_BOLD_SANS_SERIF] = 0x1D7EC,
	[GAL_MV_MONOSPACE] = 0x1D7F6,
};

/* the letters that live in Letterlike Symbols, not in the block */
static const struct { unsigned char v; char c; unsigned cp; } holes[] = {
	{ GAL_MV_ITALIC, 'h', 0x210E },
	{ GAL_MV_SCRIPT, 'B', 0x212C }, { GAL_MV_SCRIPT, 'E', 0x2130 },
	{ GAL_MV_SCRIPT, 'F', 0x2131 }, { GAL_MV_SCRIPT, 'H', 0x210B },
	{ GAL_MV_SCRIPT, 'I', 0x2110 }, { GAL_MV_SCRIPT, 'L', 0x2112 },
	{ GAL_MV_SCRIPT, 'M', 0x2133 }, { GAL_MV_SCRIPT, 'R', 0x211B },
	{ GAL_MV_SCRIPT, 'e', 0x212F }, { GAL_MV_SCRIPT, 'g', 0x210A },
	{ GAL_MV_SCRIPT, 'o', 0x2134 },
	{ GAL_MV_FRAKTUR, 'C', 0x212D }, { GAL_MV_FRAKTUR, 'H', 0x210C },
	{ GAL_MV_FRAKTUR, 'I', 0x2111 }, { GAL_MV_FRAKTUR, 'R', 0x211C },
	{ GAL_MV_FRAKTUR, 'Z', 0x2128 },
	{ GAL_MV_DOUBLE_STRUCK, 'C', 0x2102 }, { GAL_MV_DOUBLE_STRUCK, 'H', 0x210D },
	{ GAL_MV_DOUBLE_STRUCK, 'N', 0x2115 }, { GAL_MV_DOUBLE_STRUCK, 'P', 0x2119 },
	{ GAL_MV_DOUBLE_STRUCK, 'Q', 0x211A }, { GAL_MV_DOUBLE_STRUCK, 'R', 0x211D },
	{ GAL_MV_DOUBLE_STRUCK, 'Z', 0x2124 },
};

/* position of a Greek letter in the 58 of each Greek alphabet */
static int greek_index(unsigned cp)
{
	static const unsigned tail[] = { 0x2202, 0x3F5, 0x3D1, 0x3F0, 0x3D5, 0x3F1, 0x3D6 };
	if (cp >= 0x391 && cp <= 0x3A9)
		return cp == 0x3A2 ? -1 : (int)(cp - 0x391);
	if (cp == 0x3F4)
		return 17;
	if (cp == 0x2207)
		return 25;
	if (cp >= 0x3B1 && cp <= 0x3C9)
		return 26 + (int)(cp - 0x3B1);
	for (int i = 0; i < 7; i++)
		if (tail[i] == cp)
			return 51 + i;
	return -1;
}

unsigned gal_math_variant_char(unsigned cp, gal_math_variant v)
{
	if (v <= GAL_MV_NORMAL || v >= GAL_MV_COUNT)
		return cp;
	int latin = (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z');
	if (latin) {
		for (size_t i = 0; i < sizeof holes / sizeof holes[0]; i++)
			if (holes[i].v == v && (unsigned)holes[i].c == cp)
				return holes[i].cp;
		if (!latin_base[v])
			return cp;
		return latin_base[v] + (cp <= 'Z' ? cp - 'A' : 26 + cp - 'a');
	}
	if (cp >= '0' && cp <= '9')
		return digit_base[v] ? digit_base[v] + cp - '0' : cp;
	if (v == GAL_MV_ITALIC && (cp == 0x131 || cp == 0x237))
		return cp == 0x131 ? 0x1D6A4 : 0x1D6A5;
	int g = greek_index(cp);
	if (g >= 0 && greek_base[v])
		return greek_base[v] + (unsigned)g;
	/* sans-serif Greek has bold forms only: keep the plain letter */
	return cp;
}

/* ---- embellished operators -------------------------------------------------- */

static int space_like(const gal_math_node *n)
{
	switch (n->kind) {
	case GAL_M_MSPACE: case GAL_M_MTEXT:
		return 1;
	case GAL_M_MSTYLE: case GAL_M_MPHANTOM: case GAL_M_MPADDED: case GAL_M_MROW:
		for (const gal_math_node *c = n->first; c; c = c->next)
			if (!space_like(c))
				return 0;
		return 1;
	default:
		return 0;
	}
}

const gal_math_node *gal_math_embellished_op(const gal_math_node *n)
{
	/* a bounded walk: the tree's depth is capped by its readers */
	for (int depth = 0; n && depth <= GAL_MATH_MAX_DEPTH + 1; depth++) {
		switch (n->kind) {
		case GAL_M_MO:
			return n;
		case GAL_M_MSUB: case GAL_M_MSUP: case GAL_M_MSUBSUP:
		case GAL_M_MUNDER: case GAL_M_MOVER: case GAL_M_MUNDEROVER:
		case GAL_M_MMULTISCRIPTS: case GAL_M_MFRAC:
			n = n->first;
			break;
		case GAL_M_MROW: case GAL_M_MSTYLE: case GAL_M_MPHANTOM:
		case GAL_M_MPADDED: {
			const gal_math_node *op = NULL;
			for (const gal_math_node *c = n->first; c; c = c->next) {
				if (space_like(c))
					continue;
				if (op)
					return NULL;
				op = c;
			}
			n = op;
			break;
		}
		default:
			return NULL;
		}
	}
	return NULL;
}

/* the node that stands in a row for the embellished operator around mo */
static const gal_math_node *outermost(const gal_math_node *mo)
{
	const gal_math_node *n = mo;
	while (n->parent && n->parent->kind != GAL_M_MATH &&
	       gal_math_embellished_op(n->parent) == mo)
		n = n->parent;
	return n;
}

static int row_like(gal_math_kind k)
{
	switch (k) {
	case GAL_M_MATH: case GAL_M_MROW: case GAL_M_MSQRT: case GAL_M_MSTYLE:
	case GAL_M_MERROR: case GAL_M_MPADDED: case GAL_M_MPHANTOM:
	case GAL_M_MENCLOSE: case GAL_M_MTD:
		return 1;
	default:
		return 0;
	}
}

/* whether an operator opens a bracket: "(" but not "|", which may close */
static int opening(const gal_math_node *op)
{
	gal_math_op o;
	if (op->form == GAL_MF_INFIX || op->form == GAL_MF_POSTFIX ||
	    !gal_math_op_lookup(op->text, GAL_MF_PREFIX, 0, &o) || !(o.flags & GAL_OP_FENCE))
		return 0;
	return op->form == GAL_MF_PREFIX || !gal_math_op_lookup(op->text, GAL_MF_POSTFIX, 0, &o) ||
	       !(o.flags & GAL_OP_FENCE);
}

/* Whether a binary operator `n` stands where an operand should: after a
 * relation, a binary operator, a large operator, punctuation or an
 * opening bracket. TeX makes it an ordinary symbol there ("a = −b"),
 * which MathML's forms by position alone miss in a flat row. The
 * operator before is judged by its dictionary entry, not by its own
 * neighbours, so this looks one step back only. */
static int after_operator(const gal_math_node *n, const gal_math_node *prev)
{
	const gal_math_node *op = prev ? gal_math_embellished_op(prev) : NULL;
	const gal_math_node *core = gal_math_embellished_op(n);
	gal_math_op o;
	if (!op || !op->text || !core || !core->text ||
	    !gal_math_op_lookup(core->text, GAL_MF_INFIX, 0, &o) || !(o.flags & GAL_OP_BINARY))
		return 0;
	if (opening(op))
		return 1;
	/* a bar marked a fence (|x| − y) is no relation */
	if (op->fence == GAL_MB_TRUE)
		return 0;
	return gal_math_op_lookup(op->text, op->form != GAL_MF_AUTO ? (gal_math_form)op->form
				  : GAL_MF_INFIX, 1, &o) &&
	       (o.flags & (GAL_OP_RELATION | GAL_OP_BINARY | GAL_OP_LARGEOP | GAL_OP_SEPARATOR));
}

gal_math_form gal_math_op_form(const gal_math_node *mo)
{
	if (mo->form != GAL_MF_AUTO)
		return mo->form;
	const gal_math_node *n = outermost(mo), *p = n->parent;
	if (!p || !row_like(p->kind))
		return GAL_MF_INFIX;
	const gal_math_node *first = NULL, *last = NULL, *prev = NULL;
	int count = 0;
	for (const gal_math_node *c = p->first; c; c = c->next) {
		if (space_like(c))
			continue;
		if (!first)
			first = c;
		if (c == n)
			prev = last;
		last = c;
		count++;
	}
	if (count <= 1)
		return GAL_MF_INFIX;
	if (n == first || after_operator(n, prev))
		return GAL_MF_PREFIX;
	if (n == last)
		return GAL_MF_POSTFIX;
	return GAL_MF_INFIX;
}

double gal_math_len_pt(gal_math_len l, double size, double rel)
{
	switch ((gal_math_unit)l.unit) {
	case GAL_MU_NONE: return 0;
	case GAL_MU_EM: return l.v * size;
	case GAL_MU_EX: return l.v * size * 0.45;   /* close to the math fonts' x-height */
	case GAL_MU_PT: return l.v;
	case GAL_MU_PCT: return l.v / 100.0 * rel;
	}
	return 0;
}

static void set_flag(unsigned *flags, unsigned flag, unsigned char b)
{
	if (b == GAL_MB_TRUE)
		*flags |= flag;
	else if (b == GAL_MB_FALSE)
		*flags &= ~flag;
}

void gal_math_op_props(const gal_math_node *mo, double size, gal_math_op *out)
{
	const char *s = mo->text ? mo->text : "";
	if (!gal_math_op_lookup(s, gal_math_op_form(mo), 1, out)) {
		out->lspace = out->rspace = 5 / 18.0f;
		out->flags = 0;
	}
	set_flag(&out->flags, GAL_OP_STRETCHY, mo->stretchy);
	set_flag(&out->flags, GAL_OP_LARGEOP, mo->largeop);
	set_flag(&out->flags, GAL_OP_MOVABLELIMITS, mo->movablelimits);
	set_flag(&out->flags, GAL_OP_SYMMETRIC, mo->symmetric);
	set_flag(&out->flags, GAL_OP_FENCE, mo->fence);
	set_flag(&out->flags, GAL_OP_SEPARATOR, mo->separator);
	set_flag(&out->flags, GAL_OP_ACCENT, mo->accent);
	if (mo->lspace.unit != GAL_MU_NONE)
		out->lspace = (float)(gal_math_len_pt(mo->lspace, size, size) / size);
	if (mo->rspace.unit != GAL_MU_NONE)
		out->rspace = (float)(gal_math_len_pt(mo->rspace, size, size) / size);
}

/* ---- attributes ------------------------------------------------------- */

static void emit_len(gal_math_attr_fn fn, void *ctx, const char *name, gal_math_len l)
{
	static const char *const units[] = { "", "em", "ex", "pt", "%" };
	char v[48];
	if (l.unit == GAL_MU_NONE)
		return;
	snprintf(v, sizeof v, "%s%.4g%s", l.sign > 0 ? "+" : l.sign < 0 ? "-" : "",
		 (double)l.v, units[l.unit]);
	fn(ctx, name, v);
}

static void emit_bool(gal_math_attr_fn fn, void *ctx, const char *name, unsigned char v)
{
	if (v != GAL_MB_UNSET)
		fn(ctx, name, v == GAL_MB_TRUE ? "true" : "false");
}

static void emit_notation(gal_math_attr_fn fn, void *ctx, unsigned no)
{
	static const struct { unsigned f; const char *n; } names[] = {
		{ GAL_ME_BOX, "box" }, { GAL_ME_TOP, "top" }, { GAL_ME_BOTTOM, "bottom" },
		{ GAL_ME_LEFT, "left" }, { GAL_ME_RIGHT, "right" },
		{ GAL_ME_UPDIAG, "updiagonalstrike" }, { GAL_ME_DOWNDIAG, "downdiagonalstrike" },
		{ GAL_ME_HSTRIKE, "horizontalstrike" }, { GAL_ME_VSTRIKE, "verticalstrike" },
		{ GAL_ME_RADICAL, "radical" }, { GAL_ME_LONGDIV, "longdiv" },
		{ GAL_ME_CIRCLE, "circle" },
	};
	gal_buf b = GAL_BUF_INIT;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (no & names[i].f)
			gal_buf_printf(&b, "%s%s", b.len ? " " : "", names[i].n);
	if (b.len)
		fn(ctx, "notation", b.data);
	gal_buf_free(&b);
}

void gal_math_attrs(const gal_math_node *n, gal_math_attr_fn fn, void *ctx)
{
	static const char *const forms[] = { "", "prefix", "infix", "postfix" };
	char v[32];
	if (n->variant)
		fn(ctx, "mathvariant", gal_math_variant_name(n->variant));
	if (n->form)
		fn(ctx, "form", forms[n->form]);
	emit_bool(fn, ctx, "stretchy", n->stretchy);
	emit_bool(fn, ctx, "largeop", n->largeop);
	emit_bool(fn, ctx, "movablelimits", n->movablelimits);
	emit_bool(fn, ctx, "symmetric", n->symmetric);
	emit_bool(fn, ctx, "fence", n->fence);
	emit_bool(fn, ctx, "separator", n->separator);
	emit_bool(fn, ctx, "accent", n->accent);
	emit_bool(fn, ctx, "accentunder", n->accentunder);
	emit_bool(fn, ctx, "displaystyle", n->displaystyle);
	if (n->bevelled)
		fn(ctx, "bevelled", "true");
	if (n->scriptlevel_mode) {
		snprintf(v, sizeof v, "%s%d", n->scriptlevel_mode == 2 && n->scriptlevel >= 0 ? "+" : "",
			 n->scriptlevel);
		fn(ctx, "scriptlevel", v);
	}
	emit_len(fn, ctx, "lspace", n->lspace);
	emit_len(fn, ctx, "rspace", n->rspace);
	emit_len(fn, ctx, "minsize", n->minsize);
	emit_len(fn, ctx, "maxsize", n->maxsize);
	emit_len(fn, ctx, "width", n->width);
	emit_len(fn, ctx, "height", n->height);
	emit_len(fn, ctx, "depth", n->depth);
	emit_len(fn, ctx, "voffset", n->voffset);
	emit_len(fn, ctx, "linethickness", n->linethickness);
	emit_len(fn, ctx, "rowspacing", n->rowspacing);
	emit_len(fn, ctx, "columnspacing", n->columnspacing);
	if (n->kind == GAL_M_MENCLOSE)
		emit_notation(fn, ctx, n->notation);
	if (n->columnalign)
		fn(ctx, "columnalign", n->columnalign);
	if (n->columnlines)
		fn(ctx, "columnlines", n->columnlines);
	if (n->rowlines)
		fn(ctx, "rowlines", n->rowlines);
	if (n->frame)
		fn(ctx, "frame", "solid");
}

/* ---- the dump ----------------------------------------------------------- */

static void dump_attr(void *ctx, const char *name, const char *value)
{
	gal_buf_printf(ctx, strchr(value, ' ') ? " %s=\"%s\"" : " %s=%s", name, value);
}

/* (kind attr=value ... "text" children...) on one line; depth-first with
 * an explicit walk up, so the dump itself never recurses */
void gal_math_dump(const gal_math *m, gal_buf *b)
{
	const gal_math_node *n = m->root;
	if (m->display)
		gal_buf_puts(b, "display ");
	while (n) {
		gal_buf_printf(b, "(%s", gal_math_kind_name(n->kind));
		gal_math_attrs(n, dump_attr, b);
		if (n->text)
			gal_buf_printf(b, " \"%s\"", n->text);
		if (n->first) {
			gal_buf_putc(b, ' ');
			n = n->first;
			continue;
		}
		gal_buf_putc(b, ')');
		while (n && !n->next) {
			n = n->parent;
			if (n)
				gal_buf_putc(b, ')');
		}
		if (n) {
			gal_buf_putc(b, ' ');
			n = n->next;
		}
	}
}
