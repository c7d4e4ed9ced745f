/* Batches: FNV-1a, shard parsing and membership, directory walks,
 * output names and collisions, result bookkeeping. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "unit.h"

#include "base/buf.h"
#include "cli/batch.h"

static char dir[] = "/tmp/galley-batch-XXXXXX";

static void touch(const char *rel)
{
	char p[512];
	snprintf(p, sizeof p, "%s/%s", dir, rel);
	FILE *f = fopen(p, "w");
	fputs("<article/>", f);
	fclose(f);
}

static void sub(const char *rel)
{
	char p[512];
	snprintf(p, sizeof p, "%s/%s", dir, rel);
	mkdir(p, 0777);
}

static void test_fnv(void)
{
	/* reference values of FNV-1a 64 */
	OK(gal_fnv1a64("") == 0xcbf29ce484222325ULL);
	OK(gal_fnv1a64("a") == 0xaf63dc4c8601ec8cULL);
	OK(gal_fnv1a64("foobar") == 0x85944171f73967e8ULL);
}

static void test_shard_parse(void)
{
	unsigned k = 0, n = 0;
	INT_EQ(gal_shard_parse("2/5", &k, &n), 0);
	INT_EQ(k, 2);
	INT_EQ(n, 5);
	INT_EQ(gal_shard_parse("1/1", &k, &n), 0);
	INT_EQ(gal_shard_parse("0/5", &k, &n), GAL_E_USAGE);
	INT_EQ(gal_shard_parse("6/5", &k, &n), GAL_E_USAGE);
	INT_EQ(gal_shard_parse("1/0", &k, &n), GAL_E_USAGE);
	INT_EQ(gal_shard_parse("1", &k, &n), GAL_E_USAGE);
	INT_EQ(gal_shard_parse("1/2x", &k, &n), GAL_E_USAGE);
	INT_EQ(gal_shard_parse("-1/2", &k, &n), GAL_E_USAGE);
	INT_EQ(gal_shard_parse("/2", &k, &n), GAL_E_USAGE);
}

static void test_shard_split(void)
{
	/* every input in exactly one of N shards */
	const char *names[] = { "a.xml", "b.xml", "dir/c.xml", "d.xml", "e.xml",
				"f.xml", "g.xml", "h.xml", "i.xml", "j.xml" };
	size_t total = 0;
	for (unsigned k = 1; k <= 3; k++) {
		gal_batch b = GAL_BATCH_INIT;
		for (size_t i = 0; i < 10; i++)
			gal_batch_add(&b, names[i], NULL);
		gal_batch_shard(&b, k, 3);
		for (size_t i = 0; i < b.n; i++)
			INT_EQ(1 + gal_fnv1a64(b.in[i].path) % 3, k);
		total += b.n;
		gal_batch_free(&b);
	}
	INT_EQ(total, 10);
}

static void test_walk(void)
{
	gal_batch b = GAL_BATCH_INIT;
	gal_err err = { 0 };
	sub("in");
	sub("in/sub");
	sub("in/.hidden");
	touch("in/z.xml");
	touch("in/a.xml");
	touch("in/sub/m.xml");
	touch("in/notes.txt");
	touch("in/.hidden/h.xml");
	char arg[512];
	snprintf(arg, sizeof arg, "%s/in/", dir); /* a trailing slash is not doubled */
	INT_EQ(gal_batch_add(&b, arg, &err), 0);
	INT_EQ(b.n, 3);
	if (b.n == 3) {
		STR_EQ(b.in[0].stem, "a");
		STR_EQ(b.in[1].stem, "sub/m");
		STR_EQ(b.in[2].stem, "z");
		char want[512];
		snprintf(want, sizeof want, "%s/in/sub/m.xml", dir);
		STR_EQ(b.in[1].path, want);
	}
	/* no inputs in a directory is a usage error */
	sub("none");
	snprintf(arg, sizeof arg, "%s/none", dir);
	INT_EQ(gal_batch_add(&b, arg, &err), GAL_E_USAGE);
	/* files: stem is the base name less its extension */
	INT_EQ(gal_batch_add(&b, "x/y/paper.nxml", &err), 0);
	STR_EQ(b.in[b.n - 1].stem, "paper");
	INT_EQ(gal_batch_add(&b, "-", &err), 0);
	STR_EQ(b.in[b.n - 1].stem, "stdin");
	gal_batch_free(&b);
}

