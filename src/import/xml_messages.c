/* libxml2 reports what its parser met ("xmlParseEntityRef: no name",
 * "Input is not proper UTF-8, indicate encoding !" and a "Bytes:" line);
 * the person who wrote the file needs what is wrong in their terms and
 * what to do. One function, fed by the error callback of xml.c. */
#include <libxml/xmlerror.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import/xml_messages.h"

static int starts(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* libxml2's own text, on one line without trailing space */
static const char *as_is(const char *m, char *buf, size_t size)
{
	snprintf(buf, size, "%s", m);
	for (char *p = buf; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	size_t n = strlen(buf);
	while (n && buf[n - 1] == ' ')
		buf[--n] = '\0';
	return buf;
}

/* "Input is not proper UTF-8 ... Bytes: 0xE9 0x3C ...": the first byte
 * is the one that is not UTF-8 */
static const char *not_utf8(const char *m, char *buf, size_t size)
{
	const char *bytes = strstr(m, "Bytes: ");
	char first[8] = "";
	if (bytes)
		sscanf(bytes + 7, "%7s", first);
	snprintf(buf, size, "the file is not UTF-8%s%s%s: declare its encoding, e.g. "
		 "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>, or convert it to UTF-8",
		 *first ? " (byte " : "", first, *first ? " here)" : "");
	return buf;
}

/* a character XML does not allow: typed in the text, or referred to */
static const char *bad_char(const char *m, char *buf, size_t size)
{
	unsigned long v = 0;
	const char *num = strstr(m, "value ");
	const char *hex = strstr(m, "Char 0x");
	if (num)
		v = strtoul(num + 6, NULL, 10);
	else if (hex)
		v = strtoul(hex + 7, NULL, 16);
	else if (strstr(m, "out of bounds"))
		return as_is("a character reference beyond U+10FFFF, the last "
			     "character there is", buf, size);
	else
		return as_is(m, buf, size);
	if (starts(m, "xmlParseCharRef"))
		snprintf(buf, size, "a character reference to U+%04lX, which XML does not "
			 "allow: remove it", v);
	else if (v == 0)
		snprintf(buf, size, "a NUL byte, which XML does not allow: is this a "
			 "text file?");
	else
		snprintf(buf, size, "a control character (U+%04lX), which XML does not "
			 "allow: remove it", v);
	return buf;
}

/* "Opening and ending tag mismatch: p line 3 and body" and "Premature
 * end of data in tag p line 3": a tag left open */
static const char *open_tag(int code, const char *m, char *buf, size_t size)
{
	char open[128] = "", close[128] = "";
	int line = 0;
	const char *mark = code == XML_ERR_TAG_NAME_MISMATCH ? "mismatch: " : "in tag ";
	const char *tail = strstr(m, mark);
	int n = tail ? sscanf(tail + strlen(mark), "%127s line %d and %127s", open,
			      &line, close) : 0;
	if (code == XML_ERR_TAG_NAME_MISMATCH && n == 3)
		snprintf(buf, size, "<%s> (opened on line %d) is not closed before </%s>: "
			 "add </%s>", open, line, close, open);
	else if (code == XML_ERR_TAG_NOT_FINISHED && n >= 2)
		snprintf(buf, size, "the file ends before <%s> (opened on line %d) is "
			 "closed: add </%s>, or is the file cut short?", open, line, open);
	else
		return as_is(m, buf, size);
	return buf;
}

/* a name quoted at the end of the message: "... for attribute b",
 * "Attribute b redefined", "Entity 'x' not defined" */
static const char *named(const char *m, const char *after, const char *fmt,
			 char *buf, size_t size)
{
	char name[128] = "";
	const char *p = strstr(m, after);
	if (!p || sscanf(p + strlen(after), "%127[^' \n]", name) != 1)
		return as_is(m, buf, size);
	snprintf(buf, size, fmt, name, name);
	return buf;
}

static const char *tag_end(const char *m, char *buf, size_t size)
{
	char name[128];
	int line;
	if (sscanf(m, "Couldn't find end of Start Tag %127s line %d", name, &line) == 2)
		snprintf(buf, size, "the start tag <%s> on line %d is missing its closing >",
			 name, line);
	else
		snprintf(buf, size, "a tag is missing its closing >");
	return buf;
}

const char *gal_xml_plain_message(int code, const char *message, char *buf,
				  size_t size)
{
	const char *m = message ? message : "";
	const char *plain = NULL;
	if (!buf || !size)
		return "";
	switch (code) {
	case XML_ERR_NAME_REQUIRED:
		if (starts(m, "xmlParseEntityRef"))
			plain = "a bare & must be written &amp;";
		else if (starts(m, "StartTag"))
			plain = "a bare < must be written &lt; (or a tag's name is not "
				"valid: a name starts with a letter or _)";
		else if (starts(m, "error parsing attribute name"))
			plain = "a start tag is not closed, or an attribute's name is not "
				"valid: is a > missing?";
		break;
	case XML_ERR_ENTITYREF_SEMICOL_MISSING:
		plain = "an entity reference lacks its closing ';': write &name; "
			"(a bare & is written &amp;)";
		break;
	case XML_ERR_INVALID_CHAR:
		return strstr(m, "not proper UTF-8") ? not_utf8(m, buf, size)
			: bad_char(m, buf, size);
	case XML_ERR_INVALID_CHARREF:
		return bad_char(m, buf, size);
	case XML_ERR_INVALID_HEX_CHARREF:
	case XML_ERR_INVALID_DEC_CHARREF:
		plain = "a malformed character reference: write &#x20AC; (hexadecimal) "
			"or &#8364; (decimal)";
		break;
	case XML_ERR_TAG_NAME_MISMATCH:
	case XML_ERR_TAG_NOT_FINISHED:
		return open_tag(code, m, buf, size);
	case XML_ERR_DOCUMENT_EMPTY:
		plain = "this is not XML: the file is empty or does not begin with a tag";
		break;
	case XML_ERR_DOCUMENT_END:
		plain = "more follows the end of the root element: an XML file has one "
			"root element around everything";
		break;
	case XML_ERR_LT_IN_ATTRIBUTE:
		plain = "a < in an attribute value must be written &lt;";
		break;
	case XML_ERR_ATTRIBUTE_NOT_STARTED:
		plain = "an attribute value must be in quotes: name=\"value\"";
		break;
	case XML_ERR_ATTRIBUTE_NOT_FINISHED:
		plain = strstr(m, "too long")
			? "an attribute value longer than libxml2's limit of 10000000 bytes"
			: "an attribute value is not closed by its quote";
		break;
	case XML_ERR_ATTRIBUTE_WITHOUT_VALUE:
		return named(m, "for attribute ", "the attribute %s has no value: "
			     "write %s=\"value\"", buf, size);
	case XML_ERR_ATTRIBUTE_REDEFINED:
		return named(m, "Attribute ", "the attribute %s is given twice in one "
			     "tag: keep one%.0s", buf, size);
	case XML_ERR_UNDECLARED_ENTITY:
	case XML_WAR_UNDECLARED_ENTITY:
		return named(m, "Entity '", "the entity &%s; is not defined: write the "
			     "character itself, or &amp;%s; for the text as it is", buf, size);
	case XML_ERR_HYPHEN_IN_COMMENT:
		plain = "-- inside a comment, which XML does not allow: write it "
			"otherwise, or end the comment with -->";
		break;
	case XML_ERR_COMMENT_NOT_FINISHED:
		plain = "a comment (<!--) is never closed with -->";
		break;
	case XML_ERR_UNSUPPORTED_ENCODING:
		return named(m, "encoding ", "the declared encoding %s is unknown: declare "
			     "UTF-8, ISO-8859-1 or windows-1252, or convert the file to "
			     "UTF-8%.0s", buf, size);
	case XML_ERR_INVALID_ENCODING:
		plain = "the file is not in the encoding it declares: correct "
			"encoding=\"...\" in its <?xml ...?> line, or convert the file";
		break;
	case XML_ERR_RESERVED_XML_NAME:
		plain = "the <?xml ...?> declaration must come first in the file: remove "
			"what is before it, even spaces";
		break;
	case XML_ERR_MISPLACED_CDATA_END:
		plain = "]]> in text must be written ]]&gt;";
		break;
	case XML_ERR_CDATA_NOT_FINISHED:
		plain = "a CDATA section (<![CDATA[) is never closed with ]]>";
		break;
	case XML_ERR_SPACE_REQUIRED:
		if (starts(m, "attributes construct error"))
			plain = "a malformed start tag: separate attributes by spaces and "
				"end the tag with >";
		break;
	case XML_ERR_GT_REQUIRED:
		return tag_end(m, buf, size);
	case XML_ERR_LTSLASH_REQUIRED:
		plain = "a malformed end tag: write </name>";
		break;
	case XML_ERR_ENTITY_LOOP:
		plain = "entities that refer to each other in a loop: an entity cannot "
			"contain itself";
		break;
	case XML_ERR_INTERNAL_ERROR:
		if (starts(m, "Excessive depth"))
			plain = "elements nested more than 256 levels deep, libxml2's limit";
		break;
	default:
		break;
	}
	return as_is(plain ? plain : m, buf, size);
}
