/* TeX math in, a math tree out: what articles write between $...$ and in
 * amsmath displays. The tree is what a TeX-to-MathML converter would
 * give (MathJax's conventions where there is a choice), so the same
 * layout and the same MathML writer serve both inputs.
 *
 * A recursive-descent parser: every call that goes one group deeper
 * counts against GAL_MATH_MAX_DEPTH. A construct it does not know stops
 * the parse with an error naming it; the caller falls back. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "math/math.h"
#include "math/texsym.h"

typedef enum {
	STOP_EOF, STOP_BRACE, STOP_BRACKET, STOP_AMP, STOP_CR, STOP_RIGHT,
	STOP_END, STOP_ERROR
} stop;

typedef struct {
	gal_math *m;
	const char *p;
	gal_err *err;
	int rc;
	int depth;
	unsigned char variant;   /* the math alphabet in force (\mathbf{..}, \bf) */
} tex;

static stop parse_expr(tex *t, gal_math_node *row, int bracket);
static gal_math_node *parse_arg(tex *t);

static void *fail(tex *t, int code, const char *what, size_t len)
{
	if (!t->rc)
		t->rc = gal_err_set(t->err, code, NULL, 0, 0, "%s%.*s",
				    code == GAL_E_LIMIT ? "TeX nested too deeply at " : "",
				    (int)len, what);
	return NULL;
}

static void *unsupported(tex *t, const char *kind, const char *name, size_t len)
{
	char msg[160];
	snprintf(msg, sizeof msg, "unsupported TeX %s%.*s", kind,
		 (int)(len > 100 ? 100 : len), name);
	return fail(t, GAL_E_FORMAT, msg, strlen(msg));
}

static int enter(tex *t)
{
	if (++t->depth > GAL_MATH_MAX_DEPTH) {
		fail(t, GAL_E_LIMIT, t->p, strnlen(t->p, 20));
		return 0;
	}
	return 1;
}

static void leave(tex *t)
{
	t->depth--;
}

static void skip_ws(tex *t)
{
	for (;;) {
		char c = *t->p;
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '$') {
			t->p++;
		} else if (c == '%') {
			while (*t->p && *t->p != '\n')
				t->p++;
		} else {
			return;
		}
	}
}

static int is_letter(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* after a backslash: a run of letters or one other character */
static size_t cmd_len(const char *p)
{
	size_t n = 0;
	if (!*p)
		return 0;
	if (!is_letter(*p)) {
		const char *q = p;
		gal_math_utf8_next(&q);
		return (size_t)(q - p);
	}
	while (is_letter(p[n]))
		n++;
	return n;
}

/* whether the input continues with \name (and not \namefoo) */
static int at_cmd(const tex *t, const char *name)
{
	size_t n = strlen(name);
	return t->p[0] == '\\' && strncmp(t->p + 1, name, n) == 0 &&
	       !(is_letter(name[0]) && is_letter(t->p[1 + n]));
}

static gal_math_node *node(tex *t, gal_math_kind k, gal_math_node *parent)
{
	return gal_math_node_new(t->m, k, parent);
}

static gal_math_node *token(tex *t, gal_math_kind k, const char *s, size_t len,
			    gal_math_node *parent)
{
	gal_math_node *n = node(t, k, parent);
	n->text = gal_math_strdup(t->m, s, len);
	return n;
}

static gal_math_node *tok(tex *t, gal_math_kind k, const char *s)
{
	return token(t, k, s, strlen(s), NULL);
}

static gal_math_len em(double v)
{
	return (gal_math_len){ (float)v, GAL_MU_EM, 0 };
}

static gal_math_node *wrap(tex *t, gal_math_kind k, gal_math_node *a, gal_math_node *b,
			   gal_math_node *c)
{
	gal_math_node *n = node(t, k, NULL);
	gal_math_node *kids[] = { a, b, c };
	for (int i = 0; i < 3; i++)
		if (kids[i])
			gal_math_append(n, kids[i]);
	return n;
}

/* a row's only child stands for the row */
static gal_math_node *simplify(gal_math_node *row)
{
	if (row->first && row->first == row->last && row->kind == GAL_M_MROW) {
		gal_math_node *c = row->first;
		gal_math_unlink(c);
		return c;
	}
	return row;
}

static void move_children(gal_math_node *from, gal_math_node *to)
{
	while (from->first) {
		gal_math_node *c = from->first;
		gal_math_unlink(c);
		gal_math_append(to, c);
	}
}

/* ---- groups, arguments, delimiters, lengths ---------------------------- */

/* after '{': the group up to its '}' as one node */
static gal_math_node *parse_group(tex *t)
{
	unsigned char saved = t->variant;
	gal_math_node *row = node(t, GAL_M_MROW, NULL);
	if (!enter(t))
		return NULL;
	stop s = parse_expr(t, row, 0);
	leave(t);
	t->variant = saved;
	if (t->rc)
		return NULL;
	if (s != STOP_BRACE)
		return fail(t, GAL_E_FORMAT, "unbalanced { in TeX", 19);
	return simplify(row);
}

/* [...] after a command, or NULL when there is none */
static gal_math_node *parse_optional(tex *t)
{
	skip_ws(t);
	if (*t->p != '[')
		return NULL;
	t->p++;
	gal_math_node *row = node(t, GAL_M_MROW, NULL);
	if (!enter(t))
		return NULL;
	stop s = parse_expr(t, row, 1);
	leave(t);
	if (t->rc)
		return NULL;
	if (s != STOP_BRACKET)
		return fail(t, GAL_E_FORMAT, "unbalanced [ in TeX", 19);
	return simplify(row);
}

/* the raw text of a {...} argument (nested braces kept), or of one
 * character; *len its length */
static const char *raw_arg(tex *t, size_t *len)
{
	skip_ws(t);
	const char *s = t->p;
	if (*s != '{') {
		size_t n = *s == '\\' ? 1 + cmd_len(s + 1) : (*s ? 1 : 0);
		t->p += n;
		*len = n;
		return s;
	}
	int level = 0;
	for (const char *q = s; *q; q++) {
		if (*q == '\\' && q[1]) {
			q++;
			continue;
		}
		if (*q == '{')
			level++;
		else if (*q == '}' && --level == 0) {
			t->p = q + 1;
			*len = (size_t)(q - s - 1);
			return s + 1;
		}
	}
	fail(t, GAL_E_FORMAT, "unbalanced { in TeX", 19);
	*len = 0;
	return "";
}

/* text mode: escapes become their characters, ~ a no-break space, other
 * control sequences give their names' letters up */
static const char *text_of(tex *t, const char *s, size_t len)
{
	gal_buf b = GAL_BUF_INIT;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (c == '\\' && i + 1 < len) {
			char d = s[++i];
			if (d == ' ' || d == ',' || d == ';' || d == ':')
				gal_buf_putc(&b, ' ');
			else if (!is_letter(d))
				gal_buf_putc(&b, d);
			else
				while (i + 1 < len && is_letter(s[i + 1]))
					i++;
		} else if (c == '~') {
			gal_buf_puts(&b, "\u00A0");
		} else if (c != '{' && c != '}' && c != '$') {
			gal_buf_putc(&b, c == '\n' ? ' ' : c);
		}
	}
	const char *r = gal_math_strdup(t->m, b.data ? b.data : "", b.len);
	gal_buf_free(&b);
	return r;
}

