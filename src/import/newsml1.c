/* NewsML 1.x importer (1.0 to 1.2), still sent by agencies.
 *
 * A NewsML document holds NewsItems; each holds a tree of NewsComponents
 * whose leaves are ContentItems: text in DataContent (NITF, XHTML, plain
 * text, or HTML written as escaped text), or a reference (Href) to a
 * picture, a video or a file elsewhere. A component's Role says what its
 * content is for (Title or HeadLine, Lead or Abstract, Body, Caption,
 * Contact, StyleSheet...); NewsLines give the headline, subheadline,
 * byline, dateline, credit, copyright and keyword lines.
 *
 * A story is a component with a headline of its own. A component that
 * holds two stories or more (several stories, or one in several
 * languages: xml:lang per component) gives each its own PART, as do
 * several NewsItems: one document, one part per story, as a NewsML-G2
 * message. The content is walked with NITF's and XHTML's table
 * (import/nitf.c). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "base/buf.h"
#include "import/nitf.h"
#include "import/toolkit.h"
#include "import/xml.h"
#include "model/doc.h"

#define MAX_STORIES 256
#define MAX_SEEN 32

typedef struct story {
	const xmlNode *nc;       /* its NewsComponent */
	const xmlNode *item;     /* its NewsItem */
	int own;                 /* only the component's own ContentItems (its
				  * sub-components are stories of their own) */
} story;

typedef struct n1 {
	gal_walker w;
	story stories[MAX_STORIES];
	size_t n;
	int overflow;             /* stories past MAX_STORIES */
	int lang_set;
	int first;                /* reading the first story: it fills the
				   * document's metadata */
	/* the texts a story has given (headline, abstract, its components):
	 * one given again in another role is not repeated */
	const char *seen[MAX_SEEN];
	size_t n_seen;
} n1;

/* ---- the tree ------------------------------------------------------------- */

/* A component's role (Role FormalName), "" when none. */
static const char *role_of(n1 *r, const xmlNode *nc)
{
	const char *s = gal_imp_attr(r->w.imp, gal_imp_child(nc, "Role"), "FormalName");
	return s ? s : "";
}

static int role_is(n1 *r, const xmlNode *nc, const char *const *names)
{
	const char *role = role_of(r, nc);
	for (size_t i = 0; names[i]; i++)
		if (!strcasecmp(role, names[i]))
			return 1;
	return 0;
}

static const char *const TITLE_ROLES[] = { "Title", "HeadLine", "Headline", NULL };
static const char *const LEAD_ROLES[] = { "Lead", "Abstract", "Summary", "Intro",
					  "Teaser", "Standfirst", NULL };
static const char *const CAPTION_ROLES[] = { "Caption", NULL };
/* contact details and the like close the story, wherever they stand */
static const char *const LAST_ROLES[] = { "Contact", "Contacts", "Boilerplate", NULL };
/* not text for readers */
static const char *const STYLE_ROLES[] = { "StyleSheet", NULL };

/* A component's value in its NewsLines (HeadLine, ByLine, ...). */
static const xmlNode *line_of(const xmlNode *nc, const char *name)
{
	return gal_imp_child(gal_imp_child(nc, "NewsLines"), name);
}

static int has_headline(n1 *r, const xmlNode *nc)
{
	return gal_imp_nonempty(gal_imp_text(r->w.imp, line_of(nc, "HeadLine")));
}

/* The component of a NewsItem, or of a NewsItem inside a component. */
static const xmlNode *item_component(const xmlNode *x)
{
	return gal_imp_named(x, "NewsItem") ? gal_imp_child(x, "NewsComponent") : x;
}

static int is_component(const xmlNode *x)
{
	return gal_imp_named(x, "NewsComponent") ||
	       (gal_imp_named(x, "NewsItem") && gal_imp_child(x, "NewsComponent"));
}

static void add_story(n1 *r, const xmlNode *nc, const xmlNode *item, int own)
{
	if (r->n == MAX_STORIES) {
		if (!r->overflow++)
			gal_imp_incomplete(r->w.imp, nc, "more than %d stories: the others are "
					   "not read", MAX_STORIES);
		return;
	}
	r->stories[r->n].nc = nc;
	r->stories[r->n].item = item;
	r->stories[r->n++].own = own;
}

