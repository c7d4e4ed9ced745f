/* galley — structured article XML to typeset PDF and EPUB 3.
 *
 * Public API. One parse builds one document model (gal_doc); prep derives
 * what every output must agree on; renderers read the model and write to a
 * sink. Library code never prints and never exits: every fallible call
 * returns 0 or a GAL_E_* code and fills an optional gal_err.
 */
#ifndef GALLEY_H
#define GALLEY_H

#include <stddef.h>
#include <stdint.h>

#define GALLEY_VERSION "0.1.0"

/* ---- errors and diagnostics ------------------------------------------- */

enum {
	GAL_OK = 0,
	GAL_E_USAGE,    /* bad option or argument */
	GAL_E_IO,       /* cannot read input or write output */
	GAL_E_XML,      /* not well-formed, undefined entity, libxml2 limit */
	GAL_E_SCHEMA,   /* --check: schema violation */
	GAL_E_FORMAT,   /* vocabulary not recognised or not importable */
	GAL_E_NESTING,  /* builder: child not allowed in parent */
	GAL_E_LIMIT,    /* a --limit was exceeded */
	GAL_E_STYLE,    /* style file: unknown key, bad value */
	GAL_E_FONT,     /* fontconfig / Pango setup failed */
	GAL_E_RENDER,   /* cairo, libzip or layout failure */
	GAL_E_STRICT,   /* a warning under --strict */
	GAL_E_INTERNAL
};

/* A located message. file points at a string that outlives the message
 * (usually the input path given on the command line). line/col are 0
 * when unknown. */
typedef struct gal_err {
	int code;
	char message[512];
	const char *file;
	int line, col;
} gal_err;

/* The kind of error a GAL_E_* code stands for, as reports and messages
 * name it: "xml", "io", "limit", ...; "error" for an unknown code. Never
 * NULL. */
const char *gal_err_code_name(int code);

