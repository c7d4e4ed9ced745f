/* Batches: inputs, output names, sharding, --update, worker processes.
 *
 * Workers are forked once the parent has loaded fonts, styles and
 * schemas, and each takes one input at a time from a task pipe and sends
 * the whole result (messages, outputs, pages, time) back on a result pipe.
 * The parent keeps results by input index and hands them to the caller in
 * input order, so what is printed does not depend on -j or timing. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <glib.h>

#if defined(__SANITIZE_ADDRESS__)
#define GAL_LSAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define GAL_LSAN 1
#endif
#endif
#ifdef GAL_LSAN
#include <sanitizer/lsan_interface.h>
#endif

#include "base/buf.h"
#include "base/sink.h"
#include "cli/batch.h"

/* Directory walks stop this deep: a guard against loops through bind
 * mounts and against absurd trees, not a limit anyone should meet. */
#define WALK_MAX_DEPTH 64

/* ---- inputs ------------------------------------------------------------- */

static gal_input *add_input(gal_batch *b, const char *path, const char *stem)
{
	if (b->n == b->cap) {
		b->cap = b->cap ? 2 * b->cap : 16;
		b->in = xrealloc(b->in, b->cap * sizeof *b->in);
	}
	gal_input *in = &b->in[b->n++];
	memset(in, 0, sizeof *in);
	in->path = xstrdup(path);
	in->stem = xstrdup(stem);
	return in;
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	return n >= k && strcmp(s + n - k, suffix) == 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* join "a" + "b" -> "a/b" (no doubled slash) */
static char *join(const char *a, const char *b)
{
	size_t n = strlen(a);
	int slash = n > 0 && a[n - 1] != '/';
	char *s = xmalloc(n + (size_t)slash + strlen(b) + 1);
	strcpy(s, a);
	if (slash)
		strcat(s, "/");
	strcat(s, b);
	return s;
}

/* Walk dir (path as the user will see it) collecting *.xml, sorted by
 * name at each level; rel is the path below the argument ("" at top). */
static int walk(gal_batch *b, const char *dir, const char *rel, int depth,
		gal_err *err)
{
	DIR *d = NULL;
	char **names = NULL;
	size_t n = 0, cap = 0;
	int rc = GAL_OK;

	if (depth > WALK_MAX_DEPTH) {
		/* err->file must outlive us: the path goes in the text */
		rc = gal_err_set(err, GAL_E_USAGE, NULL, 0, 0,
				 "%s: directories nested deeper than %d levels",
				 dir, WALK_MAX_DEPTH);
		goto cleanup;
	}
	d = opendir(dir);
	if (!d) {
		rc = gal_err_set(err, GAL_E_USAGE, NULL, 0, 0,
				 "%s: cannot read directory: %s", dir, strerror(errno));
		goto cleanup;
	}
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 32;
			names = xrealloc(names, cap * sizeof *names);
		}
		names[n++] = xstrdup(e->d_name);
	}
	if (n)
		qsort(names, n, sizeof *names, cmp_str);
	for (size_t i = 0; i < n && rc == GAL_OK; i++) {
		char *path = join(dir, names[i]);
		char *r = *rel ? join(rel, names[i]) : xstrdup(names[i]);
		struct stat st;
		if (lstat(path, &st) == 0) {
			if (S_ISDIR(st.st_mode)) {
				rc = walk(b, path, r, depth + 1, err);
			} else if (ends_with(names[i], ".xml") &&
				   stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
				r[strlen(r) - 4] = '\0';
				add_input(b, path, r);
			}
		}
		free(path);
		free(r);
	}

cleanup:
	if (d)
		closedir(d);
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return rc;
}

int gal_batch_add(gal_batch *b, const char *arg, gal_err *err)
{
	struct stat st;
	if (strcmp(arg, "-") == 0) {
		add_input(b, "-", "stdin");
		return GAL_OK;
	}
	if (stat(arg, &st) == 0 && S_ISDIR(st.st_mode)) {
		size_t before = b->n;
		int rc = walk(b, arg, "", 0, err);
		if (rc == GAL_OK && b->n == before)
			rc = gal_err_set(err, GAL_E_USAGE, arg, 0, 0,
					 "no *.xml files in this directory");
		return rc;
	}
	/* A file named directly: its stem is its base name less the last
	 * extension. A missing file is not a usage error but that input's
	 * failure, reported when it is read. */
	const char *base = strrchr(arg, '/');
	base = base ? base + 1 : arg;
	char *stem = xstrdup(*base ? base : "output");
	char *dot = strrchr(stem, '.');
	if (dot && dot != stem)
		*dot = '\0';
	add_input(b, arg, stem);
	free(stem);
	return GAL_OK;
}

/* ---- sharding ------------------------------------------------------------ */

uint64_t gal_fnv1a64(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		h ^= *p;
		h *= 0x100000001b3ULL;
	}
	return h;
}

int gal_shard_parse(const char *s, unsigned *k, unsigned *n)
{
	char *end;
	errno = 0;
	unsigned long a = strtoul(s, &end, 10);
	if (end == s || *end != '/' || errno)
		return GAL_E_USAGE;
	const char *t = end + 1;
	unsigned long c = strtoul(t, &end, 10);
	if (end == t || *end || errno || c == 0 || a == 0 || a > c ||
	    c > 1000000 || s[0] == '-' || t[0] == '-')
		return GAL_E_USAGE;
	*k = (unsigned)a;
	*n = (unsigned)c;
	return GAL_OK;
}

static void input_free(gal_input *in)
{
	free(in->path);
	free(in->stem);
	for (size_t j = 0; j < in->n_outputs; j++)
		free(in->outputs[j]);
	free(in->outputs);
	gal_result_clear(&in->res);
}

void gal_batch_shard(gal_batch *b, unsigned k, unsigned n)
{
	size_t w = 0;
	for (size_t i = 0; i < b->n; i++) {
		if (1 + gal_fnv1a64(b->in[i].path) % n == k)
			b->in[w++] = b->in[i];
		else
			input_free(&b->in[i]);
	}
	b->n = w;
}

/* ---- output names --------------------------------------------------------- */

static int is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

typedef struct { const char *path; size_t input; } named;

static int cmp_named(const void *a, const void *b)
{
	const named *x = a, *y = b;
	int c = strcmp(x->path, y->path);
	if (c)
		return c;
	return x->input < y->input ? -1 : x->input > y->input;
}

/* An output must not replace an input (e.g. -o same.xml). Each output and
 * each input is stat'ed once and the existing outputs' identities looked
 * up by binary search: a folder of thousands of inputs would otherwise
 * cost inputs x outputs stat calls. */
typedef struct { dev_t dev; ino_t ino; const char *path; } file_id;

static int cmp_file_id(const void *a, const void *b)
{
	const file_id *x = a, *y = b;
	if (x->dev != y->dev)
		return x->dev < y->dev ? -1 : 1;
	return x->ino < y->ino ? -1 : x->ino > y->ino;
}

