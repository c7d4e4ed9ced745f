/* Style files: defaults, brief and magazine, inherit, em lengths, errors
 * with FILE:LINE, paper sizes, part names. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <unistd.h>

#include "model/doc.h"
#include "style/style.h"
#include "unit.h"

#define DATA GAL_SRCDIR "/tests/data/styles/"
#define NEAR(a, b) OK(fabs((double)(a) - (double)(b)) < 1e-6)

static int same_text(const gal_textstyle *a, const gal_textstyle *b)
{
	return !strcmp(a->family, b->family) && a->size == b->size &&
	       a->leading == b->leading && a->weight == b->weight &&
	       a->italic == b->italic && a->smallcaps == b->smallcaps &&
	       a->uppercase == b->uppercase &&
	       fabs(a->letterspacing - b->letterspacing) < 1e-9 &&
	       !strcmp(a->features, b->features) && a->color == b->color &&
	       a->background == b->background && a->rule_color == b->rule_color &&
	       a->align == b->align && a->indent == b->indent &&
	       a->margin_left == b->margin_left && a->margin_right == b->margin_right &&
	       a->space_before == b->space_before && a->space_after == b->space_after &&
	       a->hyphenate == b->hyphenate && a->min_size == b->min_size;
}

static void test_brief_is_default(void)
{
	gal_style *def = NULL, *brief = NULL;
	gal_err err = { 0 };
	INT_EQ(gal_style_load(DATA "empty.ini", &def, &err), 0);
	INT_EQ(gal_style_load(NULL, &brief, &err), 0);   /* NULL is brief too */
	if (brief)
		STR_EQ(brief->name, "brief");
	gal_style_free(brief);
	INT_EQ(gal_style_load("brief", &brief, &err), 0);
	if (!def || !brief)
		return;
	STR_EQ(brief->name, "brief");
	STR_EQ(def->name, "empty");
	OK(strstr(brief->path, "styles/brief.ini") != NULL);
	NEAR(brief->page_w, 210 * 72 / 25.4);
	NEAR(brief->page_h, 297 * 72 / 25.4);
	OK(brief->page_w == def->page_w && brief->page_h == def->page_h);
	OK(brief->margin_top == def->margin_top && brief->margin_bottom == def->margin_bottom);
	OK(brief->margin_inner == def->margin_inner && brief->margin_outer == def->margin_outer);
	INT_EQ(brief->columns, def->columns);
	OK(brief->column_gap == def->column_gap);
	INT_EQ(brief->running_head, def->running_head);
	INT_EQ(brief->page_numbers, def->page_numbers);
	INT_EQ(brief->toc, def->toc);
	INT_EQ(brief->widows, def->widows);
	INT_EQ(brief->orphans, def->orphans);
	INT_EQ(brief->baseline_grid, def->baseline_grid);
	for (int p = 0; p < GAL_PART_COUNT; p++) {
		if (!same_text(&brief->part[p], &def->part[p]))
			fprintf(stderr, "part [%s] of brief.ini differs from the "
				"built-in defaults\n", gal_part_name(p));
		OK(same_text(&brief->part[p], &def->part[p]));
	}
	const gal_textstyle *body = &brief->part[GAL_PART_BODY];
	STR_EQ(body->family, "Charis SIL");
	NEAR(body->size, 10.5);
	NEAR(body->leading, 14.5);
	NEAR(body->indent, 10.5);       /* 1em */
	INT_EQ(body->align, GAL_ALIGN_JUSTIFY);
	INT_EQ(body->hyphenate, 1);
	STR_EQ(brief->part[GAL_PART_TITLE].family, "Noto Sans");
	INT_EQ(brief->part[GAL_PART_TITLE].weight, 700);
	INT_EQ(brief->part[GAL_PART_SUBTITLE].italic, 1);
	STR_EQ(brief->part[GAL_PART_CODE].family, "Noto Sans Mono");
	INT_EQ(brief->part[GAL_PART_ASIDE].background, 0xf3f1ec);
	INT_EQ(brief->part[GAL_PART_BODY].background, 0xFFFFFFFF);
	/* the text measure: about 65 to 70 characters of 10.5 pt Charis,
	 * which averages 0.44 em a character in English text */
	double chars = (brief->page_w - brief->margin_inner - brief->margin_outer) /
		(0.44 * body->size);
	OK(chars > 60 && chars < 75);
	NEAR(brief->margin_outer, 25 * 72 / 25.4);
	gal_style_free(def);
	gal_style_free(brief);
}

