/* galley command line: options, the output-format table, messages and
 * exit status (DESIGN.md "Command line"). Everything else lives in the
 * library; this file only wires it together. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <locale.h>
#include <stddef.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/sink.h"
#include "base/suggest.h"
#include "base/xhtml.h"
#include "cli/batch.h"
#include "cli/info.h"
#include "cli/report.h"
#include "galley.h"
#include "model/doc.h"
#include "pdf/shape_cache.h"
#include "style/font_strip.h"
#include "style/fonts.h"
#include "style/hyph.h"
#include "style/style.h"

enum { EXIT_OK = 0, EXIT_FAILED = 1, EXIT_USAGE = 2 };

/* ---- the output-format table --------------------------------------------- */

typedef int (*render_fn)(const gal_doc *, const gal_opts *, gal_sink *,
			 int *, gal_err *);

typedef struct out_format {
	const char *name;    /* -t value and report "format" */
	const char *ext;     /* output file extension */
	render_fn render;
	int needs_fonts;
} out_format;

static const out_format formats[] = {
	{ "pdf", "pdf", gal_render_pdf, 1 },
	{ "epub", "epub", gal_render_epub, 1 },
	{ "dump", "dump", gal_render_dump, 0 },
	{ "layout", "layout", gal_render_layout, 1 },
};
#define N_FORMATS (sizeof formats / sizeof formats[0])

/* Other names --to takes for a format, as people write them elsewhere;
 * case never matters. */
static const struct { const char *alias, *name; } format_aliases[] = {
	{ "epub3", "epub" },
};

/* --from: other names of the input formats, beside the table's names
 * and descriptions ("native", "JATS", "NewsML-G2") */
static const struct { const char *alias, *name; } input_aliases[] = {
	{ "nlm", "jats" },
	{ "docbook4", "docbook" },
	{ "docbook5", "docbook" },
};

/* ---- state ----------------------------------------------------------------- */

/* What to do instead of converting (the last one given wins); done once
 * every option is read, so that --data-dir and --toc count wherever
 * they stand. */
typedef enum {
	ACT_CONVERT, ACT_HELP, ACT_VERSION, ACT_LIST_STYLES, ACT_LIST_INPUT,
	ACT_LIST_OUTPUT, ACT_PRINT_STYLE, ACT_HYPH_CACHE, ACT_FONT_CACHE
} action;

typedef struct cli {
	const char *output;          /* -o */
	const out_format *fmt[N_FORMATS];
	size_t n_fmt;
	int to_given;                /* -t was given */
	gal_format from;
	const char *style_name;
	const char *paper;
	const char **resource_paths; /* NULL-terminated */
	size_t n_resource_paths;
	int jobs;
	int check, strict, quiet, verbose;
	int progress;                /* -1 auto */
	int update, toc;
	const char *report, *junit, *collection;
	unsigned shard_k, shard_n;
	action act;
	const char *act_arg;         /* its value: a style, a directory */
	gal_meta_override meta;      /* -M */
	const char **authors;        /* -M author=, in order */
	int meta_given;
	gal_opts opts;
	gal_style *style;
	char **argv;                 /* for the report */
	int argc;
	int64_t started;             /* wall clock, for the report */
} cli;

static const char *prog = "galley";

static void usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void usage_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "%s: error: ", prog);
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\nTry '%s --help' for more information.\n", prog);
	va_end(ap);
}

static void format_located(gal_buf *o, const char *file, int line, int col,
			   const char *severity, const char *text,
			   const char *code);

static void print_located(const char *file, int line, int col,
			  const char *severity, const char *text,
			  const char *code)
{
	gal_buf o = GAL_BUF_INIT;
	format_located(&o, file, line, col, severity, text, code);
	fputs(o.data, stderr);
	gal_buf_free(&o);
}

static void print_err(const gal_err *err, const char *fallback_file)
{
	print_located(err->file ? err->file : fallback_file, err->line, err->col,
		      "error", err->message[0] ? err->message : "failed", NULL);
}

/* ---- caches ---------------------------------------------------------------------- */

/* --hyphenation-cache (gal_hyph_build_cache: the installed patterns,
 * compiled) and --pdf-font-cache (gal_font_strip_build: the faces PDF
 * output embeds, without hinting): write into dir */
static int write_cache(int (*build)(const char *dir, gal_err *err), const char *dir)
{
	gal_err err = { 0 };
	if (build(dir, &err) == GAL_OK)
		return EXIT_OK;
	fprintf(stderr, "%s: error: %s\n", dir, err.message);
	return EXIT_FAILED;
}

/* the copies are made of the faces that galley's own configuration
 * finds, not the system's */
static int build_font_copies(const char *dir, gal_err *err)
{
	int rc = gal_fonts_init(err);
	return rc ? rc : gal_font_strip_build(gal_fonts_config(), dir, err);
}

/* ---- option values --------------------------------------------------------------- */

/* "; did you mean 'NAME'?" when one of n names is near word, else "" */
static const char *did_you_mean(const char *word, const char *const *names,
				size_t n, char *buf, size_t size)
{
	const char *near = gal_suggest_among(word, names, n);
	snprintf(buf, size, "%s%s%s", near ? "; did you mean '" : "",
		 near ? near : "", near ? "'?" : "");
	return buf;
}

/* The output format called t (any case, or an alias); NULL if none. */
static const out_format *find_format(const char *t)
{
	for (size_t a = 0; a < sizeof format_aliases / sizeof *format_aliases; a++)
		if (strcasecmp(t, format_aliases[a].alias) == 0)
			t = format_aliases[a].name;
	for (size_t i = 0; i < N_FORMATS; i++)
		if (strcasecmp(t, formats[i].name) == 0)
			return &formats[i];
	return NULL;
}

static int parse_formats(cli *c, const char *list)
{
	int want[N_FORMATS] = { 0 };
	char *copy = xstrdup(list), *save = NULL;
	int rc = 0;
	for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		if (strcasecmp(t, "both") == 0) {
			want[0] = want[1] = 1;
			continue;
		}
		const out_format *f = find_format(t);
		if (!f) {
			const char *names[N_FORMATS + 1];
			gal_buf list_of = GAL_BUF_INIT;
			for (size_t i = 0; i < N_FORMATS; i++) {
				names[i] = formats[i].name;
				gal_buf_printf(&list_of, "%s, ", formats[i].name);
			}
			names[N_FORMATS] = "both";
			char hint[96];
			usage_error("unknown output format '%s' (%sboth)%s", t, list_of.data,
				    did_you_mean(t, names, N_FORMATS + 1, hint, sizeof hint));
			gal_buf_free(&list_of);
			rc = -1;
			goto cleanup;
		}
		want[f - formats] = 1;
	}
	c->n_fmt = 0;
	for (size_t i = 0; i < N_FORMATS; i++)
		if (want[i])
			c->fmt[c->n_fmt++] = &formats[i];
	if (!c->n_fmt) {
		usage_error("--to needs at least one format");
		rc = -1;
	}
	c->to_given = 1;