static int check_overwrites(const gal_batch *b, const char *const *outs,
			    size_t n_outs, gal_err *err)
{
	file_id *ids = xcalloc(n_outs + 1, sizeof *ids);
	size_t n_ids = 0;
	int rc = GAL_OK;
	for (size_t k = 0; k < n_outs; k++) {
		struct stat so;
		if (stat(outs[k], &so) == 0)
			ids[n_ids++] = (file_id){ so.st_dev, so.st_ino, outs[k] };
	}
	qsort(ids, n_ids, sizeof *ids, cmp_file_id);
	for (size_t i = 0; i < b->n && n_ids; i++) {
		struct stat si;
		if (strcmp(b->in[i].path, "-") == 0 || stat(b->in[i].path, &si) != 0)
			continue;
		file_id key = { si.st_dev, si.st_ino, NULL };
		const file_id *hit = bsearch(&key, ids, n_ids, sizeof *ids, cmp_file_id);
		if (hit) {
			rc = gal_err_set(err, GAL_E_USAGE, NULL, 0, 0,
					 "output %s would overwrite the input %s",
					 hit->path, b->in[i].path);
			break;
		}
	}
	free(ids);
	return rc;
}

/* The same file under two spellings ("a/x.pdf", "a//x.pdf", "./a/x.pdf")
 * must count as one name: squeeze slashes and "./" components. */
static char *normal_path(const char *p)
{
	char *s = xmalloc(strlen(p) + 1);
	char *w = s;
	const char *r = p;
	while (*r) {
		if ((r == p || r[-1] == '/') && r[0] == '.' && r[1] == '/') {
			r += 2;
			continue;
		}
		if (*r == '/' && w > s && w[-1] == '/') {
			r++;
			continue;
		}
		*w++ = *r++;
	}
	*w = '\0';
	return s;
}

int gal_batch_name(gal_batch *b, const char *out, const char *const *exts,
		   size_t n_formats, gal_err *err)
{
	named *all = NULL;
	size_t n_all = 0;
	int rc = GAL_OK;

	for (size_t i = 0; i < b->n; i++) {
		if (strcmp(b->in[i].path, "-") == 0 && !out) {
			rc = gal_err_set(err, GAL_E_USAGE, NULL, 0, 0,
					 "input from standard input (-) needs -o: a file "
					 "(-o brief.pdf), a directory (-o out/ writes "
					 "out/stdin.pdf and out/stdin.epub), or - with "
					 "one format (-t pdf -o -)");
			goto cleanup;
		}
	}
	int to_stdout = out && strcmp(out, "-") == 0;
	if (to_stdout && (b->n != 1 || n_formats != 1)) {
		rc = gal_err_set(err, GAL_E_USAGE, NULL, 0, 0,
				 "-o - writes one output: give one input and one format (-t)");
		goto cleanup;
	}
	int one_file = out && !to_stdout && b->n == 1 && n_formats == 1 &&
		       !ends_with(out, "/") && !is_dir(out);
	struct stat ost;
	if (out && !to_stdout && !one_file && stat(out, &ost) == 0 &&
	    !S_ISDIR(ost.st_mode)) {
		rc = gal_err_set(err, GAL_E_USAGE, NULL, 0, 0,
				 "-o %s is not a directory, and %s", out,
				 b->n > 1 ? "there are several inputs" :
				 "there are several formats");
		goto cleanup;
	}

	all = xcalloc(b->n * n_formats + 1, sizeof *all);
	for (size_t i = 0; i < b->n; i++) {
		gal_input *in = &b->in[i];
		in->outputs = xcalloc(n_formats, sizeof *in->outputs);
		in->n_outputs = n_formats;
		for (size_t f = 0; f < n_formats; f++) {
			char *p;
			if (to_stdout || one_file) {
				p = xstrdup(out);
			} else {
				size_t k = strlen(in->stem) + strlen(exts[f]) + 2;
				char *name = xmalloc(k);
				snprintf(name, k, "%s.%s", in->stem, exts[f]);
				p = out ? join(out, name) : xstrdup(name);
				free(name);
			}
			char *np = normal_path(p);
			free(p);
			in->outputs[f] = np;
			all[n_all].path = np;
			all[n_all].input = i;
			n_all++;
		}
	}
	if (to_stdout)
		goto cleanup;

	qsort(all, n_all, sizeof *all, cmp_named);
	for (size_t k = 1; k < n_all; k++) {
		if (strcmp(all[k - 1].path, all[k].path) == 0) {
			rc = gal_err_set(err, GAL_E_USAGE, NULL, 0, 0,
					 "%s and %s would both write %s",
					 b->in[all[k - 1].input].path,
					 b->in[all[k].input].path, all[k].path);
			goto cleanup;
		}
	}
	{
		const char **outs = xcalloc(n_all + 1, sizeof *outs);
		for (size_t k = 0; k < n_all; k++)
			outs[k] = all[k].path;
		rc = check_overwrites(b, outs, n_all, err);
		free(outs);
	}

cleanup:
	free(all);
	return rc;
}

char *gal_slug(const char *title)
{
	/* Unicode lower case first (GLib's tables; only a Turkish or
	 * Lithuanian locale would change it, and main runs in C) */
	char *valid = g_utf8_make_valid(title, -1);
	char *lower = g_utf8_strdown(valid, -1);
	char *s = xmalloc(strlen(lower) + 1);
	char *w = s;
	int dash = 0;
	for (const unsigned char *p = (const unsigned char *)lower; *p; p++) {
		unsigned char ch = *p;
		if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch >= 0x80) {
			if (dash && w > s)
				*w++ = '-';
			dash = 0;
			*w++ = (char)ch;
		} else if (ch >= 'A' && ch <= 'Z') {
			if (dash && w > s)
				*w++ = '-';
			dash = 0;
			*w++ = (char)(ch - 'A' + 'a');
		} else {
			dash = 1;
		}
	}
	*w = '\0';
	g_free(valid);
	g_free(lower);
	if (!*s) {
		free(s);
		s = xstrdup("collection");
	}
	return s;
}

