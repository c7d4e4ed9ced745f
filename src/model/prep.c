/* Prep: everything both outputs must agree on, computed once — languages,
 * ids, section levels and numbers, footnote, figure, table and reference
 * numbers, link targets, the table of contents, localized labels, the
 * identifier, and the images (loaded here so both renderers share them). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "base/bidi.h"
#include "base/buf.h"
#include "base/xhtml.h"
#include "model/doc.h"
#include "model/image.h"
#include "style/style.h"

/* ---- localized labels ----------------------------------------------------- */

typedef struct {
	const char *lang;
	gal_labels l;
	const char *and_word;
	/* "1 article", "3 articles" (Russian: one, few, many) */
	const char *article_one, *article_few, *article_many;
	/* between names: ", " when NULL */
	const char *comma;
	/* Arabic and Hebrew "and" is a prefix: when and_other is not NULL,
	 * and_word is written on to a name in a right-to-left script and
	 * followed by and_other before a name in another (Arabic: a space,
	 * Hebrew: a maqaf, as before a number) */
	const char *and_other;
} label_set;

static const label_set label_sets[] = {
	{ "en", { "Contents", "Figure", "Table", "References", "Notes", "Abstract",
		  "Acknowledgements", "Keywords", "Key points", "By", "Source", "Page",
		  "Appendix", "Box", "Note", "Tip", "Warning", "Caution", "Important",
		  "\u201c", "\u201d", "\u2018", "\u2019", "(continued)",
		  "Landmarks", "Cover",
		  "Received", "Revised", "Accepted", "Published",
		  "Correspondence", "Funding", "Competing interests",
		  "Part", "Preface", "See", "See also", "Name", "Synopsis" }, "and",
	  "article", "articles", "articles", NULL, NULL },
	{ "de", { "Inhalt", "Abbildung", "Tabelle", "Literatur", "Anmerkungen",
		  "Zusammenfassung", "Danksagung", "Schlagw\u00f6rter", "Das Wichtigste",
		  "Von", "Quelle", "Seite", "Anhang", "Kasten", "Hinweis", "Tipp",
		  "Warnung", "Vorsicht", "Wichtig",
		  "\u201e", "\u201c", "\u201a", "\u2018", "(Fortsetzung)",
		  "Orientierungspunkte", "Umschlag",
		  "Eingegangen", "\u00dcberarbeitet", "Angenommen", "Ver\u00f6ffentlicht",
		  "Korrespondenz", "F\u00f6rderung", "Interessenkonflikte",
		  "Teil", "Vorwort", "Siehe", "Siehe auch", "Name", "\u00dcbersicht" }, "und",
	  "Beitrag", "Beitr\u00e4ge", "Beitr\u00e4ge", NULL, NULL },
	{ "fr", { "Sommaire", "Figure", "Tableau", "R\u00e9f\u00e9rences", "Notes",
		  "R\u00e9sum\u00e9", "Remerciements", "Mots-cl\u00e9s", "L\u2019essentiel",
		  "Par", "Source", "Page", "Annexe", "Encadr\u00e9", "Remarque", "Astuce",
		  "Avertissement", "Attention", "Important",
		  "\u00ab\u00a0", "\u00a0\u00bb", "\u201c", "\u201d", "(suite)",
		  "Rep\u00e8res", "Couverture",
		  "Re\u00e7u", "R\u00e9vis\u00e9", "Accept\u00e9", "Publi\u00e9",
		  "Correspondance", "Financement", "Conflits d\u2019int\u00e9r\u00eats",
		  "Partie", "Pr\u00e9face", "Voir", "Voir aussi", "Nom", "Synopsis" }, "et",
	  "article", "articles", "articles", NULL, NULL },
	{ "es", { "\u00cdndice", "Figura", "Tabla", "Referencias", "Notas", "Resumen",
		  "Agradecimientos", "Palabras clave", "Puntos clave", "Por", "Fuente",
		  "P\u00e1gina", "Ap\u00e9ndice", "Recuadro", "Nota", "Consejo",
		  "Advertencia", "Precauci\u00f3n", "Importante",
		  "\u00ab", "\u00bb", "\u201c", "\u201d", "(continuaci\u00f3n)",
		  "Puntos de referencia", "Portada",
		  "Recibido", "Revisado", "Aceptado", "Publicado",
		  "Correspondencia", "Financiaci\u00f3n", "Conflicto de intereses",
		  "Parte", "Prefacio", "V\u00e9ase", "V\u00e9ase tambi\u00e9n", "Nombre",
		  "Sinopsis" }, "y",
	  "art\u00edculo", "art\u00edculos", "art\u00edculos", NULL, NULL },
	{ "pt", { "Sum\u00e1rio", "Figura", "Tabela", "Refer\u00eancias", "Notas",
		  "Resumo", "Agradecimentos", "Palavras-chave", "Pontos-chave", "Por",
		  "Fonte", "P\u00e1gina", "Ap\u00eandice", "Quadro", "Nota", "Dica",
		  "Aviso", "Cuidado", "Importante",
		  "\u201c", "\u201d", "\u2018", "\u2019", "(continua\u00e7\u00e3o)",
		  "Pontos de refer\u00eancia", "Capa",
		  "Recebido", "Revisado", "Aceito", "Publicado",
		  "Correspond\u00eancia", "Financiamento", "Conflito de interesses",
		  "Parte", "Pref\u00e1cio", "Ver", "Ver tamb\u00e9m", "Nome", "Sinopse" }, "e",
	  "artigo", "artigos", "artigos", NULL, NULL },
	{ "it", { "Indice", "Figura", "Tabella", "Bibliografia", "Note", "Riassunto",
		  "Ringraziamenti", "Parole chiave", "Punti chiave", "Di", "Fonte",
		  "Pagina", "Appendice", "Riquadro", "Nota", "Suggerimento",
		  "Avvertenza", "Attenzione", "Importante",
		  "\u00ab", "\u00bb", "\u201c", "\u201d", "(continua)",
		  "Punti di riferimento", "Copertina",
		  "Ricevuto", "Revisionato", "Accettato", "Pubblicato",
		  "Corrispondenza", "Finanziamento", "Conflitto di interessi",
		  "Parte", "Prefazione", "Vedi", "Vedi anche", "Nome", "Sinossi" }, "e",
	  "articolo", "articoli", "articoli", NULL, NULL },
	{ "nl", { "Inhoud", "Figuur", "Tabel", "Literatuur", "Noten", "Samenvatting",
		  "Dankwoord", "Trefwoorden", "Kernpunten", "Door", "Bron", "Pagina",
		  "Bijlage", "Kader", "Opmerking", "Tip", "Waarschuwing", "Let op",
		  "Belangrijk",
		  "\u201c", "\u201d", "\u2018", "\u2019", "(vervolg)",
		  "Ori\u00ebntatiepunten", "Omslag",
		  "Ontvangen", "Herzien", "Geaccepteerd", "Gepubliceerd",
		  "Correspondentie", "Financiering", "Belangenconflicten",
		  "Deel", "Voorwoord", "Zie", "Zie ook", "Naam", "Overzicht" }, "en",
	  "artikel", "artikelen", "artikelen", NULL, NULL },
	{ "ru", { "\u0421\u043e\u0434\u0435\u0440\u0436\u0430\u043d\u0438\u0435",
		  "\u0420\u0438\u0441\u0443\u043d\u043e\u043a",
		  "\u0422\u0430\u0431\u043b\u0438\u0446\u0430",
		  "\u041b\u0438\u0442\u0435\u0440\u0430\u0442\u0443\u0440\u0430",
		  "\u041f\u0440\u0438\u043c\u0435\u0447\u0430\u043d\u0438\u044f",
		  "\u0410\u043d\u043d\u043e\u0442\u0430\u0446\u0438\u044f",
		  "\u0411\u043b\u0430\u0433\u043e\u0434\u0430\u0440\u043d\u043e\u0441\u0442\u0438",
		  "\u041a\u043b\u044e\u0447\u0435\u0432\u044b\u0435 \u0441\u043b\u043e\u0432\u0430",
		  "\u0413\u043b\u0430\u0432\u043d\u043e\u0435",
		  "\u0410\u0432\u0442\u043e\u0440", "\u0418\u0441\u0442\u043e\u0447\u043d\u0438\u043a",
		  "\u0421\u0442\u0440\u0430\u043d\u0438\u0446\u0430",
		  "\u041f\u0440\u0438\u043b\u043e\u0436\u0435\u043d\u0438\u0435",
		  "\u0412\u0440\u0435\u0437\u043a\u0430",
		  "\u041f\u0440\u0438\u043c\u0435\u0447\u0430\u043d\u0438\u0435",
		  "\u0421\u043e\u0432\u0435\u0442",
		  "\u041f\u0440\u0435\u0434\u0443\u043f\u0440\u0435\u0436\u0434\u0435\u043d\u0438\u0435",
		  "\u041e\u0441\u0442\u043e\u0440\u043e\u0436\u043d\u043e",
		  "\u0412\u0430\u0436\u043d\u043e",
		  "\u00ab", "\u00bb", "\u201e", "\u201c",
		  "(\u043f\u0440\u043e\u0434\u043e\u043b\u0436\u0435\u043d\u0438\u0435)",
		  "\u041e\u0440\u0438\u0435\u043d\u0442\u0438\u0440\u044b",
		  "\u041e\u0431\u043b\u043e\u0436\u043a\u0430",
		  "\u041f\u043e\u043b\u0443\u0447\u0435\u043d\u043e", "\u0418\u0441\u043f\u0440\u0430\u0432\u043b\u0435\u043d\u043e", "\u041f\u0440\u0438\u043d\u044f\u0442\u043e", "\u041e\u043f\u0443\u0431\u043b\u0438\u043a\u043e\u0432\u0430\u043d\u043e",
		  "\u0410\u0434\u0440\u0435\u0441 \u0434\u043b\u044f \u043f\u0435\u0440\u0435\u043f\u0438\u0441\u043a\u0438", "\u0424\u0438\u043d\u0430\u043d\u0441\u0438\u0440\u043e\u0432\u0430\u043d\u0438\u0435", "\u041a\u043e\u043d\u0444\u043b\u0438\u043a\u0442 \u0438\u043d\u0442\u0435\u0440\u0435\u0441\u043e\u0432",
		  "\u0427\u0430\u0441\u0442\u044c",
		  "\u041f\u0440\u0435\u0434\u0438\u0441\u043b\u043e\u0432\u0438\u0435",
		  "\u0421\u043c.", "\u0421\u043c. \u0442\u0430\u043a\u0436\u0435",
		  "\u0418\u043c\u044f", "\u041e\u0431\u0437\u043e\u0440" }, "\u0438",
	  "\u0441\u0442\u0430\u0442\u044c\u044f", "\u0441\u0442\u0430\u0442\u044c\u0438",
	  "\u0441\u0442\u0430\u0442\u0435\u0439", NULL, NULL },
	{ "ar", { "\u0627\u0644\u0645\u062d\u062a\u0648\u064a\u0627\u062a",
		  "\u0634\u0643\u0644", "\u062c\u062f\u0648\u0644",
		  "\u0627\u0644\u0645\u0631\u0627\u062c\u0639",
		  "\u0627\u0644\u062d\u0648\u0627\u0634\u064a",
		  "\u0627\u0644\u0645\u0644\u062e\u0635",
		  "\u0634\u0643\u0631 \u0648\u062a\u0642\u062f\u064a\u0631",
		  "\u0627\u0644\u0643\u0644\u0645\u0627\u062a \u0627\u0644\u0645\u0641\u062a\u0627\u062d\u064a\u0629",
		  "\u0623\u0628\u0631\u0632 \u0627\u0644\u0646\u0642\u0627\u0637",
		  "\u0628\u0642\u0644\u0645", "\u0627\u0644\u0645\u0635\u062f\u0631",
		  "\u0635\u0641\u062d\u0629", "\u0645\u0644\u062d\u0642",
		  "\u0625\u0637\u0627\u0631", "\u0645\u0644\u0627\u062d\u0638\u0629",
		  "\u0646\u0635\u064a\u062d\u0629", "\u062a\u062d\u0630\u064a\u0631",
		  "\u062a\u0646\u0628\u064a\u0647", "\u0645\u0647\u0645",
		  "\u00ab", "\u00bb", "\u201c", "\u201d", "(\u062a\u0627\u0628\u0639)",
		  "\u0627\u0644\u0645\u0639\u0627\u0644\u0645",
		  "\u0627\u0644\u063a\u0644\u0627\u0641",
		  "\u062a\u0627\u0631\u064a\u062e \u0627\u0644\u0627\u0633\u062a\u0644\u0627\u0645", "\u062a\u0627\u0631\u064a\u062e \u0627\u0644\u0645\u0631\u0627\u062c\u0639\u0629", "\u062a\u0627\u0631\u064a\u062e \u0627\u0644\u0642\u0628\u0648\u0644", "\u062a\u0627\u0631\u064a\u062e \u0627\u0644\u0646\u0634\u0631",
		  "\u0627\u0644\u0645\u0631\u0627\u0633\u0644\u0629", "\u0627\u0644\u062a\u0645\u0648\u064a\u0644", "\u062a\u0636\u0627\u0631\u0628 \u0627\u0644\u0645\u0635\u0627\u0644\u062d",
		  "\u0627\u0644\u062c\u0632\u0621", "\u062a\u0645\u0647\u064a\u062f", "\u0627\u0646\u0638\u0631", "\u0627\u0646\u0638\u0631 \u0623\u064a\u0636\u0627",
		  "\u0627\u0644\u0627\u0633\u0645", "\u0627\u0644\u0645\u0644\u062e\u0635" }, "\u0648",
	  "\u0645\u0642\u0627\u0644", "\u0645\u0642\u0627\u0644\u0627\u062a",
	  "\u0645\u0642\u0627\u0644\u0627\u062a", "\u060c ", " " },
	{ "he", { "\u05ea\u05d5\u05db\u05df \u05d4\u05e2\u05e0\u05d9\u05d9\u05e0\u05d9\u05dd",
		  "\u05d0\u05d9\u05d5\u05e8", "\u05d8\u05d1\u05dc\u05d4",
		  "\u05de\u05e7\u05d5\u05e8\u05d5\u05ea", "\u05d4\u05e2\u05e8\u05d5\u05ea",
		  "\u05ea\u05e7\u05e6\u05d9\u05e8", "\u05ea\u05d5\u05d3\u05d5\u05ea",
		  "\u05de\u05d9\u05dc\u05d5\u05ea \u05de\u05e4\u05ea\u05d7",
		  "\u05e2\u05d9\u05e7\u05e8\u05d9 \u05d4\u05d3\u05d1\u05e8\u05d9\u05dd",
		  "\u05de\u05d0\u05ea", "\u05de\u05e7\u05d5\u05e8", "\u05e2\u05de\u05d5\u05d3",
		  "\u05e0\u05e1\u05e4\u05d7", "\u05de\u05e1\u05d2\u05e8\u05ea",
		  "\u05d4\u05e2\u05e8\u05d4", "\u05e2\u05e6\u05d4",
		  "\u05d0\u05d6\u05d4\u05e8\u05d4", "\u05d6\u05d4\u05d9\u05e8\u05d5\u05ea",
		  "\u05d7\u05e9\u05d5\u05d1",
		  "\u201c", "\u201d", "\u2018", "\u2019", "(\u05d4\u05de\u05e9\u05da)",
		  "\u05e6\u05d9\u05d5\u05e0\u05d9 \u05d3\u05e8\u05da",
		  "\u05db\u05e8\u05d9\u05db\u05d4",
		  "\u05d4\u05ea\u05e7\u05d1\u05dc", "\u05ea\u05d5\u05e7\u05df", "\u05d0\u05d5\u05e9\u05e8", "\u05e4\u05d5\u05e8\u05e1\u05dd",
		  "\u05d4\u05ea\u05db\u05ea\u05d1\u05d5\u05ea", "\u05de\u05d9\u05de\u05d5\u05df", "\u05e0\u05d9\u05d2\u05d5\u05d3 \u05e2\u05e0\u05d9\u05d9\u05e0\u05d9\u05dd",
		  "\u05d7\u05dc\u05e7", "\u05d4\u05e7\u05d3\u05de\u05d4", "\u05e8\u05d0\u05d5", "\u05e8\u05d0\u05d5 \u05d2\u05dd",
		  "\u05e9\u05dd", "\u05ea\u05e7\u05e6\u05d9\u05e8" }, "\u05d5",
	  "\u05de\u05d0\u05de\u05e8", "\u05de\u05d0\u05de\u05e8\u05d9\u05dd",
	  "\u05de\u05d0\u05de\u05e8\u05d9\u05dd", NULL, "\u05be" },
	{ "fa", { "\u0641\u0647\u0631\u0633\u062a \u0645\u0637\u0627\u0644\u0628",
		  "\u0634\u06a9\u0644", "\u062c\u062f\u0648\u0644",
		  "\u0645\u0646\u0627\u0628\u0639",
		  "\u06cc\u0627\u062f\u062f\u0627\u0634\u062a\u200c\u0647\u0627",
		  "\u0686\u06a9\u06cc\u062f\u0647",
		  "\u0633\u067e\u0627\u0633\u06af\u0632\u0627\u0631\u06cc",
		  "\u06a9\u0644\u06cc\u062f\u0648\u0627\u0698\u0647\u200c\u0647\u0627",
		  "\u0646\u06a9\u0627\u062a \u06a9\u0644\u06cc\u062f\u06cc",
		  "\u0628\u0647 \u0642\u0644\u0645", "\u0645\u0646\u0628\u0639",
		  "\u0635\u0641\u062d\u0647", "\u067e\u06cc\u0648\u0633\u062a",
		  "\u06a9\u0627\u062f\u0631",
		  "\u06cc\u0627\u062f\u062f\u0627\u0634\u062a",
		  "\u0646\u06a9\u062a\u0647", "\u0647\u0634\u062f\u0627\u0631",
		  "\u0627\u062d\u062a\u06cc\u0627\u0637", "\u0645\u0647\u0645",
		  "\u00ab", "\u00bb", "\u201c", "\u201d",
		  "(\u0627\u062f\u0627\u0645\u0647)",
		  "\u0646\u0634\u0627\u0646\u0647\u200c\u0647\u0627",
		  "\u062c\u0644\u062f",
		  "\u062a\u0627\u0631\u06cc\u062e \u062f\u0631\u06cc\u0627\u0641\u062a", "\u062a\u0627\u0631\u06cc\u062e \u0628\u0627\u0632\u0646\u06af\u0631\u06cc", "\u062a\u0627\u0631\u06cc\u062e \u067e\u0630\u06cc\u0631\u0634", "\u062a\u0627\u0631\u06cc\u062e \u0627\u0646\u062a\u0634\u0627\u0631",
		  "\u0645\u06a9\u0627\u062a\u0628\u0647", "\u062d\u0645\u0627\u06cc\u062a \u0645\u0627\u0644\u06cc", "\u062a\u0639\u0627\u0631\u0636 \u0645\u0646\u0627\u0641\u0639",
		  "\u0628\u062e\u0634", "\u067e\u06cc\u0634\u06af\u0641\u062a\u0627\u0631", "\u0628\u0628\u06cc\u0646\u06cc\u062f", "\u0647\u0645\u0686\u0646\u06cc\u0646 \u0628\u0628\u06cc\u0646\u06cc\u062f",
		  "\u0646\u0627\u0645", "\u062e\u0644\u0627\u0635\u0647" }, "\u0648",
	  /* a noun after a number stays singular */
	  "\u0645\u0642\u0627\u0644\u0647", "\u0645\u0642\u0627\u0644\u0647",
	  "\u0645\u0642\u0627\u0644\u0647", "\u060c ", NULL },
};

