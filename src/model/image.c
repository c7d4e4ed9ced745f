/* Images: find a reference inside the resource fence, read its declared
 * size from the header before anything decodes it, and keep the bytes in
 * the document for both renderers.
 *
 * The fence (DESIGN.md, "Resources"; base/fence.c, shared with external
 * entities): a reference is a relative path below the input file's
 * directory or a --resource-path directory. These are refused: absolute
 * paths, backslashes, any ".." component, URLs of any scheme, and paths
 * whose realpath (symlinks followed) leaves the directory they were
 * found in. The one exception is a data: URI of at
 * most DATA_URI_MAX decoded bytes: it carries its bytes with it, so it
 * reaches nothing outside; a larger one is refused so that a document
 * cannot smuggle a huge image past the input-size limit's intent.
 *
 * Sizes are read from the header (PNG IHDR, JPEG SOFn, GIF logical
 * screen, the first TIFF directory through libtiff, SVG's intrinsic size
 * through librsvg) and checked against limits.image_pixels before any
 * decoder allocates a raster. */
#include <ctype.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <glib.h>
#include <png.h>

#include "base/buf.h"
#include "base/dynlib.h"
#include "base/fence.h"
#include "model/image.h"

/* data: URIs carry at most this many bytes (decoded). Icons and small
 * diagrams fit; a photograph belongs in a file next to the article. */
#define DATA_URI_MAX (256 * 1024)
/* Defaults when the caller's limits are 0 (unset). */
#define DEFAULT_PIXELS 100000000ULL
#define DEFAULT_BYTES ((size_t)64 << 20)
/* gal_image_to_png never allocates a raster larger than this, whatever
 * the caller's limits said (1 GiB of RGBA). */
#define HARD_PIXELS (1ULL << 28)
/* SVGs with no usable size: the CSS default object size */
#define SVG_DEFAULT_W 300
#define SVG_DEFAULT_H 150

typedef enum { T_NONE, T_PNG, T_JPEG, T_GIF, T_TIFF, T_SVG } img_type;

static const char *const mime_of[] = {
	[T_NONE] = NULL, [T_PNG] = "image/png", [T_JPEG] = "image/jpeg",
	[T_GIF] = "image/gif", [T_TIFF] = "image/tiff", [T_SVG] = "image/svg+xml",
};

/* GIF and TIFF reach both outputs as PNG (gal_image_to_png), so their
 * stable name already carries the extension the converted bytes go by. */
static const char *const ext_of[] = {
	[T_NONE] = "bin", [T_PNG] = "png", [T_JPEG] = "jpg", [T_GIF] = "png",
	[T_TIFF] = "png", [T_SVG] = "svg",
};

typedef struct memsrc {
	const unsigned char *d;
	size_t len, pos;
} memsrc;

