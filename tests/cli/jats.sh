# JATS importer: every corpus JATS file imports (exit 0) and keeps its
# words in the model; --from jats; list numbering and words across
# styles in the outputs; code listings inside a paragraph in the PDF and
# the EPUB. What the importer makes of small inputs is in
# tests/spec/jats.txt.
corpus_files "$(shared_dir corpus)" jats
for f in $CORPUS_FILES; do
	n=$(basename "$f" .xml)
	check "jats import $n" expect_status 0 "$GALLEY" -q -t dump -o - "$f"
	check "jats format $n" grep -q '^format jats' "$TMP/out"
done
# word recall of the model against fidelity.py's source words
# (python3-lxml, ../shared/tools): a check that cannot run fails
if [ -n "$CORPUS_FILES" ]; then
	$PYTHON "$TOP/tests/model_recall.py" --galley "$GALLEY" $CORPUS_FILES >"$TMP/recall" 2>&1
	check "jats model recall >= 0.995" awk '
		/^recall=/ { split($1, a, "="); if (a[2] + 0 < 0.995) bad = 1; n++ }
		/^FAIL/ { bad = 1 }
		END { exit bad || n == 0 }' "$TMP/recall"
	grep -v '^recall=\|^   missing' "$TMP/recall" | head -5 | sed 's/^/  /' >&2
fi
check "jats --from jats" expect_status 0 "$GALLEY" -q -f jats -t dump -o - "$TOP/tests/golden/jats/body.xml"
# a display formula's label (its equation number) is printed in both outputs
expect_status 0 "$GALLEY" -q -o "$TMP/fl/" "$TOP/tests/golden/jats/floats.xml"
pdftotext "$TMP/fl/floats.pdf" "$TMP/fl.txt"
check "jats formula label in the PDF" grep -qx '(1)' "$TMP/fl.txt"
unzip -p "$TMP/fl/floats.epub" '*.xhtml' >"$TMP/fl.xhtml"
check "jats formula label in the EPUB" grep -q '<span class="math-label">(1)</span><math' "$TMP/fl.xhtml"
# list numbering: alphabetic and roman markers, continued-from, simple
# lists and items with their own labels without a marker, in both outputs
expect_status 0 "$GALLEY" -q -o "$TMP/ls/" "$TOP/tests/golden/jats/lists.xml"
pdftotext "$TMP/ls/lists.pdf" "$TMP/ls.txt"
check "jats list lower-alpha" grep -qx 'b\. ketches' "$TMP/ls.txt"
check "jats list continued-from" grep -qx 'c\. schooners' "$TMP/ls.txt"
check "jats list upper-alpha" grep -qx 'B\. East quay' "$TMP/ls.txt"
check "jats list lower-roman" grep -qx 'iv\. fourth tide' "$TMP/ls.txt"
check "jats list upper-roman" grep -qx 'II\. Part two' "$TMP/ls.txt"
check "jats list simple: no marker" grep -qx 'no marker here' "$TMP/ls.txt"
check "jats list own labels: no second marker" grep -qx '(x) its own label' "$TMP/ls.txt"
unzip -p "$TMP/ls/lists.epub" '*.xhtml' >"$TMP/ls.xhtml"
check "jats list epub type and start" grep -q '<ol type="a" start="3" class="lower-alpha">' "$TMP/ls.xhtml"
check "jats list epub roman" grep -q '<ol type="i" class="lower-roman"[ >]' "$TMP/ls.xhtml"
check "jats list epub simple" grep -q '<ul class="plain">' "$TMP/ls.xhtml"
$EPUBCHECK "$TMP/ls/lists.epub" >"$TMP/ls.check" 2>&1
check "jats list epubcheck clean" grep -q '0 fatals / 0 errors / 0 warnings' "$TMP/ls.check"
# a collection keeps the list numbering
expect_status 0 "$GALLEY" -q --collection Boats -t dump -o "$TMP/coll.dump" "$TOP/tests/golden/jats/lists.xml"
check "jats list numbering in a collection" grep -q 'list type=ordered numbering=lower-roman' "$TMP/coll.dump"
# a change of style inside a word is not a word boundary: the PDF text
# keeps the word whole (the EPUB text, split at each element, does not
# show this), and a space between two styled runs stays a space
cat >"$TMP/inword.xml" <<'EOF2'
<article><front><article-meta><title-group><article-title>Crosses</article-title></title-group></article-meta></front>
<body><p>The <italic>alba</italic>x<italic>nigra</italic> cross.</p>
<p>Corrected <italic>p</italic>-values.</p>
<p>The <underline>sea</underline>wall held.</p>
<p>An <bold>un</bold>common <italic>tide</italic> <bold>table</bold>.</p></body></article>
EOF2
expect_status 0 "$GALLEY" -q -t pdf -o "$TMP/inword.pdf" "$TMP/inword.xml"
pdftotext "$TMP/inword.pdf" "$TMP/inword.txt"
check "jats italic, roman, italic in one word" grep -qx 'The albaxnigra cross\.' "$TMP/inword.txt"
check "jats italic letter before a hyphen" grep -qx 'Corrected p-values\.' "$TMP/inword.txt"
check "jats underlined start of a word" grep -qx 'The seawall held\.' "$TMP/inword.txt"
check "jats bold start of a word, spaced styled runs" grep -qx 'An uncommon tide table\.' "$TMP/inword.txt"
# PMC's <articles>: every article, bound as a collection, each a part
# with its own metadata (byline, front matter), in both outputs
cat >"$TMP/arts.xml" <<'EOF2'
<articles>
<article xml:lang="en"><front><journal-meta><journal-title-group><journal-title>Tides</journal-title></journal-title-group></journal-meta><article-meta><title-group><article-title>First tide</article-title></title-group>
<contrib-group><contrib contrib-type="author"><name><surname>Okafor</surname><given-names>Ada</given-names></name></contrib></contrib-group>
<history><date date-type="received"><day>1</day><month>9</month><year>2020</year></date></history></article-meta></front>
<body><p>The sea rose.</p></body></article>
<article xml:lang="de"><front><journal-meta><journal-title-group><journal-title>Tides</journal-title></journal-title-group></journal-meta><article-meta><title-group><article-title>Zweite Flut</article-title></title-group>
<contrib-group><contrib contrib-type="author"><name><surname>Weber</surname><given-names>Jan</given-names></name></contrib></contrib-group>
<history><date date-type="received"><day>2</day><month>9</month><year>2020</year></date></history></article-meta></front>
<body><p>Das Meer stieg.</p></body></article>
</articles>
EOF2
expect_status 0 "$GALLEY" -q -o "$TMP/arts/" "$TMP/arts.xml"
pdftotext "$TMP/arts/arts.pdf" "$TMP/arts.txt"
unzip -p "$TMP/arts/arts.epub" '*.xhtml' >"$TMP/arts.xhtml"
for w in 'First tide' 'Zweite Flut' 'The sea rose' 'Das Meer stieg' 'Received: 1 September 2020' 'Eingegangen: 2. September 2020'; do
	check "jats articles: '$w' in the PDF" grep -q "$w" "$TMP/arts.txt"
	check "jats articles: '$w' in the EPUB" grep -q "$w" "$TMP/arts.xhtml"