/* Whether a language tag's primary subtag is `code` ("de-CH" is "de"). */
static int lang_is(const char *lang, const char *code)
{
	size_t k = strlen(code);
	return lang && strncasecmp(lang, code, k) == 0 &&
	       (lang[k] == '\0' || lang[k] == '-' || lang[k] == '_');
}

static const label_set *labels_for(const char *lang)
{
	for (size_t i = 0; i < sizeof label_sets / sizeof *label_sets; i++)
		if (lang_is(lang, label_sets[i].lang))
			return &label_sets[i];
	return &label_sets[0];
}

const gal_labels *gal_labels_for(const char *lang)
{
	return &labels_for(lang)->l;
}

/* European Portuguese and Swiss German differ from the defaults above
 * only in their quotation marks. */
static void adjust_quotes(gal_labels *l, const char *lang)
{
	if (!lang)
		return;
	if (strncasecmp(lang, "pt-PT", 5) == 0) {
		l->quote_open = "\u00ab";
		l->quote_close = "\u00bb";
	} else if (strncasecmp(lang, "de-CH", 5) == 0) {
		l->quote_open = "\u00ab";
		l->quote_close = "\u00bb";
		l->quote2_open = "\u2039";
		l->quote2_close = "\u203a";
	}
}

/* ---- dates for people ------------------------------------------------------ */

