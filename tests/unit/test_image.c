/* Images: each format's header probe, broken files, the resource fence
 * (absolute, '..', URLs, symlinks leading out), the pixel limit, data:
 * URIs, and GIF/TIFF to PNG. */
#include <glib.h>
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "model/doc.h"
#include "model/image.h"
#include "unit.h"

#define DATA GAL_SRCDIR "/tests/data"

static gal_opts opts;
static gal_doc *doc;

static gal_image *load(const char *src, const char **why)
{
	const char *w = NULL;
	gal_image *img = gal_image_load(doc, src, &opts, &w);
	if (why)
		*why = w;
	return img;
}

static void expect(const char *src, int status, const char *mime, int w, int h,
		   const char *ext)
{
	const char *why = NULL;
	gal_image *img = load(src, &why);
	OK(img != NULL);
	if (!img)
		return;
	if ((int)img->status != status)
		fprintf(stderr, "%s: status %d (%s), expected %d\n", src,
			img->status, why ? why : "", status);
	INT_EQ(img->status, status);
	if (status != GAL_IMG_OK) {
		OK(why != NULL && *why);
		OK(img->data == NULL);
		return;
	}
	OK(why == NULL);
	STR_EQ(img->mime, mime);
	INT_EQ(img->width, w);
	INT_EQ(img->height, h);
	OK(img->data && img->len > 0);
	/* img-<12 hex of SHA-256>.<ext> */
	OK(img->name && strlen(img->name) == 4 + 12 + 1 + strlen(ext));
	if (img->name && img->data) {
		gchar *sum = g_compute_checksum_for_data(G_CHECKSUM_SHA256, img->data, img->len);
		char want[64];
		snprintf(want, sizeof want, "img-%.12s.%s", sum, ext);
		STR_EQ(img->name, want);
		g_free(sum);
	}
}

static void test_formats(void)
{
	expect("red.png", GAL_IMG_OK, "image/png", 4, 3, "png");
	expect("photo.jpg", GAL_IMG_OK, "image/jpeg", 8, 6, "jpg");
	expect("anim.gif", GAL_IMG_OK, "image/gif", 5, 4, "png");
	expect("scan.tif", GAL_IMG_OK, "image/tiff", 3, 2, "png");
	expect("pic.svg", GAL_IMG_OK, "image/svg+xml", 120, 80, "svg");
	expect("box.svg", GAL_IMG_OK, "image/svg+xml", 40, 20, "svg");
	/* SVG sizes in physical units are CSS px at 96 dpi */
	expect("external.svg", GAL_IMG_OK, "image/svg+xml", 38, 19, "svg");
	expect("loop.svg", GAL_IMG_OK, "image/svg+xml", 100, 100, "svg");
	expect("./red.png", GAL_IMG_OK, "image/png", 4, 3, "png");
	expect("styles/../red.png", GAL_IMG_REFUSED, NULL, 0, 0, NULL);
	/* the same bytes give the same name */
	gal_image *a = load("red.png", NULL), *b = load("./red.png", NULL);
	STR_EQ(a->name, b->name);
	OK(strcmp(a->name, load("photo.jpg", NULL)->name) != 0);
}

