# XInclude: a modular book converts whole; targets are read only inside
# the input's folder, within the limits; what is not read has its
# fallback stand in, or fails the input naming where and why.
IN=$TMP/in
B=$IN/book
mkdir -p "$B/ch2/sect" "$B/code" "$IN/o"

# ---- a modular DocBook 5 book ----
cat >"$B/book.xml" <<'X'
<?xml version="1.0" encoding="UTF-8"?>
<book xmlns="http://docbook.org/ns/docbook" xmlns:xi="http://www.w3.org/2001/XInclude" version="5.0">
  <info><title>Modular Book</title></info>
  <xi:include href="ch01.xml"/>
  <xi:include href="ch2/ch02.xml"/>
  <chapter><title>Pieces</title>
    <xi:include href="parts.xml" xpointer="piece-two"/>
    <xi:include href="parts.xml" xpointer="element(/1/1)"/>
    <xi:include href="missing.xml"><xi:fallback><para>Golf fallback words.</para></xi:fallback></xi:include>
  </chapter>
</book>
X
cat >"$B/ch01.xml" <<'X'
<?xml version="1.0"?>
<chapter xmlns="http://docbook.org/ns/docbook" xmlns:xi="http://www.w3.org/2001/XInclude">
  <title>First Chapter</title>
  <para>Alpha words from chapter one.</para>
  <programlisting><xi:include parse="text" href="code/hello.c"/></programlisting>
  <programlisting><xi:include parse="text" href="code/latin.txt" encoding="ISO-8859-1"/></programlisting>
</chapter>
X
# a sub-folder's file includes from its own folder
cat >"$B/ch2/ch02.xml" <<'X'
<?xml version="1.0"?>
<chapter xmlns="http://docbook.org/ns/docbook" xmlns:xi="http://www.w3.org/2003/XInclude">
  <title>Second Chapter</title>
  <para>Bravo words from chapter two.</para>
  <xi:include href="sect/s1.xml"/>
</chapter>
X
printf '<section xmlns="http://docbook.org/ns/docbook"><title>Nested</title><para>Charlie words from a section.</para></section>\n' >"$B/ch2/sect/s1.xml"
printf '<sidebar xmlns="http://docbook.org/ns/docbook"><para xml:id="piece-one">Delta piece one.</para><para xml:id="piece-two">Echo piece two.</para></sidebar>\n' >"$B/parts.xml"
printf '#include <stdio.h>\r\nint main(void) { puts("hello, foxtrot"); }\r\n' >"$B/code/hello.c"
printf 'Hotel caf\351\n' >"$B/code/latin.txt"

check "book: converts" expect_status 0 "$GALLEY" -t dump -o - "$B/book.xml"
cp "$TMP/out" "$TMP/book.dump"; cp "$TMP/err" "$TMP/book.err"
for w in "Alpha words from chapter one." "Bravo words from chapter two." \
	 "Charlie words from a section." "Echo piece two." "Delta piece one." \
	 "Golf fallback words." "Hotel café"; do
	check "book: '$w'" grep -qF "text \"$w\"" "$TMP/book.dump"
done
check "book: chapters, then the nested section" \
	sh -c "grep -o 'First Chapter\|Second Chapter\|Nested\|Pieces' '$TMP/book.dump' | head -4 | tr '\n' , | grep -qx 'First Chapter,Second Chapter,Nested,Pieces,'"
check "book: the listing's text, line ends as XML's" \
	grep -qF 'text "#include <stdio.h>\nint main(void) { puts(\"hello, foxtrot\"); }"' "$TMP/book.dump"
check "book: xpointer by id picks that element alone" \
	sh -c "grep -A1 'p id=\"piece-two\"' '$TMP/book.dump' | grep -q 'Echo piece two' && test \$(grep -c 'Echo piece two' '$TMP/book.dump') = 1"
check "book: the fallback's warning, located" \
	grep -q "book.xml:9:5: warning: XInclude is not processed: 'missing.xml' is left out (file not found; its fallback stands in) \[xinclude\]" "$TMP/book.err"
