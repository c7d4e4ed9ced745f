/* Writing direction: by language tag, by first strong character. */
#include "base/bidi.h"
#include "unit.h"

static void lang_is(const char *lang, int want)
{
	int got = gal_lang_dir(lang);
	if (got != want)
		fprintf(stderr, "gal_lang_dir(\"%s\") == %d, expected %d\n", lang, got, want);
	OK(got == want);
}

static void test_lang(void)
{
	const char *rtl[] = { "ar", "ar-EG", "fa", "fa-IR", "ur", "he", "he-IL", "iw", "yi",
			      "ps", "sd", "ckb", "dv", "ug", "syr", "AR", "ar_SA",
			      "az-Arab", "pa-Arab-PK", "ku-Arab", NULL };
	const char *ltr[] = { "en", "en-US", "de-CH", "fr", "ru", "zh-Hant-TW", "ja",
			      "az", "az-Latn", "ku", "ku-Latn", "sr-Cyrl", "ar-Latn",
			      "arn", "hi", "ko-KR", "x-private", NULL };
	for (int i = 0; rtl[i]; i++)
		lang_is(rtl[i], GAL_BIDI_RTL);
	for (int i = 0; ltr[i]; i++)
		lang_is(ltr[i], GAL_BIDI_LTR);
	/* no language: the text decides */
	INT_EQ(gal_lang_dir(NULL), GAL_BIDI_NONE);
	INT_EQ(gal_lang_dir(""), GAL_BIDI_NONE);
	INT_EQ(gal_lang_dir("und"), GAL_BIDI_NONE);
	INT_EQ(gal_lang_dir("mul"), GAL_BIDI_NONE);
	INT_EQ(gal_lang_dir("zxx"), GAL_BIDI_NONE);
}

static void test_text(void)
{
	/* the first strong character: digits, punctuation and spaces are not */
	INT_EQ(gal_text_dir("Port Ellery \xd9\x85\xd9\x8a\xd9\x86\xd8\xa7\xd8\xa1", 17),
	       GAL_BIDI_LTR);
	INT_EQ(gal_text_dir(" 3.5% \xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d abc", 18), GAL_BIDI_RTL);
	INT_EQ(gal_text_dir("\xd9\x85\xd9\x8a\xd9\x86\xd8\xa7\xd8\xa1", 10), GAL_BIDI_RTL);
	INT_EQ(gal_text_dir("(2024), 1.5 \xe2\x80\x94 ...", 18), GAL_BIDI_NONE);
	INT_EQ(gal_text_dir("", 0), GAL_BIDI_NONE);
	INT_EQ(gal_text_dir(NULL, 0), GAL_BIDI_NONE);
	/* only n bytes are read */
	INT_EQ(gal_text_dir("12 abc", 3), GAL_BIDI_NONE);
	/* the inside of an isolate is skipped (RLI abc PDI, then Hebrew) */
	INT_EQ(gal_text_dir("\xe2\x81\xa7" "abc" "\xe2\x81\xa9 \xd7\xa9", 12), GAL_BIDI_RTL);
	/* embeddings are not strong characters */
	INT_EQ(gal_text_dir("\xe2\x80\xab" "abc", 6), GAL_BIDI_LTR);
	/* invalid UTF-8 is skipped */
	INT_EQ(gal_text_dir("\xff\xfe \xd7\xa9", 5), GAL_BIDI_RTL);
	/* in pieces: an isolate left open in one piece goes on in the next */
	gal_bidi_scan st = { 0 };
	INT_EQ(gal_bidi_first_strong(&st, "1 \xe2\x81\xa6" "ab", 7), GAL_BIDI_NONE);
	INT_EQ(gal_bidi_first_strong(&st, "cd\xe2\x81\xa9 ", 6), GAL_BIDI_NONE);
	INT_EQ(gal_bidi_first_strong(&st, "\xd8\xa7", 2), GAL_BIDI_RTL);
}

int main(void)
{
	test_lang();
	test_text();
	return unit_done("bidi");
}