static void test_broken(void)
{
	expect("broken.png", GAL_IMG_BAD, NULL, 0, 0, NULL);
	expect("broken.jpg", GAL_IMG_BAD, NULL, 0, 0, NULL);
	expect("broken.tif", GAL_IMG_BAD, NULL, 0, 0, NULL);
	expect("broken.svg", GAL_IMG_BAD, NULL, 0, 0, NULL);
	expect("short.gif", GAL_IMG_BAD, NULL, 0, 0, NULL);
	expect("notimage.txt", GAL_IMG_BAD, NULL, 0, 0, NULL);
	expect("empty.png", GAL_IMG_BAD, NULL, 0, 0, NULL);
	expect("styles", GAL_IMG_BAD, NULL, 0, 0, NULL);          /* a directory */
	expect("no-such.png", GAL_IMG_MISSING, NULL, 0, 0, NULL);
	expect("", GAL_IMG_MISSING, NULL, 0, 0, NULL);
	/* the header is fine, the data is cut short: found at load time,
	 * not left for the renderer's conversion */
	expect("truncated.gif", GAL_IMG_BAD, NULL, 0, 0, NULL);
	const char *why = NULL;
	load("truncated.gif", &why);
	OK(why && strstr(why, "GIF"));
	size_t len = 1;
	gal_image fake = *load("anim.gif", NULL);
	fake.len = 40;          /* the same GIF cut short behind an OK status */
	OK(gal_image_to_png(&fake, &len) == NULL);
	INT_EQ(len, 0);
}

static void test_fence(void)
{
	static const char *const refused[] = {
		"/etc/passwd", DATA "/red.png", "../data/red.png", "..", "x/../../red.png",
		"%2e%2e/data/red.png", "%2E%2E/data/red.png", "http://example.com/a.png",
		"https://example.com/a.png", "file:///etc/passwd", "FILE:red.png",
		"ftp://x/y.png", "//example.com/a.png", "C:\\x.png", "a\\..\\b.png",
		"javascript:alert(1)", "red%00.png",
	};
	for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++)
		expect(refused[i], GAL_IMG_REFUSED, NULL, 0, 0, NULL);
	const char *why = NULL;
	load("http://example.com/a.png", &why);
	OK(why && strstr(why, "URL"));
	load("../x.png", &why);
	OK(why && strstr(why, ".."));
	load("/etc/passwd", &why);
	OK(why && strstr(why, "absolute"));
}

static void copy(const char *from, const char *to)
{
	FILE *f = fopen(from, "rb"), *g = fopen(to, "wb");
	char buf[4096];
	size_t n;
	OK(f && g);
	while (f && g && (n = fread(buf, 1, sizeof buf, f)) > 0)
		fwrite(buf, 1, n, g);
	if (f)
		fclose(f);
	if (g)
		fclose(g);
}

/* tmp/outside.png, tmp/art/{a.xml, sub/real.png, esc.png -> ../outside.png,
 * in.png -> sub/real.png, up -> ..}, tmp/res/only.png */