check "book: one warning" test "$(grep -c warning "$TMP/book.err")" = 1
check "book: --strict fails on the fallback" expect_status 1 "$GALLEY" --strict -q -t dump -o - "$B/book.xml"
check "book: PDF and EPUB" expect_status 0 "$GALLEY" -q -o "$IN/o/" "$B/book.xml"
pdftotext "$IN/o/book.pdf" "$TMP/book.txt" 2>/dev/null
unzip -p "$IN/o/book.epub" '*.xhtml' >"$TMP/book.xhtml" 2>/dev/null
for w in "Alpha words" "Bravo words" "Charlie words" "Echo piece two" "hello, foxtrot" "Golf fallback"; do
	check "book PDF: '$w'" grep -qF "$w" "$TMP/book.txt"
	check "book EPUB: '$w'" grep -qF "$w" "$TMP/book.xhtml"
done
check "book EPUB: epubcheck clean" sh -c "$EPUBCHECK '$IN/o/book.epub' >'$TMP/check' 2>&1 && ! grep -q '^WARNING\|^ERROR\|^FATAL' '$TMP/check'"

# ---- any vocabulary: the native one ----
printf '<p>India words included.</p>\n' >"$B/native-part.xml"
cat >"$B/native.xml" <<'X'
<article xmlns:xi="http://www.w3.org/2001/XInclude"><head><title>T</title></head>
<body><p>before</p><xi:include href="native-part.xml"/></body></article>
X
check "native: converts" expect_status 0 "$GALLEY" -t dump -o - "$B/native.xml"
check "native: included" grep -q 'text "India words included."' "$TMP/out"

# ---- what is not read ----
doc() { # doc NAME XINCLUDES: a DocBook article in the book's folder
	printf '<?xml version="1.0"?>\n<article xmlns="http://docbook.org/ns/docbook" xmlns:xi="http://www.w3.org/2001/XInclude"><title>T</title>\n<para>x</para>\n  %s\n</article>\n' "$2" >"$B/$1.xml"
}
doc nofb '<xi:include href="gone.xml"/> <xi:include href="ch2/gone2.xml"/>'
check "missing, no fallback: fails" expect_status 1 "$GALLEY" -q -o "$IN/o/" "$B/nofb.xml"
check "missing: FILE:LINE:COL, the href, why; the other one too" \
	grep -q "nofb.xml:4:3: error: the XInclude of 'gone.xml' is not read, and has no fallback: file not found; nor is 'ch2/gone2.xml' (4:33)" "$TMP/err"
check "missing: no output" test ! -e "$IN/o/nofb.pdf"
echo '<para>secret</para>' >"$IN/outside.xml"
doc climb '<xi:include href="ch2/../../outside.xml"/>'
check "climbing out of the folder: fails" expect_status 1 "$GALLEY" -q -t dump -o - "$B/climb.xml"
check "climbing out: why" grep -q "climb.xml:4:3: error: the XInclude of 'ch2/../../outside.xml' is not read, and has no fallback: '..' may not leave the input's directory" "$TMP/err"
doc sub '<xi:include href="ch2/../parts.xml" xpointer="piece-one"/>'
check "'..' that stays inside: read" expect_status 0 "$GALLEY" -q -t dump -o - "$B/sub.xml"
check "'..' that stays inside: included" grep -q 'Delta piece one' "$TMP/out"
doc abs '<xi:include href="/etc/passwd" parse="text"/>'
check "absolute path: refused" expect_status 1 "$GALLEY" -q -t dump -o - "$B/abs.xml"
check "absolute path: why" grep -q "absolute paths are not allowed" "$TMP/err"
doc url '<xi:include href="http://192.0.2.1/x.xml"/>'
check "URL: refused" expect_status 1 "$GALLEY" -q -t dump -o - "$B/url.xml"
check "URL: why" grep -q "URLs are not read" "$TMP/err"
doc xp '<xi:include href="parts.xml" xpointer="nope"><xi:fallback><para>Juliet stands in.</para></xi:fallback></xi:include>'
check "unknown xpointer: the fallback" expect_status 0 "$GALLEY" -t dump -o - "$B/xp.xml"
check "unknown xpointer: why" grep -q "no element has the id 'nope'" "$TMP/err"
check "unknown xpointer: fallback text" grep -q 'Juliet stands in' "$TMP/out"

