/* A model formula for the renderers: its tree, or the reason it cannot
 * be set, reported once per construct and input. Both outputs of one
 * input read the same formulas, one after the other in one process
 * (workers are processes), so what was reported is remembered for the
 * last input only: a second output of it says nothing new. */
#include <stdlib.h>
#include <string.h>

#include "math/math.h"
#include "model/doc.h"

/* what was reported for the input being converted */
static struct {
	const gal_doc *doc;
	char *key;           /* the input's name and uid: a new document at
			      * the address of a freed one is another input */
	char **seen;         /* messages reported */
	size_t n, cap;
} reported;

static void reported_reset(const gal_doc *doc, const char *key)
{
	for (size_t i = 0; i < reported.n; i++)
		free(reported.seen[i]);
	free(reported.key);
	reported.n = 0;
	reported.doc = doc;
	reported.key = xstrdup(key);
}

/* 1 the first time `msg` comes up for this input */
static int first_time(const gal_doc *doc, const gal_opts *opts, const char *msg)
{
	gal_buf key = GAL_BUF_INIT;
	gal_buf_printf(&key, "%s\n%s", opts && opts->input_path ? opts->input_path : "",
		       doc && doc->uid ? doc->uid : "");
	if (reported.doc != doc || !reported.key || strcmp(reported.key, key.data) != 0)
		reported_reset(doc, key.data);
	gal_buf_free(&key);
	for (size_t i = 0; i < reported.n; i++)
		if (strcmp(reported.seen[i], msg) == 0)
			return 0;
	if (reported.n == reported.cap) {
		reported.cap = reported.cap ? 2 * reported.cap : 8;
		reported.seen = xrealloc(reported.seen, reported.cap * sizeof *reported.seen);
	}
	reported.seen[reported.n++] = xstrdup(msg);
	return 1;
}

int gal_math_for_node(const gal_doc *doc, const gal_opts *opts, const gal_node *n,
		      gal_math **out, gal_err *err)
{
	gal_err why = { 0 };

	*out = NULL;
	if (!n->literal && !n->tex)
		return 0;       /* a formula written as text: nothing to read */
	if (gal_math_from_node(n, out, &why) == 0)
		return 0;
	gal_math_free(*out);
	*out = NULL;
	/* the TeX reader names the construct; MathML that does not read
	 * keeps its linear text */
	const char *code = n->tex ? "math-tex" : "math-mathml";
	const char *msg = why.message[0] ? why.message : "the formula does not read";
	if (!first_time(doc, opts, msg))
		return 0;
	return gal_warn(opts, err, n->line, n->col, code, "%s: %s", n->tex ?
			"formula set as its TeX source" : "formula set as linear text", msg);
}
