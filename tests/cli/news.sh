# News (NITF, NewsML-G2, NewsML 1): the news headers as people read them
# in both outputs, and every news file of the corpora converts. What the
# importers make of small inputs is in tests/spec (nitf.txt, newsml.txt,
# newsml1.txt).

# ---- dates: in the article's language, never a raw ISO timestamp; the
# EPUB keeps the ISO date for machines in <time datetime>
news_date() {   # news_date NAME LANG ISO-DATE
	cat >"$TMP/$1.xml" <<EOF
<nitf xml:lang="$2"><head><docdata><date.issue norm="$3"/></docdata></head><body><body.head>
<hedline><hl1>Harbour</hl1></hedline></body.head><body.content><p>Text.</p></body.content></body></nitf>
EOF
	expect_status 0 "$GALLEY" -q -o "$TMP/$1/" "$TMP/$1.xml" &&
	pdftotext "$TMP/$1/$1.pdf" "$TMP/$1.txt" &&
	unzip -p "$TMP/$1/$1.epub" '*.xhtml' >"$TMP/$1.xhtml"
}
news_date en en 20170102T222800Z
check "date in English in the PDF" grep -qx '2 January 2017, 22:28 UTC' "$TMP/en.txt"
check "date in English in the EPUB, ISO for machines" \
	grep -q '<time datetime="2017-01-02T22:28:00Z">2 January 2017, 22:28 UTC</time>' "$TMP/en.xhtml"
check "no ISO date printed" sh -c "! grep -q 2017-01-02 '$TMP/en.txt'"
news_date de de 20170102T222800+0100
check "date in German with its zone" grep -qx '2. Januar 2017, 22:28 UTC+1' "$TMP/de.txt"
check "date in German in the EPUB" \
	grep -q '<time datetime="2017-01-02T22:28:00+01:00">2. Januar 2017, 22:28 UTC+1</time>' "$TMP/de.xhtml"
news_date fr fr-FR 20170301
check "date in French, first of the month" grep -qx '1er mars 2017' "$TMP/fr.txt"
news_date es es 20170302T0930-0330
check "date in Spanish, zone with minutes" grep -qx '2 de marzo de 2017, 09:30 UTC−3:30' "$TMP/es.txt"
news_date nl nl 20190129T124550
check "date in Dutch without a zone" grep -qx '29 januari 2019, 12:45' "$TMP/nl.txt"
check "a time without a zone: the day for machines" \
	grep -q '<time datetime="2019-01-29">29 januari 2019, 12:45</time>' "$TMP/nl.xhtml"
news_date free en Tuesday
check "a date that is not ISO is printed as given" grep -qx 'Tuesday' "$TMP/free.txt"