/* a delimiter after \left, \right, \big...: its text, "" for '.' */
static const char *parse_delim(tex *t)
{
	skip_ws(t);
	char c = *t->p;
	if (c == '.') {
		t->p++;
		return "";
	}
	if (c == '\\') {
		size_t n = cmd_len(t->p + 1);
		const texsym *s = gal_texsym_find(t->p + 1, n);
		if (!s || !(s->cls == TS_OPEN || s->cls == TS_CLOSE || s->cls == TS_FENCE ||
			    s->cls == TS_OP))
			return unsupported(t, "delimiter ", t->p, n + 1);
		t->p += 1 + n;
		return s->text;
	}
	static const char *const plain[][2] = {
		{ "(", "(" }, { ")", ")" }, { "[", "[" }, { "]", "]" }, { "|", "|" },
		{ "/", "/" }, { "<", "⟨" }, { ">", "⟩" },
	};
	for (size_t i = 0; i < sizeof plain / sizeof plain[0]; i++)
		if (c == plain[i][0][0]) {
			t->p++;
			return plain[i][1];
		}
	if ((unsigned char)c >= 0x80) {
		const char *q = t->p;
		gal_math_utf8_next(&q);
		const char *r = gal_math_strdup(t->m, t->p, (size_t)(q - t->p));
		t->p = q;
		return r;
	}
	return unsupported(t, "delimiter ", t->p, c ? 1 : 0);
}

/* "1em", "-3mu", "0.5cm" (braced or not) as a length */
static gal_math_len parse_length(tex *t)
{
	static const struct { const char *u; double f; unsigned char unit; } units[] = {
		{ "em", 1, GAL_MU_EM }, { "ex", 1, GAL_MU_EX }, { "pt", 1, GAL_MU_PT },
		{ "mu", 1 / 18.0, GAL_MU_EM }, { "cm", 72 / 2.54, GAL_MU_PT },
		{ "mm", 72 / 25.4, GAL_MU_PT }, { "in", 72, GAL_MU_PT },
		{ "pc", 12, GAL_MU_PT }, { "bp", 1, GAL_MU_PT }, { "px", 0.75, GAL_MU_PT },
	};
	int braced;
	char *end;
	skip_ws(t);
	braced = *t->p == '{';
	t->p += braced;
	skip_ws(t);
	double v = strtod(t->p, &end);
	gal_math_len l = { 0, GAL_MU_NONE, 0 };
	if (end == t->p) {
		fail(t, GAL_E_FORMAT, "TeX length expected", 19);
		return l;
	}
	t->p = end;
	skip_ws(t);
	for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
		if (strncmp(t->p, units[i].u, 2) == 0) {
			l.v = (float)(v * units[i].f), l.unit = units[i].unit;
			t->p += 2;
			break;
		}
	if (l.unit == GAL_MU_NONE)
		fail(t, GAL_E_FORMAT, "TeX length without a unit", 25);
	skip_ws(t);
	if (braced && *t->p == '}')
		t->p++;
	return l;
}

static gal_math_node *space(tex *t, double width_em)
{
	gal_math_node *s = node(t, GAL_M_MSPACE, NULL);
	s->width = em(width_em);
	return s;
}

static gal_math_node *fence_mo(tex *t, const char *text, gal_math_form form)
{
	gal_math_node *mo = tok(t, GAL_M_MO, text);
	mo->form = (unsigned char)form;
	mo->fence = mo->stretchy = mo->symmetric = GAL_MB_TRUE;
	return mo;
}

/* ---- commands with arguments ------------------------------------------- */

/* \frac \dfrac \tfrac \cfrac \binom \dbinom \tbinom */
static gal_math_node *cmd_frac(tex *t, const char *name, size_t len)
{
	int binom = len >= 5 && strncmp(name + len - 5, "binom", 5) == 0;
	gal_math_node *num = parse_arg(t), *den = num ? parse_arg(t) : NULL;
	if (!den)
		return NULL;
	gal_math_node *f = wrap(t, GAL_M_MFRAC, num, den, NULL);
	if (binom) {
		f->linethickness = (gal_math_len){ 0, GAL_MU_PT, 0 };
		f = wrap(t, GAL_M_MROW, fence_mo(t, "(", GAL_MF_PREFIX), f,
			 fence_mo(t, ")", GAL_MF_POSTFIX));
	}
	if (name[0] == 'd' || name[0] == 't' || name[0] == 'c') {
		gal_math_node *s = wrap(t, GAL_M_MSTYLE, f, NULL, NULL);
		s->displaystyle = name[0] == 't' ? GAL_MB_FALSE : GAL_MB_TRUE;
		f = s;
	}
	return f;
}

static gal_math_node *cmd_sqrt(tex *t)
{
	gal_math_node *index = parse_optional(t);
	if (t->rc)
		return NULL;
	gal_math_node *base = parse_arg(t);
	if (!base)
		return NULL;
	if (index)
		return wrap(t, GAL_M_MROOT, base, index, NULL);
	gal_math_node *r = node(t, GAL_M_MSQRT, NULL);
	if (base->kind == GAL_M_MROW)
		move_children(base, r);
	else
		gal_math_append(r, base);
	return r;
}

/* \left D ... [\middle D ...] \right D */
static gal_math_node *cmd_left(tex *t)
{
	const char *open = parse_delim(t);
	if (!open)
		return NULL;
	gal_math_node *row = node(t, GAL_M_MROW, NULL);
	if (*open)
		gal_math_append(row, fence_mo(t, open, GAL_MF_PREFIX));
	if (!enter(t))
		return NULL;
	stop s = parse_expr(t, row, 0);
	leave(t);
	if (t->rc)
		return NULL;
	if (s != STOP_RIGHT)
		return fail(t, GAL_E_FORMAT, "\\left without \\right in TeX", 27);
	const char *close = parse_delim(t);
	if (!close)
		return NULL;
	if (*close)
		gal_math_append(row, fence_mo(t, close, GAL_MF_POSTFIX));
	return row;
}

