/* Style files: defaults, brief and magazine, inherit, em lengths, errors
 * with FILE:LINE, paper sizes, part names. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <sys/stat.h>
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
		/* serif stands for the family galley's fonts give it */
		STR_EQ(t->family, "Noto Serif, Charis SIL");
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

/* Every value the table names, exactly: strings up to their end, other
 * fields byte for byte. */
static int same_values(const gal_style *a, const gal_style *b)
{
	for (size_t i = 0; i < gal_style_nkeys; i++) {
		const gal_style_key *k = &gal_style_keys[i];
		int text = k->type == GAL_KEY_TEXT || k->type == GAL_KEY_FAMILY ||
			   k->type == GAL_KEY_FEATURES;
		for (int p = 0; p < (k->section == GAL_SEC_PART ? GAL_PART_COUNT : 1); p++) {
			const void *fa = gal_style_key_field(k, k->section == GAL_SEC_PART
				? (const void *)&a->part[p] : (const void *)a);
			const void *fb = gal_style_key_field(k, k->section == GAL_SEC_PART
				? (const void *)&b->part[p] : (const void *)b);
			if (k->type == GAL_KEY_INHERIT)
				continue;
			if (text ? strcmp(fa, fb) != 0 : memcmp(fa, fb, k->size) != 0) {
				fprintf(stderr, "'%s' differs in [%s]\n", k->name,
					k->section == GAL_SEC_PART ? gal_part_name(p) : "page");
				return 0;
			}
		}
	}
	return 1;
}

/* the dump, less its first line (the path it was read from) */
static char *dump_of(const gal_style *s)
{
	gal_buf b = { 0 };
	gal_style_dump(s, &b);
	char *text = gal_buf_detach(&b, NULL);
	char *nl = text[0] == ';' ? strchr(text, '\n') : NULL;
	if (nl)
		memmove(text, nl + 1, strlen(nl + 1) + 1);
	return text;
}

static char *write_temp(const char *text)
{
	static char path[64];
	snprintf(path, sizeof path, "/tmp/galley-style-XXXXXX.ini");
	int fd = mkstemps(path, 4);
	OK(fd >= 0);
	if (fd < 0)
		return NULL;
	FILE *f = fdopen(fd, "w");
	fputs(text, f);
	fclose(f);
	return path;
}

/* the dump, read back as a style, gives every value again */
static void dump_round_trip(const char *name)
{
	gal_style *s = NULL, *back = NULL;
	gal_err err = { 0 };
	INT_EQ(gal_style_load(name, &s, &err), 0);
	if (!s)
		return;
	char *text = dump_of(s);
	char *path = write_temp(text);
	INT_EQ(gal_style_load(path, &back, &err), 0);
	if (back) {
		if (!same_values(s, back))
			fprintf(stderr, "%s: the dump reads back differently\n", name);
		OK(same_values(s, back));
		char *again = dump_of(back);
		STR_EQ(again, text);
		free(again);
	} else
		fprintf(stderr, "%s: %s:%d: %s\n", name, path, err.line, err.message);
	unlink(path);
	free(text);
	gal_style_free(s);
	gal_style_free(back);
}

/* a style file from text; the caller unlinks it */
static gal_style *load_text(const char *text)
{
	char *path = write_temp(text);
	gal_style *s = NULL;
	gal_err err = { 0 };
	if (!path)
		return NULL;
	if (gal_style_load(path, &s, &err))
		fprintf(stderr, "%s:%d: %s\n", path, err.line, err.message);
	unlink(path);
	return s;
}

/* The cascade: the parts in the body's voice follow a new body, in
 * brief's proportions, unless they set their own; every leading follows
 * its part's size; the other parts keep theirs. The same over the
 * built-in values and over styles/brief.ini, whose comments hold what
 * follows. */
