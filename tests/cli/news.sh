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

# ---- bylines keep their title, in both outputs (news formats only)
cat >"$TMP/by.xml" <<'EOF2'
<nitf><body><body.head><hedline><hl1>Harbour</hl1></hedline>
<byline>By<person>Staff Reporter</person>,<byttl>BusinessDesk</byttl></byline></body.head>
<body.content><p>Text.</p></body.content></body></nitf>
EOF2
expect_status 0 "$GALLEY" -q -s magazine -o "$TMP/by/" "$TMP/by.xml"
pdftotext "$TMP/by/by.pdf" "$TMP/by.txt"
unzip -p "$TMP/by/by.epub" '*.xhtml' >"$TMP/by.xhtml"
check "byline with its title in the PDF" grep -qix 'By Staff Reporter, BusinessDesk' "$TMP/by.txt"
check "byline with its title in the EPUB" grep -q '<p class="byline">By Staff Reporter, BusinessDesk</p>' "$TMP/by.xhtml"

# ---- NewsML 1 in ISO-8859-15, sniffed by its root; its words survive
printf '<?xml version="1.0" encoding="ISO-8859-15"?>\n<NewsML><NewsItem><NewsComponent xml:lang="nl"><NewsLines><HeadLine>Ziekenhuis ge\353vacueerd</HeadLine></NewsLines><ContentItem><DataContent>Steven &lt;b&gt;Van Geel&lt;/b&gt; in Belgi\353 voor \244 5.</DataContent></ContentItem></NewsComponent></NewsItem></NewsML>\n' >"$TMP/n1.xml"
check "NewsML 1 sniffed" expect_status 0 "$GALLEY" -q -t dump -o "$TMP/n1.dump" "$TMP/n1.xml"
check "NewsML 1 format" grep -q '^format newsml1' "$TMP/n1.dump"
check "ISO-8859-15 characters read" grep -q 'text " in België voor € 5."' "$TMP/n1.dump"
check "escaped HTML read as HTML" grep -q '^      text "Van Geel"' "$TMP/n1.dump"
check "packageItem sniffed as NewsML-G2" expect_status 0 "$GALLEY" -q -t dump -o "$TMP/pk.dump" \
	"$(shared_dir corpus2)/nitf/iptc-g2-listing6-packageitem-root.xml"
check "package listing" grep -q 'text "Obama annonce son équipe"' "$TMP/pk.dump"

# ---- every news file of the corpora converts; epubcheck on a NewsML-G2
# package and on a NewsML 1 file in two languages
corpus_files "$(shared_dir corpus)" nitf
news=$CORPUS_FILES
corpus_files "$(shared_dir corpus2)" nitf
for x in $news $CORPUS_FILES; do
	n=$(basename "$x" .xml)
	check "news $n converts" expect_status 0 "$GALLEY" -q -o "$TMP/corpus/" "$x"
	check "news $n has a title" sh -c "'$GALLEY' -q -t dump -o - '$x' | grep -q '^title:'"
done
for n in reuters-g2-package-vatican-video belga-newsml12-iso8859-15-nl-fr; do
	$EPUBCHECK "$TMP/corpus/$n.epub" >"$TMP/$n.check" 2>&1
	check "epubcheck clean: $n" grep -q 'No errors or warnings detected' "$TMP/$n.check"
done
