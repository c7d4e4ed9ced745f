# Every sample through both renderers, checked with the real validators:
# epubcheck, xmllint, qpdf --check, pdffonts, pdfinfo, and text fidelity
# (every word of the article, in order) with ../shared/tools/fidelity.py.
FIDELITY=$(shared_dir tools)/fidelity.py
# without it the fidelity checks cannot run: a failure, not a skip
[ -f "$FIDELITY" ] || echo "FAIL samples: no $FIDELITY, word fidelity not checked"
export SOURCE_DATE_EPOCH=1700000000
mkdir -p "$TMP/out"
check "samples convert" "$GALLEY" -q -o "$TMP/out/" "$TOP/samples/"

for x in "$TOP"/samples/*.xml; do
	n=$(basename "$x" .xml)
	pdf=$TMP/out/$n.pdf epub=$TMP/out/$n.epub
	check "$n.pdf exists" test -s "$pdf"
	check "$n.epub exists" test -s "$epub"
	check "$n qpdf --check" qpdf --check "$pdf"
	pdffonts "$pdf" >"$TMP/fonts" 2>&1
	# columns: name type encoding emb sub uni object ID
	check "$n fonts embedded and subset" sh -c "tail -n +3 '$TMP/fonts' | awk '{ if (\$(NF-4) != \"yes\" || \$(NF-3) != \"yes\") bad=1 } END { exit bad }' && [ \$(tail -n +3 '$TMP/fonts' | wc -l) -gt 0 ]"
	pdfinfo "$pdf" >"$TMP/info" 2>&1
	check "$n tagged" grep -q '^Tagged: *yes' "$TMP/info"
	check "$n has a title" grep -q '^Title: *[^ ]' "$TMP/info"
	if [ -f "$FIDELITY" ]; then
		$PYTHON "$FIDELITY" "$x" --pdf "$pdf" --epub "$epub" >"$TMP/fid" 2>&1
		# footnotes move to the page foot and figures float (PDF), notes go to the end of the
		# chapter (EPUB), so order is exact only for articles without them
		pmin=0.93 emin=0.90; grep -q '<fn>' "$x" || pmin=1.0 emin=1.0
		# pdftotext glues a sub- or superscript to its base ("Hs", "102")
		# where the source's words are "H s" and "10 2"
		rmin=1.0; grep -q '<su[bp]>' "$x" && rmin=0.99
		check "$n pdf words all there" awk -v min=$rmin '/^pdf/ { split($2, a, "="); if (a[2] + 0 < min + 0) bad = 1 } END { exit bad }' "$TMP/fid"
		check "$n epub words all there" grep -q '^epub recall=1.0000' "$TMP/fid"
		check "$n pdf words in order" awk -v min=$pmin '/^pdf/ { split($3, a, "="); if (a[2] + 0 < min + 0) bad = 1 } END { exit bad }' "$TMP/fid"
		check "$n epub words in order" awk -v min=$emin '/^epub/ { split($3, a, "="); if (a[2] + 0 < min + 0) bad = 1 } END { exit bad }' "$TMP/fid"
	fi
	rm -rf "$TMP/x"; mkdir "$TMP/x"
	(cd "$TMP/x" && unzip -q "$epub")
	check "$n xhtml well-formed" sh -c "find '$TMP/x' -name '*.xhtml' | xargs xmllint --noout"
	check "$n mimetype first and stored" sh -c "unzip -v '$epub' | sed -n 4p | grep -q 'Stored.*mimetype'"
done

# the figure's alt text on its Figure structure element (the post-pass)
qpdf --qdf --object-streams=disable "$TMP/out/harbour-lights.pdf" "$TMP/hl.qdf" 2>/dev/null
check "harbour-lights Figure /Alt" grep -qa '/Alt (Bar chart: cargo fell from about 3.1 million tonnes' "$TMP/hl.qdf"
qpdf --qdf --object-streams=disable "$TMP/out/stadtwerke-solar.pdf" "$TMP/sw.qdf" 2>/dev/null
check "stadtwerke-solar /Lang (de)" grep -qa '/Lang (de)' "$TMP/sw.qdf"
check "stadtwerke-solar German alt text" grep -qai '/Alt <FEFF004400E4' "$TMP/sw.qdf"

# epubcheck: about 3 s each; two at a time
ls "$TMP"/out/*.epub | xargs -P 2 -I{} sh -c \
	'java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -jar /usr/share/java/epubcheck.jar "{}" >"{}.check" 2>&1; echo $? >"{}.rc"'
for e in "$TMP"/out/*.epub; do
	n=$(basename "$e" .epub)
	check "$n epubcheck exit 0" grep -qx 0 "$e.rc"
	check "$n epubcheck no errors or warnings" grep -q 'No errors or warnings detected' "$e.check"
	grep -E '^(ERROR|WARNING|FATAL)' "$e.check" | head -5 >&2
done

# reproducible: same bytes whatever TZ, locale and run
x=$TOP/samples/harbour-lights.xml
mkdir -p "$TMP/r1" "$TMP/r2"
TZ=UTC LC_ALL=C "$GALLEY" -q -o "$TMP/r1/" "$x"
TZ=Asia/Tokyo LC_ALL=C.UTF-8 "$GALLEY" -q -o "$TMP/r2/" "$x"
check "pdf reproducible across TZ" cmp "$TMP/r1/harbour-lights.pdf" "$TMP/r2/harbour-lights.pdf"
check "epub reproducible across TZ" cmp "$TMP/r1/harbour-lights.epub" "$TMP/r2/harbour-lights.epub"

# data_dir DIR PART: a data directory for $GALLEY_DATA with the source
# tree's styles, fonts, schema, xml and hyph, but PART its own, empty
data_dir() {
	mkdir -p "$1/$2"
	for part in styles fonts schema xml hyph; do
		[ "$part" = "$2" ] || ln -s "$TOP/$part" "$1/$part"
	done
}

# compiled hyphenation dictionaries (make writes them to hyph/): the German
# sample comes out the same from a data directory whose compiled form is
# fresh, from one with none, and from one whose compiled form is damaged
G=$TOP/samples/stadtwerke-solar.xml
for d in fresh none damaged; do
	data_dir "$TMP/data-$d" hyph
done
check "--hyphenation-cache writes the compiled form" "$GALLEY" --hyphenation-cache "$TMP/data-fresh/hyph"
check "a compiled German dictionary" test -s "$TMP/data-fresh/hyph/hyph_de_DE.dic.galhyph"
cp "$TMP/data-fresh/hyph/hyph_de_DE.dic.galhyph" "$TMP/data-damaged/hyph/"
printf 'GALHYPH1 damaged' | dd of="$TMP/data-damaged/hyph/hyph_de_DE.dic.galhyph" bs=1 seek=4096 conv=notrunc 2>/dev/null
for d in fresh none damaged; do
	GALLEY_DATA=$TMP/data-$d "$GALLEY" -q -t pdf -o "$TMP/hyph-$d.pdf" "$G"
done
check "compiled and pattern dictionaries set the same PDF" cmp "$TMP/hyph-fresh.pdf" "$TMP/hyph-none.pdf"
check "a damaged compiled dictionary is read from its patterns" cmp "$TMP/hyph-damaged.pdf" "$TMP/hyph-none.pdf"

# the faces PDF output embeds, copied without their hinting (make writes
# them to fonts/pdf): the pages are the same, pixel for pixel and word for
# word, as with the faces themselves, and the file is smaller; copies whose
# faces have changed since are not used, so the PDF is the faces' own
H=$TOP/samples/harbour-lights.xml
for d in copies none stale; do
	data_dir "$TMP/font-$d" fonts
	ln -s "$TOP/fonts/fonts.conf" "$TOP/fonts/cache" "$TMP/font-$d/fonts/"
done
mkdir -p "$TMP/font-copies/fonts/pdf" "$TMP/font-stale/fonts/pdf"
check "--pdf-font-cache writes the copies" "$GALLEY" --pdf-font-cache "$TMP/font-copies/fonts/pdf"
ln -s "$TMP/font-copies/fonts/pdf/"*.ttf "$TMP/font-stale/fonts/pdf/"
awk -F '\t' -v OFS='\t' '{ $3 = $3 + 1; print }' "$TMP/font-copies/fonts/pdf/faces.tsv" >"$TMP/font-stale/fonts/pdf/faces.tsv"
for d in copies none stale; do
	GALLEY_DATA=$TMP/font-$d "$GALLEY" -q -t pdf -o "$TMP/font-$d.pdf" "$H"
	pdftotext "$TMP/font-$d.pdf" "$TMP/font-$d.txt"
	pdftoppm -r 60 -png "$TMP/font-$d.pdf" "$TMP/font-$d-page"
done
check "a copy of Charis SIL" test -s "$TMP/font-copies/fonts/pdf/CharisSIL-Regular.ttf"
check "copies: the same text" cmp "$TMP/font-copies.txt" "$TMP/font-none.txt"
for p in "$TMP"/font-none-page-*.png; do
	check "copies: the same $(basename "$p" | sed 's/font-none-//')" cmp "$p" "$(echo "$p" | sed 's/font-none-/font-copies-/')"
done
check "copies: a smaller PDF" test "$(wc -c <"$TMP/font-copies.pdf")" -lt "$(($(wc -c <"$TMP/font-none.pdf") * 9 / 10))"
check "stale copies are not used" cmp "$TMP/font-stale.pdf" "$TMP/font-none.pdf"
