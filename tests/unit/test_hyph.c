/* Our pattern loader against libhyphen's: for every dictionary installed,
 * both automata hyphenate the same words identically (points and
 * non-standard replacements). The words are made from the dictionary's
 * own patterns, so every pattern is reached in some word, in the
 * dictionary's own encoding. Then the compiled form: what it reads back
 * is the automaton that was written, and a stale or damaged file is
 * refused. */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <hyphen.h>

#include "base/buf.h"
#include "style/hyph.h"
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

static int same_string(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* Every field libhyphen reads, level by level. */
static int same_automaton(const HyphenDict *a, const HyphenDict *b)
{
	for (; a && b; a = a->nextlevel, b = b->nextlevel) {
		if (a->lhmin != b->lhmin || a->rhmin != b->rhmin || a->clhmin != b->clhmin ||
		    a->crhmin != b->crhmin || a->nohyphenl != b->nohyphenl || a->utf8 != b->utf8 ||
		    a->num_states != b->num_states || strcmp(a->cset, b->cset) != 0 ||
		    !a->nohyphen != !b->nohyphen)
			return 0;
		const char *na = a->nohyphen, *nb = b->nohyphen;
		for (int i = 0; na && i <= a->nohyphenl; i++, na += strlen(na) + 1, nb += strlen(nb) + 1)
			if (strcmp(na, nb) != 0)
				return 0;
		for (int i = 0; i < a->num_states; i++) {
			const HyphenState *x = &a->states[i], *y = &b->states[i];
			if (!same_string(x->match, y->match) || !same_string(x->repl, y->repl) ||
			    x->replindex != y->replindex || x->replcut != y->replcut ||
			    x->fallback_state != y->fallback_state || x->num_trans != y->num_trans)
				return 0;
			for (int k = 0; k < x->num_trans; k++)
				if (x->trans[k].ch != y->trans[k].ch ||
				    x->trans[k].new_state != y->trans[k].new_state)
					return 0;
		}
	}
	return !a && !b;
}

static void spoil(const char *from, const char *to, long at, const char *bytes, size_t n,
		  long cut)
{
	gal_buf b = GAL_BUF_INIT;
	if (gal_buf_read_file(&b, from) != 0)
		return;
	if (at >= 0 && (size_t)at + n <= b.len)
		memcpy(b.data + at, bytes, n);
	size_t len = cut >= 0 && (size_t)cut < b.len ? (size_t)cut : b.len;
	FILE *f = fopen(to, "wb");
	if (f) {
		fwrite(b.data, 1, len, f);
		fclose(f);
	}
	gal_buf_free(&b);
}

static void compiled(const char *dir, const char *file)
{
	char path[512], out[600], bad[620];
	snprintf(path, sizeof path, "%s/%s", DIR_, file);
	snprintf(out, sizeof out, "%s/%s.galhyph", dir, file);
	snprintf(bad, sizeof bad, "%s.bad", out);
	struct stat st;
	OK(stat(path, &st) == 0);
	HyphenDict *built = gal_hyph_load(path);
	OK(built != NULL);
	if (!built)
		return;
	INT_EQ(gal_hyph_save(built, &st, out), 0);
	HyphenDict *read = gal_hyph_load_cached(out, &st);
	OK(read != NULL);
	if (read && !same_automaton(built, read))
		fprintf(stderr, "%s: the compiled automaton differs\n", file);
	OK(read && same_automaton(built, read));
	gal_hyph_dict_free(read);

	/* a pattern file changed since is read from its patterns again */
	struct stat newer = st;
	newer.st_mtim.tv_sec++;
	OK(gal_hyph_load_cached(out, &newer) == NULL);
	newer = st;
	newer.st_size++;
	OK(gal_hyph_load_cached(out, &newer) == NULL);

	/* damage: a cut, a byte too many, another magic, offsets out of
	 * range in the states (a tenth into the file is inside them) */
	struct stat cs;
	OK(stat(out, &cs) == 0);
	spoil(out, bad, -1, NULL, 0, cs.st_size - 1);
	OK(gal_hyph_load_cached(bad, &st) == NULL);
	spoil(out, bad, 0, "GALHYPH0", 8, -1);
	OK(gal_hyph_load_cached(bad, &st) == NULL);
	char ff[64];
	memset(ff, 0xff, sizeof ff);
	spoil(out, bad, (long)(cs.st_size / 10), ff, sizeof ff, -1);
	OK(gal_hyph_load_cached(bad, &st) == NULL);
	spoil(out, bad, -1, NULL, 0, -1);
	FILE *f = fopen(bad, "ab");
	if (f) {
		fputc(0, f);
		fclose(f);
	}
	OK(gal_hyph_load_cached(bad, &st) == NULL);
	OK(gal_hyph_load_cached("/nonexistent/x.galhyph", &st) == NULL);
	unlink(bad);
	unlink(out);
	gal_hyph_dict_free(built);
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
	}
	char tmp[] = "/tmp/galley-hyph-XXXXXX";
	OK(mkdtemp(tmp) != NULL);
	for (size_t i = 0; i < n; i++) {
		compiled(tmp, names[i]);
		free(names[i]);
	}
	rmdir(tmp);
	return unit_done("hyph");
}
