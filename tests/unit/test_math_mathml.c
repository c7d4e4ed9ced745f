/* The MathML reader and writer, the linear text, the operator
 * dictionary and the mathvariant characters. */
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "math/math.h"
#include "math_unit.h"
#include "model/doc.h"
#include "unit.h"

static const char *mml(const char *src)
{
	return math_as(src, 1, 0, AS_DUMP);
}

static void test_reader(void)
{
	STR_EQ(mml("<math xmlns=\"http://www.w3.org/1998/Math/MathML\"><mi>x</mi></math>"),
	       "(math (mi \"x\"))");
	STR_EQ(mml("<mml:math xmlns:mml=\"http://www.w3.org/1998/Math/MathML\" display=\"block\">"
		   "<mml:msub><mml:mi> x </mml:mi><mml:mn>2</mml:mn></mml:msub></mml:math>"),
	       "display (math (msub (mi \"x\") (mn \"2\")))");
	STR_EQ(mml("<math><mtext>  two   words </mtext></math>"), "(math (mtext \"two words\"))");
	STR_EQ(mml("<math><mfenced><mi>a</mi><mi>b</mi></mfenced></math>"),
	       "(math (mrow (mo form=prefix fence=true \"(\") (mi \"a\") (mo form=infix separator=true \",\") (mi \"b\") (mo form=postfix fence=true \")\")))");
	STR_EQ(mml("<math><mfenced open=\"[\" close=\"\" separators=\";,\"><mi>a</mi><mi>b</mi><mi>c</mi></mfenced></math>"),
	       "(math (mrow (mo form=prefix fence=true \"[\") (mi \"a\") (mo form=infix separator=true \";\") (mi \"b\") (mo form=infix separator=true \",\") (mi \"c\")))");
	STR_EQ(mml("<math><semantics><mi>x</mi><annotation encoding=\"TeX\">x</annotation></semantics></math>"),
	       "(math (mi \"x\"))");
	STR_EQ(mml("<math><mo lspace=\"thinmathspace\" stretchy=\"false\" form=\"prefix\">(</mo>"
		   "<mfrac linethickness=\"0\"><mi mathvariant=\"bold\">a</mi><mi>b</mi></mfrac>"
		   "<mstyle displaystyle=\"true\" scriptlevel=\"+1\"><mspace width=\"1em\"/></mstyle></math>"),
	       "(math (mo form=prefix stretchy=false lspace=0.1667em \"(\") (mfrac linethickness=0% (mi mathvariant=bold \"a\") (mi \"b\")) (mstyle displaystyle=true scriptlevel=+1 (mspace width=1em)))");
	STR_EQ(mml("<math><menclose notation=\"box updiagonalstrike\"><mi>x</mi></menclose></math>"),
	       "(math (menclose notation=\"box updiagonalstrike\" (mi \"x\")))");
	STR_EQ(mml("<math><mstack><mn>1</mn></mstack></math>"), "(math (mrow (mn \"1\")))");
}

static void test_reader_errors(void)
{
	STR_EQ(mml("<math><mi>x</mi>"), "ERR 3 MathML is not well-formed");
	STR_EQ(mml("<mrow><mi>x</mi></mrow>"), "ERR 3 MathML root is <mrow>, not <math>");
	STR_EQ(mml("<math><mi>&alpha;</mi></math>"), "ERR 3 MathML is not well-formed");
	/* no external entity is read */
	const char *xxe = "<!DOCTYPE math [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
			  "<math><mi>&x;</mi></math>";
	const char *r = mml(xxe);
	OK(strstr(r, "root") == NULL);
	/* nesting capped */
	gal_buf b = GAL_BUF_INIT;
	gal_buf_puts(&b, "<math>");
	for (int i = 0; i < 200; i++)
		gal_buf_puts(&b, "<mrow>");
	for (int i = 0; i < 200; i++)
		gal_buf_puts(&b, "</mrow>");
	gal_buf_puts(&b, "</math>");
	OK(strncmp(mml(b.data), "ERR 7 MathML nested deeper", 26) == 0);
	gal_buf_free(&b);
}

static const char *linear_tex(const char *src)
{
	return math_as(src, 0, 1, AS_LINEAR);
}

