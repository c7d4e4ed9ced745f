# The PDF side from the command line: layout trace, structure, fonts,
# links and outline, paper sizes, page limit, margins, reproducibility.
export SOURCE_DATE_EPOCH=1700000000
cat >"$TMP/in.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<article xml:lang="en" id="ferries">
  <head>
    <title>Ferries return to the islands</title>
    <subtitle>The first sailing since the storm left half full</subtitle>
    <author>Ana Ferreira</author>
    <date>2026-11-28</date>
    <keywords><keyword>ferries</keyword><keyword>storm</keyword></keywords>
  </head>
  <body>
    <p>The office of the harbour master said the affluent districts would wait.
    The first ferry left the <em>north quay</em> at seven<fn>Timetable from the
    operator.</fn>, see <xref to="sec-times"/> and
    <a href="https://example.org/ferries">the operator's notice</a>.</p>
    <section id="sec-times">
      <title>Sailings</title>
      <list type="bullet"><item>North quay, 07:00 and 15:00.</item>
      <item>East quay: closed.</item></list>
      <pre>quay   first  last
north  07:00  15:00 and a very long line that cannot fit in the measure of the page at all, so it must shrink or wrap</pre>
      <table><caption>Sailings by quay</caption>
        <thead><tr><th>Quay</th><th>First</th><th>Last</th></tr></thead>
        <tbody><tr><td>North</td><td>07:00</td><td>15:00</td></tr>
        <tr><td>East</td><td colspan="2">closed</td></tr></tbody></table>
    </section>
    <section><title>Further away</title>
      <p>The island ferries follow on Tuesday, weather permitting.</p>
    </section>
  </body>
</article>
EOF
# a long article: many sections of many paragraphs
{
	echo '<article><head><title>Long</title></head><body>'
	i=0
	while [ $i -lt 40 ]; do
		echo "<section><title>Part $i</title>"
		j=0
		while [ $j -lt 6 ]; do
			echo "<p>Paragraph $i.$j: the harbour authority said the channel would stay closed until the survey was finished, and the ferry operators said they would wait for the figures before deciding.</p>"
			j=$((j+1))
		done
		echo "</section>"
		i=$((i+1))
	done
	echo '</body></article>'
} >"$TMP/long.xml"

