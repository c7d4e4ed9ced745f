/* Loading a libhyphen pattern file into libhyphen's own automaton.
 *
 * Why not hnj_hyphen_load: libhyphen 2.8.8 maps state strings to state
 * numbers through a fixed table of 31,627 chained buckets. The German
 * dictionary (78,000 patterns, about a million states) makes those chains
 * some 30 entries long, and its suffix pass looks up every suffix of
 * every state: 2.4 s on an idle core for one `hnj_hyphen_load`, paid by
 * every process that sets German text. It also leaks the match of a
 * pattern that appears twice. This loader builds the same HyphenDict —
 * the same states, transitions, matches, replacements, fallbacks and
 * second level — as a trie whose fallbacks are Aho-Corasick failure
 * links, with no string table at all, so German loads in tens of
 * milliseconds; hyphenation itself stays libhyphen's
 * (hnj_hyphen_hyphenate2). Each level is one block of states,
 * transitions and strings, so gal_hyph_dict_free releases it, not
 * hnj_hyphen_free.
 *
 * The file format (libhyphen's README.hyphen): the first line names the
 * encoding; then LEFTHYPHENMIN n, RIGHTHYPHENMIN n, COMPOUNDLEFTHYPHENMIN
 * n, COMPOUNDRIGHTHYPHENMIN n, NOHYPHEN list, patterns one per line
 * (letters with digit weights, optionally /replacement,index,cut),
 * comments starting with %, and NEXTLEVEL separating a compound level
 * from the word level. Lines that libhyphen would skip (too long for its
 * 100-byte buffer) are skipped here too, so both loaders agree. */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <hyphen.h>

#include "base/buf.h"
#include "base/sink.h"
#include "style/hyph.h"

/* While a level is built, each state's transitions are a list threaded
 * through one growing array, and the match and replacement strings go to
 * one pool; finish() then lays states, transitions and strings out in a
 * single block. The English dictionary has 15,600 states: building them
 * with an array and two strings per state, as libhyphen does, was a
 * third of the load in malloc and realloc. */
typedef struct bstate {
	int first, last;        /* edges, in the order they were added */
	int num_trans;
	int match, repl;        /* offsets into the pool; -1: none */
	signed char replindex, replcut;
} bstate;

typedef struct edge {
	int to, next;
	char ch;
} edge;

typedef struct builder {
	HyphenDict *d;          /* what the keywords set */
	bstate *st;
	size_t n_st, cap_st;
	edge *e;
	size_t n_e, cap_e;
	gal_buf pool;
} builder;

static int new_state(builder *b)
{
	if (b->n_st == b->cap_st) {
		b->cap_st = b->cap_st ? 2 * b->cap_st : 1024;
		b->st = xrealloc(b->st, b->cap_st * sizeof *b->st);
	}
	b->st[b->n_st] = (bstate){ -1, -1, 0, -1, -1, 0, 0 };
	return (int)b->n_st++;
}

/* The state reached from `from` by byte ch, made when missing. */
static int child(builder *b, int from, char ch)
{
	for (int k = b->st[from].first; k >= 0; k = b->e[k].next)
		if (b->e[k].ch == ch)
			return b->e[k].to;
	int to = new_state(b);
	if (b->n_e == b->cap_e) {
		b->cap_e = b->cap_e ? 2 * b->cap_e : 1024;
		b->e = xrealloc(b->e, b->cap_e * sizeof *b->e);
	}
	int k = (int)b->n_e++;
	b->e[k] = (edge){ to, -1, ch };
	bstate *s = &b->st[from];
	if (s->last >= 0)
		b->e[s->last].next = k;
	else
		s->first = k;
	s->last = k;
	s->num_trans++;
	return to;
}

static int pool_add(builder *b, const char *str)
{
	int at = (int)b->pool.len;
	gal_buf_put(&b->pool, str, strlen(str) + 1);
	return at;
}

static int starts(const char *s, const char *word)
{
	return strncmp(s, word, strlen(word)) == 0;
}