static void test_cascade(void)
{
	static const char body[] = "name = t\n[body]\nfont-size = 12pt\n"
		"font-family = Noto Serif\n";
	char text[2][512];
	snprintf(text[0], sizeof text[0], "[style]\n%s", body);
	snprintf(text[1], sizeof text[1], "[style]\ninherit = brief\n%s", body);
	gal_style *s = load_text(text[0]), *b = load_text(text[1]);
	gal_style *own = load_text("[style]\ninherit = brief\n[body]\nfont-size = 12pt\n"
				   "font-family = Noto Serif\n[footnote]\nfont-size = 9pt\n"
				   "font-family = Noto Sans\n");
	OK(s && b && own);
	if (!s || !b || !own)
		goto cleanup;
	OK(same_values(s, b));
	const gal_textstyle *t = s->part;
	NEAR(t[GAL_PART_BODY].leading, 12 * 14.5 / 10.5);
	static const struct { gal_part part; double size, leading; } voice[] = {
		{ GAL_PART_LIST, 10.5, 14.5 }, { GAL_PART_BLOCKQUOTE, 10, 14 },
		{ GAL_PART_FOOTNOTE, 8, 10.5 }, { GAL_PART_REFERENCES, 8.5, 11.5 },
		{ GAL_PART_SUBTITLE, 14, 19 }, { GAL_PART_PULLQUOTE, 15, 20 },
	};
	for (size_t i = 0; i < sizeof voice / sizeof *voice; i++) {
		const gal_textstyle *v = &t[voice[i].part];
		STR_EQ(v->family, "Noto Serif");
		NEAR(v->size, 12 * voice[i].size / 10.5);
		NEAR(v->leading, v->size * voice[i].leading / voice[i].size);
	}
	INT_EQ(t[GAL_PART_LIST].align, GAL_ALIGN_JUSTIFY);
	INT_EQ(t[GAL_PART_FOOTNOTE].hyphenate, 1);
	INT_EQ(t[GAL_PART_REFERENCES].align, GAL_ALIGN_LEFT);
	INT_EQ(t[GAL_PART_PULLQUOTE].align, GAL_ALIGN_CENTER);
	INT_EQ(t[GAL_PART_FOOTNOTE].color, 0x333333);
	/* parts in their own voice keep brief's type */
	STR_EQ(t[GAL_PART_H1].family, "Noto Sans");
	NEAR(t[GAL_PART_H1].size, 15);
	NEAR(t[GAL_PART_H1].leading, 19);
	NEAR(t[GAL_PART_CAPTION].size, 8.5);
	STR_EQ(t[GAL_PART_CODE].family, "Noto Sans Mono");
	NEAR(t[GAL_PART_BODY].indent, 12);      /* brief's 1em */

	/* a part that sets its own keeps it; its leading follows its size */
	const gal_textstyle *fn = &own->part[GAL_PART_FOOTNOTE];
	STR_EQ(fn->family, "Noto Sans");
	NEAR(fn->size, 9);
	NEAR(fn->leading, 9 * 10.5 / 8);
	STR_EQ(own->part[GAL_PART_REFERENCES].family, "Noto Serif");
	NEAR(own->part[GAL_PART_REFERENCES].size, 12 * 8.5 / 10.5);
cleanup:
	gal_style_free(s);
	gal_style_free(b);
	gal_style_free(own);
}

/* brief's own values come out exact, not within a rounding */
static void test_cascade_exact(void)
{
	gal_style *s = NULL;
	gal_err err = { 0 };
	INT_EQ(gal_style_load(DATA "empty.ini", &s, &err), 0);
	if (!s)
		return;
	OK(s->part[GAL_PART_FOOTNOTE].size == 8 && s->part[GAL_PART_FOOTNOTE].leading == 10.5);
	OK(s->part[GAL_PART_BLOCKQUOTE].size == 10 && s->part[GAL_PART_BLOCKQUOTE].leading == 14);
	OK(s->part[GAL_PART_REFERENCES].size == 8.5 && s->part[GAL_PART_REFERENCES].leading == 11.5);
	OK(s->part[GAL_PART_SUMMARY].leading == 13.5 && s->part[GAL_PART_TITLE].leading == 30);
	gal_style_free(s);
}