static void test_magazine(void)
{
	gal_style *s = NULL;
	gal_err err = { 0 };
	INT_EQ(gal_style_load("magazine", &s, &err), 0);
	if (!s) {
		fprintf(stderr, "%s:%d: %s\n", err.file ? err.file : "", err.line, err.message);
		return;
	}
	STR_EQ(s->name, "magazine");
	INT_EQ(s->columns, 2);
	INT_EQ(s->baseline_grid, 1);
	NEAR(s->part[GAL_PART_BODY].size, 9.5);
	NEAR(s->part[GAL_PART_BODY].indent, 9.5);         /* 1em of the new size */
	STR_EQ(s->part[GAL_PART_BODY].family, "Charis SIL");  /* inherited */
	STR_EQ(s->part[GAL_PART_BODY].features, "onum=1");
	STR_EQ(s->part[GAL_PART_TITLE].family, "Charis SIL");
	INT_EQ(s->part[GAL_PART_H1].smallcaps, 1);
	STR_EQ(s->part[GAL_PART_CODE].family, "Noto Sans Mono");  /* inherited */
	NEAR(s->page_w, 210 * 72 / 25.4);                  /* inherited A4 */
	gal_style_free(s);
}

static void test_inherit_em(void)
{
	gal_style *s = NULL;
	gal_err err = { 0 };
	INT_EQ(gal_style_load(DATA "child.ini", &s, &err), 0);
	if (!s) {
		fprintf(stderr, "%s:%d: %s\n", err.file ? err.file : "", err.line, err.message);
		return;
	}
	STR_EQ(s->name, "child");
	NEAR(s->page_w, 612);
	NEAR(s->page_h, 792);
	NEAR(s->part[GAL_PART_BODY].size, 12);
	/* em in the parent resolves against the child's body size */
	NEAR(s->part[GAL_PART_CAPTION].size, 9.6);
	NEAR(s->part[GAL_PART_CAPTION].indent, 19.2);
	NEAR(s->part[GAL_PART_CAPTION].space_after, 4.8);
	INT_EQ(s->part[GAL_PART_CAPTION].color, 0xaabbcc);
	NEAR(s->part[GAL_PART_BODY].letterspacing, 1.0 / 12);
	gal_style_free(s);
}

static void expect_error_in(const char *file, const char *in, int line,
			    const char *msg)
{
	gal_style *s = NULL;
	gal_err err = { 0 };
	char path[4096];
	snprintf(path, sizeof path, DATA "%s", file);
	INT_EQ(gal_style_load(path, &s, &err), GAL_E_STYLE);
	OK(s == NULL);
	INT_EQ(err.code, GAL_E_STYLE);
	INT_EQ(err.line, line);
	OK(err.file && strstr(err.file, in));
	if (!strstr(err.message, msg))
		fprintf(stderr, "%s: message \"%s\" lacks \"%s\"\n", file, err.message, msg);
	OK(strstr(err.message, msg) != NULL);
}

static void expect_error(const char *file, int line, const char *msg)
{
	expect_error_in(file, file, line, msg);
}