int gal_collection_name(const gal_batch *b, const char *title, const char *out,
			const char *const *exts, size_t n_formats,
			char ***paths, gal_err *err)
{
	char **p = xcalloc(n_formats + 1, sizeof *p);
	char *slug = gal_slug(title);
	int rc = GAL_OK;
	int to_stdout = out && strcmp(out, "-") == 0;
	if (to_stdout && n_formats != 1) {
		rc = gal_err_set(err, GAL_E_USAGE, NULL, 0, 0,
				 "-o - writes one output: give one format (-t)");
		goto cleanup;
	}
	int one_file = out && !to_stdout && n_formats == 1 &&
		       !ends_with(out, "/") && !is_dir(out);
	for (size_t f = 0; f < n_formats; f++) {
		if (to_stdout || one_file) {
			p[f] = xstrdup(out);
		} else {
			size_t k = strlen(slug) + strlen(exts[f]) + 2;
			char *name = xmalloc(k);
			snprintf(name, k, "%s.%s", slug, exts[f]);
			char *full = out ? join(out, name) : xstrdup(name);
			p[f] = normal_path(full);
			free(full);
			free(name);
		}
	}
	if (!to_stdout)
		rc = check_overwrites(b, (const char *const *)p, n_formats, err);
cleanup:
	free(slug);
	if (rc) {
		for (size_t f = 0; f < n_formats; f++)
			free(p[f]);
		free(p);
		p = NULL;
	}
	*paths = p;
	return rc;
}

int gal_mkdirs_for(const char *path, gal_err *err)
{
	char *p = xstrdup(path);
	int rc = GAL_OK;
	char *slash = strrchr(p, '/');
	if (!slash || slash == p)
		goto cleanup;
	*slash = '\0';
	for (char *q = p + 1; ; q++) {
		if (*q == '/' || *q == '\0') {
			char c = *q;
			*q = '\0';
			if (mkdir(p, 0777) != 0 && errno != EEXIST) {
				rc = gal_err_set(err, GAL_E_IO, path, 0, 0,
						 "cannot create directory %s: %s",
						 p, strerror(errno));
				goto cleanup;
			}
			if (c == '\0')
				break;
			*q = c;
		}
	}
	if (!is_dir(p))
		rc = gal_err_set(err, GAL_E_IO, path, 0, 0,
				 "%s is not a directory", p);
cleanup:
	free(p);
	return rc;
}

static int newer(const struct stat *a, const struct stat *b)
{
	if (a->st_mtim.tv_sec != b->st_mtim.tv_sec)
		return a->st_mtim.tv_sec > b->st_mtim.tv_sec;
	return a->st_mtim.tv_nsec > b->st_mtim.tv_nsec;
}

/* The value of a lang or xml:lang attribute in the root start tag of
 * `s`, copied into out; 0 when there is none. Only a sniff: comments,
 * processing instructions and a DOCTYPE (with its internal subset) are
 * stepped over, nothing is decoded. */
static int root_lang(const char *s, size_t n, char *out, size_t cap)
{
	const char *p = s, *end = s + n;
	for (;;) {
		p = memchr(p, '<', (size_t)(end - p));
		if (!p || end - p < 2)
			return 0;
		if (p[1] == '?' || (p[1] == '!' && end - p > 3 && p[2] == '-')) {
			const char *close = p[1] == '?' ? "?>" : "-->";
			const char *e = g_strstr_len(p + 2, end - p - 2, close);
			if (!e)
				return 0;
			p = e + strlen(close);
			continue;
		}
		if (p[1] == '!') {
			int depth = 0;
			for (p++; p < end && (*p != '>' || depth > 0); p++)
				depth += *p == '[' ? 1 : *p == ']' ? -1 : 0;
			continue;
		}
		break;
	}
	const char *tag_end = memchr(p, '>', (size_t)(end - p));
	if (!tag_end)
		return 0;
	for (const char *a = p; a + 6 < tag_end; a++) {
		if (a[0] != ' ' && a[0] != '\t' && a[0] != '\n' && a[0] != '\r')
			continue;
		const char *v = a + 1;
		if (strncmp(v, "xml:lang", 8) == 0)
			v += 8;
		else if (strncmp(v, "lang", 4) == 0)
			v += 4;
		else
			continue;
		while (v < tag_end && (*v == ' ' || *v == '='))
			v++;
		if (v >= tag_end || (*v != '"' && *v != '\''))
			continue;
		char q = *v++;
		size_t k = 0;
		while (v < tag_end && *v != q && k + 1 < cap &&
		       (g_ascii_isalnum(*v) || *v == '-' || *v == '_'))
			out[k++] = *v++;
		out[k] = '\0';
		return k > 0;
	}
	return 0;
}

size_t gal_batch_langs(const gal_batch *b, char (*langs)[32], size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < b->n && n < max; i++) {
		char head[4096], lang[32] = "en";
		if (b->in[i].res.skipped || strcmp(b->in[i].path, "-") == 0)
			continue;
		int fd = open(b->in[i].path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
		if (fd < 0)
			continue;
		ssize_t got = read(fd, head, sizeof head);
		close(fd);
		if (got > 0)
			root_lang(head, (size_t)got, lang, sizeof lang);
		size_t k = 0;
		while (k < n && g_ascii_strcasecmp(langs[k], lang) != 0)
			k++;
		if (k == n)
			memcpy(langs[n++], lang, sizeof lang);
	}
	return n;
}

void gal_batch_mark_uptodate(gal_batch *b, const char *also)
{
	struct stat sa;
	int have_also = also && stat(also, &sa) == 0;
	for (size_t i = 0; i < b->n; i++) {
		gal_input *in = &b->in[i];
		struct stat si, so;
		if (strcmp(in->path, "-") == 0 || stat(in->path, &si) != 0 ||
		    !in->n_outputs)
			continue;
		int fresh = 1;
		for (size_t f = 0; f < in->n_outputs && fresh; f++) {
			if (strcmp(in->outputs[f], "-") == 0 ||
			    stat(in->outputs[f], &so) != 0 || !newer(&so, &si) ||
			    (have_also && !newer(&so, &sa)))
				fresh = 0;
		}
		if (fresh) {
			in->res.skipped = 1;
			for (size_t f = 0; f < in->n_outputs; f++)
				gal_result_output(&in->res, in->outputs[f], NULL, 0, NULL);
		}
	}
}

/* ---- results ------------------------------------------------------------- */

void gal_result_msg(gal_result *r, int severity, const char *file, int line,
		    int col, const char *code, const char *text)
{
	if (r->n_msgs == r->cap_msgs) {
		r->cap_msgs = r->cap_msgs ? 2 * r->cap_msgs : 8;
		r->msgs = xrealloc(r->msgs, r->cap_msgs * sizeof *r->msgs);
	}
	gal_msg *m = &r->msgs[r->n_msgs++];
	m->severity = severity;
	m->file = file ? xstrdup(file) : NULL;
	m->line = line;
	m->col = col;
	m->code = code ? xstrdup(code) : NULL;
	m->text = xstrdup(text ? text : "");
	/* libxml2 ends its messages with a newline; one message, one line */
	size_t n = strlen(m->text);
	while (n > 0 && (m->text[n - 1] == '\n' || m->text[n - 1] == ' ' ||
			 m->text[n - 1] == '\r'))
		m->text[--n] = '\0';
	if (severity == GAL_MSG_ERROR)
		r->failed = 1;
}