static void put_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	OK(f != NULL);
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

/* A name is looked for as NAME.ini in ./, then in
 * $XDG_DATA_HOME/galley/styles, then in galley's styles; a style may
 * inherit the one of its own name further down that list. */
static void test_search(void)
{
	char top[] = "/tmp/galley-search-XXXXXX", old[4096], p[4200];
	OK(mkdtemp(top) != NULL && getcwd(old, sizeof old) != NULL);
	const char *xdg0 = getenv("XDG_DATA_HOME");
	char *xdg_saved = xdg0 ? strdup(xdg0) : NULL;
	snprintf(p, sizeof p, "%s/xdg", top);
	OK(mkdir(p, 0700) == 0);
	snprintf(p, sizeof p, "%s/xdg/galley", top);
	OK(mkdir(p, 0700) == 0);
	snprintf(p, sizeof p, "%s/xdg/galley/styles", top);
	OK(mkdir(p, 0700) == 0);
	snprintf(p, sizeof p, "%s/xdg/galley/styles/user.ini", top);
	put_file(p, "[style]\ninherit = base\n[body]\nfont-size = 11pt\n");
	snprintf(p, sizeof p, "%s/xdg/galley/styles/base.ini", top);
	put_file(p, "[h1]\ncolor = #123456\n");
	snprintf(p, sizeof p, "%s/xdg/galley/styles/here.ini", top);
	put_file(p, "[body]\nfont-size = 13pt\n");
	snprintf(p, sizeof p, "%s/here.ini", top);
	put_file(p, "[body]\nfont-size = 9pt\n");
	snprintf(p, sizeof p, "%s/brief.ini", top);
	put_file(p, "[style]\ninherit = brief\nname = local\n[body]\nfont-size = 12pt\n");
	snprintf(p, sizeof p, "%s/xdg", top);
	setenv("XDG_DATA_HOME", p, 1);
	OK(chdir(top) == 0);

	gal_style *s = NULL;
	gal_err err = { 0 };
	INT_EQ(gal_style_load("here", &s, &err), 0);       /* ./ first */
	if (s)
		NEAR(s->part[GAL_PART_BODY].size, 9);
	gal_style_free(s);
	INT_EQ(gal_style_load("user", &s, &err), 0);       /* then the user's */
	if (s) {
		NEAR(s->part[GAL_PART_BODY].size, 11);
		INT_EQ(s->part[GAL_PART_H1].color, 0x123456);  /* beside it */
	}
	gal_style_free(s);
	INT_EQ(gal_style_load("brief", &s, &err), 0);      /* ./brief.ini on galley's */
	if (s) {
		STR_EQ(s->name, "local");
		NEAR(s->part[GAL_PART_BODY].size, 12);
		STR_EQ(s->part[GAL_PART_H1].family, "Noto Sans");
	}
	gal_style_free(s);
	s = NULL;
	INT_EQ(gal_style_load("nowhere", &s, &err), GAL_E_STYLE);
	OK(strstr(err.message, "no style named 'nowhere' (looked for nowhere.ini in ./, ") != NULL);
	OK(strstr(err.message, "/xdg/galley/styles/, ") != NULL);
	OK(strstr(err.message, GAL_SRCDIR "/styles/)") != NULL);

	OK(chdir(old) == 0);
	if (xdg_saved)
		setenv("XDG_DATA_HOME", xdg_saved, 1);
	else
		unsetenv("XDG_DATA_HOME");
	free(xdg_saved);
	snprintf(p, sizeof p, "rm -rf '%s'", top);
	OK(system(p) == 0);
}

typedef struct heard {
	int n;
	char file[256], code[64], msg[512];
	int line;
} heard;

