/* PDF post-pass: what cairo 1.16 cannot write -- catalog /Lang,
 * DisplayDocTitle, MarkInfo, XMP metadata, Figure /Alt, page /Tabs, a
 * trailer /ID and Info dates in the D: form -- appended to cairo's file
 * as an incremental update (PDF 1.7, 7.5.6): new versions of the objects
 * that change, a new cross-reference section and a trailer with /Prev.
 *
 * cairo's own bytes are never rewritten, so the pass costs little more
 * than a copy, and it reads only what it changes: the trailer, the
 * catalog, Info, the page tree and the structure tree, through a small
 * reader of PDF objects. Anything it cannot read the way a cairo file
 * reads is an error, not something to repair.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <glib.h>

#include "base/buf.h"
#include "pdf/post.h"

/* Structure trees from cairo are as deep as the tags paint.c opens
 * (MAX_TAG_DEPTH 128) plus the K arrays between levels; the visit cap
 * bounds a malformed tree whose elements are shared many times over. */
#define MAX_STRUCT_DEPTH 300
#define MAX_STRUCT_VISITS 2000000
#define MAX_PAGE_DEPTH 64
/* Objects beyond this many are not a cairo brief, nor any article. */
#define MAX_OBJECTS 10000000

/* ---- text: UTF-8 cleaned for PDF text strings and XML -------------------- */

/* Decode one UTF-8 sequence at s (strictly: no overlong forms, no
 * surrogates); returns its length, or 0 when invalid. */
static size_t utf8_decode(const unsigned char *s, unsigned *cp)
{
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xC2 && s[0] <= 0xDF && (s[1] & 0xC0) == 0x80) {
		*cp = ((unsigned)(s[0] & 0x1F) << 6) | (s[1] & 0x3F);
		return 2;
	}
	if (s[0] >= 0xE0 && s[0] <= 0xEF && (s[1] & 0xC0) == 0x80 &&
	    (s[2] & 0xC0) == 0x80) {
		*cp = ((unsigned)(s[0] & 0x0F) << 12) | ((unsigned)(s[1] & 0x3F) << 6) |
		      (s[2] & 0x3F);
		return (*cp < 0x800 || (*cp >= 0xD800 && *cp <= 0xDFFF)) ? 0 : 3;
	}
	if (s[0] >= 0xF0 && s[0] <= 0xF4 && (s[1] & 0xC0) == 0x80 &&
	    (s[2] & 0xC0) == 0x80 && (s[3] & 0xC0) == 0x80) {
		*cp = ((unsigned)(s[0] & 0x07) << 18) | ((unsigned)(s[1] & 0x3F) << 12) |
		      ((unsigned)(s[2] & 0x3F) << 6) | (s[3] & 0x3F);
		return (*cp < 0x10000 || *cp > 0x10FFFF) ? 0 : 4;
	}
	return 0;
}

/* Append s to b as valid UTF-8 (bad bytes become U+FFFD). With xml set,
 * also escape markup and drop what XML 1.0 cannot carry (C0 controls other
 * than tab/LF/CR, U+FFFE, U+FFFF): metadata comes from untrusted input. */
static void put_clean(gal_buf *b, const char *s, int xml)
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		unsigned cp;
		size_t n = utf8_decode(p, &cp);
		if (n == 0) {
			gal_buf_puts(b, "\xEF\xBF\xBD");
			p++;
			continue;
		}
		if (xml) {
			if ((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') ||
			    cp == 0xFFFE || cp == 0xFFFF) {
				p += n;
				continue;
			}
			if (cp == '&') gal_buf_puts(b, "&amp;");
			else if (cp == '<') gal_buf_puts(b, "&lt;");
			else if (cp == '>') gal_buf_puts(b, "&gt;");
			else if (cp == '"') gal_buf_puts(b, "&quot;");
			else gal_buf_put(b, p, n);
		} else {
			gal_buf_put(b, p, n);
		}
		p += n;
	}
}

/* ---- reading PDF objects ---------------------------------------------------- */

typedef struct pdf_file {
	const char *d;
	size_t len;
	size_t *off;        /* byte offset of object i; 0 when free */
	size_t *sorted;     /* the offsets in use, ascending: where objects end */
	size_t n_sorted;
	size_t size;        /* trailer /Size */
	size_t xref_at;     /* startxref */
	long root, info;    /* object numbers; info 0 when none */
} pdf_file;

/* A span of the file: a value as written. */
typedef struct span {
	const char *p;
	size_t n;
} span;

static int is_ws(char c)
{
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\0';
}

static int is_delim(char c)
{
	return c == '(' || c == ')' || c == '<' || c == '>' || c == '[' || c == ']' ||
	       c == '{' || c == '}' || c == '/' || c == '%';
}

