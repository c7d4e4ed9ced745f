/* Canonical text dump of the prepared model: one node per line, indented
 * by depth, attributes that differ from their defaults, text quoted with
 * C escapes. Golden tests compare it; `galley -t dump` prints it. */
#include <string.h>

#include "base/buf.h"
#include "base/sink.h"
#include "model/doc.h"

static void put_quoted(gal_buf *b, const char *s)
{
	gal_buf_putc(b, '"');
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		switch (c) {
		case '"': gal_buf_puts(b, "\\\""); break;
		case '\\': gal_buf_puts(b, "\\\\"); break;
		case '\n': gal_buf_puts(b, "\\n"); break;
		case '\t': gal_buf_puts(b, "\\t"); break;
		default:
			if (c < 0x20)
				gal_buf_printf(b, "\\x%02x", c);
			else
				gal_buf_putc(b, (char)c);
		}
	}
	gal_buf_putc(b, '"');
}

static void attr(gal_buf *b, const char *name, const char *value)
{
	if (!value)
		return;
	gal_buf_printf(b, " %s=", name);
	put_quoted(b, value);
}

/* An inline image's asked size: points, or ems when negative. */
static void put_length(gal_buf *b, const char *name, double v)
{
	if (v > 0)
		gal_buf_printf(b, " %s=%gpt", name, v);
	else if (v < 0)
		gal_buf_printf(b, " %s=%gem", name, -v);
}

static const char *const list_types[] = { "bullet", "ordered", "definition" };
static const char *const numberings[] = { NULL, "lower-alpha", "upper-alpha",
					  "lower-roman", "upper-roman", "none" };
static const char *const aside_kinds[] = { "box", "note", "tip", "warning",
					   "caution", "important" };
static const char *const tsections[] = { "head", "body", "foot" };
static const char *const section_kinds[] = { NULL, "part", "appendix", "unnumbered",
					     "book" };
static const char *const aligns[] = { NULL, "left", "center", "right", "justify" };
static const char *const img_status[] = { "ok", "missing", "refused", "bad" };

static void node_line(gal_buf *b, const gal_node *n, int depth)
{
	for (int i = 0; i < depth; i++)
		gal_buf_puts(b, "  ");
	gal_buf_puts(b, gal_node_type_name(n->type));
	attr(b, "id", n->id);
	attr(b, "lang", n->lang);
	/* the direction where it changes (prep) */
	if (n->parent ? n->rtl != n->parent->rtl : n->rtl)
		gal_buf_puts(b, n->rtl ? " dir=rtl" : " dir=ltr");
	switch (n->type) {
	case GAL_NODE_TEXT:
		gal_buf_putc(b, ' ');
		put_quoted(b, n->literal);
		break;
	case GAL_NODE_LIST:
		gal_buf_printf(b, " type=%s", list_types[n->list_type % 3]);
		if (n->numbering > 0 && n->numbering < 6)
			gal_buf_printf(b, " numbering=%s", numberings[n->numbering]);
		if (n->start != 1)
			gal_buf_printf(b, " start=%d", n->start);
		break;
	case GAL_NODE_ASIDE:
		gal_buf_printf(b, " kind=%s", aside_kinds[n->aside_kind % 6]);
		break;
	case GAL_NODE_SUMMARY:
		gal_buf_printf(b, " kind=%s", n->summary_kind ? "abstract" : "keypoints");
		break;
	case GAL_NODE_FIGURE:
		if (n->figure_kind == GAL_FIGURE_TABLE || n->figure_kind == GAL_FIGURE_FORMULA)
			gal_buf_printf(b, " kind=%s", n->figure_kind == GAL_FIGURE_TABLE ?
				       "table" : "formula");
		break;
	case GAL_NODE_SECTION:
		if (n->section_kind > 0 && n->section_kind < 5)
			gal_buf_printf(b, " kind=%s", section_kinds[n->section_kind]);
		break;
	case GAL_NODE_TSECTION:
		gal_buf_printf(b, " kind=%s", tsections[n->tsection % 3]);
		break;
	case GAL_NODE_TCELL:
		if (n->header)
			gal_buf_puts(b, " header");
		if (n->colspan != 1)
			gal_buf_printf(b, " colspan=%d", n->colspan);
		if (n->rowspan != 1)
			gal_buf_printf(b, " rowspan=%d", n->rowspan);
		if (n->align)
			gal_buf_printf(b, " align=%s", aligns[n->align % 5]);
		break;
	case GAL_NODE_IMAGE:
	case GAL_NODE_INLINE_IMAGE:
		attr(b, "src", n->url);
		attr(b, "alt", n->title);
		put_length(b, "width", n->img_w);
		put_length(b, "height", n->img_h);
		if (n->image) {
			gal_buf_printf(b, " image=%s", img_status[n->image->status % 4]);
			if (n->image->status == GAL_IMG_OK)
				gal_buf_printf(b, ",%s,%dx%d", n->image->mime,
					       n->image->width, n->image->height);
		}
		break;
	case GAL_NODE_MATH: case GAL_NODE_MATH_BLOCK:
		attr(b, "text", n->title);
		attr(b, "tex", n->tex);
		if (n->literal)
			gal_buf_puts(b, " mathml");
		break;
	case GAL_NODE_LINK: case GAL_NODE_SOURCE:
		attr(b, "href", n->url);
		break;
	case GAL_NODE_XREF: case GAL_NODE_CITE:
		attr(b, "to", n->url);
		if (n->url && !n->target)
			gal_buf_puts(b, " broken");
		break;
	case GAL_NODE_ABBR:
		attr(b, "title", n->title);
		break;
	case GAL_NODE_PRE:
		attr(b, "language", n->title);
		break;
	case GAL_NODE_DOCUMENT: case GAL_NODE_PART:
	case GAL_NODE_BLOCKQUOTE: case GAL_NODE_ITEM:
	case GAL_NODE_TABLE: case GAL_NODE_TROW: case GAL_NODE_BACK:
	case GAL_NODE_REFS: case GAL_NODE_PARA: case GAL_NODE_HEADING:
	case GAL_NODE_PULLQUOTE: case GAL_NODE_CAPTION:
	case GAL_NODE_CREDIT: case GAL_NODE_ATTRIBUTION: case GAL_NODE_TERM:
	case GAL_NODE_REF: case GAL_NODE_TITLE: case GAL_NODE_SUBTITLE:
	case GAL_NODE_HR: case GAL_NODE_EMPH: case GAL_NODE_STRONG:
	case GAL_NODE_CODE: case GAL_NODE_SUP: case GAL_NODE_SUB:
	case GAL_NODE_SMALLCAPS: case GAL_NODE_QUOTE: case GAL_NODE_FOOTNOTE:
	case GAL_NODE_SPAN: case GAL_NODE_LINEBREAK: case GAL_NODE_COUNT:
		break;
	}
	if (n->level)
		gal_buf_printf(b, " level=%d", n->level);
	if (n->number)
		gal_buf_printf(b, " number=%d", n->number);
	attr(b, "label", n->label);
	gal_buf_putc(b, '\n');
}

