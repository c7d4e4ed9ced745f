/* The TeX math reader: input -> tree dump, the symbol table, and the
 * errors that name what is not supported. */
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "math/math.h"
#include "math/texsym.h"
#include "math_unit.h"
#include "unit.h"

static const char *tex(const char *src)
{
	return math_as(src, 0, 0, AS_DUMP);
}

static void test_basics(void)
{
	STR_EQ(tex("x+1"), "(math (mi \"x\") (mo \"+\") (mn \"1\"))");
	STR_EQ(tex("3.14 - x"), "(math (mn \"3.14\") (mo \"−\") (mi \"x\"))");
	STR_EQ(tex("x^2_i"), "(math (msubsup (mi \"x\") (mi \"i\") (mn \"2\")))");
	STR_EQ(tex("x^23"), "(math (msup (mi \"x\") (mn \"2\")) (mn \"3\"))");
	STR_EQ(tex("f'(x)"), "(math (msup (mi \"f\") (mo \"′\")) (mo stretchy=false \"(\") (mi \"x\") (mo stretchy=false \")\"))");
	STR_EQ(tex("x''^2"), "(math (msup (mi \"x\") (mrow (mo \"″\") (mn \"2\"))))");
	STR_EQ(tex("{a}"), "(math (mi \"a\"))");
	STR_EQ(tex("\\alpha \\Gamma"), "(math (mi \"α\") (mi mathvariant=normal \"Γ\"))");
	STR_EQ(tex("$x$"), "(math (mi \"x\"))");
	STR_EQ(tex("a % comment\n b"), "(math (mi \"a\") (mi \"b\"))");
}

static void test_fractions_roots(void)
{
	STR_EQ(tex("\\frac{a}{b}"), "(math (mfrac (mi \"a\") (mi \"b\")))");
	STR_EQ(tex("\\frac12"), "(math (mfrac (mn \"1\") (mn \"2\")))");
	STR_EQ(tex("\\dfrac{a}{b}"), "(math (mstyle displaystyle=true (mfrac (mi \"a\") (mi \"b\"))))");
	STR_EQ(tex("{a+b \\over c}"),
	       "(math (mfrac (mrow (mi \"a\") (mo \"+\") (mi \"b\")) (mi \"c\")))");
	STR_EQ(tex("\\binom{n}{k}"),
	       "(math (mrow (mo form=prefix stretchy=true symmetric=true fence=true \"(\") (mfrac linethickness=0pt (mi \"n\") (mi \"k\")) (mo form=postfix stretchy=true symmetric=true fence=true \")\")))");
	STR_EQ(tex("\\sqrt{x+1}"), "(math (msqrt (mi \"x\") (mo \"+\") (mn \"1\")))");
	STR_EQ(tex("\\sqrt[3]{x}"), "(math (mroot (mi \"x\") (mn \"3\")))");
}

static void test_operators(void)
{
	STR_EQ(tex("\\sum_{i=1}^n"),
	       "(math (munderover (mo \"∑\") (mrow (mi \"i\") (mo \"=\") (mn \"1\")) (mi \"n\")))");
	STR_EQ(tex("\\int_0^1"), "(math (msubsup (mo \"∫\") (mn \"0\") (mn \"1\")))");
	STR_EQ(tex("\\int\\limits_0^1"),
	       "(math (munderover (mo movablelimits=false \"∫\") (mn \"0\") (mn \"1\")))");
	STR_EQ(tex("\\sum\\nolimits_k"), "(math (msub (mo \"∑\") (mi \"k\")))");
	STR_EQ(tex("\\lim_{x\\to 0}"),
	       "(math (munder (mo form=prefix movablelimits=true lspace=0.1667em rspace=0.1667em \"lim\") (mrow (mi \"x\") (mo \"→\") (mn \"0\"))))");
	STR_EQ(tex("\\sin x"), "(math (mi \"sin\") (mo \"\u2061\") (mi \"x\"))");
	STR_EQ(tex("\\operatorname{tr} A"), "(math (mi \"tr\") (mo \"\u2061\") (mi \"A\"))");
	STR_EQ(tex("\\mathop{\\sum}_k"), "(math (munder (mo \"∑\") (mi \"k\")))");
	STR_EQ(tex("\\not= \\not\\in \\not\\sim"), "(math (mo \"≠\") (mo \"∉\") (mo \"≁\"))");
	STR_EQ(tex("a \\bmod b"), "(math (mi \"a\") (mo \"mod\") (mi \"b\"))");
}

static void test_fences_accents(void)
{
	STR_EQ(tex("\\left( x \\right)"),
	       "(math (mrow (mo form=prefix stretchy=true symmetric=true fence=true \"(\") (mi \"x\") (mo form=postfix stretchy=true symmetric=true fence=true \")\")))");
	STR_EQ(tex("\\left. x \\right|"),
	       "(math (mrow (mi \"x\") (mo form=postfix stretchy=true symmetric=true fence=true \"|\")))");
	STR_EQ(tex("\\left\\{ x \\middle| y \\right\\}"),
	       "(math (mrow (mo form=prefix stretchy=true symmetric=true fence=true \"{\") (mi \"x\") (mo stretchy=true symmetric=true \"|\") (mi \"y\") (mo form=postfix stretchy=true symmetric=true fence=true \"}\")))");
	STR_EQ(tex("\\big("), "(math (mo form=infix stretchy=true symmetric=true lspace=0em rspace=0em minsize=1.2em maxsize=1.2em \"(\"))");
	STR_EQ(tex("\\hat{x}"), "(math (mover accent=true (mi \"x\") (mo stretchy=false \"^\")))");
	STR_EQ(tex("\\overline{ab}"),
	       "(math (mover accent=true (mrow (mi \"a\") (mi \"b\")) (mo stretchy=true \"‾\")))");
	STR_EQ(tex("\\underbrace{x}_{n}"),
	       "(math (munder (munder (mi \"x\") (mo stretchy=true \"⏟\")) (mi \"n\")))");
	STR_EQ(tex("\\overset{!}{=}"), "(math (mover (mo \"=\") (mo \"!\")))");
	STR_EQ(tex("\\underset{i}{\\sum}"), "(math (munder (mo movablelimits=false \"∑\") (mi \"i\")))");
}