/* bytes and SHA-256 of a file, read back after it was committed */
static void hash_file(const char *path, uint64_t *bytes, char *hex)
{
	GChecksum *ck = NULL;
	unsigned char *buf = NULL;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	hex[0] = '\0';
	if (fd < 0)
		goto cleanup;
	ck = g_checksum_new(G_CHECKSUM_SHA256);
	buf = xmalloc(65536);
	uint64_t total = 0;
	for (;;) {
		ssize_t k = read(fd, buf, 65536);
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0)
			goto cleanup;
		if (k == 0)
			break;
		g_checksum_update(ck, buf, (gssize)k);
		total += (uint64_t)k;
	}
	*bytes = total;
	snprintf(hex, 65, "%s", g_checksum_get_string(ck));
cleanup:
	if (fd >= 0)
		close(fd);
	if (ck)
		g_checksum_free(ck);
	free(buf);
}

static const char *ext_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *dot = strrchr(path, '.');
	return dot && (!slash || dot > slash) ? dot + 1 : "";
}

void gal_result_output(gal_result *r, const char *path, const char *format,
		       uint64_t bytes, const char *sha256)
{
	if (r->n_outs == r->cap_outs) {
		r->cap_outs = r->cap_outs ? 2 * r->cap_outs : 4;
		r->outs = xrealloc(r->outs, r->cap_outs * sizeof *r->outs);
	}
	gal_outfile *o = &r->outs[r->n_outs++];
	memset(o, 0, sizeof *o);
	o->path = xstrdup(path);
	o->format = xstrdup(format ? format : ext_of(path));
	o->bytes = bytes;
	if (sha256)
		snprintf(o->sha256, sizeof o->sha256, "%s", sha256);
	else if (strcmp(path, "-") != 0)
		hash_file(path, &o->bytes, o->sha256);
}

int gal_result_warnings(const gal_result *r)
{
	int n = 0;
	for (size_t i = 0; i < r->n_msgs; i++)
		n += r->msgs[i].severity == GAL_MSG_WARNING;
	return n;
}

int gal_result_errors(const gal_result *r)
{
	int n = 0;
	for (size_t i = 0; i < r->n_msgs; i++)
		n += r->msgs[i].severity == GAL_MSG_ERROR;
	return n;
}

void gal_result_clear(gal_result *r)
{
	for (size_t i = 0; i < r->n_msgs; i++) {
		free(r->msgs[i].file);
		free(r->msgs[i].code);
		free(r->msgs[i].text);
	}
	free(r->msgs);
	for (size_t i = 0; i < r->n_outs; i++) {
		free(r->outs[i].path);
		free(r->outs[i].format);
	}
	free(r->outs);
	free(r->format);
	memset(r, 0, sizeof *r);
}

void gal_batch_summary(const gal_batch *b, const gal_result *coll, int check,
		       int64_t ms, gal_buf *out)
{
	size_t ok = 0, failed = 0, skipped = 0;
	long warnings = coll ? gal_result_warnings(coll) : 0;
	for (size_t i = 0; i < b->n; i++) {
		const gal_result *r = &b->in[i].res;
		if (r->skipped)
			skipped++;
		else if (r->failed)
			failed++;
		else
			ok++;
		warnings += gal_result_warnings(r);
	}
	gal_buf_printf(out, "galley: %zu input%s, %zu %s", b->n, b->n == 1 ? "" : "s",
		       ok, check ? "checked" : coll ? "bound" : "converted");
	if (skipped)
		gal_buf_printf(out, ", %zu up to date", skipped);
	gal_buf_printf(out, ", %zu failed", failed);
	if (coll && coll->failed)
		gal_buf_puts(out, ", the collection failed");
	gal_buf_printf(out, ", %ld warning%s, %.1f s\n", warnings, warnings == 1 ? "" : "s",
		       (double)ms / 1000.0);
}

void gal_batch_free(gal_batch *b)
{
	for (size_t i = 0; i < b->n; i++)
		input_free(&b->in[i]);
	free(b->in);
	b->in = NULL;
	b->n = b->cap = 0;
}

/* ---- serialising a result over a pipe ------------------------------------ */

static void put_i64(gal_buf *o, int64_t v)
{
	gal_buf_put(o, &v, sizeof v);
}

static void put_str(gal_buf *o, const char *s)
{
	int64_t n = s ? (int64_t)strlen(s) : -1;
	put_i64(o, n);
	if (s)
		gal_buf_put(o, s, (size_t)n);
}

static void encode(gal_buf *o, const gal_result *r)
{
	put_i64(o, r->failed);
	put_i64(o, r->pages);
	put_i64(o, r->ms);
	put_str(o, r->format);
	put_i64(o, (int64_t)r->n_msgs);
	for (size_t i = 0; i < r->n_msgs; i++) {
		const gal_msg *m = &r->msgs[i];
		put_i64(o, m->severity);
		put_i64(o, m->line);
		put_i64(o, m->col);
		put_str(o, m->file);
		put_str(o, m->code);
		put_str(o, m->text);
	}
	put_i64(o, (int64_t)r->n_outs);
	for (size_t i = 0; i < r->n_outs; i++) {
		const gal_outfile *f = &r->outs[i];
		put_str(o, f->path);
		put_str(o, f->format);
		put_i64(o, (int64_t)f->bytes);
		put_str(o, f->sha256);
	}
}

typedef struct { const char *p, *end; int bad; } reader;

static int64_t get_i64(reader *rd)
{
	int64_t v = 0;
	if (rd->end - rd->p < (ptrdiff_t)sizeof v) {
		rd->bad = 1;
		return 0;
	}
	memcpy(&v, rd->p, sizeof v);
	rd->p += sizeof v;
	return v;
}

static char *get_str(reader *rd)
{
	int64_t n = get_i64(rd);
	if (n < 0 || rd->bad)
		return NULL;
	if (rd->end - rd->p < n) {
		rd->bad = 1;
		return NULL;
	}
	char *s = xmalloc((size_t)n + 1);
	memcpy(s, rd->p, (size_t)n);
	s[n] = '\0';
	rd->p += n;
	return s;
}

static int decode(const char *data, size_t len, gal_result *r)
{
	reader rd = { data, data + len, 0 };
	r->failed = (int)get_i64(&rd);
	r->pages = (int)get_i64(&rd);
	r->ms = get_i64(&rd);
	r->format = get_str(&rd);
	int64_t n = get_i64(&rd);
	for (int64_t i = 0; i < n && !rd.bad; i++) {
		int sev = (int)get_i64(&rd);
		int line = (int)get_i64(&rd), col = (int)get_i64(&rd);
		char *file = get_str(&rd), *code = get_str(&rd), *text = get_str(&rd);
		if (!rd.bad)
			gal_result_msg(r, sev, file, line, col, code, text);
		free(file);
		free(code);
		free(text);
	}
	n = get_i64(&rd);
	for (int64_t i = 0; i < n && !rd.bad; i++) {
		if (r->n_outs == r->cap_outs) {
			r->cap_outs = r->cap_outs ? 2 * r->cap_outs : 4;
			r->outs = xrealloc(r->outs, r->cap_outs * sizeof *r->outs);
		}
		gal_outfile *f = &r->outs[r->n_outs];
		memset(f, 0, sizeof *f);
		f->path = get_str(&rd);
		f->format = get_str(&rd);
		f->bytes = (uint64_t)get_i64(&rd);
		char *sha = get_str(&rd);
		snprintf(f->sha256, sizeof f->sha256, "%s", sha ? sha : "");
		free(sha);
		r->n_outs++;
		if (!f->path || !f->format)
			rd.bad = 1;
	}
	return rd.bad ? -1 : 0;
}

