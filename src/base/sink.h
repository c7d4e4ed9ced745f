/* Output sinks: where a renderer writes. An atomic file (temporary file in
 * the target directory, fsynced, renamed on close), a memory buffer, or
 * standard output. Errors are sticky: after a failed write every later
 * write fails too and close reports the first error. */
#ifndef GAL_SINK_H
#define GAL_SINK_H

#include <stddef.h>
#include <stdint.h>
#include "galley.h"

/* Open an atomic file sink for `path`. The target is untouched until
 * gal_sink_close succeeds. Fails with GAL_E_IO (directory missing or not
 * writable). Errors of file sinks leave err->file NULL (the path does not
 * outlive the sink): the caller knows which file it was. */
int gal_sink_open_file(const char *path, gal_sink **out, gal_err *err);
gal_sink *gal_sink_new_memory(void);
gal_sink *gal_sink_new_stdout(void);

int gal_sink_write(gal_sink *s, const void *data, size_t len);
int gal_sink_puts(gal_sink *s, const char *str);
int gal_sink_printf(gal_sink *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Commit: file sinks fsync and rename over the target; stdout flushes.
 * Returns 0 or GAL_E_IO (then nothing was committed and the temporary
 * file is gone). The sink is freed either way. */
int gal_sink_close(gal_sink *s, gal_err *err);

/* A file sink's whole commit (fsync, close, rename; frees the sink), for
 * the function that gal_sink_defer_commit installs. Same result as
 * gal_sink_close. */
int gal_sink_commit(gal_sink *s, gal_err *err);

/* With a defer function installed, gal_sink_close of a file sink writes
 * out its buffer and hands the sink to fn instead of committing it; fn
 * must see that gal_sink_commit is called, in order, later (a worker's
 * committer thread fsyncs while the next input is converted). Errors of
 * the write-out are still reported by gal_sink_close. NULL: commit in
 * gal_sink_close, as by default. */
typedef void (*gal_sink_defer_fn)(gal_sink *s, void *ctx);
void gal_sink_defer_commit(gal_sink_defer_fn fn, void *ctx);

/* Ask for a SHA-256 of what is written (before the first write). */
void gal_sink_want_digest(gal_sink *s);
/* Bytes written so far and, when asked for, their SHA-256 in lower-case
 * hex ("" otherwise). Call once, just before closing. */
void gal_sink_digest(gal_sink *s, uint64_t *bytes, char hex[65]);
/* The target of a file sink; NULL for others. */
const char *gal_sink_path(const gal_sink *s);

/* With deferral on, gal_sink_close leaves the directory fsync that makes
 * a rename durable to gal_sink_sync_dirs, which syncs each directory
 * once. The output files themselves are always synced before their
 * rename, so a crash can lose a new name, never leave half a file. */
void gal_sink_defer_dir_sync(int on);
void gal_sink_sync_dirs(void);
/* Discard everything written; the target stays as it was. Frees. */
void gal_sink_abort(gal_sink *s);

/* Memory sinks: the bytes written so far (borrowed). */
const unsigned char *gal_sink_data(const gal_sink *s, size_t *len);

/* Fault injection for the unit tests: the disk is full after N-1 more
 * bytes. The write that reaches the Nth byte writes what fits and fails
 * as a full disk would (ENOSPC). 0 disables. (The command-line tests
 * fill the disk under galley instead: tests/cli/faults.c.) */
void gal_sink_fail_after(gal_sink *s, long n);

/* Remove any temporary file of every open file sink (signal handlers:
 * async-signal-safe). */
void gal_sink_cleanup_all(void);

/* Whether file sinks may write an unnamed file (O_TMPFILE) and name it
 * at commit, as by default; off, each writes under a temporary name from
 * the start, as they do wherever unnamed files are not to be had. The
 * tests run both ways. */
void gal_sink_allow_unnamed(int on);

#endif