/* \text{...} and its kin */
static gal_math_node *cmd_text(tex *t, const char *name)
{
	size_t len;
	const char *s = raw_arg(t, &len);
	if (t->rc)
		return NULL;
	gal_math_node *n = node(t, GAL_M_MTEXT, NULL);
	n->text = text_of(t, s, len);
	if (!strcmp(name, "textbf"))
		n->variant = GAL_MV_BOLD;
	else if (!strcmp(name, "textit") || !strcmp(name, "emph"))
		n->variant = GAL_MV_ITALIC;
	else if (!strcmp(name, "texttt"))
		n->variant = GAL_MV_MONOSPACE;
	else if (!strcmp(name, "textsf"))
		n->variant = GAL_MV_SANS_SERIF;
	return n;
}

/* the characters of a node made of tokens only, or NULL */
static const char *flat_text(tex *t, const gal_math_node *n)
{
	if (n->text)
		return n->text;
	if (n->kind != GAL_M_MROW)
		return NULL;
	gal_buf b = GAL_BUF_INIT;
	for (const gal_math_node *c = n->first; c; c = c->next) {
		if (!c->text) {
			gal_buf_free(&b);
			return NULL;
		}
		gal_buf_puts(&b, c->text);
	}
	const char *r = gal_math_strdup(t->m, b.data ? b.data : "", b.len);
	gal_buf_free(&b);
	return r;
}

/* \operatorname{name}, \operatorname*{name} */
static gal_math_node *cmd_operatorname(tex *t, gal_math_node **after, int *limits)
{
	int star = *t->p == '*';
	size_t len;
	t->p += star;
	const char *s = raw_arg(t, &len);
	if (t->rc)
		return NULL;
	const char *name = text_of(t, s, len);
	if (star) {
		gal_math_node *mo = tok(t, GAL_M_MO, name);
		mo->movablelimits = GAL_MB_TRUE;
		mo->form = GAL_MF_PREFIX;
		mo->lspace = mo->rspace = em(3 / 18.0);
		*limits = 1;
		return mo;
	}
	gal_math_node *mi = tok(t, GAL_M_MI, name);
	if (strlen(name) == 1)
		mi->variant = GAL_MV_NORMAL;
	*after = tok(t, GAL_M_MO, "\u2061");
	return mi;
}

/* \mathop \mathbin \mathrel \mathord \mathpunct \mathopen \mathclose
 * \mathinner: the argument with the spacing of that class */
static gal_math_node *cmd_mathclass(tex *t, const char *name, int *limits)
{
	gal_math_node *a = parse_arg(t);
	if (!a)
		return NULL;
	static const struct { const char *n; float l, r; } classes[] = {
		{ "mathop", 3, 3 }, { "mathbin", 4, 4 }, { "mathrel", 5, 5 },
		{ "mathord", 0, 0 }, { "mathpunct", 0, 3 }, { "mathopen", 0, 0 },
		{ "mathclose", 0, 0 }, { "mathinner", 0, 0 },
	};
	size_t i = 0, n = sizeof classes / sizeof classes[0];
	while (i < n && strcmp(classes[i].n, name) != 0)
		i++;
	if (i == n)
		return unsupported(t, "command \\", name, strlen(name));
	if (!strcmp(name, "mathinner") || (!strcmp(name, "mathord") && a->kind != GAL_M_MO))
		return a;
	const char *text = flat_text(t, a);
	if (a->kind == GAL_M_MO && !strcmp(name, "mathop")) {
		gal_math_op op;
		*limits = gal_math_op_lookup(a->text, GAL_MF_PREFIX, 1, &op) &&
			  (op.flags & GAL_OP_MOVABLELIMITS);
		return a;
	}
	if (!text) {
		float l = classes[i].l, r = classes[i].r;
		return wrap(t, GAL_M_MROW, l ? space(t, l / 18) : NULL, a,
			    r ? space(t, r / 18) : NULL);
	}
	gal_math_node *mo = tok(t, GAL_M_MO, text);
	/* a letter keeps its italic: \mathrel{R} */
	mo->variant = a->kind == GAL_M_MI && strlen(text) == 1
		      ? (a->variant ? a->variant : GAL_MV_ITALIC) : 0;
	mo->lspace = em(classes[i].l / 18);
	mo->rspace = em(classes[i].r / 18);
	mo->stretchy = GAL_MB_FALSE;
	if (!strcmp(name, "mathop")) {
		mo->movablelimits = GAL_MB_TRUE;
		*limits = 1;
	}
	return mo;
}

/* \overset \underset \stackrel \xrightarrow \xleftarrow */
static gal_math_node *cmd_stack(tex *t, const char *name)
{
	if (name[0] == 'x') {
		gal_math_node *below = parse_optional(t);
		gal_math_node *above = t->rc ? NULL : parse_arg(t);
		if (!above)
			return NULL;
		const char *arrow = !strcmp(name, "xleftarrow") ? "←"
				    : !strcmp(name, "xRightarrow") ? "⇒"
				    : !strcmp(name, "xLeftarrow") ? "⇐"
				    : !strcmp(name, "xleftrightarrow") ? "↔" : "→";
		gal_math_node *mo = tok(t, GAL_M_MO, arrow);
		mo->stretchy = GAL_MB_TRUE;
		gal_math_node *pad[2] = { above, below };
		for (int i = 0; i < 2; i++) {
			if (!pad[i])
				continue;
			gal_math_node *p = wrap(t, GAL_M_MPADDED, pad[i], NULL, NULL);
			p->width = (gal_math_len){ 0.6f, GAL_MU_EM, 1 };
			p->lspace = em(0.3);
			pad[i] = p;
		}
		if (below)
			return wrap(t, GAL_M_MUNDEROVER, mo, pad[1], pad[0]);
		return wrap(t, GAL_M_MOVER, mo, pad[0], NULL);
	}
	gal_math_node *a = parse_arg(t), *b = a ? parse_arg(t) : NULL;
	if (!b)
		return NULL;
	/* amsmath sets the base as \mathop{...}\limits: an operator keeps
	 * its script above or below in every style */
	const gal_math_node *op = gal_math_embellished_op(b);
	gal_math_op props;
	if (op && op->kind == GAL_M_MO && strcmp(name, "stackrel") != 0) {
		gal_math_op_props(op, 10, &props);
		if (props.flags & GAL_OP_MOVABLELIMITS)
			((gal_math_node *)op)->movablelimits = GAL_MB_FALSE;
	}
	return wrap(t, !strcmp(name, "underset") ? GAL_M_MUNDER : GAL_M_MOVER, b, a, NULL);
}