/* One line of a pattern file (libhyphen's hnj_hyphen_load_line). `buf`
 * is modified. */
static void load_line(char *buf, builder *b)
{
	HyphenDict *d = b->d;
	/* keywords are upper case; patterns never are */
	int keyword = buf[0] >= 'A' && buf[0] <= 'Z';
	const struct { const char *key; char *value; } mins[] = {
		{ "LEFTHYPHENMIN", &d->lhmin }, { "RIGHTHYPHENMIN", &d->rhmin },
		{ "COMPOUNDLEFTHYPHENMIN", &d->clhmin }, { "COMPOUNDRIGHTHYPHENMIN", &d->crhmin },
	};
	for (size_t i = 0; keyword && i < sizeof mins / sizeof *mins; i++)
		if (starts(buf, mins[i].key)) {
			*mins[i].value = (char)atoi(buf + strlen(mins[i].key));
			return;
		}
	if (keyword && starts(buf, "NOHYPHEN")) {
		/* a comma-separated list, stored as NUL-separated strings
		 * with the line end cut off */
		char *sp = buf + 8;
		while (*sp == ' ' || *sp == '\t')
			sp++;
		free(d->nohyphen);
		d->nohyphen = xstrdup(sp);
		d->nohyphenl = 0;
		size_t n = strlen(d->nohyphen);
		if (n) {
			char *e = d->nohyphen + n - 1;
			*e = '\0';
			for (e--; e > d->nohyphen; e--)
				if (*e == ',') {
					d->nohyphenl++;
					*e = '\0';
				}
		}
		return;
	}

	char word[MAX_CHARS], pattern[MAX_CHARS + 1];
	int j = 0;
	signed char replindex = 0, replcut = 0;
	char *repl = strchr(buf, '/');
	pattern[0] = '0';
	if (repl) {
		char *idx = strchr(repl + 1, ',');
		*repl = '\0';
		if (idx) {
			char *idx2 = strchr(idx + 1, ',');
			*idx = '\0';
			if (idx2) {
				*idx2 = '\0';
				replindex = (signed char)(atoi(idx + 1) - 1);
				replcut = (signed char)atoi(idx2 + 1);
			}
		} else {
			repl[1 + strcspn(repl + 1, "\r\n")] = '\0';
			replcut = (signed char)strlen(buf);
		}
		repl++;
	}
	for (int i = 0; (unsigned char)buf[i] > ' ' && j < MAX_CHARS - 1; i++) {
		if (buf[i] >= '0' && buf[i] <= '9')
			pattern[j] = buf[i];
		else {
			word[j] = buf[i];
			pattern[++j] = '0';
		}
	}
	word[j] = '\0';
	pattern[j + 1] = '\0';

	int lead = 0;
	if (!repl) {
		while (pattern[lead] == '0')
			lead++;
	} else {
		if (*word == '.')
			lead++;
		if (d->utf8) {
			/* replacement positions count characters; the
			 * automaton counts bytes */
			int pu = -1, ps = -1;
			size_t wl = strlen(word);
			for (size_t pc = *word == '.' ? 1 : 0; pc < wl + 1; pc++) {
				if (((unsigned char)word[pc] >> 6) != 2)
					pu++;
				if (ps < 0 && replindex == pu) {
					ps = replindex;
					replindex = (signed char)pc;
				}
				if (ps >= 0 && pu - ps == replcut) {
					replcut = (signed char)(pc - (size_t)replindex);
					break;
				}
			}
			if (*word == '.')
				replindex--;
		}
	}

	/* the states are the prefixes of the patterns: a trie (a pattern
	 * that appears twice keeps its last match, as in libhyphen) */
	int st = 0;
	for (int i = 0; i < j; i++)
		st = child(b, st, word[i]);
	int match = pool_add(b, pattern + lead), rp = repl ? pool_add(b, repl) : -1;
	bstate *s = &b->st[st];
	s->match = match;
	s->repl = rp;
	s->replindex = replindex;
	s->replcut = replcut ? replcut : (signed char)strlen(word);
}

