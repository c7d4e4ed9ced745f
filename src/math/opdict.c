/* The MathML operator dictionary: form, spacing and properties of the
 * operators articles use, after the MathML 3 appendix and MathML Core's
 * categories. Spacing in 1/18 em (3 thin, 4 medium, 5 thick). Where TeX's
 * spacing of an atom class differs from MathML's, TeX wins: articles are
 * typeset from TeX and readers know its look. */
#include <string.h>

#include "math/math.h"

typedef struct {
	const char *ops;        /* one code point per operator, UTF-8 */
	unsigned char form, lspace, rspace;
	unsigned flags;
} category;

#define F_FENCE (GAL_OP_STRETCHY | GAL_OP_SYMMETRIC | GAL_OP_FENCE)
#define F_BIGOP (GAL_OP_LARGEOP | GAL_OP_SYMMETRIC)

static const category cats[] = {
	/* fences */
	{ "([{⟨⌈⌊⟦⟮⦃〈⟪⦅|‖", GAL_MF_PREFIX, 0, 0, F_FENCE },
	{ ")]}⟩⌉⌋⟧⟯⦄〉⟫⦆|‖", GAL_MF_POSTFIX, 0, 0, F_FENCE },
	/* relations */
	{ "=<>≤≥≠≈≡≢∼≃≅∝∈∉∋∌⊂⊃⊆⊇⊊⊋⊄⊅⊈⊉≪≫≺≻⪯⪰≼≽⊥∥∦≐≔≕≲≳⩽⩾≦≧⊢⊨⊣≍⋈"
	  "⊏⊐⊑⊒≜≝≟∤≮≯≰≱≁≄≆≇≉∣≗≏≎≖∴∵∷∶⊲⊳⊴⊵⋖⋗≬⫽⩵⩶≊≋≙≚≛≞≣≭≨≩⋦⋧≺≻⋞⋟",
	  GAL_MF_INFIX, 5, 5, GAL_OP_RELATION },
	{ ":|", GAL_MF_INFIX, 5, 5, GAL_OP_RELATION },
	/* arrows: relations that stretch along their direction */
	{ "→←↔⇒⇐⇔↦⟶⟵⟷⟹⟸⟺⟼↑↓↕⇑⇓⇕↗↘↙↖⇀↼⇁↽⇌⇋↪↩⇄⇆↠↣↝⇢⇝↞↢⇉⇇↿↾⇃⇂⤳⟿",
	  GAL_MF_INFIX, 5, 5, GAL_OP_RELATION | GAL_OP_STRETCHY },
	/* binary operators */
	{ "+−-±∓×÷·⋅∗∘∙⊕⊖⊗⊘⊙⊚⊛∪∩∧∨∖⋆⋄◦⊎⊓⊔⋉⋊≀⨿†‡⨯*⊻⊼⊽⋒⋓⋎⋏⊞⊟⊠⊡⨁⨂",
	  GAL_MF_INFIX, 4, 4, GAL_OP_BINARY },
	/* unary signs and prefix symbols */
	{ "+−-±∓¬∀∃∄∂∇√∛∜∠∡△□◇⊤⊥", GAL_MF_PREFIX, 0, 0, 0 },
	/* separators */
	{ ",;", GAL_MF_INFIX, 0, 3, GAL_OP_SEPARATOR },
	{ ".…⋯⋮⋱⋰/\\∞%&#@", GAL_MF_INFIX, 0, 0, 0 },
	/* postfix */
	{ "!′″‴⁗'%°", GAL_MF_POSTFIX, 0, 0, 0 },
	/* large operators */
	{ "∑∏∐⋃⋂⨁⨂⨀⨄⋁⋀⨆⨅", GAL_MF_PREFIX, 3, 3, F_BIGOP | GAL_OP_MOVABLELIMITS },
	{ "∫∬∭∮∯∰⨌∱∲∳⨍⨏", GAL_MF_PREFIX, 3, 3, F_BIGOP },
	/* invisible operators */
	{ "\u2061\u2062\u2064", GAL_MF_INFIX, 0, 0, 0 },
	{ "\u2063", GAL_MF_INFIX, 0, 0, GAL_OP_SEPARATOR },
	/* accents over and under */
	{ "¯‾^ˆˇ~˜_⏞⏟⏜⏝⎴⎵\u0332\u20D7\u0302\u0303\u0304\u030C\u20D6\u20E1→←↔",
	  GAL_MF_POSTFIX, 0, 0, GAL_OP_ACCENT | GAL_OP_STRETCHY },
	{ "˙¨´`˘˚\u20DB\u0307\u0308\u0301\u0300\u0306\u030A⌢⌣",
	  GAL_MF_POSTFIX, 0, 0, GAL_OP_ACCENT },
};

