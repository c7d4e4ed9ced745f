/* Safe XML loading (libxml2, local catalog only), source positions, and
 * sniffing. */
#ifndef GAL_XML_H
#define GAL_XML_H

#include <libxml/tree.h>
#include "galley.h"

/* Parse with XML_PARSE_NONET | XML_PARSE_BIG_LINES through the project's
 * catalog; never NOENT, HUGE, XINCLUDE or DTDVALID. External DTDs come
 * from the catalog only; parameter and general external entities the
 * document declares are read through the resource fence (base/fence.h)
 * within opts->limits, and one that is not read fails the load.
 * XIncludes (XInclude 1.0, and its 2003 namespace) are processed once
 * entities are expanded, in any vocabulary: an href resolves against the
 * folder of the file that holds it and is read through the fence, within
 * the same limits; parse="xml" files are parsed as the input is and
 * their own XIncludes processed (a cycle is an error), parse="text"
 * files become text (the encoding attribute's, UTF-8 by default);
 * xpointer may name an id or use element(). A target that is not read
 * has its xi:fallback stand in, with a warning ("xinclude"); without
 * one the load fails, naming every such XInclude. An
 * entity no DTD declares is a warning ("undefined-entity", kept as the
 * text "&name;") when a DTD or parameter entity was not read, a warning
 * ("standard-entity", resolved) for a standard ISO/HTML name in a
 * document with no external DTD, else an error. Errors are GAL_E_XML
 * (GAL_E_LIMIT, GAL_E_STRICT) with FILE:LINE:COL, FILE being the DTD or
 * entity file when the error is inside one. */
int gal_xml_parse(const char *name, const char *data, size_t len,
		  const gal_opts *opts, xmlDocPtr *out, gal_err *err);

/* The local file the project's catalog maps a public or system
 * identifier to (malloc'd), or NULL. */
char *gal_xml_resolve(const char *public_id, const char *system_id);

/* The vocabulary of a parsed document, or GAL_FMT_AUTO when unknown:
 * DocBook 5 by its namespace; NITF and NewsML-G2 by their roots; DocBook
 * 4 by a DOCTYPE that names it, or by a root only DocBook has (<book>,
 * <chapter>, <sect1>, <refentry>... gal_xml_docbook_root); a root named
 * by a common word (<set>, <reference>, <glossary>, <bibliography>) by a
 * child only DocBook puts there (<book>, <refentry>, <glossentry>,
 * <biblioentry>, <para>...); an <article> by its first telling child
 * (<front>: JATS, <head>: native, <articleinfo>, <para>, <section>...:
 * DocBook 4). */
gal_format gal_xml_sniff(xmlDocPtr xml);
/* gal_xml_sniff, and what it went by written to clue (size bytes, may be
 * NULL), for messages: "the root <article> with <front>"; empty when the
 * vocabulary is unknown. */
gal_format gal_xml_sniff_clue(xmlDocPtr xml, char *clue, size_t size);
/* Whether a DocBook document may have a root of this (local) name: a
 * set, division, component or section (set, book, part, reference,
 * chapter, appendix, preface, article, glossary, bibliography, section,
 * sect1...sect5, simplesect), a man page or one of its sections
 * (refentry, refsynopsisdiv, refsect1...refsect3, refsection). */
int gal_xml_docbook_root(const char *name);
/* Whether the importer of fmt can read a document with this root: an
 * <article> (native, JATS); DocBook's roots (gal_xml_docbook_root), any
 * element of the DocBook 5 namespace, or any root under a DocBook
 * DOCTYPE; <nitf>; <newsItem> or <newsMessage>. */
int gal_xml_root_fits(gal_format fmt, const xmlNode *root);

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