/* ---- running ------------------------------------------------------------- */

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void run_one(gal_input *in, gal_convert_fn conv, void *ctx,
		    gal_result *res)
{
	int64_t t0 = now_ms();
	conv(ctx, in, res);
	res->ms = now_ms() - t0;
}

/* In-process conversion: a fatal signal removes the temporary files,
 * says which input crashed, and exits 1, as the parent does for a worker
 * that dies. The message is prepared before, the handler only writes. */
static char crash_msg[1024];
static size_t crash_len;

static void on_crash(int sig)
{
	gal_sink_cleanup_all();
	char num[8];
	size_t n = 0;
	for (int v = sig; v > 0 && n < sizeof num; v /= 10)
		num[n++] = (char)('0' + v % 10);
	ssize_t w = write(STDERR_FILENO, crash_msg, crash_len);
	while (n > 0 && w >= 0)
		w = write(STDERR_FILENO, &num[--n], 1);
	w = write(STDERR_FILENO, ")\n", 2);
	(void)w;
	_exit(1);
}

/* Our handler for the signals of a crash, or SIG_DFL. Under the
 * sanitizers nothing changes: their own handlers report the crash. */
static void on_fatal_signals(void (*handler)(int))
{
#ifdef GAL_LSAN
	(void)handler;
#else
	static const int fatal[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT };
	for (size_t i = 0; i < sizeof fatal / sizeof fatal[0]; i++)
		signal(fatal[i], handler);
#endif
}

static void crash_guard(const char *path)
{
	if (path) {
		snprintf(crash_msg, sizeof crash_msg,
			 "%s: error: conversion crashed (signal ", strcmp(path, "-") ? path : "<stdin>");
		crash_len = strlen(crash_msg);
	}
	on_fatal_signals(path ? on_crash : SIG_DFL);
}

/* Inputs a worker holds: the one it converts and those its committer
 * has yet to answer for. More than a few means the disk is far behind;
 * the worker then waits for its committer before it gets more. */
#define MAX_HELD 4

typedef struct {
	pid_t pid;
	int task_fd;      /* parent writes input indices; -1 once told to stop */
	int result_fd;    /* parent reads "converted" and results */
	size_t held[MAX_HELD]; /* given and not answered, oldest first */
	int n_held;
	int converting;   /* the newest held input is being converted */
} worker;

/* Worker pids for the signal handler: plain ints, written with signals
 * blocked. */
#define MAX_WORKERS 256
static volatile pid_t worker_pids[MAX_WORKERS];

void gal_batch_kill_workers(void)
{
	for (int i = 0; i < MAX_WORKERS; i++) {
		pid_t p = worker_pids[i];
		if (p > 0)
			kill(p, SIGTERM);
	}
	/* Wait (up to 2 s) for the workers to remove their temporary files
	 * and die, so that nothing of theirs is left when we are gone;
	 * then SIGKILL what remains. Only async-signal-safe calls here. */
	for (int round = 0; round < 200; round++) {
		int alive = 0;
		for (int i = 0; i < MAX_WORKERS; i++) {
			pid_t p = worker_pids[i];
			if (p <= 0)
				continue;
			pid_t r = waitpid(p, NULL, WNOHANG);
			if (r == p || (r < 0 && errno == ECHILD))
				worker_pids[i] = 0;
			else
				alive = 1;
		}
		if (!alive)
			return;
		struct timespec ts = { 0, 10 * 1000 * 1000 };
		nanosleep(&ts, NULL);
	}
	for (int i = 0; i < MAX_WORKERS; i++)
		if (worker_pids[i] > 0)
			kill(worker_pids[i], SIGKILL);
}

static void set_worker_pid(int slot, pid_t pid)
{
	sigset_t all, old;
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &old);
	worker_pids[slot] = pid;
	sigprocmask(SIG_SETMASK, &old, NULL);
}

/* A worker crashing on bad input must not leave temporary files: remove
 * them from its own fatal-signal handler where it can, and the parent
 * sweeps "OUT.XXXXXX.tmp" beside each output of an input whose worker
 * died (SIGKILL cannot be caught). */
static void on_fatal(int sig)
{
	gal_sink_cleanup_all();
	signal(sig, SIG_DFL);
	raise(sig);
}

static void sweep_temps(const char *out)
{
	if (strcmp(out, "-") == 0)
		return;
	char *dir = xstrdup(out);
	char *slash = strrchr(dir, '/');
	const char *base = slash ? slash + 1 : out;
	const char *d = ".";
	if (slash) {
		*slash = '\0';
		d = *dir ? dir : "/";
	}
	size_t bl = strlen(base);
	DIR *dh = opendir(d);
	if (dh) {
		struct dirent *e;
		while ((e = readdir(dh))) {
			size_t el = strlen(e->d_name);
			if (el == bl + 11 && strncmp(e->d_name, base, bl) == 0 &&
			    e->d_name[bl] == '.' && ends_with(e->d_name, ".tmp")) {
				char *p = join(d, e->d_name);
				unlink(p);
				free(p);
			}
		}
		closedir(dh);
	}
	free(dir);
}

/* ---- a worker's committer ------------------------------------------------- */

/* A worker converts its next input while a thread of its own fsyncs and
 * renames the outputs of the one before and then sends that input's
 * result: an fsync waits about a millisecond for the disk, which the CPU
 * work of the next input now fills. The queue keeps the worker's order,
 * an input's outputs and then its result, so a result is sent only when
 * its outputs are in place. */
typedef struct commit_item {
	struct commit_item *next;
	gal_sink *sink;       /* an output to commit; else a result to send */
	uint32_t idx;
	gal_result res;
	int stop;
} commit_item;

typedef struct {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	commit_item *head, *tail;
	int result_fd;
	pthread_mutex_t write_mu;  /* one message at a time on result_fd */
} committer;

/* The result pipe carries, per input, "converted" (the header alone, its
 * length CONVERTED: the worker is ready for another input) and later the
 * result. Both threads write to it, each message whole. */
#define CONVERTED UINT32_MAX

