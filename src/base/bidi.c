/* Writing direction by language and by first strong character. The
 * characters' bidirectional types come from FriBidi, the tables Pango
 * itself orders text with, so a paragraph's direction found here is the
 * one its lines are set in. */
#include <string.h>
#include <strings.h>

#include <fribidi.h>
#include <glib.h>

#include "base/bidi.h"

/* Languages written right to left in their usual script (CLDR's
 * right-to-left locales and their macrolanguages' members). */
static const char *const rtl_langs[] = {
	"ar", "arc", "arz", "apc", "acm", "aeb", "ajp", "ary", "ayl", "afb",
	"azb", "bal", "bqi", "ckb", "dv", "fa", "glk", "haz", "he", "iw",
	"khw", "ks", "lki", "lrc", "luz", "mzn", "nqo", "ota", "pes", "pnb",
	"prs", "ps", "pbt", "pbu", "sd", "sdh", "skr", "syc", "syr", "ug",
	"ur", "yi", "ji", "ydd", "yih", "sam", NULL
};

/* Scripts written right to left (ISO 15924), as a tag's script subtag. */
static const char *const rtl_scripts[] = {
	"Arab", "Aran", "Hebr", "Syrc", "Syre", "Syrj", "Syrn", "Thaa", "Nkoo",
	"Adlm", "Rohg", "Mand", "Samr", "Mend", "Yezi", "Avst", "Phnx", "Armi",
	"Nbat", "Palm", "Hatr", "Mani", "Phlp", "Prti", "Phli", "Sarb", "Narb",
	"Khar", "Lydi", "Cprt", "Sogd", "Sogo", "Chrs", "Elym", "Ougr", "Hung",
	"Orkh", NULL
};

static int in_list(const char *const *list, const char *s, size_t n)
{
	for (size_t i = 0; list[i]; i++)
		if (strlen(list[i]) == n && strncasecmp(list[i], s, n) == 0)
			return 1;
	return 0;
}

int gal_lang_dir(const char *lang)
{
	if (!lang || !*lang)
		return GAL_BIDI_NONE;
	size_t n = strcspn(lang, "-_");
	if (in_list((const char *const[]){ "und", "mul", "zxx", "mis", NULL }, lang, n))
		return GAL_BIDI_NONE;
	/* the script subtag, when given, is the one of four letters that
	 * follows the language (and an extended language subtag) */
	for (const char *t = lang + n; *t;) {
		t++;
		size_t k = strcspn(t, "-_");
		if (k == 4 && g_ascii_isalpha(t[0]))
			return in_list(rtl_scripts, t, 4) ? GAL_BIDI_RTL : GAL_BIDI_LTR;
		if (k != 3 || !g_ascii_isalpha(t[0]))
			break;   /* a region or variant: no script follows */
		t += k;
	}
	return in_list(rtl_langs, lang, n) ? GAL_BIDI_RTL : GAL_BIDI_LTR;
}

int gal_bidi_first_strong(gal_bidi_scan *st, const char *s, size_t n)
{
	if (!s)
		return GAL_BIDI_NONE;
	const char *end = s + n;
	while (s < end) {
		gunichar c = g_utf8_get_char_validated(s, end - s);
		if (c == (gunichar)-1 || c == (gunichar)-2) {
			s++;
			continue;
		}
		s = g_utf8_next_char(s);
		FriBidiCharType t = fribidi_get_bidi_type(c);
		if (t == FRIBIDI_TYPE_LRI || t == FRIBIDI_TYPE_RLI || t == FRIBIDI_TYPE_FSI) {
			st->isolates++;
		} else if (t == FRIBIDI_TYPE_PDI) {
			if (st->isolates > 0)
				st->isolates--;
		} else if (st->isolates == 0 && FRIBIDI_IS_LETTER(t)) {
			return FRIBIDI_IS_RTL(t) ? GAL_BIDI_RTL : GAL_BIDI_LTR;
		}
	}
	return GAL_BIDI_NONE;
}

int gal_text_dir(const char *s, size_t n)
{
	gal_bidi_scan st = { 0 };
	return gal_bidi_first_strong(&st, s, n);
}
