/* Output sinks: an atomic file, a memory buffer, or standard output.
 *
 * A file sink writes an unnamed file (O_TMPFILE) in the target's
 * directory, fsyncs it and links it in under the target's name on close,
 * so readers see the old file or the whole new one, never a torn one. A
 * target that exists already is replaced by a rename from a temporary
 * name. Where the file system or /proc cannot do that, the sink writes
 * "NAME.XXXXXX.tmp" beside the target and renames it. Temporary names are
 * kept in a fixed registry that a signal handler may walk
 * (gal_sink_cleanup_all): registration blocks signals, so the handler
 * never sees a half-updated slot. An unnamed file needs no cleaning: the
 * kernel drops it with the process. A target that is no regular file
 * (/dev/null, a FIFO) is written in place: replacing it would break it. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>

#include "base/buf.h"
#include "base/sink.h"

enum { SINK_FILE, SINK_MEMORY, SINK_STDOUT };

/* Writes are gathered into a buffer of this size before write(2): the
 * renderers emit many small pieces. */
#define SINK_BUFSZ 65536

struct gal_sink {
	int kind;
	int fd;               /* file and stdout sinks */
	char *path;           /* target (file sinks) */
	char *tmp;            /* temporary name (file sinks); NULL while the
			         file is unnamed (O_TMPFILE) */
	int direct;           /* the target is no regular file (a device, a
			         FIFO): written in place, never replaced */
	int slot;             /* registry slot, -1 when none */
	gal_buf mem;          /* memory sink contents */
	unsigned char *out;   /* write buffer (file and stdout sinks) */
	size_t outlen;
	int error;            /* first errno; sticky */
	long fail_after;      /* fault injection: bytes that still fit; 0 = off */
	uint64_t bytes;       /* written so far */
	GChecksum *sha;       /* SHA-256 of what was written, when asked for */
};

/* ---- the registry of temporary files ------------------------------------ */

/* A process writes a handful of outputs at once (one per format); 64 is
 * far more than we ever hold open. A sink that finds no free slot still
 * works; it just is not cleaned up by a signal. */
#define SINK_SLOTS 64
/* Atomic slots: a worker's committer thread frees sinks while its main
 * thread opens new ones, and lock-free pointer atomics are also what a
 * signal handler may read. */
static _Atomic(char *) registry[SINK_SLOTS];

static void block_signals(sigset_t *old)
{
	sigset_t all;
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, old);
}

static void restore_signals(const sigset_t *old)
{
	pthread_sigmask(SIG_SETMASK, old, NULL);
}

static int registry_add(char *tmp)
{
	sigset_t old;
	int slot = -1;
	block_signals(&old);
	for (int i = 0; i < SINK_SLOTS && slot < 0; i++) {
		char *expected = NULL;
		if (atomic_compare_exchange_strong(&registry[i], &expected, tmp))
			slot = i;
	}
	restore_signals(&old);
	return slot;
}

static void registry_remove(int slot)
{
	if (slot < 0)
		return;
	sigset_t old;
	block_signals(&old);
	atomic_store(&registry[slot], NULL);
	restore_signals(&old);
}

/* Async-signal-safe: only unlink(2) over a static array. */
void gal_sink_cleanup_all(void)
{
	for (int i = 0; i < SINK_SLOTS; i++) {
		char *tmp = atomic_load(&registry[i]);
		if (tmp)
			unlink(tmp);
	}
}

/* ---- helpers ------------------------------------------------------------ */

static mode_t file_mode(void)
{
	/* New outputs get 0666 less the umask, as an ordinary open() would;
	 * mkstemp alone gives 0600. umask can only be read by setting it. */
	static int have;
	static mode_t mask;
	if (!have) {
		mask = umask(022);
		umask(mask);
		have = 1;
	}
	return 0666 & ~mask;
}

static gal_sink *sink_new(int kind)
{
	gal_sink *s = xcalloc(1, sizeof *s);
	s->kind = kind;
	s->fd = -1;
	s->slot = -1;
	return s;
}

static void sink_free(gal_sink *s)
{
	if (!s)
		return;
	registry_remove(s->slot);
	if (s->fd >= 0 && s->kind == SINK_FILE)
		close(s->fd);
	free(s->path);
	free(s->tmp);
	free(s->out);
	if (s->sha)
		g_checksum_free(s->sha);
	gal_buf_free(&s->mem);
	free(s);
}