static void test_names(void)
{
	const char *both[] = { "pdf", "epub" }, *one[] = { "dump" };
	gal_err err = { 0 };
	gal_batch b = GAL_BATCH_INIT;

	/* default: current directory */
	gal_batch_add(&b, "p/a.xml", NULL);
	INT_EQ(gal_batch_name(&b, NULL, both, 2, &err), 0);
	STR_EQ(b.in[0].outputs[0], "a.pdf");
	STR_EQ(b.in[0].outputs[1], "a.epub");
	gal_batch_free(&b);

	/* one input, one format: -o names the file */
	gal_batch_add(&b, "p/a.xml", NULL);
	INT_EQ(gal_batch_name(&b, "out.bin", one, 1, &err), 0);
	STR_EQ(b.in[0].outputs[0], "out.bin");
	gal_batch_free(&b);

	/* ...unless it ends in '/' or is a directory */
	gal_batch_add(&b, "p/a.xml", NULL);
	INT_EQ(gal_batch_name(&b, "out/", one, 1, &err), 0);
	STR_EQ(b.in[0].outputs[0], "out/a.dump");
	gal_batch_free(&b);
	gal_batch_add(&b, "p/a.xml", NULL);
	INT_EQ(gal_batch_name(&b, dir, one, 1, &err), 0);
	char want[512];
	snprintf(want, sizeof want, "%s/a.dump", dir);
	STR_EQ(b.in[0].outputs[0], want);
	gal_batch_free(&b);

	/* -o -: one output only */
	gal_batch_add(&b, "p/a.xml", NULL);
	INT_EQ(gal_batch_name(&b, "-", one, 1, &err), 0);
	STR_EQ(b.in[0].outputs[0], "-");
	gal_batch_free(&b);
	gal_batch_add(&b, "p/a.xml", NULL);
	INT_EQ(gal_batch_name(&b, "-", both, 2, &err), GAL_E_USAGE);
	gal_batch_free(&b);

	/* stdin needs -o */
	gal_batch_add(&b, "-", NULL);
	INT_EQ(gal_batch_name(&b, NULL, one, 1, &err), GAL_E_USAGE);
	gal_batch_free(&b);

	/* collisions, also under two spellings of a directory */
	gal_batch_add(&b, "p/a.xml", NULL);
	gal_batch_add(&b, "q/a.xml", NULL);
	INT_EQ(gal_batch_name(&b, "o", one, 1, &err), GAL_E_USAGE);
	OK(strstr(err.message, "p/a.xml") && strstr(err.message, "q/a.xml"));
	gal_batch_free(&b);
	gal_batch_add(&b, "p/a.xml", NULL);
	gal_batch_add(&b, "p/b.xml", NULL);
	INT_EQ(gal_batch_name(&b, "./o//", both, 2, &err), 0);
	STR_EQ(b.in[1].outputs[1], "o/b.epub");
	gal_batch_free(&b);
}

