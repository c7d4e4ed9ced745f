/* A formula as one line of text, for copy-out, alt text and speech:
 * "x = (−b ± √(b² − 4ac)) / (2a)". Fractions become a / b with the parts
 * bracketed unless simple, small scripts Unicode super- and subscripts,
 * relations and binary operators spaced. Recursion follows the tree,
 * whose depth its readers capped. */
#include <string.h>

#include "math/math.h"

static void lin(gal_buf *b, const gal_math_node *n);

/* Marks written while the tree is walked, and what they become in the
 * linear form and in the reading (gal_math_reading): a script that has
 * no Unicode form ("_(max)", nothing in the reading: "xmax", as its
 * glyphs read), a limit ("∑_(i = 1)^n", a space: "∑ i = 1 n"), and the
 * brackets around either. No text of a formula holds them: XML allows
 * no such control character. */
enum { M_SUB = 1, M_SUP, M_UNDER, M_OVER, M_OPEN, M_CLOSE };

static const char *const sup_digits[] = { "⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹" };
static const char *const sub_digits[] = { "₀", "₁", "₂", "₃", "₄", "₅", "₆", "₇", "₈", "₉" };

/* a character as a Unicode super- or subscript, NULL when there is none */
static const char *script_char(unsigned cp, int sup)
{
	static const char *const sup_other[][2] = {
		{ "+", "⁺" }, { "−", "⁻" }, { "-", "⁻" }, { "=", "⁼" }, { "(", "⁽" }, { ")", "⁾" },
		{ "n", "ⁿ" }, { "i", "ⁱ" }, { "′", "′" }, { "″", "″" }, { "*", "*" }, { "∗", "*" },
	};
	static const char *const sub_other[][2] = {
		{ "+", "₊" }, { "−", "₋" }, { "-", "₋" }, { "=", "₌" }, { "(", "₍" }, { ")", "₎" },
		{ "a", "ₐ" }, { "e", "ₑ" }, { "h", "ₕ" }, { "i", "ᵢ" }, { "j", "ⱼ" }, { "k", "ₖ" },
		{ "l", "ₗ" }, { "m", "ₘ" }, { "n", "ₙ" }, { "o", "ₒ" }, { "p", "ₚ" }, { "r", "ᵣ" },
		{ "s", "ₛ" }, { "t", "ₜ" }, { "u", "ᵤ" }, { "v", "ᵥ" }, { "x", "ₓ" },
	};
	if (cp >= '0' && cp <= '9')
		return sup ? sup_digits[cp - '0'] : sub_digits[cp - '0'];
	gal_buf one = GAL_BUF_INIT;
	gal_math_utf8_put(&one, cp);
	const char *r = NULL;
	size_t n = sup ? sizeof sup_other / sizeof sup_other[0] : sizeof sub_other / sizeof sub_other[0];
	for (size_t i = 0; i < n && !r; i++) {
		const char *const *e = sup ? sup_other[i] : sub_other[i];
		if (!strcmp(e[0], one.data))
			r = e[1];
	}
	gal_buf_free(&one);
	return r;
}

/* the script as Unicode super/subscripts, when every character has one */
static int small_script(gal_buf *b, const char *text, int sup)
{
	gal_buf o = GAL_BUF_INIT;
	const char *s = text;
	int ok = *s != 0;
	while (ok && *s) {
		const char *c = script_char(gal_math_utf8_next(&s), sup);
		if (c)
			gal_buf_puts(&o, c);
		else
			ok = 0;
	}
	if (ok)
		gal_buf_put(b, o.data, o.len);
	gal_buf_free(&o);
	return ok;
}

static int simple(const gal_math_node *n)
{
	switch (n->kind) {
	case GAL_M_MI: case GAL_M_MN: case GAL_M_MTEXT:
		return 1;
	case GAL_M_MSUB: case GAL_M_MSUP: case GAL_M_MSUBSUP: case GAL_M_MSQRT:
		return n->first && simple(n->first);
	case GAL_M_MROW: case GAL_M_MSTYLE:
		if (n->first && n->first == n->last)
			return simple(n->first);
		/* already in brackets: (a + b) */
		return n->first && n->first->kind == GAL_M_MO && n->last->kind == GAL_M_MO &&
		       n->first->fence == GAL_MB_TRUE && n->last->fence == GAL_MB_TRUE;
	default:
		return 0;
	}
}