/* \not\in, \not= */
static gal_math_node *cmd_not(tex *t)
{
	skip_ws(t);
	gal_math_node *rel = parse_arg(t);
	if (!rel)
		return NULL;
	const char *s = rel->text ? rel->text : "";
	const char *neg = gal_texsym_negate(s);
	gal_buf b = GAL_BUF_INIT;
	gal_buf_puts(&b, neg ? neg : s);
	if (!neg)
		gal_buf_puts(&b, "\u0338");
	gal_math_node *mo = token(t, GAL_M_MO, b.data, b.len, NULL);
	gal_buf_free(&b);
	return mo;
}

/* \boxed \fbox \cancel \bcancel \xcancel \sout \phantom \hphantom
 * \vphantom \smash */
static gal_math_node *cmd_box(tex *t, const char *name)
{
	gal_math_node *a;
	if (!strcmp(name, "fbox")) {
		a = cmd_text(t, "text");
	} else {
		if (!strcmp(name, "smash")) {
			size_t len;
			skip_ws(t);
			if (*t->p == '[')
				raw_arg(t, &len), t->p = strchr(t->p, ']') ? strchr(t->p, ']') + 1 : t->p;
		}
		a = parse_arg(t);
	}
	if (!a)
		return NULL;
	if (strstr(name, "phantom")) {
		gal_math_node *ph = wrap(t, GAL_M_MPHANTOM, a, NULL, NULL);
		if (name[0] == 'p')
			return ph;
		gal_math_node *p = wrap(t, GAL_M_MPADDED, ph, NULL, NULL);
		if (name[0] == 'h')
			p->height = p->depth = (gal_math_len){ 0, GAL_MU_PT, 0 };
		else
			p->width = (gal_math_len){ 0, GAL_MU_PT, 0 };
		return p;
	}
	if (!strcmp(name, "smash")) {
		gal_math_node *p = wrap(t, GAL_M_MPADDED, a, NULL, NULL);
		p->height = p->depth = (gal_math_len){ 0, GAL_MU_PT, 0 };
		return p;
	}
	gal_math_node *e = wrap(t, GAL_M_MENCLOSE, a, NULL, NULL);
	e->notation = !strcmp(name, "cancel") ? GAL_ME_UPDIAG
		      : !strcmp(name, "bcancel") ? GAL_ME_DOWNDIAG
		      : !strcmp(name, "xcancel") ? GAL_ME_UPDIAG | GAL_ME_DOWNDIAG
		      : !strcmp(name, "sout") ? GAL_ME_HSTRIKE : GAL_ME_BOX;
	return e;
}

/* \pmod \pod \bmod \mod */
static gal_math_node *cmd_mod(tex *t, const char *name)
{
	if (!strcmp(name, "bmod"))
		return tok(t, GAL_M_MO, "mod");
	gal_math_node *a = parse_arg(t);
	if (!a)
		return NULL;
	gal_math_node *row = node(t, GAL_M_MROW, NULL);
	gal_math_append(row, space(t, name[0] == 'm' ? 1 : 0.5));
	if (name[0] == 'p') {
		gal_math_node *o = tok(t, GAL_M_MO, "(");
		o->stretchy = GAL_MB_FALSE;
		gal_math_append(row, o);
	}
	if (strcmp(name, "pod") != 0) {
		gal_math_node *mod = tok(t, GAL_M_MI, "mod");
		gal_math_append(row, mod);
		gal_math_append(row, space(t, 1 / 3.0));
	}
	gal_math_append(row, a);
	if (name[0] == 'p') {
		gal_math_node *c = tok(t, GAL_M_MO, ")");
		c->stretchy = GAL_MB_FALSE;
		gal_math_append(row, c);
	}
	return row;
}

/* \big( \Bigl[ \biggm| ... */
static gal_math_node *cmd_big(tex *t, const texsym *s)
{
	const char *d = parse_delim(t);
	if (!d)
		return NULL;
	if (!*d)
		return space(t, 0);
	gal_math_node *mo = tok(t, GAL_M_MO, d);
	mo->stretchy = mo->symmetric = GAL_MB_TRUE;
	mo->minsize = mo->maxsize = em(s->value / 1000.0);
	mo->form = s->text[0] == 'l' ? GAL_MF_PREFIX : s->text[0] == 'r' ? GAL_MF_POSTFIX
		   : GAL_MF_INFIX;
	if (s->text[0] == 'm')
		mo->lspace = mo->rspace = em(5 / 18.0);
	else if (!s->text[0])
		mo->lspace = mo->rspace = em(0);
	/* \big| is a bar, as | is: no relation */
	if (!s->text[0] && (!strcmp(d, "|") || !strcmp(d, "‖")))
		mo->fence = GAL_MB_TRUE;
	return mo;
}

/* ---- environments --------------------------------------------------------- */

/* {name} after \begin or \end */
static int env_name(tex *t, char *out, size_t cap)
{
	size_t len;
	skip_ws(t);
	if (*t->p != '{') {
		fail(t, GAL_E_FORMAT, "environment name expected in TeX", 32);
		return 0;
	}
	const char *s = raw_arg(t, &len);
	if (t->rc)
		return 0;
	snprintf(out, cap, "%.*s", (int)len, s);
	return 1;
}

/* column alignments of an array spec "cc|l" as "center center left" */
static void array_spec(tex *t, gal_math_node *table)
{
	size_t len;
	const char *s = raw_arg(t, &len);
	gal_buf a = GAL_BUF_INIT, l = GAL_BUF_INIT;
	int pending_line = 0, cols = 0;
	for (size_t i = 0; i < len && !t->rc; i++) {
		const char *al = s[i] == 'l' ? "left" : s[i] == 'r' ? "right"
				 : s[i] == 'c' ? "center" : s[i] == 'p' || s[i] == 'm' ? "left" : NULL;
		if (s[i] == '|') {
			pending_line = 1;
		} else if (s[i] == '{' || s[i] == '@') {
			int level = 0;   /* p{width}, @{...}: skip the braces */
			for (; i < len; i++) {
				level += s[i] == '{' ? 1 : s[i] == '}' ? -1 : 0;
				if (s[i] == '}' && level == 0)
					break;
			}
		} else if (al) {
			if (cols++)
				gal_buf_puts(&l, pending_line ? " solid" : " none");
			pending_line = 0;
			gal_buf_printf(&a, "%s%s", a.len ? " " : "", al);
		} else if (s[i] != ' ') {
			unsupported(t, "array column ", s + i, 1);
		}
	}
	table->columnalign = gal_math_strdup(t->m, a.data ? a.data : "", a.len);
	if (l.len && strstr(l.data, "solid"))
		table->columnlines = gal_math_strdup(t->m, l.data + 1, l.len - 1);
	gal_buf_free(&a);
	gal_buf_free(&l);
}

/* after a row's \\: whether \hline follows (rules at the edges of the
 * table are left out: MathML's rowlines has none there) */