static void test_linear(void)
{
	STR_EQ(linear_tex("x = \\frac{-b \\pm \\sqrt{b^2-4ac}}{2a}"), "x = (−b ± √(b² − 4ac)) / (2a)");
	STR_EQ(linear_tex("\\sum_{i=1}^n x_i^2"), "∑_(i = 1)^n xᵢ²");
	STR_EQ(linear_tex("\\sin x + \\sin(x)"), "sin x + sin(x)");
	STR_EQ(linear_tex("\\sqrt[3]{a}"), "∛a");
	STR_EQ(linear_tex("\\hat{x}"), "x̂");
	STR_EQ(linear_tex("\\begin{pmatrix} a & b \\\\ c & d \\end{pmatrix}"), "(a, b; c, d)");
	STR_EQ(linear_tex("\\begin{aligned} a &= b \\\\ &= c \\end{aligned}"), "a = b; = c");
	STR_EQ(linear_tex("e^{i\\pi}"), "e^(iπ)");
	/* a fraction among factors is bracketed, its slash kept to itself;
	 * between operators it needs none */
	STR_EQ(linear_tex("\\frac{H}{2}\\left(1 - \\cos\\frac{\\pi t}{T}\\right)"),
	       "(H / 2) (1 − cos ((π t) / T))");
	STR_EQ(linear_tex("\\frac{1}{2} g t^2"), "(1 / 2) gt²");
	STR_EQ(linear_tex("a + \\frac{1}{2} = b"), "a + 1 / 2 = b");
}

/* the reading has no mark a reader would take for the formula's own */
static void test_reading(void)
{
	const char *r = math_as("\\sum_{i=1}^{n} x_i^2 + \\frac{a+b}{c_k}", 0, 1, AS_READING);
	STR_EQ(r, "∑ i = 1 n xᵢ² + (a + b) / cₖ");
	STR_EQ(math_as("\\lim_{n \\to \\infty} e^{i\\pi} + y_{bq}", 0, 1, AS_READING),
	       "lim n → ∞ eiπ + ybq");
	STR_EQ(math_as("\\int_0^1 f(x)\\,dx", 0, 1, AS_READING), "∫₀¹ f(x) dx");
	/* the typewriter's quote of a MathML token is a prime, as it is set */
	STR_EQ(math_as("<math><mi>H'</mi><mo>/</mo><msub><mi>H''</mi><mtext>it's</mtext></msub></math>",
		       1, 0, AS_READING), "H′/H″it's");
	/* an operator alone in a script is a symbol: no spaces around it */
	STR_EQ(math_as("<math><msubsup><mi>c</mi><mi>i</mi><mo>†</mo></msubsup><mo>=</mo><mi>d</mi></math>",
		       1, 0, AS_READING), "cᵢ† = d");
	/* an mpadded widened by a space's worth reads as followed by one */
	STR_EQ(math_as("<math><mpadded width=\"+3.3pt\"><mi>se</mi></mpadded><mo>\u2062</mo>"
		       "<mi>m</mi><mo>=</mo><mi>n</mi></math>", 1, 0, AS_READING), "se m = n");
	/* what has small forms reads as the linear text does */
	STR_EQ(math_as("x = \\frac{-b \\pm \\sqrt{b^2-4ac}}{2a}", 0, 1, AS_READING),
	       "x = (−b ± √(b² − 4ac)) / (2a)");
}

static const char *to_mathml_tex(const char *src, int display)
{
	return math_as(src, 0, display, AS_MATHML);
}

static void test_writer(void)
{
	STR_EQ(to_mathml_tex("x^2 < \\frac{a}{b}", 0),
	       "<math xmlns=\"http://www.w3.org/1998/Math/MathML\"><msup><mi>x</mi><mn>2</mn></msup>"
	       "<mo>&lt;</mo><mfrac><mi>a</mi><mi>b</mi></mfrac></math>");
	STR_EQ(to_mathml_tex("\\mathbf{v}", 1),
	       "<math xmlns=\"http://www.w3.org/1998/Math/MathML\" display=\"block\"><mi mathvariant=\"bold\">v</mi></math>");
	/* what the writer writes, the reader reads back to the same tree */
	const char *src = "\\left( \\sum_{k=0}^{n} \\binom{n}{k} \\right) \\sqrt[3]{x} \\overline{ab} \\begin{cases} a & b \\end{cases}";
	gal_math *m = NULL, *back = NULL;
	OK(gal_math_from_tex(src, 1, &m, NULL) == 0);
	gal_buf x = GAL_BUF_INIT, d1 = GAL_BUF_INIT, d2 = GAL_BUF_INIT;
	gal_math_to_mathml(m, 1, &x);
	OK(gal_math_from_mathml(x.data, x.len, &back, NULL) == 0);
	gal_math_dump(m, &d1);
	if (back)
		gal_math_dump(back, &d2);
	STR_EQ(d2.data, d1.data);
	gal_buf_free(&x);
	gal_buf_free(&d1);
	gal_buf_free(&d2);
	gal_math_free(m);
	gal_math_free(back);
}