/* The stories below a component: itself, unless two of its components
 * or more have headlines of their own; each of those is then a story
 * (and may hold several), as is each of the others, and so are the
 * component's own ContentItems. */
static void collect(n1 *r, const xmlNode *nc, const xmlNode *item, int depth)
{
	int headed = 0;
	for (const xmlNode *c = nc->children; c; c = c->next)
		headed += is_component(c) && has_headline(r, item_component(c));
	if (headed < 2 || depth > 16) {
		add_story(r, nc, item, 0);
		return;
	}
	if (gal_imp_child(nc, "ContentItem"))
		add_story(r, nc, item, 1);
	for (const xmlNode *c = nc->children; c; c = c->next)
		if (is_component(c))
			collect(r, item_component(c), gal_imp_named(c, "NewsItem") ? c : item,
				depth + 1);
}

/* ---- metadata ------------------------------------------------------------- */

/* The components of a story, breadth first (its own lines before those
 * of its parts), within a bound: the first HeadLine, ByLine... found is
 * the story's. */
static size_t story_components(const xmlNode *nc, int own, const xmlNode **out, size_t max)
{
	size_t n = 0;
	if (max)
		out[n++] = nc;
	for (size_t i = 0; i < n && !own; i++)
		for (const xmlNode *c = out[i]->children; c && n < max; c = c->next)
			if (is_component(c))
				out[n++] = item_component(c);
	return n;
}

static const xmlNode *story_line(const xmlNode *const *comps, size_t n, const char *name,
				 n1 *r)
{
	for (size_t i = 0; i < n; i++) {
		const xmlNode *l = line_of(comps[i], name);
		if (l && gal_imp_nonempty(gal_imp_text(r->w.imp, l)))
			return l;
	}
	return NULL;
}

/* A component's language: its own xml:lang or DescriptiveMetadata
 * Language, else its ancestors'. */
static const char *lang_of(n1 *r, const xmlNode *nc)
{
	for (const xmlNode *a = nc; a && a->type == XML_ELEMENT_NODE; a = a->parent) {
		const char *l = gal_imp_lang(r->w.imp, a);
		if (l)
			return l;
		l = gal_imp_attr(r->w.imp, gal_imp_child(gal_imp_child(a, "DescriptiveMetadata"),
							  "Language"), "FormalName");
		if (gal_imp_nonempty(l))
			return l;
	}
	return NULL;
}

/* The nth party a component's AdministrativeMetadata names as what
 * (Creator, Provider, Source), by its FormalName; a creator named as an
 * editor is not an author. */
static const char *party(n1 *r, const xmlNode *nc, const char *what, int nth)
{
	const xmlNode *who = gal_imp_child(gal_imp_child(nc, "AdministrativeMetadata"), what);
	for (const xmlNode *p = who ? who->children : NULL; p; p = p->next) {
		const char *topic = gal_imp_attr(r->w.imp, p, "Topic");
		const char *name = gal_imp_named(p, "Party") ?
				   gal_news_trim(&r->w, gal_imp_attr(r->w.imp, p, "FormalName")) : NULL;
		if (name && !(topic && strcasestr(topic, "editor")) && nth-- == 0)
			return name;
	}
	return NULL;
}

/* A story's authors: its ByLines less "By" (with the ByLineTitle as
 * affiliation), else its creators. names gets n at most max. */
static size_t story_names(n1 *r, const xmlNode *const *comps, size_t nc, const char **names,
			  const char **aff, size_t max)
{
	size_t n = 0;
	const xmlNode *t = story_line(comps, nc, "ByLineTitle", r);
	*aff = t ? gal_news_trim(&r->w, gal_imp_text(r->w.imp, t)) : NULL;
	for (size_t i = 0; i < nc && n < max; i++)
		for (const xmlNode *c = gal_imp_child(comps[i], "NewsLines") ?
					gal_imp_child(comps[i], "NewsLines")->children : NULL;
		     c && n < max; c = c->next)
			if (gal_imp_named(c, "ByLine") &&
			    (names[n] = gal_news_name(&r->w, gal_imp_text(r->w.imp, c))))
				n++;
	for (size_t i = 0; i < nc && !n; i++)
		for (int k = 0; n < max && (names[n] = party(r, comps[i], "Creator", k)); k++)
			n++;
	return n;
}