/* gal_write_full with the errno a sink keeps (EIO for a write that
 * wrote nothing and said nothing) */
static int write_all(int fd, const unsigned char *p, size_t n)
{
	errno = 0;
	return gal_write_full(fd, p, n) == 0 ? 0 : errno ? errno : EIO;
}

static int flush_out(gal_sink *s)
{
	if (s->error)
		return s->error;
	if (s->outlen) {
		int e = write_all(s->fd, s->out, s->outlen);
		s->outlen = 0;
		if (e)
			s->error = e;
	}
	return s->error;
}

/* The file an error is about. A file sink's path dies with the sink, and
 * gal_err.file must outlive the message: file sinks leave it NULL and the
 * caller, who named the file, supplies it. */
static const char *sink_name(const gal_sink *s)
{
	return s->kind == SINK_STDOUT ? "<stdout>" : NULL;
}

/* The directory an output lands in: "." for a bare name, "/" at the top. */
static char *dir_of(const char *path)
{
	char *dir = xstrdup(path);
	char *slash = strrchr(dir, '/');
	if (slash && slash != dir)
		*slash = '\0';
	else
		strcpy(dir, slash ? "/" : ".");
	return dir;
}

/* ---- opening ------------------------------------------------------------ */

static int allow_unnamed = 1;

void gal_sink_allow_unnamed(int on)
{
	allow_unnamed = on;
}

/* An unnamed file in path's directory, or -1. Naming it later goes
 * through /proc/self/fd (linkat with AT_EMPTY_PATH wants a capability),
 * so without /proc there is none. Creating a file this way does not lock
 * the directory, which the worker converting the next input and the
 * committer renaming the last one otherwise contend for: a batch is 5%
 * quicker. */
static int open_unnamed(const char *path)
{
	static int no_proc = -1;
	if (!allow_unnamed)
		return -1;
	if (no_proc < 0)
		no_proc = access("/proc/self/fd", X_OK) != 0;
	if (no_proc)
		return -1;
	char *dir = dir_of(path);
	int fd = open(dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, file_mode());
	free(dir);
	return fd;
}

int gal_sink_open_file(const char *path, gal_sink **out, gal_err *err)
{
	gal_sink *s = NULL;
	int rc = GAL_OK;
	*out = NULL;

	s = sink_new(SINK_FILE);
	s->path = xstrdup(path);
	/* -o /dev/null or a pipe's name: a rename would put a plain file in
	 * the device's place, and a reader of the pipe would wait for ever */
	struct stat st;
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) {
		s->direct = 1;
		s->fd = open(path, O_WRONLY | O_CLOEXEC);
		if (s->fd < 0) {
			rc = gal_err_set(err, GAL_E_IO, NULL, 0, 0,
					 "cannot write: %s", strerror(errno));
			goto cleanup;
		}
		goto opened;
	}
	s->fd = open_unnamed(path);
	if (s->fd >= 0)
		goto opened;
	size_t n = strlen(path);
	s->tmp = xmalloc(n + 16);
	snprintf(s->tmp, n + 16, "%s.XXXXXX.tmp", path);
	s->slot = registry_add(s->tmp);
	/* mkstemps writes the name in place, so the registry already holds
	 * the final name once the file exists. Until then the template names
	 * no file and a cleanup unlink is a harmless ENOENT. */
	s->fd = mkstemps(s->tmp, 4);
	if (s->fd < 0) {
		rc = gal_err_set(err, GAL_E_IO, NULL, 0, 0,
				 "cannot write: %s", strerror(errno));
		goto cleanup;
	}
	if (fchmod(s->fd, file_mode()) != 0) {
		rc = gal_err_set(err, GAL_E_IO, NULL, 0, 0,
				 "cannot write: %s", strerror(errno));
		goto cleanup;
	}
opened:
	s->out = xmalloc(SINK_BUFSZ);
	*out = s;
	s = NULL;

cleanup:
	if (s) {
		if (s->fd >= 0 && s->tmp)
			unlink(s->tmp);
		sink_free(s);
	}
	return rc;
}

gal_sink *gal_sink_new_memory(void)
{
	return sink_new(SINK_MEMORY);
}

gal_sink *gal_sink_new_stdout(void)
{
	gal_sink *s = sink_new(SINK_STDOUT);
	s->fd = STDOUT_FILENO;
	s->out = xmalloc(SINK_BUFSZ);
	return s;
}

