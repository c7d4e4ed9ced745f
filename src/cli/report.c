/* --report (JSON, json-c) and --junit (JUnit XML) for a finished batch.
 * Messages can quote bytes from broken inputs, so every string is made
 * valid UTF-8 before it is written: a report must always parse. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <glib.h>
#include <json-c/json.h>

#include "base/buf.h"
#include "base/sink.h"
#include "cli/report.h"

/* valid UTF-8 copy (g_free) */
static char *utf8(const char *s)
{
	return g_utf8_make_valid(s ? s : "", -1);
}

static json_object *jstr(const char *s)
{
	if (!s)
		return NULL; /* json null */
	char *v = utf8(s);
	json_object *o = json_object_new_string(v);
	g_free(v);
	return o;
}

static const char *input_name(const gal_input *in)
{
	return strcmp(in->path, "-") == 0 ? "<stdin>" : in->path;
}

static json_object *messages(const gal_result *r, const char *name,
			     int severity)
{
	json_object *a = json_object_new_array();
	for (size_t i = 0; i < r->n_msgs; i++) {
		const gal_msg *m = &r->msgs[i];
		if (m->severity != severity)
			continue;
		json_object *o = json_object_new_object();
		/* The message is about the input unless it names another
		 * file (an output that could not be written). */
		if (m->file && (!name || strcmp(m->file, name) != 0))
			json_object_object_add(o, "file", jstr(m->file));
		json_object_object_add(o, "line", json_object_new_int(m->line));
		json_object_object_add(o, "col", json_object_new_int(m->col));
		json_object_object_add(o, "code", jstr(m->code));
		json_object_object_add(o, "message", jstr(m->text));
		json_object_array_add(a, o);
	}
	return a;
}

static int write_text(const char *path, const char *text, gal_err *err)
{
	gal_sink *s = NULL;
	int rc;
	if (strcmp(path, "-") == 0) {
		s = gal_sink_new_stdout();
	} else {
		rc = gal_mkdirs_for(path, err);
		if (rc)
			return rc;
		rc = gal_sink_open_file(path, &s, err);
		if (rc)
			return rc;
	}
	rc = gal_sink_puts(s, text);
	if (rc) {
		gal_sink_abort(s);
		return gal_err_set(err, GAL_E_IO, path, 0, 0, "cannot write the report");
	}
	return gal_sink_close(s, err);
}

/* "format", "status", "outputs", "pages", "warnings", "errors", "ms" of a
 * result, added to o */
static void add_result(json_object *o, const gal_result *r, const char *name)
{
	json_object_object_add(o, "format", jstr(r->format));
	json_object_object_add(o, "status",
			       json_object_new_string(r->failed ? "error" : "ok"));
	if (r->skipped)
		json_object_object_add(o, "skipped", json_object_new_boolean(1));
	json_object *outs = json_object_new_array();
	for (size_t k = 0; k < r->n_outs; k++) {
		const gal_outfile *f = &r->outs[k];
		json_object *fo = json_object_new_object();
		json_object_object_add(fo, "path", jstr(f->path));
		json_object_object_add(fo, "format", jstr(f->format));
		json_object_object_add(fo, "bytes",
				       json_object_new_int64((int64_t)f->bytes));
		json_object_object_add(fo, "sha256",
				       f->sha256[0] ? jstr(f->sha256) : NULL);
		json_object_array_add(outs, fo);
	}
	json_object_object_add(o, "outputs", outs);
	json_object_object_add(o, "pages", json_object_new_int(r->pages));
	json_object_object_add(o, "warnings", messages(r, name, GAL_MSG_WARNING));
	json_object_object_add(o, "errors", messages(r, name, GAL_MSG_ERROR));
	json_object_object_add(o, "ms", json_object_new_int64(r->ms));
}

static json_object *str_list(const char *const *v, size_t n)
{
	json_object *a = json_object_new_array();
	for (size_t i = 0; v && (n == (size_t)-1 ? v[i] != NULL : i < n); i++)
		json_object_array_add(a, jstr(v[i]));
	return a;
}

/* -M: only the keys given */
static json_object *metadata(const gal_meta_override *m)
{
	json_object *o = json_object_new_object();
	if (!m)
		return o;
	const char *const keys[] = { "title", "date", "language", "identifier" };
	const char *const vals[] = { m->title, m->date, m->lang, m->identifier };
	for (size_t i = 0; i < 4; i++)
		if (vals[i])
			json_object_object_add(o, keys[i], jstr(vals[i]));
	if (m->n_authors)
		json_object_object_add(o, "authors", str_list(m->authors, m->n_authors));
	return o;
}