static void test_dictionary(void)
{
	gal_math_op op;
	OK(gal_math_op_lookup("+", GAL_MF_INFIX, 0, &op));
	OK(op.lspace > 0.2f && op.lspace < 0.25f && (op.flags & GAL_OP_BINARY));
	OK(gal_math_op_lookup("=", GAL_MF_INFIX, 0, &op) && (op.flags & GAL_OP_RELATION));
	OK(op.lspace > 0.27f && op.lspace < 0.28f);
	OK(gal_math_op_lookup("(", GAL_MF_PREFIX, 0, &op));
	OK((op.flags & GAL_OP_FENCE) && (op.flags & GAL_OP_STRETCHY) && op.lspace == 0);
	OK(gal_math_op_lookup("∑", GAL_MF_PREFIX, 0, &op));
	OK((op.flags & GAL_OP_LARGEOP) && (op.flags & GAL_OP_MOVABLELIMITS));
	OK(gal_math_op_lookup("∫", GAL_MF_PREFIX, 0, &op));
	OK((op.flags & GAL_OP_LARGEOP) && !(op.flags & GAL_OP_MOVABLELIMITS));
	OK(gal_math_op_lookup("lim", GAL_MF_PREFIX, 0, &op) && (op.flags & GAL_OP_MOVABLELIMITS));
	OK(!gal_math_op_lookup("(", GAL_MF_INFIX, 0, &op));
	OK(gal_math_op_lookup("(", GAL_MF_INFIX, 1, &op) && (op.flags & GAL_OP_FENCE));
	OK(gal_math_op_lookup("−", GAL_MF_PREFIX, 0, &op) && op.lspace == 0 && op.rspace == 0);
	OK(!gal_math_op_lookup("unknown", GAL_MF_INFIX, 1, &op));
}

static void test_variants(void)
{
	INT_EQ(gal_math_variant_char('A', GAL_MV_BOLD), 0x1D400);
	INT_EQ(gal_math_variant_char('x', GAL_MV_ITALIC), 0x1D465);
	INT_EQ(gal_math_variant_char('h', GAL_MV_ITALIC), 0x210E);
	INT_EQ(gal_math_variant_char('R', GAL_MV_DOUBLE_STRUCK), 0x211D);
	INT_EQ(gal_math_variant_char('L', GAL_MV_SCRIPT), 0x2112);
	INT_EQ(gal_math_variant_char('0', GAL_MV_BOLD), 0x1D7CE);
	INT_EQ(gal_math_variant_char(0x3B1, GAL_MV_ITALIC), 0x1D6FC);
	INT_EQ(gal_math_variant_char(0x393, GAL_MV_BOLD), 0x1D6AA);
	INT_EQ(gal_math_variant_char(0x2202, GAL_MV_ITALIC), 0x1D715);
	INT_EQ(gal_math_variant_char('+', GAL_MV_BOLD), '+');
	INT_EQ(gal_math_variant_char('x', GAL_MV_NORMAL), 'x');
}

/* a model node's formula: its MathML first, its TeX when that fails */
static void test_from_node(void)
{
	gal_node n;
	gal_math *m = NULL;
	gal_err err = { 0 };
	gal_buf b = GAL_BUF_INIT;
	memset(&n, 0, sizeof n);
	n.type = GAL_NODE_MATH_BLOCK;
	n.literal = "<math xmlns=\"http://www.w3.org/1998/Math/MathML\"><mi>y</mi></math>";
	n.tex = "x";
	OK(gal_math_from_node(&n, &m, &err) == 0 && gal_math_display(m));
	if (m)
		gal_math_dump(m, &b);
	STR_EQ(b.data, "display (math (mi \"y\"))");
	gal_math_free(m);
	n.literal = "<math><mi>y</mi>";
	OK(gal_math_from_node(&n, &m, &err) == 0);
	gal_buf_reset(&b);
	if (m)
		gal_math_dump(m, &b);
	STR_EQ(b.data, "display (math (mi \"x\"))");
	gal_math_free(m);
	n.tex = "\\foo";
	INT_EQ(gal_math_from_node(&n, &m, &err), GAL_E_FORMAT);
	STR_EQ(err.message, "unsupported TeX command \\foo");
	n.tex = NULL;
	n.literal = NULL;
	INT_EQ(gal_math_from_node(&n, &m, &err), GAL_E_FORMAT);
	OK(m == NULL);
	gal_buf_free(&b);
}

int main(void)
{
	test_from_node();
	test_reader();
	test_reader_errors();
	test_linear();
	test_reading();
	test_writer();
	test_dictionary();
	test_variants();
	return unit_done("math_mathml");
}
