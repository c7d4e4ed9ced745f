# Pictures in the line (INLINE_IMAGE), both outputs from one JATS
# article: an icon with alt text, a decorative icon, a picture larger
# than the letters, and one that cannot be found. The PDF draws each in
# marked content, a Figure with its /Alt (none for the decorative one),
# standing on the baseline, the line grown for the large one rather than
# overlapping the line above; the EPUB has each <img> with its alt
# inside its paragraph, the files packaged, epubcheck clean.
export SOURCE_DATE_EPOCH=1700000000
mkdir -p "$TMP/in"
cp "$TOP/tests/data/red.png" "$TMP/in/"
# a 240 x 160 picture: 180 x 120 pt at 96 dpi, taller than a line
python3 - "$TMP/in/chart.png" <<'PY'
import struct, sys, zlib
w, h = 240, 160
raw = b''.join(b'\0' + bytes(v for x in range(w) for v in (x, y, 128)) for y in range(h))
def chunk(t, d):
    return struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d))
open(sys.argv[1], 'wb').write(b'\x89PNG\r\n\x1a\n' +
    chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, 8, 2, 0, 0, 0)) +
    chunk(b'IDAT', zlib.compress(raw)) + chunk(b'IEND', b''))
PY
cat >"$TMP/in/pics.xml" <<'EOF'
<article xmlns:xlink="http://www.w3.org/1999/xlink"><front><article-meta><title-group><article-title>Inline pictures</article-title></title-group></article-meta></front>
<body><p>The ferry was rated <inline-graphic xlink:href="red.png"><alt-text>four stars</alt-text></inline-graphic> by readers, and a dot <inline-graphic xlink:href="red.png"/> marks the quay.</p>
<p>The timetable follows in full for every sailing of the week, with the notes of the harbour master on each crossing the storm cancelled.</p>
<p>The chart <inline-graphic xlink:href="chart.png"><alt-text>sailings by day</alt-text></inline-graphic> shows the sailings.</p>
<p>A lost picture <inline-graphic xlink:href="lost.png"/> stays in its place.</p></body></article>
EOF
d=$TMP/in
check "converts, exit 0" expect_status 0 "$GALLEY" -o "$TMP/res/" "$d/pics.xml"
check "a missing picture warns as a figure's does" grep -q "lost.png.*\[missing-image\]" "$TMP/err"

pdf=$TMP/res/pics.pdf
pdfimages -list "$pdf" >"$TMP/images.txt" 2>&1
check "the PDF draws the three pictures" sh -c \
	"[ \$(grep -c ' image ' '$TMP/images.txt') = 3 ] && grep -q ' 240 *160 ' '$TMP/images.txt'"
check "every picture in marked content" $PYTHON "$TOP/tests/pdfmarked.py" "$pdf"
qpdf --qdf --object-streams=disable "$pdf" - 2>/dev/null | tr -d '\r' >"$TMP/qdf.txt"
check "Figures with their alt text" sh -c \
	"grep -q '/Alt (four stars)' '$TMP/qdf.txt' && grep -q '/Alt (sailings by day)' '$TMP/qdf.txt'"
# the decorative dot is no Figure: two pictures and the placeholder are
check "the decorative icon is no Figure" sh -c \
	"[ \$(grep -c '/S /Figure' '$TMP/qdf.txt') = 3 ]"
pdftotext "$pdf" - | tr -s ' \n' '  ' >"$TMP/text.txt"
check "the words around a picture in order" grep -q \
	"rated by readers, and a dot marks the quay" "$TMP/text.txt"
check "the words around the large picture in order" grep -q \
	"The chart shows the sailings" "$TMP/text.txt"

# the layout: an icon stands on its line's baseline, the text's size
# (0.9 em); the chart, wider than half the measure, on a line of its
# own that grows for it: it starts below the baseline of the line above
# and clears its descenders, and ends a line's depth above the next
"$GALLEY" -t layout -o - "$d/pics.xml" 2>/dev/null >"$TMP/layout.txt"
awk '
	$1 == "line" {
		if (icon && ($3 - icon > 0.15 || icon - $3 > 0.15)) fail = 1
		if (chart) below = $3 - chart
		icon = chart = 0; prev = $3
	}
	$1 == "image" && $5 < 12 { icons++; icon = $3 + $5; if ($5 < 8 || $5 > 11) fail = 1 }
	$1 == "image" && $5 > 50 { chart = $3 + $5; above = $3 - prev }
	END { exit !(icons == 3 && !fail && above > 2 && below > 8) }
' "$TMP/layout.txt"
check "icons on the baseline at the text's size, the chart on a line of its own" test $? = 0

# EPUB: the <img> in its paragraph with alt, the files in the manifest
ep=$TMP/res/pics.epub
unzip -p "$ep" OEBPS/text.xhtml >"$TMP/text.xhtml"
check "EPUB: the icon's img with its alt, in the paragraph" grep -q \
	'rated <img class="inline" src="images/[^"]*" alt="four stars"' "$TMP/text.xhtml"
check "EPUB: a decorative icon's alt is empty" grep -q \
	'a dot <img class="inline" src="images/[^"]*" alt=""' "$TMP/text.xhtml"
check "EPUB: the chart with its alt and size" grep -q \
	'alt="sailings by day" style="width: 180.00pt"' "$TMP/text.xhtml"
check "EPUB: the lost picture is a framed note" grep -q \
	'<span class="img-missing inline">lost.png</span>' "$TMP/text.xhtml"
check "EPUB: both files in the manifest" sh -c \
	"[ \$(unzip -p '$ep' OEBPS/content.opf | grep -c 'href=\"images/img-[^\"]*png\" media-type=\"image/png\"') = 2 ]"
$EPUBCHECK "$ep" >"$TMP/epubcheck.txt" 2>&1
check "EPUB: epubcheck clean" grep -q "No errors or warnings detected" "$TMP/epubcheck.txt"