static const char *skip_ws(const char *p, const char *end)
{
	while (p < end) {
		if (*p == '%') {
			while (p < end && *p != '\n' && *p != '\r')
				p++;
		} else if (is_ws(*p)) {
			p++;
		} else {
			break;
		}
	}
	return p;
}

/* An unsigned integer at p; the first byte after it in *next. */
static int read_uint(const char *p, const char *end, size_t *v, const char **next)
{
	size_t x = 0;
	const char *q = p;
	while (q < end && *q >= '0' && *q <= '9' && q - p < 19)
		x = x * 10 + (size_t)(*q++ - '0');
	if (q == p)
		return -1;
	*v = x;
	*next = q;
	return 0;
}

/* The end of the value that starts at p (after white space), or NULL when
 * it is not one. Numbers followed by "G R" are one value, a reference. */
static const char *skip_value(const char *p, const char *end, int depth)
{
	if (depth > MAX_STRUCT_DEPTH || p >= end)
		return NULL;
	if (*p == '(') {
		int nest = 0;
		for (; p < end; p++) {
			if (*p == '\\') {
				p++;
			} else if (*p == '(') {
				nest++;
			} else if (*p == ')' && --nest == 0) {
				return p + 1;
			}
		}
		return NULL;
	}
	if (p + 1 < end && p[0] == '<' && p[1] == '<') {
		p += 2;
		for (;;) {
			p = skip_ws(p, end);
			if (p + 1 < end && p[0] == '>' && p[1] == '>')
				return p + 2;
			if (p >= end || *p != '/')
				return NULL;
			if (!(p = skip_value(p, end, depth + 1)))
				return NULL;
			p = skip_ws(p, end);
			if (!(p = skip_value(p, end, depth + 1)))
				return NULL;
		}
	}
	if (*p == '<') {
		while (p < end && *p != '>')
			p++;
		return p < end ? p + 1 : NULL;
	}
	if (*p == '[') {
		p++;
		for (;;) {
			p = skip_ws(p, end);
			if (p < end && *p == ']')
				return p + 1;
			if (!(p = skip_value(p, end, depth + 1)))
				return NULL;
		}
	}
	if (*p == '/') {
		p++;
		while (p < end && !is_ws(*p) && !is_delim(*p))
			p++;
		return p;
	}
	if ((*p >= '0' && *p <= '9') || *p == '-' || *p == '+' || *p == '.') {
		const char *q = p + 1;
		while (q < end && ((*q >= '0' && *q <= '9') || *q == '.'))
			q++;
		/* "N G R" */
		size_t num, gen;
		const char *a, *b;
		if (read_uint(p, end, &num, &a) == 0 && a == q) {
			const char *g = skip_ws(a, end);
			if (g > a && read_uint(g, end, &gen, &b) == 0) {
				const char *r = skip_ws(b, end);
				if (r > b && r < end && *r == 'R' &&
				    (r + 1 == end || is_ws(r[1]) || is_delim(r[1])))
					return r + 1;
			}
		}
		return q;
	}
	/* true, false, null */
	const char *q = p;
	while (q < end && !is_ws(*q) && !is_delim(*q))
		q++;
	return q > p ? q : NULL;
}

/* The entries of the dictionary in `dict`, called back with key (with its
 * slash) and value spans. Returns -1 when it is not a dictionary. */
typedef int (*entry_fn)(span key, span val, void *ctx);

static int each_entry(span dict, entry_fn fn, void *ctx)
{
	const char *p = dict.p, *end = dict.p + dict.n;
	p = skip_ws(p, end);
	if (p + 1 >= end || p[0] != '<' || p[1] != '<')
		return -1;
	p += 2;
	for (;;) {
		p = skip_ws(p, end);
		if (p + 1 < end && p[0] == '>' && p[1] == '>')
			return 0;
		if (p >= end || *p != '/')
			return -1;
		const char *k = p, *ke = skip_value(p, end, 0);
		if (!ke)
			return -1;
		const char *v = skip_ws(ke, end), *ve = skip_value(v, end, 0);
		if (!ve)
			return -1;
		if (fn((span){ k, (size_t)(ke - k) }, (span){ v, (size_t)(ve - v) }, ctx))
			return 0;
		p = ve;
	}
}

typedef struct lookup {
	const char *key;
	span val;
	int found;
} lookup;

static int lookup_cb(span key, span val, void *ctx)
{
	lookup *l = ctx;
	if (key.n == strlen(l->key) && memcmp(key.p, l->key, key.n) == 0) {
		l->val = val;
		l->found = 1;
		return 1;
	}
	return 0;
}

/* dict[key] (key with its slash); 0 when absent. */
static int dict_get(span dict, const char *key, span *val)
{
	lookup l = { key, { NULL, 0 }, 0 };
	if (each_entry(dict, lookup_cb, &l) != 0 || !l.found)
		return 0;
	*val = l.val;
	return 1;
}