static void group(gal_buf *b, const gal_math_node *n)
{
	int s = simple(n);
	if (!s)
		gal_buf_putc(b, '(');
	lin(b, n);
	if (!s)
		gal_buf_putc(b, ')');
}

static void bare(gal_buf *b, const gal_math_node *n);

/* a script or a limit after its mark, bracketed unless simple; an
 * operator alone there (a dagger, a star) is a symbol, spaced as none */
static void marked(gal_buf *b, const gal_math_node *n, char mark)
{
	int s = simple(n);
	gal_buf_putc(b, mark);
	if (!s)
		gal_buf_putc(b, M_OPEN);
	if (n->kind == GAL_M_MO)
		bare(b, n);
	else
		lin(b, n);
	if (!s)
		gal_buf_putc(b, M_CLOSE);
}

static void script(gal_buf *b, const gal_math_node *s, int sup)
{
	gal_buf t = GAL_BUF_INIT;
	lin(&t, s);
	if (!t.data || !small_script(b, t.data, sup))
		marked(b, s, sup ? M_SUP : M_SUB);
	gal_buf_free(&t);
}

/* A token's text as it is set: the typewriter's quote a prime (x' is
 * x′, '' a double prime), as the layout sets it; text keeps it. */
static void token(gal_buf *b, const char *s, int text)
{
	while (s && *s) {
		int k = 0;
		while (!text && s[k] == '\'' && k < 4)
			k++;
		if (k) {
			static const char *const primes[] = { "′", "″", "‴", "⁗" };
			gal_buf_puts(b, primes[k - 1]);
			s += k;
		} else {
			gal_buf_putc(b, *s++);
		}
	}
}

/* an operator's text with the spaces around it its class gets */
static void op(gal_buf *b, const gal_math_node *n)
{
	gal_math_op o;
	const char *s = n->text ? n->text : "";
	if (!strcmp(s, "\u2062") || !strcmp(s, "\u2063") || !strcmp(s, "\u2064"))
		return;
	if (!strcmp(s, "\u2061")) {
		gal_buf_putc(b, ' ');
		return;
	}
	gal_math_op_props(n, 10, &o);
	/* as wide as the layout sets it: relations and binary operators
	 * spaced, signs and fences tight */
	if (o.lspace >= 0.2f && gal_math_op_form(n) != GAL_MF_PREFIX)
		gal_buf_putc(b, ' ');
	else if (o.lspace >= 0.2f && (o.flags & (GAL_OP_RELATION | GAL_OP_BINARY)) &&
		 n->parent && n->parent->first != n)
		gal_buf_putc(b, ' ');
	if (!strcmp(s, "-"))
		gal_buf_puts(b, "−");
	else
		token(b, s, 0);
	if (o.rspace >= 0.2f || (o.flags & GAL_OP_SEPARATOR) || (o.flags & GAL_OP_LARGEOP) ||
	    (o.flags & GAL_OP_MOVABLELIMITS))
		gal_buf_putc(b, ' ');
}

/* an operator that carries scripts or limits: its text, no spaces */
static void bare(gal_buf *b, const gal_math_node *n)
{
	if (n->kind == GAL_M_MO && n->text)
		gal_buf_puts(b, n->text);
	else
		lin(b, n);
}

/* elements that read as separate words when side by side */
static int word_like(const gal_math_node *n)
{
	switch (n->kind) {
	case GAL_M_MFRAC: case GAL_M_MSQRT: case GAL_M_MROOT: case GAL_M_MTABLE:
		return 1;
	case GAL_M_MI:
		return n->text && strlen(n->text) > 1;
	case GAL_M_MTEXT:
		return n->text && *n->text;
	default:
		return 0;
	}
}

static int opens(const gal_math_node *n)
{
	while (n && n->kind == GAL_M_MROW)
		n = n->first;
	gal_math_op o;
	return n && n->kind == GAL_M_MO && n->text &&
	       gal_math_op_lookup(n->text, GAL_MF_PREFIX, 0, &o) && (o.flags & GAL_OP_FENCE);
}