expect_status 0 "$GALLEY" -q -t pdf -o "$TMP/a.pdf" "$TMP/in.xml"
check "pdf written" test -s "$TMP/a.pdf"
check "qpdf --check" qpdf --check "$TMP/a.pdf"
pdfinfo "$TMP/a.pdf" >"$TMP/info" 2>&1
check "tagged" grep -q '^Tagged: *yes' "$TMP/info"
check "title" grep -q '^Title: *Ferries return to the islands' "$TMP/info"
check "author" grep -q '^Author: *Ana Ferreira' "$TMP/info"
check "subject" grep -q '^Subject: *The first sailing since the storm' "$TMP/info"
check "keywords" grep -q '^Keywords: *ferries, storm' "$TMP/info"
check "creator" grep -q '^Creator: *galley' "$TMP/info"
check "dates from SOURCE_DATE_EPOCH in UTC" grep -q '^CreationDate: *Tue Nov 14 22:13:20 2023 UTC' "$TMP/info"
check "a4 by default" grep -q '^Page size: *595.276 x 841.89' "$TMP/info"
pdffonts "$TMP/a.pdf" >"$TMP/fonts" 2>&1
check "every font embedded and subset" sh -c "tail -n +3 '$TMP/fonts' | awk '{ if (\$(NF-4) != \"yes\" || \$(NF-3) != \"yes\") bad=1 } END { exit bad }'"
check "only our fonts" sh -c "tail -n +3 '$TMP/fonts' | awk '{print \$1}' | sed 's/^[A-Z]*+//' | grep -v -E '^(CharisSIL|NotoSans|NotoSerif|NotoMono|NotoNaskh|NotoKufi|NotoSansCJK|NotoSerifCJK)' | grep -q . && exit 1 || exit 0"
pdftotext "$TMP/a.pdf" "$TMP/a.txt"
# ligatures copy out as letters (Charis has ffi/ff ligatures)
check "ligatures copy out" grep -q 'office of the harbour master said the affluent' "$TMP/a.txt"
check "words in order" grep -q 'The first ferry left the north quay at seven' "$TMP/a.txt"
check "footnote text at the foot" grep -q 'Timetable from the operator' "$TMP/a.txt"
# (the source's straight apostrophe is set as one: smart-punctuation)
check "link text" sh -c "tr '\\n' ' ' <'$TMP/a.txt' | grep -q \"operator’s notice\""
# links: one external URI, internal links to named destinations
qpdf --qdf --object-streams=disable "$TMP/a.pdf" "$TMP/a.qdf" 2>/dev/null
check "external link" grep -qa 'https://example.org/ferries' "$TMP/a.qdf"
check "internal links" grep -qa '/Dest (sec-times)' "$TMP/a.qdf"
pdfinfo -dests "$TMP/a.pdf" >"$TMP/dests" 2>&1
check "destination for the section" grep -q 'sec-times' "$TMP/dests"
check "destination for the footnote" grep -q 'fn-1' "$TMP/dests"
check "outline" grep -qa '/Outlines' "$TMP/a.qdf"
check "outline entry" grep -qa '(1 Sailings)' "$TMP/a.qdf"
# what cairo cannot write, added by the post-pass: language, XMP, a title
# shown by viewers, a file /ID, reading order by structure for link pages
check "catalog /Lang" grep -qa '/Lang (en)' "$TMP/a.qdf"
check "viewer shows the title" grep -qa '/DisplayDocTitle true' "$TMP/a.qdf"
check "XMP metadata" sh -c "pdfinfo -meta '$TMP/a.pdf' | grep -q '<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">Ferries return to the islands'"
check "trailer /ID" sh -c "qpdf --show-object=trailer '$TMP/a.pdf' | grep -q '/ID \['"
check "link pages tab by structure" grep -qa '/Tabs /S' "$TMP/a.qdf"
check "structure: headings" grep -qa '/S /H2' "$TMP/a.qdf"
check "structure: table" grep -qa '/S /TH' "$TMP/a.qdf"
check "structure: list" grep -qa '/S /LBody' "$TMP/a.qdf"
check "structure: note" grep -qa '/S /Note' "$TMP/a.qdf"
# nothing past the right margin: every word's box inside the page's text area
pdftotext -bbox "$TMP/a.pdf" "$TMP/bbox.html"
check "no text past the margin" awk -F'"' '/<word/ { if ($6 + 0 > 595.276 - 70.8 + 0.5) bad = 1 } END { exit bad }' "$TMP/bbox.html"

# layout trace
expect_status 0 "$GALLEY" -q -t layout -o "$TMP/a.layout" "$TMP/in.xml"
check "layout trace" grep -q '^page 1 595.3x841.9' "$TMP/a.layout"
check "layout trace lines" grep -q '^  line .*The first ferry' "$TMP/a.layout"

# paper sizes
expect_status 0 "$GALLEY" -q -t pdf --paper letter -o "$TMP/l.pdf" "$TMP/in.xml"
check "letter paper" sh -c "pdfinfo '$TMP/l.pdf' | grep -q '^Page size: *612 x 792'"
expect_status 0 "$GALLEY" -q -t pdf --paper a5 -o "$TMP/a5.pdf" "$TMP/long.xml"
check "a5 paper" sh -c "pdfinfo '$TMP/a5.pdf' | grep -q '^Page size: *419.52[0-9]* x 595.27'"