/* The story's date: its dateline's date, its description's, its item's
 * creation or revision, the envelope's. */
static const char *story_date(n1 *r, const xmlNode *const *comps, size_t nc,
			      const xmlNode *item)
{
	for (size_t i = 0; i < nc; i++) {
		const xmlNode *dm = gal_imp_child(comps[i], "DescriptiveMetadata");
		const xmlNode *dd = gal_imp_child(dm, "DateLineDate");
		const char *d = dd ? gal_imp_text(r->w.imp, dd) : gal_imp_attr(r->w.imp, dm, "DateAndTime");
		if (gal_imp_nonempty(d))
			return gal_news_date(&r->w, d);
	}
	const xmlNode *nm = gal_imp_child(item, "NewsManagement");
	const char *when[] = { "FirstCreated", "ThisRevisionCreated" };
	for (size_t i = 0; i < 2; i++) {
		const char *d = gal_imp_text(r->w.imp, gal_imp_child(nm, when[i]));
		if (gal_imp_nonempty(d))
			return gal_news_date(&r->w, d);
	}
	const xmlNode *env = gal_imp_child(item->parent, "NewsEnvelope");
	const char *d = gal_imp_text(r->w.imp, gal_imp_child(env, "DateAndTime"));
	return gal_imp_nonempty(d) ? gal_news_date(&r->w, d) : NULL;
}

/* The item's identifier: its PublicIdentifier when that names the item,
 * else the one the NewsML specification composes of its parts
 * (urn:newsml:Provider:Date:Item:Revision). */
static const char *item_identifier(n1 *r, const xmlNode *item)
{
	gal_imp *imp = r->w.imp;
	const xmlNode *ni = gal_imp_child(gal_imp_child(item, "Identification"), "NewsIdentifier");
	const char *pub = gal_imp_text(imp, gal_imp_child(ni, "PublicIdentifier"));
	const char *prov = gal_imp_text(imp, gal_imp_child(ni, "ProviderId"));
	const char *date = gal_imp_text(imp, gal_imp_child(ni, "DateId"));
	const char *id = gal_imp_text(imp, gal_imp_child(ni, "NewsItemId"));
	const char *rev = gal_imp_text(imp, gal_imp_child(ni, "RevisionId"));
	if (gal_imp_nonempty(pub) && (!gal_imp_nonempty(id) || strstr(pub, id)))
		return pub;
	if (!gal_imp_nonempty(prov) || !gal_imp_nonempty(date) || !gal_imp_nonempty(id))
		return gal_imp_nonempty(pub) ? pub : NULL;
	return gal_doc_printf(r->w.doc, "urn:newsml:%s:%s:%s:%s", prov, date, id,
			      gal_imp_nonempty(rev) ? rev : "1");
}

/* The document's metadata from a story, where it has none yet. */
static void story_meta(n1 *r, const story *s)
{
	gal_walker *w = &r->w;
	gal_meta *m = &w->doc->meta;
	const xmlNode *comps[64];
	size_t nc = story_components(s->nc, s->own, comps, 64);
	const xmlNode *x;
	const char *lang = lang_of(r, s->nc);
	if (gal_imp_nonempty(lang) && !r->lang_set) {
		m->lang = lang;
		r->lang_set = 1;
	}
	if (!m->title && (x = story_line(comps, nc, "HeadLine", r)))
		m->title = gal_news_inline(w, GAL_NODE_TITLE, x);
	if (!m->subtitle && (x = story_line(comps, nc, "SubHeadLine", r)))
		m->subtitle = gal_news_inline(w, GAL_NODE_SUBTITLE, x);
	if (!m->source && (x = story_line(comps, nc, "CreditLine", r)))
		m->source = gal_news_inline(w, GAL_NODE_SOURCE, x);
	if (!m->rights && (x = story_line(comps, nc, "CopyrightLine", r)))
		m->rights = gal_imp_text(w->imp, x);
	for (size_t i = 0; i < nc; i++) {
		if (!m->publisher)
			m->publisher = party(r, comps[i], "Provider", 0);
		if (!m->source && party(r, comps[i], "Source", 0)) {
			const char *src = party(r, comps[i], "Source", 0);
			m->source = gal_imp_new(w->imp, GAL_NODE_SOURCE, comps[i]);
			gal_imp_add_text(w->imp, m->source, src, strlen(src), comps[i]);
		}
	}
	if (!m->date)
		m->date = story_date(r, comps, nc, s->item);
	if (!m->identifier)
		m->identifier = item_identifier(r, s->item);
}

