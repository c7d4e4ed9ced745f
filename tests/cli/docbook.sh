# DocBook, NITF and NewsML-G2 importers: every corpus file of those
# vocabularies imports (exit 0, a non-empty model), --from picks the
# importer, running heads and list markers in the outputs. What the
# importers make of small inputs is in tests/spec.
G=$TOP/tests/golden
corpus_files "$(shared_dir corpus)" docbook nitf
for x in $CORPUS_FILES; do
	n=$(basename "$x" .xml)
	check "import $n" expect_status 0 "$GALLEY" -q -t dump -o "$TMP/$n.dump" "$x"
	check "$n has a body" grep -q '^document' "$TMP/$n.dump"
	check "$n has a title" grep -q '^title:' "$TMP/$n.dump"
done

# titleabbrev is the running head's title; a title too long for one
# line is cut after a word, with an ellipsis
cat >"$TMP/abbrev.xml" <<'XML'
<article xmlns="http://docbook.org/ns/docbook" version="5.0"><info>
<title>Installing and configuring the harbour authority's network of tidal gauges, buoys and weather stations</title>
<titleabbrev>Tidal gauges</titleabbrev></info>
<para>Text.</para><para>More text.</para></article>
XML
sed 's/<titleabbrev>.*<\/titleabbrev>//; s/<para>More text.<\/para>/<pagebreak\/><para>More.<\/para>/' "$TMP/abbrev.xml" >"$TMP/long.xml"
python3 - "$TMP/abbrev.xml" "$TMP/long.xml" <<'PY'
import sys
for path in sys.argv[1:]:
    s = open(path).read()
    body = ''.join('<para>Paragraph %d of the report, long enough to fill the page with '
                   'lines of running text so that the article reaches a second page.</para>' % i
                   for i in range(60))
    open(path, 'w').write(s.replace('<para>Text.</para>', body))
PY
"$GALLEY" -q -t layout -o "$TMP/abbrev.layout" "$TMP/abbrev.xml"
"$GALLEY" -q -t layout -o "$TMP/long.layout" "$TMP/long.xml"
check "running head from titleabbrev" grep -q '"TIDAL GAUGES"' "$TMP/abbrev.layout"
check "long running head cut with an ellipsis" grep -q '"INSTALLING AND CONFIGURING[^"]*…"' "$TMP/long.layout"
check "cut after a whole word" sh -c "! grep -q '[A-Z]-…\|, …\| …' '$TMP/long.layout'"

# --from overrides sniffing; the wrong importer fails cleanly or imports text
check "--from docbook" expect_status 0 "$GALLEY" -q -f docbook -t dump -o "$TMP/f.dump" "$G/docbook/db5-namespace.xml"
check "--from newsml" expect_status 0 "$GALLEY" -q -f newsml -t dump -o "$TMP/n.dump" "$G/nitf/newsml-two-items.xml"
check "--from nitf" expect_status 0 "$GALLEY" -q -f nitf -t dump -o "$TMP/s.dump" "$G/nitf/nitf-story.xml"

# DocBook's divisions as roots are found without --from: a chapter or a
# section in a file of its own, a book (DocBook 4 and 5), any root under
# a DocBook DOCTYPE
mkdir -p "$TMP/roots"
printf '<chapter id="c"><title>Cairo</title><para>Drawing.</para><sect1><title>Coordinates</title><para>Pixels.</para></sect1></chapter>\n' >"$TMP/roots/chapter.xml"
printf '<sect1><title>Basics</title><para>Markup.</para></sect1>\n' >"$TMP/roots/sect1.xml"
printf '<book><bookinfo><title>Guide</title></bookinfo><chapter><title>One</title><para>First.</para></chapter></book>\n' >"$TMP/roots/book4.xml"
printf '<book xmlns="http://docbook.org/ns/docbook" version="5.0"><info><title>Guide</title></info><chapter><title>One</title><para>First.</para></chapter></book>\n' >"$TMP/roots/book5.xml"
printf '<!DOCTYPE glossary PUBLIC "-//OASIS//DTD DocBook XML V4.5//EN" "docbookx.dtd">\n<glossary><title>Terms</title><glossentry><glossterm>Kern</glossterm><glossdef><para>Space.</para></glossdef></glossentry></glossary>\n' >"$TMP/roots/doctype.xml"
for n in chapter sect1 book4 book5 doctype; do
	check "root $n sniffed as DocBook" expect_status 0 "$GALLEY" -q -t dump -o "$TMP/roots/$n.dump" "$TMP/roots/$n.xml"
	check "root $n: a DocBook model" grep -qx 'format docbook' "$TMP/roots/$n.dump"
