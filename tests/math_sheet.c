/* The math test sheet: every formula of tests/data/math-sheet.txt laid
 * out with src/math and painted with cairo into a PDF, to be looked at
 * (pdftoppm -png). Also prints each formula's linear text and, with -t,
 * the time to lay out the formulas of the sheet 100 times.
 *
 *   build/math_sheet tests/data/math-sheet.txt build/math-sheet.pdf
 *   build/math_sheet -d ARTICLE.xml...   every formula of the articles:
 *                                        failures and the time to lay out */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cairo-ft.h>
#include <cairo-pdf.h>
#include <cairo.h>
#include <fontconfig/fontconfig.h>

#include "base/buf.h"
#include "math/math.h"
#include "model/doc.h"
#include "style/fonts.h"

#define PAGE_W 595.0
#define PAGE_H 842.0
#define MARGIN 50.0
#define SIZE 12.0
#define NARROW 300.0

static cairo_font_face_t *faces[32];

static cairo_font_face_t *face(gal_math_font *f, int i)
{
	if (i >= 32)
		i = 0;
	if (!faces[i]) {
		int index = 0;
		const char *file = gal_math_font_face_file(f, i, &index);
		FcPattern *p = FcPatternCreate();
		FcPatternAddString(p, FC_FILE, (const FcChar8 *)file);
		FcPatternAddInteger(p, FC_INDEX, index);
		faces[i] = cairo_ft_font_face_create_for_pattern(p);
		FcPatternDestroy(p);
	}
	return faces[i];
}

static void paint_items(cairo_t *cr, gal_math_font *f, const gal_math_box *b,
			size_t first, size_t n, double x0, double y0)
{
	for (size_t i = first; i < first + n; i++) {
		const gal_math_item *it = &b->items[i];
		if (it->kind == GAL_MI_GLYPH) {
			cairo_glyph_t g = { it->glyph, x0 + it->x, y0 - it->y };
			cairo_set_font_face(cr, face(f, it->face));
			cairo_set_font_size(cr, it->size);
			cairo_show_glyphs(cr, &g, 1);
		} else if (it->kind == GAL_MI_RULE) {
			cairo_rectangle(cr, x0 + it->x, y0 - it->y - it->h, it->w, it->h);
			cairo_fill(cr);
		} else {
			cairo_set_line_width(cr, it->size);
			cairo_move_to(cr, x0 + it->x, y0 - it->y);
			cairo_rel_line_to(cr, it->w, -it->h);
			cairo_stroke(cr);
		}
	}
}

/* the box's lines from the top at y; returns the height used */
static double paint_box(cairo_t *cr, gal_math_font *f, const gal_math_box *b, double x, double y)
{
	double base = y + b->lines[0].height;
	for (size_t i = 0; i < b->n_lines; i++) {
		const gal_math_line *ln = &b->lines[i];
		if (i)
			base += b->lines[i - 1].depth + b->line_gap + ln->height;
		paint_items(cr, f, b, ln->first, ln->n, x, base);
	}
	if (b->label.n)
		paint_items(cr, f, b, b->label.first, b->label.n,
			    PAGE_W - MARGIN - b->label.width, y + b->lines[0].height);
	/* the box's frame, faintly: width, height and depth */
	cairo_save(cr);
	cairo_set_source_rgb(cr, 0.75, 0.85, 1);
	cairo_set_line_width(cr, 0.2);
	cairo_rectangle(cr, x, y, b->width, b->height + b->depth);
	cairo_stroke(cr);
	cairo_restore(cr);
	return b->height + b->depth;
}

typedef struct {
	char *kind, *src;
} entry;

static int read_sheet(const char *path, entry **out)
{
	FILE *fp = fopen(path, "r");
	char *ln = NULL;
	size_t cap = 0;
	int n = 0;
	ssize_t len;
	if (!fp)
		return -1;
	*out = NULL;
	while ((len = getline(&ln, &cap, fp)) > 0) {
		while (len && (ln[len - 1] == '\n' || ln[len - 1] == '\r'))
			ln[--len] = '\0';
		char *colon = strstr(ln, ": ");
		if (ln[0] == '#' || !colon)
			continue;
		*colon = '\0';
		*out = realloc(*out, (size_t)(n + 1) * sizeof **out);
		(*out)[n].kind = strdup(ln);
		(*out)[n].src = strdup(colon + 2);
		n++;
	}
	free(ln);
	fclose(fp);
	return n;
}

