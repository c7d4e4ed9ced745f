#!/bin/sh
# Golden tests on stable intermediates, never raw bytes:
#  - tests/golden/**/NAME.xml  -> NAME.dump   (the model dump)
#  - samples/NAME.xml          -> tests/golden/samples/NAME.dump, NAME.epub.txt
#    (every text entry of the EPUB), NAME.pdf.txt (pdftotext) and
#    NAME.layout (the PDF layout trace)
# GOLDEN_UPDATE=1 rewrites the expected files; review the diff.
# Prints "ok NAME" / "FAIL NAME" lines for tests/run.sh.
TOP=${TOP:-$(cd "$(dirname "$0")/.." && pwd)}
GALLEY=${GALLEY:-$TOP/build/galley}
TMP=${TMP:-$(mktemp -d)}
export SOURCE_DATE_EPOCH=1700000000 TZ=UTC

compare() { # NAME EXPECTED ACTUAL
	if [ -n "${GOLDEN_UPDATE:-}" ]; then
		cp "$3" "$2"; echo "ok $1 (updated)"
	elif [ ! -f "$2" ]; then
		echo "FAIL $1: no expected file $2 (make golden-update)"
	elif cmp -s "$2" "$3"; then
		echo "ok $1"
	else
		echo "FAIL $1"; diff -u "$2" "$3" | head -40 >&2
	fi
}

find "$TOP/tests/golden" -name '*.xml' | sort | while read -r x; do
	name=${x#"$TOP/tests/golden/"}
	exp=${x%.xml}.dump
	"$GALLEY" -q -t dump -o - "$x" >"$TMP/g.dump" 2>"$TMP/g.err"
	compare "golden $name" "$exp" "$TMP/g.dump"
done

for x in "$TOP"/samples/*.xml; do
	n=$(basename "$x" .xml)
	g=$TOP/tests/golden/samples/$n
	"$GALLEY" -q -t dump -o - "$x" >"$TMP/s.dump" 2>/dev/null
	compare "golden $n.dump" "$g.dump" "$TMP/s.dump"
	rm -rf "$TMP/s"; mkdir -p "$TMP/s"
	if "$GALLEY" -q -o "$TMP/s/" "$x" 2>/dev/null && [ -f "$TMP/s/$n.epub" ]; then
		(cd "$TMP/s" && mkdir e && cd e && unzip -q "../$n.epub" && \
		 find . -type f \( -name '*.xhtml' -o -name '*.opf' -o -name '*.ncx' -o -name '*.css' -o -name '*.xml' -o -name mimetype \) \
		 | sort | while read -r f; do echo "=== $f"; cat "$f"; echo; done) >"$TMP/s.epub.txt"
		compare "golden $n.epub.txt" "$g.epub.txt" "$TMP/s.epub.txt"
		pdftotext -enc UTF-8 "$TMP/s/$n.pdf" "$TMP/s.pdf.txt" 2>/dev/null
		compare "golden $n.pdf.txt" "$g.pdf.txt" "$TMP/s.pdf.txt"
		"$GALLEY" -q -t layout -o - "$x" >"$TMP/s.layout" 2>/dev/null
		compare "golden $n.layout" "$g.layout" "$TMP/s.layout"
	else
		echo "FAIL golden $n: conversion failed"
	fi
done
exit 0