static void on_warn(void *ctx, const char *file, int line, int col, const char *code,
		    const char *message)
{
	heard *h = ctx;
	(void)col;
	h->n++;
	snprintf(h->file, sizeof h->file, "%s", file ? file : "");
	snprintf(h->code, sizeof h->code, "%s", code);
	snprintf(h->msg, sizeof h->msg, "%s", message);
	h->line = line;
}

/* A family galley's fonts lack gives way, in every part that has it, to
 * the one the text is set in, with one warning at the line that named
 * it, or an error under --strict. */
static void test_fonts(void)
{
	char *path = write_temp("[style]\nname = t\n\n[body]\nfont-size = 12pt\n"
				"font-family = Times New Roman\n[h1]\n"
				"font-family = Arial, noto  sans, sans-serif\n[code]\n"
				"font-family = monospace\n");
	heard h = { 0 };
	gal_opts o = { 0 };
	gal_style *s = NULL;
	gal_err err = { 0 };
	o.warn = on_warn;
	o.warn_ctx = &h;
	INT_EQ(gal_style_load_checked(path, &o, &s, &err), 0);
	if (s) {
		STR_EQ(s->part[GAL_PART_BODY].family, "Charis SIL");
		STR_EQ(s->part[GAL_PART_FOOTNOTE].family, "Charis SIL");  /* followed */
		STR_EQ(s->part[GAL_PART_H1].family, "Noto Sans");
		STR_EQ(s->part[GAL_PART_CODE].family, "Noto Sans Mono");
		STR_EQ(s->part[GAL_PART_TITLE].family, "Noto Sans");
	}
	gal_style_free(s);
	/* Times New Roman once, though six parts follow the body; Arial */
	INT_EQ(h.n, 2);
	STR_EQ(h.code, "font-not-found");
	STR_EQ(h.file, path);
	INT_EQ(h.line, 8);
	STR_EQ(h.msg, "[h1] font-family: galley has no 'Arial'; the text is set in Noto Sans");

	o.strict = 1;
	h.n = 0;
	INT_EQ(gal_style_load_checked(path, &o, &s, &err), GAL_E_STRICT);
	OK(s == NULL);
	INT_EQ(h.n, 0);
	INT_EQ(err.line, 6);
	OK(err.file && !strcmp(err.file, path));
	OK(strstr(err.message, "[body] font-family: galley has no 'Times New Roman'; the text "
		  "is set in Charis SIL [font-not-found]") != NULL);
	/* without a word, the same replacement */
	INT_EQ(gal_style_load(path, &s, &err), 0);
	if (s)
		STR_EQ(s->part[GAL_PART_LIST].family, "Charis SIL");
	gal_style_free(s);
	unlink(path);

	/* brief's and magazine's families are all galley's own */
	static const char *const names[] = { "brief", "magazine" };
	for (size_t i = 0; i < 2; i++) {
		o.strict = 1;
		s = NULL;
		INT_EQ(gal_style_load_checked(names[i], &o, &s, &err), 0);
		gal_style_free(s);
	}
}

