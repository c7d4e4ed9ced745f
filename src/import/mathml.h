/* MathML, the same for every vocabulary that carries it: the model keeps
 * a formula as MathML text (the literal) and as a readable linear form
 * (the title), and TeX where the source gives it. */
#ifndef GAL_MATHML_H
#define GAL_MATHML_H

#include <libxml/tree.h>
#include "import/toolkit.h"
#include "model/doc.h"

#define GAL_MATHML_NS "http://www.w3.org/1998/Math/MathML"

/* Whether x is an element in the MathML namespace. */
int gal_mathml_is(const xmlNode *x);
/* Fill a MATH or MATH_BLOCK node from a MathML <math> element m: the
 * literal (local names, MathML the default namespace on the root,
 * attributes of no namespace, entity references as their text) and the
 * linear form (tokens spaced, ^ and _ for scripts, / for fractions, the
 * fences of mfenced, annotations left out), or m's alttext when that is
 * empty. Arena-owned; cannot fail. */
void gal_mathml_fill(gal_imp *imp, gal_node *n, const xmlNode *m);
/* The TeX of a TeX-encoded <annotation> in m's semantics, or NULL. */
const char *gal_mathml_tex(gal_imp *imp, const xmlNode *m);
/* A walker's handler for <math> in running text (or flattened into it):
 * a MATH node filled as above, with the TeX of an annotation. */
void gal_inl_mathml(gal_walker *w, gal_flow *f, gal_node *parent,
		    const xmlNode *x);

#endif