cleanup:
	free(copy);
	return rc;
}

/* --from: a format's name or description in any case ("JATS",
 * "DocBook", "native"), or an alias; -1 when unknown (printed). */
static int parse_from(const char *v)
{
	for (size_t a = 0; a < sizeof input_aliases / sizeof *input_aliases; a++)
		if (strcasecmp(v, input_aliases[a].alias) == 0)
			v = input_aliases[a].name;
	const char *names[16];
	size_t n = gal_format_count() < 16 ? gal_format_count() : 16;
	for (size_t f = 0; f < n; f++) {
		const char *name = gal_format_name((gal_format)f);
		const char *desc = gal_format_description((gal_format)f);
		if (strcasecmp(v, name) == 0 || (desc && strcasecmp(v, desc) == 0))
			return (int)f;
		names[f] = name;
	}
	gal_buf list = GAL_BUF_INIT;
	gal_cli_input_formats(&list, 0);
	char hint[96];
	usage_error("unknown input format '%s' (%s)%s", v, list.data,
		    did_you_mean(v, names, n, hint, sizeof hint));
	gal_buf_free(&list);
	return -1;
}

/* A count with an optional binary suffix: 64M, 512k, 2G. */
static int parse_count(const char *s, uint64_t *out)
{
	char *end;
	if (!*s || *s == '-')
		return -1;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (end == s || errno)
		return -1;
	unsigned shift = 0;
	if (*end) {
		switch (*end) {
		case 'k': case 'K': shift = 10; break;
		case 'm': case 'M': shift = 20; break;
		case 'g': case 'G': shift = 30; break;
		default: return -1;
		}
		if (end[1] && strcmp(end + 1, "B") && strcmp(end + 1, "iB"))
			return -1;
	}
	if (shift && v > (UINT64_MAX >> shift))
		return -1;
	*out = (uint64_t)v << shift;
	return 0;
}

static int parse_limit(cli *c, const char *arg)
{
	const char *eq = strchr(arg, '=');
	uint64_t v;
	if (!eq || parse_count(eq + 1, &v) != 0 || v == 0) {
		usage_error("--limit wants NAME=VALUE with a positive number, not '%s'", arg);
		return -1;
	}
	size_t n = (size_t)(eq - arg);
	gal_limits *l = &c->opts.limits;
	if (n == 11 && strncmp(arg, "input-bytes", n) == 0 && v <= SIZE_MAX)
		l->input_bytes = (size_t)v;
	else if (n == 5 && strncmp(arg, "nodes", n) == 0 && v <= SIZE_MAX)
		l->nodes = (size_t)v;
	else if (n == 12 && strncmp(arg, "image-pixels", n) == 0)
		l->image_pixels = v;
	else if (n == 5 && strncmp(arg, "pages", n) == 0 && v <= INT_MAX)
		l->pages = (int)v;
	else {
		usage_error("unknown or out-of-range limit '%s' (input-bytes, nodes, image-pixels, pages)", arg);
		return -1;
	}
	return 0;
}

static int parse_jobs(const char *s, int *jobs)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (end == s || *end || errno || v < 1 || v > 256)
		return -1;
	*jobs = (int)v;
	return 0;
}

/* SOURCE_DATE_EPOCH: a non-negative decimal integer, as the
 * reproducible-builds specification has it; anything else is refused
 * rather than silently ignored. */
static int source_date_epoch(gal_opts *o)
{
	const char *s = getenv("SOURCE_DATE_EPOCH");
	if (!s || !*s)
		return 0;
	int64_t v = 0;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9' || v > (INT64_MAX - 9) / 10) {
			usage_error("SOURCE_DATE_EPOCH must be a non-negative integer, not '%s'", s);
			return -1;
		}
		v = v * 10 + (*p - '0');
	}
	/* cairo and ZIP dates stop at year 9999 and 2107 respectively;
	 * refuse what cannot be written as a four-digit year. */
	if (v > 253402300799LL) {
		usage_error("SOURCE_DATE_EPOCH is past the year 9999: '%s'", s);
		return -1;
	}
	o->epoch = v;
	o->epoch_set = 1;
	return 0;
}

/* ---- dates ------------------------------------------------------------------------ */

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
 * algorithm): no timegm, no TZ. */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