void gal_sink_fail_after(gal_sink *s, long n)
{
	s->fail_after = n > 0 ? n : 0;
}

void gal_sink_want_digest(gal_sink *s)
{
	if (!s->sha && s->bytes == 0)
		s->sha = g_checksum_new(G_CHECKSUM_SHA256);
}

void gal_sink_digest(gal_sink *s, uint64_t *bytes, char hex[65])
{
	*bytes = s->bytes;
	hex[0] = '\0';
	if (s->sha)
		snprintf(hex, 65, "%s", g_checksum_get_string(s->sha));
}

const char *gal_sink_path(const gal_sink *s)
{
	return s->kind == SINK_FILE ? s->path : NULL;
}

/* ---- writing ------------------------------------------------------------ */

int gal_sink_write(gal_sink *s, const void *data, size_t len)
{
	if (s->error)
		return GAL_E_IO;
	if (len == 0)
		return GAL_OK;
	if (s->fail_after > 0) {
		if ((long)len >= s->fail_after) {
			/* the disk fills in the middle of this write: what fits
			 * is written, then the write fails */
			size_t fits = (size_t)(s->fail_after - 1);
			s->fail_after = 0;
			gal_sink_write(s, data, fits);
			s->error = ENOSPC;
			return GAL_E_IO;
		}
		s->fail_after -= (long)len;
	}
	s->bytes += len;
	if (s->sha)
		g_checksum_update(s->sha, data, (gssize)len);
	if (s->kind == SINK_MEMORY) {
		gal_buf_put(&s->mem, data, len);
		return GAL_OK;
	}
	const unsigned char *p = data;
	if (s->outlen + len > SINK_BUFSZ) {
		if (flush_out(s))
			return GAL_E_IO;
		if (len >= SINK_BUFSZ) {
			int e = write_all(s->fd, p, len);
			if (e) {
				s->error = e;
				return GAL_E_IO;
			}
			return GAL_OK;
		}
	}
	memcpy(s->out + s->outlen, p, len);
	s->outlen += len;
	return GAL_OK;
}

int gal_sink_puts(gal_sink *s, const char *str)
{
	return gal_sink_write(s, str, strlen(str));
}

int gal_sink_printf(gal_sink *s, const char *fmt, ...)
{
	char small[512];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (n < 0) {
		if (!s->error)
			s->error = EINVAL;
		return GAL_E_IO;
	}
	if ((size_t)n < sizeof small)
		return gal_sink_write(s, small, (size_t)n);
	char *big = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	va_end(ap);
	int rc = gal_sink_write(s, big, (size_t)n);
	free(big);
	return rc;
}

const unsigned char *gal_sink_data(const gal_sink *s, size_t *len)
{
	if (s->kind != SINK_MEMORY) {
		if (len)
			*len = 0;
		return NULL;
	}
	if (len)
		*len = s->mem.len;
	return (const unsigned char *)(s->mem.data ? s->mem.data : "");
}

/* ---- committing ----------------------------------------------------------- */

/* Make renames in `dir` durable. Failure here is not an error: the file
 * is complete and in place; only a crash in the next moments could lose
 * the new name, and some file systems refuse fsync on directories. */
static void fsync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
}

/* Directories whose renames wait for gal_sink_sync_dirs (a worker
 * converting many files syncs each directory once, at its end, rather
 * than after every output: half of a brief's fsyncs). */
#define MAX_PENDING_DIRS 64
static char *pending_dirs[MAX_PENDING_DIRS];
static size_t n_pending_dirs;
static int defer_dir_sync;
/* a worker's committer thread and its main thread both reach these */
static pthread_mutex_t pending_lock = PTHREAD_MUTEX_INITIALIZER;

static void sync_pending(void)
{
	for (size_t i = 0; i < n_pending_dirs; i++) {
		fsync_dir(pending_dirs[i]);
		free(pending_dirs[i]);
	}
	n_pending_dirs = 0;
}

void gal_sink_defer_dir_sync(int on)
{
	defer_dir_sync = on;
}

void gal_sink_sync_dirs(void)
{
	pthread_mutex_lock(&pending_lock);
	sync_pending();
	pthread_mutex_unlock(&pending_lock);
}