static void test_dump(void)
{
	dump_round_trip("brief");
	dump_round_trip("magazine");
	dump_round_trip(DATA "child.ini");
	dump_round_trip(DATA "parent.ini");
	dump_round_trip(DATA "empty.ini");

	gal_style *s = NULL;
	gal_err err = { 0 };
	INT_EQ(gal_style_load("brief", &s, &err), 0);
	if (!s)
		return;
	gal_buf b = { 0 };
	gal_style_dump(s, &b);
	OK(!strncmp(b.data, "; read from ", 12));
	OK(strstr(b.data, "\n[style]\nname = brief\n\n[page]\nsize = 210mmx297mm\n"
		  "margin-top = 20mm\n") != NULL);
	OK(strstr(b.data, "\n[body]\nfont-family = Charis SIL\nfont-size = 10.5pt\n"
		  "leading = 14.5pt\nfont-weight = 400\nfont-style = normal\n") != NULL);
	OK(strstr(b.data, "\nletter-stretch = 0.025em\n") != NULL);
	OK(strstr(b.data, "\nindent = 10.5pt\n") != NULL);
	OK(strstr(b.data, "\n[title]\n") != NULL);
	OK(strstr(b.data, "\nletter-spacing = -0.01em\n") != NULL);
	OK(strstr(b.data, "\nfont-features =\n") != NULL);
	OK(strstr(b.data, "\nfont-features = tnum=1\n") != NULL);
	OK(strstr(b.data, "\nbackground = none\n") != NULL);
	OK(strstr(b.data, "\nbackground = #f3f1ec\n") != NULL);
	OK(strstr(b.data, "\nalign = justify\n") != NULL);
	OK(strstr(b.data, "\nhyphenate = yes\n") != NULL);
	OK(strstr(b.data, "inherit") == NULL);
	/* one line a key and part, a heading and a blank line a section */
	size_t lines = 0, keys = 0;
	for (const char *p = b.data; *p; p++)
		lines += *p == '\n';
	for (size_t i = 0; i < gal_style_nkeys; i++)
		if (gal_style_keys[i].type != GAL_KEY_INHERIT)
			keys += gal_style_keys[i].section == GAL_SEC_PART ? GAL_PART_COUNT : 1;
	INT_EQ(lines, 1 + keys + 2 * (2 + GAL_PART_COUNT) - 1);
	gal_buf_free(&b);
	gal_style_free(s);
}

/* Bytes of a record no row fills, other than those in `skip`, come only
 * in runs shorter than a double: alignment padding, not a forgotten
 * field (a forgotten int where padding was cannot be told apart). */
static int only_padding(gal_key_section a, gal_key_section b, size_t size,
			size_t skip_from, size_t skip_to)
{
	unsigned char used[sizeof(gal_style)] = { 0 };
	memset(used + skip_from, 1, skip_to - skip_from);
	for (size_t i = 0; i < gal_style_nkeys; i++)
		if (gal_style_keys[i].section == a || gal_style_keys[i].section == b)
			memset(used + gal_style_keys[i].offset, 1, gal_style_keys[i].size);
	size_t run = 0;
	for (size_t i = 0; i < size; i++) {
		run = used[i] ? 0 : run + 1;
		if (run >= sizeof(double)) {
			fprintf(stderr, "no key fills offset %zu of a %zu-byte record\n",
				i + 1 - run, size);
			return 0;
		}
	}
	return 1;
}