static void dump_tree(gal_buf *b, const char *name, const gal_node *root)
{
	if (!root)
		return;
	if (name)
		gal_buf_printf(b, "%s:\n", name);
	int depth = name ? 1 : 0;
	gal_iter it;
	gal_iter_init(&it, root);
	gal_event ev;
	while ((ev = gal_iter_next(&it)) != GAL_EV_DONE) {
		const gal_node *n = gal_iter_node(&it);
		if (ev == GAL_EV_EXIT) {
			depth--;
			continue;
		}
		node_line(b, n, depth);
		if (!gal_node_is_leaf(n->type))
			depth++;
	}
}

int gal_render_dump(const gal_doc *doc, const gal_opts *opts, gal_sink *sink,
		    int *pages, gal_err *err)
{
	if (pages)
		*pages = 0;
	gal_buf b = GAL_BUF_INIT;
	const gal_meta *m = &doc->meta;
	gal_buf_printf(&b, "format %s\n", gal_format_name(doc->format) ?
		       gal_format_name(doc->format) : "?");
	gal_buf_puts(&b, "lang ");
	put_quoted(&b, m->lang);
	gal_buf_putc(&b, '\n');
#define META(key, val) do { if (val) { gal_buf_puts(&b, key " "); \
	put_quoted(&b, val); gal_buf_putc(&b, '\n'); } } while (0)
	META("id", m->id);
	META("short-title", m->short_title);
	META("identifier", m->identifier);
	META("uid", doc->uid);
	META("date", m->date);
	META("publisher", m->publisher);
	META("rights", m->rights);
	META("cover", m->cover_src);
	META("cover-alt", m->cover_alt);
#undef META
	for (size_t i = 0; i < m->n_authors; i++) {
		gal_buf_puts(&b, "author ");
		put_quoted(&b, m->authors[i].name);
		attr(&b, "href", m->authors[i].href);
		attr(&b, "affiliation", m->authors[i].affiliation);
		gal_buf_putc(&b, '\n');
	}
	for (size_t i = 0; i < m->n_keywords; i++) {
		gal_buf_puts(&b, "keyword ");
		put_quoted(&b, m->keywords[i]);
		gal_buf_putc(&b, '\n');
	}
	dump_tree(&b, "title", m->title);
	dump_tree(&b, "subtitle", m->subtitle);
	dump_tree(&b, "source", m->source);
	dump_tree(&b, "summary", m->summary);
	dump_tree(&b, "abstract", m->abstract);
	dump_tree(&b, NULL, doc->root);
	for (size_t i = 0; i < doc->n_toc; i++) {
		const gal_toc_entry *e = &doc->toc[i];
		gal_buf_printf(&b, "toc %d", e->level);
		attr(&b, "number", e->number);
		attr(&b, "id", e->id);
		gal_buf_putc(&b, ' ');
		put_quoted(&b, e->text);
		gal_buf_putc(&b, '\n');
	}
	int rc = gal_sink_write(sink, b.data ? b.data : "", b.len);
	gal_buf_free(&b);
	if (rc)
		return gal_err_set(err, GAL_E_IO, opts ? opts->input_path : NULL, 0, 0,
				   "cannot write the dump");
	return 0;
}