static void commit_push(committer *c, commit_item *it)
{
	pthread_mutex_lock(&c->mu);
	if (c->tail)
		c->tail->next = it;
	else
		c->head = it;
	c->tail = it;
	pthread_cond_signal(&c->cv);
	pthread_mutex_unlock(&c->mu);
}

static void defer_sink(gal_sink *s, void *ctx)
{
	commit_item *it = xcalloc(1, sizeof *it);
	it->sink = s;
	commit_push(ctx, it);
}

static int send_result(committer *c, uint32_t idx, const gal_result *res, gal_buf *o)
{
	gal_buf_reset(o);
	uint32_t hdr[2] = { idx, 0 };
	gal_buf_put(o, hdr, sizeof hdr);
	if (res)
		encode(o, res);
	uint32_t len = res ? (uint32_t)(o->len - sizeof hdr) : CONVERTED;
	memcpy(o->data + sizeof idx, &len, sizeof len);
	pthread_mutex_lock(&c->write_mu);
	int rc = gal_write_full(c->result_fd, o->data, o->len);
	pthread_mutex_unlock(&c->write_mu);
	return rc;
}

/* An output whose commit failed is not an output: its input fails with
 * the reason, named by the output's path. */
static void fail_output(gal_result *res, const char *path, const char *why)
{
	for (size_t i = 0; i < res->n_outs; i++) {
		if (strcmp(res->outs[i].path, path) == 0) {
			free(res->outs[i].path);
			free(res->outs[i].format);
			memmove(&res->outs[i], &res->outs[i + 1],
				(res->n_outs - i - 1) * sizeof *res->outs);
			res->n_outs--;
			break;
		}
	}
	gal_result_msg(res, GAL_MSG_ERROR, path, 0, 0,
		       gal_err_code_name(GAL_E_IO), why);
	res->failed = 1;
}

static void *commit_main(void *arg)
{
	committer *c = arg;
	gal_buf o = GAL_BUF_INIT;
	gal_result failures = { 0 };  /* failed commits of the next result */
	int broken = 0;
	for (;;) {
		pthread_mutex_lock(&c->mu);
		while (!c->head)
			pthread_cond_wait(&c->cv, &c->mu);
		commit_item *it = c->head;
		c->head = it->next;
		if (!c->head)
			c->tail = NULL;
		pthread_mutex_unlock(&c->mu);
		if (it->stop) {
			free(it);
			break;
		}
		if (it->sink) {
			char *path = xstrdup(gal_sink_path(it->sink));
			gal_err err = { 0 };
			if (gal_sink_commit(it->sink, &err))
				gal_result_msg(&failures, GAL_MSG_ERROR, path, 0, 0,
					       NULL, err.message);
			free(path);
		} else {
			for (size_t i = 0; i < failures.n_msgs; i++)
				fail_output(&it->res, failures.msgs[i].file,
					    failures.msgs[i].text);
			gal_result_clear(&failures);
			/* once the parent is gone, results have no reader;
			 * the worker stops at its next read of a task */
			if (!broken && send_result(c, it->idx, &it->res, &o) != 0)
				broken = 1;
			gal_result_clear(&it->res);
		}
		free(it);
	}
	gal_result_clear(&failures);
	gal_buf_free(&o);
	return NULL;
}

static void worker_main(gal_batch *b, int task_fd, int result_fd,
			gal_convert_fn conv, void *ctx)
{
	on_fatal_signals(on_fatal);
	/* a worker's outputs are durable when it has finished: the parent
	 * writes the reports only after every worker has exited */
	gal_sink_defer_dir_sync(1);
	committer c = { .result_fd = result_fd };
	pthread_mutex_init(&c.mu, NULL);
	pthread_cond_init(&c.cv, NULL);
	pthread_mutex_init(&c.write_mu, NULL);
	pthread_t thread;
	/* signals are the main thread's: its handler removes the temporary
	 * files that the committer would otherwise be renaming */
	sigset_t all, old;
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	int threaded = pthread_create(&thread, NULL, commit_main, &c) == 0;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (threaded)
		gal_sink_defer_commit(defer_sink, &c);
	gal_buf o = GAL_BUF_INIT;
	for (;;) {
		uint32_t idx;
		if (gal_read_full(task_fd, &idx, sizeof idx) != 0 || idx >= b->n)
			break;
		commit_item *it = xcalloc(1, sizeof *it);
		it->idx = idx;
		run_one(&b->in[idx], conv, ctx, &it->res);
		/* "converted" goes first: the committer may send the result
		 * as soon as it has the item. Without the thread, the sinks
		 * committed as they closed and the result goes alone. */
		int rc = send_result(&c, idx, threaded ? NULL : &it->res, &o);
		if (threaded) {
			commit_push(&c, it);
		} else {
			gal_result_clear(&it->res);
			free(it);
		}
		if (rc != 0)
			break;
	}
	if (threaded) {
		commit_item *stop = xcalloc(1, sizeof *stop);
		stop->stop = 1;
		commit_push(&c, stop);
		pthread_join(thread, NULL);
		gal_sink_defer_commit(NULL, NULL);
	}
	pthread_mutex_destroy(&c.write_mu);
	pthread_cond_destroy(&c.cv);
	pthread_mutex_destroy(&c.mu);
	gal_buf_free(&o);
	gal_sink_sync_dirs();
#ifdef GAL_LSAN
	/* _exit skips LeakSanitizer's exit-time check, and workers are where
	 * documents are converted: check here, so the sanitizer run of the
	 * test suite sees their leaks (a leak fails the worker's input) */
	__lsan_do_leak_check();
#endif
	_exit(0);
}

typedef struct {
	gal_batch *b;
	worker *w;
	int n_workers;
	size_t *queue;        /* input indices to run */
	size_t n_queue, next_task;
	size_t *retry;        /* inputs a dead worker held but never started
	                       * or never answered for, to run again */
	size_t n_retry;
	unsigned char *tries; /* per input: times given to a worker */
	size_t next_done;     /* first input not yet handed to done() */
	size_t finished, failed, total;
	int progress, drawn;
	int64_t t0, last_draw;
	gal_convert_fn conv;
	gal_done_fn done;
	void *ctx;
} runner;

static void draw_progress(runner *r, int force)
{
	if (!r->progress)
		return;
	int64_t t = now_ms();
	if (!force && t - r->last_draw < 200)
		return;
	r->last_draw = t;
	double secs = (double)(t - r->t0) / 1000.0;
	double rate = secs > 0 ? (double)r->finished / secs : 0;
	char eta[32] = "--:--";
	if (rate > 0 && r->finished < r->total) {
		long left = (long)((double)(r->total - r->finished) / rate + 0.5);
		snprintf(eta, sizeof eta, "%ld:%02ld", left / 60, left % 60);
	}
	char line[160];
	int n = snprintf(line, sizeof line,
			 "\r\033[K[%zu/%zu] %zu done, %zu failed, %.1f/s, ETA %s",
			 r->finished, r->total, r->finished - r->failed,
			 r->failed, rate, eta);
	if (n > 0)
		gal_write_full(STDERR_FILENO, line, (size_t)n);
	r->drawn = 1;
}

