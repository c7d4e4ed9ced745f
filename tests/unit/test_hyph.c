/* Our pattern loader against libhyphen's: for every dictionary installed,
 * both automata hyphenate the same words identically (points and
 * non-standard replacements). The words are made from the dictionary's
 * own patterns, so every pattern is reached in some word, in the
 * dictionary's own encoding. */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <hyphen.h>

#include "buf.h"
#include "hyph.h"
#include "unit.h"

#define DIR_ "/usr/share/hyphen"


/* The letters of a pattern line: digits, dots and any replacement
 * dropped. Empty for keywords and comments. */
static size_t letters(const char *line, char *out, size_t cap)
{
	size_t n = 0;
	if (line[0] == '%' || (line[0] >= 'A' && line[0] <= 'Z' && strchr(line, ' ')) ||
	    strncmp(line, "NEXTLEVEL", 9) == 0)
		return 0;
	for (; *line && *line != '/' && (unsigned char)*line > ' ' && n + 1 < cap; line++)
		if ((*line < '0' || *line > '9') && *line != '.')
			out[n++] = *line;
	out[n] = '\0';
	return n;
}

static int same(HyphenDict *a, HyphenDict *b, const char *w, size_t n)
{
	char ha[128], hb[128];
	char **ra = NULL, **rb = NULL;
	int *pa = NULL, *pb = NULL, *ca = NULL, *cb = NULL;
	memset(ha, 0, sizeof ha);
	memset(hb, 0, sizeof hb);
	hnj_hyphen_hyphenate2(a, w, (int)n, ha, NULL, &ra, &pa, &ca);
	hnj_hyphen_hyphenate2(b, w, (int)n, hb, NULL, &rb, &pb, &cb);
	int eq = memcmp(ha, hb, n) == 0 && !ra == !rb;
	for (size_t i = 0; eq && ra && i < n; i++)
		eq = (!ra[i] && !rb[i]) || (ra[i] && rb[i] && strcmp(ra[i], rb[i]) == 0 &&
					    pa[i] == pb[i] && ca[i] == cb[i]);
	for (size_t i = 0; ra && i < n; i++)
		free(ra[i]);
	for (size_t i = 0; rb && i < n; i++)
		free(rb[i]);
	free(ra); free(rb); free(pa); free(pb); free(ca); free(cb);
	return eq;
}

static void compare(const char *file)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%s", DIR_, file);
	HyphenDict *lib = hnj_hyphen_load(path);
	HyphenDict *ours = gal_hyph_load(path);
	OK(lib && ours);
	if (!lib || !ours)
		return;
	OK(strcmp(lib->cset, ours->cset) == 0);
	INT_EQ(ours->utf8, lib->utf8);
	INT_EQ(ours->lhmin, lib->lhmin);
	INT_EQ(ours->rhmin, lib->rhmin);
	INT_EQ(ours->num_states, lib->num_states);
	INT_EQ(!ours->nextlevel, !lib->nextlevel);
	if (ours->nextlevel && lib->nextlevel)
		INT_EQ(ours->nextlevel->num_states, lib->nextlevel->num_states);

	FILE *f = fopen(path, "rb");
	char line[256], prev[128] = "", cur[128];
	size_t tried = 0, differ = 0;
	while (f && fgets(line, sizeof line, f)) {
		size_t n = letters(line, cur, sizeof cur);
		if (n < 2)
			continue;
		/* the pattern alone, and glued to the one before it */
		char w[256];
		snprintf(w, sizeof w, "%s", cur);
		if (strlen(w) < 100) {
			tried++;
			differ += !same(lib, ours, w, strlen(w));
		}
		snprintf(w, sizeof w, "%s%s", prev, cur);
		if (strlen(w) < 100) {
			tried++;
			differ += !same(lib, ours, w, strlen(w));
		}
		memcpy(prev, cur, n + 1);
	}
	if (f)
		fclose(f);
	if (differ)
		fprintf(stderr, "%s: %zu of %zu words hyphenate differently\n", file, differ, tried);
	INT_EQ(differ, 0);
	OK(tried > 100);
	hnj_hyphen_free(lib);
	gal_hyph_dict_free(ours);
}

int main(void)
{
	/* every real dictionary file once (the links name the same ones) */
	DIR *d = opendir(DIR_);
	OK(d != NULL);
	struct dirent *e;
	char *names[64];
	size_t n = 0;
	while (d && (e = readdir(d)) && n < 64) {
		size_t l = strlen(e->d_name);
		if (l > 4 && strcmp(e->d_name + l - 4, ".dic") == 0 && e->d_type == DT_REG)
			names[n++] = xstrdup(e->d_name);
	}
	if (d)
		closedir(d);
	OK(n >= 8);   /* en, de, fr, es, pt, it, nl, ru */
	for (size_t i = 0; i < n; i++) {
		/* hnj_hyphen_load loses the match of a pattern that appears
		 * twice (which is one reason galley has its own loader): the
		 * comparison runs in a child that leaves with _exit, past
		 * LeakSanitizer, and reports its counts through a pipe */
		int fd[2];
		OK(pipe(fd) == 0);
		pid_t pid = fork();
		if (pid == 0) {
			close(fd[0]);
			unit_pass = unit_fail = 0;
			compare(names[i]);
			int counts[2] = { unit_pass, unit_fail };
			_exit(write(fd[1], counts, sizeof counts) == sizeof counts ? 0 : 1);
		}
		close(fd[1]);
		int counts[2] = { 0, 1 }, st = 0;
		if (read(fd[0], counts, sizeof counts) != sizeof counts)
			counts[1] = 1;
		close(fd[0]);
		waitpid(pid, &st, 0);
		unit_pass += counts[0];
		unit_fail += counts[1] + !(WIFEXITED(st) && WEXITSTATUS(st) == 0);
		/* our loader's own allocations are checked here, in the parent */
		char path[512];
		snprintf(path, sizeof path, "%s/%s", DIR_, names[i]);
		HyphenDict *ours = gal_hyph_load(path);
		OK(ours != NULL);
		if (ours)
			gal_hyph_dict_free(ours);
		free(names[i]);
	}
	return unit_done("hyph");
}