static int digits(const char *s, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

/* ISO 8601 "YYYY", "YYYY-MM", "YYYY-MM-DD", then optionally
 * "Thh:mm[:ss][.frac][Z|±hh[:mm]]"; a date alone is UTC midnight.
 * Returns -1 when it is not such a date. */
static int64_t iso8601_epoch(const char *s)
{
	int y, mo = 1, d = 1, h = 0, mi = 0, sec = 0;
	if (!s)
		return -1;
	while (*s == ' ' || *s == '\t' || *s == '\n')
		s++;
	if (digits(s, 4, &y))
		return -1;
	s += 4;
	if (*s == '-') {
		if (digits(s + 1, 2, &mo))
			return -1;
		s += 3;
		if (*s == '-') {
			if (digits(s + 1, 2, &d))
				return -1;
			s += 3;
		}
	}
	if (mo < 1 || mo > 12 || d < 1 || d > 31)
		return -1;
	int64_t off = 0;
	if (*s == 'T' || (*s == ' ' && s[1] >= '0' && s[1] <= '9')) {
		if (digits(s + 1, 2, &h) || s[3] != ':' || digits(s + 4, 2, &mi))
			return -1;
		s += 6;
		if (*s == ':') {
			if (digits(s + 1, 2, &sec))
				return -1;
			s += 3;
			if (*s == '.' || *s == ',')
				for (s++; *s >= '0' && *s <= '9'; s++)
					;
		}
		if (h > 24 || mi > 59 || sec > 60)
			return -1;
		if (*s == 'Z') {
			s++;
		} else if (*s == '+' || *s == '-') {
			int oh, om = 0, sign = *s == '-' ? -1 : 1;
			if (digits(s + 1, 2, &oh))
				return -1;
			s += 3;
			if (*s == ':')
				s++;
			if (*s >= '0' && *s <= '9') {
				if (digits(s, 2, &om))
					return -1;
				s += 2;
			}
			off = sign * (oh * 3600 + om * 60);
		}
	}
	while (*s == ' ' || *s == '\t' || *s == '\n')
		s++;
	if (*s)
		return -1;
	return days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 + h * 3600 +
	       mi * 60 + (sec > 59 ? 59 : sec) - off;
}

/* ---- converting one input --------------------------------------------------------- */

typedef struct warn_ctx {
	gal_result *res;
	const char *name;
	int strict;
	int check;                   /* schema violations are errors */
	const char *const *resource_paths;
} warn_ctx;

/* An image that is nowhere: say where it was looked for, the input's
 * folder (the current one for standard input) and each --resource-path
 * ("file not found (looked in ./ and media)"), since that is what the
 * writer can fix. Other messages are copied as they are. */
static void add_places(gal_buf *o, const char *text, const char *input,
		       const char *const *dirs)
{
	const char *nf = strstr(text, "': file not found");
	if (!nf) {
		gal_buf_puts(o, text);
		return;
	}
	nf += strlen("': file not found");
	gal_buf_put(o, text, (size_t)(nf - text));
	gal_buf_puts(o, " (looked in ");
	const char *slash = strrchr(input, '/');
	if (slash)
		gal_buf_put(o, input, (size_t)(slash - input) + 1);
	else
		gal_buf_puts(o, "./");
	for (size_t i = 0; dirs && dirs[i]; i++)
		gal_buf_printf(o, "%s%s", dirs[i + 1] ? ", " : " and ", dirs[i]);
	gal_buf_printf(o, ")%s", nf);
}

static void on_warn(void *vctx, const char *file, int line, int col,
		    const char *code, const char *message)
{
	warn_ctx *w = vctx;
	gal_buf text = GAL_BUF_INIT;
	add_places(&text, message, w->name, w->resource_paths);
	int schema = code && !strcmp(code, "schema");
	if (!w->strict && !(w->check && schema)) {
		gal_result_msg(w->res, GAL_MSG_WARNING, file ? file : w->name,
			       line, col, code, text.data);
	} else {
		/* Modules that call opts->warn directly rather than gal_warn
		 * (the schema check reports every violation) still fail
		 * under --strict, and --check fails on any violation; the
		 * error reads as gal_warn's would: "MESSAGE [code]". */
		gal_buf_printf(&text, " [%s]", code ? code : "warning");
		gal_result_msg(w->res, GAL_MSG_ERROR, file ? file : w->name, line, col,
			       schema ? "schema" : gal_err_code_name(GAL_E_STRICT),
			       text.data);
	}
	gal_buf_free(&text);
}

/* An error about the input `name` (with `w`, so that a missing image
 * names where it was looked for) or about an output (w NULL). */
static void add_err(gal_result *res, const gal_err *err, const char *name,
		    const warn_ctx *w)
{
	gal_buf text = GAL_BUF_INIT;
	const char *m = err->message[0] ? err->message : "failed";
	if (w)
		add_places(&text, m, name, w->resource_paths);
	else
		gal_buf_puts(&text, m);
	gal_result_msg(res, GAL_MSG_ERROR, err->file ? err->file : name, err->line,
		       err->col, gal_err_code_name(err->code), text.data);
	gal_buf_free(&text);
}

/* Read a whole input, refusing more than `limit` bytes. */
static int read_input(const char *path, const char *name, size_t limit,
		      char **out, size_t *len, gal_err *err)
{
	int fd = -1, rc = GAL_OK;
	gal_buf b = GAL_BUF_INIT;
	char *chunk = NULL;
	if (strcmp(path, "-") == 0) {
		fd = STDIN_FILENO;
	} else {
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			rc = gal_err_set(err, GAL_E_IO, name, 0, 0,
					 "cannot read: %s", strerror(errno));
			goto cleanup;
		}
		struct stat st;
		if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
			rc = gal_err_set(err, GAL_E_IO, name, 0, 0,
					 "cannot read: Is a directory");
			goto cleanup;
		}
		if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
		    (uint64_t)st.st_size > limit) {
			rc = gal_err_set(err, GAL_E_LIMIT, name, 0, 0,
					 "input is %lld bytes, over the limit of %zu (--limit input-bytes=N)",
					 (long long)st.st_size, limit);
			goto cleanup;
		}
	}
	chunk = xmalloc(65536);
	for (;;) {
		ssize_t k = read(fd, chunk, 65536);
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0) {
			rc = gal_err_set(err, GAL_E_IO, name, 0, 0,
					 "cannot read: %s", strerror(errno));
			goto cleanup;
		}
		if (k == 0)
			break;
		if (b.len + (size_t)k > limit) {
			rc = gal_err_set(err, GAL_E_LIMIT, name, 0, 0,
					 "input is over the limit of %zu bytes (--limit input-bytes=N)",
					 limit);
			goto cleanup;
		}
		gal_buf_put(&b, chunk, (size_t)k);
	}
	if (!b.data)
		gal_buf_put(&b, "", 0);
	*out = gal_buf_detach(&b, len);
cleanup:
	if (fd >= 0 && fd != STDIN_FILENO)
		close(fd);
	free(chunk);
	gal_buf_free(&b);
	return rc;
}

static const char *display_name(const gal_input *in)
{
	return strcmp(in->path, "-") == 0 ? "<stdin>" : in->path;
}

/* Read and import one input (or only check it, under --check). Messages
 * go to res; NULL when it failed or was only checked. */
static gal_doc *load_one(cli *c, const gal_input *in, gal_result *res)
{
	char *data = NULL;
	size_t len = 0;
	gal_doc *doc = NULL;
	gal_err err = { 0 };
	const char *name = display_name(in);
	warn_ctx w = { res, name, c->strict, c->check, c->resource_paths };
	gal_opts o = c->opts;
	o.input_path = name;
	o.warn = on_warn;
	o.warn_ctx = &w;

	if (read_input(in->path, name, o.limits.input_bytes, &data, &len, &err)) {
		add_err(res, &err, name, NULL);
		goto cleanup;
	}
	if (c->check) {
		/* every violation is an error already: no count besides */
		if (gal_doc_check_input(name, data, len, c->from, &o, &err) &&
		    !(err.code == GAL_E_SCHEMA && gal_result_errors(res)))
			add_err(res, &err, name, &w);
		goto cleanup;
	}
	if (gal_doc_load(name, data, len, c->from, &o, &doc, &err)) {
		add_err(res, &err, name, &w);
		doc = NULL;
		goto cleanup;
	}
	const char *fname = gal_format_name(gal_doc_format(doc));
	if (fname)
		res->format = xstrdup(fname);
cleanup:
	free(data);
	return doc;
}

/* The date written into the outputs of doc when SOURCE_DATE_EPOCH is not
 * set: the article's own date, so that converting the same article twice
 * gives the same bytes; else the current time. */
static int64_t doc_epoch(const gal_doc *doc)
{
	int64_t t = doc ? iso8601_epoch(doc->meta.date) : -1;
	return t >= 0 ? t : (int64_t)time(NULL);
}

/* Render doc into every output of the chosen formats; messages and
 * outputs go to res, outputs in the order of the formats. The PDF is set
 * last, so the hyphenation dictionaries that convert() started loading
 * have the EPUB's time to arrive. */