static int span_is(span v, const char *s)
{
	return v.n == strlen(s) && memcmp(v.p, s, v.n) == 0;
}

/* "N G R": the object number, or -1. */
static long ref_num(span v)
{
	size_t num, gen;
	const char *a, *b, *end = v.p + v.n;
	if (read_uint(v.p, end, &num, &a) != 0)
		return -1;
	a = skip_ws(a, end);
	if (read_uint(a, end, &gen, &b) != 0)
		return -1;
	b = skip_ws(b, end);
	return b < end && *b == 'R' && b + 1 == end ? (long)num : -1;
}

static int cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	return x < y ? -1 : x > y;
}

/* The dictionary of object `num` (its text between "obj" and "endobj").
 * The object must be where the cross-reference table says, under its own
 * number; a stream is refused (none of the objects we change is one). */
static int object_dict(const pdf_file *f, long num, span *dict)
{
	if (num <= 0 || (size_t)num >= f->size || !f->off[num])
		return -1;
	size_t at = f->off[num];
	const char *p = f->d + at, *end = f->d + f->len, *q;
	size_t n, gen;
	if (read_uint(p, end, &n, &q) != 0 || n != (size_t)num)
		return -1;
	q = skip_ws(q, end);
	if (read_uint(q, end, &gen, &q) != 0)
		return -1;
	q = skip_ws(q, end);
	if (end - q < 3 || memcmp(q, "obj", 3) != 0)
		return -1;
	q = skip_ws(q + 3, end);
	/* it ends where the next object (or the xref) begins */
	size_t lo = 0, hi = f->n_sorted;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (f->sorted[mid] <= at)
			lo = mid + 1;
		else
			hi = mid;
	}
	const char *limit = f->d + (lo < f->n_sorted ? f->sorted[lo] : f->xref_at);
	const char *v = skip_value(q, limit, 0);
	if (!v || v - q < 4 || q[0] != '<' || q[1] != '<')
		return -1;
	const char *after = skip_ws(v, limit);
	if (limit - after < 6 || memcmp(after, "endobj", 6) != 0)
		return -1;
	dict->p = q;
	dict->n = (size_t)(v - q);
	return 0;
}

/* The cross-reference table and trailer that cairo writes: one section,
 * 20-byte entries, no /Prev, no /Encrypt. */
static int read_xref(pdf_file *f)
{
	const char *d = f->d, *end = d + f->len;
	size_t tail = f->len < 1024 ? f->len : 1024;
	const char *sx = NULL;
	for (const char *p = end - tail; p + 9 <= end; p++)
		if (memcmp(p, "startxref", 9) == 0)
			sx = p;
	if (!sx)
		return -1;
	const char *q = skip_ws(sx + 9, end);
	if (read_uint(q, end, &f->xref_at, &q) != 0 || f->xref_at + 4 > f->len ||
	    memcmp(d + f->xref_at, "xref", 4) != 0)
		return -1;
	const char *p = d + f->xref_at + 4;
	const char *trailer = NULL;
	for (;;) {
		p = skip_ws(p, end);
		if (end - p >= 7 && memcmp(p, "trailer", 7) == 0) {
			trailer = p + 7;
			break;
		}
		size_t first, count;
		if (read_uint(p, end, &first, &p) != 0)
			return -1;
		p = skip_ws(p, end);
		if (read_uint(p, end, &count, &p) != 0 || count > MAX_OBJECTS ||
		    first > MAX_OBJECTS)
			return -1;
		while (p < end && (*p == ' ' || *p == '\r' || *p == '\n'))
			p++;
		if ((size_t)(end - p) / 20 < count)
			return -1;
		size_t top = first + count;
		if (top > f->size) {
			f->off = xrealloc(f->off, top * sizeof *f->off);
			memset(f->off + f->size, 0, (top - f->size) * sizeof *f->off);
			f->size = top;
		}
		for (size_t i = 0; i < count; i++, p += 20) {
			size_t o;
			const char *e;
			if (read_uint(p, p + 10, &o, &e) != 0 || e != p + 10 ||
			    (p[17] != 'n' && p[17] != 'f'))
				return -1;
			if (p[17] == 'n') {
				if (o >= f->xref_at || o == 0)
					return -1;
				f->off[first + i] = o;
			}
		}
	}
	span tr = { skip_ws(trailer, end), 0 };
	const char *te = skip_value(tr.p, end, 0);
	if (!te)
		return -1;
	tr.n = (size_t)(te - tr.p);
	span v;
	size_t size;
	const char *e;
	if (!dict_get(tr, "/Size", &v) || read_uint(v.p, v.p + v.n, &size, &e) != 0 ||
	    size != f->size)
		return -1;
	if (dict_get(tr, "/Prev", &v) || dict_get(tr, "/Encrypt", &v))
		return -1;
	if (!dict_get(tr, "/Root", &v) || (f->root = ref_num(v)) <= 0)
		return -1;
	f->info = dict_get(tr, "/Info", &v) ? ref_num(v) : 0;
	if (f->info < 0)
		return -1;
	f->sorted = xmalloc((f->size + 1) * sizeof *f->sorted);
	for (size_t i = 0; i < f->size; i++)
		if (f->off[i])
			f->sorted[f->n_sorted++] = f->off[i];
	qsort(f->sorted, f->n_sorted, sizeof *f->sorted, cmp_size);
	return 0;
}

