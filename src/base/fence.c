/* The resource fence: a reference is a relative path below the input
 * file's directory or a --resource-path directory. These are refused:
 * absolute paths, backslashes, any ".." component, URLs of any scheme
 * (the caller's check), and paths whose realpath (symlinks followed)
 * leaves the directory they were found in. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/fence.h"

/* RFC 3986 scheme: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":" */
static int has_scheme(const char *s)
{
	if (!isalpha((unsigned char)*s))
		return 0;
	const char *p = s + 1;
	while (isalnum((unsigned char)*p) || *p == '+' || *p == '-' || *p == '.')
		p++;
	return *p == ':';
}

int gal_fence_is_url(const char *ref)
{
	return has_scheme(ref) || (ref[0] == '/' && ref[1] == '/');
}

/* %XX -> byte; %00 and malformed escapes fail. */
static int pct_decode(const char *s, char *out, size_t outsz)
{
	size_t n = 0;
	for (const char *p = s; *p; p++) {
		int c = (unsigned char)*p;
		if (c == '%') {
			if (!isxdigit((unsigned char)p[1]) || !isxdigit((unsigned char)p[2]))
				return -1;
			char hex[3] = { p[1], p[2], 0 };
			c = (int)strtol(hex, NULL, 16);
			if (c == 0)
				return -1;
			p += 2;
		}
		if (n + 1 >= outsz)
			return -1;
		out[n++] = (char)c;
	}
	out[n] = '\0';
	return 0;
}

/* The lexical part of the fence; NULL when fine, else the reason. */
static const char *lexical_check(const char *rel)
{
	if (!*rel)
		return "empty path";
	if (rel[0] == '/')
		return "absolute paths are not allowed";
	if (strchr(rel, '\\'))
		return "backslashes are not allowed in paths";
	for (const char *p = rel; *p;) {
		const char *e = strchr(p, '/');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		if (n == 2 && p[0] == '.' && p[1] == '.')
			return "'..' may not leave the input's directory";
		p += n;
		while (*p == '/')
			p++;
	}
	return NULL;
}

static int is_inside(const char *path, const char *dir)
{
	size_t n = strlen(dir);
	if (n == 1 && dir[0] == '/')
		return 1;
	return strncmp(path, dir, n) == 0 && path[n] == '/';
}

/* Open a regular file of at most `cap` bytes (never through a symlink:
 * `path` is a realpath already). */
static gal_fence_status open_regular(const char *path, size_t cap, int *fdp,
				     size_t *size, const char **why)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	gal_fence_status rc = GAL_FENCE_BAD;
	struct stat st;
	if (fd < 0) {
		*why = "cannot open the file";
		goto cleanup;
	}
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		*why = "not a regular file";
		goto cleanup;
	}
	if ((unsigned long long)st.st_size > cap) {
		*why = "file is larger than the input-bytes limit";
		rc = GAL_FENCE_TOO_LARGE;
		goto cleanup;
	}
	*fdp = fd;
	*size = (size_t)st.st_size;
	fd = -1;
	rc = GAL_FENCE_OK;
cleanup:
	if (fd >= 0)
		close(fd);
	return rc;
}

/* Look for `rel` under each base directory in turn; the first directory
 * where it exists decides (a symlink leading out is refused, not skipped). */
static gal_fence_status find_file(const char *rel, const char *input,
				  const char *const *dirs, size_t cap, int *fd,
				  size_t *size, char *shown, size_t shown_size,
				  const char **why)
{
	const char *bases[66];
	size_t nb = 0;
	char indir[PATH_MAX];
	/* how the input's directory is named in messages: as in its path */
	int in_len = 0;

	if (input && *input && strcmp(input, "-")) {
		const char *slash = strrchr(input, '/');
		if (!slash)
			snprintf(indir, sizeof indir, ".");
		else if (slash == input)
			snprintf(indir, sizeof indir, "/");
		else
			snprintf(indir, sizeof indir, "%.*s", (int)(slash - input), input);
		in_len = slash ? (int)(slash - input + 1) : 0;
		bases[nb++] = indir;
	}
	if (dirs)
		for (size_t i = 0; dirs[i] && nb < 64; i++)
			bases[nb++] = dirs[i];
	if (nb == 0) {
		*why = "no directory to look in (input from standard input; "
		       "use --resource-path)";
		return GAL_FENCE_MISSING;
	}
	for (size_t i = 0; i < nb; i++) {
		char rbase[PATH_MAX], cand[PATH_MAX], rpath[PATH_MAX];
		if (!realpath(bases[i], rbase))
			continue;
		int n = snprintf(cand, sizeof cand, "%s/%s", rbase, rel);
		if (n < 0 || (size_t)n >= sizeof cand) {
			*why = "path too long";
			return GAL_FENCE_REFUSED;
		}
		if (!realpath(cand, rpath)) {
			if (errno == ENOENT || errno == ENOTDIR)
				continue;
			*why = errno == ELOOP ? "symlink loop" : "cannot resolve the path";
			return GAL_FENCE_BAD;
		}
		if (!is_inside(rpath, rbase)) {
			*why = "a symlink leads outside the allowed directories";
			return GAL_FENCE_REFUSED;
		}
		if (shown && bases[i] == indir)
			snprintf(shown, shown_size, "%.*s%s", in_len, input, rel);
		else if (shown)
			snprintf(shown, shown_size, "%s/%s", bases[i], rel);
		return open_regular(rpath, cap, fd, size, why);
	}
	*why = "file not found";
	return GAL_FENCE_MISSING;
}

gal_fence_status gal_fence_open(const char *ref, const char *input,
				const char *const *dirs, size_t cap, int *fd,
				size_t *size, char *shown, size_t shown_size,
				const char **why)
{
	/* URI references are percent-encoded; check the decoded form, so
	 * %2e%2e is a '..' too */
	char path[PATH_MAX];
	if (pct_decode(ref, path, sizeof path)) {
		*why = "malformed or overlong path";
		return GAL_FENCE_REFUSED;
	}
	if ((*why = lexical_check(path)))
		return GAL_FENCE_REFUSED;
	gal_fence_status st = find_file(path, input, dirs, cap, fd, size, shown,
					shown_size, why);
	/* a file whose name really contains '%' */
	if (st == GAL_FENCE_MISSING && strchr(ref, '%') && !lexical_check(ref))
		st = find_file(ref, input, dirs, cap, fd, size, shown, shown_size, why);
	return st;
}