static void test_errors(void)
{
	expect_error("unknown_key.ini", 6, "unknown key 'foo' in [body]");
	expect_error("bad_value.ini", 4, "bad value 'big' for 'font-size' in [h2]");
	expect_error("unknown_section.ini", 4, "unknown section [sidebar]");
	expect_error("syntax.ini", 3, "syntax error");
	/* a inherits b, b inherits a: b closes the loop */
	expect_error_in("loop_a.ini", "loop_b.ini", 2, "inherit loop");
	expect_error("self.ini", 3, "inherit loop");
	expect_error("missing_parent.ini", 4, "cannot find style 'no-such-style'");
	expect_error("tight.ini", 0, "text area");
	expect_error("page_em.ini", 2, "bad value '2em' for 'margin-top' in [page]");

	gal_style *s = NULL;
	gal_err err = { 0 };
	INT_EQ(gal_style_load("no-such-style", &s, &err), GAL_E_STYLE);
	OK(strstr(err.message, "no style named 'no-such-style'") != NULL);
	INT_EQ(gal_style_load(DATA "nonexistent.ini", &s, &err), GAL_E_STYLE);
	INT_EQ(gal_style_load("bad name!", &s, &err), GAL_E_STYLE);
	OK(s == NULL);
}

static void test_paper(void)
{
	double w = 0, h = 0;
	INT_EQ(gal_paper_parse("a4", &w, &h), 0);
	NEAR(w, 595.275590551);
	NEAR(h, 841.889763780);
	INT_EQ(gal_paper_parse("A5", &w, &h), 0);
	NEAR(w, 148 * 72 / 25.4);
	INT_EQ(gal_paper_parse("letter", &w, &h), 0);
	NEAR(w, 612);
	NEAR(h, 792);
	INT_EQ(gal_paper_parse("6x9in", &w, &h), 0);
	NEAR(w, 432);
	NEAR(h, 648);
	INT_EQ(gal_paper_parse("210x297mm", &w, &h), 0);
	NEAR(w, 595.275590551);
	INT_EQ(gal_paper_parse("400x600pt", &w, &h), 0);
	NEAR(w, 400);
	NEAR(h, 600);
	INT_EQ(gal_paper_parse("10.5x20cm", &w, &h), 0);
	NEAR(w, 105 * 72 / 25.4);
	INT_EQ(gal_paper_parse("8.5inx11in", &w, &h), 0);
	NEAR(w, 612);
	NEAR(h, 792);
	INT_EQ(gal_paper_parse("6X9IN", &w, &h), 0);
	NEAR(w, 432);
	w = h = -1;
	INT_EQ(gal_paper_parse("", &w, &h), GAL_E_USAGE);
	INT_EQ(gal_paper_parse(NULL, &w, &h), GAL_E_USAGE);
	INT_EQ(gal_paper_parse("600x800", &w, &h), GAL_E_USAGE);  /* no unit */
	INT_EQ(gal_paper_parse("a9", &w, &h), GAL_E_USAGE);
	INT_EQ(gal_paper_parse("0x0mm", &w, &h), GAL_E_USAGE);
	INT_EQ(gal_paper_parse("10x10pt", &w, &h), GAL_E_USAGE);  /* under an inch */
	INT_EQ(gal_paper_parse("-5x10in", &w, &h), GAL_E_USAGE);
	INT_EQ(gal_paper_parse("6x9em", &w, &h), GAL_E_USAGE);
	INT_EQ(gal_paper_parse("6x9in ", &w, &h), GAL_E_USAGE);
	INT_EQ(gal_paper_parse("300x300in", &w, &h), GAL_E_USAGE); /* past PDF's page */
	INT_EQ(gal_paper_parse("nanxinfin", &w, &h), GAL_E_USAGE);
	NEAR(w, -1);            /* untouched on failure */
}

