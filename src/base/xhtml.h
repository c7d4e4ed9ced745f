/* XHTML/XML escaping: every string that reaches markup (the EPUB's, the
 * fontconfig files we write) goes through here, so text from any input
 * stays well-formed. */
#ifndef GAL_XHTML_H
#define GAL_XHTML_H

#include <stddef.h>

#include "base/buf.h"

/* Append text content: & < > escaped, characters XML forbids dropped
 * (C0 controls but tab/newline/CR, U+FFFE/U+FFFF), invalid UTF-8 replaced
 * by U+FFFD. NULL appends nothing. Cannot fail. */
void gal_xhtml_text(gal_buf *b, const char *s);
/* Same for a length-delimited string. */
void gal_xhtml_textn(gal_buf *b, const char *s, size_t len);
/* Append an attribute value (without quotes): as text, plus " escaped and
 * tab/newline/CR written as character references so they survive
 * attribute-value normalisation. */
void gal_xhtml_attr(gal_buf *b, const char *s);

/* Append `id` as an XML name without colons (an NCName, as epubcheck
 * demands of id attributes): characters not allowed become '_', a bad
 * first character gets an "id-" prefix. The mapping is deterministic, so
 * links and targets agree. An empty or NULL id appends "id-". */
void gal_xhtml_id(gal_buf *b, const char *id);
/* Whether s is already such a name. */
int gal_xhtml_is_ncname(const char *s);

/* Append url as a URI (RFC 3986) may hold it: bytes it may not hold are
 * percent-encoded — controls, space, " < > \ ^ ` { | }, every non-ASCII
 * byte (a URI, not an IRI: epubcheck refuses e.g. U+200A inside one),
 * a second '#', a '%' not followed by two hex digits, '[' and ']'
 * outside the authority's IP literal — and the rest is kept, so an
 * encoded URL comes out as it went in. NULL appends nothing. */
void gal_url_encode(gal_buf *b, const char *url);
/* Append a URL for an href: gal_url_encode, then attribute-escaped. */
void gal_xhtml_url(gal_buf *b, const char *url);

/* Whether `lang` is usable as a BCP 47 tag ("en", "de-CH", "zh-Hant-TW"):
 * 1-8 alphanumerics per subtag separated by '-' or '_'. */
int gal_xhtml_lang_ok(const char *lang);
/* Append the tag with '_' written as '-'. */
void gal_xhtml_lang(gal_buf *b, const char *lang);

#endif