static void test_symlinks(void)
{
	char tmp[] = "/tmp/galley-img-XXXXXX", p[4096], q[4096];
	if (!mkdtemp(tmp)) {
		OK(0);
		return;
	}
	snprintf(p, sizeof p, "%s/outside.png", tmp);
	copy(DATA "/red.png", p);
	snprintf(p, sizeof p, "%s/art", tmp);
	mkdir(p, 0755);
	snprintf(p, sizeof p, "%s/art/sub", tmp);
	mkdir(p, 0755);
	snprintf(p, sizeof p, "%s/art/sub/real.png", tmp);
	copy(DATA "/red.png", p);
	snprintf(p, sizeof p, "%s/art/esc.png", tmp);
	OK(symlink("../outside.png", p) == 0);
	snprintf(p, sizeof p, "%s/art/abs.png", tmp);
	snprintf(q, sizeof q, "%s/outside.png", tmp);
	OK(symlink(q, p) == 0);
	snprintf(p, sizeof p, "%s/art/in.png", tmp);
	OK(symlink("sub/real.png", p) == 0);
	snprintf(p, sizeof p, "%s/art/up", tmp);
	OK(symlink("..", p) == 0);
	snprintf(p, sizeof p, "%s/res", tmp);
	mkdir(p, 0755);
	snprintf(p, sizeof p, "%s/res/only.png", tmp);
	copy(DATA "/photo.jpg", p);

	gal_opts o = opts;
	char input[4096], res[4096];
	snprintf(input, sizeof input, "%s/art/a.xml", tmp);
	snprintf(res, sizeof res, "%s/res", tmp);
	const char *paths[] = { res, NULL };
	o.input_path = input;
	o.resource_paths = paths;
	const char *why = NULL;
	gal_image *img = gal_image_load(doc, "esc.png", &o, &why);
	INT_EQ(img->status, GAL_IMG_REFUSED);
	OK(why && strstr(why, "symlink"));
	img = gal_image_load(doc, "abs.png", &o, &why);
	INT_EQ(img->status, GAL_IMG_REFUSED);
	img = gal_image_load(doc, "up/outside.png", &o, &why);
	INT_EQ(img->status, GAL_IMG_REFUSED);
	img = gal_image_load(doc, "in.png", &o, &why);
	INT_EQ(img->status, GAL_IMG_OK);
	img = gal_image_load(doc, "sub/real.png", &o, &why);
	INT_EQ(img->status, GAL_IMG_OK);
	/* found in the --resource-path directory */
	img = gal_image_load(doc, "only.png", &o, &why);
	INT_EQ(img->status, GAL_IMG_OK);
	STR_EQ(img->mime, "image/jpeg");
	/* without it, missing */
	o.resource_paths = NULL;
	img = gal_image_load(doc, "only.png", &o, &why);
	INT_EQ(img->status, GAL_IMG_MISSING);
	/* standard input: only resource paths count */
	o.input_path = "-";
	img = gal_image_load(doc, "in.png", &o, &why);
	INT_EQ(img->status, GAL_IMG_MISSING);
	o.resource_paths = paths;
	img = gal_image_load(doc, "only.png", &o, &why);
	INT_EQ(img->status, GAL_IMG_OK);

	const char *names[] = { "art/esc.png", "art/abs.png", "art/in.png", "art/up",
				"art/sub/real.png", "art/sub", "art", "outside.png",
				"res/only.png", "res" };
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		snprintf(p, sizeof p, "%s/%s", tmp, names[i]);
		if (unlink(p))
			rmdir(p);
	}
	rmdir(tmp);
}

static void test_pixel_limit(void)
{
	const char *why = NULL;
	gal_image *img = load("huge.png", &why);
	INT_EQ(img->status, GAL_IMG_REFUSED);
	OK(why && strstr(why, "50000x50000"));
	OK(img->data == NULL);
	img = load("huge.jpg", &why);
	INT_EQ(img->status, GAL_IMG_REFUSED);
	OK(why && strstr(why, "65000x65000"));
	gal_opts o = opts;
	o.limits.image_pixels = 2500000000ULL;
	img = gal_image_load(doc, "huge.png", &o, &why);
	INT_EQ(img->status, GAL_IMG_OK);           /* only the limit stood in the way */
	o.limits.image_pixels = 11;                /* red.png is 4x3 */
	img = gal_image_load(doc, "red.png", &o, &why);
	INT_EQ(img->status, GAL_IMG_REFUSED);
	img = gal_image_load(doc, "pic.svg", &o, &why);
	INT_EQ(img->status, GAL_IMG_REFUSED);
	o.limits.image_pixels = 12;
	img = gal_image_load(doc, "red.png", &o, &why);
	INT_EQ(img->status, GAL_IMG_OK);
}

static void test_data_uri(void)
{
	gal_image *file = load("red.png", NULL);
	gchar *b64 = g_base64_encode(file->data, file->len);
	char *uri = g_strdup_printf("data:image/png;base64,%s", b64);
	gal_image *img = load(uri, NULL);
	INT_EQ(img->status, GAL_IMG_OK);
	STR_EQ(img->name, file->name);
	INT_EQ(img->width, 4);
	g_free(uri);
	uri = g_strdup_printf("data:image/png;base64,%s", "!!!!");
	img = load(uri, NULL);
	INT_EQ(img->status, GAL_IMG_BAD);
	g_free(uri);
	/* plain (percent-encoded) SVG */
	img = load("data:image/svg+xml,%3Csvg%20xmlns='http://www.w3.org/2000/svg'"
		   "%20width='7'%20height='9'/%3E", NULL);
	INT_EQ(img->status, GAL_IMG_OK);
	INT_EQ(img->width, 7);
	INT_EQ(img->height, 9);
	/* over the cap */
	size_t n = 400 * 1024;
	char *big = malloc(n + 32);
	strcpy(big, "data:image/png;base64,");
	memset(big + strlen(big), 'A', n);
	big[22 + n] = '\0';
	const char *why = NULL;
	img = load(big, &why);
	INT_EQ(img->status, GAL_IMG_REFUSED);
	OK(why && strstr(why, "256 KiB"));
	free(big);
	g_free(b64);
}

