/* libxml2's parse errors in plain words (import/xml_messages.c): each
 * case is parsed by libxml2 itself, and its first error rewritten. */
#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <stdlib.h>

#include "import/xml_messages.h"
#include "unit.h"

static int have;
static int code;
static char message[512];

static void first_error(void *ctx, xmlErrorPtr e)
{
	(void)ctx;
	if (have || !e || (e->level < XML_ERR_ERROR && e->code != XML_WAR_UNDECLARED_ENTITY))
		return;
	have = 1;
	code = e->code;
	snprintf(message, sizeof message, "%s", e->message ? e->message : "");
}

/* the plain wording of the first error of parsing xml (len bytes) */
static const char *plain(const char *xml, int len)
{
	static char buf[512];
	have = 0;
	xmlSetStructuredErrorFunc(NULL, first_error);
	xmlDocPtr d = xmlReadMemory(xml, len < 0 ? (int)strlen(xml) : len, "t.xml",
				    NULL, XML_PARSE_NONET);
	xmlSetStructuredErrorFunc(NULL, NULL);
	if (d)
		xmlFreeDoc(d);
	if (!have)
		return "(no error)";
	return gal_xml_plain_message(code, message, buf, sizeof buf);
}

static int contains(const char *s, const char *part)
{
	if (!strstr(s, part)) {
		fprintf(stderr, "  \"%s\" lacks \"%s\"\n", s, part);
		return 0;
	}
	return 1;
}

static void test_cases(void)
{
	STR_EQ(plain("<a>Tom & Jerry</a>", -1), "a bare & must be written &amp;");
	STR_EQ(plain("<a>&;</a>", -1), "a bare & must be written &amp;");
	OK(contains(plain("<a>x &amp y</a>", -1), "lacks its closing ';'"));
	STR_EQ(plain("<?xml version=\"1.0\"?><a>caf\xe9</a>", -1),
	       "the file is not UTF-8 (byte 0xE9 here): declare its encoding, e.g. "
	       "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>, or convert it to UTF-8");
	STR_EQ(plain("<a>\n<p>x</a>", -1),
	       "<p> (opened on line 2) is not closed before </a>: add </p>");
	STR_EQ(plain("<a><p>x", -1),
	       "the file ends before <p> (opened on line 1) is closed: add </p>, or is "
	       "the file cut short?");
	OK(contains(plain("  ", -1), "not XML"));
	OK(contains(plain("<a/><b/>", -1), "one root element"));
	STR_EQ(plain("<a b=\"<\"/>", -1), "a < in an attribute value must be written &lt;");
	OK(contains(plain("<a b=c/>", -1), "must be in quotes"));
	STR_EQ(plain("<a b/>", -1), "the attribute b has no value: write b=\"value\"");
	STR_EQ(plain("<a b=\"1\" b=\"2\"/>", -1),
	       "the attribute b is given twice in one tag: keep one");
	STR_EQ(plain("<a>&nosuch;</a>", -1),
	       "the entity &nosuch; is not defined: write the character itself, or "
	       "&amp;nosuch; for the text as it is");
	OK(contains(plain("<a>x < y</a>", -1), "a bare < must be written &lt;"));
	STR_EQ(plain("<a>&#xD800;</a>", -1),
	       "a character reference to U+D800, which XML does not allow: remove it");
	STR_EQ(plain("<a>\x01</a>", -1),
	       "a control character (U+0001), which XML does not allow: remove it");
	OK(contains(plain("<a>x\0y</a>", 10), "NUL byte"));
	OK(contains(plain("<a>&#xZZ;</a>", -1), "malformed character reference"));
	OK(contains(plain("<a><!-- x -- y --></a>", -1), "-- inside a comment"));
	OK(contains(plain("<a><!-- x </a>", -1), "never closed with -->"));
	STR_EQ(plain("<?xml version=\"1.0\" encoding=\"nope\"?><a/>", -1),
	       "the declared encoding nope is unknown: declare UTF-8, ISO-8859-1 or "
	       "windows-1252, or convert the file to UTF-8");
	OK(contains(plain(" <?xml version=\"1.0\"?><a/>", -1), "must come first"));
	OK(contains(plain("<a>]]></a>", -1), "]]&gt;"));
	OK(contains(plain("<a><![CDATA[x</a>", -1), "CDATA section"));
	OK(contains(plain("<a b='1'c='2'/>", -1), "separate attributes by spaces"));
	OK(contains(plain("<a>x</a", -1), "missing its closing >"));
	STR_EQ(plain("<a", -1), "the start tag <a> on line 1 is missing its closing >");
	OK(contains(plain("<!DOCTYPE a [<!ENTITY e \"&e;\">]><a>&e;</a>", -1), "loop"));
	char deep[4000] = "<a>";
	for (int i = 0; i < 300; i++)
		strcat(deep, "<b>");
	OK(contains(plain(deep, -1), "more than 256 levels deep"));
	/* never a line break, never libxml2's function names */
	const char *all[] = { "<a>&</a>", "<?xml version=\"1.0\"?><a>\xff</a>", "<a><p></a>" };
	for (size_t i = 0; i < sizeof all / sizeof *all; i++) {
		const char *p = plain(all[i], -1);
		OK(!strchr(p, '\n') && !strstr(p, "xmlParse") && !strstr(p, "Bytes:"));
	}
}

static void test_unknown(void)
{
	char buf[64];
	/* an error it does not know keeps libxml2's text, on one line */
	STR_EQ(gal_xml_plain_message(9999, "Something odd\nBytes: 0x00\n", buf, sizeof buf),
	       "Something odd Bytes: 0x00");
	STR_EQ(gal_xml_plain_message(9999, NULL, buf, sizeof buf), "");
	/* cut to the buffer, always terminated */
	char small[8];
	STR_EQ(gal_xml_plain_message(XML_ERR_NAME_REQUIRED, "xmlParseEntityRef: no name",
				     small, sizeof small), "a bare");
}

int main(void)
{
	test_cases();
	test_unknown();
	return unit_done("xml_messages");
}
