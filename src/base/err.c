/* Errors, warnings, limits, and where the data files live. */
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

static int has_data(const char *dir)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/styles/brief.ini", dir);
	return access(path, R_OK) == 0;
}

static int in_build_tree(void)
{
	char exe[4096];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n <= 0)
		return 0;
	exe[n] = '\0';
	size_t k = strlen(GAL_SRCDIR);
	return strncmp(exe, GAL_SRCDIR, k) == 0 && exe[k] == '/';
}

/* $GALLEY_DATA, else the source tree this binary was built from (so the
 * build tree runs without installing), else the installed share dir. */
const char *gal_data_dir(void)
{
	static const char *dir;
	if (dir)
		return dir;
	const char *env = getenv("GALLEY_DATA");
	if (env && *env)
		dir = env;
	else if (in_build_tree() && has_data(GAL_SRCDIR))
		dir = GAL_SRCDIR;
	else
		dir = GAL_DATADIR;
	return dir;
}
