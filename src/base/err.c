/* Errors, warnings, limits, and where the data files live. */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "galley.h"

int gal_err_set(gal_err *err, int code, const char *file, int line, int col,
		const char *fmt, ...)
{
	if (err) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(err->message, sizeof err->message, fmt, ap);
		va_end(ap);
		err->code = code;
		err->file = file;
		err->line = line;
		err->col = col;
	}
	return code;
}

const char *gal_err_code_name(int code)
{
	switch (code) {
	case GAL_OK: return "ok";
	case GAL_E_USAGE: return "usage";
	case GAL_E_IO: return "io";
	case GAL_E_XML: return "xml";
	case GAL_E_SCHEMA: return "schema";
	case GAL_E_FORMAT: return "format";
	case GAL_E_NESTING: return "nesting";
	case GAL_E_LIMIT: return "limit";
	case GAL_E_STYLE: return "style";
	case GAL_E_FONT: return "font";
	case GAL_E_RENDER: return "render";
	case GAL_E_STRICT: return "strict";
	case GAL_E_INTERNAL: return "internal";
	}
	return "error";
}

int gal_warn(const gal_opts *opts, gal_err *err, int line, int col,
	     const char *code, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	const char *file = opts ? opts->input_path : NULL;
	if (opts && opts->strict)
		return gal_err_set(err, GAL_E_STRICT, file, line, col, "%s [%s]",
				   msg, code);
	if (opts && opts->warn)
		opts->warn(opts->warn_ctx, file, line, col, code, msg);
	return 0;
}

void gal_limits_default(gal_limits *lim)
{
	lim->input_bytes = (size_t)64 << 20;
	lim->nodes = 2000000;
	lim->image_pixels = 100000000;
	lim->pages = 5000;
}

/* The places the data directory is looked for, in order (DESIGN.md
 * "Install layout"): --data-dir and $GALLEY_DATA are taken as given; the
 * others must hold the data. A build copied or moved elsewhere, or an
 * installation under another prefix, finds its data beside the binary. */
enum { DATA_OPTION, DATA_ENV, DATA_SOURCE, DATA_PREFIX, DATA_BUILD,
       DATA_INSTALLED, DATA_PLACES };

static char places[DATA_PLACES][4096];
static const char *data_dir;
static int data_found;

/* the file galley cannot work without (styles and schema have fallbacks
 * or matter only to some runs) */
static int has_data(const char *dir)
{
	char path[4096 + 32];
	snprintf(path, sizeof path, "%.4000s/fonts/fonts.conf", dir);
	return *dir && access(path, R_OK) == 0;
}

/* the directory of the running binary, or "" */
static void exe_dir(char *dir, size_t size)
{
	ssize_t n = readlink("/proc/self/exe", dir, size - 1);
	dir[n > 0 ? n : 0] = '\0';
	char *slash = strrchr(dir, '/');
	if (slash)
		*slash = '\0';
	else
		dir[0] = '\0';
}

static void find_data_dir(void)
{
	char exe[4096];
	exe_dir(exe, sizeof exe);
	const char *env = getenv("GALLEY_DATA");
	if (env && *env && !places[DATA_OPTION][0])
		snprintf(places[DATA_ENV], sizeof places[0], "%s", env);
	/* run from the build tree: the source tree it was built from */
	size_t k = strlen(GAL_SRCDIR);
	if (strncmp(exe, GAL_SRCDIR, k) == 0 && (exe[k] == '/' || !exe[k]))
		snprintf(places[DATA_SOURCE], sizeof places[0], "%s", GAL_SRCDIR);
	if (*exe) {
		snprintf(places[DATA_PREFIX], sizeof places[0], "%.4000s/../share/galley", exe);
		snprintf(places[DATA_BUILD], sizeof places[0], "%.4000s/..", exe);
	}
	snprintf(places[DATA_INSTALLED], sizeof places[0], "%s", GAL_DATADIR);
	for (int i = 0; i < DATA_PLACES && !data_dir; i++) {
		if (!places[i][0])
			continue;
		data_found = has_data(places[i]);
		/* "/opt/galley/share/galley", not ".../bin/../share/galley" */
		char real[PATH_MAX];
		if (data_found && (i == DATA_PREFIX || i == DATA_BUILD) &&
		    realpath(places[i], real))
			snprintf(places[i], sizeof places[0], "%.4000s", real);
		if (data_found || i == DATA_OPTION || i == DATA_ENV)
			data_dir = places[i];
	}
	if (!data_dir)
		data_dir = places[DATA_INSTALLED];
}

void gal_data_dir_set(const char *dir)
{
	snprintf(places[DATA_OPTION], sizeof places[0], "%s", dir ? dir : "");
	data_dir = NULL;
}

const char *gal_data_dir(void)
{
	if (!data_dir)
		find_data_dir();
	return data_dir;
}

int gal_data_dir_found(void)
{
	gal_data_dir();
	return data_found;
}

const char *gal_data_dir_place(size_t i)
{
	gal_data_dir();
	for (size_t p = 0; p < DATA_PLACES; p++) {
		if (!places[p][0])
			continue;
		if (i-- == 0)
			return places[p];
		if (places[p] == data_dir && (p == DATA_OPTION || p == DATA_ENV))
			return NULL;     /* an explicit place is the only one */
	}
	return NULL;
}