/* How each language prep knows writes a day and a month: %d the day, %M
 * the month's name, %Y the year. Russian names the month of a day in the
 * genitive and a month alone in the nominative. */
typedef struct {
	const char *lang;
	const char *day, *month;  /* "%d %M %Y", "%M %Y" */
	const char *first;        /* the first of the month, when not "1" */
	const char *names[12];    /* with a day */
	const char *alone[12];    /* a month alone; NULL: names */
} date_form;

static const date_form date_forms[] = {
	{ "en", "%d %M %Y", "%M %Y", NULL,
	  { "January", "February", "March", "April", "May", "June", "July",
	    "August", "September", "October", "November", "December" }, { NULL } },
	{ "de", "%d. %M %Y", "%M %Y", NULL,
	  { "Januar", "Februar", "M\u00e4rz", "April", "Mai", "Juni", "Juli",
	    "August", "September", "Oktober", "November", "Dezember" }, { NULL } },
	{ "fr", "%d %M %Y", "%M %Y", "1er",
	  { "janvier", "f\u00e9vrier", "mars", "avril", "mai", "juin", "juillet",
	    "ao\u00fbt", "septembre", "octobre", "novembre", "d\u00e9cembre" }, { NULL } },
	{ "es", "%d de %M de %Y", "%M de %Y", NULL,
	  { "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio",
	    "agosto", "septiembre", "octubre", "noviembre", "diciembre" }, { NULL } },
	{ "pt", "%d de %M de %Y", "%M de %Y", NULL,
	  { "janeiro", "fevereiro", "mar\u00e7o", "abril", "maio", "junho", "julho",
	    "agosto", "setembro", "outubro", "novembro", "dezembro" }, { NULL } },
	{ "it", "%d %M %Y", "%M %Y", NULL,
	  { "gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio",
	    "agosto", "settembre", "ottobre", "novembre", "dicembre" }, { NULL } },
	{ "nl", "%d %M %Y", "%M %Y", NULL,
	  { "januari", "februari", "maart", "april", "mei", "juni", "juli",
	    "augustus", "september", "oktober", "november", "december" }, { NULL } },
	{ "ru", "%d %M %Y", "%M %Y", NULL,
	  { "\u044f\u043d\u0432\u0430\u0440\u044f",
	    "\u0444\u0435\u0432\u0440\u0430\u043b\u044f",
	    "\u043c\u0430\u0440\u0442\u0430",
	    "\u0430\u043f\u0440\u0435\u043b\u044f",
	    "\u043c\u0430\u044f", "\u0438\u044e\u043d\u044f",
	    "\u0438\u044e\u043b\u044f",
	    "\u0430\u0432\u0433\u0443\u0441\u0442\u0430",
	    "\u0441\u0435\u043d\u0442\u044f\u0431\u0440\u044f",
	    "\u043e\u043a\u0442\u044f\u0431\u0440\u044f",
	    "\u043d\u043e\u044f\u0431\u0440\u044f",
	    "\u0434\u0435\u043a\u0430\u0431\u0440\u044f" },
	  { "\u044f\u043d\u0432\u0430\u0440\u044c",
	    "\u0444\u0435\u0432\u0440\u0430\u043b\u044c",
	    "\u043c\u0430\u0440\u0442",
	    "\u0430\u043f\u0440\u0435\u043b\u044c",
	    "\u043c\u0430\u0439", "\u0438\u044e\u043d\u044c",
	    "\u0438\u044e\u043b\u044c",
	    "\u0430\u0432\u0433\u0443\u0441\u0442",
	    "\u0441\u0435\u043d\u0442\u044f\u0431\u0440\u044c",
	    "\u043e\u043a\u0442\u044f\u0431\u0440\u044c",
	    "\u043d\u043e\u044f\u0431\u0440\u044c",
	    "\u0434\u0435\u043a\u0430\u0431\u0440\u044c" } },
	/* the Gregorian months as Arabic news writes them */
	{ "ar", "%d %M %Y", "%M %Y", NULL,
	  { "\u064a\u0646\u0627\u064a\u0631", "\u0641\u0628\u0631\u0627\u064a\u0631",
	    "\u0645\u0627\u0631\u0633", "\u0623\u0628\u0631\u064a\u0644",
	    "\u0645\u0627\u064a\u0648", "\u064a\u0648\u0646\u064a\u0648",
	    "\u064a\u0648\u0644\u064a\u0648", "\u0623\u063a\u0633\u0637\u0633",
	    "\u0633\u0628\u062a\u0645\u0628\u0631", "\u0623\u0643\u062a\u0648\u0628\u0631",
	    "\u0646\u0648\u0641\u0645\u0628\u0631", "\u062f\u064a\u0633\u0645\u0628\u0631" },
	  { NULL } },
	{ "fa", "%d %M %Y", "%M %Y", NULL,
	  { "\u0698\u0627\u0646\u0648\u06cc\u0647", "\u0641\u0648\u0631\u06cc\u0647",
	    "\u0645\u0627\u0631\u0633", "\u0622\u0648\u0631\u06cc\u0644",
	    "\u0645\u0647", "\u0698\u0648\u0626\u0646",
	    "\u0698\u0648\u0626\u06cc\u0647", "\u0627\u0648\u062a",
	    "\u0633\u067e\u062a\u0627\u0645\u0628\u0631", "\u0627\u06a9\u062a\u0628\u0631",
	    "\u0646\u0648\u0627\u0645\u0628\u0631", "\u062f\u0633\u0627\u0645\u0628\u0631" },
	  { NULL } },
	/* Hebrew joins "in" (ב) to the month of a day: 14 במרץ 2025 */
	{ "he", "%d \u05d1%M %Y", "%M %Y", NULL,
	  { "\u05d9\u05e0\u05d5\u05d0\u05e8", "\u05e4\u05d1\u05e8\u05d5\u05d0\u05e8",
	    "\u05de\u05e8\u05e5", "\u05d0\u05e4\u05e8\u05d9\u05dc",
	    "\u05de\u05d0\u05d9", "\u05d9\u05d5\u05e0\u05d9",
	    "\u05d9\u05d5\u05dc\u05d9", "\u05d0\u05d5\u05d2\u05d5\u05e1\u05d8",
	    "\u05e1\u05e4\u05d8\u05de\u05d1\u05e8", "\u05d0\u05d5\u05e7\u05d8\u05d5\u05d1\u05e8",
	    "\u05e0\u05d5\u05d1\u05de\u05d1\u05e8", "\u05d3\u05e6\u05de\u05d1\u05e8" },
	  { NULL } },
};

static const date_form *date_form_for(const char *lang)
{
	for (size_t i = 0; i < sizeof date_forms / sizeof *date_forms; i++)
		if (lang_is(lang, date_forms[i].lang))
			return &date_forms[i];
	return &date_forms[0];
}