static int hline(tex *t)
{
	skip_ws(t);
	if (!at_cmd(t, "hline") && !at_cmd(t, "hdashline"))
		return 0;
	t->p += at_cmd(t, "hline") ? 6 : 10;
	return 1;
}

/* rows and cells up to \end{name} */
static void parse_rows(tex *t, gal_math_node *table, const char *name)
{
	gal_math_node *row = node(t, GAL_M_MTR, table);
	gal_buf lines = GAL_BUF_INIT;
	int any = 0;
	hline(t);
	for (;;) {
		gal_math_node *cell = node(t, GAL_M_MTD, row);
		stop s = parse_expr(t, cell, 0);
		if (t->rc)
			break;
		if (s == STOP_AMP)
			continue;
		if (s == STOP_CR) {
			int line = hline(t);
			any |= line;
			gal_buf_puts(&lines, line ? " solid" : " none");
			row = node(t, GAL_M_MTR, table);
			continue;
		}
		char end[32];
		if (s != STOP_END)
			fail(t, GAL_E_FORMAT, "unterminated TeX environment", 28);
		else if (env_name(t, end, sizeof end) && strcmp(end, name) != 0)
			unsupported(t, "\\end for ", end, strlen(end));
		break;
	}
	/* a final \\ leaves an empty row */
	if (row->first && row->first == row->last && !row->first->first && table->first != row)
		gal_math_unlink(row);
	if (any && !t->rc)
		table->rowlines = gal_math_strdup(t->m, lines.data + 1, lines.len - 1);
	gal_buf_free(&lines);
}

typedef struct {
	const char *name;
	const char *open, *close;   /* fences around the table */
	const char *align;          /* columnalign, NULL: centered */
	signed char display;        /* cells in display style */
	signed char args;           /* 1: {spec}, 2: {n} to skip */
	float colspace;             /* em; 0: the default */
} env_def;

static const env_def envs[] = {
	{ "matrix", NULL, NULL, NULL, 0, 0, 1 },
	{ "pmatrix", "(", ")", NULL, 0, 0, 1 },
	{ "bmatrix", "[", "]", NULL, 0, 0, 1 },
	{ "Bmatrix", "{", "}", NULL, 0, 0, 1 },
	{ "vmatrix", "|", "|", NULL, 0, 0, 1 },
	{ "Vmatrix", "‖", "‖", NULL, 0, 0, 1 },
	{ "smallmatrix", NULL, NULL, NULL, -1, 0, 0.3f },
	{ "cases", "{", NULL, "left left", 0, 0, 1 },
	{ "dcases", "{", NULL, "left left", 1, 0, 1 },
	{ "rcases", NULL, "}", "left left", 0, 0, 1 },
	{ "array", NULL, NULL, NULL, 0, 1, 1 },
	{ "subarray", NULL, NULL, NULL, -1, 1, 0.3f },
	{ "aligned", NULL, NULL, "right left", 1, 0, 0 },
	{ "align", NULL, NULL, "right left", 1, 0, 0 },
	{ "align*", NULL, NULL, "right left", 1, 0, 0 },
	{ "alignat", NULL, NULL, "right left", 1, 2, 0 },
	{ "alignat*", NULL, NULL, "right left", 1, 2, 0 },
	{ "alignedat", NULL, NULL, "right left", 1, 2, 0 },
	{ "flalign", NULL, NULL, "right left", 1, 0, 0 },
	{ "flalign*", NULL, NULL, "right left", 1, 0, 0 },
	{ "split", NULL, NULL, "right left", 1, 0, 0 },
	{ "eqnarray", NULL, NULL, "right center left", 1, 0, 0.3f },
	{ "eqnarray*", NULL, NULL, "right center left", 1, 0, 0.3f },
	{ "gather", NULL, NULL, NULL, 1, 0, 0 },
	{ "gather*", NULL, NULL, NULL, 1, 0, 0 },
	{ "gathered", NULL, NULL, NULL, 1, 0, 0 },
	{ "multline", NULL, NULL, NULL, 1, 0, 0 },
	{ "multline*", NULL, NULL, NULL, 1, 0, 0 },
};

static gal_math_node *cmd_begin(tex *t)
{
	char name[32];
	if (!env_name(t, name, sizeof name))
		return NULL;
	if (!strcmp(name, "equation") || !strcmp(name, "equation*") ||
	    !strcmp(name, "displaymath") || !strcmp(name, "math")) {
		gal_math_node *row = node(t, GAL_M_MROW, NULL);
		char end[32];
		if (parse_expr(t, row, 0) != STOP_END || t->rc || !env_name(t, end, sizeof end))
			return t->rc ? NULL : fail(t, GAL_E_FORMAT, "unterminated TeX environment", 28);
		return simplify(row);
	}
	const env_def *e = NULL;
	for (size_t i = 0; i < sizeof envs / sizeof envs[0]; i++)
		if (!strcmp(envs[i].name, name))
			e = &envs[i];
	if (!e)
		return unsupported(t, "environment ", name, strlen(name));
	gal_math_node *table = node(t, GAL_M_MTABLE, NULL);
	if (e->args == 1) {
		array_spec(t, table);
	} else if (e->args == 2) {
		size_t len;
		raw_arg(t, &len);
	}
	if (e->align)
		table->columnalign = e->align;
	if (e->colspace)
		table->columnspacing = em(e->colspace);
	if (e->display > 0)
		table->displaystyle = GAL_MB_TRUE;
	if (!enter(t))
		return NULL;
	parse_rows(t, table, name);
	leave(t);
	if (t->rc)
		return NULL;
	gal_math_node *out = table;
	if (e->display < 0) {
		out = wrap(t, GAL_M_MSTYLE, table, NULL, NULL);
		out->scriptlevel_mode = 2;
		out->scriptlevel = 1;
	}
	if (e->open || e->close)
		out = wrap(t, GAL_M_MROW, e->open ? fence_mo(t, e->open, GAL_MF_PREFIX) : NULL, out,
			   e->close ? fence_mo(t, e->close, GAL_MF_POSTFIX) : NULL);
	return out;
}

/* \substack{a\\b}: a centred table in the script's style */
static gal_math_node *cmd_substack(tex *t)
{
	skip_ws(t);
	if (*t->p != '{')
		return fail(t, GAL_E_FORMAT, "\\substack needs {...}", 21);
	t->p++;
	gal_math_node *table = node(t, GAL_M_MTABLE, NULL);
	table->rowspacing = em(0.1);
	gal_math_node *row = node(t, GAL_M_MTR, table);
	for (;;) {
		gal_math_node *cell = node(t, GAL_M_MTD, row);
		if (!enter(t))
			return NULL;
		stop s = parse_expr(t, cell, 0);
		leave(t);
		if (t->rc)
			return NULL;
		if (s == STOP_CR)
			row = node(t, GAL_M_MTR, table);
		else if (s == STOP_BRACE)
			return table;
		else if (s != STOP_AMP)
			return fail(t, GAL_E_FORMAT, "unbalanced { in TeX", 19);
	}
}

