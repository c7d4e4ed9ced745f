/* The style keys' documentation against their table (gal_style_keys):
 * the man page's STYLES section lists every key under its section and no
 * other, and styles/brief.ini names every key, a key it leaves at the
 * built-in value in a comment ("; small-caps = no") that holds that
 * value. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "style/style.h"
#include "unit.h"

#define MAX_SEEN 256

/* keys found in a document, with the kind of section they stood in */
typedef struct {
	char name[64];
	gal_key_section sec;
} seen_key;

typedef struct {
	seen_key key[MAX_SEEN];
	int n;
} seen;

static void add_seen(seen *s, const char *name, size_t len, gal_key_section sec)
{
	OK(s->n < MAX_SEEN && len < sizeof s->key[0].name);
	if (s->n >= MAX_SEEN || len >= sizeof s->key[0].name)
		return;
	memcpy(s->key[s->n].name, name, len);
	s->key[s->n].name[len] = '\0';
	s->key[s->n++].sec = sec;
}

static const char *const sec_names[] = { "[style]", "[page]", "a part" };

/* Each key the document shows stands in the table, in that kind of
 * section; each key of the table is shown. */
static void compare(const seen *s, const char *doc)
{
	for (int i = 0; i < s->n; i++) {
		int known = gal_style_key_find(s->key[i].sec, s->key[i].name) != NULL;
		if (!known)
			fprintf(stderr, "%s shows '%s' in %s, which the key table lacks\n",
				doc, s->key[i].name, sec_names[s->key[i].sec]);
		OK(known);
	}
	for (size_t k = 0; k < gal_style_nkeys; k++) {
		int found = 0;
		for (int i = 0; i < s->n && !found; i++)
			found = s->key[i].sec == gal_style_keys[k].section &&
				!strcmp(s->key[i].name, gal_style_keys[k].name);
		if (!found)
			fprintf(stderr, "%s misses the key '%s' of %s\n", doc,
				gal_style_keys[k].name, sec_names[gal_style_keys[k].section]);
		OK(found);
	}
}

static char *read_text(const char *path)
{
	gal_buf b = { 0 };
	OK(gal_buf_read_file(&b, path) == 0);
	if (!b.data)
		gal_buf_puts(&b, "");
	return gal_buf_detach(&b, NULL);
}

/* ---- galley.1 ----------------------------------------------------------- */

/* In the STYLES section, each subsection ([style], [page], Parts) lists
 * its keys as the tags of .TP and .TQ paragraphs: ".B margin\-top". */
static void test_man_page(void)
{
	char *text = read_text(GAL_SRCDIR "/galley.1");
	static seen s;
	int in_styles = 0, tag = 0, sec = -1, subsections = 0;
	s.n = 0;
	for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
		if (!strncmp(line, ".SH ", 4)) {
			in_styles = !strcmp(line, ".SH STYLES");
			sec = -1;
			continue;
		}
		if (!in_styles)
			continue;
		if (!strncmp(line, ".SS ", 4)) {
			sec = strstr(line, "[style]") ? GAL_SEC_STYLE
				: strstr(line, "[page]") ? GAL_SEC_PAGE
				: strstr(line, "Parts") ? GAL_SEC_PART : -1;
			subsections += sec >= 0;
			continue;
		}
		if (!strcmp(line, ".TP") || !strcmp(line, ".TQ")) {
			tag = 1;
			continue;
		}
		if (!tag)
			continue;
		tag = 0;
		if (strncmp(line, ".B ", 3)) {
			fprintf(stderr, "galley.1: a STYLES tag not in the form "
				"\".B key\": %s\n", line);
			OK(0);
			continue;
		}
		OK(sec >= 0);
		char name[64];
		size_t n = 0;
		for (const char *p = line + 3; *p && *p != ' ' && n < sizeof name - 1; p++)
			if (*p != '\\')         /* "\-" is a hyphen */
				name[n++] = *p;
		if (sec >= 0)
			add_seen(&s, name, n, sec);
	}
	INT_EQ(subsections, 3);
	compare(&s, "galley.1");
	free(text);
}

/* ---- styles/brief.ini --------------------------------------------------- */

/* "key = value" or, commented, "; key = value" (one space after ';'):
 * the length of the key, 0 for any other line */
static size_t key_line(const char *line, int *commented)
{
	*commented = line[0] == ';';
	if (*commented) {
		if (line[1] != ' ')
			return 0;
		line += 2;
	}
	size_t n = 0;
	while (islower((unsigned char)line[n]) || isdigit((unsigned char)line[n]) ||
	       (n && line[n] == '-'))
		n++;
	if (!n || strncmp(line + n, " =", 2) || (line[n + 2] && line[n + 2] != ' '))
		return 0;
	return n;
}

static int section_kind(const char *name)
{
	if (!strcmp(name, "style"))
		return GAL_SEC_STYLE;
	if (!strcmp(name, "page"))
		return GAL_SEC_PAGE;
	for (int p = 0; p < GAL_PART_COUNT; p++)
		if (!strcmp(name, gal_part_name(p)))
			return GAL_SEC_PART;
	return -1;
}

/* the dump, less its first line (the path it was read from) */
static char *dump_of(const char *path)
{
	gal_style *s = NULL;
	gal_err err = { 0 };
	INT_EQ(gal_style_load(path, &s, &err), 0);
	if (!s) {
		fprintf(stderr, "%s:%d: %s\n", path, err.line, err.message);
		return strdup("");
	}
	gal_buf b = { 0 };
	gal_style_dump(s, &b);
	gal_style_free(s);
	char *text = gal_buf_detach(&b, NULL);
	char *nl = text[0] == ';' ? strchr(text, '\n') : NULL;
	if (nl)
		memmove(text, nl + 1, strlen(nl + 1) + 1);
	return text;
}

static void test_brief_ini(void)
{
	const char *path = GAL_SRCDIR "/styles/brief.ini";
	char *text = read_text(path);
	gal_buf open = { 0 };   /* the file with its commented keys set */
	static seen s;
	int sec = -1, commented_keys = 0;
	s.n = 0;
	for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
		int commented;
		size_t n = key_line(line, &commented);
		if (line[0] == '[') {
			char name[64] = "";
			sscanf(line, "[%63[^]]", name);
			sec = section_kind(name);
			OK(sec >= 0);
		} else if (n) {
			if (sec < 0)
				fprintf(stderr, "brief.ini: '%s' outside a section\n", line);
			OK(sec >= 0);
			if (sec >= 0)
				add_seen(&s, line + (commented ? 2 : 0), n, sec);
			commented_keys += commented;
		}
		gal_buf_puts(&open, n && commented ? line + 2 : line);
		gal_buf_putc(&open, '\n');
	}
	compare(&s, "styles/brief.ini");
	OK(commented_keys > 0);

	/* a commented key shows the value brief has anyway */
	char tmp[] = "/tmp/galley-brief-XXXXXX.ini";
	int fd = mkstemps(tmp, 4);
	OK(fd >= 0);
	if (fd >= 0) {
		OK(write(fd, open.data, open.len) == (ssize_t)open.len);
		close(fd);
		char *as_is = dump_of(path), *opened = dump_of(tmp);
		if (strcmp(as_is, opened))
			fprintf(stderr, "brief.ini: a commented key is not the "
				"built-in value\n");
		OK(!strcmp(as_is, opened));
		free(as_is);
		free(opened);
		unlink(tmp);
	}
	gal_buf_free(&open);
	free(text);
}

int main(void)
{
	setenv("GALLEY_DATA", GAL_SRCDIR, 1);
	test_man_page();
	test_brief_ini();
	return unit_done("style_doc");
}