static void render_all(cli *c, const gal_doc *doc, const gal_opts *o,
		       char *const *outputs, const char *name, gal_result *res)
{
	gal_err err;
	int done[N_FORMATS] = { 0 };
	uint64_t bytes[N_FORMATS] = { 0 };
	char sha[N_FORMATS][65];
	int pages = -1;
	for (int pass = 0; pass < 2; pass++) {
		for (size_t f = 0; f < c->n_fmt; f++) {
			const out_format *fmt = c->fmt[f];
			const char *out = outputs[f];
			gal_sink *s = NULL;
			if ((fmt->render == gal_render_pdf) != pass)
				continue;
			memset(&err, 0, sizeof err);
			if (strcmp(out, "-") == 0) {
				s = gal_sink_new_stdout();
			} else if (gal_mkdirs_for(out, &err) ||
				   gal_sink_open_file(out, &s, &err)) {
				add_err(res, &err, out, NULL);
				continue;
			}
			/* only the JSON report shows the digest */
			if (c->report)
				gal_sink_want_digest(s);
			int n_pages = 0;
			if (fmt->render(doc, o, s, &n_pages, &err)) {
				gal_sink_abort(s);
				add_err(res, &err, name, NULL);
				continue;
			}
			gal_sink_digest(s, &bytes[f], sha[f]);
			if (gal_sink_close(s, &err)) {
				add_err(res, &err, out, NULL);
				continue;
			}
			done[f] = 1;
			if (fmt->render == gal_render_pdf)
				pages = n_pages;
		}
	}
	for (size_t f = 0; f < c->n_fmt; f++)
		if (done[f])
			gal_result_output(res, outputs[f], c->fmt[f]->name, bytes[f], sha[f]);
	if (pages >= 0)
		res->pages = pages;
}

/* The languages a document's text is set in: its own, then any that its
 * nodes declare, at most `max`. */
static size_t doc_langs(const gal_doc *doc, const char **langs, size_t max)
{
	size_t n = 0;
	langs[n++] = doc->meta.lang;
	gal_iter it;
	gal_iter_init(&it, doc->root);
	while (n < max && gal_iter_next(&it) != GAL_EV_DONE) {
		const gal_node *nd = gal_iter_node(&it);
		if (it.ev != GAL_EV_ENTER || !nd->lang)
			continue;
		size_t k = 0;
		while (k < n && strcasecmp(langs[k], nd->lang) != 0)
			k++;
		if (k == n)
			langs[n++] = nd->lang;
	}
	return n;
}

static int wants_pdf(const cli *c)
{
	for (size_t f = 0; f < c->n_fmt; f++)
		if (c->fmt[f]->render == gal_render_pdf)
			return 1;
	return 0;
}

static void convert(void *vctx, gal_input *in, gal_result *res)
{
	cli *c = vctx;
	const char *name = display_name(in);
	gal_doc *doc = load_one(c, in, res);
	if (doc && wants_pdf(c)) {
		/* hyphenation dictionaries load while the EPUB is written
		 * and the PDF's first blocks are shaped */
		const char *langs[8];
		gal_hyph_preload(langs, doc_langs(doc, langs, 8), 1);
	}
	if (doc) {
		warn_ctx w = { res, name, c->strict, c->check, c->resource_paths };
		gal_opts o = c->opts;
		o.input_path = name;
		o.warn = on_warn;
		o.warn_ctx = &w;
		if (!o.epoch_set)
			o.epoch = doc_epoch(doc);
		render_all(c, doc, &o, in->outputs, name, res);
	}
	if (gal_result_errors(res))
		res->failed = 1;
	gal_doc_free(doc);
}

/* "FILE:LINE:COL: error: MESSAGE", leaving out what is unknown. */
static void format_located(gal_buf *o, const char *file, int line, int col,
			   const char *severity, const char *text,
			   const char *code)
{
	if (!file || !*file)
		file = prog;
	gal_buf_puts(o, file);
	if (line > 0)
		gal_buf_printf(o, ":%d", line);
	if (line > 0 && col > 0)
		gal_buf_printf(o, ":%d", col);
	gal_buf_printf(o, ": %s: %s", severity, text);
	if (code && *code)
		gal_buf_printf(o, " [%s]", code);
	gal_buf_putc(o, '\n');
}

/* Messages of one input, written by the parent in input order. */
static void done(void *vctx, gal_input *in, gal_buf *o)
{
	cli *c = vctx;
	const gal_result *r = &in->res;
	for (size_t i = 0; i < r->n_msgs; i++) {
		const gal_msg *m = &r->msgs[i];
		if (m->severity == GAL_MSG_WARNING) {
			if (!c->quiet)
				format_located(o, m->file, m->line, m->col,
					       "warning", m->text, m->code);
		} else {
			/* errors carry their kind as a code for reports only */
			format_located(o, m->file, m->line, m->col, "error",
				       m->text, NULL);
		}
	}
	if (c->verbose) {
		const char *name = strcmp(in->path, "-") == 0 ? "<stdin>" : in->path;
		if (r->skipped)
			gal_buf_printf(o, "%s: up to date\n", name);
		else if (c->check && !r->failed)
			gal_buf_printf(o, "%s: ok\n", name);
		for (size_t i = 0; i < r->n_outs && !r->skipped; i++) {
			const gal_outfile *f = &r->outs[i];
			if (strcmp(f->path, "-") != 0)
				gal_buf_printf(o, "%s: wrote %s (%llu bytes)\n", name,
					       f->path, (unsigned long long)f->bytes);
		}
	}
}

/* ---- collections ------------------------------------------------------------ */

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* --collection: load every input here (the documents must meet in one
 * process), print their messages in input order, bind those that loaded
 * into one document and render it once per format. An input that fails
 * is left out and fails the run; the others are still bound. */
