/* Growable buffers and the allocation wrappers: running out of memory
 * aborts (as in cmark), so call sites carry no NULL checks. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/buf.h"

static void oom(void)
{
	fputs("galley: out of memory\n", stderr);
	abort();
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom();
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		oom();
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		oom();
	return p;
}

char *xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	return memcpy(xmalloc(n), s, n);
}

static void grow(gal_buf *b, size_t extra)
{
	size_t need = b->len + extra + 1;
	if (need <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap *= 2;
	b->data = xrealloc(b->data, cap);
	b->cap = cap;
}

void gal_buf_put(gal_buf *b, const void *data, size_t len)
{
	grow(b, len);
	if (len)
		memcpy(b->data + b->len, data, len);
	b->len += len;
	b->data[b->len] = '\0';
}

void gal_buf_puts(gal_buf *b, const char *s)
{
	gal_buf_put(b, s, strlen(s));
}

void gal_buf_putc(gal_buf *b, char c)
{
	gal_buf_put(b, &c, 1);
}

void gal_buf_vprintf(gal_buf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return;
	grow(b, (size_t)n);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void gal_buf_printf(gal_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	gal_buf_vprintf(b, fmt, ap);
	va_end(ap);
}

void gal_buf_reset(gal_buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

void gal_buf_free(gal_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

char *gal_buf_detach(gal_buf *b, size_t *len)
{
	char *p = b->data ? b->data : xcalloc(1, 1);
	if (len)
		*len = b->len;
	b->data = NULL;
	b->len = b->cap = 0;
	return p;
}

int gal_buf_read_file(gal_buf *b, const char *path)
{
	FILE *f = fopen(path, "rb");
	char chunk[65536];
	size_t n;

	if (!f)
		return -1;
	size_t start = b->len;
	int had = b->data != NULL;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		gal_buf_put(b, chunk, n);
	int bad = ferror(f);
	fclose(f);
	if (bad) {
		if (!had) {
			gal_buf_free(b);
		} else {
			b->len = start;
			b->data[start] = '\0';
		}
		return -1;
	}
	if (!b->data)
		gal_buf_put(b, "", 0);
	return 0;
}

/* Both directions' loop: p is written to only when reading, where the
 * caller's buffer is writable. */
static int full_io(int fd, unsigned char *p, size_t n, int out)
{
	while (n > 0) {
		ssize_t k = out ? write(fd, p, n) : read(fd, p, n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		p += k;
		n -= (size_t)k;
	}
	return 0;
}

int gal_read_full(int fd, void *p, size_t n)
{
	return full_io(fd, p, n, 0);
}

int gal_write_full(int fd, const void *p, size_t n)
{
	return full_io(fd, (void *)p, n, 1); /* only read from */
}