/* n digits at s as a number, or -1 */
static int num(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* An ISO 8601 date as its parts: year, and month, day, hour, minute
 * where given (0 when not); the zone's offset in minutes, *zoned 0 when
 * there is none. Extended form ("2017-01-02T22:28:00Z"), a space for the
 * T, seconds and their fractions allowed. 0 when s is anything else. */
typedef struct {
	int y, mo, d, h, mi, has_time, zoned, off;
} iso_date;

static int parse_iso(const char *s, iso_date *t)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	memset(t, 0, sizeof *t);
	if ((t->y = num(s, 4)) < 0)
		return 0;
	s += 4;
	if (*s == '-') {
		if ((t->mo = num(s + 1, 2)) < 1 || t->mo > 12)
			return 0;
		s += 3;
		if (*s == '-') {
			if ((t->d = num(s + 1, 2)) < 1 || t->d > mdays[t->mo - 1])
				return 0;
			s += 3;
		}
	}
	if (t->d && (*s == 'T' || *s == ' ') && s[1]) {
		if ((t->h = num(s + 1, 2)) < 0 || t->h > 23 || s[3] != ':' ||
		    (t->mi = num(s + 4, 2)) < 0 || t->mi > 59)
			return 0;
		t->has_time = 1;
		s += 6;
		if (*s == ':' && num(s + 1, 2) >= 0 && num(s + 1, 2) <= 60)
			s += 3;
		if (*s == '.' || *s == ',')
			for (s++; *s >= '0' && *s <= '9'; s++)
				;
		if (*s == 'Z') {
			t->zoned = 1;
			s++;
		} else if (*s == '+' || *s == '-') {
			int oh = num(s + 1, 2), om = 0, k = 3;
			if (s[3] == ':')
				k = 4;
			if (s[k] >= '0' && s[k] <= '9' && (om = num(s + k, 2)) >= 0)
				k += 2;
			if (oh < 0 || oh > 14 || om < 0 || om > 59)
				return 0;
			t->zoned = 1;
			t->off = (*s == '-' ? -1 : 1) * (oh * 60 + om);
			s += k;
		}
	}
	return *s == '\0';
}

/* The article's date as people read it in its language: "2 January
 * 2017, 22:28 UTC", "2. Januar 2017, 22:28 UTC+1". Its own wall-clock
 * time, with the zone it gives; no seconds. NULL for a date that is not
 * ISO 8601 (it is printed as given). */
const char *gal_date_text(gal_doc *doc, const char *date, const char *lang)
{
	iso_date t;
	if (!date || !parse_iso(date, &t))
		return NULL;
	if (!t.mo)
		return gal_doc_printf(doc, "%04d", t.y);
	const date_form *f = date_form_for(lang);
	gal_buf b = GAL_BUF_INIT;
	const char *pat = t.d ? f->day : f->month;
	for (const char *p = pat; *p; p++) {
		if (*p != '%' || !p[1]) {
			gal_buf_putc(&b, *p);
			continue;
		}
		p++;
		if (*p == 'd' && t.d == 1 && f->first)
			gal_buf_puts(&b, f->first);
		else if (*p == 'd')
			gal_buf_printf(&b, "%d", t.d);
		else if (*p == 'M')
			gal_buf_puts(&b, !t.d && f->alone[0] ? f->alone[t.mo - 1] : f->names[t.mo - 1]);
		else if (*p == 'Y')
			gal_buf_printf(&b, "%04d", t.y);
	}
	if (t.has_time)
		gal_buf_printf(&b, ", %02d:%02d", t.h, t.mi);
	if (t.has_time && t.zoned) {
		int a = t.off < 0 ? -t.off : t.off;
		gal_buf_puts(&b, " UTC");
		if (t.off)
			gal_buf_printf(&b, "%s%d", t.off < 0 ? "\u2212" : "+", a / 60);
		if (a % 60)
			gal_buf_printf(&b, ":%02d", a % 60);
	}
	const char *s = gal_doc_strdup(doc, b.data);
	gal_buf_free(&b);
	return s;
}

/* ---- walking ---------------------------------------------------------------- */

typedef struct prep {
	gal_doc *doc;
	const gal_opts *opts;
	gal_err *err;
	int status;
	int n_fig, n_tab, n_fn, n_sec, n_part, n_ref, n_misc;
	int n_fig_ids, n_tab_ids;  /* every figure and table, numbered or not */
	int n_book_part, n_app;   /* parts and appendices of the outline */
	const char *app_num;      /* the latest appendix's letter ... */
	int app_level;            /* ... and level */
	size_t toc_cap;
} prep;

static void warn(prep *p, const gal_node *n, const char *code, const char *fmt,
		 const char *arg, const char *arg2)
{
	int rc = gal_warn(p->opts, p->err, n ? n->line : 0, n ? n->col : 0, code,
			  fmt, arg, arg2);
	if (rc && !p->status)
		p->status = rc;
}

static int is_section_like(const gal_node *n)
{
	return n->type == GAL_NODE_SECTION || n->type == GAL_NODE_PART;
}

/* Ids a document did not give get a stable, readable one; given ids that
 * repeat are renamed (both outputs link by id, so they must be unique). */
static void give_id(prep *p, gal_node *n, const char *prefix, int num)
{
	gal_doc *doc = p->doc;
	if (n->id && gal_doc_register_id(doc, n->id, n))
		return;
	if (n->id)
		warn(p, n, "duplicate-id", "duplicate id '%s'%s", n->id, "");
	for (int k = 0;; k++) {
		const char *id = k ? gal_doc_printf(doc, "%s-%d-%d", prefix, num, k)
				   : gal_doc_printf(doc, "%s-%d", prefix, num);
		if (gal_doc_register_id(doc, id, n)) {
			n->id = id;
			return;
		}
	}
}

static void toc_add(prep *p, const gal_node *n, int level, const char *number,
		    const gal_node *heading)
{
	gal_doc *doc = p->doc;
	if (doc->n_toc == p->toc_cap) {
		size_t cap = p->toc_cap ? p->toc_cap * 2 : 16;
		gal_toc_entry *t = gal_doc_alloc(doc, cap * sizeof *t);
		if (doc->n_toc)
			memcpy(t, doc->toc, doc->n_toc * sizeof *t);
		doc->toc = t;
		p->toc_cap = cap;
	}
	gal_toc_entry *e = &doc->toc[doc->n_toc++];
	e->node = n;
	e->level = level;
	e->number = number;
	e->text = gal_node_text(doc, heading);
	e->id = n->id;
}

/* The vocabulary a node came in: its collection article's own (a
 * sub-article's, its article's), else the document's. */
static gal_format format_of(const gal_doc *doc, const gal_node *n)
{
	const gal_node *art = gal_node_owning_article(doc, n);
	return art ? art->part_meta->format : doc->format;
}

/* Whether a section is part of the article's outline (not one inside a
 * box, an abstract or a quotation). */
static int in_outline(const gal_node *n)
{
	for (const gal_node *a = n->parent; a; a = a->parent)
		if (a->type != GAL_NODE_SECTION && a->type != GAL_NODE_PART &&
		    a->type != GAL_NODE_BACK && a->type != GAL_NODE_DOCUMENT)
			return 0;
	return 1;
}

/* Section number "1.2.3": counters per level, reset by PARTs. The
 * numbers of a collection's article leave out the level of its part, so
 * they read as in the article's own outputs ("2.1", not "1.2.1"). */
typedef struct { int c[16]; } counters;

static const char *section_number(gal_doc *doc, counters *cs, int level, int from)
{
	if (level < 1 || level > 15 || from > level)
		return NULL;
	cs->c[level]++;
	for (int i = level + 1; i < 16; i++)
		cs->c[i] = 0;
	gal_buf b = GAL_BUF_INIT;
	for (int i = from; i <= level; i++)
		gal_buf_printf(&b, i > from ? ".%d" : "%d", cs->c[i] ? cs->c[i] : 1);
	const char *s = gal_doc_strdup(doc, b.data);
	gal_buf_free(&b);
	return s;
}

static int has_caption(const gal_node *n)
{
	for (const gal_node *c = n->first; c; c = c->next)
		if (c->type == GAL_NODE_CAPTION)
			return 1;
	return 0;
}

/* Figures and tables are numbered when a reader can tell them by a
 * number: they have a caption or a label. A bare grid of cells or a
 * picture without a word (a JATS <array>, an inline decoration) takes
 * no number, so the captioned ones read Table 1, 2, ... */
static int numbered(const gal_node *n)
{
	return n->label || has_caption(n);
}

/* "IV", "D": a number as a list of that numbering marks it, without the
 * list's full stop. */
static const char *marker(gal_doc *doc, int number, gal_list_numbering numbering)
{
	gal_node list = { .type = GAL_NODE_LIST, .list_type = GAL_LIST_ORDERED,
			  .numbering = numbering };
	char buf[32];
	gal_list_marker(&list, number, buf, sizeof buf);
	size_t n = strlen(buf);
	return gal_doc_strndup(doc, buf, n && buf[n - 1] == '.' ? n - 1 : n);
}

/* A section's number in the outline (the TOC's; NULL: none) and, for
 * DocBook, which expects numbers and gives none, its label. Sections
 * count by level from the outline's top: below a collection's article
 * and below a book's parts, so chapters count on through the parts. A
 * part is "Part I"; an appendix "Appendix A", its sections "A.1";
 * nothing in an unnumbered division is numbered; each book of a set
 * numbers its own from 1, as a book on its own would. The contents
 * take the number, or a part's or an appendix's label. */