static void run_collection(cli *c, gal_batch *b, char *const *outputs,
			   gal_result *coll)
{
	gal_doc **docs = xcalloc(b->n + 1, sizeof *docs);
	gal_doc *bound = NULL;
	size_t nd = 0;
	int64_t newest = -1;
	gal_err err = { 0 };

	for (size_t i = 0; i < b->n; i++) {
		gal_input *in = &b->in[i];
		int64_t t0 = now_ms();
		gal_doc *doc = load_one(c, in, &in->res);
		in->res.ms = now_ms() - t0;
		in->res.done = 1;
		if (gal_result_errors(&in->res))
			in->res.failed = 1;
		gal_buf text = GAL_BUF_INIT;
		done(c, in, &text);
		if (text.len)
			fputs(text.data, stderr);
		gal_buf_free(&text);
		if (!doc)
			continue;
		docs[nd++] = doc;
		int64_t t = iso8601_epoch(doc->meta.date);
		if (t > newest)
			newest = t;
	}
	if (c->check)
		goto cleanup;

	int64_t t0 = now_ms();
	const char *name = outputs[0];
	warn_ctx w = { coll, name, c->strict, c->check, c->resource_paths };
	gal_opts o = c->opts;
	o.input_path = name;
	o.warn = on_warn;
	o.warn_ctx = &w;
	/* -M is the collection's metadata, not its articles' */
	o.meta = c->meta_given ? &c->meta : NULL;
	if (c->meta.date)
		newest = iso8601_epoch(c->meta.date);
	/* the newest article's date stands for the collection's */
	if (!o.epoch_set)
		o.epoch = newest >= 0 ? newest : (int64_t)time(NULL);
	if (nd == 0) {
		gal_result_msg(coll, GAL_MSG_ERROR, name, 0, 0, "collection",
			       "no input could be loaded: nothing to bind");
	} else if (gal_doc_collect(docs, nd, c->collection, &o, &bound, &err)) {
		add_err(coll, &err, name, NULL);
		bound = NULL;
	} else {
		render_all(c, bound, &o, outputs, name, coll);
	}
	coll->ms = now_ms() - t0;
	coll->done = 1;
	if (gal_result_errors(coll))
		coll->failed = 1;
	for (size_t i = 0; i < coll->n_msgs; i++) {
		const gal_msg *m = &coll->msgs[i];
		if (m->severity == GAL_MSG_ERROR || !c->quiet)
			print_located(m->file, m->line, m->col,
				      m->severity == GAL_MSG_ERROR ? "error" : "warning",
				      m->text, m->severity == GAL_MSG_ERROR ? NULL : m->code);
	}
	if (c->verbose)
		for (size_t i = 0; i < coll->n_outs; i++)
			if (strcmp(coll->outs[i].path, "-") != 0)
				fprintf(stderr, "%s: wrote %s (%llu bytes)\n", c->collection,
					coll->outs[i].path,
					(unsigned long long)coll->outs[i].bytes);
cleanup:
	gal_doc_free(bound);
	for (size_t i = 0; i < nd; i++)
		gal_doc_free(docs[i]);
	free(docs);
}

/* ---- signals --------------------------------------------------------------------- */

static void on_signal(int sig)
{
	gal_batch_kill_workers();
	gal_sink_cleanup_all();
	signal(sig, SIG_DFL);
	raise(sig);
}

static void install_signals(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	/* a closed pipe on -o - is a write error, not a silent death */
	signal(SIGPIPE, SIG_IGN);
}

/* Output bytes must not depend on the caller's TZ or locale: every date
 * is computed in UTC from an epoch, numbers are printed with '.', and
 * Pango's default language does not follow $LANG. */
static void neutral_environment(void)
{
	setenv("TZ", "UTC", 1);
	tzset();
	unsetenv("LANGUAGE");
	unsetenv("PANGO_LANGUAGE");
	setlocale(LC_ALL, "C");
	setlocale(LC_CTYPE, "C.UTF-8");
}

static int default_jobs(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : n > 64 ? 64 : (int)n;
}

/* ---- main ------------------------------------------------------------------------ */

/* -M KEY=VALUE: metadata in place of the source's. 0, or -1 after a
 * usage error. */
static int parse_meta(cli *c, const char *arg)
{
	static const char *const keys[] = { "title", "author", "date", "language",
					    "lang", "identifier" };
	const char *eq = strchr(arg, '=');
	char key[32];
	size_t kn = eq ? (size_t)(eq - arg) : strlen(arg);
	snprintf(key, sizeof key, "%.*s", (int)(kn < sizeof key ? kn : sizeof key - 1), arg);
	const char *v = eq ? eq + 1 : "";
	char hint[96];
	if (!eq || !*v) {
		usage_error("-M wants KEY=VALUE with a value, not '%s'", arg);
		return -1;
	}
	gal_meta_override *m = &c->meta;
	if (!strcasecmp(key, "title")) {
		m->title = v;
	} else if (!strcasecmp(key, "author")) {
		c->authors = xrealloc(c->authors, (m->n_authors + 1) * sizeof *c->authors);
		c->authors[m->n_authors++] = v;
		m->authors = c->authors;
	} else if (!strcasecmp(key, "date")) {
		if (iso8601_epoch(v) < 0) {
			usage_error("-M date wants an ISO 8601 date such as 2025-06-02, not '%s'", v);
			return -1;
		}
		m->date = v;
	} else if (!strcasecmp(key, "language") || !strcasecmp(key, "lang")) {
		if (!gal_xhtml_lang_ok(v)) {
			usage_error("-M language wants a language tag such as de or pt-BR, not '%s'", v);
			return -1;
		}
		m->lang = v;
	} else if (!strcasecmp(key, "identifier")) {
		m->identifier = v;
	} else {
		usage_error("-M takes title, author, date, language or identifier, not '%s'%s",
			    key, did_you_mean(key, keys, sizeof keys / sizeof *keys,
					      hint, sizeof hint));
		return -1;
	}
	c->meta_given = 1;
	return 0;
}

enum {
	OPT_PAPER = 256, OPT_EMBED, OPT_RESOURCE, OPT_LIMIT, OPT_COLLECTION,
	OPT_SHARD, OPT_CHECK, OPT_REPORT, OPT_JUNIT, OPT_STRICT, OPT_PROGRESS,
	OPT_NO_PROGRESS, OPT_UPDATE, OPT_HYPH_CACHE, OPT_FONT_CACHE, OPT_TOC,
	OPT_DATA_DIR, OPT_LIST_STYLES, OPT_LIST_INPUT, OPT_LIST_OUTPUT,
	OPT_PRINT_STYLE
};

#define SHORT_OPTS ":o:t:f:s:j:M:qvhV"