static void clear_progress(runner *r)
{
	if (r->drawn) {
		gal_write_full(STDERR_FILENO, "\r\033[K", 4);
		r->drawn = 0;
	}
}

/* Hand finished results to done() in input order, and print what it
 * says with the progress line out of the way. */
static void flush_done(runner *r)
{
	gal_batch *b = r->b;
	gal_buf text = GAL_BUF_INIT;
	while (r->next_done < b->n && b->in[r->next_done].res.done) {
		gal_input *in = &b->in[r->next_done++];
		if (r->done)
			r->done(r->ctx, in, &text);
	}
	if (text.len) {
		int was = r->drawn;
		clear_progress(r);
		gal_write_full(STDERR_FILENO, text.data, text.len);
		if (was)
			draw_progress(r, 1);
	}
	gal_buf_free(&text);
}

static void finish(runner *r, size_t idx)
{
	gal_result *res = &r->b->in[idx].res;
	res->done = 1;
	r->finished++;
	if (res->failed)
		r->failed++;
	flush_done(r);
	draw_progress(r, 0);
}

/* Threads of this process, from /proc; 0 when it cannot be read. */
static int thread_count(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[128];
	int n = 0;
	while (f && fgets(line, sizeof line, f))
		if (sscanf(line, "Threads: %d", &n) == 1)
			break;
	if (f)
		fclose(f);
	return n;
}

/* A fork copies only the forking thread, with every lock as it was: a
 * helper thread of a library still inside malloc or a lock of its own at
 * that moment leaves the worker waiting for it forever. Pango starts
 * fontconfig's initialisation on one and GLib ends it on its own time
 * (gal_fonts_init waits for the result, not for the thread's end). So a
 * worker is forked once this process is down to its one thread, or after
 * a second, as before, if something keeps a thread for good. */
static void wait_single_threaded(void)
{
	for (int i = 0; i < 1000 && thread_count() > 1; i++)
		nanosleep(&(struct timespec){ 0, 1000000 }, NULL);
}

static int spawn(runner *r, int slot)
{
	int tp[2] = { -1, -1 }, rp[2] = { -1, -1 };
	if (pipe(tp) != 0 || pipe(rp) != 0)
		goto fail;
	wait_single_threaded();
	fflush(NULL);
	/* Signals wait until the parent has recorded the new pid (so a
	 * SIGTERM now still reaches the child) and until the child has
	 * forgotten its siblings (so its handler never kills them). */
	sigset_t all, old;
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &old);
	pid_t pid = fork();
	if (pid < 0) {
		sigprocmask(SIG_SETMASK, &old, NULL);
		goto fail;
	}
	if (pid == 0) {
		for (int i = 0; i < MAX_WORKERS; i++)
			worker_pids[i] = 0;
		sigprocmask(SIG_SETMASK, &old, NULL);
		/* The child must hold no other worker's pipe ends, or the
		 * parent would never see EOF when that worker dies. */
		for (int i = 0; i < r->n_workers; i++) {
			if (r->w[i].pid > 0) {
				close(r->w[i].task_fd);
				close(r->w[i].result_fd);
			}
		}
		close(tp[1]);
		close(rp[0]);
		worker_main(r->b, tp[0], rp[1], r->conv, r->ctx);
	}
	close(tp[0]);
	close(rp[1]);
	fcntl(tp[1], F_SETFD, FD_CLOEXEC);
	fcntl(rp[0], F_SETFD, FD_CLOEXEC);
	r->w[slot].pid = pid;
	r->w[slot].task_fd = tp[1];
	r->w[slot].result_fd = rp[0];
	r->w[slot].n_held = 0;
	r->w[slot].converting = 0;
	worker_pids[slot] = pid;
	sigprocmask(SIG_SETMASK, &old, NULL);
	return 0;
fail:
	for (int i = 0; i < 2; i++) {
		if (tp[i] >= 0)
			close(tp[i]);
		if (rp[i] >= 0)
			close(rp[i]);
	}
	return -1;
}

static void retire(runner *r, int slot, int *status)
{
	worker *w = &r->w[slot];
	if (w->task_fd >= 0)
		close(w->task_fd);
	close(w->result_fd);
	int st = 0;
	while (waitpid(w->pid, &st, 0) < 0 && errno == EINTR)
		;
	if (status)
		*status = st;
	set_worker_pid(slot, 0);
	w->pid = 0;
	w->task_fd = -1;
	w->n_held = 0;
	w->converting = 0;
}

static int work_left(const runner *r)
{
	return r->n_retry > 0 || r->next_task < r->n_queue;
}

static size_t next_input(runner *r)
{
	return r->n_retry ? r->retry[--r->n_retry] : r->queue[r->next_task++];
}

/* Give the worker its next input when it is not converting one, tell it
 * to finish when nothing is left, and let it go once it has answered for
 * everything it held. */
static void feed(runner *r, int slot)
{
	worker *w = &r->w[slot];
	if (w->pid <= 0 || w->converting || w->n_held == MAX_HELD)
		return;
	if (!work_left(r)) {
		if (w->task_fd >= 0) {
			close(w->task_fd);
			w->task_fd = -1;
		}
		if (w->n_held == 0)
			retire(r, slot, NULL);
		return;
	}
	size_t idx = next_input(r);
	uint32_t v = (uint32_t)idx;
	if (gal_write_full(w->task_fd, &v, sizeof v) != 0) {
		/* It died (killed from outside): the input never started.
		 * Its result pipe shows EOF, where the worker is replaced. */
		r->retry[r->n_retry++] = idx;
		close(w->task_fd);
		w->task_fd = -1;
		return;
	}
	r->tries[idx]++;
	w->held[w->n_held++] = idx;
	w->converting = 1;
}

static void fail_input(runner *r, size_t idx, const char *msg)
{
	gal_input *in = &r->b->in[idx];
	gal_result_clear(&in->res);
	gal_result_msg(&in->res, GAL_MSG_ERROR,
		       strcmp(in->path, "-") == 0 ? "<stdin>" : in->path,
		       0, 0, NULL, msg);
	finish(r, idx);
}

/* Whether a worker ended as the sanitizers end a process after a report:
 * by abort() (abort_on_error) or with their exit status (a worker that
 * finishes exits 0). They catch SIGSEGV and the like themselves, so a
 * worker killed by a signal, from outside or by a crash no sanitizer
 * saw, is no report. Such a death must fail the run loudly, not pass as
 * one failed input among others that a test may expect to fail. */
static int sanitizer_report(int status)
{
#ifdef GAL_LSAN
	return (WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT) ||
	       (WIFEXITED(status) && WEXITSTATUS(status) != 0);
#else
	(void)status;
	return 0;
#endif
}