/* ---- text strings ------------------------------------------------------------ */

/* PDFDocEncoding 0x80..0x9F (PDF 1.7, Annex D); the rest of the upper
 * half is Latin-1. */
static const unsigned short pdfdoc_80[32] = {
	0x2022, 0x2020, 0x2021, 0x2026, 0x2014, 0x2013, 0x0192, 0x2044,
	0x2039, 0x203A, 0x2212, 0x2030, 0x201E, 0x201C, 0x201D, 0x2018,
	0x2019, 0x201A, 0x2122, 0xFB01, 0xFB02, 0x0141, 0x0152, 0x0160,
	0x0178, 0x017D, 0x0131, 0x0142, 0x0153, 0x0161, 0x017E, 0xFFFD,
};

static void put_utf8(gal_buf *b, unsigned cp)
{
	char u[8];
	int n = g_unichar_to_utf8(cp, u);
	gal_buf_put(b, u, (size_t)n);
}

/* A string value (literal or hex) as UTF-8 (malloc'd), or NULL. */
static char *text_value(span v)
{
	gal_buf raw = GAL_BUF_INIT, out = GAL_BUF_INIT;
	const char *p = v.p, *end = v.p + v.n;
	if (v.n >= 2 && *p == '(') {
		for (p++; p < end - 1; p++) {
			if (*p != '\\') {
				gal_buf_putc(&raw, *p);
				continue;
			}
			if (++p >= end - 1)
				break;
			switch (*p) {
			case 'n': gal_buf_putc(&raw, '\n'); break;
			case 'r': gal_buf_putc(&raw, '\r'); break;
			case 't': gal_buf_putc(&raw, '\t'); break;
			case 'b': gal_buf_putc(&raw, '\b'); break;
			case 'f': gal_buf_putc(&raw, '\f'); break;
			case '\r': if (p + 1 < end - 1 && p[1] == '\n') p++; break;
			case '\n': break;
			default:
				if (*p >= '0' && *p <= '7') {
					int c = 0, k = 0;
					while (k < 3 && p < end - 1 && *p >= '0' && *p <= '7') {
						c = c * 8 + (*p++ - '0');
						k++;
					}
					p--;
					gal_buf_putc(&raw, (char)c);
				} else {
					gal_buf_putc(&raw, *p);
				}
			}
		}
	} else if (v.n >= 2 && *p == '<') {
		int hi = -1;
		for (p++; p < end - 1; p++) {
			int x = g_ascii_xdigit_value(*p);
			if (x < 0)
				continue;
			if (hi < 0) {
				hi = x;
			} else {
				gal_buf_putc(&raw, (char)(hi * 16 + x));
				hi = -1;
			}
		}
		if (hi >= 0)
			gal_buf_putc(&raw, (char)(hi * 16));
	} else {
		return NULL;
	}
	const unsigned char *r = (const unsigned char *)raw.data;
	size_t n = raw.len;
	if (n >= 2 && r[0] == 0xFE && r[1] == 0xFF) {
		for (size_t i = 2; i + 1 < n; i += 2) {
			unsigned u = (unsigned)(r[i] << 8 | r[i + 1]);
			if (u >= 0xD800 && u < 0xDC00 && i + 3 < n) {
				unsigned lo = (unsigned)(r[i + 2] << 8 | r[i + 3]);
				if (lo >= 0xDC00 && lo < 0xE000) {
					u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
					i += 2;
				}
			}
			put_utf8(&out, u >= 0xD800 && u < 0xE000 ? 0xFFFD : u);
		}
	} else {
		for (size_t i = 0; i < n; i++)
			put_utf8(&out, r[i] >= 0x80 && r[i] < 0xA0 ? pdfdoc_80[r[i] - 0x80] : r[i]);
	}
	gal_buf_free(&raw);
	if (!out.data)
		gal_buf_puts(&out, "");
	return gal_buf_detach(&out, NULL);
}

/* A text string: printable ASCII as a literal, anything else as UTF-16BE
 * with its byte-order mark (PDF 1.7, 7.9.2.2). */