static void number_section(prep *p, counters *cs, gal_node *n, int level)
{
	gal_doc *doc = p->doc;
	const gal_labels *l = &labels_for(n->eff_lang)->l;
	int from = gal_node_article(n) ? 2 : 1, unnumbered = 0, in_app = 0;
	for (const gal_node *a = n->parent; a; a = a->parent) {
		if (a->type != GAL_NODE_SECTION)
			continue;
		from += a->section_kind == GAL_DIV_PART || a->section_kind == GAL_DIV_BOOK;
		unnumbered |= a->section_kind == GAL_DIV_UNNUMBERED;
		in_app |= a->section_kind == GAL_DIV_APPENDIX;
	}
	const char *num = NULL, *label = NULL;
	switch ((gal_division_kind)n->section_kind) {
	case GAL_DIV_PART:
		num = marker(doc, ++p->n_book_part, GAL_NUM_UPPER_ROMAN);
		label = gal_doc_printf(doc, "%s %s", l->part, num);
		break;
	case GAL_DIV_APPENDIX:
		num = marker(doc, ++p->n_app, GAL_NUM_UPPER_ALPHA);
		label = gal_doc_printf(doc, "%s %s", l->appendix, num);
		for (int i = level + 1; i < 16; i++)
			cs->c[i] = 0;
		p->app_num = num;
		p->app_level = level;
		break;
	case GAL_DIV_PLAIN:
		if (unnumbered)
			break;
		num = section_number(doc, cs, level, in_app ? p->app_level + 1 : from);
		if (in_app && num)
			num = gal_doc_printf(doc, "%s.%s", p->app_num, num);
		label = num;
		break;
	case GAL_DIV_UNNUMBERED:
		break;
	case GAL_DIV_BOOK:
		for (int i = level + 1; i < 16; i++)
			cs->c[i] = 0;
		p->n_book_part = p->n_app = 0;
		break;
	}
	/* numbers are printed only where the source expects them and gives
	 * none: DocBook. News briefs are not numbered, and JATS carries its
	 * own labels in the heading text. A collection's article goes by its
	 * own source. */
	if (format_of(doc, n) == GAL_FMT_DOCBOOK)
		n->label = label;
	/* the contents name a part or an appendix in full, as its heading
	 * does: "Appendix A", never a bare "A" */
	toc_add(p, n, level, n->section_kind == GAL_DIV_PART ||
			     n->section_kind == GAL_DIV_APPENDIX ? label : num, n->first);
}

static void load_image(prep *p, gal_node *n)
{
	const char *why = NULL;
	n->image = gal_image_load(p->doc, n->url ? n->url : "", p->opts, &why);
	if (n->image->status != GAL_IMG_OK)
		warn(p, n, "missing-image", "image '%s': %s", n->url ? n->url : "",
		     why ? why : "cannot be used");
}

/* ---- link addresses ---------------------------------------------------------- */

/* A DOI as the DOI Handbook puts it into a URL: besides what no URI may
 * hold, '%' '"' '#' space '?' (mandatory) and < > { } ^ [ ] ` | \ +
 * (recommended) percent-encoded; its '/' and the rest as they are. */
static void doi_encode(gal_buf *b, const char *doi)
{
	for (const unsigned char *c = (const unsigned char *)doi; *c; c++) {
		if (*c <= 0x20 || *c >= 0x7F || strchr("%\"#?<>{}^[]`|\\+", *c))
			gal_buf_printf(b, "%%%02X", *c);
		else
			gal_buf_putc(b, (char)*c);
	}
}

/* A DOI written as one: "doi:10.1000/x", "info:doi/10.1000/x", or bare,
 * "10.1000/x" (a directory indicator, a registrant code, a slash); NULL
 * for anything else. */
static const char *doi_of(const char *url)
{
	const char *d = url;
	if (strncasecmp(url, "doi:", 4) == 0)
		d = url + 4;
	else if (strncasecmp(url, "info:doi/", 9) == 0)
		d = url + 9;
	while (*d == ' ')
		d++;
	size_t k = strncmp(d, "10.", 3) == 0 ? strspn(d + 3, "0123456789.") : 0;
	if (k >= 4 && d[3 + k] == '/' && d[4 + k])
		return d;
	return d != url ? d : NULL;
}

/* Every link address both outputs write, made one way once: trimmed, a
 * DOI as its https://doi.org/ address, then what a URI may not hold
 * percent-encoded (gal_url_encode: brackets, spaces, non-ASCII...). An
 * address that needs nothing is kept as it is. */
static const char *norm_url(gal_doc *doc, const char *url)
{
	if (!url)
		return NULL;
	size_t a = 0, n = strlen(url);
	while (a < n && strchr(" \t\r\n", url[a]))
		a++;
	while (n > a && strchr(" \t\r\n", url[n - 1]))
		n--;
	const char *t = gal_doc_strndup(doc, url + a, n - a);
	gal_buf raw = GAL_BUF_INIT, b = GAL_BUF_INIT;
	const char *doi = doi_of(t);
	if (doi) {
		gal_buf_puts(&raw, "https://doi.org/");
		doi_encode(&raw, doi);
	} else {
		/* no host holds white space ("https:// www.example.org/") */
		size_t k = strspn(t, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
				  "0123456789+-.");
		const char *h = k && strncmp(t + k, "://", 3) == 0 ? t + k + 3 : NULL;
		const char *e = h ? h + strcspn(h, "/?#") : NULL;
		for (const char *c = t; *c; c++)
			if (!(h && c >= h && c < e && strchr(" \t\r\n", *c)))
				gal_buf_putc(&raw, *c);
	}
	gal_url_encode(&b, raw.data);
	const char *r = strcmp(b.data ? b.data : "", url) == 0 ? url
		      : gal_doc_strndup(doc, b.data ? b.data : "", b.len);
	gal_buf_free(&raw);
	gal_buf_free(&b);
	return r;
}

static void walk(prep *p, gal_node *root, const char *lang);
static const char *join_authors(gal_doc *doc, const gal_meta *m, const label_set *ls,
				gal_format format);

/* A part standing for an article has metadata trees of its own, and its
 * title, byline and labels in its own language, as a document has. */
static void walk_part_meta(prep *p, const gal_node *part)
{
	gal_meta *m = part->part_meta;
	gal_node *trees[] = { m->title, m->subtitle, m->source, m->summary, m->abstract };
	for (size_t i = 0; i < sizeof trees / sizeof *trees; i++)
		if (trees[i])
			walk(p, trees[i], part->eff_lang);
	const label_set *ls = labels_for(part->eff_lang);
	m->labels = ls->l;
	adjust_quotes(&m->labels, part->eff_lang);
	const char *t = m->title ? gal_node_text(p->doc, m->title) : "";
	if (!*t && part->first && part->first->type == GAL_NODE_HEADING)
		t = gal_node_text(p->doc, part->first);
	m->title_text = *t ? t : "Untitled";
	m->author_text = join_authors(p->doc, m, ls, m->format);
	m->date_text = gal_date_text(p->doc, m->date, part->eff_lang);
}

static void walk(prep *p, gal_node *root, const char *lang)
{
	gal_doc *doc = p->doc;
	counters cs = { { 0 } };
	root->eff_lang = root->lang ? root->lang : lang;
	gal_iter it;
	gal_iter_init(&it, root);
	for (gal_node *n = gal_iter_enter(&it); n; n = gal_iter_enter(&it)) {
		if (n != root)
			n->eff_lang = n->lang ? n->lang : n->parent->eff_lang;
		if (n->type == GAL_NODE_LINK || n->type == GAL_NODE_SOURCE)
			n->url = norm_url(doc, n->url);
		switch (n->type) {
		case GAL_NODE_PART:
			n->level = 1;
			memset(&cs, 0, sizeof cs);
			give_id(p, n, "part", ++p->n_part);
			if (n->part_meta)
				walk_part_meta(p, n);
			if (n->first && n->first->type == GAL_NODE_HEADING) {
				n->first->level = 1;
				toc_add(p, n, 1, NULL, n->first);
			}
			break;
		case GAL_NODE_SECTION: {
			int level = 1;
			for (const gal_node *a = n->parent; a; a = a->parent)
				if (is_section_like(a))
					level++;
			n->level = level;
			give_id(p, n, "sec", ++p->n_sec);
			if (n->first && n->first->type == GAL_NODE_HEADING) {
				n->first->level = level;
				if (in_outline(n))
					number_section(p, &cs, n, level);
			}
			break;
		}
		case GAL_NODE_REFS: {
			int level = 1;
			for (const gal_node *a = n->parent; a; a = a->parent)
				if (is_section_like(a))
					level++;
			n->level = level;
			give_id(p, n, "refs", ++p->n_misc);
			if (n->first && n->first->type == GAL_NODE_HEADING) {
				n->first->level = level;
				toc_add(p, n, level, NULL, n->first);
			}
			break;
		}
		case GAL_NODE_FIGURE:
			if (n->figure_kind != GAL_FIGURE_FORMULA && numbered(n))
				n->number = n->figure_kind == GAL_FIGURE_TABLE ? ++p->n_tab
									       : ++p->n_fig;
			give_id(p, n, "fig", ++p->n_fig_ids);
			break;
		case GAL_NODE_TABLE:
			if (numbered(n))
				n->number = ++p->n_tab;
			give_id(p, n, "tab", ++p->n_tab_ids);
			break;
		case GAL_NODE_FOOTNOTE:
			n->number = ++p->n_fn;
			if (!n->label)
				n->label = gal_doc_printf(doc, "%d", n->number);
			give_id(p, n, "fn", n->number);
			break;
		case GAL_NODE_REF:
			n->number = ++p->n_ref;
			if (!n->label)
				n->label = gal_doc_printf(doc, "%d", n->number);
			give_id(p, n, "ref", n->number);
			break;
		case GAL_NODE_IMAGE:
		case GAL_NODE_INLINE_IMAGE:
			if (!n->image) /* a collection brings its images along */
				load_image(p, n);
			break;
		case GAL_NODE_DOCUMENT: case GAL_NODE_BLOCKQUOTE: case GAL_NODE_ASIDE:
		case GAL_NODE_LIST: case GAL_NODE_ITEM: case GAL_NODE_TSECTION:
		case GAL_NODE_TROW: case GAL_NODE_BACK: case GAL_NODE_SUMMARY:
		case GAL_NODE_PARA: case GAL_NODE_HEADING: case GAL_NODE_PULLQUOTE:
		case GAL_NODE_PRE: case GAL_NODE_CAPTION: case GAL_NODE_CREDIT:
		case GAL_NODE_ATTRIBUTION: case GAL_NODE_TERM: case GAL_NODE_TCELL:
		case GAL_NODE_TITLE: case GAL_NODE_SUBTITLE: case GAL_NODE_SOURCE:
		case GAL_NODE_HR: case GAL_NODE_MATH_BLOCK: case GAL_NODE_TEXT:
		case GAL_NODE_EMPH: case GAL_NODE_STRONG: case GAL_NODE_CODE:
		case GAL_NODE_SUP: case GAL_NODE_SUB: case GAL_NODE_SMALLCAPS:
		case GAL_NODE_QUOTE: case GAL_NODE_LINK: case GAL_NODE_XREF:
		case GAL_NODE_CITE: case GAL_NODE_ABBR: case GAL_NODE_SPAN:
		case GAL_NODE_LINEBREAK: case GAL_NODE_MATH: case GAL_NODE_COUNT:
			/* any other node that carries an id stays linkable */
			if (n->id && !gal_doc_register_id(doc, n->id, n)) {
				warn(p, n, "duplicate-id", "duplicate id '%s'%s", n->id, "");
				n->id = NULL;
			}
			break;
		}
	}
}

