/* EPUB --embed-fonts: the faces a book sets its text in, each cut down to
 * the characters set in it, obfuscated as OCF allows.
 *
 * Packing whole faces made a three-paragraph brief of 5 KB a package of
 * 3 MB: four faces of each family a style names, used or not, each with
 * every glyph. Which faces and characters a book uses is read off the
 * content documents as a reading system lays them out: each element's
 * face follows from the stylesheet's part rules (gal_css_part, the same
 * table css.c writes) and from the markup's own (strong, em, code,
 * headings, labels), and the text it holds goes to that face, with the
 * characters the stylesheet adds (list markers, the attribution's dash)
 * and the case an uppercase or small-capitals part sets it in.
 *
 * The faces are under the SIL Open Font License, which allows them to be
 * embedded and subset; obfuscating them (IDPF, OCF 3.0 section 4.2) keeps
 * them from being lifted out of the package as they are.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <fontconfig/fontconfig.h>
#include <glib.h>
#include <hb.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "epub/embed.h"
#include "style/font_strip.h"
#include "style/fonts.h"
#include "style/style.h"

/* the bytes the IDPF algorithm obfuscates */
#define OBFUSCATED 1040
/* ancestors' classes kept for descendant selectors */
#define OUTER_MAX 512

/* ---- obfuscation --------------------------------------------------------- */

void gal_embed_obfuscate(unsigned char *data, size_t len, const char *uid)
{
	GChecksum *sha = g_checksum_new(G_CHECKSUM_SHA1);
	guint8 key[20];
	gsize klen = sizeof key;
	/* the identifier without U+0020, U+0009, U+000D and U+000A */
	for (const char *p = uid ? uid : ""; *p; p++)
		if (!strchr(" \t\r\n", *p))
			g_checksum_update(sha, (const guchar *)p, 1);
	g_checksum_get_digest(sha, key, &klen);
	g_checksum_free(sha);
	for (size_t i = 0; i < len && i < OBFUSCATED; i++)
		data[i] ^= key[i % sizeof key];
}

/* ---- what the text is set in ------------------------------------------------ */

/* A face as the stylesheet asks for it, and the characters set in it. */
typedef struct request {
	char family[128];
	int weight, italic;
	hb_set_t *chars;
} request;

/* An element's font, as it inherits and sets it. */
typedef struct frame {
	xmlNodePtr node;
	const char *family;      /* a family list (the style's) */
	int weight, italic, smallcaps, uppercase;
	int bullets;             /* ul levels around it: disc, circle, square */
	char outer[OUTER_MAX];   /* the classes of it and its ancestors */
} frame;

typedef struct walker {
	const gal_style *style;
	request *req;
	size_t n_req;
	int smallcaps;           /* some text in small capitals */
} walker;

static const char *attr(xmlNodePtr n, const char *name)
{
	for (xmlAttrPtr a = n->properties; a; a = a->next)
		if (!a->ns && !strcmp((const char *)a->name, name) && a->children &&
		    a->children->type == XML_TEXT_NODE)
			return (const char *)a->children->content;
	return NULL;
}

static int is(const char *tag, const char *const *names)
{
	for (; *names; names++)
		if (!strcmp(tag, *names))
			return 1;
	return 0;
}

static int has_class(xmlNodePtr n, const char *cls)
{
	return gal_css_has_class(attr(n, "class"), cls);
}

static request *request_for(walker *w, const frame *f)
{
	char fam[128];
	size_t n = strcspn(f->family ? f->family : "", ",");
	snprintf(fam, sizeof fam, "%.*s", (int)n, f->family ? f->family : "");
	for (size_t i = 0; i < w->n_req; i++)
		if (!strcmp(w->req[i].family, fam) && w->req[i].weight == f->weight &&
		    w->req[i].italic == f->italic)
			return &w->req[i];
	w->req = xrealloc(w->req, (w->n_req + 1) * sizeof *w->req);
	request *r = &w->req[w->n_req++];
	snprintf(r->family, sizeof r->family, "%s", fam);
	r->weight = f->weight;
	r->italic = f->italic;
	r->chars = hb_set_create();
	return r;
}

/* UTF-8 text set in frame f's face, in the case it is set in */
static void set_text(walker *w, const frame *f, const char *s)
{
	request *r = request_for(w, f);
	for (const char *p = s; p && *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char_validated(p, -1);
		if (c == (gunichar)-1 || c == (gunichar)-2)
			break;
		if (c == '\n' || c == '\t' || c == '\r')
			c = ' ';
		if (f->uppercase || f->smallcaps) {
			/* small capitals: the capital, or its smcp form */
			hb_set_add(r->chars, g_unichar_toupper(c));
			if (c == 0xDF)             /* ß becomes SS */
				hb_set_add(r->chars, 'S');
			if (f->uppercase)
				continue;
		}
		hb_set_add(r->chars, c);
	}
	w->smallcaps |= f->smallcaps;
}