/* Decode PNG bytes to RGBA with libpng's simplified API. */
static unsigned char *decode_png(const unsigned char *d, size_t len, int *w, int *h)
{
	png_image im;
	memset(&im, 0, sizeof im);
	im.version = PNG_IMAGE_VERSION;
	if (!png_image_begin_read_from_memory(&im, d, len))
		return NULL;
	im.format = PNG_FORMAT_RGBA;
	unsigned char *px = malloc(PNG_IMAGE_SIZE(im));
	if (!png_image_finish_read(&im, NULL, px, 0, NULL)) {
		free(px);
		return NULL;
	}
	*w = (int)im.width;
	*h = (int)im.height;
	return px;
}

static void test_to_png(void)
{
	size_t len = 0;
	int w = 0, h = 0;
	gal_image *gif = load("anim.gif", NULL);
	unsigned char *png = gal_image_to_png(gif, &len);
	OK(png && len > 8);
	unsigned char *px = png ? decode_png(png, len, &w, &h) : NULL;
	OK(px != NULL);
	if (px) {
		INT_EQ(w, 5);
		INT_EQ(h, 4);
		/* row: red, blue, white, transparent, red */
		INT_EQ(px[0], 255);
		INT_EQ(px[1], 0);
		INT_EQ(px[3], 255);
		INT_EQ(px[4 + 2], 255);
		INT_EQ(px[8 + 1], 255);
		INT_EQ(px[12 + 3], 0);
		INT_EQ(px[16 + 0], 255);
	}
	free(px);
	/* deterministic: the same bytes twice */
	size_t len2 = 0;
	unsigned char *png2 = gal_image_to_png(gif, &len2);
	OK(png2 && len2 == len && !memcmp(png, png2, len));
	free(png);
	free(png2);

	gal_image *tif = load("scan.tif", NULL);
	png = gal_image_to_png(tif, &len);
	OK(png != NULL);
	px = png ? decode_png(png, len, &w, &h) : NULL;
	OK(px != NULL);
	if (px) {
		INT_EQ(w, 3);
		INT_EQ(h, 2);
		INT_EQ(px[0], 255);            /* red */
		INT_EQ(px[1], 0);
		INT_EQ(px[4 + 1], 255);        /* white */
		INT_EQ(px[8 + 2], 255);        /* blue */
		INT_EQ(px[8 + 0], 0);
		INT_EQ(px[12 + 2], 255);       /* second row starts blue */
		INT_EQ(px[3], 255);
	}
	free(px);
	free(png);

	/* nothing to convert, or nothing usable */
	OK(gal_image_to_png(load("red.png", NULL), &len) == NULL);
	OK(gal_image_to_png(load("photo.jpg", NULL), &len) == NULL);
	OK(gal_image_to_png(load("no-such.png", NULL), &len) == NULL);
	OK(gal_image_to_png(NULL, &len) == NULL);
}

int main(void)
{
	gal_limits_default(&opts.limits);
	opts.input_path = DATA "/article.xml";  /* need not exist: its directory counts */
	doc = gal_doc_new("test");
	test_formats();
	test_broken();
	test_fence();
	test_symlinks();
	test_pixel_limit();
	test_data_uri();
	test_to_png();
	gal_doc_free(doc);
	return unit_done("image");
}
