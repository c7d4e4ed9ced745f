/* libxml2's parse errors in plain words, with the fix. */
#ifndef GAL_XML_MESSAGES_H
#define GAL_XML_MESSAGES_H

#include <stddef.h>

/* What a libxml2 parse error means to the person who wrote the file, and
 * what to do about it: "a bare & must be written &amp;" for
 * "xmlParseEntityRef: no name". `code` is the error's code (xmlError's
 * code, an xmlParserErrors value), `message` its text, whose quoted names
 * (tags, lines, bytes) the plain wording keeps. The result is one line,
 * written to buf (size bytes, always NUL-terminated, cut if too long) and
 * returned; an error it does not know keeps libxml2's text, on one line.
 * Cannot fail. */
const char *gal_xml_plain_message(int code, const char *message, char *buf,
				  size_t size);

#endif