static void builder_init(builder *b, HyphenDict *d)
{
	memset(b, 0, sizeof *b);
	b->d = d;
	new_state(b);
}

/* States, transitions and strings into one block, d->states (what
 * gal_hyph_dict_free releases). */
static void finish(builder *b)
{
	size_t ns = b->n_st, ne = b->n_e, np = b->pool.len;
	char *block = xmalloc(ns * sizeof(HyphenState) + ne * sizeof(HyphenTrans) + np);
	HyphenState *states = (HyphenState *)block;
	HyphenTrans *trans = (HyphenTrans *)(block + ns * sizeof *states);
	char *pool = (char *)(trans + ne);
	if (np)
		memcpy(pool, b->pool.data, np);
	/* HyphenTrans has padding, and a compiled dictionary writes it out */
	memset(trans, 0, ne * sizeof *trans);
	size_t at = 0;
	for (size_t i = 0; i < ns; i++) {
		const bstate *s = &b->st[i];
		HyphenState *h = &states[i];
		h->match = s->match >= 0 ? pool + s->match : NULL;
		h->repl = s->repl >= 0 ? pool + s->repl : NULL;
		h->replindex = s->replindex;
		h->replcut = s->replcut;
		h->fallback_state = -1;
		h->num_trans = s->num_trans;
		h->trans = s->num_trans ? trans + at : NULL;
		for (int k = s->first; k >= 0; k = b->e[k].next, at++) {
			trans[at].ch = b->e[k].ch;
			trans[at].new_state = b->e[k].to;
		}
	}
	b->d->states = states;
	b->d->num_states = (int)ns;
	free(b->st);
	free(b->e);
	gal_buf_free(&b->pool);
}

/* Every state falls back to its longest proper suffix that is a state:
 * the failure links of an Aho-Corasick automaton, found breadth first. */
static void fallbacks(HyphenDict *d)
{
	int *queue = xmalloc((size_t)d->num_states * sizeof *queue);
	size_t head = 0, tail = 0;
	d->states[0].fallback_state = -1;
	queue[tail++] = 0;
	while (head < tail) {
		int u = queue[head++];
		const HyphenState *su = &d->states[u];
		for (int k = 0; k < su->num_trans; k++) {
			char ch = su->trans[k].ch;
			int v = su->trans[k].new_state, f = su->fallback_state, to = 0;
			for (; f >= 0; f = d->states[f].fallback_state) {
				const HyphenState *sf = &d->states[f];
				int m = 0;
				while (m < sf->num_trans && sf->trans[m].ch != ch)
					m++;
				if (m < sf->num_trans) {
					to = sf->trans[m].new_state;
					break;
				}
			}
			d->states[v].fallback_state = to;
			queue[tail++] = v;
		}
	}
	free(queue);
}

/* Next line of `*p` into buf as fgets(buf, MAX_CHARS) would read it;
 * returns 0 at the end, -1 for a line too long for libhyphen's buffer
 * (skipped). */
static int next_line(const char **p, const char *end, char *buf)
{
	if (*p >= end)
		return 0;
	const char *nl = memchr(*p, '\n', (size_t)(end - *p));
	const char *stop = nl ? nl + 1 : end;
	size_t n = (size_t)(stop - *p);
	*p = stop;
	if (n > MAX_CHARS - 1 || (n == MAX_CHARS - 1 && !nl))
		return -1;
	memcpy(buf, stop - n, n);
	buf[n] = '\0';
	return 1;
}

