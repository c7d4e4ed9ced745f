/* "Did you mean": edit distance and the choice of the nearest name. */
#include "unit.h"

#include "base/suggest.h"

static void test_distance(void)
{
	INT_EQ(gal_edit_distance("", ""), 0);
	INT_EQ(gal_edit_distance("toc", "toc"), 0);
	INT_EQ(gal_edit_distance("tocc", "toc"), 1);
	INT_EQ(gal_edit_distance("magzine", "magazine"), 1);
	INT_EQ(gal_edit_distance("breif", "brief"), 1);      /* transposition */
	INT_EQ(gal_edit_distance("kitten", "sitting"), 3);
	INT_EQ(gal_edit_distance("JATS", "jats"), 0);         /* ASCII case */
	INT_EQ(gal_edit_distance("", "abc"), 3);
	char long_name[80];
	memset(long_name, 'a', sizeof long_name - 1);
	long_name[sizeof long_name - 1] = '\0';
	INT_EQ(gal_edit_distance(long_name, "a"), -1);
}

static void test_among(void)
{
	static const char *const opts[] = { "to", "toc", "output", "style",
					    "collection", "verbose" };
	static const char *const styles[] = { "brief", "magazine" };
	static const char *const keys[] = { "font-family", "font-size", "color",
					    "background", "rule-color", "align" };
	static const char *const elems[] = { "p", "section", "figure", "caption" };
	STR_EQ(gal_suggest_among("tocc", opts, 6), "toc");
	STR_EQ(gal_suggest_among("colection", opts, 6), "collection");
	STR_EQ(gal_suggest_among("stlye", opts, 6), "style");
	STR_EQ(gal_suggest_among("magzine", styles, 2), "magazine");
	STR_EQ(gal_suggest_among("Magazine", styles, 2), "magazine");
	STR_EQ(gal_suggest_among("font-colour", keys, 6), "color");
	STR_EQ(gal_suggest_among("colour", keys, 6), "color");
	STR_EQ(gal_suggest_among("text-align", keys, 6), "align");
	STR_EQ(gal_suggest_among("font-sise", keys, 6), "font-size");
	STR_EQ(gal_suggest_among("figur", elems, 4), "figure");
	STR_EQ(gal_suggest_among("captoin", elems, 4), "caption");
	/* nothing near: no guess */
	OK(gal_suggest_among("frobnicate", opts, 6) == NULL);
	OK(gal_suggest_among("docx", opts, 6) == NULL);
	OK(gal_suggest_among("", opts, 6) == NULL);
	OK(gal_suggest_among("blink", elems, 4) == NULL);
	OK(gal_suggest_among("b", elems, 4) == NULL);
	STR_EQ(gal_suggest_among("P", elems, 4), "p");
	/* a name spelt out a little further, as other vocabularies do */
	static const char *const inl[] = { "em", "strong", "sub", "sup" };
	STR_EQ(gal_suggest_among("emph", inl, 4), "em");
	STR_EQ(gal_suggest_among("EMPH", inl, 4), "em");
	OK(gal_suggest_among("subscript", inl, 4) == NULL);
	OK(gal_suggest_among("e", inl, 4) == NULL);
	/* among equals, the first given */
	static const char *const ties[] = { "bat", "cat" };
	STR_EQ(gal_suggest_among("at", ties, 2), "bat");
}

int main(void)
{
	test_distance();
	test_among();
	return unit_done("suggest");
}