static const struct option long_opts[] = {
	{ "output", required_argument, NULL, 'o' },
	{ "to", required_argument, NULL, 't' },
	{ "from", required_argument, NULL, 'f' },
	{ "style", required_argument, NULL, 's' },
	{ "metadata", required_argument, NULL, 'M' },
	{ "toc", no_argument, NULL, OPT_TOC },
	{ "paper", required_argument, NULL, OPT_PAPER },
	{ "embed-fonts", no_argument, NULL, OPT_EMBED },
	{ "resource-path", required_argument, NULL, OPT_RESOURCE },
	{ "limit", required_argument, NULL, OPT_LIMIT },
	{ "jobs", required_argument, NULL, 'j' },
	{ "collection", required_argument, NULL, OPT_COLLECTION },
	{ "shard", required_argument, NULL, OPT_SHARD },
	{ "check", no_argument, NULL, OPT_CHECK },
	{ "report", required_argument, NULL, OPT_REPORT },
	{ "junit", required_argument, NULL, OPT_JUNIT },
	{ "strict", no_argument, NULL, OPT_STRICT },
	{ "quiet", no_argument, NULL, 'q' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "progress", no_argument, NULL, OPT_PROGRESS },
	{ "no-progress", no_argument, NULL, OPT_NO_PROGRESS },
	{ "update", no_argument, NULL, OPT_UPDATE },
	{ "data-dir", required_argument, NULL, OPT_DATA_DIR },
	{ "list-styles", no_argument, NULL, OPT_LIST_STYLES },
	{ "list-input-formats", no_argument, NULL, OPT_LIST_INPUT },
	{ "list-output-formats", no_argument, NULL, OPT_LIST_OUTPUT },
	{ "print-style", required_argument, NULL, OPT_PRINT_STYLE },
	{ "hyphenation-cache", required_argument, NULL, OPT_HYPH_CACHE },
	{ "pdf-font-cache", required_argument, NULL, OPT_FONT_CACHE },
	{ "version", no_argument, NULL, 'V' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

/* --data-dir: an existing directory, used from now on */
static int data_dir(const char *dir)
{
	struct stat st;
	int found = stat(dir, &st) == 0;
	if (!found || !S_ISDIR(st.st_mode)) {
		usage_error("--data-dir %s: %s", dir,
			    found ? "not a directory" : strerror(errno));
		return -1;
	}
	gal_data_dir_set(dir);
	return 0;
}

/* The option argv[optind - 1] that getopt_long refused: a long option
 * it does not know (with the nearest it does), one given a value it does
 * not take (--help=x), or a short option it does not know. */
static void bad_option(char *const *argv, int opt)
{
	/* getopt_long gives a short option it does not know as optopt, and
	 * optind may still be on its word ("-Zq"); a long option's refusal
	 * leaves optopt 0 or the option's own value, and optind past it */
	if (opt > 0 && opt < 128 && !strchr(SHORT_OPTS, opt)) {
		usage_error("unknown option '-%c'", opt);
		return;
	}
	const char *arg = argv[optind - 1];
	if (strncmp(arg, "--", 2) != 0) {
		usage_error("unknown option '%s'", arg);
		return;
	}
	size_t n = strcspn(arg + 2, "=");
	const char *names[sizeof long_opts / sizeof *long_opts];
	size_t k = 0;
	for (const struct option *o = long_opts; o->name; o++) {
		names[k++] = o->name;
		if (arg[2 + n] == '=' && strlen(o->name) >= n &&
		    strncmp(o->name, arg + 2, n) == 0 && o->has_arg == no_argument) {
			usage_error("option '--%s' takes no value", o->name);
			return;
		}
	}
	char word[64], hint[96];
	snprintf(word, sizeof word, "%.*s", (int)(n < sizeof word ? n : sizeof word - 1),
		 arg + 2);
	/* a prefix of several: getopt_long accepts only a unique one */
	gal_buf all = GAL_BUF_INIT;
	size_t matches = 0;
	for (size_t i = 0; i < k; i++)
		if (n && strncmp(names[i], word, n) == 0)
			gal_buf_printf(&all, "%s--%s", matches++ ? ", " : "", names[i]);
	if (matches > 1) {
		usage_error("option '--%s' is ambiguous: %s", word, all.data);
		gal_buf_free(&all);
		return;
	}
	gal_buf_free(&all);
	const char *near = gal_suggest_among(word, names, k);
	snprintf(hint, sizeof hint, "%s%s%s", near ? "; did you mean '--" : "",
		 near ? near : "", near ? "'?" : "");
	usage_error("unknown option '--%s'%s", word, hint);
}

/* Options that only switch something on, or only keep their value. */
static const struct { int opt; size_t field; } flag_opts[] = {
	{ OPT_TOC, offsetof(cli, toc) },
	{ OPT_EMBED, offsetof(cli, opts.embed_fonts) },
	{ OPT_CHECK, offsetof(cli, check) },
	{ OPT_STRICT, offsetof(cli, strict) },
	{ OPT_UPDATE, offsetof(cli, update) },
	{ 'q', offsetof(cli, quiet) },
	{ 'v', offsetof(cli, verbose) },
}, text_opts[] = {
	{ 's', offsetof(cli, style_name) },
	{ OPT_PAPER, offsetof(cli, paper) },
	{ OPT_COLLECTION, offsetof(cli, collection) },
	{ OPT_REPORT, offsetof(cli, report) },
	{ OPT_JUNIT, offsetof(cli, junit) },
};

/* Options that print something and exit, and what they do. */
static const struct { int opt; action act; } action_opts[] = {
	{ OPT_HYPH_CACHE, ACT_HYPH_CACHE }, { OPT_FONT_CACHE, ACT_FONT_CACHE },
	{ OPT_PRINT_STYLE, ACT_PRINT_STYLE }, { OPT_LIST_STYLES, ACT_LIST_STYLES },
	{ OPT_LIST_INPUT, ACT_LIST_INPUT }, { OPT_LIST_OUTPUT, ACT_LIST_OUTPUT },
	{ 'V', ACT_VERSION }, { 'h', ACT_HELP },
};

/* One option of the command line (getopt_long's ch, with optarg); 0, or
 * -1 after a usage error. */
static int take_option(cli *c, int ch, char *const *argv)
{
	for (size_t i = 0; i < sizeof flag_opts / sizeof *flag_opts; i++)
		if (ch == flag_opts[i].opt) {
			*(int *)((char *)c + flag_opts[i].field) = 1;
			return 0;
		}
	for (size_t i = 0; i < sizeof text_opts / sizeof *text_opts; i++)
		if (ch == text_opts[i].opt) {
			*(const char **)((char *)c + text_opts[i].field) = optarg;
			return 0;
		}
	for (size_t i = 0; i < sizeof action_opts / sizeof *action_opts; i++)
		if (ch == action_opts[i].opt) {
			c->act = action_opts[i].act;
			c->act_arg = optarg;
			return 0;
		}
	switch (ch) {
	case 'o':
		if (!*optarg) {
			usage_error("-o needs a path");
			return -1;
		}
		c->output = optarg;
		return 0;
	case 't':
		return parse_formats(c, optarg);
	case 'f': {
		int f = parse_from(optarg);
		if (f < 0)
			return -1;
		c->from = (gal_format)f;
		return 0;
	}
	case 'M':
		return parse_meta(c, optarg);
	case OPT_RESOURCE:
		c->resource_paths = xrealloc(c->resource_paths,
			(c->n_resource_paths + 2) * sizeof *c->resource_paths);
		c->resource_paths[c->n_resource_paths++] = optarg;
		c->resource_paths[c->n_resource_paths] = NULL;
		return 0;
	case OPT_LIMIT:
		return parse_limit(c, optarg);
	case 'j':
		if (parse_jobs(optarg, &c->jobs)) {
			usage_error("-j wants a number of jobs from 1 to 256, not '%s'", optarg);
			return -1;
		}
		return 0;
	case OPT_SHARD:
		if (gal_shard_parse(optarg, &c->shard_k, &c->shard_n)) {
			usage_error("--shard wants K/N with 1 <= K <= N, not '%s'", optarg);
			return -1;
		}
		return 0;
	case OPT_PROGRESS:
	case OPT_NO_PROGRESS:
		c->progress = ch == OPT_PROGRESS;
		return 0;
	case OPT_DATA_DIR:
		return data_dir(optarg);
	case ':':
		usage_error("option '%s' needs a value", argv[optind - 1]);
		return -1;
	default:
		bad_option(argv, optopt);
		return -1;
	}
}

static int parse_args(cli *c, int argc, char **argv)
{
	int ch;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, SHORT_OPTS, long_opts, NULL)) != -1)
		if (take_option(c, ch, argv))
			return -1;
	return 0;
}

