/* What the command line prints without converting: help, version, the
 * lists of styles and formats, a style's values, and the hints of the
 * usage errors that name styles and the data directory. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>
#include <hb.h>
#include <json-c/json_c_version.h>
#include <libxml/xmlversion.h>
#include <pango/pango.h>
#include <zip.h>

#include "base/buf.h"
#include "base/suggest.h"
#include "cli/info.h"
#include "galley.h"
#include "style/fonts.h"
#include "style/style.h"

/* ---- help ------------------------------------------------------------------ */

void gal_cli_input_formats(gal_buf *o, int mark_default)
{
	for (size_t f = 0; f < gal_format_count(); f++)
		gal_buf_printf(o, "%s%s%s", f ? ", " : "", gal_format_name((gal_format)f),
			       mark_default && f == GAL_FMT_AUTO ? " (default)" : "");
}

/* text broken at spaces into lines of at most `width` columns, the first
 * going on from column `col`, the others indented by `indent` */
static void put_wrapped(gal_buf *o, const char *text, size_t col, size_t indent,
			size_t width)
{
	while (*text) {
		size_t word = strcspn(text, " ");
		if (col > indent && col + 1 + word > width) {
			gal_buf_printf(o, "\n%*s", (int)indent, "");
			col = indent;
		} else if (col > indent) {
			gal_buf_putc(o, ' ');
			col++;
		}
		gal_buf_put(o, text, word);
		col += word;
		text += word;
		text += strspn(text, " ");
	}
	gal_buf_putc(o, '\n');
}

void gal_cli_help(void)
{
	gal_buf o = GAL_BUF_INIT, list = GAL_BUF_INIT;
	gal_buf_puts(&o, "Usage: galley [OPTION]... INPUT...\n");
	const char *sep = "";
	gal_buf_puts(&list, "Convert structured article XML (");
	for (size_t f = 0; f < gal_format_count(); f++) {
		const char *d = gal_format_description((gal_format)f);
		if (d) {
			gal_buf_printf(&list, "%s%s", sep, d);
			sep = ", ";
		}
	}
	gal_buf_puts(&list, ") into typeset PDF and EPUB 3.");
	put_wrapped(&o, list.data, 0, 0, 70);
	gal_buf_reset(&list);
	gal_cli_input_formats(&list, 1);
	gal_buf_puts(&o, "\n"
	       "  -o, --output=PATH       output file (one input: a name ending in .pdf or\n"
	       "                          .epub chooses that format), directory, or - for\n"
	       "                          standard output\n"
	       "  -t, --to=LIST           pdf, epub, or both (default); also dump (the model\n"
	       "                          as text) and layout (pages, lines, boxes as text)\n"
	       "  -f, --from=FORMAT       ");
	put_wrapped(&o, list.data, 26, 26, 79);
	gal_buf_puts(&o,
	       "  -s, --style=NAME|FILE   default brief (see --list-styles)\n"
	       "  -M, --metadata=KEY=VALUE  title, author (repeatable), date, language or\n"
	       "                          identifier, in place of the source's\n"
	       "      --toc               a contents list in the PDF (the style's toc = yes)\n"
	       "      --paper=SIZE        a4, letter, a5, 6x9in, or WIDTHxHEIGHT with units\n"
	       "      --embed-fonts       embed the used fonts in the EPUB\n"
	       "      --resource-path=DIR another directory images may come from\n"
	       "      --limit=NAME=VALUE  input-bytes, nodes, image-pixels, pages\n"
	       "  -j, --jobs=N            N worker processes (default: cores)\n"
	       "      --collection=TITLE  bind all inputs into one PDF and one EPUB\n"
	       "      --shard=K/N         only the K-th (1-based) of N shares of the inputs\n"
	       "      --update            skip inputs whose outputs are newer than the input\n"
	       "                          and the style\n"
	       "      --check             parse and validate only; write nothing\n"
	       "      --report=FILE       JSON report\n"
	       "      --junit=FILE        JUnit XML, one test case per input, for CI\n"
	       "      --strict            warnings are errors\n"
	       "  -q, --quiet             errors only\n"
	       "  -v, --verbose           also name every output written\n"
	       "      --progress, --no-progress  progress line on standard error\n"
	       "                          (default: when it is a terminal)\n"
	       "      --data-dir=DIR      galley's styles, fonts, schema and catalog\n"
	       "                          (default: $GALLEY_DATA, else found beside galley)\n"
	       "      --list-styles       the styles --style finds, one per line\n"
	       "      --list-input-formats, --list-output-formats\n"
	       "                          the names --from and --to take, one per line\n"
	       "      --print-style=NAME|FILE  every value of a style, as a style file\n"
	       "      --hyphenation-cache=DIR  compile the installed hyphenation patterns\n"
	       "                          into DIR (make does this for the data directory)\n"
	       "      --pdf-font-cache=DIR  copy the text faces without their hinting into\n"
	       "                          DIR, for PDF output (make does this too)\n"
	       "  -V, --version           versions of galley, its libraries and fonts\n"
	       "  -h, --help              this text\n\n"
	       "Inputs are files, - (standard input), or directories (searched for *.xml).\n"
	       "Exit status: 0 all converted, 1 some input failed, 2 usage error.\n"
	       "SOURCE_DATE_EPOCH fixes every date written.\n");
	fputs(o.data, stdout);
	gal_buf_free(&o);
	gal_buf_free(&list);
}