static int closes(const gal_math_node *n)
{
	while (n && n->kind == GAL_M_MROW && n->first)
		for (n = n->first; n->next; n = n->next)
			;
	gal_math_op o;
	return n && n->kind == GAL_M_MO && n->text &&
	       gal_math_op_lookup(n->text, GAL_MF_POSTFIX, 0, &o) && (o.flags & GAL_OP_FENCE);
}

/* the child of n's row before it (a child is read without its
 * neighbours: they are the tree's) */
static const gal_math_node *before(const gal_math_node *n)
{
	const gal_math_node *p = n->parent ? n->parent->first : NULL;
	while (p && p->next != n)
		p = p->next;
	return p;
}

/* whether n stands against its neighbour as a factor does: an operand,
 * an invisible times, a function applied to it (before), or a bracket
 * on the side facing it */
static int juxtaposed(const gal_math_node *n, int before)
{
	if (!n)
		return 0;
	if (n->kind != GAL_M_MO)
		return n->kind != GAL_M_MSPACE && n->kind != GAL_M_NONE;
	if (n->text && (!strcmp(n->text, "\u2062") || (before && !strcmp(n->text, "\u2061"))))
		return 1;
	return before ? closes(n) : opens(n);
}

/* One child of a row after another: "sin x", "(1 / 2) g", not "sinx",
 * "1 / 2 g"; an invisible function application before a bracket says
 * nothing ("sin(x)"). A fraction between factors is bracketed, as its
 * slash would otherwise take them in: "(H / 2)(1 − x)". */
static void row_next(gal_buf *b, const gal_math_node *prev, const gal_math_node *c)
{
	if (c->kind == GAL_M_MFRAC && (juxtaposed(before(c), 1) || juxtaposed(c->next, 0))) {
		if (prev && prev->kind != GAL_M_MO)
			gal_buf_putc(b, ' ');
		gal_buf_putc(b, '(');
		lin(b, c);
		gal_buf_putc(b, ')');
		return;
	}
	if (prev && prev->kind != GAL_M_MO && c->kind != GAL_M_MO &&
	    (word_like(prev) || (word_like(c) && c->kind != GAL_M_MI) ||
	     c->kind == GAL_M_MTEXT))
		gal_buf_putc(b, ' ');
	if (c->kind == GAL_M_MO && c->text && !strcmp(c->text, "\u2061") && c->next &&
	    opens(c->next))
		return;
	lin(b, c);
}

static void row(gal_buf *b, const gal_math_node *first, const char *sep)
{
	const gal_math_node *prev = NULL;
	for (const gal_math_node *c = first; c; c = c->next) {
		if (prev && sep)
			gal_buf_puts(b, sep);
		row_next(b, sep ? NULL : prev, c);
		prev = c;
	}
}

static const char *combining(const char *accent)
{
	static const char *const map[][2] = {
		{ "^", "\u0302" }, { "ˆ", "\u0302" }, { "~", "\u0303" }, { "˜", "\u0303" },
		{ "¯", "\u0304" }, { "‾", "\u0305" }, { "˙", "\u0307" }, { "¨", "\u0308" },
		{ "→", "\u20D7" }, { "ˇ", "\u030C" }, { "˘", "\u0306" }, { "´", "\u0301" },
		{ "`", "\u0300" }, { "˚", "\u030A" },
	};
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (!strcmp(map[i][0], accent))
			return map[i][1];
	return NULL;
}

static int simple_tokens(const gal_math_node *row)
{
	for (const gal_math_node *c = row->first; c; c = c->next)
		if ((c->kind != GAL_M_MI && c->kind != GAL_M_MN) || !c->text)
			return 0;
	return 1;
}