static int parse(const entry *e, gal_math **m, gal_err *err)
{
	if (!strncmp(e->kind, "mml", 3))
		return gal_math_from_mathml(e->src, strlen(e->src), m, err);
	return gal_math_from_tex(e->src, strcmp(e->kind, "tex-inline") != 0, m, err);
}

static void timing(gal_math_font *f, entry *e, int n)
{
	struct timespec a, z;
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (int rep = 0; rep < 100; rep++)
		for (int i = 0; i < n; i++) {
			gal_math *m = NULL;
			gal_math_box *b = NULL;
			gal_math_layout_opts o = { SIZE, 1, 0, 0 };
			if (parse(&e[i], &m, NULL) == 0 && gal_math_layout(m, f, &o, &b, NULL) == 0)
				gal_math_box_free(b);
			gal_math_free(m);
		}
	clock_gettime(CLOCK_MONOTONIC, &z);
	printf("%d formulas x 100: %.1f ms\n", n,
	       (z.tv_sec - a.tv_sec) * 1e3 + (z.tv_nsec - a.tv_nsec) / 1e6);
}

static double now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

/* lay out every MATH and MATH_BLOCK node of a document (a walk with an
 * explicit way up) */
static void doc_formulas(gal_math_font *f, const gal_node *root, int *count, int *failed,
			 double *parse_ms, double *layout_ms)
{
	const gal_node *n = root;
	while (n) {
		if (n->type == GAL_NODE_MATH || n->type == GAL_NODE_MATH_BLOCK) {
			int display = n->type == GAL_NODE_MATH_BLOCK;
			gal_math *m = NULL;
			gal_math_box *b = NULL;
			gal_err err = { 0 };
			double t0 = now_ms();
			int rc = gal_math_from_node(n, &m, &err);
			double t1 = now_ms();
			gal_math_layout_opts o = { 10, display, 330, 0 };
			if (!rc)
				rc = gal_math_layout(m, f, &o, &b, &err);
			*layout_ms += now_ms() - t1;
			*parse_ms += t1 - t0;
			(*count)++;
			if (getenv("MATH_SHEET_EXTRACT"))
				printf("%s: %s\n", n->literal ? "mml" : display ? "tex" : "tex-inline",
				       n->literal ? n->literal : n->tex ? n->tex : "");
			gal_math *tm = NULL;
			gal_err terr = { 0 };
			if (n->literal && n->tex && gal_math_from_tex(n->tex, display, &tm, &terr) != 0)
				printf("  line %d: the TeX alternative: %s\n", n->line, terr.message);
			gal_math_free(tm);
			if (rc) {
				(*failed)++;
				printf("  line %d: %s\n", n->line, err.message);
			}
			gal_math_box_free(b);
			gal_math_free(m);
		}
		if (n->first) {
			n = n->first;
			continue;
		}
		while (n && !n->next)
			n = n->parent;
		if (n)
			n = n->next;
	}
}

static int articles(gal_math_font *f, int argc, char **argv)
{
	int bad = 0;
	for (int i = 0; i < argc; i++) {
		gal_buf in = GAL_BUF_INIT;
		gal_opts o;
		gal_doc *doc = NULL;
		gal_err err = { 0 };
		memset(&o, 0, sizeof o);
		gal_limits_default(&o.limits);
		if (gal_buf_read_file(&in, argv[i]) != 0 ||
		    gal_doc_load(argv[i], in.data, in.len, GAL_FMT_AUTO, &o, &doc, &err) != 0) {
			printf("%s: cannot load: %s\n", argv[i], err.message);
			gal_buf_free(&in);
			bad = 1;
			continue;
		}
		int count = 0, failed = 0;
		double parse_ms = 0, layout_ms = 0;
		/* twice: the first run fills the font's caches */
		for (int rep = 0; rep < 2; rep++) {
			count = failed = 0;
			parse_ms = layout_ms = 0;
			doc_formulas(f, doc->root, &count, &failed, &parse_ms, &layout_ms);
			if (rep == 0)
				printf("%s: %d formulas, %d failed; first run: parse %.1f ms, layout %.1f ms\n",
				       argv[i], count, failed, parse_ms, layout_ms);
		}
		printf("%s: again: parse %.1f ms, layout %.1f ms\n", argv[i], parse_ms, layout_ms);
		gal_doc_free(doc);
		gal_buf_free(&in);
	}
	return bad;
}