static void put_text(gal_buf *b, const char *utf8)
{
	gal_buf clean = GAL_BUF_INIT;
	put_clean(&clean, utf8 ? utf8 : "", 0);
	const char *s = clean.data ? clean.data : "";
	int ascii = 1;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p > 0x7E)
			ascii = 0;
	if (ascii) {
		gal_buf_putc(b, '(');
		for (const char *p = s; *p; p++) {
			if (*p == '(' || *p == ')' || *p == '\\')
				gal_buf_putc(b, '\\');
			gal_buf_putc(b, *p);
		}
		gal_buf_putc(b, ')');
	} else {
		gal_buf_puts(b, "<FEFF");
		for (const char *p = s; *p; p = g_utf8_next_char(p)) {
			gunichar c = g_utf8_get_char(p);
			if (c >= 0x10000) {
				c -= 0x10000;
				gal_buf_printf(b, "%04X%04X", 0xD800 + (c >> 10), 0xDC00 + (c & 0x3FF));
			} else {
				gal_buf_printf(b, "%04X", c);
			}
		}
		gal_buf_putc(b, '>');
	}
	gal_buf_free(&clean);
}

/* ---- new versions of objects -------------------------------------------------- */

/* An object written in the update: its number, and where (in body). */
typedef struct xref_entry {
	size_t num, at;
} xref_entry;

typedef struct update {
	const pdf_file *f;
	gal_buf body;        /* objects appended after cairo's file */
	xref_entry *e;
	size_t n, cap;
} update;

/* Keys a rewritten dictionary loses (its new values follow). */
typedef struct rewrite {
	gal_buf *b;
	const char *const *drop;
} rewrite;

static int copy_cb(span key, span val, void *ctx)
{
	rewrite *r = ctx;
	for (const char *const *d = r->drop; *d; d++)
		if (span_is(key, *d))
			return 0;
	gal_buf_puts(r->b, "\n   ");
	gal_buf_put(r->b, key.p, key.n);
	gal_buf_putc(r->b, ' ');
	gal_buf_put(r->b, val.p, val.n);
	return 0;
}

static void begin_object(update *u, size_t num)
{
	if (u->n == u->cap) {
		u->cap = u->cap ? 2 * u->cap : 16;
		u->e = xrealloc(u->e, u->cap * sizeof *u->e);
	}
	u->e[u->n++] = (xref_entry){ num, u->body.len };
	gal_buf_printf(&u->body, "%zu 0 obj\n", num);
}

/* Object `num` again: its dictionary without the keys in `drop`, then
 * `extra` (entries as PDF text). */
static void replace_dict(update *u, long num, span dict, const char *const *drop,
			 const char *extra)
{
	begin_object(u, (size_t)num);
	gal_buf_puts(&u->body, "<<");
	rewrite r = { &u->body, drop };
	each_entry(dict, copy_cb, &r);
	gal_buf_puts(&u->body, extra);
	gal_buf_puts(&u->body, "\n>>\nendobj\n");
}

/* ---- Figure /Alt ------------------------------------------------------------ */

typedef struct walk {
	update *u;
	const gal_pdf_post *info;
	size_t figures;     /* Figure elements seen so far */
	size_t formulas;    /* and Formula elements */
	long visits;
	int bad;
} walk;

static void walk_value(walk *w, span v, int depth);

/* A structure element (or a marked-content reference, which has no /S
 * and no /K and ends the descent). */
static void walk_dict(walk *w, span dict, long num, int depth)
{
	span s, k;
	const char *alt = NULL;
	int has_s = dict_get(dict, "/S", &s);
	if (has_s && span_is(s, "/Figure")) {
		size_t i = w->figures++;
		alt = w->info->figure_alts && i < w->info->n_figure_alts
			? w->info->figure_alts[i] : NULL;
	} else if (has_s && span_is(s, "/Formula")) {
		size_t i = w->formulas++;
		alt = w->info->formula_alts && i < w->info->n_formula_alts
			? w->info->formula_alts[i] : NULL;
	}
	if (alt && num > 0) {
		static const char *const drop[] = { "/Alt", NULL };
		gal_buf e = GAL_BUF_INIT;
		gal_buf_puts(&e, "\n   /Alt ");
		put_text(&e, alt);
		replace_dict(w->u, num, dict, drop, e.data);
		gal_buf_free(&e);
	}
	if (dict_get(dict, "/K", &k))
		walk_value(w, k, depth + 1);
}

/* Depth-first over /K, in order: the order of the Figure elements is the
 * order paint.c opened the Figure tags. */
