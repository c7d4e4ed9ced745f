/* Sinks: atomic commit, abort, sticky errors, fault injection, memory,
 * and the signal-time cleanup of temporary files; file sinks both ways,
 * writing an unnamed file (O_TMPFILE) and writing a temporary name. */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "unit.h"

#include "base/buf.h"
#include "base/sink.h"

static char dir[] = "/tmp/galley-sink-XXXXXX";
/* file sinks write under a temporary name (else an unnamed file, which
 * the directory does not show until it is the target) */
static int named;

static char *slurp(const char *path)
{
	gal_buf b = GAL_BUF_INIT;
	return gal_buf_read_file(&b, path) == 0 ? b.data : NULL;
}

static void spit(const char *path, const char *s)
{
	FILE *f = fopen(path, "wb");
	fputs(s, f);
	fclose(f);
}

/* entries of dir whose name ends in .tmp */
static int temps(void)
{
	int n = 0;
	DIR *d = opendir(dir);
	struct dirent *e;
	while ((e = readdir(d))) {
		size_t k = strlen(e->d_name);
		if (k > 4 && strcmp(e->d_name + k - 4, ".tmp") == 0)
			n++;
	}
	closedir(d);
	return n;
}

static void test_commit(void)
{
	char path[256], *s;
	gal_sink *k = NULL;
	gal_err err = { 0 };
	snprintf(path, sizeof path, "%s/a.txt", dir);
	spit(path, "old");
	INT_EQ(gal_sink_open_file(path, &k, &err), 0);
	INT_EQ(temps(), named);
	INT_EQ(gal_sink_puts(k, "hello "), 0);
	INT_EQ(gal_sink_printf(k, "%d %s", 42, "world"), 0);
	s = slurp(path);
	STR_EQ(s, "old");                 /* untouched until close */
	free(s);
	INT_EQ(gal_sink_close(k, &err), 0);
	s = slurp(path);
	STR_EQ(s, "hello 42 world");
	free(s);
	INT_EQ(temps(), 0);

	/* a target that does not exist yet */
	char fresh[256];
	snprintf(fresh, sizeof fresh, "%s/fresh.txt", dir);
	unlink(fresh);
	INT_EQ(gal_sink_open_file(fresh, &k, &err), 0);
	OK(access(fresh, F_OK) != 0);     /* not there until close */
	gal_sink_puts(k, "new");
	INT_EQ(gal_sink_close(k, &err), 0);
	s = slurp(fresh);
	STR_EQ(s, "new");
	free(s);
	struct stat fst;
	INT_EQ(stat(fresh, &fst), 0);
	INT_EQ(fst.st_mode & 0777, 0644); /* 0666 less the umask, 022 */
	INT_EQ(temps(), 0);
	unlink(fresh);

	/* large writes pass the internal buffer */
	char *big = xmalloc(300000);
	memset(big, 'x', 300000);
	INT_EQ(gal_sink_open_file(path, &k, &err), 0);
	gal_sink_write(k, "ab", 2);
	gal_sink_write(k, big, 300000);
	gal_sink_printf(k, "%s", "cd");
	/* printf longer than its stack buffer */
	big[299999] = '\0';
	gal_sink_printf(k, "%s", big + 299000);
	INT_EQ(gal_sink_close(k, &err), 0);
	struct stat st;
	INT_EQ(stat(path, &st), 0);
	INT_EQ(st.st_size, 2 + 300000 + 2 + 999);
	free(big);
}