/* What a list item's marker shows, set in the item's face. */
static void set_marker(walker *w, const frame *f, xmlNodePtr list)
{
	static const char *const bullets[] = { "\u2022 ", "\u25e6 ", "\u25aa " };
	const char *type = attr(list, "type");
	if (has_class(list, "plain") || !strcmp((const char *)list->name, "dl"))
		return;
	/* the references' and the contents' lists show no markers */
	for (xmlNodePtr a = list->parent; a && a->type == XML_ELEMENT_NODE; a = a->parent)
		if (has_class(a, "references") || !strcmp((const char *)a->name, "nav"))
			return;
	if (!strcmp((const char *)list->name, "ul"))
		set_text(w, f, bullets[f->bullets > 3 ? 2 : f->bullets > 0 ? f->bullets - 1 : 0]);
	else if (type && (!strcmp(type, "a") || !strcmp(type, "A")))
		set_text(w, f, !strcmp(type, "a") ? "abcdefghijklmnopqrstuvwxyz. "
			 : "ABCDEFGHIJKLMNOPQRSTUVWXYZ. ");
	else if (type && (!strcmp(type, "i") || !strcmp(type, "I")))
		set_text(w, f, !strcmp(type, "i") ? "ivxlcdm. " : "IVXLCDM. ");
	else
		set_text(w, f, "0123456789. ");
}

/* The markup's own font rules: the reading system's defaults for the
 * tags galley writes, then the stylesheet's part rules, then its rules
 * for labels, titles and inline code (css.c). */
static void element_font(walker *w, frame *f, const frame *parent)
{
	static const char *const italic[] = { "em", "i", "cite", "dfn", "var", NULL };
	static const char *const bold[] = { "h1", "h2", "h3", "h4", "h5", "h6", "th", "dt", NULL };
	static const char *const mono[] = { "code", "kbd", "samp", "tt", NULL };
	xmlNodePtr node = f->node;
	const char *tag = (const char *)node->name, *cls = attr(node, "class");
	*f = *parent;
	f->node = node;
	if (!strcmp(tag, "strong") || !strcmp(tag, "b"))   /* bolder */
		f->weight = f->weight < 350 ? 400 : f->weight < 550 ? 700 : 900;
	f->italic |= is(tag, italic);
	if (is(tag, bold))
		f->weight = 700;
	if (!strcmp(tag, "ul"))
		f->bullets++;
	int part = gal_css_part(tag, cls, parent->outer);
	if (part >= 0) {
		const gal_textstyle *t = &w->style->part[part];
		f->family = t->family;
		f->weight = t->weight;
		f->italic = t->italic;
		f->smallcaps = t->smallcaps;
		f->uppercase = t->uppercase;
	}
	if (has_class(f->node, "label") || has_class(f->node, "summary-title") ||
	    has_class(f->node, "aside-title"))
		f->weight = 700;
	f->smallcaps |= has_class(f->node, "sc");
	if (has_class(f->node, "math-label"))
		f->italic = 0;
	if (has_class(f->node, "img-missing"))
		f->italic = 1;
	if (is(tag, mono))
		f->family = w->style->part[GAL_PART_CODE].family;
	size_t k = strlen(f->outer);
	if (cls && k + 1 < sizeof f->outer)
		snprintf(f->outer + k, sizeof f->outer - k, " %s", cls);
}

/* Every element of a document, parents before children, through an
 * explicit stack: content nests as deep as its source did. */
static void walk_doc(walker *w, xmlNodePtr root)
{
	size_t cap = 16, sp = 0;
	frame *st = xmalloc(cap * sizeof *st);
	memset(&st[0], 0, sizeof st[0]);
	const gal_textstyle *body = &w->style->part[GAL_PART_BODY];
	st[0].node = root;
	st[0].family = body->family;
	st[0].weight = body->weight;
	st[0].italic = body->italic;
	st[0].smallcaps = body->smallcaps;
	st[0].uppercase = body->uppercase;
	xmlNodePtr n = root->children;
	while (n) {
		int down = 0;
		if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
			set_text(w, &st[sp], (const char *)n->content);
		} else if (n->type == XML_ELEMENT_NODE && !attr(n, "hidden") &&
			   strcmp((const char *)n->name, "head")) {
			if (sp + 1 == cap)
				st = xrealloc(st, (cap *= 2) * sizeof *st);
			st[++sp].node = n;
			element_font(w, &st[sp], &st[sp - 1]);
			if (!strcmp((const char *)n->name, "li") && n->parent)
				set_marker(w, &st[sp], n->parent);
			if (has_class(n, "attribution"))
				set_text(w, &st[sp], "\u2014\u00a0");
			down = n->children != NULL;
			if (!down)
				sp--;
		}
		if (down) {
			n = n->children;
			continue;
		}
		/* a sibling, else the next of the nearest ancestor that has one,
		 * leaving the elements passed */
		while (n != root && !n->next) {
			n = n->parent;
			if (n != root && sp > 0 && st[sp].node == n)
				sp--;
		}
		n = n == root ? NULL : n->next;
	}
	free(st);
}

