/* libFuzzer harness: bytes -> sniff -> importer -> prep -> every renderer,
 * all into memory sinks (as cmark-fuzz does). FUZZ_FORMAT=jats etc. pins
 * the importer; by default the sniffer chooses. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "base/sink.h"
#include "galley.h"
#include "style/fonts.h"
#include "style/style.h"

static gal_style *style;
static int fmt;

static void quiet(void *ctx, const char *file, int line, int col,
		  const char *code, const char *message)
{
	(void)ctx; (void)file; (void)line; (void)col; (void)code; (void)message;
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc; (void)argv;
	gal_err err;
	if (gal_fonts_init(&err) || gal_style_load("brief", &style, &err)) {
		fprintf(stderr, "fuzz_galley: %s\n", err.message);
		abort();
	}
	const char *f = getenv("FUZZ_FORMAT");
	fmt = f ? gal_format_parse(f) : GAL_FMT_AUTO;
	if (fmt < 0)
		fmt = GAL_FMT_AUTO;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	gal_opts opts = { 0 };
	gal_limits_default(&opts.limits);
	opts.limits.pages = 50;
	opts.limits.nodes = 200000;
	opts.style = style;
	opts.epoch = 1700000000;
	opts.input_path = "/nonexistent/fuzz.xml"; /* no resources resolve */
	opts.warn = quiet;
	gal_doc *doc = NULL;
	gal_err err;
	if (gal_doc_load("fuzz.xml", (const char *)data, size, (gal_format)fmt,
			 &opts, &doc, &err) == 0) {
		int (*render[])(const gal_doc *, const gal_opts *, gal_sink *, int *, gal_err *) = {
			gal_render_dump, gal_render_epub, gal_render_pdf, gal_render_layout
		};
		for (size_t i = 0; i < sizeof render / sizeof *render; i++) {
			gal_sink *s = gal_sink_new_memory();
			render[i](doc, &opts, s, NULL, &err);
			gal_sink_abort(s);
		}
	}
	gal_doc_free(doc);
	return 0;
}