/* What galley does instead of converting; the exit status. */
static int run_action(const cli *c)
{
	const char *names[N_FORMATS];
	switch (c->act) {
	case ACT_CONVERT:
		break;
	case ACT_HELP:
		gal_cli_help();
		return EXIT_OK;
	case ACT_VERSION:
		return gal_cli_version();
	case ACT_LIST_STYLES:
		gal_cli_list_styles();
		return EXIT_OK;
	case ACT_LIST_INPUT:
		gal_cli_list_input_formats();
		return EXIT_OK;
	case ACT_LIST_OUTPUT:
		for (size_t i = 0; i < N_FORMATS; i++)
			names[i] = formats[i].name;
		gal_cli_list_names(names, N_FORMATS);
		return EXIT_OK;
	case ACT_PRINT_STYLE:
		return gal_cli_print_style(c->act_arg, c->toc);
	case ACT_HYPH_CACHE:
		return write_cache(gal_hyph_build_cache, c->act_arg);
	case ACT_FONT_CACHE:
		return write_cache(build_font_copies, c->act_arg);
	}
	return EXIT_USAGE;
}

static void cli_init(cli *c, int argc, char **argv)
{
	memset(c, 0, sizeof *c);
	/* as given: getopt_long reorders argv */
	c->argc = argc;
	c->argv = xcalloc((size_t)argc + 1, sizeof *c->argv);
	memcpy(c->argv, argv, (size_t)argc * sizeof *argv);
	c->started = (int64_t)time(NULL);
	c->from = GAL_FMT_AUTO;
	c->style_name = "brief";
	c->jobs = default_jobs();
	c->progress = -1;
	c->fmt[0] = &formats[0];
	c->fmt[1] = &formats[1];
	c->n_fmt = 2;
	gal_limits_default(&c->opts.limits);
}

/* What can be checked only once every option is read; -1 after a usage
 * error. */
static int settle_options(cli *c, int argc)
{
	if (optind >= argc) {
		usage_error("no input given");
		return -1;
	}
	if (c->collection && !*c->collection) {
		usage_error("--collection needs a title");
		return -1;
	}
	if (source_date_epoch(&c->opts))
		return -1;
	c->opts.strict = c->strict;
	c->opts.resource_paths = c->resource_paths;
	for (size_t i = 0; i < c->n_resource_paths; i++) {
		struct stat st;
		const char *d = c->resource_paths[i];
		int found = stat(d, &st) == 0;
		if (!found || !S_ISDIR(st.st_mode)) {
			usage_error("--resource-path %s: %s", d,
				    found ? "not a directory" : strerror(errno));
			return -1;
		}
	}
	/* a collection's articles keep their own metadata: -M is the
	 * collection's (run_collection) */
	if (c->meta_given && !c->collection)
		c->opts.meta = &c->meta;
	if (c->paper && gal_paper_parse(c->paper, &c->opts.paper_w, &c->opts.paper_h)) {
		usage_error("unknown paper size '%s' (a4, letter, a5, 6x9in, WIDTHxHEIGHT with mm, cm, in or pt)",
			    c->paper);
		return -1;
	}
	return 0;
}

/* -o NAME.pdf, NAME.epub (or another format's extension, in any case)
 * names one file of that format: with one input, or a collection, it
 * chooses the format unless -t did; with several inputs it would be a
 * directory called NAME.pdf, which nobody means (DESIGN.md "Output
 * names"). An existing directory, or a name ending in '/', stays a
 * directory. -1 after a usage error. */
static int format_from_name(cli *c, const gal_batch *b)
{
	const char *o = c->output;
	struct stat st;
	if (!o || c->check || strcmp(o, "-") == 0 || o[strlen(o) - 1] == '/' ||
	    (stat(o, &st) == 0 && S_ISDIR(st.st_mode)))
		return 0;
	const char *dot = strrchr(o, '.'), *slash = strrchr(o, '/');
	const out_format *f = NULL;
	for (size_t i = 0; dot && (!slash || dot > slash) && i < N_FORMATS; i++)
		if (strcasecmp(dot + 1, formats[i].ext) == 0)
			f = &formats[i];
	if (!f)
		return 0;
	if (!c->collection && b->n != 1) {
		usage_error("-o %s names one %s file, but there are %zu inputs: give a "
			    "directory (-o DIR/), or bind them into one with --collection",
			    o, f->name, b->n);
		return -1;
	}
	if (!c->to_given) {
		c->fmt[0] = f;
		c->n_fmt = 1;
	} else if (c->n_fmt != 1 || c->fmt[0] != f) {
		usage_error("-o %s names a %s file, but -t asks for %s%s", o, f->name,
			    c->fmt[0]->name, c->n_fmt > 1 ? " and more" : "");
		return -1;
	}
	return 0;
}

/* The inputs, the names of their outputs (of the collection's, in
 * *coll_out), this shard of them; -1 after a usage error. */
static int plan_batch(cli *c, gal_batch *b, char *const *args, int n_args,
		      char ***coll_out)
{
	gal_err err = { 0 };
	for (int i = 0; i < n_args; i++) {
		if (gal_batch_add(b, args[i], &err)) {
			print_err(&err, NULL);
			return -1;
		}
	}
	if (c->shard_n && c->collection) {
		usage_error("--shard and --collection do not mix: a collection is one output");
		return -1;
	}
	if (format_from_name(c, b))
		return -1;
	const char *exts[N_FORMATS];
	for (size_t f = 0; f < c->n_fmt; f++)
		exts[f] = c->fmt[f]->ext;
	if (c->collection) {
		for (size_t i = 0; i < b->n; i++) {
			if (strcmp(b->in[i].path, "-") == 0) {
				usage_error("--collection reads files, not standard input");
				return -1;
			}
		}
		if (gal_collection_name(b, c->collection, c->check ? NULL : c->output,
					exts, c->n_fmt, coll_out, &err)) {
			usage_error("%s", err.message);
			return -1;
		}
	} else if (!c->check) {
		if (gal_batch_name(b, c->output, exts, c->n_fmt, &err)) {
			usage_error("%s", err.message);
			return -1;
		}
	}
	if (c->shard_n)
		gal_batch_shard(b, c->shard_k, c->shard_n);
	return 0;
}

