# DocBook, NITF and NewsML-G2 importers: every corpus file of those
# vocabularies imports (exit 0, a non-empty model), warnings are what we
# expect, and --from picks the importer.
CORPUS=$TOP/../shared/corpus
G=$TOP/tests/golden
for x in "$CORPUS"/docbook/*.xml "$CORPUS"/nitf/*.xml; do
	[ -f "$x" ] || continue
	n=$(basename "$x" .xml)
	check "import $n" expect_status 0 "$GALLEY" -q -t dump -o "$TMP/$n.dump" "$x"
	check "$n has a body" grep -q '^document' "$TMP/$n.dump"
	check "$n has a title" grep -q '^title:' "$TMP/$n.dump"
done

# the internal-subset entity is expanded, in text and inside markup
"$GALLEY" -t dump -o "$TMP/db4.dump" "$G/docbook/db4-entities.xml" 2>"$TMP/db4.err"
check "db4 entity text" grep -q 'text "Setting galley Up"' "$TMP/db4.dump"
check "db4 entity markup" grep -q 'text "layout"' "$TMP/db4.dump"
check "db4 remark and indexterm dropped" sh -c "! grep -q 'check wording\\|primary' '$TMP/db4.dump'"
check "db4 one unknown-element warning" sh -c "[ \$(grep -c 'unknown-element' '$TMP/db4.err') = 1 ]"
check "db4 warning names the element" grep -q 'db4-entities.xml:[0-9]*:[0-9]*: warning: unknown element <unknownthing>' "$TMP/db4.err"

# --from overrides sniffing; the wrong importer fails cleanly or imports text
check "--from docbook" expect_status 0 "$GALLEY" -q -f docbook -t dump -o "$TMP/f.dump" "$G/docbook/db5-namespace.xml"
check "--from newsml" expect_status 0 "$GALLEY" -q -f newsml -t dump -o "$TMP/n.dump" "$G/nitf/newsml-two-items.xml"
check "newsml two parts" sh -c "[ \$(grep -c '^  part ' '$TMP/n.dump') = 2 ]"
check "--from nitf" expect_status 0 "$GALLEY" -q -f nitf -t dump -o "$TMP/s.dump" "$G/nitf/nitf-story.xml"

# a NewsML-G2 document without items is an error, not a crash
printf '<newsMessage xmlns="http://iptc.org/std/nar/2006-10-01/"><itemSet/></newsMessage>' >"$TMP/empty.xml"
check "newsml without items fails" expect_status 1 "$GALLEY" -q -t dump -o "$TMP/e.dump" "$TMP/empty.xml"

# both outputs from each vocabulary (when the renderers are built)
mkdir -p "$TMP/render"
for x in "$G"/docbook/*.xml "$G"/nitf/*.xml; do
	n=$(basename "$x" .xml)
	check "render $n" expect_status 0 "$GALLEY" -q -o "$TMP/render/" "$x"
done

# orderedlist numeration, startingnumber and continuation; simplelist and
# mark="none" without markers
expect_status 0 "$GALLEY" -q -t pdf -o "$TMP/dbl.pdf" "$G/docbook/lists.xml"
pdftotext "$TMP/dbl.pdf" "$TMP/dbl.txt"
check "docbook list loweralpha" grep -qx 'b\. ketches' "$TMP/dbl.txt"
check "docbook list continuation" grep -qx 'c\. schooners' "$TMP/dbl.txt"
check "docbook list upperalpha startingnumber" grep -qx 'D\. North quay' "$TMP/dbl.txt"
check "docbook list lowerroman startingnumber" grep -qx 'v\. fifth tide' "$TMP/dbl.txt"
check "docbook list upperroman" grep -qx 'I\. Part one' "$TMP/dbl.txt"
check "docbook list restarts" grep -qx '1\. measure' "$TMP/dbl.txt"
check "docbook list mark=none" grep -qx 'no marker here' "$TMP/dbl.txt"
check "docbook simplelist without markers" grep -qx 'green' "$TMP/dbl.txt"