static void under_over(gal_buf *b, const gal_math_node *n)
{
	const gal_math_node *base = n->first;
	const gal_math_node *under = n->kind == GAL_M_MOVER ? NULL : gal_math_child(n, 1);
	const gal_math_node *over = n->kind == GAL_M_MUNDER ? NULL
				    : gal_math_child(n, n->kind == GAL_M_MOVER ? 1 : 2);
	const char *mark = over && over->kind == GAL_M_MO && over->text ? combining(over->text) : NULL;
	if (!base)
		return;
	/* a brace or bar that stretches over or under says nothing itself */
	const gal_math_node *sc = over && !under ? over : under && !over ? under : NULL;
	if (sc && sc->kind == GAL_M_MO && sc->text && !mark &&
	    (strstr("⏞⏟⏜⏝⎴⎵_̲", sc->text) != NULL)) {
		group(b, base);
		return;
	}
	if (mark && !under && base->text) {
		/* the mark after each character: x̂, AB with a line over it */
		const char *s = base->text;
		while (*s) {
			gal_math_utf8_put(b, gal_math_utf8_next(&s));
			if (!*s || !strcmp(mark, "\u0305"))
				gal_buf_puts(b, mark);
		}
		return;
	}
	if (mark && !under && base->kind == GAL_M_MROW && simple_tokens(base)) {
		for (const gal_math_node *c = base->first; c; c = c->next)
			gal_buf_puts(b, c->text);
		gal_buf_puts(b, mark);
		return;
	}
	if (mark && !under) {
		group(b, base);
		gal_buf_puts(b, mark);
		return;
	}
	bare(b, base);
	if (under)
		marked(b, under, M_UNDER);
	if (over)
		marked(b, over, M_OVER);
	if (gal_math_embellished_op(base))
		gal_buf_putc(b, ' ');
}

static void radical(gal_buf *b, const gal_math_node *n)
{
	const gal_math_node *base = n->kind == GAL_M_MROOT ? n->first : n;
	const gal_math_node *index = n->kind == GAL_M_MROOT ? gal_math_child(n, 1) : NULL;
	gal_buf ix = GAL_BUF_INIT;
	if (index)
		lin(&ix, index);
	const char *sign = "√";
	if (ix.data && !strcmp(ix.data, "3"))
		sign = "∛";
	else if (ix.data && !strcmp(ix.data, "4"))
		sign = "∜";
	else if (ix.data && strcmp(ix.data, "2") != 0 && !small_script(b, ix.data, 1))
		gal_buf_printf(b, "root(%s)", ix.data);
	gal_buf_puts(b, sign);
	int one = n->kind == GAL_M_MROOT ? base && simple(base)
		  : n->first && n->first == n->last && simple(n->first);
	if (!one)
		gal_buf_putc(b, '(');
	if (n->kind == GAL_M_MROOT) {
		if (base)
			lin(b, base);
	} else {
		row(b, n->first, NULL);
	}
	if (!one)
		gal_buf_putc(b, ')');
	gal_buf_free(&ix);
}

/* rows "; ", cells ", " unless the next one continues the first (an
 * aligned "= ..." or a case's text) */
static void table(gal_buf *b, const gal_math_node *n)
{
	int r = 0;
	for (const gal_math_node *tr = n->first; tr; tr = tr->next, r++) {
		if (r) {
			while (b->len && (b->data[b->len - 1] == ',' || b->data[b->len - 1] == ' ' ||
					  b->data[b->len - 1] == '.'))
				b->data[--b->len] = '\0';
			gal_buf_puts(b, "; ");
		}
		const gal_math_node *td = tr->first;
		if (tr->kind == GAL_M_MLABELEDTR && td)
			td = td->next;
		int cells = 0;
		for (; td; td = td->next) {
			if (!td->first)
				continue;
			const gal_math_node *lead = td->first;
			if (cells++)
				gal_buf_puts(b, lead->kind == GAL_M_MO || lead->kind == GAL_M_MTEXT ? " " : ", ");
			lin(b, td);
		}
	}
}

