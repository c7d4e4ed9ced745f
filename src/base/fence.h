/* The resource fence (DESIGN.md, "Resources"): which files a document
 * may make galley read besides itself. Images, external entities and
 * XIncludes go through the same gate. */
#ifndef GAL_FENCE_H
#define GAL_FENCE_H

#include <stddef.h>

typedef enum {
	GAL_FENCE_OK,
	GAL_FENCE_MISSING,  /* not found (or nowhere to look) */
	GAL_FENCE_REFUSED,  /* outside the fence */
	GAL_FENCE_TOO_LARGE,/* larger than the caller allows */
	GAL_FENCE_BAD       /* there, but not a readable regular file */
} gal_fence_status;

/* A URL of any scheme ("http:", "file:", "data:" ...) or a network path
 * ("//host/..."), which is never read as a file. */
int gal_fence_is_url(const char *ref);

/* Open the file that `ref`, a relative URI reference as written in the
 * document, names below the directory of `input` (the input file's path;
 * none for NULL, "" or "-") or below one of `dirs` (NULL-terminated, may
 * be NULL), the first directory where it exists deciding. Refused:
 * absolute paths, backslashes, any ".." component (also percent-encoded),
 * paths whose realpath (symlinks followed) leaves that directory, and
 * files larger than `cap` bytes. On GAL_FENCE_OK *fd is open for reading
 * (the caller closes it), *size is the file's size, and `shown` (when not
 * NULL) gets the file's name for messages: the directory as given, then
 * the reference. Otherwise *why is a short reason. URLs are the caller's
 * to refuse first (gal_fence_is_url). */
gal_fence_status gal_fence_open(const char *ref, const char *input,
				const char *const *dirs, size_t cap, int *fd,
				size_t *size, char *shown, size_t shown_size,
				const char **why);

#endif
