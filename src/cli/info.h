/* What the command line prints without converting anything: --help,
 * --version, the lists (--list-styles, --list-input-formats,
 * --list-output-formats), a style's values (--print-style), and the
 * words shared with usage errors (format lists, "did you mean"). */
#ifndef GAL_INFO_H
#define GAL_INFO_H

#include <stddef.h>

#include "base/buf.h"
#include "galley.h"

/* --help on standard output. */
void gal_cli_help(void);

/* --version on standard output; the exit status (0). */
int gal_cli_version(void);

/* The input formats as --from spells them, "auto (default)" first when
 * mark_default: "auto (default), article, jats, ...". */
void gal_cli_input_formats(gal_buf *o, int mark_default);

/* The names of the styles --style finds in the data directory (their
 * files' names without .ini), sorted, brief always among them; a
 * NULL-terminated array of n strings (free each, then it). */
char **gal_cli_style_names(size_t *n);
void gal_cli_free_names(char **names);

/* --list-styles, --list-input-formats: one name per line on standard
 * output. --list-output-formats prints the n names given. */
void gal_cli_list_styles(void);
void gal_cli_list_input_formats(void);
void gal_cli_list_names(const char *const *names, size_t n);

/* Print why the style `name` could not be loaded (err from
 * gal_style_load) on standard error: FILE:LINE: error: MESSAGE, and for a
 * style name that names no file, the nearest style there is. */
void gal_cli_style_error(const char *name, const gal_err *err);

/* When the data directory does not hold galley's data: where it was
 * looked for and how to name it (appended to o, one line); nothing when
 * it does. */
void gal_cli_data_hint(gal_buf *o);

/* --print-style: every resolved value of the style, as a style file, on
 * standard output; toc sets its toc (--toc). The exit status: 0, or 2
 * when it cannot be loaded (printed). */
int gal_cli_print_style(const char *name, int toc);

#endif