/* "started", "style", "command" and "options" of the run */
static void add_run(json_object *root, const gal_run_info *run)
{
	char when[32];
	time_t t = (time_t)run->started;
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
	json_object_object_add(root, "started", json_object_new_string(when));
	json_object *st = json_object_new_object();
	json_object_object_add(st, "name", jstr(run->style_name));
	json_object_object_add(st, "path", run->style_path && *run->style_path
			       ? jstr(run->style_path) : NULL);
	json_object_object_add(root, "style", st);
	json_object_object_add(root, "command",
			       str_list((const char *const *)run->argv, (size_t)run->argc));
	json_object *o = json_object_new_object();
	json_object_object_add(o, "to", str_list(run->to, run->n_to));
	json_object_object_add(o, "from", jstr(run->from));
	json_object_object_add(o, "paper", jstr(run->paper));
	json_object_object_add(o, "jobs", json_object_new_int(run->jobs));
	const char *const flags[] = { "check", "strict", "update", "toc", "embed_fonts" };
	const int on[] = { run->check, run->strict, run->update, run->toc, run->embed_fonts };
	for (size_t i = 0; i < sizeof flags / sizeof *flags; i++)
		json_object_object_add(o, flags[i], json_object_new_boolean(on[i]));
	char shard[32];
	snprintf(shard, sizeof shard, "%u/%u", run->shard_k, run->shard_n);
	json_object_object_add(o, "shard", run->shard_n ? jstr(shard) : NULL);
	json_object_object_add(o, "resource_paths", str_list(run->resource_paths, (size_t)-1));
	json_object_object_add(o, "metadata", metadata(run->meta));
	if (run->limits) {
		json_object *l = json_object_new_object();
		json_object_object_add(l, "input_bytes", json_object_new_int64((int64_t)run->limits->input_bytes));
		json_object_object_add(l, "nodes", json_object_new_int64((int64_t)run->limits->nodes));
		json_object_object_add(l, "image_pixels", json_object_new_int64((int64_t)run->limits->image_pixels));
		json_object_object_add(l, "pages", json_object_new_int(run->limits->pages));
		json_object_object_add(o, "limits", l);
	}
	json_object_object_add(root, "options", o);
}

int gal_report_json(const char *path, const gal_batch *b,
		    const gal_result *coll, const char *title,
		    int64_t total_ms, const gal_run_info *run, gal_err *err)
{
	json_object *root = json_object_new_object();
	json_object *inputs = json_object_new_array();
	int64_t ok = 0, failed = 0, warnings = 0;

	json_object_object_add(root, "version", json_object_new_int(1));
	json_object_object_add(root, "galley", json_object_new_string(GALLEY_VERSION));
	if (run)
		add_run(root, run);
	for (size_t i = 0; i < b->n; i++) {
		const gal_input *in = &b->in[i];
		const gal_result *r = &in->res;
		json_object *o = json_object_new_object();
		json_object_object_add(o, "input", jstr(in->path));
		add_result(o, r, input_name(in));
		json_object_array_add(inputs, o);
		if (r->failed)
			failed++;
		else
			ok++;
		warnings += gal_result_warnings(r);
	}
	json_object_object_add(root, "inputs", inputs);
	if (coll) {
		json_object *o = json_object_new_object();
		json_object_object_add(o, "title", jstr(title));
		add_result(o, coll, NULL);
		json_object_object_del(o, "format");
		json_object_object_add(root, "collection", o);
	}
	json_object *totals = json_object_new_object();
	json_object_object_add(totals, "inputs", json_object_new_int64((int64_t)b->n));
	json_object_object_add(totals, "ok", json_object_new_int64(ok));
	json_object_object_add(totals, "failed", json_object_new_int64(failed));
	json_object_object_add(totals, "warnings", json_object_new_int64(warnings));
	json_object_object_add(totals, "ms", json_object_new_int64(total_ms));
	json_object_object_add(root, "totals", totals);

	gal_buf text = GAL_BUF_INIT;
	gal_buf_puts(&text, json_object_to_json_string_ext(root,
		JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
		JSON_C_TO_STRING_NOSLASHESCAPE));
	gal_buf_putc(&text, '\n');
	int rc = write_text(path, text.data, err);
	gal_buf_free(&text);
	json_object_put(root);
	return rc;
}

/* ---- JUnit ------------------------------------------------------------------- */

/* XML 1.0 text: escape markup, and drop the control characters XML 1.0
 * cannot carry at all. */
