/* Reports of a batch: JSON (--report, DESIGN.md "Report") and JUnit XML
 * (--junit). Both are written atomically through a file sink ("-" means
 * standard output). */
#ifndef GAL_REPORT_H
#define GAL_REPORT_H

#include "cli/batch.h"

/* How the run was made, for the report to say: what produced these
 * outputs, and when. */
typedef struct gal_run_info {
	int64_t started;              /* wall clock, seconds since 1970 (UTC) */
	const char *style_name;       /* the style used ("brief") */
	const char *style_path;       /* its file; NULL or "" when built in */
	char *const *argv;            /* the command line as given, argc */
	int argc;                     /* words from argv[1] on */
	const char *const *to;        /* the output formats, n_to of them */
	size_t n_to;
	const char *from;             /* "auto", "jats", ... */
	const char *paper;            /* --paper, or NULL */
	int jobs, check, strict, update, toc, embed_fonts;
	unsigned shard_k, shard_n;    /* 0/0 without --shard */
	const char *const *resource_paths; /* NULL-terminated, may be NULL */
	const gal_meta_override *meta;/* -M, or NULL */
	const gal_limits *limits;
} gal_run_info;

/* Write the JSON report of every input of b. With --collection, coll is
 * the result of binding them (its outputs, messages) and title its title,
 * reported as a top-level "collection" object; else both NULL. total_ms
 * is the wall time of the whole run; run (may be NULL) adds "started",
 * "style", "command" and "options". 0 or GAL_E_IO (err filled). */
int gal_report_json(const char *path, const gal_batch *b,
		    const gal_result *coll, const char *title,
		    int64_t total_ms, const gal_run_info *run, gal_err *err);

/* Write JUnit XML: one <testsuite name="galley">, one <testcase> per
 * input (classname = directory of the input, name = its path), a
 * <failure> with every error message for failed inputs, warnings in
 * <system-err>; a collection is one more test case named by its title.
 * 0 or GAL_E_IO. */
int gal_report_junit(const char *path, const gal_batch *b,
		     const gal_result *coll, const char *title,
		     int64_t total_ms, gal_err *err);

#endif