static void test_environments(void)
{
	STR_EQ(tex("\\begin{pmatrix} a & b \\\\ c & d \\end{pmatrix}"),
	       "(math (mrow (mo form=prefix stretchy=true symmetric=true fence=true \"(\") (mtable columnspacing=1em (mtr (mtd (mi \"a\")) (mtd (mi \"b\"))) (mtr (mtd (mi \"c\")) (mtd (mi \"d\")))) (mo form=postfix stretchy=true symmetric=true fence=true \")\")))");
	STR_EQ(tex("\\begin{cases} 1 & x > 0 \\\\ 0 & \\text{else} \\end{cases}"),
	       "(math (mrow (mo form=prefix stretchy=true symmetric=true fence=true \"{\") (mtable columnspacing=1em columnalign=\"left left\" (mtr (mtd (mn \"1\")) (mtd (mi \"x\") (mo \">\") (mn \"0\"))) (mtr (mtd (mn \"0\")) (mtd (mtext \"else\"))))))");
	STR_EQ(tex("\\begin{aligned} a &= b \\\\ &= c \\\\ \\end{aligned}"),
	       "(math (mtable displaystyle=true columnalign=\"right left\" (mtr (mtd (mi \"a\")) (mtd (mo \"=\") (mi \"b\"))) (mtr (mtd) (mtd (mo \"=\") (mi \"c\")))))");
	STR_EQ(tex("\\begin{array}{cc} \\hline a & b \\\\ \\hline c & d \\\\ e & f \\end{array}"),
	       "(math (mtable columnspacing=1em columnalign=\"center center\" rowlines=\"solid none\" (mtr (mtd (mi \"a\")) (mtd (mi \"b\"))) (mtr (mtd (mi \"c\")) (mtd (mi \"d\"))) (mtr (mtd (mi \"e\")) (mtd (mi \"f\")))))");
	STR_EQ(tex("\\begin{array}{l|r} a & b \\end{array}"),
	       "(math (mtable columnspacing=1em columnalign=\"left right\" columnlines=solid (mtr (mtd (mi \"a\")) (mtd (mi \"b\")))))");
}

static void test_alphabets_text_space(void)
{
	STR_EQ(tex("\\mathbf{x}\\mathrm{d}\\mathbb{R}"),
	       "(math (mi mathvariant=bold \"x\") (mi mathvariant=normal \"d\") (mi mathvariant=double-struck \"R\"))");
	STR_EQ(tex("\\mathrm{abc}"), "(math (mi mathvariant=normal \"abc\"))");
	STR_EQ(tex("{\\rm d}x"), "(math (mi mathvariant=normal \"d\") (mi \"x\"))");
	STR_EQ(tex("\\text{if } x"), "(math (mtext \"if \") (mi \"x\"))");
	STR_EQ(tex("a\\,b\\quad c"),
	       "(math (mi \"a\") (mspace width=0.1667em) (mi \"b\") (mspace width=1em) (mi \"c\"))");
	STR_EQ(tex("\\hspace{2pt}"), "(math (mspace width=2pt))");
	STR_EQ(tex("\\displaystyle x"), "(math (mstyle displaystyle=true scriptlevel=0 (mi \"x\")))");
	STR_EQ(tex("\\boxed{x}"), "(math (menclose notation=box (mi \"x\")))");
	STR_EQ(tex("\\mathrel{R}"), "(math (mo mathvariant=italic stretchy=false lspace=0.2778em rspace=0.2778em \"R\"))");
}

static void test_errors(void)
{
	STR_EQ(tex("\\foo + 1"), "ERR 5 unsupported TeX command \\foo");
	STR_EQ(tex("\\begin{tikzcd} a \\end{tikzcd}"), "ERR 5 unsupported TeX environment tikzcd");
	STR_EQ(tex("{a"), "ERR 5 unbalanced { in TeX");
	STR_EQ(tex("a}"), "ERR 5 unbalanced } in TeX");
	STR_EQ(tex("x^"), "ERR 5 TeX script without an argument");
	STR_EQ(tex("x^1^2"), "ERR 5 double superscript in TeX");
	STR_EQ(tex("\\left( x"), "ERR 5 \\left without \\right in TeX");
	STR_EQ(tex("a & b"), "ERR 5 & outside an environment in TeX");
	STR_EQ(tex("\\frac{a}"), "ERR 5 TeX script without an argument");
	/* nesting is capped: no stack overflow on hostile input */
	char deep[2100];
	for (int i = 0; i < 1000; i++)
		deep[i] = '{', deep[1000 + i] = '}';
	deep[2000] = '\0';
	OK(strncmp(tex(deep), "ERR 7 ", 6) == 0);
	char fracs[4000] = "";
	for (int i = 0; i < 300; i++)
		strcat(fracs, "\\sqrt");
	strcat(fracs, "x");
	OK(strncmp(tex(fracs), "ERR 7 ", 6) == 0);
	/* every known symbol parses */
	OK(gal_texsym_sorted());
}

int main(void)
{
	test_basics();
	test_fractions_roots();
	test_operators();
	test_fences_accents();
	test_environments();
	test_alphabets_text_space();
	test_errors();
	return unit_done("math_tex");
}