# ---- errors in what is read ----
printf '<section><title>Bad</title><para>oops</section>\n' >"$B/bad.xml"
doc perr '<xi:include href="bad.xml"/>'
check "malformed target: fails" expect_status 1 "$GALLEY" -q -t dump -o - "$B/perr.xml"
check "malformed target: its FILE:LINE:COL and the XInclude" \
	grep -q "bad.xml:1:[0-9]*: error: .*(in the file the XInclude at .*perr.xml:4:3 reads)" "$TMP/err"
printf 'caf\351\n' >"$B/code/bad.txt"
doc badtext '<programlisting><xi:include href="code/bad.txt" parse="text"/></programlisting>'
check "text not UTF-8: fails" expect_status 1 "$GALLEY" -q -t dump -o - "$B/badtext.xml"
check "text not UTF-8: names the file and where" grep -q "bad.txt:1:4: error: not UTF-8 text" "$TMP/err"

# ---- cycles and bombs stop ----
doc self '<xi:include href="self.xml"/>'
check "self-include: fails" expect_status 1 timeout 60 "$GALLEY" -q -t dump -o - "$B/self.xml"
check "self-include: why" grep -q "self.xml:4:3: error: the XInclude of 'self.xml' includes .*self.xml, the file it is in" "$TMP/err"
doc cyc '<xi:include href="ch2/cyc2.xml"/>'
printf '<section xmlns:xi="http://www.w3.org/2001/XInclude"><title>C</title><xi:include href="../cyc.xml"/></section>\n' >"$B/ch2/cyc2.xml"
check "cycle: fails" expect_status 1 timeout 60 "$GALLEY" -q -t dump -o - "$B/cyc.xml"
check "cycle: names both" grep -q "cyc2.xml:1:[0-9]*: error: the XInclude of '../cyc.xml' makes a cycle: .*cyc2.xml includes .*cyc.xml" "$TMP/err"
$PYTHON - "$B" <<'PY'
import sys
d = sys.argv[1]
with open(d + '/big.xml', 'w') as f:
    f.write('<section><title>Big</title>\n')
    for i in range(20000):
        f.write('<para>Big paragraph number %d with some words in it.</para>\n' % i)
    f.write('</section>\n')
for name, attrs in (('bomb', ''), ('textbomb', ' parse="text"')):
    with open('%s/%s.xml' % (d, name), 'w') as f:
        f.write('<article xmlns:xi="http://www.w3.org/2001/XInclude"><title>B</title><programlisting>\n')
        f.write(('<xi:include href="big.xml"%s/>\n' % attrs) * 200)
        f.write('</programlisting></article>\n')
PY
check "include bomb: stopped" expect_status 1 timeout 120 "$GALLEY" -q -t dump -o - "$B/bomb.xml"
check "include bomb: by the limits" grep -q "bomb.xml:[0-9]*:[0-9]*: error: the XInclude of 'big.xml' expands to more than the limits allow" "$TMP/err"
check "text include bomb: stopped" expect_status 1 timeout 120 "$GALLEY" -q -t dump -o - "$B/textbomb.xml"
check "text include bomb: by the input-bytes limit" grep -q "more than the input-bytes limit" "$TMP/err"
check "a lower --limit nodes stops a small book" expect_status 1 "$GALLEY" -q --limit nodes=20 -t dump -o - "$B/book.xml"
check "--limit nodes: at the XInclude that passes it" grep -q "xml:[0-9]*:[0-9]*: error: the XInclude of '[^']*' expands to more than the limits allow" "$TMP/err"

# ---- a corpus book whose XInclude targets are not in the corpus ----
C2=$(shared_dir corpus2)
GDP=$C2/docbook/gnome-gdp-handbook-docbook-sect1-db412.xml
check "corpus: GNOME handbook is there" test -f "$GDP"
check "corpus: GNOME handbook fails" expect_status 1 "$GALLEY" -q -o "$IN/o/" "$GDP"
check "corpus: names both missing targets" \
	grep -q "sect1-db412.xml:623:5: error: the XInclude of 'screenshot_procedure.xml' is not read, and has no fallback: file not found; nor is 'callout_procedure.xml' (625:5)" "$TMP/err"