/* The input being converted when a worker died is that input's failure.
 * Inputs it had converted but not answered for, and any it never started,
 * go to another worker (their outputs are renamed whole or not at all);
 * one that already had its second chance fails instead, so a worker that
 * dies outside any conversion cannot loop. */
static void worker_died(runner *r, int slot)
{
	worker *w = &r->w[slot];
	size_t held[MAX_HELD];
	int n_held = w->n_held, converting = w->converting;
	memcpy(held, w->held, sizeof held);
	int st = 0;
	retire(r, slot, &st);
	char msg[256];
	if (WIFSIGNALED(st))
		snprintf(msg, sizeof msg, "conversion crashed: killed by signal %d (%s)",
			 WTERMSIG(st), strsignal(WTERMSIG(st)));
	else
		snprintf(msg, sizeof msg, "conversion stopped: worker exited with status %d",
			 WIFEXITED(st) ? WEXITSTATUS(st) : -1);
	for (int h = 0; h < n_held; h++) {
		gal_input *in = &r->b->in[held[h]];
		for (size_t f = 0; f < in->n_outputs; f++)
			sweep_temps(in->outputs[f]);
	}
	for (int h = 0; h < n_held; h++) {
		size_t idx = held[h];
		int crashed = converting && h == n_held - 1;
		if (!crashed && r->tries[idx] < 2) {
			r->retry[r->n_retry++] = idx;
			continue;
		}
		if (sanitizer_report(st)) {
			fprintf(stderr, "galley: a worker died under the sanitizers (%s); see its report above\n",
				r->b->in[idx].path);
			fflush(stderr);
			abort();
		}
		fail_input(r, idx, msg);
	}
	/* replace it while work remains */
	if (work_left(r) && spawn(r, slot) == 0)
		feed(r, slot);
}

static void collect(runner *r, int slot)
{
	worker *w = &r->w[slot];
	uint32_t hdr[2];
	char *data = NULL;
	if (gal_read_full(w->result_fd, hdr, sizeof hdr) != 0 || w->n_held == 0)
		goto died;
	if (hdr[1] == CONVERTED) {
		if (!w->converting || hdr[0] != w->held[w->n_held - 1])
			goto died;
		w->converting = 0;
		feed(r, slot);
		return;
	}
	/* a result: of the oldest input held (a worker without its
	 * committer thread sends results alone, without "converted") */
	if (hdr[0] != w->held[0])
		goto died;
	data = xmalloc(hdr[1] + 1);
	if (gal_read_full(w->result_fd, data, hdr[1]) != 0)
		goto died;
	gal_result *res = &r->b->in[hdr[0]].res;
	gal_result_clear(res);
	if (decode(data, hdr[1], res) != 0)
		goto died;
	free(data);
	memmove(w->held, w->held + 1, (size_t)(w->n_held - 1) * sizeof *w->held);
	if (--w->n_held == 0)
		w->converting = 0;
	finish(r, hdr[0]);
	feed(r, slot);
	return;
died:
	free(data);
	worker_died(r, slot);
}

size_t gal_batch_run(gal_batch *b, const gal_run_opts *ro, gal_convert_fn conv,
		     gal_done_fn done, void *ctx)
{
	runner r = { 0 };
	r.b = b;
	r.conv = conv;
	r.done = done;
	r.ctx = ctx;
	r.progress = ro->progress;
	r.t0 = now_ms();
	r.queue = xcalloc(b->n + 1, sizeof *r.queue);
	r.retry = xcalloc(b->n + 1, sizeof *r.retry);
	r.tries = xcalloc(b->n + 1, 1);
	for (size_t i = 0; i < b->n; i++) {
		if (b->in[i].res.skipped)
			b->in[i].res.done = 1;
		else
			r.queue[r.n_queue++] = i;
	}
	r.total = r.n_queue;
	flush_done(&r);

	int jobs = ro->jobs;
	if (jobs > MAX_WORKERS)
		jobs = MAX_WORKERS;
	if ((size_t)jobs > r.n_queue)
		jobs = (int)r.n_queue;

	if (jobs <= 0 || r.n_queue == 1) {
		/* One input (or -j 0): converted here. A fork would only add
		 * its copy-on-write faults, about a sixth of a brief's time;
		 * crash_guard keeps what a worker would give: the input fails
		 * with a message, exit status 1, no temporary file. */
		/* as in a worker, each output directory is synced once, at
		 * the end, not after each output (a PDF and an EPUB: two) */
		gal_sink_defer_dir_sync(1);
		for (size_t q = 0; q < r.n_queue; q++) {
			size_t idx = r.queue[q];
			gal_result_clear(&b->in[idx].res);
			crash_guard(b->in[idx].path);
			run_one(&b->in[idx], conv, ctx, &b->in[idx].res);
			crash_guard(NULL);
			finish(&r, idx);
		}
		gal_sink_sync_dirs();
		gal_sink_defer_dir_sync(0);
		goto cleanup;
	}

	r.w = xcalloc((size_t)jobs, sizeof *r.w);
	r.n_workers = jobs;
	for (int i = 0; i < jobs; i++) {
		if (spawn(&r, i) != 0)
			break;
		feed(&r, i);
	}
	struct pollfd *pfd = xcalloc((size_t)jobs, sizeof *pfd);
	int *slot_of = xcalloc((size_t)jobs, sizeof *slot_of);
	for (;;) {
		int n = 0;
		for (int i = 0; i < jobs; i++) {
			if (r.w[i].pid > 0 && r.w[i].n_held > 0) {
				pfd[n].fd = r.w[i].result_fd;
				pfd[n].events = POLLIN;
				pfd[n].revents = 0;
				slot_of[n++] = i;
			}
		}
		if (n == 0) {
			/* Nothing in flight. If work remains (a fork failed),
			 * run it here rather than lose it. */
			while (work_left(&r)) {
				size_t idx = next_input(&r);
				gal_result_clear(&b->in[idx].res);
				run_one(&b->in[idx], conv, ctx, &b->in[idx].res);
				finish(&r, idx);
			}
			break;
		}
		int k = poll(pfd, (nfds_t)n, r.progress ? 250 : -1);
		if (k < 0 && errno != EINTR)
			break;
		for (int j = 0; j < n && k > 0; j++) {
			if (pfd[j].revents & (POLLIN | POLLHUP | POLLERR))
				collect(&r, slot_of[j]);
		}
		draw_progress(&r, 0);
	}
	for (int i = 0; i < jobs; i++) {
		if (r.w[i].pid > 0)
			retire(&r, i, NULL);
	}
	free(pfd);
	free(slot_of);

cleanup:
	flush_done(&r);
	clear_progress(&r);
	free(r.w);
	free(r.queue);
	free(r.retry);
	free(r.tries);
	return r.failed;
}
