/* PDF post-pass: what cairo 1.16 cannot write, appended as an incremental
 * update.
 *
 * cairo writes a tagged PDF but no catalog /Lang, no /DisplayDocTitle, no
 * trailer /ID, no XMP metadata and no /Alt on Figure elements (LIBNOTES.md,
 * cairo). The post-pass reads the finished cairo PDF from memory and
 * makes the update that adds them; paint.c writes cairo's bytes and the
 * update to the sink.
 */
#ifndef GAL_PDF_POST_H
#define GAL_PDF_POST_H

#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "galley.h"

typedef struct gal_pdf_post {
	const char *lang;          /* BCP 47, catalog /Lang; NULL or "" leaves it out */
	const char *title;         /* XMP dc:title (and Info /Title); NULL: keep Info's */
	const char *author;        /* XMP dc:creator, may be NULL */
	const char *subject;       /* XMP dc:description, may be NULL */
	const char *keywords;      /* XMP pdf:Keywords, may be NULL */
	const char *const *figure_alts; /* alt text of each Figure struct element, in document order; may be NULL */
	size_t n_figure_alts;
	const char *const *formula_alts; /* the same for each Formula element */
	size_t n_formula_alts;
	int64_t epoch;             /* dates in XMP (UTC, ISO 8601 with seconds) */
} gal_pdf_post;

/* Append to `out` the incremental update of `in` (a complete PDF of `len`
 * bytes, as cairo writes it) that adds:
 *  - catalog /Lang from info->lang;
 *  - /ViewerPreferences << /DisplayDocTitle true >> (always);
 *  - /MarkInfo << /Marked true >> when the file has a /StructTreeRoot;
 *  - an XMP /Metadata stream (uncompressed): dc:title, dc:creator,
 *    dc:description, dc:language, pdf:Keywords, pdf:Producer,
 *    xmp:CreatorTool, xmp:CreateDate, xmp:ModifyDate, xmp:MetadataDate.
 *    A NULL field falls back to the matching Info entry; every field given
 *    is written to Info too, and Info /CreationDate and /ModDate are set
 *    from info->epoch, so Info and XMP agree. No pdfuaid: the file does not
 *    claim PDF/UA (cairo marks no artifacts);
 *  - /Alt on the Nth /Figure structure element (depth-first, document
 *    order) from figure_alts[N]; a NULL entry, or a Figure past the end of
 *    the array, gets none; Formula elements likewise from formula_alts.
 *    The walk stops at a depth of 300;
 *  - /Tabs /S on every page with annotations (reading order = structure);
 *  - a trailer /ID, a digest of the whole file.
 * The same input and info give byte-identical output. Input that does not
 * read the way a cairo file reads (one xref table, objects where it says)
 * is an error, never repaired. `info` may be NULL (same as all fields
 * NULL/0). Errors: GAL_E_RENDER; `out` may then hold part of an update. */
int gal_pdf_post_update(const unsigned char *in, size_t len, const gal_pdf_post *info,
			gal_buf *out, gal_err *err);

/* `in` with its update, as one malloc'd file (*out; *out_len its length).
 * Errors: as gal_pdf_post_update; *out is NULL then. */
int gal_pdf_postpass(const unsigned char *in, size_t len, const gal_pdf_post *info,
		     unsigned char **out, size_t *out_len, gal_err *err);

#endif