/* A warning of the style's (a font family galley lacks), said at once:
 * it belongs to no input. */
static void on_style_warn(void *ctx, const char *file, int line, int col,
			  const char *code, const char *message)
{
	const cli *c = ctx;
	if (!c->quiet)
		print_located(file ? file : c->style_name, line, col, "warning", message, code);
}

/* Everything workers share, loaded before they fork: the style, the
 * fonts, the hyphenation dictionaries. EXIT_OK, or the exit status of a
 * failure, which is printed. */
static int load_shared(cli *c, gal_batch *b)
{
	gal_err err = { 0 };
	gal_opts so = { .strict = c->strict, .warn = on_style_warn, .warn_ctx = c };
	if (gal_style_load_checked(c->style_name, &so, &c->style, &err)) {
		gal_cli_style_error(c->style_name, &err);
		return EXIT_USAGE;
	}
	if (c->toc)
		c->style->toc = 1;
	c->opts.style = c->style;
	int need_fonts = 0;
	for (size_t f = 0; f < c->n_fmt; f++)
		need_fonts |= c->fmt[f]->needs_fonts;
	if (need_fonts && !c->check && gal_fonts_init(&err)) {
		gal_buf hint = GAL_BUF_INIT;
		print_err(&err, "galley");
		gal_cli_data_hint(&hint);
		if (hint.len)
			fputs(hint.data, stderr);
		gal_buf_free(&hint);
		return EXIT_FAILED;
	}
	if (c->update && !c->check && !c->collection)
		gal_batch_mark_uptodate(b, c->style->path[0] ? c->style->path : NULL);

	/* words repeat from one input to the next: keep their glyphs */
	if (need_fonts && b->n > 1)
		gal_shape_cache_enable(1);
	if (need_fonts && !c->check && wants_pdf(c) && b->n > 1) {
		/* workers inherit the dictionaries instead of each loading
		 * its own */
		char langs[8][32];
		const char *lp[8];
		size_t nl = gal_batch_langs(b, langs, 8);
		for (size_t i = 0; i < nl; i++)
			lp[i] = langs[i];
		gal_hyph_preload(lp, nl, 0);
	}
	return EXIT_OK;
}

/* Convert every input (or bind them into the collection); the number of
 * inputs, and collections, that failed. */
static size_t run(cli *c, gal_batch *b, char *const *coll_out, gal_result *coll)
{
	size_t failed = 0;
	install_signals();
	if (c->collection) {
		run_collection(c, b, coll_out, coll);
		for (size_t i = 0; i < b->n; i++)
			failed += b->in[i].res.failed != 0;
		return failed + (coll->failed != 0);
	}
	gal_run_opts ro = { 0 };
	ro.jobs = c->jobs;
	ro.progress = c->progress >= 0 ? c->progress : (!c->quiet && isatty(STDERR_FILENO));
	return gal_batch_run(b, &ro, convert, done, c);
}

/* --report and --junit; EXIT_FAILED when one cannot be written (printed),
 * else status. */
static int write_reports(const cli *c, const gal_batch *b, const gal_result *coll,
			 int64_t total_ms, int status)
{
	gal_err err = { 0 };
	const gal_result *bound = c->collection ? coll : NULL;
	const char *to[N_FORMATS];
	for (size_t f = 0; f < c->n_fmt; f++)
		to[f] = c->fmt[f]->name;
	gal_run_info run = {
		.started = c->started, .style_name = c->style->name,
		.style_path = c->style->path, .argv = c->argv + 1, .argc = c->argc - 1,
		.to = to, .n_to = c->n_fmt, .from = gal_format_name(c->from),
		.paper = c->paper, .jobs = c->jobs, .check = c->check,
		.strict = c->strict, .update = c->update, .toc = c->toc,
		.embed_fonts = c->opts.embed_fonts, .shard_k = c->shard_k,
		.shard_n = c->shard_n, .resource_paths = c->resource_paths,
		.meta = c->meta_given ? &c->meta : NULL, .limits = &c->opts.limits,
	};
	if (c->report && gal_report_json(c->report, b, bound, c->collection, total_ms,
					 &run, &err)) {
		print_err(&err, c->report);
		status = EXIT_FAILED;
	}
	memset(&err, 0, sizeof err);
	if (c->junit && gal_report_junit(c->junit, b, bound, c->collection, total_ms, &err)) {
		print_err(&err, c->junit);
		status = EXIT_FAILED;
	}
	return status;
}

/* What a run of several inputs (or a collection) leaves on standard
 * error at its end, unless -q: its summary; and, when something failed
 * for want of galley's data, where it was looked for. */
static void finish_run(const cli *c, const gal_batch *b, const gal_result *coll,
		       int64_t ms, int status)
{
	gal_buf o = GAL_BUF_INIT;
	if (!c->quiet && (b->n > 1 || c->collection))
		gal_batch_summary(b, c->collection ? coll : NULL, c->check, ms, &o);
	if (status != EXIT_OK)
		gal_cli_data_hint(&o);
	if (o.len)
		fputs(o.data, stderr);
	gal_buf_free(&o);
}

int main(int argc, char **argv)
{
	cli c;
	gal_batch b = GAL_BATCH_INIT;
	gal_result coll = { 0 };
	char **coll_out = NULL;
	int status = EXIT_USAGE;

	gal_heap_init();
	int64_t t0 = now_ms();
	neutral_environment();
	cli_init(&c, argc, argv);
	if (parse_args(&c, argc, argv))
		goto cleanup;
	if (c.act != ACT_CONVERT) {
		status = run_action(&c);
		goto cleanup;
	}
	if (settle_options(&c, argc) ||
	    plan_batch(&c, &b, argv + optind, argc - optind, &coll_out))
		goto cleanup;
	status = load_shared(&c, &b);
	if (status != EXIT_OK)
		goto cleanup;
	status = run(&c, &b, coll_out, &coll) ? EXIT_FAILED : EXIT_OK;
	finish_run(&c, &b, &coll, now_ms() - t0, status);
	status = write_reports(&c, &b, &coll, now_ms() - t0, status);

cleanup:
	gal_batch_free(&b);
	gal_result_clear(&coll);
	for (size_t f = 0; coll_out && f < c.n_fmt; f++)
		free(coll_out[f]);
	free(coll_out);
	gal_style_free(c.style);
	free(c.resource_paths);
	free(c.authors);
	free(c.argv);
	if (fflush(stdout) != 0 && status == EXIT_OK)
		status = EXIT_FAILED;
	return status;
}