/* Keywords of every story: keyword, slug and series lines. */
static void story_keywords(n1 *r, const story *s)
{
	const xmlNode *comps[64];
	size_t nc = story_components(s->nc, s->own, comps, 64);
	for (size_t i = 0; i < nc; i++)
		for (const xmlNode *c = gal_imp_child(comps[i], "NewsLines") ?
					gal_imp_child(comps[i], "NewsLines")->children : NULL; c; c = c->next)
			if (gal_imp_named(c, "KeywordLine") || gal_imp_named(c, "SlugLine") ||
			    gal_imp_named(c, "SeriesLine"))
				gal_news_keyword(&r->w, gal_news_trim(&r->w, gal_imp_text(r->w.imp, c)));
}

/* ---- content -------------------------------------------------------------- */

/* What a DataContent holds, ready to walk: NITF, another element (an
 * XHTML body), HTML written as escaped text and parsed, or plain text. */
typedef struct data {
	const xmlNode *nitf, *el, *text;
	xmlDocPtr frag;
} data;

/* Whether text holds markup written as text (&lt;b&gt; in the source):
 * a '<' that opens a tag, and a '>' after it. */
static int holds_markup(const char *s)
{
	for (const char *p = strchr(s, '<'); p; p = strchr(p + 1, '<'))
		if ((isalpha((unsigned char)p[1]) || p[1] == '/' || p[1] == '!') && strchr(p, '>'))
			return 1;
	return 0;
}

/* Escaped markup is read with libxml2's HTML parser: what agencies
 * escape is HTML (<br>, &nbsp;, unclosed paragraphs) that XML would
 * refuse, and the HTML parser reads no DTD and no external entity, never
 * the network, and keeps no entity of ours: the only resources it could
 * name are its images, which go through the resource fence like any
 * other. Its elements take the lines of the text they came from, so
 * messages point into the input. */
static xmlDocPtr parse_escaped(const char *s, int line)
{
	xmlDocPtr d = htmlReadMemory(s, (int)strlen(s), NULL, "UTF-8",
				     HTML_PARSE_NONET | HTML_PARSE_NOERROR |
				     HTML_PARSE_NOWARNING | HTML_PARSE_NODEFDTD);
	xmlNodePtr n = d ? d->children : NULL;
	while (n) {
		long l = line - 1 + xmlGetLineNo(n);
		n->line = (unsigned short)(l > 0 && l < 65535 ? l : 65535);
		if (n->children) {
			n = n->children;
			continue;
		}
		while (n && !n->next)
			n = n->parent && n->parent != (xmlNodePtr)d ? n->parent : NULL;
		n = n ? n->next : NULL;
	}
	return d;
}

static void data_read(n1 *r, const xmlNode *dc, data *d)
{
	memset(d, 0, sizeof *d);
	if (!dc)
		return;
	for (const xmlNode *c = dc->children; c; c = c->next) {
		if (!gal_imp_is_el(c))
			continue;
		/* NITF, an XHTML document's body, or XHTML blocks */
		const xmlNode *body = gal_imp_named(c, "html") ? gal_imp_child(c, "body") : NULL;
		if (gal_imp_named(c, "nitf"))
			d->nitf = c;
		else
			d->el = body ? body : dc;
		return;
	}
	const char *s = gal_imp_text(r->w.imp, dc);
	if (!gal_imp_nonempty(s))
		return;
	xmlChar *raw = holds_markup(s) ? xmlNodeGetContent(dc) : NULL;
	if (raw)
		d->frag = parse_escaped((const char *)raw, gal_imp_line(dc));
	xmlFree(raw);
	d->el = d->frag ? gal_imp_child(xmlDocGetRootElement(d->frag), "body") : NULL;
	if (!d->el) {
		d->text = dc;
		if (d->frag)
			xmlFreeDoc(d->frag);
		d->frag = NULL;
	}
}

static void data_end(data *d)
{
	if (d->frag)
		xmlFreeDoc(d->frag);
	d->frag = NULL;
}