static void test_results(void)
{
	gal_result r = { 0 };
	gal_result_msg(&r, GAL_MSG_WARNING, "a.xml", 3, 4, "unknown-element", "x\n");
	INT_EQ(r.failed, 0);
	STR_EQ(r.msgs[0].text, "x");   /* trailing newline trimmed */
	gal_result_msg(&r, GAL_MSG_ERROR, "a.xml", 0, 0, NULL, "bad");
	INT_EQ(r.failed, 1);
	INT_EQ(gal_result_warnings(&r), 1);
	INT_EQ(gal_result_errors(&r), 1);
	char p[512];
	snprintf(p, sizeof p, "%s/h.txt", dir);
	FILE *f = fopen(p, "w");
	fputs("abc", f);
	fclose(f);
	gal_result_output(&r, p, NULL, 0, NULL);
	INT_EQ(r.outs[0].bytes, 3);
	STR_EQ(r.outs[0].format, "txt");
	STR_EQ(r.outs[0].sha256,
	       "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	gal_result_clear(&r);
	INT_EQ(r.n_msgs, 0);
}

static void test_slug(void)
{
	char *s;
	s = gal_slug("Daily Brief: 3 May");
	STR_EQ(s, "daily-brief-3-may");
	free(s);
	s = gal_slug("  --Über Alles!! ");
	STR_EQ(s, "\xc3\xbc" "ber-alles");
	free(s);
	s = gal_slug("?!");
	STR_EQ(s, "collection");
	free(s);
}

static void test_mkdirs(void)
{
	char p[512];
	gal_err err = { 0 };
	snprintf(p, sizeof p, "%s/m/n/o/file.pdf", dir);
	INT_EQ(gal_mkdirs_for(p, &err), 0);
	snprintf(p, sizeof p, "%s/m/n/o", dir);
	struct stat st;
	OK(stat(p, &st) == 0 && S_ISDIR(st.st_mode));
	snprintf(p, sizeof p, "%s/h.txt/x/y.pdf", dir); /* under a file */
	INT_EQ(gal_mkdirs_for(p, &err), GAL_E_IO);
	INT_EQ(gal_mkdirs_for("plain.pdf", &err), 0);
}

static void test_summary(void)
{
	gal_batch b = GAL_BATCH_INIT;
	gal_buf o = GAL_BUF_INIT;
	gal_batch_add(&b, "a.xml", NULL);
	gal_batch_add(&b, "b.xml", NULL);
	gal_batch_add(&b, "c.xml", NULL);
	gal_result_msg(&b.in[0].res, GAL_MSG_WARNING, "a.xml", 1, 1, "x", "w1");
	gal_result_msg(&b.in[0].res, GAL_MSG_WARNING, "a.xml", 2, 1, "x", "w2");
	gal_result_msg(&b.in[1].res, GAL_MSG_ERROR, "b.xml", 1, 1, "xml", "bad");
	gal_batch_summary(&b, NULL, 0, 2345, &o);
	STR_EQ(o.data, "galley: 3 inputs, 2 converted, 1 failed, 2 warnings, 2.3 s\n");
	gal_buf_reset(&o);
	gal_batch_summary(&b, NULL, 1, 40, &o);
	STR_EQ(o.data, "galley: 3 inputs, 2 checked, 1 failed, 2 warnings, 0.0 s\n");
	/* --update: what was skipped is neither converted nor failed */
	b.in[2].res.skipped = 1;
	gal_buf_reset(&o);
	gal_batch_summary(&b, NULL, 0, 1000, &o);
	STR_EQ(o.data, "galley: 3 inputs, 1 converted, 1 up to date, 1 failed, 2 warnings, 1.0 s\n");
	/* a collection: its own warnings count, and its failure is said */
	gal_result coll = { 0 };
	gal_result_msg(&coll, GAL_MSG_WARNING, "T", 0, 0, "x", "w3");
	gal_buf_reset(&o);
	gal_batch_summary(&b, &coll, 0, 1000, &o);
	STR_EQ(o.data, "galley: 3 inputs, 1 bound, 1 up to date, 1 failed, 3 warnings, 1.0 s\n");
	gal_result_msg(&coll, GAL_MSG_ERROR, "T", 0, 0, "render", "no");
	gal_buf_reset(&o);
	gal_batch_summary(&b, &coll, 0, 1000, &o);
	STR_EQ(o.data, "galley: 3 inputs, 1 bound, 1 up to date, 1 failed, the collection failed, 3 warnings, 1.0 s\n");
	gal_result_clear(&coll);
	gal_batch_free(&b);
	/* one of each */
	gal_batch_add(&b, "a.xml", NULL);
	gal_result_msg(&b.in[0].res, GAL_MSG_WARNING, "a.xml", 1, 1, "x", "w1");
	gal_buf_reset(&o);
	gal_batch_summary(&b, NULL, 0, 0, &o);
	STR_EQ(o.data, "galley: 1 input, 1 converted, 0 failed, 1 warning, 0.0 s\n");
	gal_batch_free(&b);
	gal_buf_free(&o);
}

int main(void)
{
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	test_fnv();
	test_shard_parse();
	test_shard_split();
	test_walk();
	test_names();
	test_results();
	test_mkdirs();
	test_slug();
	test_summary();
	char cmd[300];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		return 1;
	return unit_done("batch");
}
