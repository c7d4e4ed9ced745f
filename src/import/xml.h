/* Safe XML loading (libxml2, local catalog only), source positions, and
 * sniffing. */
#ifndef GAL_XML_H
#define GAL_XML_H

#include <libxml/tree.h>
#include "galley.h"

/* Parse with XML_PARSE_NONET | XML_PARSE_BIG_LINES through the project's
 * catalog; never NOENT, HUGE, XINCLUDE or DTDVALID. Undefined entities,
 * libxml2 limits and malformed input are GAL_E_XML with FILE:LINE:COL. */
int gal_xml_parse(const char *name, const char *data, size_t len,
		  const gal_opts *opts, xmlDocPtr *out, gal_err *err);

/* The vocabulary of a parsed document, or GAL_FMT_AUTO when unknown. */
gal_format gal_xml_sniff(xmlDocPtr xml);

/* ---- source positions ----
 * libxml2 keeps a line, not a column, on tree nodes; columns are found
 * again in the input. The pipeline names the input being imported (one
 * import at a time per process; workers are processes). */

/* The bytes of the input being imported (borrowed until _end). */
void gal_xml_source_begin(const char *data, size_t len);
void gal_xml_source_end(void);
/* Source line of an XML node (0 when unknown). */
int gal_imp_line(const xmlNode *n);
/* Column of an element's start tag, searched after the last one found
 * (best when called in document order); 0 when unknown. */
int gal_imp_col(const xmlNode *n);
/* Column of an element's start tag, searched on its whole line: 1 when
 * not found, 0 without a current input. */
int gal_xml_col(const xmlNode *n);
/* Column for a warning at an element (its own cursor, so warnings do not
 * disturb gal_imp_col); 0 when unknown. */
int gal_xml_warn_col(const xmlNode *el);

#endif
