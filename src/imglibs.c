/* Image libraries loaded on first use; see imglibs.h for why. */
#include <dlfcn.h>
#include <pthread.h>
#include <stddef.h>
#include <string.h>

#include "imglibs.h"

/* The sonames of the ABI the headers describe (Debian 12). */
#define RSVG_SONAME "librsvg-2.so.2"
#define TIFF_SONAME "libtiff.so.6"
#define GIF_SONAME "libgif.so.7"

typedef struct sym {
	const char *name;
	size_t at;           /* offset of its pointer in the api struct */
} sym;

#define SYM(type, fn) { #fn, offsetof(type, fn) }

static const sym rsvg_syms[] = {
	SYM(gal_rsvg_api, rsvg_handle_new_from_data),
	SYM(gal_rsvg_api, rsvg_handle_set_dpi),
	SYM(gal_rsvg_api, rsvg_handle_get_intrinsic_dimensions),
	SYM(gal_rsvg_api, rsvg_handle_render_document),
};

static const sym tiff_syms[] = {
	SYM(gal_tiff_api, TIFFOpenOptionsAlloc),
	SYM(gal_tiff_api, TIFFOpenOptionsFree),
	SYM(gal_tiff_api, TIFFOpenOptionsSetErrorHandlerExtR),
	SYM(gal_tiff_api, TIFFOpenOptionsSetWarningHandlerExtR),
	SYM(gal_tiff_api, TIFFOpenOptionsSetMaxSingleMemAlloc),
	SYM(gal_tiff_api, TIFFClientOpenExt),
	SYM(gal_tiff_api, TIFFGetField),
	SYM(gal_tiff_api, TIFFReadRGBAImageOriented),
	SYM(gal_tiff_api, TIFFClose),
};

static const sym gif_syms[] = {
	SYM(gal_gif_api, DGifOpen),
	SYM(gal_gif_api, DGifGetRecordType),
	SYM(gal_gif_api, DGifGetExtension),
	SYM(gal_gif_api, DGifGetExtensionNext),
	SYM(gal_gif_api, DGifExtensionToGCB),
	SYM(gal_gif_api, DGifGetImageDesc),
	SYM(gal_gif_api, DGifGetLine),
	SYM(gal_gif_api, DGifCloseFile),
};

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

#define N(a) (sizeof a / sizeof a[0])

static gal_rsvg_api rsvg_api;
static int rsvg_ok;
static pthread_once_t rsvg_once = PTHREAD_ONCE_INIT;
static void rsvg_load(void) { rsvg_ok = load(RSVG_SONAME, rsvg_syms, N(rsvg_syms), &rsvg_api) == 0; }

const gal_rsvg_api *gal_rsvg(void)
{
	pthread_once(&rsvg_once, rsvg_load);
	return rsvg_ok ? &rsvg_api : NULL;
}

static gal_tiff_api tiff_api;
static int tiff_ok;
static pthread_once_t tiff_once = PTHREAD_ONCE_INIT;
static void tiff_load(void) { tiff_ok = load(TIFF_SONAME, tiff_syms, N(tiff_syms), &tiff_api) == 0; }

const gal_tiff_api *gal_tiff(void)
{
	pthread_once(&tiff_once, tiff_load);
	return tiff_ok ? &tiff_api : NULL;
}

static gal_gif_api gif_api;
static int gif_ok;
static pthread_once_t gif_once = PTHREAD_ONCE_INIT;
static void gif_load(void) { gif_ok = load(GIF_SONAME, gif_syms, N(gif_syms), &gif_api) == 0; }

const gal_gif_api *gal_gif(void)
{
	pthread_once(&gif_once, gif_load);
	return gif_ok ? &gif_api : NULL;
}