/* operators of more than one character: function names with limits */
static const struct { const char *s; unsigned char form, l, r; unsigned flags; } words[] = {
	{ "lim", GAL_MF_PREFIX, 3, 3, GAL_OP_MOVABLELIMITS },
	{ "max", GAL_MF_PREFIX, 3, 3, GAL_OP_MOVABLELIMITS },
	{ "min", GAL_MF_PREFIX, 3, 3, GAL_OP_MOVABLELIMITS },
	{ "sup", GAL_MF_PREFIX, 3, 3, GAL_OP_MOVABLELIMITS },
	{ "inf", GAL_MF_PREFIX, 3, 3, GAL_OP_MOVABLELIMITS },
	{ "det", GAL_MF_PREFIX, 3, 3, GAL_OP_MOVABLELIMITS },
	{ "gcd", GAL_MF_PREFIX, 3, 3, GAL_OP_MOVABLELIMITS },
	{ "Pr", GAL_MF_PREFIX, 3, 3, GAL_OP_MOVABLELIMITS },
	{ "lim sup", GAL_MF_PREFIX, 3, 3, GAL_OP_MOVABLELIMITS },
	{ "lim inf", GAL_MF_PREFIX, 3, 3, GAL_OP_MOVABLELIMITS },
	{ "limsup", GAL_MF_PREFIX, 3, 3, GAL_OP_MOVABLELIMITS },
	{ "liminf", GAL_MF_PREFIX, 3, 3, GAL_OP_MOVABLELIMITS },
	{ "argmax", GAL_MF_PREFIX, 3, 3, GAL_OP_MOVABLELIMITS },
	{ "argmin", GAL_MF_PREFIX, 3, 3, GAL_OP_MOVABLELIMITS },
	{ "arg max", GAL_MF_PREFIX, 3, 3, GAL_OP_MOVABLELIMITS },
	{ "arg min", GAL_MF_PREFIX, 3, 3, GAL_OP_MOVABLELIMITS },
	{ "mod", GAL_MF_INFIX, 5, 5, 0 },
	{ "..", GAL_MF_INFIX, 0, 0, 0 },
	{ "...", GAL_MF_INFIX, 0, 0, 0 },
	{ ":=", GAL_MF_INFIX, 5, 5, GAL_OP_RELATION },
	{ "!=", GAL_MF_INFIX, 5, 5, GAL_OP_RELATION },
	{ "<=", GAL_MF_INFIX, 5, 5, GAL_OP_RELATION },
	{ ">=", GAL_MF_INFIX, 5, 5, GAL_OP_RELATION },
	{ "==", GAL_MF_INFIX, 5, 5, GAL_OP_RELATION },
	{ "++", GAL_MF_POSTFIX, 0, 0, 0 },
	{ "--", GAL_MF_POSTFIX, 0, 0, 0 },
	{ "&&", GAL_MF_INFIX, 4, 4, GAL_OP_BINARY },
	{ "||", GAL_MF_INFIX, 4, 4, GAL_OP_BINARY },
	/* a negated relation written as the relation and U+0338 */
	{ "=\u0338", GAL_MF_INFIX, 5, 5, GAL_OP_RELATION },
	{ "\u2208\u0338", GAL_MF_INFIX, 5, 5, GAL_OP_RELATION },
	{ "\u2261\u0338", GAL_MF_INFIX, 5, 5, GAL_OP_RELATION },
	{ "\u2282\u0338", GAL_MF_INFIX, 5, 5, GAL_OP_RELATION },
	{ "\u2286\u0338", GAL_MF_INFIX, 5, 5, GAL_OP_RELATION },
	{ "<\u0338", GAL_MF_INFIX, 5, 5, GAL_OP_RELATION },
	{ ">\u0338", GAL_MF_INFIX, 5, 5, GAL_OP_RELATION },
};

static int find(const char *s, gal_math_form form, gal_math_op *out)
{
	const char *e = s;
	size_t len = strlen(s);
	if (!*s)
		return 0;
	gal_math_utf8_next(&e);
	if ((size_t)(e - s) == len) {
		for (size_t i = 0; i < sizeof cats / sizeof cats[0]; i++) {
			/* UTF-8 never matches a whole code point at a place
			 * that is not the start of one: a plain search */
			if (cats[i].form != form || !strstr(cats[i].ops, s))
				continue;
			out->lspace = cats[i].lspace / 18.0f;
			out->rspace = cats[i].rspace / 18.0f;
			out->flags = cats[i].flags;
			return 1;
		}
		return 0;
	}
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
		if (words[i].form != form || strcmp(words[i].s, s) != 0)
			continue;
		out->lspace = words[i].l / 18.0f;
		out->rspace = words[i].r / 18.0f;
		out->flags = words[i].flags;
		return 1;
	}
	return 0;
}

int gal_math_op_lookup(const char *s, gal_math_form form, int fallback,
		       gal_math_op *out)
{
	static const gal_math_form order[] = { GAL_MF_INFIX, GAL_MF_POSTFIX, GAL_MF_PREFIX };
	if (form == GAL_MF_AUTO)
		form = GAL_MF_INFIX;
	if (find(s, form, out))
		return 1;
	if (!fallback)
		return 0;
	for (int i = 0; i < 3; i++)
		if (order[i] != form && find(s, order[i], out))
			return 1;
	return 0;
}