/* A label that is only a number ("2", "S1", "3a", "1.2", "4."): the
 * source left the word to the typesetter. */
static int bare_number(const char *s)
{
	const char *c = s;
	if ((*c >= 'A' && *c <= 'Z') && c[1] >= '0' && c[1] <= '9')
		c++;                      /* S1, A2 */
	if (*c < '0' || *c > '9')
		return 0;
	while ((*c >= '0' && *c <= '9') || (*c == '.' && c[1] >= '0' && c[1] <= '9'))
		c++;
	if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z'))
		c++;                      /* 3a */
	if (*c == '.' || *c == ':')
		c++;
	return *c == '\0';
}

/* Figure and table labels: "Figure 3" where the source gave none and
 * there is a caption to attach them to, "Figure 2" where it gave only
 * the number; any other label stands as given ("Fig. 2"). */
static void label_floats(prep *p, gal_node *root)
{
	gal_iter it;
	gal_iter_init(&it, root);
	for (gal_node *n = gal_iter_enter(&it); n; n = gal_iter_enter(&it)) {
		if (!n->number)
			continue;
		if (n->type != GAL_NODE_FIGURE && n->type != GAL_NODE_TABLE)
			continue;
		if (n->label && !bare_number(n->label))
			continue;
		const gal_labels *l = &labels_for(n->eff_lang)->l;
		const char *word = n->type == GAL_NODE_TABLE ||
				   n->figure_kind == GAL_FIGURE_TABLE ? l->table : l->figure;
		if (n->label)
			n->label = gal_doc_printf(p->doc, "%s %s", word, n->label);
		else if (has_caption(n))
			n->label = gal_doc_printf(p->doc, "%s %d", word, n->number);
	}
}

/* ---- citation groups ----------------------------------------------------- */

/* Citations side by side ("[2]-[4]", "[1, 3]") are a group, and how a
 * publisher marks one is the text between them: a dash makes a range
 * from the citation before it to the last of the citations that touch
 * the one after it -- <18/>-<19/><20/> reads 18-20, the citations in
 * between kept only as links (suppressed) -- and a comma or semicolon
 * parts two items. A group of empty citations, whose words are ours to
 * give, reads as one bracketed list, "[18-20, 23]"; one where the
 * source gives the words keeps them, less the suppressed citations. */

static int is_dash(gunichar u)
{
	return u == '-' || (u >= 0x2010 && u <= 0x2014) || u == 0x2212;
}

/* A TEXT node of separators only (white space, commas, semicolons,
 * dashes); *dash tells whether it holds a dash. */
static int cite_sep(const gal_node *t, int *dash)
{
	*dash = 0;
	if (!t || t->type != GAL_NODE_TEXT || !t->literal ||
	    !g_utf8_validate(t->literal, -1, NULL))
		return 0;
	for (const char *c = t->literal; *c; c = g_utf8_next_char(c)) {
		gunichar u = g_utf8_get_char(c);
		if (is_dash(u))
			*dash = 1;
		else if (!g_unichar_isspace(u) && u != ',' && u != ';')
			return 0;
	}
	return 1;
}

/* The citation after c in its group, its separator in *sep (NULL when
 * the two touch); NULL at the end of the group. */
static gal_node *next_cite(gal_node *c, gal_node **sep)
{
	int dash;
	gal_node *n = c->next;
	*sep = NULL;
	if (n && cite_sep(n, &dash)) {
		*sep = n;
		n = n->next;
	}
	return n && n->type == GAL_NODE_CITE ? n : NULL;
}

static int first_cite(const gal_node *c)
{
	int dash;
	const gal_node *p = c->prev;
	if (p && cite_sep(p, &dash))
		p = p->prev;
	return !p || p->type != GAL_NODE_CITE;
}

/* Text s at the end of the TEXT before n, or a TEXT of its own there. */
static void text_before(gal_doc *doc, gal_node *n, const char *s)
{
	gal_node *t = n->prev;
	if (t && t->type == GAL_NODE_TEXT) {
		t->literal = gal_doc_printf(doc, "%s%s", t->literal, s);
		return;
	}
	t = gal_node_new(doc, GAL_NODE_TEXT, n->line, n->col);
	if (t) {
		t->literal = gal_doc_strdup(doc, s);
		gal_node_insert_before(n, t);
	}
}

/* Text s at the start of the TEXT after n, or a TEXT of its own there. */
static void text_after(gal_doc *doc, gal_node *n, const char *s)
{
	gal_node *t = n->next;
	if (t && t->type == GAL_NODE_TEXT) {
		t->literal = gal_doc_printf(doc, "%s%s", s, t->literal);
		return;
	}
	if (!t) {
		gal_node_add_text(doc, n->parent, s, (size_t)-1, n->line, n->col);
		return;
	}
	t = gal_node_new(doc, GAL_NODE_TEXT, n->line, n->col);
	if (t) {
		t->literal = gal_doc_strdup(doc, s);
		gal_node_insert_before(n->next, t);
	}
}

/* Whether the source brackets n itself: "[" just before, "]" just after. */
static int bracketed(const gal_node *first, const gal_node *last)
{
	const gal_node *a = first->prev, *b = last->next;
	if (!a || !b || a->type != GAL_NODE_TEXT || b->type != GAL_NODE_TEXT ||
	    !a->literal || !b->literal)
		return 0;
	size_t n = strlen(a->literal);
	return n && a->literal[n - 1] == '[' && b->literal[0] == ']';
}

static const char *cite_label(prep *p, const gal_node *c)
{
	const gal_node *t = gal_doc_lookup_id(p->doc, c->url);
	return t && t->type == GAL_NODE_REF && t->label ? t->label : c->url;
}

/* The group that starts at citation c. */
static void cite_group(prep *p, gal_node *c)
{
	gal_doc *doc = p->doc;
	gal_buf cites = GAL_BUF_INIT, seps = GAL_BUF_INIT;
	gal_node *sep = NULL;
	int any_text = 0;
	for (gal_node *n = c; n; n = next_cite(n, &sep)) {
		gal_buf_put(&cites, &n, sizeof n);
		gal_buf_put(&seps, &sep, sizeof sep);
		any_text |= n->first != NULL;
	}
	gal_node **v = (gal_node **)cites.data, **sv = (gal_node **)seps.data;
	size_t k = cites.len / sizeof *v;
	for (size_t i = 1; i < k; i++) {
		int dash;
		if (!sv[i] || !cite_sep(sv[i], &dash) || !dash)
			continue;
		size_t end = i;
		while (end + 1 < k && !sv[end + 1])
			end++;
		int all = 1;
		for (size_t m = i; m < end; m++) {
			if (v[m]->first) {
				all = 0;
				continue;
			}
			gal_node_unlink(v[m]);  /* suppressed */
			v[m] = NULL;
		}
		if (all && end > i) {
			sv[end] = sv[i];        /* the dash now stands before the range's end */
			sv[i] = NULL;
		}
		i = end;
	}
	if (k >= 2 && !any_text) {
		gal_node *first = NULL, *last = NULL;
		for (size_t i = 0; i < k; i++) {
			int dash;
			if (!v[i])
				continue;
			gal_node_add_text(doc, v[i], cite_label(p, v[i]), (size_t)-1,
					  v[i]->line, v[i]->col);
			if (first && !sv[i])
				text_before(doc, v[i], ", ");
			else if (first && cite_sep(sv[i], &dash) && dash)
				sv[i]->literal = "\u2013";
			if (!first)
				first = v[i];
			last = v[i];
		}
		if (!bracketed(first, last)) {
			text_before(doc, first, "[");
			text_after(doc, last, "]");
		}
	}
	gal_buf_free(&cites);
	gal_buf_free(&seps);
}