/* ==== probing ============================================================= */

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int probe_png(const unsigned char *d, size_t len, int *w, int *h)
{
	static const unsigned char sig[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
	if (len < 24 || memcmp(d, sig, 8) || be32(d + 8) != 13 || memcmp(d + 12, "IHDR", 4))
		return -1;
	uint32_t x = be32(d + 16), y = be32(d + 20);
	/* the PNG spec caps both at 2^31-1 */
	if (x == 0 || y == 0 || x > 0x7fffffff || y > 0x7fffffff)
		return -1;
	*w = (int)x;
	*h = (int)y;
	return 0;
}

/* Walk the marker segments to the first SOFn; each step moves forward,
 * so a hostile file ends the loop at its last byte. */
static int probe_jpeg(const unsigned char *d, size_t len, int *w, int *h)
{
	if (len < 4 || d[0] != 0xFF || d[1] != 0xD8)
		return -1;
	size_t i = 2;
	while (i < len) {
		if (d[i] != 0xFF)
			return -1;
		while (i < len && d[i] == 0xFF)
			i++;
		if (i >= len)
			return -1;
		int m = d[i++];
		if (m == 0x01 || (m >= 0xD0 && m <= 0xD8))
			continue;               /* no length field */
		if (m == 0xD9 || m == 0xDA)
			return -1;              /* image data before any SOF */
		if (i + 2 > len)
			return -1;
		size_t seg = (size_t)d[i] << 8 | d[i + 1];
		if (seg < 2)
			return -1;
		if (m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC) {
			if (i + 7 > len || seg < 8)
				return -1;
			int y = d[i + 3] << 8 | d[i + 4];
			int x = d[i + 5] << 8 | d[i + 6];
			if (x == 0 || y == 0)   /* height 0: set later by DNL; not supported */
				return -1;
			*w = x;
			*h = y;
			return 0;
		}
		i += seg;
	}
	return -1;
}

static int probe_gif(const unsigned char *d, size_t len, int *w, int *h)
{
	if (len < 13 || (memcmp(d, "GIF87a", 6) && memcmp(d, "GIF89a", 6)))
		return -1;
	int x = d[6] | d[7] << 8, y = d[8] | d[9] << 8;
	if (x == 0 || y == 0)
		return -1;
	*w = x;
	*h = y;
	return 0;
}

/* ---- libtiff over memory, silent --------------------------------------- */

static tmsize_t tiff_read(thandle_t h, void *buf, tmsize_t n)
{
	memsrc *m = h;
	if (n < 0)
		return -1;
	size_t k = m->len - m->pos;
	if ((size_t)n < k)
		k = (size_t)n;
	memcpy(buf, m->d + m->pos, k);
	m->pos += k;
	return (tmsize_t)k;
}

static tmsize_t tiff_write(thandle_t h, void *buf, tmsize_t n)
{
	return -1;
}

static toff_t tiff_seek(thandle_t h, toff_t off, int whence)
{
	memsrc *m = h;
	uint64_t base = whence == SEEK_CUR ? m->pos : whence == SEEK_END ? m->len : 0;
	if (off > UINT64_MAX - base || base + off > m->len)
		return (toff_t)-1;
	m->pos = (size_t)(base + off);
	return m->pos;
}

static int tiff_close(thandle_t h)
{
	return 0;
}

static toff_t tiff_size(thandle_t h)
{
	return ((memsrc *)h)->len;
}

static int tiff_map(thandle_t h, void **base, toff_t *size)
{
	return 0;
}

static void tiff_unmap(thandle_t h, void *base, toff_t size)
{
}

/* libtiff would print to stderr; library code never prints. */
static int tiff_quiet(TIFF *t, void *ud, const char *module, const char *fmt,
		      va_list ap)
{
	return 1;
}

static TIFF *tiff_open(const gal_tiff_api *T, memsrc *m)
{
	TIFFOpenOptions *o = T ? T->TIFFOpenOptionsAlloc() : NULL;
	if (!o)
		return NULL;
	T->TIFFOpenOptionsSetErrorHandlerExtR(o, tiff_quiet, NULL);
	T->TIFFOpenOptionsSetWarningHandlerExtR(o, tiff_quiet, NULL);
	/* no single libtiff allocation beyond 256 MiB, whatever a tag claims */
	T->TIFFOpenOptionsSetMaxSingleMemAlloc(o, (tmsize_t)256 << 20);
	TIFF *t = T->TIFFClientOpenExt("image", "rm", (thandle_t)m, tiff_read,
				    tiff_write, tiff_seek, tiff_close, tiff_size,
				    tiff_map, tiff_unmap, o);
	T->TIFFOpenOptionsFree(o);
	return t;
}

static int probe_tiff(const unsigned char *d, size_t len, int *w, int *h)
{
	if (len < 8 || !(!memcmp(d, "II*\0", 4) || !memcmp(d, "MM\0*", 4) ||
			 !memcmp(d, "II+\0", 4) || !memcmp(d, "MM\0+", 4)))
		return -1;
	memsrc m = { d, len, 0 };
	uint32_t x = 0, y = 0;
	int rc = -1;
	const gal_tiff_api *T = gal_tiff();
	TIFF *t = tiff_open(T, &m);
	if (!t)
		goto cleanup;
	if (T->TIFFGetField(t, TIFFTAG_IMAGEWIDTH, &x) != 1 ||
	    T->TIFFGetField(t, TIFFTAG_IMAGELENGTH, &y) != 1)
		goto cleanup;
	if (x == 0 || y == 0 || x > 0x7fffffff || y > 0x7fffffff)
		goto cleanup;
	*w = (int)x;
	*h = (int)y;
	rc = 0;
cleanup:
	if (t)
		T->TIFFClose(t);
	return rc;
}

/* ---- SVG ------------------------------------------------------------------ */

static int looks_like_svg(const unsigned char *d, size_t len)
{
	size_t i = 0;
	if (len >= 3 && d[0] == 0xEF && d[1] == 0xBB && d[2] == 0xBF)
		i = 3;
	while (i < len && isspace(d[i]))
		i++;
	if (i >= len || d[i] != '<')
		return 0;
	/* an XML declaration, comments or a DOCTYPE may come first */
	size_t n = len < 65536 ? len : 65536;
	return memmem(d, n, "<svg", 4) != NULL;
}

static double length_px(RsvgLength l, double vb)
{
	switch (l.unit) {
	case RSVG_UNIT_PERCENT: return vb > 0 ? l.length * vb : -1;
	case RSVG_UNIT_PX: return l.length;
	case RSVG_UNIT_IN: return l.length * 96;
	case RSVG_UNIT_CM: return l.length * 96 / 2.54;
	case RSVG_UNIT_MM: return l.length * 96 / 25.4;
	case RSVG_UNIT_PT: return l.length * 96 / 72;
	case RSVG_UNIT_PC: return l.length * 96 / 6;
	default: return -1;
	}
}

/* librsvg parses the document (that is what reading an SVG's size
 * takes); it is given no base file, so it follows no external
 * references. Sizes in CSS px at 96 dpi; a percentage falls back to the
 * viewBox; with neither, the CSS default object size. */
static int probe_svg(const unsigned char *d, size_t len, int *w, int *h)
{
	GError *gerr = NULL;
	const gal_rsvg_api *R = gal_rsvg();
	RsvgHandle *rh = R ? R->rsvg_handle_new_from_data(d, len, &gerr) : NULL;
	int rc = -1;
	if (!rh)
		goto cleanup;
	R->rsvg_handle_set_dpi(rh, 96);
	gboolean hw = FALSE, hh = FALSE, hv = FALSE;
	RsvgLength lw, lh;
	RsvgRectangle vb = { 0, 0, 0, 0 };
	R->rsvg_handle_get_intrinsic_dimensions(rh, &hw, &lw, &hh, &lh, &hv, &vb);
	double x = hw ? length_px(lw, hv ? vb.width : 0) : -1;
	double y = hh ? length_px(lh, hv ? vb.height : 0) : -1;
	if (!(x > 0 && y > 0)) {
		if (hv && vb.width > 0 && vb.height > 0) {
			x = vb.width;
			y = vb.height;
		} else {
			x = SVG_DEFAULT_W;
			y = SVG_DEFAULT_H;
		}
	}
	if (!(x < 1e9 && y < 1e9))
		goto cleanup;
	*w = x < 1 ? 1 : (int)(x + 0.999);
	*h = y < 1 ? 1 : (int)(y + 0.999);
	rc = 0;
cleanup:
	if (gerr)
		g_error_free(gerr);
	if (rh)
		g_object_unref(rh);
	return rc;
}

static img_type probe(const unsigned char *d, size_t len, int *w, int *h)
{
	if (len >= 8 && d[0] == 0x89 && d[1] == 'P')
		return probe_png(d, len, w, h) ? T_NONE : T_PNG;
	if (len >= 3 && d[0] == 0xFF && d[1] == 0xD8)
		return probe_jpeg(d, len, w, h) ? T_NONE : T_JPEG;
	if (len >= 6 && !memcmp(d, "GIF8", 4))
		return probe_gif(d, len, w, h) ? T_NONE : T_GIF;
	if (len >= 4 && (d[0] == 'I' || d[0] == 'M') && d[1] == d[0])
		return probe_tiff(d, len, w, h) ? T_NONE : T_TIFF;
	if (looks_like_svg(d, len))
		return probe_svg(d, len, w, h) ? T_NONE : T_SVG;
	return T_NONE;
}

/* ==== the fence ============================================================ */

/* Read an open file of `size` bytes into the arena (and close it). */
static int read_into(gal_doc *doc, int fd, size_t size, unsigned char **data,
		     size_t *len, const char **why)
{
	unsigned char *buf = gal_doc_alloc(doc, size + 1);
	size_t got = 0;
	while (got < size) {
		ssize_t r = read(fd, buf + got, size - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	close(fd);
	if (got == 0) {
		*why = "empty or unreadable file";
		return GAL_IMG_BAD;
	}
	*data = buf;
	*len = got;
	return GAL_IMG_OK;
}

/* The fence's verdicts as image statuses. */
static int image_status(gal_fence_status st)
{
	switch (st) {
	case GAL_FENCE_OK:
		return GAL_IMG_OK;
	case GAL_FENCE_MISSING:
		return GAL_IMG_MISSING;
	case GAL_FENCE_REFUSED:
	case GAL_FENCE_TOO_LARGE:
		return GAL_IMG_REFUSED;
	case GAL_FENCE_BAD:
		break;
	}
	return GAL_IMG_BAD;
}

static int b64val(int c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+' || c == '-')
		return 62;
	if (c == '/' || c == '_')
		return 63;
	return -1;
}

/* data:[type][;base64],payload -> arena bytes */
static int data_uri(gal_doc *doc, const char *src, unsigned char **data,
		    size_t *len, const char **why)
{
	const char *comma = strchr(src, ',');
	if (!comma) {
		*why = "malformed data: URI";
		return GAL_IMG_BAD;
	}
	size_t plen = strlen(comma + 1);
	/* base64 is 4/3 of the bytes, %XX three times: refuse before decoding */
	if (plen > (size_t)DATA_URI_MAX * 3) {
		*why = "data: URI larger than 256 KiB";
		return GAL_IMG_REFUSED;
	}
	int b64 = (size_t)(comma - src) >= 7 && !strncasecmp(comma - 7, ";base64", 7);
	unsigned char *out = gal_doc_alloc(doc, plen + 1);
	size_t n = 0;
	if (b64) {
		uint32_t acc = 0;
		int bits = 0;
		for (const char *p = comma + 1; *p; p++) {
			if (*p == '=' || isspace((unsigned char)*p) ||
			    (*p == '%' && p[1] == '0' && (p[2] == 'A' || p[2] == 'a'))) {
				if (*p == '%')
					p += 2;
				continue;
			}
			int v = b64val((unsigned char)*p);
			if (v < 0) {
				*why = "malformed base64 in data: URI";
				return GAL_IMG_BAD;
			}
			acc = acc << 6 | (uint32_t)v;
			bits += 6;
			if (bits >= 8) {
				bits -= 8;
				out[n++] = (unsigned char)(acc >> bits);
			}
		}
	} else {
		for (const char *p = comma + 1; *p; p++) {
			int c = (unsigned char)*p;
			if (c == '%' && isxdigit((unsigned char)p[1]) &&
			    isxdigit((unsigned char)p[2])) {
				char hex[3] = { p[1], p[2], 0 };
				c = (int)strtol(hex, NULL, 16);
				p += 2;
			}
			out[n++] = (unsigned char)c;
		}
	}
	if (n > DATA_URI_MAX) {
		*why = "data: URI larger than 256 KiB";
		return GAL_IMG_REFUSED;
	}
	if (n == 0) {
		*why = "empty data: URI";
		return GAL_IMG_BAD;
	}
	*data = out;
	*len = n;
	return GAL_IMG_OK;
}

gal_image *gal_image_load(gal_doc *doc, const char *src, const gal_opts *opts,
			  const char **why)
{
	gal_image *img = gal_doc_alloc(doc, sizeof *img);
	const char *reason = NULL;
	unsigned char *data = NULL;
	size_t len = 0;
	int st;

	if (!src || !*src) {
		st = GAL_IMG_MISSING;
		reason = "no image source given";
		goto done;
	}
	if (!strncasecmp(src, "data:", 5)) {
		st = data_uri(doc, src, &data, &len, &reason);
		if (st != GAL_IMG_OK)
			goto done;
	} else if (gal_fence_is_url(src)) {
		st = GAL_IMG_REFUSED;
		reason = "URLs are not fetched; put the image next to the article";
		goto done;
	} else {
		size_t cap = opts && opts->limits.input_bytes ? opts->limits.input_bytes
			: DEFAULT_BYTES;
		int fd = -1;
		size_t size = 0;
		st = image_status(gal_fence_open(src, opts ? opts->input_path : NULL,
						 opts ? opts->resource_paths : NULL, cap,
						 &fd, &size, NULL, 0, &reason));
		if (st == GAL_IMG_OK)
			st = read_into(doc, fd, size, &data, &len, &reason);
		if (st != GAL_IMG_OK)
			goto done;
	}

	int w = 0, h = 0;
	img_type t = probe(data, len, &w, &h);
	if (t == T_NONE) {
		st = GAL_IMG_BAD;
		reason = "not a PNG, JPEG, GIF, TIFF or SVG image, or a damaged one";
		goto done;
	}
	uint64_t lim = opts && opts->limits.image_pixels ? opts->limits.image_pixels
		: DEFAULT_PIXELS;
	if ((uint64_t)w * (uint64_t)h > lim) {
		st = GAL_IMG_REFUSED;
		reason = gal_doc_printf(doc, "%dx%d pixels is over the image-pixels "
					"limit (%llu)", w, h, (unsigned long long)lim);
		goto done;
	}
	img->mime = mime_of[t];
	img->width = w;
	img->height = h;
	img->data = data;
	img->len = len;
	img->status = GAL_IMG_OK;
	if (t == T_GIF || t == T_TIFF) {
		/* A header can be intact in front of damaged data. Convert once
		 * now, so a renderer's later gal_image_to_png cannot fail where
		 * the warning (and the placeholder) should have come from here. */
		size_t plen;
		unsigned char *png = gal_image_to_png(img, &plen);
		free(png);
		img->data = NULL;
		img->len = 0;
		if (!png) {
			st = GAL_IMG_BAD;
			reason = t == T_GIF ? "damaged GIF image" : "damaged or unsupported TIFF image";
			goto done;
		}
	}
	gchar *sum = g_compute_checksum_for_data(G_CHECKSUM_SHA256, data, len);
	img->name = gal_doc_printf(doc, "img-%.12s.%s", sum, ext_of[t]);
	g_free(sum);
	img->mime = mime_of[t];
	img->width = w;
	img->height = h;
	img->data = data;
	img->len = len;
	st = GAL_IMG_OK;
done:
	img->status = st;
	if (st != GAL_IMG_OK) {
		img->mime = NULL;
		img->width = img->height = 0;
	}
	if (why)
		*why = st == GAL_IMG_OK ? NULL : reason;
	return img;
}

/* ==== conversion to PNG ====================================================== */

static void png_fail(png_structp png, png_const_charp msg)
{
	png_longjmp(png, 1);
}

static void png_quiet(png_structp png, png_const_charp msg)
{
}

static void png_put(png_structp png, png_bytep d, png_size_t n)
{
	gal_buf_put(png_get_io_ptr(png), d, n);
}

static void png_flush(png_structp png)
{
}

/* RGBA rows -> PNG bytes. libpng reports errors by longjmp; the jump
 * stays inside this function, and everything it frees was set before
 * setjmp and never changed after. */
static unsigned char *write_png(const unsigned char *rgba, int w, int h,
				size_t *len)
{
	png_structp png = NULL;
	png_infop info = NULL;
	unsigned char *volatile res = NULL;
	gal_buf *out = xcalloc(1, sizeof *out);
	png_bytep *rows = xmalloc((size_t)h * sizeof *rows);

	for (int y = 0; y < h; y++)
		rows[y] = (png_bytep)(rgba + (size_t)y * (size_t)w * 4);
	png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, png_fail,
				      png_quiet);
	if (!png)
		goto cleanup;
	info = png_create_info_struct(png);
	if (!info)
		goto cleanup;
	if (setjmp(png_jmpbuf(png)))
		goto cleanup;
	png_set_write_fn(png, out, png_put, png_flush);
	png_set_IHDR(png, info, (png_uint_32)w, (png_uint_32)h, 8,
		     PNG_COLOR_TYPE_RGB_ALPHA, PNG_INTERLACE_NONE,
		     PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
	png_set_compression_level(png, 6);
	png_write_info(png, info);
	png_write_image(png, rows);
	png_write_end(png, NULL);
	res = (unsigned char *)gal_buf_detach(out, len);
cleanup:
	if (png)
		png_destroy_write_struct(&png, info ? &info : NULL);
	gal_buf_free(out);
	free(out);
	free(rows);
	return res;
}

static int gif_read(GifFileType *g, GifByteType *buf, int n)
{
	memsrc *m = g->UserData;
	if (n < 0)
		return 0;
	size_t k = m->len - m->pos;
	if ((size_t)n < k)
		k = (size_t)n;
	memcpy(buf, m->d + m->pos, k);
	m->pos += k;
	return (int)k;
}

/* The first frame of a GIF on its logical screen, as RGBA; the rest of
 * an animation is dropped (a brief is print). */
static unsigned char *gif_rgba(const gal_image *img, int *pw, int *ph)
{
	memsrc m = { img->data, img->len, 0 };
	int e = 0, done = 0, transparent = -1;
	unsigned char *rgba = NULL, *line = NULL;
	const gal_gif_api *G = gal_gif();
	GifFileType *g = G ? G->DGifOpen(&m, gif_read, &e) : NULL;
	if (!g)
		goto fail;
	int W = g->SWidth, H = g->SHeight;
	if (W <= 0 || H <= 0 || W != img->width || H != img->height ||
	    (uint64_t)W * (uint64_t)H > HARD_PIXELS)
		goto fail;
	rgba = xcalloc((size_t)W * (size_t)H, 4);
	while (!done) {
		GifRecordType rt;
		if (G->DGifGetRecordType(g, &rt) == GIF_ERROR)
			goto fail;
		if (rt == EXTENSION_RECORD_TYPE) {
			int code;
			GifByteType *ext = NULL;
			if (G->DGifGetExtension(g, &code, &ext) == GIF_ERROR)
				goto fail;
			if (code == GRAPHICS_EXT_FUNC_CODE && ext && ext[0] >= 4) {
				GraphicsControlBlock gcb;
				if (G->DGifExtensionToGCB(ext[0], ext + 1, &gcb) == GIF_OK)
					transparent = gcb.TransparentColor;
			}
			while (ext)
				if (G->DGifGetExtensionNext(g, &ext) == GIF_ERROR)
					goto fail;
		} else if (rt == IMAGE_DESC_RECORD_TYPE) {
			if (G->DGifGetImageDesc(g) == GIF_ERROR)
				goto fail;
			GifImageDesc *d = &g->Image;
			ColorMapObject *cm = d->ColorMap ? d->ColorMap : g->SColorMap;
			int fw = d->Width, fh = d->Height;
			if (!cm || fw <= 0 || fh <= 0)
				goto fail;
			line = xmalloc((size_t)fw);
			/* interlaced rows come in four passes */
			static const int start[4] = { 0, 4, 2, 1 }, step[4] = { 8, 8, 4, 2 };
			int passes = d->Interlace ? 4 : 1;
			for (int pass = 0; pass < passes; pass++) {
				int y0 = d->Interlace ? start[pass] : 0;
				int dy = d->Interlace ? step[pass] : 1;
				for (int y = y0; y < fh; y += dy) {
					if (G->DGifGetLine(g, line, fw) == GIF_ERROR)
						goto fail;
					int sy = d->Top + y;
					if (sy < 0 || sy >= H)
						continue;
					for (int x = 0; x < fw; x++) {
						int sx = d->Left + x, c = line[x];
						if (sx < 0 || sx >= W || c == transparent ||
						    c >= cm->ColorCount)
							continue;
						unsigned char *px = rgba + ((size_t)sy * W + sx) * 4;
						px[0] = cm->Colors[c].Red;
						px[1] = cm->Colors[c].Green;
						px[2] = cm->Colors[c].Blue;
						px[3] = 255;
					}
				}
			}
			done = 1;
		} else if (rt == TERMINATE_RECORD_TYPE) {
			goto fail;      /* no image in it */
		}
	}
	free(line);
	G->DGifCloseFile(g, &e);
	*pw = W;
	*ph = H;
	return rgba;
fail:
	free(line);
	free(rgba);
	if (g)
		G->DGifCloseFile(g, &e);
	return NULL;
}

static unsigned char *tiff_rgba(const gal_image *img, int *pw, int *ph)
{
	memsrc m = { img->data, img->len, 0 };
	uint32_t *raster = NULL;
	unsigned char *rgba = NULL;
	uint32_t w = 0, h = 0;
	const gal_tiff_api *T = gal_tiff();
	TIFF *t = tiff_open(T, &m);
	if (!t)
		goto cleanup;
	if (T->TIFFGetField(t, TIFFTAG_IMAGEWIDTH, &w) != 1 ||
	    T->TIFFGetField(t, TIFFTAG_IMAGELENGTH, &h) != 1 ||
	    (int)w != img->width || (int)h != img->height ||
	    (uint64_t)w * h > HARD_PIXELS)
		goto cleanup;
	raster = xmalloc((size_t)w * h * sizeof *raster);
	if (!T->TIFFReadRGBAImageOriented(t, w, h, raster, ORIENTATION_TOPLEFT, 0))
		goto cleanup;
	rgba = xmalloc((size_t)w * h * 4);
	for (size_t i = 0; i < (size_t)w * h; i++) {
		uint32_t p = raster[i];
		rgba[i * 4 + 0] = (unsigned char)TIFFGetR(p);
		rgba[i * 4 + 1] = (unsigned char)TIFFGetG(p);
		rgba[i * 4 + 2] = (unsigned char)TIFFGetB(p);
		rgba[i * 4 + 3] = (unsigned char)TIFFGetA(p);
	}
	*pw = (int)w;
	*ph = (int)h;
cleanup:
	free(raster);
	if (t)
		T->TIFFClose(t);
	return rgba;
}

unsigned char *gal_image_to_png(const gal_image *img, size_t *len)
{
	unsigned char *rgba = NULL, *png = NULL;
	int w = 0, h = 0;
	*len = 0;
	if (!img || img->status != GAL_IMG_OK || !img->data || !img->mime)
		return NULL;
	if (!strcmp(img->mime, "image/gif"))
		rgba = gif_rgba(img, &w, &h);
	else if (!strcmp(img->mime, "image/tiff"))
		rgba = tiff_rgba(img, &w, &h);
	if (rgba)
		png = write_png(rgba, w, h, len);
	free(rgba);
	return png;
}

/* ---- inline images ------------------------------------------------------ */

/* The picture's width over its height, or 0 when it cannot be used. */
static double proportions(const gal_node *n)
{
	const gal_image *im = n->image;
	return im && im->status == GAL_IMG_OK && im->width > 0 && im->height > 0
	       ? (double)im->width / im->height : 0;
}

/* Set as an icon: no size asked, and usable and small, or unusable. */
static int icon_sized(const gal_node *n)
{
	if (n->img_w != 0 || n->img_h != 0)
		return 0;
	return !proportions(n) || n->image->height <= GAL_ICON_PX;
}

void gal_inline_image_size(const gal_node *n, double *w, double *h, int *em)
{
	double ar = proportions(n), aw = n->img_w, ah = n->img_h;
	if (aw != 0 && ah != 0 && (aw < 0) != (ah < 0))
		aw = 0;   /* one in points, one in ems: the height rules */
	if (aw != 0 || ah != 0) {
		*em = (aw != 0 ? aw : ah) < 0;
		aw = aw < 0 ? -aw : aw;
		ah = ah < 0 ? -ah : ah;
		*w = aw != 0 ? aw : ar ? ah * ar : ah;
		*h = ah != 0 ? ah : ar ? aw / ar : aw;
		return;
	}
	if (!icon_sized(n)) {
		*em = 0;
		*w = n->image->width * 0.75;
		*h = n->image->height * 0.75;
		return;
	}
	*em = 1;
	*h = GAL_ICON_EM;
	*w = ar ? GAL_ICON_EM * ar : GAL_ICON_EM;
}

int gal_inline_image_decorative(const gal_node *n)
{
	return !(n->title && *n->title) && proportions(n) && icon_sized(n);
}

const char *gal_inline_image_alt(const gal_doc *doc, const gal_node *n)
{
	if (n->title && *n->title)
		return n->title;
	return gal_inline_image_decorative(n) ? NULL : doc->labels.figure;
}