/* After a rename: sync its directory now, or once later when deferred. */
static void sync_dir_of(const char *path)
{
	char *dir = dir_of(path);
	if (!defer_dir_sync) {
		fsync_dir(dir);
		free(dir);
		return;
	}
	pthread_mutex_lock(&pending_lock);
	for (size_t i = 0; i < n_pending_dirs && dir; i++)
		if (strcmp(pending_dirs[i], dir) == 0) {
			free(dir);
			dir = NULL;
		}
	if (dir) {
		if (n_pending_dirs == MAX_PENDING_DIRS)
			sync_pending();
		pending_dirs[n_pending_dirs++] = dir;
	}
	pthread_mutex_unlock(&pending_lock);
}

/* A worker hands finished file sinks to its committer thread, which
 * fsyncs and renames them while the next input is converted. */
static gal_sink_defer_fn defer_fn;
static void *defer_ctx;

void gal_sink_defer_commit(gal_sink_defer_fn fn, void *ctx)
{
	defer_fn = fn;
	defer_ctx = ctx;
}

static int commit_error(gal_sink *s, gal_err *err)
{
	return gal_err_set(err, GAL_E_IO, sink_name(s), 0, 0,
			   "cannot write: %s", strerror(s->error));
}

/* Give the unnamed file a name: the target's, when there is no target
 * yet; else a temporary one that the rename then moves over the target.
 * Returns 0 or an errno. */
static int name_unnamed(gal_sink *s)
{
	char proc[64];
	snprintf(proc, sizeof proc, "/proc/self/fd/%d", s->fd);
	if (linkat(AT_FDCWD, proc, AT_FDCWD, s->path, AT_SYMLINK_FOLLOW) == 0)
		return 0;
	if (errno != EEXIST)
		return errno;
	/* "NAME.XXXXXX.tmp", the form a batch sweeps after a worker dies */
	size_t n = strlen(s->path) + 16;
	s->tmp = xmalloc(n);
	int e = EEXIST;
	for (unsigned try = 0; try < 100 && e == EEXIST; try++) {
		snprintf(s->tmp, n, "%s.%06x.tmp", s->path,
			 ((unsigned)getpid() * 2654435761u + try) & 0xffffff);
		/* registered before it exists: a signal may come at any time */
		s->slot = registry_add(s->tmp);
		if (linkat(AT_FDCWD, proc, AT_FDCWD, s->tmp, AT_SYMLINK_FOLLOW) == 0)
			return 0;
		e = errno;
		registry_remove(s->slot);
		s->slot = -1;
	}
	free(s->tmp);
	s->tmp = NULL;
	return e;
}

int gal_sink_commit(gal_sink *s, gal_err *err)
{
	int rc = GAL_OK;
	if (s->fd >= 0 && !flush_out(s) && !s->direct && fsync(s->fd) != 0)
		s->error = errno;
	/* named now: as the target, or (tmp set) to be renamed over it */
	if (!s->error && !s->tmp && !s->direct)
		s->error = name_unnamed(s);
	if (s->fd >= 0 && close(s->fd) != 0 && !s->error)
		s->error = errno;
	s->fd = -1;
	if (!s->error && s->tmp && rename(s->tmp, s->path) != 0)
		s->error = errno;
	if (s->error) {
		if (s->tmp)
			unlink(s->tmp);
		rc = commit_error(s, err);
	} else if (!s->direct) {
		sync_dir_of(s->path);
	}
	sink_free(s);
	return rc;
}

int gal_sink_close(gal_sink *s, gal_err *err)
{
	int rc = GAL_OK;
	if (!s)
		return GAL_OK;
	switch (s->kind) {
	case SINK_MEMORY:
		if (s->error)
			rc = commit_error(s, err);
		break;
	case SINK_STDOUT:
		if (flush_out(s))
			rc = commit_error(s, err);
		break;
	case SINK_FILE:
		if (defer_fn && !flush_out(s)) {
			/* what remains is the committer's: the write buffer
			 * is not needed any more */
			free(s->out);
			s->out = NULL;
			defer_fn(s, defer_ctx);
			return GAL_OK;
		}
		return gal_sink_commit(s, err);
	}
	sink_free(s);
	return rc;
}

void gal_sink_abort(gal_sink *s)
{
	if (!s)
		return;
	if (s->kind == SINK_FILE) {
		if (s->fd >= 0)
			close(s->fd);
		s->fd = -1;
		if (s->tmp)
			unlink(s->tmp);
	}
	sink_free(s);
}