/* Fill err (if not NULL) and return code. printf-style. Cannot fail. */
int gal_err_set(gal_err *err, int code, const char *file, int line, int col,
		const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

/* Warnings go to a callback; `code` is a short kebab-case tag shown as
 * "[code]" (e.g. "unknown-element", "missing-image"). */
typedef void (*gal_warn_fn)(void *ctx, const char *file, int line, int col,
			    const char *code, const char *message);

/* ---- shared values ------------------------------------------------------- */

/* Alignment of a table cell (the model) and of a part's text (a style). */
typedef enum { GAL_ALIGN_DEFAULT, GAL_ALIGN_LEFT, GAL_ALIGN_CENTER, GAL_ALIGN_RIGHT, GAL_ALIGN_JUSTIFY } gal_align;

/* ---- opaque types ------------------------------------------------------ */

typedef struct gal_doc gal_doc;     /* src/doc.h */
typedef struct gal_node gal_node;   /* src/doc.h */
typedef struct gal_style gal_style; /* src/style.h */
typedef struct gal_sink gal_sink;   /* src/sink.h */

/* ---- limits ------------------------------------------------------------ */

typedef struct gal_limits {
	size_t input_bytes;   /* default 64 MiB */
	size_t nodes;         /* default 2,000,000 model nodes */
	uint64_t image_pixels;/* default 100 megapixels per image */
	int pages;            /* default 5,000 PDF pages */
} gal_limits;

void gal_limits_default(gal_limits *lim);

/* ---- metadata given on the command line (-M) ----------------------------- */

/* Metadata that replaces the source's in every output. NULL (or
 * n_authors 0) keeps the source's. Strings are borrowed: they must
 * outlive the loading that uses them (prep copies them into the model). */
typedef struct gal_meta_override {
	const char *title;          /* plain text */
	const char *date;           /* ISO 8601 */
	const char *lang;           /* a language tag: "de", "pt-BR" */
	const char *identifier;     /* DOI, URN, ISBN ... */
	const char *const *authors; /* the byline, in order */
	size_t n_authors;
} gal_meta_override;

/* ---- options shared by loading and rendering ---------------------------- */

typedef struct gal_opts {
	const gal_style *style;     /* never NULL when rendering */
	double paper_w, paper_h;    /* points; 0 = the style's page size */
	int embed_fonts;            /* EPUB: embed the used fonts */
	int strict;                 /* warnings become errors */
	int64_t epoch;              /* timestamp for every output (UTC seconds) */
	int epoch_set;              /* 1 when epoch came from SOURCE_DATE_EPOCH */
	const char *input_path;     /* for messages and resource resolution */
	const char *const *resource_paths; /* NULL-terminated, may be NULL */
	gal_limits limits;
	const gal_meta_override *meta; /* may be NULL; prep applies it */
	gal_warn_fn warn;           /* may be NULL */
	void *warn_ctx;
} gal_opts;

/* Report a warning through opts->warn. Returns GAL_E_STRICT (and fills
 * err) when opts->strict, else 0. */
int gal_warn(const gal_opts *opts, gal_err *err, int line, int col,
	     const char *code, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

/* ---- loading ----------------------------------------------------------- */

typedef enum {
	GAL_FMT_AUTO = 0,
	GAL_FMT_ARTICLE,
	GAL_FMT_JATS,
	GAL_FMT_DOCBOOK,
	GAL_FMT_NITF,
	GAL_FMT_NEWSML,
	GAL_FMT_NEWSML1
} gal_format;

/* The input formats are the values 0 (GAL_FMT_AUTO) to
 * gal_format_count() - 1, in the order --help lists them. Adding one is
 * an importer and a row in the table of src/import/pipeline.c. */
size_t gal_format_count(void);
/* Name of a format as --from spells it ("auto", "article", "jats", ...);
 * NULL for an unknown value. */
const char *gal_format_name(gal_format f);
/* What --help calls a vocabulary ("native", "JATS", "NewsML-G2"); NULL
 * for GAL_FMT_AUTO and for an unknown value. */
const char *gal_format_description(gal_format f);
/* Parse a --from value; returns -1 when unknown. */
int gal_format_parse(const char *name);

/* Load `len` bytes of XML named `name` (for messages and resources),
 * sniff or use `fmt`, import into a new document, and run prep.
 * On success *out owns the document (free with gal_doc_free).
 * Errors: GAL_E_XML, GAL_E_FORMAT, GAL_E_LIMIT, GAL_E_STRICT. */
int gal_doc_load(const char *name, const char *data, size_t len,
		 gal_format fmt, const gal_opts *opts, gal_doc **out,
		 gal_err *err);

/* --check: what gal_doc_load would warn about or refuse, without keeping
 * the document. A native article is first validated against
 * schema/article.rng: every violation goes to opts->warn (code "schema")
 * and, when there was any, GAL_E_SCHEMA is returned without importing.
 * Then every vocabulary is imported and prepped (images read, links and
 * ids resolved), as a conversion does, with the same errors. */
int gal_doc_check_input(const char *name, const char *data, size_t len,
			gal_format fmt, const gal_opts *opts, gal_err *err);

void gal_doc_free(gal_doc *doc);

/* The format the document was imported from. */
gal_format gal_doc_format(const gal_doc *doc);

/* ---- rendering ----------------------------------------------------------
 * Each renderer reads the prepared model and writes its whole output to
 * `sink`; it never closes the sink (the caller commits or aborts it).
 * `pages` (may be NULL) receives the number of pages laid out: the PDF's
 * and the layout trace's; 0 for the EPUB and the dump. */

int gal_render_epub(const gal_doc *doc, const gal_opts *opts, gal_sink *sink,
		    int *pages, gal_err *err);
int gal_render_pdf(const gal_doc *doc, const gal_opts *opts, gal_sink *sink,
		   int *pages, gal_err *err);
/* Canonical text dump of the model (tests, -t dump). */
int gal_render_dump(const gal_doc *doc, const gal_opts *opts, gal_sink *sink,
		    int *pages, gal_err *err);
/* PDF layout trace: pages, lines, boxes as text (tests, -t layout). */
int gal_render_layout(const gal_doc *doc, const gal_opts *opts,
		      gal_sink *sink, int *pages, gal_err *err);

/* ---- data directory ----------------------------------------------------- */

/* Directory holding styles/, fonts/, schema/, xml/ (catalog): the one
 * given to gal_data_dir_set (--data-dir), else $GALLEY_DATA, else the
 * first of these that holds fonts/fonts.conf: the source tree (when run
 * from its build tree), EXE/../share/galley and EXE/.. (EXE: the folder
 * of the running binary: an installation under another prefix, a build
 * tree moved elsewhere), the installed share directory; else that last
 * one. Cannot fail; the result is a static string. */
const char *gal_data_dir(void);
/* Use `dir` as the data directory (--data-dir); call before anything
 * reads data files. Cannot fail. */
void gal_data_dir_set(const char *dir);
/* Whether the data directory holds fonts/fonts.conf. */
int gal_data_dir_found(void);
/* The i-th place gal_data_dir looked at (0-based, in the order above; an
 * explicit one alone), for messages; NULL past the last. */
const char *gal_data_dir_place(size_t i);

#endif