/* ---- symbols --------------------------------------------------------------- */

static gal_math_node *symbol(tex *t, const texsym *s, gal_math_node **after, int *limits)
{
	gal_math_node *n, *a;
	switch ((texsym_class)s->cls) {
	case TS_ORD: case TS_UPRIGHT:
		n = tok(t, GAL_M_MI, s->text);
		n->variant = t->variant ? t->variant
			     : s->cls == TS_UPRIGHT ? GAL_MV_NORMAL : GAL_MV_NONE;
		return n;
	case TS_OP: {
		gal_math_op op;
		n = tok(t, GAL_M_MO, s->text);
		if (gal_math_op_lookup(s->text, GAL_MF_PREFIX, 1, &op))
			*limits = (op.flags & GAL_OP_MOVABLELIMITS) != 0;
		return n;
	}
	case TS_OPEN: case TS_CLOSE: case TS_FENCE:
		n = tok(t, GAL_M_MO, s->text);
		n->stretchy = GAL_MB_FALSE;
		if (s->cls != TS_FENCE)
			n->form = s->cls == TS_OPEN ? GAL_MF_PREFIX : GAL_MF_POSTFIX;
		else   /* TeX's | and \| are ordinary symbols: fences, not
			* relations a line may end after */
			n->lspace = n->rspace = em(0), n->fence = GAL_MB_TRUE;
		return n;
	case TS_FUNC:
		*after = tok(t, GAL_M_MO, "\u2061");
		return tok(t, GAL_M_MI, s->text);
	case TS_FUNC_LIMITS:
		n = tok(t, GAL_M_MO, s->text);
		n->movablelimits = GAL_MB_TRUE;
		n->form = GAL_MF_PREFIX;
		n->lspace = n->rspace = em(3 / 18.0);
		*limits = 1;
		return n;
	case TS_ACCENT: case TS_WIDEACCENT: case TS_UNDER:
	case TS_OVERBRACE: case TS_UNDERBRACE:
		if (!(a = parse_arg(t)))
			return NULL;
		n = tok(t, GAL_M_MO, s->text);
		n->stretchy = s->cls == TS_ACCENT ? GAL_MB_FALSE : GAL_MB_TRUE;
		int under = s->cls == TS_UNDER || s->cls == TS_UNDERBRACE;
		gal_math_node *w = wrap(t, under ? GAL_M_MUNDER : GAL_M_MOVER, a, n, NULL);
		if (s->cls == TS_UNDER)
			w->accentunder = GAL_MB_TRUE;
		else if (!under)
			w->accent = s->cls == TS_OVERBRACE ? GAL_MB_FALSE : GAL_MB_TRUE;
		*limits = s->cls == TS_OVERBRACE || s->cls == TS_UNDERBRACE;
		return w;
	case TS_SPACE:
		return space(t, s->value / 18.0);
	case TS_FONT: {
		unsigned char saved = t->variant;
		t->variant = (unsigned char)s->value;
		n = parse_arg(t);
		t->variant = saved;
		return n;
	}
	case TS_OLDFONT:
		t->variant = (unsigned char)s->value;
		return NULL;
	case TS_BIG:
		return cmd_big(t, s);
	case TS_STYLE: case TS_IGNORE:
		return NULL;
	}
	return NULL;
}

/* ---- the nucleus of an atom ------------------------------------------------ */

static gal_math_node *command(tex *t, gal_math_node **after, int *limits)
{
	const char *name = t->p + 1;
	size_t len = cmd_len(name);
	char nm[32];
	t->p = name + len;
	snprintf(nm, sizeof nm, "%.*s", (int)(len < 31 ? len : 31), name);
	if (len == 0)
		return fail(t, GAL_E_FORMAT, "TeX ends with a backslash", 25);
	if (len >= sizeof nm)
		return unsupported(t, "command \\", name, len);
	if (!strcmp(nm, " ") || !strcmp(nm, "\n") || !strcmp(nm, "\t"))
		return space(t, 1 / 3.0);
	if (!strcmp(nm, "frac") || !strcmp(nm, "dfrac") || !strcmp(nm, "tfrac") ||
	    !strcmp(nm, "cfrac") || !strcmp(nm, "binom") || !strcmp(nm, "dbinom") ||
	    !strcmp(nm, "tbinom"))
		return cmd_frac(t, nm, len);
	if (!strcmp(nm, "sqrt"))
		return cmd_sqrt(t);
	if (!strcmp(nm, "left"))
		return cmd_left(t);
	if (!strcmp(nm, "middle")) {
		const char *d = parse_delim(t);
		gal_math_node *mo = d ? tok(t, GAL_M_MO, d) : NULL;
		if (mo)
			mo->stretchy = mo->symmetric = GAL_MB_TRUE;
		return mo;
	}
	if (!strcmp(nm, "text") || !strcmp(nm, "mbox") || !strcmp(nm, "textrm") ||
	    !strcmp(nm, "textit") || !strcmp(nm, "textbf") || !strcmp(nm, "textsf") ||
	    !strcmp(nm, "texttt") || !strcmp(nm, "textnormal") || !strcmp(nm, "textup") ||
	    !strcmp(nm, "hbox") || !strcmp(nm, "emph"))
		return cmd_text(t, nm);
	if (!strcmp(nm, "operatorname"))
		return cmd_operatorname(t, after, limits);
	if (!strcmp(nm, "mathop") || !strcmp(nm, "mathbin") || !strcmp(nm, "mathrel") ||
	    !strcmp(nm, "mathord") || !strcmp(nm, "mathpunct") || !strcmp(nm, "mathopen") ||
	    !strcmp(nm, "mathclose") || !strcmp(nm, "mathinner"))
		return cmd_mathclass(t, nm, limits);
	if (!strcmp(nm, "overset") || !strcmp(nm, "underset") || !strcmp(nm, "stackrel") ||
	    !strcmp(nm, "xrightarrow") || !strcmp(nm, "xleftarrow") ||
	    !strcmp(nm, "xRightarrow") || !strcmp(nm, "xLeftarrow") ||
	    !strcmp(nm, "xleftrightarrow"))
		return cmd_stack(t, nm);
	if (!strcmp(nm, "substack"))
		return cmd_substack(t);
	if (!strcmp(nm, "begin"))
		return cmd_begin(t);
	if (!strcmp(nm, "not"))
		return cmd_not(t);
	if (!strcmp(nm, "boxed") || !strcmp(nm, "fbox") || !strcmp(nm, "cancel") ||
	    !strcmp(nm, "bcancel") || !strcmp(nm, "xcancel") || !strcmp(nm, "sout") ||
	    !strcmp(nm, "phantom") || !strcmp(nm, "hphantom") || !strcmp(nm, "vphantom") ||
	    !strcmp(nm, "smash"))
		return cmd_box(t, nm);
	if (!strcmp(nm, "pmod") || !strcmp(nm, "bmod") || !strcmp(nm, "mod") || !strcmp(nm, "pod"))
		return cmd_mod(t, nm);
	if (!strcmp(nm, "hspace") || !strcmp(nm, "hskip") || !strcmp(nm, "kern") ||
	    !strcmp(nm, "mkern") || !strcmp(nm, "mskip") || !strcmp(nm, "mspace")) {
		t->p += *t->p == '*';
		gal_math_node *s = node(t, GAL_M_MSPACE, NULL);
		s->width = parse_length(t);
		return s;
	}
	if (!strcmp(nm, "tag") || !strcmp(nm, "label") || !strcmp(nm, "color") ||
	    !strcmp(nm, "eqref") || !strcmp(nm, "ref")) {
		size_t n;
		t->p += *t->p == '*';
		raw_arg(t, &n);
		return NULL;
	}
	if (!strcmp(nm, "textcolor") || !strcmp(nm, "colorbox")) {
		size_t n;
		raw_arg(t, &n);
		return parse_arg(t);
	}
	if (!strcmp(nm, "mathstrut") || !strcmp(nm, "strut")) {
		gal_math_node *paren = tok(t, GAL_M_MO, "(");
		paren->stretchy = GAL_MB_FALSE;
		return wrap(t, GAL_M_MPHANTOM, paren, NULL, NULL);
	}
	const texsym *s = gal_texsym_find(name, len);
	if (!s)
		return unsupported(t, "command \\", name, len);
	return symbol(t, s, after, limits);
}