HyphenDict *gal_hyph_load(const char *path)
{
	gal_buf raw = GAL_BUF_INIT;
	if (gal_buf_read_file(&raw, path) != 0)
		return NULL;
	const char *p = raw.data, *end = p + raw.len;

	HyphenDict *dict[2];
	char buf[MAX_CHARS + 1];
	int nextlevel = 0;
	for (int k = 0; k < 2; k++) {
		HyphenDict *d = dict[k] = xcalloc(1, sizeof *d);
		builder b;
		builder_init(&b, d);
		if (k == 0) {
			/* the first line, as fgets(cset, MAX_NAME) reads it */
			size_t n = 0;
			while (p < end && n < MAX_NAME - 1) {
				char c = *p++;
				d->cset[n++] = c;
				if (c == '\n')
					break;
			}
			d->cset[n] = '\0';
			d->cset[strcspn(d->cset, "\r\n")] = '\0';
			d->utf8 = strcmp(d->cset, "UTF-8") == 0;
		} else {
			memcpy(d->cset, dict[0]->cset, sizeof d->cset);
			d->utf8 = dict[0]->utf8;
		}
		if (k == 0 || nextlevel) {
			int r;
			while ((r = next_line(&p, end, buf)) != 0) {
				if (r < 0)
					continue;
				if (starts(buf, "NEXTLEVEL")) {
					nextlevel = 1;
					break;
				}
				if (buf[0] != '%')
					load_line(buf, &b);
			}
		} else {
			/* no compound level: libhyphen's default one, which
			 * only keeps hyphens and apostrophes from breaking */
			char line[64];
			snprintf(line, sizeof line, "%s", d->utf8 ?
				 "NOHYPHEN ',\xe2\x80\x93,\xe2\x80\x99,-\n" : "NOHYPHEN ',-\n");
			load_line(line, &b);
			snprintf(line, sizeof line, "1-1\n");
			load_line(line, &b);
			snprintf(line, sizeof line, "1'1\n");
			load_line(line, &b);
			if (d->utf8) {
				snprintf(line, sizeof line, "1\xe2\x80\x93" "1\n");
				load_line(line, &b);
				snprintf(line, sizeof line, "1\xe2\x80\x99" "1\n");
				load_line(line, &b);
			}
		}
		finish(&b);
		fallbacks(d);
	}
	gal_buf_free(&raw);
	if (nextlevel) {
		dict[0]->nextlevel = dict[1];
		return dict[0];
	}
	dict[1]->nextlevel = dict[0];
	dict[1]->lhmin = dict[0]->lhmin;
	dict[1]->rhmin = dict[0]->rhmin;
	dict[1]->clhmin = dict[0]->clhmin ? dict[0]->clhmin : dict[0]->lhmin ? dict[0]->lhmin : 3;
	dict[1]->crhmin = dict[0]->crhmin ? dict[0]->crhmin : dict[0]->rhmin ? dict[0]->rhmin : 3;
	return dict[1];
}

void gal_hyph_dict_free(HyphenDict *d)
{
	while (d) {
		HyphenDict *next = d->nextlevel;
		free(d->states);
		free(d->nohyphen);
		free(d);
		d = next;
	}
}

/* ---- the compiled form -------------------------------------------------- */

/* A cache file holds the levels of one dictionary as finish() lays them
 * out, pointers written as offsets, after a header naming the size and
 * modification time of the pattern file it was compiled from. Loading
 * it is a read and a pass over the states: German (14 MiB of automaton)
 * then costs a few milliseconds, not the 117M instructions of building
 * it. The file is this build's own (struct sizes are in the header); a
 * cache that does not match, or does not hold together, is ignored. */
#define CACHE_MAGIC "GALHYPH1"

typedef struct cache_head {
	char magic[8];
	uint32_t state_size, trans_size, ptr_size, levels;
	uint64_t src_size;
	int64_t src_sec, src_nsec;
} cache_head;

typedef struct level_head {
	char lhmin, rhmin, clhmin, crhmin;
	int32_t nohyphenl, utf8, num_states;
	char cset[MAX_NAME];
	uint64_t n_trans, pool_len, nohyphen_len;
} level_head;

/* where a level's strings start, and how many bytes they take */
static const char *level_pool(const HyphenDict *d, uint64_t n_trans, uint64_t *len)
{
	const char *pool = (const char *)((const HyphenTrans *)(d->states + d->num_states) + n_trans);
	const char *end = pool;
	for (int i = 0; i < d->num_states; i++) {
		const char *s[2] = { d->states[i].match, d->states[i].repl };
		for (int k = 0; k < 2; k++) {
			const char *past = s[k] ? s[k] + strlen(s[k]) + 1 : end;
			if (past > end)
				end = past;
		}
	}
	*len = (uint64_t)(end - pool);
	return pool;
}

