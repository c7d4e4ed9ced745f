# Styles, paper sizes and the man page, through the command line.
S="$TOP/tests/data/styles"
A="$TOP/samples/harbour-lights.xml"

check "style error: conversion refused" sh -c "! '$GALLEY' -q -t pdf -o '$TMP/x.pdf' --style '$S/unknown_key.ini' '$A' 2>'$TMP/err'"
check "style error: FILE:LINE and the key" grep -q "unknown_key.ini:6:.*unknown key 'foo' in \[body\]" "$TMP/err"
check "style error: no output" test ! -e "$TMP/x.pdf"
"$GALLEY" -q -t pdf -o "$TMP/x.pdf" --style "$S/bad_value.ini" "$A" 2>"$TMP/bad.err"
check "bad value names the value" grep -q "bad_value.ini:4:.*bad value 'big' for 'font-size' in \[h2\]" "$TMP/bad.err"
check "unknown style name" sh -c "! '$GALLEY' -q -t pdf -o '$TMP/x.pdf' --style no-such-style '$A'"
check "--style magazine" expect_status 0 "$GALLEY" -q -t pdf,epub -o "$TMP/mag/" --style magazine "$A"
check "--style by path" expect_status 0 "$GALLEY" -q -t pdf -o "$TMP/child.pdf" --style "$S/child.ini" "$A"
check "--paper 6x9in" expect_status 0 "$GALLEY" -q -t pdf -o "$TMP/p.pdf" --paper 6x9in "$A"
check "--paper 6x9in: page size" sh -c "pdfinfo '$TMP/p.pdf' | grep -q 'Page size: *432 x 648 pts'"
check "--paper letter: page size" sh -c "'$GALLEY' -q -t pdf -o '$TMP/l.pdf' --paper letter '$A' && pdfinfo '$TMP/l.pdf' | grep -q 'Page size: *612 x 792 pts'"
check "default A4: page size" sh -c "'$GALLEY' -q -t pdf -o '$TMP/a.pdf' '$A' && pdfinfo '$TMP/a.pdf' | grep -q 'Page size: *595.2[0-9]* x 841.8[0-9]* pts'"
check "--paper with no unit is a usage error" expect_status 2 "$GALLEY" -q -t pdf -o "$TMP/q.pdf" --paper 600x800 "$A"
check "--paper unknown is a usage error" expect_status 2 "$GALLEY" -q -t pdf -o "$TMP/q.pdf" --paper a9 "$A"
check "man page: groff finds nothing to warn about" sh -c "[ -z \"\$(groff -man -ww -z '$TOP/galley.1' 2>&1)\" ]"
check "man page: names every long option of --help" sh -c "
	'$GALLEY' --help 2>&1 | grep -o -- '--[a-z][a-z-]*' | sort -u | while read o; do
		grep -q -- \"\$(printf '%s' \"\$o\" | sed 's/-/\\\\\\\\-/g')\" '$TOP/galley.1' || { echo missing \$o; exit 1; }
	done"
# a family galley lacks: one warning at its line, and both outputs set
# and name the family used instead
printf '[style]\ninherit = brief\n[body]\nfont-family = Times New Roman\n' >"$TMP/tnr.ini"
check "missing family: converted" expect_status 0 "$GALLEY" -t pdf,epub -o "$TMP/tnr/" --style "$TMP/tnr.ini" "$A"
"$GALLEY" -t epub -o "$TMP/tnr2.epub" --style "$TMP/tnr.ini" "$A" 2>"$TMP/tnr.err"
check "missing family: a warning at its line" grep -q "tnr.ini:4: warning: \[body\] font-family: galley has no 'Times New Roman'; the text is set in Charis SIL \[font-not-found\]" "$TMP/tnr.err"
check "missing family: warned once" test "$(grep -c font-not-found "$TMP/tnr.err")" = 1
check "missing family: the EPUB names the family used" sh -c "unzip -p '$TMP/tnr/harbour-lights.epub' OEBPS/style.css | grep -q '\"Charis SIL\"' && ! unzip -p '$TMP/tnr/harbour-lights.epub' OEBPS/style.css | grep -q 'Times'"
check "missing family: the PDF is set in it" sh -c "pdffonts '$TMP/tnr/harbour-lights.pdf' | grep -q CharisSIL"
check "missing family: an error under --strict" expect_status 2 "$GALLEY" -q --strict -t epub -o "$TMP/tnr3.epub" --style "$TMP/tnr.ini" "$A"
check "missing family under --strict: no output" test ! -e "$TMP/tnr3.epub"
# the cascade: a body in another family and size carries them to the
# parts in its voice (the italic subtitle and pull quote here), not to
# the others (headings stay Noto Sans)
printf '[style]\ninherit = brief\n[body]\nfont-family = Noto Serif\nfont-size = 12pt\n' >"$TMP/serif.ini"
check "cascade: converted" expect_status 0 "$GALLEY" -q -t pdf -o "$TMP/serif.pdf" --style "$TMP/serif.ini" "$A"
pdffonts "$TMP/serif.pdf" >"$TMP/serif.fonts" 2>&1
check "cascade: the subtitle and pull quote follow the body's family" sh -c \
	"grep -q NotoSerif-Italic '$TMP/serif.fonts' && ! grep -q CharisSIL-Italic '$TMP/serif.fonts'"
check "cascade: headings keep theirs" grep -q NotoSans-Bold "$TMP/serif.fonts"
