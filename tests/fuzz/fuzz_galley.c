/* libFuzzer harness: bytes -> sniff -> importer -> prep -> every renderer,
 * all into memory sinks (as cmark-fuzz does). FUZZ_FORMAT=jats etc. pins
 * the importer; by default the sniffer chooses.
 *
 * The library is built with GAL_DEBUG (tests/fuzz.sh), so gal_doc_load
 * runs gal_doc_check after the import and after prep. An internal error,
 * a broken model among them, is a bug whatever the input: the harness
 * aborts on it, and libFuzzer keeps the input. */
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

static void internal_error(int rc, const gal_err *err)
{
	if (rc != GAL_E_INTERNAL)
		return;
	fprintf(stderr, "fuzz_galley: internal error: %d:%d: %s\n", err->line, err->col,
		err->message);
	abort();
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
	int rc = gal_doc_load("fuzz.xml", (const char *)data, size, (gal_format)fmt,
			      &opts, &doc, &err);
	internal_error(rc, &err);
	if (rc == 0) {
		int (*render[])(const gal_doc *, const gal_opts *, gal_sink *, int *, gal_err *) = {
			gal_render_dump, gal_render_epub, gal_render_pdf, gal_render_layout
		};
		for (size_t i = 0; i < sizeof render / sizeof *render; i++) {
			gal_sink *s = gal_sink_new_memory();
			internal_error(render[i](doc, &opts, s, NULL, &err), &err);
			gal_sink_abort(s);
		}
	}
	gal_doc_free(doc);
	return 0;
}
