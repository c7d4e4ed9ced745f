/* Reports: the JSON fields DESIGN.md fixes, valid UTF-8 whatever the
 * messages hold, JUnit XML escaping. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>

#include "unit.h"

#include "base/buf.h"
#include "cli/batch.h"
#include "cli/report.h"

static char dir[] = "/tmp/galley-report-XXXXXX";

static json_object *get(json_object *o, const char *key)
{
	json_object *v = NULL;
	json_object_object_get_ex(o, key, &v);
	return v;
}

static void test_json(void)
{
	gal_batch b = GAL_BATCH_INIT;
	gal_err err = { 0 };
	char out[512], rep[512];
	snprintf(out, sizeof out, "%s/a.pdf", dir);
	snprintf(rep, sizeof rep, "%s/r.json", dir);
	FILE *f = fopen(out, "w");
	fputs("%PDF", f);
	fclose(f);

	gal_batch_add(&b, "a.xml", NULL);
	gal_batch_add(&b, "b.xml", NULL);
	gal_result *ra = &b.in[0].res, *rb = &b.in[1].res;
	ra->format = xstrdup("jats");
	ra->pages = 3;
	ra->ms = 12;
	gal_result_output(ra, out, "pdf", 0, NULL);
	gal_result_msg(ra, GAL_MSG_WARNING, "a.xml", 4, 5, "unknown-element",
		       "unknown element <x>");
	/* invalid UTF-8 and control characters from a broken input */
	gal_result_msg(rb, GAL_MSG_ERROR, "b.xml", 1, 2, "xml", "bad \xff\xfe byte \x01");
	INT_EQ(gal_report_json(rep, &b, NULL, NULL, 99, NULL, &err), 0);

	json_object *r = json_object_from_file(rep);
	OK(r != NULL);
	if (!r)
		goto cleanup;
	INT_EQ(json_object_get_int(get(r, "version")), 1);
	STR_EQ(json_object_get_string(get(r, "galley")), GALLEY_VERSION);
	json_object *in = get(r, "inputs");
	INT_EQ(json_object_array_length(in), 2);
	json_object *a = json_object_array_get_idx(in, 0);
	STR_EQ(json_object_get_string(get(a, "input")), "a.xml");
	STR_EQ(json_object_get_string(get(a, "format")), "jats");
	STR_EQ(json_object_get_string(get(a, "status")), "ok");
	INT_EQ(json_object_get_int(get(a, "pages")), 3);
	INT_EQ(json_object_get_int(get(a, "ms")), 12);
	json_object *o = json_object_array_get_idx(get(a, "outputs"), 0);
	STR_EQ(json_object_get_string(get(o, "format")), "pdf");
	INT_EQ(json_object_get_int(get(o, "bytes")), 4);
	INT_EQ(strlen(json_object_get_string(get(o, "sha256"))), 64);
	json_object *w = json_object_array_get_idx(get(a, "warnings"), 0);
	INT_EQ(json_object_get_int(get(w, "line")), 4);
	INT_EQ(json_object_get_int(get(w, "col")), 5);
	STR_EQ(json_object_get_string(get(w, "code")), "unknown-element");
	STR_EQ(json_object_get_string(get(w, "message")), "unknown element <x>");
	OK(get(w, "file") == NULL);   /* about the input itself */
	json_object *bo = json_object_array_get_idx(in, 1);
	STR_EQ(json_object_get_string(get(bo, "status")), "error");
	OK(json_object_get_type(get(bo, "format")) == json_type_null);
	json_object *e = json_object_array_get_idx(get(bo, "errors"), 0);
	OK(strstr(json_object_get_string(get(e, "message")), "byte") != NULL);
	json_object *t = get(r, "totals");
	INT_EQ(json_object_get_int(get(t, "inputs")), 2);
	INT_EQ(json_object_get_int(get(t, "ok")), 1);
	INT_EQ(json_object_get_int(get(t, "failed")), 1);
	INT_EQ(json_object_get_int(get(t, "warnings")), 1);
	INT_EQ(json_object_get_int(get(t, "ms")), 99);
	OK(get(r, "collection") == NULL);
	json_object_put(r);

	/* JUnit: escaped, one failure */
	snprintf(rep, sizeof rep, "%s/j.xml", dir);
	INT_EQ(gal_report_junit(rep, &b, NULL, NULL, 99, &err), 0);
	FILE *jf = fopen(rep, "r");
	gal_buf text = GAL_BUF_INIT;
	char chunk[4096];
	size_t n;
	while (jf && (n = fread(chunk, 1, sizeof chunk, jf)) > 0)
		gal_buf_put(&text, chunk, n);
	if (jf)
		fclose(jf);
	OK(text.data && strstr(text.data, "unknown element &lt;x&gt;"));
	OK(text.data && strstr(text.data, "failures=\"1\""));
	OK(text.data && !strchr(text.data, '\x01'));
	gal_buf_free(&text);

	/* a report that cannot be written */
	INT_EQ(gal_report_json("/dev/null/r.json", &b, NULL, NULL, 0, NULL, &err), GAL_E_IO);