static void cite_groups(prep *p, gal_node *root)
{
	gal_buf all = GAL_BUF_INIT;
	gal_iter it;
	gal_iter_init(&it, root);
	for (gal_node *n = gal_iter_enter(&it); n; n = gal_iter_enter(&it)) {
		if (n->type == GAL_NODE_CITE)
			gal_buf_put(&all, &n, sizeof n);
	}
	gal_node **v = (gal_node **)all.data;
	for (size_t i = 0; i < all.len / sizeof *v; i++)
		if (v[i]->parent && first_cite(v[i]))
			cite_group(p, v[i]);
	gal_buf_free(&all);
}

/* An empty cross-reference or citation gets its words here, once, so
 * both outputs print the same: "Figure 2", a section's title, "[4]"
 * (a citation the source brackets itself: "4"). */
static void link_text(prep *p, gal_node *n)
{
	gal_doc *doc = p->doc;
	const gal_node *t = n->target;
	const char *s = NULL;
	if (!t)
		s = n->url;
	else if (t->type == GAL_NODE_REF && bracketed(n, n))
		s = t->label;
	else if (t->type == GAL_NODE_REF)
		s = gal_doc_printf(doc, "[%s]", t->label);
	else if ((t->type == GAL_NODE_SECTION || t->type == GAL_NODE_PART ||
		  t->type == GAL_NODE_ASIDE || t->type == GAL_NODE_REFS) &&
		 t->first && t->first->type == GAL_NODE_HEADING)
		s = gal_node_text(doc, t->first);
	else if (t->label)
		s = t->label;
	else
		s = gal_node_text(doc, t);
	if (s && *s)
		gal_node_add_text(doc, n, s, (size_t)-1, n->line, n->col);
}

static void resolve_links(prep *p, gal_node *root)
{
	gal_iter it;
	gal_iter_init(&it, root);
	for (gal_node *n = gal_iter_enter(&it); n; n = gal_iter_enter(&it)) {
		if (n->type == GAL_NODE_XREF || n->type == GAL_NODE_CITE) {
			n->target = gal_doc_lookup_id(p->doc, n->url);
			if (!n->target)
				warn(p, n, "broken-link", "no element with id '%s'%s",
				     n->url ? n->url : "", "");
			if (!n->first)
				link_text(p, n);
		} else if (n->type == GAL_NODE_FOOTNOTE) {
			/* notes in reading order, for "notes at the end" renderers */
			gal_doc *doc = p->doc;
			const gal_node **v = gal_doc_alloc(doc, (doc->n_notes + 1) * sizeof *v);
			if (doc->n_notes)
				memcpy(v, doc->notes, doc->n_notes * sizeof *v);
			v[doc->n_notes++] = n;
			doc->notes = v;
		}
	}
}

/* An identifier stable for the same content: the one the article gives,
 * else a name-based UUID (RFC 4122 v5 layout over SHA-256) of its text. */
static const char *derive_uid(gal_doc *doc)
{
	if (doc->meta.identifier && *doc->meta.identifier)
		return doc->meta.identifier;
	GChecksum *ck = g_checksum_new(G_CHECKSUM_SHA256);
	const char *t = doc->title_text;
	g_checksum_update(ck, (const guchar *)t, (gssize)strlen(t));
	const char *body = gal_node_text(doc, doc->root);
	g_checksum_update(ck, (const guchar *)body, (gssize)strlen(body));
	guint8 d[32];
	gsize dl = sizeof d;
	g_checksum_get_digest(ck, d, &dl);
	g_checksum_free(ck);
	d[6] = (guint8)((d[6] & 0x0f) | 0x50);
	d[8] = (guint8)((d[8] & 0x3f) | 0x80);
	return gal_doc_printf(doc,
		"urn:uuid:%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
		d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7], d[8], d[9], d[10],
		d[11], d[12], d[13], d[14], d[15]);
}

/* "A, B and C". A news byline keeps its title, after the names it
 * belongs to ("By Jo Smith, Staff Writer"; "A and B, Correspondents"):
 * there it is part of the byline, where a scholar's affiliation is
 * an address. */
static const char *join_authors(gal_doc *doc, const gal_meta *m, const label_set *ls,
				gal_format format)
{
	if (!m->n_authors)
		return NULL;
	int titles = format == GAL_FMT_NITF || format == GAL_FMT_NEWSML ||
		     format == GAL_FMT_NEWSML1;
	gal_buf b = GAL_BUF_INIT;
	for (size_t i = 0; i < m->n_authors; i++) {
		if (i)
			gal_buf_puts(&b, i + 1 == m->n_authors ? " " : ls->comma ? ls->comma : ", ");
		const char *name = m->authors[i].name ? m->authors[i].name : "";
		if (i && i + 1 == m->n_authors)
			gal_buf_printf(&b, "%s%s", ls->and_word,
				       !ls->and_other ? " " :
				       gal_text_dir(name, strlen(name)) == GAL_BIDI_RTL ? "" :
				       ls->and_other);
		gal_buf_puts(&b, name);
		const char *aff = m->authors[i].affiliation;
		const char *next = i + 1 < m->n_authors ? m->authors[i + 1].affiliation : NULL;
		if (titles && aff && *aff && !(next && !strcmp(next, aff)))
			gal_buf_printf(&b, "%s%s", ls->comma ? ls->comma : ", ", aff);
	}
	const char *s = gal_doc_strdup(doc, b.data);
	gal_buf_free(&b);
	return s;
}

/* "12 articles" for a collection (parts that stand for articles), with
 * the plural its language asks for; NULL for anything else. */
static const char *articles_text(gal_doc *doc, const label_set *ls)
{
	long n = 0;
	for (const gal_node *c = doc->root->first; c; c = c->next)
		n += c->type == GAL_NODE_PART && c->part_meta;
	if (!n)
		return NULL;
	const char *word = ls->article_many;
	if (!strcmp(ls->lang, "ru")) {
		long d = n % 10, dd = n % 100;
		if (d == 1 && dd != 11)
			word = ls->article_one;
		else if (d >= 2 && d <= 4 && (dd < 12 || dd > 14))
			word = ls->article_few;
	} else if (n == 1) {
		word = ls->article_one;
	}
	return gal_doc_printf(doc, "%ld %s", n, word);
}

/* ---- directions ------------------------------------------------------------- */

/* What a direction is decided within: the document, an article of a
 * collection or a news message. */
static int is_article_root(const gal_node *n)
{
	return n->type == GAL_NODE_DOCUMENT || (n->type == GAL_NODE_PART && n->part_meta);
}

/* The direction of the language given on n or on a node around it inside
 * its article; none when no language is given there. */
static int given_dir(const gal_node *n)
{
	for (; n && !is_article_root(n); n = n->parent)
		if (n->lang)
			return gal_lang_dir(n->lang);
	return GAL_BIDI_NONE;
}

/* The direction of the first strong character of n's text, footnotes
 * (flows of their own) left out. */
static int text_dir(const gal_node *n)
{
	gal_bidi_scan st = { 0 };
	gal_iter it;
	gal_iter_init(&it, n);
	for (const gal_node *c = gal_iter_enter(&it); c; c = gal_iter_enter(&it)) {
		if (c != n && c->type == GAL_NODE_FOOTNOTE) {
			gal_iter_skip_children(&it);
		} else if (c->type == GAL_NODE_TEXT && c->literal) {
			int d = gal_bidi_first_strong(&st, c->literal, strlen(c->literal));
			if (d != GAL_BIDI_NONE)
				return d;
		}
	}
	return GAL_BIDI_NONE;
}

/* A block's direction (gal_prep's rule), `art` its article's and `up`
 * the block's around it. Preformatted text is code unless its language
 * or its letters say otherwise: it does not follow the article. */
static int block_rtl(const gal_node *n, int art, int up)
{
	int d = given_dir(n);
	if (d == GAL_BIDI_NONE && art && n->type != GAL_NODE_PRE)
		return 1;
	if (d == GAL_BIDI_NONE)
		d = text_dir(n);
	if (d == GAL_BIDI_NONE)
		return n->type == GAL_NODE_PRE ? 0 : up;
	return d == GAL_BIDI_RTL;
}

/* Every node of the tree at root, in an article whose direction is
 * `art` (a metadata tree's root stands in its article's direction). */
static void directions(gal_node *root, int art)
{
	gal_iter it;
	gal_iter_init(&it, root);
	for (gal_node *n = gal_iter_enter(&it); n; n = gal_iter_enter(&it)) {
		int up = n == root || !n->parent ? art : n->parent->rtl;
		const gal_node *a = n;
		while (a != root && a->parent && !is_article_root(a))
			a = a->parent;
		int in_art = is_article_root(a) && a != n ? a->rtl : art;
		if (is_article_root(n))
			n->rtl = gal_lang_dir(n->eff_lang) == GAL_BIDI_RTL;
		else if (gal_node_is_inline(n->type) && n->type != GAL_NODE_FOOTNOTE)
			n->rtl = up;
		else
			n->rtl = block_rtl(n, in_art, up);
		if (n->type == GAL_NODE_PART && n->part_meta) {
			gal_meta *m = n->part_meta;
			gal_node *trees[] = { m->title, m->subtitle, m->source, m->summary,
					      m->abstract };
			for (size_t i = 0; i < sizeof trees / sizeof *trees; i++)
				if (trees[i])
					directions(trees[i], n->rtl);
		}
	}
}