static uintptr_t offset_of(const void *p, const void *base)
{
	return p ? (uintptr_t)((const char *)p - (const char *)base) + 1 : 0;
}

int gal_hyph_save(const HyphenDict *dict, const struct stat *src, const char *path)
{
	/* an atomic file sink: a reader sees the old compiled form or the
	 * new one, never half of it */
	gal_sink *out = NULL;
	gal_err err = { 0 };
	if (gal_sink_open_file(path, &out, &err) != GAL_OK)
		return -1;
	cache_head h = { CACHE_MAGIC, sizeof(HyphenState), sizeof(HyphenTrans),
			 sizeof(void *), 0, (uint64_t)src->st_size,
			 (int64_t)src->st_mtim.tv_sec, (int64_t)src->st_mtim.tv_nsec };
	for (const HyphenDict *d = dict; d; d = d->nextlevel)
		h.levels++;
	gal_sink_write(out, &h, sizeof h);
	for (const HyphenDict *d = dict; d; d = d->nextlevel) {
		level_head l;
		memset(&l, 0, sizeof l);
		l.lhmin = d->lhmin;
		l.rhmin = d->rhmin;
		l.clhmin = d->clhmin;
		l.crhmin = d->crhmin;
		l.nohyphenl = d->nohyphenl;
		l.utf8 = d->utf8;
		l.num_states = d->num_states;
		memcpy(l.cset, d->cset, sizeof l.cset);
		for (int i = 0; i < d->num_states; i++)
			l.n_trans += (uint64_t)d->states[i].num_trans;
		const char *pool = level_pool(d, l.n_trans, &l.pool_len);
		/* NOHYPHEN is NUL-separated: its length is the sum of its parts */
		const char *nh = d->nohyphen;
		for (int i = 0; nh && i <= d->nohyphenl; i++)
			l.nohyphen_len += strlen(nh + l.nohyphen_len) + 1;
		gal_sink_write(out, &l, sizeof l);
		const HyphenTrans *trans = (const HyphenTrans *)(d->states + d->num_states);
		for (int i = 0; i < d->num_states; i++) {
			/* field by field, so the padding is written as zeros */
			const HyphenState *from = &d->states[i];
			HyphenState s;
			memset(&s, 0, sizeof s);
			s.match = (char *)offset_of(from->match, pool);
			s.repl = (char *)offset_of(from->repl, pool);
			s.replindex = from->replindex;
			s.replcut = from->replcut;
			s.fallback_state = from->fallback_state;
			s.num_trans = from->num_trans;
			s.trans = (HyphenTrans *)(from->trans ? (uintptr_t)(from->trans - trans) + 1 : 0);
			gal_sink_write(out, &s, sizeof s);
		}
		gal_sink_write(out, trans, l.n_trans * sizeof *trans);
		gal_sink_write(out, pool, l.pool_len);
		if (nh)
			gal_sink_write(out, nh, l.nohyphen_len);
	}
	/* write errors are sticky: close reports the first */
	return gal_sink_close(out, &err) == GAL_OK ? 0 : -1;
}

/* The next level of the file, read straight into its block (`*left`
 * bytes of the file remain), or NULL when the bytes do not hold
 * together. */