int gal_cli_version(void)
{
	gal_err err = { 0 };
	printf("galley %s\n", GALLEY_VERSION);
	printf("cairo %s\n", cairo_version_string());
	printf("Pango %s\n", pango_version_string());
	printf("HarfBuzz %s\n", hb_version_string());
	printf("libxml2 %s\n", LIBXML_DOTTED_VERSION);
	printf("libzip %s\n", zip_libzip_version());
	printf("json-c %s\n", json_c_version());
	if (gal_fonts_init(&err) == GAL_OK)
		printf("fonts: %s\n", gal_fonts_describe());
	else
		printf("fonts: unavailable (%s)\n", err.message);
	printf("data: %s%s\n", gal_data_dir(),
	       gal_data_dir_found() ? "" : " (missing: see --data-dir)");
	return 0;
}

/* ---- lists ----------------------------------------------------------------- */

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char **gal_cli_style_names(size_t *n)
{
	char dir[4096];
	size_t k = 0, cap = 8;
	char **names = xcalloc(cap, sizeof *names);
	/* every folder -s NAME searches; brief is built in, there even
	 * without a data directory */
	names[k++] = xstrdup("brief");
	for (size_t i = 0; gal_style_dir(i, dir, sizeof dir); i++) {
		DIR *d = opendir(dir);
		struct dirent *e;
		while (d && (e = readdir(d))) {
			size_t len = strlen(e->d_name);
			if (e->d_name[0] == '.' || len <= 4 || strcmp(e->d_name + len - 4, ".ini"))
				continue;
			if (k + 2 >= cap)
				names = xrealloc(names, (cap *= 2) * sizeof *names);
			names[k] = xstrdup(e->d_name);
			names[k++][len - 4] = '\0';
		}
		if (d)
			closedir(d);
	}
	qsort(names, k, sizeof *names, cmp_name);
	/* one line a name, however many folders have it */
	size_t u = 0;
	for (size_t i = 0; i < k; i++) {
		if (u && !strcmp(names[u - 1], names[i]))
			free(names[i]);
		else
			names[u++] = names[i];
	}
	k = u;
	names[k] = NULL;
	*n = k;
	return names;
}

void gal_cli_free_names(char **names)
{
	for (size_t i = 0; names && names[i]; i++)
		free(names[i]);
	free(names);
}

void gal_cli_list_names(const char *const *names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		printf("%s\n", names[i]);
}

void gal_cli_list_styles(void)
{
	size_t n;
	char **names = gal_cli_style_names(&n);
	gal_cli_list_names((const char *const *)names, n);
	gal_cli_free_names(names);
}

void gal_cli_list_input_formats(void)
{
	/* auto is how formats are chosen, not one of them */
	for (size_t f = 0; f < gal_format_count(); f++)
		if (f != GAL_FMT_AUTO)
			printf("%s\n", gal_format_name((gal_format)f));
}

/* ---- styles and the data directory ------------------------------------------ */

static int is_style_path(const char *name)
{
	size_t n = strlen(name);
	return strchr(name, '/') || (n >= 4 && !strcmp(name + n - 4, ".ini"));
}

void gal_cli_style_error(const char *name, const gal_err *err)
{
	gal_buf o = GAL_BUF_INIT;
	gal_buf_puts(&o, err->file ? err->file : "galley");
	if (err->line > 0)
		gal_buf_printf(&o, ":%d", err->line);
	gal_buf_printf(&o, ": error: %s", err->message);
	if (!is_style_path(name) && !err->file) {
		size_t n;
		char **names = gal_cli_style_names(&n);
		const char *near = gal_suggest_among(name, (const char *const *)names, n);
		if (near)
			gal_buf_printf(&o, "; did you mean '%s'?", near);
		gal_buf_puts(&o, " (--list-styles lists them)");
		gal_cli_free_names(names);
	}
	gal_buf_putc(&o, '\n');
	gal_cli_data_hint(&o);
	fputs(o.data, stderr);
	gal_buf_free(&o);
}

void gal_cli_data_hint(gal_buf *o)
{
	if (gal_data_dir_found())
		return;
	gal_buf_puts(o, "galley: its data files (fonts/fonts.conf, styles/, schema/, xml/) "
		    "are not in ");
	const char *p;
	for (size_t i = 0; (p = gal_data_dir_place(i)); i++)
		gal_buf_printf(o, "%s%s", i ? ", " : "", p);
	gal_buf_puts(o, "; name its folder with --data-dir DIR or GALLEY_DATA=DIR\n");
}

int gal_cli_print_style(const char *name, int toc)
{
	gal_style *st = NULL;
	gal_err err = { 0 };
	if (gal_style_load(name, &st, &err)) {
		gal_cli_style_error(name, &err);
		return 2;
	}
	if (toc)
		st->toc = 1;
	gal_buf o = GAL_BUF_INIT;
	gal_style_dump(st, &o);
	fputs(o.data ? o.data : "", stdout);
	gal_buf_free(&o);
	gal_style_free(st);
	return 0;
}