/* ---- the faces ---------------------------------------------------------------- */

/* A face of a family's own, as fontconfig gives it for a request. */
typedef struct face {
	char file[1024];
	int index, weight, italic;   /* weight and italic: the face's own */
	char family[128];
	hb_set_t *chars;
} face;

static int family_is(FcPattern *p, const char *want)
{
	FcChar8 *fam;
	for (int i = 0; FcPatternGetString(p, FC_FAMILY, i, &fam) == FcResultMatch; i++)
		if (strcasecmp((const char *)fam, want) == 0)
			return 1;
	return 0;
}

/* The face a reader's font matching picks for request r among the faces
 * fontconfig has of its family (the nearest weight and the slant); 0
 * when the family has no face of its own. */
static int face_of(const request *r, face *out)
{
	FcPattern *pat = FcPatternCreate(), *m = NULL;
	FcResult res;
	FcChar8 *file = NULL;
	int weight = 0, slant = 0, ok = 0;
	FcPatternAddString(pat, FC_FAMILY, (const FcChar8 *)r->family);
	FcPatternAddInteger(pat, FC_WEIGHT, FcWeightFromOpenType(r->weight));
	FcPatternAddInteger(pat, FC_SLANT, r->italic ? FC_SLANT_ITALIC : FC_SLANT_ROMAN);
	FcConfigSubstitute(NULL, pat, FcMatchPattern);
	FcDefaultSubstitute(pat);
	m = FcFontMatch(NULL, pat, &res);
	if (m && family_is(m, r->family) &&
	    FcPatternGetString(m, FC_FILE, 0, &file) == FcResultMatch &&
	    FcPatternGetInteger(m, FC_WEIGHT, 0, &weight) == FcResultMatch &&
	    FcPatternGetInteger(m, FC_SLANT, 0, &slant) == FcResultMatch) {
		memset(out, 0, sizeof *out);
		snprintf(out->file, sizeof out->file, "%s", (const char *)file);
		FcPatternGetInteger(m, FC_INDEX, 0, &out->index);
		out->weight = FcWeightToOpenType(weight);
		out->italic = slant != FC_SLANT_ROMAN;
		snprintf(out->family, sizeof out->family, "%s", r->family);
		ok = 1;
	}
	if (m)
		FcPatternDestroy(m);
	FcPatternDestroy(pat);
	return ok;
}

/* "fonts/NAME.ttf" for a subset of file's face: its own name, the face's
 * index for one of a collection, the extension of what the subset is
 * (TrueType or CFF outlines); unique among those before it. */
static char *href_of(const face *f, const unsigned char *data, size_t len,
		     const gal_font_file *done, size_t n_done, const char **mime)
{
	const char *base = strrchr(f->file, '/');
	base = base ? base + 1 : f->file;
	size_t stem = strcspn(base, ".");
	int cff = len >= 4 && !memcmp(data, "OTTO", 4);
	*mime = cff ? "application/vnd.ms-opentype" : "application/font-sfnt";
	gal_buf h = GAL_BUF_INIT;
	for (int k = 0;; k++) {
		gal_buf_reset(&h);
		gal_buf_puts(&h, "fonts/");
		for (size_t i = 0; i < stem; i++)
			gal_buf_putc(&h, (strchr("\"\\%()#", base[i]) || (unsigned char)base[i] <= 0x20)
				     ? '_' : base[i]);
		if (f->index > 0)
			gal_buf_printf(&h, "-%d", f->index);
		if (k > 0)
			gal_buf_printf(&h, "-%d", k + 1);
		gal_buf_puts(&h, cff ? ".otf" : ".ttf");
		int dup = 0;
		for (size_t i = 0; i < n_done && !dup; i++)
			dup = !strcmp(done[i].href, h.data);
		if (!dup)
			return gal_buf_detach(&h, NULL);
	}
}