# long documents: running heads and folios, page limit
expect_status 0 "$GALLEY" -q -t pdf -o "$TMP/long.pdf" "$TMP/long.xml"
pages=$(pdfinfo "$TMP/long.pdf" | awk '/^Pages:/ {print $2}')
check "long article has pages" test "${pages:-0}" -gt 5
pdftotext -f 2 -l 2 "$TMP/long.pdf" "$TMP/p2.txt"
check "running head on page 2" grep -q 'LONG' "$TMP/p2.txt"
check "folio on page 2" grep -qx '2' "$TMP/p2.txt"
pdftotext -f 1 -l 1 "$TMP/long.pdf" "$TMP/p1.txt"
check "no folio on page 1" sh -c "! grep -qx '1' '$TMP/p1.txt'"
expect_status 1 "$GALLEY" -q -t pdf --limit pages=2 -o "$TMP/lim.pdf" "$TMP/long.xml"
check "page limit leaves no file" test ! -e "$TMP/lim.pdf"
check "two columns (magazine)" "$GALLEY" -q -t pdf -s magazine -o "$TMP/m.pdf" "$TMP/long.xml"
check "magazine qpdf --check" qpdf --check "$TMP/m.pdf"
# the columns of the last page are evened out by laying out again; the
# report's page count is the kept layout's, also under a page limit that
# the attempts may reach
for lim in 0 1 2 3; do
	rm -f "$TMP/mr.json" "$TMP/mr.pdf"
	if [ "$lim" = 0 ]; then set --; else set -- --limit "pages=$lim"; fi
	"$GALLEY" -q -t pdf -s magazine "$@" --report "$TMP/mr.json" -o "$TMP/mr.pdf" "$TMP/long.xml" 2>/dev/null
	[ -f "$TMP/mr.pdf" ] || continue
	check "magazine report pages = pdf pages (limit $lim)" sh -c "[ \"\$(python3 -c \"import json; print(json.load(open('$TMP/mr.json'))['inputs'][0]['pages'])\")\" = \"\$(pdfinfo '$TMP/mr.pdf' | awk '/^Pages:/ {print \$2}')\" ]"
done

# standard output, and the same bytes whatever TZ says
TZ=UTC "$GALLEY" -q -t pdf -o - "$TMP/in.xml" >"$TMP/s1.pdf"
TZ=Pacific/Kiritimati "$GALLEY" -q -t pdf -o - "$TMP/in.xml" >"$TMP/s2.pdf"
check "pdf to stdout" sh -c "head -c 5 '$TMP/s1.pdf' | grep -q '%PDF-'"
check "same bytes across TZ" cmp "$TMP/s1.pdf" "$TMP/s2.pdf"
check "same bytes as the file" cmp "$TMP/s1.pdf" "$TMP/a.pdf"

# raised and lowered runs: a script space parts them from the letters they
# touch, so text extraction sees the source's words (T 1, not T1)
cat >"$TMP/sub.xml" <<'EOF2'
<article><head><title>Scripts</title></head><body>
<p>The interval T<sub>1</sub> grew, 10 cells ml<sup>-1</sup> were seen and
E<sub>2</sub>-treated mice lived<fn>Two cohorts.</fn> longer; x<sup>2</sup>, H<sub>2</sub>O.</p>
</body></article>
EOF2
expect_status 0 "$GALLEY" -q -t pdf -o "$TMP/sub.pdf" "$TMP/sub.xml"
pdftotext "$TMP/sub.pdf" "$TMP/sub.txt"
check "subscript parted from its base" grep -q 'interval T 1 grew' "$TMP/sub.txt"
check "superscript parted from its base" grep -q 'cells ml -1 were' "$TMP/sub.txt"
check "subscript parted from a hyphen" grep -q 'E 2 -treated' "$TMP/sub.txt"
check "note call parted from its word" grep -q 'lived 1' "$TMP/sub.txt"
check "nothing added before punctuation" grep -q 'x 2, H 2 O\.' "$TMP/sub.txt"

