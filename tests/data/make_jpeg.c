/* Writes photo.jpg (8x6, RGB) for the image tests:
 *   cc make_jpeg.c -ljpeg -o /tmp/mj && /tmp/mj photo.jpg */
#include <stdio.h>
#include <jpeglib.h>

int main(int argc, char **argv)
{
	struct jpeg_compress_struct c;
	struct jpeg_error_mgr e;
	unsigned char row[8 * 3];
	FILE *f = fopen(argc > 1 ? argv[1] : "photo.jpg", "wb");
	if (!f)
		return 1;
	c.err = jpeg_std_error(&e);
	jpeg_create_compress(&c);
	jpeg_stdio_dest(&c, f);
	c.image_width = 8;
	c.image_height = 6;
	c.input_components = 3;
	c.in_color_space = JCS_RGB;
	jpeg_set_defaults(&c);
	jpeg_set_quality(&c, 80, TRUE);
	jpeg_start_compress(&c, TRUE);
	while (c.next_scanline < c.image_height) {
		for (int x = 0; x < 8; x++) {
			row[x * 3] = (unsigned char)(x * 30);
			row[x * 3 + 1] = (unsigned char)(c.next_scanline * 40);
			row[x * 3 + 2] = 128;
		}
		JSAMPROW r = row;
		jpeg_write_scanlines(&c, &r, 1);
	}
	jpeg_finish_compress(&c);
	jpeg_destroy_compress(&c);
	return fclose(f) != 0;
}