/* Each request's face, requests that a face serves merged into it. */
static int faces_of(const walker *w, face **out, size_t *n_out, const gal_opts *opts,
		    gal_err *err)
{
	face *fs = NULL;
	size_t n = 0;
	int rc = GAL_OK;
	for (size_t i = 0; i < w->n_req && rc == GAL_OK; i++) {
		face f;
		if (!face_of(&w->req[i], &f)) {
			rc = gal_warn(opts, err, 0, 0, "font-not-found", "--embed-fonts: no "
				      "font file for family '%s'", w->req[i].family);
			continue;
		}
		size_t k = 0;
		while (k < n && (strcmp(fs[k].file, f.file) || fs[k].index != f.index))
			k++;
		if (k == n) {
			fs = xrealloc(fs, (n + 1) * sizeof *fs);
			fs[n] = f;
			fs[n++].chars = hb_set_create();
		}
		hb_set_union(fs[k].chars, w->req[i].chars);
	}
	*out = fs;
	*n_out = n;
	return rc;
}

/* The layout features beyond a reader's defaults that the styles turn
 * on, and small capitals where the text has them. */
static hb_set_t *features_of(const walker *w)
{
	hb_set_t *s = hb_set_create();
	for (int p = 0; p < GAL_PART_COUNT; p++)
		for (const char *f = w->style->part[p].features; *f;) {
			while (*f == ' ' || *f == ',')
				f++;
			if (strlen(f) >= 4)
				hb_set_add(s, hb_tag_from_string(f, 4));
			f += strcspn(f, ",");
		}
	if (w->smallcaps) {
		hb_set_add(s, HB_TAG('s', 'm', 'c', 'p'));
		hb_set_add(s, HB_TAG('c', '2', 's', 'c'));
	}
	return s;
}

static void font_face_rule(gal_buf *css, const face *f, const char *href)
{
	gal_buf_printf(css, "@font-face {\n  font-family: \"%s\";\n  font-weight: %d;\n"
			    "  font-style: %s;\n  src: url(\"%s\");\n}\n", f->family,
		       f->weight, f->italic ? "italic" : "normal", href);
}

int gal_embed_fonts(const gal_style *style, const char *const *docs, const size_t *lens,
		    size_t n, const char *uid, gal_buf *css, gal_font_file **out,
		    size_t *n_out, const gal_opts *opts, gal_err *err)
{
	walker w = { .style = style };
	face *fs = NULL;
	size_t n_fs = 0;
	hb_set_t *features = NULL;
	gal_font_file *files = NULL;
	size_t n_files = 0;
	int rc = gal_fonts_load_config(err);

	for (size_t i = 0; i < n && rc == GAL_OK; i++) {
		xmlDocPtr x = xmlReadMemory(docs[i], (int)lens[i], NULL, "UTF-8",
					    XML_PARSE_NONET | XML_PARSE_NOERROR |
					    XML_PARSE_NOWARNING);
		if (x && xmlDocGetRootElement(x))
			walk_doc(&w, xmlDocGetRootElement(x));
		if (x)
			xmlFreeDoc(x);
	}
	if (rc == GAL_OK)
		rc = faces_of(&w, &fs, &n_fs, opts, err);
	features = features_of(&w);
	for (size_t i = 0; i < n_fs && rc == GAL_OK; i++) {
		unsigned char *data = NULL;
		size_t len = 0;
		/* the space and the hyphens a reader's hyphenation sets */
		hb_set_add(fs[i].chars, ' ');
		hb_set_add(fs[i].chars, '-');
		hb_set_add(fs[i].chars, 0x2010);
		rc = gal_font_subset(fs[i].file, fs[i].index, fs[i].chars, features, &data,
				     &len, err);
		if (rc != GAL_OK)
			break;
		files = xrealloc(files, (n_files + 1) * sizeof *files);
		gal_font_file *ff = &files[n_files];
		ff->href = href_of(&fs[i], data, len, files, n_files, &ff->mime);
		gal_embed_obfuscate(data, len, uid);
		ff->data = data;
		ff->len = len;
		n_files++;
		font_face_rule(css, &fs[i], ff->href);
	}
	for (size_t i = 0; i < w.n_req; i++)
		hb_set_destroy(w.req[i].chars);
	free(w.req);
	for (size_t i = 0; i < n_fs; i++)
		hb_set_destroy(fs[i].chars);
	free(fs);
	hb_set_destroy(features);
	if (rc != GAL_OK) {
		gal_embed_free(files, n_files);
		files = NULL;
		n_files = 0;
	}
	*out = files;
	*n_out = n_files;
	return rc;
}

void gal_embed_free(gal_font_file *files, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(files[i].href);
		free(files[i].data);
	}
	free(files);
}