/* The table itself: one row a key, every field of the records covered. */
static void test_key_table(void)
{
	for (size_t i = 0; i < gal_style_nkeys; i++) {
		const gal_style_key *k = &gal_style_keys[i];
		OK(gal_style_key_find(k->section, k->name) == k);
		OK(k->type != GAL_KEY_SPACING || k->section == GAL_SEC_PART);
		OK((k->type == GAL_KEY_ENUM) <= (k->names != NULL));
		OK((k->css != NULL) == (k->css_as != GAL_CSS_NONE));
		OK(!k->css || k->section == GAL_SEC_PART);
		OK((k->css_as == GAL_CSS_FLAG) == (k->css_value != NULL));
		OK(k->type == GAL_KEY_INHERIT || k->size > 0);
		OK(k->offset + k->size <= (k->section == GAL_SEC_PART
			? sizeof(gal_textstyle) : sizeof(gal_style)));
	}
	/* a field without a row would be set by nothing */
	OK(only_padding(GAL_SEC_PART, GAL_SEC_PART, sizeof(gal_textstyle), 0, 0));
	/* gal_style up to its parts, which come last; the path is no key */
	OK(offsetof(gal_style, part) + sizeof ((gal_style *)0)->part == sizeof(gal_style));
	OK(only_padding(GAL_SEC_STYLE, GAL_SEC_PAGE, offsetof(gal_style, part),
			offsetof(gal_style, path), offsetof(gal_style, path) +
			sizeof ((gal_style *)0)->path));
	OK(gal_style_key_find(GAL_SEC_PAGE, "font-size") == NULL);
	OK(gal_style_key_find(GAL_SEC_PART, "columns") == NULL);
	const gal_style_key *align = gal_style_key_find(GAL_SEC_PART, "align");
	OK(align != NULL);
	if (align) {
		STR_EQ(gal_style_key_value_name(align, GAL_ALIGN_JUSTIFY), "justify");
		OK(gal_style_key_value_name(align, GAL_ALIGN_DEFAULT) == NULL);
	}

	/* keys whose default differs by part get one from every part */
	gal_style *s = NULL;
	gal_err err = { 0 };
	INT_EQ(gal_style_load(DATA "empty.ini", &s, &err), 0);
	if (!s)
		return;
	static const char zero[128];
	for (size_t i = 0; i < gal_style_nkeys; i++) {
		const gal_style_key *k = &gal_style_keys[i];
		if (k->section != GAL_SEC_PART || k->def)
			continue;
		for (int p = 0; p < GAL_PART_COUNT; p++) {
			int set = memcmp(gal_style_key_field(k, &s->part[p]), zero, k->size) != 0;
			if (!set)
				fprintf(stderr, "[%s] has no built-in '%s'\n",
					gal_part_name(p), k->name);
			OK(set);
		}
	}
	gal_style_free(s);
}

/* the declarations of one rule, "SELECTOR {" up to "}" */
static char *rule_of(const char *css, const char *selector)
{
	char head[128];
	snprintf(head, sizeof head, "\n%s {\n", selector);
	const char *p = strstr(css, head);
	if (!p)
		return strdup("");
	p += strlen(head);
	const char *e = strchr(p, '}');
	return strndup(p, e ? (size_t)(e - p) : strlen(p));
}

/* Every part key with a CSS property is written, in the rules the table
 * gives it. */
static void test_css_from_table(void)
{
	gal_style *s = NULL;
	gal_err err = { 0 };
	INT_EQ(gal_style_load("brief", &s, &err), 0);
	if (!s)
		return;
	/* values that are written only when set, set */
	for (int p = GAL_PART_BODY; p <= GAL_PART_TITLE; p++)
		for (size_t i = 0; i < gal_style_nkeys; i++) {
			const gal_style_key *k = &gal_style_keys[i];
			void *f = (char *)&s->part[p] + k->offset;
			if (k->section != GAL_SEC_PART)
				continue;
			if (k->css_as == GAL_CSS_FLAG)
				*(int *)f = 1;
			else if (k->css_as == GAL_CSS_EM)
				*(double *)f = 0.01;
			else if (k->css_as == GAL_CSS_FEATURES)
				snprintf(f, k->size, "onum=1");
			else if (k->css_as == GAL_CSS_COLOR)
				*(uint32_t *)f = 0xffffff;
			else if (k->flags & GAL_CSS_NONZERO)
				*(double *)f = 5;
		}
	gal_buf css = { 0 };
	gal_style_css(s, &css);
	char *title = rule_of(css.data, "h1.title, .part-title");
	char *body = rule_of(css.data, "body");
	char *para = rule_of(css.data, "p");
	for (size_t i = 0; i < gal_style_nkeys; i++) {
		const gal_style_key *k = &gal_style_keys[i];
		if (!k->css)
			continue;
		char decl[64];
		snprintf(decl, sizeof decl, "  %s: ", k->css);
		if (!strstr(title, decl))
			fprintf(stderr, "the title's CSS lacks '%s'\n", k->css);
		OK(strstr(title, decl) != NULL);
		/* the body's size is the reader's */
		OK((strstr(body, decl) != NULL) ==
		   (k->css_rule == GAL_CSS_FONT && k->css_as != GAL_CSS_SIZE));
		/* a paragraph takes them from the body or its part */
		OK(strstr(para, decl) == NULL);
	}
	OK(strstr(title, "  font-size: 2.476em;\n") != NULL);
	OK(strstr(title, "  line-height: 1.154;\n") != NULL);
	OK(strstr(title, "  font-variant: small-caps;\n") != NULL);
	OK(strstr(title, "  text-indent: 0.192em;\n") != NULL);
	OK(strstr(body, "font-size") == NULL);
	/* on body, so that every part's paragraphs take their part's */
	OK(strstr(body, "  text-align: justify;\n") != NULL);
	free(title);
	free(body);
	free(para);
	gal_buf_free(&css);
	gal_style_free(s);
}