/* an ASCII character that is an operator in TeX, as its mo text */
static const char *ascii_op(char c)
{
	switch (c) {
	case '+': return "+";
	case '-': return "\u2212";
	case '*': return "\u2217";
	case '/': return "/";
	case '=': return "=";
	case '<': return "<";
	case '>': return ">";
	case '(': return "(";
	case ')': return ")";
	case '[': return "[";
	case ']': return "]";
	case '|': return "|";
	case ',': return ",";
	case ';': return ";";
	case ':': return ":";
	case '!': return "!";
	case '?': return "?";
	case '.': return ".";
	case '@': return "@";
	case '"': return "\"";
	case '`': return "‘";
	default: return NULL;
	}
}

/* letters, digits, characters, commands, groups; `single` for an
 * argument of ^, _ or a command: one letter or digit only */
static gal_math_node *nucleus(tex *t, int single, gal_math_node **after, int *limits)
{
	const char *p = t->p;
	char c = *p;
	if (c == '{') {
		t->p++;
		return parse_group(t);
	}
	if (c == '\\')
		return command(t, after, limits);
	if (is_letter(c)) {
		size_t n = 1;
		while (!single && t->variant && is_letter(p[n]))
			n++;
		t->p += n;
		gal_math_node *mi = token(t, GAL_M_MI, p, n, NULL);
		mi->variant = t->variant;
		return mi;
	}
	if (is_digit(c) || (c == '.' && is_digit(p[1]))) {
		size_t n = 1;
		while (!single && (is_digit(p[n]) || (p[n] == '.' && is_digit(p[n + 1]))))
			n++;
		t->p += n;
		gal_math_node *mn = token(t, GAL_M_MN, p, n, NULL);
		mn->variant = t->variant > GAL_MV_NORMAL ? t->variant : 0;
		return mn;
	}
	if (c == '~') {
		t->p++;
		return space(t, 1 / 3.0);
	}
	if (c == '\'') {
		t->p++;
		return tok(t, GAL_M_MO, "′");
	}
	const char *op = ascii_op(c);
	if (op) {
		t->p++;
		gal_math_node *mo = tok(t, GAL_M_MO, op);
		if (strchr("()[]|", c))
			mo->stretchy = GAL_MB_FALSE;
		if (c == '|')   /* an ordinary symbol, as \vert */
			mo->lspace = mo->rspace = em(0), mo->fence = GAL_MB_TRUE;
		return mo;
	}
	if ((unsigned char)c >= 0x80) {
		const char *q = p;
		unsigned cp = gal_math_utf8_next(&q);
		gal_math_op o;
		t->p = q;
		int letter = (cp >= 0x370 && cp < 0x400) || (cp >= 0xC0 && cp < 0x250) ||
			     (cp >= 0x1D400 && cp < 0x1D800);
		gal_math_node *n = token(t, !letter && gal_math_op_lookup(gal_math_strdup(t->m, p, (size_t)(q - p)),
					   GAL_MF_INFIX, 1, &o) ? GAL_M_MO : GAL_M_MI, p, (size_t)(q - p), NULL);
		if (n->kind == GAL_M_MI)
			n->variant = t->variant;
		return n;
	}
	return unsupported(t, "character ", p, 1);
}

/* ---- scripts ------------------------------------------------------------- */

static gal_math_node *script_arg(tex *t)
{
	gal_math_node *after = NULL;
	int limits = 0;
	skip_ws(t);
	if (!*t->p)
		return fail(t, GAL_E_FORMAT, "TeX script without an argument", 30);
	gal_math_node *n = nucleus(t, 1, &after, &limits);
	if (!n && !t->rc)
		n = node(t, GAL_M_MROW, NULL);
	if (n && after)
		n = wrap(t, GAL_M_MROW, n, after, NULL);
	return n;
}

static gal_math_node *parse_arg(tex *t)
{
	if (!enter(t))
		return NULL;
	gal_math_node *n = script_arg(t);
	leave(t);
	return n;
}

static gal_math_node *primes(tex *t, int count)
{
	static const char *const p[] = { "′", "″", "‴", "⁗" };
	if (count <= 4)
		return tok(t, GAL_M_MO, p[count - 1]);
	gal_buf b = GAL_BUF_INIT;
	for (int i = 0; i < count; i++)
		gal_buf_puts(&b, "′");
	gal_math_node *n = token(t, GAL_M_MO, b.data, b.len, NULL);
	gal_buf_free(&b);
	return n;
}