static void lin(gal_buf *b, const gal_math_node *n)
{
	switch (n->kind) {
	case GAL_M_MI: case GAL_M_MN: case GAL_M_MTEXT:
		token(b, n->text, n->kind == GAL_M_MTEXT);
		break;
	case GAL_M_MS:
		gal_buf_printf(b, "\"%s\"", n->text ? n->text : "");
		break;
	case GAL_M_MO:
		op(b, n);
		break;
	case GAL_M_MSPACE:
		if (gal_math_len_pt(n->width, 10, 0) >= 1.5)
			gal_buf_putc(b, ' ');
		break;
	case GAL_M_MFRAC:
		if (n->first && n->first->next) {
			int binom = n->linethickness.unit != GAL_MU_NONE && n->linethickness.v == 0;
			group(b, n->first);
			gal_buf_puts(b, binom ? " choose " : " / ");
			group(b, n->first->next);
		}
		break;
	case GAL_M_MSQRT: case GAL_M_MROOT:
		radical(b, n);
		break;
	case GAL_M_MSUB: case GAL_M_MSUP: case GAL_M_MSUBSUP:
		if (!n->first || !n->first->next)
			break;
		bare(b, n->first);
		script(b, n->first->next, n->kind == GAL_M_MSUP);
		if (n->kind == GAL_M_MSUBSUP && n->first->next->next)
			script(b, n->first->next->next, 1);
		if (gal_math_embellished_op(n->first))
			gal_buf_putc(b, ' ');
		break;
	case GAL_M_MUNDER: case GAL_M_MOVER: case GAL_M_MUNDEROVER:
		under_over(b, n);
		break;
	case GAL_M_MMULTISCRIPTS:
		if (!n->first)
			break;
		lin(b, n->first);
		for (const gal_math_node *c = n->first->next; c && c->kind != GAL_M_MPRESCRIPTS; c = c->next)
			if (c->kind != GAL_M_NONE)
				script(b, c, 0);
		break;
	case GAL_M_MTABLE:
		table(b, n);
		break;
	case GAL_M_MPHANTOM: case GAL_M_NONE: case GAL_M_MPRESCRIPTS: case GAL_M_COUNT:
		break;
	case GAL_M_MPADDED:
		row(b, n->first, NULL);
		/* widened by a space's worth ("se" + 3.3pt before "m = n"):
		 * a space, as an mspace as wide is */
		if (n->width.unit != GAL_MU_NONE && n->width.sign > 0 &&
		    gal_math_len_pt(n->width, 10, 0) >= 1.5)
			gal_buf_putc(b, ' ');
		break;
	case GAL_M_MATH: case GAL_M_MROW: case GAL_M_MSTYLE:
	case GAL_M_MENCLOSE: case GAL_M_MERROR: case GAL_M_MTD: case GAL_M_MTR:
	case GAL_M_MLABELEDTR:
		row(b, n->first, NULL);
		break;
	}
}

/* The walk's text t into out: marks as the form has them, one space at
 * most, none at the ends or inside brackets. */
static void finish(const gal_buf *t, gal_buf *out, int reading)
{
	static const char linear_marks[] = "_^_^()", reading_marks[] = "\0\0  \0\0";
	int sp = 0;
	size_t start = out->len;
	for (size_t i = 0; i < t->len; i++) {
		char c = t->data[i];
		if (c >= M_SUB && c <= M_CLOSE)
			c = (reading ? reading_marks : linear_marks)[c - M_SUB];
		if (!c)
			continue;
		if (c == ' ') {
			sp = 1;
			continue;
		}
		if (sp && out->len > start && c != ')' && c != ',' && c != ';' &&
		    out->data[out->len - 1] != '(')
			gal_buf_putc(out, ' ');
		sp = 0;
		gal_buf_putc(out, c);
	}
}

static void text_of(const gal_math *m, gal_buf *out, int reading)
{
	gal_buf t = GAL_BUF_INIT;
	lin(&t, gal_math_root(m));
	finish(&t, out, reading);
	gal_buf_free(&t);
}

void gal_math_reading_of(const gal_math_node *node, gal_buf *out)
{
	gal_buf t = GAL_BUF_INIT;
	row_next(&t, NULL, node);
	finish(&t, out, 1);
	gal_buf_free(&t);
}

void gal_math_linear(const gal_math *m, gal_buf *out)
{
	text_of(m, out, 0);
}

void gal_math_reading(const gal_math *m, gal_buf *out)
{
	text_of(m, out, 1);
}
