/* Libraries loaded on first use; see dynlib.h for why. */
#include <dlfcn.h>
#include <pthread.h>
#include <stddef.h>
#include <string.h>

#include "base/dynlib.h"

/* The sonames of the ABI the headers describe (Debian 12). */
#define RSVG_SONAME "librsvg-2.so.2"
#define TIFF_SONAME "libtiff.so.6"
#define GIF_SONAME "libgif.so.7"
#define HB_SUBSET_SONAME "libharfbuzz-subset.so.0"

typedef struct sym {
	const char *name;
	size_t at;           /* offset of its pointer in the api struct */
} sym;

#define RSVG_SYM(fn) { #fn, offsetof(gal_rsvg_api, fn) },
#define TIFF_SYM(fn) { #fn, offsetof(gal_tiff_api, fn) },
#define GIF_SYM(fn) { #fn, offsetof(gal_gif_api, fn) },
#define HB_SUBSET_SYM(fn) { #fn, offsetof(gal_hb_subset_api, fn) },
static const sym rsvg_syms[] = { GAL_RSVG_FNS(RSVG_SYM) };
static const sym tiff_syms[] = { GAL_TIFF_FNS(TIFF_SYM) };
static const sym gif_syms[] = { GAL_GIF_FNS(GIF_SYM) };
static const sym hb_subset_syms[] = { GAL_HB_SUBSET_FNS(HB_SUBSET_SYM) };

/* Fill `api` from the library; 0, or -1 with the library closed again
 * when it or any of its functions is missing. The library stays open for
 * the life of the process. */
static int load(const char *soname, const sym *syms, size_t n, void *api)
{
	void *h = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
	if (!h)
		return -1;
	for (size_t i = 0; i < n; i++) {
		void *f = dlsym(h, syms[i].name);
		if (!f) {
			dlclose(h);
			return -1;
		}
		/* POSIX's way from dlsym's object pointer to a function pointer */
		memcpy((char *)api + syms[i].at, &f, sizeof f);
	}
	return 0;
}

/* A library to open, and what became of it. */
typedef struct lib {
	const char *soname;
	const sym *syms;
	size_t n_syms;
	void *api;
	int tried, ok;
} lib;

#define N(a) (sizeof a / sizeof a[0])

static gal_rsvg_api rsvg_api;
static gal_tiff_api tiff_api;
static gal_gif_api gif_api;
static gal_hb_subset_api hb_subset_api;
static lib rsvg_lib = { RSVG_SONAME, rsvg_syms, N(rsvg_syms), &rsvg_api, 0, 0 };
static lib tiff_lib = { TIFF_SONAME, tiff_syms, N(tiff_syms), &tiff_api, 0, 0 };
static lib gif_lib = { GIF_SONAME, gif_syms, N(gif_syms), &gif_api, 0, 0 };
static lib hb_subset_lib = { HB_SUBSET_SONAME, hb_subset_syms, N(hb_subset_syms),
			     &hb_subset_api, 0, 0 };
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

/* The api of l, opened on the first call, or NULL when it cannot be. */
static const void *api_of(lib *l)
{
	pthread_mutex_lock(&lock);
	if (!l->tried) {
		l->tried = 1;
		l->ok = load(l->soname, l->syms, l->n_syms, l->api) == 0;
	}
	pthread_mutex_unlock(&lock);
	return l->ok ? l->api : NULL;
}

const gal_rsvg_api *gal_rsvg(void)
{
	return api_of(&rsvg_lib);
}

const gal_tiff_api *gal_tiff(void)
{
	return api_of(&tiff_lib);
}

const gal_gif_api *gal_gif(void)
{
	return api_of(&gif_lib);
}

const gal_hb_subset_api *gal_hb_subset(void)
{
	return api_of(&hb_subset_lib);
}
