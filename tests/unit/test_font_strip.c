/* The copies PDF output embeds (font_strip.c): each has lost its hinting
 * and nothing else, every table but the hinted ones the same bytes as its
 * face's; the rules point fontconfig at a copy only while the copy is
 * whole and its face unchanged; and the face behind a copy is found. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <hb.h>

#include "base/buf.h"
#include "style/font_strip.h"
#include "style/fonts.h"
#include "unit.h"

#define CHARIS "/usr/share/fonts/truetype/charis/CharisSIL-Regular.ttf"

static hb_face_t *face_of(const char *path)
{
	hb_blob_t *b = hb_blob_create_from_file_or_fail(path);
	hb_face_t *f = b ? hb_face_create(b, 0) : NULL;
	hb_blob_destroy(b);
	return f;
}

static int has_table(hb_face_t *f, const char *tag)
{
	hb_blob_t *t = hb_face_reference_table(f, hb_tag_from_string(tag, 4));
	int has = hb_blob_get_length(t) > 0;
	hb_blob_destroy(t);
	return has;
}

static int same_table(hb_face_t *a, hb_face_t *b, hb_tag_t tag)
{
	hb_blob_t *x = hb_face_reference_table(a, tag), *y = hb_face_reference_table(b, tag);
	unsigned lx, ly;
	const char *dx = hb_blob_get_data(x, &lx), *dy = hb_blob_get_data(y, &ly);
	int same = lx == ly && (lx == 0 || memcmp(dx, dy, lx) == 0);
	hb_blob_destroy(x);
	hb_blob_destroy(y);
	return same;
}

/* The rules gal_font_strip_rules writes for dir: how many copies. */
static int rules(const char *dir)
{
	gal_buf conf = GAL_BUF_INIT;
	gal_font_strip_rules(dir, &conf);
	int n = 0;
	for (const char *p = conf.data; p && (p = strstr(p, "<match target=\"font\">")); p++)
		n++;
	gal_buf_free(&conf);
	return n;
}

static void write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

int main(void)
{
	char dir[] = "/tmp/galley-fontstrip-XXXXXX";
	gal_err err = { 0 };
	if (!mkdtemp(dir) || access(CHARIS, R_OK) != 0) {
		OK(!"a temporary directory and Charis SIL");
		return unit_done("font_strip");
	}
	INT_EQ(gal_fonts_init(&err), GAL_OK);
	INT_EQ(gal_font_strip_build(gal_fonts_config(), dir, &err), GAL_OK);

	char copy[512], list[512];
	snprintf(copy, sizeof copy, "%s/CharisSIL-Regular.ttf", dir);
	snprintf(list, sizeof list, "%s/faces.tsv", dir);
	hb_face_t *orig = face_of(CHARIS), *stripped = face_of(copy);
	OK(orig && stripped);
	if (orig && stripped) {
		/* the hinting programs are gone, and the glyphs' instructions
		 * with them: the outlines are smaller */
		OK(has_table(orig, "fpgm") && !has_table(stripped, "fpgm"));
		OK(!has_table(stripped, "prep") && !has_table(stripped, "cvt "));
		hb_blob_t *g1 = hb_face_reference_table(orig, HB_TAG('g', 'l', 'y', 'f'));
		hb_blob_t *g2 = hb_face_reference_table(stripped, HB_TAG('g', 'l', 'y', 'f'));
		OK(hb_blob_get_length(g2) > 0 && hb_blob_get_length(g2) < hb_blob_get_length(g1));
		hb_blob_destroy(g1);
		hb_blob_destroy(g2);
		INT_EQ(hb_face_get_glyph_count(stripped), hb_face_get_glyph_count(orig));
		/* every other table, shaping's and the metrics, is the same */
		hb_tag_t tags[64];
		unsigned n = 64, differ = 0, kept = 0;
		hb_face_get_table_tags(orig, 0, &n, tags);
		for (unsigned i = 0; i < n; i++) {
			char t[5];
			hb_tag_to_string(tags[i], t);
			t[4] = '\0';
			if (strstr("glyf loca maxp head cvt  fpgm prep hdmx VDMX LTSH", t))
				continue;
			kept++;
			if (!same_table(orig, stripped, tags[i])) {
				fprintf(stderr, "table %s differs\n", t);
				differ++;
			}
		}
		OK(kept >= 10);
		INT_EQ(differ, 0);
	}
	hb_face_destroy(orig);
	hb_face_destroy(stripped);

	/* the rules: one per copy listed; the face behind each is found */
	gal_buf text = GAL_BUF_INIT;
	OK(gal_buf_read_file(&text, list) == 0);
	int listed = 0;
	for (size_t i = 0; i < text.len; i++)
		listed += text.data[i] == '\n';
	OK(listed >= 4);
	INT_EQ(rules(dir), listed);
	STR_EQ(gal_font_strip_source(copy), CHARIS);
	STR_EQ(gal_font_strip_source(CHARIS), CHARIS);

	/* a face changed since its copy was made: that copy is not used */
	gal_buf stale = GAL_BUF_INIT;
	gal_buf_put(&stale, text.data, text.len);
	gal_buf_putc(&stale, '\0');
	char *size = strstr(stale.data, "CharisSIL-Regular.ttf\t");
	OK(size != NULL);
	if (size) {
		size = strchr(strchr(size, '\t') + 1, '\t') + 1; /* the face's size */
		*size = *size == '9' ? '1' : *size + 1;
		write_text(list, stale.data);
		INT_EQ(rules(dir), listed - 1);
		STR_EQ(gal_font_strip_source(copy), copy);
	}
	/* a copy cut short is not used either */
	write_text(list, text.data);
	OK(truncate(copy, 1000) == 0);
	INT_EQ(rules(dir), listed - 1);
	/* nor a list cut short: its last line is not whole */
	gal_buf cut = GAL_BUF_INIT;
	gal_buf_put(&cut, text.data, text.len - 1);
	gal_buf_putc(&cut, '\0');
	write_text(list, cut.data);
	INT_EQ(rules(dir), listed - 2);
	/* and no list, no rules */
	unlink(list);
	INT_EQ(rules(dir), 0);

	gal_buf_free(&text);
	gal_buf_free(&stale);
	gal_buf_free(&cut);
	char cmd[600];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	OK(system(cmd) == 0);
	return unit_done("font_strip");
}