/* A ContentItem's text, or NULL: its DataContent (inside an Encoding,
 * whose notation says how it is written: only XML or text is read). */
static const xmlNode *data_content(n1 *r, const xmlNode *ci)
{
	const xmlNode *dc = gal_imp_child(ci, "DataContent");
	const xmlNode *enc = gal_imp_child(ci, "Encoding");
	if (dc || !enc)
		return dc;
	const char *how = gal_imp_attr(r->w.imp, enc, "Notation");
	if (how && (strcasestr(how, "xml") || strcasestr(how, "text") || !strcasecmp(how, "none")))
		return gal_imp_child(enc, "DataContent");
	gal_imp_incomplete(r->w.imp, enc, "content encoded as '%s' is not read", how ? how : "");
	return NULL;
}

/* The text of a DataContent as it reads, for comparing roles. */
static const char *item_text(n1 *r, const xmlNode *dc)
{
	data d;
	data_read(r, dc, &d);
	const xmlNode *x = d.nitf ? d.nitf : d.el ? d.el : d.text;
	const char *s = x ? gal_imp_text(r->w.imp, x) : NULL;
	data_end(&d);
	return s;
}

/* Whether a ContentItem points to a picture, a moving picture or a
 * sound (0: none of them). */
enum { MEDIA_NONE, MEDIA_PICTURE, MEDIA_AV };

static int media_kind(n1 *r, const xmlNode *ci)
{
	gal_imp *imp = r->w.imp;
	if (!gal_imp_nonempty(gal_imp_attr(imp, ci, "Href")) || gal_imp_child(ci, "DataContent"))
		return MEDIA_NONE;
	const char *mt = gal_imp_attr(imp, gal_imp_child(ci, "MediaType"), "FormalName");
	const char *mime = gal_imp_attr(imp, gal_imp_child(ci, "MimeType"), "FormalName");
	const char *fmt = gal_imp_attr(imp, gal_imp_child(ci, "Format"), "FormalName");
	if ((mt && (!strcasecmp(mt, "Video") || !strcasecmp(mt, "Audio"))) ||
	    (mime && (!strncasecmp(mime, "video/", 6) || !strncasecmp(mime, "audio/", 6))))
		return MEDIA_AV;
	if ((mt && (!strcasecmp(mt, "Photo") || !strcasecmp(mt, "Graphic") ||
		    !strcasecmp(mt, "Image"))) ||
	    (mime && !strncasecmp(mime, "image/", 6)) ||
	    (fmt && (strcasestr(fmt, "image") || strcasestr(fmt, "jpeg") || strcasestr(fmt, "png") ||
		     strcasestr(fmt, "gif") || strcasestr(fmt, "tiff"))))
		return MEDIA_PICTURE;
	return MEDIA_NONE;
}

/* The declared width of a rendition (Characteristics Property Width or
 * PixelWidth), 0 when none. */
static long rendition_width(n1 *r, const xmlNode *ci)
{
	for (const xmlNode *p = gal_imp_child(ci, "Characteristics") ?
				gal_imp_child(ci, "Characteristics")->children : NULL; p; p = p->next) {
		const char *name = gal_imp_attr(r->w.imp, p, "FormalName");
		if (gal_imp_named(p, "Property") && name && strcasestr(name, "width"))
			return gal_imp_int(gal_imp_attr(r->w.imp, p, "Value"), 0);
	}
	return 0;
}

/* A component's media: of its ContentItems that point to one, the
 * widest (the others are renditions of the same picture). */
static const xmlNode *component_media(n1 *r, const xmlNode *nc)
{
	const xmlNode *best = NULL;
	for (const xmlNode *c = nc->children; c; c = c->next)
		if (gal_imp_named(c, "ContentItem") && media_kind(r, c) &&
		    (!best || rendition_width(r, c) > rendition_width(r, best)))
			best = c;
	return best;
}

/* A DataContent's text as the inline content of a caption. */
static void caption_of(n1 *r, gal_node **cap, const xmlNode *dc)
{
	data d;
	data_read(r, dc, &d);
	const xmlNode *x = d.nitf ? gal_imp_child(gal_imp_child(d.nitf, "body"), "body.content") :
			   d.el ? d.el : d.text;
	if (x)
		gal_walk_caption(&r->w, cap, x, 0);
	data_end(&d);
}