# a word is not hyphenated across a page break where a line less will do
{
	echo '<article><head><title>Long</title></head><body>'
	i=0
	while [ $i -lt 40 ]; do
		printf '<p>Paragraph %d:' $i
		j=0
		while [ $j -lt $((i % 5 + 2)) ]; do
			printf ' characteristically incomprehensible administrative responsibilities notwithstanding, internationally coordinated transportation authorities reconsidered'
			j=$((j+1))
		done
		echo ' arrangements.</p>'
		i=$((i+1))
	done
	echo '</body></article>'
} >"$TMP/hy.xml"
expect_status 0 "$GALLEY" -q -t layout -o "$TMP/hy.layout" "$TMP/hy.xml"
check "no page ends in a hyphen" awk '
	/^page / { if (last ~ /\xc2\xad" w=/) bad = 1; last = ""; furn = 0 }
	/^  --/ { furn = 1 }
	/^  line / { if (!furn) last = $0 }
	END { exit bad }' "$TMP/hy.layout"

# a rowspan ends with its row group: the body row under a one-row head
# with rowspan="2" starts in the first column
cat >"$TMP/rs.xml" <<'EOF2'
<article><head><title>Spans</title></head><body>
<table><thead><tr><th rowspan="2">Protein</th><th>Ratio</th></tr></thead>
<tbody><tr><td>Ypt7p</td><td>4</td></tr></tbody></table>
</body></article>
EOF2
expect_status 0 "$GALLEY" -q -t layout -o "$TMP/rs.layout" "$TMP/rs.xml"
check "rowspan stops at the row group" sh -c "
	xp=\$(awk '/\"Protein\"/ {print \$2}' '$TMP/rs.layout')
	xy=\$(awk '/\"Ypt7p\"/ {print \$2}' '$TMP/rs.layout')
	test -n \"\$xp\" && test \"\$xp\" = \"\$xy\""

# a table too wide for the measure even at the style's smallest table type
# goes on a turned page of its own; the text goes on, upright, after it
python3 - "$TMP/wide.xml" <<'PY'
import sys
cols = 14
head = ''.join(f'<th>Measurement{k}</th>' for k in range(cols))
rows = ''.join('<tr>' + ''.join(f'<td>value-{r}-{k}-{"x" * 6}</td>' for k in range(cols)) + '</tr>' for r in range(6))
open(sys.argv[1], 'w').write(f'''<article><head><title>Wide</title></head><body>
<p>Before the table.</p>
<table><caption>Fourteen columns</caption><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>
<p>After the table.</p>
</body></article>''')
PY
expect_status 0 "$GALLEY" -q -t layout -o "$TMP/wide.layout" "$TMP/wide.xml"
check "wide table: one landscape table" grep -q "landscape-tables=1" "$TMP/wide.layout"
check "wide table: its page is turned" sh -c "grep '^page' '$TMP/wide.layout' | grep -q '841.9x595.3'"
check "wide table: the text after it is upright" sh -c "
	awk '/^page/ {size=\$3} /After the table/ {print size}' '$TMP/wide.layout' | grep -q '^595.3x841.9\$'"
expect_status 0 "$GALLEY" -q -t pdf -o "$TMP/wide.pdf" "$TMP/wide.xml"
check "wide table: qpdf --check" qpdf --check "$TMP/wide.pdf"
check "wide table: pdfinfo sees the turned page" sh -c "pdfinfo -l 9 '$TMP/wide.pdf' | grep -q 'size: *841.89 x 595.276'"
check "wide table: the last column is on the turned page" sh -c "
	pdftotext -f 2 -l 2 '$TMP/wide.pdf' - | grep -q 'value-5-13'"

# a footnote longer than the room under its call is split: what fits
# stays at the foot of the calling page, the rest opens the next page's
python3 - "$TMP/fn.xml" <<'PY'
import sys
long = ' '.join(['The survey notes record every sounding taken along the eastern channel, with the date, the tide and the name of the crew.'] * 60)
open(sys.argv[1], 'w').write(f'''<article><head><title>Notes</title></head><body>
<p>A paragraph that calls a very long note.<fn>{long}</fn> The text goes on after the call and fills the rest of the page with ordinary words.</p>
<p>Another paragraph follows it, and then the page ends.</p>
</body></article>''')
PY
expect_status 0 "$GALLEY" -q -t layout -o "$TMP/fn.layout" "$TMP/fn.xml"
check "long footnote: split once" grep -q "split-notes=1" "$TMP/fn.layout"
check "long footnote: no widow, no orphan" sh -c "grep -q '^widows 0' '$TMP/fn.layout' && grep -q '^orphans 0' '$TMP/fn.layout'"
check "long footnote: its start on page 1, its rest on page 2" sh -c "
	awk '/^page/ {p=\$2} /<Note>/ {print p}' '$TMP/fn.layout' | tr '\n' ' ' | grep -q '^1 2 \$'"
check "long footnote: nothing below the bottom margin but the folio" sh -c "
	awk '/^  line/ && \$4 + 0 > 780 && \$5 !~ /^\"[0-9]+\"\$/ {bad=1} END {exit bad}' '$TMP/fn.layout'"

# a table longer than a page: its head again under "Table 1 (continued)",
# copied out of the PDF; a listing's wrapped line carries the mark
python3 - "$TMP/long.xml" <<'PY'
import sys
rows = ''.join(f'<tr><td>Station {i}</td><td>{10 + i}.{i % 10}</td></tr>' for i in range(90))
code = 'tools/build -b bbootsect bsetup compressed/bvmlinux.out $(ROOT_DEV) &gt; bzImage; ' * 3
open(sys.argv[1], 'w').write(f'''<article><head><title>Readings</title></head><body>
<pre>{code}</pre>
<table><caption>Readings</caption><thead><tr><th>Station</th><th>Reading</th></tr></thead>
<tbody>{rows}</tbody></table></body></article>''')
PY
expect_status 0 "$GALLEY" -q -t pdf -o "$TMP/long.pdf" "$TMP/long.xml"
check "continued table: 'Table 1 (continued)' on page 2" sh -c "
	pdftotext -f 2 -l 2 '$TMP/long.pdf' - | grep -q 'Table 1 (continued)'"
check "continued table: not on page 1" sh -c "
	! pdftotext -f 1 -l 1 '$TMP/long.pdf' - | grep -q '(continued)'"
check "listing: a wrapped line carries the continuation mark" sh -c "
	pdftotext '$TMP/long.pdf' - | grep -q '↪'"

# ---- every word in marked content: cairo marks only leaves, so words
# beside a link, a formula or a label go in Spans of their own ----
cp "$TOP/tests/data/red.png" "$TMP/red.png"
cat >"$TMP/mixed.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<article xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:mml="http://www.w3.org/1998/Math/MathML">
<front><article-meta><title-group><article-title>Marked</article-title></title-group></article-meta></front>
<body>
<p>Before the link <ext-link xlink:href="https://example.org/">example</ext-link> after it, see
<xref ref-type="fig" rid="f1"/>, with <inline-formula><mml:math><mml:msup><mml:mi>x</mml:mi><mml:mn>2</mml:mn></mml:msup></mml:math></inline-formula> in the line<xref ref-type="fn" rid="n1"/>.</p>
<disp-formula id="e1"><label>(1)</label><mml:math display="block"><mml:mi>E</mml:mi><mml:mo>=</mml:mo><mml:mi>m</mml:mi><mml:msup><mml:mi>c</mml:mi><mml:mn>2</mml:mn></mml:msup></mml:math></disp-formula>
<list list-type="bullet"><list-item><p>An item with <ext-link xlink:href="https://example.org/a">a link</ext-link> in it.</p></list-item></list>
<fig id="f1"><label>Figure 1</label><caption><p>A red square, <ext-link xlink:href="https://example.org/r">linked</ext-link>.</p></caption><graphic xlink:href="red.png"/></fig>
<table-wrap id="t1"><label>Table 1</label><caption><p>Cells</p></caption><table><tr><td>A cell <ext-link xlink:href="https://example.org/c">link</ext-link> here</td><td>Plain</td></tr></table></table-wrap>
</body>
<back><fn-group><fn id="n1"><p>A note with <ext-link xlink:href="https://example.org/n">a link</ext-link> in it.</p></fn></fn-group></back>
</article>
EOF
expect_status 0 "$GALLEY" -q -t pdf -o "$TMP/mixed.pdf" "$TMP/mixed.xml"
check "tagging: one page, no running head" sh -c "pdfinfo '$TMP/mixed.pdf' | grep -q '^Pages: *1$'"
check "tagging: no word, formula or image outside marked content" \
	python3 "$TOP/tests/pdfmarked.py" "$TMP/mixed.pdf"
check "tagging: the words beside the link are a Span's" sh -c "
	qpdf --qdf --object-streams=disable '$TMP/mixed.pdf' - | grep -a -c '/S /Span' | grep -q -v '^0$'"
check "tagging: qpdf --check" qpdf --check "$TMP/mixed.pdf"