/* The stylesheet takes the PDF's decisions (the look of them in a reading
 * engine is make epub-look's): a paragraph of a part other than the body
 * is never indented; headings and pull quotes are not justified; a part
 * inside another is sized against it; the table's rules, a quote's inset,
 * a list's and the references' indents are the PDF's. */
static void test_css_as_pdf(void)
{
	gal_style *s = NULL;
	gal_err err = { 0 };
	INT_EQ(gal_style_load("brief", &s, &err), 0);
	if (!s)
		return;
	s->part[GAL_PART_H1].align = GAL_ALIGN_JUSTIFY;
	s->part[GAL_PART_PULLQUOTE].align = GAL_ALIGN_JUSTIFY;
	gal_buf css = { 0 };
	gal_style_css(s, &css);
	const char *c = css.data;
	const char *indent = strstr(c, "\np + p {\n  text-indent: 1em;\n}\n");
	const char *reset = strstr(c, "\nli > p, dd > p, blockquote p, aside p, td p, th p, "
				   "figure p, .summary p, .footnotes p, .table-notes p {\n"
				   "  text-indent: 0;\n}\n");
	OK(indent && reset && reset > indent);
	char *h1 = rule_of(c, ".l1"), *pq = rule_of(c, "aside.pullquote");
	char *list = rule_of(c, "ul, ol, dl"), *refs = rule_of(c, ".references li");
	char *quote = rule_of(c, "blockquote");
	OK(strstr(h1, "  text-align: left;\n") != NULL);
	OK(strstr(pq, "  text-align: left;\n") != NULL);
	OK(strstr(list, "  margin-left: 1.333em;\n") != NULL);        /* 14pt */
	OK(strstr(refs, "  margin-left: 2.118em;\n") != NULL);        /* 18pt */
	OK(strstr(refs, "  text-indent: -2.118em;\n") != NULL);
	OK(strstr(quote, "  margin-left: 1em;\n") != NULL);           /* 18 - 8pt */
	OK(strstr(c, "\nblockquote {\n  padding-left: 0.8em;\n}\n") != NULL);
	OK(strstr(c, "\n.summary > ul, .summary > ol, .summary > dl {\n"
		  "  font-size: 1.105em;\n}\n") != NULL);             /* 10.5 / 9.5 */
	OK(strstr(c, "\ntable > caption {\n  font-size: 1em;\n}\n") != NULL);
	OK(strstr(c, "\nfigcaption > .credit {\n  font-size: 0.824em;\n}\n") != NULL);
	OK(strstr(c, "\nli > ul") == NULL);          /* a list is the body's size */
	OK(strstr(c, "border-top: 0.25pt solid #999999") != NULL);
	OK(strstr(c, "border-bottom: 0.6pt solid #999999") != NULL);
	OK(strstr(c, "aside.pullquote { border-top: 1.2pt solid #8a2b1d;") != NULL);
	free(h1);
	free(pq);
	free(list);
	free(refs);
	free(quote);
	gal_buf_free(&css);
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
	test_dump();
	test_cascade();
	test_cascade_exact();
	test_search();
	test_fonts();
	test_key_table();
	test_css_from_table();
	test_css_as_pdf();
	return unit_done("style");
}