static void directions_all(gal_doc *doc)
{
	gal_meta *m = &doc->meta;
	directions(doc->root, 0);
	gal_node *trees[] = { m->title, m->subtitle, m->source, m->summary, m->abstract };
	for (size_t i = 0; i < sizeof trees / sizeof *trees; i++)
		if (trees[i])
			directions(trees[i], doc->root->rtl);
}

/* ---- typographic punctuation ------------------------------------------------ */

/* Typewriter punctuation becomes a typesetter's. Straight quotes typed
 * for curly ones ("like this", it's) become the language's marks: "x"
 * its outer pair, 'x' its inner pair, and an apostrophe U+2019; whether a
 * mark opens or closes depends on the character before it, across inline
 * boundaries within a block. A hyphen between spaces, which is never a
 * hyphen, becomes an en dash. Code, preformatted text and math keep
 * their characters. */
typedef struct smart {
	gal_doc *doc;
	const gal_labels *l;
	gunichar prev;            /* 0 at the start of a block */
	gal_buf out;
} smart;

static int opens_after(gunichar c)
{
	return c == 0 || g_unichar_isspace(c) || c == '(' || c == '[' || c == '{' ||
	       c == '<' || c == '/' || c == '-' || c == 0x2013 || c == 0x2014 ||
	       c == 0x201c || c == 0x201e || c == 0x2018 || c == 0x201a || c == 0xab ||
	       c == 0x2039;
}

static void smart_text(smart *q, gal_node *t)
{
	const char *s = t->literal;
	if (!s || !g_utf8_validate(s, -1, NULL))
		return;
	int changed = 0;
	q->out.len = 0;
	for (const char *c = s; *c; c++) {
		/* text up to the next quote or hyphen goes as it is */
		size_t run = strcspn(c, "\"'-");
		if (run) {
			gal_buf_put(&q->out, c, run);
			q->prev = g_utf8_get_char(g_utf8_prev_char(c + run));
			c += run;
			if (!*c)
				break;
		}
		gunichar u = (unsigned char)*c;
		gunichar next = c[1] ? g_utf8_get_char(c + 1) : 0;
		const char *mark = NULL;
		if (u == '-' && (q->prev == 0 || q->prev == ' ') && next == ' ') {
			mark = "\u2013";
		} else if (u == '"') {
			mark = opens_after(q->prev) ? q->l->quote_open : q->l->quote_close;
		} else if (u == '\'') {
			if (g_unichar_isalnum(q->prev) && g_unichar_isalpha(next))
				mark = "\u2019";          /* it's, l'homme */
			else if (opens_after(q->prev) && g_unichar_isdigit(next))
				mark = "\u2019";          /* the '90s */
			else
				mark = opens_after(q->prev) ? q->l->quote2_open :
							      q->l->quote2_close;
		}
		if (mark) {
			gal_buf_puts(&q->out, mark);
			changed = 1;
		} else {
			gal_buf_putc(&q->out, *c);
		}
		q->prev = mark ? g_utf8_get_char(g_utf8_prev_char(mark + strlen(mark))) : u;
	}
	if (changed)
		t->literal = gal_doc_strndup(q->doc, q->out.data, q->out.len);
}

static void smart_walk(smart *q, gal_node *n)
{
	const gal_labels *saved = q->l;
	if (n->type == GAL_NODE_PART && n->part_meta)
		q->l = &n->part_meta->labels;
	switch (n->type) {
	case GAL_NODE_TEXT:
		smart_text(q, n);
		break;
	case GAL_NODE_CODE:
	case GAL_NODE_MATH:
	case GAL_NODE_INLINE_IMAGE:
		q->prev = 'x';            /* a word: what follows closes */
		break;
	case GAL_NODE_PRE:
	case GAL_NODE_MATH_BLOCK:
		break;
	case GAL_NODE_LINEBREAK:
		q->prev = ' ';
		break;
	case GAL_NODE_FOOTNOTE: {
		/* a flow of its own */
		gunichar at = q->prev;
		q->prev = 0;
		for (gal_node *c = n->first; c; c = c->next)
			smart_walk(q, c);
		q->prev = at;
		break;
	}
	default:
		if (!gal_node_is_inline(n->type))
			q->prev = 0;          /* each block starts afresh */
		for (gal_node *c = n->first; c; c = c->next)
			smart_walk(q, c);
		if (!gal_node_is_inline(n->type))
			q->prev = 0;
		break;
	}
	q->l = saved;
}

static void smart_punct(prep *p)
{
	const gal_style *st = p->opts ? p->opts->style : NULL;
	if (st && !st->smart_punct)
		return;
	gal_meta *m = &p->doc->meta;
	smart q = { .doc = p->doc, .l = &p->doc->labels, .out = GAL_BUF_INIT };
	gal_node *roots[] = { p->doc->root, m->title, m->subtitle, m->source,
			      m->summary, m->abstract };
	for (size_t i = 0; i < sizeof roots / sizeof *roots; i++)
		if (roots[i]) {
			q.prev = 0;
			smart_walk(&q, roots[i]);
		}
	gal_buf_free(&q.out);
}

static void prep_meta_node(prep *p, gal_node *n)
{
	if (!n)
		return;
	walk(p, n, p->doc->meta.lang);
	resolve_links(p, n);
}

/* ---- a news item's rights ------------------------------------------------------ */

static int is_news(gal_format f)
{
	return f == GAL_FMT_NITF || f == GAL_FMT_NEWSML || f == GAL_FMT_NEWSML1;
}

/* A news item's rights line ("Copyright Business Wire 2021") closes its
 * text, as papers print it, unless the text already says it: agencies
 * send it as metadata only, and the reader of the item is owed it. Before
 * its notes, if it has any. */
static void rights_line(gal_doc *doc, gal_node *article, const gal_meta *m)
{
	if (!is_news(m->format) || !m->rights || !*m->rights)
		return;
	const char *all = gal_node_text(doc, article);
	if (all && strstr(all, m->rights))
		return;
	gal_node *para = gal_node_new(doc, GAL_NODE_PARA, 0, 0);
	if (!para || !gal_node_add_text(doc, para, m->rights, (size_t)-1, 0, 0))
		return;
	gal_node *last = article->last;
	if (last && last->type == GAL_NODE_BACK)
		gal_node_insert_before(last, para);
	else
		gal_node_append_child(article, para);
}

/* Each item of a package first, then the document: a package whose items
 * all print its rights does not print them again. */
static void rights_lines(gal_doc *doc)
{
	gal_iter it;
	gal_event ev;
	gal_iter_init(&it, doc->root);
	while ((ev = gal_iter_next(&it)) != GAL_EV_DONE) {
		gal_node *n = (gal_node *)gal_iter_node(&it);
		if (ev == GAL_EV_EXIT && n->type == GAL_NODE_PART && n->part_meta)
			rights_line(doc, n, n->part_meta);
	}
	gal_meta top = doc->meta;
	top.format = doc->format;
	rights_line(doc, doc->root, &top);
}

int gal_prep(gal_doc *doc, const gal_opts *opts, gal_err *err)
{
	prep p = { .doc = doc, .opts = opts, .err = err };
	gal_meta *m = &doc->meta;
	int rc = opts ? gal_doc_override_meta(doc, opts->meta, err) : 0;
	if (rc)
		return rc;
	if (!m->lang || !*m->lang)
		m->lang = "en";
	const label_set *ls = labels_for(m->lang);
	doc->labels = ls->l;
	adjust_quotes(&doc->labels, m->lang);

	rights_lines(doc);
	/* the body first, so its ids win over ids repeated in metadata */
	walk(&p, doc->root, m->lang);
	prep_meta_node(&p, m->title);
	prep_meta_node(&p, m->subtitle);
	prep_meta_node(&p, m->source);
	prep_meta_node(&p, m->summary);
	prep_meta_node(&p, m->abstract);
	label_floats(&p, doc->root);
	cite_groups(&p, doc->root);
	resolve_links(&p, doc->root);
	smart_punct(&p);
	directions_all(doc);

	if (m->cover_src && !m->cover) {
		const char *why = NULL;
		m->cover = gal_image_load(doc, m->cover_src, opts, &why);
		if (m->cover->status != GAL_IMG_OK)
			warn(&p, NULL, "missing-image", "cover '%s': %s", m->cover_src,
			     why ? why : "cannot be used");
	}

	for (size_t i = 0; i < m->n_authors; i++)
		m->authors[i].href = norm_url(doc, m->authors[i].href);

	const char *title = m->title ? gal_node_text(doc, m->title) : "";
	m->date_text = gal_date_text(doc, m->date, m->lang);
	doc->articles_text = articles_text(doc, ls);
	/* a collection without a title of its own goes by its size */
	doc->title_text = *title ? title : doc->articles_text ? doc->articles_text : "Untitled";
	doc->author_text = join_authors(doc, m, ls, doc->format);
	doc->uid = derive_uid(doc);
	return p.status;
}
