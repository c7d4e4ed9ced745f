/* Word glyphs shaped once per process.
 *
 * A batch of articles sets the same words again and again, and shaping
 * is the largest part of measuring a paragraph. An item's text is cut
 * after each run of spaces -- no kerning, ligature or contextual form
 * reaches across a word space in the text we set left to right -- and
 * each piece's glyphs are kept by font, script, language, features and
 * bytes. Right-to-left items, and items with attributes the key does not
 * cover, are shaped whole as before. The glyphs are those that shaping
 * the whole item gives.
 */
#ifndef GAL_SHAPE_CACHE_H
#define GAL_SHAPE_CACHE_H

#include <pango/pango.h>

/* pango_shape_item(it, text, len, log_attrs + cidx[it->offset], out),
 * through the cache. cidx maps a byte offset of text to its character
 * index (for the log attributes of a piece). Without the cache, an item
 * of more than 64 KiB is shaped in pieces cut after spaces all the same,
 * so that shaping's buffers stay small. */
void gal_shape_cached(const PangoItem *it, const char *text, int len,
		      PangoLogAttr *log_attrs, const int *cidx,
		      PangoGlyphString *out);

/* Off by default: shaping word by word costs more than shaping items
 * whole until words repeat, so a process that converts one input does
 * without. */
void gal_shape_cache_enable(int on);

/* Drop every kept word (tests; the cache also empties itself when full). */
void gal_shape_cache_clear(void);

#endif
