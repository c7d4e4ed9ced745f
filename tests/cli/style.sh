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
