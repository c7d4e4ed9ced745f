# EPUB output: the EPUBs the unit test built through the builder API
# (every node type, an empty document, embedded fonts) and, through the
# command line, samples and corpus files; each checked with xmllint
# (every XHTML, the NCX and the OPF), the OCF rules, and epubcheck (zero
# errors and zero warnings), two at a time.
export SOURCE_DATE_EPOCH=1700000000
mkdir -p "$TMP/ep"
# test_epub writes them to build/unit/ of the source tree whatever $BUILD is
for f in "$TOP"/build/unit/test_epub*.epub; do
	[ -f "$f" ] && cp "$f" "$TMP/ep/"
done
check "unit test left its EPUBs" test -f "$TMP/ep/test_epub.epub"

if [ -x "$GALLEY" ]; then
	x=$TOP/samples/harbour-lights.xml
	check "sample to epub" "$GALLEY" -q -t epub -o "$TMP/ep/harbour.epub" "$x"
	check "embedded fonts" "$GALLEY" -q -t epub --embed-fonts -o "$TMP/ep/harbour-fonts.epub" "$x"
	check "embedded fonts are in the package" sh -c "unzip -l '$TMP/ep/harbour-fonts.epub' | grep -q 'OEBPS/fonts/.*\.ttf'"
	# subsets of the faces the book uses, obfuscated: by the IDPF
	# algorithm they come back as faces fontconfig reads, each a small
	# part of its face
	mkdir -p "$TMP/fonts"
	python3 - "$TMP/ep/harbour-fonts.epub" "$TMP/fonts" <<'PY' >"$TMP/fonts.txt" 2>&1
import hashlib, re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
uid = re.search(r'<dc:identifier id="uid">([^<]*)<', z.read('OEBPS/content.opf').decode()).group(1)
key = hashlib.sha1(re.sub(r'[ \t\r\n]', '', uid).encode()).digest()
enc = z.read('META-INF/encryption.xml').decode()
for name in z.namelist():
    if not name.startswith('OEBPS/fonts/'):
        continue
    assert 'URI="%s"' % name in enc, name + ' is not in encryption.xml'
    d = bytearray(z.read(name))
    for i in range(min(1040, len(d))):
        d[i] ^= key[i % 20]
    open(sys.argv[2] + '/' + name.split('/')[-1], 'wb').write(d)
    print(name, len(d))
PY
	check "embedded fonts: listed in encryption.xml" test -s "$TMP/fonts.txt"
	check "embedded fonts: de-obfuscated, faces fontconfig reads" sh -c \
		"fc-query '$TMP/fonts/CharisSIL-Regular.ttf' | grep -q 'fullname: \"Charis SIL\"'"
	check "embedded fonts: a subset of the face" sh -c \
		"[ \$(stat -c %s '$TMP/fonts/CharisSIL-Regular.ttf') -lt 100000 ]"
	check "embedded fonts: no face the book does not use" sh -c \
		"! unzip -l '$TMP/ep/harbour-fonts.epub' | grep -q 'NotoSansMono-Bold\|NotoSans-Italic'"
	check "no fonts without --embed-fonts" sh -c "! unzip -l '$TMP/ep/harbour.epub' | grep -q 'OEBPS/fonts/'"
	"$GALLEY" -q -t epub -o - "$x" >"$TMP/stdout.epub" 2>/dev/null
	check "stdout gives the same bytes" cmp "$TMP/stdout.epub" "$TMP/ep/harbour.epub"
	TZ=Pacific/Kiritimati LC_ALL=C "$GALLEY" -q -t epub -o "$TMP/tz.epub" "$x"
	check "same bytes whatever TZ" cmp "$TMP/tz.epub" "$TMP/ep/harbour.epub"
	check "dcterms:modified from SOURCE_DATE_EPOCH" sh -c \
		"unzip -p '$TMP/ep/harbour.epub' OEBPS/content.opf | grep -q '>2023-11-14T22:13:20Z<'"
	# the references are numbered alike in both outputs
	"$GALLEY" -q -t pdf -o "$TMP/refs.pdf" "$x"
	pdftotext "$TMP/refs.pdf" - | sed -n '/^References$/,$p' |
		grep -oE '^[0-9]+\. [A-Z][a-z]+' >"$TMP/refs.pdf.txt"
	unzip -p "$TMP/ep/harbour.epub" OEBPS/text.xhtml |
		grep -o '<span class="ref-label">[^<]*</span>[A-Z][a-z]*' | sed 's/<[^>]*>//g' >"$TMP/refs.epub.txt"
	check "references numbered alike in the PDF and the EPUB" sh -c \
		"[ \$(wc -l <'$TMP/refs.pdf.txt') -ge 2 ] && cmp '$TMP/refs.pdf.txt' '$TMP/refs.epub.txt'"
	# the navigation's own words in the document's language
	check "German sample to epub" "$GALLEY" -q -t epub -o "$TMP/ep/stadtwerke.epub" "$TOP/samples/stadtwerke-solar.xml"
	check "landmarks named in the document's language" sh -c \
		"unzip -p '$TMP/ep/stadtwerke.epub' OEBPS/nav.xhtml | grep -q '<h2 id=\"landmarks-title\">Orientierungspunkte</h2>'"
	# one file of each other vocabulary the corpus has (a missing corpus
	# folder is a FAIL line, never a silent skip)
	C=$(shared_dir corpus)
	for v in jats docbook nitf; do
		corpus_files "$C" "$v"
		f=$(printf '%s\n' $CORPUS_FILES | sort | head -1)
		[ -n "$f" ] || continue
		"$GALLEY" -q -t epub -o "$TMP/ep/corpus-$v.epub" "$f" 2>/dev/null
		check "corpus $v to epub" test -s "$TMP/ep/corpus-$v.epub"
	done
fi

for e in "$TMP"/ep/*.epub; do
	n=$(basename "$e" .epub)
	rm -rf "$TMP/x"; mkdir "$TMP/x"
	(cd "$TMP/x" && unzip -q "$e")
	check "$n xhtml, ncx and opf well-formed" sh -c \
		"find '$TMP/x' -name '*.xhtml' -o -name '*.ncx' -o -name '*.opf' | xargs xmllint --noout"
	check "$n mimetype first and stored" sh -c "unzip -v '$e' | sed -n 4p | grep -q 'Stored.*mimetype\$'"
	check "$n nav has no empty list" sh -c "! tr -d '\n' <'$TMP/x/OEBPS/nav.xhtml' | grep -q '<ol> *</ol>'"
	check "$n every img has alt" sh -c "! cat '$TMP'/x/OEBPS/*.xhtml | grep -o '<img [^>]*>' | grep -v ' alt=\"'"
done

ls "$TMP"/ep/*.epub | xargs -P 2 -I{} sh -c \
	'java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -jar /usr/share/java/epubcheck.jar "{}" >"{}.check" 2>&1; echo $? >"{}.rc"'
for e in "$TMP"/ep/*.epub; do
	n=$(basename "$e" .epub)
	check "$n epubcheck exit 0" grep -qx 0 "$e.rc"
	check "$n epubcheck: no errors or warnings" grep -q 'No errors or warnings detected' "$e.check"
	grep -E '^(ERROR|WARNING|FATAL)' "$e.check" | head -5 >&2
done