static void test_abort_and_faults(void)
{
	char path[256], *s;
	gal_sink *k = NULL;
	gal_err err = { 0 };
	snprintf(path, sizeof path, "%s/b.txt", dir);
	spit(path, "old");
	INT_EQ(gal_sink_open_file(path, &k, &err), 0);
	gal_sink_puts(k, "new");
	gal_sink_abort(k);
	s = slurp(path);
	STR_EQ(s, "old");
	free(s);
	INT_EQ(temps(), 0);

	/* the disk fills during the 2nd write; errors are sticky; close
	 * fails and commits nothing */
	INT_EQ(gal_sink_open_file(path, &k, &err), 0);
	gal_sink_fail_after(k, 5);
	INT_EQ(gal_sink_puts(k, "one"), 0);
	INT_EQ(gal_sink_puts(k, "two"), GAL_E_IO);
	INT_EQ(gal_sink_puts(k, "three"), GAL_E_IO);
	INT_EQ(gal_sink_close(k, &err), GAL_E_IO);
	OK(strstr(err.message, "No space") != NULL);
	s = slurp(path);
	STR_EQ(s, "old");
	free(s);
	INT_EQ(temps(), 0);

	/* the disk is full from the first byte */
	INT_EQ(gal_sink_open_file(path, &k, &err), 0);
	gal_sink_fail_after(k, 1);
	INT_EQ(gal_sink_puts(k, "x"), GAL_E_IO);
	INT_EQ(gal_sink_close(k, &err), GAL_E_IO);
	s = slurp(path);
	STR_EQ(s, "old");
	free(s);

	/* a missing directory */
	snprintf(path, sizeof path, "%s/no/such/c.txt", dir);
	k = NULL;
	INT_EQ(gal_sink_open_file(path, &k, &err), GAL_E_IO);
	OK(k == NULL);
	INT_EQ(err.code, GAL_E_IO);
}

static void test_memory(void)
{
	gal_sink *m = gal_sink_new_memory();
	size_t len = 99;
	const unsigned char *d = gal_sink_data(m, &len);
	INT_EQ(len, 0);
	OK(d != NULL);
	gal_sink_puts(m, "abc");
	gal_sink_printf(m, "%05d", 7);
	d = gal_sink_data(m, &len);
	INT_EQ(len, 8);
	OK(memcmp(d, "abc00007", 8) == 0);
	gal_sink_fail_after(m, 1);
	INT_EQ(gal_sink_puts(m, "x"), GAL_E_IO);
	gal_err err = { 0 };
	INT_EQ(gal_sink_close(m, &err), GAL_E_IO);
	gal_sink_close(NULL, NULL);
	gal_sink_abort(NULL);
}

static void test_cleanup_all(void)
{
	char p1[256], p2[256];
	gal_sink *a = NULL, *b = NULL;
	snprintf(p1, sizeof p1, "%s/c1.txt", dir);
	snprintf(p2, sizeof p2, "%s/c2.txt", dir);
	INT_EQ(gal_sink_open_file(p1, &a, NULL), 0);
	INT_EQ(gal_sink_open_file(p2, &b, NULL), 0);
	gal_sink_puts(a, "x");
	INT_EQ(temps(), 2 * named);
	gal_sink_cleanup_all();   /* as a signal handler would */
	INT_EQ(temps(), 0);
	gal_sink_abort(a);
	gal_sink_abort(b);
	OK(access(p1, F_OK) != 0);
}

/* Deferred directory syncs: the outputs are complete and in place at
 * close; many closes in two directories leave two directories to sync. */
static void test_deferred_dir_sync(void)
{
	char sub[300], path[400], *s;
	gal_err err = { 0 };
	snprintf(sub, sizeof sub, "%s/sub", dir);
	mkdir(sub, 0755);
	gal_sink_defer_dir_sync(1);
	for (int i = 0; i < 100; i++) {
		gal_sink *k = NULL;
		snprintf(path, sizeof path, "%s/d%d.txt", i % 2 ? sub : dir, i);
		INT_EQ(gal_sink_open_file(path, &k, &err), 0);
		gal_sink_puts(k, "done");
		INT_EQ(gal_sink_close(k, &err), 0);
	}
	s = slurp(path);
	STR_EQ(s, "done");
	free(s);
	INT_EQ(temps(), 0);
	gal_sink_sync_dirs();
	gal_sink_sync_dirs();   /* nothing left: harmless */
	gal_sink_defer_dir_sync(0);
	for (int i = 0; i < 100; i++) {
		snprintf(path, sizeof path, "%s/d%d.txt", i % 2 ? sub : dir, i);
		unlink(path);
	}
	rmdir(sub);
}

int main(void)
{
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	umask(022);
	/* unnamed files where the file system has them (ext4 and tmpfs do),
	 * then temporary names */
	int fd = open(dir, O_TMPFILE | O_WRONLY, 0600);
	if (fd >= 0)
		close(fd);
	else
		printf("unit sink: no unnamed files in %s; temporary names only\n", dir);
	for (named = fd < 0; named <= 1; named++) {
		gal_sink_allow_unnamed(!named);
		test_commit();
		test_abort_and_faults();
		test_cleanup_all();
		test_deferred_dir_sync();
	}
	test_memory();
	char cmd[300];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		return 1;
	return unit_done("sink");
}