static void xml_escape(gal_buf *o, const char *s)
{
	char *v = utf8(s);
	for (const unsigned char *p = (const unsigned char *)v; *p; p++) {
		switch (*p) {
		case '&': gal_buf_puts(o, "&amp;"); break;
		case '<': gal_buf_puts(o, "&lt;"); break;
		case '>': gal_buf_puts(o, "&gt;"); break;
		case '"': gal_buf_puts(o, "&quot;"); break;
		case '\t': case '\n': case '\r': gal_buf_putc(o, (char)*p); break;
		default:
			if (*p >= 0x20)
				gal_buf_putc(o, (char)*p);
		}
	}
	g_free(v);
}

static void msg_line(gal_buf *o, const gal_msg *m, const char *sev)
{
	gal_buf t = GAL_BUF_INIT;
	gal_buf_puts(&t, m->file ? m->file : "");
	if (m->line > 0)
		gal_buf_printf(&t, ":%d", m->line);
	if (m->line > 0 && m->col > 0)
		gal_buf_printf(&t, ":%d", m->col);
	gal_buf_printf(&t, ": %s: %s", sev, m->text);
	if (m->code && m->severity == GAL_MSG_WARNING)
		gal_buf_printf(&t, " [%s]", m->code);
	gal_buf_putc(&t, '\n');
	xml_escape(o, t.data);
	gal_buf_free(&t);
}

static void testcase(gal_buf *o, const char *classname, const char *name,
		     const gal_result *r)
{
	gal_buf_puts(o, "    <testcase classname=\"");
	xml_escape(o, classname);
	gal_buf_puts(o, "\" name=\"");
	xml_escape(o, name);
	gal_buf_printf(o, "\" time=\"%.3f\"", (double)r->ms / 1000.0);
	int warns = gal_result_warnings(r);
	if (!r->failed && !warns && !r->skipped) {
		gal_buf_puts(o, "/>\n");
		return;
	}
	gal_buf_puts(o, ">\n");
	if (r->skipped)
		gal_buf_puts(o, "      <skipped message=\"up to date\"/>\n");
	if (r->failed) {
		const gal_msg *first = NULL;
		for (size_t k = 0; k < r->n_msgs && !first; k++)
			if (r->msgs[k].severity == GAL_MSG_ERROR)
				first = &r->msgs[k];
		gal_buf_puts(o, "      <failure message=\"");
		xml_escape(o, first ? first->text : "failed");
		gal_buf_puts(o, "\" type=\"");
		xml_escape(o, first && first->code ? first->code : "error");
		gal_buf_puts(o, "\">");
		for (size_t k = 0; k < r->n_msgs; k++)
			if (r->msgs[k].severity == GAL_MSG_ERROR)
				msg_line(o, &r->msgs[k], "error");
		gal_buf_puts(o, "</failure>\n");
	}
	if (warns) {
		gal_buf_puts(o, "      <system-err>");
		for (size_t k = 0; k < r->n_msgs; k++)
			if (r->msgs[k].severity == GAL_MSG_WARNING)
				msg_line(o, &r->msgs[k], "warning");
		gal_buf_puts(o, "</system-err>\n");
	}
	gal_buf_puts(o, "    </testcase>\n");
}

int gal_report_junit(const char *path, const gal_batch *b,
		     const gal_result *coll, const char *title,
		     int64_t total_ms, gal_err *err)
{
	gal_buf o = GAL_BUF_INIT;
	size_t failed = 0, skipped = 0, tests = b->n + (coll != NULL);
	for (size_t i = 0; i < b->n; i++) {
		failed += b->in[i].res.failed != 0;
		skipped += b->in[i].res.skipped != 0;
	}
	if (coll)
		failed += coll->failed != 0;
	gal_buf_puts(&o, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	gal_buf_printf(&o, "<testsuites name=\"galley\" tests=\"%zu\" failures=\"%zu\" time=\"%.3f\">\n",
		       tests, failed, (double)total_ms / 1000.0);
	gal_buf_printf(&o, "  <testsuite name=\"galley\" tests=\"%zu\" failures=\"%zu\" errors=\"0\" skipped=\"%zu\" time=\"%.3f\">\n",
		       tests, failed, skipped, (double)total_ms / 1000.0);
	for (size_t i = 0; i < b->n; i++) {
		const gal_input *in = &b->in[i];
		/* classname groups by directory, as CI viewers expect */
		char *dir = xstrdup(in->path);
		char *slash = strrchr(dir, '/');
		if (slash)
			*slash = '\0';
		testcase(&o, slash ? dir : "galley", in->path, &in->res);
		free(dir);
	}
	if (coll)
		testcase(&o, "collection", title ? title : "collection", coll);
	gal_buf_puts(&o, "  </testsuite>\n</testsuites>\n");
	int rc = write_text(path, o.data, err);
	gal_buf_free(&o);
	return rc;
}
