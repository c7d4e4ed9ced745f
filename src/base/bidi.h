/* Writing direction: which languages are written right to left, and the
 * direction a text takes from its first strong character (the Unicode
 * Bidirectional Algorithm's paragraph rules P2 and P3). Prep derives
 * each block's direction from these once; both renderers read it. */
#ifndef GAL_BIDI_H
#define GAL_BIDI_H

#include <stddef.h>

/* A direction found, or none. */
enum { GAL_BIDI_NONE = -1, GAL_BIDI_LTR = 0, GAL_BIDI_RTL = 1 };

/* The direction of the language tag `lang` ("ar", "fa-IR", "he",
 * "az-Arab", "ku-Latn"): a script subtag decides when there is one, else
 * the language (Arabic, Persian, Urdu, Hebrew, Yiddish, Pashto, Sindhi,
 * Sorani, Dhivehi, Uyghur, Syriac and their kin are RTL, any other
 * language LTR); GAL_BIDI_NONE for no language: NULL, "", "und", "mul",
 * "zxx", "mis". Cannot fail. */
int gal_lang_dir(const char *lang);

/* Scanning text for its first strong character, in pieces: the state
 * carries what P2 must skip (the inside of isolates, LRI/RLI/FSI ... PDI)
 * from one piece to the next. Start from { 0 }. */
typedef struct gal_bidi_scan {
	int isolates;
} gal_bidi_scan;

/* The direction of the first strong character (L: LTR; R, AL: RTL) of
 * s[0..n) outside isolates, or GAL_BIDI_NONE when it has none (digits,
 * punctuation and spaces only). Invalid UTF-8 is skipped. Cannot fail. */
int gal_bidi_first_strong(gal_bidi_scan *st, const char *s, size_t n);

/* The same for one whole text (NULL: none). */
int gal_text_dir(const char *s, size_t n);

#endif
