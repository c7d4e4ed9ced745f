/* Batches of inputs: walking directories, naming outputs, refusing
 * collisions, sharding, --update, and running conversions in worker
 * processes with results reported back in input order. */
#ifndef GAL_BATCH_H
#define GAL_BATCH_H

#include <stddef.h>
#include <stdint.h>
#include "base/buf.h"
#include "galley.h"

enum { GAL_MSG_WARNING = 0, GAL_MSG_ERROR = 1 };

/* One message about an input, as printed and reported. */
typedef struct gal_msg {
	int severity;      /* GAL_MSG_* */
	char *file;        /* what it is about: the input, or an output path */
	int line, col;     /* 0 when unknown */
	char *code;        /* warnings: short tag ("unknown-element"); may be NULL */
	char *text;
} gal_msg;

/* One output written. */
typedef struct gal_outfile {
	char *path;        /* "-" for standard output */
	char *format;      /* "pdf", "epub", "dump", "layout" */
	uint64_t bytes;
	char sha256[65];   /* lower-case hex; "" when not known */
} gal_outfile;

/* The outcome of converting one input. */
typedef struct gal_result {
	int done;          /* filled (by a worker or in process) */
	int failed;
	int skipped;       /* --update: outputs already up to date */
	char *format;      /* input vocabulary ("jats"); NULL when unknown */
	gal_msg *msgs;
	size_t n_msgs, cap_msgs;
	gal_outfile *outs;
	size_t n_outs, cap_outs;
	int pages;         /* PDF pages, 0 when no PDF */
	int64_t ms;        /* wall time of the conversion */
} gal_result;

typedef struct gal_input {
	char *path;        /* as given, or ARG/REL/NAME.xml when found in ARG */
	char *stem;        /* output name without extension: REL/NAME */
	char **outputs;    /* one per format, after gal_batch_name; "-" = stdout */
	size_t n_outputs;
	gal_result res;
} gal_input;

typedef struct gal_batch {
	gal_input *in;
	size_t n, cap;
} gal_batch;

#define GAL_BATCH_INIT { NULL, 0, 0 }

/* Add an input argument: a file, "-" (standard input), or a directory,
 * walked recursively for *.xml in byte order of names (deterministic).
 * Hidden entries and symbolic links to directories are not followed.
 * GAL_E_USAGE (err filled) when it does not exist or a directory holds
 * no input. */
int gal_batch_add(gal_batch *b, const char *arg, gal_err *err);

/* FNV-1a, 64 bits, of a NUL-terminated string. Cannot fail. */
uint64_t gal_fnv1a64(const char *s);

/* Keep only the inputs of shard k (1-based) of n: input i belongs to
 * shard 1 + FNV-1a-64(path) mod n. Cannot fail. */
void gal_batch_shard(gal_batch *b, unsigned k, unsigned n);

/* Parse "K/N" (1 <= K <= N); 0 or GAL_E_USAGE. */
int gal_shard_parse(const char *s, unsigned *k, unsigned *n);

/* Name every output (DESIGN.md "Output names"). `out` is the -o value
 * or NULL; `exts` the extensions of the chosen formats ("pdf"). Usage
 * errors (GAL_E_USAGE, err filled, nothing written): "-o -" with more
 * than one output, input from "-" without -o, two outputs with the same
 * path, an output that would overwrite an input. */
int gal_batch_name(gal_batch *b, const char *out, const char *const *exts,
		   size_t n_formats, gal_err *err);

/* File-name stem for a collection title: lower-cased (Unicode), letters,
 * digits and non-ASCII characters kept, every other run of characters
 * one '-', none at either end; "collection" when nothing is left
 * ("Daily Brief: 3 May" -> "daily-brief-3-may"). Caller frees. */
char *gal_slug(const char *title);

/* Name a collection's outputs (one per format) as gal_batch_name names an
 * input's: "-o -" (one format), "-o FILE" (one format), else
 * DIR/SLUG.EXT with DIR from -o or the current directory. Usage errors:
 * "-o -" with several formats, an output that would overwrite an input.
 * *paths is a new array of n_formats strings (free each, then it). */
int gal_collection_name(const gal_batch *b, const char *title, const char *out,
			const char *const *exts, size_t n_formats,
			char ***paths, gal_err *err);

/* Create the directories an output path needs (mkdir -p of its parent).
 * 0 or GAL_E_IO. */
int gal_mkdirs_for(const char *path, gal_err *err);

/* The languages the inputs declare on their root element (xml:lang or
 * lang in the first 4 KiB), distinct, first seen first, at most `max`;
 * "en" for an input that declares none. For loading what workers share
 * before they fork; a guess is harmless (a worker loads what is missing). */
size_t gal_batch_langs(const gal_batch *b, char (*langs)[32], size_t max);

/* --update: mark inputs whose every output exists and is newer than the
 * input and than `also` (the style file; may be NULL) as skipped. */
void gal_batch_mark_uptodate(gal_batch *b, const char *also);

/* ---- results ------------------------------------------------------------ */

void gal_result_msg(gal_result *r, int severity, const char *file, int line,
		    int col, const char *code, const char *text);
/* Record an output of `bytes` bytes with the given SHA-256 (hex); with
 * sha256 NULL, both are found by reading `path` back (unless it is "-"). */
void gal_result_output(gal_result *r, const char *path, const char *format,
		       uint64_t bytes, const char *sha256);
int gal_result_warnings(const gal_result *r);
int gal_result_errors(const gal_result *r);
void gal_result_clear(gal_result *r);

/* ---- running ------------------------------------------------------------- */

/* Convert one input, filling res (messages, outputs, pages, failed).
 * Runs in a worker process, or in process. */
typedef void (*gal_convert_fn)(void *ctx, gal_input *in, gal_result *res);
/* Called in the parent once per input, in input order, when its result
 * (and every earlier one) is known. It appends what is to be shown on
 * standard error to `text`; the batch prints it (around the progress
 * line). */
typedef void (*gal_done_fn)(void *ctx, gal_input *in, gal_buf *text);

typedef struct gal_run_opts {
	int jobs;          /* worker processes; <= 0: in process */
	int progress;      /* draw a progress line on stderr */
} gal_run_opts;

/* Run every input that is not skipped. Workers are forked from the
 * calling process (so fonts and styles loaded before are shared); a
 * worker that dies fails its input and is replaced. Returns the number
 * of failed inputs. */
size_t gal_batch_run(gal_batch *b, const gal_run_opts *ro, gal_convert_fn conv,
		     gal_done_fn done, void *ctx);

/* The one line that ends a batch on standard error, appended to out:
 * "galley: 12 inputs, 11 converted, 1 failed, 3 warnings, 2.4 s" (input
 * by input, in b's results). "checked" under --check (check), "bound"
 * for a collection (coll: its result, whose failure and warnings count
 * too), and "N up to date" when --update skipped some. Cannot fail. */
void gal_batch_summary(const gal_batch *b, const gal_result *coll, int check,
		       int64_t ms, gal_buf *out);

/* Stop workers and remove temporary files: for SIGINT/SIGTERM handlers
 * (async-signal-safe). */
void gal_batch_kill_workers(void);

void gal_batch_free(gal_batch *b);

#endif