cleanup:
	gal_batch_free(&b);
}

/* what the run was: style, command line, options, start */
static void test_run_info(void)
{
	gal_batch b = GAL_BATCH_INIT;
	gal_err err = { 0 };
	char rep[512];
	snprintf(rep, sizeof rep, "%s/run.json", dir);
	gal_batch_add(&b, "a.xml", NULL);
	char *argv[] = { "-s", "magazine", "-M", "author=Ann", "a.xml", NULL };
	const char *to[] = { "pdf", "epub" };
	const char *const paths[] = { "media", NULL };
	const char *const authors[] = { "Ann" };
	gal_meta_override meta = { .authors = authors, .n_authors = 1 };
	gal_limits lim;
	gal_limits_default(&lim);
	gal_run_info run = { .started = 1700000000, .style_name = "magazine",
			     .style_path = "/s/magazine.ini", .argv = argv, .argc = 5,
			     .to = to, .n_to = 2, .from = "auto", .jobs = 2, .toc = 1,
			     .shard_k = 2, .shard_n = 3, .resource_paths = paths,
			     .meta = &meta, .limits = &lim };
	INT_EQ(gal_report_json(rep, &b, NULL, NULL, 5, &run, &err), 0);
	json_object *r = json_object_from_file(rep);
	OK(r != NULL);
	if (!r)
		goto cleanup;
	STR_EQ(json_object_get_string(get(r, "started")), "2023-11-14T22:13:20Z");
	STR_EQ(json_object_get_string(get(get(r, "style"), "name")), "magazine");
	STR_EQ(json_object_get_string(get(get(r, "style"), "path")), "/s/magazine.ini");
	json_object *cmd = get(r, "command");
	INT_EQ(json_object_array_length(cmd), 5);
	STR_EQ(json_object_get_string(json_object_array_get_idx(cmd, 3)), "author=Ann");
	json_object *o = get(r, "options");
	INT_EQ(json_object_array_length(get(o, "to")), 2);
	STR_EQ(json_object_get_string(get(o, "from")), "auto");
	OK(get(o, "paper") == NULL);
	INT_EQ(json_object_get_int(get(o, "jobs")), 2);
	OK(json_object_get_boolean(get(o, "toc")));
	OK(!json_object_get_boolean(get(o, "strict")));
	STR_EQ(json_object_get_string(get(o, "shard")), "2/3");
	STR_EQ(json_object_get_string(json_object_array_get_idx(get(o, "resource_paths"), 0)), "media");
	STR_EQ(json_object_get_string(json_object_array_get_idx(get(get(o, "metadata"), "authors"), 0)), "Ann");
	OK(get(get(o, "metadata"), "title") == NULL);
	INT_EQ(json_object_get_int(get(get(o, "limits"), "pages")), 5000);
	/* the documented fields are still there */
	INT_EQ(json_object_get_int(get(r, "version")), 1);
	OK(get(r, "inputs") && get(r, "totals"));
	json_object_put(r);
cleanup:
	gal_batch_free(&b);
}

int main(void)
{
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	STR_EQ(gal_err_code_name(GAL_E_XML), "xml");
	STR_EQ(gal_err_code_name(12345), "error");
	test_json();
	test_run_info();
	char cmd[300];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		return 1;
	return unit_done("report");
}