int main(int argc, char **argv)
{
	if (argc > 2 && !strcmp(argv[1], "-d")) {
		gal_math_font *f = NULL;
		gal_err err = { 0 };
		if (gal_math_font_load("TeX Gyre Schola Math", &f, &err) != 0) {
			fprintf(stderr, "math_sheet: %s\n", err.message);
			return 1;
		}
		double t0 = now_ms();
		int rc = articles(f, argc - 2, argv + 2);
		printf("total %.1f ms\n", now_ms() - t0);
		gal_math_font_free(f);
		return rc;
	}
	gal_math_font *f = NULL;
	gal_err err = { 0 };
	entry *e = NULL;
	int time_it = argc > 1 && !strcmp(argv[1], "-t");
	if (argc < 3 + time_it) {
		fprintf(stderr, "usage: math_sheet [-t] SHEET.txt OUT.pdf\n");
		return 2;
	}
	int n = read_sheet(argv[1 + time_it], &e);
	if (n < 0 || gal_math_font_load("TeX Gyre Schola Math", &f, &err) != 0) {
		fprintf(stderr, "math_sheet: %s\n", n < 0 ? "cannot read the sheet" : err.message);
		return 1;
	}
	if (time_it)
		timing(f, e, n);
	cairo_surface_t *s = cairo_pdf_surface_create(argv[2 + time_it], PAGE_W, PAGE_H);
	cairo_t *cr = cairo_create(s);
	double y = MARGIN;
	int failed = 0;
	for (int i = 0; i < n; i++) {
		gal_math *m = NULL;
		gal_math_box *b = NULL;
		int narrow = strstr(e[i].kind, "-narrow") != NULL;
		gal_math_layout_opts o = { SIZE, strstr(e[i].kind, "-inline") == NULL,
					   narrow ? NARROW : PAGE_W - 2 * MARGIN, 0 };
		int rc = parse(&e[i], &m, &err);
		if (!rc)
			rc = gal_math_layout(m, f, &o, &b, &err);
		double need = rc ? 30 : 22 + b->height + b->depth;
		if (y + need > PAGE_H - MARGIN) {
			cairo_show_page(cr);
			y = MARGIN;
		}
		cairo_select_font_face(cr, "Noto Sans Mono", CAIRO_FONT_SLANT_NORMAL,
				       CAIRO_FONT_WEIGHT_NORMAL);
		cairo_set_font_size(cr, 5.5);
		cairo_set_source_rgb(cr, 0.4, 0.4, 0.4);
		cairo_move_to(cr, MARGIN, y + 6);
		char label[140];
		snprintf(label, sizeof label, "%d %s: %.110s", i + 1, e[i].kind, e[i].src);
		cairo_show_text(cr, label);
		cairo_set_source_rgb(cr, 0, 0, 0);
		y += 10;
		if (rc) {
			cairo_move_to(cr, MARGIN, y + 8);
			cairo_set_source_rgb(cr, 0.8, 0, 0);
			cairo_show_text(cr, err.message);
			cairo_set_source_rgb(cr, 0, 0, 0);
			printf("%d: error: %s\n", i + 1, err.message);
			failed++;
			y += 20;
		} else {
			if (narrow) {
				cairo_save(cr);
				cairo_set_source_rgb(cr, 1, 0.6, 0.6);
				cairo_rectangle(cr, MARGIN + NARROW, y, 0.3, b->height + b->depth);
				cairo_fill(cr);
				cairo_restore(cr);
			}
			y += paint_box(cr, f, b, MARGIN, y) + 12;
			gal_buf lin = GAL_BUF_INIT;
			gal_math_linear(m, &lin);
			printf("%d: %s\n", i + 1, lin.data ? lin.data : "");
			gal_buf_free(&lin);
		}
		gal_math_box_free(b);
		gal_math_free(m);
	}
	cairo_destroy(cr);
	cairo_surface_finish(s);
	int bad = cairo_surface_status(s) != CAIRO_STATUS_SUCCESS;
	cairo_surface_destroy(s);
	for (int i = 0; i < 32; i++)
		if (faces[i])
			cairo_font_face_destroy(faces[i]);
	for (int i = 0; i < n; i++)
		free(e[i].kind), free(e[i].src);
	free(e);
	gal_math_font_free(f);
	printf("%d formulas, %d failed\n", n, failed);
	return bad || failed ? 1 : 0;
}