/* A picture (or a video, a sound: a placeholder) as a figure, captioned
 * by the ContentItems of the caption component, if any. */
static void media_figure(n1 *r, gal_node *box, const xmlNode *nc, const xmlNode *ci,
			 const xmlNode *caption_nc)
{
	gal_walker *w = &r->w;
	const xmlNode *hl = line_of(nc, "HeadLine");
	const char *alt = hl ? gal_imp_text(w->imp, hl) : NULL;
	gal_node *fig = gal_news_figure(w, box, ci, gal_imp_attr(w->imp, ci, "Href"),
					gal_imp_nonempty(alt) ? alt : NULL);
	gal_node *cap = NULL;
	for (const xmlNode *c = caption_nc ? caption_nc->children : NULL; c && fig; c = c->next)
		if (gal_imp_named(c, "ContentItem"))
			caption_of(r, &cap, data_content(r, c));
	if (cap && cap->first)
		gal_node_append_child(fig, cap);
}

/* Whether this text was given before in the story (the headline, in a
 * Title role; the abstract again as a tweet): it is not repeated. */
static int seen_before(n1 *r, const char *s)
{
	if (!gal_imp_nonempty(s))
		return 0;
	for (size_t i = 0; i < r->n_seen; i++)
		if (gal_news_same(r->seen[i], s))
			return 1;
	if (r->n_seen < MAX_SEEN)
		r->seen[r->n_seen++] = s;
	return 0;
}

/* A DataContent's text as blocks of box. */
static void item_blocks(n1 *r, gal_node *box, const xmlNode *dc, const char *headline)
{
	gal_walker *w = &r->w;
	data d;
	data_read(r, dc, &d);
	if (d.nitf) {
		gal_nitf_meta_read(w, d.nitf, box, r->first ? GAL_NITF_FILL : GAL_NITF_BODY);
		gal_nitf_body(w, box, d.nitf, headline);
	} else if (d.el) {
		gal_news_blocks(w, box, d.el, headline);
	} else if (d.text) {
		gal_news_plain(w, box, d.text, NULL);
	}
	data_end(&d);
}

static int is_style(n1 *r, const xmlNode *ci)
{
	const char *mime = gal_imp_attr(r->w.imp, gal_imp_child(ci, "MimeType"), "FormalName");
	const char *fmt = gal_imp_attr(r->w.imp, gal_imp_child(ci, "Format"), "FormalName");
	return (mime && (strcasestr(mime, "css") || strcasestr(mime, "xsl"))) ||
	       (fmt && (!strcasecmp(fmt, "CSS") || !strcasecmp(fmt, "XSL") || !strcasecmp(fmt, "XSLT")));
}

/* A component's own ContentItems into box: its media as a figure (with
 * the caption paired to it), its text as blocks; a style sheet is not
 * text for readers; text kept elsewhere (Href) is said to be missing. */
static void component_items(n1 *r, gal_node *box, const xmlNode *nc, const xmlNode *caption_nc,
			    const char *headline)
{
	gal_walker *w = &r->w;
	const xmlNode *media = component_media(r, nc);
	int lead = role_is(r, nc, LEAD_ROLES);
	int title = role_is(r, nc, TITLE_ROLES) && r->first;
	for (const xmlNode *c = nc->children; c && !w->imp->stop; c = c->next) {
		if (!gal_imp_named(c, "ContentItem") || is_style(r, c))
			continue;
		if (c == media) {
			media_figure(r, box, nc, c, caption_nc);
			continue;
		}
		if (media_kind(r, c))
			continue;   /* another rendition */
		const xmlNode *dc = data_content(r, c);
		const char *href = gal_imp_attr(w->imp, c, "Href");
		if (!dc && gal_imp_nonempty(href)) {
			gal_imp_warn(w->imp, c, "remote-content",
				     "the content at '%s' is not in this file: not read", href);
			continue;
		}
		const char *text = item_text(r, dc);
		if (!gal_imp_nonempty(text) || seen_before(r, text))
			continue;
		gal_meta *m = &w->doc->meta;
		if (title && !m->title) {
			/* no headline line: the title role's text is the title */
			m->title = gal_imp_new(w->imp, GAL_NODE_TITLE, c);
			gal_imp_add_text(w->imp, m->title, text, strlen(text), c);
			continue;
		}
		if (lead && r->first && !m->abstract && box->type != GAL_NODE_PART) {
			gal_node *s = gal_imp_new(w->imp, GAL_NODE_SUMMARY, c);
			if (s) {
				s->summary_kind = GAL_SUMMARY_ABSTRACT;
				item_blocks(r, s, dc, NULL);
				gal_imp_tidy(w->doc, s);
				m->abstract = s->first ? s : NULL;
			}
			continue;
		}
		item_blocks(r, box, dc, headline);
	}
}