static HyphenDict *read_level(int fd, uint64_t *left)
{
	level_head l;
	if (*left < sizeof l || gal_read_full(fd, &l, sizeof l) != 0)
		return NULL;
	*left -= sizeof l;
	uint64_t ns = (uint64_t)l.num_states;
	if (l.num_states < 1 || ns > INT32_MAX / sizeof(HyphenState) ||
	    l.n_trans > INT32_MAX / sizeof(HyphenTrans) || l.pool_len > INT32_MAX ||
	    l.nohyphen_len > INT32_MAX || l.nohyphenl < 0 ||
	    *left < ns * sizeof(HyphenState) + l.n_trans * sizeof(HyphenTrans) + l.pool_len +
			l.nohyphen_len ||
	    memchr(l.cset, '\0', sizeof l.cset) == NULL)
		return NULL;
	size_t bytes = (size_t)(ns * sizeof(HyphenState) + l.n_trans * sizeof(HyphenTrans) + l.pool_len);
	char *block = xmalloc(bytes);
	HyphenState *states = (HyphenState *)block;
	HyphenTrans *trans = (HyphenTrans *)(states + ns);
	char *pool = (char *)(trans + l.n_trans);
	int bad = gal_read_full(fd, block, bytes) != 0 || (l.pool_len && pool[l.pool_len - 1] != '\0');
	for (uint64_t i = 0; i < ns && !bad; i++) {
		HyphenState *s = &states[i];
		uintptr_t m = (uintptr_t)s->match, r = (uintptr_t)s->repl, t = (uintptr_t)s->trans;
		bad = m > l.pool_len || r > l.pool_len || s->num_trans < 0 ||
		      (t ? t - 1 + (uint64_t)s->num_trans > l.n_trans : s->num_trans != 0) ||
		      s->fallback_state < -1 || s->fallback_state >= l.num_states;
		if (bad)
			break;
		s->match = m ? pool + m - 1 : NULL;
		s->repl = r ? pool + r - 1 : NULL;
		s->trans = t ? trans + t - 1 : NULL;
	}
	for (uint64_t k = 0; k < l.n_trans && !bad; k++)
		bad = trans[k].new_state < 0 || trans[k].new_state >= l.num_states;
	char *nohyphen = NULL;
	if (!bad && l.nohyphen_len) {
		nohyphen = xmalloc((size_t)l.nohyphen_len);
		bad = gal_read_full(fd, nohyphen, (size_t)l.nohyphen_len) != 0;
		nohyphen[l.nohyphen_len - 1] = '\0';
	}
	if (bad) {
		free(block);
		free(nohyphen);
		return NULL;
	}
	*left -= bytes + l.nohyphen_len;
	HyphenDict *d = xcalloc(1, sizeof *d);
	d->lhmin = l.lhmin;
	d->rhmin = l.rhmin;
	d->clhmin = l.clhmin;
	d->crhmin = l.crhmin;
	d->nohyphenl = l.nohyphenl;
	d->utf8 = l.utf8;
	d->num_states = l.num_states;
	memcpy(d->cset, l.cset, sizeof d->cset);
	d->states = states;
	d->nohyphen = nohyphen;
	return d;
}

HyphenDict *gal_hyph_load_cached(const char *path, const struct stat *src)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	struct stat st;
	cache_head h;
	HyphenDict *first = NULL, **link = &first;
	int ok = fstat(fd, &st) == 0 && (uint64_t)st.st_size >= sizeof h &&
		 gal_read_full(fd, &h, sizeof h) == 0;
	uint64_t left = ok ? (uint64_t)st.st_size - sizeof h : 0;
	ok = ok && memcmp(h.magic, CACHE_MAGIC, sizeof h.magic) == 0 &&
	     h.state_size == sizeof(HyphenState) && h.trans_size == sizeof(HyphenTrans) &&
	     h.ptr_size == sizeof(void *) && (h.levels == 1 || h.levels == 2) &&
	     h.src_size == (uint64_t)src->st_size && h.src_sec == (int64_t)src->st_mtim.tv_sec &&
	     h.src_nsec == (int64_t)src->st_mtim.tv_nsec;
	for (uint32_t k = 0; ok && k < h.levels; k++) {
		*link = read_level(fd, &left);
		ok = *link != NULL;
		if (ok)
			link = &(*link)->nextlevel;
	}
	close(fd);
	if (!ok || left != 0) {
		gal_hyph_dict_free(first);
		return NULL;
	}
	return first;
}