static void walk_value(walk *w, span v, int depth)
{
	if (depth > MAX_STRUCT_DEPTH || ++w->visits > MAX_STRUCT_VISITS || w->bad)
		return;
	const char *p = skip_ws(v.p, v.p + v.n), *end = v.p + v.n;
	if (p < end && *p == '[') {
		for (p++;;) {
			p = skip_ws(p, end);
			if (p >= end || *p == ']')
				return;
			const char *e = skip_value(p, end, 0);
			if (!e) {
				w->bad = 1;
				return;
			}
			walk_value(w, (span){ p, (size_t)(e - p) }, depth + 1);
			p = e;
		}
	}
	if (p + 1 < end && p[0] == '<' && p[1] == '<') {
		walk_dict(w, (span){ p, (size_t)(end - p) }, 0, depth);
		return;
	}
	long num = ref_num((span){ p, (size_t)(end - p) });
	if (num > 0) {
		span d;
		if (object_dict(w->u->f, num, &d) != 0) {
			w->bad = 1;
			return;
		}
		walk_dict(w, d, num, depth);
	}
}

/* ---- pages: tab order by structure on pages with links -------------------------- */

static int walk_pages(update *u, long num, int depth)
{
	span d, kids, annots, type;
	if (depth > MAX_PAGE_DEPTH || object_dict(u->f, num, &d) != 0)
		return -1;
	if (dict_get(d, "/Type", &type) && span_is(type, "/Pages")) {
		if (!dict_get(d, "/Kids", &kids))
			return -1;
		const char *p = skip_ws(kids.p, kids.p + kids.n), *end = kids.p + kids.n;
		if (p >= end || *p != '[')
			return -1;
		for (p++;;) {
			p = skip_ws(p, end);
			if (p >= end || *p == ']')
				return 0;
			const char *e = skip_value(p, end, 0);
			long kid = e ? ref_num((span){ p, (size_t)(e - p) }) : -1;
			if (kid <= 0 || walk_pages(u, kid, depth + 1) != 0)
				return -1;
			p = e;
		}
	}
	if (dict_get(d, "/Annots", &annots)) {
		static const char *const drop[] = { "/Tabs", NULL };
		replace_dict(u, num, d, drop, "\n   /Tabs /S");
	}
	return 0;
}

/* ---- XMP ---------------------------------------------------------------- */

/* Both date forms from one epoch: ISO 8601 for XMP, D: for Info. Out of
 * range epochs (years outside 0..9999) fall back to 1970. */
static void make_dates(int64_t epoch, char *iso, size_t isz, char *pdf, size_t psz)
{
	time_t t = (time_t)epoch;
	struct tm tm;
	if ((int64_t)t != epoch || !gmtime_r(&t, &tm) || tm.tm_year < -1900 ||
	    tm.tm_year > 9999 - 1900) {
		t = 0;
		gmtime_r(&t, &tm);
	}
	strftime(iso, isz, "%Y-%m-%dT%H:%M:%SZ", &tm);
	strftime(pdf, psz, "D:%Y%m%d%H%M%SZ", &tm);
}

static void xmp_simple(gal_buf *b, const char *tag, const char *v)
{
	if (!v)
		return;
	gal_buf_printf(b, "   <%s>", tag);
	put_clean(b, v, 1);
	gal_buf_printf(b, "</%s>\n", tag);
}

/* rdf:Alt (x-default), rdf:Seq or rdf:Bag with one item. */
static void xmp_array(gal_buf *b, const char *tag, const char *kind, const char *v)
{
	if (!v)
		return;
	gal_buf_printf(b, "   <%s><rdf:%s><rdf:li%s>", tag, kind,
		       strcmp(kind, "Alt") == 0 ? " xml:lang=\"x-default\"" : "");
	put_clean(b, v, 1);
	gal_buf_printf(b, "</rdf:li></rdf:%s></%s>\n", kind, tag);
}

typedef struct meta {
	const char *title, *author, *subject, *keywords, *lang, *producer, *creator;
	const char *date;
} meta;

static void build_xmp(gal_buf *b, const meta *m)
{
	/* the xpacket header's begin attribute is a UTF-8 BOM, as XMP part 1
	 * 7.3.2 asks */
	gal_buf_puts(b,
		"<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
		"<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
		" <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
		"  <rdf:Description rdf:about=\"\"\n"
		"    xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
		"    xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n"
		"    xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">\n"
		"   <dc:format>application/pdf</dc:format>\n");
	xmp_array(b, "dc:title", "Alt", m->title);
	xmp_array(b, "dc:creator", "Seq", m->author);
	xmp_array(b, "dc:description", "Alt", m->subject);
	xmp_array(b, "dc:language", "Bag", m->lang);
	xmp_simple(b, "pdf:Keywords", m->keywords);
	xmp_simple(b, "pdf:Producer", m->producer);
	xmp_simple(b, "xmp:CreatorTool", m->creator);
	xmp_simple(b, "xmp:CreateDate", m->date);
	xmp_simple(b, "xmp:ModifyDate", m->date);
	xmp_simple(b, "xmp:MetadataDate", m->date);
	gal_buf_puts(b,
		"  </rdf:Description>\n"
		" </rdf:RDF>\n"
		"</x:xmpmeta>\n"
		"<?xpacket end=\"r\"?>");
}

/* ---- entry point -------------------------------------------------------- */