/* Other lines of a component (NewsLine: a type and its text) keep their
 * words: "ClickThru URL: http://www.example.com". */
static void news_lines(n1 *r, gal_node *box, const xmlNode *nc)
{
	gal_walker *w = &r->w;
	for (const xmlNode *c = gal_imp_child(nc, "NewsLines") ?
				gal_imp_child(nc, "NewsLines")->children : NULL; c; c = c->next) {
		if (!gal_imp_named(c, "NewsLine"))
			continue;
		const char *t = gal_imp_text(w->imp, gal_imp_child(c, "NewsLineText"));
		const char *type = gal_imp_attr(w->imp, gal_imp_child(c, "NewsLineType"), "FormalName");
		if (!gal_imp_nonempty(t))
			continue;
		int named = gal_imp_nonempty(type) && !isdigit((unsigned char)*type);
		gal_news_para(w, box, c, named ? gal_doc_printf(w->doc, "%s: %s", type, t) : t);
	}
}

/* A component's content in reading order: its ContentItems, then its
 * components by role; captions go to the pictures beside them; contact
 * details close the story. */
static void component(n1 *r, gal_node *box, const xmlNode *nc, const xmlNode *caption_nc,
		      const char *headline, int own, int depth)
{
	gal_walker *w = &r->w;
	if (role_is(r, nc, STYLE_ROLES))
		return;
	if (depth > 32) {
		gal_imp_incomplete(w->imp, nc, "components nested more than 32 deep are not read");
		return;
	}
	news_lines(r, box, nc);
	component_items(r, box, nc, caption_nc, headline);
	if (own)
		return;
	/* pair each caption component with a picture component beside it */
	const xmlNode *caps[16], *pics[16];
	size_t nc_caps = 0, n_pics = 0;
	for (const xmlNode *c = nc->children; c; c = c->next) {
		if (!gal_imp_named(c, "NewsComponent"))
			continue;
		if (role_is(r, c, CAPTION_ROLES) && !component_media(r, c) && nc_caps < 16)
			caps[nc_caps++] = c;
		else if (component_media(r, c) && n_pics < 16)
			pics[n_pics++] = c;
	}
	size_t paired = nc_caps < n_pics ? nc_caps : n_pics;
	for (int last = 0; last < 2; last++)
		for (const xmlNode *c = nc->children; c && !w->imp->stop; c = c->next) {
			if (!is_component(c) || role_is(r, item_component(c), LAST_ROLES) != last)
				continue;
			const xmlNode *cap = NULL;
			int is_cap = 0;
			for (size_t i = 0; i < paired; i++) {
				is_cap |= caps[i] == c;
				if (pics[i] == c)
					cap = caps[i];
			}
			if (is_cap)
				continue;
			component(r, box, item_component(c), cap, headline, 0, depth + 1);
		}
}

/* ---- stories -------------------------------------------------------------- */

/* One story into box: where it is a PART, its heading, byline, subtitle
 * and dateline; its content. */
