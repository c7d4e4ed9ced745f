/* Reports of a batch: JSON (--report, DESIGN.md "Report") and JUnit XML
 * (--junit). Both are written atomically through a file sink ("-" means
 * standard output). */
#ifndef GAL_REPORT_H
#define GAL_REPORT_H

#include "cli/batch.h"

/* Write the JSON report of every input of b. With --collection, coll is
 * the result of binding them (its outputs, messages) and title its title,
 * reported as a top-level "collection" object; else both NULL. total_ms
 * is the wall time of the whole run. 0 or GAL_E_IO (err filled). */
int gal_report_json(const char *path, const gal_batch *b,
		    const gal_result *coll, const char *title,
		    int64_t total_ms, gal_err *err);

/* Write JUnit XML: one <testsuite name="galley">, one <testcase> per
 * input (classname = directory of the input, name = its path), a
 * <failure> with every error message for failed inputs, warnings in
 * <system-err>; a collection is one more test case named by its title.
 * 0 or GAL_E_IO. */
int gal_report_junit(const char *path, const gal_batch *b,
		     const gal_result *coll, const char *title,
		     int64_t total_ms, gal_err *err);

#endif