done
# a man page and its sections are found by name; a root named by a
# common word (set, reference, glossary, bibliography) by a child only
# DocBook puts there, and another vocabulary's root of that name is not
# taken for DocBook
printf '<refentry><refnamediv><refname>ls</refname><refpurpose>list</refpurpose></refnamediv></refentry>\n' >"$TMP/roots/refentry.xml"
printf '<refsect1><title>Options</title><para>None.</para></refsect1>\n' >"$TMP/roots/refsect1.xml"
printf '<reference><title>Commands</title><refentry><refnamediv><refname>cp</refname><refpurpose>copy</refpurpose></refnamediv></refentry></reference>\n' >"$TMP/roots/reference.xml"
printf '<set><title>Works</title><book><title>One</title><chapter><title>A</title><para>x</para></chapter></book></set>\n' >"$TMP/roots/set.xml"
printf '<glossary><title>Terms</title><glossentry><glossterm>Kern</glossterm><glossdef><para>Space.</para></glossdef></glossentry></glossary>\n' >"$TMP/roots/glossary.xml"
printf '<bibliography><title>Sources</title><biblioentry><title>The TeXbook</title></biblioentry></bibliography>\n' >"$TMP/roots/bibliography.xml"
for n in refentry refsect1 reference set glossary bibliography; do
	check "root $n sniffed as DocBook" expect_status 0 "$GALLEY" -q -t dump -o "$TMP/roots/$n.dump" "$TMP/roots/$n.xml"
	check "root $n: a DocBook model" grep -qx 'format docbook' "$TMP/roots/$n.dump"
done
check "a man page's title is its name" grep -qx '    text "ls"' "$TMP/roots/refentry.dump"
printf '<set><option name="a">1</option></set>\n' >"$TMP/roots/settings.xml"
printf '<reference id="r"><title>T</title><refbody><section><p>x</p></section></refbody></reference>\n' >"$TMP/roots/dita.xml"
for n in settings dita; do
	check "root of $n not taken for DocBook" expect_status 1 "$GALLEY" -q -t dump -o "$TMP/roots/$n.dump" "$TMP/roots/$n.xml"
	check "root of $n: unrecognised" grep -q 'unrecognised vocabulary' "$TMP/err"
done
# --from another vocabulary is refused, naming what the root looks like
check "--from jats on DocBook refused" expect_status 1 "$GALLEY" -q -f jats -t dump -o "$TMP/w.dump" "$TMP/roots/book5.xml"
check "the refusal names the vocabulary" grep -q 'looks like DocBook (try --from docbook' "$TMP/err"
check "--from docbook on JATS refused" expect_status 1 "$GALLEY" -q -f docbook -o "$TMP/w/" "$G/jats/body.xml"
check "no output when refused" test ! -e "$TMP/w/body.pdf"

# link addresses: one normalised address, the same in the EPUB's href and
# the PDF's link; the EPUB stays valid with brackets, spaces and a DOI
mkdir -p "$TMP/links"
cat >"$TMP/links/links.xml" <<'XML'
<article xmlns="http://docbook.org/ns/docbook" xmlns:xlink="http://www.w3.org/1999/xlink" version="5.0"><title>Links</title>
<para><link xlink:href="doi:10.1000/abc[2] x">a DOI</link> and <link xlink:href="http://[2001:db8::1]/p[1]">a host</link>.</para></article>
XML
"$GALLEY" -q -o "$TMP/links/" "$TMP/links/links.xml"
"$GALLEY" -q -t layout -o "$TMP/links/links.layout" "$TMP/links/links.xml"
check "DOI link in the PDF" grep -q 'link=https://doi.org/10.1000/abc%5B2%5D%20x' "$TMP/links/links.layout"
check "bracketed path in the PDF" grep -q 'link=http://\[2001:db8::1\]/p%5B1%5D' "$TMP/links/links.layout"
check "DOI link in the EPUB" sh -c "unzip -p '$TMP/links/links.epub' OEBPS/text.xhtml | grep -q 'href=\"https://doi.org/10.1000/abc%5B2%5D%20x\"'"
check "bracketed path in the EPUB" sh -c "unzip -p '$TMP/links/links.epub' OEBPS/text.xhtml | grep -q 'href=\"http://\[2001:db8::1\]/p%5B1%5D\"'"
check "epubcheck: encoded links are valid" sh -c "$EPUBCHECK '$TMP/links/links.epub' 2>&1 | grep -q '0 errors / 0 warnings'"