/* base followed by ^, _, ' and \limits / \nolimits */
static gal_math_node *scripts(tex *t, gal_math_node *base, int limits)
{
	gal_math_node *sub = NULL, *sup = NULL;
	int nprimes = 0, explicit_limits = -1;
	for (;;) {
		skip_ws(t);
		if (at_cmd(t, "limits") || at_cmd(t, "nolimits")) {
			explicit_limits = t->p[1] == 'l';
			t->p += explicit_limits ? 7 : 9;
		} else if (*t->p == '\'') {
			nprimes++;
			t->p++;
		} else if (*t->p == '^' || *t->p == '_') {
			gal_math_node **slot = *t->p == '^' ? &sup : &sub;
			if (*slot)
				return fail(t, GAL_E_FORMAT, *t->p == '^' ? "double superscript in TeX"
					    : "double subscript in TeX", 25);
			t->p++;
			if (!(*slot = parse_arg(t)))
				return NULL;
		} else {
			break;
		}
	}
	if (nprimes)
		sup = sup ? wrap(t, GAL_M_MROW, primes(t, nprimes), sup, NULL) : primes(t, nprimes);
	if (!sub && !sup)
		return base;
	const gal_math_node *op = gal_math_embellished_op(base);
	if (explicit_limits == 1 && op && op->kind == GAL_M_MO)
		((gal_math_node *)op)->movablelimits = GAL_MB_FALSE;
	int under_over = explicit_limits >= 0 ? explicit_limits : limits;
	if (nprimes && !under_over)
		under_over = 0;
	gal_math_kind k = under_over ? (sub && sup ? GAL_M_MUNDEROVER : sub ? GAL_M_MUNDER : GAL_M_MOVER)
			  : (sub && sup ? GAL_M_MSUBSUP : sub ? GAL_M_MSUB : GAL_M_MSUP);
	return wrap(t, k, base, sub ? sub : sup, sub && sup ? sup : NULL);
}

/* ---- expressions --------------------------------------------------------- */

/* \over \atop \choose \above: the row so far is the numerator */
static int generalized_fraction(tex *t, gal_math_node *row, gal_math_node **target,
				gal_math_node **num, int *kind)
{
	static const char *const names[] = { "over", "atop", "choose", "above" };
	for (int i = 0; i < 4; i++) {
		if (!at_cmd(t, names[i]))
			continue;
		if (*num)
			fail(t, GAL_E_FORMAT, "ambiguous \\over in TeX", 22);
		t->p += 1 + strlen(names[i]);
		*num = node(t, GAL_M_MROW, NULL);
		move_children(row, *num);
		*target = node(t, GAL_M_MROW, NULL);
		*kind = i;
		if (i == 3)
			(void)parse_length(t);
		return 1;
	}
	return 0;
}

static void finish_fraction(tex *t, gal_math_node *row, gal_math_node *num,
			    gal_math_node *den, int kind)
{
	gal_math_node *f = wrap(t, GAL_M_MFRAC, simplify(num), simplify(den), NULL);
	if (kind == 1 || kind == 2)
		f->linethickness = (gal_math_len){ 0, GAL_MU_PT, 0 };
	if (kind == 2)
		f = wrap(t, GAL_M_MROW, fence_mo(t, "(", GAL_MF_PREFIX), f,
			 fence_mo(t, ")", GAL_MF_POSTFIX));
	gal_math_append(row, f);
}

/* a style switch: the rest of the group goes into an mstyle */
static int style_switch(tex *t, gal_math_node **target)
{
	if (t->p[0] != '\\')
		return 0;
	size_t len = cmd_len(t->p + 1);
	const texsym *s = gal_texsym_find(t->p + 1, len);
	if (!s || (s->cls != TS_STYLE && s->cls != TS_OLDFONT))
		return 0;
	t->p += 1 + len;
	if (s->cls == TS_OLDFONT) {
		t->variant = (unsigned char)s->value;
		return 1;
	}
	gal_math_node *st = node(t, GAL_M_MSTYLE, *target);
	st->displaystyle = s->value == 0 ? GAL_MB_TRUE : GAL_MB_FALSE;
	st->scriptlevel_mode = 1;
	st->scriptlevel = (signed char)(s->value <= 1 ? 0 : s->value - 1);
	*target = st;
	return 1;
}

static stop parse_expr(tex *t, gal_math_node *row, int bracket)
{
	gal_math_node *target = row, *num = NULL;
	int kind = 0;
	stop s = STOP_EOF;
	for (;;) {
		skip_ws(t);
		char c = *t->p;
		if (t->rc) {
			s = STOP_ERROR;
			break;
		}
		if (!c) {
			s = STOP_EOF;
			break;
		}
		if (c == '}' || c == '&' || (c == ']' && bracket)) {
			t->p++;
			s = c == '}' ? STOP_BRACE : c == '&' ? STOP_AMP : STOP_BRACKET;
			break;
		}
		if (c == '\\' && (t->p[1] == '\\' || at_cmd(t, "cr"))) {
			t->p += t->p[1] == '\\' ? 2 : 3;
			skip_ws(t);
			if (*t->p == '[') {
				const char *e = strchr(t->p, ']');
				t->p = e ? e + 1 : t->p + 1;
			}
			s = STOP_CR;
			break;
		}
		if (at_cmd(t, "right") || at_cmd(t, "end")) {
			s = t->p[1] == 'r' ? STOP_RIGHT : STOP_END;
			t->p += s == STOP_RIGHT ? 6 : 4;
			break;
		}
		if (generalized_fraction(t, row, &target, &num, &kind) || style_switch(t, &target))
			continue;
		gal_math_node *after = NULL;
		int limits = 0;
		gal_math_node *n = nucleus(t, 0, &after, &limits);
		if (n && !t->rc)
			n = scripts(t, n, limits);
		if (n)
			gal_math_append(target, n);
		if (after)
			gal_math_append(target, after);
	}
	if (num && !t->rc) {
		gal_math_node *den = target;
		while (den->parent && den->parent != row)
			den = den->parent;   /* a style switch inside the denominator */
		finish_fraction(t, row, num, den, kind);
	}
	return t->rc ? STOP_ERROR : s;
}

int gal_math_from_tex(const char *src, int display, gal_math **out, gal_err *err)
{
	tex t = { gal_math_new(), src ? src : "", err, 0, 0, 0 };
	gal_math_set_display(t.m, display);
	stop s = parse_expr(&t, gal_math_root_mut(t.m), 0);
	if (!t.rc && s != STOP_EOF) {
		static const char *const what[] = {
			[STOP_BRACE] = "unbalanced } in TeX", [STOP_BRACKET] = "unbalanced ] in TeX",
			[STOP_AMP] = "& outside an environment in TeX",
			[STOP_CR] = "\\\\ outside an environment in TeX",
			[STOP_RIGHT] = "\\right without \\left in TeX",
			[STOP_END] = "\\end without \\begin in TeX",
		};
		fail(&t, GAL_E_FORMAT, what[s], strlen(what[s]));
	}
	if (t.rc) {
		gal_math_free(t.m);
		*out = NULL;
		return t.rc;
	}
	*out = t.m;
	return 0;
}