done
check "jats articles: each byline in the PDF" sh -c "grep -qi 'Ada Okafor' '$TMP/arts.txt' && grep -qi 'Jan Weber' '$TMP/arts.txt'"
$EPUBCHECK "$TMP/arts/arts.epub" >"$TMP/arts.check" 2>&1
check "jats articles epubcheck clean" grep -q '0 fatals / 0 errors / 0 warnings' "$TMP/arts.check"
# an item that starts with a list keeps its own marker, before the inner
# list's first one
cat >"$TMP/nest.xml" <<'EOF2'
<article><front><article-meta><title-group><article-title>Nests</article-title></title-group></article-meta></front><body>
<list list-type="order"><list-item><list list-type="alpha-lower"><list-item><p>inner first</p></list-item><list-item><p>inner second</p></list-item></list></list-item><list-item><p>outer second</p></list-item></list>
</body></article>
EOF2
expect_status 0 "$GALLEY" -q -t pdf -o "$TMP/nest.pdf" "$TMP/nest.xml"
pdftotext "$TMP/nest.pdf" "$TMP/nest.txt"
check "jats list: an item opening with a list keeps its marker" grep -qx '1\. a\. inner first' "$TMP/nest.txt"
check "jats list: the next outer item is 2" grep -qx '2\. outer second' "$TMP/nest.txt"
# code with lines of its own inside a paragraph is a listing: its lines
# kept in the PDF (not run together and justified), a <pre> with its
# language in the EPUB, and the text after it goes on unindented
cat >"$TMP/code.xml" <<'EOF2'
<article><front><article-meta><title-group><article-title>Builds</article-title></title-group></article-meta></front>
<body><p>The first paragraph says what the build needs and where its sources come from, at some length.</p>
<p>Run this in the top folder of the sources:<code language="sh">./configure --prefix=/usr
  make install
ls -l /usr/bin/galley</code> and the rest of the paragraph goes on after the listing, unindented.</p></body></article>
EOF2
expect_status 0 "$GALLEY" -q -o "$TMP/code/" "$TMP/code.xml"
pdftotext -layout "$TMP/code/code.pdf" "$TMP/code.txt"
check "jats code in a paragraph: PDF line one" grep -qx ' *\./configure --prefix=/usr' "$TMP/code.txt"
check "jats code in a paragraph: PDF indented line kept" awk '
	/\.\/configure/ { c = index($0, ".") }
	/make install$/ { m = index($0, "m") }
	END { exit !(c && m == c + 2) }' "$TMP/code.txt"
check "jats code in a paragraph: PDF line three" grep -qx ' *ls -l /usr/bin/galley' "$TMP/code.txt"
check "jats code in a paragraph: PDF text after unindented" grep -q '^and the rest of the' "$TMP/code.txt"
unzip -p "$TMP/code/code.epub" '*.xhtml' >"$TMP/code.xhtml"
check "jats code in a paragraph: EPUB pre" grep -qx '<pre data-language="sh">\./configure --prefix=/usr' "$TMP/code.xhtml"
check "jats code in a paragraph: EPUB lines" grep -qx '  make install' "$TMP/code.xhtml"
check "jats code in a paragraph: EPUB text after" grep -qx '<p>and the rest of the paragraph goes on after the listing, unindented\.</p>' "$TMP/code.xhtml"
$EPUBCHECK "$TMP/code/code.epub" >"$TMP/code.check" 2>&1
check "jats code in a paragraph: epubcheck clean" grep -q '0 fatals / 0 errors / 0 warnings' "$TMP/code.check"
