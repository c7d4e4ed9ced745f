/* Growable byte buffers. Allocation failure aborts (xmalloc). */
#ifndef GAL_BUF_H
#define GAL_BUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct gal_buf {
	char *data;     /* always NUL-terminated when non-NULL */
	size_t len, cap;
} gal_buf;

#define GAL_BUF_INIT { NULL, 0, 0 }

void gal_buf_put(gal_buf *b, const void *data, size_t len);
void gal_buf_puts(gal_buf *b, const char *s);
void gal_buf_putc(gal_buf *b, char c);
void gal_buf_printf(gal_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void gal_buf_vprintf(gal_buf *b, const char *fmt, va_list ap);
void gal_buf_reset(gal_buf *b);      /* len = 0, keeps memory */
void gal_buf_free(gal_buf *b);       /* releases memory */
/* Append the whole file at `path` (the buffer stays NUL-terminated, also
 * for an empty file); -1 when it cannot be opened or read, with the
 * buffer as it was. */
int gal_buf_read_file(gal_buf *b, const char *path);
/* Hand the bytes over: caller frees with free(). Buffer is left empty. */
char *gal_buf_detach(gal_buf *b, size_t *len);

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);

/* All n bytes from or to fd, across short transfers and EINTR; 0, or -1
 * at an error or (reading) the end of the file first. */
int gal_read_full(int fd, void *p, size_t n);
int gal_write_full(int fd, const void *p, size_t n);

/* Put the process heap on transparent huge pages (heap.c); call once,
 * first thing in main. */
void gal_heap_init(void);

/* Builds whose allocator is a sanitizer's rather than glibc's malloc. */
#if defined(__SANITIZE_ADDRESS__)
#define GAL_SANITIZER_ALLOCATOR 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(memory_sanitizer)
#define GAL_SANITIZER_ALLOCATOR 1
#endif
#endif

#endif
