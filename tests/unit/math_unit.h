/* What the math unit tests share: a formula read from TeX or MathML and
 * given back as its dump, its linear text, its reading or its MathML. */
#ifndef GAL_MATH_UNIT_H
#define GAL_MATH_UNIT_H

#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "math/math.h"

enum { AS_DUMP, AS_LINEAR, AS_READING, AS_MATHML };

/* "ERR <code> <message>" when the reader fails */
static const char *math_as(const char *src, int mathml, int display, int as)
{
	static char out[8192];
	gal_math *m = NULL;
	gal_err err = { 0 };
	int rc = mathml ? gal_math_from_mathml(src, strlen(src), &m, &err)
		 : gal_math_from_tex(src, display, &m, &err);
	if (rc) {
		snprintf(out, sizeof out, "ERR %d %s", rc, err.message);
		return out;
	}
	gal_buf b = GAL_BUF_INIT;
	if (as == AS_DUMP)
		gal_math_dump(m, &b);
	else if (as == AS_LINEAR)
		gal_math_linear(m, &b);
	else if (as == AS_READING)
		gal_math_reading(m, &b);
	else
		gal_math_to_mathml(m, display, &b);
	snprintf(out, sizeof out, "%s", b.data ? b.data : "");
	gal_buf_free(&b);
	gal_math_free(m);
	return out;
}

#endif