static char *info_text(span infod, const char *key)
{
	span v;
	return infod.p && dict_get(infod, key, &v) ? text_value(v) : NULL;
}

static int fail(gal_err *err, const char *what)
{
	return gal_err_set(err, GAL_E_RENDER, NULL, 0, 0, "PDF post-pass: %s", what);
}

/* By object number; of two versions of one object, the later written
 * (larger offset) last. */
static int cmp_entry(const void *a, const void *b)
{
	const xref_entry *x = a, *y = b;
	if (x->num != y->num)
		return x->num < y->num ? -1 : 1;
	return x->at < y->at ? -1 : x->at > y->at;
}

/* Figure /Alt from the structure tree (*tagged: there is one), and the
 * tab order of the pages with links (PDF/UA 7.18.3). NULL, or what could
 * not be read. */
static const char *mark_structure(update *u, const gal_pdf_post *info, span root,
				  int *tagged)
{
	span v;

	*tagged = 0;
	if (dict_get(root, "/StructTreeRoot", &v)) {
		span tree;
		long tn = ref_num(v);
		if (tn > 0 ? object_dict(u->f, tn, &tree) != 0 : (tree = v, 0))
			return "cannot read the structure tree";
		*tagged = 1;
		walk w = { u, info, 0, 0, 0, 0 };
		if (dict_get(tree, "/K", &v))
			walk_value(&w, v, 0);
		if (w.bad)
			return "cannot walk the structure tree";
	}
	long pages = dict_get(root, "/Pages", &v) ? ref_num(v) : -1;
	if (pages <= 0 || walk_pages(u, pages, 0) != 0)
		return "cannot read the page tree";
	return NULL;
}

/* Info and XMP from the same values: the fields given replace cairo's,
 * the others stay. The Info dictionary is written again (or anew, as
 * object *next), then the XMP stream as the next; returns its number. */
static size_t write_info_xmp(update *u, span infod, const gal_pdf_post *info,
			     size_t *next, long *info_num)
{
	const pdf_file *f = u->f;
	gal_buf xmp = GAL_BUF_INIT, extra = GAL_BUF_INIT;
	char *title = NULL, *author = NULL, *subject = NULL, *keywords = NULL;
	char iso[32], pdfdate[32];

	make_dates(info->epoch, iso, sizeof iso, pdfdate, sizeof pdfdate);
	struct { const char *key, *given; char **val; } fields[] = {
		{ "/Title", info->title, &title },
		{ "/Author", info->author, &author },
		{ "/Subject", info->subject, &subject },
		{ "/Keywords", info->keywords, &keywords },
	};
	const char *info_drop[8] = { "/CreationDate", "/ModDate" };
	size_t nd = 2;
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
		if (fields[i].given) {
			gal_buf_printf(&extra, "\n   %s ", fields[i].key);
			put_text(&extra, fields[i].given);
			*fields[i].val = xstrdup(fields[i].given);
			info_drop[nd++] = fields[i].key;
		} else {
			*fields[i].val = info_text(infod, fields[i].key);
		}
	}
	char *producer = info_text(infod, "/Producer");
	char *creator = info_text(infod, "/Creator");
	gal_buf_printf(&extra, "\n   /CreationDate (%s)\n   /ModDate (%s)", pdfdate, pdfdate);
	*info_num = f->info ? f->info : (long)(*next)++;
	span empty = { "<< >>", 5 };
	replace_dict(u, *info_num, f->info ? infod : empty, info_drop, extra.data);

	meta m = { title, author, subject, keywords,
		   info->lang && *info->lang ? info->lang : NULL,
		   producer, creator, iso };
	build_xmp(&xmp, &m);
	size_t xmp_num = (*next)++;
	begin_object(u, xmp_num);
	gal_buf_printf(&u->body, "<< /Type /Metadata /Subtype /XML /Length %zu >>\nstream\n",
		       xmp.len);
	gal_buf_put(&u->body, xmp.data, xmp.len);
	gal_buf_puts(&u->body, "\nendstream\nendobj\n");

	gal_buf_free(&xmp);
	gal_buf_free(&extra);
	free(title);
	free(author);
	free(subject);
	free(keywords);
	free(producer);
	free(creator);
	return xmp_num;
}

/* The catalog again, with the language, the title shown, MarkInfo when
 * the file is tagged, and the XMP object `xmp_num`. */
static void write_catalog(update *u, span root, const gal_pdf_post *info, int tagged,
			  size_t xmp_num)
{
	gal_buf extra = GAL_BUF_INIT;

	if (info->lang && *info->lang) {
		gal_buf_puts(&extra, "\n   /Lang ");
		put_text(&extra, info->lang);
	}
	gal_buf_puts(&extra, "\n   /ViewerPreferences << /DisplayDocTitle true >>");
	if (tagged)
		gal_buf_puts(&extra, "\n   /MarkInfo << /Marked true >>");
	gal_buf_printf(&extra, "\n   /Metadata %zu 0 R", xmp_num);
	const char *root_drop[] = { "/Lang", "/ViewerPreferences", "/Metadata",
		tagged ? "/MarkInfo" : NULL, NULL };
	replace_dict(u, u->f->root, root, root_drop, extra.data);
	gal_buf_free(&extra);
}