static void read_story(n1 *r, const story *s, gal_node *box)
{
	gal_walker *w = &r->w;
	gal_meta *m = &w->doc->meta;
	const xmlNode *comps[64];
	size_t nc = story_components(s->nc, s->own, comps, 64);
	const xmlNode *hl = story_line(comps, nc, "HeadLine", r);
	const char *headline = hl ? gal_imp_text(w->imp, hl) : NULL;
	r->n_seen = 0;
	if (headline)
		seen_before(r, headline);
	if (m->title)
		seen_before(r, gal_node_text(w->doc, m->title));
	if (box->type == GAL_NODE_PART) {
		const char *lang = lang_of(r, s->nc);
		if (gal_imp_nonempty(lang))
			box->lang = lang;
		if (hl && gal_news_part_headed(w, box, headline))
			gal_walk_fill(w, gal_imp_add(w->imp, box, GAL_NODE_HEADING, hl), hl);
		const xmlNode *sub = story_line(comps, nc, "SubHeadLine", r);
		if (sub)
			gal_walk_fill(w, gal_imp_add(w->imp, box, GAL_NODE_PARA, sub), sub);
		const char *names[16], *aff;
		size_t n = story_names(r, comps, nc, names, &aff, 16);
		const xmlNode *by = story_line(comps, nc, "ByLine", r);
		gal_buf b = GAL_BUF_INIT;
		gal_buf_puts(&b, by ? gal_imp_text(w->imp, by) : "");
		for (size_t i = 0; !by && i < n; i++)
			gal_buf_printf(&b, "%s%s", i ? ", " : "", names[i]);
		if (b.len && aff)
			gal_buf_printf(&b, ", %s", aff);
		if (!gal_news_same_authors(w, names, n))
			gal_news_para(w, box, by ? by : s->nc, gal_news_trim(w, b.data));
		gal_buf_free(&b);
	}
	const xmlNode *dl = story_line(comps, nc, "DateLine", r);
	if (dl)
		gal_news_para(w, box, dl, gal_news_trim(w, gal_imp_text(w->imp, dl)));
	component(r, box, s->nc, NULL, headline, s->own, 0);
}

int gal_import_newsml1(gal_imp *imp, xmlDocPtr xml)
{
	n1 *r = xcalloc(1, sizeof *r);
	gal_news_walker(&r->w, imp);
	gal_walker *w = &r->w;
	gal_doc *doc = imp->doc;
	const xmlNode *root = gal_imp_root(imp, xml, GAL_FMT_NEWSML1);
	int rc = 0;
	if (!root)
		goto cleanup;
	for (const xmlNode *c = root->children; c; c = c->next) {
		const xmlNode *nc = gal_imp_named(c, "NewsItem") ? gal_imp_child(c, "NewsComponent") : NULL;
		if (nc)
			collect(r, nc, c, 0);
		else if (gal_imp_named(c, "NewsItem"))
			gal_imp_warn(imp, c, "no-content", "a NewsItem without a NewsComponent "
				     "(an update or a reference to another item): nothing to read");
	}
	if (!r->n) {
		rc = gal_err_set(imp->err, GAL_E_FORMAT, doc->name, gal_imp_line(root), 0,
				 "no NewsItem with content in this NewsML document");
		goto cleanup;
	}
	/* the document's metadata: the first item's frame (the components
	 * above its first story: they name the whole), then that story */
	const story *first = &r->stories[0];
	const xmlNode *top = gal_imp_child(first->item, "NewsComponent");
	if (top && top != first->nc && r->n > 1) {
		story frame = { top, first->item, 1 };
		story_meta(r, &frame);
	}
	story_meta(r, first);
	if (!doc->meta.title) {
		const xmlNode *nl = gal_imp_child(gal_imp_child(first->item, "Identification"), "NameLabel");
		if (nl && gal_imp_nonempty(gal_imp_text(imp, nl)))
			doc->meta.title = gal_news_inline(w, GAL_NODE_TITLE, nl);
	}
	/* the authors of every story, each once; a part prints its own */
	for (size_t i = 0; i < r->n; i++) {
		const xmlNode *comps[64];
		const char *names[64], *aff;
		size_t nc = story_components(r->stories[i].nc, r->stories[i].own, comps, 64);
		size_t n = story_names(r, comps, nc, names, &aff, 64);
		for (size_t a = 0; a < n; a++)
			gal_news_author(w, names[a], aff);
		story_keywords(r, &r->stories[i]);
	}
	for (size_t i = 0; i < r->n && !imp->stop; i++) {
		gal_node *box = r->n > 1 ? gal_imp_add(imp, doc->root, GAL_NODE_PART, r->stories[i].nc)
					 : doc->root;
		r->first = i == 0;
		if (box)
			read_story(r, &r->stories[i], box);
	}
	gal_imp_tidy(doc, doc->root);
	rc = imp->status;
cleanup:
	free(r);
	return rc ? rc : imp->status;
}