# a man page in both outputs: its name as the title, "Name" reading
# "name — purpose", the synopses with their brackets, bars, ellipses and
# parentheses and none of the source's indentation, and no warnings
mkdir -p "$TMP/man"
cat >"$TMP/man/tar.xml" <<'XML'
<!DOCTYPE refentry PUBLIC "-//OASIS//DTD DocBook XML V4.5//EN" "http://www.oasis-open.org/docbook/xml/4.5/docbookx.dtd">
<refentry>
  <refmeta><refentrytitle>tar</refentrytitle><manvolnum>1</manvolnum></refmeta>
  <refnamediv><refname>tar</refname><refpurpose>an archiving utility</refpurpose></refnamediv>
  <refsynopsisdiv>
    <cmdsynopsis>
      <command>tar</command>
      <group choice="req">
        <arg choice="plain">-c</arg>
        <arg choice="plain">-x</arg>
      </group>
      <arg>-f <replaceable>archive</replaceable></arg>
      <arg rep="repeat"><replaceable>file</replaceable></arg>
    </cmdsynopsis>
    <funcsynopsis>
      <funcprototype>
        <funcdef>int <function>max</function></funcdef>
        <paramdef>int <parameter>a</parameter></paramdef>
        <paramdef>int <parameter>b</parameter></paramdef>
      </funcprototype>
    </funcsynopsis>
  </refsynopsisdiv>
  <refsect1><title>Description</title><para>Stores files.</para></refsect1>
</refentry>
XML
check "man page converts without warnings" expect_status 0 "$GALLEY" -o "$TMP/man/" "$TMP/man/tar.xml"
check "man page: no warnings" test ! -s "$TMP/err"
pdftotext -layout "$TMP/man/tar.pdf" "$TMP/man/tar.txt"
unzip -p "$TMP/man/tar.epub" OEBPS/text.xhtml | sed 's/<[^>]*>//g' >"$TMP/man/tar.html.txt"
for f in tar.txt tar.html.txt; do
	check "man page $f: title" grep -q 'tar(1)' "$TMP/man/$f"
	check "man page $f: name line" grep -q 'tar — an archiving utility' "$TMP/man/$f"
	check "man page $f: command synopsis" grep -q 'tar {-c | -x} \[-f archive\] \[file\.\.\.\]' "$TMP/man/$f"
	check "man page $f: prototype" grep -q 'int max(int a, int b);' "$TMP/man/$f"
done
check "man page: synopsis heading" grep -qx 'Synopsis' "$TMP/man/tar.html.txt"
check "epubcheck: man page" sh -c "$EPUBCHECK '$TMP/man/tar.epub' 2>&1 | grep -q '0 errors / 0 warnings'"

# a cross-reference says its endterm's text or its target's xreflabel,
# in both outputs, and still links
cat >"$TMP/man/xref.xml" <<'XML'
<book><title>B</title>
<chapter id="c1"><title>One</title><para>See <xref linkend="c2"/> and <xref linkend="c3" endterm="c3short"/>.</para></chapter>
<chapter id="c2" xreflabel="Chapter the Second"><title>The Second</title><para>x</para></chapter>
<chapter id="c3"><title>The Third</title><titleabbrev id="c3short">Chapter 3</titleabbrev><para>y</para></chapter>
</book>
XML
check "xref labels convert" expect_status 0 "$GALLEY" -q -o "$TMP/man/" "$TMP/man/xref.xml"
check "xreflabel and endterm in the PDF" sh -c "pdftotext '$TMP/man/xref.pdf' - | tr '\n' ' ' | grep -q 'See Chapter the Second and Chapter 3\.'"
check "xreflabel and endterm in the EPUB" sh -c "unzip -p '$TMP/man/xref.epub' OEBPS/text.xhtml | sed 's/<[^>]*>//g' | grep -q 'See Chapter the Second and Chapter 3\.'"
check "the xreflabel links to its target" sh -c "unzip -p '$TMP/man/xref.epub' OEBPS/text.xhtml | grep -q 'href=\"#c2\">Chapter the Second<'"

# a line break between Japanese characters is no space, in both outputs
mkdir -p "$TMP/cjk"
printf '<article lang="ja"><title>天気</title><para>日本語の\n文章です。\n次の文。</para></article>\n' >"$TMP/cjk/ja.xml"
"$GALLEY" -q -o "$TMP/cjk/" "$TMP/cjk/ja.xml"
check "CJK line break: no space in the PDF" sh -c "pdftotext '$TMP/cjk/ja.pdf' - | grep -q '日本語の文章です。次の文。'"
check "CJK line break: no space in the EPUB" sh -c "unzip -p '$TMP/cjk/ja.epub' OEBPS/text.xhtml | grep -q '日本語の文章です。次の文。'"

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