/* The cross-reference section of the new objects, which start at byte
 * `base` of the file: one subsection per run of consecutive numbers; a
 * number written twice (an element met twice in the tree) keeps its last
 * version. */
static void write_xref(gal_buf *out, update *u, size_t base)
{
	gal_buf_puts(out, "xref\n");
	qsort(u->e, u->n, sizeof *u->e, cmp_entry);
	size_t n_uniq = 0;
	for (size_t i = 0; i < u->n; i++) {
		if (n_uniq && u->e[n_uniq - 1].num == u->e[i].num)
			u->e[n_uniq - 1] = u->e[i];
		else
			u->e[n_uniq++] = u->e[i];
	}
	for (size_t i = 0; i < n_uniq;) {
		size_t j = i + 1;
		while (j < n_uniq && u->e[j].num == u->e[j - 1].num + 1)
			j++;
		gal_buf_printf(out, "%zu %zu\n", u->e[i].num, j - i);
		for (size_t k = i; k < j; k++)
			gal_buf_printf(out, "%010zu 00000 n \n", base + u->e[k].at);
		i = j;
	}
}

/* The new objects after the file `in`, their cross-reference section,
 * and a trailer (`size` objects) whose /ID is a digest of the whole
 * file: the same input gives the same bytes. */
static void write_update(gal_buf *out, const unsigned char *in, size_t len, update *u,
			 size_t size, long info_num)
{
	size_t start = out->len;
	if (in[len - 1] != '\n')
		gal_buf_putc(out, '\n');
	size_t base = len + (out->len - start);
	gal_buf_put(out, u->body.data, u->body.len);
	GChecksum *md5 = g_checksum_new(G_CHECKSUM_MD5);
	g_checksum_update(md5, in, (gssize)len);
	g_checksum_update(md5, (const guchar *)out->data + start, (gssize)(out->len - start));
	char id[33];
	snprintf(id, sizeof id, "%s", g_checksum_get_string(md5));
	g_checksum_free(md5);
	size_t xref = len + (out->len - start);
	write_xref(out, u, base);
	gal_buf_printf(out, "trailer\n<< /Size %zu\n   /Root %ld 0 R\n   /Info %ld 0 R\n"
		       "   /Prev %zu\n   /ID [ <%s> <%s> ]\n>>\nstartxref\n%zu\n%%%%EOF\n",
		       size, u->f->root, info_num, u->f->xref_at, id, id, xref);
}

int gal_pdf_post_update(const unsigned char *in, size_t len, const gal_pdf_post *info,
			gal_buf *out, gal_err *err)
{
	static const gal_pdf_post none;
	pdf_file f = { 0 };
	update u = { 0 };
	span root = { NULL, 0 }, infod = { NULL, 0 };
	const char *why;
	int tagged = 0;

	if (!info)
		info = &none;
	f.d = (const char *)in;
	f.len = len;
	u.f = &f;
	if (!in || len == 0)
		why = "no PDF to rewrite";
	else if (len < 8 || memcmp(in, "%PDF-", 5) != 0 || read_xref(&f) != 0)
		why = "cannot read the cross-reference table";
	else if (object_dict(&f, f.root, &root) != 0)
		why = "no document catalog";
	else if (f.info && object_dict(&f, f.info, &infod) != 0)
		why = "cannot read the Info dictionary";
	else
		why = mark_structure(&u, info, root, &tagged);
	if (!why) {
		size_t next = f.size;
		long info_num;
		size_t xmp_num = write_info_xmp(&u, infod, info, &next, &info_num);
		write_catalog(&u, root, info, tagged, xmp_num);
		write_update(out, in, len, &u, next, info_num);
	}
	free(f.off);
	free(f.sorted);
	gal_buf_free(&u.body);
	free(u.e);
	return why ? fail(err, why) : GAL_OK;
}

int gal_pdf_postpass(const unsigned char *in, size_t len, const gal_pdf_post *info,
		     unsigned char **out, size_t *out_len, gal_err *err)
{
	gal_buf o = GAL_BUF_INIT;
	*out = NULL;
	*out_len = 0;
	if (in && len)
		gal_buf_put(&o, in, len);
	int rc = gal_pdf_post_update(in, len, info, &o, err);
	if (rc) {
		gal_buf_free(&o);
		return rc;
	}
	*out = (unsigned char *)gal_buf_detach(&o, out_len);
	return GAL_OK;
}