static void test_part_names(void)
{
	STR_EQ(gal_part_name(GAL_PART_BODY), "body");
	STR_EQ(gal_part_name(GAL_PART_RUNNING_HEAD), "running-head");
	STR_EQ(gal_part_name(GAL_PART_FOLIO), "folio");
	STR_EQ(gal_part_name(GAL_PART_H4), "h4");
	OK(gal_part_name(GAL_PART_COUNT) == NULL);
	for (int i = 0; i < GAL_PART_COUNT; i++) {
		OK(gal_part_name(i) != NULL);
		for (int j = 0; j < i; j++)
			OK(strcmp(gal_part_name(i), gal_part_name(j)) != 0);
	}
}

/* every key of every part, through a file written here */
static void test_all_keys(void)
{
	char path[] = "/tmp/galley-style-XXXXXX.ini";
	int fd = mkstemps(path, 4);
	OK(fd >= 0);
	if (fd < 0)
		return;
	FILE *f = fdopen(fd, "w");
	fprintf(f, "[style]\nname = every\n[page]\nsize = 6x9in\nmargin-top = 1in\n"
		"margin-bottom = 2cm\nmargin-inner = 20mm\nmargin-outer = 36pt\n"
		"columns = 2\ncolumn-gap = 12pt\nbaseline-grid = yes\n"
		"running-head = no\npage-numbers = off\ntoc = true\nwidows = 3\n"
		"orphans = 1\n");
	for (int p = 0; p < GAL_PART_COUNT; p++)
		fprintf(f, "[%s]\nfont-family = Noto Serif, serif\nfont-size = 9pt\n"
			"leading = 1.5em\nfont-weight = 300\nfont-style = italic\n"
			"small-caps = yes\nuppercase = no\nletter-spacing = 0.1em\n"
			"font-features = smcp, onum=1\ncolor = #102030\n"
			"background = none\nrule-color = #FFFFFF\nalign = right\n"
			"indent = -1em\nmargin-left = 0.5in\nmargin-right = 1cm\n"
			"space-before = 3mm\nspace-after = 0\nhyphenate = no\n"
			"min-size = 6pt ; inline comment\n", gal_part_name(p));
	fclose(f);
	gal_style *s = NULL;
	gal_err err = { 0 };
	INT_EQ(gal_style_load(path, &s, &err), 0);
	unlink(path);
	if (!s) {
		fprintf(stderr, "%s:%d: %s\n", err.file ? err.file : "", err.line, err.message);
		return;
	}
	STR_EQ(s->name, "every");
	NEAR(s->page_w, 432);
	NEAR(s->margin_top, 72);
	NEAR(s->margin_bottom, 20 * 72 / 25.4);
	INT_EQ(s->columns, 2);
	INT_EQ(s->running_head, 0);
	INT_EQ(s->page_numbers, 0);
	INT_EQ(s->toc, 1);
	INT_EQ(s->widows, 3);
	INT_EQ(s->orphans, 1);
	for (int p = 0; p < GAL_PART_COUNT; p++) {
		const gal_textstyle *t = &s->part[p];
		STR_EQ(t->family, "Noto Serif, serif");
		NEAR(t->leading, 13.5);
		INT_EQ(t->weight, 300);
		INT_EQ(t->italic, 1);
		INT_EQ(t->smallcaps, 1);
		NEAR(t->letterspacing, 0.1);
		STR_EQ(t->features, "smcp, onum=1");
		INT_EQ(t->color, 0x102030);
		INT_EQ(t->background, 0xFFFFFFFF);
		INT_EQ(t->align, GAL_ALIGN_RIGHT);
		NEAR(t->indent, -9);
		NEAR(t->margin_left, 36);
		NEAR(t->space_after, 0);
		INT_EQ(t->hyphenate, 0);
		NEAR(t->min_size, 6);
	}
	gal_style_free(s);
}

int main(void)
{
	/* styles by name come from the source tree */
	setenv("GALLEY_DATA", GAL_SRCDIR, 1);
	test_brief_is_default();
	test_magazine();
	test_inherit_em();
	test_errors();
	test_paper();
	test_part_names();
	test_all_keys();
	return unit_done("style");
}
