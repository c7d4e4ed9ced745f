/* XHTML/XML escaping. Text from importers is already valid XML, but the
 * builder API accepts any bytes (tests, fuzzers), so everything is
 * re-checked here: one bad byte must never make a content document
 * ill-formed. */
#include <string.h>

#include "base/xhtml.h"

/* Decode one UTF-8 sequence at s (n bytes available). Returns the code
 * point and sets *len, or returns -1 (with *len = 1) when malformed,
 * overlong, a surrogate or beyond U+10FFFF. */
static long utf8_decode(const unsigned char *s, size_t n, size_t *len)
{
	unsigned char c = s[0];
	long cp;
	size_t k;
	*len = 1;
	if (c < 0x80)
		return c;
	if (c >= 0xC2 && c <= 0xDF) {
		cp = c & 0x1F;
		k = 2;
	} else if (c >= 0xE0 && c <= 0xEF) {
		cp = c & 0x0F;
		k = 3;
	} else if (c >= 0xF0 && c <= 0xF4) {
		cp = c & 0x07;
		k = 4;
	} else {
		return -1;
	}
	if (n < k)
		return -1;
	for (size_t i = 1; i < k; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return -1;
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	if ((k == 3 && cp < 0x800) || (k == 4 && cp < 0x10000) ||
	    (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
		return -1;
	*len = k;
	return cp;
}

static int xml_char(long cp)
{
	return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) ||
	       (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
}

static void escape(gal_buf *b, const char *str, size_t n, int attr)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;
	while (i < n) {
		size_t len;
		long cp = utf8_decode(s + i, n - i, &len);
		if (cp < 0) {
			gal_buf_puts(b, "\xEF\xBF\xBD"); /* U+FFFD */
		} else if (!xml_char(cp)) {
			/* dropped: XML 1.0 cannot carry it at all */
		} else {
			switch (cp) {
			case '&': gal_buf_puts(b, "&amp;"); break;
			case '<': gal_buf_puts(b, "&lt;"); break;
			case '>': gal_buf_puts(b, "&gt;"); break;
			case '"':
				if (attr)
					gal_buf_puts(b, "&quot;");
				else
					gal_buf_putc(b, '"');
				break;
			case '\t': case '\n': case '\r':
				if (attr)
					gal_buf_printf(b, "&#%ld;", cp);
				else
					gal_buf_putc(b, (char)cp);
				break;
			default:
				gal_buf_put(b, s + i, len);
			}
		}
		i += len;
	}
}

void gal_xhtml_textn(gal_buf *b, const char *s, size_t len)
{
	if (s)
		escape(b, s, len, 0);
}

void gal_xhtml_text(gal_buf *b, const char *s)
{
	if (s)
		escape(b, s, strlen(s), 0);
}

void gal_xhtml_attr(gal_buf *b, const char *s)
{
	if (s)
		escape(b, s, strlen(s), 1);
}

/* XML 1.0 (5th ed.) NameStartChar without ':' */
static int name_start(long cp)
{
	return (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z') || cp == '_' ||
	       (cp >= 0xC0 && cp <= 0xD6) || (cp >= 0xD8 && cp <= 0xF6) ||
	       (cp >= 0xF8 && cp <= 0x2FF) || (cp >= 0x370 && cp <= 0x37D) ||
	       (cp >= 0x37F && cp <= 0x1FFF) || (cp >= 0x200C && cp <= 0x200D) ||
	       (cp >= 0x2070 && cp <= 0x218F) || (cp >= 0x2C00 && cp <= 0x2FEF) ||
	       (cp >= 0x3001 && cp <= 0xD7FF) || (cp >= 0xF900 && cp <= 0xFDCF) ||
	       (cp >= 0xFDF0 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0xEFFFF);
}

static int name_char(long cp)
{
	return name_start(cp) || cp == '-' || cp == '.' || (cp >= '0' && cp <= '9') ||
	       cp == 0xB7 || (cp >= 0x300 && cp <= 0x36F) ||
	       (cp >= 0x203F && cp <= 0x2040);
}

int gal_xhtml_is_ncname(const char *str)
{
	if (!str || !*str)
		return 0;
	const unsigned char *s = (const unsigned char *)str;
	size_t n = strlen(str), i = 0;
	while (i < n) {
		size_t len;
		long cp = utf8_decode(s + i, n - i, &len);
		if (cp < 0 || !(i ? name_char(cp) : name_start(cp)))
			return 0;
		i += len;
	}
	return 1;
}

void gal_xhtml_id(gal_buf *b, const char *str)
{
	if (!str || !*str) {
		gal_buf_puts(b, "id-");
		return;
	}
	const unsigned char *s = (const unsigned char *)str;
	size_t n = strlen(str), i = 0;
	while (i < n) {
		size_t len;
		long cp = utf8_decode(s + i, n - i, &len);
		if (i == 0 && (cp < 0 || !name_start(cp)))
			gal_buf_puts(b, "id-");
		if (cp >= 0 && name_char(cp))
			gal_buf_put(b, s + i, len);
		else
			gal_buf_putc(b, '_');
		i += len;
	}
}

static int hexdigit(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* The end of a URL's authority ("//host:port"), where brackets are an
 * IP literal's; url itself when it has none. */
static const char *authority_end(const char *url)
{
	const char *p = url;
	while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
	       (*p >= '0' && *p <= '9') || *p == '+' || *p == '-' || *p == '.')
		p++;
	if (p == url || p[0] != ':' || p[1] != '/' || p[2] != '/')
		return url;
	return p + 3 + strcspn(p + 3, "/?#");
}

void gal_url_encode(gal_buf *b, const char *url)
{
	if (!url)
		return;
	const unsigned char *s = (const unsigned char *)url;
	const unsigned char *host_end = (const unsigned char *)authority_end(url);
	int hash = 0;
	for (size_t i = 0; s[i]; i++) {
		unsigned char c = s[i];
		int bad = c <= 0x20 || c >= 0x7F || strchr("\"<>\\^`{|}", c) != NULL;
		if (c == '#')
			bad = hash++ > 0;
		if (c == '%')
			bad = !(hexdigit(s[i + 1]) && hexdigit(s[i + 2]));
		/* gen-delims only an IP literal may hold (RFC 3986, 3.2.2) */
		if ((c == '[' || c == ']') && s + i >= host_end)
			bad = 1;
		if (bad)
			gal_buf_printf(b, "%%%02X", c);
		else
			gal_buf_putc(b, (char)c);
	}
}

void gal_xhtml_url(gal_buf *b, const char *url)
{
	if (!url)
		return;
	gal_buf enc = GAL_BUF_INIT;
	gal_url_encode(&enc, url);
	if (enc.data)
		gal_xhtml_attr(b, enc.data);
	gal_buf_free(&enc);
}

int gal_xhtml_lang_ok(const char *lang)
{
	if (!lang || !*lang)
		return 0;
	int run = 0;
	for (const char *p = lang; *p; p++) {
		char c = *p;
		if (c == '-' || c == '_') {
			if (run == 0)
				return 0;
			run = 0;
		} else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			   (c >= '0' && c <= '9')) {
			if (++run > 8)
				return 0;
		} else {
			return 0;
		}
	}
	/* the primary subtag is letters only */
	for (const char *p = lang; *p && *p != '-' && *p != '_'; p++)
		if (*p >= '0' && *p <= '9')
			return 0;
	return run > 0;
}

void gal_xhtml_lang(gal_buf *b, const char *lang)
{
	for (const char *p = lang; p && *p; p++)
		gal_buf_putc(b, *p == '_' ? '-' : *p);
}
